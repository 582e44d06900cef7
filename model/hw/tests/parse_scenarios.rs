//! Parser and RSS selection scenarios on hand-built frames.

mod common;

use common::*;
use nicsim_hw::parse::{parse, Parsed, PARSE_WINDOW};
use nicsim_hw::rss::{hash_frame, toeplitz, HashType, Toeplitz, DEFAULT_KEY};
use HashType::{Ipv4, Ipv4Tcp, Ipv4Udp, Ipv6, Ipv6Tcp, Ipv6Udp};

/// `HashType::None` (a glob import would shadow `Option::None`).
const NONE: HashType = HashType::None;

const ALL_ON: u8 = 0x7f;
const TCP: u8 = 6;
const UDP: u8 = 17;
const ICMP: u8 = 1;
const MF: u16 = 0x2000;
const DF: u16 = 0x4000;

const S4: [u8; 4] = [192, 168, 1, 10];
const D4: [u8; 4] = [10, 20, 30, 40];

fn s6() -> [u8; 16] {
    v6("2001:db8::1")
}
fn d6() -> [u8; 16] {
    v6("2001:db8:ffff::2")
}

/// Checks the parse result in full and that `hash_frame` with every type
/// enabled hashes exactly that tuple.
fn expect(f: &[u8], tags: u8, ty: HashType, tup: &[u8]) -> Parsed {
    let p = parse(f);
    assert_eq!((p.vlan_tags, p.hash_type), (tags, ty), "frame len {}", f.len());
    assert_eq!(p.input(), tup, "tuple, frame len {}", f.len());
    assert_eq!(p.tuple_len as usize, ty.tuple_len());
    assert!(p.tuple[tup.len()..].iter().all(|&b| b == 0), "tuple tail not zero");
    let want_hash = if ty == NONE { 0 } else { toeplitz(&DEFAULT_KEY, tup) };
    assert_eq!(hash_frame(&Toeplitz::default(), ALL_ON, f), (ty, want_hash));
    p
}

fn ipv4_tcp_frame(tags: &[u16], payload: usize) -> Vec<u8> {
    frame(&[&eth(tags, ET_IPV4), &ipv4(S4, D4, TCP, 5, 0), &tcp(1000, 80)], payload)
}

// ---------------------------------------------------------------- Ethernet / VLAN

#[test]
fn untagged_ipv4_tcp() {
    expect(&ipv4_tcp_frame(&[], 10), 0, Ipv4Tcp, &tuple(&S4, &D4, Some((1000, 80))));
}

#[test]
fn one_tag() {
    for tpid in [TPID_VLAN, TPID_QINQ] {
        expect(&ipv4_tcp_frame(&[tpid], 10), 1, Ipv4Tcp, &tuple(&S4, &D4, Some((1000, 80))));
    }
}

#[test]
fn two_tags() {
    let t = tuple(&S4, &D4, Some((1000, 80)));
    expect(&ipv4_tcp_frame(&[TPID_QINQ, TPID_VLAN], 10), 2, Ipv4Tcp, &t);
    // Either TPID in either position.
    expect(&ipv4_tcp_frame(&[TPID_VLAN, TPID_VLAN], 10), 2, Ipv4Tcp, &t);
    expect(&ipv4_tcp_frame(&[TPID_QINQ, TPID_QINQ], 10), 2, Ipv4Tcp, &t);
}

#[test]
fn three_tags_is_none() {
    let f = ipv4_tcp_frame(&[TPID_QINQ, TPID_VLAN, TPID_VLAN], 10);
    expect(&f, 2, NONE, &[]);
    let f = ipv4_tcp_frame(&[TPID_QINQ, TPID_VLAN, TPID_QINQ], 10);
    expect(&f, 2, NONE, &[]);
}

#[test]
fn ipv6_behind_two_tags() {
    let f = frame(&[&eth(&[TPID_QINQ, TPID_VLAN], ET_IPV6), &ipv6(s6(), d6(), UDP), &udp(53, 5353)], 4);
    expect(&f, 2, Ipv6Udp, &tuple(&s6(), &d6(), Some((53, 5353))));
}

#[test]
fn non_ip_is_none() {
    let arp = frame(&[&eth(&[], ET_ARP)], 28);
    expect(&arp, 0, NONE, &[]);
    let arp_tagged = frame(&[&eth(&[TPID_VLAN], ET_ARP)], 28);
    expect(&arp_tagged, 1, NONE, &[]);
    // MPLS carrying what looks like IPv4: not looked into.
    let mpls = frame(&[&eth(&[], ET_MPLS), &[0, 0, 0x11, 0x40], &ipv4(S4, D4, TCP, 5, 0), &tcp(1, 2)], 0);
    expect(&mpls, 0, NONE, &[]);
    // Too short for an ethertype.
    for n in 0..14 {
        expect(&ipv4_tcp_frame(&[], 0)[..n], 0, NONE, &[]);
    }
}

// ---------------------------------------------------------------- IPv4

#[test]
fn ipv4_udp_and_icmp() {
    let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, UDP, 5, 0), &udp(5000, 53)], 20);
    expect(&f, 0, Ipv4Udp, &tuple(&S4, &D4, Some((5000, 53))));
    let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, ICMP, 5, 0), &[8, 0, 0, 0, 0, 1, 0, 1]], 20);
    expect(&f, 0, Ipv4, &tuple(&S4, &D4, None));
    // Other protocols (GRE 47, ESP 50, SCTP 132) are 2-tuple too.
    for proto in [47, 50, 132] {
        let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, proto, 5, 0), &tcp(1, 2)], 0);
        expect(&f, 0, Ipv4, &tuple(&S4, &D4, None));
    }
}

#[test]
fn ipv4_fragments_are_two_tuple() {
    let two = tuple(&S4, &D4, None);
    // First fragment: MF set, offset 0, ports present but not used.
    let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, TCP, 5, MF), &tcp(1000, 80)], 10);
    expect(&f, 0, Ipv4, &two);
    // Later fragment: offset != 0, MF clear (last) or set (middle).
    for ff in [1, 0x1fff, MF | 185, 0x0100] {
        let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, UDP, 5, ff), &udp(1000, 80)], 10);
        expect(&f, 0, Ipv4, &two);
    }
    // DF and the reserved bit do not make a fragment.
    for ff in [DF, 0x8000] {
        let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, TCP, 5, ff), &tcp(1000, 80)], 10);
        expect(&f, 0, Ipv4Tcp, &tuple(&S4, &D4, Some((1000, 80))));
    }
}

#[test]
fn ipv4_bad_header_is_none() {
    let good = ipv4_tcp_frame(&[], 10);
    for b0 in [0x44, 0x40, 0x35, 0x65, 0x00, 0xf5] {
        let mut f = good.clone();
        f[14] = b0;
        expect(&f, 0, NONE, &[]);
    }
}

#[test]
fn ipv4_options_move_ports() {
    // IHL 15 (40 bytes of options) behind two tags: L4 at 22 + 60 = 82, the
    // farthest an IPv4 L4 header can start, still inside the window.
    let f = frame(&[&eth(&[TPID_QINQ, TPID_VLAN], ET_IPV4), &ipv4(S4, D4, TCP, 15, 0), &tcp(7, 8)], 100);
    assert!(f.len() > PARSE_WINDOW);
    expect(&f, 2, Ipv4Tcp, &tuple(&S4, &D4, Some((7, 8))));
    // Ports read from IHL*4, not from offset 20.
    let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, UDP, 6, 0), &udp(0x1111, 0x2222)], 0);
    expect(&f, 0, Ipv4Udp, &tuple(&S4, &D4, Some((0x1111, 0x2222))));
}

#[test]
fn ipv4_options_push_ports_out_of_frame() {
    // IHL 15 untagged: ports at 74..78. Because 82 + 4 < 128, IPv4 options
    // alone can never push the ports past the 128-byte window of a long
    // frame; they leave the window only when the frame ends first.
    let f = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, TCP, 15, 0), &tcp(7, 8)], 0);
    for n in 34..f.len() {
        let ty = if n >= 78 { Ipv4Tcp } else { Ipv4 };
        let ports = (ty == Ipv4Tcp).then_some((7, 8));
        expect(&f[..n], 0, ty, &tuple(&S4, &D4, ports));
    }
    // Options declared but the frame ends inside the 20-byte fixed header.
    expect(&f[..33], 0, NONE, &[]);
}

#[test]
fn truncated_ipv4_tcp_every_length() {
    // Untagged: IPv4 header at 14..34, ports at 34..38.
    let f = ipv4_tcp_frame(&[], 40);
    assert!(f.len() > 80);
    for n in 0..=80 {
        let (ty, ports) = match n {
            0..=33 => (NONE, None),
            34..=37 => (Ipv4, None),
            _ => (Ipv4Tcp, Some((1000, 80))),
        };
        let tup = if ty == NONE { vec![] } else { tuple(&S4, &D4, ports) };
        expect(&f[..n], 0, ty, &tup);
    }
    // Two tags: TPIDs at 12 and 16, ethertype at 20, IPv4 22..42, ports 42..46.
    // A tag counts once its TPID is seen, even if the next ethertype is cut off.
    let f = ipv4_tcp_frame(&[TPID_QINQ, TPID_VLAN], 40);
    for n in 0..=80 {
        let tags = match n {
            0..=13 => 0,
            14..=17 => 1,
            _ => 2,
        };
        let (ty, ports) = match n {
            0..=41 => (NONE, None),
            42..=45 => (Ipv4, None),
            _ => (Ipv4Tcp, Some((1000, 80))),
        };
        let tup = if ty == NONE { vec![] } else { tuple(&S4, &D4, ports) };
        expect(&f[..n], tags, ty, &tup);
    }
}

#[test]
fn truncated_ipv6_tcp_every_length() {
    // IPv6 header at 14..54, ports at 54..58.
    let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), TCP), &tcp(443, 55555)], 30);
    for n in 0..=80 {
        let (ty, ports) = match n {
            0..=53 => (NONE, None),
            54..=57 => (Ipv6, None),
            _ => (Ipv6Tcp, Some((443, 55555))),
        };
        let tup = if ty == NONE { vec![] } else { tuple(&s6(), &d6(), ports) };
        expect(&f[..n], 0, ty, &tup);
    }
}

// ---------------------------------------------------------------- IPv6

#[test]
fn ipv6_tcp() {
    let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), TCP), &tcp(443, 55555)], 0);
    let p = expect(&f, 0, Ipv6Tcp, &tuple(&s6(), &d6(), Some((443, 55555))));
    assert_eq!(p.two_tuple_len(), 32);
}

#[test]
fn ipv6_hop_by_hop_dest_options_udp() {
    let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(60, 0), &ext6(UDP, 1), &udp(4789, 4789)], 16);
    // L4 at 54 + 8 + 16 = 78.
    expect(&f, 0, Ipv6Udp, &tuple(&s6(), &d6(), Some((4789, 4789))));
    // Routing header too, and any order / repetition is walked.
    let f =
        frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 60), &ext6(43, 0), &ext6(0, 0), &ext6(TCP, 0), &tcp(1, 2)], 0);
    expect(&f, 0, Ipv6Tcp, &tuple(&s6(), &d6(), Some((1, 2))));
}

#[test]
fn ipv6_fragment_header_is_two_tuple() {
    let two = tuple(&s6(), &d6(), None);
    for (off, more) in [(0, true), (100, false), (100, true)] {
        let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 44), &frag6(TCP, off, more), &tcp(1, 2)], 0);
        expect(&f, 0, Ipv6, &two);
        // Also behind a hop-by-hop header.
        let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(44, 0), &frag6(UDP, off, more), &udp(1, 2)], 0);
        expect(&f, 0, Ipv6, &two);
    }
}

#[test]
fn ipv6_other_next_headers_are_two_tuple() {
    // ICMPv6, no next header, ESP, AH (not walked), SCTP.
    for nh in [58, 59, 50, 51, 132] {
        let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), nh), &tcp(1, 2)], 0);
        expect(&f, 0, Ipv6, &tuple(&s6(), &d6(), None));
    }
    // Extension header whose next header is ICMPv6.
    let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(58, 0), &[128, 0, 0, 0]], 0);
    expect(&f, 0, Ipv6, &tuple(&s6(), &d6(), None));
}

#[test]
fn ipv6_extension_limit() {
    // 8 extension headers walked; TCP after them is hashed.
    let build = |n: usize| {
        let mut parts: Vec<Vec<u8>> = vec![eth(&[], ET_IPV6), ipv6(s6(), d6(), 60)];
        for i in 0..n {
            parts.push(ext6(if i + 1 == n { TCP } else { 60 }, 0));
        }
        parts.push(tcp(9, 10));
        let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
        frame(&refs, 0)
    };
    // 14 + 40 + 8*8 = 118: ports at 118..122, inside the window.
    expect(&build(8), 0, Ipv6Tcp, &tuple(&s6(), &d6(), Some((9, 10))));
    // A ninth extension header (at 118, inside) stops the walk. Note the
    // window alone would give the same answer: 9 minimal headers put the L4
    // header at 126, ports past 128. So the limit of 8 is exactly what fits.
    expect(&build(9), 0, Ipv6, &tuple(&s6(), &d6(), None));
}

#[test]
fn ipv6_window_edges() {
    let four = tuple(&s6(), &d6(), Some((1, 2)));
    let two = tuple(&s6(), &d6(), None);
    // Hop-by-hop of (len+1)*8 bytes: L4 at 54 + (len+1)*8. Ports need
    // L4 + 4 <= 128 even though the frame continues.
    for (len, ty) in [(7u8, Ipv6Tcp), (8, Ipv6)] {
        // len 7: L4 at 118 (ports 118..122); len 8: L4 at 126 (ports 126..130).
        let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(TCP, len), &tcp(1, 2)], 200);
        expect(&f, 0, ty, if ty == Ipv6Tcp { &four } else { &two });
    }
    // Tags move the same layout across the edge. One tag: L3 18, L4 at
    // 18 + 40 + 64 = 122, ports 122..126 inside.
    let f = frame(&[&eth(&[TPID_VLAN], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(TCP, 7), &tcp(1, 2)], 50);
    expect(&f, 1, Ipv6Tcp, &four);
    // Two tags: L4 at 22 + 40 + 64 = 126, ports 126..130: outside.
    let f = frame(&[&eth(&[TPID_VLAN, TPID_VLAN], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(TCP, 7), &tcp(1, 2)], 50);
    expect(&f, 2, Ipv6, &two);
    // A second extension header entirely past the window (one tag: first
    // ext at 58, 72 bytes long, second at 130): walk stops, 2-tuple.
    let f = frame(&[&eth(&[TPID_VLAN], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(60, 8), &ext6(TCP, 0), &tcp(1, 2)], 0);
    expect(&f, 1, Ipv6, &two);
    // Ext header start inside but only 1 of its 2 bytes: frame ends there.
    let f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), 0), &ext6(TCP, 0), &tcp(1, 2)], 0);
    expect(&f[..55], 0, Ipv6, &two);
    expect(&f[..56], 0, Ipv6, &two);
    expect(&f[..54], 0, Ipv6, &two);
    expect(&f[..53], 0, NONE, &[]);
}

#[test]
fn ipv6_bad_version_is_none() {
    let mut f = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), TCP), &tcp(1, 2)], 0);
    f[14] = 0x40;
    expect(&f, 0, NONE, &[]);
    // IPv4 header under the IPv6 ethertype and vice versa.
    let f = frame(&[&eth(&[], ET_IPV6), &ipv4(S4, D4, TCP, 5, 0), &tcp(1, 2)], 40);
    expect(&f, 0, NONE, &[]);
    let f = frame(&[&eth(&[], ET_IPV4), &ipv6(s6(), d6(), TCP), &tcp(1, 2)], 0);
    expect(&f, 0, NONE, &[]);
}

// ---------------------------------------------------------------- window

#[test]
fn bytes_past_window_are_ignored() {
    let mut rng = Rng::new(7);
    let base = ipv4_tcp_frame(&[TPID_VLAN], 200);
    let want = parse(&base[..PARSE_WINDOW]);
    for _ in 0..50 {
        let mut f = base.clone();
        for b in &mut f[PARSE_WINDOW..] {
            *b = rng.next_u64() as u8;
        }
        assert_eq!(parse(&f), want);
    }
}

// ---------------------------------------------------------------- RSS_CTRL and the Microsoft vectors end to end

#[test]
fn microsoft_vectors_through_frames() {
    let t = Toeplitz::default();
    let v4s = [
        ("66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178),
        ("199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea),
        ("24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a),
        ("38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f),
        ("153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2),
    ];
    for (s, d, sp, dp, h2, h4) in v4s {
        for tags in [&[][..], &[TPID_VLAN], &[TPID_QINQ, TPID_VLAN]] {
            let tcp_f = frame(&[&eth(tags, ET_IPV4), &ipv4(v4(s), v4(d), TCP, 5, 0), &tcp(sp, dp)], 0);
            let udp_f = frame(&[&eth(tags, ET_IPV4), &ipv4(v4(s), v4(d), UDP, 5, 0), &udp(sp, dp)], 0);
            assert_eq!(hash_frame(&t, ALL_ON, &tcp_f), (Ipv4Tcp, h4));
            assert_eq!(hash_frame(&t, ALL_ON, &udp_f), (Ipv4Udp, h4));
            assert_eq!(hash_frame(&t, ALL_ON & !(1 << 2), &tcp_f), (Ipv4, h2));
            assert_eq!(hash_frame(&t, ALL_ON & !(1 << 3), &udp_f), (Ipv4, h2));
        }
    }
    let v6s = [
        ("3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5, 0x40207d3d),
        ("3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c, 0xdde51bbf),
        ("3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024, 0x4b61e985, 0x02d1feef),
    ];
    for (s, d, sp, dp, h2, h4) in v6s {
        let tcp_f = frame(&[&eth(&[], ET_IPV6), &ipv6(v6(s), v6(d), 0), &ext6(TCP, 0), &tcp(sp, dp)], 0);
        let udp_f = frame(&[&eth(&[], ET_IPV6), &ipv6(v6(s), v6(d), UDP), &udp(sp, dp)], 0);
        assert_eq!(hash_frame(&t, ALL_ON, &tcp_f), (Ipv6Tcp, h4));
        assert_eq!(hash_frame(&t, ALL_ON, &udp_f), (Ipv6Udp, h4));
        assert_eq!(hash_frame(&t, ALL_ON & !(1 << 5), &tcp_f), (Ipv6, h2));
        assert_eq!(hash_frame(&t, ALL_ON & !(1 << 6), &udp_f), (Ipv6, h2));
    }
}

#[test]
fn rss_ctrl_fallbacks() {
    let t = Toeplitz::default();
    let f4 = ipv4_tcp_frame(&[], 10);
    let f4u = frame(&[&eth(&[], ET_IPV4), &ipv4(S4, D4, UDP, 5, 0), &udp(1000, 80)], 10);
    let f6 = frame(&[&eth(&[], ET_IPV6), &ipv6(s6(), d6(), TCP), &tcp(1000, 80)], 10);
    let h4_2 = toeplitz(&DEFAULT_KEY, &tuple(&S4, &D4, None));
    let h4_4 = toeplitz(&DEFAULT_KEY, &tuple(&S4, &D4, Some((1000, 80))));
    let h6_2 = toeplitz(&DEFAULT_KEY, &tuple(&s6(), &d6(), None));
    let h6_4 = toeplitz(&DEFAULT_KEY, &tuple(&s6(), &d6(), Some((1000, 80))));

    assert_eq!(hash_frame(&t, ALL_ON, &f4), (Ipv4Tcp, h4_4));
    // TCP disabled: 2-tuple hash, equal to Toeplitz over the 8 address bytes.
    let no_tcp = ALL_ON & !(1 << 2);
    assert_eq!(hash_frame(&t, no_tcp, &f4), (Ipv4, h4_2));
    assert_eq!(h4_2, toeplitz(&DEFAULT_KEY, &parse(&f4).tuple[..8]));
    // UDP unaffected by the TCP bit.
    assert_eq!(hash_frame(&t, no_tcp, &f4u).0, Ipv4Udp);
    // IPv4 disabled too: nothing.
    assert_eq!(hash_frame(&t, no_tcp & !(1 << 1), &f4), (NONE, 0));
    // IPv4 off but TCP on: the 4-tuple still applies.
    assert_eq!(hash_frame(&t, ALL_ON & !(1 << 1), &f4), (Ipv4Tcp, h4_4));
    // Bit 0 off: nothing, whatever the other bits.
    for en in [0x00, 0x7e, 0xfe] {
        assert_eq!(hash_frame(&t, en, &f4), (NONE, 0));
        assert_eq!(hash_frame(&t, en, &f6), (NONE, 0));
    }
    // IPv6 analogues; IPv4 bits do not affect IPv6.
    assert_eq!(hash_frame(&t, ALL_ON, &f6), (Ipv6Tcp, h6_4));
    assert_eq!(hash_frame(&t, ALL_ON & !(1 << 5), &f6), (Ipv6, h6_2));
    assert_eq!(hash_frame(&t, ALL_ON & !(1 << 5) & !(1 << 4), &f6), (NONE, 0));
    assert_eq!(hash_frame(&t, 0b0011_0001, &f6), (Ipv6Tcp, h6_4));
    // Bit 7 is ignored.
    assert_eq!(hash_frame(&t, 0xff, &f6), (Ipv6Tcp, h6_4));
    // Non-IP stays None with everything on.
    assert_eq!(hash_frame(&t, 0xff, &frame(&[&eth(&[], ET_ARP)], 28)), (NONE, 0));
}

#[test]
fn other_key_changes_hash() {
    let mut key = DEFAULT_KEY;
    key[0] ^= 0x80;
    let t = Toeplitz::new(&key);
    let f = ipv4_tcp_frame(&[], 0);
    let p = parse(&f);
    let (ty, h) = hash_frame(&t, ALL_ON, &f);
    assert_eq!(ty, Ipv4Tcp);
    assert_eq!(h, toeplitz(&key, p.input()));
    assert_ne!(h, toeplitz(&DEFAULT_KEY, p.input()));
}
