//! Operations on a library's works, each recorded in the store's journal
//! and each undoable: `merge`, `split`, `edit`, `delete` (to the trash),
//! `restore` (from it), `purge`, `analyze`, and `undo` itself (`journal`);
//! plus `check` and `backup`, which change no work.
//!
//! One mechanism serves them all: an operation reads the complete states of
//! the works it touches ([`WorkState`]), computes their new states, and has
//! the store write them in one transaction with a record of each work's
//! state before ([`Store::apply`]). Undo writes those "before" states back
//! while every touched work still has the state the operation left; the
//! search index follows through the store's change log.

mod backup;
mod check;
mod edit;
mod journal;
mod merge;
mod split;
mod trash;
mod undo_order;

pub use check::{check, Problem};
pub use edit::{tags_of_kind, EditRequest, TagRef, TAG_KINDS};
pub use journal::{History, UndoReport};
pub use merge::MergeReport;
pub(crate) use merge::SET_ASIDE_INDEX;
pub use split::{parse_chapters, SplitReport};
pub use trash::{Purged, RestoreReport, TrashEntry};

pub(crate) use edit::apply_edits;

use crate::{Library, LibraryError};
use ficshelf_model::ChapterBody;
use ficshelf_store::{Applied, NewOperation, OperationKind, StateChange, WorkState};

/// Seconds since the Unix epoch, now.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A change from `state` (as read now) of work `id` to `new`.
pub(crate) fn change(
    id: Option<&str>,
    state: Option<&WorkState>,
    new: Option<WorkState>,
) -> StateChange {
    StateChange {
        id: id.map(str::to_string),
        expect: state.map(WorkState::fingerprint),
        state: new,
        trashed_before: false,
        trashed_after: false,
    }
}

impl Library {
    /// The complete state of live work `id`, or [`LibraryError::UnknownWork`].
    pub(crate) fn state(&self, id: &str) -> Result<WorkState, LibraryError> {
        self.store
            .work_state(id)?
            .ok_or_else(|| LibraryError::UnknownWork { id: id.to_string() })
    }

    /// The texts of a state's chapters, in order.
    pub(crate) fn state_bodies(&self, state: &WorkState) -> Result<Vec<ChapterBody>, LibraryError> {
        state
            .chapters
            .iter()
            .map(|c| {
                self.store
                    .text(&c.text)?
                    .ok_or_else(|| LibraryError::MissingText {
                        id: state.work.id.clone(),
                        text: c.text.clone(),
                    })
            })
            .collect()
    }

    /// Recomputes words and numbers of a state whose chapter list changed,
    /// and (when the library analyses) its suggestions and signature.
    pub(crate) fn refresh(&self, state: &mut WorkState) -> Result<(), LibraryError> {
        for (n, chapter) in state.work.chapters.iter_mut().enumerate() {
            chapter.number = n as u32 + 1;
        }
        state.work.words = state.work.chapters.iter().map(|c| c.words).sum();
        state.work.sources = state.sources.iter().map(|s| s.path.clone()).collect();
        if self.analyze_on_import {
            let bodies = self.state_bodies(state)?;
            let analysis = self.analyzer.analyze(&state.work, &bodies);
            state.work.suggested = analysis.suggested;
            state.signature = Some(hex::encode(analysis.signature));
        }
        Ok(())
    }

    /// Records and writes an operation, then brings the index up to date.
    pub(crate) fn apply(
        &mut self,
        kind: OperationKind,
        summary: &str,
        reverses: Option<u64>,
        changes: &[StateChange],
    ) -> Result<Applied, LibraryError> {
        let op = NewOperation {
            kind,
            summary,
            at: now(),
            reverses,
        };
        let applied = self.store.apply(&op, changes)?;
        self.index_changes_since_label()?;
        Ok(applied)
    }
}
