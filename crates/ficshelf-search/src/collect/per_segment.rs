//! A cache of something built once per segment (segments never change),
//! shared across searches and dropped when the segment leaves the index.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

/// One `T` per segment.
pub(crate) struct PerSegment<T> {
    segments: Mutex<HashMap<SegmentId, Arc<T>>>,
}

impl<T> Default for PerSegment<T> {
    fn default() -> Self {
        PerSegment {
            segments: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> PerSegment<T> {
    /// The `T` of `reader`'s segment, built on first use (outside the lock:
    /// two searches arriving together may both build it; either is right).
    pub fn get_or_build(
        &self,
        reader: &SegmentReader,
        build: impl FnOnce() -> tantivy::Result<T>,
    ) -> tantivy::Result<Arc<T>> {
        let id = reader.segment_id();
        if let Some(found) = self.lock().get(&id) {
            return Ok(Arc::clone(found));
        }
        let built = Arc::new(build()?);
        self.lock().insert(id, Arc::clone(&built));
        Ok(built)
    }

    /// Forgets segments that `searcher` no longer has (merged or deleted).
    pub fn retain(&self, searcher: &Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        self.lock().retain(|id, _| live.contains(id));
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<SegmentId, Arc<T>>> {
        self.segments
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
