// RtlSim over one Verilated model class. Included by each generated design
// translation unit after the Verilated sources, with `Ports` a generated
// struct that copies In -> model inputs (masked to the port widths) and
// model outputs -> Out.
//
// Per-cycle contract (see cosim/README.md):
//   tick(cycle, in, out): inputs := in, clk := 0, eval     [trace dump at 4000*cycle + 2000 ps]
//                         clk := 1, eval (the rising edge)   [trace dump at 4000*(cycle+1) ps]
//                         out := outputs (registered: the state after the edge)
//   Without a trace open, designs whose scheduler allows it do both in one
//   eval (Ports::FAST_EDGE, see tick()).
// so `out` holds the outputs of cycle `cycle + 1`, as nicsim_hw::Device::tick.
#pragma once

#include "nicsim-cosim/csrc/rtl_sim.h"
#include "nicsim-cosim/src/bridge.rs.h"
#include "verilated.h"
#include "verilated_cov.h"
#include "verilated_fst_c.h"

#include <memory>
#include <stdexcept>
#include <string>

namespace nicsim {

constexpr uint64_t PS_PER_CYCLE = 4000;

// Traced: the model was verilated with --trace-fst.
template <class M, class Ports, bool Traced>
class RtlSimImpl final : public RtlSim {
  public:
    RtlSimImpl(uint32_t reset_cycles, Out& out) {
        ctx_ = std::make_unique<VerilatedContext>();
        Verilated::threadContextp(ctx_.get());
        // Must be on before the first eval for tracing to be possible later.
        ctx_->traceEverOn(true);
        ctx_->fatalOnError(true);
        m_ = std::make_unique<M>(ctx_.get(), "TOP");
        In idle{};
        Ports::set(*m_, idle);
        m_->rst = 1;
        m_->clk = 0;
        m_->eval();  // initial blocks ($fatal parameter checks) run here
        for (uint32_t k = 0; k < reset_cycles; ++k) {
            m_->clk = 0;
            m_->eval();
            m_->clk = 1;
            m_->eval();
        }
        // Released from here on: the next tick() is the first edge out of reset.
        m_->rst = 0;
        Ports::get(*m_, out);
        check();
    }

    ~RtlSimImpl() override {
        Verilated::threadContextp(ctx_.get());
        if (tfp_) {
            tfp_->close();
            tfp_.reset();
        }
        if (m_ && !dead_) {
            try {
                m_->final();
            } catch (...) {
            }
        }
        m_.reset();
    }

    void tick(uint64_t cycle, const In& in, Out& out) override {
        if (dead_) throw std::runtime_error("the RTL stopped with an error earlier; it cannot run on");
        Verilated::threadContextp(ctx_.get());
        try {
            Ports::set(*m_, in);
            if (Ports::FAST_EDGE && !tfp_) {
                // One eval instead of two. Verilator 5 runs the logic that
                // reads top-level inputs (its `ico` region) on every eval,
                // changed or not, and nothing here is sensitive to the
                // falling edge: so the clk = 0 eval only tells the scheduler
                // that the clock fell. Saying so directly and evaluating the
                // rising edge with the new inputs gives the same state (the
                // ico region settles before the edge's triggers are taken).
                // With a trace open the half-cycle is evaluated and dumped.
                Ports::fell(*m_);
                m_->clk = 1;
                ctx_->time((cycle + 1) * PS_PER_CYCLE);
                m_->eval();
            } else {
                m_->clk = 0;
                ctx_->time(cycle * PS_PER_CYCLE + PS_PER_CYCLE / 2);
                m_->eval();
                if (tfp_) tfp_->dump(cycle * PS_PER_CYCLE + PS_PER_CYCLE / 2);
                m_->clk = 1;
                ctx_->time((cycle + 1) * PS_PER_CYCLE);
                m_->eval();
                if (tfp_) tfp_->dump((cycle + 1) * PS_PER_CYCLE);
            }
        } catch (...) {
            dead_ = true;
            if (tfp_) tfp_->close();
            throw;
        }
        Ports::get(*m_, out);
        check();
    }

    void trace_open(rust::Str path, uint64_t cycle) override {
        if constexpr (!Traced) {
            (void)path;
            (void)cycle;
            throw std::runtime_error("this design was verilated without --trace-fst (NICSIM_COSIM_TRACE=0)");
        } else {
            open_fst(std::string(path.data(), path.size()), cycle);
        }
    }

  private:
    void open_fst(const std::string& p, uint64_t cycle) {
        Verilated::threadContextp(ctx_.get());
        if (tfp_) trace_close();
        auto t = std::make_unique<VerilatedFstC>();
        // 1 cycle = 4 ns; half cycles (input changes) at 2 ns.
        t->set_time_unit("1ns");
        t->set_time_resolution("1ps");
        m_->trace(t.get(), 99);
        t->open(p.c_str());
        if (!t->isOpen()) throw std::runtime_error("cannot open FST trace " + p);
        t->dump(cycle * PS_PER_CYCLE);
        tfp_ = std::move(t);
    }

  public:
    void trace_close() override {
        if (!tfp_) return;
        Verilated::threadContextp(ctx_.get());
        tfp_->close();
        tfp_.reset();
    }

    bool tracing() const override { return static_cast<bool>(tfp_); }

    void coverage_write(rust::Str path) override {
        Verilated::threadContextp(ctx_.get());
        ctx_->coveragep()->write(std::string(path.data(), path.size()).c_str());
    }

  private:
    void check() {
        if (ctx_->gotFinish()) {
            dead_ = true;
            throw std::runtime_error("the RTL called $finish");
        }
    }

    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<M> m_;
    std::unique_ptr<VerilatedFstC> tfp_;
    bool dead_ = false;
};

}  // namespace nicsim
