//! `history` and `undo`: reading the journal and reversing an operation.
//!
//! Undoing operation X writes back, for every work X touched, the state it
//! had before X. That is allowed only while each of those works still has
//! the state X left (its fingerprint): otherwise a later operation depends
//! on X, and the refusal names it. Undo is an operation too, so undoing an
//! undo redoes; by default `undo` walks back in time (see [`super::undo_order`]).

use crate::{Library, LibraryError};
use ficshelf_store::{Operation, OperationKind, OperationRecord, StateChange};

/// The journal as `history` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct History {
    /// Newest first.
    pub operations: Vec<Operation>,
}

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UndoReport {
    /// The operation undone.
    pub undone: Operation,
    /// The undo's own operation id (`undo` it to redo).
    pub operation: u64,
    /// Works back in the library, works removed from it.
    pub restored: Vec<String>,
    pub removed: Vec<String>,
}

impl Library {
    /// Every operation, newest first; with `work`, only those that touched it.
    pub fn history(&self, work: Option<&str>) -> Result<History, LibraryError> {
        let mut operations = self.store.operations()?;
        if let Some(work) = work {
            operations.retain(|o| o.works.iter().any(|w| w == work));
        }
        operations.reverse();
        Ok(History { operations })
    }

    /// Undoes operation `id`, or by default the next step back in time
    /// (see [`super::undo_order`]).
    pub fn undo(&mut self, id: Option<u64>) -> Result<UndoReport, LibraryError> {
        let operations = self.store.operations()?;
        let target = match id {
            Some(id) => operations
                .iter()
                .find(|o| o.id == id)
                .cloned()
                .ok_or(LibraryError::UnknownOperation { id })?,
            None => super::undo_order::plain_undo_target(&operations)
                .ok_or(LibraryError::NothingToUndo)?,
        };
        if let Some(by) = target.reversed_by {
            return Err(LibraryError::AlreadyUndone { id: target.id, by });
        }
        if target.kind == OperationKind::Purge || target.purged {
            return Err(LibraryError::CannotUndo {
                id: target.id,
                reason: if target.purged {
                    "works it touched were purged since".into()
                } else {
                    "a purge deletes for good".into()
                },
            });
        }
        let records = self.store.operation_records(target.id)?;
        let mut changes = Vec::with_capacity(records.len());
        for record in &records {
            let current = self.store.work_state(&record.work_id)?;
            let found = current.as_ref().map(|s| s.fingerprint());
            let later = self.later_in_effect(&target, record, &operations)?;
            if !later.is_empty() || found != record.after {
                return Err(dependent(&target, record, &later, &operations));
            }
            changes.push(StateChange {
                id: Some(record.work_id.clone()),
                expect: found,
                state: record.before.clone(),
                trashed_before: record.trashed_after,
                trashed_after: record.trashed_before,
            });
        }
        let summary = format!("undo {}: {}", target.id, target.summary);
        let applied = self
            .apply(OperationKind::Undo, &summary, Some(target.id), &changes)
            .map_err(|e| match e {
                LibraryError::Store(ficshelf_store::StoreError::Taken { what, work_id }) => {
                    LibraryError::CannotUndo {
                        id: target.id,
                        reason: format!(
                            "{what} now belongs to work {work_id}; delete or merge that work first"
                        ),
                    }
                }
                other => other,
            })?;
        let (mut restored, mut removed) = (Vec::new(), Vec::new());
        for record in &records {
            if record.before.is_some() {
                restored.push(record.work_id.clone());
            } else {
                removed.push(record.work_id.clone());
            }
        }
        Ok(UndoReport {
            undone: target,
            operation: applied.operation,
            restored,
            removed,
        })
    }

    /// The operations after `target` that changed `record`'s work and are
    /// still in effect: not reversed, and not an undo of another of them
    /// (an edit and its undo cancel out; a redo brings its operation back).
    fn later_in_effect(
        &self,
        target: &Operation,
        record: &OperationRecord,
        operations: &[Operation],
    ) -> Result<Vec<u64>, LibraryError> {
        let mut later: Vec<u64> = self
            .store
            .work_records(&record.work_id)?
            .into_iter()
            .filter(|r| r.change_seq > record.change_seq && r.operation != target.id)
            .map(|r| r.operation)
            .collect();
        later.sort_unstable();
        later.dedup();
        let find = |id: u64| operations.iter().find(|o| o.id == id);
        Ok(later
            .iter()
            .copied()
            .filter(|id| match find(*id) {
                None => false,
                Some(op) if op.reversed_by.is_some() => false,
                Some(op) if op.kind == OperationKind::Undo => {
                    !op.reverses.is_some_and(|r| later.contains(&r))
                }
                Some(_) => true,
            })
            .collect())
    }
}

/// The refusal for undoing `target` when `record`'s work has changed since:
/// by the `later` operations, or (none) outside the journal.
fn dependent(
    target: &Operation,
    record: &OperationRecord,
    later: &[u64],
    operations: &[Operation],
) -> LibraryError {
    let reason = if later.is_empty() {
        format!("work {} changed since outside the journal", record.work_id)
    } else {
        let names: Vec<String> = later
            .iter()
            .rev()
            .map(|id| {
                let kind = operations
                    .iter()
                    .find(|o| o.id == *id)
                    .map_or("?", |o| o.kind.as_str());
                format!("{id} ({kind})")
            })
            .collect();
        format!(
            "later operations changed work {} after it: undo {} first",
            record.work_id,
            names.join(", then ")
        )
    };
    LibraryError::CannotUndo {
        id: target.id,
        reason,
    }
}
