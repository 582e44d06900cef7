`default_nettype none

/*
 * RX header parser and RSS hash-type selection, combinational.
 *
 * Mirrors nicsim_hw::parse::parse and nicsim_hw::rss::select_hash_type
 * (model/hw/src/parse.rs, rss.rs) exactly:
 *  - only bytes below wlen = min(frame length, 128) are looked at;
 *  - up to two VLAN tags (TPID 0x8100 / 0x88A8) are skipped;
 *  - IPv4: version 4, IHL >= 5, 20-byte header in the window; fragments
 *    hash as ipv4; TCP/UDP with both ports in the window give the 4-tuple;
 *  - IPv6: version 6, 40-byte header in the window; extension headers
 *    0, 43, 60 are walked (at most 8, each needs its first 2 bytes in the
 *    window); TCP/UDP with ports in the window give the 4-tuple;
 *  - RSS_CTRL: a disabled 4-tuple type falls back to its 2-tuple type, a
 *    disabled 2-tuple type (or EN = 0) gives none.
 *
 * Outputs the selected type and its Toeplitz input: addresses (src, dst)
 * then ports (src, dst), network byte order, byte 0 in [287:280], every
 * byte past the selected type's length zero (so none gives all zeros and
 * hash 0).
 */
module nic_rx_parse (
    input  wire logic [1023:0] hdr,       // first 128 frame bytes, byte j in [8j +: 8]
    input  wire logic [7:0]    wlen,      // bytes of hdr inside the frame (0..128)
    input  wire logic [6:0]    rss_ctrl,  // RSS_CTRL: bit 0 enable, bit t enables type t
    output wire logic [2:0]    hash_type, // selected type (0 none .. 6 ipv6_udp)
    output wire logic [287:0]  tuple      // Toeplitz input of the selected type
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

localparam logic [7:0] PROTO_HOPOPTS  = 8'd0;
localparam logic [7:0] PROTO_TCP      = 8'd6;
localparam logic [7:0] PROTO_UDP      = 8'd17;
localparam logic [7:0] PROTO_ROUTING  = 8'd43;
localparam logic [7:0] PROTO_DSTOPTS  = 8'd60;

// most IPv6 extension headers walked
localparam int MAX_IPV6_EXT = 8;

// byte j of the header window
function automatic logic [7:0] hb(input logic [1023:0] h, input logic [6:0] j);
    hb = h[{j, 3'b000} +: 8];
endfunction

function automatic logic is_tag(input logic [15:0] et);
    is_tag = (et == ETH_VLAN) || (et == ETH_QINQ);
endfunction

function automatic logic is_ext(input logic [7:0] p);
    is_ext = (p == PROTO_HOPOPTS) || (p == PROTO_ROUTING) || (p == PROTO_DSTOPTS);
endfunction


logic [15:0]  wl;        // wlen, wide for comparisons with offsets
logic [15:0]  et0, et1, et2;
logic         tag0, tag1;
logic         l3_ok;     // an ethertype was found inside the window
logic [1:0]   l3_sel;    // L3 header at 14, 18 or 22
logic [4:0]   l3;
logic [15:0]  et;        // ethertype after the skipped tags
logic [40*8-1:0] h;      // the 40 bytes from l3 on, byte k in [8k +: 8]
logic [3:0]   ihl;
logic         v4_ok, v4_frag, v4_l4;
logic [7:0]   proto;
logic [15:0]  p4;        // IPv4 L4 offset
logic [31:0]  v4_ports;
logic         v4_ports_ok;
logic         v6_ok;
logic [7:0]   nxt;       // IPv6 next header
logic [15:0]  off;       // IPv6 offset of the next header
logic         stop;      // IPv6 walk stopped by the window
logic         adv;
logic [15:0]  ext_hdr;   // next header, length of the extension header at off
logic [31:0]  v6_ports;
logic         v6_ports_ok;
logic [2:0]   ptype;     // type the frame qualifies for
logic [287:0] ptuple;    // its tuple (addresses, then ports)
logic [2:0]   two;       // 2-tuple type of ptype
logic [2:0]   sel;       // selected type
logic [287:0] keep;

// the 4 bytes (network order) at byte offset o of the header window
function automatic logic [31:0] hw32(input logic [1023:0] hd, input logic [6:0] o);
    logic [31:0] r;
    for (int k = 0; k < 4; k = k + 1) begin
        r[31-8*k -: 8] = hb(hd, o + 7'(k));
    end
    hw32 = r;
endfunction

always_comb begin
    wl = {8'd0, wlen};

    // Ethernet: ethertype at 12, up to two VLAN tags skipped; a third tag is
    // not skipped (its TPID is then the ethertype: not IP)
    et0 = {hb(hdr, 7'd12), hb(hdr, 7'd13)};
    et1 = {hb(hdr, 7'd16), hb(hdr, 7'd17)};
    et2 = {hb(hdr, 7'd20), hb(hdr, 7'd21)};
    tag0 = is_tag(et0);
    tag1 = is_tag(et1);
    l3_ok = (wl >= 16'd14) && (!tag0 || ((wl >= 16'd18) && (!tag1 || (wl >= 16'd22))));
    l3_sel = !tag0 ? 2'd0 : (!tag1 ? 2'd1 : 2'd2);
    l3 = !tag0 ? 5'd14 : (!tag1 ? 5'd18 : 5'd22);
    et = !tag0 ? et0 : (!tag1 ? et1 : et2);
    for (int k = 0; k < 40; k = k + 1) begin
        h[8*k +: 8] = (l3_sel == 2'd0) ? hb(hdr, 7'(14 + k))
            : (l3_sel == 2'd1) ? hb(hdr, 7'(18 + k)) : hb(hdr, 7'(22 + k));
    end

    // IPv4: version 4, IHL >= 5, 20-byte header in the window
    ihl = h[3:0];
    v4_ok = l3_ok && (et == ETH_IPV4) && (wl >= 16'(l3) + 16'd20) && (h[7:4] == 4'd4) && (ihl >= 4'd5);
    // MF set or fragment offset != 0 (DF and the reserved bit are ignored)
    v4_frag = h[6*8+5] || ({h[6*8 +: 5], h[7*8 +: 8]} != 13'd0);
    proto = h[9*8 +: 8];
    v4_l4 = !v4_frag && (proto == PROTO_TCP || proto == PROTO_UDP);
    p4 = 16'(l3) + 16'({ihl, 2'b00});
    v4_ports = hw32(hdr, 7'(p4));
    v4_ports_ok = v4_l4 && (p4 + 16'd4 <= wl);

    // IPv6: version 6, 40-byte header in the window, extension headers walked
    v6_ok = l3_ok && (et == ETH_IPV6) && (wl >= 16'(l3) + 16'd40) && (h[7:4] == 4'd6);
    nxt = h[6*8 +: 8];
    off = 16'(l3) + 16'd40;
    stop = 1'b0;
    adv = 1'b0;
    ext_hdr = '0;
    for (int k = 0; k < MAX_IPV6_EXT; k = k + 1) begin
        // each extension header needs its first 2 bytes (next header, length) in the window
        ext_hdr = {hb(hdr, 7'(off)), hb(hdr, 7'(off + 16'd1))};
        adv = !stop && is_ext(nxt) && (off + 16'd2 <= wl);
        stop = stop || (is_ext(nxt) && (off + 16'd2 > wl));
        // length in 8-octet units, not counting the first 8 octets
        off = adv ? off + (({8'd0, ext_hdr[7:0]} + 16'd1) << 3) : off;
        nxt = adv ? ext_hdr[15:8] : nxt;
    end
    v6_ports = hw32(hdr, 7'(off));
    // stopped by the window, by the limit (still an extension header), or
    // not TCP/UDP: the 2-tuple
    v6_ports_ok = !stop && (nxt == PROTO_TCP || nxt == PROTO_UDP) && (off + 16'd4 <= wl);

    ptype = HT_NONE;
    ptuple = '0;
    if (v4_ok) begin
        ptype = v4_ports_ok ? ((proto == PROTO_TCP) ? HT_IPV4_TCP : HT_IPV4_UDP) : HT_IPV4;
        // src, dst at 12..19; ports
        for (int k = 0; k < 8; k = k + 1) begin
            ptuple[287-8*k -: 8] = h[8*(12+k) +: 8];
        end
        ptuple[287-64 -: 32] = v4_ports;
    end else if (v6_ok) begin
        ptype = v6_ports_ok ? ((nxt == PROTO_TCP) ? HT_IPV6_TCP : HT_IPV6_UDP) : HT_IPV6;
        // src, dst at 8..39; ports
        for (int k = 0; k < 32; k = k + 1) begin
            ptuple[287-8*k -: 8] = h[8*(8+k) +: 8];
        end
        ptuple[31:0] = v6_ports;
    end
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

    // bytes past the selected type's tuple length are zero
    case (sel)
        HT_IPV4:                  keep = {{8{8'hFF}}, {28{8'h00}}};
        HT_IPV4_TCP, HT_IPV4_UDP: keep = {{12{8'hFF}}, {24{8'h00}}};
        HT_IPV6:                  keep = {{32{8'hFF}}, {4{8'h00}}};
        HT_IPV6_TCP, HT_IPV6_UDP: keep = {36{8'hFF}};
        default:                  keep = '0;
    endcase
end

assign tuple = ptuple & keep;
assign hash_type = sel;

endmodule

`default_nettype wire
