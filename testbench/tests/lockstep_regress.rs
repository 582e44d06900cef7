//! Lockstep regression: model and Verilated RTL side by side, every output
//! compared every cycle, over the shared captures and generated traffic, with
//! seeds that vary AXI read latency jitter and host timing. Each run must not
//! diverge, and its per-frame results must equal the model engine's exactly
//! (same log, same delivery order).
//!
//! Quick set by default (CI); the long matrix is `#[ignore]`d and run by
//! `make regress`.
#![cfg(feature = "rtl")]

mod scn_common;

use nicsim_hw::rss::HashType;
use nicsim_testbench::engine::Engine;
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{replay, Replay, ReplayOptions, Timing};
use nicsim_testbench::sim::Drop;
use scn_common::{all_captures, check, shared_pcaps};

/// Everything a log line is made of, per frame, plus the delivery order.
fn outcome(r: &Replay) -> (String, Vec<usize>, u64) {
    (format!("{:?}", r.fates), r.delivery_order.clone(), r.cycles)
}

fn seeded(seed: u64, queues: usize) -> ReplayOptions {
    // A short fixed interval: every interrupt starts one (EITR), and a
    // running interval keeps the device from being skipped, which in
    // lockstep costs RTL cycles; igb's 162-245 us adaptive intervals made
    // the capture matrix several times slower. Seeds 2 and 3 below run the
    // adaptive settings.
    let mut o = ReplayOptions { queues, seed, mtu: 9000, rx_usecs: 10, ..Default::default() };
    if seed > 1 {
        // Random AXI read latency and host timing.
        o.mem_jitter_ns = 100 * seed;
        o.host.jitter_pct = 10 * seed;
        // igb settings: seed 2 dynamic, 3 conservative (the driver's ITR writes run in lockstep too),
        // on a gigabit link, where igb's ITR adapts (on 10G it is a fixed 245 us).
        o.rx_usecs = [0, 10, 1, 3][(seed % 4) as usize];
        o.speed = Some(1000);
    }
    o
}

fn lockstep_equals_model(ctx: &str, frames: &[Frame], opts: &ReplayOptions) {
    let model = replay(frames, &ReplayOptions { engine: Engine::Model, ..opts.clone() }, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{ctx}: model: {e}"));
    let ls = replay(frames, &ReplayOptions { engine: Engine::Lockstep, ..opts.clone() }, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{ctx}: lockstep: {e}"));
    assert_eq!(ls.divergences, 0, "{ctx}");
    assert!(ls.compared_cycles > 0, "{ctx}: nothing compared");
    check(ctx, frames, opts, &ls);
    assert!(outcome(&model) == outcome(&ls), "{ctx}: lockstep results differ from the model engine's");
    println!("{ctx}: {} frames, {} cycles compared, {:.2}s", frames.len(), ls.compared_cycles, ls.wall_s);
}

#[test]
fn shared_captures_quick() {
    let Some(dir) = shared_pcaps() else {
        println!("skipping: shared captures not found");
        return;
    };
    let caps = all_captures(&dir);
    assert!(!caps.is_empty());
    for (name, frames) in &caps {
        if frames.len() > 5000 {
            continue; // the 82k capture is in the long matrix
        }
        for queues in [1, 4, 16] {
            lockstep_equals_model(&format!("{name} q{queues}"), frames, &seeded(1, queues));
        }
    }
}

#[test]
fn generated_traffic_three_seeds() {
    for seed in 1..=3u64 {
        let frames = generate(&GenConfig { count: 1500, sizes: SizeMix::Imix, seed, ..Default::default() });
        let mut o = seeded(seed, 4);
        o.timing = Timing::Rate(10_000_000_000);
        lockstep_equals_model(&format!("gen imix seed {seed}"), &frames, &o);
    }
    // Pressure: tiny ring, jumbo frames, topspeed: drops of every kind in lockstep.
    let frames = generate(&GenConfig { count: 800, sizes: SizeMix::Jumbo, seed: 7, ..Default::default() });
    let o = ReplayOptions { ring: 8, timing: Timing::TopSpeed, ..seeded(2, 2) };
    lockstep_equals_model("gen jumbo ring8 topspeed", &frames, &o);
    // One queue: the driver sets RXCTL.HOLD (igb: no DROP_EN), frames wait in the FIFO.
    let o = ReplayOptions { ring: 8, timing: Timing::TopSpeed, ..seeded(2, 1) };
    let r = replay(&frames, &ReplayOptions { engine: Engine::Model, ..o.clone() }, &mut |_, _| {}).unwrap();
    assert_eq!(r.dropped(Drop::NoDesc), 0, "held, not dropped");
    lockstep_equals_model("gen jumbo ring8 topspeed q1 hold", &frames, &o);
}

/// Frames made to walk every branch of the parser: 0..3 VLAN tags (0x8100 /
/// 0x88A8), IPv4 with every IHL (and bad ones), fragments, TCP/UDP/other;
/// IPv6 with 0..10 extension headers (0, 43, 60, fragment 44) of random
/// lengths; other ethertypes; cut at every length of the 128-byte window.
/// The RTL parses as the beats arrive and hashes over three cycles, the model
/// parses the captured window at the last beat: they must agree on every
/// frame (type, hash and queue in every write-back).
fn parse_corners(count: usize, seed: u64) -> Vec<Frame> {
    let mut r = scn_common::Rng(seed);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let mut f: Vec<u8> = (0..12).map(|_| r.next() as u8).collect();
        f[0] &= 0xFE;
        for _ in 0..[0, 0, 0, 1, 1, 2, 3][r.range(0, 6) as usize] {
            f.extend_from_slice(if r.next().is_multiple_of(2) { &[0x81, 0x00] } else { &[0x88, 0xA8] });
            f.extend_from_slice(&(r.next() as u16).to_be_bytes());
        }
        let l4 = [6u8, 6, 17, 17, 1, 132][r.range(0, 5) as usize];
        match r.range(0, 9) {
            0..=3 => {
                f.extend_from_slice(&[0x08, 0x00]);
                let ihl = if r.next().is_multiple_of(10) {
                    r.range(0, 15) as u8
                } else {
                    [5u8, 5, 6, 7, 15][r.range(0, 4) as usize]
                };
                let ver = if r.next().is_multiple_of(20) { 6 } else { 4 };
                f.push(ver << 4 | ihl);
                f.extend((0..5).map(|_| r.next() as u8));
                // flags / fragment offset: mostly DF, sometimes MF or an offset
                let fo: u16 = match r.range(0, 5) {
                    0 => 0x2000,
                    1 => r.range(1, 0x1fff) as u16,
                    _ => 0x4000,
                };
                f.extend_from_slice(&fo.to_be_bytes());
                f.push(64);
                f.push(l4);
                f.extend((0..10 + 4 * ihl.saturating_sub(5) as usize).map(|_| r.next() as u8));
            }
            4..=7 => {
                f.extend_from_slice(&[0x86, 0xDD]);
                f.push(if r.next().is_multiple_of(20) { 0x40 } else { 0x60 });
                f.extend((0..5).map(|_| r.next() as u8));
                // a short chain of 8-byte headers reaches the walk limit (8) inside the window
                let short = r.next().is_multiple_of(4);
                let n_ext = if short {
                    r.range(6, 9)
                } else if r.next().is_multiple_of(2) {
                    r.range(1, 10)
                } else {
                    0
                };
                let kinds: &[u8] = if short { &[0, 43, 60] } else { &[0, 43, 60, 60, 44] };
                let exts: Vec<u8> = (0..n_ext).map(|_| kinds[r.range(0, kinds.len() as u64 - 1) as usize]).collect();
                f.push(*exts.first().unwrap_or(&l4));
                f.extend((0..33).map(|_| r.next() as u8));
                for (i, _) in exts.iter().enumerate() {
                    let len8 = if short {
                        0
                    } else if r.next().is_multiple_of(16) {
                        r.range(3, 255) as u8
                    } else {
                        r.range(0, 2) as u8
                    };
                    f.push(*exts.get(i + 1).unwrap_or(&l4));
                    f.push(len8);
                    f.extend((0..6 + 8 * len8 as usize).map(|_| r.next() as u8));
                }
            }
            8 => f.extend_from_slice(&[0x08, 0x06]),
            _ => f.extend_from_slice(&(r.next() as u16).to_be_bytes()),
        }
        let len = match r.range(0, 9) {
            0..=5 => r.range(60, 140),
            6..=8 => r.range(140, 400),
            _ => r.range(400, 1514),
        } as usize;
        f.truncate(len);
        while f.len() < len {
            f.push(r.next() as u8);
        }
        out.push(Frame { ts_ns: 0, orig_len: f.len() as u32, data: f });
    }
    out
}

#[test]
fn parser_corners() {
    let frames = parse_corners(4000, 11);
    // Every type, and IPv6 4-tuples found behind extension headers.
    let mut types = [0usize; 7];
    let mut v6_ext_l4 = 0;
    for f in &frames {
        let p = nicsim_hw::parse::parse(&f.data);
        types[p.hash_type.code() as usize] += 1;
        let l3 = 14 + 4 * p.vlan_tags as usize;
        if p.hash_type.is_l4() && p.hash_type.two_tuple() == HashType::Ipv6 && matches!(f.data[l3 + 6], 0 | 43 | 60) {
            v6_ext_l4 += 1;
        }
    }
    println!("parser corners: types {types:?}, IPv6 4-tuples behind extension headers {v6_ext_l4}");
    assert!(types.iter().all(|&n| n >= 50), "types {types:?}");
    assert!(v6_ext_l4 >= 50, "IPv6 4-tuples behind extension headers: {v6_ext_l4}");
    let o = ReplayOptions { timing: Timing::TopSpeed, ..seeded(1, 16) };
    lockstep_equals_model("parser corners q16", &frames, &o);
    let o = ReplayOptions { timing: Timing::Rate(10_000_000_000), ..seeded(3, 4) };
    lockstep_equals_model("parser corners q4 seed 3", &frames[..1500], &o);
}

#[test]
#[ignore = "long matrix: make regress"]
fn long_matrix() {
    if let Some(dir) = shared_pcaps() {
        for (name, frames) in all_captures(&dir) {
            for queues in [1, 4, 16] {
                for seed in 1..=3 {
                    let mut o = seeded(seed, queues);
                    if frames.len() > 5000 {
                        o.timing = Timing::Rate(10_000_000_000);
                    }
                    lockstep_equals_model(&format!("{name} q{queues} seed {seed}"), &frames, &o);
                }
            }
        }
    }
    for seed in 1..=5u64 {
        for sizes in [SizeMix::Imix, SizeMix::Jumbo, SizeMix::Fixed(60)] {
            let frames = generate(&GenConfig { count: 5000, sizes, seed, ..Default::default() });
            for timing in [Timing::Rate(10_000_000_000), Timing::TopSpeed] {
                let o = ReplayOptions { timing, ..seeded(seed, 4) };
                lockstep_equals_model(&format!("gen {sizes} {timing:?} seed {seed}"), &frames, &o);
            }
        }
    }
}

/// The second Verilated parameter set (`--build small`: 4 queues, the
/// smallest RX FIFO, 8 frames of metadata, 4 cached descriptors, 2 reads in
/// flight, 4 TX frames queued): the same captures and generated traffic,
/// where the full and back-pressure corners come far sooner.
#[cfg(feature = "small")]
mod small {
    use super::*;
    use nicsim_testbench::engine::Build;

    fn on_small(queues: usize, seed: u64) -> ReplayOptions {
        ReplayOptions { build: Build::Small, device_queues: 4, clock: Build::Small.clock(), ..seeded(seed, queues) }
    }

    #[test]
    #[ignore = "long matrix: make regress"]
    fn small_build_matrix() {
        match shared_pcaps() {
            Some(dir) => {
                for (name, frames) in all_captures(&dir) {
                    for queues in [1, 4] {
                        let mut o = on_small(queues, 1 + queues as u64 / 4);
                        if frames.len() > 5000 {
                            o.timing = Timing::Rate(10_000_000_000);
                        }
                        lockstep_equals_model(&format!("small {name} q{queues}"), &frames, &o);
                    }
                }
            }
            None => println!("skipping the captures: shared captures not found"),
        }
        for seed in 1..=3u64 {
            for sizes in [SizeMix::Imix, SizeMix::Jumbo, SizeMix::Fixed(60)] {
                let frames = generate(&GenConfig { count: 3000, sizes, seed, ..Default::default() });
                let o = ReplayOptions { timing: Timing::TopSpeed, ..on_small(4, seed) };
                let model = replay(&frames, &ReplayOptions { engine: Engine::Model, ..o.clone() }, &mut |_, _| {})
                    .expect("model");
                lockstep_equals_model(&format!("small gen {sizes} topspeed seed {seed}"), &frames, &o);
                // The small FIFO must actually be pushed to its limits somewhere.
                if sizes == SizeMix::Fixed(60) && seed == 1 {
                    assert!(
                        model.dropped(Drop::FifoFull) > 0,
                        "60-byte frames at top speed should fill the small RX FIFO"
                    );
                }
            }
        }
    }

    #[test]
    fn small_build_refuses_a_16_queue_device() {
        let frames = generate(&GenConfig { count: 10, ..Default::default() });
        let o = ReplayOptions {
            build: Build::Small,
            device_queues: 16,
            clock: Build::Small.clock(),
            engine: Engine::Lockstep,
            ..Default::default()
        };
        let e = replay(&frames, &o, &mut |_, _| {}).err().expect("a 16-queue device on the 4-queue build");
        assert!(e.to_string().contains("RX_QUEUES: built 4, asked 16"), "{e}");
    }
}
