//! Requests built to crash or starve the server: queries that exhausted the
//! parser's stack, page numbers that wrapped, and slow searches that held
//! every library handle while chapter pages waited.

use crate::common::{library, MemoryCatalog, Server};
use crate::library::imported_library;
use ficshelf_library::{LibraryError, SearchOptions, SearchResults};
use ficshelf_model::{Chapter, ChapterBody, Work};
use ficshelf_web::{AppState, Catalog};
use std::path::Path;
use std::time::{Duration, Instant};

async fn real_library() -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = imported_library(dir.path());
    let server = Server::start_state(AppState::new(library, None)).await;
    (server, dir)
}

fn encoded(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn hostile_queries_get_an_error_page_and_the_server_lives_on() {
    let (server, _dir) = real_library().await;
    let cases = [
        ("-".repeat(500) + "x", "nested deeper than the limit of 32"),
        (
            "(".repeat(3000) + &")".repeat(3000),
            "query longer than the limit of 2000 characters",
        ),
        (
            "(".repeat(900) + "x" + &")".repeat(900),
            "nested deeper than the limit of 32",
        ),
        ("\"the a\" ".repeat(2000), "query longer than the limit"),
        (
            "\"the a\" ".repeat(100),
            "more than the limit of 64 words, phrases and filter values",
        ),
    ];
    for (query, message) in cases {
        let page = server
            .text(&format!("/search?q={}", encoded(&query)), 400)
            .await;
        assert!(
            page.contains(message),
            "{message}: {}",
            &page[..page.len().min(400)]
        );
        let api = server
            .get(&format!("/api/search?q={}", encoded(&query)))
            .await;
        assert_eq!(api.status().as_u16(), 400);
        let body: serde_json::Value =
            serde_json::from_str(&api.text().await.expect("body")).expect("JSON error");
        assert!(
            body["error"].as_str().is_some_and(|e| e.contains(message)),
            "{body}"
        );
    }
    let found = server.text("/search?q=harbour", 200).await;
    assert!(
        found.contains("A Quiet Harbour"),
        "the server still answers"
    );
}

#[tokio::test]
async fn a_huge_page_number_is_past_the_end_not_wrapped() {
    let (server, _dir) = real_library().await;
    let page = server
        .text("/search?q=the&page=922337203685477582", 200)
        .await;
    assert!(
        page.contains("No works on page 922337203685477582: 3 works fill 1 page."),
        "{page}"
    );
    assert!(
        !page.contains("A Quiet Harbour"),
        "no works from an early page"
    );
    assert!(
        page.contains("/search?q=the&amp;page=1"),
        "a link back to the last page"
    );
    let api = server
        .json("/api/search?q=the&page=922337203685477582")
        .await;
    assert_eq!(api["total"], 3);
    assert_eq!(api["hits"].as_array().map(Vec::len), Some(0));
    let listing = server.text("/works?page=922337203685477582", 200).await;
    assert!(
        listing.contains("3 works"),
        "the listing shows its last page"
    );
}

/// A catalog whose searches take `delay` (a query built to be slow), with
/// the standard works for chapters.
struct SlowSearch {
    works: MemoryCatalog,
    delay: Duration,
}

impl Catalog for SlowSearch {
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        self.works.work(id)
    }
    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        self.works.chapter(id, number)
    }
    fn root(&self) -> Option<&Path> {
        None
    }
    fn search(
        &self,
        _query: &str,
        _options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        std::thread::sleep(self.delay);
        Ok(None)
    }
}

fn slow(delay: Duration) -> Box<dyn Catalog> {
    Box::new(SlowSearch {
        works: library(),
        delay,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chapter_pages_never_wait_behind_searches() {
    let delay = Duration::from_secs(3);
    let readers = (0..2).map(|_| slow(delay)).collect();
    let searchers = (0..2).map(|_| slow(delay)).collect();
    let state = AppState::with_catalogs(slow(delay), readers, searchers, None);
    assert_eq!((state.handles(), state.search_handles()), (3, 2));
    let server = std::sync::Arc::new(Server::start_state(state).await);
    server.text("/works/1/chapters/1", 200).await; // loads the works
    let searches: Vec<_> = (0..8)
        .map(|n| {
            let server = std::sync::Arc::clone(&server);
            tokio::spawn(async move { server.get(&format!("/search?q=slow{n}")).await.status() })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    for n in 1..=2 {
        let page = server.text(&format!("/works/1/chapters/{n}"), 200).await;
        assert!(page.contains("harbour") || page.contains("dawn"), "{page}");
    }
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(1),
        "chapter pages waited {waited:?} behind eight 3 s searches"
    );
    for search in searches {
        assert_eq!(search.await.expect("search task").as_u16(), 200);
    }
}
