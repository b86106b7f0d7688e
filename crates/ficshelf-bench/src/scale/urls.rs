//! The URLs a scale run requests, drawn deterministically from a library's
//! own tags and text ([`Material`]). Every URL of a run is distinct, so no
//! answer can come from a cache of rendered pages. Searches are also
//! written as [`Query`]s for the SQLite FTS5 peer.
//!
//! Kinds (see the crate README for the exact shapes):
//! - `listing`: `/works` with 1–5 filters (ratings, status, included and
//!   excluded tags, word bounds) plus a sort and a page;
//! - `tag_page`: `/works?<kind>=<tag>`, every kind of tag, most used first,
//!   then again sorted by title and by words;
//! - `opds`: acquisition feeds filtered by fandom, relationship, character
//!   and rating, and the navigation feeds, with `view_adult=true`;
//! - `search_term`, `search_stop_word`, `search_phrase`,
//!   `search_text_filters`: `/api/search` (which always counts the top
//!   facets) with a frequent word, a stop word (pages 1, 2, … to keep the
//!   URLs distinct), two adjacent words in quotes, and two words plus
//!   `rating:a,b fandom:"F" -warning:"W"`.

use super::material::Material;
use crate::search_bench::queries::{
    adjacent_words, append_filters, pick, two_ratings, Class, Query, Rng, TagFilter, PAGE, RATINGS,
};
use std::collections::HashSet;

/// Function words searched as the stop-word class (those the text uses).
const STOP_WORDS: [&str; 24] = [
    "the", "and", "to", "of", "a", "in", "was", "he", "she", "it", "that", "his", "her", "with",
    "for", "on", "at", "as", "but", "had", "not", "you", "they", "is",
];
/// Draws tried per wanted URL before a kind is left short.
const TRIES: usize = 50;

/// A kind of request, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Listing,
    TagPage,
    Opds,
    Term,
    StopWord,
    Phrase,
    TextFilters,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Listing,
        Kind::TagPage,
        Kind::Opds,
        Kind::Term,
        Kind::StopWord,
        Kind::Phrase,
        Kind::TextFilters,
    ];

    /// Key in the table and the JSON line.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Listing => "listing",
            Kind::TagPage => "tag_page",
            Kind::Opds => "opds",
            Kind::Term => "search_term",
            Kind::StopWord => "search_stop_word",
            Kind::Phrase => "search_phrase",
            Kind::TextFilters => "search_text_filters",
        }
    }

    /// Whether the kind is a full-text search the FTS5 peer also runs.
    pub fn searches(self) -> bool {
        matches!(
            self,
            Kind::Term | Kind::StopWord | Kind::Phrase | Kind::TextFilters
        )
    }
}

/// One request: the path and query, and the same search for FTS5.
#[derive(Debug, Clone)]
pub struct Probe {
    pub kind: Kind,
    pub path: String,
    pub fts: Option<Query>,
}

/// The requests of a run: a few of each kind to warm up with, then the
/// measured ones; all distinct.
#[derive(Debug, Default)]
pub struct Plan {
    pub warm_up: Vec<Probe>,
    pub measured: Vec<Probe>,
}

impl Plan {
    /// Draws `listings` listing URLs and `per_kind` of every other kind,
    /// plus `warm_up` of each kind before them.
    pub fn draw(material: &Material, listings: usize, per_kind: usize, warm_up: usize) -> Plan {
        let mut seen = HashSet::new();
        let mut plan = Plan::default();
        for kind in Kind::ALL {
            let wanted = if kind == Kind::Listing {
                listings
            } else {
                per_kind
            };
            let mut drawer = Drawer::new(material, kind);
            let mut probes = Vec::with_capacity(warm_up + wanted);
            for draw in 0..(warm_up + wanted) * TRIES {
                if probes.len() == warm_up + wanted {
                    break;
                }
                if let Some(probe) = drawer.next(draw) {
                    if seen.insert(probe.path.clone()) {
                        probes.push(probe);
                    }
                }
            }
            let measured = probes.split_off(warm_up.min(probes.len()));
            plan.warm_up.extend(probes);
            plan.measured.extend(measured);
        }
        plan
    }

    /// The measured probes of one kind.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Probe> {
        self.measured.iter().filter(move |p| p.kind == kind)
    }
}

/// Draws the probes of one kind.
struct Drawer<'a> {
    material: &'a Material,
    kind: Kind,
    rng: Rng,
    fandoms: Vec<&'a str>,
    warnings: Vec<&'a str>,
    frequent: Vec<&'a str>,
    stops: Vec<&'a str>,
}

impl<'a> Drawer<'a> {
    fn new(material: &'a Material, kind: Kind) -> Drawer<'a> {
        let names = |key: &str| -> Vec<&'a str> {
            material
                .tags_of(key)
                .iter()
                .map(|(name, _)| name.as_str())
                .filter(|name| !name.contains('"'))
                .collect()
        };
        // Warnings at least 1% of works state: the list-style ones.
        let common = (material.works / 100).max(1);
        let warnings = material
            .tags_of("warning")
            .iter()
            .filter(|(name, works)| *works >= common && !name.contains('"'))
            .map(|(name, _)| name.as_str())
            .collect();
        let stops: Vec<&str> = material
            .words
            .iter()
            .map(|(word, _)| word.as_str())
            .filter(|word| STOP_WORDS.contains(word))
            .collect();
        let frequent = material
            .words
            .iter()
            .map(|(word, _)| word.as_str())
            .filter(|word| word.len() >= 3 && !STOP_WORDS.contains(word))
            .collect();
        Drawer {
            material,
            kind,
            rng: Rng::new(0x5CA1_E000 + kind as u64),
            fandoms: names("fandom"),
            warnings,
            frequent,
            stops,
        }
    }

    /// The probe of draw `n` (0, 1, …) of the kind, or `None` if this draw
    /// gave nothing. Kinds that walk a list (tag pages, words) use `n` as
    /// the place in it; the others draw at random.
    fn next(&mut self, n: usize) -> Option<Probe> {
        match self.kind {
            Kind::Listing => self.listing(),
            Kind::TagPage => self.tag_page(n),
            Kind::Opds => self.opds(n),
            Kind::Term => {
                let word = *self.frequent.get(n)?;
                Some(self.search(Class::Term, word.to_string(), 1))
            }
            Kind::StopWord => {
                if self.stops.is_empty() {
                    return None;
                }
                let word = self.stops[n % self.stops.len()];
                Some(self.search(Class::Term, word.to_string(), n / self.stops.len() + 1))
            }
            Kind::Phrase => {
                let words = self.adjacent(2)?;
                Some(self.search(Class::Phrase, format!("\"{}\"", words.join(" ")), 1))
            }
            Kind::TextFilters => {
                let words = self.adjacent(2)?;
                let mut query = Query {
                    class: Class::TextFilters,
                    ficshelf: words.join(" "),
                    fts_match: Some(quoted(&words)),
                    ratings: two_ratings(&mut self.rng),
                    tags: Vec::new(),
                    offset: 0,
                };
                let fandom = pick(&self.fandoms, &mut self.rng)?;
                query.tags.push(include("fandom", fandom));
                let warning = pick(&self.warnings, &mut self.rng)?;
                query.tags.push(TagFilter {
                    exclude: true,
                    ..include("warning", warning)
                });
                append_filters(&mut query);
                Some(Probe {
                    kind: self.kind,
                    path: path("/api/search", &[("q", query.ficshelf.clone())]),
                    fts: Some(query),
                })
            }
        }
    }

    /// A search of `text` (Ficshelf's syntax), page `page`.
    fn search(&self, class: Class, text: String, page: usize) -> Probe {
        let fts_match = if class == Class::Phrase {
            text.clone()
        } else {
            format!("\"{text}\"")
        };
        let mut pairs = vec![("q", text.clone())];
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        Probe {
            kind: self.kind,
            path: path("/api/search", &pairs),
            fts: Some(Query {
                class,
                ficshelf: text,
                fts_match: Some(fts_match),
                ratings: Vec::new(),
                tags: Vec::new(),
                offset: (page - 1) * PAGE,
            }),
        }
    }

    /// Adjacent words from a random place of a random text sample.
    fn adjacent(&mut self, wanted: usize) -> Option<Vec<String>> {
        let snippets = &self.material.snippets;
        let text = snippets.get(self.rng.below(snippets.len()))?;
        adjacent_words(text, self.rng.below(text.len()), wanted)
    }

    /// A tag of filter `key`, the most used more often than the rest.
    fn tag(&mut self, key: &str) -> Option<&'a str> {
        let tags = self.material.tags_of(key);
        // Half the draws among the 20 most used, half among all.
        let range = if self.rng.below(2) == 0 {
            tags.len().min(20)
        } else {
            tags.len()
        };
        let (name, _) = tags.get(self.rng.below(range))?;
        (!name.contains('"')).then_some(name.as_str())
    }

    fn listing(&mut self) -> Option<Probe> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut filters = 0;
        let wanted = 1 + self.rng.below(5);
        while filters < wanted {
            match self.rng.below(8) {
                0 => {
                    for rating in two_ratings(&mut self.rng)
                        .iter()
                        .take(1 + self.rng.below(2))
                    {
                        pairs.push(("rating", rating.to_string()));
                    }
                }
                1 => {
                    let status = ["complete", "in_progress"][self.rng.below(2)];
                    pairs.push(("status", status.to_string()));
                }
                2 => pairs.push(("fandom", self.tag("fandom")?.to_string())),
                3 => pairs.push(("character", self.tag("character")?.to_string())),
                4 => pairs.push(("relationship", self.tag("relationship")?.to_string())),
                5 => pairs.push(("tag", self.tag("tag")?.to_string())),
                6 => {
                    let (key, tag) = if self.rng.below(2) == 0 {
                        ("exclude_warning", self.tag("warning")?)
                    } else {
                        ("exclude_tag", self.tag("tag")?)
                    };
                    pairs.push((key, tag.to_string()));
                }
                _ => {
                    const BOUNDS: [u64; 6] = [500, 1_000, 5_000, 10_000, 50_000, 100_000];
                    let bound = BOUNDS[self.rng.below(BOUNDS.len())];
                    let key = ["words_from", "words_to"][self.rng.below(2)];
                    pairs.push((key, bound.to_string()));
                }
            }
            filters += 1;
        }
        let sort = ["updated", "title", "words"][self.rng.below(3)];
        pairs.push(("sort", sort.to_string()));
        if self.rng.below(4) == 0 {
            pairs.push(("page", (2 + self.rng.below(4)).to_string()));
        }
        Some(self.page("/works", &pairs))
    }

    /// The `n`th tag page: every tag of every kind in turn, most used
    /// first, then the same sorted by title, then by words.
    fn tag_page(&mut self, n: usize) -> Option<Probe> {
        let all: Vec<(&str, &str)> = self
            .material
            .tags
            .iter()
            .flat_map(|(key, tags)| tags.iter().map(move |(name, _)| (*key, name.as_str())))
            .collect();
        let (key, name) = *all.get(n % all.len().max(1))?;
        let mut pairs = vec![(key, name.to_string())];
        match n / all.len() {
            0 => {}
            1 => pairs.push(("sort", "title".to_string())),
            2 => pairs.push(("sort", "words".to_string())),
            more => pairs.push(("page", (more - 1).to_string())),
        }
        Some(self.page("/works", &pairs))
    }

    /// The `n`th feed: the navigation feeds first, then filtered
    /// acquisition feeds.
    fn opds(&mut self, n: usize) -> Option<Probe> {
        const NAVIGATION: [&str; 5] = [
            "fandoms",
            "relationships",
            "characters",
            "authors",
            "ratings",
        ];
        let mut pairs = vec![("view_adult", "true".to_string())];
        if let Some(feed) = NAVIGATION.get(n) {
            return Some(self.page(&format!("/opds/{feed}"), &pairs));
        }
        for _ in 0..1 + self.rng.below(3) {
            match self.rng.below(4) {
                0 => pairs.push(("fandom", self.tag("fandom")?.to_string())),
                1 => pairs.push(("relationship", self.tag("relationship")?.to_string())),
                2 => pairs.push(("character", self.tag("character")?.to_string())),
                _ => {
                    let rating = RATINGS[self.rng.below(RATINGS.len())];
                    pairs.push(("rating", rating.to_string()));
                }
            }
        }
        if self.rng.below(4) == 0 {
            pairs.push(("page", "2".to_string()));
        }
        Some(self.page("/opds/works", &pairs))
    }

    fn page(&self, base: &str, pairs: &[(&str, String)]) -> Probe {
        Probe {
            kind: self.kind,
            path: path(base, pairs),
            fts: None,
        }
    }
}

fn include(kind: &'static str, name: &str) -> TagFilter {
    TagFilter {
        kind,
        name: name.to_string(),
        exclude: false,
    }
}

/// Each word in quotes, for an FTS5 `MATCH` of all of them.
fn quoted(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    quoted.join(" ")
}

/// `base?k=v&…`, form-encoded.
fn path(base: &str, pairs: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        query.append_pair(key, value);
    }
    format!("{base}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn material() -> Material {
        let tags = |names: &[&str]| names.iter().map(|n| (n.to_string(), 50)).collect();
        Material {
            works: 1000,
            tags: vec![
                ("fandom", tags(&["Lantern Coast", "The Glass Orchard"])),
                ("relationship", tags(&["Ivo/Pell"])),
                ("character", tags(&["Ivo Marsh", "Pell Quire", "Dara"])),
                ("tag", tags(&["Fluff", "Angst", "Slow Burn"])),
                ("warning", tags(&["No Archive Warnings Apply"])),
                ("language", tags(&["en"])),
            ],
            snippets: vec![
                "the lamp was lit and she went down to the harbour where boats waited".into(),
                "he said nothing about the letters until the winter ended".into(),
            ],
            words: [
                "the", "and", "harbour", "lamp", "letters", "winter", "boats",
            ]
            .iter()
            .map(|w| (w.to_string(), 5))
            .collect(),
            text_bytes: 0,
            fts_load_seconds: None,
        }
    }

    #[test]
    fn every_url_is_distinct_and_every_search_has_its_fts5_twin() {
        let plan = Plan::draw(&material(), 300, 12, 2);
        let mut seen = HashSet::new();
        for probe in plan.warm_up.iter().chain(&plan.measured) {
            assert!(seen.insert(&probe.path), "repeated {}", probe.path);
            assert_eq!(probe.fts.is_some(), probe.kind.searches(), "{}", probe.path);
        }
        assert_eq!(plan.of(Kind::Listing).count(), 300);
        assert_eq!(plan.of(Kind::TagPage).count(), 12);
        assert_eq!(plan.of(Kind::Opds).count(), 12);
        assert_eq!(plan.of(Kind::StopWord).count(), 12);
        // Five frequent words: two warm up, three measured.
        assert_eq!(plan.of(Kind::Term).count(), 3);
    }

    #[test]
    fn searches_are_written_for_both_engines() {
        let plan = Plan::draw(&material(), 10, 4, 0);
        let filtered = plan
            .of(Kind::TextFilters)
            .next()
            .expect("a filtered search");
        let query = filtered.fts.as_ref().expect("fts twin");
        assert!(filtered.path.starts_with("/api/search?q="));
        assert!(query.ficshelf.contains(" rating:"));
        assert!(query.ficshelf.contains(" fandom:\""));
        assert!(query
            .ficshelf
            .contains(" -warning:\"No Archive Warnings Apply\""));
        assert_eq!(query.ratings.len(), 2);
        let stop = plan
            .of(Kind::StopWord)
            .nth(2)
            .expect("third stop-word search");
        assert_eq!(stop.path, "/api/search?q=the&page=2");
        assert_eq!(stop.fts.as_ref().map(|q| q.offset), Some(PAGE));
    }
}
