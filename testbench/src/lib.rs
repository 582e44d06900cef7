//! nicsim testbench.
pub mod bfm;
pub mod engine;
pub mod events;
pub mod faults;
pub mod fuzz;
pub mod gen;
pub mod napi_check;
pub mod output;
pub mod pcap;
pub mod replay;
pub mod report;
pub mod sim;
pub mod throughput;
pub mod validate;
mod validate_html;
pub mod window;
