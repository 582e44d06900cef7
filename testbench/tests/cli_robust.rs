//! `nicsim replay` at its edges: long gaps, armed timers, output files that
//! cannot be written or collide, signals, out-of-range options and odd
//! capture records. Each test here failed on the replay before streaming
//! (see the "Replay that never hangs" issue).

mod cli_common;

use cli_common::{nicsim, pcap_image, s, stderr, TempDir};
use nicsim_testbench::pcap::read_pcap;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A TCP/IPv4 frame of `len` bytes (valid headers, payload `fill`).
fn frame(len: usize, fill: u8) -> Vec<u8> {
    let mut f = vec![fill; len];
    f[..12].copy_from_slice(&[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
    f[12..14].copy_from_slice(&[0x08, 0x00]);
    f[14] = 0x45;
    let ip_len = (len - 14) as u16;
    f[16..18].copy_from_slice(&ip_len.to_be_bytes());
    f[22] = 64;
    f[23] = 6;
    f[26..30].copy_from_slice(&[10, 0, 0, 1]);
    f[30..34].copy_from_slice(&[10, 0, 0, 2]);
    f[34..36].copy_from_slice(&1234u16.to_be_bytes());
    f[36..38].copy_from_slice(&80u16.to_be_bytes());
    f
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn stats(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Files in `dir` besides `keep`.
fn others(dir: &Path, keep: &[&Path]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !keep.contains(&p.as_path()))
        .map(|p| p.display().to_string())
        .collect()
}

/// Sends SIGINT to a running nicsim and waits: its exit code and stderr.
fn interrupt(child: &mut std::process::Child) -> (Option<i32>, String) {
    let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    let mut err = String::new();
    for l in BufReader::new(child.stderr.take().unwrap()).lines() {
        err.push_str(&l.unwrap());
        err.push('\n');
    }
    (child.wait().unwrap().code(), err)
}

const YEAR_S: u32 = 365 * 86_400;

/// A 50-year gap replays without stepping through it: both frames are
/// delivered, the run skips all but a sliver of the cycles, and the rx
/// pcap stamps the second frame 50 years after the first (it was 213-day
/// clamped, or wrapped, before).
#[test]
fn fifty_year_gap_rx() {
    let dir = TempDir::new("gap-rx");
    let t0 = 1_000_000_000u32;
    let cap =
        write(&dir, "gap.pcap", &pcap_image(&[(t0, 0, frame(100, 1), 100), (t0 + 50 * YEAR_S, 0, frame(100, 2), 100)]));
    let (st, rx) = (dir.join("s.json"), dir.join("rx.pcap"));
    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--rx-pcap", s(&rx), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = stats(&st);
    assert_eq!(n(&v["delivered"]), 2);
    let (skipped, cycles) = (n(&v["skipped_cycles"]), n(&v["cycles"]));
    assert!(skipped > cycles - cycles / 1000, "the gap was stepped through: {v}");
    assert_eq!(n(&v["longest_gap_ns"]), 50 * YEAR_S as u64 * 1_000_000_000);
    let got = read_pcap(&rx).unwrap();
    let base = t0 as u64 * 1_000_000_000;
    let fifty = 50 * YEAR_S as u64 * 1_000_000_000;
    assert!(got[0].ts_ns >= base && got[0].ts_ns - base < 1_000_000, "first stamp {}", got[0].ts_ns);
    let late = got[1].ts_ns - base;
    assert!(late >= fifty && late - fifty < 1_000_000, "second frame stamped {late} ns after the start");
    assert!(stderr(&o).contains("longer than 1 s"), "{}", stderr(&o));

    // --max-gap shortens it: now the second frame is 10 ms after the first.
    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--max-gap", "10ms", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = stats(&st);
    assert_eq!(n(&v["delivered"]), 2);
    assert!(n(&v["sim_ns"]) < 20_000_000, "{v}");
}

/// The same on transmit: the 50-year gap survives as a 50-year gap on the wire.
#[test]
fn fifty_year_gap_tx() {
    let dir = TempDir::new("gap-tx");
    let t0 = 1_000_000_000u32;
    let cap =
        write(&dir, "gap.pcap", &pcap_image(&[(t0, 0, frame(100, 1), 100), (t0 + 50 * YEAR_S, 0, frame(100, 2), 100)]));
    let (st, wire) = (dir.join("s.json"), dir.join("wire.pcap"));
    let o = nicsim(&["replay", "--tx", s(&cap), "--stats", s(&st), "--tx-pcap", s(&wire), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = stats(&st);
    assert_eq!(n(&v["tx_packets"]), 2, "{v}");
    let got = read_pcap(&wire).unwrap();
    let base = t0 as u64 * 1_000_000_000;
    let fifty = 50 * YEAR_S as u64 * 1_000_000_000;
    let late = got[1].ts_ns - base;
    assert!(late >= fifty && late - fifty < 1_000_000, "second frame left {late} ns after the start");
}

/// A sparse capture with the longest moderation delay: the armed timer no
/// longer stops the idle skipping.
#[test]
fn armed_timer_is_skipped() {
    let dir = TempDir::new("timer");
    let recs: Vec<_> = (0..20u32).map(|i| (1_000 + i / 100, (i % 100) * 10_000, frame(200, i as u8), 200)).collect();
    let cap = write(&dir, "sparse.pcap", &pcap_image(&recs));
    let st = dir.join("s.json");
    for usecs in ["10", "10000", "3"] {
        let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--rx-usecs", usecs, "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v = stats(&st);
        assert_eq!(n(&v["delivered"]), 20);
        let (skipped, cycles) = (n(&v["skipped_cycles"]), n(&v["cycles"]));
        assert!(skipped * 100 > cycles * 98, "rx-usecs {usecs}: only {skipped} of {cycles} cycles skipped");
    }
}

#[test]
fn outputs_checked_before_the_run() {
    let dir = TempDir::new("outputs");
    let cap = write(&dir, "in.pcap", &pcap_image(&[(1, 0, frame(100, 1), 100)]));
    let st = dir.join("s.json");
    // An unwritable --log: refused before anything runs, and --stats is not written either.
    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--log", s(&dir.join("no/such/dir/log.jsonl"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--log") && stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert_eq!(others(&dir, &[&cap]), Vec::<String>::new(), "files left behind");
    // The same file twice, however spelled.
    let alias = dir.join(".").join("s.json");
    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--rx-pcap", s(&alias)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("both write"), "{}", stderr(&o));
    // An output that is the input.
    let o = nicsim(&["replay", s(&cap), "--rx-pcap", s(&cap)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("also an input"), "{}", stderr(&o));
    assert_eq!(others(&dir, &[&cap]), Vec::<String>::new(), "files left behind");
    // --trace with the model engine writes nothing, so it is refused.
    let o = nicsim(&["replay", s(&cap), "--trace", s(&dir.join("t.fst"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--engine rtl"), "{}", stderr(&o));
}

/// A capture that turns out bad mid-stream (from stdin, so nothing reads it
/// ahead): an error, and no output file at all.
#[test]
fn failed_run_leaves_no_files() {
    let dir = TempDir::new("failed");
    let mut img = pcap_image(&[(1, 0, frame(100, 1), 100), (1, 10, frame(100, 2), 100)]);
    img.truncate(img.len() - 30);
    let (st, log) = (dir.join("s.json"), dir.join("log.jsonl"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_nicsim"))
        .args(["replay", "-", "--stats", s(&st), "--log", s(&log)])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&img).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("truncated record 1") && e.contains("no output files were written"), "{e}");
    assert_eq!(others(&dir, &[]), Vec::<String>::new(), "files left behind");
}

/// A gzipped capture arriving on stdin a byte at a time is still seen as gzip.
#[test]
fn gzip_from_stdin_in_pieces() {
    let dir = TempDir::new("gzip");
    let recs: Vec<_> = (0..10u32).map(|i| (1, i, frame(80, i as u8), 80)).collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&pcap_image(&recs)).unwrap();
    let gz = gz.finish().unwrap();
    let st = dir.join("s.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nicsim"))
        .args(["replay", "-", "--stats", s(&st), "-q"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    for b in &gz {
        input.write_all(std::slice::from_ref(b)).unwrap();
        input.flush().unwrap();
    }
    drop(input);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(n(&stats(&st)["delivered"]), 10);
}

#[test]
fn numeric_options_have_ranges() {
    for (flag, value) in [
        ("--host-jitter-pct", "101"),
        ("--mem-latency-ns", "17179869184"),
        ("--irq-latency-ns", "18446744073709551615"),
        ("--mmio-latency-ns", "10000000"),
        ("--txqueuelen", "0"),
        ("--weight", "0"),
    ] {
        let o = nicsim(&["replay", "x.pcap", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value} was accepted");
        let e = stderr(&o);
        assert!(e.contains(flag) && e.contains(value), "{flag} {value}: {e}");
    }
    let o = nicsim(&["replay", "x.pcap", "--max-gap", "10"]);
    assert!(stderr(&o).contains("no unit"), "{}", stderr(&o));
}

/// Snap-truncated, empty and over-long records are counted and said, never silent.
#[test]
fn odd_records_are_counted() {
    let dir = TempDir::new("records");
    let cap = write(
        &dir,
        "odd.pcap",
        &pcap_image(&[
            (1, 0, frame(100, 1), 100),
            (1, 10, frame(100, 2)[..64].to_vec(), 100), // snap-truncated
            (1, 20, Vec::new(), 0),                     // empty
            (1, 30, frame(100, 3), 90),                 // caplen > length
        ]),
    );
    let (st, log) = (dir.join("s.json"), dir.join("log.jsonl"));
    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--log", s(&log), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("1 snap-truncated") && e.contains("1 empty") && e.contains("caplen > original"), "{e}");
    let v = stats(&st);
    assert_eq!(v["capture"]["records"], 4);
    assert_eq!((n(&v["capture"]["snap_truncated"]), n(&v["capture"]["empty"])), (1, 1));
    assert_eq!(n(&v["capture"]["caplen_over_len"]), 1);
    assert_eq!(n(&v["offered"]), 3, "the empty record is not a frame");
    let lens: Vec<u64> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| n(&serde_json::from_str::<Value>(l).unwrap()["len"]))
        .collect();
    assert_eq!(lens, vec![100, 100, 100], "the snapped record is replayed at its original length");

    let o = nicsim(&["replay", s(&cap), "--stats", s(&st), "--snapped", "drop", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = stats(&st);
    assert_eq!((n(&v["offered"]), n(&v["capture"]["snap_dropped"])), (2, 1));
}

#[test]
fn tx_frames_have_log_lines() {
    let dir = TempDir::new("txlog");
    let recs: Vec<_> = (0..5u32).map(|i| (1, i, frame(120, i as u8), 120)).collect();
    let cap = write(&dir, "tx.pcap", &pcap_image(&recs));
    let log = dir.join("log.jsonl");
    let o = nicsim(&["replay", "--tx", s(&cap), "--log", s(&log), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<Value> =
        std::fs::read_to_string(&log).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    let mut idx: Vec<u64> = lines.iter().map(|l| n(&l["tx_frame"])).collect();
    idx.sort_unstable();
    assert_eq!(idx, vec![0, 1, 2, 3, 4]);
    assert!(lines.iter().all(|l| l["sent"] == true && l["reclaimed"] == true && l["wire_ns"].is_u64()));
}

/// `nicsim ... | head -1`: the reader goes away; nicsim ends quietly (no panic).
#[test]
fn closed_stdout_is_quiet() {
    let dir = TempDir::new("pipe");
    let cap = write(&dir, "in.pcap", &pcap_image(&[(1, 0, frame(100, 1), 100)]));
    let gen_out = dir.join("g.pcap");
    for args in [
        vec!["replay", s(&cap)],
        vec!["rss", "--src", "10.0.0.1", "--dst", "10.0.0.2"],
        vec!["gen", "-o", s(&gen_out), "--count", "10"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nicsim"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let e = stderr(&o);
        assert!(!e.contains("panicked") && !e.contains("error"), "{args:?}: {e}");
        assert_ne!(o.status.code(), Some(101), "{args:?}");
    }
}

/// SIGINT stops the run where it is: exit 130, every output complete and
/// readable, the stats marked interrupted.
#[test]
fn sigint_finishes_outputs() {
    let dir = TempDir::new("sigint");
    let (st, rx, log) = (dir.join("s.json"), dir.join("rx.pcap"), dir.join("log.jsonl"));
    // Long enough to still be running a second in; doubled if the machine was faster.
    for count in ["200000", "800000", "3200000"] {
        let cap = dir.join("in.pcap");
        let o = nicsim(&["gen", "-o", s(&cap), "--count", count, "--sizes", "60", "--rate", "10G"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut child = Command::new(env!("CARGO_BIN_EXE_nicsim"))
            .args(["replay", s(&cap), "--stats", s(&st), "--rx-pcap", s(&rx), "--log", s(&log), "-q"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the run has started (its temporary outputs exist), then a moment more.
        let t = Instant::now();
        while others(&dir, &[&cap]).len() < 3 && t.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(1500));
        let (code, err) = interrupt(&mut child);
        if code == Some(0) {
            continue; // finished before the signal: try a longer run
        }
        assert_eq!(code, Some(130), "{err}");
        assert!(err.contains("interrupted at cycle"), "{err}");
        let v = stats(&st);
        assert_eq!(v["interrupted"], true);
        let delivered = n(&v["delivered"]);
        assert!(delivered > 0 && (delivered as usize) < count.parse::<usize>().unwrap(), "{v}");
        assert_eq!(read_pcap(&rx).unwrap().len() as u64, delivered, "rx pcap complete up to the stop");
        let lines = std::fs::read_to_string(&log).unwrap().lines().count() as u64;
        assert_eq!(lines, n(&v["offered"]), "one log line per frame offered before the stop");
        assert_eq!(others(&dir, &[&cap, &st, &rx, &log]), Vec::<String>::new(), "temporary files left");
        return;
    }
    panic!("every run finished before SIGINT");
}

/// Memory is bounded by what is in flight: ten times the frames, about the same peak.
#[test]
fn memory_does_not_grow_with_the_capture() {
    let dir = TempDir::new("memory");
    let mut peaks = Vec::new();
    for count in ["20000", "200000"] {
        let cap = dir.join(format!("in{count}.pcap"));
        let o = nicsim(&["gen", "-o", s(&cap), "--count", count, "--rate", "10G"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let (st, rx) = (dir.join("s.json"), dir.join("rx.pcap"));
        let o = nicsim(&["replay", s(&cap), "--tx", s(&cap), "--stats", s(&st), "--rx-pcap", s(&rx), "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        peaks.push(n(&stats(&st)["peak_rss_kb"]));
    }
    // 180k more IMIX frames are ~70 MB of capture, twice (RX and TX).
    assert!(peaks[1] < peaks[0] + 20_000, "peak RSS grew from {} kB to {} kB", peaks[0], peaks[1]);
}

/// A record stamped 0 (or decades off) among ordinary ones: no hang, every
/// frame delivered (the epoch-0 frame goes right after the one before it).
#[test]
fn zero_timestamp_record() {
    let dir = TempDir::new("zero-ts");
    let t0 = 1_500_000_000u32;
    let st = dir.join("s.json");
    for recs in [
        vec![(t0, 0, frame(100, 1), 100), (0, 0, frame(100, 2), 100), (t0, 10, frame(100, 3), 100)],
        vec![(0, 0, frame(100, 1), 100), (t0, 0, frame(100, 2), 100), (t0, 10, frame(100, 3), 100)],
    ] {
        let cap = write(&dir, "z.pcap", &pcap_image(&recs));
        let o = nicsim(&["replay", s(&cap), "--tx", s(&cap), "--stats", s(&st), "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v = stats(&st);
        assert_eq!((n(&v["delivered"]), n(&v["tx_packets"])), (3, 3), "{v}");
    }
}

/// Ctrl-C during an RTL run with a whole-run trace: the FST is closed
/// properly (the writer's own temporary files are gone) and kept.
#[test]
fn sigint_closes_the_rtl_trace() {
    let dir = TempDir::new("sigint-rtl");
    let cap = dir.join("in.pcap");
    let o = nicsim(&["gen", "-o", s(&cap), "--count", "20000", "--rate", "10G"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let one = write(&dir, "one.pcap", &pcap_image(&[(1, 0, frame(100, 1), 100)]));
    let probe = nicsim(&["replay", s(&one), "--engine", "rtl", "-q"]);
    if probe.status.code() == Some(2) {
        println!("skipping: this nicsim has no RTL engine (build with --features nicsim-testbench/rtl)");
        return;
    }
    let (st, trace) = (dir.join("s.json"), dir.join("t.fst"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_nicsim"))
        .args(["replay", s(&cap), "--engine", "rtl", "--trace", s(&trace), "--stats", s(&st), "-q"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let (code, err) = interrupt(&mut child);
    assert!(code == Some(130) || code == Some(0), "{code:?}: {err}");
    assert!(std::fs::metadata(&trace).unwrap().len() > 0, "empty trace");
    if code == Some(130) {
        assert_eq!(stats(&st)["interrupted"], true);
    }
    assert_eq!(others(&dir, &[&cap, &one, &st, &trace]), Vec::<String>::new(), "temporary files left");
}

/// `nicsim bench throughput` measures and writes its JSON and SVG.
#[test]
fn throughput_bench_writes_its_reports() {
    let dir = TempDir::new("throughput");
    let (json, svg) = (dir.join("t.json"), dir.join("t.svg"));
    let o = nicsim(&[
        "bench",
        "throughput",
        "--dirs",
        "rx",
        "--sizes",
        "60,1514",
        "--queues",
        "1,16",
        "--mem-latency-ns",
        "500",
        "--frames",
        "1000",
        "--no-default-host",
        "--json",
        s(&json),
        "--svg",
        s(&svg),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let pts = v["points"].as_array().unwrap();
    assert_eq!(pts.len(), 4);
    // Full-size frames reach line rate on one queue; the line-rate figure for 60 bytes is 14.88 Mpps.
    let p1514 = pts.iter().find(|p| p["size"] == 1514 && p["queues"] == 1).unwrap();
    assert_eq!(p1514["line_rate"], true, "{p1514}");
    let p60 = pts.iter().find(|p| p["size"] == 60).unwrap();
    assert!((p60["line_mpps"].as_f64().unwrap() - 14.881).abs() < 0.001);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("<svg") && svg.contains("line rate"));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("points at line rate"), "{table}");
}
