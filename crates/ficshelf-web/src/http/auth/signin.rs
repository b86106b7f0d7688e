//! `GET`/`POST /login`, `POST /logout`, `POST /logout/everywhere`.
//!
//! A wrong name and a wrong password get the same words ("name or password
//! is wrong"), in the same time (the library hashes for unknown names too);
//! too many failures for a name or from an address get a 429 until they
//! age out.

use super::cookies::{self, SESSION_COOKIE, SIGN_IN_COOKIE};
use super::identify::{client_address, sign_in_with_password, PasswordSignIn};
use super::{csrf, CurrentReader};
use crate::http::respond::{query_pairs, render, PageError};
use crate::view::Layout;
use crate::AppState;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The most bytes of a sign-in form read.
const MAX_FORM_BYTES: usize = 16 * 1024;
/// Seconds the sign-in form's token lasts.
const FORM_SECONDS: i64 = 3600;
/// What a failed sign-in says, whichever of the two was wrong.
pub(crate) const WRONG: &str = "Name or password is wrong.";

#[derive(Serialize)]
struct SignInPage<'a> {
    layout: Layout,
    csrf: &'a str,
    next: &'a str,
    name: &'a str,
    error: Option<String>,
}

/// `next` if it is a path on this site, else `/` (the form cannot send a
/// reader elsewhere).
fn safe_next(next: &str) -> &str {
    let ours = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.chars().all(|c| c.is_ascii_graphic());
    if ours {
        next
    } else {
        "/"
    }
}

fn redirect(to: &str) -> Result<Response, PageError> {
    let location = HeaderValue::from_str(to).map_err(|_| PageError::Bug("sign-in redirect"))?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(LOCATION, location);
    Ok(response)
}

fn add_cookie(response: &mut Response, cookie: &str) -> Result<(), PageError> {
    let value = HeaderValue::from_str(cookie).map_err(|_| PageError::Bug("sign-in cookie"))?;
    response.headers_mut().append(SET_COOKIE, value);
    Ok(())
}

/// The sign-in page with a fresh form token (and its cookie).
fn page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    name: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    // The browser's token is kept while it lasts: another sign-in page
    // loaded meanwhile (a second tab, a favicon sent to the sign-in wall)
    // must not turn this form's token stale.
    let token = match cookies::read(headers, SIGN_IN_COOKIE).filter(|t| csrf::is_random(t)) {
        Some(token) => token,
        None => csrf::random().map_err(|_| PageError::Bug("no randomness for a form token"))?,
    };
    let context = SignInPage {
        layout: Layout::new(state.max_rating()),
        csrf: &token,
        next: safe_next(next),
        name,
        error,
    };
    let mut response = render(state, "signin", context)?;
    *response.status_mut() = status;
    let secure = cookies::over_https(headers);
    add_cookie(
        &mut response,
        &cookies::set(SIGN_IN_COOKIE, &token, Some(FORM_SECONDS), secure),
    )?;
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /login`.
pub(crate) async fn form(
    State(state): State<AppState>,
    reader: CurrentReader,
    request: Request,
) -> Result<Response, PageError> {
    let pairs = query_pairs(request.uri().query());
    let next = pairs
        .iter()
        .find(|(k, _)| k == "next")
        .map_or("/", |(_, v)| v.as_str());
    if reader.signed_in().is_some() {
        return redirect(safe_next(next));
    }
    page(&state, request.headers(), StatusCode::OK, next, "", None)
}

/// `POST /login`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, PageError> {
    let Some(accounts) = state.accounts().cloned() else {
        return Err(PageError::NotFound);
    };
    let address = client_address(&request);
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| PageError::Bug("sign-in form too large"))?;
    let pairs = crate::urlencode::parse_pairs(&String::from_utf8_lossy(&bytes));
    let field = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let (name, password, next) = (field("name"), field("password"), field("next"));
    let next = safe_next(&next).to_string();
    let form_token = cookies::read(&headers, SIGN_IN_COOKIE);
    if !form_token.is_some_and(|token| csrf::same(&field(csrf::FIELD), &token)) {
        let error = "The form was stale; please sign in again.".to_string();
        return page(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            &next,
            &name,
            Some(error),
        );
    }
    let outcome = sign_in_with_password(&accounts, name.clone(), password, address).await?;
    let user = match outcome {
        PasswordSignIn::SignedIn(user) => user,
        PasswordSignIn::Wrong => {
            let error = Some(WRONG.to_string());
            return page(
                &state,
                &headers,
                StatusCode::UNAUTHORIZED,
                &next,
                &name,
                error,
            );
        }
        PasswordSignIn::Throttled(wait) => {
            let minutes = (wait + 59) / 60;
            let error = Some(format!(
                "Too many failed sign-ins. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            ));
            let mut response = page(
                &state,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &name,
                error,
            )?;
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(wait));
            return Ok(response);
        }
    };
    let client = headers
        .get(USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let signed = accounts
        .run(move |r| r.start_session(user.id, client.as_deref()))
        .await?;
    let secure = cookies::over_https(&headers);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let mut response = redirect(&next)?;
    let lifetime = Some(signed.expires_at - now);
    add_cookie(
        &mut response,
        &cookies::set(SESSION_COOKIE, &signed.token, lifetime, secure),
    )?;
    add_cookie(&mut response, &cookies::set_hint("1", lifetime, secure))?;
    if user.admin {
        add_cookie(
            &mut response,
            &cookies::set_admin_hint("1", lifetime, secure),
        )?;
    }
    add_cookie(
        &mut response,
        &cookies::set(SIGN_IN_COOKIE, "", Some(0), secure),
    )?;
    Ok(response)
}

/// `POST /logout`: ends this session.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    reader: CurrentReader,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    end(&state, &reader, &headers, false).await
}

/// `POST /logout/everywhere`: ends every session of the account.
pub(crate) async fn sign_out_everywhere(
    State(state): State<AppState>,
    reader: CurrentReader,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    end(&state, &reader, &headers, true).await
}

async fn end(
    state: &AppState,
    reader: &CurrentReader,
    headers: &HeaderMap,
    everywhere: bool,
) -> Result<Response, PageError> {
    let (Some(accounts), Some(reader)) = (state.accounts(), reader.signed_in()) else {
        return redirect("/login");
    };
    let user = reader.user.id;
    let session = reader.session.clone();
    accounts
        .run(move |r| {
            if everywhere {
                r.sign_out_everywhere(user).map(|_| ())
            } else if let Some(token) = session {
                r.end_session(&token).map(|_| ())
            } else {
                Ok(())
            }
        })
        .await?;
    let mut response = redirect("/login")?;
    let secure = cookies::over_https(headers);
    add_cookie(
        &mut response,
        &cookies::set(SESSION_COOKIE, "", Some(0), secure),
    )?;
    add_cookie(&mut response, &cookies::set_hint("", Some(0), secure))?;
    add_cookie(&mut response, &cookies::set_admin_hint("", Some(0), secure))?;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/works/a?x=1"), "/works/a?x=1");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
