//! Driver transmit path against the fake device in `common`: ring setup,
//! descriptor mapping, doorbell batching, stop/wake flow control, cleanup
//! in NAPI, device-dropped frames, queue selection.

mod common;

use common::{pattern, FakeHost, XorShift};
use nicsim_driver::*;
use nicsim_hw::desc::{TX_CMD_EOP, TX_CMD_IFCS, TX_CMD_RS};
use nicsim_hw::regs::*;
use nicsim_hw::rss::{hash_frame, Toeplitz, DEFAULT_KEY};

fn up(queues: usize, c: DriverConfig) -> (FakeHost, Driver) {
    let mut h = FakeHost::with_tx(queues as u32);
    let d = Driver::probe(&mut h, DriverConfig { queues, ..c }).expect("probe");
    h.clear_log();
    (h, d)
}

fn counter(d: &Driver, name: &str) -> u64 {
    d.counters().into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

fn poll(h: &mut FakeHost, d: &mut Driver, q: usize) -> usize {
    let mut out = Vec::new();
    d.napi_poll(h, q, 64, &mut out)
}

/// An IPv4/UDP frame of `len` bytes with the given source port.
fn udp4(len: usize, sport: u16) -> Vec<u8> {
    let mut f = pattern(len, sport as u64);
    f[12..14].copy_from_slice(&[0x08, 0x00]);
    f[14] = 0x45;
    f[20..22].copy_from_slice(&[0, 0]); // no fragment
    f[23] = 17;
    f[26..30].copy_from_slice(&[10, 0, 0, 1]);
    f[30..34].copy_from_slice(&[10, 0, 0, 2]);
    f[34..36].copy_from_slice(&sport.to_be_bytes());
    f[36..38].copy_from_slice(&53u16.to_be_bytes());
    f
}

#[test]
fn probe_programs_tx_rings() {
    let c = DriverConfig { tx_ring_size: 64, rx_usecs: 12, tx_frames: 5, ..Default::default() };
    let mut h = FakeHost::with_tx(4);
    let d = Driver::probe(&mut h, DriverConfig { queues: 3, ..c }).unwrap();
    assert_eq!(d.tx_queues(), 3);
    for q in 0..3 {
        assert!(h.tx_enabled(q));
        assert_eq!(h.tx_len(q), 64);
        assert_eq!(h.tx_base(q) % 128, 0);
        assert!(h.tx_base(q) >> 32 != 0, "TDBAH programmed");
        assert_eq!(h.reg(txq_reg(q, txq::IVAR)), q as u32, "TX queue q shares RX queue q's vector");
        assert_eq!((h.tdh(q), h.tdt(q)), (0, 0));
        // Paired queues: the vector's interval (rx-usecs) moderates TX too.
        assert_eq!(h.reg(vec_txitr(q)), 12 | 5 << 16);
    }
    assert!(!h.tx_enabled(3), "unused TX queue stays off");
    assert_eq!(h.reg(vec_txitr(4)), 0, "misc vector has no TX moderation");
    assert_eq!(*h.writes.last().unwrap(), (CTRL, 3), "RX_EN | TX_EN last");
    let pos = |a: u32| h.writes.iter().position(|&(w, _)| w == a).unwrap();
    assert!(pos(txq_reg(2, txq::TDLEN)) < pos(txq_reg(2, txq::TXCTL)), "ring programmed before enable");
    assert_eq!(counter(&d, "tx_inflight"), 0);

    // An RX-only device: no TX setup, no tx counters, CTRL = RX_EN.
    let mut h = FakeHost::new(4);
    let d = Driver::probe(&mut h, DriverConfig { queues: 2, ..Default::default() }).unwrap();
    assert_eq!(d.tx_queues(), 0);
    assert_eq!(*h.writes.last().unwrap(), (CTRL, 1));
    assert!(d.counters().iter().all(|(n, _)| !n.starts_with("tx_")));
    // Fewer TX queues than RX queues is refused.
    let mut h = FakeHost::new(4);
    h.caps_txq = 2;
    let e = Driver::probe(&mut h, DriverConfig { queues: 3, ..Default::default() }).unwrap_err();
    assert_eq!(e, DriverError::TooFewTxQueues { requested: 3, available: 2 });
}

#[test]
fn tx_config_validated() {
    let c = DriverConfig { tx_ring_size: 100, ..Default::default() };
    assert_eq!(c.validate(), Err(DriverError::TxRingSize(100)));
    let c = DriverConfig { tx_buf: 0, ..Default::default() };
    assert_eq!(c.validate(), Err(DriverError::TxBuf(0)));
    let c = DriverConfig { tx_buf: 16385, ..Default::default() };
    assert!(c.validate().unwrap_err().to_string().contains("1 to 16384"));
    // 1522-byte frames in 128-byte descriptors: 12 + 1 = 13 needed, a ring of 8 has 7.
    let c = DriverConfig { tx_ring_size: 8, tx_buf: 128, ..Default::default() };
    assert_eq!((c.tx_desc_needed(), c.tx_wake_threshold()), (13, 7));
    let e = c.validate().unwrap_err();
    assert!(matches!(e, DriverError::TxRingTooSmall { needed: 13, .. }), "{e:?}");
    assert!(e.to_string().contains("raise tx_ring_size or tx_buf"), "{e}");
    let c = DriverConfig { tx_ring_size: 16, tx_buf: 128, ..Default::default() };
    assert_eq!((c.tx_desc_needed(), c.tx_wake_threshold()), (13, 15), "wake threshold clamped to ring - 1");
    assert_eq!(c.validate(), Ok(()));
    let d = DriverConfig::default();
    assert_eq!((d.tx_ring_size, d.tx_buf, d.tx_desc_needed(), d.tx_wake_threshold()), (256, 2048, 2, 4));
}

#[test]
fn jumbo_frame_spans_descriptors() {
    let c = DriverConfig { mtu: 9000, ..Default::default() };
    let (mut h, mut d) = up(1, c);
    let f = pattern(9000, 5);
    assert_eq!(d.xmit(&mut h, 0, &f, false, 77), TxStatus::Queued);
    assert_eq!(h.writes, vec![(txq_reg(0, txq::TDT), 5)], "one doorbell");
    for s in 0..5 {
        let t = h.tx_desc(0, s);
        let want_len = if s < 4 { 2048 } else { 9000 - 4 * 2048 };
        assert_eq!(t.len as usize, want_len, "slot {s}");
        let want_cmd = TX_CMD_IFCS | if s == 4 { TX_CMD_EOP | TX_CMD_RS } else { 0 };
        assert_eq!(t.cmd, want_cmd, "slot {s}");
    }
    assert_eq!(counter(&d, "tx_inflight"), 5);
    assert_eq!((h.charged("tx_frame"), h.charged("tx_desc")), (1, 5));
    let sent = h.tx_process(0, 10, &[]);
    assert_eq!(sent, vec![f]);
    assert_eq!(poll(&mut h, &mut d, 0), 0);
    let done = d.take_tx_completions();
    assert_eq!(done, vec![TxCompletion { queue: 0, token: 77, bytes: 9000, error: false, reset: false }]);
    assert_eq!((counter(&d, "tx_packets"), counter(&d, "tx_bytes"), counter(&d, "tx_inflight")), (1, 9000, 0));
    assert_eq!(h.charged("tx_clean"), 1);
    // Longer than MTU + 22, or empty: refused, counted, nothing written.
    h.clear_log();
    assert_eq!(d.xmit(&mut h, 0, &pattern(9023, 1), false, 1), TxStatus::Dropped(TxDropReason::Oversize));
    assert_eq!(d.xmit(&mut h, 0, &[], false, 2), TxStatus::Dropped(TxDropReason::Empty));
    assert!(h.writes.is_empty());
    assert_eq!((counter(&d, "tx_dropped"), counter(&d, "tx_dropped_oversize")), (2, 1));
}

#[test]
fn doorbell_once_per_batch() {
    // A fresh queue's BQL limit is 0: the first frame stops the queue
    // (STACK_XOFF) and igb rings for every frame while stopped.
    let (mut h, mut d) = up(1, DriverConfig::default());
    for i in 0..3u64 {
        assert_eq!(d.xmit(&mut h, 0, &pattern(100, i), i < 2, i), TxStatus::Queued);
    }
    assert_eq!(h.writes_to(txq_reg(0, txq::TDT)), vec![1, 2, 3], "BQL-stopped: a doorbell per frame");
    assert!(d.tx_queue_xoff(0) && !d.tx_queue_stopped(0));
    assert_eq!((counter(&d, "tx_queue_0_bql_stops"), counter(&d, "tx_queue_0_doorbells")), (1, 3));
    // With room under the limit (limit_min), xmit_more batches the doorbell.
    let (mut h, mut d) = up(1, DriverConfig::default());
    d.set_bql_limit_min(0, 1 << 20);
    for i in 0..10u64 {
        assert_eq!(d.xmit(&mut h, 0, &pattern(100, i), i < 9, i), TxStatus::Queued);
    }
    assert_eq!(h.writes, vec![(txq_reg(0, txq::TDT), 10)], "xmit_more: one TDT write for the batch");
    // A batch whose last frame is dropped still rings for the ones before it.
    h.clear_log();
    d.xmit(&mut h, 0, &pattern(100, 20), true, 20);
    assert!(h.writes.is_empty());
    assert_eq!(d.xmit(&mut h, 0, &pattern(5000, 21), false, 21), TxStatus::Dropped(TxDropReason::Oversize));
    assert_eq!(h.writes, vec![(txq_reg(0, txq::TDT), 11)]);
    let sent = h.tx_process(0, 100, &[]);
    assert_eq!(sent.len(), 11);
    assert_eq!(sent[3], pattern(100, 3));
}

/// A 16-entry ring with 128-byte descriptors: 13 descriptors must stay
/// free, so a 1522-byte frame (12 descriptors) stops the queue at once;
/// cleaning wakes it only when all 15 are free.
#[test]
fn stop_and_wake() {
    let c = DriverConfig { tx_ring_size: 16, tx_buf: 128, ..Default::default() };
    let (mut h, mut d) = up(1, c);
    assert_eq!(d.xmit(&mut h, 0, &pattern(1522, 1), true, 1), TxStatus::Queued);
    assert!(d.tx_queue_stopped(0));
    assert_eq!(h.writes, vec![(txq_reg(0, txq::TDT), 12)], "stopping rings the doorbell despite xmit_more");
    assert_eq!(counter(&d, "tx_stops"), 1);
    assert_eq!(d.xmit(&mut h, 0, &pattern(60, 2), false, 2), TxStatus::Busy);
    assert_eq!(counter(&d, "tx_busy"), 1);
    h.tx_process(0, 1, &[]);
    assert_eq!(poll(&mut h, &mut d, 0), 0);
    assert!(!d.tx_queue_stopped(0));
    assert_eq!(counter(&d, "tx_restart_queue"), 1);
    // Small frames: 1 descriptor each; stop once fewer than 13 are free.
    let mut n = 0u64;
    while !d.tx_queue_stopped(0) {
        assert_eq!(d.xmit(&mut h, 0, &pattern(60, 10 + n), true, 10 + n), TxStatus::Queued);
        n += 1;
    }
    assert_eq!(n, 3, "15 free - 3 = 12 < 13");
    // Clean one frame: 13 free is not enough to wake (threshold 15).
    h.tx_process(0, 1, &[]);
    poll(&mut h, &mut d, 0);
    assert!(d.tx_queue_stopped(0));
    h.tx_process(0, 10, &[]);
    poll(&mut h, &mut d, 0);
    assert!(!d.tx_queue_stopped(0));
    assert_eq!((counter(&d, "tx_restart_queue"), counter(&d, "tx_stops")), (2, 2));
    let tokens: Vec<u64> = d.take_tx_completions().iter().map(|c| c.token).collect();
    assert_eq!(tokens, vec![1, 10, 11, 12]);
    assert_eq!(counter(&d, "tx_inflight"), 0);
}

#[test]
fn device_error_reported_per_frame() {
    let (mut h, mut d) = up(2, DriverConfig::default());
    for i in 0..5u64 {
        d.xmit(&mut h, 1, &pattern(300, i), i < 4, 100 + i);
    }
    let sent = h.tx_process(1, 5, &[1, 3]);
    assert_eq!(sent, vec![pattern(300, 0), pattern(300, 2), pattern(300, 4)]);
    assert_eq!(poll(&mut h, &mut d, 1), 0);
    let done = d.take_tx_completions();
    let errs: Vec<(u64, bool)> = done.iter().map(|c| (c.token, c.error)).collect();
    assert_eq!(errs, vec![(100, false), (101, true), (102, false), (103, true), (104, false)]);
    assert_eq!((counter(&d, "tx_errors"), counter(&d, "tx_packets")), (2, 3));
    assert_eq!((counter(&d, "tx_queue_1_errors"), counter(&d, "tx_queue_1_bytes")), (2, 900));
    assert_eq!(counter(&d, "tx_inflight"), 0);
}

/// TX cleanup is limited to 128 frames per poll and does not use the RX
/// budget; an unfinished cleanup keeps NAPI scheduled (returns the budget,
/// no unmask).
#[test]
fn clean_work_limit() {
    let (mut h, mut d) = up(1, DriverConfig::default());
    for i in 0..200u64 {
        d.xmit(&mut h, 0, &pattern(64, i), i < 199, i);
    }
    h.tx_process(0, 200, &[]);
    let mut out = Vec::new();
    assert_eq!(d.napi_poll(&mut h, 0, 64, &mut out), 64, "TX not finished: stay scheduled");
    assert!(h.writes_to(EIMS).is_empty());
    assert_eq!(d.take_tx_completions().len(), TX_WORK_LIMIT);
    assert_eq!(d.napi_poll(&mut h, 0, 64, &mut out), 0);
    assert_eq!(h.writes_to(EIMS), vec![1]);
    assert_eq!(d.take_tx_completions().len(), 72);
    assert!(out.is_empty());
    assert_eq!(counter(&d, "tx_packets"), 200);
}

#[test]
fn select_queue_follows_rss() {
    let (_h, d) = up(4, DriverConfig::default());
    let t = Toeplitz::new(&DEFAULT_KEY);
    let mut seen = [0usize; 4];
    for sport in 1000..1100u16 {
        let f = udp4(80, sport);
        let (_, hash) = hash_frame(&t, 0x7f, &f);
        let q = d.select_queue(&f);
        assert_eq!(q, (hash & 127) as usize % 4, "sport {sport}");
        seen[q] += 1;
    }
    assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
    let mut arp = pattern(60, 9);
    arp[12..14].copy_from_slice(&[0x08, 0x06]);
    assert_eq!(d.select_queue(&arp), 0, "no hash: queue 0");
}

/// Random frame sizes and device progress on a small ring, many laps:
/// every frame comes out once, in order, intact; the driver never hands
/// over more than the ring holds, and stop/wake keeps it going.
#[test]
fn random_laps() {
    for seed in [3u64, 99, 0xfeed] {
        let mut rng = XorShift(seed);
        let c = DriverConfig { tx_ring_size: 32, tx_buf: 500, mtu: 4000, ..Default::default() };
        let (mut h, mut d) = up(1, c);
        let mut backlog: std::collections::VecDeque<(u64, Vec<u8>)> = Default::default();
        let mut expect = std::collections::VecDeque::new();
        let mut next = 0u64;
        let mut got = 0;
        for _ in 0..3000 {
            match rng.next() % 4 {
                0 | 1 => {
                    for _ in 0..rng.range(1, 5) {
                        backlog.push_back((next, pattern(rng.range(1, 4022) as usize, seed ^ next)));
                        next += 1;
                    }
                    while !d.tx_queue_stopped(0) {
                        let Some((tok, f)) = backlog.pop_front() else { break };
                        let more = !backlog.is_empty();
                        assert_eq!(d.xmit(&mut h, 0, &f, more, tok), TxStatus::Queued);
                        expect.push_back(f);
                    }
                }
                2 => {
                    for f in h.tx_process(0, rng.range(0, 4) as usize, &[]) {
                        assert_eq!(f, expect.pop_front().unwrap());
                        got += 1;
                    }
                }
                _ => {
                    poll(&mut h, &mut d, 0);
                }
            }
            assert!(counter(&d, "tx_inflight") <= 31);
        }
        for f in h.tx_process(0, usize::MAX, &[]) {
            assert_eq!(f, expect.pop_front().unwrap());
            got += 1;
        }
        poll(&mut h, &mut d, 0);
        assert_eq!(counter(&d, "tx_inflight"), 0);
        assert_eq!(counter(&d, "tx_packets"), got);
        assert!(counter(&d, "tx_stops") > 0 && counter(&d, "tx_restart_queue") > 0, "seed {seed}");
        assert_eq!(counter(&d, "tx_busy"), 0);
    }
}
