//! A deterministic generator of synthetic fan fiction: plain text, or the
//! same works as AO3 HTML downloads or EPUBs ([`Config::format`]).
//!
//! [`generate`] writes works until the corpus reaches a size (or a number of
//! works), each under `OUT/<shard>/`, and a ground-truth manifest
//! `OUT/manifest.jsonl` ([`ManifestEntry`]). Work `i` is a pure function of
//! `(seed, i)` ([`WorkPlan::new`], then [`write_work`]), so:
//! - the same seed and size give byte-identical output on every machine and
//!   with any number of threads;
//! - a bigger corpus with the same seed starts with the smaller one's works.
//!
//! Modules, bottom-up: [`rng`] (portable randomness), [`vocab`] (Zipf-ranked
//! words), [`fandoms`] and [`names`] (casts, titles, pen names), [`text`]
//! (summaries, notes, disclaimers), [`plan`] (what a work states),
//! [`headings`], [`headers`] and [`prose`] (how it is written), [`sink`]
//! (encodings and line ends, streamed), [`write`] (one work's files),
//! [`markup`] (the same works as AO3 HTML downloads and EPUBs).

pub mod fandoms;
pub mod headers;
pub mod headings;
pub mod manifest;
pub mod markup;
pub mod names;
pub mod plan;
pub mod prose;
pub mod rng;
pub mod sink;
pub mod text;
pub mod vocab;
pub mod write;

pub use manifest::ManifestEntry;
pub use markup::Format;
pub use plan::{Length, WorkPlan};
pub use write::write_work;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// File name of the manifest inside the corpus folder.
pub const MANIFEST: &str = "manifest.jsonl";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Output folder; must be missing or empty.
    pub out: PathBuf,
    /// Stop once the files hold at least this many bytes.
    pub size: Option<u64>,
    /// Stop after this many works.
    pub works: Option<u64>,
    pub seed: u64,
    /// Worker threads (the output does not depend on it).
    pub jobs: usize,
    /// File format of the works (plain text unless told otherwise).
    pub format: Format,
    /// How long the works are.
    pub length: Length,
}

/// Totals of what has been written so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub works: u64,
    pub files: u64,
    pub bytes: u64,
    pub words: u64,
}

/// Writes the corpus described by `config`, calling `progress` after each
/// batch of works.
pub fn generate(config: &Config, progress: &mut dyn FnMut(&Totals)) -> Result<Totals> {
    if config.size.is_none() && config.works.is_none() {
        bail!("give a corpus size, a number of works, or both");
    }
    prepare_output(&config.out)?;
    let manifest_path = config.out.join(MANIFEST);
    let file = fs::File::create(&manifest_path)
        .with_context(|| format!("cannot create {}", manifest_path.display()))?;
    let mut manifest = BufWriter::new(file);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.max(1))
        .build()
        .context("cannot start worker threads")?;
    let vocab = vocab::Vocab::new();
    let batch = (config.jobs.max(1) * 4) as u64;
    let mut totals = Totals::default();
    let mut next = 0u64;
    let mut done = false;
    while !done {
        let end = match config.works {
            Some(limit) => (next + batch).min(limit),
            None => next + batch,
        };
        let entries: Vec<Result<ManifestEntry>> = pool.install(|| {
            (next..end)
                .into_par_iter()
                .map(|i| {
                    let plan = WorkPlan::with_length(config.seed, i, config.length);
                    match config.format {
                        Format::Txt => write_work(&plan, &vocab, &config.out),
                        other => markup::write_work_as(other, &plan, &vocab, &config.out),
                    }
                })
                .collect()
        });
        next = end;
        for entry in entries {
            let entry = entry?;
            if done {
                // Written past the target by a parallel batch: not part of it.
                remove_work(&config.out, &entry)?;
                continue;
            }
            serde_json::to_writer(&mut manifest, &entry).context("cannot write manifest")?;
            manifest
                .write_all(b"\n")
                .with_context(|| format!("cannot write {}", manifest_path.display()))?;
            totals.works += 1;
            totals.files += entry.files.len() as u64;
            totals.bytes += entry.bytes;
            totals.words += entry.words;
            let size_reached = config.size.is_some_and(|s| totals.bytes >= s);
            let works_reached = config.works.is_some_and(|w| totals.works >= w);
            done = size_reached || works_reached;
        }
        progress(&totals);
    }
    manifest
        .flush()
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;
    Ok(totals)
}

fn prepare_output(out: &Path) -> Result<()> {
    if out.exists() {
        let mut entries =
            fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; give a new or empty folder (the corpus must not mix with old files)",
                out.display()
            );
        }
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))
}

/// Deletes a work's files (and its folder and shard folder once empty).
fn remove_work(root: &Path, entry: &ManifestEntry) -> Result<()> {
    for file in &entry.files {
        let path = root.join(file);
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == root || !is_empty_dir(d)? {
                break;
            }
            fs::remove_dir(d).with_context(|| format!("cannot remove {}", d.display()))?;
            dir = d.parent();
        }
    }
    Ok(())
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut entries =
        fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    Ok(entries.next().is_none())
}

/// Parses a size such as `1GB`, `1.5GB`, `500MB`, `64KiB` or `1048576`.
/// KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB powers of 1024.
pub fn parse_size(s: &str) -> Result<u64> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .with_context(|| format!("size {s:?} does not start with a number"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        other => bail!("unknown size unit {other:?} in {s:?} (use B, KB, MB, GB, KiB, MiB, GiB)"),
    };
    Ok((number * multiplier as f64).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1GB").expect("1GB"), 1_000_000_000);
        assert_eq!(parse_size("1.5 MB").expect("1.5MB"), 1_500_000);
        assert_eq!(parse_size("2MiB").expect("2MiB"), 2 * 1024 * 1024);
        assert_eq!(parse_size("4096").expect("4096"), 4096);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3 parsecs").is_err());
    }
}
