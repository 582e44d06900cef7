// Generated from rtl/regs/nic_desc.rdl by rtl/regs/gen_regs.py (make regs). Do not edit.

`default_nettype none

package nic_desc_pkg;

    // Descriptor fields: word (0: bytes 0..8, 1: bytes 8..16, each one 64-bit
    // AXI beat), bit position inside that word, width.
    localparam int DESC_BYTES = 16;
    localparam int DESC_BYTES_LOG2 = 4;

    // RX descriptor, read format
    localparam int RX_READ_BUF_ADDR_WORD = 0;
    localparam int RX_READ_BUF_ADDR_LSB = 0;
    localparam int RX_READ_BUF_ADDR_W = 64;
    localparam int RX_READ_BUF_ADDR_ALIGN = 8;
    localparam int RX_READ_RSVD_WORD = 1;
    localparam int RX_READ_RSVD_LSB = 0;
    localparam int RX_READ_RSVD_W = 64;

    // RX descriptor, write-back format
    localparam int RX_WB_RSS_HASH_WORD = 0;
    localparam int RX_WB_RSS_HASH_LSB = 0;
    localparam int RX_WB_RSS_HASH_W = 32;
    localparam int RX_WB_HASH_TYPE_WORD = 0;
    localparam int RX_WB_HASH_TYPE_LSB = 32;
    localparam int RX_WB_HASH_TYPE_W = 8;
    localparam int RX_WB_LEN_WORD = 1;
    localparam int RX_WB_LEN_LSB = 0;
    localparam int RX_WB_LEN_W = 16;
    localparam int RX_WB_DD_WORD = 1;
    localparam int RX_WB_DD_LSB = 32;
    localparam int RX_WB_DD_W = 1;
    localparam int RX_WB_EOP_WORD = 1;
    localparam int RX_WB_EOP_LSB = 33;
    localparam int RX_WB_EOP_W = 1;
    localparam int RX_WB_ERRORS_WORD = 1;
    localparam int RX_WB_ERRORS_LSB = 40;
    localparam int RX_WB_ERRORS_W = 8;

    // TX descriptor
    localparam int TX_BUF_ADDR_WORD = 0;
    localparam int TX_BUF_ADDR_LSB = 0;
    localparam int TX_BUF_ADDR_W = 64;
    localparam int TX_LEN_WORD = 1;
    localparam int TX_LEN_LSB = 0;
    localparam int TX_LEN_W = 16;
    localparam int TX_LEN_MIN = 1;
    localparam int TX_LEN_MAX = 16384;
    localparam int TX_EOP_WORD = 1;
    localparam int TX_EOP_LSB = 16;
    localparam int TX_EOP_W = 1;
    localparam int TX_RS_WORD = 1;
    localparam int TX_RS_LSB = 17;
    localparam int TX_RS_W = 1;
    localparam int TX_IFCS_WORD = 1;
    localparam int TX_IFCS_LSB = 18;
    localparam int TX_IFCS_W = 1;
    localparam int TX_DD_WORD = 1;
    localparam int TX_DD_LSB = 24;
    localparam int TX_DD_W = 1;
    localparam int TX_ERR_WORD = 1;
    localparam int TX_ERR_LSB = 25;
    localparam int TX_ERR_W = 1;

endpackage

`default_nettype wire
