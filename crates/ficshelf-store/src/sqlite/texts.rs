//! Story text, content-addressed: a text is named by the SHA-256 of its
//! stored JSON, written once, never updated, deleted only by a purge.

use super::codec::from_json;
use crate::StoreError;
use ficshelf_model::ChapterBody;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The stored form of a body and its name.
pub(super) fn encode(body: &ChapterBody) -> Result<(String, String), StoreError> {
    let json = serde_json::to_string(body).map_err(|e| StoreError::Corrupt {
        column: "texts.body",
        detail: e.to_string(),
    })?;
    Ok((name_of(&json), json))
}

/// The name of a stored text: the SHA-256 of its JSON, lowercase hex.
pub(super) fn name_of(json: &str) -> String {
    hex::encode(Sha256::digest(json.as_bytes()))
}

/// Stores `body` unless a text of that name is stored; returns its name.
pub(super) fn put(tx: &Connection, body: &ChapterBody) -> Result<String, StoreError> {
    let (name, json) = encode(body)?;
    tx.prepare_cached(
        "INSERT INTO texts (sha256, body) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute((&name, &json))?;
    Ok(name)
}

/// The text named `sha256`, if stored.
pub(super) fn get(conn: &Connection, sha256: &str) -> Result<Option<ChapterBody>, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT body FROM texts WHERE sha256 = ?1")?
        .query_row([sha256], |row| row.get(0))
        .optional()?;
    json.map(|j| from_json(&j, "texts.body")).transpose()
}

/// Migration 5: names every body of the old `chapter_bodies` table by its
/// hash, stores it in `texts` and points its chapters at it. A chapter
/// that had no body (never written by Ficshelf) gets the empty text.
pub(super) fn hash_old_bodies(tx: &Connection) -> Result<(), StoreError> {
    let rows: Vec<(i64, u32, Option<String>)> = tx
        .prepare(
            "SELECT c.work_id, c.number, b.body FROM chapters c
             LEFT JOIN chapter_bodies b ON b.work_id = c.work_id
                 AND b.source_path = c.source_path AND b.source_index = c.source_index",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let empty = encode(&ChapterBody::default())?.1;
    let mut insert = tx.prepare(
        "INSERT INTO texts (sha256, body) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
    )?;
    let mut point =
        tx.prepare("UPDATE chapters SET text_sha256 = ?3 WHERE work_id = ?1 AND number = ?2")?;
    for (work_id, number, body) in rows {
        let json = body.unwrap_or_else(|| empty.clone());
        let name = name_of(&json);
        insert.execute((&name, &json))?;
        point.execute((work_id, number, &name))?;
    }
    Ok(())
}
