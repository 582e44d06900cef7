//! The output files of a run: checked and opened before the simulation
//! starts, written as it goes under temporary names beside their final
//! ones, and renamed only when the run ends (or is interrupted) cleanly. A
//! failed run removes them: the user finds either complete files or none.

use crate::pcap::PcapSink;
use crate::report::{log_line, tx_log_line};
use crate::sim::{Fate, RunSink, TxFate};
use nicsim_hw::rss::Toeplitz;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One planned output: where it goes, and the temporary file written first.
#[derive(Debug)]
pub struct Planned {
    /// The option that named it, for messages (`--log`).
    pub flag: &'static str,
    pub path: PathBuf,
    pub tmp: PathBuf,
}

/// The outputs of one run.
#[derive(Debug, Default)]
pub struct OutputPlan {
    pub files: Vec<Planned>,
}

/// The same file, however it is spelled: the canonical directory plus the name.
fn identity(p: &Path) -> Option<PathBuf> {
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(dir.join(p.file_name()?))
}

impl OutputPlan {
    /// Checks `outputs` (flag, path) before anything runs: no path twice,
    /// none equal to an input, every directory exists and takes a new file
    /// (the temporary one is created now).
    pub fn new(outputs: &[(&'static str, &Path)], inputs: &[&Path]) -> Result<OutputPlan, String> {
        let mut plan = OutputPlan::default();
        let mut seen: Vec<(&'static str, PathBuf)> = Vec::new();
        for &(flag, path) in outputs {
            if path.as_os_str() == "-" || path.file_name().is_none() {
                return Err(format!("{flag} {}: give a file name (outputs cannot go to stdout)", path.display()));
            }
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
                _ => PathBuf::from("."),
            };
            if !dir.is_dir() {
                return Err(format!("{flag} {}: directory {} does not exist", path.display(), dir.display()));
            }
            if path.is_dir() {
                return Err(format!("{flag} {}: is a directory; give a file name", path.display()));
            }
            let id = identity(path).ok_or_else(|| format!("{flag} {}: cannot resolve the path", path.display()))?;
            if let Some((other, _)) = seen.iter().find(|(_, p)| *p == id) {
                return Err(format!("{flag} and {other} both write {}: give each output its own file", path.display()));
            }
            for input in inputs {
                if input.as_os_str() != "-" && identity(input).is_some_and(|i| i == id) {
                    return Err(format!("{flag} {} is also an input: it would overwrite the capture", path.display()));
                }
            }
            seen.push((flag, id));
            let name = path.file_name().expect("checked").to_string_lossy();
            let tmp = dir.join(format!(".{name}.nicsim-{}.tmp", std::process::id()));
            File::create(&tmp).map_err(|e| format!("{flag} {}: cannot create a file there: {e}", path.display()))?;
            plan.files.push(Planned { flag, path: path.to_owned(), tmp });
        }
        Ok(plan)
    }

    /// The temporary path of the output named by `flag`.
    pub fn tmp(&self, flag: &str) -> Option<&Path> {
        self.files.iter().find(|f| f.flag == flag).map(|f| f.tmp.as_path())
    }

    /// Moves every output to its final name.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, String> {
        let mut done = Vec::new();
        for f in std::mem::take(&mut self.files) {
            fs::rename(&f.tmp, &f.path).map_err(|e| format!("{} {}: cannot write: {e}", f.flag, f.path.display()))?;
            done.push(f.path);
        }
        Ok(done)
    }

    /// Removes every temporary file (the run failed).
    pub fn abort(mut self) {
        for f in std::mem::take(&mut self.files) {
            let _ = fs::remove_file(&f.tmp);
        }
    }
}

impl Drop for OutputPlan {
    /// A plan neither committed nor aborted (an early return) leaves nothing behind.
    fn drop(&mut self) {
        for f in &self.files {
            let _ = fs::remove_file(&f.tmp);
        }
    }
}

/// Timestamps of the output pcaps: the capture's own start plus simulated
/// time since traffic started, so the files line up with the input.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// First timestamp of the capture (ns since the epoch).
    pub capture_start_ns: u64,
    /// Simulated ns at which traffic started.
    pub t0_ns: u64,
}

impl Clock {
    pub fn stamp(&self, sim_ns: u64) -> u64 {
        self.capture_start_ns.saturating_add(sim_ns.saturating_sub(self.t0_ns))
    }
}

/// The streamed outputs of `nicsim replay`: the per-frame log and the RX
/// and wire pcaps, written as frames settle.
pub struct FileSink {
    /// (final path, temporary path) of each file, to name the final one in errors.
    names: Vec<(PathBuf, PathBuf)>,
    log: Option<(PathBuf, BufWriter<File>)>,
    rx_pcap: Option<PcapSink>,
    tx_pcap: Option<PcapSink>,
    toeplitz: Toeplitz,
    /// RX and TX pcap clocks (their captures' starts are learnt from the first frames).
    pub rx_clock: std::rc::Rc<std::cell::Cell<Clock>>,
    pub tx_clock: std::rc::Rc<std::cell::Cell<Clock>>,
}

impl FileSink {
    /// Writes the outputs of `plan` named `--log`, `--rx-pcap` and `--tx-pcap`.
    pub fn new(plan: &OutputPlan, key: &[u8; 40]) -> Result<Self, String> {
        let names = plan.files.iter().map(|f| (f.path.clone(), f.tmp.clone())).collect();
        let (log, rx_pcap, tx_pcap) = (plan.tmp("--log"), plan.tmp("--rx-pcap"), plan.tmp("--tx-pcap"));
        let log = match log {
            Some(p) => {
                let f = File::create(p).map_err(|e| format!("cannot write log {}: {e}", p.display()))?;
                Some((p.to_owned(), BufWriter::with_capacity(1 << 20, f)))
            }
            None => None,
        };
        let rx_pcap = rx_pcap.map(PcapSink::create).transpose().map_err(|e| e.to_string())?;
        let tx_pcap = tx_pcap.map(PcapSink::create).transpose().map_err(|e| e.to_string())?;
        Ok(FileSink {
            names,
            log,
            rx_pcap,
            tx_pcap,
            toeplitz: Toeplitz::new(key),
            rx_clock: Default::default(),
            tx_clock: Default::default(),
        })
    }

    /// An error message naming the final path rather than the temporary one.
    fn named(&self, e: String) -> String {
        let mut e = e;
        for (path, tmp) in &self.names {
            e = e.replace(&tmp.display().to_string(), &path.display().to_string());
        }
        e
    }

    /// Flushes every file; the first error names its file.
    pub fn finish(&mut self) -> Result<(), String> {
        self.finish_inner().map_err(|e| self.named(e))
    }

    fn finish_inner(&mut self) -> Result<(), String> {
        if let Some((p, w)) = self.log.as_mut() {
            w.flush().map_err(|e| format!("cannot write log {}: {e}", p.display()))?;
            w.get_ref().sync_data().ok();
        }
        for s in [self.rx_pcap.take(), self.tx_pcap.take()].into_iter().flatten() {
            s.finish().map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn log(&mut self, line: String) -> Result<(), String> {
        if let Some((p, w)) = self.log.as_mut() {
            writeln!(w, "{line}").map_err(|e| format!("cannot write log {}: {e}", p.display()))?;
        }
        Ok(())
    }
}

impl RunSink for FileSink {
    fn finish_files(&mut self) -> Result<(), String> {
        self.finish()
    }
    fn rename_error(&self, e: String) -> String {
        self.named(e)
    }
    fn start(&mut self, t0_ns: u64) {
        for c in [&self.rx_clock, &self.tx_clock] {
            c.set(Clock { t0_ns, ..c.get() });
        }
    }
    fn rx_fate(&mut self, index: usize, fate: &Fate, bytes: &[u8]) -> Result<(), String> {
        if self.log.is_some() {
            let line = log_line(index, fate, bytes, &self.toeplitz);
            self.log(line)?;
        }
        Ok(())
    }
    fn rx_delivered(&mut self, _index: usize, fate: &Fate, bytes: &[u8]) -> Result<(), String> {
        if let Some(s) = self.rx_pcap.as_mut() {
            let ts = self.rx_clock.get().stamp(fate.rx_ns.unwrap_or(0));
            s.write(ts, bytes).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
    fn tx_fate(&mut self, index: usize, fate: &TxFate) -> Result<(), String> {
        if self.log.is_some() {
            let line = tx_log_line(index, fate);
            self.log(line)?;
        }
        Ok(())
    }
    fn tx_wire(&mut self, ns: u64, bytes: &[u8]) -> Result<(), String> {
        if let Some(s) = self.tx_pcap.as_mut() {
            let ts = self.tx_clock.get().stamp(ns);
            s.write(ts, bytes).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}
