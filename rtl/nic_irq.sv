`default_nettype none

/*
 * Interrupts: per-vector moderation (rx-usecs / rx-frames beside
 * tx-usecs / tx-frames), EICR / EIMS /
 * EIAM, the misc cause edge detector, the PBA and the choice of the next
 * MSI-X message. Mirrors model/src/irq.rs (struct Irq).
 *
 * Order inside one edge (model/src/lib.rs tick()):
 *  1. the DMA stage may take the lowest sendable vector (msi_take): its
 *     EICR bit clears, and its EIMS bit if EIAM says so;
 *  2. Irq::edge: interval timers at 0 stop (expire), then the counters
 *     marked in `check` or just expired are judged (fire_now, with the
 *     timers as after the expiry), then this edge's completion (RX or TX:
 *     one write burst ends per edge) is counted, then the misc cause edge
 *     is detected on MISC_CAUSE as updated by this edge's DMA errors;
 *  3. the register writes (EICR W1C of pre-edge bits, EICS, EIMS, EIMC,
 *     EIAM, VEC_ITR marking `check`);
 *  4. soft reset.
 *
 * Moderation is Intel's EITR: usecs is the minimum interval between two
 * assertions of the vector's cause. Firing loads both of the vector's
 * interval timers (RX and TX side, each with its usecs; 0 = none); a
 * counter with completions fires when its timer is stopped (idle: the edge
 * after the completion; busy: the edge its timer expires), or at rx-frames.
 *
 * The model's timer is a deadline (edge number) set to now + usecs * CYCLES_PER_US at
 * the firing edge and expiring at the first edge with now >= deadline; here
 * each counter has a down-counter worth usecs * CYCLES_PER_US - 1 that expires
 * when it is 0, the same edge: microseconds (ucnt) and the cycles of the
 * current one (scnt), so firing loads it without a multiplier (a DSP block
 * on the CSR-to-timer path). Counters only run while their timer is on
 * (nothing free-running).
 */
module nic_irq #(
    // RX queues (1..16); vectors = RX_QUEUES + 1, the last is misc
    parameter int RX_QUEUES = 16,
    // clock cycles per microsecond: the rx-usecs time base (1..1000)
    parameter int CYCLES_PER_US = 250
) (
    input  wire logic                        clk,
    input  wire logic                        rst,
    // soft reset at the end of this edge (from nic_csr)
    input  wire logic                        soft_rst,

    // configuration (register state before the edge)
    input  wire logic                        cfg_msix_enable,
    input  wire logic                        cfg_func_mask,
    input  wire logic [RX_QUEUES:0]          cfg_vec_mask,     // MSI-X VCTRL.MASK per vector
    input  wire logic [(RX_QUEUES+1)*32-1:0] cfg_itr,          // VEC_ITR per vector
    input  wire logic [(RX_QUEUES+1)*32-1:0] cfg_txitr,        // VEC_TXITR per vector
    input  wire logic [2:0]                  cfg_misc_ims,
    // MISC_CAUSE state, and after this edge's DMA errors
    input  wire logic [2:0]                  misc_cause,
    input  wire logic [2:0]                  misc_cause_mid,

    // DMA stage, this edge
    input  wire logic                        msi_take,         // lowest sendable vector taken
    input  wire logic                        completion,       // an RX frame completed ...
    input  wire logic [4:0]                  completion_vec,   // ... for this vector
    input  wire logic                        tx_completion,    // a TX write-back was accepted ...
    input  wire logic [4:0]                  tx_completion_vec, // ... for this vector

    // register writes, this edge (decoded by nic_csr)
    input  wire logic [RX_QUEUES:0]          wr_eicr_clr,      // EICR W1C, already masked with pre-edge EICR
    input  wire logic [RX_QUEUES:0]          wr_eics_set,
    input  wire logic [RX_QUEUES:0]          wr_eims_set,
    input  wire logic [RX_QUEUES:0]          wr_eimc_clr,
    input  wire logic                        wr_eiam_en,
    input  wire logic [RX_QUEUES:0]          wr_eiam_val,
    input  wire logic [RX_QUEUES:0]          wr_itr_check,     // VEC_ITR written
    input  wire logic [RX_QUEUES:0]          wr_txitr_check,   // VEC_TXITR written

    // state
    output wire logic [RX_QUEUES:0]          eicr,
    output wire logic [RX_QUEUES:0]          eims,
    output wire logic [RX_QUEUES:0]          eiam,
    output wire logic [RX_QUEUES:0]          pba,
    // a vector is sendable; the lowest one
    output wire logic                        msi_sendable,
    output wire logic [4:0]                  msi_vec,

    // Irq::quiescent()
    output wire logic                        quiet
);

localparam int NV = RX_QUEUES + 1;
// moderation counters: RX side of vector v at v, TX side at NV + v
localparam int NC = 2 * NV;

localparam int USECS_LSB = nic_regs_pkg::VEC_ITR_USECS_LSB;
localparam int USECS_W = nic_regs_pkg::VEC_ITR_USECS_W;
localparam int FRAMES_LSB = nic_regs_pkg::VEC_ITR_FRAMES_LSB;
localparam int FRAMES_W = nic_regs_pkg::VEC_ITR_FRAMES_W;
// the timer's cycles-within-a-microsecond counter: 0..CYCLES_PER_US-1
localparam int SW = $clog2(CYCLES_PER_US + 1);

// loaded in place (no _next), see the always_ff at the end
logic [NV-1:0]      eicr_reg = '0;
logic [NV-1:0]      eims_reg = '0;
logic [NV-1:0]      eiam_reg = '1;
logic [2:0]         misc_prev_reg = '0;

// Per-counter state lives in g_cnt[i] (i = d*NV + v, d = 0 RX, 1 TX):
// unsig (completions since the vector last asserted its cause,
// saturating), ucnt/scnt (usecs countdown: ucnt * CYCLES_PER_US + scnt
// edges left before the firing edge),
// timer_on and check (a count or an ITR changed: judge the count limits at
// the next edge). The model's `pending` bit is unsig != 0: both are set by
// a completion (the count saturates, never back to 0) and cleared together
// by firing and by reset, so it needs no register here. Each counter is its own small set of
// registers, so a simulator updates them as words, not as slices of one
// wide vector. Two vectors gather one bit per counter (state-derived):
// the counter is judged and fires at this edge (its check is set or its
// timer expires, and it is pending with fire_now)
logic [NC-1:0]      fire_c;
// the counter is not quiescent: timer on, check set, or pending with
// fire_now (Irq::quiescent)
logic [NC-1:0]      busy;

// state-derived
logic [NV-1:0]      sendable;
logic [4:0]         lowest;
// vectors that fire at this edge (either of their two counters)
logic [NV-1:0]      fire;

// the moderation registers of both directions (VEC_ITR, VEC_TXITR)
logic [NC*32-1:0]   itr;
assign itr = {cfg_txitr, cfg_itr};

// Irq::sendable, lowest sendable vector
always_comb begin
    for (int v = 0; v < NV; v = v + 1) begin
        sendable[v] = cfg_msix_enable && !cfg_func_mask && eicr_reg[v] && eims_reg[v] && !cfg_vec_mask[v];
    end
    lowest = '0;
    for (int v = NV - 1; v >= 0; v = v - 1) begin
        if (sendable[v]) begin
            lowest = 5'(v);
        end
    end
end

// counters judged where a count, an ITR or a timer changed (fire_c, in
// g_cnt): a vector fires when either of its two counters does
assign fire = fire_c[NV-1:0] | fire_c[NC-1:NV];

// this edge's completion per direction d and its vector at [d*5 +: 5]
logic [1:0]         comp;
logic [9:0]         comp_vec;
// VEC_ITR / VEC_TXITR written, per counter
logic [NC-1:0]      wr_check;

assign comp = {tx_completion, completion};
assign comp_vec = {tx_completion_vec, completion_vec};
assign wr_check = {wr_txitr_check, wr_itr_check};

for (genvar i = 0; i < NC; i = i + 1) begin : g_cnt
    // direction and vector of this counter
    localparam int D = i / NV;
    localparam int V = i % NV;

    // loaded in place (always_ff below), no _next: a simulator evaluates
    // the update once, at the edge, instead of as combinational logic of
    // the top-level inputs (before the edge) and again after it
    logic [15:0]         unsig_reg = '0;
    logic [USECS_W-1:0]  ucnt_reg = '0;
    logic [SW-1:0]       scnt_reg = '0;
    logic                timer_on_reg = 1'b0;
    logic                check_reg = 1'b0;

    logic [USECS_W-1:0]  usecs;
    logic [FRAMES_W-1:0] frames;
    // the timer expires at this edge; it is still running after that
    logic                exp_now;
    logic                t_on_mid;
    // Irq::fire_now of the state
    logic                fire_ok;

    // the counter has state to move or judge (else fire_c, busy and its
    // update are all 0 / no change unless an input names it): a simulator
    // tests this, not each term, for the idle counters of a cycle
    logic                active;

    // fields of the counter's moderation register
    assign usecs = itr[i*32 + USECS_LSB +: USECS_W];
    assign frames = itr[i*32 + FRAMES_LSB +: FRAMES_W];
    assign active = timer_on_reg || check_reg || (unsig_reg != 16'd0);
    always_comb begin
        exp_now = 1'b0;
        t_on_mid = 1'b0;
        fire_ok = 1'b0;
        fire_c[i] = 1'b0;
        busy[i] = 1'b0;
        if (active) begin
            exp_now = timer_on_reg && (ucnt_reg == '0) && (scnt_reg == '0);
            t_on_mid = timer_on_reg && !exp_now;
            // (fire_ok includes pending: it is 0 while unsig is 0)
            if (unsig_reg != 16'd0) begin
                fire_ok = ((frames != '0) && (unsig_reg >= 16'(frames)))
                    || ((usecs != '0) && !t_on_mid)
                    || ((usecs == '0) && (frames == '0));
            end
            fire_c[i] = (check_reg || exp_now) && fire_ok;
            busy[i] = timer_on_reg || check_reg || fire_ok;
        end
    end

    always_ff @(posedge clk) begin
        // (an idle counter changes only by an input that names it)
        if (active || fire[V] || wr_check[i] || (comp[D] && (comp_vec[D*5 +: 5] == 5'(V)))) begin
            // 2a. interval timer: expires at 0 (stops), else counts down;
            // firing loads it (usecs * CYCLES_PER_US - 1: expiry usecs *
            // CYCLES_PER_US edges on)
            if (timer_on_reg) begin
                if (scnt_reg != '0) begin
                    scnt_reg <= scnt_reg - 1'b1;
                end else if (ucnt_reg != '0) begin
                    ucnt_reg <= ucnt_reg - 1'b1;
                    scnt_reg <= SW'(CYCLES_PER_US - 1);
                end else begin
                    timer_on_reg <= 1'b0;
                end
            end
            if (fire[V]) begin
                timer_on_reg <= (usecs != '0);
                ucnt_reg <= usecs - 1'b1;
                scnt_reg <= SW'(CYCLES_PER_US - 1);
            end

            // 2b. firing clears both directions' counts; 2c. a new completion
            // (RX or TX) is counted now (saturating) and judged from the next
            // edge; 3. VEC_ITR writes mark check. (This edge's inputs are read
            // here only, not in a wire: a simulator would compute a wire of
            // them before the edge too.)
            check_reg <= wr_check[i];
            if (comp[D] && (comp_vec[D*5 +: 5] == 5'(V))) begin
                if (fire[V]) begin
                    unsig_reg <= 16'd1;
                end else if (unsig_reg != 16'hFFFF) begin
                    unsig_reg <= unsig_reg + 1'b1;
                end
                check_reg <= 1'b1;
            end else if (fire[V]) begin
                unsig_reg <= '0;
            end
        end

        if (rst || soft_rst) begin
            unsig_reg <= '0;
            timer_on_reg <= 1'b0;
            check_reg <= 1'b0;
        end
    end
end

// the lowest sendable vector, one-hot: the one the DMA stage takes with
// msi_take (vector 0 when none is sendable: lowest is 0)
logic [NV-1:0]      lowest_1h;
assign lowest_1h = NV'(1) << lowest;

// loaded in place: 1. the DMA stage took the lowest sendable vector
// (Irq::take_msi: its EICR bit clears, its EIMS bit if EIAM says so);
// 2b. firing asserts the cause (the counters: g_cnt); 2d. the misc cause
// edge; 3. register writes
always_ff @(posedge clk) begin
    eicr_reg <= (((eicr_reg & ~({NV{msi_take}} & lowest_1h)) | fire
        | {((misc_cause_mid & cfg_misc_ims & ~misc_prev_reg) != 3'd0), {(NV-1){1'b0}}})
        & ~wr_eicr_clr) | wr_eics_set;
    eims_reg <= ((eims_reg & ~({NV{msi_take}} & lowest_1h & eiam_reg)) | wr_eims_set) & ~wr_eimc_clr;
    if (wr_eiam_en) begin
        eiam_reg <= wr_eiam_val;
    end
    misc_prev_reg <= misc_cause_mid & cfg_misc_ims;

    if (rst || soft_rst) begin
        eicr_reg <= '0;
        eims_reg <= '0;
        eiam_reg <= '1;
        misc_prev_reg <= '0;
    end
end

assign eicr = eicr_reg;
assign eims = eims_reg;
assign eiam = eiam_reg;
assign pba = eicr_reg & eims_reg & ({NV{cfg_func_mask}} | cfg_vec_mask);
assign msi_sendable = (sendable != '0);
assign msi_vec = lowest;

assign quiet = (busy == '0)
    && (misc_prev_reg == (misc_cause & cfg_misc_ims))
    && (sendable == '0);

endmodule

`default_nettype wire
