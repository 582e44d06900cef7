//! Bad input to `nicsim replay`: unreadable or malformed captures must give
//! exit code 1 and a message naming the file, never a panic.

use std::path::{Path, PathBuf};

mod cli_common;
use cli_common::*;

/// Shared test captures; not every checkout has them.
fn shared_pcaps() -> Option<PathBuf> {
    let dir = match std::env::var_os("NICSIM_SHARED") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    let p = dir.join("pcaps");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: shared captures not found at {} (set NICSIM_SHARED)", p.display());
        None
    }
}

/// Exit 1, the file named in the message, no panic.
fn assert_clean_failure(path: &Path) {
    let o = nicsim(&["replay", path.to_str().unwrap(), "--quiet"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{}: {err}", path.display());
    assert_eq!(o.status.code(), Some(1), "{}: {err}", path.display());
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(err.contains(name), "message does not name {name}: {err}");
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn invalid_version_capture() {
    let Some(dir) = shared_pcaps() else { return };
    let p = dir.join("libpcap_pcap-invalid-version-1.pcap");
    assert_clean_failure(&p);
    assert!(stderr(&nicsim(&["replay", p.to_str().unwrap()])).contains("version"));
}

#[test]
fn text_file() {
    let dir = TempDir::new("text");
    let p = dir.join("notes.txt");
    std::fs::write(&p, "this is not a capture\n").unwrap();
    assert_clean_failure(&p);
}

#[test]
fn tiny_file() {
    let dir = TempDir::new("tiny");
    let p = dir.join("tiny.pcap");
    std::fs::write(&p, [0xd4, 0xc3]).unwrap();
    assert_clean_failure(&p);
}

#[test]
fn missing_file() {
    let dir = TempDir::new("missing");
    assert_clean_failure(&dir.join("no-such-capture.pcap"));
}

#[test]
fn capture_cut_mid_record() {
    let dir = TempDir::new("cut");
    let p = dir.join("cut.pcap");
    let o = nicsim(&["gen", "-o", p.to_str().unwrap(), "--count", "300"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&p).unwrap();
    // Every record is at least 16 + 60 bytes, so this lands inside the last one.
    std::fs::write(&p, &bytes[..bytes.len() - 30]).unwrap();
    assert_clean_failure(&p);
    assert!(stderr(&nicsim(&["replay", p.to_str().unwrap()])).contains("truncated"));
}

#[test]
fn unwritable_output_is_an_error() {
    let dir = TempDir::new("unwritable");
    let p = dir.join("in.pcap");
    assert!(nicsim(&["gen", "-o", p.to_str().unwrap(), "--count", "10"]).status.success());
    let bad = dir.join("no-such-dir").join("stats.json");
    let o = nicsim(&["replay", p.to_str().unwrap(), "--quiet", "--stats", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("stats.json") && !stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn zeek_truncated_captures() {
    let Some(dir) = shared_pcaps() else { return };
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("zeek_trunc_") && name.ends_with(".pcap")) {
            continue;
        }
        seen += 1;
        let o = nicsim(&["replay", p.to_str().unwrap(), "--quiet"]);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{name}: {err}");
        match o.status.code() {
            Some(0) => {}
            Some(1) => assert!(err.contains(&name), "{name}: {err}"),
            c => panic!("{name}: exit {c:?}: {err}"),
        }
    }
    if seen == 0 {
        eprintln!("skipped: no zeek_trunc_*.pcap in {}", dir.display());
    }
}

#[test]
fn gen_rejects_bad_config() {
    let dir = TempDir::new("genbad");
    let p = dir.join("x.pcap");
    let o = nicsim(&["gen", "-o", p.to_str().unwrap(), "--ipv6-pct", "150"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ipv6_pct"), "{}", stderr(&o));
    let o = nicsim(&["gen", "-o", p.to_str().unwrap(), "--sizes", "huge"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("imix"), "{}", stderr(&o));
    let o = nicsim(&["gen", "-o", p.to_str().unwrap(), "--flows", "0"]);
    assert_eq!(o.status.code(), Some(1));
}
