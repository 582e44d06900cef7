//! The MAC RX side: plays a list of frames onto `s_axis_rx_*`.
//!
//! Each frame is ceil(len/8) beats, byte 0 in tdata[7:0], `tkeep` all ones
//! except on the last beat, `tlast` on the last beat, `tuser` on the last beat
//! iff the frame is marked bad. tvalid stays high for the whole frame (the
//! wire cannot be paused; there is no tready).
//!
//! A frame starts at `max(start_cycle, cycle after the previous frame's last
//! beat)`. No idle cycle is forced between frames: when the timestamps demand
//! it frames go out back to back, which is the worst case a MAC that strips
//! preamble/IFG could present on this 64-bit, 250 MHz stream.

use std::collections::VecDeque;

use nicsim_hw::ports::Inputs;

/// Frames shorter than this are zero-padded (Ethernet minimum without FCS).
pub const MIN_FRAME_LEN: usize = 60;

/// A frame to send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MacFrame {
    /// Earliest cycle of its first beat.
    pub start_cycle: u64,
    pub bytes: Vec<u8>,
    /// Signal an FCS error (tuser on the last beat).
    pub bad: bool,
}

/// What happened to one sent frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameRecord {
    /// Cycle of the first beat.
    pub start: u64,
    /// Cycle of the last beat (tlast).
    pub end: u64,
    /// Length on the wire, after padding.
    pub len: u32,
    /// Length as given.
    pub orig_len: u32,
    pub bad: bool,
}

struct Pending {
    start_cycle: u64,
    bytes: Vec<u8>,
    orig_len: u32,
    bad: bool,
}

impl Pending {
    fn new(f: MacFrame) -> Self {
        let MacFrame { start_cycle, mut bytes, bad } = f;
        let orig_len = bytes.len() as u32;
        if bytes.len() < MIN_FRAME_LEN {
            bytes.resize(MIN_FRAME_LEN, 0);
        }
        Pending { start_cycle, bytes, orig_len, bad }
    }
}

#[derive(Default)]
pub struct MacSource {
    now: u64,
    /// The frame being sent or next to send, taken off `queue`.
    cur: Option<Pending>,
    /// Cycle `cur` starts (u64::MAX when there is none), so `drive` is one compare when idle.
    cur_start: u64,
    /// Bytes of `cur` already sent.
    offset: usize,
    /// Cycle of `cur`'s first beat.
    cur_began: u64,
    /// First cycle after the last frame's last beat.
    next_free: u64,
    queue: VecDeque<Pending>,
    records: Vec<FrameRecord>,
}

impl MacSource {
    pub fn new() -> Self {
        MacSource { cur_start: u64::MAX, ..Default::default() }
    }

    /// Frames in sending order. The byte vectors are moved, not copied
    /// (runts grow in place to 60 bytes).
    pub fn from_frames(frames: Vec<MacFrame>) -> Self {
        let mut s = Self::new();
        s.queue = frames.into_iter().map(Pending::new).collect();
        s.load_next();
        s
    }

    /// Good frames with their start cycles.
    pub fn from_timed(frames: Vec<(u64, Vec<u8>)>) -> Self {
        let mut s = Self::new();
        s.queue = frames
            .into_iter()
            .map(|(start_cycle, bytes)| Pending::new(MacFrame { start_cycle, bytes, bad: false }))
            .collect();
        s.load_next();
        s
    }

    /// Good frames, all due at cycle 0: they go out back to back.
    pub fn back_to_back(frames: Vec<Vec<u8>>) -> Self {
        Self::from_timed(frames.into_iter().map(|b| (0, b)).collect())
    }

    /// Appends a frame (e.g. streaming from a capture file).
    pub fn push(&mut self, frame: MacFrame) {
        self.queue.push_back(Pending::new(frame));
        if self.cur.is_none() {
            self.load_next();
        }
    }

    fn load_next(&mut self) {
        self.offset = 0;
        self.cur = self.queue.pop_front();
        self.cur_start = match &self.cur {
            Some(f) => f.start_cycle.max(self.next_free),
            None => u64::MAX,
        };
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    /// Cycle (>= now) of the next beat: now while a frame is in progress,
    /// else the next frame's start. `None` when everything is sent.
    pub fn next_start_cycle(&self) -> Option<u64> {
        self.cur.as_ref().map(|_| self.cur_start.max(self.now))
    }

    pub fn done(&self) -> bool {
        self.cur.is_none()
    }

    /// Frames whose last beat has gone out.
    pub fn frames_sent(&self) -> usize {
        self.records.len()
    }

    /// Frames not yet completely sent.
    pub fn frames_pending(&self) -> usize {
        self.queue.len() + self.cur.is_some() as usize
    }

    /// One record per sent frame, in order.
    pub fn records(&self) -> &[FrameRecord] {
        &self.records
    }

    /// Advances the clock by `n` idle cycles; must not jump over `next_start_cycle()`.
    pub fn skip(&mut self, n: u64) {
        debug_assert!(self.next_start_cycle().is_none_or(|s| s >= self.now + n), "MacSource::skip over a frame");
        self.now += n;
    }

    #[inline]
    fn sending(&self) -> bool {
        self.now >= self.cur_start
    }

    /// Sets this cycle's stream outputs from state only.
    #[inline]
    pub fn drive(&self, ins: &mut Inputs) {
        if !self.sending() {
            return;
        }
        let f = self.cur.as_ref().unwrap();
        let rest = &f.bytes[self.offset..];
        ins.s_axis_rx_tvalid = true;
        if rest.len() > 8 {
            ins.s_axis_rx_tdata = u64::from_le_bytes(rest[..8].try_into().unwrap());
            ins.s_axis_rx_tkeep = 0xFF;
        } else {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            ins.s_axis_rx_tdata = u64::from_le_bytes(b);
            ins.s_axis_rx_tkeep = (0xFFu16 >> (8 - rest.len())) as u8;
            ins.s_axis_rx_tlast = true;
            ins.s_axis_rx_tuser = f.bad;
        }
    }

    /// Advances to the next cycle. The beat sent this cycle follows from our
    /// own state (there is no tready), `ins` is only cross-checked.
    #[inline]
    pub fn edge(&mut self, ins: &Inputs) {
        debug_assert_eq!(ins.s_axis_rx_tvalid, self.sending());
        if self.sending() {
            self.beat_sent();
        }
        self.now += 1;
    }

    fn beat_sent(&mut self) {
        if self.offset == 0 {
            self.cur_began = self.now;
        }
        self.offset += 8;
        let f = self.cur.as_ref().unwrap();
        if self.offset >= f.bytes.len() {
            self.records.push(FrameRecord {
                start: self.cur_began,
                end: self.now,
                len: f.bytes.len() as u32,
                orig_len: f.orig_len,
                bad: f.bad,
            });
            self.next_free = self.now + 1;
            // Drops the sent frame's bytes: memory stays bounded by what is queued.
            self.load_next();
        }
    }
}
