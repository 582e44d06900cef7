//! [`Lockstep`]: the model and the RTL side by side, every output compared every cycle.

use crate::rtl::{CosimError, Design, RtlNic, PS_PER_CYCLE};
use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_hw::Device;
use nicsim_model::{Nic, NicConfig};
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// RTL cycles still run (and traced) after a divergence, so the waveform
/// shows a little of what the RTL did next.
pub const TRACE_TAIL: u64 = 16;

/// Name under which `model.quiescent()` vs the RTL's `stat_idle` is reported.
pub const IDLE_SIGNAL: &str = "stat_idle";

/// One output that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalDiff {
    pub signal: &'static str,
    pub width: u32,
    pub model: u64,
    pub rtl: u64,
}

/// The first cycle whose outputs differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// Cycle whose outputs differ: edges since cycle 0 (the state right after
    /// reset), skipped idle cycles included — the testbench's `core.cycle`
    /// after the tick. In an FST, this cycle starts at `cycle * 4000` ps.
    pub cycle: u64,
    /// The first differing signal in `Outputs::fields()` order, then `stat_idle`
    /// (`model.quiescent()` vs the RTL's `stat_idle`).
    pub signal: &'static str,
    pub model: u64,
    pub rtl: u64,
    /// Every differing signal, same order (`all[0]` is `signal`).
    pub all: Vec<SignalDiff>,
    /// Inputs sampled at the edge into `cycle` (None: cycle 0, after reset).
    pub inputs: Option<Inputs>,
    /// Cycles compared before this one.
    pub compared: u64,
}

fn hex(v: u64, width: u32) -> String {
    format!("{:#0w$x}", v, w = 2 + width.div_ceil(4) as usize)
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.all[0];
        write!(
            f,
            "model and RTL diverge at cycle {} (t = {} ns): {} model {} rtl {}",
            self.cycle,
            self.cycle * PS_PER_CYCLE / 1000,
            self.signal,
            hex(d.model, d.width),
            hex(d.rtl, d.width)
        )?;
        if self.all.len() > 1 {
            let rest: Vec<String> = self.all[1..]
                .iter()
                .map(|d| format!("{} model {} rtl {}", d.signal, hex(d.model, d.width), hex(d.rtl, d.width)))
                .collect();
            write!(f, "; also {}", rest.join(", "))?;
        }
        write!(f, " ({} cycles compared before)", self.compared)
    }
}

/// A handle on a [`Lockstep`]'s verdict that outlives the move of the
/// Lockstep into a `Box<dyn Device>` (the testbench owns the device).
#[derive(Clone, Default)]
pub struct LockstepProbe(Arc<ProbeInner>);

#[derive(Default)]
struct ProbeInner {
    div: OnceLock<Divergence>,
    compared: AtomicU64,
}

impl LockstepProbe {
    pub fn divergence(&self) -> Option<Divergence> {
        self.0.div.get().cloned()
    }
    pub fn diverged(&self) -> bool {
        self.0.div.get().is_some()
    }
    /// Cycles whose outputs were compared (skipped idle cycles not counted).
    pub fn compared_cycles(&self) -> u64 {
        self.0.compared.load(Ordering::Relaxed)
    }
}

/// Model and RTL ticked with the same inputs; after every edge all of
/// `Outputs::fields()` and `quiescent()`/`stat_idle` are compared.
///
/// As a [`Device`] it presents the **model's** outputs. At the first
/// divergence it records a [`Divergence`] and stops the RTL (after
/// [`TRACE_TAIL`] more traced cycles when a trace is open); from then on it
/// is the model alone, so the testbench finishes normally. `Device` cannot
/// return an error: the caller checks [`divergence`](Self::divergence) (or a
/// [`LockstepProbe`]) after, or during, the run.
pub struct Lockstep {
    model: Nic,
    rtl: RtlNic,
    cycle: u64,
    compared: u64,
    div: Option<Divergence>,
    /// RTL edges still to run after the divergence (trace tail).
    tail: u64,
    probe: LockstepProbe,
}

impl Lockstep {
    /// Model with `cfg` against the main design. `cfg` must be the build the
    /// RTL was verilated with: `NicConfig::default()` (RX_QUEUES = 16).
    pub fn new(cfg: NicConfig) -> Result<Self, CosimError> {
        Self::with_design(cfg, Design::Main)
    }

    pub fn with_design(cfg: NicConfig, design: Design) -> Result<Self, CosimError> {
        let expect = design.config();
        if cfg != expect {
            return Err(CosimError::Config(format!(
                "the RTL design `{}` is verilated with RX_QUEUES={} ({expect:?}); the model was asked for {cfg:?}",
                design.name(),
                expect.queues
            )));
        }
        let model = Nic::new(cfg).map_err(|e| CosimError::Config(e.to_string()))?;
        Ok(Self::from_parts(model, RtlNic::with_design(design)?))
    }

    /// Lockstep that writes an FST of the RTL from cycle `from_cycle` until
    /// [`TRACE_TAIL`] cycles after a divergence (or the end of the run).
    /// For the re-run after a divergence at cycle d: `from_cycle = d - N`.
    pub fn new_with_trace(cfg: NicConfig, path: impl AsRef<Path>, from_cycle: u64) -> Result<Self, CosimError> {
        let mut l = Self::new(cfg)?;
        l.rtl.trace_from(path, from_cycle)?;
        Ok(l)
    }

    /// Pair an existing model and RTL, both at cycle 0 (freshly constructed).
    /// Cycle 0's outputs are compared here.
    pub fn from_parts(model: Nic, rtl: RtlNic) -> Self {
        assert_eq!(rtl.cycle(), 0, "Lockstep::from_parts: the RTL must be fresh out of reset");
        let mut l = Lockstep { model, rtl, cycle: 0, compared: 0, div: None, tail: 0, probe: LockstepProbe::default() };
        l.compare(None);
        l
    }

    pub fn divergence(&self) -> Option<&Divergence> {
        self.div.as_ref()
    }
    /// Cycles whose outputs were compared (cycle 0 included, skipped idle cycles not).
    pub fn compared_cycles(&self) -> u64 {
        self.compared
    }
    pub fn cycle(&self) -> u64 {
        self.cycle
    }
    pub fn probe(&self) -> LockstepProbe {
        self.probe.clone()
    }
    pub fn model(&self) -> &Nic {
        &self.model
    }
    pub fn rtl(&self) -> &RtlNic {
        &self.rtl
    }
    pub fn rtl_mut(&mut self) -> &mut RtlNic {
        &mut self.rtl
    }

    #[inline]
    fn compare(&mut self, inputs: Option<&Inputs>) {
        let mq = self.model.quiescent();
        let ridle = self.rtl.idle();
        self.compared += 1;
        self.probe.0.compared.store(self.compared, Ordering::Relaxed);
        if mq == ridle && self.model.outputs() == self.rtl.outputs() {
            return;
        }
        self.record(inputs, mq, ridle);
    }

    #[cold]
    #[inline(never)]
    fn record(&mut self, inputs: Option<&Inputs>, mq: bool, ridle: bool) {
        let all = diff(self.model.outputs(), self.rtl.outputs(), mq, ridle);
        let d = Divergence {
            cycle: self.cycle,
            signal: all[0].signal,
            model: all[0].model,
            rtl: all[0].rtl,
            all,
            inputs: inputs.copied(),
            compared: self.compared - 1,
        };
        let _ = self.probe.0.div.set(d.clone());
        self.div = Some(d);
        self.tail = if self.rtl.tracing() { TRACE_TAIL } else { 0 };
        if self.tail == 0 {
            self.rtl.trace_stop();
        }
    }
}

/// Every differing output in `fields()` order, then the idle flag.
pub fn diff(model: &Outputs, rtl: &Outputs, model_quiescent: bool, rtl_idle: bool) -> Vec<SignalDiff> {
    let mut v: Vec<SignalDiff> = model
        .fields()
        .iter()
        .zip(rtl.fields().iter())
        .filter(|(m, r)| m.1 != r.1)
        .map(|(m, r)| SignalDiff { signal: m.0, width: m.2, model: m.1, rtl: r.1 })
        .collect();
    if model_quiescent != rtl_idle {
        v.push(SignalDiff { signal: IDLE_SIGNAL, width: 1, model: model_quiescent as u64, rtl: rtl_idle as u64 });
    }
    v
}

impl Device for Lockstep {
    #[inline]
    fn outputs(&self) -> &Outputs {
        self.model.outputs()
    }

    #[inline]
    fn tick(&mut self, inputs: &Inputs) -> &Outputs {
        if self.div.is_none() {
            self.rtl.tick(inputs);
            self.model.tick(inputs);
            self.cycle += 1;
            self.compare(Some(inputs));
        } else {
            if self.tail > 0 {
                self.rtl.tick(inputs);
                self.tail -= 1;
                if self.tail == 0 {
                    self.rtl.trace_stop();
                }
            }
            self.model.tick(inputs);
            self.cycle += 1;
        }
        self.model.outputs()
    }

    fn quiescent(&self) -> bool {
        // Until a divergence this equals the RTL's stat_idle (compared every cycle).
        self.model.quiescent()
    }

    fn skip(&mut self, n: u64) {
        if self.div.is_none() {
            let (mq, ridle) = (self.model.quiescent(), self.rtl.idle());
            assert!(
                mq && ridle,
                "Lockstep::skip({n}) at cycle {}: model quiescent {mq}, RTL stat_idle {ridle}",
                self.cycle
            );
            self.rtl.skip(n);
        } else if self.tail > 0 {
            self.tail = 0;
            self.rtl.trace_stop();
        }
        self.model.skip(n);
        self.cycle += n;
    }
}
