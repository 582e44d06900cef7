//! Header parser for RSS: finds the hash type a frame qualifies for and the
//! Toeplitz input (address / port tuple) of that type.
//!
//! The RTL parser is checked against this code frame by frame, so the rules
//! are exact and deliberately simple:
//!
//! * Only the first [`PARSE_WINDOW`] bytes of a frame are ever looked at (and
//!   never past `frame.len()`); the window is `min(frame.len(), 128)`. A
//!   field that is not entirely inside the window is "missing": the result
//!   degrades (4-tuple -> 2-tuple -> none) as described per step, it never
//!   panics. Consequently `parse(f) == parse(&f[..min(f.len(), 128)])`.
//! * Ethernet: ethertype at 12. Up to two VLAN tags (TPID 0x8100 or 0x88A8)
//!   are skipped, 4 bytes each; a tag counts in `vlan_tags` as soon as its
//!   TPID is seen, even when the ethertype after it lies outside the window
//!   (the frame is then `None`). A third tag is not skipped, so the frame is
//!   not IP.
//! * IPv4 (0x0800): version 4, IHL >= 5, 20-byte fixed header inside the
//!   window, else `None`. Fragments (MF set or offset != 0) hash as `Ipv4`.
//!   TCP (6) / UDP (17) with both ports inside the window at IHL*4 give the
//!   4-tuple, otherwise `Ipv4`. Nothing else of the header is checked
//!   (checksum, total length, DF and the reserved flag are ignored).
//! * IPv6 (0x86DD): version 6 and the 40-byte header inside the window, else
//!   `None`. Extension headers 0 (hop-by-hop), 43 (routing) and 60
//!   (destination options) are walked, at most [`MAX_IPV6_EXT`] of them, in
//!   any order and repetition; each needs only its first 2 bytes (next header,
//!   length) inside the window. Fragment (44), a walk stopped by the window
//!   or by the limit, missing ports, or any other next header give `Ipv6`.
//! * Anything else (ARP, MPLS, frames < 14 bytes, ...) is `None`.

use crate::rss::HashType;

/// Bytes at the start of a frame the parser may look at.
pub const PARSE_WINDOW: usize = 128;

/// Most IPv6 extension headers walked; one more gives `Ipv6` (2-tuple).
pub const MAX_IPV6_EXT: usize = 8;

pub const ETHERTYPE_IPV4: u16 = 0x0800;
pub const ETHERTYPE_IPV6: u16 = 0x86DD;
pub const ETHERTYPE_VLAN: u16 = 0x8100;
pub const ETHERTYPE_QINQ: u16 = 0x88A8;
/// Most VLAN tags skipped.
pub const MAX_VLAN_TAGS: u8 = 2;

pub const IPPROTO_HOPOPTS: u8 = 0;
pub const IPPROTO_TCP: u8 = 6;
pub const IPPROTO_UDP: u8 = 17;
pub const IPPROTO_ROUTING: u8 = 43;
pub const IPPROTO_FRAGMENT: u8 = 44;
pub const IPPROTO_DSTOPTS: u8 = 60;

/// Parser result.
///
/// `hash_type` is the full type the frame qualifies for, before the RSS_CTRL
/// enables are applied; `tuple[..tuple_len]` is its Toeplitz input: source
/// address, destination address, then (4-tuple types) source port and
/// destination port, all in network byte order. Bytes of `tuple` at and after
/// `tuple_len` are always 0, so two results compare equal exactly when the
/// visible outputs do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// VLAN tags skipped (0..=2).
    pub vlan_tags: u8,
    pub hash_type: HashType,
    pub tuple: [u8; 36],
    pub tuple_len: u8,
}

// Manual: std has no `Default` for arrays longer than 32.
impl Default for Parsed {
    fn default() -> Self {
        Parsed { vlan_tags: 0, hash_type: HashType::None, tuple: [0; 36], tuple_len: 0 }
    }
}

impl Parsed {
    /// Length of the 2-tuple (addresses only) prefix of `tuple`: 8 for IPv4
    /// types, 32 for IPv6 types, 0 for `None`. Used when RSS_CTRL downgrades
    /// a 4-tuple type to its 2-tuple type.
    pub fn two_tuple_len(&self) -> u8 {
        self.hash_type.two_tuple().tuple_len() as u8
    }

    /// The Toeplitz input of the parsed type.
    pub fn input(&self) -> &[u8] {
        &self.tuple[..self.tuple_len as usize]
    }
}

/// Big-endian u16 at `off` if both bytes are inside `w`.
fn be16(w: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*w.get(off)?, *w.get(off + 1)?]))
}

/// `len` bytes at `off` if they are all inside `w`.
fn field(w: &[u8], off: usize, len: usize) -> Option<&[u8]> {
    w.get(off..off.checked_add(len)?)
}

/// Parse the headers of `frame` (see the module documentation for the rules).
pub fn parse(frame: &[u8]) -> Parsed {
    let w = &frame[..frame.len().min(PARSE_WINDOW)];
    let mut p = Parsed::default();

    let mut off = 12; // offset of the current ethertype field
    let Some(mut ethertype) = be16(w, off) else { return p };
    while (ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ) && p.vlan_tags < MAX_VLAN_TAGS {
        p.vlan_tags += 1;
        off += 4;
        match be16(w, off) {
            Some(e) => ethertype = e,
            None => return p,
        }
    }
    let l3 = off + 2;

    match ethertype {
        ETHERTYPE_IPV4 => parse_ipv4(w, l3, &mut p),
        ETHERTYPE_IPV6 => parse_ipv6(w, l3, &mut p),
        _ => {}
    }
    p
}

/// Fill `p` with the tuple of `ty`: addresses from `addrs` (src || dst), plus
/// ports when `ports` is given.
fn set_tuple(p: &mut Parsed, ty: HashType, addrs: &[u8], ports: Option<&[u8]>) {
    let a = addrs.len();
    p.tuple[..a].copy_from_slice(addrs);
    if let Some(ports) = ports {
        p.tuple[a..a + 4].copy_from_slice(ports);
    }
    p.hash_type = ty;
    p.tuple_len = ty.tuple_len() as u8;
    debug_assert_eq!(p.tuple_len as usize, a + if ports.is_some() { 4 } else { 0 });
}

fn parse_ipv4(w: &[u8], l3: usize, p: &mut Parsed) {
    let Some(h) = field(w, l3, 20) else { return };
    let version = h[0] >> 4;
    let ihl = (h[0] & 0x0f) as usize;
    if version != 4 || ihl < 5 {
        return;
    }
    let addrs = &h[12..20];
    let more_fragments = h[6] & 0x20 != 0;
    let frag_offset = u16::from_be_bytes([h[6] & 0x1f, h[7]]);
    // A fragment's ports are either absent (offset != 0) or would not be in
    // the later fragments: hash all fragments of a datagram alike.
    if more_fragments || frag_offset != 0 {
        return set_tuple(p, HashType::Ipv4, addrs, None);
    }
    let l4_type = match h[9] {
        IPPROTO_TCP => HashType::Ipv4Tcp,
        IPPROTO_UDP => HashType::Ipv4Udp,
        _ => return set_tuple(p, HashType::Ipv4, addrs, None),
    };
    match field(w, l3 + ihl * 4, 4) {
        Some(ports) => set_tuple(p, l4_type, addrs, Some(ports)),
        None => set_tuple(p, HashType::Ipv4, addrs, None),
    }
}

fn parse_ipv6(w: &[u8], l3: usize, p: &mut Parsed) {
    let Some(h) = field(w, l3, 40) else { return };
    if h[0] >> 4 != 6 {
        return;
    }
    let addrs = &h[8..40];
    let mut next = h[6];
    let mut off = l3 + 40;
    let mut walked = 0;
    while matches!(next, IPPROTO_HOPOPTS | IPPROTO_ROUTING | IPPROTO_DSTOPTS) {
        if walked == MAX_IPV6_EXT {
            return set_tuple(p, HashType::Ipv6, addrs, None);
        }
        let Some(ext) = field(w, off, 2) else {
            return set_tuple(p, HashType::Ipv6, addrs, None);
        };
        next = ext[0];
        // Length in 8-octet units, not counting the first 8 octets. `off`
        // stays small (< 128 + 8 * 2048), no overflow.
        off += (ext[1] as usize + 1) * 8;
        walked += 1;
    }
    let l4_type = match next {
        IPPROTO_TCP => HashType::Ipv6Tcp,
        IPPROTO_UDP => HashType::Ipv6Udp,
        // Fragment (44) and everything else: addresses only.
        _ => return set_tuple(p, HashType::Ipv6, addrs, None),
    };
    match field(w, off, 4) {
        Some(ports) => set_tuple(p, l4_type, addrs, Some(ports)),
        None => set_tuple(p, HashType::Ipv6, addrs, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Untagged IPv4/TCP, IHL 5, 54 bytes.
    fn ipv4_tcp() -> Vec<u8> {
        let mut f = vec![0u8; 54];
        f[12..14].copy_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
        f[14] = 0x45;
        f[23] = IPPROTO_TCP;
        f[26..30].copy_from_slice(&[10, 0, 0, 1]);
        f[30..34].copy_from_slice(&[10, 0, 0, 2]);
        f[34..38].copy_from_slice(&[0x12, 0x34, 0x56, 0x78]);
        f
    }

    #[test]
    fn ipv4_tcp_tuple() {
        let p = parse(&ipv4_tcp());
        assert_eq!(p.hash_type, HashType::Ipv4Tcp);
        assert_eq!(p.vlan_tags, 0);
        assert_eq!(p.input(), &[10, 0, 0, 1, 10, 0, 0, 2, 0x12, 0x34, 0x56, 0x78]);
        assert_eq!(p.two_tuple_len(), 8);
        assert!(p.tuple[12..].iter().all(|&b| b == 0));
    }

    #[test]
    fn degrades_with_length() {
        let f = ipv4_tcp();
        for n in 0..=f.len() {
            let p = parse(&f[..n]);
            let want = match n {
                0..=33 => HashType::None,
                34..=37 => HashType::Ipv4,
                _ => HashType::Ipv4Tcp,
            };
            assert_eq!(p.hash_type, want, "len {n}");
            assert_eq!(p.tuple_len as usize, want.tuple_len());
        }
    }

    #[test]
    fn bad_version_or_ihl_is_none() {
        let mut f = ipv4_tcp();
        f[14] = 0x44;
        assert_eq!(parse(&f).hash_type, HashType::None);
        f[14] = 0x65;
        assert_eq!(parse(&f).hash_type, HashType::None);
        assert_eq!(parse(&f), Parsed::default());
    }

    #[test]
    fn default_is_none() {
        let p = Parsed::default();
        assert_eq!(p.hash_type, HashType::None);
        assert_eq!(p.two_tuple_len(), 0);
        assert!(p.input().is_empty());
    }
}
