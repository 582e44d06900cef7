//! The hardware interface of the nicsim NIC, shared by the cycle model, the
//! driver and the testbench: what a Linux driver would find in its
//! `*_hw.h` / `*_regs.h` headers, plus the port list of `nic_top`.
//!
//! Nothing here holds device state.

pub mod axil;
pub mod desc;
pub mod parse;
pub mod ports;
pub mod regs;
pub mod rss;

/// Clock period of the single device clock at its default 250 MHz
/// (`--clock-mhz` sets another for a run).
pub const CLOCK_PS: u64 = 4000;
/// Cycles per microsecond at the default clock: the default of nic_top's
/// CYCLES_PER_US and `NicConfig::cycles_per_us` (interrupt moderation's time base).
pub const CYCLES_PER_US: u64 = 250;
/// Most RX queues a build can have (the RXQ register files of the map).
pub const MAX_QUEUES: usize = regs::RXQ_COUNT;
/// MSI-X vectors of a build with `queues` RX queues: one per queue plus misc.
pub const fn vectors(queues: usize) -> usize {
    queues + 1
}

/// A device clocked by the testbench: the seam between engines
/// (cycle model, Verilated RTL, lockstep pair) and the bus functional models.
pub trait Device {
    /// Output ports during the current cycle (registered: a function of state only).
    fn outputs(&self) -> &ports::Outputs;
    /// One rising clock edge with `inputs` sampled; returns the outputs of the
    /// next cycle (by reference: the port struct is large and this runs every cycle).
    fn tick(&mut self, inputs: &ports::Inputs) -> &ports::Outputs;
    /// True when ticking with idle inputs provably changes nothing
    /// (see "Quiescence" in docs/ARCHITECTURE.md).
    fn quiescent(&self) -> bool;
    /// Cycles from now on which ticking with idle inputs changes nothing but
    /// time (armed timers may count down): `u64::MAX` when `quiescent()`,
    /// 0 when busy. An engine that cannot skip a running timer keeps the
    /// default.
    fn idle_cycles(&self) -> u64 {
        if self.quiescent() {
            u64::MAX
        } else {
            0
        }
    }
    /// Skip `n` idle cycles, `n <= idle_cycles()`; identical to ticking `n`
    /// times with idle inputs.
    fn skip(&mut self, n: u64);
}
