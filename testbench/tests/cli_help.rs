//! `nicsim` argument surface: help text, `rss`, engine selection and the
//! flag combinations clap must reject.

use std::process::{Command, Output};

fn nicsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nicsim")).args(args).output().expect("run nicsim")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_mentions(text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "help does not mention {w}:\n{text}");
    }
}

#[test]
fn top_level_help() {
    let o = nicsim(&["--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.contains("nicsim") && first.contains("NIC"), "first line: {first}");
    assert_mentions(&out, &["replay", "gen", "rss"]);
}

#[test]
fn replay_help() {
    let o = nicsim(&["replay", "--help"]);
    assert!(o.status.success());
    assert_mentions(
        &stdout(&o),
        &[
            "--engine",
            "model",
            "rtl",
            "lockstep",
            "--queues",
            "--ring",
            "--buf-size",
            "--mtu",
            "--rss-key",
            "--timing",
            "--rate",
            "--topspeed",
            "--rx-usecs",
            "--rx-frames",
            "--cpus",
            "--irq-affinity",
            "--hz",
            "--budget-usecs",
            "--softnet",
            "--interrupts",
            "--fault-rx-alloc",
            "--fault-dma",
            "--fault-msix",
            "--fault-reset",
            "--watchdog-ms",
            "stuck:T",
            "--budget",
            "--weight",
            "--seed",
            "--mem-latency-ns",
            "--mem-jitter-ns",
            "--rx-pcap",
            "--log",
            "--stats",
            "--quiet",
        ],
    );
}

#[test]
fn gen_help() {
    let o = nicsim(&["gen", "--help"]);
    assert!(o.status.success());
    assert_mentions(
        &stdout(&o),
        &[
            "--output",
            "-o",
            "--count",
            "--flows",
            "--ipv6-pct",
            "--udp-pct",
            "--vlan-pct",
            "--sizes",
            "--rate",
            "--seed",
        ],
    );
}

#[test]
fn rss_help() {
    let o = nicsim(&["rss", "--help"]);
    assert!(o.status.success());
    assert_mentions(
        &stdout(&o),
        &["--src", "--dst", "--sport", "--dport", "--proto", "--key", "--queues", "--reta-default"],
    );
}

#[test]
fn rss_microsoft_vector() {
    let o = nicsim(&["rss", "--src", "66.9.149.187", "--dst", "161.142.100.80", "--sport", "2794", "--dport", "1766"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("0x51ccc178"), "{out}");
    assert!(out.contains("ipv4_tcp"), "{out}");
    // Default RETA with 4 queues: 0x51ccc178 & 127 = 120, 120 % 4 = 0.
    assert!(out.contains("queue:     0"), "{out}");

    let o = nicsim(&["rss", "--src", "66.9.149.187", "--dst", "161.142.100.80"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("0x323e8fc2") && out.contains("ipv4"), "{out}");
    assert!(out.contains("420995bba18e6450"), "Toeplitz input as hex: {out}");
}

#[test]
fn rss_ipv6_udp_and_key() {
    let o = nicsim(&[
        "rss",
        "--src",
        "3ffe:2501:200:1fff::7",
        "--dst",
        "3ffe:2501:200:3::1",
        "--sport",
        "2794",
        "--dport",
        "1766",
        "--proto",
        "udp",
    ]);
    assert!(o.status.success());
    // The Microsoft vectors hash UDP like TCP: same tuple, same hash.
    assert!(stdout(&o).contains("ipv6_udp") && stdout(&o).contains("0x40207d3d"), "{}", stdout(&o));

    let zero_key = "00".repeat(40);
    let o = nicsim(&["rss", "--src", "1.2.3.4", "--dst", "5.6.7.8", "--key", &zero_key]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("0x00000000"), "{}", stdout(&o));
}

#[test]
fn rss_rejects_mixed_families_and_bad_key() {
    let o = nicsim(&["rss", "--src", "1.2.3.4", "--dst", "::1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("same family") || stderr(&o).contains("address families"), "{}", stderr(&o));

    let o = nicsim(&["rss", "--src", "1.2.3.4", "--dst", "5.6.7.8", "--key", "12:34"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("80 hex digits"), "{}", stderr(&o));
}

#[test]
fn engines_without_verilator_exit_2() {
    #[cfg(not(feature = "rtl"))]
    for engine in ["rtl", "lockstep"] {
        // The engine is checked before the capture is opened.
        let o = nicsim(&["replay", "does-not-matter.pcap", "--engine", engine]);
        assert_eq!(o.status.code(), Some(2), "{engine}");
        let want = format!("engine '{engine}': built without the `rtl` feature: run `make build` (which enables it)");
        assert!(stderr(&o).contains(&want), "{}", stderr(&o));
    }
    let o = nicsim(&["replay", "x.pcap", "--engine", "fpga"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("model"), "lists the possible engines: {}", stderr(&o));
}

#[test]
fn timing_flags_are_mutually_exclusive() {
    for args in [
        &["--rate", "10G", "--topspeed"][..],
        &["--timing", "original", "--rate", "1G"],
        &["--timing", "original", "--topspeed"],
    ] {
        let mut all = vec!["replay", "x.pcap"];
        all.extend_from_slice(args);
        let o = nicsim(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("cannot be used with"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn bad_values_say_what_to_do() {
    let o = nicsim(&["replay", "x.pcap", "--rate", "fast"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("use e.g. 10G"), "{}", stderr(&o));

    let o = nicsim(&["replay", "x.pcap", "--rss-key", "6d5a"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("80 hex digits"), "{}", stderr(&o));

    let o = nicsim(&["replay", "x.pcap", "--queues", "17"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("1..=16") || stderr(&o).contains("1..17"), "{}", stderr(&o));
}
