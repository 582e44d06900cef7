//! TX DMA: one engine serves every TX queue, a frame at a time, round robin.
//! It fetches descriptors in bursts, reads the frame's buffers over the
//! shared AXI read channel, packs their bytes into the TX FIFO, and queues
//! DD write-backs; a sender streams finished frames to `m_axis_tx`.
//!
//! Store and forward: a frame reaches the sender only when all of it is in
//! the FIFO, so a frame that fails (bad descriptor, DMA error) is rolled out
//! of the FIFO whole and the MAC never sees a partial frame.
//!
//! Two halves: the issuer walks descriptors and presents data reads (up to
//! `TX_MAX_READS` in flight, so small frames do not pay the memory latency
//! one by one); the receiver takes the beats in order, packs the bytes,
//! and completes each descriptor (write-back, TDH, end of frame) when its
//! last read is in. An edge in which an R beat moved the issuer does not
//! also step it, and the receiver completes at most one descriptor per
//! edge; the FIFO takes at most two words per edge (a beat's word and, at
//! the end of a frame, its last partial word).

use crate::config::NicConfig;
use crate::csr::{Csr, TxQueueCfg};
use crate::wires::{ArbToTx, RdReq, RdRoute, SendEv, TxEv, TxToArb, TxWb, WrCmds, TX_DATA_ID, TX_DESC_ID};
use nicsim_hw::desc::{
    TxDesc, DESC_BYTES, TX_CMD_EOP, TX_CMD_RS, TX_MAX_BYTES, TX_STA_DD, TX_STA_ERR, TX_WB_LANE, TX_WB_OFFSET,
};
use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_OKAY};
use std::collections::VecDeque;

/// Descriptors cached (and fetched per burst) at most.
pub const TX_CACHE: u32 = 16;
/// Data reads in flight at once (the issuer runs ahead of the receiver).
pub const TX_MAX_READS: usize = 8;
/// Write-backs waiting, at most: every read in flight may add one.
pub const TX_WB_DEPTH: usize = 16;
/// FIFO words of the largest frame.
const MAX_FRAME_WORDS: u32 = TX_MAX_BYTES / 8;
/// Minimum frame on the wire (without FCS): shorter frames are zero-padded.
pub const MIN_FRAME: u32 = 60;

/// A fetched descriptor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CachedDesc {
    pub addr: u64,
    pub len: u16,
    pub cmd: u8,
    /// Its fetch failed: it ends its frame as dropped.
    pub failed: bool,
}

impl CachedDesc {
    fn eop(&self) -> bool {
        self.cmd & TX_CMD_EOP != 0
    }
    fn rs(&self) -> bool {
        self.cmd & TX_CMD_RS != 0
    }
}

/// The issuer: walks descriptors and presents reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxEng {
    Idle,
    /// Needs the frame's next descriptor.
    Desc,
    /// Descriptor fetch presented or in flight: `n` descriptors, `beat` beats in.
    FetchWait {
        n: u32,
        beat: u32,
        err: bool,
        w0: u64,
        w0_err: bool,
    },
    /// Next data read of `d` to present: `left` bytes from `addr`.
    Data {
        d: CachedDesc,
        addr: u64,
        left: u32,
    },
}

/// A data read presented (or, with `beats` 0, a descriptor that reads
/// nothing because its frame is bad), in the order the receiver takes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxRd {
    pub d: CachedDesc,
    pub q: u8,
    /// First byte's address, bytes and beats of the read.
    pub addr: u64,
    pub bytes: u32,
    pub beats: u32,
    /// Last read of its descriptor: the descriptor completes with it.
    pub end: bool,
    /// The descriptor is bad (failed fetch or length check): its frame is dropped.
    pub bad: bool,
}

/// A descriptor fetch planned an edge ahead (`TxDma::fp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchPlan {
    pub addr: u64,
    /// Descriptors: min(available, the cache, to the ring's end, to the 4 KiB line).
    pub n: u32,
    /// The fetch pointer after them.
    pub fptr: u32,
}

impl FetchPlan {
    /// The plan for ring `c` with TDT `tail` and fetch pointer `fptr`; none
    /// when no descriptor is available.
    fn new(c: &TxQueueCfg, tail: u32, fptr: u32) -> Option<Self> {
        // (wrapping: TDLEN is locked to a legal power of two while the
        // issuer is on the queue; no register value can make this panic)
        let mask = c.len.wrapping_sub(1);
        let avail = tail.wrapping_sub(fptr) & mask;
        if avail == 0 {
            return None;
        }
        let addr = c.base + fptr as u64 * DESC_BYTES as u64;
        let to_4k = ((4096 - (addr & 4095)) / DESC_BYTES as u64) as u32;
        let n = avail.min(TX_CACHE).min(c.len.wrapping_sub(fptr)).min(to_4k);
        Some(FetchPlan { addr, n, fptr: fptr.wrapping_add(n) & mask })
    }
}

/// The TX read request presented on AR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxAr {
    pub addr: u64,
    pub beats: u32,
    pub id: u8,
}

/// A frame queued for the sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxMeta {
    pub len: u32,
    pub q: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxDma {
    /// FIFO depth in 8-byte words (TX_FIFO_WORDS; a power of two).
    pub fifo_words: u32,
    /// Finished frames the FIFO can queue for the sender (TX_META_DEPTH).
    pub meta_depth: usize,
    /// TDH of each queue: descriptors completed (written back if RS).
    pub head: Vec<u32>,
    /// Issue head of each queue: descriptors the issuer has consumed.
    pub ihead: Vec<u32>,
    /// Bit q: queue q is enabled and its issue head != TDT (derived; kept up
    /// to date where either changes, so the idle issuer need not compare every queue).
    pub work: u32,
    pub eng: TxEng,
    /// Queue of the frame being issued.
    pub q: u8,
    /// Owner of the descriptor cache, and its fetch pointer.
    pub cq: u8,
    pub fptr: u32,
    pub cache: VecDeque<CachedDesc>,
    /// Round-robin start.
    pub rr: u32,
    /// The descriptor fetch's view of the issuing queue, taken at the edge
    /// before (nic_tx_dma.sv `fs_*`): for which queue, and its TDT then. A
    /// fetch needs it to be the issuing queue's; TDLEN and TDBA are read
    /// live, as they cannot change under the issuer (locked while the
    /// queue is enabled or the issuer is on it).
    pub fs_q: Option<u8>,
    pub fs_tail: u32,
    /// The fetch's second stage (nic_tx_dma.sv `fp_*`), planned at the edge
    /// before from `fs_*` and the fetch pointer then: none when Idle or a
    /// queue reset moved the pointer at that edge, or nothing was
    /// available. (A fetch moves it too, but leaves Desc, so its stale plan
    /// is never used.)
    pub fp: Option<FetchPlan>,
    pub ar: Option<TxAr>,
    /// Frame being issued: bytes so far, and whether a descriptor was bad.
    pub iflen: u32,
    pub iferr: bool,
    /// Reads issued, oldest first; `acked` of them past their AR handshake.
    pub inflight: VecDeque<TxRd>,
    pub acked: u32,
    /// Bytes of the reads in flight not yet received (FIFO space they will take).
    pub res_bytes: u32,
    /// Reads in flight that end a frame; reads in flight that read nothing.
    pub eop_inflight: u32,
    pub nodata_inflight: u32,
    /// The issuer's room check, taken at the start of the edge (before the
    /// sender's step and this edge's beats): FIFO words in use and reserved by the reads in
    /// flight, and metadata entries in use and reserved. Taken only in
    /// edges where the Idle issuer has work (the only reader).
    pub room_pre: (u32, usize),
    /// Receiver: beats and bytes of the oldest read so far, and its error.
    pub rbeat: u32,
    pub rgot: u32,
    pub rerr: bool,
    /// Receiver's frame: started, its first FIFO word, bytes, and bad.
    pub open: bool,
    pub fstart: u32,
    pub rflen: u32,
    pub rferr: bool,
    /// FIFO: `wr`/`rd` are free-running word counters.
    pub fifo: Vec<u64>,
    pub wr: u32,
    pub rd: u32,
    /// Bytes packed but not yet a whole word.
    pub acc: u64,
    pub acc_n: u32,
    pub meta: VecDeque<TxMeta>,
    /// Write-backs waiting for the write channel.
    pub wbq: VecDeque<TxWb>,
    /// A completion's write-back waits here one edge before entering `wbq`
    /// (nic_tx_dma.sv `wbs_*`: the RTL makes its address there, from registers).
    pub wb_stage: Option<TxWb>,
    /// Frame on the wire and its beat.
    pub cur: Option<TxMeta>,
    pub beat: u32,
    /// [`TxDma::queue_idle_mask`] as loaded at the last edge (nic_tx_dma.sv
    /// `queue_idle_reg`): [`TxDma::idle_next`] of the state before it.
    pub idle_reg: u32,
    /// This edge, an R beat moved the issuer / completed a read (not state between edges).
    moved: bool,
    rmoved: bool,
    /// [`TxDma::can_push`] of the state before the edge (the issuer's room check reads it).
    push_ok: bool,
}

fn words(len: u32) -> u32 {
    len.div_ceil(8)
}
fn wire_beats(len: u32) -> u32 {
    len.max(MIN_FRAME).div_ceil(8)
}
fn byte_mask(n: u32) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

impl TxDma {
    pub fn new(cfg: &NicConfig) -> Self {
        let queues = cfg.queues;
        TxDma {
            fifo_words: cfg.tx_fifo_words as u32,
            meta_depth: cfg.tx_meta_depth,
            head: vec![0; queues],
            ihead: vec![0; queues],
            work: 0,
            eng: TxEng::Idle,
            q: 0,
            cq: 0,
            fptr: 0,
            cache: VecDeque::with_capacity(TX_CACHE as usize),
            rr: 0,
            fs_q: None,
            fs_tail: 0,
            fp: None,
            ar: None,
            iflen: 0,
            iferr: false,
            inflight: VecDeque::with_capacity(TX_MAX_READS),
            acked: 0,
            res_bytes: 0,
            eop_inflight: 0,
            nodata_inflight: 0,
            room_pre: (0, 0),
            rbeat: 0,
            rgot: 0,
            rerr: false,
            open: false,
            fstart: 0,
            rflen: 0,
            rferr: false,
            fifo: vec![0; cfg.tx_fifo_words],
            wr: 0,
            rd: 0,
            acc: 0,
            acc_n: 0,
            meta: VecDeque::with_capacity(cfg.tx_meta_depth),
            wbq: VecDeque::with_capacity(TX_WB_DEPTH),
            wb_stage: None,
            cur: None,
            beat: 0,
            idle_reg: u32::MAX,
            moved: false,
            rmoved: false,
            push_ok: false,
        }
    }

    /// FIFO words in use (queued frames, the frame on the wire, the frame being built).
    pub fn used(&self) -> u32 {
        self.wr.wrapping_sub(self.rd)
    }

    /// Recompute queue `q`'s work bit after its enable, tail or issue head changed.
    pub fn update_work(&mut self, csr: &Csr, q: usize) {
        let c = &csr.txq[q];
        if c.enable && c.tail != self.ihead[q] {
            self.work |= 1 << q;
        } else {
            self.work &= !(1 << q);
        }
    }

    /// `queue_idle`, as the CSR's lock-while-busy check sees it before the
    /// edge: bit q set when no DMA of queue q was in flight or pending two
    /// states ago ([`TxDma::idle_next`], loaded at the last edge).
    pub fn queue_idle_mask(&self) -> u32 {
        self.idle_reg
    }

    /// The next `queue_idle`, from the state before the edge: bit q set when
    /// the issuer is not on queue q, q has no work (the issuer could choose
    /// it in this edge), and no read or write-back of q is in flight. So no
    /// edge can start DMA of a queue this calls idle, and the lagged mask
    /// is never idle where the state is busy. State only in the RTL, so
    /// neither the receiver nor the issuer is on its path.
    pub fn idle_next(&self) -> u32 {
        let mut busy = self.work;
        if matches!(self.eng, TxEng::Idle) && self.inflight.is_empty() && self.wbq.is_empty() && self.wb_stage.is_none()
        {
            return !busy;
        }
        if let Some(w) = &self.wb_stage {
            busy |= 1 << w.q;
        }
        if !matches!(self.eng, TxEng::Idle) {
            busy |= 1 << self.q;
        }
        for r in &self.inflight {
            busy |= 1 << r.q;
        }
        for w in &self.wbq {
            busy |= 1 << w.q;
        }
        !busy
    }

    /// The register write's effects on this block (`wr_tx_reset_queue`, and
    /// a changed tail or enable), with the configuration after the write.
    #[inline]
    pub fn apply_writes(&mut self, w: &WrCmds, csr: &Csr) {
        if let Some(q) = w.tx_reset_queue {
            self.reset_queue(csr, q as usize);
        }
        if let Some(q) = w.tx_update_work {
            self.update_work(csr, q as usize);
        }
    }

    /// Queue `q` enabled: its ring starts at 0.
    fn reset_queue(&mut self, csr: &Csr, q: usize) {
        self.head[q] = 0;
        self.ihead[q] = 0;
        if self.cq as usize == q {
            self.cache.clear();
            self.fptr = 0;
        }
        // (any queue's reset, as the RTL's `wr_reset_queue != 0`)
        self.fp = None;
        self.update_work(csr, q);
    }

    /// No TX read presented or in flight.
    pub fn bus_idle(&self) -> bool {
        self.ar.is_none() && self.inflight.is_empty() && !matches!(self.eng, TxEng::FetchWait { .. })
    }

    /// The sender is between frames (a soft reset may proceed).
    pub fn sender_idle(&self) -> bool {
        self.cur.is_none()
    }

    pub fn quiescent(&self, csr: &Csr) -> bool {
        matches!(self.eng, TxEng::Idle)
            && self.ar.is_none()
            && self.inflight.is_empty()
            && self.wbq.is_empty()
            && self.wb_stage.is_none()
            && self.cur.is_none()
            && self.meta.is_empty()
            && self.used() == 0
            && !(csr.tx_en && self.work != 0)
            && self.idle_reg == !self.work
    }

    pub fn drive(&self, o: &mut Outputs) {
        if let Some(m) = &self.cur {
            let nb = wire_beats(m.len);
            let last = self.beat + 1 == nb;
            o.m_axis_tx_tvalid = true;
            o.m_axis_tx_tdata = if self.beat < words(m.len) {
                self.fifo[((self.rd + self.beat) % self.fifo_words) as usize]
            } else {
                0
            };
            o.m_axis_tx_tkeep =
                if last { (0xFFu16 >> (8 - (m.len.max(MIN_FRAME) - 8 * (nb - 1)))) as u8 } else { 0xFF };
            o.m_axis_tx_tlast = last;
        }
    }

    /// The read presented on the arbiter's AR port.
    pub fn ar_req(&self) -> Option<RdReq> {
        self.ar.map(|a| RdReq { id: a.id, addr: a.addr, len: (a.beats - 1) as u8 })
    }

    /// The issuer's room check reads the FIFO and the frame queue as they
    /// were before the edge, before the sender frees anything (the RTL's
    /// `send_rd`, `send_meta_count`): conservative, since the sender only
    /// frees, and it keeps the sender off the issuer's path. Only the Idle
    /// issuer with work reads it.
    pub fn snapshot_room(&mut self) {
        if matches!(self.eng, TxEng::Idle) && self.work != 0 {
            self.room_pre = (
                self.used() + self.res_bytes.div_ceil(8) + self.eop_inflight,
                self.meta.len() + self.eop_inflight as usize,
            );
        }
    }

    /// The sender, first in the edge: it consumes the FIFO as it was before the edge.
    pub fn sender_edge(&mut self, i: &Inputs, csr: &Csr) -> SendEv {
        let mut ev = SendEv::default();
        if let Some(m) = self.cur {
            if i.m_axis_tx_tready {
                self.beat += 1;
                if self.beat == wire_beats(m.len) {
                    self.rd = self.rd.wrapping_add(words(m.len));
                    ev = SendEv { sent: true, q: m.q, len: m.len };
                    self.cur = None;
                }
            }
        }
        if self.cur.is_none() && !csr.rst_pending {
            if let Some(m) = self.meta.pop_front() {
                self.cur = Some(m);
                self.beat = 0;
            }
        }
        ev
    }

    /// Stage A of the engine (the receiver): an R beat with a TX ID (the
    /// arbiter's `tx_r_valid`), and the AR handshake of the TX request
    /// (`tx_ar_ready`). Returns the write-back offered to the write channel:
    /// the FIFO's head before the edge (one queued in this edge waits for the next).
    pub fn recv_edge(&mut self, i: &Inputs, rt: &RdRoute, csr: &Csr, ev: &mut TxEv) -> TxToArb {
        let wb = self.wbq.front().copied();
        // (read only by the issuer's Desc and Data steps; Idle never gets there in one edge)
        self.push_ok = !matches!(self.eng, TxEng::Idle) && self.can_push();
        if let Some(w) = self.wb_stage.take() {
            self.wbq.push_back(w);
        }
        if rt.tx_r {
            self.on_r_beat(i, csr, ev);
        }
        if self.ar.is_some() && rt.tx_ar_ready {
            self.ar_accepted();
        }
        TxToArb { wb }
    }

    /// Stage B: the write channel took the offered write-back (`wb_take`);
    /// then the receiver's read-nothing record and the issuer, which may
    /// present a read only with the arbiter's `ar_grant`.
    pub fn issue_edge(&mut self, csr: &Csr, d: &ArbToTx, ev: &mut TxEv) {
        if d.wb_take {
            self.wbq.pop_front();
        }
        self.engine_edge(csr, d.ar_grant, ev);
    }

    /// AR handshake of the TX request.
    fn ar_accepted(&mut self) {
        if self.ar.is_some_and(|a| a.id == TX_DATA_ID) {
            self.acked += 1;
        }
        self.ar = None;
    }

    /// An R beat with a TX ID.
    fn on_r_beat(&mut self, i: &Inputs, csr: &Csr, ev: &mut TxEv) {
        let e = i.m_axi_rresp != AXI_RESP_OKAY;
        match (i.m_axi_rid, self.eng) {
            (TX_DESC_ID, TxEng::FetchWait { n, beat, err, w0, w0_err })
                if self.ar.is_none_or(|a| a.id != TX_DESC_ID) =>
            {
                let err = err || e;
                let (w0, w0_err) = if beat & 1 == 0 {
                    (i.m_axi_rdata, e)
                } else {
                    let d = TxDesc::from_words(w0, i.m_axi_rdata);
                    let failed = w0_err || e;
                    self.cache.push_back(if failed {
                        CachedDesc { addr: 0, len: 0, cmd: TX_CMD_EOP | TX_CMD_RS, failed }
                    } else {
                        CachedDesc { addr: d.buf_addr, len: d.len, cmd: d.cmd, failed }
                    });
                    (0, false)
                };
                let beat = beat + 1;
                self.eng = if beat == 2 * n {
                    if err {
                        ev.flags |= TxEv::R_ERR;
                    }
                    TxEng::Desc
                } else {
                    TxEng::FetchWait { n, beat, err, w0, w0_err }
                };
                self.moved = true;
            }
            // `acked > 0` implies a data read at the head; matched, not assumed.
            (TX_DATA_ID, _) if self.acked > 0 && self.inflight.front().is_some_and(|r| r.beats > 0) => {
                let r = self.inflight[0];
                if self.rbeat == 0 {
                    self.open_frame();
                }
                let off = if self.rbeat == 0 { (r.addr & 7) as u32 } else { 0 };
                let take = (8 - off).min(r.bytes - self.rgot);
                self.push_bytes(i.m_axi_rdata >> (8 * off), take);
                self.rflen += take;
                self.res_bytes -= take;
                self.rbeat += 1;
                self.rgot += take;
                self.rerr |= e;
                if self.rbeat == r.beats {
                    self.inflight.pop_front();
                    self.acked -= 1;
                    if self.rerr {
                        ev.flags |= TxEv::R_ERR;
                        self.rferr = true;
                    }
                    self.rbeat = 0;
                    self.rgot = 0;
                    self.rerr = false;
                    if r.end {
                        self.complete(&r, csr, ev);
                    }
                    self.rmoved = true;
                }
            }
            // A response nobody asked for: a host-side protocol error.
            _ => ev.flags |= TxEv::R_ERR,
        }
    }

    fn open_frame(&mut self) {
        if !self.open {
            self.open = true;
            self.fstart = self.wr;
            self.rflen = 0;
            self.rferr = false;
        }
    }

    /// Append `k` (1..=8) bytes to the FIFO.
    fn push_bytes(&mut self, v: u64, k: u32) {
        let comb = self.acc as u128 | (((v & byte_mask(k)) as u128) << (8 * self.acc_n));
        let n = self.acc_n + k;
        if n >= 8 {
            self.fifo[(self.wr % self.fifo_words) as usize] = comb as u64;
            self.wr = self.wr.wrapping_add(1);
            self.acc = (comb >> 64) as u64;
            self.acc_n = n - 8;
        } else {
            self.acc = comb as u64;
            self.acc_n = n;
        }
    }

    /// The descriptor of read `r` is done: write-back, TDH, and the end of its frame.
    fn complete(&mut self, r: &TxRd, csr: &Csr, ev: &mut TxEv) {
        if r.bad {
            self.rferr = true;
        }
        let q = r.q as usize;
        let c = &csr.txq[q];
        if r.d.rs() {
            let status = TX_STA_DD | if self.rferr { TX_STA_ERR } else { 0 };
            debug_assert!(self.wb_stage.is_none(), "two TX completions in one edge");
            self.wb_stage = Some(TxWb {
                addr: c.base + self.head[q] as u64 * DESC_BYTES as u64 + TX_WB_OFFSET,
                data: (status as u64) << (8 * TX_WB_LANE),
                q: r.q,
            });
        }
        self.head[q] = (self.head[q] + 1) & (c.len - 1);
        if r.d.eop() {
            self.eop_inflight -= 1;
            if self.rferr {
                // Roll the frame out of the FIFO.
                self.wr = self.fstart;
                // TX_ERR and the queue's error count (at most one frame ends per edge).
                debug_assert!(!ev.has(TxEv::DROP), "two TX frames ended in one edge");
                ev.flags |= TxEv::DROP;
                ev.drop_q = r.q;
            } else {
                // The last partial word (this may be the edge's second FIFO write).
                if self.acc_n > 0 {
                    self.fifo[(self.wr % self.fifo_words) as usize] = self.acc;
                    self.wr = self.wr.wrapping_add(1);
                }
                self.meta.push_back(TxMeta { len: self.rflen, q: r.q });
            }
            self.acc = 0;
            self.acc_n = 0;
            self.open = false;
        }
    }

    /// Room for one more record: a read slot, and write-back room for every
    /// record in flight. The issuer reads it from before the edge
    /// (`push_ok`): conservative, as an edge's completions only free a read
    /// slot and move a record's write-back room into the FIFO.
    fn can_push(&self) -> bool {
        self.inflight.len() < TX_MAX_READS
            && self.inflight.len() + self.wbq.len() + usize::from(self.wb_stage.is_some()) < TX_WB_DEPTH
    }

    fn push(&mut self, r: TxRd) {
        self.res_bytes += r.bytes;
        if r.end && r.d.eop() {
            self.eop_inflight += 1;
        }
        if r.beats == 0 {
            self.nodata_inflight += 1;
        }
        self.inflight.push_back(r);
    }

    /// After the R channel: the receiver completes a read-nothing record at the head,
    /// then the issuer steps, presenting a read only with the arbiter's grant (`ar_grant`).
    fn engine_edge(&mut self, csr: &Csr, ar_grant: bool, ev: &mut TxEv) {
        // The fetch's view of the queue: this edge uses the one taken at the
        // edge before, and takes a new one from the state before this edge.
        let fs = self.fs_q.map(|q| (q, self.fs_tail));
        self.fs_q = Some(self.q);
        self.fs_tail = csr.txq[self.q as usize].tail;
        // Likewise the plan: this edge's fetch uses the one made at the edge
        // before; a new one is made from `fs` and the pointer before this edge.
        let fp = self.fp.take();
        if !matches!(self.eng, TxEng::Idle) {
            if let Some((_, tail)) = fs.filter(|&(q, _)| q == self.q) {
                self.fp = FetchPlan::new(&csr.txq[self.q as usize], tail, self.fptr);
            }
        }
        // Data reads wait for read-nothing records counted before the edge.
        let nodata_pre = self.nodata_inflight;
        // Receiver: a bad descriptor's record needs no beat.
        if !std::mem::take(&mut self.rmoved) {
            if let Some(r) = self.inflight.front().copied() {
                if r.beats == 0 {
                    self.inflight.pop_front();
                    self.nodata_inflight -= 1;
                    self.open_frame();
                    self.complete(&r, csr, ev);
                }
            }
        }
        if std::mem::take(&mut self.moved) {
            return;
        }
        let ar_free = ar_grant && self.ar.is_none() && !csr.rst_pending;
        match self.eng {
            TxEng::Idle => {
                // Words in use, plus what the reads in flight will write: their
                // bytes, and a partial last word for the open frame and each frame in flight.
                // Counted before this edge's beats and sends (`room_pre`), so the
                // issuer waits on neither the byte packer nor the sender. A beat
                // adds at most one word to that sum (a word flushed, bytes moved
                // from reserved to used; a frame's end trades its partial word for
                // its reservation), hence 2, not 1; a send only frees.
                // (No work, the common case, is tested first.)
                if self.work != 0
                    && csr.tx_en
                    && !csr.rst_pending
                    && self.room_pre.0 + 2 <= self.fifo_words - MAX_FRAME_WORDS
                    && self.room_pre.1 < self.meta_depth
                {
                    // Stay with the queue whose fetched descriptors are cached (a
                    // turn is at most one cache fill); otherwise round robin.
                    let q = if !self.cache.is_empty() && self.work & (1 << self.cq) != 0 {
                        self.cq as u32
                    } else {
                        let nq = self.head.len() as u32;
                        let rr = self.rr % nq;
                        let rot =
                            (self.work >> rr) | if rr == 0 { 0 } else { (self.work << (nq - rr)) & ((1u32 << nq) - 1) };
                        let q = (rr + rot.trailing_zeros()) % nq;
                        self.rr = (q + 1) % nq;
                        q
                    };
                    if self.cq as u32 != q {
                        self.cq = q as u8;
                        self.cache.clear();
                        self.fptr = self.ihead[q as usize];
                    }
                    self.q = q as u8;
                    self.iflen = 0;
                    self.iferr = false;
                    self.eng = TxEng::Desc;
                }
            }
            TxEng::Desc => {
                if let Some(&d) = self.cache.front() {
                    let bad = d.failed
                        || self.iferr
                        || d.len == 0
                        || d.len as u32 > TX_MAX_BYTES
                        || self.iflen + d.len as u32 > TX_MAX_BYTES;
                    if !bad {
                        self.cache.pop_front();
                        self.iflen += d.len as u32;
                        self.eng = TxEng::Data { d, addr: d.addr, left: d.len as u32 };
                    } else if self.push_ok {
                        // Counted once, at the descriptor that makes the frame bad.
                        if !d.failed && !self.iferr {
                            ev.flags |= TxEv::DESC_ERR;
                        }
                        self.iferr = true;
                        self.cache.pop_front();
                        self.push(TxRd { d, q: self.q, addr: 0, bytes: 0, beats: 0, end: true, bad: true });
                        self.desc_issued(csr, d);
                    }
                } else if let Some(p) = fp.filter(|_| ar_free) {
                    self.ar = Some(TxAr { addr: p.addr, beats: 2 * p.n, id: TX_DESC_ID });
                    self.fptr = p.fptr;
                    self.eng = TxEng::FetchWait { n: p.n, beat: 0, err: false, w0: 0, w0_err: false };
                }
            }
            TxEng::Data { d, addr, left } => {
                // Data reads wait while a read-nothing record is ahead, so beats always meet a data record.
                if ar_free && self.push_ok && nodata_pre == 0 {
                    let off = (addr & 7) as u32;
                    let to_4k = (4096 - (addr & 4095)) as u32;
                    let bytes = left.min(to_4k).min(256 * 8 - off);
                    let beats = (off + bytes).div_ceil(8);
                    let end = bytes == left;
                    self.ar = Some(TxAr { addr: addr & !7, beats, id: TX_DATA_ID });
                    self.push(TxRd { d, q: self.q, addr, bytes, beats, end, bad: false });
                    if end {
                        self.desc_issued(csr, d);
                    } else {
                        self.eng = TxEng::Data { d, addr: addr + bytes as u64, left: left - bytes };
                    }
                }
            }
            TxEng::FetchWait { .. } => {}
        }
    }

    /// The issuer is done with descriptor `d`.
    fn desc_issued(&mut self, csr: &Csr, d: CachedDesc) {
        let q = self.q as usize;
        self.ihead[q] = (self.ihead[q] + 1) & (csr.txq[q].len - 1);
        self.eng = if d.eop() { TxEng::Idle } else { TxEng::Desc };
        self.update_work(csr, q);
    }
}
