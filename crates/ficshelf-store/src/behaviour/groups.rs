//! Write groups: several writes committed together, each still whole on its
//! own, recorded in the journal one by one.

use super::fixture::{full, load, op, sparse};
use crate::{Store, StoreError};

/// Ends the open group, panicking if it fails.
fn end(store: &mut dyn Store) {
    if let Err(e) = store.end_write_group() {
        panic!("end_write_group failed: {e} ({e:?})");
    }
}

pub(super) fn group_saves_each_work_and_records_each(store: &mut dyn Store) {
    let (a, b) = (full("group-a"), sparse("group-b"));
    let before = store.last_change().expect("last change");
    store.begin_write_group().expect("begin group");
    let operation = op(store);
    let id_a = store.save_work(operation, &a.write(None)).expect("save a");
    // Reads through the store see the group's writes before it ends.
    assert_eq!(load(store, &id_a), a.expected(&id_a));
    let id_b = store.save_work(operation, &b.write(None)).expect("save b");
    end(store);

    assert_eq!(load(store, &id_a), a.expected(&id_a));
    assert_eq!(load(store, &id_b), b.expected(&id_b));
    let mut changed = store.changed_since(before).expect("changed since");
    changed.sort();
    let mut want = vec![id_a.clone(), id_b.clone()];
    want.sort();
    assert_eq!(changed, want);
    let records = store.operation_records(operation).expect("records");
    assert_eq!(records.len(), 2, "one journal record per work");
    assert!(records.iter().all(|r| r.before.is_none()));
}

pub(super) fn failed_write_in_group_is_undone_alone(store: &mut dyn Store) {
    let (a, c) = (full("kept-a"), sparse("kept-c"));
    let mut bad = full("undone-b");
    bad.push_source("/in/undone-b/extra.txt");
    bad.push_chapter("/in/undone-b/extra.txt", 0, "Lost", "Never stored.");
    store.begin_write_group().expect("begin group");
    let operation = op(store);
    let id_a = store.save_work(operation, &a.write(None)).expect("save a");
    // A chapter without its body: refused, and nothing of it stays.
    let write = bad.write_with_bodies(None, &[0, 1, 2]);
    match store.save_work(operation, &write) {
        Err(StoreError::MissingBody { .. }) => {}
        other => panic!("expected MissingBody, got {other:?}"),
    }
    let id_c = store.save_work(operation, &c.write(None)).expect("save c");
    end(store);

    assert_eq!(load(store, &id_a), a.expected(&id_a));
    assert_eq!(load(store, &id_c), c.expected(&id_c));
    assert_eq!(store.work_count().ok(), Some(2));
    assert!(matches!(store.source("/in/undone-b/extra.txt"), Ok(None)));
    assert!(matches!(
        store.work_by_identity(&bad.identity_key),
        Ok(None)
    ));
    let records = store.operation_records(operation).expect("records");
    assert_eq!(records.len(), 2, "no record of the undone write");
}

pub(super) fn groups_do_not_nest(store: &mut dyn Store) {
    // Ending with no group open does nothing.
    end(store);
    store.begin_write_group().expect("begin group");
    assert!(
        store.begin_write_group().is_err(),
        "a second group while one is open"
    );
    let id = {
        let a = full("nested");
        let operation = op(store);
        store.save_work(operation, &a.write(None)).expect("save")
    };
    end(store);
    assert!(store.load_work(&id).expect("load").is_some());
    // A new group can start once the last has ended.
    store.begin_write_group().expect("begin again");
    end(store);
}
