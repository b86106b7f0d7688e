//! Any text as a search query: the parser must give a query or an error
//! pointing into the query (never panic, never exhaust the stack), and a
//! parsed query must run on a small index (building the tantivy query,
//! resolving names, collecting facets, rendering snippets).
#![no_main]

use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Work};
use ficshelf_search::{SearchError, SearchIndex, SearchOptions, TagWrangler};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Three works with tags, ratings and text, built once per process.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::open_in_ram().expect("in-RAM index");
        let wrangler = TagWrangler::new();
        let mut batch = index.writer().expect("writer");
        let stories = [
            (
                "Sea Glass",
                Rating::Teen,
                "Wren Aldous/Tobias Fenwick",
                "The dragon slept on sea glass. \"Wren?\" said Toby.",
            ),
            (
                "Orchard",
                Rating::Explicit,
                "Mara Voss",
                "Apples fell all night; Mara counted them, café to café.",
            ),
            (
                "Lamplight",
                Rating::General,
                "Tobias Fenwick & Mara Voss",
                "A lamp, a letter, and the long road north.",
            ),
        ];
        for (n, (title, rating, relationship, text)) in stories.into_iter().enumerate() {
            let mut work = Work::new(&(n + 1).to_string(), title);
            work.rating = rating;
            work.authors = vec![format!("author{n}")];
            work.fandoms = vec!["The Glasshouse".into()];
            work.relationships = vec![relationship.into()];
            work.characters = vec!["Mara Voss".into(), "Wren Aldous".into()];
            work.tags = vec!["Angst".into(), "Fluff".into()];
            work.chapters = vec![Chapter {
                number: 1,
                title: None,
                words: 12,
                notes: Notes::default(),
                sources: vec![],
            }];
            let body = ChapterBody {
                blocks: vec![Block::Paragraph(text.into())],
            };
            batch
                .upsert_work(&work, &[body], &wrangler)
                .expect("upsert");
        }
        batch.commit(1).expect("commit");
        drop(batch);
        index
    })
}

fuzz_target!(|query: &str| {
    if let Err(SearchError::Query { offset, .. }) = ficshelf_search::query::parse(query) {
        assert!(offset <= query.len(), "error offset past the query");
    }
    match index().search(query, &SearchOptions::default()) {
        Ok(_) | Err(SearchError::Query { .. } | SearchError::TimeLimit { .. }) => {}
        Err(other) => panic!("{query:?}: {other}"),
    }
});
