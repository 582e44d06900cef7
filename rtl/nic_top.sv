`default_nettype none

/*
 * nicsim NIC: top level (receive and transmit paths).
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
 *   nic_dma_arb     the AXI master: AR slot and R routing for the RX and TX read
 *                   clients; write channel for MSI-X, TX write-backs, RX traffic
 *   nic_rx_dma      descriptor prefetch (a read client), frame engine (a write client)
 *   nic_irq         moderation, EICR/EIMS/EIAM, misc cause, PBA, MSI-X choice
 *   nic_tx_dma      TX engine: descriptor fetch, buffer reads, byte packing, write-backs
 *   nic_tx_fifo     TX FIFO RAM
 *   nic_tx_send     finished-frame queue and the sender to m_axis_tx
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
    parameter int MAX_READS = 4,
    // TX FIFO depth in 8-byte words, power of two, 4096..65536 (two maximum frames at least)
    parameter int TX_FIFO_WORDS = 4096,
    // finished TX frames queued for the sender, 2..256
    parameter int TX_META_DEPTH = 32,
    // clock cycles per microsecond, the rx-usecs time base: the clock in MHz,
    // rounded (250 at 250 MHz, 156 at 156.25 MHz), 1..1000
    parameter int CYCLES_PER_US = 250
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

    // AXI4-Stream TX to the MAC
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
localparam int TAW = $clog2(TX_FIFO_WORDS);
localparam int TCW = $clog2(TX_META_DEPTH + 1);

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
    if (TX_FIFO_WORDS < 4096 || TX_FIFO_WORDS > 65536 || (TX_FIFO_WORDS & (TX_FIFO_WORDS - 1)) != 0) begin
        $fatal(1, "nic_top: TX_FIFO_WORDS must be a power of two from 4096 to 65536, got %0d", TX_FIFO_WORDS);
    end
    if (TX_META_DEPTH < 2 || TX_META_DEPTH > 256) begin
        $fatal(1, "nic_top: TX_META_DEPTH must be 2..256, got %0d", TX_META_DEPTH);
    end
    if (CYCLES_PER_US < 1 || CYCLES_PER_US > 1000) begin
        $fatal(1, "nic_top: CYCLES_PER_US must be 1..1000, got %0d", CYCLES_PER_US);
    end
end

// The model ignores bid (write responses are counted, not matched) and rlast
// of TX reads (it counts their beats); rlast is used for RX fetches.
/* verilator lint_off UNUSEDSIGNAL */
logic unused_inputs;
assign unused_inputs = ^{m_axi_bid};
/* verilator lint_on UNUSEDSIGNAL */

// ---------------------------------------------------------------- interconnect
// configuration
logic                  cfg_rx_en;
logic                  cfg_tx_en;
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
logic [NQ*12-1:0]      cfg_q_tail_next;
logic [NQ-1:0]         cfg_q_enable;
logic [NQ*5-1:0]       cfg_q_bsize;
logic [NQ-1:0]         cfg_q_hold;
logic [NQ*5-1:0]       cfg_q_vector;
logic [NV*64-1:0]      cfg_msix_addr;
logic [NV*32-1:0]      cfg_msix_data;
logic [NV-1:0]         cfg_vec_mask;
logic [NV*32-1:0]      cfg_txitr;
logic [NQ*64-1:0]      cfg_tq_base;
logic [NQ*14-1:0]      cfg_tq_len;
logic [NQ*12-1:0]      cfg_tq_tail;
logic [NQ-1:0]         cfg_tq_enable;
logic [NQ*5-1:0]       cfg_tq_vector;
logic [2:0]            misc_cause_mid;

// register writes of the edge
logic [NV-1:0]         wr_eicr_clr, wr_eics_set, wr_eims_set, wr_eimc_clr;
logic                  wr_eiam_en;
logic [NV-1:0]         wr_eiam_val;
logic [NV-1:0]         wr_itr_check;
logic                  wr_kick_fetch;
logic [NQ-1:0]         wr_reset_queue;
logic [NV-1:0]         wr_txitr_check;
logic [NQ-1:0]         wr_tx_reset_queue;
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
logic                  rx_bus_idle, arb_bus_idle;
logic [NQ*12-1:0]      dma_head;

logic                  dma_tx_wb_take;
logic                  dma_tx_complete;
// RX engine <-> arbiter (write client)
logic                  rx_wr_valid, rx_wr_ready, rx_wr_wb, rx_wb_done;
logic [3:0]            rx_wr_id;
logic [63:0]           rx_wr_addr, rx_wr_d0, rx_wr_d1;
logic [8:0]            rx_wr_beats;
logic [AW-1:0]         rx_wr_word;
logic [7:0]            rx_wr_last_strb;
logic [4:0]            dma_tx_complete_vec;
// read clients <-> arbiter
logic                  rx_ar_valid, rx_ar_ready, rx_ar_keep, rx_r_valid;
logic [3:0]            rx_ar_id;
logic [63:0]           rx_ar_addr;
logic [7:0]            rx_ar_len;
logic                  tx_ar_ready, tx_ar_grant, tx_r_valid;

// TX engine <-> AXI master, sender, FIFO
logic                  tx_ar_valid;
logic [7:0]            tx_ar_id;
logic [63:0]           tx_ar_addr;
logic [7:0]            tx_ar_len;
logic                  tx_ar_hold;
logic                  tx_wb_valid;
logic [63:0]           tx_wb_addr;
logic [7:0]            tx_wb_status;
logic [3:0]            tx_wb_q;
logic                  tx_push;
logic [14:0]           tx_push_len;
logic [3:0]            tx_push_q;
logic                  txf_wr0_en, txf_wr1_en;
logic [TAW-1:0]        txf_wr0_addr, txf_wr1_addr;
logic [63:0]           txf_wr0_data, txf_wr1_data;
logic [TAW-1:0]        txf_rd_addr;
logic [63:0]           txf_rd_data;
logic [TAW:0]          send_rd;
logic [TCW-1:0]        send_meta_count;
logic                  send_busy;
logic                  tx_r_err, tx_desc_err, tx_drop;
logic [3:0]            tx_drop_q;
logic                  tx_sent;
logic [3:0]            tx_sent_q;
logic [15:0]           tx_sent_len;
logic [NQ-1:0]         tx_queue_idle;
logic                  tx_bus_idle;
logic [NQ*12-1:0]      tx_head;

logic                  csr_quiet, ing_quiet, dma_quiet, irq_quiet, tx_quiet, send_quiet;

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
    .cfg_tx_en(cfg_tx_en),
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
    .cfg_q_tail_next(cfg_q_tail_next),
    .cfg_q_enable(cfg_q_enable),
    .cfg_q_bsize(cfg_q_bsize),
    .cfg_q_hold(cfg_q_hold),
    .cfg_q_vector(cfg_q_vector),
    .cfg_msix_addr(cfg_msix_addr),
    .cfg_msix_data(cfg_msix_data),
    .cfg_vec_mask(cfg_vec_mask),
    .cfg_txitr(cfg_txitr),
    .cfg_tq_base(cfg_tq_base),
    .cfg_tq_len(cfg_tq_len),
    .cfg_tq_tail(cfg_tq_tail),
    .cfg_tq_enable(cfg_tq_enable),
    .cfg_tq_vector(cfg_tq_vector),
    .misc_cause_mid(misc_cause_mid),

    .dma_head(dma_head),
    .tx_head(tx_head),
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
    .tx_r_err(tx_r_err),
    .tx_desc_err(tx_desc_err),
    .tx_drop(tx_drop),
    .tx_drop_q(tx_drop_q),
    .tx_sent(tx_sent),
    .tx_sent_q(tx_sent_q),
    .tx_sent_len(tx_sent_len),

    .dma_queue_idle(dma_queue_idle),
    .dma_bus_idle(dma_bus_idle),
    .tx_queue_idle(tx_queue_idle),
    .tx_rst_ok(tx_bus_idle && !send_busy),

    .wr_eicr_clr(wr_eicr_clr),
    .wr_eics_set(wr_eics_set),
    .wr_eims_set(wr_eims_set),
    .wr_eimc_clr(wr_eimc_clr),
    .wr_eiam_en(wr_eiam_en),
    .wr_eiam_val(wr_eiam_val),
    .wr_itr_check(wr_itr_check),
    .wr_kick_fetch(wr_kick_fetch),
    .wr_reset_queue(wr_reset_queue),
    .wr_txitr_check(wr_txitr_check),
    .wr_tx_reset_queue(wr_tx_reset_queue),

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

    .ar_valid(rx_ar_valid),
    .ar_id(rx_ar_id),
    .ar_addr(rx_ar_addr),
    .ar_len(rx_ar_len),
    .ar_ready(rx_ar_ready),
    .r_valid(rx_r_valid),
    .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast),

    .cfg_rst_pending(cfg_rst_pending),
    .cfg_q_base(cfg_q_base),
    .cfg_q_len(cfg_q_len),
    .cfg_q_tail(cfg_q_tail),
    .cfg_q_tail_next(cfg_q_tail_next),
    .cfg_q_enable(cfg_q_enable),
    .cfg_q_bsize(cfg_q_bsize),
    .cfg_q_hold(cfg_q_hold),
    .cfg_q_vector(cfg_q_vector),
    .cfg_reta(cfg_reta),

    .tx_ar_hold(tx_ar_hold),
    .ar_keep(rx_ar_keep),

    .wr_valid(rx_wr_valid),
    .wr_id(rx_wr_id),
    .wr_addr(rx_wr_addr),
    .wr_beats(rx_wr_beats),
    .wr_wb(rx_wr_wb),
    .wr_word(rx_wr_word),
    .wr_last_strb(rx_wr_last_strb),
    .wr_d0(rx_wr_d0),
    .wr_d1(rx_wr_d1),
    .wr_ready(rx_wr_ready),
    .wb_done(rx_wb_done),

    .meta_valid(meta_valid),
    .meta_start(meta_start),
    .meta_len(meta_len),
    .meta_hash(meta_hash),
    .meta_htype(meta_htype),

    .wr_kick_fetch(wr_kick_fetch),
    .wr_reset_queue(wr_reset_queue),

    .ev_r_err(dma_r_err),
    .ev_desc_err(dma_desc_err),
    .ev_meta_pop(dma_meta_pop),
    .ev_free_en(dma_free_en),
    .ev_free_words(dma_free_words),
    .ev_no_desc(dma_no_desc),
    .ev_no_desc_q(dma_no_desc_q),
    .ev_complete(dma_complete),
    .ev_complete_q(dma_complete_q),
    .ev_complete_len(dma_complete_len),
    .ev_complete_vec(dma_complete_vec),

    .queue_idle(dma_queue_idle),
    .bus_idle(rx_bus_idle),

    .head(dma_head),

    .stat_rx_out_valid(stat_rx_out_valid),
    .stat_rx_out_no_desc(stat_rx_out_no_desc),
    .stat_rx_out_queue(stat_rx_out_queue),

    .quiet(dma_quiet)
);

nic_dma_arb #(
    .RX_QUEUES(RX_QUEUES),
    .RX_FIFO_WORDS(RX_FIFO_WORDS)
) arb_inst (
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
    .m_axi_rvalid(m_axi_rvalid),
    .m_axi_rready(m_axi_rready),

    .rx_ar_valid(rx_ar_valid),
    .rx_ar_id(rx_ar_id),
    .rx_ar_addr(rx_ar_addr),
    .rx_ar_len(rx_ar_len),
    .rx_ar_ready(rx_ar_ready),
    .rx_ar_keep(rx_ar_keep),
    .tx_ar_hold(tx_ar_hold),
    .rx_r_valid(rx_r_valid),

    .tx_ar_valid(tx_ar_valid),
    .tx_ar_id(tx_ar_id),
    .tx_ar_addr(tx_ar_addr),
    .tx_ar_len(tx_ar_len),
    .tx_ar_ready(tx_ar_ready),
    .tx_ar_grant(tx_ar_grant),
    .tx_r_valid(tx_r_valid),

    .cfg_rst_pending(cfg_rst_pending),
    .cfg_msix_addr(cfg_msix_addr),
    .cfg_msix_data(cfg_msix_data),
    .cfg_tq_vector(cfg_tq_vector),

    .msi_valid(msi_sendable),
    .msi_vec(msi_vec),
    .msi_ready(dma_msi_take),

    .tx_wb_valid(tx_wb_valid),
    .tx_wb_addr(tx_wb_addr),
    .tx_wb_status(tx_wb_status),
    .tx_wb_q(tx_wb_q),
    .tx_wb_ready(dma_tx_wb_take),

    .rx_wr_valid(rx_wr_valid),
    .rx_wr_id(rx_wr_id),
    .rx_wr_addr(rx_wr_addr),
    .rx_wr_beats(rx_wr_beats),
    .rx_wr_wb(rx_wr_wb),
    .rx_wr_word(rx_wr_word),
    .rx_wr_last_strb(rx_wr_last_strb),
    .rx_wr_d0(rx_wr_d0),
    .rx_wr_d1(rx_wr_d1),
    .rx_wr_ready(rx_wr_ready),
    .rx_wb_done(rx_wb_done),

    .fifo_rd_addr(fifo_rd_addr),
    .fifo_rd_data(fifo_rd_data),

    .ev_b_err(dma_b_err),
    .ev_tx_complete(dma_tx_complete),
    .ev_tx_complete_vec(dma_tx_complete_vec),

    .bus_idle(arb_bus_idle)
);

// no burst half sent, nothing outstanding on the master (both registered)
assign dma_bus_idle = rx_bus_idle && arb_bus_idle;

nic_irq #(
    .RX_QUEUES(RX_QUEUES),
    .CYCLES_PER_US(CYCLES_PER_US)
) irq_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .cfg_msix_enable(cfg_msix_enable),
    .cfg_func_mask(cfg_func_mask),
    .cfg_vec_mask(cfg_vec_mask),
    .cfg_itr(cfg_itr),
    .cfg_txitr(cfg_txitr),
    .cfg_misc_ims(cfg_misc_ims),
    .misc_cause(cfg_misc_cause),
    .misc_cause_mid(misc_cause_mid),

    .msi_take(dma_msi_take),
    .completion(dma_complete),
    .completion_vec(dma_complete_vec),
    .tx_completion(dma_tx_complete),
    .tx_completion_vec(dma_tx_complete_vec),

    .wr_eicr_clr(wr_eicr_clr),
    .wr_eics_set(wr_eics_set),
    .wr_eims_set(wr_eims_set),
    .wr_eimc_clr(wr_eimc_clr),
    .wr_eiam_en(wr_eiam_en),
    .wr_eiam_val(wr_eiam_val),
    .wr_itr_check(wr_itr_check),
    .wr_txitr_check(wr_txitr_check),

    .eicr(irq_eicr),
    .eims(irq_eims),
    .eiam(irq_eiam),
    .pba(irq_pba),
    .msi_sendable(msi_sendable),
    .msi_vec(msi_vec),

    .quiet(irq_quiet)
);

nic_tx_dma #(
    .TX_QUEUES(RX_QUEUES),
    .TX_FIFO_WORDS(TX_FIFO_WORDS),
    .TX_META_DEPTH(TX_META_DEPTH)
) tx_dma_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .r_valid(tx_r_valid),
    .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata),
    .m_axi_rresp(m_axi_rresp),

    .ar_valid(tx_ar_valid),
    .ar_id(tx_ar_id),
    .ar_addr(tx_ar_addr),
    .ar_len(tx_ar_len),
    .ar_ready(tx_ar_ready),
    .ar_grant(tx_ar_grant),

    .wb_valid(tx_wb_valid),
    .wb_addr(tx_wb_addr),
    .wb_status(tx_wb_status),
    .wb_q(tx_wb_q),
    .wb_take(dma_tx_wb_take),

    .cfg_tx_en(cfg_tx_en),
    .cfg_rst_pending(cfg_rst_pending),
    .cfg_tq_base(cfg_tq_base),
    .cfg_tq_len(cfg_tq_len),
    .cfg_tq_tail(cfg_tq_tail),
    .cfg_tq_enable(cfg_tq_enable),

    .wr_reset_queue(wr_tx_reset_queue),

    .send_rd(send_rd),
    .send_meta_count(send_meta_count),
    .push(tx_push),
    .push_len(tx_push_len),
    .push_q(tx_push_q),

    .fifo_wr0_en(txf_wr0_en),
    .fifo_wr0_addr(txf_wr0_addr),
    .fifo_wr0_data(txf_wr0_data),
    .fifo_wr1_en(txf_wr1_en),
    .fifo_wr1_addr(txf_wr1_addr),
    .fifo_wr1_data(txf_wr1_data),

    .ev_r_err(tx_r_err),
    .ev_desc_err(tx_desc_err),
    .ev_drop(tx_drop),
    .ev_drop_q(tx_drop_q),

    .queue_idle(tx_queue_idle),
    .bus_idle(tx_bus_idle),

    .head(tx_head),

    .quiet(tx_quiet)
);

nic_tx_fifo #(
    .WORDS(TX_FIFO_WORDS)
) tx_fifo_inst (
    .clk(clk),
    .wr0_en(txf_wr0_en),
    .wr0_addr(txf_wr0_addr),
    .wr0_data(txf_wr0_data),
    .wr1_en(txf_wr1_en),
    .wr1_addr(txf_wr1_addr),
    .wr1_data(txf_wr1_data),
    .rd_addr(txf_rd_addr),
    .rd_data(txf_rd_data)
);

nic_tx_send #(
    .TX_FIFO_WORDS(TX_FIFO_WORDS),
    .TX_META_DEPTH(TX_META_DEPTH)
) tx_send_inst (
    .clk(clk),
    .rst(rst),
    .soft_rst(soft_rst),

    .m_axis_tx_tdata(m_axis_tx_tdata),
    .m_axis_tx_tkeep(m_axis_tx_tkeep),
    .m_axis_tx_tvalid(m_axis_tx_tvalid),
    .m_axis_tx_tlast(m_axis_tx_tlast),
    .m_axis_tx_tuser(m_axis_tx_tuser),
    .m_axis_tx_tready(m_axis_tx_tready),

    .cfg_rst_pending(cfg_rst_pending),

    .push(tx_push),
    .push_len(tx_push_len),
    .push_q(tx_push_q),

    .fifo_rd_addr(txf_rd_addr),
    .fifo_rd_data(txf_rd_data),

    .busy(send_busy),
    .rd(send_rd),
    .meta_count(send_meta_count),

    .ev_sent(tx_sent),
    .ev_sent_q(tx_sent_q),
    .ev_sent_len(tx_sent_len),

    .quiet(send_quiet)
);

// Nic::quiescent() (the status strobes are part of the blocks' terms)
assign stat_idle = csr_quiet && ing_quiet && dma_quiet && arb_bus_idle && irq_quiet && tx_quiet && send_quiet;

endmodule

`default_nettype wire
