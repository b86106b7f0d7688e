//! Works a search leaves out whatever its query says: a reader's muted
//! tags and authors, and the works they have read and chose to hide.
//!
//! Public items:
//! - [`Exclusions`], [`ExcludedTag`]: what to leave out, given to a search
//!   as [`crate::SearchOptions::exclude`].
//!
//! Exclusions name exact index keys, not patterns: the caller (the
//! library's reader view) has already turned a reader's mutes, wildcards
//! included, into the keys they match. So the cost is one term-set lookup
//! per search however many keys there are, and totals and facets are
//! counted without the excluded works, like `max_rating`.

use crate::schema::Fields;
use crate::wrangle::{normalize_key, TagKind};
use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::Term;

/// What a search must leave out. Empty (the default) leaves out nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    /// A work stating any of these tags is left out (stated tags only:
    /// what analysis suggests never hides a work).
    pub tags: Vec<ExcludedTag>,
    /// A work by any of these authors is left out (compared by
    /// [`normalize_key`], as `author:` filters are).
    pub authors: Vec<String>,
    /// Works left out by id.
    pub works: Vec<String>,
}

/// One tag to leave out: its kind and its key as the index stores it
/// ([`crate::TagWrangler::key`] of the canonical tag; compared after
/// [`normalize_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExcludedTag {
    pub kind: TagKind,
    pub key: String,
}

impl Exclusions {
    /// Whether nothing is left out.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.authors.is_empty() && self.works.is_empty()
    }
}

/// `query` without the works `exclusions` names (`query` itself when they
/// name none). Scores are `query`'s.
pub(crate) fn apply(
    query: Box<dyn Query>,
    fields: &Fields,
    exclusions: &Exclusions,
) -> Box<dyn Query> {
    if exclusions.is_empty() {
        return query;
    }
    let tags = exclusions
        .tags
        .iter()
        .map(|t| Term::from_field_text(fields.tag(t.kind), &normalize_key(&t.key)));
    let authors = exclusions
        .authors
        .iter()
        .map(|a| Term::from_field_text(fields.author, &normalize_key(a)));
    let works = exclusions
        .works
        .iter()
        .map(|id| Term::from_field_text(fields.id, id.trim()));
    let excluded = TermSetQuery::new(tags.chain(authors).chain(works));
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::MustNot, Box::new(excluded)),
    ]))
}
