//! Issue 11 from the command line: `--events` (planned like every output,
//! deterministic), `--check-napi`, the stats' violation counts, and
//! `nicsim validate` with its JUnit and HTML outputs.

#[path = "cli_common/mod.rs"]
mod cli_common;
use cli_common::{nicsim, s, stderr, TempDir};

fn gen(dir: &std::path::Path, count: &str) -> std::path::PathBuf {
    let p = dir.join("in.pcap");
    let o = nicsim(&["gen", "-o", s(&p), "--count", count, "--rate", "10G", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

#[test]
fn events_trace_is_written_deterministic_and_documented_kinds_only() {
    let d = TempDir::new("events");
    let pcap = gen(&d, "800");
    let run = |name: &str, extra: &[&str]| {
        let ev = d.join(name);
        let st = d.join(format!("{name}.stats.json"));
        let mut args = vec!["replay", s(&pcap), "--tx", s(&pcap), "--ring", "32", "-q"];
        args.extend_from_slice(&["--events", s(&ev), "--stats", s(&st)]);
        args.extend_from_slice(extra);
        let o = nicsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read_to_string(&ev).unwrap(), std::fs::read_to_string(&st).unwrap())
    };
    let (a, stats) = run("a.jsonl", &[]);
    let (b, _) = run("b.jsonl", &[]);
    assert_eq!(a, b, "same seed, same trace");
    let kinds = [
        "msi",
        "irq",
        "napi_schedule",
        "poll_start",
        "poll_end",
        "unmask",
        "refill",
        "doorbell",
        "softirq_end",
        "qdisc_run",
        "violation",
    ];
    let mut seen = std::collections::BTreeSet::new();
    let mut last_cycle = 0;
    for line in a.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let ev = v["ev"].as_str().unwrap().to_owned();
        assert!(kinds.contains(&ev.as_str()), "undocumented event {ev}");
        let c = v["cycle"].as_u64().unwrap();
        assert!(c >= last_cycle, "cycles never go back: {line}");
        last_cycle = c;
        seen.insert(ev);
    }
    for k in &kinds[..10] {
        assert!(seen.contains(*k), "no {k} event");
    }
    // The real driver breaks no rule; every rule is reported.
    let st: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(st["napi_check"], true);
    let viol = st["napi_violations"].as_object().unwrap();
    assert_eq!(viol.len(), 11);
    assert!(viol.values().all(|v| v == 0), "{viol:?}");
    assert_eq!(st["irqs_merged"], 0);
    // Polls in the trace match the stats.
    let polls = a.lines().filter(|l| l.contains("\"ev\":\"poll_end\"")).count() as u64;
    assert_eq!(Some(polls), st["napi_polls"].as_u64());

    let (_, off) = run("c.jsonl", &["--check-napi", "off"]);
    let st: serde_json::Value = serde_json::from_str(&off).unwrap();
    assert_eq!(st["napi_check"], false);
}

#[test]
fn events_output_is_planned_like_the_others() {
    let d = TempDir::new("events-plan");
    let pcap = gen(&d, "50");
    // The same file twice, and a missing directory: refused before the run.
    let o = nicsim(&["replay", s(&pcap), "--events", s(&d.join("x")), "--log", s(&d.join("x")), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--events"), "{}", stderr(&o));
    let o = nicsim(&["replay", s(&pcap), "--events", s(&d.join("no/such/e.jsonl")), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.join("x").exists());
    let o = nicsim(&["replay", s(&pcap), "--check-napi", "maybe"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_runs_the_suite_and_writes_junit_and_html() {
    let d = TempDir::new("validate");
    let (j, h) = (d.join("v.xml"), d.join("v.html"));
    let o =
        nicsim(&["validate", "--only", "coalesce_usecs_10", "--only", "tiny", "--junit", s(&j), "--html", s(&h), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("coalesce_usecs_10") && table.contains("tiny_rings"), "{table}");
    assert!(table.contains("2 scenario(s), 2 passed, 0 failed"), "{table}");
    let junit = std::fs::read_to_string(&j).unwrap();
    assert!(junit.contains("tests=\"2\" failures=\"0\""));
    assert!(std::fs::read_to_string(&h).unwrap().contains("<svg"));
    let o = nicsim(&["validate", "--list"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("rx_with_tx"));
    // A suite file with a scenario that breaks the option rules is refused.
    let bad = d.join("bad.toml");
    std::fs::write(&bad, "[[scenario]]\nname = \"x\"\nrx = { count = 10 }\nring = 3\n").unwrap();
    let o = nicsim(&["validate", "--suite", s(&bad)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
