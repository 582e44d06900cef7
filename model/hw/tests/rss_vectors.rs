//! Every vector of the shared, independently sourced vector file
//! (`shared/rss_vectors.txt`), checked with both hash paths.

use std::collections::HashMap;
use std::path::PathBuf;

use nicsim_hw::rss::{hash_type_from_name, toeplitz, HashType, Toeplitz, DEFAULT_KEY};

fn vectors_path() -> PathBuf {
    let dir = match std::env::var_os("NICSIM_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("rss_vectors.txt")
}

fn read_vectors() -> Option<String> {
    let path = vectors_path();
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipping: {} not found", path.display());
            None
        }
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn hex_bytes(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex string {s}");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex key")).collect()
}

fn hex_u32(s: &str) -> u32 {
    let h = s.strip_prefix("0x").unwrap_or_else(|| panic!("hash {s} lacks 0x"));
    u32::from_str_radix(h, 16).expect("hex hash")
}

fn addr_bytes(s: &str, v6: bool) -> Vec<u8> {
    if v6 {
        s.parse::<std::net::Ipv6Addr>().expect("ipv6 address").octets().to_vec()
    } else {
        s.parse::<std::net::Ipv4Addr>().expect("ipv4 address").octets().to_vec()
    }
}

/// One VEC record as the tuple of its fields.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Vec4 {
    key: String,
    ty: HashType,
    src: String,
    dst: String,
    ports: Option<(u16, u16)>,
    hash: u32,
}

/// Strip the comment, split into fields; None for blank lines.
fn fields(line: &str) -> Option<Vec<&str>> {
    let f: Vec<&str> = line.split('#').next().unwrap().split_whitespace().collect();
    (!f.is_empty()).then_some(f)
}

/// Input bytes of a VEC record.
fn vec_input(v: &Vec4) -> Vec<u8> {
    let six = matches!(v.ty, HashType::Ipv6 | HashType::Ipv6Tcp | HashType::Ipv6Udp);
    let mut input = addr_bytes(&v.src, six);
    input.extend(addr_bytes(&v.dst, six));
    if let Some((s, d)) = v.ports {
        input.extend_from_slice(&s.to_be_bytes());
        input.extend_from_slice(&d.to_be_bytes());
    }
    assert_eq!(input.len(), v.ty.tuple_len(), "{v:?}");
    input
}

fn parse_vec(f: &[&str]) -> Vec4 {
    assert_eq!(f.len(), 8, "VEC needs 8 fields: {f:?}");
    let ty = hash_type_from_name(f[2]).unwrap_or_else(|| panic!("unknown type {}", f[2]));
    assert!(ty != HashType::None, "type none in {f:?}");
    let ports = match (f[5], f[6]) {
        ("-", "-") => None,
        (s, d) => Some((s.parse().expect("sport"), d.parse().expect("dport"))),
    };
    // The type decides whether ports are part of the input; the file must agree.
    assert_eq!(ports.is_some(), ty.is_l4(), "ports vs type in {f:?}");
    Vec4 { key: f[1].to_string(), ty, src: f[3].to_string(), dst: f[4].to_string(), ports, hash: hex_u32(f[7]) }
}

#[test]
fn every_vector_in_shared_file() {
    let Some(text) = read_vectors() else { return };
    let mut keys: HashMap<String, Vec<u8>> = HashMap::new();
    let mut tables: HashMap<String, Toeplitz> = HashMap::new();
    let mut records = 0usize; // VEC + LEN lines
    let mut checked = 0usize;

    let mut check = |key_id: &str, key: &[u8], input: &[u8], want: u32, table: Option<&Toeplitz>, what: &str| {
        assert_eq!(toeplitz(key, input), want, "toeplitz: {key_id} {what}");
        if let Some(t) = table {
            assert_eq!(t.hash(input), want, "Toeplitz::hash: {key_id} {what}");
        }
        checked += 1;
    };

    for (no, line) in text.lines().enumerate() {
        let Some(f) = fields(line) else { continue };
        let at = format!("line {}", no + 1);
        match f[0] {
            "KEY" => {
                assert_eq!(f.len(), 3, "{at}");
                let k = hex_bytes(f[2]);
                assert!(k.len() >= 4, "{at}: key too short");
                if let Ok(k40) = <[u8; 40]>::try_from(&k[..]) {
                    tables.insert(f[1].to_string(), Toeplitz::new(&k40));
                }
                assert!(keys.insert(f[1].to_string(), k).is_none(), "{at}: duplicate key id");
            }
            "VEC" => {
                records += 1;
                let v = parse_vec(&f);
                let key = keys.get(&v.key).unwrap_or_else(|| panic!("{at}: unknown key {}", v.key));
                check(&v.key, key, &vec_input(&v), v.hash, tables.get(&v.key), &at);
            }
            "LEN" => {
                records += 1;
                assert_eq!(f.len(), 4, "{at}");
                let n: usize = f[2].parse().expect("LEN n");
                let input: Vec<u8> = (0..n).map(|i| i as u8).collect();
                let key = keys.get(f[1]).unwrap_or_else(|| panic!("{at}: unknown key {}", f[1]));
                check(f[1], key, &input, hex_u32(f[3]), tables.get(f[1]), &at);
            }
            other => panic!("{at}: unknown record {other}"),
        }
    }
    println!("checked {checked} vectors");
    assert!(checked > 0);
    assert_eq!(checked, records);
    // The device's reset key is the file's Microsoft key.
    if let Some(k) = keys.get("ms40") {
        assert_eq!(&k[..], &DEFAULT_KEY[..]);
    }
}

/// The 16 Microsoft vectors embedded in `rss.rs` unit tests, as given in the
/// RSS brief; each must appear verbatim (same key, type, tuple and hash) in
/// the shared file, which is the authoritative transcription.
#[test]
fn embedded_microsoft_vectors_match_shared_file() {
    let Some(text) = read_vectors() else { return };
    let in_file: Vec<Vec4> = text.lines().filter_map(fields).filter(|f| f[0] == "VEC").map(|f| parse_vec(&f)).collect();
    let v4 = [
        ("66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178),
        ("199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea),
        ("24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a),
        ("38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f),
        ("153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2),
    ];
    let v6 = [
        ("3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5, 0x40207d3d),
        ("3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c, 0xdde51bbf),
        ("3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024, 0x4b61e985, 0x02d1feef),
    ];
    let mut n = 0;
    let rows = v4
        .iter()
        .map(|r| (HashType::Ipv4, HashType::Ipv4Tcp, r))
        .chain(v6.iter().map(|r| (HashType::Ipv6, HashType::Ipv6Tcp, r)));
    for (t2, t4, &(src, dst, sp, dp, h2, h4)) in rows {
        for (ty, ports, hash) in [(t2, None, h2), (t4, Some((sp, dp)), h4)] {
            let want = Vec4 { key: "ms40".into(), ty, src: src.into(), dst: dst.into(), ports, hash };
            assert!(in_file.contains(&want), "not in shared file: {want:?}");
            assert_eq!(toeplitz(&DEFAULT_KEY, &vec_input(&want)), hash);
            n += 1;
        }
    }
    assert_eq!(n, 16);
}
