cosim/tests/stub/nic_top_stub.sv
