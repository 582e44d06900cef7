//! BAR0 register block and the AXI4-Lite slave in front of it.
//!
//! Reads are answered from the state before the edge; a write is done at the
//! edge after both its AW and W handshakes (the address is decoded in
//! between) and takes effect at the end of that edge, after the datapath
//! has run, so the datapath always sees pre-edge configuration (as RTL
//! registers would). Write-1-to-clear
//! bits only clear what was set before the edge: a hardware set in the same
//! cycle wins, so no event is lost.
//!
//! The other blocks never write here: their counter increments and error
//! causes arrive as [`Events`] values ([`Csr::commit`]), and a write's side
//! effects on state the CSR does not own (EICR/EIMS, doorbells, queue
//! resets) leave as [`WrCmds`] values for their owners to apply.

use crate::config::NicConfig;
use crate::wires::{DmaEv, Events, StatusIn, TxEv, WrCmds, WriteIn};
use nicsim_hw::ports::{rx_in, Inputs, Outputs, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_hw::regs::*;

/// Indices into `Csr::stats`: the STAT group's indices, generated from the
/// RDL (`decode_as = "STAT"`), as nic_csr.sv's `ST_*`.
pub use nicsim_hw::regs::stat_idx as st;

/// Per-queue configuration and counters (software-visible).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueCfg {
    pub base: u64,
    pub len: u32,
    pub tail: u32,
    pub enable: bool,
    pub bsize_kib: u32,
    /// RXCTL.HOLD: a frame the ring has no room for waits (else it is dropped).
    pub hold: bool,
    pub vector: u32,
    pub packets: u32,
    pub bytes: u32,
    pub no_desc: u32,
}

/// Per-TX-queue configuration and counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxQueueCfg {
    pub base: u64,
    pub len: u32,
    pub tail: u32,
    pub enable: bool,
    pub vector: u32,
    pub packets: u32,
    pub bytes: u32,
    pub errors: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsixEntry {
    pub addr: u64,
    pub data: u32,
    pub masked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    pub rx_en: bool,
    pub tx_en: bool,
    pub rst_pending: bool,
    pub mtu: u32,
    pub misc_cause: u32,
    pub misc_ims: u32,
    pub msix_enable: bool,
    pub func_mask: bool,
    pub itr: Vec<u32>,
    /// VEC_TXITR: tx-usecs / tx-frames per vector.
    pub txitr: Vec<u32>,
    pub rss_ctrl: u32,
    pub rss_key: [u32; 10],
    pub reta: [u8; 128],
    pub stats: [u32; st::N],
    pub q: Vec<QueueCfg>,
    pub txq: Vec<TxQueueCfg>,
    pub msix: Vec<MsixEntry>,
    /// Bit q mirrors `q[q].enable` (for quick scans).
    pub en_mask: u32,
    /// Bumped on every key write so the model can rebuild its hash table.
    pub key_gen: u64,
    /// The AXI4-Lite slave's handshake state. A soft reset keeps it, so the
    /// write that asked for the reset still gets its response.
    pub bus: AxilSlave,
    /// The blocks' events of the last edge, counted at this one (nic_csr
    /// registers them, `e_*_reg`: a counter shows an event one cycle after
    /// it, and no engine's decision chains into a counter's adder).
    pub ev_pending: Option<Events>,
    /// A register write checked in the last edge, loaded in this one (nic_csr
    /// `take_reg`, `v_reg`, `wr_*_reg`): the registers as the write leaves
    /// them, and its side effects on the other blocks.
    pub staged: Option<Box<(Csr, WrCmds)>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AxilSlave {
    // (A transaction in any phase keeps one of these flags set.)
    awready: bool,
    wready: bool,
    have_aw: bool,
    have_w: bool,
    aw_addr: u32,
    w_data: u32,
    w_strb: u8,
    bvalid: bool,
    arready: bool,
    /// The read address, taken while ARREADY is low (nic_csr.sv decodes it
    /// there, `ar_rid_reg`): the handshake reads the one of the edge before.
    ar_addr: u32,
    rvalid: bool,
    rdata: u32,
    rresp: u8,
    bresp: u8,
    /// Any of the flags above is set (kept by `write_phase`, the last to
    /// change them in an edge), so a quiet bus is one load per edge.
    busy: bool,
}

impl AxilSlave {
    #[inline]
    fn flags_set(&self) -> bool {
        self.awready || self.wready || self.have_aw || self.have_w || self.bvalid || self.arready || self.rvalid
    }
}

/// The CAPS register of a build with `queues` RX (and TX) queues.
pub fn caps_value(queues: usize) -> u32 {
    let nq = queues as u32;
    caps::RXQ.val(nq)
        | caps::TXQ.val(nq)
        | caps::VECTORS.val(nicsim_hw::vectors(queues) as u32)
        | caps::DMA_BYTES.val(8)
}

/// Is `val` a legal value for the register at `addr`, by the rules checked
/// at the write (the RDL's, through [`write_legal`])? Used by tests and the
/// register stress to know which writes the device must refuse.
pub fn reg_legal(queues: usize, addr: u32, val: u32) -> bool {
    write_legal(addr, val, caps_value(queues))
}

impl Csr {
    pub fn new(cfg: &NicConfig) -> Self {
        let nvec = cfg.vectors();
        let key = [
            rss_key0::RESET,
            rss_key1::RESET,
            rss_key2::RESET,
            rss_key3::RESET,
            rss_key4::RESET,
            rss_key5::RESET,
            rss_key6::RESET,
            rss_key7::RESET,
            rss_key8::RESET,
            rss_key9::RESET,
        ];
        Csr {
            rx_en: false,
            tx_en: false,
            rst_pending: false,
            mtu: mtu::RESET,
            misc_cause: 0,
            misc_ims: misc_ims::RESET,
            msix_enable: false,
            func_mask: false,
            itr: vec![vec_itr::RESET; nvec],
            txitr: vec![vec_txitr::RESET; nvec],
            rss_ctrl: rss_ctrl::RESET,
            rss_key: key,
            reta: [0; 128],
            stats: [0; st::N],
            q: vec![
                QueueCfg {
                    len: rxq::rdlen::RESET,
                    bsize_kib: rxq::rxctl::BSIZE.get(rxq::rxctl::RESET),
                    hold: rxq::rxctl::HOLD.get(rxq::rxctl::RESET) != 0,
                    ..Default::default()
                };
                cfg.queues
            ],
            txq: vec![TxQueueCfg { len: txq::tdlen::RESET, ..Default::default() }; cfg.queues],
            msix: vec![MsixEntry { masked: true, ..Default::default() }; nvec],
            en_mask: 0,
            key_gen: 0,
            bus: AxilSlave::default(),
            ev_pending: None,
            staged: None,
        }
    }

    pub fn key_bytes(&self) -> [u8; 40] {
        let mut k = [0u8; 40];
        for (i, w) in self.rss_key.iter().enumerate() {
            k[4 * i..4 * i + 4].copy_from_slice(&w.to_be_bytes());
        }
        k
    }

    fn stat(&mut self, idx: usize, add: u32) {
        self.stats[idx] = self.stats[idx].wrapping_add(add);
    }

    /// Count a device error and latch its misc cause.
    fn dev_error(&mut self, idx: usize) {
        self.stat(idx, 1);
        self.misc_cause |= match idx {
            st::DMA_ERR => misc_cause::DMA_ERR.mask(),
            st::DESC_ERR => misc_cause::DESC_ERR.mask(),
            _ => misc_cause::REG_ERR.mask(),
        };
    }

    /// The misc causes the blocks' errors of this edge set.
    #[inline]
    fn causes(ev: &Events) -> u32 {
        let dma_err = ev.dma.has(DmaEv::B_ERR | DmaEv::R_ERR) || ev.tx.has(TxEv::R_ERR);
        let desc_err = ev.dma.has(DmaEv::DESC_ERR) || ev.tx.has(TxEv::DESC_ERR);
        (if dma_err { misc_cause::DMA_ERR.mask() } else { 0 })
            | (if desc_err { misc_cause::DESC_ERR.mask() } else { 0 })
    }

    /// `misc_cause_mid`: MISC_CAUSE with this edge's block errors latched,
    /// before the register write of the edge (what the interrupt block
    /// sees). `any`: [`Events::any`].
    #[inline]
    pub fn misc_cause_mid(&self, ev: &Events, any: bool) -> u32 {
        if any {
            self.misc_cause | Self::causes(ev)
        } else {
            self.misc_cause
        }
    }

    /// Count the blocks' events of an edge (every counter is a wrapping
    /// add, so their order does not matter).
    fn count(&mut self, ev: &Events) {
        if ev.ing.valid {
            self.stat(st::RX_OFFERED, 1);
            match ev.ing.code {
                rx_in::ACCEPTED => {}
                rx_in::OVERSIZE => self.stat(st::RX_OVERSIZE, 1),
                rx_in::FIFO_FULL => self.stat(st::RX_FIFO_FULL, 1),
                rx_in::MAC_ERROR => self.stat(st::RX_MAC_ERR, 1),
                _ => self.stat(st::RX_NO_DESC, 1),
            }
        }
        let d = &ev.dma;
        let dma_errs = d.has(DmaEv::B_ERR) as u32 + d.has(DmaEv::R_ERR) as u32 + ev.tx.has(TxEv::R_ERR) as u32;
        if dma_errs != 0 {
            self.stat(st::DMA_ERR, dma_errs);
        }
        let desc_errs = d.has(DmaEv::DESC_ERR) as u32 + ev.tx.has(TxEv::DESC_ERR) as u32;
        if desc_errs != 0 {
            self.stat(st::DESC_ERR, desc_errs);
        }
        if d.has(DmaEv::MSI_TAKE) {
            self.stat(st::MSIX_SENT, 1);
        }
        if let Some(q) = d.no_desc() {
            self.stat(st::RX_NO_DESC, 1);
            let c = &mut self.q[q as usize];
            c.no_desc = c.no_desc.wrapping_add(1);
        }
        if let Some(f) = d.complete() {
            self.stat(st::RX_PACKETS, 1);
            self.stat(st::RX_BYTES, f.len);
            let c = &mut self.q[f.q as usize];
            c.packets = c.packets.wrapping_add(1);
            c.bytes = c.bytes.wrapping_add(f.len);
        }
        if let Some(q) = ev.tx.drop() {
            self.stat(st::TX_ERR, 1);
            let c = &mut self.txq[q as usize];
            c.errors = c.errors.wrapping_add(1);
        }
        if ev.send.sent {
            let (q, len) = (ev.send.q, ev.send.len);
            self.stat(st::TX_PACKETS, 1);
            self.stat(st::TX_BYTES, len);
            let c = &mut self.txq[q as usize];
            c.packets = c.packets.wrapping_add(1);
            c.bytes = c.bytes.wrapping_add(len);
        }
    }

    /// `o` starts at its defaults: a quiet slave drives nothing else.
    pub fn drive(&self, o: &mut Outputs) {
        if !self.bus.busy {
            return;
        }
        o.s_axil_awready = self.bus.awready;
        o.s_axil_wready = self.bus.wready;
        o.s_axil_bvalid = self.bus.bvalid;
        o.s_axil_bresp = if self.bus.bvalid { self.bus.bresp } else { 0 };
        o.s_axil_arready = self.bus.arready;
        o.s_axil_rvalid = self.bus.rvalid;
        o.s_axil_rdata = if self.bus.rvalid { self.bus.rdata } else { 0 };
        o.s_axil_rresp = if self.bus.rvalid { self.bus.rresp } else { 0 };
    }

    /// Nothing on the AXI-Lite bus this cycle: both phases would be no-ops.
    #[inline]
    pub fn bus_quiet(&self, i: &Inputs) -> bool {
        debug_assert_eq!(self.bus.busy, self.bus.flags_set());
        !self.bus.busy && !(i.s_axil_arvalid | i.s_axil_awvalid | i.s_axil_wvalid)
    }

    /// Bit q: queue q is enabled.
    pub fn enabled_mask(&self) -> u32 {
        self.en_mask
    }

    pub fn quiescent(&self) -> bool {
        !self.bus.flags_set() && !self.rst_pending && self.ev_pending.is_none() && self.staged.is_none()
    }

    /// A read is answered in this edge (it needs the other blocks' [`StatusIn`]).
    #[inline]
    pub fn read_fires(&self, i: &Inputs) -> bool {
        self.bus.arready && i.s_axil_arvalid
    }

    /// A write is done in this edge: both its AW and W were taken before it
    /// (it needs the engines' `queue_idle` before the edge).
    #[inline]
    pub fn write_fires(&self) -> bool {
        self.bus.have_aw && self.bus.have_w && !self.bus.bvalid
    }

    /// Read channel, at the start of the edge (sees pre-edge state).
    pub fn read_phase(&mut self, cfg: &NicConfig, i: &Inputs, sts: &StatusIn) {
        let ar_hs = self.bus.arready && i.s_axil_arvalid;
        if self.bus.rvalid && i.s_axil_rready {
            self.bus.rvalid = false;
        }
        if ar_hs {
            let (v, ok) = match self.read(cfg, self.bus.ar_addr, sts) {
                Some(v) => (v, true),
                None => (0, false),
            };
            self.bus.rdata = v;
            self.bus.rresp = if ok { AXI_RESP_OKAY } else { AXI_RESP_DECERR };
            self.bus.rvalid = true;
        }
        if i.s_axil_arvalid && !self.bus.arready {
            self.bus.ar_addr = i.s_axil_araddr & 0xFFFC;
        }
        // Ready is registered: raised the cycle after a request is seen, for one cycle.
        self.bus.arready = !ar_hs && !self.bus.arready && !self.bus.rvalid && i.s_axil_arvalid;
    }

    fn read(&self, cfg: &NicConfig, a: u32, sts: &StatusIn) -> Option<u32> {
        let nvec = cfg.vectors() as u32;
        let vmask = (1u32 << nvec) - 1;
        let caps = caps_value(cfg.queues);
        // decode() and the register ids come from the RDL, as nic_csr.sv's.
        let (r, i) = decode(a, caps)?;
        Some(match r {
            Reg::ID => id::RESET,
            Reg::VERSION => version::RESET,
            Reg::CAPS => caps,
            Reg::CTRL => {
                ctrl::RX_EN.val(self.rx_en as u32)
                    | ctrl::TX_EN.val(self.tx_en as u32)
                    | ctrl::RST.val(self.rst_pending as u32)
            }
            Reg::MTU => self.mtu,
            Reg::MISC_CAUSE => self.misc_cause,
            Reg::MISC_IMS => self.misc_ims,
            Reg::EICR => sts.eicr,
            Reg::EICS | Reg::EIMC => 0,
            Reg::EIMS => sts.eims,
            Reg::EIAM => sts.eiam & vmask,
            Reg::MSIX_CTRL => {
                msix_ctrl::ENABLE.val(self.msix_enable as u32) | msix_ctrl::FUNC_MASK.val(self.func_mask as u32)
            }
            Reg::VEC_ITR => self.itr[i],
            Reg::VEC_TXITR => self.txitr[i],
            Reg::RSS_CTRL => self.rss_ctrl,
            Reg::RSS_KEY => self.rss_key[i],
            Reg::RETA => {
                u32::from_le_bytes([self.reta[4 * i], self.reta[4 * i + 1], self.reta[4 * i + 2], self.reta[4 * i + 3]])
            }
            Reg::STAT => self.stats[i],
            Reg::RXQ_RDBAL => self.q[i].base as u32,
            Reg::RXQ_RDBAH => (self.q[i].base >> 32) as u32,
            Reg::RXQ_RDLEN => self.q[i].len,
            Reg::RXQ_RDH => sts.dma_head[i],
            Reg::RXQ_RDT => self.q[i].tail,
            Reg::RXQ_RXCTL => {
                let c = &self.q[i];
                rxq::rxctl::ENABLE.val(c.enable as u32)
                    | rxq::rxctl::BSIZE.val(c.bsize_kib)
                    | rxq::rxctl::HOLD.val(c.hold as u32)
            }
            Reg::RXQ_IVAR => self.q[i].vector,
            Reg::RXQ_PACKETS => self.q[i].packets,
            Reg::RXQ_BYTES => self.q[i].bytes,
            Reg::RXQ_NO_DESC => self.q[i].no_desc,
            Reg::TXQ_TDBAL => self.txq[i].base as u32,
            Reg::TXQ_TDBAH => (self.txq[i].base >> 32) as u32,
            Reg::TXQ_TDLEN => self.txq[i].len,
            Reg::TXQ_TDH => sts.tx_head[i],
            Reg::TXQ_TDT => self.txq[i].tail,
            Reg::TXQ_TXCTL => self.txq[i].enable as u32,
            Reg::TXQ_IVAR => self.txq[i].vector,
            Reg::TXQ_PACKETS => self.txq[i].packets,
            Reg::TXQ_BYTES => self.txq[i].bytes,
            Reg::TXQ_ERRORS => self.txq[i].errors,
            Reg::MSIX_ADDR_LO => self.msix[i].addr as u32,
            Reg::MSIX_ADDR_HI => (self.msix[i].addr >> 32) as u32,
            Reg::MSIX_DATA => self.msix[i].data,
            Reg::MSIX_VCTRL => self.msix[i].masked as u32,
            Reg::PBA => sts.pba,
            // A hole in a queue's register file: DECERR to a read.
            Reg::RXQ_HOLE | Reg::TXQ_HOLE => return None,
        })
    }

    /// The end of the edge: count the last edge's events, latch the misc
    /// causes of this edge's and keep them for the next (`any`: there are
    /// some, [`Events::any`]), then the write channel (`axil`: the bus is
    /// not quiet). Returns the side effects of a write done in this edge on
    /// the other blocks.
    pub fn commit(
        &mut self,
        cfg: &NicConfig,
        i: &Inputs,
        axil: bool,
        ev: &Events,
        any: bool,
        win: &WriteIn,
    ) -> Option<WrCmds> {
        // W1C against the value before the edge: a hardware set in this cycle beats a software clear.
        let misc_pre = self.misc_cause;
        if let Some(last) = self.ev_pending.take() {
            self.count(&last);
        }
        if any {
            self.misc_cause |= Self::causes(ev);
            self.ev_pending = Some(*ev);
        }
        // The write checked in the last edge: its registers load now, its
        // side effects go to their owners in this edge.
        let staged = self.staged.take().map(|b| {
            let (regs, cmds) = *b;
            self.load_config(&regs);
            cmds
        });
        if axil {
            self.write_phase(cfg, i, win, misc_pre);
        }
        staged
    }

    /// The registers a write may change (not the counters, the queues' ones
    /// included, MISC_CAUSE or the bus).
    fn load_config(&mut self, r: &Csr) {
        self.rx_en = r.rx_en;
        self.tx_en = r.tx_en;
        self.rst_pending = r.rst_pending;
        self.mtu = r.mtu;
        self.misc_ims = r.misc_ims;
        self.msix_enable = r.msix_enable;
        self.func_mask = r.func_mask;
        self.itr.clone_from(&r.itr);
        self.txitr.clone_from(&r.txitr);
        self.rss_ctrl = r.rss_ctrl;
        self.rss_key = r.rss_key;
        self.reta = r.reta;
        // (the queues' counters stay: this edge counted into them)
        for (c, n) in self.q.iter_mut().zip(&r.q) {
            *c = QueueCfg { packets: c.packets, bytes: c.bytes, no_desc: c.no_desc, ..n.clone() };
        }
        for (c, n) in self.txq.iter_mut().zip(&r.txq) {
            *c = TxQueueCfg { packets: c.packets, bytes: c.bytes, errors: c.errors, ..n.clone() };
        }
        self.msix.clone_from(&r.msix);
        self.en_mask = r.en_mask;
        self.key_gen = r.key_gen;
    }

    /// Write channel, at the end of the edge. `misc_pre` is MISC_CAUSE as it
    /// was before the edge. A write done in this edge is checked now (its
    /// response, REG_ERR and a MISC_CAUSE clear are of this edge) and staged:
    /// the registers and the side effects follow in the next edge.
    fn write_phase(&mut self, cfg: &NicConfig, i: &Inputs, win: &WriteIn, misc_pre: u32) {
        let aw_hs = self.bus.awready && i.s_axil_awvalid;
        let w_hs = self.bus.wready && i.s_axil_wvalid;
        if self.bus.bvalid && i.s_axil_bready {
            self.bus.bvalid = false;
        }
        // The write is done at the edge after both AW and W have handshaken
        // (nic_csr.sv decodes the address at the AW handshake and registers
        // it, so decode and write are in different edges). A handshake in
        // this edge means that channel was empty before it.
        let fire = self.write_fires();
        if aw_hs {
            self.bus.have_aw = true;
            self.bus.aw_addr = i.s_axil_awaddr & 0xFFFC;
        }
        if w_hs {
            self.bus.have_w = true;
            self.bus.w_data = i.s_axil_wdata;
            self.bus.w_strb = i.s_axil_wstrb;
        }
        if fire {
            let mut m = 0u32;
            for b in 0..4 {
                if self.bus.w_strb & (1 << b) != 0 {
                    m |= 0xFF << (8 * b);
                }
            }
            let mut cmds = WrCmds::default();
            // (a write is checked only with no response out, so none is staged)
            debug_assert!(self.staged.is_none());
            let mut next = self.clone();
            let ok = next.write(cfg, self.bus.aw_addr, self.bus.w_data, m, win, misc_pre, &mut cmds);
            self.stats = next.stats;
            self.misc_cause = next.misc_cause;
            self.staged = Some(Box::new((next, cmds)));
            self.bus.bresp = if ok { AXI_RESP_OKAY } else { AXI_RESP_DECERR };
            self.bus.bvalid = true;
            self.bus.have_aw = false;
            self.bus.have_w = false;
        }
        self.bus.awready = !aw_hs && !self.bus.awready && !self.bus.have_aw && !self.bus.bvalid && i.s_axil_awvalid;
        self.bus.wready = !w_hs && !self.bus.wready && !self.bus.have_w && !self.bus.bvalid && i.s_axil_wvalid;
        self.bus.busy = self.bus.flags_set();
    }

    fn reg_err(&mut self) {
        self.dev_error(st::REG_ERR);
    }

    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        cfg: &NicConfig,
        a: u32,
        d: u32,
        m: u32,
        win: &WriteIn,
        misc_pre: u32,
        cmds: &mut WrCmds,
    ) -> bool {
        let nvec = cfg.vectors() as u32;
        let vmask = (1u32 << nvec) - 1;
        let caps = caps_value(cfg.queues);
        let merge = |old: u32| (old & !m) | (d & m);
        let dm = d & m;
        let Some((r, i)) = decode(a, caps) else {
            return false;
        };
        // Lock while enabled (lock_when): a queue's ring registers are
        // refused while it is enabled or has DMA in flight.
        if r.locked() {
            let busy = match r {
                Reg::TXQ_TDBAL | Reg::TXQ_TDBAH | Reg::TXQ_TDLEN => {
                    self.txq[i].enable || win.tx_queue_idle & (1 << i) == 0
                }
                _ => self.q[i].enable || win.rx_queue_idle & (1 << i) == 0,
            };
            if busy {
                self.reg_err();
                return true;
            }
        }
        match r {
            Reg::CTRL => {
                let v = merge(ctrl::RX_EN.val(self.rx_en as u32) | ctrl::TX_EN.val(self.tx_en as u32));
                self.rx_en = ctrl::RX_EN.get(v) != 0;
                self.tx_en = ctrl::TX_EN.get(v) != 0;
                if ctrl::RST.get(dm) != 0 {
                    self.rst_pending = true;
                }
            }
            Reg::MTU => {
                let v = merge(self.mtu);
                if mtu::legal(v) {
                    self.mtu = mtu::MTU.get(v);
                } else {
                    self.reg_err();
                }
            }
            Reg::MISC_CAUSE => self.misc_cause &= !(dm & misc_pre),
            Reg::MISC_IMS => self.misc_ims = merge(self.misc_ims) & misc_ims::WMASK,
            Reg::EICR => cmds.eicr_clr = dm & win.eicr_pre,
            Reg::EICS => cmds.eics_set = dm & vmask,
            Reg::EIMS => cmds.eims_set = dm & vmask,
            Reg::EIMC => cmds.eimc_clr = dm & vmask,
            Reg::EIAM => cmds.eiam = Some(merge(win.eiam) & vmask),
            Reg::MSIX_CTRL => {
                let v = merge(
                    msix_ctrl::ENABLE.val(self.msix_enable as u32) | msix_ctrl::FUNC_MASK.val(self.func_mask as u32),
                );
                self.msix_enable = msix_ctrl::ENABLE.get(v) != 0;
                self.func_mask = msix_ctrl::FUNC_MASK.get(v) != 0;
            }
            Reg::VEC_ITR => {
                self.itr[i] = merge(self.itr[i]);
                cmds.itr_check |= 1 << i;
            }
            Reg::VEC_TXITR => {
                self.txitr[i] = merge(self.txitr[i]);
                cmds.txitr_check |= 1 << i;
            }
            Reg::RSS_CTRL => self.rss_ctrl = merge(self.rss_ctrl) & rss_ctrl::WMASK,
            Reg::RSS_KEY => {
                self.rss_key[i] = merge(self.rss_key[i]);
                self.key_gen += 1;
            }
            Reg::RETA => {
                let b = 4 * i;
                let old = u32::from_le_bytes([self.reta[b], self.reta[b + 1], self.reta[b + 2], self.reta[b + 3]]);
                let v = merge(old) & reta::WMASK;
                if reta::legal(v, caps) {
                    self.reta[b..b + 4].copy_from_slice(&v.to_le_bytes());
                } else {
                    self.reg_err();
                }
            }
            Reg::RXQ_RDBAL | Reg::RXQ_RDBAH | Reg::RXQ_RDLEN | Reg::RXQ_RDT | Reg::RXQ_RXCTL | Reg::RXQ_IVAR => {
                self.write_queue(i, r, d, m, caps, win, cmds)
            }
            Reg::TXQ_TDBAL | Reg::TXQ_TDBAH | Reg::TXQ_TDLEN | Reg::TXQ_TDT | Reg::TXQ_TXCTL | Reg::TXQ_IVAR => {
                self.write_txqueue(i, r, d, m, caps, win, cmds)
            }
            Reg::MSIX_ADDR_LO => {
                // Message addresses are dword aligned: the low two bits read 0 (PCIe).
                let e = &mut self.msix[i];
                e.addr = (e.addr & !0xFFFF_FFFF) | (merge(e.addr as u32) & msix::addr_lo::WMASK) as u64;
            }
            Reg::MSIX_ADDR_HI => {
                let e = &mut self.msix[i];
                e.addr = (e.addr & 0xFFFF_FFFF) | (merge((e.addr >> 32) as u32) as u64) << 32;
            }
            Reg::MSIX_DATA => self.msix[i].data = merge(self.msix[i].data),
            Reg::MSIX_VCTRL => self.msix[i].masked = msix::vctrl::MASK.get(merge(self.msix[i].masked as u32)) != 0,
            // Read only, or a hole in a queue's register file: accepted, no effect.
            Reg::ID
            | Reg::VERSION
            | Reg::CAPS
            | Reg::PBA
            | Reg::STAT
            | Reg::RXQ_RDH
            | Reg::RXQ_PACKETS
            | Reg::RXQ_BYTES
            | Reg::RXQ_NO_DESC
            | Reg::RXQ_HOLE
            | Reg::TXQ_TDH
            | Reg::TXQ_PACKETS
            | Reg::TXQ_BYTES
            | Reg::TXQ_ERRORS
            | Reg::TXQ_HOLE => {}
        }
        true
    }

    /// A write to TX queue `q`'s register `r` (not refused by its lock).
    #[allow(clippy::too_many_arguments)]
    fn write_txqueue(&mut self, q: usize, r: Reg, d: u32, m: u32, caps: u32, win: &WriteIn, cmds: &mut WrCmds) {
        let c = &self.txq[q];
        let enabled = c.enable;
        let merge = |old: u32| (old & !m) | (d & m);
        match r {
            Reg::TXQ_TDBAL => {
                let c = &mut self.txq[q];
                c.base = (c.base & !0xFFFF_FFFF) | (merge(c.base as u32) & txq::tdbal::WMASK) as u64;
            }
            Reg::TXQ_TDBAH => {
                let c = &mut self.txq[q];
                c.base = (c.base & 0xFFFF_FFFF) | (merge((c.base >> 32) as u32) as u64) << 32;
            }
            Reg::TXQ_TDLEN => {
                let c = &mut self.txq[q];
                c.len = merge(c.len) & txq::tdlen::WMASK;
            }
            Reg::TXQ_TDT => {
                let v = merge(c.tail) & txq::tdt::WMASK;
                if txq::tdt::legal(v, c.len) {
                    self.txq[q].tail = v;
                    cmds.tx_update_work = Some(q as u8);
                } else {
                    self.reg_err();
                }
            }
            Reg::TXQ_TXCTL => {
                let en = txq::txctl::ENABLE.get(merge(enabled as u32)) != 0;
                if en && !enabled {
                    // Enabling (legal_at TXCTL.ENABLE) starts the ring at 0;
                    // refused while DMA of the queue is in flight.
                    if !txq::tdlen::legal(c.len) || win.tx_queue_idle & (1 << q) == 0 {
                        self.reg_err();
                    } else {
                        let c = &mut self.txq[q];
                        c.enable = true;
                        if c.tail >= c.len {
                            c.tail = 0;
                        }
                        cmds.tx_reset_queue = Some(q as u8);
                    }
                } else {
                    self.txq[q].enable = en;
                    cmds.tx_update_work = Some(q as u8);
                }
            }
            Reg::TXQ_IVAR => {
                let v = merge(c.vector) & txq::ivar::WMASK;
                if txq::ivar::legal(v, caps) {
                    self.txq[q].vector = v;
                } else {
                    self.reg_err();
                }
            }
            _ => {}
        }
    }

    /// A write to RX queue `q`'s register `r` (not refused by its lock).
    #[allow(clippy::too_many_arguments)]
    fn write_queue(&mut self, q: usize, r: Reg, d: u32, m: u32, caps: u32, win: &WriteIn, cmds: &mut WrCmds) {
        let c = &self.q[q];
        let enabled = c.enable;
        let idle = win.rx_queue_idle & (1 << q) != 0;
        let busy = enabled || !idle;
        let merge = |old: u32| (old & !m) | (d & m);
        match r {
            Reg::RXQ_RDBAL => {
                let c = &mut self.q[q];
                c.base = (c.base & !0xFFFF_FFFF) | (merge(c.base as u32) & rxq::rdbal::WMASK) as u64;
            }
            Reg::RXQ_RDBAH => {
                let c = &mut self.q[q];
                c.base = (c.base & 0xFFFF_FFFF) | (merge((c.base >> 32) as u32) as u64) << 32;
            }
            Reg::RXQ_RDLEN => {
                let c = &mut self.q[q];
                c.len = merge(c.len) & rxq::rdlen::WMASK;
            }
            Reg::RXQ_RDT => {
                let v = merge(c.tail) & rxq::rdt::WMASK;
                if rxq::rdt::legal(v, c.len) {
                    self.q[q].tail = v;
                    cmds.kick_fetch = true;
                } else {
                    self.reg_err();
                }
            }
            Reg::RXQ_RXCTL => {
                let old = rxq::rxctl::ENABLE.val(c.enable as u32)
                    | rxq::rxctl::BSIZE.val(c.bsize_kib)
                    | rxq::rxctl::HOLD.val(c.hold as u32);
                let v = merge(old);
                let en = rxq::rxctl::ENABLE.get(v) != 0;
                let bs = rxq::rxctl::BSIZE.get(v);
                let hold = rxq::rxctl::HOLD.get(v) != 0;
                // The buffer size may not change under a frame the engine is
                // still moving (lock_when on the field).
                if !rxq::rxctl::legal(v) || (busy && (old ^ v) & rxq::rxctl::LOCK_MASK != 0) {
                    self.reg_err();
                } else if en && !enabled {
                    // Enabling (legal_at RXCTL.ENABLE) starts the ring at 0;
                    // refused while the device still has DMA in flight for
                    // this queue.
                    if !rxq::rdlen::legal(c.len) || !idle {
                        self.reg_err();
                    } else {
                        self.en_mask |= 1 << q;
                        let c = &mut self.q[q];
                        c.enable = true;
                        c.bsize_kib = bs;
                        c.hold = hold;
                        if c.tail >= c.len {
                            c.tail = 0;
                        }
                        cmds.reset_queue = Some(q as u8);
                    }
                } else {
                    if !en {
                        self.en_mask &= !(1 << q);
                    }
                    let c = &mut self.q[q];
                    c.enable = en;
                    c.bsize_kib = bs;
                    c.hold = hold;
                }
            }
            Reg::RXQ_IVAR => {
                let v = merge(c.vector) & rxq::ivar::WMASK;
                if rxq::ivar::legal(v, caps) {
                    self.q[q].vector = v;
                } else {
                    self.reg_err();
                }
            }
            _ => {}
        }
    }
}
