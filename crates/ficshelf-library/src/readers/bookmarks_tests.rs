//! Bookmarks: tidying, privacy, public ones by work and by reader, tags.

use super::*;
use crate::readers::testing::{reader, readers, work};

#[test]
fn bookmarks_are_tidied_and_private_ones_stay_private() {
    let (mut readers, _clock) = readers();
    let ana = reader(&mut readers, "ana");
    let bo = reader(&mut readers, "bo");
    let w = work("7", 1);
    let saved = readers
        .save_bookmark(
            ana,
            &w,
            &BookmarkInput {
                notes: Some("  reread in winter  ".into()),
                private: true,
                rec: false,
                tags: vec![
                    " comfort ".into(),
                    "".into(),
                    "Comfort".into(),
                    "slow burn".into(),
                ],
            },
        )
        .expect("bookmark");
    assert_eq!(saved.notes.as_deref(), Some("reread in winter"));
    assert_eq!(saved.tags, vec!["comfort", "slow burn"]);
    readers
        .save_bookmark(
            bo,
            &w,
            &BookmarkInput {
                rec: true,
                ..BookmarkInput::default()
            },
        )
        .expect("bookmark");

    let users = |list: Vec<Bookmark>| list.into_iter().map(|b| b.user).collect::<Vec<_>>();
    assert_eq!(
        users(readers.work_bookmarks("7", None).expect("list")),
        vec![bo]
    );
    assert_eq!(
        users(readers.work_bookmarks("7", Some(ana)).expect("list")),
        vec![ana, bo]
    );
    assert!(matches!(
        readers.save_bookmark(
            ana,
            &w,
            &BookmarkInput {
                notes: Some("x".repeat(10_001)),
                ..BookmarkInput::default()
            }
        ),
        Err(ReaderError::TooLong { what: "notes", .. })
    ));
    assert!(readers.remove_bookmark(ana, "7").expect("remove"));
    assert_eq!(readers.bookmark(ana, "7").expect("get"), None);
}

/// Adds readers `ana` and `bo`.
fn two_readers(readers: &mut Readers) -> (UserId, UserId) {
    (reader(readers, "ana"), reader(readers, "bo"))
}

fn tagged(tags: &[&str], private: bool) -> BookmarkInput {
    BookmarkInput {
        notes: Some(format!("notes on {}", tags.join(" "))),
        private,
        rec: false,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

fn ids(list: &[Bookmark]) -> Vec<&str> {
    list.iter().map(|b| b.work_id.as_str()).collect()
}

#[test]
fn the_shelf_filters_by_a_tag_as_written_or_in_any_case() {
    let (mut readers, clock) = readers();
    let (ana, _) = two_readers(&mut readers);
    for (n, tags) in [&["Comfort", "winter"][..], &["comfort "], &["heist"], &[]]
        .into_iter()
        .enumerate()
    {
        clock.set(1_000_000 + n as i64);
        let w = work(&(n + 1).to_string(), 1);
        readers
            .save_bookmark(ana, &w, &tagged(tags, n == 1))
            .expect("bookmark");
    }
    let comfort = readers
        .bookmarks_tagged(ana, Some("COMFORT"))
        .expect("tagged");
    assert_eq!(ids(&comfort), vec!["2", "1"], "newest first, private kept");
    assert_eq!(
        ids(&readers.bookmarks_tagged(ana, None).expect("all")),
        vec!["4", "3", "2", "1"]
    );
    assert!(readers
        .bookmarks_tagged(ana, Some("comf"))
        .expect("no prefix matching")
        .is_empty());
    let tags: Vec<(String, usize)> = readers
        .bookmark_tags(ana)
        .expect("tags")
        .into_iter()
        .map(|t| (t.name, t.count))
        .collect();
    assert_eq!(
        tags,
        vec![
            ("comfort".to_string(), 2),
            ("heist".to_string(), 1),
            ("winter".to_string(), 1)
        ],
        "one entry per tag in any case, as first written by the newest bookmark"
    );
}

#[test]
fn public_bookmarks_of_a_work_name_their_readers_and_leave_private_ones_out() {
    let (mut readers, clock) = readers();
    let (ana, bo) = two_readers(&mut readers);
    let w = work("7", 2);
    readers
        .save_bookmark(ana, &w, &tagged(&["quiet"], true))
        .expect("private");
    clock.set(1_000_005);
    readers
        .save_bookmark(bo, &w, &tagged(&["<b>loud</b>"], false))
        .expect("public");
    let public = readers.public_bookmarks("7").expect("public");
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].reader, "bo");
    assert_eq!(
        public[0].bookmark.tags,
        vec!["<b>loud</b>"],
        "kept as written"
    );
    assert_eq!(readers.public_bookmark_count("7").expect("count"), 1);
    assert_eq!(readers.public_bookmark_count("8").expect("none"), 0);

    readers
        .save_bookmark(ana, &w, &tagged(&["quiet"], false))
        .expect("made public");
    let readers_of: Vec<String> = readers
        .public_bookmarks("7")
        .expect("public")
        .into_iter()
        .map(|n| n.reader)
        .collect();
    assert_eq!(readers_of, vec!["ana", "bo"], "oldest first");
    readers.remove_user("bo").expect("remove");
    assert_eq!(readers.public_bookmark_count("7").expect("count"), 1);
}

#[test]
fn a_readers_public_page_holds_what_the_viewer_may_see() {
    let (mut readers, clock) = readers();
    let (ana, _) = two_readers(&mut readers);
    for (n, private) in [(1, false), (2, true), (3, false), (4, false)] {
        clock.set(1_000_000 + n);
        let w = work(&n.to_string(), 1);
        let tags: &[&str] = if n == 4 { &["fluff"] } else { &[] };
        readers
            .save_bookmark(ana, &w, &tagged(tags, private))
            .expect("bookmark");
    }
    // The viewer's view refuses work 3 (muted, over their rating cap).
    let viewer_sees = |id: &str| id != "3";
    let (user, shown) = readers
        .reader_public_bookmarks("ANA", None, &viewer_sees)
        .expect("page");
    assert_eq!(user.name, "ana");
    assert_eq!(ids(&shown), vec!["4", "1"]);
    let (_, fluff) = readers
        .reader_public_bookmarks("ana", Some("Fluff"), &viewer_sees)
        .expect("tagged page");
    assert_eq!(ids(&fluff), vec!["4"]);
    assert!(matches!(
        readers.reader_public_bookmarks("nobody", None, &viewer_sees),
        Err(ReaderError::UnknownUser { .. })
    ));
}
