//! The `nicsim validate --html` report: one self-contained file (inline
//! SVG drawn with plotters, no scripts, no external files) with the result
//! table and, per scenario, the interrupt rate over time per vector, the
//! latency histogram, frames per poll, the queue spread and the frames in
//! flight over time; and the coalescing trade-off curve of the suite.

use crate::validate::Outcome;
use plotters::prelude::*;
use std::fmt::Write as _;

const W: u32 = 560;
const H: u32 = 300;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

type Res = Result<(), Box<dyn std::error::Error>>;

/// Lines over a shared x axis: (name, points).
fn lines(title: &str, xd: &str, yd: &str, series: &[(String, Vec<(f64, f64)>)]) -> Result<String, String> {
    let mut svg = String::new();
    let r: Res = (|| {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        root.fill(&WHITE)?;
        let pts = series.iter().flat_map(|(_, p)| p.iter());
        let (mut x1, mut y1) = (1e-9f64, 1e-9f64);
        for &(x, y) in pts {
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let mut c = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..x1 * 1.02, 0f64..y1 * 1.1)?;
        c.configure_mesh().x_desc(xd).y_desc(yd).draw()?;
        for (k, (name, p)) in series.iter().enumerate() {
            let color = Palette99::pick(k).to_rgba();
            c.draw_series(LineSeries::new(p.iter().copied(), color.stroke_width(2)))?
                .label(name.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
            if p.len() <= 12 {
                c.draw_series(p.iter().map(|&(x, y)| Circle::new((x, y), 3, color.filled())))?;
            }
        }
        if series.len() > 1 {
            c.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
        }
        root.present()?;
        Ok(())
    })();
    r.map_err(|e| format!("plot '{title}': {e}"))?;
    Ok(svg)
}

/// Bars: (label, value) in order.
fn bars(title: &str, xd: &str, yd: &str, data: &[(String, f64)]) -> Result<String, String> {
    let mut svg = String::new();
    let r: Res =
        (|| {
            let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
            root.fill(&WHITE)?;
            let n = data.len().max(1);
            let ymax = data.iter().map(|d| d.1).fold(1e-9, f64::max);
            let labels: Vec<String> = data.iter().map(|d| d.0.clone()).collect();
            let mut c = ChartBuilder::on(&root)
                .caption(title, ("sans-serif", 16))
                .margin(8)
                .x_label_area_size(34)
                .y_label_area_size(52)
                .build_cartesian_2d(0f64..n as f64, 0f64..ymax * 1.1)?;
            c.configure_mesh()
                .x_desc(xd)
                .y_desc(yd)
                .disable_x_mesh()
                .x_labels(n.min(12))
                .x_label_formatter(&|x| {
                    let i = x.floor() as usize;
                    labels.get(i).cloned().unwrap_or_default()
                })
                .draw()?;
            c.draw_series(data.iter().enumerate().map(|(i, (_, v))| {
                Rectangle::new([(i as f64 + 0.1, 0.0), (i as f64 + 0.9, *v)], BLUE.mix(0.7).filled())
            }))?;
            root.present()?;
            Ok(())
        })();
    r.map_err(|e| format!("plot '{title}': {e}"))?;
    Ok(svg)
}

/// Histogram of `v` in `bins` equal bins from 0 to the largest value.
fn histogram(v: &[f64], bins: usize) -> Vec<(String, f64)> {
    let max = v.iter().copied().fold(0.0, f64::max);
    let width = if max > 0.0 { max / bins as f64 } else { 1.0 };
    let mut h = vec![0u64; bins];
    for &x in v {
        let i = ((x / width) as usize).min(bins - 1);
        h[i] += 1;
    }
    h.iter().enumerate().map(|(i, &c)| (format!("{:.0}", i as f64 * width), c as f64)).collect()
}

fn scenario_plots(o: &Outcome) -> Result<Vec<String>, String> {
    let m = &o.metrics;
    let mut out = Vec::new();
    // Interrupt rate over time, per vector (interrupts per ms in 40 bins).
    let end = o.sim_ns.max(1) as f64;
    let bins = 40usize;
    let bin_ns = end / bins as f64;
    let mut vectors: Vec<usize> = m.irqs.iter().map(|&(_, v)| v).collect();
    vectors.sort_unstable();
    vectors.dedup();
    let series: Vec<(String, Vec<(f64, f64)>)> = vectors
        .iter()
        .map(|&v| {
            let mut c = vec![0u64; bins];
            for &(t, vv) in &m.irqs {
                if vv == v {
                    c[((t as f64 / bin_ns) as usize).min(bins - 1)] += 1;
                }
            }
            let pts = c.iter().enumerate().map(|(i, &n)| ((i as f64 + 0.5) * bin_ns / 1e3, n as f64 / (bin_ns / 1e6)));
            (format!("vector {v}"), pts.collect())
        })
        .collect();
    let series = if series.is_empty() { vec![("none".to_string(), vec![(0.0, 0.0)])] } else { series };
    out.push(lines("interrupt rate per vector", "time (us)", "irqs per ms", &series)?);
    let lat: Vec<f64> = m.latency_ns.iter().map(|&n| n as f64 / 1e3).collect();
    out.push(bars("RX latency (offer to hand-up)", "us", "frames", &histogram(&lat, 30))?);
    let fpp: Vec<f64> = m.frames_per_poll.iter().map(|&n| n as f64).collect();
    out.push(bars("frames per poll", "frames handed up", "polls", &histogram(&fpp, 20))?);
    let q: Vec<(String, f64)> = m.per_queue.iter().enumerate().map(|(i, &n)| (format!("q{i}"), n as f64)).collect();
    let q = if q.is_empty() { vec![("q0".to_string(), 0.0)] } else { q };
    out.push(bars("queue spread", "queue", "frames delivered", &q)?);
    // Step line of frames offered and not yet taken by the host.
    let mut pts = Vec::with_capacity(m.in_flight.len() * 2);
    let mut last = 0.0;
    for &(t, n) in &m.in_flight {
        let x = t as f64 / 1e3;
        pts.push((x, last));
        pts.push((x, n.max(0) as f64));
        last = n.max(0) as f64;
    }
    if pts.is_empty() {
        pts.push((0.0, 0.0));
    }
    out.push(lines("ring occupancy (frames in FIFO + ring)", "time (us)", "frames", &[("in flight".into(), pts)])?);
    Ok(out)
}

/// The coalescing trade-off: interrupts per 1000 frames against mean latency.
fn tradeoff(outcomes: &[Outcome]) -> Result<Option<String>, String> {
    let mut pts: Vec<(f64, f64)> = outcomes
        .iter()
        .filter(|o| o.group == "coalescing" && o.rx_delivered > 0 && !o.metrics.latency_ns.is_empty())
        .map(|o| {
            let irq_k = o.irqs as f64 * 1000.0 / o.rx_delivered as f64;
            let lat = o.metrics.latency_ns.iter().sum::<u64>() as f64 / o.metrics.latency_ns.len() as f64 / 1e3;
            (irq_k, lat)
        })
        .collect();
    if pts.is_empty() {
        return Ok(None);
    }
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let svg = lines(
        "coalescing trade-off",
        "interrupts per 1000 frames",
        "mean latency (us)",
        &[("coalescing scenarios".into(), pts)],
    )?;
    Ok(Some(svg))
}

/// The whole report, one self-contained HTML file.
pub fn html(outcomes: &[Outcome], driver: &str) -> Result<String, String> {
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>nicsim validate: {}</title>\n\
         <style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #bbb;padding:2px 6px;text-align:right}}td.l{{text-align:left}}\
         .pass{{color:#070}}.fail{{color:#b00;font-weight:bold}}.plots svg{{margin:4px}}</style>\n</head>\n<body>\n",
        esc(driver)
    );
    let _ = writeln!(
        s,
        "<h1>nicsim validate: driver {}</h1>\n<p>{} scenario(s), {} passed, {} failed.</p>",
        esc(driver),
        outcomes.len(),
        outcomes.len() - failed,
        failed
    );
    s.push_str(
        "<table>\n<tr><th>scenario</th><th>result</th><th>rx</th><th>delivered</th><th>dropped</th><th>tx</th>\
         <th>sent</th><th>irqs</th><th>polls</th><th>broken rules / problems</th></tr>\n",
    );
    for o in outcomes {
        let why: Vec<String> =
            o.broken.iter().map(|(r, n)| format!("{} ({n})", r.name())).chain(o.problems.iter().cloned()).collect();
        let _ = writeln!(
            s,
            "<tr><td class=\"l\"><a href=\"#{0}\">{0}</a></td><td class=\"{1}\">{2}</td><td>{3}</td><td>{4}</td><td>{5}</td>\
             <td>{6}</td><td>{7}</td><td>{8}</td><td>{9}</td><td class=\"l\">{10}</td></tr>",
            esc(&o.name),
            if o.passed { "pass" } else { "fail" },
            if o.passed { "pass" } else { "FAIL" },
            o.rx_offered,
            o.rx_delivered,
            o.rx_dropped,
            o.tx_offered,
            o.tx_sent,
            o.irqs,
            o.polls,
            esc(&why.join("; "))
        );
    }
    s.push_str("</table>\n");
    if let Some(svg) = tradeoff(outcomes)? {
        s.push_str("<h2>Coalescing trade-off</h2>\n<div class=\"plots\">\n");
        s.push_str(&svg);
        s.push_str("\n</div>\n");
    }
    for o in outcomes {
        let _ = writeln!(s, "<h2 id=\"{0}\">{0}</h2>\n<p>{1}</p>", esc(&o.name), esc(&o.about));
        if let Some(v) = &o.first_violation {
            let _ = writeln!(s, "<p class=\"fail\">first violation: {}</p>", esc(v));
        }
        s.push_str("<div class=\"plots\">\n");
        for svg in scenario_plots(o)? {
            s.push_str(&svg);
            s.push('\n');
        }
        s.push_str("</div>\n");
    }
    s.push_str("</body>\n</html>\n");
    Ok(s)
}
