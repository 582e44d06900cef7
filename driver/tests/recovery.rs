//! Issue 11: the driver's error, hang-detection and reset paths against the
//! fake device in `common`: igb_clean_tx_irq's "Detected Tx Unit Hang",
//! ndo_tx_timeout, the reset task (down, reset, up) with every in-flight
//! frame handed back, a DMA error seen by the misc handler, a lost MSI-X
//! message, a reset behind the driver's back, and a device that never comes
//! out of reset.

mod common;

use common::{pattern, FakeHost};
use nicsim_driver::*;
use nicsim_hw::regs::*;
use nicsim_hw::rss::HashType;

fn up(queues: usize) -> (FakeHost, Driver) {
    let mut h = FakeHost::with_tx(queues as u32);
    let d = Driver::probe(&mut h, DriverConfig { queues, ..Default::default() }).expect("probe");
    h.clear_log();
    (h, d)
}

fn counter(d: &Driver, name: &str) -> u64 {
    d.counters().into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

fn poll(h: &mut FakeHost, d: &mut Driver, q: usize) -> (usize, Vec<RxFrame>) {
    let mut out = Vec::new();
    let n = d.napi_poll(h, q, 64, &mut out);
    (n, out)
}

const S: u64 = 1_000_000_000;

#[test]
fn a_frame_pending_over_a_second_is_a_tx_hang_once_the_watchdog_armed_the_check() {
    let (mut h, mut d) = up(1);
    d.set_bql_limit_min(0, 1 << 20);
    for i in 0..3u64 {
        d.xmit(&mut h, 0, &pattern(200, i), i < 2, i);
    }
    // The device sends the first frame only; the others hang.
    h.tx_process(0, 1, &[]);
    h.now = S / 2;
    poll(&mut h, &mut d, 0);
    assert_eq!(d.take_tx_completions().len(), 1);
    // Not armed yet (the watchdog runs every 2 s): no check, however old.
    h.now = 3 * S / 2;
    poll(&mut h, &mut d, 0);
    assert_eq!(counter(&d, "tx_hang_detected"), 0);
    assert!(!d.tx_queue_stopped(0));
    h.now = 2 * S;
    assert!(d.watchdog(&mut h), "the watchdog task runs every 2 s");
    poll(&mut h, &mut d, 0);
    assert_eq!(counter(&d, "tx_hang_detected"), 1, "Detected Tx Unit Hang");
    assert!(d.tx_queue_stopped(0), "the queue stops: dev_watchdog times it out next");
    // The check is one-shot per arming.
    poll(&mut h, &mut d, 0);
    assert_eq!(counter(&d, "tx_hang_detected"), 1);

    // A frame younger than a second is not a hang.
    let (mut h, mut d) = up(1);
    h.now = 3 * S / 2;
    d.xmit(&mut h, 0, &pattern(200, 9), false, 9);
    h.now = 2 * S;
    assert!(d.watchdog(&mut h));
    poll(&mut h, &mut d, 0);
    assert_eq!(counter(&d, "tx_hang_detected"), 0, "queued 0.5 s ago");
    assert!(!d.tx_queue_stopped(0));
}

#[test]
fn tx_timeout_resets_and_every_frame_in_flight_comes_back() {
    let (mut h, mut d) = up(2);
    d.set_bql_limit_min(0, 1 << 20);
    for i in 0..5u64 {
        assert_eq!(d.xmit(&mut h, 0, &pattern(300, i), i < 4, 100 + i), TxStatus::Queued);
    }
    // Two go out and are reclaimed; three stay on the ring.
    h.tx_process(0, 2, &[]);
    poll(&mut h, &mut d, 0);
    assert_eq!(d.take_tx_completions().len(), 2);
    // A received frame written back but never polled is freed by the reset.
    assert!(h.dma_frame(1, &pattern(100, 7), 1, HashType::Ipv4));

    assert!(!d.reset_pending());
    d.tx_timeout(&mut h, 0);
    assert_eq!(counter(&d, "tx_timeout_count"), 1);
    assert!(d.reset_pending(), "igb_tx_timeout schedules the reset task");
    assert_eq!(h.writes_to(EICS), vec![0b11], "and kicks the queue vectors");
    d.reset_task(&mut h);
    assert!(!d.reset_pending() && d.is_up());
    assert_eq!(counter(&d, "reset_count"), 1);

    let done = d.take_tx_completions();
    let back: Vec<(u64, bool)> = done.iter().map(|c| (c.token, c.reset)).collect();
    assert_eq!(back, vec![(102, true), (103, true), (104, true)], "oldest first, each marked reset");
    assert_eq!(counter(&d, "tx_inflight"), 0);
    // The device is programmed again from scratch and running.
    assert_eq!(h.reg(CTRL), ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
    assert!(h.enabled(0) && h.enabled(1) && h.tx_enabled(0));
    assert_eq!(h.reg(EIMS), 0b111 | 1 << 2, "queue vectors and misc");
    assert_eq!((h.tail(1), h.tdt(0)), (255, 0), "RX ring refilled, TX ring empty");
    // The frame received before the reset is gone; a new one arrives normally.
    assert_eq!(poll(&mut h, &mut d, 1).1.len(), 0);
    assert!(h.dma_frame(1, &pattern(120, 8), 1, HashType::Ipv4));
    let (_, got) = poll(&mut h, &mut d, 1);
    assert_eq!(got.iter().map(|f| f.data.clone()).collect::<Vec<_>>(), vec![pattern(120, 8)]);
    // And TX works again from slot 0.
    assert_eq!(d.xmit(&mut h, 0, &pattern(80, 1), false, 200), TxStatus::Queued);
    assert_eq!(h.tx_process(0, 8, &[]), vec![pattern(80, 1)]);
    poll(&mut h, &mut d, 0);
    assert_eq!(d.take_tx_completions().iter().map(|c| (c.token, c.reset)).collect::<Vec<_>>(), vec![(200, false)]);
}

#[test]
fn a_dma_error_schedules_a_reset() {
    let (mut h, mut d) = up(1);
    h.set_reg(MISC_CAUSE, misc_cause::DESC_ERR.mask());
    d.irq(&mut h, d.misc_vector());
    assert!(!d.reset_pending(), "a descriptor error alone is counted only");
    h.set_reg(MISC_CAUSE, misc_cause::DMA_ERR.mask());
    assert_eq!(d.irq(&mut h, d.misc_vector()), IrqOutcome::Misc);
    assert!(d.reset_pending());
    d.reset_task(&mut h);
    assert_eq!(counter(&d, "reset_count"), 1);
    assert_eq!(counter(&d, "dma_errors"), 1);
}

#[test]
fn a_lost_msix_message_is_rearmed_at_the_second_watchdog_run() {
    let (mut h, mut d) = up(2);
    // The device fired vector 1 (auto-mask) and the message never arrived.
    h.set_reg(EIMS, h.reg(EIMS) & !(1 << 1));
    h.now = 2 * S;
    assert!(d.watchdog(&mut h));
    assert_eq!(counter(&d, "irq_rearm"), 0, "could still be on its way");
    assert_eq!(h.writes_to(EICS), vec![0b11], "igb's kick of every queue vector");
    h.clear_log();
    h.now = 4 * S;
    assert!(d.watchdog(&mut h));
    assert_eq!(counter(&d, "irq_rearm"), 1);
    assert_eq!(h.writes_to(EICS), vec![1 << 1, 0b11]);
    assert_eq!(h.writes_to(EIMS), vec![1 << 1], "re-enabled");

    // A late message (an interrupt between the two runs) is not lost.
    let (mut h, mut d) = up(2);
    h.set_reg(EIMS, h.reg(EIMS) & !(1 << 0));
    h.now = 2 * S;
    d.watchdog(&mut h);
    assert_eq!(d.irq(&mut h, 0), IrqOutcome::ScheduleNapi(0));
    h.now = 4 * S;
    d.watchdog(&mut h);
    assert_eq!(counter(&d, "irq_rearm"), 0);
    // Nor is a vector masked because its NAPI runs.
    h.now = 6 * S;
    d.watchdog(&mut h);
    assert_eq!(counter(&d, "irq_rearm"), 0);
}

#[test]
fn a_reset_behind_the_drivers_back_is_noticed_by_the_watchdog() {
    let (mut h, mut d) = up(1);
    h.mmio_write32(CTRL, ctrl::RST.val(1)); // the platform, not the driver
    h.now = 2 * S;
    assert!(d.watchdog(&mut h));
    assert_eq!(counter(&d, "reset_detected"), 1);
    assert!(d.reset_pending());
    d.reset_task(&mut h);
    assert_eq!(counter(&d, "reset_count"), 1);
    assert_eq!(h.reg(CTRL), ctrl::RX_EN.val(1) | ctrl::TX_EN.val(1));
}

#[test]
fn a_device_that_never_leaves_reset_leaves_the_driver_down() {
    let (mut h, mut d) = up(1);
    d.xmit(&mut h, 0, &pattern(100, 1), false, 5);
    d.tx_timeout(&mut h, 0);
    h.rst_reads = None; // CTRL.RST reads 1 for ever
    let t0 = h.now;
    d.reset_task(&mut h);
    assert_eq!(h.now - t0, RESET_WAIT_POLLS as u64 * RESET_WAIT_US * 1000, "waited 80 ms");
    assert_eq!(counter(&d, "reset_timeout"), 1);
    assert_eq!(counter(&d, "reset_count"), 0);
    assert!(!d.is_up());
    let back: Vec<(u64, bool)> = d.take_tx_completions().iter().map(|c| (c.token, c.reset)).collect();
    assert_eq!(back, vec![(5, true)], "the frame in flight is still handed back");
    assert_eq!(d.xmit(&mut h, 0, &pattern(100, 2), false, 6), TxStatus::Busy);
    assert_eq!(d.irq(&mut h, 0), IrqOutcome::Spurious);
    assert!(!d.watchdog(&mut h) && d.next_watchdog_ns().is_none());
}
