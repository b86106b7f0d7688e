//! `GET /opds/search?q=…&page=N`: the library's full-text search and its
//! query language, as an acquisition feed with rating and fandom facets
//! from the search's own exact counts.
//!
//! A catalog without consent adds `rating:general,teen` to every query, so
//! adult works are neither listed nor counted. A catalog with no search
//! index (tests and embedders serving works from memory) falls back to the
//! listing's text filter over titles, authors, summaries and tags.

use super::select::{admits, select, visible, Selection};
use super::{facets, respond, totals, FeedError, FeedRequest};
use super::{ACQUISITION_CONTENT_TYPE, PER_PAGE};
use crate::browse::paginate;
use crate::http::auth::CurrentReader;
use crate::state::SearchOutcome;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use ficshelf_export::opds::{
    acquisition, pagination_links, FeedMeta, Link, Urls, ACQUISITION_TYPE, NAVIGATION_TYPE,
};
use ficshelf_model::Work;

/// The filter a catalog without consent adds to every query.
const NO_CONSENT_FILTER: &str = "rating:general,teen";

/// `GET /opds/search`.
pub(in crate::http) async fn search(
    State(state): State<AppState>,
    reader: CurrentReader,
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
    let page = catalog.page();
    let sent = if urls.adult {
        query.clone()
    } else {
        format!("{query} {NO_CONSENT_FILTER}")
    };
    let offset = (page - 1) * PER_PAGE;
    let (results, found) = match state
        .search(state.scope_for(&reader).await?, sent, offset, PER_PAGE)
        .await?
    {
        SearchOutcome::Found(results, works) => (results, works),
        SearchOutcome::BadQuery(message) => return Err(FeedError::BadQuery(message)),
        SearchOutcome::NoIndex => return without_index(&state, catalog, query).await,
    };
    // The search applied the rating limit and the consent filter; reading
    // the works and `admits` check again.
    let works: Vec<&Work> = found
        .iter()
        .filter(|work| admits(urls.adult, work))
        .collect();
    let total = usize::try_from(results.total).unwrap_or(usize::MAX);
    let pages = total.div_ceil(PER_PAGE).max(1);
    let href = |n: usize| {
        let number = n.to_string();
        let mut pairs = vec![("q", query.as_str())];
        if n > 1 {
            pairs.push(("page", number.as_str()));
        }
        urls.href("/opds/search", pairs)
    };
    let title = search_title(&query);
    let mut meta = FeedMeta::new(&urls, &title, href(page), ACQUISITION_TYPE, catalog.now);
    meta.links
        .push(Link::new("up", urls.root(), NAVIGATION_TYPE));
    meta.links.extend(pagination_links(
        page.min(pages),
        pages,
        ACQUISITION_TYPE,
        href,
    ));
    let counts = &results.facets;
    meta.links.extend(search_facets(
        &urls,
        &query,
        &counts.rating.0,
        &counts.fandom.values.0,
    ));
    meta.totals = Some(totals(total, page));
    let body = acquisition(&meta, works, &urls)?;
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

/// The search of a catalog without an index: the listing's text filter.
async fn without_index(
    state: &AppState,
    catalog: FeedRequest,
    query: String,
) -> Result<Response, FeedError> {
    let urls = catalog.urls;
    let snapshot = state.snapshot().await?;
    let works = visible(snapshot.works(), urls.adult);
    let mut selection = Selection::from_pairs(&[]);
    selection.query.text = query.clone();
    let page = paginate(select(&works, &selection), catalog.page(), PER_PAGE);
    let href = |n: usize| {
        let number = n.to_string();
        let mut pairs = vec![("q", query.as_str())];
        if n > 1 {
            pairs.push(("page", number.as_str()));
        }
        urls.href("/opds/search", pairs)
    };
    // Facets lead to the works feed, which filters text the same way.
    let facet_links = facets(&urls, &works, &selection);
    let title = search_title(&query);
    super::acquisition_page(&urls, &title, &page, href, facet_links, catalog.now)
}
