# nicsim front door. `make help` lists the targets.
#
# Every recipe runs as one bash script (.ONESHELL) with -euo pipefail, so a
# failing step stops the target. Run make from the repository root: the
# generated docs record the .rdl path relative to it.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON   ?= python3
CARGO    ?= cargo
PEAKRDL  := $(PYTHON) -m peakrdl

RDL      := rtl/regs/nic_regs.rdl
GEN      := rtl/regs/gen_regs.py
REGS_MD  := docs/REGISTERS.md

NICSIM   := target/release/nicsim
# Cargo features of the nicsim binary and the test gate: the RTL engines with
# both verilated parameter sets (`--build main|small`).
FEATURES := nicsim-testbench/rtl,nicsim-testbench/small
OUT      := out
SAMPLE   := $(OUT)/sample.pcap
# `make run PCAP=../shared/pcaps/zeek_wikipedia.pcap REPLAY_ARGS='--rate 10G'`
PCAP        ?= $(SAMPLE)
GEN_ARGS    ?= --count 20000 --flows 64 --sizes imix --rate 10G --seed 1
REPLAY_ARGS ?=

# Debian packages: verilator + zlib for the Verilator co-simulation (cosim/).
APT_PKGS        := verilator zlib1g-dev yosys
RUST_COMPONENTS := clippy rustfmt
# cargo-nextest runs `make regress` (sharding, JUnit); `make deps` installs
# this version when no cargo-nextest is present (any present one is used).
NEXTEST_VERSION := 0.9.143

# `make regress`: the RTL engines compiled in, every test including the
# #[ignore]d ones, in the `regress` cargo profile (release without fat LTO,
# Cargo.toml), through cargo-nextest's `ci` profile
# (.config/nextest.toml). SHARD=k/N runs partition k of N (count-based:
# disjoint, their union is the whole run). Outputs in $(REGRESS_OUT):
# junit[-k-of-N].xml, the test lists, summary[-k-of-N].txt.
REGRESS_FEATURES ?= nicsim-testbench/regress
REGRESS_OUT      := $(OUT)/regress
REGRESS_LIST     := .config/regress-tests.txt
SHARD            ?=
NEXTEST_ARGS     ?=
# A nextest filterset (-E) to run part of the regression (listed and checked alike).
REGRESS_FILTER   ?=
FUZZ_ARGS        ?=
# `make coverage`: the lockstep tests and a fuzz campaign against the main
# design verilated with --coverage-line --coverage-toggle (nicsim-cosim's
# `coverage` feature, Design::Cov), merged with verilator_coverage, reported
# per module by .ci/coverage_report.py against the goals (docs/REGRESSION.md).
COV_OUT          := $(OUT)/coverage
# The coverage design's ~35 MB of C++ is compiled as Verilator's own
# translation units in parallel (per-cycle code -O2, run-once code -O0): in
# lockstep it runs ~35k cycles per CPU second (the main design: ~180k). The
# fuzz cycles are split over COV_FUZZ_JOBS campaigns run at once (seeds
# apart). COV_TESTS is a nextest filter. Points excluded as unreachable, each
# with its reason: COV_EXCLUSIONS (docs/REGRESSION.md).
COV_FUZZ_CYCLES  ?= 4000000
COV_FUZZ_JOBS    ?= 2
# Cycle limit of the ring walk (`nicsim fuzz --scenario rings`); it ends by
# itself after ~1 M cycles.
COV_RINGS_CYCLES ?= 3000000
COV_TESTS        ?= binary(fault_injection) | binary(main_design) & !test(trace)
COV_GOALS        ?= --line-goal 95 --toggle-goal 85
COV_EXCLUSIONS   ?= .ci/coverage_exclusions.txt

# `x CMD ARGS...` echoes a command, then runs it (recipes are silent scripts).
X := x() { printf '+ %s\n' "$$*"; "$$@"; };

# Exits 0 when every `name==version` pin in requirements.txt is installed.
define PYDEPS_CHECK
import re, sys
from importlib.metadata import version, PackageNotFoundError
bad = []
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*==\s*(\S+)", line)
    if not m:
        continue
    try:
        have = version(m[1])
    except PackageNotFoundError:
        have = None
    if have != m[2]:
        bad.append(f"{m[1]}=={m[2]} (have {have or 'none'})")
if bad:
    print("python packages missing or at other versions: " + ", ".join(bad))
    sys.exit(1)
endef
export PYDEPS_CHECK

.PHONY: help deps regs check-regs build run test regress regress-merge fuzz coverage bench synth pnr lint clean

help: ## list the targets
	@echo "nicsim: make TARGET"
	grep -E '^[a-z][a-z-]*:.*## ' $(firstword $(MAKEFILE_LIST)) \
	  | awk 'BEGIN { FS = ":.*## " } { printf "  %-11s %s\n", $$1, $$2 }'
	echo "Fresh machine: 'make run' and 'make test' install what is missing themselves."

deps: ## install what is missing: Debian packages, Python tools (requirements.txt), clippy/rustfmt
	@fail=0; did=0
	root=0; [ "$$(id -u)" = 0 ] && root=1
	# Debian packages
	haspip=0; $(PYTHON) -c 'import pip' >/dev/null 2>&1 && haspip=1
	missing=()
	if command -v dpkg >/dev/null 2>&1; then
	  for p in $(APT_PKGS); do
	    dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$$p")
	  done
	  command -v $(PYTHON) >/dev/null 2>&1 || missing+=(python3)
	  [ $$haspip = 1 ] || missing+=(python3-pip)
	else
	  echo "deps: no dpkg (not Debian?): install by hand: $(APT_PKGS), python3 with pip" >&2
	fi
	if [ $${#missing[@]} -gt 0 ]; then
	  cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $${missing[*]}"
	  if [ $$root = 1 ]; then
	    echo "deps: installing Debian packages: $${missing[*]}"
	    bash -c "$$cmd"; did=1
	    $(PYTHON) -c 'import pip' >/dev/null 2>&1 && haspip=1
	  else
	    echo "deps: missing Debian packages: $${missing[*]}; run:" >&2
	    echo "    sudo bash -c '$$cmd'" >&2
	    fail=1
	  fi
	fi
	# Python packages (pinned in requirements.txt)
	if [ $$haspip = 1 ] && ! $(PYTHON) -c "$$PYDEPS_CHECK" requirements.txt; then
	  flags=(--disable-pip-version-check --quiet)
	  venv=$$($(PYTHON) -c 'import sys; print(int(sys.prefix != sys.base_prefix))')
	  writable=$$($(PYTHON) -c 'import os, sysconfig; print(int(os.access(sysconfig.get_paths()["purelib"], os.W_OK)))')
	  managed=$$($(PYTHON) -c 'import os, sysconfig; print(int(os.path.exists(os.path.join(sysconfig.get_paths()["stdlib"], "EXTERNALLY-MANAGED"))))')
	  if [ $$venv = 0 ] && [ $$writable = 0 ]; then flags+=(--user); fi
	  if [ $$venv = 0 ] && [ $$managed = 1 ]; then flags+=(--break-system-packages); fi
	  if [ $$root = 1 ]; then flags+=(--root-user-action=ignore); fi
	  echo "deps: $(PYTHON) -m pip install $${flags[*]} -r requirements.txt"
	  if $(PYTHON) -m pip install "$${flags[@]}" -r requirements.txt && $(PYTHON) -c "$$PYDEPS_CHECK" requirements.txt; then
	    did=1
	  else
	    echo "deps: pip install failed; run by hand: $(PYTHON) -m pip install $${flags[*]} -r requirements.txt" >&2
	    fail=1
	  fi
	fi
	# Rust toolchain and lint components
	if ! command -v $(CARGO) >/dev/null 2>&1; then
	  echo "deps: no cargo: install Rust with rustup (https://rustup.rs), then run make again" >&2
	  fail=1
	elif command -v rustup >/dev/null 2>&1; then
	  have=$$(rustup component list --installed 2>/dev/null || true)
	  for c in $(RUST_COMPONENTS); do
	    if ! grep -q "^$$c" <<<"$$have"; then
	      echo "deps: rustup component add $$c"
	      rustup component add "$$c" && did=1 || echo "deps: warning: could not add $$c; 'make test' skips that check" >&2
	    fi
	  done
	fi
	# cargo-nextest (make regress): the pinned version when none is present
	if command -v $(CARGO) >/dev/null 2>&1 && ! $(CARGO) nextest --version >/dev/null 2>&1; then
	  echo "deps: cargo install --locked cargo-nextest@$(NEXTEST_VERSION)"
	  if $(CARGO) install --locked "cargo-nextest@$(NEXTEST_VERSION)"; then
	    did=1
	  else
	    echo "deps: warning: could not install cargo-nextest; 'make regress' needs it" >&2
	  fi
	fi
	if [ $$fail = 1 ]; then echo "deps: incomplete (see above)" >&2; exit 1; fi
	if [ $$did = 0 ]; then echo "deps: all present"; fi

regs: ## regenerate the register and descriptor views from rtl/regs/*.rdl (Rust, SV packages, ARCHITECTURE.md, REGISTERS.md)
	@$(X)
	x $(PYTHON) $(GEN) $(RDL) .
	x $(PEAKRDL) markdown $(RDL) -o $(REGS_MD)

check-regs: ## fail when a generated register/descriptor file is stale or a rule is applied by one side only (fix: make regs)
	@if ! $(PYTHON) -c 'import systemrdl, peakrdl_markdown' 2>/dev/null; then
	  echo "check-regs: the SystemRDL tools are not installed: run 'make deps'" >&2; exit 1
	fi
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT
	stale=0
	$(PYTHON) $(GEN) $(RDL) . --check || stale=1
	$(PEAKRDL) markdown $(RDL) -o "$$tmp/REGISTERS.md" >/dev/null
	if ! cmp -s "$$tmp/REGISTERS.md" $(REGS_MD); then
	  echo "stale generated file: $(REGS_MD)" >&2
	  diff -u $(REGS_MD) "$$tmp/REGISTERS.md" | head -20 >&2 || true
	  stale=1
	fi
	if [ $$stale = 1 ]; then
	  echo "check-regs: generated register files are out of date with rtl/regs/*.rdl, or a rule of the RDL is not used by both the RTL and the model: run 'make regs' and commit the result, or apply the rule" >&2
	  exit 1
	fi
	# The check itself must catch a planted disagreement (rtl/regs/test_gen_regs.py).
	if ! $(PYTHON) rtl/regs/test_gen_regs.py >"$$tmp/selftest.log" 2>&1; then
	  cat "$$tmp/selftest.log" >&2
	  echo "check-regs: the self-test of gen_regs.py --check failed (rtl/regs/test_gen_regs.py)" >&2
	  exit 1
	fi
	echo "check-regs: generated register and descriptor files are up to date; both sides apply every rule"

build: ## cargo build --release with the RTL engines (the nicsim binary: target/release/nicsim)
	@$(X)
	x $(CARGO) build --release --features $(FEATURES)

run: ## build, make out/sample.pcap (IMIX, 64 flows, 10G) if missing, replay it (PCAP=, REPLAY_ARGS= to change)
	@$(X)
	$(MAKE) deps
	x $(CARGO) build --release --features $(FEATURES)
	mkdir -p $(OUT)
	if [ "$(PCAP)" = "$(SAMPLE)" ] && [ ! -f $(SAMPLE) ]; then
	  x $(NICSIM) gen -o $(SAMPLE) $(GEN_ARGS)
	fi
	x $(NICSIM) replay $(PCAP) --log $(OUT)/log.jsonl --stats $(OUT)/stats.json --rx-pcap $(OUT)/rx.pcap $(REPLAY_ARGS)
	echo "outputs: $(OUT)/stats.json (summary), $(OUT)/log.jsonl (one line per frame), $(OUT)/rx.pcap (delivered frames)"

test: ## check-regs, cargo test, clippy -D warnings, fmt --check (the CI gate; runs all, then fails if any did)
	@$(X)
	start=$$SECONDS; failed=()
	$(MAKE) deps
	$(MAKE) check-regs || failed+=(check-regs)
	x $(CARGO) test --workspace --no-fail-fast --features $(FEATURES) || failed+=("cargo test")
	if $(CARGO) clippy --version >/dev/null 2>&1; then
	  x $(CARGO) clippy --workspace --all-targets --features $(FEATURES) -- -D warnings || failed+=("cargo clippy")
	else
	  echo "test: cargo clippy not installed: lint skipped (rustup component add clippy)" >&2
	fi
	if $(CARGO) fmt --version >/dev/null 2>&1; then
	  if ! x $(CARGO) fmt --all --check >/dev/null; then
	    { $(CARGO) fmt --all -- --check -l 2>&1 || true; } | sort -u | sed 's/^/  cargo fmt: /' >&2
	    failed+=("cargo fmt --check")
	  fi
	else
	  echo "test: rustfmt not installed: format check skipped (rustup component add rustfmt)" >&2
	fi
	if [ $${#failed[@]} -gt 0 ]; then
	  echo "test: FAILED after $$((SECONDS - start)) s: $$(IFS=,; echo "$${failed[*]}" | sed 's/,/, /g')" >&2
	  exit 1
	fi
	echo "test: passed in $$((SECONDS - start)) s"

regress: ## the long matrix: RTL engines in, every test incl. #[ignore]d (release, nextest, JUnit); SHARD=k/N for one partition
	@$(X)
	start=$$SECONDS; failed=()
	mkdir -p $(REGRESS_OUT)
	if [ -z "$(SHARD)" ]; then
	  tag=""; part=()
	  $(MAKE) test || failed+=("make test")
	else
	  # A shard runs only its partition; the gate (make test) is its own CI job.
	  [[ "$(SHARD)" =~ ^([0-9]+)/([0-9]+)$$ ]] && (( BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= BASH_REMATCH[2] )) \
	    || { echo "regress: SHARD must be k/N with 1 <= k <= N, got '$(SHARD)'" >&2; exit 2; }
	  tag="-$${BASH_REMATCH[1]}-of-$${BASH_REMATCH[2]}"; part=(--partition "count:$(SHARD)")
	  $(MAKE) deps
	fi
	$(CARGO) nextest --version >/dev/null 2>&1 \
	  || { echo "regress: cargo-nextest not installed: run 'make deps' (installs cargo-nextest@$(NEXTEST_VERSION))" >&2; exit 1; }
	sel=(--workspace --cargo-profile regress --features $(REGRESS_FEATURES) --run-ignored all)
	# What the run claims: every test built with the RTL features, and this partition of it.
	echo "+ $(CARGO) nextest list $${sel[*]} --message-format json > $(REGRESS_OUT)/list-full.json"
	$(CARGO) nextest list "$${sel[@]}" --message-format json > $(REGRESS_OUT)/list-full.json
	filt=(); [ -n "$(REGRESS_FILTER)" ] && filt=(-E '$(REGRESS_FILTER)')
	$(CARGO) nextest list "$${sel[@]}" "$${part[@]}" "$${filt[@]}" --message-format json > $(REGRESS_OUT)/list$$tag.json
	rm -f target/nextest/ci/junit.xml
	# The fuzz campaigns write their results (functional coverage) here.
	fuzzdir=$(REGRESS_OUT)/fuzz$$tag
	rm -rf $$fuzzdir; mkdir -p $$fuzzdir
	export NICSIM_FUZZ_JSON_DIR=$$PWD/$$fuzzdir
	x $(CARGO) nextest run "$${sel[@]}" "$${part[@]}" "$${filt[@]}" --profile ci --no-fail-fast $(NEXTEST_ARGS) \
	  2>&1 | tee $(REGRESS_OUT)/log$$tag.txt || failed+=("nextest run")
	if [ -f target/nextest/ci/junit.xml ]; then
	  cp target/nextest/ci/junit.xml $(REGRESS_OUT)/junit$$tag.xml
	  complete=(); [ -z "$$tag" ] && [ -z "$(NEXTEST_ARGS)$(REGRESS_FILTER)" ] && complete=(--complete)
	  x $(PYTHON) .ci/regress_check.py check --required $(REGRESS_LIST) --full $(REGRESS_OUT)/list-full.json \
	    --shard $(REGRESS_OUT)/list$$tag.json --junit $(REGRESS_OUT)/junit$$tag.xml --shared ../shared \
	    --fuzz-dir $$fuzzdir "$${complete[@]}" | tee $(REGRESS_OUT)/summary$$tag.txt || failed+=("regress check")
	else
	  echo "regress: no JUnit report written" >&2; failed+=("junit")
	fi
	if [ $${#failed[@]} -gt 0 ]; then
	  echo "regress$${tag}: FAILED after $$((SECONDS - start)) s: $$(IFS=,; echo "$${failed[*]}" | sed 's/,/, /g')" >&2
	  exit 1
	fi
	echo "regress$${tag}: passed in $$((SECONDS - start)) s (JUnit: $(REGRESS_OUT)/junit$$tag.xml)"

regress-merge: ## after 'make regress SHARD=k/N' on every k (outputs gathered in out/regress): shards disjoint, union = full run
	@$(X)
	shopt -s nullglob
	junits=($(REGRESS_OUT)/junit-*-of-*.xml)
	[ $${#junits[@]} -gt 0 ] || { echo "regress-merge: no $(REGRESS_OUT)/junit-k-of-N.xml files" >&2; exit 1; }
	x $(PYTHON) .ci/regress_check.py merge --required $(REGRESS_LIST) --full $(REGRESS_OUT)/list-full.json \
	  --fuzz-dir $(REGRESS_OUT)/fuzz-*-of-* -- "$${junits[@]}"

fuzz: ## nicsim fuzz (constrained-random lockstep) with every design built; FUZZ_ARGS='--build small --time 300'
	@$(X)
	x $(CARGO) build --profile regress --features $(REGRESS_FEATURES)
	x target/regress/nicsim fuzz $(FUZZ_ARGS)

coverage: ## RTL line/toggle coverage per module (Verilator --coverage) of the lockstep tests, fuzz campaigns and the ring walk; SHARD=k/N
	@$(X)
	start=$$SECONDS; failed=()
	tag=""; part=(); seed=1; shard_k=1
	if [ -n "$(SHARD)" ]; then
	  [[ "$(SHARD)" =~ ^([0-9]+)/([0-9]+)$$ ]] && (( BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= BASH_REMATCH[2] )) \
	    || { echo "coverage: SHARD must be k/N with 1 <= k <= N, got '$(SHARD)'" >&2; exit 2; }
	  tag="-$${BASH_REMATCH[1]}-of-$${BASH_REMATCH[2]}"; part=(--partition "count:$(SHARD)")
	  seed=$$(( 1 + 100000 * BASH_REMATCH[1] )); shard_k=$${BASH_REMATCH[1]}
	fi
	command -v verilator_coverage >/dev/null 2>&1 || { echo "coverage: verilator_coverage not found: run 'make deps'" >&2; exit 1; }
	$(CARGO) nextest --version >/dev/null 2>&1 || { echo "coverage: cargo-nextest not installed: run 'make deps'" >&2; exit 1; }
	dat=$(COV_OUT)/dat$$tag; rm -rf $$dat; mkdir -p $$dat
	# Every RtlNic of the main design is the instrumented one and writes a .dat when dropped.
	export NICSIM_COSIM_COVERAGE=$$PWD/$$dat
	feat=(--features nicsim-testbench/coverage,nicsim-testbench/fault)
	x $(CARGO) nextest run --workspace --cargo-profile regress "$${feat[@]}" "$${part[@]}" --profile ci --no-fail-fast \
	  -E '$(COV_TESTS)' || failed+=("lockstep tests")
	x $(CARGO) build --profile regress "$${feat[@]}"
	cycles=$(COV_FUZZ_CYCLES); [ -n "$$tag" ] && cycles=$$(( $(COV_FUZZ_CYCLES) / BASH_REMATCH[2] ))
	fstart=$$SECONDS; pids=()
	logs=()
	for j in $$(seq 1 $(COV_FUZZ_JOBS)); do
	  x target/regress/nicsim fuzz --seed $$(( seed + 10000 * (j - 1) )) --cycles $$(( cycles / $(COV_FUZZ_JOBS) )) \
	    --json $(COV_OUT)/fuzz$$tag-$$j.json > $(COV_OUT)/fuzz$$tag-$$j.log 2>&1 & pids+=($$!); logs+=($(COV_OUT)/fuzz$$tag-$$j.log)
	done
	# The ring walk (every queue past half a 4096-entry ring, high addresses,
	# unmapped rings: the per-queue index and address bits), once per full
	# run (shard 1 of N); it ends by itself (~1 M cycles).
	if [ "$$shard_k" = 1 ]; then
	  x target/regress/nicsim fuzz --scenario rings --seed $$seed --runs 1 --run-cycles $(COV_RINGS_CYCLES) \
	    --json $(COV_OUT)/rings$$tag.json > $(COV_OUT)/rings$$tag.log 2>&1 & pids+=($$!); logs+=($(COV_OUT)/rings$$tag.log)
	fi
	for j in $${!pids[@]}; do
	  wait $${pids[$$j]} || failed+=("fuzz ($${logs[$$j]})")
	  tail -n 2 $${logs[$$j]}
	done
	echo "coverage: $(COV_FUZZ_JOBS) fuzz campaigns, $$cycles cycles, and the ring walk: $$((SECONDS - fstart)) s"
	unset NICSIM_COSIM_COVERAGE
	shopt -s nullglob; dats=($(COV_OUT)/dat*/*.dat)
	echo "coverage: merging $${#dats[@]} coverage files (every shard's found in $(COV_OUT))"
	x verilator_coverage --write $(COV_OUT)/merged.dat "$${dats[@]}"
	x $(PYTHON) .ci/coverage_report.py $(COV_OUT)/merged.dat --out $(COV_OUT) $(COV_GOALS) \
	  --exclusions $(COV_EXCLUSIONS) || failed+=("coverage goals")
	if [ $${#failed[@]} -gt 0 ]; then
	  echo "coverage$${tag}: FAILED after $$((SECONDS - start)) s: $$(IFS=,; echo "$${failed[*]}" | sed 's/,/, /g')" >&2
	  exit 1
	fi
	echo "coverage$${tag}: passed in $$((SECONDS - start)) s (report: $(COV_OUT)/report.md)"

bench: ## speed: model cycles/s and frames/s, memory, model vs RTL vs lockstep; zero-loss throughput per frame size (out/throughput.*)
	@$(X)
	x $(CARGO) bench -p nicsim-testbench --bench model --features rtl
	x $(CARGO) build --release --features $(FEATURES)
	mkdir -p $(OUT)
	x $(NICSIM) bench throughput --json $(OUT)/throughput.json --svg $(OUT)/throughput.svg

# fpga/synth.py: yosys synth_xilinx (xc7) of rtl/nic.f, report in fpga/reports/utilization.txt
# (fpga/README.md). `make synth SYNTH_PARAMS='RX_QUEUES=4'` for a smaller build.
synth: ## yosys synth_xilinx of nic_top: LUT/FF/BRAM/DSP per module, longest path; fails on latches
	@$(X)
	command -v yosys >/dev/null 2>&1 || { echo "synth: yosys not found (Debian: apt-get install yosys)" >&2; exit 1; }
	start=$$SECONDS
	x $(PYTHON) fpga/synth.py $(foreach p,$(SYNTH_PARAMS),--param $(p))
	echo "synth: passed in $$((SECONDS - start)) s"

# fpga/pnr.py: yosys synth_ecp5 + nextpnr-ecp5 (pinned yowasp packages) on LFE5UM5G-85F,
# RX_QUEUES=4, 156.25 MHz; report in fpga/reports/ecp5.txt. Slow (tens of minutes).
pnr: ## place and route on ECP5 (yowasp nextpnr-ecp5): utilization, Fmax, critical path -> fpga/reports/ecp5.txt
	@$(X)
	$(MAKE) deps
	start=$$SECONDS
	x $(PYTHON) fpga/pnr.py $(foreach p,$(PNR_PARAMS),--param $(p))
	echo "pnr: done in $$((SECONDS - start)) s"

# Waivers: rtl/nic_lint_waivers.sv and rtl/README.md ("Lint"). Every
# parameter set that is built somewhere is linted: the defaults (cosim's
# main design), the small design (cosim/build.rs SMALL_PARAMS), the pnr
# configuration (RX_QUEUES=4) and the one-queue corner.
LINT_PARAM_SETS := "" \
  "RX_QUEUES=4 RX_FIFO_WORDS=2048 RX_META_DEPTH=8 DESC_CACHE=4 MAX_READS=2 TX_FIFO_WORDS=4096 TX_META_DEPTH=4" \
  "RX_QUEUES=4" "RX_QUEUES=1"
lint: ## verilator --lint-only -Wall over rtl/nic.f at every built parameter set; fails on any warning
	@$(X)
	command -v verilator >/dev/null 2>&1 || { echo "lint: verilator not found: run 'make deps'" >&2; exit 1; }
	n=0
	for ps in $(LINT_PARAM_SETS); do
	  n=$$((n + 1)); g=(); for p in $$ps; do g+=("-G$$p"); done
	  x verilator --lint-only -Wall -f rtl/nic.f --top-module nic_top "$${g[@]}"
	done
	echo "lint: clean (verilator -Wall, no warnings, $$n parameter sets)"

clean: ## remove build outputs (target/, out/)
	@$(X)
	x $(CARGO) clean
	x rm -rf $(OUT)
