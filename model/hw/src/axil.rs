//! A port-level AXI4-Lite master for one transaction at a time, shared by
//! the test harnesses that drive a [`crate::Device`] cycle by cycle (the
//! testbench's pipelined master is `nicsim_testbench::bfm::axil`).
//!
//! The harness says how to see the device's outputs and how to run one
//! cycle with given AXI-Lite inputs (adding whatever else it drives: DMA
//! answers, MAC traffic); the handshake lives here once.

use crate::ports::{Inputs, Outputs};

/// What a harness must offer to run AXI-Lite transactions.
pub trait AxilPort {
    /// The device's outputs this cycle.
    fn axil_outputs(&self) -> Outputs;
    /// One cycle with these AXI-Lite inputs (the harness fills in the rest).
    fn axil_cycle(&mut self, i: Inputs);
}

/// Cycles a transaction may take before the device is declared stuck.
const TIMEOUT: u32 = 20;

/// Write `data` to `addr` (all byte lanes); returns `bresp`.
/// Panics (a test failure) if no response comes within 20 cycles.
pub fn write(h: &mut impl AxilPort, addr: u32, data: u32) -> u8 {
    let (mut awvalid, mut wvalid) = (true, true);
    for _ in 0..TIMEOUT {
        let o = h.axil_outputs();
        if o.s_axil_bvalid {
            h.axil_cycle(Inputs { s_axil_bready: true, ..Default::default() });
            return o.s_axil_bresp;
        }
        h.axil_cycle(Inputs {
            s_axil_awaddr: addr,
            s_axil_awvalid: awvalid,
            s_axil_wdata: data,
            s_axil_wstrb: 0xF,
            s_axil_wvalid: wvalid,
            s_axil_bready: true,
            ..Default::default()
        });
        awvalid &= !o.s_axil_awready;
        wvalid &= !o.s_axil_wready;
    }
    panic!("AXI-Lite write to {addr:#x} got no response");
}

/// Read `addr`; returns (`rdata`, `rresp`).
/// Panics (a test failure) if no response comes within 20 cycles.
pub fn read(h: &mut impl AxilPort, addr: u32) -> (u32, u8) {
    let mut arvalid = true;
    for _ in 0..TIMEOUT {
        let o = h.axil_outputs();
        if o.s_axil_rvalid {
            h.axil_cycle(Inputs { s_axil_rready: true, ..Default::default() });
            return (o.s_axil_rdata, o.s_axil_rresp);
        }
        h.axil_cycle(Inputs {
            s_axil_araddr: addr,
            s_axil_arvalid: arvalid,
            s_axil_rready: true,
            ..Default::default()
        });
        arvalid &= !o.s_axil_arready;
    }
    panic!("AXI-Lite read of {addr:#x} got no response");
}
