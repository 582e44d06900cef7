`default_nettype none

/*
 * BAR0 register block behind an AXI4-Lite slave. Mirrors model/src/csr.rs
 * (struct Csr, AxilSlave) and the soft reset of model/src/lib.rs.
 *
 * AXI-Lite: awready / wready / arready are one-cycle pulses raised the
 * cycle after the matching valid is seen (and nothing blocks); the address
 * is decoded at the AW handshake, and a write is checked at the edge after
 * both AW and W have handshaken (no response pending), BVALID with it; the
 * register and the other blocks' strobes (wr_*) take it at the next edge.
 * A read address is decoded at the edge that raises ARREADY (ar_rid_reg),
 * and the AR handshake edge muxes the pre-edge state into RDATA.
 *
 * Edge order (model tick()): reads answer from the pre-edge state; the TX
 * sender, the DMA (RX and TX), ingress and interrupt blocks report their
 * events (ing_ev_* / dma_* / tx_* inputs): MISC_CAUSE latches the errors
 * in this edge, the counters count the events registered at the next one;
 * a write's check and MISC_CAUSE clear come last (W1C registers only clear
 * what was set before the edge); a pending soft reset happens at the end of
 * the edge once the DMA master is idle and no TX frame is half sent
 * (soft_rst output, applied by every block's register stage; the AXI-Lite
 * handshake state survives it).
 *
 * The rules are the register map's (rtl/regs/nic_regs.rdl), generated into
 * nic_regs_pkg and applied here as the model applies them: decode() names
 * the register at an address, *_legal() refuses illegal values (REG_ERR),
 * RXQ_locked()/TXQ_locked() and *_LOCK_MASK refuse ring changes while a
 * queue is enabled or has DMA in flight (dma_queue_idle / tx_queue_idle),
 * and enabling a queue needs a legal ring length and an idle queue, and
 * zeroes its head (wr_reset_queue / wr_tx_reset_queue). This module holds
 * the storage and the side effects; `make check-regs` fails when a rule of
 * the RDL is not used here and in the model.
 */
module nic_csr #(
    // RX queues (1..16); MSI-X vectors = RX_QUEUES + 1
    parameter int RX_QUEUES = 16,
    // AXI data width of the DMA master in bits (CAPS.DMA_BYTES = width / 8)
    parameter int DMA_DATA_WIDTH = 64
) (
    input  wire logic                        clk,
    input  wire logic                        rst,

    // AXI4-Lite slave
    input  wire logic [15:0]                 s_axil_awaddr,
    input  wire logic                        s_axil_awvalid,
    output wire logic                        s_axil_awready,
    input  wire logic [31:0]                 s_axil_wdata,
    input  wire logic [3:0]                  s_axil_wstrb,
    input  wire logic                        s_axil_wvalid,
    output wire logic                        s_axil_wready,
    output wire logic [1:0]                  s_axil_bresp,
    output wire logic                        s_axil_bvalid,
    input  wire logic                        s_axil_bready,
    input  wire logic [15:0]                 s_axil_araddr,
    input  wire logic                        s_axil_arvalid,
    output wire logic                        s_axil_arready,
    output wire logic [31:0]                 s_axil_rdata,
    output wire logic [1:0]                  s_axil_rresp,
    output wire logic                        s_axil_rvalid,
    input  wire logic                        s_axil_rready,

    // register state
    output wire logic                        cfg_rx_en,
    output wire logic                        cfg_tx_en,
    output wire logic                        cfg_rst_pending,
    output wire logic [13:0]                 cfg_mtu,
    output wire logic [2:0]                  cfg_misc_cause,
    output wire logic [2:0]                  cfg_misc_ims,
    output wire logic                        cfg_msix_enable,
    output wire logic                        cfg_func_mask,
    output wire logic [(RX_QUEUES+1)*32-1:0] cfg_itr,
    output wire logic [6:0]                  cfg_rss_ctrl,
    output wire logic [319:0]                cfg_rss_key,     // key byte 0 in [319:312]
    output wire logic [128*4-1:0]            cfg_reta,        // entry i in [4i +: 4]
    output wire logic [RX_QUEUES*64-1:0]     cfg_q_base,
    output wire logic [RX_QUEUES*14-1:0]     cfg_q_len,
    output wire logic [RX_QUEUES*12-1:0]     cfg_q_tail,
    // RDT after this edge (from this block's registers; a soft reset is
    // left to the receiver), so nic_rx_dma can register its available
    // counts an edge ahead of the fetch pick
    output wire logic [RX_QUEUES*12-1:0]     cfg_q_tail_next,
    output wire logic [RX_QUEUES-1:0]        cfg_q_enable,
    output wire logic [RX_QUEUES*5-1:0]      cfg_q_bsize,     // KiB
    output wire logic [RX_QUEUES-1:0]        cfg_q_hold,   // RXCTL.HOLD
    output wire logic [RX_QUEUES*5-1:0]      cfg_q_vector,
    output wire logic [(RX_QUEUES+1)*64-1:0] cfg_msix_addr,
    output wire logic [(RX_QUEUES+1)*32-1:0] cfg_msix_data,
    output wire logic [RX_QUEUES:0]          cfg_vec_mask,
    output wire logic [(RX_QUEUES+1)*32-1:0] cfg_txitr,        // VEC_TXITR per vector
    // TX queues (as many as RX queues)
    output wire logic [RX_QUEUES*64-1:0]     cfg_tq_base,
    output wire logic [RX_QUEUES*14-1:0]     cfg_tq_len,
    output wire logic [RX_QUEUES*12-1:0]     cfg_tq_tail,
    output wire logic [RX_QUEUES-1:0]        cfg_tq_enable,
    output wire logic [RX_QUEUES*5-1:0]      cfg_tq_vector,
    // MISC_CAUSE after this edge's DMA errors (what the interrupt block sees)
    output wire logic [2:0]                  misc_cause_mid,

    // other blocks' state, for reads
    input  wire logic [RX_QUEUES*12-1:0]     dma_head,
    input  wire logic [RX_QUEUES*12-1:0]     tx_head,          // TDH per TX queue
    input  wire logic [RX_QUEUES:0]          irq_eicr,
    input  wire logic [RX_QUEUES:0]          irq_eims,
    input  wire logic [RX_QUEUES:0]          irq_eiam,
    input  wire logic [RX_QUEUES:0]          irq_pba,

    // events of this edge
    input  wire logic                        ing_ev_valid,     // a frame ended at the ingress
    input  wire logic [2:0]                  ing_ev_code,
    input  wire logic                        dma_b_err,        // bresp != OKAY
    input  wire logic                        dma_r_err,        // unexpected R beat or failed fetch
    input  wire logic                        dma_desc_err,     // unaligned buffer address
    input  wire logic                        dma_msi_take,     // MSI-X message started
    input  wire logic                        dma_no_desc,      // frame dropped at the DMA stage
    input  wire logic [3:0]                  dma_no_desc_q,
    input  wire logic                        dma_complete,     // frame written to a ring
    input  wire logic [3:0]                  dma_complete_q,
    input  wire logic [15:0]                 dma_complete_len,
    input  wire logic                        tx_r_err,         // TX fetch or data read failed
    input  wire logic                        tx_desc_err,      // bad TX descriptor length
    input  wire logic                        tx_drop,          // TX frame dropped ...
    input  wire logic [3:0]                  tx_drop_q,        // ... of this queue
    input  wire logic                        tx_sent,          // TX frame's last beat taken ...
    input  wire logic [3:0]                  tx_sent_q,        // ... of this queue
    input  wire logic [15:0]                 tx_sent_len,      // ... and its length (unpadded)

    // the engines' state before the edge (registered)
    input  wire logic [RX_QUEUES-1:0]        dma_queue_idle,   // RxDma::queue_idle_mask
    input  wire logic                        dma_bus_idle,     // RxDma::bus_idle
    input  wire logic [RX_QUEUES-1:0]        tx_queue_idle,    // no TX DMA of the queue in flight
    input  wire logic                        tx_rst_ok,        // TX bus idle, no TX frame half sent

    // register writes of this edge, for the other blocks
    output wire logic [RX_QUEUES:0]          wr_eicr_clr,
    output wire logic [RX_QUEUES:0]          wr_eics_set,
    output wire logic [RX_QUEUES:0]          wr_eims_set,
    output wire logic [RX_QUEUES:0]          wr_eimc_clr,
    output wire logic                        wr_eiam_en,
    output wire logic [RX_QUEUES:0]          wr_eiam_val,
    output wire logic [RX_QUEUES:0]          wr_itr_check,
    output wire logic                        wr_kick_fetch,
    output wire logic [RX_QUEUES-1:0]        wr_reset_queue,
    output wire logic [RX_QUEUES:0]          wr_txitr_check,   // VEC_TXITR written
    output wire logic [RX_QUEUES-1:0]        wr_tx_reset_queue, // TX queue enabled: TDH to 0

    // soft reset at the end of this edge
    output wire logic                        soft_rst,

    // Csr::quiescent()
    output wire logic                        quiet
);

localparam int NQ = RX_QUEUES;
localparam int NV = RX_QUEUES + 1;
// widths of a bit index into a per-queue / per-vector vector
localparam int QIW = (NQ > 1) ? $clog2(NQ) : 1;
localparam int VIW = $clog2(NV);

localparam logic [1:0] RESP_OKAY = 2'b00;
localparam logic [1:0] RESP_DECERR = 2'b11;

// ---------------------------------------------------------------- register map
// The map's rules come from nic_regs_pkg, generated from
// rtl/regs/nic_regs.rdl (the model uses the same ones through
// nicsim_hw::regs): decode() names the register at an address (with its
// array / queue / vector index), *_legal() are the legal values,
// *_locked() and *_LOCK_MASK the lock-while-enabled rules, STAT_IDX_* the
// counter indices. This module holds the storage and the side effects.
localparam int RID_W  = nic_regs_pkg::RID_W;
localparam int RIDX_W = nic_regs_pkg::RIDX_W;

// counter indices (model: csr::st = nicsim_hw::regs::stat_idx)
localparam int N_STATS         = nic_regs_pkg::STAT_COUNT;
localparam int ST_RX_OFFERED   = nic_regs_pkg::STAT_IDX_RX_OFFERED;
localparam int ST_RX_PACKETS   = nic_regs_pkg::STAT_IDX_RX_PACKETS;
localparam int ST_RX_BYTES     = nic_regs_pkg::STAT_IDX_RX_BYTES;
localparam int ST_RX_OVERSIZE  = nic_regs_pkg::STAT_IDX_RX_OVERSIZE;
localparam int ST_RX_NO_DESC   = nic_regs_pkg::STAT_IDX_RX_NO_DESC;
localparam int ST_RX_FIFO_FULL = nic_regs_pkg::STAT_IDX_RX_FIFO_FULL;
localparam int ST_RX_MAC_ERR   = nic_regs_pkg::STAT_IDX_RX_MAC_ERR;
localparam int ST_DMA_ERR      = nic_regs_pkg::STAT_IDX_DMA_ERR;
localparam int ST_DESC_ERR     = nic_regs_pkg::STAT_IDX_DESC_ERR;
localparam int ST_REG_ERR      = nic_regs_pkg::STAT_IDX_REG_ERR;
localparam int ST_MSIX_SENT    = nic_regs_pkg::STAT_IDX_MSIX_SENT;
localparam int ST_TX_PACKETS   = nic_regs_pkg::STAT_IDX_TX_PACKETS;
localparam int ST_TX_BYTES     = nic_regs_pkg::STAT_IDX_TX_BYTES;
localparam int ST_TX_ERR       = nic_regs_pkg::STAT_IDX_TX_ERR;
localparam int KEY_WORDS       = nic_regs_pkg::RSS_KEY_COUNT;

// fields
localparam int CTRL_RX_EN     = nic_regs_pkg::CTRL_RX_EN_LSB;
localparam int CTRL_TX_EN     = nic_regs_pkg::CTRL_TX_EN_LSB;
localparam int CTRL_RST       = nic_regs_pkg::CTRL_RST_LSB;
localparam int MTU_LSB        = nic_regs_pkg::MTU_MTU_LSB;
localparam int MTU_W          = nic_regs_pkg::MTU_MTU_W;
localparam int MISC_DMA_ERR   = nic_regs_pkg::MISC_CAUSE_DMA_ERR_LSB;
localparam int MISC_DESC_ERR  = nic_regs_pkg::MISC_CAUSE_DESC_ERR_LSB;
localparam int MISC_REG_ERR   = nic_regs_pkg::MISC_CAUSE_REG_ERR_LSB;
localparam int MISC_IMS_LSB   = nic_regs_pkg::MISC_IMS_EN_LSB;
localparam int MISC_IMS_W     = nic_regs_pkg::MISC_IMS_EN_W;
localparam int MSIX_EN        = nic_regs_pkg::MSIX_CTRL_ENABLE_LSB;
localparam int MSIX_FMASK     = nic_regs_pkg::MSIX_CTRL_FUNC_MASK_LSB;
localparam int RDLEN_W        = nic_regs_pkg::RXQ_RDLEN_LEN_W;
localparam int RXCTL_EN       = nic_regs_pkg::RXQ_RXCTL_ENABLE_LSB;
localparam int RXCTL_HOLD  = nic_regs_pkg::RXQ_RXCTL_HOLD_LSB;
localparam int BSIZE_LSB      = nic_regs_pkg::RXQ_RXCTL_BSIZE_LSB;
localparam int BSIZE_W        = nic_regs_pkg::RXQ_RXCTL_BSIZE_W;
localparam int TDLEN_W        = nic_regs_pkg::TXQ_TDLEN_LEN_W;
localparam int TXCTL_EN       = nic_regs_pkg::TXQ_TXCTL_ENABLE_LSB;
localparam int VCTRL_MASK     = nic_regs_pkg::MSIX_VCTRL_MASK_LSB;

// reset values
localparam logic [13:0] MTU_RESET      = nic_regs_pkg::MTU_RESET[MTU_LSB +: MTU_W];
localparam logic [2:0]  MISC_IMS_RESET = nic_regs_pkg::MISC_IMS_RESET[MISC_IMS_LSB +: MISC_IMS_W];
localparam logic [6:0]  RSS_CTRL_RESET = nic_regs_pkg::RSS_CTRL_RESET[6:0];
localparam logic [319:0] KEY_RESET = {
    nic_regs_pkg::RSS_KEY0_RESET, nic_regs_pkg::RSS_KEY1_RESET, nic_regs_pkg::RSS_KEY2_RESET,
    nic_regs_pkg::RSS_KEY3_RESET, nic_regs_pkg::RSS_KEY4_RESET, nic_regs_pkg::RSS_KEY5_RESET,
    nic_regs_pkg::RSS_KEY6_RESET, nic_regs_pkg::RSS_KEY7_RESET, nic_regs_pkg::RSS_KEY8_RESET,
    nic_regs_pkg::RSS_KEY9_RESET
};
localparam logic [13:0] RDLEN_RESET    = nic_regs_pkg::RXQ_RDLEN_RESET[13:0];
localparam logic [4:0]  BSIZE_RESET    = nic_regs_pkg::RXQ_RXCTL_RESET[BSIZE_LSB +: BSIZE_W];
localparam logic        HOLD_RESET  = nic_regs_pkg::RXQ_RXCTL_RESET[RXCTL_HOLD];
localparam logic [13:0] TDLEN_RESET    = nic_regs_pkg::TXQ_TDLEN_RESET[13:0];
localparam logic        VMASK_RESET    = nic_regs_pkg::MSIX_VCTRL_RESET[VCTRL_MASK];

// CAPS value of this build
localparam logic [31:0] CAPS_VALUE =
      (32'(NQ) << nic_regs_pkg::CAPS_RXQ_LSB)
    | (32'(NQ) << nic_regs_pkg::CAPS_TXQ_LSB)
    | (32'(NV) << nic_regs_pkg::CAPS_VECTORS_LSB)
    | (32'(DMA_DATA_WIDTH / 8) << nic_regs_pkg::CAPS_DMA_BYTES_LSB);

initial begin
    if (KEY_WORDS != 10) begin
        $fatal(1, "nic_csr: the RSS key is 10 words (key_reg)");
    end
    if (NQ > nic_regs_pkg::RXQ_COUNT || NV > nic_regs_pkg::MSIX_COUNT || NV > nic_regs_pkg::VEC_ITR_COUNT
            || NQ > nic_regs_pkg::TXQ_COUNT || NV > nic_regs_pkg::VEC_TXITR_COUNT) begin
        $fatal(1, "nic_csr: RX_QUEUES larger than the register map");
    end
end

// ---------------------------------------------------------------- state
// AXI-Lite slave (kept across a soft reset)
logic                 awready_reg = 1'b0, awready_next;
logic                 wready_reg = 1'b0, wready_next;
logic                 have_aw_reg = 1'b0, have_aw_next;
logic                 have_w_reg = 1'b0, have_w_next;
// the write's register, decoded at the AW handshake (nic_regs_pkg::decode)
logic [RID_W-1:0]     wid_reg = '0, wid_next;
logic [RIDX_W-1:0]    widx_reg = '0, widx_next;
logic [31:0]          w_data_reg = '0, w_data_next;
logic [3:0]           w_strb_reg = '0, w_strb_next;
logic                 bvalid_reg = 1'b0, bvalid_next;
logic [1:0]           bresp_reg = RESP_OKAY, bresp_next;
logic                 arready_reg = 1'b0, arready_next;
logic                 rvalid_reg = 1'b0, rvalid_next;
logic [31:0]          rdata_reg = '0, rdata_next;
logic [1:0]           rresp_reg = RESP_OKAY, rresp_next;

// registers. Apart from the AXI-Lite state and MISC_CAUSE they have no
// _next: a simulator would copy every word of them on every edge. The
// config registers are written only by a register write that passed its
// checks (wr_take, the registers always_ff), and each counter is its own register
// with its own enable (g_stat, g_rxq, g_txq).
logic                 rx_en_reg = 1'b0;
logic                 tx_en_reg = 1'b0;
logic                 rst_pending_reg = 1'b0;
logic [13:0]          mtu_reg = MTU_RESET;
logic [2:0]           misc_cause_reg = '0, misc_cause_next;
logic [2:0]           misc_ims_reg = MISC_IMS_RESET;
logic                 msix_enable_reg = 1'b0;
logic                 func_mask_reg = 1'b0;
logic [NV*32-1:0]     itr_reg = '0;
logic [6:0]           rss_ctrl_reg = RSS_CTRL_RESET;
logic [319:0]         key_reg = KEY_RESET;
logic [128*4-1:0]     reta_reg = '0;
// per queue
logic [NQ*64-1:0]     q_base_reg = '0;
logic [NQ*14-1:0]     q_len_reg = {NQ{RDLEN_RESET}};
logic [NQ*12-1:0]     q_tail_reg = '0;
logic [NQ-1:0]        q_enable_reg = '0;
logic [NQ*5-1:0]      q_bsize_reg = {NQ{BSIZE_RESET}};
logic [NQ-1:0]        q_hold_reg = {NQ{HOLD_RESET}};
logic [NQ*5-1:0]      q_vector_reg = '0;
// per vector: VEC_TXITR
logic [NV*32-1:0]     txitr_reg = '0;
// per TX queue
logic [NQ*64-1:0]     t_base_reg = '0;
logic [NQ*14-1:0]     t_len_reg = {NQ{TDLEN_RESET}};
logic [NQ*12-1:0]     t_tail_reg = '0;
logic [NQ-1:0]        t_enable_reg = '0;
logic [NQ*5-1:0]      t_vector_reg = '0;
// MSI-X table
logic [NV*64-1:0]     msix_addr_reg = '0;
logic [NV*32-1:0]     msix_data_reg = '0;
logic [NV-1:0]        msix_mask_reg = {NV{VMASK_RESET}};
// the counters (registers in g_stat, g_rxq, g_txq), gathered for reads
logic [N_STATS*32-1:0] stats;
logic [NQ*32-1:0]     q_packets, q_bytes, q_no_desc;
logic [NQ*32-1:0]     t_packets, t_bytes, t_errors;

// ---------------------------------------------------------------- slot muxes
// A slot of a packed per-queue (per-vector) vector by a variable index, as
// a mux over the slots: written as a part-select (v[i*W +: W]), yosys
// builds a multiplier and a barrel shifter (on ECP5 a DSP block on the
// path and some 4x the LUTs of the mux). Power-of-two strides stay
// part-selects (a shift: no multiplier, and fewer LUTs on xc7); a 64-bit
// slot's high word is v[32'({i, 6'd32}) +: 32].
function automatic logic [11:0] sel_q12(input logic [NQ*12-1:0] v, input logic [3:0] i);
    sel_q12 = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q12 = v[k*12 +: 12];
        end
    end
endfunction

function automatic logic [13:0] sel_q14(input logic [NQ*14-1:0] v, input logic [3:0] i);
    sel_q14 = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q14 = v[k*14 +: 14];
        end
    end
endfunction

function automatic logic [4:0] sel_q5(input logic [NQ*5-1:0] v, input logic [3:0] i);
    sel_q5 = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q5 = v[k*5 +: 5];
        end
    end
endfunction

// soft or hard reset of the registers at this edge
logic                 clr;
assign clr = rst || soft_rst;

// write strobes to the other blocks
logic [NV-1:0]        wr_eicr_clr_int, wr_eics_set_int, wr_eims_set_int, wr_eimc_clr_int;
logic                 wr_eiam_en_int;
logic [NV-1:0]        wr_eiam_val_int;
logic [NV-1:0]        wr_itr_check_int;
logic                 wr_kick_fetch_int;
logic [NQ-1:0]        wr_reset_queue_int;
logic [NV-1:0]        wr_txitr_check_int;
logic [NQ-1:0]        wr_tx_reset_queue_int;

logic [2:0]           misc_mid;

// ---------------------------------------------------------------- read mux (pre-edge state)
// The address is decoded at the edge that raises ARREADY (ARVALID seen:
// AXI holds ARADDR stable until the handshake) and the mux at the
// handshake reads the registered decode, so no path runs from the bus
// inputs through the decode into the ~100-way mux (ECP5 critical on 894d0d6).
logic [RID_W-1:0]  ar_rid_reg = '0, ar_rid_next;
logic [RIDX_W-1:0] ar_ridx_reg = '0, ar_ridx_next;
logic [RID_W-1:0]  rid;       // the register read (nic_regs_pkg::decode)
logic [RIDX_W-1:0] ridx;      // ... its array / queue / vector index
logic [3:0]        ra_q;      // ... as the index of a queue, a key word or a counter
logic [31:0]       rd_data;
logic              rd_ok;

always_comb begin
    // decoded only with a request seen and ARREADY low (the edge that may
    // raise it): otherwise a don't-care, so a simulator skips it on idle edges
    if (s_axil_arvalid && !arready_reg) begin
        {ar_rid_next, ar_ridx_next} = nic_regs_pkg::decode(s_axil_araddr & ~16'd3, CAPS_VALUE);
    end else begin
        {ar_rid_next, ar_ridx_next} = {ar_rid_reg, ar_ridx_reg};
    end
end

always_comb begin
    // rd_data is taken only at the handshake (ARREADY high): otherwise the
    // mux is a don't-care (state only: evaluated once per edge)
    if (arready_reg) begin
        rid = ar_rid_reg;
        ridx = ar_ridx_reg;
    end else begin
        rid = 'x;
        ridx = 'x;
    end
    // (those arrays have at most 16 entries: a narrow index keeps their muxes 16:1)
    ra_q = 4'(ridx);
    rd_data = '0;
    rd_ok = 1'b1;

    case (rid)
        nic_regs_pkg::RID_ID:          rd_data = nic_regs_pkg::ID_RESET;
        nic_regs_pkg::RID_VERSION:     rd_data = nic_regs_pkg::VERSION_RESET;
        nic_regs_pkg::RID_CAPS:        rd_data = CAPS_VALUE;
        nic_regs_pkg::RID_CTRL: begin
            rd_data[CTRL_RX_EN] = rx_en_reg;
            rd_data[CTRL_TX_EN] = tx_en_reg;
            rd_data[CTRL_RST] = rst_pending_reg;
        end
        nic_regs_pkg::RID_MTU:         rd_data[MTU_LSB +: MTU_W] = mtu_reg;
        nic_regs_pkg::RID_MISC_CAUSE:  rd_data[2:0] = misc_cause_reg;
        nic_regs_pkg::RID_MISC_IMS:    rd_data[MISC_IMS_LSB +: MISC_IMS_W] = misc_ims_reg;
        nic_regs_pkg::RID_EICR:        rd_data[NV-1:0] = irq_eicr;
        nic_regs_pkg::RID_EICS,
        nic_regs_pkg::RID_EIMC:        rd_data = '0;
        nic_regs_pkg::RID_EIMS:        rd_data[NV-1:0] = irq_eims;
        nic_regs_pkg::RID_EIAM:        rd_data[NV-1:0] = irq_eiam;
        nic_regs_pkg::RID_MSIX_CTRL: begin
            rd_data[MSIX_EN] = msix_enable_reg;
            rd_data[MSIX_FMASK] = func_mask_reg;
        end
        nic_regs_pkg::RID_VEC_ITR:     rd_data = itr_reg[ridx*32 +: 32];
        nic_regs_pkg::RID_VEC_TXITR:   rd_data = txitr_reg[ridx*32 +: 32];
        nic_regs_pkg::RID_RSS_CTRL:    rd_data[6:0] = rss_ctrl_reg;
        nic_regs_pkg::RID_RSS_KEY:     rd_data = key_reg[319 - 32*ra_q -: 32];
        nic_regs_pkg::RID_RETA: begin
            for (int j = 0; j < 4; j = j + 1) begin
                rd_data[8*j +: 4] = reta_reg[(4*32'(ridx) + j)*4 +: 4];
            end
        end
        nic_regs_pkg::RID_STAT:        rd_data = stats[ra_q*32 +: 32];
        nic_regs_pkg::RID_RXQ_RDBAL:   rd_data = q_base_reg[ra_q*64 +: 32];
        nic_regs_pkg::RID_RXQ_RDBAH:   rd_data = q_base_reg[32'({ra_q, 6'd32}) +: 32];
        nic_regs_pkg::RID_RXQ_RDLEN:   rd_data = 32'(sel_q14(q_len_reg, ra_q));
        nic_regs_pkg::RID_RXQ_RDH:     rd_data = 32'(sel_q12(dma_head, ra_q));
        nic_regs_pkg::RID_RXQ_RDT:     rd_data = 32'(sel_q12(q_tail_reg, ra_q));
        nic_regs_pkg::RID_RXQ_RXCTL: begin
            rd_data[RXCTL_EN] = q_enable_reg[QIW'(ra_q)];
            rd_data[BSIZE_LSB +: BSIZE_W] = sel_q5(q_bsize_reg, ra_q);
            rd_data[RXCTL_HOLD] = q_hold_reg[QIW'(ra_q)];
        end
        nic_regs_pkg::RID_RXQ_IVAR:    rd_data = 32'(sel_q5(q_vector_reg, ra_q));
        nic_regs_pkg::RID_RXQ_PACKETS: rd_data = q_packets[ra_q*32 +: 32];
        nic_regs_pkg::RID_RXQ_BYTES:   rd_data = q_bytes[ra_q*32 +: 32];
        nic_regs_pkg::RID_RXQ_NO_DESC: rd_data = q_no_desc[ra_q*32 +: 32];
        nic_regs_pkg::RID_TXQ_TDBAL:   rd_data = t_base_reg[ra_q*64 +: 32];
        nic_regs_pkg::RID_TXQ_TDBAH:   rd_data = t_base_reg[32'({ra_q, 6'd32}) +: 32];
        nic_regs_pkg::RID_TXQ_TDLEN:   rd_data = 32'(sel_q14(t_len_reg, ra_q));
        nic_regs_pkg::RID_TXQ_TDH:     rd_data = 32'(sel_q12(tx_head, ra_q));
        nic_regs_pkg::RID_TXQ_TDT:     rd_data = 32'(sel_q12(t_tail_reg, ra_q));
        nic_regs_pkg::RID_TXQ_TXCTL:   rd_data[TXCTL_EN] = t_enable_reg[QIW'(ra_q)];
        nic_regs_pkg::RID_TXQ_IVAR:    rd_data = 32'(sel_q5(t_vector_reg, ra_q));
        nic_regs_pkg::RID_TXQ_PACKETS: rd_data = t_packets[ra_q*32 +: 32];
        nic_regs_pkg::RID_TXQ_BYTES:   rd_data = t_bytes[ra_q*32 +: 32];
        nic_regs_pkg::RID_TXQ_ERRORS:  rd_data = t_errors[ra_q*32 +: 32];
        nic_regs_pkg::RID_MSIX_ADDR_LO: rd_data = msix_addr_reg[ridx*64 +: 32];
        nic_regs_pkg::RID_MSIX_ADDR_HI: rd_data = msix_addr_reg[32'({ridx, 6'd32}) +: 32];
        nic_regs_pkg::RID_MSIX_DATA:   rd_data = msix_data_reg[ridx*32 +: 32];
        nic_regs_pkg::RID_MSIX_VCTRL:  rd_data[VCTRL_MASK] = msix_mask_reg[VIW'(ridx)];
        nic_regs_pkg::RID_PBA:         rd_data[NV-1:0] = irq_pba;
        // no register (RID_NONE), or a hole in a queue's register file
        default:                       rd_ok = 1'b0;
    endcase
end

// ---------------------------------------------------------------- next state
logic         ar_hs, aw_hs, w_hs;
logic         do_write;
logic         wr_ok;
logic         reg_err;
// the write passed its checks: the registers take v (always_ff below)
logic         wr_take;
logic [RID_W-1:0]  wid;    // the register written (wid_reg)
logic [RIDX_W-1:0] widx;   // ... its array / queue / vector index
logic [3:0]   wa_q;     // ... as the index of a queue or a key word
logic [31:0]  wd;
logic [31:0]  wm;       // byte-enable mask
logic [31:0]  dm;       // wd & wm
logic [31:0]  vo;       // the register's value before the write
logic [31:0]  v;        // merged value
logic         rx_busy;  // the written RX queue is enabled or has DMA in flight
logic         tx_busy;  // the written TX queue is enabled or has DMA in flight
logic         en;
// enabling the written queue with its tail at or past the ring's end: the
// tail goes to 0
logic         rx_tail_zero;
logic         tx_tail_zero;

// The write of this edge: its checks, its merged value v and its strobes
// to the other blocks, from registered state only (the held AW and W, the
// registers, the other blocks' registered outputs), so a simulator
// evaluates them once per edge, not again as logic of the bus inputs.
// (bvalid_reg: AW and W are accepted only with no response out, so both
// held means the last response was taken before the edge.)
always_comb begin
    wr_eicr_clr_int = '0;
    wr_eics_set_int = '0;
    wr_eims_set_int = '0;
    wr_eimc_clr_int = '0;
    wr_eiam_en_int = 1'b0;
    wr_eiam_val_int = '0;
    wr_itr_check_int = '0;
    wr_kick_fetch_int = 1'b0;
    wr_reset_queue_int = '0;
    wr_txitr_check_int = '0;
    wr_tx_reset_queue_int = '0;

    wr_ok = 1'b1;
    reg_err = 1'b0;
    rx_busy = 1'b0;
    tx_busy = 1'b0;
    en = 1'b0;
    rx_tail_zero = 1'b0;
    tx_tail_zero = 1'b0;
    vo = '0;
    v = '0;

    do_write = have_aw_reg && have_w_reg && !bvalid_reg;

    wid = wid_reg;
    widx = widx_reg;
    wd = w_data_reg;
    wm = {{8{w_strb_reg[3]}}, {8{w_strb_reg[2]}}, {8{w_strb_reg[1]}}, {8{w_strb_reg[0]}}};
    dm = wd & wm;
    wa_q = 4'(widx);

    // the checks and the merged value v; the registers take v in their
    // always_ff (wr_take)
    if (do_write) begin
        // lock while enabled (lock_when): a queue's ring registers are
        // refused while it is enabled or has DMA in flight
        if (32'(widx) < NQ) begin
            rx_busy = q_enable_reg[QIW'(wa_q)] || !dma_queue_idle[QIW'(wa_q)];
            tx_busy = t_enable_reg[QIW'(wa_q)] || !tx_queue_idle[QIW'(wa_q)];
        end
        if ((rx_busy && nic_regs_pkg::RXQ_locked(wid)) || (tx_busy && nic_regs_pkg::TXQ_locked(wid))) begin
            reg_err = 1'b1;
        end else begin
            case (wid)
                nic_regs_pkg::RID_NONE: wr_ok = 1'b0;
                nic_regs_pkg::RID_CTRL: begin
                    v = '0;
                    v[CTRL_RX_EN] = rx_en_reg;
                    v[CTRL_TX_EN] = tx_en_reg;
                    v = (v & ~wm) | dm;
                end
                nic_regs_pkg::RID_MTU: begin
                    v = 32'(mtu_reg) << MTU_LSB;
                    v = (v & ~wm) | dm;
                    if (!nic_regs_pkg::MTU_legal(v)) begin
                        reg_err = 1'b1;
                    end
                end
                nic_regs_pkg::RID_MISC_IMS: begin
                    v = 32'(misc_ims_reg) << MISC_IMS_LSB;
                    v = (v & ~wm) | dm;
                end
                nic_regs_pkg::RID_EICR: wr_eicr_clr_int = dm[NV-1:0] & irq_eicr;
                nic_regs_pkg::RID_EICS: wr_eics_set_int = dm[NV-1:0];
                nic_regs_pkg::RID_EIMS: wr_eims_set_int = dm[NV-1:0];
                nic_regs_pkg::RID_EIMC: wr_eimc_clr_int = dm[NV-1:0];
                nic_regs_pkg::RID_EIAM: begin
                    v = 32'(irq_eiam);
                    v = (v & ~wm) | dm;
                    wr_eiam_en_int = 1'b1;
                    wr_eiam_val_int = v[NV-1:0];
                end
                nic_regs_pkg::RID_MSIX_CTRL: begin
                    v = '0;
                    v[MSIX_EN] = msix_enable_reg;
                    v[MSIX_FMASK] = func_mask_reg;
                    v = (v & ~wm) | dm;
                end
                nic_regs_pkg::RID_VEC_ITR: begin
                    v = (itr_reg[widx*32 +: 32] & ~wm) | dm;
                    for (int i = 0; i < NV; i = i + 1) begin
                        if (widx == RIDX_W'(i)) begin
                            wr_itr_check_int[i] = 1'b1;
                        end
                    end
                end
                nic_regs_pkg::RID_VEC_TXITR: begin
                    v = (txitr_reg[widx*32 +: 32] & ~wm) | dm;
                    for (int i = 0; i < NV; i = i + 1) begin
                        if (widx == RIDX_W'(i)) begin
                            wr_txitr_check_int[i] = 1'b1;
                        end
                    end
                end
                nic_regs_pkg::RID_RSS_CTRL: v = (32'(rss_ctrl_reg) & ~wm) | dm;
                nic_regs_pkg::RID_RSS_KEY:  v = (key_reg[319 - 32*wa_q -: 32] & ~wm) | dm;
                nic_regs_pkg::RID_RETA: begin
                    v = '0;
                    for (int j = 0; j < 4; j = j + 1) begin
                        v[8*j +: 4] = reta_reg[(4*32'(widx) + j)*4 +: 4];
                    end
                    v = ((v & ~wm) | dm) & nic_regs_pkg::RETA_WMASK;
                    if (!nic_regs_pkg::RETA_legal(v, CAPS_VALUE)) begin
                        reg_err = 1'b1;
                    end
                end
                // ---- RX queue wa_q
                nic_regs_pkg::RID_RXQ_RDBAL:
                    v = ((q_base_reg[wa_q*64 +: 32] & ~wm) | dm) & nic_regs_pkg::RXQ_RDBAL_WMASK;
                nic_regs_pkg::RID_RXQ_RDBAH: v = (q_base_reg[32'({wa_q, 6'd32}) +: 32] & ~wm) | dm;
                nic_regs_pkg::RID_RXQ_RDLEN: v = (32'(sel_q14(q_len_reg, wa_q)) & ~wm) | dm;
                nic_regs_pkg::RID_RXQ_RDT: begin
                    v = ((32'(sel_q12(q_tail_reg, wa_q)) & ~wm) | dm) & nic_regs_pkg::RXQ_RDT_WMASK;
                    if (nic_regs_pkg::RXQ_RDT_legal(v, 32'(sel_q14(q_len_reg, wa_q)))) begin
                        wr_kick_fetch_int = 1'b1;
                    end else begin
                        reg_err = 1'b1;
                    end
                end
                nic_regs_pkg::RID_RXQ_RXCTL: begin
                    vo = '0;
                    vo[RXCTL_EN] = q_enable_reg[QIW'(wa_q)];
                    vo[BSIZE_LSB +: BSIZE_W] = sel_q5(q_bsize_reg, wa_q);
                    vo[RXCTL_HOLD] = q_hold_reg[QIW'(wa_q)];
                    v = (vo & ~wm) | dm;
                    en = v[RXCTL_EN];
                    // BSIZE may not change under a frame the engine is still moving
                    if (!nic_regs_pkg::RXQ_RXCTL_legal(v)
                            || (rx_busy && ((vo ^ v) & nic_regs_pkg::RXQ_RXCTL_LOCK_MASK) != '0)) begin
                        reg_err = 1'b1;
                    end else if (en && !q_enable_reg[QIW'(wa_q)]) begin
                        // enabling (legal_at RXCTL.ENABLE) starts the ring at 0; refused while DMA is in flight
                        if (!nic_regs_pkg::RXQ_RDLEN_legal(32'(sel_q14(q_len_reg, wa_q))) || !dma_queue_idle[QIW'(wa_q)]) begin
                            reg_err = 1'b1;
                        end else begin
                            rx_tail_zero = 14'(sel_q12(q_tail_reg, wa_q)) >= sel_q14(q_len_reg, wa_q);
                            for (int q = 0; q < NQ; q = q + 1) begin
                                if (wa_q == 4'(q)) begin
                                    wr_reset_queue_int[q] = 1'b1;
                                end
                            end
                        end
                    end
                end
                nic_regs_pkg::RID_RXQ_IVAR: begin
                    v = ((32'(sel_q5(q_vector_reg, wa_q)) & ~wm) | dm) & nic_regs_pkg::RXQ_IVAR_WMASK;
                    if (!nic_regs_pkg::RXQ_IVAR_legal(v, CAPS_VALUE)) begin
                        reg_err = 1'b1;
                    end
                end
                // ---- TX queue wa_q
                nic_regs_pkg::RID_TXQ_TDBAL:
                    v = ((t_base_reg[wa_q*64 +: 32] & ~wm) | dm) & nic_regs_pkg::TXQ_TDBAL_WMASK;
                nic_regs_pkg::RID_TXQ_TDBAH: v = (t_base_reg[32'({wa_q, 6'd32}) +: 32] & ~wm) | dm;
                nic_regs_pkg::RID_TXQ_TDLEN: v = (32'(sel_q14(t_len_reg, wa_q)) & ~wm) | dm;
                nic_regs_pkg::RID_TXQ_TDT: begin
                    v = ((32'(sel_q12(t_tail_reg, wa_q)) & ~wm) | dm) & nic_regs_pkg::TXQ_TDT_WMASK;
                    if (!nic_regs_pkg::TXQ_TDT_legal(v, 32'(sel_q14(t_len_reg, wa_q)))) begin
                        reg_err = 1'b1;
                    end
                end
                nic_regs_pkg::RID_TXQ_TXCTL: begin
                    v = '0;
                    v[TXCTL_EN] = t_enable_reg[QIW'(wa_q)];
                    v = (v & ~wm) | dm;
                    en = v[TXCTL_EN];
                    if (en && !t_enable_reg[QIW'(wa_q)]) begin
                        // enabling (legal_at TXCTL.ENABLE) starts the ring at 0; refused while TX DMA of the queue is in flight
                        if (!nic_regs_pkg::TXQ_TDLEN_legal(32'(sel_q14(t_len_reg, wa_q))) || !tx_queue_idle[QIW'(wa_q)]) begin
                            reg_err = 1'b1;
                        end else begin
                            tx_tail_zero = 14'(sel_q12(t_tail_reg, wa_q)) >= sel_q14(t_len_reg, wa_q);
                            for (int q = 0; q < NQ; q = q + 1) begin
                                if (wa_q == 4'(q)) begin
                                    wr_tx_reset_queue_int[q] = 1'b1;
                                end
                            end
                        end
                    end
                end
                nic_regs_pkg::RID_TXQ_IVAR: begin
                    v = ((32'(sel_q5(t_vector_reg, wa_q)) & ~wm) | dm) & nic_regs_pkg::TXQ_IVAR_WMASK;
                    if (!nic_regs_pkg::TXQ_IVAR_legal(v, CAPS_VALUE)) begin
                        reg_err = 1'b1;
                    end
                end
                // ---- MSI-X table entry widx
                // (message addresses are dword aligned)
                nic_regs_pkg::RID_MSIX_ADDR_LO:
                    v = ((msix_addr_reg[widx*64 +: 32] & ~wm) | dm) & nic_regs_pkg::MSIX_ADDR_LO_WMASK;
                nic_regs_pkg::RID_MSIX_ADDR_HI: v = (msix_addr_reg[32'({widx, 6'd32}) +: 32] & ~wm) | dm;
                nic_regs_pkg::RID_MSIX_DATA:    v = (msix_data_reg[widx*32 +: 32] & ~wm) | dm;
                nic_regs_pkg::RID_MSIX_VCTRL: begin
                    v = (32'(msix_mask_reg[VIW'(widx)]) << VCTRL_MASK);
                    v = (v & ~wm) | dm;
                end
                // read only (ID, VERSION, CAPS, STAT, RDH, TDH, queue
                // counters, PBA), a hole in a queue's register file, or
                // MISC_CAUSE (write 1 to clear, below): accepted, no effect
                default: ;
            endcase
        end

    end
    wr_take = do_write && !reg_err;
end

always_comb begin
    awready_next = awready_reg;
    wready_next = wready_reg;
    have_aw_next = have_aw_reg;
    have_w_next = have_w_reg;
    wid_next = wid_reg;
    widx_next = widx_reg;
    w_data_next = w_data_reg;
    w_strb_next = w_strb_reg;
    bvalid_next = bvalid_reg;
    bresp_next = bresp_reg;
    arready_next = arready_reg;
    rvalid_next = rvalid_reg;
    rdata_next = rdata_reg;
    rresp_next = rresp_reg;

    // ------------------------------------------------ 1. read phase
    ar_hs = arready_reg && s_axil_arvalid;
    if (rvalid_reg && s_axil_rready) begin
        rvalid_next = 1'b0;
    end
    if (ar_hs) begin
        rdata_next = rd_data;
        rresp_next = rd_ok ? RESP_OKAY : RESP_DECERR;
        rvalid_next = 1'b1;
    end
    arready_next = !ar_hs && !arready_reg && !rvalid_next && s_axil_arvalid;

    // ------------------------------------------------ 2.-4. counters of this edge: g_stat, g_rxq, g_txq

    // ------------------------------------------------ 5. write phase
    aw_hs = awready_reg && s_axil_awvalid;
    w_hs = wready_reg && s_axil_wvalid;
    if (bvalid_reg && s_axil_bready) begin
        bvalid_next = 1'b0;
    end
    // The address is decoded at the AW handshake and the write is done at
    // the next edge that holds both AW and W (registered: have_*_reg), so
    // the decode and the write's checks and effects are in different edges.
    // (aw_hs / w_hs imply !have_aw_reg / !have_w_reg: never the same edge.)
    // The write itself (do_write) is judged in the always_comb above.
    if (aw_hs) begin
        have_aw_next = 1'b1;
        {wid_next, widx_next} = nic_regs_pkg::decode(s_axil_awaddr & ~16'd3, CAPS_VALUE);
    end
    if (w_hs) begin
        have_w_next = 1'b1;
        w_data_next = s_axil_wdata;
        w_strb_next = s_axil_wstrb;
    end

    if (do_write) begin
        bresp_next = wr_ok ? RESP_OKAY : RESP_DECERR;
        bvalid_next = 1'b1;
        have_aw_next = 1'b0;
        have_w_next = 1'b0;
    end
    awready_next = !aw_hs && !awready_reg && !have_aw_next && !bvalid_next && s_axil_awvalid;
    wready_next = !w_hs && !wready_reg && !have_w_next && !bvalid_next && s_axil_wvalid;

    // MISC_CAUSE: hardware events of this edge, then the write
    misc_cause_next = misc_mid;
    if (do_write && wid == nic_regs_pkg::RID_MISC_CAUSE) begin
        misc_cause_next = misc_mid & ~(dm[2:0] & misc_cause_reg);
    end
    if (reg_err) begin
        misc_cause_next[MISC_REG_ERR] = 1'b1;
    end
end

// MISC_CAUSE after the DMA stage's errors of this edge
always_comb begin
    misc_mid = misc_cause_reg;
    if (dma_b_err || dma_r_err || tx_r_err) begin
        misc_mid[MISC_DMA_ERR] = 1'b1;
    end
    if (dma_desc_err || tx_desc_err) begin
        misc_mid[MISC_DESC_ERR] = 1'b1;
    end
end

// From registered state only (the reset fans out to every block): the edge
// after the one that left the master idle with the reset pending. Nothing
// starts while it is pending, so the engines stay idle for that edge.
assign soft_rst = rst_pending_reg && dma_bus_idle && tx_rst_ok;

// ---------------------------------------------------------------- counter events
// The blocks' events are registered here and counted at the next edge: a
// counter shows an event one cycle after it, and no engine's decision
// chains into a counter's adder (model: Csr::ev_pending). A reset drops
// them as it clears the counters. (MISC_CAUSE still latches the errors in
// their own edge: the interrupt block sees misc_cause_mid.)
logic                 e_ing_reg = 1'b0;
logic [2:0]           e_ing_code_reg;
logic                 e_b_err_reg = 1'b0;
logic                 e_r_err_reg = 1'b0;
logic                 e_desc_err_reg = 1'b0;
logic                 e_msi_reg = 1'b0;
logic                 e_no_desc_reg = 1'b0;
logic [3:0]           e_no_desc_q_reg;
logic                 e_complete_reg = 1'b0;
logic [3:0]           e_complete_q_reg;
logic [15:0]          e_complete_len_reg;
logic                 e_tx_r_err_reg = 1'b0;
logic                 e_tx_desc_err_reg = 1'b0;
logic                 e_tx_drop_reg = 1'b0;
logic [3:0]           e_tx_drop_q_reg;
logic                 e_tx_sent_reg = 1'b0;
logic [3:0]           e_tx_sent_q_reg;
logic [15:0]          e_tx_sent_len_reg;

always_ff @(posedge clk) begin
    e_ing_reg <= ing_ev_valid;
    e_ing_code_reg <= ing_ev_code;
    e_b_err_reg <= dma_b_err;
    e_r_err_reg <= dma_r_err;
    e_desc_err_reg <= dma_desc_err;
    e_msi_reg <= dma_msi_take;
    e_no_desc_reg <= dma_no_desc;
    e_no_desc_q_reg <= dma_no_desc_q;
    e_complete_reg <= dma_complete;
    e_complete_q_reg <= dma_complete_q;
    e_complete_len_reg <= dma_complete_len;
    e_tx_r_err_reg <= tx_r_err;
    e_tx_desc_err_reg <= tx_desc_err;
    e_tx_drop_reg <= tx_drop;
    e_tx_drop_q_reg <= tx_drop_q;
    e_tx_sent_reg <= tx_sent;
    e_tx_sent_q_reg <= tx_sent_q;
    e_tx_sent_len_reg <= tx_sent_len;
    if (clr) begin
        e_ing_reg <= 1'b0;
        e_b_err_reg <= 1'b0;
        e_r_err_reg <= 1'b0;
        e_desc_err_reg <= 1'b0;
        e_msi_reg <= 1'b0;
        e_no_desc_reg <= 1'b0;
        e_complete_reg <= 1'b0;
        e_tx_r_err_reg <= 1'b0;
        e_tx_desc_err_reg <= 1'b0;
        e_tx_drop_reg <= 1'b0;
        e_tx_sent_reg <= 1'b0;
    end
end

// ---------------------------------------------------------------- counters
// Each counter is its own register, loaded (with its sum, computed beside
// it) only at an edge that counts something: an idle edge costs a simulator
// a few tests, not a copy of every counter.

// increments of this edge per STAT counter, [16i +: 16] (at most a frame's
// length): the last edge's events, and this edge's REG_ERR
logic [N_STATS*16-1:0] st_inc;

always_comb begin
    st_inc = '0;
    st_inc[ST_RX_OFFERED*16 +: 16] = 16'(e_ing_reg);
    if (e_ing_reg) begin
        case (e_ing_code_reg)
            3'd0: ;
            3'd1: st_inc[ST_RX_OVERSIZE*16 +: 16] = 16'd1;
            3'd2: st_inc[ST_RX_FIFO_FULL*16 +: 16] = 16'd1;
            3'd3: st_inc[ST_RX_MAC_ERR*16 +: 16] = 16'd1;
            default: st_inc[ST_RX_NO_DESC*16 +: 16] = 16'd1;
        endcase
    end
    st_inc[ST_RX_NO_DESC*16 +: 16] = st_inc[ST_RX_NO_DESC*16 +: 16] + 16'(e_no_desc_reg);
    st_inc[ST_RX_PACKETS*16 +: 16] = 16'(e_complete_reg);
    st_inc[ST_RX_BYTES*16 +: 16] = e_complete_reg ? e_complete_len_reg : 16'd0;
    st_inc[ST_DMA_ERR*16 +: 16] = 16'(e_b_err_reg) + 16'(e_r_err_reg) + 16'(e_tx_r_err_reg);
    st_inc[ST_DESC_ERR*16 +: 16] = 16'(e_desc_err_reg) + 16'(e_tx_desc_err_reg);
    st_inc[ST_MSIX_SENT*16 +: 16] = 16'(e_msi_reg);
    st_inc[ST_TX_PACKETS*16 +: 16] = 16'(e_tx_sent_reg);
    st_inc[ST_TX_BYTES*16 +: 16] = e_tx_sent_reg ? e_tx_sent_len_reg : 16'd0;
    st_inc[ST_TX_ERR*16 +: 16] = 16'(e_tx_drop_reg);
    st_inc[ST_REG_ERR*16 +: 16] = 16'(reg_err);
end

for (genvar i = 0; i < N_STATS; i = i + 1) begin : g_stat
    logic [31:0] cnt_reg = '0, cnt_next;
    logic        cnt_en;

    assign cnt_en = (st_inc[i*16 +: 16] != 16'd0);
    // STAT_REG_ERR counts the end of the write's checks (reg_err): its sum
    // does not wait for them, they only enable the load
    if (i == ST_REG_ERR) begin : g_reg_err
        assign cnt_next = cnt_reg + 32'd1;
    end else begin : g_event
        assign cnt_next = cnt_reg + 32'(st_inc[i*16 +: 16]);
    end

    always_ff @(posedge clk) begin
        if (cnt_en) begin
            cnt_reg <= cnt_next;
        end
        if (clr) begin
            cnt_reg <= '0;
        end
    end

    assign stats[i*32 +: 32] = cnt_reg;
end

// per RX queue: frames written, their bytes, frames dropped for want of a
// descriptor
for (genvar q = 0; q < NQ; q = q + 1) begin : g_rxq
    logic [31:0] packets_reg = '0, packets_next;
    logic [31:0] bytes_reg = '0, bytes_next;
    logic [31:0] no_desc_reg = '0, no_desc_next;
    logic        done;
    logic        miss;

    assign done = e_complete_reg && (e_complete_q_reg == 4'(q));
    assign miss = e_no_desc_reg && (e_no_desc_q_reg == 4'(q));
    assign packets_next = packets_reg + 32'd1;
    assign bytes_next = bytes_reg + 32'(e_complete_len_reg);
    assign no_desc_next = no_desc_reg + 32'd1;

    always_ff @(posedge clk) begin
        if (done) begin
            packets_reg <= packets_next;
            bytes_reg <= bytes_next;
        end
        if (miss) begin
            no_desc_reg <= no_desc_next;
        end
        if (clr) begin
            packets_reg <= '0;
            bytes_reg <= '0;
            no_desc_reg <= '0;
        end
    end

    assign q_packets[q*32 +: 32] = packets_reg;
    assign q_bytes[q*32 +: 32] = bytes_reg;
    assign q_no_desc[q*32 +: 32] = no_desc_reg;
end

// per TX queue: frames sent, their bytes, frames dropped
for (genvar q = 0; q < NQ; q = q + 1) begin : g_txq
    logic [31:0] packets_reg = '0, packets_next;
    logic [31:0] bytes_reg = '0, bytes_next;
    logic [31:0] errors_reg = '0, errors_next;
    logic        sent;
    logic        drop;

    assign sent = e_tx_sent_reg && (e_tx_sent_q_reg == 4'(q));
    assign drop = e_tx_drop_reg && (e_tx_drop_q_reg == 4'(q));
    assign packets_next = packets_reg + 32'd1;
    assign bytes_next = bytes_reg + 32'(e_tx_sent_len_reg);
    assign errors_next = errors_reg + 32'd1;

    always_ff @(posedge clk) begin
        if (sent) begin
            packets_reg <= packets_next;
            bytes_reg <= bytes_next;
        end
        if (drop) begin
            errors_reg <= errors_next;
        end
        if (clr) begin
            packets_reg <= '0;
            bytes_reg <= '0;
            errors_reg <= '0;
        end
    end

    assign t_packets[q*32 +: 32] = packets_reg;
    assign t_bytes[q*32 +: 32] = bytes_reg;
    assign t_errors[q*32 +: 32] = errors_reg;
end

// ---------------------------------------------------------------- registers
// A register write in two edges: the edge that holds AW and W checks it
// (the always_comb above: v, reg_err, the strobes) and registers the
// outcome (take_reg, v_reg, the tail zeroing, the strobes wr_*_reg); the
// next edge loads the config register from v_reg and the other blocks take
// the strobes. So the checks are not on the path to the ~3000 register
// enables, and no block sees a strobe of this block's inputs. The write's
// register (wid_reg, widx_reg) holds still in that edge: a new AW is taken
// only after the response, which the check edge raises. A reset in the
// check edge drops the write, as it did when the check edge also loaded.
// (v is masked per register above; the masks again here keep the always-0
// bits constant for synthesis, which cannot see that through the shared v.)
logic                 take_reg = 1'b0;
logic [31:0]          v_reg = '0;
logic                 rxz_reg = 1'b0;
logic                 txz_reg = 1'b0;
logic [NV-1:0]        wr_eicr_clr_reg = '0, wr_eics_set_reg = '0, wr_eims_set_reg = '0, wr_eimc_clr_reg = '0;
logic                 wr_eiam_en_reg = 1'b0;
logic [NV-1:0]        wr_eiam_val_reg = '0;
logic [NV-1:0]        wr_itr_check_reg = '0;
logic                 wr_kick_fetch_reg = 1'b0;
logic [NQ-1:0]        wr_reset_queue_reg = '0;
logic [NV-1:0]        wr_txitr_check_reg = '0;
logic [NQ-1:0]        wr_tx_reset_queue_reg = '0;

always_ff @(posedge clk) begin
    take_reg <= wr_take;
    v_reg <= v;
    rxz_reg <= rx_tail_zero;
    txz_reg <= tx_tail_zero;
    wr_eicr_clr_reg <= wr_eicr_clr_int;
    wr_eics_set_reg <= wr_eics_set_int;
    wr_eims_set_reg <= wr_eims_set_int;
    wr_eimc_clr_reg <= wr_eimc_clr_int;
    wr_eiam_en_reg <= wr_eiam_en_int;
    wr_eiam_val_reg <= wr_eiam_val_int;
    wr_itr_check_reg <= wr_itr_check_int;
    wr_kick_fetch_reg <= wr_kick_fetch_int;
    wr_reset_queue_reg <= wr_reset_queue_int;
    wr_txitr_check_reg <= wr_txitr_check_int;
    wr_tx_reset_queue_reg <= wr_tx_reset_queue_int;
    if (clr) begin
        take_reg <= 1'b0;
        wr_eicr_clr_reg <= '0;
        wr_eics_set_reg <= '0;
        wr_eims_set_reg <= '0;
        wr_eimc_clr_reg <= '0;
        wr_eiam_en_reg <= 1'b0;
        wr_itr_check_reg <= '0;
        wr_kick_fetch_reg <= 1'b0;
        wr_reset_queue_reg <= '0;
        wr_txitr_check_reg <= '0;
        wr_tx_reset_queue_reg <= '0;
    end
end

// RDT after this edge: the write's value, or 0 when an enable zeroes a
// tail outside the ring (rxz_reg). One definition for the register and
// for cfg_q_tail_next.
logic [NQ*12-1:0] q_tail_after;

always_comb begin
    q_tail_after = q_tail_reg;
    if (take_reg && (wid_reg == nic_regs_pkg::RID_RXQ_RDT || (wid_reg == nic_regs_pkg::RID_RXQ_RXCTL && rxz_reg))) begin
        for (int q = 0; q < NQ; q = q + 1) begin
            if (4'(widx_reg) == 4'(q)) begin
                q_tail_after[q*12 +: 12] = (wid_reg == nic_regs_pkg::RID_RXQ_RDT) ? v_reg[11:0] : 12'd0;
            end
        end
    end
end

always_ff @(posedge clk) begin
    q_tail_reg <= q_tail_after;
    if (take_reg) begin
        case (wid_reg)
            nic_regs_pkg::RID_CTRL: begin
                rx_en_reg <= v_reg[CTRL_RX_EN];
                tx_en_reg <= v_reg[CTRL_TX_EN];
                if (v_reg[CTRL_RST]) begin
                    rst_pending_reg <= 1'b1;
                end
            end
            nic_regs_pkg::RID_MTU:       mtu_reg <= v_reg[MTU_LSB +: MTU_W];
            nic_regs_pkg::RID_MISC_IMS:  misc_ims_reg <= v_reg[MISC_IMS_LSB +: MISC_IMS_W];
            nic_regs_pkg::RID_MSIX_CTRL: begin
                msix_enable_reg <= v_reg[MSIX_EN];
                func_mask_reg <= v_reg[MSIX_FMASK];
            end
            nic_regs_pkg::RID_VEC_ITR: begin
                for (int i = 0; i < NV; i = i + 1) begin
                    if (widx_reg == RIDX_W'(i)) begin
                        itr_reg[i*32 +: 32] <= v_reg;
                    end
                end
            end
            nic_regs_pkg::RID_VEC_TXITR: begin
                for (int i = 0; i < NV; i = i + 1) begin
                    if (widx_reg == RIDX_W'(i)) begin
                        txitr_reg[i*32 +: 32] <= v_reg;
                    end
                end
            end
            nic_regs_pkg::RID_RSS_CTRL:  rss_ctrl_reg <= v_reg[6:0];
            nic_regs_pkg::RID_RSS_KEY: begin
                for (int k = 0; k < KEY_WORDS; k = k + 1) begin
                    if (4'(widx_reg) == 4'(k)) begin
                        key_reg[319 - 32*k -: 32] <= v_reg;
                    end
                end
            end
            nic_regs_pkg::RID_RETA: begin
                for (int i = 0; i < nic_regs_pkg::RETA_COUNT; i = i + 1) begin
                    if (widx_reg == RIDX_W'(i)) begin
                        for (int j = 0; j < 4; j = j + 1) begin
                            reta_reg[(4*i + j)*4 +: 4] <= v_reg[8*j +: 4];
                        end
                    end
                end
            end
            nic_regs_pkg::RID_RXQ_RDBAL,
            nic_regs_pkg::RID_RXQ_RDBAH,
            nic_regs_pkg::RID_RXQ_RDLEN,
            nic_regs_pkg::RID_RXQ_RDT,
            nic_regs_pkg::RID_RXQ_RXCTL,
            nic_regs_pkg::RID_RXQ_IVAR: begin
                for (int q = 0; q < NQ; q = q + 1) begin
                    if (4'(widx_reg) == 4'(q)) begin
                        case (wid_reg)
                            nic_regs_pkg::RID_RXQ_RDBAL: q_base_reg[q*64 +: 32] <= v_reg & nic_regs_pkg::RXQ_RDBAL_WMASK;
                            nic_regs_pkg::RID_RXQ_RDBAH: q_base_reg[q*64 + 32 +: 32] <= v_reg;
                            nic_regs_pkg::RID_RXQ_RDLEN: q_len_reg[q*14 +: 14] <= v_reg[RDLEN_W-1:0];
                            nic_regs_pkg::RID_RXQ_RDT:   ;  // q_tail_after
                            nic_regs_pkg::RID_RXQ_RXCTL: begin
                                q_enable_reg[q] <= v_reg[RXCTL_EN];
                                q_bsize_reg[q*5 +: 5] <= v_reg[BSIZE_LSB +: BSIZE_W];
                                q_hold_reg[q] <= v_reg[RXCTL_HOLD];
                            end
                            default:                     q_vector_reg[q*5 +: 5] <= v_reg[4:0];
                        endcase
                    end
                end
            end
            nic_regs_pkg::RID_TXQ_TDBAL,
            nic_regs_pkg::RID_TXQ_TDBAH,
            nic_regs_pkg::RID_TXQ_TDLEN,
            nic_regs_pkg::RID_TXQ_TDT,
            nic_regs_pkg::RID_TXQ_TXCTL,
            nic_regs_pkg::RID_TXQ_IVAR: begin
                for (int q = 0; q < NQ; q = q + 1) begin
                    if (4'(widx_reg) == 4'(q)) begin
                        case (wid_reg)
                            nic_regs_pkg::RID_TXQ_TDBAL: t_base_reg[q*64 +: 32] <= v_reg & nic_regs_pkg::TXQ_TDBAL_WMASK;
                            nic_regs_pkg::RID_TXQ_TDBAH: t_base_reg[q*64 + 32 +: 32] <= v_reg;
                            nic_regs_pkg::RID_TXQ_TDLEN: t_len_reg[q*14 +: 14] <= v_reg[TDLEN_W-1:0];
                            nic_regs_pkg::RID_TXQ_TDT:   t_tail_reg[q*12 +: 12] <= v_reg[11:0];
                            nic_regs_pkg::RID_TXQ_TXCTL: begin
                                t_enable_reg[q] <= v_reg[TXCTL_EN];
                                if (txz_reg) begin
                                    t_tail_reg[q*12 +: 12] <= '0;
                                end
                            end
                            default:                     t_vector_reg[q*5 +: 5] <= v_reg[4:0];
                        endcase
                    end
                end
            end
            nic_regs_pkg::RID_MSIX_ADDR_LO,
            nic_regs_pkg::RID_MSIX_ADDR_HI,
            nic_regs_pkg::RID_MSIX_DATA,
            nic_regs_pkg::RID_MSIX_VCTRL: begin
                for (int i = 0; i < NV; i = i + 1) begin
                    if (widx_reg == RIDX_W'(i)) begin
                        case (wid_reg)
                            nic_regs_pkg::RID_MSIX_ADDR_LO: msix_addr_reg[i*64 +: 32] <= v_reg & nic_regs_pkg::MSIX_ADDR_LO_WMASK;
                            nic_regs_pkg::RID_MSIX_ADDR_HI: msix_addr_reg[i*64 + 32 +: 32] <= v_reg;
                            nic_regs_pkg::RID_MSIX_DATA:    msix_data_reg[i*32 +: 32] <= v_reg;
                            default:                        msix_mask_reg[i] <= v_reg[VCTRL_MASK];
                        endcase
                    end
                end
            end
            default: ;
        endcase
    end

    // soft reset: every register to its reset value, the bus keeps going
    if (clr) begin
        rx_en_reg <= 1'b0;
        tx_en_reg <= 1'b0;
        rst_pending_reg <= 1'b0;
        mtu_reg <= MTU_RESET;
        misc_ims_reg <= MISC_IMS_RESET;
        msix_enable_reg <= 1'b0;
        func_mask_reg <= 1'b0;
        itr_reg <= '0;
        rss_ctrl_reg <= RSS_CTRL_RESET;
        key_reg <= KEY_RESET;
        reta_reg <= '0;
        q_base_reg <= '0;
        q_len_reg <= {NQ{RDLEN_RESET}};
        q_tail_reg <= '0;
        q_enable_reg <= '0;
        q_bsize_reg <= {NQ{BSIZE_RESET}};
        q_hold_reg <= {NQ{HOLD_RESET}};
        q_vector_reg <= '0;
        txitr_reg <= '0;
        t_base_reg <= '0;
        t_len_reg <= {NQ{TDLEN_RESET}};
        t_tail_reg <= '0;
        t_enable_reg <= '0;
        t_vector_reg <= '0;
        msix_addr_reg <= '0;
        msix_data_reg <= '0;
        msix_mask_reg <= {NV{VMASK_RESET}};
    end
end

// AXI-Lite slave and MISC_CAUSE
always_ff @(posedge clk) begin
    awready_reg <= awready_next;
    wready_reg <= wready_next;
    have_aw_reg <= have_aw_next;
    have_w_reg <= have_w_next;
    wid_reg <= wid_next;
    widx_reg <= widx_next;
    w_data_reg <= w_data_next;
    w_strb_reg <= w_strb_next;
    bvalid_reg <= bvalid_next;
    bresp_reg <= bresp_next;
    arready_reg <= arready_next;
    ar_rid_reg <= ar_rid_next;
    ar_ridx_reg <= ar_ridx_next;
    rvalid_reg <= rvalid_next;
    rdata_reg <= rdata_next;
    rresp_reg <= rresp_next;
    misc_cause_reg <= misc_cause_next;

    if (clr) begin
        misc_cause_reg <= '0;
    end

    if (rst) begin
        awready_reg <= 1'b0;
        wready_reg <= 1'b0;
        have_aw_reg <= 1'b0;
        have_w_reg <= 1'b0;
        bvalid_reg <= 1'b0;
        bresp_reg <= RESP_OKAY;
        arready_reg <= 1'b0;
        rvalid_reg <= 1'b0;
        rresp_reg <= RESP_OKAY;
    end
end

assign s_axil_awready = awready_reg;
assign s_axil_wready = wready_reg;
assign s_axil_bvalid = bvalid_reg;
assign s_axil_bresp = bvalid_reg ? bresp_reg : 2'b00;
assign s_axil_arready = arready_reg;
assign s_axil_rvalid = rvalid_reg;
assign s_axil_rdata = rvalid_reg ? rdata_reg : 32'd0;
assign s_axil_rresp = rvalid_reg ? rresp_reg : 2'b00;

assign cfg_rx_en = rx_en_reg;
assign cfg_tx_en = tx_en_reg;
assign cfg_rst_pending = rst_pending_reg;
assign cfg_mtu = mtu_reg;
assign cfg_misc_cause = misc_cause_reg;
assign cfg_misc_ims = misc_ims_reg;
assign cfg_msix_enable = msix_enable_reg;
assign cfg_func_mask = func_mask_reg;
assign cfg_itr = itr_reg;
assign cfg_rss_ctrl = rss_ctrl_reg;
assign cfg_rss_key = key_reg;
assign cfg_reta = reta_reg;
assign cfg_q_base = q_base_reg;
assign cfg_q_len = q_len_reg;
assign cfg_q_tail = q_tail_reg;
assign cfg_q_tail_next = q_tail_after;
assign cfg_q_enable = q_enable_reg;
assign cfg_q_bsize = q_bsize_reg;
assign cfg_q_hold = q_hold_reg;
assign cfg_q_vector = q_vector_reg;
assign cfg_msix_addr = msix_addr_reg;
assign cfg_msix_data = msix_data_reg;
assign cfg_vec_mask = msix_mask_reg;
assign cfg_txitr = txitr_reg;
assign cfg_tq_base = t_base_reg;
assign cfg_tq_len = t_len_reg;
assign cfg_tq_tail = t_tail_reg;
assign cfg_tq_enable = t_enable_reg;
assign cfg_tq_vector = t_vector_reg;
assign misc_cause_mid = misc_mid;

assign wr_eicr_clr = wr_eicr_clr_reg;
assign wr_eics_set = wr_eics_set_reg;
assign wr_eims_set = wr_eims_set_reg;
assign wr_eimc_clr = wr_eimc_clr_reg;
assign wr_eiam_en = wr_eiam_en_reg;
assign wr_eiam_val = wr_eiam_val_reg;
assign wr_itr_check = wr_itr_check_reg;
assign wr_kick_fetch = wr_kick_fetch_reg;
assign wr_reset_queue = wr_reset_queue_reg;
assign wr_txitr_check = wr_txitr_check_reg;
assign wr_tx_reset_queue = wr_tx_reset_queue_reg;

assign quiet = !(awready_reg || wready_reg || have_aw_reg || have_w_reg || bvalid_reg || arready_reg || rvalid_reg)
    && !rst_pending_reg
    && !(e_ing_reg || e_b_err_reg || e_r_err_reg || e_desc_err_reg || e_msi_reg || e_no_desc_reg
         || e_complete_reg || e_tx_r_err_reg || e_tx_desc_err_reg || e_tx_drop_reg || e_tx_sent_reg);

endmodule

`default_nettype wire
