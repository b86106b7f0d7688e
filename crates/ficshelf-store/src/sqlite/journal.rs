//! The journal's tables: operations, their per-work records, the trash
//! (works whose latest record put them there) and purging.

use super::codec::{from_json, get_u64};
use crate::{
    NewOperation, Operation, OperationKind, OperationRecord, PurgeReport, StoreError, Trashed,
    WorkState,
};
use rusqlite::{Connection, Row};
use std::collections::HashSet;

/// Inserts the operation's row; returns its id.
pub(super) fn begin(tx: &Connection, op: &NewOperation<'_>) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO operations (kind, at, summary, reverses) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((
        op.kind.as_str(),
        op.at,
        op.summary,
        op.reverses.map(|r| r as i64),
    ))?;
    Ok(tx.last_insert_rowid())
}

/// Marks `reversed` as reversed by `by`; if `reversed` was itself an undo,
/// the operation it had reversed is in effect again.
pub(super) fn mark_reversed(tx: &Connection, reversed: u64, by: i64) -> Result<(), StoreError> {
    let reversed = reversed as i64;
    tx.prepare_cached(
        "UPDATE operations SET reversed_by = NULL
         WHERE id = (SELECT reverses FROM operations WHERE id = ?1)",
    )?
    .execute([reversed])?;
    let changed = tx
        .prepare_cached("UPDATE operations SET reversed_by = ?2 WHERE id = ?1")?
        .execute((reversed, by))?;
    if changed == 0 {
        return Err(StoreError::UnknownOperation {
            id: reversed as u64,
        });
    }
    Ok(())
}

/// Every operation with the works it touched, oldest first.
pub(super) fn operations(conn: &Connection) -> Result<Vec<Operation>, StoreError> {
    let mut ops: Vec<Operation> = conn
        .prepare_cached(
            "SELECT id, kind, at, summary, reverses, reversed_by, purged
             FROM operations ORDER BY id",
        )?
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<i64>>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, bool>(6)?,
            ))
        })?
        .map(|row| {
            let (id, kind, at, summary, reverses, reversed_by, purged) = row?;
            Ok(Operation {
                id: id as u64,
                kind: decode_kind(&kind)?,
                summary,
                at,
                reverses: reverses.map(|r| r as u64),
                reversed_by: reversed_by.map(|r| r as u64),
                purged,
                works: Vec::new(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT operation_id, work_id FROM operation_works ORDER BY operation_id, work_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut at = 0;
    while let Some(row) = rows.next()? {
        let (op, work): (i64, i64) = (row.get(0)?, row.get(1)?);
        while at < ops.len() && ops[at].id < op as u64 {
            at += 1;
        }
        if let Some(found) = ops.get_mut(at).filter(|o| o.id == op as u64) {
            found.works.push(work.to_string());
        }
    }
    Ok(ops)
}

fn decode_kind(name: &str) -> Result<OperationKind, StoreError> {
    OperationKind::from_name(name).ok_or_else(|| StoreError::Corrupt {
        column: "operations.kind",
        detail: format!("unknown kind {name:?}"),
    })
}

const RECORD: &str = "SELECT operation_id, work_id, before, trashed_before, after,
        trashed_after, change_seq FROM operation_works";

fn record_row(row: &Row<'_>) -> Result<OperationRecord, StoreError> {
    let before: Option<String> = row.get(2)?;
    Ok(OperationRecord {
        operation: get_u64(row, 0, "operation_works.operation_id")?,
        work_id: row.get::<_, i64>(1)?.to_string(),
        before: before
            .map(|j| from_json::<WorkState>(&j, "operation_works.before"))
            .transpose()?,
        trashed_before: row.get(3)?,
        after: row.get(4)?,
        trashed_after: row.get(5)?,
        change_seq: get_u64(row, 6, "operation_works.change_seq")?,
    })
}

/// The records of operation `op`, by work id.
pub(super) fn records_of_operation(
    conn: &Connection,
    op: u64,
) -> Result<Vec<OperationRecord>, StoreError> {
    let sql = format!("{RECORD} WHERE operation_id = ?1 ORDER BY work_id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([op as i64])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(record_row(row)?);
    }
    Ok(out)
}

/// The records of work `id`, oldest change first.
pub(super) fn records_of_work(
    conn: &Connection,
    id: i64,
) -> Result<Vec<OperationRecord>, StoreError> {
    let sql = format!("{RECORD} WHERE work_id = ?1 ORDER BY change_seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(record_row(row)?);
    }
    Ok(out)
}

/// Works not live whose latest record put them in the trash.
pub(super) fn trash(conn: &Connection) -> Result<Vec<Trashed>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.before, o.at, o.id FROM operation_works r
         JOIN operations o ON o.id = r.operation_id
         WHERE r.trashed_after AND r.after IS NULL AND r.before IS NOT NULL
           AND r.change_seq = (SELECT MAX(l.change_seq) FROM operation_works l
                               WHERE l.work_id = r.work_id)
           AND NOT EXISTS (SELECT 1 FROM works w WHERE w.id = r.work_id)
         ORDER BY o.at DESC, r.change_seq DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let state: String = row.get(0)?;
        out.push(Trashed {
            state: from_json(&state, "operation_works.before")?,
            deleted_at: row.get(1)?,
            operation: get_u64(row, 2, "operations.id")?,
        });
    }
    Ok(out)
}

/// Marks `ops` purged, deletes their records and then every text and image
/// nothing refers to any more; records the purge as `op`.
pub(super) fn purge(
    tx: &Connection,
    op: &NewOperation<'_>,
    ops: &[u64],
) -> Result<PurgeReport, StoreError> {
    let id = begin(tx, op)?;
    for purged in ops {
        tx.prepare_cached("UPDATE operations SET purged = TRUE WHERE id = ?1")?
            .execute([*purged as i64])?;
        tx.prepare_cached("DELETE FROM operation_works WHERE operation_id = ?1")?
            .execute([*purged as i64])?;
    }
    let (texts, assets) = referenced(tx)?;
    let texts_deleted = sweep(tx, "texts", &texts)?;
    let assets_deleted = sweep(tx, "assets", &assets)?;
    Ok(PurgeReport {
        operation: id as u64,
        texts_deleted,
        assets_deleted,
    })
}

/// Names of the texts and images live works or journal records refer to.
pub(super) fn referenced(
    conn: &Connection,
) -> Result<(HashSet<String>, HashSet<String>), StoreError> {
    let column = |sql: &str| -> Result<HashSet<String>, StoreError> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?)
    };
    let mut texts = column("SELECT DISTINCT text_sha256 FROM chapters")?;
    let mut assets = column("SELECT DISTINCT sha256 FROM work_assets")?;
    for state in journal_states(conn)? {
        let (_, state) = state?;
        texts.extend(state.chapters.into_iter().map(|c| c.text));
        assets.extend(state.assets);
    }
    Ok((texts, assets))
}

/// A "before" state of the journal with its operation id, or why it does
/// not decode.
pub(super) type JournalState = Result<(u64, WorkState), StoreError>;

/// Every "before" state in the journal; a state that does not decode is an
/// error item (for `verify`).
pub(super) fn journal_states(conn: &Connection) -> Result<Vec<JournalState>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT operation_id, work_id, before FROM operation_works WHERE before IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (op, work, json) = row?;
        out.push(
            from_json::<WorkState>(&json, "operation_works.before")
                .map(|s| (op as u64, s))
                .map_err(|e| StoreError::Corrupt {
                    column: "operation_works.before",
                    detail: format!("operation {op}, work {work}: {e}"),
                }),
        );
    }
    Ok(out)
}

/// Deletes the rows of `table` (keyed by `sha256`) not in `keep`.
fn sweep(tx: &Connection, table: &str, keep: &HashSet<String>) -> Result<u64, StoreError> {
    let names: Vec<String> = tx
        .prepare(&format!("SELECT sha256 FROM {table}"))?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut delete = tx.prepare(&format!("DELETE FROM {table} WHERE sha256 = ?1"))?;
    let mut count = 0;
    for name in names.iter().filter(|n| !keep.contains(*n)) {
        count += delete.execute([name])? as u64;
    }
    Ok(count)
}
