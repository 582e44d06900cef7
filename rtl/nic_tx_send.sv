`default_nettype none

/*
 * TX sender: the queue of finished frames (TX meta FIFO) and the stream of
 * the frame on the wire to the MAC (m_axis_tx). Mirrors the sender half of
 * model/src/txdma.rs (TxDma::sender_edge, TxDma::drive, `meta`, `cur`,
 * `beat`, `rd`).
 *
 * First in the edge (model tick() step 0, before the register reads): it
 * consumes the FIFO and the frame queue as they were before the edge.
 *  - A beat moves on tready. When the last beat of a frame is taken, its
 *    words are freed (rd advances by ceil(len / 8)), the frame is counted
 *    (ev_sent: STAT_TX_PACKETS / STAT_TX_BYTES, the queue's PACKETS /
 *    BYTES) and the sender is free again in the same edge.
 *  - A free sender takes the next queued frame (popped from the queue at
 *    the start, so the queue holds only frames not yet started), unless a
 *    soft reset is pending: the frame's first beat is on the wire in the
 *    next cycle, so frames follow each other without a gap.
 * The TX engine pushes a finished frame later in the edge (push_*). Its
 * start condition reads this block's state before the edge (rd, meta_count):
 * the sender only frees, so that is conservative, and it keeps the sender
 * off the engine's path.
 *
 * A frame of len bytes takes ceil(max(len, 60) / 8) beats: its words from
 * the FIFO (the engine zero-filled the last one), then zero words up to 60
 * bytes. tkeep is all ones except on the last beat; tuser is always 0.
 * tdata comes from the FIFO RAM's read register, addressed with the next
 * state's rd + beat, so it holds fifo[rd + beat] exactly when the model
 * drives it.
 */
module nic_tx_send #(
    // TX FIFO depth in 8-byte words (power of two)
    parameter int TX_FIFO_WORDS = 4096,
    // finished frames the queue holds, 2..256
    parameter int TX_META_DEPTH = 32
) (
    input  wire logic                                clk,
    input  wire logic                                rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                                soft_rst,

    // AXI4-Stream to the MAC
    output wire logic [63:0]                         m_axis_tx_tdata,
    output wire logic [7:0]                          m_axis_tx_tkeep,
    output wire logic                                m_axis_tx_tvalid,
    output wire logic                                m_axis_tx_tlast,
    output wire logic                                m_axis_tx_tuser,
    input  wire logic                                m_axis_tx_tready,

    // configuration (register state before the edge)
    input  wire logic                                cfg_rst_pending,

    // a finished frame from the TX engine, this edge
    input  wire logic                                push,
    input  wire logic [14:0]                         push_len,
    input  wire logic [3:0]                          push_q,

    // FIFO RAM read port (registered read)
    output wire logic [$clog2(TX_FIFO_WORDS)-1:0]    fifo_rd_addr,
    input  wire logic [63:0]                         fifo_rd_data,

    // state (registered), for the soft reset, the engine's room check and
    // the FIFO occupancy
    output wire logic                                busy,        // a frame is on the wire
    output wire logic [$clog2(TX_FIFO_WORDS):0]      rd,          // words freed (wrapping)
    output wire logic [$clog2(TX_META_DEPTH+1)-1:0]  meta_count,  // frames queued, not started

    // a frame's last beat was taken in this edge
    output wire logic                                ev_sent,
    output wire logic [3:0]                          ev_sent_q,
    output wire logic [15:0]                         ev_sent_len,

    // no frame queued or on the wire
    output wire logic                                quiet
);

localparam int AW = $clog2(TX_FIFO_WORDS);
localparam int MW = (TX_META_DEPTH > 1) ? $clog2(TX_META_DEPTH) : 1;
localparam int CW = $clog2(TX_META_DEPTH + 1);
// shortest frame on the wire (without FCS); shorter frames are zero-padded
localparam logic [14:0] MIN_FRAME = 15'd60;

initial begin
    if (TX_FIFO_WORDS < 2 || (TX_FIFO_WORDS & (TX_FIFO_WORDS - 1)) != 0) begin
        $fatal(1, "nic_tx_send: TX_FIFO_WORDS must be a power of two, got %0d", TX_FIFO_WORDS);
    end
    if (TX_META_DEPTH < 2 || TX_META_DEPTH > 256) begin
        $fatal(1, "nic_tx_send: TX_META_DEPTH must be 2..256, got %0d", TX_META_DEPTH);
    end
end

// ---------------------------------------------------------------- state
// frame queue (TxDma::meta): ring of (len, queue)
logic [14:0]        meta_len_mem [TX_META_DEPTH];
logic [3:0]         meta_q_mem [TX_META_DEPTH];
logic [MW-1:0]      m_head_reg = '0, m_head_next;
logic [MW-1:0]      m_tail_reg = '0, m_tail_next;
logic [CW-1:0]      m_count_reg = '0, m_count_mid, m_count_next;

// frame on the wire (TxDma::cur, beat) and the FIFO read pointer (rd)
logic               cur_valid_reg = 1'b0, cur_valid_next;
logic [14:0]        cur_len_reg = '0, cur_len_next;
// its FIFO words and wire beats, computed when it starts (off the beat's path)
logic [11:0]        cur_words_reg = '0, cur_words_next;
logic [11:0]        cur_beats_reg = '0, cur_beats_next;
logic [3:0]         cur_q_reg = '0, cur_q_next;
logic [11:0]        beat_reg = '0, beat_next;
logic [AW:0]        rd_reg = '0, rd_next;

// ---------------------------------------------------------------- helpers
// FIFO words of a frame: ceil(len / 8)
function automatic logic [11:0] frame_words(input logic [14:0] len);
    frame_words = 12'((16'(len) + 16'd7) >> 3);
endfunction

// beats on the wire: ceil(max(len, 60) / 8)
function automatic logic [11:0] wire_beats(input logic [14:0] len);
    wire_beats = frame_words((len < MIN_FRAME) ? MIN_FRAME : len);
endfunction

// ---------------------------------------------------------------- the edge
logic         last_beat;
logic         ev_sent_int;

always_comb begin
    cur_valid_next = cur_valid_reg;
    cur_len_next = cur_len_reg;
    cur_words_next = cur_words_reg;
    cur_beats_next = cur_beats_reg;
    cur_q_next = cur_q_reg;
    beat_next = beat_reg;
    rd_next = rd_reg;
    m_head_next = m_head_reg;
    m_count_mid = m_count_reg;
    ev_sent_int = 1'b0;

    // a beat moves on tready; the last one ends the frame
    if (cur_valid_reg && m_axis_tx_tready) begin
        if (beat_reg + 12'd1 == cur_beats_reg) begin
            rd_next = rd_reg + (AW+1)'(cur_words_reg);
            ev_sent_int = 1'b1;
            cur_valid_next = 1'b0;
        end else begin
            beat_next = beat_reg + 12'd1;
        end
    end

    // a free sender starts the next queued frame
    if (!cur_valid_next && !cfg_rst_pending && m_count_reg != '0) begin
        cur_valid_next = 1'b1;
        cur_len_next = meta_len_mem[m_head_reg];
        cur_words_next = frame_words(cur_len_next);
        cur_beats_next = wire_beats(cur_len_next);
        cur_q_next = meta_q_mem[m_head_reg];
        beat_next = '0;
        m_head_next = (32'(m_head_reg) == TX_META_DEPTH - 1) ? '0 : m_head_reg + 1'b1;
        m_count_mid = m_count_reg - 1'b1;
    end
end

// the engine's finished frame, later in the edge
always_comb begin
    m_tail_next = m_tail_reg;
    m_count_next = m_count_mid;
    if (push) begin
        m_tail_next = (32'(m_tail_reg) == TX_META_DEPTH - 1) ? '0 : m_tail_reg + 1'b1;
        m_count_next = m_count_mid + 1'b1;
    end
end

always_ff @(posedge clk) begin
    cur_valid_reg <= cur_valid_next;
    cur_len_reg <= cur_len_next;
    cur_words_reg <= cur_words_next;
    cur_beats_reg <= cur_beats_next;
    cur_q_reg <= cur_q_next;
    beat_reg <= beat_next;
    rd_reg <= rd_next;
    m_head_reg <= m_head_next;
    m_tail_reg <= m_tail_next;
    m_count_reg <= m_count_next;

    if (rst || soft_rst) begin
        cur_valid_reg <= 1'b0;
        beat_reg <= '0;
        rd_reg <= '0;
        m_head_reg <= '0;
        m_tail_reg <= '0;
        m_count_reg <= '0;
    end
end

// frame queue storage (no reset: entries are qualified by the count)
always_ff @(posedge clk) begin
    if (push) begin
        meta_len_mem[m_tail_reg] <= push_len;
        meta_q_mem[m_tail_reg] <= push_q;
    end
end

// ---------------------------------------------------------------- outputs (state only)
logic [2:0]  pad_tail;  // max(len, 60) mod 8

assign last_beat = (beat_reg + 12'd1 == cur_beats_reg);
assign pad_tail = (cur_len_reg < MIN_FRAME) ? MIN_FRAME[2:0] : cur_len_reg[2:0];

assign m_axis_tx_tvalid = cur_valid_reg;
assign m_axis_tx_tdata = (cur_valid_reg && beat_reg < cur_words_reg) ? fifo_rd_data : 64'd0;
assign m_axis_tx_tkeep = !cur_valid_reg ? 8'd0
    : !last_beat ? 8'hFF
    : (pad_tail == 3'd0) ? 8'hFF : 8'((9'd1 << pad_tail) - 9'd1);
assign m_axis_tx_tlast = cur_valid_reg && last_beat;
assign m_axis_tx_tuser = 1'b0;

// the word of the next cycle's beat
assign fifo_rd_addr = AW'(rd_next + (AW+1)'(beat_next));

assign busy = cur_valid_reg;
assign rd = rd_reg;
assign meta_count = m_count_reg;

assign ev_sent = ev_sent_int;
assign ev_sent_q = cur_q_reg;
assign ev_sent_len = 16'(cur_len_reg);

assign quiet = !cur_valid_reg && (m_count_reg == '0);

endmodule

`default_nettype wire
