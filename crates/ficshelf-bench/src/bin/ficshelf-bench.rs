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
    /// Generate, import and serve libraries of each size with the real
    /// `ficshelf` binary; time uncached requests beside SQLite FTS5.
    Scale(ScaleArgs),
}

#[derive(clap::Args, Debug)]
struct ScaleArgs {
    /// Library sizes in works, comma-separated: 10k,100k,1m. From 1m on
    /// the works are short (about 1,000 words).
    #[arg(long, default_value = "10k,100k,1m")]
    sizes: String,
    /// Working folder: each size uses OUT/<size>/ (corpus, library, logs).
    #[arg(long)]
    out: PathBuf,
    /// Keep each size's corpus and library (default: deleted after measuring).
    #[arg(long)]
    keep: bool,
    /// Do not load or query SQLite FTS5.
    #[arg(long)]
    skip_fts5: bool,
    /// Short works at every size.
    #[arg(long)]
    short_works: bool,
    /// The `ficshelf` binary (default: the one beside this program, else PATH).
    #[arg(long)]
    ficshelf: Option<PathBuf>,
    /// Distinct listing URLs (filter combinations).
    #[arg(long, default_value_t = 1000)]
    listings: usize,
    /// Requests of every other kind (tag pages, OPDS, each search class).
    #[arg(long, default_value_t = 200)]
    per_kind: usize,
    /// Seed of the corpus.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Generator threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Disk to leave free beside a size's estimate, in GB.
    #[arg(long, default_value_t = 5.0)]
    reserve_gb: f64,
    /// Also write the JSON line to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Serve-only: measure this existing library (left as it is) instead of
    /// generating and importing one per size; `--sizes` is then ignored and
    /// `--out` only holds the server's log.
    #[arg(long)]
    library: Option<PathBuf>,
    /// Serve-only: an existing FTS5 database of the same works, opened
    /// read-only, to time the same searches on (none: no FTS5 figures).
    #[arg(long, requires = "library")]
    fts5: Option<PathBuf>,
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
                threads: threads.unwrap_or_else(cores).max(1),
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
        Command::Scale(args) => run_scale(args),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(feature = "library")]
fn run_scale(args: ScaleArgs) -> Result<()> {
    use ficshelf_bench::scale::{self, sizes, ScaleOptions};
    let ficshelf = match args.ficshelf {
        Some(path) => path,
        None => {
            let exe = std::env::current_exe().context("cannot find this program's path")?;
            let beside = exe.with_file_name("ficshelf");
            if beside.is_file() {
                beside
            } else {
                PathBuf::from("ficshelf")
            }
        }
    };
    let options = ScaleOptions {
        sizes: sizes::parse_sizes(&args.sizes)?,
        out: args.out,
        ficshelf,
        keep: args.keep,
        skip_fts5: args.skip_fts5,
        short_works: args.short_works,
        listings: args.listings.max(1),
        per_kind: args.per_kind.max(1),
        seed: args.seed,
        jobs: args.jobs.unwrap_or_else(cores).max(1),
        reserve_bytes: (args.reserve_gb.max(0.0) * 1e9) as u64,
        library: args.library,
        fts5: args.fts5,
    };
    let runs = scale::run(&options);
    let line = scale::report::json_line(&runs)?;
    println!("{line}");
    if let Some(path) = args.json {
        std::fs::write(&path, format!("{line}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(failed) = runs.iter().find(|r| r.error.is_some()) {
        bail!("size {} failed", failed.size);
    }
    Ok(())
}

#[cfg(not(feature = "library"))]
fn run_scale(_args: ScaleArgs) -> Result<()> {
    bail!("ficshelf-bench was built without the `library` feature")
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
