//! The TX path in lockstep: model and RTL (rtl/nic.f) ticked with the same
//! inputs, every output compared every cycle, while a host drives TX rings
//! directly (AXI-Lite register writes, descriptors and buffers in a sparse
//! host memory that answers the DMA master with random stalls).
//!
//! Frames of 1..9000 bytes at unaligned addresses, split over several
//! descriptors (some crossing 4 KiB pages), runts, several queues sharing
//! the engine round robin, rings that wrap, RS on middle descriptors, and
//! frames the device must drop: a zero-length descriptor (alone and in the
//! middle of a frame), a descriptor over 16384 bytes, a frame over 16384
//! bytes in all, a buffer in unmapped memory. The MAC stalls `tready` at
//! random; RX traffic and MSI-X messages share the AXI master meanwhile.
//!
//! Every run asserts no divergence and that the frames seen on m_axis_tx are
//! exactly the good frames, each padded to 60 bytes, in order per queue.
//! All randomness is seeded (xorshift64*), so a failure reproduces.

use nicsim_cosim::{design, Lockstep};
use nicsim_hw::axil;
use nicsim_hw::desc::{RxReadDesc, TxDesc, DESC_BYTES, TX_CMD_EOP, TX_CMD_RS};
use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_hw::regs::*;
use nicsim_hw::Device;
use nicsim_model::NicConfig;
use std::collections::{HashMap, VecDeque};

/// Host memory at and above this address is unmapped: reads and writes answer DECERR.
const UNMAPPED: u64 = 0x1_0000_0000;
/// MSI-X message addresses (host memory, recorded, not stored).
const MSI_BASE: u64 = 0xFEE0_0000;
/// RX ring (queue 0) and its buffers.
const RX_RING: u64 = 0x0010_0000;
const RX_RING_LEN: u32 = 512;
const RX_BUF: u64 = 0x0800_0000;
/// TX buffers are allocated upwards from here.
const TX_BUF: u64 = 0x1000_0000;

/// xorshift64*: the test's own seeded randomness.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability pct / 100.
    fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// How hostile the host and the MAC are (percentages of stalled cycles).
#[derive(Clone, Copy, Debug)]
struct Stalls {
    tready: u64,
    arready: u64,
    awready: u64,
    wready: u64,
    rgap: u64,
    /// Read latency: uniform in this range of cycles.
    lat: (u64, u64),
}

/// A read burst the memory owes: (ready cycle, id, address, beats).
type Read = (u64, u8, u64, u32);

/// A host around any [`Device`]: AXI-Lite master, sparse memory answering
/// the DMA master (random ready stalls, random read latency, bursts of
/// different IDs answered out of order, DECERR above [`UNMAPPED`]), a MAC
/// that sends RX frames and takes TX beats with random `tready` stalls.
struct Host<D: Device> {
    dev: D,
    cycle: u64,
    rng: Rng,
    stalls: Stalls,
    /// 4 KiB pages.
    mem: HashMap<u64, Box<[u8; 4096]>>,
    reads: Vec<Read>,
    /// The read burst being returned: index into `reads` fixed at its first beat.
    r_cur: Option<usize>,
    r_beat: u32,
    /// Write burst in progress: (address, beats left, response).
    w_cur: Option<(u64, u32, u8)>,
    /// B responses owed: (ready cycle, bresp).
    b: VecDeque<(u64, u8)>,
    /// RX beats to send: (tdata, tkeep, tlast).
    wire: VecDeque<(u64, u8, bool)>,
    tx_frames: Vec<Vec<u8>>,
    tx_cur: Vec<u8>,
    msis: Vec<(u64, u64, u32)>,
    /// Cycles with m_axis_tx_tvalid and !tready (to see the stalls bite).
    stalled_beats: u64,
    /// Called after every edge (the lockstep runs sample the model's TX state).
    sampler: Option<fn(&D, &mut Cov)>,
    cov: Cov,
}

/// What the TX pipeline went through in a run (sampled from the model's
/// state after every edge; the RTL is compared with it on every cycle).
#[derive(Clone, Copy, Debug, Default)]
struct Cov {
    /// Most records (reads and read-nothing descriptors) in flight, and most
    /// of them past their AR handshake at once.
    max_inflight: usize,
    max_acked: u32,
    /// Edges in which the FIFO took two words (a beat's word and the last partial word).
    two_word_edges: u64,
    /// Cycles with read-nothing records (bad descriptors) behind data reads.
    bad_behind_good: u64,
    /// Read-nothing records completed.
    nodata_done: u64,
    /// Most write-backs waiting.
    max_wbq: usize,
    /// Frame starts that kept the cached queue although another queue had
    /// work (turns), and frame starts that switched queue.
    kept_turn: u64,
    switched: u64,
    prev: Option<(u32, u32, bool, usize, u8, u32)>,
}

fn sample_tx(d: &Lockstep, c: &mut Cov) {
    let tx = &d.model().state().tx;
    c.max_inflight = c.max_inflight.max(tx.inflight.len());
    c.max_acked = c.max_acked.max(tx.acked);
    c.max_wbq = c.max_wbq.max(tx.wbq.len());
    if tx.nodata_inflight > 0 && tx.inflight.len() > tx.nodata_inflight as usize {
        c.bad_behind_good += 1;
    }
    let idle = format!("{:?}", tx.eng) == "Idle";
    if let Some((wr, nodata, was_idle, cache_len, cq, work)) = c.prev {
        if tx.wr.wrapping_sub(wr) == 2 {
            c.two_word_edges += 1;
        }
        if tx.nodata_inflight < nodata {
            c.nodata_done += 1;
        }
        if was_idle && !idle {
            if cache_len > 0 && tx.q == cq && work & !(1 << cq) != 0 {
                c.kept_turn += 1;
            } else if tx.q != cq {
                c.switched += 1;
            }
        }
    }
    c.prev = Some((tx.wr, tx.nodata_inflight, idle, tx.cache.len(), tx.cq, tx.work));
}

impl<D: Device> axil::AxilPort for Host<D> {
    fn axil_outputs(&self) -> Outputs {
        *self.dev.outputs()
    }
    fn axil_cycle(&mut self, i: Inputs) {
        self.step(i);
    }
}

impl<D: Device> Host<D> {
    fn write(&mut self, addr: u32, data: u32) {
        assert_eq!(axil::write(self, addr, data), AXI_RESP_OKAY, "write {addr:#x}");
    }

    fn read(&mut self, addr: u32) -> u32 {
        let (v, r) = axil::read(self, addr);
        assert_eq!(r, AXI_RESP_OKAY, "read {addr:#x}");
        v
    }

    fn new(dev: D, seed: u64, stalls: Stalls) -> Self {
        Host {
            dev,
            cycle: 0,
            rng: Rng::new(seed),
            stalls,
            mem: HashMap::new(),
            reads: Vec::new(),
            r_cur: None,
            r_beat: 0,
            w_cur: None,
            b: VecDeque::new(),
            wire: VecDeque::new(),
            tx_frames: Vec::new(),
            tx_cur: Vec::new(),
            msis: Vec::new(),
            stalled_beats: 0,
            sampler: None,
            cov: Cov::default(),
        }
    }

    fn mem_byte(&self, a: u64) -> u8 {
        self.mem.get(&(a >> 12)).map_or(0, |p| p[(a & 4095) as usize])
    }
    fn mem_set(&mut self, a: u64, v: u8) {
        self.mem.entry(a >> 12).or_insert_with(|| Box::new([0; 4096]))[(a & 4095) as usize] = v;
    }
    fn mem_u64(&self, a: u64) -> u64 {
        (0..8).map(|i| (self.mem_byte(a + i) as u64) << (8 * i)).sum()
    }
    fn mem_write(&mut self, a: u64, d: &[u8]) {
        for (i, b) in d.iter().enumerate() {
            self.mem_set(a + i as u64, *b);
        }
    }

    /// One edge: `i` carries the AXI-Lite inputs; the host fills in the rest.
    fn step(&mut self, mut i: Inputs) -> Outputs {
        let o = *self.dev.outputs();
        let s = self.stalls;
        // Write channels: one burst at a time, AW then W.
        i.m_axi_awready = self.w_cur.is_none() && !self.rng.pct(s.awready);
        i.m_axi_wready = self.w_cur.is_some() && !self.rng.pct(s.wready);
        if let Some(&(t, resp)) = self.b.front() {
            if t <= self.cycle {
                i.m_axi_bvalid = true;
                i.m_axi_bresp = resp;
            }
        }
        i.m_axi_arready = self.reads.len() < 8 && !self.rng.pct(s.arready);
        // Read data: a burst, once started, is returned whole; between
        // bursts any ready one may go first if no older burst of its ID is
        // owed (IDs may be reordered; one ID's bursts come in order, as AXI
        // requires: the TX engine has several data reads of ID 0x11 out).
        if self.r_cur.is_none() {
            let ready: Vec<usize> = (0..self.reads.len())
                .filter(|&k| self.reads[k].0 <= self.cycle && self.reads[..k].iter().all(|r| r.1 != self.reads[k].1))
                .collect();
            if !ready.is_empty() {
                self.r_cur = Some(ready[self.rng.below(ready.len() as u64) as usize]);
                self.r_beat = 0;
            }
        }
        if let Some(k) = self.r_cur {
            if !self.rng.pct(s.rgap) {
                let (_, id, addr, beats) = self.reads[k];
                let a = addr + 8 * self.r_beat as u64;
                i.m_axi_rvalid = true;
                i.m_axi_rid = id;
                if a >= UNMAPPED {
                    i.m_axi_rresp = AXI_RESP_DECERR;
                } else {
                    i.m_axi_rdata = self.mem_u64(a);
                }
                i.m_axi_rlast = self.r_beat + 1 == beats;
            }
        }
        if let Some((data, keep, last)) = self.wire.pop_front() {
            i.s_axis_rx_tvalid = true;
            i.s_axis_rx_tdata = data;
            i.s_axis_rx_tkeep = keep;
            i.s_axis_rx_tlast = last;
        }
        i.m_axis_tx_tready = !self.rng.pct(s.tready);

        // Handshakes of this cycle.
        if o.m_axi_awvalid && i.m_axi_awready {
            let resp = if o.m_axi_awaddr >= UNMAPPED { AXI_RESP_DECERR } else { AXI_RESP_OKAY };
            self.w_cur = Some((o.m_axi_awaddr, o.m_axi_awlen as u32 + 1, resp));
        }
        if o.m_axi_wvalid && i.m_axi_wready {
            let (a, left, resp) = self.w_cur.expect("W beat without AW");
            if (MSI_BASE..MSI_BASE + 0x1000).contains(&a) {
                let d = if o.m_axi_wstrb == 0xF0 { (o.m_axi_wdata >> 32) as u32 } else { o.m_axi_wdata as u32 };
                self.msis.push((self.cycle, a, d));
            } else if resp == AXI_RESP_OKAY {
                for b in 0..8 {
                    if o.m_axi_wstrb & (1 << b) != 0 {
                        self.mem_set((a & !7) + b, (o.m_axi_wdata >> (8 * b)) as u8);
                    }
                }
            }
            self.w_cur = if left == 1 { None } else { Some(((a & !7) + 8, left - 1, resp)) };
            if left == 1 {
                let t = self.cycle + 1 + self.rng.below(4);
                self.b.push_back((t, resp));
            }
        }
        if i.m_axi_bvalid && o.m_axi_bready {
            self.b.pop_front();
        }
        if o.m_axi_arvalid && i.m_axi_arready {
            let lat = s.lat.0 + self.rng.below(s.lat.1 - s.lat.0 + 1);
            self.reads.push((self.cycle + lat, o.m_axi_arid, o.m_axi_araddr, o.m_axi_arlen as u32 + 1));
        }
        if i.m_axi_rvalid && o.m_axi_rready {
            self.r_beat += 1;
            if i.m_axi_rlast {
                self.reads.remove(self.r_cur.take().unwrap());
            }
        }
        if o.m_axis_tx_tvalid {
            if i.m_axis_tx_tready {
                assert!(!o.m_axis_tx_tuser, "tuser on TX");
                for b in 0..8 {
                    if o.m_axis_tx_tkeep & (1 << b) != 0 {
                        self.tx_cur.push((o.m_axis_tx_tdata >> (8 * b)) as u8);
                    } else {
                        assert_eq!((o.m_axis_tx_tdata >> (8 * b)) as u8, 0, "bytes beyond tkeep are 0");
                    }
                }
                if o.m_axis_tx_tlast {
                    self.tx_frames.push(std::mem::take(&mut self.tx_cur));
                } else {
                    assert_eq!(o.m_axis_tx_tkeep, 0xFF, "tkeep is all ones except on the last beat");
                }
            } else {
                self.stalled_beats += 1;
            }
        }
        let n = *self.dev.tick(&i);
        self.cycle += 1;
        if let Some(f) = self.sampler {
            f(&self.dev, &mut self.cov);
        }
        n
    }

    fn idle(&mut self, n: u64) {
        for _ in 0..n {
            self.step(Inputs::default());
        }
    }

    /// MSI-X on for vectors 0..nvec, each with its own address and data 0x40 + v.
    fn setup_msix(&mut self, nvec: usize) {
        for v in 0..nvec {
            self.write(msix_reg(v, msix::ADDR_LO), (MSI_BASE + 16 * v as u64) as u32);
            self.write(msix_reg(v, msix::DATA), 0x40 + v as u32);
            self.write(msix_reg(v, msix::VCTRL), 0);
        }
        self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        self.write(EIMS, (1 << nvec) - 1);
    }

    /// RX queue 0: RX_RING_LEN descriptors, 2 KiB buffers, all given to the device.
    fn setup_rx(&mut self) {
        for k in 0..RX_RING_LEN as u64 {
            let d = RxReadDesc { buf_addr: RX_BUF + k * 2048 }.to_bytes();
            self.mem_write(RX_RING + 16 * k, &d);
        }
        self.write(rxq_reg(0, rxq::RDBAL), RX_RING as u32);
        self.write(rxq_reg(0, rxq::RDLEN), RX_RING_LEN);
        self.write(rxq_reg(0, rxq::IVAR), 0);
        self.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
        self.write(rxq_reg(0, rxq::RDT), RX_RING_LEN - 1);
        self.write(vec_itr(0), 0);
        let c = self.read(CTRL);
        self.write(CTRL, c | ctrl::RX_EN.val(1));
    }

    /// One RX frame on the wire, back to back with what is queued.
    fn send_rx(&mut self, frame: &[u8]) {
        let chunks: Vec<&[u8]> = frame.chunks(8).collect();
        for (k, c) in chunks.iter().enumerate() {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            let keep = ((1u16 << c.len()) - 1) as u8;
            self.wire.push_back((u64::from_le_bytes(b), keep, k + 1 == chunks.len()));
        }
    }

    fn bus_quiet(&self) -> bool {
        self.reads.is_empty() && self.w_cur.is_none() && self.b.is_empty() && self.wire.is_empty()
    }

    /// Step until the device is quiescent and nothing is owed on any bus.
    fn run_until_quiet(&mut self, max: u64) {
        for _ in 0..max {
            if self.bus_quiet() && self.dev.quiescent() {
                return;
            }
            self.step(Inputs::default());
        }
        panic!("not quiescent after {max} cycles (cycle {})", self.cycle);
    }
}

/// One TX frame as the driver posts it.
#[derive(Clone, Debug)]
struct TxFrame {
    q: usize,
    /// (buffer address, length field, RS) per descriptor; the last gets EOP and RS.
    descs: Vec<(u64, u16, bool)>,
    /// The bytes in the buffers (length = sum of the length fields when good).
    data: Vec<u8>,
    /// The device must send it (else drop it and count it in TX_ERR).
    good: bool,
}

/// A TX queue as the driver sees it.
struct TxRing {
    base: u64,
    len: u32,
    tail: u32,
}

/// Builds frames: buffers at random unaligned addresses from a bump allocator.
struct Gen {
    rng: Rng,
    next_buf: u64,
}

impl Gen {
    /// A buffer of `n` bytes at an address with random low bits (often
    /// crossing a 4 KiB page), filled with `bytes` in host memory by the caller.
    fn buf(&mut self, n: usize) -> u64 {
        let a = self.next_buf + self.rng.below(4096);
        self.next_buf = (a + n as u64 + 4096) & !4095;
        a
    }

    /// A good frame of `len` bytes split into up to `max_pieces` descriptors.
    fn good(&mut self, q: usize, len: usize, max_pieces: usize) -> TxFrame {
        let data = self.rng.bytes(len);
        let pieces = 1 + self.rng.below(max_pieces.min(len) as u64) as usize;
        let mut cuts: Vec<usize> = (0..pieces - 1).map(|_| 1 + self.rng.below(len as u64 - 1) as usize).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut descs = Vec::new();
        let mut from = 0;
        for &c in cuts.iter().chain(std::iter::once(&len)) {
            let a = self.buf(c - from);
            descs.push((a, (c - from) as u16, self.rng.pct(20)));
            from = c;
        }
        TxFrame { q, descs, data, good: true }
    }
}

fn padded(f: &[u8]) -> Vec<u8> {
    let mut v = f.to_vec();
    if v.len() < 60 {
        v.resize(60, 0);
    }
    v
}

/// The frames of one run: every size class the task names, plus bad ones.
/// With `small`, the random frames are short (1..200 bytes, so several
/// reads are in flight) and more of them are bad.
fn frames(g: &mut Gen, queues: usize, n_random: usize, small: bool) -> Vec<TxFrame> {
    let mut v = Vec::new();
    let sizes = [1usize, 7, 8, 9, 14, 59, 60, 61, 64, 65, 127, 1514, 1515, 2048, 3000, 4097, 8999, 9000];
    for (k, &n) in sizes.iter().enumerate() {
        v.push(g.good(k % queues, n, 4));
    }
    for k in 0..n_random {
        let n = match g.rng.below(4) {
            _ if small => 1 + g.rng.below(200) as usize,
            0 => 1 + g.rng.below(64) as usize,
            1 => 60 + g.rng.below(1500) as usize,
            _ => 1 + g.rng.below(9000) as usize,
        };
        let q = (k + g.rng.below(queues as u64) as usize) % queues;
        let mut f = g.good(q, n, 5);
        // Now and then a frame the device must drop.
        match g.rng.below(if small { 12 } else { 24 }) {
            0 => {
                // A zero-length descriptor in the middle of the frame.
                let at = g.rng.below(f.descs.len() as u64 + 1) as usize;
                let a = g.buf(8);
                f.descs.insert(at.min(f.descs.len() - 1), (a, 0, false));
                f.good = false;
            }
            1 => {
                // A buffer in unmapped memory.
                let k = g.rng.below(f.descs.len() as u64) as usize;
                f.descs[k].0 = UNMAPPED + 0x1000 * g.rng.below(16) + g.rng.below(8);
                f.good = false;
            }
            2 => {
                // A lone zero-length descriptor.
                f = TxFrame { q, descs: vec![(g.buf(8), 0, false)], data: Vec::new(), good: false };
            }
            3 => {
                // Over 16384 bytes in all.
                let n = 16385 - f.data.len().min(16384) + g.rng.below(200) as usize;
                let extra = g.good(q, n, 3);
                f.descs.extend(extra.descs);
                f.data.extend(extra.data);
                f.good = false;
            }
            4 => {
                // One descriptor's length over 16384.
                let a = g.buf(8);
                f.descs.push((a, 16385 + g.rng.below(40000) as u16, false));
                f.good = false;
            }
            _ => {}
        }
        v.push(f);
    }
    // Shuffle (Fisher-Yates), keeping the named sizes early.
    for k in (sizes.len() + 1..v.len()).rev() {
        let j = sizes.len() + g.rng.below((k - sizes.len() + 1) as u64) as usize;
        v.swap(k, j);
    }
    v
}

/// Write a frame's buffers and descriptors into host memory from ring slot `tail`.
fn post<D: Device>(h: &mut Host<D>, r: &mut TxRing, f: &TxFrame) {
    let mut off = 0usize;
    for (k, &(addr, len, rs)) in f.descs.iter().enumerate() {
        let n = (len as usize).min(f.data.len().saturating_sub(off));
        if addr < UNMAPPED && n > 0 {
            let bytes = f.data[off..off + n].to_vec();
            h.mem_write(addr, &bytes);
        }
        off += n;
        let last = k + 1 == f.descs.len();
        let cmd = if last {
            TX_CMD_EOP | TX_CMD_RS
        } else if rs {
            TX_CMD_RS
        } else {
            0
        };
        let d = TxDesc { buf_addr: addr, len, cmd, status: 0 };
        h.mem_write(r.base + DESC_BYTES as u64 * r.tail as u64, &d.to_bytes());
        r.tail = (r.tail + 1) % r.len;
    }
}

fn lockstep() -> Lockstep {
    Lockstep::new(NicConfig::default()).unwrap()
}

fn skip_stub() -> bool {
    if design::MAIN_IS_STUB {
        eprintln!("skipped: the main design is the stub ({})", design::MAIN_FILE_LIST);
        return true;
    }
    false
}

/// Check the run: no divergence, the good frames (padded) in order per queue, counters.
fn check(h: &mut Host<Lockstep>, all: &[TxFrame], seed: u64) {
    let probe = h.dev.probe();
    if let Some(d) = probe.divergence() {
        panic!("seed {seed}: {d}");
    }
    let good: Vec<&TxFrame> = all.iter().filter(|f| f.good).collect();
    assert_eq!(h.tx_frames.len(), good.len(), "seed {seed}: frames on m_axis_tx");
    // Frames of one queue leave in ring order; queues interleave round robin.
    let mut per_q: HashMap<usize, VecDeque<Vec<u8>>> = HashMap::new();
    for f in &good {
        per_q.entry(f.q).or_default().push_back(padded(&f.data));
    }
    for (k, seen) in h.tx_frames.iter().enumerate() {
        match per_q.values_mut().find(|fs| fs.front() == Some(seen)) {
            Some(fs) => {
                fs.pop_front();
            }
            None => panic!(
                "seed {seed}: frame {k} on the wire ({} bytes) is not the next good frame of any queue",
                seen.len()
            ),
        }
    }
    assert!(per_q.values().all(|fs| fs.is_empty()));
    let bytes: usize = good.iter().map(|f| f.data.len()).sum();
    assert_eq!(h.read(STAT_TX_PACKETS) as usize, good.len(), "seed {seed}");
    assert_eq!(h.read(STAT_TX_BYTES) as usize, bytes, "seed {seed}");
    assert_eq!(h.read(STAT_TX_ERR) as usize, all.len() - good.len(), "seed {seed}");
    assert_eq!(probe.divergence(), None, "seed {seed}");
}

/// The main run: `queues` TX queues (rings of different sizes, one across a
/// 4 KiB page), frames posted in random batches as ring space frees up,
/// RX frames and MSI-X messages on the same AXI master.
fn run(seed: u64, stalls: Stalls, queues: usize, n_random: usize) -> Cov {
    run_mix(seed, stalls, queues, n_random, false)
}

fn run_mix(seed: u64, stalls: Stalls, queues: usize, n_random: usize, small: bool) -> Cov {
    let mut h = Host::new(lockstep(), seed, stalls);
    h.sampler = Some(sample_tx);
    let mut g = Gen { rng: Rng::new(seed ^ 0x5A5A), next_buf: TX_BUF };
    let nvec = queues + 1;
    h.setup_msix(nvec);
    h.setup_rx();
    // (at least 16: the longest frame has 5 + 3 descriptors)
    let ring_lens = [64u32, 16, 32, 16];
    let mut rings: Vec<TxRing> = Vec::new();
    for q in 0..queues {
        // Queue 1's ring starts 48 bytes before a page end: fetches split at 4 KiB.
        let base = 0x0020_0000 + 0x1_0000 * q as u64 - if q == 1 { 48 } else { 0 };
        let len = ring_lens[q % ring_lens.len()];
        h.write(txq_reg(q, txq::TDBAL), base as u32);
        h.write(txq_reg(q, txq::TDBAH), (base >> 32) as u32);
        h.write(txq_reg(q, txq::TDLEN), len);
        h.write(txq_reg(q, txq::IVAR), q as u32);
        // tx-usecs / tx-frames: off, a timer, a count
        h.write(vec_txitr(q), [0, 1, 3 << 16, (2 << 16) | 2][q % 4]);
        h.write(txq_reg(q, txq::TXCTL), 1);
        rings.push(TxRing { base, len, tail: 0 });
    }
    h.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));

    let all = frames(&mut g, queues, n_random, small);
    let mut pending: Vec<VecDeque<TxFrame>> = vec![VecDeque::new(); queues];
    for f in &all {
        pending[f.q].push_back(f.clone());
    }
    let mut rx_sent = 0;
    while pending.iter().any(|p| !p.is_empty()) {
        let q = h.rng.below(queues as u64) as usize;
        let head = h.read(txq_reg(q, txq::TDH));
        let r = &mut rings[q];
        let mut free = r.len - 1 - ((r.tail + r.len - head) % r.len);
        let mut posted = false;
        let batch = 1 + h.rng.below(4);
        for _ in 0..batch {
            let fits = pending[q].front().is_some_and(|f| f.descs.len() as u32 <= free);
            if !fits {
                break;
            }
            let f = pending[q].pop_front().unwrap();
            free -= f.descs.len() as u32;
            post(&mut h, r, &f);
            posted = true;
        }
        if posted {
            let tail = r.tail;
            h.write(txq_reg(q, txq::TDT), tail);
        }
        // RX traffic beside TX: a frame now and then.
        if rx_sent < RX_RING_LEN as usize - 16 && h.rng.pct(30) {
            let n = 60 + h.rng.below(1400) as usize;
            let f = h.rng.bytes(n);
            h.send_rx(&f);
            rx_sent += 1;
        }
        // The driver unmasks its vectors again (EIAM auto-masks on send).
        if h.rng.pct(30) {
            h.write(EIMS, (1 << nvec) - 1);
        }
        // Wait a little; half the time polling the TX counters meanwhile (a
        // read in the edge a frame's last beat leaves must agree too).
        let n = h.rng.below(400);
        if h.rng.pct(50) {
            let t = h.cycle + n;
            while h.cycle < t {
                let q = h.rng.below(queues as u64) as usize;
                let a = [STAT_TX_PACKETS, STAT_TX_BYTES, STAT_TX_ERR, txq_reg(q, txq::PACKETS), txq_reg(q, txq::BYTES)]
                    [h.rng.below(5) as usize];
                h.read(a);
            }
        } else {
            h.idle(n);
        }
        if let Some(d) = h.dev.probe().divergence() {
            panic!("seed {seed}: {d}");
        }
    }
    h.write(EIMS, (1 << nvec) - 1);
    h.run_until_quiet(2_000_000);
    // The last TDH reads equal the tails.
    for (q, r) in rings.iter().enumerate() {
        assert_eq!(h.read(txq_reg(q, txq::TDH)), r.tail, "seed {seed}: queue {q} TDH");
    }
    check(&mut h, &all, seed);
    let compared = h.dev.probe().compared_cycles();
    println!(
        "seed {seed}: {} TX frames ({} good, {} on the wire), {rx_sent} RX frames, {} MSI-X, {} stalled TX beats, \
         {compared} cycles compared",
        all.len(),
        all.iter().filter(|f| f.good).count(),
        h.tx_frames.len(),
        h.msis.len(),
        h.stalled_beats,
    );
    println!("seed {seed}: {:?}", Cov { prev: None, ..h.cov });
    assert!(h.stalled_beats > 0 || stalls.tready == 0);
    assert!(!h.msis.is_empty(), "seed {seed}: TX completions interrupt");
    h.cov
}

#[test]
fn tx_one_queue_every_size_and_bad_frames_with_stalls() {
    if skip_stub() {
        return;
    }
    let stalls = Stalls { tready: 30, arready: 20, awready: 20, wready: 20, rgap: 20, lat: (8, 40) };
    run(1, stalls, 1, 60);
}

#[test]
fn tx_four_queues_round_robin_with_rx_and_msix() {
    if skip_stub() {
        return;
    }
    for seed in 2..=4u64 {
        let stalls = Stalls { tready: 10 * seed, arready: 10, awready: 30, wready: 10, rgap: 30, lat: (4, 60) };
        run(seed, stalls, 4, 80);
    }
}

#[test]
fn tx_ready_host_and_mac() {
    if skip_stub() {
        return;
    }
    let stalls = Stalls { tready: 0, arready: 0, awready: 0, wready: 0, rgap: 0, lat: (2, 2) };
    run(5, stalls, 3, 40);
}

/// The pipelined engine: small frames (several data reads in flight), bad
/// descriptors mixed with good ones (read-nothing records behind data
/// reads), frames split over several descriptors, queues taking turns (a
/// queue keeps the engine while its fetched descriptors are cached), frame
/// ends writing two FIFO words in one edge, several write-backs waiting.
/// Checked on the model's state, with the RTL in lockstep.
#[test]
fn tx_pipeline_reads_in_flight_bad_descriptors_and_turns() {
    if skip_stub() {
        return;
    }
    let mut c = Cov::default();
    for seed in 14..=16u64 {
        let stalls = Stalls { tready: 5 * (seed - 14), arready: 0, awready: 40, wready: 40, rgap: 5, lat: (16, 64) };
        let k = run_mix(seed, stalls, 2 + (seed as usize - 14), 150, true);
        c.max_inflight = c.max_inflight.max(k.max_inflight);
        c.max_acked = c.max_acked.max(k.max_acked);
        c.max_wbq = c.max_wbq.max(k.max_wbq);
        c.two_word_edges += k.two_word_edges;
        c.bad_behind_good += k.bad_behind_good;
        c.nodata_done += k.nodata_done;
        c.kept_turn += k.kept_turn;
        c.switched += k.switched;
    }
    assert_eq!(c.max_inflight, 8, "{c:?}");
    assert!(c.max_acked >= 3, "{c:?}");
    assert!(c.max_wbq >= 3, "{c:?}");
    assert!(c.two_word_edges > 0, "{c:?}");
    assert!(c.bad_behind_good > 0, "{c:?}");
    assert!(c.nodata_done > 0, "{c:?}");
    assert!(c.kept_turn > 0, "{c:?}");
    assert!(c.switched > 0, "{c:?}");
}

/// A soft reset while a frame is on the wire waits for its last beat: the
/// MAC never sees a partial frame, and model and RTL agree throughout.
#[test]
fn tx_soft_reset_waits_for_the_frame_on_the_wire() {
    if skip_stub() {
        return;
    }
    for seed in 6..=8u64 {
        let stalls = Stalls { tready: 70, arready: 10, awready: 10, wready: 10, rgap: 10, lat: (4, 20) };
        let mut h = Host::new(lockstep(), seed, stalls);
        let mut g = Gen { rng: Rng::new(seed), next_buf: TX_BUF };
        let mut r = TxRing { base: 0x0020_0000, len: 32, tail: 0 };
        h.write(txq_reg(0, txq::TDBAL), r.base as u32);
        h.write(txq_reg(0, txq::TDLEN), r.len);
        h.write(txq_reg(0, txq::TXCTL), 1);
        h.write(CTRL, ctrl::TX_EN.val(1));
        let fs: Vec<TxFrame> = (0..12)
            .map(|_| {
                let n = 1500 + g.rng.below(7500) as usize;
                g.good(0, n, 3)
            })
            .collect();
        for f in &fs {
            if f.descs.len() as u32 + 1 > r.len - r.tail {
                break;
            }
            post(&mut h, &mut r, f);
        }
        let tail = r.tail;
        h.write(txq_reg(0, txq::TDT), tail);
        // Wait until a frame is on the wire, then reset.
        for _ in 0..100_000 {
            if h.dev.outputs().m_axis_tx_tvalid && !h.tx_cur.is_empty() {
                break;
            }
            h.step(Inputs::default());
        }
        assert!(h.dev.outputs().m_axis_tx_tvalid, "seed {seed}: a frame is on the wire");
        let on_wire = h.tx_frames.len();
        h.write(CTRL, ctrl::RST.val(1));
        h.run_until_quiet(1_000_000);
        assert_eq!(h.read(CTRL), 0, "seed {seed}: the reset happened");
        assert!(h.tx_cur.is_empty(), "seed {seed}: no partial frame on the wire");
        assert!(h.tx_frames.len() > on_wire, "seed {seed}: the frame on the wire finished");
        for (k, f) in h.tx_frames.iter().enumerate() {
            assert_eq!(f, &padded(&fs[k].data), "seed {seed}: frame {k}");
        }
        assert_eq!(h.read(txq_reg(0, txq::TDH)), 0, "seed {seed}: TDH reset");
        if let Some(d) = h.dev.probe().divergence() {
            panic!("seed {seed}: {d}");
        }
    }
}

/// A TX ring in unmapped memory: every descriptor fetch fails, each
/// descriptor ends its frame as dropped, the write-backs fail too.
#[test]
fn tx_ring_in_unmapped_memory() {
    if skip_stub() {
        return;
    }
    let stalls = Stalls { tready: 0, arready: 10, awready: 10, wready: 10, rgap: 10, lat: (4, 20) };
    let mut h = Host::new(lockstep(), 9, stalls);
    h.setup_msix(2);
    h.write(txq_reg(0, txq::TDBAL), 0);
    h.write(txq_reg(0, txq::TDBAH), (UNMAPPED >> 32) as u32);
    h.write(txq_reg(0, txq::TDLEN), 8);
    h.write(txq_reg(0, txq::TXCTL), 1);
    h.write(CTRL, ctrl::TX_EN.val(1));
    h.write(txq_reg(0, txq::TDT), 5);
    h.run_until_quiet(100_000);
    assert_eq!(h.read(txq_reg(0, txq::TDH)), 5);
    assert_eq!(h.read(STAT_TX_ERR), 5);
    assert_eq!(h.read(txq_reg(0, txq::ERRORS)), 5);
    assert!(h.read(STAT_DMA_ERR) >= 6, "the fetch and the write-backs failed");
    assert!(h.tx_frames.is_empty());
    let probe = h.dev.probe();
    assert_eq!(probe.divergence(), None, "{}", probe.divergence().map(|d| d.to_string()).unwrap_or_default());
}

/// Random writes to the TX registers (legal and illegal: ring registers of
/// busy queues, tails past the ring, enables toggled mid-frame, TX_EN,
/// moderation of vectors shared by RX and TX queues, soft resets) while
/// frames flow: model and RTL must stay identical on every cycle. (The
/// frames' fate is not checked here: the writes break the driver's rings.)
#[test]
fn tx_register_stress_with_traffic() {
    if skip_stub() {
        return;
    }
    for seed in 10..=12u64 {
        let stalls = Stalls { tready: 20, arready: 10, awready: 10, wready: 10, rgap: 10, lat: (4, 30) };
        let mut h = Host::new(lockstep(), seed, stalls);
        let mut g = Gen { rng: Rng::new(seed ^ 0xA5A5), next_buf: TX_BUF };
        let queues = 4;
        h.setup_msix(queues + 1);
        h.setup_rx();
        let mut rings: Vec<TxRing> = Vec::new();
        for q in 0..queues {
            let base = 0x0020_0000 + 0x1_0000 * q as u64;
            h.write(txq_reg(q, txq::TDBAL), base as u32);
            h.write(txq_reg(q, txq::TDLEN), 32);
            h.write(txq_reg(q, txq::IVAR), 0);
            h.write(txq_reg(q, txq::TXCTL), 1);
            rings.push(TxRing { base, len: 32, tail: 0 });
        }
        h.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
        let (mut writes, mut resets) = (0, 0);
        for _ in 0..300 {
            // Traffic: a frame or two on a random queue, as a driver would post it.
            let q = h.rng.below(queues as u64) as usize;
            let r = &mut rings[q];
            let head = h.read(txq_reg(q, txq::TDH)) % r.len;
            r.tail %= r.len;
            // (after a soft reset or a re-enable the driver's tail restarts where the device is)
            if h.rng.pct(10) {
                r.tail = head;
            }
            let free = r.len - 1 - ((r.tail + r.len - head) % r.len);
            let n = 1 + g.rng.below(3000) as usize;
            let f = g.good(q, n, 3);
            if f.descs.len() as u32 <= free {
                post(&mut h, r, &f);
                let tail = r.tail;
                h.write(txq_reg(q, txq::TDT), tail);
            }
            if h.rng.pct(20) {
                let n = 60 + h.rng.below(1400) as usize;
                let f = h.rng.bytes(n);
                h.send_rx(&f);
            }
            // A random register write.
            let wq = h.rng.below(queues as u64) as usize;
            let (addr, val) = match h.rng.below(12) {
                0 => (txq_reg(wq, txq::TXCTL), h.rng.below(2) as u32),
                1 => (txq_reg(wq, txq::TDT), h.rng.below(40) as u32),
                2 => (txq_reg(wq, txq::TDBAL), rings[wq].base as u32 + 16 * h.rng.below(2) as u32),
                3 => (txq_reg(wq, txq::TDLEN), [8u32, 16, 32, 33, 0][h.rng.below(5) as usize]),
                4 => (txq_reg(wq, txq::IVAR), h.rng.below(20) as u32),
                5 => (vec_txitr(h.rng.below(6) as usize), ((h.rng.below(4) as u32) << 16) | h.rng.below(3) as u32),
                6 => (vec_itr(h.rng.below(6) as usize), ((h.rng.below(4) as u32) << 16) | h.rng.below(3) as u32),
                7 => (CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(h.rng.below(2) as u32)),
                8 => (EIMS, 0x1F),
                9 => (EICS, 1 << h.rng.below(5)),
                10 => (txq_reg(wq, txq::TDBAH), h.rng.below(2) as u32),
                _ => {
                    if h.rng.pct(25) {
                        resets += 1;
                        (CTRL, ctrl::RST.val(1))
                    } else {
                        (CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1))
                    }
                }
            };
            h.write(addr, val);
            writes += 1;
            if addr == CTRL && val == ctrl::RST.val(1) {
                // Wait for the reset, then bring the queues back.
                while h.read(CTRL) & ctrl::RST.mask() != 0 {}
                h.setup_msix(queues + 1);
                h.setup_rx();
                for (q, r) in rings.iter_mut().enumerate() {
                    h.write(txq_reg(q, txq::TDBAL), r.base as u32);
                    h.write(txq_reg(q, txq::TDLEN), 32);
                    h.write(txq_reg(q, txq::TXCTL), 1);
                    r.len = 32;
                    r.tail = 0;
                }
                h.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
            } else if addr == txq_reg(wq, txq::TDLEN) && h.read(txq_reg(wq, txq::TDLEN)) == val {
                rings[wq].len = val.max(8);
            }
            let n = h.rng.below(200);
            h.idle(n);
            if let Some(d) = h.dev.probe().divergence() {
                panic!("seed {seed}: {d}");
            }
        }
        h.idle(50_000);
        let probe = h.dev.probe();
        assert_eq!(
            probe.divergence(),
            None,
            "seed {seed}: {}",
            probe.divergence().map(|d| d.to_string()).unwrap_or_default()
        );
        let errs = h.read(STAT_REG_ERR);
        println!(
            "seed {seed}: {writes} writes ({resets} soft resets, {errs} refused since the last), {} TX frames on the wire, \
             {} cycles compared",
            h.tx_frames.len(),
            probe.compared_cycles()
        );
        assert!(!h.tx_frames.is_empty());
    }
}

/// A MAC that stalls most beats: the frame queue fills to TX_META_DEPTH
/// (runts) and the FIFO to its start limit (jumbo frames), so the engine
/// waits at both of its start conditions; checked on the model's state,
/// with the RTL in lockstep.
#[test]
fn tx_backpressure_fills_the_frame_queue_and_the_fifo() {
    if skip_stub() {
        return;
    }
    let stalls = Stalls { tready: 92, arready: 0, awready: 0, wready: 0, rgap: 0, lat: (2, 6) };
    let mut h = Host::new(lockstep(), 13, stalls);
    let mut g = Gen { rng: Rng::new(13), next_buf: TX_BUF };
    let mut r = TxRing { base: 0x0020_0000, len: 256, tail: 0 };
    h.write(txq_reg(0, txq::TDBAL), r.base as u32);
    h.write(txq_reg(0, txq::TDLEN), r.len);
    h.write(txq_reg(0, txq::TXCTL), 1);
    h.write(CTRL, ctrl::TX_EN.val(1));
    let mut all = Vec::new();
    for k in 0..60 {
        let n = 1 + g.rng.below(if k < 45 { 100 } else { 9000 }) as usize;
        all.push(g.good(0, if k >= 45 { n.max(6000) } else { n }, 2));
    }
    for f in &all {
        post(&mut h, &mut r, f);
    }
    let tail = r.tail;
    h.write(txq_reg(0, txq::TDT), tail);
    let (mut max_meta, mut max_used) = (0, 0);
    for _ in 0..2_000_000 {
        if h.bus_quiet() && h.dev.quiescent() {
            break;
        }
        h.step(Inputs::default());
        let tx = &h.dev.model().state().tx;
        max_meta = max_meta.max(tx.meta.len());
        max_used = max_used.max(tx.used());
    }
    assert!(h.dev.quiescent(), "drained");
    println!("frame queue up to {max_meta} frames, FIFO up to {max_used} words");
    assert_eq!(max_meta, 32, "the frame queue filled");
    assert!(max_used > 2048, "the FIFO passed its start limit");
    check(&mut h, &all, 13);
}
