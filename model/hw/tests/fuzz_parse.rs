//! Property test: 100k pseudo-random frames (fixed seed) never make the
//! parser panic, every result is self-consistent, and the table hash equals
//! the reference hash on every tuple produced.

mod common;

use common::*;
use nicsim_hw::parse::{parse, PARSE_WINDOW};
use nicsim_hw::rss::{hash_frame, select_hash_type, toeplitz, HashType, Toeplitz, DEFAULT_KEY};

const FRAMES: usize = 100_000;

/// Random bytes, then header fields overwritten with likely values so that
/// the deep paths (tags, options, extension headers, fragments) are reached.
fn random_frame(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(201) as usize; // 0..=200
    let mut f: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
    // Writes past the end of a short frame are dropped.
    let put = |f: &mut Vec<u8>, off: usize, bytes: &[u8]| {
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(x) = f.get_mut(off + i) {
                *x = b;
            }
        }
    };
    let mut off = 12;
    // 0..=3 tags, mostly none.
    let tags = match rng.below(10) {
        0..=5 => 0,
        6 | 7 => 1,
        8 => 2,
        _ => 3,
    };
    for _ in 0..tags {
        let tpid = if rng.chance(50) { TPID_VLAN } else { TPID_QINQ };
        put(&mut f, off, &tpid.to_be_bytes());
        off += 4;
    }
    let et = match rng.below(10) {
        0..=4 => ET_IPV4,
        5..=8 => ET_IPV6,
        _ => rng.next_u64() as u16,
    };
    put(&mut f, off, &et.to_be_bytes());
    let l3 = off + 2;
    let proto = |rng: &mut Rng| match rng.below(8) {
        0..=2 => 6u8,
        3..=5 => 17,
        6 => 1,
        _ => rng.next_u64() as u8,
    };
    if et == ET_IPV4 {
        let version = if rng.chance(90) { 4 } else { rng.below(16) as u8 };
        let ihl = if rng.chance(60) { 5 } else { rng.below(16) as u8 };
        put(&mut f, l3, &[(version << 4) | ihl]);
        if rng.chance(70) {
            // Not a fragment (DF may be set).
            put(&mut f, l3 + 6, &[if rng.chance(50) { 0x40 } else { 0 }, 0]);
        }
        let p = proto(rng);
        put(&mut f, l3 + 9, &[p]);
    } else if et == ET_IPV6 {
        let b0 = if rng.chance(90) { 0x60 | (rng.below(16) as u8) } else { rng.next_u64() as u8 };
        put(&mut f, l3, &[b0]);
        let ext = |rng: &mut Rng| match rng.below(10) {
            0 => 0u8,
            1 => 43,
            2 => 60,
            3 => 44,
            _ => proto(rng),
        };
        let mut nh = ext(rng);
        put(&mut f, l3 + 6, &[nh]);
        let mut o = l3 + 40;
        // Give walked extension headers small lengths and plausible successors.
        while matches!(nh, 0 | 43 | 60) && o < f.len() {
            nh = ext(rng);
            let elen = if rng.chance(80) { rng.below(3) as u8 } else { rng.next_u64() as u8 };
            put(&mut f, o, &[nh, elen]);
            o += (elen as usize + 1) * 8;
        }
    }
    f
}

#[test]
fn random_frames() {
    let mut rng = Rng::new(0x0005_eed0_f4e5);
    let t_default = Toeplitz::default();
    let mut key = DEFAULT_KEY;
    let mut t_other = Toeplitz::new(&key);
    let mut seen_types = [0usize; 7];
    let mut seen_tags = [0usize; 3];
    let mut ipv6_l4_after_ext = 0usize;
    let mut ipv4_fragments = 0usize;

    for i in 0..FRAMES {
        if i % 1000 == 0 {
            // A fresh random key now and then: the table must match for any key.
            for b in key.iter_mut() {
                *b = rng.next_u64() as u8;
            }
            t_other = Toeplitz::new(&key);
        }
        let f = random_frame(&mut rng);
        let p = parse(&f);

        // Self-consistency.
        assert!(p.vlan_tags <= 2);
        assert_eq!(p.tuple_len as usize, p.hash_type.tuple_len(), "frame {f:02x?}");
        assert!(p.tuple[p.tuple_len as usize..].iter().all(|&b| b == 0));
        assert!(p.two_tuple_len() <= p.tuple_len);
        // Only the window matters.
        assert_eq!(parse(&f[..f.len().min(PARSE_WINDOW)]), p);
        // Addresses come from the expected offsets.
        let l3 = 14 + 4 * p.vlan_tags as usize;
        match p.hash_type.two_tuple() {
            HashType::Ipv4 => assert_eq!(&p.tuple[..8], &f[l3 + 12..l3 + 20]),
            HashType::Ipv6 => assert_eq!(&p.tuple[..32], &f[l3 + 8..l3 + 40]),
            _ => assert_eq!(p.tuple_len, 0),
        }

        // Table hash == reference hash, on the full tuple and the 2-tuple prefix.
        for n in [p.tuple_len, p.two_tuple_len()] {
            let input = &p.tuple[..n as usize];
            assert_eq!(t_default.hash(input), toeplitz(&DEFAULT_KEY, input));
            assert_eq!(t_other.hash(input), toeplitz(&key, input));
        }

        // hash_frame = parse + select + hash, for a random RSS_CTRL value.
        let en = rng.next_u64() as u8;
        let ty = select_hash_type(p.hash_type, en);
        let want = if ty == HashType::None { 0 } else { toeplitz(&key, &p.tuple[..ty.tuple_len()]) };
        assert_eq!(hash_frame(&t_other, en, &f), (ty, want));

        seen_types[p.hash_type.code() as usize] += 1;
        if p.hash_type.is_l4() && p.hash_type.two_tuple() == HashType::Ipv6 && matches!(f[l3 + 6], 0 | 43 | 60) {
            ipv6_l4_after_ext += 1;
        }
        if p.hash_type == HashType::Ipv4 && (f[l3 + 6] & 0x20 != 0 || f[l3 + 6] & 0x1f != 0 || f[l3 + 7] != 0) {
            ipv4_fragments += 1;
        }
        seen_tags[p.vlan_tags as usize] += 1;
    }
    println!(
        "types {seen_types:?} tags {seen_tags:?} ipv6 l4 after ext {ipv6_l4_after_ext} ipv4 frags {ipv4_fragments}"
    );
    assert!(ipv6_l4_after_ext >= 500);
    assert!(ipv4_fragments >= 500);
    // The generator must actually reach every outcome, or the test proves little.
    for (code, &n) in seen_types.iter().enumerate() {
        assert!(n >= 500, "type {:?} seen only {n} times", HashType::from_code(code as u8));
    }
    for (tags, &n) in seen_tags.iter().enumerate() {
        assert!(n >= 500, "{tags} tags seen only {n} times");
    }
}

/// Every prefix of many random frames, including lengths around the
/// thresholds, and frames of all-0xff / all-0x00 bytes.
#[test]
fn degenerate_frames() {
    for len in 0..=300 {
        for fill in [0x00u8, 0xff, 0x81, 0x86, 0x88] {
            let f = vec![fill; len];
            let p = parse(&f);
            assert_eq!(p.tuple_len as usize, p.hash_type.tuple_len());
        }
    }
    let mut rng = Rng::new(99);
    for _ in 0..2000 {
        let f = random_frame(&mut rng);
        for n in 0..=f.len() {
            let p = parse(&f[..n]);
            assert_eq!(p.tuple_len as usize, p.hash_type.tuple_len());
        }
    }
}
