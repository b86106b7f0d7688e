//! `ficshelf-corpus`: writes a deterministic synthetic fan-fiction corpus.

use anyhow::Result;
use clap::Parser;
use ficshelf_bench::corpus::{self, Config, Totals};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Writes a deterministic corpus of synthetic plain-text fan fiction and its
/// ground-truth manifest (DIR/manifest.jsonl). The same seed and size give
/// byte-identical output.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Output folder (must be missing or empty).
    #[arg(long)]
    out: PathBuf,
    /// Stop once the corpus holds this much text: 1GB, 500MB, 2GiB, …
    #[arg(long, value_parser = corpus::parse_size)]
    size: Option<u64>,
    /// Stop after this many works.
    #[arg(long)]
    works: Option<u64>,
    /// Seed of the corpus.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Worker threads (the output does not depend on it); default: all cores.
    #[arg(long)]
    jobs: Option<usize>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ficshelf-corpus: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args = Args::parse();
    let jobs = match args.jobs {
        Some(j) => j,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let config = Config {
        out: args.out,
        size: args.size,
        works: args.works,
        seed: args.seed,
        jobs,
    };
    let start = Instant::now();
    let mut last_report = Instant::now();
    let mut report = |t: &Totals| {
        if last_report.elapsed().as_secs() >= 5 {
            last_report = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "  {:>8.1} MB  {:>7} works  {:>6.1} MB/s",
                t.bytes as f64 / 1e6,
                t.works,
                t.bytes as f64 / 1e6 / secs
            );
        }
    };
    let totals = corpus::generate(&config, &mut report)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "wrote {} works, {} files, {} bytes ({:.1} MB), {} words to {} in {:.1} s ({:.1} MB/s, {} threads)",
        totals.works,
        totals.files,
        totals.bytes,
        totals.bytes as f64 / 1e6,
        totals.words,
        config.out.display(),
        secs,
        totals.bytes as f64 / 1e6 / secs,
        jobs
    );
    println!("manifest: {}", config.out.join(corpus::MANIFEST).display());
    Ok(())
}
