//! Writing works: `save_work` (import's write, from a [`WorkWrite`]) and
//! `insert_state` (an operation's write of a complete [`WorkState`]), built
//! from the same row writers.
//!
//! Metadata rows (tags, sources, chapters) are cheap and rewritten whole on
//! every save. Texts are immutable: a save stores the new ones and points
//! chapters at texts by name; nothing here deletes a text or an image.

use super::codec::{parse_id, to_json, to_sql_u64, TagKind};
use super::record::Recorder;
use crate::{ChapterKey, StoreError, WorkState, WorkWrite};
use ficshelf_model::Work;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// Writes `write` inside `tx` as part of operation `op` and returns the
/// work's id. The caller commits; on error it drops `tx`, which rolls
/// everything back.
pub(super) fn save_work(
    tx: &Connection,
    op: i64,
    write: &WorkWrite<'_>,
) -> Result<i64, StoreError> {
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
    let mut recorder = Recorder::new(op);
    let given = match write.id {
        None => None,
        Some(given) => Some(parse_id(given).ok_or_else(|| StoreError::UnknownWork {
            id: given.to_string(),
        })?),
    };
    // The texts the work's chapters show now, by key: a chapter the write
    // gives no new body for keeps its text.
    let mut texts: HashMap<ChapterKey, String> = HashMap::new();
    if let Some(id) = given {
        let before = recorder
            .touch(tx, id, false)?
            .ok_or_else(|| StoreError::UnknownWork { id: id.to_string() })?;
        for chapter in before.chapters {
            texts.insert(chapter.key, chapter.text);
        }
    }
    let id = work_row(tx, given, write.identity_key, work, given.is_some())?;
    if given.is_none() {
        recorder.created(id);
    }
    for sql in [
        "DELETE FROM work_tags WHERE work_id = ?1",
        "DELETE FROM sources WHERE work_id = ?1",
        "DELETE FROM chapters WHERE work_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }

    let mut owner = tx.prepare_cached("SELECT work_id FROM sources WHERE path = ?1")?;
    for source in write.sources {
        // This work's own rows are gone, so any owner is another work.
        let other: Option<i64> = owner.query_row([&source.path], |r| r.get(0)).optional()?;
        if let Some(other) = other {
            recorder.touch(tx, other, false)?;
            super::moves::detach_source(tx, other, &source.path)?;
        }
    }
    write_sources(tx, id, write.sources)?;

    tx.prepare_cached("DELETE FROM work_aliases WHERE work_id = ?1")?
        .execute([id])?;
    let mut owner = tx.prepare_cached("SELECT work_id FROM work_aliases WHERE key = ?1")?;
    for key in write.aliases {
        // A key another work had moves to this one: that work changes too.
        let other: Option<i64> = owner.query_row([key], |r| r.get(0)).optional()?;
        if let Some(other) = other.filter(|o| *o != id) {
            recorder.touch(tx, other, false)?;
        }
    }
    write_aliases(tx, id, write.identity_key, write.aliases, true)?;
    if let Some(signature) = write.signature {
        set_signature(tx, id, Some(signature))?;
    }
    write_tags(tx, id, work)?;

    for (key, body) in &write.new_bodies {
        let name = super::texts::put(tx, body)?;
        texts.insert(key.clone(), name);
    }
    let mut names = Vec::with_capacity(write.chapter_keys.len());
    for key in write.chapter_keys {
        match texts.get(key) {
            Some(name) => names.push(name.clone()),
            None => {
                return Err(StoreError::MissingBody {
                    source_path: key.source.clone(),
                    index: key.index,
                })
            }
        }
    }
    write_chapters(tx, id, work, write.chapter_keys, &names)?;
    super::assets::write_links(tx, id, write.assets)?;
    recorder.finish(tx)?;
    Ok(id)
}

/// Inserts `state` as work `id` (a new id when `None`). The work must not
/// exist; every source file, key, text and image it names must be free or
/// stored. Returns the id.
pub(super) fn insert_state(
    tx: &Connection,
    id: Option<i64>,
    state: &WorkState,
) -> Result<i64, StoreError> {
    let work = &state.work;
    if state.chapters.len() != work.chapters.len() {
        return Err(StoreError::InvalidWrite {
            detail: format!(
                "{} chapter records for {} chapters",
                state.chapters.len(),
                work.chapters.len()
            ),
        });
    }
    for key in std::iter::once(&state.identity_key).chain(&state.aliases) {
        if let Some(owner) = super::read::work_by_identity(tx, key)? {
            return Err(StoreError::Taken {
                what: format!("key {key:?}"),
                work_id: owner.to_string(),
            });
        }
    }
    for source in &state.sources {
        if let Some(owner) = super::read::source(tx, &source.path)? {
            return Err(StoreError::Taken {
                what: format!("file {}", source.path),
                work_id: owner.work_id,
            });
        }
    }
    let mut exists = tx.prepare_cached("SELECT 1 FROM texts WHERE sha256 = ?1")?;
    for chapter in &state.chapters {
        if !exists.exists([&chapter.text])? {
            return Err(StoreError::MissingText {
                sha256: chapter.text.clone(),
            });
        }
    }
    let id = work_row(tx, id, &state.identity_key, work, false)?;
    let edits = if state.edits.is_empty() {
        None
    } else {
        Some(to_json(&state.edits)?)
    };
    tx.prepare_cached("UPDATE works SET edits = ?2 WHERE id = ?1")?
        .execute((id, edits))?;
    write_tags(tx, id, work)?;
    write_sources(tx, id, &state.sources)?;
    write_aliases(tx, id, &state.identity_key, &state.aliases, false)?;
    let keys: Vec<ChapterKey> = state.chapters.iter().map(|c| c.key.clone()).collect();
    let names: Vec<String> = state.chapters.iter().map(|c| c.text.clone()).collect();
    write_chapters(tx, id, work, &keys, &names)?;
    super::assets::link_stored(tx, id, &state.assets)?;
    let signature = match &state.signature {
        Some(text) => Some(hex::decode(text).map_err(|e| StoreError::InvalidWrite {
            detail: format!("signature is not hex: {e}"),
        })?),
        None => None,
    };
    set_signature(tx, id, signature.as_deref())?;
    Ok(id)
}

fn write_sources(
    tx: &Connection,
    id: i64,
    sources: &[ficshelf_model::Source],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO sources (path, work_id, position, sha256, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, source) in sources.iter().enumerate() {
        insert.execute((
            &source.path,
            id,
            position as i64,
            &source.sha256,
            to_sql_u64(source.bytes)?,
        ))?;
    }
    Ok(())
}

/// Writes the work's aliases (its rows must be gone); with `steal`, a key
/// another work had moves to this one.
fn write_aliases(
    tx: &Connection,
    id: i64,
    identity_key: &str,
    aliases: &[String],
    steal: bool,
) -> Result<(), StoreError> {
    let sql = if steal {
        "INSERT INTO work_aliases (key, work_id) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET work_id = excluded.work_id"
    } else {
        "INSERT INTO work_aliases (key, work_id) VALUES (?1, ?2)"
    };
    let mut insert = tx.prepare_cached(sql)?;
    for key in aliases {
        if key != identity_key {
            insert.execute((key, id))?;
        }
    }
    Ok(())
}

fn write_tags(tx: &Connection, id: i64, work: &Work) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO work_tags (work_id, kind, position, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for kind in TagKind::ALL {
        for (position, name) in kind.list(work).iter().enumerate() {
            insert.execute((id, kind.as_str(), position as i64, name))?;
        }
    }
    Ok(())
}

/// Writes the chapter rows of `work`, each pointing at its text in `texts`.
fn write_chapters(
    tx: &Connection,
    id: i64,
    work: &Work,
    keys: &[ChapterKey],
    texts: &[String],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO chapters (work_id, number, title, words, notes_begin, notes_end,
             source_path, source_index, stated_number, sources, text_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for ((chapter, key), text) in work.chapters.iter().zip(keys).zip(texts) {
        // The common case, a chapter read from its key's file alone, is
        // stored as NULL.
        let sources = match chapter.sources.as_slice() {
            [only] if *only == key.source => None,
            other => Some(to_json(other)?),
        };
        insert.execute(rusqlite::params![
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
            text,
        ])?;
    }
    Ok(())
}

/// Stores (or with `None` removes) work `id`'s signature.
fn set_signature(tx: &Connection, id: i64, signature: Option<&[u8]>) -> Result<(), StoreError> {
    match signature {
        Some(signature) => tx
            .prepare_cached(
                "INSERT INTO work_signatures (work_id, signature) VALUES (?1, ?2)
                 ON CONFLICT (work_id) DO UPDATE SET signature = excluded.signature",
            )?
            .execute((id, signature))?,
        None => tx
            .prepare_cached("DELETE FROM work_signatures WHERE work_id = ?1")?
            .execute([id])?,
    };
    Ok(())
}

/// Updates (`update`) or inserts the `works` row of `id` (a new id when
/// `None`); returns its id.
fn work_row(
    tx: &Connection,
    id: Option<i64>,
    identity_key: &str,
    work: &Work,
    update: bool,
) -> Result<i64, StoreError> {
    let sql = if update {
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
    let changed = tx.prepare_cached(sql)?.execute(rusqlite::params![
        id,
        identity_key,
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
        Some(id) if update && changed == 0 => Err(StoreError::UnknownWork { id: id.to_string() }),
        Some(id) => Ok(id),
        None => Ok(tx.last_insert_rowid()),
    }
}

/// Appends work `id` to the change log; returns the change's number.
pub(super) fn log_change(tx: &Connection, id: i64) -> Result<i64, StoreError> {
    tx.prepare_cached("INSERT INTO changes (work_id) VALUES (?1)")?
        .execute([id])?;
    Ok(tx.last_insert_rowid())
}
