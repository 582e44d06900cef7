//! Issue 11, part 3: every fault ends with every frame accounted for under
//! a named reason, the driver recovering as igb does. A DMA burst answered
//! SLVERR/DECERR (the driver reads DMA_ERR and resets the device), an MSI-X
//! message lost (re-armed at the second watchdog run) or late, the MAC stuck
//! for a time (dev_watchdog times the queue out, the reset task runs) or for
//! good (the reset never completes, the driver gives up), and a device reset
//! behind the driver's back (the watchdog notices it).

use nicsim_testbench::bfm::TxStall;
use nicsim_testbench::faults::{DmaFaults, MsixFault};
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{replay_rx_tx, wire_offsets, Replay, ReplayOptions, Timing};
use nicsim_testbench::report;
use nicsim_testbench::sim::{Drop, TxDrop};

const TEN_G: Timing = Timing::Rate(10_000_000_000);

fn gen(count: usize, sizes: SizeMix, seed: u64) -> Vec<Frame> {
    generate(&GenConfig { count, sizes, seed, ..Default::default() })
}

fn run(rx: &[Frame], tx: &[Frame], opts: &ReplayOptions) -> Replay {
    replay_rx_tx(rx, tx, opts, &mut |_, _| {}).expect("the run ends")
}

/// Every frame, RX and TX, has a final fate under a named reason; nothing
/// is stranded, corrupt or unexplained; no NAPI rule is broken.
fn all_named(ctx: &str, r: &Replay) {
    let t = &r.totals;
    assert_eq!((t.rx_unsettled, t.tx_unsettled), (0, 0), "{ctx}: frames without a fate");
    assert_eq!(r.delivered() + r.dropped_total(), r.offered(), "{ctx}: RX not all delivered or dropped");
    assert_eq!(r.tx.sent() + r.tx.dropped_total(), r.tx.offered(), "{ctx}: TX not all sent or dropped");
    assert_eq!((r.stranded, r.tx.stranded, r.corrupt, r.tx.corrupt), (0, 0, 0, 0), "{ctx}");
    assert_eq!((r.protocol_errors, r.tx.protocol_errors), (0, 0), "{ctx}: protocol errors");
    assert_eq!(r.napi.total(), 0, "{ctx}: {:?}", r.napi.first);
    assert!(report::problems(r).is_empty(), "{ctx}: {:?}", report::problems(r));
    assert!(!r.interrupted, "{ctx}");
}

fn opts() -> ReplayOptions {
    ReplayOptions { timing: TEN_G, ..Default::default() }
}

#[test]
fn a_dma_read_error_resets_the_device_and_names_every_frame() {
    let (rx, tx) = (gen(3000, SizeMix::Imix, 1), gen(1000, SizeMix::Imix, 2));
    let clean = run(&rx, &tx, &opts());
    all_named("clean", &clean);
    assert_eq!((clean.ethtool("reset_count"), clean.ethtool("dma_errors_nic")), (0, 0));
    for spec in ["read:40", "read:3:decerr", "read:200"] {
        let o = ReplayOptions { dma_faults: Some(spec.parse().unwrap()), ..opts() };
        let r = run(&rx, &tx, &o);
        all_named(spec, &r);
        assert!(r.ethtool("dma_errors_nic") >= 1, "{spec}: the device counts the error");
        assert!(r.ethtool("dma_errors") >= 1, "{spec}: the misc handler saw DMA_ERR");
        assert_eq!(r.ethtool("reset_count"), 1, "{spec}: one reset");
        assert!(r.delivered() > 0 && r.tx.sent() > 0, "{spec}: traffic flows again");
    }
}

/// Frames of 1514 bytes on one queue, one write burst each for the data
/// and one for the write-back: write 1 is frame 0's data, write 2 its
/// write-back. Either failing makes frame 0 a `dma_error`.
#[test]
fn a_failed_dma_write_makes_its_frame_a_dma_error() {
    let rx = gen(400, SizeMix::Fixed(1514), 3);
    for spec in ["write:1", "write:2:decerr"] {
        let o = ReplayOptions { queues: 1, dma_faults: Some(spec.parse().unwrap()), ..opts() };
        let r = run(&rx, &[], &o);
        all_named(spec, &r);
        assert_eq!(r.fates[0].drop, Some(Drop::DmaError), "{spec}: {:?}", r.fates[0]);
        assert!(!r.fates[0].delivered);
        assert_eq!(r.dropped(Drop::DmaError), 1, "{spec}");
        assert_eq!(r.ethtool("reset_count"), 1, "{spec}");
        // The frames behind it were delivered, or dropped by the reset
        // (in the FIFO or the ring) or while reception was off (no_desc).
        assert!(r.fates[1..].iter().all(|f| f.delivered || matches!(f.drop, Some(Drop::Reset | Drop::NoDesc))));
        assert!(r.delivered() > 250, "{spec}: {}", r.delivered());
    }
}

#[test]
fn a_lost_msix_message_is_rearmed_by_the_watchdog() {
    let rx = gen(3000, SizeMix::Imix, 4);
    let clean = run(&rx, &[], &ReplayOptions { queues: 2, ..opts() });
    assert_eq!(clean.ethtool("irq_rearm"), 0);
    assert!(clean.sim_ns < 1_000_000_000);
    let o = ReplayOptions { queues: 2, msix_faults: vec![MsixFault::Drop(10)], ..opts() };
    let r = run(&rx, &[], &o);
    all_named("drop:10", &r);
    assert_eq!(r.ethtool("irq_rearm"), 1);
    // Two watchdog runs 2 s apart: the first suspects, the second re-arms.
    assert!(r.sim_ns >= 4_000_000_000, "{}", r.sim_ns);
    assert_eq!(r.delivered() + r.dropped(Drop::NoDesc), r.offered(), "only no_desc drops");
    assert_eq!(r.ethtool("reset_count"), 0);
}

#[test]
fn a_late_msix_message_delays_delivery_and_loses_nothing() {
    let rx = gen(2000, SizeMix::Imix, 5);
    // No moderation: an interrupt per frame, so the clean run's latency is
    // the host's, and a late message shows.
    let o = ReplayOptions { queues: 1, rx_usecs: 0, timing: Timing::Rate(1_000_000_000), ..Default::default() };
    let max_latency = |r: &Replay| {
        let off = wire_offsets(&rx, o.timing);
        let t0 = r.traffic_start_ns;
        r.fates.iter().zip(&off).filter_map(|(f, &c)| f.rx_ns.map(|ns| ns - (t0 + o.clock.ns_of(c)))).max().unwrap()
    };
    let clean = run(&rx, &[], &o);
    all_named("clean", &clean);
    let late = ReplayOptions { msix_faults: vec![MsixFault::Delay(20, 500_000)], ..o.clone() };
    let r = run(&rx, &[], &late);
    all_named("delay:20:500us", &r);
    assert_eq!(r.delivered(), r.offered(), "nothing lost");
    assert_eq!(r.ethtool("irq_rearm"), 0, "late is not lost");
    assert!(max_latency(&clean) < 50_000, "{}", max_latency(&clean));
    assert!(max_latency(&r) >= 500_000, "{}", max_latency(&r));
}

#[test]
fn a_mac_stuck_for_a_time_times_out_and_recovers() {
    let (rx, tx) = (gen(2000, SizeMix::Imix, 6), gen(2000, SizeMix::Imix, 7));
    let base = ReplayOptions { timing: Timing::Rate(5_000_000_000), watchdog_timeo_ns: 1_000_000, ..opts() };
    let clean = run(&rx, &tx, &base);
    all_named("clean", &clean);
    assert_eq!(clean.ethtool("tx_timeout_count"), 0);
    let o = ReplayOptions { tx_stall: "stuck:200us,for:3ms".parse().unwrap(), ..base };
    let r = run(&rx, &tx, &o);
    all_named("stuck 3 ms", &r);
    assert_eq!(r.ethtool("tx_timeout_count"), 1, "dev_watchdog timed the stopped queue out");
    assert_eq!(r.ethtool("reset_count"), 1);
    assert!(r.tx.dropped(TxDrop::Reset) > 0, "frames in the device or on the rings freed by the reset");
    assert_eq!(r.tx.dropped_total(), r.tx.dropped(TxDrop::Reset), "no other TX drop");
    // Frames sent after the MAC came back: the queue runs again.
    let back = r.tx.fates.iter().filter(|f| f.wire_ns.is_some_and(|ns| ns > r.traffic_start_ns + 3_300_000)).count();
    assert!(back > 100, "{back} frames sent after the stall");
    assert_eq!(r.delivered(), r.offered(), "RX is not held up by TX");
}

#[test]
fn a_mac_stuck_for_good_leaves_the_driver_down_and_every_frame_named() {
    let (rx, tx) = (gen(500, SizeMix::Imix, 8), gen(300, SizeMix::Imix, 9));
    let o = ReplayOptions {
        timing: Timing::Rate(5_000_000_000),
        watchdog_timeo_ns: 1_000_000,
        tx_stall: TxStall::Stuck { from: 100_000, until: None },
        ..opts()
    };
    let r = run(&rx, &tx, &o);
    all_named("stuck for good", &r);
    assert_eq!(r.ethtool("tx_timeout_count"), 1);
    assert_eq!(r.ethtool("reset_timeout"), 1, "the reset waits for a frame the MAC never takes");
    assert_eq!(r.ethtool("reset_count"), 0);
    assert!(r.tx.sent() < 50, "{}", r.tx.sent());
    assert!(r.tx.dropped(TxDrop::Down) > 0 && r.tx.dropped(TxDrop::Reset) > 0, "{:?}", r.tx.totals.tx_dropped);
    assert_eq!(r.tx.sent() + r.tx.dropped(TxDrop::Down) + r.tx.dropped(TxDrop::Reset), r.tx.offered());
    // The driver gave up after its 80 ms wait; the run ended soon after.
    assert!(r.sim_ns < 200_000_000, "{}", r.sim_ns);
}

#[test]
fn a_device_reset_behind_the_drivers_back_is_named_and_recovered() {
    let (rx, tx) = (gen(3000, SizeMix::Imix, 10), gen(1000, SizeMix::Imix, 11));
    let o = ReplayOptions { reset_at_ns: vec![300_000], ..opts() };
    let r = run(&rx, &tx, &o);
    all_named("reset at 300 us", &r);
    assert_eq!(r.ethtool("reset_detected"), 1, "the watchdog noticed CTRL.RX_EN off");
    assert_eq!(r.ethtool("reset_count"), 1);
    assert!(r.dropped(Drop::Reset) > 0, "frames in the FIFO or the rings");
    // Until the driver noticed, the device received nothing.
    assert!(r.dropped(Drop::NoDesc) > 1000, "{}", r.dropped(Drop::NoDesc));
    assert!(r.tx.sent() > 0);
}

#[test]
fn faults_are_deterministic() {
    let (rx, tx) = (gen(1500, SizeMix::Imix, 12), gen(500, SizeMix::Imix, 13));
    let o = ReplayOptions {
        dma_faults: Some("write:300:decerr".parse::<DmaFaults>().unwrap()),
        msix_faults: vec![MsixFault::Delay(7, 100_000)],
        reset_at_ns: vec![900_000],
        ..opts()
    };
    let (a, b) = (run(&rx, &tx, &o), run(&rx, &tx, &o));
    all_named("mixed", &a);
    assert_eq!(a.totals, b.totals);
    assert_eq!(a.ethtool, b.ethtool);
    assert_eq!((a.sim_ns, a.irqs, a.napi_polls), (b.sim_ns, b.irqs, b.napi_polls));
}

/// Faults combined at random (seeded): DMA errors on reads and writes, lost
/// and late MSI-X messages, device resets, a MAC stuck for a while, over
/// 1 to 4 queues, rings of 32 to 256, RX with TX. Every run ends with every
/// frame named. The one rule a fault may break is `tx_reclaim_late`: a lost
/// message leaves TX completions waiting for the watchdog's re-arm (seconds).
#[test]
fn every_fault_combination_names_every_frame() {
    use nicsim_testbench::bfm::Seeded;
    use nicsim_testbench::napi_check::Rule;
    let mut seen = [0u64; 4]; // resets, re-arms, dma_error frames, reset frames
    for seed in 0..24u64 {
        let mut rng = Seeded::new(seed * 7919 + 17);
        let (rx, tx) = (
            gen(rng.below(1500) as usize + 10, SizeMix::Imix, seed),
            gen(rng.below(800) as usize, SizeMix::Imix, seed + 1000),
        );
        let ring = 32 << rng.below(4);
        let mut o = ReplayOptions {
            queues: 1 + rng.below(4) as usize,
            ring: ring as usize,
            watchdog_timeo_ns: 1_000_000,
            seed,
            ..opts()
        };
        let mut what = Vec::new();
        let mut dma = Vec::new();
        for _ in 0..rng.below(3) {
            let kind = if rng.below(2) == 0 { "read" } else { "write" };
            dma.push(format!("{kind}:{}:{}", 1 + rng.below(600), if rng.below(2) == 0 { "slverr" } else { "decerr" }));
        }
        if !dma.is_empty() {
            what.push(dma.join(","));
            o.dma_faults = Some(dma.join(",").parse().unwrap());
        }
        let lost = rng.below(3) == 0;
        if lost {
            o.msix_faults.push(MsixFault::Drop(1 + rng.below(60)));
        }
        if rng.below(3) == 0 {
            o.msix_faults.push(MsixFault::Delay(1 + rng.below(60), rng.below(3_000_000)));
        }
        if rng.below(3) == 0 {
            o.reset_at_ns.push(rng.below(1_500_000));
        }
        if rng.below(3) == 0 {
            let from = rng.below(300_000);
            o.tx_stall = TxStall::Stuck { from, until: Some(from + rng.below(5_000_000)) };
        }
        what.push(format!("{:?} {:?} {} q{} ring {ring}", o.msix_faults, o.reset_at_ns, o.tx_stall, o.queues));
        let ctx = format!("seed {seed}: {}", what.join(" "));
        let r = run(&rx, &tx, &o);
        let t = &r.totals;
        assert_eq!((t.rx_unsettled, t.tx_unsettled, r.stranded, r.tx.stranded), (0, 0, 0, 0), "{ctx}");
        assert_eq!(r.delivered() + r.dropped_total(), r.offered(), "{ctx}");
        assert_eq!(r.tx.sent() + r.tx.dropped_total(), r.tx.offered(), "{ctx}");
        assert_eq!((r.corrupt, r.tx.corrupt, r.protocol_errors, r.tx.protocol_errors), (0, 0, 0, 0), "{ctx}");
        let broken = r.napi.broken();
        assert!(broken.is_empty() || (lost && broken == [Rule::TxReclaimLate]), "{ctx}: {:?}", r.napi.first);
        assert!(!r.interrupted, "{ctx}");
        seen[0] += r.ethtool("reset_count");
        seen[1] += r.ethtool("irq_rearm");
        seen[2] += r.dropped(Drop::DmaError) as u64;
        seen[3] += (r.dropped(Drop::Reset) + r.tx.dropped(TxDrop::Reset)) as u64;
    }
    // The faults did bite: resets, re-armed vectors, frames lost to both.
    assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
}
