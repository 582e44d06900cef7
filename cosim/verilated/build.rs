//! Compiles the Verilator runtime once, at -O2, and exports where it came from.
//! See src/lib.rs for the metadata dependents get.

use std::env;
use std::path::PathBuf;
use std::process::Command;

const INSTALL_HINT: &str = "run `make deps` (or `apt-get install verilator zlib1g-dev`)";

/// Defines the runtime is compiled with; Verilated code must use the same
/// (these are what verilated.mk passes for `--cc --trace-fst` models).
const DEFINES: &[(&str, &str)] =
    &[("VM_COVERAGE", "0"), ("VM_SC", "0"), ("VM_TRACE", "1"), ("VM_TRACE_FST", "1"), ("VM_TRACE_VCD", "0")];

/// Flags from verilated.mk (CFG_CXXFLAGS_NO_UNUSED): Verilator's code is not
/// warning-clean, and these are what its own makefiles use.
const FLAGS: &[&str] = &[
    "-std=gnu++17",
    "-faligned-new",
    "-fcf-protection=none",
    "-Wno-bool-operation",
    "-Wno-sign-compare",
    "-Wno-uninitialized",
    "-Wno-unused-but-set-variable",
    "-Wno-unused-parameter",
    "-Wno-unused-variable",
    "-Wno-shadow",
];

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    // A panic message is what cargo shows most prominently.
    panic!("{msg}");
}

fn verilator_bin() -> PathBuf {
    if let Some(p) = env::var_os("NICSIM_VERILATOR") {
        return PathBuf::from(p);
    }
    PathBuf::from("verilator")
}

fn run(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=csrc/nicsim_fatal.cpp");
    println!("cargo:rerun-if-env-changed=NICSIM_VERILATOR");
    println!("cargo:rerun-if-env-changed=VERILATOR_ROOT");
    println!("cargo:rerun-if-env-changed=NICSIM_COSIM_DEBUG");

    let bin = verilator_bin();
    let version_line = run(Command::new(&bin).arg("--version")).unwrap_or_else(|| {
        fail(&format!(
            "`{} --version` failed: Verilator is not installed (the RTL co-simulation needs Verilator 5 and zlib): {INSTALL_HINT}",
            bin.display()
        ))
    });
    // "Verilator 5.006 2023-01-22 rev (Debian 5.006-3)"
    let version = version_line.split_whitespace().nth(1).unwrap_or("").to_string();
    let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 5 {
        fail(&format!("found `{version_line}`, need Verilator 5.x: {INSTALL_HINT}"));
    }
    let root = match env::var_os("VERILATOR_ROOT") {
        Some(r) => PathBuf::from(r),
        None => PathBuf::from(
            run(Command::new(&bin).args(["--getenv", "VERILATOR_ROOT"]))
                .unwrap_or_else(|| fail(&format!("`verilator --getenv VERILATOR_ROOT` failed: {INSTALL_HINT}"))),
        ),
    };
    let inc = root.join("include");
    let vltstd = inc.join("vltstd");
    // verilated_cov.cpp: the coverage database (VerilatedContext::coveragep)
    // that a design verilated with --coverage (nicsim-cosim's `coverage`
    // feature) writes its counters to; unused by the other designs.
    let sources = ["verilated.cpp", "verilated_threads.cpp", "verilated_fst_c.cpp", "verilated_cov.cpp"];
    for s in sources.iter().chain(["verilated.h", "gtkwave/fstapi.c"].iter()) {
        let p = inc.join(s);
        if !p.exists() {
            fail(&format!("Verilator runtime source {} is missing: {INSTALL_HINT}", p.display()));
        }
        println!("cargo:rerun-if-changed={}", p.display());
    }

    let mut b = cc::Build::new();
    b.cpp(true)
        .opt_level(2)
        .debug(env::var_os("NICSIM_COSIM_DEBUG").is_some())
        .warnings(false)
        .include(&inc)
        .include(&vltstd)
        .define("VL_USER_FATAL", None);
    for (k, v) in DEFINES {
        b.define(k, Some(*v));
    }
    for f in FLAGS {
        b.flag_if_supported(f);
    }
    check_zlib(&b);
    for s in sources {
        b.file(inc.join(s));
    }
    b.file("csrc/nicsim_fatal.cpp");
    b.compile("nicsim_verilated_rt");
    println!("cargo:rustc-link-lib=z");
    println!("cargo:rustc-link-lib=pthread");

    let defines: Vec<String> = DEFINES.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("cargo:root={}", root.display());
    println!("cargo:include={}", inc.display());
    println!("cargo:vltstd={}", vltstd.display());
    println!("cargo:bin={}", bin.display());
    println!("cargo:version={version}");
    println!("cargo:defines={}", defines.join(" "));
    println!("cargo:flags={}", FLAGS.join(" "));
    println!("cargo:rustc-env=NICSIM_VERILATOR_VERSION={version}");
    println!("cargo:rustc-env=NICSIM_VERILATOR_ROOT={}", root.display());
}

/// The FST writer needs zlib.h; say so clearly instead of a compiler error.
fn check_zlib(b: &cc::Build) {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let probe = out.join("zlib_probe.c");
    std::fs::write(&probe, "#include <zlib.h>\nint main(void) { return 0; }\n").unwrap();
    let compiler = b.get_compiler();
    let mut cmd = Command::new(compiler.path());
    cmd.args(["-x", "c", "-E", "-o"]).arg(out.join("zlib_probe.i")).arg(&probe);
    let ok = cmd.output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        fail(&format!("zlib.h not found (Verilator's FST writer needs zlib1g-dev): {INSTALL_HINT}"));
    }
}
