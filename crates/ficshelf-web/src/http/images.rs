//! Images kept with works: `GET /works/{id}/assets/{sha256}`, and
//! [`asset_urls`], which points the `asset:` images of stored chapter HTML
//! at that route.
//!
//! An image is served only for a work that links it, with the reader's
//! rules: a work above `--max-rating` is a 404, an adult work needs the
//! reader's consent (cookie or `?view_adult=true`, else the gate page).
//! Images are named by the SHA-256 of their bytes, so a URL's content never
//! changes: they are cached for a year (privately, as consent is per reader).

use super::auth::Scope;
use super::gate::{admission, gate_page, remember_link_admission, Admission};
use super::respond::{query_pairs, PageError};
use crate::view::WorkView;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use ficshelf_model::{is_asset_sha, map_asset_images};

/// The media types served; anything else stored is not an image import keeps.
const SERVED_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// `html` (stored chapter HTML) with every `asset:<sha256>` image pointed
/// at `{work_url}/assets/<sha256>`; other images are removed.
pub(crate) fn asset_urls(html: &str, work_url: &str) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    map_asset_images(html, |sha| Some(format!("{work_url}/assets/{sha}")))
}

/// `GET /works/{id}/assets/{sha256}`.
pub(super) async fn asset(
    State(state): State<AppState>,
    Scope(scope): Scope,
    Path((id, sha256)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if !is_asset_sha(&sha256) {
        return Err(PageError::NotFound);
    }
    let work = state
        .work_for(&scope, &id)
        .await?
        .ok_or(PageError::NotFound)?;
    let work_url = WorkView::new(&work).url;
    let pairs = query_pairs(raw.as_deref());
    let admitted = admission(&headers, &pairs, &work);
    if admitted == Admission::Gated {
        let here = format!("{work_url}/assets/{sha256}");
        return gate_page(&state, &work, &here);
    }
    let (media_type, bytes) = state
        .work_asset(&work, &sha256)
        .await?
        .ok_or(PageError::NotFound)?;
    let Some(&served) = SERVED_TYPES.iter().find(|t| **t == media_type) else {
        tracing::error!(id, sha256, media_type, "stored image of an unexpected type");
        return Err(PageError::NotFound);
    };
    let mut response = (
        [
            (CONTENT_TYPE, HeaderValue::from_static(served)),
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response();
    if admitted == Admission::AdmittedByLink {
        remember_link_admission(&mut response, &work_url);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::asset_urls;

    #[test]
    fn asset_images_point_at_the_route() {
        let sha = "a".repeat(64);
        let html = format!("<p>x<img src=\"asset:{sha}\" alt=\"y\"><img src=\"/etc\">z</p>");
        assert_eq!(
            asset_urls(&html, "/works/7"),
            format!("<p>x<img src=\"/works/7/assets/{sha}\" alt=\"y\">z</p>")
        );
        assert_eq!(asset_urls("<p>plain</p>", "/works/7"), "<p>plain</p>");
    }
}
