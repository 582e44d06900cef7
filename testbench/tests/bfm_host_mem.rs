//! HostMem against a scripted fake DMA master with registered outputs.

use std::collections::VecDeque;

use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_testbench::bfm::{HostMem, HostMemConfig, Msi, HEAP_BASE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Burst {
    id: u8,
    addr: u64,
    len: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RBeat {
    cycle: u64,
    id: u8,
    data: u64,
    resp: u8,
    last: bool,
}

/// A DMA master: sends scripted AW/W/AR, records everything it sees.
/// Outputs are computed at `tick` for the next cycle (registered).
#[derive(Default)]
struct FakeDma {
    outs: Outputs,
    cycle: u64,
    aw: VecDeque<Burst>,
    w: VecDeque<(u64, u8, bool)>,
    ar: VecDeque<Burst>,
    aw_sent: usize,
    w_burst: usize,
    /// Offer W beats only after their AW was accepted (else also together with it).
    w_after_aw: bool,
    /// rready low before this cycle.
    rready_from: u64,
    ar_hs: Vec<(u64, Burst)>,
    ar_blocked: u64,
    r: Vec<RBeat>,
    b: Vec<(u64, u8, u8)>,
    w_hs: Vec<u64>,
}

impl FakeDma {
    fn write(&mut self, id: u8, addr: u64, beats: &[(u64, u8)]) {
        self.aw.push_back(Burst { id, addr, len: (beats.len() - 1) as u8 });
        for (i, &(d, s)) in beats.iter().enumerate() {
            self.w.push_back((d, s, i == beats.len() - 1));
        }
        self.recompute();
    }

    fn read(&mut self, id: u8, addr: u64, beats: usize) {
        self.ar.push_back(Burst { id, addr, len: (beats - 1) as u8 });
        self.recompute();
    }

    fn recompute(&mut self) {
        let mut n = Outputs { m_axi_bready: true, m_axi_rready: self.cycle >= self.rready_from, ..Default::default() };
        if let Some(b) = self.aw.front() {
            n.m_axi_awvalid = true;
            n.m_axi_awid = b.id;
            n.m_axi_awaddr = b.addr;
            n.m_axi_awlen = b.len;
            n.m_axi_awsize = 3;
            n.m_axi_awburst = 1;
        }
        if let Some(&(d, s, last)) = self.w.front() {
            let aw_ok =
                self.w_burst < self.aw_sent || (!self.w_after_aw && self.w_burst == self.aw_sent && n.m_axi_awvalid);
            if aw_ok {
                n.m_axi_wvalid = true;
                n.m_axi_wdata = d;
                n.m_axi_wstrb = s;
                n.m_axi_wlast = last;
            }
        }
        if let Some(b) = self.ar.front() {
            n.m_axi_arvalid = true;
            n.m_axi_arid = b.id;
            n.m_axi_araddr = b.addr;
            n.m_axi_arlen = b.len;
            n.m_axi_arsize = 3;
            n.m_axi_arburst = 1;
        }
        self.outs = n;
    }

    fn tick(&mut self, ins: &Inputs) {
        let o = self.outs;
        let c = self.cycle;
        if o.m_axi_awvalid && ins.m_axi_awready {
            self.aw.pop_front();
            self.aw_sent += 1;
        }
        if o.m_axi_wvalid && ins.m_axi_wready {
            let (_, _, last) = self.w.pop_front().unwrap();
            self.w_hs.push(c);
            if last {
                self.w_burst += 1;
            }
        }
        if o.m_axi_arvalid {
            if ins.m_axi_arready {
                let b = self.ar.pop_front().unwrap();
                self.ar_hs.push((c, b));
            } else {
                self.ar_blocked += 1;
            }
        }
        if ins.m_axi_rvalid && o.m_axi_rready {
            self.r.push(RBeat {
                cycle: c,
                id: ins.m_axi_rid,
                data: ins.m_axi_rdata,
                resp: ins.m_axi_rresp,
                last: ins.m_axi_rlast,
            });
        }
        if ins.m_axi_bvalid && o.m_axi_bready {
            self.b.push((c, ins.m_axi_bid, ins.m_axi_bresp));
        }
        self.cycle += 1;
        self.recompute();
    }
}

/// One cycle of the testbench loop.
fn step(dev: &mut FakeDma, mem: &mut HostMem) {
    let outs = dev.outs;
    let mut ins = Inputs::default();
    mem.drive(&mut ins);
    mem.edge(&outs, &ins);
    dev.tick(&ins);
    assert_eq!(mem.now(), dev.cycle);
}

fn run_until(dev: &mut FakeDma, mem: &mut HostMem, max: u64, mut done: impl FnMut(&FakeDma) -> bool) {
    for _ in 0..max {
        if done(dev) {
            return;
        }
        step(dev, mem);
    }
    panic!("timeout after {max} cycles");
}

fn cfg(read_latency: u32) -> HostMemConfig {
    HostMemConfig { read_latency, ..Default::default() }
}

#[test]
fn config_defaults() {
    let c = HostMemConfig::default();
    assert_eq!((c.read_latency, c.read_jitter, c.max_outstanding_reads, c.write_latency), (125, 0, 8, 4));
}

#[test]
fn direct_access_alloc_and_faults() {
    let mut mem = HostMem::default();
    let a = mem.alloc(100, 64);
    assert_eq!(a, HEAP_BASE);
    let b = mem.alloc(8192, 4096);
    assert!(b >= a + 100 && b % 4096 == 0 && b > 0xFFFF_FFFF);
    // Across a page boundary.
    let data: Vec<u8> = (0..200u8).collect();
    mem.write(b + 4000, &data);
    let mut back = vec![0u8; 200];
    mem.read(b + 4000, &mut back);
    assert_eq!(back, data);
    mem.write_u32(a, 0x1234_5678);
    assert_eq!(mem.read_u32(a), 0x1234_5678);
    assert_eq!(mem.read_u64(a), 0x1234_5678);
    assert_eq!(mem.stats().host_faults, 0);
    // Unmapped: zeros, write ignored, counted.
    let mut buf = [0xAAu8; 4];
    mem.read(0x10, &mut buf);
    assert_eq!(buf, [0; 4]);
    mem.write(0x10, &[1, 2, 3]);
    assert!(!mem.is_mapped(0x10));
    assert_eq!(mem.stats().host_faults, 2);
    // map() zeroes the range only.
    mem.write(b, &[0xFF; 16]);
    mem.map(b + 4, 4);
    let mut z = [0u8; 16];
    mem.read(b, &mut z);
    assert_eq!(z, [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
}

#[test]
fn write_burst_lands_with_strobes_and_b_after_write_latency() {
    let mut mem = HostMem::default();
    let base = mem.alloc(64, 64);
    mem.write(base, &[0xEE; 32]);
    let mut dev = FakeDma::default();
    let beats = [
        (0x0706_0504_0302_0100u64, 0xFF),
        (0x0F0E_0D0C_0B0A_0908, 0x0F),
        (0x1716_1514_1312_1110, 0xF0),
        (0x1F1E_1D1C_1B1A_1918, 0x81),
    ];
    dev.write(5, base, &beats);
    run_until(&mut dev, &mut mem, 100, |d| !d.b.is_empty());
    // AW and first W beat together in cycle 0, one beat per cycle.
    assert_eq!(dev.w_hs, vec![0, 1, 2, 3]);
    assert_eq!(dev.b, vec![(3 + 4, 5, AXI_RESP_OKAY)]);
    let mut got = [0u8; 32];
    mem.read(base, &mut got);
    let mut want = [0xEEu8; 32];
    want[0..8].copy_from_slice(&[0, 1, 2, 3, 4, 5, 6, 7]);
    want[8..12].copy_from_slice(&[8, 9, 10, 11]);
    want[20..24].copy_from_slice(&[0x14, 0x15, 0x16, 0x17]);
    want[24] = 0x18;
    want[31] = 0x1F;
    assert_eq!(got, want);
    let s = mem.stats();
    assert_eq!((s.write_bursts, s.write_beats, s.decerr, s.protocol_errors), (1, 4, 0, 0));
    for _ in 0..3 {
        step(&mut dev, &mut mem);
    }
    assert!(mem.idle());
}

#[test]
fn several_write_bursts_w_after_aw_complete_in_order() {
    let mut mem = HostMem::new(HostMemConfig { write_latency: 10, ..Default::default() });
    let base = mem.alloc(4096, 4096);
    let mut dev = FakeDma { w_after_aw: true, ..Default::default() };
    for k in 0..12u64 {
        let beats: Vec<(u64, u8)> = (0..3).map(|i| (k * 100 + i, 0xFF)).collect();
        dev.write(k as u8, base + k * 24, &beats);
    }
    run_until(&mut dev, &mut mem, 1000, |d| d.b.len() == 12);
    let ids: Vec<u8> = dev.b.iter().map(|b| b.1).collect();
    assert_eq!(ids, (0..12).collect::<Vec<u8>>());
    assert!(dev.b.iter().all(|b| b.2 == AXI_RESP_OKAY));
    for k in 0..12u64 {
        for i in 0..3 {
            assert_eq!(mem.read_u64(base + k * 24 + i * 8), k * 100 + i);
        }
    }
    assert_eq!(mem.stats().protocol_errors, 0);
}

#[test]
fn read_returns_after_exactly_read_latency() {
    for lat in [1u32, 10, 125] {
        let mut mem = HostMem::new(cfg(lat));
        let base = mem.alloc(64, 8);
        for i in 0..4u64 {
            mem.write_u64(base + 8 * i, 0xA0A0_0000_0000_0000 | i);
        }
        let mut dev = FakeDma::default();
        dev.read(9, base, 4);
        run_until(&mut dev, &mut mem, 1000, |d| d.r.len() == 4);
        let (ar_cycle, _) = dev.ar_hs[0];
        assert_eq!(dev.r[0].cycle - ar_cycle, lat as u64, "latency {lat}");
        for (i, b) in dev.r.iter().enumerate() {
            assert_eq!(b.cycle, dev.r[0].cycle + i as u64, "one beat per cycle");
            assert_eq!((b.id, b.data, b.resp, b.last), (9, 0xA0A0_0000_0000_0000 | i as u64, AXI_RESP_OKAY, i == 3));
        }
        let s = mem.stats();
        assert_eq!((s.read_bursts, s.read_beats), (1, 4));
    }
}

#[test]
fn rready_backpressure_holds_beats() {
    let mut mem = HostMem::new(cfg(5));
    let base = mem.alloc(16, 8);
    mem.write_u64(base, 11);
    mem.write_u64(base + 8, 22);
    let mut dev = FakeDma { rready_from: 50, ..Default::default() };
    dev.read(1, base, 2);
    run_until(&mut dev, &mut mem, 200, |d| d.r.len() == 2);
    assert_eq!((dev.r[0].cycle, dev.r[0].data, dev.r[1].cycle, dev.r[1].data), (50, 11, 51, 22));
}

#[test]
fn decerr_for_unmapped_read_and_write() {
    let mut mem = HostMem::new(cfg(3));
    let mut dev = FakeDma::default();
    dev.read(2, 0x5000_0000, 2);
    dev.write(3, 0x6000_0000, &[(1, 0xFF), (2, 0xFF)]);
    run_until(&mut dev, &mut mem, 100, |d| d.r.len() == 2 && d.b.len() == 1);
    assert!(dev.r.iter().all(|b| b.resp == AXI_RESP_DECERR && b.data == 0 && b.id == 2));
    assert!(dev.r[1].last);
    assert_eq!((dev.b[0].1, dev.b[0].2), (3, AXI_RESP_DECERR));
    assert!(!mem.is_mapped(0x6000_0000));
    assert_eq!(mem.stats().decerr, 3);
    assert_eq!(mem.stats().host_faults, 0);
}

#[test]
fn bursts_never_reorder_with_jitter() {
    let c = HostMemConfig {
        read_latency: 20,
        read_jitter: 100,
        max_outstanding_reads: 8,
        seed: 1234,
        ..Default::default()
    };
    let mut mem = HostMem::new(c);
    let base = mem.alloc(40 * 64, 64);
    let mut expect = Vec::new();
    let mut dev = FakeDma::default();
    for k in 0..40u64 {
        let beats = 1 + (k % 4) as usize;
        for i in 0..beats as u64 {
            mem.write_u64(base + k * 64 + i * 8, (k << 8) | i);
            expect.push(((k % 16) as u8, (k << 8) | i, i == beats as u64 - 1));
        }
        dev.read((k % 16) as u8, base + k * 64, beats);
    }
    run_until(&mut dev, &mut mem, 100_000, |d| d.r.len() == expect.len());
    let got: Vec<(u8, u64, bool)> = dev.r.iter().map(|b| (b.id, b.data, b.last)).collect();
    assert_eq!(got, expect);
    // Each burst's first beat is at least read_latency after its AR, and the
    // jitter really varied the latency.
    let firsts: Vec<u64> = (0..dev.r.len()).filter(|&i| i == 0 || dev.r[i - 1].last).map(|i| dev.r[i].cycle).collect();
    assert_eq!(firsts.len(), 40);
    let lats: Vec<u64> = firsts.iter().zip(&dev.ar_hs).map(|(f, (a, _))| f - a).collect();
    assert!(lats.iter().all(|&l| l >= 20));
    assert!(lats.iter().any(|&l| l != lats[0]));
}

#[test]
fn max_outstanding_reads_enforced() {
    let mut mem = HostMem::new(HostMemConfig { read_latency: 50, max_outstanding_reads: 2, ..Default::default() });
    let base = mem.alloc(64, 8);
    let mut dev = FakeDma::default();
    for k in 0..5 {
        dev.read(k, base + 8 * k as u64, 1);
    }
    run_until(&mut dev, &mut mem, 1000, |d| d.r.len() == 5);
    assert!(dev.ar_blocked > 0, "arready must have been low");
    // At each AR handshake, fewer than 2 bursts were accepted and unfinished before it.
    for &(c, _) in &dev.ar_hs {
        let accepted = dev.ar_hs.iter().filter(|(a, _)| *a < c).count();
        let finished = dev.r.iter().filter(|b| b.last && b.cycle < c).count();
        assert!(accepted - finished < 2, "AR at {c}: {accepted} accepted, {finished} finished");
    }
    assert_eq!(dev.ar_hs[0].0, 0);
    assert_eq!(dev.ar_hs[1].0, 1);
    assert!(dev.ar_hs[2].0 > 50);
}

#[test]
fn msi_captured_with_correct_lane() {
    let mut mem = HostMem::default();
    let mut dev = FakeDma::default();
    dev.write(1, 0xFEE0_0004, &[(0xAAAA_BBBB_CCCC_DDDD, 0xF0)]);
    dev.write(1, 0xFEE0_1000, &[(0x1111_2222_3333_4444, 0x0F)]);
    run_until(&mut dev, &mut mem, 100, |d| d.b.len() == 2);
    assert!(dev.b.iter().all(|b| b.2 == AXI_RESP_OKAY));
    let msis = mem.take_msis();
    assert_eq!(
        msis,
        vec![
            Msi { cycle: dev.w_hs[0], addr: 0xFEE0_0004, data: 0xAAAA_BBBB },
            Msi { cycle: dev.w_hs[1], addr: 0xFEE0_1000, data: 0x3333_4444 },
        ]
    );
    assert!(mem.take_msis().is_empty());
    assert!(!mem.is_mapped(0xFEE0_0000));
    let s = mem.stats();
    assert_eq!((s.msis, s.decerr, s.host_faults), (2, 0, 0));
}

#[test]
fn idle_next_event_and_skip() {
    let mut mem = HostMem::new(cfg(40));
    assert!(mem.idle());
    assert_eq!(mem.next_event_cycle(), None);
    let base = mem.alloc(8, 8);
    let mut dev = FakeDma::default();
    dev.read(0, base, 1);
    step(&mut dev, &mut mem); // AR accepted in cycle 0
    assert!(!mem.idle());
    assert_eq!(mem.next_event_cycle(), Some(40));
    let n = 40 - mem.now();
    mem.skip(n);
    dev.cycle += n;
    run_until(&mut dev, &mut mem, 10, |d| !d.r.is_empty());
    assert_eq!(dev.r[0].cycle, 40);
    assert!(mem.idle());
}

#[test]
fn wide_addresses_above_4g() {
    let mut mem = HostMem::new(cfg(2));
    let a = mem.alloc(16, 16);
    assert!(a >> 32 != 0);
    let mut dev = FakeDma::default();
    dev.write(0, a, &[(0xDEAD_BEEF_0BAD_F00D, 0xFF)]);
    run_until(&mut dev, &mut mem, 50, |d| !d.b.is_empty());
    dev.read(0, a, 1);
    run_until(&mut dev, &mut mem, 50, |d| !d.r.is_empty());
    assert_eq!(dev.r[0].data, 0xDEAD_BEEF_0BAD_F00D);
    assert_eq!(mem.read_u64(a), 0xDEAD_BEEF_0BAD_F00D);
}
