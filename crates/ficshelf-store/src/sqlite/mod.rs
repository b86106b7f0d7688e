//! The SQLite backend: one database file, WAL journal, versioned migrations.
//!
//! Public items:
//! - [`SqliteStore`]: a [`Store`] in one SQLite file ([`SqliteStore::open`])
//!   or in memory ([`SqliteStore::open_in_memory`], for tests).
//! - [`SqliteStore::SCHEMA_VERSION`]: the `PRAGMA user_version` this build
//!   migrates to.
//!
//! Inside: `migrate` applies `migrations/NNNN_*.sql` (and the code steps
//! between them); `read` and `write` hold the queries; `texts` stores story
//! text by content; `state` reads a work's complete state and applies an
//! operation's states; `record` writes the journal records of a
//! transaction, `journal` reads them (history, trash) and purges; `moves`
//! takes a file from one work to another; `assets` links images to works;
//! `verify` checks integrity; `backup` copies the database; `codec` converts
//! columns to model values; `readers` is the [`crate::ReaderStore`]
//! implementation.

mod assets;
mod backup;
mod codec;
mod journal;
mod migrate;
mod moves;
mod read;
mod readers;
mod record;
mod state;
mod texts;
mod verify;
mod write;

use crate::{
    Applied, NewOperation, Operation, OperationRecord, PurgeReport, StateChange, Store, StoreError,
    StoredSource, StoredWork, Trashed, WorkState, WorkWrite,
};
use codec::parse_id;
use ficshelf_model::{ChapterBody, Work};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another process's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The page cache while a write group is open, in KiB (as SQLite's
/// `cache_size` takes it: negative), and outside one (SQLite's default).
const GROUP_CACHE_KIB: i64 = -64 * 1024;
const DEFAULT_CACHE_KIB: i64 = -2000;

/// Prepared statements kept per connection; more than the store has.
const STATEMENT_CACHE: usize = 64;

/// A [`Store`] in an SQLite database.
///
/// Ids are the decimal `works.id`; ids are never reused, even after a work
/// is deleted. `Work::sources` is not stored apart: a loaded work lists the
/// paths of the [`WorkWrite::sources`] it was saved with, in that order.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// The schema version (`PRAGMA user_version`) this build migrates to.
    pub const SCHEMA_VERSION: i64 = migrate::SCHEMA_VERSION;

    /// Opens the database at `path`, creating it if missing, and migrates it
    /// to [`SqliteStore::SCHEMA_VERSION`].
    ///
    /// Uses the WAL journal (readers do not block the writer), `synchronous
    /// = NORMAL`, foreign keys, and waits up to 5 s for locks.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let wrap = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        // Switching a new database to WAL takes a lock for which SQLite
        // does not wait (no busy handler): when two processes create the
        // same library at once, one of them retries here.
        let started = std::time::Instant::now();
        loop {
            let conn = Connection::open(path).map_err(wrap)?;
            match configure(&conn, true) {
                Ok(()) => return SqliteStore::with_connection(conn),
                Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(wrap(e)),
            }
        }
    }

    /// A fresh database in memory, gone when the store is dropped.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let wrap = |source| StoreError::Open {
            path: ":memory:".into(),
            source,
        };
        let conn = Connection::open_in_memory().map_err(wrap)?;
        configure(&conn, false).map_err(wrap)?;
        SqliteStore::with_connection(conn)
    }

    fn with_connection(mut conn: Connection) -> Result<SqliteStore, StoreError> {
        migrate::migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }

    /// Runs `write` in one IMMEDIATE transaction: the write lock is taken up
    /// front, so a concurrent writer makes this wait (busy timeout) instead
    /// of failing midway.
    fn write<T>(
        &mut self,
        write: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = write(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// A write of the works' records: in its own transaction like
    /// [`SqliteStore::write`], or inside a write group (see
    /// [`Store::begin_write_group`]) in a savepoint of the group's
    /// transaction, so that a failed write is undone alone.
    fn write_works<T>(
        &mut self,
        write: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.conn.is_autocommit() {
            self.write(|tx| write(tx))
        } else {
            self.write_in_group(write)
        }
    }

    /// Runs `write` in a savepoint of the open group's transaction.
    fn write_in_group<T>(
        &mut self,
        write: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("SAVEPOINT store_write")?;
        match write(&self.conn) {
            Ok(out) => {
                self.conn.execute_batch("RELEASE store_write")?;
                Ok(out)
            }
            Err(error) => {
                // Undoes this write alone; the group's earlier writes stay.
                self.conn
                    .execute_batch("ROLLBACK TO store_write; RELEASE store_write")?;
                Err(error)
            }
        }
    }

    /// Runs `read` in one read transaction (a consistent view across its
    /// queries), or in the open write group's transaction, which already is
    /// one and holds this connection's own uncommitted writes.
    fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.conn.is_autocommit() {
            return read(&self.conn);
        }
        let tx = self.conn.unchecked_transaction()?;
        let out = read(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Whether SQLite answered "database is locked".
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy
    )
}

/// Connection settings; they must be set outside any transaction.
fn configure(conn: &Connection, file: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if file {
        // Answers the mode now in force; a file system without shared memory
        // keeps the old one, which is slower but correct, so it is accepted.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Temporary files in memory: above all the savepoint journal of each
    // write in a write group (the pages one save changes, copied before it
    // changes them), which otherwise spills to a file past 64 KiB and costs
    // a system call per page.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

impl Store for SqliteStore {
    fn source(&self, path: &str) -> Result<Option<StoredSource>, StoreError> {
        read::source(&self.conn, path)
    }

    fn work_by_identity(&self, identity_key: &str) -> Result<Option<String>, StoreError> {
        Ok(read::work_by_identity(&self.conn, identity_key)?.map(|id| id.to_string()))
    }

    fn aliases(&self, id: &str) -> Result<Vec<String>, StoreError> {
        match parse_id(id) {
            Some(id) => read::aliases(&self.conn, id),
            None => Ok(Vec::new()),
        }
    }

    fn load_work(&self, id: &str) -> Result<Option<StoredWork>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        let works = self.read(|conn| read::load_works(conn, read::Works::One(id)))?;
        Ok(works.into_iter().next())
    }

    fn load_works(&self, ids: &[&str]) -> Result<Vec<StoredWork>, StoreError> {
        let mut wanted: Vec<i64> = Vec::with_capacity(ids.len());
        for id in ids.iter().filter_map(|id| parse_id(id)) {
            if !wanted.contains(&id) {
                wanted.push(id);
            }
        }
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let numbers: Vec<String> = wanted.iter().map(i64::to_string).collect();
        let listed = format!("[{}]", numbers.join(","));
        let mut works = self.read(|conn| read::load_works(conn, read::Works::Listed(&listed)))?;
        // Read in id order; give them back in the order asked.
        works.sort_by_key(|stored| {
            let id = parse_id(&stored.work.id);
            wanted.iter().position(|w| Some(*w) == id)
        });
        Ok(works)
    }

    fn works(&self) -> Result<Vec<Work>, StoreError> {
        let works = self.read(|conn| read::load_works(conn, read::Works::All))?;
        Ok(works.into_iter().map(|stored| stored.work).collect())
    }

    fn work_count(&self) -> Result<u64, StoreError> {
        read::work_count(&self.conn)
    }

    fn chapter_body(&self, id: &str, number: u32) -> Result<Option<ChapterBody>, StoreError> {
        match parse_id(id) {
            Some(id) => read::chapter_body(&self.conn, id, number),
            None => Ok(None),
        }
    }

    fn text(&self, sha256: &str) -> Result<Option<ChapterBody>, StoreError> {
        texts::get(&self.conn, sha256)
    }

    fn work_state(&self, id: &str) -> Result<Option<WorkState>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        self.read(|conn| state::read_state(conn, id))
    }

    fn last_change(&self) -> Result<u64, StoreError> {
        read::last_change(&self.conn)
    }

    fn changed_since(&self, seq: u64) -> Result<Vec<String>, StoreError> {
        read::changed_since(&self.conn, seq)
    }

    fn begin_operation(&mut self, operation: &NewOperation<'_>) -> Result<u64, StoreError> {
        self.write_works(|tx| Ok(journal::begin(tx, operation)? as u64))
    }

    fn save_work(&mut self, operation: u64, write: &WorkWrite<'_>) -> Result<String, StoreError> {
        let op =
            i64::try_from(operation).map_err(|_| StoreError::UnknownOperation { id: operation })?;
        self.write_works(|tx| Ok(write::save_work(tx, op, write)?.to_string()))
    }

    fn begin_write_group(&mut self) -> Result<(), StoreError> {
        if !self.conn.is_autocommit() {
            return Err(StoreError::InvalidWrite {
                detail: "a write group is already open".to_string(),
            });
        }
        // IMMEDIATE: the write lock is taken now (waiting out another
        // writer), so no write of the group fails midway on a lock.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        // A group changes pages all over the tables' indexes (texts are
        // keyed by hash): with the default 2 MiB page cache SQLite writes
        // dirty pages out mid-transaction and reads them back.
        self.conn
            .pragma_update(None, "cache_size", GROUP_CACHE_KIB)?;
        Ok(())
    }

    fn end_write_group(&mut self) -> Result<(), StoreError> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT")?;
            self.conn
                .pragma_update(None, "cache_size", DEFAULT_CACHE_KIB)?;
        }
        Ok(())
    }

    fn apply(
        &mut self,
        operation: &NewOperation<'_>,
        changes: &[StateChange],
    ) -> Result<Applied, StoreError> {
        self.write_works(|tx| state::apply(tx, operation, changes))
    }

    fn operations(&self) -> Result<Vec<Operation>, StoreError> {
        self.read(journal::operations)
    }

    fn operation_records(&self, id: u64) -> Result<Vec<OperationRecord>, StoreError> {
        journal::records_of_operation(&self.conn, id)
    }

    fn work_records(&self, id: &str) -> Result<Vec<OperationRecord>, StoreError> {
        match parse_id(id) {
            Some(id) => journal::records_of_work(&self.conn, id),
            None => Ok(Vec::new()),
        }
    }

    fn trash(&self) -> Result<Vec<Trashed>, StoreError> {
        journal::trash(&self.conn)
    }

    fn purge(
        &mut self,
        operation: &NewOperation<'_>,
        operations: &[u64],
    ) -> Result<PurgeReport, StoreError> {
        self.write_works(|tx| journal::purge(tx, operation, operations))
    }

    fn signatures(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        read::signatures(&self.conn)
    }

    fn asset(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        assets::asset(&self.conn, sha256)
    }

    fn work_assets(&self, id: &str) -> Result<Vec<String>, StoreError> {
        match parse_id(id) {
            Some(id) => assets::linked(&self.conn, id),
            None => Ok(Vec::new()),
        }
    }

    fn verify(&self) -> Result<Vec<String>, StoreError> {
        self.read(verify::verify)
    }

    fn backup(&self, to: &Path) -> Result<(), StoreError> {
        backup::backup(&self.conn, to)
    }

    fn restore_backup(&mut self, from: &Path, keep: &Path) -> Result<(), StoreError> {
        backup::restore(&mut self.conn, from, keep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaviour_suite_in_memory() {
        crate::behaviour::run_all(&|| {
            Box::new(SqliteStore::open_in_memory().expect("open in-memory store"))
        });
    }

    #[test]
    fn reader_behaviour_suite_in_memory() {
        crate::behaviour::readers::run_all(&|| {
            Box::new(SqliteStore::open_in_memory().expect("open in-memory store"))
        });
    }
}
