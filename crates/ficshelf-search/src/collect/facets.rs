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
use tantivy::columnar::StrColumn;
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
#[derive(Debug, Default)]
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
    let mut ratings = vec![None; BATCH];
    for chunk in docs.chunks(BATCH) {
        let ratings = &mut ratings[..chunk.len()];
        ratings.fill(None);
        columns.rating.first_vals(chunk, ratings);
        for ord in ratings.iter().flatten() {
            if let Some(slot) = out.rating.get_mut(*ord as usize) {
                *slot += 1;
            }
        }
    }
    for ((column, counts), global) in columns
        .strings
        .iter()
        .zip(out.strings.iter_mut())
        .zip(&global.columns)
    {
        if let (Some(column), Some(map)) = (column, global.segments.get(segment_ord)) {
            *counts = count_column(column, docs)
                .into_iter()
                .filter_map(|(local, n)| Some((*map.get(local as usize)?, n)))
                .collect();
        }
    }
    out
}

/// Every ordinal of `docs` in `column`, read in batches.
fn ordinals(column: &StrColumn, docs: &[DocId]) -> Vec<u64> {
    let ords = column.ords();
    let (mut doc_out, mut rows, mut values) = (Vec::new(), Vec::new(), Vec::new());
    let mut all = Vec::with_capacity(docs.len() * 2);
    for chunk in docs.chunks(BATCH) {
        doc_out.clear();
        rows.clear();
        ords.row_ids_for_docs(chunk, &mut doc_out, &mut rows);
        values.resize(rows.len(), 0u64);
        ords.values.get_vals(&rows, &mut values);
        all.extend_from_slice(&values);
    }
    all
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
