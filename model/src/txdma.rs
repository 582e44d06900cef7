//! TX DMA: one engine serves every TX queue, a frame at a time, round robin.
//! It fetches descriptors in bursts, reads the frame's buffers over the
//! shared AXI read channel, packs their bytes into the TX FIFO, and queues
//! DD write-backs; a sender streams finished frames to `m_axis_tx`.
//!
//! Store and forward: a frame reaches the sender only when all of it is in
//! the FIFO, so a frame that fails (bad descriptor, DMA error) is rolled out
//! of the FIFO whole and the MAC never sees a partial frame.
//!
//! Each engine state takes at least one edge, and an edge in which an R beat
//! moved the engine does not also run the engine step: at most one state
//! change and one FIFO word written per edge (as the RTL's `_next` logic).

use crate::csr::{st, Csr};
use crate::rxdma::{Burst, Src};
use nicsim_hw::desc::{TxDesc, DESC_BYTES, TX_CMD_EOP, TX_CMD_RS, TX_MAX_BYTES, TX_STA_DD, TX_STA_ERR};
use nicsim_hw::ports::{Inputs, Outputs, AXI_BURST_INCR, AXI_RESP_OKAY};
use std::collections::VecDeque;

/// AXI IDs of the TX engine.
pub const TX_DESC_ID: u8 = 0x10;
pub const TX_DATA_ID: u8 = 0x11;
pub const TX_WB_ID: u8 = 0x12;
/// TX FIFO depth in 8-byte words: two maximum frames.
pub const TX_FIFO_WORDS: u32 = 4096;
/// Finished frames the FIFO can queue for the sender.
pub const TX_META_DEPTH: usize = 32;
/// Descriptors cached (and fetched per burst) at most.
pub const TX_CACHE: u32 = 16;
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
    /// Data read presented or in flight: `bytes` of it from `addr`, `beats`
    /// beats; `got` bytes and `beat` beats received.
    DataWait {
        d: CachedDesc,
        addr: u64,
        left: u32,
        bytes: u32,
        beats: u32,
        beat: u32,
        got: u32,
        err: bool,
    },
    /// Descriptor `d` done: write-back, TDH, end of frame.
    Done {
        d: CachedDesc,
    },
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

/// A DD write-back waiting for the write channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxWb {
    pub addr: u64,
    pub data: u64,
    pub q: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxDma {
    /// TDH of each queue.
    pub head: Vec<u32>,
    /// Bit q: queue q is enabled and TDH != TDT (derived; kept up to date
    /// where either changes, so the idle engine need not compare every queue).
    pub work: u32,
    pub eng: TxEng,
    /// Queue of the frame in progress.
    pub q: u8,
    /// Owner of the descriptor cache, and its fetch pointer.
    pub cq: u8,
    pub fptr: u32,
    pub cache: VecDeque<CachedDesc>,
    /// Round-robin start.
    pub rr: u32,
    pub ar: Option<TxAr>,
    /// Frame in progress: bytes so far, bad, first FIFO word.
    pub flen: u32,
    pub ferr: bool,
    pub fstart: u32,
    /// FIFO: `wr`/`rd` are free-running word counters.
    pub fifo: Vec<u64>,
    pub wr: u32,
    pub rd: u32,
    /// Bytes packed but not yet a whole word.
    pub acc: u64,
    pub acc_n: u32,
    pub meta: VecDeque<TxMeta>,
    pub wb: Option<TxWb>,
    /// Frame on the wire and its beat.
    pub cur: Option<TxMeta>,
    pub beat: u32,
    /// An R beat moved the engine in this edge (not state between edges).
    moved: bool,
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
    pub fn new(queues: usize) -> Self {
        TxDma {
            head: vec![0; queues],
            work: 0,
            eng: TxEng::Idle,
            q: 0,
            cq: 0,
            fptr: 0,
            cache: VecDeque::with_capacity(TX_CACHE as usize),
            rr: 0,
            ar: None,
            flen: 0,
            ferr: false,
            fstart: 0,
            fifo: vec![0; TX_FIFO_WORDS as usize],
            wr: 0,
            rd: 0,
            acc: 0,
            acc_n: 0,
            meta: VecDeque::with_capacity(TX_META_DEPTH),
            wb: None,
            cur: None,
            beat: 0,
            moved: false,
        }
    }

    /// FIFO words in use (queued frames, the frame on the wire, the frame being built).
    pub fn used(&self) -> u32 {
        self.wr.wrapping_sub(self.rd)
    }

    /// Recompute queue `q`'s work bit after its enable, tail or head changed.
    pub fn update_work(&mut self, csr: &Csr, q: usize) {
        let c = &csr.txq[q];
        if c.enable && c.tail != self.head[q] {
            self.work |= 1 << q;
        } else {
            self.work &= !(1 << q);
        }
    }

    /// No DMA of queue `q` in flight or pending (so its ring may be re-initialised).
    pub fn queue_idle(&self, q: usize) -> bool {
        (self.eng == TxEng::Idle || self.q as usize != q) && self.wb.is_none_or(|w| w.q as usize != q)
    }

    /// Queue `q` enabled: its ring starts at 0.
    pub fn reset_queue(&mut self, csr: &Csr, q: usize) {
        self.head[q] = 0;
        if self.cq as usize == q {
            self.cache.clear();
            self.fptr = 0;
        }
        self.update_work(csr, q);
    }

    /// No TX read presented or in flight.
    pub fn bus_idle(&self) -> bool {
        self.ar.is_none() && !matches!(self.eng, TxEng::FetchWait { .. } | TxEng::DataWait { .. })
    }

    /// The sender is between frames (a soft reset may proceed).
    pub fn sender_idle(&self) -> bool {
        self.cur.is_none()
    }

    pub fn quiescent(&self, csr: &Csr) -> bool {
        self.eng == TxEng::Idle
            && self.ar.is_none()
            && self.wb.is_none()
            && self.cur.is_none()
            && self.meta.is_empty()
            && self.used() == 0
            && !(csr.tx_en && self.work != 0)
    }

    pub fn drive(&self, o: &mut Outputs) {
        if let Some(m) = &self.cur {
            let nb = wire_beats(m.len);
            let last = self.beat + 1 == nb;
            o.m_axis_tx_tvalid = true;
            o.m_axis_tx_tdata =
                if self.beat < words(m.len) { self.fifo[((self.rd + self.beat) % TX_FIFO_WORDS) as usize] } else { 0 };
            o.m_axis_tx_tkeep =
                if last { (0xFFu16 >> (8 - (m.len.max(MIN_FRAME) - 8 * (nb - 1)))) as u8 } else { 0xFF };
            o.m_axis_tx_tlast = last;
        }
    }

    /// Drive AR when the TX engine holds the shared slot.
    pub fn drive_ar(&self, o: &mut Outputs) {
        if let Some(a) = &self.ar {
            o.m_axi_arvalid = true;
            o.m_axi_arid = a.id;
            o.m_axi_araddr = a.addr;
            o.m_axi_arlen = (a.beats - 1) as u8;
            o.m_axi_arsize = 3;
            o.m_axi_arburst = AXI_BURST_INCR;
        }
    }

    /// The sender, first in the edge: it consumes the FIFO as it was before the edge.
    pub fn sender_edge(&mut self, i: &Inputs, csr: &mut Csr) {
        if let Some(m) = self.cur {
            if i.m_axis_tx_tready {
                self.beat += 1;
                if self.beat == wire_beats(m.len) {
                    self.rd = self.rd.wrapping_add(words(m.len));
                    csr.stat(st::TX_PACKETS, 1);
                    csr.stat(st::TX_BYTES, m.len);
                    let c = &mut csr.txq[m.q as usize];
                    c.packets = c.packets.wrapping_add(1);
                    c.bytes = c.bytes.wrapping_add(m.len);
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
    }

    /// AR handshake of the TX request.
    pub fn ar_accepted(&mut self) {
        self.ar = None;
    }

    /// An R beat with a TX ID.
    pub fn on_r_beat(&mut self, i: &Inputs, csr: &mut Csr) {
        let e = i.m_axi_rresp != AXI_RESP_OKAY;
        match (i.m_axi_rid, self.eng) {
            (TX_DESC_ID, TxEng::FetchWait { n, beat, err, w0, w0_err }) if self.ar.is_none() => {
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
                        csr.dev_error(st::DMA_ERR);
                    }
                    TxEng::Desc
                } else {
                    TxEng::FetchWait { n, beat, err, w0, w0_err }
                };
                self.moved = true;
            }
            (TX_DATA_ID, TxEng::DataWait { d, addr, left, bytes, beats, beat, got, err }) if self.ar.is_none() => {
                let off = if beat == 0 { (addr & 7) as u32 } else { 0 };
                let take = (8 - off).min(bytes - got);
                self.push_bytes(i.m_axi_rdata >> (8 * off), take);
                let (beat, got, err) = (beat + 1, got + take, err || e);
                self.eng = if beat < beats {
                    TxEng::DataWait { d, addr, left, bytes, beats, beat, got, err }
                } else if err {
                    csr.dev_error(st::DMA_ERR);
                    self.ferr = true;
                    TxEng::Done { d }
                } else if left > bytes {
                    TxEng::Data { d, addr: addr + bytes as u64, left: left - bytes }
                } else {
                    TxEng::Done { d }
                };
                self.moved = true;
            }
            // A response nobody asked for: a host-side protocol error.
            _ => csr.dev_error(st::DMA_ERR),
        }
    }

    /// Append `k` (1..=8) bytes to the FIFO.
    fn push_bytes(&mut self, v: u64, k: u32) {
        let comb = self.acc as u128 | (((v & byte_mask(k)) as u128) << (8 * self.acc_n));
        let n = self.acc_n + k;
        if n >= 8 {
            self.fifo[(self.wr % TX_FIFO_WORDS) as usize] = comb as u64;
            self.wr = self.wr.wrapping_add(1);
            self.acc = (comb >> 64) as u64;
            self.acc_n = n - 8;
        } else {
            self.acc = comb as u64;
            self.acc_n = n;
        }
    }

    /// The write channel is free: hand over the pending write-back.
    pub fn take_wb(&mut self) -> Option<Burst> {
        let w = self.wb.take()?;
        Some(Burst {
            addr: w.addr,
            beats: 1,
            id: TX_WB_ID,
            src: Src::TxWb { data: w.data, q: w.q },
            aw_done: false,
            beat: 0,
        })
    }

    /// The engine step, after the RX prefetcher: `ar_free` says the shared AR slot is empty.
    pub fn engine_edge(&mut self, csr: &mut Csr, ar_free: bool) {
        if std::mem::take(&mut self.moved) {
            return;
        }
        let ar_free = ar_free && self.ar.is_none() && !csr.rst_pending;
        match self.eng {
            TxEng::Idle => {
                if csr.tx_en
                    && !csr.rst_pending
                    && self.work != 0
                    && self.used() <= TX_FIFO_WORDS - MAX_FRAME_WORDS
                    && self.meta.len() < TX_META_DEPTH
                {
                    let nq = self.head.len() as u32;
                    let rr = self.rr % nq;
                    let rot =
                        (self.work >> rr) | if rr == 0 { 0 } else { (self.work << (nq - rr)) & ((1u32 << nq) - 1) };
                    let q = (rr + rot.trailing_zeros()) % nq;
                    self.rr = (q + 1) % nq;
                    if self.cq as u32 != q {
                        self.cq = q as u8;
                        self.cache.clear();
                        self.fptr = self.head[q as usize];
                    }
                    self.q = q as u8;
                    self.flen = 0;
                    self.ferr = false;
                    self.fstart = self.wr;
                    self.eng = TxEng::Desc;
                }
            }
            TxEng::Desc => {
                if let Some(d) = self.cache.pop_front() {
                    self.eng = if d.failed || self.ferr {
                        self.ferr = true;
                        TxEng::Done { d }
                    } else if d.len == 0 || d.len as u32 > TX_MAX_BYTES || self.flen + d.len as u32 > TX_MAX_BYTES {
                        csr.dev_error(st::DESC_ERR);
                        self.ferr = true;
                        TxEng::Done { d }
                    } else {
                        self.flen += d.len as u32;
                        TxEng::Data { d, addr: d.addr, left: d.len as u32 }
                    };
                } else {
                    let c = &csr.txq[self.q as usize];
                    let len = c.len;
                    let avail = c.tail.wrapping_sub(self.fptr) & (len - 1);
                    if avail != 0 && ar_free {
                        let addr = c.base + self.fptr as u64 * DESC_BYTES as u64;
                        let to_4k = ((4096 - (addr & 4095)) / DESC_BYTES as u64) as u32;
                        let n = avail.min(TX_CACHE).min(len - self.fptr).min(to_4k);
                        self.ar = Some(TxAr { addr, beats: 2 * n, id: TX_DESC_ID });
                        self.fptr = (self.fptr + n) & (len - 1);
                        self.eng = TxEng::FetchWait { n, beat: 0, err: false, w0: 0, w0_err: false };
                    }
                }
            }
            TxEng::Data { d, addr, left } => {
                if ar_free {
                    let off = (addr & 7) as u32;
                    let to_4k = (4096 - (addr & 4095)) as u32;
                    let bytes = left.min(to_4k).min(256 * 8 - off);
                    let beats = (off + bytes).div_ceil(8);
                    self.ar = Some(TxAr { addr: addr & !7, beats, id: TX_DATA_ID });
                    self.eng = TxEng::DataWait { d, addr, left, bytes, beats, beat: 0, got: 0, err: false };
                }
            }
            TxEng::FetchWait { .. } | TxEng::DataWait { .. } => {}
            TxEng::Done { d } => {
                if d.rs() && self.wb.is_some() {
                    return;
                }
                let q = self.q as usize;
                let c = &csr.txq[q];
                if d.rs() {
                    let status = TX_STA_DD | if self.ferr { TX_STA_ERR } else { 0 };
                    self.wb = Some(TxWb {
                        addr: c.base + self.head[q] as u64 * DESC_BYTES as u64 + 8,
                        data: (status as u64) << 24,
                        q: self.q,
                    });
                }
                self.head[q] = (self.head[q] + 1) & (c.len - 1);
                if d.eop() {
                    if self.ferr {
                        // Roll the frame out of the FIFO.
                        self.wr = self.fstart;
                        csr.stat(st::TX_ERR, 1);
                        let c = &mut csr.txq[q];
                        c.errors = c.errors.wrapping_add(1);
                    } else {
                        if self.acc_n > 0 {
                            self.fifo[(self.wr % TX_FIFO_WORDS) as usize] = self.acc;
                            self.wr = self.wr.wrapping_add(1);
                        }
                        self.meta.push_back(TxMeta { len: self.flen, q: self.q });
                    }
                    self.acc = 0;
                    self.acc_n = 0;
                    self.eng = TxEng::Idle;
                } else {
                    self.eng = TxEng::Desc;
                }
                self.update_work(csr, q);
            }
        }
    }
}
