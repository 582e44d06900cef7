//! Quick profile driver: replay a capture at a rate and print speed.
//! Usage: cargo run --release -p nicsim-testbench --example perf -- FILE [RATE] [QUEUES]
use nicsim_testbench::pcap::read_pcap;
use nicsim_testbench::replay::{replay, ReplayOptions, Timing};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let frames = read_pcap(std::path::Path::new(&args[1])).expect("read");
    let timing = args.get(2).map(|s| s.parse::<Timing>().expect("rate")).unwrap_or(Timing::Rate(10_000_000_000));
    let queues = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(4);
    let opts = ReplayOptions { timing, queues, ..Default::default() };
    let r = replay(&frames, &opts, &mut |_, _| {}).expect("replay");
    println!(
        "frames {} delivered {} dropped {} cycles {} skipped {} wall {:.3}s -> {:.2} Mcycles/s, {:.0} frames/s, irqs {} polls {}",
        r.offered(), r.delivered(), r.dropped_total(), r.cycles, r.skipped_cycles, r.wall_s,
        r.cycles_per_s() / 1e6, r.offered() as f64 / r.wall_s, r.irqs, r.napi_polls
    );
}
