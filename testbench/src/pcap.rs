//! Classic libpcap capture files: reading (optionally gzipped) and writing.
//!
//! Reading accepts both byte orders and both the microsecond (0xa1b2c3d4) and
//! nanosecond (0xa1b23c4d) magic, versions 2.0..=2.4, Ethernet link type only.
//! The global header is checked here so that errors can be specific; records
//! are decoded with `pcap_file::pcap::PcapParser`.
//!
//! Writing always produces little-endian, nanosecond-magic pcap 2.4 with
//! snaplen 262144 and link type Ethernet, so output bytes depend only on the
//! input frames.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapPacket, PcapParser, PcapWriter};
use pcap_file::{DataLink, Endianness, TsResolution};

/// One captured frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Timestamp in nanoseconds since the Unix epoch, as stored in the file.
    pub ts_ns: u64,
    /// Captured bytes (Ethernet frame without FCS, possibly snap-truncated).
    pub data: Vec<u8>,
    /// Length of the frame on the wire (may exceed `data.len()`).
    pub orig_len: u32,
}

/// Snaplen written by [`write_pcap`] / [`PcapSink`]; also libpcap's maximum for Ethernet.
pub const SNAPLEN: u32 = 262_144;

/// Records larger than this are always rejected as corrupt.
const HARD_MAX_CAPLEN: u32 = 16 << 20;

const GLOBAL_HEADER_LEN: usize = 24;
const RECORD_HEADER_LEN: usize = 16;
const LINKTYPE_ETHERNET: u32 = 1;

/// Errors from reading or writing pcap files. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum PcapError {
    #[error("cannot open {}: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },

    #[error("{}: read error at byte offset {offset}: {source}", path.display())]
    Read { path: PathBuf, offset: u64, source: io::Error },

    #[error("{}: not a pcap file ({len} bytes, shorter than the 24-byte pcap file header)", path.display())]
    TooShort { path: PathBuf, len: usize },

    #[error(
        "{}: not a pcap file (magic 0x{magic:08x}{hint}); nicsim reads classic libpcap .pcap, optionally gzipped; \
         convert pcapng with `editcap -F pcap`",
        path.display()
    )]
    NotPcap { path: PathBuf, magic: u32, hint: &'static str },

    #[error("{}: unsupported pcap version {major}.{minor} (expected 2.4)", path.display())]
    Version { path: PathBuf, major: u16, minor: u16 },

    #[error(
        "{}: link type {linktype}{} is not Ethernet; nicsim replays only LINKTYPE_ETHERNET (1) captures",
        path.display(), linktype_name(*linktype)
    )]
    LinkType { path: PathBuf, linktype: u32 },

    #[error(
        "{}: link-type field 0x{field:08x} has FCS/reserved flag bits set; nicsim expects plain Ethernet \
         frames without FCS",
        path.display()
    )]
    LinkTypeFlags { path: PathBuf, field: u32 },

    #[error(
        "{}: truncated record {record} at byte offset {offset} ({have} of {need} bytes present); the file \
         was cut short (interrupted capture or incomplete copy) — re-copy or re-capture it",
        path.display()
    )]
    Truncated { path: PathBuf, record: u64, offset: u64, have: u64, need: u64 },

    #[error(
        "{}: record {record} at byte offset {offset} claims {caplen} captured bytes (limit {limit}); \
         the file is corrupt",
        path.display()
    )]
    BadCaplen { path: PathBuf, record: u64, offset: u64, caplen: u32, limit: u32 },

    #[error("{}: malformed record {record} at byte offset {offset}: {msg}", path.display())]
    BadRecord { path: PathBuf, record: u64, offset: u64, msg: String },

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },

    #[error("{}: frame {index} is {len} bytes, more than the pcap snaplen {SNAPLEN}", path.display())]
    FrameTooLong { path: PathBuf, index: u64, len: usize },

    #[error(
        "{}: frame {index} timestamp {ts_ns} ns is beyond what pcap can store (seconds must fit in 32 bits)",
        path.display()
    )]
    Timestamp { path: PathBuf, index: u64, ts_ns: u64 },
}

fn linktype_name(lt: u32) -> &'static str {
    match lt {
        0 => " (BSD loopback/NULL)",
        101 => " (raw IP)",
        105 => " (IEEE 802.11)",
        113 => " (Linux cooked SLL)",
        127 => " (802.11 radiotap)",
        228 => " (raw IPv4)",
        229 => " (raw IPv6)",
        276 => " (Linux cooked SLL2)",
        _ => "",
    }
}

/// Reads a whole classic pcap file (gzip-compressed or not) into memory.
pub fn read_pcap(path: &Path) -> Result<Vec<Frame>, PcapError> {
    let file = File::open(path).map_err(|source| PcapError::Open { path: path.to_owned(), source })?;
    let mut buffered = BufReader::with_capacity(1 << 16, file);
    let peek = buffered.fill_buf().map_err(|source| PcapError::Read { path: path.to_owned(), offset: 0, source })?;
    // Sniff content, not extension: `.pcap.gz` files are sometimes stored decompressed and vice versa.
    if peek.starts_with(&[0x1f, 0x8b]) {
        read_stream(path, flate2::bufread::MultiGzDecoder::new(buffered))
    } else {
        read_stream(path, buffered)
    }
}

/// Reads until `buf` is full or EOF; returns the number of bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn read_stream(path: &Path, mut r: impl Read) -> Result<Vec<Frame>, PcapError> {
    let p = || path.to_owned();
    let mut hdr = [0u8; GLOBAL_HEADER_LEN];
    let got = read_full(&mut r, &mut hdr).map_err(|source| PcapError::Read { path: p(), offset: 0, source })?;
    if got < 4 {
        return Err(PcapError::TooShort { path: p(), len: got });
    }
    let magic = u32::from_be_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]);
    let little = match magic {
        0xa1b2_c3d4 | 0xa1b2_3c4d => false,
        0xd4c3_b2a1 | 0x4d3c_b2a1 => true,
        _ => {
            let hint = match magic {
                0x0a0d_0d0a => ", this is pcapng",
                0xa1b2_cd34 | 0x34cd_b2a1 => ", this is Kuznetzov's modified pcap",
                _ => "",
            };
            return Err(PcapError::NotPcap { path: p(), magic, hint });
        }
    };
    if got < GLOBAL_HEADER_LEN {
        return Err(PcapError::TooShort { path: p(), len: got });
    }
    let u32_at = |b: &[u8], i: usize| {
        let a = [b[i], b[i + 1], b[i + 2], b[i + 3]];
        if little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    };

    let (_, header) = PcapHeader::from_slice(&hdr).map_err(|e| PcapError::BadRecord {
        path: p(),
        record: 0,
        offset: 0,
        msg: format!("bad file header: {e}"),
    })?;
    if header.version_major != 2 || header.version_minor > 4 {
        return Err(PcapError::Version { path: p(), major: header.version_major, minor: header.version_minor });
    }
    let lt_field = u32_at(&hdr, 20);
    if lt_field & 0xffff != LINKTYPE_ETHERNET {
        return Err(PcapError::LinkType { path: p(), linktype: lt_field & 0xffff });
    }
    if lt_field != LINKTYPE_ETHERNET {
        return Err(PcapError::LinkTypeFlags { path: p(), field: lt_field });
    }
    debug_assert_eq!(header.datalink, DataLink::ETHERNET);
    // libpcap rejects records > 262144 for Ethernet; tolerate a larger declared snaplen up to a hard cap.
    let limit = SNAPLEN.max(header.snaplen.min(HARD_MAX_CAPLEN));
    let (_, parser) = PcapParser::new(&hdr).map_err(|e| PcapError::BadRecord {
        path: p(),
        record: 0,
        offset: 0,
        msg: format!("bad file header: {e}"),
    })?;
    let frac_mul: u64 = match header.ts_resolution {
        TsResolution::MicroSecond => 1_000,
        TsResolution::NanoSecond => 1,
    };

    let mut frames = Vec::new();
    let mut offset = GLOBAL_HEADER_LEN as u64;
    let mut buf = Vec::with_capacity(RECORD_HEADER_LEN + 2048);
    for record in 0u64.. {
        let read_err = |source| PcapError::Read { path: p(), offset, source };
        buf.resize(RECORD_HEADER_LEN, 0);
        let got = read_full(&mut r, &mut buf).map_err(read_err)?;
        if got == 0 {
            break;
        }
        let truncated = |have: usize, need: usize| PcapError::Truncated {
            path: p(),
            record,
            offset,
            have: have as u64,
            need: need as u64,
        };
        if got < RECORD_HEADER_LEN {
            return Err(truncated(got, RECORD_HEADER_LEN));
        }
        // Check caplen before reading the body so a garbage length can't trigger a huge allocation.
        let caplen = u32_at(&buf, 8);
        if caplen > limit {
            return Err(PcapError::BadCaplen { path: p(), record, offset, caplen, limit });
        }
        let need = RECORD_HEADER_LEN + caplen as usize;
        buf.resize(need, 0);
        let got = read_full(&mut r, &mut buf[RECORD_HEADER_LEN..]).map_err(read_err)?;
        if got < caplen as usize {
            return Err(truncated(RECORD_HEADER_LEN + got, need));
        }
        // Raw parse: pcap-file's validated parse rejects caplen > snaplen, which real files contain.
        let (rest, raw) = parser.next_raw_packet(&buf).map_err(|e| PcapError::BadRecord {
            path: p(),
            record,
            offset,
            msg: e.to_string(),
        })?;
        debug_assert!(rest.is_empty());
        // Out-of-range fractions (e.g. usec == 1000000, seen in the wild) are carried into the seconds.
        let ts_ns = raw.ts_sec as u64 * 1_000_000_000 + raw.ts_frac as u64 * frac_mul;
        frames.push(Frame { ts_ns, data: raw.data.into_owned(), orig_len: raw.orig_len });
        offset += need as u64;
    }
    Ok(frames)
}

/// Writes `frames` as a little-endian, nanosecond-resolution, Ethernet pcap file.
pub fn write_pcap<'a>(path: &Path, frames: impl IntoIterator<Item = (u64, &'a [u8])>) -> Result<(), PcapError> {
    let mut sink = PcapSink::create(path)?;
    for (ts_ns, data) in frames {
        sink.write(ts_ns, data)?;
    }
    sink.finish()
}

/// Streaming, buffered pcap writer with the same format as [`write_pcap`].
///
/// Call [`PcapSink::finish`] to see write errors; dropping flushes but ignores them.
pub struct PcapSink {
    path: PathBuf,
    writer: PcapWriter<BufWriter<File>>,
    count: u64,
}

impl std::fmt::Debug for PcapSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcapSink").field("path", &self.path).field("count", &self.count).finish()
    }
}

impl PcapSink {
    /// Creates (truncates) `path` and writes the pcap file header.
    pub fn create(path: &Path) -> Result<Self, PcapError> {
        let file = File::create(path).map_err(|source| PcapError::Write { path: path.to_owned(), source })?;
        let header = PcapHeader {
            version_major: 2,
            version_minor: 4,
            ts_correction: 0,
            ts_accuracy: 0,
            snaplen: SNAPLEN,
            datalink: DataLink::ETHERNET,
            ts_resolution: TsResolution::NanoSecond,
            endianness: Endianness::Little,
        };
        let writer = PcapWriter::with_header(BufWriter::with_capacity(1 << 20, file), header)
            .map_err(|e| write_error(path, e))?;
        Ok(PcapSink { path: path.to_owned(), writer, count: 0 })
    }

    /// Appends one frame (`orig_len` = `data.len()`).
    pub fn write(&mut self, ts_ns: u64, data: &[u8]) -> Result<(), PcapError> {
        let index = self.count;
        if data.len() > SNAPLEN as usize {
            return Err(PcapError::FrameTooLong { path: self.path.clone(), index, len: data.len() });
        }
        if ts_ns / 1_000_000_000 > u32::MAX as u64 {
            return Err(PcapError::Timestamp { path: self.path.clone(), index, ts_ns });
        }
        let pkt = PcapPacket::new(Duration::from_nanos(ts_ns), data.len() as u32, data);
        self.writer.write_packet(&pkt).map_err(|e| write_error(&self.path, e))?;
        self.count += 1;
        Ok(())
    }

    /// Number of frames written so far.
    pub fn frames_written(&self) -> u64 {
        self.count
    }

    /// Flushes buffered data to the file.
    pub fn finish(self) -> Result<(), PcapError> {
        self.writer
            .into_writer()
            .into_inner()
            .map(drop)
            .map_err(|e| PcapError::Write { path: self.path, source: e.into_error() })
    }
}

fn write_error(path: &Path, e: pcap_file::PcapError) -> PcapError {
    let source = match e {
        pcap_file::PcapError::IoError(io) => io,
        other => io::Error::other(other.to_string()),
    };
    PcapError::Write { path: path.to_owned(), source }
}
