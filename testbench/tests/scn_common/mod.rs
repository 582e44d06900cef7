//! Shared helpers of the receive-path scenario tests (`scenario_*.rs`):
//! locating the shared captures, a seeded PRNG, and `check`, which verifies
//! every invariant of a finished replay independently of the checks the
//! replay does itself.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use nicsim_hw::parse::parse;
use nicsim_hw::rss::{hash_frame, HashType, Toeplitz};
use nicsim_testbench::pcap::{read_pcap, Frame};
use nicsim_testbench::replay::{replay, Replay, ReplayOptions};
use nicsim_testbench::sim::Drop;

/// RSS_CTRL value the driver programs: global enable + all six types.
pub const ALL_TYPES: u8 = 0x7f;

/// `<NICSIM_SHARED or CARGO_MANIFEST_DIR/../../shared>/pcaps`, if present.
pub fn shared_pcaps() -> Option<PathBuf> {
    let base = std::env::var_os("NICSIM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = base.join("pcaps");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: shared captures not found at {}", dir.display());
        None
    }
}

/// Frames of one shared capture; `None` (with a "skipping" line) when the
/// corpus or the file is absent.
pub fn load(name: &str) -> Option<Vec<Frame>> {
    let dir = shared_pcaps()?;
    let p = dir.join(name);
    if !p.is_file() {
        println!("skipping: {} not found", p.display());
        return None;
    }
    Some(read_pcap(&p).unwrap_or_else(|e| panic!("{e}")))
}

/// Every capture in the corpus that `read_pcap` accepts, sorted by name
/// (rejected ones are reported, not failed: the pcap tests cover them).
pub fn all_captures(dir: &Path) -> Vec<(String, Vec<Frame>)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pcap") || n.ends_with(".pcap.gz"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for n in names {
        match read_pcap(&dir.join(&n)) {
            Ok(f) => out.push((n, f)),
            Err(e) => println!("not replayed (read_pcap refuses it): {e}"),
        }
    }
    out
}

/// The bytes the MAC puts on the wire: the capture padded to 60.
pub fn padded(f: &Frame) -> Vec<u8> {
    let mut b = f.data.clone();
    if b.len() < 60 {
        b.resize(60, 0);
    }
    b
}

/// Flow key: the parsed hash type and Toeplitz input.
pub type FlowKey = (HashType, Vec<u8>);

pub fn flow_key(bytes: &[u8]) -> FlowKey {
    let p = parse(bytes);
    (p.hash_type, p.input().to_vec())
}

/// Run a replay; panics on a replay error (hang, bad options).
pub fn run(frames: &[Frame], opts: &ReplayOptions) -> Replay {
    replay(frames, opts, &mut |_, _| {}).unwrap_or_else(|e| panic!("replay failed: {e} (opts {opts:?})"))
}

/// Device/driver counter by its ethtool name.
pub fn stat(r: &Replay, name: &str) -> u64 {
    r.ethtool
        .iter()
        .find(|(n, _)| n == name)
        .map(|&(_, v)| v)
        .unwrap_or_else(|| panic!("no ethtool counter {name}: {:?}", r.ethtool))
}

/// Everything a finished replay must satisfy, whatever the traffic and the
/// timing. `ctx` names the run in failure messages.
///
/// * every frame accounted for exactly once, nothing stranded, no
///   unexplained status strobe, nothing corrupted;
/// * the offered bytes are the capture padded to 60;
/// * hash and type equal the software Toeplitz (default key, all types);
/// * the queue is the driver's default RETA, `(hash & 127) % queues`;
/// * per flow: one queue, delivery in capture order;
/// * per-queue stats, delivery order and the ethtool counters agree with
///   the fates.
pub fn check(ctx: &str, frames: &[Frame], opts: &ReplayOptions, r: &Replay) {
    let n = frames.len();
    assert_eq!(r.offered(), n, "{ctx}: fates");
    assert_eq!(r.frames.len(), n, "{ctx}: offered frame copies");
    assert_eq!(r.stranded, 0, "{ctx}: frames stranded in a ring with no interrupt coming");
    assert_eq!(r.offered(), r.delivered() + r.dropped_total(), "{ctx}: offered != delivered + dropped");
    assert_eq!(r.corrupt, 0, "{ctx}: corrupt deliveries");
    assert_eq!(r.protocol_errors, 0, "{ctx}: unexplained status strobes");

    let toeplitz = Toeplitz::new(&opts.rss_key);
    // Position of each capture index in the delivery order.
    let mut pos = vec![usize::MAX; n];
    for (k, &i) in r.delivery_order.iter().enumerate() {
        assert!(i < n, "{ctx}: delivery_order names frame {i} of {n}");
        assert_eq!(pos[i], usize::MAX, "{ctx}: frame {i} delivered twice");
        pos[i] = k;
    }
    assert_eq!(r.delivery_order.len(), r.delivered(), "{ctx}: delivery_order length");

    let mut flows: HashMap<FlowKey, Vec<usize>> = HashMap::new();
    let mut per_queue = vec![(0u64, 0u64); opts.queues];
    for (i, (f, fate)) in frames.iter().zip(&r.fates).enumerate() {
        let want = padded(f);
        assert_eq!(r.frames[i], want, "{ctx}: frame {i} offered bytes differ from the capture");
        assert_eq!(fate.len as usize, want.len(), "{ctx}: frame {i} fate length");
        assert!(!(fate.delivered && fate.drop.is_some()), "{ctx}: frame {i} both delivered and dropped: {fate:?}");
        assert!(fate.delivered || fate.drop.is_some(), "{ctx}: frame {i} has no fate: {fate:?}");
        if !fate.delivered {
            assert_eq!(pos[i], usize::MAX, "{ctx}: dropped frame {i} in delivery_order");
            continue;
        }
        assert!(!fate.corrupt, "{ctx}: frame {i} corrupt");
        assert_ne!(pos[i], usize::MAX, "{ctx}: delivered frame {i} missing from delivery_order");
        let (ty, h) = hash_frame(&toeplitz, ALL_TYPES, &want);
        assert_eq!(fate.hash_type, Some(ty.code()), "{ctx}: frame {i} hash type");
        assert_eq!(fate.hash, Some(h), "{ctx}: frame {i} hash");
        let q = if ty == HashType::None { 0 } else { ((h & 127) as usize) % opts.queues };
        assert_eq!(fate.queue, Some(q as u8), "{ctx}: frame {i} queue (hash {h:#010x} type {ty:?})");
        assert!(fate.rx_ns.is_some(), "{ctx}: frame {i} delivered without rx time");
        per_queue[q].0 += 1;
        per_queue[q].1 += fate.len as u64;
        flows.entry(flow_key(&want)).or_default().push(i);
    }

    // One flow, one queue, capture order (the device and the driver are FIFO per queue).
    for (key, idx) in &flows {
        let q0 = r.fates[idx[0]].queue;
        for w in idx.windows(2) {
            assert_eq!(r.fates[w[1]].queue, q0, "{ctx}: flow {key:?} split over queues");
            assert!(
                pos[w[0]] < pos[w[1]],
                "{ctx}: flow {key:?}: frame {} delivered after frame {} (positions {} > {})",
                w[0],
                w[1],
                pos[w[0]],
                pos[w[1]]
            );
        }
    }

    // Per-queue stats.
    assert_eq!(r.queues.len(), opts.queues, "{ctx}: queue stats");
    let sum: u64 = r.queues.iter().map(|q| q.packets).sum();
    assert_eq!(sum as usize, r.delivered(), "{ctx}: per-queue packets do not sum to delivered");
    for (q, qs) in r.queues.iter().enumerate() {
        assert_eq!((qs.packets, qs.bytes), per_queue[q], "{ctx}: queue {q} packets/bytes");
    }

    // ethtool: device counters equal the per-reason fates.
    let nd = |d: Drop| r.dropped(d) as u64;
    assert_eq!(stat(r, "rx_offered"), n as u64, "{ctx}: rx_offered");
    assert_eq!(stat(r, "rx_pkts_nic"), r.delivered() as u64, "{ctx}: rx_pkts_nic");
    assert_eq!(stat(r, "rx_packets"), r.delivered() as u64, "{ctx}: driver rx_packets");
    let bytes: u64 = per_queue.iter().map(|q| q.1).sum();
    assert_eq!(stat(r, "rx_bytes_nic"), bytes, "{ctx}: rx_bytes_nic");
    assert_eq!(stat(r, "rx_long_length_errors"), nd(Drop::Oversize), "{ctx}: rx_long_length_errors vs oversize");
    assert_eq!(stat(r, "rx_no_buffer_count"), nd(Drop::NoDesc), "{ctx}: rx_no_buffer_count vs no_desc");
    assert_eq!(stat(r, "rx_missed_errors"), nd(Drop::FifoFull), "{ctx}: rx_missed_errors vs fifo_full");
    assert_eq!(stat(r, "rx_crc_errors"), nd(Drop::MacError), "{ctx}: rx_crc_errors vs mac_error");
    assert_eq!(stat(r, "rx_dropped"), 0, "{ctx}: driver rx_dropped (bad write-backs)");
    assert_eq!(stat(r, "rx_desc_errors"), 0, "{ctx}: driver rx_desc_errors");
    assert_eq!(stat(r, "dma_errors_nic"), 0, "{ctx}: dma errors");
    assert_eq!(stat(r, "desc_errors_nic"), 0, "{ctx}: descriptor errors");
    for (q, qs) in r.queues.iter().enumerate() {
        assert_eq!(stat(r, &format!("rx_queue_{q}_pkts_nic")), qs.packets, "{ctx}: rx_queue_{q}_pkts_nic");
        assert_eq!(stat(r, &format!("rx_queue_{q}_no_desc")), qs.no_desc, "{ctx}: rx_queue_{q}_no_desc");
    }
}

/// Drop counts by reason, for log lines.
pub fn drops(r: &Replay) -> BTreeMap<&'static str, usize> {
    Drop::ALL.iter().map(|&d| (d.name(), r.dropped(d))).filter(|&(_, c)| c > 0).collect()
}

/// One-line summary for the test log.
pub fn summary(r: &Replay) -> String {
    format!(
        "offered {} delivered {} drops {:?} irqs {} polls {} squeeze {} cycles {} skipped {} wall {:.3}s per-queue {:?}",
        r.offered(),
        r.delivered(),
        drops(r),
        r.irqs,
        r.napi_polls,
        r.time_squeeze,
        r.cycles,
        r.skipped_cycles,
        r.wall_s,
        r.queues.iter().map(|q| q.packets).collect::<Vec<_>>()
    )
}

/// splitmix64: the tests' only randomness, always seeded.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}
