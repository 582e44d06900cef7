`default_nettype none

/*
 * RX header parser (streaming) and RSS hash-type selection.
 *
 * Result: exactly nicsim_hw::parse::parse over the first min(len, 128)
 * bytes, then nicsim_hw::rss::select_hash_type (model/hw/src/parse.rs,
 * rss.rs). The rules (VLAN tags, IPv4, IPv6 extension headers, window)
 * are in parse.rs; this module only changes when the work is done, so
 * that no path walks the whole 128-byte window in one cycle:
 *
 *  - Beat side, as the frame's 8-byte words arrive (beat i = bytes
 *    8i..8i+7, only beats inside the window):
 *      beat 1, 2  the TPIDs at 12 and 16 (VLAN tags);
 *      beat 3     with bytes 12..31 in hand: the L3 offset (14, 18, 22),
 *                 the ethertype class, IPv4 version / IHL / fragment /
 *                 protocol, IPv6 version / next header, and `pos`, the
 *                 offset of the L4 header (IPv4: L3 + 4 IHL, IPv6:
 *                 L3 + 40);
 *      beats 4..  the IPv6 extension headers 0 / 43 / 60 at `pos` (at
 *                 most one per beat: each is at least 8 bytes long) and
 *                 the 4 port bytes at `pos`;
 *    the bytes 12..61 (addresses) are kept. `pos` is always 2 mod 4 (L3
 *    is, and 4 IHL, 40 and the extension lengths 8 (n + 1) are multiples
 *    of 4), so the 2-byte extension fields sit at lane 2 or 6 of one beat;
 *    the ports sit at lanes 2..5, or 6, 7 and lanes 0, 1 of the next beat.
 *  - Frame side (stage A), in the cycle after the frame's last beat, from
 *    those registers, the window length and RSS_CTRL: the selected type
 *    (output, combinational); the Toeplitz input is the IPv4 or IPv6 tuple
 *    whole (the registers only), and the hash engine keeps the sums that
 *    the selected type's length picks (nic_toeplitz.sv).
 *
 * Bytes past the frame's end read as 0 (the ingress masks the last beat),
 * and nothing here checks which bytes arrived: every field stage A uses
 * is qualified by the window length, exactly as in parse.rs (a field not
 * inside the window is missing). An extension header "walked" from
 * missing bytes moves `pos` past the window's end, which gives the
 * 2-tuple, as parse.rs does when the extension header is missing.
 * State is not cleared between frames: beat 3 sets everything stage A
 * reads for an IP frame, and a frame without beat 3 is too short for IP.
 */
module nic_rx_parse (
    input  wire logic         clk,
    input  wire logic         rst,

    // beat side: a beat of the frame on the wire is taken at this edge
    input  wire logic         beat_valid,
    input  wire logic [3:0]   beat_idx,    // its 8-byte word index in the frame (bytes 8 idx ..)
    input  wire logic         beat_win,    // the beat lies inside the 128-byte window
    input  wire logic [63:0]  beat_data,   // frame bytes, byte 8 idx + l in [8l +: 8], 0 past the end

    // VLAN tags (0..2) of the frame in progress as parse.rs counts them,
    // registered: exact once 22 bytes of the frame have arrived
    output wire logic [1:0]   vlan_tags,

    // frame side (stage A): the frame whose last beat was taken at the last edge
    input  wire logic [7:0]   wlen,        // bytes of the frame inside the window, min(len, 128)
    input  wire logic [6:0]   rss_ctrl,    // RSS_CTRL: bit 0 enable, bit t enables type t
    output wire logic [2:0]   hash_type,   // selected type (0 none .. 6 ipv6_udp)
    output wire logic [287:0] tuple        // Toeplitz input, byte 0 in [287:280]: the whole IPv4 / IPv6 tuple
);

// hash type codes (write-back byte 4, RSS_CTRL bit numbers)
localparam logic [2:0] HT_NONE     = 3'd0;
localparam logic [2:0] HT_IPV4     = 3'd1;
localparam logic [2:0] HT_IPV4_TCP = 3'd2;
localparam logic [2:0] HT_IPV4_UDP = 3'd3;
localparam logic [2:0] HT_IPV6     = 3'd4;
localparam logic [2:0] HT_IPV6_TCP = 3'd5;
localparam logic [2:0] HT_IPV6_UDP = 3'd6;

localparam logic [15:0] ETH_IPV4 = 16'h0800;
localparam logic [15:0] ETH_IPV6 = 16'h86DD;
localparam logic [15:0] ETH_VLAN = 16'h8100;
localparam logic [15:0] ETH_QINQ = 16'h88A8;

localparam logic [7:0] PROTO_HOPOPTS = 8'd0;
localparam logic [7:0] PROTO_TCP     = 8'd6;
localparam logic [7:0] PROTO_UDP     = 8'd17;
localparam logic [7:0] PROTO_ROUTING = 8'd43;
localparam logic [7:0] PROTO_DSTOPTS = 8'd60;

// most IPv6 extension headers walked (parse.rs MAX_IPV6_EXT)
localparam logic [3:0] MAX_IPV6_EXT = 4'd8;

// header bytes kept: 12..61 (ethertypes, IP headers up to the IPv6 addresses)
localparam int HLO = 12;
localparam int HHI = 61;

function automatic logic is_tag(input logic [7:0] hi, input logic [7:0] lo);
    is_tag = ({hi, lo} == ETH_VLAN) || ({hi, lo} == ETH_QINQ);
endfunction

function automatic logic is_ext(input logic [7:0] p);
    is_ext = (p == PROTO_HOPOPTS) || (p == PROTO_ROUTING) || (p == PROTO_DSTOPTS);
endfunction

function automatic logic [7:0] lane(input logic [63:0] d, input int l);
    lane = d[8*l +: 8];
endfunction

// beat-side state of the frame in progress
logic              tag0_reg = 1'b0, tag0_next;    // TPID at 12
logic              tag1_reg = 1'b0, tag1_next;    // TPID at 16
logic [8*(HHI-HLO+1)-1:0] hdr_reg = '0, hdr_next;  // byte j in [8(j - HLO) +: 8]
logic [1:0]        l3_sel_reg = '0, l3_sel_next;  // L3 at 14 + 4 l3_sel
logic              v4_reg = 1'b0, v4_next;        // ethertype 0x0800, version 4, IHL >= 5
logic              v4_l4_reg = 1'b0, v4_l4_next;  // not a fragment, TCP or UDP
logic              v4_tcp_reg = 1'b0, v4_tcp_next;
logic              v6_reg = 1'b0, v6_next;        // ethertype 0x86DD, version 6
logic [7:0]        nxt_reg = '0, nxt_next;        // IPv6 next header at pos
logic [11:0]       pos_reg = '0, pos_next;        // L4 (IPv6: next header) offset
logic [3:0]        walked_reg = '0, walked_next;  // extension headers walked
logic [31:0]       ports_reg = '0, ports_next;    // the 4 bytes at pos, network order
logic              plo_reg = 1'b0, plo_next;      // lanes 0, 1 of this beat are port bytes 2, 3

// kept header byte j (HLO <= j <= HHI)
function automatic logic [7:0] hb(input int j);
    hb = hdr_reg[8*(j-HLO) +: 8];
endfunction

// beat-side working values
logic [1:0]        s_sel;
logic [15:0]       s_et;
logic [7:0]        s_b0, s_b6, s_b7, s_b9;
logic [6:0]        s_l3;
logic              s_frag;
logic              at;       // pos lies in this beat
logic [7:0]        x_nh, x_len;
logic              walk;

always_comb begin
    tag0_next = tag0_reg;
    tag1_next = tag1_reg;
    hdr_next = hdr_reg;
    l3_sel_next = l3_sel_reg;
    v4_next = v4_reg;
    v4_l4_next = v4_l4_reg;
    v4_tcp_next = v4_tcp_reg;
    v6_next = v6_reg;
    nxt_next = nxt_reg;
    pos_next = pos_reg;
    walked_next = walked_reg;
    ports_next = ports_reg;
    plo_next = plo_reg;

    s_sel = '0;
    s_et = '0;
    s_b0 = '0;
    s_b6 = '0;
    s_b7 = '0;
    s_b9 = '0;
    s_l3 = '0;
    s_frag = 1'b0;
    at = 1'b0;
    x_nh = '0;
    x_len = '0;
    walk = 1'b0;

    if (beat_valid) begin
        plo_next = 1'b0;
    end

    if (beat_valid && beat_win) begin
        for (int j = HLO; j <= HHI; j = j + 1) begin
            if (beat_idx == 4'(j / 8)) begin
                hdr_next[8*(j-HLO) +: 8] = lane(beat_data, j % 8);
            end
        end
        if (plo_reg) begin
            ports_next[15:0] = {lane(beat_data, 0), lane(beat_data, 1)};
        end

        if (beat_idx == 4'd1) begin
            tag0_next = is_tag(lane(beat_data, 4), lane(beat_data, 5));
        end
        if (beat_idx == 4'd2) begin
            tag1_next = is_tag(lane(beat_data, 0), lane(beat_data, 1));
        end

        if (beat_idx == 4'd3) begin
            // L3 header fields from bytes 12..23 (kept) and 24..31 (this beat)
            s_sel = !tag0_reg ? 2'd0 : (!tag1_reg ? 2'd1 : 2'd2);
            case (s_sel)
                2'd0: begin
                    s_et = {hb(12), hb(13)};
                    s_b0 = hb(14);
                    s_b6 = hb(20);
                    s_b7 = hb(21);
                    s_b9 = hb(23);
                end
                2'd1: begin
                    s_et = {hb(16), hb(17)};
                    s_b0 = hb(18);
                    s_b6 = lane(beat_data, 0);
                    s_b7 = lane(beat_data, 1);
                    s_b9 = lane(beat_data, 3);
                end
                default: begin
                    s_et = {hb(20), hb(21)};
                    s_b0 = hb(22);
                    s_b6 = lane(beat_data, 4);
                    s_b7 = lane(beat_data, 5);
                    s_b9 = lane(beat_data, 7);
                end
            endcase
            s_l3 = 7'd14 + {3'd0, s_sel, 2'b00};
            // MF set or fragment offset != 0 (DF and the reserved bit are ignored)
            s_frag = s_b6[5] || ({s_b6[4:0], s_b7} != 13'd0);
            l3_sel_next = s_sel;
            v4_next = (s_et == ETH_IPV4) && (s_b0[7:4] == 4'd4) && (s_b0[3:0] >= 4'd5);
            v4_l4_next = !s_frag && (s_b9 == PROTO_TCP || s_b9 == PROTO_UDP);
            v4_tcp_next = (s_b9 == PROTO_TCP);
            v6_next = (s_et == ETH_IPV6) && (s_b0[7:4] == 4'd6);
            nxt_next = s_b6;
            pos_next = (s_et == ETH_IPV6) ? 12'(s_l3) + 12'd40 : 12'(s_l3) + {6'd0, s_b0[3:0], 2'b00};
            walked_next = '0;
        end else if (beat_idx >= 4'd4) begin
            // pos is 2 or 6 mod 8
            at = (pos_reg[11:3] == {5'd0, beat_idx});
            x_nh = pos_reg[2] ? lane(beat_data, 6) : lane(beat_data, 2);
            x_len = pos_reg[2] ? lane(beat_data, 7) : lane(beat_data, 3);
            walk = at && v6_reg && is_ext(nxt_reg) && (walked_reg != MAX_IPV6_EXT);
            if (at) begin
                ports_next[31:16] = {x_nh, x_len};
                if (!pos_reg[2]) begin
                    ports_next[15:0] = {lane(beat_data, 4), lane(beat_data, 5)};
                end
            end
            plo_next = at && pos_reg[2] && !walk;
            if (walk) begin
                // length in 8-octet units, not counting the first 8 octets
                nxt_next = x_nh;
                pos_next = {pos_reg[11:3] + {1'b0, x_len} + 9'd1, pos_reg[2:0]};
                walked_next = walked_reg + 4'd1;
            end
        end
    end
end

always_ff @(posedge clk) begin
    tag0_reg <= tag0_next;
    tag1_reg <= tag1_next;
    hdr_reg <= hdr_next;
    l3_sel_reg <= l3_sel_next;
    v4_reg <= v4_next;
    v4_l4_reg <= v4_l4_next;
    v4_tcp_reg <= v4_tcp_next;
    v6_reg <= v6_next;
    nxt_reg <= nxt_next;
    pos_reg <= pos_next;
    walked_reg <= walked_next;
    ports_reg <= ports_next;
    plo_reg <= plo_next;

    if (rst) begin
        tag0_reg <= 1'b0;
        tag1_reg <= 1'b0;
        v4_reg <= 1'b0;
        v6_reg <= 1'b0;
        walked_reg <= '0;
        plo_reg <= 1'b0;
    end
end

assign vlan_tags = !tag0_reg ? 2'd0 : (!tag1_reg ? 2'd1 : 2'd2);

// ---------------------------------------------------------------- stage A

logic         len4_ok, len6_ok, ports_ok, v6_l4;
logic [2:0]   ptype;     // type the frame qualifies for
logic [2:0]   two;       // 2-tuple type of ptype
logic [2:0]   sel;       // selected type
logic [287:0] t4, t6;    // IPv4 / IPv6 tuples

always_comb begin
    // 20-byte IPv4 / 40-byte IPv6 header inside the window
    case (l3_sel_reg)
        2'd0:    begin len4_ok = (wlen >= 8'd34); len6_ok = (wlen >= 8'd54); end
        2'd1:    begin len4_ok = (wlen >= 8'd38); len6_ok = (wlen >= 8'd58); end
        default: begin len4_ok = (wlen >= 8'd42); len6_ok = (wlen >= 8'd62); end
    endcase
    ports_ok = (pos_reg + 12'd4 <= {4'd0, wlen});
    v6_l4 = (nxt_reg == PROTO_TCP || nxt_reg == PROTO_UDP);

    ptype = HT_NONE;
    if (v4_reg && len4_ok) begin
        ptype = (v4_l4_reg && ports_ok) ? (v4_tcp_reg ? HT_IPV4_TCP : HT_IPV4_UDP) : HT_IPV4;
    end else if (v6_reg && len6_ok) begin
        // stopped by the window or the limit (still an extension header),
        // or not TCP/UDP: the 2-tuple
        ptype = (v6_l4 && ports_ok) ? ((nxt_reg == PROTO_TCP) ? HT_IPV6_TCP : HT_IPV6_UDP) : HT_IPV6;
    end

    // IPv4: src, dst at L3 + 12, then the ports; IPv6: src, dst at L3 + 8, then the ports
    t4 = '0;
    t6 = '0;
    for (int k = 0; k < 8; k = k + 1) begin
        case (l3_sel_reg)
            2'd0:    t4[287-8*k -: 8] = hb(26 + k);
            2'd1:    t4[287-8*k -: 8] = hb(30 + k);
            default: t4[287-8*k -: 8] = hb(34 + k);
        endcase
    end
    t4[287-64 -: 32] = ports_reg;
    for (int k = 0; k < 32; k = k + 1) begin
        case (l3_sel_reg)
            2'd0:    t6[287-8*k -: 8] = hb(22 + k);
            2'd1:    t6[287-8*k -: 8] = hb(26 + k);
            default: t6[287-8*k -: 8] = hb(30 + k);
        endcase
    end
    t6[31:0] = ports_reg;
end

// RSS_CTRL selection and tuple masking
always_comb begin
    case (ptype)
        HT_IPV4, HT_IPV4_TCP, HT_IPV4_UDP: two = HT_IPV4;
        HT_IPV6, HT_IPV6_TCP, HT_IPV6_UDP: two = HT_IPV6;
        default:                           two = HT_NONE;
    endcase

    if (!rss_ctrl[0] || ptype == HT_NONE) begin
        sel = HT_NONE;
    end else if (rss_ctrl[ptype]) begin
        sel = ptype;
    end else if (two != ptype && rss_ctrl[two]) begin
        sel = two;
    end else begin
        sel = HT_NONE;
    end
end

// a type other than none is IPv6 exactly when v6 is set (ethertype 0x86DD
// and 0x0800 exclude each other); for none the hash is not used
assign tuple = v6_reg ? t6 : t4;
assign hash_type = sel;

endmodule

`default_nettype wire
