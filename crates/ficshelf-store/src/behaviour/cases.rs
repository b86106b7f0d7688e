//! The cases of the behaviour suite; see the module above for what they pin.

use super::fixture::{body, body_of, full, load, save, sparse, try_save};
use crate::{ChapterKey, Store, StoreError, StoredWork};
use ficshelf_model::{Rating, Status};

pub(super) fn round_trip_full_work(store: &mut dyn Store) {
    let f = full("full");
    let id = save(store, &f.write(None));
    assert_eq!(load(store, &id), f.expected(&id));
}

pub(super) fn round_trip_sparse_work(store: &mut dyn Store) {
    let f = sparse("sparse");
    let id = save(store, &f.write(None));
    assert_eq!(load(store, &id), f.expected(&id));
}

pub(super) fn update_replaces_metadata(store: &mut dyn Store) {
    let mut f = full("update");
    let id = save(store, &f.write(None));

    f.work.title = "Retitled".into();
    f.work.authors = vec!["Only Author".into()];
    f.work.tags = vec!["New tag".into(), "Tag B of update".into()];
    f.work.category.clear();
    f.work.status = Some(Status::Complete);
    f.work.rating = Rating::Teen;
    f.work.summary = None;
    f.work.fields.truncate(1);
    f.identity_key = "new identity".into();
    // Drop the third chapter and its file; retitle the second.
    let dropped = f.work.chapters.pop().map_or(0, |c| c.words);
    f.work.words -= dropped;
    f.keys.pop();
    f.bodies.pop();
    f.sources.pop();
    f.work.sources.pop();
    f.work.chapters[1].title = Some("Retitled chapter".into());
    assert_eq!(save(store, &f.write_with_bodies(Some(&id), &[])), id);

    assert_eq!(load(store, &id), f.expected(&id));
    assert_eq!(store.work_count().ok(), Some(1));
    assert_eq!(body_of(store, &id, 3), None, "the dropped chapter's body");
    assert!(matches!(store.source("/in/update/two.txt"), Ok(None)));

    // The dropped chapter is no chapter of the work any more: bringing it
    // back needs its body again (its old text stays stored for the journal).
    let mut g = f.clone();
    g.push_source("/in/update/two.txt");
    g.push_chapter("/in/update/two.txt", 0, "Back", "Returned.");
    match try_save(store, &g.write_with_bodies(Some(&id), &[])) {
        Err(StoreError::MissingBody { source_path, index }) => {
            assert_eq!((source_path.as_str(), index), ("/in/update/two.txt", 0));
        }
        other => panic!("expected MissingBody, got {other:?}"),
    }
}

pub(super) fn bodies_come_back_by_number(store: &mut dyn Store) {
    let f = full("bodies");
    let id = save(store, &f.write(None));
    for (number, want) in (1u32..).zip(&f.bodies) {
        assert_eq!(
            body_of(store, &id, number).as_ref(),
            Some(want),
            "chapter {number}"
        );
    }
    assert_eq!(body_of(store, &id, 0), None);
    assert_eq!(body_of(store, &id, 4), None);
}

pub(super) fn new_bodies_for_some_chapters(store: &mut dyn Store) {
    let mut f = full("partial");
    let id = save(store, &f.write(None));

    // Change the second chapter's text and add a fourth; give only those.
    f.bodies[1] = body(&["Rewritten middle."]);
    f.push_chapter("/in/partial/two.txt", 1, "Epilogue", "After.");
    assert_eq!(save(store, &f.write_with_bodies(Some(&id), &[1, 3])), id);

    assert_eq!(load(store, &id), f.expected(&id));
    for (number, want) in (1u32..).zip(&f.bodies) {
        assert_eq!(
            body_of(store, &id, number).as_ref(),
            Some(want),
            "chapter {number}"
        );
    }
}

pub(super) fn reordered_chapters_keep_bodies(store: &mut dyn Store) {
    let mut f = full("reorder");
    let id = save(store, &f.write(None));

    // The third chapter moves to the front; no bodies are given.
    f.work.chapters.rotate_right(1);
    f.keys.rotate_right(1);
    f.bodies.rotate_right(1);
    for (number, chapter) in (1u32..).zip(&mut f.work.chapters) {
        chapter.number = number;
    }
    save(store, &f.write_with_bodies(Some(&id), &[]));

    assert_eq!(load(store, &id), f.expected(&id));
    for (number, want) in (1u32..).zip(&f.bodies) {
        assert_eq!(
            body_of(store, &id, number).as_ref(),
            Some(want),
            "chapter {number}"
        );
    }
}

pub(super) fn missing_body_rolls_back(store: &mut dyn Store) {
    let f = full("rollback");
    let id = save(store, &f.write(None));
    let before = load(store, &id);

    // An update that adds a chapter without its body, while changing
    // everything else.
    let mut g = f.clone();
    g.work.title = "Should not stick".into();
    g.work.tags.clear();
    g.identity_key = "should not stick".into();
    g.push_source("/in/rollback/three.txt");
    g.push_chapter("/in/rollback/three.txt", 0, "Lost", "Never stored.");
    let mut write = g.write_with_bodies(Some(&id), &[0]);
    write.new_bodies[0].1 = &g.bodies[3];
    match try_save(store, &write) {
        Err(StoreError::MissingBody { source_path, index }) => {
            assert_eq!((source_path.as_str(), index), ("/in/rollback/three.txt", 0));
        }
        other => panic!("expected MissingBody, got {other:?}"),
    }
    assert_eq!(load(store, &id), before);
    for (number, want) in (1u32..).zip(&f.bodies) {
        assert_eq!(
            body_of(store, &id, number).as_ref(),
            Some(want),
            "chapter {number}"
        );
    }
    assert!(matches!(store.source("/in/rollback/three.txt"), Ok(None)));
    assert!(matches!(
        store.work_by_identity("should not stick"),
        Ok(None)
    ));

    // A new work without bodies leaves no trace either.
    let h = full("never");
    match try_save(store, &h.write_with_bodies(None, &[0, 1])) {
        Err(StoreError::MissingBody { source_path, index }) => {
            assert_eq!((source_path.as_str(), index), ("/in/never/two.txt", 0));
        }
        other => panic!("expected MissingBody, got {other:?}"),
    }
    assert_eq!(store.work_count().ok(), Some(1));
    assert!(matches!(store.work_by_identity(&h.identity_key), Ok(None)));
    assert!(matches!(store.source("/in/never/one.txt"), Ok(None)));
}

pub(super) fn source_moves_between_works(store: &mut dyn Store) {
    let a = full("a");
    let a_id = save(store, &a.write(None));

    // Work B claims A's first file, which holds A's chapters 1 and 2.
    let mut b = full("b");
    b.push_source("/in/a/one.txt");
    b.push_chapter("/in/a/one.txt", 0, "Taken", "Claimed text.");
    let b_id = save(store, &b.write(None));
    assert_ne!(a_id, b_id);

    let moved = store.source("/in/a/one.txt").ok().flatten();
    assert_eq!(moved.map(|s| s.work_id), Some(b_id.clone()));
    assert_eq!(load(store, &b_id), b.expected(&b_id));
    assert_eq!(body_of(store, &b_id, 4), Some(body(&["Claimed text."])));

    // A keeps its second file and third chapter, now chapter 1.
    let mut a_left = a.clone();
    a_left.sources.remove(0);
    a_left.work.sources.remove(0);
    for lost in a_left.work.chapters.drain(..2) {
        a_left.work.words -= lost.words;
    }
    a_left.work.chapters[0].number = 1;
    a_left.keys.drain(..2);
    a_left.bodies.drain(..2);
    assert_eq!(load(store, &a_id), a_left.expected(&a_id));
    assert_eq!(body_of(store, &a_id, 1).as_ref(), Some(&a.bodies[2]));
    assert_eq!(body_of(store, &a_id, 2), None);
    assert_eq!(body_of(store, &a_id, 3), None);

    // Work C claims A's last file: A is left with nothing and is deleted.
    let mut c = full("c");
    c.push_source("/in/a/two.txt");
    c.push_chapter("/in/a/two.txt", 0, "Also taken", "More claimed text.");
    let c_id = save(store, &c.write(None));
    assert!(
        matches!(store.load_work(&a_id), Ok(None)),
        "A lost all its files"
    );
    assert!(matches!(store.work_by_identity(&a.identity_key), Ok(None)));
    assert_eq!(body_of(store, &a_id, 1), None);
    assert_eq!(store.work_count().ok(), Some(2));
    assert_eq!(load(store, &b_id), b.expected(&b_id));
    assert_eq!(load(store, &c_id), c.expected(&c_id));
}

pub(super) fn works_lists_all_in_id_order(store: &mut dyn Store) {
    assert!(matches!(store.works().as_deref(), Ok([])));
    assert_eq!(store.work_count().ok(), Some(0));
    let fixtures = [full("w1"), sparse("w2"), full("w3")];
    let ids: Vec<String> = fixtures
        .iter()
        .map(|f| save(store, &f.write(None)))
        .collect();
    // Touch the first again: order is by id, not by last write.
    save(store, &fixtures[0].write_with_bodies(Some(&ids[0]), &[]));

    let works = match store.works() {
        Ok(works) => works,
        Err(e) => panic!("works() failed: {e}"),
    };
    let want: Vec<_> = fixtures
        .iter()
        .zip(&ids)
        .map(|(f, id)| f.expected(id).work)
        .collect();
    assert_eq!(works, want);
    let numeric: Vec<u64> = ids.iter().filter_map(|id| id.parse().ok()).collect();
    assert_eq!(numeric.len(), 3, "ids are decimal: {ids:?}");
    assert!(numeric.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(store.work_count().ok(), Some(3));
}

pub(super) fn listed_works_come_in_the_order_asked(store: &mut dyn Store) {
    let fixtures = [full("w1"), sparse("w2"), full("w3")];
    let ids: Vec<String> = fixtures
        .iter()
        .map(|f| save(store, &f.write(None)))
        .collect();
    let asked = [
        ids[2].as_str(),
        "999999",
        ids[0].as_str(),
        "abc",
        ids[2].as_str(),
        ids[1].as_str(),
    ];
    let works = match store.load_works(&asked) {
        Ok(works) => works,
        Err(e) => panic!("load_works failed: {e}"),
    };
    let one_by_one: Vec<StoredWork> = [&ids[2], &ids[0], &ids[1]]
        .into_iter()
        .map(|id| match store.load_work(id) {
            Ok(Some(stored)) => stored,
            other => panic!("load_work({id}): {other:?}"),
        })
        .collect();
    assert_eq!(works, one_by_one);
    assert!(matches!(store.load_works(&[]).as_deref(), Ok([])));
    assert!(matches!(store.load_works(&["0", "x"]).as_deref(), Ok([])));
}

pub(super) fn unknown_ids_find_nothing(store: &mut dyn Store) {
    let id = save(store, &full("known").write(None));
    let unknown = [
        "", "abc", "0", "999999", "-1", "+1", "01", " 1", "1.0", "1e3",
    ];
    for bad in unknown.into_iter().chain([format!("{id}x").as_str()]) {
        assert!(
            matches!(store.load_work(bad), Ok(None)),
            "load_work({bad:?})"
        );
        assert!(
            matches!(store.chapter_body(bad, 1), Ok(None)),
            "chapter_body({bad:?})"
        );
    }
    assert!(matches!(store.source("/nowhere.txt"), Ok(None)));
    assert!(matches!(store.work_by_identity("nobody"), Ok(None)));
}

pub(super) fn identity_lookup(store: &mut dyn Store) {
    let mut f = full("ident");
    let id = save(store, &f.write(None));
    let other = save(store, &full("other").write(None));
    assert_eq!(
        store.work_by_identity(&f.identity_key).ok().flatten(),
        Some(id.clone())
    );
    assert_eq!(
        store.work_by_identity("identity of other").ok().flatten(),
        Some(other)
    );

    let old = std::mem::replace(&mut f.identity_key, "renamed".into());
    save(store, &f.write_with_bodies(Some(&id), &[]));
    assert!(matches!(store.work_by_identity(&old), Ok(None)));
    assert_eq!(
        store.work_by_identity("renamed").ok().flatten(),
        Some(id.clone())
    );
    let stored = store.source("/in/ident/one.txt").ok().flatten();
    assert_eq!(
        stored.map(|s| (s.work_id, s.sha256)),
        Some((id, f.sources[0].sha256.clone()))
    );
}

pub(super) fn bad_writes_are_refused(store: &mut dyn Store) {
    let f = full("bad");
    for unknown in ["12345", "abc"] {
        match try_save(store, &f.write(Some(unknown))) {
            Err(StoreError::UnknownWork { id }) => assert_eq!(id, unknown),
            other => panic!("expected UnknownWork for {unknown:?}, got {other:?}"),
        }
    }
    let mut write = f.write(None);
    let extra = ChapterKey {
        source: "/in/bad/one.txt".into(),
        index: 9,
        stated_number: None,
    };
    let keys: Vec<ChapterKey> = f.keys.iter().cloned().chain([extra]).collect();
    write.chapter_keys = &keys;
    assert!(matches!(
        try_save(store, &write),
        Err(StoreError::InvalidWrite { .. })
    ));
    assert_eq!(store.work_count().ok(), Some(0));
}

pub(super) fn change_log_tracks_saves_and_moves(store: &mut dyn Store) {
    let changed = |store: &dyn Store, seq| store.changed_since(seq).expect("changed_since");
    let last = |store: &dyn Store| store.last_change().expect("last_change");
    assert_eq!(last(store), 0);
    assert!(changed(store, 0).is_empty());

    let a = full("a");
    let a_id = save(store, &a.write(None));
    let after_a = last(store);
    assert!(after_a > 0);
    assert_eq!(changed(store, 0), std::slice::from_ref(&a_id));
    assert!(changed(store, after_a).is_empty());

    let b = full("b");
    let b_id = save(store, &b.write(None));
    let after_b = last(store);
    assert!(after_b > after_a);
    assert_eq!(changed(store, after_a), std::slice::from_ref(&b_id));

    // Saving B again with A's two files: A loses everything and is deleted;
    // both are listed as changed.
    let mut b2 = b.clone();
    b2.push_source("/in/a/one.txt");
    b2.push_chapter("/in/a/one.txt", 0, "Taken", "Claimed.");
    b2.push_source("/in/a/two.txt");
    b2.push_chapter("/in/a/two.txt", 0, "Taken too", "Claimed again.");
    save(store, &b2.write(Some(&b_id)));
    let mut both = changed(store, after_b);
    both.sort();
    let mut want = vec![a_id.clone(), b_id.clone()];
    want.sort();
    assert_eq!(both, want);
    assert!(matches!(store.load_work(&a_id), Ok(None)));

    // A failed write logs nothing.
    let before = last(store);
    let mut bad = full("bad");
    bad.push_chapter("/in/bad/none.txt", 0, "No body", "x");
    assert!(try_save(store, &bad.write_with_bodies(None, &[])).is_err());
    assert_eq!(last(store), before);
}

pub(super) fn aliases_find_works(store: &mut dyn Store) {
    let mut a = full("alias-a");
    a.aliases = vec!["url:example.org/works/1".into(), "title:a|by:x".into()];
    let id_a = save(store, &a.write(None));
    assert_eq!(
        store.work_by_identity("title:a|by:x").ok().flatten(),
        Some(id_a.clone())
    );
    assert_eq!(
        store.aliases(&id_a).ok(),
        Some(vec![
            "title:a|by:x".to_string(),
            "url:example.org/works/1".to_string()
        ])
    );
    // A key another work had moves to the work saved last.
    let mut b = full("alias-b");
    b.aliases = vec!["title:a|by:x".into()];
    let id_b = save(store, &b.write(None));
    assert_eq!(
        store.work_by_identity("title:a|by:x").ok().flatten(),
        Some(id_b)
    );
    assert_eq!(
        store.aliases(&id_a).ok(),
        Some(vec!["url:example.org/works/1".to_string()])
    );
    // Saving again replaces the set.
    a.aliases.clear();
    save(store, &a.write_with_bodies(Some(&id_a), &[]));
    assert!(matches!(
        store.work_by_identity("url:example.org/works/1"),
        Ok(None)
    ));
    assert!(matches!(store.aliases("999"), Ok(v) if v.is_empty()));
}

pub(super) fn apply_replaces_suggestions_alone(store: &mut dyn Store) {
    let f = full("suggest");
    let id = save(store, &f.write(None));
    let before = store.last_change().expect("last change");
    let mut state = super::journal::state(store, &id);
    let expect = Some(state.fingerprint());
    state.work.suggested.characters = vec!["Somebody New".into()];
    state.work.suggested.rating = Some(Rating::Explicit);
    let want = state.work.suggested.clone();
    super::journal::apply_one(
        store,
        crate::OperationKind::Analyze,
        &id,
        expect,
        Some(state),
    );
    let loaded = load(store, &id);
    assert_eq!(loaded.work.suggested, want);
    assert_eq!(loaded.work.title, f.work.title, "stated fields untouched");
    assert_eq!(loaded.chapter_keys, f.keys);
    assert!(store.last_change().expect("last change") > before);
    assert_eq!(store.changed_since(before).ok(), Some(vec![id]));
}

pub(super) fn signatures_round_trip(store: &mut dyn Store) {
    let a = save(store, &full("sig-a").write(None));
    let b = save(store, &full("sig-b").write(None));
    for (id, bytes) in [(&b, vec![1u8, 2, 3]), (&a, vec![9; 16]), (&a, vec![7; 8])] {
        let mut state = super::journal::state(store, id);
        let expect = Some(state.fingerprint());
        state.signature = Some(bytes.iter().map(|b| format!("{b:02x}")).collect());
        super::journal::apply_one(
            store,
            crate::OperationKind::Analyze,
            id,
            expect,
            Some(state),
        );
    }
    assert_eq!(
        store.signatures().ok(),
        Some(vec![(a, vec![7; 8]), (b, vec![1, 2, 3])])
    );
}

pub(super) fn signature_is_written_with_the_work(store: &mut dyn Store) {
    let f = full("sig-write");
    let mut write = f.write(None);
    write.signature = Some(&[4, 5, 6]);
    let id = save(store, &write);
    assert_eq!(
        store.signatures().ok(),
        Some(vec![(id.clone(), vec![4, 5, 6])])
    );
    // A write without a signature leaves the stored one.
    let mut again = f.write(Some(&id));
    again.signature = None;
    save(store, &again);
    assert_eq!(
        store.signatures().ok(),
        Some(vec![(id.clone(), vec![4, 5, 6])])
    );
    // A write failing after the signature (a chapter without a body) rolls
    // the signature back too.
    let mut keys = f.keys.clone();
    if let Some(last) = keys.last_mut() {
        last.source = "/nowhere/no-body.txt".into();
    }
    let mut broken = f.write_with_bodies(Some(&id), &[]);
    broken.chapter_keys = &keys;
    broken.signature = Some(&[9]);
    assert!(try_save(store, &broken).is_err());
    assert_eq!(store.signatures().ok(), Some(vec![(id, vec![4, 5, 6])]));
}
