//! Bus functional models: the host side of every `nic_top` port.
//!
//! * [`HostMem`]: sparse host memory behind an AXI4 slave (the DMA master `m_axi_*`),
//!   which also captures MSI-X messages.
//! * [`AxilMaster`]: the host CPU's MMIO path to BAR0 (`s_axil_*`) with PCIe latency.
//! * [`MacSource`]: the MAC RX side feeding `s_axis_rx_*`.
//! * [`MacSink`]: the MAC TX side taking frames off `m_axis_tx_*`, with a
//!   `tready` stall pattern ([`TxStall`]).
//!
//! # Clocking contract
//! Every BFM keeps its own cycle counter (`now()`), starting at 0, and is used
//! like this once per cycle:
//! ```text
//! let outs = dev.outputs();
//! let mut ins = Inputs::default();
//! mem.drive(&mut ins); axil.drive(&mut ins); mac.drive(&mut ins);
//! mem.edge(&outs, &ins); axil.edge(&outs, &ins); mac.edge(&ins);
//! dev.tick(&ins);
//! ```
//! `drive` sets the BFM's outputs for the current cycle from BFM state only
//! (like a register), so there is no combinational path through the device.
//! `edge` observes the handshakes of the cycle (valid && ready, both sampled
//! in this cycle), updates state and advances `now()` by one.
//!
//! # Idle skipping
//! Each BFM reports the next cycle at which it will drive something new on its
//! own (`next_event_cycle` / `next_start_cycle`; `None` = nothing scheduled)
//! and can jump ahead with `skip(n)`, which must not jump over that cycle.
//! The owner may skip `n` cycles only when the device is quiescent and every
//! BFM's next event is at or after `now() + n`.

mod axil;
mod host_mem;
mod mac;
mod mac_tx;

pub use axil::{AxilConfig, AxilMaster, AxilStats, ReadTicket};
pub use host_mem::{
    HostMem, HostMemConfig, HostMemStats, Msi, HEAP_BASE, MAX_OUTSTANDING_WRITES, MSI_BASE, MSI_END, PAGE_SIZE,
};
pub use mac::{FrameRecord, MacFrame, MacSource, MIN_FRAME_LEN};
pub use mac_tx::{MacSink, SinkFrame, TxStall};

/// Picoseconds per device clock cycle at the default clock (250 MHz).
pub const PS_PER_CYCLE: u64 = 4000;
const _: () = assert!(PS_PER_CYCLE == nicsim_hw::CLOCK_PS);

/// The device clock of a run (`--clock-mhz`): the length of one cycle in
/// picoseconds. Every conversion between host time and cycles goes through
/// it; the model itself only counts cycles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    ps: u64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { ps: PS_PER_CYCLE }
    }
}

impl Clock {
    /// Slowest and fastest clocks accepted (the device's CYCLES_PER_US is 1..1000).
    pub const MIN_MHZ: f64 = 1.0;
    pub const MAX_MHZ: f64 = 1000.0;

    /// A clock of `mhz` MHz; its period is rounded to a whole picosecond
    /// (156.25 MHz and 250 MHz are exact).
    pub fn from_mhz(mhz: f64) -> Result<Clock, String> {
        if !(Self::MIN_MHZ..=Self::MAX_MHZ).contains(&mhz) {
            return Err(format!("--clock-mhz {mhz}: use {}..={} MHz", Self::MIN_MHZ, Self::MAX_MHZ));
        }
        Ok(Clock { ps: (1e6 / mhz).round() as u64 })
    }
    /// Picoseconds per cycle.
    pub const fn period_ps(self) -> u64 {
        self.ps
    }
    /// The clock in MHz.
    pub fn mhz(self) -> f64 {
        1e6 / self.ps as f64
    }
    /// The device's CYCLES_PER_US for this clock: the MHz, rounded.
    pub fn cycles_per_us(self) -> u64 {
        (1_000_000 + self.ps / 2) / self.ps
    }
    /// Nanoseconds to cycles, rounding up (an event is never scheduled early).
    #[inline]
    pub const fn ns_to_cycles_ceil(self, ns: u64) -> u64 {
        // In u128: ns * 1000 leaves u64 after 213 days, and a capture can span decades.
        saturate((ns as u128 * 1000).div_ceil(self.ps as u128))
    }
    /// Picoseconds to cycles, rounding up.
    #[inline]
    pub const fn ps_to_cycles_ceil(self, ps: u128) -> u64 {
        saturate(ps.div_ceil(self.ps as u128))
    }
    /// The start of `cycle` in picoseconds.
    #[inline]
    pub const fn ps_of(self, cycle: u64) -> u128 {
        cycle as u128 * self.ps as u128
    }
    /// Cycles to nanoseconds (rounded down; exact at 250 MHz, 4 ns a cycle).
    #[inline]
    pub const fn ns_of(self, cycles: u64) -> u64 {
        saturate(cycles as u128 * self.ps as u128 / 1000)
    }
}

/// `x` as u64, or u64::MAX when it does not fit (a time past 584 000 years of cycles).
const fn saturate(x: u128) -> u64 {
    if x > u64::MAX as u128 {
        u64::MAX
    } else {
        x as u64
    }
}

/// Nanoseconds to cycles at the default clock, rounding up.
#[inline]
pub const fn ns_to_cycles_ceil(ns: u64) -> u64 {
    Clock { ps: PS_PER_CYCLE }.ns_to_cycles_ceil(ns)
}

/// Picoseconds to cycles at the default clock, rounding up.
#[inline]
pub const fn ps_to_cycles_ceil(ps: u64) -> u64 {
    ps.div_ceil(PS_PER_CYCLE)
}

/// Cycles to nanoseconds at the default clock (exact: a cycle is 4 ns).
#[inline]
pub const fn cycles_to_ns(cycles: u64) -> u64 {
    cycles * (PS_PER_CYCLE / 1000)
}

/// Small seeded PRNG (splitmix64). Deterministic across platforms, so a run
/// is reproducible from its seed; not for cryptography.
#[derive(Clone, Debug)]
pub struct Seeded {
    state: u64,
}

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Seeded { state: seed }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is < n / 2^64, negligible
    /// here). Returns 0 for `n == 0`.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_conversions() {
        assert_eq!(ns_to_cycles_ceil(0), 0);
        assert_eq!(ns_to_cycles_ceil(1), 1);
        assert_eq!(ns_to_cycles_ceil(4), 1);
        assert_eq!(ns_to_cycles_ceil(5), 2);
        assert_eq!(ns_to_cycles_ceil(500), 125);
        assert_eq!(cycles_to_ns(125), 500);
        assert_eq!(ps_to_cycles_ceil(4001), 2);
    }

    #[test]
    fn seeded_is_deterministic_and_bounded() {
        let mut a = Seeded::new(42);
        let mut b = Seeded::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Seeded::new(1).next_u64(), Seeded::new(2).next_u64());
        let mut r = Seeded::new(7);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let v = r.below(5);
            assert!(v < 5);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }
}
