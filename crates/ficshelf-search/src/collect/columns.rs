//! Fast-field columns of a segment, opened once and shared by every search.
//!
//! Opening a string column parses its dictionary's index, which costs tens
//! of microseconds; a search touches a dozen columns in every segment, so
//! re-opening them per query would dominate small queries. Segments are
//! immutable, so their columns are cached by segment id and dropped when
//! the segment leaves the index.

use super::facets::STRING_FACETS;
use super::per_segment::PerSegment;
use crate::schema::fast;
use std::sync::Arc;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{Searcher, SegmentReader};

/// The columns searches read from one segment.
pub(crate) struct SegmentColumns {
    pub id_num: Column<u64>,
    pub rating: Column<u64>,
    pub words: Column<u64>,
    pub chapters: Column<u64>,
    pub updated: Column<u64>,
    pub published: Column<u64>,
    pub title: Option<StrColumn>,
    /// Parallel to [`STRING_FACETS`]; `None` when no work of the segment has a value.
    pub strings: Vec<Option<StrColumn>>,
}

impl SegmentColumns {
    fn open(reader: &SegmentReader) -> tantivy::Result<SegmentColumns> {
        let fast_fields = reader.fast_fields();
        Ok(SegmentColumns {
            id_num: fast_fields.u64(fast::ID_NUM)?,
            rating: fast_fields.u64(fast::RATING)?,
            words: fast_fields.u64(fast::WORDS)?,
            chapters: fast_fields.u64(fast::CHAPTERS)?,
            updated: fast_fields.u64(fast::UPDATED)?,
            published: fast_fields.u64(fast::PUBLISHED)?,
            title: fast_fields.str(fast::TITLE_SORT)?,
            strings: STRING_FACETS
                .iter()
                .map(|(name, _)| fast_fields.str(name))
                .collect::<tantivy::Result<Vec<_>>>()?,
        })
    }
}

/// Columns per segment, shared across searches.
#[derive(Default)]
pub(crate) struct ColumnCache {
    segments: PerSegment<SegmentColumns>,
}

impl ColumnCache {
    /// The columns of `reader`'s segment, opened on first use.
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        self.segments
            .get_or_build(reader, || SegmentColumns::open(reader))
    }

    /// Forgets segments that `searcher` no longer has (merged or deleted).
    pub fn retain(&self, searcher: &Searcher) {
        self.segments.retain(searcher);
    }
}
