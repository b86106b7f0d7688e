//! KOReader: the partial MD5 against values computed independently, sync
//! keys, and positions carried across exports.

use super::*;
use crate::readers::testing::readers;
use ficshelf_model::{Chapter, Notes};
use std::io::Cursor;

/// `len` bytes of a pattern with no 1 KiB period, so every sample differs.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 31 + i / 1024) % 256) as u8)
        .collect()
}

#[test]
fn offsets_are_koreaders() {
    let offsets: Vec<u64> = sample_offsets().collect();
    assert_eq!(
        offsets,
        vec![
            0,
            1024,
            4096,
            16384,
            65536,
            262_144,
            1_048_576,
            4_194_304,
            16_777_216,
            67_108_864,
            268_435_456,
            1_073_741_824
        ]
    );
}

#[test]
fn partial_md5_matches_an_independent_computation() {
    // Computed outside Rust: `dd bs=1 skip=OFFSET count=1024` at 0, 1024,
    // 4096, 16384 and 65536, concatenated, through coreutils `md5sum`.
    assert_eq!(
        partial_md5(Cursor::new(pattern(70_000))).expect("hash"),
        "d4c7f95443093fc6e614d498b7066284"
    );
    // Shorter than one sample: the whole file, once.
    assert_eq!(
        partial_md5(Cursor::new(pattern(600))).expect("hash"),
        "af15483bd3cf2b8bc79ab324ce2e1146"
    );
    // An empty file hashes nothing: MD5 of no bytes.
    assert_eq!(
        partial_md5(Cursor::new(Vec::new())).expect("hash"),
        "d41d8cd98f00b204e9800998ecf8427e"
    );
}

#[test]
fn partial_md5_ignores_bytes_between_samples() {
    let mut changed = pattern(70_000);
    changed[3000] ^= 0xff; // between the 1 KiB and 4 KiB samples
    assert_eq!(
        partial_md5(Cursor::new(&changed)).expect("hash"),
        partial_md5(Cursor::new(pattern(70_000))).expect("hash")
    );
    changed[4100] ^= 0xff; // inside the 4 KiB sample
    assert_ne!(
        partial_md5(Cursor::new(&changed)).expect("hash"),
        partial_md5(Cursor::new(pattern(70_000))).expect("hash")
    );
}

#[test]
fn partial_md5_of_a_file_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.epub");
    std::fs::write(&path, pattern(70_000)).expect("write");
    assert_eq!(
        partial_md5_of_file(&path).expect("hash"),
        "d4c7f95443093fc6e614d498b7066284"
    );
    assert!(matches!(
        partial_md5_of_file(&dir.path().join("missing.epub")),
        Err(ReaderError::ReadDocument(_))
    ));
}

#[test]
fn progress_maps_by_chapter_words() {
    // Three chapters of 100, 300 and 600 words; the old file had two.
    let words = [100, 300, 600];
    // Halfway through the old file (200 of 400 words) is 200 of 1000.
    assert!((map_progress(0.5, 2, 3, &words) - 0.2).abs() < 1e-9);
    // And back.
    assert!((map_progress(0.2, 3, 2, &words) - 0.5).abs() < 1e-9);
    // No word counts: chapters count alike.
    assert!((map_progress(1.0, 2, 4, &[]) - 0.5).abs() < 1e-9);
    // Same file, or nonsense in: unchanged or clamped.
    assert_eq!(map_progress(0.7, 3, 3, &words), 0.7);
    assert_eq!(map_progress(f64::NAN, 2, 3, &words), 0.0);
    assert_eq!(map_progress(1.5, 2, 2, &words), 1.0);
}

fn work(id: &str, chapter_words: &[u64]) -> Work {
    let mut work = Work::new(id, "The Lantern Road");
    work.chapters = chapter_words
        .iter()
        .enumerate()
        .map(|(i, &words)| Chapter {
            number: u32::try_from(i + 1).expect("small"),
            title: None,
            words,
            notes: Notes::default(),
            sources: vec![],
        })
        .collect();
    work
}

fn progress(user: UserId, document: &str, percentage: f64) -> DocumentProgress {
    DocumentProgress {
        user,
        document: document.into(),
        progress: "/body/DocFragment[3]/body/p[12]/text().0".into(),
        percentage,
        device: "Kobo".into(),
        device_id: "kobo-1".into(),
        updated_at: 0,
    }
}

#[test]
fn sync_keys_sign_in_like_passwords() {
    let (mut readers, _clock) = readers();
    let user = readers
        .add_user("ana", "a good password", false, None)
        .expect("add");
    assert_eq!(
        readers.check_kosync_key("ana", "abc123").expect("check"),
        None,
        "no key yet"
    );
    readers.set_kosync_key(user.id, "abc123").expect("set");
    let signed = readers.check_kosync_key("ANA", "abc123").expect("check");
    assert_eq!(signed.map(|u| u.id), Some(user.id));
    assert_eq!(
        readers.check_kosync_key("ana", "abc124").expect("check"),
        None
    );
    assert_eq!(
        readers.check_kosync_key("bo", "abc123").expect("check"),
        None
    );
    assert!(readers.set_kosync_key(user.id, "").is_err());
}

#[test]
fn unknown_books_are_stored_and_answered() {
    let (mut readers, clock) = readers();
    let user = readers
        .add_user("ana", "a good password", false, None)
        .expect("add");
    clock.set(1_000_100);
    let saved = readers
        .save_kosync_progress(&progress(user.id, "ABCDEF", 0.25), &|_| None)
        .expect("save");
    assert_eq!(
        (saved.document.as_str(), saved.updated_at),
        ("abcdef", 1_000_100)
    );
    let record = readers
        .store()
        .document("abcdef")
        .expect("document")
        .expect("recorded");
    assert_eq!(record.export, None);
    let answer = readers
        .kosync_progress(user.id, "abcdef", &|_| None)
        .expect("get");
    assert_eq!(answer, Some(saved));
    assert_eq!(
        readers
            .kosync_progress(user.id, "000000", &|_| None)
            .expect("get"),
        None
    );
}

#[test]
fn a_position_follows_the_work_into_its_next_export() {
    let (mut readers, clock) = readers();
    let user = readers
        .add_user("ana", "a good password", false, None)
        .expect("add");
    let two = work("42", &[100, 300]);
    let three = work("42", &[100, 300, 600]);
    readers
        .record_export(&two, "epub", "aaaa", None)
        .expect("old export");
    readers
        .record_export(&three, "epub", "bbbb", None)
        .expect("new export");
    let load = |_: &str| Some(three.clone());
    readers
        .save_kosync_progress(&progress(user.id, "aaaa", 0.5), &load)
        .expect("save");

    let mapped = readers
        .kosync_progress(user.id, "bbbb", &load)
        .expect("get")
        .expect("mapped");
    assert_eq!(mapped.document, "bbbb");
    assert!(
        (mapped.percentage - 0.2).abs() < 1e-9,
        "{}",
        mapped.percentage
    );
    assert_eq!(mapped.progress, "/body/DocFragment[3]/body/p[12]/text().0");

    // Reading on in the new file: that position is newer and wins in both.
    clock.set(1_000_500);
    readers
        .save_kosync_progress(&progress(user.id, "bbbb", 0.6), &load)
        .expect("save");
    let own = readers
        .kosync_progress(user.id, "bbbb", &load)
        .expect("get")
        .expect("own");
    assert_eq!(own.percentage, 0.6);
    let back = readers
        .kosync_progress(user.id, "aaaa", &load)
        .expect("get")
        .expect("back");
    assert_eq!(back.percentage, 1.0, "past the old file's end: its end");
}

/// A reader with work "42" (chapters of 100, 300 and 600 words) exported
/// with one front page as document "cccc".
fn exported() -> (Readers, crate::readers::testing::TestClock, UserId, Work) {
    let (mut readers, clock) = readers();
    let user = readers
        .add_user("ana", "a good password", false, None)
        .expect("add");
    let three = work("42", &[100, 300, 600]);
    readers
        .record_export(&three, "epub", "cccc", Some(1))
        .expect("export");
    (readers, clock, user.id, three)
}

fn pushed(user: UserId, xpointer: &str, percentage: f64) -> DocumentProgress {
    DocumentProgress {
        progress: xpointer.into(),
        ..progress(user, "cccc", percentage)
    }
}

#[test]
fn a_push_for_an_export_moves_the_web_position_to_its_chapter() {
    let (mut readers, _clock, user, three) = exported();
    let load = |_: &str| Some(three.clone());
    // DocFragment[3] is chapter 2; 25% is 250 of 1000 words, halfway
    // through chapter 2's 300.
    let xpointer = "/body/DocFragment[3]/body/p[7]/text().4";
    readers
        .save_kosync_progress(&pushed(user, xpointer, 0.25), &load)
        .expect("push");
    let positions = readers.positions(user, "42").expect("positions");
    assert_eq!(positions.len(), 1, "{positions:?}");
    let position = &positions[0];
    assert_eq!(position.chapter, 2);
    assert!((position.fraction - 0.5).abs() < 1e-9, "{position:?}");
    assert_eq!(position.locator.as_deref(), Some(xpointer));
    assert_eq!(position.device.as_deref(), Some("Kobo"));
}

#[test]
fn a_push_outside_the_chapters_is_placed_by_its_percentage() {
    let (mut readers, _clock, user, three) = exported();
    let load = |_: &str| Some(three.clone());
    // The preface's xpointer names no chapter: 70% is 700 words, halfway
    // through chapter 3.
    readers
        .save_kosync_progress(&pushed(user, "/body/DocFragment[1]/body/h1", 0.7), &load)
        .expect("push");
    let positions = readers.positions(user, "42").expect("positions");
    assert_eq!(positions.len(), 1, "{positions:?}");
    assert_eq!(positions[0].chapter, 3);
    assert!((positions[0].fraction - 0.5).abs() < 1e-9);
}

#[test]
fn a_push_for_an_unknown_book_or_a_hidden_work_moves_no_position() {
    let (mut readers, _clock, user, three) = exported();
    let load = |_: &str| Some(three.clone());
    readers
        .save_kosync_progress(&progress(user, "dddd", 0.5), &load)
        .expect("unknown book");
    readers
        .save_kosync_progress(&pushed(user, "/body/DocFragment[3]/body", 0.3), &|_| None)
        .expect("work not loaded");
    assert_eq!(readers.positions(user, "42").expect("positions"), vec![]);
}

#[test]
fn a_newer_web_position_is_answered_as_koreader_names_it() {
    let (mut readers, clock, user, three) = exported();
    let load = |_: &str| Some(three.clone());
    readers
        .save_kosync_progress(&pushed(user, "/body/DocFragment[2]/body/p[3]", 0.05), &load)
        .expect("push");
    clock.set(1_000_300);
    readers
        .save_position(user, &three, 3, 0.5, None, Some("browser"))
        .expect("web position");
    let answer = readers
        .kosync_progress(user, "cccc", &load)
        .expect("get")
        .expect("an answer");
    assert_eq!(answer.document, "cccc");
    assert_eq!(answer.progress, "/body/DocFragment[4]/body");
    assert!((answer.percentage - 0.7).abs() < 1e-9, "{answer:?}");
    assert_eq!(
        (answer.device.as_str(), answer.device_id.as_str()),
        (WEB_DEVICE, WEB_DEVICE_ID)
    );
    assert_eq!(answer.updated_at, 1_000_300);
}

#[test]
fn koreaders_own_push_is_answered_over_its_web_copy() {
    let (readers, _clock, user, three) = exported();
    // A clock that ticks at every reading, so the copy is a second newer
    // than the push it copies.
    let ticks = std::sync::atomic::AtomicI64::new(2_000_000);
    let mut readers =
        readers.with_clock(move || ticks.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let load = |_: &str| Some(three.clone());
    let xpointer = "/body/DocFragment[3]/body/p[7]/text().4";
    let saved = readers
        .save_kosync_progress(&pushed(user, xpointer, 0.25), &load)
        .expect("push");
    let copy = readers.positions(user, "42").expect("positions");
    assert!(copy[0].updated_at > saved.updated_at, "{copy:?}");
    let answer = readers.kosync_progress(user, "cccc", &load).expect("get");
    assert_eq!(answer, Some(saved));
}

#[test]
fn a_web_position_koreaders_file_cannot_name_is_left_out() {
    let (mut readers, clock, user, _) = exported();
    // The file was exported with two chapters (one front page); the work
    // has three now, and an older file's layout was never recorded.
    let two = work("42", &[100, 300]);
    let three = work("42", &[100, 300, 600]);
    readers
        .record_export(&two, "epub", "eeee", Some(1))
        .expect("two chapters");
    readers
        .record_export(&two, "epub", "ffff", None)
        .expect("no layout");
    clock.set(1_000_300);
    readers
        .save_position(user, &three, 3, 0.5, None, Some("browser"))
        .expect("chapter 3");
    let load = |_: &str| Some(three.clone());
    for document in ["eeee", "ffff"] {
        let answer = readers.kosync_progress(user, document, &load).expect("get");
        assert_eq!(answer, None, "{document}");
    }
    clock.set(1_000_400);
    readers
        .save_position(user, &three, 2, 0.0, None, Some("browser"))
        .expect("chapter 2");
    let answer = readers.kosync_progress(user, "eeee", &load).expect("get");
    assert_eq!(
        answer.map(|a| a.progress),
        Some("/body/DocFragment[3]/body".to_string())
    );
    assert_eq!(
        readers.kosync_progress(user, "ffff", &load).expect("get"),
        None
    );
}
