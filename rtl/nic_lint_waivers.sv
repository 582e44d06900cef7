`default_nettype none

// Lint waivers that must precede the sources they apply to. Only the
// Only Verilator reads the block below; other tools see an empty file.
//
// nic_regs_pkg.sv and nic_desc_pkg.sv are generated from rtl/regs/*.rdl and
// hold every address, field position, width, reset value and rule of the
// register map and the descriptor formats; the RTL uses the ones it needs,
// so Verilator would report each of the others as an unused parameter. The
// rule functions (decode, *_legal) take whole register values and the
// whole CAPS value and look only at the fields their rules name, so the
// other bits of those arguments are unused signals. The packages do not
// carry lint_off comments of their own (they are generated), and a lint_off
// comment does not reach into another file, hence this configuration block,
// listed first in rtl/nic.f.
`ifdef VERILATOR
`verilator_config
lint_off -rule UNUSEDPARAM -file "*/nic_regs_pkg.sv"
lint_off -rule UNUSEDSIGNAL -file "*/nic_regs_pkg.sv"
lint_off -rule UNUSEDPARAM -file "*/nic_desc_pkg.sv"
`verilog
`endif

`default_nettype wire
