//! Who is reading: sessions, API tokens and HTTP Basic resolved to a
//! reader, the sign-in wall, CSRF checks, and each reader's limits on the
//! pages of one work.
//!
//! [`authenticate`] runs before every route. With no accounts (or a state
//! without readers' records) it changes nothing: the server is the open
//! library it always was. Once an account exists the library is private:
//! - a reader is found from the session cookie, an `Authorization: Bearer`
//!   API token, or `Authorization: Basic` name and password (for OPDS
//!   apps; failures count against the sign-in throttle);
//! - an anonymous visitor gets the sign-in page for every route but
//!   `/login`, `/assets/…` and the KOReader sync routes (which sign in with
//!   their own headers); `/api` and `/opds` answer 401 instead;
//! - a browser's state-changing request (any method but GET and HEAD) must
//!   carry the session's CSRF token ([`csrf`]); an upload's form
//!   (`multipart/form-data`, only where its handler checks the token
//!   itself: `/admin/import`) carries it as its first field;
//! - every page of one work (`/works/{id}/…`, `/api/works/{id}/…`:
//!   pages, chapters, downloads, images) is a 404 unless the reader's
//!   [`ReaderView`](ficshelf_library::ReaderView) allows the work;
//! - the account's adult-content consent opens the gate ([`CONSENT_HEADER`]).
//!
//! Handlers learn the reader through the [`CurrentReader`] extractor and
//! what they may see through [`AppState::scope_for`] (the scope the
//! middleware built for a page of one work is kept on the request, so it is
//! built once, and so is the work it admitted: [`AdmittedWork`]).

pub(crate) mod cookies;
pub(crate) mod csrf;
pub(crate) mod identify;
pub(super) mod signin;

use crate::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use ficshelf_library::readers::User;
use ficshelf_model::{Chapter, ChapterBody};
use identify::{identify, Identified};
use std::convert::Infallible;
use std::sync::Arc;

use super::respond::PageError;

/// A request header set (only) by [`authenticate`] when the signed-in
/// account has agreed to see adult works; the gate reads it as it reads its
/// cookie. Any copy a client sends is removed first.
pub(crate) const CONSENT_HEADER: &str = "x-ficshelf-account-consent";

/// The most bytes of a form body read to find its CSRF token.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The reader making a request.
#[derive(Debug, Clone, Default)]
pub(crate) enum CurrentReader {
    /// Nobody signed in (or a server without accounts).
    #[default]
    Anonymous,
    /// A signed-in account.
    SignedIn(Arc<SignedInReader>),
}

/// A signed-in reader and how they signed in.
#[derive(Debug)]
pub(crate) struct SignedInReader {
    pub(crate) user: User,
    /// The session secret, when signed in by the session cookie (it gives
    /// the CSRF token and is what signing out ends).
    pub(crate) session: Option<String>,
}

impl SignedInReader {
    /// The CSRF token forms of this reader carry (empty without a session:
    /// token and Basic requests need none).
    pub(crate) fn csrf(&self) -> String {
        self.session
            .as_deref()
            .map(csrf::token_for)
            .unwrap_or_default()
    }
}

impl CurrentReader {
    /// The signed-in reader, if any.
    pub(crate) fn signed_in(&self) -> Option<&Arc<SignedInReader>> {
        match self {
            CurrentReader::Anonymous => None,
            CurrentReader::SignedIn(reader) => Some(reader),
        }
    }
}

/// What the request's reader may see ([`AppState::scope_for`]), as an
/// extractor: the scope the middleware built for a page of one work, or
/// one built now.
#[derive(Clone)]
pub(crate) struct Scope(pub(crate) crate::ListingScope);

impl FromRequestParts<AppState> for Scope {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(known) = parts.extensions.get::<Scope>() {
            return Ok(known.clone());
        }
        let reader = CurrentReader::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        match state.scope_for(&reader).await {
            Ok(scope) => Ok(Scope(scope)),
            Err(err) => Err(PageError::from(err).into_response()),
        }
    }
}

/// The work whose page a request is for, as [`authenticate`] read it and
/// found the reader's scope admits it: handed to the handler, which need
/// not read it again. Requests of a server without accounts (or anonymous
/// ones) carry none; a handler then reads the work itself.
#[derive(Clone)]
pub(crate) struct AdmittedWork {
    pub(crate) work: Arc<ficshelf_model::Work>,
    /// The chapter pages' version taken before the work was read
    /// ([`AppState::chapter_pages_version`]).
    pub(crate) pages_version: Option<u64>,
    /// On a chapter page that was not kept, that chapter with its text,
    /// read in the same trip as the work (`None` otherwise, or if the work
    /// has no such chapter).
    pub(crate) chapter: Option<Arc<(Chapter, ChapterBody)>>,
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for AdmittedWork {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        // Taken, not copied: the handler is its only reader, and the
        // chapter's text then moves out of its `Arc` without a copy.
        Ok(parts.extensions.remove::<AdmittedWork>())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentReader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CurrentReader>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The middleware: finds the reader, walls off anonymous visitors when
/// accounts exist, checks CSRF tokens and the reader's limits on one work.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    request.headers_mut().remove(CONSENT_HEADER);
    // A request that may write forgets the readers seen lately, before it
    // runs and after (a page read meanwhile may have kept the old state).
    let writes = state
        .accounts()
        .filter(|_| !is_safe(request.method()))
        .cloned();
    if let Some(accounts) = &writes {
        accounts.forget_recent();
    }
    match admit(&state, request).await {
        Ok(Admit::Pass(request)) => {
            let response = next.run(*request).await;
            if let Some(accounts) = &writes {
                accounts.forget_recent();
            }
            response
        }
        Ok(Admit::Answer(response)) => response,
        Err(err) => PageError::from(err).into_response(),
    }
}

/// What [`admit`] decided.
enum Admit {
    Pass(Box<Request>),
    Answer(Response),
}

/// Paths anyone may reach when the library is private.
fn is_public(path: &str) -> bool {
    path == "/login" || path.starts_with("/assets/") || super::kosync::handles(path)
}

async fn admit(state: &AppState, mut request: Request) -> Result<Admit, crate::WebError> {
    let Some(accounts) = state.accounts().cloned() else {
        return Ok(Admit::Pass(Box::new(request)));
    };
    let path = request.uri().path().to_string();
    // Sync routes sign in by their own headers; assets are the same for
    // everyone and need no reader (nor a trip to the store).
    if super::kosync::handles(&path) || path.starts_with("/assets/") {
        return Ok(Admit::Pass(Box::new(request)));
    }
    let headers = request.headers().clone();
    let address = identify::client_address(&request);
    // A signed-in reader proves accounts exist; only the others cost the
    // question (with none, the library is open and credentials are moot).
    let reader = match identify(&accounts, &headers, address).await? {
        Identified::Reader(reader @ CurrentReader::SignedIn(_)) => reader,
        _ if !accounts.run(|r| r.has_users()).await? => {
            return Ok(Admit::Pass(Box::new(request)));
        }
        Identified::Reader(reader) => reader,
        Identified::Refused(response) => return Ok(Admit::Answer(response)),
    };
    let Some(signed_in) = reader.signed_in().cloned() else {
        if is_public(&path) {
            return Ok(Admit::Pass(Box::new(request)));
        }
        return Ok(Admit::Answer(sign_in_wall(&request)));
    };
    if signed_in.session.is_some() && !is_safe(request.method()) && !exempt_from_csrf(&path) {
        if csrf::is_multipart(request.headers()) && crate::http::manage::checks_own_csrf(&path) {
            // An upload is too big to read here: its handler checks the
            // token, which must come first, before it writes anything.
            let expected = csrf::Pending(signed_in.csrf());
            request.extensions_mut().insert(expected);
        } else {
            request = match check_csrf(request, &signed_in.csrf()).await {
                Ok(request) => request,
                Err(response) => return Ok(Admit::Answer(response)),
            };
        }
    }
    if let Some(id) = work_of_path(&path) {
        // Decoded as the router decodes path segments (`+` stays a plus).
        let id = crate::urlencode::decode(&id.replace('+', "%2B"));
        let scope = state.scope_for_work_pages(&reader).await?;
        let pages_version = state.chapter_pages_version();
        // A chapter page not kept yet needs its chapter's text too: read it
        // in the same trip to the store as the work, as an anonymous page is.
        let unkept_chapter = chapter_of_path(&path).filter(|number| {
            let key = super::reader::chapter_key(&id, *number);
            state.chapter_page(pages_version, &key).is_none()
        });
        let found = match unkept_chapter {
            Some(number) => state.work_with_chapter(&scope, &id, number).await?,
            None => (state.work_for(&scope, &id).await?).map(|work| (work, None)),
        };
        let Some((work, chapter)) = found else {
            return Ok(Admit::Answer(PageError::NotFound.into_response()));
        };
        request.extensions_mut().insert(Scope(scope));
        request.extensions_mut().insert(AdmittedWork {
            work: Arc::new(work),
            pages_version,
            chapter: chapter.map(Arc::new),
        });
    }
    if signed_in.user.preferences.adult_consent {
        request
            .headers_mut()
            .insert(CONSENT_HEADER, HeaderValue::from_static("true"));
    }
    request.extensions_mut().insert(reader);
    Ok(Admit::Pass(Box::new(request)))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Forms that need no session token: the gate's answer only sets the
/// gate's own cookie (what `?view_adult=true` does on a plain link).
fn exempt_from_csrf(path: &str) -> bool {
    path.starts_with("/works/") && path.ends_with("/view_adult")
}

/// The work `path` is a page of: `/works/{id}…` or `/api/works/{id}…`.
fn work_of_path(path: &str) -> Option<&str> {
    let rest = path
        .strip_prefix("/works/")
        .or_else(|| path.strip_prefix("/api/works/"))?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// The chapter number of a chapter page's path, `/works/{id}/chapters/{n}`.
fn chapter_of_path(path: &str) -> Option<u32> {
    let mut segments = path.strip_prefix("/works/")?.split('/');
    let (_id, kind, number) = (segments.next()?, segments.next()?, segments.next()?);
    if kind != "chapters" || segments.next().is_some() {
        return None;
    }
    super::respond::chapter_number(number)
}

/// The answer to an anonymous visitor of a private library.
fn sign_in_wall(request: &Request) -> Response {
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        let mut response = (StatusCode::UNAUTHORIZED, "sign in with an API token").into_response();
        response
            .headers_mut()
            .insert("www-authenticate", HeaderValue::from_static("Bearer"));
        return response;
    }
    // E-reader apps follow an OPDS feed's links to the files; they answer
    // a Basic challenge, not a sign-in page. A browser asks for HTML.
    let file =
        work_of_path(path).is_some() && (path.contains("/download.") || path.contains("/assets/"));
    let wants_html = request
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if path == "/opds" || path.starts_with("/opds/") || (file && !wants_html) {
        let mut response = (StatusCode::UNAUTHORIZED, "sign in").into_response();
        response.headers_mut().insert(
            "www-authenticate",
            HeaderValue::from_static("Basic realm=\"Ficshelf\", charset=\"UTF-8\""),
        );
        return response;
    }
    if !is_safe(request.method()) {
        return (StatusCode::UNAUTHORIZED, "sign in first").into_response();
    }
    let target = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let next = crate::urlencode::encode(target);
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// `request` with its body put back, if it carries `expected` as its CSRF
/// token (header or form field); else a 403.
async fn check_csrf(request: Request, expected: &str) -> Result<Request, Response> {
    let refused = csrf::refused;
    if let Some(given) = request.headers().get(csrf::HEADER) {
        return if given
            .to_str()
            .is_ok_and(|given| csrf::same(given, expected))
        {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response())?;
    let text = String::from_utf8_lossy(&bytes);
    let ok = crate::urlencode::parse_pairs(&text)
        .iter()
        .any(|(k, v)| k == csrf::FIELD && csrf::same(v, expected));
    if !ok {
        return Err(refused());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_pages_are_found_in_paths() {
        assert_eq!(work_of_path("/works/abc"), Some("abc"));
        assert_eq!(work_of_path("/works/abc/chapters/2"), Some("abc"));
        assert_eq!(work_of_path("/api/works/abc/chapters/1"), Some("abc"));
        assert_eq!(work_of_path("/works"), None);
        assert_eq!(work_of_path("/works/"), None);
        assert_eq!(work_of_path("/opds/works"), None);
    }

    #[test]
    fn only_sign_in_assets_and_sync_are_public() {
        assert!(is_public("/login"));
        assert!(is_public("/assets/site.css"));
        assert!(is_public("/users/auth"));
        assert!(!is_public("/"));
        assert!(!is_public("/works/x"));
        assert!(!is_public("/account"));
    }
}
