//! Sparse host memory behind an AXI4 slave: the other end of the device's
//! DMA master (`m_axi_*`). Also the interrupt controller: writes into the
//! MSI window are captured as MSI-X messages instead of being stored.
//!
//! Timing model (all in device cycles):
//! * Read: an AR accepted in cycle `c` has its first R beat valid in cycle
//!   `c + read_latency (+ jitter)`. Bursts are answered strictly in
//!   acceptance order (a simple, legal AXI slave; the device must not rely on
//!   reordering), one beat per cycle while `rready` is high.
//! * Write: each W beat is committed to memory when accepted (safe because one
//!   master's writes complete in order). A burst's B response is valid from
//!   `write_latency` cycles after its last beat was accepted, until `bready`.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

use nicsim_hw::ports::{Inputs, Outputs, AXI_BURST_INCR, AXI_RESP_DECERR, AXI_RESP_OKAY};

use super::Seeded;

pub const PAGE_SIZE: usize = 4096;
const PAGE_SHIFT: u32 = 12;
const PAGE_MASK: u64 = PAGE_SIZE as u64 - 1;
/// First address handed out by [`HostMem::alloc`]: above 4 GiB, so every DMA
/// exercises the upper half of the 64-bit address.
pub const HEAP_BASE: u64 = 0x1_0000_0000;
/// MSI window (x86 LAPIC range): writes here are interrupt messages.
pub const MSI_BASE: u64 = 0xFEE0_0000;
pub const MSI_END: u64 = 0xFEF0_0000;
/// Write bursts (AW accepted, B not yet taken) the slave holds at once.
pub const MAX_OUTSTANDING_WRITES: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostMemConfig {
    /// Cycles from AR handshake to the first R beat (125 = 500 ns).
    pub read_latency: u32,
    /// Extra uniform 0..=read_jitter cycles per read burst.
    pub read_jitter: u32,
    /// AR bursts accepted and not fully returned; `arready` is low at the limit.
    pub max_outstanding_reads: usize,
    /// Cycles from the last W beat to B valid.
    pub write_latency: u32,
    /// Seed of the jitter PRNG.
    pub seed: u64,
}

impl Default for HostMemConfig {
    fn default() -> Self {
        HostMemConfig { read_latency: 125, read_jitter: 0, max_outstanding_reads: 8, write_latency: 4, seed: 0 }
    }
}

/// One MSI-X message as delivered to the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msi {
    /// Cycle in which the W beat carrying it was accepted.
    pub cycle: u64,
    pub addr: u64,
    pub data: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostMemStats {
    pub read_bursts: u64,
    pub read_beats: u64,
    pub write_bursts: u64,
    pub write_beats: u64,
    /// DECERR responses sent: one per R beat and one per B.
    pub decerr: u64,
    pub msis: u64,
    /// Direct (driver) accesses that touched unmapped memory.
    pub host_faults: u64,
    /// Device-side protocol violations seen (W without AW, wlast mismatch,
    /// size != 8 bytes, burst type != INCR). Should stay 0.
    pub protocol_errors: u64,
    /// Bursts answered with an injected error response (issue 11, `--fault-dma`).
    pub injected: u64,
}

/// Hasher for page numbers: one multiply instead of SipHash (keys are ours, not adversarial).
#[derive(Default)]
struct PageHasher(u64);

impl Hasher for PageHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ b as u64);
        }
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        let x = (self.0 ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

struct WBurst {
    id: u8,
    /// Address of the next beat (the unaligned AW address for the first one).
    next_addr: u64,
    beats_left: u32,
    msi: bool,
    decerr: bool,
    /// Injected error response (0: none): the beats are not stored.
    inject: u8,
    /// Reported in `failed_writes` already.
    reported: bool,
}

struct BResp {
    ready: u64,
    id: u8,
    resp: u8,
}

struct RBurst {
    ready: u64,
    id: u8,
    /// 8-byte aligned address of the next beat.
    next_addr: u64,
    beats_left: u32,
    /// Injected error response on every beat (0: none).
    err: u8,
}

pub struct HostMem {
    cfg: HostMemConfig,
    now: u64,
    // Pages live in a Vec and the map holds indices, so the one-entry cache
    // below is a plain index (no unsafe pointer into the map).
    index: HashMap<u64, u32, BuildHasherDefault<PageHasher>>,
    pages: Vec<Box<[u8; PAGE_SIZE]>>,
    /// (page number, index) of the last page touched; u64::MAX = empty.
    cache: Cell<(u64, u32)>,
    heap_next: u64,
    aw_q: VecDeque<WBurst>,
    b_q: VecDeque<BResp>,
    r_q: VecDeque<RBurst>,
    last_read_ready: u64,
    rng: Seeded,
    msis: Vec<Msi>,
    stats: HostMemStats,
    host_faults: Cell<u64>,
    /// Issue 11 fault injection: bursts accepted so far, and the ones to
    /// answer with an error, (burst number, response), soonest first.
    reads_seen: u64,
    writes_seen: u64,
    fail_reads: VecDeque<(u64, u8)>,
    fail_writes: VecDeque<(u64, u8)>,
    /// Write bursts that failed (injected, or into unmapped memory):
    /// (AXI ID, address), for the owner to attribute.
    failed_writes: Vec<(u8, u64)>,
}

impl Default for HostMem {
    fn default() -> Self {
        Self::new(HostMemConfig::default())
    }
}

impl HostMem {
    pub fn new(cfg: HostMemConfig) -> Self {
        HostMem {
            cfg,
            now: 0,
            index: HashMap::default(),
            pages: Vec::new(),
            cache: Cell::new((u64::MAX, 0)),
            heap_next: HEAP_BASE,
            aw_q: VecDeque::with_capacity(MAX_OUTSTANDING_WRITES),
            b_q: VecDeque::with_capacity(MAX_OUTSTANDING_WRITES),
            r_q: VecDeque::with_capacity(cfg.max_outstanding_reads.max(1)),
            last_read_ready: 0,
            rng: Seeded::new(cfg.seed),
            msis: Vec::new(),
            stats: HostMemStats::default(),
            host_faults: Cell::new(0),
            reads_seen: 0,
            writes_seen: 0,
            fail_reads: VecDeque::new(),
            fail_writes: VecDeque::new(),
            failed_writes: Vec::new(),
        }
    }

    /// Answer these bursts with an error response (issue 11): the Nth read
    /// and write bursts accepted from now on, counting from 1.
    pub fn set_faults(&mut self, f: &crate::faults::DmaFaults) {
        self.fail_reads = f.reads.iter().map(|&(n, r)| (n + self.reads_seen, r)).collect();
        self.fail_writes = f.writes.iter().map(|&(n, r)| (n + self.writes_seen, r)).collect();
    }

    /// A write burst failed since the last [`HostMem::take_failed_writes`].
    #[inline]
    pub fn has_failed_writes(&self) -> bool {
        !self.failed_writes.is_empty()
    }

    /// Write bursts that failed (answered with an error, injected or for
    /// unmapped memory), as (AXI ID, address), oldest first. Reported when
    /// the AW (injected) or the first failing beat (unmapped) is accepted.
    pub fn take_failed_writes(&mut self) -> Vec<(u8, u64)> {
        std::mem::take(&mut self.failed_writes)
    }

    /// The injected response of the next burst of a kind, if it is one to fail.
    fn injected(list: &mut VecDeque<(u64, u8)>, seen: u64) -> u8 {
        while list.front().is_some_and(|&(n, _)| n < seen) {
            list.pop_front();
        }
        match list.front() {
            Some(&(n, r)) if n == seen => {
                list.pop_front();
                r
            }
            _ => 0,
        }
    }

    pub fn config(&self) -> &HostMemConfig {
        &self.cfg
    }

    /// The current cycle (the one the next `drive`/`edge` pair belongs to).
    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn stats(&self) -> HostMemStats {
        HostMemStats { host_faults: self.host_faults.get(), ..self.stats }
    }

    // ---------------------------------------------------------------- memory

    #[inline]
    fn page(&self, pn: u64) -> Option<usize> {
        let (cpn, idx) = self.cache.get();
        if cpn == pn {
            return Some(idx as usize);
        }
        let idx = *self.index.get(&pn)?;
        self.cache.set((pn, idx));
        Some(idx as usize)
    }

    /// Makes `[addr, addr+len)` accessible and zeroes it. Whole pages become
    /// mapped; bytes of an already-mapped page outside the range are kept.
    pub fn map(&mut self, addr: u64, len: u64) {
        if len == 0 {
            return;
        }
        let end = addr.checked_add(len).expect("map: range overflows");
        let mut a = addr;
        while a < end {
            let pn = a >> PAGE_SHIFT;
            let off = (a & PAGE_MASK) as usize;
            let n = ((PAGE_SIZE - off) as u64).min(end - a) as usize;
            match self.page(pn) {
                Some(i) => self.pages[i][off..off + n].fill(0),
                None => {
                    let i = u32::try_from(self.pages.len()).expect("too many pages");
                    self.pages.push(Box::new([0u8; PAGE_SIZE]));
                    self.index.insert(pn, i);
                }
            }
            a += n as u64;
        }
    }

    pub fn is_mapped(&self, addr: u64) -> bool {
        self.page(addr >> PAGE_SHIFT).is_some()
    }

    /// Bump allocator from [`HEAP_BASE`]; the block is mapped and zeroed.
    /// `align` must be a power of two (0 is taken as 1).
    pub fn alloc(&mut self, size: u64, align: u64) -> u64 {
        let align = align.max(1);
        assert!(align.is_power_of_two(), "alloc: align {align} is not a power of two");
        let addr = (self.heap_next + align - 1) & !(align - 1);
        self.heap_next = addr + size;
        self.map(addr, size);
        addr
    }

    /// Driver read. Unmapped bytes read as 0 and count one host fault per call.
    pub fn read(&self, addr: u64, buf: &mut [u8]) {
        let mut fault = false;
        let mut done = 0usize;
        while done < buf.len() {
            let a = addr.wrapping_add(done as u64);
            let off = (a & PAGE_MASK) as usize;
            let n = (PAGE_SIZE - off).min(buf.len() - done);
            match self.page(a >> PAGE_SHIFT) {
                Some(i) => buf[done..done + n].copy_from_slice(&self.pages[i][off..off + n]),
                None => {
                    buf[done..done + n].fill(0);
                    fault = true;
                }
            }
            done += n;
        }
        if fault {
            self.host_faults.set(self.host_faults.get() + 1);
        }
    }

    /// Driver write. Bytes to unmapped memory are dropped and count one host fault per call.
    pub fn write(&mut self, addr: u64, data: &[u8]) {
        let mut fault = false;
        let mut done = 0usize;
        while done < data.len() {
            let a = addr.wrapping_add(done as u64);
            let off = (a & PAGE_MASK) as usize;
            let n = (PAGE_SIZE - off).min(data.len() - done);
            match self.page(a >> PAGE_SHIFT) {
                Some(i) => self.pages[i][off..off + n].copy_from_slice(&data[done..done + n]),
                None => fault = true,
            }
            done += n;
        }
        if fault {
            self.host_faults.set(self.host_faults.get() + 1);
        }
    }

    pub fn read_u32(&self, addr: u64) -> u32 {
        let mut b = [0u8; 4];
        self.read(addr, &mut b);
        u32::from_le_bytes(b)
    }

    pub fn read_u64(&self, addr: u64) -> u64 {
        let mut b = [0u8; 8];
        self.read(addr, &mut b);
        u64::from_le_bytes(b)
    }

    pub fn write_u32(&mut self, addr: u64, v: u32) {
        self.write(addr, &v.to_le_bytes());
    }

    pub fn write_u64(&mut self, addr: u64, v: u64) {
        self.write(addr, &v.to_le_bytes());
    }

    /// One aligned 8-byte beat; None if unmapped.
    #[inline]
    fn read_beat(&self, addr: u64) -> Option<u64> {
        let i = self.page(addr >> PAGE_SHIFT)?;
        let off = (addr & PAGE_MASK) as usize;
        Some(u64::from_le_bytes(self.pages[i][off..off + 8].try_into().unwrap()))
    }

    /// One aligned 8-byte beat with byte enables; false if unmapped (nothing written).
    #[inline]
    fn write_beat(&mut self, addr: u64, data: u64, strb: u8) -> bool {
        let Some(i) = self.page(addr >> PAGE_SHIFT) else { return false };
        let off = (addr & PAGE_MASK) as usize;
        let dst = &mut self.pages[i][off..off + 8];
        let bytes = data.to_le_bytes();
        if strb == 0xFF {
            dst.copy_from_slice(&bytes);
        } else {
            for (k, (d, s)) in dst.iter_mut().zip(bytes).enumerate() {
                if strb & (1 << k) != 0 {
                    *d = s;
                }
            }
        }
        true
    }

    // ------------------------------------------------------------------- MSI

    /// Drains the MSI-X messages delivered so far, oldest first.
    pub fn take_msis(&mut self) -> Vec<Msi> {
        std::mem::take(&mut self.msis)
    }

    pub fn pending_msis(&self) -> usize {
        self.msis.len()
    }

    // ------------------------------------------------------------------- bus

    /// Sets this cycle's slave outputs from state only.
    #[inline]
    pub fn drive(&self, ins: &mut Inputs) {
        let awready = self.aw_q.len() + self.b_q.len() < MAX_OUTSTANDING_WRITES;
        ins.m_axi_awready = awready;
        // W beats need a burst to land in; one arriving with its AW is fine
        // because `edge` accepts the AW first.
        ins.m_axi_wready = awready || !self.aw_q.is_empty();
        if let Some(b) = self.b_q.front() {
            if b.ready <= self.now {
                ins.m_axi_bvalid = true;
                ins.m_axi_bid = b.id;
                ins.m_axi_bresp = b.resp;
            }
        }
        ins.m_axi_arready = self.r_q.len() < self.cfg.max_outstanding_reads;
        if let Some(r) = self.r_q.front() {
            if r.ready <= self.now {
                ins.m_axi_rvalid = true;
                ins.m_axi_rid = r.id;
                ins.m_axi_rlast = r.beats_left == 1;
                match self.read_beat(r.next_addr) {
                    // An injected error: payload 0, as for unmapped memory.
                    _ if r.err != 0 => ins.m_axi_rresp = r.err,
                    Some(d) => {
                        ins.m_axi_rdata = d;
                        ins.m_axi_rresp = AXI_RESP_OKAY;
                    }
                    None => {
                        ins.m_axi_rdata = 0;
                        ins.m_axi_rresp = AXI_RESP_DECERR;
                    }
                }
            }
        }
    }

    /// Observes this cycle's handshakes (`outs` from the device, `ins` as
    /// driven) and advances to the next cycle.
    #[inline]
    pub fn edge(&mut self, outs: &Outputs, ins: &Inputs) {
        if ins.m_axi_bvalid && outs.m_axi_bready {
            self.b_q.pop_front();
        }
        if outs.m_axi_awvalid && ins.m_axi_awready {
            self.accept_aw(outs);
        }
        if outs.m_axi_wvalid && ins.m_axi_wready {
            self.accept_w(outs);
        }
        if ins.m_axi_rvalid && outs.m_axi_rready {
            self.r_beat_taken(ins);
        }
        if outs.m_axi_arvalid && ins.m_axi_arready {
            self.accept_ar(outs);
        }
        self.now += 1;
    }

    fn check_size_burst(&mut self, size: u8, burst: u8) {
        if size != 3 || burst != AXI_BURST_INCR {
            self.stats.protocol_errors += 1;
        }
    }

    fn accept_aw(&mut self, outs: &Outputs) {
        self.check_size_burst(outs.m_axi_awsize, outs.m_axi_awburst);
        let addr = outs.m_axi_awaddr;
        self.writes_seen += 1;
        let inject = Self::injected(&mut self.fail_writes, self.writes_seen);
        if inject != 0 {
            self.stats.injected += 1;
            self.failed_writes.push((outs.m_axi_awid, addr));
        }
        self.aw_q.push_back(WBurst {
            id: outs.m_axi_awid,
            next_addr: addr,
            beats_left: outs.m_axi_awlen as u32 + 1,
            msi: (MSI_BASE..MSI_END).contains(&addr),
            decerr: false,
            inject,
            reported: inject != 0,
        });
        self.stats.write_bursts += 1;
    }

    fn accept_w(&mut self, outs: &Outputs) {
        let Some(w) = self.aw_q.front() else {
            // W beat with no burst to belong to: the device broke the AW-first rule.
            self.stats.protocol_errors += 1;
            return;
        };
        let (addr, msi, inject) = (w.next_addr, w.msi, w.inject);
        let beat_addr = addr & !7;
        let (data, strb) = (outs.m_axi_wdata, outs.m_axi_wstrb);
        self.stats.write_beats += 1;
        let mut fault = false;
        if inject != 0 {
            // Answered with an error: nothing is stored, no message delivered.
        } else if msi {
            if strb != 0 {
                let data = if addr & 4 != 0 { (data >> 32) as u32 } else { data as u32 };
                self.msis.push(Msi { cycle: self.now, addr, data });
                self.stats.msis += 1;
            }
        } else if strb != 0 {
            fault = !self.write_beat(beat_addr, data, strb);
        }
        let w = self.aw_q.front_mut().unwrap();
        w.decerr |= fault;
        if fault && !w.reported {
            w.reported = true;
            self.failed_writes.push((w.id, beat_addr));
        }
        w.next_addr = beat_addr + 8;
        w.beats_left -= 1;
        let last = w.beats_left == 0;
        if last != outs.m_axi_wlast {
            self.stats.protocol_errors += 1;
        }
        if last {
            // The burst length from AW is authoritative; wlast is only checked.
            let w = self.aw_q.pop_front().unwrap();
            let resp = if w.inject != 0 {
                w.inject
            } else if w.decerr {
                self.stats.decerr += 1;
                AXI_RESP_DECERR
            } else {
                AXI_RESP_OKAY
            };
            let ready = self.now + self.cfg.write_latency.max(1) as u64;
            self.b_q.push_back(BResp { ready, id: w.id, resp });
        }
    }

    fn r_beat_taken(&mut self, ins: &Inputs) {
        self.stats.read_beats += 1;
        if ins.m_axi_rresp == AXI_RESP_DECERR {
            self.stats.decerr += 1;
        }
        let r = self.r_q.front_mut().unwrap();
        r.next_addr += 8;
        r.beats_left -= 1;
        if r.beats_left == 0 {
            self.r_q.pop_front();
        }
    }

    fn accept_ar(&mut self, outs: &Outputs) {
        self.check_size_burst(outs.m_axi_arsize, outs.m_axi_arburst);
        let jitter = if self.cfg.read_jitter > 0 { self.rng.below(self.cfg.read_jitter as u64 + 1) } else { 0 };
        let own = self.now + self.cfg.read_latency.max(1) as u64 + jitter;
        self.reads_seen += 1;
        let err = Self::injected(&mut self.fail_reads, self.reads_seen);
        self.stats.injected += (err != 0) as u64;
        // In-order return: never ready before the burst ahead of it.
        let ready = own.max(self.last_read_ready);
        self.last_read_ready = ready;
        self.r_q.push_back(RBurst {
            ready,
            id: outs.m_axi_arid,
            next_addr: outs.m_axi_araddr & !7,
            beats_left: outs.m_axi_arlen as u32 + 1,
            err,
        });
        self.stats.read_bursts += 1;
    }

    // ---------------------------------------------------------- idle skipping

    /// Nothing accepted and unfinished: no write awaiting data or response,
    /// no read in flight.
    pub fn idle(&self) -> bool {
        self.aw_q.is_empty() && self.b_q.is_empty() && self.r_q.is_empty()
    }

    /// Earliest cycle (>= now) at which this slave will present a response on
    /// its own (B or R valid). `None` if nothing is scheduled (it may still be
    /// waiting for W beats from the device).
    pub fn next_event_cycle(&self) -> Option<u64> {
        let b = self.b_q.front().map(|b| b.ready);
        let r = self.r_q.front().map(|r| r.ready);
        let ev = match (b, r) {
            (Some(b), Some(r)) => Some(b.min(r)),
            (x, None) | (None, x) => x,
        };
        ev.map(|e| e.max(self.now))
    }

    /// Advances the clock by `n` cycles without activity. Must not jump over
    /// `next_event_cycle()`.
    pub fn skip(&mut self, n: u64) {
        debug_assert!(
            self.next_event_cycle().is_none_or(|e| e >= self.now + n),
            "HostMem::skip over a scheduled response"
        );
        self.now += n;
    }

    pub fn reads_in_flight(&self) -> usize {
        self.r_q.len()
    }

    pub fn writes_in_flight(&self) -> usize {
        self.aw_q.len() + self.b_q.len()
    }
}
