//! Builds the Verilated NIC and the cxx bridge.
//!
//! 1. Verilates `nic_top` from a file list (paths relative to the repo root;
//!    Verilator runs with cwd = repo root):
//!    - `NICSIM_RTL_F` (relative to the repo root, or absolute), else
//!      `rtl/nic.f`; when that does not exist yet, the plumbing stub
//!      (`cosim/tests/stub/stub.f`) with a cargo warning.
//!    - With the `stub` feature the stub is also built as a second design
//!      (prefix `Vnic_stub`) so the plumbing tests run against it whatever
//!      the main design is.
//!    - With the `fault` feature the main file list is also built with
//!      `+define+NIC_FAULT_RSS_BIT` (prefix `Vnic_fault`, no trace support,
//!      C++ at -O0 to keep its compile short): the RTL with a planted fault,
//!      for the test that proves the lockstep checker catches one.
//! 2. Generates one translation unit per design that #includes every .cpp
//!    Verilator wrote (as Verilator's own `__ALL.cpp`) plus the generated
//!    port copies, and compiles it at -O2 whatever the cargo profile.
//! 3. Compiles the cxx bridge, and archives everything into one static lib.
//!
//! Objects are cached by a hash of their inputs: after touching one RTL file
//! only that design's translation unit is compiled again.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// RX_QUEUES the RTL is verilated with (the model's default build).
const RX_QUEUES: u32 = 16;
/// The `small` design's parameters (nic_top's names), in the order of
/// `nicsim_model::NicConfig { queues, fifo_words, meta_depth, desc_cache,
/// max_reads, tx_fifo_words, tx_meta_depth, cycles_per_us }`: 4 queues, the smallest RX
/// FIFO (one jumbo frame), 8 frames of metadata, 4 cached descriptors, 2
/// reads in flight, the smallest TX FIFO and 4 TX frames queued, clocked at
/// 156.25 MHz (the `make pnr` target: 156 cycles per microsecond). Every value is one
/// the model honours (NicConfig::validate), so lockstep holds; small FIFOs
/// and caches reach their full and empty states far more often.
const SMALL_PARAMS: [(&str, u32); 8] = [
    ("RX_QUEUES", 4),
    ("RX_FIFO_WORDS", 2048),
    ("RX_META_DEPTH", 8),
    ("DESC_CACHE", 4),
    ("MAX_READS", 2),
    ("TX_FIFO_WORDS", 4096),
    ("TX_META_DEPTH", 4),
    ("CYCLES_PER_US", 156),
];
const STUB_F: &str = "cosim/tests/stub/stub.f";
const DEFAULT_F: &str = "rtl/nic.f";

struct Design {
    /// "main", "stub" or "fault".
    name: &'static str,
    prefix: &'static str,
    file_list: PathBuf,
    is_stub: bool,
    /// Verilated with --trace-fst (FST traces possible; measured 2026-12-05:
    /// no speed cost while no trace is open, so NICSIM_COSIM_TRACE=0 gains nothing).
    traced: bool,
    /// Extra Verilator arguments (`+define+...`).
    defines: &'static [&'static str],
    /// C++ optimisation level of its translation unit.
    opt_level: u32,
    /// nic_top parameters (-G), RX_QUEUES first.
    params: Vec<(&'static str, u32)>,
    /// Other Verilator flags (coverage).
    flags: &'static [&'static str],
    /// Compile Verilator's .cpp files as separate translation units (in
    /// parallel, the `__Slow` ones at -O0) instead of one `__ALL`-style TU.
    split: bool,
}

/// The coverage design's Verilator flags: line (statement/branch) and
/// toggle coverage of every signal. `-fno-split`: with Verilator 5.006's
/// always-block splitting the line counters of the second half of
/// nic_rx_dma's big always_comb were never incremented (the claim `if` at
/// line 589 read 0 while 127 frames were delivered; its `else` ~3 per
/// cycle), so about 40 reachable line points read as uncovered. Without the
/// split they count; the speed is the same (~35k lockstep cycles/s).
const COVERAGE_FLAGS: &[&str] = &["--coverage-line", "--coverage-toggle", "-fno-split"];

/// The planted fault of the `fault` design (rtl/nic_rx_dma.sv: bit 0 of the
/// RSS hash in the RX write-back is flipped).
const FAULT_DEFINE: &str = "+define+NIC_FAULT_RSS_BIT";

#[derive(Debug, Clone)]
struct Port {
    name: String,
    output: bool,
    width: u32,
}

fn fail(msg: &str) -> ! {
    panic!("\n\nnicsim-cosim: {msg}\n\n");
}

fn main() {
    let t0 = Instant::now();
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap().to_path_buf();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for p in ["build.rs", "src/bridge.rs", "csrc/rtl_sim.h", "csrc/rtl_sim_impl.h", "csrc/bridge.cpp"] {
        println!("cargo:rerun-if-changed={p}");
    }
    for v in ["NICSIM_RTL_F", "NICSIM_VERILATOR_FLAGS", "NICSIM_COSIM_DEBUG", "NICSIM_COSIM_TRACE"] {
        println!("cargo:rerun-if-env-changed={v}");
    }

    let verilator = env::var("DEP_VERILATED_BIN").unwrap_or_else(|_| "verilator".into());
    let vl_inc = PathBuf::from(env::var("DEP_VERILATED_INCLUDE").expect("nicsim-verilated metadata"));
    let vl_std = PathBuf::from(env::var("DEP_VERILATED_VLTSTD").expect("nicsim-verilated metadata"));
    let vl_defines = env::var("DEP_VERILATED_DEFINES").unwrap_or_default();
    let vl_flags = env::var("DEP_VERILATED_FLAGS").unwrap_or_default();
    let vl_version = env::var("DEP_VERILATED_VERSION").unwrap_or_default();

    // ---------------------------------------------------------- which RTL
    let stub_f = root.join(STUB_F);
    let (main_f, main_is_stub) = match env::var_os("NICSIM_RTL_F") {
        Some(f) => {
            let p = root.join(PathBuf::from(f));
            if !p.exists() {
                fail(&format!("NICSIM_RTL_F={} does not exist", p.display()));
            }
            let is_stub = fs::canonicalize(&p).ok() == fs::canonicalize(&stub_f).ok();
            (p, is_stub)
        }
        None => {
            let p = root.join(DEFAULT_F);
            if p.exists() {
                (p, false)
            } else {
                println!(
                    "cargo:warning=nicsim-cosim: {DEFAULT_F} does not exist yet: building the plumbing STUB \
                     ({STUB_F}) as nic_top; `--engine rtl|lockstep` will run the stub, not the NIC"
                );
                // Created later: rebuild then.
                println!("cargo:rerun-if-changed={}", root.join("rtl").display());
                (stub_f.clone(), true)
            }
        }
    };
    // NICSIM_COSIM_TRACE=0: the main design without trace support (no
    // FST; not faster, see `traced`). The stub keeps it (its tests trace).
    let main_traced = main_is_stub || env::var("NICSIM_COSIM_TRACE").map_or(true, |v| v != "0");
    let mut designs = vec![Design {
        name: "main",
        prefix: "Vnic_top",
        file_list: main_f.clone(),
        is_stub: main_is_stub,
        traced: main_traced,
        defines: &[],
        opt_level: 2,
        params: vec![("RX_QUEUES", RX_QUEUES)],
        flags: &[],
        split: false,
    }];
    let want_stub = env::var_os("CARGO_FEATURE_STUB").is_some();
    let stub_separate = want_stub && !main_is_stub;
    if stub_separate {
        designs.push(Design {
            name: "stub",
            prefix: "Vnic_stub",
            file_list: stub_f.clone(),
            is_stub: true,
            traced: true,
            defines: &[],
            opt_level: 2,
            params: vec![("RX_QUEUES", RX_QUEUES)],
            flags: &[],
            split: false,
        });
    }
    // The fault design: the main RTL with the planted fault. Not traced and
    // compiled at -O0 (about 2.5x quicker to compile than -O2; the test runs
    // a few hundred cycles). Only when the main design is the NIC.
    let fault_built = env::var_os("CARGO_FEATURE_FAULT").is_some() && !main_is_stub;
    if fault_built {
        designs.push(Design {
            name: "fault",
            prefix: "Vnic_fault",
            file_list: main_f.clone(),
            is_stub: false,
            traced: false,
            defines: &[FAULT_DEFINE],
            opt_level: 0,
            params: vec![("RX_QUEUES", RX_QUEUES)],
            flags: &[],
            split: false,
        });
    }
    // The small design: the main RTL with other parameters (a second
    // parameter set in lockstep, for `make regress` and `nicsim fuzz`).
    // Untraced, -O2 (it runs millions of cycles).
    let small_built = env::var_os("CARGO_FEATURE_SMALL").is_some() && !main_is_stub;
    if small_built {
        designs.push(Design {
            name: "small",
            prefix: "Vnic_small",
            file_list: main_f.clone(),
            is_stub: false,
            traced: false,
            defines: &[],
            opt_level: 2,
            params: SMALL_PARAMS.to_vec(),
            flags: &[],
            split: false,
        });
    }
    // The coverage design: the main RTL and parameters verilated with line
    // and toggle coverage (~35 MB of C++, 4x the main design's). Split: as
    // one TU it took 400 s at -O0 and ran ~900 cycles/s; its one huge
    // function (`_configure_coverage`, 3 MB, run once) alone took 770 s at
    // -O2. So every Verilator file is its own TU, compiled in parallel, the
    // per-cycle (`fast`) ones at -O2 and the run-once (`__Slow`) ones at -O0
    // (Verilator's own Makefile splits them the same way: OPT_FAST/OPT_SLOW).
    let cov_built = env::var_os("CARGO_FEATURE_COVERAGE").is_some() && !main_is_stub;
    if cov_built {
        designs.push(Design {
            name: "cov",
            prefix: "Vnic_cov",
            file_list: main_f.clone(),
            is_stub: false,
            traced: false,
            defines: &[],
            opt_level: 2,
            params: vec![("RX_QUEUES", RX_QUEUES)],
            flags: COVERAGE_FLAGS,
            split: true,
        });
    }

    // ------------------------------------------------------- cxx bridge
    let bridge_fields = parse_bridge(&manifest.join("src/bridge.rs"));
    let mut bridge = cxx_build::bridge("src/bridge.rs");
    let cxx_inc = out.join("cxxbridge").join("include");
    let cxx_crate = out.join("cxxbridge").join("crate");
    let ffi_h = cxx_inc.join("nicsim-cosim/src/bridge.rs.h");
    let ffi_cc = out.join("cxxbridge/sources/nicsim-cosim/src/bridge.rs.cc");
    bridge.file("csrc/bridge.cpp").opt_level(2).debug(false).std("c++17").warnings(false);
    if stub_separate {
        bridge.define("NICSIM_HAVE_STUB", None);
    } else if main_is_stub && want_stub {
        bridge.define("NICSIM_STUB_IS_MAIN", None);
    }
    if fault_built {
        bridge.define("NICSIM_HAVE_FAULT", None);
    }
    if small_built {
        bridge.define("NICSIM_HAVE_SMALL", None);
    }
    if cov_built {
        bridge.define("NICSIM_HAVE_COV", None);
    }
    let bridge_key = format!(
        "{:?} {} {} {} {} {}",
        bridge.get_compiler().args(),
        stub_separate,
        main_is_stub && want_stub,
        fault_built,
        small_built,
        cov_built
    );
    let mut objects = compile_cached(
        &out,
        "bridge",
        &bridge,
        &[&ffi_cc, &manifest.join("csrc/bridge.cpp"), &ffi_h, &manifest.join("csrc/rtl_sim.h")],
        &bridge_key,
    );

    // ---------------------------------------------------------- designs
    let mut info = String::new();
    writeln!(info, "// Generated by nicsim-cosim/build.rs.").unwrap();
    writeln!(info, "pub const RX_QUEUES: usize = {RX_QUEUES};").unwrap();
    writeln!(info, "pub const MAIN_FILE_LIST: &str = {:?};", main_f.display().to_string()).unwrap();
    writeln!(info, "pub const MAIN_IS_STUB: bool = {main_is_stub};").unwrap();
    writeln!(info, "pub const STUB_BUILT: bool = {};", want_stub || main_is_stub).unwrap();
    writeln!(info, "pub const FAULT_BUILT: bool = {fault_built};").unwrap();
    writeln!(info, "pub const FAULT_DEFINE: &str = {FAULT_DEFINE:?};").unwrap();
    writeln!(info, "pub const SMALL_BUILT: bool = {small_built};").unwrap();
    writeln!(info, "pub const COV_BUILT: bool = {cov_built};").unwrap();
    let sp: Vec<String> = SMALL_PARAMS.iter().map(|(_, v)| v.to_string()).collect();
    writeln!(
        info,
        "/// queues, fifo_words, meta_depth, desc_cache, max_reads, tx_fifo_words, tx_meta_depth, cycles_per_us of the small design."
    )
    .unwrap();
    writeln!(info, "pub const SMALL_CONFIG: [usize; {}] = [{}];", sp.len(), sp.join(", ")).unwrap();
    let sn: Vec<String> = SMALL_PARAMS.iter().map(|(n, v)| format!("{n}={v}")).collect();
    writeln!(info, "pub const SMALL_PARAMS: &str = {:?};", sn.join(" ")).unwrap();
    writeln!(info, "pub const VERILATOR_VERSION: &str = {vl_version:?};").unwrap();
    // Verilate each design (sequentially: ~1 s each), then compile their
    // translation units in parallel (one thread per design that needs it).
    let mut jobs = Vec::new();
    for d in &designs {
        let tv = Instant::now();
        let obj_dir = out.join(d.name).join("obj");
        let ports = verilate(&root, &verilator, d, &obj_dir);
        let verilate_s = tv.elapsed().as_secs_f64();
        check_ports(d, &ports, &bridge_fields);
        let tu = out.join(d.name).join("design.cpp");
        let classes = parse_classes(&obj_dir.join(format!("{}_classes.mk", d.prefix)));
        // One eval per cycle when the rising-edge trigger's "previous clock"
        // member exists (Verilator 5's scheduler; see rtl_sim_impl.h).
        let root_h = fs::read_to_string(obj_dir.join(format!("{}___024root.h", d.prefix))).unwrap_or_default();
        let fast_edge = root_h.contains(&format!("{FAST_EDGE_MEMBER};"));
        write_if_changed(&tu, &design_tu(d, &classes, &ports, &bridge_fields, fast_edge));
        let new_build = |opt: u32| {
            let mut b = cc::Build::new();
            b.cpp(true)
                .opt_level(opt)
                .debug(env::var_os("NICSIM_COSIM_DEBUG").is_some())
                .warnings(false)
                .include(&obj_dir)
                .include(&vl_inc)
                .include(&vl_std)
                .include(&cxx_inc)
                .include(&cxx_crate);
            for def in vl_defines.split_whitespace() {
                let (k, v) = def.split_once('=').unwrap_or((def, "1"));
                b.define(k, Some(v));
            }
            for f in vl_flags.split_whitespace() {
                b.flag_if_supported(f);
            }
            b
        };
        let mut headers = vec![manifest.join("csrc/rtl_sim.h"), manifest.join("csrc/rtl_sim_impl.h"), ffi_h.clone()];
        if let Ok(rd) = fs::read_dir(&obj_dir) {
            let mut hs: Vec<PathBuf> =
                rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "h")).collect();
            hs.sort();
            headers.extend(hs);
        }
        // (builds, cache name, their input files)
        let mut units: Vec<(String, cc::Build, Vec<PathBuf>)> = Vec::new();
        let mut b = new_build(d.opt_level);
        b.file(&tu);
        let mut inputs: Vec<PathBuf> = vec![tu.clone()];
        if d.split {
            // The glue TU and the per-cycle files at the design's level; the
            // run-once (`__Slow`) files at -O0. cc compiles the files of a
            // build in parallel (its `parallel` feature, cargo's jobserver).
            let mut slow = new_build(0);
            let mut slow_inputs = Vec::new();
            for (c, is_slow) in &classes {
                let f = obj_dir.join(format!("{c}.cpp"));
                if *is_slow {
                    slow.file(&f);
                    slow_inputs.push(f);
                } else {
                    b.file(&f);
                    inputs.push(f);
                }
            }
            slow_inputs.extend(headers.iter().cloned());
            units.push((format!("{}_slow", d.name), slow, slow_inputs));
            inputs.extend(headers);
        } else {
            // (This order keeps the cache keys of the one-TU designs as they were.)
            let obj_headers = headers.split_off(3);
            inputs.extend(headers);
            inputs.extend(classes.iter().map(|(c, _)| obj_dir.join(format!("{c}.cpp"))));
            inputs.extend(obj_headers);
        }
        units.insert(0, (d.name.to_string(), b, inputs));
        let pname = d.name.to_uppercase();
        writeln!(info, "pub const {pname}_TRACED: bool = {};", d.traced).unwrap();
        writeln!(info, "pub const {pname}_PORTS: &[(&str, bool, u32)] = &[").unwrap();
        for p in &ports {
            writeln!(info, "    ({:?}, {}, {}),", p.name, p.output, p.width).unwrap();
        }
        writeln!(info, "];").unwrap();
        for (name, b, inputs) in units {
            let key = format!("{:?} {vl_version} {vl_defines}", b.get_compiler().args());
            jobs.push((name, verilate_s, b, inputs, key));
        }
    }
    let out_ref = &out;
    let compiled: Vec<(Vec<PathBuf>, String)> = std::thread::scope(|sc| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(name, verilate_s, b, inputs, key)| {
                sc.spawn(move || {
                    let refs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
                    let tc = Instant::now();
                    let objs = compile_cached(out_ref, &format!("design_{name}"), b, &refs, key);
                    (objs, format!("{name}: verilate {verilate_s:.1} s, C++ {:.1} s", tc.elapsed().as_secs_f64()))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut timings = Vec::new();
    for (objs, t) in compiled {
        objects.extend(objs);
        timings.push(t);
    }
    if !stub_separate {
        writeln!(info, "pub const STUB_PORTS: &[(&str, bool, u32)] = MAIN_PORTS;").unwrap();
        writeln!(info, "pub const STUB_TRACED: bool = MAIN_TRACED;").unwrap();
    }
    if !fault_built {
        writeln!(info, "pub const FAULT_PORTS: &[(&str, bool, u32)] = MAIN_PORTS;").unwrap();
        writeln!(info, "pub const FAULT_TRACED: bool = false;").unwrap();
    }
    if !small_built {
        writeln!(info, "pub const SMALL_PORTS: &[(&str, bool, u32)] = MAIN_PORTS;").unwrap();
        writeln!(info, "pub const SMALL_TRACED: bool = false;").unwrap();
    }
    if !cov_built {
        writeln!(info, "pub const COV_PORTS: &[(&str, bool, u32)] = MAIN_PORTS;").unwrap();
        writeln!(info, "pub const COV_TRACED: bool = false;").unwrap();
    }
    writeln!(info, "pub const STUB_FILE_LIST: &str = {:?};", stub_f.display().to_string()).unwrap();
    write_if_changed(&out.join("design_info.rs"), &info);

    // One archive: the linker resolves bridge -> design -> runtime within it.
    let lib = out.join("libnicsim_cosim_rtl.a");
    let _ = fs::remove_file(&lib);
    let ar = bridge.get_archiver();
    let mut cmd = ar;
    cmd.arg("crs").arg(&lib).args(&objects);
    let st = cmd.status().unwrap_or_else(|e| fail(&format!("cannot run ar: {e}")));
    if !st.success() {
        fail("ar failed");
    }
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=nicsim_cosim_rtl");
    println!("cargo:rustc-link-lib=stdc++");
    let summary = format!("{} (total {:.1} s)", timings.join("; "), t0.elapsed().as_secs_f64());
    fs::write(out.join("build_times.txt"), &summary).unwrap();
    if env::var_os("NICSIM_COSIM_TIMINGS").is_some() {
        println!("cargo:warning=nicsim-cosim build: {summary}");
    }
}

/// Fields of `struct In` / `struct Out` in the bridge, with their Rust type.
struct BridgeFields {
    inputs: Vec<(String, String)>,
    outputs: Vec<(String, String)>,
}

fn parse_bridge(path: &Path) -> BridgeFields {
    let src = fs::read_to_string(path).unwrap();
    let grab = |name: &str| -> Vec<(String, String)> {
        let start = src
            .find(&format!("struct {name} {{"))
            .unwrap_or_else(|| fail(&format!("no struct {name} in src/bridge.rs")));
        let body = &src[start..];
        let end = body.find('}').unwrap();
        body[..end]
            .lines()
            .skip(1)
            .filter_map(|l| {
                let l = l.trim().trim_end_matches(',');
                let (n, t) = l.split_once(':')?;
                Some((n.trim().to_string(), t.trim().to_string()))
            })
            .collect()
    };
    BridgeFields { inputs: grab("In"), outputs: grab("Out") }
}

fn type_bits(t: &str) -> u32 {
    match t {
        "bool" => 1,
        "u8" => 8,
        "u16" => 16,
        "u32" => 32,
        "u64" => 64,
        _ => fail(&format!("unsupported port type {t} in src/bridge.rs")),
    }
}

fn run_verilator(root: &Path, verilator: &str, args: &[String]) -> (bool, String) {
    let out = Command::new(verilator).current_dir(root).args(args).output().unwrap_or_else(|e| {
        fail(&format!("cannot run {verilator}: {e}: run `make deps` (or `apt-get install verilator zlib1g-dev`)"))
    });
    let mut text = String::from_utf8_lossy(&out.stderr).to_string();
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    (out.status.success(), text)
}

/// Runs Verilator for `d` into `obj_dir`; returns the ports of the model header.
fn verilate(root: &Path, verilator: &str, d: &Design, obj_dir: &Path) -> Vec<Port> {
    fs::create_dir_all(obj_dir).unwrap();
    let mut args: Vec<String> = [
        "--cc",
        "-O3",
        "--x-assign",
        "fast",
        "--x-initial",
        "fast",
        "--no-timing",
        "--timescale-override",
        "1ns/1ps",
        "--MMD",
        "-Wno-fatal",
        "--top-module",
        "nic_top",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if d.traced {
        args.push("--trace-fst".into());
    }
    for (k, v) in &d.params {
        args.push(format!("-G{k}={v}"));
    }
    args.push("--prefix".into());
    args.push(d.prefix.into());
    args.push("--Mdir".into());
    args.push(obj_dir.display().to_string());
    args.extend(d.defines.iter().map(|s| s.to_string()));
    args.extend(d.flags.iter().map(|s| s.to_string()));
    if let Ok(extra) = env::var("NICSIM_VERILATOR_FLAGS") {
        args.extend(extra.split_whitespace().map(String::from));
    }
    args.push("-f".into());
    args.push(d.file_list.display().to_string());
    // Stale outputs of an earlier run must not be picked up.
    if let Ok(rd) = fs::read_dir(obj_dir) {
        for e in rd.flatten() {
            let _ = fs::remove_file(e.path());
        }
    }
    println!("cargo:rerun-if-changed={}", d.file_list.display());
    let (ok, text) = run_verilator(root, verilator, &args);
    // Dependencies Verilator read (sources, includes, packages, file lists).
    let dfile = obj_dir.join(format!("{}__ver.d", d.prefix));
    if let Ok(dep) = fs::read_to_string(&dfile) {
        if let Some((_, deps)) = dep.split_once(" : ") {
            // (verilator_bin itself included: a Verilator upgrade rebuilds.)
            let mut seen = BTreeSet::new();
            for f in deps.split_whitespace() {
                let p = root.join(f);
                if seen.insert(p.clone()) {
                    println!("cargo:rerun-if-changed={}", p.display());
                }
            }
        }
    } else {
        // Verilator failed before writing it: rebuild when any listed file changes.
        for f in list_files(root, &d.file_list) {
            println!("cargo:rerun-if-changed={}", f.display());
        }
    }
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("%Warning")).collect();
    for w in warnings.iter().take(20) {
        println!("cargo:warning=verilator ({}): {w}", d.name);
    }
    if warnings.len() > 20 {
        println!("cargo:warning=verilator ({}): ... {} more warnings", d.name, warnings.len() - 20);
    }
    if !ok {
        fail(&format!(
            "verilator failed on {} (design {}):\n  (cd {} && {verilator} {})\n{text}",
            d.file_list.display(),
            d.name,
            root.display(),
            args.join(" ")
        ));
    }
    parse_ports(&obj_dir.join(format!("{}.h", d.prefix)))
}

/// Files named in a .f list (for rerun-if-changed when Verilator failed).
fn list_files(root: &Path, f: &Path) -> Vec<PathBuf> {
    let Ok(text) = fs::read_to_string(f) else { return vec![] };
    let mut v = Vec::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        for tok in line.split_whitespace() {
            if let Some(dir) = tok.strip_prefix("+incdir+") {
                v.push(root.join(dir));
            } else if !tok.starts_with('-') && !tok.starts_with('+') {
                v.push(root.join(tok));
            }
        }
    }
    v
}

/// `VL_IN8(&name,msb,lsb);` / `VL_OUT64(...)` lines of the model header.
fn parse_ports(header: &Path) -> Vec<Port> {
    let text = fs::read_to_string(header).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", header.display())));
    let mut ports = Vec::new();
    for l in text.lines() {
        let l = l.trim();
        let (output, rest) = if let Some(r) = l.strip_prefix("VL_IN") {
            (false, r)
        } else if let Some(r) = l.strip_prefix("VL_OUT") {
            (true, r)
        } else if l.starts_with("VL_INOUT") {
            fail(&format!("nic_top has an inout port ({l}): not supported"));
        } else {
            continue;
        };
        let Some(open) = rest.find("(&") else { continue };
        let kind = &rest[..open];
        if kind == "W" {
            fail(&format!("nic_top port wider than 64 bits ({l}): not supported by the bridge"));
        }
        let inner = rest[open + 2..].trim_end_matches(';').trim_end_matches(')');
        let parts: Vec<&str> = inner.split(',').map(|s| s.trim()).collect();
        let (name, msb, lsb) = (parts[0], parts[1].parse::<u32>().unwrap(), parts[2].parse::<u32>().unwrap());
        ports.push(Port { name: name.to_string(), output, width: msb - lsb + 1 });
    }
    ports
}

fn check_ports(d: &Design, ports: &[Port], f: &BridgeFields) {
    let mut errs = Vec::new();
    let find = |n: &str| ports.iter().find(|p| p.name == n);
    for (n, dir) in [("clk", false), ("rst", false), ("stat_idle", true)] {
        match find(n) {
            Some(p) if p.output == dir && p.width == 1 => {}
            Some(p) => {
                errs.push(format!("port {n} must be a 1-bit {}, is a {}-bit {}", dirn(dir), p.width, dirn(p.output)))
            }
            None => errs.push(format!("port {n} is missing")),
        }
    }
    for (fields, output) in [(&f.inputs, false), (&f.outputs, true)] {
        for (n, t) in fields {
            match find(n) {
                None => errs.push(format!("{} {n} (nicsim_hw::ports) has no RTL port", dirn(output))),
                Some(p) if p.output != output => errs.push(format!(
                    "port {n} is an {} in the RTL, an {} in nicsim_hw::ports",
                    dirn(p.output),
                    dirn(output)
                )),
                Some(p) if p.width > type_bits(t) => {
                    errs.push(format!("port {n} is {} bits in the RTL, {t} in nicsim_hw::ports", p.width))
                }
                Some(p) if t == "bool" && p.width != 1 => {
                    errs.push(format!("port {n} is {} bits in the RTL, bool in nicsim_hw::ports", p.width))
                }
                _ => {}
            }
        }
    }
    for p in ports {
        let known = ["clk", "rst"].contains(&p.name.as_str())
            || f.inputs.iter().any(|(n, _)| *n == p.name)
            || f.outputs.iter().any(|(n, _)| *n == p.name);
        if !known {
            errs.push(format!(
                "RTL {} {} is not in nicsim_hw::ports (add it there and to cosim/src/bridge.rs)",
                dirn(p.output),
                p.name
            ));
        }
    }
    if !errs.is_empty() {
        fail(&format!(
            "the ports of nic_top ({}) do not match nicsim_hw::ports:\n  - {}",
            d.file_list.display(),
            errs.join("\n  - ")
        ));
    }
}

fn dirn(output: bool) -> &'static str {
    if output {
        "output"
    } else {
        "input"
    }
}

/// Class files (without .cpp) from `<prefix>_classes.mk`, in its order, and
/// whether Verilator lists them as run-once (`_SLOW`: low optimisation).
fn parse_classes(mk: &Path) -> Vec<(String, bool)> {
    let text = fs::read_to_string(mk).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", mk.display())));
    let mut v = Vec::new();
    let mut take = false;
    let mut slow = false;
    for l in text.lines() {
        let t = l.trim();
        if let Some((var, _)) = t.split_once("+=") {
            let var = var.trim();
            take = matches!(var, "VM_CLASSES_FAST" | "VM_CLASSES_SLOW" | "VM_SUPPORT_FAST" | "VM_SUPPORT_SLOW");
            slow = var.ends_with("_SLOW");
            continue;
        }
        if t.is_empty() {
            take = false;
            continue;
        }
        if take {
            let name = t.trim_end_matches('\\').trim();
            if !name.is_empty() {
                v.push((name.to_string(), slow));
            }
        }
    }
    if v.is_empty() {
        fail(&format!("no classes in {}", mk.display()));
    }
    v
}

fn cxx_type(t: &str) -> &'static str {
    match t {
        "bool" => "bool",
        "u8" => "uint8_t",
        "u16" => "uint16_t",
        "u32" => "uint32_t",
        _ => "uint64_t",
    }
}

/// The Verilator 5 root member that remembers the clock of the last eval
/// (the rising-edge trigger is `clk & ~prev`).
const FAST_EDGE_MEMBER: &str = "__Vtrigrprev__TOP__clk";

fn design_tu(d: &Design, classes: &[(String, bool)], ports: &[Port], f: &BridgeFields, fast_edge: bool) -> String {
    let mut s = String::new();
    let what = if d.is_stub {
        "the plumbing stub".to_string()
    } else if d.defines.is_empty() {
        "the NIC".to_string()
    } else {
        format!("the NIC with {}", d.defines.join(" "))
    };
    writeln!(
        s,
        "// Generated by nicsim-cosim/build.rs: design `{}` = {what} ({}). Do not edit.",
        d.name,
        d.file_list.display()
    )
    .unwrap();
    if d.split {
        writeln!(s, "// The port glue only: Verilator's sources are compiled as their own translation units.").unwrap();
    } else {
        writeln!(s, "// All Verilated sources in one translation unit, as Verilator's own __ALL.cpp.").unwrap();
        for (c, _) in classes {
            // By name (the obj dir is on the include path): the TU's text, and so
            // its cache key, does not depend on OUT_DIR.
            writeln!(s, "#include \"{c}.cpp\"").unwrap();
        }
    }
    writeln!(s, "#include \"{}.h\"", d.prefix).unwrap();
    if fast_edge {
        writeln!(s, "#include \"{}___024root.h\"", d.prefix).unwrap();
    }
    writeln!(s, "#include \"nicsim-cosim/csrc/rtl_sim_impl.h\"\n").unwrap();
    writeln!(s, "namespace nicsim {{\nnamespace {{\n\nstruct Ports {{").unwrap();
    writeln!(s, "    static inline void set({p}& m, const In& i) {{", p = d.prefix).unwrap();
    for (n, t) in &f.inputs {
        let w = ports.iter().find(|p| p.name == *n).unwrap().width;
        if t == "bool" || w == type_bits(t) {
            writeln!(s, "        m.{n} = i.{n};").unwrap();
        } else {
            let mask: u64 = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
            writeln!(s, "        m.{n} = i.{n} & {mask:#x}ULL;  // [{}:0]", w - 1).unwrap();
        }
    }
    writeln!(s, "    }}").unwrap();
    writeln!(s, "    static inline void get(const {p}& m, Out& o) {{", p = d.prefix).unwrap();
    for (n, t) in &f.outputs {
        if t == "bool" {
            writeln!(s, "        o.{n} = m.{n} != 0;").unwrap();
        } else {
            writeln!(s, "        o.{n} = static_cast<{}>(m.{n});", cxx_type(t)).unwrap();
        }
    }
    writeln!(s, "    }}").unwrap();
    writeln!(s, "    static constexpr bool FAST_EDGE = {fast_edge};").unwrap();
    writeln!(s, "    // Marks the clock low as of the last eval: the next eval with clk = 1 is a rising edge.")
        .unwrap();
    if fast_edge {
        writeln!(s, "    static inline void fell({p}& m) {{ m.rootp->{FAST_EDGE_MEMBER} = 0; }}", p = d.prefix)
            .unwrap();
    } else {
        writeln!(s, "    static inline void fell({p}&) {{}}", p = d.prefix).unwrap();
    }
    writeln!(s, "}};\n\n}}  // namespace\n").unwrap();
    writeln!(s, "std::unique_ptr<RtlSim> make_design_{}(uint32_t reset_cycles, Out& out) {{", d.name).unwrap();
    writeln!(s, "    return std::make_unique<RtlSimImpl<{}, Ports, {}>>(reset_cycles, out);\n}}\n", d.prefix, d.traced)
        .unwrap();
    writeln!(s, "}}  // namespace nicsim").unwrap();
    s
}

fn write_if_changed(p: &Path, text: &str) {
    if fs::read_to_string(p).ok().as_deref() != Some(text) {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// Compiles the files of `b` into objects under `$OUT_DIR/cache/<name>/<hash>`,
/// where the hash covers the contents of `inputs` and `key` (the compiler
/// command); an existing entry is reused. The three newest entries per name
/// are kept, so switching NICSIM_RTL_F / NICSIM_COSIM_TRACE back and forth
/// does not recompile.
fn compile_cached(out: &Path, name: &str, b: &cc::Build, inputs: &[&Path], key: &str) -> Vec<PathBuf> {
    // The key names OUT_DIR (include paths); inputs are hashed by file name
    // and contents. So the same design compiled for another profile or
    // feature set (another OUT_DIR: `make test`'s dev build, `make
    // regress`'s release build) hits the same entry of the shared cache.
    let mut h = DefaultHasher::new();
    key.replace(&out.display().to_string(), "$OUT_DIR").hash(&mut h);
    for p in inputs {
        p.file_name().hash(&mut h);
        fs::read(p).unwrap_or_default().hash(&mut h);
    }
    let base = cache_root(out).join(name);
    let dir = base.join(format!("{:016x}", h.finish()));
    let list = dir.join("objects");
    if let Ok(l) = fs::read_to_string(&list) {
        let objs: Vec<PathBuf> = l.lines().map(PathBuf::from).collect();
        if !objs.is_empty() && objs.iter().all(|o| o.exists()) {
            // Mark as recently used.
            let _ = fs::write(dir.join("used"), "");
            return objs;
        }
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let mut b = b.clone();
    b.out_dir(&dir).cargo_metadata(false);
    let objs = b.compile_intermediates();
    let text: Vec<String> = objs.iter().map(|o| o.display().to_string()).collect();
    fs::write(&list, text.join("\n")).unwrap();
    let _ = fs::write(dir.join("used"), "");
    // Several profiles and feature sets share the cache: keep a few more.
    prune(&base, 6);
    objs
}

/// `<target>/nicsim-cosim-cache` when OUT_DIR is cargo's usual
/// `<target>/<profile>/build/<pkg>-<hash>/out` (cargo locks the target dir,
/// so builds sharing it never run at once), else `$OUT_DIR/cache`.
fn cache_root(out: &Path) -> PathBuf {
    let build = out.parent().and_then(Path::parent);
    match (build, out.ancestors().nth(4)) {
        (Some(b), Some(target)) if b.file_name().is_some_and(|n| n == "build") => target.join("nicsim-cosim-cache"),
        _ => out.join("cache"),
    }
}

/// Keeps the `keep` most recently used cache entries under `base`.
fn prune(base: &Path, keep: usize) {
    let Ok(rd) = fs::read_dir(base) else { return };
    let (dirs, files): (Vec<_>, Vec<_>) = rd.flatten().map(|e| e.path()).partition(|p| p.is_dir());
    for f in files {
        let _ = fs::remove_file(f);
    }
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = dirs
        .into_iter()
        .map(|p| {
            let t = fs::metadata(p.join("used")).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            (t, p)
        })
        .collect();
    entries.sort();
    let n = entries.len();
    for (_, p) in entries.into_iter().take(n.saturating_sub(keep)) {
        let _ = fs::remove_dir_all(p);
    }
}
