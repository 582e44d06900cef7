//! The ports of `nic_top`, one field per RTL port, same names and widths
//! (widths rounded up to the next Rust integer). DMA data width is 64 bits.
//!
//! All outputs are registered: they are a function of device state only,
//! never of the same cycle's inputs. This lets the testbench compute its
//! inputs from the device's outputs without a combinational loop, and lets
//! lockstep compare outputs cycle by cycle.

/// AXI burst type INCR.
pub const AXI_BURST_INCR: u8 = 1;
/// AXI response codes.
pub const AXI_RESP_OKAY: u8 = 0;
pub const AXI_RESP_SLVERR: u8 = 2;
pub const AXI_RESP_DECERR: u8 = 3;

/// `stat_rx_in_code`: what the ingress (MAC FIFO) stage did with a frame.
pub mod rx_in {
    pub const ACCEPTED: u8 = 0;
    pub const OVERSIZE: u8 = 1;
    pub const FIFO_FULL: u8 = 2;
    pub const MAC_ERROR: u8 = 3;
    /// CTRL.RX_EN was 0 when the frame started.
    pub const NO_DESC: u8 = 4;
}

/// Input ports (driven by the testbench / host side).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    // AXI4-Lite slave (BAR0)
    pub s_axil_awaddr: u32,
    pub s_axil_awvalid: bool,
    pub s_axil_wdata: u32,
    pub s_axil_wstrb: u8,
    pub s_axil_wvalid: bool,
    pub s_axil_bready: bool,
    pub s_axil_araddr: u32,
    pub s_axil_arvalid: bool,
    pub s_axil_rready: bool,
    // AXI4 master (DMA), responses from host memory
    pub m_axi_awready: bool,
    pub m_axi_wready: bool,
    pub m_axi_bid: u8,
    pub m_axi_bresp: u8,
    pub m_axi_bvalid: bool,
    pub m_axi_arready: bool,
    pub m_axi_rid: u8,
    pub m_axi_rdata: u64,
    pub m_axi_rresp: u8,
    pub m_axi_rlast: bool,
    pub m_axi_rvalid: bool,
    // AXI4-Stream RX from the MAC (no tready: the wire cannot be paused)
    pub s_axis_rx_tdata: u64,
    pub s_axis_rx_tkeep: u8,
    pub s_axis_rx_tvalid: bool,
    pub s_axis_rx_tlast: bool,
    /// Bad frame (FCS error), meaningful with tlast.
    pub s_axis_rx_tuser: bool,
    // AXI4-Stream TX to the MAC
    pub m_axis_tx_tready: bool,
}

/// Output ports (driven by the device).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outputs {
    // AXI4-Lite slave
    pub s_axil_awready: bool,
    pub s_axil_wready: bool,
    pub s_axil_bresp: u8,
    pub s_axil_bvalid: bool,
    pub s_axil_arready: bool,
    pub s_axil_rdata: u32,
    pub s_axil_rresp: u8,
    pub s_axil_rvalid: bool,
    // AXI4 master
    pub m_axi_awid: u8,
    pub m_axi_awaddr: u64,
    pub m_axi_awlen: u8,
    pub m_axi_awsize: u8,
    pub m_axi_awburst: u8,
    pub m_axi_awvalid: bool,
    pub m_axi_wdata: u64,
    pub m_axi_wstrb: u8,
    pub m_axi_wlast: bool,
    pub m_axi_wvalid: bool,
    pub m_axi_bready: bool,
    pub m_axi_arid: u8,
    pub m_axi_araddr: u64,
    pub m_axi_arlen: u8,
    pub m_axi_arsize: u8,
    pub m_axi_arburst: u8,
    pub m_axi_arvalid: bool,
    pub m_axi_rready: bool,
    // AXI4-Stream TX (tied off until the TX path exists)
    pub m_axis_tx_tdata: u64,
    pub m_axis_tx_tkeep: u8,
    pub m_axis_tx_tvalid: bool,
    pub m_axis_tx_tlast: bool,
    pub m_axis_tx_tuser: bool,
    // Status strobes, one cycle each (like verilog-ethernet's stat_* ports).
    /// A frame finished at the ingress stage; `stat_rx_in_code` says how (see [`rx_in`]).
    pub stat_rx_in_valid: bool,
    pub stat_rx_in_code: u8,
    /// A frame left the DMA stage: written to `stat_rx_out_queue`, or dropped there for lack of descriptors.
    pub stat_rx_out_valid: bool,
    pub stat_rx_out_no_desc: bool,
    pub stat_rx_out_queue: u8,
}

impl Outputs {
    /// Every output as (name, value, width in bits), for lockstep comparison and traces.
    pub fn fields(&self) -> [(&'static str, u64, u32); 36] {
        [
            ("s_axil_awready", self.s_axil_awready as u64, 1),
            ("s_axil_wready", self.s_axil_wready as u64, 1),
            ("s_axil_bresp", self.s_axil_bresp as u64, 2),
            ("s_axil_bvalid", self.s_axil_bvalid as u64, 1),
            ("s_axil_arready", self.s_axil_arready as u64, 1),
            ("s_axil_rdata", self.s_axil_rdata as u64, 32),
            ("s_axil_rresp", self.s_axil_rresp as u64, 2),
            ("s_axil_rvalid", self.s_axil_rvalid as u64, 1),
            ("m_axi_awid", self.m_axi_awid as u64, 8),
            ("m_axi_awaddr", self.m_axi_awaddr, 64),
            ("m_axi_awlen", self.m_axi_awlen as u64, 8),
            ("m_axi_awsize", self.m_axi_awsize as u64, 3),
            ("m_axi_awburst", self.m_axi_awburst as u64, 2),
            ("m_axi_awvalid", self.m_axi_awvalid as u64, 1),
            ("m_axi_wdata", self.m_axi_wdata, 64),
            ("m_axi_wstrb", self.m_axi_wstrb as u64, 8),
            ("m_axi_wlast", self.m_axi_wlast as u64, 1),
            ("m_axi_wvalid", self.m_axi_wvalid as u64, 1),
            ("m_axi_bready", self.m_axi_bready as u64, 1),
            ("m_axi_arid", self.m_axi_arid as u64, 8),
            ("m_axi_araddr", self.m_axi_araddr, 64),
            ("m_axi_arlen", self.m_axi_arlen as u64, 8),
            ("m_axi_arsize", self.m_axi_arsize as u64, 3),
            ("m_axi_arburst", self.m_axi_arburst as u64, 2),
            ("m_axi_arvalid", self.m_axi_arvalid as u64, 1),
            ("m_axi_rready", self.m_axi_rready as u64, 1),
            ("m_axis_tx_tdata", self.m_axis_tx_tdata, 64),
            ("m_axis_tx_tkeep", self.m_axis_tx_tkeep as u64, 8),
            ("m_axis_tx_tvalid", self.m_axis_tx_tvalid as u64, 1),
            ("m_axis_tx_tlast", self.m_axis_tx_tlast as u64, 1),
            ("m_axis_tx_tuser", self.m_axis_tx_tuser as u64, 1),
            ("stat_rx_in_valid", self.stat_rx_in_valid as u64, 1),
            ("stat_rx_in_code", self.stat_rx_in_code as u64, 3),
            ("stat_rx_out_valid", self.stat_rx_out_valid as u64, 1),
            ("stat_rx_out_no_desc", self.stat_rx_out_no_desc as u64, 1),
            ("stat_rx_out_queue", self.stat_rx_out_queue as u64, 4),
        ]
    }
}
