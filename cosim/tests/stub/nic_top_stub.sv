// STUB of nic_top for developing and testing the co-simulation plumbing
// (cosim/). NOT the NIC: it has the exact port list of nic_top
// (model/hw/src/ports.rs + clk, rst, stat_idle) and just enough behaviour
// to exercise the plumbing:
//
// - AXI4-Lite slave with the model's handshake timing (model/src/csr.rs):
//   arready/awready/wready are one-cycle pulses raised the cycle after the
//   matching valid is seen; rvalid rises the cycle after the AR handshake;
//   the write is done at the edge after both AW and W have handshaken, and
//   bvalid rises the cycle after that edge.
// - Reads of ID (0x0000) return 0x4E494353 ('NICS'); every other address
//   reads 0 with OKAY (the model answers real values or DECERR, so reading
//   anything else makes a lockstep run diverge on s_axil_rdata/rresp).
// - Writes are accepted and answered OKAY, and change nothing.
// - stat_idle = no AXI-Lite transaction in flight (the model's quiescent()
//   for an idle datapath).
// - Every other output is a register held at 0, except m_axi_bready and
//   m_axi_rready which are 1 (as in the model).
//
// `rst` is synchronous and active high, as in docs/ARCHITECTURE.md.
/* verilator lint_off DECLFILENAME */
/* verilator lint_off UNUSEDPARAM */
module nic_top #(
    parameter int RX_QUEUES      = 16,
    parameter int DMA_DATA_WIDTH = 64,
    parameter int RX_FIFO_WORDS  = 4096,
    parameter int RX_META_DEPTH  = 64,
    parameter int DESC_CACHE     = 8,
    parameter int MAX_READS      = 4
) (
    input  logic        clk,
    input  logic        rst,
    // AXI4-Lite slave (BAR0)
    input  logic [15:0] s_axil_awaddr,
    input  logic        s_axil_awvalid,
    output logic        s_axil_awready,
    input  logic [31:0] s_axil_wdata,
    input  logic [3:0]  s_axil_wstrb,
    input  logic        s_axil_wvalid,
    output logic        s_axil_wready,
    output logic [1:0]  s_axil_bresp,
    output logic        s_axil_bvalid,
    input  logic        s_axil_bready,
    input  logic [15:0] s_axil_araddr,
    input  logic        s_axil_arvalid,
    output logic        s_axil_arready,
    output logic [31:0] s_axil_rdata,
    output logic [1:0]  s_axil_rresp,
    output logic        s_axil_rvalid,
    input  logic        s_axil_rready,
    // AXI4 master (DMA)
    output logic [7:0]  m_axi_awid,
    output logic [63:0] m_axi_awaddr,
    output logic [7:0]  m_axi_awlen,
    output logic [2:0]  m_axi_awsize,
    output logic [1:0]  m_axi_awburst,
    output logic        m_axi_awvalid,
    input  logic        m_axi_awready,
    output logic [63:0] m_axi_wdata,
    output logic [7:0]  m_axi_wstrb,
    output logic        m_axi_wlast,
    output logic        m_axi_wvalid,
    input  logic        m_axi_wready,
    input  logic [7:0]  m_axi_bid,
    input  logic [1:0]  m_axi_bresp,
    input  logic        m_axi_bvalid,
    output logic        m_axi_bready,
    output logic [7:0]  m_axi_arid,
    output logic [63:0] m_axi_araddr,
    output logic [7:0]  m_axi_arlen,
    output logic [2:0]  m_axi_arsize,
    output logic [1:0]  m_axi_arburst,
    output logic        m_axi_arvalid,
    input  logic        m_axi_arready,
    input  logic [7:0]  m_axi_rid,
    input  logic [63:0] m_axi_rdata,
    input  logic [1:0]  m_axi_rresp,
    input  logic        m_axi_rlast,
    input  logic        m_axi_rvalid,
    output logic        m_axi_rready,
    // AXI4-Stream RX from the MAC
    input  logic [63:0] s_axis_rx_tdata,
    input  logic [7:0]  s_axis_rx_tkeep,
    input  logic        s_axis_rx_tvalid,
    input  logic        s_axis_rx_tlast,
    input  logic        s_axis_rx_tuser,
    // AXI4-Stream TX to the MAC
    output logic [63:0] m_axis_tx_tdata,
    output logic [7:0]  m_axis_tx_tkeep,
    output logic        m_axis_tx_tvalid,
    output logic        m_axis_tx_tlast,
    output logic        m_axis_tx_tuser,
    input  logic        m_axis_tx_tready,
    // Status
    output logic        stat_rx_in_valid,
    output logic [2:0]  stat_rx_in_code,
    output logic        stat_rx_out_valid,
    output logic        stat_rx_out_no_desc,
    output logic [3:0]  stat_rx_out_queue,
    output logic        stat_idle
);
    localparam logic [31:0] ID_VALUE = 32'h4E49_4353;

    // ------------------------------------------------------------ AXI-Lite
    logic have_aw, have_w;
    wire  ar_hs = s_axil_arready && s_axil_arvalid;
    wire  aw_hs = s_axil_awready && s_axil_awvalid;
    wire  w_hs  = s_axil_wready && s_axil_wvalid;
    // rvalid/bvalid after this edge's response handshake, before a new response.
    wire  rvalid_kept = s_axil_rvalid && !s_axil_rready;
    wire  bvalid_kept = s_axil_bvalid && !s_axil_bready;
    wire  have_aw_n = have_aw || aw_hs;
    wire  have_w_n  = have_w || w_hs;
    // the write is done at the edge after both have handshaken (as nic_csr)
    wire  write_now = have_aw && have_w && !bvalid_kept;

    always_ff @(posedge clk) begin
        if (rst) begin
            s_axil_arready <= 1'b0;
            s_axil_rvalid  <= 1'b0;
            s_axil_rdata   <= 32'd0;
            s_axil_rresp   <= 2'd0;
            s_axil_awready <= 1'b0;
            s_axil_wready  <= 1'b0;
            s_axil_bvalid  <= 1'b0;
            s_axil_bresp   <= 2'd0;
            have_aw        <= 1'b0;
            have_w         <= 1'b0;
        end else begin
            // Read channel.
            if (ar_hs) begin
                s_axil_rvalid <= 1'b1;
                s_axil_rdata  <= ({s_axil_araddr[15:2], 2'b00} == 16'h0000) ? ID_VALUE : 32'd0;
                s_axil_rresp  <= 2'd0;
            end else if (!rvalid_kept) begin
                s_axil_rvalid <= 1'b0;
                s_axil_rdata  <= 32'd0;
                s_axil_rresp  <= 2'd0;
            end
            s_axil_arready <= !ar_hs && !s_axil_arready && !rvalid_kept && s_axil_arvalid;
            // Write channel.
            if (write_now) begin
                s_axil_bvalid <= 1'b1;
                s_axil_bresp  <= 2'd0;
                have_aw       <= 1'b0;
                have_w        <= 1'b0;
            end else begin
                have_aw <= have_aw_n;
                have_w  <= have_w_n;
                if (!bvalid_kept) begin
                    s_axil_bvalid <= 1'b0;
                    s_axil_bresp  <= 2'd0;
                end
            end
            s_axil_awready <= !aw_hs && !s_axil_awready && !(write_now ? 1'b0 : have_aw_n)
                              && !(write_now || bvalid_kept) && s_axil_awvalid;
            s_axil_wready  <= !w_hs && !s_axil_wready && !(write_now ? 1'b0 : have_w_n)
                              && !(write_now || bvalid_kept) && s_axil_wvalid;
        end
    end

    assign stat_idle = !(s_axil_awready || s_axil_wready || have_aw || have_w || s_axil_bvalid
                         || s_axil_arready || s_axil_rvalid);

    // ---------------------------------------------------- everything else
    always_ff @(posedge clk) begin
        if (rst) begin
            m_axi_bready <= 1'b1;
            m_axi_rready <= 1'b1;
        end
    end

    assign m_axi_awid          = '0;
    assign m_axi_awaddr        = '0;
    assign m_axi_awlen         = '0;
    assign m_axi_awsize        = '0;
    assign m_axi_awburst       = '0;
    assign m_axi_awvalid       = 1'b0;
    assign m_axi_wdata         = '0;
    assign m_axi_wstrb         = '0;
    assign m_axi_wlast         = 1'b0;
    assign m_axi_wvalid        = 1'b0;
    assign m_axi_arid          = '0;
    assign m_axi_araddr        = '0;
    assign m_axi_arlen         = '0;
    assign m_axi_arsize        = '0;
    assign m_axi_arburst       = '0;
    assign m_axi_arvalid       = 1'b0;
    assign m_axis_tx_tdata     = '0;
    assign m_axis_tx_tkeep     = '0;
    assign m_axis_tx_tvalid    = 1'b0;
    assign m_axis_tx_tlast     = 1'b0;
    assign m_axis_tx_tuser     = 1'b0;
    assign stat_rx_in_valid    = 1'b0;
    assign stat_rx_in_code     = '0;
    assign stat_rx_out_valid   = 1'b0;
    assign stat_rx_out_no_desc = 1'b0;
    assign stat_rx_out_queue   = '0;

    // Inputs the stub does not use.
    wire unused = ^{s_axil_wdata, s_axil_wstrb, m_axi_awready, m_axi_wready, m_axi_bid, m_axi_bresp,
                    m_axi_bvalid, m_axi_arready, m_axi_rid, m_axi_rdata, m_axi_rresp, m_axi_rlast,
                    m_axi_rvalid, s_axis_rx_tdata, s_axis_rx_tkeep, s_axis_rx_tvalid,
                    s_axis_rx_tlast, s_axis_rx_tuser, m_axis_tx_tready, s_axil_araddr[1:0], s_axil_awaddr};
endmodule
/* verilator lint_on UNUSEDPARAM */
/* verilator lint_on DECLFILENAME */
