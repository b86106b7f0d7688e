//! When the library last changed, as far as cached pages care.
//!
//! Rendered chapter pages are the same for every reader past the gate, so
//! they are kept (see [`PageCache`](super::pages::PageCache)) under a
//! version that changes whenever the library does. The version is a
//! [`Stamp`]: the size and modification time of the files
//! [`Catalog::watch`](crate::Catalog::watch) names (a library's database and
//! its write-ahead log), checked with a `stat` per request. A write to the
//! library grows the log or rewrites the database, so the next request
//! after an import sees it. A catalog that names no files never changes; a
//! file whose metadata cannot be read caches nothing.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::SystemTime;

/// What the watched files looked like: `None` for a missing file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
                    tracing::warn!(error = %err, file = %file.display(), "cannot read file metadata; caching no pages");
                    return None;
                }
            }
        }
        Some(Stamp(parts))
    }

    /// The version pages are cached under while the files look like this.
    pub(crate) fn version(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Stamp;

    #[test]
    fn a_written_file_changes_the_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("library.sqlite3");
        let files = [file.clone()];
        let missing = Stamp::of(&files).expect("a missing file is a stamp");
        std::fs::write(&file, b"one").expect("write");
        let written = Stamp::of(&files).expect("stamp");
        assert_ne!(missing.version(), written.version());
        std::fs::write(&file, b"three").expect("write");
        assert_ne!(
            written.version(),
            Stamp::of(&files).expect("stamp").version()
        );
    }
}
