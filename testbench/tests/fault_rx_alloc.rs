//! Issue 11, fault injection: RX buffer allocations that fail. The driver
//! counts them (alloc_rx_buff_failed, igb's name), stops the refill there
//! and retries on the next poll; the checker excuses the short refill of
//! that poll only; every frame is still delivered or dropped as no_desc.

use nicsim_testbench::faults::AllocFail;
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::replay::{replay, ReplayOptions, Timing};
use nicsim_testbench::sim::Drop;

fn run(fail: Option<AllocFail>) -> nicsim_testbench::replay::Replay {
    let frames = generate(&GenConfig { count: 3000, sizes: SizeMix::Fixed(200), seed: 9, ..Default::default() });
    let opts = ReplayOptions {
        ring: 32,
        queues: 2,
        timing: Timing::Rate(10_000_000_000),
        rx_alloc_fail: fail,
        ..ReplayOptions::default()
    };
    replay(&frames, &opts, &mut |_, _| {}).expect("the run ends")
}

#[test]
fn failed_allocations_are_counted_retried_and_lose_nothing() {
    let clean = run(None);
    assert_eq!(clean.ethtool("alloc_rx_buff_failed"), 0);
    for f in [AllocFail::Every(3), AllocFail::Rate(50)] {
        let r = run(Some(f));
        let failed = r.ethtool("alloc_rx_buff_failed");
        assert!(failed > 0, "{f:?}: no failure injected");
        assert_eq!(r.napi.total(), 0, "{f:?}: {:?}", r.napi.first);
        assert_eq!(r.totals.rx_unsettled, 0);
        assert_eq!(r.stranded + r.corrupt, 0);
        assert_eq!(r.delivered() + r.dropped(Drop::NoDesc), r.offered(), "only no_desc drops");
        // The ring shrinks to what the allocations allow (each refill stops at
        // the first failure). Once it is empty no frame lands, no interrupt
        // comes and nothing retries until igb's watchdog task kicks the
        // vector (EICS, every 2 s): this traffic lasts about a millisecond,
        // so later frames are no_desc.
        assert!(r.delivered() > 0, "{f:?}: nothing delivered");
        // Same seed, same faults, same fates.
        let again = run(Some(f));
        assert_eq!(again.totals, r.totals);
        assert_eq!(again.ethtool("alloc_rx_buff_failed"), failed);
    }
}
