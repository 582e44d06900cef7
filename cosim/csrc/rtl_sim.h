// The C++ side of the cxx bridge (src/bridge.rs): an abstract Verilated NIC.
// One implementation per Verilated design (main RTL, plumbing stub), each in
// its own generated translation unit (build.rs: $OUT_DIR/<design>/design.cpp)
// so the designs' classes never meet. One virtual call per cycle.
#pragma once

#include "rust/cxx.h"

#include <cstdint>
#include <memory>

namespace nicsim {

struct In;
struct Out;

class RtlSim {
  public:
    virtual ~RtlSim() = default;
    /// One rising edge with `in` sampled; `out` gets the next cycle's outputs.
    virtual void tick(uint64_t cycle, const In& in, Out& out) = 0;
    virtual void trace_open(rust::Str path, uint64_t cycle) = 0;
    virtual void trace_close() = 0;
    virtual bool tracing() const = 0;
    /// Write the coverage counters (a design verilated with --coverage) to
    /// `path` in Verilator's coverage.dat format.
    virtual void coverage_write(rust::Str path) = 0;
};

std::unique_ptr<RtlSim> new_rtl_sim(uint32_t design, uint32_t reset_cycles, Out& out);

}  // namespace nicsim
