//! Building responses: rendering a page, reading query strings, and turning
//! failures into the 404 and 500 pages or the API's JSON errors. Internal
//! details are logged, never sent.

use crate::urlencode::parse_pairs;
use crate::view::Layout;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::error::Error;
use std::fmt;

/// Renders template `name` as a `200 OK` HTML page.
///
/// Pages may change whenever the library does, so browsers revalidate them
/// (cheaply, thanks to entity tags); they are private because the adult
/// content gate depends on the reader's cookies.
pub(super) fn render(
    state: &AppState,
    name: &str,
    context: impl Serialize,
) -> Result<Response, PageError> {
    Ok(html(render_bytes(state, name, context)?))
}

/// Template `name` rendered with `context`, for a page kept to send again.
pub(super) fn render_bytes(
    state: &AppState,
    name: &str,
    context: impl Serialize,
) -> Result<Bytes, PageError> {
    Ok(Bytes::from(state.templates().render(name, context)?))
}

/// An HTML page, to be revalidated before each use from the browser's cache.
pub(super) fn html(body: Bytes) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// The decoded pairs of a request's query string.
pub(super) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(parse_pairs).unwrap_or_default()
}

/// Whether `key=true` is among the pairs.
pub(super) fn flag(pairs: &[(String, String)], key: &str) -> bool {
    pairs.iter().any(|(k, v)| k == key && v == "true")
}

/// The pairs as borrowed strings, the shape [`crate::browse::WorkQuery::from_pairs`] takes.
pub(super) fn borrowed(pairs: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// A chapter number from a path segment: digits only, at least 1.
pub(super) fn chapter_number(segment: &str) -> Option<u32> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment
        .parse::<u32>()
        .map_or(None, |n| (n > 0).then_some(n))
}

/// Why a page cannot be shown.
#[derive(Debug)]
pub(super) enum PageError {
    /// No such work or chapter (or one hidden by the rating limit).
    NotFound,
    /// Anything else; logged, shown as a generic 500 page.
    Internal(WebError),
    /// Something this code guarantees did not hold; logged, shown as a 500 page.
    Bug(&'static str),
}

impl From<WebError> for PageError {
    fn from(err: WebError) -> PageError {
        PageError::Internal(err)
    }
}

/// Marks a response whose body the error-page middleware must render.
#[derive(Debug, Clone, Copy)]
struct ErrorPage;

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Internal(err) => {
                tracing::error!(error = %Chain(&err), "cannot show a page");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            PageError::Bug(what) => {
                tracing::error!(what, "internal invariant broken");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage);
        response
    }
}

/// The fallback route.
pub(super) async fn not_found() -> PageError {
    PageError::NotFound
}

#[derive(Serialize)]
struct ErrorContext<'a> {
    layout: Layout,
    status: u16,
    heading: &'a str,
    message: &'a str,
}

/// Replaces the empty body of a [`PageError`] response with the error page.
pub(super) async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<ErrorPage>().is_none() {
        return response;
    }
    let status = response.status();
    let (heading, message) = if status == StatusCode::NOT_FOUND {
        (
            "Page not found",
            "There is no work, chapter or page at this address.",
        )
    } else {
        (
            "Something went wrong",
            "The library could not show this page. The problem has been logged; try again later.",
        )
    };
    let context = ErrorContext {
        layout: Layout::new(state.max_rating()),
        status: status.as_u16(),
        heading,
        message,
    };
    let body = match state.templates().render("error", &context) {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = %Chain(&err), "cannot render the error page");
            fallback_page(heading, message)
        }
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page that needs no template, for when the error template fails too.
fn fallback_page(heading: &str, message: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{heading}</title></head>\
         <body><main><h1>{heading}</h1><p>{message}</p><p><a href=\"/\">Home</a></p></main></body></html>"
    )
}

/// Why an API request failed; sent as `{"error": "..."}`.
#[derive(Debug)]
pub(super) enum ApiError {
    NotFound,
    /// An adult work's text, asked for without the reader's agreement.
    AdultContent,
    Internal(WebError),
}

impl From<WebError> for ApiError {
    fn from(err: WebError) -> ApiError {
        ApiError::Internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not found"),
            ApiError::AdultContent => (
                StatusCode::FORBIDDEN,
                "this work could have adult content: send the cookie view_adult=true \
                 or add ?view_adult=true to agree to see it",
            ),
            ApiError::Internal(err) => {
                tracing::error!(error = %Chain(&err), "cannot answer an API request");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// Displays an error with its chain of sources, for the log.
struct Chain<'a>(&'a dyn Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}
