//! Fault injection (issue 11, part 3): RX buffer allocation failure, an
//! AXI error response on chosen DMA bursts, lost or late MSI-X messages and
//! device resets at chosen times (the stuck MAC is a `--tx-stall` pattern,
//! [`crate::bfm::TxStall::Stuck`]). Every fault is deterministic: counted
//! bursts and messages, times, or a seeded pattern.

use crate::bfm::Seeded;
use nicsim_hw::ports::{AXI_RESP_DECERR, AXI_RESP_SLVERR};
use std::str::FromStr;

/// `10ms`, `1s`, `500us`, `250ns`, `2m` (minutes), `1h`: a time in ns.
pub fn parse_time_ns(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let mul: f64 = match unit {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" | "min" => 60e9,
        "h" => 3600e9,
        "" => return Err(format!("'{s}' has no unit: write e.g. 10ms, 1s, 500us")),
        u => return Err(format!("unknown unit '{u}' in '{s}': use ns, us, ms, s, m or h")),
    };
    let v: f64 = num.parse().map_err(|_| format!("'{s}' is not a time: write e.g. 10ms, 1s, 500us"))?;
    let ns = v * mul;
    if !(0.0..=1e18).contains(&ns) {
        return Err(format!("'{s}' is out of range (0 to about 31 years)"));
    }
    Ok(ns as u64)
}

/// DMA bursts the host memory answers with an error (`--fault-dma`).
/// Bursts are counted from 1 from the start of the run, reads (descriptor
/// fetches, TX data) and writes (frame data, write-backs, MSI-X messages)
/// apart, in the order the memory accepts them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DmaFaults {
    /// (burst number, AXI response) of the reads to fail, sorted.
    pub reads: Vec<(u64, u8)>,
    pub writes: Vec<(u64, u8)>,
}

impl FromStr for DmaFaults {
    type Err = String;
    /// A comma-separated list of `read:N` / `write:N`, each optionally
    /// `:slverr` (the default) or `:decerr`.
    fn from_str(s: &str) -> Result<Self, String> {
        let hint = "use read:N or write:N (the Nth DMA read or write burst, from 1), optionally with :slverr \
                    (the default) or :decerr, comma-separated (e.g. read:40,write:300:decerr)";
        let mut f = DmaFaults::default();
        for item in s.split(',') {
            let mut parts = item.trim().split(':');
            let (kind, n, resp) = (parts.next(), parts.next(), parts.next());
            let n: u64 =
                n.and_then(|n| n.trim().parse().ok()).filter(|&n| n >= 1).ok_or_else(|| format!("'{item}': {hint}"))?;
            let resp = match resp.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
                None | Some("slverr") => AXI_RESP_SLVERR,
                Some("decerr") => AXI_RESP_DECERR,
                _ => return Err(format!("'{item}': {hint}")),
            };
            if parts.next().is_some() {
                return Err(format!("'{item}': {hint}"));
            }
            match kind.map(str::trim) {
                Some("read") => f.reads.push((n, resp)),
                Some("write") => f.writes.push((n, resp)),
                _ => return Err(format!("'{item}': {hint}")),
            }
        }
        f.reads.sort_unstable();
        f.writes.sort_unstable();
        Ok(f)
    }
}

/// What happens to one MSI-X message (`--fault-msix`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MsixFault {
    /// The Nth message (from 1, any vector) never reaches the CPU.
    Drop(u64),
    /// The Nth message reaches the CPU this many ns late.
    Delay(u64, u64),
}

impl MsixFault {
    /// The message number this fault hits.
    pub fn nth(self) -> u64 {
        match self {
            MsixFault::Drop(n) | MsixFault::Delay(n, _) => n,
        }
    }
}

/// Comma-separated `drop:N` / `delay:N:TIME`, sorted by message number.
pub fn parse_msix_faults(s: &str) -> Result<Vec<MsixFault>, String> {
    let hint = "use drop:N (the Nth MSI-X message, from 1, is lost) or delay:N:TIME (it arrives TIME late, \
                e.g. delay:5:200us), comma-separated";
    let mut v = Vec::new();
    for item in s.split(',') {
        let parts: Vec<&str> = item.trim().split(':').map(str::trim).collect();
        let n = parts.get(1).and_then(|n| n.parse::<u64>().ok()).filter(|&n| n >= 1);
        let f = match (parts.first().copied(), n, parts.len()) {
            (Some("drop"), Some(n), 2) => MsixFault::Drop(n),
            (Some("delay"), Some(n), 3) => {
                MsixFault::Delay(n, parse_time_ns(parts[2]).map_err(|e| format!("'{item}': {e}"))?)
            }
            _ => return Err(format!("'{item}': {hint}")),
        };
        v.push(f);
    }
    v.sort_unstable();
    Ok(v)
}

/// Comma-separated times after the start of traffic (`--fault-reset`), sorted.
pub fn parse_times(s: &str) -> Result<Vec<u64>, String> {
    let mut v = s.split(',').map(parse_time_ns).collect::<Result<Vec<_>, _>>()?;
    v.sort_unstable();
    Ok(v)
}

/// When the driver's RX buffer allocation (igb_alloc_mapped_page) fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocFail {
    /// Each allocation fails with this percent chance (seeded), 1..=100.
    Rate(u8),
    /// Every Nth allocation fails (N >= 1).
    Every(u64),
}

impl FromStr for AllocFail {
    type Err = String;
    /// `rate:P` (percent) or `every:N`.
    fn from_str(s: &str) -> Result<Self, String> {
        let hint = "use rate:P (fail P% of RX buffer allocations, 1-100) or every:N (fail every Nth)";
        let (k, v) = s.split_once(':').ok_or_else(|| format!("'{s}': {hint}"))?;
        let n: u64 = v.trim().parse().map_err(|_| format!("'{s}': {hint}"))?;
        match k.trim() {
            "rate" if (1..=100).contains(&n) => Ok(AllocFail::Rate(n as u8)),
            "every" if n >= 1 => Ok(AllocFail::Every(n)),
            _ => Err(format!("'{s}': {hint}")),
        }
    }
}

/// The faults of one run.
#[derive(Clone, Debug)]
pub struct Faults {
    pub rx_alloc: Option<AllocFail>,
    rng: Seeded,
    allocs: u64,
    /// Allocations failed so far.
    pub rx_alloc_failed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults::new(None, 0)
    }
}

impl Faults {
    pub fn new(rx_alloc: Option<AllocFail>, seed: u64) -> Self {
        // Its own stream: turning a fault on does not change the host's jitter.
        Faults { rx_alloc, rng: Seeded::new(seed ^ 0xFA17_A110C), allocs: 0, rx_alloc_failed: 0 }
    }

    /// One RX buffer allocation: false when it fails.
    pub fn rx_alloc_ok(&mut self) -> bool {
        let Some(f) = self.rx_alloc else { return true };
        self.allocs += 1;
        let fail = match f {
            AllocFail::Rate(p) => self.rng.below(100) < p as u64,
            AllocFail::Every(n) => self.allocs.is_multiple_of(n),
        };
        self.rx_alloc_failed += fail as u64;
        !fail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_or_say_what_to_do() {
        assert_eq!("rate:10".parse(), Ok(AllocFail::Rate(10)));
        assert_eq!("every:3".parse(), Ok(AllocFail::Every(3)));
        for bad in ["rate:0", "rate:101", "every:0", "often", "rate:x"] {
            assert!(bad.parse::<AllocFail>().unwrap_err().contains("rate:P"), "{bad}");
        }
    }

    #[test]
    fn dma_msix_and_reset_specs_parse_or_say_what_to_do() {
        let d: DmaFaults = "write:300:decerr, read:40".parse().unwrap();
        assert_eq!(d.reads, vec![(40, AXI_RESP_SLVERR)]);
        assert_eq!(d.writes, vec![(300, AXI_RESP_DECERR)]);
        for bad in ["read", "read:0", "write:x", "read:3:okay", "copy:3", "read:1:slverr:x"] {
            assert!(bad.parse::<DmaFaults>().unwrap_err().contains("read:N"), "{bad}");
        }
        assert_eq!(parse_msix_faults("delay:5:2us,drop:3"), Ok(vec![MsixFault::Drop(3), MsixFault::Delay(5, 2000)]));
        for bad in ["drop", "drop:0", "delay:3", "lose:1", "drop:1:2"] {
            assert!(parse_msix_faults(bad).unwrap_err().contains("drop:N"), "{bad}");
        }
        assert!(parse_msix_faults("delay:2:soon").unwrap_err().contains("unit"));
        assert_eq!(parse_times("3ms,1ms"), Ok(vec![1_000_000, 3_000_000]));
        assert!(parse_times("1").unwrap_err().contains("no unit"));
    }

    #[test]
    fn patterns_are_deterministic() {
        let mut f = Faults::new(Some(AllocFail::Every(3)), 1);
        let v: Vec<bool> = (0..6).map(|_| f.rx_alloc_ok()).collect();
        assert_eq!(v, [true, true, false, true, true, false]);
        assert_eq!(f.rx_alloc_failed, 2);
        let run = |seed| {
            let mut f = Faults::new(Some(AllocFail::Rate(30)), seed);
            (0..1000).map(|_| f.rx_alloc_ok()).collect::<Vec<_>>()
        };
        assert_eq!(run(5), run(5));
        let fails = run(5).iter().filter(|ok| !**ok).count();
        assert!((200..400).contains(&fails), "{fails}");
    }
}
