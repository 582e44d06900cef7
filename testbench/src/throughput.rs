//! `nicsim bench throughput`: the zero-loss throughput of the device per
//! frame size, found as RFC 2544 finds it (section 26.1): offer a fixed
//! number of frames at a rate, count the frames the device lost, and
//! binary-search the highest rate with none lost.
//!
//! The host is made fast (every driver cost a few ns, an interrupt entry of
//! 100 ns) so that what limits the result is the device; a second column
//! repeats the search with the default host costs, to show where the host
//! starts to limit.

use crate::gen::{generate, GenConfig, SizeMix, WIRE_OVERHEAD};
use crate::pcap::Frame;
use crate::replay::{replay_rx_tx, ReplayError, ReplayOptions, Timing};
use crate::sim::{Drop, HostTiming};
use std::fmt::Write as _;

/// 10GBASE-R: the line rate every point is measured against.
pub const LINE_BPS: u64 = 10_000_000_000;

/// Traffic direction of a measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Rx,
    Tx,
    /// The same rate both ways at once.
    RxTx,
}

impl Dir {
    pub fn name(self) -> &'static str {
        match self {
            Dir::Rx => "rx",
            Dir::Tx => "tx",
            Dir::RxTx => "rx+tx",
        }
    }
}

impl std::str::FromStr for Dir {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "rx" => Ok(Dir::Rx),
            "tx" => Ok(Dir::Tx),
            "rx+tx" | "rxtx" | "both" => Ok(Dir::RxTx),
            _ => Err(format!("'{s}': use rx, tx or rx+tx")),
        }
    }
}

/// What to measure.
#[derive(Clone, Debug)]
pub struct Config {
    pub dirs: Vec<Dir>,
    /// Frame sizes in bytes without FCS (60 = the 64-byte minimum frame).
    pub sizes: Vec<usize>,
    pub queues: Vec<usize>,
    pub mem_latency_ns: Vec<u64>,
    /// Frames per trial (fewer for large frames: about 4 MB of traffic at most).
    pub frames: usize,
    /// Stop the search when the interval is below this share of line rate (per mille).
    pub resolution_permille: u64,
    /// Also search with the default host costs.
    pub default_host: bool,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dirs: vec![Dir::Rx, Dir::Tx, Dir::RxTx],
            sizes: vec![60, 128, 256, 512, 1024, 1514, 9000],
            queues: vec![1, 4, 16],
            mem_latency_ns: vec![500, 1000],
            frames: 20_000,
            resolution_permille: 10,
            default_host: true,
            seed: 1,
        }
    }
}

/// A host that is not the limit: a few ns per driver action.
pub fn fast_host() -> HostTiming {
    HostTiming {
        irq_entry_ns: 100,
        poll_ns: 20,
        desc_ns: 5,
        frame_ns: 5,
        refill_ns: 2,
        jitter_pct: 0,
        tx_frame_ns: 5,
        tx_desc_ns: 2,
        tx_clean_ns: 2,
        ..HostTiming::default()
    }
}

/// Frames per second at line rate for `size`-byte frames (with preamble, FCS and IFG).
pub fn line_rate_pps(size: usize) -> f64 {
    LINE_BPS as f64 / (8.0 * (size + WIRE_OVERHEAD) as f64)
}

/// One measured point.
#[derive(Clone, Debug)]
pub struct Point {
    pub dir: Dir,
    pub size: usize,
    pub queues: usize,
    pub mem_latency_ns: u64,
    /// Highest zero-loss offered rate (wire bits/s) with the fast host, and with the default host.
    pub fast_bps: u64,
    pub default_bps: Option<u64>,
    /// Trials run for this point.
    pub trials: u32,
}

impl Point {
    pub fn mpps(&self, bps: u64) -> f64 {
        bps as f64 / (8.0 * (self.size + WIRE_OVERHEAD) as f64) / 1e6
    }
    pub fn at_line_rate(&self) -> bool {
        self.fast_bps >= LINE_BPS
    }
}

fn frames_for(cfg: &Config, size: usize, queues: usize, seed: u64) -> Vec<Frame> {
    let count = cfg.frames.min((4 << 20) / size).max(200);
    generate(&GenConfig {
        count,
        flows: 16 * queues,
        ipv6_pct: 0,
        udp_pct: 50,
        vlan_pct: 0,
        sizes: SizeMix::Fixed(size),
        rate_bps: LINE_BPS,
        seed,
    })
}

/// Options of one trial.
fn options(size: usize, queues: usize, mem_latency_ns: u64, host: HostTiming, seed: u64) -> ReplayOptions {
    let jumbo = size > 1514;
    ReplayOptions {
        queues,
        // A ring that holds a burst while the host is away, as a tuned system has (ethtool -G rx 4096).
        ring: 4096,
        mtu: if jumbo { 9000 } else { 1500 },
        buf_size: 2048,
        rx_usecs: 0,
        tx_usecs: 0,
        mem_latency_ns,
        host,
        seed,
        ..ReplayOptions::default()
    }
}

/// Frames the device lost in a trial: RX drops by the NIC, TX frames
/// dropped or left behind, plus one when the TX side fell behind the
/// offered rate (see `tx_lagging`).
pub fn trial(dir: Dir, frames: &[Frame], opts: &ReplayOptions, rate_bps: u64) -> Result<u64, ReplayError> {
    let opts = ReplayOptions { timing: Timing::Rate(rate_bps), ..opts.clone() };
    let (rx, tx): (&[Frame], &[Frame]) = match dir {
        Dir::Rx => (frames, &[]),
        Dir::Tx => (&[], frames),
        Dir::RxTx => (frames, frames),
    };
    let r = replay_rx_tx(rx, tx, &opts, &mut |_, _| {})?;
    let rx_lost = (r.dropped(Drop::FifoFull) + r.dropped(Drop::NoDesc) + r.dropped(Drop::MacError)) as u64;
    let tx_lost = r.tx.dropped_total() as u64;
    Ok(rx_lost + tx_lost + r.stranded as u64 + r.tx.stranded as u64 + tx_lagging(tx, &r.tx.wire, rate_bps) as u64)
}

/// The transmit side did not keep pace: the frames took longer to leave
/// the MAC than they took to offer, by more than 2 % and 20 us. (A host
/// queue would hide a slow device until it overflowed; a finite trial
/// could end first.)
fn tx_lagging(tx: &[Frame], wire: &[(u64, Vec<u8>)], rate_bps: u64) -> bool {
    let (Some(first), Some(last)) = (wire.first(), wire.last()) else { return false };
    if tx.len() < 2 {
        return false;
    }
    let bits: u128 = tx[1..].iter().map(|f| 8 * (f.data.len().max(60) + WIRE_OVERHEAD) as u128).sum();
    let offered_ns = (bits * 1_000_000_000 / rate_bps.max(1) as u128) as u64;
    let took_ns = last.0.saturating_sub(first.0);
    took_ns > offered_ns + offered_ns / 50 + 20_000
}

/// Binary search for the highest zero-loss rate in (0, LINE_BPS].
fn search(
    cfg: &Config,
    dir: Dir,
    frames: &[Frame],
    opts: &ReplayOptions,
    trials: &mut u32,
) -> Result<u64, ReplayError> {
    *trials += 1;
    if trial(dir, frames, opts, LINE_BPS)? == 0 {
        return Ok(LINE_BPS);
    }
    let step = LINE_BPS / 1000 * cfg.resolution_permille.max(1);
    let (mut lo, mut hi) = (0u64, LINE_BPS);
    while hi - lo > step {
        let mid = lo + (hi - lo) / 2;
        *trials += 1;
        if trial(dir, frames, opts, mid.max(1_000))? == 0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

/// Measures every point; `progress` gets (done, total, the point just measured).
pub fn run(cfg: &Config, progress: &mut dyn FnMut(usize, usize, &Point)) -> Result<Vec<Point>, ReplayError> {
    let total = cfg.dirs.len() * cfg.sizes.len() * cfg.queues.len() * cfg.mem_latency_ns.len();
    let mut points = Vec::with_capacity(total);
    for &size in &cfg.sizes {
        for &queues in &cfg.queues {
            let frames = frames_for(cfg, size, queues, cfg.seed);
            for &lat in &cfg.mem_latency_ns {
                for &dir in &cfg.dirs {
                    let mut trials = 0;
                    let fast =
                        search(cfg, dir, &frames, &options(size, queues, lat, fast_host(), cfg.seed), &mut trials)?;
                    let default_bps = if cfg.default_host {
                        let o = options(size, queues, lat, HostTiming::default(), cfg.seed);
                        Some(search(cfg, dir, &frames, &o, &mut trials)?)
                    } else {
                        None
                    };
                    let p = Point { dir, size, queues, mem_latency_ns: lat, fast_bps: fast, default_bps, trials };
                    points.push(p);
                    progress(points.len(), total, points.last().expect("pushed"));
                }
            }
        }
    }
    Ok(points)
}

/// The table users read first: one row per point.
pub fn table(points: &[Point]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<6} {:>5} {:>6} {:>7}  {:>9} {:>8} {:>6}  {:>9} {:>8}  {:>9}",
        "dir", "size", "queues", "mem ns", "fast Gb/s", "Mpps", "%line", "host Gb/s", "Mpps", "line Mpps"
    );
    for p in points {
        let (dg, dm) = match p.default_bps {
            Some(b) => (format!("{:.2}", b as f64 / 1e9), format!("{:.3}", p.mpps(b))),
            None => ("-".into(), "-".into()),
        };
        let _ = writeln!(
            s,
            "{:<6} {:>5} {:>6} {:>7}  {:>9.2} {:>8.3} {:>6.1}  {:>9} {:>8}  {:>9.3}",
            p.dir.name(),
            p.size,
            p.queues,
            p.mem_latency_ns,
            p.fast_bps as f64 / 1e9,
            p.mpps(p.fast_bps),
            100.0 * p.fast_bps as f64 / LINE_BPS as f64,
            dg,
            dm,
            line_rate_pps(p.size) / 1e6
        );
    }
    s
}

/// The points as JSON (rates in bits/s on the wire, including preamble, FCS and IFG).
pub fn json(points: &[Point], cfg: &Config) -> String {
    let items: Vec<serde_json::Value> = points
        .iter()
        .map(|p| {
            serde_json::json!({
                "dir": p.dir.name(),
                "size": p.size,
                "queues": p.queues,
                "mem_latency_ns": p.mem_latency_ns,
                "zero_loss_bps": p.fast_bps,
                "zero_loss_mpps": p.mpps(p.fast_bps),
                "line_rate": p.at_line_rate(),
                "default_host_bps": p.default_bps,
                "default_host_mpps": p.default_bps.map(|b| p.mpps(b)),
                "line_mpps": line_rate_pps(p.size) / 1e6,
                "trials": p.trials,
            })
        })
        .collect();
    let v = serde_json::json!({
        "line_bps": LINE_BPS,
        "method": "RFC 2544 26.1: highest offered rate with zero frames lost by the device, binary search",
        "frames_per_trial": cfg.frames,
        "resolution_permille": cfg.resolution_permille,
        "host": "fast: irq entry 100 ns, poll 20 ns, 5 ns per frame and descriptor, no jitter (default host in default_host_*)",
        "ring": 4096,
        "points": items,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// An SVG of Mpps against frame size, one series per (direction, queues,
/// memory latency) with the fast host, beside the line-rate curve.
pub fn svg(points: &[Point]) -> Result<String, String> {
    use plotters::prelude::*;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (900, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let sizes: Vec<usize> = {
            let mut v: Vec<usize> = points.iter().map(|p| p.size).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let (xmin, xmax) =
            (sizes.first().copied().unwrap_or(60) as f64 * 0.8, sizes.last().copied().unwrap_or(9000) as f64 * 1.25);
        let ymax = line_rate_pps(sizes.first().copied().unwrap_or(60)) / 1e6 * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .caption("nicsim zero-loss throughput at 10 Gb/s (fast host)", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(55)
            .build_cartesian_2d((xmin..xmax).log_scale(), 0.0..ymax)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("frame size, bytes (without FCS)")
            .y_desc("Mpps")
            .draw()
            .map_err(|e| e.to_string())?;
        let line: Vec<(f64, f64)> = (0..=100)
            .map(|i| xmin * (xmax / xmin).powf(i as f64 / 100.0))
            .map(|x| (x, line_rate_pps(x as usize) / 1e6))
            .collect();
        chart
            .draw_series(LineSeries::new(line, BLACK.stroke_width(2)))
            .map_err(|e| e.to_string())?
            .label("line rate")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
        let mut keys: Vec<(Dir, usize, u64)> = points.iter().map(|p| (p.dir, p.queues, p.mem_latency_ns)).collect();
        keys.dedup();
        keys.sort_by_key(|k| (k.0.name(), k.1, k.2));
        keys.dedup();
        for (i, &(dir, q, lat)) in keys.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let series: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| (p.dir, p.queues, p.mem_latency_ns) == (dir, q, lat))
                .map(|p| (p.size as f64, p.mpps(p.fast_bps)))
                .collect();
            chart
                .draw_series(LineSeries::new(series.clone(), color.stroke_width(1)))
                .map_err(|e| e.to_string())?
                .label(format!("{} {}q {} ns", dir.name(), q, lat))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
            chart
                .draw_series(series.into_iter().map(|(x, y)| Circle::new((x, y), 3, color.filled())))
                .map_err(|e| e.to_string())?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_rate_figures() {
        assert!((line_rate_pps(60) - 14_880_952.4).abs() < 1.0);
        assert!((line_rate_pps(1514) - 812_743.8).abs() < 1.0);
    }

    /// 1514-byte frames on 4 queues go at line rate; 60-byte frames on one
    /// queue with the default (slow) host do not: the search finds a rate
    /// below line rate that loses nothing, and line rate loses frames.
    #[test]
    fn search_finds_the_knee() {
        let cfg = Config { frames: 3000, resolution_permille: 50, ..Config::default() };
        let big = frames_for(&cfg, 1514, 4, 1);
        let o = options(1514, 4, 500, fast_host(), 1);
        assert_eq!(trial(Dir::Rx, &big, &o, LINE_BPS).unwrap(), 0);
        let small = frames_for(&cfg, 60, 1, 1);
        let o = options(60, 1, 500, HostTiming::default(), 1);
        assert!(trial(Dir::Rx, &small, &o, LINE_BPS).unwrap() > 0, "the default host keeps up with 14.88 Mpps?");
        let mut trials = 0;
        let r = search(&cfg, Dir::Rx, &small, &o, &mut trials).unwrap();
        assert!(r > 0 && r < LINE_BPS, "{r}");
        assert_eq!(trial(Dir::Rx, &small, &o, r).unwrap(), 0, "the found rate loses frames");
        assert!(trials > 3);
    }

    #[test]
    fn svg_has_every_series() {
        let pts = vec![
            Point {
                dir: Dir::Rx,
                size: 60,
                queues: 1,
                mem_latency_ns: 500,
                fast_bps: 5_000_000_000,
                default_bps: None,
                trials: 1,
            },
            Point {
                dir: Dir::Rx,
                size: 1514,
                queues: 1,
                mem_latency_ns: 500,
                fast_bps: LINE_BPS,
                default_bps: None,
                trials: 1,
            },
        ];
        let s = svg(&pts).unwrap();
        assert!(s.starts_with("<svg") && s.contains("line rate") && s.contains("rx 1q 500 ns"), "{s}");
    }
}
