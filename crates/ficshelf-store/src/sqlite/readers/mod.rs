//! [`ReaderStore`] for [`SqliteStore`]: readers' records in the same
//! database file as the works (migration `0005_readers.sql`).
//!
//! Inside: `accounts` (users, sessions, API tokens, KOReader keys),
//! `reading` (KOReader documents and progress, reading positions, history),
//! `shelf` (bookmarks, marked for later, mutes). Every write runs in one
//! IMMEDIATE transaction that first checks the account exists, so a write
//! for an unknown account fails with [`StoreError::UnknownUser`] and leaves
//! nothing behind.

mod accounts;
mod reading;
mod shelf;

use super::SqliteStore;
use crate::readers::{
    ApiToken, Bookmark, DocumentProgress, DocumentRecord, HistoryEntry, MarkedWork, Mute, NewUser,
    Preferences, ReaderStore, ReadingPosition, Session, User, UserId,
};
use crate::StoreError;
use ficshelf_model::Rating;
use rusqlite::{Connection, OptionalExtension, Params, Row, Transaction};

impl SqliteStore {
    /// [`SqliteStore::write`] for an account's records: fails with
    /// [`StoreError::UnknownUser`] when `user` does not exist.
    fn write_for<T>(
        &mut self,
        user: UserId,
        write: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write(|tx| {
            require_user(tx, user)?;
            write(tx)
        })
    }
}

/// Fails with [`StoreError::UnknownUser`] unless account `user` exists.
fn require_user(tx: &Transaction<'_>, user: UserId) -> Result<(), StoreError> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM users WHERE id = ?1")?
        .query_row([user.0], |row| row.get(0))
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::UnknownUser { id: user.0 }),
    }
}

/// Runs the query `sql` and decodes every row with `decode` (for decoders
/// that can find a value corrupt, which `query_map` cannot say).
fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    decode: impl Fn(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(row)?);
    }
    Ok(out)
}

/// A count of rows SQLite reports as `usize`, as the trait's `u64`.
fn count(rows: usize) -> u64 {
    u64::try_from(rows).unwrap_or(u64::MAX)
}

impl ReaderStore for SqliteStore {
    fn create_user(&mut self, user: &NewUser<'_>) -> Result<UserId, StoreError> {
        self.write(|tx| accounts::create_user(tx, user))
    }

    fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        accounts::user(&self.conn, id)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        accounts::user_by_name(&self.conn, name)
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        accounts::users(&self.conn)
    }

    fn user_count(&self) -> Result<u64, StoreError> {
        accounts::user_count(&self.conn)
    }

    fn set_password_hash(&mut self, id: UserId, password_hash: &str) -> Result<(), StoreError> {
        self.write_for(id, |tx| {
            accounts::set_user_column(tx, id, "password_hash", password_hash)
        })
    }

    fn set_admin(&mut self, id: UserId, admin: bool) -> Result<(), StoreError> {
        self.write_for(id, |tx| accounts::set_user_column(tx, id, "admin", admin))
    }

    fn set_max_rating(&mut self, id: UserId, max_rating: Option<Rating>) -> Result<(), StoreError> {
        let value = max_rating.map(Rating::as_str);
        self.write_for(id, |tx| {
            accounts::set_user_column(tx, id, "max_rating", value)
        })
    }

    fn set_preferences(&mut self, id: UserId, preferences: &Preferences) -> Result<(), StoreError> {
        let json = super::codec::to_json(preferences)?;
        self.write_for(id, |tx| {
            accounts::set_user_column(tx, id, "preferences", json)
        })
    }

    fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError> {
        self.write(|tx| accounts::delete_user(tx, id))
    }

    fn create_session(&mut self, session: &Session) -> Result<(), StoreError> {
        self.write_for(session.user, |tx| accounts::create_session(tx, session))
    }

    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        accounts::session(&self.conn, token_hash)
    }

    fn touch_session(
        &mut self,
        token_hash: &str,
        last_seen_at: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        self.write(|tx| accounts::touch_session(tx, token_hash, last_seen_at, expires_at))
    }

    fn delete_session(&mut self, token_hash: &str) -> Result<bool, StoreError> {
        self.write(|tx| accounts::delete_session(tx, token_hash))
    }

    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64, StoreError> {
        self.write(|tx| accounts::delete_user_sessions(tx, user))
    }

    fn delete_expired_sessions(&mut self, now: i64) -> Result<u64, StoreError> {
        self.write(|tx| accounts::delete_expired_sessions(tx, now))
    }

    fn user_sessions(&self, user: UserId) -> Result<Vec<Session>, StoreError> {
        accounts::user_sessions(&self.conn, user)
    }

    fn create_api_token(&mut self, token: &ApiToken) -> Result<(), StoreError> {
        self.write_for(token.user, |tx| accounts::create_api_token(tx, token))
    }

    fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        accounts::api_token(&self.conn, token_hash)
    }

    fn user_api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        accounts::user_api_tokens(&self.conn, user)
    }

    fn touch_api_token(&mut self, token_hash: &str, used_at: i64) -> Result<bool, StoreError> {
        self.write(|tx| accounts::touch_api_token(tx, token_hash, used_at))
    }

    fn delete_api_token(&mut self, user: UserId, name: &str) -> Result<bool, StoreError> {
        self.write(|tx| accounts::delete_api_token(tx, user, name))
    }

    fn set_kosync_key(&mut self, user: UserId, key_hash: &str, at: i64) -> Result<(), StoreError> {
        self.write_for(user, |tx| accounts::set_kosync_key(tx, user, key_hash, at))
    }

    fn kosync_key(&self, user: UserId) -> Result<Option<String>, StoreError> {
        accounts::kosync_key(&self.conn, user)
    }

    fn record_document(&mut self, record: &DocumentRecord) -> Result<(), StoreError> {
        self.write(|tx| reading::record_document(tx, record))
    }

    fn document(&self, document: &str) -> Result<Option<DocumentRecord>, StoreError> {
        reading::document(&self.conn, document)
    }

    fn work_documents(&self, work_id: &str) -> Result<Vec<DocumentRecord>, StoreError> {
        reading::work_documents(&self.conn, work_id)
    }

    fn save_document_progress(&mut self, progress: &DocumentProgress) -> Result<(), StoreError> {
        self.write_for(progress.user, |tx| {
            reading::save_document_progress(tx, progress)
        })
    }

    fn document_progress(
        &self,
        user: UserId,
        document: &str,
    ) -> Result<Option<DocumentProgress>, StoreError> {
        reading::document_progress(&self.conn, user, document)
    }

    fn save_position(&mut self, position: &ReadingPosition) -> Result<(), StoreError> {
        self.write_for(position.user, |tx| reading::save_position(tx, position))
    }

    fn work_positions(
        &self,
        user: UserId,
        work_id: &str,
    ) -> Result<Vec<ReadingPosition>, StoreError> {
        reading::work_positions(&self.conn, user, work_id)
    }

    fn recent_positions(
        &self,
        user: UserId,
        limit: usize,
    ) -> Result<Vec<ReadingPosition>, StoreError> {
        reading::recent_positions(&self.conn, user, limit)
    }

    fn record_visit(
        &mut self,
        user: UserId,
        work_id: &str,
        chapters: u32,
        at: i64,
    ) -> Result<(), StoreError> {
        self.write_for(user, |tx| {
            reading::record_visit(tx, user, work_id, chapters, at)
        })
    }

    fn history_entry(
        &self,
        user: UserId,
        work_id: &str,
    ) -> Result<Option<HistoryEntry>, StoreError> {
        reading::history_entry(&self.conn, user, work_id)
    }

    fn history(&self, user: UserId) -> Result<Vec<HistoryEntry>, StoreError> {
        reading::history(&self.conn, user)
    }

    fn set_chapter_read(
        &mut self,
        user: UserId,
        work_id: &str,
        chapter: u32,
        read: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        self.write_for(user, |tx| {
            reading::set_chapter_read(tx, user, work_id, chapter, read, at)
        })
    }

    fn delete_history_entry(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError> {
        self.write(|tx| reading::delete_history_entry(tx, user, work_id))
    }

    fn save_bookmark(&mut self, bookmark: &Bookmark) -> Result<(), StoreError> {
        self.write_for(bookmark.user, |tx| shelf::save_bookmark(tx, bookmark))
    }

    fn bookmark(&self, user: UserId, work_id: &str) -> Result<Option<Bookmark>, StoreError> {
        shelf::bookmark(&self.conn, user, work_id)
    }

    fn user_bookmarks(&self, user: UserId) -> Result<Vec<Bookmark>, StoreError> {
        shelf::user_bookmarks(&self.conn, user)
    }

    fn work_bookmarks(&self, work_id: &str) -> Result<Vec<Bookmark>, StoreError> {
        shelf::work_bookmarks(&self.conn, work_id)
    }

    fn delete_bookmark(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError> {
        self.write(|tx| shelf::delete_bookmark(tx, user, work_id))
    }

    fn mark_for_later(&mut self, user: UserId, work_id: &str, at: i64) -> Result<bool, StoreError> {
        self.write_for(user, |tx| shelf::mark_for_later(tx, user, work_id, at))
    }

    fn unmark_for_later(&mut self, user: UserId, work_id: &str) -> Result<bool, StoreError> {
        self.write(|tx| shelf::unmark_for_later(tx, user, work_id))
    }

    fn marked_for_later(&self, user: UserId) -> Result<Vec<MarkedWork>, StoreError> {
        shelf::marked_for_later(&self.conn, user)
    }

    fn add_mute(&mut self, user: UserId, mute: &Mute, at: i64) -> Result<bool, StoreError> {
        self.write_for(user, |tx| shelf::add_mute(tx, user, mute, at))
    }

    fn remove_mute(&mut self, user: UserId, mute: &Mute) -> Result<bool, StoreError> {
        self.write(|tx| shelf::remove_mute(tx, user, mute))
    }

    fn mutes(&self, user: UserId) -> Result<Vec<Mute>, StoreError> {
        shelf::mutes(&self.conn, user)
    }
}
