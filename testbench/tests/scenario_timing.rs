//! Wire timing: line rates scale simulated time, top speed completes, the
//! capture's own timing is honoured, and long idle gaps are skipped (not
//! simulated cycle by cycle, and not mistaken for a hang).

mod scn_common;

use std::time::Instant;

use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{wire_offsets, ReplayOptions, Timing};
use nicsim_testbench::sim::PS;
use scn_common::*;

const G: u64 = 1_000_000_000;

fn imix(count: usize, seed: u64) -> Vec<Frame> {
    generate(&GenConfig { count, flows: 32, sizes: SizeMix::Imix, seed, ..Default::default() })
}

/// No frame reaches the host before its first beat is on the wire.
fn assert_causal(ctx: &str, frames: &[Frame], opts: &ReplayOptions, r: &nicsim_testbench::replay::Replay) {
    let offs = wire_offsets(frames, opts.timing);
    for (i, f) in r.fates.iter().enumerate() {
        if let Some(ns) = f.rx_ns {
            assert!(
                ns * 1000 >= offs[i] * PS,
                "{ctx}: frame {i} delivered at {ns} ns, before its wire offset {}",
                offs[i]
            );
        }
    }
}

/// 1G spaces the same frames 10x wider than 10G: the run takes >= 5x the
/// simulated time (the fixed probe and drain costs keep it below 10x),
/// both by total cycles and by the time of the last delivery.
#[test]
fn rate_1g_is_slower_than_10g() {
    let frames = imix(2000, 11);
    let mut cycles = Vec::new();
    let mut last_rx = Vec::new();
    for bps in [G, 10 * G] {
        let opts = ReplayOptions { timing: Timing::Rate(bps), ..Default::default() };
        let r = run(&frames, &opts);
        let last = r.fates.iter().filter_map(|f| f.rx_ns).max().unwrap();
        println!("rate {bps}: last delivery at {last} ns, run ends at {} ns: {}", r.sim_ns, summary(&r));
        check(&format!("rate {bps}"), &frames, &opts, &r);
        assert_causal("rate", &frames, &opts, &r);
        assert_eq!(r.delivered(), frames.len(), "nothing should drop at {bps} b/s with a 512 ring");
        assert!(r.sim_ns >= last);
        cycles.push(r.cycles);
        last_rx.push(last);
    }
    assert!(cycles[0] >= 5 * cycles[1], "1G took {} cycles, 10G {}", cycles[0], cycles[1]);
    assert!(last_rx[0] >= 5 * last_rx[1], "last delivery: 1G {} ns, 10G {} ns", last_rx[0], last_rx[1]);
}

/// Back to back at the MAC's full speed (16 Gb/s of 8-byte beats): the run
/// ends, and whatever is dropped is accounted for.
#[test]
fn topspeed_completes() {
    for (sizes, n) in [(SizeMix::Imix, 3000), (SizeMix::Fixed(60), 3000), (SizeMix::Fixed(1514), 1000)] {
        let frames = generate(&GenConfig { count: n, flows: 64, sizes, seed: 5, ..Default::default() });
        for queues in [1, 4] {
            let opts = ReplayOptions { queues, timing: Timing::TopSpeed, ..Default::default() };
            let r = run(&frames, &opts);
            let ctx = format!("topspeed {sizes} q{queues}");
            println!("{ctx}: {}", summary(&r));
            check(&ctx, &frames, &opts, &r);
            assert!(r.delivered() > 0, "{ctx}: nothing delivered");
            // TopSpeed: every frame is due at once, the wire is never idle.
            let wire_cycles: u64 = frames.iter().map(|f| f.data.len().max(60).div_ceil(8) as u64).sum();
            assert!(r.cycles >= wire_cycles, "{ctx}: {} cycles < {wire_cycles} beats", r.cycles);
        }
    }
}

/// tcpdump_afs.pcap spans ~129 s with gaps of up to ~10 s. Original timing
/// must reproduce that span in simulated time, and idle skipping must jump
/// the gaps (almost all of the 32 G cycles are skipped).
#[test]
fn original_timing_long_capture_skips_idle() {
    let Some(frames) = load("tcpdump_afs.pcap") else { return };
    let span_ns = frames.iter().map(|f| f.ts_ns).max().unwrap() - frames.iter().map(|f| f.ts_ns).min().unwrap();
    assert!(span_ns > 100 * G, "afs spans {span_ns} ns");
    let opts = ReplayOptions { timing: Timing::Original, ..Default::default() };
    let t = Instant::now();
    let r = run(&frames, &opts);
    println!(
        "afs original: span {:.1} s, sim {:.1} s, wall {:.3} s: {}",
        span_ns as f64 / 1e9,
        r.sim_ns as f64 / 1e9,
        t.elapsed().as_secs_f64(),
        summary(&r)
    );
    check("afs original", &frames, &opts, &r);
    assert_causal("afs original", &frames, &opts, &r);
    assert!(r.sim_ns >= span_ns, "simulated {} ns < capture span {span_ns} ns", r.sim_ns);
    assert!(r.skipped_cycles > r.cycles / 2, "skipped {} of {} cycles", r.skipped_cycles, r.cycles);
}

/// A quiet wire is not a hang: two frames 2 s apart (more than the sim's
/// 1 s watchdog) with original timing. Fails with `SimError::Hang` if the
/// watchdog counts a scheduled idle gap as lack of progress.
#[test]
fn idle_gap_longer_than_watchdog_is_not_a_hang() {
    let mut frames = imix(3, 2);
    for (k, gap_s) in [(1, 2u64), (2, 5)] {
        frames[k].ts_ns = frames[k - 1].ts_ns + gap_s * G;
    }
    let opts = ReplayOptions { timing: Timing::Original, ..Default::default() };
    let r = run(&frames, &opts);
    println!("gaps: {}", summary(&r));
    check("gaps", &frames, &opts, &r);
    assert_eq!(r.delivered(), 3);
    assert!(r.sim_ns >= 7 * G);
    assert!(r.skipped_cycles > r.cycles * 9 / 10, "skipped {} of {}", r.skipped_cycles, r.cycles);
}
