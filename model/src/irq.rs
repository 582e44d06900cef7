//! Interrupts: per-vector moderation (ethtool rx-usecs / rx-frames and
//! tx-usecs / tx-frames, two counters per vector), the
//! cause/enable registers (EICR/EIMS/EIAM), the misc cause, and the choice
//! of the next MSI-X message.
//!
//! Moderation is Intel's EITR: rx-usecs (tx-usecs) is the minimum interval
//! between two assertions of a vector's cause, not a delay. Firing starts
//! the interval; completions inside it wait for its end; a completion after
//! it (an idle vector) asserts the cause on the next edge. rx-frames, when
//! set, fires at that count even inside the interval.
//!
//! A vector's cause is asserted when its moderation condition is met; the
//! message is sent when the cause is asserted, the vector is enabled in
//! EIMS, MSI-X is enabled and neither the vector nor the function is masked.
//! While only the MSI-X masks block it, the PBA bit shows it pending. A cause
//! asserted while EIMS is clear stays latched and fires on the EIMS write:
//! this is what closes the NAPI race (a frame landing after the last poll
//! but before the unmask still interrupts).

use crate::config::NicConfig;
use crate::csr::Csr;
use crate::wires::{DmaEv, WrCmds};
use nicsim_hw::regs::vec_itr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Irq {
    pub eicr: u32,
    pub eims: u32,
    pub eiam: u32,
    /// Moderation counters: index v is vector v's RX side, nvec + v its TX
    /// side. Completions since the vector last asserted its cause.
    pub unsig: Vec<u16>,
    /// Interval timer of each counter (EITR): started when the vector fires,
    /// as the edge number at which it expires (the RTL counts down; a
    /// deadline is the same timer, cheaper to model). While it runs, the
    /// counter's completions wait; once it has expired, the next one fires.
    pub deadline: Vec<u64>,
    /// Earliest deadline of the running timers.
    pub next_deadline: u64,
    /// Counters whose timer runs.
    pub timer_on: u64,
    /// Counters with unsignalled completions.
    pub pending: u64,
    /// Enabled misc causes seen last edge (for edge detection).
    pub misc_prev: u32,
    /// Counters whose count or ITR changed: judge the count limits at the next
    /// edge. (Only then can the verdict change; judging every vector every
    /// cycle gives the same result, slower.)
    pub check: u64,
    nvec: usize,
    /// Edges per microsecond of an interval (NicConfig::cycles_per_us).
    cycles_per_us: u64,
}

impl Irq {
    pub fn new(cfg: &NicConfig) -> Self {
        let n = cfg.vectors();
        Irq {
            eicr: 0,
            eims: 0,
            eiam: ((1u64 << n) - 1) as u32,
            unsig: vec![0; 2 * n],
            deadline: vec![0; 2 * n],
            next_deadline: u64::MAX,
            timer_on: 0,
            pending: 0,
            misc_prev: 0,
            check: 0,
            nvec: n,
            cycles_per_us: cfg.cycles_per_us,
        }
    }

    fn masked(csr: &Csr, v: usize) -> bool {
        csr.func_mask || csr.msix[v].masked
    }

    /// PBA: asserted and enabled, but held back by an MSI-X mask.
    pub fn pba(&self, csr: &Csr) -> u32 {
        let mut p = 0;
        let mut bits = self.eicr & self.eims;
        while bits != 0 {
            let v = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if Self::masked(csr, v) {
                p |= 1 << v;
            }
        }
        p
    }

    fn sendable(&self, csr: &Csr) -> u32 {
        if !csr.msix_enable || csr.func_mask {
            return 0;
        }
        let mut s = 0;
        let mut bits = self.eicr & self.eims;
        while bits != 0 {
            let v = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if !csr.msix[v].masked {
                s |= 1 << v;
            }
        }
        s
    }

    /// `msi_sendable` / `msi_vec`: the lowest sendable vector, from the
    /// state before the edge. The write arbiter (RxDma) takes it or not
    /// (`msi_take`); [`Irq::edge`] then clears its cause.
    #[inline]
    pub fn msi_vec(&self, csr: &Csr) -> Option<u8> {
        if self.eicr & self.eims == 0 {
            return None;
        }
        let s = self.sendable(csr);
        (s != 0).then(|| s.trailing_zeros() as u8)
    }

    /// The moderation register of counter `c`.
    fn itr(&self, csr: &Csr, c: usize) -> u32 {
        if c < self.nvec {
            csr.itr[c]
        } else {
            csr.txitr[c - self.nvec]
        }
    }

    /// Counter `c` (with completions waiting) may assert its vector's cause:
    /// its rx-frames count is reached, or its interval has elapsed since the
    /// vector last fired (usecs > 0, timer stopped: an idle vector fires on
    /// the next edge, as Intel's EITR), or moderation is off (both 0).
    /// rx-frames alone (usecs 0) waits for the count.
    fn fire_now(&self, csr: &Csr, c: usize) -> bool {
        let itr = self.itr(csr, c);
        let usecs = vec_itr::USECS.get(itr);
        let frames = vec_itr::FRAMES.get(itr);
        let u = self.unsig[c] as u32;
        u > 0
            && ((frames > 0 && u >= frames)
                || (usecs > 0 && self.timer_on & (1 << c) == 0)
                || (usecs == 0 && frames == 0))
    }

    /// Counter `c` asserts its vector's cause at edge `now`: both of the
    /// vector's counts clear and both interval timers restart (a counter
    /// with usecs 0 has none), so the next interrupt is at least usecs away.
    fn fire(&mut self, csr: &Csr, c: usize, now: u64) {
        let v = c % self.nvec;
        self.eicr |= 1 << v;
        for k in [v, v + self.nvec] {
            self.unsig[k] = 0;
            self.pending &= !(1 << k);
            let usecs = vec_itr::USECS.get(self.itr(csr, k));
            if usecs > 0 {
                // Expires `usecs` microseconds of edges after this one.
                self.deadline[k] = now + usecs as u64 * self.cycles_per_us;
                self.next_deadline = self.next_deadline.min(self.deadline[k]);
                self.timer_on |= 1 << k;
            } else {
                self.timer_on &= !(1 << k);
            }
        }
    }

    /// Remaining timer cycles of counter `c` at edge `now` (0 when not running).
    pub fn timer_left(&self, c: usize, now: u64) -> u64 {
        if self.timer_on & (1 << c) != 0 {
            self.deadline[c].saturating_sub(now)
        } else {
            0
        }
    }

    /// A completion for counter `c`: counted now, judged from the next edge.
    fn count(&mut self, c: usize) {
        self.unsig[c] = self.unsig[c].saturating_add(1);
        self.pending |= 1 << c;
        self.check |= 1 << c;
    }

    /// One edge; `now` numbers the edges since the model was built. `ev`:
    /// the DMA's events of the edge (the message it took, completions);
    /// `misc_cause_mid`: MISC_CAUSE with this edge's errors latched (before
    /// the register write of the edge); `csr`: the configuration before the edge.
    pub fn edge(&mut self, cfg: &NicConfig, csr: &Csr, ev: &DmaEv, misc_cause_mid: u32, now: u64) {
        // The message the write channel took: its cause clears (and its
        // enable, when auto-masked), before this edge's new causes.
        if let Some(v) = ev.msi_take() {
            self.eicr &= !(1 << v);
            if self.eiam & (1 << v) != 0 {
                self.eims &= !(1 << v);
            }
        }
        // Interval timers that expire at this edge stop; their counters are
        // judged below (completions that waited fire now).
        let mut expired = 0u64;
        if self.timer_on != 0 && now >= self.next_deadline {
            let mut bits = self.timer_on;
            let mut next = u64::MAX;
            while bits != 0 {
                let v = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if self.deadline[v] <= now {
                    expired |= 1 << v;
                } else {
                    next = next.min(self.deadline[v]);
                }
            }
            self.timer_on &= !expired;
            self.next_deadline = next;
        }
        // Judged where the count, the ITR or the timer changed. A counter
        // cleared by its partner's firing earlier in the loop has no count.
        let mut bits = (self.check | expired) & self.pending;
        self.check = 0;
        while bits != 0 {
            let v = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if self.fire_now(csr, v) {
                self.fire(csr, v, now);
            }
        }
        // New completions: counted now, judged from the next edge.
        if let Some(c) = ev.complete() {
            let v = c.vec;
            if (v as usize) < cfg.vectors() {
                self.count(v as usize);
            }
        }
        if let Some(v) = ev.tx_complete() {
            if (v as usize) < cfg.vectors() {
                self.count(v as usize + self.nvec);
            }
        }
        // Misc vector: a newly set, enabled misc cause asserts it.
        let cur = misc_cause_mid & csr.misc_ims;
        if cur & !self.misc_prev != 0 {
            self.eicr |= 1 << (cfg.vectors() - 1);
        }
        self.misc_prev = cur;
    }

    /// The register write's effects (nic_csr's `wr_*`), at the end of the edge.
    #[inline]
    pub fn apply_writes(&mut self, w: &WrCmds) {
        self.eicr = (self.eicr & !w.eicr_clr) | w.eics_set;
        self.eims = (self.eims | w.eims_set) & !w.eimc_clr;
        if let Some(v) = w.eiam {
            self.eiam = v;
        }
        self.check |= w.itr_check as u64 | (w.txitr_check as u64) << self.nvec;
    }

    pub fn quiescent(&self, csr: &Csr) -> bool {
        self.timer_on == 0 && self.quiet_but_timers(csr)
    }

    /// Edges from `now` on which nothing happens but the running timers
    /// counting down (`u64::MAX` when no timer runs; 0 when something else
    /// is due). A timer that expires at edge `d` is judged at that edge, so
    /// the edges before it can be skipped.
    pub fn idle_edges(&self, csr: &Csr, now: u64) -> u64 {
        if !self.quiet_but_timers(csr) {
            0
        } else if self.timer_on == 0 {
            u64::MAX
        } else {
            self.next_deadline.saturating_sub(now)
        }
    }

    fn quiet_but_timers(&self, csr: &Csr) -> bool {
        if self.check != 0 || self.misc_prev != csr.misc_cause & csr.misc_ims || self.sendable(csr) != 0 {
            return false;
        }
        let mut bits = self.pending;
        while bits != 0 {
            let v = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if self.fire_now(csr, v) {
                return false;
            }
        }
        true
    }
}
