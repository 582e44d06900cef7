//! BAR0 register map. The constants come from `rtl/regs/nic_regs.rdl`
//! through `make regs` (file `regs_gen.rs`, do not edit); this file adds the
//! small field type they use and address helpers for the register arrays.

/// A bit field inside a 32-bit register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub lsb: u32,
    pub width: u32,
}

impl Field {
    pub const fn new(lsb: u32, width: u32) -> Self {
        Field { lsb, width }
    }
    /// Mask of the field in place.
    pub const fn mask(self) -> u32 {
        if self.width >= 32 {
            u32::MAX
        } else {
            ((1u32 << self.width) - 1) << self.lsb
        }
    }
    /// Extract the field from a register value.
    pub const fn get(self, reg: u32) -> u32 {
        (reg & self.mask()) >> self.lsb
    }
    /// Return `reg` with the field replaced by `val` (excess bits of `val` are dropped).
    pub const fn set(self, reg: u32, val: u32) -> u32 {
        (reg & !self.mask()) | ((val << self.lsb) & self.mask())
    }
    /// The field holding `val`, all other bits zero.
    pub const fn val(self, val: u32) -> u32 {
        self.set(0, val)
    }
}

/// Software access of a register, as the RDL declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Ro,
    Rw,
    Wo,
}

/// One register instance of the flattened map.
#[derive(Clone, Copy, Debug)]
pub struct RegInfo {
    pub name: &'static str,
    pub addr: u32,
    pub reset: u32,
    pub access: Access,
}

include!("regs_gen.rs");

/// Address of register `off` (e.g. [`rxq::RDT`]) of RX queue `q`.
pub const fn rxq_reg(q: usize, off: u32) -> u32 {
    RXQ + RXQ_STRIDE * q as u32 + off
}
/// Address of register `off` (e.g. [`msix::DATA`]) of MSI-X table entry `v`.
pub const fn msix_reg(v: usize, off: u32) -> u32 {
    MSIX + MSIX_STRIDE * v as u32 + off
}
/// Address of VEC_ITR for vector `v`.
pub const fn vec_itr(v: usize) -> u32 {
    VEC_ITR + VEC_ITR_STRIDE * v as u32
}
/// Address of RETA word `i` (entries 4i..4i+3).
pub const fn reta(i: usize) -> u32 {
    RETA + RETA_STRIDE * i as u32
}
/// Address of RSS key word `i` (key bytes 4i..4i+3).
pub const fn rss_key(i: usize) -> u32 {
    RSS_KEY0 + 4 * i as u32
}
/// Address of register `off` (e.g. [`txq::TDT`]) of TX queue `q`.
pub const fn txq_reg(q: usize, off: u32) -> u32 {
    TXQ + TXQ_STRIDE * q as u32 + off
}
/// Address of VEC_TXITR for vector `v`.
pub const fn vec_txitr(v: usize) -> u32 {
    VEC_TXITR + VEC_TXITR_STRIDE * v as u32
}
