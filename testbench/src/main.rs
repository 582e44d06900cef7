//! `nicsim`: the command-line front end. Argument parsing, exit codes and the
//! progress bar live here; the work is in the library (`replay`, `report`,
//! `gen`, `pcap`) so tests and other engines share it.
//!
//! Exit codes: 0 success; 1 error (unreadable capture, bad options, failed
//! run, unwritable output); 2 usage error (clap) or an engine this build
//! lacks; 3 the run finished but a frame was stranded or corrupted or the
//! device/driver protocol was violated (a bug in the device or driver).

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use nicsim_hw::rss::{toeplitz, HashType, DEFAULT_KEY};
use nicsim_testbench::bfm::TxStall;
use nicsim_testbench::engine::{self, Engine, TraceSpec};
use nicsim_testbench::gen::{generate, GenConfig, SizeMix, WIRE_OVERHEAD};
use nicsim_testbench::pcap::{read_pcap, write_pcap, Frame};
use nicsim_testbench::replay::{parse_rate, replay_rx_tx, ReplayError, ReplayOptions, Timing};
use nicsim_testbench::report;
use nicsim_testbench::sim::HostTiming;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "nicsim",
    version,
    about = "nicsim: simulate an FPGA NIC (a cycle-accurate model of its RTL) with a Linux-style driver, replaying pcap traffic through it",
    long_about = "nicsim: simulate an FPGA NIC (a cycle-accurate model of its RTL) with a Linux-style driver, replaying pcap traffic through it.\n\n\
                  `nicsim gen` writes synthetic traffic, `nicsim replay` runs a capture through device and driver and reports \
                  every frame's fate, `nicsim rss` computes the RSS hash and queue of one flow.\n\n\
                  Exit codes: 0 ok, 1 error, 2 usage error or engine not built, 3 the run found a device/driver bug \
                  (stranded or corrupted frame, protocol error)."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once
enum Cmd {
    /// Replay a pcap through the NIC and driver (receive, and with --tx transmit); report each frame's fate and the counters
    Replay(ReplayArgs),
    /// Generate a reproducible synthetic capture (IPv4/IPv6, TCP/UDP, VLAN, size mixes)
    Gen(GenArgs),
    /// Compute the Toeplitz RSS hash and default-RETA queue of one flow
    Rss(RssArgs),
}

fn defaults() -> ReplayOptions {
    ReplayOptions::default()
}

#[derive(Args)]
#[command(group(ArgGroup::new("timing_mode").args(["timing", "rate", "topspeed"]).multiple(false)))]
struct ReplayArgs {
    /// Capture to receive (classic libpcap, optionally gzipped); optional with --tx
    #[arg(value_name = "PCAP", required_unless_present = "tx")]
    pcap: Option<PathBuf>,

    /// Capture to transmit: the host sends its frames through the driver at the
    /// --timing/--rate/--topspeed times (with PCAP too, RX and TX run together)
    #[arg(long, value_name = "PCAP")]
    tx: Option<PathBuf>,

    /// Write what left the MAC (TX frames as sent, padded to 60 bytes) to this pcap
    #[arg(long, value_name = "FILE", requires = "tx")]
    tx_pcap: Option<PathBuf>,

    /// Descriptors per TX ring (power of two, 8-4096) [default: --ring]
    #[arg(long, value_name = "N")]
    tx_ring: Option<usize>,

    /// Most bytes per TX descriptor (1-16384): a frame spans ceil(len / BYTES) descriptors
    #[arg(long, value_name = "BYTES", default_value_t = defaults().tx_buf)]
    tx_buf: usize,

    /// TX interrupt moderation: must be 0, as on igb with paired queues (TX queue q shares
    /// vector q with RX queue q, and --rx-usecs moderates both)
    #[arg(long, value_name = "N", default_value_t = defaults().tx_usecs)]
    tx_usecs: u16,

    /// TX interrupt moderation: interrupt after this many completions (0 = no limit; needs
    /// --rx-usecs; not in igb)
    #[arg(long, value_name = "N", default_value_t = defaults().tx_frames)]
    tx_frames: u16,

    /// MAC TX backpressure on m_axis_tx_tready: `none`, `random:P` (stall P% of cycles,
    /// seeded by --seed) or `on:N,off:M` (ready N cycles, then stalled M, repeating)
    #[arg(long, value_name = "PATTERN", default_value = "none", value_parser = parse_stall)]
    tx_stall: TxStall,

    /// Frames each TX queue's qdisc holds while the queue is stopped; more are dropped (qdisc_full)
    #[arg(long, value_name = "N", default_value_t = defaults().txqueuelen)]
    txqueuelen: usize,

    /// Simulation engine (rtl and lockstep need the Verilator build)
    #[arg(long, value_enum, default_value_t = Engine::Model)]
    engine: Engine,

    /// RX queues the driver sets up (1-16)
    #[arg(long, value_name = "N", default_value_t = defaults().queues as u8,
          value_parser = clap::value_parser!(u8).range(1..=16))]
    queues: u8,

    /// Descriptors per RX ring (power of two, 8-4096; igb's default 256)
    #[arg(long, value_name = "N", default_value_t = defaults().ring)]
    ring: usize,

    /// Bytes per receive buffer (multiple of 1024, 1024-16384)
    #[arg(long, value_name = "BYTES", default_value_t = defaults().buf_size)]
    buf_size: usize,

    /// MTU programmed into the device; longer frames are dropped as oversize
    #[arg(long, value_name = "BYTES", default_value_t = defaults().mtu)]
    mtu: u32,

    /// 40-byte Toeplitz key as 80 hex digits (colons and spaces ignored) [default: the Microsoft key]
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    rss_key: Option<[u8; 40]>,

    /// Frame timing: `original` (capture timestamps), `topspeed` or a rate [default: original]
    #[arg(long, value_name = "MODE", value_parser = parse_timing)]
    timing: Option<Timing>,

    /// Send frames back to back at this line rate, e.g. 10G, 25G, 1G, 100M
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    rate: Option<u64>,

    /// Send frames back to back at the MAC interface's full speed
    #[arg(long)]
    topspeed: bool,

    /// Interrupt moderation as igb's ethtool -C rx-usecs: 0 off, 1 dynamic, 3 dynamic
    /// conservative (igb's default), 10-10000 fixed minimum microseconds between interrupts
    /// (EITR); 2 and 4-9 are refused as igb refuses them
    #[arg(long, value_name = "N", default_value_t = defaults().rx_usecs)]
    rx_usecs: u16,

    /// Interrupt moderation: interrupt after this many frames (0 = no frame limit; needs
    /// --rx-usecs; not in igb)
    #[arg(long, value_name = "N", default_value_t = defaults().rx_frames)]
    rx_frames: u16,

    /// net_rx_action budget per softirq round (netdev_budget)
    #[arg(long, value_name = "N", default_value_t = defaults().budget)]
    budget: usize,

    /// NAPI weight: frames per poll of one queue
    #[arg(long, value_name = "N", default_value_t = defaults().weight)]
    weight: usize,

    /// Seed for host timing jitter and memory latency jitter
    #[arg(long, value_name = "N", default_value_t = defaults().seed)]
    seed: u64,

    /// Host memory read latency seen by the device's DMA
    #[arg(long, value_name = "N", default_value_t = defaults().mem_latency_ns)]
    mem_latency_ns: u64,

    /// Random extra memory read latency, up to this many ns (seeded)
    #[arg(long, value_name = "N", default_value_t = defaults().mem_jitter_ns)]
    mem_jitter_ns: u64,

    /// Host time model: MSI arrival to IRQ handler start
    #[arg(long, value_name = "NS", default_value_t = defaults().host.irq_entry_ns)]
    irq_latency_ns: u64,

    /// Host time model: CPU cost of handing one frame up the stack
    #[arg(long, value_name = "NS", default_value_t = defaults().host.frame_ns)]
    rx_frame_ns: u64,

    /// Host time model: CPU cost per received descriptor (unmap, copy)
    #[arg(long, value_name = "NS", default_value_t = defaults().host.desc_ns)]
    rx_desc_ns: u64,

    /// Host time model: one-way MMIO latency (a register read costs a round trip)
    #[arg(long, value_name = "NS", default_value_t = defaults().mmio_latency_ns)]
    mmio_latency_ns: u64,

    /// Host time model: every CPU cost varies by up to this many percent (seeded)
    #[arg(long, value_name = "PCT", default_value_t = defaults().host.jitter_pct)]
    host_jitter_pct: u64,

    /// Write the delivered frames, in delivery order, to this pcap
    #[arg(long, value_name = "FILE")]
    rx_pcap: Option<PathBuf>,

    /// Write one JSON line per offered frame (fate, queue, hash, rx time)
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,

    /// Write run statistics as JSON
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,

    /// FST waveform of the RTL: `--engine rtl` traces the whole run; `--engine lockstep`
    /// writes the window before a divergence here [default: out/lockstep.fst]
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,

    /// Lockstep: cycles before the divergence to trace
    #[arg(long, value_name = "N", default_value_t = engine::DEFAULT_TRACE_WINDOW)]
    trace_window: u64,

    /// Do not print the summary table (or the progress bar)
    #[arg(long, short)]
    quiet: bool,

    // ---- The Linux host (issue 10): CPUs, softirq, outputs ----
    /// Simulated CPUs (0 = one per MSI-X vector)
    #[arg(long, value_name = "N", default_value_t = defaults().host.cpus)]
    cpus: usize,

    /// smp_affinity of each vector: the CPU of vector 0, 1, ... as a list (`0,0,1,1`)
    /// [default: vector % --cpus]
    #[arg(long, value_name = "LIST", value_parser = parse_affinity)]
    irq_affinity: Option<Affinity>,

    /// Kernel tick rate CONFIG_HZ: net_rx_action's time limit and the softirq window count jiffies
    #[arg(long, value_name = "HZ", default_value_t = defaults().host.hz)]
    hz: u64,

    /// net_rx_action time limit, netdev_budget_usecs [default: 2 jiffies, 2000000 / --hz]
    #[arg(long, value_name = "US")]
    budget_usecs: Option<u64>,

    /// Write per-CPU /proc/net/softnet_stat rows (the kernel's hex columns) to this file
    #[arg(long, value_name = "FILE")]
    softnet: Option<PathBuf>,

    /// Write a /proc/interrupts-style table (interrupts per vector per CPU) to this file
    #[arg(long, value_name = "FILE")]
    interrupts: Option<PathBuf>,
}

/// `--irq-affinity`: the CPU of vector 0, 1, ...
#[derive(Clone, Debug)]
struct Affinity(Vec<usize>);

/// `0,0,1,1`: the CPU of vector 0, 1, ...
fn parse_affinity(s: &str) -> Result<Affinity, String> {
    s.split(',')
        .map(|t| t.trim().parse::<usize>().map_err(|_| format!("'{t}' is not a CPU number (expected e.g. 0,0,1,1)")))
        .collect::<Result<Vec<_>, _>>()
        .map(Affinity)
}

#[derive(Args)]
struct GenArgs {
    /// Output pcap file
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Number of frames
    #[arg(long, value_name = "N", default_value_t = GenConfig::default().count)]
    count: usize,

    /// Number of distinct flows (5-tuples)
    #[arg(long, value_name = "N", default_value_t = GenConfig::default().flows)]
    flows: usize,

    /// Percentage of flows that are IPv6 (0-100)
    #[arg(long, value_name = "P", default_value_t = GenConfig::default().ipv6_pct)]
    ipv6_pct: u8,

    /// Percentage of flows that are UDP, the rest TCP (0-100)
    #[arg(long, value_name = "P", default_value_t = GenConfig::default().udp_pct)]
    udp_pct: u8,

    /// Percentage of flows with VLAN tags (0-100)
    #[arg(long, value_name = "P", default_value_t = GenConfig::default().vlan_pct)]
    vlan_pct: u8,

    /// Frame sizes: fixed:N or N (bytes without FCS, 60-16000), imix (7:4:1 of 60/590/1514) or jumbo
    #[arg(long, value_name = "MIX", default_value = "imix", value_parser = parse_sizes)]
    sizes: SizeMix,

    /// Line rate for the timestamps, e.g. 10G, 1G, 100M
    #[arg(long, value_name = "RATE", default_value = "10G", value_parser = parse_rate)]
    rate: u64,

    /// PRNG seed; the same options and seed give a byte-identical file
    #[arg(long, value_name = "N", default_value_t = GenConfig::default().seed)]
    seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Proto {
    Tcp,
    Udp,
}

#[derive(Args)]
struct RssArgs {
    /// Source address (IPv4 or IPv6)
    #[arg(long, value_name = "ADDR")]
    src: IpAddr,

    /// Destination address (same family as --src)
    #[arg(long, value_name = "ADDR")]
    dst: IpAddr,

    /// Source port (with --dport: 4-tuple hash)
    #[arg(long, value_name = "PORT", requires = "dport")]
    sport: Option<u16>,

    /// Destination port (with --sport: 4-tuple hash)
    #[arg(long, value_name = "PORT", requires = "sport")]
    dport: Option<u16>,

    /// L4 protocol of a 4-tuple [default: tcp]
    #[arg(long, value_enum, requires = "sport")]
    proto: Option<Proto>,

    /// 40-byte Toeplitz key as 80 hex digits (colons and spaces ignored) [default: the Microsoft key]
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    key: Option<[u8; 40]>,

    /// Queues the default RETA spreads over (entry i = i % queues)
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=16))]
    queues: u8,

    /// Use the default redirection table (the only one supported; accepted for clarity)
    #[arg(long)]
    reta_default: bool,
}

/// 80 hex digits; colons, spaces and a leading 0x are ignored.
fn parse_key(s: &str) -> Result<[u8; 40], String> {
    let cleaned: String = s.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    let digits = cleaned.strip_prefix("0x").or_else(|| cleaned.strip_prefix("0X")).unwrap_or(&cleaned);
    let hint =
        "give the 40-byte Toeplitz key as 80 hex digits, e.g. 6d5a56da255b0ec2... (colons and spaces are allowed)";
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!("'{c}' is not a hex digit: {hint}"));
    }
    if digits.len() != 80 {
        return Err(format!("{} hex digits, need 80: {hint}", digits.len()));
    }
    let mut key = [0u8; 40];
    for (i, k) in key.iter_mut().enumerate() {
        *k = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(key)
}

fn parse_stall(s: &str) -> Result<TxStall, String> {
    s.parse()
}

fn parse_timing(s: &str) -> Result<Timing, String> {
    s.parse::<Timing>().map_err(|e| format!("{e} (or use `original` or `topspeed`)"))
}

fn parse_sizes(s: &str) -> Result<SizeMix, String> {
    let t = s.trim();
    let t = t.strip_prefix("fixed:").unwrap_or(t);
    t.parse::<SizeMix>().map_err(|e| format!("{e}; fixed:N is accepted too"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Replay(a) => cmd_replay(a),
        Cmd::Gen(a) => cmd_gen(a),
        Cmd::Rss(a) => cmd_rss(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", error_text(&e));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, skipping a cause the text already contains
/// (several library errors print their source in their own message).
fn error_text(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !msg.contains(&s) {
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&s);
        }
    }
    msg
}

/// Progress on stderr when a person is watching; redrawn at most every 100 ms.
struct Progress {
    bar: Option<ProgressBar>,
    last: Option<Instant>,
}

impl Progress {
    fn new(frames: usize, enabled: bool) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::new(frames as u64);
            if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} frames, {msg}") {
                b.set_style(style.progress_chars("=> "));
            }
            b
        });
        Progress { bar, last: None }
    }

    fn update(&mut self, settled: usize, cycle: u64) {
        let Some(bar) = &self.bar else { return };
        if self.last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Some(Instant::now());
        bar.set_position(settled as u64);
        let ns = cycle * nicsim_testbench::sim::PS / 1000;
        bar.set_message(format!("{:.3} ms sim", ns as f64 / 1e6));
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn cmd_replay(a: ReplayArgs) -> Result<ExitCode> {
    if a.engine.needs_rtl() && !engine::rtl_available() {
        eprintln!("error: engine '{}': {}", a.engine.name(), engine::RTL_MISSING);
        return Ok(ExitCode::from(2));
    }
    if a.engine.needs_rtl() && engine::rtl_is_stub() {
        eprintln!("warning: this build runs the plumbing stub, not the NIC RTL (see cosim/README.md)");
    }
    let timing = if a.topspeed {
        Timing::TopSpeed
    } else if let Some(bps) = a.rate {
        Timing::Rate(bps)
    } else {
        a.timing.unwrap_or(Timing::Original)
    };
    let opts = ReplayOptions {
        queues: a.queues as usize,
        ring: a.ring,
        buf_size: a.buf_size,
        mtu: a.mtu,
        rss_key: a.rss_key.unwrap_or(DEFAULT_KEY),
        timing,
        rx_usecs: a.rx_usecs,
        rx_frames: a.rx_frames,
        budget: a.budget,
        weight: a.weight,
        seed: a.seed,
        mem_latency_ns: a.mem_latency_ns,
        mem_jitter_ns: a.mem_jitter_ns,
        mmio_latency_ns: a.mmio_latency_ns,
        host: HostTiming {
            irq_entry_ns: a.irq_latency_ns,
            frame_ns: a.rx_frame_ns,
            desc_ns: a.rx_desc_ns,
            jitter_pct: a.host_jitter_pct,
            cpus: a.cpus,
            irq_affinity: a.irq_affinity.clone().map(|x| x.0).unwrap_or_default(),
            hz: a.hz,
            budget_usecs: a.budget_usecs.unwrap_or(2_000_000 / a.hz.max(1)),
            ..ReplayOptions::default().host
        },
        engine: a.engine,
        trace: a.trace.as_ref().filter(|_| a.engine == Engine::Rtl).map(TraceSpec::whole),
        tx_ring: a.tx_ring,
        tx_buf: a.tx_buf,
        tx_usecs: a.tx_usecs,
        tx_frames: a.tx_frames,
        tx_stall: a.tx_stall,
        txqueuelen: a.txqueuelen,
        ..ReplayOptions::default()
    };
    // Check options before reading a possibly large capture.
    opts.validate()?;
    opts.driver_config()
        .validate()
        .context("invalid --queues/--ring/--buf-size/--mtu/--weight/--tx-ring/--tx-buf/--rx-usecs/--tx-usecs")?;

    let frames = match &a.pcap {
        Some(p) => read_pcap(p)?,
        None => Vec::new(),
    };
    let tx_frames: Vec<Frame> = match &a.tx {
        Some(p) => read_pcap(p)?,
        None => Vec::new(),
    };
    let name = match (&a.pcap, &a.tx) {
        (Some(rx), Some(tx)) => format!("{} + tx {}", rx.display(), tx.display()),
        (Some(rx), None) => rx.display().to_string(),
        (None, Some(tx)) => format!("tx {}", tx.display()),
        (None, None) => unreachable!("clap requires PCAP or --tx"),
    };
    let mut progress = Progress::new(frames.len() + tx_frames.len(), !a.quiet);
    let result = replay_rx_tx(&frames, &tx_frames, &opts, &mut |settled, cycle| progress.update(settled, cycle));
    progress.finish();
    let r = match result {
        Err(ReplayError::Diverged(d)) => {
            eprintln!("error: {d}");
            let path = a.trace.clone().unwrap_or_else(|| PathBuf::from("out/lockstep.fst"));
            let spec = TraceSpec::before(&path, d.cycle, a.trace_window);
            eprintln!("re-running with an FST trace from cycle {} ...", spec.from_cycle);
            let again = ReplayOptions { trace: Some(spec), ..opts.clone() };
            match replay_rx_tx(&frames, &tx_frames, &again, &mut |_, _| {}) {
                Err(ReplayError::Diverged(d2)) if d2.cycle == d.cycle => eprintln!("trace: {}", path.display()),
                _ => eprintln!("warning: the re-run did not diverge at the same cycle; no trace"),
            }
            return Ok(ExitCode::from(3));
        }
        r => r.with_context(|| format!("replay of {name} failed"))?,
    };

    // Outputs first: after a bug (exit 3) they are what the user debugs with.
    if let Some(p) = &a.stats {
        std::fs::write(p, report::stats_json(&r, &opts, a.engine.name()))
            .with_context(|| format!("cannot write stats {}", p.display()))?;
    }
    if let Some(p) = &a.softnet {
        std::fs::write(p, report::softnet_stat(&r)).with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &a.interrupts {
        std::fs::write(p, report::interrupts_table(&r)).with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &a.log {
        report::write_log(p, &r, &opts.rss_key).with_context(|| format!("cannot write log {}", p.display()))?;
    }
    if let Some(p) = &a.rx_pcap {
        report::write_rx_pcap(p, &r)?;
    }
    if let Some(p) = &a.tx_pcap {
        report::write_wire_pcap(p, &r)?;
    }
    if !a.quiet {
        println!(
            "{}: engine {}, {} queue(s), timing {}",
            name,
            a.engine.name(),
            opts.queues,
            report::timing_name(opts.timing)
        );
        print!("{}", report::summary_table(&r));
    }
    let problems = report::problems(&r);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {p}");
        }
        eprintln!("error: this is a device or driver bug; see the --log/--stats output for the affected frames");
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_gen(a: GenArgs) -> Result<ExitCode> {
    let cfg = GenConfig {
        count: a.count,
        flows: a.flows,
        ipv6_pct: a.ipv6_pct,
        udp_pct: a.udp_pct,
        vlan_pct: a.vlan_pct,
        sizes: a.sizes,
        rate_bps: a.rate,
        seed: a.seed,
    };
    cfg.validate().context("invalid gen options")?;
    let frames = generate(&cfg);
    write_pcap(&a.output, frames.iter().map(|f| (f.ts_ns, &f.data[..])))?;
    let bytes: u64 = frames.iter().map(|f| f.data.len() as u64).sum();
    // Span from the first frame's start to the last one's end on the wire.
    let span_ns = match (frames.first(), frames.last()) {
        (Some(first), Some(last)) => {
            let tail_bits = 8 * (last.data.len() + WIRE_OVERHEAD) as u128;
            last.ts_ns - first.ts_ns + (tail_bits * 1_000_000_000 / a.rate as u128) as u64
        }
        _ => 0,
    };
    println!(
        "wrote {}: {} frames, {} bytes, {:.6} s at {} b/s (sizes {}, {} flows, seed {})",
        a.output.display(),
        frames.len(),
        bytes,
        span_ns as f64 / 1e9,
        a.rate,
        cfg.sizes,
        cfg.flows,
        cfg.seed
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_rss(a: RssArgs) -> Result<ExitCode> {
    let key = a.key.unwrap_or(DEFAULT_KEY);
    let mut input = Vec::with_capacity(36);
    let v6 = match (a.src, a.dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            input.extend(s.octets());
            input.extend(d.octets());
            false
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            input.extend(s.octets());
            input.extend(d.octets());
            true
        }
        _ => bail!(
            "--src {} and --dst {} are different address families: give two IPv4 or two IPv6 addresses",
            a.src,
            a.dst
        ),
    };
    let ty = match (a.sport.zip(a.dport), a.proto.unwrap_or(Proto::Tcp), v6) {
        (Some((sp, dp)), proto, _) => {
            input.extend(sp.to_be_bytes());
            input.extend(dp.to_be_bytes());
            match (proto, v6) {
                (Proto::Tcp, false) => HashType::Ipv4Tcp,
                (Proto::Udp, false) => HashType::Ipv4Udp,
                (Proto::Tcp, true) => HashType::Ipv6Tcp,
                (Proto::Udp, true) => HashType::Ipv6Udp,
            }
        }
        (None, _, false) => HashType::Ipv4,
        (None, _, true) => HashType::Ipv6,
    };
    debug_assert_eq!(input.len(), ty.tuple_len());
    let hash = toeplitz(&key, &input);
    let index = (hash & 127) as usize;
    let queues = a.queues as usize;
    println!("hash type: {}", ty.name());
    println!("input:     {} ({} bytes)", report::hex(&input), input.len());
    println!("hash:      0x{hash:08x} ({hash})");
    println!("queue:     {} (default RETA[{index}] = {index} % {queues})", index % queues);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn keys() {
        let hexkey = report::hex(&DEFAULT_KEY);
        assert_eq!(parse_key(&hexkey), Ok(DEFAULT_KEY));
        let colons: Vec<String> = DEFAULT_KEY.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(parse_key(&colons.join(":")), Ok(DEFAULT_KEY));
        assert_eq!(parse_key(&format!("0x{}", colons.join(" "))), Ok(DEFAULT_KEY));
        assert!(parse_key(&hexkey[..78]).unwrap_err().contains("78 hex digits"));
        assert!(parse_key(&format!("{}zz", &hexkey[..78])).unwrap_err().contains("'z'"));
        assert!(parse_key("").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_sizes("fixed:64"), Ok(SizeMix::Fixed(64)));
        assert_eq!(parse_sizes("128"), Ok(SizeMix::Fixed(128)));
        assert_eq!(parse_sizes("imix"), Ok(SizeMix::Imix));
        assert!(parse_sizes("fixed:10").is_err());
    }

    #[test]
    fn replay_defaults_match_library() {
        let cli = Cli::try_parse_from(["nicsim", "replay", "x.pcap"]).unwrap();
        let Cmd::Replay(a) = cli.cmd else { panic!() };
        let d = ReplayOptions::default();
        assert_eq!((a.tx_buf, a.tx_usecs, a.tx_frames, a.tx_stall), (d.tx_buf, d.tx_usecs, d.tx_frames, d.tx_stall));
        assert_eq!((a.tx_ring, a.txqueuelen), (None, 1000));
        assert_eq!((a.queues as usize, a.ring, a.buf_size, a.mtu), (4, 256, 2048, 1500));
        // igb's: rx-usecs 3 (dynamic conservative), tx-usecs 0 (paired queues), rings of 256.
        assert_eq!((a.rx_usecs, a.rx_frames, a.budget, a.weight, a.seed), (3, 0, 300, 64, 1));
        assert_eq!((a.tx_usecs, d.tx_usecs), (0, 0));
        let dc = nicsim_driver::DriverConfig::default();
        assert_eq!((dc.ring_size, dc.tx_ring_size, dc.rx_usecs, dc.tx_usecs), (256, 256, 3, 0));
        assert_eq!((a.mem_latency_ns, a.mem_jitter_ns), (500, 0));
        assert_eq!((a.queues as usize, a.ring, a.rx_usecs), (d.queues, d.ring, d.rx_usecs));
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--rate", "10G", "--topspeed"]).is_err());
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--timing", "original", "--rate", "1G"]).is_err());
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--queues", "17"]).is_err());
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--engine", "lockstep"]).is_ok());
        // The RX capture is optional with --tx; --tx-pcap needs --tx.
        assert!(Cli::try_parse_from(["nicsim", "replay"]).is_err());
        assert!(Cli::try_parse_from(["nicsim", "replay", "--tx", "t.pcap"]).is_ok());
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--tx-pcap", "w.pcap"]).is_err());
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--tx", "t", "--tx-stall", "random:20"]).is_ok());
        assert!(Cli::try_parse_from(["nicsim", "replay", "--tx", "t", "--tx-stall", "often"]).is_err());
    }
}
