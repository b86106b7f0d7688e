//! A work's complete state: reading it, and writing a set of states as one
//! operation (`apply`).

use super::codec::{from_json, parse_id};
use super::record::Recorder;
use crate::journal::ChapterRecord;
use crate::{Applied, NewOperation, StateChange, StoreError, UserEdits, WorkState};
use rusqlite::{Connection, OptionalExtension};

/// The state of live work `id`, or `None`.
pub(super) fn read_state(conn: &Connection, id: i64) -> Result<Option<WorkState>, StoreError> {
    let Some(stored) = super::read::load_works(conn, super::read::Works::One(id))?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let edits: Option<String> = conn
        .prepare_cached("SELECT edits FROM works WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    let edits: UserEdits = match edits {
        Some(json) => from_json(&json, "works.edits")?,
        None => UserEdits::default(),
    };
    let signature: Option<Vec<u8>> = conn
        .prepare_cached("SELECT signature FROM work_signatures WHERE work_id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let chapters = stored
        .chapter_keys
        .into_iter()
        .zip(stored.texts)
        .map(|(key, text)| ChapterRecord { key, text })
        .collect();
    Ok(Some(WorkState {
        work: stored.work,
        identity_key: stored.identity_key,
        aliases: super::read::aliases(conn, id)?,
        sources: stored.sources,
        chapters,
        assets: super::assets::linked(conn, id)?,
        signature: signature.map(hex::encode),
        edits,
    }))
}

/// Records `op` and writes `changes` (see [`crate::Store::apply`]).
pub(super) fn apply(
    tx: &Connection,
    op: &NewOperation<'_>,
    changes: &[StateChange],
) -> Result<Applied, StoreError> {
    let op_id = super::journal::begin(tx, op)?;
    let mut recorder = Recorder::new(op_id);
    let mut ids: Vec<Option<i64>> = Vec::with_capacity(changes.len());
    for change in changes {
        let id = match &change.id {
            Some(text) => {
                Some(parse_id(text).ok_or_else(|| StoreError::UnknownWork { id: text.clone() })?)
            }
            None => None,
        };
        let current = match id {
            Some(id) => recorder.touch(tx, id, change.trashed_before)?,
            None => None,
        };
        let found = current.as_ref().map(WorkState::fingerprint);
        if found != change.expect {
            return Err(StoreError::Changed {
                id: change.id.clone().unwrap_or_default(),
            });
        }
        if let Some(id) = id.filter(|_| current.is_some()) {
            // Tags, sources, chapters, aliases, links go with it (ON DELETE
            // CASCADE); texts and images stay.
            tx.prepare_cached("DELETE FROM works WHERE id = ?1")?
                .execute([id])?;
        }
        ids.push(id);
    }
    let mut written = Vec::with_capacity(changes.len());
    for (change, id) in changes.iter().zip(ids) {
        let id = match (&change.state, id) {
            (Some(state), id) => {
                let new = super::write::insert_state(tx, id, state)?;
                if id.is_none() {
                    recorder.created(new);
                }
                new
            }
            (None, Some(id)) => id,
            (None, None) => {
                return Err(StoreError::InvalidWrite {
                    detail: "a change removes a work without naming it".into(),
                })
            }
        };
        if change.trashed_after {
            recorder.trash(id);
        }
        written.push(id.to_string());
    }
    recorder.finish(tx)?;
    if let Some(reversed) = op.reverses {
        super::journal::mark_reversed(tx, reversed, op_id)?;
    }
    Ok(Applied {
        operation: op_id as u64,
        ids: written,
    })
}
