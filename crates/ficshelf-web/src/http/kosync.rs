//! KOReader's progress sync, as its `kosync` plugin speaks it:
//! `POST /users/create`, `GET /users/auth`, `PUT /syncs/progress`,
//! `GET /syncs/progress/{document}`, signed in by the `x-auth-user` and
//! `x-auth-key` headers (the key is the MD5 of the password typed into
//! KOReader; the reader sets that password on their account page), with
//! JSON bodies (`Accept: application/vnd.koreader.v1+json`).
//!
//! Accounts are made by the library's keeper, so `/users/create` always
//! answers "already registered" (402, what the plugin expects for a name it
//! cannot take) with a message saying how to sign in instead: the same for
//! every name, so it tells nothing about which names exist. Documents are
//! KOReader's partial MD5 of the book file (recorded with the EPUB's layout
//! at each download); positions in files the library never exported are
//! stored too. KOReader's position in an exported book and the web reader's
//! are one: the library's `Readers` carries each into the other.

use super::auth::identify::{now, ClientAddress};
use crate::accounts::Accounts;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ficshelf_export::EPUB_FRONT_PAGES;
use ficshelf_library::readers::{partial_md5, DocumentProgress, User};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Whether `path` is one of the sync routes (they sign in by their own
/// headers, never by cookie or the sign-in page).
pub(crate) fn handles(path: &str) -> bool {
    path.starts_with("/users/") || path.starts_with("/syncs/")
}

/// The most characters of a document name (a partial MD5 has 32).
const MAX_DOCUMENT_CHARS: usize = 128;

fn answer(status: StatusCode, body: Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

fn unauthorized() -> Response {
    answer(
        StatusCode::UNAUTHORIZED,
        json!({"code": 2001, "message": "Unauthorized"}),
    )
}

fn invalid(message: &str) -> Response {
    answer(
        StatusCode::BAD_REQUEST,
        json!({"code": 2003, "message": message}),
    )
}

fn failed(err: crate::WebError) -> Response {
    tracing::error!(error = %err, "KOReader sync failed");
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"code": 2000, "message": "Unknown server error"}),
    )
}

/// `POST /users/create`.
pub(super) async fn create_user(State(state): State<AppState>) -> Response {
    if state.accounts().is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    answer(
        StatusCode::PAYMENT_REQUIRED,
        json!({
            "code": 2002,
            "message": "Accounts are made by this library's keeper: set a sync password on your \
                        account page in the browser, then log in here with your name and it."
        }),
    )
}

/// The account the sync headers sign in to, under the sign-in throttle.
async fn signed_in(
    accounts: &Arc<Accounts>,
    headers: &HeaderMap,
    address: std::net::IpAddr,
) -> Result<Option<User>, crate::WebError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (Some(name), Some(key)) = (header("x-auth-user"), header("x-auth-key")) else {
        return Ok(None);
    };
    if accounts
        .throttle()?
        .retry_after(&name, address, now())
        .is_some()
    {
        return Ok(None);
    }
    let tried = name.clone();
    let user = accounts
        .run(move |r| r.check_kosync_key(&name, &key))
        .await?;
    let mut throttle = accounts.throttle()?;
    match &user {
        Some(_) => throttle.record_success(&tried),
        None => throttle.record_failure(&tried, address, now()),
    }
    Ok(user)
}

/// The signed-in account, or the response to send instead.
async fn require(
    state: &AppState,
    headers: &HeaderMap,
    address: std::net::IpAddr,
) -> Result<(Arc<Accounts>, User), Response> {
    let Some(accounts) = state.accounts().cloned() else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    match signed_in(&accounts, headers, address).await {
        Ok(Some(user)) => Ok((accounts, user)),
        Ok(None) => Err(unauthorized()),
        Err(err) => Err(failed(err)),
    }
}

/// `GET /users/auth`.
pub(super) async fn authorize(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Response {
    match require(&state, &headers, address).await {
        Ok(_) => answer(StatusCode::OK, json!({"authorized": "OK"})),
        Err(response) => response,
    }
}

/// The body of `PUT /syncs/progress`.
#[derive(Deserialize)]
pub(super) struct ProgressBody {
    document: String,
    progress: String,
    percentage: f64,
    device: String,
    device_id: String,
}

fn valid_document(document: &str) -> bool {
    !document.is_empty()
        && document.chars().count() <= MAX_DOCUMENT_CHARS
        && document.chars().all(|c| c.is_ascii_graphic())
}

/// `PUT /syncs/progress`: stored as sent, and in a book the library
/// exported also saved as the reader's web position in the work.
pub(super) async fn update_progress(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (accounts, user) = match require(&state, &headers, address).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(body) = serde_json::from_slice::<ProgressBody>(&body) else {
        return invalid(
            "Invalid request: document, progress, percentage, device and device_id are needed",
        );
    };
    if !valid_document(&body.document) {
        return invalid("Invalid document");
    }
    let scope = match state.scope_for_user(&accounts, &user).await {
        Ok(scope) => scope,
        Err(err) => return failed(err),
    };
    let progress = DocumentProgress {
        user: user.id,
        document: body.document,
        progress: body.progress,
        percentage: body.percentage,
        device: body.device,
        device_id: body.device_id,
        updated_at: 0,
    };
    // The web position moves only in a work the reader may see on the web.
    let works = std::cell::RefCell::new(state.lookup(scope));
    match accounts
        .run(move |r| {
            let work = |id: &str| works.borrow_mut().get(id).cloned();
            r.save_kosync_progress(&progress, &work)
        })
        .await
    {
        Ok(saved) => answer(
            StatusCode::OK,
            json!({"document": saved.document, "timestamp": saved.updated_at}),
        ),
        Err(err) => failed(err),
    }
}

/// `GET /syncs/progress/{document}`: the latest position, mapped from
/// another export of the same work when that one is newer, or the web
/// reader's when that is newer still (as KOReader names it: the start of
/// its chapter's spine item); `{}` when there is none.
pub(super) async fn get_progress(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path(document): Path<String>,
) -> Response {
    let (accounts, user) = match require(&state, &headers, address).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !valid_document(&document) {
        return invalid("Invalid document");
    }
    let works = std::cell::RefCell::new(state.lookup(state.scope()));
    let found = accounts
        .run(move |r| {
            let work = |id: &str| works.borrow_mut().get(id).cloned();
            r.kosync_progress(user.id, &document, &work)
        })
        .await;
    match found {
        Ok(Some(p)) => answer(
            StatusCode::OK,
            json!({
                "document": p.document,
                "progress": p.progress,
                "percentage": p.percentage,
                "device": p.device,
                "device_id": p.device_id,
                "timestamp": p.updated_at,
            }),
        ),
        Ok(None) => answer(StatusCode::OK, json!({})),
        Err(err) => failed(err),
    }
}

/// Records the KOReader document hash of an exported EPUB (with its spine
/// layout), so a position KOReader syncs for that file is known to be in
/// `work` (and can follow
/// the reader to the next export). Nothing to do on a server without
/// readers' records.
pub(super) async fn record_export(
    state: &AppState,
    work: ficshelf_model::Work,
    epub: &[u8],
) -> Result<(), crate::WebError> {
    let Some(accounts) = state.accounts() else {
        return Ok(());
    };
    let document = partial_md5(std::io::Cursor::new(epub)).map_err(|e| {
        crate::WebError::Readers(ficshelf_library::readers::ReaderError::ReadDocument(e))
    })?;
    accounts
        .run(move |r| r.record_export(&work, "epub", &document, Some(EPUB_FRONT_PAGES)))
        .await
}
