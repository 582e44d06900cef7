//! Load-time parameters (what igb takes from module parameters and ethtool).

use crate::dim::DimPeriodMode;
use crate::error::DriverError;
use nicsim_hw::desc;
use nicsim_hw::regs::{mtu, rxq, txq};
use nicsim_hw::rss::DEFAULT_KEY;

// The device's limits come from the register map and descriptor formats
// (rtl/regs/*.rdl, generated into nicsim_hw): no copies here.

/// Most RX queues the register map has room for.
pub const MAX_QUEUES: usize = nicsim_hw::MAX_QUEUES;
/// MTU range the device accepts (the MTU register's legal values).
pub const MIN_MTU: u32 = mtu::MTU_MIN;
pub const MAX_MTU: u32 = mtu::MTU_MAX;
/// Ring sizes (RDLEN / TDLEN: powers of two in this range).
pub const MIN_RING: usize = rxq::rdlen::LEN_MIN as usize;
pub const MAX_RING: usize = rxq::rdlen::LEN_MAX as usize;
/// Receive buffers are RXCTL.BSIZE units of this many bytes ...
pub const BUF_UNIT: usize = rxq::rxctl::BSIZE_UNIT as usize;
/// ... from this many to this many.
pub const MIN_BUF: usize = rxq::rxctl::BSIZE_MIN as usize * BUF_UNIT;
pub const MAX_BUF: usize = rxq::rxctl::BSIZE_MAX as usize * BUF_UNIT;
/// Bytes a frame may exceed the MTU by: Ethernet header (14) + two VLAN tags (8),
/// the device's max-frame rule (see the MTU register).
pub const MTU_OVERHEAD: usize = 22;
/// Most bytes one TX descriptor may carry (the device's limit).
pub const TX_MAX_BUF: usize = nicsim_hw::desc::TX_MAX_BYTES as usize;

/// Driver configuration. `Default` gives the values Linux igb would use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriverConfig {
    /// RX queues to use (1..=[`MAX_QUEUES`], at most CAPS.RXQ). Queue q uses MSI-X vector q.
    pub queues: usize,
    /// Descriptors per ring (power of two, [`MIN_RING`]..=[`MAX_RING`]); `ethtool -G rx`.
    pub ring_size: usize,
    /// Bytes per receive buffer ([`MIN_BUF`]..=[`MAX_BUF`], multiple of [`BUF_UNIT`]).
    pub buf_size: usize,
    /// MTU programmed into the device ([`MIN_MTU`]..=[`MAX_MTU`]).
    pub mtu: u32,
    /// Toeplitz key; `ethtool -X hkey`.
    pub rss_key: [u8; 40],
    /// Interrupt moderation, `ethtool -C rx-usecs`, with igb's meanings
    /// (igb_set_coalesce): 0 off, 1 dynamic, 3 dynamic conservative (igb's
    /// default), 10..=10000 a fixed minimum interval in microseconds; 2 and
    /// 4..=9 are refused. Dynamic: the driver picks the interval per poll
    /// (igb_set_itr / igb_update_ring_itr).
    pub rx_usecs: u16,
    /// Interrupt moderation, `ethtool -C rx-frames` (0 = no frame limit).
    /// igb has no rx-frames; a nicsim extension over VEC_ITR.FRAMES.
    pub rx_frames: u16,
    /// NAPI weight: the budget the host's softirq loop should pass to `napi_poll`.
    /// The driver itself only checks it is non-zero; the budget argument rules.
    pub weight: usize,
    /// Descriptors per TX ring (power of two, [`MIN_RING`]..=[`MAX_RING`]); `ethtool -G tx`.
    pub tx_ring_size: usize,
    /// Most bytes one TX descriptor carries (1..=[`TX_MAX_BUF`]): a frame spans
    /// `ceil(len / tx_buf)` descriptors.
    pub tx_buf: usize,
    /// TX interrupt moderation, `ethtool -C tx-usecs`. nicsim pairs TX queue
    /// q with RX queue q on one vector, as igb with IGB_FLAG_QUEUE_PAIRS:
    /// then igb_set_coalesce refuses any tx-usecs but 0 and the vector's
    /// interval (rx-usecs) moderates both directions.
    pub tx_usecs: u16,
    /// TX interrupt moderation, `ethtool -C tx-frames` (0 = no frame limit;
    /// a nicsim extension over VEC_TXITR.FRAMES).
    pub tx_frames: u16,
    /// Link speed in Mb/s (igb's adapter->link_speed, which igb reads from
    /// the MAC when the link comes up; nicsim's device has no PHY, so the
    /// host, which knows the wire, says it). igb's adaptive ITR adapts only
    /// at SPEED_1000: at any other speed igb_set_itr and
    /// igb_update_ring_itr fix the interval at IGB_4K_ITR (4000
    /// interrupts/s). Default 10000: the device's line is 10GBASE-R.
    pub link_speed: u32,
    /// Linux DIM (net_dim) instead of igb's adaptive ITR, with this period
    /// mode's RX profiles. Needs a dynamic rx-usecs (1 or 3); None: igb's ITR.
    pub dim: Option<DimPeriodMode>,
}

/// SPEED_1000: the one link speed igb's adaptive ITR runs at.
pub const SPEED_1000: u32 = 1000;

impl Default for DriverConfig {
    fn default() -> Self {
        DriverConfig {
            queues: 1,
            // IGB_DEFAULT_RXD / IGB_DEFAULT_TXD
            ring_size: 256,
            buf_size: 2048,
            mtu: 1500,
            rss_key: DEFAULT_KEY,
            // igb_sw_init: rx_itr_setting = IGB_DEFAULT_ITR (3, dynamic conservative)
            rx_usecs: 3,
            rx_frames: 0,
            weight: 64,
            tx_ring_size: 256,
            tx_buf: 2048,
            tx_usecs: 0,
            tx_frames: 0,
            link_speed: 10_000,
            dim: None,
        }
    }
}

/// What an rx-usecs value means to igb (igb_set_coalesce, igb_sw_init).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItrSetting {
    /// 0: no moderation.
    Off,
    /// 1: dynamic (adaptive) ITR.
    Dynamic,
    /// 3: dynamic conservative: adaptive, never the lowest-latency state.
    Conservative,
    /// 10..=10000: fixed minimum interval, microseconds.
    Fixed(u16),
}

/// igb's IGB_MIN_ITR_USECS / IGB_MAX_ITR_USECS.
pub const MIN_ITR_USECS: u16 = 10;
pub const MAX_ITR_USECS: u16 = 10000;

impl ItrSetting {
    /// igb_set_coalesce's checks: None for a value igb refuses (2, 4..=9,
    /// over 10000).
    pub fn from_usecs(usecs: u16) -> Option<ItrSetting> {
        match usecs {
            0 => Some(ItrSetting::Off),
            1 => Some(ItrSetting::Dynamic),
            3 => Some(ItrSetting::Conservative),
            MIN_ITR_USECS..=MAX_ITR_USECS => Some(ItrSetting::Fixed(usecs)),
            _ => None,
        }
    }

    /// Adaptive (igb: `itr_setting & 3`).
    pub fn dynamic(self) -> bool {
        matches!(self, ItrSetting::Dynamic | ItrSetting::Conservative)
    }
}

impl DriverConfig {
    /// The rx-usecs setting (validated configs only; a refused value reads as Off).
    pub fn itr_setting(&self) -> ItrSetting {
        ItrSetting::from_usecs(self.rx_usecs).unwrap_or(ItrSetting::Off)
    }

    /// Check every field against what the device accepts. Device-dependent
    /// limits (queues <= CAPS.RXQ) are checked again by `probe`.
    pub fn validate(&self) -> Result<(), DriverError> {
        if !(1..=MAX_QUEUES).contains(&self.queues) {
            return Err(DriverError::Queues(self.queues));
        }
        if !u32::try_from(self.ring_size).is_ok_and(rxq::rdlen::len_legal) {
            return Err(DriverError::RingSize(self.ring_size));
        }
        if !self.buf_size.is_multiple_of(BUF_UNIT)
            || !u32::try_from(self.buf_size / BUF_UNIT).is_ok_and(rxq::rxctl::bsize_legal)
        {
            return Err(DriverError::BufSize(self.buf_size));
        }
        if !mtu::mtu_legal(self.mtu) {
            return Err(DriverError::Mtu(self.mtu));
        }
        if self.weight == 0 {
            return Err(DriverError::Weight(self.weight));
        }
        ItrSetting::from_usecs(self.rx_usecs)
            .ok_or(DriverError::Coalesce { what: "rx-usecs", value: self.rx_usecs })?;
        // igb_set_coalesce: with queue pairs, tx-usecs other than 0 is -EINVAL.
        if self.tx_usecs != 0 {
            return Err(DriverError::Coalesce { what: "tx-usecs", value: self.tx_usecs });
        }
        // DIM replaces the adaptive ITR; a fixed or no interval leaves it nothing to tune.
        if self.dim.is_some() && !self.itr_setting().dynamic() {
            return Err(DriverError::DimNeedsDynamic(self.rx_usecs));
        }
        if self.link_speed == 0 {
            return Err(DriverError::LinkSpeed(self.link_speed));
        }
        // At most ring_size - 1 descriptors are ever owned by the device
        // (head == tail means empty), and a frame must fit in them all at once,
        // or the device could never deliver a max-size frame.
        let max_frame = self.mtu as usize + MTU_OVERHEAD;
        let usable = self.ring_size - 1;
        if max_frame.div_ceil(self.buf_size) > usable {
            return Err(DriverError::RingTooSmall {
                max_frame,
                ring_size: self.ring_size,
                buf_size: self.buf_size,
                usable,
            });
        }
        if !u32::try_from(self.tx_ring_size).is_ok_and(txq::tdlen::len_legal) {
            return Err(DriverError::TxRingSize(self.tx_ring_size));
        }
        if !u32::try_from(self.tx_buf).is_ok_and(desc::tx::len_legal) {
            return Err(DriverError::TxBuf(self.tx_buf));
        }
        // The queue stops while fewer than desc_needed descriptors are free,
        // and a ring has at most tx_ring_size - 1 free: anything more and
        // the queue could never start.
        if self.tx_desc_needed() > self.tx_ring_size - 1 {
            return Err(DriverError::TxRingTooSmall {
                max_frame,
                tx_ring_size: self.tx_ring_size,
                tx_buf: self.tx_buf,
                needed: self.tx_desc_needed(),
            });
        }
        Ok(())
    }

    /// Largest frame the driver transmits (without FCS): MTU + 22, the
    /// device's receive limit. Longer frames are dropped as `oversize`.
    pub fn max_tx_frame(&self) -> usize {
        self.mtu as usize + MTU_OVERHEAD
    }

    /// igb's DESC_NEEDED: descriptors of a maximum frame plus one spare.
    /// A TX queue is stopped when fewer than this are free after a frame
    /// was queued, so the next `xmit` always fits.
    pub fn tx_desc_needed(&self) -> usize {
        self.max_tx_frame().div_ceil(self.tx_buf.max(1)) + 1
    }

    /// Free descriptors at which cleaning wakes a stopped TX queue:
    /// `2 × tx_desc_needed`, clamped to `tx_ring_size - 1` (all free) so a
    /// ring that holds only one or two maximum frames still wakes.
    pub fn tx_wake_threshold(&self) -> usize {
        (2 * self.tx_desc_needed()).min(self.tx_ring_size.saturating_sub(1))
    }
}
