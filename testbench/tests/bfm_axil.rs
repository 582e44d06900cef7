//! AxilMaster against a fake register slave with registered outputs.

use std::collections::HashMap;

use nicsim_hw::ports::{Inputs, Outputs, AXI_RESP_OKAY, AXI_RESP_SLVERR};
use nicsim_testbench::bfm::{AxilConfig, AxilMaster};

const BAD: u32 = 0xBAD0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    Aw(u32),
    W(u32),
    B,
    Ar(u32),
    R(u32),
}

/// Register file slave. wready is only offered every third cycle so AW and W
/// handshake in different cycles; R comes `r_delay` cycles after AR.
struct FakeRegs {
    outs: Outputs,
    cycle: u64,
    regs: HashMap<u32, u32>,
    aw: Option<u32>,
    w: Option<u32>,
    b_pending: Option<u8>,
    r_at: Option<(u64, u32, u8)>,
    r_delay: u64,
    log: Vec<(u64, Ev)>,
    /// First cycle each of awvalid / arvalid was seen high, per op.
    valid_seen: Vec<u64>,
    prev_valid: bool,
}

impl FakeRegs {
    fn new(r_delay: u64) -> Self {
        let mut s = FakeRegs {
            outs: Outputs::default(),
            cycle: 0,
            regs: HashMap::new(),
            aw: None,
            w: None,
            b_pending: None,
            r_at: None,
            r_delay,
            log: Vec::new(),
            valid_seen: Vec::new(),
            prev_valid: false,
        };
        s.recompute();
        s
    }

    fn recompute(&mut self) {
        let mut n = Outputs {
            s_axil_awready: self.aw.is_none() && self.b_pending.is_none(),
            s_axil_wready: self.w.is_none() && self.b_pending.is_none() && self.cycle.is_multiple_of(3),
            s_axil_arready: self.r_at.is_none(),
            ..Default::default()
        };
        if let Some(resp) = self.b_pending {
            n.s_axil_bvalid = true;
            n.s_axil_bresp = resp;
        }
        if let Some((at, data, resp)) = self.r_at {
            if self.cycle >= at {
                n.s_axil_rvalid = true;
                n.s_axil_rdata = data;
                n.s_axil_rresp = resp;
            }
        }
        self.outs = n;
    }

    fn tick(&mut self, ins: &Inputs) {
        let o = self.outs;
        let c = self.cycle;
        let v = ins.s_axil_awvalid || ins.s_axil_arvalid;
        if v && !self.prev_valid {
            self.valid_seen.push(c);
        }
        self.prev_valid = v;
        if ins.s_axil_awvalid && o.s_axil_awready {
            self.aw = Some(ins.s_axil_awaddr);
            self.log.push((c, Ev::Aw(ins.s_axil_awaddr)));
        }
        if ins.s_axil_wvalid && o.s_axil_wready {
            assert_eq!(ins.s_axil_wstrb, 0xF);
            self.w = Some(ins.s_axil_wdata);
            self.log.push((c, Ev::W(ins.s_axil_wdata)));
        }
        if ins.s_axil_bready && o.s_axil_bvalid {
            self.b_pending = None;
            self.log.push((c, Ev::B));
        }
        if let (Some(a), Some(d)) = (self.aw, self.w) {
            self.aw = None;
            self.w = None;
            self.b_pending = Some(if a == BAD { AXI_RESP_SLVERR } else { AXI_RESP_OKAY });
            self.regs.insert(a, d);
        }
        if ins.s_axil_rready && o.s_axil_rvalid {
            self.log.push((c, Ev::R(o.s_axil_rdata)));
            self.r_at = None;
        }
        if ins.s_axil_arvalid && o.s_axil_arready {
            let a = ins.s_axil_araddr;
            self.log.push((c, Ev::Ar(a)));
            let resp = if a == BAD { AXI_RESP_SLVERR } else { AXI_RESP_OKAY };
            self.r_at = Some((c + 1 + self.r_delay, *self.regs.get(&a).unwrap_or(&0), resp));
        }
        self.cycle += 1;
        self.recompute();
    }
}

fn step(m: &mut AxilMaster, s: &mut FakeRegs) {
    let outs = s.outs;
    let mut ins = Inputs::default();
    m.drive(&mut ins);
    m.edge(&outs, &ins);
    s.tick(&ins);
    assert_eq!(m.now(), s.cycle);
}

fn run_idle(m: &mut AxilMaster, s: &mut FakeRegs, max: u64) {
    for _ in 0..max {
        if !m.busy() {
            return;
        }
        step(m, s);
    }
    panic!("still busy after {max} cycles");
}

#[test]
fn default_latency() {
    assert_eq!(AxilConfig::default().mmio_latency_cycles, 100);
}

#[test]
fn write_then_read_round_trip_with_latency() {
    let mut m = AxilMaster::default();
    let mut s = FakeRegs::new(2);
    m.write(0x10, 0xDEAD_BEEF, 0);
    let t = m.read(0x10, 0);
    assert!(m.busy());
    assert_eq!(m.pending_writes(), 1);
    assert_eq!(m.next_event_cycle(), Some(100));
    let mut r_hs = None;
    while m.completed_read(t).is_none() {
        step(&mut m, &mut s);
        if r_hs.is_none() {
            r_hs = s.log.iter().find(|e| matches!(e.1, Ev::R(_))).map(|e| e.0);
        }
        assert!(m.now() < 10_000);
    }
    // The write reached the bus exactly one latency after it was posted.
    assert_eq!(s.valid_seen[0], 100);
    assert_eq!(m.pending_writes(), 0);
    // The read's AR followed the write's B; the data reached the host one latency after R.
    let b = s.log.iter().find(|e| e.1 == Ev::B).unwrap().0;
    let ar = s.log.iter().find(|e| matches!(e.1, Ev::Ar(_))).unwrap().0;
    assert!(ar > b);
    assert_eq!(s.valid_seen[1], b + 1);
    assert_eq!(m.read_available_at(t), Some(r_hs.unwrap() + 100));
    assert_eq!(m.now(), r_hs.unwrap() + 100);
    assert_eq!(m.take_read_result(t), Some(0xDEAD_BEEF));
    assert_eq!(m.take_read_result(t), None);
    assert!(!m.busy());
    let st = m.stats();
    assert_eq!((st.writes, st.reads, st.bresp_errors, st.rresp_errors), (1, 1, 0, 0));
}

#[test]
fn aw_and_w_handshake_in_different_cycles() {
    let mut m = AxilMaster::new(AxilConfig { mmio_latency_cycles: 1 });
    let mut s = FakeRegs::new(0);
    m.write(0x20, 7, 0);
    run_idle(&mut m, &mut s, 100);
    let aw = s.log.iter().find(|e| matches!(e.1, Ev::Aw(_))).unwrap().0;
    let w = s.log.iter().find(|e| matches!(e.1, Ev::W(_))).unwrap().0;
    assert_eq!(aw, 1);
    assert_eq!(w, 3, "wready only every third cycle");
    assert_eq!(s.regs[&0x20], 7);
}

#[test]
fn fifo_order_one_op_at_a_time() {
    let mut m = AxilMaster::new(AxilConfig { mmio_latency_cycles: 10 });
    let mut s = FakeRegs::new(3);
    m.write(0x4, 1, 0);
    let t1 = m.read(0x4, 0);
    m.write(0x4, 2, 0);
    let t2 = m.read(0x4, 0);
    let t3 = m.read(0x8, 0);
    assert_eq!(m.pending_ops(), 5);
    run_idle(&mut m, &mut s, 1000);
    assert_eq!(m.take_read_result(t1), Some(1));
    assert_eq!(m.take_read_result(t2), Some(2));
    assert_eq!(m.take_read_result(t3), Some(0));
    let evs: Vec<Ev> = s.log.iter().map(|e| e.1).collect();
    assert_eq!(
        evs,
        vec![
            Ev::Aw(4),
            Ev::W(1),
            Ev::B,
            Ev::Ar(4),
            Ev::R(1),
            Ev::Aw(4),
            Ev::W(2),
            Ev::B,
            Ev::Ar(4),
            Ev::R(2),
            Ev::Ar(8),
            Ev::R(0)
        ]
    );
    // Each op's first valid comes after the previous op finished.
    let ends: Vec<u64> = s.log.iter().filter(|e| matches!(e.1, Ev::B | Ev::R(_))).map(|e| e.0).collect();
    assert_eq!(s.valid_seen.len(), 5);
    for i in 1..5 {
        assert_eq!(s.valid_seen[i], ends[i - 1] + 1);
    }
}

#[test]
fn not_before_respected() {
    let mut m = AxilMaster::new(AxilConfig { mmio_latency_cycles: 100 });
    let mut s = FakeRegs::new(0);
    m.write(0x4, 1, 500);
    assert_eq!(m.next_event_cycle(), Some(600));
    m.skip(600);
    s.cycle = 600;
    s.recompute();
    run_idle(&mut m, &mut s, 100);
    assert_eq!(s.valid_seen[0], 600);
    // A read queued later with an early not_before still waits for latency from now.
    let now = m.now();
    let t = m.read(0x4, now);
    run_idle(&mut m, &mut s, 1000);
    assert_eq!(s.valid_seen[1], now + 100);
    assert_eq!(m.completed_read(t), Some(1));
}

#[test]
fn error_responses_counted() {
    let mut m = AxilMaster::new(AxilConfig { mmio_latency_cycles: 0 });
    let mut s = FakeRegs::new(0);
    m.write(BAD, 1, 0);
    let t = m.read(BAD, 0);
    run_idle(&mut m, &mut s, 100);
    let st = m.stats();
    assert_eq!((st.bresp_errors, st.rresp_errors), (1, 1));
    assert_eq!(m.take_read_result(t), Some(1));
}
