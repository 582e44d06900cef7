//! RX ring: descriptor ring + one buffer per slot, and the receive cleanup
//! loop (igb_clean_rx_irq) with its refill (igb_alloc_rx_buffers).
//!
//! Ring indices, as in igb:
//! - `next_to_clean`: next descriptor the driver expects the device to write
//!   back (follows the device's RDH).
//! - `next_to_use`: the tail last written to RDT; slots in
//!   [next_to_clean, next_to_use) belong to the device.
//!
//! Every slot owns a fixed buffer. Because the driver copies the data out
//! (the model has no page flipping), a cleaned slot is handed back with the
//! same buffer.

use crate::host::{Cost, HostOps};
use crate::RxFrame;
use nicsim_hw::desc::{RxReadDesc, RxWbDesc, DESC_BYTES, RX_STATUS_BYTE};
use nicsim_hw::regs::{rxq, rxq_reg};
use nicsim_hw::rss::HashType;

/// Descriptors cleaned before the driver gives them back in one RDT write
/// (igb's IGB_RX_BUFFER_WRITE): batches doorbells without starving the device.
pub const RX_BUFFER_WRITE: usize = 16;

/// A frame whose first descriptors were written back but not its EOP one
/// (igb keeps this in `rx_ring->skb`).
#[derive(Debug, Default)]
struct Partial {
    data: Vec<u8>,
    descs: usize,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct RingStats {
    pub packets: u64,
    pub bytes: u64,
    /// Write-backs that failed validation.
    pub desc_errors: u64,
    /// Frames thrown away because one of their write-backs was bad.
    pub dropped: u64,
    pub irqs: u64,
    pub polls: u64,
    /// Refills that failed to get a buffer (igb's alloc_rx_buff_failed).
    pub alloc_failed: u64,
}

#[derive(Debug)]
pub(crate) struct RxRing {
    pub queue: usize,
    pub vector: usize,
    pub desc_base: u64,
    pub bufs: Vec<u64>,
    pub buf_size: usize,
    pub next_to_clean: usize,
    pub next_to_use: usize,
    partial: Option<Partial>,
    /// After a bad write-back in the middle of a frame: skip descriptors up
    /// to and including the next EOP, so the frame's tail is not delivered
    /// as a frame of its own.
    discarding: bool,
    pub stats: RingStats,
}

impl RxRing {
    /// Allocate the descriptor ring and the buffers, and write a read
    /// descriptor into every slot (igb_setup_rx_resources + the first
    /// igb_alloc_rx_buffers). Registers are programmed by the caller.
    pub fn alloc(host: &mut dyn HostOps, queue: usize, vector: usize, len: usize, buf_size: usize) -> RxRing {
        // 128-byte alignment: igb's ring alignment, and whole cache lines.
        let desc_base = host.dma_alloc(len * DESC_BYTES, 128);
        // Power-of-two alignment up to 4 KiB keeps a buffer of <= 4 KiB
        // inside one page (no DMA burst crosses a 4 KiB boundary).
        let align = buf_size.next_power_of_two().min(4096);
        let bufs: Vec<u64> = (0..len).map(|_| host.dma_alloc(buf_size, align)).collect();
        let mut ring_bytes = vec![0u8; len * DESC_BYTES];
        for (i, &b) in bufs.iter().enumerate() {
            ring_bytes[i * DESC_BYTES..(i + 1) * DESC_BYTES].copy_from_slice(&RxReadDesc { buf_addr: b }.to_bytes());
        }
        host.mem_write(desc_base, &ring_bytes);
        RxRing {
            queue,
            vector,
            desc_base,
            bufs,
            buf_size,
            next_to_clean: 0,
            // Tail after enable: all but one descriptor given to the device.
            next_to_use: len - 1,
            partial: None,
            discarding: false,
            stats: RingStats::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.bufs.len()
    }

    fn desc_addr(&self, i: usize) -> u64 {
        self.desc_base + (i * DESC_BYTES) as u64
    }

    /// Drop any half-assembled frame (queue going down).
    pub fn reset_partial(&mut self) {
        self.partial = None;
        self.discarding = false;
    }

    /// igb_clean_rx_ring + igb_configure_rx_ring for a reset: whatever the
    /// ring held is dropped (frames written back and not yet cleaned are
    /// freed with their buffers), the descriptors are zeroed and both indices
    /// restart at 0. The caller enables the queue, then [`RxRing::refill`]
    /// gives every slot but one back (igb_alloc_rx_buffers in igb_configure).
    pub fn reinit(&mut self, host: &mut dyn HostOps) {
        self.reset_partial();
        host.mem_write(self.desc_base, &vec![0u8; self.len() * DESC_BYTES]);
        self.next_to_clean = 0;
        self.next_to_use = 0;
    }

    /// Give cleaned slots back to the device: rewrite their read
    /// descriptors (this also zeroes the write-back status, so a stale DD
    /// cannot be mistaken for a new completion one lap later), then one
    /// doorbell. igb_alloc_rx_buffers; the MMIO write is ordered after the
    /// descriptor writes, as the wmb() before writel() ensures there.
    ///
    /// Every unused slot is refilled: the ones just cleaned, and any an
    /// earlier failed allocation left empty (igb_desc_unused: everything up to
    /// next_to_clean - 1). An allocation failure stops the refill there
    /// (igb_alloc_rx_buffers gives up and counts alloc_rx_buff_failed); the
    /// rest is retried on the next poll.
    pub fn refill(&mut self, host: &mut dyn HostOps) {
        let mask = self.len() - 1;
        let n = (self.next_to_clean + self.len() - self.next_to_use - 1) & mask;
        if n == 0 {
            return;
        }
        let mut done = 0;
        for _ in 0..n {
            if !host.alloc_rx_buffer() {
                self.stats.alloc_failed += 1;
                break;
            }
            done += 1;
            let slot = self.next_to_use;
            host.mem_write(self.desc_addr(slot), &RxReadDesc { buf_addr: self.bufs[slot] }.to_bytes());
            self.next_to_use = (slot + 1) & mask;
        }
        if done == 0 {
            return;
        }
        host.charge(Cost::RefillDescriptor, done as u32);
        host.mmio_write32(rxq_reg(self.queue, rxq::RDT), self.next_to_use as u32);
    }

    /// igb_clean_rx_irq: deliver up to `budget` frames; returns the number
    /// delivered. Stops early at the first descriptor without DD.
    pub fn clean(&mut self, host: &mut dyn HostOps, budget: usize, out: &mut Vec<RxFrame>) -> usize {
        let mask = self.len() - 1;
        let mut work = 0usize;
        let mut cleaned = 0usize;
        while work < budget {
            let ntc = self.next_to_clean;
            let mut raw = [0u8; DESC_BYTES];
            host.mem_read(self.desc_addr(ntc), &mut raw);
            let wb = RxWbDesc::from_bytes(&raw);
            if !wb.dd() {
                break; // not written back yet: the device still owns it
            }
            host.charge(Cost::RxDescriptor, 1);

            // A frame never spans more descriptors than the device can own.
            let descs_so_far = self.partial.as_ref().map_or(0, |p| p.descs);
            let too_long = !wb.eop() && descs_so_far + 1 >= self.len() - 1;
            let bad = wb.validate(self.buf_size as u32).is_err() || too_long;

            if bad {
                self.stats.desc_errors += 1;
                if !self.discarding {
                    self.stats.dropped += 1;
                }
                self.partial = None;
                // The status byte may be garbage too; trusting its EOP is the
                // best guess at where the broken frame ends.
                self.discarding = !wb.eop();
            } else if self.discarding {
                if wb.eop() {
                    self.discarding = false;
                }
            } else {
                let p = self.partial.get_or_insert_with(Partial::default);
                let old = p.data.len();
                p.data.resize(old + wb.len as usize, 0);
                host.mem_read(self.bufs[ntc], &mut p.data[old..]);
                p.descs += 1;
                if wb.eop() {
                    let p = self.partial.take().unwrap_or_default();
                    self.stats.packets += 1;
                    self.stats.bytes += p.data.len() as u64;
                    out.push(RxFrame {
                        queue: self.queue,
                        data: p.data,
                        hash: wb.rss_hash,
                        hash_type: wb.hash_type().unwrap_or(HashType::None),
                    });
                    host.charge(Cost::RxFrame, 1);
                    work += 1;
                }
            }

            // Clear DD now. The slot is refilled later at next_to_use, and
            // until then a stale DD would read as a new frame when
            // next_to_clean comes round again (igb clears the status of the
            // next_to_use descriptor for the same reason).
            host.mem_write(self.desc_addr(ntc) + RX_STATUS_BYTE as u64, &[0u8]);
            // The data was copied out, so the slot can go back right away,
            // even in the middle of a frame.
            self.next_to_clean = (ntc + 1) & mask;
            cleaned += 1;
            if cleaned == RX_BUFFER_WRITE {
                self.refill(host);
                cleaned = 0;
            }
        }
        // Also when nothing was cleaned: a deficit from a failed allocation is retried.
        self.refill(host);
        work
    }
}
