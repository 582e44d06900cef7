`default_nettype none

/*
 * TX engine: one engine serves every TX queue, a frame at a time, round
 * robin by turns. It fetches descriptors in bursts (ID 0x10), reads the
 * frame's buffers (ID 0x11) over the AXI read channel it shares with the RX
 * prefetcher, packs their bytes into the TX FIFO, and queues DD write-backs
 * (ID 0x12) for the write channel. Mirrors the engine half of
 * model/src/txdma.rs (struct TxDma: the issuer TxEng, the descriptor cache,
 * the in-flight reads TxRd, the receiver, TDH and the issue head, the byte
 * packer, the write-back FIFO, the TX AR request).
 *
 * Two halves:
 *  - the ISSUER (eng_reg: Idle, Desc, FetchWait, Data) walks descriptors
 *    and presents data reads; each read (or, with beats = 0, a descriptor
 *    that reads nothing because its frame is bad) becomes a record in an
 *    in-order queue of up to TX_MAX_READS (rec_*). It may present the next
 *    read without waiting for the beats of the previous ones. ihead_reg
 *    counts the descriptors it consumed (the work bits use it);
 *  - the RECEIVER takes the data beats for the oldest record (acked_reg of
 *    the records are past their AR handshake), packs the bytes, and when a
 *    record ending its descriptor is complete, completes the descriptor in
 *    the same edge: write-back (through a one-edge stage) into the
 *    write-back FIFO (TX_WB_DEPTH),
 *    TDH (head_reg), and at EOP commit (the last partial word too: the FIFO
 *    takes two words in that edge) or roll back the frame.
 *
 * The AXI master itself is nic_dma_arb's: it muxes this block's AR request
 * onto m_axi_ar* (a read client: held until ar_ready), turns the head of
 * the write-back FIFO into a one-beat burst when the write channel is free
 * (after MSI-X, before RX frame traffic: wb_take) and reports its
 * completion; it routes R beats with a TX ID here (r_valid), all others to
 * the RX prefetcher.
 *
 * Order inside one edge (model tick(), RxDma::edge), one always_comb each:
 *  A. the receiver (TxDma::on_r_beat, ar_accepted, the receiver part of
 *     engine_edge): an R beat with a TX ID moves FetchWait (descriptor words
 *     into the cache; `moved`: the issuer does not step in this edge) or
 *     the oldest record (bytes into the FIFO; its last beat completes it,
 *     and its descriptor if `end`: `rmoved`); a beat nobody waits for counts
 *     DMA_ERR. The AR handshake of the TX request. A beats=0 record at the
 *     head completes, unless the R channel finished a record (rmoved). A
 *     completion's write-back waits one edge in a stage (wbs_*: its
 *     address is made from registers there), enters the FIFO at the next
 *     edge and is offered to nic_dma_arb's write channel from the edge
 *     after (wb_* are the FIFO's head: state);
 *  B. the write channel may take the write-back FIFO's head (wb_take); the
 *     RX prefetcher picks the AR slot first (ar_grant: it left it empty);
 *     then the issuer step, whose room checks (a read slot, write-back
 *     room, no read-nothing record ahead) read the counts before the
 *     edge: Idle (start a frame: choose a queue), Desc
 *     (take a cached descriptor, push a beats=0 record for a bad one, or
 *     fetch), Data (present a data read and push its record);
 *  C. the register writes of the edge: enabling a queue zeroes its TDH and
 *     issue head (and empties the cache if it is that queue's) (*_mid ->
 *     *_next), as in nic_rx_dma.
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

    // read client of nic_dma_arb: the R beats it routes here (r_valid: a
    // TX read ID; the beat's fields are the bus's)
    input  wire logic                                r_valid,
    input  wire logic [7:0]                          m_axi_rid,
    input  wire logic [63:0]                         m_axi_rdata,
    input  wire logic [1:0]                          m_axi_rresp,

    // the TX read request (state), held until ar_ready; presented only in
    // an edge with ar_grant (the RX prefetcher left the AR slot empty)
    output wire logic                                ar_valid,
    output wire logic [7:0]                          ar_id,
    output wire logic [63:0]                         ar_addr,
    output wire logic [7:0]                          ar_len,
    input  wire logic                                ar_ready,
    input  wire logic                                ar_grant,

    // the head of the write-back FIFO after this edge's R beat (step A), and
    // its take by the write channel, this edge
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

    // register writes of this edge (nic_csr): queue enabled, TDH and issue head to 0
    input  wire logic [TX_QUEUES-1:0]                wr_reset_queue,

    // the sender's read pointer and frames queued (state, before its step)
    input  wire logic [$clog2(TX_FIFO_WORDS):0]      send_rd,
    input  wire logic [$clog2(TX_META_DEPTH+1)-1:0]  send_meta_count,
    // a finished frame for the sender, this edge
    output wire logic                                push,
    output wire logic [14:0]                         push_len,
    output wire logic [3:0]                          push_q,

    // FIFO RAM write ports: 0 = a data beat's word, 1 = the last partial
    // word of a frame; both in one edge only at consecutive addresses
    output wire logic                                fifo_wr0_en,
    output wire logic [$clog2(TX_FIFO_WORDS)-1:0]    fifo_wr0_addr,
    output wire logic [63:0]                         fifo_wr0_data,
    output wire logic                                fifo_wr1_en,
    output wire logic [$clog2(TX_FIFO_WORDS)-1:0]    fifo_wr1_addr,
    output wire logic [63:0]                         fifo_wr1_data,

    // events of this edge
    output wire logic                                ev_r_err,        // DMA_ERR
    output wire logic                                ev_desc_err,     // DESC_ERR
    output wire logic                                ev_drop,         // a frame dropped: TX_ERR ...
    output wire logic [3:0]                          ev_drop_q,       // ... and the queue's ERRORS

    // state after steps A-B of this edge
    output wire logic [TX_QUEUES-1:0]                queue_idle,      // TxDma::queue_idle, registered (state before the edge)
    output wire logic                                bus_idle,        // TxDma::bus_idle (state before the edge)

    // TDH per queue (state)
    output wire logic [TX_QUEUES*12-1:0]             head,

    // TxDma::quiescent() except the sender's part (nic_tx_send)
    output wire logic                                quiet
);

localparam int NQ = TX_QUEUES;
localparam int AW = $clog2(TX_FIFO_WORDS);

// data reads in flight at once: records in the in-order queue (the model's
// TX_MAX_READS; a power of two)
localparam int TX_MAX_READS = 8;
// write-backs waiting at most (the model's TX_WB_DEPTH; a power of two)
localparam int TX_WB_DEPTH = 16;
// record index and count widths, write-back FIFO index and count widths
localparam int RI = $clog2(TX_MAX_READS);
localparam int RC = $clog2(TX_MAX_READS + 1);
localparam int WI = $clog2(TX_WB_DEPTH);
localparam int WC = $clog2(TX_WB_DEPTH + 1);

// AXI IDs of the TX engine
localparam logic [7:0] TX_DESC_ID = 8'h10;
localparam logic [7:0] TX_DATA_ID = 8'h11;
// descriptor format (nic_desc_pkg, generated from rtl/regs/nic_desc.rdl, as
// the model's nicsim_hw::desc::tx)
localparam int DESC_SH = nic_desc_pkg::DESC_BYTES_LOG2;
// largest frame and largest buffer, bytes (TX LEN's legal maximum)
localparam logic [14:0] TX_MAX_BYTES = 15'(nic_desc_pkg::TX_LEN_MAX);
// smallest buffer, bytes
localparam logic [15:0] TX_MIN_BYTES = 16'(nic_desc_pkg::TX_LEN_MIN);
// FIFO words of the largest frame
localparam int MAX_FRAME_WORDS = nic_desc_pkg::TX_LEN_MAX / 8;
// descriptors cached (and fetched per burst) at most
localparam logic [12:0] TX_CACHE = 13'd16;
// descriptor command bits (in the second word) and status bits (in the
// status byte, the one byte written back)
localparam int CMD_EOP = nic_desc_pkg::TX_EOP_LSB;
localparam int CMD_RS = nic_desc_pkg::TX_RS_LSB;
localparam logic [7:0] STA_DD = 8'(1) << (nic_desc_pkg::TX_DD_LSB % 8);
localparam logic [7:0] STA_ERR = 8'(1) << (nic_desc_pkg::TX_ERR_LSB % 8);
// the write-back's offset in the descriptor (the status byte's word)
localparam logic [63:0] TX_WB_OFF = 64'(8 * nic_desc_pkg::TX_DD_WORD);

localparam logic [1:0] RESP_OKAY = 2'b00;

// issuer states (TxEng)
localparam logic [1:0] S_IDLE      = 2'd0;
localparam logic [1:0] S_DESC      = 2'd1;
localparam logic [1:0] S_FETCHWAIT = 2'd2;
localparam logic [1:0] S_DATA      = 2'd3;

initial begin
    // a descriptor is two 64-bit beats: the buffer address is all of the
    // first; length, command and status are in the second
    if (nic_desc_pkg::DESC_BYTES != 16 || nic_desc_pkg::TX_BUF_ADDR_WORD != 0 || nic_desc_pkg::TX_BUF_ADDR_W != 64
            || nic_desc_pkg::TX_LEN_WORD != 1 || nic_desc_pkg::TX_EOP_WORD != 1 || nic_desc_pkg::TX_RS_WORD != 1
            || nic_desc_pkg::TX_DD_WORD != 1 || nic_desc_pkg::TX_ERR_LSB / 8 != nic_desc_pkg::TX_DD_LSB / 8) begin
        $fatal(1, "nic_tx_dma: descriptor layout (nic_desc_pkg) differs from what the engine moves");
    end
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
// per-queue TDH (descriptors completed) and issue head (descriptors the issuer consumed)
logic [NQ*12-1:0]   head_reg = '0, head_mid, head_next;
logic [NQ*12-1:0]   ihead_reg = '0, ihead_mid, ihead_next;

// --- issuer
logic [1:0]         eng_reg = S_IDLE, eng_recv, eng_next;
logic [3:0]         q_reg = '0, q_next;                  // queue of the frame being issued
logic [3:0]         cq_reg = '0, cq_next;                // owner of the descriptor cache
logic [11:0]        fptr_reg = '0, fptr_mid, fptr_next;  // its fetch pointer
logic [3:0]         rr_reg = '0, rr_next;
// the descriptor fetch's view of the issuing queue, taken at the edge before
// (the fetch's first stage: the per-queue muxes by q_reg): for which queue
// (valid), its TDT then, and TDLEN, TDLEN - 1 and TDBA. TDLEN and TDBA are
// what the queue has at the fetch: they are refused while the issuer is on
// the queue, and a queue is chosen only while it is enabled (locked). A TDT
// write reaches the fetch two edges late, through the plan below (avail is
// never more than the ring holds: software moves TDT only forward).
logic               fs_v_reg = 1'b0;
logic [3:0]         fs_q_reg = '0;
logic [11:0]        fs_tail_reg = '0;
logic [13:0]        fs_len_reg = '0;
logic [13:0]        fs_lenm1_reg = '0;
logic [63:0]        fs_base_reg = '0;
// the fetch's second stage, planned from fs_* and the fetch pointer before
// the edge (TxDma::fp): valid while neither Idle, a queue reset nor a fetch
// moved the pointer at that edge (a fetch leaves Desc, so it never uses a
// stale plan), and only with descriptors available. Its address, its
// descriptors (min(available, 16, to the ring's end, to the 4 KiB line))
// and the fetch pointer after them. So the fetch's edge only selects.
logic               fp_v_reg = 1'b0;
logic [63:0]        fp_addr_reg = '0;
logic [4:0]         fp_n_reg = '0;
logic [11:0]        fp_fptr_reg = '0;

// descriptor cache: ring of 16 (address, length, EOP, RS, fetch failed)
logic [63:0]        c_addr_mem [16];
logic [15:0]        c_len_mem [16];
logic [2:0]         c_flags_mem [16];                    // {failed, RS, EOP}
logic [3:0]         c_rd_reg = '0, c_rd_mid, c_rd_next;
logic [3:0]         c_wr_reg = '0, c_wr_recv, c_wr_mid, c_wr_next;
logic [4:0]         c_cnt_reg = '0, c_cnt_recv, c_cnt_mid, c_cnt_next;

// the TX read request (TxAr); data when ar_data, else descriptors
logic               ar_valid_reg = 1'b0, ar_valid_recv, ar_valid_next;
logic               ar_data_reg = 1'b0, ar_data_next;
logic [63:0]        ar_addr_reg = '0, ar_addr_next;
logic [8:0]         ar_beats_reg = '0, ar_beats_next;

// frame being issued: bytes so far, and whether a descriptor was bad
logic [14:0]        iflen_reg = '0, iflen_next;
logic               iferr_reg = 1'b0, iferr_next;

// the issuer state's fields
// Data: descriptor d's EOP and RS, next read's address, bytes left
logic               d_eop_reg = 1'b0, d_eop_next;
logic               d_rs_reg = 1'b0, d_rs_next;
logic [63:0]        addr_reg = '0, addr_next;
logic [14:0]        left_reg = '0, left_next;
// FetchWait: n descriptors, beats in, err, first word and its error
logic [4:0]         fw_n_reg = '0, fw_n_next;
logic [5:0]         fw_beat_reg = '0, fw_beat_recv, fw_beat_next;
logic               fw_err_reg = 1'b0, fw_err_recv, fw_err_next;
logic [63:0]        fw_w0_reg = '0, fw_w0_recv, fw_w0_next;
logic               fw_w0_err_reg = 1'b0, fw_w0_err_recv, fw_w0_err_next;

// --- reads in flight (TxRd), oldest first: a ring of TX_MAX_READS records
// (no reset: qualified by the count)
logic [2:0]         rec_off_mem [TX_MAX_READS];          // first byte's address, low 3 bits
logic [11:0]        rec_bytes_mem [TX_MAX_READS];
// bytes the first beat takes, min(8 - off, bytes): computed at the push so
// the receiver's first beat has no compare behind the record read
logic [3:0]         rec_take0_mem [TX_MAX_READS];
logic [8:0]         rec_beats_mem [TX_MAX_READS];        // 0: reads nothing (bad descriptor)
// Read at every index each cycle (queue_idle): registers, not a RAM;
// mem2reg keeps yosys from searching for shareable RAM read ports.
(* mem2reg *) logic [3:0] rec_q_mem [TX_MAX_READS];
logic [3:0]         rec_flags_mem [TX_MAX_READS];        // {bad, end, RS, EOP}
logic [RI-1:0]      rec_hd_reg = '0, rec_hd_recv;
logic [RC-1:0]      rec_cnt_reg = '0, rec_cnt_recv, rec_cnt_next;
// records past their AR handshake
logic [RC-1:0]      acked_reg = '0, acked_recv;
// bytes of the records not yet received; records ending a frame; records reading nothing
logic [14:0]        res_bytes_reg = '0, res_bytes_recv, res_bytes_next;  // up to TX_MAX_READS x 2048
logic [RC-1:0]      eop_if_reg = '0, eop_if_recv, eop_if_next;
logic [RC-1:0]      nodata_reg = '0, nodata_recv, nodata_next;

// --- receiver
// the oldest record: beats so far, bytes still to come (TxDma::rgot counted
// down, so a beat's byte count is one compare, not a subtract and a compare;
// meaningful from its second beat, the first reads the record), error
logic [8:0]         rbeat_reg = '0, rbeat_next;
logic [11:0]        rleft_reg = '0, rleft_next;
logic               rerr_reg = 1'b0, rerr_next;
// its frame: started, first FIFO word, bytes, bad
logic               open_reg = 1'b0, open_next;
logic [AW:0]        fstart_reg = '0, fstart_next;
logic [14:0]        rflen_reg = '0, rflen_next;
logic               rferr_reg = 1'b0, rferr_next;
// FIFO write pointer (wrapping word counter) and the packer's partial word
logic [AW:0]        wr_reg = '0, wr_next;
logic [55:0]        acc_reg = '0, acc_next;
logic [2:0]         acc_n_reg = '0, acc_n_next;

// --- write-back FIFO (TxWb): descriptor address, error status, queue
// (no reset: qualified by the count)
logic [63:0]        wbq_addr_mem [TX_WB_DEPTH];
logic               wbq_err_mem [TX_WB_DEPTH];
(* mem2reg *) logic [3:0] wbq_q_mem [TX_WB_DEPTH];  // as rec_q_mem
logic [WI-1:0]      wbq_hd_reg = '0, wbq_hd_next;
logic [WC-1:0]      wbq_cnt_reg = '0, wbq_cnt_next;

// cache write port (step A)
logic               c_we;
logic [3:0]         c_waddr;
logic [63:0]        c_waddr_val;
logic [15:0]        c_wlen;
logic [2:0]         c_wflags;

// record write port (step B)
logic               rec_we;
logic [RI-1:0]      rec_wa;
logic [2:0]         rec_woff;
logic [11:0]        rec_wbytes;
logic [3:0]         rec_wtake0;
logic [8:0]         rec_wbeats;
logic [3:0]         rec_wq;
logic [3:0]         rec_wflags;

// a completion's write-back (step A), into the stage below
logic               wbp;
logic [11:0]        wbp_idx;
logic               wbp_err;
logic [3:0]         wbp_q;
// the write-back stage (TxDma::wb_stage): a completion's write-back waits
// here one edge, while its address (TDBA + index * 16 + offset) is made
// from registers, then enters the FIFO
logic               wbs_v_reg = 1'b0;
logic [11:0]        wbs_idx_reg = '0;
logic               wbs_err_reg = 1'b0;
logic [3:0]         wbs_q_reg = '0;
logic [63:0]        wbs_addr;

// events and FIFO writes
logic               ev_r_err_int, ev_desc_err_int, ev_drop_int;
logic [3:0]         ev_drop_q_int;
logic               push_int;
logic [14:0]        push_len_int;
logic [3:0]         push_q_int;
logic               fifo0_we, fifo1_we;
logic [AW-1:0]      fifo0_wa, fifo1_wa;
logic [63:0]        fifo0_wd, fifo1_wd;

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

// ---------------------------------------------------------------- helpers
// the low n bytes set (n >= 8: all): each byte from a compare of n, so no
// 64-bit subtract (a 16-CARRY4 chain) sits on the byte packer's path
function automatic logic [63:0] byte_mask(input logic [3:0] n);
    for (int b = 0; b < 8; b = b + 1) begin
        byte_mask[b*8 +: 8] = (4'(b) < n) ? 8'hFF : 8'h00;
    end
endfunction

// ---------------------------------------------------------------- A. receiver
logic         r_tx;          // an R beat with a TX ID
logic         moved;         // ... that moved the issuer (FetchWait)
logic         rmoved;        // ... that completed a record
logic         r_e;
logic [5:0]   fbeat_v;
logic         ferr_v;
logic         failed;
logic [RI-1:0] rh;           // the oldest record
logic [2:0]   off;
logic [11:0]  take;
logic [11:0]  left;
logic [63:0]  shifted;
logic [119:0] comb;
logic [3:0]   n_acc;
logic [8:0]   rbeat_v;
logic         rerr_v;
// a descriptor completes (TxDma::complete): its record's queue and flags
logic         cmp;
logic [3:0]   cmp_q;
logic         cmp_eop, cmp_rs, cmp_bad;
logic [13:0]  cmp_len;
// the write-back address of the descriptor of the record at rec_hd_reg
logic [3:0]   hd_q;

always_comb begin
    eng_recv = eng_reg;
    c_wr_recv = c_wr_reg;
    c_cnt_recv = c_cnt_reg;
    fw_beat_recv = fw_beat_reg;
    fw_err_recv = fw_err_reg;
    fw_w0_recv = fw_w0_reg;
    fw_w0_err_recv = fw_w0_err_reg;
    ar_valid_recv = ar_valid_reg;
    acked_recv = acked_reg;
    rec_hd_recv = rec_hd_reg;
    rec_cnt_recv = rec_cnt_reg;
    res_bytes_recv = res_bytes_reg;
    eop_if_recv = eop_if_reg;
    nodata_recv = nodata_reg;
    rbeat_next = rbeat_reg;
    rleft_next = rleft_reg;
    rerr_next = rerr_reg;
    open_next = open_reg;
    fstart_next = fstart_reg;
    rflen_next = rflen_reg;
    rferr_next = rferr_reg;
    wr_next = wr_reg;
    acc_next = acc_reg;
    acc_n_next = acc_n_reg;
    head_mid = head_reg;

    c_we = 1'b0;
    c_waddr = c_wr_reg;
    c_waddr_val = '0;
    c_wlen = '0;
    c_wflags = '0;

    wbp = 1'b0;
    wbp_idx = '0;
    wbp_err = 1'b0;
    wbp_q = '0;

    ev_r_err_int = 1'b0;
    ev_drop_int = 1'b0;
    ev_drop_q_int = '0;
    push_int = 1'b0;
    push_len_int = '0;
    push_q_int = '0;
    fifo0_we = 1'b0;
    fifo0_wa = AW'(wr_reg);
    fifo0_wd = '0;
    fifo1_we = 1'b0;
    fifo1_wa = AW'(wr_reg);
    fifo1_wd = '0;

    r_tx = r_valid;
    moved = 1'b0;
    rmoved = 1'b0;
    r_e = (m_axi_rresp != RESP_OKAY);
    fbeat_v = '0;
    ferr_v = 1'b0;
    failed = 1'b0;
    rh = rec_hd_reg;
    off = '0;
    take = '0;
    left = '0;
    shifted = '0;
    comb = '0;
    n_acc = '0;
    rbeat_v = '0;
    rerr_v = 1'b0;
    cmp = 1'b0;
    cmp_q = '0;
    cmp_eop = 1'b0;
    cmp_rs = 1'b0;
    cmp_bad = 1'b0;
    cmp_len = '0;
    // A descriptor completes only from the record at rec_hd_reg: an R beat's
    // record is the oldest, and a read-nothing record completes only when
    // no beat completed one (!rmoved: rec_hd_recv is still rec_hd_reg). So
    // its descriptor index comes from registers, beside the completion
    // checks rather than after them.
    hd_q = rec_q_mem[rec_hd_reg];

    // ------------------------------------------------ R beat with a TX ID (TxDma::on_r_beat)
    if (r_tx) begin
        if (m_axi_rid == TX_DESC_ID && eng_reg == S_FETCHWAIT && !(ar_valid_reg && !ar_data_reg)) begin
            ferr_v = fw_err_reg || r_e;
            if (!fw_beat_reg[0]) begin
                // first word of a descriptor: the buffer address
                fw_w0_recv = m_axi_rdata;
                fw_w0_err_recv = r_e;
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
                    c_wlen = m_axi_rdata[nic_desc_pkg::TX_LEN_LSB +: 16];
                    c_wflags = {1'b0, m_axi_rdata[CMD_RS], m_axi_rdata[CMD_EOP]};
                end
                fw_w0_recv = '0;
                fw_w0_err_recv = 1'b0;
                c_wr_recv = c_wr_reg + 4'd1;
                c_cnt_recv = c_cnt_reg + 5'd1;
            end
            fbeat_v = fw_beat_reg + 6'd1;
            fw_beat_recv = fbeat_v;
            fw_err_recv = ferr_v;
            if (fbeat_v == {fw_n_reg, 1'b0}) begin
                if (ferr_v) begin
                    ev_r_err_int = 1'b1;
                end
                eng_recv = S_DESC;
            end
            moved = 1'b1;
        end else if (m_axi_rid == TX_DATA_ID && acked_reg != '0) begin
            // a beat of the oldest record
            if (rbeat_reg == '0 && !open_reg) begin
                // open_frame
                open_next = 1'b1;
                fstart_next = wr_reg;
                rflen_next = '0;
                rferr_next = 1'b0;
            end
            // take = min(8 - off, left): stored for the first beat, min(8, left) after
            off = (rbeat_reg == '0) ? rec_off_mem[rh] : 3'd0;
            left = (rbeat_reg == '0) ? rec_bytes_mem[rh] : rleft_reg;
            if (rbeat_reg == '0) begin
                take = 12'(rec_take0_mem[rh]);
            end else begin
                take = (rleft_reg[11:3] != '0) ? 12'd8 : rleft_reg;
            end
            // append `take` bytes to the FIFO: at most one whole word per beat
            shifted = (m_axi_rdata >> {off, 3'b000}) & byte_mask(take[3:0]);
            comb = {64'd0, acc_reg} | ({56'd0, shifted} << {acc_n_reg, 3'b000});
            n_acc = {1'b0, acc_n_reg} + take[3:0];
            if (n_acc >= 4'd8) begin
                fifo0_we = 1'b1;
                fifo0_wa = AW'(wr_reg);
                fifo0_wd = comb[63:0];
                wr_next = wr_reg + 1'b1;
                acc_next = comb[119:64];
                acc_n_next = 3'(n_acc - 4'd8);
            end else begin
                acc_next = comb[55:0];
                acc_n_next = n_acc[2:0];
            end
            rflen_next = rflen_next + 15'(take);
            res_bytes_recv = res_bytes_reg - 15'(take);
            rbeat_v = rbeat_reg + 9'd1;
            rerr_v = rerr_reg || r_e;
            rbeat_next = rbeat_v;
            rleft_next = left - take;
            rerr_next = rerr_v;
            if (rbeat_v == rec_beats_mem[rh]) begin
                // the record is complete
                rec_hd_recv = rec_hd_reg + 1'b1;
                rec_cnt_recv = rec_cnt_reg - 1'b1;
                acked_recv = acked_reg - 1'b1;
                if (rerr_v) begin
                    ev_r_err_int = 1'b1;
                    rferr_next = 1'b1;
                end
                rbeat_next = '0;
                rleft_next = '0;
                rerr_next = 1'b0;
                if (rec_flags_mem[rh][2]) begin
                    // the last read of its descriptor
                    cmp = 1'b1;
                    cmp_q = rec_q_mem[rh];
                    {cmp_bad, cmp_rs, cmp_eop} = {rec_flags_mem[rh][3], rec_flags_mem[rh][1:0]};
                end
                rmoved = 1'b1;
            end
        end else begin
            // a response nobody asked for
            ev_r_err_int = 1'b1;
        end
    end

    // ------------------------------------------------ AR handshake (TxDma::ar_accepted)
    if (ar_valid_reg && ar_ready) begin
        ar_valid_recv = 1'b0;
        if (ar_data_reg) begin
            acked_recv = acked_recv + 1'b1;
        end
    end

    // ------------------------------------------------ a beats=0 record at the head (engine_edge)
    // (!rmoved: rec_hd_recv and rec_cnt_recv are still the registers')
    if (!rmoved && rec_cnt_reg != '0 && rec_beats_mem[rec_hd_reg] == '0) begin
        rh = rec_hd_reg;
        rec_hd_recv = rec_hd_recv + 1'b1;
        rec_cnt_recv = rec_cnt_reg - 1'b1;
        nodata_recv = nodata_recv - 1'b1;
        if (!open_next) begin
            // open_frame
            open_next = 1'b1;
            fstart_next = wr_next;
            rflen_next = '0;
            rferr_next = 1'b0;
        end
        cmp = 1'b1;
        cmp_q = rec_q_mem[rh];
        {cmp_bad, cmp_rs, cmp_eop} = {rec_flags_mem[rh][3], rec_flags_mem[rh][1:0]};
    end

    // ------------------------------------------------ the descriptor completes (TxDma::complete)
    if (cmp) begin
        if (cmp_bad) begin
            rferr_next = 1'b1;
        end
        cmp_len = sel_q14(cfg_tq_len, cmp_q);
        if (cmp_rs) begin
            wbp = 1'b1;
            wbp_idx = sel_q12(head_reg, hd_q);  // cmp_q is hd_q (above)
            wbp_err = rferr_next;
            wbp_q = cmp_q;
        end
        for (int q = 0; q < NQ; q = q + 1) begin
            if (cmp_q == 4'(q)) begin
                head_mid[q*12 +: 12] = 12'((14'(head_reg[q*12 +: 12]) + 14'd1) & (cmp_len - 14'd1));
            end
        end
        if (cmp_eop) begin
            eop_if_recv = eop_if_recv - 1'b1;
            if (rferr_next) begin
                // roll the frame out of the FIFO
                wr_next = fstart_next;
                ev_drop_int = 1'b1;
                ev_drop_q_int = cmp_q;
            end else begin
                if (acc_n_next != '0) begin
                    // the last partial word, zero-filled (maybe the edge's second FIFO write)
                    fifo1_we = 1'b1;
                    fifo1_wa = AW'(wr_next);
                    fifo1_wd = {8'd0, acc_next};
                    wr_next = wr_next + 1'b1;
                end
                push_int = 1'b1;
                push_len_int = rflen_next;
                push_q_int = cmp_q;
            end
            acc_next = '0;
            acc_n_next = '0;
            open_next = 1'b0;
        end
    end
end

// ---------------------------------------------------------------- B. write-back take, issuer
logic         ar_free;
// TxDma::push_ok of the counts after the edge, registered: the sum and
// compares are off the issuer's path (can_push_reg = push_ok of the
// rec_cnt_reg, wbq_cnt_reg and wbs_v_reg beside it). The issuer asks it
// of the counts before the edge: conservative, as this edge's completions
// only free a read slot and move a record's write-back room into the FIFO,
// and it keeps the receiver off the issuer's path.
logic         can_push_reg = 1'b1, can_push_next;
// queues with descriptors to issue: enabled, tail past the issuer's head
// (registered state only, so a simulator computes it once per edge, not
// again for the inputs before it)
logic [NQ-1:0] work;

always_comb begin
    for (int q = 0; q < NQ; q = q + 1) begin
        work[q] = cfg_tq_enable[q] && (cfg_tq_tail[q*12 +: 12] != ihead_reg[q*12 +: 12]);
    end
end

// work widened to the 16 queues cq_reg can name, so it can be indexed by it at any TX_QUEUES
logic [15:0]  work_all;
logic [NQ-1:0] rr_hi;        // queues with work from rr on
logic [NQ-1:0] rr_grant;     // the round robin's choice, one-hot
logic         rr_seen_hi;
logic         rr_seen_lo;
logic [NQ-1:0] rr_g_lo;
logic [15:0]  grant_all;
logic [3:0]   sq;
logic [AW:0]  used;
logic [31:0]  reserve;
logic [31:0]  meta_n;
logic [13:0]  len_q;
logic [63:0]  dd_addr;
logic [15:0]  dd_len;
logic [2:0]   dd_flags;
logic         dd_bad;
logic [15:0]  flen_sum;
logic         issued;        // the issuer is done with its descriptor (desc_issued)
logic         issued_eop;
logic         idle_start;    // Idle chose a queue in this edge

always_comb begin
    eng_next = eng_recv;
    q_next = q_reg;
    cq_next = cq_reg;
    fptr_mid = fptr_reg;
    rr_next = rr_reg;
    c_rd_mid = c_rd_reg;
    c_wr_mid = c_wr_recv;
    c_cnt_mid = c_cnt_recv;
    ar_valid_next = ar_valid_recv;
    ar_data_next = ar_data_reg;
    ar_addr_next = ar_addr_reg;
    ar_beats_next = ar_beats_reg;
    iflen_next = iflen_reg;
    iferr_next = iferr_reg;
    d_eop_next = d_eop_reg;
    d_rs_next = d_rs_reg;
    addr_next = addr_reg;
    left_next = left_reg;
    fw_n_next = fw_n_reg;
    fw_beat_next = fw_beat_recv;
    fw_err_next = fw_err_recv;
    fw_w0_next = fw_w0_recv;
    fw_w0_err_next = fw_w0_err_recv;
    ihead_mid = ihead_reg;
    rec_cnt_next = rec_cnt_recv;
    res_bytes_next = res_bytes_recv;
    eop_if_next = eop_if_recv;
    nodata_next = nodata_recv;

    // the write channel may take the head of the write-back FIFO (TxDma::take_wb);
    // the staged write-back (state) goes in at the tail
    wbq_hd_next = wbq_hd_reg + WI'(wb_take);
    wbq_cnt_next = wbq_cnt_reg + WC'(wbs_v_reg) - WC'(wb_take);

    rec_we = 1'b0;
    // the tail: a record completed in step A moves the head, not the tail
    rec_wa = rec_hd_reg + RI'(rec_cnt_reg);
    rec_woff = '0;
    rec_wbytes = '0;
    rec_wtake0 = '0;
    rec_wbeats = '0;
    rec_wq = q_reg;
    rec_wflags = '0;

    ev_desc_err_int = 1'b0;

    ar_free = ar_grant && !ar_valid_recv && !cfg_rst_pending;
    rr_hi = '0;
    rr_grant = '0;
    rr_seen_hi = 1'b0;
    rr_seen_lo = 1'b0;
    rr_g_lo = '0;
    grant_all = '0;
    work_all = '0;
    sq = q_reg;
    used = '0;
    reserve = '0;
    meta_n = '0;
    len_q = sel_q14(cfg_tq_len, q_reg);
    dd_addr = '0;
    dd_len = '0;
    dd_flags = '0;
    dd_bad = 1'b0;
    flen_sum = '0;
    issued = 1'b0;
    issued_eop = 1'b0;
    idle_start = 1'b0;

    // ------------------------------------------------ the issuer (TxDma::engine_edge)
    if (!moved) begin
        case (eng_reg)
            S_IDLE: begin
                // FIFO words in use and reserved by the reads in flight, plus a
                // partial last word for the open frame and each frame in flight
                // Counted before this edge's beats and sends (TxDma::room_pre),
                // so the choice waits on neither the byte packer nor the sender:
                // a beat adds at most one word to the sum (hence 2, not 1); a
                // frame's end trades its partial word for its reservation and
                // its entry for push_int; a send only frees.
                used = wr_reg - send_rd;
                reserve = 32'(used) + ((32'(res_bytes_reg) + 32'd7) >> 3) + 32'd2 + 32'(eop_if_reg);
                meta_n = 32'(send_meta_count) + 32'(eop_if_reg);
                work_all = 16'(work);
                if (cfg_tx_en && !cfg_rst_pending && work != '0
                        && reserve <= 32'(TX_FIFO_WORDS - MAX_FRAME_WORDS)
                        && meta_n < 32'(TX_META_DEPTH)) begin
                    // (Idle, Desc: no fetch beat moved the cache, c_*_recv = c_*_reg)
                    if (c_cnt_reg != '0 && work_all[cq_reg]) begin
                        // the queue whose fetched descriptors are cached keeps its turn
                        sq = cq_reg;
                    end else begin
                        // round robin: the first queue with work from rr on,
                        // else the first one below it, as a one-hot grant
                        // (both halves at once; no rotate, add or modulo),
                        // which also selects the queue's head below
                        for (int q = 0; q < NQ; q = q + 1) begin
                            rr_hi[q] = work[q] && (4'(q) >= rr_reg);
                            if (rr_hi[q] && !rr_seen_hi) begin
                                rr_grant[q] = 1'b1;
                            end
                            rr_seen_hi = rr_seen_hi || rr_hi[q];
                            if (work[q] && !rr_seen_lo) begin
                                rr_g_lo[q] = 1'b1;
                            end
                            rr_seen_lo = rr_seen_lo || work[q];
                        end
                        if (!rr_seen_hi) begin
                            rr_grant = rr_g_lo;
                        end
                        sq = '0;
                        rr_next = '0;
                        for (int q = 0; q < NQ; q = q + 1) begin
                            if (rr_grant[q]) begin
                                sq = sq | 4'(q);
                                rr_next = rr_next | ((q + 1 >= NQ) ? 4'd0 : 4'(q + 1));
                            end
                        end
                        grant_all = 16'(rr_grant);
                        if (!grant_all[cq_reg]) begin
                            // the cache belongs to another queue: dropped
                            cq_next = sq;
                            c_rd_mid = '0;
                            c_wr_mid = '0;
                            c_cnt_mid = '0;
                            fptr_mid = '0;
                            for (int q = 0; q < NQ; q = q + 1) begin
                                if (rr_grant[q]) begin
                                    fptr_mid = fptr_mid | ihead_reg[q*12 +: 12];
                                end
                            end
                        end
                    end
                    q_next = sq;
                    iflen_next = '0;
                    iferr_next = 1'b0;
                    eng_next = S_DESC;
                    idle_start = 1'b1;
                end
            end
            S_DESC: begin
                if (c_cnt_reg != '0) begin
                    // the next cached descriptor, checked
                    dd_addr = c_addr_mem[c_rd_reg];
                    dd_len = c_len_mem[c_rd_reg];
                    dd_flags = c_flags_mem[c_rd_reg];
                    flen_sum = 16'(iflen_reg) + dd_len;
                    dd_bad = dd_flags[2] || iferr_reg || dd_len < TX_MIN_BYTES || dd_len > 16'(TX_MAX_BYTES)
                        || flen_sum > 16'(TX_MAX_BYTES);
                    if (!dd_bad) begin
                        c_rd_mid = c_rd_reg + 4'd1;
                        c_cnt_mid = c_cnt_reg - 5'd1;
                        iflen_next = 15'(flen_sum);
                        d_eop_next = dd_flags[0];
                        d_rs_next = dd_flags[1];
                        addr_next = dd_addr;
                        left_next = 15'(dd_len);
                        eng_next = S_DATA;
                    end else if (can_push_reg) begin
                        // counted once, at the descriptor that makes the frame bad
                        if (!dd_flags[2] && !iferr_reg) begin
                            ev_desc_err_int = 1'b1;
                        end
                        iferr_next = 1'b1;
                        c_rd_mid = c_rd_reg + 4'd1;
                        c_cnt_mid = c_cnt_reg - 5'd1;
                        // a record that reads nothing
                        rec_we = 1'b1;
                        rec_woff = '0;
                        rec_wbytes = '0;
                        rec_wbeats = '0;
                        rec_wflags = {1'b1, 1'b1, dd_flags[1:0]};
                        issued = 1'b1;
                        issued_eop = dd_flags[0];
                    end
                end else if (fp_v_reg && ar_free) begin
                    // the fetch planned at the edge before (fp_*: none in the
                    // edge after Idle, a queue reset or a fetch, which move the pointer)
                    ar_valid_next = 1'b1;
                    ar_data_next = 1'b0;
                    ar_addr_next = fp_addr_reg;
                    ar_beats_next = {3'b000, fp_n_reg, 1'b0};
                    fptr_mid = fp_fptr_reg;
                    fw_n_next = fp_n_reg;
                    fw_beat_next = '0;
                    fw_err_next = 1'b0;
                    fw_w0_next = '0;
                    fw_w0_err_next = 1'b0;
                    eng_next = S_FETCHWAIT;
                end
            end
            S_DATA: begin
                // data reads wait while a record that reads nothing is ahead
                // (nodata_reg: a record completed in this edge lets reads go from the next)
                if (ar_free && can_push_reg && nodata_reg == '0) begin
                    // the read planned from the state (dr_*, below)
                    ar_valid_next = 1'b1;
                    ar_data_next = 1'b1;
                    ar_addr_next = {addr_reg[63:3], 3'b000};
                    ar_beats_next = dr_beats;
                    rec_we = 1'b1;
                    rec_woff = addr_reg[2:0];
                    rec_wbytes = dr_bytes;
                    rec_wtake0 = dr_take0;
                    rec_wbeats = dr_beats;
                    rec_wflags = {1'b0, dr_last, d_rs_reg, d_eop_reg};
                    if (dr_last) begin
                        issued = 1'b1;
                        issued_eop = d_eop_reg;
                    end else begin
                        addr_next = dr_addr_after;
                        left_next = dr_left_after;
                    end
                end
            end
            default: ;  // FetchWait: R beats move it
        endcase
    end

    // a record pushed (TxDma::push)
    if (rec_we) begin
        rec_cnt_next = rec_cnt_recv + 1'b1;
        res_bytes_next = res_bytes_recv + 15'(rec_wbytes);
        if (rec_wflags[2] && rec_wflags[0]) begin
            eop_if_next = eop_if_recv + 1'b1;
        end
        if (rec_wbeats == '0) begin
            nodata_next = nodata_recv + 1'b1;
        end
    end

    // the issuer is done with its descriptor (TxDma::desc_issued)
    if (issued) begin
        for (int q = 0; q < NQ; q = q + 1) begin
            if (q_reg == 4'(q)) begin
                ihead_mid[q*12 +: 12] = 12'((14'(ihead_reg[q*12 +: 12]) + 14'd1) & (len_q - 14'd1));
            end
        end
        eng_next = issued_eop ? S_IDLE : S_DESC;
    end
end

// (both outcomes of this edge's record push side by side, the push picks:
// the issuer's checks that decide it are not behind the sum)
logic can_push_0, can_push_1;

always_comb begin
    can_push_0 = 32'(rec_cnt_recv) < TX_MAX_READS
        && 32'(rec_cnt_recv) + 32'(wbq_cnt_next) + 32'(wbp) < TX_WB_DEPTH;
    can_push_1 = 32'(rec_cnt_recv) + 1 < TX_MAX_READS
        && 32'(rec_cnt_recv) + 1 + 32'(wbq_cnt_next) + 32'(wbp) < TX_WB_DEPTH;
    can_push_next = rec_we ? can_push_1 : can_push_0;
end

// ---------------------------------------------------------------- the data read (state only)
// The read of the descriptor's data in S_DATA: min(left, to the 4 KiB
// boundary, 2048 - offset) bytes. Each case is one add from the state, in
// parallel: the last read when left fits both limits (left + addr[11:0] <=
// 4096, left + offset <= 2048); otherwise the 4 KiB limit is the smaller
// exactly when addr[11] is set (4096 - a <= 2048 - offset), and then the
// read ends at the boundary (512 - addr[11:3] beats), else it is 2048 -
// offset bytes (256 beats) and ends at addr[11] set.
logic [15:0]  dr_sum4k, dr_sum2k;
logic         dr_last;
logic [11:0]  dr_bytes;      // at most 2048
logic [3:0]   dr_take0;      // its first beat's bytes, min(8 - off, bytes)
logic [8:0]   dr_beats;
logic [63:0]  dr_addr_after;
logic [14:0]  dr_left_after;

always_comb begin
    dr_sum4k = 16'(left_reg) + {4'd0, addr_reg[11:0]};
    dr_sum2k = 16'(left_reg) + {13'd0, addr_reg[2:0]};
    dr_last = (dr_sum4k <= 16'd4096) && (dr_sum2k <= 16'd2048);
    // bytes < 8 - off only when left + off < 8 (then the read is the last:
    // a non-last read has at least 8 - off bytes)
    dr_take0 = (dr_sum2k < 16'd8) ? left_reg[3:0] : 4'd8 - {1'b0, addr_reg[2:0]};
    if (dr_last) begin
        dr_bytes = 12'(left_reg);
        dr_beats = 9'((dr_sum2k + 16'd7) >> 3);
    end else if (addr_reg[11]) begin
        dr_bytes = 12'(13'd4096 - {1'b0, addr_reg[11:0]});
        dr_beats = 9'(10'd512 - {1'b0, addr_reg[11:3]});
    end else begin
        dr_bytes = 12'd2048 - {9'd0, addr_reg[2:0]};
        dr_beats = 9'd256;
    end
    if (addr_reg[11]) begin
        dr_addr_after = {addr_reg[63:12] + 52'd1, 12'd0};
        dr_left_after = 15'(dr_sum4k - 16'd4096);
    end else begin
        dr_addr_after = {addr_reg[63:12], 1'b1, addr_reg[10:3], 3'b000};
        dr_left_after = 15'(dr_sum2k - 16'd2048);
    end
end

// ---------------------------------------------------------------- the fetch plan (state only)
// Each limit and the pointer after taking it are computed side by side,
// and the pairwise compares pick the least: one carry chain deep, not a
// min() chain followed by an add. Ties pick the same pointer.
logic [12:0]  p_avail, p_to_end, p_to_4k;
logic [7:0]   p_line;        // the fetch address' descriptor within its 4 KiB (DESC_BYTES = 16)
logic [11:0]  p_f_4k, p_f_cache;
logic [63:0]  p_addr;
logic [4:0]   p_n;
logic [11:0]  p_fptr;
logic         p_v;
always_comb begin
    p_avail = 13'((14'(fs_tail_reg) - 14'(fptr_reg)) & fs_lenm1_reg);
    p_to_end = 13'(fs_len_reg - 14'(fptr_reg));
    p_line = fs_base_reg[11:4] + fptr_reg[7:0];
    p_to_4k = 13'd256 - 13'(p_line);
    p_f_4k = 12'((14'(fptr_reg) + 14'(p_to_4k)) & fs_lenm1_reg);
    p_f_cache = 12'((14'(fptr_reg) + 14'(TX_CACHE)) & fs_lenm1_reg);
    p_addr = fs_base_reg + (64'(fptr_reg) << DESC_SH);
    if (p_avail <= TX_CACHE && p_avail <= p_to_end && p_avail <= p_to_4k) begin
        p_n = p_avail[4:0];
        p_fptr = 12'(14'(fs_tail_reg) & fs_lenm1_reg);   // fptr + avail, mod TDLEN
    end else if (p_to_end <= TX_CACHE && p_to_end <= p_to_4k) begin
        p_n = p_to_end[4:0];
        p_fptr = '0;                                       // the ring's end
    end else if (p_to_4k <= TX_CACHE) begin
        p_n = p_to_4k[4:0];
        p_fptr = p_f_4k;
    end else begin
        p_n = TX_CACHE[4:0];
        p_fptr = p_f_cache;
    end
    p_v = fs_v_reg && fs_q_reg == q_reg && eng_reg != S_IDLE && wr_reset_queue == '0 && p_avail != '0;
end

// ---------------------------------------------------------------- C. register writes of this edge
always_comb begin
    head_next = head_mid;
    ihead_next = ihead_mid;
    fptr_next = fptr_mid;
    c_rd_next = c_rd_mid;
    c_wr_next = c_wr_mid;
    c_cnt_next = c_cnt_mid;
    // (one test on the edges without a queue reset, nearly all of them:
    // a simulator skips the per-queue loop)
    if (wr_reset_queue != '0) begin
        for (int q = 0; q < NQ; q = q + 1) begin
            if (wr_reset_queue[q]) begin
                // TxDma::reset_queue: the ring restarts at 0; the cache is dropped if it is this queue's
                head_next[q*12 +: 12] = '0;
                ihead_next[q*12 +: 12] = '0;
                // (A queue enabled in this edge was disabled before it, so Idle
                // did not choose it: if the cache is its, either it stays so
                // (cq_next = cq_reg) or Idle chose another queue and dropped the
                // cache already. So cq_reg decides, and the fetch pointer is
                // zeroed unless Idle chose: not cq_next's compare after the
                // choice.)
                if (cq_reg == 4'(q)) begin
                    if (!idle_start) begin
                        fptr_next = '0;
                    end
                    c_rd_next = '0;
                    c_wr_next = '0;
                    c_cnt_next = '0;
                end
            end
        end
    end
end

// TxDma::idle_next: queue_idle from the state before the edge, loaded at the
// edge: the issuer not on the queue, no work for it (it could choose the
// queue in this edge), no record of it in flight, no write-back of it
// queued. So the CSR sees a queue idle only two edges after its last DMA,
// never before it: every activity of an edge starts from work, the
// issuer or a record of the state before it. State only, so neither the
// receiver nor the issuer is on its path.
logic [NQ-1:0]  queue_idle_reg = '1;

always_ff @(posedge clk) begin : g_queue_idle
    logic [NQ-1:0]  queue_idle_int;
    logic [3:0]     rslot_q;
    logic [3:0]     wslot_q;

    for (int q = 0; q < NQ; q = q + 1) begin
        queue_idle_int[q] = !work[q] && !(eng_reg != S_IDLE && 32'(q_reg) == q);
    end
    for (int k = 0; k < TX_MAX_READS; k = k + 1) begin
        rslot_q = rec_q_mem[RI'(rec_hd_reg + RI'(k))];
        if (32'(rec_cnt_reg) > k) begin
            for (int q = 0; q < NQ; q = q + 1) begin
                if (32'(rslot_q) == q) begin
                    queue_idle_int[q] = 1'b0;
                end
            end
        end
    end
    for (int q = 0; q < NQ; q = q + 1) begin
        if (wbs_v_reg && 32'(wbs_q_reg) == q) begin
            queue_idle_int[q] = 1'b0;
        end
    end
    for (int k = 0; k < TX_WB_DEPTH; k = k + 1) begin
        wslot_q = wbq_q_mem[WI'(wbq_hd_reg + WI'(k))];
        if (32'(wbq_cnt_reg) > k) begin
            for (int q = 0; q < NQ; q = q + 1) begin
                if (32'(wslot_q) == q) begin
                    queue_idle_int[q] = 1'b0;
                end
            end
        end
    end
    queue_idle_reg <= queue_idle_int;
    if (rst || soft_rst) begin
        queue_idle_reg <= '1;
    end
end

assign queue_idle = queue_idle_reg;
assign bus_idle = !ar_valid_reg && rec_cnt_reg == '0 && eng_reg != S_FETCHWAIT;

always_ff @(posedge clk) begin
    head_reg <= head_next;
    ihead_reg <= ihead_next;
    eng_reg <= eng_next;
    q_reg <= q_next;
    cq_reg <= cq_next;
    fptr_reg <= fptr_next;
    rr_reg <= rr_next;
    fs_v_reg <= 1'b1;
    fs_q_reg <= q_reg;
    fs_tail_reg <= sel_q12(cfg_tq_tail, q_reg);
    fs_len_reg <= sel_q14(cfg_tq_len, q_reg);
    fs_lenm1_reg <= sel_q14(cfg_tq_len, q_reg) - 14'd1;
    fs_base_reg <= cfg_tq_base[q_reg*64 +: 64];
    fp_v_reg <= p_v;
    fp_addr_reg <= p_addr;
    fp_n_reg <= p_n;
    fp_fptr_reg <= p_fptr;
    c_rd_reg <= c_rd_next;
    c_wr_reg <= c_wr_next;
    c_cnt_reg <= c_cnt_next;
    ar_valid_reg <= ar_valid_next;
    ar_data_reg <= ar_data_next;
    ar_addr_reg <= ar_addr_next;
    ar_beats_reg <= ar_beats_next;
    iflen_reg <= iflen_next;
    iferr_reg <= iferr_next;
    d_eop_reg <= d_eop_next;
    d_rs_reg <= d_rs_next;
    addr_reg <= addr_next;
    left_reg <= left_next;
    fw_n_reg <= fw_n_next;
    fw_beat_reg <= fw_beat_next;
    fw_err_reg <= fw_err_next;
    fw_w0_reg <= fw_w0_next;
    fw_w0_err_reg <= fw_w0_err_next;
    rec_hd_reg <= rec_hd_recv;
    rec_cnt_reg <= rec_cnt_next;
    acked_reg <= acked_recv;
    res_bytes_reg <= res_bytes_next;
    eop_if_reg <= eop_if_next;
    nodata_reg <= nodata_next;
    rbeat_reg <= rbeat_next;
    rleft_reg <= rleft_next;
    rerr_reg <= rerr_next;
    open_reg <= open_next;
    fstart_reg <= fstart_next;
    rflen_reg <= rflen_next;
    rferr_reg <= rferr_next;
    wr_reg <= wr_next;
    acc_reg <= acc_next;
    acc_n_reg <= acc_n_next;
    wbq_hd_reg <= wbq_hd_next;
    wbq_cnt_reg <= wbq_cnt_next;
    wbs_v_reg <= wbp;
    can_push_reg <= can_push_next;
    if (wbp) begin
        wbs_idx_reg <= wbp_idx;
        wbs_err_reg <= wbp_err;
        wbs_q_reg <= wbp_q;
    end

    if (rst || soft_rst) begin
        head_reg <= '0;
        ihead_reg <= '0;
        eng_reg <= S_IDLE;
        q_reg <= '0;
        cq_reg <= '0;
        fptr_reg <= '0;
        rr_reg <= '0;
        fs_v_reg <= 1'b0;
        fp_v_reg <= 1'b0;
        c_rd_reg <= '0;
        c_wr_reg <= '0;
        c_cnt_reg <= '0;
        ar_valid_reg <= 1'b0;
        iflen_reg <= '0;
        iferr_reg <= 1'b0;
        rec_hd_reg <= '0;
        rec_cnt_reg <= '0;
        acked_reg <= '0;
        res_bytes_reg <= '0;
        eop_if_reg <= '0;
        nodata_reg <= '0;
        rbeat_reg <= '0;
        rleft_reg <= '0;
        rerr_reg <= 1'b0;
        open_reg <= 1'b0;
        fstart_reg <= '0;
        rflen_reg <= '0;
        rferr_reg <= 1'b0;
        wr_reg <= '0;
        acc_reg <= '0;
        acc_n_reg <= '0;
        wbq_hd_reg <= '0;
        wbq_cnt_reg <= '0;
        wbs_v_reg <= 1'b0;
        can_push_reg <= 1'b1;
    end
end

// the staged write-back's address (TDBA cannot change under it: the queue is busy)
assign wbs_addr = cfg_tq_base[wbs_q_reg*64 +: 64] + (64'(wbs_idx_reg) << DESC_SH) + TX_WB_OFF;

// descriptor cache, records and write-back FIFO storage (no reset: entries
// are qualified by their counts)
always_ff @(posedge clk) begin
    if (c_we) begin
        c_addr_mem[c_waddr] <= c_waddr_val;
        c_len_mem[c_waddr] <= c_wlen;
        c_flags_mem[c_waddr] <= c_wflags;
    end
    if (rec_we) begin
        rec_off_mem[rec_wa] <= rec_woff;
        rec_bytes_mem[rec_wa] <= rec_wbytes;
        rec_take0_mem[rec_wa] <= rec_wtake0;
        rec_beats_mem[rec_wa] <= rec_wbeats;
        rec_q_mem[rec_wa] <= rec_wq;
        rec_flags_mem[rec_wa] <= rec_wflags;
    end
    if (wbs_v_reg) begin
        wbq_addr_mem[WI'(wbq_hd_reg + WI'(wbq_cnt_reg))] <= wbs_addr;
        wbq_err_mem[WI'(wbq_hd_reg + WI'(wbq_cnt_reg))] <= wbs_err_reg;
        wbq_q_mem[WI'(wbq_hd_reg + WI'(wbq_cnt_reg))] <= wbs_q_reg;
    end
end

// ---------------------------------------------------------------- outputs
logic          wb_head_err;

assign ar_valid = ar_valid_reg;
assign ar_id = !ar_valid_reg ? 8'd0 : ar_data_reg ? TX_DATA_ID : TX_DESC_ID;
assign ar_addr = ar_valid_reg ? ar_addr_reg : 64'd0;
assign ar_len = ar_valid_reg ? 8'(ar_beats_reg - 9'd1) : 8'd0;

// the FIFO's head (state: a write-back queued in this edge is offered from the next)
assign wb_valid = (wbq_cnt_reg != '0);
assign wb_addr = wbq_addr_mem[wbq_hd_reg];
assign wb_head_err = wbq_err_mem[wbq_hd_reg];
assign wb_status = STA_DD | (wb_head_err ? STA_ERR : 8'd0);
assign wb_q = wbq_q_mem[wbq_hd_reg];

assign push = push_int;
assign push_len = push_len_int;
assign push_q = push_q_int;

assign fifo_wr0_en = fifo0_we;
assign fifo_wr0_addr = fifo0_wa;
assign fifo_wr0_data = fifo0_wd;
assign fifo_wr1_en = fifo1_we;
assign fifo_wr1_addr = fifo1_wa;
assign fifo_wr1_data = fifo1_wd;

assign ev_r_err = ev_r_err_int;
assign ev_desc_err = ev_desc_err_int;
assign ev_drop = ev_drop_int;
assign ev_drop_q = ev_drop_q_int;

assign head = head_reg;

assign quiet = (eng_reg == S_IDLE) && !ar_valid_reg && rec_cnt_reg == '0 && wbq_cnt_reg == '0 && !wbs_v_reg
    && (wr_reg == send_rd) && !(cfg_tx_en && work != '0)
    && queue_idle_reg == ~work;  // settled (g_queue_idle)

endmodule

`default_nettype wire
