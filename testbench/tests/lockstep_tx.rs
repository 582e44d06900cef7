//! Lockstep regression of the transmit path: model and Verilated RTL side
//! by side over the shared captures (transmitted), generated traffic with
//! `tready` stalls and small rings, and RX + TX in one run. Each run must
//! not diverge, must pass `check_tx`, and its per-frame results must equal
//! the model engine's exactly.
//!
//! The tests skip (with a printed reason) while the Verilated RTL has no TX
//! queues (CAPS.TXQ = 0), so they switch on by themselves when the RTL TX
//! path lands.
#![cfg(feature = "rtl")]

mod scn_common;

use nicsim_hw::regs::{caps, CAPS};
use nicsim_testbench::bfm::{AxilConfig, HostMemConfig, TxStall};
use nicsim_testbench::engine::{self, Engine};
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{replay_rx_tx, Replay, ReplayOptions, Timing};
use nicsim_testbench::sim::Core;
use scn_common::{all_captures, check, check_tx, shared_pcaps, tx_summary};

/// CAPS.TXQ of the Verilated RTL, read over its AXI-Lite port.
fn rtl_tx_queues() -> u32 {
    let dev = engine::make_device(Engine::Rtl, 16, None).expect("RTL engine");
    let mut core = Core::new(dev, HostMemConfig::default(), AxilConfig::default(), 16);
    let t = core.axil.read(CAPS, 0);
    for _ in 0..100_000 {
        if let Some(v) = core.axil.take_read_result(t) {
            return caps::TXQ.get(v);
        }
        core.step();
    }
    panic!("CAPS read of the RTL did not complete");
}

fn rtl_has_tx() -> bool {
    let n = rtl_tx_queues();
    if n == 0 {
        println!("skipping: the Verilated RTL has no TX queues (CAPS.TXQ = 0)");
    }
    n > 0
}

/// Everything per frame, RX and TX, plus the wire and the cycle count.
fn outcome(r: &Replay) -> String {
    format!("{:?} {:?} {:?} {:?} {}", r.fates, r.delivery_order, r.tx.fates, r.tx.wire, r.cycles)
}

fn lockstep_equals_model(ctx: &str, rx: &[Frame], tx: &[Frame], opts: &ReplayOptions) {
    let model = replay_rx_tx(rx, tx, &ReplayOptions { engine: Engine::Model, ..opts.clone() }, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{ctx}: model: {e}"));
    let ls = replay_rx_tx(rx, tx, &ReplayOptions { engine: Engine::Lockstep, ..opts.clone() }, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{ctx}: lockstep: {e}"));
    assert_eq!(ls.divergences, 0, "{ctx}");
    assert!(ls.compared_cycles > 0, "{ctx}: nothing compared");
    if !rx.is_empty() {
        check(ctx, rx, opts, &ls);
    }
    check_tx(ctx, tx, opts, &ls, &[]);
    assert!(outcome(&model) == outcome(&ls), "{ctx}: lockstep results differ from the model engine's");
    println!("{ctx}: {} cycles compared, {:.2}s: {}", ls.compared_cycles, ls.wall_s, tx_summary(&ls));
}

#[test]
fn shared_captures_transmitted_quick() {
    if !rtl_has_tx() {
        return;
    }
    let Some(dir) = shared_pcaps() else { return };
    for (name, frames) in all_captures(&dir) {
        if frames.len() > 5000 {
            continue; // the 82k capture is in the long matrix
        }
        // rx-usecs 10: see lockstep_regress.rs `seeded` (interval cost in lockstep).
        let opts = ReplayOptions { queues: 4, mtu: 9000, timing: Timing::Original, rx_usecs: 10, ..Default::default() };
        lockstep_equals_model(&format!("tx {name} q4"), &[], &frames, &opts);
    }
}

#[test]
fn stalls_small_rings_and_many_descriptors() {
    if !rtl_has_tx() {
        return;
    }
    for seed in 1..=2u64 {
        let frames = generate(&GenConfig { count: 1500, flows: 16, seed, ..Default::default() });
        let opts = ReplayOptions {
            queues: 2,
            ring: 16,
            seed,
            mem_jitter_ns: 100 * seed,
            tx_stall: TxStall::Random { pct: 50 },
            timing: Timing::Rate(10_000_000_000),
            txqueuelen: 100_000,
            ..Default::default()
        };
        lockstep_equals_model(&format!("tx stalls ring16 seed {seed}"), &[], &frames, &opts);
    }
    let frames = generate(&GenConfig { count: 80, flows: 4, sizes: SizeMix::Jumbo, seed: 3, ..Default::default() });
    let opts = ReplayOptions {
        queues: 1,
        ring: 256,
        mtu: 9000,
        tx_buf: 100,
        tx_stall: TxStall::Periodic { on: 2, off: 3 },
        timing: Timing::Rate(10_000_000_000),
        txqueuelen: 100_000,
        ..Default::default()
    };
    lockstep_equals_model("tx jumbo tx_buf 100", &[], &frames, &opts);
}

#[test]
fn rx_and_tx_together() {
    if !rtl_has_tx() {
        return;
    }
    let rx = generate(&GenConfig { count: 1500, seed: 5, ..Default::default() });
    let tx = generate(&GenConfig { count: 1500, seed: 6, ..Default::default() });
    let opts = ReplayOptions {
        queues: 4,
        tx_stall: TxStall::Random { pct: 20 },
        rx_usecs: 20,
        tx_frames: 16,
        timing: Timing::Rate(10_000_000_000),
        txqueuelen: 100_000,
        ..Default::default()
    };
    lockstep_equals_model("rx+tx q4", &rx, &tx, &opts);
}

/// Every capture on 1 and 16 queues, and the 82k capture on 4.
#[test]
#[ignore = "long matrix: make regress"]
fn long_matrix() {
    if !rtl_has_tx() {
        return;
    }
    let Some(dir) = shared_pcaps() else { return };
    for (name, frames) in all_captures(&dir) {
        let queues: &[usize] = if frames.len() > 5000 { &[4] } else { &[1, 16] };
        for &queues in queues {
            let opts = ReplayOptions { queues, mtu: 9000, timing: Timing::Original, ..Default::default() };
            lockstep_equals_model(&format!("tx {name} q{queues}"), &[], &frames, &opts);
        }
    }
}

/// TX on the second Verilated parameter set (`--build small`: 4 queues, 4
/// finished frames queued for the MAC): captures transmitted and a stalled
/// MAC, so the frame queue's full state is reached often.
#[cfg(feature = "small")]
mod small {
    use super::*;
    use nicsim_testbench::engine::Build;

    #[test]
    #[ignore = "long matrix: make regress"]
    fn small_build_tx_matrix() {
        if !rtl_has_tx() {
            return;
        }
        let small = |queues: usize| ReplayOptions {
            build: Build::Small,
            device_queues: 4,
            clock: Build::Small.clock(),
            queues,
            mtu: 9000,
            rx_usecs: 10,
            txqueuelen: 100_000,
            ..Default::default()
        };
        match shared_pcaps() {
            Some(dir) => {
                for (name, frames) in all_captures(&dir) {
                    for queues in [1, 4] {
                        let mut o = small(queues);
                        if frames.len() > 5000 {
                            o.timing = Timing::Rate(10_000_000_000);
                        }
                        lockstep_equals_model(&format!("small tx {name} q{queues}"), &[], &frames, &o);
                    }
                }
            }
            None => println!("skipping the captures: shared captures not found"),
        }
        for seed in 1..=3u64 {
            let rx = generate(&GenConfig { count: 1500, seed, ..Default::default() });
            let tx = generate(&GenConfig { count: 1500, flows: 16, seed: seed + 10, ..Default::default() });
            let o = ReplayOptions {
                seed,
                ring: 16,
                mem_jitter_ns: 100 * seed,
                tx_stall: TxStall::Random { pct: 60 },
                timing: Timing::Rate(10_000_000_000),
                ..small(4)
            };
            lockstep_equals_model(&format!("small rx+tx stalls ring16 seed {seed}"), &rx, &tx, &o);
        }
    }
}
