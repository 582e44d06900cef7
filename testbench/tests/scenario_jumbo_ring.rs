//! Jumbo frames across several 2 KiB buffers, and what happens when the
//! host cannot keep up: a too-small ring gives `no_desc` drops, an
//! overrun FIFO gives `fifo_full` drops; the run always ends, every frame
//! is accounted for, and the ethtool device counters equal the per-reason
//! drop counts (that last part is inside `check`).

mod scn_common;

use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{ReplayOptions, Timing};
use nicsim_testbench::sim::{Drop, HostTiming};
use scn_common::*;

const G: u64 = 1_000_000_000;

fn jumbo(count: usize, seed: u64) -> Vec<Frame> {
    generate(&GenConfig { count, flows: 48, sizes: SizeMix::Jumbo, seed, ..Default::default() })
}

/// A host that takes its time: long interrupt entry, slow per-frame work.
fn slow_host() -> HostTiming {
    HostTiming { irq_entry_ns: 5_000, poll_ns: 2_000, frame_ns: 4_000, ..HostTiming::default() }
}

/// 9014-byte frames in 2 KiB buffers (5 descriptors each), mixed with
/// 1514/60-byte ones, at 10G with a comfortable ring: all delivered intact.
#[test]
fn jumbo_in_2k_buffers_delivered_intact() {
    let frames = jumbo(1500, 3);
    assert!(frames.iter().any(|f| f.data.len() == 9014));
    for (queues, ring) in [(1, 512), (4, 512), (4, 64)] {
        let opts = ReplayOptions {
            queues,
            ring,
            mtu: 9000,
            buf_size: 2048,
            timing: Timing::Rate(10 * G),
            // Fixed 10 us: igb's adaptive ITR goes to bulk (245 us) for
            // 9000-byte frames, more than 63 descriptors of a 64-ring at 10G.
            rx_usecs: 10,
            ..Default::default()
        };
        let r = run(&frames, &opts);
        let ctx = format!("jumbo q{queues} ring{ring}");
        println!("{ctx}: {}", summary(&r));
        check(&ctx, &frames, &opts, &r);
        assert_eq!(r.delivered(), frames.len(), "{ctx}: drops {:?}", drops(&r));
    }
    // The same traffic at the default MTU: exactly the jumbo frames are oversize.
    let opts = ReplayOptions { timing: Timing::Rate(10 * G), ..Default::default() };
    let r = run(&frames, &opts);
    check("jumbo mtu1500", &frames, &opts, &r);
    let big = frames.iter().filter(|f| f.data.len() > 1522).count();
    assert_eq!(r.dropped(Drop::Oversize), big);
    assert_eq!(r.delivered(), frames.len() - big);
}

/// Ring of 8 (7 descriptors in the device's hands, so at most one 5-buffer
/// jumbo at a time), a slow host and line-rate traffic: descriptors run
/// out. With several queues igb sets DROP_EN, so frames are dropped as
/// `no_desc`; with one queue it does not (RXCTL.HOLD): the frame waits in
/// the FIFO and the frames behind it overflow as `fifo_full`
/// (rx_missed_errors), never `no_desc`. The run still ends, and nothing is
/// lost without a reason.
#[test]
fn tiny_ring_slow_host_drops_no_desc() {
    let mut total_no_desc = 0;
    for (sizes, timing, queues) in [
        (SizeMix::Jumbo, Timing::Rate(10 * G), 1),
        (SizeMix::Jumbo, Timing::TopSpeed, 2),
        (SizeMix::Imix, Timing::Rate(10 * G), 1),
        (SizeMix::Fixed(1514), Timing::TopSpeed, 4),
    ] {
        let frames = generate(&GenConfig { count: 600, flows: 16, sizes, seed: 9, ..Default::default() });
        let opts = ReplayOptions {
            queues,
            ring: 8,
            mtu: 9000,
            buf_size: 2048,
            timing,
            host: slow_host(),
            ..Default::default()
        };
        let r = run(&frames, &opts);
        let ctx = format!("ring8 {sizes} {timing:?} q{queues}");
        println!("{ctx}: {}", summary(&r));
        check(&ctx, &frames, &opts, &r);
        let nd = r.dropped(Drop::NoDesc);
        if queues == 1 {
            assert_eq!(nd, 0, "{ctx}: one queue holds, never drops no_desc");
            assert!(r.dropped(Drop::FifoFull) > 0, "{ctx}: held frames fill the FIFO");
            continue;
        }
        assert!(nd > 0, "{ctx}: expected no_desc drops");
        assert!(r.delivered() > 0, "{ctx}: nothing delivered");
        // no_desc here comes from the DMA stage (RX is enabled), so every
        // such frame has its queue, and the per-queue counts add up.
        let per_q: u64 = r.queues.iter().map(|q| q.no_desc).sum();
        assert_eq!(per_q as usize, nd, "{ctx}: per-queue no_desc");
        total_no_desc += nd;
    }
    assert!(total_no_desc > 0);
}

/// Top speed with small frames outruns the DMA engine: the FIFO fills and
/// frames are dropped as `fifo_full` (rx_missed_errors). With a small ring and a
/// slow host both reasons appear in one run.
#[test]
fn topspeed_overrun_drops_fifo_full() {
    let frames =
        generate(&GenConfig { count: 3000, flows: 64, sizes: SizeMix::Fixed(60), seed: 4, ..Default::default() });
    let opts = ReplayOptions { queues: 1, timing: Timing::TopSpeed, ..Default::default() };
    let r = run(&frames, &opts);
    println!("topspeed 60B: {}", summary(&r));
    check("topspeed 60B", &frames, &opts, &r);
    assert!(r.dropped(Drop::FifoFull) > 0, "expected fifo_full: {:?}", drops(&r));

    // A ring big enough that the DMA engine, not the ring, is the first
    // bottleneck (fifo_full), small enough for the slow host to run it dry
    // later (no_desc). Two queues at least: with one, the driver holds
    // frames instead of dropping them (igb sets DROP_EN only with several).
    for (ring, queues) in [(64, 2), (128, 4)] {
        let frames =
            generate(&GenConfig { count: 3000, flows: 64, sizes: SizeMix::Fixed(60), seed: 8, ..Default::default() });
        let opts = ReplayOptions { queues, ring, timing: Timing::TopSpeed, host: slow_host(), ..Default::default() };
        let r = run(&frames, &opts);
        let ctx = format!("topspeed 60B ring{ring} q{queues} slow host");
        println!("{ctx}: {}", summary(&r));
        check(&ctx, &frames, &opts, &r);
        assert!(
            r.dropped(Drop::FifoFull) > 0 && r.dropped(Drop::NoDesc) > 0,
            "{ctx}: want both reasons: {:?}",
            drops(&r)
        );
    }
}

/// Directed: the driver must not mistake a stale write-back for a new
/// frame when its cleaning wraps the whole ring. Ring of 8 (7 descriptors
/// given), two bursts of exactly 7 frames, each burst fully written back
/// before the first poll sees it. After the first burst the slot the driver
/// holds back (next_to_use) still carries burst 1's write-back with DD set;
/// cleaning burst 2 wraps onto it. With refills batched by 16 that slot is
/// not rewritten yet (ring - 1 < 16), so the driver delivered the old frame
/// again and went on around the ring. No frame is dropped here, so any
/// extra hand-up shows as a protocol error / corrupt fate / rx_packets
/// above the device's count.
#[test]
fn full_ring_wrap_does_not_redeliver_stale_descriptors() {
    for ring in [8usize, 16] {
        let per_burst = ring - 1;
        let mut frames = generate(&GenConfig {
            count: 2 * per_burst,
            flows: 8,
            sizes: SizeMix::Fixed(128),
            seed: 21,
            ..Default::default()
        });
        // Burst 2 starts 1 ms after burst 1 (long after its poll completed).
        for f in &mut frames[per_burst..] {
            f.ts_ns += 1_000_000;
        }
        let opts = ReplayOptions { queues: 1, ring, timing: Timing::Original, ..Default::default() };
        let r = run(&frames, &opts);
        let ctx = format!("ring{ring} two full bursts");
        println!("{ctx}: {} perr {}", summary(&r), r.protocol_errors);
        assert_eq!(
            stat(&r, "rx_packets"),
            stat(&r, "rx_pkts_nic"),
            "{ctx}: driver delivered frames the device never wrote"
        );
        check(&ctx, &frames, &opts, &r);
        assert_eq!(r.delivered(), frames.len(), "{ctx}");
    }
}

/// Directed: one `stat_rx_out` pulse per accepted frame. A frame completed
/// and the next FIFO-head frame dropped as no_desc in the same edge must
/// still give two pulses (the contract: "one per accepted frame, in FIFO
/// order"). Ring 64 (no driver wrap issue), two queues (one would hold
/// frames, not drop them), top speed, slow host: descriptors run out right
/// as frames complete.
#[test]
fn completion_and_no_desc_drop_in_one_edge_strobe_twice() {
    let frames = generate(&GenConfig { count: 2000, flows: 16, sizes: SizeMix::Imix, seed: 8, ..Default::default() });
    let opts = ReplayOptions { queues: 2, ring: 64, timing: Timing::TopSpeed, host: slow_host(), ..Default::default() };
    let r = run(&frames, &opts);
    println!("ring64 topspeed slow host: {} perr {}", summary(&r), r.protocol_errors);
    assert!(r.dropped(Drop::NoDesc) > 0, "scenario must provoke no_desc");
    assert_eq!(stat(&r, "rx_packets"), stat(&r, "rx_pkts_nic"), "driver vs device packets");
    check("ring64 topspeed slow host", &frames, &opts, &r);
}
