//! A Linux-faithful host (issue 10), moderation part: EITR semantics seen
//! end to end (an isolated frame does not wait rx-usecs; one inside the
//! interval waits for its end), igb's adaptive ITR (rx-usecs 3) following
//! the traffic on a gigabit link and fixed at 4k/s on others, and Linux
//! DIM (`--dim`), visible in the interrupt-rate and interval series of the
//! stats; then the softirq, CPUs, and TX (qdisc quota, BQL).

mod scn_common;

use nicsim_model::{Nic, NicConfig};
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{ReplayOptions, Timing};
use nicsim_testbench::sim::{HostTiming, Offer, Sim, SimConfig, PS};
use scn_common::*;

/// Frames `gap` cycles apart through a default host (no jitter) with a
/// fixed rx-usecs; returns (arrival ns, delivery ns) per frame and the
/// host timing.
fn isolated(usecs: u16, offsets: &[u64]) -> (Vec<(u64, u64)>, HostTiming, u64) {
    let frames = generate(&GenConfig {
        count: offsets.len(),
        flows: 3,
        sizes: SizeMix::Fixed(128),
        seed: 4,
        ..Default::default()
    });
    let mut cfg = SimConfig::default();
    cfg.driver.queues = 1;
    cfg.driver.rx_usecs = usecs;
    cfg.timing = HostTiming { jitter_pct: 0, ..HostTiming::default() };
    let t = cfg.timing.clone();
    let mut sim = Sim::new(Box::new(Nic::new(NicConfig::default()).unwrap()), cfg).unwrap();
    sim.offer(frames.iter().zip(offsets).map(|(f, &o)| Offer { offset_cycles: o, bytes: f.data.clone() }).collect());
    sim.run(&mut |_, _| {}).unwrap();
    let times = sim
        .core
        .fates
        .iter()
        .zip(offsets)
        .enumerate()
        .map(|(i, (f, &o))| {
            assert!(f.delivered, "rx-usecs {usecs}: frame {i} not delivered");
            ((sim.t0 + o) * PS / 1000, f.rx_ns.unwrap())
        })
        .collect();
    (times, t, sim.host.irqs)
}

/// 1 ms in cycles (4 ns).
const MS: u64 = 250_000;

/// Frames 1 ms apart, each alone: with any fixed rx-usecs >= 10 up to the
/// gap (10, 50, 200, 1000 us) the interval one frame's interrupt starts has
/// ended when the next frame completes, so the vector is idle and fires
/// at once (EITR), and the frame reaches the stack within the IRQ latency
/// plus the per-frame cost (plus the device's own wire, FIFO, DMA and MSI-X
/// time). The old moderation made every one wait the full rx-usecs.
#[test]
fn isolated_frames_do_not_wait_rx_usecs() {
    let offsets: Vec<u64> = (0..6).map(|i| i * MS).collect();
    for usecs in [10u16, 50, 200, 999, 1000] {
        let (times, t, irqs) = isolated(usecs, &offsets);
        let bound = t.irq_entry_ns + t.poll_ns + t.desc_ns + t.frame_ns + 2000;
        for (i, (arrive, rx)) in times.iter().enumerate() {
            let lat = rx - arrive;
            assert!(lat <= bound, "rx-usecs {usecs}: frame {i} took {lat} ns (bound {bound})");
        }
        assert_eq!(irqs, offsets.len() as u64, "one interrupt per isolated frame");
    }
}

/// An interval longer than the gap between frames must delay the next
/// one: EITR is a minimum time between two interrupts of a vector, so a
/// completion inside the interval waits for its end (the I210's and
/// 82575's EITR do the same). With rx-usecs 2000 and frames 1 ms apart the
/// second frame is delivered exactly 2000 us after the first (the same
/// path from the interval's end), i.e. 1000 us late; a frame after the
/// interval has run out is again on time.
#[test]
fn rx_usecs_above_the_gap_delays_to_the_interval_end() {
    let (times, t, irqs) = isolated(2000, &[0, MS, 10 * MS]);
    let bound = t.irq_entry_ns + t.poll_ns + t.desc_ns + t.frame_ns + 2000;
    let lat: Vec<u64> = times.iter().map(|(a, r)| r - a).collect();
    println!("latencies (ns): {lat:?}");
    assert!(lat[0] <= bound, "an idle vector fires at once: {}", lat[0]);
    assert_eq!(times[1].1 - times[0].1, 2_000_000, "frame 1 waits for the 2000 us interval frame 0 started");
    assert_eq!(lat[1], lat[0] + 1_000_000);
    assert_eq!(lat[2], lat[0], "idle again after the interval");
    assert_eq!(irqs, 3);
}

/// Constant-rate traffic of `count` frames of `len` bytes, `gap_ns` apart.
fn steady(count: usize, len: usize, gap_ns: u64, seed: u64) -> Vec<Frame> {
    let mut frames =
        generate(&GenConfig { count, flows: 1, sizes: SizeMix::Fixed(len), seed, vlan_pct: 0, ..Default::default() });
    for (i, f) in frames.iter_mut().enumerate() {
        f.ts_ns = i as u64 * gap_ns;
    }
    frames
}

/// Phases of steady traffic of one flow, one after the other: (frames,
/// bytes, gap ns).
fn phases(p: &[(usize, usize, u64)]) -> Vec<Frame> {
    let mut out: Vec<Frame> = Vec::new();
    let mut t = 0;
    for &(count, len, gap) in p {
        out.extend(steady(count, len, gap, 1).into_iter().map(|f| Frame { ts_ns: t + f.ts_ns, ..f }));
        t += count as u64 * gap;
    }
    out
}

/// The queue vector that took the traffic (one flow: one queue).
fn busy_vector(r: &nicsim_testbench::replay::Replay) -> usize {
    (0..r.queues.len()).max_by_key(|&q| r.queues[q].packets).unwrap()
}

/// Interrupts per second of vector `v` over the 1 ms buckets `from..to`,
/// read from the stats file's series (`moderation.vectors[v].irq_per_s`).
fn irq_rate(stats: &serde_json::Value, v: usize, from: usize, to: usize) -> u64 {
    let series: Vec<u64> = stats["moderation"]["vectors"][v]["irq_per_s"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let to = to.min(series.len());
    series[from..to].iter().sum::<u64>() / (to - from) as u64
}

fn stats_of(r: &nicsim_testbench::replay::Replay, opts: &ReplayOptions) -> serde_json::Value {
    serde_json::from_str(&nicsim_testbench::report::stats_json(r, opts, "model")).unwrap()
}

/// The intervals programmed on vector `v`, in order.
fn itr_usecs(r: &nicsim_testbench::replay::Replay, v: usize) -> Vec<u16> {
    r.linux.itr_history.iter().filter(|w| w.vector == v).map(|w| w.usecs).collect()
}

/// rx-usecs 3 (igb's default) on nicsim's default 10G link: igb_set_itr and
/// igb_update_ring_itr fix every dynamic vector at IGB_4K_ITR off
/// gigabit, so sustained 1514-byte traffic at 10G interrupts ~4k/s per
/// vector (one queue, and four queues sharing 64 flows), and lighter
/// small-frame traffic afterwards stays at or under that; the interval
/// goes from IGB_START_ITR (162 us) to 245 us and never moves again.
#[test]
fn adaptive_itr_at_10g_is_igbs_fixed_4k() {
    // 10 ms of 1514-byte frames at 10G (1230 ns apart), then 5 ms of
    // 64-byte frames every 10 us.
    let one_flow = phases(&[(8130, 1514, 1_230), (500, 64, 10_000)]);
    let mut many =
        generate(&GenConfig { count: 8130, flows: 64, sizes: SizeMix::Fixed(1514), seed: 9, ..Default::default() });
    for (i, f) in many.iter_mut().enumerate() {
        f.ts_ns = i as u64 * 1_230;
    }
    for (queues, frames) in [(1usize, &one_flow), (4, &many)] {
        let opts = ReplayOptions { queues, timing: Timing::Original, ..Default::default() };
        assert_eq!((opts.rx_usecs, opts.link_speed()), (3, 10_000), "igb's default on nicsim's 10G link");
        let r = run(frames, &opts);
        check("10G fixed 4k", frames, &opts, &r);
        assert_eq!(r.delivered(), frames.len(), "{:?}", drops(&r));
        let j = stats_of(&r, &opts);
        assert_eq!(j["options"]["speed"], 10_000);
        let vectors: Vec<usize> = if queues == 1 { vec![0] } else { (0..queues).collect() };
        for &v in &vectors {
            // 245 us: 4.08 interrupts per 1 ms bucket.
            let heavy = irq_rate(&j, v, 1, 10);
            let series = &j["moderation"]["vectors"][v]["irq_per_s"];
            println!("{queues} queues, vector {v}: heavy {heavy}/s, itr {:?}, series {series}", itr_usecs(&r, v));
            assert!((3_900..=4_300).contains(&heavy), "{queues} queues, vector {v}: {heavy} irq/s, want ~4k");
            assert_eq!(itr_usecs(&r, v), vec![162, 245], "IGB_START_ITR, then IGB_4K_ITR for good");
        }
        if queues == 1 {
            let light = irq_rate(&j, 0, 11, 15);
            println!("light {light}/s");
            assert!(light <= 4_200, "light traffic {light} irq/s");
        }
    }
}

/// rx-usecs 3 on a 1000 Mb/s link (`--speed 1000`, or `--rate 1G`), where
/// igb's adaptive ITR runs. Several queues (igb_update_ring_itr, igb's
/// usual case with RSS): light 64-byte traffic holds the interval at 49 us
/// (conservative: never under 20k/s's interval), sustained 1514-byte
/// traffic at line rate raises it to 192 us (1538 / 2 quarter-us, 5.2k/s),
/// light traffic brings it back; the stats' IRQ-rate series shows the
/// change within the run. One queue (igb_set_itr): MTU-size frames at 1G
/// never put the 10000 bytes into one poll that low->bulk needs, so the
/// vector stays at 49 us; jumbo frames (over 2000 bytes each) move it to
/// bulk (245 us, ~4k/s) and light traffic back to 49 us. rx-usecs 1
/// (dynamic) goes under 49 us for light traffic (igb_update_ring_itr:
/// (64 + 24) / 2 quarter-us = 11 us), which conservative mode never does.
#[test]
fn adaptive_itr_follows_the_load_at_1g() {
    // 5 ms light (64 B every 20 us), 10 ms 1514 B at 1G (12.3 us apart), 5 ms light.
    let mixed = phases(&[(250, 64, 20_000), (813, 1514, 12_304), (250, 64, 20_000)]);
    let opts = ReplayOptions { queues: 4, timing: Timing::Original, speed: Some(1000), ..Default::default() };
    let r = run(&mixed, &opts);
    check("1G mixed", &mixed, &opts, &r);
    let v = busy_vector(&r);
    let j = stats_of(&r, &opts);
    assert_eq!(j["options"]["speed"], 1000);
    let (light1, heavy, light2) = (irq_rate(&j, v, 1, 5), irq_rate(&j, v, 6, 15), irq_rate(&j, v, 16, 20));
    println!("4 queues at 1G: light {light1}/s, heavy {heavy}/s, light {light2}/s, itr {:?}", itr_usecs(&r, v));
    for light in [light1, light2] {
        assert!((15_000..=20_500).contains(&light), "light: {light} irq/s, want ~20k (49 us) and never more");
    }
    assert!((4_500..=5_500).contains(&heavy), "1514-byte load: {heavy} irq/s, want ~5.2k (192 us)");
    let usecs = itr_usecs(&r, v);
    assert!(usecs.contains(&192) && usecs.ends_with(&[49]), "{usecs:?}");
    assert!(!usecs.iter().any(|&u| u < 49), "conservative never under 49 us: {usecs:?}");

    // One queue, jumbo frames (9014 B at 1G, 72.3 us apart) between light phases.
    let jumbo = phases(&[(250, 64, 20_000), (138, 9014, 72_304), (250, 64, 20_000)]);
    let opts1 =
        ReplayOptions { queues: 1, mtu: 9000, timing: Timing::Original, speed: Some(1000), ..Default::default() };
    let r = run(&jumbo, &opts1);
    check("1G jumbo", &jumbo, &opts1, &r);
    let j = stats_of(&r, &opts1);
    let (light1, heavy, light2) = (irq_rate(&j, 0, 1, 5), irq_rate(&j, 0, 6, 15), irq_rate(&j, 0, 16, 20));
    println!("1 queue at 1G, jumbo: light {light1}/s, heavy {heavy}/s, light {light2}/s, itr {:?}", itr_usecs(&r, 0));
    assert!((15_000..=20_500).contains(&light1) && (15_000..=20_500).contains(&light2), "{light1} {light2}");
    assert!(heavy <= 4_200, "bulk: {heavy} irq/s");
    let usecs = itr_usecs(&r, 0);
    assert!(usecs.contains(&245) && usecs.ends_with(&[49]) && !usecs.contains(&14), "{usecs:?}");
    // One queue, 1514-byte frames at 1G: low latency throughout.
    let mtu = phases(&[(250, 64, 20_000), (813, 1514, 12_304)]);
    let r = run(&mtu, &ReplayOptions { queues: 1, ..opts1.clone() });
    assert_eq!(itr_usecs(&r, 0), vec![162, 49], "igb_update_itr keeps low latency: < 10000 bytes per poll");

    // Dynamic (rx-usecs 1): the same light traffic gets 11 us, and the rate follows the frames (50k/s).
    let r = run(&mixed, &ReplayOptions { rx_usecs: 1, ..opts.clone() });
    let v = busy_vector(&r);
    let j = stats_of(&r, &ReplayOptions { rx_usecs: 1, ..opts.clone() });
    let light = irq_rate(&j, v, 1, 5);
    println!("rx-usecs 1: light {light}/s, itr {:?}", itr_usecs(&r, v));
    assert!(light > 40_000, "dynamic mode uses the lowest-latency state: {light} irq/s");
}

/// `--dim`: Linux DIM instead of igb's ITR. Sustained 1514-byte traffic at
/// 10G: from the default profile (8 us) DIM climbs the EQE profiles to
/// 256 us, since at a fixed offered load a longer interval gives the same
/// bytes and packets per ms with fewer interrupts (better to DIM), and
/// parks there. When the traffic turns light, bytes per ms fall by far
/// more than 10 %: DIM leaves the top heading left, stepping the interval
/// down (128 us) within two measurements (64 interrupts each). The same
/// run twice gives the same series.
#[test]
fn dim_moves_the_interval_with_the_load() {
    // 30 ms at 10G, then 40 ms of 64-byte frames every 10 us.
    let frames = phases(&[(24_390, 1514, 1_230), (4_000, 64, 10_000)]);
    let opts = ReplayOptions { queues: 1, timing: Timing::Original, dim: true, ..Default::default() };
    let r = run(&frames, &opts);
    check("dim", &frames, &opts, &r);
    assert_eq!(r.delivered(), frames.len(), "{:?}", drops(&r));
    let hist: Vec<(u64, u16)> = r.linux.itr_history.iter().map(|w| (w.ns, w.usecs)).collect();
    println!("dim: {:?}", hist.iter().map(|&(ns, u)| (ns / 1000, u)).collect::<Vec<_>>());
    assert_eq!(hist[0].1, 8, "net_dim_get_def_rx_moderation: EQE profile 1");
    let heavy_end = 30_000_000;
    let up: Vec<u16> = hist.iter().filter(|w| w.0 < heavy_end).map(|w| w.1).collect();
    assert_eq!(up.last(), Some(&256), "sustained load: up to the last profile: {up:?}");
    let profiles = [1u16, 8, 64, 128, 256];
    assert!(hist.iter().all(|w| profiles.contains(&w.1)), "only the EQE profiles: {hist:?}");
    let down = hist.iter().find(|w| w.0 >= heavy_end).expect("DIM reacts to the light traffic");
    assert!(down.1 < 256, "light traffic: the interval steps down: {hist:?}");
    assert!(down.0 < heavy_end + 2 * 64 * 256_000 + 1_000_000, "within two measurements: {}", down.0);
    // The interval is what the device ran: heavy at 256 us is ~3.9k irq/s.
    let j = stats_of(&r, &opts);
    let late_heavy = irq_rate(&j, 0, 20, 29);
    assert!((3_700..=4_000).contains(&late_heavy), "at 256 us: {late_heavy} irq/s");
    assert_eq!(j["options"]["dim"], true);
    // Deterministic.
    let again = run(&frames, &opts);
    assert_eq!(again.linux.itr_history, r.linux.itr_history);
    assert_eq!(again.linux.irq_buckets, r.linux.irq_buckets);
}

// ------------------------------------------------------------ softirq, CPUs

fn ten_g_small(count: usize, flows: usize, seed: u64) -> Vec<Frame> {
    let mut frames =
        generate(&GenConfig { count, flows, sizes: SizeMix::Fixed(128), seed, vlan_pct: 0, ..Default::default() });
    // 128 + 24 bytes at 10G: 121.6 ns apart.
    for (i, f) in frames.iter_mut().enumerate() {
        f.ts_ns = i as u64 * 122;
    }
    frames
}

/// Linux 6.x net_rx_action: a NAPI that used its whole weight goes on the
/// repoll list and is polled once per run, so one queue on its CPU is
/// polled exactly once per run, and with budget 300 and weight 64 a run
/// never spends its budget: time_squeeze stays 0 (the pre-4.0 loop polled
/// it again in the same run and squeezed every fifth poll). The softirq
/// restarts and, after MAX_SOFTIRQ_RESTART runs, goes to ksoftirqd.
#[test]
fn one_poll_per_napi_per_run_and_no_squeeze_below_budget() {
    let frames = ten_g_small(20_000, 1, 7);
    let mut opts = ReplayOptions { queues: 1, ring: 4096, rx_usecs: 0, timing: Timing::Original, ..Default::default() };
    // A host a little slower than the wire, so the queue stays busy.
    opts.host.frame_ns = 100;
    let r = run(&frames, &opts);
    check("one queue 10G", &frames, &opts, &r);
    let row = &r.linux.softnet[0];
    println!("{row:?} polls {} ksoftirqd {}", r.napi_polls, r.linux.ksoftirqd);
    assert_eq!(r.time_squeeze, 0, "budget 300 > weight 64: no squeeze without the time limit");
    assert_eq!(row.time_squeeze, 0);
    assert_eq!(r.napi_polls, row.rounds, "one poll per NAPI per net_rx_action run");
    let full = r.napi_polls - stat(&r, "napi_complete");
    assert!(full > 50, "the queue must hit its weight often: {full} full polls");
    assert!(row.ksoftirqd > 0, "sustained repolls exceed MAX_SOFTIRQ_RESTART and wake ksoftirqd");
    assert_eq!(row.processed, r.delivered() as u64);

    // igb's defaults (rx-usecs 3: 245 us at 10G) and full-size or small
    // frames at 10G: polls of the weight wait on the repoll list, never
    // squeezed.
    for (len, gap) in [(1514usize, 1_230u64), (128, 122)] {
        let frames = steady(20_000, len, gap, 7);
        let opts = ReplayOptions { queues: 1, ring: 4096, timing: Timing::Original, ..Default::default() };
        assert_eq!((opts.budget, opts.weight, opts.rx_usecs), (300, 64, 3));
        let r = run(&frames, &opts);
        check("one queue 10G, igb defaults", &frames, &opts, &r);
        let row = &r.linux.softnet[0];
        let full = r.napi_polls - stat(&r, "napi_complete");
        println!("{len} B: polls {} full {full} squeeze {}", r.napi_polls, r.time_squeeze);
        assert!(full > 0, "{len} B: some polls must use the whole weight");
        assert_eq!((r.time_squeeze, row.time_squeeze), (0, 0), "{len} B");
        assert_eq!(r.napi_polls, row.rounds, "{len} B: one poll per run");
    }
}

/// The budget is shared by every NAPI of a CPU: four queues on one CPU,
/// budget 100, weight 64: two full polls spend it, the run is squeezed.
/// And the time limit counts jiffies: a slow host with netdev_budget_usecs
/// of one jiffy is squeezed by time with budget to spare.
#[test]
fn squeeze_only_on_budget_or_time() {
    let frames = ten_g_small(20_000, 64, 8);
    let mut opts = ReplayOptions {
        queues: 4,
        ring: 4096,
        rx_usecs: 0,
        budget: 100,
        timing: Timing::Original,
        ..Default::default()
    };
    opts.host.cpus = 1;
    let r = run(&frames, &opts);
    check("4 queues 1 cpu budget 100", &frames, &opts, &r);
    assert!(r.time_squeeze > 0, "two full polls of 64 spend a budget of 100");
    assert_eq!(r.linux.softnet.len(), 1);
    assert_eq!(r.linux.softnet[0].processed, r.delivered() as u64);
    // Every queue vector interrupted CPU 0.
    for q in 0..4 {
        assert_eq!(r.linux.irqs_per_cpu[q][0], r.queues[q].irqs, "queue {q}");
    }

    // Time: HZ 1000, limit 1 jiffy, a host that needs 5 us per frame.
    let mut opts = ReplayOptions {
        queues: 1,
        ring: 4096,
        rx_usecs: 0,
        budget: 100_000,
        timing: Timing::Original,
        ..Default::default()
    };
    opts.weight = 100_000;
    opts.host.hz = 1000;
    opts.host.budget_usecs = 1000;
    opts.host.frame_ns = 5000;
    let frames = ten_g_small(3000, 1, 9);
    let r = run(&frames, &opts);
    check("time limit", &frames, &opts, &r);
    assert!(r.time_squeeze > 0, "15 ms of work in one poll passes the 1-jiffy limit");
    // With the default 2 jiffies at HZ 250 and a fast host: none.
    let opts = ReplayOptions {
        queues: 1,
        ring: 4096,
        rx_usecs: 0,
        weight: 100_000,
        budget: 100_000,
        timing: Timing::Original,
        ..Default::default()
    };
    let r = run(&frames, &opts);
    assert_eq!(r.time_squeeze, 0);
}

/// `--cpus` and `--irq-affinity`: vectors land on the CPUs named, each CPU
/// keeps its own softnet row, and TX goes out on the CPU of its vector.
#[test]
fn irq_affinity_places_vectors_on_cpus() {
    let frames = ten_g_small(4000, 64, 10);
    let mut opts = ReplayOptions { queues: 4, timing: Timing::Original, ..Default::default() };
    opts.host.cpus = 2;
    opts.host.irq_affinity = vec![1, 1, 0, 0];
    let r = run(&frames, &opts);
    check("affinity", &frames, &opts, &r);
    for (q, cpu) in [(0, 1), (1, 1), (2, 0), (3, 0)] {
        assert!(r.queues[q].irqs > 0, "queue {q} idle");
        assert_eq!(r.linux.irqs_per_cpu[q][cpu], r.queues[q].irqs, "vector {q} on CPU {cpu}");
        assert_eq!(r.linux.irqs_per_cpu[q][1 - cpu], 0);
    }
    let per_cpu: Vec<u64> = r.linux.softnet.iter().map(|s| s.processed).collect();
    let want = |qs: [usize; 2]| qs.iter().map(|&q| r.queues[q].packets).sum::<u64>();
    assert_eq!(per_cpu, vec![want([2, 3]), want([0, 1])]);
    // The kernel's softnet_stat format: 13 hex columns, the last the CPU.
    let text = nicsim_testbench::report::softnet_stat(&r);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(rows.len(), 2);
    for (cpu, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 13, "{text}");
        assert!(row.iter().all(|c| c.len() == 8 && u32::from_str_radix(c, 16).is_ok()), "{text}");
        assert_eq!(u64::from_str_radix(row[0], 16).unwrap(), per_cpu[cpu]);
        assert_eq!(u64::from_str_radix(row[12], 16).unwrap(), cpu as u64);
    }
    let table = nicsim_testbench::report::interrupts_table(&r);
    assert!(table.lines().next().unwrap().contains("CPU0") && table.contains("CPU1"), "{table}");
    assert!(table.contains("nicsim0-TxRx-3") && table.contains("-edge"), "{table}");
    // A CPU that does not exist is refused.
    let mut bad = opts.clone();
    bad.host.irq_affinity = vec![0, 2];
    assert!(nicsim_testbench::replay::replay(&frames, &bad, &mut |_, _| {}).is_err());
}

// ------------------------------------------------------------ TX: qdisc, BQL

/// __qdisc_run stops once dev_tx_weight (64) frames have gone, checked
/// after each qdisc_restart as the kernel does, and leaves the rest to
/// net_tx_action; one restart's bulk is bounded by BQL's available bytes
/// (try_bulk_dequeue_skb). BQL bounds the bytes in flight per queue (at most
/// one frame over its limit: a bulk stops once past it), far below what a
/// 4096-entry ring would hold; a lone frame on an idle queue bypasses the
/// empty qdisc.
#[test]
fn qdisc_quota_and_bql_bound_transmit() {
    let frames = generate(&GenConfig { count: 20_000, flows: 1, sizes: SizeMix::Imix, seed: 21, ..Default::default() });
    let opts =
        ReplayOptions { queues: 1, ring: 4096, timing: Timing::TopSpeed, txqueuelen: 100_000, ..Default::default() };
    let r = scn_common::run_tx(&[], &frames, &opts);
    scn_common::check_tx("quota+bql", &frames, &opts, &r, &[]);
    let l = &r.linux;
    println!(
        "max run {} (before last bulk {}, max bulk {}) deferred {} bypass {} bql limit {} max inflight {} max over {} bql stops {} doorbells {} ring stops {}",
        l.tx_max_run,
        l.tx_max_run_before_last,
        l.tx_max_bulk,
        l.tx_deferred,
        l.tx_bypass,
        stat(&r, "tx_queue_0_bql_limit"),
        l.bql_max_inflight,
        l.bql_max_over,
        stat(&r, "tx_bql_stops"),
        stat(&r, "tx_doorbells"),
        stat(&r, "tx_stops")
    );
    assert_eq!(r.tx.sent(), frames.len());
    assert!(l.tx_max_run_before_last < 64, "a run went on past the quota: {}", l.tx_max_run_before_last);
    // A bulk is what BQL's available bytes allowed (its limit), plus the frame that crossed it.
    assert!(l.tx_max_bulk * 60 <= stat(&r, "tx_queue_0_bql_limit").max(l.bql_max_inflight) + 1514);
    assert!(l.tx_deferred > 0, "a backlog at topspeed must hit the quota");
    assert!(stat(&r, "tx_bql_stops") > 0, "BQL must stop the queue");
    assert!(l.bql_max_over <= 1514, "at most one frame over the BQL limit: {}", l.bql_max_over);
    assert!(l.bql_max_inflight < 4095 * 600, "BQL keeps the ring far from full: {}", l.bql_max_inflight);
    assert_eq!(stat(&r, "tx_stops"), 0, "BQL, not the ring, stops the queue");
    assert!(l.tx_bypass >= 1, "the first frame finds the qdisc empty");

    // Full-size frames at 10G with igb's defaults (245 us between
    // interrupts, so ~200 frames complete per interrupt): BQL grows its
    // limit to cover an interval (~380 KB) and a bulk is bounded only by
    // it (and the ring), as in try_bulk_dequeue_skb; still no run starts a
    // restart past 64 frames, and in-flight bytes stay within one frame of
    // the limit.
    let full =
        generate(&GenConfig { count: 5_000, flows: 1, sizes: SizeMix::Fixed(1514), seed: 23, ..Default::default() });
    let opts10 =
        ReplayOptions { queues: 1, timing: Timing::Rate(10_000_000_000), txqueuelen: 10_000, ..Default::default() };
    let r = scn_common::run_tx(&[], &full, &opts10);
    scn_common::check_tx("10G", &full, &opts10, &r, &[]);
    let l = &r.linux;
    println!(
        "10G 1514: max run {} (before last bulk {}) max bulk {} bql limit {} max inflight {} max over {}",
        l.tx_max_run,
        l.tx_max_run_before_last,
        l.tx_max_bulk,
        stat(&r, "tx_queue_0_bql_limit"),
        l.bql_max_inflight,
        l.bql_max_over
    );
    assert_eq!(r.tx.sent(), full.len());
    assert!(l.tx_max_run_before_last < 64, "a run went on past the quota: {}", l.tx_max_run_before_last);
    assert!(l.bql_max_over <= 1514, "at most one frame over the BQL limit: {}", l.bql_max_over);

    // Sparse frames (each reclaimed before the next): every one bypasses
    // the qdisc, one doorbell each.
    let sparse = steady(200, 200, 500_000, 22);
    let opts = ReplayOptions { queues: 1, timing: Timing::Original, ..Default::default() };
    let r = scn_common::run_tx(&[], &sparse, &opts);
    scn_common::check_tx("sparse", &sparse, &opts, &r, &[]);
    assert_eq!(r.linux.tx_bypass, 200);
    assert_eq!(stat(&r, "tx_doorbells"), 200);
}
