//! Cycle-accurate model of the nicsim NIC.
//!
//! [`Nic`] implements [`nicsim_hw::Device`]: `tick(inputs)` is one rising
//! edge of the 250 MHz clock. All outputs are registered, so they are a
//! function of [`NicState`] only. The RTL (`rtl/nic_top.sv`) implements
//! exactly this state machine; docs/ARCHITECTURE.md states the contract.
//!
//! Order of work inside one `tick` matters only where one block reads
//! another's state; every cross-block value is sampled from the state as it
//! was before the edge (`pre` copies below), as RTL non-blocking
//! assignments would see it.

mod csr;
mod ingress;
mod irq;
mod rxdma;
mod txdma;

pub use csr::reg_legal;
use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_hw::rss::Toeplitz;
use nicsim_hw::Device;

/// Build parameters (the RTL's module parameters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NicConfig {
    /// RX queues, 1..=16. MSI-X vectors = queues + 1 (the last is misc).
    pub queues: usize,
    /// RX FIFO depth in 8-byte words (32 KiB by default: room for three 9 KiB jumbo frames).
    pub fifo_words: usize,
    /// Frames the RX FIFO can hold at once (metadata FIFO depth).
    pub meta_depth: usize,
    /// Descriptors cached per queue (prefetch depth).
    pub desc_cache: usize,
    /// Descriptor fetches (AXI read bursts) outstanding at once.
    pub max_reads: usize,
    /// TX FIFO depth in 8-byte words (nic_top's TX_FIFO_WORDS: two 16 KiB frames by default).
    pub tx_fifo_words: usize,
    /// Finished frames the TX FIFO can queue for the sender (TX_META_DEPTH).
    pub tx_meta_depth: usize,
    /// Device clock cycles per microsecond (CYCLES_PER_US): the time base of
    /// rx-usecs. The clock in MHz, rounded: 250 at 250 MHz, 156 at 156.25 MHz.
    pub cycles_per_us: u64,
}

impl Default for NicConfig {
    fn default() -> Self {
        NicConfig {
            queues: 16,
            fifo_words: 4096,
            meta_depth: 64,
            desc_cache: 8,
            max_reads: 4,
            tx_fifo_words: 4096,
            tx_meta_depth: 32,
            cycles_per_us: nicsim_hw::CYCLES_PER_US,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("queues must be 1..=16, got {0}")]
    Queues(usize),
    #[error("fifo_words must be a power of two from 2048 (one max frame) to 65536, got {0}")]
    Fifo(usize),
    #[error("meta_depth must be 2..=256, got {0}")]
    Meta(usize),
    #[error("desc_cache must be a power of two from 4 to 64, got {0}")]
    Cache(usize),
    #[error("max_reads must be 1..=16, got {0}")]
    Reads(usize),
    #[error("tx_fifo_words must be a power of two from 4096 (two max frames) to 65536, got {0}")]
    TxFifo(usize),
    #[error("tx_meta_depth must be 2..=256, got {0}")]
    TxMeta(usize),
    #[error("cycles_per_us must be 1..=1000 (a 1 MHz to 1 GHz clock), got {0}")]
    CyclesPerUs(u64),
}

impl NicConfig {
    /// The second parameter set cosim verilates (`Design::Small`, cosim/build.rs
    /// SMALL_PARAMS; a cosim test checks the two agree): 4 queues, the smallest
    /// RX FIFO (one jumbo frame), 8 frames of metadata, 4 cached descriptors,
    /// 2 reads in flight, the smallest TX FIFO and 4 TX frames queued, clocked
    /// at 156.25 MHz (156 cycles per microsecond: the `make pnr` target). Full
    /// and back-pressure corners come far sooner than with the defaults.
    pub fn small() -> Self {
        NicConfig {
            queues: 4,
            fifo_words: 2048,
            meta_depth: 8,
            desc_cache: 4,
            max_reads: 2,
            tx_fifo_words: 4096,
            tx_meta_depth: 4,
            cycles_per_us: 156,
        }
    }

    /// The RTL's `$fatal` checks on its parameters.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=16).contains(&self.queues) {
            return Err(ConfigError::Queues(self.queues));
        }
        if !self.fifo_words.is_power_of_two() || !(2048..=65536).contains(&self.fifo_words) {
            return Err(ConfigError::Fifo(self.fifo_words));
        }
        if !(2..=256).contains(&self.meta_depth) {
            return Err(ConfigError::Meta(self.meta_depth));
        }
        if !self.desc_cache.is_power_of_two() || !(4..=64).contains(&self.desc_cache) {
            return Err(ConfigError::Cache(self.desc_cache));
        }
        if !(1..=16).contains(&self.max_reads) {
            return Err(ConfigError::Reads(self.max_reads));
        }
        if !self.tx_fifo_words.is_power_of_two() || !(4096..=65536).contains(&self.tx_fifo_words) {
            return Err(ConfigError::TxFifo(self.tx_fifo_words));
        }
        if !(2..=256).contains(&self.tx_meta_depth) {
            return Err(ConfigError::TxMeta(self.tx_meta_depth));
        }
        if !(1..=1000).contains(&self.cycles_per_us) {
            return Err(ConfigError::CyclesPerUs(self.cycles_per_us));
        }
        Ok(())
    }
    pub fn vectors(&self) -> usize {
        self.queues + 1
    }
}

/// All device state: plain data, comparable, cloneable (for lockstep and the
/// quiescence fixed-point check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NicState {
    pub csr: csr::Csr,
    pub ing: ingress::Ingress,
    pub dma: rxdma::RxDma,
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
        self.s.irq = irq::Irq::new(&self.cfg);
        self.s.tx = txdma::TxDma::new(&self.cfg);
        self.hasher = Toeplitz::new(&self.s.csr.key_bytes());
    }

    fn compute_outputs(&self) -> Outputs {
        let mut o = Outputs::default();
        Self::drive(&self.s.csr, &self.s.dma, &self.s.ing, &self.s.tx, &mut o);
        o
    }

    /// The registered outputs as a function of state.
    fn drive(csr: &csr::Csr, dma: &rxdma::RxDma, ing: &ingress::Ingress, tx: &txdma::TxDma, o: &mut Outputs) {
        *o = Outputs::default();
        csr.drive(o);
        dma.drive(o, ing);
        if dma.ar.is_none() {
            tx.drive_ar(o);
        }
        tx.drive(o);
        o.stat_rx_in_valid = ing.stat_valid;
        o.stat_rx_in_code = ing.stat_code;
    }
}

impl Device for Nic {
    fn outputs(&self) -> &Outputs {
        &self.s.out
    }

    fn tick(&mut self, i: &Inputs) -> &Outputs {
        let s = &mut self.s;
        let out = &s.out;
        // W1C registers before the edge: a hardware set in this cycle beats a software clear.
        let eicr_pre = s.irq.eicr;
        let misc_pre = s.csr.misc_cause;
        let axil = !s.csr.bus_quiet(i);
        // 1. Register reads answer from the pre-edge state.
        if axil {
            s.csr.read_phase(&self.cfg, i, &s.dma, &s.tx, &s.irq);
        }
        // 1b. The TX sender drains the FIFO as it was before the edge.
        if s.tx.cur.is_some() || !s.tx.meta.is_empty() {
            s.tx.sender_edge(i, &mut s.csr);
        }
        // 2. DMA engines (the FIFO's consumer runs before its producer, so the
        //    ingress sees the pre-edge occupancy).
        let fifo_used_pre = s.dma.fifo_used;
        let meta_len_pre = s.ing.meta_len();
        let ev = s.dma.edge(&self.cfg, i, out, &mut s.csr, &mut s.irq, &mut s.ing, &mut s.tx);
        // 3. Ingress from the MAC.
        if let Some(words) = s.ing.edge(&self.cfg, i, &mut s.csr, fifo_used_pre, meta_len_pre, &self.hasher) {
            s.dma.fifo_used += words;
        }
        // 4. Interrupt moderation and causes.
        s.irq.edge(&self.cfg, &mut s.csr, &ev, self.now);
        // 5. Register writes take effect at the end of the edge.
        if axil {
            s.csr.write_phase(&self.cfg, i, &mut s.dma, &mut s.tx, &mut s.irq, eicr_pre, misc_pre);
        }
        if s.csr.key_gen != self.key_gen {
            self.key_gen = s.csr.key_gen;
            self.hasher = Toeplitz::new(&s.csr.key_bytes());
        }
        // Soft reset happens once the AXI master has nothing in flight and no
        // TX frame is half sent.
        if self.s.csr.rst_pending && self.s.dma.bus_idle() && self.s.tx.bus_idle() && self.s.tx.sender_idle() {
            self.soft_reset();
        }
        self.now += 1;
        let s = &mut self.s;
        Self::drive(&s.csr, &s.dma, &s.ing, &s.tx, &mut s.out);
        &self.s.out
    }

    fn quiescent(&self) -> bool {
        self.s.csr.quiescent()
            && self.s.ing.quiescent()
            && self.s.dma.quiescent(&self.cfg, &self.s.csr)
            && self.s.irq.quiescent(&self.s.csr)
            && self.s.tx.quiescent(&self.s.csr)
            && !self.s.out.stat_rx_out_valid
            && !self.s.out.stat_rx_in_valid
    }

    fn idle_cycles(&self) -> u64 {
        let rest = self.s.csr.quiescent()
            && self.s.ing.quiescent()
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

#[cfg(test)]
mod tests;
