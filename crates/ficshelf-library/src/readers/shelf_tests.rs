//! The shelf: positions and read chapters, mutes.

use super::*;
use crate::readers::testing::{reader, readers, work};

#[test]
fn positions_are_checked_and_mark_chapters_read() {
    let (mut readers, clock) = readers();
    let ana = reader(&mut readers, "ana");
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
fn mutes_are_checked_and_kept_as_written() {
    let (mut readers, _clock) = readers();
    let ana = reader(&mut readers, "ana");
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
