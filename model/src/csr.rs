//! BAR0 register block and the AXI4-Lite slave in front of it.
//!
//! Reads are answered from the state before the edge; writes take effect at
//! the end of the edge, after the datapath has run, so the datapath always
//! sees pre-edge configuration (as RTL registers would). Write-1-to-clear
//! bits only clear what was set before the edge: a hardware set in the same
//! cycle wins, so no event is lost.

use crate::irq::Irq;
use crate::rxdma::RxDma;
use crate::txdma::TxDma;
use crate::NicConfig;
use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_hw::regs::*;

/// Indices into `Csr::stats`, in STAT_* address order.
pub mod st {
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

impl QueueCfg {
    pub fn buf_bytes(&self) -> u32 {
        self.bsize_kib * 1024
    }
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
    rvalid: bool,
    rdata: u32,
    rresp: u8,
    bresp: u8,
}

/// Is `val` a legal value for the register at `addr`? (Used by tests and
/// the register stress to know which writes the device must refuse.)
pub fn reg_legal(queues: usize, addr: u32, val: u32) -> bool {
    let nvec = queues as u32 + 1;
    match addr {
        MTU => (68..=16356).contains(&mtu::MTU.get(val)),
        a if (RETA..RETA + 128).contains(&a) => (0..4).all(|j| (val >> (8 * j)) & 0xF < queues as u32),
        a if (RXQ..RXQ + RXQ_STRIDE * queues as u32).contains(&a) => {
            let off = (a - RXQ) % RXQ_STRIDE;
            match off {
                rxq::RXCTL => (1..=16).contains(&rxq::rxctl::BSIZE.get(val)),
                rxq::IVAR => rxq::ivar::VECTOR.get(val) < nvec,
                _ => true,
            }
        }
        a if (TXQ..TXQ + TXQ_STRIDE * queues as u32).contains(&a) => match (a - TXQ) % TXQ_STRIDE {
            txq::IVAR => txq::ivar::VECTOR.get(val) < nvec,
            _ => true,
        },
        _ => true,
    }
}

fn ring_len_ok(len: u32) -> bool {
    len.is_power_of_two() && (8..=4096).contains(&len)
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
        }
    }

    pub fn key_bytes(&self) -> [u8; 40] {
        let mut k = [0u8; 40];
        for (i, w) in self.rss_key.iter().enumerate() {
            k[4 * i..4 * i + 4].copy_from_slice(&w.to_be_bytes());
        }
        k
    }

    pub fn stat(&mut self, idx: usize, add: u32) {
        self.stats[idx] = self.stats[idx].wrapping_add(add);
    }

    /// Count a device error and latch its misc cause.
    pub fn dev_error(&mut self, idx: usize) {
        self.stat(idx, 1);
        self.misc_cause |= match idx {
            st::DMA_ERR => misc_cause::DMA_ERR.mask(),
            st::DESC_ERR => misc_cause::DESC_ERR.mask(),
            _ => misc_cause::REG_ERR.mask(),
        };
    }

    pub fn drive(&self, o: &mut Outputs) {
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
        let b = &self.bus;
        !(b.awready || b.wready || b.have_aw || b.have_w || b.bvalid || b.arready || b.rvalid)
            && !(i.s_axil_arvalid || i.s_axil_awvalid || i.s_axil_wvalid)
    }

    /// Bit q: queue q is enabled.
    pub fn enabled_mask(&self) -> u32 {
        self.en_mask
    }

    pub fn quiescent(&self) -> bool {
        !(self.bus.awready
            || self.bus.wready
            || self.bus.have_aw
            || self.bus.have_w
            || self.bus.bvalid
            || self.bus.arready
            || self.bus.rvalid)
            && !self.rst_pending
    }

    /// Read channel, at the start of the edge (sees pre-edge state).
    pub fn read_phase(&mut self, cfg: &NicConfig, i: &Inputs, dma: &RxDma, tx: &TxDma, irq: &Irq) {
        let ar_hs = self.bus.arready && i.s_axil_arvalid;
        if self.bus.rvalid && i.s_axil_rready {
            self.bus.rvalid = false;
        }
        if ar_hs {
            let (v, ok) = match self.read(cfg, i.s_axil_araddr & 0xFFFC, dma, tx, irq) {
                Some(v) => (v, true),
                None => (0, false),
            };
            self.bus.rdata = v;
            self.bus.rresp = if ok { AXI_RESP_OKAY } else { AXI_RESP_DECERR };
            self.bus.rvalid = true;
        }
        // Ready is registered: raised the cycle after a request is seen, for one cycle.
        self.bus.arready = !ar_hs && !self.bus.arready && !self.bus.rvalid && i.s_axil_arvalid;
    }

    fn read(&self, cfg: &NicConfig, a: u32, dma: &RxDma, tx: &TxDma, irq: &Irq) -> Option<u32> {
        let nq = cfg.queues as u32;
        let nvec = cfg.vectors() as u32;
        let vmask = (1u32 << nvec) - 1;
        Some(match a {
            ID => id::RESET,
            VERSION => version::RESET,
            CAPS => caps::RXQ.val(nq) | caps::TXQ.val(nq) | caps::VECTORS.val(nvec) | caps::DMA_BYTES.val(8),
            CTRL => {
                ctrl::RX_EN.val(self.rx_en as u32)
                    | ctrl::TX_EN.val(self.tx_en as u32)
                    | ctrl::RST.val(self.rst_pending as u32)
            }
            MTU => self.mtu,
            MISC_CAUSE => self.misc_cause,
            MISC_IMS => self.misc_ims,
            EICR => irq.eicr,
            EICS | EIMC => 0,
            EIMS => irq.eims,
            EIAM => irq.eiam & vmask,
            MSIX_CTRL => {
                msix_ctrl::ENABLE.val(self.msix_enable as u32) | msix_ctrl::FUNC_MASK.val(self.func_mask as u32)
            }
            a if a >= VEC_ITR && a < VEC_ITR + 4 * nvec => self.itr[((a - VEC_ITR) / 4) as usize],
            a if a >= VEC_TXITR && a < VEC_TXITR + 4 * nvec => self.txitr[((a - VEC_TXITR) / 4) as usize],
            RSS_CTRL => self.rss_ctrl,
            a if (RSS_KEY0..RSS_KEY0 + 40).contains(&a) => self.rss_key[((a - RSS_KEY0) / 4) as usize],
            a if (RETA..RETA + 128).contains(&a) => {
                let b = (a - RETA) as usize;
                u32::from_le_bytes([self.reta[b], self.reta[b + 1], self.reta[b + 2], self.reta[b + 3]])
            }
            a if (STAT_RX_OFFERED..STAT_RX_OFFERED + 4 * st::N as u32).contains(&a) => {
                self.stats[((a - STAT_RX_OFFERED) / 4) as usize]
            }
            a if (RXQ..RXQ + RXQ_STRIDE * nq).contains(&a) => {
                let q = ((a - RXQ) / RXQ_STRIDE) as usize;
                let c = &self.q[q];
                match (a - RXQ) % RXQ_STRIDE {
                    rxq::RDBAL => c.base as u32,
                    rxq::RDBAH => (c.base >> 32) as u32,
                    rxq::RDLEN => c.len,
                    rxq::RDH => dma.head(q),
                    rxq::RDT => c.tail,
                    rxq::RXCTL => {
                        rxq::rxctl::ENABLE.val(c.enable as u32)
                            | rxq::rxctl::BSIZE.val(c.bsize_kib)
                            | rxq::rxctl::HOLD.val(c.hold as u32)
                    }
                    rxq::IVAR => c.vector,
                    rxq::PACKETS => c.packets,
                    rxq::BYTES => c.bytes,
                    rxq::NO_DESC => c.no_desc,
                    _ => return None,
                }
            }
            a if (TXQ..TXQ + TXQ_STRIDE * nq).contains(&a) => {
                let q = ((a - TXQ) / TXQ_STRIDE) as usize;
                let c = &self.txq[q];
                match (a - TXQ) % TXQ_STRIDE {
                    txq::TDBAL => c.base as u32,
                    txq::TDBAH => (c.base >> 32) as u32,
                    txq::TDLEN => c.len,
                    txq::TDH => tx.head[q],
                    txq::TDT => c.tail,
                    txq::TXCTL => c.enable as u32,
                    txq::IVAR => c.vector,
                    txq::PACKETS => c.packets,
                    txq::BYTES => c.bytes,
                    txq::ERRORS => c.errors,
                    _ => return None,
                }
            }
            a if (MSIX..MSIX + MSIX_STRIDE * nvec).contains(&a) => {
                let e = &self.msix[((a - MSIX) / MSIX_STRIDE) as usize];
                match (a - MSIX) % MSIX_STRIDE {
                    msix::ADDR_LO => e.addr as u32,
                    msix::ADDR_HI => (e.addr >> 32) as u32,
                    msix::DATA => e.data,
                    _ => e.masked as u32,
                }
            }
            PBA => irq.pba(self),
            _ => return None,
        })
    }

    /// Write channel, at the end of the edge. `eicr_pre`/`misc_pre` are the
    /// W1C registers as they were before the edge.
    #[allow(clippy::too_many_arguments)]
    pub fn write_phase(
        &mut self,
        cfg: &NicConfig,
        i: &Inputs,
        dma: &mut RxDma,
        tx: &mut TxDma,
        irq: &mut Irq,
        eicr_pre: u32,
        misc_pre: u32,
    ) {
        let aw_hs = self.bus.awready && i.s_axil_awvalid;
        let w_hs = self.bus.wready && i.s_axil_wvalid;
        if self.bus.bvalid && i.s_axil_bready {
            self.bus.bvalid = false;
        }
        if aw_hs {
            self.bus.have_aw = true;
            self.bus.aw_addr = i.s_axil_awaddr & 0xFFFC;
        }
        if w_hs {
            self.bus.have_w = true;
            self.bus.w_data = i.s_axil_wdata;
            self.bus.w_strb = i.s_axil_wstrb;
        }
        if self.bus.have_aw && self.bus.have_w && !self.bus.bvalid {
            let mut m = 0u32;
            for b in 0..4 {
                if self.bus.w_strb & (1 << b) != 0 {
                    m |= 0xFF << (8 * b);
                }
            }
            let ok = self.write(cfg, self.bus.aw_addr, self.bus.w_data, m, dma, tx, irq, eicr_pre, misc_pre);
            self.bus.bresp = if ok { AXI_RESP_OKAY } else { AXI_RESP_DECERR };
            self.bus.bvalid = true;
            self.bus.have_aw = false;
            self.bus.have_w = false;
        }
        self.bus.awready = !aw_hs && !self.bus.awready && !self.bus.have_aw && !self.bus.bvalid && i.s_axil_awvalid;
        self.bus.wready = !w_hs && !self.bus.wready && !self.bus.have_w && !self.bus.bvalid && i.s_axil_wvalid;
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
        dma: &mut RxDma,
        tx: &mut TxDma,
        irq: &mut Irq,
        eicr_pre: u32,
        misc_pre: u32,
    ) -> bool {
        let nq = cfg.queues as u32;
        let nvec = cfg.vectors() as u32;
        let vmask = (1u32 << nvec) - 1;
        let merge = |old: u32| (old & !m) | (d & m);
        let dm = d & m;
        match a {
            ID | VERSION | CAPS | PBA => {}
            CTRL => {
                let v = merge(ctrl::RX_EN.val(self.rx_en as u32) | ctrl::TX_EN.val(self.tx_en as u32));
                self.rx_en = ctrl::RX_EN.get(v) != 0;
                self.tx_en = ctrl::TX_EN.get(v) != 0;
                if ctrl::RST.get(dm) != 0 {
                    self.rst_pending = true;
                }
            }
            MTU => {
                let v = merge(self.mtu);
                if reg_legal(cfg.queues, a, v) {
                    self.mtu = mtu::MTU.get(v);
                } else {
                    self.reg_err();
                }
            }
            MISC_CAUSE => self.misc_cause &= !(dm & misc_pre),
            MISC_IMS => self.misc_ims = merge(self.misc_ims) & misc_ims::EN.mask(),
            EICR => irq.eicr &= !(dm & eicr_pre),
            EICS => irq.eicr |= dm & vmask,
            EIMS => irq.eims |= dm & vmask,
            EIMC => irq.eims &= !(dm & vmask),
            EIAM => irq.eiam = merge(irq.eiam) & vmask,
            MSIX_CTRL => {
                let v = merge(
                    msix_ctrl::ENABLE.val(self.msix_enable as u32) | msix_ctrl::FUNC_MASK.val(self.func_mask as u32),
                );
                self.msix_enable = msix_ctrl::ENABLE.get(v) != 0;
                self.func_mask = msix_ctrl::FUNC_MASK.get(v) != 0;
            }
            a if a >= VEC_ITR && a < VEC_ITR + 4 * nvec => {
                let v = ((a - VEC_ITR) / 4) as usize;
                self.itr[v] = merge(self.itr[v]);
                irq.check |= 1 << v;
            }
            a if a >= VEC_TXITR && a < VEC_TXITR + 4 * nvec => {
                let v = ((a - VEC_TXITR) / 4) as usize;
                self.txitr[v] = merge(self.txitr[v]);
                irq.check |= 1 << (v + nvec as usize);
            }
            RSS_CTRL => self.rss_ctrl = merge(self.rss_ctrl) & 0x7F,
            a if (RSS_KEY0..RSS_KEY0 + 40).contains(&a) => {
                let k = ((a - RSS_KEY0) / 4) as usize;
                self.rss_key[k] = merge(self.rss_key[k]);
                self.key_gen += 1;
            }
            a if (RETA..RETA + 128).contains(&a) => {
                let b = (a - RETA) as usize;
                let old = u32::from_le_bytes([self.reta[b], self.reta[b + 1], self.reta[b + 2], self.reta[b + 3]]);
                let v = merge(old) & 0x0F0F_0F0F;
                if reg_legal(cfg.queues, a, v) {
                    self.reta[b..b + 4].copy_from_slice(&v.to_le_bytes());
                } else {
                    self.reg_err();
                }
            }
            a if (STAT_RX_OFFERED..STAT_RX_OFFERED + 4 * st::N as u32).contains(&a) => {}
            a if (RXQ..RXQ + RXQ_STRIDE * nq).contains(&a) => {
                let q = ((a - RXQ) / RXQ_STRIDE) as usize;
                self.write_queue(q, (a - RXQ) % RXQ_STRIDE, d, m, nvec, dma);
            }
            a if (TXQ..TXQ + TXQ_STRIDE * nq).contains(&a) => {
                let q = ((a - TXQ) / TXQ_STRIDE) as usize;
                self.write_txqueue(q, (a - TXQ) % TXQ_STRIDE, d, m, nvec, tx);
            }
            a if (MSIX..MSIX + MSIX_STRIDE * nvec).contains(&a) => {
                let e = &mut self.msix[((a - MSIX) / MSIX_STRIDE) as usize];
                match (a - MSIX) % MSIX_STRIDE {
                    // Message addresses are dword aligned: the low two bits read 0 (PCIe).
                    msix::ADDR_LO => e.addr = (e.addr & !0xFFFF_FFFF) | (((e.addr as u32 & !m) | (d & m)) & !3) as u64,
                    msix::ADDR_HI => {
                        e.addr = (e.addr & 0xFFFF_FFFF) | ((((e.addr >> 32) as u32 & !m) | (d & m)) as u64) << 32
                    }
                    msix::DATA => e.data = (e.data & !m) | (d & m),
                    _ => e.masked = msix::vctrl::MASK.get((e.masked as u32 & !m) | (d & m)) != 0,
                }
            }
            _ => return false,
        }
        true
    }

    fn write_txqueue(&mut self, q: usize, off: u32, d: u32, m: u32, nvec: u32, tx: &mut TxDma) {
        let c = &self.txq[q];
        let enabled = c.enable;
        let busy = enabled || !tx.queue_idle(q);
        let merge = |old: u32| (old & !m) | (d & m);
        match off {
            txq::TDBAL | txq::TDBAH | txq::TDLEN if busy => self.reg_err(),
            txq::TDBAL => {
                let c = &mut self.txq[q];
                c.base = (c.base & !0xFFFF_FFFF) | (merge(c.base as u32) & !0xF) as u64;
            }
            txq::TDBAH => {
                let c = &mut self.txq[q];
                c.base = (c.base & 0xFFFF_FFFF) | (merge((c.base >> 32) as u32) as u64) << 32;
            }
            txq::TDLEN => {
                let c = &mut self.txq[q];
                c.len = merge(c.len) & txq::tdlen::LEN.mask();
            }
            txq::TDT => {
                let v = merge(c.tail) & txq::tdt::TAIL.mask();
                if ring_len_ok(c.len) && v < c.len {
                    self.txq[q].tail = v;
                    tx.update_work(self, q);
                } else {
                    self.reg_err();
                }
            }
            txq::TXCTL => {
                let en = txq::txctl::ENABLE.get(merge(enabled as u32)) != 0;
                if en && !enabled {
                    // Enabling starts the ring at 0; refused while DMA of the queue is in flight.
                    if !ring_len_ok(c.len) || !tx.queue_idle(q) {
                        self.reg_err();
                    } else {
                        let c = &mut self.txq[q];
                        c.enable = true;
                        if c.tail >= c.len {
                            c.tail = 0;
                        }
                        tx.reset_queue(self, q);
                    }
                } else {
                    self.txq[q].enable = en;
                    tx.update_work(self, q);
                }
            }
            txq::IVAR => {
                let v = merge(c.vector) & txq::ivar::VECTOR.mask();
                if v < nvec {
                    self.txq[q].vector = v;
                } else {
                    self.reg_err();
                }
            }
            _ => {}
        }
    }

    fn write_queue(&mut self, q: usize, off: u32, d: u32, m: u32, nvec: u32, dma: &mut RxDma) {
        let c = &self.q[q];
        let enabled = c.enable;
        let busy = enabled || !dma.queue_idle(q);
        let merge = |old: u32| (old & !m) | (d & m);
        match off {
            rxq::RDBAL | rxq::RDBAH | rxq::RDLEN if busy => self.reg_err(),
            rxq::RDBAL => {
                let c = &mut self.q[q];
                c.base = (c.base & !0xFFFF_FFFF) | (merge(c.base as u32) & !0xF) as u64;
            }
            rxq::RDBAH => {
                let c = &mut self.q[q];
                c.base = (c.base & 0xFFFF_FFFF) | (merge((c.base >> 32) as u32) as u64) << 32;
            }
            rxq::RDLEN => {
                let c = &mut self.q[q];
                c.len = merge(c.len) & rxq::rdlen::LEN.mask();
            }
            rxq::RDT => {
                let v = merge(c.tail) & rxq::rdt::TAIL.mask();
                if ring_len_ok(c.len) && v < c.len {
                    self.q[q].tail = v;
                    dma.kick_fetch();
                } else {
                    self.reg_err();
                }
            }
            rxq::RXCTL => {
                let old = rxq::rxctl::ENABLE.val(c.enable as u32)
                    | rxq::rxctl::BSIZE.val(c.bsize_kib)
                    | rxq::rxctl::HOLD.val(c.hold as u32);
                let v = merge(old);
                let en = rxq::rxctl::ENABLE.get(v) != 0;
                let bs = rxq::rxctl::BSIZE.get(v);
                let hold = rxq::rxctl::HOLD.get(v) != 0;
                // The buffer size may not change under a frame the engine is still moving.
                if !(1..=16).contains(&bs) || (busy && bs != c.bsize_kib) {
                    self.reg_err();
                } else if en && !enabled {
                    // Enabling starts the ring at 0; refused while the device
                    // still has DMA in flight for this queue.
                    if !ring_len_ok(c.len) || !dma.queue_idle(q) {
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
                        dma.reset_queue(q);
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
            rxq::IVAR => {
                let v = merge(c.vector) & rxq::ivar::VECTOR.mask();
                if v < nvec {
                    self.q[q].vector = v;
                } else {
                    self.reg_err();
                }
            }
            rxq::RDH | rxq::PACKETS | rxq::BYTES | rxq::NO_DESC => {}
            _ => {}
        }
    }
}
