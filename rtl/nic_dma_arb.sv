`default_nettype none

/*
 * DMA arbiter: the one owner of the AXI4 master. Mirrors
 * model/src/dma_arb.rs (struct DmaArb).
 *
 * Read side (AR, R): two read clients, the RX prefetcher (descriptor
 * fetches, ID = queue) and the TX engine (descriptor reads 0x10, data reads
 * 0x11), each presenting a request that it holds until accepted (valid/
 * ready). The arbiter muxes the presenting one onto m_axi_ar* (RX first),
 * routes arready to it, and routes R beats by ID (TX read IDs to the TX
 * engine, every other to RX, which counts a beat nobody asked for). rready
 * is always 1. The slot policy, which keeps the two from ever presenting
 * together without a same-edge decision between them:
 *  - RX first: the prefetcher chooses a fetch (from registered state) only
 *    in an edge in which no TX request stays presented (tx_ar_hold), and
 *    issues it in the next edge into the slot it kept;
 *  - TX into what RX leaves: the TX engine may present a read only in an
 *    edge where RX neither holds the slot after the edge nor keeps it for a
 *    pick tried in this edge (rx_ar_keep -> tx_ar_grant); a pick that finds
 *    nothing costs TX that edge's slot.
 *
 * Write side (AW, W, B): write clients, each a valid/ready port (a
 * client's ready never depends on its own valid), in fixed priority:
 *   1. MSI-X messages (msi_valid/msi_vec from nic_irq; msi_ready is the
 *      take), so an interrupt waits for the burst in progress at most,
 *      never behind the rest of a frame;
 *   2. TX write-backs (the head of nic_tx_dma's write-back FIFO: one beat,
 *      ID 0x12, the status byte in lane 3);
 *   3. the RX engine (nic_rx_dma: frame data bursts read from the RX FIFO
 *      RAM beat by beat, or two-beat write-backs, ID = queue).
 * One burst at a time: AW is presented first; its W beats follow from the
 * cycle after the AW handshake, one per cycle while wready; the next
 * burst's AW may be presented in the cycle after the last W handshake (a
 * client is granted in the edge that takes the last beat). bready is always
 * 1; B responses are counted (outstanding writes, for the soft reset's
 * bus-idle wait), a bad bresp is a DMA error. The one channel is the
 * ordering: a client's bursts go out in the order it presents them, so the
 * RX engine's write-back follows its frame's data, and an MSI-X message the
 * write-back that caused it (the interrupt block counts a completion only
 * once its write-back's last beat is accepted: rx_wb_done, ev_tx_complete).
 *
 * One edge, in two always_combs (so no client's request is on the path of
 * its own ready):
 *  A. B; the current burst's AW/W progress (burst_done: the RX engine's
 *     write-back is done -> rx_wb_done; a TX write-back -> a TX completion
 *     for its queue's vector); with the channel free after that and no soft
 *     reset pending: msi_ready, else tx_wb_ready, else rx_wr_ready.
 *  B. the burst loaded for the next cycle: the MSI-X message, the TX
 *     write-back, or the RX request if it is valid in this edge.
 * The RX engine's step sits between A and B (it sees rx_wb_done and
 * rx_wr_ready and presents rx_wr_*), as the model's RxDma::edge sits
 * between DmaArb::wr_edge and DmaArb::load_rx.
 *
 * W data of a FIFO burst: the model drives fifo[word + beat] during the
 * cycle; here the FIFO RAM has a registered read port whose address is the
 * next-state word + beat, so its output register holds exactly that word.
 */
module nic_dma_arb #(
    // RX queues (1..16): MSI-X vectors = RX_QUEUES + 1; TX queues = RX_QUEUES
    parameter int RX_QUEUES = 16,
    // RX FIFO depth in 8-byte words (power of two): the read port's address width
    parameter int RX_FIFO_WORDS = 4096
) (
    input  wire logic                              clk,
    input  wire logic                              rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                              soft_rst,

    // AXI4 master: write
    output wire logic [7:0]                        m_axi_awid,
    output wire logic [63:0]                       m_axi_awaddr,
    output wire logic [7:0]                        m_axi_awlen,
    output wire logic [2:0]                        m_axi_awsize,
    output wire logic [1:0]                        m_axi_awburst,
    output wire logic                              m_axi_awvalid,
    input  wire logic                              m_axi_awready,
    output wire logic [63:0]                       m_axi_wdata,
    output wire logic [7:0]                        m_axi_wstrb,
    output wire logic                              m_axi_wlast,
    output wire logic                              m_axi_wvalid,
    input  wire logic                              m_axi_wready,
    input  wire logic [1:0]                        m_axi_bresp,
    input  wire logic                              m_axi_bvalid,
    output wire logic                              m_axi_bready,

    // AXI4 master: read
    output wire logic [7:0]                        m_axi_arid,
    output wire logic [63:0]                       m_axi_araddr,
    output wire logic [7:0]                        m_axi_arlen,
    output wire logic [2:0]                        m_axi_arsize,
    output wire logic [1:0]                        m_axi_arburst,
    output wire logic                              m_axi_arvalid,
    input  wire logic                              m_axi_arready,
    input  wire logic [7:0]                        m_axi_rid,
    input  wire logic                              m_axi_rvalid,
    output wire logic                              m_axi_rready,

    // read client 1: the RX prefetcher (its fetch, state)
    input  wire logic                              rx_ar_valid,
    input  wire logic [3:0]                        rx_ar_id,        // = the queue
    input  wire logic [63:0]                       rx_ar_addr,
    input  wire logic [7:0]                        rx_ar_len,
    output wire logic                              rx_ar_ready,
    // it holds the slot after this edge, or keeps it for a pick tried now
    input  wire logic                              rx_ar_keep,
    // the TX request stays presented after this edge's handshake
    output wire logic                              tx_ar_hold,
    // an R beat for the RX prefetcher (not a TX read ID)
    output wire logic                              rx_r_valid,

    // read client 2: the TX engine (its read, state; 0 while not valid)
    input  wire logic                              tx_ar_valid,
    input  wire logic [7:0]                        tx_ar_id,
    input  wire logic [63:0]                       tx_ar_addr,
    input  wire logic [7:0]                        tx_ar_len,
    output wire logic                              tx_ar_ready,
    // it may present a read in this edge
    output wire logic                              tx_ar_grant,
    // an R beat for the TX engine (ID 0x10 or 0x11)
    output wire logic                              tx_r_valid,

    // configuration (register state before the edge)
    input  wire logic                              cfg_rst_pending,
    input  wire logic [(RX_QUEUES+1)*64-1:0]       cfg_msix_addr,
    input  wire logic [(RX_QUEUES+1)*32-1:0]       cfg_msix_data,
    input  wire logic [RX_QUEUES*5-1:0]            cfg_tq_vector,

    // client 1: MSI-X (nic_irq state: a vector is sendable, the lowest one)
    input  wire logic                              msi_valid,
    input  wire logic [4:0]                        msi_vec,
    output wire logic                              msi_ready,

    // client 2: TX write-back (the head of nic_tx_dma's write-back FIFO
    // after this edge's R beat)
    input  wire logic                              tx_wb_valid,
    input  wire logic [63:0]                       tx_wb_addr,
    input  wire logic [7:0]                        tx_wb_status,
    input  wire logic [3:0]                        tx_wb_q,
    output wire logic                              tx_wb_ready,

    // client 3: the RX engine's next burst
    input  wire logic                              rx_wr_valid,
    input  wire logic [3:0]                        rx_wr_id,        // = its queue
    input  wire logic [63:0]                       rx_wr_addr,
    input  wire logic [8:0]                        rx_wr_beats,
    input  wire logic                              rx_wr_wb,        // 1: write-back (rx_wr_d0/d1), 0: FIFO data
    input  wire logic [$clog2(RX_FIFO_WORDS)-1:0]  rx_wr_word,      // FIFO data: first word
    input  wire logic [7:0]                        rx_wr_last_strb, // FIFO data: the last beat's wstrb
    input  wire logic [63:0]                       rx_wr_d0,        // write-back: its two beats
    input  wire logic [63:0]                       rx_wr_d1,
    output wire logic                              rx_wr_ready,
    // the RX engine's write-back burst had its last beat accepted
    output wire logic                              rx_wb_done,

    // RX FIFO RAM read port (registered read): W data of RX data bursts
    output wire logic [$clog2(RX_FIFO_WORDS)-1:0]  fifo_rd_addr,
    input  wire logic [63:0]                       fifo_rd_data,

    // events of this edge
    output wire logic                              ev_b_err,
    output wire logic                              ev_tx_complete,      // a TX write-back was accepted ...
    output wire logic [4:0]                        ev_tx_complete_vec,  // ... for this vector

    // no burst half sent, no write response outstanding (state before the edge)
    output wire logic                              bus_idle
);

localparam int AW = $clog2(RX_FIFO_WORDS);

// AXI ID of MSI-X writes
localparam logic [4:0] MSI_ID = 5'h1F;
// AXI IDs of the TX engine: descriptor reads, data reads, write-backs
localparam logic [7:0] TX_DESC_ID = 8'h10;
localparam logic [7:0] TX_DATA_ID = 8'h11;
localparam logic [4:0] TX_WB_ID = 5'h12;
// the TX write-back writes the status byte only: its byte lane in its word
localparam int TX_WB_LANE = nic_desc_pkg::TX_DD_LSB / 8;

localparam logic [1:0] RESP_OKAY = 2'b00;
localparam logic [2:0] AXI_SIZE_8 = 3'd3;
localparam logic [1:0] AXI_BURST_INCR = 2'b01;

// burst source
localparam logic [1:0] SRC_FIFO = 2'd0;
localparam logic [1:0] SRC_WB   = 2'd1;
localparam logic [1:0] SRC_MSI  = 2'd2;
localparam logic [1:0] SRC_TXWB = 2'd3;

// ---------------------------------------------------------------- slot muxes
// A slot of a packed per-queue (per-vector) vector by a variable index, as
// a mux over the slots: written as a part-select (v[i*W +: W]), yosys
// builds a multiplier and a barrel shifter (on ECP5 a DSP block on the
// path and some 4x the LUTs of the mux). Power-of-two strides stay
// part-selects (a shift: no multiplier, and fewer LUTs on xc7); a 64-bit
// slot's high word is v[32'({i, 6'd32}) +: 32].
function automatic logic [4:0] sel_q5(input logic [RX_QUEUES*5-1:0] v, input logic [3:0] i);
    sel_q5 = '0;
    for (int k = 0; k < RX_QUEUES; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q5 = v[k*5 +: 5];
        end
    end
endfunction

// ---------------------------------------------------------------- state
// the burst on the channel (Burst)
logic               wr_valid_reg = 1'b0, wr_valid_mid, wr_valid_next;
logic               wr_aw_done_reg = 1'b0, wr_aw_done_mid, wr_aw_done_next;
logic [63:0]        wr_addr_reg = '0, wr_addr_next;
logic [8:0]         wr_beats_reg = '0, wr_beats_next;
logic [7:0]         wr_beat_reg = '0, wr_beat_mid, wr_beat_next;
// the beat on W is the burst's last (wr_beat + 1 == wr_beats), worked out
// when the beat moves, so the W handshake that frees the channel is not
// behind a compare
logic               wr_last_reg = 1'b0, wr_last_mid, wr_last_next;
logic [4:0]         wr_id_reg = '0, wr_id_next;
logic [1:0]         wr_src_reg = SRC_FIFO, wr_src_next;
logic [AW-1:0]      wr_word_reg = '0, wr_word_next;
// the FIFO word of the beat on W, wr_word + wr_beat during a FIFO burst:
// the RAM's read address follows it with a mux, no add behind the grant
logic [AW-1:0]      rd_ptr_reg = '0;
logic [7:0]         wr_last_strb_reg = '0, wr_last_strb_next;
logic [63:0]        wr_d0_reg = '0, wr_d0_next;
logic [63:0]        wr_d1_reg = '0, wr_d1_next;
logic [3:0]         wr_txq_reg = '0, wr_txq_next;                // TX queue of a TX write-back
// write bursts awaiting their B response
logic [31:0]        wr_out_reg = '0, wr_out_next;

// ---------------------------------------------------------------- read side (no state)
logic r_tx_id;

assign r_tx_id = (m_axi_rid == TX_DESC_ID) || (m_axi_rid == TX_DATA_ID);
assign rx_r_valid = m_axi_rvalid && !r_tx_id;
assign tx_r_valid = m_axi_rvalid && r_tx_id;
assign rx_ar_ready = rx_ar_valid && m_axi_arready;
assign tx_ar_ready = tx_ar_valid && !rx_ar_valid && m_axi_arready;
assign tx_ar_hold = tx_ar_valid && !tx_ar_ready;
assign tx_ar_grant = !rx_ar_keep;

// the AR slot holds an RX fetch or a TX read, never both (RX first in the mux)
assign m_axi_arvalid = rx_ar_valid || tx_ar_valid;
assign m_axi_arid = rx_ar_valid ? {4'd0, rx_ar_id} : tx_ar_id;
assign m_axi_araddr = rx_ar_valid ? rx_ar_addr : tx_ar_addr;
assign m_axi_arlen = rx_ar_valid ? rx_ar_len : tx_ar_len;
assign m_axi_arsize = m_axi_arvalid ? AXI_SIZE_8 : 3'd0;
assign m_axi_arburst = m_axi_arvalid ? AXI_BURST_INCR : 2'd0;
assign m_axi_rready = 1'b1;

// ---------------------------------------------------------------- A. progress and grants
logic burst_done;
logic free;
logic w_next_beat;  // a W beat taken that was not the burst's last

always_comb begin
    wr_valid_mid = wr_valid_reg;
    wr_aw_done_mid = wr_aw_done_reg;
    wr_beat_mid = wr_beat_reg;
    wr_last_mid = wr_last_reg;
    wr_out_next = wr_out_reg;
    burst_done = 1'b0;
    w_next_beat = 1'b0;

    // B channel (bready is always 1)
    if (m_axi_bvalid && wr_out_reg != '0) begin
        wr_out_next = wr_out_reg - 1'b1;
    end

    // AW / W progress of the current burst
    if (wr_valid_reg) begin
        if (!wr_aw_done_reg) begin
            if (m_axi_awready) begin
                wr_aw_done_mid = 1'b1;
                wr_out_next = wr_out_next + 1'b1;
            end
        end else if (m_axi_wready) begin
            if (wr_last_reg) begin
                wr_valid_mid = 1'b0;
                burst_done = 1'b1;
            end else begin
                wr_beat_mid = wr_beat_reg + 1'b1;
                w_next_beat = 1'b1;
                wr_last_mid = ({1'b0, wr_beat_reg} + 9'd2 == wr_beats_reg);
            end
        end
    end

    // the free channel goes to the first client in priority order
    free = !wr_valid_mid && !cfg_rst_pending;
end

assign ev_b_err = m_axi_bvalid && (m_axi_bresp != RESP_OKAY);
assign ev_tx_complete = burst_done && (wr_src_reg == SRC_TXWB);
assign ev_tx_complete_vec = ev_tx_complete ? sel_q5(cfg_tq_vector, wr_txq_reg) : 5'd0;
assign rx_wb_done = burst_done && (wr_src_reg == SRC_WB);
assign msi_ready = free && msi_valid;
assign tx_wb_ready = free && !msi_valid && tx_wb_valid;
assign rx_wr_ready = free && !msi_valid && !tx_wb_valid;

// ---------------------------------------------------------------- B. the next burst
logic [63:0] msi_addr;
logic [31:0] msi_data;

always_comb begin
    wr_valid_next = wr_valid_mid;
    wr_aw_done_next = wr_aw_done_mid;
    wr_beat_next = wr_beat_mid;
    wr_last_next = wr_last_mid;
    wr_addr_next = wr_addr_reg;
    wr_beats_next = wr_beats_reg;
    wr_id_next = wr_id_reg;
    wr_src_next = wr_src_reg;
    wr_word_next = wr_word_reg;
    wr_last_strb_next = wr_last_strb_reg;
    wr_d0_next = wr_d0_reg;
    wr_d1_next = wr_d1_reg;
    wr_txq_next = wr_txq_reg;
    msi_addr = cfg_msix_addr[msi_vec*64 +: 64];
    msi_data = cfg_msix_data[msi_vec*32 +: 32];

    if (msi_ready) begin
        wr_valid_next = 1'b1;
        wr_aw_done_next = 1'b0;
        wr_beat_next = '0;
        wr_beats_next = 9'd1;
        wr_last_next = 1'b1;
        wr_id_next = MSI_ID;
        wr_src_next = SRC_MSI;
        wr_addr_next = msi_addr;
        // the 4-byte lane picked by address bit 2
        wr_d0_next = msi_addr[2] ? {msi_data, 32'd0} : {32'd0, msi_data};
        wr_last_strb_next = msi_addr[2] ? 8'hF0 : 8'h0F;
    end else if (tx_wb_ready) begin
        // the status byte (lane 3) of the descriptor's second word
        wr_valid_next = 1'b1;
        wr_aw_done_next = 1'b0;
        wr_beat_next = '0;
        wr_beats_next = 9'd1;
        wr_last_next = 1'b1;
        wr_id_next = TX_WB_ID;
        wr_src_next = SRC_TXWB;
        wr_addr_next = tx_wb_addr;
        wr_d0_next = 64'(tx_wb_status) << (8 * TX_WB_LANE);
        wr_last_strb_next = 8'(1) << TX_WB_LANE;
        wr_txq_next = tx_wb_q;
    end else if (rx_wr_ready && rx_wr_valid) begin
        wr_valid_next = 1'b1;
        wr_aw_done_next = 1'b0;
        wr_beat_next = '0;
        wr_beats_next = rx_wr_beats;
        wr_last_next = (rx_wr_beats == 9'd1);
        wr_id_next = {1'b0, rx_wr_id};
        wr_src_next = rx_wr_wb ? SRC_WB : SRC_FIFO;
        wr_addr_next = rx_wr_addr;
        wr_last_strb_next = rx_wr_last_strb;
        if (rx_wr_wb) begin
            wr_d0_next = rx_wr_d0;
            wr_d1_next = rx_wr_d1;
        end else begin
            wr_word_next = rx_wr_word;
        end
    end
end

// FIFO RAM read address: the word the next cycle's W beat carries (during
// a FIFO burst wr_word_next + wr_beat_next; what it reads for any other
// burst is never used)
assign fifo_rd_addr = (rx_wr_ready && rx_wr_valid && !rx_wr_wb) ? rx_wr_word
    : w_next_beat ? rd_ptr_reg + 1'b1 : rd_ptr_reg;

always_ff @(posedge clk) begin
    wr_valid_reg <= wr_valid_next;
    wr_aw_done_reg <= wr_aw_done_next;
    wr_addr_reg <= wr_addr_next;
    wr_beats_reg <= wr_beats_next;
    wr_beat_reg <= wr_beat_next;
    wr_last_reg <= wr_last_next;
    rd_ptr_reg <= fifo_rd_addr;
    wr_id_reg <= wr_id_next;
    wr_src_reg <= wr_src_next;
    wr_word_reg <= wr_word_next;
    wr_last_strb_reg <= wr_last_strb_next;
    wr_d0_reg <= wr_d0_next;
    wr_d1_reg <= wr_d1_next;
    wr_txq_reg <= wr_txq_next;
    wr_out_reg <= wr_out_next;

    if (rst || soft_rst) begin
        wr_valid_reg <= 1'b0;
        wr_aw_done_reg <= 1'b0;
        wr_out_reg <= '0;
    end
end

// ---------------------------------------------------------------- outputs (state only)
logic wr_last;

assign wr_last = wr_last_reg;

assign m_axi_awvalid = wr_valid_reg && !wr_aw_done_reg;
assign m_axi_awid = m_axi_awvalid ? {3'd0, wr_id_reg} : 8'd0;
assign m_axi_awaddr = m_axi_awvalid ? wr_addr_reg : 64'd0;
assign m_axi_awlen = m_axi_awvalid ? 8'(wr_beats_reg - 9'd1) : 8'd0;
assign m_axi_awsize = m_axi_awvalid ? AXI_SIZE_8 : 3'd0;
assign m_axi_awburst = m_axi_awvalid ? AXI_BURST_INCR : 2'd0;

assign m_axi_wvalid = wr_valid_reg && wr_aw_done_reg;
assign m_axi_wdata = !m_axi_wvalid ? 64'd0
    : (wr_src_reg == SRC_FIFO) ? fifo_rd_data
    : (wr_beat_reg[0] ? wr_d1_reg : wr_d0_reg);
assign m_axi_wstrb = !m_axi_wvalid ? 8'd0 : (wr_last ? wr_last_strb_reg : 8'hFF);
assign m_axi_wlast = m_axi_wvalid && wr_last;
assign m_axi_bready = 1'b1;

assign bus_idle = !wr_valid_reg && (wr_out_reg == '0);

endmodule

`default_nettype wire
