//! The home page: continue reading, marked for later, new chapters.

use super::*;
use crate::readers::testing::{reader, readers, work};
use crate::readers::BookmarkInput;

#[test]
fn home_has_continue_marked_and_new_chapters() {
    let (mut readers, clock) = readers();
    let ana = reader(&mut readers, "ana");
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
    // Bookmarked work 3, last viewed with 2 chapters; it has 5 now.
    readers
        .save_bookmark(ana, &three, &BookmarkInput::default())
        .expect("bookmark");
    readers
        .record_visit(ana, &work("3", 2))
        .expect("viewed at two chapters");

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

/// Regression: "new chapters" used to count every chapter after the last
/// one read, so a bookmarked work read to chapter 1 of 3 showed chapters 2
/// and 3 as new although none had been added; it counts from the chapters
/// the work had at the reader's last visit now.
#[test]
fn new_chapters_are_the_ones_added_since_the_last_visit() {
    let (mut readers, _clock) = readers();
    let ana = reader(&mut readers, "ana");
    let (old, grown, unseen) = (work("1", 3), work("2", 4), work("3", 2));
    for w in [&old, &grown, &unseen] {
        readers
            .save_bookmark(ana, w, &BookmarkInput::default())
            .expect("bookmark");
    }
    readers.record_visit(ana, &old).expect("visit");
    readers.set_chapter_read(ana, &old, 1, true).expect("read");
    readers
        .record_visit(ana, &work("2", 1))
        .expect("visit at 1");
    // Work 3 was read on another device only: no visit says what was seen.
    readers
        .set_chapter_read(ana, &unseen, 1, true)
        .expect("read");
    let visible = |id: &str| match id {
        "1" => Some(3),
        "2" => Some(4),
        "3" => Some(2),
        _ => None,
    };
    let home = readers.home(ana, 10, &visible).expect("home");
    assert_eq!(
        home.new_chapters,
        vec![NewChapters {
            work_id: "2".into(),
            chapters: vec![2, 3, 4]
        }]
    );
    // Visiting the grown work clears it; a limit of one keeps one.
    readers.record_visit(ana, &grown).expect("visit");
    assert!(readers
        .home(ana, 1, &visible)
        .expect("home")
        .new_chapters
        .is_empty());
    // Work 1 grows to 5 while work 2 (grown too) is hidden from the reader.
    let hidden = |id: &str| match id {
        "1" => Some(5),
        "2" => None,
        _ => Some(2),
    };
    let home = readers.home(ana, 1, &hidden).expect("home");
    assert_eq!(
        home.new_chapters,
        vec![NewChapters {
            work_id: "1".into(),
            chapters: vec![4, 5]
        }]
    );
}
