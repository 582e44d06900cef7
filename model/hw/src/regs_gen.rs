// Generated from rtl/regs/nic_regs.rdl by rtl/regs/gen_regs.py (make regs). Do not edit.

/// Reads 0x4E494353 (ASCII 'NICS').
pub const ID: u32 = 0x0000;
pub mod id {
    #[allow(unused_imports)]
    use super::Field;
    pub const ID: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x4e494353;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// Register-map version. A driver refuses a MAJOR it does not know.
pub const VERSION: u32 = 0x0004;
pub mod version {
    #[allow(unused_imports)]
    use super::Field;
    pub const MINOR: Field = Field::new(0, 16);
    pub const MAJOR: Field = Field::new(16, 16);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00010000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// Build parameters of this instance.
pub const CAPS: u32 = 0x0008;
pub mod caps {
    #[allow(unused_imports)]
    use super::Field;
    /// Number of RX queues (1..16).
    pub const RXQ: Field = Field::new(0, 8);
    /// Number of TX queues (equal to RXQ).
    pub const TXQ: Field = Field::new(8, 8);
    /// Number of MSI-X vectors (RXQ + 1 misc).
    pub const VECTORS: Field = Field::new(16, 8);
    /// DMA data width in bytes.
    pub const DMA_BYTES: Field = Field::new(24, 8);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// RX_EN gates frame acceptance at the MAC FIFO; TX_EN gates the start of TX frames. Writing RST=1 resets every register and all state; it reads 1 until the reset is done (once the AXI master is idle and no TX frame is half sent).
pub const CTRL: u32 = 0x000c;
pub mod ctrl {
    #[allow(unused_imports)]
    use super::Field;
    /// Accept frames from the MAC. While 0 every frame is dropped as no_desc.
    pub const RX_EN: Field = Field::new(0, 1);
    /// Transmit enable. While 0 the TX engine starts no new frame; a frame already started completes.
    pub const TX_EN: Field = Field::new(1, 1);
    /// Write 1: soft reset of the whole device. Reads 1 until the reset is done: it waits until the AXI master has nothing outstanding and no TX frame is half sent on m_axis_tx.
    pub const RST: Field = Field::new(31, 1);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x80000003;
}

/// Largest accepted frame = MTU + 14 + 4 per VLAN tag (up to two). Other values are ignored and counted.
pub const MTU: u32 = 0x0010;
pub mod mtu {
    #[allow(unused_imports)]
    use super::Field;
    pub const MTU: Field = Field::new(0, 14);
    pub const MTU_MIN: u32 = 68;
    pub const MTU_MAX: u32 = 16356;
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x000005dc;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00003fff;
    /// Is `v` a legal MTU? (68..16356)
    pub const fn mtu_legal(v: u32) -> bool {
        v >= MTU_MIN && v <= MTU_MAX
    }
    /// Is `v` a legal value of the register? `MTU`: 68..16356. An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
    pub const fn legal(v: u32) -> bool {
        mtu_legal(MTU.get(v))
    }
}

/// Latched device errors. Write 1 to clear. Any set bit that is enabled in MISC_IMS raises the misc vector's cause.
pub const MISC_CAUSE: u32 = 0x0020;
pub mod misc_cause {
    #[allow(unused_imports)]
    use super::Field;
    /// An AXI DMA response was SLVERR or DECERR.
    pub const DMA_ERR: Field = Field::new(0, 1);
    /// A descriptor was malformed (see docs/ARCHITECTURE.md).
    pub const DESC_ERR: Field = Field::new(1, 1);
    /// A register write carried an illegal value and was ignored.
    pub const REG_ERR: Field = Field::new(2, 1);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000007;
}

/// Miscellaneous interrupt enable
pub const MISC_IMS: u32 = 0x0024;
pub mod misc_ims {
    #[allow(unused_imports)]
    use super::Field;
    pub const EN: Field = Field::new(0, 3);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000007;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000007;
}

/// Bit v: vector v has a moderated interrupt asserted that has not yet been sent. Cleared when the MSI-X message is sent, or by writing 1.
pub const EICR: u32 = 0x0040;
pub mod eicr {
    #[allow(unused_imports)]
    use super::Field;
    pub const CAUSE: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0001ffff;
}

/// Write 1 to assert the cause of vector v by software.
pub const EICS: u32 = 0x0044;
pub mod eics {
    #[allow(unused_imports)]
    use super::Field;
    pub const SET: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0001ffff;
}

/// Reads the enable mask. Write 1 to enable (unmask) vector v; a cause already asserted then fires.
pub const EIMS: u32 = 0x0048;
pub mod eims {
    #[allow(unused_imports)]
    use super::Field;
    pub const EN: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0001ffff;
}

/// Write 1 to disable (mask) vector v.
pub const EIMC: u32 = 0x004c;
pub mod eimc {
    #[allow(unused_imports)]
    use super::Field;
    pub const CLR: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0001ffff;
}

/// Bit v: sending vector v's message clears its EIMS bit (auto-mask on fire).
pub const EIAM: u32 = 0x0050;
pub mod eiam {
    #[allow(unused_imports)]
    use super::Field;
    pub const AM: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x0001ffff;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0001ffff;
}

/// The MSI-X capability's Message Control bits, mirrored into BAR0 because the model has no config space.
pub const MSIX_CTRL: u32 = 0x0054;
pub mod msix_ctrl {
    #[allow(unused_imports)]
    use super::Field;
    /// MSI-X enable. While 0 no message is sent; causes stay latched.
    pub const ENABLE: Field = Field::new(0, 1);
    /// Function mask: every vector is masked; pending bits set in the PBA.
    pub const FUNC_MASK: Field = Field::new(1, 1);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000003;
}

/// Interval moderation of vector v's RX completions, as Intel's EITR. USECS is the minimum interval between two assertions of the vector's cause: firing starts it, completions inside it wait for its end, and a completion after it (an idle vector) fires on the next edge. FRAMES completions fire even inside the interval. USECS 0 with FRAMES 0 fires every completion at once; FRAMES alone waits for the count. Writing does not restart a running interval.
pub const VEC_ITR: u32 = 0x0080;
pub const VEC_ITR_STRIDE: u32 = 0x4;
pub const VEC_ITR_COUNT: usize = 17;
pub mod vec_itr {
    #[allow(unused_imports)]
    use super::Field;
    /// Minimum interval in microseconds (250 cycles each); 0 none. A driver's rx-usecs or adaptive ITR.
    pub const USECS: Field = Field::new(0, 16);
    /// rx-frames.
    pub const FRAMES: Field = Field::new(16, 16);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Hash-type enables. A disabled 4-tuple type falls back to the 2-tuple type of its IP version; a disabled 2-tuple type gives type none.
pub const RSS_CTRL: u32 = 0x0100;
pub mod rss_ctrl {
    #[allow(unused_imports)]
    use super::Field;
    /// RSS enable. While 0 every frame has type none and goes to queue 0.
    pub const EN: Field = Field::new(0, 1);
    pub const IPV4: Field = Field::new(1, 1);
    pub const IPV4_TCP: Field = Field::new(2, 1);
    pub const IPV4_UDP: Field = Field::new(3, 1);
    pub const IPV6: Field = Field::new(4, 1);
    pub const IPV6_TCP: Field = Field::new(5, 1);
    pub const IPV6_UDP: Field = Field::new(6, 1);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x0000007f;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0000007f;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY0: u32 = 0x0140;
pub mod rss_key0 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x6d5a56da;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY1: u32 = 0x0144;
pub mod rss_key1 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x255b0ec2;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY2: u32 = 0x0148;
pub mod rss_key2 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x4167253d;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY3: u32 = 0x014c;
pub mod rss_key3 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x43a38fb0;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY4: u32 = 0x0150;
pub mod rss_key4 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0xd0ca2bcb;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY5: u32 = 0x0154;
pub mod rss_key5 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0xae7b30b4;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY6: u32 = 0x0158;
pub mod rss_key6 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x77cb2da3;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY7: u32 = 0x015c;
pub mod rss_key7 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x8030f20c;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY8: u32 = 0x0160;
pub mod rss_key8 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x6a42b73b;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
pub const RSS_KEY9: u32 = 0x0164;
pub mod rss_key9 {
    #[allow(unused_imports)]
    use super::Field;
    pub const KEY: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0xbeac01fa;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// RSS_KEY: 10 registers decoded as one (RSS_KEY[i] at 0x0140 + 4·i).
pub const RSS_KEY_COUNT: usize = 10;

/// Entries 4i..4i+3, entry 4i+j in bits 8j+3:8j. Queue = RETA[hash & 127]. A write naming a queue >= CAPS.RXQ is ignored and counted.
pub const RETA: u32 = 0x0200;
pub const RETA_STRIDE: u32 = 0x4;
pub const RETA_COUNT: usize = 32;
pub mod reta {
    #[allow(unused_imports)]
    use super::Field;
    pub const Q0: Field = Field::new(0, 4);
    pub const Q1: Field = Field::new(8, 4);
    pub const Q2: Field = Field::new(16, 4);
    pub const Q3: Field = Field::new(24, 4);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x0f0f0f0f;
    /// Is `v` a legal Q0? (< CAPS.RXQ)
    pub const fn q0_legal(v: u32, caps: u32) -> bool {
        v < crate::regs::caps::RXQ.get(caps)
    }
    /// Is `v` a legal Q1? (< CAPS.RXQ)
    pub const fn q1_legal(v: u32, caps: u32) -> bool {
        v < crate::regs::caps::RXQ.get(caps)
    }
    /// Is `v` a legal Q2? (< CAPS.RXQ)
    pub const fn q2_legal(v: u32, caps: u32) -> bool {
        v < crate::regs::caps::RXQ.get(caps)
    }
    /// Is `v` a legal Q3? (< CAPS.RXQ)
    pub const fn q3_legal(v: u32, caps: u32) -> bool {
        v < crate::regs::caps::RXQ.get(caps)
    }
    /// Is `v` a legal value of the register? `Q0`: < CAPS.RXQ; `Q1`: < CAPS.RXQ; `Q2`: < CAPS.RXQ; `Q3`: < CAPS.RXQ. An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
    pub const fn legal(v: u32, caps: u32) -> bool {
        q0_legal(Q0.get(v), caps) && q1_legal(Q1.get(v), caps) && q2_legal(Q2.get(v), caps) && q3_legal(Q3.get(v), caps)
    }
}

/// Interval moderation of the vector's TX completions (write-backs of RS descriptors), with the semantics of VEC_ITR. The vector fires when its RX or its TX condition is met; firing clears both counts and restarts both intervals. A driver pairing queues on one vector (igb) writes the same value to both.
pub const VEC_TXITR: u32 = 0x0400;
pub const VEC_TXITR_STRIDE: u32 = 0x4;
pub const VEC_TXITR_COUNT: usize = 17;
pub mod vec_txitr {
    #[allow(unused_imports)]
    use super::Field;
    /// Minimum interval in microseconds (250 cycles each); 0 none.
    pub const USECS: Field = Field::new(0, 16);
    /// tx-frames.
    pub const FRAMES: Field = Field::new(16, 16);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0xffffffff;
}

/// Frames that ended on s_axis_rx (every frame offered to the NIC).
pub const STAT_RX_OFFERED: u32 = 0x0800;
pub mod stat_rx_offered {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_packets: frames written to a host ring.
pub const STAT_RX_PACKETS: u32 = 0x0804;
pub mod stat_rx_packets {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_bytes: bytes of those frames.
pub const STAT_RX_BYTES: u32 = 0x0808;
pub mod stat_rx_bytes {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_long_length_errors: frames longer than the max frame (drop reason oversize).
pub const STAT_RX_OVERSIZE: u32 = 0x080c;
pub mod stat_rx_oversize {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_no_buffer_count: frames dropped for lack of a free descriptor (drop reason no_desc).
pub const STAT_RX_NO_DESC: u32 = 0x0810;
pub mod stat_rx_no_desc {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_missed_errors: frames dropped because the RX FIFO could not take them (drop reason fifo_full).
pub const STAT_RX_FIFO_FULL: u32 = 0x0814;
pub mod stat_rx_fifo_full {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// rx_crc_errors: frames the MAC flagged bad with tuser (drop reason mac_error).
pub const STAT_RX_MAC_ERR: u32 = 0x0818;
pub mod stat_rx_mac_err {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// DMA transactions answered SLVERR or DECERR.
pub const STAT_DMA_ERR: u32 = 0x081c;
pub mod stat_dma_err {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// Malformed descriptors seen.
pub const STAT_DESC_ERR: u32 = 0x0820;
pub mod stat_desc_err {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// Register writes ignored for an illegal value.
pub const STAT_REG_ERR: u32 = 0x0824;
pub mod stat_reg_err {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// MSI-X messages written.
pub const STAT_MSIX_SENT: u32 = 0x0828;
pub mod stat_msix_sent {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// tx_packets: frames sent on m_axis_tx.
pub const STAT_TX_PACKETS: u32 = 0x082c;
pub mod stat_tx_packets {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// tx_bytes: bytes of those frames, before padding to 60.
pub const STAT_TX_BYTES: u32 = 0x0830;
pub mod stat_tx_bytes {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// tx_errors: frames the device dropped for a bad descriptor or a DMA read error.
pub const STAT_TX_ERR: u32 = 0x0834;
pub mod stat_tx_err {
    #[allow(unused_imports)]
    use super::Field;
    pub const COUNT: Field = Field::new(0, 32);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// STAT: 14 registers decoded as one (STAT[i] at 0x0800 + 4·i).
pub const STAT_COUNT: usize = 14;
/// Index of each STAT register (its counter index).
pub mod stat_idx {
    pub const RX_OFFERED: usize = 0;
    pub const RX_PACKETS: usize = 1;
    pub const RX_BYTES: usize = 2;
    pub const RX_OVERSIZE: usize = 3;
    pub const RX_NO_DESC: usize = 4;
    pub const RX_FIFO_FULL: usize = 5;
    pub const RX_MAC_ERR: usize = 6;
    pub const DMA_ERR: usize = 7;
    pub const DESC_ERR: usize = 8;
    pub const REG_ERR: usize = 9;
    pub const MSIX_SENT: usize = 10;
    pub const TX_PACKETS: usize = 11;
    pub const TX_BYTES: usize = 12;
    pub const TX_ERR: usize = 13;
    pub const N: usize = 14;
}

/// Register file RXQ
pub const RXQ: u32 = 0x1000;
pub const RXQ_STRIDE: u32 = 0x40;
pub const RXQ_COUNT: usize = 16;
pub mod rxq {
    #[allow(unused_imports)]
    use super::Field;
    /// Must be 16-byte aligned; low bits are ignored. Writable only while the queue is disabled.
    pub const RDBAL: u32 = 0x00;
    pub mod rdbal {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// ADDR is 16-byte aligned: lower bits written are dropped.
        pub const ADDR_ALIGN: u32 = 16;
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xfffffff0;
    }
    /// RX ring base, high
    pub const RDBAH: u32 = 0x04;
    pub mod rdbah {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xffffffff;
    }
    /// Descriptors in the ring: a power of two from 8 to 4096. Enabling the queue with another value is refused and counted.
    pub const RDLEN: u32 = 0x08;
    pub mod rdlen {
        #[allow(unused_imports)]
        use super::Field;
        pub const LEN: Field = Field::new(0, 14);
        pub const LEN_MIN: u32 = 8;
        pub const LEN_MAX: u32 = 4096;
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000200;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00003fff;
        /// Is `v` a legal LEN? (a power of two, 8..4096, checked when RXCTL.ENABLE is set)
        pub const fn len_legal(v: u32) -> bool {
            v >= LEN_MIN && v <= LEN_MAX && v.is_power_of_two()
        }
        /// Is `v` a legal value of the register? `LEN`: a power of two, 8..4096, checked when RXCTL.ENABLE is set. Checked when RXCTL.ENABLE is set (0 -> 1).
        pub const fn legal(v: u32) -> bool {
            len_legal(LEN.get(v))
        }
    }
    /// Next descriptor the device will fill. Zeroed when the queue is enabled.
    pub const RDH: u32 = 0x0c;
    pub mod rdh {
        #[allow(unused_imports)]
        use super::Field;
        pub const HEAD: Field = Field::new(0, 13);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// One past the last descriptor the driver gave the device. A value >= RDLEN is ignored and counted.
    pub const RDT: u32 = 0x10;
    pub mod rdt {
        #[allow(unused_imports)]
        use super::Field;
        pub const TAIL: Field = Field::new(0, 13);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00001fff;
        /// Is `v` a legal TAIL? (< RDLEN.LEN (itself legal))
        pub const fn tail_legal(v: u32, rdlen: u32) -> bool {
            super::rdlen::legal(rdlen) && v < super::rdlen::LEN.get(rdlen)
        }
        /// Is `v` a legal value of the register? `TAIL`: < RDLEN.LEN (itself legal). An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
        pub const fn legal(v: u32, rdlen: u32) -> bool {
            tail_legal(TAIL.get(v), rdlen)
        }
    }
    /// RX queue control
    pub const RXCTL: u32 = 0x14;
    pub mod rxctl {
        #[allow(unused_imports)]
        use super::Field;
        /// Queue enable.
        pub const ENABLE: Field = Field::new(0, 1);
        /// Buffer size in KiB, 1..16. Changeable only while the queue is disabled and has no DMA in flight.
        pub const BSIZE: Field = Field::new(8, 5);
        pub const BSIZE_MIN: u32 = 1;
        pub const BSIZE_MAX: u32 = 16;
        /// Bytes per unit of BSIZE.
        pub const BSIZE_UNIT: u32 = 1024;
        /// Hold, the inverse of igb's SRRCTL.DROP_EN. 0: a frame the ring has no room for is dropped at once (no_desc). 1: it waits at the head of the RX FIFO until the ring has room, holding back every frame behind it (a full FIFO then drops arrivals as fifo_full). A frame for a disabled queue, or needing more descriptors than RDLEN - 1, is dropped either way.
        pub const HOLD: Field = Field::new(16, 1);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000200;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00011f01;
        /// Fields a write may not change while RXCTL.ENABLE is set or the queue has DMA in flight.
        pub const LOCK_MASK: u32 = 0x00001f00;
        /// Is `v` a legal BSIZE? (1..16, unit 1024 B, changes refused while RXCTL.ENABLE or DMA in flight)
        pub const fn bsize_legal(v: u32) -> bool {
            v >= BSIZE_MIN && v <= BSIZE_MAX
        }
        /// Is `v` a legal value of the register? `BSIZE`: 1..16, unit 1024 B, changes refused while RXCTL.ENABLE or DMA in flight. An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
        pub const fn legal(v: u32) -> bool {
            bsize_legal(BSIZE.get(v))
        }
    }
    /// MSI-X vector signalled by this queue's completions (the queue-to-vector map). A value >= CAPS.VECTORS is ignored and counted.
    pub const IVAR: u32 = 0x18;
    pub mod ivar {
        #[allow(unused_imports)]
        use super::Field;
        pub const VECTOR: Field = Field::new(0, 5);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x0000001f;
        /// Is `v` a legal VECTOR? (< CAPS.VECTORS)
        pub const fn vector_legal(v: u32, caps: u32) -> bool {
            v < crate::regs::caps::VECTORS.get(caps)
        }
        /// Is `v` a legal value of the register? `VECTOR`: < CAPS.VECTORS. An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
        pub const fn legal(v: u32, caps: u32) -> bool {
            vector_legal(VECTOR.get(v), caps)
        }
    }
    /// PACKETS
    pub const PACKETS: u32 = 0x20;
    pub mod packets {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// BYTES
    pub const BYTES: u32 = 0x24;
    pub mod bytes {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// NO_DESC
    pub const NO_DESC: u32 = 0x28;
    pub mod no_desc {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
}

/// Register file TXQ
pub const TXQ: u32 = 0x2000;
pub const TXQ_STRIDE: u32 = 0x40;
pub const TXQ_COUNT: usize = 16;
pub mod txq {
    #[allow(unused_imports)]
    use super::Field;
    /// 16-byte aligned: bits 3:0 read 0. Writable only while the queue is disabled and idle.
    pub const TDBAL: u32 = 0x00;
    pub mod tdbal {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// ADDR is 16-byte aligned: lower bits written are dropped.
        pub const ADDR_ALIGN: u32 = 16;
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xfffffff0;
    }
    /// TX ring base, high
    pub const TDBAH: u32 = 0x04;
    pub mod tdbah {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xffffffff;
    }
    /// Descriptors, a power of two from 8 to 4096. Enabling the queue with another value is refused (REG_ERR).
    pub const TDLEN: u32 = 0x08;
    pub mod tdlen {
        #[allow(unused_imports)]
        use super::Field;
        pub const LEN: Field = Field::new(0, 14);
        pub const LEN_MIN: u32 = 8;
        pub const LEN_MAX: u32 = 4096;
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000200;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00003fff;
        /// Is `v` a legal LEN? (a power of two, 8..4096, checked when TXCTL.ENABLE is set)
        pub const fn len_legal(v: u32) -> bool {
            v >= LEN_MIN && v <= LEN_MAX && v.is_power_of_two()
        }
        /// Is `v` a legal value of the register? `LEN`: a power of two, 8..4096, checked when TXCTL.ENABLE is set. Checked when TXCTL.ENABLE is set (0 -> 1).
        pub const fn legal(v: u32) -> bool {
            len_legal(LEN.get(v))
        }
    }
    /// Next descriptor the device will process. Zeroed when the queue is enabled.
    pub const TDH: u32 = 0x0c;
    pub mod tdh {
        #[allow(unused_imports)]
        use super::Field;
        pub const HEAD: Field = Field::new(0, 13);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// One past the last descriptor handed to the device. A value not below TDLEN is refused (REG_ERR).
    pub const TDT: u32 = 0x10;
    pub mod tdt {
        #[allow(unused_imports)]
        use super::Field;
        pub const TAIL: Field = Field::new(0, 13);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00001fff;
        /// Is `v` a legal TAIL? (< TDLEN.LEN (itself legal))
        pub const fn tail_legal(v: u32, tdlen: u32) -> bool {
            super::tdlen::legal(tdlen) && v < super::tdlen::LEN.get(tdlen)
        }
        /// Is `v` a legal value of the register? `TAIL`: < TDLEN.LEN (itself legal). An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
        pub const fn legal(v: u32, tdlen: u32) -> bool {
            tail_legal(TAIL.get(v), tdlen)
        }
    }
    /// TX queue control
    pub const TXCTL: u32 = 0x14;
    pub mod txctl {
        #[allow(unused_imports)]
        use super::Field;
        /// Queue enable. Enabling zeroes TDH; refused while the device still has DMA of the queue in flight.
        pub const ENABLE: Field = Field::new(0, 1);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000001;
    }
    /// MSI-X vector signalled by this queue's write-backs. A value >= CAPS.VECTORS is ignored and counted.
    pub const IVAR: u32 = 0x18;
    pub mod ivar {
        #[allow(unused_imports)]
        use super::Field;
        pub const VECTOR: Field = Field::new(0, 5);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x0000001f;
        /// Is `v` a legal VECTOR? (< CAPS.VECTORS)
        pub const fn vector_legal(v: u32, caps: u32) -> bool {
            v < crate::regs::caps::VECTORS.get(caps)
        }
        /// Is `v` a legal value of the register? `VECTOR`: < CAPS.VECTORS. An illegal write is ignored and counted (STAT_REG_ERR, MISC_CAUSE.REG_ERR).
        pub const fn legal(v: u32, caps: u32) -> bool {
            vector_legal(VECTOR.get(v), caps)
        }
    }
    /// tx_queue_N_packets
    pub const PACKETS: u32 = 0x20;
    pub mod packets {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// tx_queue_N_bytes
    pub const BYTES: u32 = 0x24;
    pub mod bytes {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
    /// tx_queue_N_errors
    pub const ERRORS: u32 = 0x28;
    pub mod errors {
        #[allow(unused_imports)]
        use super::Field;
        pub const COUNT: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000000;
    }
}

/// Register file MSIX
pub const MSIX: u32 = 0x8000;
pub const MSIX_STRIDE: u32 = 0x10;
pub const MSIX_COUNT: usize = 17;
pub mod msix {
    #[allow(unused_imports)]
    use super::Field;
    /// Dword aligned: bits 1:0 read 0 (PCIe).
    pub const ADDR_LO: u32 = 0x00;
    pub mod addr_lo {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// ADDR is 4-byte aligned: lower bits written are dropped.
        pub const ADDR_ALIGN: u32 = 4;
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xfffffffc;
    }
    /// Message address, high
    pub const ADDR_HI: u32 = 0x04;
    pub mod addr_hi {
        #[allow(unused_imports)]
        use super::Field;
        pub const ADDR: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xffffffff;
    }
    /// Message data
    pub const DATA: u32 = 0x08;
    pub mod data {
        #[allow(unused_imports)]
        use super::Field;
        pub const DATA: Field = Field::new(0, 32);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000000;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0xffffffff;
    }
    /// Vector control
    pub const VCTRL: u32 = 0x0c;
    pub mod vctrl {
        #[allow(unused_imports)]
        use super::Field;
        /// Per-vector mask.
        pub const MASK: Field = Field::new(0, 1);
        /// Reset value of the whole register.
        pub const RESET: u32 = 0x00000001;
        /// Bits a write can change (the writable fields, alignment bits dropped).
        pub const WMASK: u32 = 0x00000001;
    }
}

/// Bit v: vector v has a message waiting because the vector or the function is masked.
pub const PBA: u32 = 0x9000;
pub mod pba {
    #[allow(unused_imports)]
    use super::Field;
    pub const PENDING: Field = Field::new(0, 17);
    /// Reset value of the whole register.
    pub const RESET: u32 = 0x00000000;
    /// Bits a write can change (the writable fields, alignment bits dropped).
    pub const WMASK: u32 = 0x00000000;
}

/// Every register instance, in address order.
pub const ALL: &[RegInfo] = &[
    RegInfo { name: "ID", addr: 0x0000, reset: 0x4e494353, access: Access::Ro },
    RegInfo { name: "VERSION", addr: 0x0004, reset: 0x00010000, access: Access::Ro },
    RegInfo { name: "CAPS", addr: 0x0008, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "CTRL", addr: 0x000c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MTU", addr: 0x0010, reset: 0x000005dc, access: Access::Rw },
    RegInfo { name: "MISC_CAUSE", addr: 0x0020, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MISC_IMS", addr: 0x0024, reset: 0x00000007, access: Access::Rw },
    RegInfo { name: "EICR", addr: 0x0040, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "EICS", addr: 0x0044, reset: 0x00000000, access: Access::Wo },
    RegInfo { name: "EIMS", addr: 0x0048, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "EIMC", addr: 0x004c, reset: 0x00000000, access: Access::Wo },
    RegInfo { name: "EIAM", addr: 0x0050, reset: 0x0001ffff, access: Access::Rw },
    RegInfo { name: "MSIX_CTRL", addr: 0x0054, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[0]", addr: 0x0080, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[1]", addr: 0x0084, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[2]", addr: 0x0088, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[3]", addr: 0x008c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[4]", addr: 0x0090, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[5]", addr: 0x0094, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[6]", addr: 0x0098, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[7]", addr: 0x009c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[8]", addr: 0x00a0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[9]", addr: 0x00a4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[10]", addr: 0x00a8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[11]", addr: 0x00ac, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[12]", addr: 0x00b0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[13]", addr: 0x00b4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[14]", addr: 0x00b8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[15]", addr: 0x00bc, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_ITR[16]", addr: 0x00c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RSS_CTRL", addr: 0x0100, reset: 0x0000007f, access: Access::Rw },
    RegInfo { name: "RSS_KEY0", addr: 0x0140, reset: 0x6d5a56da, access: Access::Rw },
    RegInfo { name: "RSS_KEY1", addr: 0x0144, reset: 0x255b0ec2, access: Access::Rw },
    RegInfo { name: "RSS_KEY2", addr: 0x0148, reset: 0x4167253d, access: Access::Rw },
    RegInfo { name: "RSS_KEY3", addr: 0x014c, reset: 0x43a38fb0, access: Access::Rw },
    RegInfo { name: "RSS_KEY4", addr: 0x0150, reset: 0xd0ca2bcb, access: Access::Rw },
    RegInfo { name: "RSS_KEY5", addr: 0x0154, reset: 0xae7b30b4, access: Access::Rw },
    RegInfo { name: "RSS_KEY6", addr: 0x0158, reset: 0x77cb2da3, access: Access::Rw },
    RegInfo { name: "RSS_KEY7", addr: 0x015c, reset: 0x8030f20c, access: Access::Rw },
    RegInfo { name: "RSS_KEY8", addr: 0x0160, reset: 0x6a42b73b, access: Access::Rw },
    RegInfo { name: "RSS_KEY9", addr: 0x0164, reset: 0xbeac01fa, access: Access::Rw },
    RegInfo { name: "RETA[0]", addr: 0x0200, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[1]", addr: 0x0204, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[2]", addr: 0x0208, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[3]", addr: 0x020c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[4]", addr: 0x0210, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[5]", addr: 0x0214, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[6]", addr: 0x0218, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[7]", addr: 0x021c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[8]", addr: 0x0220, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[9]", addr: 0x0224, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[10]", addr: 0x0228, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[11]", addr: 0x022c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[12]", addr: 0x0230, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[13]", addr: 0x0234, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[14]", addr: 0x0238, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[15]", addr: 0x023c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[16]", addr: 0x0240, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[17]", addr: 0x0244, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[18]", addr: 0x0248, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[19]", addr: 0x024c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[20]", addr: 0x0250, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[21]", addr: 0x0254, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[22]", addr: 0x0258, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[23]", addr: 0x025c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[24]", addr: 0x0260, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[25]", addr: 0x0264, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[26]", addr: 0x0268, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[27]", addr: 0x026c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[28]", addr: 0x0270, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[29]", addr: 0x0274, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[30]", addr: 0x0278, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RETA[31]", addr: 0x027c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[0]", addr: 0x0400, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[1]", addr: 0x0404, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[2]", addr: 0x0408, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[3]", addr: 0x040c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[4]", addr: 0x0410, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[5]", addr: 0x0414, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[6]", addr: 0x0418, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[7]", addr: 0x041c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[8]", addr: 0x0420, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[9]", addr: 0x0424, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[10]", addr: 0x0428, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[11]", addr: 0x042c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[12]", addr: 0x0430, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[13]", addr: 0x0434, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[14]", addr: 0x0438, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[15]", addr: 0x043c, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "VEC_TXITR[16]", addr: 0x0440, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "STAT_RX_OFFERED", addr: 0x0800, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_PACKETS", addr: 0x0804, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_BYTES", addr: 0x0808, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_OVERSIZE", addr: 0x080c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_NO_DESC", addr: 0x0810, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_FIFO_FULL", addr: 0x0814, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_RX_MAC_ERR", addr: 0x0818, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_DMA_ERR", addr: 0x081c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_DESC_ERR", addr: 0x0820, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_REG_ERR", addr: 0x0824, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_MSIX_SENT", addr: 0x0828, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_TX_PACKETS", addr: 0x082c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_TX_BYTES", addr: 0x0830, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "STAT_TX_ERR", addr: 0x0834, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[0].RDBAL", addr: 0x1000, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[0].RDBAH", addr: 0x1004, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[0].RDLEN", addr: 0x1008, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[0].RDH", addr: 0x100c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[0].RDT", addr: 0x1010, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[0].RXCTL", addr: 0x1014, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[0].IVAR", addr: 0x1018, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[0].PACKETS", addr: 0x1020, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[0].BYTES", addr: 0x1024, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[0].NO_DESC", addr: 0x1028, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[1].RDBAL", addr: 0x1040, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[1].RDBAH", addr: 0x1044, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[1].RDLEN", addr: 0x1048, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[1].RDH", addr: 0x104c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[1].RDT", addr: 0x1050, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[1].RXCTL", addr: 0x1054, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[1].IVAR", addr: 0x1058, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[1].PACKETS", addr: 0x1060, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[1].BYTES", addr: 0x1064, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[1].NO_DESC", addr: 0x1068, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[2].RDBAL", addr: 0x1080, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[2].RDBAH", addr: 0x1084, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[2].RDLEN", addr: 0x1088, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[2].RDH", addr: 0x108c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[2].RDT", addr: 0x1090, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[2].RXCTL", addr: 0x1094, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[2].IVAR", addr: 0x1098, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[2].PACKETS", addr: 0x10a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[2].BYTES", addr: 0x10a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[2].NO_DESC", addr: 0x10a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[3].RDBAL", addr: 0x10c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[3].RDBAH", addr: 0x10c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[3].RDLEN", addr: 0x10c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[3].RDH", addr: 0x10cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[3].RDT", addr: 0x10d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[3].RXCTL", addr: 0x10d4, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[3].IVAR", addr: 0x10d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[3].PACKETS", addr: 0x10e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[3].BYTES", addr: 0x10e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[3].NO_DESC", addr: 0x10e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[4].RDBAL", addr: 0x1100, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[4].RDBAH", addr: 0x1104, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[4].RDLEN", addr: 0x1108, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[4].RDH", addr: 0x110c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[4].RDT", addr: 0x1110, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[4].RXCTL", addr: 0x1114, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[4].IVAR", addr: 0x1118, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[4].PACKETS", addr: 0x1120, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[4].BYTES", addr: 0x1124, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[4].NO_DESC", addr: 0x1128, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[5].RDBAL", addr: 0x1140, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[5].RDBAH", addr: 0x1144, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[5].RDLEN", addr: 0x1148, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[5].RDH", addr: 0x114c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[5].RDT", addr: 0x1150, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[5].RXCTL", addr: 0x1154, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[5].IVAR", addr: 0x1158, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[5].PACKETS", addr: 0x1160, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[5].BYTES", addr: 0x1164, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[5].NO_DESC", addr: 0x1168, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[6].RDBAL", addr: 0x1180, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[6].RDBAH", addr: 0x1184, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[6].RDLEN", addr: 0x1188, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[6].RDH", addr: 0x118c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[6].RDT", addr: 0x1190, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[6].RXCTL", addr: 0x1194, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[6].IVAR", addr: 0x1198, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[6].PACKETS", addr: 0x11a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[6].BYTES", addr: 0x11a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[6].NO_DESC", addr: 0x11a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[7].RDBAL", addr: 0x11c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[7].RDBAH", addr: 0x11c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[7].RDLEN", addr: 0x11c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[7].RDH", addr: 0x11cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[7].RDT", addr: 0x11d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[7].RXCTL", addr: 0x11d4, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[7].IVAR", addr: 0x11d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[7].PACKETS", addr: 0x11e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[7].BYTES", addr: 0x11e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[7].NO_DESC", addr: 0x11e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[8].RDBAL", addr: 0x1200, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[8].RDBAH", addr: 0x1204, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[8].RDLEN", addr: 0x1208, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[8].RDH", addr: 0x120c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[8].RDT", addr: 0x1210, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[8].RXCTL", addr: 0x1214, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[8].IVAR", addr: 0x1218, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[8].PACKETS", addr: 0x1220, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[8].BYTES", addr: 0x1224, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[8].NO_DESC", addr: 0x1228, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[9].RDBAL", addr: 0x1240, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[9].RDBAH", addr: 0x1244, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[9].RDLEN", addr: 0x1248, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[9].RDH", addr: 0x124c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[9].RDT", addr: 0x1250, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[9].RXCTL", addr: 0x1254, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[9].IVAR", addr: 0x1258, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[9].PACKETS", addr: 0x1260, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[9].BYTES", addr: 0x1264, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[9].NO_DESC", addr: 0x1268, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[10].RDBAL", addr: 0x1280, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[10].RDBAH", addr: 0x1284, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[10].RDLEN", addr: 0x1288, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[10].RDH", addr: 0x128c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[10].RDT", addr: 0x1290, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[10].RXCTL", addr: 0x1294, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[10].IVAR", addr: 0x1298, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[10].PACKETS", addr: 0x12a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[10].BYTES", addr: 0x12a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[10].NO_DESC", addr: 0x12a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[11].RDBAL", addr: 0x12c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[11].RDBAH", addr: 0x12c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[11].RDLEN", addr: 0x12c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[11].RDH", addr: 0x12cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[11].RDT", addr: 0x12d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[11].RXCTL", addr: 0x12d4, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[11].IVAR", addr: 0x12d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[11].PACKETS", addr: 0x12e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[11].BYTES", addr: 0x12e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[11].NO_DESC", addr: 0x12e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[12].RDBAL", addr: 0x1300, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[12].RDBAH", addr: 0x1304, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[12].RDLEN", addr: 0x1308, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[12].RDH", addr: 0x130c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[12].RDT", addr: 0x1310, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[12].RXCTL", addr: 0x1314, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[12].IVAR", addr: 0x1318, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[12].PACKETS", addr: 0x1320, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[12].BYTES", addr: 0x1324, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[12].NO_DESC", addr: 0x1328, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[13].RDBAL", addr: 0x1340, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[13].RDBAH", addr: 0x1344, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[13].RDLEN", addr: 0x1348, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[13].RDH", addr: 0x134c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[13].RDT", addr: 0x1350, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[13].RXCTL", addr: 0x1354, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[13].IVAR", addr: 0x1358, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[13].PACKETS", addr: 0x1360, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[13].BYTES", addr: 0x1364, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[13].NO_DESC", addr: 0x1368, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[14].RDBAL", addr: 0x1380, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[14].RDBAH", addr: 0x1384, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[14].RDLEN", addr: 0x1388, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[14].RDH", addr: 0x138c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[14].RDT", addr: 0x1390, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[14].RXCTL", addr: 0x1394, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[14].IVAR", addr: 0x1398, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[14].PACKETS", addr: 0x13a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[14].BYTES", addr: 0x13a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[14].NO_DESC", addr: 0x13a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[15].RDBAL", addr: 0x13c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[15].RDBAH", addr: 0x13c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[15].RDLEN", addr: 0x13c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[15].RDH", addr: 0x13cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[15].RDT", addr: 0x13d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[15].RXCTL", addr: 0x13d4, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "RXQ[15].IVAR", addr: 0x13d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "RXQ[15].PACKETS", addr: 0x13e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[15].BYTES", addr: 0x13e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "RXQ[15].NO_DESC", addr: 0x13e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[0].TDBAL", addr: 0x2000, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[0].TDBAH", addr: 0x2004, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[0].TDLEN", addr: 0x2008, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[0].TDH", addr: 0x200c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[0].TDT", addr: 0x2010, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[0].TXCTL", addr: 0x2014, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[0].IVAR", addr: 0x2018, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[0].PACKETS", addr: 0x2020, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[0].BYTES", addr: 0x2024, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[0].ERRORS", addr: 0x2028, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[1].TDBAL", addr: 0x2040, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[1].TDBAH", addr: 0x2044, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[1].TDLEN", addr: 0x2048, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[1].TDH", addr: 0x204c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[1].TDT", addr: 0x2050, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[1].TXCTL", addr: 0x2054, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[1].IVAR", addr: 0x2058, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[1].PACKETS", addr: 0x2060, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[1].BYTES", addr: 0x2064, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[1].ERRORS", addr: 0x2068, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[2].TDBAL", addr: 0x2080, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[2].TDBAH", addr: 0x2084, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[2].TDLEN", addr: 0x2088, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[2].TDH", addr: 0x208c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[2].TDT", addr: 0x2090, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[2].TXCTL", addr: 0x2094, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[2].IVAR", addr: 0x2098, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[2].PACKETS", addr: 0x20a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[2].BYTES", addr: 0x20a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[2].ERRORS", addr: 0x20a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[3].TDBAL", addr: 0x20c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[3].TDBAH", addr: 0x20c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[3].TDLEN", addr: 0x20c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[3].TDH", addr: 0x20cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[3].TDT", addr: 0x20d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[3].TXCTL", addr: 0x20d4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[3].IVAR", addr: 0x20d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[3].PACKETS", addr: 0x20e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[3].BYTES", addr: 0x20e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[3].ERRORS", addr: 0x20e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[4].TDBAL", addr: 0x2100, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[4].TDBAH", addr: 0x2104, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[4].TDLEN", addr: 0x2108, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[4].TDH", addr: 0x210c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[4].TDT", addr: 0x2110, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[4].TXCTL", addr: 0x2114, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[4].IVAR", addr: 0x2118, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[4].PACKETS", addr: 0x2120, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[4].BYTES", addr: 0x2124, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[4].ERRORS", addr: 0x2128, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[5].TDBAL", addr: 0x2140, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[5].TDBAH", addr: 0x2144, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[5].TDLEN", addr: 0x2148, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[5].TDH", addr: 0x214c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[5].TDT", addr: 0x2150, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[5].TXCTL", addr: 0x2154, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[5].IVAR", addr: 0x2158, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[5].PACKETS", addr: 0x2160, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[5].BYTES", addr: 0x2164, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[5].ERRORS", addr: 0x2168, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[6].TDBAL", addr: 0x2180, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[6].TDBAH", addr: 0x2184, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[6].TDLEN", addr: 0x2188, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[6].TDH", addr: 0x218c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[6].TDT", addr: 0x2190, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[6].TXCTL", addr: 0x2194, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[6].IVAR", addr: 0x2198, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[6].PACKETS", addr: 0x21a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[6].BYTES", addr: 0x21a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[6].ERRORS", addr: 0x21a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[7].TDBAL", addr: 0x21c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[7].TDBAH", addr: 0x21c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[7].TDLEN", addr: 0x21c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[7].TDH", addr: 0x21cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[7].TDT", addr: 0x21d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[7].TXCTL", addr: 0x21d4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[7].IVAR", addr: 0x21d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[7].PACKETS", addr: 0x21e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[7].BYTES", addr: 0x21e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[7].ERRORS", addr: 0x21e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[8].TDBAL", addr: 0x2200, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[8].TDBAH", addr: 0x2204, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[8].TDLEN", addr: 0x2208, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[8].TDH", addr: 0x220c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[8].TDT", addr: 0x2210, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[8].TXCTL", addr: 0x2214, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[8].IVAR", addr: 0x2218, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[8].PACKETS", addr: 0x2220, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[8].BYTES", addr: 0x2224, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[8].ERRORS", addr: 0x2228, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[9].TDBAL", addr: 0x2240, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[9].TDBAH", addr: 0x2244, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[9].TDLEN", addr: 0x2248, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[9].TDH", addr: 0x224c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[9].TDT", addr: 0x2250, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[9].TXCTL", addr: 0x2254, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[9].IVAR", addr: 0x2258, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[9].PACKETS", addr: 0x2260, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[9].BYTES", addr: 0x2264, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[9].ERRORS", addr: 0x2268, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[10].TDBAL", addr: 0x2280, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[10].TDBAH", addr: 0x2284, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[10].TDLEN", addr: 0x2288, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[10].TDH", addr: 0x228c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[10].TDT", addr: 0x2290, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[10].TXCTL", addr: 0x2294, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[10].IVAR", addr: 0x2298, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[10].PACKETS", addr: 0x22a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[10].BYTES", addr: 0x22a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[10].ERRORS", addr: 0x22a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[11].TDBAL", addr: 0x22c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[11].TDBAH", addr: 0x22c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[11].TDLEN", addr: 0x22c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[11].TDH", addr: 0x22cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[11].TDT", addr: 0x22d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[11].TXCTL", addr: 0x22d4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[11].IVAR", addr: 0x22d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[11].PACKETS", addr: 0x22e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[11].BYTES", addr: 0x22e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[11].ERRORS", addr: 0x22e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[12].TDBAL", addr: 0x2300, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[12].TDBAH", addr: 0x2304, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[12].TDLEN", addr: 0x2308, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[12].TDH", addr: 0x230c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[12].TDT", addr: 0x2310, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[12].TXCTL", addr: 0x2314, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[12].IVAR", addr: 0x2318, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[12].PACKETS", addr: 0x2320, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[12].BYTES", addr: 0x2324, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[12].ERRORS", addr: 0x2328, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[13].TDBAL", addr: 0x2340, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[13].TDBAH", addr: 0x2344, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[13].TDLEN", addr: 0x2348, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[13].TDH", addr: 0x234c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[13].TDT", addr: 0x2350, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[13].TXCTL", addr: 0x2354, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[13].IVAR", addr: 0x2358, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[13].PACKETS", addr: 0x2360, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[13].BYTES", addr: 0x2364, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[13].ERRORS", addr: 0x2368, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[14].TDBAL", addr: 0x2380, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[14].TDBAH", addr: 0x2384, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[14].TDLEN", addr: 0x2388, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[14].TDH", addr: 0x238c, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[14].TDT", addr: 0x2390, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[14].TXCTL", addr: 0x2394, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[14].IVAR", addr: 0x2398, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[14].PACKETS", addr: 0x23a0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[14].BYTES", addr: 0x23a4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[14].ERRORS", addr: 0x23a8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[15].TDBAL", addr: 0x23c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[15].TDBAH", addr: 0x23c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[15].TDLEN", addr: 0x23c8, reset: 0x00000200, access: Access::Rw },
    RegInfo { name: "TXQ[15].TDH", addr: 0x23cc, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[15].TDT", addr: 0x23d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[15].TXCTL", addr: 0x23d4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[15].IVAR", addr: 0x23d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "TXQ[15].PACKETS", addr: 0x23e0, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[15].BYTES", addr: 0x23e4, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "TXQ[15].ERRORS", addr: 0x23e8, reset: 0x00000000, access: Access::Ro },
    RegInfo { name: "MSIX[0].ADDR_LO", addr: 0x8000, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[0].ADDR_HI", addr: 0x8004, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[0].DATA", addr: 0x8008, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[0].VCTRL", addr: 0x800c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[1].ADDR_LO", addr: 0x8010, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[1].ADDR_HI", addr: 0x8014, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[1].DATA", addr: 0x8018, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[1].VCTRL", addr: 0x801c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[2].ADDR_LO", addr: 0x8020, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[2].ADDR_HI", addr: 0x8024, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[2].DATA", addr: 0x8028, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[2].VCTRL", addr: 0x802c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[3].ADDR_LO", addr: 0x8030, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[3].ADDR_HI", addr: 0x8034, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[3].DATA", addr: 0x8038, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[3].VCTRL", addr: 0x803c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[4].ADDR_LO", addr: 0x8040, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[4].ADDR_HI", addr: 0x8044, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[4].DATA", addr: 0x8048, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[4].VCTRL", addr: 0x804c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[5].ADDR_LO", addr: 0x8050, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[5].ADDR_HI", addr: 0x8054, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[5].DATA", addr: 0x8058, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[5].VCTRL", addr: 0x805c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[6].ADDR_LO", addr: 0x8060, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[6].ADDR_HI", addr: 0x8064, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[6].DATA", addr: 0x8068, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[6].VCTRL", addr: 0x806c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[7].ADDR_LO", addr: 0x8070, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[7].ADDR_HI", addr: 0x8074, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[7].DATA", addr: 0x8078, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[7].VCTRL", addr: 0x807c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[8].ADDR_LO", addr: 0x8080, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[8].ADDR_HI", addr: 0x8084, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[8].DATA", addr: 0x8088, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[8].VCTRL", addr: 0x808c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[9].ADDR_LO", addr: 0x8090, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[9].ADDR_HI", addr: 0x8094, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[9].DATA", addr: 0x8098, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[9].VCTRL", addr: 0x809c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[10].ADDR_LO", addr: 0x80a0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[10].ADDR_HI", addr: 0x80a4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[10].DATA", addr: 0x80a8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[10].VCTRL", addr: 0x80ac, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[11].ADDR_LO", addr: 0x80b0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[11].ADDR_HI", addr: 0x80b4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[11].DATA", addr: 0x80b8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[11].VCTRL", addr: 0x80bc, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[12].ADDR_LO", addr: 0x80c0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[12].ADDR_HI", addr: 0x80c4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[12].DATA", addr: 0x80c8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[12].VCTRL", addr: 0x80cc, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[13].ADDR_LO", addr: 0x80d0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[13].ADDR_HI", addr: 0x80d4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[13].DATA", addr: 0x80d8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[13].VCTRL", addr: 0x80dc, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[14].ADDR_LO", addr: 0x80e0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[14].ADDR_HI", addr: 0x80e4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[14].DATA", addr: 0x80e8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[14].VCTRL", addr: 0x80ec, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[15].ADDR_LO", addr: 0x80f0, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[15].ADDR_HI", addr: 0x80f4, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[15].DATA", addr: 0x80f8, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[15].VCTRL", addr: 0x80fc, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "MSIX[16].ADDR_LO", addr: 0x8100, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[16].ADDR_HI", addr: 0x8104, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[16].DATA", addr: 0x8108, reset: 0x00000000, access: Access::Rw },
    RegInfo { name: "MSIX[16].VCTRL", addr: 0x810c, reset: 0x00000001, access: Access::Rw },
    RegInfo { name: "PBA", addr: 0x9000, reset: 0x00000000, access: Access::Ro },
];

/// A register as [`decode`] names it. Arrays, groups (decode_as) and
/// register files are one variant each; `decode` gives the index.
/// `*_HOLE`: an offset inside a register-file instance with no register
/// (reads answer DECERR, writes are ignored).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reg {
    ID,
    VERSION,
    CAPS,
    CTRL,
    MTU,
    MISC_CAUSE,
    MISC_IMS,
    EICR,
    EICS,
    EIMS,
    EIMC,
    EIAM,
    MSIX_CTRL,
    VEC_ITR,
    RSS_CTRL,
    RSS_KEY,
    RETA,
    VEC_TXITR,
    STAT,
    RXQ_RDBAL,
    RXQ_RDBAH,
    RXQ_RDLEN,
    RXQ_RDH,
    RXQ_RDT,
    RXQ_RXCTL,
    RXQ_IVAR,
    RXQ_PACKETS,
    RXQ_BYTES,
    RXQ_NO_DESC,
    RXQ_HOLE,
    TXQ_TDBAL,
    TXQ_TDBAH,
    TXQ_TDLEN,
    TXQ_TDH,
    TXQ_TDT,
    TXQ_TXCTL,
    TXQ_IVAR,
    TXQ_PACKETS,
    TXQ_BYTES,
    TXQ_ERRORS,
    TXQ_HOLE,
    MSIX_ADDR_LO,
    MSIX_ADDR_HI,
    MSIX_DATA,
    MSIX_VCTRL,
    PBA,
}

impl Reg {
    /// Refused (and counted) while its queue is enabled or has DMA in flight (lock_when on the register).
    pub const fn locked(self) -> bool {
        matches!(self, Reg::RXQ_RDBAL | Reg::RXQ_RDBAH | Reg::RXQ_RDLEN | Reg::TXQ_TDBAL | Reg::TXQ_TDBAH | Reg::TXQ_TDLEN)
    }
    /// Fields a write may not change while the queue is enabled or busy (lock_when on fields).
    pub const fn lock_mask(self) -> u32 {
        match self {
            Reg::RXQ_RXCTL => rxq::rxctl::LOCK_MASK,
            _ => 0,
        }
    }
}

const fn min_u32(a: u32, b: u32) -> u32 {
    if a < b {
        a
    } else {
        b
    }
}

/// The register at `addr` (bits 1:0 ignored) of a build whose CAPS register
/// reads `caps`, with its index (array element, register-file instance or
/// group member; 0 otherwise). None: no register there (DECERR).
pub const fn decode(addr: u32, caps: u32) -> Option<(Reg, usize)> {
    let a = addr & !3;
    match a {
        0x0000 => return Some((Reg::ID, 0)),
        0x0004 => return Some((Reg::VERSION, 0)),
        0x0008 => return Some((Reg::CAPS, 0)),
        0x000c => return Some((Reg::CTRL, 0)),
        0x0010 => return Some((Reg::MTU, 0)),
        0x0020 => return Some((Reg::MISC_CAUSE, 0)),
        0x0024 => return Some((Reg::MISC_IMS, 0)),
        0x0040 => return Some((Reg::EICR, 0)),
        0x0044 => return Some((Reg::EICS, 0)),
        0x0048 => return Some((Reg::EIMS, 0)),
        0x004c => return Some((Reg::EIMC, 0)),
        0x0050 => return Some((Reg::EIAM, 0)),
        0x0054 => return Some((Reg::MSIX_CTRL, 0)),
        0x0100 => return Some((Reg::RSS_CTRL, 0)),
        0x9000 => return Some((Reg::PBA, 0)),
        _ => {}
    }
    if a >= 0x0080 && a < 0x0080 + 0x4 * min_u32(caps::VECTORS.get(caps), 17) {
        let i = ((a - 0x0080) >> 2) as usize;
        return Some((Reg::VEC_ITR, i));
    }
    if a >= 0x0140 && a < 0x0140 + 0x4 * 10 {
        let i = ((a - 0x0140) >> 2) as usize;
        return Some((Reg::RSS_KEY, i));
    }
    if a >= 0x0200 && a < 0x0200 + 0x4 * 32 {
        let i = ((a - 0x0200) >> 2) as usize;
        return Some((Reg::RETA, i));
    }
    if a >= 0x0400 && a < 0x0400 + 0x4 * min_u32(caps::VECTORS.get(caps), 17) {
        let i = ((a - 0x0400) >> 2) as usize;
        return Some((Reg::VEC_TXITR, i));
    }
    if a >= 0x0800 && a < 0x0800 + 0x4 * 14 {
        let i = ((a - 0x0800) >> 2) as usize;
        return Some((Reg::STAT, i));
    }
    if a >= 0x1000 && a < 0x1000 + 0x40 * min_u32(caps::RXQ.get(caps), 16) {
        let i = ((a - 0x1000) >> 6) as usize;
        return Some((match (a - 0x1000) & 0x3f {
            0x00 => Reg::RXQ_RDBAL,
            0x04 => Reg::RXQ_RDBAH,
            0x08 => Reg::RXQ_RDLEN,
            0x0c => Reg::RXQ_RDH,
            0x10 => Reg::RXQ_RDT,
            0x14 => Reg::RXQ_RXCTL,
            0x18 => Reg::RXQ_IVAR,
            0x20 => Reg::RXQ_PACKETS,
            0x24 => Reg::RXQ_BYTES,
            0x28 => Reg::RXQ_NO_DESC,
            _ => Reg::RXQ_HOLE,
        }, i));
    }
    if a >= 0x2000 && a < 0x2000 + 0x40 * min_u32(caps::TXQ.get(caps), 16) {
        let i = ((a - 0x2000) >> 6) as usize;
        return Some((match (a - 0x2000) & 0x3f {
            0x00 => Reg::TXQ_TDBAL,
            0x04 => Reg::TXQ_TDBAH,
            0x08 => Reg::TXQ_TDLEN,
            0x0c => Reg::TXQ_TDH,
            0x10 => Reg::TXQ_TDT,
            0x14 => Reg::TXQ_TXCTL,
            0x18 => Reg::TXQ_IVAR,
            0x20 => Reg::TXQ_PACKETS,
            0x24 => Reg::TXQ_BYTES,
            0x28 => Reg::TXQ_ERRORS,
            _ => Reg::TXQ_HOLE,
        }, i));
    }
    if a >= 0x8000 && a < 0x8000 + 0x10 * min_u32(caps::VECTORS.get(caps), 17) {
        let i = ((a - 0x8000) >> 4) as usize;
        return Some((match (a - 0x8000) & 0xf {
            0x00 => Reg::MSIX_ADDR_LO,
            0x04 => Reg::MSIX_ADDR_HI,
            0x08 => Reg::MSIX_DATA,
            _ => Reg::MSIX_VCTRL,
        }, i));
    }
    None
}

/// Is `val` a legal value for the register at `addr`, by the rules checked
/// at the write that depend only on the value and CAPS (legal_* without
/// legal_at, not bounded by another register)? True for every other
/// address. (The device refuses and counts a write that fails this.)
pub const fn write_legal(addr: u32, val: u32, caps: u32) -> bool {
    match decode(addr, caps) {
        Some((Reg::MTU, _)) => mtu::legal(val),
        Some((Reg::RETA, _)) => reta::legal(val, caps),
        Some((Reg::RXQ_RXCTL, _)) => rxq::rxctl::legal(val),
        Some((Reg::RXQ_IVAR, _)) => rxq::ivar::legal(val, caps),
        Some((Reg::TXQ_IVAR, _)) => txq::ivar::legal(val, caps),
        _ => true,
    }
}
