//! Accounts, sessions, API tokens and KOReader keys.

use super::{collect, count};
use crate::readers::{user_name_key, ApiToken, NewUser, Session, User, UserId};
use crate::sqlite::codec::{from_json, to_json};
use crate::StoreError;
use ficshelf_model::Rating;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction};

const USER_COLUMNS: &str =
    "id, name, password_hash, admin, max_rating, preferences, created_at FROM users";

pub(super) fn create_user(tx: &Transaction<'_>, user: &NewUser<'_>) -> Result<UserId, StoreError> {
    let key = user_name_key(user.name);
    let taken: Option<i64> = tx
        .prepare_cached("SELECT id FROM users WHERE name_key = ?1")?
        .query_row([&key], |row| row.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::NameTaken {
            what: "user name",
            value: user.name.to_string(),
        });
    }
    tx.prepare_cached(
        "INSERT INTO users (name, name_key, password_hash, admin, max_rating, preferences, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        user.name,
        &key,
        user.password_hash,
        user.admin,
        user.max_rating.map(Rating::as_str),
        to_json(user.preferences)?,
        user.created_at,
    ))?;
    Ok(UserId(tx.last_insert_rowid()))
}

fn user_from_row(row: &Row<'_>) -> Result<User, StoreError> {
    let max_rating: Option<String> = row.get(4)?;
    let max_rating = max_rating
        .map(|value| {
            Rating::from_machine_name(&value).ok_or_else(|| StoreError::Corrupt {
                column: "users.max_rating",
                detail: format!("unknown rating {value:?}"),
            })
        })
        .transpose()?;
    let preferences: String = row.get(5)?;
    Ok(User {
        id: UserId(row.get(0)?),
        name: row.get(1)?,
        password_hash: row.get(2)?,
        admin: row.get(3)?,
        max_rating,
        preferences: from_json(&preferences, "users.preferences")?,
        created_at: row.get(6)?,
    })
}

fn query_users(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<User>, StoreError> {
    collect(
        conn,
        &format!("SELECT {USER_COLUMNS} {filter}"),
        params,
        user_from_row,
    )
}

pub(super) fn user(conn: &Connection, id: UserId) -> Result<Option<User>, StoreError> {
    Ok(query_users(conn, "WHERE id = ?1", [id.0])?.pop())
}

pub(super) fn user_by_name(conn: &Connection, name: &str) -> Result<Option<User>, StoreError> {
    Ok(query_users(conn, "WHERE name_key = ?1", [user_name_key(name)])?.pop())
}

pub(super) fn users(conn: &Connection) -> Result<Vec<User>, StoreError> {
    query_users(conn, "ORDER BY name_key", [])
}

pub(super) fn user_count(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM users")?
        .query_row([], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Sets one column of the account's row; `column` is one of this module's
/// own names, never input.
pub(super) fn set_user_column(
    tx: &Transaction<'_>,
    id: UserId,
    column: &'static str,
    value: impl ToSql,
) -> Result<(), StoreError> {
    tx.prepare_cached(&format!("UPDATE users SET {column} = ?2 WHERE id = ?1"))?
        .execute((id.0, value))?;
    Ok(())
}

pub(super) fn delete_user(tx: &Transaction<'_>, id: UserId) -> Result<bool, StoreError> {
    // Bookmark tags hang off bookmarks, not users: the cascade reaches them
    // through the bookmarks it deletes.
    let deleted = tx
        .prepare_cached("DELETE FROM users WHERE id = ?1")?
        .execute([id.0])?;
    Ok(deleted > 0)
}

pub(super) fn create_session(tx: &Transaction<'_>, session: &Session) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        &session.token_hash,
        session.user.0,
        session.created_at,
        session.expires_at,
        session.last_seen_at,
        &session.client,
    ))?;
    Ok(())
}

const SESSION_COLUMNS: &str =
    "token_hash, user_id, created_at, expires_at, last_seen_at, client FROM sessions";

fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        token_hash: row.get(0)?,
        user: UserId(row.get(1)?),
        created_at: row.get(2)?,
        expires_at: row.get(3)?,
        last_seen_at: row.get(4)?,
        client: row.get(5)?,
    })
}

pub(super) fn session(conn: &Connection, token_hash: &str) -> Result<Option<Session>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SESSION_COLUMNS} WHERE token_hash = ?1"))?
        .query_row([token_hash], session_from_row)
        .optional()?)
}

pub(super) fn touch_session(
    tx: &Transaction<'_>,
    token_hash: &str,
    last_seen_at: i64,
    expires_at: i64,
) -> Result<bool, StoreError> {
    let changed = tx
        .prepare_cached(
            "UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1",
        )?
        .execute((token_hash, last_seen_at, expires_at))?;
    Ok(changed > 0)
}

pub(super) fn delete_session(tx: &Transaction<'_>, token_hash: &str) -> Result<bool, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(deleted > 0)
}

pub(super) fn delete_user_sessions(tx: &Transaction<'_>, user: UserId) -> Result<u64, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM sessions WHERE user_id = ?1")?
        .execute([user.0])?;
    Ok(count(deleted))
}

pub(super) fn delete_expired_sessions(tx: &Transaction<'_>, now: i64) -> Result<u64, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?
        .execute([now])?;
    Ok(count(deleted))
}

pub(super) fn user_sessions(conn: &Connection, user: UserId) -> Result<Vec<Session>, StoreError> {
    let sessions = conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} WHERE user_id = ?1 ORDER BY last_seen_at DESC, token_hash"
        ))?
        .query_map([user.0], session_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(sessions)
}

pub(super) fn create_api_token(tx: &Transaction<'_>, token: &ApiToken) -> Result<(), StoreError> {
    let taken: Option<String> = tx
        .prepare_cached("SELECT token_hash FROM api_tokens WHERE user_id = ?1 AND name = ?2")?
        .query_row((token.user.0, &token.name), |row| row.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::NameTaken {
            what: "token name",
            value: token.name.clone(),
        });
    }
    tx.prepare_cached(
        "INSERT INTO api_tokens (token_hash, user_id, name, created_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((
        &token.token_hash,
        token.user.0,
        &token.name,
        token.created_at,
        token.last_used_at,
    ))?;
    Ok(())
}

const TOKEN_COLUMNS: &str = "token_hash, user_id, name, created_at, last_used_at FROM api_tokens";

fn token_from_row(row: &Row<'_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        token_hash: row.get(0)?,
        user: UserId(row.get(1)?),
        name: row.get(2)?,
        created_at: row.get(3)?,
        last_used_at: row.get(4)?,
    })
}

pub(super) fn api_token(
    conn: &Connection,
    token_hash: &str,
) -> Result<Option<ApiToken>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TOKEN_COLUMNS} WHERE token_hash = ?1"))?
        .query_row([token_hash], token_from_row)
        .optional()?)
}

pub(super) fn user_api_tokens(
    conn: &Connection,
    user: UserId,
) -> Result<Vec<ApiToken>, StoreError> {
    let tokens = conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} WHERE user_id = ?1 ORDER BY name"
        ))?
        .query_map([user.0], token_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(tokens)
}

pub(super) fn touch_api_token(
    tx: &Transaction<'_>,
    token_hash: &str,
    used_at: i64,
) -> Result<bool, StoreError> {
    let changed = tx
        .prepare_cached("UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1")?
        .execute((token_hash, used_at))?;
    Ok(changed > 0)
}

pub(super) fn delete_api_token(
    tx: &Transaction<'_>,
    user: UserId,
    name: &str,
) -> Result<bool, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM api_tokens WHERE user_id = ?1 AND name = ?2")?
        .execute((user.0, name))?;
    Ok(deleted > 0)
}

pub(super) fn set_kosync_key(
    tx: &Transaction<'_>,
    user: UserId,
    key_hash: &str,
    at: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO kosync_keys (user_id, key_hash, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id) DO UPDATE
             SET key_hash = excluded.key_hash, created_at = excluded.created_at",
    )?
    .execute((user.0, key_hash, at))?;
    Ok(())
}

pub(super) fn kosync_key(conn: &Connection, user: UserId) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT key_hash FROM kosync_keys WHERE user_id = ?1")?
        .query_row([user.0], |row| row.get(0))
        .optional()?)
}
