//! Cycle-accurate model of the nicsim NIC.
//!
//! [`Nic`] implements [`nicsim_hw::Device`]: `tick(inputs)` is one rising
//! edge of the 250 MHz clock. All outputs are registered, so they are a
//! function of [`NicState`] only. The RTL (`rtl/nic_top.sv`) implements
//! exactly this state machine; docs/ARCHITECTURE.md states the contract.
//!
//! The blocks (one per RTL module: `csr`, `ingress`, `rxdma`, `dma_arb`,
//! `irq`, `txdma`) never touch each other's state. Each one's edge reads its own
//! state, the CSR block's configuration as it was before the edge (`&Csr`),
//! and values from the others; it returns values: the wires of
//! rtl/nic_top.sv that are not registered ([`wires`]): counter increments
//! and error causes for the CSR block, doorbells and queue resets from it,
//! and the same-cycle chains the RTL has today (the arbiter's read routing
//! and `tx_ar_hold`, RX's `ar_keep` -> `tx_ar_grant`, the arbiter's write
//! grants and `rx_wb_done`, `misc_cause_mid`). This file
//! is the only place that connects them; `Nic::tick` states the order.

mod config;
mod csr;
mod dma_arb;
mod ingress;
mod irq;
mod rxdma;
mod txdma;
mod wires;

pub use config::{ConfigError, NicConfig};
pub use csr::reg_legal;
use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_hw::rss::Toeplitz;
use nicsim_hw::Device;
use wires::{ArbToTx, Events, StatusIn, TxEv, WriteIn};

/// All device state: plain data, comparable, cloneable (for lockstep and the
/// quiescence fixed-point check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NicState {
    pub csr: csr::Csr,
    pub ing: ingress::Ingress,
    pub dma: rxdma::RxDma,
    /// The AXI master's owner (nic_dma_arb): the write channel's burst and
    /// B count (the read side has no state of its own: the clients hold
    /// their requests until accepted).
    pub arb: dma_arb::DmaArb,
    pub irq: irq::Irq,
    pub tx: txdma::TxDma,
    /// Registered outputs.
    pub out: Outputs,
}

/// The NIC.
pub struct Nic {
    cfg: NicConfig,
    s: NicState,
    /// Toeplitz lookup table derived from the key registers (not state: a
    /// pure function of `csr.rss_key`, rebuilt when the key is written).
    hasher: Toeplitz,
    key_gen: u64,
    /// Edges since construction: the time base of the moderation deadlines.
    /// Not architectural state (the RTL has per-vector countdowns instead).
    now: u64,
}

impl Nic {
    pub fn new(cfg: NicConfig) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let s = NicState {
            csr: csr::Csr::new(&cfg),
            ing: ingress::Ingress::new(&cfg),
            dma: rxdma::RxDma::new(&cfg),
            arb: dma_arb::DmaArb::new(),
            irq: irq::Irq::new(&cfg),
            tx: txdma::TxDma::new(&cfg),
            out: Outputs::default(),
        };
        let hasher = Toeplitz::new(&s.csr.key_bytes());
        let mut n = Nic { cfg, s, hasher, key_gen: 0, now: 0 };
        n.s.out = n.compute_outputs();
        Ok(n)
    }
    pub fn config(&self) -> &NicConfig {
        &self.cfg
    }
    pub fn state(&self) -> &NicState {
        &self.s
    }

    /// Full reset to power-on state, except the AXI-Lite handshake state and
    /// the tail of a frame already on the wire.
    fn soft_reset(&mut self) {
        let keep_in_frame = self.s.ing.in_frame;
        let bus = self.s.csr.bus;
        self.s.csr = csr::Csr::new(&self.cfg);
        self.s.csr.bus = bus;
        self.s.ing = ingress::Ingress::new(&self.cfg);
        self.s.ing.discard_rest(keep_in_frame);
        self.s.dma = rxdma::RxDma::new(&self.cfg);
        self.s.arb = dma_arb::DmaArb::new();
        self.s.irq = irq::Irq::new(&self.cfg);
        self.s.tx = txdma::TxDma::new(&self.cfg);
        self.hasher = Toeplitz::new(&self.s.csr.key_bytes());
    }

    fn compute_outputs(&self) -> Outputs {
        Self::drive(&self.s)
    }

    /// The registered outputs as a function of state (inlined into `tick`:
    /// one call fewer per edge).
    #[inline(always)]
    fn drive(s: &NicState) -> Outputs {
        let mut o = Outputs::default();
        s.csr.drive(&mut o);
        s.arb.drive(&mut o, &s.ing.fifo);
        dma_arb::DmaArb::drive_ar(&mut o, s.dma.ar_req(), s.tx.ar_req());
        s.dma.drive(&mut o);
        s.tx.drive(&mut o);
        o.stat_rx_in_valid = s.ing.stat_valid;
        o.stat_rx_in_code = s.ing.stat_code;
        o
    }
}

impl Device for Nic {
    fn outputs(&self) -> &Outputs {
        &self.s.out
    }

    fn tick(&mut self, i: &Inputs) -> &Outputs {
        let cfg = &self.cfg;
        let s = &mut self.s;
        let out = &s.out;
        let axil = !s.csr.bus_quiet(i);
        let rst_now =
            s.csr.rst_pending && s.arb.bus_idle() && s.dma.bus_idle() && s.tx.bus_idle() && s.tx.sender_idle();
        // The engines' queue_idle before the edge (registered in the RTL),
        // for the lock-while-busy check of the write done in this edge.
        let idle_pre = if axil && s.csr.write_fires() {
            (s.dma.queue_idle_mask(cfg.queues), s.tx.queue_idle_mask())
        } else {
            (0, 0)
        };
        // ... and the engines' next ones, from this state (loaded at the edge).
        let tx_idle_next = s.tx.idle_next();
        let rx_idle_next = s.dma.idle_next(s.csr.enabled_mask());
        // 1. Register reads answer from the state before the edge.
        if axil {
            let sts = if s.csr.read_fires(i) { status(cfg, s) } else { StatusIn::default() };
            s.csr.read_phase(cfg, i, &sts);
        }
        // The values the blocks see of each other's state before the edge.
        let eicr_pre = s.irq.eicr;
        let eiam_pre = s.irq.eiam;
        let fifo_used_pre = s.dma.fifo_used;
        let meta_head = s.ing.meta_head();
        let msi_vec = s.irq.msi_vec(&s.csr);
        let mut ev = Events::default();
        // 2. The TX sender drains the FIFO as it was before the edge (the
        //    issuer's room check reads it from before that, too).
        s.tx.snapshot_room();
        if s.tx.cur.is_some() || !s.tx.meta.is_empty() {
            ev.send = s.tx.sender_edge(i, &s.csr);
        }
        // 3. The arbiter's read side: the R beat's client by ID, the AR
        //    handshake's client, tx_ar_hold. Then the TX engine's receiver
        //    (its R beat, its AR handshake): the write-back it offers (wb_*).
        let rt = dma_arb::DmaArb::rd_route(i, out, s.dma.ar.is_some(), s.tx.ar.is_some());
        let mut tx_ev = TxEv::default();
        let tx_to_arb = s.tx.recv_edge(i, &rt, &s.csr, &mut tx_ev);
        // 4. The arbiter's write half: B, the burst's AW/W progress, then the
        //    free channel to MSI-X, else the TX write-back (wb_take), else
        //    the RX engine's turn (rx_ready).
        let wg = s.arb.wr_edge(i, out, &s.csr, msi_vec, tx_to_arb.wb, &mut ev.dma);
        // 5. RX DMA: the frame engine (its burst if it has the turn), the
        //    prefetcher (its R beat, AR handshake, fetch): ar_keep for the
        //    arbiter's AR grant, meta_pop for the ingress.
        let dma_in = rxdma::DmaIn {
            meta: meta_head,
            tx_ar_hold: rt.tx_ar_hold,
            r_beat: rt.rx_r,
            ar_ready: rt.rx_ar_ready,
            wb_done: wg.rx_wb_done,
            wr_ready: wg.rx_ready,
        };
        let dma_out = s.dma.edge(cfg, i, &s.csr, &dma_in, &mut ev.dma);
        if let Some(b) = dma_out.wr {
            s.arb.load_rx(b);
        }
        // 6. The TX engine's issuer, with the AR slot if RX left it.
        let arb_to_tx = ArbToTx { ar_grant: dma_arb::DmaArb::tx_ar_grant(dma_out.ar_keep), wb_take: wg.tx_wb_take };
        s.tx.issue_edge(&s.csr, &arb_to_tx, &mut tx_ev);
        ev.tx = tx_ev;
        // 7. Ingress from the MAC, against the FIFO occupancy before the edge.
        if let Some(words) = s.ing.edge(cfg, i, &s.csr, ev.dma.meta_pop, fifo_used_pre, &self.hasher, &mut ev.ing) {
            s.dma.fifo_push(words);
        }
        // 8. Interrupts: the message taken, completions, misc_cause_mid.
        let any = ev.any();
        let misc_cause_mid = s.csr.misc_cause_mid(&ev, any);
        s.irq.edge(cfg, &s.csr, &ev.dma, misc_cause_mid, self.now);
        // 9. The CSR block counts the events, then takes the register write
        //    of the edge (against queue_idle before the edge); its side effects go to
        //    their owners.
        let win = if axil {
            WriteIn { eicr_pre, eiam: eiam_pre, rx_queue_idle: idle_pre.0, tx_queue_idle: idle_pre.1 }
        } else {
            WriteIn::default()
        };
        if let Some(cmds) = s.csr.commit(cfg, i, axil, &ev, any, &win) {
            s.irq.apply_writes(&cmds);
            s.dma.apply_writes(&cmds);
            s.tx.apply_writes(&cmds, &s.csr);
        }
        if s.csr.key_gen != self.key_gen {
            self.key_gen = s.csr.key_gen;
            self.hasher = Toeplitz::new(&s.csr.key_bytes());
        }
        // Soft reset at the end of the edge that starts with the reset
        // pending, nothing in flight on the AXI master and no TX frame half
        // sent (state before the edge: the RTL's `soft_rst` is registered
        // logic, as it fans out to every block).
        s.tx.idle_reg = tx_idle_next;
        s.dma.idle_reg = rx_idle_next;
        if rst_now {
            self.soft_reset();
        }
        self.now += 1;
        let s = &mut self.s;
        s.out = Self::drive(s);
        &self.s.out
    }

    fn quiescent(&self) -> bool {
        self.s.csr.quiescent()
            && self.s.ing.quiescent()
            && self.s.arb.bus_idle()
            && self.s.dma.quiescent(&self.cfg, &self.s.csr)
            && self.s.irq.quiescent(&self.s.csr)
            && self.s.tx.quiescent(&self.s.csr)
            && !self.s.out.stat_rx_out_valid
            && !self.s.out.stat_rx_in_valid
    }

    fn idle_cycles(&self) -> u64 {
        let rest = self.s.csr.quiescent()
            && self.s.ing.quiescent()
            && self.s.arb.bus_idle()
            && self.s.dma.quiescent(&self.cfg, &self.s.csr)
            && self.s.tx.quiescent(&self.s.csr)
            && !self.s.out.stat_rx_out_valid
            && !self.s.out.stat_rx_in_valid;
        if rest {
            self.s.irq.idle_edges(&self.s.csr, self.now)
        } else {
            0
        }
    }

    /// Moderation timers are deadlines on the edge count, so skipping
    /// over a running timer is only the count moving on.
    fn skip(&mut self, n: u64) {
        debug_assert!(n <= self.idle_cycles(), "skip({n}) beyond the idle edges");
        self.now += n;
    }
}

/// What a register read sees of the blocks other than the CSR (before the edge).
fn status(cfg: &NicConfig, s: &NicState) -> StatusIn {
    let mut st = StatusIn {
        eicr: s.irq.eicr,
        eims: s.irq.eims,
        eiam: s.irq.eiam,
        pba: s.irq.pba(&s.csr),
        ..StatusIn::default()
    };
    for q in 0..cfg.queues {
        st.dma_head[q] = s.dma.head(q);
        st.tx_head[q] = s.tx.head[q];
    }
    st
}

#[cfg(test)]
mod tests;
