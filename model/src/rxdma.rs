//! RX DMA: descriptor prefetch over the AXI read channel, and the frame
//! engine that moves frames from the RX FIFO to host buffers, writes the
//! descriptors back and signals completions. The engine is a write client
//! of the DMA arbiter (`dma_arb`, nic_dma_arb), which owns the write
//! channel: in an edge where the arbiter gives it the turn (`rx_ready`) it
//! hands over its next burst; the arbiter says when a write-back burst of
//! it completed (`rx_wb_done`).

use crate::config::NicConfig;
use crate::csr::Csr;
use crate::wires::{Burst, DmaEv, Meta, RdReq, RxComplete, Src, WrCmds};
use nicsim_hw::desc::{RxWbDesc, DESC_BYTES, STA_DD, STA_EOP};
use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_OKAY};
use std::collections::VecDeque;

/// Largest AXI4 burst, in beats.
const MAX_BEATS: u32 = 256;
/// A queue prefetches when it can take at least this many descriptors (or all that are available).
const FETCH_MIN: u32 = 4;
/// Descriptors per fetch burst, at most.
const FETCH_MAX: u32 = 16;

/// Dynamic state of one RX queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueDyn {
    /// Next descriptor to complete (RDH).
    pub head: u32,
    /// Next descriptor to fetch.
    pub fetch_ptr: u32,
    /// Buffer addresses of fetched descriptors, in ring order.
    pub cache: VecDeque<u64>,
    pub fetch_inflight: bool,
    /// Descriptors in the fetch in flight.
    pub fetch_n: u32,
    /// Beats received of the fetch in flight.
    pub fetch_beat: u32,
    pub fetch_err: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArReq {
    pub q: u8,
    pub addr: u64,
    pub n: u32,
}

/// A descriptor fetch chosen in one edge and issued in the next (RTL
/// `cand_*`): the queue and the burst size; the address is made when it
/// is issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchCand {
    pub q: u8,
    pub n: u32,
}

/// The frame engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eng {
    Idle,
    /// Moving frame `m` into queue `q`: segment `seg` of `ndesc`, `off`
    /// bytes into the segment; `addr` is the current segment's buffer.
    /// `buf`: the buffer size in bytes, the queue's BSIZE that the buffer
    /// count was made with (look-ahead stage 2), fixed for the frame, so a
    /// BSIZE written under a moving frame cannot make its segments
    /// disagree with `ndesc`.
    Data {
        m: Meta,
        q: u8,
        ndesc: u32,
        buf: u32,
        seg: u32,
        off: u32,
        addr: Option<u64>,
    },
    /// Writing back descriptor `i` of `ndesc`.
    Wb {
        m: Meta,
        q: u8,
        ndesc: u32,
        buf: u32,
        i: u32,
    },
    /// Carrying out, in this edge, the verdict the idle engine reached in
    /// the edge before on the frame at the FIFO head (RTL `ENG_CLAIM`).
    Claim {
        q: u8,
        ndesc: u32,
        buf: u32,
        v: Verdict,
    },
}

/// The claim's verdict on the frame at the FIFO head (RTL `dec_reg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// HOLD: it stays at the head, judged again later.
    Hold,
    /// No room in the ring: dropped as no_desc.
    Drop,
    /// Moved into the ring.
    Take,
}

/// The claim look-ahead's stages (RTL `la1_*`, `la2_*`): the frame at the
/// FIFO head's queue (RETA), then that queue's BSIZE and the frame's buffer
/// count, registered ahead of the claim.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    pub valid: bool,
    pub q: u8,
    /// Stage 2: the queue's BSIZE in KiB, read with the division and
    /// carried with the buffer count to the claim (a 5-bit field; 8 bytes
    /// in all keep the two stages' per-edge stores to one word each).
    pub bsize_kib: u16,
    /// Stage 1: ceil(len / 1 KiB). Stage 2: buffers needed.
    pub n: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RxDma {
    pub q: Vec<QueueDyn>,
    /// FIFO words held by accepted frames not yet moved.
    pub fifo_used: u32,
    /// Words freed in the previous edge (a frame moved or dropped): taken
    /// off `fifo_used` one edge later, so the claim logic does not chain
    /// into the ingress' occupancy count (RTL: nic_rx_ingress `free_*_reg`).
    pub free_pending: u32,
    pub eng: Eng,
    pub ar: Option<ArReq>,
    pub reads_out: u32,
    /// Round-robin pointer of the prefetcher.
    pub rr: u32,
    /// Some tail, cache or fetch changed: look for a fetch to issue.
    pub fetch_check: bool,
    /// The fetch chosen in the previous edge, issued in this one.
    pub cand: Option<FetchCand>,
    pub stat_valid: bool,
    pub stat_no_desc: bool,
    pub stat_queue: u8,
    pub look1: Look,
    pub look2: Look,
    /// `queue_idle` as loaded at the last edge (nic_rx_dma.sv
    /// `queue_idle_reg`): [`RxDma::idle_next`] of the state before it.
    pub idle_reg: u32,
    /// Bit q mirrors `q[q].fetch_inflight` (for [`RxDma::idle_next`]).
    pub inflight_mask: u32,
}

/// What the engine sees of the other blocks in one edge (their registered
/// outputs before the edge, the TX engine's stage-A AR hold, and the
/// arbiter's write half).
#[derive(Clone, Copy, Debug)]
pub struct DmaIn {
    /// The RX FIFO's head frame (`meta_valid`, `meta_*`).
    pub meta: Option<Meta>,
    /// `tx_ar_hold`: the TX request still holds the AR slot after this edge's handshake.
    pub tx_ar_hold: bool,
    /// `r_valid`: the arbiter routed this edge's R beat here (not a TX read ID).
    pub r_beat: bool,
    /// `ar_ready`: the fetch this engine presents was accepted.
    pub ar_ready: bool,
    /// `rx_wb_done`: this engine's write-back burst completed in this edge.
    pub wb_done: bool,
    /// `rx_wr_ready`: the write channel takes this engine's burst in this edge.
    pub wr_ready: bool,
}

/// What the engine gives back in one edge: `ar_keep` (it holds the AR
/// slot after the edge, or keeps it for a pick tried in this edge: the
/// arbiter gives the TX engine the slot only without it) and its burst for
/// the write channel (`wr_valid`, `wr_*`), only in an edge with `wr_ready`.
#[derive(Clone, Copy, Debug, Default)]
pub struct DmaOut {
    pub ar_keep: bool,
    pub wr: Option<Burst>,
}

impl RxDma {
    pub fn new(cfg: &NicConfig) -> Self {
        RxDma {
            q: vec![QueueDyn { cache: VecDeque::with_capacity(cfg.desc_cache), ..Default::default() }; cfg.queues],
            fifo_used: 0,
            free_pending: 0,
            eng: Eng::Idle,
            ar: None,
            reads_out: 0,
            rr: 0,
            fetch_check: false,
            cand: None,
            look1: Look::default(),
            look2: Look::default(),
            stat_valid: false,
            stat_no_desc: false,
            stat_queue: 0,
            idle_reg: u32::MAX,
            inflight_mask: 0,
        }
    }

    pub fn head(&self, q: usize) -> u32 {
        self.q[q].head
    }
    /// `queue_idle`, as the CSR's lock-while-busy check sees it before the
    /// edge ([`RxDma::idle_next`], loaded at the last edge).
    pub fn queue_idle_mask(&self, nq: usize) -> u32 {
        self.idle_reg & (u32::MAX >> (32 - nq))
    }
    /// The next `queue_idle`, from the state before the edge: bit q set when
    /// q is disabled (`enabled`: the CSR's enables before the edge) and no
    /// DMA of q is in flight (a fetch, the engine) or chosen (the AR slot,
    /// the fetch candidate, which enters the slot in the next edge). Only an
    /// enabled queue can be picked for a fetch or claim a frame, so no edge
    /// starts DMA of a queue this calls idle. State only in the RTL: the
    /// edge's steps are not on its path.
    pub fn idle_next(&self, enabled: u32) -> u32 {
        debug_assert!(self.q.iter().enumerate().all(|(q, d)| d.fetch_inflight == (self.inflight_mask >> q & 1 != 0)));
        let mut busy = enabled | self.inflight_mask;
        if let Some(q) = self.active_q() {
            busy |= 1 << q;
        }
        if let Some(a) = self.ar {
            busy |= 1 << a.q;
        }
        if let Some(c) = self.cand {
            busy |= 1 << c.q;
        }
        !busy
    }
    /// Frame words the ingress accepted into the FIFO in this edge.
    #[inline]
    pub fn fifo_push(&mut self, words: u32) {
        self.fifo_used += words;
    }
    /// The register write's effects on this block (`wr_kick_fetch`, `wr_reset_queue`).
    #[inline]
    pub fn apply_writes(&mut self, w: &WrCmds) {
        if w.kick_fetch {
            self.fetch_check = true;
        }
        if let Some(q) = w.reset_queue {
            self.reset_queue(q as usize);
        }
        // An RDT write or a queue reset may make the candidate chosen in
        // this edge unsafe: it is dropped (the write sets fetch_check).
        if w.kick_fetch || w.reset_queue.is_some() {
            self.cand = None;
        }
    }
    fn active_q(&self) -> Option<usize> {
        match self.eng {
            Eng::Data { q, .. } | Eng::Wb { q, .. } => Some(q as usize),
            Eng::Idle | Eng::Claim { .. } => None,
        }
    }
    fn reset_queue(&mut self, q: usize) {
        let d = &mut self.q[q];
        d.head = 0;
        d.fetch_ptr = 0;
        d.cache.clear();
        d.fetch_err = false;
        self.fetch_check = true;
    }
    /// No fetch presented or in flight (the arbiter answers for the write channel).
    pub fn bus_idle(&self) -> bool {
        self.ar.is_none() && self.reads_out == 0
    }

    pub fn quiescent(&self, cfg: &NicConfig, csr: &Csr) -> bool {
        // `fetch_check` is state: while it is set the next edge looks for a fetch.
        let _ = cfg;
        self.bus_idle()
            && matches!(self.eng, Eng::Idle)
            && !self.stat_valid
            && self.fifo_used == 0
            && self.free_pending == 0
            && !self.fetch_check
            && self.cand.is_none()
            && !self.look1.valid
            && !self.look2.valid
            && self.idle_reg == !csr.enabled_mask()
    }

    /// The fetch presented on the arbiter's AR port (two beats a descriptor).
    pub fn ar_req(&self) -> Option<RdReq> {
        self.ar.map(|a| RdReq { id: a.q, addr: a.addr, len: (2 * a.n - 1) as u8 })
    }

    pub fn drive(&self, o: &mut Outputs) {
        o.stat_rx_out_valid = self.stat_valid;
        o.stat_rx_out_no_desc = self.stat_valid && self.stat_no_desc;
        o.stat_rx_out_queue = if self.stat_valid { self.stat_queue } else { 0 };
    }

    /// The next descriptor fetch to issue, by round robin from `rr`, from
    /// the state before the edge; it is issued in the next edge.
    fn pick_fetch(&self, cfg: &NicConfig, csr: &Csr) -> Option<FetchCand> {
        if self.ar.is_some() || self.reads_out >= cfg.max_reads as u32 || csr.rst_pending {
            return None;
        }
        let nq = cfg.queues as u32;
        let active = self.active_q();
        // Candidates: enabled queues, plus the one the engine is filling.
        let mask = csr.enabled_mask() | active.map_or(0, |q| 1 << q);
        // Rotate so bit 0 is the round-robin start.
        let rr = self.rr % nq;
        let mut rot = (mask >> rr) | if rr == 0 { 0 } else { (mask << (nq - rr)) & ((1u32 << nq) - 1) };
        while rot != 0 {
            let k = rot.trailing_zeros();
            rot &= rot - 1;
            let q = ((rr + k) % nq) as usize;
            let c = &csr.q[q];
            let d = &self.q[q];
            if d.fetch_inflight {
                continue;
            }
            let len = c.len;
            let avail = (c.tail + len - d.fetch_ptr) & (len - 1);
            let room = cfg.desc_cache as u32 - d.cache.len() as u32;
            if avail == 0 || room < avail.min(FETCH_MIN) {
                continue;
            }
            let addr = c.base + d.fetch_ptr as u64 * DESC_BYTES as u64;
            let to_4k = ((4096 - (addr & 4095)) / DESC_BYTES as u64) as u32;
            let n = avail.min(room).min(len - d.fetch_ptr).min(FETCH_MAX).min(to_4k);
            return Some(FetchCand { q: q as u8, n });
        }
        None
    }

    /// One edge. `csr`: the configuration before the edge; `inp`: the
    /// other blocks' wires. The events go to the CSR and interrupt blocks
    /// and the ingress; [`DmaOut`] to the TX engine's stage B and the arbiter.
    pub fn edge(&mut self, cfg: &NicConfig, i: &Inputs, csr: &Csr, inp: &DmaIn, ev: &mut DmaEv) -> DmaOut {
        // Last edge's freed words leave the count now (the ingress judged
        // this edge against the count before it).
        self.fifo_used -= std::mem::take(&mut self.free_pending);
        // From the state before the edge: the claim look-ahead's next stages
        // and the descriptor fetch (RTL: their own always_comb over registers).
        // Stage 2 reads the queue's BSIZE (the RETA read of stage 1 and
        // the BSIZE read are an edge apart: neither waits on the other)
        // and divides; that BSIZE goes with the count to the claim.
        let bsize = csr.q[self.look1.q as usize].bsize_kib;
        let look2_next = Look {
            valid: self.look1.valid,
            q: self.look1.q,
            n: if bsize == 0 { 0 } else { self.look1.n.div_ceil(bsize) },
            bsize_kib: bsize as u16,
        };
        let look1_next = match inp.meta {
            Some(m) => {
                let q = if m.htype == 0 { 0 } else { csr.reta[(m.hash & 127) as usize] as usize };
                let q = q.min(csr.q.len() - 1);
                Look { valid: true, q: q as u8, n: m.len.div_ceil(1024), bsize_kib: 0 }
            }
            None => Look::default(),
        };
        // The fetch chosen in the previous edge goes into the slot it kept
        // empty (not with a soft reset pending), with its address from the
        // fetch pointer that choice saw. Otherwise, with the slot empty, the
        // next one is chosen (a TX read still presented after this edge
        // keeps the AR slot).
        // A pick tried in this edge keeps the AR slot from the TX issuer,
        // found or not (ar_keep: from registered state, not from the
        // pick's outcome, so the pick is not on the TX issuer's path).
        let mut tried = false;
        let issue = match self.cand.take() {
            Some(c) if !csr.rst_pending => {
                let qi = c.q as usize;
                let addr = csr.q[qi].base + self.q[qi].fetch_ptr as u64 * DESC_BYTES as u64;
                Some(ArReq { q: c.q, addr, n: c.n })
            }
            Some(_) => None,
            None => {
                let pick_try = self.fetch_check && self.ar.is_none() && !inp.tx_ar_hold;
                if pick_try {
                    tried = self.reads_out < cfg.max_reads as u32 && !csr.rst_pending;
                    self.cand = self.pick_fetch(cfg, csr);
                    if self.cand.is_none() {
                        // This edge's events set it again.
                        self.fetch_check = false;
                    }
                }
                None
            }
        };
        self.stat_valid = false;
        // Start of a segment, an edge of its own: the next descriptor cached
        // before the edge (not one this edge's R beat brings) becomes the
        // buffer address; the segment's bursts go out from it in later edges.
        let mut took = false;
        if let Eng::Data { q, addr: ref mut addr @ None, .. } = self.eng {
            if let Some(a) = self.q[q as usize].cache.pop_front() {
                took = true;
                self.fetch_check = true;
                if a & 7 != 0 {
                    ev.flags |= DmaEv::DESC_ERR;
                }
                *addr = Some(a & !7);
            }
        }
        // R channel: descriptor fetch data (the arbiter routes beats with a
        // TX read ID to the TX engine).
        if inp.r_beat {
            self.on_r_beat(cfg, i, ev);
        }
        // AR handshake of the fetch presented.
        if let Some(a) = self.ar {
            if inp.ar_ready {
                let d = &mut self.q[a.q as usize];
                d.fetch_inflight = true;
                self.inflight_mask |= 1 << a.q;
                d.fetch_n = a.n;
                d.fetch_beat = 0;
                d.fetch_err = false;
                d.fetch_ptr = (d.fetch_ptr + a.n) & (csr.q[a.q as usize].len - 1);
                self.reads_out += 1;
                self.ar = None;
                self.rr = (a.q as u32 + 1) % cfg.queues as u32;
                self.fetch_check = true;
            }
        }
        // A write-back burst of this engine completed (the arbiter's W progress).
        if inp.wb_done {
            self.wb_done(csr, ev);
        }
        // Frame engine: take the next frame from the FIFO, but not in the edge
        // that completed one: each edge reports at most one frame on stat_rx_out.
        // The look-ahead must hold the head's queue and buffer count.
        let mut claimed = false;
        let mut popped = false;
        match self.eng {
            Eng::Claim { q, ndesc, buf, v } => {
                self.eng = Eng::Idle;
                if let Some(m) = inp.meta {
                    (claimed, popped) = self.carry_out(m, q, ndesc, buf, v, ev);
                }
            }
            Eng::Idle if !self.stat_valid && !csr.rst_pending && self.look2.valid && inp.meta.is_some() => {
                self.eng = Eng::Claim {
                    q: self.look2.q,
                    ndesc: self.look2.n,
                    buf: self.look2.bsize_kib as u32 * 1024,
                    v: self.judge(csr),
                };
            }
            _ => {}
        }
        self.look1 = look1_next;
        self.look2 = look2_next;
        if popped {
            self.look1.valid = false;
            self.look2.valid = false;
        }
        // The next write burst, when the arbiter gives this engine the turn
        // (MSI-X and TX write-backs go first; a frame claimed in this edge
        // starts in the next one, as does a segment that took its buffer
        // address in this edge).
        let wr = if inp.wr_ready && !claimed && !took && !matches!(self.eng, Eng::Idle) {
            self.next_burst(csr)
        } else {
            None
        };
        self.finish_edge(wr, issue, tried)
    }

    /// The end of [`RxDma::edge`]: the descriptor fetch issued in this
    /// edge, and whether this engine keeps the AR slot from the TX engine
    /// (its fetch held or issued, or a pick tried in this edge: found, for
    /// the next edge's issue; not found, because the TX issuer may not wait
    /// on the pick's outcome).
    #[inline]
    fn finish_edge(&mut self, wr: Option<Burst>, issue: Option<ArReq>, tried: bool) -> DmaOut {
        if issue.is_some() {
            self.ar = issue;
        }
        DmaOut { ar_keep: self.ar.is_some() || self.cand.is_some() || tried, wr }
    }

    fn on_r_beat(&mut self, cfg: &NicConfig, i: &Inputs, ev: &mut DmaEv) {
        let q = i.m_axi_rid as usize;
        if q >= cfg.queues || !self.q[q].fetch_inflight {
            // A response nobody asked for: a host-side protocol error.
            ev.flags |= DmaEv::R_ERR;
            return;
        }
        let d = &mut self.q[q];
        if i.m_axi_rresp != AXI_RESP_OKAY {
            d.fetch_err = true;
        }
        if d.fetch_beat & 1 == 0 {
            // First 8 bytes of a read descriptor: the buffer address.
            d.cache.push_back(if i.m_axi_rresp == AXI_RESP_OKAY { i.m_axi_rdata } else { 0 });
        }
        d.fetch_beat += 1;
        if d.fetch_beat == 2 * d.fetch_n || i.m_axi_rlast {
            let err = d.fetch_err;
            d.fetch_inflight = false;
            self.inflight_mask &= !(1 << q);
            self.reads_out = self.reads_out.saturating_sub(1);
            self.fetch_check = true;
            if err {
                ev.flags |= DmaEv::R_ERR;
            }
        }
    }

    /// The verdict on the frame at the head of the FIFO, from the
    /// look-ahead's queue and buffer count (carried out in the next edge).
    fn judge(&self, csr: &Csr) -> Verdict {
        let q = self.look2.q as usize;
        let c = &csr.q[q];
        let ndesc = self.look2.n;
        let free = if c.enable { (c.tail + c.len - self.q[q].head) & (c.len - 1) } else { 0 };
        if free < ndesc && c.enable && c.hold && ndesc < c.len {
            // HOLD (igb's DROP_EN clear): the frame waits at the FIFO head for the driver's
            // next RDT write (igb leaves it so with one queue); judged again
            // in the edge after this verdict's.
            Verdict::Hold
        } else if free < ndesc {
            Verdict::Drop
        } else {
            Verdict::Take
        }
    }

    /// Carry out the verdict of the edge before on the frame `m` at the
    /// FIFO head (the same frame: nothing pops it in between). (claimed, popped).
    fn carry_out(&mut self, m: Meta, q: u8, ndesc: u32, buf: u32, v: Verdict, ev: &mut DmaEv) -> (bool, bool) {
        match v {
            Verdict::Hold => (false, false),
            Verdict::Drop => {
                // No room in the ring: drop the frame now (no_desc).
                ev.meta_pop = true;
                self.free_pending += m.words;
                ev.flags |= DmaEv::NO_DESC;
                ev.no_desc_q = q;
                self.stat_valid = true;
                self.stat_no_desc = true;
                self.stat_queue = q;
                (false, true)
            }
            Verdict::Take => {
                ev.meta_pop = true;
                self.eng = Eng::Data { m, q, ndesc, buf, seg: 0, off: 0, addr: None };
                (true, true)
            }
        }
    }

    /// The engine's next burst, if it has one ready.
    fn next_burst(&mut self, csr: &Csr) -> Option<Burst> {
        match self.eng {
            Eng::Idle | Eng::Claim { .. } => None,
            Eng::Data { m, q, ndesc, buf, seg, off, addr } => {
                // (no buffer address yet: the segment's start takes one first)
                let addr = addr?;
                let seg_len = (m.len - seg * buf).min(buf);
                let rem = seg_len - off;
                let a = addr + off as u64;
                let to_4k = (4096 - (a & 4095)) as u32;
                let bytes = rem.min(MAX_BEATS * 8).min(to_4k);
                let beats = bytes.div_ceil(8);
                let tail = bytes % 8;
                let last_strb = if tail == 0 { 0xFF } else { ((1u16 << tail) - 1) as u8 };
                let word = m.start + (seg * buf + off) / 8;
                let off2 = off + bytes;
                self.eng = if off2 < seg_len {
                    Eng::Data { m, q, ndesc, buf, seg, off: off2, addr: Some(addr) }
                } else if seg + 1 < ndesc {
                    Eng::Data { m, q, ndesc, buf, seg: seg + 1, off: 0, addr: None }
                } else {
                    Eng::Wb { m, q, ndesc, buf, i: 0 }
                };
                Some(Burst { addr: a, beats, id: q, src: Src::Fifo { word, last_strb }, aw_done: false, beat: 0 })
            }
            Eng::Wb { m, q, ndesc, buf, i } => {
                let c = &csr.q[q as usize];
                // RDH has already moved past the descriptors written back so far.
                let idx = self.q[q as usize].head;
                let last = i + 1 == ndesc;
                let wb = RxWbDesc {
                    rss_hash: m.hash,
                    hash_type_raw: m.htype,
                    len: (m.len - i * buf).min(buf) as u16,
                    status: STA_DD | if last { STA_EOP } else { 0 },
                    errors: 0,
                };
                let b = wb.to_bytes();
                let w =
                    [u64::from_le_bytes(b[0..8].try_into().unwrap()), u64::from_le_bytes(b[8..16].try_into().unwrap())];
                // Stay in Wb until the burst completes; wb_done moves RDH on and completes the frame after the last.
                self.eng = Eng::Wb { m, q, ndesc, buf, i: i + 1 };
                Some(Burst {
                    addr: c.base + idx as u64 * DESC_BYTES as u64,
                    beats: 2,
                    id: q,
                    src: Src::Wb { w },
                    aw_done: false,
                    beat: 0,
                })
            }
        }
    }

    /// The arbiter accepted the last beat of this engine's write-back burst.
    fn wb_done(&mut self, csr: &Csr, ev: &mut DmaEv) {
        if let Eng::Wb { m, q, ndesc, i, .. } = self.eng {
            // Each accepted write-back hands its descriptor back: RDH moves on
            // (as igb's does), so the driver may reuse it before the frame ends.
            let qi = q as usize;
            let len = csr.q[qi].len;
            self.q[qi].head = (self.q[qi].head + 1) & (len - 1);
            if i == ndesc {
                // Last write-back accepted: the frame is complete.
                self.free_pending += m.words;
                // RX_PACKETS/RX_BYTES and the queue's counts (the CSR block
                // counts them); the vector's moderation (the interrupt block).
                ev.flags |= DmaEv::COMPLETE;
                ev.complete = RxComplete { q, len: m.len, vec: csr.q[qi].vector };
                self.stat_valid = true;
                self.stat_no_desc = false;
                self.stat_queue = q;
                self.eng = Eng::Idle;
                self.fetch_check = true;
            }
        }
    }
}
