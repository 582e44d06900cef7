//! A fake nicsim device + host in pure Rust, enough to exercise the driver:
//! a register file with the device's side effects (reset, W1C, EIMS/EIMC,
//! RO and write-while-enabled checks), flat DMA memory with a bump
//! allocator, and a tiny "DMA engine" that puts frames into a ring the way
//! the device does (data first, then the write-backs, then RDH).
//!
//! It panics on anything a correct driver must never do (write a RO
//! register, change a ring while enabled, ring a doorbell >= RDLEN, touch
//! unallocated memory, hand over a misaligned buffer).

#![allow(dead_code)]

use nicsim_driver::{Cost, HostOps};
use nicsim_hw::desc::{
    RxReadDesc, RxWbDesc, TxDesc, DESC_BYTES, RX_STATUS_BYTE, STA_DD, STA_EOP, TX_STATUS_BYTE, TX_STA_DD, TX_STA_ERR,
};
use nicsim_hw::regs::{self, *};
use nicsim_hw::rss::HashType;
use std::collections::HashMap;

/// Deterministic xorshift64 for the randomized tests.
pub struct XorShift(pub u64);
impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Uniform-ish in lo..=hi.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const MEM_BASE: u64 = 0x1_0000_0000; // above 4 GiB, so RDBAH matters
/// CAPS of the largest build: decodes every register of the map.
const FULL_CAPS: u32 =
    caps::RXQ.val(RXQ_COUNT as u32) | caps::TXQ.val(TXQ_COUNT as u32) | caps::VECTORS.val(MSIX_COUNT as u32);

/// Descriptors written with data but whose write-back is still pending.
#[derive(Debug)]
pub struct PendingWb {
    pub queue: usize,
    pub descs: Vec<(usize, RxWbDesc)>,
}

pub struct FakeHost {
    regs: HashMap<u32, u32>,
    pub caps_rxq: u32,
    /// CAPS.TXQ: 0 (the default) is an RX-only device.
    pub caps_txq: u32,
    pub id: u32,
    pub version: u32,
    /// CTRL reads that still show RST=1 after a reset; None = reset hangs.
    pub rst_reads: Option<u32>,
    rst_left: Option<u32>,
    /// Every MMIO write, in order.
    pub writes: Vec<(u32, u32)>,
    /// Every MMIO read address, in order.
    pub reads: Vec<u32>,
    mem: Vec<u8>,
    pub charges: HashMap<&'static str, u64>,
    pub now: u64,
    /// Frames the fake device dropped for lack of descriptors.
    pub no_desc: u64,
}

fn cost_name(c: Cost) -> &'static str {
    match c {
        Cost::PollEntry => "poll",
        Cost::RxDescriptor => "desc",
        Cost::RxFrame => "frame",
        Cost::RefillDescriptor => "refill",
        Cost::TxFrame => "tx_frame",
        Cost::TxDescriptor => "tx_desc",
        Cost::TxClean => "tx_clean",
    }
}

impl FakeHost {
    pub fn new(caps_rxq: u32) -> Self {
        let mut h = FakeHost {
            regs: HashMap::new(),
            caps_rxq,
            caps_txq: 0,
            id: id::RESET,
            version: version::RESET,
            rst_reads: Some(2),
            rst_left: None,
            writes: Vec::new(),
            reads: Vec::new(),
            mem: Vec::new(),
            charges: HashMap::new(),
            now: 0,
            no_desc: 0,
        };
        h.hw_reset();
        // Power-on state is dirty on purpose: probe must reset it away.
        h.regs.insert(EIMS, 0x1ffff);
        h
    }

    /// A device with as many TX queues as RX queues.
    pub fn with_tx(queues: u32) -> Self {
        let mut h = Self::new(queues);
        h.caps_txq = queues;
        h
    }

    fn hw_reset(&mut self) {
        self.regs.clear();
        for r in regs::ALL {
            self.regs.insert(r.addr, r.reset);
        }
    }

    pub fn reg(&self, addr: u32) -> u32 {
        *self.regs.get(&addr).unwrap_or_else(|| panic!("no register at {addr:#x}"))
    }
    /// Device-side register update (counters, causes): no side effects.
    pub fn set_reg(&mut self, addr: u32, val: u32) {
        self.regs.insert(addr, val);
    }
    pub fn writes_to(&self, addr: u32) -> Vec<u32> {
        self.writes.iter().filter(|(a, _)| *a == addr).map(|(_, v)| *v).collect()
    }
    pub fn clear_log(&mut self) {
        self.writes.clear();
        self.reads.clear();
        self.charges.clear();
    }
    pub fn charged(&self, what: &str) -> u64 {
        self.charges.get(what).copied().unwrap_or(0)
    }

    fn mem_range(&self, addr: u64, len: usize) -> std::ops::Range<usize> {
        assert!(addr >= MEM_BASE, "access below DMA memory at {addr:#x}");
        let s = (addr - MEM_BASE) as usize;
        assert!(s + len <= self.mem.len(), "access past DMA memory at {addr:#x}+{len}");
        s..s + len
    }
    pub fn peek(&self, addr: u64, len: usize) -> Vec<u8> {
        self.mem[self.mem_range(addr, len)].to_vec()
    }
    pub fn poke(&mut self, addr: u64, data: &[u8]) {
        let r = self.mem_range(addr, data.len());
        self.mem[r].copy_from_slice(data);
    }

    // ------------------------------------------------------------ ring view
    pub fn ring_base(&self, q: usize) -> u64 {
        self.reg(rxq_reg(q, rxq::RDBAL)) as u64 | (self.reg(rxq_reg(q, rxq::RDBAH)) as u64) << 32
    }
    pub fn ring_len(&self, q: usize) -> usize {
        rxq::rdlen::LEN.get(self.reg(rxq_reg(q, rxq::RDLEN))) as usize
    }
    pub fn head(&self, q: usize) -> usize {
        self.reg(rxq_reg(q, rxq::RDH)) as usize
    }
    pub fn tail(&self, q: usize) -> usize {
        self.reg(rxq_reg(q, rxq::RDT)) as usize
    }
    pub fn bsize(&self, q: usize) -> usize {
        rxq::rxctl::BSIZE.get(self.reg(rxq_reg(q, rxq::RXCTL))) as usize * 1024
    }
    pub fn enabled(&self, q: usize) -> bool {
        rxq::rxctl::ENABLE.get(self.reg(rxq_reg(q, rxq::RXCTL))) == 1
    }
    /// Descriptors the device owns: [RDH, RDT).
    pub fn free_descs(&self, q: usize) -> usize {
        (self.tail(q) + self.ring_len(q) - self.head(q)) % self.ring_len(q)
    }
    pub fn desc_addr(&self, q: usize, slot: usize) -> u64 {
        self.ring_base(q) + (slot * DESC_BYTES) as u64
    }
    pub fn read_desc(&self, q: usize, slot: usize) -> [u8; 16] {
        self.peek(self.desc_addr(q, slot), DESC_BYTES).try_into().unwrap()
    }
    /// Overwrite one write-back (for corrupt-descriptor tests).
    pub fn write_wb(&mut self, q: usize, slot: usize, wb: &RxWbDesc) {
        let a = self.desc_addr(q, slot);
        self.poke(a, &wb.to_bytes());
    }

    // ------------------------------------------------------------ TX view
    pub fn tx_base(&self, q: usize) -> u64 {
        self.reg(txq_reg(q, txq::TDBAL)) as u64 | (self.reg(txq_reg(q, txq::TDBAH)) as u64) << 32
    }
    pub fn tx_len(&self, q: usize) -> usize {
        txq::tdlen::LEN.get(self.reg(txq_reg(q, txq::TDLEN))) as usize
    }
    pub fn tdh(&self, q: usize) -> usize {
        self.reg(txq_reg(q, txq::TDH)) as usize
    }
    pub fn tdt(&self, q: usize) -> usize {
        self.reg(txq_reg(q, txq::TDT)) as usize
    }
    pub fn tx_enabled(&self, q: usize) -> bool {
        txq::txctl::ENABLE.get(self.reg(txq_reg(q, txq::TXCTL))) == 1
    }
    pub fn tx_desc(&self, q: usize, slot: usize) -> TxDesc {
        let a = self.tx_base(q) + (slot * DESC_BYTES) as u64;
        TxDesc::from_bytes(&self.peek(a, DESC_BYTES).try_into().unwrap())
    }

    /// The device's TX engine: take up to `max_frames` whole frames from
    /// [TDH, TDT) of queue `q`, write back DD (and ERR for the frames whose
    /// index in this call is in `fail`) into every RS descriptor, advance
    /// TDH. Returns the frames the device would send (failed ones omitted).
    /// A frame whose EOP is not yet before TDT stays.
    pub fn tx_process(&mut self, q: usize, max_frames: usize, fail: &[usize]) -> Vec<Vec<u8>> {
        assert!(self.tx_enabled(q), "TX queue {q} disabled");
        assert_eq!(ctrl::TX_EN.get(self.reg(CTRL)), 1, "TX_EN off");
        let len = self.tx_len(q);
        let mut sent = Vec::new();
        let mut n = 0;
        while n < max_frames {
            let (mut i, tail) = (self.tdh(q), self.tdt(q));
            let mut frame = Vec::new();
            let mut slots = Vec::new();
            let complete = loop {
                if i == tail {
                    break false;
                }
                let d = self.tx_desc(q, i);
                assert!(d.validate().is_ok(), "bad TX descriptor {d:?} in slot {i}");
                assert_eq!(d.status, 0, "slot {i} handed over with stale status");
                frame.extend(self.peek(d.buf_addr, d.len as usize));
                slots.push((i, d));
                i = (i + 1) % len;
                if d.eop() {
                    break true;
                }
            };
            if !complete {
                break;
            }
            let err = fail.contains(&n);
            for (slot, d) in slots {
                if d.rs() {
                    let a = self.tx_base(q) + (slot * DESC_BYTES + TX_STATUS_BYTE) as u64;
                    self.poke(a, &[TX_STA_DD | if err { TX_STA_ERR } else { 0 }]);
                }
            }
            self.set_reg(txq_reg(q, txq::TDH), i as u32);
            if !err {
                sent.push(frame);
            }
            n += 1;
        }
        sent
    }

    // ------------------------------------------------------------ DMA engine
    /// Receive `data` on queue `q` like the device: write the buffers,
    /// advance RDH, and write back the first `wb_now` descriptors (all if
    /// None). Returns the write-backs still pending, or None if the frame
    /// was dropped for lack of descriptors (counted in `no_desc`).
    pub fn dma_frame_partial(
        &mut self,
        q: usize,
        data: &[u8],
        hash: u32,
        ht: HashType,
        wb_now: Option<usize>,
    ) -> Option<PendingWb> {
        assert!(self.enabled(q), "frame to disabled queue {q}");
        assert_eq!(ctrl::RX_EN.get(self.reg(CTRL)), 1, "RX_EN off");
        let bsize = self.bsize(q);
        let n = data.len().div_ceil(bsize).max(1);
        if n > self.free_descs(q) {
            self.no_desc += 1;
            let a = rxq_reg(q, rxq::NO_DESC);
            self.set_reg(a, self.reg(a).wrapping_add(1));
            return None;
        }
        let len = self.ring_len(q);
        let head = self.head(q);
        let mut wbs = Vec::new();
        for (i, chunk) in data.chunks(bsize).enumerate() {
            let slot = (head + i) % len;
            let rd = RxReadDesc::from_bytes(&self.read_desc(q, slot));
            assert!(rd.validate().is_ok(), "misaligned buffer {:#x} in slot {slot}", rd.buf_addr);
            assert_eq!(self.read_desc(q, slot)[RX_STATUS_BYTE], 0, "slot {slot} handed over with stale status");
            self.poke(rd.buf_addr, chunk);
            let status = STA_DD | if i == n - 1 { STA_EOP } else { 0 };
            let (hash, code) = if ht == HashType::None { (0, 0) } else { (hash, ht.code()) };
            wbs.push((
                slot,
                RxWbDesc { rss_hash: hash, hash_type_raw: code, len: chunk.len() as u16, status, errors: 0 },
            ));
        }
        self.set_reg(rxq_reg(q, rxq::RDH), ((head + n) % len) as u32);
        for a in [rxq_reg(q, rxq::PACKETS), STAT_RX_PACKETS] {
            self.set_reg(a, self.reg(a).wrapping_add(1));
        }
        for a in [rxq_reg(q, rxq::BYTES), STAT_RX_BYTES] {
            self.set_reg(a, self.reg(a).wrapping_add(data.len() as u32));
        }
        let now = wb_now.unwrap_or(n).min(n);
        let rest = wbs.split_off(now);
        for (slot, wb) in &wbs {
            self.write_wb(q, *slot, wb);
        }
        Some(PendingWb { queue: q, descs: rest })
    }

    /// Receive a whole frame (all write-backs done). Returns false if dropped.
    pub fn dma_frame(&mut self, q: usize, data: &[u8], hash: u32, ht: HashType) -> bool {
        self.dma_frame_partial(q, data, hash, ht, None).is_some()
    }

    /// Finish write-backs held back by `dma_frame_partial`, up to `count`.
    pub fn complete_wb(&mut self, p: &mut PendingWb, count: usize) {
        let k = count.min(p.descs.len());
        for (slot, wb) in p.descs.drain(..k).collect::<Vec<_>>() {
            self.write_wb(p.queue, slot, &wb);
        }
    }
}

impl HostOps for FakeHost {
    fn mmio_write32(&mut self, off: u32, val: u32) {
        self.writes.push((off, val));
        let info = regs::ALL
            .iter()
            .find(|r| r.addr == off)
            .unwrap_or_else(|| panic!("write to unmapped BAR0 offset {off:#x}"));
        assert!(info.access != Access::Ro, "driver wrote read-only register {}", info.name);
        // The device's rules, from the RDL (nicsim_hw::regs): which
        // registers are locked while their queue is enabled, which fields may
        // not change then, and the legal values.
        let (reg, _) = decode(off, FULL_CAPS).unwrap_or_else(|| panic!("{} not decoded", info.name));
        // Per-queue checks: ring registers frozen while the queue runs.
        if (RXQ..RXQ + RXQ_STRIDE * RXQ_COUNT as u32).contains(&off) {
            let q = ((off - RXQ) / RXQ_STRIDE) as usize;
            let r = (off - RXQ) % RXQ_STRIDE;
            let enabled = self.enabled(q);
            assert!(!(enabled && reg.locked()), "{} written while queue {q} enabled", info.name);
            match r {
                rxq::RXCTL => {
                    let old = self.reg(off);
                    if enabled {
                        assert_eq!((old ^ val) & reg.lock_mask(), 0, "BSIZE changed while enabled");
                    }
                    if !enabled && rxq::rxctl::ENABLE.get(val) == 1 {
                        let len = self.ring_len(q);
                        assert!(rxq::rdlen::len_legal(len as u32), "bad RDLEN {len}");
                        assert_eq!(self.ring_base(q) % rxq::rdbal::ADDR_ALIGN as u64, 0, "ring base misaligned");
                        self.regs.insert(rxq_reg(q, rxq::RDH), 0);
                    }
                }
                rxq::RDT => {
                    assert!(rxq::rdt::legal(val, self.ring_len(q) as u32), "RDT {val} >= RDLEN");
                }
                _ => {}
            }
            self.regs.insert(off, val);
            return;
        }
        if (TXQ..TXQ + TXQ_STRIDE * TXQ_COUNT as u32).contains(&off) {
            let q = ((off - TXQ) / TXQ_STRIDE) as usize;
            assert!(q < self.caps_txq as usize, "TX queue {q} written on a device with {} TX queues", self.caps_txq);
            let enabled = self.tx_enabled(q);
            assert!(!(enabled && reg.locked()), "{} written while enabled", info.name);
            match (off - TXQ) % TXQ_STRIDE {
                txq::TXCTL if !enabled && txq::txctl::ENABLE.get(val) == 1 => {
                    let len = self.tx_len(q);
                    assert!(txq::tdlen::len_legal(len as u32), "bad TDLEN {len}");
                    assert_eq!(self.tx_base(q) % txq::tdbal::ADDR_ALIGN as u64, 0, "TX ring base misaligned");
                    self.regs.insert(txq_reg(q, txq::TDH), 0);
                }
                txq::TDT => assert!(txq::tdt::legal(val, self.tx_len(q) as u32), "TDT {val} >= TDLEN"),
                _ => {}
            }
            self.regs.insert(off, val);
            return;
        }
        match off {
            CTRL => {
                if ctrl::RST.get(val) == 1 {
                    self.hw_reset();
                    self.rst_left = Some(self.rst_reads.unwrap_or(u32::MAX));
                }
                self.regs.insert(CTRL, ctrl::RST.set(val, 0));
            }
            EIMS => *self.regs.get_mut(&EIMS).unwrap() |= val,
            EIMC => *self.regs.get_mut(&EIMS).unwrap() &= !val,
            MISC_CAUSE | EICR => *self.regs.get_mut(&off).unwrap() &= !val,
            _ => {
                self.regs.insert(off, val);
            }
        }
    }

    fn mmio_read32(&mut self, off: u32) -> u32 {
        self.reads.push(off);
        match off {
            ID => self.id,
            VERSION => self.version,
            CAPS => {
                caps::RXQ.val(self.caps_rxq)
                    | caps::TXQ.val(self.caps_txq)
                    | caps::VECTORS.val(self.caps_rxq + 1)
                    | caps::DMA_BYTES.val(64)
            }
            CTRL => {
                let v = self.reg(CTRL);
                match self.rst_left {
                    Some(n) if n > 0 => {
                        self.rst_left = Some(n - 1);
                        ctrl::RST.set(v, 1)
                    }
                    _ => v,
                }
            }
            _ => self.reg(off),
        }
    }

    fn dma_alloc(&mut self, size: usize, align: usize) -> u64 {
        assert!(align.is_power_of_two(), "alignment {align} not a power of two");
        let cur = MEM_BASE + self.mem.len() as u64;
        let start = cur.next_multiple_of(align as u64);
        let new_len = (start - MEM_BASE) as usize + size;
        self.mem.resize(new_len, 0);
        start
    }

    fn mem_read(&mut self, addr: u64, buf: &mut [u8]) {
        let r = self.mem_range(addr, buf.len());
        buf.copy_from_slice(&self.mem[r]);
    }

    fn mem_write(&mut self, addr: u64, data: &[u8]) {
        self.poke(addr, data);
    }

    fn msi_message(&self, vector: usize) -> (u64, u32) {
        (0x1_fee0_0000 + ((vector as u64) << 12), 0x40 + vector as u32)
    }

    fn now_ns(&self) -> u64 {
        self.now
    }

    fn charge(&mut self, what: Cost, count: u32) {
        *self.charges.entry(cost_name(what)).or_default() += count as u64;
    }

    fn udelay(&mut self, us: u64) {
        self.now += us * 1000;
    }
}

/// A frame whose bytes encode (queue, sequence) so mix-ups are visible.
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut x = XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    (0..len).map(|_| x.next() as u8).collect()
}
