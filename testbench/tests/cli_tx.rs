//! `nicsim gen` + `nicsim replay --tx` end to end: the wire pcap holds
//! exactly the generated frames (padded to 60, per-queue order), the stats
//! agree with it, RX and TX run together, the TX flags are checked.

use nicsim_hw::rss::{hash_frame, HashType, Toeplitz, DEFAULT_KEY};
use nicsim_testbench::pcap::{read_pcap, Frame};
use serde_json::Value;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

mod cli_common;
use cli_common::*;

fn gen(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let p = dir.join(name);
    let mut all = vec!["gen", "-o", s(&p)];
    all.extend_from_slice(args);
    let o = nicsim(&all);
    assert!(o.status.success(), "gen: {}", stderr(&o));
    p
}

fn padded(b: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    if v.len() < 60 {
        v.resize(60, 0);
    }
    v
}

/// The wire capture is exactly the offered frames, padded, each queue's in
/// offer order (queue = default RETA over `queues`).
fn assert_wire_is(offered: &[Frame], wire: &[Frame], queues: usize) {
    assert_eq!(wire.len(), offered.len(), "frames on the wire");
    let t = Toeplitz::new(&DEFAULT_KEY);
    let mut per_q: Vec<VecDeque<Vec<u8>>> = vec![VecDeque::new(); queues];
    for f in offered {
        let (ty, h) = hash_frame(&t, 0x7f, &f.data);
        let q = if ty == HashType::None { 0 } else { (h & 127) as usize % queues };
        per_q[q].push_back(padded(&f.data));
    }
    let mut last = 0;
    for (k, w) in wire.iter().enumerate() {
        assert!(w.ts_ns >= last, "wire frame {k} out of time order");
        last = w.ts_ns;
        let q = (0..queues)
            .find(|&q| per_q[q].front() == Some(&w.data))
            .unwrap_or_else(|| panic!("wire frame {k} is not the next frame of any queue"));
        per_q[q].pop_front();
    }
}

#[test]
fn gen_traffic_transmitted() {
    let dir = TempDir::new("gen");
    let input = gen(&dir, "tx.pcap", &["--count", "3000", "--flows", "40", "--seed", "5", "--sizes", "imix"]);
    let wire = dir.join("wire.pcap");
    let stats = dir.join("stats.json");
    let o = nicsim(&[
        "replay",
        "--tx",
        s(&input),
        "--tx-pcap",
        s(&wire),
        "--stats",
        s(&stats),
        "--topspeed",
        "--ring",
        "32",
        "--tx-stall",
        "random:50",
        "--rx-usecs",
        "10",
        "--tx-frames",
        "8",
        "--txqueuelen",
        "100000",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("tx offered 3000, sent 3000, dropped 0"), "{out}");
    assert!(out.contains("tx_packets") && out.contains("tx_restart_queue"), "{out}");

    let offered = read_pcap(&input).unwrap();
    let sent = read_pcap(&wire).unwrap();
    assert_wire_is(&offered, &sent, 4);

    let v: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(v["tx_offered"], 3000);
    assert_eq!(v["tx_packets"], 3000);
    let bytes: u64 = offered.iter().map(|f| f.data.len() as u64).sum();
    assert_eq!(v["tx_bytes"], bytes);
    assert_eq!(v["tx_inflight"], 0);
    assert_eq!(v["tx_busy"], 0);
    assert!(
        v["tx_stops"].as_u64().unwrap() > 0,
        "a 32-entry ring at topspeed behind a MAC stalled half the time must stop"
    );
    assert_eq!(v["tx_restart_queue"], v["tx_stops"]);
    for k in ["qdisc_full", "oversize", "empty", "device_error"] {
        assert_eq!(v["tx_dropped"][k], 0, "tx_dropped.{k}");
    }
    assert_eq!((v["tx_stranded"].as_u64(), v["tx_corrupt"].as_u64()), (Some(0), Some(0)));
    let per_q: u64 = v["queues"].as_array().unwrap().iter().map(|q| q["tx_packets"].as_u64().unwrap()).sum();
    assert_eq!(per_q, 3000);
    assert_eq!(v["ethtool"]["tx_pkts_nic"], 3000);
    assert_eq!(v["ethtool"]["tx_bytes_nic"], bytes);
    assert_eq!(v["offered"], 0, "no RX capture given");
    assert_eq!(v["options"]["tx_stall"], "random:50");
    assert_eq!(v["options"]["tx_ring"], 32, "TX ring follows --ring");
}

#[test]
fn rx_and_tx_together() {
    let dir = TempDir::new("rxtx");
    let rx = gen(&dir, "rx.pcap", &["--count", "1500", "--seed", "1"]);
    let tx = gen(&dir, "tx.pcap", &["--count", "1500", "--seed", "2", "--sizes", "jumbo"]);
    let wire = dir.join("wire.pcap");
    let rxp = dir.join("rx.out.pcap");
    let stats = dir.join("stats.json");
    let o = nicsim(&[
        "replay",
        s(&rx),
        "--tx",
        s(&tx),
        "--tx-pcap",
        s(&wire),
        "--rx-pcap",
        s(&rxp),
        "--stats",
        s(&stats),
        "--mtu",
        "9000",
        "--tx-buf",
        "1000",
        "--tx-ring",
        "64",
        "--ring",
        "512",
        "--queues",
        "2",
        "--rate",
        "10G",
        "--txqueuelen",
        "100000",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!((v["offered"].as_u64(), v["delivered"].as_u64()), (Some(1500), Some(1500)));
    assert_eq!((v["tx_offered"].as_u64(), v["tx_packets"].as_u64()), (Some(1500), Some(1500)));
    assert_eq!(v["options"]["tx_ring"], 64);
    assert_eq!(v["options"]["ring"], 512);
    assert_wire_is(&read_pcap(&tx).unwrap(), &read_pcap(&wire).unwrap(), 2);
    assert_eq!(read_pcap(&rxp).unwrap().len(), 1500);
}

#[test]
fn tx_flags_checked() {
    let dir = TempDir::new("flags");
    let tx = gen(&dir, "tx.pcap", &["--count", "10"]);
    // No capture at all: usage error.
    let o = nicsim(&["replay"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // --tx-pcap needs --tx.
    let o = nicsim(&["replay", s(&tx), "--tx-pcap", s(&dir.join("w.pcap"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = nicsim(&["replay", "--tx", s(&tx), "--tx-stall", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("random:P"), "{}", stderr(&o));
    let o = nicsim(&["replay", "--tx", s(&tx), "--tx-frames", "8", "--rx-usecs", "0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--rx-usecs"), "{}", stderr(&o));
    // Paired queues: igb refuses any tx-usecs but 0.
    let o = nicsim(&["replay", "--tx", s(&tx), "--tx-usecs", "20"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tx-usecs 20 refused"), "{}", stderr(&o));
    let o = nicsim(&["replay", "--tx", s(&tx), "--tx-buf", "64", "--tx-ring", "16"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("raise tx_ring_size or tx_buf"), "{}", stderr(&o));
    let o = nicsim(&["replay", "--tx", s(&dir.join("missing.pcap"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.pcap"), "{}", stderr(&o));
    // Help documents the TX flags and the stall syntax.
    let o = nicsim(&["replay", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    for w in [
        "--tx ",
        "--tx-pcap",
        "--tx-usecs",
        "--tx-frames",
        "--tx-stall",
        "--tx-buf",
        "--tx-ring",
        "random:P",
        "on:N,off:M",
    ] {
        assert!(help.contains(w), "help lacks {w}:\n{help}");
    }
}
