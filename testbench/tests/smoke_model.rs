use nicsim_model::{Nic, NicConfig};
use nicsim_testbench::gen::{generate, GenConfig, SizeMix};
use nicsim_testbench::sim::{Offer, Sim, SimConfig};

#[test]
fn smoke() {
    let frames = generate(&GenConfig { count: 5000, sizes: SizeMix::Imix, ..Default::default() });
    let dev = Box::new(Nic::new(NicConfig::default()).unwrap());
    let mut cfg = SimConfig::default();
    cfg.driver.queues = 4;
    let mut sim = Sim::new(dev, cfg).expect("probe");
    eprintln!("probed at cycle {} t0 {}", sim.core.cycle, sim.t0);
    sim.offer(
        frames
            .iter()
            .map(|f| Offer { offset_cycles: (f.ts_ns - frames[0].ts_ns) / 4, bytes: f.data.clone() })
            .collect(),
    );
    sim.run(&mut |f, c| {
        if c % (1 << 16) == 0 {
            eprintln!("settled {f} cycle {c}")
        }
    })
    .expect("run");
    let delivered = sim.core.fates.iter().filter(|f| f.delivered).count();
    let dropped = sim.core.fates.iter().filter(|f| f.drop.is_some()).count();
    let corrupt = sim.core.fates.iter().filter(|f| f.corrupt).count();
    eprintln!(
        "cycles {} delivered {} dropped {} corrupt {} irqs {} polls {} stranded {} perr {}",
        sim.core.cycle,
        delivered,
        dropped,
        corrupt,
        sim.host.irqs,
        sim.host.napi_polls,
        sim.stranded.len(),
        sim.core.protocol_errors
    );
    eprintln!("{:?}", sim.ethtool_stats());
    assert_eq!(delivered + dropped, 5000);
    assert_eq!(corrupt, 0);
}
