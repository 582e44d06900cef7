//! The CLI's Linux-host options (issue 10): igb's defaults in `--help`,
//! rx-usecs refusals, `--cpus`/`--irq-affinity`, and the softnet_stat,
//! /proc/interrupts and moderation outputs.

mod cli_common;

use cli_common::*;
use serde_json::Value;

#[test]
fn help_says_igbs_defaults_and_the_host_options() {
    let o = nicsim(&["replay", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    let line = |flag: &str| {
        help.lines().skip_while(|l| !l.trim_start().starts_with(flag)).take(6).collect::<Vec<_>>().join("\n")
    };
    assert!(line("--ring <N>").contains("[default: 256]"), "{}", line("--ring <N>"));
    assert!(line("--rx-usecs").contains("[default: 3]"), "{}", line("--rx-usecs"));
    assert!(line("--rx-usecs").contains("dynamic conservative"), "{}", line("--rx-usecs"));
    assert!(line("--tx-usecs").contains("[default: 0]"), "{}", line("--tx-usecs"));
    // The link speed igb's ITR depends on, and DIM as the alternative.
    assert!(line("--rx-usecs").contains("4000 interrupts/s"), "{}", line("--rx-usecs"));
    assert!(line("--speed").contains("[default: the --rate line rate, else 10000]"), "{}", line("--speed"));
    assert!(line("--dim").contains("net_dim") && line("--dim").contains("1, 8, 64, 128, 256"), "{}", line("--dim"));
    for w in ["--cpus", "--irq-affinity", "--hz", "--budget-usecs", "--softnet", "--interrupts"] {
        assert!(help.contains(w), "help lacks {w}");
    }
}

#[test]
fn refused_rx_usecs_and_affinity() {
    let dir = TempDir::new("linux-refuse");
    let p = dir.join("g.pcap");
    let o = nicsim(&["gen", "-o", s(&p), "--count", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for bad in ["2", "4", "9", "10001"] {
        let o = nicsim(&["replay", s(&p), "-q", "--rx-usecs", bad]);
        assert_eq!(o.status.code(), Some(1), "rx-usecs {bad}");
        assert!(stderr(&o).contains("Invalid argument"), "{}", stderr(&o));
    }
    let o = nicsim(&["replay", s(&p), "-q", "--cpus", "2", "--irq-affinity", "0,5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("CPU 5"), "{}", stderr(&o));
    // DIM replaces igb's adaptive ITR: not with a fixed interval or none.
    for fixed in ["0", "10", "50"] {
        let o = nicsim(&["replay", s(&p), "-q", "--dim", "--rx-usecs", fixed]);
        assert_eq!(o.status.code(), Some(1), "--dim --rx-usecs {fixed}");
        assert!(stderr(&o).contains("--dim replaces igb's adaptive ITR"), "{}", stderr(&o));
    }
    let o = nicsim(&["replay", s(&p), "-q", "--speed", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `--dim` and `--speed` reach the driver: the stats say so, DIM starts
/// the vectors at its default profile (8 us), and on a 1000 Mb/s link
/// igb's ITR adapts where on the default 10G it is fixed at 245 us.
#[test]
fn dim_and_speed_reach_the_driver() {
    let dir = TempDir::new("linux-dim");
    let p = dir.join("g.pcap");
    let o = nicsim(&["gen", "-o", s(&p), "--count", "2000", "--flows", "8", "--rate", "1G", "--sizes", "fixed:200"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let itr = |extra: &[&str]| -> (Value, Vec<u64>) {
        let st = dir.join("stats.json");
        let mut args = vec!["replay", s(&p), "-q", "--queues", "2", "--stats", s(&st)];
        args.extend_from_slice(extra);
        let o = nicsim(&args);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&st).unwrap()).unwrap();
        let usecs = v["moderation"]["vectors"][0]["itr_usecs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w[1].as_u64().unwrap())
            .collect();
        (v["options"].clone(), usecs)
    };
    let (o, u) = itr(&["--dim"]);
    assert_eq!((o["dim"].as_bool(), o["speed"].as_u64()), (Some(true), Some(10_000)));
    assert_eq!(u[0], 8, "DIM's default EQE profile");
    let (o, u) = itr(&[]);
    assert_eq!(o["dim"].as_bool(), Some(false));
    assert_eq!(u, vec![162, 245], "10G: igb fixes 4000 interrupts/s");
    let (o, u) = itr(&["--speed", "1000"]);
    assert_eq!(o["speed"].as_u64(), Some(1000));
    // igb_update_ring_itr: (200 + 24) / 2 = 112 quarter-us, raised to 49 us by conservative mode.
    assert_eq!(u, vec![162, 49], "1000 Mb/s: igb's ITR adapts");
    let (o, _) = itr(&["--rate", "1G"]);
    assert_eq!(o["speed"].as_u64(), Some(1000), "--rate gives the link speed");
}

#[test]
fn softnet_and_interrupts_files() {
    let dir = TempDir::new("linux-out");
    let p = dir.join("g.pcap");
    let o = nicsim(&["gen", "-o", s(&p), "--count", "3000", "--flows", "64", "--rate", "10G"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (sn, it, st) = (dir.join("softnet"), dir.join("interrupts"), dir.join("stats.json"));
    let o = nicsim(&[
        "replay",
        s(&p),
        "-q",
        "--queues",
        "4",
        "--cpus",
        "2",
        "--irq-affinity",
        "0,0,1,1",
        "--softnet",
        s(&sn),
        "--interrupts",
        s(&it),
        "--stats",
        s(&st),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let softnet = std::fs::read_to_string(&sn).unwrap();
    let rows: Vec<Vec<u64>> =
        softnet.lines().map(|l| l.split(' ').map(|c| u64::from_str_radix(c, 16).unwrap()).collect()).collect();
    assert_eq!(rows.len(), 2, "{softnet}");
    assert!(rows.iter().all(|r| r.len() == 13));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&st).unwrap()).unwrap();
    assert_eq!(Some(rows[0][0] + rows[1][0]), v["delivered"].as_u64(), "processed adds up to the delivered frames");
    let per_cpu = v["softnet_per_cpu"].as_array().unwrap();
    assert_eq!(per_cpu.len(), 2);
    assert_eq!(per_cpu[1]["processed"].as_u64(), Some(rows[1][0]));
    assert_eq!(v["options"]["host"]["cpus"], 2);
    assert!(v["moderation"]["vectors"].as_array().unwrap().len() == 4);
    let table = std::fs::read_to_string(&it).unwrap();
    let row = |name: &str| -> Vec<u64> {
        let l = table.lines().find(|l| l.ends_with(name)).unwrap_or_else(|| panic!("{name}:\n{table}"));
        l.split_whitespace().skip(1).take(2).map(|x| x.parse().unwrap()).collect()
    };
    // Vectors 0 and 1 on CPU 0, 2 and 3 on CPU 1; each matches its queue's irqs.
    for q in 0..4usize {
        let r = row(&format!("nicsim0-TxRx-{q}"));
        let cpu = q / 2;
        assert_eq!(r[1 - cpu], 0, "vector {q} only on CPU {cpu}:\n{table}");
        assert_eq!(Some(r[cpu]), v["queues"][q]["irqs"].as_u64(), "{table}");
    }
}
