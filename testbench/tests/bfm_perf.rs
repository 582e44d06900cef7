//! Throughput of the three BFMs in the simulation loop (no device).
//! `cargo test --release -p nicsim-testbench --test bfm_perf -- --ignored --nocapture`

use std::time::Instant;

use nicsim_hw::ports::{Inputs, Outputs};
use nicsim_testbench::bfm::{AxilMaster, HostMem, HostMemConfig, MacSource};

#[test]
#[ignore]
fn bfm_loop_throughput() {
    let mut mem = HostMem::new(HostMemConfig { read_latency: 125, max_outstanding_reads: 8, ..Default::default() });
    let base = mem.alloc(1 << 20, 4096);
    let mut axil = AxilMaster::default();
    let frames: Vec<Vec<u8>> = (0..200_000).map(|i| vec![i as u8; 64 + (i % 1400)]).collect();
    let mut mac = MacSource::back_to_back(frames);
    // A device that keeps reading 16-beat bursts and streaming writes, always ready.
    let mut outs = Outputs {
        m_axi_arvalid: true,
        m_axi_arlen: 15,
        m_axi_arsize: 3,
        m_axi_arburst: 1,
        m_axi_rready: true,
        m_axi_bready: true,
        ..Default::default()
    };
    const N: u64 = 20_000_000;
    let t = Instant::now();
    for c in 0..N {
        outs.m_axi_araddr = base + ((c * 128) & 0xF_FF80);
        let mut ins = Inputs::default();
        mem.drive(&mut ins);
        axil.drive(&mut ins);
        mac.drive(&mut ins);
        mem.edge(&outs, &ins);
        axil.edge(&outs, &ins);
        mac.edge(&ins);
        std::hint::black_box(&ins);
    }
    let dt = t.elapsed().as_secs_f64();
    let s = mem.stats();
    println!("{:.1} M cycles/s; {} read beats, {} frames", N as f64 / dt / 1e6, s.read_beats, mac.frames_sent());
    assert!(s.read_beats > N / 2);
}
