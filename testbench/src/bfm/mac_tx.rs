//! The MAC TX side: takes frames off `m_axis_tx_*`, with `tready` driven by
//! a stall pattern.
//!
//! A beat moves in a cycle where `tvalid && tready`. Its bytes are the low
//! `popcount(tkeep)` bytes of `tdata`; `tkeep` must be all ones except on
//! the `tlast` beat, where it must be a run of ones from bit 0. `tuser` must
//! stay 0. Anything else counts a protocol error (the frame is kept).
//!
//! `tready` is a pure function of the cycle number (see [`TxStall`]), so
//! skipping idle cycles never changes what a run sees.

use std::str::FromStr;

use nicsim_hw::ports::{Inputs, Outputs};

/// How `m_axis_tx_tready` behaves. Text form (`--tx-stall`):
///
/// | text | tready |
/// |---|---|
/// | `none` | always 1 |
/// | `random:P` | 0 with probability P percent each cycle (0..=100; 100 never takes a beat), from the seed |
/// | `on:N,off:M` | periodic: 1 for N cycles, then 0 for M cycles (N >= 1) |
/// | `stuck:T` | the MAC stops taking beats T after the start of traffic, for good |
/// | `stuck:T,for:D` | ... and takes them again D later (times as `10ms`, `500us`) |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TxStall {
    #[default]
    None,
    Random {
        pct: u8,
    },
    Periodic {
        on: u32,
        off: u32,
    },
    /// tready 0 from `from` ns after the sink's origin (the start of
    /// traffic), until `until` ns after it (None: for good).
    Stuck {
        from: u64,
        until: Option<u64>,
    },
}

impl FromStr for TxStall {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let hint = "use none, random:P (stall percent 0-100), on:N,off:M (ready N cycles, stalled M), \
                    stuck:T (stuck for good from T after the traffic starts) or stuck:T,for:D (stuck for D)";
        let t = s.trim().to_ascii_lowercase();
        if t == "none" {
            return Ok(TxStall::None);
        }
        if let Some(p) = t.strip_prefix("random:") {
            let pct: u8 =
                p.trim().trim_end_matches('%').parse().map_err(|_| format!("bad stall percent '{p}': {hint}"))?;
            if pct > 100 {
                return Err(format!("stall percent {pct} is out of range: {hint}"));
            }
            return Ok(TxStall::Random { pct });
        }
        if let Some(rest) = t.strip_prefix("on:") {
            let (on, off) = rest.split_once(",off:").ok_or_else(|| format!("bad stall pattern '{s}': {hint}"))?;
            let on: u32 = on.trim().parse().map_err(|_| format!("bad on count '{on}': {hint}"))?;
            let off: u32 = off.trim().parse().map_err(|_| format!("bad off count '{off}': {hint}"))?;
            if on == 0 {
                return Err(format!("on:0 would never accept a beat: {hint}"));
            }
            return Ok(TxStall::Periodic { on, off });
        }
        if let Some(rest) = t.strip_prefix("stuck:") {
            let (at, dur) = match rest.split_once(",for:") {
                Some((a, d)) => (a, Some(d)),
                None => (rest, None),
            };
            let ns =
                |x: &str| crate::faults::parse_time_ns(x).map_err(|e| format!("bad stuck pattern '{s}': {e}; {hint}"));
            let from = ns(at)?;
            let until = dur.map(|d| ns(d).map(|c| from.saturating_add(c))).transpose()?;
            return Ok(TxStall::Stuck { from, until });
        }
        Err(format!("unknown stall pattern '{s}': {hint}"))
    }
}

impl std::fmt::Display for TxStall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TxStall::None => f.write_str("none"),
            TxStall::Random { pct } => write!(f, "random:{pct}"),
            TxStall::Periodic { on, off } => write!(f, "on:{on},off:{off}"),
            TxStall::Stuck { from, until: None } => write!(f, "stuck:{from}ns"),
            TxStall::Stuck { from, until: Some(u) } => write!(f, "stuck:{from}ns,for:{}ns", u - from),
        }
    }
}

/// One frame taken off the TX stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SinkFrame {
    /// Cycle of the first and the last beat.
    pub start: u64,
    pub end: u64,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct MacSink {
    now: u64,
    stall: TxStall,
    /// A `Stuck` pattern in cycles: from, until (None: for good). Set by
    /// [`MacSink::set_origin`]; until then the MAC is never stuck.
    stuck: Option<(u64, Option<u64>)>,
    seed: u64,
    cur: Vec<u8>,
    cur_start: u64,
    in_frame: bool,
    done: Vec<SinkFrame>,
    pub beats: u64,
    pub stalled_beats: u64,
    pub protocol_errors: u64,
}

impl MacSink {
    pub fn new(stall: TxStall, seed: u64) -> Self {
        MacSink { stall, seed: seed ^ 0x7a5e_ed5e_ed00_0001, ..Default::default() }
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn stall(&self) -> TxStall {
        self.stall
    }

    /// From cycle `c` on, tready is never 1 again.
    pub fn stuck_for_good(&self, c: u64) -> bool {
        match (self.stall, self.stuck) {
            (TxStall::Random { pct }, _) => pct >= 100,
            (_, Some((from, None))) => c >= from,
            _ => false,
        }
    }

    /// A `Stuck` pattern's times count from `cycle` (the start of traffic),
    /// in cycles of `clock`.
    pub fn set_origin(&mut self, cycle: u64, clock: crate::bfm::Clock) {
        if let TxStall::Stuck { from, until } = self.stall {
            let at = |ns: u64| cycle.saturating_add(clock.ns_to_cycles_ceil(ns));
            self.stuck = Some((at(from), until.map(at)));
        }
    }

    /// tready in cycle `c`.
    #[inline]
    pub fn ready_at(&self, c: u64) -> bool {
        match self.stall {
            TxStall::None => true,
            TxStall::Random { pct } => {
                // splitmix64 of (seed, cycle): a pure function of the cycle.
                let mut z = self.seed.wrapping_add(c.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                z % 100 >= pct as u64
            }
            TxStall::Periodic { on, off } => c % (on as u64 + off as u64) < on as u64,
            TxStall::Stuck { .. } => match self.stuck {
                Some((from, until)) => c < from || until.is_some_and(|u| c >= u),
                None => true,
            },
        }
    }

    #[inline]
    pub fn drive(&self, ins: &mut Inputs) {
        ins.m_axis_tx_tready = self.ready_at(self.now);
    }

    /// Observe this cycle's beat (if any) and advance.
    #[inline]
    pub fn edge(&mut self, outs: &Outputs, ins: &Inputs) {
        if outs.m_axis_tx_tvalid {
            if ins.m_axis_tx_tready {
                self.beat(outs);
            } else {
                self.stalled_beats += 1;
            }
        }
        self.now += 1;
    }

    fn beat(&mut self, o: &Outputs) {
        self.beats += 1;
        if !self.in_frame {
            self.in_frame = true;
            self.cur_start = self.now;
        }
        let keep = o.m_axis_tx_tkeep;
        let n = keep.count_ones() as usize;
        let contiguous = keep == ((1u16 << n) - 1) as u8;
        if !contiguous || (!o.m_axis_tx_tlast && keep != 0xFF) || o.m_axis_tx_tuser {
            self.protocol_errors += 1;
        }
        self.cur.extend_from_slice(&o.m_axis_tx_tdata.to_le_bytes()[..n]);
        if o.m_axis_tx_tlast {
            self.in_frame = false;
            let bytes = std::mem::take(&mut self.cur);
            self.done.push(SinkFrame { start: self.cur_start, end: self.now, bytes });
        }
    }

    /// Frames completed since the last call.
    pub fn take_frames(&mut self) -> Vec<SinkFrame> {
        std::mem::take(&mut self.done)
    }

    pub fn has_frames(&self) -> bool {
        !self.done.is_empty()
    }

    /// Inside a frame (its first beat taken, not its last).
    pub fn in_frame(&self) -> bool {
        self.in_frame
    }

    /// Advance `n` cycles without a beat (the device is quiescent: tvalid low).
    pub fn skip(&mut self, n: u64) {
        self.now += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_patterns() {
        assert_eq!("none".parse(), Ok(TxStall::None));
        assert_eq!("random:30".parse(), Ok(TxStall::Random { pct: 30 }));
        assert_eq!("on:4,off:2".parse(), Ok(TxStall::Periodic { on: 4, off: 2 }));
        assert_eq!("random:100".parse(), Ok(TxStall::Random { pct: 100 }));
        assert!("random:101".parse::<TxStall>().unwrap_err().contains("0-100"));
        assert_eq!("stuck:1us".parse(), Ok(TxStall::Stuck { from: 1000, until: None }));
        assert_eq!("stuck:1us,for:2us".parse(), Ok(TxStall::Stuck { from: 1000, until: Some(3000) }));
        assert!("stuck:soon".parse::<TxStall>().unwrap_err().contains("stuck:T"));
        assert!("on:0,off:2".parse::<TxStall>().is_err());
        assert!("sometimes".parse::<TxStall>().unwrap_err().contains("random:P"));
        for s in ["none", "random:7", "on:3,off:9", "stuck:400ns", "stuck:4000ns,for:800ns"] {
            assert_eq!(s.parse::<TxStall>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn ready_patterns() {
        let s = MacSink::new(TxStall::Periodic { on: 2, off: 3 }, 1);
        let r: Vec<bool> = (0..10).map(|c| s.ready_at(c)).collect();
        assert_eq!(r, [true, true, false, false, false, true, true, false, false, false]);
        let s = MacSink::new(TxStall::Random { pct: 25 }, 9);
        let stalls = (0..100_000).filter(|&c| !s.ready_at(c)).count();
        assert!((23_000..27_000).contains(&stalls), "{stalls}");
        assert_eq!(s.ready_at(12345), MacSink::new(TxStall::Random { pct: 25 }, 9).ready_at(12345));
        assert!((0..1000).all(|c| MacSink::new(TxStall::None, 0).ready_at(c)));
        assert!((0..1000).all(|c| !MacSink::new(TxStall::Random { pct: 100 }, 3).ready_at(c)));
        // 4 ns cycles: stuck from 40 ns to 60 ns after cycle 100.
        let mut s = MacSink::new(TxStall::Stuck { from: 40, until: Some(60) }, 0);
        s.set_origin(100, crate::bfm::Clock::default());
        let r: Vec<u64> = (100..130).filter(|&c| !s.ready_at(c)).collect();
        assert_eq!(r, (110..115).collect::<Vec<_>>());
        assert!(!s.stuck_for_good(200));
        let mut s = MacSink::new(TxStall::Stuck { from: 0, until: None }, 0);
        s.set_origin(0, crate::bfm::Clock::default());
        assert!((0..1000).all(|c| !s.ready_at(c)) && s.stuck_for_good(0));
    }

    #[test]
    fn collects_frames() {
        let mut s = MacSink::new(TxStall::Periodic { on: 1, off: 1 }, 0);
        let frame: Vec<u8> = (0..13).collect();
        let beats = [(&frame[0..8], false), (&frame[8..13], true)];
        let mut k = 0;
        while k < beats.len() {
            let (b, last) = beats[k];
            let mut d = [0u8; 8];
            d[..b.len()].copy_from_slice(b);
            let o = Outputs {
                m_axis_tx_tvalid: true,
                m_axis_tx_tdata: u64::from_le_bytes(d),
                m_axis_tx_tkeep: ((1u16 << b.len()) - 1) as u8,
                m_axis_tx_tlast: last,
                ..Default::default()
            };
            let mut ins = Inputs::default();
            s.drive(&mut ins);
            s.edge(&o, &ins);
            if ins.m_axis_tx_tready {
                k += 1;
            }
        }
        let f = s.take_frames();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].bytes, frame);
        assert_eq!((f[0].start, f[0].end), (0, 2));
        assert_eq!((s.beats, s.stalled_beats, s.protocol_errors), (2, 1, 0));
    }
}
