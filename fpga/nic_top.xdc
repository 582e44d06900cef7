# nic_top: minimal example constraints (Vivado XDC), out-of-context core.
#
# One clock: `clk`, 250 MHz (4.000 ns), the PCIe bridge's AXI clock
# (XDMA/QDMA axi_aclk at 250 MHz). Every nic_top port is synchronous to it;
# the reset `rst` is synchronous, active high.
#
# In a board design `clk` is driven by the bridge's clock net and Vivado
# derives the clock from the IP's own constraints; keep this file for
# out-of-context runs of nic_top alone (synth_design -mode out_of_context).
create_clock -name clk -period 4.000 [get_ports clk]

# Out of context the core's ports connect to fabric logic in the same clock
# domain: budget about half a period on each side.
set_input_delay  -clock clk 2.000 [get_ports -filter {DIRECTION == IN && NAME != clk}]
set_output_delay -clock clk 2.000 [get_ports -filter {DIRECTION == OUT}]

# If the 10G MAC runs in its own 156.25 MHz domain (no 250 MHz MAC clock),
# put async FIFOs between the MAC and s_axis_rx_* / m_axis_tx_* in the board
# wrapper and declare the domains asynchronous there, e.g.:
#   create_clock -name mac_clk -period 6.400 [get_ports mac_clk]
#   set_clock_groups -asynchronous -group [get_clocks clk] -group [get_clocks mac_clk]
