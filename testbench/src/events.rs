//! The event trace (`--events FILE.jsonl`): one JSON line per host or
//! driver event, in the order the simulation runs them. Deterministic: every
//! field comes from simulated state (cycles, host picoseconds), never the
//! wall clock. See docs/ARCHITECTURE.md, "Event trace".
//!
//! Every line has `ev` (the kind), `cycle` (device cycle when the host
//! model ran it) and `ns` (host time of the CPU involved), then the kind's
//! own fields.

use serde::Serialize;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// One event. Serialized with `"ev": "<kind>"` first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "ev", rename_all = "snake_case")]
pub enum Event {
    /// An MSI-X message reached host memory (`ns` = its cycle's time).
    Msi {
        vector: usize,
        cpu: usize,
    },
    /// The interrupt handler of `vector` starts on `cpu`.
    Irq {
        vector: usize,
        cpu: usize,
    },
    /// napi_schedule from the handler; `merged`: it was scheduled already.
    NapiSchedule {
        queue: usize,
        cpu: usize,
        merged: bool,
    },
    PollStart {
        queue: usize,
        cpu: usize,
        weight: usize,
    },
    /// `rx_work`: frames handed up; `ret`: the value returned; `complete`:
    /// ret < weight (napi_complete_done); `dur_ns`: CPU time of the poll.
    PollEnd {
        queue: usize,
        cpu: usize,
        weight: usize,
        rx_work: usize,
        ret: usize,
        tx_cleaned: usize,
        complete: bool,
        dur_ns: u64,
    },
    /// EIMS written for `vector`; `lands_cycle`: the earliest cycle the
    /// device can apply it (issue + one-way MMIO latency; AXI-Lite
    /// queueing may add a few cycles).
    Unmask {
        vector: usize,
        lands_cycle: u64,
    },
    /// RDT written: `count` descriptors given back, new tail.
    Refill {
        queue: usize,
        count: usize,
        tail: usize,
    },
    /// TDT written: `descs` descriptors and `frames` frames handed over.
    Doorbell {
        queue: usize,
        tail: usize,
        descs: usize,
        frames: usize,
    },
    /// A net_rx_action round ended: `why` is `empty` (no NAPI left),
    /// `budget` (netdev_budget spent) or `time` (netdev_budget_usecs).
    SoftirqEnd {
        cpu: usize,
        budget_left: i64,
        why: &'static str,
    },
    /// __qdisc_run: `sent` frames handed to the driver, `requeued` when the
    /// driver answered busy, `backlog` frames left.
    QdiscRun {
        queue: usize,
        sent: usize,
        requeued: bool,
        backlog: usize,
    },
    /// Issue 11: dev_watchdog timed out TX queue `queue` (ndo_tx_timeout).
    TxTimeout {
        queue: usize,
    },
    /// Issue 11: the driver's reset task ran; `up`: the device came back.
    Reset {
        up: bool,
    },
    /// A NAPI rule broken (see `napi_check`).
    Violation {
        rule: &'static str,
        queue: Option<usize>,
        vector: Option<usize>,
        cpu: Option<usize>,
    },
}

/// An event with its time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stamped {
    pub cycle: u64,
    pub ns: u64,
    #[serde(flatten)]
    pub event: Event,
}

/// Where the trace goes.
pub enum EventLog {
    /// JSON lines to a file (or any writer); the first write error is kept.
    Writer { out: Box<dyn Write>, error: Option<String>, name: String },
    /// Kept in memory (the validation suite's plots and tests).
    Memory(Arc<Mutex<Vec<Stamped>>>, Vec<Stamped>),
}

impl EventLog {
    /// JSON lines into `out`; `name` names it in errors.
    pub fn writer(out: Box<dyn Write>, name: impl Into<String>) -> Self {
        EventLog::Writer { out, error: None, name: name.into() }
    }

    pub fn push(&mut self, cycle: u64, ns: u64, event: Event) {
        match self {
            EventLog::Writer { out, error, .. } => {
                if error.is_some() {
                    return;
                }
                let s = Stamped { cycle, ns, event };
                let r = serde_json::to_writer(&mut *out, &s).map_err(|e| e.to_string());
                let r = r.and_then(|_| out.write_all(b"\n").map_err(|e| e.to_string()));
                if let Err(e) = r {
                    *error = Some(e);
                }
            }
            EventLog::Memory(_, v) => v.push(Stamped { cycle, ns, event }),
        }
    }

    /// Flush; the first error, naming the file.
    pub fn finish(&mut self) -> Result<(), String> {
        match self {
            EventLog::Writer { out, error, name } => {
                if error.is_none() {
                    if let Err(e) = out.flush() {
                        *error = Some(e.to_string());
                    }
                }
                match error {
                    Some(e) => Err(format!("--events {name}: cannot write: {e}")),
                    None => Ok(()),
                }
            }
            EventLog::Memory(shared, v) => {
                if let Ok(mut s) = shared.lock() {
                    s.append(v);
                }
                Ok(())
            }
        }
    }
}

/// Where a run's trace should go (kept in the run's options).
#[derive(Clone, Debug)]
pub enum EventsTo {
    File(std::path::PathBuf),
    Memory(Arc<Mutex<Vec<Stamped>>>),
}

impl EventsTo {
    /// Open the log. A file is created (truncated) now.
    pub fn open(&self) -> Result<EventLog, String> {
        match self {
            EventsTo::File(p) => {
                let f = std::fs::File::create(p).map_err(|e| format!("--events {}: {e}", p.display()))?;
                Ok(EventLog::writer(Box::new(std::io::BufWriter::with_capacity(1 << 16, f)), p.display().to_string()))
            }
            EventsTo::Memory(m) => Ok(EventLog::Memory(m.clone(), Vec::new())),
        }
    }
}
