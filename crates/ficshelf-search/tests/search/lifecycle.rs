//! Opening, writing, commit labels, schema checks and chapter attribution.

use crate::common::{corpus, wrangler, Spec};
use ficshelf_model::ChapterBody;
use ficshelf_search::{SearchError, SearchIndex, SearchOptions, TagWrangler};

fn titles(index: &SearchIndex, query: &str) -> Vec<String> {
    let results = index
        .search(query, &SearchOptions::default())
        .expect("search");
    results.hits.into_iter().map(|h| h.title).collect()
}

#[test]
fn a_directory_index_persists_works_and_the_commit_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index");
    {
        let index = SearchIndex::open(&path).expect("create");
        assert_eq!(index.committed_label().expect("label"), None);
        assert_eq!(index.doc_count().expect("count"), 0);
        let mut batch = index.writer().expect("writer");
        for (work, bodies) in corpus().iter().take(3) {
            batch
                .upsert_work(work, bodies, &wrangler())
                .expect("upsert");
        }
        batch.commit(3).expect("commit");
        batch.finish().expect("finish");
    }
    let index = SearchIndex::open(&path).expect("reopen");
    assert_eq!(index.committed_label().expect("label"), Some(3));
    assert_eq!(
        index.commit_info().expect("info").synonyms,
        Some(wrangler().fingerprint())
    );
    assert_eq!(index.doc_count().expect("count"), 3);
    assert_eq!(index.work_ids().expect("ids"), ["1", "2", "3"]);
    assert_eq!(titles(&index, "dragon").len(), 3);
}

#[test]
fn uncommitted_changes_are_invisible_and_dropped() {
    let index = SearchIndex::open_in_ram().expect("index");
    let (work, bodies) = &corpus()[0];
    {
        let mut batch = index.writer().expect("writer");
        batch
            .upsert_work(work, bodies, &TagWrangler::new())
            .expect("upsert");
        assert_eq!(index.doc_count().expect("count"), 0);
    }
    assert_eq!(index.doc_count().expect("count"), 0);
    assert_eq!(index.committed_label().expect("label"), None);
}

#[test]
fn upsert_replaces_and_delete_removes_with_chapters() {
    let index = SearchIndex::open_in_ram().expect("index");
    let (mut work, bodies) = corpus().remove(0);
    let mut batch = index.writer().expect("writer");
    batch
        .upsert_work(&work, &bodies, &TagWrangler::new())
        .expect("upsert");
    batch.commit(1).expect("commit");
    work.title = "Sea Glass (revised)".into();
    let new_bodies = vec![
        ChapterBody::from_text("A kraken.\n"),
        ChapterBody::from_text("More sea glass.\n"),
        ChapterBody::default(),
    ];
    batch
        .upsert_work(&work, &new_bodies, &TagWrangler::new())
        .expect("upsert again");
    batch.commit(2).expect("commit");
    assert_eq!(index.doc_count().expect("count"), 1);
    assert_eq!(
        titles(&index, "dragon"),
        Vec::<String>::new(),
        "old chapter text is gone"
    );
    let results = index
        .search("glass", &SearchOptions::default())
        .expect("search");
    assert_eq!(results.hits[0].title, "Sea Glass (revised)");
    assert_eq!(results.hits[0].chapter, Some(2));
    assert_eq!(
        results.hits[0].snippet.as_deref(),
        Some("More sea <mark>glass</mark>.")
    );

    batch.delete_work(&work.id);
    batch.commit(3).expect("commit");
    assert_eq!(index.doc_count().expect("count"), 0);
    assert_eq!(index.committed_label().expect("label"), Some(3));
    batch.delete_all().expect("delete all");
}

#[test]
fn one_writer_at_a_time() {
    let index = SearchIndex::open_in_ram().expect("index");
    let _first = index.writer().expect("writer");
    assert!(matches!(index.writer(), Err(SearchError::WriterBusy)));
}

#[test]
fn invalid_works_are_rejected() {
    let index = SearchIndex::open_in_ram().expect("index");
    let mut batch = index.writer().expect("writer");
    let (mut work, bodies) = corpus().remove(0);
    let err = batch
        .upsert_work(&work, &bodies[..1], &TagWrangler::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "work 1 has 3 chapters but 1 chapter bodies were given"
    );
    work.id = "abc".into();
    let err = batch
        .upsert_work(&work, &bodies, &TagWrangler::new())
        .unwrap_err();
    assert!(matches!(err, SearchError::BadWorkId { .. }), "{err}");
}

#[test]
fn a_foreign_index_needs_a_rebuild_and_recreate_starts_afresh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(dir.path(), builder.build()).expect("foreign index");
    std::fs::write(dir.path().join("synonyms.toml"), "").expect("unrelated file");
    let err = SearchIndex::open(dir.path()).err().expect("must fail");
    assert!(matches!(err, SearchError::RebuildNeeded { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("needs a rebuild: no schema version on disk, 2 expected"),
        "{err}"
    );
    let index = SearchIndex::recreate(dir.path()).expect("recreate");
    assert_eq!(index.doc_count().expect("count"), 0);
    assert!(
        dir.path().join("synonyms.toml").exists(),
        "recreate only deletes index files"
    );
    drop(index);
    SearchIndex::open(dir.path()).expect("reopens cleanly");
}

#[test]
fn best_chapter_is_found_among_many_uneven_chapters() {
    let long_word = "x".repeat(60);
    let mut texts: Vec<String> = (1..=30)
        .map(|n| {
            format!(
                "Chapter {n} {} talks about rain and {long_word} weather.",
                "filler ".repeat(n * 7)
            )
        })
        .collect();
    texts[4] = String::new();
    texts[16].push_str(" Then the lighthouse keeper waved.");
    texts[25].push_str(" Lighthouse, lighthouse, lighthouse!");
    let chapters: Vec<&'static str> = texts
        .into_iter()
        .map(|t| &*Box::leak(t.into_boxed_str()))
        .collect();
    let spec = Spec {
        id: "77",
        title: "Weather",
        chapters: Box::leak(chapters.into_boxed_slice()),
        ..Spec::default()
    };
    let (work, bodies) = spec.build();
    let index = SearchIndex::open_in_ram().expect("index");
    let mut batch = index.writer().expect("writer");
    batch
        .upsert_work(&work, &bodies, &TagWrangler::new())
        .expect("upsert");
    batch.commit(1).expect("commit");
    let hit = |q: &str| {
        index
            .search(q, &SearchOptions::default())
            .expect("search")
            .hits
            .remove(0)
    };
    assert_eq!(hit("keeper").chapter, Some(17));
    let snippet = hit("keeper").snippet.expect("snippet");
    assert!(
        snippet.starts_with('…'),
        "cut from a long chapter: {snippet}"
    );
    assert!(
        snippet.ends_with("lighthouse <mark>keeper</mark> waved."),
        "{snippet}"
    );
    assert!(snippet.chars().count() < 300, "{snippet}");
    assert_eq!(hit("lighthouse").chapter, Some(26));
    assert_eq!(hit(r#""lighthouse keeper""#).chapter, Some(17));
    assert_eq!(hit("\"chapter 30\"").chapter, Some(30));
    assert_eq!(hit("\"chapter 6\"").chapter, Some(6));
    assert_eq!(hit("\"chapter 1 filler\"").chapter, Some(1));
}

/// Regression: an import and a reader started together on a new library
/// both created its index; the second found the first's index before its
/// first commit, took it for one of another schema and deleted it, and the
/// import failed with "meta.json does not exist". Opening waits for a
/// creation in progress and creates the index once.
#[test]
fn opening_a_new_index_from_many_threads_at_once_creates_it_once() {
    for round in 0..5 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, barrier) = (path.clone(), std::sync::Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    SearchIndex::open(&path).map(|index| index.committed_label())
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().expect("thread");
            assert!(matches!(opened, Ok(Ok(None))), "round {round}: {opened:?}");
        }
    }
}

/// Regression (#13, the journal model's rare "work live in the store but
/// absent from the index"): tantivy's watcher thread reloaded the reader on
/// its own, and two reloads racing could finish out of order, leaving
/// searches on an older commit than one already seen; a second process's
/// handle compared `meta.json`'s size and time, which two quick commits can
/// leave the same. Now every reload is ours, one at a time, and a handle
/// compares `meta.json`'s content. Each commit below (a work added, then
/// removed: `meta.json` keeps its size) is seen at once by the writing
/// handle and by another, while other threads search all along.
#[test]
fn every_commit_is_seen_at_once_by_every_handle_while_others_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index");
    let writing = std::sync::Arc::new(SearchIndex::open(&path).expect("create"));
    let other = std::sync::Arc::new(SearchIndex::open(&path).expect("open"));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searchers: Vec<_> = [&writing, &other, &writing]
        .into_iter()
        .map(|index| {
            let (index, done) = (std::sync::Arc::clone(index), std::sync::Arc::clone(&done));
            std::thread::spawn(move || {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    index
                        .search("dragon", &SearchOptions::default())
                        .expect("search");
                }
            })
        })
        .collect();
    let (work, bodies) = &corpus()[0];
    let mut batch = writing.writer().expect("writer");
    for round in 0..60u64 {
        let present = round % 2 == 0;
        if present {
            batch
                .upsert_work(work, bodies, &wrangler())
                .expect("upsert");
        } else {
            batch.delete_work(&work.id);
        }
        batch.commit(round).expect("commit");
        let want = u64::from(present);
        assert_eq!(writing.doc_count().expect("count"), want, "round {round}");
        assert_eq!(
            other.doc_count().expect("count"),
            want,
            "round {round}: other handle"
        );
        assert_eq!(titles(&other, "dragon").len() as u64, want, "round {round}");
    }
    batch.finish().expect("finish");
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for searcher in searchers {
        searcher.join().expect("searcher");
    }
}
