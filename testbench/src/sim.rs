//! The simulation: a device engine clocked together with the bus functional
//! models, a host of simulated CPUs running the driver, and the accounting
//! that follows every offered frame to its fate.
//!
//! Transmit: frames offered with [`Sim::offer_tx`] are sent by the host at
//! their offer time, on the CPU of their queue (the queue the driver's
//! `select_queue` picks; queue q's CPU is the one taking vector q, as with
//! XPS). Every frame goes through a per-queue qdisc backlog of
//! `txqueuelen` frames (a full backlog drops the frame as `qdisc_full`);
//! the backlog is handed to the driver's `xmit` while the queue is not
//! stopped, all frames due at that moment in one batch (xmit_more), and
//! again when a NAPI poll wakes the queue (net_tx_action). A frame's fate
//! is settled once it has left the MAC and the driver has reclaimed it, or
//! when it is dropped for a named reason.

use crate::bfm::{
    AxilConfig, AxilMaster, HostMem, HostMemConfig, MacFrame, MacSink, MacSource, Seeded, SinkFrame, TxStall, MSI_BASE,
};
use nicsim_driver::host::{Cost, HostOps};
use nicsim_driver::{DriverConfig, IrqOutcome, NetDriver, RxFrame, TxDropReason, TxStatus};
use nicsim_hw::ports::{rx_in, Inputs};
use nicsim_hw::regs::{ctrl, CTRL};
use nicsim_hw::Device;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use crate::window::Window;

/// Picoseconds per device cycle at the default clock (a run's clock is
/// `SimConfig::clock`, `Core::clock`).
pub const PS: u64 = crate::bfm::PS_PER_CYCLE;

/// Host time in picoseconds. 128 bits: u64 picoseconds last only 213 days,
/// and a capture may hold a gap of decades.
pub type Ps = u128;

/// Why a frame did not reach the host. `Display` gives the log name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Drop {
    Oversize,
    NoDesc,
    FifoFull,
    MacError,
    /// Issue 11: in the device (accepted into its FIFO) or in a ring (written
    /// back, not yet handed up) when the device or the driver reset.
    Reset,
    /// Issue 11: a DMA write of the frame (its data or a write-back) was
    /// answered SLVERR/DECERR: its bytes or its DD never reached host
    /// memory intact (whether or not the driver then handed up the buffer).
    DmaError,
}

impl Drop {
    pub const ALL: [Drop; 6] =
        [Drop::Oversize, Drop::NoDesc, Drop::FifoFull, Drop::MacError, Drop::Reset, Drop::DmaError];
    /// Position in [`Drop::ALL`].
    pub fn idx(self) -> usize {
        self as usize
    }
    pub fn name(self) -> &'static str {
        match self {
            Drop::Oversize => "oversize",
            Drop::NoDesc => "no_desc",
            Drop::FifoFull => "fifo_full",
            Drop::MacError => "mac_error",
            Drop::Reset => "reset",
            Drop::DmaError => "dma_error",
        }
    }
}

/// Why an offered TX frame never left the MAC. `name()` gives the stats name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TxDrop {
    /// The queue's qdisc backlog (txqueuelen frames) was full.
    QdiscFull,
    /// The driver refused it: longer than MTU + 22.
    Oversize,
    /// The driver refused it: zero bytes.
    Empty,
    /// The device dropped it (ERR in the write-back): bad descriptor or DMA error.
    DeviceError,
    /// Issue 11: handed to the device, and freed by the driver's reset
    /// (igb_clean_tx_ring) before it left the MAC.
    Reset,
    /// Issue 11: the driver gave up on the device (it never came out of a
    /// reset): frames waiting in the qdisc, and any offered later, are freed.
    Down,
}

impl TxDrop {
    pub const ALL: [TxDrop; 6] =
        [TxDrop::QdiscFull, TxDrop::Oversize, TxDrop::Empty, TxDrop::DeviceError, TxDrop::Reset, TxDrop::Down];
    /// Position in [`TxDrop::ALL`].
    pub fn idx(self) -> usize {
        self as usize
    }
    pub fn name(self) -> &'static str {
        match self {
            TxDrop::QdiscFull => "qdisc_full",
            TxDrop::Oversize => "oversize",
            TxDrop::Empty => "empty",
            TxDrop::DeviceError => "device_error",
            TxDrop::Reset => "reset",
            TxDrop::Down => "down",
        }
    }
}

impl From<TxDropReason> for TxDrop {
    fn from(r: TxDropReason) -> Self {
        match r {
            TxDropReason::Oversize => TxDrop::Oversize,
            TxDropReason::Empty => TxDrop::Empty,
        }
    }
}

/// What became of one offered TX frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxFate {
    /// Bytes offered (before the device pads to 60).
    pub len: u32,
    /// The queue the stack picked.
    pub queue: Option<u8>,
    pub drop: Option<TxDrop>,
    /// Time its last beat left the MAC.
    pub wire_ns: Option<u64>,
    /// The driver reclaimed it without error.
    pub completed: bool,
    /// It left the MAC with bytes other than the offered ones (padded to 60).
    pub corrupt: bool,
}

impl TxFate {
    pub fn sent(&self) -> bool {
        self.wire_ns.is_some()
    }
    /// Final: on the wire and reclaimed, or dropped.
    pub fn settled(&self) -> bool {
        self.drop.is_some() || (self.wire_ns.is_some() && self.completed)
    }
}

/// What became of one offered frame.
#[derive(Clone, Debug, Default)]
pub struct Fate {
    pub len: u32,
    pub drop: Option<Drop>,
    pub queue: Option<u8>,
    pub delivered: bool,
    pub hash: Option<u32>,
    pub hash_type: Option<u8>,
    pub rx_ns: Option<u64>,
    /// Delivered bytes differ from the offered ones.
    pub corrupt: bool,
    /// Issue 11: a DMA write of this frame failed (see [`Drop::DmaError`]).
    pub dma_failed: bool,
}

impl Fate {
    /// Final: delivered or dropped.
    pub fn settled(&self) -> bool {
        self.delivered || self.drop.is_some()
    }
}

/// Host time model: what driver work costs on a simulated CPU.
#[derive(Clone, Debug)]
pub struct HostTiming {
    /// MSI arrival to handler start.
    pub irq_entry_ns: u64,
    pub poll_ns: u64,
    pub desc_ns: u64,
    pub frame_ns: u64,
    pub refill_ns: u64,
    /// Each cost varies uniformly by up to this many percent, from the seed.
    pub jitter_pct: u64,
    /// net_rx_action budget (netdev_budget) and time limit (netdev_budget_usecs,
    /// counted in jiffies as the kernel does).
    pub netdev_budget: usize,
    pub budget_usecs: u64,
    /// Kernel tick rate (CONFIG_HZ): the unit of net_rx_action's time
    /// limit and of __do_softirq's 2 ms window.
    pub hz: u64,
    /// Gap before ksoftirqd runs once __do_softirq hands pending softirqs
    /// over to it.
    pub resched_ns: u64,
    /// Simulated CPUs; 0 = one per MSI-X vector.
    pub cpus: usize,
    /// smp_affinity: the CPU of each vector; a vector not listed goes to
    /// `vector % cpus`.
    pub irq_affinity: Vec<usize>,
    /// Transmit: per frame handed to the driver, per TX descriptor written,
    /// per frame reclaimed in the NAPI poll.
    pub tx_frame_ns: u64,
    pub tx_desc_ns: u64,
    pub tx_clean_ns: u64,
}

impl Default for HostTiming {
    fn default() -> Self {
        HostTiming {
            irq_entry_ns: 1000,
            poll_ns: 200,
            desc_ns: 40,
            frame_ns: 60,
            refill_ns: 15,
            jitter_pct: 10,
            netdev_budget: 300,
            // netdev_budget_usecs = 2 * USEC_PER_SEC / HZ
            budget_usecs: 8000,
            hz: 250,
            resched_ns: 1000,
            cpus: 0,
            irq_affinity: Vec::new(),
            tx_frame_ns: 150,
            tx_desc_ns: 20,
            tx_clean_ns: 30,
        }
    }
}

/// __do_softirq's limits (kernel/softirq.c): MAX_SOFTIRQ_RESTART runs, or
/// MAX_SOFTIRQ_TIME (2 ms), before pending softirqs go to ksoftirqd.
const MAX_SOFTIRQ_RESTART: u32 = 10;
const MAX_SOFTIRQ_TIME_MS: u64 = 2;

impl HostTiming {
    /// CPUs for a device with `nvec` vectors.
    pub fn cpu_count(&self, nvec: usize) -> usize {
        if self.cpus == 0 {
            nvec
        } else {
            self.cpus
        }
    }
    /// The CPU that takes vector `v` (smp_affinity).
    pub fn cpu_of(&self, v: usize, nvec: usize) -> usize {
        let n = self.cpu_count(nvec).max(1);
        self.irq_affinity.get(v).copied().unwrap_or(v % n).min(n - 1)
    }
    /// jiffies at host time `ps`.
    fn jiffies(&self, ps: Ps) -> u64 {
        u64::try_from(ps / (1_000_000_000_000 / self.hz.max(1)) as Ps).unwrap_or(u64::MAX)
    }
    /// usecs_to_jiffies (rounds up).
    fn usecs_to_jiffies(&self, us: u64) -> u64 {
        (us * self.hz).div_ceil(1_000_000)
    }
}

/// The device's status strobes of one cycle.
#[derive(Clone, Copy, Debug)]
struct Strobes {
    in_valid: bool,
    in_code: u8,
    out_valid: bool,
    out_no_desc: bool,
    out_queue: u8,
}

/// The clocked part: device plus bus functional models, and the observers
/// of the device's status strobes.
pub struct Core {
    pub dev: Box<dyn Device>,
    pub mem: HostMem,
    pub axil: AxilMaster,
    pub mac: MacSource,
    /// The MAC TX side (`m_axis_tx_*`).
    pub txsink: MacSink,
    pub cycle: u64,
    /// Fates of offered frames, by capture index (a streaming run drops
    /// the settled ones at the front).
    pub fates: Window<Fate>,
    /// Ingress strobes seen (= index of the next frame to be judged).
    pub ingress_seen: usize,
    /// Accepted frames waiting for their DMA-stage strobe.
    pub accepted: VecDeque<usize>,
    /// Per queue: frames written to the ring, waiting for the driver.
    pub in_ring: Vec<VecDeque<usize>>,
    /// Cycle of the last frame event (progress watchdog).
    pub last_progress: u64,
    /// A strobe arrived that no offered frame can explain.
    pub protocol_errors: u64,
    pub skipped_cycles: u64,
    /// TX frames as offered (unpadded), by offer index.
    pub tx_frames: Window<Vec<u8>>,
    pub tx_fates: Window<TxFate>,
    /// TX fates that are settled (kept up to date for progress reports).
    pub tx_settled: usize,
    /// Per queue: frames handed to the device by `xmit`, not yet seen on
    /// the wire nor reported dropped, in ring order.
    pub tx_on_device: Vec<VecDeque<usize>>,
    /// What left the MAC: (ns of the last beat, bytes), in wire order.
    pub tx_wire: Vec<(u64, Vec<u8>)>,
    /// Wire frames that match no frame the device was given, and driver
    /// completions that name no frame in flight.
    pub tx_protocol_errors: u64,
    /// Issue 11: the NAPI invariant checker and the event trace, fed by the hooks marked `napi_check`.
    pub watch: crate::napi_check::Watch,
    /// Issue 11: injected faults.
    pub faults: crate::faults::Faults,
    /// Issue 11: CTRL.RST writes that have landed, as last seen, and a reset
    /// whose discarded RX and TX frames are still to be named (see
    /// [`Core::reset_discards`]).
    rst_seen: u64,
    rst_wait: bool,
    rst_wait_tx: bool,
    /// RX frames named `reset` because a device reset discarded them.
    pub rx_reset_in_device: u64,
    /// The device clock (host time <-> cycles).
    pub clock: crate::bfm::Clock,
}

impl Core {
    pub fn new(dev: Box<dyn Device>, mem: HostMemConfig, axil: AxilConfig, queues: usize) -> Self {
        Self::with_tx(dev, mem, axil, queues, TxStall::None, 0)
    }

    /// With a `tready` stall pattern on the TX stream (seeded by `seed`).
    pub fn with_tx(
        dev: Box<dyn Device>,
        mem: HostMemConfig,
        axil: AxilConfig,
        queues: usize,
        stall: TxStall,
        seed: u64,
    ) -> Self {
        Core {
            dev,
            mem: HostMem::new(mem),
            axil: AxilMaster::new(axil),
            mac: MacSource::new(),
            txsink: MacSink::new(stall, seed),
            cycle: 0,
            fates: Window::new(),
            ingress_seen: 0,
            accepted: VecDeque::new(),
            in_ring: vec![VecDeque::new(); queues],
            last_progress: 0,
            protocol_errors: 0,
            skipped_cycles: 0,
            tx_frames: Window::new(),
            tx_fates: Window::new(),
            tx_settled: 0,
            tx_on_device: vec![VecDeque::new(); queues],
            tx_wire: Vec::new(),
            tx_protocol_errors: 0,
            watch: crate::napi_check::Watch::new(false, None),
            faults: crate::faults::Faults::default(),
            rst_seen: 0,
            rst_wait: false,
            rst_wait_tx: false,
            rx_reset_in_device: 0,
            clock: crate::bfm::Clock::default(),
        }
    }

    /// One clock cycle of everything.
    #[inline]
    pub fn step(&mut self) {
        let mut ins = Inputs::default();
        self.mem.drive(&mut ins);
        self.axil.drive(&mut ins);
        self.mac.drive(&mut ins);
        self.txsink.drive(&mut ins);
        let outs = self.dev.outputs();
        self.mem.edge(outs, &ins);
        self.axil.edge(outs, &ins);
        self.mac.edge(&ins);
        self.txsink.edge(outs, &ins);
        if self.mem.has_failed_writes() {
            self.dma_write_failed();
        }
        if self.txsink.has_frames() {
            self.observe_tx();
        }
        let o = self.dev.tick(&ins);
        self.cycle += 1;
        // Strobes are recorded at the edge that raises them, before the host
        // can see the memory writes of that same edge.
        if o.stat_rx_in_valid || o.stat_rx_out_valid {
            let st = Strobes {
                in_valid: o.stat_rx_in_valid,
                in_code: o.stat_rx_in_code,
                out_valid: o.stat_rx_out_valid,
                out_no_desc: o.stat_rx_out_no_desc,
                out_queue: o.stat_rx_out_queue,
            };
            self.observe(st);
        }
        if self.axil.rst_landed != self.rst_seen {
            self.rst_seen = self.axil.rst_landed;
            self.rst_wait = true;
            self.rst_wait_tx = true;
        }
        if self.rst_wait || self.rst_wait_tx {
            self.reset_discards();
        }
    }

    /// Issue 11: a write burst of the device failed. An RX write (IDs are RX
    /// queues) belongs to the frame the DMA stage is writing, the oldest one
    /// accepted and not yet reported out: its bytes or its DD did not reach
    /// host memory. It ends as `dma_error` however the driver treats it.
    fn dma_write_failed(&mut self) {
        for (id, _) in self.mem.take_failed_writes() {
            if (id as usize) < self.in_ring.len() {
                if let Some(f) = self.accepted.front().and_then(|&f| self.fates.get_mut(f)) {
                    f.dma_failed = true;
                }
            }
        }
    }

    /// Issue 11: after a CTRL.RST lands, the device starts no new DMA and
    /// resets once its AXI master is idle and no TX frame is half sent,
    /// discarding what its FIFOs hold without a status strobe
    /// (ARCHITECTURE.md, "Soft reset"). Named here:
    ///
    /// - RX, once nothing is on the bus: every frame still accepted and not
    ///   reported out is one of those; each ends as `reset` (`dma_error` if
    ///   a write of it failed). So does a frame accepted after that, until
    ///   the reset (the one arriving across the RST write, while the reset
    ///   waits for the TX sender).
    /// - TX, once the sender is idle too (the reset has happened): a frame
    ///   the driver already reclaimed (its write-back comes when its data is
    ///   in the TX FIFO) that never left the MAC was discarded with the FIFO:
    ///   `reset`. Frames not reclaimed yet come back from the driver's reset.
    fn reset_discards(&mut self) {
        let o = self.dev.outputs();
        if !self.mem.idle() || o.m_axi_awvalid || o.m_axi_wvalid || o.m_axi_arvalid {
            return;
        }
        let tx_done = !o.m_axis_tx_tvalid && !self.txsink.in_frame();
        if self.rst_wait {
            self.rst_wait = false;
            for f in std::mem::take(&mut self.accepted) {
                if let Some(fate) = self.fates.get_mut(f) {
                    fate.drop = Some(if fate.dma_failed { Drop::DmaError } else { Drop::Reset });
                    self.rx_reset_in_device += 1;
                }
            }
            self.last_progress = self.cycle;
        }
        if self.rst_wait_tx && tx_done {
            self.rst_wait_tx = false;
            self.drop_reclaimed_unsent(TxDrop::Reset);
        }
    }

    /// TX frames the driver reclaimed that never left the MAC, and never
    /// will: they end as `why`.
    pub fn drop_reclaimed_unsent(&mut self, why: TxDrop) {
        for q in 0..self.tx_on_device.len() {
            let gone: Vec<usize> = self.tx_on_device[q]
                .iter()
                .copied()
                .filter(|&i| self.tx_fates.get(i).is_none_or(|f| f.completed))
                .collect();
            if gone.is_empty() {
                continue;
            }
            self.tx_on_device[q].retain(|i| !gone.contains(i));
            for i in gone {
                self.mark_tx(i, |f| f.drop = Some(why));
            }
            self.last_progress = self.cycle;
        }
    }

    fn observe(&mut self, o: Strobes) {
        self.last_progress = self.cycle;
        if o.in_valid {
            let f = self.ingress_seen;
            self.ingress_seen += 1;
            let base = self.fates.base();
            match self.fates.get_mut(f) {
                // Settled and counted already: the run is over (stopped
                // from outside) and the device is still draining.
                None if f < base => {}
                None => self.protocol_errors += 1,
                Some(fate) => match o.in_code {
                    // Issue 11: accepted by a device whose reset is pending
                    // and whose bus is idle: it will never be DMA'd, and the
                    // reset discards it.
                    rx_in::ACCEPTED if self.rst_wait_tx && !self.rst_wait => fate.drop = Some(Drop::Reset),
                    rx_in::ACCEPTED => self.accepted.push_back(f),
                    rx_in::OVERSIZE => fate.drop = Some(Drop::Oversize),
                    rx_in::FIFO_FULL => fate.drop = Some(Drop::FifoFull),
                    rx_in::MAC_ERROR => fate.drop = Some(Drop::MacError),
                    _ => fate.drop = Some(Drop::NoDesc),
                },
            }
        }
        if o.out_valid {
            match self.accepted.pop_front() {
                None => self.protocol_errors += 1,
                Some(f) => {
                    let q = o.out_queue;
                    let Some(fate) = self.fates.get_mut(f) else { return };
                    fate.queue = Some(q);
                    if o.out_no_desc {
                        fate.drop = Some(Drop::NoDesc);
                    } else if let Some(r) = self.in_ring.get_mut(q as usize) {
                        r.push_back(f);
                    } else {
                        self.protocol_errors += 1;
                    }
                }
            }
        }
    }

    /// Update a TX fate, keeping `tx_settled` right.
    pub fn mark_tx(&mut self, idx: usize, f: impl FnOnce(&mut TxFate)) {
        // A frame no longer held was settled and counted: the run is over.
        let Some(fate) = self.tx_fates.get_mut(idx) else { return };
        let before = fate.settled();
        f(fate);
        match (before, fate.settled()) {
            (false, true) => self.tx_settled += 1,
            (true, false) => self.tx_settled -= 1,
            _ => {}
        }
    }

    /// Frames that left the MAC: attribute each to the frame the device was
    /// given. Per queue the device sends in ring order, so the frame is
    /// normally the head of one queue's list; a frame ahead of it that the
    /// device dropped is reported later by the driver (ERR), so the search
    /// goes deeper when no head matches. A frame matching none is corrupt:
    /// it is charged to a head of the same padded length, if any.
    fn observe_tx(&mut self) {
        for SinkFrame { end, bytes, .. } in self.txsink.take_frames() {
            self.last_progress = self.cycle;
            let ns = self.clock.ns_of(end + 1);
            let frames = &self.tx_frames;
            let same = |idx: usize| frames.get(idx).is_some_and(|f| wire_equal(&bytes, f));
            let found = (0..self.tx_on_device.len())
                .find_map(|q| self.tx_on_device[q].front().filter(|&&i| same(i)).map(|_| (q, 0)))
                .or_else(|| {
                    (0..self.tx_on_device.len())
                        .find_map(|q| self.tx_on_device[q].iter().position(|&i| same(i)).map(|k| (q, k)))
                });
            match found {
                Some((q, k)) => {
                    let idx = self.tx_on_device[q].remove(k).expect("position found");
                    self.mark_tx(idx, |f| f.wire_ns = Some(ns));
                }
                None => {
                    let padded = |idx: usize| frames.get(idx).is_some_and(|f| f.len().max(60) == bytes.len());
                    let q = (0..self.tx_on_device.len())
                        .find(|&q| self.tx_on_device[q].front().is_some_and(|&i| padded(i)));
                    match q {
                        Some(q) => {
                            let idx = self.tx_on_device[q].pop_front().expect("non-empty");
                            self.mark_tx(idx, |f| {
                                f.wire_ns = Some(ns);
                                f.corrupt = true;
                            });
                        }
                        None => self.tx_protocol_errors += 1,
                    }
                }
            }
            self.tx_wire.push((ns, bytes));
        }
    }

    /// Every TX frame has a final fate.
    pub fn tx_all_settled(&self) -> bool {
        self.tx_settled == self.tx_fates.len()
    }

    /// Nothing can happen on the buses or in the device until something
    /// outside (a frame, a host action) starts it.
    fn idle(&self) -> bool {
        self.mem.idle()
            && !self.axil.busy()
            && self.mac.next_start_cycle().is_none_or(|s| s > self.cycle)
            && self.dev.quiescent()
    }

    /// Cycles that can be skipped from now, exactly: `u64::MAX` when
    /// nothing can happen until something outside starts it, 0 when busy.
    /// The device may count down armed timers meanwhile.
    fn idle_for(&self) -> u64 {
        if !self.mem.idle() || self.axil.busy() || self.mac.next_start_cycle().is_some_and(|s| s <= self.cycle) {
            return 0;
        }
        self.dev.idle_cycles()
    }

    /// Jump to `target` over idle cycles (exactly equivalent to stepping).
    fn skip_to(&mut self, target: u64) {
        if target <= self.cycle {
            return;
        }
        if self.rst_wait || self.rst_wait_tx {
            self.reset_discards();
        }
        let n = target - self.cycle;
        self.dev.skip(n);
        self.mem.skip(n);
        self.axil.skip(n);
        self.mac.skip(n);
        self.txsink.skip(n);
        self.cycle = target;
        self.skipped_cycles += n;
    }
}

/// One simulated CPU (`--cpus`; by default one per MSI-X vector).
#[derive(Clone, Debug, Default)]
struct Cpu {
    /// The CPU is busy until this time (ps).
    free_ps: Ps,
    /// Interrupts waiting: (arrival ps, vector).
    irqs: VecDeque<(Ps, usize)>,
    /// sd->poll_list: scheduled NAPI instances (queues).
    napi: VecDeque<usize>,
    /// TX frames the applications on this CPU send: (offer ps, TX index), in time order.
    tx_due: VecDeque<(Ps, usize)>,
    /// Output queue of net_tx_action: TX queues whose qdisc was rescheduled.
    tx_sched: VecDeque<usize>,
    /// Inside a net_rx_action run: its budget, time limit (jiffies), the
    /// list it took from poll_list and its repoll list.
    in_round: bool,
    budget: i64,
    time_limit_j: u64,
    round_list: VecDeque<usize>,
    repoll: VecDeque<usize>,
    /// Inside a __do_softirq run: restarts left and its end (jiffies).
    in_softirq: bool,
    restarts_left: u32,
    softirq_end_j: u64,
}

impl Cpu {
    /// NET_RX or NET_TX softirq work pending or running.
    fn rx_softirq(&self) -> bool {
        self.in_round || !self.napi.is_empty() || !self.tx_sched.is_empty()
    }
}

/// One CPU's row of /proc/net/softnet_stat, plus nicsim's own columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SoftnetRow {
    /// Frames handed to the stack on this CPU (__netif_receive_skb_core).
    pub processed: u64,
    /// Backlog drops: 0, no RPS/backlog queue is modelled (NAPI delivers directly).
    pub dropped: u64,
    /// net_rx_action runs cut short by the budget or the time limit.
    pub time_squeeze: u64,
    /// __do_softirq hand-offs to ksoftirqd (not a softnet_stat column).
    pub ksoftirqd: u64,
    /// net_rx_action runs (not a softnet_stat column).
    pub rounds: u64,
}

/// Host-side counters.
#[derive(Clone, Debug, Default)]
pub struct HostStats {
    pub irqs: u64,
    pub irqs_per_vector: Vec<u64>,
    pub napi_polls: u64,
    pub polls_per_queue: Vec<u64>,
    pub time_squeeze: u64,
    pub processed: u64,
    pub mmio_reads: u64,
    pub mmio_writes: u64,
    pub stuck_reads: u64,
    /// Qdisc runs (batches handed to the driver) and frames requeued after
    /// the driver answered busy.
    pub tx_batches: u64,
    pub tx_requeues: u64,
    /// Interrupts per vector per [`IRQ_BUCKET_NS`] of simulated time from
    /// the start of traffic: the interrupt rate over time.
    pub irq_buckets: Vec<Vec<u32>>,
    /// Interrupts after the series' end ([`IRQ_SERIES_MAX`]).
    pub irqs_past_series: u64,
    /// Device-counter reads by the driver's watchdog (every 2 s).
    pub watchdog_reads: u64,
    /// Per CPU: softnet_stat.
    pub softnet: Vec<SoftnetRow>,
    /// Interrupts per vector per CPU (/proc/interrupts).
    pub irqs_per_cpu: Vec<Vec<u64>>,
    /// __do_softirq hand-offs to ksoftirqd, all CPUs.
    pub ksoftirqd: u64,
    /// Frames sent through the empty-qdisc bypass (alone, no xmit_more).
    pub tx_bypass: u64,
    /// __qdisc_run cut short by dev_tx_weight, the rest left to net_tx_action.
    pub tx_deferred: u64,
    /// Most frames one __qdisc_run handed to the driver, and most of them
    /// before its last qdisc_restart (the quota is checked after each
    /// restart, so this stays below dev_tx_weight; one restart's bulk is
    /// bounded by BQL only, as in the kernel).
    pub tx_max_run: u64,
    pub tx_max_run_before_last: u64,
    /// Most frames one qdisc_restart dequeued in a bulk.
    pub tx_max_bulk: u64,
    /// BQL: most bytes in flight on one queue, and most bytes over its
    /// limit, seen after any frame was queued.
    pub bql_max_inflight: u64,
    pub bql_max_over: u64,
    /// Interrupts for a NAPI already scheduled (merged, NAPI_STATE_SCHED).
    pub irqs_merged: u64,
    /// Issue 11: MSI-X messages lost and delayed by fault injection, device
    /// resets written behind the driver's back, dev_watchdog timeouts, and
    /// reset task runs.
    pub msix_dropped: u64,
    pub msix_delayed: u64,
    pub resets_injected: u64,
    pub tx_timeouts: u64,
    pub reset_tasks: u64,
}

/// dev_tx_weight: frames one __qdisc_run may send before it yields.
pub const DEV_TX_WEIGHT: usize = 64;

/// Width of one interrupt-rate bucket (1 ms).
pub const IRQ_BUCKET_NS: u64 = 1_000_000;
/// Buckets of the interrupt-rate series (100 s of traffic); later
/// interrupts are counted in `irqs_past_series` only.
pub const IRQ_SERIES_MAX: usize = 100_000;

/// The driver's view of the platform during one CPU step.
struct Ctx<'a> {
    core: &'a mut Core,
    cpu_ps: Ps,
    timing: &'a HostTiming,
    rng: &'a mut Seeded,
    frame_ps: &'a mut Vec<Ps>,
    stats: &'a mut HostStats,
}

impl Ctx<'_> {
    fn cycle_of(&self, ps: Ps) -> u64 {
        self.core.clock.ps_to_cycles_ceil(ps)
    }
    fn jitter(&mut self, ns: u64) -> u64 {
        let j = self.timing.jitter_pct;
        if j == 0 || ns == 0 {
            return ns * 1000;
        }
        // ns * (1 + u), u uniform in [-j%, +j%], in ps.
        let span = 2 * j * ns * 10; // ps over the whole range
        ns * 1000 - j * ns * 10 + self.rng.below(span + 1)
    }
}

impl HostOps for Ctx<'_> {
    fn mmio_write32(&mut self, off: u32, val: u32) {
        self.stats.mmio_writes += 1;
        // napi_check: doorbells, unmasks and ring setup, seen as the device will see them.
        if !self.core.watch.off() {
            let Core { watch, mem, cycle, .. } = &mut *self.core;
            watch.mmio_write(mem, off, val, *cycle, self.cpu_ps);
        }
        let at = self.cycle_of(self.cpu_ps);
        self.core.axil.write(off, val, at);
    }
    fn mmio_read32(&mut self, off: u32) -> u32 {
        self.stats.mmio_reads += 1;
        let at = self.cycle_of(self.cpu_ps).max(self.core.cycle);
        let t = self.core.axil.read(off, at);
        // The CPU stalls: run the machine until the completion returns.
        let limit = self.core.cycle + 2_500_000;
        loop {
            if let Some(v) = self.core.axil.take_read_result(t) {
                self.cpu_ps = self.cpu_ps.max(self.core.clock.ps_of(self.core.cycle));
                return v;
            }
            if self.core.cycle >= limit {
                // A real root port would complete with all ones (master abort).
                self.stats.stuck_reads += 1;
                return u32::MAX;
            }
            self.core.step();
        }
    }
    fn dma_alloc(&mut self, size: usize, align: usize) -> u64 {
        self.core.mem.alloc(size as u64, align as u64)
    }
    fn mem_read(&mut self, addr: u64, buf: &mut [u8]) {
        self.core.mem.read(addr, buf)
    }
    fn mem_write(&mut self, addr: u64, data: &[u8]) {
        self.core.mem.write(addr, data)
    }
    fn msi_message(&self, vector: usize) -> (u64, u32) {
        // x86 style: the address names the CPU (APIC ID, from smp_affinity),
        // the data the vector.
        let cpu = self.timing.cpu_of(vector, nicsim_hw::MAX_QUEUES + 1);
        (MSI_BASE | ((cpu as u64) << 12), vector as u32)
    }
    fn now_ns(&self) -> u64 {
        u64::try_from(self.cpu_ps / 1000).unwrap_or(u64::MAX)
    }
    fn udelay(&mut self, us: u64) {
        self.cpu_ps += us as Ps * 1_000_000;
    }
    fn alloc_rx_buffer(&mut self) -> bool {
        // Issue 11 fault injection; the checker excuses this poll's short refill.
        let ok = self.core.faults.rx_alloc_ok();
        if !ok {
            self.core.watch.rx_alloc_failed();
        }
        ok
    }
    fn charge(&mut self, what: Cost, count: u32) {
        let ns = match what {
            Cost::PollEntry => self.timing.poll_ns,
            Cost::RxDescriptor => self.timing.desc_ns,
            Cost::RxFrame => self.timing.frame_ns,
            Cost::RefillDescriptor => self.timing.refill_ns,
            Cost::TxFrame => self.timing.tx_frame_ns,
            Cost::TxDescriptor => self.timing.tx_desc_ns,
            Cost::TxClean => self.timing.tx_clean_ns,
        };
        for _ in 0..count {
            self.cpu_ps += self.jitter(ns) as Ps;
            if what == Cost::RxFrame {
                self.frame_ps.push(self.cpu_ps);
            }
        }
    }
}

/// Everything a run needs besides the frames.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub driver: DriverConfig,
    pub timing: HostTiming,
    pub mem: HostMemConfig,
    pub axil: AxilConfig,
    pub seed: u64,
    /// Give up when no frame makes progress for this long (simulated), in cycles.
    pub watchdog_cycles: u64,
    /// `m_axis_tx_tready` pattern.
    pub tx_stall: TxStall,
    /// Frames a TX queue's qdisc holds while the queue is stopped (Linux txqueuelen).
    pub txqueuelen: usize,
    /// Set from outside (SIGINT) to end the run at the next report point.
    pub stop: Option<Arc<AtomicBool>>,
    /// Issue 11: check the NAPI rules (`--check-napi`), where the event trace goes (`--events`),
    /// and the longest a sent TX frame may wait to be reclaimed.
    pub check_napi: bool,
    pub events: Option<crate::events::EventsTo>,
    pub tx_reclaim_bound_ns: u64,
    /// Stop the run (as if interrupted) after this many violations, or past
    /// this cycle (the validation suite's guard against a livelocked driver).
    pub napi_stop_after: Option<(u64, u64)>,
    /// Issue 11: RX buffer allocation failures to inject.
    pub rx_alloc_fail: Option<crate::faults::AllocFail>,
    /// Issue 11: DMA bursts to answer with an error, MSI-X messages to lose
    /// or delay, and device resets (CTRL.RST written behind the driver's
    /// back) at these times after the start of traffic, ns.
    pub dma_faults: Option<crate::faults::DmaFaults>,
    pub msix_faults: Vec<crate::faults::MsixFault>,
    pub reset_at_ns: Vec<u64>,
    /// dev_watchdog's watchdog_timeo (igb: 5 * HZ), ns: a TX queue stopped
    /// this long after its last transmit times out (ndo_tx_timeout).
    pub watchdog_timeo_ns: u64,
    /// The device clock: host time <-> cycles.
    pub clock: crate::bfm::Clock,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            driver: DriverConfig::default(),
            timing: HostTiming::default(),
            mem: HostMemConfig::default(),
            axil: AxilConfig::default(),
            seed: 1,
            // As ReplayOptions::watchdog_cycles: the driver's recovery (two
            // watchdog task runs, two watchdog_timeo periods, the reset wait).
            watchdog_cycles: crate::bfm::Clock::default().ns_to_cycles_ceil(14_180_000_000),
            tx_stall: TxStall::None,
            txqueuelen: 1000,
            stop: None,
            check_napi: true,
            events: None,
            tx_reclaim_bound_ns: 10_000_000,
            napi_stop_after: None,
            rx_alloc_fail: None,
            dma_faults: None,
            msix_faults: Vec::new(),
            reset_at_ns: Vec::new(),
            watchdog_timeo_ns: WATCHDOG_TIMEO_NS,
            clock: crate::bfm::Clock::default(),
        }
    }
}

/// igb's watchdog_timeo (`netdev->watchdog_timeo = 5 * HZ`).
pub const WATCHDOG_TIMEO_NS: u64 = 5_000_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("driver probe failed: {0}")]
    Probe(#[from] nicsim_driver::DriverError),
    #[error("no progress for {cycles} cycles at cycle {at}: {detail}")]
    Hang { cycles: u64, at: u64, detail: String },
    #[error("cannot transmit: the device has no TX queues (CAPS.TXQ = 0)")]
    NoTx,
    /// Reading the frames to offer failed mid-run.
    #[error("{0}")]
    Input(String),
    /// Writing a streamed output failed mid-run.
    #[error("{0}")]
    Output(String),
}

/// Where a streaming run puts per-frame results as soon as they are final,
/// so that nothing about a frame is kept after it settles. Errors are the
/// sink's own messages (naming its file).
pub trait RunSink {
    /// Traffic starts at this simulated ns (called once, before any frame).
    fn start(&mut self, _t0_ns: u64) {}
    /// Flushes and closes what the sink writes (the run is over).
    fn finish_files(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// Rewrites an error of this sink for the user (e.g. naming final files).
    fn rename_error(&self, e: String) -> String {
        e
    }
    /// An RX frame's final fate, in offer order (`bytes` as offered, padded).
    fn rx_fate(&mut self, index: usize, fate: &Fate, bytes: &[u8]) -> Result<(), String>;
    /// A frame the driver handed up, in delivery order.
    fn rx_delivered(&mut self, index: usize, fate: &Fate, bytes: &[u8]) -> Result<(), String>;
    /// A TX frame's final fate, in offer order.
    fn tx_fate(&mut self, index: usize, fate: &TxFate) -> Result<(), String>;
    /// A frame that left the MAC: ns of its last beat, bytes as sent.
    fn tx_wire(&mut self, ns: u64, bytes: &[u8]) -> Result<(), String>;
}

/// Frames to offer, pulled as the run needs them.
pub type Feed = Box<dyn Iterator<Item = Result<Offer, String>>>;

/// How many frames a feed keeps queued ahead (MAC queue, host send list),
/// refilled when fewer than FEED_LOW are left.
const FEED_AHEAD: usize = 256;
const FEED_LOW: usize = 64;

/// Per-queue counts of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueTotals {
    pub packets: u64,
    pub bytes: u64,
    pub no_desc: u64,
    pub tx_packets: u64,
    pub tx_bytes: u64,
}

/// How many of the first problem frames a run names.
const FIRST_N: usize = 8;

/// The counts of a run, kept as frames settle (so a streaming run needs no
/// per-frame history to report them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub rx_offered: u64,
    pub rx_delivered: u64,
    /// By [`Drop::idx`].
    pub rx_dropped: [u64; 6],
    pub rx_corrupt: u64,
    /// Neither delivered nor dropped when the run ended.
    pub rx_unsettled: u64,
    pub first_rx_corrupt: Vec<usize>,
    /// (index, queue) of the first unsettled frames.
    pub first_rx_unsettled: Vec<(usize, Option<u8>)>,
    pub tx_offered: u64,
    pub tx_sent: u64,
    pub tx_sent_bytes: u64,
    /// By [`TxDrop::idx`].
    pub tx_dropped: [u64; 6],
    pub tx_corrupt: u64,
    pub tx_unsettled: u64,
    pub first_tx_corrupt: Vec<usize>,
    /// (index, queue, sent, reclaimed) of the first unsettled TX frames.
    pub first_tx_unsettled: Vec<(usize, Option<u8>, bool, bool)>,
    pub queues: Vec<QueueTotals>,
}

impl Totals {
    /// The counts of whole fate lists (frame i at index i).
    pub fn of(rx: &[Fate], tx: &[TxFate]) -> Totals {
        let mut t = Totals::default();
        for (i, f) in rx.iter().enumerate() {
            t.add_rx(i, f);
        }
        for (i, f) in tx.iter().enumerate() {
            t.add_tx(i, f);
        }
        t
    }

    fn queue(&mut self, q: Option<u8>) -> Option<&mut QueueTotals> {
        let q = q? as usize;
        if q >= self.queues.len() {
            self.queues.resize(q + 1, QueueTotals::default());
        }
        self.queues.get_mut(q)
    }

    /// Counts one RX frame whose fate is final (or the run is over).
    pub fn add_rx(&mut self, index: usize, f: &Fate) {
        self.rx_offered += 1;
        if f.delivered {
            self.rx_delivered += 1;
            if let Some(q) = self.queue(f.queue) {
                q.packets += 1;
                q.bytes += f.len as u64;
            }
        }
        if let Some(d) = f.drop {
            self.rx_dropped[d.idx()] += 1;
            if d == Drop::NoDesc {
                if let Some(q) = self.queue(f.queue) {
                    q.no_desc += 1;
                }
            }
        }
        if f.corrupt {
            self.rx_corrupt += 1;
            if self.first_rx_corrupt.len() < FIRST_N {
                self.first_rx_corrupt.push(index);
            }
        }
        if !f.settled() {
            self.rx_unsettled += 1;
            if self.first_rx_unsettled.len() < FIRST_N {
                self.first_rx_unsettled.push((index, f.queue));
            }
        }
    }

    /// Counts one TX frame whose fate is final (or the run is over).
    pub fn add_tx(&mut self, index: usize, f: &TxFate) {
        self.tx_offered += 1;
        if f.sent() {
            self.tx_sent += 1;
            self.tx_sent_bytes += f.len as u64;
            if let Some(q) = self.queue(f.queue) {
                q.tx_packets += 1;
                q.tx_bytes += f.len as u64;
            }
        }
        if let Some(d) = f.drop {
            self.tx_dropped[d.idx()] += 1;
        }
        if f.corrupt {
            self.tx_corrupt += 1;
            if self.first_tx_corrupt.len() < FIRST_N {
                self.first_tx_corrupt.push(index);
            }
        }
        if !f.settled() {
            self.tx_unsettled += 1;
            if self.first_tx_unsettled.len() < FIRST_N {
                self.first_tx_unsettled.push((index, f.queue, f.sent(), f.completed));
            }
        }
    }
}

/// A frame to offer: capture bytes and the cycle (relative to the start of
/// traffic) of its first beat.
pub struct Offer {
    pub offset_cycles: u64,
    pub bytes: Vec<u8>,
}

pub struct Sim {
    pub core: Core,
    /// Issue 11: any [`NetDriver`]; the project's driver unless built with [`Sim::with_driver`].
    pub driver: Box<dyn NetDriver>,
    cfg: SimConfig,
    cpus: Vec<Cpu>,
    rng: Seeded,
    pub host: HostStats,
    /// Frames handed up, per queue, with their hand-up time.
    pub delivered: u64,
    /// Offered frame bytes (padded), kept to check delivered bytes.
    offered: Window<Vec<u8>>,
    /// Delivery order (capture indices), for the rx pcap.
    pub delivery_order: Vec<usize>,
    next_host_cycle: u64,
    /// Traffic starts at this cycle.
    pub t0: u64,
    pub frames_total: usize,
    /// Frames left in a ring with no interrupt coming when the run ended.
    pub stranded: Vec<usize>,
    frame_buf: Vec<RxFrame>,
    frame_ps: Vec<Ps>,
    /// Per TX queue: the qdisc backlog (TX indices).
    tx_backlog: Vec<VecDeque<usize>>,
    /// TX frames neither settled nor able to make progress when the run ended.
    pub tx_stranded: Vec<usize>,
    /// Streaming: results go here as frames settle, and settled frames are
    /// forgotten. Without a sink every fate stays in the windows.
    sink: Option<Box<dyn RunSink>>,
    /// The first error the sink returned.
    sink_error: Option<String>,
    rx_feed: Option<Feed>,
    tx_feed: Option<Feed>,
    /// TX offers waiting in the CPUs' send lists.
    tx_waiting: usize,
    /// `core.last_progress` when the windows were last retired.
    retired_at: u64,
    /// Counts of the settled frames (of all frames once the run is over).
    pub totals: Totals,
    /// The run was stopped from outside before every frame settled.
    pub interrupted: bool,
    /// Issue 11: per TX queue, the host time of the last frame the driver
    /// took (txq->trans_start); dev_watchdog's next check.
    trans_start: Vec<Ps>,
    devwd_next_ps: Ps,
    /// MSI-X messages seen, the faults still to apply, and the delayed
    /// messages waiting for their cycle.
    msix_seen: u64,
    msix_faults: VecDeque<crate::faults::MsixFault>,
    delayed_msis: VecDeque<(u64, crate::bfm::Msi)>,
    /// Cycles at which to write CTRL.RST behind the driver's back.
    reset_at: VecDeque<u64>,
    /// `core.last_progress` when the timers were last recomputed at an idle point.
    timers_at: u64,
}

impl Sim {
    /// Build the machine, probe the driver and get ready for traffic.
    pub fn new(dev: Box<dyn Device>, cfg: SimConfig) -> Result<Sim, SimError> {
        Self::with_driver(dev, cfg, &nicsim_driver::api::probe_default)
    }

    /// [`Sim::new`] with another driver (issue 11: the validation suite's
    /// drivers under test).
    pub fn with_driver(
        dev: Box<dyn Device>,
        mut cfg: SimConfig,
        probe: &nicsim_driver::ProbeFn,
    ) -> Result<Sim, SimError> {
        let dev_queues = nicsim_hw::MAX_QUEUES;
        let mut core = Core::with_tx(dev, cfg.mem, cfg.axil, dev_queues, cfg.tx_stall, cfg.seed);
        let nvec = dev_queues + 1;
        let ncpu = cfg.timing.cpu_count(nvec);
        let mut rng = Seeded::new(cfg.seed ^ 0x005e_ed0f_4057);
        let mut host = HostStats {
            irqs_per_vector: vec![0; nvec],
            polls_per_queue: vec![0; dev_queues],
            irq_buckets: vec![Vec::new(); nvec],
            softnet: vec![SoftnetRow::default(); ncpu],
            irqs_per_cpu: vec![vec![0; ncpu]; nvec],
            ..Default::default()
        };
        let mut frame_ps = Vec::new();
        // napi_check: watching from probe on, so ring addresses are learnt from the driver's writes.
        let log = cfg.events.as_ref().map(|e| e.open()).transpose().map_err(SimError::Output)?;
        core.watch = crate::napi_check::Watch::new(cfg.check_napi, log);
        core.watch.mmio_latency_cycles = cfg.axil.mmio_latency_cycles as u64;
        core.watch.clock = cfg.clock;
        core.clock = cfg.clock;
        core.watch.tx_reclaim_bound_ns = cfg.tx_reclaim_bound_ns;
        core.faults = crate::faults::Faults::new(cfg.rx_alloc_fail, cfg.seed);
        if let Some(d) = &cfg.dma_faults {
            core.mem.set_faults(d);
        }
        if let Some((violations, cycles)) = cfg.napi_stop_after {
            core.watch.stop = Some(cfg.stop.get_or_insert_with(Default::default).clone());
            core.watch.stop_after_violations = violations;
            core.watch.stop_after_cycle = cycles;
        }
        let driver = {
            let mut ctx = Ctx {
                core: &mut core,
                cpu_ps: 0,
                timing: &cfg.timing,
                rng: &mut rng,
                frame_ps: &mut frame_ps,
                stats: &mut host,
            };
            probe(&mut ctx, cfg.driver.clone())?
        };
        // Let the posted setup writes land.
        while core.axil.busy() || !core.mem.idle() {
            core.step();
        }
        let t0 = core.cycle + 250;
        core.txsink.set_origin(t0, cfg.clock);
        let reset_at = cfg.reset_at_ns.iter().map(|&ns| t0.saturating_add(cfg.clock.ns_to_cycles_ceil(ns))).collect();
        let mut msix_faults: Vec<_> = cfg.msix_faults.clone();
        msix_faults.sort_unstable();
        Ok(Sim {
            core,
            driver,
            cpus: vec![Cpu::default(); ncpu],
            rng,
            host,
            delivered: 0,
            offered: Window::new(),
            delivery_order: Vec::new(),
            next_host_cycle: u64::MAX,
            t0,
            frames_total: 0,
            stranded: Vec::new(),
            frame_buf: Vec::with_capacity(64),
            frame_ps,
            tx_backlog: vec![VecDeque::new(); dev_queues],
            tx_stranded: Vec::new(),
            sink: None,
            sink_error: None,
            rx_feed: None,
            tx_feed: None,
            tx_waiting: 0,
            retired_at: u64::MAX,
            totals: Totals::default(),
            interrupted: false,
            trans_start: vec![0; dev_queues],
            devwd_next_ps: cfg.watchdog_timeo_ns.max(1) as Ps * 1000,
            msix_seen: 0,
            msix_faults: msix_faults.into(),
            delayed_msis: VecDeque::new(),
            reset_at,
            timers_at: u64::MAX,
            cfg,
        })
    }

    /// Stream results to `sink` as frames settle and forget settled frames:
    /// memory then depends on the frames in flight, not on the run's length.
    pub fn set_sink(&mut self, mut sink: Box<dyn RunSink>) {
        sink.start(self.core.clock.ns_of(self.t0));
        self.sink = Some(sink);
    }

    /// Take the sink back (e.g. to finish its files).
    pub fn take_sink(&mut self) -> Option<Box<dyn RunSink>> {
        self.sink.take()
    }

    /// Frames pulled from these feeds as the run gets near them, instead of
    /// being offered all at once. TX needs a device with TX queues.
    pub fn set_feeds(&mut self, rx: Option<Feed>, tx: Option<Feed>) -> Result<(), SimError> {
        if tx.is_some() && self.driver.tx_queues() == 0 {
            return Err(SimError::NoTx);
        }
        self.rx_feed = rx;
        self.tx_feed = tx;
        self.refill()
    }

    /// Keep FEED_AHEAD frames queued from each feed.
    fn refill(&mut self) -> Result<(), SimError> {
        while self.rx_feed.is_some() && self.core.mac.frames_pending() < FEED_AHEAD {
            match self.rx_feed.as_mut().and_then(|f| f.next()) {
                Some(Ok(o)) => self.offer_one(o),
                Some(Err(e)) => return Err(SimError::Input(e)),
                None => self.rx_feed = None,
            }
        }
        let mut added = false;
        while self.tx_feed.is_some() && self.tx_waiting < FEED_AHEAD {
            match self.tx_feed.as_mut().and_then(|f| f.next()) {
                Some(Ok(o)) => {
                    self.offer_tx_one(o);
                    added = true;
                }
                Some(Err(e)) => return Err(SimError::Input(e)),
                None => self.tx_feed = None,
            }
        }
        if added {
            self.recompute_next_host();
        }
        Ok(())
    }

    fn feeds_done(&self) -> bool {
        self.rx_feed.is_none() && self.tx_feed.is_none()
    }

    fn sink_result(&mut self, r: Result<(), String>) {
        if let Err(e) = r {
            self.sink_error.get_or_insert(e);
        }
    }

    /// The sink's first error, in the sink's words.
    fn take_sink_error(&mut self) -> Option<SimError> {
        let e = self.sink_error.take()?;
        let e = match self.sink.as_ref() {
            Some(s) => s.rename_error(e),
            None => e,
        };
        Some(SimError::Output(e))
    }

    /// Streaming: count and hand over every settled frame at the front of
    /// the windows, and forget it.
    fn retire(&mut self) {
        let Some(sink) = self.sink.as_mut() else { return };
        let mut err = None;
        while self.core.fates.front().is_some_and(|f| f.settled()) {
            let (i, fate) = self.core.fates.pop_front().expect("front exists");
            let bytes = self.offered.pop_front().map(|(_, b)| b).unwrap_or_default();
            self.totals.add_rx(i, &fate);
            if let Err(e) = sink.rx_fate(i, &fate, &bytes) {
                err.get_or_insert(e);
            }
        }
        while self.core.tx_fates.front().is_some_and(|f| f.settled()) {
            let (i, fate) = self.core.tx_fates.pop_front().expect("front exists");
            self.core.tx_frames.pop_front();
            self.totals.add_tx(i, &fate);
            if let Err(e) = sink.tx_fate(i, &fate) {
                err.get_or_insert(e);
            }
        }
        for (ns, bytes) in self.core.tx_wire.drain(..) {
            if let Err(e) = sink.tx_wire(ns, &bytes) {
                err.get_or_insert(e);
            }
        }
        if let Some(e) = err {
            self.sink_error.get_or_insert(e);
        }
    }

    /// The run is over: count the frames still held (all of them without a
    /// sink; with one, the unsettled ones, which are also handed over).
    fn settle_totals(&mut self) {
        if self.sink.is_some() {
            self.retire();
            let mut sink = self.sink.take().expect("sink");
            for (k, fate) in self.core.fates.iter().enumerate() {
                let i = self.core.fates.base() + k;
                self.totals.add_rx(i, fate);
                let bytes = self.offered.get(i).map_or(&[][..], |b| &b[..]);
                if let Err(e) = sink.rx_fate(i, fate, bytes) {
                    self.sink_error.get_or_insert(e);
                }
            }
            for (k, fate) in self.core.tx_fates.iter().enumerate() {
                let i = self.core.tx_fates.base() + k;
                self.totals.add_tx(i, fate);
                if let Err(e) = sink.tx_fate(i, fate) {
                    self.sink_error.get_or_insert(e);
                }
            }
            self.core.fates.take_all();
            self.offered.take_all();
            self.core.tx_fates.take_all();
            self.core.tx_frames.take_all();
            self.sink = Some(sink);
        } else {
            let mut t = Totals::default();
            for (k, f) in self.core.fates.iter().enumerate() {
                t.add_rx(self.core.fates.base() + k, f);
            }
            for (k, f) in self.core.tx_fates.iter().enumerate() {
                t.add_tx(self.core.tx_fates.base() + k, f);
            }
            self.totals = t;
        }
    }

    /// Frames the host transmits, each at `t0 + offset_cycles` (offsets
    /// should not decrease; a frame is never sent before the one offered
    /// before it). Fails when the device has no TX.
    pub fn offer_tx(&mut self, frames: Vec<Offer>) -> Result<(), SimError> {
        if frames.is_empty() {
            return Ok(());
        }
        if self.driver.tx_queues() == 0 {
            return Err(SimError::NoTx);
        }
        for f in frames {
            self.offer_tx_one(f);
        }
        self.recompute_next_host();
        Ok(())
    }

    fn offer_tx_one(&mut self, f: Offer) {
        let idx = self.core.tx_fates.len();
        let q = self.driver.select_queue(&f.bytes);
        let cpu = self.cfg.timing.cpu_of(self.driver.queue_vector(q), self.host.irqs_per_cpu.len());
        let mut ps = self.core.clock.ps_of(self.t0.saturating_add(f.offset_cycles));
        let due = &mut self.cpus[cpu].tx_due;
        if let Some(&(last, _)) = due.back() {
            ps = ps.max(last);
        }
        due.push_back((ps, idx));
        self.tx_waiting += 1;
        self.core.tx_fates.push(TxFate { len: f.bytes.len() as u32, queue: Some(q as u8), ..Default::default() });
        self.core.tx_frames.push(f.bytes);
    }

    /// TX frames offered.
    pub fn tx_total(&self) -> usize {
        self.core.tx_fates.len()
    }

    /// Queue frames on the wire.
    pub fn offer(&mut self, frames: Vec<Offer>) {
        for f in frames {
            self.offer_one(f);
        }
    }

    fn offer_one(&mut self, f: Offer) {
        let mut bytes = f.bytes;
        if bytes.len() < 60 {
            bytes.resize(60, 0);
        }
        self.core.fates.push(Fate { len: bytes.len() as u32, ..Default::default() });
        // The MAC gets its own copy: it frees frames as they go out.
        let start_cycle = self.t0.saturating_add(f.offset_cycles);
        self.core.mac.push(MacFrame { start_cycle, bytes: bytes.clone(), bad: false });
        self.offered.push(bytes);
        self.frames_total += 1;
    }

    /// No CPU has anything to do now or scheduled (a stopped TX queue's
    /// backlog does not count: only an interrupt can move it), no interrupt
    /// is on its way late, no reset task is pending and no timer matters.
    fn host_idle(&self) -> bool {
        self.host_idle_but_timers() && self.next_timer().is_none()
    }

    /// [`Sim::host_idle`] but for the driver's timers.
    fn host_idle_but_timers(&self) -> bool {
        self.cpus.iter().all(|c| c.irqs.is_empty() && !c.rx_softirq() && c.tx_due.is_empty())
            && self.delayed_msis.is_empty()
            && self.reset_at.is_empty()
            && !self.driver.reset_pending()
    }

    fn recompute_next_host(&mut self) {
        let mut next = u64::MAX;
        if let Some(&(at, _)) = self.delayed_msis.front() {
            next = next.min(at);
        }
        if let Some(&at) = self.reset_at.front() {
            next = next.min(at);
        }
        if let Some(t) = self.next_timer() {
            next = next.min(self.core.clock.ps_to_cycles_ceil(t.max(self.cpus[0].free_ps)));
        }
        if self.driver.reset_pending() {
            next = next.min(self.core.clock.ps_to_cycles_ceil(self.cpus[0].free_ps));
        }
        for c in &self.cpus {
            let ready = if c.rx_softirq() {
                Some(c.free_ps)
            } else {
                let irq = c.irqs.front().map(|&(t, _)| t);
                let tx = c.tx_due.front().map(|&(t, _)| t);
                irq.into_iter().chain(tx).min().map(|t| t.max(c.free_ps))
            };
            if let Some(ps) = ready {
                next = next.min(self.core.clock.ps_to_cycles_ceil(ps));
            }
        }
        self.next_host_cycle = next;
    }

    /// A TX frame is offered later than now: the wire may be idle until then.
    fn tx_scheduled_later(&self) -> bool {
        let now_ps = self.core.clock.ps_of(self.core.cycle);
        self.cpus.iter().any(|c| c.tx_due.front().is_some_and(|&(t, _)| t > now_ps))
    }

    fn take_msis(&mut self) {
        for m in self.core.mem.take_msis() {
            // Issue 11: the Nth message may be lost or late (the testbench
            // stands between the memory write and the CPU's interrupt).
            self.msix_seen += 1;
            while self.msix_faults.front().is_some_and(|f| f.nth() < self.msix_seen) {
                self.msix_faults.pop_front();
            }
            match self.msix_faults.front().copied().filter(|f| f.nth() == self.msix_seen) {
                Some(crate::faults::MsixFault::Drop(_)) => {
                    self.msix_faults.pop_front();
                    self.host.msix_dropped += 1;
                }
                Some(crate::faults::MsixFault::Delay(_, ns)) => {
                    self.msix_faults.pop_front();
                    self.host.msix_delayed += 1;
                    let at = m.cycle.saturating_add(self.core.clock.ns_to_cycles_ceil(ns).max(1));
                    let k = self.delayed_msis.partition_point(|&(c, _)| c <= at);
                    self.delayed_msis.insert(k, (at, m));
                }
                None => self.deliver_msi(m, m.cycle),
            }
        }
        self.recompute_next_host();
    }

    /// Delayed MSI-X messages whose time has come.
    fn release_msis(&mut self) {
        while let Some(&(at, m)) = self.delayed_msis.front() {
            if at > self.core.cycle {
                break;
            }
            self.delayed_msis.pop_front();
            self.deliver_msi(m, at);
        }
        self.recompute_next_host();
    }

    /// An MSI-X message reaches the CPU its address names at `cycle`.
    fn deliver_msi(&mut self, m: crate::bfm::Msi, cycle: u64) {
        let vector = m.data as usize;
        let cpu = ((m.addr >> 12) & 0xFF) as usize;
        if vector >= self.host.irqs_per_cpu.len() || cpu >= self.cpus.len() {
            return;
        }
        self.host.irqs_per_cpu[vector][cpu] += 1;
        self.host.irqs += 1;
        self.host.irqs_per_vector[vector] += 1;
        let b = self.core.clock.ns_of(cycle.saturating_sub(self.t0)) / IRQ_BUCKET_NS;
        let series = &mut self.host.irq_buckets[vector];
        if b < IRQ_SERIES_MAX as u64 {
            // The series is dense: a long gap in the traffic must not allocate per bucket.
            let b = b as usize;
            if series.len() <= b {
                series.resize(b + 1, 0);
            }
            series[b] += 1;
        } else {
            self.host.irqs_past_series += 1;
        }
        self.core.watch.msi(cycle, vector, cpu); // napi_check
        let arrive = self.core.clock.ps_of(cycle) + self.cfg.timing.irq_entry_ns as Ps * 1000;
        self.cpus[cpu].irqs.push_back((arrive, vector));
    }

    /// Run every CPU step that is due now (and the fault events due).
    fn run_host(&mut self) {
        if self.delayed_msis.front().is_some_and(|&(at, _)| at <= self.core.cycle) {
            self.release_msis();
        }
        if self.reset_at.front().is_some_and(|&c| c <= self.core.cycle) {
            // Issue 11: a device reset the driver did not ask for, on the
            // bus as a function-level reset by the platform would come.
            self.reset_at.pop_front();
            self.host.resets_injected += 1;
            self.core.axil.write(CTRL, ctrl::RST.val(1), self.core.cycle);
        }
        let now_ps = self.core.clock.ps_of(self.core.cycle);
        for ci in 0..self.cpus.len() {
            loop {
                let c = &self.cpus[ci];
                if c.free_ps > now_ps {
                    break;
                }
                let irq_due = c.irqs.front().is_some_and(|&(t, _)| t <= now_ps);
                let tx_due = c.tx_due.front().is_some_and(|&(t, _)| t <= now_ps);
                if irq_due {
                    let (_, v) = self.cpus[ci].irqs.pop_front().unwrap();
                    self.cpu_irq(ci, v, now_ps);
                } else if !self.cpus[ci].tx_sched.is_empty() {
                    self.cpu_net_tx(ci, now_ps);
                } else if tx_due {
                    self.cpu_tx(ci, now_ps);
                } else if self.cpus[ci].rx_softirq() {
                    self.cpu_poll(ci, now_ps);
                } else {
                    break;
                }
            }
        }
        // igb_watchdog_task (every 2 s: device counters, so no 32-bit
        // register wraps between reads; TX hang arming, the interrupt kick),
        // on CPU 0 once it has nothing else due. Checked whenever the host
        // runs, and woken for while traffic flows or frames are held
        // (`next_timer`).
        if self.cpus[0].free_ps <= now_ps {
            let (read, end) = self.ctx_run(now_ps, |d, ctx| d.watchdog(ctx));
            if read {
                self.host.watchdog_reads += 1;
                self.cpus[0].free_ps = end;
            }
        }
        if self.cpus[0].free_ps <= now_ps {
            self.dev_watchdog(now_ps);
        }
        if self.cpus[0].free_ps <= now_ps && self.driver.reset_pending() {
            self.run_reset_task(now_ps);
        }
        self.recompute_next_host();
    }

    /// dev_watchdog (net/sched/sch_generic.c), a timer every watchdog_timeo
    /// while the device is up: the first TX queue found stopped
    /// (netif_xmit_stopped) with its last transmit longer ago than
    /// watchdog_timeo times out, and the driver's ndo_tx_timeout runs
    /// (counted in `tx_timeouts`). The timer is not rounded to whole seconds
    /// (round_jiffies) here.
    fn dev_watchdog(&mut self, now_ps: Ps) {
        let period = self.cfg.watchdog_timeo_ns.max(1) as Ps * 1000;
        if now_ps >= self.devwd_next_ps && self.driver.is_up() {
            let timed_out = (0..self.driver.tx_queues())
                .find(|&q| self.driver.tx_queue_xoff(q) && now_ps > self.trans_start[q] + period);
            if let Some(q) = timed_out {
                self.host.tx_timeouts += 1;
                self.core.watch.tx_timeout(q, self.core.cycle, now_ps); // napi_check (event trace)
                let ((), end) = self.ctx_run(now_ps, |d, ctx| d.tx_timeout(ctx, q));
                self.cpus[0].free_ps = end;
            }
        }
        if self.devwd_next_ps <= now_ps {
            self.devwd_next_ps = (now_ps / period + 1) * period;
        }
    }

    /// The driver's reset task (igb_reset_task), in process context on CPU
    /// 0. Before it, napi_disable: every NAPI instance of the driver leaves
    /// the CPUs' poll lists unpolled. After it, what the reset freed gets its
    /// fate: TX frames the driver handed back (`reset`, or sent if they left
    /// the MAC first), RX frames written to a ring and never handed up
    /// (`reset`); the qdiscs run again (netif_tx_start_all_queues), or, when
    /// the driver gave up on the device, drop what they hold (`down`).
    fn run_reset_task(&mut self, now_ps: Ps) {
        for c in &mut self.cpus {
            c.napi.clear();
            c.round_list.clear();
            c.repoll.clear();
        }
        self.core.watch.napi_disabled(self.core.cycle, now_ps); // napi_check
        let ((), end) = self.ctx_run(now_ps, |d, ctx| d.reset_task(ctx));
        self.cpus[0].free_ps = end;
        self.host.reset_tasks += 1;
        let up = self.driver.is_up();
        self.core.watch.reset_done(up, self.core.cycle, end); // napi_check (event trace)
        self.tx_completions();
        for q in 0..self.core.in_ring.len() {
            for f in std::mem::take(&mut self.core.in_ring[q]) {
                if let Some(fate) = self.core.fates.get_mut(f) {
                    fate.drop = Some(if fate.dma_failed { Drop::DmaError } else { Drop::Reset });
                }
            }
        }
        self.core.last_progress = self.core.cycle;
        if !up {
            // The device never came out of reset: what it holds never leaves.
            for q in 0..self.core.tx_on_device.len() {
                for i in std::mem::take(&mut self.core.tx_on_device[q]) {
                    self.core.mark_tx(i, |f| f.drop = Some(TxDrop::Down));
                }
            }
        }
        for q in 0..self.driver.tx_queues() {
            if !up {
                self.drop_backlog(q);
            } else if !self.tx_backlog[q].is_empty() {
                let cpu = self.cfg.timing.cpu_of(self.driver.queue_vector(q), self.host.irqs_per_cpu.len());
                if !self.cpus[cpu].tx_sched.contains(&q) {
                    self.cpus[cpu].tx_sched.push_back(q);
                }
            }
        }
    }

    /// The driver is down for good: the frames in TX queue `q`'s qdisc are freed.
    fn drop_backlog(&mut self, q: usize) {
        for idx in std::mem::take(&mut self.tx_backlog[q]) {
            self.core.mark_tx(idx, |f| f.drop = Some(TxDrop::Down));
        }
        self.core.last_progress = self.core.cycle;
    }

    /// Frames held where only the host can move them: in a ring, in the
    /// device, or on the TX side (on the device, sent and not reclaimed, or
    /// queued in a qdisc).
    fn frames_held(&self) -> bool {
        // TX frames without a fate that the applications have not sent yet
        // (due later, maybe years later) are not held.
        let tx_unsettled = self.core.tx_fates.len() - self.core.tx_settled;
        !self.core.accepted.is_empty()
            || self.core.in_ring.iter().any(|r| !r.is_empty())
            || tx_unsettled > self.tx_waiting
    }

    /// The next host timer that can matter, ps: the driver's watchdog task
    /// while frames are held or traffic is due before it (in a long idle
    /// gap with nothing held it would only read counters), and
    /// dev_watchdog while a TX queue is stopped.
    fn next_timer(&self) -> Option<Ps> {
        let mut next = None::<Ps>;
        if let Some(ns) = self.driver.next_watchdog_ns() {
            let at = ns as Ps * 1000;
            let traffic_soon = self.core.mac.next_start_cycle().is_some_and(|c| self.core.clock.ps_of(c) <= at)
                || self.cpus.iter().any(|c| c.tx_due.front().is_some_and(|&(t, _)| t <= at));
            if traffic_soon || self.frames_held() {
                next = Some(at);
            }
        }
        if self.driver.is_up() && (0..self.driver.tx_queues()).any(|q| self.driver.tx_queue_xoff(q)) {
            let period = self.cfg.watchdog_timeo_ns.max(1) as Ps * 1000;
            let now = self.core.clock.ps_of(self.core.cycle);
            let at = if self.devwd_next_ps > now { self.devwd_next_ps } else { (now / period + 1) * period };
            next = Some(next.map_or(at, |n| n.min(at)));
        }
        next
    }

    fn ctx_run<R>(&mut self, start_ps: Ps, f: impl FnOnce(&mut dyn NetDriver, &mut Ctx) -> R) -> (R, Ps) {
        let mut ctx = Ctx {
            core: &mut self.core,
            cpu_ps: start_ps,
            timing: &self.cfg.timing,
            rng: &mut self.rng,
            frame_ps: &mut self.frame_ps,
            stats: &mut self.host,
        };
        let r = f(&mut *self.driver, &mut ctx);
        (r, ctx.cpu_ps)
    }

    /// The applications on CPU `ci` send every frame due by now, one
    /// `__dev_xmit_skb` each: an empty qdisc on a running queue is bypassed
    /// (TCQ_F_CAN_BYPASS: the frame goes straight to the driver, alone,
    /// without xmit_more); otherwise it is enqueued (dropped as
    /// `qdisc_full` when the backlog holds txqueuelen frames) and
    /// `__qdisc_run` sends what it may.
    fn cpu_tx(&mut self, ci: usize, now_ps: Ps) {
        let mut t = now_ps;
        while let Some(&(due, idx)) = self.cpus[ci].tx_due.front() {
            if due > now_ps {
                break;
            }
            self.cpus[ci].tx_due.pop_front();
            self.tx_waiting -= 1;
            // A new frame to send restarts the no-progress watch (as a frame arriving on the wire does).
            self.core.last_progress = self.core.cycle;
            let q = self.core.tx_fates[idx].queue.unwrap_or(0) as usize;
            if !self.driver.is_up() {
                // Issue 11: the driver gave up on the device (netif_device_detach).
                self.core.mark_tx(idx, |f| f.drop = Some(TxDrop::Down));
            } else if self.tx_backlog[q].is_empty() && !self.driver.tx_queue_xoff(q) {
                self.host.tx_bypass += 1;
                t = self.xmit_bulk(q, vec![idx], t).0;
            } else if self.tx_backlog[q].len() >= self.cfg.txqueuelen {
                self.core.mark_tx(idx, |f| f.drop = Some(TxDrop::QdiscFull));
                self.core.last_progress = self.core.cycle;
            } else {
                self.tx_backlog[q].push_back(idx);
                t = self.qdisc_run(ci, q, t);
            }
        }
        let c = &mut self.cpus[ci];
        c.free_ps = t.max(now_ps + 1);
    }

    /// net_tx_action on CPU `ci`: run the qdiscs __netif_schedule put on
    /// its output queue (a quota cut short, or BQL restarting a queue).
    fn cpu_net_tx(&mut self, ci: usize, now_ps: Ps) {
        let mut t = now_ps;
        while let Some(q) = self.cpus[ci].tx_sched.pop_front() {
            t = self.qdisc_run(ci, q, t);
        }
        let c = &mut self.cpus[ci];
        c.free_ps = t.max(now_ps + 1);
    }

    /// __qdisc_run on CPU `ci` (net/sched/sch_generic.c): qdisc_restart
    /// until the backlog is empty, the queue is stopped (by the ring or by
    /// BQL), or dev_tx_weight (64) frames have gone (checked after each
    /// restart, as the kernel does); then the rest waits for net_tx_action
    /// (__netif_schedule). Each restart dequeues one
    /// frame plus, by try_bulk_dequeue_skb, as many more as fit in BQL's
    /// available bytes, and hands them to the driver as one xmit_more
    /// batch. Returns the CPU time after.
    fn qdisc_run(&mut self, ci: usize, q: usize, start_ps: Ps) -> Ps {
        if self.tx_backlog[q].is_empty() || self.driver.tx_queue_xoff(q) {
            return start_ps;
        }
        self.host.tx_batches += 1;
        let (sent0, requeues0) = (self.core.tx_on_device[q].len(), self.host.tx_requeues); // napi_check
        let mut quota = DEV_TX_WEIGHT as i64;
        let mut t = start_ps;
        let mut run = 0u64;
        loop {
            if self.tx_backlog[q].is_empty() || self.driver.tx_queue_xoff(q) {
                break;
            }
            let backlog = &mut self.tx_backlog[q];
            let first = backlog.pop_front().expect("not empty");
            let mut bulk = vec![first];
            let mut bytelimit = self.driver.tx_bql_avail(q) - self.core.tx_frames[first].len() as i64;
            while bytelimit > 0 {
                let Some(next) = backlog.pop_front() else { break };
                bytelimit -= self.core.tx_frames[next].len() as i64;
                bulk.push(next);
            }
            let n = bulk.len() as u64;
            let (end, requeued) = self.xmit_bulk(q, bulk, t);
            t = end;
            self.host.tx_max_run_before_last = self.host.tx_max_run_before_last.max(run);
            self.host.tx_max_bulk = self.host.tx_max_bulk.max(n);
            run += n;
            quota -= n as i64;
            if requeued {
                break;
            }
            if quota <= 0 {
                // __netif_schedule: the rest goes to net_tx_action.
                if !self.tx_backlog[q].is_empty() && !self.cpus[ci].tx_sched.contains(&q) {
                    self.cpus[ci].tx_sched.push_back(q);
                    self.host.tx_deferred += 1;
                }
                break;
            }
        }
        self.host.tx_max_run = self.host.tx_max_run.max(run);
        // napi_check (event trace)
        let (sent, requeued) =
            (self.core.tx_on_device[q].len().saturating_sub(sent0), self.host.tx_requeues > requeues0);
        let (cycle, left) = (self.core.cycle, self.tx_backlog[q].len());
        self.core.watch.qdisc_run(q, sent, requeued, left, cycle, start_ps);
        t
    }

    /// dev_hard_start_xmit of a dequeued list on TX queue `q`: each frame
    /// to the driver with xmit_more set but on the last; a stopped ring or
    /// a busy answer requeues the rest at the head of the backlog
    /// (dev_requeue_skb). Returns the CPU time after and whether it requeued.
    fn xmit_bulk(&mut self, q: usize, bulk: Vec<usize>, start_ps: Ps) -> (Ps, bool) {
        let mut ctx = Ctx {
            core: &mut self.core,
            cpu_ps: start_ps,
            timing: &self.cfg.timing,
            rng: &mut self.rng,
            frame_ps: &mut self.frame_ps,
            stats: &mut self.host,
        };
        let n = bulk.len();
        for (k, &idx) in bulk.iter().enumerate() {
            let more = k + 1 < n;
            // Moved out and back: the driver reads it while ctx holds the core.
            let bytes = std::mem::take(&mut ctx.core.tx_frames[idx]);
            let st = self.driver.xmit(&mut ctx, q, &bytes, more, idx as u64);
            ctx.core.tx_frames[idx] = bytes;
            match st {
                TxStatus::Queued => {
                    ctx.core.tx_on_device[q].push_back(idx);
                    // netdev_start_xmit: txq_trans_update on NETDEV_TX_OK (dev_watchdog).
                    self.trans_start[q] = ctx.cpu_ps;
                    let (limit, inflight) = self.driver.tx_bql(q);
                    ctx.stats.bql_max_inflight = ctx.stats.bql_max_inflight.max(inflight as u64);
                    ctx.stats.bql_max_over = ctx.stats.bql_max_over.max(inflight.saturating_sub(limit) as u64);
                }
                TxStatus::Busy => {
                    for &i in bulk[k..].iter().rev() {
                        self.tx_backlog[q].push_front(i);
                    }
                    ctx.stats.tx_requeues += 1;
                    return (ctx.cpu_ps, true);
                }
                TxStatus::Dropped(r) => {
                    ctx.core.mark_tx(idx, |f| f.drop = Some(r.into()));
                    ctx.core.last_progress = ctx.core.cycle;
                }
            }
            // dev_hard_start_xmit: the driver stopped the ring; the rest is
            // requeued without asking it (BQL alone does not break a bulk).
            if more && self.driver.tx_queue_stopped(q) {
                for &i in bulk[k + 1..].iter().rev() {
                    self.tx_backlog[q].push_front(i);
                }
                ctx.stats.tx_requeues += 1;
                return (ctx.cpu_ps, true);
            }
        }
        (ctx.cpu_ps, false)
    }

    /// TX frames the driver reclaimed in the last poll.
    fn tx_completions(&mut self) {
        for c in self.driver.take_tx_completions() {
            let idx = c.token as usize;
            self.core.last_progress = self.core.cycle;
            let wire_ns = self.core.tx_fates.get(idx).and_then(|f| f.wire_ns);
            self.core.watch.tx_reclaimed(wire_ns); // napi_check
            if idx >= self.core.tx_fates.len() {
                self.core.tx_protocol_errors += 1;
                continue;
            }
            if idx < self.core.tx_fates.base() {
                // Already settled and streamed out: a repeated completion
                // changes nothing (as for a settled frame still held).
                continue;
            }
            if c.reset {
                // Freed by the driver's reset: sent if it left the MAC first.
                if wire_ns.is_some() {
                    self.core.mark_tx(idx, |f| f.completed = true);
                } else {
                    let on = &mut self.core.tx_on_device[c.queue];
                    match on.iter().position(|&i| i == idx) {
                        Some(k) => {
                            on.remove(k);
                        }
                        None => self.core.tx_protocol_errors += 1,
                    }
                    self.core.mark_tx(idx, |f| f.drop = Some(TxDrop::Reset));
                }
            } else if c.error {
                let on = &mut self.core.tx_on_device[c.queue];
                match on.iter().position(|&i| i == idx) {
                    Some(k) => {
                        on.remove(k);
                    }
                    // Already seen on the wire, yet the device says it dropped it.
                    None => self.core.tx_protocol_errors += 1,
                }
                self.core.mark_tx(idx, |f| f.drop = Some(TxDrop::DeviceError));
            } else {
                self.core.mark_tx(idx, |f| f.completed = true);
            }
        }
    }

    fn cpu_irq(&mut self, ci: usize, vector: usize, now_ps: Ps) {
        self.core.watch.irq_enter(ci, vector, self.core.cycle, now_ps); // napi_check
        let (out, end) = self.ctx_run(now_ps, |d, ctx| d.irq(ctx, vector));
        // napi_check: an interrupt for a NAPI already scheduled is merged, and flagged.
        let napi = if let IrqOutcome::ScheduleNapi(q) = out { Some(q) } else { None };
        self.core.watch.irq_exit(napi);
        let c = &mut self.cpus[ci];
        c.free_ps = end.max(now_ps + 100_000 / 1000 * 1000);
        if let IrqOutcome::ScheduleNapi(q) = out {
            // napi_schedule: only if not already scheduled (NAPI_STATE_SCHED:
            // on poll_list, or on a running net_rx_action's lists).
            if !c.napi.contains(&q) && !c.round_list.contains(&q) && !c.repoll.contains(&q) {
                c.napi.push_back(q);
            } else {
                self.host.irqs_merged += 1; // napi_check: no longer silent
            }
        }
    }

    /// One napi->poll() inside net_rx_action, as Linux 6.x runs it
    /// (net/core/dev.c `net_rx_action`, kernel/softirq.c `__do_softirq`):
    /// a run takes the whole poll_list, polls each NAPI once, puts one that
    /// used its whole weight on the repoll list (polled again in the next
    /// run, not this one), and stops early when the budget shared by every
    /// NAPI of the CPU is spent or the time limit in jiffies is reached
    /// (time_squeeze). A run that leaves work raises NET_RX again:
    /// __do_softirq restarts at once up to MAX_SOFTIRQ_RESTART times within
    /// MAX_SOFTIRQ_TIME, then wakes ksoftirqd (counted), which runs after
    /// `resched_ns`.
    fn cpu_poll(&mut self, ci: usize, now_ps: Ps) {
        let t = &self.cfg.timing;
        let now_j = t.jiffies(now_ps);
        let (budget, limit_j, soft_j) = (
            t.netdev_budget as i64,
            t.usecs_to_jiffies(t.budget_usecs),
            t.usecs_to_jiffies(MAX_SOFTIRQ_TIME_MS * 1000),
        );
        {
            let c = &mut self.cpus[ci];
            if !c.in_softirq {
                c.in_softirq = true;
                c.restarts_left = MAX_SOFTIRQ_RESTART;
                c.softirq_end_j = now_j + soft_j;
            }
            if !c.in_round {
                c.in_round = true;
                c.budget = budget;
                c.time_limit_j = now_j + limit_j;
                self.host.softnet[ci].rounds += 1;
            }
            if c.round_list.is_empty() {
                // start: / goto start: splice what was scheduled meanwhile.
                let new: Vec<usize> = c.napi.drain(..).collect();
                c.round_list.extend(new);
            }
        }
        let Some(q) = self.cpus[ci].round_list.pop_front() else {
            self.end_rx_round(ci, now_ps);
            return;
        };
        let weight = self.driver.weight();
        self.frame_buf.clear();
        self.frame_ps.clear();
        let mut frames = std::mem::take(&mut self.frame_buf);
        if !self.core.watch.off() {
            // napi_check
            let tx_ntc = self.driver.tx_next_to_clean(q);
            let Core { watch, mem, cycle, .. } = &mut self.core;
            watch.poll_start(mem, ci, q, weight, tx_ntc, *cycle, now_ps);
        }
        let (work, end) = self.ctx_run(now_ps, |d, ctx| d.napi_poll(ctx, q, weight, &mut frames));
        self.core.watch.poll_returned(work, frames.len(), end); // napi_check
        self.host.napi_polls += 1;
        if let Some(p) = self.host.polls_per_queue.get_mut(q) {
            *p += 1;
        }
        self.host.processed += frames.len() as u64;
        self.host.softnet[ci].processed += frames.len() as u64;
        for (k, fr) in frames.iter().enumerate() {
            let ps = self.frame_ps.get(k).copied().unwrap_or(end);
            self.hand_up(fr, ps);
        }
        self.frame_buf = frames;
        self.tx_completions();
        if !self.core.watch.off() {
            // napi_check
            let (rx_ntc, tx_ntc) = (self.driver.rx_next_to_clean(q), self.driver.tx_next_to_clean(q));
            self.core.watch.poll_end(rx_ntc, tx_ntc);
        }
        // The poll may have woken the TX queue: net_tx_action runs its qdisc here.
        let end = if q < self.driver.tx_queues() { self.qdisc_run(ci, q, end) } else { end };
        let end_j = self.cfg.timing.jiffies(end);
        let c = &mut self.cpus[ci];
        c.free_ps = end.max(now_ps + 1);
        c.budget -= work as i64;
        if work >= weight {
            // napi_poll: a NAPI that used its weight goes on the repoll list.
            c.repoll.push_back(q);
        }
        let left = c.budget;
        let mut why = None; // napi_check (event trace)
        if c.budget <= 0 || end_j >= c.time_limit_j {
            // "If softirq window is exhausted then punt."
            self.host.time_squeeze += 1;
            self.host.softnet[ci].time_squeeze += 1;
            why = Some(if c.budget <= 0 { "budget" } else { "time" });
            self.end_rx_round(ci, end);
        } else if c.round_list.is_empty() {
            if c.repoll.is_empty() && c.napi.is_empty() {
                // Nothing left: net_rx_action and the softirq end.
                c.in_round = false;
                c.in_softirq = false;
                why = Some("empty");
            } else if !c.repoll.is_empty() {
                why = Some("repoll");
                self.end_rx_round(ci, end);
            }
            // else goto start: the next step splices the new poll_list.
        }
        if let Some(why) = why {
            self.core.watch.round_end(ci, left, why, end); // napi_check
        }
    }

    /// The end of a net_rx_action run that leaves work: poll_list becomes
    /// the unpolled rest, then what was scheduled meanwhile, then the
    /// repoll list; NET_RX is raised again and __do_softirq either restarts
    /// or hands over to ksoftirqd.
    fn end_rx_round(&mut self, ci: usize, end_ps: Ps) {
        let t = &self.cfg.timing;
        let end_j = t.jiffies(end_ps);
        let resched = t.resched_ns as Ps * 1000;
        let c = &mut self.cpus[ci];
        c.in_round = false;
        let mut list: VecDeque<usize> = std::mem::take(&mut c.round_list);
        list.extend(c.napi.drain(..));
        list.extend(c.repoll.drain(..));
        c.napi = list;
        if c.napi.is_empty() {
            c.in_softirq = false;
            return;
        }
        c.restarts_left = c.restarts_left.saturating_sub(1);
        if end_j < c.softirq_end_j && c.restarts_left > 0 {
            return; // restart: the next run follows at once
        }
        // wakeup_softirqd: ksoftirqd runs the rest with a fresh window.
        c.in_softirq = false;
        c.free_ps = c.free_ps.max(end_ps) + resched;
        self.host.ksoftirqd += 1;
        self.host.softnet[ci].ksoftirqd += 1;
    }

    fn hand_up(&mut self, fr: &RxFrame, ps: Ps) {
        self.delivered += 1;
        self.core.last_progress = self.core.cycle;
        let Some(f) = self.core.in_ring.get_mut(fr.queue).and_then(|r| r.pop_front()) else {
            self.core.protocol_errors += 1;
            return;
        };
        let fate = &mut self.core.fates[f];
        if fate.dma_failed {
            // Issue 11: its bytes or its DD never reached memory intact; what
            // the driver handed up is the buffer's old contents.
            fate.drop = Some(Drop::DmaError);
            return;
        }
        fate.delivered = true;
        fate.hash = Some(fr.hash);
        fate.hash_type = Some(fr.hash_type.code());
        fate.rx_ns = Some(u64::try_from(ps / 1000).unwrap_or(u64::MAX));
        fate.corrupt = self.offered.get(f).is_none_or(|b| fr.data != *b);
        match self.sink.as_mut() {
            Some(sink) => {
                let r = sink.rx_delivered(f, &self.core.fates[f], &fr.data);
                self.sink_result(r);
            }
            None => self.delivery_order.push(f),
        }
    }

    /// Everything is idle: any frame without a fate now will never get one.
    fn finish_stranded(&mut self) {
        if !self.core.tx_all_settled() {
            // Reclaimed but never on the wire, on the wire but never
            // reclaimed, or waiting in a stopped queue's backlog.
            let base = self.core.tx_fates.base();
            self.tx_stranded = (base..self.core.tx_fates.len()).filter(|&i| !self.core.tx_fates[i].settled()).collect();
        }
        if !self.rx_settled() {
            // In a ring with nothing to make the driver look, or accepted by
            // the device and never reported again (a device bug).
            self.stranded = self.core.in_ring.iter().flatten().chain(self.core.accepted.iter()).copied().collect();
            self.stranded.sort_unstable();
        }
    }

    /// True when every offered RX frame has a final fate.
    fn rx_settled(&self) -> bool {
        self.rx_feed.is_none()
            && self.core.ingress_seen == self.frames_total
            && self.core.accepted.is_empty()
            && self.core.in_ring.iter().all(|r| r.is_empty())
    }

    /// True when every offered frame, RX and TX, has a final fate.
    fn all_settled(&self) -> bool {
        self.rx_settled() && self.core.tx_all_settled()
    }

    /// Frames (RX and TX) with a final fate, for progress reports.
    fn settled_count(&self) -> usize {
        self.core.ingress_seen - self.core.accepted.len() + self.core.tx_settled
    }

    /// Run until every frame is delivered or dropped, or nothing more can
    /// happen. `progress` is called now and then with (frames settled, cycle).
    pub fn run(&mut self, progress: &mut dyn FnMut(usize, u64)) -> Result<(), SimError> {
        self.run_until(u64::MAX, progress).map(drop)
    }

    /// [`Sim::run`], but return at cycle `until` if the run has not ended
    /// by then (`Ok(false)`; call again to go on). `Ok(true)`: the run ended.
    /// Lets a test act on the machine mid-run (e.g. inject a fault).
    pub fn run_until(&mut self, until: u64, progress: &mut dyn FnMut(usize, u64)) -> Result<bool, SimError> {
        let mut next_report = 0u64;
        loop {
            if self.core.cycle >= until {
                return Ok(false);
            }
            // Refill in batches: a few compares per cycle, the feeds' work once per ~200 frames.
            if (self.rx_feed.is_some() && self.core.mac.frames_pending() < FEED_LOW)
                || (self.tx_feed.is_some() && self.tx_waiting < FEED_LOW)
            {
                self.refill()?;
            }
            if self.core.mem.pending_msis() > 0 {
                self.take_msis();
            }
            if self.core.cycle >= self.next_host_cycle {
                self.run_host();
            }
            // Every settling also moves `last_progress`: look only then.
            if self.sink.is_some() && self.core.last_progress != self.retired_at {
                self.retired_at = self.core.last_progress;
                self.retire();
                if let Some(e) = self.take_sink_error() {
                    return Err(e);
                }
            }
            if self.core.cycle >= next_report {
                next_report = self.core.cycle + (1 << 16);
                progress(self.settled_count(), self.core.cycle);
                if self.cfg.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed)) {
                    // Stopped from outside: what has no fate yet is
                    // interrupted, not stranded.
                    self.interrupted = true;
                    break;
                }
                self.recompute_next_host();
                let quiet = self.core.mac.next_start_cycle().is_none() && self.host_idle() && self.feeds_done();
                // A MAC that never takes another beat keeps a device with a
                // frame to send busy for good: once every frame has its fate,
                // nothing that matters can happen any more.
                let wedged = self.core.txsink.stuck_for_good(self.core.cycle) && self.all_settled();
                if quiet && (self.core.idle() || wedged) {
                    self.finish_stranded();
                    break;
                }
                let stalled = self.core.cycle - self.core.last_progress > self.cfg.watchdog_cycles;
                // Only the driver's timers were left, and in all that time
                // they recovered nothing: what has no fate now never will.
                if stalled
                    && self.core.mac.next_start_cycle().is_none()
                    && self.feeds_done()
                    && self.host_idle_but_timers()
                    && self.core.mem.idle()
                    && self.core.dev.quiescent()
                {
                    self.finish_stranded();
                    break;
                }
                // A scheduled gap on the wire is not a hang: the next frame will strobe ingress.
                if stalled
                    && !self.all_settled()
                    && self.core.mac.next_start_cycle().is_none_or(|s| s <= self.core.cycle)
                    && !self.tx_scheduled_later()
                {
                    return Err(self.hang());
                }
            }
            // Event-driven time: when the buses and the device are idle (or
            // only count down timers), jump straight to the next thing that
            // can happen, however far away.
            if self.core.mem.pending_msis() == 0 {
                let idle = self.core.idle_for();
                if idle > 0 && self.core.last_progress != self.timers_at {
                    // Frames moved since the host last looked: a timer kept
                    // for them may no longer matter.
                    self.timers_at = self.core.last_progress;
                    self.recompute_next_host();
                }
                if idle > 0 {
                    let mac_next = self.core.mac.next_start_cycle();
                    // Nothing left anywhere: the run ends at this very cycle.
                    if idle == u64::MAX
                        && mac_next.is_none()
                        && self.host_idle()
                        && self.next_host_cycle == u64::MAX
                        && self.feeds_done()
                    {
                        self.finish_stranded();
                        break;
                    }
                    let mut target = self.next_host_cycle;
                    if let Some(s) = mac_next {
                        target = target.min(s);
                    }
                    if let Some(a) = self.core.axil.next_event_cycle() {
                        target = target.min(a);
                    }
                    target = target.min(self.core.cycle.saturating_add(idle)).min(until);
                    if target == u64::MAX {
                        next_report = self.core.cycle;
                        continue;
                    }
                    if target > self.core.cycle + 1 {
                        self.core.skip_to(target);
                        if mac_next == Some(target) {
                            // A frame arrives now: the gap before it was not a stall.
                            self.core.last_progress = target;
                        }
                        continue;
                    }
                }
            }
            self.core.step();
        }
        progress(self.settled_count(), self.core.cycle);
        self.settle_totals();
        if let Some(e) = self.take_sink_error() {
            return Err(e);
        }
        self.core.watch.finish().map_err(SimError::Output)?; // napi_check
        Ok(true)
    }

    /// The no-progress error, with what was in flight and the likely cause.
    fn hang(&self) -> SimError {
        let in_rings: usize = self.core.in_ring.iter().map(|r| r.len()).sum();
        let cause = if !self.core.dev.quiescent() && in_rings == 0 && !self.core.accepted.is_empty() {
            "frames wait in the device for RX descriptors the driver never gives back (with one queue the \
             driver sets RXCTL.HOLD, as igb clears DROP_EN, so a ring that is never refilled stalls the device)"
        } else if !self.core.dev.quiescent() {
            "the device stays busy without finishing a frame: a DMA waiting on host memory that never \
             answers, or a device bug"
        } else if in_rings > 0 {
            "frames wait in a ring and no interrupt comes: a lost interrupt or a driver that never polls"
        } else {
            "the host has work it never finishes (a stopped TX queue that is never woken?)"
        };
        SimError::Hang {
            cycles: self.cfg.watchdog_cycles,
            at: self.core.cycle,
            detail: format!(
                "{} frames judged of {}, {} accepted in flight, {} in rings; TX: {} of {} settled, \
                 {} on the device, {} in qdiscs; device quiescent: {}; likely cause: {cause}",
                self.core.ingress_seen,
                self.frames_total,
                self.core.accepted.len(),
                in_rings,
                self.core.tx_settled,
                self.core.tx_fates.len(),
                self.core.tx_on_device.iter().map(|r| r.len()).sum::<usize>(),
                self.tx_backlog.iter().map(|r| r.len()).sum::<usize>(),
                self.core.dev.quiescent()
            ),
        }
    }

    /// Device counters (MMIO reads through the driver, after traffic) and
    /// the driver's own counters, ethtool -S style.
    pub fn ethtool_stats(&mut self) -> Vec<(String, u64)> {
        let start = self.core.clock.ps_of(self.core.cycle);
        let (mut dev, _) = self.ctx_run(start, |d, ctx| d.device_stats(ctx));
        let mut v = self.driver.counters();
        v.append(&mut dev);
        v
    }

    pub fn offered(&self, f: usize) -> &[u8] {
        &self.offered[f]
    }

    /// Take the offered (padded) frames still held out of the simulation
    /// (all of them in a run without a sink).
    pub fn take_offered(&mut self) -> Vec<Vec<u8>> {
        self.offered.take_all()
    }

    /// Frames waiting in TX queue `q`'s qdisc backlog.
    pub fn tx_backlog(&self, q: usize) -> usize {
        self.tx_backlog[q].len()
    }

    /// Issue 11: what the NAPI checker found (merged interrupts counted even with the checker off).
    pub fn napi_report(&self) -> crate::napi_check::NapiReport {
        let mut r = self.core.watch.report.clone();
        r.irqs_merged = self.host.irqs_merged;
        r
    }

    pub fn sim_ns(&self) -> u64 {
        self.core.clock.ns_of(self.core.cycle)
    }
}

/// `wire` is `offered` padded with zeros to 60 bytes.
pub fn wire_equal(wire: &[u8], offered: &[u8]) -> bool {
    wire.len() == offered.len().max(60)
        && wire[..offered.len()] == *offered
        && wire[offered.len()..].iter().all(|&b| b == 0)
}
