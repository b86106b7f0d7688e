//! Watching an import: progress counters, and memory read from
//! `/proc/self/status` (Linux).

use anyhow::{anyhow, Context, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Counters an import observer updates and the sampler reads.
#[derive(Debug, Default)]
pub struct Progress {
    pub total_bytes: AtomicU64,
    pub total_files: AtomicU64,
    pub done_bytes: AtomicU64,
    pub done_files: AtomicU64,
    pub works_created: AtomicU64,
    pub works_updated: AtomicU64,
}

impl Progress {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// A field of `/proc/self/status` in kB, such as `VmRSS` or `VmHWM`.
pub fn status_kb(field: &str) -> Result<u64> {
    parse_status_kb(&read_status()?, field).context("in /proc/self/status")
}

fn read_status() -> Result<String> {
    std::fs::read_to_string("/proc/self/status")
        .context("cannot read /proc/self/status (memory is measured on Linux only)")
}

/// A `Field:   N kB` line of a `/proc` file such as `status` or `smaps_rollup`.
pub fn parse_status_kb(status: &str, field: &str) -> Result<u64> {
    let value = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .ok_or_else(|| anyhow!("no {field} line"))?;
    let number = value.trim().trim_end_matches("kB").trim();
    number
        .parse()
        .with_context(|| format!("{field} is not a number of kB: {value:?}"))
}

/// Resets `VmHWM` to the current RSS, so a later peak belongs to what ran
/// after this call.
pub fn reset_peak() -> Result<()> {
    std::fs::write("/proc/self/clear_refs", "5").context("cannot reset the peak RSS")
}

/// One memory sample.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub seconds: f64,
    pub rss_kb: u64,
    /// The anonymous part of the RSS (`RssAnon`: heap, stacks), kB.
    pub anon_kb: u64,
    /// The file-backed part of the RSS (`RssFile`: mapped files such as
    /// index segments, and the program), kB.
    pub file_kb: u64,
    /// Input bytes the import had finished when the sample was taken.
    pub done_bytes: u64,
}

impl Sample {
    /// Reads this process's memory now.
    fn take(start: Instant, progress: &Progress) -> Result<Sample> {
        let status = read_status()?;
        Ok(Sample {
            seconds: start.elapsed().as_secs_f64(),
            rss_kb: parse_status_kb(&status, "VmRSS")?,
            anon_kb: parse_status_kb(&status, "RssAnon")?,
            file_kb: parse_status_kb(&status, "RssFile")?,
            done_bytes: Progress::get(&progress.done_bytes),
        })
    }
}

/// A thread sampling `VmRSS` at a fixed interval, printing progress to
/// stderr every few seconds.
pub struct Sampler {
    stop: mpsc::Sender<()>,
    handle: JoinHandle<Result<Vec<Sample>>>,
}

impl Sampler {
    pub fn start(progress: Arc<Progress>, interval: Duration) -> Sampler {
        let (stop, stopped) = mpsc::channel::<()>();
        let handle = std::thread::spawn(move || -> Result<Vec<Sample>> {
            let start = Instant::now();
            let mut samples = Vec::new();
            let mut last_log = Instant::now();
            loop {
                let sample = Sample::take(start, &progress)?;
                samples.push(sample);
                if last_log.elapsed() >= Duration::from_secs(5) {
                    last_log = Instant::now();
                    log_progress(&progress, &sample);
                }
                match stopped.recv_timeout(interval) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            samples.push(Sample::take(start, &progress)?);
            Ok(samples)
        });
        Sampler { stop, handle }
    }

    /// Stops sampling (after one last sample) and returns the samples.
    pub fn stop(self) -> Result<Vec<Sample>> {
        // Closing the channel wakes the thread and ends its loop.
        drop(self.stop);
        match self.handle.join() {
            Ok(result) => result,
            Err(_) => Err(anyhow!("the memory sampler thread panicked")),
        }
    }
}

fn log_progress(progress: &Progress, sample: &Sample) {
    let total = Progress::get(&progress.total_bytes);
    let percent = if total > 0 {
        format!("{:5.1}%", 100.0 * sample.done_bytes as f64 / total as f64)
    } else {
        "    ?".to_string()
    };
    eprintln!(
        "  import {percent}  {:>9.1} MB  {:>7.1} MB/s  RSS {:>7.1} MB  works {}",
        sample.done_bytes as f64 / 1e6,
        sample.done_bytes as f64 / 1e6 / sample.seconds.max(1e-9),
        kb_to_mb(sample.rss_kb),
        Progress::get(&progress.works_created)
    );
}

/// kB (KiB, as /proc writes them) to decimal MB.
pub fn kb_to_mb(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1e6
}

/// RSS when the import had read each fraction of its input: the first
/// sample at or past it, as `(rss_kb, max_rss_kb_so_far)`. `None` when no
/// sample got there.
pub fn rss_at(samples: &[Sample], total_bytes: u64, fractions: &[f64]) -> Vec<Option<(u64, u64)>> {
    fractions
        .iter()
        .map(|&f| {
            let target = (f * total_bytes as f64).ceil() as u64;
            let mut max = 0;
            for s in samples {
                max = max.max(s.rss_kb);
                if s.done_bytes >= target {
                    return Some((s.rss_kb, max));
                }
            }
            None
        })
        .collect()
}

/// The largest anonymous and the largest file-backed RSS among `samples`,
/// kB (each its own maximum: they may peak at different times).
pub fn sampled_parts_max(samples: &[Sample]) -> (u64, u64) {
    samples.iter().fold((0, 0), |(anon, file), s| {
        (anon.max(s.anon_kb), file.max(s.file_kb))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_proc_status() {
        let text = "Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n";
        assert_eq!(parse_status_kb(text, "VmRSS").expect("VmRSS"), 1024);
        assert_eq!(parse_status_kb(text, "VmHWM").expect("VmHWM"), 2048);
        assert!(parse_status_kb(text, "VmSwap").is_err());
        assert!(status_kb("VmRSS").expect("linux") > 0);
    }

    #[test]
    fn quartiles() {
        let s = |done_bytes, rss_kb| Sample {
            seconds: 0.0,
            rss_kb,
            anon_kb: rss_kb,
            file_kb: 0,
            done_bytes,
        };
        let mut samples = [s(0, 10), s(30, 50), s(60, 20), s(100, 30)];
        samples[2].file_kb = 7;
        assert_eq!(sampled_parts_max(&samples), (50, 7));
        let at = rss_at(&samples, 100, &[0.25, 0.5, 0.75, 1.0]);
        assert_eq!(
            at,
            vec![
                Some((50, 50)),
                Some((20, 50)),
                Some((30, 50)),
                Some((30, 50))
            ]
        );
    }
}
