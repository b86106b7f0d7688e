//! Keeping the best `k` works of a segment under any sort.
//!
//! Every sort is reduced to a `rank: u64` where smaller is better, with the
//! work's numeric id as tie-breaker (highest id, the latest imported, first),
//! so results are deterministic. Missing
//! values (a work without an `updated` date) rank last in either direction.
//! Titles are ranked by term ordinal inside a segment and compared as
//! strings across segments.

use super::columns::SegmentColumns;
use crate::query::{Sort, SortField, SortOrder};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score};

/// A candidate inside one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Works without a value sort after all others, in either direction.
    missing: bool,
    rank: u64,
    id_num: u64,
    doc: DocId,
    score_bits: u32,
}

/// Where a segment's sort values come from.
enum Source {
    Score,
    Number(Column<u64>),
    Title(StrColumn),
}

/// A ranked work, comparable across segments.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    primary: Primary,
    id_num: u64,
    pub address: DocAddress,
    pub score: Score,
}

#[derive(Debug, Clone)]
enum Primary {
    /// `(missing, rank)`.
    Rank(bool, u64),
    Title(String, SortOrder),
}

impl Ranked {
    /// The work's numeric id (its `id_num`), if it has one.
    pub fn work_id(&self) -> Option<u64> {
        (self.id_num != u64::MAX).then(|| (u64::MAX - 1) - self.id_num)
    }

    /// Total order: best first.
    pub fn compare(&self, other: &Ranked) -> Ordering {
        let primary = match (&self.primary, &other.primary) {
            (Primary::Rank(ma, a), Primary::Rank(mb, b)) => (ma, a).cmp(&(mb, b)),
            (Primary::Title(a, SortOrder::Asc), Primary::Title(b, _)) => a.cmp(b),
            (Primary::Title(a, SortOrder::Desc), Primary::Title(b, _)) => b.cmp(a),
            (Primary::Rank(..), Primary::Title(..)) => Ordering::Less,
            (Primary::Title(..), Primary::Rank(..)) => Ordering::Greater,
        };
        primary.then(self.id_num.cmp(&other.id_num))
    }
}

/// The best `k` works of one segment.
pub(crate) struct SegmentTop {
    k: usize,
    order: SortOrder,
    source: Source,
    id_num: Column<u64>,
    heap: BinaryHeap<Candidate>,
    segment_ord: u32,
}

fn directed(value: u64, order: SortOrder) -> u64 {
    match order {
        SortOrder::Asc => value,
        SortOrder::Desc => u64::MAX - value,
    }
}

impl SegmentTop {
    pub fn new(
        sort: Sort,
        k: usize,
        segment_ord: u32,
        columns: &Arc<SegmentColumns>,
    ) -> SegmentTop {
        let number = |column: &Column<u64>| Source::Number(column.clone());
        let source = match sort.field {
            SortField::Relevance => Source::Score,
            SortField::Words => number(&columns.words),
            SortField::Chapters => number(&columns.chapters),
            SortField::Updated => number(&columns.updated),
            SortField::Published => number(&columns.published),
            SortField::Title => match &columns.title {
                Some(column) => Source::Title(column.clone()),
                None => Source::Score,
            },
        };
        SegmentTop {
            k,
            order: sort.order,
            source,
            id_num: columns.id_num.clone(),
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(4096)),
            segment_ord,
        }
    }

    pub fn collect(&mut self, doc: DocId, score: Score) {
        if self.k == 0 {
            return;
        }
        let score = if score.is_finite() && score > 0.0 {
            score
        } else {
            0.0
        };
        let value = match &self.source {
            Source::Score => Some(u64::from(score.to_bits())),
            Source::Number(column) => column.first(doc),
            Source::Title(column) => column.ords().first(doc),
        };
        let missing = value.is_none();
        let rank = value.map_or(u64::MAX, |v| directed(v, self.order));
        // A full heap whose worst ranks strictly better needs no id to
        // refuse this one (the id only breaks ties): most matches of a
        // large result stop here, without reading the id column.
        if self.heap.len() >= self.k
            && self
                .heap
                .peek()
                .is_some_and(|worst| (missing, rank) > (worst.missing, worst.rank))
        {
            return;
        }
        let candidate = Candidate {
            missing,
            rank,
            // Reversed so that the highest id ranks first among ties; a
            // work without one (never written by this crate) ranks last.
            id_num: self
                .id_num
                .first(doc)
                .map_or(u64::MAX, |id| (u64::MAX - 1).saturating_sub(id)),
            doc,
            score_bits: score.to_bits(),
        };
        if self.heap.len() < self.k {
            self.heap.push(candidate);
        } else if self.heap.peek().is_some_and(|worst| candidate < *worst) {
            self.heap.pop();
            self.heap.push(candidate);
        }
    }

    /// The segment's best works, ready to merge with other segments'.
    pub fn harvest(self) -> std::io::Result<Vec<Ranked>> {
        let candidates = self.heap.into_sorted_vec();
        let mut out = Vec::with_capacity(candidates.len());
        let mut title = String::new();
        for c in candidates {
            let primary = match &self.source {
                Source::Title(column) => {
                    title.clear();
                    if !c.missing {
                        column.ord_to_str(directed(c.rank, self.order), &mut title)?;
                    }
                    Primary::Title(title.clone(), self.order)
                }
                _ => Primary::Rank(c.missing, c.rank),
            };
            out.push(Ranked {
                primary,
                id_num: c.id_num,
                address: DocAddress::new(self.segment_ord, c.doc),
                score: f32::from_bits(c.score_bits),
            });
        }
        Ok(out)
    }
}
