//! Driver behaviour against the fake device in `common`.

mod common;

use common::{pattern, FakeHost, XorShift};
use nicsim_driver::*;
use nicsim_hw::desc::{RxReadDesc, RxWbDesc, RX_STATUS_BYTE, STA_DD, STA_EOP};
use nicsim_hw::regs::*;
use nicsim_hw::rss::{HashType, DEFAULT_KEY};

fn cfg(queues: usize) -> DriverConfig {
    DriverConfig { queues, ..Default::default() }
}

fn up(dev_queues: u32, c: DriverConfig) -> (FakeHost, Driver) {
    let mut h = FakeHost::new(dev_queues);
    let d = Driver::probe(&mut h, c).expect("probe");
    h.clear_log();
    (h, d)
}

fn counter(d: &Driver, name: &str) -> u64 {
    d.counters().into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

fn poll(h: &mut FakeHost, d: &mut Driver, q: usize, budget: usize) -> (usize, Vec<RxFrame>) {
    let mut out = Vec::new();
    let n = d.napi_poll(h, q, budget, &mut out);
    assert_eq!(n, out.len(), "return value counts delivered frames");
    (n, out)
}

// ------------------------------------------------------------------ probe

#[test]
fn probe_programs_expected_registers() {
    let mut h = FakeHost::new(8);
    let key: [u8; 40] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(1));
    let c = DriverConfig {
        queues: 3,
        ring_size: 256,
        buf_size: 3072,
        mtu: 4000,
        rss_key: key,
        rx_usecs: 20,
        rx_frames: 8,
        weight: 64,
        ..Default::default()
    };
    let d = Driver::probe(&mut h, c).unwrap();
    assert_eq!(d.queues(), 3);
    assert_eq!(d.misc_vector(), 8, "misc is the device's last vector");

    // Reset is the first thing written, and probe waited for RST to clear.
    assert_eq!(h.writes[0], (CTRL, ctrl::RST.val(1)));
    assert!(h.reads.iter().filter(|&&a| a == CTRL).count() >= 3);

    assert_eq!(h.reg(MTU), 4000);
    for i in 0..10 {
        let k = &key[4 * i..4 * i + 4];
        assert_eq!(h.reg(rss_key(i)), (k[0] as u32) << 24 | (k[1] as u32) << 16 | (k[2] as u32) << 8 | k[3] as u32);
    }
    for e in 0..128 {
        let word = h.reg(reta(e / 4));
        assert_eq!((word >> (8 * (e % 4))) & 0xf, (e % 3) as u32, "RETA entry {e}");
    }
    assert_eq!(h.reg(RSS_CTRL), 0x7f);

    let used = [0usize, 1, 2, 8];
    for v in 0..MSIX_COUNT {
        let (addr, data) = h.msi_message(v);
        if used.contains(&v) {
            assert_eq!(h.reg(msix_reg(v, msix::ADDR_LO)), addr as u32);
            assert_eq!(h.reg(msix_reg(v, msix::ADDR_HI)), (addr >> 32) as u32);
            assert_eq!(h.reg(msix_reg(v, msix::DATA)), data);
            assert_eq!(h.reg(msix_reg(v, msix::VCTRL)), 0, "vector {v} unmasked");
        } else {
            assert_eq!(h.reg(msix_reg(v, msix::VCTRL)), 1, "unused vector {v} stays masked");
        }
    }
    for q in 0..3 {
        assert_eq!(h.reg(vec_itr(q)), 20 | 8 << 16);
    }
    assert_eq!(h.reg(vec_itr(8)), 0);
    assert_eq!(msix_ctrl::ENABLE.get(h.reg(MSIX_CTRL)), 1);
    let mask = 0b111 | 1 << 8;
    assert_eq!(h.reg(EIAM), mask);
    assert_eq!(h.reg(EIMS), mask, "exactly the used vectors enabled (reset cleared the rest)");
    assert_eq!(h.reg(MISC_IMS), 7);
    assert_eq!(ctrl::RX_EN.get(h.reg(CTRL)), 1);

    for q in 0..8 {
        if q >= 3 {
            assert!(!h.enabled(q), "unused queue {q} stays off");
            continue;
        }
        assert!(h.enabled(q));
        assert_eq!(h.ring_len(q), 256);
        assert_eq!(h.bsize(q), 3072);
        assert_eq!(h.reg(rxq_reg(q, rxq::IVAR)), q as u32);
        assert_eq!(h.tail(q), 255, "RDT = ring_size - 1");
        assert_eq!(h.head(q), 0);
        let base = h.ring_base(q);
        assert_eq!(base % 128, 0);
        assert!(base >> 32 != 0, "RDBAH programmed");
        let mut bufs = Vec::new();
        for s in 0..256 {
            let rd = RxReadDesc::from_bytes(&h.read_desc(q, s));
            assert_eq!(rd.buf_addr % 4096, 0, "3 KiB buffers aligned to 4 KiB");
            assert_eq!(h.read_desc(q, s)[8..], [0u8; 8]);
            bufs.push(rd.buf_addr);
        }
        bufs.sort();
        bufs.dedup();
        assert_eq!(bufs.len(), 256, "one distinct buffer per slot");
    }
    // Order: queues enabled before their doorbell, interrupts and RX_EN last.
    let pos = |a: u32, v: u32| h.writes.iter().position(|&w| w == (a, v)).unwrap();
    assert!(pos(rxq_reg(0, rxq::RXCTL), 3 << 8 | 1) < pos(rxq_reg(0, rxq::RDT), 255));
    assert!(pos(rxq_reg(2, rxq::RDT), 255) < pos(EIMS, mask));
    assert_eq!(*h.writes.last().unwrap(), (CTRL, 1));
}

#[test]
fn probe_fails_cleanly_on_wrong_id() {
    let mut h = FakeHost::new(4);
    h.id = 0xffff_ffff;
    let e = Driver::probe(&mut h, cfg(1)).unwrap_err();
    assert_eq!(e, DriverError::NoDevice(0xffff_ffff));
    assert!(e.to_string().contains("no nicsim device at BAR0 (ID reads 0xffffffff"), "{e}");
    assert!(h.writes.is_empty(), "nothing written to an unknown device");
}

#[test]
fn probe_fails_on_version_caps_and_reset() {
    let mut h = FakeHost::new(4);
    h.version = 2 << 16 | 3;
    let e = Driver::probe(&mut h, cfg(1)).unwrap_err();
    assert_eq!(e, DriverError::Version { major: 2, minor: 3 });
    assert!(e.to_string().contains("2.3"));
    assert!(h.writes.is_empty());

    let mut h = FakeHost::new(4);
    let e = Driver::probe(&mut h, cfg(5)).unwrap_err();
    assert_eq!(e, DriverError::TooManyQueues { requested: 5, available: 4 });
    assert!(e.to_string().contains("only 4 RX queues"), "{e}");
    assert!(h.writes.is_empty());

    let mut h = FakeHost::new(4);
    h.rst_reads = None; // RST never clears
    let e = Driver::probe(&mut h, cfg(1)).unwrap_err();
    assert_eq!(e, DriverError::ResetTimeout(RESET_POLLS));
    assert_eq!(h.reads.iter().filter(|&&a| a == CTRL).count(), RESET_POLLS as usize);
    assert_eq!(h.writes.len(), 1, "only the reset was written");

    let mut h = FakeHost::new(0);
    assert!(matches!(Driver::probe(&mut h, cfg(1)), Err(DriverError::BadCaps { rxq: 0, .. })));
}

#[test]
fn probe_fails_cleanly_on_bad_config() {
    let bad = [
        (DriverConfig { queues: 0, ..Default::default() }, DriverError::Queues(0), "1..=16"),
        (DriverConfig { queues: 17, ..Default::default() }, DriverError::Queues(17), "1..=16"),
        (DriverConfig { ring_size: 500, ..Default::default() }, DriverError::RingSize(500), "power of two"),
        (DriverConfig { ring_size: 4, ..Default::default() }, DriverError::RingSize(4), "8 to 4096"),
        (DriverConfig { ring_size: 8192, ..Default::default() }, DriverError::RingSize(8192), "8 to 4096"),
        (DriverConfig { buf_size: 1500, ..Default::default() }, DriverError::BufSize(1500), "multiple of 1024"),
        (DriverConfig { buf_size: 32768, ..Default::default() }, DriverError::BufSize(32768), "16384"),
        (DriverConfig { mtu: 67, ..Default::default() }, DriverError::Mtu(67), "68..=16356"),
        (DriverConfig { mtu: 16357, ..Default::default() }, DriverError::Mtu(16357), "68..=16356"),
        (DriverConfig { weight: 0, ..Default::default() }, DriverError::Weight(0), "at least 1"),
    ];
    for (c, want, hint) in bad {
        assert_eq!(c.validate(), Err(want.clone()));
        let mut h = FakeHost::new(16);
        let e = Driver::probe(&mut h, c).unwrap_err();
        assert_eq!(e, want);
        assert!(e.to_string().contains(hint), "message {e:?} lacks {hint:?}");
        assert!(h.writes.is_empty() && h.reads.is_empty(), "config checked before touching the device");
    }
    // 9000-byte MTU in 1 KiB buffers needs 9 descriptors; a ring of 8 gives 7.
    let c = DriverConfig { ring_size: 8, buf_size: 1024, mtu: 9000, ..Default::default() };
    let e = c.validate().unwrap_err();
    assert!(matches!(e, DriverError::RingTooSmall { max_frame: 9022, usable: 7, .. }));
    assert!(e.to_string().contains("raise ring_size or buf_size"), "{e}");
    assert_eq!(DriverConfig::default().validate(), Ok(()));
}

#[test]
fn config_defaults() {
    let c = DriverConfig::default();
    // igb's: IGB_DEFAULT_RXD/TXD 256, rx-usecs 3 (IGB_DEFAULT_ITR), tx-usecs 0 (paired queues).
    assert_eq!((c.queues, c.ring_size, c.buf_size, c.mtu, c.weight), (1, 256, 2048, 1500, 64));
    assert_eq!((c.tx_ring_size, c.rx_usecs, c.tx_usecs), (256, 3, 0));
    assert_eq!(c.rss_key, DEFAULT_KEY);
}

// ------------------------------------------------------------------ RX path

#[test]
fn poll_delivers_frames_in_order_with_hash() {
    let (mut h, mut d) = up(4, cfg(2));
    let types = [HashType::Ipv4Tcp, HashType::Ipv6Udp, HashType::None, HashType::Ipv4];
    let mut sent = Vec::new();
    for i in 0..10u64 {
        let f = pattern(60 + 97 * i as usize, i);
        let ht = types[i as usize % 4];
        assert!(h.dma_frame(1, &f, 0x1000_0000 + i as u32, ht));
        sent.push((f, ht, if ht == HashType::None { 0 } else { 0x1000_0000 + i as u32 }));
    }
    let (n, out) = poll(&mut h, &mut d, 1, 64);
    assert_eq!(n, 10);
    for (got, (data, ht, hash)) in out.iter().zip(&sent) {
        assert_eq!(got.queue, 1);
        assert_eq!(&got.data, data);
        assert_eq!(got.hash_type, *ht);
        assert_eq!(got.hash, *hash);
    }
    // Completed: exactly one EIMS write, for vector 1, after the last RDT write.
    assert_eq!(h.writes_to(EIMS), vec![1 << 1]);
    assert_eq!(h.writes.last().unwrap().0, EIMS);
    assert_eq!(h.writes_to(rxq_reg(1, rxq::RDT)), vec![9], "tail 511 + 10 wraps to 9");
    assert_eq!(h.charged("poll"), 1);
    assert_eq!(h.charged("desc"), 10);
    assert_eq!(h.charged("frame"), 10);
    assert_eq!(h.charged("refill"), 10);
    assert_eq!(counter(&d, "rx_packets"), 10);
    assert_eq!(counter(&d, "rx_queue_1_packets"), 10);
    assert_eq!(counter(&d, "rx_queue_0_packets"), 0);
    let bytes: u64 = sent.iter().map(|s| s.0.len() as u64).sum();
    assert_eq!(counter(&d, "rx_bytes"), bytes);
    assert_eq!(counter(&d, "rx_queue_1_bytes"), bytes);
    assert_eq!((counter(&d, "napi_polls"), counter(&d, "napi_complete")), (1, 1));
    // Nothing left: an empty poll still completes and re-enables.
    h.clear_log();
    let (n, _) = poll(&mut h, &mut d, 1, 64);
    assert_eq!(n, 0);
    assert_eq!(h.writes, vec![(EIMS, 1 << 1)], "empty poll: no doorbell, just unmask");
}

#[test]
fn jumbo_frame_assembled_across_polls() {
    let c = DriverConfig { mtu: 9000, ring_size: 64, ..cfg(1) };
    let (mut h, mut d) = up(1, c);
    let small = pattern(100, 1);
    let jumbo = pattern(9000, 2); // 5 descriptors of 2 KiB
    let after = pattern(1514, 3);
    assert!(h.dma_frame(0, &small, 7, HashType::Ipv4));
    // Device wrote all data but only 3 of 5 write-backs so far.
    let mut pend = h.dma_frame_partial(0, &jumbo, 0xabcd, HashType::Ipv4Tcp, Some(3)).unwrap();
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 1);
    assert_eq!(out[0].data, small);
    assert_eq!(h.writes_to(EIMS), vec![1], "partial frame does not block completion");
    // Slots of the half frame were already given back (data copied out).
    assert_eq!(h.writes_to(rxq_reg(0, rxq::RDT)), vec![(63 + 4) % 64]);

    h.complete_wb(&mut pend, 1);
    let (n, _) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 0, "EOP still missing");
    h.complete_wb(&mut pend, 1);
    assert!(h.dma_frame(0, &after, 9, HashType::Ipv6));
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 2);
    assert_eq!(out[0].data.len(), 9000);
    assert_eq!(out[0].data, jumbo);
    assert_eq!((out[0].hash, out[0].hash_type), (0xabcd, HashType::Ipv4Tcp));
    assert_eq!(out[1].data, after);
    assert_eq!(counter(&d, "rx_packets"), 3);
    assert_eq!(counter(&d, "rx_desc_errors"), 0);
}

#[test]
fn budget_respected_and_no_unmask_when_exhausted() {
    let (mut h, mut d) = up(1, cfg(1));
    for i in 0..100 {
        assert!(h.dma_frame(0, &pattern(64, i), i as u32, HashType::Ipv4Udp));
    }
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 64);
    assert!(h.writes_to(EIMS).is_empty(), "budget used up: NAPI stays scheduled, vector stays masked");
    assert_eq!(counter(&d, "napi_complete"), 0);
    assert_eq!(out[63].data, pattern(64, 63));
    h.clear_log();
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 36);
    assert_eq!(out[0].data, pattern(64, 64));
    assert_eq!(h.writes_to(EIMS), vec![1]);
    assert_eq!((counter(&d, "napi_polls"), counter(&d, "napi_complete")), (2, 1));

    // Exactly `budget` frames available: still returns budget, no unmask.
    for i in 0..8 {
        h.dma_frame(0, &pattern(64, i), 0, HashType::None);
    }
    h.clear_log();
    assert_eq!(poll(&mut h, &mut d, 0, 8).0, 8);
    assert!(h.writes_to(EIMS).is_empty());
    // Budget 0 (netpoll-style) does nothing but also never unmasks.
    h.dma_frame(0, &pattern(64, 0), 0, HashType::None);
    h.clear_log();
    assert_eq!(poll(&mut h, &mut d, 0, 0).0, 0);
    assert!(h.writes.is_empty());
}

#[test]
fn refill_writes_rdt_once_per_16_descriptors() {
    let (mut h, mut d) = up(1, cfg(1));
    for i in 0..40 {
        h.dma_frame(0, &pattern(200, i), 0, HashType::Ipv4);
    }
    let (n, _) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 40);
    // Tail starts at 511: +16 -> 15, +16 -> 31, remaining 8 at the end -> 39.
    assert_eq!(h.writes_to(rxq_reg(0, rxq::RDT)), vec![15, 31, 39]);
    assert_eq!(h.charged("refill"), 40);
    for s in (511..512).chain(0..39) {
        let b = h.read_desc(0, s);
        assert_eq!(b[8..], [0u8; 8], "slot {s} rewritten as a read descriptor, DD cleared");
    }
    // Multi-descriptor frames count descriptors, not frames, for the batch.
    let c = DriverConfig { mtu: 9000, ..cfg(1) };
    let (mut h, mut d) = up(1, c);
    for i in 0..4 {
        h.dma_frame(0, &pattern(9000, i), 0, HashType::Ipv4); // 5 descriptors each
    }
    assert_eq!(poll(&mut h, &mut d, 0, 64).0, 4);
    assert_eq!(h.writes_to(rxq_reg(0, rxq::RDT)), vec![15, 19]);
    assert_eq!(h.charged("desc"), 20);
}

#[test]
fn corrupt_writeback_counted_not_panicking() {
    let c = DriverConfig { mtu: 9000, ring_size: 64, ..cfg(1) };
    let (mut h, mut d) = up(1, c);
    let frames: Vec<Vec<u8>> = (0..5).map(|i| pattern(300 + i, i as u64)).collect();
    // A ok, B bad hash type, C ok, D length > buffer, E ok.
    for f in &frames {
        h.dma_frame(0, f, 1, HashType::Ipv4);
    }
    h.write_wb(0, 1, &RxWbDesc { rss_hash: 1, hash_type_raw: 9, len: 301, status: STA_DD | STA_EOP, errors: 0 });
    h.write_wb(0, 3, &RxWbDesc { rss_hash: 1, hash_type_raw: 1, len: 4000, status: STA_DD | STA_EOP, errors: 0 });
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 3);
    let got: Vec<&Vec<u8>> = out.iter().map(|f| &f.data).collect();
    assert_eq!(got, vec![&frames[0], &frames[2], &frames[4]]);
    assert_eq!(counter(&d, "rx_desc_errors"), 2);
    assert_eq!(counter(&d, "rx_dropped"), 2);
    assert_eq!(h.writes_to(rxq_reg(0, rxq::RDT)), vec![(63 + 5) % 64], "bad slots recycled too");

    // A jumbo with a zero-length middle write-back: the whole frame goes,
    // its tail is not delivered as a frame, and the next frame is intact.
    let jumbo = pattern(9000, 10);
    let next = pattern(1000, 11);
    let mut p = h.dma_frame_partial(0, &jumbo, 5, HashType::Ipv6Tcp, Some(0)).unwrap();
    let (slot, mut wb) = p.descs[2];
    wb.len = 0;
    p.descs[2] = (slot, wb);
    h.complete_wb(&mut p, 5);
    h.dma_frame(0, &next, 6, HashType::Ipv6);
    let (n, out) = poll(&mut h, &mut d, 0, 64);
    assert_eq!(n, 1);
    assert_eq!(out[0].data, next);
    assert_eq!(counter(&d, "rx_desc_errors"), 3);
    assert_eq!(counter(&d, "rx_dropped"), 3);

    // Pure garbage with DD set never panics and is all recycled.
    let mut rng = XorShift(0x5eed);
    for s in 0..64 {
        let mut b = [0u8; 16];
        b.iter_mut().for_each(|x| *x = rng.next() as u8);
        b[RX_STATUS_BYTE] |= STA_DD;
        let a = h.desc_addr(0, s);
        h.poke(a, &b);
    }
    let mut out = Vec::new();
    let n = d.napi_poll(&mut h, 0, 64, &mut out);
    assert!(n <= 64);
    assert!(counter(&d, "rx_desc_errors") > 3);
}

#[test]
fn irq_handlers() {
    let (mut h, mut d) = up(8, cfg(4));
    assert_eq!(d.irq(&mut h, 2), IrqOutcome::ScheduleNapi(2));
    assert!(h.writes.is_empty() && h.reads.is_empty(), "queue IRQ does no MMIO");
    assert_eq!(d.irq(&mut h, 5), IrqOutcome::Spurious, "vector 5 unused with 4 queues");
    assert_eq!(counter(&d, "rx_irqs"), 1);
    assert_eq!(counter(&d, "rx_queue_2_irqs"), 1);
    assert_eq!(counter(&d, "rx_irqs_spurious"), 1);

    h.set_reg(EIMS, h.reg(EIMS) & !(1 << 8)); // auto-masked by the fire
    h.set_reg(MISC_CAUSE, 0b101); // DMA_ERR | REG_ERR
    assert_eq!(d.irq(&mut h, 8), IrqOutcome::Misc);
    assert_eq!(h.reg(MISC_CAUSE), 0, "causes cleared");
    assert_eq!(h.writes, vec![(MISC_CAUSE, 0b101), (EIMS, 1 << 8)]);
    assert_ne!(h.reg(EIMS) & 1 << 8, 0);
    assert_eq!(counter(&d, "rx_irqs_misc"), 1);
    assert_eq!(counter(&d, "dma_errors"), 1);
    assert_eq!(counter(&d, "desc_errors"), 0);
    assert_eq!(counter(&d, "reg_errors"), 1);
    h.set_reg(MISC_CAUSE, 0b010);
    d.irq(&mut h, 8);
    assert_eq!((counter(&d, "desc_errors"), counter(&d, "rx_irqs_misc")), (1, 2));
}

#[test]
fn device_stats_named_and_widened() {
    let (mut h, mut d) = up(2, cfg(2));
    h.dma_frame(1, &pattern(100, 1), 0, HashType::None);
    h.set_reg(STAT_RX_NO_DESC, 3);
    h.set_reg(STAT_RX_OFFERED, 0xffff_fff0);
    let s = d.device_stats(&mut h);
    let get = |s: &Vec<(String, u64)>, n: &str| s.iter().find(|(k, _)| k == n).unwrap_or_else(|| panic!("{n}")).1;
    assert_eq!(get(&s, "rx_pkts_nic"), 1);
    assert_eq!(get(&s, "rx_bytes_nic"), 100);
    assert_eq!(get(&s, "rx_no_buffer_count"), 3);
    assert_eq!(get(&s, "rx_queue_1_pkts_nic"), 1);
    assert_eq!(get(&s, "rx_queue_1_bytes_nic"), 100);
    assert_eq!(get(&s, "rx_queue_0_pkts_nic"), 0);
    for n in [
        "rx_offered",
        "rx_long_length_errors",
        "rx_missed_errors",
        "rx_crc_errors",
        "dma_errors_nic",
        "desc_errors_nic",
        "reg_errors_nic",
        "msix_sent",
        "rx_queue_0_drops",
        "rx_queue_1_drops",
    ] {
        get(&s, n);
    }
    h.set_reg(STAT_RX_OFFERED, 0x10); // wrapped
    let s = d.device_stats(&mut h);
    assert_eq!(get(&s, "rx_offered"), 0x1_0000_0010);
    assert!(h.writes.is_empty(), "stats are read-only");
}

#[test]
fn remove_stops_the_device() {
    let (mut h, mut d) = up(2, cfg(2));
    d.remove(&mut h);
    assert_eq!(ctrl::RX_EN.get(h.reg(CTRL)), 0);
    assert!(!h.enabled(0) && !h.enabled(1));
    assert_eq!(h.bsize(0), 2048, "BSIZE kept");
    assert_eq!(h.reg(EIMS), 0);
    assert_eq!(h.reg(msix_reg(0, msix::VCTRL)), 1);
    assert_eq!(h.reg(msix_reg(2, msix::VCTRL)), 1);
    h.clear_log();
    assert_eq!(d.irq(&mut h, 0), IrqOutcome::Spurious);
    let mut out = Vec::new();
    assert_eq!(d.napi_poll(&mut h, 0, 64, &mut out), 0);
    d.remove(&mut h);
    assert!(h.writes.is_empty() && h.reads.is_empty());
}

// ------------------------------------------------------------------ random

/// Random frames on several queues, random write-back delays and budgets,
/// many laps of small rings: every frame the fake device accepted comes out
/// once, in order, intact; the driver never lets a doorbell overrun.
#[test]
fn random_frames_many_laps() {
    for seed in [1u64, 0xdead_beef, 42, 7_777_777] {
        let mut rng = XorShift(seed);
        let queues = 3;
        let c = DriverConfig { queues, ring_size: 32, buf_size: 1024, mtu: 9000, ..Default::default() };
        let (mut h, mut d) = up(4, c);
        let mut expect: Vec<std::collections::VecDeque<(Vec<u8>, u32, HashType)>> = vec![Default::default(); queues];
        let mut pending: Vec<Option<common::PendingWb>> = (0..queues).map(|_| None).collect();
        let mut sent = 0u64;
        let mut delivered = 0u64;
        for step in 0..3000u64 {
            let q = rng.range(0, queues as u64 - 1) as usize;
            match rng.next() % 10 {
                0..=5 => {
                    // The device finishes earlier write-backs before the next frame.
                    if let Some(mut p) = pending[q].take() {
                        h.complete_wb(&mut p, usize::MAX);
                    }
                    let len = if rng.chance(20) { rng.range(1025, 9022) } else { rng.range(60, 1024) } as usize;
                    let data = pattern(len, seed ^ step);
                    let ht = HashType::from_code(rng.range(0, 6) as u8).unwrap();
                    let hash = if ht == HashType::None { 0 } else { rng.next() as u32 };
                    let descs = len.div_ceil(1024);
                    let wb_now = if rng.chance(30) { Some(rng.range(0, descs as u64) as usize) } else { None };
                    sent += 1;
                    if let Some(p) = h.dma_frame_partial(q, &data, hash, ht, wb_now) {
                        expect[q].push_back((data, hash, ht));
                        pending[q] = Some(p);
                    }
                }
                6 => {
                    if let Some(p) = pending[q].as_mut() {
                        let k = rng.range(0, 3) as usize;
                        h.complete_wb(p, k);
                    }
                }
                _ => {
                    let budget = rng.range(1, 16) as usize;
                    h.clear_log();
                    let (n, out) = poll(&mut h, &mut d, q, budget);
                    assert!(n <= budget);
                    let unmasked = !h.writes_to(EIMS).is_empty();
                    assert_eq!(unmasked, n < budget, "unmask iff work < budget");
                    for f in out {
                        let (data, hash, ht) = expect[q].pop_front().expect("frame nobody sent");
                        assert_eq!(f.queue, q);
                        assert_eq!(f.data, data, "seed {seed} step {step}");
                        assert_eq!((f.hash, f.hash_type), (hash, ht));
                        delivered += 1;
                    }
                    check_tail(&h, q, n < budget);
                }
            }
        }
        // Drain everything.
        for q in 0..queues {
            if let Some(mut p) = pending[q].take() {
                h.complete_wb(&mut p, usize::MAX);
            }
            loop {
                let (n, out) = poll(&mut h, &mut d, q, 64);
                for f in out {
                    let (data, _, _) = expect[q].pop_front().unwrap();
                    assert_eq!(f.data, data);
                    delivered += 1;
                }
                if n < 64 {
                    break;
                }
            }
            assert!(expect[q].is_empty(), "queue {q}: {} frames never delivered", expect[q].len());
        }
        assert_eq!(delivered + h.no_desc, sent);
        assert_eq!(counter(&d, "rx_packets"), delivered);
        assert_eq!(counter(&d, "rx_desc_errors"), 0);
        assert!(delivered > 500, "seed {seed}: too few frames ({delivered}) to mean much");
    }
}

/// After a poll the driver has given back everything it cleaned, so its
/// tail sits right behind `next_to_clean`: the slots in (RDT, RDH) are the
/// ones filled but not yet cleaned. If the poll stopped early (work <
/// budget) the first of them must lack DD, or the driver stopped too soon.
fn check_tail(h: &FakeHost, q: usize, stopped_early: bool) {
    let len = h.ring_len(q);
    let uncleaned = (h.head(q) + len - h.tail(q) - 1) % len;
    if stopped_early && uncleaned > 0 {
        let first = (h.tail(q) + 1) % len;
        assert_eq!(h.read_desc(q, first)[RX_STATUS_BYTE] & STA_DD, 0, "poll stopped before a DD descriptor");
    }
}
