//! Smoke tests of the main design (rtl/nic.f). They hold for the real NIC;
//! while the build falls back to the stub (no rtl/nic.f yet) the parts the
//! stub cannot do are skipped, with a note.

use nicsim_cosim::{design, Design, Lockstep, RtlNic, COVERAGE_ENV};
use nicsim_hw::axil;
use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_hw::regs::{caps, id, version, CAPS, ID, VERSION};
use nicsim_hw::Device;
use nicsim_model::{Nic, NicConfig};

struct Port<'a>(&'a mut dyn Device);

impl axil::AxilPort for Port<'_> {
    fn axil_outputs(&self) -> Outputs {
        *self.0.outputs()
    }
    fn axil_cycle(&mut self, i: Inputs) {
        self.0.tick(&i);
    }
}

fn read(dev: &mut dyn Device, addr: u32) -> (u32, u8) {
    axil::read(&mut Port(dev), addr)
}

#[test]
fn main_design_comes_out_of_reset_as_the_model() {
    let rtl = RtlNic::new().unwrap();
    let m = Nic::new(NicConfig::default()).unwrap();
    // Under `make coverage` the instrumented build stands in for the main design.
    let want = if std::env::var_os(COVERAGE_ENV).is_some_and(|d| !d.is_empty()) { Design::Cov } else { Design::Main };
    assert_eq!(rtl.design(), want);
    assert_eq!(rtl.queues(), design::RX_QUEUES);
    assert_eq!(rtl.outputs(), m.outputs(), "cycle 0 (first cycle after reset)");
    assert_eq!(rtl.quiescent(), m.quiescent());
}

#[test]
fn main_design_reads_id() {
    let mut rtl = RtlNic::new().unwrap();
    assert_eq!(read(&mut rtl, ID), (id::RESET, 0));
}

#[test]
fn main_design_lockstep_on_identity_registers() {
    if design::MAIN_IS_STUB {
        eprintln!("skipped: the main design is the stub ({})", design::MAIN_FILE_LIST);
        return;
    }
    let mut l = Lockstep::new(NicConfig::default()).unwrap();
    assert_eq!(read(&mut l, ID).0, id::RESET);
    assert_eq!(read(&mut l, VERSION).0, version::RESET);
    let c = read(&mut l, CAPS).0;
    assert_eq!(caps::RXQ.get(c) as usize, design::RX_QUEUES);
    for _ in 0..100 {
        l.tick(&Inputs::default());
    }
    assert_eq!(l.divergence(), None, "{}", l.divergence().map(|d| d.to_string()).unwrap_or_default());
}

#[test]
fn main_design_traces_unless_built_without() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let p = dir.join("main_design.fst");
    let mut rtl = RtlNic::new().unwrap();
    let r = rtl.trace_to(&p);
    if !Design::Main.traced() {
        assert!(r.unwrap_err().to_string().contains("NICSIM_COSIM_TRACE=0"));
        return;
    }
    r.unwrap();
    read(&mut rtl, ID);
    rtl.trace_stop();
    assert!(std::fs::metadata(&p).unwrap().len() > 330);
}

#[test]
fn main_design_lockstep_with_trace() {
    if !Design::Main.traced() {
        return;
    }
    let p = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("main_lockstep.fst");
    let mut l = Lockstep::new_with_trace(NicConfig::default(), &p, 10).unwrap();
    for _ in 0..9 {
        l.tick(&Inputs::default());
    }
    assert!(!l.rtl().tracing(), "not before cycle 10");
    read(&mut l, ID);
    assert!(l.rtl().tracing());
    drop(l); // closes the FST
    let b = std::fs::read(&p).unwrap();
    assert!(b.len() > 330 && b[0] == 0);
    assert_eq!(u64::from_be_bytes(b[9..17].try_into().unwrap()), 10 * nicsim_cosim::PS_PER_CYCLE);
}
