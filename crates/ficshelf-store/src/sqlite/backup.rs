//! Backup and restore with SQLite's online backup API: a consistent copy of
//! the whole database while other connections read and write (WAL readers
//! never block, and one backup step holds one read transaction).

use super::migrate::SCHEMA_VERSION;
use crate::StoreError;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Copies the whole of `conn` into the new file `to` in one step.
pub(super) fn backup(conn: &Connection, to: &Path) -> Result<(), StoreError> {
    let copy_error = |source| StoreError::Copy {
        path: to.to_path_buf(),
        source,
    };
    if to.exists() {
        return Err(StoreError::Copy {
            path: to.to_path_buf(),
            source: rusqlite::Error::InvalidPath(to.to_path_buf()),
        });
    }
    let mut dest = Connection::open(to).map_err(copy_error)?;
    copy(conn, &mut dest).map_err(copy_error)
}

/// All pages at once (`-1`): one read transaction, so the copy is one
/// consistent state however the source is written meanwhile.
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new(from, to)?;
    let deadline = std::time::Instant::now() + super::BUSY_TIMEOUT;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Another connection holds a lock for a moment: try again.
            StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("the database stayed locked during the copy".into()),
                ))
            }
        }
    }
}

/// Checks that `path` is a Ficshelf database this build can open.
fn check_backup(path: &Path) -> Result<(), StoreError> {
    let bad = |detail: String| StoreError::NotABackup {
        path: path.to_path_buf(),
        detail,
    };
    if !path.is_file() {
        return Err(bad("no such file".into()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(e.to_string()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if version < 1 {
        return Err(bad("not a Ficshelf database (no schema version)".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if check != "ok" {
        return Err(bad(format!("damaged: {check}")));
    }
    let works: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'works'",
            [],
            |row| row.get(0),
        )
        .map_err(|e| bad(e.to_string()))?;
    if works != 1 {
        return Err(bad("not a Ficshelf database (no works table)".into()));
    }
    Ok(())
}

/// Replaces `conn`'s database with the backup at `from` after saving the
/// current one to `keep`, then migrates it to this build's schema.
pub(super) fn restore(conn: &mut Connection, from: &Path, keep: &Path) -> Result<(), StoreError> {
    check_backup(from)?;
    backup(conn, keep)?;
    let source =
        Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            StoreError::Copy {
                path: from.to_path_buf(),
                source,
            }
        })?;
    copy(&source, conn).map_err(|source| StoreError::Copy {
        path: from.to_path_buf(),
        source,
    })?;
    super::migrate::migrate(conn)
}
