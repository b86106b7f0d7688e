//! `ficshelf-corpus`: writes a deterministic synthetic fan-fiction corpus.

use anyhow::Result;
use clap::Parser;
use ficshelf_bench::corpus::{self, Config, Format, Length, Totals};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Writes a deterministic corpus of synthetic fan fiction (plain text; with
/// --formats also AO3 HTML downloads and EPUBs) and its ground-truth
/// manifest (`DIR/manifest.jsonl`, or `DIR/<format>/manifest.jsonl`). The same
/// seed and size give byte-identical output.
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
    /// File formats, comma-separated: txt, html (AO3 downloads), epub. Each
    /// may carry its own size (`html=100MB`); otherwise --size/--works
    /// apply. With more than one format each goes to `OUT/<format>/` with its
    /// own manifest, and every format holds the first works of the same
    /// sequence.
    #[arg(long, default_value = "txt")]
    formats: String,
    /// Short works: about 1,000 words each, 90% one-shots (for libraries of
    /// a million works). Works keep their titles, authors and tags.
    #[arg(long)]
    short_works: bool,
}

/// `txt,html=100MB,epub` as formats and their own sizes.
fn parse_formats(s: &str) -> Result<Vec<(Format, Option<u64>)>> {
    let mut out: Vec<(Format, Option<u64>)> = Vec::new();
    for part in s.split(',').filter(|p| !p.trim().is_empty()) {
        let (name, size) = match part.split_once('=') {
            Some((n, sz)) => (n, Some(corpus::parse_size(sz)?)),
            None => (part, None),
        };
        let format = Format::parse(name)?;
        if out.iter().any(|(f, _)| *f == format) {
            anyhow::bail!("format {} given twice", format.name());
        }
        out.push((format, size));
    }
    if out.is_empty() {
        anyhow::bail!("no format in --formats {s:?}");
    }
    Ok(out)
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
    let formats = parse_formats(&args.formats)?;
    let nested = formats.len() > 1;
    for (format, size) in formats {
        let config = Config {
            out: if nested {
                args.out.join(format.name())
            } else {
                args.out.clone()
            },
            size: size.or(args.size),
            works: args.works,
            seed: args.seed,
            jobs,
            format,
            length: if args.short_works {
                Length::Short
            } else {
                Length::Standard
            },
        };
        generate(&config, jobs)?;
    }
    Ok(())
}

fn generate(config: &Config, jobs: usize) -> Result<()> {
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
    let totals = corpus::generate(config, &mut report)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "wrote {} {} works, {} files, {} bytes ({:.1} MB), {} words to {} in {:.1} s ({:.1} MB/s, {} threads)",
        totals.works,
        config.format.name(),
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
