// Generated from rtl/regs/nic_desc.rdl by rtl/regs/gen_regs.py (make regs). Do not edit.

/// Bytes per descriptor (every format).
pub const DESC_BYTES: usize = 16;

/// RX descriptor, read format: Driver to device: one receive buffer.
pub mod rx_read {
    #[allow(unused_imports)]
    use super::DescField;
    /// Buffer address. The low 3 bits must be 0: the device ignores them and counts a descriptor error (STAT_DESC_ERR, MISC_CAUSE.DESC_ERR).
    pub const BUF_ADDR: DescField = DescField::new(0, 0, 64);
    pub const BUF_ADDR_ALIGN: u64 = 8;
    /// Reserved, written 0 (the write-back overwrites it).
    pub const RSVD: DescField = DescField::new(1, 0, 64);
}

/// RX descriptor, write-back format: Device to driver: the device writes all 16 bytes of every descriptor a frame used, in ring order, after the frame's data.
pub mod rx_wb {
    #[allow(unused_imports)]
    use super::DescField;
    /// RSS hash (0 when the type is none).
    pub const RSS_HASH: DescField = DescField::new(0, 0, 32);
    /// Hash type: 0 none, 1 ipv4, 2 ipv4_tcp, 3 ipv4_udp, 4 ipv6, 5 ipv6_tcp, 6 ipv6_udp.
    pub const HASH_TYPE: DescField = DescField::new(0, 32, 8);
    /// Bytes of the frame in this descriptor's buffer.
    pub const LEN: DescField = DescField::new(1, 0, 16);
    /// Status DD: descriptor done.
    pub const DD: DescField = DescField::new(1, 32, 1);
    /// Status EOP: the frame's last descriptor.
    pub const EOP: DescField = DescField::new(1, 33, 1);
    /// Errors: 0 (device errors are counted in registers).
    pub const ERRORS: DescField = DescField::new(1, 40, 8);
}

/// TX descriptor: Driver to device; the device writes back the status byte only, of descriptors with RS.
pub mod tx {
    #[allow(unused_imports)]
    use super::DescField;
    /// Buffer address (any byte alignment).
    pub const BUF_ADDR: DescField = DescField::new(0, 0, 64);
    /// Bytes in this buffer. A frame (descriptors up to EOP) holds at most 16384 bytes in all; a bad length drops the frame (STAT_DESC_ERR, STAT_TX_ERR).
    pub const LEN: DescField = DescField::new(1, 0, 16);
    pub const LEN_MIN: u32 = 1;
    pub const LEN_MAX: u32 = 16384;
    /// Is `v` a legal LEN?
    pub const fn len_legal(v: u32) -> bool {
        v >= LEN_MIN && v <= LEN_MAX
    }
    /// Command EOP: the frame's last buffer.
    pub const EOP: DescField = DescField::new(1, 16, 1);
    /// Command RS: report status (write back DD).
    pub const RS: DescField = DescField::new(1, 17, 1);
    /// Command IFCS: insert FCS; accepted and ignored (the MAC appends the FCS).
    pub const IFCS: DescField = DescField::new(1, 18, 1);
    /// Status DD, written by the device: descriptor done.
    pub const DD: DescField = DescField::new(1, 24, 1);
    /// Status ERR, written by the device: the frame was dropped (bad descriptor or DMA error).
    pub const ERR: DescField = DescField::new(1, 25, 1);
}
