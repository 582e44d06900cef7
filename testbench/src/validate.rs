//! `nicsim validate` (issue 11): a suite of named scenarios, each a replay
//! with its own settings over generated traffic (and any captures given),
//! run with the NAPI checker on. A scenario passes when the driver keeps
//! every rule the scenario names (all of them unless it says otherwise) and
//! every frame ends delivered, sent or dropped under a named reason (no
//! stranded, corrupt or unexplained frame).
//!
//! The suite is a TOML file (`[[scenario]]` tables, fields as in
//! [`Scenario`]) or the built-in [`DEFAULT_SUITE`]. The driver is any
//! [`nicsim_driver::NetDriver`] ([`DriverUnderTest`]); the project's driver
//! by default.

use crate::bfm::TxStall;
use crate::events::{Event, EventsTo, Stamped};
use crate::gen::{generate, GenConfig, SizeMix};
use crate::napi_check::Rule;
use crate::pcap::Frame;
use crate::replay::{parse_rate, replay_rx_tx_checked, wire_offsets, DriverUnderTest, Replay, ReplayOptions, Timing};
use crate::sim::Drop;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Generated traffic of one direction.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    pub count: usize,
    /// `imix`, `jumbo`, `small`, ... or a fixed length (as `nicsim gen --sizes`).
    #[serde(default = "imix")]
    pub sizes: String,
    /// Line rate of the timestamps, e.g. `10G`.
    #[serde(default = "ten_g")]
    pub rate: String,
    #[serde(default = "flows")]
    pub flows: usize,
    #[serde(default = "one")]
    pub seed: u64,
}

fn imix() -> String {
    "imix".into()
}
fn ten_g() -> String {
    "10G".into()
}
fn flows() -> usize {
    64
}
fn one() -> u64 {
    1
}

/// One scenario. Unset fields keep `nicsim replay`'s defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub about: String,
    /// A group name: scenarios of group `coalescing` make the trade-off curve.
    #[serde(default)]
    pub group: String,
    pub rx: Option<Traffic>,
    pub tx: Option<Traffic>,
    /// A capture to receive instead of generated RX traffic.
    pub capture: Option<PathBuf>,
    /// `original` (the traffic's own timestamps, the default), `topspeed` or a rate.
    pub timing: Option<String>,
    pub queues: Option<usize>,
    pub ring: Option<usize>,
    pub tx_ring: Option<usize>,
    pub buf_size: Option<usize>,
    pub tx_buf: Option<usize>,
    pub mtu: Option<u32>,
    pub rx_usecs: Option<u16>,
    pub rx_frames: Option<u16>,
    /// Linux DIM instead of igb's adaptive ITR (`--dim`).
    pub dim: Option<bool>,
    /// Link speed in Mb/s (`--speed`).
    pub speed: Option<u32>,
    pub tx_usecs: Option<u16>,
    pub tx_frames: Option<u16>,
    pub budget: Option<usize>,
    pub weight: Option<usize>,
    pub host_jitter_pct: Option<u64>,
    pub irq_latency_ns: Option<u64>,
    pub tx_stall: Option<String>,
    pub txqueuelen: Option<usize>,
    pub seed: Option<u64>,
    /// Fault: RX buffer allocation failure, `rate:P` or `every:N`.
    pub fault_rx_alloc: Option<String>,
    /// Fault: DMA bursts answered with an AXI error (`--fault-dma`), e.g. `write:300`.
    pub fault_dma: Option<String>,
    /// Fault: MSI-X messages lost or late (`--fault-msix`), e.g. `drop:5`.
    pub fault_msix: Option<String>,
    /// Fault: device resets behind the driver's back (`--fault-reset`), e.g. `200us`.
    pub fault_reset: Option<String>,
    /// dev_watchdog's watchdog_timeo, ms (`--watchdog-ms`; igb: 5000).
    pub watchdog_ms: Option<u64>,
    /// Rules the driver must keep (names from `napi_violations`); `all` or
    /// absent: every rule.
    pub keep: Option<Vec<String>>,
}

/// A suite file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    #[serde(rename = "scenario", default)]
    pub scenarios: Vec<Scenario>,
}

/// The built-in suite: small enough for CI, covering coalescing, budget
/// and weight exhaustion, ring overrun, tiny rings, jumbo frames over small
/// buffers, IRQ-while-polling races under host jitter, TX stop/wake with a
/// stalled MAC, RX with TX, and every fault of `crate::faults` (RX buffer
/// allocation, DMA read and write errors, a lost and a late MSI-X message,
/// a MAC stuck for a time and for good, a device reset).
pub const DEFAULT_SUITE: &str = include_str!("validate_default.toml");

impl Suite {
    pub fn parse(text: &str) -> Result<Suite, String> {
        let s: Suite = toml::from_str(text).map_err(|e| e.to_string())?;
        if s.scenarios.is_empty() {
            return Err("the suite has no [[scenario]]".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for sc in &s.scenarios {
            if !seen.insert(sc.name.clone()) {
                return Err(format!("scenario '{}' is named twice", sc.name));
            }
            sc.keep_rules()?;
            if sc.rx.is_none() && sc.tx.is_none() && sc.capture.is_none() {
                return Err(format!("scenario '{}' has no traffic: give rx, tx or capture", sc.name));
            }
        }
        Ok(s)
    }

    pub fn builtin() -> Suite {
        Suite::parse(DEFAULT_SUITE).expect("the built-in suite parses")
    }
}

impl Scenario {
    /// The rules this scenario checks.
    pub fn keep_rules(&self) -> Result<Vec<Rule>, String> {
        match &self.keep {
            None => Ok(Rule::ALL.to_vec()),
            Some(v) if v.iter().any(|r| r == "all") => Ok(Rule::ALL.to_vec()),
            Some(v) => v
                .iter()
                .map(|n| Rule::from_name(n).ok_or_else(|| format!("scenario '{}': no rule named '{n}'", self.name)))
                .collect(),
        }
    }

    fn gen(&self, t: &Traffic, seed_mix: u64) -> Result<Vec<Frame>, String> {
        let sizes: SizeMix = t.sizes.parse().map_err(|e| format!("scenario '{}': sizes: {e}", self.name))?;
        let cfg = GenConfig {
            count: t.count,
            flows: t.flows.max(1),
            sizes,
            rate_bps: parse_rate(&t.rate).map_err(|e| format!("scenario '{}': {e}", self.name))?,
            seed: t.seed ^ seed_mix,
            ..GenConfig::default()
        };
        cfg.validate().map_err(|e| format!("scenario '{}': {e}", self.name))?;
        Ok(generate(&cfg))
    }

    /// The replay options of this scenario on top of `base`.
    pub fn options(&self, base: &ReplayOptions) -> Result<ReplayOptions, String> {
        let mut o = base.clone();
        let set = |dst: &mut usize, v: Option<usize>| {
            if let Some(v) = v {
                *dst = v;
            }
        };
        set(&mut o.queues, self.queues);
        set(&mut o.ring, self.ring);
        set(&mut o.buf_size, self.buf_size);
        set(&mut o.tx_buf, self.tx_buf);
        set(&mut o.budget, self.budget);
        set(&mut o.weight, self.weight);
        set(&mut o.txqueuelen, self.txqueuelen);
        o.tx_ring = self.tx_ring.or(o.tx_ring);
        o.mtu = self.mtu.unwrap_or(o.mtu);
        o.rx_usecs = self.rx_usecs.unwrap_or(o.rx_usecs);
        o.rx_frames = self.rx_frames.unwrap_or(o.rx_frames);
        o.dim = self.dim.unwrap_or(o.dim);
        o.speed = self.speed.or(o.speed);
        o.tx_usecs = self.tx_usecs.unwrap_or(o.tx_usecs);
        o.tx_frames = self.tx_frames.unwrap_or(o.tx_frames);
        o.seed = self.seed.unwrap_or(o.seed);
        if let Some(j) = self.host_jitter_pct {
            o.host.jitter_pct = j;
        }
        if let Some(n) = self.irq_latency_ns {
            o.host.irq_entry_ns = n;
        }
        if let Some(s) = &self.tx_stall {
            o.tx_stall = s.parse::<TxStall>().map_err(|e| format!("scenario '{}': tx_stall: {e}", self.name))?;
        }
        if let Some(t) = &self.timing {
            o.timing = t.parse::<Timing>().map_err(|e| format!("scenario '{}': timing: {e}", self.name))?;
        }
        if let Some(f) = &self.fault_rx_alloc {
            o.rx_alloc_fail = Some(f.parse().map_err(|e| format!("scenario '{}': fault_rx_alloc: {e}", self.name))?);
        }
        if let Some(f) = &self.fault_dma {
            o.dma_faults = Some(f.parse().map_err(|e| format!("scenario '{}': fault_dma: {e}", self.name))?);
        }
        if let Some(f) = &self.fault_msix {
            o.msix_faults = crate::faults::parse_msix_faults(f)
                .map_err(|e| format!("scenario '{}': fault_msix: {e}", self.name))?;
        }
        if let Some(f) = &self.fault_reset {
            o.reset_at_ns =
                crate::faults::parse_times(f).map_err(|e| format!("scenario '{}': fault_reset: {e}", self.name))?;
        }
        if let Some(ms) = self.watchdog_ms {
            if !(1..=3_600_000).contains(&ms) {
                return Err(format!("scenario '{}': watchdog_ms {ms}: use 1 to 3600000", self.name));
            }
            o.watchdog_timeo_ns = ms * 1_000_000;
        }
        o.check_napi = true;
        o.validate().map_err(|e| format!("scenario '{}': {e}", self.name))?;
        o.driver_config().validate().map_err(|e| format!("scenario '{}': {e}", self.name))?;
        Ok(o)
    }
}

/// Violations after which a scenario's run stops (it has failed anyway).
pub const STOP_AFTER_VIOLATIONS: u64 = 1000;
/// Simulated time after which a scenario's run stops: 30 seconds (a driver's
/// recovery may take a few watchdog periods; idle time costs nothing).
pub const STOP_AFTER_CYCLES: u64 = 7_500_000_000;

/// What one scenario gave.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub name: String,
    pub about: String,
    pub group: String,
    pub passed: bool,
    /// Rules the scenario checks that were broken (with counts).
    pub broken: Vec<(Rule, u64)>,
    /// Everything else wrong (stranded, corrupt, protocol errors, a failed run).
    pub problems: Vec<String>,
    /// The first violation, in words.
    pub first_violation: Option<String>,
    pub rx_offered: u64,
    pub rx_delivered: u64,
    pub rx_dropped: u64,
    pub tx_offered: u64,
    pub tx_sent: u64,
    pub tx_dropped: u64,
    pub irqs: u64,
    pub polls: u64,
    pub sim_ns: u64,
    pub rx_usecs: u16,
    pub rx_frames: u16,
    pub metrics: Metrics,
}

impl Outcome {
    /// The rule names broken, for messages and tests.
    pub fn broken_names(&self) -> Vec<&'static str> {
        self.broken.iter().map(|(r, _)| r.name()).collect()
    }
}

/// What the plots need, from the event trace and the fates.
#[derive(Clone, Debug, Default)]
pub struct Metrics {
    /// (ns, vector) of every interrupt handled.
    pub irqs: Vec<(u64, usize)>,
    /// Frames handed up per poll.
    pub frames_per_poll: Vec<usize>,
    /// Offer-to-delivery latency of each delivered frame, ns.
    pub latency_ns: Vec<u64>,
    /// Delivered frames per queue.
    pub per_queue: Vec<u64>,
    /// (ns, frames offered but not yet delivered or dropped) over time.
    pub in_flight: Vec<(u64, i64)>,
}

/// Run every scenario with `driver` (None: the project's driver).
/// `captures` add one scenario each, replayed with the defaults.
pub fn run_suite(
    suite: &Suite,
    driver: Option<DriverUnderTest>,
    captures: &[PathBuf],
    progress: &mut dyn FnMut(&Outcome),
) -> Result<Vec<Outcome>, String> {
    let mut list = suite.scenarios.clone();
    for c in captures {
        let stem = c.file_stem().map_or("capture".into(), |s| s.to_string_lossy().into_owned());
        list.push(Scenario {
            name: format!("capture_{stem}"),
            about: format!("the capture {} with the defaults", c.display()),
            capture: Some(c.clone()),
            ..Default::default()
        });
    }
    let mut out = Vec::new();
    for sc in &list {
        let o = run_scenario(sc, driver.clone())?;
        progress(&o);
        out.push(o);
    }
    Ok(out)
}

/// Run one scenario. Errors are bad scenario settings; a failed run is an
/// outcome (it fails).
pub fn run_scenario(sc: &Scenario, driver: Option<DriverUnderTest>) -> Result<Outcome, String> {
    run_scenario_on(sc, driver, ReplayOptions::default())
}

/// [`run_scenario`] over other base options than `nicsim replay`'s defaults.
pub fn run_scenario_on(sc: &Scenario, driver: Option<DriverUnderTest>, base: ReplayOptions) -> Result<Outcome, String> {
    // A broken driver may livelock the host: stop after enough violations to
    // judge it, or after far more simulated time than any scenario needs.
    let base = ReplayOptions {
        driver_under_test: driver,
        napi_stop_after: Some((STOP_AFTER_VIOLATIONS, STOP_AFTER_CYCLES)),
        ..base
    };
    let mut opts = sc.options(&base)?;
    let rx = match (&sc.capture, &sc.rx) {
        (Some(p), _) => {
            crate::pcap::read_pcap(p).map_err(|e| format!("scenario '{}': {}: {e}", sc.name, p.display()))?
        }
        (None, Some(t)) => sc.gen(t, 0)?,
        (None, None) => Vec::new(),
    };
    let tx = match &sc.tx {
        Some(t) => sc.gen(t, 0x7878)?,
        None => Vec::new(),
    };
    let events = Arc::new(Mutex::new(Vec::new()));
    opts.events = Some(EventsTo::Memory(events.clone()));
    let keep = sc.keep_rules()?;
    let mut o = Outcome {
        name: sc.name.clone(),
        about: sc.about.clone(),
        group: sc.group.clone(),
        passed: false,
        broken: Vec::new(),
        problems: Vec::new(),
        first_violation: None,
        rx_offered: rx.len() as u64,
        rx_delivered: 0,
        rx_dropped: 0,
        tx_offered: tx.len() as u64,
        tx_sent: 0,
        tx_dropped: 0,
        irqs: 0,
        polls: 0,
        sim_ns: 0,
        rx_usecs: opts.rx_usecs,
        rx_frames: opts.rx_frames,
        metrics: Metrics::default(),
    };
    let judge = |o: &mut Outcome, napi: &crate::napi_check::NapiReport| {
        o.broken = keep.iter().filter(|&&k| napi.count(k) > 0).map(|&k| (k, napi.count(k))).collect();
        o.first_violation = napi.first.iter().find(|v| keep.contains(&v.rule)).map(|v| v.to_string());
    };
    let r = match replay_rx_tx_checked(&rx, &tx, &opts, &mut |_, _| {}) {
        Ok(r) => r,
        Err(f) => {
            // A hung or failed run still names the rules it saw broken.
            judge(&mut o, &f.napi);
            o.problems.push(format!("the run failed: {}", f.error));
            return Ok(o);
        }
    };
    judge(&mut o, &r.napi);
    // Everything but the NAPI rules (judged above, against `keep`).
    let clean = Replay { napi: Default::default(), ..r_clone_counts(&r) };
    o.problems = crate::report::problems(&clean);
    if r.interrupted {
        o.problems.push(format!(
            "stopped at {} ns: {} violation(s) or more than {} s simulated",
            r.sim_ns,
            r.napi.total(),
            STOP_AFTER_CYCLES * 4 / 1_000_000_000
        ));
    }
    if r.totals.rx_unsettled > 0 || r.totals.tx_unsettled > 0 {
        o.problems.push(format!(
            "{} RX and {} TX frame(s) without a named fate",
            r.totals.rx_unsettled, r.totals.tx_unsettled
        ));
    }
    o.problems.dedup();
    o.passed = o.broken.is_empty() && o.problems.is_empty();
    o.rx_delivered = r.totals.rx_delivered;
    o.rx_dropped = r.totals.rx_dropped.iter().sum();
    o.tx_sent = r.totals.tx_sent;
    o.tx_dropped = r.totals.tx_dropped.iter().sum();
    o.irqs = r.irqs;
    o.polls = r.napi_polls;
    o.sim_ns = r.sim_ns;
    let ev = std::mem::take(&mut *events.lock().map_err(|_| "event buffer poisoned".to_string())?);
    o.metrics = metrics(&ev, &r, &rx, opts.timing);
    Ok(o)
}

/// A copy of what `report::problems` reads (the per-frame vectors stay behind).
fn r_clone_counts(r: &Replay) -> Replay {
    Replay {
        totals: r.totals.clone(),
        interrupted: r.interrupted,
        longest_gap_ns: r.longest_gap_ns,
        long_gaps: r.long_gaps,
        fates: Vec::new(),
        delivery_order: Vec::new(),
        frames: Vec::new(),
        queues: r.queues.clone(),
        irqs: r.irqs,
        napi_polls: r.napi_polls,
        time_squeeze: r.time_squeeze,
        cycles: r.cycles,
        skipped_cycles: r.skipped_cycles,
        sim_ns: r.sim_ns,
        wall_s: 0.0,
        stranded: r.stranded,
        corrupt: r.corrupt,
        protocol_errors: r.protocol_errors,
        compared_cycles: r.compared_cycles,
        divergences: r.divergences,
        ethtool: r.ethtool.clone(),
        tx: crate::replay::TxReplay {
            totals: r.tx.totals.clone(),
            stranded: r.tx.stranded,
            corrupt: r.tx.corrupt,
            protocol_errors: r.tx.protocol_errors,
            ..Default::default()
        },
        linux: r.linux.clone(),
        napi: r.napi.clone(),
        traffic_start_ns: r.traffic_start_ns,
    }
}

fn metrics(ev: &[Stamped], r: &Replay, rx: &[Frame], timing: Timing) -> Metrics {
    let mut m = Metrics::default();
    for e in ev {
        match e.event {
            Event::Irq { vector, .. } => m.irqs.push((e.ns, vector)),
            Event::PollEnd { rx_work, .. } => m.frames_per_poll.push(rx_work),
            _ => {}
        }
    }
    let offsets = wire_offsets(rx, timing);
    let t0 = r.traffic_start_ns;
    let mut changes: Vec<(u64, i64)> = Vec::new();
    for (i, f) in r.fates.iter().enumerate() {
        let offered = t0 + offsets.get(i).copied().unwrap_or(0) * 4;
        changes.push((offered, 1));
        if let (true, Some(at)) = (f.delivered, f.rx_ns) {
            m.latency_ns.push(at.saturating_sub(offered));
            changes.push((at, -1));
        }
        if let Some(q) = f.queue.filter(|_| f.delivered) {
            let q = q as usize;
            if m.per_queue.len() <= q {
                m.per_queue.resize(q + 1, 0);
            }
            m.per_queue[q] += 1;
        }
    }
    // Dropped frames leave at once (their drop time is not kept): only the
    // frames the host still has to take count as in flight.
    for (i, f) in r.fates.iter().enumerate() {
        if f.drop.is_some() {
            let offered = t0 + offsets.get(i).copied().unwrap_or(0) * 4;
            changes.push((offered, -1));
        }
    }
    changes.sort_unstable();
    let mut level = 0i64;
    for (t, d) in changes {
        level += d;
        match m.in_flight.last_mut() {
            Some(last) if last.0 == t => last.1 = level,
            _ => m.in_flight.push((t, level)),
        }
    }
    m
}

/// The pass/fail table.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut s = String::new();
    let w = outcomes.iter().map(|o| o.name.len()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        s,
        "{:<w$}  {:<6}  {:>7} {:>7} {:>6}  {:>6} {:>6}  {:>6} {:>6}  broken rules / problems",
        "scenario", "result", "rx", "deliv", "drop", "tx", "sent", "irqs", "polls"
    );
    for o in outcomes {
        let why: Vec<String> =
            o.broken.iter().map(|(r, n)| format!("{} ({n})", r.name())).chain(o.problems.iter().cloned()).collect();
        let _ = writeln!(
            s,
            "{:<w$}  {:<6}  {:>7} {:>7} {:>6}  {:>6} {:>6}  {:>6} {:>6}  {}",
            o.name,
            if o.passed { "pass" } else { "FAIL" },
            o.rx_offered,
            o.rx_delivered,
            o.rx_dropped,
            o.tx_offered,
            o.tx_sent,
            o.irqs,
            o.polls,
            why.join("; ")
        );
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let _ = writeln!(s, "{} scenario(s), {} passed, {} failed", outcomes.len(), outcomes.len() - failed, failed);
    s
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML: one testsuite, one testcase per scenario, a `<failure>` per
/// failed one naming the rules broken. `time` is simulated seconds (no wall
/// clock: the file is the same for the same seed).
pub fn junit(outcomes: &[Outcome], driver: &str) -> String {
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let total_s: f64 = outcomes.iter().map(|o| o.sim_ns as f64 / 1e9).sum();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"nicsim validate\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" time=\"{total_s:.9}\">",
        outcomes.len()
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\" time=\"{total_s:.9}\">",
        xml_escape(&format!("validate.{driver}")),
        outcomes.len()
    );
    for o in outcomes {
        let _ = write!(
            s,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.9}\"",
            xml_escape(&format!("validate.{driver}")),
            xml_escape(&o.name),
            o.sim_ns as f64 / 1e9
        );
        if o.passed {
            s.push_str("/>\n");
            continue;
        }
        s.push_str(">\n");
        let names: Vec<String> = o.broken.iter().map(|(r, n)| format!("{} ({n})", r.name())).collect();
        let msg = if names.is_empty() { o.problems.join("; ") } else { names.join(", ") };
        let mut body = String::new();
        if let Some(v) = &o.first_violation {
            let _ = writeln!(body, "first violation: {v}");
        }
        for p in &o.problems {
            let _ = writeln!(body, "{p}");
        }
        let _ = writeln!(
            s,
            "      <failure message=\"{}\" type=\"napi_violation\">{}</failure>",
            xml_escape(&msg),
            xml_escape(&body)
        );
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// Frames dropped in total, by reason name, for the report.
pub fn drop_names() -> Vec<&'static str> {
    Drop::ALL.iter().map(|d| d.name()).collect()
}

/// Default-suite scenario names, for the CLI's help.
pub fn builtin_names() -> Vec<String> {
    Suite::builtin().scenarios.into_iter().map(|s| s.name).collect()
}

/// The broken rules of a failed outcome, to name in a test failure.
pub fn describe(o: &Outcome) -> String {
    format!(
        "{}: {} (broken: {:?}; problems: {:?})",
        o.name,
        if o.passed { "pass" } else { "FAIL" },
        o.broken_names(),
        o.problems
    )
}

/// The HTML report (see `validate_html.rs`).
pub use crate::validate_html::html;
