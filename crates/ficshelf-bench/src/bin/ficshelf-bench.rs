//! `ficshelf-bench`: measures Ficshelf against the floor any importer pays.

use anyhow::{bail, Result};
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
    let Command::Import {
        corpus,
        library,
        sample,
        threads,
        baseline_only,
    } = Args::parse().command;
    let threads = match threads {
        Some(t) => t.max(1),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let options = ImportOptions {
        corpus,
        library,
        sample,
        threads,
        baseline_only,
    };
    let result = bench::run_import(&options)?;
    report::print_table(&result);
    println!("{}", report::json_line(&result));
    if let Some(Err(err)) = &result.ficshelf {
        bail!("{err}");
    }
    Ok(())
}
