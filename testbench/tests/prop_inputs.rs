//! Property tests of what users feed nicsim: any bytes as a capture file,
//! any text as a rate. Nothing may panic; a capture either reads or fails
//! with an error naming the file.

mod cli_common;

use nicsim_testbench::pcap::{CaptureStats, PcapReader, Snapped};
use nicsim_testbench::replay::parse_rate;
use proptest::prelude::*;
use std::path::PathBuf;

/// A valid little-endian microsecond pcap header.
fn header() -> Vec<u8> {
    cli_common::pcap_image(&[])
}

fn scratch(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("nicsim-prop-{}-{tag}.pcap", std::process::id()))
}

/// Reads `bytes` as a capture through the streaming reader and the
/// admission policy; returns (frames, error text).
fn read_all(tag: &str, bytes: &[u8]) -> (usize, Option<String>) {
    let p = scratch(tag);
    std::fs::write(&p, bytes).unwrap();
    let mut stats = CaptureStats::default();
    let mut n = 0;
    let mut err = None;
    match PcapReader::open(&p) {
        Err(e) => err = Some(e.to_string()),
        Ok(r) => {
            for f in r {
                match f {
                    Ok(f) => {
                        if let Some(f) = stats.admit(f, Snapped::Pad) {
                            assert!(!f.data.is_empty() && f.data.len() <= 262_144);
                            n += 1;
                        }
                    }
                    Err(e) => {
                        err = Some(e.to_string());
                        break;
                    }
                }
            }
        }
    }
    let _ = std::fs::remove_file(&p);
    if let Some(e) = &err {
        assert!(e.contains(&p.display().to_string()), "error does not name the file: {e}");
    }
    assert_eq!(stats.records as usize, n + stats.empty as usize + stats.snap_dropped as usize);
    (n, err)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_all("raw", &bytes);
    }

    #[test]
    fn any_records_after_a_valid_header(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut b = header();
        b.extend(&body);
        read_all("body", &b);
    }

    /// Well-formed records with any caplen/length relation read back whole.
    #[test]
    fn odd_lengths_are_admitted_or_counted(recs in proptest::collection::vec((0usize..200, 0u32..400), 0..20)) {
        let mut b = header();
        for (i, &(cap, orig)) in recs.iter().enumerate() {
            b.extend((i as u32).to_le_bytes());
            b.extend(0u32.to_le_bytes());
            b.extend((cap as u32).to_le_bytes());
            b.extend(orig.to_le_bytes());
            b.extend(std::iter::repeat_n(i as u8, cap));
        }
        let (n, err) = read_all("odd", &b);
        prop_assert!(err.is_none(), "{err:?}");
        prop_assert_eq!(n, recs.iter().filter(|&&(cap, _)| cap > 0).count());
    }

    #[test]
    fn rates_parse_or_refuse(s in "\\PC{0,12}") {
        if let Ok(bps) = parse_rate(&s) {
            prop_assert!((1_000..=10_000_000_000_000).contains(&bps));
        }
    }
}
