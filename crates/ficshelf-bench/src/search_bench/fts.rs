//! The SQLite FTS5 peer, built the way a typical app would: a `works`
//! table, a `work_tags` table with an index per lookup direction, and one
//! FTS5 table (default `unicode61` tokenizer, no stemming) over title,
//! summary, tags and story text whose rowid is the work's. A search is a
//! count, a page (`ORDER BY bm25()` or a column, `LIMIT`/`OFFSET`) and one
//! `GROUP BY` per facet, every statement repeating the same `WHERE`
//! (FTS5 `MATCH`, `IN` for ratings, `EXISTS`/`NOT EXISTS` for tags).

use super::data::Doc;
use super::queries::{Query, PAGE};
use anyhow::{Context, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use std::path::Path;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE works (
    id INTEGER PRIMARY KEY,
    work_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    rating TEXT NOT NULL,
    words INTEGER NOT NULL,
    updated TEXT,
    status TEXT,
    language TEXT
);
CREATE TABLE work_tags (
    work_id INTEGER NOT NULL REFERENCES works(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE
);
CREATE VIRTUAL TABLE works_fts USING fts5(title, summary, tags, body);
";

/// Indexes created after the bulk load, as an app's migration would.
const INDEXES: &str = "
CREATE INDEX works_rating ON works(rating);
CREATE INDEX works_updated ON works(updated, id);
CREATE INDEX work_tags_by_name ON work_tags(kind, name, work_id);
CREATE INDEX work_tags_by_work ON work_tags(work_id, kind, name);
ANALYZE;
";

/// The top-N facets, with their tag kind.
const TOP_FACETS: [&str; 3] = ["fandom", "relationship", "character"];

/// What one FTS5 search returned.
#[derive(Debug)]
pub struct FtsResults {
    pub total: u64,
    pub page: Vec<i64>,
    pub facet_rows: usize,
}

/// An FTS5 database file.
pub struct Fts {
    conn: Connection,
}

/// An FTS5 database being loaded, one work at a time, in one transaction.
pub struct FtsLoader {
    conn: Connection,
    next_id: i64,
}

impl FtsLoader {
    /// Adds one work (rowid = the order of adding, from 1).
    pub fn add(&mut self, doc: &Doc) -> Result<()> {
        let id = self.next_id;
        self.next_id += 1;
        self.conn
            .prepare_cached(
                "INSERT INTO works (id, work_id, title, rating, words, updated, status, language)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                id,
                doc.work_id,
                doc.title,
                doc.rating,
                doc.words as i64,
                doc.updated,
                doc.status,
                doc.language
            ])?;
        let mut tag = self
            .conn
            .prepare_cached("INSERT INTO work_tags (work_id, kind, name) VALUES (?, ?, ?)")?;
        for (kind, name) in &doc.tags {
            tag.execute(params![id, kind, name])?;
        }
        let body = doc.chapters.join("\n\n");
        self.conn
            .prepare_cached(
                "INSERT INTO works_fts (rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)",
            )?
            .execute(params![id, doc.title, doc.summary, doc.tags_text(), body])?;
        Ok(())
    }

    /// Commits the load, then creates the indexes and runs `ANALYZE`.
    pub fn finish(self) -> Result<Fts> {
        self.conn
            .execute_batch("COMMIT")
            .context("cannot commit the FTS5 load")?;
        self.conn
            .execute_batch(INDEXES)
            .context("cannot index the FTS5 tables")?;
        Ok(Fts { conn: self.conn })
    }
}

impl Fts {
    /// Creates `path` with the schema and opens the load's transaction.
    pub fn create(path: &Path) -> Result<FtsLoader> {
        let conn =
            Connection::open(path).with_context(|| format!("cannot create {}", path.display()))?;
        conn.execute_batch(SCHEMA)
            .context("cannot create the FTS5 schema")?;
        conn.execute_batch("BEGIN")
            .context("cannot start the FTS5 load")?;
        Ok(FtsLoader { conn, next_id: 1 })
    }

    /// Opens an existing database read-only (a scale run's `--fts5`).
    pub fn open_read_only(path: &Path) -> Result<Fts> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(Fts { conn })
    }

    /// Creates `path` and loads every work in one transaction.
    pub fn load(path: &Path, docs: &[Doc]) -> Result<Fts> {
        let mut loader = Fts::create(path)?;
        for doc in docs {
            loader.add(doc)?;
        }
        loader.finish()
    }

    /// Runs `query`: count, page and (if asked) facets.
    pub fn search(&self, query: &Query, facets: bool) -> Result<FtsResults> {
        let (from_where, params) = from_where(query);
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {from_where}"))?
            .query_row(params_from_iter(params.iter()), |row| row.get(0))?;
        let order = if query.fts_match.is_some() {
            "bm25(works_fts, 3.0, 1.5, 2.0, 1.0), w.id"
        } else {
            "w.updated DESC, w.id"
        };
        let page_sql = format!(
            "SELECT w.id, w.title {from_where} ORDER BY {order} LIMIT {PAGE} OFFSET {}",
            query.offset
        );
        let mut page_stmt = self.conn.prepare_cached(&page_sql)?;
        let page = page_stmt
            .query_map(params_from_iter(params.iter()), |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let mut facet_rows = 0;
        if facets {
            let ratings = format!("SELECT w.rating, count(*) {from_where} GROUP BY w.rating");
            facet_rows += self.count_rows(&ratings, &params)?;
            facet_rows += self.count_rows(&tag_facet_sql("warning", &from_where, None), &params)?;
            for kind in TOP_FACETS {
                facet_rows +=
                    self.count_rows(&tag_facet_sql(kind, &from_where, Some(10)), &params)?;
            }
        }
        Ok(FtsResults {
            total: total as u64,
            page,
            facet_rows,
        })
    }

    fn count_rows(&self, sql: &str, params: &[Value]) -> Result<usize> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.len())
    }
}

/// Counts of one tag kind over the matching works, most frequent first.
fn tag_facet_sql(kind: &str, from_where: &str, top: Option<usize>) -> String {
    let limit = top.map_or(String::new(), |n| format!(" LIMIT {n}"));
    format!(
        "SELECT t.name, count(*) AS n FROM work_tags t
         WHERE t.kind = '{kind}' AND t.work_id IN (SELECT w.id {from_where})
         GROUP BY t.name ORDER BY n DESC, t.name{limit}"
    )
}

/// `FROM … WHERE …` selecting the matching works as `w`, and its parameters.
fn from_where(query: &Query) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM works w");
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(text) = &query.fts_match {
        sql.push_str(" JOIN works_fts ON works_fts.rowid = w.id");
        conditions.push("works_fts MATCH ?".to_string());
        params.push(Value::Text(text.clone()));
    }
    if !query.ratings.is_empty() {
        let marks = vec!["?"; query.ratings.len()].join(", ");
        conditions.push(format!("w.rating IN ({marks})"));
        params.extend(query.ratings.iter().map(|r| Value::Text(r.to_string())));
    }
    for tag in &query.tags {
        let not = if tag.exclude { "NOT " } else { "" };
        conditions.push(format!(
            "{not}EXISTS (SELECT 1 FROM work_tags t WHERE t.work_id = w.id AND t.kind = ? AND t.name = ?)"
        ));
        params.push(Value::Text(tag.kind.to_string()));
        params.push(Value::Text(tag.name.clone()));
    }
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    (sql, params)
}
