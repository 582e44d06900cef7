`default_nettype none

/*
 * TX FIFO storage: 64-bit words in two banks (even and odd word addresses),
 * each a simple dual-port RAM with one write port and one registered read
 * port, so that block RAM is inferred. Two write ports: the TX engine
 * writes at most two words in one edge (a data beat's word and, at the end
 * of a frame, its last partial word), and then at consecutive addresses,
 * so one goes to each bank. The read register of both banks is loaded
 * every cycle from rd_addr (read-first) and the bank is picked by the
 * address' low bit of that cycle; nic_tx_send presents the next cycle's
 * beat address and never reads a word written in the same cycle: a frame
 * reaches the sender only after its last word was written, and the engine
 * writes only words outside the frames queued or on the wire (its start
 * condition keeps a maximum frame of room).
 * No reset: the contents are payload, qualified by the sender's tvalid and
 * its beat count (pad beats read as 0 without looking at the RAM).
 */
module nic_tx_fifo #(
    // depth in 64-bit words (power of two, at least 4: two banks of two)
    parameter int WORDS = 4096
) (
    input  wire logic                     clk,

    // write ports; when both are enabled their addresses differ in bit 0
    input  wire logic                     wr0_en,
    input  wire logic [$clog2(WORDS)-1:0] wr0_addr,
    input  wire logic [63:0]              wr0_data,
    input  wire logic                     wr1_en,
    input  wire logic [$clog2(WORDS)-1:0] wr1_addr,
    input  wire logic [63:0]              wr1_data,

    input  wire logic [$clog2(WORDS)-1:0] rd_addr,
    output wire logic [63:0]              rd_data
);

localparam int AW = $clog2(WORDS);

initial begin
    if (WORDS < 4 || (WORDS & (WORDS - 1)) != 0) begin
        $fatal(1, "nic_tx_fifo: WORDS must be a power of two of at least 4, got %0d", WORDS);
    end
end

logic [63:0] mem_even [WORDS/2];
logic [63:0] mem_odd [WORDS/2];
logic [63:0] rd_even_reg = '0;
logic [63:0] rd_odd_reg = '0;
logic        rd_odd_sel_reg = 1'b0;

// each bank's write: port 0 if it addresses the bank, else port 1
logic          even_we, odd_we;
logic [AW-2:0] even_wa, odd_wa;
logic [63:0]   even_wd, odd_wd;

always_comb begin
    even_we = (wr0_en && !wr0_addr[0]) || (wr1_en && !wr1_addr[0]);
    even_wa = (wr0_en && !wr0_addr[0]) ? wr0_addr[AW-1:1] : wr1_addr[AW-1:1];
    even_wd = (wr0_en && !wr0_addr[0]) ? wr0_data : wr1_data;
    odd_we = (wr0_en && wr0_addr[0]) || (wr1_en && wr1_addr[0]);
    odd_wa = (wr0_en && wr0_addr[0]) ? wr0_addr[AW-1:1] : wr1_addr[AW-1:1];
    odd_wd = (wr0_en && wr0_addr[0]) ? wr0_data : wr1_data;
end

always_ff @(posedge clk) begin
    if (even_we) begin
        mem_even[even_wa] <= even_wd;
    end
end

always_ff @(posedge clk) begin
    if (odd_we) begin
        mem_odd[odd_wa] <= odd_wd;
    end
end

always_ff @(posedge clk) begin
    rd_even_reg <= mem_even[rd_addr[AW-1:1]];
    rd_odd_reg <= mem_odd[rd_addr[AW-1:1]];
    rd_odd_sel_reg <= rd_addr[0];
end

assign rd_data = rd_odd_sel_reg ? rd_odd_reg : rd_even_reg;

endmodule

`default_nettype wire
