`default_nettype none

/*
 * RX FIFO storage: simple dual-port RAM, one write port (ingress) and one
 * registered read port (DMA W data), 64-bit words. Written so that block
 * RAM is inferred. The read register is loaded every cycle from rd_addr
 * (read-first); nic_rx_dma presents the next cycle's W word address, and
 * never reads a word that is written in the same cycle (a frame's words
 * are all written before the DMA stage can claim it).
 * No reset: the contents are payload, qualified by the DMA's wvalid.
 */
module nic_rx_fifo #(
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
