//! Works a search leaves out whatever its query says: a reader's muted
//! tags and authors, and the works they have read and chose to hide.
//!
//! Public items:
//! - [`Exclusions`], [`ExcludedTag`]: what to leave out, given to a search
//!   as [`crate::SearchOptions::exclude`].
//!
//! Exclusions name exact index keys, not patterns: the caller (the
//! library's reader view) has already turned a reader's mutes, wildcards
//! included, into the keys they match. Totals and facets are counted
//! without the excluded works, like `max_rating`.
//!
//! The same reader searches again and again with the same exclusions, so
//! the documents they name are found once per segment and kept
//! ([`ExclusionCache`], one per index handle): a segment never changes once
//! written (deletes aside, which every search already skips), so its
//! identity is the cache's key, and a merge or a commit brings new segments
//! that are read afresh. A search then costs one bit test per matching
//! document, not a term-set automaton built and every excluded posting
//! read again (tantivy's `TermSetQuery` does both on every search).

use crate::schema::Fields;
use crate::wrangle::{normalize_key, TagKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::BitSet;
use tantivy::{DocId, Score, SegmentReader, TantivyError, Term};
use tantivy::{DocSet, TERMINATED};

/// What a search must leave out. Empty (the default) leaves out nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// The index terms whose documents are left out.
    fn terms(&self, fields: &Fields) -> Vec<Term> {
        let tags = self
            .tags
            .iter()
            .map(|t| Term::from_field_text(fields.tag(t.kind), &normalize_key(&t.key)));
        let authors = self
            .authors
            .iter()
            .map(|a| Term::from_field_text(fields.author, &normalize_key(a)));
        let works = self
            .works
            .iter()
            .map(|id| Term::from_field_text(fields.id, id.trim()));
        tags.chain(authors).chain(works).collect()
    }
}

/// The most exclusion sets an [`ExclusionCache`] keeps documents for
/// (readers searching at once); past it, it starts over.
const MOST_SETS: usize = 64;
/// The most segments kept per exclusion set; past it (segments merged away
/// over a long run), that set starts over.
const MOST_SEGMENTS: usize = 256;

/// The documents each exclusion set names, per segment, kept across
/// searches. Cheap to share; a poisoned lock is taken over (every entry is
/// whole: a bitset is inserted only once built).
#[derive(Debug, Default, Clone)]
pub(crate) struct ExclusionCache {
    sets: Arc<Mutex<ExcludedBySet>>,
}

/// Per exclusion set, the documents it names in each segment.
type ExcludedBySet = HashMap<Exclusions, HashMap<SegmentId, Arc<BitSet>>>;

impl ExclusionCache {
    /// The documents of `segment` that `exclusions` names, read from its
    /// postings on first use.
    fn excluded_docs(
        &self,
        exclusions: &Exclusions,
        terms: &[Term],
        segment: &SegmentReader,
    ) -> tantivy::Result<Arc<BitSet>> {
        let id = segment.segment_id();
        if let Some(known) = self.lock().get(exclusions).and_then(|set| set.get(&id)) {
            return Ok(Arc::clone(known));
        }
        // Built outside the lock: two searches may both build it, and both
        // bitsets are the same.
        let docs = Arc::new(docs_with_any(segment, terms)?);
        let mut sets = self.lock();
        if !sets.contains_key(exclusions) && sets.len() >= MOST_SETS {
            sets.clear();
        }
        let segments = sets.entry(exclusions.clone()).or_default();
        if segments.len() >= MOST_SEGMENTS {
            segments.clear();
        }
        segments.insert(id, Arc::clone(&docs));
        Ok(docs)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<Exclusions, HashMap<SegmentId, Arc<BitSet>>>> {
        self.sets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every document of `segment` holding any of `terms` (deleted ones too).
fn docs_with_any(segment: &SegmentReader, terms: &[Term]) -> tantivy::Result<BitSet> {
    let mut docs = BitSet::with_max_value(segment.max_doc());
    for term in terms {
        let index = segment.inverted_index(term.field())?;
        let Some(mut postings) = index.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            docs.insert(doc);
            doc = postings.advance();
        }
    }
    Ok(docs)
}

/// `query` without the works `exclusions` names (`query` itself when they
/// name none), those works' documents found through `cache`. Scores are
/// `query`'s.
pub(crate) fn apply(
    query: Box<dyn Query>,
    fields: &Fields,
    exclusions: &Exclusions,
    cache: &ExclusionCache,
) -> Box<dyn Query> {
    if exclusions.is_empty() {
        return query;
    }
    Box::new(Excluding {
        query,
        excluded: Arc::new(Excluded {
            terms: exclusions.terms(fields),
            exclusions: exclusions.clone(),
            cache: cache.clone(),
        }),
    })
}

/// What a query leaves out, and where its documents are kept.
#[derive(Debug)]
struct Excluded {
    exclusions: Exclusions,
    terms: Vec<Term>,
    cache: ExclusionCache,
}

impl Excluded {
    fn docs(&self, segment: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        self.cache
            .excluded_docs(&self.exclusions, &self.terms, segment)
    }
}

/// A query whose matches in the excluded documents are dropped.
#[derive(Debug)]
struct Excluding {
    query: Box<dyn Query>,
    excluded: Arc<Excluded>,
}

impl Clone for Excluding {
    fn clone(&self) -> Excluding {
        Excluding {
            query: self.query.box_clone(),
            excluded: Arc::clone(&self.excluded),
        }
    }
}

impl Query for Excluding {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludingWeight {
            weight: self.query.weight(enable_scoring)?,
            excluded: Arc::clone(&self.excluded),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct ExcludingWeight {
    weight: Box<dyn Weight>,
    excluded: Arc<Excluded>,
}

impl Weight for ExcludingWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.weight.scorer(reader, boost)?;
        Ok(Box::new(ExcludingScorer::new(
            scorer,
            self.excluded.docs(reader)?,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.excluded.docs(reader)?.contains(doc) {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is excluded"
            )));
        }
        self.weight.explain(reader, doc)
    }
}

/// A scorer skipping the documents of a bitset.
struct ExcludingScorer {
    scorer: Box<dyn Scorer>,
    excluded: Arc<BitSet>,
}

impl ExcludingScorer {
    fn new(scorer: Box<dyn Scorer>, excluded: Arc<BitSet>) -> ExcludingScorer {
        let mut scorer = ExcludingScorer { scorer, excluded };
        scorer.skip_excluded();
        scorer
    }

    /// Moves on from the current document while it is excluded.
    fn skip_excluded(&mut self) -> DocId {
        let mut doc = self.scorer.doc();
        while doc != TERMINATED && self.excluded.contains(doc) {
            doc = self.scorer.advance();
        }
        doc
    }
}

impl DocSet for ExcludingScorer {
    fn advance(&mut self) -> DocId {
        self.scorer.advance();
        self.skip_excluded()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.scorer.seek(target);
        self.skip_excluded()
    }

    fn doc(&self) -> DocId {
        self.scorer.doc()
    }

    fn size_hint(&self) -> u32 {
        self.scorer.size_hint()
    }

    fn cost(&self) -> u64 {
        self.scorer.cost()
    }
}

impl Scorer for ExcludingScorer {
    fn score(&mut self) -> Score {
        self.scorer.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index, IndexWriter};

    /// The ids of the documents `query` matches, in doc order per segment.
    fn matches(index: &Index, query: &dyn Query) -> Vec<String> {
        let searcher = index.reader().expect("reader").searcher();
        let field = index.schema().get_field("id").expect("id field");
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .expect("weight");
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let mut scorer = weight.scorer(segment, 1.0).expect("scorer");
            let store = segment.get_store_reader(1).expect("store");
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                let stored: tantivy::TantivyDocument = store.get(doc).expect("stored");
                let id = stored
                    .get_first(field)
                    .and_then(|v| tantivy::schema::Value::as_str(&v))
                    .expect("id")
                    .to_string();
                ids.push(id);
                doc = scorer.advance();
            }
        }
        ids.sort();
        ids
    }

    #[test]
    fn excluded_documents_are_found_once_per_segment_and_new_segments_are_read() {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | tantivy::schema::STORED);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        for (n, t) in [
            ("1", "fluff"),
            ("2", "angst"),
            ("3", "fluff"),
            ("4", "crack"),
        ] {
            writer.add_document(doc!(id => n, tag => t)).expect("add");
        }
        writer.commit().expect("commit");
        let cache = ExclusionCache::default();
        let excluded = |keys: &[&str]| Excluding {
            query: Box::new(AllQuery),
            excluded: Arc::new(Excluded {
                exclusions: Exclusions {
                    works: keys.iter().map(|k| k.to_string()).collect(),
                    ..Exclusions::default()
                },
                terms: keys.iter().map(|k| Term::from_field_text(tag, k)).collect(),
                cache: cache.clone(),
            }),
        };
        assert_eq!(matches(&index, &excluded(&["fluff"])), ["2", "4"]);
        // Again, from the cache; another set is kept apart.
        assert_eq!(matches(&index, &excluded(&["fluff"])), ["2", "4"]);
        assert_eq!(matches(&index, &excluded(&["angst", "crack"])), ["1", "3"]);
        // A later commit's segment is read too.
        writer
            .add_document(doc!(id => "5", tag => "fluff"))
            .expect("add");
        writer
            .add_document(doc!(id => "6", tag => "angst"))
            .expect("add");
        writer.commit().expect("commit");
        assert_eq!(matches(&index, &excluded(&["fluff"])), ["2", "4", "6"]);
        // Inside another query, only its matches are filtered.
        let within = Excluding {
            query: Box::new(TermQuery::new(
                Term::from_field_text(tag, "angst"),
                IndexRecordOption::Basic,
            )),
            excluded: excluded(&["fluff"]).excluded,
        };
        assert_eq!(matches(&index, &within), ["2", "6"]);
        let sets = cache.lock();
        assert_eq!(sets.len(), 2, "one entry per exclusion set");
        let segments = searcher_segments(&index);
        assert!(sets
            .values()
            .all(|per_segment| per_segment.len() <= segments));
    }

    fn searcher_segments(index: &Index) -> usize {
        index
            .reader()
            .expect("reader")
            .searcher()
            .segment_readers()
            .len()
    }
}
