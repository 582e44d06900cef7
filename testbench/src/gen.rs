//! Reproducible synthetic traffic (`nicsim gen`).
//!
//! Output depends only on [`GenConfig`]: the PRNG is a local splitmix64 and all
//! arithmetic is integer, so the same config gives byte-identical frames on
//! every platform and version of this crate.
//!
//! Model:
//! - `flows` distinct 5-tuples are drawn up front from the seed. Per flow:
//!   IPv6 with probability `ipv6_pct`%, else IPv4; UDP with `udp_pct`%, else TCP;
//!   VLAN-tagged with `vlan_pct`%, and 1 in 8 tagged flows is QinQ
//!   (outer 0x88A8 S-tag + inner 0x8100 C-tag) instead of a single 0x8100 tag.
//!   Addresses: IPv4 in 10.0.0.0/8, IPv6 in fd00::/8; MACs are locally
//!   administered unicast; ports are >= 1024 and avoid common tunnel ports
//!   (VXLAN, Geneve, RoCEv2, ...), so parsers never try to decapsulate the
//!   random payload.
//! - Each frame picks its flow uniformly at random (every flow gets a similar
//!   share, which keeps RSS spread tests simple) and a length from the [`SizeMix`].
//! - Frame length excludes the FCS and *includes* VLAN tags, so the length
//!   distribution is exactly the mix. A frame is never shorter than its flow's
//!   headers (at most 82 bytes: QinQ + IPv6 + TCP), so the 60-byte class becomes
//!   e.g. 74 bytes for untagged IPv6/TCP. The IP packet always fills the frame
//!   (no Ethernet padding): IPv4 total length / IPv6 payload length cover the
//!   rest of the frame, the L4 payload is PRNG bytes.
//! - IPv4 header checksum and TCP/UDP checksums (IPv4 and IPv6) are all valid,
//!   so the frames are usable for checksum-offload tests. TCP segments carry
//!   PSH|ACK with a per-flow sequence number advancing by the payload length;
//!   IPv4 ID increments per flow; DF is set.
//! - Timestamps: frames are back to back at `rate_bps`, each occupying
//!   `len + 4 (FCS) + 20 (preamble, SFD, IFG)` bytes of wire time; the first
//!   frame is at [`START_NS`] (1 s). Frame i's time is computed from the total
//!   bit count so rounding does not accumulate. `rate_bps == 0` stamps every
//!   frame at `START_NS`.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use crate::pcap::Frame;

/// Timestamp of the first generated frame (1 s after the epoch).
pub const START_NS: u64 = 1_000_000_000;
/// Smallest frame generated (Ethernet minimum without FCS).
pub const MIN_FRAME_LEN: usize = 60;
/// Largest frame length accepted for [`SizeMix::Fixed`].
pub const MAX_FRAME_LEN: usize = 16_000;
/// Per-frame wire overhead not in the captured bytes: FCS 4 + preamble/SFD 8 + IFG 12.
pub const WIRE_OVERHEAD: usize = 24;

/// Frame-length distribution. Lengths exclude the 4-byte FCS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeMix {
    /// Every frame has this length (60..=16000).
    Fixed(usize),
    /// Simple IMIX 7:4:1 of 64/594/1518-byte wire frames = 60/590/1514 captured bytes.
    Imix,
    /// 8:1:1 of 9014/1514/60-byte frames.
    Jumbo,
}

impl SizeMix {
    /// The (length, weight) classes of this mix.
    pub fn classes(&self) -> Vec<(usize, u32)> {
        match *self {
            SizeMix::Fixed(n) => vec![(n.clamp(MIN_FRAME_LEN, MAX_FRAME_LEN), 1)],
            SizeMix::Imix => vec![(60, 7), (590, 4), (1514, 1)],
            SizeMix::Jumbo => vec![(9014, 8), (1514, 1), (60, 1)],
        }
    }

    fn pick(&self, rng: &mut SplitMix64) -> usize {
        let classes = self.classes();
        if let [(len, _)] = classes[..] {
            return len;
        }
        let total: u32 = classes.iter().map(|&(_, w)| w).sum();
        let mut r = rng.below(total as u64) as u32;
        for &(len, w) in &classes {
            if r < w {
                return len;
            }
            r -= w;
        }
        unreachable!("weights sum to total")
    }
}

impl fmt::Display for SizeMix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SizeMix::Fixed(n) => write!(f, "{n}"),
            SizeMix::Imix => f.write_str("imix"),
            SizeMix::Jumbo => f.write_str("jumbo"),
        }
    }
}

/// Invalid generator configuration or size-mix string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GenError(pub String);

impl FromStr for SizeMix {
    type Err = GenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("imix") {
            return Ok(SizeMix::Imix);
        }
        if t.eq_ignore_ascii_case("jumbo") {
            return Ok(SizeMix::Jumbo);
        }
        match t.parse::<usize>() {
            Ok(n) if (MIN_FRAME_LEN..=MAX_FRAME_LEN).contains(&n) => Ok(SizeMix::Fixed(n)),
            _ => Err(GenError(format!(
                "invalid size mix {s:?}: expected \"imix\", \"jumbo\" or a frame length in bytes \
                 ({MIN_FRAME_LEN}..={MAX_FRAME_LEN}, without FCS)"
            ))),
        }
    }
}

/// Parameters of [`generate`]. Out-of-range values are clamped by the
/// generator (percentages to 100, `flows` to at least 1, fixed sizes to
/// 60..=16000); [`GenConfig::validate`] reports them instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// Number of frames.
    pub count: usize,
    /// Number of distinct 5-tuples.
    pub flows: usize,
    /// Percentage of flows that are IPv6 (0..=100).
    pub ipv6_pct: u8,
    /// Percentage of flows that are UDP (0..=100); the rest are TCP.
    pub udp_pct: u8,
    /// Percentage of flows carrying VLAN tag(s) (0..=100).
    pub vlan_pct: u8,
    /// Frame-length distribution.
    pub sizes: SizeMix,
    /// Line rate in bit/s used for timestamps.
    pub rate_bps: u64,
    /// PRNG seed.
    pub seed: u64,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            count: 10_000,
            flows: 64,
            ipv6_pct: 25,
            udp_pct: 30,
            vlan_pct: 10,
            sizes: SizeMix::Imix,
            rate_bps: 10_000_000_000,
            seed: 1,
        }
    }
}

/// Most flows `gen` takes: the flow table is held in memory (about 100 MB at this size).
pub const MAX_FLOWS: usize = 1_000_000;

impl GenConfig {
    /// Checks for values the generator would otherwise clamp.
    pub fn validate(&self) -> Result<(), GenError> {
        let err = |m: String| Err(GenError(m));
        if !(1..=MAX_FLOWS).contains(&self.flows) {
            return err(format!("flows must be 1..={MAX_FLOWS}, got {}", self.flows));
        }
        for (name, v) in [("ipv6_pct", self.ipv6_pct), ("udp_pct", self.udp_pct), ("vlan_pct", self.vlan_pct)] {
            if v > 100 {
                return err(format!("{name} must be 0..=100, got {v}"));
            }
        }
        if let SizeMix::Fixed(n) = self.sizes {
            if !(MIN_FRAME_LEN..=MAX_FRAME_LEN).contains(&n) {
                return err(format!("fixed frame size must be {MIN_FRAME_LEN}..={MAX_FRAME_LEN}, got {n}"));
            }
        }
        if self.rate_bps == 0 {
            return err("rate_bps must be positive".into());
        }
        Ok(())
    }
}

/// Generates `cfg.count` frames. Same config -> identical output.
pub fn generate(cfg: &GenConfig) -> Vec<Frame> {
    Generator::new(cfg).collect()
}

/// Streaming form of [`generate`] (same frames, constant memory).
#[derive(Clone, Debug)]
pub struct Generator {
    flows: Vec<Flow>,
    sizes: SizeMix,
    rate_bps: u64,
    remaining: usize,
    pick_rng: SplitMix64,
    payload_rng: SplitMix64,
    wire_bits: u128,
}

impl Generator {
    pub fn new(cfg: &GenConfig) -> Self {
        // Independent streams so e.g. changing `count` or `sizes` does not change the flow table.
        let mut flow_rng = SplitMix64::stream(cfg.seed, 1);
        let flows = make_flows(cfg, &mut flow_rng);
        Generator {
            flows,
            sizes: cfg.sizes,
            rate_bps: cfg.rate_bps,
            remaining: cfg.count,
            pick_rng: SplitMix64::stream(cfg.seed, 2),
            payload_rng: SplitMix64::stream(cfg.seed, 3),
            wire_bits: 0,
        }
    }
}

impl Iterator for Generator {
    type Item = Frame;

    fn next(&mut self) -> Option<Frame> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let idx = self.pick_rng.below(self.flows.len() as u64) as usize;
        let len = self.sizes.pick(&mut self.pick_rng);
        let data = build_frame(&mut self.flows[idx], len, &mut self.payload_rng);
        let ts_ns = if self.rate_bps == 0 {
            START_NS
        } else {
            let t = self.wire_bits * 1_000_000_000 / self.rate_bps as u128;
            START_NS.saturating_add(u64::try_from(t).unwrap_or(u64::MAX))
        };
        self.wire_bits += ((data.len() + WIRE_OVERHEAD) * 8) as u128;
        let orig_len = data.len() as u32;
        Some(Frame { ts_ns, data, orig_len })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Generator {}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified.
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn stream(seed: u64, stream: u64) -> Self {
        let mut s = SplitMix64(seed ^ stream.wrapping_mul(0xd605_bbb5_8c8a_bbb3));
        SplitMix64(s.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (multiply-shift; the bias is < n / 2^64).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    fn percent(&mut self, pct: u8) -> bool {
        self.below(100) < pct.min(100) as u64
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

const TPID_CTAG: u16 = 0x8100;
const TPID_STAG: u16 = 0x88a8;
const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const PROTO_TCP: u8 = 6;
const PROTO_UDP: u8 = 17;
/// VXLAN, VXLAN-GPE, RoCEv2, Geneve, Linux VXLAN, L2TP, GTP-U, MPLS-in-UDP, ESP-in-UDP.
const TUNNEL_PORTS: [u16; 9] = [4789, 4790, 4791, 6081, 8472, 1701, 2152, 6635, 4500];

#[derive(Clone, Debug)]
struct Flow {
    dst_mac: [u8; 6],
    src_mac: [u8; 6],
    /// (TPID, TCI), outermost first.
    tags: Vec<(u16, u16)>,
    v6: bool,
    udp: bool,
    /// IPv4 uses the first 4 bytes.
    src_ip: [u8; 16],
    dst_ip: [u8; 16],
    sport: u16,
    dport: u16,
    flow_label: u32,
    ip_id: u16,
    seq: u32,
    ack: u32,
}

fn random_mac(rng: &mut SplitMix64) -> [u8; 6] {
    let mut m = [0u8; 6];
    rng.fill(&mut m);
    m[0] = (m[0] & 0xfc) | 0x02; // unicast, locally administered
    m
}

fn random_port(rng: &mut SplitMix64) -> u16 {
    loop {
        let p = 1024 + rng.below(65536 - 1024) as u16;
        if !TUNNEL_PORTS.contains(&p) {
            return p;
        }
    }
}

fn random_tci(rng: &mut SplitMix64) -> u16 {
    let pcp = rng.below(8) as u16;
    let vid = 1 + rng.below(4094) as u16;
    pcp << 13 | vid
}

fn make_flows(cfg: &GenConfig, rng: &mut SplitMix64) -> Vec<Flow> {
    let n = cfg.flows.max(1);
    let mut seen = HashSet::with_capacity(n);
    let mut flows = Vec::with_capacity(n);
    while flows.len() < n {
        let v6 = rng.percent(cfg.ipv6_pct);
        let udp = rng.percent(cfg.udp_pct);
        let tags = if rng.percent(cfg.vlan_pct) {
            if rng.below(8) == 0 {
                vec![(TPID_STAG, random_tci(rng)), (TPID_CTAG, random_tci(rng))]
            } else {
                vec![(TPID_CTAG, random_tci(rng))]
            }
        } else {
            Vec::new()
        };
        let (mut src_ip, mut dst_ip) = ([0u8; 16], [0u8; 16]);
        for ip in [&mut src_ip, &mut dst_ip] {
            if v6 {
                rng.fill(ip);
                ip[0] = 0xfd;
            } else {
                rng.fill(&mut ip[1..3]);
                ip[0] = 10;
                ip[3] = 1 + rng.below(254) as u8;
            }
        }
        let flow = Flow {
            dst_mac: random_mac(rng),
            src_mac: random_mac(rng),
            tags,
            v6,
            udp,
            src_ip,
            dst_ip,
            sport: random_port(rng),
            dport: random_port(rng),
            flow_label: 1 + rng.below(0xf_ffff) as u32,
            ip_id: rng.next_u64() as u16,
            seq: rng.next_u64() as u32,
            ack: rng.next_u64() as u32,
        };
        // Distinct 5-tuples, also when VLANs differ, so flow counts seen by RSS match `flows`.
        if src_ip != dst_ip && seen.insert((v6, udp, src_ip, dst_ip, flow.sport, flow.dport)) {
            flows.push(flow);
        }
    }
    flows
}

/// Internet checksum (RFC 1071) accumulation over big-endian 16-bit words.
fn sum16(mut acc: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        acc += u16::from_be_bytes([c[0], c[1]]) as u32;
    }
    if let [last] = chunks.remainder() {
        acc += (*last as u32) << 8;
    }
    acc
}

fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

fn build_frame(f: &mut Flow, target_len: usize, rng: &mut SplitMix64) -> Vec<u8> {
    let l2_len = 14 + 4 * f.tags.len();
    let ip_hdr = if f.v6 { 40 } else { 20 };
    let l4_hdr = if f.udp { 8 } else { 20 };
    let len = target_len.max(MIN_FRAME_LEN).max(l2_len + ip_hdr + l4_hdr);
    let l3_len = len - l2_len;
    let l4_len = l3_len - ip_hdr;
    let payload_len = l4_len - l4_hdr;
    let proto = if f.udp { PROTO_UDP } else { PROTO_TCP };

    let mut b = Vec::with_capacity(len);
    b.extend_from_slice(&f.dst_mac);
    b.extend_from_slice(&f.src_mac);
    for &(tpid, tci) in &f.tags {
        b.extend_from_slice(&tpid.to_be_bytes());
        b.extend_from_slice(&tci.to_be_bytes());
    }

    // Pseudo-header sum for the L4 checksum.
    let mut l4_acc;
    if f.v6 {
        b.extend_from_slice(&ETHERTYPE_IPV6.to_be_bytes());
        b.extend_from_slice(&(6u32 << 28 | f.flow_label).to_be_bytes());
        b.extend_from_slice(&(l4_len as u16).to_be_bytes());
        b.push(proto);
        b.push(64); // hop limit
        b.extend_from_slice(&f.src_ip);
        b.extend_from_slice(&f.dst_ip);
        l4_acc = sum16(sum16(0, &f.src_ip), &f.dst_ip);
        l4_acc = sum16(l4_acc, &(l4_len as u32).to_be_bytes());
        l4_acc += proto as u32;
    } else {
        b.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
        let ip_start = b.len();
        b.extend_from_slice(&[0x45, 0]);
        b.extend_from_slice(&(l3_len as u16).to_be_bytes());
        b.extend_from_slice(&f.ip_id.to_be_bytes());
        b.extend_from_slice(&0x4000u16.to_be_bytes()); // DF
        b.extend_from_slice(&[64, proto, 0, 0]);
        b.extend_from_slice(&f.src_ip[..4]);
        b.extend_from_slice(&f.dst_ip[..4]);
        let csum = fold(sum16(0, &b[ip_start..]));
        b[ip_start + 10..ip_start + 12].copy_from_slice(&csum.to_be_bytes());
        f.ip_id = f.ip_id.wrapping_add(1);
        l4_acc = sum16(sum16(0, &f.src_ip[..4]), &f.dst_ip[..4]);
        l4_acc += proto as u32 + l4_len as u32;
    }

    let l4_start = b.len();
    b.extend_from_slice(&f.sport.to_be_bytes());
    b.extend_from_slice(&f.dport.to_be_bytes());
    let csum_at = if f.udp {
        b.extend_from_slice(&(l4_len as u16).to_be_bytes());
        b.extend_from_slice(&[0, 0]);
        l4_start + 6
    } else {
        b.extend_from_slice(&f.seq.to_be_bytes());
        b.extend_from_slice(&f.ack.to_be_bytes());
        b.extend_from_slice(&[0x50, 0x18]); // data offset 5, PSH|ACK
        b.extend_from_slice(&0xffffu16.to_be_bytes()); // window
        b.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
        f.seq = f.seq.wrapping_add(payload_len as u32);
        l4_start + 16
    };
    b.resize(len, 0);
    rng.fill(&mut b[l4_start + l4_hdr..]);
    let mut csum = fold(sum16(l4_acc, &b[l4_start..]));
    if f.udp && csum == 0 {
        csum = 0xffff; // 0 means "no checksum" for UDP
    }
    b[csum_at..csum_at + 2].copy_from_slice(&csum.to_be_bytes());
    b
}
