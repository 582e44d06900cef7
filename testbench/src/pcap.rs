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
/// `-` reads standard input.
pub fn read_pcap(path: &Path) -> Result<Vec<Frame>, PcapError> {
    PcapReader::open(path)?.collect()
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

/// A classic pcap file read one record at a time (memory: one record).
/// The file header is checked by [`PcapReader::open`]; each record by the
/// iterator, which stops after the first error.
pub struct PcapReader {
    path: PathBuf,
    r: Box<dyn Read>,
    little: bool,
    limit: u32,
    frac_mul: u64,
    parser: PcapParser,
    record: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl std::fmt::Debug for PcapReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcapReader").field("path", &self.path).field("record", &self.record).finish()
    }
}

impl PcapReader {
    /// Opens `path` (`-` is standard input), gzip or not, and checks the
    /// file header.
    pub fn open(path: &Path) -> Result<Self, PcapError> {
        let raw: Box<dyn Read> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).map_err(|source| PcapError::Open { path: path.to_owned(), source })?)
        };
        let mut buffered = BufReader::with_capacity(1 << 16, raw);
        // Sniff content, not extension: `.pcap.gz` files are sometimes stored
        // decompressed and vice versa. One read may return a single byte
        // (a pipe), so gather the two magic bytes first.
        let mut magic = Vec::with_capacity(2);
        while magic.len() < 2 {
            let peek =
                buffered.fill_buf().map_err(|source| PcapError::Read { path: path.to_owned(), offset: 0, source })?;
            if peek.is_empty() {
                break;
            }
            let take = (2 - magic.len()).min(peek.len());
            magic.extend_from_slice(&peek[..take]);
            buffered.consume(take);
        }
        let head = io::Cursor::new(magic.clone());
        let r: Box<dyn Read> = if magic == [0x1f, 0x8b] {
            Box::new(flate2::bufread::MultiGzDecoder::new(BufReader::new(head.chain(buffered))))
        } else {
            Box::new(head.chain(buffered))
        };
        Self::from_reader(path, r)
    }

    fn from_reader(path: &Path, mut r: Box<dyn Read>) -> Result<Self, PcapError> {
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
        Ok(PcapReader {
            path: p(),
            r,
            little,
            limit,
            frac_mul,
            parser,
            record: 0,
            offset: GLOBAL_HEADER_LEN as u64,
            buf: Vec::with_capacity(RECORD_HEADER_LEN + 2048),
            done: false,
        })
    }

    fn u32_at(&self, i: usize) -> u32 {
        let b = &self.buf;
        let a = [b[i], b[i + 1], b[i + 2], b[i + 3]];
        if self.little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }

    fn read_record(&mut self) -> Result<Option<Frame>, PcapError> {
        let (record, offset) = (self.record, self.offset);
        let path = self.path.clone();
        let read_err = |source| PcapError::Read { path: path.clone(), offset, source };
        self.buf.resize(RECORD_HEADER_LEN, 0);
        let got = read_full(&mut self.r, &mut self.buf).map_err(read_err)?;
        if got == 0 {
            return Ok(None);
        }
        let truncated = |have: usize, need: usize| PcapError::Truncated {
            path: path.clone(),
            record,
            offset,
            have: have as u64,
            need: need as u64,
        };
        if got < RECORD_HEADER_LEN {
            return Err(truncated(got, RECORD_HEADER_LEN));
        }
        // Check caplen before reading the body so a garbage length can't trigger a huge allocation.
        let caplen = self.u32_at(8);
        if caplen > self.limit {
            return Err(PcapError::BadCaplen { path: path.clone(), record, offset, caplen, limit: self.limit });
        }
        let need = RECORD_HEADER_LEN + caplen as usize;
        self.buf.resize(need, 0);
        let got = read_full(&mut self.r, &mut self.buf[RECORD_HEADER_LEN..]).map_err(read_err)?;
        if got < caplen as usize {
            return Err(truncated(RECORD_HEADER_LEN + got, need));
        }
        // Raw parse: pcap-file's validated parse rejects caplen > snaplen, which real files contain.
        let (rest, raw) = self.parser.next_raw_packet(&self.buf).map_err(|e| PcapError::BadRecord {
            path: path.clone(),
            record,
            offset,
            msg: e.to_string(),
        })?;
        debug_assert!(rest.is_empty());
        // Out-of-range fractions (e.g. usec == 1000000, seen in the wild) are carried into the seconds.
        let ts_ns = raw.ts_sec as u64 * 1_000_000_000 + raw.ts_frac as u64 * self.frac_mul;
        let frame = Frame { ts_ns, data: raw.data.into_owned(), orig_len: raw.orig_len };
        self.record += 1;
        self.offset += need as u64;
        Ok(Some(frame))
    }
}

impl Iterator for PcapReader {
    type Item = Result<Frame, PcapError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.read_record();
        if !matches!(r, Ok(Some(_))) {
            self.done = true;
        }
        r.transpose()
    }
}

/// What to do with a record captured shorter than the frame was on the
/// wire (caplen < original length, e.g. `tcpdump -s 96`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Snapped {
    /// Replay it at its original length, the missing bytes zero.
    #[default]
    Pad,
    /// Leave it out.
    Drop,
}

impl std::str::FromStr for Snapped {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pad" => Ok(Snapped::Pad),
            "drop" => Ok(Snapped::Drop),
            _ => Err(format!("'{s}': use `pad` (replay at the original length, zero-filled) or `drop`")),
        }
    }
}

/// The records of a capture that were not plain frames, counted as the
/// capture is read (none is replayed silently).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaptureStats {
    pub records: u64,
    /// Records with no bytes at all: not a frame, left out.
    pub empty: u64,
    /// Captured shorter than on the wire (caplen < original length).
    pub snap_truncated: u64,
    /// Of those, left out (`--snapped drop`).
    pub snap_dropped: u64,
    /// caplen > original length (a malformed record): the captured bytes are replayed.
    pub caplen_over_len: u64,
}

impl CaptureStats {
    /// Applies the policy to one record: the frame to replay, or None when it is left out.
    pub fn admit(&mut self, mut f: Frame, snapped: Snapped) -> Option<Frame> {
        self.records += 1;
        let caplen = f.data.len() as u64;
        let orig = f.orig_len as u64;
        if caplen == 0 {
            self.empty += 1;
            return None;
        }
        if caplen > orig {
            self.caplen_over_len += 1;
        } else if caplen < orig {
            self.snap_truncated += 1;
            match snapped {
                Snapped::Drop => {
                    self.snap_dropped += 1;
                    return None;
                }
                // The original length is bounded like a record, so a bogus one cannot exhaust memory.
                Snapped::Pad => f.data.resize(orig.min(SNAPLEN as u64) as usize, 0),
            }
        }
        Some(f)
    }

    /// One line for the user, or None when every record was a plain frame.
    pub fn warning(&self, what: &str) -> Option<String> {
        let mut parts = Vec::new();
        if self.snap_truncated > 0 {
            let fate = if self.snap_dropped > 0 {
                "left out (--snapped drop)"
            } else {
                "zero-filled to their original length (--snapped pad)"
            };
            parts.push(format!("{} snap-truncated record(s) {fate}", self.snap_truncated));
        }
        if self.empty > 0 {
            parts.push(format!("{} empty record(s) left out", self.empty));
        }
        if self.caplen_over_len > 0 {
            parts.push(format!(
                "{} record(s) with caplen > original length, replayed as captured",
                self.caplen_over_len
            ));
        }
        (!parts.is_empty()).then(|| format!("{what}: {} (of {} records)", parts.join("; "), self.records))
    }
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
