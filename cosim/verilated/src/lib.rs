//! The Verilator runtime for nicsim's co-simulation, built once.
//!
//! The build script compiles Verilator's C++ runtime (`verilated.cpp`,
//! `verilated_threads.cpp`, `verilated_fst_c.cpp`, which includes the FST
//! writer `gtkwave/fstapi.c`, `lz4.c` and `fastlz.c`) from the installed
//! Verilator (5.x, found with `verilator --getenv VERILATOR_ROOT`) into a
//! static library, always at `-O2`, and links `zlib` and `pthread`.
//!
//! Crates that compile Verilated designs depend on this one and read its
//! build metadata (`links = "verilated"`) in their build scripts:
//!
//! | env var in the dependent's build script | value |
//! |---|---|
//! | `DEP_VERILATED_ROOT` | `VERILATOR_ROOT` |
//! | `DEP_VERILATED_INCLUDE` | `$VERILATOR_ROOT/include` |
//! | `DEP_VERILATED_VLTSTD` | `$VERILATOR_ROOT/include/vltstd` |
//! | `DEP_VERILATED_BIN` | the `verilator` executable |
//! | `DEP_VERILATED_VERSION` | e.g. `5.006` |
//! | `DEP_VERILATED_DEFINES` | space-separated `NAME=VALUE` the runtime was compiled with; compile Verilated code with the same |
//!
//! `$fatal`, `$stop` and internal Verilator errors do not abort the process:
//! `vl_fatal` is replaced (`VL_USER_FATAL`, see `csrc/nicsim_fatal.cpp`) by
//! one that throws `std::runtime_error`, which a `cxx` bridge turns into a
//! Rust `Err`. The model that threw must not be evaluated again.

/// Verilator version the runtime was built from.
pub const VERILATOR_VERSION: &str = env!("NICSIM_VERILATOR_VERSION");
/// `VERILATOR_ROOT` the runtime was built from.
pub const VERILATOR_ROOT: &str = env!("NICSIM_VERILATOR_ROOT");
