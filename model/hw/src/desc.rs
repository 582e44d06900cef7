//! RX and TX descriptor formats: typed views over the 16 descriptor bytes.
//!
//! Every view is built from a `[u8; 16]`, so no byte pattern can make an
//! accessor panic; semantic checks (`validate`) return errors instead.
//! All multi-byte fields are little-endian, as on PCIe hosts.

use crate::rss::HashType;

/// Bytes per descriptor (RX and, later, TX).
pub const DESC_BYTES: usize = 16;

/// Status byte (write-back byte 12): descriptor done.
pub const STA_DD: u8 = 1 << 0;
/// Status byte: end of packet (last descriptor of a frame).
pub const STA_EOP: u8 = 1 << 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescError {
    #[error("buffer address {0:#x} is not 8-byte aligned")]
    Unaligned(u64),
    #[error("write-back hash type {0} is not a known type")]
    BadHashType(u8),
    #[error("write-back length {len} exceeds the buffer size {buf}")]
    BadLength { len: u16, buf: u32 },
}

/// RX descriptor, read format (driver -> device).
///
/// | bytes | field |
/// |-------|-------|
/// | 0..8  | buffer address (8-byte aligned; low 3 bits ignored and counted as a descriptor error) |
/// | 8..16 | reserved, written 0 |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RxReadDesc {
    pub buf_addr: u64,
}

impl RxReadDesc {
    pub fn from_bytes(b: &[u8; DESC_BYTES]) -> Self {
        RxReadDesc { buf_addr: u64::from_le_bytes(b[0..8].try_into().unwrap()) }
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut b = [0u8; DESC_BYTES];
        b[0..8].copy_from_slice(&self.buf_addr.to_le_bytes());
        b
    }
    /// Checked: the device accepts an unaligned address but counts it.
    pub fn validate(&self) -> Result<(), DescError> {
        if self.buf_addr & 7 != 0 {
            return Err(DescError::Unaligned(self.buf_addr));
        }
        Ok(())
    }
}

/// RX descriptor, write-back format (device -> driver). The device writes
/// all 16 bytes of every descriptor it used, in order, after the frame data.
///
/// | bytes  | field |
/// |--------|-------|
/// | 0..4   | RSS hash (0 when the type is none) |
/// | 4      | hash type: 0 none, 1 ipv4, 2 ipv4_tcp, 3 ipv4_udp, 4 ipv6, 5 ipv6_tcp, 6 ipv6_udp |
/// | 5..8   | reserved, 0 |
/// | 8..10  | length: bytes of the frame in this descriptor's buffer |
/// | 10..12 | reserved, 0 |
/// | 12     | status: bit 0 DD, bit 1 EOP |
/// | 13     | errors: 0 (no error is reported per frame yet; device errors are counted in registers) |
/// | 14..16 | reserved, 0 |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RxWbDesc {
    pub rss_hash: u32,
    pub hash_type_raw: u8,
    pub len: u16,
    pub status: u8,
    pub errors: u8,
}

impl RxWbDesc {
    pub fn from_bytes(b: &[u8; DESC_BYTES]) -> Self {
        RxWbDesc {
            rss_hash: u32::from_le_bytes(b[0..4].try_into().unwrap()),
            hash_type_raw: b[4],
            len: u16::from_le_bytes([b[8], b[9]]),
            status: b[12],
            errors: b[13],
        }
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut b = [0u8; DESC_BYTES];
        b[0..4].copy_from_slice(&self.rss_hash.to_le_bytes());
        b[4] = self.hash_type_raw;
        b[8..10].copy_from_slice(&self.len.to_le_bytes());
        b[12] = self.status;
        b[13] = self.errors;
        b
    }
    pub fn dd(&self) -> bool {
        self.status & STA_DD != 0
    }
    pub fn eop(&self) -> bool {
        self.status & STA_EOP != 0
    }
    /// The hash type, or an error for a value the device never writes.
    pub fn hash_type(&self) -> Result<HashType, DescError> {
        HashType::from_code(self.hash_type_raw).ok_or(DescError::BadHashType(self.hash_type_raw))
    }
    /// Check the write-back against the buffer size the driver gave the queue.
    pub fn validate(&self, buf_size: u32) -> Result<(), DescError> {
        self.hash_type()?;
        if self.len as u32 > buf_size || (self.len == 0 && self.dd()) {
            return Err(DescError::BadLength { len: self.len, buf: buf_size });
        }
        Ok(())
    }
}

/// TX command bits (descriptor byte 10).
pub const TX_CMD_EOP: u8 = 1 << 0;
/// Report status: the device writes DD back into this descriptor.
pub const TX_CMD_RS: u8 = 1 << 1;
/// Insert FCS: accepted and ignored (the MAC appends the FCS).
pub const TX_CMD_IFCS: u8 = 1 << 2;
/// TX status bits (descriptor byte 11, written by the device).
pub const TX_STA_DD: u8 = 1 << 0;
/// The frame was dropped by the device (bad descriptor or DMA error).
pub const TX_STA_ERR: u8 = 1 << 1;
/// Largest TX frame and largest TX buffer, in bytes.
pub const TX_MAX_BYTES: u32 = 16384;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxDescError {
    #[error("TX descriptor length 0")]
    ZeroLength,
    #[error("TX descriptor length {0} exceeds {TX_MAX_BYTES}")]
    TooLong(u16),
}

/// TX descriptor (driver -> device; the device writes back byte 11 only).
///
/// | bytes  | field |
/// |--------|-------|
/// | 0..8   | buffer address (any alignment) |
/// | 8..10  | length of this buffer, 1..=16384 |
/// | 10     | command: bit 0 EOP, bit 1 RS, bit 2 IFCS |
/// | 11     | status: bit 0 DD, bit 1 ERR (device-written) |
/// | 12..16 | reserved, 0 |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxDesc {
    pub buf_addr: u64,
    pub len: u16,
    pub cmd: u8,
    pub status: u8,
}

impl TxDesc {
    pub fn from_bytes(b: &[u8; DESC_BYTES]) -> Self {
        TxDesc {
            buf_addr: u64::from_le_bytes(b[0..8].try_into().unwrap()),
            len: u16::from_le_bytes([b[8], b[9]]),
            cmd: b[10],
            status: b[11],
        }
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut b = [0u8; DESC_BYTES];
        b[0..8].copy_from_slice(&self.buf_addr.to_le_bytes());
        b[8..10].copy_from_slice(&self.len.to_le_bytes());
        b[10] = self.cmd;
        b[11] = self.status;
        b
    }
    /// The second 8-byte beat as the device reads it: length and command.
    pub fn from_words(w0: u64, w1: u64) -> Self {
        TxDesc { buf_addr: w0, len: w1 as u16, cmd: (w1 >> 16) as u8, status: (w1 >> 24) as u8 }
    }
    pub fn eop(&self) -> bool {
        self.cmd & TX_CMD_EOP != 0
    }
    pub fn rs(&self) -> bool {
        self.cmd & TX_CMD_RS != 0
    }
    pub fn dd(&self) -> bool {
        self.status & TX_STA_DD != 0
    }
    pub fn err(&self) -> bool {
        self.status & TX_STA_ERR != 0
    }
    /// The device's own check of one descriptor (the frame total is checked separately).
    pub fn validate(&self) -> Result<(), TxDescError> {
        match self.len as u32 {
            0 => Err(TxDescError::ZeroLength),
            l if l > TX_MAX_BYTES => Err(TxDescError::TooLong(self.len)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wb_round_trip_and_bits() {
        let d = RxWbDesc { rss_hash: 0x51ccc178, hash_type_raw: 2, len: 1514, status: STA_DD | STA_EOP, errors: 0 };
        let b = d.to_bytes();
        assert_eq!(&b[0..4], &[0x78, 0xc1, 0xcc, 0x51]);
        assert_eq!(b[12], 3);
        let e = RxWbDesc::from_bytes(&b);
        assert_eq!(e, d);
        assert!(e.dd() && e.eop());
        assert_eq!(e.hash_type(), Ok(HashType::Ipv4Tcp));
        assert!(e.validate(2048).is_ok());
        assert!(e.validate(1024).is_err());
    }

    #[test]
    fn garbage_never_panics() {
        for seed in 0u32..2000 {
            let mut b = [0u8; 16];
            let mut x = seed.wrapping_mul(2654435761).wrapping_add(1);
            for v in b.iter_mut() {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *v = x as u8;
            }
            let d = RxWbDesc::from_bytes(&b);
            let _ = d.validate(2048);
            let t = TxDesc::from_bytes(&b);
            assert_eq!(TxDesc::from_bytes(&t.to_bytes()), t);
            assert_eq!(t.validate().is_ok(), (1..=16384).contains(&t.len));
            let r = RxReadDesc::from_bytes(&b);
            assert_eq!(r.validate().is_ok(), r.buf_addr & 7 == 0);
        }
        assert!(RxWbDesc::from_bytes(&[0xff; 16]).hash_type().is_err());
    }
}
