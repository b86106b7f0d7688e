//! Checking imported works against the corpus manifest.
//!
//! This is reporting, not a test: it counts how often Ficshelf recovered
//! what the generator wrote, overall and per header style, and lists the
//! first mismatches so parser work can start from them.

use crate::corpus::rng::Rng;
use crate::corpus::{ManifestEntry, MANIFEST};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

/// What verification needs of an imported work (kept apart from the library's
/// types so this module builds without it).
#[derive(Debug, Clone)]
pub struct ImportedWork {
    pub title: String,
    pub title_inferred: bool,
    pub authors: Vec<String>,
    /// AO3 machine name (`teen`, …).
    pub rating: String,
    pub chapters: u32,
    /// Paths of the files the work came from, as the library stores them.
    pub sources: Vec<String>,
}

/// Match counts over the sampled works.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub manifest_works: u64,
    pub library_works: u64,
    pub sampled: u64,
    /// Sampled works whose first file belongs to some imported work.
    pub found: u64,
    pub title: u64,
    pub authors: u64,
    pub rating: u64,
    pub chapters: u64,
    /// All of the work's files ended up in one work.
    pub grouped: u64,
    /// Everything above matched.
    pub all: u64,
    /// Per header style: (sampled, all matched).
    pub by_style: BTreeMap<String, (u64, u64)>,
    /// The first few mismatches, described.
    pub mismatches: Vec<String>,
}

impl Verification {
    /// `n` as a percentage of the sample.
    pub fn rate(&self, n: u64) -> f64 {
        if self.sampled == 0 {
            0.0
        } else {
            100.0 * n as f64 / self.sampled as f64
        }
    }
}

/// Reads `CORPUS/manifest.jsonl`.
pub fn load_manifest(corpus: &Path) -> Result<Vec<ManifestEntry>> {
    let path = corpus.join(MANIFEST);
    let file =
        std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut entries = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        let entry = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}: not a manifest entry", path.display(), n + 1))?;
        entries.push(entry);
    }
    Ok(entries)
}

/// Compares a sample of `sample` manifest works with the imported works.
/// `roots` are the corpus folder spellings a source path may start with.
pub fn verify(
    roots: &[&Path],
    manifest: &[ManifestEntry],
    works: &[ImportedWork],
    sample: usize,
) -> Verification {
    let mut by_source: HashMap<String, usize> = HashMap::new();
    for (i, work) in works.iter().enumerate() {
        for source in &work.sources {
            by_source.insert(relative(roots, source), i);
        }
    }
    let mut v = Verification {
        manifest_works: manifest.len() as u64,
        library_works: works.len() as u64,
        ..Verification::default()
    };
    let picked = Rng::new(0x005E_ED0F_5A3D).sample_indices(manifest.len(), sample);
    for &i in &picked {
        let want = &manifest[i];
        v.sampled += 1;
        let style = v.by_style.entry(want.style.clone()).or_default();
        style.0 += 1;
        let Some(&w) = want.files.first().and_then(|f| by_source.get(f)) else {
            note(
                &mut v.mismatches,
                want,
                "no imported work has its first file".to_string(),
            );
            continue;
        };
        v.found += 1;
        let got = &works[w];
        let mut problems = Vec::new();
        let title_ok = match &want.title {
            Some(t) => got.title == *t && !got.title_inferred,
            None => got.title_inferred,
        };
        if !title_ok {
            problems.push(format!(
                "title {:?}{} (want {:?})",
                got.title,
                if got.title_inferred { " inferred" } else { "" },
                want.title
            ));
        }
        let authors_ok = got.authors == want.authors;
        if !authors_ok {
            problems.push(format!(
                "authors {:?} (want {:?})",
                got.authors, want.authors
            ));
        }
        let rating_ok = got.rating == want.rating_ao3;
        if !rating_ok {
            problems.push(format!(
                "rating {} (want {} from {:?})",
                got.rating, want.rating_ao3, want.rating
            ));
        }
        let chapters_ok = got.chapters == want.chapters;
        if !chapters_ok {
            problems.push(format!(
                "{} chapters (want {})",
                got.chapters, want.chapters
            ));
        }
        let grouped = want.files.iter().all(|f| by_source.get(f) == Some(&w));
        if !grouped {
            problems.push("its files are split over several works".to_string());
        }
        v.title += u64::from(title_ok);
        v.authors += u64::from(authors_ok);
        v.rating += u64::from(rating_ok);
        v.chapters += u64::from(chapters_ok);
        v.grouped += u64::from(grouped);
        if problems.is_empty() {
            v.all += 1;
            if let Some(style) = v.by_style.get_mut(&want.style) {
                style.1 += 1;
            }
        } else {
            note(&mut v.mismatches, want, problems.join("; "));
        }
    }
    v
}

const MAX_MISMATCHES: usize = 12;

fn note(mismatches: &mut Vec<String>, want: &ManifestEntry, what: String) {
    if mismatches.len() < MAX_MISMATCHES {
        let file = want.files.first().map_or("?", String::as_str);
        mismatches.push(format!("#{} [{}] {file}: {what}", want.index, want.style));
    }
}

/// A source path relative to the corpus folder, `/`-separated.
fn relative(roots: &[&Path], source: &str) -> String {
    let path = Path::new(source);
    for root in roots {
        if let Ok(rest) = path.strip_prefix(root) {
            let parts: Vec<String> = rest
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return parts.join("/");
        }
    }
    source.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::WorkPlan;

    #[test]
    fn counts_matches_and_mismatches() {
        let root = Path::new("/corpus");
        let manifest: Vec<ManifestEntry> = (0..4)
            .map(|i| {
                let plan = WorkPlan::new(1, i);
                let n = plan.chapters.len();
                let files = (0..n).map(|c| format!("000/w{i}/ch{c}.txt")).collect();
                ManifestEntry::new(&plan, files, 10)
            })
            .collect();
        let works: Vec<ImportedWork> = manifest
            .iter()
            .map(|e| ImportedWork {
                title: e.title.clone().unwrap_or_else(|| "inferred".into()),
                title_inferred: e.title.is_none(),
                authors: e.authors.clone(),
                rating: if e.index == 2 {
                    "bogus".into()
                } else {
                    e.rating_ao3.clone()
                },
                chapters: e.chapters,
                sources: e.files.iter().map(|f| format!("/corpus/{f}")).collect(),
            })
            .collect();
        let v = verify(&[root], &manifest, &works, 200);
        assert_eq!(
            (v.sampled, v.found, v.all, v.rating, v.title),
            (4, 4, 3, 3, 4)
        );
        assert_eq!(v.mismatches.len(), 1);
        assert!(
            v.mismatches[0].contains("rating bogus"),
            "{:?}",
            v.mismatches
        );
    }
}
