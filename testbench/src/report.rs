//! Output of a replay: the per-frame JSON Lines log, the stats JSON, the
//! delivered-frames pcap and the human summary. Engine independent, so the
//! model, RTL and lockstep engines all report the same way.
//!
//! The JSON is written by hand in a fixed key order: the stats file must be
//! byte-identical between runs with the same inputs (apart from `wall_s` and
//! `mcycles_per_s`), and `serde_json::Map` would sort the keys unless the
//! workspace-wide `preserve_order` feature were switched on.

use crate::pcap::{PcapError, PcapSink};
use crate::replay::{Replay, ReplayOptions, Timing};
use crate::sim::{Drop, Fate};
use nicsim_hw::rss::{hash_frame, HashType, Toeplitz};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// RSS_CTRL with every hash type enabled, as the driver programs it.
const RSS_ALL: u8 = 0x7F;

/// The ethtool counter that counts drops of this kind.
pub fn ethtool_name(d: Drop) -> &'static str {
    match d {
        Drop::NoDesc => "rx_no_buffer_count",
        Drop::FifoFull => "rx_missed_errors",
        Drop::Oversize => "rx_long_length_errors",
        Drop::MacError => "rx_crc_errors",
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "null".to_owned(), |v| v.to_string())
}

/// One log record (no trailing newline). `bytes` are the padded bytes as
/// offered; they give the hash type of frames the driver never saw.
pub fn log_line(index: usize, fate: &Fate, bytes: &[u8], toeplitz: &Toeplitz) -> String {
    let hash_type = if fate.delivered {
        // The write-back's code; a code outside the enum would itself be a device bug, keep it visible.
        match fate.hash_type.and_then(HashType::from_code) {
            Some(t) => t.name().to_owned(),
            None => format!("invalid_{}", opt(fate.hash_type)),
        }
    } else {
        hash_frame(toeplitz, RSS_ALL, bytes).0.name().to_owned()
    };
    let hash = if fate.delivered { fate.hash } else { None };
    let rx_ns = if fate.delivered { fate.rx_ns } else { None };
    let drop = fate.drop.map_or_else(|| "null".to_owned(), |d| format!("\"{}\"", d.name()));
    format!(
        "{{\"frame\":{index},\"len\":{},\"delivered\":{},\"drop\":{drop},\"queue\":{},\"hash\":{},\"hash_type\":\"{hash_type}\",\"rx_ns\":{}}}",
        fate.len,
        fate.delivered,
        opt(fate.queue),
        opt(hash),
        opt(rx_ns),
    )
}

/// JSON Lines, one record per offered frame in capture order.
pub fn write_log(path: &Path, r: &Replay, key: &[u8; 40]) -> io::Result<()> {
    let t = Toeplitz::new(key);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    for (i, fate) in r.fates.iter().enumerate() {
        let bytes = r.frames.get(i).map_or(&[][..], |b| &b[..]);
        writeln!(w, "{}", log_line(i, fate, bytes, &t))?;
    }
    w.flush()
}

/// The delivered frames in delivery order, stamped with their hand-up time.
pub fn write_rx_pcap(path: &Path, r: &Replay) -> Result<(), PcapError> {
    let mut sink = PcapSink::create(path)?;
    for &f in &r.delivery_order {
        // A fate without rx_ns cannot be in delivery_order; 0 keeps the file writable if it were.
        sink.write(r.fates[f].rx_ns.unwrap_or(0), &r.frames[f])?;
    }
    sink.finish()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Pretty-printed JSON object with keys in insertion order.
struct Obj {
    out: String,
    indent: usize,
    first: bool,
}

impl Obj {
    fn new(indent: usize) -> Self {
        Obj { out: "{".into(), indent, first: true }
    }
    /// `value` is already JSON text.
    fn raw(&mut self, key: &str, value: impl std::fmt::Display) -> &mut Self {
        let pad = "  ".repeat(self.indent + 1);
        let sep = if self.first { "" } else { "," };
        self.first = false;
        let key = serde_json::to_string(key).expect("string serializes");
        let _ = write!(self.out, "{sep}\n{pad}{key}: {value}");
        self
    }
    fn str(&mut self, key: &str, value: &str) -> &mut Self {
        let v = serde_json::to_string(value).expect("string serializes");
        self.raw(key, v)
    }
    fn end(&mut self) -> String {
        if !self.first {
            let _ = write!(self.out, "\n{}", "  ".repeat(self.indent));
        }
        self.out.push('}');
        std::mem::take(&mut self.out)
    }
}

/// `original`, `topspeed` or the rate in bits/s, as `Timing::from_str` takes it.
pub fn timing_name(t: Timing) -> String {
    match t {
        Timing::Original => "original".into(),
        Timing::TopSpeed => "topspeed".into(),
        Timing::Rate(bps) => bps.to_string(),
    }
}

fn options_json(o: &ReplayOptions, indent: usize) -> String {
    let mut host = Obj::new(indent + 1);
    let h = &o.host;
    // netdev_budget is left out: `budget` overrides it.
    host.raw("irq_entry_ns", h.irq_entry_ns)
        .raw("poll_ns", h.poll_ns)
        .raw("desc_ns", h.desc_ns)
        .raw("frame_ns", h.frame_ns)
        .raw("refill_ns", h.refill_ns)
        .raw("jitter_pct", h.jitter_pct)
        .raw("budget_usecs", h.budget_usecs)
        .raw("resched_ns", h.resched_ns);
    let host = host.end();
    let mut j = Obj::new(indent);
    j.raw("queues", o.queues)
        .raw("ring", o.ring)
        .raw("buf_size", o.buf_size)
        .raw("mtu", o.mtu)
        .str("rss_key", &hex(&o.rss_key))
        .str("timing", &timing_name(o.timing))
        .raw("rx_usecs", o.rx_usecs)
        .raw("rx_frames", o.rx_frames)
        .raw("budget", o.budget)
        .raw("weight", o.weight)
        .raw("seed", o.seed)
        .raw("mem_latency_ns", o.mem_latency_ns)
        .raw("mem_jitter_ns", o.mem_jitter_ns)
        .raw("device_queues", o.device_queues)
        .raw("host", host);
    j.end()
}

/// The stats file. Every line but `wall_s` and `mcycles_per_s` depends only
/// on the inputs.
pub fn stats_json(r: &Replay, o: &ReplayOptions, engine: &str) -> String {
    let mut dropped = Obj::new(1);
    for d in Drop::ALL {
        dropped.raw(d.name(), r.dropped(d));
    }
    let queues = if r.queues.is_empty() {
        "[]".to_owned()
    } else {
        let items: Vec<String> = r
            .queues
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut j = Obj::new(2);
                j.raw("queue", i)
                    .raw("packets", q.packets)
                    .raw("bytes", q.bytes)
                    .raw("irqs", q.irqs)
                    .raw("polls", q.polls)
                    .raw("no_desc", q.no_desc);
                format!("    {}", j.end())
            })
            .collect();
        format!("[\n{}\n  ]", items.join(",\n"))
    };
    let mut softnet = Obj::new(1);
    // /proc/net/softnet_stat: no backlog queue here, so nothing is dropped there.
    softnet.raw("processed", r.delivered()).raw("dropped", 0).raw("time_squeeze", r.time_squeeze);
    let mut ethtool = Obj::new(1);
    for (name, v) in &r.ethtool {
        ethtool.raw(name, v);
    }
    let mut j = Obj::new(0);
    j.str("engine", engine)
        .raw("seed", o.seed)
        .raw("divergences", r.divergences)
        .raw("compared_cycles", r.compared_cycles)
        .raw("offered", r.offered())
        .raw("delivered", r.delivered())
        .raw("dropped", dropped.end())
        .raw("queues", queues)
        .raw("irqs", r.irqs)
        .raw("napi_polls", r.napi_polls)
        .raw("time_squeeze", r.time_squeeze)
        .raw("softnet", softnet.end())
        .raw("sim_ns", r.sim_ns)
        .raw("cycles", r.cycles)
        .raw("skipped_cycles", r.skipped_cycles)
        .raw("wall_s", format!("{:.6}", finite(r.wall_s)))
        .raw("mcycles_per_s", format!("{:.3}", finite(r.cycles_per_s() / 1e6)))
        .raw("stranded", r.stranded)
        .raw("corrupt", r.corrupt)
        .raw("protocol_errors", r.protocol_errors)
        .raw("ethtool", ethtool.end())
        .raw("options", options_json(o, 1));
    let mut s = j.end();
    s.push('\n');
    s
}

/// JSON has no NaN or infinity.
fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// What went wrong in a run that finished: stranded or corrupted frames and
/// protocol errors all point at a device or driver bug. Empty when clean.
pub fn problems(r: &Replay) -> Vec<String> {
    let mut v = Vec::new();
    if r.stranded > 0 {
        let first: Vec<String> = r
            .fates
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.delivered && f.drop.is_none())
            .take(8)
            .map(|(i, f)| format!("{i} (queue {})", opt(f.queue)))
            .collect();
        v.push(format!(
            "{} frame(s) stranded: left in a ring with no interrupt coming (first: {})",
            r.stranded,
            first.join(", ")
        ));
    }
    // Should equal `stranded`; more means the accounting lost frames, also a bug.
    let unsettled = r.fates.iter().filter(|f| !f.delivered && f.drop.is_none()).count();
    if unsettled > r.stranded {
        v.push(format!(
            "{} frame(s) were neither delivered nor dropped (and not in a ring either)",
            unsettled - r.stranded
        ));
    }
    if r.corrupt > 0 {
        let first: Vec<String> =
            r.fates.iter().enumerate().filter(|(_, f)| f.corrupt).take(8).map(|(i, _)| i.to_string()).collect();
        v.push(format!(
            "{} frame(s) delivered with bytes different from the offered ones (first: {})",
            r.corrupt,
            first.join(", ")
        ));
    }
    if r.protocol_errors > 0 {
        v.push(format!(
            "{} protocol error(s): device status strobes or driver hand-ups that no offered frame explains",
            r.protocol_errors
        ));
    }
    v
}

fn human_ns(ns: u64) -> String {
    let ns = ns as f64;
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.3} us", ns / 1e3)
    } else {
        format!("{ns} ns")
    }
}

/// The table printed after a run. Drop columns use ethtool counter names;
/// only no-descriptor drops belong to a queue, the rest happen before RSS.
pub fn summary_table(r: &Replay) -> String {
    const DROPS: [Drop; 4] = [Drop::NoDesc, Drop::FifoFull, Drop::Oversize, Drop::MacError];
    let mut head = vec!["queue", "rx_packets", "rx_bytes"];
    head.extend(DROPS.iter().map(|&d| ethtool_name(d)));
    head.extend(["irqs", "polls"]);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, q) in r.queues.iter().enumerate() {
        let mut row = vec![i.to_string(), q.packets.to_string(), q.bytes.to_string(), q.no_desc.to_string()];
        row.extend(["-".into(), "-".into(), "-".into()]);
        row.extend([q.irqs.to_string(), q.polls.to_string()]);
        rows.push(row);
    }
    let bytes: u64 = r.queues.iter().map(|q| q.bytes).sum();
    let mut total = vec!["total".to_owned(), r.delivered().to_string(), bytes.to_string()];
    total.extend(DROPS.iter().map(|&d| r.dropped(d).to_string()));
    // Totals come from the host counters, which include the misc vector.
    total.extend([r.irqs.to_string(), r.napi_polls.to_string()]);
    rows.push(total);

    let widths: Vec<usize> = (0..head.len())
        .map(|c| rows.iter().map(|row| row[c].len()).chain([head[c].len()]).max().unwrap_or(0))
        .collect();
    let mut s = String::new();
    let line = |s: &mut String, cells: &[&str]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (v, &w))| if c == 0 { format!("{v:<w$}") } else { format!("{v:>w$}") })
            .collect();
        let _ = writeln!(s, "{}", parts.join("  ").trim_end());
    };
    line(&mut s, &head);
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(&mut s, &rule.iter().map(|x| x.as_str()).collect::<Vec<_>>());
    let n = rows.len();
    for (i, row) in rows.iter().enumerate() {
        if i == n - 1 {
            line(&mut s, &rule.iter().map(|x| x.as_str()).collect::<Vec<_>>());
        }
        line(&mut s, &row.iter().map(|x| x.as_str()).collect::<Vec<_>>());
    }
    let _ = writeln!(
        s,
        "\noffered {}, delivered {}, dropped {}{}",
        r.offered(),
        r.delivered(),
        r.dropped_total(),
        match r.offered() - r.delivered() - r.dropped_total() {
            0 => String::new(),
            n => format!(", neither {n} (stranded {})", r.stranded),
        }
    );
    let _ =
        writeln!(s, "simulated time {} ({} cycles, {} skipped idle)", human_ns(r.sim_ns), r.cycles, r.skipped_cycles);
    let _ = writeln!(s, "wall time {:.3} s, {:.2} Mcycles/s", r.wall_s, r.cycles_per_s() / 1e6);
    let _ = writeln!(s, "time_squeeze {}", r.time_squeeze);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::QueueStats;
    use nicsim_hw::rss::DEFAULT_KEY;

    fn tcp4_frame() -> Vec<u8> {
        // Ethernet + IPv4 + TCP, 66.9.149.187:2794 -> 161.142.100.80:1766 (a Microsoft vector).
        let mut f = vec![0u8; 60];
        f[12..14].copy_from_slice(&[0x08, 0x00]);
        f[14] = 0x45;
        f[16..18].copy_from_slice(&46u16.to_be_bytes());
        f[23] = 6;
        f[26..30].copy_from_slice(&[66, 9, 149, 187]);
        f[30..34].copy_from_slice(&[161, 142, 100, 80]);
        f[34..36].copy_from_slice(&2794u16.to_be_bytes());
        f[36..38].copy_from_slice(&1766u16.to_be_bytes());
        f[46] = 0x50;
        f
    }

    fn sample() -> Replay {
        let fates = vec![
            Fate {
                len: 60,
                delivered: true,
                queue: Some(2),
                hash: Some(0x51ccc178),
                hash_type: Some(2),
                rx_ns: Some(1234),
                ..Default::default()
            },
            Fate { len: 60, drop: Some(Drop::NoDesc), queue: Some(1), ..Default::default() },
            Fate { len: 60, drop: Some(Drop::Oversize), ..Default::default() },
        ];
        Replay {
            compared_cycles: 0,
            divergences: 0,
            fates,
            delivery_order: vec![0],
            frames: vec![tcp4_frame(); 3],
            queues: vec![QueueStats { packets: 1, bytes: 60, irqs: 1, polls: 1, no_desc: 0 }, QueueStats::default()],
            irqs: 1,
            napi_polls: 1,
            time_squeeze: 0,
            cycles: 1000,
            skipped_cycles: 10,
            sim_ns: 4000,
            wall_s: 0.5,
            stranded: 0,
            corrupt: 0,
            protocol_errors: 0,
            ethtool: vec![("rx_packets".into(), 1), ("rx_no_buffer_count".into(), 1)],
        }
    }

    #[test]
    fn log_line_format() {
        let r = sample();
        let t = Toeplitz::new(&DEFAULT_KEY);
        assert_eq!(
            log_line(0, &r.fates[0], &r.frames[0], &t),
            r#"{"frame":0,"len":60,"delivered":true,"drop":null,"queue":2,"hash":1372373368,"hash_type":"ipv4_tcp","rx_ns":1234}"#
        );
        // Undelivered: hash null, hash type from software parsing of the offered bytes.
        assert_eq!(
            log_line(1, &r.fates[1], &r.frames[1], &t),
            r#"{"frame":1,"len":60,"delivered":false,"drop":"no_desc","queue":1,"hash":null,"hash_type":"ipv4_tcp","rx_ns":null}"#
        );
        let l = log_line(2, &r.fates[2], &[0u8; 60], &t);
        assert!(l.contains(r#""drop":"oversize","queue":null"#) && l.contains(r#""hash_type":"none""#), "{l}");
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        assert_eq!(v["frame"], 2);
    }

    #[test]
    fn stats_keys_and_order() {
        let r = sample();
        let s = stats_json(&r, &ReplayOptions::default(), "model");
        let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
        for k in [
            "offered",
            "delivered",
            "dropped",
            "queues",
            "irqs",
            "napi_polls",
            "time_squeeze",
            "softnet",
            "sim_ns",
            "cycles",
            "skipped_cycles",
            "wall_s",
            "mcycles_per_s",
            "stranded",
            "corrupt",
            "ethtool",
            "engine",
            "seed",
            "options",
        ] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        for d in Drop::ALL {
            assert!(v["dropped"][d.name()].is_u64());
        }
        assert_eq!(v["dropped"]["no_desc"], 1);
        assert_eq!(v["queues"].as_array().unwrap().len(), 2);
        assert_eq!(v["queues"][0]["bytes"], 60);
        assert_eq!(v["softnet"]["processed"], 1);
        assert_eq!(v["ethtool"]["rx_no_buffer_count"], 1);
        assert_eq!(v["options"]["timing"], "original");
        assert_eq!(v["options"]["rss_key"].as_str().unwrap().len(), 80);
        // Fixed order, one value per line, so line filtering works for determinism checks.
        assert!(s.find("\"offered\"").unwrap() < s.find("\"delivered\"").unwrap());
        assert!(s.lines().any(|l| l.trim_start().starts_with("\"wall_s\": 0.500000")));
    }

    #[test]
    fn empty_run_is_valid_json() {
        let r = Replay {
            compared_cycles: 0,
            divergences: 0,
            fates: vec![],
            delivery_order: vec![],
            frames: vec![],
            queues: vec![],
            irqs: 0,
            napi_polls: 0,
            time_squeeze: 0,
            cycles: 0,
            skipped_cycles: 0,
            sim_ns: 0,
            wall_s: 0.0,
            stranded: 0,
            corrupt: 0,
            protocol_errors: 0,
            ethtool: vec![],
        };
        let v: serde_json::Value = serde_json::from_str(&stats_json(&r, &ReplayOptions::default(), "model")).unwrap();
        assert_eq!(v["offered"], 0);
        assert!(summary_table(&r).contains("total"));
    }

    #[test]
    fn summary_names() {
        let s = summary_table(&sample());
        for n in [
            "rx_packets",
            "rx_bytes",
            "rx_no_buffer_count",
            "rx_missed_errors",
            "rx_long_length_errors",
            "rx_crc_errors",
            "time_squeeze",
            "Mcycles/s",
        ] {
            assert!(s.contains(n), "{n} missing in\n{s}");
        }
    }

    #[test]
    fn problems_listed() {
        let mut r = sample();
        assert!(problems(&r).is_empty());
        r.fates.push(Fate { len: 60, queue: Some(3), ..Default::default() });
        r.stranded = 1;
        r.protocol_errors = 2;
        let p = problems(&r);
        assert_eq!(p.len(), 2);
        assert!(p[0].contains("3 (queue 3)"), "{p:?}");
        // A frame without a fate that is not counted as stranded is still reported.
        r.stranded = 0;
        r.protocol_errors = 0;
        let p = problems(&r);
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("neither delivered nor dropped"), "{p:?}");
        assert!(summary_table(&r).contains("neither 1"));
    }
}
