//! Linux's Dynamic Interrupt Moderation for networking (net_dim,
//! lib/dim/net_dim.c and lib/dim/dim.c, include/linux/dim.h), as an
//! alternative to igb's adaptive ITR (`--dim`).
//!
//! The algorithm, as the kernel runs it: a driver hands DIM a sample at
//! the end of every NAPI poll that completes (packets, bytes and
//! interrupts so far, and the time). Once [`DIM_NEVENTS`] interrupts have
//! passed since the start of a measurement, DIM turns the two samples into
//! rates per millisecond (bytes, packets, events) and compares them with
//! the previous measurement: more bytes (then packets) is better, fewer
//! events at the same traffic is better, a difference of 10 % or less is
//! no difference. It walks a table of five moderation profiles: it keeps
//! stepping while things get better and turns when they do not; having
//! turned back over the step it just took, it parks on the best profile
//! ("on top") until the traffic changes; having stepped ten times without
//! settling, it parks "tired" for as many measurements.
//!
//! Written from the kernel's algorithm (state names, thresholds and tables
//! are the kernel's); the comments name the kernel function each part
//! comes from.

/// Interrupts between two DIM decisions (DIM_NEVENTS).
pub const DIM_NEVENTS: u16 = 64;
/// Profiles per table (NET_DIM_PARAMS_NUM_PROFILES).
pub const DIM_PROFILES: usize = 5;
/// The profile a device starts with (NET_DIM_DEF_PROFILE_EQE and _CQE).
pub const DIM_DEFAULT_PROFILE: usize = 1;

/// One moderation profile (struct dim_cq_moder): the interval and the
/// completion count the kernel's consumers program into their CQ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DimProfile {
    pub usec: u16,
    pub pkts: u16,
}

const fn p(usec: u16, pkts: u16) -> DimProfile {
    DimProfile { usec, pkts }
}

/// How the device's moderation timer starts (enum dim_cq_period_mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DimPeriodMode {
    /// DIM_CQ_PERIOD_MODE_START_FROM_EQE: the period starts at an event
    /// (an interrupt), as EITR's interval starts when the vector fires.
    #[default]
    StartFromEqe,
    /// DIM_CQ_PERIOD_MODE_START_FROM_CQE: the period restarts with every
    /// completion.
    StartFromCqe,
}

impl DimPeriodMode {
    /// The kernel's RX profile table for this mode (NET_DIM_RX_EQE_PROFILES,
    /// NET_DIM_RX_CQE_PROFILES). The EQE packet count is
    /// NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE (256).
    pub fn rx_profiles(self) -> &'static [DimProfile; DIM_PROFILES] {
        const EQE: [DimProfile; DIM_PROFILES] = [p(1, 256), p(8, 256), p(64, 256), p(128, 256), p(256, 256)];
        const CQE: [DimProfile; DIM_PROFILES] = [p(2, 256), p(8, 128), p(16, 64), p(32, 64), p(64, 64)];
        match self {
            DimPeriodMode::StartFromEqe => &EQE,
            DimPeriodMode::StartFromCqe => &CQE,
        }
    }

    /// net_dim_get_def_rx_moderation: where a device starts.
    pub fn default_profile(self) -> DimProfile {
        self.rx_profiles()[DIM_DEFAULT_PROFILE]
    }
}

/// A reading of a vector's counters (struct dim_sample). The counters wrap
/// as the kernel's do: events are u16, packets and bytes u32.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DimSample {
    /// Host time, ns (ktime_get).
    pub ns: u64,
    pub pkt_ctr: u32,
    pub byte_ctr: u32,
    pub event_ctr: u16,
}

/// Rates over one measurement (struct dim_stats), per millisecond.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DimStats {
    /// Packets, bytes and events per ms.
    pub ppms: u64,
    pub bpms: u64,
    pub epms: u64,
}

impl DimStats {
    /// dim_calc_stats: None when no whole microsecond has passed (the
    /// kernel then skips the decision).
    fn between(start: &DimSample, end: &DimSample) -> Option<DimStats> {
        // ktime_us_delta, kept in a u32 as the kernel does.
        let delta_us = (end.ns.saturating_sub(start.ns) / 1000) as u32 as u64;
        if delta_us == 0 {
            return None;
        }
        let npkts = end.pkt_ctr.wrapping_sub(start.pkt_ctr) as u64;
        let nbytes = end.byte_ctr.wrapping_sub(start.byte_ctr) as u64;
        let per_ms = |n: u64| (n * 1000).div_ceil(delta_us);
        // epms counts DIM_NEVENTS, not the events seen, as the kernel does.
        Some(DimStats { ppms: per_ms(npkts), bpms: per_ms(nbytes), epms: per_ms(DIM_NEVENTS as u64) })
    }
}

/// enum dim_state: where a measurement is. The kernel's third state,
/// DIM_APPLY_NEW_PROFILE (a new profile waiting for the driver's work
/// item), lasts no time here: the profile is applied as it is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DimState {
    #[default]
    StartMeasure,
    MeasureInProgress,
}

/// enum dim_tune_state: what the walk over the profiles is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DimTune {
    #[default]
    ParkingOnTop,
    ParkingTired,
    GoingRight,
    GoingLeft,
}

/// enum dim_stats_state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Worse,
    Same,
    Better,
}

/// enum dim_step_result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Stepped,
    TooTired,
    OnEdge,
}

/// More than 10 % apart (IS_SIGNIFICANT_DIFF); a zero reference never is.
fn significant(val: u64, reference: u64) -> bool {
    reference != 0 && 100 * val.abs_diff(reference) / reference > 10
}

/// net_dim_stats_compare: bytes decide first, then packets, then events
/// (fewer is better), each only when the previous one is the same.
fn compare(curr: &DimStats, prev: &DimStats) -> Verdict {
    let more_is_better = |c: u64, p: u64| if c > p { Verdict::Better } else { Verdict::Worse };
    if prev.bpms == 0 {
        return if curr.bpms != 0 { Verdict::Better } else { Verdict::Same };
    }
    if significant(curr.bpms, prev.bpms) {
        return more_is_better(curr.bpms, prev.bpms);
    }
    if prev.ppms == 0 {
        return if curr.ppms != 0 { Verdict::Better } else { Verdict::Same };
    }
    if significant(curr.ppms, prev.ppms) {
        return more_is_better(curr.ppms, prev.ppms);
    }
    if prev.epms == 0 {
        return Verdict::Same;
    }
    if significant(curr.epms, prev.epms) {
        return if curr.epms < prev.epms { Verdict::Better } else { Verdict::Worse };
    }
    Verdict::Same
}

/// One DIM instance (struct dim), for one vector's RX. It starts zeroed,
/// as drivers allocate it: profile 0, parked on top, measuring from the
/// next sample; the device meanwhile runs the default profile.
#[derive(Clone, Debug, Default)]
pub struct Dim {
    mode: DimPeriodMode,
    state: DimState,
    tune: DimTune,
    profile_ix: usize,
    steps_right: u8,
    steps_left: u8,
    tired: u8,
    prev_stats: DimStats,
    start: DimSample,
}

impl Dim {
    pub fn new(mode: DimPeriodMode) -> Dim {
        Dim { mode, ..Default::default() }
    }

    pub fn profile_ix(&self) -> usize {
        self.profile_ix
    }
    pub fn tune_state(&self) -> DimTune {
        self.tune
    }
    pub fn state(&self) -> DimState {
        self.state
    }

    /// net_dim: feed the sample taken at a completed poll. Returns the
    /// profile to apply when the decision moved to another one; the
    /// caller applies it at once, as the driver's work item would
    /// (net_dim_get_rx_moderation, then state back to DIM_START_MEASURE).
    pub fn sample(&mut self, end: DimSample) -> Option<DimProfile> {
        match self.state {
            DimState::MeasureInProgress => {
                // BIT_GAP over the u16 event counter.
                if end.event_ctr.wrapping_sub(self.start.event_ctr) < DIM_NEVENTS {
                    return None;
                }
                // No whole microsecond since the start: no decision yet.
                let curr = DimStats::between(&self.start, &end)?;
                if self.decide(&curr) {
                    // The kernel parks in DIM_APPLY_NEW_PROFILE until the
                    // driver's work item has programmed the profile and set
                    // DIM_START_MEASURE; here the work runs at once.
                    self.state = DimState::StartMeasure;
                    return Some(self.mode.rx_profiles()[self.profile_ix]);
                }
                // Same profile: this sample starts the next measurement.
                self.start = end;
                self.state = DimState::MeasureInProgress;
            }
            DimState::StartMeasure => {
                self.start = end;
                self.state = DimState::MeasureInProgress;
            }
        }
        None
    }

    /// net_dim_step: move one profile in the current direction, unless
    /// too tired or at the end of the table.
    fn step(&mut self) -> Step {
        if self.tired as usize == 2 * DIM_PROFILES {
            return Step::TooTired;
        }
        match self.tune {
            DimTune::ParkingOnTop | DimTune::ParkingTired => {}
            DimTune::GoingRight => {
                if self.profile_ix == DIM_PROFILES - 1 {
                    return Step::OnEdge;
                }
                self.profile_ix += 1;
                self.steps_right += 1;
            }
            DimTune::GoingLeft => {
                if self.profile_ix == 0 {
                    return Step::OnEdge;
                }
                self.profile_ix -= 1;
                self.steps_left += 1;
            }
        }
        self.tired += 1;
        Step::Stepped
    }

    /// net_dim_exit_parking: head left unless already at the leftmost
    /// profile, and take the first step.
    fn exit_parking(&mut self) {
        self.tune = if self.profile_ix > 0 { DimTune::GoingLeft } else { DimTune::GoingRight };
        self.step();
    }

    /// dim_on_top: turned back right after a single step the other way.
    fn on_top(&self) -> bool {
        match self.tune {
            DimTune::ParkingOnTop | DimTune::ParkingTired => true,
            DimTune::GoingRight => self.steps_left > 1 && self.steps_right == 1,
            DimTune::GoingLeft => self.steps_right > 1 && self.steps_left == 1,
        }
    }

    /// dim_turn: reverse the walk, counting the new direction's steps afresh.
    fn turn(&mut self) {
        match self.tune {
            DimTune::ParkingOnTop | DimTune::ParkingTired => {}
            DimTune::GoingRight => {
                self.tune = DimTune::GoingLeft;
                self.steps_left = 0;
            }
            DimTune::GoingLeft => {
                self.tune = DimTune::GoingRight;
                self.steps_right = 0;
            }
        }
    }

    /// dim_park_on_top / dim_park_tired (the tired count survives the latter).
    fn park(&mut self, tune: DimTune) {
        self.steps_right = 0;
        self.steps_left = 0;
        if tune == DimTune::ParkingOnTop {
            self.tired = 0;
        }
        self.tune = tune;
    }

    /// net_dim_decision: true when the profile changed.
    fn decide(&mut self, curr: &DimStats) -> bool {
        let (was_tune, was_ix) = (self.tune, self.profile_ix);
        match self.tune {
            DimTune::ParkingOnTop => {
                if compare(curr, &self.prev_stats) != Verdict::Same {
                    self.exit_parking();
                }
            }
            DimTune::ParkingTired => {
                self.tired = self.tired.saturating_sub(1);
                if self.tired == 0 {
                    self.exit_parking();
                }
            }
            DimTune::GoingRight | DimTune::GoingLeft => {
                if compare(curr, &self.prev_stats) != Verdict::Better {
                    self.turn();
                }
                if self.on_top() {
                    self.park(DimTune::ParkingOnTop);
                } else {
                    match self.step() {
                        Step::OnEdge => self.park(DimTune::ParkingOnTop),
                        Step::TooTired => self.park(DimTune::ParkingTired),
                        Step::Stepped => {}
                    }
                }
            }
        }
        // Parked on top and still there: keep the stats it parked with,
        // so slow drift cannot creep past the 10 % threshold unnoticed.
        if was_tune != DimTune::ParkingOnTop || self.tune != DimTune::ParkingOnTop {
            self.prev_stats = *curr;
        }
        self.profile_ix != was_ix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sample `us` microseconds in, after `events` interrupts that
    /// delivered `pps` packets of `len` bytes per ms.
    fn at(us: u64, events: u16, pkts_per_ms: u64, len: u64) -> DimSample {
        let pkts = pkts_per_ms * us / 1000;
        DimSample { ns: us * 1000, pkt_ctr: pkts as u32, byte_ctr: (pkts * len) as u32, event_ctr: events }
    }

    #[test]
    fn tables_are_the_kernels() {
        let eqe: Vec<u16> = DimPeriodMode::StartFromEqe.rx_profiles().iter().map(|p| p.usec).collect();
        assert_eq!(eqe, vec![1, 8, 64, 128, 256]);
        assert!(DimPeriodMode::StartFromEqe.rx_profiles().iter().all(|p| p.pkts == 256));
        let cqe: Vec<(u16, u16)> = DimPeriodMode::StartFromCqe.rx_profiles().iter().map(|p| (p.usec, p.pkts)).collect();
        assert_eq!(cqe, vec![(2, 256), (8, 128), (16, 64), (32, 64), (64, 64)]);
        assert_eq!(DimPeriodMode::StartFromEqe.default_profile(), p(8, 256));
        assert_eq!(DimPeriodMode::StartFromCqe.default_profile(), p(8, 128));
    }

    #[test]
    fn significance_is_more_than_ten_percent() {
        assert!(!significant(110, 100));
        assert!(significant(111, 100));
        assert!(significant(89, 100));
        assert!(!significant(90, 100));
        assert!(!significant(5, 0), "a zero reference is never significant");
        let s = |b, pk, e| DimStats { bpms: b, ppms: pk, epms: e };
        assert_eq!(compare(&s(1, 0, 0), &s(0, 0, 0)), Verdict::Better);
        assert_eq!(compare(&s(0, 0, 0), &s(0, 0, 0)), Verdict::Same);
        assert_eq!(compare(&s(200, 1, 1), &s(100, 9, 9)), Verdict::Better, "bytes first");
        assert_eq!(compare(&s(100, 5, 1), &s(100, 9, 1)), Verdict::Worse, "then packets");
        assert_eq!(compare(&s(100, 9, 5), &s(100, 9, 9)), Verdict::Better, "then fewer events");
        assert_eq!(compare(&s(105, 9, 10), &s(100, 9, 10)), Verdict::Same);
        assert_eq!(compare(&s(105, 9, 10), &s(100, 9, 9)), Verdict::Worse, "11 % more events");
    }

    #[test]
    fn measures_every_64_events_and_needs_time_to_pass() {
        let mut d = Dim::new(DimPeriodMode::StartFromEqe);
        assert_eq!(d.sample(at(0, 0, 100, 1000)), None);
        assert_eq!(d.state(), DimState::MeasureInProgress);
        assert_eq!(d.sample(at(500, 63, 100, 1000)), None, "63 events: no decision");
        // 64 events: first decision. prev bpms 0 -> better -> exit parking
        // from profile 0 going right: profile 1.
        assert_eq!(d.sample(at(1000, 64, 100, 1000)), Some(p(8, 256)));
        assert_eq!(d.tune_state(), DimTune::GoingRight);
        assert_eq!(d.state(), DimState::StartMeasure);
        // Event counter wraps (u16).
        let mut d = Dim::new(DimPeriodMode::StartFromEqe);
        d.sample(at(0, 65500, 100, 1000));
        assert_eq!(d.sample(at(1000, 65500u16.wrapping_add(64), 100, 1000)), Some(p(8, 256)));
        // No whole microsecond: no decision.
        let mut d = Dim::new(DimPeriodMode::StartFromEqe);
        d.sample(DimSample { ns: 0, ..Default::default() });
        assert_eq!(d.sample(DimSample { ns: 999, pkt_ctr: 5, byte_ctr: 500, event_ctr: 64 }), None);
        assert_eq!(d.state(), DimState::MeasureInProgress);
    }

    /// Constant traffic where a longer interval only means fewer events:
    /// DIM walks right to the last profile and parks there; a change in
    /// the traffic makes it leave, heading left.
    #[test]
    fn walks_right_while_fewer_events_and_parks_on_the_edge() {
        let mut d = Dim::new(DimPeriodMode::StartFromEqe);
        let mut t = 0u64;
        let mut ev = 0u16;
        let mut profile = DimPeriodMode::StartFromEqe.default_profile();
        let mut seen = vec![];
        d.sample(DimSample { ns: 0, ..Default::default() });
        for _ in 0..40 {
            // 64 interrupts take 64 intervals (the interval binds).
            t += 64 * profile.usec.max(2) as u64;
            ev = ev.wrapping_add(64);
            let s =
                DimSample { ns: t * 1000, pkt_ctr: (t * 100) as u32, byte_ctr: (t * 150_000) as u32, event_ctr: ev };
            if let Some(np) = d.sample(s) {
                profile = np;
                seen.push(np.usec);
                d.sample(s);
            }
        }
        // From the zeroed state the first step lands on the profile the
        // device already runs (8 us); the same rates again turn it left
        // (1 us), where more events are worse: it turns right and climbs.
        assert_eq!(seen, vec![8, 1, 8, 64, 128, 256]);
        assert_eq!(d.tune_state(), DimTune::ParkingOnTop);
        assert_eq!(d.profile_ix(), 4);
        // The traffic halves: significant, DIM leaves the top going left.
        t += 64 * 256;
        ev = ev.wrapping_add(64);
        let s = DimSample { ns: t * 1000, pkt_ctr: (t * 100) as u32, byte_ctr: (t * 150_000) as u32, event_ctr: ev };
        assert_eq!(d.sample(s), None, "same rates: stays parked");
        d.sample(s);
        t += 64 * 256;
        ev = ev.wrapping_add(64);
        let s2 = DimSample {
            ns: t * 1000,
            pkt_ctr: s.pkt_ctr + (64 * 256 * 50),
            byte_ctr: s.byte_ctr + (64 * 256 * 75_000),
            event_ctr: ev,
        };
        assert_eq!(d.sample(s2), Some(p(128, 256)));
        assert_eq!(d.tune_state(), DimTune::GoingLeft);
    }

    /// Ten steps without settling: parked tired for ten decisions, then
    /// off again.
    #[test]
    fn too_tired_parks_then_leaves() {
        let mut d = Dim::new(DimPeriodMode::StartFromEqe);
        d.tune = DimTune::GoingRight;
        d.profile_ix = 2;
        d.tired = 10;
        d.prev_stats = DimStats { bpms: 100, ppms: 10, epms: 10 };
        let better = DimStats { bpms: 200, ppms: 10, epms: 10 };
        assert!(!d.decide(&better));
        assert_eq!(d.tune_state(), DimTune::ParkingTired);
        for i in 0..9 {
            assert!(!d.decide(&better), "decision {i}");
            assert_eq!(d.tune_state(), DimTune::ParkingTired);
        }
        assert!(d.decide(&better), "tired count at 0: exit parking, one step left");
        assert_eq!((d.tune_state(), d.profile_ix()), (DimTune::GoingLeft, 1));
    }
}
