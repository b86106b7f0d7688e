//! Cases for the journal: records of saves, immutable texts, `apply`
//! (exact states, trash, refusals), reversing and purging.

use super::fixture::{body, full, load, save, text_name};
use crate::{NewOperation, OperationKind, StateChange, Store, StoreError, WorkState};

/// The state of live work `id`, panicking if missing.
pub(super) fn state(store: &dyn Store, id: &str) -> WorkState {
    match store.work_state(id) {
        Ok(Some(state)) => state,
        other => panic!("work_state({id}): {other:?}"),
    }
}

fn new_op(kind: OperationKind, reverses: Option<u64>) -> NewOperation<'static> {
    NewOperation {
        kind,
        summary: "test",
        at: 1_700_000_100,
        reverses,
    }
}

/// A change of work `id` from the state with fingerprint `expect` to `state`.
fn to(id: &str, expect: Option<String>, state: Option<WorkState>) -> StateChange {
    StateChange {
        id: Some(id.to_string()),
        expect,
        state,
        trashed_before: false,
        trashed_after: false,
    }
}

/// Applies one change to work `id`, panicking on error; returns the operation.
pub(super) fn apply_one(
    store: &mut dyn Store,
    kind: OperationKind,
    id: &str,
    expect: Option<String>,
    state: Option<WorkState>,
) -> u64 {
    match store.apply(&new_op(kind, None), &[to(id, expect, state)]) {
        Ok(applied) => applied.operation,
        Err(e) => panic!("apply failed: {e} ({e:?})"),
    }
}

/// Purges every operation.
pub(super) fn purge_everything(store: &mut dyn Store) {
    let ops: Vec<u64> = store
        .operations()
        .expect("operations")
        .iter()
        .map(|o| o.id)
        .collect();
    store
        .purge(&new_op(OperationKind::Purge, None), &ops)
        .expect("purge");
}

pub(super) fn saves_are_recorded(store: &mut dyn Store) {
    let mut f = full("journal");
    let id = save(store, &f.write(None));
    let first = state(store, &id);
    let ops = store.operations().expect("operations");
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].kind, OperationKind::Import);
    assert_eq!(ops[0].works, vec![id.clone()]);
    let records = store.operation_records(ops[0].id).expect("records");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].before, None, "created");
    assert_eq!(records[0].after, Some(first.fingerprint()));

    // Two writes in one operation keep the first "before".
    let operation = super::fixture::op(store);
    f.work.title = "Second title".into();
    store
        .save_work(operation, &f.write_with_bodies(Some(&id), &[]))
        .expect("save");
    f.work.title = "Third title".into();
    store
        .save_work(operation, &f.write_with_bodies(Some(&id), &[]))
        .expect("save");
    let records = store.operation_records(operation).expect("records");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].before.as_ref(), Some(&first));
    let now = state(store, &id);
    assert_eq!(now.work.title, "Third title");
    assert_eq!(records[0].after, Some(now.fingerprint()));
    let by_work = store.work_records(&id).expect("work records");
    assert_eq!(by_work.len(), 2);
    assert!(by_work[0].change_seq < by_work[1].change_seq);
}

pub(super) fn texts_are_immutable_and_shared(store: &mut dyn Store) {
    let mut f = full("texts");
    let id = save(store, &f.write(None));
    let old = text_name(&f.bodies[0]);
    assert_eq!(state(store, &id).chapters[0].text, old);
    f.bodies[0] = body(&["A new first chapter."]);
    save(store, &f.write_with_bodies(Some(&id), &[0]));
    let new = text_name(&f.bodies[0]);
    assert_eq!(state(store, &id).chapters[0].text, new);
    // The replaced text is still stored, by its name.
    assert_eq!(
        store.text(&old).expect("text").as_ref(),
        Some(&full("texts").bodies[0])
    );
    assert_eq!(store.text(&new).expect("text"), Some(f.bodies[0].clone()));
    assert_eq!(store.text(&"0".repeat(64)).expect("text"), None);
}

pub(super) fn removed_work_goes_to_trash_and_back(store: &mut dyn Store) {
    let f = full("trash");
    let id = save(store, &f.write(None));
    let before = state(store, &id);
    let change = StateChange {
        id: Some(id.clone()),
        expect: Some(before.fingerprint()),
        state: None,
        trashed_before: false,
        trashed_after: true,
    };
    let deleted = store
        .apply(&new_op(OperationKind::Delete, None), &[change])
        .expect("delete");
    assert!(matches!(store.load_work(&id), Ok(None)));
    assert_eq!(store.work_count().ok(), Some(0));
    assert!(matches!(store.source(&f.sources[0].path), Ok(None)));
    let trash = store.trash().expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].state, before);
    assert_eq!(trash[0].operation, deleted.operation);

    // Written back under its id, it is exactly what it was.
    let change = StateChange {
        id: Some(id.clone()),
        expect: None,
        state: Some(before.clone()),
        trashed_before: true,
        trashed_after: false,
    };
    let restored = store
        .apply(&new_op(OperationKind::Restore, None), &[change])
        .expect("restore");
    assert_eq!(restored.ids, vec![id.clone()]);
    assert_eq!(state(store, &id), before);
    assert_eq!(load(store, &id), f.expected(&id));
    assert!(store.trash().expect("trash").is_empty());
}

pub(super) fn apply_refuses_taken_keys(store: &mut dyn Store) {
    let a = full("taken-a");
    let a_id = save(store, &a.write(None));
    let b_id = save(store, &full("taken-b").write(None));
    let mut b = state(store, &b_id);
    let expect = Some(b.fingerprint());
    b.sources.push(a.sources[0].clone());
    let change = to(&b_id, expect.clone(), Some(b.clone()));
    match store.apply(&new_op(OperationKind::Edit, None), &[change]) {
        Err(StoreError::Taken { work_id, .. }) => assert_eq!(work_id, a_id),
        other => panic!("expected Taken, got {other:?}"),
    }
    b.sources.pop();
    b.aliases = vec![a.identity_key.clone()];
    let change = to(&b_id, expect, Some(b));
    assert!(matches!(
        store.apply(&new_op(OperationKind::Edit, None), &[change]),
        Err(StoreError::Taken { .. })
    ));
    // Nothing of either attempt was written or recorded.
    assert_eq!(store.operations().expect("operations").len(), 2);
    assert_eq!(load(store, &b_id), full("taken-b").expected(&b_id));
}

pub(super) fn apply_refuses_changed_work(store: &mut dyn Store) {
    let id = save(store, &full("changed").write(None));
    let mut edited = state(store, &id);
    edited.work.title = "Edited".into();
    let change = to(&id, Some("not the fingerprint".into()), Some(edited));
    match store.apply(&new_op(OperationKind::Edit, None), &[change]) {
        Err(StoreError::Changed { id: changed }) => assert_eq!(changed, id),
        other => panic!("expected Changed, got {other:?}"),
    }
    assert_eq!(load(store, &id).work.title, full("changed").work.title);
}

pub(super) fn reversing_marks_operations(store: &mut dyn Store) {
    let id = save(store, &full("reverse").write(None));
    let original = state(store, &id);
    let mut edited = original.clone();
    edited.work.title = "Edited".into();
    let edit = apply_one(
        store,
        OperationKind::Edit,
        &id,
        Some(original.fingerprint()),
        Some(edited.clone()),
    );
    let undo_change = to(
        &id,
        Some(state(store, &id).fingerprint()),
        Some(original.clone()),
    );
    let undo = store
        .apply(&new_op(OperationKind::Undo, Some(edit)), &[undo_change])
        .expect("undo")
        .operation;
    let find = |store: &dyn Store, id: u64| {
        store
            .operations()
            .expect("operations")
            .into_iter()
            .find(|o| o.id == id)
            .expect("operation")
    };
    assert_eq!(find(store, edit).reversed_by, Some(undo));
    assert_eq!(find(store, undo).reverses, Some(edit));
    assert_eq!(state(store, &id), original);

    // Reversing the undo puts the edit back in effect.
    let redo_change = to(&id, Some(original.fingerprint()), Some(edited.clone()));
    let redo = store
        .apply(&new_op(OperationKind::Undo, Some(undo)), &[redo_change])
        .expect("redo")
        .operation;
    assert_eq!(find(store, undo).reversed_by, Some(redo));
    assert_eq!(find(store, edit).reversed_by, None);
    assert_eq!(state(store, &id).work.title, "Edited");
}

pub(super) fn purge_deletes_what_nothing_refers_to(store: &mut dyn Store) {
    let mut f = full("purge");
    let id = save(store, &f.write(None));
    let old = text_name(&f.bodies[0]);
    f.bodies[0] = body(&["Replaced."]);
    save(store, &f.write_with_bodies(Some(&id), &[0]));
    assert!(store.text(&old).expect("text").is_some());
    let ops: Vec<u64> = store
        .operations()
        .expect("operations")
        .iter()
        .map(|o| o.id)
        .collect();
    let report = store
        .purge(&new_op(OperationKind::Purge, None), &ops[1..])
        .expect("purge");
    assert_eq!(report.texts_deleted, 1, "only the replaced text");
    assert_eq!(store.text(&old).expect("text"), None);
    assert!(store.operations().expect("operations")[1].purged);
    // Live texts stay.
    for number in 1..=3 {
        assert!(store.chapter_body(&id, number).expect("body").is_some());
    }
}

pub(super) fn verify_is_clean_on_a_sound_store(store: &mut dyn Store) {
    let id = save(store, &full("verify").write(None));
    let before = state(store, &id);
    let change = StateChange {
        id: Some(id),
        expect: Some(before.fingerprint()),
        state: None,
        trashed_before: false,
        trashed_after: true,
    };
    store
        .apply(&new_op(OperationKind::Delete, None), &[change])
        .expect("delete");
    assert_eq!(store.verify().expect("verify"), Vec::<String>::new());
}
