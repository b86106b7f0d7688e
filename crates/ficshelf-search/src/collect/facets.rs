//! Exact facet counts from fast fields.
//!
//! Each matching work document is visited once; its values in each facet
//! column are read in batches as segment ordinals, counted (densely or by
//! sorting, whichever is cheaper for the result size) and translated to
//! [global ordinals](super::ordinals), so segments merge by adding numbers
//! and no value is turned back into a string until it is displayed.

use super::columns::SegmentColumns;
use super::ordinals::GlobalOrdinals;
use crate::schema::fast;
use crate::wrangle::TagKind;
use tantivy::columnar::column_index::{MultiValueIndex, OptionalIndex};
use tantivy::columnar::{ColumnIndex, ColumnValues, StrColumn};
use tantivy::DocId;

/// Whose display spellings replace a string facet's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelled {
    /// A wrangled tag of this kind.
    Tag(TagKind),
    /// An author's name (keys compared as `author:` filters compare them).
    Author,
    /// The key is shown as it is (`complete`).
    AsIs,
}

impl Spelled {
    /// The namespace of the facet's `spelling` terms, if it has any.
    pub(crate) fn namespace(self) -> Option<&'static str> {
        match self {
            Spelled::Tag(kind) => Some(kind.as_str()),
            Spelled::Author => Some(crate::document::AUTHOR_SPELLINGS),
            Spelled::AsIs => None,
        }
    }
}

/// The string facets: fast-field name and whose spellings are displayed.
pub(crate) const STRING_FACETS: [(&str, Spelled); 9] = [
    ("warning", Spelled::Tag(TagKind::Warning)),
    ("category", Spelled::Tag(TagKind::Category)),
    ("fandom", Spelled::Tag(TagKind::Fandom)),
    ("relationship", Spelled::Tag(TagKind::Relationship)),
    ("character", Spelled::Tag(TagKind::Character)),
    ("tag", Spelled::Tag(TagKind::Tag)),
    ("language", Spelled::Tag(TagKind::Language)),
    (fast::AUTHOR, Spelled::Author),
    (fast::STATUS, Spelled::AsIs),
];

/// Docs per batch when reading column values.
const BATCH: usize = 512;

/// Counts in global ordinals, before keys and display names are applied.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RawFacets {
    /// Works per rating, indexed by the rating's position on the scale.
    pub rating: [u64; 5],
    /// `(global ordinal, works)` per string facet, parallel to [`STRING_FACETS`].
    /// Ordinals are distinct once [`RawFacets::merge`]d.
    pub strings: Vec<Vec<(u32, u64)>>,
}

impl RawFacets {
    pub fn empty() -> RawFacets {
        RawFacets {
            rating: [0; 5],
            strings: STRING_FACETS.iter().map(|_| Vec::new()).collect(),
        }
    }

    /// Sums segments' counts; `sizes` are the global ordinal counts per facet.
    pub fn merge(parts: Vec<RawFacets>, sizes: &[usize]) -> RawFacets {
        let mut out = RawFacets::empty();
        let mut per_facet: Vec<Vec<Vec<(u32, u64)>>> =
            STRING_FACETS.iter().map(|_| Vec::new()).collect();
        for part in parts {
            for (mine, theirs) in out.rating.iter_mut().zip(part.rating) {
                *mine += theirs;
            }
            for (lists, list) in per_facet.iter_mut().zip(part.strings) {
                lists.push(list);
            }
        }
        for ((target, lists), size) in out.strings.iter_mut().zip(per_facet).zip(sizes) {
            *target = if lists.len() == 1 {
                lists.into_iter().flatten().collect()
            } else {
                sum_counts(lists.into_iter().flatten(), *size)
            };
        }
        out
    }
}

/// Adds up `(ordinal, count)` pairs with possibly repeated ordinals below `size`.
fn sum_counts(pairs: impl Iterator<Item = (u32, u64)>, size: usize) -> Vec<(u32, u64)> {
    let mut pairs: Vec<(u32, u64)> = pairs.collect();
    if pairs.len() > size / 16 {
        let mut dense = vec![0u64; size];
        for (ord, count) in pairs {
            if let Some(slot) = dense.get_mut(ord as usize) {
                *slot += count;
            }
        }
        return dense
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(ord, n)| (ord as u32, n))
            .collect();
    }
    pairs.sort_unstable_by_key(|(ord, _)| *ord);
    let mut out: Vec<(u32, u64)> = Vec::with_capacity(pairs.len());
    for (ord, count) in pairs {
        match out.last_mut() {
            Some((last, total)) if *last == ord => *total += count,
            _ => out.push((ord, count)),
        }
    }
    out
}

/// Counts the facets of `docs` (sorted, each a matching work document) of segment `segment_ord`.
pub(crate) fn count(
    columns: &SegmentColumns,
    global: &GlobalOrdinals,
    segment_ord: usize,
    docs: &[DocId],
) -> RawFacets {
    let mut out = RawFacets::empty();
    out.rating = count_ratings(columns, docs);
    for (facet, (column, counts)) in columns
        .strings
        .iter()
        .zip(out.strings.iter_mut())
        .enumerate()
    {
        if let Some(column) = column {
            *counts = to_global(global, facet, segment_ord, count_column(column, docs));
        }
    }
    out
}

/// The facets of a segment's matching works counted by complement: the
/// counts of all its alive works (`all`) less those of the alive works
/// that did not match (`missing`, sorted). Equal to [`count`] over the
/// matching works, since counts add up over documents.
pub(crate) fn count_by_complement(
    columns: &SegmentColumns,
    global: &GlobalOrdinals,
    segment_ord: usize,
    all: &LocalCounts,
    missing: &[DocId],
) -> RawFacets {
    let mut out = RawFacets::empty();
    let missing_ratings = count_ratings(columns, missing);
    for ((slot, all), missing) in out.rating.iter_mut().zip(all.rating).zip(missing_ratings) {
        *slot = all.saturating_sub(missing);
    }
    for (facet, ((column, counts), all)) in columns
        .strings
        .iter()
        .zip(out.strings.iter_mut())
        .zip(&all.strings)
        .enumerate()
    {
        let Some(column) = column else { continue };
        let mut missing = count_column(column, missing).into_iter().peekable();
        let matched = all.iter().enumerate().filter_map(|(ord, &n)| {
            let ord = ord as u64;
            let gone = missing.next_if(|(m, _)| *m == ord).map_or(0, |(_, n)| n);
            let left = u64::from(n).saturating_sub(gone);
            (left > 0).then_some((ord, left))
        });
        *counts = to_global(global, facet, segment_ord, matched);
    }
    out
}

/// Facet counts of some works of one segment, in its own ordinals.
#[derive(Debug, Default)]
pub(crate) struct LocalCounts {
    /// Works per rating, indexed by the rating's position on the scale.
    pub rating: [u64; 5],
    /// Works per segment ordinal, parallel to [`STRING_FACETS`]; empty
    /// when the segment has no such column.
    pub strings: Vec<Vec<u32>>,
}

/// Counts the facets of `docs` (sorted work documents) in the segment's own ordinals.
pub(crate) fn count_local(columns: &SegmentColumns, docs: &[DocId]) -> LocalCounts {
    LocalCounts {
        rating: count_ratings(columns, docs),
        strings: columns
            .strings
            .iter()
            .map(|column| match column {
                Some(column) => {
                    let mut dense = vec![0u32; column.num_terms()];
                    for (ord, n) in count_column(column, docs) {
                        if let Some(slot) = dense.get_mut(ord as usize) {
                            *slot = u32::try_from(n).unwrap_or(u32::MAX);
                        }
                    }
                    dense
                }
                None => Vec::new(),
            })
            .collect(),
    }
}

/// Works of `docs` per rating.
fn count_ratings(columns: &SegmentColumns, docs: &[DocId]) -> [u64; 5] {
    let mut out = [0u64; 5];
    let mut ratings = vec![None; BATCH.min(docs.len())];
    for chunk in docs.chunks(BATCH) {
        let ratings = &mut ratings[..chunk.len()];
        ratings.fill(None);
        columns.rating.first_vals(chunk, ratings);
        for ord in ratings.iter().flatten() {
            if let Some(slot) = out.get_mut(*ord as usize) {
                *slot += 1;
            }
        }
    }
    out
}

/// Segment ordinals' counts of facet `facet` as global ordinals.
fn to_global(
    global: &GlobalOrdinals,
    facet: usize,
    segment_ord: usize,
    counts: impl IntoIterator<Item = (u64, u64)>,
) -> Vec<(u32, u64)> {
    let Some(map) = global
        .columns
        .get(facet)
        .and_then(|column| column.segments.get(segment_ord))
    else {
        return Vec::new();
    };
    counts
        .into_iter()
        .filter_map(|(local, n)| Some((*map.get(local as usize)?, n)))
        .collect()
}

/// Every ordinal of `docs` (sorted) in `column`, read in batches.
pub(super) fn ordinals(column: &StrColumn, docs: &[DocId]) -> Vec<u64> {
    let ords = column.ords();
    let (mut doc_out, mut rows, mut values) = (Vec::new(), Vec::new(), Vec::new());
    let mut all = Vec::with_capacity(docs.len() * 2);
    let mut bounds = RowBounds::default();
    for chunk in docs.chunks(BATCH) {
        doc_out.clear();
        rows.clear();
        match &ords.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => {
                bounds.rows(
                    &index.optional_index,
                    &*index.start_index_column,
                    chunk,
                    &mut rows,
                );
            }
            _ => ords.row_ids_for_docs(chunk, &mut doc_out, &mut rows),
        }
        values.resize(rows.len(), 0u64);
        ords.values.get_vals(&rows, &mut values);
        all.extend_from_slice(&values);
    }
    all
}

/// Rows of a multi-valued column for a batch of sorted documents, found
/// the way tantivy's `row_ids_for_docs` finds them (a document's rank among
/// those with values, then its rows `start[rank]..start[rank + 1]`), but
/// with the ranks of the whole batch looked up in one pass over each block
/// (`rank_if_exists_batch`). Tantivy looks each document up on its own,
/// a binary search per document in a sparse block, and that was the
/// largest cost of counting facets. Buffers are kept between batches.
#[derive(Default)]
struct RowBounds {
    with_values: Vec<DocId>,
    ranks: Vec<u32>,
    next_ranks: Vec<u32>,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl RowBounds {
    fn rows(
        &mut self,
        present: &OptionalIndex,
        start_index: &dyn ColumnValues<u32>,
        docs: &[DocId],
        rows: &mut Vec<u32>,
    ) {
        self.with_values.clear();
        self.ranks.clear();
        present.rank_if_exists_batch(docs, &mut self.with_values, &mut self.ranks);
        self.next_ranks.clear();
        self.next_ranks
            .extend(self.ranks.iter().map(|rank| rank + 1));
        self.starts.resize(self.ranks.len(), 0);
        self.ends.resize(self.ranks.len(), 0);
        start_index.get_vals(&self.ranks, &mut self.starts);
        start_index.get_vals(&self.next_ranks, &mut self.ends);
        for (start, end) in self.starts.iter().zip(&self.ends) {
            rows.extend(*start..*end);
        }
    }
}

/// `(segment ordinal, works)` for the values of `docs`.
fn count_column(column: &StrColumn, docs: &[DocId]) -> Vec<(u64, u64)> {
    let all = ordinals(column, docs);
    let num_terms = column.num_terms();
    if num_terms <= all.len().saturating_mul(4).saturating_add(1024) {
        let mut dense = vec![0u32; num_terms];
        for ord in all {
            if let Some(slot) = dense.get_mut(ord as usize) {
                *slot += 1;
            }
        }
        return dense
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(ord, n)| (ord as u64, u64::from(n)))
            .collect();
    }
    let mut all = all;
    all.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for ord in all {
        match out.last_mut() {
            Some((last, n)) if *last == ord => *n += 1,
            _ => out.push((ord, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sum_counts;

    #[test]
    fn sums_sparse_and_dense() {
        let pairs = [(3, 1), (1, 2), (3, 4)];
        assert_eq!(sum_counts(pairs.into_iter(), 1000), vec![(1, 2), (3, 5)]);
        assert_eq!(sum_counts(pairs.into_iter(), 4), vec![(1, 2), (3, 5)]);
    }
}
