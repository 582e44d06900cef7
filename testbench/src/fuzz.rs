//! `nicsim fuzz`: constrained-random lockstep campaigns.
//!
//! One seed decides everything a run does: the host's memory latency and
//! stalls, the MAC's `tready` backpressure, the frames on the wire (sizes,
//! IPv4/IPv6, TCP/UDP/other, VLAN tags, IPv4 fragments, IPv6 extension
//! headers, malformed and truncated headers, runts, oversize frames, MAC
//! errors), the TX frames posted (good and bad descriptors), legal and
//! illegal register writes, MSI-X masking, soft resets, and how lazily the
//! host services its rings. The device is the model and the RTL in lockstep
//! (or the model alone, `--engine model`); every output is compared every
//! cycle, so the host needs no scoreboard of its own: the model is the
//! reference, and the host only has to keep the device busy in every corner.
//!
//! Each category of randomness has its own stream (all derived from the run
//! seed), so switching one category off (`--no-regs`, ...) leaves what the
//! others draw unchanged: that is what makes shrinking a failure cheap.
//!
//! A campaign runs seeds `seed, seed+1, ...`, each for `run_cycles` cycles
//! (plus a bounded drain), until `--cycles` cycles in total, `--runs` runs or
//! `--time` seconds of wall time (checked only between runs: the wall clock
//! never reaches the simulation). A failure (a divergence, or a panic of the
//! device or host) prints the one command line that runs exactly that run
//! again, and, when the failure came early enough to be cheap, a shrunk one.

use nicsim_hw::axil::{self, AxilPort};
use nicsim_hw::desc::{RxReadDesc, RxWbDesc, TxDesc, DESC_BYTES, TX_CMD_EOP, TX_CMD_RS};
use nicsim_hw::ports::{rx_in, Inputs, Outputs, AXI_RESP_DECERR, AXI_RESP_OKAY};
use nicsim_hw::regs::*;
use nicsim_hw::Device;
use nicsim_model::{Nic, NicConfig};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use crate::engine::Build;

/// Model and RTL in lockstep, or the model alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FuzzEngine {
    /// model and RTL, every output compared every cycle
    Lockstep,
    /// the model alone (checks the host and the coverage, no comparison)
    Model,
}

/// Categories of stimulus a run may use. All on by default; shrinking
/// switches them off one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Knobs {
    pub rx: bool,
    pub tx: bool,
    pub regs: bool,
    pub resets: bool,
    pub malformed: bool,
    pub stalls: bool,
    pub faults: bool,
    /// What a run does (not a category: shrinking leaves it alone).
    pub scenario: Scenario,
}

/// What a run does: the constrained-random mix, or the ring walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// traffic, register writes, resets and faults mixed at random (the default)
    #[default]
    Random,
    /// every RX and TX queue walks more than half of a 4096-entry ring, with
    /// rings, buffers and MSI-X addresses above 8 GiB and below 4 GiB, then
    /// every queue's ring is moved to unmapped memory (see [`Host::rings`])
    Rings,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            rx: true,
            tx: true,
            regs: true,
            resets: true,
            malformed: true,
            stalls: true,
            faults: true,
            scenario: Scenario::Random,
        }
    }
}

impl Knobs {
    /// (flag, value) pairs in shrink order.
    fn list(&self) -> [(&'static str, bool); 7] {
        [
            ("--no-regs", self.regs),
            ("--no-resets", self.resets),
            ("--no-tx", self.tx),
            ("--no-faults", self.faults),
            ("--no-malformed", self.malformed),
            ("--no-stalls", self.stalls),
            ("--no-rx", self.rx),
        ]
    }
    fn without(mut self, flag: &str) -> Self {
        match flag {
            "--no-regs" => self.regs = false,
            "--no-resets" => self.resets = false,
            "--no-tx" => self.tx = false,
            "--no-faults" => self.faults = false,
            "--no-malformed" => self.malformed = false,
            "--no-stalls" => self.stalls = false,
            _ => self.rx = false,
        }
        self
    }
    /// The command-line flags of the categories switched off.
    pub fn flags(&self) -> String {
        let mut f: String = self.list().iter().filter(|(_, on)| !on).map(|(f, _)| format!(" {f}")).collect();
        if self.scenario == Scenario::Rings {
            f.push_str(" --scenario rings");
        }
        f
    }
}

/// One campaign.
#[derive(Clone, Debug)]
pub struct FuzzOptions {
    pub build: Build,
    pub engine: FuzzEngine,
    /// Seed of the first run; run k uses `seed + k`.
    pub seed: u64,
    /// Cycles per run (actions start until then; the drain after is bounded).
    pub run_cycles: u64,
    /// Stop starting runs once this many cycles ran in total (with no
    /// limit at all, [`DEFAULT_CYCLES`]).
    pub cycles: Option<u64>,
    /// Stop after this many runs.
    pub runs: Option<u64>,
    /// Stop starting runs after this many seconds of wall time.
    pub time_s: Option<f64>,
    pub knobs: Knobs,
    /// Try to shrink a failure that came within this many cycles (0: never).
    pub shrink_below: u64,
    /// Stop at the first failing run (else run on and report them all).
    pub stop_on_failure: bool,
}

impl Default for FuzzOptions {
    fn default() -> Self {
        FuzzOptions {
            build: Build::Main,
            engine: FuzzEngine::Lockstep,
            seed: 1,
            run_cycles: DEFAULT_RUN_CYCLES,
            cycles: None,
            runs: None,
            time_s: None,
            knobs: Knobs::default(),
            shrink_below: 2_000_000,
            stop_on_failure: true,
        }
    }
}

/// Cycles of one run by default (about 1-2 s in lockstep).
pub const DEFAULT_RUN_CYCLES: u64 = 500_000;
/// Most cycles a run spends draining after its last action.
const DRAIN_CYCLES: u64 = 20_000;
/// Cycles of a default campaign (10 runs).
pub const DEFAULT_CYCLES: u64 = 5_000_000;

/// Named functional coverage points. Every one of them is expected to be
/// hit by a regression campaign (`make regress` checks the merged counts).
pub const POINTS: &[&str] = &[
    "rx_delivered",
    "rx_multi_desc_frame",
    "rx_ring_wrap",
    "rx_no_desc",
    "rx_fifo_full",
    "rx_oversize",
    "rx_mac_error",
    "rx_disabled_drop",
    "rx_frame_not_ip",
    "rx_ipv6_ext_headers",
    "rx_ipv4_fragment",
    "rx_vlan_tagged",
    "tx_sent",
    "tx_bad_frame",
    "tx_stop",
    "tx_wake",
    "tx_mac_backpressure",
    "msix_sent",
    "msix_masked_pending",
    "irq_by_time",
    "irq_by_count",
    "bsize_change_refused",
    "reg_write_refused",
    "soft_reset",
    "dma_error_response",
    "axi_read_reordered",
];

/// Functional coverage of one run or of a campaign (counts; merged by adding).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Named points (see [`POINTS`]).
    pub points: BTreeMap<String, u64>,
    /// RX frames delivered per hash type (write-back code 0..=6).
    pub hash_types: [u64; 7],
    /// Hashed RX frames per RETA entry (hash & 127).
    pub reta: Vec<u64>,
}

impl Coverage {
    fn new() -> Self {
        Coverage {
            points: POINTS.iter().map(|p| (p.to_string(), 0)).collect(),
            hash_types: [0; 7],
            reta: vec![0; RETA_COUNT * 4],
        }
    }
    fn hit(&mut self, p: &'static str) {
        debug_assert!(POINTS.contains(&p), "{p}");
        *self.points.entry(p.to_string()).or_default() += 1;
    }
    pub fn merge(&mut self, o: &Coverage) {
        if self.reta.is_empty() {
            *self = Coverage::new();
        }
        for (k, v) in &o.points {
            *self.points.entry(k.clone()).or_default() += v;
        }
        for (a, b) in self.hash_types.iter_mut().zip(o.hash_types) {
            *a += b;
        }
        for (a, b) in self.reta.iter_mut().zip(&o.reta) {
            *a += b;
        }
    }
    /// Points, hash types and RETA entries never hit.
    pub fn missed(&self) -> Vec<String> {
        let mut m: Vec<String> = self.points.iter().filter(|(_, v)| **v == 0).map(|(k, _)| k.clone()).collect();
        for (t, n) in self.hash_types.iter().enumerate() {
            if *n == 0 {
                m.push(format!("hash_type_{t}"));
            }
        }
        let reta_missed = self.reta.iter().filter(|n| **n == 0).count();
        if reta_missed > 0 {
            m.push(format!("reta_entries ({reta_missed} of {} never used)", self.reta.len()));
        }
        m
    }
    /// Hit / total over points, hash types and RETA entries.
    pub fn goals(&self) -> (usize, usize) {
        let total = self.points.len() + self.hash_types.len() + self.reta.len();
        let hit = self.points.values().filter(|v| **v > 0).count()
            + self.hash_types.iter().filter(|v| **v > 0).count()
            + self.reta.iter().filter(|v| **v > 0).count();
        (hit, total)
    }
}

/// Why a run failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Cycle of the divergence, or the cycle the panic happened in.
    pub cycle: u64,
    /// "divergence" or "panic".
    pub kind: &'static str,
    /// Divergence: the first differing signal.
    pub signal: Option<String>,
    pub message: String,
}

/// One run's result.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    pub seed: u64,
    pub cycles: u64,
    pub compared: u64,
    pub rx_frames: u64,
    pub tx_frames: u64,
    pub reg_writes: u64,
    pub resets: u64,
    pub failure: Option<Failure>,
    pub coverage: Coverage,
}

/// A campaign's result.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignResult {
    pub build: Build,
    pub engine: FuzzEngine,
    pub first_seed: u64,
    pub runs: u64,
    pub cycles: u64,
    pub compared: u64,
    pub failures: Vec<FailureReport>,
    pub coverage: Coverage,
    pub coverage_hit: usize,
    pub coverage_total: usize,
    pub coverage_missed: Vec<String>,
}

/// A failure with the command lines that reproduce it.
#[derive(Clone, Debug, Serialize)]
pub struct FailureReport {
    pub seed: u64,
    pub failure: Failure,
    /// Runs exactly the failing run again.
    pub repro: String,
    /// The smallest variant found that still fails (fewer cycles, categories off).
    pub shrunk: Option<String>,
}

/// The command line that runs one run again.
pub fn repro_command(build: Build, engine: FuzzEngine, seed: u64, run_cycles: u64, knobs: &Knobs) -> String {
    let eng = if engine == FuzzEngine::Model { " --engine model" } else { "" };
    format!(
        "nicsim fuzz --build {} --seed {seed} --runs 1 --run-cycles {run_cycles}{eng}{}",
        build.name(),
        knobs.flags()
    )
}

// ------------------------------------------------------------------ randomness

/// splitmix64: small, fast, and the same on every platform.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    /// Stream `stream` of run `seed`: independent sequences per category.
    fn stream(seed: u64, stream: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability pct / 100.
    fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
}

// Stream ids.
const S_PROFILE: u64 = 1;
const S_MEM: u64 = 2;
const S_MAC: u64 = 3;
const S_ACTION: u64 = 4;
const S_RX: u64 = 5;
const S_TX: u64 = 6;
const S_REGS: u64 = 7;
const S_RESET: u64 = 8;
const S_FAULT: u64 = 9;
const S_INIT: u64 = 10;

// ------------------------------------------------------------------ the device

/// What the fuzz host needs from a device besides [`Device`].
pub trait Dut: Device {
    /// The model (the reference, and where per-cycle state is sampled).
    fn model(&self) -> &Nic;
    /// The first divergence, if any.
    fn failure(&self) -> Option<Failure>;
    /// Cycles compared so far (0 for the model alone).
    fn compared(&self) -> u64;
}

impl Dut for Nic {
    fn model(&self) -> &Nic {
        self
    }
    fn failure(&self) -> Option<Failure> {
        None
    }
    fn compared(&self) -> u64 {
        0
    }
}

#[cfg(feature = "rtl")]
impl Dut for nicsim_cosim::Lockstep {
    fn model(&self) -> &Nic {
        nicsim_cosim::Lockstep::model(self)
    }
    fn failure(&self) -> Option<Failure> {
        self.divergence().map(|d| Failure {
            cycle: d.cycle,
            kind: "divergence",
            signal: Some(d.signal.to_string()),
            message: d.to_string(),
        })
    }
    fn compared(&self) -> u64 {
        self.compared_cycles()
    }
}

// ------------------------------------------------------------------ host

/// Host memory at and above this address is unmapped (DECERR).
const UNMAPPED: u64 = 1 << 32;
/// The ring walk (`--scenario rings`) maps host memory again from here up:
/// every address bit from 33 to 63 is set (bit 32 is left to the hole).
const WALK_HI: u64 = 0xFFFF_FFFE_0000_0000;
/// Ring size of the walk (the largest legal) and how far every queue walks:
/// past half, so bit 11 of each 12-bit ring index turns.
const WALK_RING: u32 = 4096;
const WALK_TO: u32 = 2048 + 64;
const MSI_BASE: u64 = 0xFEE0_0000;
const RX_RING_BASE: u64 = 0x0100_0000;
const TX_RING_BASE: u64 = 0x0200_0000;
const RX_BUF_BASE: u64 = 0x1000_0000;
const TX_BUF_BASE: u64 = 0x8000_0000;
/// Per-queue stride of the rings and buffer areas.
const RING_STRIDE: u64 = 0x10_0000;
const BUF_STRIDE: u64 = 0x400_0000;
/// Each RX slot's buffer area (the largest BSIZE).
const RX_SLOT: u64 = 16 << 10;

/// Memory and MAC behaviour of a run, drawn once from the profile stream.
#[derive(Clone, Copy, Debug)]
struct Profile {
    lat: (u64, u64),
    arstall: u64,
    awstall: u64,
    wstall: u64,
    rgap: u64,
    bdelay: u64,
    max_reads: usize,
    /// m_axis_tx_tready: stall percentage, or (on, off) periods.
    tready_pct: u64,
    tready_period: Option<(u64, u64)>,
    /// Error responses on mapped memory, per 10 000 bursts.
    fault_rate: u64,
    /// Idle cycles between host actions: up to this many.
    pace: u64,
    /// Idle cycles between RX frames on the wire: up to this many.
    wire_gap: u64,
    /// Percentage of ring services that do not give the buffers back yet.
    lazy: u64,
}

impl Profile {
    fn draw(r: &mut Rng, k: &Knobs) -> Self {
        let lo = r.pick(&[1, 2, 8, 20, 60]);
        let stall = |r: &mut Rng| if k.stalls { r.pick(&[0, 0, 5, 20, 50, 80]) } else { 0 };
        Profile {
            lat: (lo, lo + r.pick(&[0, 4, 30, 200])),
            arstall: stall(r),
            awstall: stall(r),
            wstall: stall(r),
            rgap: stall(r),
            bdelay: r.pick(&[0, 1, 4, 20]),
            max_reads: r.pick(&[1, 4, 8, 16]),
            tready_pct: stall(r),
            tready_period: if k.stalls && r.pct(20) { Some((r.range(1, 50), r.range(1, 200))) } else { None },
            fault_rate: if k.faults && r.pct(30) { r.pick(&[1, 10, 50]) } else { 0 },
            pace: r.pick(&[0, 10, 100, 1000, 5000]),
            wire_gap: r.pick(&[0, 0, 2, 20, 300]),
            lazy: r.pick(&[0, 10, 40, 80]),
        }
    }
}

/// A read burst owed: (ready cycle, id, address, beats, response).
#[derive(Clone, Copy, Debug)]
struct ReadBurst {
    ready: u64,
    id: u8,
    addr: u64,
    beats: u32,
    resp: u8,
}

/// An RX queue as the host driver sees it.
#[derive(Clone, Debug)]
struct RxRing {
    len: u32,
    next_clean: u32,
    bsize_kib: u32,
    /// A frame's descriptors so far (for frames over several buffers).
    in_frame: u32,
}

/// A TX queue as the host driver sees it.
#[derive(Clone, Debug)]
struct TxRing {
    len: u32,
    tail: u32,
    head: u32,
    stopped: bool,
}

/// Per MSI-X vector, what the host last programmed, and the last message.
#[derive(Clone, Copy, Debug, Default)]
struct VecState {
    usecs: u32,
    frames: u32,
    last_msg: Option<u64>,
    masked: bool,
}

struct Host<D: Dut> {
    dev: D,
    cfg: NicConfig,
    knobs: Knobs,
    p: Profile,
    cycle: u64,
    mem: HashMap<u64, Box<[u8; 4096]>>,
    r_mem: Rng,
    r_mac: Rng,
    r_fault: Rng,
    reads: VecDeque<ReadBurst>,
    /// Index into `reads` of the burst being returned, and its next beat.
    r_cur: Option<usize>,
    r_beat: u32,
    /// Write burst in progress: (address, beats left, id, response).
    w_cur: Option<(u64, u32, u8, u8)>,
    bq: VecDeque<(u64, u8, u8)>,
    /// RX beats: Some((tdata, tkeep, tlast, tuser)), None = an idle gap cycle.
    wire: VecDeque<Option<(u64, u8, bool, bool)>>,
    rx: Vec<RxRing>,
    tx: Vec<TxRing>,
    txq_count: usize,
    /// Unmapped host memory (DECERR): `[hole.0, hole.1)`.
    hole: (u64, u64),
    /// Where MSI-X messages land (16 bytes per vector).
    msi_base: u64,
    vecs: Vec<VecState>,
    tx_beats_seen: u64,
    cov: Coverage,
    rx_frames: u64,
    tx_frames: u64,
    reg_writes: u64,
    resets: u64,
}

impl<D: Dut> AxilPort for Host<D> {
    fn axil_outputs(&self) -> Outputs {
        *self.dev.outputs()
    }
    fn axil_cycle(&mut self, i: Inputs) {
        self.step(i);
    }
}

impl<D: Dut> Host<D> {
    fn new(dev: D, cfg: NicConfig, seed: u64, knobs: Knobs) -> Self {
        let mut rp = Rng::stream(seed, S_PROFILE);
        let mut p = Profile::draw(&mut rp, &knobs);
        let rings = knobs.scenario == Scenario::Rings;
        if rings {
            // The walk wants throughput: fast memory, no stalls or faults, no pauses.
            p = Profile {
                lat: (1, 1 + rp.pick(&[0, 2, 8])),
                arstall: 0,
                awstall: 0,
                wstall: 0,
                rgap: 0,
                bdelay: rp.pick(&[0, 1, 4]),
                max_reads: 16,
                tready_pct: rp.pick(&[0, 5]),
                tready_period: None,
                fault_rate: 0,
                pace: 0,
                wire_gap: 0,
                lazy: 0,
            };
        }
        let nvec = cfg.queues + 1;
        Host {
            dev,
            cfg,
            knobs,
            p,
            cycle: 0,
            mem: HashMap::new(),
            r_mem: Rng::stream(seed, S_MEM),
            r_mac: Rng::stream(seed, S_MAC),
            r_fault: Rng::stream(seed, S_FAULT),
            reads: VecDeque::new(),
            r_cur: None,
            r_beat: 0,
            w_cur: None,
            bq: VecDeque::new(),
            wire: VecDeque::new(),
            rx: Vec::new(),
            tx: Vec::new(),
            txq_count: 0,
            hole: if rings { (UNMAPPED, WALK_HI) } else { (UNMAPPED, u64::MAX) },
            msi_base: if rings { WALK_HI | MSI_BASE } else { MSI_BASE },
            vecs: vec![VecState::default(); nvec],
            tx_beats_seen: 0,
            cov: Coverage::new(),
            rx_frames: 0,
            tx_frames: 0,
            reg_writes: 0,
            resets: 0,
        }
    }

    fn unmapped(&self, a: u64) -> bool {
        (self.hole.0..self.hole.1).contains(&a)
    }

    fn byte(&self, a: u64) -> u8 {
        self.mem.get(&(a >> 12)).map_or(0, |p| p[(a & 4095) as usize])
    }
    fn set_byte(&mut self, a: u64, v: u8) {
        self.mem.entry(a >> 12).or_insert_with(|| Box::new([0; 4096]))[(a & 4095) as usize] = v;
    }
    fn word(&self, a: u64) -> u64 {
        (0..8).map(|i| (self.byte(a + i) as u64) << (8 * i)).sum()
    }
    fn put(&mut self, a: u64, d: &[u8]) {
        for (i, b) in d.iter().enumerate() {
            self.set_byte(a + i as u64, *b);
        }
    }
    fn get16(&self, a: u64) -> [u8; DESC_BYTES] {
        std::array::from_fn(|i| self.byte(a + i as u64))
    }

    /// One edge. `i` carries the AXI-Lite inputs; the host adds the DMA
    /// slave's answers, the RX wire and the TX MAC's `tready`.
    fn step(&mut self, mut i: Inputs) {
        let o = *self.dev.outputs();
        let p = self.p;
        // Write channels: one burst at a time, AW then W; B after a delay.
        i.m_axi_awready = self.w_cur.is_none() && !self.r_mem.pct(p.awstall);
        i.m_axi_wready = self.w_cur.is_some() && !self.r_mem.pct(p.wstall);
        if let Some(&(t, id, resp)) = self.bq.front() {
            if t <= self.cycle {
                i.m_axi_bvalid = true;
                i.m_axi_bid = id;
                i.m_axi_bresp = resp;
            }
        }
        i.m_axi_arready = self.reads.len() < p.max_reads && !self.r_mem.pct(p.arstall);
        // Read data: a burst, once started, goes out whole; between bursts any
        // ready one whose ID has no older burst owed may go (AXI orders one ID only).
        if self.r_cur.is_none() {
            let mut n_ready = 0;
            let mut chosen = None;
            for k in 0..self.reads.len() {
                let b = self.reads[k];
                if b.ready <= self.cycle && !self.reads.iter().take(k).any(|x| x.id == b.id) {
                    n_ready += 1;
                    // Reservoir choice: uniform among the ready ones, no allocation.
                    if self.r_mem.below(n_ready) == 0 {
                        chosen = Some(k);
                    }
                }
            }
            if let Some(k) = chosen {
                if k > 0 {
                    self.cov.hit("axi_read_reordered");
                }
                self.r_cur = Some(k);
                self.r_beat = 0;
            }
        }
        if let Some(k) = self.r_cur {
            if !self.r_mem.pct(p.rgap) {
                let b = self.reads[k];
                i.m_axi_rvalid = true;
                i.m_axi_rid = b.id;
                i.m_axi_rresp = b.resp;
                if b.resp == AXI_RESP_OKAY {
                    i.m_axi_rdata = self.word(b.addr + 8 * self.r_beat as u64);
                }
                i.m_axi_rlast = self.r_beat + 1 == b.beats;
            }
        }
        // (None: an idle gap cycle on the wire.)
        if let Some(Some((data, keep, last, user))) = self.wire.pop_front() {
            i.s_axis_rx_tvalid = true;
            i.s_axis_rx_tdata = data;
            i.s_axis_rx_tkeep = keep;
            i.s_axis_rx_tlast = last;
            i.s_axis_rx_tuser = user;
        }
        i.m_axis_tx_tready = match p.tready_period {
            Some((on, off)) => self.cycle % (on + off) < on,
            None => !self.r_mac.pct(p.tready_pct),
        };

        // Handshakes of this edge.
        if o.m_axi_awvalid && i.m_axi_awready {
            let resp = if self.unmapped(o.m_axi_awaddr) {
                AXI_RESP_DECERR
            } else if p.fault_rate > 0 && self.r_fault.below(10_000) < p.fault_rate {
                2 // SLVERR
            } else {
                AXI_RESP_OKAY
            };
            self.w_cur = Some((o.m_axi_awaddr, o.m_axi_awlen as u32 + 1, o.m_axi_awid, resp));
        }
        if o.m_axi_wvalid && i.m_axi_wready {
            if let Some((a, left, id, resp)) = self.w_cur {
                if (self.msi_base..self.msi_base + 0x1000).contains(&a) {
                    self.msi((a - self.msi_base) / 16);
                } else if resp == AXI_RESP_OKAY {
                    for b in 0..8 {
                        if o.m_axi_wstrb & (1 << b) != 0 {
                            self.set_byte((a & !7) + b, (o.m_axi_wdata >> (8 * b)) as u8);
                        }
                    }
                }
                if left <= 1 {
                    self.w_cur = None;
                    let t = self.cycle + 1 + self.r_mem.below(p.bdelay + 1);
                    self.bq.push_back((t, id, resp));
                    if resp != AXI_RESP_OKAY {
                        self.cov.hit("dma_error_response");
                    }
                } else {
                    self.w_cur = Some(((a & !7) + 8, left - 1, id, resp));
                }
            }
        }
        if i.m_axi_bvalid && o.m_axi_bready {
            self.bq.pop_front();
        }
        if o.m_axi_arvalid && i.m_axi_arready {
            let lat = self.r_mem.range(p.lat.0, p.lat.1);
            let resp = if self.unmapped(o.m_axi_araddr) {
                AXI_RESP_DECERR
            } else if p.fault_rate > 0 && self.r_fault.below(10_000) < p.fault_rate {
                2
            } else {
                AXI_RESP_OKAY
            };
            if resp != AXI_RESP_OKAY {
                self.cov.hit("dma_error_response");
            }
            self.reads.push_back(ReadBurst {
                ready: self.cycle + lat,
                id: o.m_axi_arid,
                addr: o.m_axi_araddr,
                beats: o.m_axi_arlen as u32 + 1,
                resp,
            });
        }
        if i.m_axi_rvalid && o.m_axi_rready {
            self.r_beat += 1;
            if i.m_axi_rlast {
                if let Some(k) = self.r_cur.take() {
                    self.reads.remove(k);
                }
            }
        }
        if o.m_axis_tx_tvalid {
            if i.m_axis_tx_tready {
                self.tx_beats_seen += 1;
                if o.m_axis_tx_tlast {
                    self.cov.hit("tx_sent");
                }
            } else {
                self.cov.hit("tx_mac_backpressure");
            }
        }
        if o.stat_rx_in_valid {
            match o.stat_rx_in_code {
                rx_in::OVERSIZE => self.cov.hit("rx_oversize"),
                rx_in::FIFO_FULL => self.cov.hit("rx_fifo_full"),
                rx_in::MAC_ERROR => self.cov.hit("rx_mac_error"),
                rx_in::NO_DESC => self.cov.hit("rx_disabled_drop"),
                _ => {}
            }
        }
        if o.stat_rx_out_valid && o.stat_rx_out_no_desc {
            self.cov.hit("rx_no_desc");
        }
        self.dev.tick(&i);
        self.cycle += 1;
    }

    /// An MSI-X message for vector `v` reached host memory.
    fn msi(&mut self, v: u64) {
        self.cov.hit("msix_sent");
        let c = self.cycle;
        let Some(vs) = self.vecs.get_mut(v as usize) else { return };
        if vs.masked {
            return;
        }
        // Which moderation limit fired. With frames = 0 only the timer can;
        // a message sooner after the previous one than the timer's period
        // must have been the frame count (the timer starts no earlier than
        // the first completion after the previous message).
        if vs.usecs > 0 && vs.frames == 0 {
            self.cov.hit("irq_by_time");
        } else if vs.frames > 0 && vs.usecs > 0 {
            if let Some(last) = vs.last_msg {
                if c - last < vs.usecs as u64 * self.cfg.cycles_per_us {
                    self.cov.hit("irq_by_count");
                }
            }
        }
        vs.last_msg = Some(c);
    }

    fn idle(&mut self, n: u64) {
        for _ in 0..n {
            self.step(Inputs::default());
        }
    }

    fn write(&mut self, addr: u32, data: u32) -> u8 {
        self.reg_writes += 1;
        axil::write(self, addr, data)
    }
    fn read(&mut self, addr: u32) -> u32 {
        axil::read(self, addr).0
    }

    // -------------------------------------------------------------- driver

    /// Programs the device from reset: MSI-X, RSS, RX and TX queues, moderation.
    fn init(&mut self, r: &mut Rng) {
        let nvec = self.cfg.queues + 1;
        let c = self.read(CAPS);
        // Mostly 4 TX queues; sometimes every one the device has (their
        // registers and per-queue state are otherwise never exercised).
        let all_tx = r.pct(25);
        self.txq_count = if all_tx { caps::TXQ.get(c) as usize } else { (caps::TXQ.get(c) as usize).min(4) };
        for v in 0..nvec {
            self.write(msix_reg(v, msix::ADDR_LO), (MSI_BASE + 16 * v as u64) as u32);
            self.write(msix_reg(v, msix::DATA), 0x100 + v as u32);
            self.write(msix_reg(v, msix::VCTRL), 0);
            self.vecs[v] = VecState::default();
        }
        self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        // Moderation: off, time only, count only, or both.
        for v in 0..nvec {
            self.set_itr(r, v);
        }
        // RSS: the default key or a random one; RETA entries on the queues in use.
        let nrx = r.range(1, self.cfg.queues as u64) as usize;
        if r.pct(50) {
            for k in 0..10 {
                let w = r.next() as u32;
                self.write(rss_key(k), w);
            }
        }
        for k in 0..RETA_COUNT {
            let mut w = 0;
            for j in 0..4 {
                w |= (r.below(nrx as u64) as u32) << (8 * j);
            }
            self.write(reta(k), w);
        }
        let ctrl_v = if r.pct(80) { 0x7F } else { (r.below(64) as u32) << 1 | 1 };
        self.write(RSS_CTRL, ctrl_v);
        if r.pct(30) {
            let mtu = r.pick(&[1500u32, 9000, 68, 16356, 600, 1501, 9003]);
            self.write(MTU, mtu);
        }
        self.rx.clear();
        for q in 0..nrx {
            // Now and then a long ring, up to the largest legal (4096): the
            // high bits of the ring indices.
            let len = if r.pct(10) { r.pick(&[1024u32, 2048, 4096]) } else { r.pick(&[8u32, 16, 32, 64, 128, 512]) };
            let bsize = if r.pct(70) { 2 } else { r.range(1, 16) as u32 };
            let base = RX_RING_BASE + RING_STRIDE * q as u64;
            for k in 0..len as u64 {
                let d = RxReadDesc { buf_addr: RX_BUF_BASE + BUF_STRIDE * q as u64 + RX_SLOT * k }.to_bytes();
                self.put(base + 16 * k, &d);
            }
            self.write(rxq_reg(q, rxq::RDBAL), base as u32);
            self.write(rxq_reg(q, rxq::RDBAH), 0);
            self.write(rxq_reg(q, rxq::RDLEN), len);
            self.write(rxq_reg(q, rxq::IVAR), r.below(nvec as u64 - 1) as u32);
            self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(bsize));
            self.write(rxq_reg(q, rxq::RDT), len - 1);
            self.rx.push(RxRing { len, next_clean: 0, bsize_kib: bsize, in_frame: 0 });
        }
        self.tx.clear();
        for q in 0..self.txq_count {
            let len = if r.pct(10) { r.pick(&[256u32, 1024, 4096]) } else { r.pick(&[8u32, 16, 32, 64]) };
            self.write(txq_reg(q, txq::TDBAL), (TX_RING_BASE + RING_STRIDE * q as u64) as u32);
            self.write(txq_reg(q, txq::TDBAH), 0);
            self.write(txq_reg(q, txq::TDLEN), len);
            self.write(txq_reg(q, txq::IVAR), r.below(nvec as u64 - 1) as u32);
            self.write(txq_reg(q, txq::TXCTL), 1);
            let v = r.below(nvec as u64) as usize;
            let itr = if r.pct(50) { 0 } else { (r.range(0, 8) as u32) << 16 | r.range(0, 20) as u32 };
            self.write(vec_txitr(v), itr);
            self.tx.push(TxRing { len, tail: 0, head: 0, stopped: false });
        }
        self.write(EIMS, ((1u64 << nvec) - 1) as u32);
        self.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
    }

    fn set_itr(&mut self, r: &mut Rng, v: usize) {
        let (usecs, frames) = match r.below(4) {
            0 => (0, 0),
            1 => (r.range(1, 30) as u32, 0),
            2 => (0, r.range(1, 16) as u32),
            _ => (r.range(20, 200) as u32, r.range(1, 8) as u32),
        };
        self.write(vec_itr(v), vec_itr::FRAMES.val(frames) | vec_itr::USECS.val(usecs));
        if let Some(vs) = self.vecs.get_mut(v) {
            vs.usecs = usecs;
            vs.frames = frames;
        }
    }

    /// Cleans the write-backs of RX queue `q`, then (unless lazy) gives the buffers back.
    fn rx_service(&mut self, r: &mut Rng, q: usize, may_be_lazy: bool) {
        let Some(ring) = self.rx.get(q).cloned() else { return };
        let base = RX_RING_BASE + RING_STRIDE * q as u64;
        let mut ring = ring;
        let mut cleaned = 0;
        while cleaned < ring.len {
            let a = base + 16 * ring.next_clean as u64;
            let wb = RxWbDesc::from_bytes(&self.get16(a));
            if !wb.dd() {
                break;
            }
            ring.in_frame += 1;
            if wb.eop() {
                self.rx_frames += 1;
                self.cov.hit("rx_delivered");
                if ring.in_frame > 1 {
                    self.cov.hit("rx_multi_desc_frame");
                }
                ring.in_frame = 0;
                let t = wb.hash_type_raw as usize;
                if let Some(n) = self.cov.hash_types.get_mut(t) {
                    *n += 1;
                }
                if t != 0 {
                    let e = (wb.rss_hash & 127) as usize;
                    self.cov.reta[e] += 1;
                }
            }
            let d = RxReadDesc { buf_addr: RX_BUF_BASE + BUF_STRIDE * q as u64 + RX_SLOT * ring.next_clean as u64 };
            self.put(a, &d.to_bytes());
            ring.next_clean = (ring.next_clean + 1) % ring.len;
            if ring.next_clean == 0 {
                self.cov.hit("rx_ring_wrap");
            }
            cleaned += 1;
        }
        let lazy = may_be_lazy && r.pct(self.p.lazy);
        self.rx[q] = ring.clone();
        if !lazy {
            self.write(rxq_reg(q, rxq::RDT), (ring.next_clean + ring.len - 1) % ring.len);
        }
    }

    /// After a queue was disabled and enabled again: start over from RDH
    /// with every descriptor given back in read format.
    fn rx_resync(&mut self, q: usize) {
        let Some(len) = self.rx.get(q).map(|r| r.len.max(1)) else { return };
        let head = self.read(rxq_reg(q, rxq::RDH)) % len;
        let base = RX_RING_BASE + RING_STRIDE * q as u64;
        for k in 0..len as u64 {
            let d = RxReadDesc { buf_addr: RX_BUF_BASE + BUF_STRIDE * q as u64 + RX_SLOT * k }.to_bytes();
            self.put(base + 16 * k, &d);
        }
        self.rx[q].next_clean = head;
        self.rx[q].in_frame = 0;
        self.write(rxq_reg(q, rxq::RDT), (head + len - 1) % len);
    }

    /// Puts one RX frame on the wire (after a gap).
    fn rx_send(&mut self, r: &mut Rng) {
        let f = frame(r, &self.knobs, &mut self.cov);
        let gap = r.below(self.p.wire_gap + 1);
        for _ in 0..gap {
            self.wire.push_back(None);
        }
        let mac_err = self.knobs.malformed && r.pct(3);
        let n = f.len().div_ceil(8);
        for (k, c) in f.chunks(8).enumerate() {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            let keep = ((1u16 << c.len()) - 1) as u8;
            let last = k + 1 == n;
            self.wire.push_back(Some((u64::from_le_bytes(b), keep, last, last && mac_err)));
        }
    }

    /// Posts one TX frame on queue `q` (good or, now and then, one the device must drop).
    fn tx_post(&mut self, r: &mut Rng, q: usize) {
        let Some(ring) = self.tx.get(q).cloned() else { return };
        let len = ring.len.max(1);
        let used = (ring.tail + len - ring.head % len) % len;
        let free = len - 1 - used.min(len - 1);
        let size = match r.below(4) {
            0 => r.range(1, 64),
            1 => r.range(60, 1514),
            2 => r.pick(&[1, 59, 60, 61, 1514, 1515, 9000, 9018]),
            _ => r.range(1, 9000),
        } as usize;
        let pieces = r.range(1, 4).min(size as u64) as usize;
        let bad = if self.knobs.malformed && r.pct(8) { r.range(1, 3) } else { 0 };
        let n_desc = pieces + (bad == 1) as usize;
        if n_desc as u32 > free {
            if !ring.stopped {
                self.cov.hit("tx_stop");
                self.tx[q].stopped = true;
            }
            return;
        }
        let slot_base = TX_BUF_BASE + BUF_STRIDE * q as u64 + 0x8000 * (ring.tail as u64 % 64);
        let mut descs = Vec::with_capacity(n_desc);
        let mut addr = slot_base + r.below(4096);
        let mut left = size;
        for k in 0..pieces {
            let n = if k + 1 == pieces { left } else { (r.range(1, left as u64 - (pieces - k - 1) as u64)) as usize };
            let data: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
            let a = if bad == 2 && k == 0 { UNMAPPED + r.below(4096) } else { addr };
            if a < UNMAPPED {
                self.put(a, &data);
            }
            descs.push((a, n as u16));
            addr += n as u64 + r.below(64);
            left -= n;
        }
        if bad == 1 {
            // A zero-length descriptor among the frame's.
            let at = r.below(descs.len() as u64) as usize;
            descs.insert(at, (addr, 0));
        } else if bad == 3 {
            // A descriptor over the 16 KiB limit.
            descs[0].1 = 16385 + r.below(1000) as u16;
        }
        if bad > 0 {
            self.cov.hit("tx_bad_frame");
        }
        let base = TX_RING_BASE + RING_STRIDE * q as u64;
        let mut tail = ring.tail % len;
        let nd = descs.len();
        for (k, (a, l)) in descs.into_iter().enumerate() {
            let cmd = if k + 1 == nd {
                TX_CMD_EOP | TX_CMD_RS
            } else if r.pct(20) {
                TX_CMD_RS
            } else {
                0
            };
            let d = TxDesc { buf_addr: a, len: l, cmd, status: 0 };
            self.put(base + DESC_BYTES as u64 * tail as u64, &d.to_bytes());
            tail = (tail + 1) % len;
        }
        self.tx[q].tail = tail;
        self.tx_frames += 1;
        self.write(txq_reg(q, txq::TDT), tail);
    }

    /// Reads TDH of queue `q`: the descriptors the device is done with.
    fn tx_reclaim(&mut self, q: usize) {
        if q >= self.tx.len() {
            return;
        }
        let h = self.read(txq_reg(q, txq::TDH));
        let ring = &mut self.tx[q];
        ring.head = h % ring.len.max(1);
        let used = (ring.tail + ring.len - ring.head) % ring.len.max(1);
        if ring.stopped && used < ring.len / 2 {
            ring.stopped = false;
            self.cov.hit("tx_wake");
        }
    }

    /// One register write from the whole space of legal and illegal ones.
    fn reg_action(&mut self, r: &mut Rng) {
        let nvec = self.cfg.queues + 1;
        let nq = self.cfg.queues as u64;
        let before = self.read(STAT_REG_ERR);
        match r.below(16) {
            0 => {
                let v = r.below(nvec as u64) as usize;
                self.set_itr(r, v);
            }
            1 => {
                // RETA word, sometimes naming a queue the build does not have.
                let k = r.below(RETA_COUNT as u64) as usize;
                let top = if r.pct(20) { 16 } else { nq };
                let w = (0..4).fold(0u32, |w, j| w | (r.below(top) as u32) << (8 * j));
                self.write(reta(k), w);
            }
            2 => {
                let k = r.below(10) as usize;
                let w = r.next() as u32;
                self.write(rss_key(k), w);
            }
            3 => {
                let v = r.next() as u32 & 0x7F;
                self.write(RSS_CTRL, v);
            }
            4 => {
                // BSIZE of a queue while it runs: refused.
                let q = r.below(self.rx.len().max(1) as u64) as usize;
                if let Some(ring) = self.rx.get(q).cloned() {
                    let nb = ring.bsize_kib % 16 + 1;
                    self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(nb));
                    let now = self.read(rxq_reg(q, rxq::RXCTL));
                    if rxq::rxctl::BSIZE.get(now) == ring.bsize_kib {
                        self.cov.hit("bsize_change_refused");
                    } else {
                        self.rx[q].bsize_kib = rxq::rxctl::BSIZE.get(now);
                    }
                }
            }
            5 => {
                // Disable a queue and enable it again with another BSIZE (legal).
                let q = r.below(self.rx.len().max(1) as u64) as usize;
                if let Some(ring) = self.rx.get(q).cloned() {
                    self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::BSIZE.val(ring.bsize_kib));
                    self.idle(r.below(200));
                    let nb = r.range(1, 16) as u32;
                    self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(nb));
                    let now = self.read(rxq_reg(q, rxq::RXCTL));
                    self.rx[q].bsize_kib = rxq::rxctl::BSIZE.get(now);
                    self.rx_resync(q);
                }
            }
            6 => {
                let m = r.next() as u32 & ((1u64 << nvec) - 1) as u32;
                let a = r.pick(&[EIMS, EIMC, EICS, EIAM]);
                self.write(a, m);
            }
            7 => {
                // MSI-X masks: a vector or the function, then the PBA, then unmask.
                let v = r.below(nvec as u64) as usize;
                let func = r.pct(30);
                if func {
                    self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1) | msix_ctrl::FUNC_MASK.val(1));
                } else {
                    self.write(msix_reg(v, msix::VCTRL), 1);
                }
                self.vecs[v].masked = true;
                self.idle(r.below(3000));
                if self.read(PBA) != 0 {
                    self.cov.hit("msix_masked_pending");
                }
                if func {
                    self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
                } else {
                    self.write(msix_reg(v, msix::VCTRL), 0);
                }
                self.vecs[v].masked = false;
            }
            8 => {
                // Queue-to-vector maps, some out of range.
                let q = r.below(nq) as usize;
                let v = r.below(nvec as u64 + 4) as u32;
                let a = if r.pct(50) { rxq_reg(q, rxq::IVAR) } else { txq_reg(q % 16, txq::IVAR) };
                self.write(a, v);
            }
            9 => {
                let mtu = r.pick(&[0u32, 67, 68, 1500, 9000, 16356, 16357, 0xFFFF_FFFF]);
                self.write(MTU, mtu);
            }
            10 => {
                // Ring registers of running queues: RDLEN/TDLEN (refused), RDT past the ring.
                let q = r.below(nq) as usize;
                let (a, v) = match r.below(4) {
                    0 => (rxq_reg(q, rxq::RDLEN), r.pick(&[0u32, 7, 8, 24, 4096, 8192])),
                    1 => (rxq_reg(q, rxq::RDT), r.range(0, 600) as u32),
                    2 => (txq_reg(q % 16, txq::TDLEN), r.pick(&[0u32, 8, 33, 64])),
                    _ => (txq_reg(q % 16, txq::TDT), r.range(0, 80) as u32),
                };
                self.write(a, v);
            }
            11 => {
                // CTRL: RX/TX enables toggled.
                let v = ctrl::RX_EN.val(r.pct(80) as u32) | ctrl::TX_EN.val(r.pct(80) as u32);
                self.write(CTRL, v);
                self.idle(r.below(500));
                self.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
            }
            12 => {
                // Any address of BAR0, any value (read-only, unmapped, reserved bits).
                let a = (r.below(0x10000) as u32) & !3;
                if a != CTRL {
                    let v = r.next() as u32;
                    self.write(a, v);
                }
            }
            13 => {
                // A TX queue re-enabled (zeroes TDH) or disabled for a while.
                let q = r.below(self.tx.len().max(1) as u64) as usize;
                if q < self.tx.len() {
                    self.write(txq_reg(q, txq::TXCTL), 0);
                    self.idle(r.below(300));
                    self.write(txq_reg(q, txq::TXCTL), 1);
                    if self.read(txq_reg(q, txq::TXCTL)) & 1 == 1 {
                        self.tx[q].tail = self.read(txq_reg(q, txq::TDH)) % self.tx[q].len.max(1);
                        self.tx[q].head = self.tx[q].tail;
                        let t = self.tx[q].tail;
                        self.write(txq_reg(q, txq::TDT), t);
                    }
                }
            }
            _ => {
                // Reads anywhere (also compared, also side effects: EICR clears).
                let a = (r.below(0x10000) as u32) & !3;
                self.read(a);
            }
        }
        if self.read(STAT_REG_ERR) != before {
            self.cov.hit("reg_write_refused");
        }
    }

    /// Soft reset: CTRL.RST, wait until it reads 0 (bounded), program again.
    fn soft_reset(&mut self, r: &mut Rng) {
        self.write(CTRL, ctrl::RST.val(1));
        for _ in 0..1000 {
            if self.read(CTRL) & ctrl::RST.mask() == 0 {
                break;
            }
            self.idle(100);
        }
        self.resets += 1;
        self.cov.hit("soft_reset");
        self.init(r);
    }

    // -------------------------------------------------------------- ring walk

    /// Queue `q`'s 64 MiB window in the ring walk: even queues above 8 GiB,
    /// odd ones below 4 GiB, and the queue number spread over bits 26..31,
    /// so the DMA addresses of consecutive queues differ in every high bit.
    fn walk_window(q: usize) -> u64 {
        let q = q as u64;
        let hi = if q.is_multiple_of(2) { WALK_HI } else { 0 };
        hi | (q & 1) << 31 | ((q >> 1) & 1) << 30 | q << 26
    }

    /// RX buffer of slot `k` of queue `q`: 4 KiB slots, each at another
    /// 8-byte offset; now and then a buffer with its low 3 bits set (the
    /// device counts a descriptor error and uses it aligned down).
    fn walk_rx_buf(q: usize, k: u32) -> u64 {
        let k = k as u64;
        let odd = if k % 509 == 17 { 1 + k % 7 } else { 0 };
        Self::walk_window(q) + 0x0100_0000 + 0x1000 * k + ((8 * k) & 0x7F8) + odd
    }

    /// `--scenario rings`: the per-queue state the random mix only reaches
    /// by luck. Every RX and TX queue gets a 4096-entry ring (after a
    /// refused enable with an illegal length), rings and buffers alternate
    /// between 8 GiB and up and below 4 GiB, MSI-X messages go above 8 GiB
    /// with their own data, RSS spreads frames over the queues still
    /// walking, and every queue walks past index 2048 (RX queues with HOLD
    /// and a tail that the host raises late, so frames wait for room). Then
    /// every queue's ring is moved into unmapped memory (fetch errors).
    /// The host stops starting work at `run_cycles`.
    fn rings(&mut self, r: &mut Rng, run_cycles: u64) {
        let nq = self.cfg.queues;
        let nvec = nq + 1;
        let ntx = caps::TXQ.get(self.read(CAPS)) as usize;
        self.txq_count = 0;
        self.write(MTU, 9000);
        for v in 0..nvec {
            // Bit 2 of the address moves the data to the upper half of the beat.
            let a = self.msi_base + 16 * v as u64 + 4 * (v as u64 & 1);
            self.write(msix_reg(v, msix::ADDR_LO), a as u32);
            self.write(msix_reg(v, msix::ADDR_HI), (a >> 32) as u32);
            self.write(msix_reg(v, msix::DATA), r.next() as u32);
            self.write(msix_reg(v, msix::VCTRL), 0);
            self.set_itr(r, v);
        }
        self.write(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        for k in 0..10 {
            let w = r.next() as u32;
            self.write(rss_key(k), w);
        }
        self.write(RSS_CTRL, 0x7F);
        self.walk_reta(&(0..nq).collect::<Vec<_>>());
        // RX tails start low and are raised when the head comes near.
        let mut rdt = vec![0u32; nq];
        for (q, t) in rdt.iter_mut().enumerate() {
            let w = Self::walk_window(q);
            for k in 0..WALK_RING {
                let d = RxReadDesc { buf_addr: Self::walk_rx_buf(q, k) }.to_bytes();
                self.put(w + 16 * k as u64, &d);
            }
            let bsize = r.range(1, 2) as u32;
            self.write(rxq_reg(q, rxq::RDBAL), w as u32);
            self.write(rxq_reg(q, rxq::RDBAH), (w >> 32) as u32);
            // An illegal length is stored while the queue is off, and enabling with it is refused.
            self.write(rxq_reg(q, rxq::RDLEN), 0x3FFF);
            self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(bsize));
            self.write(rxq_reg(q, rxq::RDLEN), WALK_RING);
            self.write(rxq_reg(q, rxq::IVAR), nvec as u32 - 1);
            self.write(rxq_reg(q, rxq::IVAR), (q % nvec) as u32);
            let ctl = rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(bsize) | rxq::rxctl::HOLD.val(1);
            self.write(rxq_reg(q, rxq::RXCTL), ctl);
            *t = 1024 + 64 * q as u32 + r.below(64) as u32;
            self.write(rxq_reg(q, rxq::RDT), *t);
        }
        self.tx.clear();
        for q in 0..ntx {
            let w = Self::walk_window(q) + 0x10_0000;
            self.write(txq_reg(q, txq::TDBAL), w as u32);
            self.write(txq_reg(q, txq::TDBAH), (w >> 32) as u32);
            self.write(txq_reg(q, txq::TDLEN), 0x3FFF);
            self.write(txq_reg(q, txq::TXCTL), 1);
            self.write(txq_reg(q, txq::TDLEN), WALK_RING);
            self.write(txq_reg(q, txq::IVAR), nvec as u32 - 1);
            self.write(txq_reg(q, txq::IVAR), (q % nvec) as u32);
            self.write(txq_reg(q, txq::TXCTL), 1);
            self.tx.push(TxRing { len: WALK_RING, tail: 0, head: 0, stopped: false });
        }
        // Every cause pending while masked, then cleared by writing EICR (W1C).
        let all = ((1u64 << nvec) - 1) as u32;
        self.write(EIMC, all);
        self.write(EICS, all);
        self.write(EICR, all);
        self.write(EIMS, all);
        self.write(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));

        let mut rx_walking: Vec<usize> = (0..nq).collect();
        while self.cycle < run_cycles {
            let mut still = Vec::new();
            // RX frames: here the descriptors written back (the host never cleans).
            self.rx_frames = 0;
            for (q, t) in rdt.iter_mut().enumerate() {
                let h = self.read(rxq_reg(q, rxq::RDH)) % WALK_RING;
                self.rx_frames += h as u64;
                if h < WALK_TO {
                    still.push(q);
                }
                if *t < WALK_RING - 1 && h + 128 >= *t {
                    *t = WALK_RING - 1;
                    self.write(rxq_reg(q, rxq::RDT), *t);
                }
            }
            if still != rx_walking && !still.is_empty() {
                self.walk_reta(&still);
            }
            rx_walking = still;
            let mut tx_walking = false;
            for q in 0..self.tx.len() {
                let h = self.read(txq_reg(q, txq::TDH)) % WALK_RING;
                self.tx[q].head = h;
                tx_walking |= h < WALK_TO;
                let t0 = self.tx[q].tail;
                while self.tx[q].tail < WALK_TO + 32 && self.tx[q].tail.saturating_sub(h) < 256 {
                    self.walk_tx_frame(r, q);
                }
                if self.tx[q].tail != t0 {
                    let t = self.tx[q].tail;
                    self.write(txq_reg(q, txq::TDT), t);
                }
            }
            if rx_walking.is_empty() && !tx_walking {
                break;
            }
            if !rx_walking.is_empty() && self.wire.len() < 4000 {
                for _ in 0..64 {
                    let f = walk_frame(r);
                    self.wire_frame(&f, 4);
                }
            }
            self.idle(400);
        }
        self.walk_unmapped(r);
    }

    /// RETA: the 128 entries dealt round robin over `qs`.
    fn walk_reta(&mut self, qs: &[usize]) {
        for k in 0..RETA_COUNT {
            let w = (0..4).fold(0u32, |w, j| w | (qs[(4 * k + j) % qs.len()] as u32) << (8 * j));
            self.write(reta(k), w);
        }
    }

    /// Puts `f` on the wire after `gap` idle cycles.
    fn wire_frame(&mut self, f: &[u8], gap: u64) {
        for _ in 0..gap {
            self.wire.push_back(None);
        }
        let n = f.len().div_ceil(8);
        for (k, c) in f.chunks(8).enumerate() {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            let keep = ((1u16 << c.len()) - 1) as u8;
            self.wire.push_back(Some((u64::from_le_bytes(b), keep, k + 1 == n, false)));
        }
    }

    /// One TX frame of 1..8 small pieces at any byte alignment (many
    /// descriptors per MAC beat, so the ring walks fast); one in 64 carries
    /// a length over the limit (bit 15 set: dropped, ERR written back).
    fn walk_tx_frame(&mut self, r: &mut Rng, q: usize) {
        let pieces = r.range(1, 8) as u32;
        let bad = r.pct(2);
        let base = Self::walk_window(q) + 0x10_0000;
        let bufs = Self::walk_window(q) + 0x0200_0000;
        let mut tail = self.tx[q].tail;
        for k in 0..pieces {
            let n = r.range(1, 24) as usize;
            let a = bufs + 0x1000 * tail as u64 + r.below(4096 - n as u64);
            let data: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
            self.put(a, &data);
            let len = if bad && k == 0 { 0x8000 | r.below(0x8000) as u16 } else { n as u16 };
            let last = k + 1 == pieces;
            let cmd = if last {
                TX_CMD_EOP | TX_CMD_RS
            } else if r.pct(10) {
                TX_CMD_RS
            } else {
                0
            };
            let d = TxDesc { buf_addr: a, len, cmd, status: 0 };
            self.put(base + DESC_BYTES as u64 * tail as u64, &d.to_bytes());
            tail += 1;
        }
        if bad {
            self.cov.hit("tx_bad_frame");
        }
        self.tx_frames += 1;
        self.tx[q].tail = tail;
    }

    /// The end of the walk: once the wire is empty, every queue is stopped
    /// and started again with an 8-entry ring in unmapped memory, so each
    /// queue's descriptor fetch ends in DECERR; frames and TX tails follow.
    fn walk_unmapped(&mut self, r: &mut Rng) {
        for _ in 0..200 {
            if self.wire.is_empty() {
                break;
            }
            self.idle(500);
        }
        self.idle(2000);
        let nq = self.cfg.queues;
        let gone = UNMAPPED + 0x1000;
        for q in 0..nq {
            self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::BSIZE.val(2));
        }
        for q in 0..self.tx.len() {
            self.write(txq_reg(q, txq::TXCTL), 0);
        }
        self.idle(500);
        for q in 0..nq {
            self.write(rxq_reg(q, rxq::RDBAL), (gone + 0x100 * q as u64) as u32);
            self.write(rxq_reg(q, rxq::RDBAH), (gone >> 32) as u32);
            self.write(rxq_reg(q, rxq::RDLEN), 8);
            self.write(rxq_reg(q, rxq::RXCTL), rxq::rxctl::ENABLE.val(1) | rxq::rxctl::BSIZE.val(2));
            self.write(rxq_reg(q, rxq::RDT), 7);
        }
        for q in 0..self.tx.len() {
            self.write(txq_reg(q, txq::TDBAL), (gone + 0x8000 + 0x100 * q as u64) as u32);
            self.write(txq_reg(q, txq::TDBAH), (gone >> 32) as u32);
            self.write(txq_reg(q, txq::TDLEN), 8);
            self.write(txq_reg(q, txq::TXCTL), 1);
            self.write(txq_reg(q, txq::TDT), 4);
        }
        self.walk_reta(&(0..nq).collect::<Vec<_>>());
        for _ in 0..64 {
            let f = walk_frame(r);
            self.wire_frame(&f, 4);
        }
        self.idle(5000);
    }

    fn quiet(&self) -> bool {
        self.reads.is_empty() && self.w_cur.is_none() && self.bq.is_empty() && self.wire.is_empty()
    }
}

// ------------------------------------------------------------------ frames

fn be16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_be_bytes());
}

/// A frame for the ring walk: mostly 60..128-byte IPv4 or IPv6 TCP/UDP
/// frames (every one hashed, so RSS steers it), now and then one of
/// 1500..4000 bytes that spans several 1-2 KiB buffers.
fn walk_frame(r: &mut Rng) -> Vec<u8> {
    let mut f = Vec::with_capacity(128);
    f.extend((0..12).map(|_| r.next() as u8));
    f[0] &= 0xFE;
    let l4 = r.pick(&[6u8, 17]);
    if r.pct(75) {
        be16(&mut f, 0x0800);
        f.extend([0x45, 0, 0, 0]);
        be16(&mut f, r.next() as u16);
        be16(&mut f, 0x4000);
        f.extend([64, l4, 0, 0]);
        f.extend((0..8).map(|_| r.next() as u8));
    } else {
        be16(&mut f, 0x86DD);
        f.extend([0x60, 0, 0, 0, 0, 0, l4, 64]);
        f.extend((0..32).map(|_| r.next() as u8));
    }
    let target = if r.pct(3) { r.range(1500, 4000) } else { r.range(60, 128) } as usize;
    while f.len() < target {
        f.push(r.next() as u8);
    }
    f
}

/// One RX frame: Ethernet with 0..3 VLAN tags, then IPv4 (fragments, bad
/// IHL), IPv6 (0..9 extension headers, fragment header), ARP or random
/// ethertypes; TCP, UDP or other protocols; sizes from runts to jumbo and
/// over; headers cut short now and then.
fn frame(r: &mut Rng, k: &Knobs, cov: &mut Coverage) -> Vec<u8> {
    let mut f = Vec::with_capacity(128);
    f.extend((0..12).map(|_| r.next() as u8));
    f[0] &= 0xFE; // unicast destination
    let tags = match r.below(20) {
        0..=14 => 0,
        15..=17 => 1,
        18 => 2,
        _ => 3,
    };
    if tags > 0 {
        cov.hit("rx_vlan_tagged");
    }
    for t in 0..tags {
        be16(&mut f, if t == 0 && tags > 1 { 0x88A8 } else { 0x8100 });
        be16(&mut f, r.below(4096) as u16);
    }
    let l3 = r.below(10);
    let l4proto = r.pick(&[6u8, 6, 17, 17, 1, 47, 132]);
    match l3 {
        0..=4 => {
            be16(&mut f, 0x0800);
            let ihl = if k.malformed && r.pct(5) { r.below(5) as u8 } else { 5 + r.pick(&[0u8, 0, 0, 1, 10]) };
            let frag = r.pct(8);
            if frag {
                cov.hit("rx_ipv4_fragment");
            }
            f.push(0x40 | (ihl & 0xF));
            f.push(0);
            be16(&mut f, 0);
            be16(&mut f, r.next() as u16);
            let fo: u16 = if frag { 0x2000 | (r.below(100) as u16) } else { 0x4000 };
            be16(&mut f, fo);
            f.push(64);
            f.push(l4proto);
            be16(&mut f, 0);
            f.extend((0..8).map(|_| r.next() as u8));
            for _ in 5..ihl.max(5) {
                f.extend((0..4).map(|_| r.next() as u8));
            }
        }
        5..=7 => {
            be16(&mut f, 0x86DD);
            f.push(0x60);
            f.extend([0, 0, 0]);
            be16(&mut f, 0);
            let n_ext = if r.pct(30) { r.range(1, 9) } else { 0 };
            if n_ext > 0 {
                cov.hit("rx_ipv6_ext_headers");
            }
            let exts: Vec<u8> = (0..n_ext).map(|_| r.pick(&[0u8, 43, 60, 60, 44])).collect();
            f.push(*exts.first().unwrap_or(&l4proto));
            f.push(64);
            f.extend((0..32).map(|_| r.next() as u8));
            for (i, _) in exts.iter().enumerate() {
                let next = *exts.get(i + 1).unwrap_or(&l4proto);
                let len8 = r.below(3) as u8;
                f.push(next);
                f.push(len8);
                f.extend((0..6 + 8 * len8 as usize).map(|_| r.next() as u8));
            }
        }
        8 => {
            be16(&mut f, 0x0806); // ARP
            f.extend((0..28).map(|_| r.next() as u8));
        }
        _ => {
            be16(&mut f, r.next() as u16);
        }
    }
    // L4 ports and more (TCP/UDP heads, or bytes of any other protocol).
    f.extend((0..20).map(|_| r.next() as u8));
    if l3 >= 8 {
        cov.hit("rx_frame_not_ip");
    }
    let target = match r.below(12) {
        0 => r.range(1, 59),
        1..=5 => r.range(60, 200),
        6..=8 => r.range(200, 1518),
        9 => r.pick(&[1514, 1518, 1519, 1522, 1523, 9014, 9018, 9022]),
        10 => r.range(1518, 9022),
        _ => r.range(9022, 16400),
    } as usize;
    let target = if !k.malformed { target.clamp(60, 9018) } else { target };
    if target < f.len() {
        f.truncate(target.max(1));
    } else {
        while f.len() < target {
            f.push(r.next() as u8);
        }
    }
    f
}

// ------------------------------------------------------------------ runs

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = e.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = e.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".into()
    }
}

/// Drives `dev` for one run; returns the host (for its counters) or the panic text.
fn drive<D: Dut>(dev: D, cfg: NicConfig, seed: u64, run_cycles: u64, knobs: Knobs) -> (RunResult, Option<String>) {
    let queues = cfg.queues;
    let mut h = Host::new(dev, cfg, seed, knobs);
    let mut ra = Rng::stream(seed, S_ACTION);
    let mut rrx = Rng::stream(seed, S_RX);
    let mut rtx = Rng::stream(seed, S_TX);
    let mut rreg = Rng::stream(seed, S_REGS);
    let mut rres = Rng::stream(seed, S_RESET);
    let res = catch_unwind(AssertUnwindSafe(|| {
        if knobs.scenario == Scenario::Rings {
            h.rings(&mut Rng::stream(seed, S_INIT), run_cycles);
        } else {
            h.init(&mut Rng::stream(seed, S_INIT));
        }
        while knobs.scenario == Scenario::Random && h.cycle < run_cycles {
            let a = ra.below(100);
            match a {
                0..=29 if knobs.rx => {
                    for _ in 0..rrx.range(1, 8) {
                        h.rx_send(&mut rrx);
                    }
                }
                30..=44 if knobs.rx => {
                    let q = rrx.below(h.rx.len().max(1) as u64) as usize;
                    h.rx_service(&mut rrx, q, true);
                }
                45..=59 if knobs.tx => {
                    let q = rtx.below(h.txq_count.max(1) as u64) as usize;
                    for _ in 0..rtx.range(1, 4) {
                        h.tx_post(&mut rtx, q);
                    }
                }
                60..=67 if knobs.tx => {
                    let q = rtx.below(h.txq_count.max(1) as u64) as usize;
                    h.tx_reclaim(q);
                }
                68..=79 if knobs.regs => h.reg_action(&mut rreg),
                80..=87 => {
                    // The driver's interrupt handling: read EICR, unmask again.
                    h.read(EICR);
                    let m = ((1u64 << (queues + 1)) - 1) as u32;
                    h.write(EIMS, m);
                }
                88 if knobs.resets && rres.pct(15) => h.soft_reset(&mut rres),
                _ => {}
            }
            let pace = h.p.pace;
            let n = ra.below(pace + 1);
            h.idle(n);
            if h.dev.failure().is_some() {
                break;
            }
        }
        // Drain (bounded: a ring broken by random writes may keep the
        // device busy): the wire and the bus empty, the rings serviced.
        for k in 0..DRAIN_CYCLES {
            if h.dev.failure().is_some() || (h.quiet() && h.dev.quiescent()) {
                break;
            }
            if k % 1000 == 0 && knobs.rx {
                for q in 0..h.rx.len() {
                    h.rx_service(&mut rrx, q, false);
                }
            }
            h.step(Inputs::default());
        }
    }));
    let panic = res.err().map(|e| panic_text(e.as_ref()));
    let failure = h.dev.failure().or_else(|| {
        panic.as_ref().map(|m| Failure { cycle: h.cycle, kind: "panic", signal: None, message: m.clone() })
    });
    let r = RunResult {
        seed,
        cycles: h.cycle,
        compared: h.dev.compared(),
        rx_frames: h.rx_frames,
        tx_frames: h.tx_frames,
        reg_writes: h.reg_writes,
        resets: h.resets,
        failure,
        coverage: h.cov,
    };
    (r, panic)
}

/// One run of `seed` against `build` on `engine`.
pub fn run_one(
    build: Build,
    engine: FuzzEngine,
    seed: u64,
    run_cycles: u64,
    knobs: Knobs,
) -> Result<RunResult, String> {
    let cfg = build.config()?;
    match engine {
        FuzzEngine::Model => {
            if build == Build::Fault {
                return Err("build `fault` only differs from `main` in the RTL: use --engine lockstep".into());
            }
            let nic = Nic::new(cfg.clone()).map_err(|e| format!("model build: {e}"))?;
            Ok(drive(nic, cfg, seed, run_cycles, knobs).0)
        }
        FuzzEngine::Lockstep => lockstep_run(build, cfg, seed, run_cycles, knobs),
    }
}

#[cfg(feature = "rtl")]
fn lockstep_run(build: Build, cfg: NicConfig, seed: u64, run_cycles: u64, knobs: Knobs) -> Result<RunResult, String> {
    let l = nicsim_cosim::Lockstep::with_design(cfg.clone(), build.design())
        .map_err(|e| format!("build `{}`: {e}", build.name()))?;
    if build.design().is_stub() || nicsim_cosim::design::MAIN_IS_STUB {
        return Err("the main design is the plumbing stub (no rtl/nic.f at build time): nothing to fuzz".into());
    }
    Ok(drive(l, cfg, seed, run_cycles, knobs).0)
}

#[cfg(not(feature = "rtl"))]
fn lockstep_run(_: Build, _: NicConfig, _: u64, _: u64, _: Knobs) -> Result<RunResult, String> {
    Err(format!("engine lockstep: {}", crate::engine::RTL_MISSING))
}

/// Shrinks a failing run: first to the failing cycle, then with each
/// category of stimulus switched off while it still fails. Returns the
/// command line of the smallest variant, or None when nothing shrank.
fn shrink(o: &FuzzOptions, seed: u64, f: &Failure, log: &mut dyn FnMut(&str)) -> Option<String> {
    let mut best = (o.run_cycles, o.knobs);
    let mut fail_at = f.cycle;
    let fails = |cycles: u64, knobs: Knobs| -> Option<u64> {
        run_one(o.build, o.engine, seed, cycles, knobs).ok()?.failure.map(|f| f.cycle)
    };
    // Actions start only before run_cycles: the failing one started before its cycle.
    if fail_at < best.0 {
        if let Some(c) = fails(fail_at, best.1) {
            best.0 = fail_at;
            fail_at = c;
        }
    }
    for (flag, on) in best.1.list() {
        if !on {
            continue;
        }
        let k = best.1.without(flag);
        if let Some(c) = fails(best.0, k) {
            log(&format!("  shrink: still fails with {flag} (cycle {c})"));
            best.1 = k;
            if c < best.0 {
                if let Some(c2) = fails(c, k) {
                    best.0 = c;
                    fail_at = c2;
                    continue;
                }
            }
            fail_at = c;
        }
    }
    let _ = fail_at;
    if best == (o.run_cycles, o.knobs) {
        return None;
    }
    Some(repro_command(o.build, o.engine, seed, best.0, &best.1))
}

/// Runs a campaign. `log` gets one line per run and the failure reports;
/// `now_s` is the wall clock in seconds (only used for `time_s`).
pub fn campaign(o: &FuzzOptions, log: &mut dyn FnMut(&str), now_s: &dyn Fn() -> f64) -> Result<CampaignResult, String> {
    if o.run_cycles == 0 {
        return Err("--run-cycles must be at least 1".into());
    }
    let t0 = now_s();
    let mut res = CampaignResult {
        build: o.build,
        engine: o.engine,
        first_seed: o.seed,
        runs: 0,
        cycles: 0,
        compared: 0,
        failures: Vec::new(),
        coverage: Coverage::new(),
        coverage_hit: 0,
        coverage_total: 0,
        coverage_missed: Vec::new(),
    };
    loop {
        let cycle_limit = match (o.cycles, o.runs, o.time_s) {
            (Some(c), _, _) => Some(c),
            (None, None, None) => Some(DEFAULT_CYCLES),
            _ => None,
        };
        if o.runs.is_some_and(|n| res.runs >= n) || cycle_limit.is_some_and(|c| res.cycles >= c) {
            break;
        }
        if o.time_s.is_some_and(|t| now_s() - t0 >= t) {
            log(&format!("fuzz: wall-time limit reached after {} runs", res.runs));
            break;
        }
        let seed = o.seed.wrapping_add(res.runs);
        let r = run_one(o.build, o.engine, seed, o.run_cycles, o.knobs)?;
        res.runs += 1;
        res.cycles += r.cycles;
        res.compared += r.compared;
        res.coverage.merge(&r.coverage);
        let verdict = match &r.failure {
            None => "ok".to_string(),
            Some(f) => format!("FAILED at cycle {}", f.cycle),
        };
        log(&format!(
            "fuzz {} seed {seed}: {} cycles, {} compared, {} RX frames, {} TX frames, {} register writes, {} soft resets: {verdict}",
            o.build.name(),
            r.cycles,
            r.compared,
            r.rx_frames,
            r.tx_frames,
            r.reg_writes,
            r.resets
        ));
        if let Some(f) = r.failure {
            let repro = repro_command(o.build, o.engine, seed, o.run_cycles, &o.knobs);
            log(&format!("FAILURE ({}): {}", f.kind, f.message));
            log(&format!("  reproduce: {repro}"));
            let shrunk = if f.cycle <= o.shrink_below { shrink(o, seed, &f, log) } else { None };
            if let Some(s) = &shrunk {
                log(&format!("  shrunk:    {s}"));
            }
            res.failures.push(FailureReport { seed, failure: f, repro, shrunk });
            if o.stop_on_failure {
                break;
            }
        }
    }
    let (hit, total) = res.coverage.goals();
    res.coverage_hit = hit;
    res.coverage_total = total;
    res.coverage_missed = res.coverage.missed();
    Ok(res)
}

// ------------------------------------------------------------------ CLI

/// `nicsim fuzz` arguments.
#[derive(clap::Args, Debug)]
pub struct FuzzArgs {
    /// Verilated design: main (16 queues), small (second parameter set), fault (planted RTL fault)
    #[arg(long, value_enum, default_value = "main")]
    pub build: Build,
    /// lockstep (model vs RTL, every output every cycle) or model (no RTL)
    #[arg(long, value_enum, default_value = "lockstep")]
    pub engine: FuzzEngine,
    /// Seed of the first run; run k uses SEED + k
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Cycles per run
    #[arg(long, default_value_t = DEFAULT_RUN_CYCLES)]
    pub run_cycles: u64,
    /// Stop starting runs after this many cycles in total (default 5000000 when no --runs/--time is given)
    #[arg(long)]
    pub cycles: Option<u64>,
    /// Stop after this many runs
    #[arg(long)]
    pub runs: Option<u64>,
    /// Stop starting runs after this many seconds of wall time (the runs themselves never look at the clock)
    #[arg(long)]
    pub time: Option<f64>,
    /// No random register writes (legal or illegal)
    #[arg(long)]
    pub no_regs: bool,
    /// No soft resets
    #[arg(long)]
    pub no_resets: bool,
    /// No TX traffic
    #[arg(long)]
    pub no_tx: bool,
    /// No RX traffic
    #[arg(long)]
    pub no_rx: bool,
    /// No malformed frames or bad TX descriptors
    #[arg(long)]
    pub no_malformed: bool,
    /// No memory or MAC stalls
    #[arg(long)]
    pub no_stalls: bool,
    /// No error responses from host memory
    #[arg(long)]
    pub no_faults: bool,
    /// random: the constrained-random mix; rings: every queue walks a 4096-entry ring (high addresses), then unmapped rings
    #[arg(long, value_enum, default_value = "random")]
    pub scenario: Scenario,
    /// Do not shrink failures
    #[arg(long)]
    pub no_shrink: bool,
    /// Run on after a failing run (default: stop at the first)
    #[arg(long)]
    pub keep_going: bool,
    /// Write the campaign's result (runs, cycles, failures, functional coverage) as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<std::path::PathBuf>,
}

/// Runs `nicsim fuzz`. Exit code 0: no failure; 1: a run failed (the
/// reproducing commands are printed) or the campaign could not start.
pub fn cli(a: FuzzArgs) -> std::process::ExitCode {
    use std::process::ExitCode;
    if a.time.is_some_and(|t| !(t > 0.0 && t.is_finite())) {
        eprintln!("error: --time must be a positive number of seconds");
        return ExitCode::from(2);
    }
    let o = FuzzOptions {
        build: a.build,
        engine: a.engine,
        seed: a.seed,
        run_cycles: a.run_cycles,
        cycles: a.cycles,
        runs: a.runs,
        time_s: a.time,
        knobs: Knobs {
            rx: !a.no_rx,
            tx: !a.no_tx,
            regs: !a.no_regs,
            resets: !a.no_resets,
            malformed: !a.no_malformed,
            stalls: !a.no_stalls,
            faults: !a.no_faults,
            scenario: a.scenario,
        },
        shrink_below: if a.no_shrink { 0 } else { FuzzOptions::default().shrink_below },
        stop_on_failure: !a.keep_going,
    };
    let t0 = std::time::Instant::now();
    let now = move || t0.elapsed().as_secs_f64();
    let res = match campaign(&o, &mut |l| println!("{l}"), &now) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let wall = now();
    println!(
        "fuzz {}: {} runs, {} cycles, {} compared, {} failures, {:.1} s ({:.2} M cycles/s); functional coverage {}/{}",
        o.build.name(),
        res.runs,
        res.cycles,
        res.compared,
        res.failures.len(),
        wall,
        res.cycles as f64 / wall.max(1e-9) / 1e6,
        res.coverage_hit,
        res.coverage_total
    );
    if !res.coverage_missed.is_empty() {
        println!("  not hit: {}", res.coverage_missed.join(", "));
    }
    if let Some(p) = &a.json {
        let text = serde_json::to_string_pretty(&res).unwrap_or_default();
        if let Err(e) = std::fs::write(p, text + "\n") {
            eprintln!("error: cannot write {}: {e}", p.display());
            return ExitCode::from(1);
        }
    }
    for f in &res.failures {
        eprintln!("FAILED seed {}: {}", f.seed, f.failure.message);
        eprintln!("  reproduce: {}", f.repro);
        if let Some(s) = &f.shrunk {
            eprintln!("  shrunk:    {s}");
        }
    }
    if res.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_independent_and_deterministic() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(7, S_RX).next()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::stream(7, S_RX).next(), Rng::stream(7, S_TX).next());
        assert_ne!(Rng::stream(7, S_RX).next(), Rng::stream(8, S_RX).next());
    }

    #[test]
    fn frames_cover_runts_to_jumbo_and_malformed() {
        let mut r = Rng::stream(1, S_RX);
        let mut c = Coverage::new();
        let lens: Vec<usize> = (0..2000).map(|_| frame(&mut r, &Knobs::default(), &mut c).len()).collect();
        assert!(lens.iter().any(|&n| n < 60));
        assert!(lens.iter().any(|&n| n > 9022));
        assert!(lens.iter().all(|&n| n >= 1));
        for p in ["rx_vlan_tagged", "rx_ipv4_fragment", "rx_ipv6_ext_headers", "rx_frame_not_ip"] {
            assert!(c.points[p] > 0, "{p}");
        }
        let k = Knobs { malformed: false, ..Knobs::default() };
        assert!((0..500).all(|_| (60..=9018).contains(&frame(&mut r, &k, &mut c).len())));
    }

    #[test]
    fn repro_names_the_run_and_the_categories_off() {
        let k = Knobs { regs: false, tx: false, ..Knobs::default() };
        assert_eq!(
            repro_command(Build::Small, FuzzEngine::Lockstep, 42, 1000, &k),
            "nicsim fuzz --build small --seed 42 --runs 1 --run-cycles 1000 --no-regs --no-tx"
        );
        assert!(repro_command(Build::Main, FuzzEngine::Model, 1, 5, &Knobs::default()).ends_with("--engine model"));
    }

    #[test]
    fn model_run_is_deterministic_and_exercises_the_device() {
        let a = run_one(Build::Main, FuzzEngine::Model, 3, 60_000, Knobs::default()).unwrap();
        let b = run_one(Build::Main, FuzzEngine::Model, 3, 60_000, Knobs::default()).unwrap();
        assert_eq!(a.failure, None);
        assert_eq!(
            (a.cycles, a.rx_frames, a.tx_frames, a.reg_writes),
            (b.cycles, b.rx_frames, b.tx_frames, b.reg_writes)
        );
        assert_eq!(a.coverage, b.coverage);
        assert!(a.cycles >= 60_000 && a.rx_frames > 0 && a.tx_frames > 0 && a.reg_writes > 0, "{a:?}");
        assert!(a.coverage.points["rx_delivered"] > 0);
    }

    #[test]
    fn rings_walk_every_queue_past_half_and_is_deterministic() {
        let k = Knobs { scenario: Scenario::Rings, ..Knobs::default() };
        let a = run_one(Build::Main, FuzzEngine::Model, 1, 3_000_000, k).unwrap();
        let b = run_one(Build::Main, FuzzEngine::Model, 1, 3_000_000, k).unwrap();
        assert_eq!(a.failure, None);
        assert_eq!((a.cycles, a.rx_frames, a.tx_frames), (b.cycles, b.rx_frames, b.tx_frames));
        // Ended by itself: every queue's head reached WALK_TO.
        assert!(a.cycles < 3_000_000, "{a:?}");
        assert!(a.rx_frames >= 16 * WALK_TO as u64, "{}", a.rx_frames);
        assert!(a.tx_frames > 16 * WALK_TO as u64 / 8, "{}", a.tx_frames);
        assert_eq!(
            repro_command(Build::Main, FuzzEngine::Lockstep, 1, 9, &k),
            "nicsim fuzz --build main --seed 1 --runs 1 --run-cycles 9 --scenario rings"
        );
    }

    #[test]
    fn walk_windows_are_disjoint_and_straddle_the_hole() {
        let w: Vec<u64> = (0..16).map(Host::<Nic>::walk_window).collect();
        for (i, a) in w.iter().enumerate() {
            // Each window (64 MiB) is mapped, and no two overlap.
            assert!(*a < UNMAPPED - (64 << 20) + 1 || *a >= WALK_HI, "{a:#x}");
            assert!(!(*a..*a + (64 << 20)).contains(&(WALK_HI | MSI_BASE)));
            for b in &w[i + 1..] {
                assert!(a.abs_diff(*b) >= 64 << 20, "{a:#x} {b:#x}");
            }
        }
    }

    #[test]
    fn categories_switch_off() {
        let k = Knobs { rx: false, tx: false, regs: false, resets: false, ..Knobs::default() };
        let r = run_one(Build::Main, FuzzEngine::Model, 5, 20_000, k).unwrap();
        assert_eq!((r.rx_frames, r.tx_frames, r.resets), (0, 0, 0));
    }
}
