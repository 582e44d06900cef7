//! Unit tests of the model through its ports only, with a tiny host harness:
//! an AXI-Lite master for registers, a sparse memory answering the DMA
//! master, and a MAC feeding frames.

use super::*;
use nicsim_hw::axil;
use nicsim_hw::desc::{RxReadDesc, RxWbDesc, TxDesc, TX_CMD_EOP, TX_CMD_RS};
use nicsim_hw::ports::{rx_in, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_hw::regs::*;
use std::collections::{HashMap, VecDeque};

const MSI_BASE: u64 = 0xFEE0_0000;
const READ_LATENCY: u64 = 20;

struct H {
    nic: Nic,
    cycle: u64,
    mem: HashMap<u64, u8>,
    /// Pending reads: (ready cycle, id, addr, beats).
    reads: VecDeque<(u64, u8, u64, u32)>,
    r_beat: u32,
    /// Write in progress: (addr, beats left).
    w_cur: Option<(u64, u32)>,
    b_pending: u32,
    msis: Vec<(u64, u64, u32)>,
    wire: VecDeque<(u64, u8, bool)>,
    in_strobes: Vec<u8>,
    out_strobes: Vec<(bool, u8, u64)>,
    /// MAC TX sink: frames taken, the one in progress, and a stall pattern
    /// (xorshift state; 0 = never stall) with its stall percentage.
    tx_frames: Vec<Vec<u8>>,
    tx_cur: Vec<u8>,
    tx_rng: u64,
    tx_stall_pct: u64,
    /// Reads at or above this address answer DECERR.
    unmapped_from: u64,
}

impl axil::AxilPort for H {
    fn axil_outputs(&self) -> Outputs {
        *self.nic.outputs()
    }
    fn axil_cycle(&mut self, i: Inputs) {
        self.step(i);
    }
}

impl H {
    fn new(queues: usize) -> H {
        H::with_config(NicConfig { queues, ..NicConfig::default() })
    }
    fn with_config(cfg: NicConfig) -> H {
        H {
            nic: Nic::new(cfg).unwrap(),
            cycle: 0,
            mem: HashMap::new(),
            reads: VecDeque::new(),
            r_beat: 0,
            w_cur: None,
            b_pending: 0,
            msis: Vec::new(),
            wire: VecDeque::new(),
            in_strobes: Vec::new(),
            out_strobes: Vec::new(),
            tx_frames: Vec::new(),
            tx_cur: Vec::new(),
            tx_rng: 0,
            tx_stall_pct: 0,
            unmapped_from: u64::MAX,
        }
    }

    fn mem_u64(&self, a: u64) -> u64 {
        (0..8).map(|i| (*self.mem.get(&(a + i)).unwrap_or(&0) as u64) << (8 * i)).sum()
    }
    fn mem_write(&mut self, a: u64, d: &[u8]) {
        for (i, b) in d.iter().enumerate() {
            self.mem.insert(a + i as u64, *b);
        }
    }

    /// One cycle with the given AXI-Lite inputs; everything else answered by the harness.
    fn step(&mut self, mut i: Inputs) -> Outputs {
        let o = *self.nic.outputs();
        // DMA slave: always ready for writes, answers B next cycle.
        i.m_axi_awready = self.w_cur.is_none();
        i.m_axi_wready = self.w_cur.is_some();
        i.m_axi_bvalid = self.b_pending > 0;
        i.m_axi_arready = self.reads.len() < 8;
        if let Some(&(t, id, addr, beats)) = self.reads.front() {
            if self.cycle >= t {
                i.m_axi_rvalid = true;
                i.m_axi_rid = id;
                let a = addr + 8 * self.r_beat as u64;
                i.m_axi_rdata = self.mem_u64(a);
                if a >= self.unmapped_from {
                    i.m_axi_rdata = 0;
                    i.m_axi_rresp = AXI_RESP_DECERR;
                }
                i.m_axi_rlast = self.r_beat + 1 == beats;
            }
        }
        if let Some(&(t, k, last)) = self.wire.front() {
            if t <= self.cycle {
                let _ = t;
                i.s_axis_rx_tvalid = true;
                i.s_axis_rx_tdata = 0x0101_0101_0101_0101u64.wrapping_mul(k as u64);
                i.s_axis_rx_tkeep = 0xFF;
                i.s_axis_rx_tlast = last;
            }
        }
        // Observe handshakes of this cycle.
        if o.m_axi_awvalid && i.m_axi_awready {
            self.w_cur = Some((o.m_axi_awaddr, o.m_axi_awlen as u32 + 1));
        }
        if o.m_axi_wvalid && i.m_axi_wready {
            let (a, left) = self.w_cur.unwrap();
            if (MSI_BASE..MSI_BASE + 0x10_0000).contains(&a) {
                let d = if o.m_axi_wstrb == 0xF0 { (o.m_axi_wdata >> 32) as u32 } else { o.m_axi_wdata as u32 };
                self.msis.push((self.cycle, a, d));
            } else {
                for b in 0..8 {
                    if o.m_axi_wstrb & (1 << b) != 0 {
                        self.mem.insert((a & !7) + b, (o.m_axi_wdata >> (8 * b)) as u8);
                    }
                }
            }
            self.w_cur = if left == 1 { None } else { Some(((a & !7) + 8, left - 1)) };
            if left == 1 {
                self.b_pending += 1;
            }
        }
        if i.m_axi_bvalid && o.m_axi_bready {
            self.b_pending -= 1;
        }
        if o.m_axi_arvalid && i.m_axi_arready {
            self.reads.push_back((self.cycle + READ_LATENCY, o.m_axi_arid, o.m_axi_araddr, o.m_axi_arlen as u32 + 1));
        }
        if i.m_axi_rvalid && o.m_axi_rready {
            self.r_beat += 1;
            if i.m_axi_rlast {
                self.reads.pop_front();
                self.r_beat = 0;
            }
        }
        if i.s_axis_rx_tvalid {
            self.wire.pop_front();
        }
        // MAC TX: stall at random when asked.
        i.m_axis_tx_tready = if self.tx_rng == 0 {
            true
        } else {
            self.tx_rng ^= self.tx_rng << 13;
            self.tx_rng ^= self.tx_rng >> 7;
            self.tx_rng ^= self.tx_rng << 17;
            self.tx_rng % 100 >= self.tx_stall_pct
        };
        if o.m_axis_tx_tvalid && i.m_axis_tx_tready {
            for b in 0..8 {
                if o.m_axis_tx_tkeep & (1 << b) != 0 {
                    self.tx_cur.push((o.m_axis_tx_tdata >> (8 * b)) as u8);
                }
            }
            if o.m_axis_tx_tlast {
                self.tx_frames.push(std::mem::take(&mut self.tx_cur));
            }
        }
        let n = *self.nic.tick(&i);
        if n.stat_rx_in_valid {
            self.in_strobes.push(n.stat_rx_in_code);
        }
        if n.stat_rx_out_valid {
            self.out_strobes.push((n.stat_rx_out_no_desc, n.stat_rx_out_queue, self.cycle));
        }
        self.cycle += 1;
        n
    }

    fn idle(&mut self, n: u64) {
        for _ in 0..n {
            self.step(Inputs::default());
        }
    }

    /// AXI-Lite write; returns bresp.
    fn write(&mut self, addr: u32, data: u32) -> u8 {
        axil::write(self, addr, data)
    }
    /// AXI-Lite read; returns (data, rresp).
    fn read_resp(&mut self, addr: u32) -> (u32, u8) {
        axil::read(self, addr)
    }
    fn read(&mut self, addr: u32) -> u32 {
        let (v, r) = self.read_resp(addr);
        assert_eq!(r, AXI_RESP_OKAY, "read {addr:#x}");
        v
    }

    /// Program queue 0 with a ring of `len` descriptors, all given, 2 KiB buffers,
    /// vector 0 wired to an MSI address.
    fn setup_rx(&mut self, len: u32, itr: u32) {
        let ring = 0x10_0000u64;
        for k in 0..len as u64 {
            let d = RxReadDesc { buf_addr: 0x20_0000 + k * 2048 }.to_bytes();
            self.mem_write(ring + 16 * k, &d);
        }
        self.write(rxq_reg(0, rxq::RDBAL), ring as u32);
        self.write(rxq_reg(0, rxq::RDLEN), len);
        self.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
        self.write(rxq_reg(0, rxq::RDT), len - 1);
        self.write(vec_itr(0), itr);
        self.write(msix_reg(0, msix::ADDR_LO), MSI_BASE as u32);
        self.write(msix_reg(0, msix::DATA), 0x40);
        self.write(msix_reg(0, msix::VCTRL), 0);
        self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        self.write(EIMS, 1);
        self.write(RSS_CTRL, 0); // everything to queue 0
        self.write(CTRL, ctrl::RX_EN.val(1));
    }

    /// Queue a frame of `len` bytes (multiple of 8) on the wire, starting now.
    fn send(&mut self, len: usize) {
        let beats = len / 8;
        for b in 0..beats {
            self.wire.push_back((self.cycle, b as u8, b + 1 == beats));
        }
    }

    /// TX queue `q`: ring of `len` descriptors at `ring`, vector `q`, MSI-X on.
    fn setup_tx(&mut self, q: usize, ring: u64, len: u32, txitr: u32) {
        self.write(txq_reg(q, txq::TDBAL), ring as u32);
        self.write(txq_reg(q, txq::TDBAH), (ring >> 32) as u32);
        self.write(txq_reg(q, txq::TDLEN), len);
        self.write(txq_reg(q, txq::IVAR), q as u32);
        self.write(txq_reg(q, txq::TXCTL), 1);
        self.write(vec_txitr(q), txitr);
        self.write(msix_reg(q, msix::ADDR_LO), MSI_BASE as u32 + 16 * q as u32);
        self.write(msix_reg(q, msix::DATA), 0x40 + q as u32);
        self.write(msix_reg(q, msix::VCTRL), 0);
        self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        self.write(EIMS, 1 << q);
        self.write(CTRL, ctrl::TX_EN.val(1));
    }

    /// Write descriptors for `frames` (each a list of (buffer address, bytes) pieces)
    /// into ring `q` from slot `slot`; RS on each frame's last descriptor. Returns the next slot.
    fn post_tx(&mut self, ring: u64, len: u32, mut slot: u32, frames: &[Vec<(u64, Vec<u8>)>]) -> u32 {
        for f in frames {
            for (k, (addr, bytes)) in f.iter().enumerate() {
                self.mem_write(*addr, bytes);
                let last = k + 1 == f.len();
                let d = TxDesc {
                    buf_addr: *addr,
                    len: bytes.len() as u16,
                    cmd: if last { TX_CMD_EOP | TX_CMD_RS } else { 0 },
                    status: 0,
                };
                self.mem_write(ring + 16 * slot as u64, &d.to_bytes());
                slot = (slot + 1) % len;
            }
        }
        slot
    }

    fn tx_desc(&self, ring: u64, slot: u32) -> TxDesc {
        let mut b = [0u8; 16];
        for (i, x) in b.iter_mut().enumerate() {
            *x = *self.mem.get(&(ring + 16 * slot as u64 + i as u64)).unwrap_or(&0);
        }
        TxDesc::from_bytes(&b)
    }

    fn run_until_quiet(&mut self, max: u64) {
        for _ in 0..max {
            if self.wire.is_empty() && self.nic.quiescent() && self.b_pending == 0 && self.reads.is_empty() {
                return;
            }
            self.step(Inputs::default());
        }
        panic!("not quiescent after {max} cycles");
    }
}

#[test]
fn config_checks_like_fatal() {
    assert!(NicConfig::default().validate().is_ok());
    assert_eq!(NicConfig { queues: 0, ..Default::default() }.validate(), Err(ConfigError::Queues(0)));
    assert_eq!(NicConfig { queues: 17, ..Default::default() }.validate(), Err(ConfigError::Queues(17)));
    assert!(NicConfig { fifo_words: 3000, ..Default::default() }.validate().is_err());
    assert!(NicConfig { desc_cache: 3, ..Default::default() }.validate().is_err());
    assert!(Nic::new(NicConfig { max_reads: 0, ..Default::default() }).is_err());
    assert_eq!(NicConfig { tx_fifo_words: 2048, ..Default::default() }.validate(), Err(ConfigError::TxFifo(2048)));
    assert_eq!(NicConfig { tx_meta_depth: 1, ..Default::default() }.validate(), Err(ConfigError::TxMeta(1)));
    assert!(NicConfig::small().validate().is_ok());
}

#[test]
fn reset_values_match_the_register_map() {
    let queues = 4;
    let mut h = H::new(queues);
    let nvec = queues as u32 + 1;
    let mut checked = 0;
    for r in ALL {
        let in_build = if (RXQ..MSIX).contains(&r.addr) && r.addr >= RXQ {
            (r.addr - RXQ) / RXQ_STRIDE < queues as u32
        } else if (TXQ..TXQ + TXQ_STRIDE * 16).contains(&r.addr) {
            (r.addr - TXQ) / TXQ_STRIDE < queues as u32
        } else if (VEC_TXITR..VEC_TXITR + 4 * 17).contains(&r.addr) {
            (r.addr - VEC_TXITR) / 4 < nvec
        } else if (MSIX..PBA).contains(&r.addr) {
            (r.addr - MSIX) / MSIX_STRIDE < nvec
        } else if (VEC_ITR..VEC_ITR + 4 * 17).contains(&r.addr) {
            (r.addr - VEC_ITR) / 4 < nvec
        } else {
            true
        };
        if !in_build || r.access == Access::Wo {
            continue;
        }
        let v = h.read(r.addr);
        let want = match r.addr {
            CAPS => caps::RXQ.val(4) | caps::TXQ.val(4) | caps::VECTORS.val(nvec) | caps::DMA_BYTES.val(8),
            EIAM => (1 << nvec) - 1,
            _ => r.reset,
        };
        assert_eq!(v, want, "{} at {:#x}", r.name, r.addr);
        checked += 1;
    }
    assert!(checked > 80, "only {checked} registers checked");
}

#[test]
fn unmapped_addresses_answer_decerr() {
    let mut h = H::new(4);
    for a in [0x7000, 0x0030, rxq_reg(4, rxq::RDT), msix_reg(5, msix::DATA), vec_itr(5), 0xFFFC] {
        assert_eq!(h.read_resp(a), (0, AXI_RESP_DECERR), "read {a:#x}");
        assert_eq!(h.write(a, 1), AXI_RESP_DECERR, "write {a:#x}");
    }
    assert_eq!(h.write(MTU, 9000), AXI_RESP_OKAY);
}

#[test]
fn illegal_writes_are_ignored_and_counted() {
    let mut h = H::new(4);
    let cases: [(u32, u32); 7] = [
        (MTU, 20),
        (MTU, 16380),           // in the 14-bit field, above the 16356 limit
        (reta(0), 0x0000_0500), // queue 5 with 4 queues
        (rxq_reg(0, rxq::RXCTL), rxq::rxctl::BSIZE.val(0)),
        (rxq_reg(0, rxq::IVAR), 9),
        (rxq_reg(0, rxq::RDT), 600), // >= RDLEN (512)
        (rxq_reg(1, rxq::RDLEN), 100),
    ];
    for (n, &(a, v)) in cases.iter().enumerate() {
        let before = h.read(a);
        let ok = reg_legal(4, a, v);
        h.write(a, v);
        if a == rxq_reg(1, rxq::RDLEN) {
            // Storing a bad length is allowed; enabling with it is not.
            assert!(ok);
            h.write(rxq_reg(1, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
            assert_eq!(h.read(rxq_reg(1, rxq::RXCTL)) & 1, 0, "enabled with RDLEN 100");
        } else {
            assert_eq!(h.read(a), before, "case {n}: {a:#x} changed");
        }
        assert_eq!(h.read(STAT_REG_ERR), n as u32 + 1, "case {n}");
    }
    assert_ne!(h.read(MISC_CAUSE) & misc_cause::REG_ERR.mask(), 0);
    // W1C clears it.
    h.write(MISC_CAUSE, misc_cause::REG_ERR.mask());
    assert_eq!(h.read(MISC_CAUSE), 0);
    // Ring registers are locked while the queue is enabled.
    h.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
    let n = h.read(STAT_REG_ERR);
    h.write(rxq_reg(0, rxq::RDBAL), 0x4000);
    assert_eq!(h.read(rxq_reg(0, rxq::RDBAL)), 0);
    assert_eq!(h.read(STAT_REG_ERR), n + 1);
}

#[test]
fn msix_masking_pba_and_auto_mask() {
    let mut h = H::new(2);
    h.write(msix_reg(1, msix::ADDR_LO), (MSI_BASE + 4) as u32);
    h.write(msix_reg(1, msix::DATA), 0x77);
    h.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
    h.write(EIMS, 0b10);
    // Vector still masked in its table entry: pending, no message.
    h.write(EICS, 0b10);
    h.idle(20);
    assert!(h.msis.is_empty());
    assert_eq!(h.read(PBA), 0b10);
    assert_eq!(h.read(EICR), 0b10);
    // Unmask: the message goes out, with data in the upper lane (address bit 2).
    h.write(msix_reg(1, msix::VCTRL), 0);
    h.idle(10);
    assert_eq!(h.msis.len(), 1);
    assert_eq!((h.msis[0].1, h.msis[0].2), (MSI_BASE + 4, 0x77));
    assert_eq!(h.read(PBA), 0);
    assert_eq!(h.read(EICR), 0, "sending clears the cause");
    assert_eq!(h.read(EIMS), 0, "auto-masked on fire");
    // A cause while EIMS is clear stays latched and fires on unmask.
    h.write(EICS, 0b10);
    h.idle(20);
    assert_eq!(h.msis.len(), 1);
    h.write(EIMS, 0b10);
    h.idle(10);
    assert_eq!(h.msis.len(), 2);
    // Function mask holds every vector.
    h.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1) | msix_ctrl::FUNC_MASK.val(1));
    h.write(EIMS, 0b10);
    h.write(EICS, 0b10);
    h.idle(20);
    assert_eq!(h.msis.len(), 2);
    assert_eq!(h.read(PBA), 0b10);
    h.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
    h.idle(10);
    assert_eq!(h.msis.len(), 3);
    // Without auto-mask EIMS stays set.
    h.write(EIAM, 0);
    h.write(EIMS, 0b10);
    h.write(EICS, 0b10);
    h.idle(10);
    assert_eq!(h.msis.len(), 4);
    assert_eq!(h.read(EIMS), 0b10);
}

#[test]
fn frames_land_in_the_ring_with_write_back() {
    let mut h = H::new(1);
    h.setup_rx(8, 0);
    h.write(MTU, 9000);
    h.send(64);
    h.send(3000); // two buffers
    h.run_until_quiet(5000);
    assert_eq!(h.in_strobes, vec![rx_in::ACCEPTED, rx_in::ACCEPTED]);
    assert_eq!(h.out_strobes.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(), vec![(false, 0), (false, 0)]);
    let wb = |h: &H, k: u64| {
        let mut b = [0u8; 16];
        for (i, x) in b.iter_mut().enumerate() {
            *x = *h.mem.get(&(0x10_0000 + 16 * k + i as u64)).unwrap_or(&0);
        }
        RxWbDesc::from_bytes(&b)
    };
    let d0 = wb(&h, 0);
    assert!(d0.dd() && d0.eop() && d0.len == 64);
    let (d1, d2) = (wb(&h, 1), wb(&h, 2));
    assert!(d1.dd() && !d1.eop() && d1.len == 2048);
    assert!(d2.dd() && d2.eop() && d2.len == 3000 - 2048);
    // Frame bytes: beat k carries byte value k in every lane.
    assert_eq!(h.mem_u64(0x20_0000 + 2048), 0x0101_0101_0101_0101u64.wrapping_mul(0));
    assert_eq!(h.mem_u64(0x20_0000 + 2048 + 8), 0x0101_0101_0101_0101u64.wrapping_mul(1));
    assert_eq!(h.read(rxq_reg(0, rxq::RDH)), 3);
    assert_eq!(h.read(STAT_RX_PACKETS), 2);
    assert_eq!(h.read(rxq_reg(0, rxq::BYTES)), 3064);
    // rx-usecs 0 / rx-frames 0: one interrupt per completion, the second held by auto-mask.
    assert_eq!(h.msis.len(), 1);
    assert_eq!(h.read(EICR), 1, "second completion latched while masked");
    h.write(EIMS, 1);
    h.idle(10);
    assert_eq!(h.msis.len(), 2);
}

#[test]
fn moderation_is_eitr_a_minimum_interval() {
    // rx-usecs 2 = 500 cycles between interrupts (Intel EITR, igb).
    let mut h = H::new(1);
    h.setup_rx(16, vec_itr::USECS.val(2));
    h.send(64);
    h.idle(100);
    let done = h.out_strobes[0].2;
    assert_eq!(h.msis.len(), 1);
    // Idle vector: cause the edge after the completion, message the edge
    // after, W beat after AW; no rx-usecs wait (the old delay waited 500).
    let lat = h.msis[0].0 - done;
    assert!(lat <= 4, "idle vector fired {lat} cycles after completion");
    // A frame inside the interval waits for its end: 500 edges after the
    // first firing (unmasked in time, so the message follows at once).
    h.write(EIMS, 1);
    h.send(64);
    h.run_until_quiet(5000);
    assert_eq!(h.msis.len(), 2);
    let gap = h.msis[1].0 - h.msis[0].0;
    assert!((500..=502).contains(&gap), "second interrupt {gap} cycles after the first");
    // After a quiet interval the vector is idle again: immediate.
    h.write(EIMS, 1);
    h.idle(600);
    h.send(64);
    h.idle(100);
    assert_eq!(h.msis.len(), 3);
    let lat = h.msis[2].0 - h.out_strobes[2].2;
    assert!(lat <= 4, "idle again, fired {lat} cycles after completion");

    // rx-frames 3 (with a long interval): inside the interval the third
    // completion fires without waiting for it.
    let mut h = H::new(1);
    h.setup_rx(16, vec_itr::USECS.val(1000) | vec_itr::FRAMES.val(3));
    h.send(64);
    h.idle(100);
    assert_eq!(h.msis.len(), 1, "idle vector fires at once");
    h.write(EIMS, 1);
    for _ in 0..3 {
        h.send(64);
        h.idle(200);
    }
    h.idle(50);
    assert_eq!(h.msis.len(), 2);
    let third = h.out_strobes[3].2;
    assert!(h.msis[1].0 > third && h.msis[1].0 - third <= 4, "{:?} vs {third}", h.msis[1]);
}

#[test]
fn no_descriptor_and_oversize_drops() {
    let mut h = H::new(1);
    h.setup_rx(8, 0);
    h.write(MTU, 1500);
    h.send(1600); // > 1514: oversize
    for _ in 0..8 {
        h.send(64); // 7 fit in the ring, the 8th has no descriptor
    }
    h.run_until_quiet(20000);
    assert_eq!(h.in_strobes[0], rx_in::OVERSIZE);
    assert_eq!(h.read(STAT_RX_OVERSIZE), 1);
    assert_eq!(h.read(STAT_RX_PACKETS), 7);
    assert_eq!(h.read(STAT_RX_NO_DESC), 1);
    assert_eq!(h.read(rxq_reg(0, rxq::NO_DESC)), 1);
    assert_eq!(h.out_strobes.iter().filter(|s| s.0).count(), 1);
    assert_eq!(h.read(STAT_RX_OFFERED), 9);
    // RX disabled: dropped at the ingress as no_desc.
    h.write(CTRL, 0);
    h.send(64);
    h.run_until_quiet(1000);
    assert_eq!(*h.in_strobes.last().unwrap(), rx_in::NO_DESC);
}

/// A frame's buffer size is the BSIZE its buffer count was made with (the
/// claim look-ahead's), for all its segments and write-backs. The one
/// RXCTL write that enables a disabled queue may also change BSIZE, so it
/// can land between the look-ahead's read and the claim: swept here over
/// the write's timing, every frame is either dropped (no_desc: the queue
/// was still disabled at the claim) or written back whole, its lengths
/// adding up to the frame, every buffer but the last full.
#[test]
fn bsize_written_with_the_enable_under_a_claim_keeps_the_frame_whole() {
    let wb = |h: &H, k: u64| {
        let mut b = [0u8; 16];
        for (i, x) in b.iter_mut().enumerate() {
            *x = *h.mem.get(&(0x10_0000 + 16 * k + i as u64)).unwrap_or(&0);
        }
        RxWbDesc::from_bytes(&b)
    };
    let (mut dropped, mut new_size, mut old_size) = (0, 0, 0);
    for d in 330..430 {
        let mut h = H::new(1);
        h.setup_rx(8, 0);
        h.write(MTU, 9000);
        // disabled, BSIZE 2 KiB: the look-ahead counts 2 buffers for 3000 bytes
        h.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::BSIZE.val(2));
        h.send(3000);
        h.idle(d);
        h.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(1));
        assert_eq!(h.read(rxq_reg(0, rxq::RXCTL)) & 1, 1, "d={d}: enabled");
        h.run_until_quiet(20000);
        if h.read(STAT_RX_NO_DESC) == 1 {
            assert_eq!(h.read(STAT_RX_PACKETS), 0, "d={d}");
            dropped += 1;
            continue;
        }
        assert_eq!(h.read(STAT_RX_PACKETS), 1, "d={d}: delivered or dropped");
        let n = h.read(rxq_reg(0, rxq::RDH)) as u64;
        let lens: Vec<u32> = (0..n).map(|k| wb(&h, k).len as u32).collect();
        assert!((0..n).all(|k| wb(&h, k).dd()), "d={d}: {lens:?}");
        assert!(wb(&h, n - 1).eop() && (0..n - 1).all(|k| !wb(&h, k).eop()), "d={d}: EOP on the last only");
        assert_eq!(lens.iter().sum::<u32>(), 3000, "d={d}: write-back lengths {lens:?}");
        match lens.as_slice() {
            [2048, 952] => old_size += 1,
            [1024, 1024, 952] => new_size += 1,
            l => panic!("d={d}: segments {l:?}"),
        }
    }
    // The sweep covers all three: the write after the claim, before the
    // look-ahead, and between them (the frame keeps the look-ahead's size).
    assert!(dropped > 0 && new_size > 0 && old_size > 0, "{dropped} dropped, {new_size} at 1 KiB, {old_size} at 2 KiB");
}

/// RXCTL.HOLD (igb's DROP_EN clear): a frame the ring has no room for
/// waits at the FIFO head instead of being dropped, and goes once RDT moves.
#[test]
fn hold_keeps_a_frame_until_the_ring_has_room() {
    let mut h = H::new(1);
    h.setup_rx(8, 0);
    h.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2) | rxq::rxctl::HOLD.val(1));
    assert_eq!(rxq::rxctl::HOLD.get(h.read(rxq_reg(0, rxq::RXCTL))), 1);
    for _ in 0..9 {
        h.send(64); // 7 fit in the ring, the 8th and 9th wait
    }
    h.idle(3000);
    assert_eq!(h.read(STAT_RX_PACKETS), 7);
    assert_eq!(h.read(STAT_RX_NO_DESC), 0, "held, not dropped");
    assert_eq!(h.out_strobes.len(), 7);
    assert!(!h.nic.quiescent(), "a held frame keeps the device busy");
    // The driver gives the 7 used descriptors back (RDT moves by 7).
    h.write(rxq_reg(0, rxq::RDT), (7 + 7) % 8);
    h.run_until_quiet(20_000);
    assert_eq!(h.read(STAT_RX_PACKETS), 9);
    assert_eq!(h.read(STAT_RX_NO_DESC), 0);
    // A frame that can never fit (more descriptors than RDLEN - 1) is dropped even so.
    let mut h = H::new(1);
    h.setup_rx(8, 0);
    h.write(MTU, 16000);
    h.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2) | rxq::rxctl::HOLD.val(1));
    h.send(15000); // 8 buffers of 2 KiB > RDLEN - 1
    h.run_until_quiet(20_000);
    assert_eq!(h.read(STAT_RX_NO_DESC), 1);
}

#[test]
fn quiescence_is_a_fixed_point() {
    let mut h = H::new(2);
    h.setup_rx(16, vec_itr::USECS.val(1));
    for _ in 0..5 {
        h.send(128);
    }
    h.run_until_quiet(20000);
    assert!(h.nic.quiescent());
    let before = h.nic.state().clone();
    let outs = *h.nic.outputs();
    h.idle(1000);
    assert_eq!(h.nic.state(), &before, "state changed while quiescent");
    assert_eq!(h.nic.outputs(), &outs);
    // And the model says it is busy while a timer runs.
    h.write(EIMS, 1);
    h.send(64);
    let mut busy = 0;
    for _ in 0..100 {
        h.step(Inputs::default());
        busy += (!h.nic.quiescent()) as u32;
    }
    assert_eq!(busy, 100);
}

#[test]
fn tx_quiescence_is_a_fixed_point_and_tx_usecs_moderates() {
    let mut h = H::new(2);
    let ring = 0x30_0000u64;
    // tx-usecs 4 (1000 cycles), tx-frames 3.
    h.setup_tx(0, ring, 16, vec_txitr::USECS.val(4) | vec_txitr::FRAMES.val(3));
    let frames: Vec<_> = (0..2u64).map(|k| vec![(0x40_0000 + k * 0x1000, pattern(k + 3, 200))]).collect();
    let slot = h.post_tx(ring, 16, 0, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    let t0 = h.cycle;
    h.run_until_quiet(20_000);
    assert_eq!(h.tx_frames.len(), 2);
    // The first completion finds the vector idle and fires at once; the
    // second waits for the 1000-cycle interval and stays latched (auto-mask).
    assert_eq!(h.msis.len(), 1);
    let dt = h.msis[0].0 - t0;
    assert!(dt < 1000, "fired after {dt} cycles");
    assert_eq!(h.read(EICR), 1, "second completion asserted at the interval's end");
    assert!(h.nic.quiescent());
    let before = h.nic.state().clone();
    let outs = *h.nic.outputs();
    h.idle(1000);
    assert_eq!(h.nic.state(), &before, "state changed while quiescent");
    assert_eq!(h.nic.outputs(), &outs);
    h.write(EIMS, 1);
    h.idle(20);
    assert_eq!(h.msis.len(), 2);
    // Four more frames: the first finds the vector idle and fires; the
    // other three reach tx-frames inside its interval and assert the cause
    // (latched, auto-masked) before the interval ends.
    h.write(EIMS, 1);
    let frames: Vec<_> = (0..4u64).map(|k| vec![(0x50_0000 + k * 0x1000, pattern(k + 9, 100))]).collect();
    let slot = h.post_tx(ring, 16, slot, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    let t1 = h.cycle;
    while h.tx_frames.len() < 6 && h.cycle - t1 < 900 {
        h.step(Inputs::default());
    }
    h.idle(20);
    assert_eq!(h.msis.len(), 3);
    assert_eq!(h.read(EICR), 1, "tx-frames asserted inside the interval");
    assert!(h.cycle - t1 < 950, "{} cycles", h.cycle - t1);
    h.run_until_quiet(20_000);
    // Pending TX work with TX_EN off is quiescent too, and starts when enabled.
    h.write(CTRL, 0);
    let frames = vec![vec![(0x60_0000, pattern(1, 70))]];
    let slot = h.post_tx(ring, 16, slot, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    h.idle(5);
    assert!(h.nic.quiescent());
    h.write(CTRL, ctrl::TX_EN.val(1));
    h.run_until_quiet(20_000);
    assert_eq!(h.tx_frames.len(), 7);
}

/// The write is checked at the edge after both AW and W have handshaken
/// (nic_csr.sv decodes the address at the AW handshake), and bvalid rises
/// with it; the register changes at the next edge.
#[test]
fn a_write_is_checked_the_edge_after_both_handshakes_and_loaded_the_next() {
    // (AW delay, W delay) in cycles: together, AW first, W first.
    for (aw_at, w_at) in [(0u64, 0u64), (0, 3), (2, 0)] {
        let mut h = H::new(1);
        let mut t = 0u64;
        let (mut aw_hs, mut w_hs, mut resp, mut done) = (None, None, None, None);
        while t < 20 && done.is_none() {
            let o = *h.nic.outputs();
            let i = Inputs {
                s_axil_awaddr: MTU,
                s_axil_awvalid: t >= aw_at && aw_hs.is_none(),
                s_axil_wdata: 9000,
                s_axil_wstrb: 0xF,
                s_axil_wvalid: t >= w_at && w_hs.is_none(),
                ..Default::default()
            };
            if i.s_axil_awvalid && o.s_axil_awready {
                aw_hs = Some(t);
            }
            if i.s_axil_wvalid && o.s_axil_wready {
                w_hs = Some(t);
            }
            let before = h.nic.s.csr.mtu;
            h.step(i);
            if resp.is_none() && h.nic.outputs().s_axil_bvalid {
                // The check's edge: the response, the register not yet.
                resp = Some(t);
                assert_eq!(h.nic.s.csr.mtu, before);
            }
            if h.nic.s.csr.mtu != before {
                done = Some(t);
            }
            t += 1;
        }
        let (aw_hs, w_hs) = (aw_hs.unwrap(), w_hs.unwrap());
        let (resp, done) = (resp.expect("a response"), done.expect("MTU written"));
        assert_eq!(resp, aw_hs.max(w_hs) + 1, "AW at {aw_hs}, W at {w_hs}");
        assert_eq!(done, resp + 1, "AW at {aw_hs}, W at {w_hs}");
        assert_eq!(h.nic.s.csr.mtu, 9000);
        assert!(h.nic.outputs().s_axil_bvalid);
        assert_eq!(h.nic.outputs().s_axil_bresp, AXI_RESP_OKAY);
    }
}

#[test]
fn soft_reset_restores_defaults_and_answers_the_write() {
    let mut h = H::new(2);
    h.setup_rx(8, 7);
    h.write(MTU, 9000);
    assert_eq!(h.write(CTRL, ctrl::RST.val(1)), AXI_RESP_OKAY);
    h.idle(5);
    assert_eq!(h.read(CTRL), 0);
    assert_eq!(h.read(MTU), mtu::RESET);
    assert_eq!(h.read(vec_itr(0)), 0);
    assert_eq!(h.read(rxq_reg(0, rxq::RXCTL)), rxq::rxctl::RESET);
    assert_eq!(h.read(msix_reg(0, msix::VCTRL)), 1);
}

fn pattern(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn padded(f: &[u8]) -> Vec<u8> {
    let mut v = f.to_vec();
    if v.len() < 60 {
        v.resize(60, 0);
    }
    v
}

#[test]
fn tx_frames_leave_whole_padded_and_in_order_under_stalls() {
    let mut h = H::new(2);
    h.tx_rng = 0x9E37_79B9_7F4A_7C15;
    h.tx_stall_pct = 40;
    let ring = 0x30_0000u64;
    h.setup_tx(1, ring, 16, 0);
    // Sizes around the edges: runts, word boundaries, multi-descriptor, unaligned buffers.
    let sizes = [1usize, 14, 59, 60, 61, 64, 1514, 3000, 9000];
    let mut frames = Vec::new();
    let mut expect = Vec::new();
    let mut buf = 0x40_0003u64; // odd alignment on purpose
    for (k, &n) in sizes.iter().enumerate() {
        let data = pattern(k as u64 + 1, n);
        // Split into pieces of at most 2000 bytes, each at its own odd address.
        let mut pieces = Vec::new();
        for c in data.chunks(2000) {
            pieces.push((buf, c.to_vec()));
            buf += 0x1000 + 5;
        }
        frames.push(pieces);
        expect.push(padded(&data));
    }
    let mut slot = 0;
    let mut sent = 0;
    // The ring holds 16: post in two rounds.
    for round in [&frames[..6], &frames[6..]] {
        slot = h.post_tx(ring, 16, slot, round);
        h.write(txq_reg(1, txq::TDT), slot);
        sent += round.len();
        h.run_until_quiet(200_000);
        assert_eq!(h.tx_frames.len(), sent);
    }
    assert_eq!(h.tx_frames, expect);
    assert_eq!(h.read(txq_reg(1, txq::TDH)), slot);
    assert_eq!(h.read(STAT_TX_PACKETS), sizes.len() as u32);
    assert_eq!(h.read(STAT_TX_BYTES), sizes.iter().sum::<usize>() as u32);
    assert_eq!(h.read(txq_reg(1, txq::PACKETS)), sizes.len() as u32);
    // Every frame's last descriptor has DD, none has ERR.
    let mut s = 0;
    for f in &frames {
        s += f.len() as u32;
        let d = h.tx_desc(ring, (s - 1) % 16);
        assert!(d.dd() && !d.err(), "slot {}", s - 1);
    }
    // tx-usecs 0 / tx-frames 0: the vector fired (MSI data 0x41 for vector 1).
    assert!(h.msis.iter().any(|m| m.2 == 0x41));
}

#[test]
fn tx_bad_descriptors_are_counted_and_never_hang() {
    let mut h = H::new(1);
    let ring = 0x30_0000u64;
    h.unmapped_from = 0x8000_0000;
    h.setup_tx(0, ring, 8, 0);
    let good = pattern(7, 100);
    let frames = vec![
        vec![(0x40_0000, good.clone())],
        vec![(0x41_0000, Vec::new())],                              // zero length
        vec![(0x42_0000, pattern(8, 30)), (0x43_0000, Vec::new())], // zero length mid-frame
        vec![(0x8000_1000, pattern(9, 200))],                       // unmapped buffer
        vec![(0x44_0000, good.clone())],
    ];
    let slot = h.post_tx(ring, 8, 0, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    h.run_until_quiet(100_000);
    assert_eq!(h.tx_frames, vec![good.clone(), good.clone()], "only the good frames leave");
    assert_eq!(h.read(STAT_TX_ERR), 3);
    assert_eq!(h.read(STAT_DESC_ERR), 2);
    assert_eq!(h.read(STAT_DMA_ERR), 1);
    assert_eq!(h.read(txq_reg(0, txq::ERRORS)), 3);
    assert_eq!(h.read(txq_reg(0, txq::TDH)), slot);
    // The dropped frames' last descriptors carry DD and ERR.
    for (s, err) in [(0, false), (1, true), (3, true), (4, true), (5, false)] {
        let d = h.tx_desc(ring, s);
        assert!(d.dd(), "slot {s}");
        assert_eq!(d.err(), err, "slot {s}");
    }
    // A tail beyond the ring is refused and counted.
    let before = h.read(STAT_REG_ERR);
    h.write(txq_reg(0, txq::TDT), 8);
    assert_eq!(h.read(STAT_REG_ERR), before + 1);
    assert_eq!(h.read(txq_reg(0, txq::TDT)), slot);
    // A ring in unmapped memory: the fetch fails, each descriptor ends as a dropped frame.
    h.write(txq_reg(0, txq::TXCTL), 0);
    h.write(txq_reg(0, txq::TDBAL), 0);
    h.write(txq_reg(0, txq::TDBAH), 1); // 4 GiB: unmapped
    h.write(txq_reg(0, txq::TXCTL), 1);
    h.write(txq_reg(0, txq::TDT), 3);
    h.run_until_quiet(100_000);
    assert_eq!(h.read(txq_reg(0, txq::TDH)), 3);
    assert_eq!(h.read(STAT_TX_ERR), 6);
    assert_eq!(h.tx_frames.len(), 2);
}

#[test]
fn tx_ring_wraps_and_queues_share_round_robin() {
    let mut h = H::new(4);
    let mut slots = [0u32; 4];
    for q in 0..4 {
        h.setup_tx(q, 0x30_0000 + 0x1000 * q as u64, 8, 0);
    }
    let mut expect: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 4];
    for round in 0..12u64 {
        for q in 0..4 {
            let mut frames = Vec::new();
            for k in 0..3u64 {
                let data = pattern(round * 100 + q as u64 * 10 + k, 60 + (round * 37 + k * 11) as usize % 1400);
                frames.push(vec![(0x100_0000 + (q as u64) * 0x10_0000 + k * 0x1000, data.clone())]);
                expect[q].push(data);
            }
            slots[q] = h.post_tx(0x30_0000 + 0x1000 * q as u64, 8, slots[q], &frames);
            h.write(txq_reg(q, txq::TDT), slots[q]);
        }
        h.run_until_quiet(200_000);
    }
    // Each queue's frames in order; per-queue counters add up.
    let mut got: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 4];
    for f in &h.tx_frames {
        let q = expect.iter().position(|e| e.contains(f)).expect("unknown frame on the wire");
        got[q].push(f.clone());
    }
    assert_eq!(got, expect);
    for q in 0..4 {
        assert_eq!(h.read(txq_reg(q, txq::PACKETS)), 36);
    }
    // Round robin by turns: a queue keeps the engine while descriptors it
    // fetched are cached (here its three frames), then the next queue's turn.
    let order: Vec<usize> =
        h.tx_frames[..12].iter().map(|f| expect.iter().position(|e| e.contains(f)).unwrap()).collect();
    assert_eq!(order, vec![0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
}

#[test]
fn tx_fifo_never_overflows_behind_a_stalled_mac() {
    let mut h = H::new(2);
    h.tx_rng = 0x1234_5678_9ABC_DEF1;
    h.tx_stall_pct = 100; // the MAC takes nothing until released
    let ring = 0x30_0000u64;
    h.setup_tx(0, ring, 64, 0);
    let mut frames = Vec::new();
    let mut expect = Vec::new();
    let mut buf = 0x100_0000u64;
    for k in 0..12u64 {
        // Runts that each end in a partial word, then a maximum frame in 2000-byte pieces.
        let n = if k % 3 == 2 { 16384 } else { 1 + k as usize };
        let data = pattern(k + 40, n);
        let mut pieces = Vec::new();
        for c in data.chunks(2000) {
            pieces.push((buf, c.to_vec()));
            buf += 0x1000;
        }
        frames.push(pieces);
        expect.push(padded(&data));
    }
    let slot = h.post_tx(ring, 64, 0, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    let mut max_used = 0;
    for _ in 0..30_000 {
        h.step(Inputs::default());
        max_used = max_used.max(h.nic.state().tx.used());
    }
    assert!(max_used <= (NicConfig::default().tx_fifo_words as u32), "FIFO held {max_used} words");
    assert!(max_used > (NicConfig::default().tx_fifo_words as u32) / 2, "the FIFO should have filled up ({max_used})");
    h.tx_stall_pct = 0;
    h.run_until_quiet(400_000);
    assert_eq!(h.tx_frames, expect);
}

#[test]
fn tx_random_descriptor_bytes_never_panic_or_hang() {
    for seed in 1..=4u64 {
        let mut h = H::new(2);
        h.unmapped_from = 0x4000_0000;
        h.tx_rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        h.tx_stall_pct = 20;
        let ring = 0x30_0000u64;
        h.setup_tx(1, ring, 64, 0);
        let mut slot = 0u32;
        for round in 0..4u64 {
            let bytes = pattern(seed * 1000 + round, 16 * 40);
            for k in 0..40u32 {
                let mut d: [u8; 16] = bytes[16 * k as usize..16 * (k as usize + 1)].try_into().unwrap();
                // Keep most addresses in mapped memory and lengths mostly sane, but not all.
                match d[0] % 4 {
                    0 => {} // anything: unmapped, huge, zero
                    1 => d[9] = 0,
                    _ => {
                        d[9] &= 0x07;
                        d[4..8].copy_from_slice(&[0, 0, 0, 0]);
                        d[3] &= 0x0F;
                    }
                }
                if k == 39 {
                    d[10] |= TX_CMD_EOP | TX_CMD_RS; // the batch ends a frame, so the engine can go idle
                }
                h.mem_write(ring + 16 * slot as u64, &d);
                slot = (slot + 1) % 64;
            }
            h.write(txq_reg(1, txq::TDT), slot);
            h.run_until_quiet(2_000_000);
            assert_eq!(h.read(txq_reg(1, txq::TDH)), slot, "seed {seed} round {round}");
        }
        // Whatever was sent was whole: every frame on the wire is at least 60 bytes.
        assert!(h.tx_frames.iter().all(|f| f.len() >= 60));
        let sent = h.read(STAT_TX_PACKETS) as usize;
        assert_eq!(sent, h.tx_frames.len());
        assert!(h.read(STAT_TX_ERR) > 0, "seed {seed}: random descriptors should include bad ones");
    }
}

#[test]
fn tx_meta_depth_bounds_the_frames_queued_for_the_mac() {
    // The small build's TX_META_DEPTH = 4: with the MAC stalled, at most 4
    // finished frames wait (the default build would queue all 12 runts).
    let mut h = H::with_config(NicConfig { queues: 2, ..NicConfig::small() });
    h.tx_rng = 0x0DDB_A11C_AFE0_0001;
    h.tx_stall_pct = 100;
    let ring = 0x30_0000u64;
    h.setup_tx(0, ring, 64, 0);
    let data: Vec<Vec<u8>> = (0..12u64).map(|k| pattern(k + 7, 60 + k as usize)).collect();
    let frames: Vec<Vec<(u64, Vec<u8>)>> =
        data.iter().enumerate().map(|(k, d)| vec![(0x100_0000 + 0x1000 * k as u64, d.clone())]).collect();
    let slot = h.post_tx(ring, 64, 0, &frames);
    h.write(txq_reg(0, txq::TDT), slot);
    let mut most = 0;
    for _ in 0..20_000 {
        h.step(Inputs::default());
        most = most.max(h.nic.state().tx.meta.len());
    }
    assert_eq!(most, 4, "the frame queue fills to TX_META_DEPTH and no further");
    h.tx_stall_pct = 0;
    h.run_until_quiet(400_000);
    assert_eq!(h.tx_frames, data.iter().map(|d| padded(d)).collect::<Vec<_>>());
}
