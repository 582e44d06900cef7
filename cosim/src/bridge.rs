//! The one C++ crossing: `In`/`Out` mirror `nicsim_hw::ports::{Inputs, Outputs}`
//! field for field (plus `stat_idle`). build.rs reads this file to generate
//! the C++ port copies, checking every field against the Verilated ports.
//! Keep one field per line, `name: type,`.

#[cxx::bridge(namespace = "nicsim")]
pub(crate) mod ffi {
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    struct In {
        s_axil_awaddr: u32,
        s_axil_awvalid: bool,
        s_axil_wdata: u32,
        s_axil_wstrb: u8,
        s_axil_wvalid: bool,
        s_axil_bready: bool,
        s_axil_araddr: u32,
        s_axil_arvalid: bool,
        s_axil_rready: bool,
        m_axi_awready: bool,
        m_axi_wready: bool,
        m_axi_bid: u8,
        m_axi_bresp: u8,
        m_axi_bvalid: bool,
        m_axi_arready: bool,
        m_axi_rid: u8,
        m_axi_rdata: u64,
        m_axi_rresp: u8,
        m_axi_rlast: bool,
        m_axi_rvalid: bool,
        s_axis_rx_tdata: u64,
        s_axis_rx_tkeep: u8,
        s_axis_rx_tvalid: bool,
        s_axis_rx_tlast: bool,
        s_axis_rx_tuser: bool,
        m_axis_tx_tready: bool,
    }

    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    struct Out {
        s_axil_awready: bool,
        s_axil_wready: bool,
        s_axil_bresp: u8,
        s_axil_bvalid: bool,
        s_axil_arready: bool,
        s_axil_rdata: u32,
        s_axil_rresp: u8,
        s_axil_rvalid: bool,
        m_axi_awid: u8,
        m_axi_awaddr: u64,
        m_axi_awlen: u8,
        m_axi_awsize: u8,
        m_axi_awburst: u8,
        m_axi_awvalid: bool,
        m_axi_wdata: u64,
        m_axi_wstrb: u8,
        m_axi_wlast: bool,
        m_axi_wvalid: bool,
        m_axi_bready: bool,
        m_axi_arid: u8,
        m_axi_araddr: u64,
        m_axi_arlen: u8,
        m_axi_arsize: u8,
        m_axi_arburst: u8,
        m_axi_arvalid: bool,
        m_axi_rready: bool,
        m_axis_tx_tdata: u64,
        m_axis_tx_tkeep: u8,
        m_axis_tx_tvalid: bool,
        m_axis_tx_tlast: bool,
        m_axis_tx_tuser: bool,
        stat_rx_in_valid: bool,
        stat_rx_in_code: u8,
        stat_rx_out_valid: bool,
        stat_rx_out_no_desc: bool,
        stat_rx_out_queue: u8,
        stat_idle: bool,
    }

    unsafe extern "C++" {
        include!("nicsim-cosim/csrc/rtl_sim.h");

        /// A Verilated `nic_top` with its context and (optional) FST trace.
        type RtlSim;

        /// Construct design `design` (0 main, 1 stub, 2 fault, 3 small, 4 cov), hold `rst` high for
        /// `reset_cycles` rising edges with all inputs 0, release it and
        /// write the outputs of cycle 0 to `out`.
        fn new_rtl_sim(design: u32, reset_cycles: u32, out: &mut Out) -> Result<UniquePtr<RtlSim>>;
        /// One rising edge with `i` sampled; `out` gets the next cycle's outputs.
        /// `cycle` is the cycle being left (for trace timestamps only).
        fn tick(self: Pin<&mut RtlSim>, cycle: u64, i: &In, out: &mut Out) -> Result<()>;
        /// Open an FST at `path` and dump the current state as cycle `cycle`.
        fn trace_open(self: Pin<&mut RtlSim>, path: &str, cycle: u64) -> Result<()>;
        /// Flush and close the FST (no-op when not tracing).
        fn trace_close(self: Pin<&mut RtlSim>) -> Result<()>;
        fn tracing(self: &RtlSim) -> bool;
        /// Write the coverage counters to `path` (coverage.dat format; empty
        /// for a design without --coverage).
        fn coverage_write(self: Pin<&mut RtlSim>, path: &str) -> Result<()>;
    }
}

// Safety: an RtlSim owns its VerilatedContext and model exclusively, and every
// method takes &mut (or reads plain fields); nothing in it is tied to the
// thread that created it (the glue sets Verilated's thread-local context
// pointer on every call).
unsafe impl Send for ffi::RtlSim {}
