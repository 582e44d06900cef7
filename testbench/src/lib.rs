//! nicsim testbench.
pub mod pcap;
pub mod gen;
pub mod bfm;
pub mod sim;
