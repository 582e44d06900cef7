//! Errors of `probe` and `DriverConfig::validate`. Every message names the
//! offending value and what would be accepted, so a user can fix it without
//! reading the source.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DriverError {
    // ---- configuration (DriverConfig::validate) ----
    #[error("queues = {0} is out of range: use 1..=16 RX queues")]
    Queues(usize),
    #[error("ring_size = {0} is invalid: use a power of two from 8 to 4096 descriptors")]
    RingSize(usize),
    #[error("buf_size = {0} is invalid: use a multiple of 1024 from 1024 to 16384 bytes")]
    BufSize(usize),
    #[error("mtu = {0} is out of range: the device accepts 68..=16356")]
    Mtu(u32),
    #[error("weight = {0} is invalid: the NAPI weight must be at least 1 (Linux uses 64)")]
    Weight(usize),
    #[error(
        "a {max_frame}-byte frame (mtu + 22) needs more than the {usable} descriptors a ring of \
         {ring_size} can hand out with buf_size {buf_size}: raise ring_size or buf_size, or lower mtu"
    )]
    RingTooSmall { max_frame: usize, ring_size: usize, buf_size: usize, usable: usize },

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
    #[error("device reset did not complete: CTRL.RST still reads 1 after {0} polls")]
    ResetTimeout(u32),
}
