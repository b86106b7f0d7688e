//! The cookies of signing in: the session cookie (`HttpOnly`,
//! `SameSite=Lax`, `Secure` when the request came over HTTPS through a
//! proxy) and the sign-in form's own CSRF cookie.

use axum::http::header::COOKIE;
use axum::http::HeaderMap;
use cookie::{Cookie, SameSite};

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "ficshelf_session";
/// The cookie the sign-in form's token is checked against (there is no
/// session yet to tie it to).
pub(crate) const SIGN_IN_COOKIE: &str = "ficshelf_sign_in";

/// The value of cookie `name` in the request, if any.
pub(crate) fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_string())
}

/// Whether the request reached the proxy in front of us over HTTPS.
pub(crate) fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value for `name=value` on every path, lasting `max_age`
/// seconds (`None`: until the browser closes; `Some(0)`: deleted now).
pub(crate) fn set(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> String {
    build(name, value, max_age, secure, true)
}

/// The cookie telling the pages' script that a reader is signed in (to
/// show their links and ask for their positions). Not a secret, so the
/// script may read it; it proves nothing to the server.
pub(crate) const SIGNED_IN_HINT: &str = "ficshelf_signed_in";

/// [`set`] for [`SIGNED_IN_HINT`]: readable by the page's script.
pub(crate) fn set_hint(value: &str, max_age: Option<i64>, secure: bool) -> String {
    build(SIGNED_IN_HINT, value, max_age, secure, false)
}

/// The cookie telling the pages' script that the signed-in reader is an
/// administrator (to show the "Manage" links). Proves nothing either: the
/// management pages check the account.
pub(crate) const ADMIN_HINT: &str = "ficshelf_admin";

/// [`set`] for [`ADMIN_HINT`]: readable by the page's script.
pub(crate) fn set_admin_hint(value: &str, max_age: Option<i64>, secure: bool) -> String {
    build(ADMIN_HINT, value, max_age, secure, false)
}

fn build(name: &str, value: &str, max_age: Option<i64>, secure: bool, http_only: bool) -> String {
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .http_only(http_only)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if let Some(seconds) = max_age {
        cookie.set_max_age(cookie::time::Duration::seconds(seconds.max(0)));
    }
    cookie.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("a=1; ficshelf_session=fss_x"),
        );
        headers.append(COOKIE, HeaderValue::from_static("view_adult=true"));
        assert_eq!(read(&headers, SESSION_COOKIE).as_deref(), Some("fss_x"));
        assert_eq!(read(&headers, "view_adult").as_deref(), Some("true"));
        assert_eq!(read(&headers, "missing"), None);
    }

    #[test]
    fn session_cookie_is_http_only_lax_and_secure_behind_tls() {
        let plain = set(SESSION_COOKIE, "v", Some(60), false);
        assert!(
            plain.contains("HttpOnly") && plain.contains("SameSite=Lax"),
            "{plain}"
        );
        assert!(
            !plain.contains("Secure") && plain.contains("Max-Age=60"),
            "{plain}"
        );
        assert!(set(SESSION_COOKIE, "v", None, true).contains("Secure"));
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("HTTPS"));
        assert!(over_https(&headers));
        assert!(!over_https(&HeaderMap::new()));
    }
}
