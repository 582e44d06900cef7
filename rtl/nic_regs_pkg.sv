// Generated from rtl/regs/nic_regs.rdl by rtl/regs/gen_regs.py (make regs). Do not edit.

`default_nettype none

package nic_regs_pkg;

    // Reads 0x4E494353 (ASCII 'NICS').
    localparam logic [15:0] ID_ADDR = 16'h0000;
    localparam int ID_ID_LSB = 0;
    localparam int ID_ID_W = 32;
    localparam logic [31:0] ID_RESET = 32'h4e494353;
    localparam logic [31:0] ID_WMASK = 32'h00000000;

    // Register-map version. A driver refuses a MAJOR it does not know.
    localparam logic [15:0] VERSION_ADDR = 16'h0004;
    localparam int VERSION_MINOR_LSB = 0;
    localparam int VERSION_MINOR_W = 16;
    localparam int VERSION_MAJOR_LSB = 16;
    localparam int VERSION_MAJOR_W = 16;
    localparam logic [31:0] VERSION_RESET = 32'h00010000;
    localparam logic [31:0] VERSION_WMASK = 32'h00000000;

    // Build parameters of this instance.
    localparam logic [15:0] CAPS_ADDR = 16'h0008;
    localparam int CAPS_RXQ_LSB = 0;
    localparam int CAPS_RXQ_W = 8;
    localparam int CAPS_TXQ_LSB = 8;
    localparam int CAPS_TXQ_W = 8;
    localparam int CAPS_VECTORS_LSB = 16;
    localparam int CAPS_VECTORS_W = 8;
    localparam int CAPS_DMA_BYTES_LSB = 24;
    localparam int CAPS_DMA_BYTES_W = 8;
    localparam logic [31:0] CAPS_RESET = 32'h00000000;
    localparam logic [31:0] CAPS_WMASK = 32'h00000000;

    // RX_EN gates frame acceptance at the MAC FIFO; TX_EN gates the start of TX frames. Writing RST=1 rese
    localparam logic [15:0] CTRL_ADDR = 16'h000c;
    localparam int CTRL_RX_EN_LSB = 0;
    localparam int CTRL_RX_EN_W = 1;
    localparam int CTRL_TX_EN_LSB = 1;
    localparam int CTRL_TX_EN_W = 1;
    localparam int CTRL_RST_LSB = 31;
    localparam int CTRL_RST_W = 1;
    localparam logic [31:0] CTRL_RESET = 32'h00000000;
    localparam logic [31:0] CTRL_WMASK = 32'h80000003;

    // Largest accepted frame = MTU + 14 + 4 per VLAN tag (up to two). Other values are ignored and counted
    localparam logic [15:0] MTU_ADDR = 16'h0010;
    localparam int MTU_MTU_LSB = 0;
    localparam int MTU_MTU_W = 14;
    localparam int MTU_MTU_MIN = 68;
    localparam int MTU_MTU_MAX = 16356;
    localparam logic [31:0] MTU_RESET = 32'h000005dc;
    localparam logic [31:0] MTU_WMASK = 32'h00003fff;

    // Latched device errors. Write 1 to clear. Any set bit that is enabled in MISC_IMS raises the misc vec
    localparam logic [15:0] MISC_CAUSE_ADDR = 16'h0020;
    localparam int MISC_CAUSE_DMA_ERR_LSB = 0;
    localparam int MISC_CAUSE_DMA_ERR_W = 1;
    localparam int MISC_CAUSE_DESC_ERR_LSB = 1;
    localparam int MISC_CAUSE_DESC_ERR_W = 1;
    localparam int MISC_CAUSE_REG_ERR_LSB = 2;
    localparam int MISC_CAUSE_REG_ERR_W = 1;
    localparam logic [31:0] MISC_CAUSE_RESET = 32'h00000000;
    localparam logic [31:0] MISC_CAUSE_WMASK = 32'h00000007;

    // Miscellaneous interrupt enable
    localparam logic [15:0] MISC_IMS_ADDR = 16'h0024;
    localparam int MISC_IMS_EN_LSB = 0;
    localparam int MISC_IMS_EN_W = 3;
    localparam logic [31:0] MISC_IMS_RESET = 32'h00000007;
    localparam logic [31:0] MISC_IMS_WMASK = 32'h00000007;

    // Bit v: vector v has a moderated interrupt asserted that has not yet been sent. Cleared when the MSI-
    localparam logic [15:0] EICR_ADDR = 16'h0040;
    localparam int EICR_CAUSE_LSB = 0;
    localparam int EICR_CAUSE_W = 17;
    localparam logic [31:0] EICR_RESET = 32'h00000000;
    localparam logic [31:0] EICR_WMASK = 32'h0001ffff;

    // Write 1 to assert the cause of vector v by software.
    localparam logic [15:0] EICS_ADDR = 16'h0044;
    localparam int EICS_SET_LSB = 0;
    localparam int EICS_SET_W = 17;
    localparam logic [31:0] EICS_RESET = 32'h00000000;
    localparam logic [31:0] EICS_WMASK = 32'h0001ffff;

    // Reads the enable mask. Write 1 to enable (unmask) vector v; a cause already asserted then fires.
    localparam logic [15:0] EIMS_ADDR = 16'h0048;
    localparam int EIMS_EN_LSB = 0;
    localparam int EIMS_EN_W = 17;
    localparam logic [31:0] EIMS_RESET = 32'h00000000;
    localparam logic [31:0] EIMS_WMASK = 32'h0001ffff;

    // Write 1 to disable (mask) vector v.
    localparam logic [15:0] EIMC_ADDR = 16'h004c;
    localparam int EIMC_CLR_LSB = 0;
    localparam int EIMC_CLR_W = 17;
    localparam logic [31:0] EIMC_RESET = 32'h00000000;
    localparam logic [31:0] EIMC_WMASK = 32'h0001ffff;

    // Bit v: sending vector v's message clears its EIMS bit (auto-mask on fire).
    localparam logic [15:0] EIAM_ADDR = 16'h0050;
    localparam int EIAM_AM_LSB = 0;
    localparam int EIAM_AM_W = 17;
    localparam logic [31:0] EIAM_RESET = 32'h0001ffff;
    localparam logic [31:0] EIAM_WMASK = 32'h0001ffff;

    // The MSI-X capability's Message Control bits, mirrored into BAR0 because the model has no config spac
    localparam logic [15:0] MSIX_CTRL_ADDR = 16'h0054;
    localparam int MSIX_CTRL_ENABLE_LSB = 0;
    localparam int MSIX_CTRL_ENABLE_W = 1;
    localparam int MSIX_CTRL_FUNC_MASK_LSB = 1;
    localparam int MSIX_CTRL_FUNC_MASK_W = 1;
    localparam logic [31:0] MSIX_CTRL_RESET = 32'h00000000;
    localparam logic [31:0] MSIX_CTRL_WMASK = 32'h00000003;

    // Interval moderation of vector v's RX completions, as Intel's EITR. USECS is the minimum interval bet
    localparam logic [15:0] VEC_ITR_ADDR = 16'h0080;
    localparam int VEC_ITR_STRIDE = 4;
    localparam int VEC_ITR_COUNT = 17;
    localparam int VEC_ITR_USECS_LSB = 0;
    localparam int VEC_ITR_USECS_W = 16;
    localparam int VEC_ITR_FRAMES_LSB = 16;
    localparam int VEC_ITR_FRAMES_W = 16;
    localparam logic [31:0] VEC_ITR_RESET = 32'h00000000;
    localparam logic [31:0] VEC_ITR_WMASK = 32'hffffffff;

    // Hash-type enables. A disabled 4-tuple type falls back to the 2-tuple type of its IP version; a disab
    localparam logic [15:0] RSS_CTRL_ADDR = 16'h0100;
    localparam int RSS_CTRL_EN_LSB = 0;
    localparam int RSS_CTRL_EN_W = 1;
    localparam int RSS_CTRL_IPV4_LSB = 1;
    localparam int RSS_CTRL_IPV4_W = 1;
    localparam int RSS_CTRL_IPV4_TCP_LSB = 2;
    localparam int RSS_CTRL_IPV4_TCP_W = 1;
    localparam int RSS_CTRL_IPV4_UDP_LSB = 3;
    localparam int RSS_CTRL_IPV4_UDP_W = 1;
    localparam int RSS_CTRL_IPV6_LSB = 4;
    localparam int RSS_CTRL_IPV6_W = 1;
    localparam int RSS_CTRL_IPV6_TCP_LSB = 5;
    localparam int RSS_CTRL_IPV6_TCP_W = 1;
    localparam int RSS_CTRL_IPV6_UDP_LSB = 6;
    localparam int RSS_CTRL_IPV6_UDP_W = 1;
    localparam logic [31:0] RSS_CTRL_RESET = 32'h0000007f;
    localparam logic [31:0] RSS_CTRL_WMASK = 32'h0000007f;

    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY0_ADDR = 16'h0140;
    localparam int RSS_KEY0_KEY_LSB = 0;
    localparam int RSS_KEY0_KEY_W = 32;
    localparam logic [31:0] RSS_KEY0_RESET = 32'h6d5a56da;
    localparam logic [31:0] RSS_KEY0_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY1_ADDR = 16'h0144;
    localparam int RSS_KEY1_KEY_LSB = 0;
    localparam int RSS_KEY1_KEY_W = 32;
    localparam logic [31:0] RSS_KEY1_RESET = 32'h255b0ec2;
    localparam logic [31:0] RSS_KEY1_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY2_ADDR = 16'h0148;
    localparam int RSS_KEY2_KEY_LSB = 0;
    localparam int RSS_KEY2_KEY_W = 32;
    localparam logic [31:0] RSS_KEY2_RESET = 32'h4167253d;
    localparam logic [31:0] RSS_KEY2_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY3_ADDR = 16'h014c;
    localparam int RSS_KEY3_KEY_LSB = 0;
    localparam int RSS_KEY3_KEY_W = 32;
    localparam logic [31:0] RSS_KEY3_RESET = 32'h43a38fb0;
    localparam logic [31:0] RSS_KEY3_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY4_ADDR = 16'h0150;
    localparam int RSS_KEY4_KEY_LSB = 0;
    localparam int RSS_KEY4_KEY_W = 32;
    localparam logic [31:0] RSS_KEY4_RESET = 32'hd0ca2bcb;
    localparam logic [31:0] RSS_KEY4_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY5_ADDR = 16'h0154;
    localparam int RSS_KEY5_KEY_LSB = 0;
    localparam int RSS_KEY5_KEY_W = 32;
    localparam logic [31:0] RSS_KEY5_RESET = 32'hae7b30b4;
    localparam logic [31:0] RSS_KEY5_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY6_ADDR = 16'h0158;
    localparam int RSS_KEY6_KEY_LSB = 0;
    localparam int RSS_KEY6_KEY_W = 32;
    localparam logic [31:0] RSS_KEY6_RESET = 32'h77cb2da3;
    localparam logic [31:0] RSS_KEY6_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY7_ADDR = 16'h015c;
    localparam int RSS_KEY7_KEY_LSB = 0;
    localparam int RSS_KEY7_KEY_W = 32;
    localparam logic [31:0] RSS_KEY7_RESET = 32'h8030f20c;
    localparam logic [31:0] RSS_KEY7_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY8_ADDR = 16'h0160;
    localparam int RSS_KEY8_KEY_LSB = 0;
    localparam int RSS_KEY8_KEY_W = 32;
    localparam logic [31:0] RSS_KEY8_RESET = 32'h6a42b73b;
    localparam logic [31:0] RSS_KEY8_WMASK = 32'hffffffff;
    // Key bytes 4i..4i+3, byte 4i in bits 31:24. Reset value is the Microsoft verification key.
    localparam logic [15:0] RSS_KEY9_ADDR = 16'h0164;
    localparam int RSS_KEY9_KEY_LSB = 0;
    localparam int RSS_KEY9_KEY_W = 32;
    localparam logic [31:0] RSS_KEY9_RESET = 32'hbeac01fa;
    localparam logic [31:0] RSS_KEY9_WMASK = 32'hffffffff;
    // RSS_KEY: 10 registers decoded as one, index i at 0x0140 + 4*i
    localparam int RSS_KEY_COUNT = 10;

    // Entries 4i..4i+3, entry 4i+j in bits 8j+3:8j. Queue = RETA[hash & 127]. A write naming a queue >= CA
    localparam logic [15:0] RETA_ADDR = 16'h0200;
    localparam int RETA_STRIDE = 4;
    localparam int RETA_COUNT = 32;
    localparam int RETA_Q0_LSB = 0;
    localparam int RETA_Q0_W = 4;
    localparam int RETA_Q1_LSB = 8;
    localparam int RETA_Q1_W = 4;
    localparam int RETA_Q2_LSB = 16;
    localparam int RETA_Q2_W = 4;
    localparam int RETA_Q3_LSB = 24;
    localparam int RETA_Q3_W = 4;
    localparam logic [31:0] RETA_RESET = 32'h00000000;
    localparam logic [31:0] RETA_WMASK = 32'h0f0f0f0f;

    // Interval moderation of the vector's TX completions (write-backs of RS descriptors), with the semanti
    localparam logic [15:0] VEC_TXITR_ADDR = 16'h0400;
    localparam int VEC_TXITR_STRIDE = 4;
    localparam int VEC_TXITR_COUNT = 17;
    localparam int VEC_TXITR_USECS_LSB = 0;
    localparam int VEC_TXITR_USECS_W = 16;
    localparam int VEC_TXITR_FRAMES_LSB = 16;
    localparam int VEC_TXITR_FRAMES_W = 16;
    localparam logic [31:0] VEC_TXITR_RESET = 32'h00000000;
    localparam logic [31:0] VEC_TXITR_WMASK = 32'hffffffff;

    // Frames that ended on s_axis_rx (every frame offered to the NIC).
    localparam logic [15:0] STAT_RX_OFFERED_ADDR = 16'h0800;
    localparam int STAT_RX_OFFERED_COUNT_LSB = 0;
    localparam int STAT_RX_OFFERED_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_OFFERED_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_OFFERED_WMASK = 32'h00000000;
    // rx_packets: frames written to a host ring.
    localparam logic [15:0] STAT_RX_PACKETS_ADDR = 16'h0804;
    localparam int STAT_RX_PACKETS_COUNT_LSB = 0;
    localparam int STAT_RX_PACKETS_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_PACKETS_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_PACKETS_WMASK = 32'h00000000;
    // rx_bytes: bytes of those frames.
    localparam logic [15:0] STAT_RX_BYTES_ADDR = 16'h0808;
    localparam int STAT_RX_BYTES_COUNT_LSB = 0;
    localparam int STAT_RX_BYTES_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_BYTES_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_BYTES_WMASK = 32'h00000000;
    // rx_long_length_errors: frames longer than the max frame (drop reason oversize).
    localparam logic [15:0] STAT_RX_OVERSIZE_ADDR = 16'h080c;
    localparam int STAT_RX_OVERSIZE_COUNT_LSB = 0;
    localparam int STAT_RX_OVERSIZE_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_OVERSIZE_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_OVERSIZE_WMASK = 32'h00000000;
    // rx_no_buffer_count: frames dropped for lack of a free descriptor (drop reason no_desc).
    localparam logic [15:0] STAT_RX_NO_DESC_ADDR = 16'h0810;
    localparam int STAT_RX_NO_DESC_COUNT_LSB = 0;
    localparam int STAT_RX_NO_DESC_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_NO_DESC_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_NO_DESC_WMASK = 32'h00000000;
    // rx_missed_errors: frames dropped because the RX FIFO could not take them (drop reason fifo_full).
    localparam logic [15:0] STAT_RX_FIFO_FULL_ADDR = 16'h0814;
    localparam int STAT_RX_FIFO_FULL_COUNT_LSB = 0;
    localparam int STAT_RX_FIFO_FULL_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_FIFO_FULL_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_FIFO_FULL_WMASK = 32'h00000000;
    // rx_crc_errors: frames the MAC flagged bad with tuser (drop reason mac_error).
    localparam logic [15:0] STAT_RX_MAC_ERR_ADDR = 16'h0818;
    localparam int STAT_RX_MAC_ERR_COUNT_LSB = 0;
    localparam int STAT_RX_MAC_ERR_COUNT_W = 32;
    localparam logic [31:0] STAT_RX_MAC_ERR_RESET = 32'h00000000;
    localparam logic [31:0] STAT_RX_MAC_ERR_WMASK = 32'h00000000;
    // DMA transactions answered SLVERR or DECERR.
    localparam logic [15:0] STAT_DMA_ERR_ADDR = 16'h081c;
    localparam int STAT_DMA_ERR_COUNT_LSB = 0;
    localparam int STAT_DMA_ERR_COUNT_W = 32;
    localparam logic [31:0] STAT_DMA_ERR_RESET = 32'h00000000;
    localparam logic [31:0] STAT_DMA_ERR_WMASK = 32'h00000000;
    // Malformed descriptors seen.
    localparam logic [15:0] STAT_DESC_ERR_ADDR = 16'h0820;
    localparam int STAT_DESC_ERR_COUNT_LSB = 0;
    localparam int STAT_DESC_ERR_COUNT_W = 32;
    localparam logic [31:0] STAT_DESC_ERR_RESET = 32'h00000000;
    localparam logic [31:0] STAT_DESC_ERR_WMASK = 32'h00000000;
    // Register writes ignored for an illegal value.
    localparam logic [15:0] STAT_REG_ERR_ADDR = 16'h0824;
    localparam int STAT_REG_ERR_COUNT_LSB = 0;
    localparam int STAT_REG_ERR_COUNT_W = 32;
    localparam logic [31:0] STAT_REG_ERR_RESET = 32'h00000000;
    localparam logic [31:0] STAT_REG_ERR_WMASK = 32'h00000000;
    // MSI-X messages written.
    localparam logic [15:0] STAT_MSIX_SENT_ADDR = 16'h0828;
    localparam int STAT_MSIX_SENT_COUNT_LSB = 0;
    localparam int STAT_MSIX_SENT_COUNT_W = 32;
    localparam logic [31:0] STAT_MSIX_SENT_RESET = 32'h00000000;
    localparam logic [31:0] STAT_MSIX_SENT_WMASK = 32'h00000000;
    // tx_packets: frames sent on m_axis_tx.
    localparam logic [15:0] STAT_TX_PACKETS_ADDR = 16'h082c;
    localparam int STAT_TX_PACKETS_COUNT_LSB = 0;
    localparam int STAT_TX_PACKETS_COUNT_W = 32;
    localparam logic [31:0] STAT_TX_PACKETS_RESET = 32'h00000000;
    localparam logic [31:0] STAT_TX_PACKETS_WMASK = 32'h00000000;
    // tx_bytes: bytes of those frames, before padding to 60.
    localparam logic [15:0] STAT_TX_BYTES_ADDR = 16'h0830;
    localparam int STAT_TX_BYTES_COUNT_LSB = 0;
    localparam int STAT_TX_BYTES_COUNT_W = 32;
    localparam logic [31:0] STAT_TX_BYTES_RESET = 32'h00000000;
    localparam logic [31:0] STAT_TX_BYTES_WMASK = 32'h00000000;
    // tx_errors: frames the device dropped for a bad descriptor or a DMA read error.
    localparam logic [15:0] STAT_TX_ERR_ADDR = 16'h0834;
    localparam int STAT_TX_ERR_COUNT_LSB = 0;
    localparam int STAT_TX_ERR_COUNT_W = 32;
    localparam logic [31:0] STAT_TX_ERR_RESET = 32'h00000000;
    localparam logic [31:0] STAT_TX_ERR_WMASK = 32'h00000000;
    // STAT: 14 registers decoded as one, index i at 0x0800 + 4*i
    localparam int STAT_COUNT = 14;
    localparam int STAT_IDX_RX_OFFERED = 0;
    localparam int STAT_IDX_RX_PACKETS = 1;
    localparam int STAT_IDX_RX_BYTES = 2;
    localparam int STAT_IDX_RX_OVERSIZE = 3;
    localparam int STAT_IDX_RX_NO_DESC = 4;
    localparam int STAT_IDX_RX_FIFO_FULL = 5;
    localparam int STAT_IDX_RX_MAC_ERR = 6;
    localparam int STAT_IDX_DMA_ERR = 7;
    localparam int STAT_IDX_DESC_ERR = 8;
    localparam int STAT_IDX_REG_ERR = 9;
    localparam int STAT_IDX_MSIX_SENT = 10;
    localparam int STAT_IDX_TX_PACKETS = 11;
    localparam int STAT_IDX_TX_BYTES = 12;
    localparam int STAT_IDX_TX_ERR = 13;

    // Register file RXQ: 16 instances
    localparam logic [15:0] RXQ_ADDR = 16'h1000;
    localparam int RXQ_STRIDE = 64;
    localparam int RXQ_COUNT = 16;
    localparam logic [15:0] RXQ_RDBAL_OFF = 16'h0000;
    localparam int RXQ_RDBAL_ADDR_LSB = 0;
    localparam int RXQ_RDBAL_ADDR_W = 32;
    localparam int RXQ_RDBAL_ADDR_ALIGN = 16;
    localparam logic [31:0] RXQ_RDBAL_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_RDBAL_WMASK = 32'hfffffff0;
    localparam logic [15:0] RXQ_RDBAH_OFF = 16'h0004;
    localparam int RXQ_RDBAH_ADDR_LSB = 0;
    localparam int RXQ_RDBAH_ADDR_W = 32;
    localparam logic [31:0] RXQ_RDBAH_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_RDBAH_WMASK = 32'hffffffff;
    localparam logic [15:0] RXQ_RDLEN_OFF = 16'h0008;
    localparam int RXQ_RDLEN_LEN_LSB = 0;
    localparam int RXQ_RDLEN_LEN_W = 14;
    localparam int RXQ_RDLEN_LEN_MIN = 8;
    localparam int RXQ_RDLEN_LEN_MAX = 4096;
    localparam logic [31:0] RXQ_RDLEN_RESET = 32'h00000200;
    localparam logic [31:0] RXQ_RDLEN_WMASK = 32'h00003fff;
    localparam logic [15:0] RXQ_RDH_OFF = 16'h000c;
    localparam int RXQ_RDH_HEAD_LSB = 0;
    localparam int RXQ_RDH_HEAD_W = 13;
    localparam logic [31:0] RXQ_RDH_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_RDH_WMASK = 32'h00000000;
    localparam logic [15:0] RXQ_RDT_OFF = 16'h0010;
    localparam int RXQ_RDT_TAIL_LSB = 0;
    localparam int RXQ_RDT_TAIL_W = 13;
    localparam logic [31:0] RXQ_RDT_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_RDT_WMASK = 32'h00001fff;
    localparam logic [15:0] RXQ_RXCTL_OFF = 16'h0014;
    localparam int RXQ_RXCTL_ENABLE_LSB = 0;
    localparam int RXQ_RXCTL_ENABLE_W = 1;
    localparam int RXQ_RXCTL_BSIZE_LSB = 8;
    localparam int RXQ_RXCTL_BSIZE_W = 5;
    localparam int RXQ_RXCTL_BSIZE_MIN = 1;
    localparam int RXQ_RXCTL_BSIZE_MAX = 16;
    localparam int RXQ_RXCTL_BSIZE_UNIT = 1024;
    localparam int RXQ_RXCTL_HOLD_LSB = 16;
    localparam int RXQ_RXCTL_HOLD_W = 1;
    localparam logic [31:0] RXQ_RXCTL_RESET = 32'h00000200;
    localparam logic [31:0] RXQ_RXCTL_WMASK = 32'h00011f01;
    // fields a write may not change while the queue is enabled or busy
    localparam logic [31:0] RXQ_RXCTL_LOCK_MASK = 32'h00001f00;
    localparam logic [15:0] RXQ_IVAR_OFF = 16'h0018;
    localparam int RXQ_IVAR_VECTOR_LSB = 0;
    localparam int RXQ_IVAR_VECTOR_W = 5;
    localparam logic [31:0] RXQ_IVAR_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_IVAR_WMASK = 32'h0000001f;
    localparam logic [15:0] RXQ_PACKETS_OFF = 16'h0020;
    localparam int RXQ_PACKETS_COUNT_LSB = 0;
    localparam int RXQ_PACKETS_COUNT_W = 32;
    localparam logic [31:0] RXQ_PACKETS_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_PACKETS_WMASK = 32'h00000000;
    localparam logic [15:0] RXQ_BYTES_OFF = 16'h0024;
    localparam int RXQ_BYTES_COUNT_LSB = 0;
    localparam int RXQ_BYTES_COUNT_W = 32;
    localparam logic [31:0] RXQ_BYTES_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_BYTES_WMASK = 32'h00000000;
    localparam logic [15:0] RXQ_NO_DESC_OFF = 16'h0028;
    localparam int RXQ_NO_DESC_COUNT_LSB = 0;
    localparam int RXQ_NO_DESC_COUNT_W = 32;
    localparam logic [31:0] RXQ_NO_DESC_RESET = 32'h00000000;
    localparam logic [31:0] RXQ_NO_DESC_WMASK = 32'h00000000;

    // Register file TXQ: 16 instances
    localparam logic [15:0] TXQ_ADDR = 16'h2000;
    localparam int TXQ_STRIDE = 64;
    localparam int TXQ_COUNT = 16;
    localparam logic [15:0] TXQ_TDBAL_OFF = 16'h0000;
    localparam int TXQ_TDBAL_ADDR_LSB = 0;
    localparam int TXQ_TDBAL_ADDR_W = 32;
    localparam int TXQ_TDBAL_ADDR_ALIGN = 16;
    localparam logic [31:0] TXQ_TDBAL_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_TDBAL_WMASK = 32'hfffffff0;
    localparam logic [15:0] TXQ_TDBAH_OFF = 16'h0004;
    localparam int TXQ_TDBAH_ADDR_LSB = 0;
    localparam int TXQ_TDBAH_ADDR_W = 32;
    localparam logic [31:0] TXQ_TDBAH_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_TDBAH_WMASK = 32'hffffffff;
    localparam logic [15:0] TXQ_TDLEN_OFF = 16'h0008;
    localparam int TXQ_TDLEN_LEN_LSB = 0;
    localparam int TXQ_TDLEN_LEN_W = 14;
    localparam int TXQ_TDLEN_LEN_MIN = 8;
    localparam int TXQ_TDLEN_LEN_MAX = 4096;
    localparam logic [31:0] TXQ_TDLEN_RESET = 32'h00000200;
    localparam logic [31:0] TXQ_TDLEN_WMASK = 32'h00003fff;
    localparam logic [15:0] TXQ_TDH_OFF = 16'h000c;
    localparam int TXQ_TDH_HEAD_LSB = 0;
    localparam int TXQ_TDH_HEAD_W = 13;
    localparam logic [31:0] TXQ_TDH_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_TDH_WMASK = 32'h00000000;
    localparam logic [15:0] TXQ_TDT_OFF = 16'h0010;
    localparam int TXQ_TDT_TAIL_LSB = 0;
    localparam int TXQ_TDT_TAIL_W = 13;
    localparam logic [31:0] TXQ_TDT_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_TDT_WMASK = 32'h00001fff;
    localparam logic [15:0] TXQ_TXCTL_OFF = 16'h0014;
    localparam int TXQ_TXCTL_ENABLE_LSB = 0;
    localparam int TXQ_TXCTL_ENABLE_W = 1;
    localparam logic [31:0] TXQ_TXCTL_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_TXCTL_WMASK = 32'h00000001;
    localparam logic [15:0] TXQ_IVAR_OFF = 16'h0018;
    localparam int TXQ_IVAR_VECTOR_LSB = 0;
    localparam int TXQ_IVAR_VECTOR_W = 5;
    localparam logic [31:0] TXQ_IVAR_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_IVAR_WMASK = 32'h0000001f;
    localparam logic [15:0] TXQ_PACKETS_OFF = 16'h0020;
    localparam int TXQ_PACKETS_COUNT_LSB = 0;
    localparam int TXQ_PACKETS_COUNT_W = 32;
    localparam logic [31:0] TXQ_PACKETS_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_PACKETS_WMASK = 32'h00000000;
    localparam logic [15:0] TXQ_BYTES_OFF = 16'h0024;
    localparam int TXQ_BYTES_COUNT_LSB = 0;
    localparam int TXQ_BYTES_COUNT_W = 32;
    localparam logic [31:0] TXQ_BYTES_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_BYTES_WMASK = 32'h00000000;
    localparam logic [15:0] TXQ_ERRORS_OFF = 16'h0028;
    localparam int TXQ_ERRORS_COUNT_LSB = 0;
    localparam int TXQ_ERRORS_COUNT_W = 32;
    localparam logic [31:0] TXQ_ERRORS_RESET = 32'h00000000;
    localparam logic [31:0] TXQ_ERRORS_WMASK = 32'h00000000;

    // Register file MSIX: 17 instances
    localparam logic [15:0] MSIX_ADDR = 16'h8000;
    localparam int MSIX_STRIDE = 16;
    localparam int MSIX_COUNT = 17;
    localparam logic [15:0] MSIX_ADDR_LO_OFF = 16'h0000;
    localparam int MSIX_ADDR_LO_ADDR_LSB = 0;
    localparam int MSIX_ADDR_LO_ADDR_W = 32;
    localparam int MSIX_ADDR_LO_ADDR_ALIGN = 4;
    localparam logic [31:0] MSIX_ADDR_LO_RESET = 32'h00000000;
    localparam logic [31:0] MSIX_ADDR_LO_WMASK = 32'hfffffffc;
    localparam logic [15:0] MSIX_ADDR_HI_OFF = 16'h0004;
    localparam int MSIX_ADDR_HI_ADDR_LSB = 0;
    localparam int MSIX_ADDR_HI_ADDR_W = 32;
    localparam logic [31:0] MSIX_ADDR_HI_RESET = 32'h00000000;
    localparam logic [31:0] MSIX_ADDR_HI_WMASK = 32'hffffffff;
    localparam logic [15:0] MSIX_DATA_OFF = 16'h0008;
    localparam int MSIX_DATA_DATA_LSB = 0;
    localparam int MSIX_DATA_DATA_W = 32;
    localparam logic [31:0] MSIX_DATA_RESET = 32'h00000000;
    localparam logic [31:0] MSIX_DATA_WMASK = 32'hffffffff;
    localparam logic [15:0] MSIX_VCTRL_OFF = 16'h000c;
    localparam int MSIX_VCTRL_MASK_LSB = 0;
    localparam int MSIX_VCTRL_MASK_W = 1;
    localparam logic [31:0] MSIX_VCTRL_RESET = 32'h00000001;
    localparam logic [31:0] MSIX_VCTRL_WMASK = 32'h00000001;

    // Bit v: vector v has a message waiting because the vector or the function is masked.
    localparam logic [15:0] PBA_ADDR = 16'h9000;
    localparam int PBA_PENDING_LSB = 0;
    localparam int PBA_PENDING_W = 17;
    localparam logic [31:0] PBA_RESET = 32'h00000000;
    localparam logic [31:0] PBA_WMASK = 32'h00000000;

    // ------------------------------------------------ decode
    // Register ids of decode(). Arrays, groups (decode_as) and register files
    // are one id each, with an index. *_HOLE: an offset inside a register-file
    // instance with no register (reads answer DECERR, writes are ignored).
    localparam int RID_W = 6;
    localparam int RIDX_W = 5;
    localparam logic [RID_W-1:0] RID_NONE = 6'd0;
    localparam logic [RID_W-1:0] RID_ID = 6'd1;
    localparam logic [RID_W-1:0] RID_VERSION = 6'd2;
    localparam logic [RID_W-1:0] RID_CAPS = 6'd3;
    localparam logic [RID_W-1:0] RID_CTRL = 6'd4;
    localparam logic [RID_W-1:0] RID_MTU = 6'd5;
    localparam logic [RID_W-1:0] RID_MISC_CAUSE = 6'd6;
    localparam logic [RID_W-1:0] RID_MISC_IMS = 6'd7;
    localparam logic [RID_W-1:0] RID_EICR = 6'd8;
    localparam logic [RID_W-1:0] RID_EICS = 6'd9;
    localparam logic [RID_W-1:0] RID_EIMS = 6'd10;
    localparam logic [RID_W-1:0] RID_EIMC = 6'd11;
    localparam logic [RID_W-1:0] RID_EIAM = 6'd12;
    localparam logic [RID_W-1:0] RID_MSIX_CTRL = 6'd13;
    localparam logic [RID_W-1:0] RID_VEC_ITR = 6'd14;
    localparam logic [RID_W-1:0] RID_RSS_CTRL = 6'd15;
    localparam logic [RID_W-1:0] RID_RSS_KEY = 6'd16;
    localparam logic [RID_W-1:0] RID_RETA = 6'd17;
    localparam logic [RID_W-1:0] RID_VEC_TXITR = 6'd18;
    localparam logic [RID_W-1:0] RID_STAT = 6'd19;
    localparam logic [RID_W-1:0] RID_RXQ_RDBAL = 6'd20;
    localparam logic [RID_W-1:0] RID_RXQ_RDBAH = 6'd21;
    localparam logic [RID_W-1:0] RID_RXQ_RDLEN = 6'd22;
    localparam logic [RID_W-1:0] RID_RXQ_RDH = 6'd23;
    localparam logic [RID_W-1:0] RID_RXQ_RDT = 6'd24;
    localparam logic [RID_W-1:0] RID_RXQ_RXCTL = 6'd25;
    localparam logic [RID_W-1:0] RID_RXQ_IVAR = 6'd26;
    localparam logic [RID_W-1:0] RID_RXQ_PACKETS = 6'd27;
    localparam logic [RID_W-1:0] RID_RXQ_BYTES = 6'd28;
    localparam logic [RID_W-1:0] RID_RXQ_NO_DESC = 6'd29;
    localparam logic [RID_W-1:0] RID_RXQ_HOLE = 6'd30;
    localparam logic [RID_W-1:0] RID_TXQ_TDBAL = 6'd31;
    localparam logic [RID_W-1:0] RID_TXQ_TDBAH = 6'd32;
    localparam logic [RID_W-1:0] RID_TXQ_TDLEN = 6'd33;
    localparam logic [RID_W-1:0] RID_TXQ_TDH = 6'd34;
    localparam logic [RID_W-1:0] RID_TXQ_TDT = 6'd35;
    localparam logic [RID_W-1:0] RID_TXQ_TXCTL = 6'd36;
    localparam logic [RID_W-1:0] RID_TXQ_IVAR = 6'd37;
    localparam logic [RID_W-1:0] RID_TXQ_PACKETS = 6'd38;
    localparam logic [RID_W-1:0] RID_TXQ_BYTES = 6'd39;
    localparam logic [RID_W-1:0] RID_TXQ_ERRORS = 6'd40;
    localparam logic [RID_W-1:0] RID_TXQ_HOLE = 6'd41;
    localparam logic [RID_W-1:0] RID_MSIX_ADDR_LO = 6'd42;
    localparam logic [RID_W-1:0] RID_MSIX_ADDR_HI = 6'd43;
    localparam logic [RID_W-1:0] RID_MSIX_DATA = 6'd44;
    localparam logic [RID_W-1:0] RID_MSIX_VCTRL = 6'd45;
    localparam logic [RID_W-1:0] RID_PBA = 6'd46;

    // {id, index} of the register at byte address a (bits 1:0 clear) in a
    // build whose CAPS register reads caps; id RID_NONE (0): no register (DECERR).
    // The ranges are disjoint: at most one term is not zero.
    function automatic logic [RID_W+RIDX_W-1:0] decode(input logic [15:0] a, input logic [31:0] caps);
        decode = {RID_NONE, RIDX_W'(0)}
            | ({(RID_W+RIDX_W){a == 16'h0000}} & {RID_ID, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0004}} & {RID_VERSION, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0008}} & {RID_CAPS, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h000c}} & {RID_CTRL, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0010}} & {RID_MTU, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0020}} & {RID_MISC_CAUSE, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0024}} & {RID_MISC_IMS, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0040}} & {RID_EICR, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0044}} & {RID_EICS, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0048}} & {RID_EIMS, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h004c}} & {RID_EIMC, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0050}} & {RID_EIAM, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a == 16'h0054}} & {RID_MSIX_CTRL, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a >= 16'h0080 && 32'(a) < 32'h0080 + 32'd4 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17)}} & {RID_VEC_ITR, RIDX_W'((a - 16'h0080) >> 2)})
            | ({(RID_W+RIDX_W){a == 16'h0100}} & {RID_RSS_CTRL, RIDX_W'(0)})
            | ({(RID_W+RIDX_W){a >= 16'h0140 && 32'(a) < 32'h0140 + 32'd4 * 32'd10}} & {RID_RSS_KEY, RIDX_W'((a - 16'h0140) >> 2)})
            | ({(RID_W+RIDX_W){a >= 16'h0200 && 32'(a) < 32'h0200 + 32'd4 * 32'd32}} & {RID_RETA, RIDX_W'((a - 16'h0200) >> 2)})
            | ({(RID_W+RIDX_W){a >= 16'h0400 && 32'(a) < 32'h0400 + 32'd4 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17)}} & {RID_VEC_TXITR, RIDX_W'((a - 16'h0400) >> 2)})
            | ({(RID_W+RIDX_W){a >= 16'h0800 && 32'(a) < 32'h0800 + 32'd4 * 32'd14}} & {RID_STAT, RIDX_W'((a - 16'h0800) >> 2)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0000}} & {RID_RXQ_RDBAL, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0004}} & {RID_RXQ_RDBAH, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0008}} & {RID_RXQ_RDLEN, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h000c}} & {RID_RXQ_RDH, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0010}} & {RID_RXQ_RDT, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0014}} & {RID_RXQ_RXCTL, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0018}} & {RID_RXQ_IVAR, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0020}} & {RID_RXQ_PACKETS, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0024}} & {RID_RXQ_BYTES, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) == 16'h0028}} & {RID_RXQ_NO_DESC, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h1000 && 32'(a) < 32'h1000 + 32'd64 * ((32'(caps[0 +: 8]) < 32'd16) ? 32'(caps[0 +: 8]) : 32'd16) && ((a - 16'h1000) & 16'h003f) != 16'h0000 && ((a - 16'h1000) & 16'h003f) != 16'h0004 && ((a - 16'h1000) & 16'h003f) != 16'h0008 && ((a - 16'h1000) & 16'h003f) != 16'h000c && ((a - 16'h1000) & 16'h003f) != 16'h0010 && ((a - 16'h1000) & 16'h003f) != 16'h0014 && ((a - 16'h1000) & 16'h003f) != 16'h0018 && ((a - 16'h1000) & 16'h003f) != 16'h0020 && ((a - 16'h1000) & 16'h003f) != 16'h0024 && ((a - 16'h1000) & 16'h003f) != 16'h0028}} & {RID_RXQ_HOLE, RIDX_W'((a - 16'h1000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0000}} & {RID_TXQ_TDBAL, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0004}} & {RID_TXQ_TDBAH, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0008}} & {RID_TXQ_TDLEN, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h000c}} & {RID_TXQ_TDH, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0010}} & {RID_TXQ_TDT, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0014}} & {RID_TXQ_TXCTL, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0018}} & {RID_TXQ_IVAR, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0020}} & {RID_TXQ_PACKETS, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0024}} & {RID_TXQ_BYTES, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) == 16'h0028}} & {RID_TXQ_ERRORS, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h2000 && 32'(a) < 32'h2000 + 32'd64 * ((32'(caps[8 +: 8]) < 32'd16) ? 32'(caps[8 +: 8]) : 32'd16) && ((a - 16'h2000) & 16'h003f) != 16'h0000 && ((a - 16'h2000) & 16'h003f) != 16'h0004 && ((a - 16'h2000) & 16'h003f) != 16'h0008 && ((a - 16'h2000) & 16'h003f) != 16'h000c && ((a - 16'h2000) & 16'h003f) != 16'h0010 && ((a - 16'h2000) & 16'h003f) != 16'h0014 && ((a - 16'h2000) & 16'h003f) != 16'h0018 && ((a - 16'h2000) & 16'h003f) != 16'h0020 && ((a - 16'h2000) & 16'h003f) != 16'h0024 && ((a - 16'h2000) & 16'h003f) != 16'h0028}} & {RID_TXQ_HOLE, RIDX_W'((a - 16'h2000) >> 6)})
            | ({(RID_W+RIDX_W){a >= 16'h8000 && 32'(a) < 32'h8000 + 32'd16 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17) && ((a - 16'h8000) & 16'h000f) == 16'h0000}} & {RID_MSIX_ADDR_LO, RIDX_W'((a - 16'h8000) >> 4)})
            | ({(RID_W+RIDX_W){a >= 16'h8000 && 32'(a) < 32'h8000 + 32'd16 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17) && ((a - 16'h8000) & 16'h000f) == 16'h0004}} & {RID_MSIX_ADDR_HI, RIDX_W'((a - 16'h8000) >> 4)})
            | ({(RID_W+RIDX_W){a >= 16'h8000 && 32'(a) < 32'h8000 + 32'd16 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17) && ((a - 16'h8000) & 16'h000f) == 16'h0008}} & {RID_MSIX_DATA, RIDX_W'((a - 16'h8000) >> 4)})
            | ({(RID_W+RIDX_W){a >= 16'h8000 && 32'(a) < 32'h8000 + 32'd16 * ((32'(caps[16 +: 8]) < 32'd17) ? 32'(caps[16 +: 8]) : 32'd17) && ((a - 16'h8000) & 16'h000f) != 16'h0000 && ((a - 16'h8000) & 16'h000f) != 16'h0004 && ((a - 16'h8000) & 16'h000f) != 16'h0008}} & {RID_MSIX_VCTRL, RIDX_W'((a - 16'h8000) >> 4)})
            | ({(RID_W+RIDX_W){a == 16'h9000}} & {RID_PBA, RIDX_W'(0)});
    endfunction

    // ------------------------------------------------ lock while enabled (lock_when)
    // RXQ: writes refused while RXCTL.ENABLE is set or the queue has DMA in flight
    function automatic logic RXQ_locked(input logic [RID_W-1:0] id);
        RXQ_locked = (id == RID_RXQ_RDBAL) || (id == RID_RXQ_RDBAH) || (id == RID_RXQ_RDLEN);
    endfunction
    // TXQ: writes refused while TXCTL.ENABLE is set or the queue has DMA in flight
    function automatic logic TXQ_locked(input logic [RID_W-1:0] id);
        TXQ_locked = (id == RID_TXQ_TDBAL) || (id == RID_TXQ_TDBAH) || (id == RID_TXQ_TDLEN);
    endfunction

    // ------------------------------------------------ legal values (legal_*)
    // MTU: `MTU`: 68..16356 (checked at the write)
    function automatic logic MTU_legal(input logic [31:0] v);
        MTU_legal = (v[0 +: 14] >= 14'd68)
            && (v[0 +: 14] <= 14'd16356);
    endfunction
    // RETA: `Q0`: < CAPS.RXQ; `Q1`: < CAPS.RXQ; `Q2`: < CAPS.RXQ; `Q3`: < CAPS.RXQ (checked at the write)
    function automatic logic RETA_legal(input logic [31:0] v, input logic [31:0] caps);
        RETA_legal = (32'(v[0 +: 4]) < 32'(caps[0 +: 8]))
            && (32'(v[8 +: 4]) < 32'(caps[0 +: 8]))
            && (32'(v[16 +: 4]) < 32'(caps[0 +: 8]))
            && (32'(v[24 +: 4]) < 32'(caps[0 +: 8]));
    endfunction
    // RXQ_RDLEN: `LEN`: a power of two, 8..4096, checked when RXCTL.ENABLE is set (checked when RXCTL.ENABLE is set)
    function automatic logic RXQ_RDLEN_legal(input logic [31:0] v);
        RXQ_RDLEN_legal = (v[0 +: 14] >= 14'd8)
            && (v[0 +: 14] <= 14'd4096)
            && ((v[0 +: 14] & (v[0 +: 14] - 14'd1)) == '0);
    endfunction
    // RXQ_RDT: `TAIL`: < RDLEN.LEN (itself legal) (checked at the write)
    function automatic logic RXQ_RDT_legal(input logic [31:0] v, input logic [31:0] rdlen);
        RXQ_RDT_legal = RXQ_RDLEN_legal(rdlen)
            && (32'(v[0 +: 13]) < 32'(rdlen[0 +: 14]));
    endfunction
    // RXQ_RXCTL: `BSIZE`: 1..16, unit 1024 B, changes refused while RXCTL.ENABLE or DMA in flight (checked at the write)
    function automatic logic RXQ_RXCTL_legal(input logic [31:0] v);
        RXQ_RXCTL_legal = (v[8 +: 5] >= 5'd1)
            && (v[8 +: 5] <= 5'd16);
    endfunction
    // RXQ_IVAR: `VECTOR`: < CAPS.VECTORS (checked at the write)
    function automatic logic RXQ_IVAR_legal(input logic [31:0] v, input logic [31:0] caps);
        RXQ_IVAR_legal = (32'(v[0 +: 5]) < 32'(caps[16 +: 8]));
    endfunction
    // TXQ_TDLEN: `LEN`: a power of two, 8..4096, checked when TXCTL.ENABLE is set (checked when TXCTL.ENABLE is set)
    function automatic logic TXQ_TDLEN_legal(input logic [31:0] v);
        TXQ_TDLEN_legal = (v[0 +: 14] >= 14'd8)
            && (v[0 +: 14] <= 14'd4096)
            && ((v[0 +: 14] & (v[0 +: 14] - 14'd1)) == '0);
    endfunction
    // TXQ_TDT: `TAIL`: < TDLEN.LEN (itself legal) (checked at the write)
    function automatic logic TXQ_TDT_legal(input logic [31:0] v, input logic [31:0] tdlen);
        TXQ_TDT_legal = TXQ_TDLEN_legal(tdlen)
            && (32'(v[0 +: 13]) < 32'(tdlen[0 +: 14]));
    endfunction
    // TXQ_IVAR: `VECTOR`: < CAPS.VECTORS (checked at the write)
    function automatic logic TXQ_IVAR_legal(input logic [31:0] v, input logic [31:0] caps);
        TXQ_IVAR_legal = (32'(v[0 +: 5]) < 32'(caps[16 +: 8]));
    endfunction

endpackage

`default_nettype wire
