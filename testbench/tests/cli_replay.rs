//! `nicsim gen` + `nicsim replay` end to end: the log, stats and rx pcap
//! agree with each other and with the offered capture, runs are
//! reproducible, and every timing mode works.

use nicsim_testbench::pcap::{read_pcap, write_pcap};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod cli_common;
use cli_common::*;

fn gen(dir: &Path, count: usize, extra: &[&str]) -> PathBuf {
    let p = dir.join("in.pcap");
    let n = count.to_string();
    let mut args = vec!["gen", "-o", s(&p), "--count", &n, "--seed", "7"];
    args.extend_from_slice(extra);
    let o = nicsim(&args);
    assert!(o.status.success(), "gen: {}", stderr(&o));
    p
}

struct Outputs {
    log: PathBuf,
    stats: PathBuf,
    rx: PathBuf,
}

fn replay(dir: &Path, input: &Path, tag: &str, extra: &[&str]) -> Outputs {
    let out = Outputs {
        log: dir.join(format!("{tag}.jsonl")),
        stats: dir.join(format!("{tag}.json")),
        rx: dir.join(format!("{tag}.rx.pcap")),
    };
    let mut args =
        vec!["replay", s(input), "--quiet", "--log", s(&out.log), "--stats", s(&out.stats), "--rx-pcap", s(&out.rx)];
    args.extend_from_slice(extra);
    let o = nicsim(&args);
    assert_eq!(o.status.code(), Some(0), "replay {extra:?}: {}", stderr(&o));
    out
}

const LOG_KEYS: [&str; 8] = ["frame", "len", "delivered", "drop", "queue", "hash", "hash_type", "rx_ns"];

/// Checks everything the three outputs promise about each other.
fn check_consistent(input: &Path, out: &Outputs) -> Value {
    let offered = read_pcap(input).unwrap();
    let stats: Value = serde_json::from_str(&std::fs::read_to_string(&out.stats).unwrap()).unwrap();
    for k in [
        "offered",
        "delivered",
        "dropped",
        "queues",
        "irqs",
        "napi_polls",
        "time_squeeze",
        "softnet",
        "sim_ns",
        "cycles",
        "skipped_cycles",
        "wall_s",
        "mcycles_per_s",
        "stranded",
        "corrupt",
        "ethtool",
        "engine",
        "seed",
        "options",
    ] {
        assert!(stats.get(k).is_some(), "stats lacks {k}");
    }
    for k in ["oversize", "no_desc", "fifo_full", "mac_error"] {
        assert!(stats["dropped"][k].is_u64(), "dropped.{k}");
    }
    for k in ["processed", "dropped", "time_squeeze"] {
        assert!(stats["softnet"][k].is_u64(), "softnet.{k}");
    }
    for q in stats["queues"].as_array().unwrap() {
        for k in ["packets", "bytes", "irqs", "polls", "no_desc"] {
            assert!(q[k].is_u64(), "queues[].{k}");
        }
    }
    let n = |v: &Value| v.as_u64().unwrap();
    let dropped: u64 = stats["dropped"].as_object().unwrap().values().map(n).sum();
    assert_eq!(n(&stats["offered"]), offered.len() as u64);
    assert_eq!(n(&stats["offered"]), n(&stats["delivered"]) + dropped);
    assert_eq!(n(&stats["softnet"]["processed"]), n(&stats["delivered"]));
    assert_eq!(stats["engine"], "model");

    let log = std::fs::read_to_string(&out.log).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), offered.len(), "one log line per offered frame");
    // Delivered (rx_ns, padded bytes) as the log and the offered capture say.
    let mut expect: HashMap<(u64, Vec<u8>), usize> = HashMap::new();
    let mut delivered = 0;
    for (i, line) in lines.iter().enumerate() {
        let rec: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {i} {line:?}: {e}"));
        // Field order is part of the format.
        let pos: Vec<usize> = LOG_KEYS
            .iter()
            .map(|k| line.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {line}")))
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "key order in {line}");
        assert_eq!(rec.as_object().unwrap().len(), LOG_KEYS.len());
        assert_eq!(rec["frame"], i as u64);
        let mut bytes = offered[i].data.clone();
        bytes.resize(bytes.len().max(60), 0);
        assert_eq!(rec["len"], bytes.len() as u64);
        assert!(rec["hash_type"].is_string());
        if rec["delivered"].as_bool().unwrap() {
            delivered += 1;
            assert!(rec["drop"].is_null() && rec["queue"].is_u64() && rec["hash"].is_u64());
            *expect.entry((n(&rec["rx_ns"]), bytes)).or_default() += 1;
        } else {
            assert!(rec["drop"].is_string(), "undelivered frame {i} has no drop reason");
            assert!(rec["hash"].is_null() && rec["rx_ns"].is_null());
        }
    }
    assert_eq!(delivered, n(&stats["delivered"]));

    let rx = read_pcap(&out.rx).unwrap();
    assert_eq!(rx.len() as u64, n(&stats["delivered"]));
    for f in &rx {
        // The rx pcap is stamped on the capture's clock: its start plus simulated time since traffic began.
        let rx_ns = f.ts_ns - n(&stats["capture_start_ns"]) + n(&stats["traffic_start_ns"]);
        let c = expect.get_mut(&(rx_ns, f.data.clone())).expect("delivered frame equals an offered one");
        assert!(*c > 0, "delivered more often than offered");
        *c -= 1;
    }
    stats
}

#[test]
fn gen_then_replay_outputs_agree() {
    let dir = TempDir::new("roundtrip");
    let input = gen(&dir, 1500, &["--sizes", "imix", "--vlan-pct", "30"]);
    let out = replay(&dir, &input, "orig", &[]);
    let stats = check_consistent(&input, &out);
    assert_eq!(stats["options"]["timing"], "original");
    assert_eq!(stats["queues"].as_array().unwrap().len(), 4);

    // Top speed overruns the FIFO: the dropped records are checked as well.
    let out = replay(&dir, &input, "top", &["--topspeed", "--queues", "2"]);
    let stats = check_consistent(&input, &out);
    assert!(stats["dropped"]["fifo_full"].as_u64().unwrap() > 0, "expected FIFO drops at top speed");
}

#[test]
fn short_frames_are_padded() {
    // Captures hold frames under 60 bytes (ARP, truncated snaps); the wire
    // carries them padded, and the log, stats and rx pcap show the padded bytes.
    let dir = TempDir::new("short");
    let input = dir.join("short.pcap");
    let frames: Vec<(u64, Vec<u8>)> = (0..50u64)
        .map(|i| {
            let mut f = vec![0xffu8; 6];
            f.extend([0x02, 0, 0, 0, 0, i as u8, 0x08, 0x06]);
            f.resize(42, i as u8);
            (1_000_000_000 + i * 1000, f)
        })
        .collect();
    write_pcap(&input, frames.iter().map(|(t, f)| (*t, &f[..]))).unwrap();
    let out = replay(&dir, &input, "r", &[]);
    let stats = check_consistent(&input, &out);
    assert_eq!(stats["delivered"], 50);
    assert!(std::fs::read_to_string(&out.log).unwrap().lines().all(|l| l.contains("\"len\":60,")));
    assert!(read_pcap(&out.rx).unwrap().iter().all(|f| f.data.len() == 60));
}

fn without_timing_lines(stats: &str) -> String {
    stats
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.starts_with("\"wall_s\"") && !t.starts_with("\"mcycles_per_s\"") && !t.starts_with("\"peak_rss_kb\"")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn same_seed_same_outputs() {
    let dir = TempDir::new("determinism");
    let input = gen(&dir, 1000, &[]);
    // Jitter on, so the seed matters.
    let args = ["--rate", "25G", "--seed", "5", "--mem-jitter-ns", "300"];
    let a = replay(&dir, &input, "a", &args);
    let b = replay(&dir, &input, "b", &args);
    let read = |p: &Path| std::fs::read(p).unwrap();
    assert!(read(&a.log) == read(&b.log), "logs differ");
    assert!(read(&a.rx) == read(&b.rx), "rx pcaps differ");
    let (sa, sb) = (std::fs::read_to_string(&a.stats).unwrap(), std::fs::read_to_string(&b.stats).unwrap());
    assert_eq!(without_timing_lines(&sa), without_timing_lines(&sb));
    assert_ne!(without_timing_lines(&sa), sa, "wall_s/mcycles_per_s lines were found and removed");
    let v: Value = serde_json::from_str(&sa).unwrap();
    assert_eq!(v["seed"], 5);
    assert_eq!(v["options"]["mem_jitter_ns"], 300);
}

#[test]
fn timing_modes() {
    let dir = TempDir::new("timing");
    let input = gen(&dir, 400, &[]);
    for (tag, args) in [
        ("rate", &["--rate", "10G"][..]),
        ("top", &["--topspeed"]),
        ("orig", &["--timing", "original"]),
        ("trate", &["--timing", "1G"]),
        ("ttop", &["--timing", "topspeed"]),
    ] {
        let out = replay(&dir, &input, tag, args);
        check_consistent(&input, &out);
    }
    let v: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("rate.json")).unwrap()).unwrap();
    assert_eq!(v["options"]["timing"], "10000000000");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("top.json")).unwrap()).unwrap();
    assert_eq!(v["options"]["timing"], "topspeed");
}

#[test]
fn summary_table_uses_ethtool_names() {
    let dir = TempDir::new("summary");
    let input = gen(&dir, 300, &[]);
    let o = nicsim(&["replay", s(&input), "--queues", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for w in [
        "rx_packets",
        "rx_bytes",
        "rx_no_buffer_count",
        "rx_missed_errors",
        "rx_long_length_errors",
        "rx_crc_errors",
        "irqs",
        "polls",
        "total",
        "time_squeeze",
        "Mcycles/s",
        "simulated time",
        "wall time",
    ] {
        assert!(out.contains(w), "summary lacks {w}:\n{out}");
    }
    // Not a terminal: no progress bar on stderr.
    assert!(o.stderr.is_empty(), "{}", stderr(&o));

    let o = nicsim(&["replay", s(&input), "--quiet"]);
    assert!(o.status.success() && o.stdout.is_empty());
}

#[test]
fn empty_capture() {
    let dir = TempDir::new("empty");
    let input = gen(&dir, 0, &[]);
    let out = replay(&dir, &input, "e", &[]);
    let stats = check_consistent(&input, &out);
    assert_eq!(stats["offered"], 0);
    assert_eq!(std::fs::read(&out.log).unwrap().len(), 0);
}

#[test]
fn rx_frames_needs_rx_usecs() {
    let dir = TempDir::new("rxframes");
    let input = gen(&dir, 300, &[]);
    let o = nicsim(&["replay", s(&input), "--rx-usecs", "0", "--rx-frames", "4"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--rx-usecs"), "{}", stderr(&o));
    // With a time limit as well it is fine.
    let o = nicsim(&["replay", s(&input), "--quiet", "--rx-usecs", "20", "--rx-frames", "4"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_ring_options_exit_1() {
    let dir = TempDir::new("ring");
    let input = gen(&dir, 10, &[]);
    let o = nicsim(&["replay", s(&input), "--ring", "100"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--ring") && stderr(&o).contains("power of two"), "{}", stderr(&o));
    let o = nicsim(&["replay", s(&input), "--buf-size", "1000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("multiple of 1024"), "{}", stderr(&o));
}

#[test]
fn custom_rss_key_is_used() {
    let dir = TempDir::new("rsskey");
    let input = gen(&dir, 300, &["--ipv6-pct", "0", "--vlan-pct", "0"]);
    let key = "01:".repeat(39) + "01";
    let out = replay(&dir, &input, "k", &["--rss-key", &key]);
    let stats = check_consistent(&input, &out);
    assert_eq!(stats["options"]["rss_key"], "01".repeat(40));
    // With a different key, at least one delivered frame's hash changes.
    let def = replay(&dir, &input, "d", &[]);
    assert_ne!(std::fs::read(&out.log).unwrap(), std::fs::read(&def.log).unwrap());
}
