//! Frame builders shared by the integration tests (each test binary uses a
//! different subset, hence the `dead_code` allowance).
#![allow(dead_code)]

pub const TPID_VLAN: u16 = 0x8100;
pub const TPID_QINQ: u16 = 0x88A8;
pub const ET_IPV4: u16 = 0x0800;
pub const ET_IPV6: u16 = 0x86DD;
pub const ET_ARP: u16 = 0x0806;
pub const ET_MPLS: u16 = 0x8847;

/// Ethernet header: fixed MACs, then one 4-byte tag per TPID in `tags`
/// (outermost first, TCI = VLAN 100 + index), then `ethertype`.
pub fn eth(tags: &[u16], ethertype: u16) -> Vec<u8> {
    let mut f = vec![0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02];
    for (i, tpid) in tags.iter().enumerate() {
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&(100 + i as u16).to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f
}

/// IPv4 header with `ihl` 32-bit words (options filled with NOPs, 0x01) and
/// the flags/fragment-offset field `flags_frag` (MF = 0x2000, DF = 0x4000).
pub fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, ihl: u8, flags_frag: u16) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[0] = 0x40 | (ihl & 0x0f);
    h[1] = 0;
    h[2..4].copy_from_slice(&100u16.to_be_bytes()); // total length: not checked by the parser
    h[4..6].copy_from_slice(&0x1234u16.to_be_bytes());
    h[6..8].copy_from_slice(&flags_frag.to_be_bytes());
    h[8] = 64;
    h[9] = proto;
    h[12..16].copy_from_slice(&src);
    h[16..20].copy_from_slice(&dst);
    let opt_bytes = (ihl as usize * 4).saturating_sub(20);
    h.extend(std::iter::repeat_n(1u8, opt_bytes));
    h
}

/// IPv6 fixed header.
pub fn ipv6(src: [u8; 16], dst: [u8; 16], next: u8) -> Vec<u8> {
    let mut h = vec![0u8; 40];
    h[0] = 0x60;
    h[4..6].copy_from_slice(&64u16.to_be_bytes());
    h[6] = next;
    h[7] = 64;
    h[8..24].copy_from_slice(&src);
    h[24..40].copy_from_slice(&dst);
    h
}

/// IPv6 extension header (hop-by-hop / routing / destination options
/// layout): `(len + 1) * 8` bytes, padding 0.
pub fn ext6(next: u8, len: u8) -> Vec<u8> {
    let mut h = vec![0u8; (len as usize + 1) * 8];
    h[0] = next;
    h[1] = len;
    h
}

/// IPv6 fragment header (8 bytes, its own layout: reserved byte, no length).
pub fn frag6(next: u8, offset_units: u16, more: bool) -> Vec<u8> {
    let mut h = vec![0u8; 8];
    h[0] = next;
    h[2..4].copy_from_slice(&((offset_units << 3) | more as u16).to_be_bytes());
    h[4..8].copy_from_slice(&0xdeadbeefu32.to_be_bytes());
    h
}

/// TCP header (20 bytes).
pub fn tcp(sport: u16, dport: u16) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[0..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[12] = 0x50;
    h
}

/// UDP header (8 bytes).
pub fn udp(sport: u16, dport: u16) -> Vec<u8> {
    let mut h = vec![0u8; 8];
    h[0..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[4..6].copy_from_slice(&8u16.to_be_bytes());
    h
}

/// Concatenate header pieces and append `payload` bytes of 0xA5.
pub fn frame(parts: &[&[u8]], payload: usize) -> Vec<u8> {
    let mut f: Vec<u8> = parts.concat();
    f.extend(std::iter::repeat_n(0xA5u8, payload));
    f
}

pub fn v4(s: &str) -> [u8; 4] {
    s.parse::<std::net::Ipv4Addr>().unwrap().octets()
}

pub fn v6(s: &str) -> [u8; 16] {
    s.parse::<std::net::Ipv6Addr>().unwrap().octets()
}

/// Toeplitz input: src || dst || (sport || dport if given).
pub fn tuple(src: &[u8], dst: &[u8], ports: Option<(u16, u16)>) -> Vec<u8> {
    let mut t = [src, dst].concat();
    if let Some((s, d)) = ports {
        t.extend_from_slice(&s.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    t
}

/// xorshift64* PRNG: deterministic, no dependencies.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform-ish in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}
