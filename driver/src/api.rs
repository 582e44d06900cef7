//! The driver as a validation harness drives it (issue 11): the calls the
//! host kernel makes into a NIC driver, as a trait, so that `nicsim
//! validate` can check any implementation against the NAPI rules. The
//! project's [`Driver`] is one implementation; the test suite wraps it in
//! deliberately broken variants.

use crate::{Driver, DriverConfig, DriverError, HostOps, IrqOutcome, ItrWrite, RxFrame, TxCompletion, TxStatus};

/// A NIC driver as the host model calls it. Semantics of each call are
/// those of the [`Driver`] method of the same name.
pub trait NetDriver {
    /// MSI-X handler (igb_msix_ring / igb_msix_other).
    fn irq(&mut self, host: &mut dyn HostOps, vector: usize) -> IrqOutcome;
    /// napi->poll(): returns the work done; `< budget` means napi_complete_done.
    fn napi_poll(&mut self, host: &mut dyn HostOps, queue: usize, budget: usize, out: &mut Vec<RxFrame>) -> usize;
    /// ndo_start_xmit with the xmit_more hint.
    fn xmit(&mut self, host: &mut dyn HostOps, queue: usize, frame: &[u8], more: bool, token: u64) -> TxStatus;
    fn take_tx_completions(&mut self) -> Vec<TxCompletion>;
    fn tx_queue_stopped(&self, queue: usize) -> bool;
    fn tx_queues(&self) -> usize;
    fn select_queue(&self, frame: &[u8]) -> usize;
    fn queue_vector(&self, queue: usize) -> usize;
    /// The NAPI weight.
    fn weight(&self) -> usize;
    fn counters(&self) -> Vec<(String, u64)>;
    fn device_stats(&mut self, host: &mut dyn HostOps) -> Vec<(String, u64)>;
    fn tx_inflight(&self) -> usize;
    /// Ring indices for the checker (ethtool -d / debugfs view).
    fn rx_next_to_clean(&self, queue: usize) -> Option<usize>;
    fn tx_next_to_clean(&self, queue: usize) -> Option<usize>;
    /// The queue is stopped by its ring or by BQL (netif_xmit_stopped).
    fn tx_queue_xoff(&self, queue: usize) -> bool;
    /// BQL: bytes the queue may still take (dql_avail), and (limit, in flight).
    fn tx_bql_avail(&self, queue: usize) -> i64;
    fn tx_bql(&self, queue: usize) -> (u32, u32);
    /// igb_watchdog_task's periodic counter read; true if it read.
    fn watchdog(&mut self, host: &mut dyn HostOps) -> bool;
    /// Every interval the driver programmed (moderation over time).
    fn itr_history(&self) -> &[ItrWrite];
    /// The MSI-X vector of the non-queue causes.
    fn misc_vector(&self) -> usize;
    /// BQL's limit_min (/sys/class/net/*/queues/tx-N/byte_queue_limits/limit_min).
    fn set_bql_limit_min(&mut self, _queue: usize, _bytes: u32) {}
    /// Issue 11, recovery. When the driver's periodic watchdog task wants to
    /// run next (host ns); None: it has none, or the driver is down.
    fn next_watchdog_ns(&self) -> Option<u64> {
        None
    }
    /// ndo_tx_timeout: dev_watchdog found TX queue `queue` stopped for
    /// longer than watchdog_timeo.
    fn tx_timeout(&mut self, _host: &mut dyn HostOps, _queue: usize) {}
    /// The driver scheduled its reset task (schedule_work); the host runs
    /// [`NetDriver::reset_task`] soon, in process context.
    fn reset_pending(&self) -> bool {
        false
    }
    /// The reset task (down, device reset, up). Every TX frame the driver
    /// frees without sending comes back from `take_tx_completions` with
    /// `reset` set; RX frames written back and not yet handed up are gone.
    fn reset_task(&mut self, _host: &mut dyn HostOps) {}
    /// False once the driver gave up on the device (or was removed): the
    /// stack stops sending to it (netif_device_detach).
    fn is_up(&self) -> bool {
        true
    }
}

/// Builds a driver on a host: probe + open.
pub type ProbeFn = dyn Fn(&mut dyn HostOps, DriverConfig) -> Result<Box<dyn NetDriver>, DriverError> + Send + Sync;

/// The project's driver, probed.
pub fn probe_default(host: &mut dyn HostOps, cfg: DriverConfig) -> Result<Box<dyn NetDriver>, DriverError> {
    Ok(Box::new(Driver::probe(host, cfg)?))
}

impl NetDriver for Driver {
    fn irq(&mut self, host: &mut dyn HostOps, vector: usize) -> IrqOutcome {
        Driver::irq(self, host, vector)
    }
    fn napi_poll(&mut self, host: &mut dyn HostOps, queue: usize, budget: usize, out: &mut Vec<RxFrame>) -> usize {
        Driver::napi_poll(self, host, queue, budget, out)
    }
    fn xmit(&mut self, host: &mut dyn HostOps, queue: usize, frame: &[u8], more: bool, token: u64) -> TxStatus {
        Driver::xmit(self, host, queue, frame, more, token)
    }
    fn take_tx_completions(&mut self) -> Vec<TxCompletion> {
        Driver::take_tx_completions(self)
    }
    fn tx_queue_stopped(&self, queue: usize) -> bool {
        Driver::tx_queue_stopped(self, queue)
    }
    fn tx_queues(&self) -> usize {
        Driver::tx_queues(self)
    }
    fn select_queue(&self, frame: &[u8]) -> usize {
        Driver::select_queue(self, frame)
    }
    fn queue_vector(&self, queue: usize) -> usize {
        Driver::queue_vector(self, queue)
    }
    fn weight(&self) -> usize {
        Driver::weight(self)
    }
    fn counters(&self) -> Vec<(String, u64)> {
        Driver::counters(self)
    }
    fn device_stats(&mut self, host: &mut dyn HostOps) -> Vec<(String, u64)> {
        Driver::device_stats(self, host)
    }
    fn tx_inflight(&self) -> usize {
        Driver::tx_inflight(self)
    }
    fn rx_next_to_clean(&self, queue: usize) -> Option<usize> {
        Driver::rx_next_to_clean(self, queue)
    }
    fn tx_next_to_clean(&self, queue: usize) -> Option<usize> {
        Driver::tx_next_to_clean(self, queue)
    }
    fn tx_queue_xoff(&self, queue: usize) -> bool {
        Driver::tx_queue_xoff(self, queue)
    }
    fn tx_bql_avail(&self, queue: usize) -> i64 {
        Driver::tx_bql_avail(self, queue)
    }
    fn tx_bql(&self, queue: usize) -> (u32, u32) {
        Driver::tx_bql(self, queue)
    }
    fn watchdog(&mut self, host: &mut dyn HostOps) -> bool {
        Driver::watchdog(self, host)
    }
    fn itr_history(&self) -> &[ItrWrite] {
        Driver::itr_history(self)
    }
    fn misc_vector(&self) -> usize {
        Driver::misc_vector(self)
    }
    fn set_bql_limit_min(&mut self, queue: usize, bytes: u32) {
        Driver::set_bql_limit_min(self, queue, bytes)
    }
    fn next_watchdog_ns(&self) -> Option<u64> {
        Driver::next_watchdog_ns(self)
    }
    fn tx_timeout(&mut self, host: &mut dyn HostOps, queue: usize) {
        Driver::tx_timeout(self, host, queue)
    }
    fn reset_pending(&self) -> bool {
        Driver::reset_pending(self)
    }
    fn reset_task(&mut self, host: &mut dyn HostOps) {
        Driver::reset_task(self, host)
    }
    fn is_up(&self) -> bool {
        Driver::is_up(self)
    }
}
