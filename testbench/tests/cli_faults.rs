//! Issue 11: the fault flags of `nicsim replay` (`--fault-dma`,
//! `--fault-msix`, `--fault-reset`, a stuck MAC with `--tx-stall`,
//! `--watchdog-ms`): the run ends with every frame named in the stats,
//! the recovery counters under their ethtool names, and a bad spec says
//! what to write instead.

mod cli_common;

use cli_common::{nicsim, s, stderr, TempDir};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn gen(dir: &Path, name: &str, count: &str, seed: &str) -> PathBuf {
    let p = dir.join(name);
    let o = nicsim(&["gen", "-o", s(&p), "--count", count, "--rate", "10G", "--seed", seed]);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

fn stats(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Offered = delivered + every named RX drop; TX likewise.
fn all_named(v: &Value) {
    let rx: u64 = v["dropped"].as_object().unwrap().values().map(n).sum();
    assert_eq!(n(&v["delivered"]) + rx, n(&v["offered"]), "{v}");
    let tx: u64 = v["tx_dropped"].as_object().unwrap().values().map(n).sum();
    assert_eq!(n(&v["tx_packets"]) + tx, n(&v["tx_offered"]), "{v}");
    assert_eq!((n(&v["stranded"]), n(&v["tx_stranded"]), n(&v["corrupt"])), (0, 0, 0));
}

#[test]
fn faults_run_to_the_end_with_every_frame_named() {
    let d = TempDir::new("faults_run");
    let (rx, tx) = (gen(&d, "rx.pcap", "2000", "1"), gen(&d, "tx.pcap", "500", "2"));
    let st = d.join("s.json");
    let base = ["replay", s(&rx), "--tx", s(&tx), "--rate", "10G", "--stats", s(&st), "-q"];

    let o = nicsim(&[&base[..], &["--fault-dma", "read:30,write:400:decerr"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stats(&st);
    all_named(&v);
    assert!(n(&v["ethtool"]["reset_count"]) >= 1, "{}", v["ethtool"]);
    assert!(n(&v["ethtool"]["dma_errors_nic"]) >= 1);
    for k in ["reset", "dma_error"] {
        assert!(v["dropped"][k].is_u64(), "dropped.{k}");
    }
    for k in ["reset", "down"] {
        assert!(v["tx_dropped"][k].is_u64(), "tx_dropped.{k}");
    }

    let o = nicsim(&[&base[..], &["--tx-stall", "stuck:100us,for:2ms", "--watchdog-ms", "1"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stats(&st);
    all_named(&v);
    assert_eq!(n(&v["ethtool"]["tx_timeout_count"]), 1);

    let o = nicsim(&[&base[..], &["--fault-reset", "200us", "--fault-msix", "delay:4:100us"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stats(&st);
    all_named(&v);
    assert_eq!(n(&v["ethtool"]["reset_detected"]), 1);
    assert!(n(&v["dropped"]["reset"]) > 0);
}

/// `random:100` used to be refused; now it is a MAC that never takes a
/// beat: the TX timeout's reset never completes and the driver gives up.
#[test]
fn a_mac_that_never_sends_ends_with_the_driver_down() {
    let d = TempDir::new("never_sends");
    let tx = gen(&d, "tx.pcap", "200", "3");
    let st = d.join("s.json");
    let o = nicsim(&[
        "replay",
        "--tx",
        s(&tx),
        "--rate",
        "1G",
        "--tx-stall",
        "random:100",
        "--watchdog-ms",
        "1",
        "--stats",
        s(&st),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stats(&st);
    all_named(&v);
    assert_eq!(n(&v["tx_packets"]), 0);
    assert_eq!(n(&v["ethtool"]["reset_timeout"]), 1);
    assert_eq!(n(&v["tx_dropped"]["reset"]) + n(&v["tx_dropped"]["down"]), 200);
}

#[test]
fn bad_fault_specs_say_what_to_write() {
    let d = TempDir::new("bad_specs");
    let rx = gen(&d, "rx.pcap", "10", "4");
    for (flag, val, hint) in [
        ("--fault-dma", "copy:3", "read:N"),
        ("--fault-dma", "read:0", "read:N"),
        ("--fault-msix", "drop:0", "drop:N"),
        ("--fault-msix", "delay:3", "delay:N:TIME"),
        ("--fault-reset", "1", "no unit"),
        ("--tx-stall", "stuck:soon", "stuck:T"),
        ("--watchdog-ms", "0", "1.."),
    ] {
        let o = nicsim(&["replay", s(&rx), flag, val, "-q"]);
        assert_eq!(o.status.code(), Some(2), "{flag} {val}");
        assert!(stderr(&o).contains(hint), "{flag} {val}: {}", stderr(&o));
    }
}
