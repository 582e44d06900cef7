//! Synthetic traffic generator: determinism, frame validity, size mix, flows, timestamps.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use nicsim_testbench::gen::{generate, GenConfig, Generator, SizeMix, START_NS, WIRE_OVERHEAD};
use nicsim_testbench::pcap::{read_pcap, write_pcap, Frame};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Parsed {
    tpids: Vec<u16>,
    v6: bool,
    proto: u8,
    src: Vec<u8>,
    dst: Vec<u8>,
    sport: u16,
    dport: u16,
    hdr_len: usize,
}

impl Parsed {
    fn five_tuple(&self) -> (bool, u8, Vec<u8>, Vec<u8>, u16, u16) {
        (self.v6, self.proto, self.src.clone(), self.dst.clone(), self.sport, self.dport)
    }
}

fn be16(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

fn csum(mut acc: u32, data: &[u8]) -> u32 {
    for c in data.chunks(2) {
        acc += (c[0] as u32) << 8 | *c.get(1).unwrap_or(&0) as u32;
    }
    acc
}

fn folds_to_ffff(mut acc: u32) -> bool {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc == 0xffff
}

/// Independent parser; panics with a description if the frame is not what the generator promises.
fn parse(f: &[u8]) -> Parsed {
    assert!(f.len() >= 60, "runt frame {}", f.len());
    assert_eq!(f[0] & 1, 0, "dst MAC must be unicast");
    let mut off = 12;
    let mut tpids = Vec::new();
    let mut et = be16(f, off);
    while et == 0x8100 || et == 0x88a8 {
        tpids.push(et);
        let vid = be16(f, off + 2) & 0x0fff;
        assert!((1..=4094).contains(&vid), "vid {vid}");
        off += 4;
        et = be16(f, off);
    }
    assert!(tpids.is_empty() || tpids == [0x8100] || tpids == [0x88a8, 0x8100], "tags {tpids:x?}");
    off += 2;
    let ip = &f[off..];
    let (v6, proto, src, dst, l4, pseudo) = match et {
        0x0800 => {
            assert_eq!(ip[0], 0x45);
            assert_eq!(be16(ip, 2) as usize, ip.len(), "IPv4 total length");
            assert!(folds_to_ffff(csum(0, &ip[..20])), "IPv4 header checksum");
            assert_eq!(be16(ip, 6) & 0x3fff, 0, "not a fragment");
            let l4 = &ip[20..];
            let pseudo = csum(csum(0, &ip[12..20]), &[0, ip[9]]) + l4.len() as u32;
            (false, ip[9], ip[12..16].to_vec(), ip[16..20].to_vec(), l4, pseudo)
        }
        0x86dd => {
            assert_eq!(ip[0] >> 4, 6);
            assert_eq!(be16(ip, 4) as usize, ip.len() - 40, "IPv6 payload length");
            assert_eq!(ip[7], 64, "hop limit");
            let l4 = &ip[40..];
            let pseudo = csum(csum(0, &ip[8..40]), &[0, ip[6]]) + l4.len() as u32;
            (true, ip[6], ip[8..24].to_vec(), ip[24..40].to_vec(), l4, pseudo)
        }
        other => panic!("ethertype {other:#06x}"),
    };
    let l4_hdr = match proto {
        17 => {
            assert_eq!(be16(l4, 4) as usize, l4.len(), "UDP length");
            assert_ne!(be16(l4, 6), 0, "UDP checksum present");
            8
        }
        6 => {
            assert_eq!(l4[12] >> 4, 5, "TCP data offset");
            20
        }
        p => panic!("proto {p}"),
    };
    assert!(folds_to_ffff(csum(pseudo, l4)), "L4 checksum");
    Parsed { tpids, v6, proto, src, dst, sport: be16(l4, 0), dport: be16(l4, 2), hdr_len: f.len() - l4.len() + l4_hdr }
}

fn cfg(count: usize) -> GenConfig {
    GenConfig { count, ..GenConfig::default() }
}

fn bytes_of(frames: &[Frame]) -> Vec<u8> {
    let mut v = Vec::new();
    for f in frames {
        v.extend_from_slice(&f.ts_ns.to_le_bytes());
        v.extend_from_slice(&f.orig_len.to_le_bytes());
        v.extend_from_slice(&f.data);
    }
    v
}

#[test]
fn default_config() {
    let c = GenConfig::default();
    assert_eq!(
        (c.count, c.flows, c.ipv6_pct, c.udp_pct, c.vlan_pct, c.sizes, c.rate_bps, c.seed),
        (10_000, 64, 25, 30, 10, SizeMix::Imix, 10_000_000_000, 1)
    );
    assert!(c.validate().is_ok());
}

#[test]
fn deterministic_per_seed() {
    let a = generate(&cfg(3000));
    let b = generate(&cfg(3000));
    assert_eq!(bytes_of(&a), bytes_of(&b));
    let c = generate(&GenConfig { seed: 2, ..cfg(3000) });
    assert_ne!(bytes_of(&a), bytes_of(&c));
    // Streaming iterator equals generate(), and a prefix is stable when count grows.
    let it: Vec<Frame> = Generator::new(&cfg(3000)).collect();
    assert_eq!(it, a);
    assert_eq!(Generator::new(&cfg(3000)).len(), 3000);
    assert_eq!(&generate(&cfg(5000))[..3000], &a[..]);
}

#[test]
fn golden_fingerprint() {
    // Guards byte-identical output across platforms/versions: changing the generator
    // on purpose means updating this value (and telling users their files change).
    let frames = generate(&cfg(2000));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes_of(&frames) {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    println!("fingerprint {h:#018x}");
    assert_eq!(h, GOLDEN);
}

const GOLDEN: u64 = 0xb015_afac_2b72_3bae;

#[test]
fn frames_are_valid_and_match_flow_mix() {
    let c = GenConfig { count: 40_000, flows: 2000, ..GenConfig::default() };
    let frames = generate(&c);
    assert_eq!(frames.len(), 40_000);
    let mut flows: HashMap<_, Parsed> = HashMap::new();
    for f in &frames {
        assert_eq!(f.orig_len as usize, f.data.len());
        let p = parse(&f.data);
        // A flow keeps its tags and headers on every frame.
        if let Some(prev) = flows.insert(p.five_tuple(), p.clone()) {
            assert_eq!((prev.tpids, prev.hdr_len), (p.tpids.clone(), p.hdr_len));
        }
    }
    assert_eq!(flows.len(), 2000);
    let n = flows.len() as f64;
    let frac = |pred: &dyn Fn(&Parsed) -> bool| flows.values().filter(|p| pred(p)).count() as f64 / n;
    let v6 = frac(&|p| p.v6);
    let udp = frac(&|p| p.proto == 17);
    let tagged = frac(&|p| !p.tpids.is_empty());
    let qinq = frac(&|p| p.tpids.len() == 2);
    assert!((v6 - 0.25).abs() < 0.04, "ipv6 {v6}");
    assert!((udp - 0.30).abs() < 0.04, "udp {udp}");
    assert!((tagged - 0.10).abs() < 0.03, "vlan {tagged}");
    assert!(qinq > 0.0 && qinq < tagged / 3.0, "qinq {qinq}");
}

#[test]
fn percentages_at_extremes() {
    let none = generate(&GenConfig { count: 2000, ipv6_pct: 0, udp_pct: 0, vlan_pct: 0, ..GenConfig::default() });
    for f in &none {
        let p = parse(&f.data);
        assert!(!p.v6 && p.proto == 6 && p.tpids.is_empty());
    }
    let all = generate(&GenConfig { count: 2000, ipv6_pct: 100, udp_pct: 100, vlan_pct: 100, ..GenConfig::default() });
    for f in &all {
        let p = parse(&f.data);
        assert!(p.v6 && p.proto == 17 && !p.tpids.is_empty());
    }
}

#[test]
fn flow_count_respected() {
    for flows in [1usize, 7, 64, 500] {
        let frames = generate(&GenConfig { count: 20_000, flows, ..GenConfig::default() });
        let mut per_flow: HashMap<_, usize> = HashMap::new();
        for f in &frames {
            *per_flow.entry(parse(&f.data).five_tuple()).or_default() += 1;
        }
        assert_eq!(per_flow.len(), flows, "flows={flows}");
        // Uniform flow choice: no flow gets more than 2x its fair share (ample margin).
        let fair = 20_000 / flows;
        assert!(per_flow.values().all(|&c| c < 2 * fair + 50), "flows={flows}: {per_flow:?}");
    }
    // Fewer frames than flows: at most `count` distinct flows.
    let frames = generate(&GenConfig { count: 50, flows: 10_000, ..GenConfig::default() });
    let distinct: HashSet<_> = frames.iter().map(|f| parse(&f.data).five_tuple()).collect();
    assert!(distinct.len() <= 50 && distinct.len() > 40);
}

/// Class a frame belongs to: its length, or the nominal class it was grown from.
fn class_counts(frames: &[Frame], classes: &[usize]) -> HashMap<usize, usize> {
    let mut counts = HashMap::new();
    for f in frames {
        let p = parse(&f.data);
        let len = f.data.len();
        let class = if classes.contains(&len) {
            len
        } else {
            // Only headers longer than the smallest class may enlarge a frame, and then to exactly the headers.
            assert_eq!(len, p.hdr_len, "frame of {len} bytes is neither a mix size nor header-only");
            let min = *classes.iter().min().unwrap();
            assert!(min < len, "grown frame {len} vs smallest class {min}");
            min
        };
        *counts.entry(class).or_default() += 1;
    }
    counts
}

#[test]
fn imix_sizes() {
    let frames = generate(&GenConfig { count: 24_000, ..GenConfig::default() });
    let c = class_counts(&frames, &[60, 590, 1514]);
    let share = |l| c[&l] as f64 / 24_000.0;
    assert!((share(60) - 7.0 / 12.0).abs() < 0.02, "{c:?}");
    assert!((share(590) - 4.0 / 12.0).abs() < 0.02, "{c:?}");
    assert!((share(1514) - 1.0 / 12.0).abs() < 0.02, "{c:?}");
    // Untagged IPv4 frames hit the nominal 60 exactly.
    assert!(frames.iter().any(|f| f.data.len() == 60));
    assert!(frames.iter().all(|f| f.data.len() <= 1514));
}

#[test]
fn jumbo_sizes() {
    let frames = generate(&GenConfig { count: 10_000, sizes: SizeMix::Jumbo, ..GenConfig::default() });
    let c = class_counts(&frames, &[60, 1514, 9014]);
    assert!((c[&9014] as f64 / 10_000.0 - 0.8).abs() < 0.03, "{c:?}");
    assert!(c[&1514] > 700 && c[&60] > 700, "{c:?}");
}

#[test]
fn fixed_sizes() {
    for n in [60usize, 100, 1000, 1518, 9000, 16_000] {
        let frames = generate(&GenConfig { count: 500, sizes: SizeMix::Fixed(n), ..GenConfig::default() });
        for f in &frames {
            let p = parse(&f.data);
            assert_eq!(f.data.len(), n.max(p.hdr_len));
        }
    }
}

#[test]
fn size_mix_from_str() {
    assert_eq!("imix".parse::<SizeMix>().unwrap(), SizeMix::Imix);
    assert_eq!("IMIX".parse::<SizeMix>().unwrap(), SizeMix::Imix);
    assert_eq!(" jumbo ".parse::<SizeMix>().unwrap(), SizeMix::Jumbo);
    assert_eq!("60".parse::<SizeMix>().unwrap(), SizeMix::Fixed(60));
    assert_eq!("16000".parse::<SizeMix>().unwrap(), SizeMix::Fixed(16_000));
    for bad in ["59", "16001", "0", "-1", "", "abc", "1e3", "imixx"] {
        let e = bad.parse::<SizeMix>().unwrap_err();
        assert!(e.to_string().contains("60..=16000"), "{bad}: {e}");
    }
    for m in [SizeMix::Imix, SizeMix::Jumbo, SizeMix::Fixed(777)] {
        assert_eq!(m.to_string().parse::<SizeMix>().unwrap(), m);
    }
}

#[test]
fn validate_rejects_out_of_range() {
    let d = GenConfig::default();
    assert!(GenConfig { flows: 0, ..d.clone() }.validate().is_err());
    assert!(GenConfig { ipv6_pct: 101, ..d.clone() }.validate().is_err());
    assert!(GenConfig { udp_pct: 200, ..d.clone() }.validate().is_err());
    assert!(GenConfig { vlan_pct: 101, ..d.clone() }.validate().is_err());
    assert!(GenConfig { sizes: SizeMix::Fixed(59), ..d.clone() }.validate().is_err());
    assert!(GenConfig { rate_bps: 0, ..d.clone() }.validate().is_err());
    // The generator itself clamps instead of panicking.
    let frames =
        generate(&GenConfig { count: 10, flows: 0, ipv6_pct: 255, sizes: SizeMix::Fixed(1), rate_bps: 0, ..d });
    assert_eq!(frames.len(), 10);
    assert!(frames.iter().all(|f| f.ts_ns == START_NS && parse(&f.data).v6));
    assert!(generate(&GenConfig { count: 0, ..GenConfig::default() }).is_empty());
}

#[test]
fn timestamps_are_back_to_back_at_line_rate() {
    for rate in [10_000_000_000u64, 1_000_000_000, 100_000_000_000, 3_000_000_007] {
        let frames = generate(&GenConfig { count: 5000, rate_bps: rate, ..GenConfig::default() });
        assert_eq!(frames[0].ts_ns, START_NS);
        let mut bits: u128 = 0;
        for w in frames.windows(2) {
            bits += ((w[0].data.len() + WIRE_OVERHEAD) * 8) as u128;
            let exact = START_NS as u128 + bits * 1_000_000_000 / rate as u128;
            assert_eq!(w[1].ts_ns as u128, exact);
            assert!(w[1].ts_ns > w[0].ts_ns);
        }
    }
    // 60-byte frames at 10 Gb/s: 84 bytes = 67.2 ns each.
    let frames = generate(&GenConfig {
        count: 1001,
        sizes: SizeMix::Fixed(60),
        ipv6_pct: 0,
        vlan_pct: 0,
        ..GenConfig::default()
    });
    assert_eq!(frames[1000].ts_ns - START_NS, 67_200);
}

#[test]
fn pcap_round_trip() {
    let dir = std::env::temp_dir().join(format!("nicsim-gen_traffic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("gen.pcap");
    let frames = generate(&GenConfig { count: 4000, sizes: SizeMix::Jumbo, ..GenConfig::default() });
    write_pcap(&path, frames.iter().map(|f| (f.ts_ns, f.data.as_slice()))).unwrap();
    let back = read_pcap(&path);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(back.unwrap(), frames);
}
