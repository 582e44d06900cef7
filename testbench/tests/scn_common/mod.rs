//! Shared helpers of the receive-path scenario tests (`scenario_*.rs`):
//! locating the shared captures, a seeded PRNG, and `check`, which verifies
//! every invariant of a finished replay independently of the checks the
//! replay does itself.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};

use nicsim_hw::parse::parse;
use nicsim_hw::rss::{hash_frame, HashType, Toeplitz};
use nicsim_testbench::pcap::{read_pcap, Frame};
use nicsim_testbench::replay::{replay, replay_rx_tx, Replay, ReplayOptions};
use nicsim_testbench::sim::{wire_equal, Drop, TxDrop};

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
        assert_eq!(stat(r, &format!("rx_queue_{q}_drops")), qs.no_desc, "{ctx}: rx_queue_{q}_drops");
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

/// Transmit `tx` (and receive `rx`) in one run; panics on a replay error.
pub fn run_tx(rx: &[Frame], tx: &[Frame], opts: &ReplayOptions) -> Replay {
    replay_rx_tx(rx, tx, opts, &mut |_, _| {}).unwrap_or_else(|e| panic!("replay failed: {e} (opts {opts:?})"))
}

/// The TX queue the driver must pick: the default RETA over the software
/// hash of the bytes as offered; no hash: queue 0.
pub fn tx_queue(opts: &ReplayOptions, bytes: &[u8]) -> usize {
    let (ty, h) = hash_frame(&Toeplitz::new(&opts.rss_key), ALL_TYPES, bytes);
    if ty == HashType::None {
        0
    } else {
        ((h & 127) as usize) % opts.queues
    }
}

/// Everything a finished run must satisfy on the transmit side, whatever
/// the traffic, stalls and ring sizes. Only drops named in `allowed` may
/// happen.
///
/// * every offered frame settled exactly once: on the wire and reclaimed,
///   or dropped for a named reason; nothing stranded, corrupt or unexplained;
///   `tx_inflight` 0;
/// * the queue is the software RETA choice;
/// * the wire holds exactly the sent frames, byte-exact and padded to 60,
///   in offer order per queue (hence per flow: a flow has one queue), and
///   nothing else;
/// * driver and device counters agree with the fates.
pub fn check_tx(ctx: &str, frames: &[Frame], opts: &ReplayOptions, r: &Replay, allowed: &[TxDrop]) {
    let tx = &r.tx;
    let n = frames.len();
    assert_eq!(tx.offered(), n, "{ctx}: TX fates");
    assert_eq!(tx.frames.len(), n, "{ctx}: TX offered copies");
    assert_eq!(tx.stranded, 0, "{ctx}: TX frames stranded");
    assert_eq!(tx.corrupt, 0, "{ctx}: TX frames corrupted on the wire");
    assert_eq!(tx.protocol_errors, 0, "{ctx}: TX protocol errors");
    assert_eq!(stat(r, "tx_inflight"), 0, "{ctx}: tx_inflight after the run");
    assert_eq!(tx.sent() + tx.dropped_total(), n, "{ctx}: sent + dropped != offered");

    let mut expect: Vec<VecDeque<usize>> = vec![VecDeque::new(); opts.queues];
    let mut flows: HashMap<FlowKey, usize> = HashMap::new();
    for (i, (f, fate)) in frames.iter().zip(&tx.fates).enumerate() {
        assert_eq!(tx.frames[i], f.data, "{ctx}: TX frame {i} offered bytes");
        assert_eq!(fate.len as usize, f.data.len(), "{ctx}: TX frame {i} length");
        assert!(fate.settled(), "{ctx}: TX frame {i} unsettled: {fate:?}");
        let q = tx_queue(opts, &f.data);
        assert_eq!(fate.queue, Some(q as u8), "{ctx}: TX frame {i} queue");
        // One flow, one queue.
        if !f.data.is_empty() {
            let prev = *flows.entry(flow_key(&f.data)).or_insert(q);
            assert_eq!(prev, q, "{ctx}: TX frame {i}: flow split over queues");
        }
        match fate.drop {
            Some(d) => {
                assert!(allowed.contains(&d), "{ctx}: TX frame {i} ({} bytes) dropped as {}", f.data.len(), d.name());
                assert!(!fate.sent(), "{ctx}: TX frame {i} both sent and dropped");
            }
            None => {
                assert!(fate.sent() && fate.completed, "{ctx}: TX frame {i}: {fate:?}");
                expect[q].push_back(i);
            }
        }
    }

    assert_eq!(tx.wire.len(), tx.sent(), "{ctx}: frames on the wire vs frames sent");
    let mut last_ns = 0;
    let mut per_queue = vec![(0u64, 0u64); opts.queues];
    for (k, (ns, w)) in tx.wire.iter().enumerate() {
        assert!(*ns >= last_ns, "{ctx}: wire frame {k} out of time order");
        last_ns = *ns;
        assert!(w.len() >= 60, "{ctx}: wire frame {k} is {} bytes, not padded to 60", w.len());
        let q = (0..opts.queues)
            .find(|&q| expect[q].front().is_some_and(|&i| wire_equal(w, &frames[i].data)))
            .unwrap_or_else(|| {
                let heads: Vec<Option<usize>> = expect.iter().map(|e| e.front().copied()).collect();
                panic!("{ctx}: wire frame {k} ({} bytes) is not the next frame of any queue (heads {heads:?})", w.len())
            });
        let i = expect[q].pop_front().unwrap();
        per_queue[q].0 += 1;
        per_queue[q].1 += frames[i].data.len() as u64;
    }
    assert!(expect.iter().all(|e| e.is_empty()), "{ctx}: sent frames missing from the wire");

    let sent = tx.sent() as u64;
    let bytes: u64 = per_queue.iter().map(|q| q.1).sum();
    assert_eq!(tx.sent_bytes(), bytes, "{ctx}: tx bytes");
    assert_eq!(stat(r, "tx_packets"), sent, "{ctx}: driver tx_packets");
    assert_eq!(stat(r, "tx_bytes"), bytes, "{ctx}: driver tx_bytes");
    assert_eq!(stat(r, "tx_pkts_nic"), sent, "{ctx}: device tx packets");
    assert_eq!(stat(r, "tx_bytes_nic"), bytes, "{ctx}: device tx bytes");
    let dev_err = tx.dropped(TxDrop::DeviceError) as u64;
    assert_eq!(stat(r, "tx_errors"), dev_err, "{ctx}: driver tx_errors");
    assert_eq!(stat(r, "tx_errors_nic"), dev_err, "{ctx}: device tx errors");
    let refused = (tx.dropped(TxDrop::Oversize) + tx.dropped(TxDrop::Empty)) as u64;
    assert_eq!(stat(r, "tx_dropped"), refused, "{ctx}: driver tx_dropped");
    for (q, &(p, b)) in per_queue.iter().enumerate() {
        assert_eq!((r.queues[q].tx_packets, r.queues[q].tx_bytes), (p, b), "{ctx}: queue {q} TX stats");
        assert_eq!(stat(r, &format!("tx_queue_{q}_pkts_nic")), p, "{ctx}: tx_queue_{q}_pkts_nic");
        assert_eq!(stat(r, &format!("tx_queue_{q}_bytes_nic")), b, "{ctx}: tx_queue_{q}_bytes_nic");
        assert_eq!(stat(r, &format!("tx_queue_{q}_packets")), p, "{ctx}: tx_queue_{q}_packets");
    }
}

/// One-line TX summary for the test log.
pub fn tx_summary(r: &Replay) -> String {
    let drops: BTreeMap<&str, usize> =
        TxDrop::ALL.iter().map(|&d| (d.name(), r.tx.dropped(d))).filter(|&(_, c)| c > 0).collect();
    format!(
        "tx offered {} sent {} drops {:?} stops {} restarts {} busy {} batches {} stalled beats {} cycles {} wall {:.3}s per-queue {:?}",
        r.tx.offered(),
        r.tx.sent(),
        drops,
        stat(r, "tx_stops"),
        stat(r, "tx_restart_queue"),
        stat(r, "tx_busy"),
        r.tx.batches,
        r.tx.stalled_beats,
        r.cycles,
        r.wall_s,
        r.queues.iter().map(|q| q.tx_packets).collect::<Vec<_>>()
    )
}
