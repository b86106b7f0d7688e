//! Administrators manage the library from the browser: import uploaded
//! files ([`import`]), edit, delete, merge and split a work ([`work`]), and
//! the trash and the history with undo ([`journal`]). Every action goes
//! through [`crate::manage::Manager`] to the library use case the CLI
//! calls; nothing here changes the library another way.
//!
//! Routes (each a 404 for anyone but a signed-in administrator, every
//! `POST` checked for its CSRF token):
//! - `GET /admin/import`, `POST /admin/import` (a `multipart/form-data`
//!   upload), `GET /admin/import/{job}` (the job's progress);
//! - `GET`/`POST /works/{id}/manage` (`action` = `edit`, `delete`,
//!   `merge`, `split`);
//! - `GET`/`POST /admin/trash` (restore), `GET`/`POST /admin/history`
//!   (`?work=` narrows it; undo).
//!
//! A refused action (an unknown work, an undo later operations depend on,
//! a busy library) answers a page saying why, with a 400 or 409.

pub(super) mod import;
pub(super) mod journal;
pub(super) mod work;

use super::admin::administrator;
use super::auth::CurrentReader;
use super::respond::{render, PageError};
use crate::manage::{ManageError, Manager};
use crate::view::Layout;
use crate::AppState;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;

/// Whether `path` is an upload whose handler checks the CSRF token itself.
pub(crate) fn checks_own_csrf(path: &str) -> bool {
    path == import::UPLOAD_PATH
}

/// The signed-in administrator's CSRF token and the manager, or a 404.
pub(super) fn admin_access(
    state: &AppState,
    reader: &CurrentReader,
) -> Result<(String, Arc<Manager>), PageError> {
    let admin = administrator(reader)?;
    let manager = state.manager().ok_or(PageError::NotFound)?;
    Ok((admin.csrf(), Arc::clone(manager)))
}

/// What every management page has.
#[derive(Serialize)]
pub(super) struct Frame {
    layout: Layout,
    csrf: String,
    /// Which entry of the administrators' menu is this page.
    section: &'static str,
}

impl Frame {
    pub(super) fn new(state: &AppState, csrf: String, section: &'static str) -> Frame {
        Frame {
            layout: Layout::new(state.max_rating()),
            csrf,
            section,
        }
    }
}

#[derive(Serialize)]
struct MessagePage<'a> {
    #[serde(flatten)]
    frame: Frame,
    heading: &'a str,
    message: &'a str,
    back: &'a str,
}

/// The answer to a management action that did not happen: the reason on a
/// page linking `back`, or the 500 page for an internal failure.
pub(super) fn refusal(
    state: &AppState,
    csrf: String,
    error: ManageError,
    back: &str,
) -> Result<Response, PageError> {
    let (status, heading) = match &error {
        ManageError::Busy(_) => (StatusCode::CONFLICT, "The library is busy"),
        ManageError::Refused(_) => (StatusCode::BAD_REQUEST, "Not done"),
        ManageError::Web(_) => {
            let ManageError::Web(err) = error else {
                return Err(PageError::Bug("matched a web error"));
            };
            return Err(PageError::Internal(err));
        }
    };
    let message = error.to_string();
    let page = MessagePage {
        frame: Frame::new(state, csrf, ""),
        heading,
        message: &message,
        back,
    };
    let mut response = render(state, "manage_message", page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// Runs `act` with the library's writer; when it is done, the library
/// changed (the web's caches drop what they kept) and the browser goes to
/// the address `then` makes of its result; when refused, the reason on a
/// page linking `back`.
pub(super) async fn act_then<T, F>(
    state: &AppState,
    (csrf, manager): (String, Arc<Manager>),
    back: &str,
    act: F,
    then: impl FnOnce(T) -> String,
) -> Result<Response, PageError>
where
    T: Send + 'static,
    F: FnOnce(&mut ficshelf_library::Library) -> Result<T, ficshelf_library::LibraryError>
        + Send
        + 'static,
{
    match manager.write(act).await {
        // Nothing to drop: cached chapter pages follow the database files'
        // stamp and listings the index's content.
        Ok(done) => see_other(&then(done)),
        Err(error) => refusal(state, csrf, error, back),
    }
}

/// A `303 See Other` to `location` (a path this server built).
pub(super) fn see_other(location: &str) -> Result<Response, PageError> {
    let value =
        HeaderValue::from_str(location).map_err(|_| PageError::Bug("a redirect to a bad path"))?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, value);
    Ok(response)
}

/// The value of field `key` in decoded form pairs (the first one).
pub(super) fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The trimmed, non-empty value of field `key` of a posted form (its
/// body), or the refusal saying `missing`.
pub(super) fn required(body: &str, key: &str, missing: &str) -> Result<String, ManageError> {
    let pairs = crate::urlencode::parse_pairs(body);
    field(&pairs, key)
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_string)
        .ok_or_else(|| ManageError::Refused(missing.to_string()))
}

/// Every value of field `key`, in order.
pub(super) fn fields<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// `2024-05-01 12:00` (UTC) for seconds since the Unix epoch.
pub(super) fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map_or_else(
        || at.to_string(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(when(0), "1970-01-01 00:00");
        assert_eq!(when(1_714_564_800), "2024-05-01 12:00");
        assert_eq!(when(951_782_400), "2000-02-29 00:00");
    }

    #[test]
    fn only_the_upload_checks_its_own_token() {
        assert!(checks_own_csrf("/admin/import"));
        assert!(!checks_own_csrf("/admin/history"));
        assert!(!checks_own_csrf("/works/1/manage"));
    }
}
