//! Measuring another process: its memory read from `/proc/<pid>` (Linux),
//! sampled while it runs, and its peak RSS and CPU time from the kernel's
//! own accounting when it is reaped (`wait4`).
//!
//! Why `wait4` by hand: `std::process::Child::wait` discards the child's
//! `rusage`, and the peak RSS it carries (`ru_maxrss`) is the child's own
//! `VmHWM`, which `/proc/<pid>/status` no longer shows once the child has
//! exited. No well-kept crate wraps just this call.

use crate::bench::monitor::parse_status_kb;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a running child's memory is read.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// One reading of a process's memory, in KiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Memory {
    /// Resident set size (`VmRSS`).
    pub rss: u64,
    /// Peak resident set size so far (`VmHWM`).
    pub hwm: u64,
    /// Anonymous resident memory (`smaps_rollup` `Anonymous`): the heap.
    pub anon: u64,
    /// File-backed resident memory (`smaps_rollup` `Rss` − `Anonymous`):
    /// mapped index and database files, the binary.
    pub file: u64,
}

impl Memory {
    /// Reads process `pid`'s memory now.
    pub fn of(pid: u32) -> Result<Memory> {
        let status_path = format!("/proc/{pid}/status");
        let status = std::fs::read_to_string(&status_path)
            .with_context(|| format!("cannot read {status_path}"))?;
        let rollup_path = format!("/proc/{pid}/smaps_rollup");
        let rollup = std::fs::read_to_string(&rollup_path)
            .with_context(|| format!("cannot read {rollup_path}"))?;
        let field = |text: &str, name: &str, path: &str| {
            parse_status_kb(text, name).with_context(|| format!("in {path}"))
        };
        let mapped = field(&rollup, "Rss", &rollup_path)?;
        let anon = field(&rollup, "Anonymous", &rollup_path)?;
        Ok(Memory {
            rss: field(&status, "VmRSS", &status_path)?,
            hwm: field(&status, "VmHWM", &status_path)?,
            anon,
            file: mapped.saturating_sub(anon),
        })
    }
}

/// The largest of each field over many readings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Peaks {
    pub rss: u64,
    pub anon: u64,
    pub file: u64,
    pub samples: u64,
}

impl Peaks {
    fn add(&mut self, memory: &Memory) {
        self.rss = self.rss.max(memory.rss).max(memory.hwm);
        self.anon = self.anon.max(memory.anon);
        self.file = self.file.max(memory.file);
        self.samples += 1;
    }
}

/// Reads a process's memory every [`SAMPLE_EVERY`] on a thread of its own
/// until stopped.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Peaks>,
}

impl Sampler {
    pub fn start(pid: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peaks = Peaks::default();
            while !flag.load(Ordering::Relaxed) {
                // The last reading may race the process's exit: a process
                // that is gone has nothing left to measure.
                if let Ok(memory) = Memory::of(pid) {
                    peaks.add(&memory);
                }
                std::thread::sleep(SAMPLE_EVERY);
            }
            peaks
        });
        Sampler { stop, thread }
    }

    pub fn finish(self) -> Peaks {
        self.stop.store(true, Ordering::Relaxed);
        // A sampler that panicked measured nothing.
        self.thread.join().unwrap_or_default()
    }
}

/// What a child process cost, from start to exit.
#[derive(Debug, Clone, Copy)]
pub struct ChildRun {
    /// Exit code (`None` if a signal ended it).
    pub code: Option<i32>,
    pub seconds: f64,
    /// User + system CPU time.
    pub cpu_seconds: f64,
    /// Peak RSS (`VmHWM`) in KiB, from the kernel's accounting at exit.
    pub hwm: u64,
    /// Peaks of the samples taken while it ran.
    pub sampled: Peaks,
}

/// Runs `command` to its end, sampling its memory.
pub fn run_measured(mut command: Command) -> Result<ChildRun> {
    let start = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let sampler = Sampler::start(child.id());
    let reaped = reap(child);
    let seconds = start.elapsed().as_secs_f64();
    let sampled = sampler.finish();
    let (code, usage) = reaped?;
    Ok(ChildRun {
        code,
        seconds,
        cpu_seconds: usage.cpu_seconds,
        hwm: usage.max_rss_kib,
        sampled,
    })
}

/// The kernel's accounting of a reaped child.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub cpu_seconds: f64,
    pub max_rss_kib: u64,
}

/// Waits for `child` to exit and returns its exit code and usage. The
/// `Child` must not have been waited for.
pub fn reap(child: Child) -> Result<(Option<i32>, Usage)> {
    let pid = libc::pid_t::try_from(child.id()).context("process id out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that the kernel fills in; zeroes are a
    // valid value of it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: both pointers are to live locals of the right types.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break rc;
    };
    if reaped != pid {
        bail!(
            "cannot wait for process {pid}: {}",
            std::io::Error::last_os_error()
        );
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok((
        code,
        Usage {
            cpu_seconds: time(usage.ru_utime) + time(usage.ru_stime),
            // Linux reports ru_maxrss in KiB.
            max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_own_memory() {
        let memory = Memory::of(std::process::id()).expect("memory");
        assert!(memory.rss > 0 && memory.hwm >= memory.rss / 2);
        assert!(memory.anon > 0 && memory.file > 0);
    }

    #[test]
    fn measures_a_child() {
        // A shell that touches ~40 MB of heap, then sleeps past a few samples.
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "x=$(head -c 40000000 /dev/zero | tr '\\0' a); sleep 0.3; exit 3",
        ]);
        let run = run_measured(command).expect("run");
        assert_eq!(run.code, Some(3));
        assert!(run.seconds >= 0.3);
        assert!(run.sampled.samples >= 2, "{run:?}");
        assert!(run.hwm >= 40_000, "{run:?}");
        assert!(run.cpu_seconds > 0.0);
    }
}
