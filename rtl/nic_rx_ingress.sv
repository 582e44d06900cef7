`default_nettype none

/*
 * RX ingress: MAC stream into the RX FIFO.
 *
 * Mirrors model/src/ingress.rs (struct Ingress) plus the FIFO occupancy
 * count (RxDma::fifo_used in the model, kept here next to the FIFO):
 *  - every beat is taken (no tready); the first beat of a frame decides
 *    no_desc when CTRL.RX_EN is 0 or a soft reset is pending;
 *  - accepted beats are written to the FIFO RAM at wr_ptr + words so far,
 *    masked to the frame's bytes; every beat also goes to the streaming
 *    parser (nic_rx_parse), which works on the header as it arrives;
 *  - oversize (checked first), fifo_full, mac_error and the meta-depth
 *    check drop a frame; its words are reclaimed because wr_ptr only moves
 *    on an accepted tlast. Oversize uses the parser's registered VLAN tag
 *    count: it is this frame's once 22 bytes have arrived, and a beat that
 *    ends at most 24 bytes in can never be oversize (MTU >= 68);
 *  - an accepted frame enters a four-stage pipeline (model: Ingress::p0 and
 *    Ingress::pipe): in stage 0 (the cycle after its tlast) the parser's
 *    stage A selects the type with RSS_CTRL as it stands and forms the
 *    tuple; at the next edge the tuple and the RSS key as it stands go
 *    into the Toeplitz engine (nic_toeplitz, 3 cycles), and the frame
 *    moves through stages 1, 2, 3; from stage 3 it enters the frame FIFO
 *    with the hash. It reaches the DMA stage four edges after its tlast.
 *
 * Within one edge the DMA stage runs first (model order): it may pop the
 * frame FIFO head (meta_pop) and free the words of a finished frame
 * (free_en), which leave the occupancy count one edge later (registered:
 * free_en_reg); the ingress sees the pre-edge occupancy for its checks.
 */
module nic_rx_ingress #(
    // RX FIFO depth in 8-byte words (power of two, 2048..65536)
    parameter int RX_FIFO_WORDS = 4096,
    // frames the RX FIFO can hold (frame FIFO depth, 2..256)
    parameter int RX_META_DEPTH = 64
) (
    input  wire logic                              clk,
    input  wire logic                              rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                              soft_rst,

    // AXI4-Stream from the MAC (no tready)
    input  wire logic [63:0]                       s_axis_rx_tdata,
    input  wire logic [7:0]                        s_axis_rx_tkeep,
    input  wire logic                              s_axis_rx_tvalid,
    input  wire logic                              s_axis_rx_tlast,
    input  wire logic                              s_axis_rx_tuser,

    // configuration (register state before the edge)
    input  wire logic                              cfg_rx_en,
    input  wire logic                              cfg_rst_pending,
    input  wire logic [13:0]                       cfg_mtu,
    input  wire logic [6:0]                        cfg_rss_ctrl,
    input  wire logic [319:0]                      cfg_rss_key,

    // FIFO RAM write port
    output wire logic                              fifo_wr_en,
    output wire logic [$clog2(RX_FIFO_WORDS)-1:0]  fifo_wr_addr,
    output wire logic [63:0]                       fifo_wr_data,

    // head of the frame FIFO (state)
    output wire logic                              meta_valid,
    output wire logic [$clog2(RX_FIFO_WORDS)-1:0]  meta_start,
    output wire logic [15:0]                       meta_len,
    output wire logic [31:0]                       meta_hash,
    output wire logic [2:0]                        meta_htype,

    // DMA stage, this edge
    input  wire logic                              meta_pop,
    input  wire logic                              free_en,
    input  wire logic [$clog2(RX_FIFO_WORDS):0]    free_words,

    // a frame ended at this edge (counters in nic_csr)
    output wire logic                              ev_valid,
    output wire logic [2:0]                        ev_code,

    // registered status strobe
    output wire logic                              stat_rx_in_valid,
    output wire logic [2:0]                        stat_rx_in_code,

    // Ingress::quiescent() and fifo_used == 0 (part of RxDma::quiescent())
    output wire logic                              quiet
);

localparam int AW = $clog2(RX_FIFO_WORDS);
// frame FIFO: pointer and count widths
localparam int MAW = (RX_META_DEPTH > 1) ? $clog2(RX_META_DEPTH) : 1;
localparam int MCW = $clog2(RX_META_DEPTH + 1);
// frame FIFO entry: start, len, hash, htype
localparam int MEW = AW + 16 + 32 + 3;
// hash stages after stage 0 (nic_toeplitz: 3 cycles)
localparam int HS = 3;

// stat_rx_in_code values
localparam logic [2:0] CODE_ACCEPTED  = 3'd0;
localparam logic [2:0] CODE_OVERSIZE  = 3'd1;
localparam logic [2:0] CODE_FIFO_FULL = 3'd2;
localparam logic [2:0] CODE_MAC_ERROR = 3'd3;
localparam logic [2:0] CODE_NO_DESC   = 3'd4;

localparam logic [AW+1:0] CAP = (AW+2)'(RX_FIFO_WORDS);
localparam logic [MCW:0] META_DEPTH = (MCW+1)'(RX_META_DEPTH);

// frame in progress
logic              in_frame_reg = 1'b0, in_frame_next;
logic [2:0]        drop_code_reg = CODE_ACCEPTED, drop_code_next;
logic [15:0]       cur_len_reg = '0, cur_len_next;
logic [AW:0]       cur_words_reg = '0, cur_words_next;
logic [AW-1:0]     wr_ptr_reg = '0, wr_ptr_next;
// FIFO words held by accepted frames not yet moved (RxDma::fifo_used)
logic [AW:0]       fifo_used_reg = '0, fifo_used_next;
// words the DMA stage freed in the previous edge: taken off fifo_used one
// edge later, so the claim logic does not chain into this count (issue 8:
// the design's longest path; RxDma::free_pending)
logic              free_en_reg = 1'b0;
logic [AW:0]       free_words_reg;

// pipeline stage 0: frame accepted at the last edge (parser stage A)
logic              p0_valid_reg = 1'b0, p0_valid_next;
logic [AW-1:0]     p0_start_reg = '0, p0_start_next;
logic [15:0]       p0_len_reg = '0, p0_len_next;
// ... and at least 34 bytes long, the shortest that can hash: it loads the
// Toeplitz engine (registered at the accept, the enable of 608 flops)
logic              p0_load_reg = 1'b0, p0_load_next;
// pipeline stages 1..HS: type selected, hash being summed; stage s in
// slice s - 1: valid, start, len, htype
localparam int PW = AW + 16 + 3;
logic [HS-1:0]     ps_valid_reg = '0, ps_valid_next;
logic [HS*PW-1:0]  ps_reg = '0, ps_next;
logic [AW-1:0]     last_start;
logic [15:0]       last_len;
logic [2:0]        last_htype;

// frame FIFO (Ingress::meta)
logic [MAW-1:0]    meta_rd_reg = '0, meta_rd_next;
logic [MAW-1:0]    meta_wr_reg = '0, meta_wr_next;
logic [MCW-1:0]    meta_cnt_reg = '0, meta_cnt_next;
logic [MEW-1:0]    meta_mem [RX_META_DEPTH];
logic              meta_we;
logic [MEW-1:0]    meta_wdata;

logic              stat_valid_reg = 1'b0, stat_valid_next;
logic [2:0]        stat_code_reg = CODE_ACCEPTED, stat_code_next;

// FIFO RAM write port
logic              fifo_wr_en_int;
logic [AW-1:0]     fifo_wr_addr_int;
logic [63:0]       fifo_wr_data_int;

logic              ev_valid_int;
logic [2:0]        ev_code_int;

// parser / hash
logic [63:0]       beat_data;  // this beat's bytes, 0 past the frame's end
logic [3:0]        beat_idx;
logic              beat_win;
logic [1:0]        vlan_tags;
logic [7:0]        parse_wlen;
logic [2:0]        parse_htype;
logic [287:0]      parse_tuple;
logic              tpz_load;
logic [1:0]        tpz_tlen;
logic [31:0]       tpz_hash;

nic_rx_parse parse_inst (
    .clk(clk),
    .rst(rst),
    .beat_valid(s_axis_rx_tvalid),
    .beat_idx(beat_idx),
    .beat_win(beat_win),
    .beat_data(beat_data),
    .vlan_tags(vlan_tags),
    .wlen(parse_wlen),
    .rss_ctrl(cfg_rss_ctrl),
    .hash_type(parse_htype),
    .tuple(parse_tuple)
);

// only frames that may hash use the engine (they are >= 5 beats apart)
assign tpz_load = p0_load_reg;
// the tuple length of the type read at the last stage (htype 1 IPv4: 8
// bytes, 2-3 IPv4 TCP/UDP: 12, 4 IPv6: 32, 5-6 IPv6 TCP/UDP: 36; 0: unused)
assign tpz_tlen = (last_htype == 3'd1) ? 2'd0
                : (last_htype <= 3'd3) ? 2'd1
                : (last_htype == 3'd4) ? 2'd2 : 2'd3;

nic_toeplitz toeplitz_inst (
    .clk(clk),
    .load(tpz_load),
    .key(cfg_rss_key),
    .data(parse_tuple),
    .tlen(tpz_tlen),
    .hash(tpz_hash)
);

assign parse_wlen = (p0_len_reg >= 16'd128) ? 8'd128 : p0_len_reg[7:0];

// where this beat lies in its frame (every beat but the last is 8 bytes)
assign beat_idx = in_frame_reg ? cur_len_reg[6:3] : 4'd0;
assign beat_win = !in_frame_reg || (cur_len_reg < 16'd128);

function automatic logic [3:0] popcount8(input logic [7:0] x);
    logic [3:0] c;
    c = '0;
    for (int i = 0; i < 8; i = i + 1) begin
        c = c + {3'd0, x[i]};
    end
    popcount8 = c;
endfunction

function automatic logic [MAW-1:0] meta_inc(input logic [MAW-1:0] p);
    if (32'(p) == RX_META_DEPTH - 1) begin
        meta_inc = '0;
    end else begin
        meta_inc = p + 1'b1;
    end
endfunction

assign {last_start, last_len, last_htype} = ps_reg[HS*PW-1 -: PW];

// per-edge working values
logic              first;
logic [3:0]        nbytes;
logic [63:0]       keep;
logic [15:0]       len_v;
logic [AW:0]       words_v;
logic [2:0]        code_v;
logic [15:0]       max_len;
logic [16:0]       room;
logic              oversize;
logic [MCW:0]      meta_len_pre;
logic              accept;

always_comb begin
    in_frame_next = in_frame_reg;
    drop_code_next = drop_code_reg;
    cur_len_next = cur_len_reg;
    cur_words_next = cur_words_reg;
    wr_ptr_next = wr_ptr_reg;
    fifo_used_next = fifo_used_reg;

    p0_valid_next = 1'b0;
    p0_load_next = 1'b0;
    p0_start_next = p0_start_reg;
    p0_len_next = p0_len_reg;

    // stage 0 -> 1 (type selected, tuple into the engine), s -> s + 1
    ps_valid_next = {ps_valid_reg[HS-2:0], p0_valid_reg};
    ps_next = {ps_reg[(HS-1)*PW-1:0], p0_start_reg, p0_len_reg, parse_htype};

    meta_rd_next = meta_rd_reg;
    meta_wr_next = meta_wr_reg;
    meta_cnt_next = meta_cnt_reg;
    meta_we = 1'b0;
    meta_wdata = {last_start, last_len, (last_htype != 3'd0) ? tpz_hash : 32'd0, last_htype};

    stat_valid_next = 1'b0;
    stat_code_next = stat_code_reg;

    fifo_wr_en_int = 1'b0;
    fifo_wr_addr_int = '0;
    fifo_wr_data_int = '0;

    ev_valid_int = 1'b0;
    ev_code_int = CODE_ACCEPTED;

    first = 1'b0;
    nbytes = 4'd8;
    oversize = 1'b0;
    keep = '1;
    beat_data = '0;
    len_v = cur_len_reg;
    words_v = cur_words_reg;
    code_v = drop_code_reg;
    accept = 1'b0;
    // The oversize check, len + nbytes > max_len, as nbytes > room with
    // room = max_len - len from registers only (the length so far, MTU,
    // the parser's VLAN tags), so the tkeep popcount meets a 4-bit compare,
    // not a 16-bit add and compare. (VLAN tags as the parser counts them,
    // registered: exact from beat 3 on; up to beat 2 the length is at most
    // 24 < MTU + 14.)
    max_len = 16'(cfg_mtu) + 16'd14 + 16'({vlan_tags, 2'b00});
    room = {1'b0, max_len} - {1'b0, in_frame_reg ? cur_len_reg : 16'd0};

    // occupancy of the frame FIFO before the edge (queue plus pipeline)
    meta_len_pre = (MCW+1)'(meta_cnt_reg) + (MCW+1)'(p0_valid_reg);
    for (int k = 0; k < HS; k = k + 1) begin
        meta_len_pre = meta_len_pre + (MCW+1)'(ps_valid_reg[k]);
    end

    // DMA stage ran first in this edge: head popped; the words it freed
    // in the previous edge leave the count
    if (meta_pop) begin
        meta_rd_next = meta_inc(meta_rd_reg);
    end
    if (free_en_reg) begin
        fifo_used_next = fifo_used_reg - free_words_reg;
    end

    // hash pipeline: last stage -> frame FIFO
    if (ps_valid_reg[HS-1]) begin
        meta_we = 1'b1;
        meta_wr_next = meta_inc(meta_wr_reg);
    end
    meta_cnt_next = meta_cnt_reg - MCW'(meta_pop) + MCW'(ps_valid_reg[HS-1]);

    if (s_axis_rx_tvalid) begin
        first = !in_frame_reg;
        if (first) begin
            in_frame_next = 1'b1;
            len_v = '0;
            words_v = '0;
            code_v = (!cfg_rx_en || cfg_rst_pending) ? CODE_NO_DESC : CODE_ACCEPTED;
        end

        if (s_axis_rx_tlast) begin
            nbytes = popcount8(s_axis_rx_tkeep);
            if (nbytes == 4'd0) begin
                nbytes = 4'd1;
            end
        end
        // the first nbytes byte lanes (a compare per lane, not a 64-bit subtract)
        for (int l = 0; l < 8; l = l + 1) begin
            keep[8*l +: 8] = {8{nbytes > 4'(l)}};
        end
        beat_data = s_axis_rx_tdata & keep;

        // (room < 0: over already; room >= 8: no beat can take it over)
        oversize = room[16] || (room[15:3] == '0 && nbytes > 4'(room[2:0]));
        if (code_v == CODE_ACCEPTED) begin
            if (oversize) begin
                code_v = CODE_OVERSIZE;
            end else if ((AW+2)'(fifo_used_reg) + (AW+2)'(words_v) + (AW+2)'(1) > CAP) begin
                code_v = CODE_FIFO_FULL;
            end else begin
                fifo_wr_en_int = 1'b1;
                fifo_wr_addr_int = wr_ptr_reg + AW'(words_v);
                fifo_wr_data_int = beat_data;
                words_v = words_v + 1'b1;
            end
        end
        len_v = len_v + 16'(nbytes);

        if (s_axis_rx_tlast) begin
            in_frame_next = 1'b0;
            if (code_v == CODE_ACCEPTED) begin
                if (s_axis_rx_tuser) begin
                    code_v = CODE_MAC_ERROR;
                end else if (meta_len_pre >= META_DEPTH) begin
                    code_v = CODE_FIFO_FULL;
                end
            end
            ev_valid_int = 1'b1;
            ev_code_int = code_v;
            stat_valid_next = 1'b1;
            stat_code_next = code_v;
            if (code_v == CODE_ACCEPTED) begin
                accept = 1'b1;
                p0_valid_next = 1'b1;
                p0_load_next = (len_v >= 16'd34);
                p0_start_next = wr_ptr_reg;
                p0_len_next = len_v;
                wr_ptr_next = wr_ptr_reg + AW'(words_v);
            end
        end

        drop_code_next = code_v;
        cur_len_next = len_v;
        cur_words_next = words_v;
    end

    if (accept) begin
        fifo_used_next = fifo_used_next + words_v;
    end
end

always_ff @(posedge clk) begin
    in_frame_reg <= in_frame_next;
    drop_code_reg <= drop_code_next;
    cur_len_reg <= cur_len_next;
    cur_words_reg <= cur_words_next;
    wr_ptr_reg <= wr_ptr_next;
    fifo_used_reg <= fifo_used_next;
    free_en_reg <= free_en;
    free_words_reg <= free_words;

    p0_valid_reg <= p0_valid_next;
    p0_load_reg <= p0_load_next;
    p0_start_reg <= p0_start_next;
    p0_len_reg <= p0_len_next;

    ps_valid_reg <= ps_valid_next;
    ps_reg <= ps_next;

    meta_rd_reg <= meta_rd_next;
    meta_wr_reg <= meta_wr_next;
    meta_cnt_reg <= meta_cnt_next;

    stat_valid_reg <= stat_valid_next;
    stat_code_reg <= stat_code_next;

    if (soft_rst) begin
        // Ingress::new() + discard_rest(): the tail of a frame on the wire
        // is eaten and reported as no_desc; accepted frames are discarded
        drop_code_reg <= CODE_NO_DESC;
        cur_len_reg <= '0;
        cur_words_reg <= '0;
        wr_ptr_reg <= '0;
        fifo_used_reg <= '0;
        free_en_reg <= 1'b0;
        p0_valid_reg <= 1'b0;
        p0_load_reg <= 1'b0;
        ps_valid_reg <= '0;
        meta_rd_reg <= '0;
        meta_wr_reg <= '0;
        meta_cnt_reg <= '0;
        stat_valid_reg <= 1'b0;
        stat_code_reg <= CODE_ACCEPTED;
    end

    if (rst) begin
        in_frame_reg <= 1'b0;
        drop_code_reg <= CODE_ACCEPTED;
        cur_len_reg <= '0;
        cur_words_reg <= '0;
        wr_ptr_reg <= '0;
        fifo_used_reg <= '0;
        free_en_reg <= 1'b0;
        p0_valid_reg <= 1'b0;
        p0_load_reg <= 1'b0;
        ps_valid_reg <= '0;
        meta_rd_reg <= '0;
        meta_wr_reg <= '0;
        meta_cnt_reg <= '0;
        stat_valid_reg <= 1'b0;
        stat_code_reg <= CODE_ACCEPTED;
    end
end

// frame FIFO storage (no reset: entries are qualified by the count)
always_ff @(posedge clk) begin
    if (meta_we) begin
        meta_mem[meta_wr_reg] <= meta_wdata;
    end
end

assign {meta_start, meta_len, meta_hash, meta_htype} = meta_mem[meta_rd_reg];
assign meta_valid = (meta_cnt_reg != '0);

assign fifo_wr_en = fifo_wr_en_int;
assign fifo_wr_addr = fifo_wr_addr_int;
assign fifo_wr_data = fifo_wr_data_int;

assign ev_valid = ev_valid_int;
assign ev_code = ev_code_int;

assign stat_rx_in_valid = stat_valid_reg;
// not gated by valid: the model drives the last code (lib.rs drive())
assign stat_rx_in_code = stat_code_reg;

assign quiet = !in_frame_reg && (meta_cnt_reg == '0) && !p0_valid_reg && (ps_valid_reg == '0)
    && !stat_valid_reg && (fifo_used_reg == '0) && !free_en_reg;

endmodule

`default_nettype wire
