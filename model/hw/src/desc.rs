//! RX and TX descriptor formats: typed views over the 16 descriptor bytes.
//!
//! Every view is built from a `[u8; 16]`, so no byte pattern can make an
//! accessor panic; semantic checks (`validate`) return errors instead.
//! All multi-byte fields are little-endian, as on PCIe hosts.
//!
//! The field positions and rules come from `rtl/regs/nic_desc.rdl` through
//! `make regs` (`desc_gen.rs`, do not edit: modules [`rx_read`], [`rx_wb`],
//! [`tx`]); the RTL's `nic_desc_pkg` is generated from the same file.

use crate::rss::HashType;

/// A descriptor field: its 64-bit word (0: bytes 0..8, 1: bytes 8..16, the
/// two beats the DMA moves), its lowest bit in that word and its width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DescField {
    pub word: usize,
    pub lsb: u32,
    pub width: u32,
}

impl DescField {
    pub const fn new(word: usize, lsb: u32, width: u32) -> Self {
        DescField { word, lsb, width }
    }
    /// Mask of the field in its word.
    pub const fn mask(self) -> u64 {
        if self.width >= 64 {
            u64::MAX
        } else {
            ((1u64 << self.width) - 1) << self.lsb
        }
    }
    /// The field's value in a descriptor's two words.
    pub const fn get(self, w: [u64; 2]) -> u64 {
        (w[self.word] & self.mask()) >> self.lsb
    }
    /// Put `v` into the field (excess bits dropped).
    pub fn set(self, w: &mut [u64; 2], v: u64) {
        w[self.word] = (w[self.word] & !self.mask()) | ((v << self.lsb) & self.mask());
    }
    /// Offset of the byte holding the field's lowest bit.
    pub const fn byte(self) -> usize {
        self.word * 8 + (self.lsb / 8) as usize
    }
    /// The field's bits within that byte (for flags: a field inside one byte).
    pub const fn byte_mask(self) -> u8 {
        (((1u32 << self.width) - 1) << (self.lsb % 8)) as u8
    }
}

/// The two little-endian 64-bit words of a descriptor.
pub fn words(b: &[u8; DESC_BYTES]) -> [u64; 2] {
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&b[0..8]);
    hi.copy_from_slice(&b[8..16]);
    [u64::from_le_bytes(lo), u64::from_le_bytes(hi)]
}

/// Byte `i` (0..16) of a descriptor's two words.
pub const fn byte_of(w: [u64; 2], i: usize) -> u8 {
    (w[(i / 8) & 1] >> (8 * (i % 8))) as u8
}

/// The 16 bytes of a descriptor's two words.
pub fn bytes(w: [u64; 2]) -> [u8; DESC_BYTES] {
    let mut b = [0u8; DESC_BYTES];
    b[0..8].copy_from_slice(&w[0].to_le_bytes());
    b[8..16].copy_from_slice(&w[1].to_le_bytes());
    b
}

include!("desc_gen.rs");

/// Offset of the RX write-back status byte (DD, EOP).
pub const RX_STATUS_BYTE: usize = rx_wb::DD.byte();
/// Status byte (write-back): descriptor done.
pub const STA_DD: u8 = rx_wb::DD.byte_mask();
/// Status byte: end of packet (last descriptor of a frame).
pub const STA_EOP: u8 = rx_wb::EOP.byte_mask();
const _: () = assert!(rx_wb::EOP.byte() == RX_STATUS_BYTE, "DD and EOP share the status byte");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescError {
    #[error("buffer address {0:#x} is not {align}-byte aligned", align = rx_read::BUF_ADDR_ALIGN)]
    Unaligned(u64),
    #[error("write-back hash type {0} is not a known type")]
    BadHashType(u8),
    #[error("write-back length {len} exceeds the buffer size {buf}")]
    BadLength { len: u16, buf: u32 },
}

/// RX descriptor, read format (driver -> device), module [`rx_read`]: the
/// buffer address, 8-byte aligned (low 3 bits ignored and counted as a
/// descriptor error). Table: docs/ARCHITECTURE.md, "Descriptor formats".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RxReadDesc {
    pub buf_addr: u64,
}

impl RxReadDesc {
    pub fn from_bytes(b: &[u8; DESC_BYTES]) -> Self {
        RxReadDesc { buf_addr: rx_read::BUF_ADDR.get(words(b)) }
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut w = [0u64; 2];
        rx_read::BUF_ADDR.set(&mut w, self.buf_addr);
        bytes(w)
    }
    /// Checked: the device accepts an unaligned address but counts it.
    pub fn validate(&self) -> Result<(), DescError> {
        if self.buf_addr & (rx_read::BUF_ADDR_ALIGN - 1) != 0 {
            return Err(DescError::Unaligned(self.buf_addr));
        }
        Ok(())
    }
}

/// RX descriptor, write-back format (device -> driver), module [`rx_wb`]:
/// RSS hash and type, length, status (DD, EOP), errors. The device writes
/// all 16 bytes of every descriptor it used, in order, after the frame data.
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
        let w = words(b);
        RxWbDesc {
            rss_hash: rx_wb::RSS_HASH.get(w) as u32,
            hash_type_raw: rx_wb::HASH_TYPE.get(w) as u8,
            len: rx_wb::LEN.get(w) as u16,
            status: b[RX_STATUS_BYTE],
            errors: rx_wb::ERRORS.get(w) as u8,
        }
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut w = [0u64; 2];
        rx_wb::RSS_HASH.set(&mut w, self.rss_hash as u64);
        rx_wb::HASH_TYPE.set(&mut w, self.hash_type_raw as u64);
        rx_wb::LEN.set(&mut w, self.len as u64);
        rx_wb::ERRORS.set(&mut w, self.errors as u64);
        let mut b = bytes(w);
        b[RX_STATUS_BYTE] = self.status;
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

/// Offset of the TX command byte (EOP, RS, IFCS).
pub const TX_CMD_BYTE: usize = tx::EOP.byte();
/// TX command bit: the frame's last buffer.
pub const TX_CMD_EOP: u8 = tx::EOP.byte_mask();
/// Report status: the device writes DD back into this descriptor.
pub const TX_CMD_RS: u8 = tx::RS.byte_mask();
/// Insert FCS: accepted and ignored (the MAC appends the FCS).
pub const TX_CMD_IFCS: u8 = tx::IFCS.byte_mask();
/// Offset of the TX status byte (DD, ERR), the one byte the device writes back.
pub const TX_STATUS_BYTE: usize = tx::DD.byte();
/// TX status bit: descriptor done.
pub const TX_STA_DD: u8 = tx::DD.byte_mask();
/// The frame was dropped by the device (bad descriptor or DMA error).
pub const TX_STA_ERR: u8 = tx::ERR.byte_mask();
/// Largest TX frame and largest TX buffer, in bytes (TX LEN's legal_max).
pub const TX_MAX_BYTES: u32 = tx::LEN_MAX;
const _: () = assert!(tx::RS.byte() == TX_CMD_BYTE && tx::IFCS.byte() == TX_CMD_BYTE, "one command byte");
const _: () = assert!(tx::ERR.byte() == TX_STATUS_BYTE, "one status byte");
/// The TX write-back: one byte lane (the status byte) of the descriptor's
/// word at this offset.
pub const TX_WB_OFFSET: u64 = (TX_STATUS_BYTE & !7) as u64;
/// ... its lane in that word (the write strobe is `1 << TX_WB_LANE`).
pub const TX_WB_LANE: u32 = (TX_STATUS_BYTE % 8) as u32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxDescError {
    #[error("TX descriptor length 0")]
    ZeroLength,
    #[error("TX descriptor length {0} exceeds {TX_MAX_BYTES}")]
    TooLong(u16),
}

/// TX descriptor (driver -> device; the device writes back the status byte
/// only), module [`tx`]: buffer address, length 1..=16384, command byte
/// (EOP, RS, IFCS), status byte (DD, ERR).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxDesc {
    pub buf_addr: u64,
    pub len: u16,
    pub cmd: u8,
    pub status: u8,
}

impl TxDesc {
    pub fn from_bytes(b: &[u8; DESC_BYTES]) -> Self {
        let [w0, w1] = words(b);
        Self::from_words(w0, w1)
    }
    pub fn to_bytes(&self) -> [u8; DESC_BYTES] {
        let mut w = [0u64; 2];
        tx::BUF_ADDR.set(&mut w, self.buf_addr);
        tx::LEN.set(&mut w, self.len as u64);
        let mut b = bytes(w);
        b[TX_CMD_BYTE] = self.cmd;
        b[TX_STATUS_BYTE] = self.status;
        b
    }
    /// The descriptor from its two 8-byte beats, as the device reads them.
    pub fn from_words(w0: u64, w1: u64) -> Self {
        let w = [w0, w1];
        TxDesc {
            buf_addr: tx::BUF_ADDR.get(w),
            len: tx::LEN.get(w) as u16,
            cmd: byte_of(w, TX_CMD_BYTE),
            status: byte_of(w, TX_STATUS_BYTE),
        }
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
            l if tx::len_legal(l) => Ok(()),
            0 => Err(TxDescError::ZeroLength),
            _ => Err(TxDescError::TooLong(self.len)),
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
    fn tx_fields_where_the_table_says() {
        let d = TxDesc { buf_addr: 0x1122_3344_5566_7788, len: 1514, cmd: TX_CMD_EOP | TX_CMD_RS, status: TX_STA_DD };
        let b = d.to_bytes();
        assert_eq!(&b[0..8], &0x1122_3344_5566_7788u64.to_le_bytes());
        assert_eq!(&b[8..10], &1514u16.to_le_bytes());
        assert_eq!((b[10], b[11]), (0b11, 0b01));
        let [w0, w1] = words(&b);
        assert_eq!(TxDesc::from_words(w0, w1), d);
        assert_eq!((TX_WB_OFFSET, TX_WB_LANE), (8, 3), "the write-back is byte 11");
        assert_eq!((RX_STATUS_BYTE, STA_DD, STA_EOP), (12, 1, 2));
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
