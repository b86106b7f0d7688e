//! Bookmarks (with their tags), marked for later, mutes.

use crate::readers::{Bookmark, MarkedWork, Mute, MuteKind, UserId};
use crate::StoreError;
use rusqlite::{Connection, Transaction};

pub(super) fn save_bookmark(tx: &Transaction<'_>, bookmark: &Bookmark) -> Result<(), StoreError> {
    let user = bookmark.user.0;
    tx.prepare_cached(
        "INSERT INTO bookmarks (user_id, work_id, notes, private, rec, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (user_id, work_id) DO UPDATE SET notes = excluded.notes,
             private = excluded.private, rec = excluded.rec, updated_at = excluded.updated_at",
    )?
    .execute((
        user,
        &bookmark.work_id,
        &bookmark.notes,
        bookmark.private,
        bookmark.rec,
        bookmark.created_at,
        bookmark.updated_at,
    ))?;
    tx.prepare_cached("DELETE FROM bookmark_tags WHERE user_id = ?1 AND work_id = ?2")?
        .execute((user, &bookmark.work_id))?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO bookmark_tags (user_id, work_id, position, tag) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, tag) in (0i64..).zip(&bookmark.tags) {
        insert.execute((user, &bookmark.work_id, position, tag))?;
    }
    Ok(())
}

fn bookmark_tags(conn: &Connection, user: i64, work_id: &str) -> Result<Vec<String>, StoreError> {
    let tags = conn
        .prepare_cached(
            "SELECT tag FROM bookmark_tags WHERE user_id = ?1 AND work_id = ?2 ORDER BY position",
        )?
        .query_map((user, work_id), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(tags)
}

fn query_bookmarks(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Bookmark>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT user_id, work_id, notes, private, rec, created_at, updated_at FROM bookmarks {filter}"
    ))?;
    let rows = statement.query_map(params, |row| {
        Ok(Bookmark {
            user: UserId(row.get(0)?),
            work_id: row.get(1)?,
            notes: row.get(2)?,
            private: row.get(3)?,
            rec: row.get(4)?,
            tags: Vec::new(),
            created_at: row.get(5)?,
            updated_at: row.get(6)?,
        })
    })?;
    let mut bookmarks = Vec::new();
    for row in rows {
        let mut bookmark = row?;
        bookmark.tags = bookmark_tags(conn, bookmark.user.0, &bookmark.work_id)?;
        bookmarks.push(bookmark);
    }
    Ok(bookmarks)
}

pub(super) fn bookmark(
    conn: &Connection,
    user: UserId,
    work_id: &str,
) -> Result<Option<Bookmark>, StoreError> {
    Ok(query_bookmarks(
        conn,
        "WHERE user_id = ?1 AND work_id = ?2",
        (user.0, work_id),
    )?
    .pop())
}

pub(super) fn user_bookmarks(conn: &Connection, user: UserId) -> Result<Vec<Bookmark>, StoreError> {
    query_bookmarks(
        conn,
        "WHERE user_id = ?1 ORDER BY updated_at DESC, work_id",
        [user.0],
    )
}

pub(super) fn work_bookmarks(
    conn: &Connection,
    work_id: &str,
) -> Result<Vec<Bookmark>, StoreError> {
    query_bookmarks(
        conn,
        "WHERE work_id = ?1 ORDER BY created_at, user_id",
        [work_id],
    )
}

pub(super) fn delete_bookmark(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
) -> Result<bool, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM bookmarks WHERE user_id = ?1 AND work_id = ?2")?
        .execute((user.0, work_id))?;
    Ok(deleted > 0)
}

pub(super) fn mark_for_later(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let added = tx
        .prepare_cached(
            "INSERT INTO marked_for_later (user_id, work_id, marked_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (user_id, work_id) DO NOTHING",
        )?
        .execute((user.0, work_id, at))?;
    Ok(added > 0)
}

pub(super) fn unmark_for_later(
    tx: &Transaction<'_>,
    user: UserId,
    work_id: &str,
) -> Result<bool, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM marked_for_later WHERE user_id = ?1 AND work_id = ?2")?
        .execute((user.0, work_id))?;
    Ok(deleted > 0)
}

pub(super) fn marked_for_later(
    conn: &Connection,
    user: UserId,
) -> Result<Vec<MarkedWork>, StoreError> {
    let marked = conn
        .prepare_cached(
            "SELECT work_id, marked_at FROM marked_for_later WHERE user_id = ?1
             ORDER BY marked_at DESC, work_id",
        )?
        .query_map([user.0], |row| {
            Ok(MarkedWork {
                work_id: row.get(0)?,
                marked_at: row.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(marked)
}

pub(super) fn add_mute(
    tx: &Transaction<'_>,
    user: UserId,
    mute: &Mute,
    at: i64,
) -> Result<bool, StoreError> {
    let added = tx
        .prepare_cached(
            "INSERT INTO mutes (user_id, kind, value, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, kind, value) DO NOTHING",
        )?
        .execute((user.0, mute.kind.as_str(), &mute.value, at))?;
    Ok(added > 0)
}

pub(super) fn remove_mute(
    tx: &Transaction<'_>,
    user: UserId,
    mute: &Mute,
) -> Result<bool, StoreError> {
    let deleted = tx
        .prepare_cached("DELETE FROM mutes WHERE user_id = ?1 AND kind = ?2 AND value = ?3")?
        .execute((user.0, mute.kind.as_str(), &mute.value))?;
    Ok(deleted > 0)
}

pub(super) fn mutes(conn: &Connection, user: UserId) -> Result<Vec<Mute>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT kind, value FROM mutes WHERE user_id = ?1")?;
    let rows = statement.query_map([user.0], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut mutes = Vec::new();
    for row in rows {
        let (kind, value) = row?;
        let kind = MuteKind::from_name(&kind).ok_or_else(|| StoreError::Corrupt {
            column: "mutes.kind",
            detail: format!("unknown kind {kind:?}"),
        })?;
        mutes.push(Mute { kind, value });
    }
    // By kind in its display order, then value: the order `Mute` sorts in.
    mutes.sort();
    Ok(mutes)
}

#[cfg(test)]
mod tests {
    use crate::readers::{MuteKind, NewUser, Preferences, ReaderStore};
    use crate::SqliteStore;

    #[test]
    fn an_unknown_mute_kind_is_corrupt() {
        let mut store = SqliteStore::open_in_memory().expect("open");
        let prefs = Preferences::default();
        let id = store
            .create_user(&NewUser {
                name: "Ines",
                password_hash: "opaque",
                admin: false,
                max_rating: None,
                preferences: &prefs,
                created_at: 1,
            })
            .expect("create");
        store
            .conn
            .execute_batch("PRAGMA ignore_check_constraints = ON")
            .expect("pragma");
        store
            .conn
            .execute(
                "INSERT INTO mutes (user_id, kind, value, created_at) VALUES (?1, 'planet', 'x', 1)",
                [id.0],
            )
            .expect("insert");
        let err = store.mutes(id).expect_err("corrupt kind");
        assert!(err.to_string().contains("mutes.kind"), "{err}");
        assert!(MuteKind::from_name("planet").is_none());
    }
}
