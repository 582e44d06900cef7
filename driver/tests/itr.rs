//! Interrupt moderation as igb sets it (issue 10): rx-usecs meanings and
//! refusals (igb_set_coalesce), the adaptive ITR per completed poll
//! (igb_set_itr with one queue vector, igb_update_ring_itr with several),
//! the interval written at the next interrupt (igb_write_itr), and the
//! watchdog's periodic counter reads (igb_update_stats).

mod common;

use common::{pattern, FakeHost};
use nicsim_driver::*;
use nicsim_hw::regs::*;
use nicsim_hw::rss::HashType;

/// igb on the gigabit link its adaptive ITR is written for.
fn gig(rx_usecs: u16) -> DriverConfig {
    DriverConfig { rx_usecs, link_speed: SPEED_1000, ..Default::default() }
}

fn up(queues: usize, c: DriverConfig) -> (FakeHost, Driver) {
    let mut h = FakeHost::with_tx(queues as u32);
    let d = Driver::probe(&mut h, DriverConfig { queues, ..c }).expect("probe");
    h.clear_log();
    (h, d)
}

/// `n` frames of `len` bytes land on queue `q`, one poll cleans them, then
/// the vector's next interrupt comes. Returns the VEC_ITR writes of that
/// interrupt (what igb_write_itr programmed).
fn round(h: &mut FakeHost, d: &mut Driver, q: usize, n: usize, len: usize) -> Vec<u32> {
    for i in 0..n {
        assert!(h.dma_frame(q, &pattern(len, i as u64), 0, HashType::None));
    }
    let mut out = Vec::new();
    assert_eq!(d.napi_poll(h, q, 64, &mut out), n, "poll completes below its budget");
    h.clear_log();
    assert_eq!(d.irq(h, q), IrqOutcome::ScheduleNapi(q));
    h.writes_to(vec_itr(q))
}

#[test]
fn rx_usecs_meanings_and_refusals_are_igbs() {
    for ok in [0u16, 1, 3, 10, 50, 10000] {
        assert_eq!(DriverConfig { rx_usecs: ok, ..Default::default() }.validate(), Ok(()), "rx-usecs {ok}");
    }
    for bad in [2u16, 4, 5, 9, 10001, 65535] {
        let e = DriverConfig { rx_usecs: bad, ..Default::default() }.validate().unwrap_err();
        assert_eq!(e, DriverError::Coalesce { what: "rx-usecs", value: bad });
        assert!(e.to_string().contains("Invalid argument"), "{e}");
    }
    // Queue pairs: tx-usecs must be 0.
    let e = DriverConfig { tx_usecs: 20, ..Default::default() }.validate().unwrap_err();
    assert_eq!(e, DriverError::Coalesce { what: "tx-usecs", value: 20 });
    assert_eq!(ItrSetting::from_usecs(3), Some(ItrSetting::Conservative));
    assert_eq!(ItrSetting::from_usecs(1), Some(ItrSetting::Dynamic));
    assert_eq!(ItrSetting::from_usecs(25), Some(ItrSetting::Fixed(25)));

    // What probe programs: fixed = the value, off = 0, dynamic starts at
    // IGB_START_ITR (648 quarter-us = 162 us); TX gets the vector's interval.
    for (usecs, want) in [(0u16, 0u32), (50, 50), (1, 162), (3, 162)] {
        let mut h = FakeHost::with_tx(2);
        let d = Driver::probe(&mut h, DriverConfig { queues: 2, rx_usecs: usecs, ..Default::default() }).unwrap();
        for q in 0..2 {
            assert_eq!(h.reg(vec_itr(q)), want, "rx-usecs {usecs}");
            assert_eq!(h.reg(vec_txitr(q)), want, "rx-usecs {usecs}: TX paired");
        }
        assert_eq!(h.reg(vec_itr(2)), 0, "misc vector unmoderated");
        assert_eq!(d.itr_history().len(), 2);
        assert!(d.itr_history().iter().all(|w| w.usecs as u32 == want));
    }
}

#[test]
fn fixed_rx_usecs_never_changes() {
    let (mut h, mut d) = up(1, DriverConfig { rx_usecs: 30, ..Default::default() });
    for (n, len) in [(1, 60), (40, 1514), (1, 60), (60, 1514)] {
        assert_eq!(round(&mut h, &mut d, 0, n, len), Vec::<u32>::new());
    }
    assert_eq!(d.itr_val(0), 120);
}

/// igb_set_itr (one queue vector) on a gigabit link: the interval rises
/// under bulk load and falls back when traffic is light; conservative mode
/// (3) never goes below 20k interrupts/s (49 us).
#[test]
fn adaptive_itr_rises_under_load_and_falls_when_idle() {
    let (mut h, mut d) = up(1, gig(1));
    assert_eq!(d.itr_val(0), IGB_START_ITR);
    // A few large frames: lowest -> low latency (20k/s, 49 us).
    assert_eq!(round(&mut h, &mut d, 0, 2, 1514), vec![49]);
    // Sustained full-size frames: low -> bulk latency (4k/s, 245 us).
    assert_eq!(round(&mut h, &mut d, 0, 20, 1514), vec![245]);
    assert_eq!(d.itr_val(0), IGB_4K_ITR);
    // Still bulk: nothing to write.
    assert_eq!(round(&mut h, &mut d, 0, 20, 1514), Vec::<u32>::new());
    // Light traffic: bulk -> low -> lowest (70k/s, 14 us).
    assert_eq!(round(&mut h, &mut d, 0, 1, 60), vec![49]);
    assert_eq!(round(&mut h, &mut d, 0, 1, 60), vec![14]);
    assert_eq!(d.itr_val(0), IGB_70K_ITR);
    // A poll with nothing in it leaves the state alone.
    assert_eq!(round(&mut h, &mut d, 0, 0, 60), Vec::<u32>::new());

    // Conservative: the same light traffic stops at 49 us.
    let (mut h, mut d) = up(1, gig(3));
    assert_eq!(round(&mut h, &mut d, 0, 2, 1514), vec![49]);
    assert_eq!(round(&mut h, &mut d, 0, 20, 1514), vec![245]);
    assert_eq!(round(&mut h, &mut d, 0, 1, 60), vec![49]);
    assert_eq!(round(&mut h, &mut d, 0, 1, 60), Vec::<u32>::new());
    assert_eq!(d.itr_val(0), IGB_20K_ITR);
    // The history has every write, in order, per vector.
    let usecs: Vec<u16> = d.itr_history().iter().map(|w| w.usecs).collect();
    assert_eq!(usecs, vec![162, 49, 245, 49]);
}

/// igb_update_ring_itr (several queue vectors) on a gigabit link: the
/// interval follows the average frame size; conservative keeps it at or
/// above 49 us.
#[test]
fn adaptive_itr_by_frame_size_with_several_vectors() {
    let (mut h, mut d) = up(2, gig(1));
    // 1514 + 24 = 1538 bytes on the wire: 1538 / 2 = 769 quarter-us = 192 us.
    assert_eq!(round(&mut h, &mut d, 1, 10, 1514), vec![192]);
    // 600 + 24 = 624 (mid-size boost): 624 / 3 = 208 = 52 us.
    assert_eq!(round(&mut h, &mut d, 1, 10, 600), vec![52]);
    // 60 + 24 = 84: 42 = 10 us.
    assert_eq!(round(&mut h, &mut d, 1, 10, 60), vec![10]);
    // Queue 0 untouched.
    assert_eq!(d.itr_val(0), IGB_START_ITR);
    let (mut h, mut d) = up(2, gig(3));
    assert_eq!(round(&mut h, &mut d, 1, 10, 60), vec![49]);
}

/// igb_set_itr and igb_update_ring_itr begin "for non-gigabit speeds, just
/// fix the interrupt rate at 4000": at any link speed but 1000 Mb/s the
/// first completed poll moves a dynamic vector from IGB_START_ITR to
/// IGB_4K_ITR (245 us) and no traffic moves it again. 10G is nicsim's
/// default link.
#[test]
fn non_gigabit_links_fix_4k_interrupts() {
    assert_eq!(DriverConfig::default().link_speed, 10_000);
    for speed in [10u32, 100, 2500, 10_000] {
        for queues in [1usize, 2] {
            for usecs in [1u16, 3] {
                let ctx = format!("{speed} Mb/s, {queues} vectors, rx-usecs {usecs}");
                let c = DriverConfig { rx_usecs: usecs, link_speed: speed, ..Default::default() };
                let (mut h, mut d) = up(queues, c);
                assert_eq!(round(&mut h, &mut d, 0, 2, 60), vec![245], "{ctx}");
                for (n, len) in [(1, 60), (40, 1514), (1, 60), (0, 60), (10, 600)] {
                    assert_eq!(round(&mut h, &mut d, 0, n, len), Vec::<u32>::new(), "{ctx}");
                }
                assert_eq!(d.itr_val(0), IGB_4K_ITR, "{ctx}");
            }
        }
    }
    // At 1000 Mb/s the same traffic adapts.
    let (mut h, mut d) = up(1, gig(1));
    assert_eq!(round(&mut h, &mut d, 0, 2, 60), vec![14]);
    let e = DriverConfig { link_speed: 0, ..Default::default() }.validate().unwrap_err();
    assert_eq!(e, DriverError::LinkSpeed(0));
}

/// One DIM measurement: 64 interrupt intervals of the vector's current
/// length, each bringing `per_us(interval)` frames of `len` bytes; polls
/// run until one completes, then the next interrupt comes. Returns the
/// VEC_ITR values written.
fn dim_measurement(h: &mut FakeHost, d: &mut Driver, per_us: fn(u64) -> usize, len: usize) -> Vec<u32> {
    let mut written = Vec::new();
    for _ in 0..64 {
        let us = d.itr_val(0) as u64 / 4;
        h.now += us * 1000;
        for i in 0..per_us(us) {
            assert!(h.dma_frame(0, &pattern(len, i as u64), 0, HashType::None));
        }
        let mut out = Vec::new();
        while d.napi_poll(h, 0, 64, &mut out) == 64 {}
        h.clear_log();
        assert_eq!(d.irq(h, 0), IrqOutcome::ScheduleNapi(0));
        written.extend(h.writes_to(vec_itr(0)));
    }
    written
}

/// `--dim`: the vector starts at DIM's default EQE profile (8 us); DIM
/// decides once per 64 interrupts; with the same traffic per interval and
/// the interval binding, a longer interval means fewer events for the same
/// bytes, so DIM climbs to the last profile (256 us) and parks; a traffic
/// change (significantly fewer bytes per ms) makes it leave the top,
/// heading left (128 us). igb's ITR does not run beside it.
#[test]
fn dim_walks_the_eqe_profiles() {
    let c = DriverConfig { dim: Some(DimPeriodMode::StartFromEqe), ring_size: 1024, ..Default::default() };
    let mut h = FakeHost::with_tx(1);
    let mut d = Driver::probe(&mut h, DriverConfig { queues: 1, ..c }).unwrap();
    assert_eq!(h.reg(vec_itr(0)), 8, "net_dim_get_def_rx_moderation: EQE profile 1");
    assert_eq!(h.reg(vec_txitr(0)), 8);
    let mut walk = vec![];
    // Constant traffic, one full-size frame per microsecond.
    for _ in 0..12 {
        walk.extend(dim_measurement(&mut h, &mut d, |us| us as usize, 1514));
    }
    // From the zeroed dim: profile 1 (8 us, no write: already there), the
    // same rates again turn it left (1 us: more events, worse), then right
    // while the events per ms fall.
    assert_eq!(walk, vec![1, 8, 64, 128, 256]);
    assert_eq!(d.dim(0).unwrap().tune_state(), nicsim_driver::dim::DimTune::ParkingOnTop);
    assert_eq!(d.itr_val(0), 256 << 2);
    // Light: a small frame per 64 us.
    let mut light = vec![];
    for _ in 0..2 {
        light.extend(dim_measurement(&mut h, &mut d, |us| (us as usize / 64).max(1), 60));
    }
    assert_eq!(light.first(), Some(&128), "leaves the top going left: {light:?}");
    // Fixed or no moderation with DIM is refused.
    for usecs in [0u16, 10, 50] {
        let e = DriverConfig { rx_usecs: usecs, ..c.clone() }.validate().unwrap_err();
        assert_eq!(e, DriverError::DimNeedsDynamic(usecs));
        assert!(e.to_string().contains("rx-usecs 1 or 3"), "{e}");
    }
    assert_eq!(DriverConfig { rx_usecs: 1, ..c }.validate(), Ok(()));
}

/// The watchdog reads the device counters every 2 s of host time, so a
/// 32-bit register that wraps between the start and the end of a run (but
/// never twice in 2 s) is still counted exactly. Read only at the end, as
/// before, a wrap would be lost.
#[test]
fn counters_survive_a_4gib_wrap() {
    let (mut h, mut d) = up(1, DriverConfig::default());
    let step: u64 = 3 << 30; // 3 GiB per 2 s: 12 Gb/s
    let mut total = 0u64;
    for k in 1..=5u64 {
        total += step;
        h.set_reg(STAT_RX_BYTES, total as u32);
        h.now = k * STATS_PERIOD_NS - 1;
        assert!(!d.watchdog(&mut h), "not due before 2 s");
        h.now = k * STATS_PERIOD_NS;
        h.clear_log();
        assert!(d.watchdog(&mut h));
        assert!(h.reads.contains(&STAT_RX_BYTES));
    }
    let s = d.device_stats(&mut h);
    let got = s.iter().find(|(n, _)| n == "rx_bytes_nic").unwrap().1;
    assert_eq!(got, total, "15 GiB counted across three wraps");
    assert!(total > 1 << 32);
}
