//! Rendered pages kept to send again, bounded in count and bytes.
//!
//! A cache belongs to one version of what it was rendered from (a
//! [`super::stamp::Stamp`] of the library files for chapter pages, a search-index content key for
//! listings) and starts over when full or when that version changes.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;

/// Rendered pages kept at most, per cache.
const MAX_PAGES: usize = 1024;
/// Bytes of rendered pages kept at most, per cache.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// Which page: the path and query it answers (`/works?rating=teen`).
pub(crate) type PageKey = String;

#[derive(Default)]
struct Pages {
    /// The version the pages were rendered from.
    version: u64,
    map: HashMap<PageKey, Bytes>,
    bytes: usize,
}

/// Pages rendered from one version of their source.
#[derive(Default)]
pub(crate) struct PageCache {
    pages: Mutex<Pages>,
}

impl PageCache {
    /// The page cached for `key` from `version`, if any.
    pub(crate) fn get(&self, version: u64, key: &str) -> Option<Bytes> {
        match self.pages.lock() {
            Ok(pages) if pages.version == version => pages.map.get(key).cloned(),
            // Another version, or a panic elsewhere while holding the
            // cache: render afresh.
            Ok(_) | Err(_) => None,
        }
    }

    /// Caches `page` for `key`, rendered from `version`; the cache starts
    /// over when full or when the version changes.
    pub(crate) fn keep(&self, version: u64, key: PageKey, page: Bytes) {
        let Ok(mut pages) = self.pages.lock() else {
            return; // poisoned: keep nothing more
        };
        if pages.version != version
            || pages.map.len() >= MAX_PAGES
            || pages.bytes + page.len() > MAX_PAGE_BYTES
        {
            *pages = Pages {
                version,
                ..Pages::default()
            };
        }
        pages.bytes += page.len();
        if let Some(old) = pages.map.insert(key, page) {
            pages.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_forgets_the_old_pages() {
        let cache = PageCache::default();
        cache.keep(1, "/works".into(), Bytes::from_static(b"one"));
        assert_eq!(cache.get(1, "/works").as_deref(), Some(&b"one"[..]));
        assert_eq!(cache.get(2, "/works"), None);
        cache.keep(2, "/".into(), Bytes::from_static(b"two"));
        assert_eq!(cache.get(1, "/works"), None);
        assert_eq!(cache.get(2, "/").as_deref(), Some(&b"two"[..]));
    }
}
