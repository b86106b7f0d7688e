//! The trash: `delete` moves works there (out of every listing, count and
//! search), `restore` brings them back under their own ids, `purge` removes
//! those deleted long enough ago for good.

use super::change;
use crate::{Library, LibraryError};
use ficshelf_model::WorkSummary;
use ficshelf_store::{NewOperation, OperationKind, PurgeReport, StateChange, Trashed};
use std::collections::BTreeSet;

/// A work in the trash, as `trash` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrashEntry {
    pub work: WorkSummary,
    /// When it was deleted, seconds since the Unix epoch.
    pub deleted_at: i64,
    /// The delete operation (`undo` it, or `restore` the work).
    pub operation: u64,
}

/// What `restore` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RestoreReport {
    pub operation: u64,
    pub works: Vec<String>,
}

/// What `purge` removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Purged {
    /// Works removed for good.
    pub works: Vec<String>,
    #[serde(flatten)]
    pub report: PurgeReport,
}

impl Library {
    /// Moves works `ids` to the trash in one operation; returns its id.
    pub fn delete(&mut self, ids: &[String]) -> Result<u64, LibraryError> {
        let mut changes = Vec::with_capacity(ids.len());
        let mut titles = Vec::new();
        for id in unique(ids) {
            let state = self.state(&id)?;
            titles.push(format!("{id} {:?}", state.work.title));
            let mut to_trash = change(Some(&id), Some(&state), None);
            to_trash.trashed_after = true;
            changes.push(to_trash);
        }
        let summary = format!("deleted {}", titles.join(", "));
        Ok(self
            .apply(OperationKind::Delete, &summary, None, &changes)?
            .operation)
    }

    /// The works in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<TrashEntry>, LibraryError> {
        Ok(self
            .store
            .trash()?
            .into_iter()
            .map(|t| TrashEntry {
                work: t.state.work.summary_row(),
                deleted_at: t.deleted_at,
                operation: t.operation,
            })
            .collect())
    }

    /// Brings works `ids` back from the trash, under their ids.
    pub fn restore(&mut self, ids: &[String]) -> Result<RestoreReport, LibraryError> {
        let trash = self.store.trash()?;
        let mut changes = Vec::with_capacity(ids.len());
        let mut titles = Vec::new();
        for id in unique(ids) {
            let Some(found) = trash.iter().find(|t| t.state.work.id == id) else {
                return Err(LibraryError::NotInTrash { id });
            };
            titles.push(format!("{id} {:?}", found.state.work.title));
            changes.push(StateChange {
                id: Some(id.clone()),
                expect: None,
                state: Some(found.state.clone()),
                trashed_before: true,
                trashed_after: false,
            });
        }
        let summary = format!("restored {}", titles.join(", "));
        let applied = self
            .apply(OperationKind::Restore, &summary, None, &changes)
            .map_err(|e| match e {
                LibraryError::Store(ficshelf_store::StoreError::Taken { what, work_id }) => {
                    LibraryError::RestoreBlocked { what, work_id }
                }
                other => other,
            })?;
        Ok(RestoreReport {
            operation: applied.operation,
            works: applied.ids,
        })
    }

    /// The works in the trash deleted more than `older_than_secs` ago.
    pub fn trashed_before(&self, older_than_secs: u64) -> Result<Vec<TrashEntry>, LibraryError> {
        let cutoff = super::now().saturating_sub(older_than_secs as i64);
        let mut entries = self.trash()?;
        entries.retain(|e| e.deleted_at <= cutoff);
        Ok(entries)
    }

    /// Removes for good the works deleted more than `older_than_secs` ago
    /// (works deleted together go together), with every record of the
    /// operations that touched them and every text and image nothing else
    /// refers to. This cannot be undone.
    pub fn purge(&mut self, older_than_secs: u64) -> Result<Purged, LibraryError> {
        let cutoff = super::now().saturating_sub(older_than_secs as i64);
        let trash = self.store.trash()?;
        let chosen: Vec<&Trashed> = trash.iter().filter(|t| t.deleted_at <= cutoff).collect();
        let mut works: BTreeSet<String> = chosen.iter().map(|t| t.state.work.id.clone()).collect();
        let mut operations: BTreeSet<u64> = BTreeSet::new();
        // Every operation that touched a purged work loses its records; a
        // trashed work deleted by one of them goes too.
        loop {
            for op in self.store.operations()? {
                if op.works.iter().any(|w| works.contains(w)) {
                    operations.insert(op.id);
                }
            }
            let before = works.len();
            for t in &trash {
                if operations.contains(&t.operation) {
                    works.insert(t.state.work.id.clone());
                }
            }
            if works.len() == before {
                break;
            }
        }
        let list: Vec<String> = works.iter().cloned().collect();
        let summary = if list.is_empty() {
            "purged nothing".to_string()
        } else {
            format!("purged works {}", list.join(", "))
        };
        let op = NewOperation {
            kind: OperationKind::Purge,
            summary: &summary,
            at: super::now(),
            reverses: None,
        };
        let ops: Vec<u64> = operations.into_iter().collect();
        let report = self.store.purge(&op, &ops)?;
        Ok(Purged {
            works: list,
            report,
        })
    }
}

/// `ids` without repeats, in order.
fn unique(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}
