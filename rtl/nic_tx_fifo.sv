`default_nettype none

/*
 * TX FIFO storage: simple dual-port RAM, one write port (the TX engine's
 * byte packer) and one registered read port (the sender's tdata), 64-bit
 * words. Written so that block RAM is inferred. The read register is loaded
 * every cycle from rd_addr (read-first); nic_tx_send presents the next
 * cycle's beat address and never reads a word written in the same cycle:
 * a frame reaches the sender only after its last word was written, and the
 * engine writes only words outside the frames queued or on the wire (its
 * start condition keeps a maximum frame of room).
 * No reset: the contents are payload, qualified by the sender's tvalid and
 * its beat count (pad beats read as 0 without looking at the RAM).
 */
module nic_tx_fifo #(
    // depth in 64-bit words (power of two)
    parameter int WORDS = 4096
) (
    input  wire logic                     clk,

    input  wire logic                     wr_en,
    input  wire logic [$clog2(WORDS)-1:0] wr_addr,
    input  wire logic [63:0]              wr_data,

    input  wire logic [$clog2(WORDS)-1:0] rd_addr,
    output wire logic [63:0]              rd_data
);

initial begin
    if (WORDS < 2 || (WORDS & (WORDS - 1)) != 0) begin
        $fatal(1, "nic_tx_fifo: WORDS must be a power of two, got %0d", WORDS);
    end
end

logic [63:0] mem [WORDS];
logic [63:0] rd_data_reg = '0;

always_ff @(posedge clk) begin
    if (wr_en) begin
        mem[wr_addr] <= wr_data;
    end
end

always_ff @(posedge clk) begin
    rd_data_reg <= mem[rd_addr];
end

assign rd_data = rd_data_reg;

endmodule

`default_nettype wire
