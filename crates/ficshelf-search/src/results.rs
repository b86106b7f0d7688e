//! What a search takes and returns.

use crate::wrangle::TagKind;
use ficshelf_model::Rating;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::time::Duration;

/// How to run a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    /// Works to skip (pagination).
    pub offset: usize,
    /// Works to return.
    pub limit: usize,
    /// Make plain `fandom:`, `relationship:`, `character:`, `warning:` and
    /// `rating:` filters match suggested tags too, as `field~:` does.
    pub include_suggested: bool,
    /// How many values the top-N facets (fandom, relationship, character,
    /// tag, author) list. `0` skips facet counting altogether (all facets empty),
    /// which makes listing pages cheaper.
    pub facet_top: usize,
    /// Only works rated at most this (on AO3's scale, where `not_rated`
    /// counts as above `explicit`). `None` for no limit.
    pub max_rating: Option<Rating>,
    /// How long walking the matches may take before the search stops with
    /// [`crate::SearchError::TimeLimit`]; `None` for no limit.
    pub time_limit: Option<Duration>,
    /// Works left out whatever the query says (a reader's mutes, works
    /// read); totals and facets are counted without them.
    #[serde(default)]
    pub exclude: crate::Exclusions,
    /// What each [`Hit`] carries from the index.
    #[serde(default)]
    pub hit_fields: HitFields,
}

/// How much of each work a [`Hit`] carries from the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitFields {
    /// Id, title, authors and rating: the index's stored copy of each work.
    #[default]
    Stored,
    /// Id and rating only, read from the index's fast fields; title and
    /// authors are left empty. For callers that read the page's works from
    /// the store anyway (a listing of cards): a query without free text
    /// then reads no stored document at all. A query with free text still
    /// reads them for its chapters and snippets, and fills every field.
    Ids,
}

impl SearchOptions {
    /// The default [`SearchOptions::time_limit`]: ordinary queries take
    /// milliseconds even on 100 000 works.
    pub const TIME_LIMIT: Duration = Duration::from_secs(5);
}

impl Default for SearchOptions {
    /// First page of 20, stated tags only, top 10 facet values, no rating
    /// limit, [`SearchOptions::TIME_LIMIT`], nothing excluded, hits with
    /// their stored fields.
    fn default() -> SearchOptions {
        SearchOptions {
            offset: 0,
            limit: 20,
            include_suggested: false,
            facet_top: 10,
            max_rating: None,
            time_limit: Some(SearchOptions::TIME_LIMIT),
            exclude: crate::Exclusions::default(),
            hit_fields: HitFields::Stored,
        }
    }
}

/// One page of results.
///
/// Serialises to the JSON contract:
/// `{"total": 12, "hits": [Hit…], "facets": Facets}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Works matching the query (all pages).
    pub total: u64,
    /// The page's works in sort order.
    pub hits: Vec<Hit>,
    /// Counts over all matching works, not only this page.
    pub facets: Facets,
}

/// One matching work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub authors: Vec<String>,
    pub rating: Rating,
    /// BM25 relevance (0 when the query has no free text).
    pub score: f32,
    /// The chapter where the query's words occur most (weighted by rarity);
    /// `None` when the story text does not contain them.
    pub chapter: Option<u32>,
    /// HTML: a passage of that chapter (or of the summary, when only it
    /// matched) with every character escaped and matches in `<mark>…</mark>`.
    pub snippet: Option<String>,
}

/// Exact per-work counts over the whole result set.
///
/// JSON: complete facets are objects `{"value": count}`; the five top-N
/// facets (fandom, relationship, character, tag, author) are
/// `{"values": {"value": count}, "distinct": n}` where `distinct` is the
/// number of different values among all matching works. Values are listed
/// most frequent first (ties alphabetically), in display spelling.
/// Facets count stated tags only, never suggested ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Machine names (`teen`) of every rating present.
    pub rating: FacetCounts,
    pub warning: FacetCounts,
    pub category: FacetCounts,
    pub fandom: TopFacet,
    pub relationship: TopFacet,
    pub character: TopFacet,
    pub tag: TopFacet,
    pub language: FacetCounts,
    /// `complete` / `in_progress` (works without a status are not counted).
    pub status: FacetCounts,
    /// Authors, counted as `author:` filters compare names (case and
    /// spacing aside), each shown in the spelling most works use.
    pub author: TopFacet,
}

/// `(value, works)` pairs, most frequent first; serialises as a JSON object
/// in that order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts(pub Vec<(String, u64)>);

impl FacetCounts {
    /// The count of `value` (exact spelling), if present.
    pub fn get(&self, value: &str) -> Option<u64> {
        self.0.iter().find(|(v, _)| v == value).map(|(_, n)| *n)
    }

    /// Number of values listed.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no value is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for FacetCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (value, count) in &self.0 {
            map.serialize_entry(value, count)?;
        }
        map.end()
    }
}

/// The most frequent values of a facet and how many distinct values there are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TopFacet {
    pub values: FacetCounts,
    pub distinct: u64,
}

/// A canonical tag of the library, from [`crate::SearchIndex::tag_counts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub kind: TagKind,
    /// Display spelling: the canonical spelling most works use.
    pub name: String,
    /// Works carrying the tag (stated, not suggested).
    pub works: u64,
    /// Other spellings works used for it (before wrangling, and canonical
    /// spellings that lost the vote), sorted.
    pub synonyms: Vec<String>,
}
