//! nicsim testbench.
pub mod pcap;
pub mod gen;
pub mod bfm;
pub mod sim;
pub mod replay;
pub mod report;
