//! The NAPI invariant checker (issue 11): watches the driver through the
//! same window the kernel would (its MMIO writes, the descriptor memory it
//! hands to the device, what its interrupt handler and poll return) and
//! flags every break of the rules a Linux NAPI driver must keep, at the poll
//! or interrupt that breaks it, rather than only the consequences (stranded
//! or corrupted frames) seen at the end of a run.
//!
//! The rules (names as in the stats' `napi_violations`):
//!
//! | rule | what | from |
//! |---|---|---|
//! | `work_over_weight` | a poll returned, or handed up, more than its weight | `napi_poll`: `WARN_ON_ONCE(work > weight)` |
//! | `complete_without_unmask` | a poll returned < weight (napi_complete_done) but did not re-enable its vector: it stays masked, interrupts are lost | `igb_poll` → `igb_ring_irq_enable` |
//! | `unmask_without_complete` | the vector was re-enabled (EIMS) while its NAPI stays scheduled (a poll returning the full weight, or the interrupt handler) | `napi_complete_done` must come first |
//! | `irq_while_scheduled` | an interrupt arrived for a vector whose NAPI is scheduled (the kernel merges it silently: NAPI_STATE_SCHED) | `napi_schedule_prep` |
//! | `poll_unscheduled` | a NAPI instance was polled without being scheduled | `net_rx_action` / `napi_poll` |
//! | `refill_not_behind` | after a poll, the RX tail (last RDT write) is not right behind next_to_clean: cleaned buffers were not given back | `igb_clean_rx_irq` → `igb_alloc_rx_buffers` |
//! | `rx_refill_dd_set` | an RDT write handed the device a descriptor still showing DD, or with no buffer | `igb_alloc_rx_buffers` clears `wb.upper.status_error` |
//! | `tx_doorbell_unwritten` | a TDT write covered a descriptor that was never written (length 0) or still shows DD from its last use | `igb_tx_map`: descriptors, `wmb()`, then `writel(tail)` |
//! | `tx_clean_skipped` | a poll found a finished TX frame at next_to_clean and reclaimed nothing | `igb_poll` → `igb_clean_tx_irq` on every poll |
//! | `complete_with_tx_pending` | a poll completed while TX frames that were finished when it started are still unreclaimed | `igb_poll`: `if (!clean_complete) return budget` |
//! | `tx_reclaim_late` | a TX frame was reclaimed longer than the bound after it left the MAC | `igb_clean_tx_irq` / tx hang detection |
//!
//! The checker needs nothing from the driver beyond its ring indices
//! ([`crate::sim::Sim`] asks `next_to_clean` of each ring, as ethtool -d or
//! debugfs would show them); ring addresses and sizes are learnt from the
//! driver's own register writes.

use crate::bfm::HostMem;
use crate::events::{Event, EventLog};
use nicsim_hw::desc::{
    RxReadDesc, TxDesc, DESC_BYTES, RX_STATUS_BYTE, STA_DD, TX_CMD_BYTE, TX_CMD_EOP, TX_STATUS_BYTE, TX_STA_DD,
};
use nicsim_hw::regs::*;

/// A broken NAPI rule. `name()` gives the stats key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    WorkOverWeight,
    CompleteWithoutUnmask,
    UnmaskWithoutComplete,
    IrqWhileScheduled,
    PollUnscheduled,
    RefillNotBehind,
    RxRefillDdSet,
    TxDoorbellUnwritten,
    TxCleanSkipped,
    CompleteWithTxPending,
    TxReclaimLate,
}

impl Rule {
    pub const ALL: [Rule; 11] = [
        Rule::WorkOverWeight,
        Rule::CompleteWithoutUnmask,
        Rule::UnmaskWithoutComplete,
        Rule::IrqWhileScheduled,
        Rule::PollUnscheduled,
        Rule::RefillNotBehind,
        Rule::RxRefillDdSet,
        Rule::TxDoorbellUnwritten,
        Rule::TxCleanSkipped,
        Rule::CompleteWithTxPending,
        Rule::TxReclaimLate,
    ];
    pub fn idx(self) -> usize {
        self as usize
    }
    pub fn name(self) -> &'static str {
        match self {
            Rule::WorkOverWeight => "work_over_weight",
            Rule::CompleteWithoutUnmask => "complete_without_unmask",
            Rule::UnmaskWithoutComplete => "unmask_without_complete",
            Rule::IrqWhileScheduled => "irq_while_scheduled",
            Rule::PollUnscheduled => "poll_unscheduled",
            Rule::RefillNotBehind => "refill_not_behind",
            Rule::RxRefillDdSet => "rx_refill_dd_set",
            Rule::TxDoorbellUnwritten => "tx_doorbell_unwritten",
            Rule::TxCleanSkipped => "tx_clean_skipped",
            Rule::CompleteWithTxPending => "complete_with_tx_pending",
            Rule::TxReclaimLate => "tx_reclaim_late",
        }
    }
    pub fn from_name(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == s)
    }
}

/// One recorded violation: where and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub cycle: u64,
    /// Host time of the CPU that broke it, ns.
    pub ns: u64,
    pub queue: Option<usize>,
    pub vector: Option<usize>,
    pub cpu: Option<usize>,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let o = |v: Option<usize>| v.map_or("-".to_owned(), |v| v.to_string());
        write!(
            f,
            "{} at cycle {} ({} ns), queue {}, vector {}, cpu {}: {}",
            self.rule.name(),
            self.cycle,
            self.ns,
            o(self.queue),
            o(self.vector),
            o(self.cpu),
            self.detail
        )
    }
}

/// Violations kept in full (the counts cover all of them).
pub const KEEP: usize = 32;

/// The checker's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NapiReport {
    /// The checker ran (`--check-napi on`).
    pub enabled: bool,
    /// By [`Rule::idx`].
    pub counts: [u64; 11],
    /// The first [`KEEP`] violations.
    pub first: Vec<Violation>,
    /// Interrupts for an already scheduled NAPI, merged by the host (counted
    /// by the host whether or not the checker runs).
    pub irqs_merged: u64,
}

impl NapiReport {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
    pub fn count(&self, r: Rule) -> u64 {
        self.counts[r.idx()]
    }
    /// Rules broken at least once.
    pub fn broken(&self) -> Vec<Rule> {
        Rule::ALL.into_iter().filter(|r| self.count(*r) > 0).collect()
    }
}

/// A descriptor ring as the driver programmed it.
#[derive(Clone, Copy, Debug, Default)]
struct RingView {
    base: u64,
    len: usize,
    /// Last tail written (RDT/TDT).
    tail: usize,
}

impl RingView {
    fn slot(&self, i: usize) -> u64 {
        self.base + (i * DESC_BYTES) as u64
    }
    fn known(&self) -> bool {
        self.len.is_power_of_two() && self.len >= 2 && self.base != 0
    }
    /// Slots from `a` forward to `b`.
    fn dist(&self, a: usize, b: usize) -> usize {
        (b + self.len - a) % self.len
    }
}

/// The poll being run.
#[derive(Clone, Copy, Debug)]
struct PollCtx {
    queue: usize,
    vector: usize,
    cpu: usize,
    weight: usize,
    start_ps: u128,
    unmasked: bool,
    /// TX: next_to_clean at the start, finished frames found from there, and
    /// the slot after the last of them.
    tx_ntc: Option<usize>,
    tx_avail: usize,
    tx_dd_end: usize,
    tx_cleaned: usize,
    /// An RX buffer allocation failed in this poll: a short refill is allowed.
    alloc_failed: bool,
    /// Frames handed up and the value returned.
    rx_work: usize,
    ret: usize,
}

/// What the checker and the event trace share: the state learnt from the
/// driver's register writes and the NAPI state of each queue.
pub struct Watch {
    /// Rules are checked (`--check-napi on`).
    pub check: bool,
    pub events: Option<EventLog>,
    rx: [RingView; MAX_Q],
    tx: [RingView; MAX_Q],
    /// Vector of each RX queue (RXQ.IVAR).
    rx_vector: [usize; MAX_Q],
    /// NAPI_STATE_SCHED per queue.
    scheduled: [bool; MAX_Q],
    poll: Option<PollCtx>,
    /// Inside an interrupt handler: (cpu, vector).
    irq: Option<(usize, usize)>,
    /// TX frames must be reclaimed within this long after leaving the MAC.
    pub tx_reclaim_bound_ns: u64,
    /// MMIO one-way latency in cycles (the earliest an unmask takes effect).
    pub mmio_latency_cycles: u64,
    /// The device clock (cycles <-> host time).
    pub clock: crate::bfm::Clock,
    /// Host time of the current hook (ps) and cycle.
    now_ps: u128,
    cycle: u64,
    pub report: NapiReport,
    /// Ends the run (through the run's stop flag) after this many
    /// violations or past this cycle: a broken driver can livelock the host
    /// (e.g. delivering stale descriptors forever), and one violation is
    /// enough to fail it.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    pub stop_after_violations: u64,
    pub stop_after_cycle: u64,
}

const MAX_Q: usize = nicsim_hw::MAX_QUEUES;

impl Default for Watch {
    fn default() -> Self {
        Watch::new(true, None)
    }
}

impl Watch {
    pub fn new(check: bool, events: Option<EventLog>) -> Self {
        Watch {
            check,
            events,
            rx: [RingView::default(); MAX_Q],
            tx: [RingView::default(); MAX_Q],
            rx_vector: std::array::from_fn(|q| q),
            scheduled: [false; MAX_Q],
            poll: None,
            irq: None,
            tx_reclaim_bound_ns: 10_000_000,
            mmio_latency_cycles: 0,
            clock: crate::bfm::Clock::default(),
            now_ps: 0,
            cycle: 0,
            report: NapiReport { enabled: check, ..Default::default() },
            stop: None,
            stop_after_violations: u64::MAX,
            stop_after_cycle: u64::MAX,
        }
    }

    /// Nothing to do: no rules and no trace.
    #[inline]
    pub fn off(&self) -> bool {
        !self.check && self.events.is_none()
    }

    fn ns(&self) -> u64 {
        u64::try_from(self.now_ps / 1000).unwrap_or(u64::MAX)
    }

    fn emit(&mut self, e: Event) {
        let ns = self.ns();
        if let Some(log) = self.events.as_mut() {
            log.push(self.cycle, ns, e);
        }
    }

    fn violate(&mut self, rule: Rule, queue: Option<usize>, vector: Option<usize>, cpu: Option<usize>, detail: String) {
        if !self.check {
            return;
        }
        self.report.counts[rule.idx()] += 1;
        if self.report.total() >= self.stop_after_violations {
            self.request_stop();
        }
        if self.report.first.len() < KEEP {
            let v = Violation { rule, cycle: self.cycle, ns: self.ns(), queue, vector, cpu, detail };
            self.report.first.push(v);
        }
        self.emit(Event::Violation { rule: rule.name(), queue, vector, cpu });
    }

    /// Context of the current poll for a violation.
    fn at_poll(&self) -> (Option<usize>, Option<usize>, Option<usize>) {
        match self.poll {
            Some(p) => (Some(p.queue), Some(p.vector), Some(p.cpu)),
            None => (None, None, None),
        }
    }

    /// Sets the clock of the next hooks.
    #[inline]
    pub fn at(&mut self, cycle: u64, ps: u128) {
        self.cycle = cycle;
        self.now_ps = ps;
        if cycle > self.stop_after_cycle {
            self.request_stop();
        }
    }

    fn request_stop(&self) {
        if let Some(s) = &self.stop {
            s.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    // ------------------------------------------------------------- MMIO

    /// The driver wrote a register (HostOps::mmio_write32).
    pub fn mmio_write(&mut self, mem: &HostMem, off: u32, val: u32, cycle: u64, ps: u128) {
        if self.off() {
            return;
        }
        self.at(cycle, ps);
        match off {
            EIMS => self.on_unmask(val),
            o if (RXQ..RXQ + RXQ_STRIDE * MAX_Q as u32).contains(&o) => {
                let q = ((o - RXQ) / RXQ_STRIDE) as usize;
                let r = &mut self.rx[q];
                match (o - RXQ) % RXQ_STRIDE {
                    rxq::RDBAL => r.base = (r.base & !0xFFFF_FFFF) | (val & !0xF) as u64,
                    rxq::RDBAH => r.base = (r.base & 0xFFFF_FFFF) | (val as u64) << 32,
                    rxq::RDLEN => r.len = rxq::rdlen::LEN.get(val) as usize,
                    // Enabling zeroes the head; the tail written next starts from 0.
                    rxq::RXCTL if rxq::rxctl::ENABLE.get(val) == 1 => r.tail = 0,
                    rxq::IVAR => self.rx_vector[q] = rxq::ivar::VECTOR.get(val) as usize,
                    rxq::RDT => self.on_rdt(mem, q, rxq::rdt::TAIL.get(val) as usize),
                    _ => {}
                }
            }
            o if (TXQ..TXQ + TXQ_STRIDE * MAX_Q as u32).contains(&o) => {
                let q = ((o - TXQ) / TXQ_STRIDE) as usize;
                let r = &mut self.tx[q];
                match (o - TXQ) % TXQ_STRIDE {
                    txq::TDBAL => r.base = (r.base & !0xFFFF_FFFF) | (val & !0xF) as u64,
                    txq::TDBAH => r.base = (r.base & 0xFFFF_FFFF) | (val as u64) << 32,
                    txq::TDLEN => r.len = txq::tdlen::LEN.get(val) as usize,
                    txq::TXCTL if txq::txctl::ENABLE.get(val) == 1 => r.tail = 0,
                    txq::TDT => self.on_tdt(mem, q, txq::tdt::TAIL.get(val) as usize),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn on_unmask(&mut self, val: u32) {
        // The write leaves the CPU at its own time, which may run ahead of the device.
        let issued = self.clock.ps_to_cycles_ceil(self.now_ps);
        let lands = self.cycle.max(issued).saturating_add(self.mmio_latency_cycles);
        for v in (0..32).filter(|v| val & (1 << v) != 0) {
            self.emit(Event::Unmask { vector: v, lands_cycle: lands });
            let Some(q) = (0..MAX_Q).find(|&q| self.rx_vector[q] == v && self.rx[q].known()) else { continue };
            if let Some(p) = self.poll.as_mut() {
                if p.vector == v {
                    p.unmasked = true;
                    continue;
                }
            }
            if let Some((cpu, iv)) = self.irq {
                if iv == v {
                    self.violate(
                        Rule::UnmaskWithoutComplete,
                        Some(q),
                        Some(v),
                        Some(cpu),
                        "the interrupt handler re-enabled its own vector before any poll".into(),
                    );
                }
            }
        }
    }

    /// RX refill doorbell: every descriptor handed over must be clean.
    fn on_rdt(&mut self, mem: &HostMem, q: usize, tail: usize) {
        let r = self.rx[q];
        if !r.known() || tail >= r.len {
            return;
        }
        let count = r.dist(r.tail, tail);
        self.rx[q].tail = tail;
        self.emit(Event::Refill { queue: q, count, tail });
        if !self.check {
            return;
        }
        let mut i = r.tail;
        for _ in 0..count {
            let mut d = [0u8; DESC_BYTES];
            mem.read(r.slot(i), &mut d);
            let buf = RxReadDesc::from_bytes(&d).buf_addr;
            if d[RX_STATUS_BYTE] & STA_DD != 0 || buf == 0 {
                let (_, v, c) = self.at_poll();
                let what = if buf == 0 { "no buffer address" } else { "DD still set" };
                self.violate(
                    Rule::RxRefillDdSet,
                    Some(q),
                    v.or(Some(self.rx_vector[q])),
                    c,
                    format!("RDT {tail} hands over descriptor {i} with {what}"),
                );
                break;
            }
            i = (i + 1) % r.len;
        }
    }

    /// TX doorbell: every descriptor it covers must have been written.
    fn on_tdt(&mut self, mem: &HostMem, q: usize, tail: usize) {
        let r = self.tx[q];
        if !r.known() || tail >= r.len {
            return;
        }
        let count = r.dist(r.tail, tail);
        self.tx[q].tail = tail;
        let mut frames = 0;
        let mut bad = None;
        let mut i = r.tail;
        for _ in 0..count {
            let mut d = [0u8; DESC_BYTES];
            mem.read(r.slot(i), &mut d);
            let t = TxDesc::from_bytes(&d);
            let len = t.len;
            if t.eop() {
                frames += 1;
            }
            if bad.is_none() && (len == 0 || t.dd()) {
                bad = Some((i, len == 0));
            }
            i = (i + 1) % r.len;
        }
        self.emit(Event::Doorbell { queue: q, tail, descs: count, frames });
        if let Some((i, empty)) = bad {
            let what = if empty { "length 0 (never written)" } else { "DD from its last use" };
            let (_, _, c) = self.at_poll();
            self.violate(
                Rule::TxDoorbellUnwritten,
                Some(q),
                Some(self.rx_vector[q]),
                c,
                format!("TDT {tail} covers descriptor {i} with {what}"),
            );
        }
    }

    // ------------------------------------------------------- interrupts

    /// An MSI-X message reached host memory.
    pub fn msi(&mut self, cycle: u64, vector: usize, cpu: usize) {
        if self.off() {
            return;
        }
        self.at(cycle, self.clock.ps_of(cycle));
        self.emit(Event::Msi { vector, cpu });
    }

    /// The handler of `vector` starts on `cpu`.
    pub fn irq_enter(&mut self, cpu: usize, vector: usize, cycle: u64, ps: u128) {
        if self.off() {
            return;
        }
        self.at(cycle, ps);
        self.irq = Some((cpu, vector));
        self.emit(Event::Irq { vector, cpu });
    }

    /// The handler asked for `napi` (a queue) to be scheduled, or nothing.
    /// Returns true when that NAPI was scheduled already (the host merges it).
    pub fn irq_exit(&mut self, napi: Option<usize>) -> bool {
        let Some((cpu, vector)) = self.irq.take() else {
            // Checker and trace off: the host still needs to know.
            return false;
        };
        let Some(q) = napi.filter(|&q| q < MAX_Q) else { return false };
        let merged = self.scheduled[q];
        if merged {
            self.violate(
                Rule::IrqWhileScheduled,
                Some(q),
                Some(vector),
                Some(cpu),
                "interrupt for a NAPI already scheduled: its vector was unmasked too early".into(),
            );
        }
        self.scheduled[q] = true;
        self.emit(Event::NapiSchedule { queue: q, cpu, merged });
        merged
    }

    // ------------------------------------------------------------ polls

    /// A poll of `queue` starts. `tx_ntc`: the driver's TX next_to_clean.
    #[allow(clippy::too_many_arguments)]
    pub fn poll_start(
        &mut self,
        mem: &HostMem,
        cpu: usize,
        queue: usize,
        weight: usize,
        tx_ntc: Option<usize>,
        cycle: u64,
        ps: u128,
    ) {
        if self.off() || queue >= MAX_Q {
            return;
        }
        self.at(cycle, ps);
        let vector = self.rx_vector[queue];
        let mut p = PollCtx {
            queue,
            vector,
            cpu,
            weight,
            start_ps: ps,
            unmasked: false,
            tx_ntc: None,
            tx_avail: 0,
            tx_dd_end: 0,
            tx_cleaned: 0,
            alloc_failed: false,
            rx_work: 0,
            ret: 0,
        };
        if !self.scheduled[queue] {
            self.poll = Some(p);
            self.violate(
                Rule::PollUnscheduled,
                Some(queue),
                Some(vector),
                Some(cpu),
                "napi_poll on a NAPI that is not scheduled".into(),
            );
        }
        // Finished TX frames waiting from next_to_clean on.
        let r = self.tx[queue];
        if let (Some(ntc), true, true) = (tx_ntc, r.known(), self.check) {
            let ntc = ntc % r.len;
            p.tx_ntc = Some(ntc);
            p.tx_dd_end = ntc;
            let mut i = ntc;
            while i != r.tail {
                let mut d = [0u8; DESC_BYTES];
                mem.read(r.slot(i), &mut d);
                i = (i + 1) % r.len;
                if d[TX_CMD_BYTE] & TX_CMD_EOP != 0 {
                    if d[TX_STATUS_BYTE] & TX_STA_DD == 0 {
                        break;
                    }
                    p.tx_avail += 1;
                    p.tx_dd_end = i;
                }
            }
        }
        self.poll = Some(p);
        self.emit(Event::PollStart { queue, cpu, weight });
    }

    /// The poll returned `ret` having handed up `frames`.
    pub fn poll_returned(&mut self, ret: usize, frames: usize, end_ps: u128) {
        let Some(p) = self.poll.as_mut() else { return };
        p.ret = ret;
        p.rx_work = frames;
        self.now_ps = end_ps;
    }

    /// An RX buffer allocation failed (fault injection): igb stops the refill
    /// and retries on the next poll, so this poll may leave the tail short.
    pub fn rx_alloc_failed(&mut self) {
        if let Some(p) = self.poll.as_mut() {
            p.alloc_failed = true;
        }
    }

    /// A TX frame the poll reclaimed; `wire_ns` when it left the MAC.
    pub fn tx_reclaimed(&mut self, wire_ns: Option<u64>) {
        let Some(p) = self.poll.as_mut() else { return };
        p.tx_cleaned += 1;
        let (q, v, c) = (p.queue, p.vector, p.cpu);
        let now = self.ns();
        if let Some(w) = wire_ns {
            if now.saturating_sub(w) > self.tx_reclaim_bound_ns {
                self.violate(
                    Rule::TxReclaimLate,
                    Some(q),
                    Some(v),
                    Some(c),
                    format!("reclaimed {} ns after it left the MAC (bound {} ns)", now - w, self.tx_reclaim_bound_ns),
                );
            }
        }
    }

    /// The poll is over (its frames handed up, its completions taken).
    /// `rx_ntc`, `tx_ntc`: the driver's next_to_clean now.
    pub fn poll_end(&mut self, rx_ntc: Option<usize>, tx_ntc: Option<usize>) {
        let Some(p) = self.poll.take() else { return };
        let (q, v, c) = (Some(p.queue), Some(p.vector), Some(p.cpu));
        let complete = p.ret < p.weight;
        if p.ret > p.weight || p.rx_work > p.weight {
            self.violate(
                Rule::WorkOverWeight,
                q,
                v,
                c,
                format!("returned {} and handed up {} frames with weight {}", p.ret, p.rx_work, p.weight),
            );
        }
        if complete && !p.unmasked {
            self.violate(
                Rule::CompleteWithoutUnmask,
                q,
                v,
                c,
                format!("returned {} < weight {} without re-enabling vector {}", p.ret, p.weight, p.vector),
            );
        }
        if !complete && p.unmasked {
            self.violate(
                Rule::UnmaskWithoutComplete,
                q,
                v,
                c,
                format!("re-enabled vector {} but returned the full weight {} (still scheduled)", p.vector, p.weight),
            );
        }
        let r = self.rx[p.queue];
        if let (Some(ntc), true, false) = (rx_ntc, r.known(), p.alloc_failed) {
            let want = (ntc + r.len - 1) % r.len;
            if r.tail != want {
                self.violate(
                    Rule::RefillNotBehind,
                    q,
                    v,
                    c,
                    format!("RX tail {} after the poll, next_to_clean {ntc}: want {want}", r.tail),
                );
            }
        }
        let t = self.tx[p.queue];
        if let (Some(start), Some(now), true) = (p.tx_ntc, tx_ntc, t.known()) {
            let moved = t.dist(start, now % t.len);
            let need = t.dist(start, p.tx_dd_end);
            if p.tx_avail > 0 && moved == 0 {
                self.violate(
                    Rule::TxCleanSkipped,
                    q,
                    v,
                    c,
                    format!("{} finished TX frame(s) waited at next_to_clean {start}; none reclaimed", p.tx_avail),
                );
            } else if complete && moved < need {
                self.violate(
                    Rule::CompleteWithTxPending,
                    q,
                    v,
                    c,
                    format!("completed with finished TX descriptors left ({moved} of {need} reclaimed)"),
                );
            }
        }
        if complete {
            self.scheduled[p.queue] = false;
        }
        let dur_ns = u64::try_from(self.now_ps.saturating_sub(p.start_ps) / 1000).unwrap_or(0);
        self.emit(Event::PollEnd {
            queue: p.queue,
            cpu: p.cpu,
            weight: p.weight,
            rx_work: p.rx_work,
            ret: p.ret,
            tx_cleaned: p.tx_cleaned,
            complete,
            dur_ns,
        });
    }

    /// A net_rx_action round on `cpu` ended.
    pub fn round_end(&mut self, cpu: usize, budget_left: i64, why: &'static str, ps: u128) {
        if self.events.is_none() {
            return;
        }
        self.now_ps = ps;
        self.emit(Event::SoftirqEnd { cpu, budget_left, why });
    }

    /// __qdisc_run handed `sent` frames of queue `q` to the driver; `requeued`
    /// came back busy; `backlog` left.
    pub fn qdisc_run(&mut self, q: usize, sent: usize, requeued: bool, backlog: usize, cycle: u64, ps: u128) {
        if self.events.is_none() {
            return;
        }
        self.at(cycle, ps);
        self.emit(Event::QdiscRun { queue: q, sent, requeued, backlog });
    }

    /// Issue 11: napi_disable of every instance before the driver's reset
    /// task: nothing is scheduled or being polled afterwards.
    pub fn napi_disabled(&mut self, cycle: u64, ps: u128) {
        if self.off() {
            return;
        }
        self.at(cycle, ps);
        self.scheduled = [false; MAX_Q];
        self.poll = None;
        self.irq = None;
    }

    /// Issue 11: dev_watchdog timed out TX queue `q` (event trace).
    pub fn tx_timeout(&mut self, q: usize, cycle: u64, ps: u128) {
        if self.events.is_none() {
            return;
        }
        self.at(cycle, ps);
        self.emit(Event::TxTimeout { queue: q });
    }

    /// Issue 11: the driver's reset task ended; `up`: the device is back (event trace).
    pub fn reset_done(&mut self, up: bool, cycle: u64, ps: u128) {
        if self.events.is_none() {
            return;
        }
        self.at(cycle, ps);
        self.emit(Event::Reset { up });
    }

    /// The run is over: flush the trace.
    pub fn finish(&mut self) -> Result<(), String> {
        match self.events.as_mut() {
            Some(log) => log.finish(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each rule fires on a deliberately broken sequence of driver actions,
    //! and a correct sequence breaks none.
    use super::*;
    use crate::bfm::HostMemConfig;
    use nicsim_hw::desc::{RxReadDesc, TxDesc, TX_CMD_RS};

    const LEN: usize = 8;
    const W: usize = 64;

    struct Bed {
        w: Watch,
        mem: HostMem,
        rx_base: u64,
        tx_base: u64,
        cycle: u64,
    }

    impl Bed {
        /// One queue pair on vector 0, programmed as probe does: RX ring
        /// full of buffers with the tail at LEN - 1, TX ring empty.
        fn new() -> Bed {
            let mut mem = HostMem::new(HostMemConfig::default());
            let rx_base = mem.alloc((LEN * DESC_BYTES) as u64, 128);
            let tx_base = mem.alloc((LEN * DESC_BYTES) as u64, 128);
            for i in 0..LEN {
                let buf = mem.alloc(2048, 2048);
                mem.write(rx_base + (i * DESC_BYTES) as u64, &RxReadDesc { buf_addr: buf }.to_bytes());
            }
            let mut b = Bed { w: Watch::new(true, None), mem, rx_base, tx_base, cycle: 100 };
            b.mmio(rxq_reg(0, rxq::RDBAL), rx_base as u32);
            b.mmio(rxq_reg(0, rxq::RDBAH), (rx_base >> 32) as u32);
            b.mmio(rxq_reg(0, rxq::RDLEN), LEN as u32);
            b.mmio(rxq_reg(0, rxq::IVAR), 0);
            b.mmio(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1));
            b.mmio(rxq_reg(0, rxq::RDT), (LEN - 1) as u32);
            b.mmio(txq_reg(0, txq::TDBAL), tx_base as u32);
            b.mmio(txq_reg(0, txq::TDBAH), (tx_base >> 32) as u32);
            b.mmio(txq_reg(0, txq::TDLEN), LEN as u32);
            b.mmio(txq_reg(0, txq::TXCTL), txq::txctl::ENABLE.val(1));
            b
        }
        fn mmio(&mut self, off: u32, val: u32) {
            self.cycle += 1;
            let ps = crate::bfm::Clock::default().ps_of(self.cycle);
            self.w.mmio_write(&self.mem, off, val, self.cycle, ps);
        }
        fn irq(&mut self) {
            self.w.irq_enter(0, 0, self.cycle, crate::bfm::Clock::default().ps_of(self.cycle));
            self.w.irq_exit(Some(0));
        }
        fn unmask(&mut self) {
            self.mmio(EIMS, 1);
        }
        /// A poll that returns `ret`, handing up `frames`, with the RX
        /// next_to_clean at `rx_ntc` and the TX one going from `tx0` to `tx1`.
        fn poll(
            &mut self,
            ret: usize,
            frames: usize,
            rx_ntc: usize,
            tx: (usize, usize),
            during: impl FnOnce(&mut Bed),
        ) {
            let ps = crate::bfm::Clock::default().ps_of(self.cycle);
            self.w.poll_start(&self.mem, 0, 0, W, Some(tx.0), self.cycle, ps);
            during(self);
            self.w.poll_returned(ret, frames, ps + 1_000_000);
            self.w.poll_end(Some(rx_ntc), Some(tx.1));
        }
        /// The device finished the frame in TX slot `i` (one descriptor).
        fn tx_frame(&mut self, i: usize, dd: bool) {
            let status = if dd { TX_STA_DD } else { 0 };
            let d = TxDesc { buf_addr: 0x1000, len: 60, cmd: TX_CMD_EOP | TX_CMD_RS, status };
            self.mem.write(self.tx_base + (i * DESC_BYTES) as u64, &d.to_bytes());
        }
        fn broken(&self) -> Vec<Rule> {
            self.w.report.broken()
        }
    }

    #[test]
    fn a_correct_sequence_breaks_nothing() {
        let mut b = Bed::new();
        b.irq();
        // TX: two frames queued and rung, then finished by the device.
        b.tx_frame(0, false);
        b.tx_frame(1, false);
        b.mmio(txq_reg(0, txq::TDT), 2);
        b.tx_frame(0, true);
        b.tx_frame(1, true);
        // A full poll (stays scheduled, stays masked) reclaims both TX frames...
        b.poll(W, W, 0, (0, 2), |_| {});
        // ... then one that completes: 3 RX slots cleaned and refilled, unmask last.
        b.poll(3, 3, 3, (2, 2), |b| {
            b.mmio(rxq_reg(0, rxq::RDT), 2);
            b.unmask();
        });
        b.irq();
        assert_eq!(b.broken(), vec![]);
        assert_eq!(b.w.report.total(), 0);
    }

    #[test]
    fn work_over_weight() {
        let mut b = Bed::new();
        b.irq();
        b.poll(W + 1, W + 1, 0, (0, 0), |_| {});
        assert_eq!(b.broken(), vec![Rule::WorkOverWeight]);
    }

    #[test]
    fn complete_without_unmask() {
        let mut b = Bed::new();
        b.irq();
        b.poll(0, 0, 0, (0, 0), |_| {});
        assert_eq!(b.broken(), vec![Rule::CompleteWithoutUnmask]);
    }

    #[test]
    fn unmask_without_complete_in_poll_and_in_handler() {
        let mut b = Bed::new();
        b.irq();
        b.poll(W, W, 0, (0, 0), |b| b.unmask());
        assert_eq!(b.broken(), vec![Rule::UnmaskWithoutComplete]);
        let mut b = Bed::new();
        b.w.irq_enter(0, 0, 1, 1);
        b.unmask();
        b.w.irq_exit(Some(0));
        assert_eq!(b.broken(), vec![Rule::UnmaskWithoutComplete]);
    }

    #[test]
    fn irq_while_scheduled_is_flagged_and_located() {
        let mut b = Bed::new();
        b.irq();
        b.cycle = 5000;
        b.irq();
        assert_eq!(b.broken(), vec![Rule::IrqWhileScheduled]);
        let v = &b.w.report.first[0];
        assert_eq!((v.cycle, v.queue, v.vector, v.cpu), (5000, Some(0), Some(0), Some(0)));
        assert_eq!(v.ns, 5000 * 4);
    }

    #[test]
    fn poll_unscheduled() {
        let mut b = Bed::new();
        b.poll(0, 0, 0, (0, 0), |b| b.unmask());
        assert_eq!(b.broken(), vec![Rule::PollUnscheduled]);
        // A completed poll deschedules: the next poll without an interrupt is flagged too.
        let mut b = Bed::new();
        b.irq();
        b.poll(0, 0, 0, (0, 0), |b| b.unmask());
        b.poll(0, 0, 0, (0, 0), |b| b.unmask());
        assert_eq!(b.w.report.count(Rule::PollUnscheduled), 1);
    }

    #[test]
    fn refill_not_behind() {
        let mut b = Bed::new();
        b.irq();
        // Cleaned 3 descriptors, gave none back.
        b.poll(3, 3, 3, (0, 0), |b| b.unmask());
        assert_eq!(b.broken(), vec![Rule::RefillNotBehind]);
    }

    #[test]
    fn rx_refill_dd_set() {
        let mut b = Bed::new();
        // Slot 7 was cleaned without clearing DD, and handed back as it was.
        let addr = b.rx_base + (7 * DESC_BYTES + RX_STATUS_BYTE) as u64;
        b.mem.write(addr, &[STA_DD]);
        b.mmio(rxq_reg(0, rxq::RDT), 0);
        assert_eq!(b.broken(), vec![Rule::RxRefillDdSet]);
    }

    #[test]
    fn tx_doorbell_before_the_descriptor() {
        let mut b = Bed::new();
        b.mmio(txq_reg(0, txq::TDT), 1); // slot 0 never written
        assert_eq!(b.broken(), vec![Rule::TxDoorbellUnwritten]);
        // One lap later: the slot still holds its old, finished descriptor.
        let mut b = Bed::new();
        for i in 0..LEN {
            b.tx_frame(i, true);
        }
        b.mmio(txq_reg(0, txq::TDT), 1);
        assert_eq!(b.broken(), vec![Rule::TxDoorbellUnwritten]);
    }

    #[test]
    fn tx_clean_skipped() {
        let mut b = Bed::new();
        b.irq();
        b.tx_frame(0, false);
        b.mmio(txq_reg(0, txq::TDT), 1);
        b.tx_frame(0, true);
        // RX budget spent, TX not looked at.
        b.poll(W, W, 0, (0, 0), |_| {});
        assert_eq!(b.broken(), vec![Rule::TxCleanSkipped]);
    }

    #[test]
    fn complete_with_tx_pending() {
        let mut b = Bed::new();
        b.irq();
        for i in 0..3 {
            b.tx_frame(i, false);
        }
        b.mmio(txq_reg(0, txq::TDT), 3);
        for i in 0..3 {
            b.tx_frame(i, true);
        }
        // Reclaimed one of three finished frames, then completed.
        b.poll(0, 0, 0, (0, 1), |b| b.unmask());
        assert_eq!(b.broken(), vec![Rule::CompleteWithTxPending]);
    }

    #[test]
    fn tx_reclaim_late() {
        let mut b = Bed::new();
        b.w.tx_reclaim_bound_ns = 500;
        b.irq();
        let ps = crate::bfm::Clock::default().ps_of(b.cycle);
        b.w.poll_start(&b.mem, 0, 0, W, Some(0), b.cycle, ps);
        b.w.poll_returned(0, 0, ps + 2_000_000); // 2 us later
        b.w.tx_reclaimed(Some(u64::try_from(ps / 1000).unwrap()));
        b.unmask();
        b.w.poll_end(Some(0), Some(0));
        assert_eq!(b.broken(), vec![Rule::TxReclaimLate]);
    }

    #[test]
    fn checker_off_records_nothing() {
        let mut b = Bed::new();
        b.w.check = false;
        b.irq();
        b.irq();
        b.poll(W + 5, W + 5, 3, (0, 0), |b| b.unmask());
        assert_eq!(b.w.report.total(), 0);
    }

    #[test]
    fn rule_names_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_name(r.name()), Some(r));
        }
        assert_eq!(Rule::from_name("nope"), None);
    }
}
