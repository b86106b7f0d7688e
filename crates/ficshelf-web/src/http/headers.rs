//! Headers and caching: the security headers every response gets, entity
//! tags with `If-None-Match` revalidation for every successful `GET`, and
//! the embedded assets served with a year of caching.

use super::respond::PageError;
use crate::assets;
use crate::digest::hex_digest;
use axum::body::Body;
use axum::extract::{Path, Request};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// No inline script or style anywhere: everything comes from `/assets`.
pub(crate) const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; style-src 'self'; \
     script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Bodies larger than this are sent without an entity tag.
const MAX_TAGGED_BODY: usize = 64 * 1024 * 1024;

/// The security headers every response gets, errors and redirects included.
pub(super) fn security_headers() -> [(HeaderName, HeaderValue); 3] {
    [
        (
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        ),
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
    ]
}

/// Tags every successful `GET`/`HEAD` response with a weak entity tag (a
/// hash of the body before compression) and answers `304 Not Modified`
/// when the request's `If-None-Match` already names it.
pub(super) async fn entity_tags(request: Request, next: Next) -> Response {
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let if_none_match = request.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !conditional || response.status() != StatusCode::OK || response.headers().contains_key(ETAG)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_BODY).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "cannot buffer a response body to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = format!("W/\"{}\"", hex_digest(&bytes));
    let tag_value = match HeaderValue::from_str(&tag) {
        Ok(value) => value,
        Err(err) => {
            // Hex digits and quotes are always a valid header value.
            tracing::error!(error = %err, "cannot write an entity tag");
            return Response::from_parts(parts, Body::from(bytes));
        }
    };
    parts.headers.insert(ETAG, tag_value);
    if if_none_match.is_some_and(|value| matches_any(&value, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        strip_representation(&mut parts.headers);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn strip_representation(headers: &mut HeaderMap) {
    headers.remove(CONTENT_LENGTH);
}

/// Weak comparison of `tag` against an `If-None-Match` list (or `*`).
fn matches_any(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let wanted = opaque(tag);
    list.split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || opaque(candidate) == wanted)
}

/// `GET /assets/{name}`: the embedded stylesheet and script. Their names
/// carry a hash of their content, so they are cached for a year.
pub(super) async fn asset(Path(name): Path<String>) -> Result<Response, PageError> {
    let asset = assets::find(&name).ok_or(PageError::NotFound)?;
    let mut response = asset.body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::matches_any;
    use axum::http::HeaderValue;

    #[test]
    fn weak_comparison() {
        let tag = "W/\"abc\"";
        for (list, want) in [
            ("W/\"abc\"", true),
            ("\"abc\"", true),
            ("\"x\", W/\"abc\"", true),
            ("*", true),
            ("\"abcd\"", false),
            ("", false),
        ] {
            assert_eq!(
                matches_any(&HeaderValue::from_static(list), tag),
                want,
                "{list}"
            );
        }
    }
}
