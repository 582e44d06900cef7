//! The driver's only window on the world, as in a kernel: MMIO to BAR0,
//! DMA-able host memory, interrupt vectors, and the CPU's clock.
//! The testbench implements it; the driver never sees the device model.

/// CPU work the driver reports, priced by the host time model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
    /// Entry into one NAPI poll call (fixed overhead).
    PollEntry,
    /// Processing one received descriptor (per buffer: unmap, copy, build skb).
    RxDescriptor,
    /// Handing one frame up the stack (netif_receive_skb / GRO).
    RxFrame,
    /// Refilling one descriptor with a buffer.
    RefillDescriptor,
    /// Queueing one frame for transmission (ndo_start_xmit: checks, book-keeping).
    TxFrame,
    /// Writing one TX descriptor (and copying its part of the frame).
    TxDescriptor,
    /// Reclaiming one transmitted frame in the NAPI poll (free the skb).
    TxClean,
}

/// Host services used by the driver.
pub trait HostOps {
    /// Posted write to BAR0 offset `off`. Returns at once; the write reaches
    /// the device later, in order with the other MMIO writes of this host.
    fn mmio_write32(&mut self, off: u32, val: u32);
    /// Read of BAR0 offset `off`. The CPU stalls for the round trip.
    fn mmio_read32(&mut self, off: u32) -> u32;
    /// Allocate zeroed DMA-able host memory; `align` is a power of two.
    /// Returns the bus address the device uses.
    fn dma_alloc(&mut self, size: usize, align: usize) -> u64;
    /// Read host memory (cache-coherent, as on x86).
    fn mem_read(&mut self, addr: u64, buf: &mut [u8]);
    /// Write host memory.
    fn mem_write(&mut self, addr: u64, data: &[u8]);
    /// MSI-X message (address, data) the platform assigns to `vector`
    /// (what `pci_alloc_irq_vectors` sets up on a real host).
    fn msi_message(&self, vector: usize) -> (u64, u32);
    /// Current simulated time of this CPU, in ns.
    fn now_ns(&self) -> u64;
    /// Account CPU work; the host time model advances this CPU's clock.
    fn charge(&mut self, what: Cost, count: u32);
    /// udelay(): busy-wait `us` microseconds (the CPU's clock moves on, the
    /// device keeps running).
    fn udelay(&mut self, _us: u64) {}
    /// Issue 11: one RX buffer allocation (igb_alloc_mapped_page's
    /// dev_alloc_pages). False: it failed (fault injection); the driver
    /// counts `alloc_rx_buff_failed` and retries on the next poll.
    fn alloc_rx_buffer(&mut self) -> bool {
        true
    }
}
