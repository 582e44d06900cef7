`default_nettype none

/*
 * Toeplitz RSS hash (Microsoft RSS convention), 12 input bytes per cycle.
 *
 * Input bit i (counting from the MSB of byte 0) selects the 32-bit key
 * window made of key bits [i, i+32), key byte 0 MSB first; the hash is the
 * XOR of the selected windows. The largest input (36 bytes = 288 bits)
 * reaches key bit 287 + 31 = 318, inside the 40-byte key.
 *
 * `load` takes the input and the key at an edge; the hash is then summed
 * over 3 cycles, 96 input bits per cycle: input and key shift left by 96
 * bits each edge, so every cycle uses the same bit positions (the key
 * windows of the top 96 input bits) and no cycle has more than a 65-term
 * XOR. The key is the one sampled at the load: a key write while a hash
 * is summed does not mix keys.
 *
 * The input is the whole 36-byte tuple, unmasked: the hash of a shorter
 * input is the hash of the tuple with the bytes past it zeroed, so the
 * sum is kept in parts split at the four tuple lengths (8, 12, 32 and 36
 * bytes: offsets 0 and 8 of a 12-byte step) and `tlen` picks the parts
 * when the hash is read. The type is known late in the frame's first
 * cycle after its last beat; this way it never reaches the 608 input and
 * key flops (the ECP5 path of the ingress stage A).
 *
 *   cycle after load  bytes    parts
 *   0                 0..11    a = 0..7, b = 8..11
 *   1                 12..23   c = 12..23
 *   2                 24..35   c ^ 24..31 and d = 32..35 (combinational)
 *
 * `hash` is the result in cycle 2 after the load: a ^ b (tlen >= 1) ^ c
 * (tlen >= 2) ^ d (tlen = 3).
 *
 * One engine serves all frames: the ingress loads it only for a frame of
 * at least 34 bytes (the shortest that can hash: IPv4 needs L3 + 20 bytes
 * with L3 >= 14), which took at least 5 beats, so two loads are at least
 * 5 cycles apart, more than the 3 a hash takes.
 *
 * Reference: nicsim_hw::rss::toeplitz (model/hw/src/rss.rs).
 */
module nic_toeplitz (
    input  wire logic         clk,
    input  wire logic         load,   // start a hash at this edge
    input  wire logic [319:0] key,    // 40-byte key, byte 0 in [319:312]
    input  wire logic [287:0] data,   // 36-byte input, byte 0 in [287:280]
    input  wire logic [1:0]   tlen,   // tuple length read in cycle 2: 0: 8, 1: 12, 2: 32, 3: 36 bytes
    output wire logic [31:0]  hash    // the hash of the first tlen bytes, in cycle 2 after load
);

// input bits summed per cycle: the part boundaries above assume 12 bytes
localparam int CHUNK = 96;

logic [319:0] key_reg = '0, key_next;
logic [287:0] data_reg = '0, data_next;
logic [1:0]   ph_reg = 2'd3, ph_next;   // cycle after the load (3: idle)
logic [31:0]  a_reg = '0, a_next;
logic [31:0]  b_reg = '0, b_next;
logic [31:0]  c_reg = '0, c_next;
logic [31:0]  s_a, s_b;                 // this cycle's bytes 0..7 and 8..11

function automatic logic [31:0] part(input logic [287:0] d, input logic [319:0] k,
                                     input int lo, input int hi);
    // input bit i = b*8 + j for bytes lo..hi - 1 (constant bounds: a
    // simulator unrolls them into constant selects and skips a 0 bit's window)
    logic [31:0] s;
    s = '0;
    for (int b = lo; b < hi; b = b + 1) begin
        for (int j = 0; j < 8; j = j + 1) begin
            if (d[287-(b*8+j)]) begin
                s = s ^ k[319-(b*8+j) -: 32];
            end
        end
    end
    part = s;
endfunction

always_comb begin
    s_a = part(data_reg, key_reg, 0, 8);
    s_b = part(data_reg, key_reg, 8, CHUNK / 8);
    a_next = a_reg;
    b_next = b_reg;
    c_next = c_reg;
    case (ph_reg)
        2'd0: begin
            a_next = s_a;
            b_next = s_b;
        end
        2'd1: c_next = s_a ^ s_b;
        default: ;
    endcase
    if (load) begin
        key_next = key;
        data_next = data;
        ph_next = 2'd0;
    end else begin
        key_next = key_reg << CHUNK;
        data_next = data_reg << CHUNK;
        ph_next = (ph_reg == 2'd3) ? 2'd3 : ph_reg + 2'd1;
    end
end

always_ff @(posedge clk) begin
    key_reg <= key_next;
    data_reg <= data_next;
    ph_reg <= ph_next;
    a_reg <= a_next;
    b_reg <= b_next;
    c_reg <= c_next;
end

assign hash = a_reg
    ^ ((tlen != 2'd0) ? b_reg : 32'd0)
    ^ (tlen[1] ? (c_reg ^ s_a) : 32'd0)
    ^ ((tlen == 2'd3) ? s_b : 32'd0);

endmodule

`default_nettype wire
