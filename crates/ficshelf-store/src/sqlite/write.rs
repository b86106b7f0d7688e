//! `save_work`: one work's metadata, chapter list and bodies in one
//! transaction.
//!
//! Metadata rows (tags, sources, chapters) are cheap and rewritten whole on
//! every save; bodies are large and only touched when given or orphaned;
//! image links are rewritten, image bytes only stored when new.

use super::codec::{parse_id, to_json, to_sql_u64, TagKind};
use crate::{ChapterKey, StoreError, WorkWrite};
use rusqlite::{OptionalExtension, Transaction};
use std::collections::HashMap;

/// Writes `write` inside `tx` and returns the work's id. The caller commits;
/// on error it drops `tx`, which rolls everything back.
pub(super) fn save_work(tx: &Transaction<'_>, write: &WorkWrite<'_>) -> Result<i64, StoreError> {
    let work = write.work;
    if write.chapter_keys.len() != work.chapters.len() {
        return Err(StoreError::InvalidWrite {
            detail: format!(
                "{} chapter keys for {} chapters",
                write.chapter_keys.len(),
                work.chapters.len()
            ),
        });
    }
    let id = write_work_row(tx, write)?;

    for sql in [
        "DELETE FROM work_tags WHERE work_id = ?1",
        "DELETE FROM sources WHERE work_id = ?1",
        "DELETE FROM chapters WHERE work_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }

    let mut owner = tx.prepare_cached("SELECT work_id FROM sources WHERE path = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO sources (path, work_id, position, sha256, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, source) in write.sources.iter().enumerate() {
        // This work's own rows are gone, so any owner is another work.
        let other: Option<i64> = owner.query_row([&source.path], |r| r.get(0)).optional()?;
        if let Some(other) = other {
            super::moves::detach_source(tx, other, &source.path)?;
        }
        insert.execute((
            &source.path,
            id,
            position as i64,
            &source.sha256,
            to_sql_u64(source.bytes)?,
        ))?;
    }

    write_aliases(tx, id, write)?;
    if let Some(signature) = write.signature {
        set_signature(tx, id, signature)?;
    }

    let mut insert = tx.prepare_cached(
        "INSERT INTO work_tags (work_id, kind, position, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for kind in TagKind::ALL {
        for (position, name) in kind.list(work).iter().enumerate() {
            insert.execute((id, kind.as_str(), position as i64, name))?;
        }
    }

    let mut insert = tx.prepare_cached(
        "INSERT INTO chapters (work_id, number, title, words, notes_begin, notes_end,
             source_path, source_index, stated_number, sources)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (chapter, key) in work.chapters.iter().zip(write.chapter_keys) {
        // The common case, a chapter read from its key's file alone, is
        // stored as NULL.
        let sources = match chapter.sources.as_slice() {
            [only] if *only == key.source => None,
            other => Some(to_json(other)?),
        };
        insert.execute((
            id,
            chapter.number,
            &chapter.title,
            to_sql_u64(chapter.words)?,
            &chapter.notes.begin,
            &chapter.notes.end,
            &key.source,
            key.index,
            key.stated_number,
            sources,
        ))?;
    }

    let mut upsert = tx.prepare_cached(
        "INSERT INTO chapter_bodies (work_id, source_path, source_index, body)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (work_id, source_path, source_index) DO UPDATE SET body = excluded.body",
    )?;
    for (key, body) in &write.new_bodies {
        let json = serde_json::to_string(body).map_err(|e| StoreError::Corrupt {
            column: "chapter_bodies.body",
            detail: e.to_string(),
        })?;
        upsert.execute((id, &key.source, key.index, json))?;
    }

    sweep_bodies(tx, id, write.chapter_keys)?;
    super::assets::write_links(tx, id, write.assets)?;
    log_change(tx, id)?;
    Ok(id)
}

/// Replaces the work's aliases; a key another work had moves to this one.
fn write_aliases(tx: &Transaction<'_>, id: i64, write: &WorkWrite<'_>) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM work_aliases WHERE work_id = ?1")?
        .execute([id])?;
    let mut upsert = tx.prepare_cached(
        "INSERT INTO work_aliases (key, work_id) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET work_id = excluded.work_id",
    )?;
    for key in write.aliases {
        if key != write.identity_key {
            upsert.execute((key, id))?;
        }
    }
    Ok(())
}

/// Replaces work `id`'s suggestions and logs the change.
pub(super) fn set_suggested(
    tx: &Transaction<'_>,
    id: i64,
    suggested: &ficshelf_model::Suggested,
) -> Result<(), StoreError> {
    let changed = tx
        .prepare_cached("UPDATE works SET suggested = ?2 WHERE id = ?1")?
        .execute((id, to_json(suggested)?))?;
    if changed == 0 {
        return Err(StoreError::UnknownWork { id: id.to_string() });
    }
    log_change(tx, id)
}

/// Stores work `id`'s signature.
pub(super) fn set_signature(
    tx: &Transaction<'_>,
    id: i64,
    signature: &[u8],
) -> Result<(), StoreError> {
    let exists: Option<i64> = tx
        .prepare_cached("SELECT id FROM works WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::UnknownWork { id: id.to_string() });
    }
    tx.prepare_cached(
        "INSERT INTO work_signatures (work_id, signature) VALUES (?1, ?2)
         ON CONFLICT (work_id) DO UPDATE SET signature = excluded.signature",
    )?
    .execute((id, signature))?;
    Ok(())
}

/// Inserts (`write.id` is `None`) or updates the `works` row; returns its id.
fn write_work_row(tx: &Transaction<'_>, write: &WorkWrite<'_>) -> Result<i64, StoreError> {
    let id = match write.id {
        None => None,
        Some(given) => Some(parse_id(given).ok_or_else(|| StoreError::UnknownWork {
            id: given.to_string(),
        })?),
    };
    let sql = if id.is_some() {
        "UPDATE works SET identity_key = ?2, title = ?3, title_inferred = ?4, rating = ?5,
             rating_original = ?6, language = ?7, summary = ?8, disclaimer = ?9,
             notes_begin = ?10, notes_end = ?11, status = ?12, words = ?13, published = ?14,
             updated = ?15, fields = ?16, suggested = ?17
         WHERE id = ?1"
    } else {
        // A NULL id makes SQLite assign the next one.
        "INSERT INTO works (id, identity_key, title, title_inferred, rating, rating_original,
             language, summary, disclaimer, notes_begin, notes_end, status, words, published,
             updated, fields, suggested)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
    };
    let work = write.work;
    let changed = tx.prepare_cached(sql)?.execute(rusqlite::params![
        id,
        write.identity_key,
        work.title,
        work.title_inferred,
        work.rating.as_str(),
        work.rating_original,
        work.language,
        work.summary,
        work.disclaimer,
        work.notes.begin,
        work.notes.end,
        work.status.map(|s| s.as_str()),
        to_sql_u64(work.words)?,
        work.published,
        work.updated,
        to_json(&work.fields)?,
        to_json(&work.suggested)?,
    ])?;
    match id {
        None => Ok(tx.last_insert_rowid()),
        Some(id) if changed == 0 => Err(StoreError::UnknownWork { id: id.to_string() }),
        Some(id) => Ok(id),
    }
}

/// Deletes the bodies of work `id` that no key in `keys` names, then checks
/// that every key has one.
fn sweep_bodies(tx: &Transaction<'_>, id: i64, keys: &[ChapterKey]) -> Result<(), StoreError> {
    // One slot per distinct key (two chapters may share a body).
    let mut slots: HashMap<(&str, u32), usize> = HashMap::with_capacity(keys.len());
    for key in keys {
        let next = slots.len();
        slots
            .entry((key.source.as_str(), key.index))
            .or_insert(next);
    }
    let mut stored = vec![false; slots.len()];
    let mut orphans = Vec::new();
    let mut stmt = tx.prepare_cached(
        "SELECT source_path, source_index FROM chapter_bodies WHERE work_id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        let (path, index): (String, u32) = (row.get(0)?, row.get(1)?);
        match slots.get(&(path.as_str(), index)) {
            Some(&slot) => stored[slot] = true,
            None => orphans.push((path, index)),
        }
    }

    let mut delete = tx.prepare_cached(
        "DELETE FROM chapter_bodies WHERE work_id = ?1 AND source_path = ?2 AND source_index = ?3",
    )?;
    for (path, index) in &orphans {
        delete.execute((id, path, index))?;
    }

    let missing = keys.iter().find(|k| {
        !slots
            .get(&(k.source.as_str(), k.index))
            .is_some_and(|&slot| stored[slot])
    });
    match missing {
        Some(key) => Err(StoreError::MissingBody {
            source_path: key.source.clone(),
            index: key.index,
        }),
        None => Ok(()),
    }
}

/// Appends work `id` to the change log.
pub(super) fn log_change(tx: &Transaction<'_>, id: i64) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT INTO changes (work_id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}
