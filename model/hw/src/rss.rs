//! Toeplitz RSS hash and hash-type selection.
//!
//! * [`toeplitz`]: the reference hash for any key length and input length.
//! * [`Toeplitz`]: the same hash through a per-key lookup table, for the
//!   per-frame path (the key registers change rarely).
//! * [`select_hash_type`]: the RSS_CTRL enable / fallback rule.
//! * [`hash_frame`]: parse + select + hash, what the RX pipeline does per frame.
//!
//! Conventions (Microsoft RSS): input bytes are consumed MSB first; for input
//! bit `i` (counting from the MSB of byte 0) the 32-bit key window is key bits
//! `[i, i+32)`, key byte 0 MSB first; key bits past the end of the key are 0.

/// RSS hash type. The code is the write-back value and the RSS_CTRL bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HashType {
    None = 0,
    Ipv4 = 1,
    Ipv4Tcp = 2,
    Ipv4Udp = 3,
    Ipv6 = 4,
    Ipv6Tcp = 5,
    Ipv6Udp = 6,
}

impl HashType {
    pub const ALL: [HashType; 7] = [
        HashType::None,
        HashType::Ipv4,
        HashType::Ipv4Tcp,
        HashType::Ipv4Udp,
        HashType::Ipv6,
        HashType::Ipv6Tcp,
        HashType::Ipv6Udp,
    ];
    pub fn from_code(c: u8) -> Option<Self> {
        Self::ALL.get(c as usize).copied()
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    /// The name used in logs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            HashType::None => "none",
            HashType::Ipv4 => "ipv4",
            HashType::Ipv4Tcp => "ipv4_tcp",
            HashType::Ipv4Udp => "ipv4_udp",
            HashType::Ipv6 => "ipv6",
            HashType::Ipv6Tcp => "ipv6_tcp",
            HashType::Ipv6Udp => "ipv6_udp",
        }
    }
}

/// The Microsoft verification key, the device's reset key.
pub const DEFAULT_KEY: [u8; 40] = [
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b,
    0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac,
    0x01, 0xfa,
];

impl Default for HashType {
    /// `None`: what a frame that is not parsed (or not hashed) reports.
    fn default() -> Self {
        HashType::None
    }
}

impl HashType {
    /// True for the 4-tuple (address + port) types.
    pub fn is_l4(self) -> bool {
        matches!(self, HashType::Ipv4Tcp | HashType::Ipv4Udp | HashType::Ipv6Tcp | HashType::Ipv6Udp)
    }
    /// The 2-tuple type of the same IP version (`None` stays `None`).
    pub fn two_tuple(self) -> HashType {
        match self {
            HashType::None => HashType::None,
            HashType::Ipv4 | HashType::Ipv4Tcp | HashType::Ipv4Udp => HashType::Ipv4,
            HashType::Ipv6 | HashType::Ipv6Tcp | HashType::Ipv6Udp => HashType::Ipv6,
        }
    }
    /// Bytes of Toeplitz input for this type: addresses (2 x 4 or 2 x 16),
    /// plus 4 bytes of ports for the 4-tuple types.
    pub fn tuple_len(self) -> usize {
        match self {
            HashType::None => 0,
            HashType::Ipv4 => 8,
            HashType::Ipv4Tcp | HashType::Ipv4Udp => 12,
            HashType::Ipv6 => 32,
            HashType::Ipv6Tcp | HashType::Ipv6Udp => 36,
        }
    }
}

/// Inverse of [`HashType::name`]; exact, case-sensitive match.
pub fn hash_type_from_name(s: &str) -> Option<HashType> {
    HashType::ALL.iter().copied().find(|t| t.name() == s)
}

/// Longest Toeplitz input the parser produces (IPv6 4-tuple), and the
/// number of input positions [`Toeplitz`] has table rows for.
pub const MAX_INPUT: usize = 36;

/// Reference Toeplitz hash: any key length (bits past the key end read as
/// 0, so a short or empty key is legal and never panics), any input length.
///
/// Byte-wise with a 64-bit sliding window: while input byte `j` is consumed
/// `win` holds key bytes `j..j+8`, byte `j` in bits 63..56. Its top 40 bits
/// (key bytes `j..j+5`) cover the windows of all 8 bits of byte `j`: bit `b`
/// (MSB = 0) uses key bits `8j+b .. 8j+b+32`, i.e. `(win >> 24) >> (8 - b)`.
/// Masks instead of branches, so the loop unrolls and does not mispredict.
pub fn toeplitz(key: &[u8], input: &[u8]) -> u32 {
    let kb = |i: usize| key.get(i).copied().unwrap_or(0) as u64;
    let mut win = 0u64;
    for i in 0..8 {
        win = (win << 8) | kb(i);
    }
    let mut r = 0u32;
    for (j, &byte) in input.iter().enumerate() {
        let w40 = win >> 24;
        let byte = byte as u64;
        let mut acc = 0u64;
        for b in 0..8 {
            // All-ones mask when input bit b is set.
            let mask = 0u64.wrapping_sub((byte >> (7 - b)) & 1);
            acc ^= (w40 >> (8 - b)) & mask;
        }
        r ^= acc as u32; // the low 32 bits are the windows; bits above are discarded
        win = (win << 8) | kb(j + 8);
    }
    r
}

/// Table-driven Toeplitz hash for a fixed 40-byte key (the RSS_KEY registers).
///
/// The hash is linear in the input (XOR), so the contribution of byte value
/// `v` at input position `j` can be tabulated: `hash = XOR_j table[j][in[j]]`.
/// The table covers [`MAX_INPUT`] (36) positions, 36 KiB; rebuild it (`new`)
/// when the key registers are written.
#[derive(Clone, PartialEq, Eq)]
pub struct Toeplitz {
    key: [u8; 40],
    table: Box<[[u32; 256]]>,
}

impl Toeplitz {
    pub fn new(key: &[u8; 40]) -> Self {
        let mut table = vec![[0u32; 256]; MAX_INPUT].into_boxed_slice();
        let mut onehot = [0u8; MAX_INPUT];
        for (j, row) in table.iter_mut().enumerate() {
            // Single-bit contributions from the reference hash (so the two
            // paths agree by construction), then every value by linearity:
            // row[v] = row[v without its lowest set bit] ^ row[lowest set bit].
            for k in 0..8 {
                onehot[j] = 1 << k;
                row[1 << k] = toeplitz(key, &onehot[..=j]);
            }
            onehot[j] = 0;
            for v in 1..256usize {
                let low = v & v.wrapping_neg();
                if v != low {
                    row[v] = row[v ^ low] ^ row[low];
                }
            }
        }
        Toeplitz { key: *key, table }
    }

    /// The key the table was built from.
    pub fn key(&self) -> &[u8; 40] {
        &self.key
    }

    /// Hash of `input`; always equal to `toeplitz(self.key(), input)`.
    /// Inputs longer than [`MAX_INPUT`] bytes (never produced by the parser)
    /// take the slower reference path rather than being cut short.
    pub fn hash(&self, input: &[u8]) -> u32 {
        if input.len() > MAX_INPUT {
            return toeplitz(&self.key, input);
        }
        self.table.iter().zip(input).fold(0u32, |r, (row, &b)| r ^ row[b as usize])
    }
}

impl Default for Toeplitz {
    /// Table for [`DEFAULT_KEY`], the reset value of the key registers.
    fn default() -> Self {
        Toeplitz::new(&DEFAULT_KEY)
    }
}

impl std::fmt::Debug for Toeplitz {
    // The 9216-entry table is noise in logs; the key identifies it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Toeplitz").field("key", &self.key).finish_non_exhaustive()
    }
}

/// RSS_CTRL bit 0: RSS enable.
pub const RSS_CTRL_EN: u8 = 1 << 0;

/// Apply the RSS_CTRL enables to the type a frame qualifies for.
///
/// `enables` bit 0 is the global enable, bit `n` (1..=6) enables the type
/// with code `n`; bit 7 is ignored. A disabled 4-tuple type falls back to the
/// 2-tuple type of its IP version; a disabled 2-tuple type gives `None`.
pub fn select_hash_type(parsed: HashType, enables: u8) -> HashType {
    let on = |t: HashType| enables & (1u8 << t.code()) != 0;
    if enables & RSS_CTRL_EN == 0 || parsed == HashType::None {
        return HashType::None;
    }
    if on(parsed) {
        return parsed;
    }
    let two = parsed.two_tuple();
    if two != parsed && on(two) {
        two
    } else {
        HashType::None
    }
}

/// Parse `frame`, apply `enables` (the RSS_CTRL value) and hash the selected
/// tuple. Returns `(HashType::None, 0)` when no hash applies.
pub fn hash_frame(t: &Toeplitz, enables: u8, frame: &[u8]) -> (HashType, u32) {
    let p = crate::parse::parse(frame);
    let ty = select_hash_type(p.hash_type, enables);
    if ty == HashType::None {
        return (HashType::None, 0);
    }
    // The selected type is the parsed one or its 2-tuple, whose input is a
    // prefix of the parsed tuple.
    (ty, t.hash(&p.tuple[..ty.tuple_len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit-serial Toeplitz written straight from the definition, to check the
    /// optimised paths against.
    fn bit_serial(key: &[u8], input: &[u8]) -> u32 {
        let key_bit = |i: usize| key.get(i / 8).map_or(0, |k| (k >> (7 - i % 8)) & 1) as u32;
        let mut r = 0;
        for i in 0..input.len() * 8 {
            if (input[i / 8] >> (7 - i % 8)) & 1 == 1 {
                let mut w = 0u32;
                for k in 0..32 {
                    w = (w << 1) | key_bit(i + k);
                }
                r ^= w;
            }
        }
        r
    }

    fn v4(a: [u8; 4], b: [u8; 4], sp: u16, dp: u16) -> [u8; 12] {
        let mut t = [0u8; 12];
        t[0..4].copy_from_slice(&a);
        t[4..8].copy_from_slice(&b);
        t[8..10].copy_from_slice(&sp.to_be_bytes());
        t[10..12].copy_from_slice(&dp.to_be_bytes());
        t
    }

    fn v6(a: &str, b: &str, sp: u16, dp: u16) -> [u8; 36] {
        let mut t = [0u8; 36];
        t[0..16].copy_from_slice(&a.parse::<std::net::Ipv6Addr>().unwrap().octets());
        t[16..32].copy_from_slice(&b.parse::<std::net::Ipv6Addr>().unwrap().octets());
        t[32..34].copy_from_slice(&sp.to_be_bytes());
        t[34..36].copy_from_slice(&dp.to_be_bytes());
        t
    }

    /// The 16 Microsoft verification vectors ("Verifying the RSS Hash
    /// Calculation"), in input order src, dst, sport, dport; checked against
    /// /work/shared/rss_vectors.txt group 1.
    /// (src, dst, sport, dport, 2-tuple hash, 4-tuple hash)
    type V4Row = ([u8; 4], [u8; 4], u16, u16, u32, u32);

    #[test]
    fn microsoft_vectors() {
        let ipv4: [V4Row; 5] = [
            ([66, 9, 149, 187], [161, 142, 100, 80], 2794, 1766, 0x323e8fc2, 0x51ccc178),
            ([199, 92, 111, 2], [65, 69, 140, 83], 14230, 4739, 0xd718262a, 0xc626b0ea),
            ([24, 19, 198, 95], [12, 22, 207, 184], 12898, 38024, 0xd2d0a5de, 0x5c2b394a),
            ([38, 27, 205, 30], [209, 142, 163, 6], 48228, 2217, 0x82989176, 0xafc7327f),
            ([153, 39, 163, 191], [202, 188, 127, 2], 44251, 1303, 0x5d1809c5, 0x10e828a2),
        ];
        let ipv6: [(&str, &str, u16, u16, u32, u32); 3] = [
            ("3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5, 0x40207d3d),
            ("3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c, 0xdde51bbf),
            ("3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024, 0x4b61e985, 0x02d1feef),
        ];
        let t = Toeplitz::new(&DEFAULT_KEY);
        let mut n = 0;
        for (a, b, sp, dp, h2, h4) in ipv4 {
            let tup = v4(a, b, sp, dp);
            for (len, want) in [(8, h2), (12, h4)] {
                assert_eq!(toeplitz(&DEFAULT_KEY, &tup[..len]), want, "{a:?} {b:?} len {len}");
                assert_eq!(t.hash(&tup[..len]), want);
                assert_eq!(bit_serial(&DEFAULT_KEY, &tup[..len]), want);
                n += 1;
            }
        }
        for (a, b, sp, dp, h2, h4) in ipv6 {
            let tup = v6(a, b, sp, dp);
            for (len, want) in [(32, h2), (36, h4)] {
                assert_eq!(toeplitz(&DEFAULT_KEY, &tup[..len]), want, "{a} {b} len {len}");
                assert_eq!(t.hash(&tup[..len]), want);
                assert_eq!(bit_serial(&DEFAULT_KEY, &tup[..len]), want);
                n += 1;
            }
        }
        assert_eq!(n, 16);
    }

    #[test]
    fn names_round_trip() {
        for t in HashType::ALL {
            assert_eq!(hash_type_from_name(t.name()), Some(t));
            assert_eq!(HashType::from_code(t.code()), Some(t));
        }
        assert_eq!(hash_type_from_name("IPV4"), None);
        assert_eq!(hash_type_from_name(""), None);
        assert_eq!(hash_type_from_name("tcp"), None);
        assert_eq!(HashType::from_code(7), None);
    }

    /// Any key length (including empty and shorter than 4 bytes) and input
    /// length: the fast paths equal the bit-serial definition.
    #[test]
    fn matches_bit_serial_any_lengths() {
        let mut x = 0x1234_5678_9abc_def1u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..400 {
            let klen = round % 50;
            let ilen = (next() % 60) as usize;
            let key: Vec<u8> = (0..klen).map(|_| next() as u8).collect();
            let input: Vec<u8> = (0..ilen).map(|_| next() as u8).collect();
            assert_eq!(toeplitz(&key, &input), bit_serial(&key, &input), "klen {klen} ilen {ilen}");
            if let Ok(k40) = <[u8; 40]>::try_from(&key[..]) {
                assert_eq!(Toeplitz::new(&k40).hash(&input), bit_serial(&key, &input));
            }
        }
        assert_eq!(toeplitz(&[], &[0xff; 10]), 0);
        assert_eq!(toeplitz(&DEFAULT_KEY, &[]), 0);
        // One set bit at the very end of the key: only the last input bits see it.
        assert_eq!(toeplitz(&[0, 0, 0, 1], &[0, 0, 0, 0x80]), 0x0100_0000);
    }

    #[test]
    fn table_long_input_falls_back() {
        let t = Toeplitz::default();
        let input: Vec<u8> = (0..100u8).collect();
        for n in 0..=input.len() {
            assert_eq!(t.hash(&input[..n]), toeplitz(&DEFAULT_KEY, &input[..n]), "n {n}");
        }
        assert_eq!(t.key(), &DEFAULT_KEY);
    }

    #[test]
    fn selection_rule() {
        use HashType::*;
        // Every type against every enable pattern, written out from the rule.
        for enables in 0..=255u8 {
            for ty in HashType::ALL {
                let bit = |t: HashType| enables & (1 << t.code()) != 0;
                let want = if enables & 1 == 0 || ty == None {
                    None
                } else if bit(ty) {
                    ty
                } else if ty.is_l4() && bit(ty.two_tuple()) {
                    ty.two_tuple()
                } else {
                    None
                };
                assert_eq!(select_hash_type(ty, enables), want, "{ty:?} {enables:#x}");
            }
        }
        assert_eq!(select_hash_type(Ipv4Tcp, 0x7f), Ipv4Tcp);
        assert_eq!(select_hash_type(Ipv4Tcp, 0x7f & !(1 << 2)), Ipv4);
        assert_eq!(select_hash_type(Ipv4Tcp, 0x7f & !(1 << 2) & !(1 << 1)), None);
        assert_eq!(select_hash_type(Ipv6Udp, 0x7f & !(1 << 6)), Ipv6);
        assert_eq!(select_hash_type(Ipv6, 0x7e), None);
        // A 4-tuple enabled while its 2-tuple is off stays 4-tuple.
        assert_eq!(select_hash_type(Ipv6Tcp, 0b010_0001), Ipv6Tcp);
        assert_eq!(select_hash_type(Ipv6, 0b010_0001), None);
    }
}
