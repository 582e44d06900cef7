`default_nettype none

// Lint waivers that must precede the sources they apply to. Only the
// Only Verilator reads the block below; other tools see an empty file.
//
// nic_regs_pkg.sv is generated from rtl/regs/nic_regs.rdl and holds every
// address, field position, width and reset value of the register map; the
// RTL uses the ones it needs, so Verilator would report each of the others
// as an unused parameter. The package cannot carry its own lint_off comment
// (it is generated), and a lint_off comment does not reach into another
// file, hence this configuration block, listed first in rtl/nic.f.
`ifdef VERILATOR
`verilator_config
lint_off -rule UNUSEDPARAM -file "*/nic_regs_pkg.sv"
`verilog
`endif

`default_nettype wire
