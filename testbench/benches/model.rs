//! Speed of the Rust model engine with the driver, through the same
//! `replay` path as `nicsim replay`: simulated cycles per wall-clock second
//! and frames per wall-clock second.
//!
//! Run with `make bench` (= `cargo bench -p nicsim-testbench --bench model`).
//! Arguments that do not start with `-` filter the cases by substring, e.g.
//! `cargo bench -p nicsim-testbench --bench model -- zeek`.
//! Each case runs `NICSIM_BENCH_REPS` times (default 5); the table shows the
//! fastest run and the median speed (the machine may be busy with other work).
//! The capture case reads `$NICSIM_SHARED/pcaps/` (default: `../shared`
//! beside the repository) and is skipped, with the reason, when it is absent.

use std::path::PathBuf;
use std::time::Instant;

use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::{read_pcap, Frame};
use nicsim_testbench::replay::{replay, replay_rx_tx, Replay, ReplayOptions, Timing};

const TEN_G: u64 = 10_000_000_000;
const CAPTURE: &str = "zeek_echo-connections.pcap.gz";
const TARGET_MCYCLES: f64 = 10.0;
const DEFAULT_REPS: usize = 5;

struct Case {
    name: &'static str,
    /// What the traffic is and how it is timed.
    what: String,
    frames: Result<Vec<Frame>, String>,
    timing: Timing,
    /// Whether this is the case the target applies to.
    target: bool,
}

fn bench_reps() -> usize {
    std::env::var("NICSIM_BENCH_REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_REPS).max(1)
}

/// `reps` replays of `frames`, and their speeds in M cycles/s, sorted
/// (the last is the best). A failed replay ends the benchmark.
fn runs(name: &str, frames: &[Frame], opts: &ReplayOptions, reps: usize) -> (Vec<Replay>, Vec<f64>) {
    let mut runs = Vec::with_capacity(reps);
    for _ in 0..reps {
        match replay(frames, opts, &mut |_, _| {}) {
            Ok(r) => runs.push(r),
            Err(e) => {
                println!("{name:<13} failed: {e}");
                std::process::exit(1);
            }
        }
    }
    let mut speeds: Vec<f64> = runs.iter().map(|r| r.cycles_per_s() / 1e6).collect();
    speeds.sort_by(f64::total_cmp);
    (runs, speeds)
}

fn shared_dir() -> PathBuf {
    match std::env::var_os("NICSIM_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

fn gen_traffic() -> Vec<Frame> {
    generate(&GenConfig {
        count: 50_000,
        flows: 64,
        sizes: SizeMix::Imix,
        rate_bps: TEN_G,
        seed: 1,
        ..GenConfig::default()
    })
}

fn capture() -> Result<Vec<Frame>, String> {
    let path = shared_dir().join("pcaps").join(CAPTURE);
    if !path.exists() {
        return Err(format!("{} not found (set NICSIM_SHARED to the shared dir)", path.display()));
    }
    read_pcap(&path).map_err(|e| e.to_string())
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));

    let reps = bench_reps();
    let t = Instant::now();
    let generated = gen_traffic();
    let gen_s = t.elapsed().as_secs_f64();
    let cases = [
        Case {
            name: "gen-10G",
            what: "nicsim gen 50k IMIX, 64 flows, 10G line rate".into(),
            frames: Ok(generated.clone()),
            timing: Timing::Rate(TEN_G),
            target: false,
        },
        Case {
            name: "gen-topspeed",
            what: "same frames, back to back at MAC speed (--topspeed)".into(),
            frames: Ok(generated),
            timing: Timing::TopSpeed,
            target: false,
        },
        Case {
            name: "zeek-10G",
            what: format!("{CAPTURE} at --rate 10G"),
            frames: if wanted("zeek-10G") { capture() } else { Ok(Vec::new()) },
            timing: Timing::Rate(TEN_G),
            target: true,
        },
    ];

    println!("nicsim model benchmark (engine: model, default ReplayOptions: 4 queues, ring 512); best of {reps} runs");
    println!("traffic generation: {:.2} s for 50k frames (not counted below)", gen_s);
    println!();
    for c in cases.iter().filter(|c| wanted(c.name)) {
        println!("  {:<13} {}", c.name, c.what);
    }
    println!();
    println!(
        "{:<13} {:>7} {:>9} {:>11} {:>8} {:>7} {:>9} {:>9} {:>9} {:>7}",
        "case", "frames", "delivered", "sim cycles", "skipped", "wall s", "Mcycles/s", "(median)", "frames/s", "x real"
    );
    let mut target_result = None;
    for c in cases.iter().filter(|c| wanted(c.name)) {
        let frames = match &c.frames {
            Ok(f) => f,
            Err(why) => {
                println!("{:<13} skipped: {why}", c.name);
                continue;
            }
        };
        let opts = ReplayOptions { timing: c.timing, ..ReplayOptions::default() };
        let (runs, speeds) = runs(c.name, frames, &opts, reps);
        let median = speeds[speeds.len() / 2];
        let r = runs.iter().min_by(|a, b| a.wall_s.total_cmp(&b.wall_s)).expect("at least one run");
        let mcps = r.cycles_per_s() / 1e6;
        let fps = r.offered() as f64 / r.wall_s.max(1e-9);
        // Wall time relative to simulated time: < 1 means faster than real time.
        let x_real = r.wall_s / (r.sim_ns as f64 * 1e-9).max(1e-12);
        println!(
            "{:<13} {:>7} {:>9} {:>11} {:>7.1}% {:>7.3} {:>9.2} {:>9.2} {:>9.0} {:>7.1}",
            c.name,
            r.offered(),
            r.delivered(),
            r.cycles,
            100.0 * r.skipped_cycles as f64 / r.cycles.max(1) as f64,
            r.wall_s,
            mcps,
            median,
            fps,
            x_real,
        );
        if c.target {
            target_result = Some(mcps);
        }
    }
    println!();
    println!("sim cycles include the idle cycles the engine fast-forwarded (skipped); frames/s = offered frames per wall second;");
    println!("x real = wall time / simulated time (250 MHz core clock)");
    print!("target: >= {TARGET_MCYCLES} M simulated cycles/s on the 82k capture at 10G");
    match target_result {
        Some(m) if m >= TARGET_MCYCLES => println!(" -> met ({m:.2})"),
        Some(m) => println!(" -> NOT met ({m:.2})"),
        None => println!(" -> not measured"),
    }
    if wanted("napi") {
        napi_overhead(reps);
    }
    if wanted("tx") {
        tx_cases(reps);
    }
    if wanted("memory") {
        memory();
    }
    #[cfg(feature = "rtl")]
    if wanted("engines") {
        engines();
    }
    #[cfg(not(feature = "rtl"))]
    println!("engines: rtl/lockstep not measured (build with --features rtl, as `make bench` does)");
}

/// Issue 11: what the NAPI checker and the event trace add to a model
/// replay (target: at most 15 %), on RX + TX traffic (the checker reads TX
/// descriptors at every poll and doorbell).
fn napi_overhead(reps: usize) {
    let frames = gen_traffic();
    let tx: Vec<Frame> = frames.iter().take(20_000).cloned().collect();
    let events = std::env::temp_dir().join(format!("nicsim-bench-events-{}.jsonl", std::process::id()));
    let variants: [(&str, bool, bool); 3] =
        [("off", false, false), ("checker", true, false), ("checker+events", true, true)];
    println!();
    println!("NAPI checker and event trace: 50k IMIX RX at 10G + 20k TX, best of {reps} runs");
    println!("{:<16} {:>8} {:>9} {:>10}", "variant", "wall s", "overhead", "events MB");
    // Interleaved (one run of each variant per round) so that a busy machine
    // slows them alike; best of the rounds.
    let mut best = [f64::MAX; 3];
    let mut mb = 0.0;
    for _ in 0..reps {
        for (k, &(name, check, ev)) in variants.iter().enumerate() {
            let opts = ReplayOptions {
                timing: Timing::Rate(TEN_G),
                check_napi: check,
                events: ev.then(|| nicsim_testbench::events::EventsTo::File(events.clone())),
                ..ReplayOptions::default()
            };
            let t = Instant::now();
            match replay_rx_tx(&frames, &tx, &opts, &mut |_, _| {}) {
                Ok(r) if r.napi.total() == 0 => {}
                Ok(r) => println!("{name}: {} NAPI violation(s)", r.napi.total()),
                Err(e) => {
                    println!("{name} failed: {e}");
                    std::process::exit(1);
                }
            }
            best[k] = best[k].min(t.elapsed().as_secs_f64());
            if ev {
                mb = std::fs::metadata(&events).map_or(0.0, |m| m.len() as f64 / 1e6);
            }
        }
    }
    for (k, &(name, _, ev)) in variants.iter().enumerate() {
        let size = if ev { mb } else { 0.0 };
        println!("{:<16} {:>8.3} {:>8.1}% {:>10.1}", name, best[k], 100.0 * (best[k] / best[0] - 1.0), size);
    }
    let _ = std::fs::remove_file(&events);
    println!("target: checker + events add at most 15 % to model replay time");
}

/// TX through the driver and the model: frames/s, and what reached the wire.
fn tx_cases(reps: usize) {
    let tx = generate(&GenConfig {
        count: 20_000,
        flows: 64,
        sizes: SizeMix::Imix,
        rate_bps: 5_000_000_000,
        seed: 2,
        ..GenConfig::default()
    });
    let rx = generate(&GenConfig {
        count: 20_000,
        flows: 64,
        sizes: SizeMix::Imix,
        rate_bps: 5_000_000_000,
        seed: 3,
        ..GenConfig::default()
    });
    println!();
    println!("TX through driver and model (nicsim gen 20k IMIX, 64 flows, 5 Gb/s each way); best of {reps} runs");
    println!(
        "{:<13} {:>7} {:>7} {:>9} {:>11} {:>7} {:>9} {:>10} {:>9}",
        "case", "tx", "on wire", "rx deliv", "sim cycles", "wall s", "Mcycles/s", "tx fr/s", "stops"
    );
    for (name, rxf) in [("tx-5G", &[][..]), ("rx+tx-5G", &rx[..])] {
        let opts = ReplayOptions { timing: Timing::Rate(5_000_000_000), ..ReplayOptions::default() };
        let mut best: Option<nicsim_testbench::replay::Replay> = None;
        for _ in 0..reps {
            match replay_rx_tx(rxf, &tx, &opts, &mut |_, _| {}) {
                Ok(r) => {
                    if best.as_ref().is_none_or(|b| r.wall_s < b.wall_s) {
                        best = Some(r);
                    }
                }
                Err(e) => {
                    println!("{name:<13} failed: {e}");
                    std::process::exit(1);
                }
            }
        }
        let r = best.expect("at least one run");
        println!(
            "{:<13} {:>7} {:>7} {:>9} {:>11} {:>7.3} {:>9.2} {:>10.0} {:>9}",
            name,
            r.tx.offered(),
            r.tx.sent(),
            r.delivered(),
            r.cycles,
            r.wall_s,
            r.cycles_per_s() / 1e6,
            r.tx.offered() as f64 / r.wall_s.max(1e-9),
            r.ethtool.iter().find(|(k, _)| k == "tx_stops").map_or(0, |(_, v)| *v),
        );
    }
}

/// Model, RTL (Verilator) and lockstep on the same traffic, measured in one run.
#[cfg(feature = "rtl")]
fn engines() {
    use nicsim_testbench::engine::Engine;
    let frames = generate(&GenConfig {
        count: 5_000,
        flows: 64,
        sizes: SizeMix::Imix,
        rate_bps: TEN_G,
        seed: 1,
        ..GenConfig::default()
    });
    println!();
    println!("engines on the same traffic: nicsim gen 5k IMIX, 64 flows, 10G line rate");
    println!("{:<10} {:>11} {:>7} {:>9} {:>9}", "engine", "sim cycles", "wall s", "Mcycles/s", "frames/s");
    let mut speed = Vec::new();
    for engine in [Engine::Model, Engine::Rtl, Engine::Lockstep] {
        let opts = ReplayOptions { timing: Timing::Rate(TEN_G), engine, ..ReplayOptions::default() };
        match replay(&frames, &opts, &mut |_, _| {}) {
            Ok(r) => {
                let m = r.cycles_per_s() / 1e6;
                speed.push(m);
                println!(
                    "{:<10} {:>11} {:>7.3} {:>9.3} {:>9.0}",
                    engine.name(),
                    r.cycles,
                    r.wall_s,
                    m,
                    r.offered() as f64 / r.wall_s.max(1e-9)
                );
            }
            Err(e) => {
                println!("{:<10} failed: {e}", engine.name());
                std::process::exit(1);
            }
        }
    }
    println!("model / RTL speed ratio: {:.1}x", speed[0] / speed[1].max(1e-9));
    engines_on_capture();
    // Lockstep with TX active: the same RX traffic plus as much TX.
    let tx = generate(&GenConfig {
        count: 5_000,
        flows: 64,
        sizes: SizeMix::Imix,
        rate_bps: TEN_G,
        seed: 2,
        ..GenConfig::default()
    });
    println!();
    println!("with TX active: the same RX traffic plus 5k IMIX TX frames at 10G");
    println!(
        "{:<10} {:>11} {:>7} {:>9} {:>9} {:>9}",
        "engine", "sim cycles", "wall s", "Mcycles/s", "tx sent", "compared"
    );
    for engine in [Engine::Model, Engine::Lockstep] {
        let opts = ReplayOptions { timing: Timing::Rate(TEN_G), engine, ..ReplayOptions::default() };
        match replay_rx_tx(&frames, &tx, &opts, &mut |_, _| {}) {
            Ok(r) => println!(
                "{:<10} {:>11} {:>7.3} {:>9.3} {:>9} {:>9}",
                engine.name(),
                r.cycles,
                r.wall_s,
                r.cycles_per_s() / 1e6,
                r.tx.sent(),
                r.compared_cycles
            ),
            Err(e) => {
                println!("{:<10} failed: {e}", engine.name());
                std::process::exit(1);
            }
        }
    }
}

/// Issue 8's figures: the model and the RTL engine in the same run, on
/// the 82k capture at 10G with 4 queues (`nicsim replay --engine ...`),
/// best of `NICSIM_BENCH_REPS` runs each.
#[cfg(feature = "rtl")]
fn engines_on_capture() {
    use nicsim_testbench::engine::Engine;
    const TARGETS: [(Engine, f64); 2] = [(Engine::Model, 15.0), (Engine::Rtl, 1.0)];
    println!();
    println!("engines on {CAPTURE} at --rate 10G, 4 queues");
    let frames = match capture() {
        Ok(f) => f,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let reps = bench_reps();
    println!("{:<10} {:>11} {:>7} {:>9} {:>9}  target", "engine", "sim cycles", "wall s", "Mcycles/s", "(median)");
    for (engine, target) in TARGETS {
        let opts = ReplayOptions { timing: Timing::Rate(TEN_G), queues: 4, engine, ..ReplayOptions::default() };
        let (runs, speeds) = runs(engine.name(), &frames, &opts, reps);
        let best = speeds[speeds.len() - 1];
        let r = runs.iter().min_by(|a, b| a.wall_s.total_cmp(&b.wall_s)).expect("at least one run");
        println!(
            "{:<10} {:>11} {:>7.3} {:>9.3} {:>9.3}  >= {target} M cycles/s: {}",
            engine.name(),
            r.cycles,
            r.wall_s,
            best,
            speeds[speeds.len() / 2],
            if best >= target { "met" } else { "NOT met" }
        );
    }
}

/// Peak memory of `nicsim replay` (the streamed CLI path, release binary)
/// on captures of very different lengths: it must follow the frames in
/// flight, not the capture. Reads the `peak_rss_kb` the CLI puts in its stats.
fn memory() {
    const TARGET_2M_KB: u64 = 150 * 1024;
    const TARGET_ZEEK_KB: u64 = 100 * 1024;
    let bin = env!("CARGO_BIN_EXE_nicsim");
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out");
    let _ = std::fs::create_dir_all(&out);
    let big = out.join("bench-2m.pcap");
    if !big.exists() {
        let st = std::process::Command::new(bin)
            .args(["gen", "-o"])
            .arg(&big)
            .args(["--count", "2000000", "--sizes", "imix", "--rate", "10G", "--seed", "7"])
            .output();
        if !st.is_ok_and(|o| o.status.success()) {
            println!("memory: could not generate {}", big.display());
            return;
        }
    }
    let zeek = shared_dir().join("pcaps").join(CAPTURE);
    let stats = out.join("bench-mem-stats.json");
    println!();
    println!("memory: peak RSS of `nicsim replay` (release, streamed), with --log and --rx-pcap written");
    println!("{:<34} {:>9} {:>12} {:>8}", "case", "frames", "peak RSS MB", "wall s");
    let cases: Vec<(&str, Vec<String>, Option<u64>)> = vec![
        ("gen 2M IMIX, RX, --rate 10G", vec![big.display().to_string()], Some(TARGET_2M_KB)),
        (
            "gen 2M IMIX, RX + TX, --rate 10G",
            vec![big.display().to_string(), "--tx".into(), big.display().to_string()],
            Some(TARGET_2M_KB),
        ),
        ("zeek 82k, RX, --rate 10G", vec![zeek.display().to_string()], Some(TARGET_ZEEK_KB)),
    ];
    for (name, inputs, target) in cases {
        if !std::path::Path::new(&inputs[0]).exists() {
            println!("{name:<34} skipped: {} not found", inputs[0]);
            continue;
        }
        let t = Instant::now();
        let o = std::process::Command::new(bin)
            .arg("replay")
            .args(&inputs)
            .args(["--rate", "10G", "-q", "--stats"])
            .arg(&stats)
            .arg("--log")
            .arg(out.join("bench-mem-log.jsonl"))
            .arg("--rx-pcap")
            .arg(out.join("bench-mem-rx.pcap"))
            .output();
        let wall = t.elapsed().as_secs_f64();
        let v: Option<serde_json::Value> = o
            .ok()
            .filter(|o| o.status.success())
            .and_then(|_| std::fs::read_to_string(&stats).ok())
            .and_then(|s| serde_json::from_str(&s).ok());
        let Some(v) = v else {
            println!("{name:<34} failed");
            continue;
        };
        let kb = v["peak_rss_kb"].as_u64().unwrap_or(0);
        let frames = v["offered"].as_u64().unwrap_or(0) + v["tx_offered"].as_u64().unwrap_or(0);
        let verdict = match target {
            Some(t) if kb <= t => format!("  (target <= {} MB: met)", t / 1024),
            Some(t) => format!("  (target <= {} MB: NOT met)", t / 1024),
            None => String::new(),
        };
        println!("{name:<34} {frames:>9} {:>12.1} {wall:>8.2}{verdict}", kb as f64 / 1024.0);
    }
}
