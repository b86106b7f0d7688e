//! Bounds on what one search may cost: query size, nesting, time, paging.

use crate::common::{index, search_with};
use ficshelf_search::query::limits::{MAX_NESTING, MAX_QUERY_CHARS};
use ficshelf_search::{SearchError, SearchOptions};
use std::time::Duration;

fn query_error(query: &str) -> String {
    match index().search(query, &SearchOptions::default()) {
        Err(err @ SearchError::Query { .. }) => err.to_string(),
        other => panic!("expected a query error, got {other:?}"),
    }
}

#[test]
fn hostile_queries_are_refused_with_the_limit_not_a_crash() {
    let dashes = query_error(&format!("{}x", "-".repeat(2000)));
    assert!(
        dashes.starts_with(&format!(
            "query longer than the limit of {MAX_QUERY_CHARS} characters"
        )),
        "{dashes}"
    );
    let parentheses = query_error(&format!("{}x{}", "(".repeat(900), ")".repeat(900)));
    assert!(
        parentheses.starts_with(&format!("nested deeper than the limit of {MAX_NESTING}")),
        "{parentheses}"
    );
    let phrases = query_error(&"\"the a\" ".repeat(2000));
    assert!(
        phrases.starts_with("query longer than the limit"),
        "{phrases}"
    );
}

#[test]
fn a_search_past_its_time_limit_stops_with_an_error() {
    let index = index();
    let options = SearchOptions {
        time_limit: Some(Duration::ZERO),
        ..SearchOptions::default()
    };
    match index.search("", &options) {
        Err(SearchError::TimeLimit { limit }) => assert_eq!(limit, Duration::ZERO),
        other => panic!("expected the time limit, got {other:?}"),
    }
    let unlimited = SearchOptions {
        time_limit: None,
        ..SearchOptions::default()
    };
    assert_eq!(search_with(&index, "", &unlimited).total, 12);
    assert_eq!(
        search_with(&index, "", &SearchOptions::default()).total,
        12,
        "the default limit leaves ordinary searches alone"
    );
}

#[test]
fn the_farthest_page_is_empty_not_an_overflow() {
    let options = SearchOptions {
        offset: usize::MAX,
        limit: usize::MAX,
        ..SearchOptions::default()
    };
    let results = search_with(&index(), "", &options);
    assert_eq!((results.total, results.hits.len()), (12, 0));
}
