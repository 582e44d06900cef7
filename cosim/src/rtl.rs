//! [`RtlNic`]: the Verilated `nic_top` as a [`Device`].

use crate::bridge::ffi;
use crate::design;
use cxx::UniquePtr;
use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_hw::Device;
use std::path::{Path, PathBuf};

/// Rising edges spent with `rst = 1` (all inputs 0) when an [`RtlNic`] is
/// constructed. `rst` is released after them; the state after the last
/// reset edge is **cycle 0**, which must equal a freshly constructed model
/// (`nicsim_model::Nic::new`), outputs included. Outputs are compared from
/// cycle 0 on; reset edges are not traced.
pub const RESET_CYCLES: u32 = 4;
/// One cycle of the 250 MHz clock, in FST time units (ps).
pub const PS_PER_CYCLE: u64 = nicsim_hw::CLOCK_PS;

/// Which Verilated design to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Design {
    /// `nic_top` from `rtl/nic.f` (or `NICSIM_RTL_F` at build time; the stub
    /// when neither exists — see [`design::MAIN_IS_STUB`]).
    Main,
    /// The plumbing stub `cosim/tests/stub/nic_top_stub.sv` (needs the
    /// `stub` feature, on by default).
    Stub,
    /// The main file list verilated with `+define+NIC_FAULT_RSS_BIT`: the
    /// NIC with a planted fault (bit 0 of the RSS hash in the RX write-back
    /// flipped, rtl/nic_rx_dma.sv), to prove the lockstep checker catches
    /// one (needs the `fault` feature, on by default, and a main design that
    /// is the NIC — see [`design::FAULT_BUILT`]). No trace support.
    Fault,
    /// The main file list with a second parameter set
    /// ([`design::SMALL_PARAMS`]: 4 RX queues, small FIFOs and caches), so
    /// lockstep runs cover more than one build (needs the `small` feature,
    /// off by default in cargo, on in `make build` and `make test` — see [`design::SMALL_BUILT`]). No trace support.
    Small,
    /// The main design verilated with line and toggle coverage (needs the
    /// `coverage` feature). Chosen in place of `Main` while
    /// [`COVERAGE_ENV`] names a directory; no trace support.
    Cov,
}

/// Environment variable: a directory. While set, `RtlNic::with_design(Main)`
/// runs [`Design::Cov`] and writes its coverage counters to
/// `<dir>/<pid>-<n>.dat` when the RtlNic is dropped (`make coverage`).
pub const COVERAGE_ENV: &str = "NICSIM_COSIM_COVERAGE";

static COV_FILES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Design {
    fn id(self) -> u32 {
        match self {
            Design::Main => 0,
            Design::Stub => 1,
            Design::Fault => 2,
            Design::Small => 3,
            Design::Cov => 4,
        }
    }
    /// Every design, for listings.
    pub const ALL: [Design; 5] = [Design::Main, Design::Stub, Design::Fault, Design::Small, Design::Cov];
    pub fn name(self) -> &'static str {
        match self {
            Design::Main => "main",
            Design::Stub => "stub",
            Design::Fault => "fault",
            Design::Small => "small",
            Design::Cov => "cov",
        }
    }
    /// True when this build of the crate has the design.
    pub fn built(self) -> bool {
        match self {
            Design::Main => true,
            Design::Stub => design::STUB_BUILT,
            Design::Fault => design::FAULT_BUILT,
            Design::Small => design::SMALL_BUILT,
            Design::Cov => design::COV_BUILT,
        }
    }
    /// The model build that equals this design's parameters (what
    /// [`crate::Lockstep::with_design`] requires).
    pub fn config(self) -> nicsim_model::NicConfig {
        let d = nicsim_model::NicConfig::default();
        match self {
            Design::Small => {
                let [queues, fifo_words, meta_depth, desc_cache, max_reads, tx_fifo_words, tx_meta_depth, cycles_per_us] =
                    design::SMALL_CONFIG;
                nicsim_model::NicConfig {
                    queues,
                    fifo_words,
                    meta_depth,
                    desc_cache,
                    max_reads,
                    tx_fifo_words,
                    tx_meta_depth,
                    cycles_per_us: cycles_per_us as u64,
                }
            }
            _ => nicsim_model::NicConfig { queues: design::RX_QUEUES, ..d },
        }
    }
    /// Verilated ports: (name, is output, width).
    pub fn ports(self) -> &'static [(&'static str, bool, u32)] {
        match self {
            Design::Main => design::MAIN_PORTS,
            Design::Stub => design::STUB_PORTS,
            Design::Fault => design::FAULT_PORTS,
            Design::Small => design::SMALL_PORTS,
            Design::Cov => design::COV_PORTS,
        }
    }
    /// Verilated with trace support (`NICSIM_COSIM_TRACE=0` at build time turns it off for Main).
    pub fn traced(self) -> bool {
        match self {
            Design::Main => design::MAIN_TRACED,
            Design::Stub => design::STUB_TRACED,
            Design::Fault => design::FAULT_TRACED,
            Design::Small => design::SMALL_TRACED,
            Design::Cov => design::COV_TRACED,
        }
    }
    /// True when this design is the plumbing stub, not the NIC.
    pub fn is_stub(self) -> bool {
        match self {
            Design::Main => design::MAIN_IS_STUB,
            Design::Stub => true,
            Design::Fault | Design::Small | Design::Cov => false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CosimError {
    /// The C++ side threw: `$fatal`/`$stop` in the RTL, an internal Verilator error, $finish.
    #[error("RTL: {0}")]
    Rtl(String),
    #[error("cannot write trace {path}: {source}")]
    Trace { path: PathBuf, source: std::io::Error },
    /// Asked for something this build cannot do.
    #[error("{0}")]
    Config(String),
}

/// The Verilated NIC. `tick` is one call into C++ (inputs in, two evals,
/// outputs out); see cosim/README.md for the per-cycle contract.
pub struct RtlNic {
    sim: UniquePtr<ffi::RtlSim>,
    design: Design,
    raw: ffi::Out,
    out: Outputs,
    /// Edges since cycle 0, skipped ones included (= the testbench's cycle).
    cycle: u64,
    /// Trace requested: (path, first cycle).
    trace_req: Option<(PathBuf, u64)>,
    /// Close the trace when this cycle is reached.
    trace_until: u64,
    /// min(start of a requested trace, trace_until): one compare per tick.
    trace_event: u64,
    /// Coverage counters are written here on drop ([`COVERAGE_ENV`]).
    cov_out: Option<PathBuf>,
}

impl Drop for RtlNic {
    fn drop(&mut self) {
        if let Some(p) = self.cov_out.take() {
            if let Err(e) = self.coverage_write(&p) {
                eprintln!("nicsim-cosim: cannot write coverage {}: {e}", p.display());
            }
        }
    }
}

impl RtlNic {
    /// The main design (`rtl/nic.f`), `RX_QUEUES` = [`design::RX_QUEUES`], out of reset at cycle 0.
    pub fn new() -> Result<Self, CosimError> {
        Self::with_design(Design::Main)
    }

    pub fn with_design(design: Design) -> Result<Self, CosimError> {
        if design == Design::Stub && !design::STUB_BUILT {
            return Err(CosimError::Config(
                "the plumbing stub is not built: enable nicsim-cosim's `stub` feature".into(),
            ));
        }
        if design == Design::Fault && !design::FAULT_BUILT {
            return Err(CosimError::Config(if design::MAIN_IS_STUB {
                "the fault design is not built: the main design is the plumbing stub (no rtl/nic.f)".into()
            } else {
                "the fault design is not built: enable nicsim-cosim's `fault` feature".into()
            }));
        }
        // make coverage: the instrumented build in place of the main design.
        let cov_dir = std::env::var_os(COVERAGE_ENV).filter(|d| !d.is_empty()).map(PathBuf::from);
        let design = match (&cov_dir, design) {
            (Some(dir), Design::Main) => {
                if !design::COV_BUILT {
                    return Err(CosimError::Config(format!(
                        "{COVERAGE_ENV}={} is set but the coverage design is not built: enable nicsim-cosim's `coverage` feature",
                        dir.display()
                    )));
                }
                Design::Cov
            }
            _ => design,
        };
        if design == Design::Cov && !design::COV_BUILT {
            return Err(CosimError::Config(
                "the coverage design is not built: enable nicsim-cosim's `coverage` feature".into(),
            ));
        }
        if design == Design::Small && !design::SMALL_BUILT {
            return Err(CosimError::Config(if design::MAIN_IS_STUB {
                "the small design is not built: the main design is the plumbing stub (no rtl/nic.f)".into()
            } else {
                "the small design is not built: enable nicsim-cosim's `small` feature (nicsim-testbench/small)".into()
            }));
        }
        check_output_widths(design)?;
        let mut raw = ffi::Out::default();
        let sim =
            ffi::new_rtl_sim(design.id(), RESET_CYCLES, &mut raw).map_err(|e| CosimError::Rtl(e.what().to_string()))?;
        let cov_out = match (design, cov_dir) {
            (Design::Cov, Some(dir)) => {
                std::fs::create_dir_all(&dir).map_err(|source| CosimError::Trace { path: dir.clone(), source })?;
                let n = COV_FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Some(dir.join(format!("{}-{n}.dat", std::process::id())))
            }
            _ => None,
        };
        Ok(RtlNic {
            cov_out,
            sim,
            design,
            raw,
            out: from_ffi(&raw),
            cycle: 0,
            trace_req: None,
            trace_until: u64::MAX,
            trace_event: u64::MAX,
        })
    }

    pub fn design(&self) -> Design {
        self.design
    }
    /// RX queues of the Verilated build.
    pub fn queues(&self) -> usize {
        self.design.config().queues
    }
    /// Current cycle (edges since cycle 0, skipped ones included).
    pub fn cycle(&self) -> u64 {
        self.cycle
    }
    /// The RTL's `stat_idle` this cycle.
    pub fn idle(&self) -> bool {
        self.raw.stat_idle
    }

    /// Trace to an FST file from now on (until [`trace_stop`](Self::trace_stop) or drop).
    pub fn trace_to(&mut self, path: impl AsRef<Path>) -> Result<(), CosimError> {
        self.trace_window(path, self.cycle, u64::MAX)
    }

    /// Trace from cycle `from` on (now if it is past).
    pub fn trace_from(&mut self, path: impl AsRef<Path>, from: u64) -> Result<(), CosimError> {
        self.trace_window(path, from, u64::MAX)
    }

    /// Trace cycles `from..until` (the file holds the state of cycle `from`
    /// at 4·from ns up to the edge into cycle `until`). FST time unit: 1 ps;
    /// cycle c's outputs are valid from c·4000 ps; inputs of cycle c change
    /// at c·4000 + 2000 ps; the rising edge out of cycle c is at (c+1)·4000 ps.
    pub fn trace_window(&mut self, path: impl AsRef<Path>, from: u64, until: u64) -> Result<(), CosimError> {
        let path = path.as_ref().to_path_buf();
        if !self.design.traced() {
            return Err(CosimError::Config(
                "this build of the RTL has no trace support: rebuild without NICSIM_COSIM_TRACE=0".into(),
            ));
        }
        // Surface a bad path here, as an error, not later inside a tick.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| CosimError::Trace { path: path.clone(), source })?;
        }
        std::fs::File::create(&path).map_err(|source| CosimError::Trace { path: path.clone(), source })?;
        self.trace_stop();
        self.trace_req = Some((path, from.max(self.cycle)));
        self.trace_until = until;
        self.trace_event = from.max(self.cycle).min(until);
        if self.cycle >= self.trace_event {
            self.trace_events();
        }
        Ok(())
    }

    /// Write the coverage counters so far to `path` (Verilator's
    /// coverage.dat format, for `verilator_coverage`); only
    /// [`Design::Cov`] has any.
    pub fn coverage_write(&mut self, path: impl AsRef<Path>) -> Result<(), CosimError> {
        let p = path.as_ref().display().to_string();
        self.sim.pin_mut().coverage_write(&p).map_err(|e| CosimError::Rtl(e.what().to_string()))
    }

    /// Close the trace (flushes the FST); drops a trace not started yet.
    pub fn trace_stop(&mut self) {
        self.trace_req = None;
        self.trace_until = u64::MAX;
        self.trace_event = u64::MAX;
        if self.sim.tracing() {
            if let Err(e) = self.sim.pin_mut().trace_close() {
                panic!("RTL: closing the trace failed: {}", e.what());
            }
        }
    }

    /// True while an FST is open.
    pub fn tracing(&self) -> bool {
        self.sim.tracing()
    }

    #[cold]
    fn trace_events(&mut self) {
        if self.cycle >= self.trace_until {
            self.trace_stop();
            return;
        }
        let due = self.trace_req.as_ref().is_some_and(|(_, from)| self.cycle >= *from);
        if let Some((path, from)) = due.then(|| self.trace_req.take()).flatten() {
            let p = path.to_string_lossy().to_string();
            // Later than `from` only when idle cycles were skipped over it:
            // the state is the same as at `from`, so the trace starts there.
            if let Err(e) = self.sim.pin_mut().trace_open(&p, from) {
                panic!("RTL: cannot start the trace {p}: {}", e.what());
            }
        }
        self.trace_event = match &self.trace_req {
            Some((_, from)) => (*from).min(self.trace_until),
            None => self.trace_until,
        };
    }
}

impl Device for RtlNic {
    #[inline]
    fn outputs(&self) -> &Outputs {
        &self.out
    }

    #[inline]
    fn tick(&mut self, inputs: &Inputs) -> &Outputs {
        if self.cycle >= self.trace_event {
            self.trace_events();
        }
        let i = to_ffi(inputs);
        if let Err(e) = self.sim.pin_mut().tick(self.cycle, &i, &mut self.raw) {
            panic!("RTL error in the edge out of cycle {}: {}", self.cycle, e.what());
        }
        self.cycle += 1;
        self.out = from_ffi(&self.raw);
        &self.out
    }

    fn quiescent(&self) -> bool {
        self.raw.stat_idle
    }

    /// An idle RTL is a fixed point: nothing to evaluate, only the cycle count moves.
    fn skip(&mut self, n: u64) {
        debug_assert!(self.raw.stat_idle, "skip() while the RTL's stat_idle is 0 (cycle {})", self.cycle);
        self.cycle += n;
    }
}

fn check_output_widths(design: Design) -> Result<(), CosimError> {
    let ports = design.ports();
    let mut bad = Vec::new();
    for (name, _, width) in Outputs::default().fields() {
        match ports.iter().find(|p| p.0 == name) {
            Some(&(_, true, w)) if w == width => {}
            Some(&(_, _, w)) => bad.push(format!("{name}: RTL {w} bits, model {width}")),
            None => bad.push(format!("{name}: no such RTL output")),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(CosimError::Config(format!("RTL outputs differ from Outputs::fields(): {}", bad.join(", "))))
    }
}

/// Field-by-field copies. Both sides are destructured without `..`, so a
/// port added to nicsim_hw::ports or to the bridge is a compile error here.
macro_rules! convert {
    ($from:ident : $src:path => $dst:path { $($f:ident),* $(,)? } $(ignore $x:ident)?) => {{
        let $src { $($f,)* $($x: _,)? } = *$from;
        $dst { $($f,)* }
    }};
}

#[inline]
fn to_ffi(i: &Inputs) -> ffi::In {
    convert!(i: Inputs => ffi::In {
        s_axil_awaddr, s_axil_awvalid, s_axil_wdata, s_axil_wstrb, s_axil_wvalid, s_axil_bready,
        s_axil_araddr, s_axil_arvalid, s_axil_rready,
        m_axi_awready, m_axi_wready, m_axi_bid, m_axi_bresp, m_axi_bvalid, m_axi_arready,
        m_axi_rid, m_axi_rdata, m_axi_rresp, m_axi_rlast, m_axi_rvalid,
        s_axis_rx_tdata, s_axis_rx_tkeep, s_axis_rx_tvalid, s_axis_rx_tlast, s_axis_rx_tuser,
        m_axis_tx_tready,
    })
}

#[inline]
fn from_ffi(o: &ffi::Out) -> Outputs {
    convert!(o: ffi::Out => Outputs {
        s_axil_awready, s_axil_wready, s_axil_bresp, s_axil_bvalid, s_axil_arready, s_axil_rdata,
        s_axil_rresp, s_axil_rvalid,
        m_axi_awid, m_axi_awaddr, m_axi_awlen, m_axi_awsize, m_axi_awburst, m_axi_awvalid,
        m_axi_wdata, m_axi_wstrb, m_axi_wlast, m_axi_wvalid, m_axi_bready,
        m_axi_arid, m_axi_araddr, m_axi_arlen, m_axi_arsize, m_axi_arburst, m_axi_arvalid, m_axi_rready,
        m_axis_tx_tdata, m_axis_tx_tkeep, m_axis_tx_tvalid, m_axis_tx_tlast, m_axis_tx_tuser,
        stat_rx_in_valid, stat_rx_in_code, stat_rx_out_valid, stat_rx_out_no_desc, stat_rx_out_queue,
    } ignore stat_idle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The small design's parameters (cosim/build.rs SMALL_PARAMS) and the
    /// model's `NicConfig::small()` are written twice; they must agree, or
    /// `--build small` would run the model with other parameters than the RTL.
    #[test]
    fn small_design_matches_the_models_small_config() {
        assert_eq!(Design::Small.config(), nicsim_model::NicConfig::small());
        assert!(Design::Small.config().validate().is_ok());
        assert_eq!(Design::Main.config(), nicsim_model::NicConfig::default());
    }
}
