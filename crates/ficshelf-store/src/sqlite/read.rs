//! Queries: works with their chapter lists, bodies, sources, lookups.
//!
//! Works are read with a fixed number of queries whatever their number (all
//! works, then all tags, sources and chapters, joined up in memory), so a
//! listing of the whole library costs four statements.

use super::codec::{decode_rating, decode_status, from_json, get_u64, TagKind};
use crate::{ChapterKey, StoreError, StoredSource, StoredWork};
use ficshelf_model::{Chapter, ChapterBody, Notes, Source, Work};
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;

/// The source stored at `path`, if any.
pub(super) fn source(conn: &Connection, path: &str) -> Result<Option<StoredSource>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT work_id, sha256 FROM sources WHERE path = ?1")?;
    let found = stmt
        .query_row([path], |row| Ok((row.get::<_, i64>(0)?, row.get(1)?)))
        .optional()?;
    Ok(found.map(|(work_id, sha256)| StoredSource {
        work_id: work_id.to_string(),
        sha256,
    }))
}

/// The id of the work with this identity key or alias, if any.
pub(super) fn work_by_identity(conn: &Connection, key: &str) -> Result<Option<i64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM works WHERE identity_key = ?1")?;
    if let Some(id) = stmt.query_row([key], |row| row.get(0)).optional()? {
        return Ok(Some(id));
    }
    let mut stmt = conn.prepare_cached("SELECT work_id FROM work_aliases WHERE key = ?1")?;
    Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
}

/// The aliases of work `id`, sorted.
pub(super) fn aliases(conn: &Connection, id: i64) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT key FROM work_aliases WHERE work_id = ?1 ORDER BY key")?;
    let keys = stmt.query_map([id], |row| row.get(0))?;
    Ok(keys.collect::<Result<_, _>>()?)
}

/// Every signature with its work id, by id.
pub(super) fn signatures(conn: &Connection) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT work_id, signature FROM work_signatures ORDER BY work_id")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, i64>(0)?.to_string(), row.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn work_count(conn: &Connection) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT COUNT(*) FROM works")?;
    let count = stmt.query_row([], |row| row.get::<_, i64>(0))?;
    u64::try_from(count).map_err(|_| StoreError::Corrupt {
        column: "COUNT(works)",
        detail: format!("negative count {count}"),
    })
}

/// The text of chapter `number` of work `id`.
pub(super) fn chapter_body(
    conn: &Connection,
    id: i64,
    number: u32,
) -> Result<Option<ChapterBody>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.body FROM chapters c JOIN texts t ON t.sha256 = c.text_sha256
         WHERE c.work_id = ?1 AND c.number = ?2",
    )?;
    let text: Option<String> = stmt.query_row((id, number), |row| row.get(0)).optional()?;
    text.map(|t| from_json(&t, "texts.body")).transpose()
}

/// The four statements that read works, for every work, for one or for a
/// list.
struct Queries {
    works: &'static str,
    tags: &'static str,
    sources: &'static str,
    chapters: &'static str,
}

/// Builds the all-works, one-work and listed-works forms of a `SELECT`
/// from shared parts (the list: a JSON array of ids, see [`Works::Listed`]).
macro_rules! scoped {
    ($select:literal, $key:literal, $order:literal) => {
        (
            concat!($select, " ORDER BY ", $order),
            concat!($select, " WHERE ", $key, " = ?1 ORDER BY ", $order),
            concat!(
                $select,
                " WHERE ",
                $key,
                " IN (SELECT value FROM json_each(?1)) ORDER BY ",
                $order
            ),
        )
    };
}

const WORKS: (&str, &str, &str) = scoped!(
    "SELECT id, identity_key, title, title_inferred, rating, rating_original, language,
        summary, disclaimer, notes_begin, notes_end, status, words, published, updated,
        fields, suggested
     FROM works",
    "id",
    "id"
);
const TAGS: (&str, &str, &str) = scoped!(
    "SELECT work_id, kind, name FROM work_tags",
    "work_id",
    "work_id, kind, position"
);
const SOURCES: (&str, &str, &str) = scoped!(
    "SELECT work_id, path, sha256, bytes FROM sources",
    "work_id",
    "work_id, position"
);
const CHAPTERS: (&str, &str, &str) = scoped!(
    "SELECT work_id, number, title, words, notes_begin, notes_end,
        source_path, source_index, stated_number, sources, text_sha256
     FROM chapters",
    "work_id",
    "work_id, number"
);

const ALL: Queries = Queries {
    works: WORKS.0,
    tags: TAGS.0,
    sources: SOURCES.0,
    chapters: CHAPTERS.0,
};
const ONE: Queries = Queries {
    works: WORKS.1,
    tags: TAGS.1,
    sources: SOURCES.1,
    chapters: CHAPTERS.1,
};
const LISTED: Queries = Queries {
    works: WORKS.2,
    tags: TAGS.2,
    sources: SOURCES.2,
    chapters: CHAPTERS.2,
};

/// Which works [`load_works`] reads.
pub(super) enum Works<'a> {
    All,
    One(i64),
    /// The ids in a JSON array (`[3,1,2]`): one set of queries for them all.
    Listed(&'a str),
}

/// Reads the works `which` names, ordered by id.
///
/// Call inside a transaction so that the four queries see one state.
pub(super) fn load_works(
    conn: &Connection,
    which: Works<'_>,
) -> Result<Vec<StoredWork>, StoreError> {
    let (queries, params): (&Queries, &[&dyn rusqlite::ToSql]) = match &which {
        Works::All => (&ALL, &[]),
        Works::One(id) => (&ONE, &[id as &dyn rusqlite::ToSql]),
        Works::Listed(ids) => (&LISTED, &[ids as &dyn rusqlite::ToSql]),
    };

    let mut works = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare_cached(queries.works)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let (id, stored) = work_row(row)?;
        index.insert(id, works.len());
        works.push(stored);
    }
    if works.is_empty() {
        return Ok(works);
    }
    // With foreign keys on and all four queries in one transaction, every
    // row below belongs to a work read above.
    let of = |work_id: i64, column: &'static str| {
        index.get(&work_id).copied().ok_or(StoreError::Corrupt {
            column,
            detail: format!("row of missing work {work_id}"),
        })
    };

    let mut stmt = conn.prepare_cached(queries.tags)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let at = of(row.get(0)?, "work_tags.work_id")?;
        let kind = TagKind::decode(&row.get::<_, String>(1)?)?;
        kind.list_mut(&mut works[at].work).push(row.get(2)?);
    }

    let mut stmt = conn.prepare_cached(queries.sources)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let at = of(row.get(0)?, "sources.work_id")?;
        let source = Source {
            path: row.get(1)?,
            sha256: row.get(2)?,
            bytes: get_u64(row, 3, "sources.bytes")?,
        };
        works[at].work.sources.push(source.path.clone());
        works[at].sources.push(source);
    }

    let mut stmt = conn.prepare_cached(queries.chapters)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let at = of(row.get(0)?, "chapters.work_id")?;
        let (chapter, key) = chapter_row(row)?;
        works[at].work.chapters.push(chapter);
        works[at].chapter_keys.push(key);
        works[at].texts.push(row.get(10)?);
    }
    Ok(works)
}

/// One row of [`WORKS`], with empty lists for what other tables hold.
fn work_row(row: &Row<'_>) -> Result<(i64, StoredWork), StoreError> {
    let id: i64 = row.get(0)?;
    let mut work = Work::new(id.to_string(), row.get::<_, String>(2)?);
    work.title_inferred = row.get(3)?;
    work.rating = decode_rating(&row.get::<_, String>(4)?)?;
    work.rating_original = row.get(5)?;
    work.language = row.get(6)?;
    work.summary = row.get(7)?;
    work.disclaimer = row.get(8)?;
    work.notes = Notes {
        begin: row.get(9)?,
        end: row.get(10)?,
    };
    work.status = decode_status(row.get::<_, Option<String>>(11)?.as_deref())?;
    work.words = get_u64(row, 12, "works.words")?;
    work.published = row.get(13)?;
    work.updated = row.get(14)?;
    work.fields = from_json(&row.get::<_, String>(15)?, "works.fields")?;
    work.suggested = from_json(&row.get::<_, String>(16)?, "works.suggested")?;
    let stored = StoredWork {
        work,
        identity_key: row.get(1)?,
        sources: Vec::new(),
        chapter_keys: Vec::new(),
        texts: Vec::new(),
    };
    Ok((id, stored))
}

/// One row of [`CHAPTERS`].
fn chapter_row(row: &Row<'_>) -> Result<(Chapter, ChapterKey), StoreError> {
    let key = ChapterKey {
        source: row.get(6)?,
        index: row.get(7)?,
        stated_number: row.get(8)?,
    };
    let sources = match row.get::<_, Option<String>>(9)? {
        Some(json) => from_json(&json, "chapters.sources")?,
        None => vec![key.source.clone()],
    };
    let chapter = Chapter {
        number: row.get(1)?,
        title: row.get(2)?,
        words: get_u64(row, 3, "chapters.words")?,
        notes: Notes {
            begin: row.get(4)?,
            end: row.get(5)?,
        },
        sources,
    };
    Ok((chapter, key))
}

/// The sequence number of the latest change, 0 when there is none.
pub(super) fn last_change(conn: &Connection) -> Result<u64, StoreError> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM changes")?
        .query_row([], |row| row.get(0))?;
    Ok(seq.map_or(0, |s| s.max(0) as u64))
}

/// Ids of works changed after `seq`, each once, in id order.
pub(super) fn changed_since(conn: &Connection, seq: u64) -> Result<Vec<String>, StoreError> {
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT DISTINCT work_id FROM changes WHERE seq > ?1 ORDER BY work_id")?
        .query_map([seq], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids.into_iter().map(|id| id.to_string()).collect())
}
