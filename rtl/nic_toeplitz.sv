`default_nettype none

/*
 * Toeplitz RSS hash (Microsoft RSS convention), 12 input bytes per cycle.
 *
 * Input bit i (counting from the MSB of byte 0) selects the 32-bit key
 * window made of key bits [i, i+32), key byte 0 MSB first; the hash is the
 * XOR of the selected windows. The input is the parser's 36-byte tuple with
 * every byte past the selected type's length already zero, so the hash of a
 * shorter input is the hash of the full vector (zero bytes contribute 0).
 * The largest input (36 bytes = 288 bits) reaches key bit 287 + 31 = 318,
 * inside the 40-byte key.
 *
 * `load` takes the input and the key at an edge; the hash is then summed
 * over STEPS cycles, CHUNK input bits per cycle: input and key shift left
 * by CHUNK bits each edge, so every cycle uses the same bit positions (the
 * key windows of the top CHUNK input bits) and no cycle has more than a
 * CHUNK + 1 term XOR. `hash` is the result in the STEPS-th cycle after
 * the load (acc holds the first STEPS - 1 chunks, the last is added
 * combinationally). The key is the one sampled at the load: a key write
 * while a hash is summed does not mix keys.
 *
 * One engine serves all frames: the ingress loads it only for a frame
 * whose selected type is not `none`, and such a frame is at least 34
 * bytes long (IPv4 needs L3 + 20 bytes with L3 >= 14), so it took at least
 * 5 beats; two loads are at least 5 cycles apart, more than STEPS.
 *
 * Reference: nicsim_hw::rss::toeplitz (model/hw/src/rss.rs).
 */
module nic_toeplitz (
    input  wire logic         clk,
    input  wire logic         load,   // start a hash at this edge
    input  wire logic [319:0] key,    // 40-byte key, byte 0 in [319:312]
    input  wire logic [287:0] data,   // 36-byte input, byte 0 in [287:280]
    output wire logic [31:0]  hash    // the hash, in the STEPS-th cycle after load
);

// input bits summed per cycle, and cycles per hash
localparam int CHUNK = 96;
localparam int STEPS = 288 / CHUNK;

initial begin
    if (STEPS * CHUNK != 288 || STEPS > 4) begin
        $fatal(1, "nic_toeplitz: CHUNK must divide the 288 input bits in at most 4 steps (loads are >= 5 cycles apart)");
    end
end

logic [319:0] key_reg = '0, key_next;
logic [287:0] data_reg = '0, data_next;
logic [31:0]  acc_reg = '0, acc_next;
logic [31:0]  chunk;

always_comb begin
    // input bit i = b*8 + j (two loops of constant bounds: a simulator
    // unrolls them into constant bit and window selects, and skips the
    // window of a 0 bit)
    chunk = '0;
    for (int b = 0; b < CHUNK / 8; b = b + 1) begin
        for (int j = 0; j < 8; j = j + 1) begin
            if (data_reg[287-(b*8+j)]) begin
                chunk = chunk ^ key_reg[319-(b*8+j) -: 32];
            end
        end
    end

    if (load) begin
        key_next = key;
        data_next = data;
        acc_next = '0;
    end else begin
        key_next = key_reg << CHUNK;
        data_next = data_reg << CHUNK;
        acc_next = acc_reg ^ chunk;
    end
end

always_ff @(posedge clk) begin
    key_reg <= key_next;
    data_reg <= data_next;
    acc_reg <= acc_next;
end

assign hash = acc_reg ^ chunk;

endmodule

`default_nettype wire
