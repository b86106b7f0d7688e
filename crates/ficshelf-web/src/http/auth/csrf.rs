//! Cross-site request forgery tokens.
//!
//! A signed-in browser's token is derived from its session secret (SHA-256
//! of a label and the secret): one per session, nothing more to store, and
//! no page can compute it without the `HttpOnly` cookie. Every form that
//! changes something carries it as a `csrf` field (or a script sends it as
//! an `x-csrf-token` header); the sign-in form, which has no session yet,
//! is checked against a random cookie of its own instead (double submit).

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The token an upload's handler must find as the form's first field
/// (set by the middleware on `multipart/form-data` requests it lets
/// through unread; see [`super::authenticate`]).
#[derive(Debug, Clone)]
pub(crate) struct Pending(pub(crate) String);

impl Pending {
    /// Whether `given` is the expected token.
    pub(crate) fn accepts(&self, given: &str) -> bool {
        same(given, &self.0)
    }
}

/// The answer to a form without its session's token (or with a stale one).
pub(crate) fn refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        "the form's security token is missing or stale; reload the page and try again",
    )
        .into_response()
}

/// Whether a request's body is a `multipart/form-data` form.
pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// The form field carrying the token.
pub(crate) const FIELD: &str = "csrf";
/// The header a script may send the token in instead.
pub(crate) const HEADER: &str = "x-csrf-token";

/// The CSRF token of the session whose secret is `session_token`.
pub(crate) fn token_for(session_token: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"ficshelf csrf\0");
    hasher.update(session_token.as_bytes());
    hex::encode(hasher.finalize())
}

/// Whether `given` equals `expected`, in time independent of where they
/// first differ.
pub(crate) fn same(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh random token (for the sign-in form).
pub(crate) fn random() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// Whether `token` has the shape of a [`random`] token.
pub(crate) fn is_random(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_per_session_and_compare_exactly() {
        let one = token_for("fss_one");
        assert_eq!(one, token_for("fss_one"));
        assert_ne!(one, token_for("fss_two"));
        assert!(same(&one, &token_for("fss_one")));
        assert!(!same(&one, &token_for("fss_two")));
        assert!(!same("", &one));
        let fresh = random().expect("random");
        assert_ne!(fresh, random().expect("random"));
        assert!(is_random(&fresh));
        assert!(!is_random("fss_x") && !is_random(&fresh.to_uppercase()));
    }
}
