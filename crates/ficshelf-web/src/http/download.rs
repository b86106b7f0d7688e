//! Downloads: `GET /works/{id}/download.epub`, `.html`, `.txt` and `.json`.
//!
//! The same rules as the reader: a work the reader may not see (above
//! `--max-rating`, their own limit, muted, hidden as read) is a 404, and
//! an adult work needs the reader's consent, either the gate's cookie or
//! `?view_adult=true` on the URL (AO3's convention; e-reader apps following
//! an OPDS link cannot answer the gate page). Without consent the gate page
//! is shown and leads back to the download.

use super::auth::Scope;
use super::gate::{admission, gate_page, remember_link_admission, Admission};
use super::respond::{query_pairs, PageError};
use crate::view::WorkView;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use ficshelf_export::{file_name, to_bytes, Format};
use ficshelf_model::ChapterBody;

/// `GET /works/{id}/download.epub`.
pub(super) async fn epub(
    state: State<AppState>,
    scope: Scope,
    id: Path<String>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    download(state, scope, id, raw, headers, Format::Epub).await
}

/// `GET /works/{id}/download.html`.
pub(super) async fn html(
    state: State<AppState>,
    scope: Scope,
    id: Path<String>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    download(state, scope, id, raw, headers, Format::Html).await
}

/// `GET /works/{id}/download.txt`.
pub(super) async fn txt(
    state: State<AppState>,
    scope: Scope,
    id: Path<String>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    download(state, scope, id, raw, headers, Format::Txt).await
}

/// `GET /works/{id}/download.json`.
pub(super) async fn json(
    state: State<AppState>,
    scope: Scope,
    id: Path<String>,
    raw: RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    download(state, scope, id, raw, headers, Format::Json).await
}

async fn download(
    State(state): State<AppState>,
    Scope(scope): Scope,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, PageError> {
    let pairs = query_pairs(raw.as_deref());
    let work = state
        .work_for(&scope, &id)
        .await?
        .ok_or(PageError::NotFound)?;
    let work_url = WorkView::new(&work).url;
    let here = format!("{work_url}/download.{}", format.extension());
    let admitted = admission(&headers, &pairs, &work);
    if admitted == Admission::Gated {
        return gate_page(&state, &work, &here);
    }
    let chapters = state.chapter_texts(&work).await?;
    let name = file_name(&work, format.extension());
    // Only EPUB and HTML carry images.
    let images = match format {
        Format::Epub | Format::Html => state.work_images(&work).await?,
        Format::Txt | Format::Json => Vec::new(),
    };
    let built = tokio::task::spawn_blocking(move || {
        let bodies: Vec<ChapterBody> = chapters.into_iter().map(|(_, body)| body).collect();
        let bytes = to_bytes(format, &work, &bodies, &images);
        (work, bytes)
    })
    .await
    .map_err(|_| PageError::Bug("the export task panicked"))?;
    let (work, built) = built;
    let bytes = built.map_err(|err| {
        tracing::error!(error = %err, id, "cannot export a work");
        PageError::Bug("cannot export a work")
    })?;
    if format == Format::Epub {
        super::kosync::record_export(&state, work, &bytes).await?;
    }
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|_| PageError::Bug("a file name that is not a header value"))?;
    let mut response = (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        ],
        bytes,
    )
        .into_response();
    if admitted == Admission::AdmittedByLink {
        remember_link_admission(&mut response, &work_url);
    }
    Ok(response)
}
