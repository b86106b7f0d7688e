//! Reading positions that follow the reader: `GET /works/{id}/reading`
//! (the signed-in reader's positions in the work, with the CSRF token the
//! page's script sends back) and `PUT /works/{id}/reading/{chapter}` (a
//! JSON `{"fraction": 0.42}`, how far through the chapter; the page's
//! script sends it as the reader scrolls, with an `x-csrf-token` header).
//! A visit is recorded with each position. `auth` has already refused a
//! work the reader may not see.

use super::auth::CurrentReader;
use super::respond::chapter_number;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ficshelf_library::readers::ReaderError;
use ficshelf_model::Work;
use serde::Deserialize;
use serde_json::{json, Value};

fn answer(status: StatusCode, body: Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

fn failed(err: crate::WebError) -> Response {
    tracing::error!(error = %err, "cannot read or save a reading position");
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"error": "the position could not be read or saved"}),
    )
}

/// Work `id`, or the answer when it is unknown or cannot be read.
async fn visible_work(state: &AppState, id: &str) -> Result<Work, Box<Response>> {
    match state.work(id).await {
        Ok(Some(work)) => Ok(work),
        Ok(None) => Err(Box::new(answer(
            StatusCode::NOT_FOUND,
            json!({"error": "no such work"}),
        ))),
        Err(err) => Err(Box::new(failed(err))),
    }
}

/// `GET /works/{id}/reading`: `{"signed_in": false}` for a reader who is
/// not signed in (a library without accounts), else the positions, latest
/// first.
pub(super) async fn positions(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
) -> Response {
    let (Some(accounts), Some(signed)) = (state.accounts(), reader.signed_in()) else {
        return answer(StatusCode::OK, json!({"signed_in": false}));
    };
    let work = match visible_work(&state, &id).await {
        Ok(work) => work,
        Err(response) => return *response,
    };
    let user = signed.user.id;
    let found = accounts
        .run(move |r| {
            r.record_visit(user, &work)?;
            r.positions(user, &work.id)
        })
        .await;
    let mut positions = match found {
        Ok(positions) => positions,
        Err(err) => return failed(err),
    };
    positions.sort_by_key(|p| std::cmp::Reverse(p.updated_at));
    let positions: Vec<Value> = positions
        .iter()
        .map(|p| json!({"chapter": p.chapter, "fraction": p.fraction, "updated_at": p.updated_at}))
        .collect();
    answer(
        StatusCode::OK,
        json!({"signed_in": true, "csrf": signed.csrf(), "positions": positions}),
    )
}

/// The body of `PUT /works/{id}/reading/{chapter}`.
#[derive(Deserialize)]
pub(super) struct PositionBody {
    fraction: f64,
}

/// `PUT /works/{id}/reading/{chapter}`.
pub(super) async fn save(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path((id, chapter)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let (Some(accounts), Some(signed)) = (state.accounts(), reader.signed_in()) else {
        return answer(StatusCode::UNAUTHORIZED, json!({"error": "sign in first"}));
    };
    let Some(chapter) = chapter_number(&chapter) else {
        return answer(StatusCode::NOT_FOUND, json!({"error": "no such chapter"}));
    };
    let Ok(PositionBody { fraction }) = serde_json::from_slice(&body) else {
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"error": "send {\"fraction\": a number from 0 to 1}"}),
        );
    };
    let work = match visible_work(&state, &id).await {
        Ok(work) => work,
        Err(response) => return *response,
    };
    let user = signed.user.id;
    let saved = accounts
        .run(move |r| {
            match r.save_position(user, &work, chapter, fraction, None, Some("browser")) {
                Ok(()) => Ok(None),
                Err(e @ (ReaderError::NoSuchChapter { .. } | ReaderError::BadFraction { .. })) => {
                    Ok(Some(e.to_string()))
                }
                Err(e) => Err(e),
            }
        })
        .await;
    match saved {
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Ok(Some(problem)) => answer(StatusCode::BAD_REQUEST, json!({"error": problem})),
        Err(err) => failed(err),
    }
}
