//! MAC RX ingress: frames from `s_axis_rx` into the RX FIFO, with the
//! drop decisions of the wire side (oversize, fifo_full, mac_error, RX
//! disabled), header capture, parse and Toeplitz hash.
//!
//! The wire cannot be paused, so every beat is taken. A frame is written
//! into the FIFO as it arrives; a frame that turns out to be dropped is
//! rewound (the write pointer only advances on an accepted tlast).
//! The hash result reaches the DMA stage through a two-stage pipeline,
//! which gives the RTL two cycles after tlast to finish the Toeplitz sum.

use crate::config::NicConfig;
use crate::csr::Csr;
use crate::wires::{IngEv, Meta};
use nicsim_hw::parse::PARSE_WINDOW;
use nicsim_hw::ports::{rx_in, Inputs};
use nicsim_hw::rss::{hash_frame, Toeplitz};
use std::collections::VecDeque;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingress {
    /// The FIFO RAM, 8 bytes per word (a BRAM in the RTL).
    pub fifo: Vec<u64>,
    /// Where the next frame starts.
    pub wr_ptr: u32,
    pub in_frame: bool,
    /// Beats of a frame that began before a soft reset are discarded.
    pub discard: bool,
    pub drop_code: u8,
    pub cur_len: u32,
    pub cur_words: u32,
    pub hdr: [u8; PARSE_WINDOW],
    pub pipe: [Option<Meta>; 2],
    pub meta: VecDeque<Meta>,
    pub stat_valid: bool,
    pub stat_code: u8,
}

fn is_tag(hi: u8, lo: u8) -> bool {
    matches!(u16::from_be_bytes([hi, lo]), 0x8100 | 0x88A8)
}

impl Ingress {
    pub fn new(cfg: &NicConfig) -> Self {
        Ingress {
            fifo: vec![0; cfg.fifo_words],
            wr_ptr: 0,
            in_frame: false,
            discard: false,
            drop_code: 0,
            cur_len: 0,
            cur_words: 0,
            hdr: [0; PARSE_WINDOW],
            pipe: [None, None],
            meta: VecDeque::with_capacity(cfg.meta_depth),
            stat_valid: false,
            stat_code: 0,
        }
    }

    /// After a soft reset: if a frame was on the wire, eat the rest of it.
    pub fn discard_rest(&mut self, in_frame: bool) {
        self.in_frame = in_frame;
        self.discard = in_frame;
        self.drop_code = rx_in::NO_DESC;
    }

    pub fn meta_len(&self) -> usize {
        self.meta.len() + self.pipe.iter().filter(|m| m.is_some()).count()
    }

    pub fn quiescent(&self) -> bool {
        !self.in_frame && self.meta.is_empty() && self.pipe[0].is_none() && self.pipe[1].is_none() && !self.stat_valid
    }

    /// VLAN tags (0..2) seen in the first `len` bytes, as the parser counts them.
    fn vlan_tags(&self, len: u32) -> u32 {
        if len >= 14 && is_tag(self.hdr[12], self.hdr[13]) {
            if len >= 18 && is_tag(self.hdr[16], self.hdr[17]) {
                2
            } else {
                1
            }
        } else {
            0
        }
    }

    /// The frame at the head of the FIFO (`meta_valid`, `meta_*`), for the DMA.
    #[inline]
    pub fn meta_head(&self) -> Option<Meta> {
        self.meta.front().copied()
    }

    /// One edge. `meta_pop`: the DMA took the head frame in this edge;
    /// `fifo_used_pre`: FIFO words in use before the edge (the DMA's count);
    /// `csr`: the configuration before the edge. Returns the FIFO words of a
    /// frame accepted at this edge, and the edge's event (`ev_valid`, `ev_code`).
    #[allow(clippy::too_many_arguments)]
    pub fn edge(
        &mut self,
        cfg: &NicConfig,
        i: &Inputs,
        csr: &Csr,
        meta_pop: bool,
        fifo_used_pre: u32,
        hasher: &Toeplitz,
        ev: &mut IngEv,
    ) -> Option<u32> {
        let meta_len_pre = self.meta_len();
        if meta_pop {
            self.meta.pop_front();
        }
        self.stat_valid = false;
        // Hash pipeline: stage 2 -> FIFO, stage 1 -> stage 2.
        // (mostly empty: then nothing to move)
        if self.pipe[0].is_some() || self.pipe[1].is_some() {
            if let Some(m) = self.pipe[1].take() {
                self.meta.push_back(m);
            }
            self.pipe[1] = self.pipe[0].take();
        }
        if !i.s_axis_rx_tvalid {
            return None;
        }
        let cap = cfg.fifo_words as u32;
        if !self.in_frame {
            self.in_frame = true;
            self.discard = false;
            self.cur_len = 0;
            self.cur_words = 0;
            self.drop_code = if !csr.rx_en || csr.rst_pending { rx_in::NO_DESC } else { rx_in::ACCEPTED };
        }
        let nbytes = if i.s_axis_rx_tlast { (i.s_axis_rx_tkeep.count_ones()).max(1) } else { 8 };
        let len_next = self.cur_len + nbytes;
        if self.drop_code == rx_in::ACCEPTED {
            // Header capture for the parser (first PARSE_WINDOW bytes).
            let p = self.cur_len as usize;
            if p < PARSE_WINDOW {
                let n = (nbytes as usize).min(PARSE_WINDOW - p);
                self.hdr[p..p + n].copy_from_slice(&i.s_axis_rx_tdata.to_le_bytes()[..n]);
            }
            if len_next > csr.mtu + 14 && len_next > csr.mtu + 14 + 4 * self.vlan_tags(len_next) {
                self.drop_code = rx_in::OVERSIZE;
            } else if fifo_used_pre + self.cur_words + 1 > cap {
                self.drop_code = rx_in::FIFO_FULL;
            } else {
                let keep = if nbytes >= 8 { u64::MAX } else { (1u64 << (8 * nbytes)) - 1 };
                let w = (self.wr_ptr + self.cur_words) & (cap - 1);
                self.fifo[w as usize] = i.s_axis_rx_tdata & keep;
                self.cur_words += 1;
            }
        }
        self.cur_len = len_next;
        if !i.s_axis_rx_tlast {
            return None;
        }
        // End of frame.
        self.in_frame = false;
        if self.drop_code == rx_in::ACCEPTED {
            if i.s_axis_rx_tuser {
                self.drop_code = rx_in::MAC_ERROR;
            } else if meta_len_pre >= cfg.meta_depth {
                self.drop_code = rx_in::FIFO_FULL;
            }
        }
        // RX_OFFERED and the drop reason's counter (the CSR block counts them).
        *ev = IngEv { valid: true, code: self.drop_code };
        self.stat_valid = true;
        self.stat_code = self.drop_code;
        if self.drop_code == rx_in::ACCEPTED {
            let n = (self.cur_len as usize).min(PARSE_WINDOW);
            let (ht, hash) = hash_frame(hasher, csr.rss_ctrl as u8, &self.hdr[..n]);
            let words = self.cur_words;
            self.pipe[0] = Some(Meta { start: self.wr_ptr, len: self.cur_len, words, hash, htype: ht.code() });
            self.wr_ptr = (self.wr_ptr + words) & (cap - 1);
            return Some(words);
        }
        None
    }
}
