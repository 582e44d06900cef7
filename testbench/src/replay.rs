//! Replay a list of frames through an engine with the driver: the library
//! behind `nicsim replay`, shared by the CLI, the scenario tests and the
//! benchmarks so that they all exercise the same path.

use crate::bfm::{AxilConfig, Clock, HostMemConfig, TxStall};
use crate::engine::{self, DivergenceInfo, Engine, TraceSpec};
use crate::pcap::Frame;
use crate::sim::{Drop, Fate, Feed, HostTiming, Offer, RunSink, Sim, SimConfig, SimError, Totals, TxDrop, TxFate};
use nicsim_driver::DriverConfig;
use nicsim_hw::rss::DEFAULT_KEY;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// How frames are placed on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// The capture's own timestamps, relative to its first frame.
    Original,
    /// Back to back at this line rate (bits/s), counting preamble and IFG.
    Rate(u64),
    /// Back to back at the MAC interface's full speed (8 bytes per cycle).
    TopSpeed,
}

/// Bytes on the wire besides the captured frame: FCS 4, preamble 8, IFG 12.
pub const WIRE_EXTRA: u64 = 24;

/// Parse a line rate such as `10G`, `2.5G`, `100M`, `1000000` (bits/s).
pub fn parse_rate(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.strip_suffix("bps").or_else(|| t.strip_suffix("b/s")).unwrap_or(&t);
    let (num, mul) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('m') => (&t[..t.len() - 1], 1e6),
        Some('g') => (&t[..t.len() - 1], 1e9),
        Some('t') => (&t[..t.len() - 1], 1e12),
        _ => (t, 1.0),
    };
    let v: f64 = num.parse().map_err(|_| format!("bad rate '{s}': use e.g. 10G, 25G, 1G, 100M"))?;
    let bps = v * mul;
    if !(1e3..=1e13).contains(&bps) {
        return Err(format!("rate '{s}' is out of range (1 kb/s to 10 Tb/s)"));
    }
    Ok(bps as u64)
}

/// Gaps between capture timestamps longer than this are reported.
pub const LONG_GAP_NS: u64 = 1_000_000_000;

/// Turns capture timestamps into offer times one frame at a time, so a
/// capture can be streamed. Times are relative to the first frame.
///
/// * `Original`: the capture's timestamps relative to its first frame. A
///   frame stamped earlier than one before it goes as soon as it can (the
///   MAC sends in file order). With `max_gap`, every forward gap longer
///   than it is shortened to it, as tcpreplay's `--maxsleep` does.
/// * `Rate`: back to back at the line rate, counting preamble, FCS and IFG.
/// * `TopSpeed`: RX frames all due at once (the MAC sends them back to
///   back); TX frames each as soon as the previous one could have left the
///   MAC interface at 8 bytes per cycle (padded to 60).
#[derive(Clone, Debug)]
pub struct OffsetClock {
    timing: Timing,
    tx: bool,
    max_gap_ns: Option<u64>,
    /// First timestamp, latest timestamp so far, and the time taken out by `max_gap`.
    first_ts: Option<u64>,
    hi_ts: u64,
    shift_ns: u64,
    /// Rate: wire bits so far. TopSpeed TX: cycles so far.
    bits: u128,
    top: u64,
    /// TX offers never go backwards.
    last: u64,
    /// The device clock the offsets are counted in.
    clock: Clock,
    /// The longest forward gap between timestamps, and how many exceeded [`LONG_GAP_NS`].
    pub longest_gap_ns: u64,
    pub long_gaps: u64,
}

impl OffsetClock {
    pub fn new(timing: Timing, tx: bool, max_gap_ns: Option<u64>) -> Self {
        OffsetClock {
            timing,
            tx,
            max_gap_ns,
            first_ts: None,
            hi_ts: 0,
            shift_ns: 0,
            bits: 0,
            top: 0,
            last: 0,
            clock: Clock::default(),
            longest_gap_ns: 0,
            long_gaps: 0,
        }
    }

    /// Offsets in cycles of `clock` (the default is 250 MHz).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Timestamp of the first frame seen (the capture's start).
    pub fn first_ts(&self) -> Option<u64> {
        self.first_ts
    }

    /// The offer cycle of the next frame, relative to the start of traffic.
    pub fn next(&mut self, ts_ns: u64, len: usize) -> u64 {
        let first = *self.first_ts.get_or_insert(ts_ns);
        if ts_ns > self.hi_ts.max(first) {
            let gap = ts_ns - self.hi_ts.max(first);
            self.longest_gap_ns = self.longest_gap_ns.max(gap);
            self.long_gaps += (gap > LONG_GAP_NS) as u64;
            if let Some(m) = self.max_gap_ns {
                self.shift_ns += gap.saturating_sub(m);
            }
        }
        self.hi_ts = self.hi_ts.max(ts_ns);
        let o = match self.timing {
            Timing::TopSpeed if self.tx => {
                let o = self.top;
                self.top += (len.max(60) as u64).div_ceil(8);
                o
            }
            Timing::TopSpeed => 0,
            Timing::Original => self.clock.ns_to_cycles_ceil(ts_ns.saturating_sub(first).saturating_sub(self.shift_ns)),
            Timing::Rate(bps) => {
                // ps = bits * 1e12 / bps, from the running total so rounding never accumulates.
                let ps = self.bits * 1_000_000_000_000 / bps.max(1) as u128;
                self.bits += 8 * (len.max(60) as u128 + WIRE_EXTRA as u128);
                self.clock.ps_to_cycles_ceil(ps)
            }
        };
        if self.tx {
            self.last = self.last.max(o);
            self.last
        } else {
            o
        }
    }
}

/// Start cycle of each frame, relative to the start of traffic (see [`OffsetClock`]).
pub fn wire_offsets(frames: &[Frame], timing: Timing) -> Vec<u64> {
    let mut c = OffsetClock::new(timing, false, None);
    frames.iter().map(|f| c.next(f.ts_ns, f.data.len())).collect()
}

/// Offer time of each TX frame, relative to the start of traffic. The
/// sending application goes through the capture in file order, so offsets
/// never decrease (see [`OffsetClock`]).
pub fn tx_offsets(frames: &[Frame], timing: Timing) -> Vec<u64> {
    let mut c = OffsetClock::new(timing, true, None);
    frames.iter().map(|f| c.next(f.ts_ns, f.data.len())).collect()
}

/// Everything `nicsim replay` can set.
#[derive(Clone, Debug)]
pub struct ReplayOptions {
    pub queues: usize,
    pub ring: usize,
    pub buf_size: usize,
    pub mtu: u32,
    pub rss_key: [u8; 40],
    pub timing: Timing,
    pub rx_usecs: u16,
    pub rx_frames: u16,
    pub budget: usize,
    pub weight: usize,
    pub seed: u64,
    pub host: HostTiming,
    /// Host memory read latency and seeded jitter (ns).
    pub mem_latency_ns: u64,
    pub mem_jitter_ns: u64,
    /// One-way MMIO (PCIe) latency, ns.
    pub mmio_latency_ns: u64,
    /// Device build: RX queues the NIC has (CAPS.RXQ).
    pub device_queues: usize,
    /// Device build: the parameter set (`--build`): the Verilated design for
    /// rtl and lockstep, and the model's other parameters.
    pub build: crate::engine::Build,
    /// The device clock (`--clock-mhz`): the length of a cycle for every
    /// engine; the device's CYCLES_PER_US follows it.
    pub clock: Clock,
    /// Engine and optional FST trace of the RTL.
    pub engine: Engine,
    pub trace: Option<TraceSpec>,
    /// TX ring size; None = the same as `ring`.
    pub tx_ring: Option<usize>,
    /// Most bytes per TX descriptor.
    pub tx_buf: usize,
    /// TX interrupt moderation (ethtool -C tx-usecs / tx-frames). Queues
    /// are paired, so tx-usecs must be 0 as on igb: rx-usecs moderates both.
    pub tx_usecs: u16,
    pub tx_frames: u16,
    /// `m_axis_tx_tready` stall pattern.
    pub tx_stall: TxStall,
    /// Frames each TX queue's qdisc holds while the queue is stopped.
    pub txqueuelen: usize,
    /// Original timing: shorten every gap between timestamps to at most this.
    pub max_gap_ns: Option<u64>,
    /// Set from outside (SIGINT) to stop the run at the current cycle.
    pub stop: Option<Arc<AtomicBool>>,
    /// Issue 11: check the NAPI rules (on by default), the event trace, and
    /// the longest a TX frame may wait after leaving the MAC to be reclaimed.
    pub check_napi: bool,
    pub events: Option<crate::events::EventsTo>,
    pub tx_reclaim_bound_ns: u64,
    /// Issue 11: the driver to run (None: the project's driver).
    pub driver_under_test: Option<DriverUnderTest>,
    /// Issue 11: stop after this many NAPI violations or past this cycle.
    pub napi_stop_after: Option<(u64, u64)>,
    /// Issue 11: RX buffer allocation failures to inject (`--fault-rx-alloc`).
    pub rx_alloc_fail: Option<crate::faults::AllocFail>,
    /// Issue 11: DMA bursts answered with an error (`--fault-dma`), MSI-X
    /// messages lost or late (`--fault-msix`), device resets behind the
    /// driver's back at these times after the start of traffic, ns
    /// (`--fault-reset`).
    pub dma_faults: Option<crate::faults::DmaFaults>,
    pub msix_faults: Vec<crate::faults::MsixFault>,
    pub reset_at_ns: Vec<u64>,
    /// Issue 11: dev_watchdog's watchdog_timeo (`--watchdog-ms`), ns.
    pub watchdog_timeo_ns: u64,
    /// The no-progress limit, ns, instead of [`ReplayOptions::watchdog_cycles`]'s.
    pub hang_after_ns: Option<u64>,
    /// Link speed the driver sees, Mb/s (`--speed`); None: the `--rate`
    /// line rate, else 10000 (see [`ReplayOptions::link_speed`]).
    pub speed: Option<u32>,
    /// Linux DIM instead of igb's adaptive ITR (`--dim`).
    pub dim: bool,
}

/// A driver implementation to validate, with a name for reports.
#[derive(Clone)]
pub struct DriverUnderTest {
    pub name: String,
    pub probe: Arc<nicsim_driver::ProbeFn>,
}

impl std::fmt::Debug for DriverUnderTest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DriverUnderTest({})", self.name)
    }
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            queues: 4,
            // igb: IGB_DEFAULT_RXD / TXD 256, rx-usecs 3 (dynamic conservative)
            ring: 256,
            buf_size: 2048,
            mtu: 1500,
            rss_key: DEFAULT_KEY,
            timing: Timing::Original,
            rx_usecs: 3,
            rx_frames: 0,
            budget: 300,
            weight: 64,
            seed: 1,
            host: HostTiming::default(),
            mem_latency_ns: 500,
            mem_jitter_ns: 0,
            mmio_latency_ns: 400,
            device_queues: 16,
            build: crate::engine::Build::Main,
            clock: Clock::default(),
            engine: Engine::Model,
            trace: None,
            tx_ring: None,
            tx_buf: 2048,
            tx_usecs: 0,
            tx_frames: 0,
            tx_stall: TxStall::None,
            txqueuelen: 1000,
            max_gap_ns: None,
            stop: None,
            check_napi: true,
            events: None,
            tx_reclaim_bound_ns: 10_000_000,
            driver_under_test: None,
            napi_stop_after: None,
            rx_alloc_fail: None,
            dma_faults: None,
            msix_faults: Vec::new(),
            reset_at_ns: Vec::new(),
            watchdog_timeo_ns: crate::sim::WATCHDOG_TIMEO_NS,
            hang_after_ns: None,
            speed: None,
            dim: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("{0}")]
    Options(String),
    #[error("device build: {0}")]
    Device(#[from] nicsim_model::ConfigError),
    #[error(transparent)]
    Sim(#[from] SimError),
    #[error("lockstep: {0}")]
    Diverged(DivergenceInfo),
}

impl ReplayOptions {
    pub fn validate(&self) -> Result<(), ReplayError> {
        if self.rx_frames > 0 && self.rx_usecs == 0 {
            return Err(ReplayError::Options(
                "--rx-frames without --rx-usecs can leave frames in a ring with no interrupt ever coming; \
                 give --rx-usecs too (e.g. --rx-usecs 50)"
                    .into(),
            ));
        }
        if self.tx_frames > 0 && self.rx_usecs == 0 {
            return Err(ReplayError::Options(
                "--tx-frames without an interval (--rx-usecs, which moderates the paired TX queue too) can \
                 leave completions unreclaimed with no interrupt ever coming; give --rx-usecs too (e.g. --rx-usecs 50)"
                    .into(),
            ));
        }
        if self.dim && !nicsim_driver::ItrSetting::from_usecs(self.rx_usecs).is_some_and(|s| s.dynamic()) {
            return Err(ReplayError::Options(format!(
                "--dim replaces igb's adaptive ITR, so it cannot be combined with --rx-usecs {} (a fixed \
                 interval, or 0 for none): leave --rx-usecs at its default (3) or give 1, or drop --dim",
                self.rx_usecs
            )));
        }
        if self.speed == Some(0) {
            return Err(ReplayError::Options(
                "--speed 0: give the link speed in Mb/s as ethtool does (e.g. 1000 or 10000)".into(),
            ));
        }
        // igb_set_coalesce's refusals (the rest of the driver config is checked by probe).
        let d = self.driver_config();
        if nicsim_driver::ItrSetting::from_usecs(d.rx_usecs).is_none() || d.tx_usecs != 0 {
            d.validate().map_err(|e| ReplayError::Options(e.to_string()))?;
        }
        if self.txqueuelen == 0 {
            return Err(ReplayError::Options("txqueuelen must be at least 1 (Linux uses 1000)".into()));
        }
        let h = &self.host;
        if h.hz == 0 || h.hz > 10_000 {
            return Err(ReplayError::Options(format!(
                "--hz {} is out of range: use 1..=10000 (Linux: 100, 250, 300, 1000)",
                h.hz
            )));
        }
        let ncpu = h.cpu_count(self.device_queues + 1);
        if ncpu > 256 {
            return Err(ReplayError::Options(format!("--cpus {ncpu}: at most 256 (the MSI address's APIC ID byte)")));
        }
        if let Some(&c) = h.irq_affinity.iter().find(|&&c| c >= ncpu) {
            return Err(ReplayError::Options(format!(
                "--irq-affinity names CPU {c}, but there are {ncpu} CPUs (0..{})",
                ncpu - 1
            )));
        }
        if self.budget == 0 {
            return Err(ReplayError::Options(
                "--budget must be at least 1 (Linux default netdev_budget is 300)".into(),
            ));
        }
        if self.queues > self.device_queues {
            return Err(ReplayError::Options(format!(
                "--queues {} is more than the device has ({})",
                self.queues, self.device_queues
            )));
        }
        Ok(())
    }

    /// The device's parameters: the build's, with `device_queues` RX queues.
    pub fn device_config(&self) -> nicsim_model::NicConfig {
        let base = self.build.config().unwrap_or_default();
        nicsim_model::NicConfig { queues: self.device_queues, cycles_per_us: self.clock.cycles_per_us(), ..base }
    }

    /// The link speed the driver is told, Mb/s: `speed` if given, else the
    /// line rate of `--rate` (frames back to back at that rate are a link of
    /// that speed), else 10000, the device's 10GBASE-R line.
    pub fn link_speed(&self) -> u32 {
        self.speed.unwrap_or(match self.timing {
            Timing::Rate(bps) => (bps / 1_000_000).clamp(1, u32::MAX as u64) as u32,
            Timing::Original | Timing::TopSpeed => 10_000,
        })
    }

    /// The driver configuration these options give.
    pub fn driver_config(&self) -> DriverConfig {
        DriverConfig {
            queues: self.queues,
            ring_size: self.ring,
            buf_size: self.buf_size,
            mtu: self.mtu,
            rss_key: self.rss_key,
            rx_usecs: self.rx_usecs,
            rx_frames: self.rx_frames,
            weight: self.weight,
            tx_ring_size: self.tx_ring.unwrap_or(self.ring),
            tx_buf: self.tx_buf,
            tx_usecs: self.tx_usecs,
            tx_frames: self.tx_frames,
            link_speed: self.link_speed(),
            dim: self.dim.then_some(nicsim_driver::DimPeriodMode::StartFromEqe),
        }
    }

    fn sim_config(&self) -> SimConfig {
        let driver = self.driver_config();
        let mut timing = self.host.clone();
        timing.netdev_budget = self.budget;
        SimConfig {
            driver,
            timing,
            mem: HostMemConfig {
                read_latency: self.clock.ns_to_cycles_ceil(self.mem_latency_ns).max(1) as u32,
                read_jitter: self.clock.ns_to_cycles_ceil(self.mem_jitter_ns) as u32,
                seed: self.seed,
                ..HostMemConfig::default()
            },
            axil: AxilConfig { mmio_latency_cycles: self.clock.ns_to_cycles_ceil(self.mmio_latency_ns) as u32 },
            clock: self.clock,
            seed: self.seed,
            tx_stall: self.tx_stall,
            txqueuelen: self.txqueuelen,
            watchdog_cycles: self.watchdog_cycles(),
            stop: self.stop.clone(),
            check_napi: self.check_napi,
            events: self.events.clone(),
            tx_reclaim_bound_ns: self.tx_reclaim_bound_ns,
            napi_stop_after: self.napi_stop_after,
            rx_alloc_fail: self.rx_alloc_fail,
            dma_faults: self.dma_faults.clone(),
            msix_faults: self.msix_faults.clone(),
            reset_at_ns: self.reset_at_ns.clone(),
            watchdog_timeo_ns: self.watchdog_timeo_ns,
        }
    }

    /// How long the run may go without any frame making progress before it
    /// is called a hang: one second of simulated time, or much longer when
    /// the configured latencies and moderation delays add up to more.
    pub fn watchdog_cycles(&self) -> u64 {
        if let Some(ns) = self.hang_after_ns {
            return self.clock.ns_to_cycles_ceil(ns);
        }
        let h = &self.host;
        let ns = self.mem_latency_ns
            + self.mem_jitter_ns
            + 2 * self.mmio_latency_ns
            + h.irq_entry_ns
            + (self.rx_usecs as u64 + self.tx_usecs as u64) * 1000
            + (h.poll_ns + h.frame_ns + h.desc_ns) * (1 + h.jitter_pct / 100) * self.budget as u64;
        // A MAC held off for `off` cycles at a time makes no progress meanwhile, legally.
        let stall = match self.tx_stall {
            TxStall::Periodic { off, .. } => self.clock.ns_of(off as u64),
            _ => 0,
        };
        // The driver's recovery takes time too (issue 11): a lost interrupt
        // is re-armed at the second watchdog task run (up to 4 s), a stopped
        // TX queue times out within two watchdog_timeo periods, and its reset
        // waits for the device up to 80 ms.
        let recovery = 2 * nicsim_driver::WATCHDOG_TASK_NS
            + 2 * self.watchdog_timeo_ns
            + nicsim_driver::RESET_WAIT_POLLS as u64 * nicsim_driver::RESET_WAIT_US * 1000
            + 100_000_000;
        self.clock.ns_to_cycles_ceil(
            1_000_000_000u64.max(ns.saturating_mul(100)).max(stall.saturating_mul(100)).max(recovery),
        )
    }
}

/// Per-queue results.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct QueueStats {
    pub packets: u64,
    pub bytes: u64,
    pub irqs: u64,
    pub polls: u64,
    pub no_desc: u64,
    /// TX frames of this queue that left the MAC, and their bytes (unpadded).
    pub tx_packets: u64,
    pub tx_bytes: u64,
}

/// The transmit side of a replay.
#[derive(Clone, Debug, Default)]
pub struct TxReplay {
    /// The run's counts (the same as [`Replay::totals`]).
    pub totals: Totals,
    pub fates: Vec<TxFate>,
    /// Frames as offered (unpadded).
    pub frames: Vec<Vec<u8>>,
    /// What left the MAC, in wire order: (ns of the last beat, bytes, padded to 60).
    pub wire: Vec<(u64, Vec<u8>)>,
    /// TX frames with no final fate when the run ended.
    pub stranded: usize,
    /// Frames that left the MAC with other bytes than offered.
    pub corrupt: usize,
    /// Sink protocol violations (tkeep, tuser), wire frames matching no
    /// offered frame, completions naming no frame in flight.
    pub protocol_errors: u64,
    /// Qdisc runs, and frames requeued after a busy answer.
    pub batches: u64,
    pub requeues: u64,
    /// Cycles with tvalid high and tready low.
    pub stalled_beats: u64,
}

impl TxReplay {
    pub fn offered(&self) -> usize {
        self.totals.tx_offered as usize
    }
    /// Frames that left the MAC.
    pub fn sent(&self) -> usize {
        self.totals.tx_sent as usize
    }
    pub fn sent_bytes(&self) -> u64 {
        self.totals.tx_sent_bytes
    }
    pub fn dropped(&self, d: TxDrop) -> usize {
        self.totals.tx_dropped[d.idx()] as usize
    }
    pub fn dropped_total(&self) -> usize {
        self.totals.tx_dropped.iter().sum::<u64>() as usize
    }
}

/// The outcome of a replay.
pub struct Replay {
    /// Counts of every frame's fate (the vectors below are empty in a
    /// streamed run; these never are).
    pub totals: Totals,
    /// Stopped from outside before every frame settled.
    pub interrupted: bool,
    /// The capture's longest gap between timestamps, and how many were over a second.
    pub longest_gap_ns: u64,
    pub long_gaps: u64,
    pub fates: Vec<Fate>,
    /// Capture indices in the order the driver handed them up.
    pub delivery_order: Vec<usize>,
    /// Padded frame bytes as offered (for the rx pcap and checks).
    pub frames: Vec<Vec<u8>>,
    pub queues: Vec<QueueStats>,
    pub irqs: u64,
    pub napi_polls: u64,
    pub time_squeeze: u64,
    pub cycles: u64,
    pub skipped_cycles: u64,
    pub sim_ns: u64,
    pub wall_s: f64,
    pub stranded: usize,
    pub corrupt: usize,
    pub protocol_errors: u64,
    /// Lockstep: cycles on which model and RTL were compared (0 for one engine).
    pub compared_cycles: u64,
    /// Lockstep: divergences seen (a run stops at the first, so 0 or 1).
    pub divergences: u64,
    pub ethtool: Vec<(String, u64)>,
    pub tx: TxReplay,
    /// The Linux host's view: moderation over time, per-CPU softirq rows.
    pub linux: LinuxView,
    /// Issue 11: NAPI rule violations (empty when the checker is off).
    pub napi: crate::napi_check::NapiReport,
    /// Simulated ns at which traffic started (offer times are relative to it).
    pub traffic_start_ns: u64,
}

/// What the host kernel and driver saw, beyond the frame fates (issue 10).
#[derive(Clone, Debug, Default)]
pub struct LinuxView {
    /// Moderation over time: every interval the driver programmed.
    pub itr_history: Vec<nicsim_driver::ItrWrite>,
    /// Interrupts per queue vector per [`crate::sim::IRQ_BUCKET_NS`].
    pub irq_buckets: Vec<Vec<u32>>,
    /// Per CPU: softnet_stat.
    pub softnet: Vec<crate::sim::SoftnetRow>,
    /// Interrupts per vector (all of the device's) per CPU.
    pub irqs_per_cpu: Vec<Vec<u64>>,
    /// Queue vectors the driver used (0..queues) and its misc vector.
    pub misc_vector: usize,
    /// __do_softirq hand-offs to ksoftirqd.
    pub ksoftirqd: u64,
    /// TX: frames through the empty-qdisc bypass, __qdisc_run runs cut at
    /// dev_tx_weight, the most frames one run sent, and BQL's most bytes
    /// in flight on a queue and most bytes over its limit.
    pub tx_bypass: u64,
    pub tx_deferred: u64,
    pub tx_max_run: u64,
    pub tx_max_run_before_last: u64,
    pub tx_max_bulk: u64,
    pub bql_max_inflight: u64,
    pub bql_max_over: u64,
}

impl Replay {
    pub fn offered(&self) -> usize {
        self.totals.rx_offered as usize
    }
    pub fn delivered(&self) -> usize {
        self.totals.rx_delivered as usize
    }
    pub fn dropped(&self, d: Drop) -> usize {
        self.totals.rx_dropped[d.idx()] as usize
    }
    pub fn dropped_total(&self) -> usize {
        self.totals.rx_dropped.iter().sum::<u64>() as usize
    }
    /// A driver or device counter by its ethtool name (0 when absent).
    pub fn ethtool(&self, name: &str) -> u64 {
        self.ethtool.iter().find(|(n, _)| n == name).map_or(0, |&(_, v)| v)
    }
    /// Simulated cycles per wall-clock second.
    pub fn cycles_per_s(&self) -> f64 {
        self.cycles as f64 / self.wall_s.max(1e-9)
    }
}

/// Replay `frames` (received) through the engine with the driver.
pub fn replay(
    frames: &[Frame],
    opts: &ReplayOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Replay, ReplayError> {
    replay_rx_tx(frames, &[], opts, progress)
}

/// Receive `rx` and transmit `tx` in one run. Both use `opts.timing`,
/// each relative to its own first frame, from the same start of traffic.
/// `progress` gets (frames settled, RX and TX together; cycle). Every
/// frame's fate is kept in the result.
pub fn replay_rx_tx(
    rx: &[Frame],
    tx: &[Frame],
    opts: &ReplayOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Replay, ReplayError> {
    replay_rx_tx_checked(rx, tx, opts, progress).map_err(|f| f.error)
}

/// A run that failed, with what the NAPI checker had recorded by then.
#[derive(Debug)]
pub struct FailedRun {
    pub error: ReplayError,
    pub napi: crate::napi_check::NapiReport,
}

/// [`replay_rx_tx`], but a run that fails (a hang, a divergence) still
/// reports the NAPI violations it recorded before it failed.
pub fn replay_rx_tx_checked(
    rx: &[Frame],
    tx: &[Frame],
    opts: &ReplayOptions,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<Replay, Box<FailedRun>> {
    let failed = |error: ReplayError| Box::new(FailedRun { error, napi: Default::default() });
    opts.validate().map_err(failed)?;
    let started = Instant::now();
    let (dev, probe) = engine::make_device_probed(opts.engine, opts.build, opts.device_config(), opts.trace.clone())
        .map_err(|e| failed(ReplayError::Options(e)))?;
    let mut sim = new_sim(dev, opts).map_err(|e| failed(e.into()))?;
    let mut rx_clock = OffsetClock::new(opts.timing, false, opts.max_gap_ns).with_clock(opts.clock);
    sim.offer(
        rx.iter()
            .map(|f| Offer { offset_cycles: rx_clock.next(f.ts_ns, f.data.len()), bytes: f.data.clone() })
            .collect(),
    );
    let mut tx_clock = OffsetClock::new(opts.timing, true, opts.max_gap_ns).with_clock(opts.clock);
    sim.offer_tx(
        tx.iter()
            .map(|f| Offer { offset_cycles: tx_clock.next(f.ts_ns, f.data.len()), bytes: f.data.clone() })
            .collect(),
    )
    .map_err(|e| failed(e.into()))?;
    let run = sim.run(progress);
    let error = match (probe.divergence(), run) {
        (Some(d), _) => Some(ReplayError::Diverged(d)),
        (None, Err(e)) => Some(e.into()),
        (None, Ok(())) => None,
    };
    if let Some(error) = error {
        return Err(Box::new(FailedRun { error, napi: sim.napi_report() }));
    }
    let mut r = finish(&mut sim, &probe, opts, started);
    r.longest_gap_ns = rx_clock.longest_gap_ns.max(tx_clock.longest_gap_ns);
    r.long_gaps = rx_clock.long_gaps + tx_clock.long_gaps;
    Ok(r)
}

/// The machine with the options' driver.
fn new_sim(dev: Box<dyn nicsim_hw::Device>, opts: &ReplayOptions) -> Result<Sim, SimError> {
    match &opts.driver_under_test {
        Some(d) => Sim::with_driver(dev, opts.sim_config(), &*d.probe),
        None => Sim::new(dev, opts.sim_config()),
    }
}

/// Shares a clock between the feed that advances it and the caller that
/// reads it afterwards.
type SharedClock = std::rc::Rc<std::cell::RefCell<OffsetClock>>;

fn feed(frames: FrameSource, clock: SharedClock) -> Feed {
    Box::new(frames.map(move |f| {
        f.map(|f| Offer { offset_cycles: clock.borrow_mut().next(f.ts_ns, f.data.len()), bytes: f.data })
    }))
}

/// Frames read as they are needed (a capture file, a generator).
pub type FrameSource = Box<dyn Iterator<Item = Result<Frame, String>>>;

/// A streamed replay that failed, with the sink (holding what settled
/// before the failure) when the run got far enough to have one.
pub struct StreamFailure {
    pub error: ReplayError,
    pub sink: Option<Box<dyn RunSink>>,
}

impl From<ReplayError> for Box<StreamFailure> {
    fn from(error: ReplayError) -> Self {
        Box::new(StreamFailure { error, sink: None })
    }
}

/// Replay frames pulled from `rx` and `tx` as the simulation reaches them,
/// with every result streamed to `sink` as it becomes final: memory stays
/// bounded by the frames in flight. The result has counts only (its
/// per-frame vectors are empty). On error the sink has what settled before.
pub fn replay_stream(
    rx: Option<FrameSource>,
    tx: Option<FrameSource>,
    opts: &ReplayOptions,
    sink: Box<dyn RunSink>,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<(Replay, Box<dyn RunSink>), Box<StreamFailure>> {
    opts.validate()?;
    let started = Instant::now();
    let (dev, probe) = engine::make_device_probed(opts.engine, opts.build, opts.device_config(), opts.trace.clone())
        .map_err(ReplayError::Options)?;
    let mut sim = new_sim(dev, opts).map_err(ReplayError::from)?;
    sim.set_sink(sink);
    let rx_clock: SharedClock = Default::default();
    *rx_clock.borrow_mut() = OffsetClock::new(opts.timing, false, opts.max_gap_ns).with_clock(opts.clock);
    let tx_clock: SharedClock = Default::default();
    *tx_clock.borrow_mut() = OffsetClock::new(opts.timing, true, opts.max_gap_ns).with_clock(opts.clock);
    let rx_feed = rx.map(|f| feed(f, rx_clock.clone()));
    let tx_feed = tx.map(|f| feed(f, tx_clock.clone()));
    let run = sim.set_feeds(rx_feed, tx_feed).and_then(|_| sim.run(progress));
    if let Some(d) = probe.divergence() {
        return Err(Box::new(StreamFailure { error: ReplayError::Diverged(d), sink: sim.take_sink() }));
    }
    if let Err(e) = run {
        return Err(Box::new(StreamFailure { error: e.into(), sink: sim.take_sink() }));
    }
    let mut r = finish(&mut sim, &probe, opts, started);
    let (rx_c, tx_c) = (rx_clock.borrow(), tx_clock.borrow());
    r.longest_gap_ns = rx_c.longest_gap_ns.max(tx_c.longest_gap_ns);
    r.long_gaps = rx_c.long_gaps + tx_c.long_gaps;
    let sink = sim.take_sink().expect("the sink stays in the sim");
    Ok((r, sink))
}

impl Default for OffsetClock {
    fn default() -> Self {
        OffsetClock::new(Timing::Original, false, None)
    }
}

/// The result of a finished run.
fn finish(sim: &mut Sim, probe: &engine::EngineProbe, opts: &ReplayOptions, started: Instant) -> Replay {
    let ethtool = sim.ethtool_stats();
    let wall_s = started.elapsed().as_secs_f64();
    let totals = sim.totals.clone();
    let mut queues = vec![QueueStats::default(); opts.queues];
    for (q, qs) in queues.iter_mut().enumerate() {
        if let Some(t) = totals.queues.get(q) {
            qs.packets = t.packets;
            qs.bytes = t.bytes;
            qs.no_desc = t.no_desc;
            qs.tx_packets = t.tx_packets;
            qs.tx_bytes = t.tx_bytes;
        }
        qs.irqs = sim.host.irqs_per_vector.get(q).copied().unwrap_or(0);
        qs.polls = sim.host.polls_per_queue.get(q).copied().unwrap_or(0);
    }
    let tx = TxReplay {
        totals: totals.clone(),
        stranded: sim.tx_stranded.len(),
        corrupt: totals.tx_corrupt as usize,
        protocol_errors: sim.core.tx_protocol_errors + sim.core.txsink.protocol_errors,
        batches: sim.host.tx_batches,
        requeues: sim.host.tx_requeues,
        stalled_beats: sim.core.txsink.stalled_beats,
        frames: sim.core.tx_frames.take_all(),
        wire: std::mem::take(&mut sim.core.tx_wire),
        fates: sim.core.tx_fates.take_all(),
    };
    Replay {
        interrupted: sim.interrupted,
        longest_gap_ns: 0,
        long_gaps: 0,
        compared_cycles: probe.compared_cycles().unwrap_or(0),
        divergences: probe.diverged() as u64,
        corrupt: totals.rx_corrupt as usize,
        stranded: sim.stranded.len(),
        protocol_errors: sim.core.protocol_errors,
        delivery_order: std::mem::take(&mut sim.delivery_order),
        frames: sim.take_offered(),
        queues,
        irqs: sim.host.irqs,
        napi_polls: sim.host.napi_polls,
        time_squeeze: sim.host.time_squeeze,
        cycles: sim.core.cycle,
        skipped_cycles: sim.core.skipped_cycles,
        sim_ns: sim.sim_ns(),
        wall_s,
        ethtool,
        fates: sim.core.fates.take_all(),
        tx,
        totals,
        linux: LinuxView {
            itr_history: sim.driver.itr_history().to_vec(),
            irq_buckets: std::mem::take(&mut sim.host.irq_buckets).into_iter().take(opts.queues).collect(),
            softnet: sim.host.softnet.clone(),
            irqs_per_cpu: sim.host.irqs_per_cpu.clone(),
            misc_vector: sim.driver.misc_vector(),
            ksoftirqd: sim.host.ksoftirqd,
            tx_bypass: sim.host.tx_bypass,
            tx_deferred: sim.host.tx_deferred,
            tx_max_run: sim.host.tx_max_run,
            tx_max_run_before_last: sim.host.tx_max_run_before_last,
            tx_max_bulk: sim.host.tx_max_bulk,
            bql_max_inflight: sim.host.bql_max_inflight,
            bql_max_over: sim.host.bql_max_over,
        },
        napi: sim.napi_report(),
        traffic_start_ns: sim.core.clock.ns_of(sim.t0),
    }
}

impl FromStr for Timing {
    type Err = String;
    /// `original`, `topspeed`, or a rate.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "original" => Ok(Timing::Original),
            "topspeed" => Ok(Timing::TopSpeed),
            r => parse_rate(r).map(Timing::Rate),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The no-progress watch grows with what the user configured, so a
    /// legal setting is never called a hang.
    #[test]
    fn watchdog_follows_the_settings() {
        let d = ReplayOptions::default();
        // The driver's recovery: two watchdog task runs (4 s), two
        // watchdog_timeo periods (10 s), the reset wait (80 ms), 100 ms more.
        assert_eq!(d.watchdog_cycles(), crate::bfm::ns_to_cycles_ceil(14_180_000_000));
        let quick = ReplayOptions { watchdog_timeo_ns: 1_000_000, ..d.clone() };
        assert_eq!(quick.watchdog_cycles(), crate::bfm::ns_to_cycles_ceil(4_182_000_000));
        let stalled = ReplayOptions { tx_stall: TxStall::Periodic { on: 1, off: 300_000_000 }, ..d.clone() };
        assert!(stalled.watchdog_cycles() >= 100 * 300_000_000);
        let slow = ReplayOptions { mem_latency_ns: 10_000_000, mmio_latency_ns: 1_000_000, ..d.clone() };
        assert!(slow.watchdog_cycles() >= crate::bfm::ns_to_cycles_ceil(100 * 12_000_000));
        let slow_host =
            ReplayOptions { host: HostTiming { frame_ns: 1_000_000, ..HostTiming::default() }, budget: 100_000, ..d };
        assert!(slow_host.watchdog_cycles() > crate::bfm::ns_to_cycles_ceil(100 * 100_000 * 1_000_000));
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("10G"), Ok(10_000_000_000));
        assert_eq!(parse_rate("2.5g"), Ok(2_500_000_000));
        assert_eq!(parse_rate("100M"), Ok(100_000_000));
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("0").is_err());
    }

    #[test]
    fn tx_offsets_never_decrease() {
        let f = |ts: u64, n: usize| Frame { ts_ns: ts, data: vec![0; n], orig_len: n as u32 };
        let frames = [f(1000, 60), f(500, 60), f(2000, 100)];
        // Relative to the first frame (a stream cannot know the earliest).
        assert_eq!(tx_offsets(&frames, Timing::Original), vec![0, 0, 250]);
        assert_eq!(wire_offsets(&frames, Timing::Original), vec![0, 0, 250]);
        // Topspeed: 60 bytes = 8 beats, 100 bytes = 13 beats.
        assert_eq!(tx_offsets(&frames, Timing::TopSpeed), vec![0, 8, 16]);
        assert_eq!(tx_offsets(&frames, Timing::Rate(10_000_000_000)), vec![0, 17, 34]);
    }

    #[test]
    fn line_rate_spacing() {
        let f = |n: usize| Frame { ts_ns: 0, data: vec![0; n], orig_len: n as u32 };
        // 60-byte frames at 10G: 84 bytes = 67.2 ns apart.
        let o = wire_offsets(&[f(60), f(60), f(60)], Timing::Rate(10_000_000_000));
        assert_eq!(o, vec![0, 17, 34]);
        let o = wire_offsets(&[f(1514), f(1514)], Timing::Rate(10_000_000_000));
        // 1538 bytes at 10G = 1230.4 ns = 307.6 cycles, rounded up.
        assert_eq!(o[1], 308);
    }
}
