//! Shared by the HTTP tests: an in-memory catalog with a few works, a
//! server on port 0, and small helpers to read responses.
#![allow(dead_code)] // each test binary uses a different part of this module

use ficshelf_library::{LibraryError, SearchOptions, SearchResults};
use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::{SearchIndex, TagWrangler, Totals};
use ficshelf_web::{router, AppState, Catalog};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Works and chapter texts held in memory.
#[derive(Default)]
pub struct MemoryCatalog {
    pub works: Vec<Work>,
    pub bodies: HashMap<(String, u32), ChapterBody>,
    pub root: Option<PathBuf>,
    /// When set, every read fails (to test the 500 page).
    pub broken: bool,
    /// A search index of `works`, built on the first listing (after the
    /// test has added its works).
    pub index: OnceLock<SearchIndex>,
}

impl MemoryCatalog {
    fn check(&self) -> Result<(), LibraryError> {
        if self.broken {
            return Err(LibraryError::CreateFolder {
                path: PathBuf::from("/secret/internal/path"),
                source: std::io::Error::other("disk on fire"),
            });
        }
        Ok(())
    }

    fn build_index(&self) -> SearchIndex {
        let index = SearchIndex::open_in_ram().expect("index in memory");
        let wrangler = TagWrangler::new();
        let mut batch = index.writer().expect("index writer");
        for work in &self.works {
            let bodies: Vec<ChapterBody> = work
                .chapters
                .iter()
                .map(|c| {
                    let key = (work.id.clone(), c.number);
                    self.bodies.get(&key).cloned().unwrap_or_default()
                })
                .collect();
            batch
                .upsert_work(work, &bodies, &wrangler)
                .expect("index a work");
        }
        batch.commit(1).expect("commit the index");
        index
    }

    /// Adds `work` with one chapter per text (paragraphs split on blank lines).
    pub fn add(&mut self, mut work: Work, chapters: &[(&str, &str)]) {
        work.chapters = chapters
            .iter()
            .enumerate()
            .map(|(i, (title, text))| {
                let number = u32::try_from(i + 1).expect("chapter number");
                let body = ChapterBody::from_text(text);
                let chapter = Chapter {
                    number,
                    title: (!title.is_empty()).then(|| title.to_string()),
                    words: body.words(),
                    notes: Notes::default(),
                    sources: Vec::new(),
                };
                self.bodies.insert((work.id.clone(), number), body);
                chapter
            })
            .collect();
        work.words = work.chapters.iter().map(|c| c.words).sum();
        self.works.push(work);
    }
}

impl Catalog for MemoryCatalog {
    fn work(&self, id: &str) -> Result<Option<Work>, LibraryError> {
        self.check()?;
        Ok(self.works.iter().find(|w| w.id == id).cloned())
    }

    fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, LibraryError> {
        self.check()?;
        let Some(work) = self.works.iter().find(|w| w.id == id) else {
            return Ok(None);
        };
        let Some(chapter) = work.chapters.iter().find(|c| c.number == number) else {
            return Ok(None);
        };
        let body = self
            .bodies
            .get(&(id.to_string(), number))
            .cloned()
            .unwrap_or_default();
        Ok(Some((chapter.clone(), body)))
    }

    fn search_parsed(
        &self,
        query: &ParsedQuery,
        options: &SearchOptions,
    ) -> Result<Option<SearchResults>, LibraryError> {
        self.check()?;
        let index = self.index.get_or_init(|| self.build_index());
        Ok(Some(index.search_parsed(query, options)?))
    }

    fn totals(&self, options: &SearchOptions) -> Result<Option<Totals>, LibraryError> {
        self.check()?;
        let index = self.index.get_or_init(|| self.build_index());
        Ok(Some(index.totals(options)?))
    }

    fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }
}

pub const XSS_SCRIPT: &str = "<script>alert(1)</script>";
pub const XSS_IMG: &str = "<img src=x onerror=alert(1)>";
pub const XSS_LINK: &str = "javascript:alert(1)";

/// The standard fixture:
/// - `1` "A Quiet Harbour": General, Star Trek, complete, 2 chapters, newest.
/// - `2` "Long Road": Teen, Star Trek, in progress, 1 chapter.
/// - `3` "Midnight Letters": Mature, Harry Potter, 3 chapters, with suggestions.
/// - `4` "Loose Pages": Not Rated, Harry Potter, 1 chapter, no dates.
/// - `5`: a General work whose every field tries to inject markup.
pub fn library() -> MemoryCatalog {
    let mut catalog = MemoryCatalog::default();

    let mut w = Work::new("1", "A Quiet Harbour");
    w.authors = vec!["Wren".into()];
    w.rating = Rating::General;
    w.warnings = vec!["No Archive Warnings Apply".into()];
    w.category = vec!["M/M".into()];
    w.fandoms = vec!["Star Trek".into()];
    w.relationships = vec!["Kirk/Spock".into()];
    w.characters = vec!["James T. Kirk".into(), "Spock".into()];
    w.tags = vec!["Fluff".into(), "Shore Leave".into()];
    w.language = Some("English".into());
    w.summary = Some("Shore leave, a harbour, and nothing going wrong for once.".into());
    w.notes = Notes {
        begin: Some("Written for a friend.".into()),
        end: Some("Thanks for reading!".into()),
    };
    w.disclaimer = Some("Not mine.".into());
    w.status = Some(Status::Complete);
    w.published = Some("2024-01-02".into());
    w.updated = Some("2024-05-01".into());
    catalog.add(
        w,
        &[
            (
                "Arrival",
                "The harbour was quiet that morning.\n\nGulls circled overhead.",
            ),
            (
                "Departure",
                "They left at dawn.\n\n* * *\n\nThe sea was calm.",
            ),
        ],
    );
    if let Some(chapter) = catalog.works[0].chapters.get_mut(0) {
        chapter.notes.begin = Some("Chapter one note.".into());
    }

    let mut w = Work::new("2", "Long Road");
    w.authors = vec!["Ash".into(), "Birch".into()];
    w.rating = Rating::Teen;
    w.fandoms = vec!["Star Trek".into()];
    w.tags = vec!["Angst".into(), "Road Trip".into()];
    w.status = Some(Status::InProgress);
    w.updated = Some("2023-01-01".into());
    catalog.add(
        w,
        &[("", "The road went on and on, mile after mile, without end.")],
    );

    let mut w = Work::new("3", "Midnight Letters");
    w.authors = vec!["Quill".into()];
    w.rating = Rating::Mature;
    w.rating_original = Some("R".into());
    w.fandoms = vec!["Harry Potter".into()];
    w.relationships = vec!["Harry/Draco".into()];
    w.tags = vec!["Angst".into()];
    w.summary = Some("MATURE_SUMMARY letters at midnight.".into());
    w.status = Some(Status::Complete);
    w.updated = Some("2022-03-03".into());
    w.suggested.characters = vec!["Hermione Granger".into()];
    w.suggested.rating = Some(Rating::Explicit);
    catalog.add(
        w,
        &[
            ("One", "SECRET_MATURE_TEXT first letter."),
            ("Two", "SECRET_MATURE_TEXT second letter."),
            ("Three", "SECRET_MATURE_TEXT third letter."),
        ],
    );

    let mut w = Work::new("4", "Loose Pages");
    w.rating = Rating::NotRated;
    w.fandoms = vec!["Harry Potter".into()];
    w.title_inferred = true;
    catalog.add(w, &[("", "UNRATED_TEXT a page without a rating.")]);

    let mut w = Work::new("5", format!("Tricky {XSS_SCRIPT} title"));
    w.authors = vec![format!("{XSS_IMG}")];
    w.rating = Rating::General;
    w.fandoms = vec![XSS_LINK.into()];
    w.tags = vec![XSS_SCRIPT.into(), XSS_IMG.into(), XSS_LINK.into()];
    w.summary = Some(format!("Summary {XSS_SCRIPT} {XSS_IMG} {XSS_LINK}"));
    w.notes.begin = Some(XSS_SCRIPT.into());
    w.fields = vec![ficshelf_model::Field {
        label: XSS_IMG.into(),
        value: XSS_SCRIPT.into(),
    }];
    w.updated = Some("2020-01-01".into());
    catalog.add(w, &[(XSS_SCRIPT, "Body text")]);
    if let Some(body) = catalog.bodies.get_mut(&("5".to_string(), 1)) {
        body.blocks
            .push(Block::Paragraph(format!("{XSS_SCRIPT} {XSS_IMG}")));
    }
    catalog
}

/// A running server.
pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
}

impl Server {
    /// Starts serving `catalog` on a free port of 127.0.0.1.
    pub async fn start(catalog: MemoryCatalog, max_rating: Option<Rating>) -> Server {
        Server::start_state(AppState::with_catalog(catalog, max_rating)).await
    }

    pub async fn start_state(state: AppState) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move {
            axum::serve(listener, router(state)).await.expect("serve");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Server {
            base: format!("http://{addr}"),
            client,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The same server, every request sending `Authorization: value` (an
    /// e-reader app signed in with HTTP Basic or an API token).
    pub fn signed_in(&self, authorization: &str) -> Server {
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_str(authorization).expect("header value");
        headers.insert(reqwest::header::AUTHORIZATION, value);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Server {
            base: self.base.clone(),
            client,
        }
    }

    /// GET `path`; returns the response.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET `path` with a `Cookie` header.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("GET")
    }

    /// GET `path`, expect `status`, return the body.
    pub async fn text(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.text().await.expect("body")
    }

    /// GET `path` with a `Cookie` header, expect 200, return the body.
    pub async fn text_with_cookie(&self, path: &str, cookie: &str) -> String {
        let response = self.get_with_cookie(path, cookie).await;
        assert_eq!(response.status().as_u16(), 200, "GET {path}");
        response.text().await.expect("body")
    }

    /// GET `path`, expect 200, parse JSON.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "GET {path}");
        let text = response.text().await.expect("body");
        serde_json::from_str(&text).expect("JSON body")
    }
}

/// The ids of the blurbs on a listing page, in order.
pub fn listed_ids(html: &str) -> Vec<String> {
    html.split("class=\"blurb-title\"><a href=\"/works/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The label text and count of a filter option, e.g. `("Mature", 1)`.
pub fn option_count(html: &str, label: &str) -> Option<usize> {
    let needle = format!("{label} <span class=\"count\">(");
    let rest = html.split(&needle).nth(1)?;
    Some(rest.split(')').next()?.parse().expect("count is a number"))
}

/// How many times `needle` occurs.
pub fn occurrences(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}
