`default_nettype none

/*
 * Toeplitz RSS hash (Microsoft RSS convention), combinational.
 *
 * Input bit i (counting from the MSB of byte 0) selects the 32-bit key
 * window made of key bits [i, i+32), key byte 0 MSB first; the hash is the
 * XOR of the selected windows. The input is the parser's 36-byte tuple with
 * every byte past the selected type's length already zero, so the hash of a
 * shorter input is the hash of the full vector (zero bytes contribute 0).
 * The largest input (36 bytes = 288 bits) reaches key bit 287 + 31 = 318,
 * inside the 40-byte key.
 *
 * Reference: nicsim_hw::rss::toeplitz (model/hw/src/rss.rs).
 */
module nic_toeplitz (
    input  wire logic [319:0] key,   // 40-byte key, byte 0 in [319:312]
    input  wire logic [287:0] data,  // 36-byte input, byte 0 in [287:280]
    output wire logic [31:0]  hash
);

logic [31:0] hash_int;

always_comb begin
    hash_int = '0;
    for (int i = 0; i < 288; i = i + 1) begin
        hash_int = hash_int ^ (key[319-i -: 32] & {32{data[287-i]}});
    end
end

assign hash = hash_int;

endmodule

`default_nettype wire
