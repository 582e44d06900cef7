//! Proof that the lockstep checker checks, with a real planted fault.
//!
//! `Design::Fault` is rtl/nic.f verilated with `+define+NIC_FAULT_RSS_BIT`:
//! rtl/nic_rx_dma.sv then flips bit 0 of the RSS hash it puts into the RX
//! write-back (nothing else changes: the queue is still picked from the
//! unflipped hash). One IPv4/TCP frame through a minimal host (AXI-Lite
//! master, a sparse memory answering the DMA master, a MAC) must make the
//! lockstep report `m_axi_wdata` on the write-back's first beat, model and
//! RTL differing in bit 0 exactly. The same stimulus against `Design::Main`
//! must not diverge (control).
//!
//! The same host also drives the random register-write stress: legal and
//! illegal values to every register of the map, interleaved with traffic,
//! in lockstep against the main design.

use nicsim_cosim::{design, Design, Divergence, Lockstep, RtlNic};
use nicsim_hw::axil;
use nicsim_hw::desc::{RxReadDesc, RxWbDesc, DESC_BYTES};
use nicsim_hw::ports::{rx_in, Inputs, Outputs, AXI_RESP_OKAY};
use nicsim_hw::regs::*;
use nicsim_hw::rss::{hash_frame, HashType, Toeplitz, DEFAULT_KEY};
use nicsim_hw::Device;
use nicsim_model::NicConfig;
use std::collections::{HashMap, VecDeque};

const RING: u64 = 0x10_0000;
const RING_LEN: u32 = 8;
const BUF: u64 = 0x20_0000;
const READ_LATENCY: u64 = 20;

/// One W beat the host accepted: (cycle, address, data, strobes).
type WBeat = (u64, u64, u64, u8);

/// A minimal host around any [`Device`] (model, RTL or lockstep), as
/// model/src/tests.rs's harness: registers over AXI-Lite, a sparse memory
/// answering the DMA master (reads after READ_LATENCY cycles, writes always
/// ready, B one cycle later), and a MAC that puts queued beats on the wire.
struct Host<D: Device> {
    dev: D,
    /// Edges so far: the outputs seen in `step` are those of cycle `cycle`.
    cycle: u64,
    mem: HashMap<u64, u8>,
    /// Pending reads: (ready cycle, id, addr, beats).
    reads: VecDeque<(u64, u8, u64, u32)>,
    r_beat: u32,
    /// Write burst in progress: (addr, beats left).
    w_cur: Option<(u64, u32)>,
    b_pending: u32,
    /// Beats to send: (tdata, tkeep, tlast).
    wire: VecDeque<(u64, u8, bool)>,
    /// Cycle whose inputs carried the last tlast.
    last_tlast: Option<u64>,
    w_beats: Vec<WBeat>,
    in_strobes: Vec<u8>,
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
    fn new(dev: D) -> Self {
        Host {
            dev,
            cycle: 0,
            mem: HashMap::new(),
            reads: VecDeque::new(),
            r_beat: 0,
            w_cur: None,
            b_pending: 0,
            wire: VecDeque::new(),
            last_tlast: None,
            w_beats: Vec::new(),
            in_strobes: Vec::new(),
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

    /// One edge: `i` carries the AXI-Lite inputs; the host fills in the rest.
    fn step(&mut self, mut i: Inputs) -> Outputs {
        let o = *self.dev.outputs();
        i.m_axi_awready = self.w_cur.is_none();
        i.m_axi_wready = self.w_cur.is_some();
        i.m_axi_bvalid = self.b_pending > 0;
        i.m_axi_arready = self.reads.len() < 8;
        if let Some(&(t, id, addr, beats)) = self.reads.front() {
            if self.cycle >= t {
                i.m_axi_rvalid = true;
                i.m_axi_rid = id;
                i.m_axi_rdata = self.mem_u64(addr + 8 * self.r_beat as u64);
                i.m_axi_rlast = self.r_beat + 1 == beats;
            }
        }
        if let Some((data, keep, last)) = self.wire.pop_front() {
            i.s_axis_rx_tvalid = true;
            i.s_axis_rx_tdata = data;
            i.s_axis_rx_tkeep = keep;
            i.s_axis_rx_tlast = last;
            if last {
                self.last_tlast = Some(self.cycle);
            }
        }
        // Handshakes of this cycle.
        if o.m_axi_awvalid && i.m_axi_awready {
            self.w_cur = Some((o.m_axi_awaddr, o.m_axi_awlen as u32 + 1));
        }
        if o.m_axi_wvalid && i.m_axi_wready {
            let (a, left) = self.w_cur.unwrap();
            self.w_beats.push((self.cycle, a, o.m_axi_wdata, o.m_axi_wstrb));
            for b in 0..8 {
                if o.m_axi_wstrb & (1 << b) != 0 {
                    self.mem.insert((a & !7) + b, (o.m_axi_wdata >> (8 * b)) as u8);
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
        let n = *self.dev.tick(&i);
        self.cycle += 1;
        if n.stat_rx_in_valid {
            self.in_strobes.push(n.stat_rx_in_code);
        }
        n
    }

    fn write(&mut self, addr: u32, data: u32) {
        assert_eq!(self.write_resp(addr, data), AXI_RESP_OKAY, "write {addr:#x}");
    }

    /// AXI-Lite write; returns bresp (DECERR for an unmapped address).
    fn write_resp(&mut self, addr: u32, data: u32) -> u8 {
        axil::write(self, addr, data)
    }

    /// AXI-Lite read; returns (rdata, rresp).
    fn read_resp(&mut self, addr: u32) -> (u32, u8) {
        axil::read(self, addr)
    }

    /// Queue 0: a ring of RING_LEN descriptors, all given to the NIC, 2 KiB
    /// buffers; RX on. RSS stays at its reset state: enabled for every type,
    /// the Microsoft key, RETA all queue 0.
    fn setup_rx(&mut self) {
        for k in 0..RING_LEN as u64 {
            let d = RxReadDesc { buf_addr: BUF + k * 2048 }.to_bytes();
            self.mem_write(RING + 16 * k, &d);
        }
        self.write(rxq_reg(0, rxq::RDBAL), RING as u32);
        self.write(rxq_reg(0, rxq::RDLEN), RING_LEN);
        self.write(rxq_reg(0, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
        self.write(rxq_reg(0, rxq::RDT), RING_LEN - 1);
        self.write(CTRL, ctrl::RX_EN.val(1));
    }

    /// Queue `frame` on the wire, back to back from the next cycle on.
    fn send(&mut self, frame: &[u8]) {
        let chunks: Vec<&[u8]> = frame.chunks(8).collect();
        for (k, c) in chunks.iter().enumerate() {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            let keep = ((1u16 << c.len()) - 1) as u8;
            self.wire.push_back((u64::from_le_bytes(b), keep, k + 1 == chunks.len()));
        }
    }

    fn idle(&mut self, n: u64) {
        for _ in 0..n {
            self.step(Inputs::default());
        }
    }

    fn run_until_quiet(&mut self, max: u64) {
        for _ in 0..max {
            if self.wire.is_empty() && self.dev.quiescent() && self.b_pending == 0 && self.reads.is_empty() {
                return;
            }
            self.step(Inputs::default());
        }
        panic!("not quiescent after {max} cycles");
    }

    /// The write-back descriptor `k` of the ring, as the host memory holds it.
    fn wb(&self, k: u64) -> RxWbDesc {
        let mut b = [0u8; DESC_BYTES];
        for (i, x) in b.iter_mut().enumerate() {
            *x = *self.mem.get(&(RING + 16 * k + i as u64)).unwrap_or(&0);
        }
        RxWbDesc::from_bytes(&b)
    }
}

/// Ethernet / IPv4 / TCP, 10.0.0.1:1234 -> 10.0.0.2:80, 70 bytes (last beat
/// partial).
fn tcp_frame() -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]);
    let payload = 16u16;
    let ip_len = 20 + 20 + payload;
    f.extend_from_slice(&[0x45, 0, (ip_len >> 8) as u8, ip_len as u8, 0, 1, 0x40, 0, 64, 6, 0, 0]);
    f.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
    f.extend_from_slice(&[0x04, 0xD2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]);
    f.extend((0..payload).map(|k| k as u8));
    assert_eq!(f.len(), 70);
    f
}

/// The model's (RSS type, hash) of the frame with the reset RSS_CTRL and key.
fn expected_hash(frame: &[u8]) -> (HashType, u32) {
    hash_frame(&Toeplitz::new(&DEFAULT_KEY), rss_ctrl::RESET as u8, frame)
}

/// The stimulus: program queue 0, wait for the descriptor prefetch, send
/// one frame, run until everything is idle.
fn run<D: Device>(dev: D) -> Host<D> {
    let mut h = Host::new(dev);
    h.setup_rx();
    h.idle(READ_LATENCY + 20); // descriptors fetched
    h.send(&tcp_frame());
    h.run_until_quiet(2000);
    h
}

/// The write-back's first beat (the hash lane, bits 31:0, and the type at
/// 39:32) as the host saw it: (cycle, data).
fn wb_first_beat(h: &Host<impl Device>) -> (u64, u64) {
    let beats: Vec<&WBeat> = h.w_beats.iter().filter(|b| b.1 == RING).collect();
    assert_eq!(beats.len(), 1, "one write-back of descriptor 0, one beat at its address: {beats:x?}");
    (beats[0].0, beats[0].2)
}

/// Latest cycle (after the frame's last beat) at which the write-back's first
/// beat can be on the W channel for a frame of `len` bytes, with descriptors
/// already cached and a slave that is always ready: the model's ingress
/// pipeline (tlast edge -> stage 0 -> stage 1 -> frame FIFO: 3 edges), the
/// DMA claims the frame (1), the data burst's AW (1) and its ceil(len/8) W
/// beats, the write-back's AW (1) and its first W beat (1); a margin of 8.
fn wb_bound(len: usize) -> u64 {
    3 + 1 + 1 + len.div_ceil(8) as u64 + 1 + 1 + 8
}

fn fault_built() -> bool {
    // The `fault` feature is on (required by this test): the design is built
    // unless there is no NIC to plant the fault in.
    const { assert!(design::FAULT_BUILT || design::MAIN_IS_STUB) };
    if !design::FAULT_BUILT {
        eprintln!("skipped: the main design is the stub ({}), no fault design", design::MAIN_FILE_LIST);
        return false;
    }
    true
}

fn lockstep(d: Design) -> Lockstep {
    Lockstep::with_design(NicConfig::default(), d).unwrap()
}

#[test]
fn the_frame_has_a_tcp_hash_with_a_nonzero_value() {
    let (ty, hash) = expected_hash(&tcp_frame());
    assert_eq!(ty, HashType::Ipv4Tcp);
    assert_ne!(hash, 0);
}

#[test]
fn fault_design_is_built_and_exposed() {
    if !fault_built() {
        return;
    }
    assert!(!Design::Fault.is_stub());
    assert!(!Design::Fault.traced());
    assert_eq!(design::FAULT_DEFINE, "+define+NIC_FAULT_RSS_BIT");
    assert_eq!(Design::Fault.ports(), Design::Main.ports());
    let rtl = RtlNic::with_design(Design::Fault).unwrap();
    assert_eq!(rtl.design(), Design::Fault);
    let mut rtl = rtl;
    assert!(rtl.trace_to(std::env::temp_dir().join("nicsim-fault-untraced.fst")).is_err());
}

/// The fault is in the RTL, not in the checker: run alone, the fault design
/// writes the hash back with bit 0 flipped, the main design writes it as the
/// model does.
#[test]
fn rtl_alone_writes_back_the_flipped_hash() {
    if !fault_built() {
        return;
    }
    let (ty, hash) = expected_hash(&tcp_frame());
    let model = run(nicsim_model::Nic::new(NicConfig::default()).unwrap());
    let main = run(RtlNic::with_design(Design::Main).unwrap());
    let fault = run(RtlNic::with_design(Design::Fault).unwrap());
    for h in [&model.in_strobes, &main.in_strobes, &fault.in_strobes] {
        assert_eq!(h, &vec![rx_in::ACCEPTED]);
    }
    for (name, wb, want) in [("model", model.wb(0), hash), ("main", main.wb(0), hash), ("fault", fault.wb(0), hash ^ 1)]
    {
        assert!(wb.dd() && wb.eop() && wb.len == 70, "{name}: {wb:?}");
        assert_eq!(wb.hash_type_raw, ty.code(), "{name}");
        assert_eq!(wb.rss_hash, want, "{name}: rss_hash {:#010x}, want {want:#010x}", wb.rss_hash);
    }
    // The frame data is the same everywhere.
    for k in 0..9 {
        let a = BUF + 8 * k;
        assert_eq!(main.mem_u64(a), model.mem_u64(a));
        assert_eq!(fault.mem_u64(a), model.mem_u64(a));
    }
}

#[test]
fn lockstep_catches_the_flipped_rss_bit() {
    if !fault_built() {
        return;
    }
    let frame = tcp_frame();
    let (ty, hash) = expected_hash(&frame);
    let l = lockstep(Design::Fault);
    let probe = l.probe();
    let h = run(l);
    let d: Divergence = probe.divergence().expect("the lockstep must catch the planted fault");
    eprintln!("fault design: {d}");

    // The signal: the W data of the write-back's first beat, and nothing else.
    assert_eq!(d.signal, "m_axi_wdata", "{d}");
    assert_eq!(d.all.len(), 1, "only m_axi_wdata differs: {d}");
    // The value: the model's beat carries hash (31:0) and type (39:32); the
    // RTL's differs in bit 0 of the hash lane only.
    let want = (ty.code() as u64) << 32 | hash as u64;
    assert_eq!(d.model, want, "model wdata {:#018x}, want {want:#018x}", d.model);
    assert_eq!(d.model ^ d.rtl, 1, "model {:#018x} rtl {:#018x}", d.model, d.rtl);
    assert_eq!(d.rtl, want ^ 1);

    // The cycle: exactly the cycle the write-back's first beat is on the W
    // channel (the lockstep presents the model's outputs, so the host saw
    // the model's beat there), within the computed bound after the frame's
    // last beat.
    let (wb_cycle, wb_data) = wb_first_beat(&h);
    assert_eq!(wb_data, want, "the host got the model's beat");
    assert_eq!(d.cycle, wb_cycle, "{d}");
    let tlast = h.last_tlast.unwrap();
    let after = d.cycle - tlast;
    let bound = wb_bound(frame.len());
    assert!(after <= bound, "divergence {after} cycles after the last beat (cycle {tlast}), bound {bound}");
    eprintln!("frame's last beat at cycle {tlast}; divergence at cycle {} = tlast + {after} (bound {bound})", d.cycle);
    // The edge into that cycle is the write-back's AW handshake (the host
    // was ready for the address, not yet for data).
    let i = d.inputs.unwrap();
    assert!(i.m_axi_awready && !i.m_axi_wready, "{i:?}");
    assert_eq!(d.compared, d.cycle, "every cycle before was compared and agreed");
    // The run goes on as the model alone: the host memory holds the model's write-back.
    assert_eq!(h.wb(0).rss_hash, hash);
    let text = d.to_string();
    assert!(
        text.contains(&format!("cycle {}", d.cycle))
            && text.contains("m_axi_wdata")
            && text.contains(&format!("{:#018x}", d.rtl)),
        "{text}"
    );
}

#[test]
fn the_same_stimulus_on_the_main_design_does_not_diverge() {
    if !fault_built() {
        return;
    }
    let l = lockstep(Design::Main);
    let probe = l.probe();
    let h = run(l);
    assert_eq!(probe.divergence(), None, "{}", probe.divergence().map(|d| d.to_string()).unwrap_or_default());
    assert_eq!(h.in_strobes, vec![rx_in::ACCEPTED]);
    let (ty, hash) = expected_hash(&tcp_frame());
    assert_eq!(h.wb(0).rss_hash, hash);
    assert_eq!(h.wb(0).hash_type_raw, ty.code());
    let (wb_cycle, _) = wb_first_beat(&h);
    assert!(probe.compared_cycles() > wb_cycle, "compared past the write-back");
}

/// xorshift64*: the stress's own seeded randomness.
fn rnd(x: &mut u64) -> u64 {
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// Random register writes (legal and illegal values, every register of the
/// map plus unmapped offsets, soft resets included) and reads, interleaved
/// with frames, must keep model and RTL identical on every cycle.
#[test]
fn random_register_writes_with_traffic_do_not_diverge() {
    if design::MAIN_IS_STUB {
        eprintln!("skipped: the main design is the stub ({})", design::MAIN_FILE_LIST);
        return;
    }
    for seed in 1..=3u64 {
        let l = lockstep(Design::Main);
        let probe = l.probe();
        let mut h = Host::new(l);
        h.setup_rx();
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let (mut writes, mut illegal, mut decerr) = (0, 0, 0);
        for _ in 0..400 {
            let r = rnd(&mut x);
            let (addr, reset) = if r.is_multiple_of(16) {
                // Holes in the map and blocks this build has (all 16 queues).
                ((rnd(&mut x) as u32 % 0x10000) & !3, 0)
            } else {
                let reg = &ALL[(r >> 8) as usize % ALL.len()];
                (reg.addr, reg.reset)
            };
            // Soft reset only now and then, so traffic gets through in between.
            let v = match rnd(&mut x) % 4 {
                0 => reset,
                1 => rnd(&mut x) as u32,
                2 => (rnd(&mut x) % 40) as u32,
                _ => reset ^ (1 << (rnd(&mut x) % 32)),
            };
            let v = if addr == CTRL && !rnd(&mut x).is_multiple_of(8) { v & !ctrl::RST.mask() } else { v };
            if !nicsim_model::reg_legal(16, addr, v) {
                illegal += 1;
            }
            if h.write_resp(addr, v) != AXI_RESP_OKAY {
                decerr += 1;
            }
            writes += 1;
            if rnd(&mut x).is_multiple_of(3) {
                let a = ALL[rnd(&mut x) as usize % ALL.len()].addr;
                h.read_resp(a);
            }
            if rnd(&mut x).is_multiple_of(3) {
                // Vary ports and addresses so RSS spreads the frames.
                let mut f = tcp_frame();
                f[29] = rnd(&mut x) as u8;
                f[35] = rnd(&mut x) as u8;
                h.send(&f);
            }
            h.idle(rnd(&mut x) % 64);
            if let Some(d) = probe.divergence() {
                panic!("seed {seed}: {d}");
            }
        }
        h.idle(20_000);
        assert_eq!(
            probe.divergence(),
            None,
            "seed {seed}: {}",
            probe.divergence().map(|d| d.to_string()).unwrap_or_default()
        );
        assert!(illegal >= 3 && decerr >= 5, "seed {seed}: stress too tame ({illegal} illegal, {decerr} DECERR)");
        assert!(probe.compared_cycles() > 20_000);
        println!(
            "seed {seed}: {writes} writes ({illegal} illegal, {decerr} unmapped), {} cycles compared, {} frames seen",
            probe.compared_cycles(),
            h.in_strobes.len()
        );
    }
}
