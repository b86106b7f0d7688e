//! One segment's facet counts, and adding up every segment's.
//!
//! A segment whose search matched most of its works is counted by
//! complement: only the works it did *not* match are tallied (few, for a
//! frequent word), and the segment counts as "all its works less those".
//! Its counts over all its works are never copied per search: the counts
//! over every work of the whole index, in global ordinals, are summed once
//! per index generation ([`GlobalOrdinals::all_works`]), and one dense
//! array per facet starts from them. Segments counted directly then take
//! their own "all works" off and add what they matched.
//!
//! So a search matching most of the library costs, per facet, one copy and
//! one scan of an array as long as the facet's distinct values, plus
//! counting the unmatched works' values; before, every segment also copied,
//! scanned and translated its own dense counts of every work, and the lists
//! were merged again. (Profiled at 100k works, a frequent word: facets
//! took 32% of the server's CPU before this and 28% after. Most of it was
//! counting the unmatched works' values, one step per value; facets with
//! few values now count them by bitmaps, [`super::value_bitmaps`].)

use super::facets::{to_global, RawFacets};
use super::ordinals::GlobalOrdinals;
use super::work_values::WorkValues;
use std::sync::Arc;
use tantivy::DocId;

/// One segment's facet counts in global ordinals.
pub(crate) struct SegmentFacets {
    values: Arc<WorkValues>,
    segment_ord: usize,
    /// The segment's matched works per rating (ratings are few: always direct).
    rating: [u64; 5],
    /// Per string facet, in global ordinals: the matched works' values, or
    /// with `complement`, the unmatched works' values.
    strings: Vec<Vec<(u32, u64)>>,
    complement: bool,
}

impl SegmentFacets {
    /// Counts `matched` (sorted work documents of the segment): directly,
    /// or by complement when they are most of the segment's works.
    pub fn count(
        values: Arc<WorkValues>,
        global: &GlobalOrdinals,
        segment_ord: usize,
        matched: &[DocId],
    ) -> SegmentFacets {
        let complement = matched.len() * 2 > values.docs.len();
        SegmentFacets::count_as(values, global, segment_ord, matched, complement)
    }

    /// Counts `matched` directly, or by complement; the sum is the same.
    pub fn count_as(
        values: Arc<WorkValues>,
        global: &GlobalOrdinals,
        segment_ord: usize,
        matched: &[DocId],
        complement: bool,
    ) -> SegmentFacets {
        let (rating, counted) = if complement {
            let unmatched = values.count(&values.unmatched(matched));
            let mut rating = values.all_rating();
            for (slot, gone) in rating.iter_mut().zip(unmatched.rating) {
                *slot = slot.saturating_sub(gone);
            }
            (rating, unmatched)
        } else {
            let counted = values.count(&values.positions(matched));
            (counted.rating, counted)
        };
        SegmentFacets {
            strings: to_global(counted, global, segment_ord).strings,
            values,
            segment_ord,
            rating,
            complement,
        }
    }

    /// Adds up every segment's counts (one part per segment of the searcher
    /// `global` was built for).
    pub fn merge(parts: Vec<SegmentFacets>, global: &GlobalOrdinals) -> RawFacets {
        let sizes: Vec<usize> = global.columns.iter().map(|c| c.keys.len()).collect();
        if !parts.iter().any(|part| part.complement) {
            let direct = parts
                .into_iter()
                .map(|part| RawFacets {
                    rating: part.rating,
                    strings: part.strings,
                })
                .collect();
            return RawFacets::merge(direct, &sizes);
        }
        let all = global.all_works(parts.iter().map(|p| (p.segment_ord, &*p.values)));
        let mut out = RawFacets::empty();
        for part in &parts {
            for (mine, theirs) in out.rating.iter_mut().zip(part.rating) {
                *mine += theirs;
            }
        }
        for (facet, target) in out.strings.iter_mut().enumerate() {
            let Some(all) = all.get(facet) else {
                continue;
            };
            let mut dense = all.clone();
            for part in &parts {
                let counted = part.strings.get(facet).map_or(&[][..], Vec::as_slice);
                let listed = counted.iter().map(|&(ord, n)| (ord as usize, n));
                if part.complement {
                    // The segment's works (counted in `all`) less the unmatched.
                    take(&mut dense, listed);
                } else if let Some(column) = global.columns.get(facet) {
                    // The segment's works taken off, then the matched added.
                    let local = part.values.all_of(facet);
                    take(&mut dense, column.dense_counts(part.segment_ord, local));
                    for (ord, n) in listed {
                        if let Some(slot) = dense.get_mut(ord) {
                            *slot += n;
                        }
                    }
                }
            }
            *target = dense
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .map(|(ord, n)| (ord as u32, n))
                .collect();
        }
        out
    }
}

/// Takes `counts` (`(global ordinal, works)`) off `dense`.
fn take(dense: &mut [u64], counts: impl Iterator<Item = (usize, u64)>) {
    for (ord, n) in counts {
        if let Some(slot) = dense.get_mut(ord) {
            *slot = slot.saturating_sub(n);
        }
    }
}
