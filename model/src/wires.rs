//! The values that pass between the model's blocks within one edge: the
//! wires of rtl/nic_top.sv that are not registered outputs, as plain
//! structs named after the RTL signals. A leaf module: the blocks import it
//! and [`crate::config`] (and read the CSR block's configuration through
//! `&Csr`), never each other; `lib.rs` is the only place that connects them.
//!
//! Every struct here is small and `Copy`, built on the stack once per edge
//! (no allocation). Where today's RTL has a same-cycle chain between two
//! modules, the value crosses here; registering that boundary later changes
//! only where `lib.rs` takes the value from (this edge's step, or the
//! previous edge's).

/// AXI ID of MSI-X writes (RX queues use their own number).
pub const MSI_ID: u8 = 0x1F;
/// AXI IDs of the TX engine.
pub const TX_DESC_ID: u8 = 0x10;
pub const TX_DATA_ID: u8 = 0x11;
pub const TX_WB_ID: u8 = 0x12;

/// An accepted frame waiting in the RX FIFO (nic_rx_ingress -> nic_rx_dma:
/// `meta_valid`, `meta_start`, `meta_len`, `meta_hash`, `meta_htype`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// First FIFO word of the frame.
    pub start: u32,
    /// Frame length in bytes.
    pub len: u32,
    /// FIFO words it occupies.
    pub words: u32,
    pub hash: u32,
    pub htype: u8,
}

/// Where the W beats of a write burst come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    /// Frame data from the FIFO, starting at `word`; `last_strb` for the final beat.
    Fifo { word: u32, last_strb: u8 },
    /// A descriptor write-back (two beats).
    Wb { w: [u64; 2] },
    /// An MSI-X message (one beat).
    Msi { data: u64, strb: u8 },
    /// A TX descriptor's DD write-back (one beat, status byte lane 3) for TX queue `q`.
    TxWb { data: u64, q: u8 },
}

/// A write burst on the AXI master.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burst {
    pub addr: u64,
    pub beats: u32,
    pub id: u8,
    pub src: Src,
    /// false: AW phase; true: W phase.
    pub aw_done: bool,
    pub beat: u32,
}

/// A DD write-back waiting for the write channel (nic_tx_dma's `wb_valid`,
/// `wb_addr`, `wb_status`, `wb_q`: the data carries the status byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxWb {
    pub addr: u64,
    pub data: u64,
    pub q: u8,
}

/// nic_tx_dma -> nic_dma_arb after the TX receiver (stage A of the TX engine).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxToArb {
    /// `tx_wb_*`: the write-back FIFO's head, offered to the write channel.
    pub wb: Option<TxWb>,
}

/// nic_dma_arb -> nic_tx_dma, for the TX issuer (stage B).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArbToTx {
    /// `tx_ar_grant`: the TX engine may present a read in this edge (the
    /// RX prefetcher neither holds the AR slot after this edge nor keeps
    /// it for a pick).
    pub ar_grant: bool,
    /// `tx_wb_ready`: the write channel took the offered write-back.
    pub wb_take: bool,
}

/// A read request a client presents on its AR port (`ar_valid`, `ar_id`,
/// `ar_addr`, `ar_len`; the client holds it until its `ar_ready`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RdReq {
    pub id: u8,
    pub addr: u64,
    /// AXI `arlen`: beats - 1.
    pub len: u8,
}

/// nic_dma_arb's read side of one edge: where the R beat goes (by ID) and
/// which client's AR request was accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RdRoute {
    /// `rx_r_valid`: an R beat for the RX prefetcher (any ID but the TX reads').
    pub rx_r: bool,
    /// `tx_r_valid`: an R beat with a TX read ID (0x10, 0x11).
    pub tx_r: bool,
    /// `rx_ar_ready` / `tx_ar_ready`: the client's presented request was accepted.
    pub rx_ar_ready: bool,
    pub tx_ar_ready: bool,
    /// `tx_ar_hold`: the TX request is still presented after this edge's handshake.
    pub tx_ar_hold: bool,
}

/// A frame the RX engine completed (`ev_complete`, `ev_complete_q`,
/// `ev_complete_len`, `ev_complete_vec`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RxComplete {
    pub q: u8,
    pub len: u32,
    /// The queue's MSI-X vector (its IVAR) when it completed.
    pub vec: u32,
}

/// nic_rx_ingress's event outputs (`ing_ev_valid`, `ing_ev_code`): a frame
/// ended on the wire with this `rx_in` code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngEv {
    pub valid: bool,
    pub code: u8,
}

/// The DMA blocks' event outputs (`ev_*`) of one edge: nic_rx_dma's and
/// nic_dma_arb's (`B_ERR`, `MSI_TAKE`, `TX_COMPLETE`), which set disjoint
/// bits. The valid bits are one word (`flags`, the `DmaEv::*` bits), so
/// "any event?" is one test; a payload field means something only with
/// its bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DmaEv {
    pub flags: u8,
    /// The FIFO's head frame was taken (claimed or dropped): `ev_meta_pop`.
    pub meta_pop: bool,
    /// [`DmaEv::MSI_TAKE`]: the MSI-X message of this vector went onto the write channel (`ev_msi_take`).
    pub msi_vec: u8,
    /// [`DmaEv::NO_DESC`]: a frame dropped for want of descriptors in this queue (`ev_no_desc_q`).
    pub no_desc_q: u8,
    /// [`DmaEv::COMPLETE`].
    pub complete: RxComplete,
    /// [`DmaEv::TX_COMPLETE`]: a TX write-back completed on the bus for this vector (`ev_tx_complete_vec`).
    pub tx_complete_vec: u32,
}

impl DmaEv {
    /// A B response with an error.
    pub const B_ERR: u8 = 1;
    /// An RX descriptor fetch ended in error, or an R beat nobody asked for.
    pub const R_ERR: u8 = 2;
    /// A misaligned RX buffer address.
    pub const DESC_ERR: u8 = 4;
    pub const MSI_TAKE: u8 = 8;
    pub const NO_DESC: u8 = 16;
    pub const COMPLETE: u8 = 32;
    pub const TX_COMPLETE: u8 = 64;
    /// The events the CSR block counts (a TX write-back's completion is the interrupt block's only).
    pub const COUNTED: u8 =
        Self::B_ERR | Self::R_ERR | Self::DESC_ERR | Self::MSI_TAKE | Self::NO_DESC | Self::COMPLETE;

    #[inline]
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
    #[inline]
    pub fn msi_take(&self) -> Option<u8> {
        self.has(Self::MSI_TAKE).then_some(self.msi_vec)
    }
    #[inline]
    pub fn no_desc(&self) -> Option<u8> {
        self.has(Self::NO_DESC).then_some(self.no_desc_q)
    }
    #[inline]
    pub fn complete(&self) -> Option<RxComplete> {
        self.has(Self::COMPLETE).then_some(self.complete)
    }
    #[inline]
    pub fn tx_complete(&self) -> Option<u32> {
        self.has(Self::TX_COMPLETE).then_some(self.tx_complete_vec)
    }
}

/// nic_tx_dma's event outputs of one edge (`ev_r_err`, `ev_desc_err`,
/// `ev_drop`, `ev_drop_q`): the `TxEv::*` bits in `flags`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxEv {
    pub flags: u8,
    /// [`TxEv::DROP`]: a frame of this queue was rolled out of the FIFO (at most one per edge).
    pub drop_q: u8,
}

impl TxEv {
    pub const R_ERR: u8 = 1;
    pub const DESC_ERR: u8 = 2;
    pub const DROP: u8 = 4;

    #[inline]
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
    #[inline]
    pub fn drop(&self) -> Option<u8> {
        self.has(Self::DROP).then_some(self.drop_q)
    }
}

/// nic_tx_send's event outputs (`ev_sent`, `ev_sent_q`, `ev_sent_len`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SendEv {
    pub sent: bool,
    pub q: u8,
    pub len: u32,
}

/// Every block's events of one edge, as the CSR block takes them (its
/// counters and the misc causes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Events {
    pub ing: IngEv,
    pub dma: DmaEv,
    pub tx: TxEv,
    pub send: SendEv,
}

impl Events {
    /// Any event the CSR block counts (most edges have none: it then has
    /// nothing to do): one OR of each block's valid bits.
    #[inline]
    pub fn any(&self) -> bool {
        (self.ing.valid as u8 | (self.dma.flags & DmaEv::COUNTED) | self.tx.flags | self.send.sent as u8) != 0
    }
}

/// What the register reads see of the other blocks: their registered
/// state before the edge (`dma_head`, `tx_head`, `irq_eicr`, `irq_eims`,
/// `irq_eiam`, `irq_pba`). Built only in an edge that answers a read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusIn {
    pub dma_head: [u32; 16],
    pub tx_head: [u32; 16],
    pub eicr: u32,
    pub eims: u32,
    pub eiam: u32,
    pub pba: u32,
}

/// What a register write needs from the other blocks: the interrupt
/// registers before the edge (W1C against the pre-edge value; EIAM's merge)
/// and the DMA engines' `queue_idle_mid` (after this edge's DMA work, bit q:
/// nothing of queue q in flight).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteIn {
    pub eicr_pre: u32,
    pub eiam: u32,
    pub rx_queue_idle: u32,
    pub tx_queue_idle: u32,
}

/// The side effects of a register write on the blocks that own the state
/// (nic_csr's `wr_*` outputs), applied by their owners at the end of the edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WrCmds {
    pub eicr_clr: u32,
    pub eics_set: u32,
    pub eims_set: u32,
    pub eimc_clr: u32,
    /// EIAM's new value.
    pub eiam: Option<u32>,
    /// Vectors whose VEC_ITR / VEC_TXITR was written: judge their counts again.
    pub itr_check: u32,
    pub txitr_check: u32,
    /// An RDT write: look for a descriptor fetch.
    pub kick_fetch: bool,
    /// RX queue enabled: its ring restarts at 0.
    pub reset_queue: Option<u8>,
    /// TX queue enabled: its ring restarts at 0.
    pub tx_reset_queue: Option<u8>,
    /// TX queue whose tail or enable changed: its work bit is recomputed.
    pub tx_update_work: Option<u8>,
}
