//! Storage-level integrity: what `ficshelf check` asks of the store.

use super::journal::journal_states;
use crate::StoreError;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Problems found, one line each (empty when the store is sound).
pub(super) fn verify(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if lines != ["ok"] {
        problems.extend(lines.into_iter().map(|l| format!("database: {l}")));
    }
    let broken: Vec<(String, i64, String)> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (table, rowid, parent) in broken {
        problems.push(format!(
            "database: row {rowid} of {table} refers to a missing row of {parent}"
        ));
    }

    let mut texts = HashSet::new();
    let mut stmt = conn.prepare("SELECT sha256, body FROM texts")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (name, body): (String, String) = (row.get(0)?, row.get(1)?);
        if super::texts::name_of(&body) != name {
            problems.push(format!(
                "text {name}: its content does not match its name (changed after it was written)"
            ));
        } else if serde_json::from_str::<ficshelf_model::ChapterBody>(&body).is_err() {
            problems.push(format!("text {name}: not a chapter body"));
        }
        texts.insert(name);
    }
    let mut assets = HashSet::new();
    let mut stmt = conn.prepare("SELECT sha256, bytes FROM assets")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (name, bytes): (String, Vec<u8>) = (row.get(0)?, row.get(1)?);
        if hex::encode(Sha256::digest(&bytes)) != name {
            problems.push(format!(
                "image {name}: its bytes do not match its name (changed after it was written)"
            ));
        }
        assets.insert(name);
    }
    for state in journal_states(conn)? {
        let (op, state) = match state {
            Ok(found) => found,
            Err(e) => {
                problems.push(format!("journal: {e}"));
                continue;
            }
        };
        let id = &state.work.id;
        if let Some(c) = state.chapters.iter().find(|c| !texts.contains(&c.text)) {
            problems.push(format!(
                "journal: operation {op} keeps work {id} with text {} that is not stored",
                c.text
            ));
        }
        if let Some(a) = state.assets.iter().find(|a| !assets.contains(*a)) {
            problems.push(format!(
                "journal: operation {op} keeps work {id} with image {a} that is not stored"
            ));
        }
    }
    Ok(problems)
}
