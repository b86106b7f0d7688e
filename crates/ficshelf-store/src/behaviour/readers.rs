//! The behaviour every [`ReaderStore`] backend must show, as a test suite.
//!
//! Like the works suite: each case gets a fresh, empty store and panics on
//! failure. [`CASES`] lists them by name; each is also a public function,
//! so a backend's test file can give every case a `#[test]` of its own.
//!
//! Besides the trait's documentation, the suite pins down: user names are
//! unique by [`crate::readers::user_name_key`] and kept as written;
//! password, session, token and KOReader key hashes come back exactly as
//! given; expiry is the caller's clock; a document hash is recorded once
//! (the latest record wins) and may name no work; progress is kept per
//! chapter and "recent" takes each work's latest; marking a chapter read
//! puts the work in the history; mutes are kept exactly as written
//! (wildcards included); deleting an account deletes every record of it
//! and nothing of anyone else's.

pub use super::readers_accounts::{
    api_tokens_are_named_and_revocable, kosync_keys_replace, sessions_expire_by_the_callers_clock,
    sessions_revoke_one_or_all, user_names_unique_case_insensitively, user_settings_update_alone,
    users_round_trip,
};
pub use super::readers_reading::{
    document_hashes_map_to_exports, document_progress_for_unknown_books, export_layouts_round_trip,
    history_counts_visits, history_keeps_the_chapters_seen, positions_kept_per_chapter,
    read_chapters_form_a_set,
};
pub use super::readers_shelf::{
    bookmarks_listed_by_reader_and_work, bookmarks_round_trip, marked_for_later_round_trip,
    mutes_kept_as_written, removing_a_user_removes_everything, writes_need_an_account,
};

use crate::readers::{NewUser, Preferences, ReaderStore, UserId};

/// One behaviour case: it panics if `store` (fresh and empty) misbehaves.
pub type ReaderCase = fn(&mut dyn ReaderStore);

/// Every case, by name.
pub const CASES: &[(&str, ReaderCase)] = &[
    ("users_round_trip", users_round_trip),
    (
        "user_names_unique_case_insensitively",
        user_names_unique_case_insensitively,
    ),
    ("user_settings_update_alone", user_settings_update_alone),
    (
        "sessions_expire_by_the_callers_clock",
        sessions_expire_by_the_callers_clock,
    ),
    ("sessions_revoke_one_or_all", sessions_revoke_one_or_all),
    (
        "api_tokens_are_named_and_revocable",
        api_tokens_are_named_and_revocable,
    ),
    ("kosync_keys_replace", kosync_keys_replace),
    (
        "document_hashes_map_to_exports",
        document_hashes_map_to_exports,
    ),
    ("export_layouts_round_trip", export_layouts_round_trip),
    (
        "document_progress_for_unknown_books",
        document_progress_for_unknown_books,
    ),
    ("positions_kept_per_chapter", positions_kept_per_chapter),
    ("history_counts_visits", history_counts_visits),
    (
        "history_keeps_the_chapters_seen",
        history_keeps_the_chapters_seen,
    ),
    ("read_chapters_form_a_set", read_chapters_form_a_set),
    ("bookmarks_round_trip", bookmarks_round_trip),
    (
        "bookmarks_listed_by_reader_and_work",
        bookmarks_listed_by_reader_and_work,
    ),
    ("marked_for_later_round_trip", marked_for_later_round_trip),
    ("mutes_kept_as_written", mutes_kept_as_written),
    ("writes_need_an_account", writes_need_an_account),
    (
        "removing_a_user_removes_everything",
        removing_a_user_removes_everything,
    ),
];

/// Runs every case in [`CASES`], each on a store from `make`, naming each
/// on stderr first.
pub fn run_all(make: &dyn Fn() -> Box<dyn ReaderStore>) {
    for (name, case) in CASES {
        eprintln!("reader store behaviour: {name}");
        let mut store = make();
        case(store.as_mut());
    }
}

/// Creates a plain account called `name` (hash `hash-of-<name>`, created at 100).
pub(super) fn reader(store: &mut dyn ReaderStore, name: &str) -> UserId {
    let hash = format!("hash-of-{name}");
    let preferences = Preferences::default();
    store
        .create_user(&NewUser {
            name,
            password_hash: &hash,
            admin: false,
            max_rating: None,
            preferences: &preferences,
            created_at: 100,
        })
        .unwrap_or_else(|e| panic!("create user {name}: {e}"))
}
