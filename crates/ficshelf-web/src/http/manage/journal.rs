//! The journal from the browser: `GET /admin/history` (every operation,
//! newest first; `?work=ID` only those that touched a work) and
//! `POST /admin/history` (`op` = an operation id: undo it, as `ficshelf
//! undo` does, or see the reason it is refused); `GET /admin/trash` and
//! `POST /admin/trash` (`id`: restore that work, as `ficshelf restore`).

use super::{act_then, admin_access, field, refusal, required, when, Frame};
use crate::http::auth::CurrentReader;
use crate::http::respond::{query_pairs, render, PageError};
use crate::manage::ManageError;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use ficshelf_library::{Operation, OperationKind};
use serde::Serialize;

/// The most operations the history page lists.
const HISTORY_ROWS: usize = 300;

#[derive(Serialize)]
struct OperationRow {
    id: u64,
    when: String,
    kind: &'static str,
    summary: String,
    works: Vec<String>,
    undone_by: Option<u64>,
    purged: bool,
    undoable: bool,
}

impl OperationRow {
    fn of(op: Operation) -> OperationRow {
        OperationRow {
            undoable: op.reversed_by.is_none() && !op.purged && op.kind != OperationKind::Purge,
            id: op.id,
            when: when(op.at),
            kind: op.kind.as_str(),
            summary: op.summary,
            works: op.works,
            undone_by: op.reversed_by,
            purged: op.purged,
        }
    }
}

#[derive(Serialize)]
struct HistoryPage {
    #[serde(flatten)]
    frame: Frame,
    work: Option<String>,
    operations: Vec<OperationRow>,
    more: bool,
    done: Option<u64>,
}

/// The pairs of a query, and its `done` operation.
fn query_done(query: Option<&str>) -> (Vec<(String, String)>, Option<u64>) {
    let pairs = query_pairs(query);
    let done = field(&pairs, "done").and_then(|v| v.parse().ok());
    (pairs, done)
}

/// `GET /admin/history`.
pub(in crate::http) async fn history(
    State(state): State<AppState>,
    reader: CurrentReader,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let (pairs, done) = query_done(query.as_deref());
    let work = field(&pairs, "work")
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string);
    let of = work.clone();
    let found = manager
        .write(move |library| library.history(of.as_deref()))
        .await;
    let mut operations = match found {
        Ok(history) => history.operations,
        Err(error) => return refusal(&state, csrf, error, "/admin/import"),
    };
    let more = operations.len() > HISTORY_ROWS;
    operations.truncate(HISTORY_ROWS);
    let context = HistoryPage {
        frame: Frame::new(&state, csrf, "history"),
        work,
        operations: operations.into_iter().map(OperationRow::of).collect(),
        more,
        done,
    };
    render(&state, "manage_history", context)
}

/// `POST /admin/history`: undo operation `op`.
pub(in crate::http) async fn undo(
    State(state): State<AppState>,
    reader: CurrentReader,
    body: String,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let op = required(&body, "op", "Name the operation to undo.").and_then(|op| {
        op.parse::<u64>()
            .map_err(|_| ManageError::Refused(format!("“{op}” is not an operation.")))
    });
    let op = match op {
        Ok(op) => op,
        Err(error) => return refusal(&state, csrf, error, "/admin/history"),
    };
    act_then(
        &state,
        (csrf, manager),
        "/admin/history",
        move |library| library.undo(Some(op)),
        |report| format!("/admin/history?done={}", report.operation),
    )
    .await
}

#[derive(Serialize)]
struct TrashRow {
    id: String,
    title: String,
    authors: Vec<String>,
    words: u64,
    chapters: u32,
    deleted: String,
    operation: u64,
}

#[derive(Serialize)]
struct TrashPage {
    #[serde(flatten)]
    frame: Frame,
    works: Vec<TrashRow>,
    done: Option<u64>,
}

/// `GET /admin/trash`.
pub(in crate::http) async fn trash(
    State(state): State<AppState>,
    reader: CurrentReader,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let (_, done) = query_done(query.as_deref());
    let entries = match manager.write(|library| library.trash()).await {
        Ok(entries) => entries,
        Err(error) => return refusal(&state, csrf, error, "/admin/import"),
    };
    let context = TrashPage {
        frame: Frame::new(&state, csrf, "trash"),
        works: entries
            .into_iter()
            .map(|entry| TrashRow {
                id: entry.work.id,
                title: entry.work.title,
                authors: entry.work.authors,
                words: entry.work.words,
                chapters: entry.work.chapters,
                deleted: when(entry.deleted_at),
                operation: entry.operation,
            })
            .collect(),
        done,
    };
    render(&state, "manage_trash", context)
}

/// `POST /admin/trash`: restore work `id`.
pub(in crate::http) async fn restore(
    State(state): State<AppState>,
    reader: CurrentReader,
    body: String,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let id = match required(&body, "id", "Name the work to restore.") {
        Ok(id) => id,
        Err(error) => return refusal(&state, csrf, error, "/admin/trash"),
    };
    let ids = vec![id.clone()];
    act_then(
        &state,
        (csrf, manager),
        "/admin/trash",
        move |library| library.restore(&ids),
        |report| {
            let id = crate::urlencode::encode(&id);
            format!("/works/{id}/manage?done={}", report.operation)
        },
    )
    .await
}
