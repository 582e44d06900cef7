//! Build parameters (the RTL's module parameters) and their checks. A leaf:
//! every block reads it, it reads no block.

/// Build parameters (the RTL's module parameters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NicConfig {
    /// RX queues, 1..=16. MSI-X vectors = queues + 1 (the last is misc).
    pub queues: usize,
    /// RX FIFO depth in 8-byte words (32 KiB by default: room for three 9 KiB jumbo frames).
    pub fifo_words: usize,
    /// Frames the RX FIFO can hold at once (metadata FIFO depth).
    pub meta_depth: usize,
    /// Descriptors cached per queue (prefetch depth).
    pub desc_cache: usize,
    /// Descriptor fetches (AXI read bursts) outstanding at once.
    pub max_reads: usize,
    /// TX FIFO depth in 8-byte words (nic_top's TX_FIFO_WORDS: two 16 KiB frames by default).
    pub tx_fifo_words: usize,
    /// Finished frames the TX FIFO can queue for the sender (TX_META_DEPTH).
    pub tx_meta_depth: usize,
    /// Device clock cycles per microsecond (CYCLES_PER_US): the time base of
    /// rx-usecs. The clock in MHz, rounded: 250 at 250 MHz, 156 at 156.25 MHz.
    pub cycles_per_us: u64,
}

impl Default for NicConfig {
    fn default() -> Self {
        NicConfig {
            queues: 16,
            fifo_words: 4096,
            meta_depth: 64,
            desc_cache: 8,
            max_reads: 4,
            tx_fifo_words: 4096,
            tx_meta_depth: 32,
            cycles_per_us: nicsim_hw::CYCLES_PER_US,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("queues must be 1..=16, got {0}")]
    Queues(usize),
    #[error("fifo_words must be a power of two from 2048 (one max frame) to 65536, got {0}")]
    Fifo(usize),
    #[error("meta_depth must be 2..=256, got {0}")]
    Meta(usize),
    #[error("desc_cache must be a power of two from 4 to 64, got {0}")]
    Cache(usize),
    #[error("max_reads must be 1..=16, got {0}")]
    Reads(usize),
    #[error("tx_fifo_words must be a power of two from 4096 (two max frames) to 65536, got {0}")]
    TxFifo(usize),
    #[error("tx_meta_depth must be 2..=256, got {0}")]
    TxMeta(usize),
    #[error("cycles_per_us must be 1..=1000 (a 1 MHz to 1 GHz clock), got {0}")]
    CyclesPerUs(u64),
}

impl NicConfig {
    /// The second parameter set cosim verilates (`Design::Small`, cosim/build.rs
    /// SMALL_PARAMS; a cosim test checks the two agree): 4 queues, the smallest
    /// RX FIFO (one jumbo frame), 8 frames of metadata, 4 cached descriptors,
    /// 2 reads in flight, the smallest TX FIFO and 4 TX frames queued, clocked
    /// at 156.25 MHz (156 cycles per microsecond: the `make pnr` target). Full
    /// and back-pressure corners come far sooner than with the defaults.
    pub fn small() -> Self {
        NicConfig {
            queues: 4,
            fifo_words: 2048,
            meta_depth: 8,
            desc_cache: 4,
            max_reads: 2,
            tx_fifo_words: 4096,
            tx_meta_depth: 4,
            cycles_per_us: 156,
        }
    }

    /// The RTL's `$fatal` checks on its parameters.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=16).contains(&self.queues) {
            return Err(ConfigError::Queues(self.queues));
        }
        if !self.fifo_words.is_power_of_two() || !(2048..=65536).contains(&self.fifo_words) {
            return Err(ConfigError::Fifo(self.fifo_words));
        }
        if !(2..=256).contains(&self.meta_depth) {
            return Err(ConfigError::Meta(self.meta_depth));
        }
        if !self.desc_cache.is_power_of_two() || !(4..=64).contains(&self.desc_cache) {
            return Err(ConfigError::Cache(self.desc_cache));
        }
        if !(1..=16).contains(&self.max_reads) {
            return Err(ConfigError::Reads(self.max_reads));
        }
        if !self.tx_fifo_words.is_power_of_two() || !(4096..=65536).contains(&self.tx_fifo_words) {
            return Err(ConfigError::TxFifo(self.tx_fifo_words));
        }
        if !(2..=256).contains(&self.tx_meta_depth) {
            return Err(ConfigError::TxMeta(self.tx_meta_depth));
        }
        if !(1..=1000).contains(&self.cycles_per_us) {
            return Err(ConfigError::CyclesPerUs(self.cycles_per_us));
        }
        Ok(())
    }
    pub fn vectors(&self) -> usize {
        self.queues + 1
    }
}
