//! The shared store behaviour suite against a file-backed SQLite store, and
//! the SQLite backend's own concerns: migrations, reopening, URLs. The
//! readers' suite gets one `#[test]` per case (`reader_cases!`).

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

/// One `#[test]` per readers' case, each on a fresh database file; the
/// list must name every case of `behaviour::readers::CASES`.
macro_rules! reader_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let dir = tempfile::tempdir().expect("tempdir");
                let mut store = open(&dir.path().join("readers.sqlite3"));
                behaviour::readers::$case(&mut store);
            }
        )*

        #[test]
        fn reader_cases_are_all_listed() {
            let listed = [$(stringify!($case)),*];
            let all: Vec<&str> = behaviour::readers::CASES.iter().map(|(name, _)| *name).collect();
            assert_eq!(listed.to_vec(), all);
        }
    };
}

reader_cases!(
    users_round_trip,
    user_names_unique_case_insensitively,
    user_settings_update_alone,
    sessions_expire_by_the_callers_clock,
    sessions_revoke_one_or_all,
    api_tokens_are_named_and_revocable,
    kosync_keys_replace,
    document_hashes_map_to_exports,
    document_progress_for_unknown_books,
    positions_kept_per_chapter,
    history_counts_visits,
    read_chapters_form_a_set,
    bookmarks_round_trip,
    bookmarks_listed_by_reader_and_work,
    marked_for_later_round_trip,
    mutes_kept_as_written,
    writes_need_an_account,
    removing_a_user_removes_everything,
);

#[test]
fn readers_open_by_url_beside_the_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut works = open(&path);
    let work_id = save_one(&mut works);
    let url = format!("sqlite://{}", path.display());
    let mut readers = match ficshelf_store::open_readers(&url) {
        Ok(readers) => readers,
        Err(e) => panic!("open readers: {e:?}"),
    };
    let prefs = ficshelf_store::readers::Preferences::default();
    let id = readers
        .create_user(&ficshelf_store::readers::NewUser {
            name: "Sable",
            password_hash: "h",
            admin: true,
            max_rating: None,
            preferences: &prefs,
            created_at: 1,
        })
        .expect("create user");
    readers.record_visit(id, &work_id, 2).expect("visit");
    drop(readers);
    // The same file, opened as a bare path, holds both.
    let readers = ficshelf_store::open_readers(&path.display().to_string()).expect("reopen");
    assert_eq!(readers.history(id).expect("history").len(), 1);
    assert!(works.load_work(&work_id).expect("load").is_some());
    assert!(matches!(
        ficshelf_store::open_readers("postgres://localhost/ficshelf"),
        Err(StoreError::UnsupportedUrl { .. })
    ));
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
