//! The simulation engines behind `--engine`: the Rust model, the Verilated
//! RTL (`nicsim-cosim`, cargo feature `rtl`), or both in lockstep.
//!
//! Everything the testbench drives is a `Box<dyn Device>`; this module builds
//! one. A lockstep device cannot fail a `tick`, so its verdict comes back
//! through an [`EngineProbe`]: check it after the run (or during it, from the
//! progress callback). On a divergence at cycle `d`, the run is deterministic:
//! replay it again with `trace = Some(TraceSpec::before(path, d, window))` to
//! get an FST of cycles `d - window ..= d + TRACE_TAIL` (see cosim/README.md).

use nicsim_hw::Device;
use nicsim_model::{Nic, NicConfig};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Simulation engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The cycle-accurate Rust model
    Model,
    /// The RTL under Verilator
    Rtl,
    /// Model and RTL side by side, compared every cycle
    Lockstep,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Model => "model",
            Engine::Rtl => "rtl",
            Engine::Lockstep => "lockstep",
        }
    }
    pub fn needs_rtl(self) -> bool {
        self != Engine::Model
    }
}

/// The device build: a Verilated parameter set and the model configuration
/// equal to it (`--build` of replay and fuzz).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Build {
    /// rtl/nic.f with RX_QUEUES=16 and default parameters (the main design)
    Main,
    /// the second parameter set: 4 RX queues, smallest RX FIFO, metadata FIFO, descriptor cache and read window, at 156.25 MHz
    Small,
    /// the main design with a planted fault (bit 0 of the RX write-back's RSS hash flipped): fuzz must find it
    Fault,
}

impl Build {
    pub fn name(self) -> &'static str {
        match self {
            Build::Main => "main",
            Build::Small => "small",
            Build::Fault => "fault",
        }
    }

    /// The clock this build is made for (its CYCLES_PER_US): 250 MHz, and
    /// 156.25 MHz for `small` (the `make pnr` target).
    pub fn clock(self) -> crate::bfm::Clock {
        match self {
            Build::Main | Build::Fault => crate::bfm::Clock::default(),
            Build::Small => crate::bfm::Clock::from_mhz(156.25).expect("a legal clock"),
        }
    }

    /// The model configuration equal to this design's RTL parameters.
    pub fn config(self) -> Result<NicConfig, String> {
        Ok(match self {
            Build::Main | Build::Fault => NicConfig::default(),
            Build::Small => NicConfig::small(),
        })
    }

    #[cfg(feature = "rtl")]
    pub(crate) fn design(self) -> nicsim_cosim::Design {
        match self {
            Build::Main => nicsim_cosim::Design::Main,
            Build::Small => nicsim_cosim::Design::Small,
            Build::Fault => nicsim_cosim::Design::Fault,
        }
    }
}

/// Error text for an RTL engine in a build without it.
pub const RTL_MISSING: &str =
    "built without the `rtl` feature: run `make build` (which enables it) or `cargo build --features rtl`";

/// Default `--trace-window`: cycles traced before a divergence.
pub const DEFAULT_TRACE_WINDOW: u64 = 2000;

/// Cycles the RTL keeps running (and tracing) after a divergence.
#[cfg(feature = "rtl")]
pub const TRACE_TAIL: u64 = nicsim_cosim::TRACE_TAIL;
#[cfg(not(feature = "rtl"))]
pub const TRACE_TAIL: u64 = 16;

/// An FST trace of the RTL: from cycle `from_cycle` to the end of the run
/// (lockstep: to [`TRACE_TAIL`] cycles after a divergence). Time unit 1 ps,
/// cycle c starts at c × 4000 ps (c counts edges since the end of reset,
/// skipped idle cycles included: the testbench's `core.cycle`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceSpec {
    pub path: PathBuf,
    pub from_cycle: u64,
}

impl TraceSpec {
    /// Trace the whole run.
    pub fn whole(path: impl AsRef<Path>) -> Self {
        TraceSpec { path: path.as_ref().to_path_buf(), from_cycle: 0 }
    }
    /// The `window` cycles before a divergence at `div_cycle` (for the re-run).
    pub fn before(path: impl AsRef<Path>, div_cycle: u64, window: u64) -> Self {
        TraceSpec { path: path.as_ref().to_path_buf(), from_cycle: div_cycle.saturating_sub(window) }
    }
}

/// The first cycle where model and RTL outputs differed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DivergenceInfo {
    /// Cycle whose outputs differ (the testbench's `core.cycle` after that tick).
    pub cycle: u64,
    /// First differing port in `Outputs::fields()` order, or `stat_idle`
    /// (model `quiescent()` vs the RTL's `stat_idle`).
    pub signal: String,
    pub width: u32,
    pub model: u64,
    pub rtl: u64,
    /// Every differing signal: (name, model, rtl), `signal` first.
    pub all: Vec<(String, u64, u64)>,
    /// Cycles compared before it.
    pub compared_cycles: u64,
    /// One line for people.
    pub message: String,
}

impl std::fmt::Display for DivergenceInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(feature = "rtl")]
impl From<&nicsim_cosim::Divergence> for DivergenceInfo {
    fn from(d: &nicsim_cosim::Divergence) -> Self {
        DivergenceInfo {
            cycle: d.cycle,
            signal: d.signal.to_string(),
            width: d.all[0].width,
            model: d.model,
            rtl: d.rtl,
            all: d.all.iter().map(|s| (s.signal.to_string(), s.model, s.rtl)).collect(),
            compared_cycles: d.compared,
            message: d.to_string(),
        }
    }
}

/// Looks at an engine's verdict after the device moved into the testbench.
#[derive(Clone, Default)]
pub struct EngineProbe {
    #[cfg(feature = "rtl")]
    lockstep: Option<nicsim_cosim::LockstepProbe>,
}

impl EngineProbe {
    /// The lockstep divergence, if any (always None for model and rtl).
    pub fn divergence(&self) -> Option<DivergenceInfo> {
        #[cfg(feature = "rtl")]
        if let Some(p) = &self.lockstep {
            return p.divergence().as_ref().map(DivergenceInfo::from);
        }
        None
    }
    /// Cheap check, e.g. from a progress callback.
    pub fn diverged(&self) -> bool {
        #[cfg(feature = "rtl")]
        if let Some(p) = &self.lockstep {
            return p.diverged();
        }
        false
    }
    /// Cycles compared so far (lockstep only).
    pub fn compared_cycles(&self) -> Option<u64> {
        #[cfg(feature = "rtl")]
        if let Some(p) = &self.lockstep {
            return Some(p.compared_cycles());
        }
        None
    }
}

/// True when this binary has the RTL engines.
pub fn rtl_available() -> bool {
    cfg!(feature = "rtl")
}

/// True when the RTL engines run the plumbing stub because `rtl/nic.f` did
/// not exist at build time (the CLI should say so).
#[cfg(feature = "rtl")]
pub fn rtl_is_stub() -> bool {
    nicsim_cosim::design::MAIN_IS_STUB
}
#[cfg(not(feature = "rtl"))]
pub fn rtl_is_stub() -> bool {
    false
}

/// RX queues of the Verilated build (None without the `rtl` feature).
#[cfg(feature = "rtl")]
pub fn rtl_queues() -> Option<usize> {
    Some(nicsim_cosim::design::RX_QUEUES)
}
#[cfg(not(feature = "rtl"))]
pub fn rtl_queues() -> Option<usize> {
    None
}

/// The device for `engine` with `device_queues` RX queues and the main
/// build's other parameters, tracing the RTL to `trace` if given (rtl and
/// lockstep only; the RTL is verilated with RX_QUEUES = 16).
pub fn make_device(engine: Engine, device_queues: usize, trace: Option<TraceSpec>) -> Result<Box<dyn Device>, String> {
    let cfg = NicConfig { queues: device_queues, ..NicConfig::default() };
    make_device_probed(engine, Build::Main, cfg, trace).map(|(d, _)| d)
}

/// The device for `engine`: the model configured by `cfg`, and for rtl and
/// lockstep the Verilated `build`, whose parameters must equal `cfg` (the
/// model honours every parameter cosim builds), plus the probe that reports
/// a lockstep divergence.
pub fn make_device_probed(
    engine: Engine,
    build: Build,
    cfg: NicConfig,
    trace: Option<TraceSpec>,
) -> Result<(Box<dyn Device>, EngineProbe), String> {
    match engine {
        Engine::Model => {
            if trace.is_some() {
                return Err("a waveform trace needs the RTL: use --engine rtl or --engine lockstep".into());
            }
            let nic = Nic::new(cfg).map_err(|e| format!("device build: {e}"))?;
            Ok((Box::new(nic), EngineProbe::default()))
        }
        Engine::Rtl | Engine::Lockstep => rtl_device(engine, build, cfg, trace),
    }
}

#[cfg(not(feature = "rtl"))]
fn rtl_device(
    engine: Engine,
    _build: Build,
    _cfg: NicConfig,
    _trace: Option<TraceSpec>,
) -> Result<(Box<dyn Device>, EngineProbe), String> {
    Err(format!("engine '{}': {RTL_MISSING}", engine.name()))
}

/// The parameters in which two device configurations differ, as
/// `name: built X, asked Y` (nic_top's parameter names).
pub fn config_diff(built: &NicConfig, asked: &NicConfig) -> String {
    let f = |c: &NicConfig| {
        [
            ("RX_QUEUES", c.queues as u64),
            ("RX_FIFO_WORDS", c.fifo_words as u64),
            ("RX_META_DEPTH", c.meta_depth as u64),
            ("DESC_CACHE", c.desc_cache as u64),
            ("MAX_READS", c.max_reads as u64),
            ("TX_FIFO_WORDS", c.tx_fifo_words as u64),
            ("TX_META_DEPTH", c.tx_meta_depth as u64),
            ("CYCLES_PER_US", c.cycles_per_us),
        ]
    };
    let d: Vec<String> = f(built)
        .iter()
        .zip(f(asked))
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| format!("{}: built {}, asked {}", a.0, a.1, b.1))
        .collect();
    d.join(", ")
}

#[cfg(feature = "rtl")]
fn rtl_device(
    engine: Engine,
    build: Build,
    cfg: NicConfig,
    trace: Option<TraceSpec>,
) -> Result<(Box<dyn Device>, EngineProbe), String> {
    use nicsim_cosim::{Lockstep, RtlNic};
    let design = build.design();
    let built = design.config();
    if cfg != built {
        let hint = if cfg.cycles_per_us != built.cycles_per_us {
            format!("; --clock-mhz {} fits this build", built.cycles_per_us)
        } else if cfg.queues != built.queues && build != Build::Small {
            "; --build small has 4 queues".to_string()
        } else {
            String::new()
        };
        return Err(format!(
            "engine '{}': the `{}` RTL build differs from the device asked for ({}): another parameter set needs its own Verilator build (see cosim/README.md){hint}",
            engine.name(),
            build.name(),
            config_diff(&built, &cfg),
        ));
    }
    let mut rtl = RtlNic::with_design(design).map_err(|e| format!("engine '{}': {e}", engine.name()))?;
    if let Some(t) = &trace {
        rtl.trace_from(&t.path, t.from_cycle).map_err(|e| e.to_string())?;
    }
    if engine == Engine::Rtl {
        return Ok((Box::new(rtl), EngineProbe::default()));
    }
    let model = Nic::new(cfg).map_err(|e| format!("device build: {e}"))?;
    let l = Lockstep::from_parts(model, rtl);
    let probe = EngineProbe { lockstep: Some(l.probe()) };
    Ok((Box::new(l), probe))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nicsim_hw::ports::Inputs;

    #[test]
    fn model_engine() {
        let (mut d, p) = make_device_probed(Engine::Model, Build::Main, NicConfig::default(), None).unwrap();
        d.tick(&Inputs::default());
        assert!(d.quiescent());
        assert!(p.divergence().is_none() && p.compared_cycles().is_none());
        assert!(make_device(Engine::Model, 4, None).is_ok());
        assert!(make_device(Engine::Model, 17, None).is_err());
        let e = make_device(Engine::Model, 16, Some(TraceSpec::whole("x.fst"))).err().unwrap();
        assert!(e.contains("--engine rtl"), "{e}");
    }

    #[test]
    fn trace_windows() {
        assert_eq!(TraceSpec::before("t.fst", 5000, 2000).from_cycle, 3000);
        assert_eq!(TraceSpec::before("t.fst", 500, 2000).from_cycle, 0);
    }

    #[cfg(not(feature = "rtl"))]
    #[test]
    fn rtl_engines_need_the_feature() {
        for e in [Engine::Rtl, Engine::Lockstep] {
            let err = make_device(e, 16, None).err().unwrap();
            assert!(err.contains("built without the `rtl` feature") && err.contains("make build"), "{err}");
        }
        assert!(!rtl_available());
    }

    #[cfg(feature = "rtl")]
    #[test]
    fn rtl_engines() {
        assert!(rtl_available());
        let (mut d, p) = make_device_probed(Engine::Lockstep, Build::Main, NicConfig::default(), None).unwrap();
        for _ in 0..10 {
            d.tick(&Inputs::default());
        }
        assert_eq!(p.divergence(), None);
        assert_eq!(p.compared_cycles(), Some(11));
        let mut r = make_device(Engine::Rtl, 16, None).unwrap();
        r.tick(&Inputs::default());
        let e = make_device(Engine::Lockstep, 4, None).err().unwrap();
        assert!(e.contains("RX_QUEUES: built 16, asked 4"), "{e}");
        // Any parameter the model has must match the build, not only the queue count.
        let slow = NicConfig { cycles_per_us: 156, ..NicConfig::default() };
        let e = make_device_probed(Engine::Lockstep, Build::Main, slow, None).err().unwrap();
        assert!(e.contains("CYCLES_PER_US: built 250, asked 156") && e.contains("--clock-mhz 250"), "{e}");
    }
}
