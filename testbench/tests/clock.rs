//! `--clock-mhz`: the device clock sets the length of a cycle for every
//! engine and the device's interrupt-moderation time base (CYCLES_PER_US),
//! so the same capture takes the same simulated time at any clock, and
//! rx-usecs keeps meaning microseconds.

use nicsim_testbench::bfm::Clock;
use nicsim_testbench::engine::Engine;
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{replay, Replay, ReplayOptions, Timing};

/// `n` 512-byte frames `gap_ns` apart, on 4 flows.
fn spaced(n: usize, gap_ns: u64) -> Vec<Frame> {
    let mut f = generate(&GenConfig { count: n, flows: 4, sizes: SizeMix::Fixed(512), seed: 9, ..Default::default() });
    for (i, fr) in f.iter_mut().enumerate() {
        fr.ts_ns = 1_000_000_000 + i as u64 * gap_ns;
    }
    f
}

fn run(frames: &[Frame], mhz: f64, rx_usecs: u16) -> Replay {
    let o = ReplayOptions {
        queues: 1,
        rx_usecs,
        timing: Timing::Original,
        clock: Clock::from_mhz(mhz).unwrap(),
        ..Default::default()
    };
    let r = replay(frames, &o, &mut |_, _| {}).unwrap();
    assert_eq!(r.totals.rx_delivered as usize, frames.len(), "{mhz} MHz: every frame delivered");
    r
}

#[test]
fn clock_periods_are_exact_for_the_usual_clocks() {
    assert_eq!(Clock::default().period_ps(), 4000);
    assert_eq!(Clock::from_mhz(156.25).unwrap().period_ps(), 6400);
    assert_eq!(Clock::from_mhz(156.25).unwrap().cycles_per_us(), 156);
    assert_eq!(Clock::from_mhz(125.0).unwrap().cycles_per_us(), 125);
    assert_eq!(Clock::from_mhz(125.0).unwrap().ns_to_cycles_ceil(1000), 125);
    assert!(Clock::from_mhz(0.5).is_err() && Clock::from_mhz(1001.0).is_err());
}

#[test]
fn the_same_capture_takes_the_same_time_in_fewer_cycles_at_a_slower_clock() {
    let frames = spaced(400, 10_000);
    let fast = run(&frames, 250.0, 50);
    let slow = run(&frames, 125.0, 50);
    // 4 ms of traffic: simulated time agrees to well under 1 %.
    let (a, b) = (fast.sim_ns as f64, slow.sim_ns as f64);
    assert!((a - b).abs() / a < 0.01, "sim time {a} ns at 250 MHz vs {b} ns at 125 MHz");
    // Half the clock, about half the cycles.
    let ratio = fast.cycles as f64 / slow.cycles as f64;
    assert!((1.9..2.1).contains(&ratio), "cycles {} vs {}: ratio {ratio}", fast.cycles, slow.cycles);
}

#[test]
fn rx_usecs_keeps_meaning_microseconds_at_another_clock() {
    // Frames every 10 us with a 100 us minimum interval: about one interrupt
    // per 100 us at any clock. With a fixed 250 cycles per us at 125 MHz the
    // interval would be 200 us and half as many interrupts would fire.
    let frames = spaced(2000, 10_000);
    let fast = run(&frames, 250.0, 100);
    let slow = run(&frames, 125.0, 100);
    let (a, b) = (fast.irqs as f64, slow.irqs as f64);
    assert!(a > 150.0, "about 200 interrupts in 20 ms, got {a}");
    assert!((a - b).abs() / a < 0.05, "interrupts: {a} at 250 MHz, {b} at 125 MHz");
}

#[test]
fn rtl_engines_refuse_a_clock_their_build_was_not_made_for() {
    let frames = spaced(4, 10_000);
    let o = ReplayOptions { engine: Engine::Lockstep, clock: Clock::from_mhz(156.25).unwrap(), ..Default::default() };
    let e = replay(&frames, &o, &mut |_, _| {}).err().expect("a 156-cycle microsecond on a 250-cycle build");
    let e = e.to_string();
    // Without the rtl feature the error is the missing engine; with it, the parameter.
    assert!(e.contains("CYCLES_PER_US: built 250, asked 156") || e.contains("rtl"), "{e}");
}
