//! Helpers shared by the CLI tests: run the `nicsim` binary, and a
//! per-test scratch directory.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn nicsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nicsim")).args(args).output().expect("run nicsim")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Per-test directory (pid keeps concurrent runs apart); removed when the
/// test passes, kept for inspection when it fails.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        let d = std::env::temp_dir().join(format!("nicsim-cli-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A little-endian microsecond pcap built by hand: (sec, usec, captured bytes, original length).
pub fn pcap_image(records: &[(u32, u32, Vec<u8>, u32)]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(0xa1b2_c3d4u32.to_le_bytes());
    b.extend(2u16.to_le_bytes());
    b.extend(4u16.to_le_bytes());
    b.extend([0u8; 8]);
    b.extend(262_144u32.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    for (sec, usec, data, orig) in records {
        b.extend(sec.to_le_bytes());
        b.extend(usec.to_le_bytes());
        b.extend((data.len() as u32).to_le_bytes());
        b.extend(orig.to_le_bytes());
        b.extend(data);
    }
    b
}
