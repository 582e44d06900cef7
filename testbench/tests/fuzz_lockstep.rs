//! `nicsim fuzz` in lockstep: a short campaign on the main design (CI), the
//! planted RTL fault found by the default campaign and reproduced by the
//! printed command, and the long campaigns of `make regress` (#[ignore]d):
//! 1e8 compared cycles over the main and the small parameter sets.
//!
//! With `NICSIM_FUZZ_JSON_DIR` set (make regress sets it) each campaign
//! writes its result, functional coverage included, to `<dir>/<name>.json`
//! for the regression summary.
#![cfg(feature = "rtl")]

use nicsim_testbench::fuzz::{campaign, Build, CampaignResult, FuzzOptions, Knobs, Scenario};
use std::process::Command;

fn run(name: &str, o: &FuzzOptions) -> CampaignResult {
    let r = campaign(o, &mut |l| println!("{l}"), &|| 0.0).unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Some(dir) = std::env::var_os("NICSIM_FUZZ_JSON_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.json")), serde_json::to_string_pretty(&r).unwrap()).unwrap();
    }
    println!(
        "{name}: {} runs, {} cycles compared, {} failures, functional coverage {}/{}, not hit: {:?}",
        r.runs,
        r.compared,
        r.failures.len(),
        r.coverage_hit,
        r.coverage_total,
        r.coverage_missed
    );
    r
}

fn clean(name: &str, o: &FuzzOptions) -> CampaignResult {
    let r = run(name, o);
    if let Some(f) = r.failures.first() {
        panic!("{name}: {}\n  reproduce: {}\n  shrunk: {:?}", f.failure.message, f.repro, f.shrunk);
    }
    assert!(r.compared >= r.cycles.saturating_sub(r.runs), "{name}: every ticked cycle compared");
    r
}

fn rtl_is_the_nic() -> bool {
    if nicsim_cosim::design::MAIN_IS_STUB {
        println!("skipping: the main design is the plumbing stub");
        return false;
    }
    true
}

#[test]
fn fuzz_main_quick() {
    if !rtl_is_the_nic() {
        return;
    }
    let o = FuzzOptions { seed: 100, run_cycles: 150_000, runs: Some(2), ..Default::default() };
    let r = clean("fuzz_main_quick", &o);
    assert!(r.compared >= 300_000, "{}", r.compared);
    assert!(r.coverage.points["rx_delivered"] > 0 && r.coverage.points["tx_sent"] > 0);
}

/// `--scenario rings` in lockstep: every RX and TX queue walks past half a
/// 4096-entry ring (rings and buffers above 8 GiB and below 4 GiB), then
/// fetches from unmapped rings, with 0 divergences. The walk must end by
/// itself, well before the cycle limit.
#[test]
fn fuzz_rings_walk_every_queue() {
    if !rtl_is_the_nic() {
        return;
    }
    let limit = 3_000_000;
    let knobs = Knobs { scenario: Scenario::Rings, ..Knobs::default() };
    let o = FuzzOptions { seed: 1, run_cycles: limit, runs: Some(1), knobs, ..Default::default() };
    let r = clean("fuzz_rings_walk", &o);
    assert!(r.cycles < limit, "the walk did not finish: {} cycles", r.cycles);
    assert!(r.compared >= 500_000, "{}", r.compared);
}

/// The fault design flips bit 0 of the RSS hash in RX write-backs: the
/// default campaign (`nicsim fuzz --build fault`) must report it, print a
/// command that reproduces it, and that command must fail the same way.
#[test]
fn fuzz_finds_the_planted_fault_and_the_printed_command_reproduces_it() {
    if !rtl_is_the_nic() {
        return;
    }
    if !nicsim_cosim::design::FAULT_BUILT {
        println!("skipping: the fault design is not built (nicsim-cosim feature `fault`)");
        return;
    }
    let nicsim = env!("CARGO_BIN_EXE_nicsim");
    let out = Command::new(nicsim).args(["fuzz", "--build", "fault"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let failure = text.lines().find(|l| l.starts_with("FAILURE")).unwrap_or_else(|| panic!("{text}")).to_string();
    assert!(failure.contains("m_axi_wdata"), "the write-back carries the hash: {failure}");
    let repro = text.lines().find_map(|l| l.trim().strip_prefix("reproduce: ")).unwrap_or_else(|| panic!("{text}"));
    let args: Vec<&str> = repro.split_whitespace().collect();
    assert_eq!(args[0], "nicsim");
    let again = Command::new(nicsim).args(&args[1..]).output().unwrap();
    let text2 = String::from_utf8_lossy(&again.stdout).to_string();
    assert_eq!(again.status.code(), Some(1), "{text2}");
    let failure2 = text2.lines().find(|l| l.starts_with("FAILURE")).unwrap_or_else(|| panic!("{text2}"));
    assert_eq!(failure, failure2, "the printed command reproduces the failure exactly");
    // The shrunk command (if any) still fails.
    if let Some(shrunk) = text.lines().find_map(|l| l.trim().strip_prefix("shrunk:    ")) {
        let args: Vec<&str> = shrunk.split_whitespace().collect();
        let s = Command::new(nicsim).args(&args[1..]).output().unwrap();
        assert_eq!(s.status.code(), Some(1), "{shrunk}: {}", String::from_utf8_lossy(&s.stdout));
    }
    // The same campaign on the main design is clean: the fault is in the RTL.
    let o = FuzzOptions { seed: 1, run_cycles: 100_000, runs: Some(1), ..Default::default() };
    clean("fuzz_main_control", &o);
}

/// 1e8 compared cycles in all: 8 campaigns of 12.5 M, 4 per parameter set
/// (disjoint seed ranges), so nextest can spread them over shards.
fn long(build: Build, part: u64) {
    if !rtl_is_the_nic() {
        return;
    }
    let o = FuzzOptions {
        build,
        seed: 1_000 * part + if build == Build::Small { 500 } else { 0 },
        run_cycles: 500_000,
        cycles: Some(12_500_000),
        ..Default::default()
    };
    let name = format!("fuzz_{}_{part}", build.name());
    let r = clean(&name, &o);
    assert!(r.compared >= 12_500_000, "{name}: {}", r.compared);
}

#[test]
#[ignore = "long campaign: make regress"]
fn fuzz_campaign_main_1() {
    long(Build::Main, 1);
}
#[test]
#[ignore = "long campaign: make regress"]
fn fuzz_campaign_main_2() {
    long(Build::Main, 2);
}
#[test]
#[ignore = "long campaign: make regress"]
fn fuzz_campaign_main_3() {
    long(Build::Main, 3);
}
#[test]
#[ignore = "long campaign: make regress"]
fn fuzz_campaign_main_4() {
    long(Build::Main, 4);
}

#[cfg(feature = "small")]
mod small {
    use super::*;
    #[test]
    #[ignore = "long campaign: make regress"]
    fn fuzz_campaign_small_1() {
        long(Build::Small, 1);
    }
    #[test]
    #[ignore = "long campaign: make regress"]
    fn fuzz_campaign_small_2() {
        long(Build::Small, 2);
    }
    #[test]
    #[ignore = "long campaign: make regress"]
    fn fuzz_campaign_small_3() {
        long(Build::Small, 3);
    }
    #[test]
    #[ignore = "long campaign: make regress"]
    fn fuzz_campaign_small_4() {
        long(Build::Small, 4);
    }

    /// A quick campaign on the second parameter set.
    #[test]
    fn fuzz_small_quick() {
        if !rtl_is_the_nic() {
            return;
        }
        let o =
            FuzzOptions { build: Build::Small, seed: 200, run_cycles: 150_000, runs: Some(2), ..Default::default() };
        clean("fuzz_small_quick", &o);
    }
}
