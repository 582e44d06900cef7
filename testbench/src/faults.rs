//! Fault injection (issue 11, part 3; so far: RX buffer allocation
//! failure). A fault is a seeded, deterministic pattern: the same seed
//! fails the same allocations.

use crate::bfm::Seeded;
use std::str::FromStr;

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
