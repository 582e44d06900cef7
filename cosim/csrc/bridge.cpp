// Design dispatch for the cxx bridge. The factories live in the generated
// design translation units ($OUT_DIR/<design>/design.cpp).
#include "nicsim-cosim/csrc/rtl_sim.h"
#include "nicsim-cosim/src/bridge.rs.h"

#include <stdexcept>

namespace nicsim {

std::unique_ptr<RtlSim> make_design_main(uint32_t reset_cycles, Out& out);
#ifdef NICSIM_HAVE_STUB
std::unique_ptr<RtlSim> make_design_stub(uint32_t reset_cycles, Out& out);
#endif
#ifdef NICSIM_HAVE_FAULT
std::unique_ptr<RtlSim> make_design_fault(uint32_t reset_cycles, Out& out);
#endif
#ifdef NICSIM_HAVE_SMALL
std::unique_ptr<RtlSim> make_design_small(uint32_t reset_cycles, Out& out);
#endif
#ifdef NICSIM_HAVE_COV
std::unique_ptr<RtlSim> make_design_cov(uint32_t reset_cycles, Out& out);
#endif

std::unique_ptr<RtlSim> new_rtl_sim(uint32_t design, uint32_t reset_cycles, Out& out) {
    switch (design) {
        case 0:
            return make_design_main(reset_cycles, out);
        case 1:
#if defined(NICSIM_HAVE_STUB)
            return make_design_stub(reset_cycles, out);
#elif defined(NICSIM_STUB_IS_MAIN)
            return make_design_main(reset_cycles, out);
#else
            throw std::runtime_error("the plumbing stub is not built (enable nicsim-cosim's `stub` feature)");
#endif
        case 2:
#if defined(NICSIM_HAVE_FAULT)
            return make_design_fault(reset_cycles, out);
#else
            throw std::runtime_error("the fault design is not built (enable nicsim-cosim's `fault` feature)");
#endif
        case 3:
#if defined(NICSIM_HAVE_SMALL)
            return make_design_small(reset_cycles, out);
#else
            throw std::runtime_error("the small design is not built (enable nicsim-cosim's `small` feature)");
#endif
        case 4:
#if defined(NICSIM_HAVE_COV)
            return make_design_cov(reset_cycles, out);
#else
            throw std::runtime_error("the coverage design is not built (enable nicsim-cosim's `coverage` feature)");
#endif
        default:
            throw std::runtime_error("unknown design id");
    }
}

}  // namespace nicsim
