//! Receive-path scenarios over the shared capture corpus: every readable
//! capture through 1, 4 and 16 queues with its original timing, the large
//! echo-connections capture at 10G, VLAN tag skipping, and the jumbo frame.
//!
//! Every run goes through `scn_common::check` (accounting, byte-exactness,
//! software RSS, default RETA, per-flow queue and order, ethtool counters).

mod scn_common;

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use nicsim_hw::parse::parse;
use nicsim_hw::regs::{rxq, rxq_reg};
use nicsim_model::{Nic, NicConfig};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{ReplayOptions, Timing};
use nicsim_testbench::sim::{Drop, Offer, Sim, SimConfig};
use scn_common::*;

/// The large capture, replayed on its own (at line rate, not its own timing).
const ECHO: &str = "zeek_echo-connections.pcap.gz";
/// Captures with many flows: RSS must use more than one queue.
const MANY_FLOWS: [&str; 3] = ["zeek_var-services-std-ports.pcap", "zeek_wikipedia.pcap", "zeek_dhcp_flood.pcap"];

#[test]
fn every_capture_on_1_4_16_queues() {
    let Some(dir) = shared_pcaps() else { return };
    let caps = all_captures(&dir);
    let mut seen = BTreeSet::new();
    for (name, frames) in &caps {
        if name == ECHO {
            continue;
        }
        seen.insert(name.as_str());
        let span_s = match (frames.iter().map(|f| f.ts_ns).min(), frames.iter().map(|f| f.ts_ns).max()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => 0.0,
        };
        for queues in [1, 4, 16] {
            let opts = ReplayOptions { queues, device_queues: 16, timing: Timing::Original, ..Default::default() };
            let r = run(frames, &opts);
            let ctx = format!("{name} q{queues}");
            println!("{ctx}: {} frames over {span_s:.1} s: {}", frames.len(), summary(&r));
            check(&ctx, frames, &opts, &r);
            // With the default MTU only the frames longer than 1514 + tags
            // may be dropped, and nothing else: original timing is gentle.
            for (i, fate) in r.fates.iter().enumerate() {
                if let Some(d) = fate.drop {
                    let tags = parse(&r.frames[i]).vlan_tags as usize;
                    assert!(
                        d == Drop::Oversize && r.frames[i].len() > 1514 + 4 * tags,
                        "{ctx}: frame {i} ({} bytes) dropped as {}",
                        r.frames[i].len(),
                        d.name()
                    );
                }
            }
            if queues > 1 && MANY_FLOWS.contains(&name.as_str()) {
                let used = r.queues.iter().filter(|q| q.packets > 0).count();
                assert!(used > 1, "{ctx}: many-flow capture landed on {used} queue(s)");
            }
        }
    }
    // Guard against a silently empty corpus directory.
    for want in MANY_FLOWS.iter().chain(&["zeek_vlan-collisions.pcap", "tcpdump_afs.pcap"]) {
        if dir.join(want).is_file() {
            assert!(seen.contains(want), "{want} present but not replayed");
        }
    }
}

/// 82,582 frames, 1000 directional TCP 5-tuples. Replayed back to back at
/// 10G on 4 queues (its own timing spans a long idle time).
#[test]
fn echo_connections_10g_4_queues() {
    let Some(frames) = load(ECHO) else { return };
    assert!(frames.len() > 80_000, "{ECHO}: {} frames", frames.len());
    let opts = ReplayOptions { queues: 4, timing: Timing::Rate(10_000_000_000), ..Default::default() };
    let t = Instant::now();
    let r = run(&frames, &opts);
    let replay_s = t.elapsed().as_secs_f64();
    println!("{ECHO} q4 10G: {} (replay {replay_s:.1} s)", summary(&r));
    let t = Instant::now();
    check(ECHO, &frames, &opts, &r);
    println!("{ECHO}: check {:.1} s", t.elapsed().as_secs_f64());
    // 1000 flows over 4 queues: every queue gets traffic.
    assert!(r.queues.iter().all(|q| q.packets > 0), "{ECHO}: idle queue {:?}", r.queues);
}

/// The same TCP connection untagged, 802.1Q-tagged and double-tagged: after
/// tag skipping the tuple is the same, so the hash (and queue) must be.
#[test]
fn vlan_collisions_hash_alike_across_tags() {
    let Some(frames) = load("zeek_vlan-collisions.pcap") else { return };
    for queues in [1, 4, 16] {
        let opts = ReplayOptions { queues, ..Default::default() };
        let r = run(&frames, &opts);
        check(&format!("vlan-collisions q{queues}"), &frames, &opts, &r);
        assert_eq!(r.delivered(), frames.len(), "all frames fit the MTU (+ tags)");
        // tuple -> (tag counts seen, hashes seen, queues seen)
        type Seen = (BTreeSet<u8>, BTreeSet<u32>, BTreeSet<u8>);
        let mut by_tuple: HashMap<FlowKey, Seen> = HashMap::new();
        for (i, fate) in r.fates.iter().enumerate() {
            let p = parse(&r.frames[i]);
            let e = by_tuple.entry((p.hash_type, p.input().to_vec())).or_default();
            e.0.insert(p.vlan_tags);
            e.1.insert(fate.hash.unwrap());
            e.2.insert(fate.queue.unwrap());
        }
        let mut all_three = 0;
        for (k, (tags, hashes, qs)) in &by_tuple {
            assert_eq!(hashes.len(), 1, "q{queues}: tuple {k:?} got hashes {hashes:x?} with tags {tags:?}");
            assert_eq!(qs.len(), 1, "q{queues}: tuple {k:?} on queues {qs:?}");
            if tags.len() == 3 {
                all_three += 1;
            }
        }
        // Both directions of the connection appear with 0, 1 and 2 tags.
        assert!(all_three >= 2, "q{queues}: expected tuples seen untagged, single- and double-tagged: {by_tuple:?}");
    }
}

/// Read an RX queue's RDH over MMIO after a run.
fn read_rdh(sim: &mut Sim, q: usize) -> u32 {
    let t = sim.core.axil.read(rxq_reg(q, rxq::RDH), sim.core.cycle);
    for _ in 0..100_000 {
        if let Some(v) = sim.core.axil.take_read_result(t) {
            return v;
        }
        sim.core.step();
    }
    panic!("RDH read did not complete");
}

/// One 7306-byte GSO super-frame: oversize at MTU 1500; at MTU 9000 with
/// 2 KiB buffers it is delivered intact across ceil(7306 / 2048) = 4
/// descriptors.
#[test]
fn gso_frame_oversize_then_jumbo() {
    let Some(frames) = load("tcpdump_gso-ipv4.pcap") else { return };
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].data.len(), 7306);

    let opts = ReplayOptions::default();
    let r = run(&frames, &opts);
    check("gso mtu1500", &frames, &opts, &r);
    assert_eq!(r.dropped(Drop::Oversize), 1, "gso at MTU 1500: {}", summary(&r));
    assert_eq!(stat(&r, "rx_long_length_errors"), 1);

    for queues in [1, 4] {
        let opts = ReplayOptions { mtu: 9000, buf_size: 2048, queues, ..Default::default() };
        let r = run(&frames, &opts);
        check("gso mtu9000", &frames, &opts, &r);
        assert_eq!(r.delivered(), 1, "gso at MTU 9000: {}", summary(&r));
        assert_eq!(r.fates[0].len, 7306);
    }

    // The descriptor count, seen from the device: RDH advanced by 4.
    let mut cfg = SimConfig::default();
    cfg.driver.mtu = 9000;
    cfg.driver.buf_size = 2048;
    cfg.driver.queues = 1;
    let mut sim = Sim::new(Box::new(Nic::new(NicConfig::default()).unwrap()), cfg).unwrap();
    sim.offer(frames.iter().map(|f: &Frame| Offer { offset_cycles: 0, bytes: f.data.clone() }).collect());
    sim.run(&mut |_, _| {}).unwrap();
    assert!(sim.core.fates[0].delivered && !sim.core.fates[0].corrupt, "{:?}", sim.core.fates[0]);
    assert_eq!(read_rdh(&mut sim, 0), 4, "descriptors used by the 7306-byte frame");
}
