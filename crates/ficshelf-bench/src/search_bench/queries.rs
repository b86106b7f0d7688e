//! Deterministic queries drawn from the corpus: words and adjacent word
//! pairs from the imported story text, fandoms and warnings from the
//! manifest. Each query is written once for Ficshelf's query language and
//! once as the parts an SQL app binds.

use super::data::{Doc, ManifestWork};
use std::collections::BTreeMap;

/// AO3 rating machine names.
pub const RATINGS: [&str; 5] = ["general", "teen", "mature", "explicit", "not_rated"];
/// Results per page, both engines.
pub const PAGE: usize = 20;

/// The query classes, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Term,
    Phrase,
    TextFilters,
    Browse,
    DeepPage,
}

impl Class {
    pub const ALL: [Class; 5] = [
        Class::Term,
        Class::Phrase,
        Class::TextFilters,
        Class::Browse,
        Class::DeepPage,
    ];

    /// Key in the JSON line.
    pub fn key(self) -> &'static str {
        match self {
            Class::Term => "single_term",
            Class::Phrase => "phrase",
            Class::TextFilters => "text_filters_facets",
            Class::Browse => "browse_facets",
            Class::DeepPage => "deep_page",
        }
    }

    /// Whether both engines must agree on `total` (no full text involved).
    pub fn filter_only(self) -> bool {
        matches!(self, Class::Browse | Class::DeepPage)
    }

    /// Whether the query asks for facets.
    pub fn facets(self) -> bool {
        matches!(self, Class::TextFilters | Class::Browse)
    }
}

/// A tag filter: the work has (or, excluded, has not) a tag of this kind.
#[derive(Debug, Clone)]
pub struct TagFilter {
    pub kind: &'static str,
    pub name: String,
    pub exclude: bool,
}

/// One query in both forms.
#[derive(Debug, Clone)]
pub struct Query {
    pub class: Class,
    /// Ficshelf's query language.
    pub ficshelf: String,
    /// FTS5 MATCH expression, if the query has text.
    pub fts_match: Option<String>,
    pub ratings: Vec<&'static str>,
    pub tags: Vec<TagFilter>,
    pub offset: usize,
}

/// splitmix64: small, deterministic, good enough to pick queries.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Draws `per_class` queries of every class.
pub fn generate(docs: &[Doc], manifest: &[ManifestWork], per_class: usize) -> Vec<Query> {
    let mut rng = Rng::new(0x5EA5_C4B3);
    let fandoms = frequent(manifest.iter().flat_map(|w| w.fandoms.iter()), 1);
    // Warnings stated by at least 1% of works: the list-style ones.
    let warnings = frequent(
        manifest.iter().flat_map(|w| w.warnings.iter()),
        (manifest.len() / 100).max(1),
    );
    let deep_offset = 5000.min(docs.len() / 2);
    let mut queries = Vec::with_capacity(per_class * Class::ALL.len());
    for class in Class::ALL {
        for _ in 0..per_class {
            let words = if matches!(class, Class::Browse | Class::DeepPage) {
                Vec::new()
            } else {
                let wanted = if class == Class::Term { 1 } else { 2 };
                words_from_text(docs, &mut rng, wanted)
            };
            let mut query = Query {
                class,
                ficshelf: String::new(),
                fts_match: None,
                ratings: Vec::new(),
                tags: Vec::new(),
                offset: 0,
            };
            match class {
                Class::Term | Class::TextFilters => {
                    query.ficshelf = words.join(" ");
                    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                    query.fts_match = Some(quoted.join(" "));
                }
                Class::Phrase => {
                    query.ficshelf = format!("\"{}\"", words.join(" "));
                    query.fts_match = Some(query.ficshelf.clone());
                }
                Class::Browse | Class::DeepPage => {}
            }
            if matches!(class, Class::TextFilters | Class::Browse) {
                query.ratings = two_ratings(&mut rng);
                if let Some(fandom) = pick(&fandoms, &mut rng) {
                    query.tags.push(TagFilter {
                        kind: "fandom",
                        name: fandom.to_string(),
                        exclude: false,
                    });
                }
            }
            if matches!(class, Class::TextFilters | Class::DeepPage) {
                if let Some(warning) = pick(&warnings, &mut rng) {
                    query.tags.push(TagFilter {
                        kind: "warning",
                        name: warning.to_string(),
                        exclude: true,
                    });
                }
            }
            if class == Class::DeepPage {
                query.offset = deep_offset;
            }
            append_filters(&mut query);
            queries.push(query);
        }
    }
    queries
}

/// Adds the filters to the Ficshelf query string.
pub fn append_filters(query: &mut Query) {
    let mut parts: Vec<String> = Vec::new();
    if !query.ficshelf.is_empty() {
        parts.push(query.ficshelf.clone());
    }
    if !query.ratings.is_empty() {
        parts.push(format!("rating:{}", query.ratings.join(",")));
    }
    for tag in &query.tags {
        let sign = if tag.exclude { "-" } else { "" };
        parts.push(format!("{sign}{}:\"{}\"", tag.kind, tag.name));
    }
    query.ficshelf = parts.join(" ");
}

/// Values seen at least `min` times, most frequent first (ties by name).
fn frequent<'a>(values: impl Iterator<Item = &'a String>, min: usize) -> Vec<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        // Quotes would need escaping in both query forms; no corpus tag has one.
        if !value.contains('"') {
            *counts.entry(value.as_str()).or_default() += 1;
        }
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().filter(|(_, n)| *n >= min).collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sorted.into_iter().map(|(v, _)| v).collect()
}

/// One of `values`, if there are any.
pub fn pick<'a>(values: &[&'a str], rng: &mut Rng) -> Option<&'a str> {
    (!values.is_empty()).then(|| values[rng.below(values.len())])
}

/// Two different AO3 rating machine names.
pub fn two_ratings(rng: &mut Rng) -> Vec<&'static str> {
    let first = rng.below(RATINGS.len());
    let second = (first + 1 + rng.below(RATINGS.len() - 1)) % RATINGS.len();
    vec![RATINGS[first], RATINGS[second]]
}

/// `wanted` adjacent words (letters only, 3+ long, lower-cased) from a
/// random place in a random chapter.
fn words_from_text(docs: &[Doc], rng: &mut Rng, wanted: usize) -> Vec<String> {
    for _ in 0..10_000 {
        let doc = &docs[rng.below(docs.len())];
        if doc.chapters.is_empty() {
            continue;
        }
        let text = &doc.chapters[rng.below(doc.chapters.len())];
        if let Some(words) = adjacent_words(text, rng.below(text.len()), wanted) {
            return words;
        }
    }
    vec!["the".to_string(); wanted]
}

/// The `wanted` words that follow byte `start` of `text` (the token cut at
/// `start` skipped), lower-cased, if each is 3+ ASCII letters and nothing
/// stands between them.
pub fn adjacent_words(text: &str, mut start: usize, wanted: usize) -> Option<Vec<String>> {
    start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let tokens = text[start..].split_whitespace().skip(1).take(wanted);
    let words: Vec<String> = tokens
        .filter(|t| t.len() >= 3 && t.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .collect();
    (words.len() == wanted).then_some(words)
}
