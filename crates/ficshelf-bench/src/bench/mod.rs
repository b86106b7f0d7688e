//! The import benchmark behind `ficshelf-bench import`.
//!
//! One run measures, on the same corpus and page cache:
//! - the [`baseline`]: walk, read, SHA-256 and decode every file, on one
//!   thread and on all cores: the floor any importer pays;
//! - Ficshelf's own `Library::import` (module `ficshelf`, behind the
//!   `library` feature), with `VmRSS` sampled by a [`monitor`] thread and the
//!   peak read from `VmHWM`;
//! - for plain text, the same import again into a fresh library with text
//!   analysis off, and the CPU time (`getrusage`) of both;
//! - a check of the imported works against the corpus manifest ([`verify`]).
//!
//! A corpus written with several formats is measured one format at a time
//! ([`format_corpora`]).
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

    pub fn run(_library_dir: &Path, _roots: &[PathBuf], _analyze: bool) -> Result<ImportRun> {
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
    /// For a plain-text corpus, also import into a second fresh library
    /// with text analysis off.
    pub compare_analysis: bool,
    /// Further pairs of imports, with and without analysis, in alternating
    /// order, for the overhead's median (see [`AnalysisRound`]).
    pub analysis_rounds: usize,
}

/// One more pair of imports of the same corpus into fresh libraries: with
/// analysis and without, the order alternating from round to round so
/// neither always runs on a warmer machine.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisRound {
    pub with_seconds: f64,
    pub with_cpu: Option<f64>,
    pub without_seconds: f64,
    pub without_cpu: Option<f64>,
}

/// What one measured import did.
#[derive(Debug)]
pub struct ImportRun {
    pub open_seconds: f64,
    pub seconds: f64,
    /// CPU time (user + system, all threads) the process spent during the
    /// import, from `getrusage`.
    pub cpu_seconds: Option<f64>,
    /// Whether text analysis ran during the import.
    pub analyzed: bool,
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
    /// `txt`, `html` or `epub`: the format of the corpus's files.
    pub format: String,
    /// Words of story text the manifest lists.
    pub manifest_words: Option<u64>,
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
    /// The same import into a second fresh library with analysis off
    /// (plain text only, unless skipped).
    pub no_analysis: Option<std::result::Result<ImportRun, String>>,
    /// `--analysis-rounds`: further pairs with and without analysis.
    pub analysis_rounds: Vec<AnalysisRound>,
    pub verification: Option<Verification>,
}

/// The sub-corpora of a corpus written with several `--formats`
/// (`DIR/txt`, `DIR/html`, `DIR/epub`, each with its manifest), or the
/// corpus itself when it has a manifest or no such sub-folder.
pub fn format_corpora(corpus: &std::path::Path) -> Vec<PathBuf> {
    if corpus.join(crate::corpus::MANIFEST).is_file() {
        return vec![corpus.to_path_buf()];
    }
    let subs: Vec<PathBuf> = crate::corpus::Format::ALL
        .iter()
        .map(|f| corpus.join(f.name()))
        .filter(|d| d.join(crate::corpus::MANIFEST).is_file())
        .collect();
    if subs.is_empty() {
        vec![corpus.to_path_buf()]
    } else {
        subs
    }
}

/// The format of a corpus: from its manifest's first file, else `txt`.
fn corpus_format(manifest: Option<&[crate::corpus::ManifestEntry]>) -> String {
    manifest
        .and_then(|m| m.first())
        .and_then(|e| e.files.first())
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| ext == "html" || ext == "epub")
        .unwrap_or_else(|| "txt".to_string())
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

    let format = corpus_format(manifest.as_deref());
    let mut bench = ImportBench {
        corpus: corpus.clone(),
        format: format.clone(),
        manifest_words: manifest.as_ref().map(|m| m.iter().map(|e| e.words).sum()),
        files: parallel.files,
        bytes: parallel.bytes,
        manifest_works: manifest.as_ref().map(|m| m.len() as u64),
        warmup,
        single,
        parallel,
        ficshelf: None,
        no_analysis: None,
        analysis_rounds: Vec::new(),
        verification: None,
    };
    if options.baseline_only {
        return Ok(bench);
    }
    // The importer gets the corpus folder itself, as a user would give it;
    // it reads only `.txt`/`.html`/`.epub` files there, so the manifest is
    // not imported.
    let run = import_once(options, &corpus, &format, true);
    if format == "txt" && options.compare_analysis {
        bench.no_analysis = Some(import_once(options, &corpus, &format, false));
        for round in 0..options.analysis_rounds {
            eprintln!(
                "analysis round {} of {}",
                round + 1,
                options.analysis_rounds
            );
            let mut pair = [None, None];
            // Round 0: without first (the main runs went with, without).
            for analyze in [round % 2 == 1, round % 2 == 0] {
                let run = import_once(options, &corpus, &format, analyze)
                    .map_err(|err| anyhow::anyhow!("analysis round {}: {err}", round + 1))?;
                pair[usize::from(analyze)] = Some((run.seconds, run.cpu_seconds));
            }
            if let [Some(without), Some(with)] = pair {
                bench.analysis_rounds.push(AnalysisRound {
                    with_seconds: with.0,
                    with_cpu: with.1,
                    without_seconds: without.0,
                    without_cpu: without.1,
                });
            }
        }
    }
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

/// One import into a fresh library: `--library DIR/<format>[-no-analysis]`
/// when a library folder was given, else a temporary folder deleted
/// afterwards.
fn import_once(
    options: &ImportOptions,
    corpus: &std::path::Path,
    format: &str,
    analyze: bool,
) -> std::result::Result<ImportRun, String> {
    let name = if analyze {
        format.to_string()
    } else {
        format!("{format}-no-analysis")
    };
    let temp;
    let library_dir = match &options.library {
        Some(dir) => dir.join(&name),
        None => {
            temp = tempfile::Builder::new()
                .prefix("ficshelf-bench-library")
                .tempdir()
                .map_err(|err| format!("cannot create a temporary library folder: {err}"))?;
            temp.path().to_path_buf()
        }
    };
    eprintln!(
        "ficshelf: importing {} ({}) into {}",
        corpus.display(),
        if analyze {
            "with analysis"
        } else {
            "analysis off"
        },
        library_dir.display()
    );
    ficshelf::run(&library_dir, &[corpus.to_path_buf()], analyze).map_err(|err| format!("{err:#}"))
}
