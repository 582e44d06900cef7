// nicsim's replacement for Verilator's vl_fatal (compiled with -DVL_USER_FATAL):
// instead of printing and calling std::abort(), throw, so that a $fatal in the
// RTL (e.g. a parameter check), a $stop (which ends in vl_fatal) or an internal
// Verilator error becomes an Err on the Rust side (cxx converts exceptions of
// functions declared `-> Result<..>`). The model that threw is left in an
// undefined state and must not be evaluated again.
#include "verilated.h"

#include <stdexcept>
#include <string>

void vl_fatal(const char* filename, int linenum, const char* hier, const char* msg) VL_MT_UNSAFE {
    (void)hier;
    Verilated::threadContextp()->gotError(true);
    Verilated::threadContextp()->gotFinish(true);
    Verilated::runFlushCallbacks();
    std::string what;
    if (filename && filename[0]) {
        what = std::string(filename) + ":" + std::to_string(linenum) + ": ";
    }
    what += msg ? msg : "(no message)";
    if (msg && std::string(msg) == "Verilog $stop") {
        what += " ($stop, $fatal or an $error assertion in the RTL; its message is on stdout)";
    }
    throw std::runtime_error(what);
}
