//! Versioned schema migrations, tracked in `PRAGMA user_version`.
//!
//! Migration `n` (1-based) is `MIGRATIONS[n - 1]`; a database at version `v`
//! gets every migration after `v`, in order, in one transaction. A version
//! beyond the last migration this build has is refused. A migration is a
//! list of steps: SQL files, and code where SQL cannot do the job portably
//! (hashing texts in version 6).

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// One step of a migration.
enum Step {
    Sql(&'static str),
    Code(fn(&Connection) -> Result<(), StoreError>),
}

/// Every migration, oldest first. Append only: never edit one that has
/// shipped.
const MIGRATIONS: &[&[Step]] = &[
    &[Step::Sql(include_str!("migrations/0001_initial.sql"))],
    &[Step::Sql(include_str!("migrations/0002_change_log.sql"))],
    &[Step::Sql(include_str!(
        "migrations/0003_aliases_signatures.sql"
    ))],
    &[Step::Sql(include_str!("migrations/0004_assets.sql"))],
    &[Step::Sql(include_str!("migrations/0005_readers.sql"))],
    &[
        Step::Sql(include_str!("migrations/0006_journal.sql")),
        Step::Code(super::texts::hash_old_bodies),
        Step::Sql(include_str!("migrations/0006_journal_after.sql")),
    ],
    &[Step::Sql(include_str!(
        "migrations/0007_history_chapters.sql"
    ))],
    &[Step::Sql(include_str!("migrations/0008_kosync_layout.sql"))],
];

/// The schema version this build writes: the number of migrations.
pub(super) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema of `conn` up to [`SCHEMA_VERSION`].
///
/// A database that is already current is only read, so opening one needs no
/// write lock.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    if check_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // IMMEDIATE takes the write lock now, so of two processes opening a new
    // database at once, the second waits and then sees the first's work.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = check_version(&tx)?;
    for (done, steps) in MIGRATIONS.iter().enumerate().skip(version_index(found)) {
        for step in *steps {
            match step {
                Step::Sql(sql) => tx.execute_batch(sql)?,
                Step::Code(run) => run(&tx)?,
            }
        }
        tx.pragma_update(None, "user_version", done as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// The database's schema version, refusing one newer than this build.
fn check_version(conn: &Connection) -> Result<i64, StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < 0 {
        return Err(StoreError::Corrupt {
            column: "PRAGMA user_version",
            detail: format!("negative schema version {found}"),
        });
    }
    Ok(found)
}

/// How many migrations a database at `version` has had (checked to be in
/// `0..=SCHEMA_VERSION`).
fn version_index(version: i64) -> usize {
    usize::try_from(version).unwrap_or(MIGRATIONS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("read user_version")
    }

    #[test]
    fn migrates_a_new_database_once() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn).expect("first migration");
        assert_eq!(version(&conn), SCHEMA_VERSION);
        // Running again must not re-run CREATE TABLE (which would fail).
        migrate(&mut conn).expect("second migration");
        assert_eq!(version(&conn), SCHEMA_VERSION);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let mut conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("set user_version");
        match migrate(&mut conn) {
            Err(StoreError::SchemaTooNew { found, supported }) => {
                assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            }
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
    }

    #[test]
    fn a_failed_migration_leaves_nothing_behind() {
        let mut conn = Connection::open_in_memory().expect("open");
        // A table the first migration creates already exists: it fails midway.
        conn.execute_batch("CREATE TABLE chapters (x INTEGER)")
            .expect("pre-create");
        assert!(migrate(&mut conn).is_err());
        assert_eq!(version(&conn), 0);
        let works: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'works'",
                [],
                |row| row.get(0),
            )
            .expect("query schema");
        assert_eq!(works, 0, "the works table must have been rolled back");
    }
}
