//! Reader cases: KOReader documents and progress, reading positions, history.

use super::readers::reader;
use crate::readers::{
    DocumentProgress, DocumentRecord, ExportRecord, HistoryEntry, ReaderStore, ReadingPosition,
    UserId,
};

fn export(document: &str, work_id: &str, chapters: u32, at: i64) -> DocumentRecord {
    DocumentRecord {
        document: document.into(),
        export: Some(ExportRecord {
            work_id: work_id.into(),
            format: "epub".into(),
            chapters,
            front_pages: None,
        }),
        recorded_at: at,
    }
}

pub fn document_hashes_map_to_exports(store: &mut dyn ReaderStore) {
    let (v1, v2, v3) = ("1".repeat(32), "2".repeat(32), "3".repeat(32));
    // Work 7 exported three times as it grew; work 8 once.
    store
        .record_document(&export(&v2, "7", 4, 200))
        .expect("v2");
    store
        .record_document(&export(&v1, "7", 3, 100))
        .expect("v1");
    store
        .record_document(&export(&v3, "8", 1, 150))
        .expect("other work");
    let unknown = DocumentRecord {
        document: "f".repeat(32),
        export: None,
        recorded_at: 120,
    };
    store.record_document(&unknown).expect("unknown book");

    assert_eq!(
        store.document(&v1).expect("get"),
        Some(export(&v1, "7", 3, 100))
    );
    assert_eq!(
        store.document(&unknown.document).expect("get"),
        Some(unknown.clone())
    );
    assert_eq!(store.document(&"0".repeat(32)).expect("get"), None);
    let of_seven: Vec<DocumentRecord> = store.work_documents("7").expect("list");
    assert_eq!(
        of_seven,
        vec![export(&v1, "7", 3, 100), export(&v2, "7", 4, 200)],
        "oldest first"
    );
    assert_eq!(store.work_documents("9").expect("list"), vec![]);

    // Recording a hash again replaces what it was; an unknown book can
    // become known.
    store
        .record_document(&export(&unknown.document, "8", 2, 300))
        .expect("now known");
    assert_eq!(store.work_documents("8").expect("list").len(), 2);
    store
        .record_document(&export(&v1, "7", 5, 400))
        .expect("again");
    assert_eq!(
        store.document(&v1).expect("get"),
        Some(export(&v1, "7", 5, 400))
    );
    assert_eq!(store.work_documents("7").expect("list").len(), 2);
}

pub fn export_layouts_round_trip(store: &mut dyn ReaderStore) {
    let (laid_out, older) = ("4".repeat(32), "5".repeat(32));
    let mut with_layout = export(&laid_out, "7", 6, 100);
    if let Some(e) = with_layout.export.as_mut() {
        e.front_pages = Some(2);
    }
    store.record_document(&with_layout).expect("with a layout");
    store
        .record_document(&export(&older, "7", 5, 90))
        .expect("without one");
    assert_eq!(store.document(&laid_out).expect("get"), Some(with_layout));
    assert_eq!(
        store.document(&older).expect("get"),
        Some(export(&older, "7", 5, 90)),
        "an export recorded without its layout reads back without one"
    );
    let front: Vec<Option<u32>> = store
        .work_documents("7")
        .expect("list")
        .into_iter()
        .map(|d| d.export.and_then(|e| e.front_pages))
        .collect();
    assert_eq!(front, vec![None, Some(2)], "oldest first");
    // Recorded again without a layout, the document forgets the old one.
    store
        .record_document(&export(&laid_out, "7", 6, 200))
        .expect("again");
    assert_eq!(
        store.document(&laid_out).expect("get"),
        Some(export(&laid_out, "7", 6, 200))
    );
}

pub fn document_progress_for_unknown_books(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    // No document record at all: progress is kept anyway.
    let progress = DocumentProgress {
        user: ana,
        document: "a".repeat(32),
        progress: "/body/DocFragment[4]/body/div/p[12]/text().37".into(),
        percentage: 0.4375,
        device: "Kobo Clara".into(),
        device_id: "E1F2".into(),
        updated_at: 1000,
    };
    store.save_document_progress(&progress).expect("save");
    assert_eq!(
        store
            .document_progress(ana, &progress.document)
            .expect("get"),
        Some(progress.clone())
    );
    assert_eq!(
        store
            .document_progress(bo, &progress.document)
            .expect("get"),
        None
    );

    let later = DocumentProgress {
        progress: "/body/DocFragment[5]/body/p[1]/text().0".into(),
        percentage: 0.5,
        device: "Phone".into(),
        device_id: "77".into(),
        updated_at: 1100,
        ..progress.clone()
    };
    store.save_document_progress(&later).expect("replace");
    assert_eq!(
        store
            .document_progress(ana, &progress.document)
            .expect("get"),
        Some(later)
    );
    let ghost = DocumentProgress {
        user: UserId(bo.0 + 4),
        ..progress
    };
    assert!(store.save_document_progress(&ghost).is_err());
}

fn position(user: UserId, work: &str, chapter: u32, fraction: f64, at: i64) -> ReadingPosition {
    ReadingPosition {
        user,
        work_id: work.into(),
        chapter,
        fraction,
        locator: None,
        device: None,
        updated_at: at,
    }
}

pub fn positions_kept_per_chapter(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    let precise = ReadingPosition {
        locator: Some("p-41".into()),
        device: Some("laptop".into()),
        ..position(ana, "3", 2, 0.123_456_789, 10)
    };
    store
        .save_position(&position(ana, "3", 1, 1.0, 5))
        .expect("ch1");
    store.save_position(&precise).expect("ch2");
    store
        .save_position(&position(ana, "4", 7, 0.5, 20))
        .expect("other work");
    store
        .save_position(&position(bo, "3", 9, 0.9, 99))
        .expect("bo");
    assert_eq!(
        store.work_positions(ana, "3").expect("list"),
        vec![position(ana, "3", 1, 1.0, 5), precise.clone()]
    );

    // A chapter's position is replaced, locator and device too.
    let moved = position(ana, "3", 2, 0.75, 30);
    store.save_position(&moved).expect("move");
    assert_eq!(store.work_positions(ana, "3").expect("list")[1], moved);

    // Recent: each work's latest position, newest first, limited.
    let recent = store.recent_positions(ana, 10).expect("recent");
    assert_eq!(recent, vec![moved.clone(), position(ana, "4", 7, 0.5, 20)]);
    assert_eq!(store.recent_positions(ana, 1).expect("recent"), vec![moved]);
    assert_eq!(store.recent_positions(ana, 0).expect("recent"), vec![]);
    // Going back to an earlier chapter makes it the work's latest.
    store
        .save_position(&position(ana, "3", 1, 0.2, 40))
        .expect("back");
    assert_eq!(
        store.recent_positions(ana, 1).expect("recent")[0],
        position(ana, "3", 1, 0.2, 40)
    );
    assert_eq!(store.work_positions(bo, "4").expect("list"), vec![]);
}

fn entry(store: &dyn ReaderStore, user: UserId, work: &str) -> Option<HistoryEntry> {
    store.history_entry(user, work).expect("history entry")
}

pub fn history_counts_visits(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    let bo = reader(store, "bo");
    store.record_visit(ana, "5", 3, 100).expect("visit");
    store.record_visit(ana, "6", 3, 150).expect("visit");
    store.record_visit(ana, "5", 3, 200).expect("again");
    store.record_visit(bo, "5", 3, 120).expect("bo");
    assert_eq!(
        entry(store, ana, "5"),
        Some(HistoryEntry {
            user: ana,
            work_id: "5".into(),
            first_viewed_at: 100,
            last_viewed_at: 200,
            visits: 2,
            chapters_seen: Some(3),
            read_chapters: vec![],
        })
    );
    assert_eq!(entry(store, bo, "5").map(|e| e.visits), Some(1));
    assert_eq!(entry(store, bo, "6"), None);
    let order: Vec<String> = store
        .history(ana)
        .expect("history")
        .into_iter()
        .map(|e| e.work_id)
        .collect();
    assert_eq!(order, vec!["5", "6"], "most recently viewed first");

    assert_eq!(store.delete_history_entry(ana, "5").ok(), Some(true));
    assert_eq!(store.delete_history_entry(ana, "5").ok(), Some(false));
    assert_eq!(entry(store, ana, "5"), None);
    assert!(entry(store, bo, "5").is_some());
    assert!(store.record_visit(UserId(bo.0 + 2), "5", 3, 1).is_err());
}

pub fn read_chapters_form_a_set(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    store.record_visit(ana, "9", 3, 10).expect("visit");
    for chapter in [3, 1, 3, 2] {
        store
            .set_chapter_read(ana, "9", chapter, true, 20)
            .expect("read");
    }
    store
        .set_chapter_read(ana, "9", 2, false, 30)
        .expect("unread");
    store
        .set_chapter_read(ana, "9", 8, false, 30)
        .expect("unread, never read");
    let read = entry(store, ana, "9").map(|e| (e.read_chapters, e.visits, e.last_viewed_at));
    assert_eq!(
        read,
        Some((vec![1, 3], 1, 10)),
        "marking read is not a visit"
    );

    // A chapter read elsewhere (no visit here) still puts the work in the history.
    store
        .set_chapter_read(ana, "12", 1, true, 40)
        .expect("read elsewhere");
    let elsewhere = entry(store, ana, "12");
    assert_eq!(
        elsewhere.map(|e| (e.read_chapters, e.visits, e.first_viewed_at)),
        Some((vec![1], 0, 40))
    );
    store.record_visit(ana, "12", 3, 50).expect("visit");
    assert_eq!(entry(store, ana, "12").map(|e| e.visits), Some(1));

    // Forgetting a work forgets its read chapters.
    store.delete_history_entry(ana, "9").expect("forget");
    store.record_visit(ana, "9", 3, 60).expect("visit again");
    assert_eq!(
        entry(store, ana, "9").map(|e| e.read_chapters),
        Some(vec![])
    );
}

pub fn history_keeps_the_chapters_seen(store: &mut dyn ReaderStore) {
    let ana = reader(store, "ana");
    store.record_visit(ana, "5", 2, 100).expect("visit");
    assert_eq!(
        entry(store, ana, "5").and_then(|e| e.chapters_seen),
        Some(2)
    );
    // The work grew; the next visit sees its new length, the last one wins.
    store.record_visit(ana, "5", 4, 200).expect("again");
    assert_eq!(
        entry(store, ana, "5").and_then(|e| e.chapters_seen),
        Some(4)
    );
    store.record_visit(ana, "5", 1, 300).expect("shrunk");
    assert_eq!(
        entry(store, ana, "5").and_then(|e| e.chapters_seen),
        Some(1)
    );
    // A chapter read elsewhere makes an entry without a visit: nothing seen.
    store
        .set_chapter_read(ana, "6", 1, true, 50)
        .expect("read elsewhere");
    assert_eq!(entry(store, ana, "6").map(|e| e.chapters_seen), Some(None));
    store.record_visit(ana, "6", 7, 60).expect("visit");
    assert_eq!(
        entry(store, ana, "6").and_then(|e| e.chapters_seen),
        Some(7)
    );
    assert_eq!(
        store.history(ana).expect("history")[0].chapters_seen,
        Some(1),
        "the history lists it too"
    );
}
