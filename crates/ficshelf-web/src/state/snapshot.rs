//! The works list kept in memory, and the chapter pages rendered from it.
//!
//! Listing and looking up works is what nearly every request does, and
//! loading them from SQLite each time dominated the cost of a page. A
//! [`Snapshot`] holds every visible work (the rating limit already applied)
//! and is replaced when the catalog changes.
//!
//! Change detection is by [`Stamp`]: the size and modification time of the
//! files [`Catalog::watch`](crate::Catalog::watch) names (a library's
//! database and its write-ahead log), checked with a `stat` per request. A
//! write to the library grows the log or rewrites the database, so the next
//! request after an import sees it. A catalog that names no files is loaded
//! once. A file whose metadata cannot be read makes every request reload.
//!
//! A snapshot also caches rendered chapter pages that are the same for
//! every reader (past the gate), so a popular chapter is rendered once per
//! snapshot (see [`PageCache`]). Listings are cached by the search index's
//! content instead (see [`super::AppState::list`]).

use super::pages::{PageCache, PageKey};
use axum::body::Bytes;
use ficshelf_model::Work;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

/// What the watched files looked like: `None` for a missing file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp(Vec<Option<(u64, SystemTime)>>);

impl Stamp {
    /// The stamp of `files` now, or `None` if one could not be read.
    pub(crate) fn of(files: &[PathBuf]) -> Option<Stamp> {
        let mut parts = Vec::with_capacity(files.len());
        for file in files {
            match std::fs::metadata(file).and_then(|m| Ok((m.len(), m.modified()?))) {
                Ok(part) => parts.push(Some(part)),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => parts.push(None),
                Err(err) => {
                    tracing::warn!(error = %err, file = %file.display(), "cannot read file metadata; reloading works");
                    return None;
                }
            }
        }
        Some(Stamp(parts))
    }
}

/// Every visible work, as of one [`Stamp`].
pub(crate) struct Snapshot {
    stamp: Option<Stamp>,
    works: Vec<Work>,
    by_id: HashMap<String, usize>,
    pages: PageCache,
}

impl Snapshot {
    pub(crate) fn new(stamp: Option<Stamp>, works: Vec<Work>) -> Snapshot {
        let by_id = works
            .iter()
            .enumerate()
            .map(|(index, work)| (work.id.clone(), index))
            .collect();
        Snapshot {
            stamp,
            works,
            by_id,
            pages: PageCache::default(),
        }
    }

    /// Whether this snapshot is still current for `stamp`.
    pub(crate) fn is_current(&self, stamp: Option<&Stamp>) -> bool {
        stamp.is_some() && self.stamp.as_ref() == stamp
    }

    /// Every visible work, ordered by id.
    pub(crate) fn works(&self) -> &[Work] {
        &self.works
    }

    /// A visible work.
    pub(crate) fn work(&self, id: &str) -> Option<&Work> {
        self.by_id.get(id).and_then(|&index| self.works.get(index))
    }

    /// A rendered page, if one is cached.
    pub(crate) fn page(&self, key: &PageKey) -> Option<Bytes> {
        self.pages.get(0, key)
    }

    /// Caches a rendered page; the cache starts over when full.
    pub(crate) fn keep_page(&self, key: PageKey, page: Bytes) {
        self.pages.keep(0, key, page);
    }
}
