//! `GET /opds/search?q=…&page=N`: the library's full-text search and its
//! query language, as an acquisition feed with rating and fandom facets
//! from the search's own exact counts.
//!
//! The query runs within the reader's scope; a catalog without consent
//! lists and counts only works that need none (see [`feed_scope`]).

use super::select::feed_scope;
use super::ACQUISITION_CONTENT_TYPE;
use super::{bad_query, page_of, respond, totals, FeedError, FeedRequest};
use crate::http::auth::Scope;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use ficshelf_export::opds::{
    acquisition, pagination_links, FeedMeta, Link, Urls, ACQUISITION_TYPE, NAVIGATION_TYPE,
};

/// `GET /opds/search`.
pub(in crate::http) async fn search(
    State(state): State<AppState>,
    Scope(scope): Scope,
    RawQuery(raw): RawQuery,
) -> Result<Response, FeedError> {
    let catalog = FeedRequest::new(raw.as_deref());
    let urls = catalog.urls;
    let query = catalog
        .pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let parsed = ficshelf_search::query::parse(&query).map_err(bad_query)?;
    let scope = feed_scope(scope, urls.adult);
    let facet_top = ficshelf_library::SearchOptions::default().facet_top;
    let (page, counts) = page_of(&state, &scope, parsed, catalog.page(), facet_top).await?;
    let href = |n: usize| {
        let number = n.to_string();
        let mut pairs = vec![("q", query.as_str())];
        if n > 1 {
            pairs.push(("page", number.as_str()));
        }
        urls.href("/opds/search", pairs)
    };
    let title = search_title(&query);
    let mut meta = FeedMeta::new(
        &urls,
        &title,
        href(page.number),
        ACQUISITION_TYPE,
        catalog.now,
    );
    meta.links
        .push(Link::new("up", urls.root(), NAVIGATION_TYPE));
    meta.links.extend(pagination_links(
        page.number,
        page.pages,
        ACQUISITION_TYPE,
        href,
    ));
    meta.links.extend(search_facets(
        &urls,
        &query,
        &counts.rating.0,
        &counts.fandom.values.0,
    ));
    meta.totals = Some(totals(page.total, page.number));
    let body = acquisition(&meta, &page.works, &urls)?;
    Ok(respond(body, ACQUISITION_CONTENT_TYPE))
}

fn search_title(query: &str) -> String {
    if query.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {query}")
    }
}

/// Facets that narrow the search by one rating or one fandom, counted by
/// the search itself. Fandoms whose name holds a `"` cannot be written as a
/// filter and are left out.
fn search_facets(
    urls: &Urls,
    query: &str,
    ratings: &[(String, u64)],
    fandoms: &[(String, u64)],
) -> Vec<Link> {
    let narrowed = |filter: String| {
        let text = if query.is_empty() {
            filter
        } else {
            format!("{query} {filter}")
        };
        urls.search(&text)
    };
    let mut links = Vec::new();
    for (name, count) in ratings {
        let label = ficshelf_model::Rating::from_machine_name(name)
            .map_or(name.as_str(), |rating| rating.display_name());
        let href = narrowed(format!("rating:{name}"));
        links.push(Link::facet("Rating", label, href, *count, false));
    }
    for (fandom, count) in fandoms {
        if fandom.contains('"') {
            continue;
        }
        let href = narrowed(format!("fandom:\"{fandom}\""));
        links.push(Link::facet("Fandom", fandom, href, *count, false));
    }
    links
}
