//! What the journal records: a work's complete state, the user's own
//! edits, and operations with the state each work had before them.
//!
//! Design (see also `ARCHITECTURE.md`, "The journal"):
//!
//! - Story text is immutable once written: a chapter names its text by the
//!   SHA-256 of the stored body ([`ChapterRecord::text`]); the same text is
//!   stored once, and a text is deleted only by a purge, once nothing (no
//!   chapter, no journal state) refers to it.
//! - Every change to works is an [`Operation`]. For each work it touched, its
//!   [`OperationRecord`] keeps the complete [`WorkState`] before (as JSON)
//!   and a fingerprint of the state after. Undoing an operation writes the
//!   "before" states back, which is allowed only while every touched work
//!   still has its "after" fingerprint; an undo is itself an operation, so
//!   undoing an undo redoes.
//! - The trash is not a flag on live rows: a deleted work leaves the live
//!   tables (listings, counts and the index never see it) and its last state
//!   lives in the record of the delete ([`OperationRecord::trashed_after`]).
//! - A record's `change_seq` is the change-log number of its latest write,
//!   so records of one work are ordered even when operations interleave.

use ficshelf_model::{Rating, Source, Work};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ChapterKey;

/// One chapter of a [`WorkState`]: where it came from and which text it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterRecord {
    pub key: ChapterKey,
    /// The SHA-256 (lowercase hex) naming the chapter's stored text.
    pub text: String,
}

/// Everything the store holds about one work: enough to put it back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkState {
    /// Metadata and chapter list; `work.id` is the store's id.
    pub work: Work,
    pub identity_key: String,
    /// Other keys the work is known by, sorted.
    pub aliases: Vec<String>,
    /// Every source file, in the work's order.
    pub sources: Vec<Source>,
    /// One per entry of `work.chapters`, same order.
    pub chapters: Vec<ChapterRecord>,
    /// Names (SHA-256) of the images the work links, sorted.
    pub assets: Vec<String>,
    /// The near-duplicate signature, lowercase hex.
    pub signature: Option<String>,
    /// What the user set by hand.
    pub edits: UserEdits,
}

impl WorkState {
    /// A short stable digest of the whole state: two states with the same
    /// fingerprint are the same state.
    pub fn fingerprint(&self) -> String {
        // Serialising a value of these types is deterministic (structs in
        // field order, vectors in order, no maps with random order).
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }
}

/// What the user set by hand with `edit`: it wins over what a later import
/// of the work's files states. Applying it to a work is the library's job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserEdits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// Tags the user added (kept even if no file states them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<TagEdit>,
    /// Tags the user removed (dropped even if a file states them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<TagEdit>,
    /// Chapter titles the user set, by the chapter's key (so they survive
    /// re-imports and reordering).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chapter_titles: Vec<ChapterTitleEdit>,
}

impl UserEdits {
    /// Whether the user edited nothing.
    pub fn is_empty(&self) -> bool {
        *self == UserEdits::default()
    }
}

/// A tag added or removed by the user: its kind (`fandom`, `relationship`,
/// `character`, `tag`, `warning`, `category`, `author`) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagEdit {
    pub kind: String,
    pub name: String,
}

/// A chapter title set by the user for the chapter read from `source` at `index`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterTitleEdit {
    pub source: String,
    pub index: u32,
    pub title: String,
}

/// What an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Import,
    Analyze,
    Merge,
    Split,
    Edit,
    Delete,
    Restore,
    Undo,
    Purge,
}

impl OperationKind {
    pub const ALL: [OperationKind; 9] = [
        OperationKind::Import,
        OperationKind::Analyze,
        OperationKind::Merge,
        OperationKind::Split,
        OperationKind::Edit,
        OperationKind::Delete,
        OperationKind::Restore,
        OperationKind::Undo,
        OperationKind::Purge,
    ];

    /// The stored (and printed) name.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Import => "import",
            OperationKind::Analyze => "analyze",
            OperationKind::Merge => "merge",
            OperationKind::Split => "split",
            OperationKind::Edit => "edit",
            OperationKind::Delete => "delete",
            OperationKind::Restore => "restore",
            OperationKind::Undo => "undo",
            OperationKind::Purge => "purge",
        }
    }

    pub fn from_name(name: &str) -> Option<OperationKind> {
        OperationKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// An operation to record.
#[derive(Debug, Clone)]
pub struct NewOperation<'a> {
    pub kind: OperationKind,
    /// One line saying what it did, for `history`.
    pub summary: &'a str,
    /// When, in seconds since the Unix epoch (the caller's clock).
    pub at: i64,
    /// The operation this one reverses (for [`OperationKind::Undo`]).
    pub reverses: Option<u64>,
}

/// A recorded operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub id: u64,
    pub kind: OperationKind,
    pub summary: String,
    pub at: i64,
    /// The operation this one reverses, for an undo.
    pub reverses: Option<u64>,
    /// The undo that reversed this operation, while that undo is in effect.
    pub reversed_by: Option<u64>,
    /// Whether works it touched were purged since (it can no longer be undone).
    pub purged: bool,
    /// Ids of the works it touched, in numeric order.
    pub works: Vec<String>,
}

/// What an operation did to one work.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRecord {
    pub operation: u64,
    pub work_id: String,
    /// The complete state before; `None` when the work did not exist (or
    /// was in the trash: see `trashed_before`).
    pub before: Option<WorkState>,
    pub trashed_before: bool,
    /// [`WorkState::fingerprint`] of the state after; `None` when the work
    /// no longer exists after it.
    pub after: Option<String>,
    /// Whether the operation put the work in the trash.
    pub trashed_after: bool,
    /// The change-log number of the record's latest write.
    pub change_seq: u64,
}

/// One change of an [`crate::Store::apply`]: work `id` (a new one when `None`)
/// gets `state` (`None` removes it).
#[derive(Debug, Clone)]
pub struct StateChange {
    pub id: Option<String>,
    /// The fingerprint the work must have now (`None`: it must not exist);
    /// anything else means another change came in between, and nothing is
    /// written.
    pub expect: Option<String>,
    pub state: Option<WorkState>,
    pub trashed_before: bool,
    pub trashed_after: bool,
}

/// What [`crate::Store::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub operation: u64,
    /// The id of each change's work, in the order given (new works' new ids).
    pub ids: Vec<String>,
}

/// A work in the trash.
#[derive(Debug, Clone, PartialEq)]
pub struct Trashed {
    /// Its state when it was deleted.
    pub state: WorkState,
    /// When it was deleted (seconds since the Unix epoch).
    pub deleted_at: i64,
    /// The operation that deleted it.
    pub operation: u64,
}

/// What a purge removed for good.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub operation: u64,
    /// Chapter texts no chapter or journal record referred to any more.
    pub texts_deleted: u64,
    /// Images no work or journal record referred to any more.
    pub assets_deleted: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_kinds_round_trip() {
        for kind in OperationKind::ALL {
            assert_eq!(OperationKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(OperationKind::from_name("rename"), None);
    }

    #[test]
    fn empty_edits_serialise_to_an_empty_object() {
        assert_eq!(
            serde_json::to_string(&UserEdits::default()).ok().as_deref(),
            Some("{}")
        );
        let edits: UserEdits = serde_json::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
        assert!(edits.is_empty());
    }
}
