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

#[cfg(test)]
mod tests {
    use super::*;

    /// CAPS of a build with `q` queues.
    const fn caps_of(q: u32) -> u32 {
        caps::RXQ.val(q) | caps::TXQ.val(q) | caps::VECTORS.val(q + 1)
    }

    /// The generated decoder agrees with the generated flat list: every
    /// register of the largest build decodes, with the index its name says.
    #[test]
    fn decode_names_every_register_of_the_map() {
        let caps = caps_of(RXQ_COUNT as u32);
        for r in ALL {
            let (reg, i) = decode(r.addr, caps).unwrap_or_else(|| panic!("{} not decoded", r.name));
            let want_i = r.name.split(['[', ']']).nth(1).map_or(0, |s| s.parse().unwrap());
            let stat = r.name.strip_prefix("STAT_").map(|_| ());
            let key = r.name.strip_prefix("RSS_KEY").and_then(|s| s.parse::<usize>().ok());
            match (stat, key) {
                (Some(()), _) => assert_eq!((reg, i), (Reg::STAT, (r.addr - STAT_RX_OFFERED) as usize / 4)),
                (_, Some(k)) => assert_eq!((reg, i), (Reg::RSS_KEY, k)),
                _ => assert_eq!(i, want_i, "{}", r.name),
            }
            assert_eq!(decode(r.addr | 3, caps), Some((reg, i)), "bits 1:0 are ignored");
        }
    }

    #[test]
    fn decode_follows_the_build_and_the_holes() {
        let caps = caps_of(4);
        assert_eq!(decode(rxq_reg(3, rxq::RDT), caps), Some((Reg::RXQ_RDT, 3)));
        assert_eq!(decode(rxq_reg(4, rxq::RDT), caps), None, "queue 4 of a 4-queue build");
        assert_eq!(decode(vec_itr(4), caps), Some((Reg::VEC_ITR, 4)), "vector 4 is the misc vector");
        assert_eq!(decode(vec_itr(5), caps), None);
        assert_eq!(decode(msix_reg(5, msix::DATA), caps), None);
        assert_eq!(decode(rxq_reg(1, 0x1C), caps), Some((Reg::RXQ_HOLE, 1)));
        assert_eq!(decode(txq_reg(0, 0x3C), caps), Some((Reg::TXQ_HOLE, 0)));
        assert_eq!(decode(0x0030, caps), None);
        assert_eq!(decode(0x1_0000, caps), None);
    }

    #[test]
    fn legality_and_locks_from_the_rdl() {
        let caps = caps_of(4);
        assert!(mtu::legal(mtu::MTU_MIN) && mtu::legal(mtu::MTU_MAX));
        assert!(!mtu::legal(mtu::MTU_MIN - 1) && !mtu::legal(mtu::MTU_MAX + 1));
        assert!(rxq::rdlen::legal(8) && rxq::rdlen::legal(4096) && !rxq::rdlen::legal(24) && !rxq::rdlen::legal(0));
        assert!(rxq::rdt::legal(7, 8) && !rxq::rdt::legal(8, 8) && !rxq::rdt::legal(1, 24), "tail < a legal length");
        assert!(reta::legal(0x0303_0303, caps) && !reta::legal(0x0004_0000, caps));
        assert!(rxq::ivar::legal(4, caps) && !rxq::ivar::legal(5, caps));
        assert!(write_legal(MTU, 1500, caps) && !write_legal(MTU, 67, caps));
        assert!(write_legal(rxq_reg(9, rxq::IVAR), 31, caps), "not a register of this build");
        assert!(Reg::RXQ_RDBAL.locked() && Reg::TXQ_TDLEN.locked() && !Reg::RXQ_RDT.locked());
        assert_eq!(Reg::RXQ_RXCTL.lock_mask(), rxq::rxctl::BSIZE.mask());
        assert_eq!(rxq::rdbal::WMASK, !(rxq::rdbal::ADDR_ALIGN - 1));
        assert_eq!(stat_idx::N, STAT_COUNT);
    }
}
