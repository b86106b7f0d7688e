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
        .save_kosync_progress(&progress(user.id, "ABCDEF", 0.25))
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
    readers
        .save_kosync_progress(&progress(user.id, "aaaa", 0.5))
        .expect("save");
    let load = |_: &str| Some(three.clone());

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
        .save_kosync_progress(&progress(user.id, "bbbb", 0.6))
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
