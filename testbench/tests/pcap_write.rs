//! pcap writing: exact on-disk format, determinism, streaming sink, errors.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use nicsim_testbench::pcap::{read_pcap, write_pcap, PcapError, PcapSink, SNAPLEN};

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("nicsim-pcap_write-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn exact_file_layout() {
    let tmp = TempDir::new("layout");
    let path = tmp.path("x.pcap");
    let a = [0xaau8; 60];
    let b = [0x55u8; 61];
    write_pcap(&path, [(1_234_567_890_123_456_789u64, &a[..]), (5, &b[..])]).unwrap();
    let bytes = std::fs::read(&path).unwrap();

    let mut want = Vec::new();
    want.extend_from_slice(&0xa1b2_3c4du32.to_le_bytes());
    want.extend_from_slice(&2u16.to_le_bytes());
    want.extend_from_slice(&4u16.to_le_bytes());
    want.extend_from_slice(&[0; 8]);
    want.extend_from_slice(&262_144u32.to_le_bytes());
    want.extend_from_slice(&1u32.to_le_bytes());
    for (sec, ns, d) in [(1_234_567_890u32, 123_456_789u32, &a[..]), (0, 5, &b[..])] {
        want.extend_from_slice(&sec.to_le_bytes());
        want.extend_from_slice(&ns.to_le_bytes());
        want.extend_from_slice(&(d.len() as u32).to_le_bytes());
        want.extend_from_slice(&(d.len() as u32).to_le_bytes());
        want.extend_from_slice(d);
    }
    assert_eq!(bytes, want);
    assert_eq!(SNAPLEN, 262_144);
}

#[test]
fn identical_input_gives_identical_bytes() {
    let tmp = TempDir::new("det");
    let frames: Vec<(u64, Vec<u8>)> = (0..300u64).map(|i| (i * 1_000_003, vec![i as u8; 60 + i as usize])).collect();
    let (p1, p2) = (tmp.path("1.pcap"), tmp.path("2.pcap"));
    write_pcap(&p1, frames.iter().map(|(t, d)| (*t, d.as_slice()))).unwrap();
    write_pcap(&p2, frames.iter().map(|(t, d)| (*t, d.as_slice()))).unwrap();
    assert_eq!(std::fs::read(&p1).unwrap(), std::fs::read(&p2).unwrap());

    // Overwriting an existing file truncates it.
    write_pcap(&p2, frames[..3].iter().map(|(t, d)| (*t, d.as_slice()))).unwrap();
    assert_eq!(read_pcap(&p2).unwrap().len(), 3);
}

#[test]
fn sink_matches_write_pcap() {
    let tmp = TempDir::new("sink");
    let frames: Vec<(u64, Vec<u8>)> =
        (0..1000u64).map(|i| (1_000_000_000 + i * 67, vec![(i * 3) as u8; 60 + (i % 1455) as usize])).collect();
    let (p1, p2) = (tmp.path("w.pcap"), tmp.path("s.pcap"));
    write_pcap(&p1, frames.iter().map(|(t, d)| (*t, d.as_slice()))).unwrap();
    let mut sink = PcapSink::create(&p2).unwrap();
    for (t, d) in &frames {
        sink.write(*t, d).unwrap();
    }
    assert_eq!(sink.frames_written(), 1000);
    sink.finish().unwrap();
    assert_eq!(std::fs::read(&p1).unwrap(), std::fs::read(&p2).unwrap());
}

#[test]
fn empty_output_is_header_only() {
    let tmp = TempDir::new("empty");
    let path = tmp.path("e.pcap");
    write_pcap(&path, std::iter::empty::<(u64, &[u8])>()).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 24);
    assert!(read_pcap(&path).unwrap().is_empty());
}

#[test]
fn max_snaplen_frame_round_trips() {
    let tmp = TempDir::new("max");
    let path = tmp.path("m.pcap");
    let big = vec![7u8; SNAPLEN as usize];
    write_pcap(&path, [(1, &big[..])]).unwrap();
    assert_eq!(read_pcap(&path).unwrap()[0].data, big);
}

#[test]
fn write_errors_name_the_file() {
    let tmp = TempDir::new("err");

    let path = tmp.path("no-such-dir/x.pcap");
    let e = write_pcap(&path, [(0u64, &[0u8; 60][..])]).unwrap_err();
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    assert!(matches!(e, PcapError::Write { .. }), "{e:?}");

    let path = tmp.path("long.pcap");
    let big = vec![0u8; SNAPLEN as usize + 1];
    let e = write_pcap(&path, [(0u64, &[0u8; 60][..]), (1, &big[..])]).unwrap_err();
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    assert!(matches!(e, PcapError::FrameTooLong { index: 1, .. }), "{e:?}");

    let path = tmp.path("ts.pcap");
    let e = write_pcap(&path, [(u64::MAX, &[0u8; 60][..])]).unwrap_err();
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    assert!(matches!(e, PcapError::Timestamp { index: 0, .. }), "{e:?}");
}
