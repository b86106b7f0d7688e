//! The inputs every engine shares: the corpus manifest (for tag names and
//! for choosing which works to import) and the imported works with their
//! chapter text, read back from the library before anything is timed.

use anyhow::{Context, Result};
use ficshelf_library::Library;
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The manifest fields the benchmark reads (see the crate README).
#[derive(Debug, Clone, Deserialize)]
pub struct ManifestWork {
    pub files: Vec<String>,
    #[serde(default)]
    pub fandoms: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    pub bytes: u64,
}

/// Reads `DIR/manifest.jsonl`, keeping at most `limit` works.
pub fn read_manifest(corpus: &Path, limit: Option<usize>) -> Result<Vec<ManifestWork>> {
    let path = corpus.join("manifest.jsonl");
    let file = File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut works = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        if limit.is_some_and(|limit| works.len() >= limit) {
            break;
        }
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let work: ManifestWork = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: bad manifest line", path.display(), n + 1))?;
        works.push(work);
    }
    Ok(works)
}

/// What to hand `Library::import`: the corpus folder when every work is
/// wanted, else each work's file (or its folder, for file-per-chapter works).
pub fn import_roots(corpus: &Path, manifest: &[ManifestWork], all: bool) -> Vec<PathBuf> {
    if all {
        return vec![corpus.to_path_buf()];
    }
    let mut roots: Vec<PathBuf> = Vec::with_capacity(manifest.len());
    for work in manifest {
        let Some(first) = work.files.first() else {
            continue;
        };
        let path = corpus.join(first);
        // `shard/slug.txt` is a work; `shard/slug/chN.txt` is a chapter.
        let root = if first.matches('/').count() >= 2 {
            path.parent().map_or(path.clone(), Path::to_path_buf)
        } else {
            path
        };
        if roots.last() != Some(&root) {
            roots.push(root);
        }
    }
    roots
}

/// One work as both peers index it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub work_id: String,
    pub title: String,
    pub summary: String,
    /// AO3 machine name (`teen`).
    pub rating: &'static str,
    pub words: u64,
    pub updated: Option<String>,
    pub status: Option<&'static str>,
    pub language: Option<String>,
    /// `(kind, name)`: kinds `fandom relationship character warning tag category`.
    pub tags: Vec<(&'static str, String)>,
    /// Story text of each chapter, in order.
    pub chapters: Vec<String>,
}

impl Doc {
    /// Bytes of text a full-text index reads for this work.
    pub fn text_bytes(&self) -> u64 {
        let tags: usize = self.tags.iter().map(|(_, n)| n.len()).sum();
        let body: usize = self.chapters.iter().map(String::len).sum();
        (self.title.len() + self.summary.len() + tags + body) as u64
    }

    /// Every tag name, joined for full text.
    pub fn tags_text(&self) -> String {
        let names: Vec<&str> = self.tags.iter().map(|(_, n)| n.as_str()).collect();
        names.join(", ")
    }
}

/// Reads every work of `library` with its chapters' text.
pub fn load_docs(library: &Library) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for_each_doc(library, |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok(docs)
}

/// Hands every work of `library`, with its chapters' text, to `visit`, one
/// at a time (so a million works need not be in memory at once).
pub fn for_each_doc(library: &Library, mut visit: impl FnMut(Doc) -> Result<()>) -> Result<()> {
    let works = library.works().context("cannot list the library's works")?;
    for work in works {
        let mut chapters = Vec::with_capacity(work.chapters.len());
        for chapter in &work.chapters {
            let (_, body) = library
                .chapter(&work.id, chapter.number)
                .with_context(|| {
                    format!("cannot read work {} chapter {}", work.id, chapter.number)
                })?
                .with_context(|| format!("work {} lost chapter {}", work.id, chapter.number))?;
            chapters.push(body.to_text());
        }
        let mut tags = Vec::new();
        for (kind, names) in [
            ("fandom", &work.fandoms),
            ("relationship", &work.relationships),
            ("character", &work.characters),
            ("warning", &work.warnings),
            ("tag", &work.tags),
            ("category", &work.category),
        ] {
            tags.extend(names.iter().map(|name| (kind, name.clone())));
        }
        visit(Doc {
            rating: work.rating.as_str(),
            words: work.words,
            updated: work.updated.clone(),
            status: work.status.map(|s| s.as_str()),
            language: work.language.clone(),
            summary: work.summary.clone().unwrap_or_default(),
            title: work.title,
            work_id: work.id,
            tags,
            chapters,
        })?;
    }
    Ok(())
}
