//! Readers' records: accounts, sign-ins, and what each reader keeps about
//! the works (bookmarks, history, reading positions, mutes).
//!
//! [`ReaderStore`] is a trait of its own beside [`crate::Store`]: the web
//! server needs it on every request (sessions), the importer never. Every
//! backend implements both over the same database, and the behaviour suite
//! (`behaviour::readers`) runs against each.
//!
//! Public items:
//! - [`ReaderStore`]: what a backend must do.
//! - The records ([`User`], [`Session`], [`ApiToken`], [`DocumentRecord`],
//!   [`DocumentProgress`], [`ReadingPosition`], [`HistoryEntry`],
//!   [`Bookmark`], [`MarkedWork`], [`Mute`]) and their parts.
//! - [`user_name_key`]: when two user names are the same account.
//!
//! The store keeps records; the rules about them (password hashing, token
//! secrets, expiry, what "read" means, how mutes match) are the library's.
//! Times are Unix seconds given by the caller. Secrets never reach the
//! store: sessions, API tokens and KOReader keys are kept as hashes.
//! Every record belongs to an account; deleting the account deletes them all.

mod records;

pub use records::{
    user_name_key, ApiToken, Bookmark, DocumentProgress, DocumentRecord, ExportRecord,
    HistoryEntry, MarkedWork, Mute, MuteKind, NewUser, Preferences, ReadingPosition, Session, User,
    UserId,
};

use crate::StoreError;
use ficshelf_model::Rating;

/// What a backend does for readers' records.
///
/// Writes naming an account that does not exist fail with
/// [`StoreError::UnknownUser`] and change nothing.
pub trait ReaderStore: Send {
    // --- accounts ---

    /// Creates an account; [`StoreError::Taken`] when the name (compared by
    /// [`user_name_key`]) is already used.
    fn create_user(&mut self, user: &NewUser<'_>) -> Result<UserId, StoreError>;
    /// One account by id.
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// One account by name, compared by [`user_name_key`].
    fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError>;
    /// Every account, ordered by name key.
    fn users(&self) -> Result<Vec<User>, StoreError>;
    /// How many accounts there are.
    fn user_count(&self) -> Result<u64, StoreError>;
    /// Replaces the account's password hash.
    fn set_password_hash(&mut self, id: UserId, password_hash: &str) -> Result<(), StoreError>;
    /// Makes the account an administrator or not.
    fn set_admin(&mut self, id: UserId, admin: bool) -> Result<(), StoreError>;
    /// Sets the highest rating the reader may see (`None`: no limit).
    fn set_max_rating(&mut self, id: UserId, max_rating: Option<Rating>) -> Result<(), StoreError>;
    /// Replaces the reader's preferences.
    fn set_preferences(&mut self, id: UserId, preferences: &Preferences) -> Result<(), StoreError>;
    /// Deletes the account and every record of it; `false` if there was none.
    fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError>;

    // --- sessions ---

    /// Stores a new session (its token hash must be new).
    fn create_session(&mut self, session: &Session) -> Result<(), StoreError>;
    /// The session with this token hash, expired or not.
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;
    /// Records a use of the session and moves its expiry; `false` if there
    /// is no such session.
    fn touch_session(
        &mut self,
        token_hash: &str,
        last_seen_at: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError>;
    /// Ends one session; `false` if there was none.
    fn delete_session(&mut self, token_hash: &str) -> Result<bool, StoreError>;
    /// Ends every session of the account; returns how many there were.
    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64, StoreError>;
    /// Deletes sessions whose `expires_at` is at or before `now`; returns how many.
    fn delete_expired_sessions(&mut self, now: i64) -> Result<u64, StoreError>;
    /// The account's sessions, most recently seen first.
    fn user_sessions(&self, user: UserId) -> Result<Vec<Session>, StoreError>;

    // --- API tokens ---

    /// Stores a new token; [`StoreError::Taken`] when the reader already has
    /// one of that name.
    fn create_api_token(&mut self, token: &ApiToken) -> Result<(), StoreError>;
    /// The token with this hash.
    fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError>;
    /// The reader's tokens, by name.
    fn user_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError>;
    /// Records a use of the token; `false` if there is no such token.
    fn touch_api_token(&mut self, token_hash: &str, used_at: i64) -> Result<bool, StoreError>;
    /// Revokes the reader's token called `name`; `false` if there was none.
    fn delete_api_token(&mut self, user: UserId, name: &str) -> Result<bool, StoreError>;

    // --- KOReader ---

    /// Sets (or replaces) the hash of the reader's KOReader sync key.
    fn set_kosync_key(&mut self, user: UserId, key_hash: &str, at: i64) -> Result<(), StoreError>;
    /// The hash of the reader's KOReader sync key, if one is set.
    fn kosync_key(&self, user: UserId) -> Result<Option<String>, StoreError>;
    /// Records what a document hash is; a hash recorded again is replaced
    /// (the latest record wins).
    fn record_document(&mut self, record: &DocumentRecord) -> Result<(), StoreError>;
    /// What is known about a document hash.
    fn document(&self, document: &str) -> Result<Option<DocumentRecord>, StoreError>;
    /// Every document hash recorded as an export of the work, oldest first.
    fn work_documents(&self, work_id: &str) -> Result<Vec<DocumentRecord>, StoreError>;
    /// Stores the reader's KOReader position in a document (known or not),
    /// replacing the previous one.
    fn save_document_progress(&mut self, progress: &DocumentProgress) -> Result<(), StoreError>;
    /// The reader's KOReader position in a document.
    fn document_progress(
        &self,
        user: UserId,
        document: &str,
    ) -> Result<Option<DocumentProgress>, StoreError>;

    // --- reading positions ---

    /// Stores where the reader is in one chapter, replacing the previous
    /// position in that chapter.
    fn save_position(&mut self, position: &ReadingPosition) -> Result<(), StoreError>;
    /// The reader's positions in every chapter of a work, by chapter.
    fn work_positions(
        &self,
        user: UserId,
        work_id: &str,
    ) -> Result<Vec<ReadingPosition>, StoreError>;
    /// The most recently saved position of each work the reader has one in,
    /// newest first, at most `limit` works.
    fn recent_positions(
        &self,
        user: UserId,
        limit: usize,
    ) -> Result<Vec<ReadingPosition>, StoreError>;

    // --- history ---

    /// Counts a visit to the work, which had `chapters` chapters then: the
    /// first one creates the entry; each one replaces
    /// [`HistoryEntry::chapters_seen`].
    fn record_visit(
        &mut self,
        user: UserId,
        work_id: &str,
        chapters: u32,
        at: i64,
    ) -> Result<(), StoreError>;
    /// The reader's entry for one work.
    fn history_entry(
        &self,
        user: UserId,
        work_id: &str,
    ) -> Result<Option<HistoryEntry>, StoreError>;
    /// The reader's history, most recently viewed first.
    fn history(&self, user: UserId) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Marks chapter `chapter` of the work read or unread.
    fn set_chapter_read(
        &mut self,
        user: UserId,
        work_id: &str,
        chapter: u32,
        read: bool,
        at: i64,
    ) -> Result<(), StoreError>;
    /// Forgets the work in the reader's history, read chapters included;
    /// `false` if it was not there.
    fn delete_history_entry(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError>;

    // --- bookmarks and marked for later ---

    /// Creates or replaces the reader's bookmark of a work. Replacing keeps
    /// the first `created_at`.
    fn save_bookmark(&mut self, bookmark: &Bookmark) -> Result<(), StoreError>;
    /// The reader's bookmark of a work.
    fn bookmark(&self, user: UserId, work_id: &str) -> Result<Option<Bookmark>, StoreError>;
    /// The reader's bookmarks, most recently updated first.
    fn user_bookmarks(&self, user: UserId) -> Result<Vec<Bookmark>, StoreError>;
    /// Every reader's bookmark of a work, private ones included, oldest first.
    fn work_bookmarks(&self, work_id: &str) -> Result<Vec<Bookmark>, StoreError>;
    /// Deletes the reader's bookmark of a work; `false` if there was none.
    fn delete_bookmark(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError>;
    /// Marks the work for later; `false` if it already was (its time kept).
    fn mark_for_later(&mut self, user: UserId, work_id: &str, at: i64) -> Result<bool, StoreError>;
    /// Unmarks the work; `false` if it was not marked.
    fn unmark_for_later(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError>;
    /// The works marked for later, most recently marked first.
    fn marked_for_later(&self, user: UserId) -> Result<Vec<MarkedWork>, StoreError>;

    // --- mutes ---

    /// Adds a mute exactly as written; `false` if the reader already had it.
    fn add_mute(&mut self, user: UserId, mute: &Mute, at: i64) -> Result<bool, StoreError>;
    /// Removes a mute (compared exactly); `false` if the reader did not have it.
    fn remove_mute(&mut self, user: UserId, mute: &Mute) -> Result<bool, StoreError>;
    /// The reader's mutes, by kind then value.
    fn mutes(&self, user: UserId) -> Result<Vec<Mute>, StoreError>;
}
