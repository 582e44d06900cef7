`default_nettype none

/*
 * TX engine: one engine serves every TX queue, a frame at a time, round
 * robin. It fetches descriptors in bursts (ID 0x10), reads the frame's
 * buffers (ID 0x11) over the AXI read channel it shares with the RX
 * prefetcher, packs their bytes into the TX FIFO, and queues DD
 * write-backs (ID 0x12) for the write channel. Mirrors the engine half of
 * model/src/txdma.rs (struct TxDma: TxEng, the descriptor cache, TDH, the
 * byte packer, the write-back slot, the TX AR request).
 *
 * The AXI master itself is nic_rx_dma's: it muxes this block's AR request
 * onto m_axi_ar*, turns the write-back slot into a one-beat burst when the
 * write channel is free (after MSI-X, before RX frame traffic: wb_take) and
 * reports its completion; R beats with a TX ID come here, all others go to
 * the RX prefetcher.
 *
 * Order inside one edge (model tick(), RxDma::edge):
 *  1. R channel: a beat with a TX ID moves FetchWait (descriptor words into
 *     the cache) or DataWait (bytes into the FIFO, at most one word written);
 *     a beat nobody waits for counts DMA_ERR. An edge in which a beat moved
 *     the engine does not run step 4 (at most one state change and one FIFO
 *     word per edge);
 *  2. AR handshake of the TX request;
 *  3. nic_rx_dma: the write-back slot may be taken (wb_take); the RX
 *     prefetcher picks the AR slot first (rx_ar_free: it left it empty);
 *  4. the engine step: Idle (start a frame), Desc (take a cached
 *     descriptor, or fetch), Data (present a data read), Done (write-back,
 *     TDH, end of frame: roll back or queue it for the sender).
 * The register writes of the edge come after: enabling a queue zeroes its
 * TDH (and empties the cache if it is that queue's), applied by the second,
 * small always_comb (*_mid -> *_next), as in nic_rx_dma.
 */
module nic_tx_dma #(
    // TX queues (= RX queues, 1..16)
    parameter int TX_QUEUES = 16,
    // TX FIFO depth in 8-byte words (power of two, at least two maximum frames)
    parameter int TX_FIFO_WORDS = 4096,
    // finished frames the sender's queue holds (2..256)
    parameter int TX_META_DEPTH = 32
) (
    input  wire logic                                clk,
    input  wire logic                                rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                                soft_rst,

    // AXI4 master: R beats (rready is always 1) and the AR handshake
    input  wire logic [7:0]                          m_axi_rid,
    input  wire logic [63:0]                         m_axi_rdata,
    input  wire logic [1:0]                          m_axi_rresp,
    input  wire logic                                m_axi_rvalid,
    input  wire logic                                m_axi_arready,

    // the TX read request (state), muxed onto m_axi_ar* by nic_rx_dma
    output wire logic                                ar_valid,
    output wire logic [7:0]                          ar_id,
    output wire logic [63:0]                         ar_addr,
    output wire logic [7:0]                          ar_len,
    // the TX request is still presented after this edge's handshake
    output wire logic                                ar_hold,
    // nic_rx_dma left the AR slot empty after its pick in this edge
    input  wire logic                                rx_ar_free,

    // the write-back slot (state) and its take by the write channel, this edge
    output wire logic                                wb_valid,
    output wire logic [63:0]                         wb_addr,
    output wire logic [7:0]                          wb_status,
    output wire logic [3:0]                          wb_q,
    input  wire logic                                wb_take,

    // configuration (register state before the edge)
    input  wire logic                                cfg_tx_en,
    input  wire logic                                cfg_rst_pending,
    input  wire logic [TX_QUEUES*64-1:0]             cfg_tq_base,
    input  wire logic [TX_QUEUES*14-1:0]             cfg_tq_len,
    input  wire logic [TX_QUEUES*12-1:0]             cfg_tq_tail,
    input  wire logic [TX_QUEUES-1:0]                cfg_tq_enable,

    // register writes of this edge (nic_csr): queue enabled, TDH to 0
    input  wire logic [TX_QUEUES-1:0]                wr_reset_queue,

    // the sender, after its step of this edge (it runs first)
    input  wire logic [$clog2(TX_FIFO_WORDS):0]      send_rd_mid,
    input  wire logic [$clog2(TX_META_DEPTH+1)-1:0]  send_meta_count_mid,
    // the sender's read pointer (state)
    input  wire logic [$clog2(TX_FIFO_WORDS):0]      send_rd,
    // a finished frame for the sender, this edge
    output wire logic                                push,
    output wire logic [14:0]                         push_len,
    output wire logic [3:0]                          push_q,

    // FIFO RAM write port
    output wire logic                                fifo_wr_en,
    output wire logic [$clog2(TX_FIFO_WORDS)-1:0]    fifo_wr_addr,
    output wire logic [63:0]                         fifo_wr_data,

    // events of this edge
    output wire logic                                ev_r_err,        // DMA_ERR
    output wire logic                                ev_desc_err,     // DESC_ERR
    output wire logic                                ev_drop,         // a frame dropped: TX_ERR ...
    output wire logic [3:0]                          ev_drop_q,       // ... and the queue's ERRORS

    // state after steps 1-4 of this edge
    output wire logic [TX_QUEUES-1:0]                queue_idle_mid,  // TxDma::queue_idle
    output wire logic                                bus_idle_mid,    // TxDma::bus_idle

    // TDH per queue (state)
    output wire logic [TX_QUEUES*12-1:0]             head,

    // TxDma::quiescent() except the sender's part (nic_tx_send)
    output wire logic                                quiet
);

localparam int NQ = TX_QUEUES;
localparam int AW = $clog2(TX_FIFO_WORDS);

// AXI IDs of the TX engine
localparam logic [7:0] TX_DESC_ID = 8'h10;
localparam logic [7:0] TX_DATA_ID = 8'h11;
// largest frame and largest buffer, bytes
localparam logic [14:0] TX_MAX_BYTES = 15'd16384;
// FIFO words of the largest frame
localparam logic [AW:0] MAX_FRAME_WORDS = (AW+1)'(16384 / 8);
// descriptors cached (and fetched per burst) at most
localparam logic [12:0] TX_CACHE = 13'd16;
// descriptor command and status bits
localparam int CMD_EOP = 0;
localparam int CMD_RS = 1;
localparam logic [7:0] STA_DD = 8'h01;
localparam logic [7:0] STA_ERR = 8'h02;

localparam logic [1:0] RESP_OKAY = 2'b00;

// engine states (TxEng)
localparam logic [2:0] S_IDLE      = 3'd0;
localparam logic [2:0] S_DESC      = 3'd1;
localparam logic [2:0] S_FETCHWAIT = 3'd2;
localparam logic [2:0] S_DATA      = 3'd3;
localparam logic [2:0] S_DATAWAIT  = 3'd4;
localparam logic [2:0] S_DONE      = 3'd5;

initial begin
    if (TX_QUEUES < 1 || TX_QUEUES > 16) begin
        $fatal(1, "nic_tx_dma: TX_QUEUES must be 1..16, got %0d", TX_QUEUES);
    end
    if (TX_FIFO_WORDS < 4096 || (TX_FIFO_WORDS & (TX_FIFO_WORDS - 1)) != 0) begin
        $fatal(1, "nic_tx_dma: TX_FIFO_WORDS must be a power of two of at least 4096, got %0d", TX_FIFO_WORDS);
    end
    if (TX_META_DEPTH < 2 || TX_META_DEPTH > 256) begin
        $fatal(1, "nic_tx_dma: TX_META_DEPTH must be 2..256, got %0d", TX_META_DEPTH);
    end
end

// ---------------------------------------------------------------- state
logic [NQ*12-1:0]   head_reg = '0, head_mid, head_next;
logic [2:0]         eng_reg = S_IDLE, eng_next;
logic [3:0]         q_reg = '0, q_next;                  // queue of the frame in progress
logic [3:0]         cq_reg = '0, cq_next;                // owner of the descriptor cache
logic [11:0]        fptr_reg = '0, fptr_mid, fptr_next;  // its fetch pointer
logic [3:0]         rr_reg = '0, rr_next;

// descriptor cache: ring of 16 (address, length, EOP, RS, fetch failed)
logic [63:0]        c_addr_mem [16];
logic [15:0]        c_len_mem [16];
logic [2:0]         c_flags_mem [16];                    // {failed, RS, EOP}
logic [3:0]         c_rd_reg = '0, c_rd_mid, c_rd_next;
logic [3:0]         c_wr_reg = '0, c_wr_mid, c_wr_next;
logic [4:0]         c_cnt_reg = '0, c_cnt_mid, c_cnt_next;

// the TX read request (TxAr); data when ar_data, else descriptors
logic               ar_valid_reg = 1'b0, ar_valid_next;
logic               ar_data_reg = 1'b0, ar_data_next;
logic [63:0]        ar_addr_reg = '0, ar_addr_next;
logic [8:0]         ar_beats_reg = '0, ar_beats_next;

// frame in progress: bytes so far, bad, first FIFO word
logic [14:0]        flen_reg = '0, flen_next;
logic               ferr_reg = 1'b0, ferr_next;
logic [AW:0]        fstart_reg = '0, fstart_next;

// FIFO write pointer (wrapping word counter) and the packer's partial word
logic [AW:0]        wr_reg = '0, wr_next;
logic [55:0]        acc_reg = '0, acc_next;
logic [2:0]         acc_n_reg = '0, acc_n_next;

// write-back slot (TxWb)
logic               wb_valid_reg = 1'b0, wb_valid_next;
logic [63:0]        wb_addr_reg = '0, wb_addr_next;
logic               wb_err_reg = 1'b0, wb_err_next;
logic [3:0]         wb_q_reg = '0, wb_q_next;

// the engine state's fields
// descriptor d of Data / DataWait / Done
logic               d_eop_reg = 1'b0, d_eop_next;
logic               d_rs_reg = 1'b0, d_rs_next;
// FetchWait: n descriptors, beat, err, first word and its error
logic [4:0]         fw_n_reg = '0, fw_n_next;
logic               fw_err_reg = 1'b0, fw_err_next;
logic [63:0]        fw_w0_reg = '0, fw_w0_next;
logic               fw_w0_err_reg = 1'b0, fw_w0_err_next;
// beats received (FetchWait, DataWait)
logic [8:0]         beat_reg = '0, beat_next;
// Data / DataWait: addr, left; DataWait: bytes, beats, got, err
logic [63:0]        addr_reg = '0, addr_next;
logic [14:0]        left_reg = '0, left_next;
logic [11:0]        bytes_reg = '0, bytes_next;
logic [8:0]         beats_reg = '0, beats_next;
logic [11:0]        got_reg = '0, got_next;
logic               derr_reg = 1'b0, derr_next;

// cache write port
logic               c_we;
logic [3:0]         c_waddr;
logic [63:0]        c_waddr_val;
logic [15:0]        c_wlen;
logic [2:0]         c_wflags;

// events
logic               ev_r_err_int, ev_desc_err_int, ev_drop_int;
logic               push_int;
logic               fifo_we;
logic [AW-1:0]      fifo_wa;
logic [63:0]        fifo_wd;

// ---------------------------------------------------------------- helpers
function automatic logic [63:0] byte_mask(input logic [3:0] n);
    byte_mask = (n >= 4'd8) ? 64'hFFFF_FFFF_FFFF_FFFF : ((64'd1 << {n, 3'b000}) - 64'd1);
endfunction

// ---------------------------------------------------------------- steps 1-4
logic         r_tx;          // an R beat with a TX ID
logic         moved;         // ... that moved the engine
logic         r_e;
logic [8:0]   beat_v;
logic         err_v;
logic         failed;
logic [2:0]   off;
logic [3:0]   take;
logic [11:0]  got_v;
logic [63:0]  shifted;
logic [119:0] comb;
logic [3:0]   n_acc;
logic         ar_free;
logic [NQ-1:0] work;
logic [2*NQ-1:0] work_rot;
logic [4:0]   idx;
logic [3:0]   sq;
logic [AW:0]  used;
logic [13:0]  len_q;
logic [11:0]  tail_q;
logic [63:0]  base_q;
logic [63:0]  dd_addr;
logic [15:0]  dd_len;
logic [2:0]   dd_flags;
logic [12:0]  avail;
logic [63:0]  f_addr;
logic [12:0]  f_to_4k;
logic [12:0]  to_end;
logic [12:0]  n_v;
logic [12:0]  to_4k;
logic [14:0]  bytes_v;
logic [15:0]  flen_sum;

always_comb begin
    head_mid = head_reg;
    eng_next = eng_reg;
    q_next = q_reg;
    cq_next = cq_reg;
    fptr_mid = fptr_reg;
    rr_next = rr_reg;
    c_rd_mid = c_rd_reg;
    c_wr_mid = c_wr_reg;
    c_cnt_mid = c_cnt_reg;
    ar_valid_next = ar_valid_reg;
    ar_data_next = ar_data_reg;
    ar_addr_next = ar_addr_reg;
    ar_beats_next = ar_beats_reg;
    flen_next = flen_reg;
    ferr_next = ferr_reg;
    fstart_next = fstart_reg;
    wr_next = wr_reg;
    acc_next = acc_reg;
    acc_n_next = acc_n_reg;
    // step 3: the write channel may have taken the write-back
    wb_valid_next = wb_valid_reg && !wb_take;
    wb_addr_next = wb_addr_reg;
    wb_err_next = wb_err_reg;
    wb_q_next = wb_q_reg;
    d_eop_next = d_eop_reg;
    d_rs_next = d_rs_reg;
    fw_n_next = fw_n_reg;
    fw_err_next = fw_err_reg;
    fw_w0_next = fw_w0_reg;
    fw_w0_err_next = fw_w0_err_reg;
    beat_next = beat_reg;
    addr_next = addr_reg;
    left_next = left_reg;
    bytes_next = bytes_reg;
    beats_next = beats_reg;
    got_next = got_reg;
    derr_next = derr_reg;

    c_we = 1'b0;
    c_waddr = c_wr_reg;
    c_waddr_val = '0;
    c_wlen = '0;
    c_wflags = '0;

    ev_r_err_int = 1'b0;
    ev_desc_err_int = 1'b0;
    ev_drop_int = 1'b0;
    push_int = 1'b0;
    fifo_we = 1'b0;
    fifo_wa = AW'(wr_reg);
    fifo_wd = '0;

    r_tx = m_axi_rvalid && (m_axi_rid == TX_DESC_ID || m_axi_rid == TX_DATA_ID);
    moved = 1'b0;
    r_e = (m_axi_rresp != RESP_OKAY);
    beat_v = '0;
    err_v = 1'b0;
    failed = 1'b0;
    off = '0;
    take = '0;
    got_v = '0;
    shifted = '0;
    comb = '0;
    n_acc = '0;
    ar_free = 1'b0;
    work = '0;
    work_rot = '0;
    idx = '0;
    sq = '0;
    used = '0;
    len_q = '0;
    tail_q = '0;
    base_q = '0;
    dd_addr = '0;
    dd_len = '0;
    dd_flags = '0;
    avail = '0;
    f_addr = '0;
    f_to_4k = '0;
    to_end = '0;
    n_v = '0;
    to_4k = '0;
    bytes_v = '0;
    flen_sum = '0;

    // ------------------------------------------------ 1. R beat with a TX ID (TxDma::on_r_beat)
    if (r_tx) begin
        if (m_axi_rid == TX_DESC_ID && eng_reg == S_FETCHWAIT && !ar_valid_reg) begin
            err_v = fw_err_reg || r_e;
            if (!beat_reg[0]) begin
                // first word of a descriptor: the buffer address
                fw_w0_next = m_axi_rdata;
                fw_w0_err_next = r_e;
            end else begin
                // second word: length and command; the descriptor is cached
                failed = fw_w0_err_reg || r_e;
                c_we = 1'b1;
                c_waddr = c_wr_reg;
                if (failed) begin
                    // a failed descriptor ends its frame
                    c_waddr_val = '0;
                    c_wlen = '0;
                    c_wflags = 3'b111;
                end else begin
                    c_waddr_val = fw_w0_reg;
                    c_wlen = m_axi_rdata[15:0];
                    c_wflags = {1'b0, m_axi_rdata[16 + CMD_RS], m_axi_rdata[16 + CMD_EOP]};
                end
                c_wr_mid = c_wr_reg + 4'd1;
                c_cnt_mid = c_cnt_reg + 5'd1;
            end
            beat_v = beat_reg + 9'd1;
            beat_next = beat_v;
            fw_err_next = err_v;
            if (beat_v == {3'b000, fw_n_reg, 1'b0}) begin
                if (err_v) begin
                    ev_r_err_int = 1'b1;
                end
                eng_next = S_DESC;
            end
            moved = 1'b1;
        end else if (m_axi_rid == TX_DATA_ID && eng_reg == S_DATAWAIT && !ar_valid_reg) begin
            off = (beat_reg == '0) ? addr_reg[2:0] : 3'd0;
            take = 4'd8 - {1'b0, off};
            if (12'(take) > bytes_reg - got_reg) begin
                take = 4'(bytes_reg - got_reg);
            end
            // append `take` bytes to the FIFO: at most one whole word per beat
            shifted = (m_axi_rdata >> {off, 3'b000}) & byte_mask(take);
            comb = {64'd0, acc_reg} | ({56'd0, shifted} << {acc_n_reg, 3'b000});
            n_acc = {1'b0, acc_n_reg} + take;
            if (n_acc >= 4'd8) begin
                fifo_we = 1'b1;
                fifo_wa = AW'(wr_reg);
                fifo_wd = comb[63:0];
                wr_next = wr_reg + 1'b1;
                acc_next = comb[119:64];
                acc_n_next = 3'(n_acc - 4'd8);
            end else begin
                acc_next = comb[55:0];
                acc_n_next = n_acc[2:0];
            end
            beat_v = beat_reg + 9'd1;
            got_v = got_reg + 12'(take);
            err_v = derr_reg || r_e;
            beat_next = beat_v;
            got_next = got_v;
            derr_next = err_v;
            if (beat_v < beats_reg) begin
                // more beats to come
            end else if (err_v) begin
                ev_r_err_int = 1'b1;
                ferr_next = 1'b1;
                eng_next = S_DONE;
            end else if (left_reg > 15'(bytes_reg)) begin
                addr_next = addr_reg + 64'(bytes_reg);
                left_next = left_reg - 15'(bytes_reg);
                eng_next = S_DATA;
            end else begin
                eng_next = S_DONE;
            end
            moved = 1'b1;
        end else begin
            // a response nobody asked for
            ev_r_err_int = 1'b1;
        end
    end

    // ------------------------------------------------ 2. AR handshake
    if (ar_valid_reg && m_axi_arready) begin
        ar_valid_next = 1'b0;
    end

    // ------------------------------------------------ 4. engine step (TxDma::engine_edge)
    ar_free = rx_ar_free && !ar_valid_next && !cfg_rst_pending;
    len_q = cfg_tq_len[q_reg*14 +: 14];
    tail_q = cfg_tq_tail[q_reg*12 +: 12];
    base_q = cfg_tq_base[q_reg*64 +: 64];
    if (!moved) begin
        case (eng_reg)
            S_IDLE: begin
                for (int q = 0; q < NQ; q = q + 1) begin
                    work[q] = cfg_tq_enable[q] && (cfg_tq_tail[q*12 +: 12] != head_reg[q*12 +: 12]);
                end
                used = wr_reg - send_rd_mid;
                if (cfg_tx_en && !cfg_rst_pending && work != '0
                        && used <= (AW+1)'(TX_FIFO_WORDS) - MAX_FRAME_WORDS
                        && 32'(send_meta_count_mid) < TX_META_DEPTH) begin
                    // round robin: the first queue with work from rr on, wrapping
                    work_rot = {work, work} >> rr_reg;
                    for (int k = NQ - 1; k >= 0; k = k - 1) begin
                        if (work_rot[k]) begin
                            idx = 5'(rr_reg) + 5'(k);
                        end
                    end
                    if (32'(idx) >= NQ) begin
                        idx = idx - 5'(NQ);
                    end
                    sq = idx[3:0];
                    rr_next = (32'(sq) + 1 >= NQ) ? 4'd0 : sq + 4'd1;
                    if (cq_reg != sq) begin
                        // the cache belongs to another queue: dropped
                        cq_next = sq;
                        c_rd_mid = '0;
                        c_wr_mid = '0;
                        c_cnt_mid = '0;
                        fptr_mid = head_reg[sq*12 +: 12];
                    end
                    q_next = sq;
                    flen_next = '0;
                    ferr_next = 1'b0;
                    fstart_next = wr_reg;
                    eng_next = S_DESC;
                end
            end
            S_DESC: begin
                if (c_cnt_reg != '0) begin
                    // take the next cached descriptor and check it
                    dd_addr = c_addr_mem[c_rd_reg];
                    dd_len = c_len_mem[c_rd_reg];
                    dd_flags = c_flags_mem[c_rd_reg];
                    c_rd_mid = c_rd_reg + 4'd1;
                    c_cnt_mid = c_cnt_reg - 5'd1;
                    d_eop_next = dd_flags[0];
                    d_rs_next = dd_flags[1];
                    flen_sum = 16'(flen_reg) + dd_len;
                    if (dd_flags[2] || ferr_reg) begin
                        // a failed fetch, or the frame is bad already
                        ferr_next = 1'b1;
                        eng_next = S_DONE;
                    end else if (dd_len == '0 || dd_len > 16'(TX_MAX_BYTES) || flen_sum > 16'(TX_MAX_BYTES)) begin
                        ev_desc_err_int = 1'b1;
                        ferr_next = 1'b1;
                        eng_next = S_DONE;
                    end else begin
                        flen_next = 15'(flen_sum);
                        addr_next = dd_addr;
                        left_next = 15'(dd_len);
                        eng_next = S_DATA;
                    end
                end else begin
                    avail = 13'((14'(tail_q) - 14'(fptr_reg)) & (len_q - 14'd1));
                    if (avail != '0 && ar_free) begin
                        f_addr = base_q + {48'd0, fptr_reg, 4'd0};
                        f_to_4k = 13'((14'd4096 - {2'b00, f_addr[11:0]}) >> 4);
                        to_end = 13'(len_q - 14'(fptr_reg));
                        n_v = avail;
                        if (TX_CACHE < n_v) begin
                            n_v = TX_CACHE;
                        end
                        if (to_end < n_v) begin
                            n_v = to_end;
                        end
                        if (f_to_4k < n_v) begin
                            n_v = f_to_4k;
                        end
                        ar_valid_next = 1'b1;
                        ar_data_next = 1'b0;
                        ar_addr_next = f_addr;
                        ar_beats_next = {3'b000, n_v[4:0], 1'b0};
                        fptr_mid = 12'((14'(fptr_reg) + 14'(n_v)) & (len_q - 14'd1));
                        fw_n_next = n_v[4:0];
                        beat_next = '0;
                        fw_err_next = 1'b0;
                        fw_w0_next = '0;
                        fw_w0_err_next = 1'b0;
                        eng_next = S_FETCHWAIT;
                    end
                end
            end
            S_DATA: begin
                if (ar_free) begin
                    to_4k = 13'd4096 - {1'b0, addr_reg[11:0]};
                    bytes_v = left_reg;
                    if (bytes_v > 15'(to_4k)) begin
                        bytes_v = 15'(to_4k);
                    end
                    if (bytes_v > 15'd2048 - 15'(addr_reg[2:0])) begin
                        bytes_v = 15'd2048 - 15'(addr_reg[2:0]);
                    end
                    ar_valid_next = 1'b1;
                    ar_data_next = 1'b1;
                    ar_addr_next = {addr_reg[63:3], 3'b000};
                    ar_beats_next = 9'((bytes_v + 15'(addr_reg[2:0]) + 15'd7) >> 3);
                    bytes_next = 12'(bytes_v);
                    beats_next = 9'((bytes_v + 15'(addr_reg[2:0]) + 15'd7) >> 3);
                    beat_next = '0;
                    got_next = '0;
                    derr_next = 1'b0;
                    eng_next = S_DATAWAIT;
                end
            end
            S_DONE: begin
                // with RS, wait for the write-back slot
                if (!(d_rs_reg && wb_valid_next)) begin
                    if (d_rs_reg) begin
                        wb_valid_next = 1'b1;
                        wb_addr_next = base_q + {48'd0, head_reg[q_reg*12 +: 12], 4'd0} + 64'd8;
                        wb_err_next = ferr_reg;
                        wb_q_next = q_reg;
                    end
                    for (int q = 0; q < NQ; q = q + 1) begin
                        if (q_reg == 4'(q)) begin
                            head_mid[q*12 +: 12] = 12'((14'(head_reg[q*12 +: 12]) + 14'd1) & (len_q - 14'd1));
                        end
                    end
                    if (d_eop_reg) begin
                        if (ferr_reg) begin
                            // roll the frame out of the FIFO
                            wr_next = fstart_reg;
                            ev_drop_int = 1'b1;
                        end else begin
                            if (acc_n_reg != '0) begin
                                // the last partial word, zero-filled
                                fifo_we = 1'b1;
                                fifo_wa = AW'(wr_reg);
                                fifo_wd = {8'd0, acc_reg};
                                wr_next = wr_reg + 1'b1;
                            end
                            push_int = 1'b1;
                        end
                        acc_next = '0;
                        acc_n_next = '0;
                        eng_next = S_IDLE;
                    end else begin
                        eng_next = S_DESC;
                    end
                end
            end
            default: ;  // FetchWait, DataWait: R beats move them
        endcase
    end
end

// ---------------------------------------------------------------- register writes of this edge
always_comb begin
    head_next = head_mid;
    fptr_next = fptr_mid;
    c_rd_next = c_rd_mid;
    c_wr_next = c_wr_mid;
    c_cnt_next = c_cnt_mid;
    for (int q = 0; q < NQ; q = q + 1) begin
        if (wr_reset_queue[q]) begin
            // TxDma::reset_queue: the ring restarts at 0; the cache is dropped if it is this queue's
            head_next[q*12 +: 12] = '0;
            if (cq_next == 4'(q)) begin
                fptr_next = '0;
                c_rd_next = '0;
                c_wr_next = '0;
                c_cnt_next = '0;
            end
        end
    end
end

logic [NQ-1:0] queue_idle_int;

always_comb begin
    for (int q = 0; q < NQ; q = q + 1) begin
        queue_idle_int[q] = !(eng_next != S_IDLE && 32'(q_next) == q)
            && !(wb_valid_next && 32'(wb_q_next) == q);
    end
end

assign queue_idle_mid = queue_idle_int;
assign bus_idle_mid = !ar_valid_next && eng_next != S_FETCHWAIT && eng_next != S_DATAWAIT;

always_ff @(posedge clk) begin
    head_reg <= head_next;
    eng_reg <= eng_next;
    q_reg <= q_next;
    cq_reg <= cq_next;
    fptr_reg <= fptr_next;
    rr_reg <= rr_next;
    c_rd_reg <= c_rd_next;
    c_wr_reg <= c_wr_next;
    c_cnt_reg <= c_cnt_next;
    ar_valid_reg <= ar_valid_next;
    ar_data_reg <= ar_data_next;
    ar_addr_reg <= ar_addr_next;
    ar_beats_reg <= ar_beats_next;
    flen_reg <= flen_next;
    ferr_reg <= ferr_next;
    fstart_reg <= fstart_next;
    wr_reg <= wr_next;
    acc_reg <= acc_next;
    acc_n_reg <= acc_n_next;
    wb_valid_reg <= wb_valid_next;
    wb_addr_reg <= wb_addr_next;
    wb_err_reg <= wb_err_next;
    wb_q_reg <= wb_q_next;
    d_eop_reg <= d_eop_next;
    d_rs_reg <= d_rs_next;
    fw_n_reg <= fw_n_next;
    fw_err_reg <= fw_err_next;
    fw_w0_reg <= fw_w0_next;
    fw_w0_err_reg <= fw_w0_err_next;
    beat_reg <= beat_next;
    addr_reg <= addr_next;
    left_reg <= left_next;
    bytes_reg <= bytes_next;
    beats_reg <= beats_next;
    got_reg <= got_next;
    derr_reg <= derr_next;

    if (rst || soft_rst) begin
        head_reg <= '0;
        eng_reg <= S_IDLE;
        q_reg <= '0;
        cq_reg <= '0;
        fptr_reg <= '0;
        rr_reg <= '0;
        c_rd_reg <= '0;
        c_wr_reg <= '0;
        c_cnt_reg <= '0;
        ar_valid_reg <= 1'b0;
        flen_reg <= '0;
        ferr_reg <= 1'b0;
        fstart_reg <= '0;
        wr_reg <= '0;
        acc_reg <= '0;
        acc_n_reg <= '0;
        wb_valid_reg <= 1'b0;
    end
end

// descriptor cache storage (no reset: entries are qualified by the count)
always_ff @(posedge clk) begin
    if (c_we) begin
        c_addr_mem[c_waddr] <= c_waddr_val;
        c_len_mem[c_waddr] <= c_wlen;
        c_flags_mem[c_waddr] <= c_wflags;
    end
end

// ---------------------------------------------------------------- outputs (state only)
logic [NQ-1:0] work_state;

always_comb begin
    for (int q = 0; q < NQ; q = q + 1) begin
        work_state[q] = cfg_tq_enable[q] && (cfg_tq_tail[q*12 +: 12] != head_reg[q*12 +: 12]);
    end
end

assign ar_valid = ar_valid_reg;
assign ar_id = !ar_valid_reg ? 8'd0 : ar_data_reg ? TX_DATA_ID : TX_DESC_ID;
assign ar_addr = ar_valid_reg ? ar_addr_reg : 64'd0;
assign ar_len = ar_valid_reg ? 8'(ar_beats_reg - 9'd1) : 8'd0;
assign ar_hold = ar_valid_reg && !m_axi_arready;

assign wb_valid = wb_valid_reg;
assign wb_addr = wb_addr_reg;
assign wb_status = STA_DD | (wb_err_reg ? STA_ERR : 8'd0);
assign wb_q = wb_q_reg;

assign push = push_int;
assign push_len = flen_reg;
assign push_q = q_reg;

assign fifo_wr_en = fifo_we;
assign fifo_wr_addr = fifo_wa;
assign fifo_wr_data = fifo_wd;

assign ev_r_err = ev_r_err_int;
assign ev_desc_err = ev_desc_err_int;
assign ev_drop = ev_drop_int;
assign ev_drop_q = q_reg;

assign head = head_reg;

assign quiet = (eng_reg == S_IDLE) && !ar_valid_reg && !wb_valid_reg && (wr_reg == send_rd)
    && !(cfg_tx_en && work_state != '0);

endmodule

`default_nettype wire
