//! Reader cases: bookmarks, marked for later, mutes, and what belongs to an
//! account as a whole.

use super::readers::reader;
use crate::readers::{
    ApiToken, Bookmark, DocumentProgress, MarkedWork, Mute, MuteKind, Preferences, ReaderStore,
    ReadingPosition, Session, UserId,
};
use crate::StoreError;

fn bookmark(user: UserId, work: &str, at: i64) -> Bookmark {
    Bookmark {
        user,
        work_id: work.into(),
        notes: Some("Read the lighthouse scene <em>twice</em>.".into()),
        private: false,
        rec: true,
        tags: vec![
            "comfort read".into(),
            "Lighthouses".into(),
            "re-read".into(),
        ],
        created_at: at,
        updated_at: at,
    }
}

fn load(store: &dyn ReaderStore, user: UserId, work: &str) -> Option<Bookmark> {
    store.bookmark(user, work).expect("bookmark")
}

pub fn bookmarks_round_trip(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let first = bookmark(ana, "4", 100);
    store.save_bookmark(&first).expect("save");
    assert_eq!(load(store, ana, "4"), Some(first.clone()));
    assert_eq!(load(store, ana, "5"), None);

    // Saving again replaces everything but the creation time; tags keep
    // the new order, and fewer tags leave none of the old behind.
    let edited = Bookmark {
        notes: None,
        private: true,
        rec: false,
        tags: vec!["re-read".into(), "comfort read".into()],
        created_at: 999,
        updated_at: 300,
        ..first.clone()
    };
    store.save_bookmark(&edited).expect("edit");
    assert_eq!(
        load(store, ana, "4"),
        Some(Bookmark {
            created_at: 100,
            ..edited.clone()
        })
    );
    let untagged = Bookmark {
        tags: vec![],
        ..edited
    };
    store.save_bookmark(&untagged).expect("untag");
    assert_eq!(load(store, ana, "4").map(|b| b.tags), Some(vec![]));

    assert_eq!(store.delete_bookmark(ana, "4").ok(), Some(true));
    assert_eq!(store.delete_bookmark(ana, "4").ok(), Some(false));
    assert_eq!(load(store, ana, "4"), None);
    // Bookmarking again starts afresh, tags included.
    store
        .save_bookmark(&bookmark(ana, "4", 500))
        .expect("again");
    assert_eq!(
        load(store, ana, "4").map(|b| (b.created_at, b.tags.len())),
        Some((500, 3))
    );
}

pub fn bookmarks_listed_by_reader_and_work(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    store.save_bookmark(&bookmark(ana, "1", 10)).expect("a1");
    store.save_bookmark(&bookmark(ana, "2", 30)).expect("a2");
    let private = Bookmark {
        private: true,
        ..bookmark(bo, "1", 20)
    };
    store.save_bookmark(&private).expect("b1");
    let ana_works: Vec<String> = store
        .user_bookmarks(ana)
        .expect("list")
        .into_iter()
        .map(|b| b.work_id)
        .collect();
    assert_eq!(ana_works, vec!["2", "1"], "most recently updated first");

    // A work's bookmarks: every reader's, private ones included (showing
    // them is the library's decision), oldest first, with their tags.
    let on_one = store.work_bookmarks("1").expect("of work");
    assert_eq!(on_one, vec![bookmark(ana, "1", 10), private]);
    assert_eq!(store.work_bookmarks("3").expect("of work"), vec![]);
}

pub fn marked_for_later_round_trip(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    assert_eq!(store.mark_for_later(ana, "8", 10).ok(), Some(true));
    assert_eq!(store.mark_for_later(ana, "9", 20).ok(), Some(true));
    assert_eq!(
        store.mark_for_later(ana, "8", 30).ok(),
        Some(false),
        "already marked"
    );
    assert_eq!(store.mark_for_later(bo, "8", 40).ok(), Some(true));
    let marked = |work: &str, at: i64| MarkedWork {
        work_id: work.into(),
        marked_at: at,
    };
    assert_eq!(
        store.marked_for_later(ana).expect("list"),
        vec![marked("9", 20), marked("8", 10)]
    );
    assert_eq!(store.unmark_for_later(ana, "8").ok(), Some(true));
    assert_eq!(store.unmark_for_later(ana, "8").ok(), Some(false));
    assert_eq!(
        store.marked_for_later(ana).expect("list"),
        vec![marked("9", 20)]
    );
    assert_eq!(
        store.marked_for_later(bo).expect("list"),
        vec![marked("8", 40)]
    );
}

fn mute(kind: MuteKind, value: &str) -> Mute {
    Mute {
        kind,
        value: value.into(),
    }
}

pub fn mutes_kept_as_written(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    let written = [
        mute(MuteKind::Relationship, "*/Reader"),
        mute(MuteKind::Author, "  Moss  Ander "),
        mute(MuteKind::Warning, "Graphic Depictions Of Violence"),
        mute(MuteKind::Fandom, "The Glasshouse (TV)"),
        mute(MuteKind::Tag, "Alternate Universe - *"),
        mute(MuteKind::Character, "Tobias Fenwick"),
    ];
    for m in &written {
        assert_eq!(store.add_mute(ana, m, 10).ok(), Some(true), "{m:?}");
    }
    assert_eq!(
        store.add_mute(ana, &written[0], 11).ok(),
        Some(false),
        "same twice"
    );
    // Another spelling is another row: how spellings compare is the library's rule.
    let shouted = mute(MuteKind::Relationship, "*/READER");
    assert_eq!(store.add_mute(ana, &shouted, 12).ok(), Some(true));
    // The same value under another kind is another mute.
    let as_tag = mute(MuteKind::Tag, "*/Reader");
    assert_eq!(store.add_mute(ana, &as_tag, 13).ok(), Some(true));

    let mut expected: Vec<Mute> = written.to_vec();
    expected.extend([shouted.clone(), as_tag]);
    expected.sort_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
    assert_eq!(
        store.mutes(ana).expect("list"),
        expected,
        "by kind, then value"
    );
    assert_eq!(store.mutes(bo).expect("list"), vec![]);

    assert_eq!(store.remove_mute(ana, &shouted).ok(), Some(true));
    assert_eq!(store.remove_mute(ana, &shouted).ok(), Some(false));
    assert!(store.mutes(ana).expect("list").contains(&written[0]));
    assert_eq!(
        store
            .remove_mute(ana, &mute(MuteKind::Author, "Moss Ander"))
            .ok(),
        Some(false),
        "removal compares exactly"
    );
}

pub fn writes_need_an_account(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let ghost = UserId(ana.0 + 50);
    let position = ReadingPosition {
        user: ghost,
        work_id: "1".into(),
        chapter: 1,
        fraction: 0.5,
        locator: None,
        device: None,
        updated_at: 1,
    };
    let results = [
        store.save_position(&position).map(|_| ()),
        store.set_chapter_read(ghost, "1", 1, true, 1),
        store.save_bookmark(&bookmark(ghost, "1", 1)),
        store.mark_for_later(ghost, "1", 1).map(|_| ()),
        store
            .add_mute(ghost, &mute(MuteKind::Tag, "x"), 1)
            .map(|_| ()),
    ];
    for result in results {
        assert!(
            matches!(result, Err(StoreError::UnknownUser { id }) if id == ghost.0),
            "{result:?}"
        );
    }
    assert_eq!(store.history(ghost).expect("history"), vec![]);
    assert_eq!(store.user_bookmarks(ghost).expect("bookmarks"), vec![]);
    assert_eq!(store.work_bookmarks("1").expect("bookmarks"), vec![]);
}

/// Gives `user` one record of every kind.
fn fill(store: &mut dyn ReaderStore, user: UserId, tag: char) {
    let hash = tag.to_string().repeat(64);
    store
        .create_session(&Session {
            token_hash: hash.clone(),
            user,
            created_at: 1,
            expires_at: 1000,
            last_seen_at: 1,
            client: None,
        })
        .expect("session");
    store
        .create_api_token(&ApiToken {
            token_hash: hash,
            user,
            name: "feed".into(),
            created_at: 1,
            last_used_at: None,
        })
        .expect("token");
    store.set_kosync_key(user, "key", 1).expect("kosync key");
    store
        .save_document_progress(&DocumentProgress {
            user,
            document: "d".repeat(32),
            progress: "7".into(),
            percentage: 0.1,
            device: "e-reader".into(),
            device_id: "1".into(),
            updated_at: 1,
        })
        .expect("kosync progress");
    store
        .save_position(&ReadingPosition {
            user,
            work_id: "1".into(),
            chapter: 2,
            fraction: 0.3,
            locator: None,
            device: None,
            updated_at: 1,
        })
        .expect("position");
    store.record_visit(user, "1", 1, 1).expect("visit");
    store.set_chapter_read(user, "1", 1, true, 1).expect("read");
    store
        .save_bookmark(&bookmark(user, "1", 1))
        .expect("bookmark");
    store.mark_for_later(user, "2", 1).expect("later");
    store
        .add_mute(user, &mute(MuteKind::Author, "Someone"), 1)
        .expect("mute");
    store
        .set_preferences(
            user,
            &Preferences {
                adult_consent: true,
                hide_read: true,
            },
        )
        .expect("preferences");
}

/// How many records of each kind `user` has, in `fill`'s order.
fn holdings(store: &dyn ReaderStore, user: UserId, tag: char) -> Vec<usize> {
    let hash = tag.to_string().repeat(64);
    vec![
        store.user_sessions(user).expect("sessions").len(),
        usize::from(store.session(&hash).expect("session").is_some()),
        store.user_api_tokens(user).expect("tokens").len(),
        usize::from(store.api_token(&hash).expect("token").is_some()),
        usize::from(store.kosync_key(user).expect("key").is_some()),
        usize::from(
            store
                .document_progress(user, &"d".repeat(32))
                .expect("progress")
                .is_some(),
        ),
        store.work_positions(user, "1").expect("positions").len(),
        store.history(user).expect("history").len(),
        store
            .history_entry(user, "1")
            .expect("entry")
            .map_or(0, |e| e.read_chapters.len()),
        store.user_bookmarks(user).expect("bookmarks").len(),
        store
            .work_bookmarks("1")
            .expect("work bookmarks")
            .iter()
            .filter(|b| b.user == user)
            .count(),
        store.marked_for_later(user).expect("later").len(),
        store.mutes(user).expect("mutes").len(),
    ]
}

pub fn removing_a_user_removes_everything(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    fill(store, ana, 'a');
    fill(store, bo, 'b');
    let full = vec![1; 13];
    assert_eq!(holdings(store, ana, 'a'), full);
    assert_eq!(holdings(store, bo, 'b'), full);

    assert_eq!(store.delete_user(ana).ok(), Some(true));
    assert_eq!(store.user(ana).expect("user"), None);
    assert_eq!(holdings(store, ana, 'a'), vec![0; 13]);
    assert_eq!(holdings(store, bo, 'b'), full, "bo keeps everything");
    assert_eq!(store.user_count().ok(), Some(1));
    assert_eq!(store.user_by_name("ANA").expect("by name"), None);
}
