//! TX ring: descriptor ring + one bounce buffer per slot, the transmit
//! routine (igb_xmit_frame_ring / igb_tx_map) and the completion cleanup
//! (igb_clean_tx_irq) with the queue stop/wake flow control.
//!
//! Ring indices, as in igb:
//! - `next_to_use`: next free slot; the value last written to TDT once the
//!   doorbell has been rung.
//! - `next_to_clean`: first slot not yet reclaimed. Slots in
//!   [next_to_clean, next_to_use) belong to the device (or wait for their
//!   doorbell).
//!
//! A frame occupies `ceil(len / tx_buf)` consecutive slots. The first slot's
//! [`TxInfo`] remembers the frame (igb's `tx_buffer_info` with its
//! `next_to_watch`): the index of its last descriptor, which carries EOP and
//! RS, so cleaning needs to look at one status byte per frame.
//!
//! Flow control (igb's `igb_maybe_stop_tx` / `TX_WAKE_THRESHOLD`):
//! - `desc_needed` = descriptors of a maximum frame + 1 (one spare, igb's
//!   gap); after queueing a frame, the queue is stopped when fewer than
//!   `desc_needed` descriptors are free, so the next xmit always fits.
//! - After cleaning, a stopped queue is woken when at least `wake_threshold`
//!   = `min(2 × desc_needed, ring − 1)` descriptors are free (the clamp lets
//!   a ring that can only hold one or two maximum frames wake at all).

use crate::bql::Dql;
use crate::host::{Cost, HostOps};
use nicsim_hw::desc::{TxDesc, DESC_BYTES, TX_CMD_EOP, TX_CMD_IFCS, TX_CMD_RS, TX_STA_DD, TX_STA_ERR};
use nicsim_hw::regs::{txq, txq_reg};

/// Frames cleaned per NAPI poll at most (igb's IGB_DEFAULT_TX_WORK).
pub const TX_WORK_LIMIT: usize = 128;

/// Byte offset of the status byte inside a TX descriptor.
const STATUS_BYTE: u64 = 11;

/// Why the driver refused a frame without handing it to the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TxDropReason {
    /// Longer than the largest frame the driver sends (MTU + 22).
    Oversize,
    /// Zero bytes: nothing to send.
    Empty,
}

impl TxDropReason {
    pub fn name(self) -> &'static str {
        match self {
            TxDropReason::Oversize => "oversize",
            TxDropReason::Empty => "empty",
        }
    }
}

/// What `xmit` did with a frame (ndo_start_xmit's answer, plus the drops a
/// kernel driver does with `dev_kfree_skb_any` + NETDEV_TX_OK).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxStatus {
    /// NETDEV_TX_OK: the frame is on the ring; it completes later.
    Queued,
    /// NETDEV_TX_BUSY: the queue is stopped or full; the stack must requeue
    /// the frame and wait for the queue to wake.
    Busy,
    /// Freed without sending (counted in `tx_dropped`).
    Dropped(TxDropReason),
}

/// A frame the device finished with, reported by the cleanup in `napi_poll`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxCompletion {
    pub queue: usize,
    /// The caller's token given to `xmit` (the skb).
    pub token: u64,
    pub bytes: u32,
    /// The device wrote back ERR: it dropped the frame (bad descriptor or
    /// DMA read error) instead of sending it.
    pub error: bool,
    /// Freed by a reset (igb_clean_tx_ring) without a write-back: the frame
    /// may or may not have left the MAC before the device was reset.
    pub reset: bool,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct TxStats {
    pub packets: u64,
    pub bytes: u64,
    /// Wakes of a stopped queue after cleaning.
    pub restart_queue: u64,
    /// xmit called while the queue was stopped or had no room.
    pub busy: u64,
    /// Times the queue was stopped.
    pub stops: u64,
    /// Frames the device dropped (ERR in the write-back).
    pub errors: u64,
    /// Frames refused by the driver, by reason.
    pub dropped_oversize: u64,
    pub dropped_empty: u64,
    /// TDT writes.
    pub doorbells: u64,
    /// Times BQL stopped the queue (netdev_tx_sent_queue over the limit).
    pub bql_stops: u64,
    /// igb_clean_tx_irq's "Detected Tx Unit Hang".
    pub hangs: u64,
}

/// Book-keeping of a frame, kept in the slot of its first descriptor.
#[derive(Clone, Copy, Debug)]
struct TxInfo {
    /// Slot of the frame's last (EOP, RS) descriptor: igb's next_to_watch.
    eop: usize,
    descs: usize,
    bytes: u32,
    token: u64,
    /// Host time it was queued (igb's first->time_stamp), for hang detection.
    time_ns: u64,
}

#[derive(Debug)]
pub(crate) struct TxRing {
    pub queue: usize,
    pub vector: usize,
    pub desc_base: u64,
    len: usize,
    /// Bytes per slot buffer: the most one descriptor carries.
    buf_size: usize,
    buf_base: u64,
    info: Vec<Option<TxInfo>>,
    pub next_to_use: usize,
    pub next_to_clean: usize,
    /// Descriptors written since the last TDT write.
    doorbell_pending: bool,
    stopped: bool,
    desc_needed: usize,
    wake_threshold: usize,
    pub stats: TxStats,
    /// Byte queue limits of this queue (the netdev_queue's dql).
    pub bql: Dql,
    /// __QUEUE_STATE_STACK_XOFF: BQL stopped the queue.
    bql_xoff: bool,
    /// IGB_RING_FLAG_TX_DETECT_HANG: set by the watchdog task, checked
    /// (and cleared) by the next cleanup.
    pub detect_hang: bool,
}

/// igb's hang timeout: a frame pending longer than `tx_timeout_factor * HZ`
/// jiffies (factor 1 at any speed but 10 Mb/s) is a hang.
pub const TX_HANG_NS: u64 = 1_000_000_000;

impl TxRing {
    /// Allocate the descriptor ring and the slot buffers
    /// (igb_setup_tx_resources). Registers are programmed by the caller.
    ///
    /// The buffers are one block with a stride of `buf_size` bytes, so an
    /// odd `buf_size` gives buffers at any byte alignment, which the device
    /// must accept.
    pub fn alloc(
        host: &mut dyn HostOps,
        queue: usize,
        vector: usize,
        len: usize,
        buf_size: usize,
        desc_needed: usize,
    ) -> TxRing {
        let desc_base = host.dma_alloc(len * DESC_BYTES, 128);
        let buf_base = host.dma_alloc(len * buf_size, 4096);
        TxRing {
            queue,
            vector,
            desc_base,
            len,
            buf_size,
            buf_base,
            info: vec![None; len],
            next_to_use: 0,
            next_to_clean: 0,
            doorbell_pending: false,
            stopped: false,
            desc_needed,
            wake_threshold: (2 * desc_needed).min(len - 1),
            stats: TxStats::default(),
            bql: Dql::new(host.now_ns()),
            bql_xoff: false,
            detect_hang: false,
        }
    }

    fn desc_addr(&self, i: usize) -> u64 {
        self.desc_base + (i * DESC_BYTES) as u64
    }

    fn buf_addr(&self, i: usize) -> u64 {
        self.buf_base + (i * self.buf_size) as u64
    }

    /// igb_desc_unused: free slots, keeping one empty so that a full ring
    /// never looks empty (TDT == TDH).
    pub fn unused(&self) -> usize {
        (self.next_to_clean + self.len - self.next_to_use - 1) % self.len
    }

    /// Descriptors handed out and not yet reclaimed.
    pub fn in_flight(&self) -> usize {
        (self.next_to_use + self.len - self.next_to_clean) % self.len
    }

    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// netif_xmit_frozen_or_stopped: the driver or BQL stopped the queue.
    pub fn xoff(&self) -> bool {
        self.stopped || self.bql_xoff
    }

    /// The doorbell: one TDT write covering everything queued since the last.
    fn flush(&mut self, host: &mut dyn HostOps) {
        if self.doorbell_pending {
            self.doorbell_pending = false;
            self.stats.doorbells += 1;
            host.mmio_write32(txq_reg(self.queue, txq::TDT), self.next_to_use as u32);
        }
    }

    /// igb_xmit_frame_ring. `max_frame` is the largest frame the driver
    /// sends; `more` is the stack's xmit_more hint (another frame for this
    /// queue follows at once), which defers the doorbell.
    pub fn xmit(&mut self, host: &mut dyn HostOps, frame: &[u8], more: bool, token: u64, max_frame: usize) -> TxStatus {
        let status = self.xmit_inner(host, frame, token, max_frame);
        // igb_tx_map: `if (netif_xmit_stopped(txq) || !netdev_xmit_more())`
        // ring the doorbell: a queue stopped by the ring or by BQL, or the
        // last frame of a batch, whatever became of it.
        if self.xoff() || !more {
            self.flush(host);
        }
        status
    }

    fn xmit_inner(&mut self, host: &mut dyn HostOps, frame: &[u8], token: u64, max_frame: usize) -> TxStatus {
        if frame.is_empty() {
            self.stats.dropped_empty += 1;
            return TxStatus::Dropped(TxDropReason::Empty);
        }
        if frame.len() > max_frame {
            self.stats.dropped_oversize += 1;
            return TxStatus::Dropped(TxDropReason::Oversize);
        }
        let count = frame.len().div_ceil(self.buf_size);
        if self.stopped {
            self.stats.busy += 1;
            return TxStatus::Busy;
        }
        if self.unused() < count {
            // Cannot happen while the stop threshold holds; igb calls it a
            // hard error and stops the queue.
            self.stopped = true;
            self.stats.stops += 1;
            self.stats.busy += 1;
            return TxStatus::Busy;
        }

        // igb_tx_map: one descriptor per buf_size chunk, EOP|RS on the last.
        let mask = self.len - 1;
        let first = self.next_to_use;
        let mut slot = first;
        for (k, chunk) in frame.chunks(self.buf_size).enumerate() {
            let last = k + 1 == count;
            let buf = self.buf_addr(slot);
            host.mem_write(buf, chunk);
            let cmd = TX_CMD_IFCS | if last { TX_CMD_EOP | TX_CMD_RS } else { 0 };
            let d = TxDesc { buf_addr: buf, len: chunk.len() as u16, cmd, status: 0 };
            host.mem_write(self.desc_addr(slot), &d.to_bytes());
            if !last {
                slot = (slot + 1) & mask;
            }
        }
        let time_ns = host.now_ns();
        self.info[first] = Some(TxInfo { eop: slot, descs: count, bytes: frame.len() as u32, token, time_ns });
        self.next_to_use = (slot + 1) & mask;
        self.doorbell_pending = true;
        // netdev_tx_sent_queue: account the bytes; over the limit, the stack stops the queue.
        self.bql.queued(frame.len() as u32);
        if self.bql.avail() < 0 && !self.bql_xoff {
            self.bql_xoff = true;
            self.stats.bql_stops += 1;
        }
        host.charge(Cost::TxFrame, 1);
        host.charge(Cost::TxDescriptor, count as u32);

        // igb_maybe_stop_tx(DESC_NEEDED): stop before the ring can run out.
        if self.unused() < self.desc_needed {
            self.stopped = true;
            self.stats.stops += 1;
        }
        TxStatus::Queued
    }

    /// igb_clean_tx_irq: reclaim up to `limit` frames whose last descriptor
    /// shows DD, in ring order, reporting each in `done`. Returns true when
    /// the work was finished (fewer than `limit` frames were cleaned).
    pub fn clean(&mut self, host: &mut dyn HostOps, limit: usize, done: &mut Vec<TxCompletion>) -> bool {
        let mask = self.len - 1;
        let mut cleaned = 0usize;
        let mut bytes = 0u32;
        while cleaned < limit {
            let ntc = self.next_to_clean;
            let Some(info) = self.info[ntc] else { break };
            let mut st = [0u8; 1];
            host.mem_read(self.desc_addr(info.eop) + STATUS_BYTE, &mut st);
            if st[0] & TX_STA_DD == 0 {
                break; // the device has not finished this frame
            }
            self.info[ntc] = None;
            let error = st[0] & TX_STA_ERR != 0;
            if error {
                self.stats.errors += 1;
            } else {
                self.stats.packets += 1;
                self.stats.bytes += info.bytes as u64;
            }
            bytes = bytes.wrapping_add(info.bytes);
            done.push(TxCompletion { queue: self.queue, token: info.token, bytes: info.bytes, error, reset: false });
            host.charge(Cost::TxClean, 1);
            debug_assert_eq!((info.eop + 1 + self.len - ntc) % self.len, info.descs % self.len);
            self.next_to_clean = (info.eop + 1) & mask;
            cleaned += 1;
        }
        // netdev_tx_completed_queue, called by igb_clean_tx_irq every time:
        // dql_completed, and a BQL-stopped queue restarts once under its limit.
        self.bql.completed(bytes, host.now_ns());
        if self.bql_xoff && self.bql.avail() >= 0 {
            self.bql_xoff = false;
        }
        if self.detect_hang {
            // igb_clean_tx_irq: the frame at next_to_clean has waited more
            // than a second and the MAC is not paused (nicsim has no flow
            // control, so it never is): "Detected Tx Unit Hang". Stop the
            // queue; dev_watchdog then times it out and the reset task runs.
            self.detect_hang = false;
            let pending = self.info[self.next_to_clean];
            if pending.is_some_and(|i| host.now_ns() > i.time_ns.saturating_add(TX_HANG_NS)) {
                self.stats.hangs += 1;
                if !self.stopped {
                    self.stopped = true;
                    self.stats.stops += 1;
                }
                // "we are about to reset, no point in enabling stuff"
                return true;
            }
        }
        if cleaned > 0 && self.stopped && self.unused() >= self.wake_threshold {
            self.stopped = false;
            self.stats.restart_queue += 1;
        }
        cleaned < limit
    }

    /// igb_clean_tx_ring for a reset: every frame still on the ring is
    /// freed and reported with `reset` set, oldest first; the ring restarts
    /// empty at slot 0 with its descriptors zeroed (igb_configure_tx_ring),
    /// BQL reset (netdev_tx_reset_queue) and the queue awake.
    pub fn abort_all(&mut self, host: &mut dyn HostOps, done: &mut Vec<TxCompletion>) {
        let mask = self.len - 1;
        let mut i = self.next_to_clean;
        while i != self.next_to_use {
            match self.info[i].take() {
                Some(info) => {
                    done.push(TxCompletion {
                        queue: self.queue,
                        token: info.token,
                        bytes: info.bytes,
                        error: false,
                        reset: true,
                    });
                    i = (info.eop + 1) & mask;
                }
                None => i = (i + 1) & mask,
            }
        }
        self.info.iter_mut().for_each(|x| *x = None);
        host.mem_write(self.desc_base, &vec![0u8; self.len * DESC_BYTES]);
        self.next_to_use = 0;
        self.next_to_clean = 0;
        self.doorbell_pending = false;
        self.stopped = false;
        self.detect_hang = false;
        self.bql = Dql::new(host.now_ns());
        self.bql_xoff = false;
    }

    /// The queue goes down: forget frames never reclaimed.
    pub fn reset(&mut self) {
        self.info.iter_mut().for_each(|i| *i = None);
        self.next_to_clean = self.next_to_use;
        self.doorbell_pending = false;
        self.stopped = true;
        self.bql = Dql::default();
        self.bql_xoff = false;
    }
}
