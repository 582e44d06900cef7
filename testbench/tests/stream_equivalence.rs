//! The streamed replay (what `nicsim replay` runs: frames pulled as
//! needed, results handed to a sink as they settle, settled frames
//! forgotten) gives exactly the results of the replay that keeps every
//! frame (what the tests and benches use).

use nicsim_testbench::bfm::TxStall;
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::pcap::Frame;
use nicsim_testbench::replay::{replay_rx_tx, replay_stream, FrameSource, ReplayOptions, Timing};
use nicsim_testbench::sim::{Fate, RunSink, TxFate};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Default)]
struct Collected {
    rx: BTreeMap<usize, Fate>,
    delivery: Vec<usize>,
    tx: BTreeMap<usize, TxFate>,
    wire: Vec<(u64, Vec<u8>)>,
    order_ok: bool,
}

/// Keeps what it is given, and checks that fates arrive in offer order.
struct Collect(Rc<RefCell<Collected>>, usize, usize);

impl RunSink for Collect {
    fn rx_fate(&mut self, index: usize, fate: &Fate, _: &[u8]) -> Result<(), String> {
        let mut c = self.0.borrow_mut();
        c.order_ok &= index == self.1;
        self.1 += 1;
        c.rx.insert(index, fate.clone());
        Ok(())
    }
    fn rx_delivered(&mut self, index: usize, _: &Fate, _: &[u8]) -> Result<(), String> {
        self.0.borrow_mut().delivery.push(index);
        Ok(())
    }
    fn tx_fate(&mut self, index: usize, fate: &TxFate) -> Result<(), String> {
        let mut c = self.0.borrow_mut();
        c.order_ok &= index == self.2;
        self.2 += 1;
        c.tx.insert(index, fate.clone());
        Ok(())
    }
    fn tx_wire(&mut self, ns: u64, bytes: &[u8]) -> Result<(), String> {
        self.0.borrow_mut().wire.push((ns, bytes.to_vec()));
        Ok(())
    }
}

fn source(frames: &[Frame]) -> FrameSource {
    // Owned: a source outlives the caller's slice.
    let owned: Vec<Frame> = frames.to_vec();
    Box::new(owned.into_iter().map(Ok))
}

fn same(ctx: &str, rx: &[Frame], tx: &[Frame], opts: &ReplayOptions) {
    let kept = replay_rx_tx(rx, tx, opts, &mut |_, _| {}).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    let got = Rc::new(RefCell::new(Collected { order_ok: true, ..Default::default() }));
    let sink = Box::new(Collect(got.clone(), 0, 0));
    let (r, _) = replay_stream(
        (!rx.is_empty()).then(|| source(rx)),
        (!tx.is_empty()).then(|| source(tx)),
        opts,
        sink,
        &mut |_, _| {},
    )
    .unwrap_or_else(|f| panic!("{ctx}: {}", f.error));
    let c = got.borrow();
    assert!(c.order_ok, "{ctx}: fates not handed over in offer order");
    assert_eq!(r.totals, kept.totals, "{ctx}: totals");
    assert_eq!(c.rx.values().cloned().collect::<Vec<_>>().len(), kept.fates.len(), "{ctx}");
    for (i, f) in kept.fates.iter().enumerate() {
        assert_eq!(format!("{:?}", c.rx[&i]), format!("{f:?}"), "{ctx}: RX frame {i}");
    }
    assert_eq!(c.delivery, kept.delivery_order, "{ctx}: delivery order");
    assert_eq!(c.tx.values().cloned().collect::<Vec<_>>(), kept.tx.fates, "{ctx}: TX fates");
    assert_eq!(c.wire, kept.tx.wire, "{ctx}: wire");
    assert_eq!((r.cycles, r.irqs, r.napi_polls), (kept.cycles, kept.irqs, kept.napi_polls), "{ctx}");
    assert!(r.fates.is_empty() && r.frames.is_empty(), "{ctx}: the streamed result kept frames");
}

#[test]
fn streamed_equals_kept() {
    let gen = |count, sizes, seed| {
        generate(&GenConfig { count, flows: 32, sizes, rate_bps: 10_000_000_000, seed, ..GenConfig::default() })
    };
    let rx = gen(3000, SizeMix::Imix, 3);
    let tx = gen(2000, SizeMix::Imix, 4);
    let base = ReplayOptions { queues: 4, ring: 64, ..ReplayOptions::default() };
    same("rx topspeed, small ring (drops)", &rx, &[], &ReplayOptions { timing: Timing::TopSpeed, ..base.clone() });
    same("rx+tx 10G", &rx, &tx, &ReplayOptions { timing: Timing::Rate(10_000_000_000), ..base.clone() });
    same(
        "tx with a stalled MAC",
        &[],
        &tx,
        &ReplayOptions { tx_stall: TxStall::Random { pct: 60 }, tx_ring: Some(16), ..base.clone() },
    );
    let jumbo = gen(300, SizeMix::Jumbo, 5);
    same("jumbo original timing", &jumbo, &jumbo, &ReplayOptions { mtu: 9000, ..base });
}
