//! The facet values of a segment's work documents, read once into memory.
//!
//! Counting facets from tantivy's columns costs, per document and column,
//! a lookup in the column's presence index and two in its row starts;
//! with nine facet columns that was most of the time of a search matching
//! many works. Segments never change, so each one's values are read once
//! (in batches, [`super::rows`]) into plain arrays: per work, its rating
//! and its segment ordinals in each facet, one list after another. A search
//! then counts by walking those arrays, or, for facets with few values,
//! by bitmaps ([`super::value_bitmaps`]). About 4 bytes per value plus 40
//! per work, and at most 20 more per work for the bitmaps, dropped with
//! the segment.
//!
//! The counts over *every* work of the segment are kept too, so that a
//! search matching most works can count the ones it did not match and
//! subtract ([`super::segment_facets`]; deleted works are among the ones
//! not matched, so the kept counts never depend on the segment's deletes).

use super::columns::SegmentColumns;
use super::per_segment::PerSegment;
use super::rows::ordinals_per_doc;
use super::value_bitmaps::{ValueBitmaps, WorkBits, BITS_PER_WORK};
use crate::schema::{Fields, KIND_WORK};
use std::sync::Arc;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

/// Docs per batch when reading column values.
const BATCH: usize = 512;
/// A work without a rating.
const NO_RATING: u8 = u8::MAX;

/// One facet column's values for every work of a segment.
#[derive(Debug)]
struct OrdinalLists {
    /// Work `i`'s ordinals are `ords[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
    /// Ordinals are below this.
    num_terms: usize,
    /// One bitmap per value, for facets with few values ([`super::value_bitmaps`]).
    bitmaps: Option<ValueBitmaps>,
}

impl OrdinalLists {
    /// About how many values `works` works have (the segment's average).
    fn values_of(&self, works: usize) -> usize {
        let all = self.starts.len().saturating_sub(1).max(1);
        (works * self.ords.len()).div_ceil(all)
    }

    /// The ordinals of the work at position `i` (none past the end).
    fn ords_of(&self, i: u32) -> &[u32] {
        let i = i as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&start), Some(&end)) => self
                .ords
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Facet counts of some works of one segment, in its own ordinals.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LocalCounts {
    /// Works per rating, indexed by the rating's position on the scale.
    pub rating: [u64; 5],
    /// `(segment ordinal, works)` ascending, parallel to
    /// [`super::STRING_FACETS`]; empty when the segment has no such column.
    pub strings: Vec<Vec<(u64, u64)>>,
}

/// Every work document of a segment (deleted ones included) with its facet values.
#[derive(Debug)]
pub(crate) struct WorkValues {
    /// The work documents, ascending.
    pub docs: Vec<DocId>,
    /// Per work: its rating's position on the scale, or [`NO_RATING`].
    ratings: Vec<u8>,
    /// Parallel to [`super::STRING_FACETS`]; `None` when the segment has no such column.
    strings: Vec<Option<OrdinalLists>>,
    /// The counts over every work, dense: works per segment ordinal.
    all_rating: [u64; 5],
    all_strings: Vec<Vec<u32>>,
}

impl WorkValues {
    fn build(
        reader: &SegmentReader,
        fields: &Fields,
        columns: &SegmentColumns,
    ) -> tantivy::Result<WorkValues> {
        let term = Term::from_field_text(fields.kind, KIND_WORK);
        let mut docs = Vec::new();
        let inverted = reader.inverted_index(fields.kind)?;
        if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                docs.push(doc);
                doc = postings.advance();
            }
        }
        let mut ratings = vec![NO_RATING; docs.len()];
        let mut batch = vec![None; BATCH];
        for (chunk, out) in docs.chunks(BATCH).zip(ratings.chunks_mut(BATCH)) {
            let batch = &mut batch[..chunk.len()];
            batch.fill(None);
            columns.rating.first_vals(chunk, batch);
            for (slot, value) in out.iter_mut().zip(batch.iter()) {
                *slot = value
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(|v| usize::from(*v) < 5)
                    .unwrap_or(NO_RATING);
            }
        }
        let strings: Vec<Option<OrdinalLists>> = columns
            .strings
            .iter()
            .map(|column| {
                column.as_ref().map(|column| {
                    let (starts, ords) = ordinals_per_doc(column, &docs, BATCH);
                    OrdinalLists {
                        starts,
                        ords,
                        num_terms: column.num_terms(),
                        bitmaps: None,
                    }
                })
            })
            .collect();
        let strings = with_bitmaps(strings);
        let mut values = WorkValues {
            docs,
            ratings,
            strings,
            all_rating: [0; 5],
            all_strings: Vec::new(),
        };
        let everyone: Vec<u32> = (0..values.docs.len() as u32).collect();
        values.all_rating = values.ratings_of(&everyone);
        values.all_strings = values
            .strings
            .iter()
            .map(|lists| match lists {
                Some(lists) => {
                    let mut dense = vec![0u32; lists.num_terms];
                    for &ord in &lists.ords {
                        if let Some(slot) = dense.get_mut(ord as usize) {
                            *slot += 1;
                        }
                    }
                    dense
                }
                None => Vec::new(),
            })
            .collect();
        Ok(values)
    }

    /// The positions in [`WorkValues::docs`] of `matched` (sorted work documents).
    pub fn positions(&self, matched: &[DocId]) -> Vec<u32> {
        if matched.len().saturating_mul(16) < self.docs.len() {
            return matched
                .iter()
                .filter_map(|doc| self.docs.binary_search(doc).ok())
                .map(|i| i as u32)
                .collect();
        }
        let mut out = Vec::with_capacity(matched.len());
        let mut docs = self.docs.iter().enumerate().peekable();
        for doc in matched {
            while docs.next_if(|(_, d)| *d < doc).is_some() {}
            if let Some((i, _)) = docs.next_if(|(_, d)| *d == doc) {
                out.push(i as u32);
            }
        }
        out
    }

    /// The positions in [`WorkValues::docs`] of the works not among
    /// `matched` (sorted work documents), ascending.
    pub fn unmatched(&self, matched: &[DocId]) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.docs.len().saturating_sub(matched.len()));
        let mut matched = matched.iter().peekable();
        for (i, doc) in self.docs.iter().enumerate() {
            while matched.next_if(|m| **m < *doc).is_some() {}
            if matched.next_if_eq(&doc).is_none() {
                out.push(i as u32);
            }
        }
        out
    }

    /// The facets of the works at `positions` (ascending), each facet
    /// counted the cheaper way.
    pub fn count(&self, positions: &[u32]) -> LocalCounts {
        self.count_by(positions, Counting::Cheaper)
    }

    /// The facets of the works at `positions` (ascending), counted `how`.
    pub fn count_by(&self, positions: &[u32], how: Counting) -> LocalCounts {
        let mut bits = None;
        let strings = self
            .strings
            .iter()
            .map(|lists| {
                let Some(lists) = lists else {
                    return Vec::new();
                };
                let use_bitmaps = match (&lists.bitmaps, how) {
                    (None, _) | (_, Counting::ByValue) => None,
                    (Some(maps), Counting::Bitmaps) => Some(maps),
                    (Some(maps), Counting::Cheaper) => {
                        // A value step costs about four word steps.
                        Some(maps).filter(|maps| maps.cost() < 4 * lists.values_of(positions.len()))
                    }
                };
                match use_bitmaps {
                    Some(maps) => maps.count(
                        bits.get_or_insert_with(|| WorkBits::of(positions, self.docs.len())),
                    ),
                    None => tally(lists, positions),
                }
            })
            .collect();
        LocalCounts {
            rating: self.ratings_of(positions),
            strings,
        }
    }

    /// Works per rating over every work of the segment (deleted ones included).
    pub fn all_rating(&self) -> [u64; 5] {
        self.all_rating
    }

    /// Works per segment ordinal of string facet `facet` over every work of
    /// the segment, dense; `None` past the facets.
    pub fn all_of(&self, facet: usize) -> Option<&[u32]> {
        self.all_strings.get(facet).map(Vec::as_slice)
    }

    fn ratings_of(&self, positions: &[u32]) -> [u64; 5] {
        let mut out = [0u64; 5];
        for &i in positions {
            if let Some(slot) = self
                .ratings
                .get(i as usize)
                .and_then(|r| out.get_mut(usize::from(*r)))
            {
                *slot += 1;
            }
        }
        out
    }
}

/// How [`WorkValues::count_by`] counts facets that have bitmaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counting {
    /// By bitmaps or value by value, whichever costs less for the works counted.
    Cheaper,
    /// Always by bitmaps (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Bitmaps,
    /// Always value by value (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    ByValue,
}

/// Gives bitmaps to the facets with fewest values first, while they fit in
/// [`BITS_PER_WORK`].
fn with_bitmaps(mut strings: Vec<Option<OrdinalLists>>) -> Vec<Option<OrdinalLists>> {
    let mut order: Vec<usize> = (0..strings.len()).collect();
    order.sort_by_key(|&facet| strings[facet].as_ref().map_or(usize::MAX, |l| l.num_terms));
    let mut left = BITS_PER_WORK;
    for facet in order {
        let Some(lists) = strings.get_mut(facet).and_then(Option::as_mut) else {
            continue;
        };
        if lists.num_terms > left {
            break;
        }
        lists.bitmaps = ValueBitmaps::build(&lists.starts, &lists.ords, lists.num_terms);
        if lists.bitmaps.is_some() {
            left -= lists.num_terms;
        }
    }
    strings
}

/// `(segment ordinal, works)` ascending for the works at `positions`,
/// counted densely or by sorting, whichever is cheaper for the result size.
fn tally(lists: &OrdinalLists, positions: &[u32]) -> Vec<(u64, u64)> {
    let values = lists.values_of(positions.len());
    if lists.num_terms <= values.saturating_mul(4).saturating_add(1024) {
        let mut dense = vec![0u32; lists.num_terms];
        for &i in positions {
            for &ord in lists.ords_of(i) {
                if let Some(slot) = dense.get_mut(ord as usize) {
                    *slot += 1;
                }
            }
        }
        return dense
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(ord, n)| (ord as u64, u64::from(*n)))
            .collect();
    }
    let mut all: Vec<u32> = Vec::with_capacity(values);
    for &i in positions {
        all.extend_from_slice(lists.ords_of(i));
    }
    all.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for ord in all {
        match out.last_mut() {
            Some((last, n)) if *last == u64::from(ord) => *n += 1,
            _ => out.push((u64::from(ord), 1)),
        }
    }
    out
}

/// [`WorkValues`] per segment, shared across searches.
#[derive(Default)]
pub(crate) struct WorkValuesCache {
    segments: PerSegment<WorkValues>,
}

impl WorkValuesCache {
    /// The work values of `reader`'s segment, read on first use.
    pub fn get(
        &self,
        reader: &SegmentReader,
        fields: &Fields,
        columns: &SegmentColumns,
    ) -> tantivy::Result<Arc<WorkValues>> {
        self.segments
            .get_or_build(reader, || WorkValues::build(reader, fields, columns))
    }

    /// Forgets segments that `searcher` no longer has (merged or deleted).
    pub fn retain(&self, searcher: &Searcher) {
        self.segments.retain(searcher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(docs: Vec<DocId>) -> WorkValues {
        WorkValues {
            ratings: vec![NO_RATING; docs.len()],
            docs,
            strings: Vec::new(),
            all_rating: [0; 5],
            all_strings: Vec::new(),
        }
    }

    #[test]
    fn positions_of_matched_and_unmatched_works() {
        let works = values(vec![0, 2, 4, 6, 8]);
        assert_eq!(works.positions(&[2, 8]), vec![1, 4]);
        assert_eq!(works.positions(&[0, 2, 4, 6, 8]), vec![0, 1, 2, 3, 4]);
        assert_eq!(works.unmatched(&[2, 8]), vec![0, 2, 3]);
        assert_eq!(works.unmatched(&[]), vec![0, 1, 2, 3, 4]);
        assert_eq!(works.unmatched(&[0, 2, 4, 6, 8]), Vec::<u32>::new());
        // Matched documents that are not works are passed over.
        assert_eq!(works.unmatched(&[1, 2, 3, 9]), vec![0, 2, 3, 4]);
        // Few matches are looked up one by one.
        let many = values((0..100).map(|d| d * 3).collect());
        assert_eq!(many.positions(&[3, 297]), vec![1, 99]);
    }
}
