//! Running Ficshelf's own import under measurement.

use super::monitor::{reset_peak, status_kb, Progress, Sampler};
use super::verify::ImportedWork;
use super::ImportRun;
use anyhow::{anyhow, Context, Result};
use ficshelf_library::{ImportObserver, Library};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often `VmRSS` is sampled during the import.
const SAMPLE_EVERY: Duration = Duration::from_millis(200);

/// Feeds the import's progress into the shared counters.
struct Observer {
    progress: Arc<Progress>,
}

impl ImportObserver for Observer {
    fn total(&self, files: u64, bytes: u64) {
        Progress::add(&self.progress.total_files, files);
        Progress::add(&self.progress.total_bytes, bytes);
    }

    fn file_done(&self, _path: &str, bytes: u64) {
        Progress::add(&self.progress.done_files, 1);
        Progress::add(&self.progress.done_bytes, bytes);
    }

    fn work_saved(&self, created: bool) {
        if created {
            Progress::add(&self.progress.works_created, 1);
        } else {
            Progress::add(&self.progress.works_updated, 1);
        }
    }
}

/// Opens the library in `library_dir` and imports `roots` into it (with
/// text analysis when `analyze`), sampling memory meanwhile; then reads
/// back every work.
pub fn run(library_dir: &Path, roots: &[PathBuf], analyze: bool) -> Result<ImportRun> {
    let start = Instant::now();
    let mut library = Library::open(library_dir)
        .with_context(|| format!("cannot open a library in {}", library_dir.display()))?;
    library.set_analyze_on_import(analyze);
    let open_seconds = start.elapsed().as_secs_f64();

    // Hand memory freed by earlier imports in this process back to the
    // system, so RSS before this one is what is still in use.
    release_free_memory();
    let peak_reset = match reset_peak() {
        Ok(()) => true,
        Err(err) => {
            eprintln!("ficshelf-bench: warning: {err:#}; the peak RSS includes the baseline");
            false
        }
    };
    let rss_before_kb = status_kb("VmRSS")?;
    let progress = Arc::new(Progress::default());
    let observer = Observer {
        progress: Arc::clone(&progress),
    };
    let sampler = Sampler::start(Arc::clone(&progress), SAMPLE_EVERY);
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| library.import(roots, &observer)));
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let samples = sampler.stop()?;
    let peak_kb = status_kb("VmHWM")?;
    let report = match outcome {
        Ok(result) => result.context("Ficshelf's import failed")?,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_string());
            return Err(anyhow!("Ficshelf's import panicked: {message}"));
        }
    };
    let works = library
        .works()
        .context("cannot read the imported works back")?
        .into_iter()
        .map(|w| ImportedWork {
            chapters: w.chapters.len() as u32,
            title: w.title,
            title_inferred: w.title_inferred,
            authors: w.authors,
            rating: w.rating.as_str().to_string(),
            sources: w.sources,
        })
        .collect();
    Ok(ImportRun {
        open_seconds,
        seconds,
        cpu_seconds: cpu,
        analyzed: analyze,
        files_read: report.files_read,
        bytes_read: report.bytes_read,
        works_created: report.works_created,
        works_updated: report.works_updated,
        files_unchanged: report.files_unchanged,
        chapters: report.chapters,
        skipped: report.skipped.len() as u64,
        first_skipped: report
            .skipped
            .iter()
            .take(5)
            .map(|s| format!("{}: {}", s.path, s.reason))
            .collect(),
        rss_before_kb,
        peak_kb,
        peak_reset,
        samples,
        works,
    })
}

/// User plus system CPU time of this process so far (every thread), from
/// `getrusage(RUSAGE_SELF)`; `None` if the call fails.
pub fn cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return None;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(secs(usage.ru_utime) + secs(usage.ru_stime))
}

/// `malloc_trim(0)`: returns freed heap pages to the system (glibc only).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
