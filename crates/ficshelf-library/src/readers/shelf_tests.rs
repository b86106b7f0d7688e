//! The shelf: positions and read chapters, bookmarks, marks, mutes, home.

use super::*;
use crate::readers::testing::readers;
use ficshelf_model::{Chapter, Notes};

fn work(id: &str, chapters: u32) -> Work {
    let mut work = Work::new(id, format!("Work {id}"));
    work.chapters = (1..=chapters)
        .map(|number| Chapter {
            number,
            title: None,
            words: 500,
            notes: Notes::default(),
            sources: vec![],
        })
        .collect();
    work
}

#[test]
fn positions_are_checked_and_mark_chapters_read() {
    let (mut readers, clock) = readers();
    let ana = readers
        .add_user("ana", "a good password", false, None)
        .expect("add")
        .id;
    let w = work("1", 3);
    readers
        .save_position(ana, &w, 1, 0.4, Some("p-12"), Some("phone"))
        .expect("save");
    clock.set(1_000_010);
    readers
        .save_position(ana, &w, 2, 0.96, None, None)
        .expect("save");
    let positions = readers.positions(ana, "1").expect("positions");
    assert_eq!(positions.len(), 2);
    assert_eq!(positions[0].locator.as_deref(), Some("p-12"));
    let history = readers.history(ana).expect("history");
    assert_eq!(history[0].read_chapters, vec![2]);

    for (chapter, fraction) in [(0, 0.5), (4, 0.5), (1, -0.1), (1, 1.1), (1, f64::NAN)] {
        assert!(
            readers
                .save_position(ana, &w, chapter, fraction, None, None)
                .is_err(),
            "{chapter} {fraction}"
        );
    }
    readers.set_chapter_read(ana, &w, 2, false).expect("unread");
    readers.set_chapter_read(ana, &w, 3, true).expect("read");
    assert_eq!(
        readers.history(ana).expect("history")[0].read_chapters,
        vec![3]
    );
    assert!(matches!(
        readers.set_chapter_read(ana, &w, 9, true),
        Err(ReaderError::NoSuchChapter { chapter: 9, .. })
    ));
    assert!(readers.forget_work(ana, "1").expect("forget"));
    assert!(readers.history(ana).expect("history").is_empty());
}

#[test]
fn bookmarks_are_tidied_and_private_ones_stay_private() {
    let (mut readers, _clock) = readers();
    let ana = readers
        .add_user("ana", "a good password", false, None)
        .expect("add")
        .id;
    let bo = readers
        .add_user("bo", "a good password", false, None)
        .expect("add")
        .id;
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

#[test]
fn mutes_are_checked_and_kept_as_written() {
    let (mut readers, _clock) = readers();
    let ana = readers
        .add_user("ana", "a good password", false, None)
        .expect("add")
        .id;
    assert!(readers
        .add_mute(ana, MuteKind::Relationship, " */Reader ")
        .expect("mute"));
    assert!(!readers
        .add_mute(ana, MuteKind::Relationship, "*/Reader")
        .expect("again"));
    assert!(readers.add_mute(ana, MuteKind::Tag, "   ").is_err());
    assert_eq!(
        readers.mutes(ana).expect("mutes"),
        vec![Mute {
            kind: MuteKind::Relationship,
            value: "*/Reader".into()
        }]
    );
    assert!(readers
        .remove_mute(ana, MuteKind::Relationship, "*/Reader")
        .expect("unmute"));
    assert!(readers.mutes(ana).expect("mutes").is_empty());
}

#[test]
fn home_has_continue_marked_and_new_chapters() {
    let (mut readers, clock) = readers();
    let ana = readers
        .add_user("ana", "a good password", false, None)
        .expect("add")
        .id;
    let (one, two, three, four) = (work("1", 3), work("2", 2), work("3", 5), work("4", 1));
    readers
        .save_position(ana, &one, 2, 0.3, None, None)
        .expect("save");
    clock.set(1_000_001);
    readers
        .save_position(ana, &two, 2, 1.0, None, None)
        .expect("finished");
    clock.set(1_000_002);
    readers
        .save_position(ana, &four, 1, 0.1, None, None)
        .expect("hidden later");
    readers.mark_for_later(ana, &two).expect("mark");
    readers.mark_for_later(ana, &four).expect("mark");
    assert!(!readers.mark_for_later(ana, &two).expect("again"));
    // Bookmarked work 3, read to chapter 2; it has 5 now.
    readers
        .save_bookmark(ana, &three, &BookmarkInput::default())
        .expect("bookmark");
    readers
        .set_chapter_read(ana, &three, 1, true)
        .expect("read");
    readers
        .set_chapter_read(ana, &three, 2, true)
        .expect("read");

    let visible = |id: &str| match id {
        "1" => Some(3),
        "2" => Some(2),
        "3" => Some(5),
        _ => None, // work 4 is muted for this reader
    };
    let home = readers.home(ana, 10, &visible).expect("home");
    let continued: Vec<&str> = home
        .continue_reading
        .iter()
        .map(|c| c.position.work_id.as_str())
        .collect();
    assert_eq!(continued, vec!["1"]);
    assert_eq!(home.continue_reading[0].chapters, 3);
    let marked: Vec<&str> = home
        .marked_for_later
        .iter()
        .map(|m| m.work_id.as_str())
        .collect();
    assert_eq!(marked, vec!["2"]);
    assert_eq!(
        home.new_chapters,
        vec![NewChapters {
            work_id: "3".into(),
            chapters: vec![3, 4, 5]
        }]
    );
    assert!(readers.unmark_for_later(ana, "2").expect("unmark"));
}
