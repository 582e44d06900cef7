//! DMA arbiter (rtl/nic_dma_arb.sv): the one owner of the AXI4 master.
//!
//! Read side: the AR slot is shared by two read clients, the RX
//! prefetcher (descriptor fetches, ID = queue) and the TX engine
//! (descriptor reads 0x10, data reads 0x11). Each presents its request on
//! a valid/ready port and holds it until accepted; the arbiter muxes the
//! presenting one onto AR (RX first), routes `arready` to it, and routes R
//! beats by ID (TX read IDs to the TX engine, all others to RX, which
//! counts a beat nobody asked for as an error). The slot policy: the RX
//! prefetcher picks first, and only into a slot no TX request holds after
//! this edge (`tx_ar_hold`); the TX engine may present only in an edge
//! where RX neither holds the slot after the edge nor keeps it for a pick
//! or a chosen fetch (`ar_keep` -> `tx_ar_grant`). So the two never
//! present together, and RX is never starved by TX: TX takes only edges
//! RX left.
//!
//! Write side: the arbiter owns the write channel. Its write clients, in priority order:
//!
//! 1. MSI-X messages (the interrupt block's lowest sendable vector), so an
//!    interrupt waits for the burst in progress at most, never behind the
//!    rest of a frame;
//! 2. TX write-backs (the head of the TX engine's write-back FIFO, one beat,
//!    ID 0x12);
//! 3. the RX engine (frame data bursts from the RX FIFO, two-beat
//!    write-backs, ID = queue).
//!
//! One burst at a time: AW first, its W beats from the cycle after the AW
//! handshake, the next burst's AW in the cycle after the last W beat. The
//! order on the one channel is the ordering contract: a write-back after its
//! frame's data, an MSI-X message after the write-back that caused it.
//!
//! An edge has two halves around the RX engine's step (`lib.rs` calls them
//! in order; the RTL has the same chain): [`DmaArb::wr_edge`] takes B and the
//! current burst's AW/W progress, and offers the free channel to MSI-X, then
//! the TX write-back, then says whether the RX engine may load
//! (`rx_ready`, valid/ready: ready does not depend on the RX request);
//! [`DmaArb::load_rx`] takes the RX engine's burst when it had one.

use crate::csr::Csr;
use crate::wires::{Burst, DmaEv, RdReq, RdRoute, Src, TxWb, MSI_ID, TX_DATA_ID, TX_DESC_ID, TX_WB_ID};
use nicsim_hw::desc::TX_WB_LANE;
use nicsim_hw::ports::{Inputs, Outputs, AXI_BURST_INCR, AXI_RESP_OKAY};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DmaArb {
    /// The burst on the write channel.
    pub wr: Option<Burst>,
    /// Write bursts awaiting their B response.
    pub wr_outstanding: u32,
}

/// What the write half of the edge tells the clients (nic_dma_arb's
/// `rx_wb_done`, `rx_wr_ready`, `tx_wb_ready`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WrGrant {
    /// The RX engine's write-back burst had its last beat accepted.
    pub rx_wb_done: bool,
    /// The RX engine may load its next burst in this edge.
    pub rx_ready: bool,
    /// The TX write-back offered was taken (`wb_take`).
    pub tx_wb_take: bool,
}

impl DmaArb {
    pub fn new() -> Self {
        DmaArb::default()
    }

    /// No half-sent burst and no write response outstanding.
    pub fn bus_idle(&self) -> bool {
        self.wr.is_none() && self.wr_outstanding == 0
    }

    /// The AR slot: the presenting client's request (RX first; the two
    /// never present together).
    pub fn drive_ar(o: &mut Outputs, rx: Option<RdReq>, tx: Option<RdReq>) {
        o.m_axi_rready = true;
        if let Some(a) = rx.or(tx) {
            o.m_axi_arvalid = true;
            o.m_axi_arid = a.id;
            o.m_axi_araddr = a.addr;
            o.m_axi_arlen = a.len;
            o.m_axi_arsize = 3;
            o.m_axi_arburst = AXI_BURST_INCR;
        }
    }

    /// The read side of one edge, from the inputs and whether each client
    /// presents a request (state before the edge): the R beat's client by
    /// ID, the AR handshake's client, and `tx_ar_hold`.
    pub fn rd_route(i: &Inputs, o: &Outputs, rx_ar: bool, tx_ar: bool) -> RdRoute {
        debug_assert!(!(rx_ar && tx_ar), "RX and TX both present on AR");
        let r = i.m_axi_rvalid && o.m_axi_rready;
        let tx_id = i.m_axi_rid == TX_DESC_ID || i.m_axi_rid == TX_DATA_ID;
        let tx_ar_ready = tx_ar && !rx_ar && i.m_axi_arready;
        RdRoute {
            rx_r: r && !tx_id,
            tx_r: r && tx_id,
            rx_ar_ready: rx_ar && i.m_axi_arready,
            tx_ar_ready,
            tx_ar_hold: tx_ar && !tx_ar_ready,
        }
    }

    /// `tx_ar_grant`: RX keeps the AR slot in this edge (its request held
    /// or loaded, a pick tried) or leaves it to the TX engine.
    #[inline]
    pub fn tx_ar_grant(rx_ar_keep: bool) -> bool {
        !rx_ar_keep
    }

    /// `fifo`: the RX FIFO RAM (frame data bursts read it beat by beat).
    pub fn drive(&self, o: &mut Outputs, fifo: &[u64]) {
        o.m_axi_bready = true;
        if let Some(b) = &self.wr {
            if !b.aw_done {
                o.m_axi_awvalid = true;
                o.m_axi_awid = b.id;
                o.m_axi_awaddr = b.addr;
                o.m_axi_awlen = (b.beats - 1) as u8;
                o.m_axi_awsize = 3;
                o.m_axi_awburst = AXI_BURST_INCR;
            } else {
                let last = b.beat + 1 == b.beats;
                let (data, strb) = match b.src {
                    Src::Fifo { word, last_strb } => {
                        let mask = fifo.len() as u32 - 1;
                        (fifo[((word + b.beat) & mask) as usize], if last { last_strb } else { 0xFF })
                    }
                    Src::Wb { w } => (w[b.beat as usize & 1], 0xFF),
                    Src::Msi { data, strb } => (data, strb),
                    Src::TxWb { data, .. } => (data, 1 << TX_WB_LANE),
                };
                o.m_axi_wvalid = true;
                o.m_axi_wdata = data;
                o.m_axi_wstrb = strb;
                o.m_axi_wlast = last;
            }
        }
    }

    /// The write half of one edge: B, the current burst's AW/W progress,
    /// then (channel free, no soft reset pending) MSI-X `msi_vec`, else
    /// the TX write-back `tx_wb`, else the RX engine's turn (`rx_ready`).
    pub fn wr_edge(
        &mut self,
        i: &Inputs,
        o: &Outputs,
        csr: &Csr,
        msi_vec: Option<u8>,
        tx_wb: Option<TxWb>,
        ev: &mut DmaEv,
    ) -> WrGrant {
        let mut g = WrGrant::default();
        if i.m_axi_bvalid && o.m_axi_bready {
            self.wr_outstanding = self.wr_outstanding.saturating_sub(1);
            if i.m_axi_bresp != AXI_RESP_OKAY {
                ev.flags |= DmaEv::B_ERR;
            }
        }
        // (in place: a burst is too big to copy out and back every edge)
        let mut done = None;
        if let Some(b) = &mut self.wr {
            if !b.aw_done {
                if i.m_axi_awready {
                    b.aw_done = true;
                    self.wr_outstanding += 1;
                }
            } else if i.m_axi_wready {
                b.beat += 1;
                if b.beat == b.beats {
                    done = Some(b.src);
                }
            }
        }
        if let Some(src) = done {
            self.wr = None;
            match src {
                Src::TxWb { q, .. } => {
                    ev.flags |= DmaEv::TX_COMPLETE;
                    ev.tx_complete_vec = csr.txq[q as usize].vector;
                }
                Src::Wb { .. } => g.rx_wb_done = true,
                Src::Fifo { .. } | Src::Msi { .. } => {}
            }
        }
        if self.wr.is_none() && !csr.rst_pending {
            if let Some(v) = msi_vec {
                ev.flags |= DmaEv::MSI_TAKE;
                ev.msi_vec = v;
                self.wr = Some(Self::msi_burst(csr, v));
            } else if let Some(w) = tx_wb {
                g.tx_wb_take = true;
                self.wr = Some(Burst {
                    addr: w.addr,
                    beats: 1,
                    id: TX_WB_ID,
                    src: Src::TxWb { data: w.data, q: w.q },
                    aw_done: false,
                    beat: 0,
                });
            } else {
                g.rx_ready = true;
            }
        }
        g
    }

    /// The RX engine's burst, loaded in the edge it had `rx_ready`.
    #[inline]
    pub fn load_rx(&mut self, b: Burst) {
        debug_assert!(self.wr.is_none(), "RX burst loaded over a busy write channel");
        self.wr = Some(b);
    }

    /// Vector `v`'s MSI-X message write.
    fn msi_burst(csr: &Csr, v: u8) -> Burst {
        let e = csr.msix[v as usize];
        let hi = e.addr & 4 != 0;
        let data = if hi { (e.data as u64) << 32 } else { e.data as u64 };
        Burst {
            addr: e.addr,
            beats: 1,
            id: MSI_ID,
            src: Src::Msi { data, strb: if hi { 0xF0 } else { 0x0F } },
            aw_done: false,
            beat: 0,
        }
    }
}
