//! `backup` and `restore FILE`: a consistent copy of the record while the
//! library is in use, and putting one back. Restoring keeps the replaced
//! record as a file beside the database (`library.sqlite3.replaced-<time>`),
//! which `restore` brings back in turn; the search index is rebuilt.

use crate::{Library, LibraryError, DATABASE_FILE};
use std::path::{Path, PathBuf};

impl Library {
    /// Writes a copy of the library's record to the new file `to`.
    pub fn backup(&self, to: &Path) -> Result<(), LibraryError> {
        Ok(self.store.backup(to)?)
    }

    /// Replaces the record with the backup `from`; returns where the
    /// replaced record was kept.
    pub fn restore_backup(&mut self, from: &Path) -> Result<PathBuf, LibraryError> {
        // Named by the second; a second restore within that second (say,
        // of the file the first one kept) gets the next free number.
        let stamp = super::now();
        let keep = (1..)
            .map(|n| match n {
                1 => format!("{DATABASE_FILE}.replaced-{stamp}"),
                n => format!("{DATABASE_FILE}.replaced-{stamp}-{n}"),
            })
            .map(|name| self.root.join(name))
            .find(|path| !path.exists())
            .expect("some numbered name is free");
        self.store.restore_backup(from, &keep)?;
        self.reindex()?;
        Ok(keep)
    }
}
