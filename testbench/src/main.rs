//! `nicsim`: the command-line front end. Argument parsing, exit codes and the
//! progress bar live here; the work is in the library (`replay`, `report`,
//! `gen`, `pcap`) so tests and other engines share it.
//!
//! Exit codes: 0 success; 1 error (unreadable capture, bad options, failed
//! run, unwritable output); 2 usage error (clap) or an engine this build
//! lacks; 3 the run finished but a frame was stranded or corrupted, the
//! device/driver protocol was violated or a NAPI rule was broken (a bug in
//! the device or driver), or a `validate` scenario failed.

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use nicsim_hw::rss::{toeplitz, HashType, DEFAULT_KEY};
use nicsim_testbench::bfm::TxStall;
use nicsim_testbench::engine::{self, Engine, TraceSpec};
use nicsim_testbench::events::EventsTo;
use nicsim_testbench::gen::{GenConfig, Generator, SizeMix, WIRE_OVERHEAD};
use nicsim_testbench::output::{Clock, FileSink, OutputPlan};
use nicsim_testbench::pcap::{CaptureStats, PcapReader, PcapSink, Snapped};
use nicsim_testbench::replay::{
    parse_rate, replay_stream, FrameSource, ReplayError, ReplayOptions, StreamFailure, Timing,
};
use nicsim_testbench::report;
use nicsim_testbench::sim::HostTiming;
use std::cell::{Cell, RefCell};
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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
                  (stranded or corrupted frame, protocol error, NAPI rule broken) or a validate scenario failed."
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
    /// Measure the device: `nicsim bench throughput` finds the zero-loss rate per frame size (RFC 2544)
    #[command(subcommand)]
    Bench(BenchCmd),
    /// Constrained-random lockstep campaigns (traffic, register writes, resets, host timing) under one seed
    Fuzz(nicsim_testbench::fuzz::FuzzArgs),
    /// Run the driver validation suite: named scenarios with the NAPI checker on; pass/fail table, JUnit, HTML
    Validate(ValidateArgs),
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Highest zero-loss rate per frame size, queue count and memory latency, RX, TX and both (RFC 2544 26.1)
    Throughput(ThroughputArgs),
}

#[derive(Args)]
struct ThroughputArgs {
    /// Directions, comma separated: rx, tx, rx+tx
    #[arg(long, value_delimiter = ',', default_value = "rx,tx,rx+tx")]
    dirs: Vec<nicsim_testbench::throughput::Dir>,

    /// Frame sizes in bytes without FCS, comma separated (9000 runs with a 9000-byte MTU)
    #[arg(long, value_delimiter = ',', default_value = "60,128,256,512,1024,1514,9000",
          value_parser = clap::value_parser!(u64).range(60..=9000))]
    sizes: Vec<u64>,

    /// Queue counts, comma separated
    #[arg(long, value_delimiter = ',', default_value = "1,4,16", value_parser = clap::value_parser!(u64).range(1..=16))]
    queues: Vec<u64>,

    /// Host memory read latencies in ns, comma separated
    #[arg(long, value_delimiter = ',', default_value = "500,1000",
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    mem_latency_ns: Vec<u64>,

    /// Frames per trial (large frames use fewer: about 4 MB of traffic per trial)
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(100..=10_000_000))]
    frames: u64,

    /// Search resolution in per mille of line rate
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=500))]
    resolution: u64,

    /// A small matrix: 60 and 1514 bytes, 1 and 16 queues, 500 ns
    #[arg(long)]
    quick: bool,

    /// Skip the second search with the default host costs
    #[arg(long)]
    no_default_host: bool,

    /// Write the points as JSON
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// Write an SVG chart of Mpps against frame size beside the line rate
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,

    /// Seed of the generated traffic
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

// ---- issue 11: `nicsim validate`
#[derive(Args)]
struct ValidateArgs {
    /// Suite file (TOML, `[[scenario]]` tables) [default: the built-in suite]
    #[arg(long, value_name = "FILE.toml")]
    suite: Option<PathBuf>,

    /// A capture to replay as one more scenario (repeatable)
    #[arg(long, value_name = "PCAP")]
    capture: Vec<PathBuf>,

    /// Run only the scenarios whose name contains this (repeatable)
    #[arg(long, value_name = "TEXT")]
    only: Vec<String>,

    /// Write JUnit XML here
    #[arg(long, value_name = "FILE.xml")]
    junit: Option<PathBuf>,

    /// Write the self-contained HTML report with plots here
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,

    /// List the scenarios and exit
    #[arg(long)]
    list: bool,

    /// Do not print progress
    #[arg(long, short)]
    quiet: bool,
}

fn defaults() -> ReplayOptions {
    ReplayOptions::default()
}

#[derive(Args)]
#[command(group(ArgGroup::new("timing_mode").args(["timing", "rate", "topspeed"]).multiple(false)))]
struct ReplayArgs {
    /// Capture to receive (classic libpcap, optionally gzipped; `-` reads stdin); optional with --tx
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
    /// seeded by --seed; 100 never sends), `on:N,off:M` (ready N cycles, then stalled M,
    /// repeating), or a stuck MAC: `stuck:T` (from T after the traffic starts, for good)
    /// or `stuck:T,for:D` (for D), e.g. stuck:1ms,for:20ms
    #[arg(long, value_name = "PATTERN", default_value = "none", value_parser = parse_stall)]
    tx_stall: TxStall,

    /// Frames each TX queue's qdisc holds while the queue is stopped; more are dropped (qdisc_full) [1-1000000]
    #[arg(long, value_name = "N", default_value_t = defaults().txqueuelen as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    txqueuelen: u64,

    /// Simulation engine (rtl and lockstep need the Verilator build)
    #[arg(long, value_enum, default_value_t = Engine::Model)]
    engine: Engine,

    /// Device clock in MHz: the length of one cycle for every engine, and the device's
    /// interrupt-moderation time base (CYCLES_PER_US = MHz rounded). Use the Fmax of the
    /// FPGA report (`make pnr`) to replay at the speed the design reaches; the rtl and
    /// lockstep engines need a Verilator build with the same CYCLES_PER_US [1-1000;
    /// default: the build's clock, 250 for main and fault, 156.25 for small]
    #[arg(long, value_name = "MHZ", value_parser = parse_clock_mhz)]
    clock_mhz: Option<f64>,

    /// Device build (parameter set): `main` (16 queues, default FIFOs), `small` (4 queues,
    /// small FIFOs and caches; its Verilator build needs the `small` feature, `make regress`
    /// builds it) or `fault` (main with a planted RTL fault, for lockstep demos)
    #[arg(long, value_enum, default_value_t = nicsim_testbench::engine::Build::Main)]
    build: nicsim_testbench::engine::Build,

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
    /// (EITR); 2 and 4-9 are refused as igb refuses them. igb adapts 1 and 3 only on a
    /// 1000 Mb/s link (see --speed); at any other speed it fixes 4000 interrupts/s (245 us)
    #[arg(long, value_name = "N", default_value_t = defaults().rx_usecs)]
    rx_usecs: u16,

    /// Link speed in Mb/s, as ethtool reports it (igb's adaptive ITR runs only at 1000)
    /// [default: the --rate line rate, else 10000]
    #[arg(long, value_name = "MBPS", value_parser = clap::value_parser!(u32).range(1..))]
    speed: Option<u32>,

    /// Linux DIM (net_dim, ethtool adaptive-rx) instead of igb's adaptive ITR: per vector,
    /// every 64 interrupts it compares RX bytes, packets and interrupts per ms and moves
    /// the interval through the EQE profiles 1, 8, 64, 128, 256 us (starting at 8).
    /// Needs a dynamic --rx-usecs (1 or 3), so not with a fixed one
    #[arg(long)]
    dim: bool,

    /// Interrupt moderation: interrupt after this many frames (0 = no frame limit; needs
    /// --rx-usecs; not in igb)
    #[arg(long, value_name = "N", default_value_t = defaults().rx_frames)]
    rx_frames: u16,

    /// net_rx_action budget per softirq round (netdev_budget) [1-1000000]
    #[arg(long, value_name = "N", default_value_t = defaults().budget as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    budget: u64,

    /// NAPI weight: frames per poll of one queue [1-65536]
    #[arg(long, value_name = "N", default_value_t = defaults().weight as u64,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    weight: u64,

    /// Seed for host timing jitter and memory latency jitter
    #[arg(long, value_name = "N", default_value_t = defaults().seed)]
    seed: u64,

    /// Host memory read latency seen by the device's DMA [0-10000000]
    #[arg(long, value_name = "N", default_value_t = defaults().mem_latency_ns,
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    mem_latency_ns: u64,

    /// Random extra memory read latency, up to this many ns (seeded) [0-10000000]
    #[arg(long, value_name = "N", default_value_t = defaults().mem_jitter_ns,
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    mem_jitter_ns: u64,

    /// Host time model: MSI arrival to IRQ handler start [0-10000000]
    #[arg(long, value_name = "NS", default_value_t = defaults().host.irq_entry_ns,
          value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    irq_latency_ns: u64,

    /// Host time model: CPU cost of handing one frame up the stack [0-1000000]
    #[arg(long, value_name = "NS", default_value_t = defaults().host.frame_ns,
          value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    rx_frame_ns: u64,

    /// Host time model: CPU cost per received descriptor (unmap, copy) [0-1000000]
    #[arg(long, value_name = "NS", default_value_t = defaults().host.desc_ns,
          value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    rx_desc_ns: u64,

    /// Host time model: one-way MMIO latency (a register read costs a round trip) [0-1000000]
    #[arg(long, value_name = "NS", default_value_t = defaults().mmio_latency_ns,
          value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    mmio_latency_ns: u64,

    /// Host time model: every CPU cost varies by up to this many percent (seeded) [0-100]
    #[arg(long, value_name = "PCT", default_value_t = defaults().host.jitter_pct,
          value_parser = clap::value_parser!(u64).range(0..=100))]
    host_jitter_pct: u64,

    /// Original timing: shorten every gap between capture timestamps to at most
    /// this (like tcpreplay's --maxsleep), e.g. 10ms, 1s, 500us
    #[arg(long, value_name = "TIME", value_parser = parse_duration_ns)]
    max_gap: Option<u64>,

    /// Records captured shorter than they were on the wire (caplen < length):
    /// `pad` replays them at their original length, zero-filled; `drop` leaves them out.
    /// Counted either way
    #[arg(long, value_name = "POLICY", default_value = "pad")]
    snapped: Snapped,

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

    /// Lockstep: cycles before the divergence to trace [1-100000000]
    #[arg(long, value_name = "N", default_value_t = engine::DEFAULT_TRACE_WINDOW,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
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
    // ---- issue 11: driver validation (NAPI checker, event trace)
    /// Check the NAPI rules on every poll and interrupt (`on`, the default, or `off`);
    /// a violation makes the run exit 3
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = parse_on_off, action = clap::ArgAction::Set)]
    check_napi: bool,

    /// Write one JSON line per host/driver event (msi, irq, napi_schedule, poll_start,
    /// poll_end, unmask, refill, doorbell, softirq_end, qdisc_run, tx_timeout, reset, violation)
    #[arg(long, value_name = "FILE.jsonl")]
    events: Option<PathBuf>,

    /// Longest a sent TX frame may wait to be reclaimed before `tx_reclaim_late` (e.g. 10ms, 500us)
    #[arg(long, value_name = "TIME", default_value = "10ms", value_parser = parse_duration_ns)]
    tx_reclaim_bound: u64,

    /// Fault: fail RX buffer allocations, `rate:P` (P% of them, seeded) or `every:N`;
    /// counted as alloc_rx_buff_failed, the refill is retried on the next poll
    #[arg(long, value_name = "SPEC")]
    fault_rx_alloc: Option<nicsim_testbench::faults::AllocFail>,

    /// Fault: answer DMA bursts with an AXI error, `read:N` / `write:N` (the Nth read or write
    /// burst of the run, from 1), each optionally `:slverr` (default) or `:decerr`,
    /// comma-separated; the device counts dma_errors_nic and the driver resets it
    #[arg(long, value_name = "SPEC")]
    fault_dma: Option<nicsim_testbench::faults::DmaFaults>,

    /// Fault: MSI-X messages lost or late, `drop:N` (the Nth message of the run, from 1) or
    /// `delay:N:TIME` (e.g. delay:3:200us), comma-separated; the driver re-arms a vector whose
    /// message was lost (irq_rearm) at its second watchdog run
    #[arg(long, value_name = "SPEC", value_parser = parse_msix)]
    fault_msix: Option<MsixList>,

    /// Fault: reset the device behind the driver's back (CTRL.RST on the bus, as a platform
    /// function-level reset) at these times after the traffic starts, e.g. 1ms,5ms; frames it
    /// discards end as `reset`, and the driver's watchdog notices it and resets again
    #[arg(long, value_name = "TIMES", value_parser = parse_times)]
    fault_reset: Option<Times>,

    /// dev_watchdog's watchdog_timeo: a TX queue stopped this long after its last transmit
    /// times out (tx_timeout_count) and the driver resets the device (igb: 5000)
    #[arg(long, value_name = "MS", default_value_t = defaults().watchdog_timeo_ns / 1_000_000,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    watchdog_ms: u64,
}

/// `--fault-msix`: the MSI-X messages to lose or delay.
#[derive(Clone, Debug)]
struct MsixList(Vec<nicsim_testbench::faults::MsixFault>);

fn parse_msix(s: &str) -> Result<MsixList, String> {
    nicsim_testbench::faults::parse_msix_faults(s).map(MsixList)
}

/// `--fault-reset`: times after the start of traffic, ns.
#[derive(Clone, Debug)]
struct Times(Vec<u64>);

fn parse_times(s: &str) -> Result<Times, String> {
    nicsim_testbench::faults::parse_times(s).map(Times)
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

/// `on` / `off` (also true/false, yes/no, 1/0).
fn parse_on_off(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(format!("'{s}': use on or off")),
    }
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

/// `--clock-mhz`: a number of MHz the device's CYCLES_PER_US can express.
fn parse_clock_mhz(s: &str) -> Result<f64, String> {
    let mhz: f64 = s.parse().map_err(|_| format!("'{s}' is not a number of MHz (e.g. 250 or 156.25)"))?;
    nicsim_testbench::bfm::Clock::from_mhz(mhz).map(|_| mhz).map_err(|e| e.replace("--clock-mhz ", ""))
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

/// `10ms`, `1s`, `500us`, `250ns`, `2m` (minutes), `1h`: a time in ns.
fn parse_duration_ns(s: &str) -> Result<u64, String> {
    nicsim_testbench::faults::parse_time_ns(s)
}

/// A write to stdout that failed because the reader went away (`| head`).
#[derive(Debug, thiserror::Error)]
#[error("stdout closed")]
struct StdoutClosed;

/// Prints to stdout; a closed pipe becomes [`StdoutClosed`] instead of a panic.
fn out(text: &str) -> Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

/// Exit code of a run stopped by SIGINT (128 + 2, as a shell reports it).
const EXIT_INTERRUPTED: u8 = 130;
/// Exit code when stdout is closed under us (128 + SIGPIPE), without a message.
const EXIT_PIPE: u8 = 141;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stop = Arc::new(AtomicBool::new(false));
    {
        // First Ctrl-C: stop at the current cycle and finish the outputs.
        // Second: give up at once.
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                eprintln!("\nnicsim: interrupted again; exiting without finishing the outputs");
                std::process::exit(EXIT_INTERRUPTED as i32);
            }
            eprintln!(
                "\nnicsim: interrupt: stopping at the current cycle and finishing the outputs (Ctrl-C again to abort)"
            );
        });
    }
    let r = match cli.cmd {
        Cmd::Replay(a) => cmd_replay(a, stop),
        Cmd::Gen(a) => cmd_gen(a, stop),
        Cmd::Rss(a) => cmd_rss(a),
        Cmd::Bench(BenchCmd::Throughput(a)) => cmd_throughput(a, stop),
        Cmd::Fuzz(a) => return nicsim_testbench::fuzz::cli(a),
        Cmd::Validate(a) => cmd_validate(a),
    };
    match r {
        Ok(code) => code,
        Err(e) if e.downcast_ref::<StdoutClosed>().is_some() => ExitCode::from(EXIT_PIPE),
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
    clock: nicsim_testbench::bfm::Clock,
}

impl Progress {
    /// `frames`: the total when known (a file), None when streaming from stdin.
    fn new(frames: Option<u64>, enabled: bool, clock: nicsim_testbench::bfm::Clock) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let (b, tpl) = match frames {
                Some(n) => (ProgressBar::new(n), "{elapsed_precise} [{bar:30}] {pos}/{len} frames, {msg}"),
                None => (ProgressBar::no_length(), "{elapsed_precise} {spinner} {pos} frames, {msg}"),
            };
            if let Ok(style) = ProgressStyle::with_template(tpl) {
                b.set_style(style.progress_chars("=> "));
            }
            b
        });
        Progress { bar, last: None, clock }
    }

    fn update(&mut self, settled: usize, cycle: u64) {
        let Some(bar) = &self.bar else { return };
        if self.last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Some(Instant::now());
        bar.set_position(settled as u64);
        bar.set_message(format!("{:.3} ms sim", self.clock.ns_of(cycle) as f64 / 1e6));
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

type FrameIter = FrameSource;

/// Frames of a capture as a stream, with the admission policy applied
/// (counted in `stats`); the first admitted frame's timestamp goes to `clock`.
fn frames_of(
    path: &Path,
    snapped: Snapped,
    stats: Rc<RefCell<CaptureStats>>,
    clock: Rc<Cell<Clock>>,
) -> Result<FrameIter> {
    let reader = PcapReader::open(path)?;
    let mut first = true;
    Ok(Box::new(reader.filter_map(move |r| match r {
        Err(e) => Some(Err(e.to_string())),
        Ok(f) => {
            let f = stats.borrow_mut().admit(f, snapped)?;
            if first {
                first = false;
                clock.set(Clock { capture_start_ns: f.ts_ns, ..clock.get() });
            }
            Some(Ok(f))
        }
    })))
}

/// Records in a capture file, reading it once through (and so finding a
/// malformed file before anything is simulated). None for stdin.
fn count_records(path: &Path) -> Result<Option<u64>> {
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let mut n = 0u64;
    for r in PcapReader::open(path)? {
        r?;
        n += 1;
    }
    Ok(Some(n))
}

/// Counts of a capture's odd records as stats JSON.
fn capture_json(c: &CaptureStats) -> String {
    format!(
        "{{\"records\": {}, \"empty\": {}, \"snap_truncated\": {}, \"snap_dropped\": {}, \"caplen_over_len\": {}}}",
        c.records, c.empty, c.snap_truncated, c.snap_dropped, c.caplen_over_len
    )
}

/// Peak resident memory of this process in kB (Linux VmHWM), 0 if unknown.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn cmd_replay(a: ReplayArgs, stop: Arc<AtomicBool>) -> Result<ExitCode> {
    if a.engine.needs_rtl() && !engine::rtl_available() {
        eprintln!("error: engine '{}': {}", a.engine.name(), engine::RTL_MISSING);
        return Ok(ExitCode::from(2));
    }
    if a.engine.needs_rtl() && engine::rtl_is_stub() {
        eprintln!("warning: this build runs the plumbing stub, not the NIC RTL (see cosim/README.md)");
    }
    if a.trace.is_some() && a.engine == Engine::Model {
        bail!(
            "--trace writes a waveform of the RTL, and the model engine has none: use --engine rtl (whole run) \
             or --engine lockstep (the cycles before a divergence)"
        );
    }
    if a.pcap.as_deref().is_some_and(is_stdin) && a.tx.as_deref().is_some_and(is_stdin) {
        bail!("PCAP and --tx both read stdin ('-'): only one of them can");
    }
    let timing = if a.topspeed {
        Timing::TopSpeed
    } else if let Some(bps) = a.rate {
        Timing::Rate(bps)
    } else {
        a.timing.unwrap_or(Timing::Original)
    };
    if a.max_gap.is_some() && timing != Timing::Original {
        bail!("--max-gap shortens gaps between capture timestamps, so it needs --timing original (the default)");
    }
    let opts = ReplayOptions {
        queues: a.queues as usize,
        ring: a.ring,
        buf_size: a.buf_size,
        mtu: a.mtu,
        rss_key: a.rss_key.unwrap_or(DEFAULT_KEY),
        timing,
        rx_usecs: a.rx_usecs,
        rx_frames: a.rx_frames,
        speed: a.speed,
        dim: a.dim,
        budget: a.budget as usize,
        weight: a.weight as usize,
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
        build: a.build,
        clock: match a.clock_mhz {
            Some(mhz) => nicsim_testbench::bfm::Clock::from_mhz(mhz).map_err(anyhow::Error::msg)?,
            None => a.build.clock(),
        },
        device_queues: a.build.config().map(|c| c.queues).unwrap_or(16),
        trace: None,
        tx_ring: a.tx_ring,
        tx_buf: a.tx_buf,
        tx_usecs: a.tx_usecs,
        tx_frames: a.tx_frames,
        tx_stall: a.tx_stall,
        txqueuelen: a.txqueuelen as usize,
        max_gap_ns: a.max_gap,
        stop: Some(stop.clone()),
        check_napi: a.check_napi,
        tx_reclaim_bound_ns: a.tx_reclaim_bound,
        rx_alloc_fail: a.fault_rx_alloc,
        dma_faults: a.fault_dma.clone(),
        msix_faults: a.fault_msix.clone().map(|x| x.0).unwrap_or_default(),
        reset_at_ns: a.fault_reset.clone().map(|x| x.0).unwrap_or_default(),
        watchdog_timeo_ns: a.watchdog_ms * 1_000_000,
        ..ReplayOptions::default()
    };
    // Check options before reading a possibly large capture.
    opts.validate()?;
    opts.driver_config()
        .validate()
        .context("invalid --queues/--ring/--buf-size/--mtu/--weight/--tx-ring/--tx-buf/--rx-usecs/--tx-usecs")?;

    // Every output is checked (and created under a temporary name) before
    // anything runs.
    let mut outputs: Vec<(&'static str, &Path)> = Vec::new();
    for (flag, p) in [
        ("--log", &a.log),
        ("--stats", &a.stats),
        ("--rx-pcap", &a.rx_pcap),
        ("--tx-pcap", &a.tx_pcap),
        ("--softnet", &a.softnet),
        ("--interrupts", &a.interrupts),
        ("--events", &a.events),
    ] {
        if let Some(p) = p {
            outputs.push((flag, p.as_path()));
        }
    }
    if a.engine == Engine::Rtl {
        if let Some(p) = &a.trace {
            outputs.push(("--trace", p.as_path()));
        }
    }
    let inputs: Vec<&Path> = a.pcap.iter().chain(a.tx.iter()).map(|p| p.as_path()).collect();
    let plan = OutputPlan::new(&outputs, &inputs).map_err(anyhow::Error::msg)?;

    // The progress bar's total costs a pass over the captures: only when a person watches.
    let watched = !a.quiet && std::io::stderr().is_terminal();
    let count = |p: &Option<PathBuf>| -> Result<Option<u64>> {
        match p.as_deref() {
            Some(p) if watched => count_records(p),
            _ => Ok(None),
        }
    };
    let (rx_total, tx_total) = (count(&a.pcap)?, count(&a.tx)?);
    let total = match (a.pcap.is_some(), rx_total, a.tx.is_some(), tx_total) {
        (true, None, _, _) | (_, _, true, None) => None,
        _ => Some(rx_total.unwrap_or(0) + tx_total.unwrap_or(0)),
    };
    let name = match (&a.pcap, &a.tx) {
        (Some(rx), Some(tx)) => format!("{} + tx {}", rx.display(), tx.display()),
        (Some(rx), None) => rx.display().to_string(),
        (None, Some(tx)) => format!("tx {}", tx.display()),
        (None, None) => unreachable!("clap requires PCAP or --tx"),
    };

    let sink = FileSink::new(&plan, &opts.rss_key).map_err(anyhow::Error::msg)?;
    let (rx_clock, tx_clock) = (sink.rx_clock.clone(), sink.tx_clock.clone());
    let rx_caps: Rc<RefCell<CaptureStats>> = Default::default();
    let tx_caps: Rc<RefCell<CaptureStats>> = Default::default();
    let open =
        |p: &Option<PathBuf>, caps: &Rc<RefCell<CaptureStats>>, clock: &Rc<Cell<Clock>>| -> Result<Option<FrameIter>> {
            p.as_deref().map(|p| frames_of(p, a.snapped, caps.clone(), clock.clone())).transpose()
        };
    let rx = open(&a.pcap, &rx_caps, &rx_clock)?;
    let tx = open(&a.tx, &tx_caps, &tx_clock)?;
    let run_opts = ReplayOptions {
        trace: plan.tmp("--trace").map(TraceSpec::whole),
        events: plan.tmp("--events").map(|p| EventsTo::File(p.to_owned())),
        ..opts.clone()
    };
    let mut progress = Progress::new(total, !a.quiet, run_opts.clock);
    let result =
        replay_stream(rx, tx, &run_opts, Box::new(sink), &mut |settled, cycle| progress.update(settled, cycle));
    progress.finish();
    let (r, mut sink) = match result {
        Ok(v) => v,
        Err(f) if matches!(f.error, ReplayError::Diverged(_)) => {
            let StreamFailure { error: ReplayError::Diverged(d), sink } = *f else { unreachable!() };
            // The frames settled before the divergence are what the user debugs with: keep them.
            let kept = match sink.map(|mut s| s.finish_files()) {
                Some(Ok(())) => plan.commit().map_err(anyhow::Error::msg)?,
                _ => {
                    plan.abort();
                    Vec::new()
                }
            };
            eprintln!("error: {d}");
            if !kept.is_empty() {
                let names: Vec<String> = kept.iter().map(|p| p.display().to_string()).collect();
                eprintln!("outputs up to the divergence: {}", names.join(", "));
            }
            if inputs.iter().any(|p| is_stdin(p)) {
                eprintln!("no trace: the capture came from stdin and cannot be replayed again");
                return Ok(ExitCode::from(3));
            }
            let path = a.trace.clone().unwrap_or_else(|| PathBuf::from("out/lockstep.fst"));
            let spec = TraceSpec::before(&path, d.cycle, a.trace_window);
            eprintln!("re-running with an FST trace from cycle {} ...", spec.from_cycle);
            let again = ReplayOptions { trace: Some(spec), stop: None, ..opts.clone() };
            let rx = open(&a.pcap, &Default::default(), &Default::default())?;
            let tx = open(&a.tx, &Default::default(), &Default::default())?;
            match replay_stream(rx, tx, &again, Box::new(NullSink), &mut |_, _| {}) {
                Err(f) if matches!(&f.error, ReplayError::Diverged(d2) if d2.cycle == d.cycle) => {
                    eprintln!("trace: {}", path.display())
                }
                _ => eprintln!("warning: the re-run did not diverge at the same cycle; no trace"),
            }
            return Ok(ExitCode::from(3));
        }
        Err(f) => {
            plan.abort();
            return Err(
                anyhow::Error::new(f.error).context(format!("replay of {name} failed; no output files were written"))
            );
        }
    };
    if let Err(e) = sink.finish_files() {
        plan.abort();
        bail!("{e}; no output files were written");
    }
    drop(sink);
    if let Some(p) = plan.tmp("--trace") {
        // The FST writer reports no errors of its own: an empty file means it failed.
        if std::fs::metadata(p).map_or(true, |m| m.len() == 0) {
            plan.abort();
            bail!(
                "--trace {}: the FST writer produced no data (disk full?); no output files were written",
                a.trace.as_ref().expect("planned").display()
            );
        }
    }
    for (flag, text) in [("--softnet", report::softnet_stat(&r)), ("--interrupts", report::interrupts_table(&r))] {
        if let Some(p) = plan.tmp(flag) {
            if let Err(e) = std::fs::write(p, text) {
                plan.abort();
                bail!("cannot write {flag}: {e}; no output files were written");
            }
        }
    }
    let rx_caps = rx_caps.borrow().clone();
    let tx_caps = tx_caps.borrow().clone();
    if let Some(p) = plan.tmp("--stats") {
        let (rxc, txc) = (rx_clock.get(), tx_clock.get());
        let extra = [
            ("traffic_start_ns", rxc.t0_ns.to_string()),
            ("capture_start_ns", rxc.capture_start_ns.to_string()),
            ("tx_capture_start_ns", txc.capture_start_ns.to_string()),
            ("capture", capture_json(&rx_caps)),
            ("tx_capture", capture_json(&tx_caps)),
            ("peak_rss_kb", peak_rss_kb().to_string()),
        ];
        let text = report::stats_json_with(&r, &opts, a.engine.name(), &extra);
        if let Err(e) = std::fs::write(p, text) {
            plan.abort();
            bail!(
                "cannot write stats {}: {e}; no output files were written",
                a.stats.as_ref().expect("planned").display()
            );
        }
    }
    let written = plan.commit().map_err(anyhow::Error::msg)?;
    for w in [rx_caps.warning("capture"), tx_caps.warning("tx capture")].into_iter().flatten() {
        eprintln!("warning: {w}");
    }
    if r.long_gaps > 0 && opts.timing == Timing::Original && opts.max_gap_ns.is_none() {
        eprintln!(
            "note: {} gap(s) between capture timestamps are longer than 1 s (longest {:.3} s); --max-gap shortens them",
            r.long_gaps,
            r.longest_gap_ns as f64 / 1e9
        );
    }
    if r.interrupted {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "interrupted at cycle {} ({} of {} RX frames settled); outputs are complete up to there{}",
            r.cycles,
            r.offered() as u64 - r.totals.rx_unsettled,
            r.offered(),
            if names.is_empty() { String::new() } else { format!(": {}", names.join(", ")) }
        );
    }
    if !a.quiet {
        out(&format!(
            "{}: engine {}, {} queue(s), timing {}\n{}",
            name,
            a.engine.name(),
            opts.queues,
            report::timing_name(opts.timing),
            report::summary_table(&r)
        ))?;
    }
    if r.interrupted {
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
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

/// Issue 11: the validation suite. Exit 0 when every scenario passes, 3 when one fails.
fn cmd_validate(a: ValidateArgs) -> Result<ExitCode> {
    use nicsim_testbench::validate;
    let mut suite = match &a.suite {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("--suite {}", p.display()))?;
            validate::Suite::parse(&text).map_err(|e| anyhow::anyhow!("--suite {}: {e}", p.display()))?
        }
        None => validate::Suite::builtin(),
    };
    if !a.only.is_empty() {
        suite.scenarios.retain(|s| a.only.iter().any(|o| s.name.contains(o.as_str())));
        if suite.scenarios.is_empty() && a.capture.is_empty() {
            bail!("--only matches no scenario");
        }
    }
    if a.list {
        for s in &suite.scenarios {
            out(&format!("{:<28} {}\n", s.name, s.about))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut outputs: Vec<(&'static str, &Path)> = Vec::new();
    for (flag, p) in [("--junit", &a.junit), ("--html", &a.html)] {
        if let Some(p) = p {
            outputs.push((flag, p.as_path()));
        }
    }
    let inputs: Vec<&Path> = a.capture.iter().map(|p| p.as_path()).chain(a.suite.as_deref()).collect();
    let plan = OutputPlan::new(&outputs, &inputs).map_err(anyhow::Error::msg)?;
    let quiet = a.quiet;
    let outcomes = validate::run_suite(&suite, None, &a.capture, &mut |o| {
        if !quiet {
            eprintln!("{:<28} {}", o.name, if o.passed { "pass" } else { "FAIL" });
        }
    })
    .map_err(anyhow::Error::msg)?;
    let driver = "nicsim-driver";
    if let Some(p) = plan.tmp("--junit") {
        std::fs::write(p, validate::junit(&outcomes, driver)).context("--junit")?;
    }
    if let Some(p) = plan.tmp("--html") {
        let html = validate::html(&outcomes, driver).map_err(anyhow::Error::msg)?;
        std::fs::write(p, html).context("--html")?;
    }
    plan.commit().map_err(anyhow::Error::msg)?;
    out(&validate::table(&outcomes))?;
    if outcomes.iter().any(|o| !o.passed) {
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// A sink that keeps nothing (the lockstep re-run that only writes a trace).
struct NullSink;

impl nicsim_testbench::sim::RunSink for NullSink {
    fn rx_fate(&mut self, _: usize, _: &nicsim_testbench::sim::Fate, _: &[u8]) -> Result<(), String> {
        Ok(())
    }
    fn rx_delivered(&mut self, _: usize, _: &nicsim_testbench::sim::Fate, _: &[u8]) -> Result<(), String> {
        Ok(())
    }
    fn tx_fate(&mut self, _: usize, _: &nicsim_testbench::sim::TxFate) -> Result<(), String> {
        Ok(())
    }
    fn tx_wire(&mut self, _: u64, _: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

fn cmd_gen(a: GenArgs, stop: Arc<AtomicBool>) -> Result<ExitCode> {
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
    let plan = OutputPlan::new(&[("--output", a.output.as_path())], &[]).map_err(anyhow::Error::msg)?;
    let tmp = plan.tmp("--output").expect("planned").to_owned();
    // Streamed: memory does not grow with --count.
    let mut sink = PcapSink::create(&tmp)?;
    let (mut frames, mut bytes) = (0u64, 0u64);
    let (mut first_ns, mut last) = (None, None::<(u64, usize)>);
    for f in Generator::new(&cfg) {
        if stop.load(Ordering::Relaxed) {
            plan.abort();
            eprintln!("interrupted: {} not written", a.output.display());
            return Ok(ExitCode::from(EXIT_INTERRUPTED));
        }
        if let Err(e) = sink.write(f.ts_ns, &f.data) {
            plan.abort();
            return Err(anyhow::Error::msg(
                e.to_string().replace(&tmp.display().to_string(), &a.output.display().to_string()),
            ));
        }
        frames += 1;
        bytes += f.data.len() as u64;
        first_ns.get_or_insert(f.ts_ns);
        last = Some((f.ts_ns, f.data.len()));
    }
    if let Err(e) = sink.finish() {
        plan.abort();
        return Err(anyhow::Error::msg(
            e.to_string().replace(&tmp.display().to_string(), &a.output.display().to_string()),
        ));
    }
    plan.commit().map_err(anyhow::Error::msg)?;
    // Span from the first frame's start to the last one's end on the wire.
    let span_ns = match (first_ns, last) {
        (Some(first), Some((ts, len))) => {
            let tail_bits = 8 * (len + WIRE_OVERHEAD) as u128;
            ts - first + (tail_bits * 1_000_000_000 / a.rate as u128) as u64
        }
        _ => 0,
    };
    out(&format!(
        "wrote {}: {} frames, {} bytes, {:.6} s at {} b/s (sizes {}, {} flows, seed {})\n",
        a.output.display(),
        frames,
        bytes,
        span_ns as f64 / 1e9,
        a.rate,
        cfg.sizes,
        cfg.flows,
        cfg.seed
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_throughput(a: ThroughputArgs, stop: Arc<AtomicBool>) -> Result<ExitCode> {
    use nicsim_testbench::throughput::{self as tp, Config};
    let mut cfg = Config {
        dirs: a.dirs.clone(),
        sizes: a.sizes.iter().map(|&v| v as usize).collect(),
        queues: a.queues.iter().map(|&v| v as usize).collect(),
        mem_latency_ns: a.mem_latency_ns.clone(),
        frames: a.frames as usize,
        resolution_permille: a.resolution,
        default_host: !a.no_default_host,
        seed: a.seed,
    };
    if a.quick {
        cfg.sizes = vec![60, 1514];
        cfg.queues = vec![1, 16];
        cfg.mem_latency_ns = vec![500];
    }
    let outputs: Vec<(&'static str, &Path)> =
        [("--json", &a.json), ("--svg", &a.svg)].into_iter().filter_map(|(f, p)| Some((f, p.as_deref()?))).collect();
    let plan = OutputPlan::new(&outputs, &[]).map_err(anyhow::Error::msg)?;
    let total = cfg.dirs.len() * cfg.sizes.len() * cfg.queues.len() * cfg.mem_latency_ns.len();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = ProgressBar::new(total as u64);
        if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} points, {msg}") {
            b.set_style(style.progress_chars("=> "));
        }
        b
    });
    out(&format!(
        "nicsim bench throughput: {total} points, zero-loss rate at 10 Gb/s by binary search (RFC 2544 26.1)\n\
         host: fast (irq entry 100 ns, 5 ns per frame: the device is the limit); 'host' columns: default host costs\n\n"
    ))?;
    let mut interrupted = false;
    let points = tp::run(&cfg, &mut |done, _, p| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
            b.set_message(format!("{} {} B {}q: {:.2} Gb/s", p.dir.name(), p.size, p.queues, p.fast_bps as f64 / 1e9));
        }
        interrupted |= stop.load(Ordering::Relaxed);
    })?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if interrupted {
        eprintln!("interrupted: results discarded");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    if let Some(p) = plan.tmp("--json") {
        std::fs::write(p, tp::json(&points, &cfg)).context("cannot write --json")?;
    }
    if let Some(p) = plan.tmp("--svg") {
        std::fs::write(p, tp::svg(&points).map_err(anyhow::Error::msg)?).context("cannot write --svg")?;
    }
    plan.commit().map_err(anyhow::Error::msg)?;
    let at_line = points.iter().filter(|p| p.at_line_rate()).count();
    out(&format!("{}\n{at_line} of {} points at line rate with the fast host\n", tp::table(&points), points.len()))?;
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
    out(&format!(
        "hash type: {}\ninput:     {} ({} bytes)\nhash:      0x{hash:08x} ({hash})\nqueue:     {} (default RETA[{index}] = {index} % {queues})\n",
        ty.name(),
        report::hex(&input),
        input.len(),
        index % queues
    ))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use proptest::prelude::*;

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
    fn durations() {
        assert_eq!(parse_duration_ns("10ms"), Ok(10_000_000));
        assert_eq!(parse_duration_ns("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration_ns("250ns"), Ok(250));
        assert_eq!(parse_duration_ns("2m"), Ok(120_000_000_000));
        assert!(parse_duration_ns("10").unwrap_err().contains("no unit"));
        assert!(parse_duration_ns("10parsecs").unwrap_err().contains("unknown unit"));
        assert!(parse_duration_ns("99999999999h").unwrap_err().contains("out of range"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any value for any numeric replay option: parsed within its range or refused, never a panic.
        #[test]
        fn numeric_options_parse_or_refuse(
            flag in prop::sample::select(vec![
                "--mem-latency-ns", "--mem-jitter-ns", "--irq-latency-ns", "--rx-frame-ns", "--rx-desc-ns",
                "--mmio-latency-ns", "--host-jitter-pct", "--txqueuelen", "--budget", "--weight",
                "--trace-window", "--rx-usecs", "--tx-usecs", "--queues", "--max-gap", "--seed", "--speed",
            ]),
            value in prop_oneof![
                any::<u64>().prop_map(|v| v.to_string()),
                any::<i64>().prop_map(|v| v.to_string()),
                "\\PC{0,10}".prop_map(|s: String| s),
            ],
        ) {
            if let Ok(cli) = Cli::try_parse_from(["nicsim", "replay", "x.pcap", flag, &value]) {
                let Cmd::Replay(a) = cli.cmd else { panic!() };
                prop_assert!(a.host_jitter_pct <= 100 && a.mem_latency_ns <= 10_000_000);
                prop_assert!(a.mmio_latency_ns <= 1_000_000 && a.irq_latency_ns <= 10_000_000);
                prop_assert!(a.txqueuelen >= 1 && a.weight >= 1 && a.budget >= 1);
            }
        }
    }

    #[test]
    fn replay_defaults_match_library() {
        let cli = Cli::try_parse_from(["nicsim", "replay", "x.pcap"]).unwrap();
        let Cmd::Replay(a) = cli.cmd else { panic!() };
        let d = ReplayOptions::default();
        assert_eq!((a.tx_buf, a.tx_usecs, a.tx_frames, a.tx_stall), (d.tx_buf, d.tx_usecs, d.tx_frames, d.tx_stall));
        assert_eq!((a.tx_ring, a.txqueuelen), (None, 1000));
        assert_eq!((a.max_gap, a.snapped), (None, Snapped::Pad));
        assert_eq!((a.budget as usize, a.weight as usize), (d.budget, d.weight));
        assert_eq!((a.queues as usize, a.ring, a.buf_size, a.mtu), (4, 256, 2048, 1500));
        // igb's: rx-usecs 3 (dynamic conservative), tx-usecs 0 (paired queues), rings of 256.
        assert_eq!((a.rx_usecs, a.rx_frames, a.budget, a.weight, a.seed), (3, 0, 300, 64, 1));
        assert_eq!((a.tx_usecs, d.tx_usecs), (0, 0));
        let dc = nicsim_driver::DriverConfig::default();
        assert_eq!((dc.ring_size, dc.tx_ring_size, dc.rx_usecs, dc.tx_usecs), (256, 256, 3, 0));
        assert_eq!((a.mem_latency_ns, a.mem_jitter_ns), (500, 0));
        assert_eq!((a.queues as usize, a.ring, a.rx_usecs), (d.queues, d.ring, d.rx_usecs));
        // The link: 10G unless --rate or --speed says otherwise; igb's ITR, not DIM.
        assert_eq!((a.speed, d.speed, a.dim, d.dim), (None, None, false, false));
        assert_eq!((d.link_speed(), dc.link_speed), (10_000, 10_000));
        let at = |timing| ReplayOptions { timing, ..ReplayOptions::default() }.link_speed();
        assert_eq!((at(Timing::Rate(1_000_000_000)), at(Timing::TopSpeed)), (1000, 10_000));
        assert_eq!(ReplayOptions { speed: Some(100), timing: Timing::Rate(1 << 30), ..d.clone() }.link_speed(), 100);
        assert!(Cli::try_parse_from(["nicsim", "replay", "x", "--speed", "0"]).is_err());
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
