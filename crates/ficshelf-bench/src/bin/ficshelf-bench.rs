//! `ficshelf-bench`: measures Ficshelf against the floor any importer pays.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use ficshelf_bench::bench::{self, report, ImportOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(version, about = "Benchmarks for Ficshelf")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Import a corpus (from ficshelf-corpus) and compare with a read-only baseline.
    Import {
        /// Corpus folder written by ficshelf-corpus.
        #[arg(long)]
        corpus: PathBuf,
        /// Library folder to import into (default: a temporary one, deleted afterwards).
        #[arg(long)]
        library: Option<PathBuf>,
        /// Works to check against the manifest.
        #[arg(long, default_value_t = 200)]
        sample: usize,
        /// Threads for the parallel baseline (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Measure the baseline only.
        #[arg(long)]
        baseline_only: bool,
        /// Skip the second plain-text import with text analysis off.
        #[arg(long)]
        skip_no_analysis: bool,
        /// Then import N more times with and N times without analysis,
        /// alternating, and report the overhead's median.
        #[arg(long, default_value_t = 0)]
        analysis_rounds: usize,
        /// Also write the JSON summary to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Import a corpus, then compare query latency with SQLite FTS5 and
    /// indexing speed with a raw tantivy index.
    Search {
        /// Corpus folder written by ficshelf-corpus.
        #[arg(long)]
        corpus: PathBuf,
        /// Import only the manifest's first N works (default: all).
        #[arg(long)]
        works: Option<usize>,
        /// Library folder to import into (default: a temporary one, deleted afterwards).
        #[arg(long)]
        library: Option<PathBuf>,
        /// Queries per class.
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ficshelf-bench: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    match Args::parse().command {
        Command::Import {
            corpus,
            library,
            sample,
            threads,
            baseline_only,
            skip_no_analysis,
            analysis_rounds,
            json,
        } => run_import(
            ImportOptions {
                corpus,
                library,
                sample,
                threads: match threads {
                    Some(t) => t.max(1),
                    None => std::thread::available_parallelism().map_or(1, |n| n.get()),
                },
                baseline_only,
                compare_analysis: !skip_no_analysis,
                analysis_rounds,
            },
            json,
        ),
        Command::Search {
            corpus,
            works,
            library,
            queries,
        } => run_search(corpus, works, library, queries),
    }
}

#[cfg(feature = "library")]
fn run_search(
    corpus: PathBuf,
    works: Option<usize>,
    library: Option<PathBuf>,
    queries: usize,
) -> Result<()> {
    use ficshelf_bench::search_bench::{self, SearchBenchOptions};
    let options = SearchBenchOptions {
        corpus,
        works,
        library,
        queries: queries.max(1),
    };
    let result = search_bench::run(&options)?;
    search_bench::report::print_table(&result);
    println!("{}", search_bench::report::json_line(&result));
    Ok(())
}

#[cfg(not(feature = "library"))]
fn run_search(
    _corpus: PathBuf,
    _works: Option<usize>,
    _library: Option<PathBuf>,
    _queries: usize,
) -> Result<()> {
    bail!("ficshelf-bench was built without the `library` feature")
}

/// `import`: each corpus under `all.corpus` with `all`'s options.
fn run_import(all: ImportOptions, json: Option<PathBuf>) -> Result<()> {
    // A corpus written with several --formats holds one corpus per format.
    let mut results = Vec::new();
    for sub in bench::format_corpora(&all.corpus) {
        let options = ImportOptions {
            corpus: sub,
            ..all.clone()
        };
        let result = bench::run_import(&options)?;
        report::print_table(&result);
        results.push(result);
    }
    if results.len() > 1 || results.iter().any(|r| r.no_analysis.is_some()) {
        report::print_summary(&results);
    }
    let line = report::json_all(&results);
    println!("{line}");
    if let Some(path) = json {
        std::fs::write(&path, format!("{line}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    for result in &results {
        if let Some(Err(err)) = &result.ficshelf {
            bail!("{err}");
        }
    }
    Ok(())
}
