//! One pass over the matching works: exact total, the page's works in sort
//! order, and exact facet counts over the whole result set.
//!
//! Crate-private; [`crate::SearchIndex::search`] is the public entry point.
//! Because every matching document is a work (chapters are never matched),
//! counting documents counts works: no de-duplication is needed.
//! The walk over each segment's matches is the collector's own, so that it
//! can stop at a [`Deadline`]. Facets are counted from each segment's
//! values read once ([`work_values`]); a segment whose matches are most of
//! its works counts the others and subtracts.

mod columns;
mod deadline;
mod facets;
mod ordinals;
mod per_segment;
mod rows;
mod segment_facets;
#[cfg(test)]
mod tests;
mod top;
mod value_bitmaps;
mod work_values;

pub(crate) use columns::ColumnCache;
pub(crate) use deadline::Deadline;
pub(crate) use facets::{RawFacets, Spelled, STRING_FACETS};
pub(crate) use ordinals::{GlobalOrdinals, OrdinalCache};
pub(crate) use top::Ranked;
pub(crate) use work_values::WorkValuesCache;

use crate::query::Sort;
use crate::schema::Fields;
use segment_facets::SegmentFacets;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED};
use top::SegmentTop;
use work_values::WorkValues;

/// Collects total, top `k` and (optionally) facets.
pub(crate) struct WorkCollector<'a> {
    pub columns: &'a ColumnCache,
    /// Every segment's works and their facet values.
    pub values: &'a WorkValuesCache,
    pub fields: &'a Fields,
    /// Global ordinals of the searcher the collector runs on; `None` skips facets.
    pub facets: Option<Arc<GlobalOrdinals>>,
    pub sort: Sort,
    /// `offset + limit`: how many works the page needs from the top.
    pub k: usize,
    pub scored: bool,
    /// When to stop walking matches.
    pub deadline: &'a Deadline,
}

/// What a search collects.
pub(crate) struct Collected {
    pub total: u64,
    /// The best `k` works, best first.
    pub top: Vec<Ranked>,
    pub facets: RawFacets,
}

/// One segment's share of the work.
pub(crate) struct WorkSegmentCollector {
    segment_ord: usize,
    total: u64,
    top: SegmentTop,
    /// The segment's work values, the global ordinals and the matching
    /// docs, when counting facets.
    facets: Option<(Arc<WorkValues>, Arc<GlobalOrdinals>, Vec<DocId>)>,
}

/// What one segment collects.
pub(crate) struct SegmentCollected {
    total: u64,
    top: Vec<Ranked>,
    /// `None` when facets are not counted.
    facets: Option<SegmentFacets>,
}

/// A segment's harvest; errors from reading dictionaries are carried to
/// `merge_fruits`, where they can be returned.
type SegmentFruit = std::io::Result<SegmentCollected>;

impl Collector for WorkCollector<'_> {
    type Fruit = Collected;
    type Child = WorkSegmentCollector;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<WorkSegmentCollector> {
        let columns = self.columns.get(reader)?;
        let facets = match &self.facets {
            Some(global) => Some((
                self.values.get(reader, self.fields, &columns)?,
                Arc::clone(global),
                Vec::new(),
            )),
            None => None,
        };
        Ok(WorkSegmentCollector {
            segment_ord: segment_ord as usize,
            total: 0,
            top: SegmentTop::new(self.sort, self.k, segment_ord, &columns),
            facets,
        })
    }

    /// Tantivy's own walk, plus a look at the deadline every
    /// [`deadline::CHECK_EVERY`] documents (deleted documents included, as
    /// they cost time too).
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFruit> {
        let mut child = self.for_segment(segment_ord, reader)?;
        if self.deadline.check() {
            return Ok(child.harvest());
        }
        let mut scorer = weight.scorer(reader, 1.0)?;
        child.expect_matches(scorer.size_hint());
        let alive = reader.alive_bitset();
        let mut until_check = deadline::CHECK_EVERY;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                let score = if self.scored { scorer.score() } else { 0.0 };
                child.collect(doc, score);
            }
            until_check -= 1;
            if until_check == 0 {
                if self.deadline.check() {
                    break;
                }
                until_check = deadline::CHECK_EVERY;
            }
            doc = scorer.advance();
        }
        Ok(child.harvest())
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Collected> {
        let mut total = 0;
        let mut top = Vec::new();
        let mut facets = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            let fruit = fruit?;
            total += fruit.total;
            top.extend(fruit.top);
            facets.extend(fruit.facets);
        }
        top.sort_by(Ranked::compare);
        top.truncate(self.k);
        let facets = match &self.facets {
            Some(global) => SegmentFacets::merge(facets, global),
            None => RawFacets::empty(),
        };
        Ok(Collected { total, top, facets })
    }
}

impl WorkSegmentCollector {
    /// Makes room for the matches the scorer expects (an estimate, at
    /// most the segment's works), so a large result never grows the list
    /// of matching documents kept for facets.
    fn expect_matches(&mut self, size_hint: u32) {
        if let Some((values, _, docs)) = &mut self.facets {
            docs.reserve((size_hint as usize).min(values.docs.len()));
        }
    }
}

impl SegmentCollector for WorkSegmentCollector {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        self.top.collect(doc, score);
        if let Some((_, _, docs)) = &mut self.facets {
            docs.push(doc);
        }
    }

    fn harvest(self) -> SegmentFruit {
        let facets = self.facets.map(|(values, global, docs)| {
            SegmentFacets::count(values, &global, self.segment_ord, &docs)
        });
        Ok(SegmentCollected {
            total: self.total,
            top: self.top.harvest()?,
            facets,
        })
    }
}
