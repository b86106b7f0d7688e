//! KOReader documents and progress, reading positions, history.

use super::collect;
use crate::readers::{
    DocumentProgress, DocumentRecord, ExportRecord, HistoryEntry, ReadingPosition, UserId,
};
use crate::StoreError;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use std::collections::HashSet;

pub(super) fn record_document(
    tx: &Transaction<'_>,
    record: &DocumentRecord,
) -> Result<(), StoreError> {
    let export = record.export.as_ref();
    tx.prepare_cached(
        "INSERT INTO kosync_documents
             (document, work_id, format, chapters, recorded_at, front_pages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (document) DO UPDATE SET work_id = excluded.work_id,
             format = excluded.format, chapters = excluded.chapters,
             recorded_at = excluded.recorded_at, front_pages = excluded.front_pages",
    )?
    .execute((
        &record.document,
        export.map(|e| &e.work_id),
        export.map(|e| &e.format),
        export.map(|e| e.chapters),
        record.recorded_at,
        export.and_then(|e| e.front_pages),
    ))?;
    Ok(())
}

const DOCUMENT_COLUMNS: &str =
    "document, work_id, format, chapters, recorded_at, front_pages FROM kosync_documents";

fn document_from_row(row: &Row<'_>) -> Result<DocumentRecord, StoreError> {
    let work_id: Option<String> = row.get(1)?;
    let format: Option<String> = row.get(2)?;
    let chapters: Option<u32> = row.get(3)?;
    let export = match (work_id, format, chapters) {
        (Some(work_id), Some(format), Some(chapters)) => Some(ExportRecord {
            work_id,
            format,
            chapters,
            front_pages: row.get(5)?,
        }),
        (None, None, None) => None,
        _ => {
            return Err(StoreError::Corrupt {
                column: "kosync_documents.work_id",
                detail: "a document's work, format and chapters must be all set or all NULL".into(),
            })
        }
    };
    Ok(DocumentRecord {
        document: row.get(0)?,
        export,
        recorded_at: row.get(4)?,
    })
}

fn query_documents(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<DocumentRecord>, StoreError> {
    collect(
        conn,
        &format!("SELECT {DOCUMENT_COLUMNS} {filter}"),
        params,
        document_from_row,
    )
}

pub(super) fn document(
    conn: &Connection,
    document: &str,
) -> Result<Option<DocumentRecord>, StoreError> {
    Ok(query_documents(conn, "WHERE document = ?1", [document])?.pop())
}

pub(super) fn work_documents(
    conn: &Connection,
    work_id: &str,
) -> Result<Vec<DocumentRecord>, StoreError> {
    query_documents(
        conn,
        "WHERE work_id = ?1 ORDER BY recorded_at, document",
        [work_id],
    )
}

pub(super) fn save_document_progress(
    tx: &Transaction<'_>,
    progress: &DocumentProgress,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO kosync_progress
             (user_id, document, progress, percentage, device, device_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (user_id, document) DO UPDATE SET progress = excluded.progress,
             percentage = excluded.percentage, device = excluded.device,
             device_id = excluded.device_id, updated_at = excluded.updated_at",
    )?
    .execute((
        progress.user.0,
        &progress.document,
        &progress.progress,
        progress.percentage,
        &progress.device,
        &progress.device_id,
        progress.updated_at,
    ))?;
    Ok(())
}

pub(super) fn document_progress(
    conn: &Connection,
    user: UserId,
    document: &str,
) -> Result<Option<DocumentProgress>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT progress, percentage, device, device_id, updated_at FROM kosync_progress
             WHERE user_id = ?1 AND document = ?2",
        )?
        .query_row((user.0, document), |row| {
            Ok(DocumentProgress {
                user,
                document: document.to_string(),
                progress: row.get(0)?,
                percentage: row.get(1)?,
                device: row.get(2)?,
                device_id: row.get(3)?,
                updated_at: row.get(4)?,
            })
        })
        .optional()?)
}

pub(super) fn save_position(
    tx: &Transaction<'_>,
    position: &ReadingPosition,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO reading_positions
             (user_id, work_id, chapter, fraction, locator, device, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (user_id, work_id, chapter) DO UPDATE SET fraction = excluded.fraction,
             locator = excluded.locator, device = excluded.device,
             updated_at = excluded.updated_at",
    )?
    .execute((
        position.user.0,
        &position.work_id,
        position.chapter,
        position.fraction,
        &position.locator,
        &position.device,
        position.updated_at,
    ))?;
    Ok(())
}

const POSITION_COLUMNS: &str =
    "user_id, work_id, chapter, fraction, locator, device, updated_at FROM reading_positions";

fn position_from_row(row: &Row<'_>) -> rusqlite::Result<ReadingPosition> {
    Ok(ReadingPosition {
        user: UserId(row.get(0)?),
        work_id: row.get(1)?,
        chapter: row.get(2)?,
        fraction: row.get(3)?,
        locator: row.get(4)?,
        device: row.get(5)?,
        updated_at: row.get(6)?,
    })
}

pub(super) fn work_positions(
    conn: &Connection,
    user: UserId,
    work_id: &str,
) -> Result<Vec<ReadingPosition>, StoreError> {
    let positions = conn
        .prepare_cached(&format!(
            "SELECT {POSITION_COLUMNS} WHERE user_id = ?1 AND work_id = ?2 ORDER BY chapter"
        ))?
        .query_map((user.0, work_id), position_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(positions)
}

pub(super) fn recent_positions(
    conn: &Connection,
    user: UserId,
    limit: usize,
) -> Result<Vec<ReadingPosition>, StoreError> {
    // Newest first; the first row seen of each work is its latest. Ties in
    // time go to the higher chapter (read on to it within the second).
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {POSITION_COLUMNS} WHERE user_id = ?1
         ORDER BY updated_at DESC, chapter DESC, work_id"
    ))?;
    let mut rows = statement.query([user.0])?;
    let mut seen = HashSet::new();
    let mut latest = Vec::new();
    while latest.len() < limit {
        let Some(row) = rows.next()? else { break };
        let position = position_from_row(row)?;
        if seen.insert(position.work_id.clone()) {
            latest.push(position);
        }
    }
    Ok(latest)
}

pub(super) fn record_visit(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
    chapters: u32,
    at: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO reading_history
             (user_id, work_id, first_viewed_at, last_viewed_at, visits, chapters_seen)
         VALUES (?1, ?2, ?3, ?3, 1, ?4)
         ON CONFLICT (user_id, work_id) DO UPDATE
             SET last_viewed_at = excluded.last_viewed_at,
                 visits = reading_history.visits + 1,
                 chapters_seen = excluded.chapters_seen",
    )?
    .execute((user.0, work_id, at, chapters))?;
    Ok(())
}

fn read_chapters(conn: &Connection, user: UserId, work_id: &str) -> Result<Vec<u32>, StoreError> {
    let chapters = conn
        .prepare_cached(
            "SELECT chapter FROM read_chapters WHERE user_id = ?1 AND work_id = ?2
             ORDER BY chapter",
        )?
        .query_map((user.0, work_id), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(chapters)
}

fn query_history(
    conn: &Connection,
    user: UserId,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT work_id, first_viewed_at, last_viewed_at, visits, chapters_seen
         FROM reading_history {filter}"
    ))?;
    let rows = statement.query_map(params, |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, Option<u32>>(4)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (work_id, first_viewed_at, last_viewed_at, visits, chapters_seen) = row?;
        let visits = u64::try_from(visits).map_err(|_| StoreError::Corrupt {
            column: "reading_history.visits",
            detail: format!("negative count {visits}"),
        })?;
        entries.push(HistoryEntry {
            user,
            read_chapters: read_chapters(conn, user, &work_id)?,
            work_id,
            first_viewed_at,
            last_viewed_at,
            visits,
            chapters_seen,
        });
    }
    Ok(entries)
}

pub(super) fn history_entry(
    conn: &Connection,
    user: UserId,
    work_id: &str,
) -> Result<Option<HistoryEntry>, StoreError> {
    Ok(query_history(
        conn,
        user,
        "WHERE user_id = ?1 AND work_id = ?2",
        (user.0, work_id),
    )?
    .pop())
}

pub(super) fn history(conn: &Connection, user: UserId) -> Result<Vec<HistoryEntry>, StoreError> {
    query_history(
        conn,
        user,
        "WHERE user_id = ?1 ORDER BY last_viewed_at DESC, work_id",
        [user.0],
    )
}

pub(super) fn set_chapter_read(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
    chapter: u32,
    read: bool,
    at: i64,
) -> Result<(), StoreError> {
    if read {
        // A chapter read makes the work part of the history, even when it
        // was read elsewhere (a visit count of 0 says so).
        tx.prepare_cached(
            "INSERT INTO reading_history (user_id, work_id, first_viewed_at, last_viewed_at, visits)
             VALUES (?1, ?2, ?3, ?3, 0)
             ON CONFLICT (user_id, work_id) DO NOTHING",
        )?
        .execute((user.0, work_id, at))?;
        tx.prepare_cached(
            "INSERT INTO read_chapters (user_id, work_id, chapter, read_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, work_id, chapter) DO NOTHING",
        )?
        .execute((user.0, work_id, chapter, at))?;
    } else {
        tx.prepare_cached(
            "DELETE FROM read_chapters WHERE user_id = ?1 AND work_id = ?2 AND chapter = ?3",
        )?
        .execute((user.0, work_id, chapter))?;
    }
    Ok(())
}

pub(super) fn delete_history_entry(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
) -> Result<bool, StoreError> {
    tx.prepare_cached("DELETE FROM read_chapters WHERE user_id = ?1 AND work_id = ?2")?
        .execute((user.0, work_id))?;
    let deleted = tx
        .prepare_cached("DELETE FROM reading_history WHERE user_id = ?1 AND work_id = ?2")?
        .execute((user.0, work_id))?;
    Ok(deleted > 0)
}
