#!/usr/bin/env python3
"""Self-test of `gen_regs.py --check` (run by `make check-regs`): in a copy of
the tree, a hand-made disagreement between the RDL and a generated file, or a
rule of the RDL that one side no longer applies, must make the check fail
and name what is wrong; the unedited copy must pass."""
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "rtl/regs/gen_regs.py"
# What gen_regs.py reads and writes.
FILES = [
    "rtl/regs/nic_regs.rdl", "rtl/regs/nic_desc.rdl", "rtl/regs/nic_props.rdl",
    "model/hw/src/regs_gen.rs", "model/hw/src/desc_gen.rs",
    "rtl/nic_regs_pkg.sv", "rtl/nic_desc_pkg.sv", "docs/ARCHITECTURE.md",
] + [str(p.relative_to(ROOT)) for p in sorted((ROOT / "rtl").glob("nic_*.sv"))] \
  + [str(p.relative_to(ROOT)) for p in sorted((ROOT / "model/src").glob("*.rs"))]


class CheckCatchesDisagreement(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = Path(self.dir.name)
        for f in set(FILES):
            (self.root / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / f, self.root / f)

    def tearDown(self):
        self.dir.cleanup()

    def edit(self, f, old, new):
        p = self.root / f
        text = p.read_text()
        self.assertIn(old, text, f"{f} no longer holds {old!r}: update this test")
        p.write_text(text.replace(old, new, 1))

    def check(self):
        r = subprocess.run([sys.executable, str(GEN), str(self.root / "rtl/regs/nic_regs.rdl"), str(self.root), "--check"],
                           capture_output=True, text=True)
        return r.returncode, r.stderr

    def assert_fails(self, *names):
        rc, err = self.check()
        self.assertEqual(rc, 1, f"check passed a tree it should refuse:\n{err}")
        for n in names:
            self.assertIn(n, err)

    def test_clean_copy_passes(self):
        rc, err = self.check()
        self.assertEqual(rc, 0, err)

    def test_sv_descriptor_offset_edited(self):
        self.edit("rtl/nic_desc_pkg.sv", "RX_WB_DD_LSB = 32;", "RX_WB_DD_LSB = 33;")
        self.assert_fails("stale generated file", "nic_desc_pkg.sv")

    def test_rust_limit_edited(self):
        self.edit("model/hw/src/regs_gen.rs", "MTU_MAX: u32 = 16356;", "MTU_MAX: u32 = 9000;")
        self.assert_fails("stale generated file", "regs_gen.rs")

    def test_rdl_rule_changed_without_regenerating(self):
        self.edit("rtl/regs/nic_regs.rdl", "legal_max = 16356;", "legal_max = 9000;")
        self.assert_fails("regs_gen.rs", "nic_regs_pkg.sv", "ARCHITECTURE.md")

    def test_rdl_descriptor_changed_without_regenerating(self):
        self.edit("rtl/regs/nic_desc.rdl", "legal_max = 16384;", "legal_max = 9000;")
        self.assert_fails("desc_gen.rs", "nic_desc_pkg.sv")

    def test_rtl_drops_a_rule(self):
        self.edit("rtl/nic_csr.sv", "nic_regs_pkg::MTU_legal(v)", "1'b1")
        self.assert_fails("rule not applied", "nic_regs_pkg::MTU_legal(")

    def test_model_drops_a_rule(self):
        self.edit("model/src/csr.rs", "rxq::rxctl::LOCK_MASK", "0")
        self.assert_fails("rule not applied", "rxq::rxctl::LOCK_MASK")


if __name__ == "__main__":
    unittest.main()
