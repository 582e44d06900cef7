//! Errors of `probe` and `DriverConfig::validate`. Every message names the
//! offending value and what would be accepted, so a user can fix it without
//! reading the source.

use crate::config::{BUF_UNIT, MAX_BUF, MAX_MTU, MAX_QUEUES, MAX_RING, MIN_BUF, MIN_MTU, MIN_RING, TX_MAX_BUF};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DriverError {
    // ---- configuration (DriverConfig::validate) ----
    #[error("queues = {0} is out of range: use 1..={MAX_QUEUES} RX queues")]
    Queues(usize),
    #[error("ring_size = {0} is invalid: use a power of two from {MIN_RING} to {MAX_RING} descriptors")]
    RingSize(usize),
    #[error("buf_size = {0} is invalid: use a multiple of {BUF_UNIT} from {MIN_BUF} to {MAX_BUF} bytes")]
    BufSize(usize),
    #[error("mtu = {0} is out of range: the device accepts {MIN_MTU}..={MAX_MTU}")]
    Mtu(u32),
    #[error("weight = {0} is invalid: the NAPI weight must be at least 1 (Linux uses 64)")]
    Weight(usize),
    #[error(
        "a {max_frame}-byte frame (mtu + 22) needs more than the {usable} descriptors a ring of \
         {ring_size} can hand out with buf_size {buf_size}: raise ring_size or buf_size, or lower mtu"
    )]
    RingTooSmall { max_frame: usize, ring_size: usize, buf_size: usize, usable: usize },
    #[error(
        "{what} {value} refused: igb_set_coalesce returns -EINVAL (ethtool: \"Cannot set device coalesce \
         parameters: Invalid argument\"); rx-usecs takes 0 (off), 1 (dynamic), 3 (dynamic conservative) or \
         10..=10000, and tx-usecs must be 0 because TX and RX queues are paired on one vector (rx-usecs moderates both)"
    )]
    Coalesce { what: &'static str, value: u16 },
    #[error(
        "DIM (net_dim) replaces igb's adaptive ITR, so it cannot run with rx-usecs {0} (a fixed interval, \
         or 0 for none): use rx-usecs 1 or 3 (the default) with DIM, or turn DIM off"
    )]
    DimNeedsDynamic(u16),
    #[error("link speed {0} Mb/s is invalid: give the link's speed in Mb/s (e.g. 1000 or 10000)")]
    LinkSpeed(u32),
    #[error("tx_ring_size = {0} is invalid: use a power of two from {MIN_RING} to {MAX_RING} descriptors")]
    TxRingSize(usize),
    #[error("tx_buf = {0} is invalid: use 1 to {TX_MAX_BUF} bytes per TX descriptor")]
    TxBuf(usize),
    #[error(
        "a {max_frame}-byte frame (mtu + 22) in {tx_buf}-byte TX descriptors needs {needed} free descriptors \
         (its descriptors + 1) before the queue may run, more than the {} a TX ring of {tx_ring_size} has: \
         raise tx_ring_size or tx_buf, or lower mtu", tx_ring_size - 1
    )]
    TxRingTooSmall { max_frame: usize, tx_ring_size: usize, tx_buf: usize, needed: usize },

    // ---- device (probe) ----
    #[error("no nicsim device at BAR0 (ID reads {0:#010x}, expected 0x4e494353)")]
    NoDevice(u32),
    #[error("unsupported register-map version {major}.{minor}: this driver knows major 1 only")]
    Version { major: u32, minor: u32 },
    #[error(
        "device capabilities are inconsistent (CAPS = {caps:#010x}: RXQ = {rxq}, VECTORS = {vectors}; \
         expected 1..=16 queues and VECTORS = RXQ + 1)"
    )]
    BadCaps { caps: u32, rxq: usize, vectors: usize },
    #[error("queues = {requested} but the device has only {available} RX queues (CAPS.RXQ): lower queues")]
    TooManyQueues { requested: usize, available: usize },
    #[error(
        "the device has {available} TX queues (CAPS.TXQ) for {requested} RX queues: \
         nicsim pairs TX queue q with RX queue q, so it needs as many (or none, for RX only)"
    )]
    TooFewTxQueues { requested: usize, available: usize },
    #[error("device reset did not complete: CTRL.RST still reads 1 after {0} polls")]
    ResetTimeout(u32),
}
