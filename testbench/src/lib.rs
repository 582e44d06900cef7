//! nicsim testbench.
pub mod bfm;
pub mod engine;
pub mod gen;
pub mod pcap;
pub mod replay;
pub mod report;
pub mod sim;
