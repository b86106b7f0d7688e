//! Moving a source file from one work to another.
//!
//! A file belongs to one work. When a save gives a work a file that another
//! work has, the other work loses the file and the chapters read from it
//! (their texts stay, and the journal keeps its state before); its
//! remaining chapters are renumbered 1..n and its word count drops by the
//! words of the chapters it lost. A work left with no sources and no
//! chapters is removed. The caller records the change.

use super::codec::{get_u64, to_sql_u64};
use crate::StoreError;
use rusqlite::Connection;

/// Takes the file at `path` away from work `other`.
pub(super) fn detach_source(tx: &Connection, other: i64, path: &str) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM sources WHERE path = ?1")?
        .execute([path])?;

    let lost_words = {
        let mut stmt = tx
            .prepare_cached("SELECT words FROM chapters WHERE work_id = ?1 AND source_path = ?2")?;
        let mut rows = stmt.query((other, path))?;
        let mut sum = 0u64;
        while let Some(row) = rows.next()? {
            sum = sum.saturating_add(get_u64(row, 0, "chapters.words")?);
        }
        sum
    };
    tx.prepare_cached("DELETE FROM chapters WHERE work_id = ?1 AND source_path = ?2")?
        .execute((other, path))?;

    let left: i64 = tx
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM sources WHERE work_id = ?1)
                  + (SELECT COUNT(*) FROM chapters WHERE work_id = ?1)",
        )?
        .query_row([other], |row| row.get(0))?;
    if left == 0 {
        // Tags and image links go with it (ON DELETE CASCADE).
        tx.prepare_cached("DELETE FROM works WHERE id = ?1")?
            .execute([other])?;
        return Ok(());
    }

    renumber_chapters(tx, other)?;
    if lost_words > 0 {
        tx.prepare_cached(
            "UPDATE works SET words = CASE WHEN words > ?2 THEN words - ?2 ELSE 0 END
             WHERE id = ?1",
        )?
        .execute((other, to_sql_u64(lost_words)?))?;
    }
    Ok(())
}

/// Closes the gaps in work `id`'s chapter numbers, keeping their order.
fn renumber_chapters(tx: &Connection, id: i64) -> Result<(), StoreError> {
    let numbers: Vec<u32> = tx
        .prepare_cached("SELECT number FROM chapters WHERE work_id = ?1 ORDER BY number")?
        .query_map([id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut update =
        tx.prepare_cached("UPDATE chapters SET number = ?3 WHERE work_id = ?1 AND number = ?2")?;
    // Ascending, each chapter moves down to a number no other chapter holds
    // any more (those below it have already moved lower still).
    for (new, old) in (1u32..).zip(numbers) {
        if new != old {
            update.execute((id, old, new))?;
        }
    }
    Ok(())
}
