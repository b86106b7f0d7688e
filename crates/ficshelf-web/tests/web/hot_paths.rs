//! What the busiest pages cost in trips to the library: a chapter page
//! reads its work once, signed in or not, and the requests of a reader
//! arriving together build that reader's view once, and a page read
//! while the library changed is not kept as current.

use crate::accounts::{sign_in, KID_PASSWORD};
use crate::common::{library, MemoryCatalog, Server};
use ficshelf_library::readers::Readers;
use ficshelf_library::{LibraryError, SearchOptions, SearchResults};
use ficshelf_model::{Chapter, ChapterBody, Rating, Work};
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::{TagWrangler, Totals};
use ficshelf_web::{AppState, Catalog};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tempfile::TempDir;

/// How often each kind of read reached the catalog.
#[derive(Default)]
struct Reads {
    works: AtomicUsize,
    searches: AtomicUsize,
    chapters: AtomicUsize,
}

impl Reads {
    fn works(&self) -> usize {
        self.works.load(Ordering::SeqCst)
    }

    fn searches(&self) -> usize {
        self.searches.load(Ordering::SeqCst)
    }
}

/// The test library, counting its reads, with a search content key that
/// never changes. With a `watched` file, its chapters read differently
/// after the first chapter read, as if an import landed while that page
/// was being read: the import writes the watched file at that moment.
struct Counting {
    inner: MemoryCatalog,
    reads: Arc<Reads>,
    watched: Option<PathBuf>,
}

impl Counting {
    fn new(reads: &Arc<Reads>, watched: Option<PathBuf>) -> Counting {
        Counting {
            inner: library(),
            reads: Arc::clone(reads),
            watched,
        }
    }
}

impl Catalog for Counting {
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        self.reads.works.fetch_add(1, Ordering::SeqCst);
        self.inner.work(id)
    }

    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        let found = self.inner.chapter(id, number)?;
        let (Some(watched), Some((chapter, _))) = (&self.watched, &found) else {
            return Ok(found);
        };
        let text = if self.reads.chapters.fetch_add(1, Ordering::SeqCst) == 0 {
            let mut log = std::fs::OpenOptions::new()
                .append(true)
                .open(watched)
                .expect("open the watched file");
            std::io::Write::write_all(&mut log, b"a change").expect("write");
            "The first telling of the crossing."
        } else {
            "The second telling of the crossing."
        };
        Ok(Some((chapter.clone(), ChapterBody::from_text(text))))
    }

    fn watch(&self) -> Vec<PathBuf> {
        self.watched.iter().cloned().collect()
    }

    fn root(&self) -> Option<&Path> {
        self.inner.root()
    }

    fn search_parsed(
        &self,
        query: &ParsedQuery,
        options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        self.reads.searches.fetch_add(1, Ordering::SeqCst);
        self.inner.search_parsed(query, options)
    }

    fn totals(&self, options: &SearchOptions) -> Result<Option<Totals>, LibraryError> {
        self.inner.totals(options)
    }

    fn search_key(&self) -> Option<u64> {
        Some(1)
    }
}

/// A server over the counting library, with accounts when `accounts`
/// (the reader `kid`, rated up to Teen).
async fn server(accounts: bool) -> (Server, Arc<Reads>, TempDir) {
    let reads = Arc::new(Reads::default());
    let mut state = AppState::with_catalog(Counting::new(&reads, None), None);
    let dir = tempfile::tempdir().expect("tempdir");
    if accounts {
        let mut readers = Readers::open(dir.path()).expect("readers");
        readers
            .add_user("kid", KID_PASSWORD, false, Some(Rating::Teen))
            .expect("add kid");
        state = state.with_readers(readers, TagWrangler::new());
    }
    (Server::start_state(state).await, reads, dir)
}

#[tokio::test]
async fn an_anonymous_chapter_page_reads_its_work_once() {
    let (server, reads, _dir) = server(false).await;
    let page = server.get("/works/1/chapters/2").await;
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(reads.works(), 1, "rendered");
    let again = server.get("/works/1/chapters/2").await;
    assert_eq!(again.status().as_u16(), 200);
    assert_eq!(reads.works(), 2, "kept, still admitted");
    assert_eq!(
        server.get("/works/1/chapters/9").await.status().as_u16(),
        404
    );
}

#[tokio::test]
async fn a_signed_in_chapter_page_reads_its_work_once() {
    let (server, reads, _dir) = server(true).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let before = reads.works();
    let page = server.get_with_cookie("/works/1/chapters/2", &kid).await;
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(
        reads.works() - before,
        1,
        "the middleware's read is handed on"
    );
    // Work 3 is Mature: past kid's limit.
    let hidden = server.get_with_cookie("/works/3/chapters/1", &kid).await;
    assert_eq!(hidden.status().as_u16(), 404);
}

#[tokio::test]
async fn requests_arriving_together_build_one_view() {
    let (server, reads, _dir) = server(true).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let before = reads.searches();
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let request = server
            .client
            .get(server.url("/works/1/chapters/1"))
            .header("cookie", &kid);
        requests.spawn(async move { request.send().await.expect("GET").status().as_u16() });
    }
    while let Some(status) = requests.join_next().await {
        assert_eq!(status.expect("request task"), 200);
    }
    // The one search is the library's vocabulary, counted for the view.
    assert_eq!(reads.searches() - before, 1);
}

#[tokio::test]
async fn a_page_read_while_the_library_changed_is_not_kept_as_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let watched = dir.path().join("library.sqlite3");
    std::fs::write(&watched, b"before").expect("write");
    let catalog = Counting::new(&Arc::new(Reads::default()), Some(watched));
    let server = Server::start_state(AppState::with_catalog(catalog, None)).await;
    let first = server.get("/works/1/chapters/1").await;
    assert!(first.text().await.expect("body").contains("first telling"));
    let second = server.get("/works/1/chapters/1").await;
    let html = second.text().await.expect("body");
    assert!(
        html.contains("second telling"),
        "the page of the library as it was: {html}"
    );
}
