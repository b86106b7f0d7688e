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
    export_layouts_round_trip,
    document_progress_for_unknown_books,
    positions_kept_per_chapter,
    history_counts_visits,
    history_keeps_the_chapters_seen,
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
    readers.record_visit(id, &work_id, 1, 2).expect("visit");
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
    save_named(store, "Reopened", "/in/reopen.txt", "Hello.\n")
}

/// A one-chapter work titled `title` read from `path`, saved in an import
/// operation of its own; returns its id.
fn save_named(store: &mut dyn Store, title: &str, path: &str, text: &str) -> String {
    let mut work = ficshelf_model::Work::new("", title);
    work.sources = vec![path.into()];
    work.chapters.push(ficshelf_model::Chapter {
        number: 1,
        title: None,
        words: 1,
        notes: Default::default(),
        sources: vec![path.into()],
    });
    let sources = [ficshelf_model::Source {
        path: path.into(),
        sha256: "ab".repeat(32),
        bytes: 5,
    }];
    let key = ficshelf_store::ChapterKey {
        source: path.into(),
        index: 0,
        stated_number: None,
    };
    let body = ficshelf_model::ChapterBody::from_text(text);
    let identity = format!("title:{title}");
    let write = ficshelf_store::WorkWrite {
        id: None,
        identity_key: &identity,
        aliases: &[],
        work: &work,
        sources: &sources,
        chapter_keys: std::slice::from_ref(&key),
        new_bodies: vec![(key.clone(), &body)],
        assets: &[],
        signature: None,
    };
    let operation = store
        .begin_operation(&ficshelf_store::NewOperation {
            kind: ficshelf_store::OperationKind::Import,
            summary: "test",
            at: 0,
            reverses: None,
        })
        .expect("begin");
    store.save_work(operation, &write).expect("save")
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

/// A library written by Ficshelf before the journal (schema 4: bodies keyed
/// by file and place, no texts table), made by that version's binary from
/// the repository's own fixtures.
const V4_LIBRARY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/v4-library.sqlite3"
);

#[test]
fn a_schema_4_library_migrates_with_every_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    std::fs::copy(V4_LIBRARY, &path).expect("copy fixture");
    // What schema 4 holds, read with plain SQL before migrating.
    let old: Vec<(i64, u32, String)> = {
        let conn = rusqlite::Connection::open(&path).expect("open raw");
        assert_eq!(
            conn.pragma_query_value(None, "user_version", |row| row.get::<_, i64>(0))
                .expect("version"),
            4
        );
        let mut stmt = conn
            .prepare(
                "SELECT c.work_id, c.number, b.body FROM chapters c JOIN chapter_bodies b
                 ON b.work_id = c.work_id AND b.source_path = c.source_path
                 AND b.source_index = c.source_index ORDER BY c.work_id, c.number",
            )
            .expect("prepare");
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .expect("query");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    assert!(old.len() > 5, "the fixture has chapters");

    let store = open(&path);
    assert_eq!(user_version(&path), SqliteStore::SCHEMA_VERSION);
    for (work, number, json) in &old {
        let want: ficshelf_model::ChapterBody = serde_json::from_str(json).expect("old body");
        let body = store
            .chapter_body(&work.to_string(), *number)
            .expect("read body");
        assert_eq!(body.as_ref(), Some(&want), "work {work} chapter {number}");
        let state = store
            .work_state(&work.to_string())
            .expect("state")
            .expect("work");
        let text = &state.chapters[*number as usize - 1].text;
        assert_eq!(store.text(text).expect("text"), Some(want));
    }
    assert_eq!(store.verify().expect("verify"), Vec::<String>::new());
    assert!(store.operations().expect("operations").is_empty());
    assert_eq!(store.work_count().expect("count"), 8);
}

#[test]
fn verify_reports_tampered_rows_and_texts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut store = open(&path);
    let id = save_one(&mut store);
    assert_eq!(store.verify().expect("verify"), Vec::<String>::new());
    let text = store
        .work_state(&id)
        .expect("state")
        .expect("work")
        .chapters[0]
        .text
        .clone();
    let raw = rusqlite::Connection::open(&path).expect("open raw");
    raw.execute(
        "UPDATE texts SET body = ?1 WHERE sha256 = ?2",
        (r#"{"blocks":[{"Paragraph":"Changed."}]}"#, &text),
    )
    .expect("tamper");
    let problems = store.verify().expect("verify");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains(&text), "{problems:?}");
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut store = open(&path);
    let id = save_one(&mut store);
    let copy = dir.path().join("copy.sqlite3");
    store.backup(&copy).expect("backup");
    assert!(
        store.backup(&copy).is_err(),
        "an existing file is not overwritten"
    );

    // Later changes are undone by restoring the copy; the replaced state is kept.
    let second = save_named(&mut store, "Second", "/in/second.txt", "Again.\n");
    assert_eq!(store.work_count().expect("count"), 2);
    let kept = dir.path().join("kept.sqlite3");
    store.restore_backup(&copy, &kept).expect("restore");
    assert_eq!(store.work_count().expect("count"), 1);
    assert!(store.load_work(&id).expect("load").is_some());
    let replaced = open(&kept);
    assert!(replaced.load_work(&second).expect("load").is_some());

    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "not a database at all, just text").expect("write");
    match store.restore_backup(&junk, &dir.path().join("kept2.sqlite3")) {
        Err(StoreError::NotABackup { .. }) => {}
        other => panic!("expected NotABackup, got {other:?}"),
    }
    assert_eq!(store.work_count().expect("count"), 1);
}

#[test]
fn a_write_group_is_seen_by_other_connections_when_it_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut store = open(&path);
    let other = open(&path);
    store.begin_write_group().expect("begin group");
    let id = save_one(&mut store);
    assert!(store.load_work(&id).expect("load").is_some());
    assert_eq!(other.work_count().expect("count"), 0, "before the end");
    store.end_write_group().expect("end group");
    assert_eq!(other.work_count().expect("count"), 1, "after the end");
}

#[test]
fn a_write_group_never_ended_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let mut store = open(&path);
    let kept = save_named(&mut store, "Kept", "/in/kept.txt", "Stays.\n");
    store.begin_write_group().expect("begin group");
    save_named(&mut store, "Lost", "/in/lost.txt", "Goes.\n");
    drop(store);
    let store = open(&path);
    assert_eq!(store.work_count().expect("count"), 1);
    assert!(store.load_work(&kept).expect("load").is_some());
    assert!(store.source("/in/lost.txt").expect("source").is_none());
    assert_eq!(store.verify().expect("verify"), Vec::<String>::new());
}
