//! Host driver for the nicsim NIC, written the way Linux igb/ixgbe work:
//! probe/open programs the device through BAR0, RX rings are cleaned in NAPI
//! polls, MSI-X vectors are auto-masked on fire and re-enabled (EIMS) when a
//! poll completes.
//!
//! The driver sees the world only through [`HostOps`] (MMIO, DMA memory, MSI
//! messages, CPU cost accounting). The kernel around it — deciding when an
//! interrupt handler runs, keeping the NAPI schedule, calling `napi_poll`
//! again while it returns the full budget — belongs to the host model in
//! the testbench.
//!
//! Vector layout (igb's "one q_vector per queue" plus "other" vector):
//! RX queue q and TX queue q signal MSI-X vector q (one q_vector, one NAPI
//! instance for the pair); the device's last vector
//! (CAPS.VECTORS - 1 = CAPS.RXQ) carries the misc/error causes.
//!
//! Transmit (see `tx.rs`): the stack picks a queue with [`Driver::select_queue`]
//! (the RX hash and RETA, so a flow sends on the queue it receives on),
//! hands frames to [`Driver::xmit`] with an xmit_more hint, and must stop
//! feeding a queue while [`Driver::tx_queue_stopped`]. The NAPI poll of
//! queue q reclaims TX completions first (up to [`TX_WORK_LIMIT`] frames,
//! outside the RX budget) and may wake the queue; completions are collected
//! with [`Driver::take_tx_completions`].

pub mod api;
pub mod bql;
pub mod config;
pub mod dim;
pub mod error;
pub mod host;
mod rx;
mod tx;

pub use api::{NetDriver, ProbeFn};
pub use config::{DriverConfig, ItrSetting, SPEED_1000};
pub use dim::{Dim, DimPeriodMode, DimProfile};

pub use error::DriverError;
pub use host::{Cost, HostOps};
pub use nicsim_hw::rss::HashType;
pub use rx::RX_BUFFER_WRITE;
pub use tx::{TxCompletion, TxDropReason, TxStatus, TX_WORK_LIMIT};

use dim::DimSample;
use nicsim_hw::regs::*;
use nicsim_hw::rss::{hash_frame, Toeplitz};
use rx::RxRing;
use tx::TxRing;

/// RSS_CTRL as the driver programs it: RSS on, every hash type enabled.
const RSS_CTRL_ALL: u8 = 0x7f;

/// Register-map major version this driver implements.
pub const SUPPORTED_MAJOR: u32 = 1;
/// CTRL reads after a reset before `probe` gives up.
pub const RESET_POLLS: u32 = 100;

/// A received frame as handed to the stack (the skb).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RxFrame {
    pub queue: usize,
    pub data: Vec<u8>,
    /// RSS hash from the EOP descriptor (skb->hash); 0 for type none.
    pub hash: u32,
    pub hash_type: HashType,
}

/// What the interrupt handler asks of the host kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IrqOutcome {
    /// napi_schedule() for this queue: the host must call `napi_poll(queue)`
    /// (in softirq context) until it returns less than the budget.
    ScheduleNapi(usize),
    /// The misc vector; fully handled inside `irq` (causes read, cleared,
    /// counted, vector re-enabled). Nothing else to do.
    Misc,
    /// Not a vector this driver uses, or the driver is removed.
    Spurious,
}

/// Driver-wide software counters (the per-queue ones live in the rings).
#[derive(Debug, Default, Clone)]
struct Counters {
    irqs_misc: u64,
    irqs_spurious: u64,
    dma_errors: u64,
    desc_errors: u64,
    reg_errors: u64,
    napi_polls: u64,
    napi_complete: u64,
    /// Issue 11: dev_watchdog timeouts (igb's tx_timeout_count), reset
    /// task runs, resets the device never finished, vectors re-armed after a
    /// lost interrupt, and device resets the driver did not ask for.
    tx_timeout_count: u64,
    resets: u64,
    reset_timeout: u64,
    irq_rearm: u64,
    reset_detected: u64,
}

/// igb's ITR values, in its EITR unit of 0.25 us (igb.h).
pub const IGB_START_ITR: u32 = 648; // ~6000 ints/s
pub const IGB_70K_ITR: u32 = 56;
pub const IGB_20K_ITR: u32 = 196;
pub const IGB_4K_ITR: u32 = 980;
/// igb's watchdog period: device counters are read this often (ns), so a
/// 32-bit register never wraps twice between two reads.
pub const STATS_PERIOD_NS: u64 = 2_000_000_000;

/// igb_watchdog_task's period (`round_jiffies(jiffies + 2 * HZ)`).
pub const WATCHDOG_TASK_NS: u64 = STATS_PERIOD_NS;
/// After a reset request, CTRL reads until the device is out of reset, one
/// every [`RESET_WAIT_US`]: igb's e1000_disable_pcie_master waits up to
/// MASTER_DISABLE_TIMEOUT (800) times 100 us for the bus master to stop,
/// which is what this device's reset waits for.
pub const RESET_WAIT_POLLS: u32 = 800;
pub const RESET_WAIT_US: u64 = 100;

/// igb's latency classes of igb_update_itr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Latency {
    #[default]
    Lowest,
    Low,
    Bulk,
}

/// Work done by one direction of a vector since the last ITR update
/// (igb_ring_container: total_packets, total_bytes, itr).
#[derive(Clone, Copy, Debug, Default)]
struct RingContainer {
    packets: u64,
    bytes: u64,
    itr: Latency,
}

impl RingContainer {
    /// igb_update_itr: the next latency class from the work since the last
    /// update; no packets leaves it unchanged.
    fn update_itr(&mut self) {
        let (packets, bytes) = (self.packets, self.bytes);
        if packets == 0 {
            return;
        }
        let per = bytes / packets;
        self.itr = match self.itr {
            Latency::Lowest => {
                if per > 8000 {
                    Latency::Bulk
                } else if packets < 5 && bytes > 512 {
                    Latency::Low
                } else {
                    Latency::Lowest
                }
            }
            Latency::Low => {
                if bytes > 10000 {
                    if per > 8000 || packets < 10 || per > 1200 {
                        Latency::Bulk
                    } else if packets > 35 {
                        Latency::Lowest
                    } else {
                        Latency::Low
                    }
                } else if per > 2000 {
                    Latency::Bulk
                } else if packets <= 2 && bytes < 512 {
                    Latency::Lowest
                } else {
                    Latency::Low
                }
            }
            Latency::Bulk => {
                if bytes > 25000 {
                    if packets > 35 {
                        Latency::Low
                    } else {
                        Latency::Bulk
                    }
                } else if bytes < 1500 {
                    Latency::Low
                } else {
                    Latency::Bulk
                }
            }
        };
        self.packets = 0;
        self.bytes = 0;
    }
}

/// One queue vector's moderation state (igb_q_vector: itr_val, set_itr,
/// and its RX and TX ring containers), and with `--dim` its DIM instance
/// and the counters DIM samples.
#[derive(Clone, Debug)]
struct QVector {
    /// The interval, igb units of 0.25 us (itr_val).
    itr_val: u32,
    /// A new itr_val waits for the next interrupt to be written (set_itr).
    set_itr: bool,
    rx: RingContainer,
    tx: RingContainer,
    dim: Option<Dim>,
    /// Interrupts of this vector (a DIM event counter, as a CQ's event_ctr).
    events: u16,
    /// RX packets and bytes so far, wrapping as the kernel's ring stats
    /// are sampled into struct dim_sample.
    rx_pkts: u32,
    rx_bytes: u32,
}

/// One write of a vector's interval register, for the ITR-over-time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItrWrite {
    /// Host time of the write.
    pub ns: u64,
    pub vector: usize,
    /// Interval programmed, microseconds (0 = moderation off).
    pub usecs: u16,
}

/// A free-running 32-bit device counter widened to 64 bits in software.
#[derive(Debug, Clone)]
struct HwStat {
    name: String,
    addr: u32,
    last: u32,
    total: u64,
}

impl HwStat {
    fn new(name: impl Into<String>, addr: u32) -> Self {
        // The device reset in probe zeroes every counter.
        HwStat { name: name.into(), addr, last: 0, total: 0 }
    }
}

/// One bound nicsim device (igb_adapter).
#[derive(Debug)]
pub struct Driver {
    cfg: DriverConfig,
    /// CAPS.RXQ: queues the device has (cfg.queues <= this).
    dev_queues: usize,
    misc_vector: usize,
    rings: Vec<RxRing>,
    /// One per RX queue, or none when the device has no TX (CAPS.TXQ = 0).
    tx_rings: Vec<TxRing>,
    /// Completions reclaimed by napi_poll, until the stack takes them.
    tx_done: Vec<TxCompletion>,
    /// Software copy of what was programmed, for transmit queue selection.
    toeplitz: Toeplitz,
    reta: [u8; 128],
    counters: Counters,
    hw_stats: Vec<HwStat>,
    /// Per queue vector: adaptive moderation state.
    qv: Vec<QVector>,
    itr_log: Vec<ItrWrite>,
    /// Host time of the last device-counter read (igb_watchdog).
    last_stats_ns: u64,
    up: bool,
    /// Issue 11: reset_task is scheduled (schedule_work(&adapter->reset_task)).
    reset_requested: bool,
    /// Per vector (queue vectors, then misc): the driver left it enabled and
    /// expects an interrupt (not inside irq .. napi_complete), it read
    /// masked at the last watchdog run, and an interrupt came since then.
    armed: Vec<bool>,
    suspect: Vec<bool>,
    irq_seen: Vec<bool>,
}

impl Driver {
    /// igb_probe + igb_open: find the device, reset it, program RSS,
    /// interrupts and the RX rings, and start reception.
    ///
    /// Nothing is written to the device before the configuration and the
    /// device identity have been checked.
    pub fn probe(host: &mut dyn HostOps, cfg: DriverConfig) -> Result<Driver, DriverError> {
        cfg.validate()?;

        // ---- identify (igb_probe: read the part, refuse what we do not know)
        let id = host.mmio_read32(ID);
        if id != id::RESET {
            return Err(DriverError::NoDevice(id));
        }
        let ver = host.mmio_read32(VERSION);
        let (major, minor) = (version::MAJOR.get(ver), version::MINOR.get(ver));
        if major != SUPPORTED_MAJOR {
            return Err(DriverError::Version { major, minor });
        }
        let caps_reg = host.mmio_read32(CAPS);
        let dev_queues = caps::RXQ.get(caps_reg) as usize;
        let dev_tx_queues = caps::TXQ.get(caps_reg) as usize;
        let vectors = caps::VECTORS.get(caps_reg) as usize;
        if !(1..=RXQ_COUNT).contains(&dev_queues) || vectors != nicsim_hw::vectors(dev_queues) {
            return Err(DriverError::BadCaps { caps: caps_reg, rxq: dev_queues, vectors });
        }
        if cfg.queues > dev_queues {
            return Err(DriverError::TooManyQueues { requested: cfg.queues, available: dev_queues });
        }
        // A device without TX (CAPS.TXQ = 0, an RX-only build) is driven RX only.
        let tx = dev_tx_queues > 0;
        if tx && dev_tx_queues < cfg.queues {
            return Err(DriverError::TooFewTxQueues { requested: cfg.queues, available: dev_tx_queues });
        }
        let misc_vector = vectors - 1;

        // ---- reset (igb_reset / e1000_reset_hw: CTRL.RST, wait for it to clear)
        host.mmio_write32(CTRL, ctrl::RST.val(1));
        let mut done = false;
        for _ in 0..RESET_POLLS {
            if ctrl::RST.get(host.mmio_read32(CTRL)) == 0 {
                done = true;
                break;
            }
        }
        if !done {
            return Err(DriverError::ResetTimeout(RESET_POLLS));
        }

        // ---- rings (igb_setup_rx_resources / igb_setup_tx_resources):
        // TX queue q shares RX queue q's vector (igb pairs them in a q_vector).
        let rings: Vec<RxRing> =
            (0..cfg.queues).map(|q| RxRing::alloc(host, q, q, cfg.ring_size, cfg.buf_size)).collect();
        let tx_rings: Vec<TxRing> = if tx {
            (0..cfg.queues)
                .map(|q| TxRing::alloc(host, q, q, cfg.tx_ring_size, cfg.tx_buf, cfg.tx_desc_needed()))
                .collect()
        } else {
            Vec::new()
        };

        // igb_alloc_q_vector: a fixed or off setting is the interval; the
        // dynamic ones start at IGB_START_ITR and adapt per poll.
        // With DIM the vector starts at DIM's default profile
        // (net_dim_get_def_rx_moderation, as mlx5e_reset_rx_moderation).
        let itr_val = match (cfg.itr_setting(), cfg.dim) {
            (ItrSetting::Off, _) => 0,
            (ItrSetting::Fixed(u), _) => (u as u32) << 2,
            (_, Some(mode)) => (mode.default_profile().usec as u32) << 2,
            (ItrSetting::Dynamic | ItrSetting::Conservative, None) => IGB_START_ITR,
        };
        let q0 = QVector {
            itr_val,
            set_itr: true,
            rx: Default::default(),
            tx: Default::default(),
            dim: cfg.dim.map(Dim::new),
            events: 0,
            rx_pkts: 0,
            rx_bytes: 0,
        };
        let qv = vec![q0; cfg.queues];

        let mut hw_stats = vec![
            HwStat::new("rx_offered", STAT_RX_OFFERED),
            HwStat::new("rx_pkts_nic", STAT_RX_PACKETS),
            HwStat::new("rx_bytes_nic", STAT_RX_BYTES),
            HwStat::new("rx_long_length_errors", STAT_RX_OVERSIZE),
            HwStat::new("rx_no_buffer_count", STAT_RX_NO_DESC),
            HwStat::new("rx_missed_errors", STAT_RX_FIFO_FULL),
            HwStat::new("rx_crc_errors", STAT_RX_MAC_ERR),
            HwStat::new("dma_errors_nic", STAT_DMA_ERR),
            HwStat::new("desc_errors_nic", STAT_DESC_ERR),
            HwStat::new("reg_errors_nic", STAT_REG_ERR),
            HwStat::new("msix_sent", STAT_MSIX_SENT),
        ];
        for q in 0..cfg.queues {
            hw_stats.push(HwStat::new(format!("rx_queue_{q}_pkts_nic"), rxq_reg(q, rxq::PACKETS)));
            hw_stats.push(HwStat::new(format!("rx_queue_{q}_bytes_nic"), rxq_reg(q, rxq::BYTES)));
            // igb's name for RQDPC, the per-queue no-descriptor drops.
            hw_stats.push(HwStat::new(format!("rx_queue_{q}_drops"), rxq_reg(q, rxq::NO_DESC)));
        }
        if tx {
            hw_stats.push(HwStat::new("tx_pkts_nic", STAT_TX_PACKETS));
            hw_stats.push(HwStat::new("tx_bytes_nic", STAT_TX_BYTES));
            hw_stats.push(HwStat::new("tx_errors_nic", STAT_TX_ERR));
            for q in 0..cfg.queues {
                hw_stats.push(HwStat::new(format!("tx_queue_{q}_pkts_nic"), txq_reg(q, txq::PACKETS)));
                hw_stats.push(HwStat::new(format!("tx_queue_{q}_bytes_nic"), txq_reg(q, txq::BYTES)));
                hw_stats.push(HwStat::new(format!("tx_queue_{q}_errors_nic"), txq_reg(q, txq::ERRORS)));
            }
        }

        let toeplitz = Toeplitz::new(&cfg.rss_key);
        let soft_reta: [u8; 128] = std::array::from_fn(|e| (e % cfg.queues) as u8);
        let nvec = cfg.queues + 1;
        let mut d = Driver {
            cfg,
            dev_queues,
            misc_vector,
            rings,
            tx_rings,
            tx_done: Vec::new(),
            toeplitz,
            reta: soft_reta,
            counters: Counters::default(),
            hw_stats,
            qv,
            itr_log: Vec::new(),
            last_stats_ns: host.now_ns(),
            up: true,
            reset_requested: false,
            armed: vec![true; nvec],
            suspect: vec![false; nvec],
            irq_seen: vec![false; nvec],
        };
        d.configure(host, false);
        Ok(d)
    }

    /// igb_configure + igb_up: program a device fresh from reset for the
    /// rings the driver holds, and start it. `reinit`: after a reset the
    /// rings start over empty and are refilled (igb_alloc_rx_buffers);
    /// at probe their descriptors were written when they were allocated.
    fn configure(&mut self, host: &mut dyn HostOps, reinit: bool) {
        let cfg = &self.cfg;
        let tx = !self.tx_rings.is_empty();
        let misc_vector = self.misc_vector;
        host.mmio_write32(MTU, mtu::MTU.val(cfg.mtu));

        // ---- RSS (igb_setup_mrqc): key, redirection table, hash types
        for i in 0..10 {
            let k = &cfg.rss_key[4 * i..4 * i + 4];
            host.mmio_write32(rss_key(i), u32::from_be_bytes([k[0], k[1], k[2], k[3]]));
        }
        let entry_fields = [reta::Q0, reta::Q1, reta::Q2, reta::Q3];
        for i in 0..RETA_COUNT {
            let word = entry_fields.iter().enumerate().fold(0u32, |w, (j, f)| f.set(w, self.reta[4 * i + j] as u32));
            host.mmio_write32(reta(i), word);
        }
        let rss_all = [
            rss_ctrl::EN,
            rss_ctrl::IPV4,
            rss_ctrl::IPV4_TCP,
            rss_ctrl::IPV4_UDP,
            rss_ctrl::IPV6,
            rss_ctrl::IPV6_TCP,
            rss_ctrl::IPV6_UDP,
        ]
        .iter()
        .fold(0u32, |w, f| f.set(w, 1));
        host.mmio_write32(RSS_CTRL, rss_all);

        // ---- interrupts (igb_configure_msix / igb_request_msix)
        let used_vectors: Vec<usize> = (0..cfg.queues).chain(std::iter::once(misc_vector)).collect();
        let used_mask = used_vectors.iter().fold(0u32, |m, &v| m | (1 << v));
        for (v, q) in self.qv.iter_mut().enumerate() {
            // igb_assign_vector: the interval is written again (set_itr).
            q.set_itr = true;
            Self::write_itr(host, v, q, cfg.rx_frames, cfg.tx_frames, tx, &mut self.itr_log);
        }
        // The misc vector fires at once.
        host.mmio_write32(vec_itr(misc_vector), 0);
        for &v in &used_vectors {
            let (addr, data) = host.msi_message(v);
            host.mmio_write32(msix_reg(v, msix::ADDR_LO), addr as u32);
            host.mmio_write32(msix_reg(v, msix::ADDR_HI), (addr >> 32) as u32);
            host.mmio_write32(msix_reg(v, msix::DATA), data);
            host.mmio_write32(msix_reg(v, msix::VCTRL), msix::vctrl::MASK.val(0));
        }
        host.mmio_write32(MSIX_CTRL, msix_ctrl::ENABLE.val(1));
        // Auto-mask every used vector on fire: the handler never has to
        // write EIMC, and a vector stays quiet until its poll completes.
        host.mmio_write32(EIAM, eiam::AM.val(used_mask));

        // ---- RX rings (igb_configure_rx_ring)
        // igb_setup_srrctl: drop enable only with several queues (and no
        // flow control, which nicsim has not): with one queue a frame the
        // ring cannot take waits in the FIFO, as on igb.
        let rxctl = rxq::rxctl::BSIZE.val((cfg.buf_size / rxq::rxctl::BSIZE_UNIT as usize) as u32)
            | rxq::rxctl::HOLD.val((cfg.queues == 1) as u32);
        for ring in &mut self.rings {
            let q = ring.queue;
            if reinit {
                ring.reinit(host);
            }
            // The queue is disabled after reset, so ring registers are writable.
            host.mmio_write32(rxq_reg(q, rxq::RXCTL), rxctl);
            host.mmio_write32(rxq_reg(q, rxq::RDBAL), ring.desc_base as u32);
            host.mmio_write32(rxq_reg(q, rxq::RDBAH), (ring.desc_base >> 32) as u32);
            host.mmio_write32(rxq_reg(q, rxq::RDLEN), rxq::rdlen::LEN.val(cfg.ring_size as u32));
            host.mmio_write32(rxq_reg(q, rxq::IVAR), rxq::ivar::VECTOR.val(ring.vector as u32));
            host.mmio_write32(rxq_reg(q, rxq::RXCTL), rxctl | rxq::rxctl::ENABLE.val(1));
            // Enabling zeroed RDH; hand over all but one descriptor.
            if reinit {
                ring.refill(host);
            } else {
                host.mmio_write32(rxq_reg(q, rxq::RDT), ring.next_to_use as u32);
            }
        }

        // ---- TX rings (igb_configure_tx_ring)
        for ring in &self.tx_rings {
            let q = ring.queue;
            host.mmio_write32(txq_reg(q, txq::TDBAL), ring.desc_base as u32);
            host.mmio_write32(txq_reg(q, txq::TDBAH), (ring.desc_base >> 32) as u32);
            host.mmio_write32(txq_reg(q, txq::TDLEN), txq::tdlen::LEN.val(cfg.tx_ring_size as u32));
            host.mmio_write32(txq_reg(q, txq::IVAR), txq::ivar::VECTOR.val(ring.vector as u32));
            // Enabling zeroes TDH; TDT is still 0 from the reset: empty.
            host.mmio_write32(txq_reg(q, txq::TXCTL), txq::txctl::ENABLE.val(1));
        }

        // ---- go (igb_up: irq enable, then receive and transmit enable)
        host.mmio_write32(EIMS, eims::EN.val(used_mask));
        host.mmio_write32(MISC_IMS, misc_ims::EN.mask());
        host.mmio_write32(CTRL, ctrl::RX_EN.val(1) | ctrl::TX_EN.val(tx as u32));
        self.armed.iter_mut().for_each(|a| *a = true);
        self.suspect.iter_mut().for_each(|a| *a = false);
        self.irq_seen.iter_mut().for_each(|a| *a = false);
    }

    /// igb_write_itr: program a vector's interval if it changed. igb writes
    /// `itr_val & 0x7FFC` (bits 14:2 = microseconds) to EITR; the same
    /// interval goes to VEC_TXITR, as the vector's one EITR moderates both
    /// directions of the queue pair.
    fn write_itr(
        host: &mut dyn HostOps,
        v: usize,
        q: &mut QVector,
        rx_frames: u16,
        tx_frames: u16,
        tx: bool,
        log: &mut Vec<ItrWrite>,
    ) {
        if !q.set_itr {
            return;
        }
        q.set_itr = false;
        let usecs = ((q.itr_val & 0x7FFC) >> 2) as u16;
        host.mmio_write32(vec_itr(v), vec_itr::USECS.val(usecs as u32) | vec_itr::FRAMES.val(rx_frames as u32));
        if tx {
            host.mmio_write32(
                vec_txitr(v),
                vec_txitr::USECS.val(usecs as u32) | vec_txitr::FRAMES.val(tx_frames as u32),
            );
        }
        log.push(ItrWrite { ns: host.now_ns(), vector: v, usecs });
    }

    /// igb_set_itr (one queue vector) or igb_update_ring_itr (several), run
    /// by igb_ring_irq_enable when a poll completes with a dynamic setting.
    /// The new value is written at the vector's next interrupt.
    fn adapt_itr(&mut self, queue: usize) {
        let setting = self.cfg.itr_setting();
        if !setting.dynamic() {
            return;
        }
        let conservative = setting == ItrSetting::Conservative;
        // Both functions begin: "for non-gigabit speeds, just fix the
        // interrupt rate at 4000".
        let gigabit = self.cfg.link_speed == SPEED_1000;
        let single = self.qv.len() == 1;
        let q = &mut self.qv[queue];
        if single {
            // igb_set_itr
            let mut new_itr = IGB_4K_ITR;
            if gigabit {
                q.tx.update_itr();
                q.rx.update_itr();
                let mut cur = q.rx.itr.max(q.tx.itr);
                // conservative mode (itr 3) eliminates the lowest_latency setting
                if cur == Latency::Lowest && conservative {
                    cur = Latency::Low;
                }
                new_itr = match cur {
                    Latency::Lowest => IGB_70K_ITR,
                    Latency::Low => IGB_20K_ITR,
                    Latency::Bulk => IGB_4K_ITR,
                };
            }
            if new_itr != q.itr_val {
                // igb's "bias towards bulk" step: max(new * old / (new + old / 4), new),
                // which is new when rising; kept as written.
                if new_itr > q.itr_val {
                    new_itr = (new_itr * q.itr_val / (new_itr + (q.itr_val >> 2)).max(1)).max(new_itr);
                }
                q.itr_val = new_itr;
                q.set_itr = true;
            }
        } else {
            // igb_update_ring_itr: from the average wire size of the work.
            let rx_avg = q.rx.bytes.checked_div(q.rx.packets).unwrap_or(0);
            let avg = rx_avg.max(q.tx.bytes.checked_div(q.tx.packets).unwrap_or(0));
            let new_val = if !gigabit {
                Some(IGB_4K_ITR)
            } else if avg > 0 {
                // CRC, preamble and gap; don't starve jumbo frames
                let avg = (avg + 24).min(3000);
                // a little boost to mid-size frames
                let mut new_val = if avg > 300 && avg < 1200 { avg / 3 } else { avg / 2 } as u32;
                if new_val < IGB_20K_ITR && conservative {
                    new_val = IGB_20K_ITR;
                }
                Some(new_val)
            } else {
                None // no work done
            };
            if let Some(v) = new_val.filter(|&v| v != q.itr_val) {
                q.itr_val = v;
                q.set_itr = true;
            }
            q.rx = RingContainer::default();
            q.tx = RingContainer::default();
        }
    }

    /// With DIM: the sample a completed poll hands to net_dim (as
    /// mlx5e_handle_rx_dim does: the CQ's event count, the RX ring's
    /// packets and bytes, now). A new profile becomes the vector's
    /// interval, written at its next interrupt like igb's.
    fn dim_sample(&mut self, host: &dyn HostOps, queue: usize) {
        let q = &mut self.qv[queue];
        let Some(dim) = q.dim.as_mut() else {
            return;
        };
        let sample = DimSample { ns: host.now_ns(), pkt_ctr: q.rx_pkts, byte_ctr: q.rx_bytes, event_ctr: q.events };
        if let Some(profile) = dim.sample(sample) {
            let itr_val = (profile.usec as u32) << 2;
            if itr_val != q.itr_val {
                q.itr_val = itr_val;
                q.set_itr = true;
            }
        }
    }

    /// The DIM instance of queue vector `queue` (None without DIM).
    pub fn dim(&self, queue: usize) -> Option<&Dim> {
        self.qv[queue].dim.as_ref()
    }

    /// Every write of a vector's interval so far (probe, then at interrupts
    /// when the adaptive ITR moved): the interval per vector over time.
    pub fn itr_history(&self) -> &[ItrWrite] {
        &self.itr_log
    }

    /// The interval a queue vector runs with now (igb units of 0.25 us).
    pub fn itr_val(&self, queue: usize) -> u32 {
        self.qv[queue].itr_val
    }

    /// igb_watchdog_task, run when [`WATCHDOG_TASK_NS`] has passed since the
    /// last run (the host calls it whenever it likes, and at
    /// [`Driver::next_watchdog_ns`]; it does MMIO only when due):
    ///
    /// - a device reset the driver did not ask for (CTRL.RX_EN reads 0
    ///   while up) schedules the reset task, as igb_msix_other does for the
    ///   reset-asserted cause (E1000_ICR_DRSTA), which this device lacks;
    /// - igb_update_stats: the device counters are read;
    /// - every TX ring is armed for hang detection
    ///   (IGB_RING_FLAG_TX_DETECT_HANG, checked by the next cleanup);
    /// - a vector the driver left enabled that reads masked (EIMS) at two
    ///   runs in a row with no interrupt in between lost its MSI-X message
    ///   (the device auto-masked it on sending): it is re-armed (EICS, then
    ///   EIMS) and counted in `irq_rearm`. igb has no such check: its EICS
    ///   kick below cannot reach a masked vector, so a lost message would
    ///   stall the ring for good;
    /// - "Cause software interrupt to ensure Rx ring is cleaned": EICS for
    ///   every queue vector.
    ///
    /// Returns true if it ran.
    pub fn watchdog(&mut self, host: &mut dyn HostOps) -> bool {
        if !self.up || host.now_ns() < self.last_stats_ns + WATCHDOG_TASK_NS {
            return false;
        }
        let ctrl = host.mmio_read32(CTRL);
        if ctrl::RX_EN.get(ctrl) == 0 || ctrl::RST.get(ctrl) == 1 {
            self.counters.reset_detected += 1;
            // Its counters restarted from 0: what they counted since the
            // last read is lost (igb loses it too).
            self.hw_stats.iter_mut().for_each(|s| s.last = 0);
            self.last_stats_ns = host.now_ns();
            self.reset_requested = true;
            return true;
        }
        self.update_device_stats(host);
        for t in &mut self.tx_rings {
            t.detect_hang = true;
        }
        let eims = host.mmio_read32(EIMS);
        let mut rearm = 0u32;
        for k in 0..self.armed.len() {
            let v = self.vector_of_slot(k);
            let masked = eims & (1 << v) == 0;
            if self.armed[k] && masked {
                if self.suspect[k] && !self.irq_seen[k] {
                    rearm |= 1 << v;
                    self.suspect[k] = false;
                } else {
                    self.suspect[k] = true;
                }
            } else {
                self.suspect[k] = false;
            }
            self.irq_seen[k] = false;
        }
        if rearm != 0 {
            self.counters.irq_rearm += rearm.count_ones() as u64;
            host.mmio_write32(EICS, eics::SET.val(rearm));
            host.mmio_write32(EIMS, eims::EN.val(rearm));
        }
        let queues = self.rings.iter().fold(0u32, |m, r| m | (1 << r.vector));
        host.mmio_write32(EICS, eics::SET.val(queues));
        true
    }

    /// When the watchdog task runs next (host ns), while the driver is up.
    pub fn next_watchdog_ns(&self) -> Option<u64> {
        self.up.then_some(self.last_stats_ns + WATCHDOG_TASK_NS)
    }

    /// The vector of slot `k` of `armed` (queue vectors, then misc).
    fn vector_of_slot(&self, k: usize) -> usize {
        self.rings.get(k).map_or(self.misc_vector, |r| r.vector)
    }

    /// The slot of `vector` in `armed`.
    fn slot_of_vector(&self, vector: usize) -> Option<usize> {
        if vector == self.misc_vector {
            return Some(self.rings.len());
        }
        self.rings.iter().position(|r| r.vector == vector)
    }

    /// ndo_tx_timeout (igb_tx_timeout), called by dev_watchdog when TX
    /// queue `queue` has been stopped longer than watchdog_timeo: count
    /// `tx_timeout_count`, schedule the reset task, and kick every queue
    /// vector (EICS) so their rings are cleaned meanwhile.
    pub fn tx_timeout(&mut self, host: &mut dyn HostOps, queue: usize) {
        let _ = queue;
        if !self.up {
            return;
        }
        self.counters.tx_timeout_count += 1;
        self.reset_requested = true;
        let queues = self.rings.iter().fold(0u32, |m, r| m | (1 << r.vector));
        host.mmio_write32(EICS, eics::SET.val(queues));
    }

    /// The reset task is scheduled and has not run yet.
    pub fn reset_pending(&self) -> bool {
        self.reset_requested && self.up
    }

    /// igb_reset_task → igb_reinit_locked: igb_down, the device reset,
    /// igb_up. The host runs it in process context once it is scheduled
    /// (by [`Driver::tx_timeout`], a DMA error seen by the misc handler, or
    /// the watchdog), with the driver's NAPI instances disabled.
    ///
    /// - igb_down: the counters are read (igb_update_stats), reception and
    ///   transmission stopped (CTRL), every vector masked (igb_irq_disable);
    /// - igb_reset: CTRL.RST, then CTRL is read every [`RESET_WAIT_US`] until
    ///   the device is out of reset, at most [`RESET_WAIT_POLLS`] times;
    /// - igb_clean_all_tx_rings: every TX frame still on a ring is freed and
    ///   reported ([`TxCompletion::reset`]); igb_clean_all_rx_rings: every
    ///   received frame not yet cleaned is freed with its buffer;
    /// - igb_up: everything is programmed again as at probe, the RX rings
    ///   refilled, vectors and queues enabled (`resets` counts these).
    ///
    /// A device that never comes out of reset (its reset waits for a frame
    /// the MAC never takes) leaves the driver down for good: counted
    /// `reset_timeout`, every later call is a no-op, as after `remove`.
    pub fn reset_task(&mut self, host: &mut dyn HostOps) {
        if !self.reset_pending() {
            return;
        }
        self.reset_requested = false;
        let behind_our_back = ctrl::RX_EN.get(host.mmio_read32(CTRL)) == 0;
        if !behind_our_back {
            self.update_device_stats(host);
        }
        host.mmio_write32(CTRL, 0);
        let used_mask = self.rings.iter().fold(1u32 << self.misc_vector, |m, r| m | (1 << r.vector));
        host.mmio_write32(EIMC, eimc::CLR.val(used_mask));
        host.mmio_write32(CTRL, ctrl::RST.val(1));
        let mut out_of_reset = false;
        for _ in 0..RESET_WAIT_POLLS {
            if ctrl::RST.get(host.mmio_read32(CTRL)) == 0 {
                out_of_reset = true;
                break;
            }
            host.udelay(RESET_WAIT_US);
        }
        for t in &mut self.tx_rings {
            t.abort_all(host, &mut self.tx_done);
        }
        for r in &mut self.rings {
            r.reset_partial();
        }
        if !out_of_reset {
            self.counters.reset_timeout += 1;
            self.up = false;
            return;
        }
        // The device's counters restarted from 0.
        self.hw_stats.iter_mut().for_each(|s| s.last = 0);
        self.last_stats_ns = host.now_ns();
        self.configure(host, true);
        self.counters.resets += 1;
    }

    fn update_device_stats(&mut self, host: &mut dyn HostOps) {
        for s in &mut self.hw_stats {
            let now = host.mmio_read32(s.addr);
            s.total += now.wrapping_sub(s.last) as u64;
            s.last = now;
        }
        self.last_stats_ns = host.now_ns();
    }

    /// The configuration the driver runs with.
    pub fn config(&self) -> &DriverConfig {
        &self.cfg
    }
    /// RX queues in use.
    pub fn queues(&self) -> usize {
        self.rings.len()
    }
    /// RX queues the device has (CAPS.RXQ).
    pub fn device_queues(&self) -> usize {
        self.dev_queues
    }
    /// MSI-X vector of the misc/error causes (CAPS.VECTORS - 1).
    pub fn misc_vector(&self) -> usize {
        self.misc_vector
    }
    /// MSI-X vector signalled by RX queue `queue` (= queue).
    pub fn queue_vector(&self, queue: usize) -> usize {
        self.rings[queue].vector
    }
    /// The NAPI weight from the config: the budget the host should use.
    pub fn weight(&self) -> usize {
        self.cfg.weight
    }
    /// False after `remove`.
    pub fn is_up(&self) -> bool {
        self.up
    }

    // ------------------------------------------------------------ transmit

    /// TX queues in use: `queues()`, or 0 when the device has no TX.
    pub fn tx_queues(&self) -> usize {
        self.tx_rings.len()
    }

    /// The TX queue for `frame` (the stack's netdev_pick_tx, here by flow
    /// hash): the RX parser and Toeplitz hash with the programmed key, then
    /// `RETA[hash & 127]`, so a flow transmits on the queue it receives on.
    /// A frame with no hash (hash type none) goes to queue 0.
    pub fn select_queue(&self, frame: &[u8]) -> usize {
        let (ty, hash) = hash_frame(&self.toeplitz, RSS_CTRL_ALL, frame);
        if ty == HashType::None {
            0
        } else {
            self.reta[(hash & 127) as usize] as usize
        }
    }

    /// netif_tx_queue_stopped: the stack must not call `xmit` for this queue
    /// (it would answer [`TxStatus::Busy`]) until a NAPI poll wakes it.
    pub fn tx_queue_stopped(&self, queue: usize) -> bool {
        self.tx_rings[queue].stopped()
    }

    /// netif_xmit_frozen_or_stopped: the ring or BQL stopped the queue; the
    /// qdisc must not start a new bulk on it (a bulk already under way
    /// continues while only BQL stops it, as dev_hard_start_xmit does).
    pub fn tx_queue_xoff(&self, queue: usize) -> bool {
        self.tx_rings[queue].xoff()
    }

    /// dql_avail of TX queue `queue`: bytes BQL lets the qdisc dequeue in
    /// one bulk (qdisc_avail_bulklimit).
    pub fn tx_bql_avail(&self, queue: usize) -> i64 {
        self.tx_rings[queue].bql.avail()
    }

    /// byte_queue_limits/limit_min of TX queue `queue` (sysfs). Unlike the
    /// kernel, which clamps at the next completion, the new floor applies
    /// at once.
    pub fn set_bql_limit_min(&mut self, queue: usize, bytes: u32) {
        self.tx_rings[queue].bql.set_min_limit(bytes);
    }

    /// BQL of TX queue `queue`: (limit, bytes in flight).
    pub fn tx_bql(&self, queue: usize) -> (u32, u32) {
        let d = &self.tx_rings[queue].bql;
        (d.limit(), d.in_flight())
    }

    /// Descriptors handed to the device on every TX queue and not yet reclaimed.
    pub fn tx_inflight(&self) -> usize {
        self.tx_rings.iter().map(|r| r.in_flight()).sum()
    }

    /// igb_xmit_frame: put `frame` on TX queue `queue`. `more` is the
    /// stack's xmit_more: another frame for this queue follows right away,
    /// so the doorbell (TDT write) waits for it; it is rung at the last
    /// frame of a batch, or when the queue stops. `token` comes back in the
    /// frame's [`TxCompletion`].
    ///
    /// Panics if `queue >= self.tx_queues()` (a host-model bug).
    pub fn xmit(&mut self, host: &mut dyn HostOps, queue: usize, frame: &[u8], more: bool, token: u64) -> TxStatus {
        assert!(queue < self.tx_rings.len(), "xmit on TX queue {queue}, driver has {}", self.tx_rings.len());
        if !self.up {
            return TxStatus::Busy;
        }
        let max = self.cfg.max_tx_frame();
        self.tx_rings[queue].xmit(host, frame, more, token, max)
    }

    /// TX frames reclaimed by `napi_poll` since the last call, in ring order per queue.
    pub fn take_tx_completions(&mut self) -> Vec<TxCompletion> {
        std::mem::take(&mut self.tx_done)
    }

    /// MSI-X handler for `vector` (igb_msix_ring / igb_msix_other).
    ///
    /// A queue vector does no MMIO: the device already auto-masked it, so it
    /// stays silent until `napi_poll` completes and writes EIMS.
    pub fn irq(&mut self, host: &mut dyn HostOps, vector: usize) -> IrqOutcome {
        if !self.up {
            self.counters.irqs_spurious += 1;
            return IrqOutcome::Spurious;
        }
        if let Some(k) = self.slot_of_vector(vector) {
            self.irq_seen[k] = true;
        }
        if let Some(ring) = self.rings.iter_mut().find(|r| r.vector == vector) {
            ring.stats.irqs += 1;
            let q = ring.queue;
            // Masked by the device until the poll completes.
            self.armed[q] = false;
            self.qv[q].events = self.qv[q].events.wrapping_add(1);
            // igb_msix_ring: igb_write_itr before napi_schedule, so a new
            // interval does not cut the one that just ended short.
            let (rf, tf, tx) = (self.cfg.rx_frames, self.cfg.tx_frames, !self.tx_rings.is_empty());
            Self::write_itr(host, vector, &mut self.qv[q], rf, tf, tx, &mut self.itr_log);
            return IrqOutcome::ScheduleNapi(q);
        }
        if vector != self.misc_vector {
            self.counters.irqs_spurious += 1;
            return IrqOutcome::Spurious;
        }
        self.counters.irqs_misc += 1;
        let cause = host.mmio_read32(MISC_CAUSE);
        let known = misc_cause::DMA_ERR.mask() | misc_cause::DESC_ERR.mask() | misc_cause::REG_ERR.mask();
        // Clear exactly what we saw (W1C) before re-enabling, so the same
        // causes do not fire again; a cause latched after the read survives.
        if cause & known != 0 {
            host.mmio_write32(MISC_CAUSE, cause & known);
        }
        self.counters.dma_errors += misc_cause::DMA_ERR.get(cause) as u64;
        if misc_cause::DMA_ERR.get(cause) == 1 {
            // A DMA the host answered with an error: what the device holds
            // (fetched descriptors, frames half written) cannot be trusted.
            // igb resets on a bus error (igb_io_error_detected → igb_down,
            // igb_io_slot_reset → igb_reset, igb_io_resume → igb_up) and on
            // a reset its hardware asks for (igb_msix_other: E1000_ICR_DRSTA
            // → schedule_work(&adapter->reset_task)); so does this driver.
            self.reset_requested = true;
        }
        self.counters.desc_errors += misc_cause::DESC_ERR.get(cause) as u64;
        self.counters.reg_errors += misc_cause::REG_ERR.get(cause) as u64;
        host.mmio_write32(EIMS, eims::EN.val(1 << self.misc_vector));
        IrqOutcome::Misc
    }

    /// NAPI poll of queue pair `queue` (igb_poll): first reclaim TX
    /// completions (up to [`TX_WORK_LIMIT`] frames, not counted against
    /// `budget`; see [`Driver::take_tx_completions`]), then deliver at most
    /// `budget` received frames into `out`. Returns the frames delivered,
    /// or `budget` when TX cleanup hit its limit.
    ///
    /// Returns `< budget`: the poll completed (napi_complete_done) and the
    /// queue's vector was re-enabled with EIMS; the host must not poll again
    /// until the next interrupt. Returns `== budget`: work may remain, the
    /// vector stays masked and the host must poll again (NAPI stays
    /// scheduled). After `remove` it returns 0 without touching the device.
    ///
    /// Panics if `queue >= self.queues()` (a host-model bug, not device input).
    pub fn napi_poll(&mut self, host: &mut dyn HostOps, queue: usize, budget: usize, out: &mut Vec<RxFrame>) -> usize {
        assert!(queue < self.rings.len(), "napi_poll on queue {queue}, driver has {} queues", self.rings.len());
        if !self.up {
            return 0;
        }
        host.charge(Cost::PollEntry, 1);
        self.counters.napi_polls += 1;
        let done_before = self.tx_done.len();
        let tx_complete = match self.tx_rings.get_mut(queue) {
            Some(t) => t.clean(host, TX_WORK_LIMIT, &mut self.tx_done),
            None => true,
        };
        let out_before = out.len();
        let ring = &mut self.rings[queue];
        ring.stats.polls += 1;
        let work = ring.clean(host, budget, out);
        // igb_clean_tx_irq / igb_clean_rx_irq: q_vector->{tx,rx}.total_*
        let qv = &mut self.qv[queue];
        for c in &self.tx_done[done_before..] {
            if !c.error {
                qv.tx.packets += 1;
                qv.tx.bytes += c.bytes as u64;
            }
        }
        let (pkts, bytes) =
            ((out.len() - out_before) as u64, out[out_before..].iter().map(|f| f.data.len() as u64).sum::<u64>());
        qv.rx.packets += pkts;
        qv.rx.bytes += bytes;
        qv.rx_pkts = qv.rx_pkts.wrapping_add(pkts as u32);
        qv.rx_bytes = qv.rx_bytes.wrapping_add(bytes as u32);
        if !tx_complete {
            // More TX to reclaim: stay scheduled (igb returns the budget).
            return budget;
        }
        // Only once we have decided to stop polling may the vector be
        // unmasked; a completion latched while masked then fires at once,
        // so nothing is lost between the last DD check and this write.
        if work < budget {
            // napi_complete_done, then igb_ring_irq_enable: adapt the
            // interval (igb's ITR, or DIM's sample), re-enable the vector.
            self.counters.napi_complete += 1;
            self.armed[queue] = true;
            if self.cfg.dim.is_some() {
                self.dim_sample(host, queue);
            } else {
                self.adapt_itr(queue);
            }
            host.mmio_write32(EIMS, eims::EN.val(1 << self.rings[queue].vector));
        }
        work
    }

    /// Software counters, `ethtool -S` style. All are 64-bit and monotonic.
    ///
    /// - `rx_packets`, `rx_bytes`: frames / bytes delivered to the stack
    /// - `rx_desc_errors`: write-backs that failed validation (bad hash type,
    ///   bad length, or a frame longer than the ring); each is recycled
    /// - `rx_dropped`: frames discarded because of such a write-back
    /// - `alloc_rx_buff_failed`: RX buffer allocations that failed (fault
    ///   injection); the refill stops there and is retried on the next poll
    /// - `napi_polls`, `napi_complete`: `napi_poll` calls, and those that
    ///   completed (returned < budget and re-enabled the vector)
    /// - `rx_irqs`: queue-vector interrupts; `rx_irqs_misc`, `rx_irqs_spurious`
    /// - `dma_errors`, `desc_errors`, `reg_errors`: MISC_CAUSE bits seen by
    ///   the misc handler (one per interrupt that showed the bit, not per
    ///   device event — see `device_stats` for exact counts)
    /// - per queue: `rx_queue_{q}_packets`, `_bytes`, `_desc_errors`,
    ///   `_dropped`, `_irqs`, `_napi_polls`
    /// - `tx_packets`, `tx_bytes`: frames / bytes the device completed
    ///   without error (counted when reclaimed)
    /// - `tx_errors`: frames the device dropped (ERR in the write-back),
    ///   drop reason `device_error`
    /// - `tx_dropped`: frames the driver refused (`tx_dropped_oversize`:
    ///   longer than MTU + 22; `tx_dropped_empty`: zero bytes)
    /// - `tx_restart_queue`: stopped queues woken by cleaning;
    ///   `tx_stops`: queue stops; `tx_busy`: xmit on a stopped or full queue
    /// - `tx_inflight`: descriptors handed to the device and not yet
    ///   reclaimed (a gauge, not monotonic; 0 when the TX path is idle)
    /// - `tx_doorbells`: TDT writes; `tx_bql_stops`: times BQL stopped a queue
    /// - `tx_hang_detected`: igb_clean_tx_irq's "Detected Tx Unit Hang" (a
    ///   frame pending over a second; the queue is stopped for dev_watchdog)
    /// - per TX queue: `tx_queue_{q}_packets`, `_bytes`, `_errors`,
    ///   `_restart` (igb's name), `_stops`, `_busy`, `_doorbells`,
    ///   `_bql_limit` (the current BQL limit, bytes; a gauge), `_bql_stops`
    /// - recovery (issue 11): `tx_timeout_count` (igb's: dev_watchdog called
    ///   ndo_tx_timeout), `reset_count` (reset task runs that brought the
    ///   device back up), `reset_timeout` (the device never came out of a
    ///   reset; the driver stays down), `reset_detected` (a reset the driver
    ///   did not ask for, seen by the watchdog), `irq_rearm` (vectors re-armed
    ///   after a lost MSI-X message)
    ///
    /// The `tx_*` counters are present only when the device has TX queues.
    pub fn counters(&self) -> Vec<(String, u64)> {
        let sum = |f: fn(&RxRing) -> u64| self.rings.iter().map(f).sum::<u64>();
        let tsum = |f: fn(&TxRing) -> u64| self.tx_rings.iter().map(f).sum::<u64>();
        let c = &self.counters;
        let mut v: Vec<(String, u64)> = vec![
            ("rx_packets".into(), sum(|r| r.stats.packets)),
            ("rx_bytes".into(), sum(|r| r.stats.bytes)),
            ("rx_desc_errors".into(), sum(|r| r.stats.desc_errors)),
            ("rx_dropped".into(), sum(|r| r.stats.dropped)),
            ("alloc_rx_buff_failed".into(), sum(|r| r.stats.alloc_failed)),
            ("napi_polls".into(), c.napi_polls),
            ("napi_complete".into(), c.napi_complete),
            ("rx_irqs".into(), sum(|r| r.stats.irqs)),
            ("rx_irqs_misc".into(), c.irqs_misc),
            ("rx_irqs_spurious".into(), c.irqs_spurious),
            ("dma_errors".into(), c.dma_errors),
            ("desc_errors".into(), c.desc_errors),
            ("reg_errors".into(), c.reg_errors),
            ("reset_count".into(), c.resets),
            ("reset_timeout".into(), c.reset_timeout),
            ("reset_detected".into(), c.reset_detected),
            ("irq_rearm".into(), c.irq_rearm),
        ];
        for r in &self.rings {
            let q = r.queue;
            v.push((format!("rx_queue_{q}_packets"), r.stats.packets));
            v.push((format!("rx_queue_{q}_bytes"), r.stats.bytes));
            v.push((format!("rx_queue_{q}_desc_errors"), r.stats.desc_errors));
            v.push((format!("rx_queue_{q}_dropped"), r.stats.dropped));
            v.push((format!("rx_queue_{q}_irqs"), r.stats.irqs));
            v.push((format!("rx_queue_{q}_napi_polls"), r.stats.polls));
        }
        if self.tx_rings.is_empty() {
            return v;
        }
        v.extend([
            ("tx_packets".into(), tsum(|r| r.stats.packets)),
            ("tx_bytes".into(), tsum(|r| r.stats.bytes)),
            ("tx_errors".into(), tsum(|r| r.stats.errors)),
            ("tx_dropped".into(), tsum(|r| r.stats.dropped_oversize + r.stats.dropped_empty)),
            ("tx_dropped_oversize".into(), tsum(|r| r.stats.dropped_oversize)),
            ("tx_dropped_empty".into(), tsum(|r| r.stats.dropped_empty)),
            ("tx_restart_queue".into(), tsum(|r| r.stats.restart_queue)),
            ("tx_stops".into(), tsum(|r| r.stats.stops)),
            ("tx_busy".into(), tsum(|r| r.stats.busy)),
            ("tx_inflight".into(), self.tx_inflight() as u64),
            ("tx_doorbells".into(), tsum(|r| r.stats.doorbells)),
            ("tx_bql_stops".into(), tsum(|r| r.stats.bql_stops)),
            ("tx_hang_detected".into(), tsum(|r| r.stats.hangs)),
            ("tx_timeout_count".into(), c.tx_timeout_count),
        ]);
        for r in &self.tx_rings {
            let q = r.queue;
            v.push((format!("tx_queue_{q}_packets"), r.stats.packets));
            v.push((format!("tx_queue_{q}_bytes"), r.stats.bytes));
            v.push((format!("tx_queue_{q}_errors"), r.stats.errors));
            v.push((format!("tx_queue_{q}_restart"), r.stats.restart_queue));
            v.push((format!("tx_queue_{q}_stops"), r.stats.stops));
            v.push((format!("tx_queue_{q}_busy"), r.stats.busy));
            v.push((format!("tx_queue_{q}_doorbells"), r.stats.doorbells));
            v.push((format!("tx_queue_{q}_bql_limit"), r.bql.limit() as u64));
            v.push((format!("tx_queue_{q}_bql_stops"), r.stats.bql_stops));
        }
        v
    }

    /// Device counters read over MMIO (igb_update_stats), widened to 64 bits:
    /// the registers are free-running u32s, so each call adds the wrapping
    /// difference since the previous call. Call it at least once per 2^32
    /// increments of the fastest counter (`rx_bytes_nic`) to stay exact:
    /// [`Driver::watchdog`] does so every 2 s of host time, as igb.
    ///
    /// | name | register | meaning |
    /// |---|---|---|
    /// | `rx_offered` | STAT_RX_OFFERED | frames the MAC handed to the NIC |
    /// | `rx_pkts_nic` | STAT_RX_PACKETS | frames written to a host ring (ixgbe's name) |
    /// | `rx_bytes_nic` | STAT_RX_BYTES | bytes of those frames |
    /// | `rx_long_length_errors` | STAT_RX_OVERSIZE | dropped: longer than MTU allows |
    /// | `rx_no_buffer_count` | STAT_RX_NO_DESC | dropped: no free descriptor |
    /// | `rx_missed_errors` | STAT_RX_FIFO_FULL | dropped: RX FIFO full |
    /// | `rx_crc_errors` | STAT_RX_MAC_ERR | dropped: MAC flagged the frame bad |
    /// | `dma_errors_nic` | STAT_DMA_ERR | DMA responses SLVERR/DECERR |
    /// | `desc_errors_nic` | STAT_DESC_ERR | malformed descriptors the device saw |
    /// | `reg_errors_nic` | STAT_REG_ERR | register writes ignored as illegal |
    /// | `msix_sent` | STAT_MSIX_SENT | MSI-X messages sent |
    /// | `rx_queue_{q}_pkts_nic` | RXQ[q].PACKETS | per-queue frames |
    /// | `rx_queue_{q}_bytes_nic` | RXQ[q].BYTES | per-queue bytes |
    /// | `rx_queue_{q}_drops` | RXQ[q].NO_DESC | per-queue no-descriptor drops (igb's name, RQDPC) |
    /// | `tx_pkts_nic` | STAT_TX_PACKETS | frames sent on the wire |
    /// | `tx_bytes_nic` | STAT_TX_BYTES | bytes of those frames (before padding) |
    /// | `tx_errors_nic` | STAT_TX_ERR | TX frames the device dropped |
    /// | `tx_queue_{q}_pkts_nic`, `_bytes_nic`, `_errors_nic` | TXQ[q].PACKETS, BYTES, ERRORS | per TX queue |
    ///
    /// The `tx_*` rows are present only when the device has TX queues.
    ///
    /// `_nic` marks device counts whose plain name is a driver counter.
    pub fn device_stats(&mut self, host: &mut dyn HostOps) -> Vec<(String, u64)> {
        self.update_device_stats(host);
        self.hw_stats.iter().map(|s| (s.name.clone(), s.total)).collect()
    }

    /// igb_down: stop reception, disable the queues, mask every vector.
    /// DMA memory stays allocated (HostOps has no free). Idempotent.
    pub fn remove(&mut self, host: &mut dyn HostOps) {
        if !self.up {
            return;
        }
        host.mmio_write32(CTRL, 0);
        let bsize_kib = (self.cfg.buf_size / rxq::rxctl::BSIZE_UNIT as usize) as u32;
        for r in &mut self.rings {
            host.mmio_write32(rxq_reg(r.queue, rxq::RXCTL), rxq::rxctl::BSIZE.val(bsize_kib));
            r.reset_partial();
        }
        for t in &mut self.tx_rings {
            host.mmio_write32(txq_reg(t.queue, txq::TXCTL), 0);
            t.reset();
        }
        let used_mask = self.rings.iter().fold(1u32 << self.misc_vector, |m, r| m | (1 << r.vector));
        host.mmio_write32(EIMC, eimc::CLR.val(used_mask));
        host.mmio_write32(MISC_IMS, 0);
        for v in (0..self.rings.len()).chain(std::iter::once(self.misc_vector)) {
            host.mmio_write32(msix_reg(v, msix::VCTRL), msix::vctrl::MASK.val(1));
        }
        host.mmio_write32(MSIX_CTRL, 0);
        self.up = false;
    }
}

// ------------------------------------------------------------ introspection
// Issue 11: what a validation harness may read of the driver's rings, as
// `ethtool -d` or the igb debugfs dump would show them. Read only.
impl Driver {
    /// RX queue `queue`'s next_to_clean (None for a queue not in use).
    pub fn rx_next_to_clean(&self, queue: usize) -> Option<usize> {
        self.rings.get(queue).map(|r| r.next_to_clean)
    }
    /// TX queue `queue`'s next_to_clean (None without TX or for a queue not in use).
    pub fn tx_next_to_clean(&self, queue: usize) -> Option<usize> {
        self.tx_rings.get(queue).map(|r| r.next_to_clean)
    }
}
