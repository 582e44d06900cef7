//! MAC RX ingress: frames from `s_axis_rx` into the RX FIFO, with the
//! drop decisions of the wire side (oversize, fifo_full, mac_error, RX
//! disabled), header capture, parse and Toeplitz hash.
//!
//! The wire cannot be paused, so every beat is taken. A frame is written
//! into the FIFO as it arrives; a frame that turns out to be dropped is
//! rewound (the write pointer only advances on an accepted tlast).
//!
//! An accepted frame reaches the frame FIFO (the DMA stage) four edges
//! after its tlast: stage 0 ([`Ingress::p0`], the parse result; the RTL
//! parses as the beats arrive), then at the next edge the type is selected
//! with RSS_CTRL and the tuple hashed with the RSS key, both as the
//! registers stand before that edge, and the frame spends [`HASH_STAGES`]
//! edges in [`Ingress::pipe`] (the RTL's Toeplitz engine sums 12 bytes of
//! the tuple per cycle).

use crate::config::NicConfig;
use crate::csr::Csr;
use crate::wires::{IngEv, Meta};
use nicsim_hw::parse::{parse, Parsed, PARSE_WINDOW};
use nicsim_hw::ports::{rx_in, Inputs};
use nicsim_hw::rss::{select_hash_type, HashType, Toeplitz};
use std::collections::VecDeque;

/// Stages between the type selection and the frame FIFO (the RTL's
/// Toeplitz engine: 36 tuple bytes, 12 per cycle).
pub const HASH_STAGES: usize = 3;

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
    /// Stage 0: the frame accepted at the last edge and its parse result
    /// (its `hash` and `htype` are filled in when it leaves).
    pub p0: Option<(Meta, Parsed)>,
    /// Stages 1..=HASH_STAGES: type selected and hash known.
    pub pipe: [Option<Meta>; HASH_STAGES],
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
            p0: None,
            pipe: [None; HASH_STAGES],
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
        self.meta.len() + usize::from(self.p0.is_some()) + self.pipe.iter().filter(|m| m.is_some()).count()
    }

    pub fn quiescent(&self) -> bool {
        !self.in_frame
            && self.meta.is_empty()
            && self.p0.is_none()
            && self.pipe.iter().all(Option::is_none)
            && !self.stat_valid
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
        // Hash pipeline: the last stage -> FIFO, each stage -> the next
        // (mostly empty: then nothing to move).
        if self.p0.is_some() || self.pipe.iter().any(Option::is_some) {
            if let Some(m) = self.pipe[HASH_STAGES - 1].take() {
                self.meta.push_back(m);
            }
            for k in (1..HASH_STAGES).rev() {
                self.pipe[k] = self.pipe[k - 1].take();
            }
            // Stage 0 -> 1: RSS_CTRL and the key as they stand before this edge.
            self.pipe[0] = self.p0.take().map(|(mut m, p)| {
                let ty = select_hash_type(p.hash_type, csr.rss_ctrl as u8);
                m.htype = ty.code();
                // The selected type is the parsed one or its 2-tuple, whose
                // input is a prefix of the parsed tuple.
                m.hash = if ty == HashType::None { 0 } else { hasher.hash(&p.tuple[..ty.tuple_len()]) };
                m
            });
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
            let words = self.cur_words;
            let m = Meta { start: self.wr_ptr, len: self.cur_len, words, hash: 0, htype: 0 };
            self.p0 = Some((m, parse(&self.hdr[..n])));
            self.wr_ptr = (self.wr_ptr + words) & (cap - 1);
            return Some(words);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nicsim_hw::rss::{toeplitz, DEFAULT_KEY};

    /// Untagged IPv4/TCP, 64 bytes.
    fn ipv4_tcp() -> Vec<u8> {
        let mut f = vec![0u8; 64];
        f[12..14].copy_from_slice(&[0x08, 0x00]);
        f[14] = 0x45;
        f[23] = 6;
        f[26..34].copy_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        f[34..38].copy_from_slice(&[0x12, 0x34, 0x56, 0x78]);
        f
    }

    fn beat(f: &[u8], k: usize) -> Inputs {
        let mut w = [0u8; 8];
        let n = (f.len() - 8 * k).min(8);
        w[..n].copy_from_slice(&f[8 * k..8 * k + n]);
        Inputs {
            s_axis_rx_tvalid: true,
            s_axis_rx_tdata: u64::from_le_bytes(w),
            s_axis_rx_tkeep: ((1u16 << n) - 1) as u8,
            s_axis_rx_tlast: 8 * k + n == f.len(),
            ..Default::default()
        }
    }

    /// The frame reaches the frame FIFO 1 + HASH_STAGES edges after its last
    /// beat; RSS_CTRL and the key are the ones standing before the edge after
    /// the last beat, not those at the last beat or later.
    #[test]
    fn hash_uses_the_registers_one_edge_after_the_last_beat() {
        let cfg = NicConfig::default();
        let mut csr = Csr::new(&cfg);
        csr.rx_en = true;
        csr.rss_ctrl = 0x7f;
        let mut ing = Ingress::new(&cfg);
        let key_b = [0x5au8; 40];
        let (ta, tb) = (Toeplitz::new(&DEFAULT_KEY), Toeplitz::new(&key_b));
        let f = ipv4_tcp();
        let idle = Inputs::default();
        // Last beat with key A and the 4-tuple type off: neither is used.
        csr.rss_ctrl = 0x7f & !(1 << 2);
        for k in 0..8 {
            ing.edge(&cfg, &beat(&f, k), &csr, false, 0, &ta, &mut IngEv::default());
        }
        assert!(ing.p0.is_some() && ing.meta_len() == 1);
        // The next edge: key B, 4-tuple on.
        csr.rss_ctrl = 0x7f;
        ing.edge(&cfg, &idle, &csr, false, 8, &tb, &mut IngEv::default());
        // Later edges: key A again, RSS off; no effect.
        csr.rss_ctrl = 0;
        for e in 2..=1 + HASH_STAGES {
            assert!(ing.meta.is_empty(), "edge {e}");
            ing.edge(&cfg, &idle, &csr, false, 8, &ta, &mut IngEv::default());
        }
        let m = ing.meta.pop_front().expect("in the frame FIFO 4 edges after the last beat");
        assert_eq!(m.htype, HashType::Ipv4Tcp.code());
        let tuple = [10, 0, 0, 1, 10, 0, 0, 2, 0x12, 0x34, 0x56, 0x78];
        assert_eq!(m.hash, toeplitz(&key_b, &tuple));
        assert_ne!(m.hash, toeplitz(&DEFAULT_KEY, &tuple));
        assert_eq!((m.start, m.len, m.words), (0, 64, 8));
        assert!(ing.quiescent());
    }
}
