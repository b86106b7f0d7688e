//! Facet counts of every alive work of a segment, for counting by
//! complement.
//!
//! A frequent word or a stop word matches most works: counting the facets
//! of every match reads every facet column of nearly every document, and
//! that was most of such a search's time. The counts of *all* alive works
//! of a segment are the same for every search, so they are counted once
//! (per segment and delete set) and kept; a search matching more than half
//! of a segment's works then counts only the works it did **not** match and
//! subtracts. Counting is additive over documents, so the result is exactly
//! the direct count.
//!
//! Chapter documents are never matched and hold no facet values, so the
//! complement is taken within the segment's alive *work* documents (listed
//! once here), never over every document.

use super::columns::SegmentColumns;
use super::facets::{count_local, LocalCounts};
use crate::schema::{Fields, KIND_WORK};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Opstamp, Searcher, SegmentReader, Term, TERMINATED};

/// One segment's alive works and the facet counts over all of them.
#[derive(Debug)]
pub(crate) struct AliveWorks {
    /// The alive work documents, ascending.
    pub docs: Vec<DocId>,
    /// Their facets, in the segment's own ordinals.
    pub counts: LocalCounts,
}

impl AliveWorks {
    fn build(
        reader: &SegmentReader,
        fields: &Fields,
        columns: &SegmentColumns,
    ) -> tantivy::Result<AliveWorks> {
        let term = Term::from_field_text(fields.kind, KIND_WORK);
        let mut docs = Vec::with_capacity(reader.num_docs() as usize);
        let inverted = reader.inverted_index(fields.kind)?;
        if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !reader.is_deleted(doc) {
                    docs.push(doc);
                }
                doc = postings.advance();
            }
        }
        let counts = count_local(columns, &docs);
        Ok(AliveWorks { docs, counts })
    }

    /// The alive works not in `matched` (ascending, a subset of [`AliveWorks::docs`]).
    pub fn complement(&self, matched: &[DocId]) -> Vec<DocId> {
        let mut out = Vec::with_capacity(self.docs.len().saturating_sub(matched.len()));
        let mut matched = matched.iter().peekable();
        for &doc in &self.docs {
            while matched.next_if(|&&m| m < doc).is_some() {}
            if matched.next_if_eq(&&doc).is_none() {
                out.push(doc);
            }
        }
        out
    }
}

/// A segment and its delete set (deletes only grow, so the opstamp of the
/// last one names the set).
type SegmentState = (SegmentId, Option<Opstamp>);

/// [`AliveWorks`] per segment and delete set, shared across searches.
#[derive(Default)]
pub(crate) struct AliveCache {
    segments: Mutex<HashMap<SegmentState, Arc<AliveWorks>>>,
}

impl AliveCache {
    /// The alive works of `reader`'s segment, counted on first use. Two
    /// searches arriving together may both count; either result is right.
    pub fn get(
        &self,
        reader: &SegmentReader,
        fields: &Fields,
        columns: &SegmentColumns,
    ) -> tantivy::Result<Arc<AliveWorks>> {
        let key = (reader.segment_id(), reader.delete_opstamp());
        if let Some(alive) = self.lock().get(&key) {
            return Ok(Arc::clone(alive));
        }
        let alive = Arc::new(AliveWorks::build(reader, fields, columns)?);
        self.lock().insert(key, Arc::clone(&alive));
        Ok(alive)
    }

    /// Forgets segments and delete sets that `searcher` no longer has.
    pub fn retain(&self, searcher: &Searcher) {
        let live: Vec<SegmentState> = searcher
            .segment_readers()
            .iter()
            .map(|r| (r.segment_id(), r.delete_opstamp()))
            .collect();
        self.lock().retain(|key, _| live.contains(key));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentState, Arc<AliveWorks>>> {
        self.segments
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alive(docs: Vec<DocId>) -> AliveWorks {
        AliveWorks {
            docs,
            counts: LocalCounts::default(),
        }
    }

    #[test]
    fn complement_keeps_the_alive_works_not_matched() {
        let works = alive(vec![0, 2, 4, 6, 8]);
        assert_eq!(works.complement(&[2, 8]), vec![0, 4, 6]);
        assert_eq!(works.complement(&[]), vec![0, 2, 4, 6, 8]);
        assert_eq!(works.complement(&[0, 2, 4, 6, 8]), Vec::<DocId>::new());
    }
}
