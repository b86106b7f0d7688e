//! The import benchmark behind `ficshelf-bench import`.
//!
//! One run measures, on the same corpus and page cache:
//! - the [`baseline`]: walk, read, SHA-256 and decode every file, on one
//!   thread and on all cores: the floor any importer pays;
//! - Ficshelf's own `Library::import` (module `ficshelf`, behind the
//!   `library` feature), with `VmRSS` sampled by a [`monitor`] thread and the
//!   peak read from `VmHWM`;
//! - a check of the imported works against the corpus manifest ([`verify`]).
//!
//! [`report`] prints the table and the final JSON line.

pub mod baseline;
pub mod monitor;
pub mod report;
pub mod verify;
pub mod walk;

#[cfg(feature = "library")]
mod ficshelf;

#[cfg(not(feature = "library"))]
mod ficshelf {
    use super::ImportRun;
    use anyhow::{bail, Result};
    use std::path::{Path, PathBuf};

    pub fn run(_library_dir: &Path, _roots: &[PathBuf]) -> Result<ImportRun> {
        bail!("ficshelf-bench was built without the `library` feature")
    }
}

use anyhow::{Context, Result};
use baseline::Baseline;
use monitor::Sample;
use std::path::PathBuf;
use verify::{ImportedWork, Verification};

/// What `ficshelf-bench import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub corpus: PathBuf,
    /// Library folder; a temporary one (deleted afterwards) when `None`.
    pub library: Option<PathBuf>,
    /// How many works to check against the manifest.
    pub sample: usize,
    /// Threads for the parallel baseline.
    pub threads: usize,
    /// Measure the baseline only.
    pub baseline_only: bool,
}

/// What one measured import did.
#[derive(Debug)]
pub struct ImportRun {
    pub open_seconds: f64,
    pub seconds: f64,
    pub files_read: u64,
    pub bytes_read: u64,
    pub works_created: u64,
    pub works_updated: u64,
    pub files_unchanged: u64,
    pub chapters: u64,
    pub skipped: u64,
    /// The first few skipped files with their reasons.
    pub first_skipped: Vec<String>,
    /// RSS just before the import started, kB.
    pub rss_before_kb: u64,
    /// `VmHWM` after the import, kB.
    pub peak_kb: u64,
    /// Whether the peak was reset before the import (else it may include
    /// what ran earlier in this process).
    pub peak_reset: bool,
    pub samples: Vec<Sample>,
    /// Every work in the library afterwards.
    pub works: Vec<ImportedWork>,
}

/// Everything one run measured.
#[derive(Debug)]
pub struct ImportBench {
    pub corpus: PathBuf,
    pub files: u64,
    pub bytes: u64,
    /// Works the manifest lists, if there is a manifest.
    pub manifest_works: Option<u64>,
    /// The first pass, which also fills the page cache.
    pub warmup: Baseline,
    pub single: Baseline,
    pub parallel: Baseline,
    /// `None` with `--baseline-only`; the error chain when the import failed.
    pub ficshelf: Option<std::result::Result<ImportRun, String>>,
    pub verification: Option<Verification>,
}

/// Runs the benchmark.
pub fn run_import(options: &ImportOptions) -> Result<ImportBench> {
    let corpus = options
        .corpus
        .canonicalize()
        .with_context(|| format!("cannot find corpus {}", options.corpus.display()))?;
    let manifest = match verify::load_manifest(&corpus) {
        Ok(m) => Some(m),
        Err(err) => {
            eprintln!("ficshelf-bench: warning: {err:#}; skipping the correctness check");
            None
        }
    };
    let roots = walk::work_roots(&corpus)?;
    eprintln!("baseline: first pass (fills the page cache)");
    let warmup = baseline::run(&roots, options.threads)?;
    eprintln!("baseline: one thread");
    let single = baseline::run(&roots, 1)?;
    eprintln!("baseline: {} threads", options.threads);
    let parallel = baseline::run(&roots, options.threads)?;

    let mut bench = ImportBench {
        corpus: corpus.clone(),
        files: parallel.files,
        bytes: parallel.bytes,
        manifest_works: manifest.as_ref().map(|m| m.len() as u64),
        warmup,
        single,
        parallel,
        ficshelf: None,
        verification: None,
    };
    if options.baseline_only {
        return Ok(bench);
    }
    let temp;
    let library_dir = match &options.library {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::Builder::new()
                .prefix("ficshelf-bench-library")
                .tempdir()
                .context("cannot create a temporary library folder")?;
            temp.path().to_path_buf()
        }
    };
    eprintln!("ficshelf: importing into {}", library_dir.display());
    // The importer gets the corpus folder itself, as a user would give it;
    // it reads only `.txt` files there, so the manifest is not imported.
    let run = ficshelf::run(&library_dir, std::slice::from_ref(&corpus))
        .map_err(|err| format!("{err:#}"));
    if let (Ok(run), Some(manifest)) = (&run, &manifest) {
        let spelled = options.corpus.as_path();
        bench.verification = Some(verify::verify(
            &[corpus.as_path(), spelled],
            manifest,
            &run.works,
            options.sample,
        ));
    }
    bench.ficshelf = Some(run);
    Ok(bench)
}
