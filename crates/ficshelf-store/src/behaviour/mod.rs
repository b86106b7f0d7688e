//! The behaviour every [`Store`] backend must show, as a test suite.
//!
//! A backend's tests call [`run_all`] with a function that makes a fresh,
//! empty store; each case gets its own. Cases panic on failure, so run them
//! from a `#[test]`.
//!
//! Public items:
//! - [`run_all`]: runs every case in [`CASES`].
//! - [`CASES`]: each case's name and function, to run one alone.
//! - [`Case`]: the shape of a case.
//!
//! Besides the trait's documentation, the suite pins down what happens when a
//! save gives a work a source file another work has: the other work loses
//! that file, the chapters read from it and their bodies; its remaining
//! chapters are renumbered from 1 and its word count drops by the lost
//! chapters' words; a work left with no sources and no chapters is deleted.
//! Images (`assets`) and texts are stored once by name and deleted only by
//! a purge, once no work and no journal record refers to them. Every write
//! is recorded in the journal (`journal.rs`): the state before, the
//! fingerprint after; `apply` writes states exactly or nothing. A write group
//! (`groups.rs`) commits several writes together, each still whole.
//!
//! [`readers`] is the suite of [`crate::ReaderStore`], run the same way.

mod assets;
mod cases;
mod fixture;
mod groups;
mod journal;
pub mod readers;
mod readers_accounts;
mod readers_reading;
mod readers_shelf;

use crate::Store;

/// One behaviour case: it panics if `store` (fresh and empty) misbehaves.
pub type Case = fn(&mut dyn Store);

/// Every case, by name.
pub const CASES: &[(&str, Case)] = &[
    ("round_trip_full_work", cases::round_trip_full_work),
    ("round_trip_sparse_work", cases::round_trip_sparse_work),
    ("update_replaces_metadata", cases::update_replaces_metadata),
    (
        "bodies_come_back_by_number",
        cases::bodies_come_back_by_number,
    ),
    (
        "new_bodies_for_some_chapters",
        cases::new_bodies_for_some_chapters,
    ),
    (
        "reordered_chapters_keep_bodies",
        cases::reordered_chapters_keep_bodies,
    ),
    ("missing_body_rolls_back", cases::missing_body_rolls_back),
    (
        "source_moves_between_works",
        cases::source_moves_between_works,
    ),
    (
        "works_lists_all_in_id_order",
        cases::works_lists_all_in_id_order,
    ),
    (
        "listed_works_come_in_the_order_asked",
        cases::listed_works_come_in_the_order_asked,
    ),
    ("unknown_ids_find_nothing", cases::unknown_ids_find_nothing),
    ("identity_lookup", cases::identity_lookup),
    ("bad_writes_are_refused", cases::bad_writes_are_refused),
    (
        "change_log_tracks_saves_and_moves",
        cases::change_log_tracks_saves_and_moves,
    ),
    ("aliases_find_works", cases::aliases_find_works),
    (
        "apply_replaces_suggestions_alone",
        cases::apply_replaces_suggestions_alone,
    ),
    ("signatures_round_trip", cases::signatures_round_trip),
    (
        "signature_is_written_with_the_work",
        cases::signature_is_written_with_the_work,
    ),
    ("assets_round_trip", assets::assets_round_trip),
    (
        "assets_shared_between_works",
        assets::assets_shared_between_works,
    ),
    (
        "assets_of_removed_work_wait_for_purge",
        assets::assets_of_removed_work_wait_for_purge,
    ),
    (
        "assets_refused_on_unknown_work",
        assets::assets_refused_on_unknown_work,
    ),
    ("saves_are_recorded", journal::saves_are_recorded),
    (
        "texts_are_immutable_and_shared",
        journal::texts_are_immutable_and_shared,
    ),
    (
        "removed_work_goes_to_trash_and_back",
        journal::removed_work_goes_to_trash_and_back,
    ),
    (
        "apply_refuses_taken_keys",
        journal::apply_refuses_taken_keys,
    ),
    (
        "apply_refuses_changed_work",
        journal::apply_refuses_changed_work,
    ),
    (
        "reversing_marks_operations",
        journal::reversing_marks_operations,
    ),
    (
        "purge_deletes_what_nothing_refers_to",
        journal::purge_deletes_what_nothing_refers_to,
    ),
    (
        "verify_is_clean_on_a_sound_store",
        journal::verify_is_clean_on_a_sound_store,
    ),
    (
        "group_saves_each_work_and_records_each",
        groups::group_saves_each_work_and_records_each,
    ),
    (
        "failed_write_in_group_is_undone_alone",
        groups::failed_write_in_group_is_undone_alone,
    ),
    ("groups_do_not_nest", groups::groups_do_not_nest),
];

/// Runs every case in [`CASES`], each on a store from `make`.
///
/// The name of each case is printed to stderr before it runs, so a failing
/// test's output shows which case failed.
pub fn run_all(make: &dyn Fn() -> Box<dyn Store>) {
    for (name, case) in CASES {
        eprintln!("store behaviour: {name}");
        let mut store = make();
        case(store.as_mut());
    }
}
