`default_nettype none

/*
 * RX DMA: descriptor prefetch over the AXI read channel, per-queue
 * descriptor caches, and the frame engine (RX FIFO -> host buffers, then
 * one write-back per descriptor). Mirrors model/src/rxdma.rs (struct
 * RxDma). The engine is a write client of nic_dma_arb, which owns the
 * write channel (wr_valid/wr_ready, the arbiter's rx_wr_*: its next burst;
 * wb_done: a write-back burst of it completed).
 *
 * Order inside one edge, each step seeing the previous steps' results
 * (RxDma::edge):
 *  2. R channel: descriptor beats into the queue's cache;
 *  3. AR handshake: the fetch goes in flight;
 *  4. the arbiter's rx_wb_done (its AW/W progress of this edge): RDH + 1
 *     per write-back; the last one completes the frame;
 *  5. the idle engine judges the frame at the head of the frame FIFO once
 *     the two-stage look-ahead holds its queue and buffer count (not while
 *     a soft reset is pending), and carries the verdict out in the next
 *     edge (ENG_CLAIM): a frame the ring cannot take is dropped as no_desc,
 *     one HOLD holds stays at the head, the others are claimed;
 *  6. the engine's next write burst, presented to the arbiter (rx_wr_*):
 *     at the start of a buffer an edge of its own takes a cached
 *     descriptor (not in the edge of the claim); then the buffer's data
 *     bursts, then the write-backs; the engine
 *     moves on only with wr_ready (the channel free, no MSI-X message
 *     and no TX write-back waiting);
 *  7. the next descriptor fetch, in two registered stages: the candidate
 *     registered in the previous edge (cand_*) goes into the AR slot with
 *     its address; or, with no candidate and the slot empty, the next one is
 *     chosen (round robin) from the state before the edge (pick_*), when one
 *     may be needed.
 * Steps 5 to 7 start from registers so their logic does not chain through
 * the earlier steps (issue 8: the claim, the burst and the fetch made one
 * 137-cell path; the fetch choice alone, with its address, 59).
 * The register writes of the edge (nic_csr) come after all of this: queue
 * enables reset a queue's ring state, RDT writes wake the prefetcher. They
 * depend on this block's state after step 7 (queue_idle), so they are
 * applied by a second, small always_comb (the *_mid -> *_next step).
 *
 * The prefetcher is a read client of nic_dma_arb, as the TX engine is:
 * its fetch (ar_*) is held until ar_ready; the arbiter routes R beats by ID
 * (r_valid: not a TX read ID). The AR slot is shared: the prefetcher picks
 * first, and not while a TX request stays presented (tx_ar_hold); ar_keep
 * tells the arbiter it holds the slot after this edge or keeps it for a
 * pick tried in this edge, so the TX engine presents only into a slot left
 * empty and not reserved for a candidate.
 */
module nic_rx_dma #(
    // RX queues (1..16)
    parameter int RX_QUEUES = 16,
    // RX FIFO depth in 8-byte words (power of two)
    parameter int RX_FIFO_WORDS = 4096,
    // descriptors cached per queue (power of two, 4..64)
    parameter int DESC_CACHE = 8,
    // descriptor fetches (AXI read bursts) outstanding (1..16)
    parameter int MAX_READS = 4
) (
    input  wire logic                              clk,
    input  wire logic                              rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                              soft_rst,

    // AXI4 master: read
    // read client of nic_dma_arb: the fetch presented (state; held until
    // ar_ready), and the R beats the arbiter routes here (r_valid; the
    // beat's fields are the bus's)
    output wire logic                              ar_valid,
    output wire logic [3:0]                        ar_id,           // = the queue
    output wire logic [63:0]                       ar_addr,
    output wire logic [7:0]                        ar_len,
    input  wire logic                              ar_ready,
    input  wire logic                              r_valid,
    input  wire logic [7:0]                        m_axi_rid,
    input  wire logic [63:0]                       m_axi_rdata,
    input  wire logic [1:0]                        m_axi_rresp,
    input  wire logic                              m_axi_rlast,

    // configuration (register state before the edge)
    input  wire logic                              cfg_rst_pending,
    input  wire logic [RX_QUEUES*64-1:0]           cfg_q_base,
    input  wire logic [RX_QUEUES*14-1:0]           cfg_q_len,
    input  wire logic [RX_QUEUES*12-1:0]           cfg_q_tail,
    // RDT after this edge (nic_csr's registers only): the fetch pick's
    // available counts are registered from it
    input  wire logic [RX_QUEUES*12-1:0]           cfg_q_tail_next,
    input  wire logic [RX_QUEUES-1:0]              cfg_q_enable,
    input  wire logic [RX_QUEUES*5-1:0]            cfg_q_bsize,
    input  wire logic [RX_QUEUES-1:0]              cfg_q_hold,
    input  wire logic [RX_QUEUES*5-1:0]            cfg_q_vector,
    input  wire logic [128*4-1:0]                  cfg_reta,

    // TX engine: its read request (state) and whether it is still
    // presented after this edge's handshake
    input  wire logic                              tx_ar_hold,
    // the AR slot is empty after the RX pick of this edge
    output wire logic                              ar_keep,

    // write client of nic_dma_arb: the engine's next burst (ID = queue),
    // taken in an edge with wr_ready (which does not depend on wr_valid)
    output wire logic                              wr_valid,
    output wire logic [3:0]                        wr_id,
    output wire logic [63:0]                       wr_addr,
    output wire logic [8:0]                        wr_beats,
    output wire logic                              wr_wb,        // 1: write-back (wr_d0/d1), 0: FIFO data
    output wire logic [$clog2(RX_FIFO_WORDS)-1:0]  wr_word,      // FIFO data: first word
    output wire logic [7:0]                        wr_last_strb, // FIFO data: the last beat's wstrb
    output wire logic [63:0]                       wr_d0,        // write-back: its two beats
    output wire logic [63:0]                       wr_d1,
    input  wire logic                              wr_ready,
    // this engine's write-back burst had its last beat accepted (this edge)
    input  wire logic                              wb_done,

    // head of the frame FIFO (state)
    input  wire logic                              meta_valid,
    input  wire logic [$clog2(RX_FIFO_WORDS)-1:0]  meta_start,
    input  wire logic [15:0]                       meta_len,
    input  wire logic [31:0]                       meta_hash,
    input  wire logic [2:0]                        meta_htype,

    // register writes of this edge (nic_csr)
    input  wire logic                              wr_kick_fetch,
    input  wire logic [RX_QUEUES-1:0]              wr_reset_queue,

    // events of this edge
    output wire logic                              ev_r_err,
    output wire logic                              ev_desc_err,
    output wire logic                              ev_meta_pop,
    output wire logic                              ev_free_en,
    output wire logic [$clog2(RX_FIFO_WORDS):0]    ev_free_words,
    output wire logic                              ev_no_desc,
    output wire logic [3:0]                        ev_no_desc_q,
    output wire logic                              ev_complete,
    output wire logic [3:0]                        ev_complete_q,
    output wire logic [15:0]                       ev_complete_len,
    output wire logic [4:0]                        ev_complete_vec,

    // state before the edge (registered)
    output wire logic [RX_QUEUES-1:0]              queue_idle,      // RxDma::queue_idle_mask (idle_reg)
    output wire logic                              bus_idle,        // RxDma::bus_idle (the read side)

    // RDH per queue (state)
    output wire logic [RX_QUEUES*12-1:0]           head,

    // registered status strobe
    output wire logic                              stat_rx_out_valid,
    output wire logic                              stat_rx_out_no_desc,
    output wire logic [3:0]                        stat_rx_out_queue,

    // RxDma::quiescent() except fifo_used == 0 (kept in nic_rx_ingress)
    output wire logic                              quiet
);

localparam int NQ = RX_QUEUES;
// width of a bit index into a per-queue vector
localparam int QIW = (NQ > 1) ? $clog2(NQ) : 1;
localparam int AW = $clog2(RX_FIFO_WORDS);
localparam int DC = DESC_CACHE;
localparam int CAW = $clog2(DESC_CACHE);
localparam int CCW = CAW + 1;

// AXI IDs of the TX engine's reads: descriptors, data
// largest burst, bytes (256 beats of 8 bytes)
localparam logic [14:0] MAX_BURST_BYTES = 15'd2048;
// fetch at least this many descriptors (or all available), at most FETCH_MAX per burst
localparam logic [12:0] FETCH_MIN = 13'd4;
localparam logic [12:0] FETCH_MAX = 13'd16;

// descriptor formats (nic_desc_pkg, generated from rtl/regs/nic_desc.rdl,
// as the model's nicsim_hw::desc)
localparam int DESC_SH = nic_desc_pkg::DESC_BYTES_LOG2;
// low bits of an RX buffer address that must be 0
localparam logic [63:0] BUF_ALIGN_MASK = 64'(nic_desc_pkg::RX_READ_BUF_ADDR_ALIGN) - 64'd1;

// This engine moves a descriptor as two 64-bit beats, the buffer address
// being all of the read format's first word, and packs the write-back's
// fields into the words the generated package names.
initial begin
    if (nic_desc_pkg::DESC_BYTES != 16 || nic_desc_pkg::RX_READ_BUF_ADDR_WORD != 0
            || nic_desc_pkg::RX_READ_BUF_ADDR_LSB != 0 || nic_desc_pkg::RX_READ_BUF_ADDR_W != 64
            || nic_desc_pkg::RX_WB_RSS_HASH_WORD != 0 || nic_desc_pkg::RX_WB_HASH_TYPE_WORD != 0
            || nic_desc_pkg::RX_WB_LEN_WORD != 1 || nic_desc_pkg::RX_WB_DD_WORD != 1
            || nic_desc_pkg::RX_WB_EOP_WORD != 1) begin
        $fatal(1, "nic_rx_dma: descriptor layout (nic_desc_pkg) differs from what the engine moves");
    end
end

localparam logic [1:0] RESP_OKAY = 2'b00;

// frame engine
localparam logic [1:0] ENG_IDLE = 2'd0;
localparam logic [1:0] ENG_DATA = 2'd1;
localparam logic [1:0] ENG_WB   = 2'd2;
localparam logic [1:0] ENG_CLAIM = 2'd3;  // carrying out the verdict of the edge before (dec_reg)
// the claim's verdict
localparam logic [1:0] DEC_HOLD = 2'd0;
localparam logic [1:0] DEC_DROP = 2'd1;
localparam logic [1:0] DEC_TAKE = 2'd2;

// ---------------------------------------------------------------- state
// per queue (QueueDyn)
logic [NQ*12-1:0]   head_reg = '0, head_mid, head_next;
logic [NQ*12-1:0]   fptr_reg = '0, fptr_mid, fptr_next;          // fetch_ptr
// per queue, what the fetch pick needs of the ring, registered an edge
// ahead: the descriptors available (RDT after the edge - fetch pointer)
// is it nonzero (aok), min(available, FETCH_MIN) (amin), and the burst
// limit without the cache's room, min(available, FETCH_MAX, up to the ring
// end, up to the 4 KiB boundary) (alim); the pick adds only room. Worked
// out from RDT after the edge (cfg_q_tail_next) and the fetch pointer's
// register (or 0 for a queue reset in this edge), not from fptr_next, which
// the AR handshake and R beats reach: a simulator then evaluates it once
// per edge. So it lags the pointer by an edge, and is exact whenever the
// pick can choose the queue: an AR handshake that moves a pointer also
// sets the queue's fetch in flight, which keeps it out of the pick until
// its last R beat, edges later. RDBA and RDLEN reach it an edge late too:
// they change only while the queue is disabled and idle, and so out of
// the pick (enabling takes another write). Loaded only in the edges that
// may change them (fl_upd, below).
logic [NQ-1:0]      aok_reg = '0, aok_next;
logic [NQ*3-1:0]    amin_reg = '0, amin_next;
logic [NQ*5-1:0]    alim_reg = '0, alim_next;
logic [NQ-1:0]      inflight_reg = '0, inflight_next;
logic [NQ*5-1:0]    fetch_n_reg = '0, fetch_n_next;
logic [NQ*6-1:0]    fetch_beat_reg = '0, fetch_beat_next;
logic [NQ-1:0]      fetch_err_reg = '0, fetch_err_mid, fetch_err_next;
// descriptor caches: ring of DC buffer addresses per queue
logic [NQ*CAW-1:0]  c_rd_reg = '0, c_rd_mid, c_rd_next;
logic [NQ*CAW-1:0]  c_wr_reg = '0, c_wr_mid, c_wr_next;
logic [NQ*CCW-1:0]  c_cnt_reg = '0, c_cnt_mid, c_cnt_next;
logic [63:0]        cache_mem [NQ*DC];

// frame engine (Eng) and its frame (Meta)
logic [1:0]         eng_reg = ENG_IDLE, eng_next;
logic [3:0]         eng_q_reg = '0, eng_q_next;
// the frame's buffer size in KiB: the BSIZE its buffer count was made with
// (la2_bsize_reg at the claim), fixed for the frame (RxDma Eng::Data buf)
logic [4:0]         eng_bsize_reg = '0, eng_bsize_next;
logic [15:0]        m_len_reg = '0, m_len_next;
logic [31:0]        m_hash_reg = '0, m_hash_next;
logic [2:0]         m_htype_reg = '0, m_htype_next;
logic [6:0]         ndesc_reg = '0, ndesc_next;
logic [1:0]         dec_reg = DEC_HOLD, dec_next;                // the claim's verdict (ENG_CLAIM)
logic [6:0]         seg_reg = '0, seg_next;                      // Data: segment; Wb: write-backs issued
// The burst plan, kept in registers as the frame moves (the model's
// seg/off/addr arithmetic, RxDma::next_burst, worked out one step at a
// time at the edge that moves it, so a burst is presented from these with
// one compare and no subtract or add chain on the way to the arbiter):
// left_reg = len - seg * buf (the frame from this segment on, both for
// the data and for the write-backs), rem_reg = the segment's length
// min(left, buf) - off, baddr_reg = buffer + off (the next burst's
// address), to4k_reg = 4096 - baddr[11:0] (1..4096), word_reg / sword_reg
// = the FIFO word at start + (seg * buf + off) / 8 and at the segment's
// start. Bursts a limit cuts are whole words, so off stays word-aligned.
// In the write-backs, baddr_reg is the next write-back's address, the
// ring entry wbi_reg (RDH when the first is presented: each is taken only
// with the channel free, so every one before it is done and has moved
// RDH), stepped as each is taken: no RDH mux or add on the way to the
// arbiter.
logic [15:0]        left_reg = '0, left_next;
logic [14:0]        rem_reg = '0, rem_next;
logic [63:0]        baddr_reg = '0, baddr_next;
logic               baddr_valid_reg = 1'b0, baddr_valid_next;    // the segment has its buffer
logic [12:0]        to4k_reg = '0, to4k_next;
logic [AW-1:0]      word_reg = '0, word_next;
logic [AW-1:0]      sword_reg = '0, sword_next;
logic [11:0]        wbi_reg = '0, wbi_next;

// the burst presented to the arbiter (combinational, from state)
logic               rq_valid;
logic [3:0]         rq_id;
logic [63:0]        rq_addr;
logic [8:0]         rq_beats;
logic               rq_wb;
logic [AW-1:0]      rq_word;
logic [7:0]         rq_last_strb;
logic [63:0]        rq_d0;
logic [63:0]        rq_d1;

// read request (ArReq)
logic               ar_valid_reg = 1'b0, ar_valid_next;
logic [3:0]         ar_q_reg = '0, ar_q_next;
logic [63:0]        ar_addr_reg = '0, ar_addr_next;
logic [4:0]         ar_n_reg = '0, ar_n_next;
logic [4:0]         reads_out_reg = '0, reads_out_next;
logic [3:0]         rr_reg = '0, rr_next;
logic               fetch_check_reg = 1'b0, fetch_check_mid, fetch_check_next;
// the fetch chosen in the previous edge, issued in this one (RxDma::cand)
logic               cand_valid_reg = 1'b0, cand_valid_next;
logic [3:0]         cand_q_reg = '0, cand_q_next;
logic [4:0]         cand_n_reg = '0, cand_n_next;

logic               stat_valid_reg = 1'b0, stat_valid_next;
// claim look-ahead, two stages (RxDma::look1 / look2): the queue (RETA) and
// then the buffer count of the frame at the FIFO head, so the claim starts
// from registers (the RETA lookup and the division are off its path)
logic               la1_valid_reg = 1'b0, la1_valid_next;
logic [3:0]         la1_q_reg = '0, la1_q_next;
logic [6:0]         la1_kib_reg = '0, la1_kib_next;
logic               la2_valid_reg = 1'b0, la2_valid_next;
logic [3:0]         la2_q_reg = '0, la2_q_next;
logic [4:0]         la2_bsize_reg = '0, la2_bsize_next;           // the BSIZE stage 2 read and divided by
logic [6:0]         la2_need_reg = '0;                           // the ROM's output register (below)
// the descriptor fetch chosen from the state before the edge (step 7)
logic               pick_try;
logic               pick_found;
logic [3:0]         pick_q;
logic [4:0]         pick_n;
logic               stat_no_desc_reg = 1'b0, stat_no_desc_next;
logic [3:0]         stat_queue_reg = '0, stat_queue_next;

// cache write port
logic               cache_we;
logic [$clog2(NQ*DC)-1:0] cache_waddr;
logic [63:0]        cache_wdata;

// events
logic               ev_r_err_int, ev_desc_err_int, ev_meta_pop_int;
logic               ev_free_en_int;
logic [AW:0]        ev_free_words_int;
logic               ev_no_desc_int;
logic [3:0]         ev_no_desc_q_int;
logic               ev_complete_int;
logic [3:0]         ev_complete_q_int;
logic [15:0]        ev_complete_len_int;
logic [4:0]         ev_complete_vec_int;

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

function automatic logic [5:0] sel_q6(input logic [NQ*6-1:0] v, input logic [3:0] i);
    sel_q6 = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q6 = v[k*6 +: 6];
        end
    end
endfunction

function automatic logic [CAW-1:0] sel_q_caw(input logic [NQ*CAW-1:0] v, input logic [3:0] i);
    sel_q_caw = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q_caw = v[k*CAW +: CAW];
        end
    end
endfunction

function automatic logic [CCW-1:0] sel_q_ccw(input logic [NQ*CCW-1:0] v, input logic [3:0] i);
    sel_q_ccw = '0;
    for (int k = 0; k < NQ; k = k + 1) begin
        if (i == 4'(k)) begin
            sel_q_ccw = v[k*CCW +: CCW];
        end
    end
endfunction

// ---------------------------------------------------------------- helpers
// a burst-size limit, clipped to FETCH_MAX (the clip is one of the limits
// anyway, and it makes the min of the others 5 bits wide)
function automatic logic [4:0] fclip(input logic [12:0] x);
    fclip = (x > FETCH_MAX) ? 5'(FETCH_MAX) : 5'(x);
endfunction

// The address of descriptor idx of a ring at base: base + idx * 16, as a
// carry select (the 48 bits above the index's reach are base or base + 1,
// both made beside the low sum), so no 64-bit carry chain follows the
// index.
function automatic logic [63:0] ring_addr(input logic [63:0] base, input logic [11:0] idx);
    logic [16:0] lo;
    logic [47:0] hi1;
    lo = {1'b0, base[15:0]} + 17'(32'(idx) << DESC_SH);
    hi1 = base[63:16] + 48'd1;
    ring_addr = {lo[16] ? hi1 : base[63:16], lo[15:0]};
endfunction

function automatic logic [4:0] min5(input logic [4:0] x, input logic [4:0] y);
    min5 = (x < y) ? x : y;
endfunction

// ---------------------------------------------------------------- steps 2-7
logic [3:0]   rq;
logic         rid_known;
logic         r_err_v;
logic         r_push;
logic         r_done;
logic [5:0]   r_beat_c;    // the queue's beat count before this beat
logic [5:0]   r_beat_v;
logic [3:0]   aq;
logic [13:0]  len_q;
logic [3:0]   cq;
logic [6:0]   need;
logic [1:0]   eng_s4;
logic [13:0]  free;
logic [3:0]   eq;
logic         have_addr;
logic [63:0]  desc_addr;
logic [14:0]  buf_bytes;
logic [15:0]  left2;
logic [12:0]  cut_bytes;
logic [12:0]  to4k2;
logic         cut;
logic [16:0]  a_lo;
logic         last_wb;
logic [15:0]  wb_len;
logic [NQ-1:0] fmask;
logic [NQ-1:0] elig;
logic [NQ-1:0] e_hi;
logic [NQ-1:0] g_hi;
logic [NQ-1:0] g_lo;
logic [NQ-1:0] grant;
logic         seen_hi;
logic         seen_lo;
logic [6:0]   room;
logic [NQ*5-1:0] qn;

always_comb begin
    head_mid = head_reg;
    fptr_mid = fptr_reg;
    inflight_next = inflight_reg;
    fetch_n_next = fetch_n_reg;
    fetch_beat_next = fetch_beat_reg;
    fetch_err_mid = fetch_err_reg;
    c_rd_mid = c_rd_reg;
    c_wr_mid = c_wr_reg;
    c_cnt_mid = c_cnt_reg;

    eng_next = eng_reg;
    eng_q_next = eng_q_reg;
    eng_bsize_next = eng_bsize_reg;
    m_len_next = m_len_reg;
    m_hash_next = m_hash_reg;
    m_htype_next = m_htype_reg;
    ndesc_next = ndesc_reg;
    dec_next = dec_reg;
    seg_next = seg_reg;
    left_next = left_reg;
    rem_next = rem_reg;
    baddr_next = baddr_reg;
    wbi_next = wbi_reg;
    baddr_valid_next = baddr_valid_reg;
    to4k_next = to4k_reg;
    word_next = word_reg;
    sword_next = sword_reg;

    rq_valid = 1'b0;
    rq_id = '0;
    rq_addr = '0;
    rq_beats = '0;
    rq_wb = 1'b0;
    rq_word = '0;
    rq_last_strb = '0;
    rq_d0 = '0;
    rq_d1 = '0;

    ar_valid_next = ar_valid_reg;
    ar_q_next = ar_q_reg;
    ar_addr_next = ar_addr_reg;
    ar_n_next = ar_n_reg;
    reads_out_next = reads_out_reg;
    rr_next = rr_reg;
    fetch_check_mid = fetch_check_reg && !(pick_try && !pick_found);

    stat_valid_next = 1'b0;
    stat_no_desc_next = stat_no_desc_reg;
    stat_queue_next = stat_queue_reg;

    cache_we = 1'b0;
    cache_waddr = '0;
    cache_wdata = '0;

    ev_r_err_int = 1'b0;
    ev_desc_err_int = 1'b0;
    ev_meta_pop_int = 1'b0;
    ev_free_en_int = 1'b0;
    ev_free_words_int = '0;
    ev_no_desc_int = 1'b0;
    ev_no_desc_q_int = '0;
    ev_complete_int = 1'b0;
    ev_complete_q_int = '0;
    ev_complete_len_int = '0;
    ev_complete_vec_int = '0;

    rq = m_axi_rid[3:0];
    rid_known = 1'b0;
    r_err_v = 1'b0;
    r_push = 1'b0;
    r_done = 1'b0;
    r_beat_c = '0;
    r_beat_v = '0;
    aq = ar_q_reg;
    len_q = '0;
    cq = '0;
    need = '0;
    eng_s4 = ENG_IDLE;
    free = '0;
    eq = '0;
    have_addr = 1'b0;
    desc_addr = '0;
    buf_bytes = {eng_bsize_reg, 10'd0};
    left2 = left_reg - 16'(buf_bytes);
    cut_bytes = '0;
    to4k2 = '0;
    cut = 1'b0;
    a_lo = '0;
    last_wb = 1'b0;
    wb_len = '0;

    // ------------------------------------------------ 2. R channel (the beats nic_dma_arb routes here)
    // (beats with a TX ID are nic_tx_dma's)
    if (r_valid) begin
        rid_known = (32'(m_axi_rid) < NQ) && inflight_reg[QIW'(rq)];
        if (!rid_known) begin
            // a response nobody asked for
            ev_r_err_int = 1'b1;
        end else begin
            r_err_v = fetch_err_reg[QIW'(rq)] || (m_axi_rresp != RESP_OKAY);
            // first beat of a descriptor: the buffer address (0 after an error)
            r_beat_c = sel_q6(fetch_beat_reg, rq);
            r_push = !r_beat_c[0];
            if (r_push) begin
                cache_we = 1'b1;
                cache_waddr = $clog2(NQ*DC)'({rq, sel_q_caw(c_wr_reg, rq)});
                cache_wdata = (m_axi_rresp == RESP_OKAY) ? m_axi_rdata : 64'd0;
            end
            r_beat_v = r_beat_c + 6'd1;
            r_done = (r_beat_v == {sel_q5(fetch_n_reg, rq), 1'b0}) || m_axi_rlast;
            for (int q = 0; q < NQ; q = q + 1) begin
                if (rq == 4'(q)) begin
                    fetch_err_mid[q] = r_err_v;
                    if (r_push) begin
                        c_wr_mid[q*CAW +: CAW] = c_wr_reg[q*CAW +: CAW] + 1'b1;
                        c_cnt_mid[q*CCW +: CCW] = c_cnt_reg[q*CCW +: CCW] + 1'b1;
                    end
                    fetch_beat_next[q*6 +: 6] = r_beat_v;
                    if (r_done) begin
                        inflight_next[q] = 1'b0;
                    end
                end
            end
            if (r_done) begin
                if (reads_out_reg != '0) begin
                    reads_out_next = reads_out_reg - 1'b1;
                end
                fetch_check_mid = 1'b1;
                if (r_err_v) begin
                    ev_r_err_int = 1'b1;
                end
            end
        end
    end

    // ------------------------------------------------ 3. AR handshake
    if (ar_valid_reg && ar_ready) begin
        aq = ar_q_reg;
        len_q = sel_q14(cfg_q_len, aq);
        for (int q = 0; q < NQ; q = q + 1) begin
            if (aq == 4'(q)) begin
                inflight_next[q] = 1'b1;
                fetch_n_next[q*5 +: 5] = ar_n_reg;
                fetch_beat_next[q*6 +: 6] = '0;
                fetch_err_mid[q] = 1'b0;
                fptr_mid[q*12 +: 12] = 12'(({2'b00, fptr_reg[q*12 +: 12]} + 14'(ar_n_reg)) & (len_q - 14'd1));
            end
        end
        reads_out_next = reads_out_next + 1'b1;
        ar_valid_next = 1'b0;
        rr_next = (32'(aq) + 1 >= NQ) ? 4'd0 : aq + 4'd1;
        fetch_check_mid = 1'b1;
    end

    // ------------------------------------------------ 4. a write-back's last beat was taken (arbiter)
    if (wb_done && eng_reg == ENG_WB) begin
        eq = eng_q_reg;
        len_q = sel_q14(cfg_q_len, eq);
        for (int q = 0; q < NQ; q = q + 1) begin
            if (eq == 4'(q)) begin
                head_mid[q*12 +: 12] = 12'(({2'b00, head_reg[q*12 +: 12]} + 14'd1) & (len_q - 14'd1));
            end
        end
        if (seg_reg == ndesc_reg) begin
            // last write-back accepted: the frame is complete
            ev_free_en_int = 1'b1;
            ev_free_words_int = (AW+1)'((17'(m_len_reg) + 17'd7) >> 3);
            ev_complete_int = 1'b1;
            ev_complete_q_int = eq;
            ev_complete_len_int = m_len_reg;
            ev_complete_vec_int = sel_q5(cfg_q_vector, eq);
            stat_valid_next = 1'b1;
            stat_no_desc_next = 1'b0;
            stat_queue_next = eq;
            eng_next = ENG_IDLE;
            fetch_check_mid = 1'b1;
        end
    end

    eng_s4 = eng_next;

    // ------------------------------------------------ 5. claim the next frame
    // In two edges: an idle engine judges the frame at the FIFO head (room
    // in its queue's ring, from the look-ahead's queue and buffer count) and
    // registers the verdict (ENG_CLAIM, dec_reg); the next edge carries it
    // out (pop and drop, or pop and move the frame, or back to idle for a
    // frame HOLD keeps waiting). So the ring arithmetic and the compare are
    // not on the pop's path into the ingress' metadata count.
    // (an idle engine completed nothing in this edge, so stat_valid_next is
    // clear and no write-back moved RDH: head_mid = head_reg; nothing moves
    // RDH or pops the FIFO while the engine is in ENG_CLAIM either)
    if (eng_reg == ENG_IDLE && !cfg_rst_pending && meta_valid && la2_valid_reg) begin
        // queue and buffer count from the look-ahead
        cq = la2_q_reg;
        len_q = sel_q14(cfg_q_len, cq);
        need = la2_need_reg;
        if (cfg_q_enable[QIW'(cq)]) begin
            free = (14'(sel_q12(cfg_q_tail, cq)) + len_q - 14'(sel_q12(head_reg, cq))) & (len_q - 14'd1);
        end
        eng_next = ENG_CLAIM;
        eng_q_next = cq;
        eng_bsize_next = la2_bsize_reg;
        ndesc_next = need;
        if (free < 14'(need) && cfg_q_enable[QIW'(cq)] && cfg_q_hold[QIW'(cq)]
                && 14'(need) < len_q) begin
            // HOLD (igb's DROP_EN clear): the frame waits at the FIFO head for room
            // (judged again in the edge after the verdict's)
            dec_next = DEC_HOLD;
        end else if (free < 14'(need)) begin
            // no room in the ring: dropped as no_desc
            dec_next = DEC_DROP;
        end else begin
            dec_next = DEC_TAKE;
        end
    end
    if (eng_reg == ENG_CLAIM) begin
        // the verdict of the edge before, on the same FIFO head
        cq = eng_q_reg;
        eng_next = ENG_IDLE;
        if (dec_reg == DEC_DROP) begin
            ev_meta_pop_int = 1'b1;
            ev_free_en_int = 1'b1;
            ev_free_words_int = (AW+1)'((17'(meta_len) + 17'd7) >> 3);
            ev_no_desc_int = 1'b1;
            ev_no_desc_q_int = cq;
            stat_valid_next = 1'b1;
            stat_no_desc_next = 1'b1;
            stat_queue_next = cq;
        end else if (dec_reg == DEC_TAKE) begin
            ev_meta_pop_int = 1'b1;
            eng_next = ENG_DATA;
            m_len_next = meta_len;
            m_hash_next = meta_hash;
            m_htype_next = meta_htype;
            seg_next = '0;
            left_next = meta_len;
            rem_next = (meta_len < 16'(buf_bytes)) ? 15'(meta_len) : buf_bytes;
            word_next = meta_start;
            sword_next = meta_start;
            baddr_valid_next = 1'b0;
        end
    end

    // ------------------------------------------------ 6. the next write burst, to the arbiter
    // (presented from state; the engine moves on only with wr_ready)
    begin
        if (eng_reg == ENG_DATA) begin
            // a frame claimed in an earlier edge (its first burst waits one
            // edge after the claim): everything here is registered state
            eq = eng_q_reg;
            have_addr = baddr_valid_reg;
            if (!have_addr && sel_q_ccw(c_cnt_reg, eq) != '0) begin
                // Start of a segment, an edge of its own: the next descriptor
                // cached before the edge becomes the buffer address, and the
                // segment's first burst goes out from that register in a
                // later edge (neither this edge's R beat nor the cache read
                // is on the burst's path).
                desc_addr = cache_mem[$clog2(NQ*DC)'({eq, sel_q_caw(c_rd_reg, eq)})];
                for (int q = 0; q < NQ; q = q + 1) begin
                    if (eq == 4'(q)) begin
                        c_rd_mid[q*CAW +: CAW] = c_rd_reg[q*CAW +: CAW] + 1'b1;
                        c_cnt_mid[q*CCW +: CCW] = c_cnt_mid[q*CCW +: CCW] - 1'b1;
                    end
                end
                fetch_check_mid = 1'b1;
                if ((desc_addr & BUF_ALIGN_MASK) != '0) begin
                    ev_desc_err_int = 1'b1;
                end
                baddr_next = desc_addr & ~BUF_ALIGN_MASK;
                baddr_valid_next = 1'b1;
                // (13 bits: 4096 for a buffer on a 4 KiB boundary)
                to4k_next = 13'h1000 - {1'b0, baddr_next[11:0]};
            end
            if (have_addr) begin
                // bytes = min(rem, MAX_BURST_BYTES, to_4k); the segment goes
                // on exactly when a limit cut the burst. A cut burst is
                // min(to_4k, MAX_BURST_BYTES) bytes, whole words (buffers
                // are word-aligned, and so is every cut point); an uncut
                // one is the rest of the segment.
                cut = (rem_reg > MAX_BURST_BYTES) || (rem_reg > 15'(to4k_reg));
                cut_bytes = (15'(to4k_reg) < MAX_BURST_BYTES) ? to4k_reg : 13'(MAX_BURST_BYTES);

                rq_valid = 1'b1;
                rq_beats = cut ? 9'(cut_bytes >> 3) : 9'((rem_reg + 15'd7) >> 3);
                rq_id = eq;
                rq_wb = 1'b0;
                rq_addr = baddr_reg;
                rq_word = word_reg;
                rq_last_strb = (cut || rem_reg[2:0] == 3'd0) ? 8'hFF : 8'((9'd1 << rem_reg[2:0]) - 9'd1);

                if (!wr_ready) begin
                    // not taken: the engine stays where it is
                end else if (cut) begin
                    rem_next = rem_reg - 15'(cut_bytes);
                    a_lo = {1'b0, baddr_reg[15:0]} + 17'(cut_bytes);
                    // (carry select, as ring_addr)
                    baddr_next = {a_lo[16] ? baddr_reg[63:16] + 48'd1 : baddr_reg[63:16], a_lo[15:0]};
                    to4k2 = to4k_reg - cut_bytes;
                    to4k_next = (to4k2 == '0) ? 13'h1000 : to4k2;
                    word_next = word_reg + AW'(cut_bytes >> 3);
                end else if (seg_reg + 7'd1 < ndesc_reg) begin
                    seg_next = seg_reg + 7'd1;
                    left_next = left2;
                    rem_next = (left2 < 16'(buf_bytes)) ? 15'(left2) : buf_bytes;
                    sword_next = sword_reg + AW'(buf_bytes >> 3);
                    word_next = sword_next;
                    baddr_valid_next = 1'b0;
                end else begin
                    eng_next = ENG_WB;
                    seg_next = '0;
                    left_next = m_len_reg;
                    // the first write-back: RDH's entry (RDH moves only
                    // in the write-backs, so it has not moved since the claim)
                    wbi_next = sel_q12(head_reg, eq);
                    baddr_next = ring_addr(cfg_q_base[eq*64 +: 64], wbi_next);
                end
            end
        end else if (eng_s4 == ENG_WB) begin
            eq = eng_q_reg;
            last_wb = (seg_reg + 7'd1 == ndesc_reg);
            wb_len = (left_reg < 16'(buf_bytes)) ? left_reg : 16'(buf_bytes);
            // RDH has already moved past the descriptors written back so far
            rq_valid = 1'b1;
            rq_beats = 9'd2;
            rq_id = eq;
            rq_wb = 1'b1;
            rq_addr = baddr_reg;
            rq_last_strb = 8'hFF;
            // the write-back format (nic_desc_pkg RX_WB_*): hash and type in
            // the first word; length and status (DD, EOP) in the second.
            // This is where the write-back's data is made: the arbiter only
            // carries it to the W channel.
            rq_d0 = '0;
`ifdef NIC_FAULT_RSS_BIT
            // Lockstep fault-injection hook, never defined in a real build:
            // bit 0 of the RSS hash written back is flipped, so the lockstep
            // checker must report m_axi_wdata on the write-back's first beat
            // (design `fault` of cosim/build.rs, cosim/tests/fault_injection.rs).
            rq_d0[nic_desc_pkg::RX_WB_RSS_HASH_LSB +: nic_desc_pkg::RX_WB_RSS_HASH_W] = m_hash_reg ^ 32'd1;
`else
            rq_d0[nic_desc_pkg::RX_WB_RSS_HASH_LSB +: nic_desc_pkg::RX_WB_RSS_HASH_W] = m_hash_reg;
`endif
            rq_d0[nic_desc_pkg::RX_WB_HASH_TYPE_LSB +: nic_desc_pkg::RX_WB_HASH_TYPE_W] =
                nic_desc_pkg::RX_WB_HASH_TYPE_W'(m_htype_reg);
            rq_d1 = '0;
            rq_d1[nic_desc_pkg::RX_WB_LEN_LSB +: nic_desc_pkg::RX_WB_LEN_W] = wb_len;
            rq_d1[nic_desc_pkg::RX_WB_DD_LSB] = 1'b1;
            rq_d1[nic_desc_pkg::RX_WB_EOP_LSB] = last_wb;
            if (wr_ready) begin
                seg_next = seg_reg + 7'd1;
                left_next = left2;
                wbi_next = 12'(({2'b00, wbi_reg} + 14'd1) & (sel_q14(cfg_q_len, eq) - 14'd1));
                baddr_next = ring_addr(cfg_q_base[eq*64 +: 64], wbi_next);
            end
        end
    end

    // ------------------------------------------------ 7. next descriptor fetch
    // The candidate chosen in the previous edge (the pick below) goes into
    // the slot, which it kept empty: nothing that edge did can have made it
    // unsafe (see the pick), and a soft reset pending since then drops it.
    // Its address from registers: the fetch pointer is the one the choice
    // saw (no AR handshake and no queue reset since).
    if (cand_valid_reg && !cfg_rst_pending) begin
        ar_valid_next = 1'b1;
        ar_q_next = cand_q_reg;
        ar_addr_next = ring_addr(cfg_q_base[cand_q_reg*64 +: 64], sel_q12(fptr_reg, cand_q_reg));
        ar_n_next = cand_n_reg;
    end
end

// ---------------------------------------------------------------- 7. the fetch pick
// From registered state only, so no step of this edge is on its path
// (RxDma::pick_fetch, called before the edge's steps). Tried when the AR
// slot is empty before the edge with no candidate in it, a fetch may be
// needed, and no TX request stays presented; a try that finds nothing
// clears fetch_check (the edge's events set it again). What it finds is
// the candidate (cand_*), issued in the next edge. Safe by construction:
// - counting before the edge: a queue's fetch in flight keeps it out (so
//   no beat of this edge adds to its cache), and a descriptor taken in this
//   edge only leaves more room;
// - issuing one edge later: the slot stays empty in between (ar_keep is
//   low), so no AR handshake moves a fetch pointer or starts a fetch; a
//   beat adds only to a queue in flight; reads_out only falls; and an RDT
//   write or a queue reset in this edge (wr_kick_fetch, wr_reset_queue)
//   drops the candidate (the write sets fetch_check again).
// Every queue's burst size is computed beside its eligibility (each limit
// clipped to FETCH_MAX, 5 bits), and the round robin gives a one-hot grant
// that selects it: no arithmetic after the choice.
// (The pick itself leaves tx_ar_hold out, so it depends on registered state
// only: a simulator evaluates it once per edge, not again for the inputs
// before the edge; tx_ar_hold gates what it found, below.)
logic               pick_pre;   // tried, unless a TX request stays presented
logic               pick_hit;   // ... and found a queue

assign pick_pre = !ar_valid_reg && !cand_valid_reg && fetch_check_reg;
assign pick_try = pick_pre && !tx_ar_hold;
assign pick_found = pick_hit && !tx_ar_hold;

always_comb begin
    pick_hit = 1'b0;
    pick_q = '0;
    pick_n = '0;
    fmask = '0;
    elig = '0;
    e_hi = '0;
    g_hi = '0;
    g_lo = '0;
    grant = '0;
    seen_hi = 1'b0;
    seen_lo = 1'b0;
    room = '0;
    qn = '0;
    if (pick_pre && 32'(reads_out_reg) < MAX_READS && !cfg_rst_pending) begin
        // candidates: enabled queues, plus the one the engine is filling
        fmask = cfg_q_enable;
        for (int q = 0; q < NQ; q = q + 1) begin
            if ((eng_reg == ENG_DATA || eng_reg == ENG_WB) && eng_q_reg == 4'(q)) begin
                fmask[q] = 1'b1;
            end
        end
        for (int q = 0; q < NQ; q = q + 1) begin
            room = 7'(DC) - 7'(c_cnt_reg[q*CCW +: CCW]);
            elig[q] = fmask[q] && !inflight_reg[q] && aok_reg[q]
                && (room >= 7'(amin_reg[q*3 +: 3]));
            // min(room, and the registered limits of the ring)
            qn[q*5 +: 5] = min5(fclip(13'(room)), alim_reg[q*5 +: 5]);
        end
        // round robin: the first eligible queue from rr on, else the first
        // one below it (one-hot grants, both halves at once)
        for (int q = 0; q < NQ; q = q + 1) begin
            e_hi[q] = elig[q] && (4'(q) >= rr_reg);
            g_hi[q] = e_hi[q] && !seen_hi;
            g_lo[q] = elig[q] && !seen_lo;
            seen_hi = seen_hi || e_hi[q];
            seen_lo = seen_lo || elig[q];
        end
        grant = seen_hi ? g_hi : g_lo;
        pick_hit = seen_lo;
        for (int q = 0; q < NQ; q = q + 1) begin
            if (grant[q]) begin
                pick_q = pick_q | 4'(q);
                pick_n = pick_n | qn[q*5 +: 5];
            end
        end
    end
end

// ---------------------------------------------------------------- claim look-ahead
// Stage 1 reads RETA for the frame at the FIFO head; stage 2 reads that
// queue's BSIZE and divides (the RETA and BSIZE reads an edge apart, so
// neither waits on the other). A pop (claim or no_desc) empties both: the
// next head is claimable two edges after it is at the head. RETA writes
// therefore reach the claim two edges late, BSIZE writes one.
logic [3:0] la_q;

always_comb begin
    la_q = (meta_htype == 3'd0) ? 4'd0 : cfg_reta[{meta_hash[6:0], 2'b00} +: 4];
    if (32'(la_q) > NQ - 1) begin
        la_q = 4'(NQ - 1);
    end
    la1_valid_next = meta_valid && !ev_meta_pop_int;
    la1_q_next = la_q;
    // ceil(len / (bsize KiB)) = ceil(ceil(len / 1 KiB) / bsize)
    la1_kib_next = 7'((17'(meta_len) + 17'd1023) >> 10);
    la2_valid_next = la1_valid_reg && !ev_meta_pop_int;
    la2_q_next = la1_q_reg;
    la2_bsize_next = sel_q5(cfg_q_bsize, la1_q_reg);
end

// Stage 2's division, ceil(KiB / BSIZE), as a ROM read with a registered
// output (one block RAM, no logic on the path: the 7-bit divider made a
// 43-cell path). Indexed by every 5-bit BSIZE and 7-bit KiB value, so it is
// the division itself, not a range of it. (BSIZE 0 is refused by the
// register block; 0 buffers if it ever got through.)
logic [6:0] need_rom [4096];

initial begin
    for (int b = 0; b < 32; b = b + 1) begin
        for (int k = 0; k < 128; k = k + 1) begin
            need_rom[b * 128 + k] = (b == 0) ? 7'd0 : 7'((k + b - 1) / b);
        end
    end
end

always_ff @(posedge clk) begin
    la2_need_reg <= need_rom[{la2_bsize_next, la1_kib_reg}];
end

// ---------------------------------------------------------------- the pick's ring figures of the next edge
logic [13:0] fl_len;
logic [11:0] fl_ptr;
logic [12:0] fl_av;
logic [12:0] fl_end;
logic [11:0] fl_lo;
logic [12:0] fl_4k;
// a fetch pointer moved at the last edge (an AR handshake)
logic        fptr_moved_reg = 1'b0;
logic        fl_upd;

// Worked out again only when an input may have changed, so a simulator
// skips the per-queue loop on nearly every edge (and the flops hold,
// a clock enable): RDT written (wr_kick_fetch: a legal write's value is
// cfg_q_tail_next in this edge), a queue enabled (wr_reset_queue: its
// pointer and maybe its tail to 0; RDBA and RDLEN change only before
// that), or a pointer moved at the last edge. A reset disables every
// queue, and the enable that follows is one of these.
assign fl_upd = wr_kick_fetch || (wr_reset_queue != '0) || fptr_moved_reg;

always_comb begin
    aok_next = aok_reg;
    amin_next = amin_reg;
    alim_next = alim_reg;
    fl_len = '0;
    fl_ptr = '0;
    fl_av = '0;
    fl_end = '0;
    fl_lo = '0;
    fl_4k = '0;
    if (fl_upd) begin
        for (int q = 0; q < NQ; q = q + 1) begin
            fl_len = cfg_q_len[q*14 +: 14];
            fl_ptr = wr_reset_queue[q] ? 12'd0 : fptr_reg[q*12 +: 12];
            // (tail - fptr) mod len, without the model's "+ len": a queue the
            // pick can choose has a power-of-two RDLEN (checked at enable,
            // locked while enabled or busy), which the mask makes vanish
            fl_av = 13'((14'(cfg_q_tail_next[q*12 +: 12]) - 14'(fl_ptr)) & (fl_len - 14'd1));
            fl_end = 13'(fl_len - 14'(fl_ptr));
            fl_lo = cfg_q_base[q*64 +: 12] + 12'(32'(fl_ptr) << DESC_SH);
            fl_4k = 13'((14'd4096 - {2'b00, fl_lo}) >> DESC_SH);
            aok_next[q] = fl_av != '0;
            amin_next[q*3 +: 3] = 3'((fl_av < FETCH_MIN) ? fl_av : FETCH_MIN);
            alim_next[q*5 +: 5] = min5(fclip(fl_av), min5(fclip(fl_end), fclip(fl_4k)));
        end
    end
end

// (not reset: after a reset every queue is disabled, so out of the pick,
// until an enable, several edges later; by then these are exact again)
always_ff @(posedge clk) begin
    fptr_moved_reg <= ar_valid_reg && ar_ready;
    aok_reg <= aok_next;
    amin_reg <= amin_next;
    alim_reg <= alim_next;
end

// ---------------------------------------------------------------- register writes of this edge
always_comb begin
    head_next = head_mid;
    fptr_next = fptr_mid;
    fetch_err_next = fetch_err_mid;
    c_rd_next = c_rd_mid;
    c_wr_next = c_wr_mid;
    c_cnt_next = c_cnt_mid;
    fetch_check_next = fetch_check_mid || wr_kick_fetch || (wr_reset_queue != '0);
    // the fetch found goes into the slot in the next edge, unless an RDT
    // write or a queue reset of this edge may have made it unsafe
    cand_valid_next = pick_found && !wr_kick_fetch && (wr_reset_queue == '0);
    // (read only with cand_valid_reg: what a pick held back by tx_ar_hold
    // found is loaded but never used)
    cand_q_next = pick_q;
    cand_n_next = pick_n;
    // (one test on the edges without a queue reset, nearly all of them:
    // a simulator skips the per-queue loop)
    if (wr_reset_queue != '0) begin
        for (int q = 0; q < NQ; q = q + 1) begin
            if (wr_reset_queue[q]) begin
                // RxDma::reset_queue: ring restarts at 0, cache emptied
                head_next[q*12 +: 12] = '0;
                fptr_next[q*12 +: 12] = '0;
                fetch_err_next[q] = 1'b0;
                c_rd_next[q*CAW +: CAW] = '0;
                c_wr_next[q*CAW +: CAW] = '0;
                c_cnt_next[q*CCW +: CCW] = '0;
            end
        end
    end
end

// Registered, as nic_tx_dma's queue_idle: the CSR block's lock-while-busy
// check sees it before the edge. Loaded from the state before the edge
// (RxDma::idle_next), so no step of the edge is on its path: a queue is
// idle when it is disabled (only an enabled queue is picked for a fetch or
// claims a frame, so nothing of it starts in the edge) and nothing of it is
// in flight, in the engine, in the AR slot or chosen as the candidate.
logic [NQ-1:0] queue_idle_reg = '1;  // registered in the block's always_ff

assign queue_idle = queue_idle_reg;
// A pick tried in this edge keeps the slot (found: for the next edge's
// issue). From registered state and tx_ar_hold only, not from the pick's
// outcome: the 16-queue pick stays off the TX issuer's path.
assign ar_keep = ar_valid_next
    || (pick_try && 32'(reads_out_reg) < MAX_READS && !cfg_rst_pending);
assign bus_idle = !ar_valid_reg && (reads_out_reg == '0);

always_ff @(posedge clk) begin
    head_reg <= head_next;
    // (loaded in place, no _next: a simulator computes it once, at the
    // edge, not also as logic of the inputs before it)
    for (int q = 0; q < NQ; q = q + 1) begin
        queue_idle_reg[q] <= !cfg_q_enable[q] && !inflight_reg[q]
            && !((eng_reg == ENG_DATA || eng_reg == ENG_WB) && 32'(eng_q_reg) == q)
            && !(ar_valid_reg && 32'(ar_q_reg) == q)
            && !(cand_valid_reg && 32'(cand_q_reg) == q);
    end
    fptr_reg <= fptr_next;
    inflight_reg <= inflight_next;
    fetch_n_reg <= fetch_n_next;
    fetch_beat_reg <= fetch_beat_next;
    fetch_err_reg <= fetch_err_next;
    c_rd_reg <= c_rd_next;
    c_wr_reg <= c_wr_next;
    c_cnt_reg <= c_cnt_next;

    eng_reg <= eng_next;
    eng_q_reg <= eng_q_next;
    eng_bsize_reg <= eng_bsize_next;
    m_len_reg <= m_len_next;
    m_hash_reg <= m_hash_next;
    m_htype_reg <= m_htype_next;
    ndesc_reg <= ndesc_next;
    dec_reg <= dec_next;
    seg_reg <= seg_next;
    left_reg <= left_next;
    rem_reg <= rem_next;
    baddr_reg <= baddr_next;
    wbi_reg <= wbi_next;
    baddr_valid_reg <= baddr_valid_next;
    to4k_reg <= to4k_next;
    word_reg <= word_next;
    sword_reg <= sword_next;

    ar_valid_reg <= ar_valid_next;
    ar_q_reg <= ar_q_next;
    ar_addr_reg <= ar_addr_next;
    ar_n_reg <= ar_n_next;
    reads_out_reg <= reads_out_next;
    rr_reg <= rr_next;
    fetch_check_reg <= fetch_check_next;
    cand_valid_reg <= cand_valid_next;
    cand_q_reg <= cand_q_next;
    cand_n_reg <= cand_n_next;

    stat_valid_reg <= stat_valid_next;
    stat_no_desc_reg <= stat_no_desc_next;
    stat_queue_reg <= stat_queue_next;

    la1_valid_reg <= la1_valid_next;
    la1_q_reg <= la1_q_next;
    la1_kib_reg <= la1_kib_next;
    la2_valid_reg <= la2_valid_next;
    la2_q_reg <= la2_q_next;
    la2_bsize_reg <= la2_bsize_next;

    if (rst || soft_rst) begin
        head_reg <= '0;
        queue_idle_reg <= '1;
        fptr_reg <= '0;
        inflight_reg <= '0;
        fetch_n_reg <= '0;
        fetch_beat_reg <= '0;
        fetch_err_reg <= '0;
        c_rd_reg <= '0;
        c_wr_reg <= '0;
        c_cnt_reg <= '0;
        eng_reg <= ENG_IDLE;
        ar_valid_reg <= 1'b0;
        reads_out_reg <= '0;
        rr_reg <= '0;
        fetch_check_reg <= 1'b0;
        cand_valid_reg <= 1'b0;
        stat_valid_reg <= 1'b0;
        stat_no_desc_reg <= 1'b0;
        stat_queue_reg <= '0;
        la1_valid_reg <= 1'b0;
        la2_valid_reg <= 1'b0;
    end
end

// descriptor cache storage (no reset: entries are qualified by the counts)
always_ff @(posedge clk) begin
    if (cache_we) begin
        cache_mem[cache_waddr] <= cache_wdata;
    end
end

// ---------------------------------------------------------------- outputs
// the burst offered to the arbiter (this edge's, from state and the R beat)
assign wr_valid = rq_valid;
assign wr_id = rq_id;
assign wr_addr = rq_addr;
assign wr_beats = rq_beats;
assign wr_wb = rq_wb;
assign wr_word = rq_word;
assign wr_last_strb = rq_last_strb;
assign wr_d0 = rq_d0;
assign wr_d1 = rq_d1;

// (state only from here)

// the AR slot holds an RX fetch or a TX read, never both
// the fetch presented to the arbiter: two beats a descriptor
assign ar_valid = ar_valid_reg;
assign ar_id = ar_q_reg;
assign ar_addr = ar_addr_reg;
assign ar_len = {2'b00, ar_n_reg, 1'b0} - 8'd1;

assign stat_rx_out_valid = stat_valid_reg;
assign stat_rx_out_no_desc = stat_valid_reg && stat_no_desc_reg;
assign stat_rx_out_queue = stat_valid_reg ? stat_queue_reg : 4'd0;

assign head = head_reg;

assign ev_r_err = ev_r_err_int;
assign ev_desc_err = ev_desc_err_int;
assign ev_meta_pop = ev_meta_pop_int;
assign ev_free_en = ev_free_en_int;
assign ev_free_words = ev_free_words_int;
assign ev_no_desc = ev_no_desc_int;
assign ev_no_desc_q = ev_no_desc_q_int;
assign ev_complete = ev_complete_int;
assign ev_complete_q = ev_complete_q_int;
assign ev_complete_len = ev_complete_len_int;
assign ev_complete_vec = ev_complete_vec_int;

assign quiet = !ar_valid_reg && (reads_out_reg == '0)
    && (eng_reg == ENG_IDLE) && !stat_valid_reg && !fetch_check_reg && !cand_valid_reg && !la1_valid_reg && !la2_valid_reg
    // (queue_idle at its fixed point: an enable changed in the last edge
    // reaches it in this one, RxDma::quiescent)
    && (queue_idle_reg == ~cfg_q_enable);

endmodule

`default_nettype wire
