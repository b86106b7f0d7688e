//! The adult-content gate, as AO3 has it: a work rated Mature, Explicit or
//! Not Rated shows a warning before any of its text until the reader agrees.
//!
//! Agreeing sets a `view_adult=true` cookie (`HttpOnly`, `SameSite=Lax`):
//! "Yes, Continue" for this work until the browser closes (the cookie's path
//! is the work's), "Don't ask again" for every work for a year. A request
//! with `?view_adult=true` is let through too and gets the per-work cookie,
//! like AO3's link. The JSON API follows the same rule (see `api`).

use super::respond::{flag, render, PageError};
use crate::view::{Layout, WorkView};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use ficshelf_model::{Rating, Work};
use serde::{Deserialize, Serialize};

/// The cookie that records the reader's agreement.
const COOKIE_NAME: &str = "view_adult";
/// A year, in seconds: how long "Don't ask again" lasts.
const REMEMBER_SECONDS: u32 = 365 * 24 * 60 * 60;

/// Whether a request may see a work's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Admission {
    /// The work is not adult, or the reader already agreed.
    Admitted,
    /// Admitted by `?view_adult=true`: the response should set the cookie.
    AdmittedByLink,
    /// Show the gate.
    Gated,
}

/// Decides whether this request may see `work`'s text.
pub(super) fn admission(headers: &HeaderMap, pairs: &[(String, String)], work: &Work) -> Admission {
    rating_admission(headers, pairs, work.rating)
}

/// Decides whether this request may see the text of a work rated `rating`.
pub(super) fn rating_admission(
    headers: &HeaderMap,
    pairs: &[(String, String)],
    rating: Rating,
) -> Admission {
    if !rating.is_adult() || has_agreed(headers) {
        Admission::Admitted
    } else if flag(pairs, COOKIE_NAME) {
        Admission::AdmittedByLink
    } else {
        Admission::Gated
    }
}

/// Whether a `view_adult=true` cookie came with the request, or the
/// signed-in account has agreed (`auth` marks the request).
fn has_agreed(headers: &HeaderMap) -> bool {
    headers.contains_key(super::auth::CONSENT_HEADER)
        || headers.get_all(COOKIE).iter().any(|header| {
            // A header that is not text cannot hold the cookie.
            header.to_str().is_ok_and(|text| {
                text.split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .any(|(name, value)| name.trim() == COOKIE_NAME && value.trim() == "true")
            })
        })
}

/// The per-work cookie, valid until the browser closes.
fn session_cookie(work_url: &str) -> String {
    format!("{COOKIE_NAME}=true; Path={work_url}; HttpOnly; SameSite=Lax")
}

/// The "Don't ask again" cookie, for every work, for a year.
fn persistent_cookie() -> String {
    format!("{COOKIE_NAME}=true; Path=/; Max-Age={REMEMBER_SECONDS}; HttpOnly; SameSite=Lax")
}

/// Adds the per-work cookie to a page let through by `?view_adult=true`.
pub(super) fn remember_link_admission(response: &mut Response, work_url: &str) {
    // The work URL is percent-encoded, so the cookie is a valid header value.
    match HeaderValue::from_str(&session_cookie(work_url)) {
        Ok(value) => {
            response.headers_mut().append(SET_COOKIE, value);
        }
        Err(err) => tracing::error!(error = %err, work_url, "cannot write the gate cookie"),
    }
}

#[derive(Serialize)]
struct GateContext {
    layout: Layout,
    work: WorkView,
    action: String,
    return_to: String,
}

/// The gate page for `work`, returning to `return_to` once answered.
pub(super) fn gate_page(
    state: &AppState,
    work: &Work,
    return_to: &str,
) -> Result<Response, PageError> {
    let work = WorkView::new(work);
    let context = GateContext {
        layout: Layout::new(state.max_rating()),
        action: format!("{}/view_adult", work.url),
        return_to: safe_return(&work.url, return_to),
        work,
    };
    render(state, "gate", context)
}

/// The gate form's answer.
#[derive(Debug, Deserialize)]
pub(super) struct GateAnswer {
    /// `always` for "Don't ask again"; anything else agrees for this work only.
    #[serde(default)]
    remember: String,
    /// Where to go next: a page of this work.
    #[serde(default)]
    return_to: String,
}

/// `POST /works/{id}/view_adult`: records the agreement and goes back to the work.
pub(super) async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(answer): Form<GateAnswer>,
) -> Result<Response, PageError> {
    let work = state.work(&id).await?.ok_or(PageError::NotFound)?;
    let work_url = WorkView::new(&work).url;
    let cookie = if answer.remember == "always" {
        persistent_cookie()
    } else {
        session_cookie(&work_url)
    };
    let target = safe_return(&work_url, &answer.return_to);
    // `safe_return` only passes printable ASCII and the work URL is
    // percent-encoded, so neither can fail; if one does, it is a bug.
    let location = HeaderValue::from_str(&target).map_err(|_| PageError::Bug("gate redirect"))?;
    let cookie = HeaderValue::from_str(&cookie).map_err(|_| PageError::Bug("gate cookie"))?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, location);
    response.headers_mut().insert(SET_COOKIE, cookie);
    Ok(response)
}

/// `return_to` if it is a page of the work at `work_url` (so the form cannot
/// send readers elsewhere), else the work page.
fn safe_return(work_url: &str, return_to: &str) -> String {
    let rest = return_to.strip_prefix(work_url);
    let ours = rest.is_some_and(|rest| {
        matches!(rest.chars().next(), None | Some('/' | '?' | '#'))
            && !rest.contains("//")
            && rest.chars().all(|c| c.is_ascii_graphic())
    });
    if ours {
        return_to.to_string()
    } else {
        work_url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_targets_stay_on_the_work() {
        let work = "/works/12";
        for (target, want) in [
            ("/works/12", "/works/12"),
            ("/works/12/chapters/3", "/works/12/chapters/3"),
            (
                "/works/12?view_full_work=true",
                "/works/12?view_full_work=true",
            ),
            ("/works/123", "/works/12"),
            ("https://example.com/", "/works/12"),
            ("/works/12//evil.example", "/works/12"),
            ("/works/12\r\nSet-Cookie: x=y", "/works/12"),
            ("", "/works/12"),
        ] {
            assert_eq!(safe_return(work, target), want, "{target:?}");
        }
    }

    #[test]
    fn reads_the_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=b; view_adult=true"));
        assert!(has_agreed(&headers));
        headers.insert(
            COOKIE,
            HeaderValue::from_static("view_adult=false; xview_adult=true"),
        );
        assert!(!has_agreed(&headers));
    }
}
