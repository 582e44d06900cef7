`default_nettype none

/*
 * nicsim NIC, receive path: top level.
 *
 * The cycle-accurate Rust model (model/src/lib.rs, struct Nic) is the
 * specification; this RTL runs in lockstep with it and every output port
 * equals the model's on every cycle after reset. All outputs are registered
 * (functions of state only) and payloads are 0 while their valid is 0.
 *
 * Blocks (see rtl/README.md):
 *   nic_csr         AXI4-Lite slave, registers, counters, soft reset
 *   nic_rx_ingress  MAC stream -> RX FIFO, drops, header capture, hash pipeline
 *   nic_rx_parse    header parser + RSS type selection (in nic_rx_ingress)
 *   nic_toeplitz    Toeplitz hash (in nic_rx_ingress)
 *   nic_rx_fifo     RX FIFO RAM
 *   nic_rx_dma      descriptor prefetch, frame engine, AXI master, MSI-X writes
 *   nic_irq         moderation, EICR/EIMS/EIAM, misc cause, PBA, MSI-X choice
 *
 * stat_idle is Nic::quiescent() of the current state: while it is 1 and the
 * inputs are idle, a clock edge changes nothing.
 */
module nic_top #(
    // RX queues, 1..16; MSI-X vectors = RX_QUEUES + 1 (the last is misc)
    parameter int RX_QUEUES = 16,
    // AXI data width of the DMA master in bits; only 64 is implemented
    parameter int DMA_DATA_WIDTH = 64,
    // RX FIFO depth in 8-byte words, power of two, 2048..65536
    parameter int RX_FIFO_WORDS = 4096,
    // frames the RX FIFO can hold at once, 2..256
    parameter int RX_META_DEPTH = 64,
    // descriptors prefetched per queue, power of two, 4..64
    parameter int DESC_CACHE = 8,
    // AXI read bursts (descriptor fetches) outstanding, 1..16
    parameter int MAX_READS = 4
) (
    input  wire logic                          clk,
    input  wire logic                          rst,

    // AXI4-Lite slave (BAR0)
    input  wire logic [15:0]                   s_axil_awaddr,
    input  wire logic                          s_axil_awvalid,
    output wire logic                          s_axil_awready,
    input  wire logic [31:0]                   s_axil_wdata,
    input  wire logic [3:0]                    s_axil_wstrb,
    input  wire logic                          s_axil_wvalid,
    output wire logic                          s_axil_wready,
    output wire logic [1:0]                    s_axil_bresp,
    output wire logic                          s_axil_bvalid,
    input  wire logic                          s_axil_bready,
    input  wire logic [15:0]                   s_axil_araddr,
    input  wire logic                          s_axil_arvalid,
    output wire logic                          s_axil_arready,
    output wire logic [31:0]                   s_axil_rdata,
    output wire logic [1:0]                    s_axil_rresp,
    output wire logic                          s_axil_rvalid,
    input  wire logic                          s_axil_rready,

    // AXI4 master (DMA)
    output wire logic [7:0]                    m_axi_awid,
    output wire logic [63:0]                   m_axi_awaddr,
    output wire logic [7:0]                    m_axi_awlen,
    output wire logic [2:0]                    m_axi_awsize,
    output wire logic [1:0]                    m_axi_awburst,
    output wire logic                          m_axi_awvalid,
    input  wire logic                          m_axi_awready,
    output wire logic [DMA_DATA_WIDTH-1:0]     m_axi_wdata,
    output wire logic [DMA_DATA_WIDTH/8-1:0]   m_axi_wstrb,
    output wire logic                          m_axi_wlast,
    output wire logic                          m_axi_wvalid,
    input  wire logic                          m_axi_wready,
    input  wire logic [7:0]                    m_axi_bid,
    input  wire logic [1:0]                    m_axi_bresp,
    input  wire logic                          m_axi_bvalid,
    output wire logic                          m_axi_bready,
    output wire logic [7:0]                    m_axi_arid,
    output wire logic [63:0]                   m_axi_araddr,
    output wire logic [7:0]                    m_axi_arlen,
    output wire logic [2:0]                    m_axi_arsize,
    output wire logic [1:0]                    m_axi_arburst,
    output wire logic                          m_axi_arvalid,
    input  wire logic                          m_axi_arready,
    input  wire logic [7:0]                    m_axi_rid,
    input  wire logic [DMA_DATA_WIDTH-1:0]     m_axi_rdata,
    input  wire logic [1:0]                    m_axi_rresp,
    input  wire logic                          m_axi_rlast,
    input  wire logic                          m_axi_rvalid,
    output wire logic                          m_axi_rready,

    // AXI4-Stream RX from the MAC (no tready: the wire cannot be paused)
    input  wire logic [63:0]                   s_axis_rx_tdata,
    input  wire logic [7:0]                    s_axis_rx_tkeep,
    input  wire logic                          s_axis_rx_tvalid,
    input  wire logic                          s_axis_rx_tlast,
    input  wire logic                          s_axis_rx_tuser,

    // AXI4-Stream TX to the MAC (tied off until the TX path exists)
    output wire logic [63:0]                   m_axis_tx_tdata,
    output wire logic [7:0]                    m_axis_tx_tkeep,
    output wire logic                          m_axis_tx_tvalid,
    output wire logic                          m_axis_tx_tlast,
    output wire logic                          m_axis_tx_tuser,
    input  wire logic                          m_axis_tx_tready,

    // status strobes
    output wire logic                          stat_rx_in_valid,
    output wire logic [2:0]                    stat_rx_in_code,
    output wire logic                          stat_rx_out_valid,
    output wire logic                          stat_rx_out_no_desc,
    output wire logic [3:0]                    stat_rx_out_queue,
    // Nic::quiescent(): an idle clock edge changes nothing
    output wire logic                          stat_idle
);

localparam int NQ = RX_QUEUES;
localparam int NV = RX_QUEUES + 1;
localparam int AW = $clog2(RX_FIFO_WORDS);

// NicConfig::validate
initial begin
    if (RX_QUEUES < 1 || RX_QUEUES > 16) begin
        $fatal(1, "nic_top: RX_QUEUES must be 1..16, got %0d", RX_QUEUES);
    end
    if (DMA_DATA_WIDTH != 64) begin
        $fatal(1, "nic_top: DMA_DATA_WIDTH must be 64, got %0d", DMA_DATA_WIDTH);
    end
    if (RX_FIFO_WORDS < 2048 || RX_FIFO_WORDS > 65536 || (RX_FIFO_WORDS & (RX_FIFO_WORDS - 1)) != 0) begin
        $fatal(1, "nic_top: RX_FIFO_WORDS must be a power of two from 2048 to 65536, got %0d", RX_FIFO_WORDS);
    end
    if (RX_META_DEPTH < 2 || RX_META_DEPTH > 256) begin
        $fatal(1, "nic_top: RX_META_DEPTH must be 2..256, got %0d", RX_META_DEPTH);
    end
    if (DESC_CACHE < 4 || DESC_CACHE > 64 || (DESC_CACHE & (DESC_CACHE - 1)) != 0) begin
        $fatal(1, "nic_top: DESC_CACHE must be a power of two from 4 to 64, got %0d", DESC_CACHE);
    end
    if (MAX_READS < 1 || MAX_READS > 16) begin
        $fatal(1, "nic_top: MAX_READS must be 1..16, got %0d", MAX_READS);
    end
end

// The model ignores bid (write responses are counted, not matched) and the
// TX path does not exist yet.
/* verilator lint_off UNUSEDSIGNAL */
logic unused_inputs;
assign unused_inputs = ^{m_axi_bid, m_axis_tx_tready};
/* verilator lint_on UNUSEDSIGNAL */

// ---------------------------------------------------------------- interconnect
// configuration
logic                  cfg_rx_en;
logic                  cfg_rst_pending;
logic [13:0]           cfg_mtu;
logic [2:0]            cfg_misc_cause;
logic [2:0]            cfg_misc_ims;
logic                  cfg_msix_enable;
logic                  cfg_func_mask;
logic [NV*32-1:0]      cfg_itr;
logic [6:0]            cfg_rss_ctrl;
logic [319:0]          cfg_rss_key;
logic [128*4-1:0]      cfg_reta;
logic [NQ*64-1:0]      cfg_q_base;
logic [NQ*14-1:0]      cfg_q_len;
logic [NQ*12-1:0]      cfg_q_tail;
logic [NQ-1:0]         cfg_q_enable;
logic [NQ*5-1:0]       cfg_q_bsize;
logic [NQ*5-1:0]       cfg_q_vector;
logic [NV*64-1:0]      cfg_msix_addr;
logic [NV*32-1:0]      cfg_msix_data;
logic [NV-1:0]         cfg_vec_mask;
logic [2:0]            misc_cause_mid;

// register writes of the edge
logic [NV-1:0]         wr_eicr_clr, wr_eics_set, wr_eims_set, wr_eimc_clr;
logic                  wr_eiam_en;
logic [NV-1:0]         wr_eiam_val;
logic [NV-1:0]         wr_itr_check;
logic                  wr_kick_fetch;
logic [NQ-1:0]         wr_reset_queue;
logic                  soft_rst;

// interrupt block
logic [NV-1:0]         irq_eicr, irq_eims, irq_eiam, irq_pba;
logic                  msi_sendable;
logic [4:0]            msi_vec;

// ingress <-> DMA
logic                  fifo_wr_en;
logic [AW-1:0]         fifo_wr_addr;
logic [63:0]           fifo_wr_data;
logic [AW-1:0]         fifo_rd_addr;
logic [63:0]           fifo_rd_data;
logic                  meta_valid;
logic [AW-1:0]         meta_start;
logic [15:0]           meta_len;
logic [31:0]           meta_hash;
logic [2:0]            meta_htype;

// events of the edge
logic                  ing_ev_valid;
logic [2:0]            ing_ev_code;
logic                  dma_b_err, dma_r_err, dma_desc_err, dma_msi_take, dma_meta_pop;
logic                  dma_free_en;
logic [AW:0]           dma_free_words;
logic                  dma_no_desc;
logic [3:0]            dma_no_desc_q;
logic                  dma_complete;
logic [3:0]            dma_complete_q;
logic [15:0]           dma_complete_len;
logic [4:0]            dma_complete_vec;
logic [NQ-1:0]         dma_queue_idle;
logic                  dma_bus_idle;
logic [NQ*12-1:0]      dma_head;

logic                  csr_quiet, ing_quiet, dma_quiet, irq_quiet;

// ---------------------------------------------------------------- blocks
nic_csr #(
    .RX_QUEUES(RX_QUEUES),
    .DMA_DATA_WIDTH(DMA_DATA_WIDTH)
) csr_inst (
    .clk(clk),
    .rst(rst),

    .s_axil_awaddr(s_axil_awaddr),
    .s_axil_awvalid(s_axil_awvalid),
    .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata),
    .s_axil_wstrb(s_axil_wstrb),
    .s_axil_wvalid(s_axil_wvalid),
    .s_axil_wready(s_axil_wready),
    .s_axil_bresp(s_axil_bresp),
    .s_axil_bvalid(s_axil_bvalid),
    .s_axil_bready(s_axil_bready),
    .s_axil_araddr(s_axil_araddr),
    .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready),
    .s_axil_rdata(s_axil_rdata),
    .s_axil_rresp(s_axil_rresp),
    .s_axil_rvalid(s_axil_rvalid),
    .s_axil_rready(s_axil_rready),

    .cfg_rx_en(cfg_rx_en),
    .cfg_rst_pending(cfg_rst_pending),
    .cfg_mtu(cfg_mtu),
    .cfg_misc_cause(cfg_misc_cause),
    .cfg_misc_ims(cfg_misc_ims),
    .cfg_msix_enable(cfg_msix_enable),
    .cfg_func_mask(cfg_func_mask),
    .cfg_itr(cfg_itr),
    .cfg_rss_ctrl(cfg_rss_ctrl),
    .cfg_rss_key(cfg_rss_key),
    .cfg_reta(cfg_reta),
    .cfg_q_base(cfg_q_base),
    .cfg_q_len(cfg_q_len),
    .cfg_q_tail(cfg_q_tail),
    .cfg_q_enable(cfg_q_enable),
    .cfg_q_bsize(cfg_q_bsize),
    .cfg_q_vector(cfg_q_vector),
    .cfg_msix_addr(cfg_msix_addr),
    .cfg_msix_data(cfg_msix_data),
    .cfg_vec_mask(cfg_vec_mask),
    .misc_cause_mid(misc_cause_mid),

    .dma_head(dma_head),
    .irq_eicr(irq_eicr),
    .irq_eims(irq_eims),
    .irq_eiam(irq_eiam),
    .irq_pba(irq_pba),

    .ing_ev_valid(ing_ev_valid),
    .ing_ev_code(ing_ev_code),
    .dma_b_err(dma_b_err),
    .dma_r_err(dma_r_err),
    .dma_desc_err(dma_desc_err),
    .dma_msi_take(dma_msi_take),
    .dma_no_desc(dma_no_desc),
    .dma_no_desc_q(dma_no_desc_q),
    .dma_complete(dma_complete),
    .dma_complete_q(dma_complete_q),
    .dma_complete_len(dma_complete_len),

    .dma_queue_idle(dma_queue_idle),
    .dma_bus_idle(dma_bus_idle),

    .wr_eicr_clr(wr_eicr_clr),
    .wr_eics_set(wr_eics_set),
    .wr_eims_set(wr_eims_set),
    .wr_eimc_clr(wr_eimc_clr),
    .wr_eiam_en(wr_eiam_en),
    .wr_eiam_val(wr_eiam_val),
    .wr_itr_check(wr_itr_check),
    .wr_kick_fetch(wr_kick_fetch),
    .wr_reset_queue(wr_reset_queue),

    .soft_rst(soft_rst),
    .quiet(csr_quiet)
);

nic_rx_ingress #(
    .RX_FIFO_WORDS(RX_FIFO_WORDS),
    .RX_META_DEPTH(RX_META_DEPTH)
) ingress_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .s_axis_rx_tdata(s_axis_rx_tdata),
    .s_axis_rx_tkeep(s_axis_rx_tkeep),
    .s_axis_rx_tvalid(s_axis_rx_tvalid),
    .s_axis_rx_tlast(s_axis_rx_tlast),
    .s_axis_rx_tuser(s_axis_rx_tuser),

    .cfg_rx_en(cfg_rx_en),
    .cfg_rst_pending(cfg_rst_pending),
    .cfg_mtu(cfg_mtu),
    .cfg_rss_ctrl(cfg_rss_ctrl),
    .cfg_rss_key(cfg_rss_key),

    .fifo_wr_en(fifo_wr_en),
    .fifo_wr_addr(fifo_wr_addr),
    .fifo_wr_data(fifo_wr_data),

    .meta_valid(meta_valid),
    .meta_start(meta_start),
    .meta_len(meta_len),
    .meta_hash(meta_hash),
    .meta_htype(meta_htype),

    .meta_pop(dma_meta_pop),
    .free_en(dma_free_en),
    .free_words(dma_free_words),

    .ev_valid(ing_ev_valid),
    .ev_code(ing_ev_code),

    .stat_rx_in_valid(stat_rx_in_valid),
    .stat_rx_in_code(stat_rx_in_code),

    .quiet(ing_quiet)
);

nic_rx_fifo #(
    .WORDS(RX_FIFO_WORDS)
) fifo_inst (
    .clk(clk),
    .wr_en(fifo_wr_en),
    .wr_addr(fifo_wr_addr),
    .wr_data(fifo_wr_data),
    .rd_addr(fifo_rd_addr),
    .rd_data(fifo_rd_data)
);

nic_rx_dma #(
    .RX_QUEUES(RX_QUEUES),
    .RX_FIFO_WORDS(RX_FIFO_WORDS),
    .DESC_CACHE(DESC_CACHE),
    .MAX_READS(MAX_READS)
) dma_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .m_axi_awid(m_axi_awid),
    .m_axi_awaddr(m_axi_awaddr),
    .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst),
    .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata),
    .m_axi_wstrb(m_axi_wstrb),
    .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid),
    .m_axi_wready(m_axi_wready),
    .m_axi_bresp(m_axi_bresp),
    .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready),
    .m_axi_arid(m_axi_arid),
    .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen),
    .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst),
    .m_axi_arvalid(m_axi_arvalid),
    .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast),
    .m_axi_rvalid(m_axi_rvalid),
    .m_axi_rready(m_axi_rready),

    .cfg_rst_pending(cfg_rst_pending),
    .cfg_q_base(cfg_q_base),
    .cfg_q_len(cfg_q_len),
    .cfg_q_tail(cfg_q_tail),
    .cfg_q_enable(cfg_q_enable),
    .cfg_q_bsize(cfg_q_bsize),
    .cfg_q_vector(cfg_q_vector),
    .cfg_reta(cfg_reta),
    .cfg_msix_addr(cfg_msix_addr),
    .cfg_msix_data(cfg_msix_data),

    .msi_sendable(msi_sendable),
    .msi_vec(msi_vec),

    .meta_valid(meta_valid),
    .meta_start(meta_start),
    .meta_len(meta_len),
    .meta_hash(meta_hash),
    .meta_htype(meta_htype),

    .fifo_rd_addr(fifo_rd_addr),
    .fifo_rd_data(fifo_rd_data),

    .wr_kick_fetch(wr_kick_fetch),
    .wr_reset_queue(wr_reset_queue),

    .ev_b_err(dma_b_err),
    .ev_r_err(dma_r_err),
    .ev_desc_err(dma_desc_err),
    .ev_msi_take(dma_msi_take),
    .ev_meta_pop(dma_meta_pop),
    .ev_free_en(dma_free_en),
    .ev_free_words(dma_free_words),
    .ev_no_desc(dma_no_desc),
    .ev_no_desc_q(dma_no_desc_q),
    .ev_complete(dma_complete),
    .ev_complete_q(dma_complete_q),
    .ev_complete_len(dma_complete_len),
    .ev_complete_vec(dma_complete_vec),

    .queue_idle_mid(dma_queue_idle),
    .bus_idle_mid(dma_bus_idle),

    .head(dma_head),

    .stat_rx_out_valid(stat_rx_out_valid),
    .stat_rx_out_no_desc(stat_rx_out_no_desc),
    .stat_rx_out_queue(stat_rx_out_queue),

    .quiet(dma_quiet)
);

nic_irq #(
    .RX_QUEUES(RX_QUEUES)
) irq_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .cfg_msix_enable(cfg_msix_enable),
    .cfg_func_mask(cfg_func_mask),
    .cfg_vec_mask(cfg_vec_mask),
    .cfg_itr(cfg_itr),
    .cfg_misc_ims(cfg_misc_ims),
    .misc_cause(cfg_misc_cause),
    .misc_cause_mid(misc_cause_mid),

    .msi_take(dma_msi_take),
    .completion(dma_complete),
    .completion_vec(dma_complete_vec),

    .wr_eicr_clr(wr_eicr_clr),
    .wr_eics_set(wr_eics_set),
    .wr_eims_set(wr_eims_set),
    .wr_eimc_clr(wr_eimc_clr),
    .wr_eiam_en(wr_eiam_en),
    .wr_eiam_val(wr_eiam_val),
    .wr_itr_check(wr_itr_check),

    .eicr(irq_eicr),
    .eims(irq_eims),
    .eiam(irq_eiam),
    .pba(irq_pba),
    .msi_sendable(msi_sendable),
    .msi_vec(msi_vec),

    .quiet(irq_quiet)
);

// TX path: not yet
assign m_axis_tx_tdata = 64'd0;
assign m_axis_tx_tkeep = 8'd0;
assign m_axis_tx_tvalid = 1'b0;
assign m_axis_tx_tlast = 1'b0;
assign m_axis_tx_tuser = 1'b0;

// Nic::quiescent() (the status strobes are part of the blocks' terms)
assign stat_idle = csr_quiet && ing_quiet && dma_quiet && irq_quiet;

endmodule

`default_nettype wire
