//! The shared store behaviour suite against a file-backed SQLite store, and
//! the SQLite backend's own concerns: migrations, reopening, URLs.

use ficshelf_store::{behaviour, SqliteStore, Store, StoreError};
use std::cell::Cell;
use std::path::Path;

fn open(path: &Path) -> SqliteStore {
    match SqliteStore::open(path) {
        Ok(store) => store,
        Err(e) => panic!("open {}: {e} ({e:?})", path.display()),
    }
}

#[test]
fn behaviour_suite_on_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = Cell::new(0u32);
    behaviour::run_all(&|| {
        made.set(made.get() + 1);
        let path = dir.path().join(format!("case-{}.sqlite3", made.get()));
        Box::new(open(&path))
    });
    assert_eq!(made.get() as usize, behaviour::CASES.len());
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open raw");
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("read user_version")
}

/// A one-chapter work, saved; returns its id.
fn save_one(store: &mut dyn Store) -> String {
    let mut work = ficshelf_model::Work::new("", "Reopened");
    work.sources = vec!["/in/reopen.txt".into()];
    work.chapters.push(ficshelf_model::Chapter {
        number: 1,
        title: None,
        words: 1,
        notes: Default::default(),
        sources: vec!["/in/reopen.txt".into()],
    });
    let sources = [ficshelf_model::Source {
        path: "/in/reopen.txt".into(),
        sha256: "ab".repeat(32),
        bytes: 5,
    }];
    let key = ficshelf_store::ChapterKey {
        source: "/in/reopen.txt".into(),
        index: 0,
        stated_number: None,
    };
    let body = ficshelf_model::ChapterBody::from_text("Hello.\n");
    let write = ficshelf_store::WorkWrite {
        id: None,
        identity_key: "reopened",
        aliases: &[],
        work: &work,
        sources: &sources,
        chapter_keys: std::slice::from_ref(&key),
        new_bodies: vec![(key.clone(), &body)],
        assets: &[],
        signature: None,
    };
    store.save_work(&write).expect("save")
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut store = open(&path);
    let id = save_one(&mut store);
    let before = store.load_work(&id).expect("load");
    drop(store);
    assert_eq!(user_version(&path), SqliteStore::SCHEMA_VERSION);

    // The initial migration creates tables without IF NOT EXISTS: running it
    // again would fail, so a successful reopen shows it was skipped.
    let store = open(&path);
    assert_eq!(user_version(&path), SqliteStore::SCHEMA_VERSION);
    assert!(before.is_some());
    assert_eq!(store.load_work(&id).expect("load again"), before);
    assert_eq!(store.work_count().expect("count"), 1);
    let journal: String = rusqlite::Connection::open(&path)
        .expect("open raw")
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .expect("journal_mode");
    assert_eq!(journal, "wal");
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    drop(open(&path));
    let newer = SqliteStore::SCHEMA_VERSION + 1;
    rusqlite::Connection::open(&path)
        .expect("open raw")
        .pragma_update(None, "user_version", newer)
        .expect("set user_version");
    match SqliteStore::open(&path) {
        Err(StoreError::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (newer, SqliteStore::SCHEMA_VERSION));
        }
        Err(e) => panic!("expected SchemaTooNew, got {e:?}"),
        Ok(_) => panic!("expected SchemaTooNew, the store opened"),
    }
}

#[test]
fn unopenable_path_is_an_open_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no-such-folder").join("library.sqlite3");
    match SqliteStore::open(&path) {
        Err(StoreError::Open { path: reported, .. }) => assert_eq!(reported, path),
        Err(e) => panic!("expected Open, got {e:?}"),
        Ok(_) => panic!("expected Open error, the store opened"),
    }
}

#[test]
fn urls_choose_the_backend() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("by-url.sqlite3");
    let mut store = match ficshelf_store::open(&format!("sqlite://{}", path.display())) {
        Ok(store) => store,
        Err(e) => panic!("sqlite:// URL: {e:?}"),
    };
    let id = save_one(store.as_mut());
    drop(store);
    // A bare path opens the same file.
    let store = match ficshelf_store::open(&path.display().to_string()) {
        Ok(store) => store,
        Err(e) => panic!("bare path: {e:?}"),
    };
    assert!(store.load_work(&id).expect("load").is_some());

    match ficshelf_store::open("postgres://user@localhost/ficshelf") {
        Err(e @ StoreError::UnsupportedUrl { .. }) => {
            let message = e.to_string();
            assert!(message.contains("sqlite://"), "{message}");
            assert!(message.contains("\"postgres\""), "{message}");
        }
        Err(e) => panic!("expected UnsupportedUrl, got {e:?}"),
        Ok(_) => panic!("expected UnsupportedUrl, a store opened"),
    }
}
