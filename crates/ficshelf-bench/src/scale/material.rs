//! What the queries are drawn from, read back from an imported library in
//! one streaming pass (so a million works need not be in memory at once):
//! the library's own tags with their counts, and samples of its story text
//! with their word frequencies. The same pass loads the SQLite FTS5 peer.

use crate::search_bench::data::{for_each_doc, Doc};
use crate::search_bench::fts::{Fts, FtsLoader};
use anyhow::{Context, Result};
use ficshelf_library::{Library, TagKind};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Text samples kept at most, spread evenly over the works.
const SNIPPETS: u64 = 4000;
/// Bytes of story text in one sample.
const SNIPPET_BYTES: usize = 600;

/// The listing filters that name tags: the web's query key and the kind of
/// tag it filters on.
pub const TAG_FILTERS: [(&str, TagKind); 6] = [
    ("fandom", TagKind::Fandom),
    ("relationship", TagKind::Relationship),
    ("character", TagKind::Character),
    ("tag", TagKind::Tag),
    ("warning", TagKind::Warning),
    ("language", TagKind::Language),
];

/// What one pass over a library found.
#[derive(Debug, Default)]
pub struct Material {
    pub works: u64,
    /// Each of [`TAG_FILTERS`]' keys with its tags, most works first.
    pub tags: Vec<(&'static str, Vec<(String, u64)>)>,
    /// Pieces of story text, whole words only.
    pub snippets: Vec<String>,
    /// Words of the samples (letters only, lower case), most frequent first.
    pub words: Vec<(String, u64)>,
    /// Title, summary, tags and story text handed to FTS5.
    pub text_bytes: u64,
    /// Time spent inside the FTS5 load (inserts, commit, indexes), if loaded.
    pub fts_load_seconds: Option<f64>,
}

impl Material {
    /// The tags of one filter key, most works first.
    pub fn tags_of(&self, key: &str) -> &[(String, u64)] {
        self.tags
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[], |(_, tags)| tags.as_slice())
    }
}

/// Where the FTS5 peer comes from.
#[derive(Debug, Clone, Copy)]
pub enum FtsSource<'a> {
    /// No FTS5 figures.
    None,
    /// Created at this path and loaded during the pass.
    Load(&'a Path),
    /// An existing database of the same works, opened read-only.
    Open(&'a Path),
}

/// Reads `library_dir` back, with the FTS5 peer `fts` asks for.
pub fn gather(library_dir: &Path, fts: FtsSource<'_>) -> Result<(Material, Option<Fts>)> {
    let library = Library::open(library_dir)
        .with_context(|| format!("cannot open the library in {}", library_dir.display()))?;
    let mut material = Material {
        works: library.work_count().context("cannot count the works")?,
        ..Material::default()
    };
    for (key, kind) in TAG_FILTERS {
        let mut tags: Vec<(String, u64)> = library
            .tags(Some(kind))
            .with_context(|| format!("cannot list the library's {key} tags"))?
            .into_iter()
            .map(|tag| (tag.name, tag.works))
            .collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        material.tags.push((key, tags));
    }
    let mut loader = match fts {
        FtsSource::Load(path) => Some(Fts::create(path)?),
        FtsSource::None | FtsSource::Open(_) => None,
    };
    let opened = match fts {
        FtsSource::Open(path) => Some(Fts::open_read_only(path)?),
        FtsSource::None | FtsSource::Load(_) => None,
    };
    let mut fts_time = Duration::ZERO;
    let every = (material.works / SNIPPETS).max(1);
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut index = 0u64;
    for_each_doc(&library, |doc| {
        if index.is_multiple_of(every) {
            if let Some(snippet) = sample(&doc, index) {
                count_words(&snippet, &mut counts);
                material.snippets.push(snippet);
            }
        }
        index += 1;
        material.text_bytes += doc.text_bytes();
        if let Some(loader) = loader.as_mut() {
            let start = Instant::now();
            loader.add(&doc)?;
            fts_time += start.elapsed();
        }
        Ok(())
    })?;
    let fts = loader
        .map(|loader: FtsLoader| {
            let start = Instant::now();
            let fts = loader.finish();
            fts_time += start.elapsed();
            fts
        })
        .transpose()?;
    if fts.is_some() {
        material.fts_load_seconds = Some(fts_time.as_secs_f64());
    }
    let fts = fts.or(opened);
    let mut words: Vec<(String, u64)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    material.words = words;
    Ok((material, fts))
}

/// About [`SNIPPET_BYTES`] of whole words from the first chapter of `doc`,
/// at a place that depends on `index`.
fn sample(doc: &Doc, index: u64) -> Option<String> {
    let text = doc.chapters.first()?;
    if text.is_empty() {
        return None;
    }
    let span = text.len().saturating_sub(SNIPPET_BYTES).max(1);
    let mut start = (index.wrapping_mul(7919) % span as u64) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + SNIPPET_BYTES).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Drop the words cut at either end.
    let mut words: Vec<&str> = text[start..end].split_whitespace().collect();
    if start > 0 && !words.is_empty() {
        words.remove(0);
    }
    if end < text.len() {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Counts the letters-only words of `text` (lower case, 2+ letters).
fn count_words(text: &str, counts: &mut HashMap<String, u64>) {
    for word in plain_words(text) {
        *counts.entry(word).or_default() += 1;
    }
}

/// The words of `text` made of ASCII letters only, lower-cased, with
/// surrounding punctuation removed; others are left out.
pub fn plain_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().filter_map(|token| {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        (word.len() >= 2 && word.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| word.to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_trim_punctuation() {
        let words: Vec<String> =
            plain_words("\"Hello,\" said Mira. It's 3 o'clock — late!").collect();
        assert_eq!(words, ["hello", "said", "mira", "late"]);
    }
}
