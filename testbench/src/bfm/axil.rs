//! The host CPU's MMIO path to BAR0: an AXI4-Lite master (`s_axil_*`).
//!
//! Operations run strictly in FIFO order, one at a time on the bus (a root
//! port serialises non-posted reads behind posted writes; we simply serialise
//! everything). PCIe latency is modelled as a fixed delay each way:
//! * an op's AW/W or AR is driven no earlier than `not_before + latency`, and
//!   no earlier than the cycle after the previous op finished on the bus
//!   (B or R handshake), so back-to-back posted writes pipeline the latency;
//! * read data becomes visible to the owner `latency` cycles after the R
//!   handshake.

use std::collections::{HashMap, VecDeque};

use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_OKAY};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxilConfig {
    /// One-way PCIe latency in cycles (100 = 400 ns).
    pub mmio_latency_cycles: u32,
}

impl Default for AxilConfig {
    fn default() -> Self {
        AxilConfig { mmio_latency_cycles: 100 }
    }
}

/// Handle of a queued read; redeem with [`AxilMaster::take_read_result`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReadTicket(pub u64);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AxilStats {
    pub writes: u64,
    pub reads: u64,
    /// B responses other than OKAY.
    pub bresp_errors: u64,
    /// R responses other than OKAY.
    pub rresp_errors: u64,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Write { addr: u32, data: u32 },
    Read { addr: u32, ticket: u64 },
}

#[derive(Clone, Copy, Debug)]
struct Op {
    kind: Kind,
    not_before: u64,
}

/// The op on the bus.
#[derive(Clone, Copy, Debug)]
struct Active {
    kind: Kind,
    /// First cycle its address/data may be driven.
    start: u64,
    /// AW (write) or AR (read) handshaken.
    addr_done: bool,
    /// W handshaken (writes only).
    data_done: bool,
}

pub struct AxilMaster {
    cfg: AxilConfig,
    now: u64,
    queue: VecDeque<Op>,
    active: Option<Active>,
    next_ticket: u64,
    /// ticket -> (cycle the owner may see it, data). Reads are rare, a map is fine.
    results: HashMap<u64, (u64, u32)>,
    /// Availability cycles of results still travelling back, in order
    /// (monotonic: reads are serialised and the latency is constant).
    in_transit: VecDeque<u64>,
    pending_writes: usize,
    stats: AxilStats,
    /// Writes of CTRL with RST set that completed (B): soft resets requested.
    pub rst_landed: u64,
}

impl Default for AxilMaster {
    fn default() -> Self {
        Self::new(AxilConfig::default())
    }
}

impl AxilMaster {
    pub fn new(cfg: AxilConfig) -> Self {
        AxilMaster {
            cfg,
            now: 0,
            queue: VecDeque::new(),
            active: None,
            next_ticket: 0,
            results: HashMap::new(),
            in_transit: VecDeque::new(),
            pending_writes: 0,
            stats: AxilStats::default(),
            rst_landed: 0,
        }
    }

    pub fn config(&self) -> &AxilConfig {
        &self.cfg
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn stats(&self) -> AxilStats {
        self.stats
    }

    /// Queues a posted 32-bit write (wstrb 0xF).
    pub fn write(&mut self, addr: u32, data: u32, not_before_cycle: u64) {
        self.pending_writes += 1;
        self.push(Op { kind: Kind::Write { addr, data }, not_before: not_before_cycle });
    }

    /// Queues a 32-bit read.
    pub fn read(&mut self, addr: u32, not_before_cycle: u64) -> ReadTicket {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.push(Op { kind: Kind::Read { addr, ticket }, not_before: not_before_cycle });
        ReadTicket(ticket)
    }

    fn push(&mut self, op: Op) {
        self.queue.push_back(op);
        if self.active.is_none() {
            self.activate_next(self.now);
        }
    }

    /// Moves the queue head onto the bus, starting no earlier than `earliest`.
    fn activate_next(&mut self, earliest: u64) {
        self.active = self.queue.pop_front().map(|op| Active {
            kind: op.kind,
            start: (op.not_before + self.cfg.mmio_latency_cycles as u64).max(earliest),
            addr_done: false,
            data_done: false,
        });
    }

    /// The read's data once it has reached the host, without consuming it.
    pub fn completed_read(&self, ticket: ReadTicket) -> Option<u32> {
        match self.results.get(&ticket.0) {
            Some(&(avail, data)) if avail <= self.now => Some(data),
            _ => None,
        }
    }

    /// Like [`completed_read`](Self::completed_read) but removes the result.
    pub fn take_read_result(&mut self, ticket: ReadTicket) -> Option<u32> {
        let data = self.completed_read(ticket)?;
        self.results.remove(&ticket.0);
        Some(data)
    }

    /// Cycle at which the read's data reaches the host, once the device has answered.
    pub fn read_available_at(&self, ticket: ReadTicket) -> Option<u64> {
        self.results.get(&ticket.0).map(|&(avail, _)| avail)
    }

    /// Operations queued or on the bus, or read data still travelling back.
    pub fn busy(&self) -> bool {
        self.active.is_some() || !self.in_transit.is_empty()
    }

    /// Writes queued or on the bus (not yet acknowledged by B).
    pub fn pending_writes(&self) -> usize {
        self.pending_writes
    }

    /// Operations queued or on the bus.
    pub fn pending_ops(&self) -> usize {
        self.queue.len() + self.active.is_some() as usize
    }

    /// Earliest cycle (>= now) at which something happens on our side: the
    /// active op's start (or now, if it is already on the bus), or read data
    /// arriving at the host. `None` when fully idle.
    pub fn next_event_cycle(&self) -> Option<u64> {
        let bus = self.active.map(|a| a.start.max(self.now));
        let rx = self.in_transit.iter().copied().find(|&t| t > self.now);
        match (bus, rx) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (x, None) | (None, x) => x,
        }
    }

    /// Advances the clock by `n` idle cycles; must not jump over the active op's start.
    pub fn skip(&mut self, n: u64) {
        debug_assert!(self.active.is_none_or(|a| a.start >= self.now + n), "AxilMaster::skip over bus activity");
        self.now += n;
        while self.in_transit.front().is_some_and(|&t| t <= self.now) {
            self.in_transit.pop_front();
        }
    }

    /// Sets this cycle's master outputs from state only.
    #[inline]
    pub fn drive(&self, ins: &mut Inputs) {
        let Some(a) = &self.active else { return };
        if self.now < a.start {
            return;
        }
        match a.kind {
            Kind::Write { addr, data } => {
                if !a.addr_done {
                    ins.s_axil_awvalid = true;
                    ins.s_axil_awaddr = addr;
                }
                if !a.data_done {
                    ins.s_axil_wvalid = true;
                    ins.s_axil_wdata = data;
                    ins.s_axil_wstrb = 0xF;
                }
                ins.s_axil_bready = a.addr_done && a.data_done;
            }
            Kind::Read { addr, .. } => {
                if !a.addr_done {
                    ins.s_axil_arvalid = true;
                    ins.s_axil_araddr = addr;
                }
                ins.s_axil_rready = a.addr_done;
            }
        }
    }

    /// Observes this cycle's handshakes and advances to the next cycle.
    #[inline]
    pub fn edge(&mut self, outs: &Outputs, ins: &Inputs) {
        if let Some(a) = self.active.as_mut() {
            let mut finished = false;
            match a.kind {
                Kind::Write { addr, data } => {
                    if ins.s_axil_awvalid && outs.s_axil_awready {
                        a.addr_done = true;
                    }
                    if ins.s_axil_wvalid && outs.s_axil_wready {
                        a.data_done = true;
                    }
                    if ins.s_axil_bready && outs.s_axil_bvalid {
                        if outs.s_axil_bresp != AXI_RESP_OKAY {
                            self.stats.bresp_errors += 1;
                        }
                        self.stats.writes += 1;
                        self.pending_writes -= 1;
                        finished = true;
                        if addr == nicsim_hw::regs::CTRL && nicsim_hw::regs::ctrl::RST.get(data) == 1 {
                            self.rst_landed += 1;
                        }
                    }
                }
                Kind::Read { ticket, .. } => {
                    if ins.s_axil_arvalid && outs.s_axil_arready {
                        a.addr_done = true;
                    }
                    if ins.s_axil_rready && outs.s_axil_rvalid {
                        if outs.s_axil_rresp != AXI_RESP_OKAY {
                            self.stats.rresp_errors += 1;
                        }
                        self.stats.reads += 1;
                        let avail = self.now + self.cfg.mmio_latency_cycles as u64;
                        self.results.insert(ticket, (avail, outs.s_axil_rdata));
                        self.in_transit.push_back(avail);
                        finished = true;
                    }
                }
            }
            if finished {
                self.activate_next(self.now + 1);
            }
        }
        self.now += 1;
        while self.in_transit.front().is_some_and(|&t| t <= self.now) {
            self.in_transit.pop_front();
        }
    }
}
