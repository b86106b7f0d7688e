//! A model-based property test of the journal.
//!
//! Random sequences of import (txt, HTML and EPUB files of generated text,
//! written again with new text to update their works), merge, split, edit,
//! delete, restore and undo (the latest operation, or any one) run against
//! a library in a temporary folder. After every step:
//!
//! - every chapter text the library ever held is still reachable: in a
//!   work, in the trash, or in a journal record an undo writes back;
//! - the store and the search index agree: the same works, and every
//!   marker word ever written finds exactly the works whose text holds it;
//! - an undo that succeeds leaves the works it touched exactly as they were
//!   before the operation it undid, and every other work as it was.
//!
//! At the end, undoing everything leaves the library as it began (empty,
//! with an empty trash), compared as a dump of every work with its text.
//!
//! `FICSHELF_MODEL_CASES` sets the number of cases (64 by default, as in
//! CI); `FICSHELF_MODEL_ANALYSIS=1` runs text analysis on every change too.

use ficshelf_library::{EditRequest, Library, LibraryError, NoProgress, SearchOptions, TagRef};
use ficshelf_store::Store;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

/// One step of a run; numbers pick among what exists when it runs.
#[derive(Debug, Clone)]
enum Step {
    Import {
        slot: usize,
        chapters: usize,
    },
    Merge {
        a: usize,
        b: usize,
    },
    Split {
        work: usize,
        start: usize,
        len: usize,
    },
    Edit {
        work: usize,
        kind: usize,
    },
    Delete {
        work: usize,
    },
    Restore {
        entry: usize,
    },
    Undo,
    UndoAny {
        pick: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..5usize, 1..4usize).prop_map(|(slot, chapters)| Step::Import { slot, chapters }),
        2 => (0..8usize, 0..8usize).prop_map(|(a, b)| Step::Merge { a, b }),
        2 => (0..8usize, 0..8usize, 1..3usize).prop_map(|(work, start, len)| Step::Split { work, start, len }),
        2 => (0..8usize, 0..4usize).prop_map(|(work, kind)| Step::Edit { work, kind }),
        2 => (0..8usize).prop_map(|work| Step::Delete { work }),
        1 => (0..4usize).prop_map(|entry| Step::Restore { entry }),
        2 => Just(Step::Undo),
        1 => (0..16usize).prop_map(|pick| Step::UndoAny { pick }),
    ]
}

/// A file slot's format: slots 0 and 3 are txt, 1 and 4 HTML, 2 EPUB.
fn format_of(slot: usize) -> &'static str {
    ["txt", "html", "epub"][slot % 3]
}

const WORDS: [&str; 12] = [
    "harbour", "lantern", "orchard", "kettle", "meadow", "ferry", "quarry", "willow", "pebble",
    "chimney", "saddle", "thimble",
];

/// A marker word: letters only, unlike any English word, never stemmed.
fn marker(n: usize) -> String {
    let mut word = String::from("zq");
    let mut n = n;
    loop {
        word.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    word.push('x');
    word
}

/// Writes the files of a run and remembers every marker written.
struct Files {
    dir: PathBuf,
    next_marker: usize,
    markers: Vec<String>,
}

impl Files {
    fn paragraph(&mut self, seed: usize) -> String {
        let m = marker(self.next_marker);
        self.next_marker += 1;
        self.markers.push(m.clone());
        let mut words: Vec<&str> = (0..14)
            .map(|i| WORDS[(seed * 7 + i * 5) % WORDS.len()])
            .collect();
        words.insert(5, &m);
        let mut text = words.join(" ");
        text.push('.');
        text[..1].to_uppercase() + &text[1..]
    }

    /// Writes slot `slot` anew with `chapters` chapters of new text.
    fn write(&mut self, slot: usize, chapters: usize) -> PathBuf {
        let title = format!(
            "Tale of Slot {}",
            ["One", "Two", "Three", "Four", "Five"][slot]
        );
        let texts: Vec<(String, String)> = (0..chapters)
            .map(|c| {
                let a = self.paragraph(slot + c);
                let b = self.paragraph(slot * 3 + c + 1);
                (format!("Part {}", c + 1), format!("{a}\n\n{b}"))
            })
            .collect();
        let path = self.dir.join(format!("slot{slot}.{}", format_of(slot)));
        let bytes = match format_of(slot) {
            "txt" => txt(&title, &texts).into_bytes(),
            "html" => html(&title, &texts).into_bytes(),
            _ => epub(&title, &texts),
        };
        std::fs::write(&path, bytes).expect("write input");
        path
    }
}

fn txt(title: &str, chapters: &[(String, String)]) -> String {
    let mut out = format!("Title: {title}\nAuthor: Pell Marrow\nRating: General Audiences\n\n");
    for (i, (name, text)) in chapters.iter().enumerate() {
        out.push_str(&format!("Chapter {}: {name}\n\n{text}\n\n", i + 1));
    }
    out
}

fn html(title: &str, chapters: &[(String, String)]) -> String {
    let mut out = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>by Pell Marrow</p>"
    );
    for (i, (name, text)) in chapters.iter().enumerate() {
        out.push_str(&format!("<h2>Chapter {}: {name}</h2>", i + 1));
        for p in text.split("\n\n") {
            out.push_str(&format!("<p>{p}</p>"));
        }
    }
    out.push_str("</body></html>");
    out
}

fn epub(title: &str, chapters: &[(String, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, stored).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    };
    add("mimetype", "application/epub+zip");
    add(
        "META-INF/container.xml",
        r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    );
    let mut manifest = String::from(
        r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>"#,
    );
    let mut spine = String::new();
    let mut nav = String::new();
    for (i, (name, text)) in chapters.iter().enumerate() {
        let n = i + 1;
        manifest.push_str(&format!(
            r#"<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{n}"/>"#));
        nav.push_str(&format!(
            r#"<li><a href="c{n}.xhtml">Chapter {n}: {name}</a></li>"#
        ));
        let paragraphs: String = text.split("\n\n").map(|p| format!("<p>{p}</p>")).collect();
        add(
            &format!("OEBPS/c{n}.xhtml"),
            &format!(
                r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter {n}</title></head><body><h2>Chapter {n}: {name}</h2>{paragraphs}</body></html>"#
            ),
        );
    }
    add(
        "OEBPS/nav.xhtml",
        &format!(
            r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>"#
        ),
    );
    add(
        "OEBPS/content.opf",
        &format!(
            r#"<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:ficshelf-test:{title}</dc:identifier><dc:title>{title}</dc:title><dc:creator>Pell Marrow</dc:creator><dc:language>en</dc:language></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
        ),
    );
    zip.finish().expect("zip").into_inner()
}

/// The library as a map: each work id to its dump (`live:` metadata, user
/// edits and every chapter's text; `trash:` its state in the trash).
fn dump(library: &Library, store: &dyn Store) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for work in library.works().expect("works") {
        let bodies: Vec<String> = work
            .chapters
            .iter()
            .map(|c| {
                let (_, body) = library
                    .chapter(&work.id, c.number)
                    .expect("chapter")
                    .expect("chapter exists");
                serde_json::to_string(&body).expect("json")
            })
            .collect();
        let edits = library.edits(&work.id).expect("edits");
        let text = serde_json::to_string(&(&work, &edits, &bodies)).expect("json");
        out.insert(work.id.clone(), format!("live:{text}"));
    }
    for trashed in store.trash().expect("trash") {
        let text = serde_json::to_string(&trashed.state).expect("json");
        out.insert(trashed.state.work.id.clone(), format!("trash:{text}"));
    }
    out
}

/// The names of every text a live work, the trash or a journal record
/// (of an operation not purged) refers to.
fn reachable(store: &dyn Store) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for work in store.works().expect("works") {
        let state = store.work_state(&work.id).expect("state").expect("live");
        names.extend(state.chapters.into_iter().map(|c| c.text));
    }
    for trashed in store.trash().expect("trash") {
        names.extend(trashed.state.chapters.into_iter().map(|c| c.text));
    }
    for op in store.operations().expect("operations") {
        for record in store.operation_records(op.id).expect("records") {
            if let Some(before) = record.before {
                names.extend(before.chapters.into_iter().map(|c| c.text));
            }
        }
    }
    names
}

/// The texts live works show now.
fn live_texts(store: &dyn Store) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for work in store.works().expect("works") {
        let state = store.work_state(&work.id).expect("state").expect("live");
        names.extend(state.chapters.into_iter().map(|c| c.text));
    }
    names
}

/// Store and index agree: the same works, and each marker finds the works
/// whose text holds it.
fn check_index(library: &Library, files: &Files) -> Result<(), TestCaseError> {
    let all = SearchOptions {
        limit: 10_000,
        facet_top: 0,
        ..SearchOptions::default()
    };
    let works = library.works().expect("works");
    let live: BTreeSet<String> = works.iter().map(|w| w.id.clone()).collect();
    let indexed: BTreeSet<String> = library
        .search("", &all)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    prop_assert_eq!(&indexed, &live, "browse set");
    let mut text_of: BTreeMap<String, String> = BTreeMap::new();
    for work in &works {
        let mut text = String::new();
        for c in &work.chapters {
            let (_, body) = library
                .chapter(&work.id, c.number)
                .expect("chapter")
                .expect("exists");
            text.push_str(&body.to_text());
        }
        text_of.insert(work.id.clone(), text);
    }
    for m in &files.markers {
        let want: BTreeSet<String> = text_of
            .iter()
            .filter(|(_, t)| t.contains(m.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        let found: BTreeSet<String> = library
            .search(m, &all)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        prop_assert_eq!(found, want, "works with {}", m);
    }
    Ok(())
}

/// The id of the newest operation, 0 when none.
fn newest(library: &Library) -> u64 {
    library
        .history(None)
        .expect("history")
        .operations
        .first()
        .map_or(0, |o| o.id)
}

/// Runs one undo and checks what it did against the dumps.
fn check_undo(
    result: Result<ficshelf_library::UndoReport, LibraryError>,
    library: &Library,
    store: &dyn Store,
    prior: &BTreeMap<String, String>,
    before_op: &BTreeMap<u64, BTreeMap<String, String>>,
) -> Result<bool, TestCaseError> {
    let now = dump(library, store);
    let report = match result {
        Ok(report) => report,
        Err(
            LibraryError::CannotUndo { .. }
            | LibraryError::NothingToUndo
            | LibraryError::AlreadyUndone { .. },
        ) => {
            prop_assert_eq!(&now, prior, "a refused undo changes nothing");
            return Ok(false);
        }
        Err(e) => return Err(TestCaseError::fail(format!("undo failed: {e}"))),
    };
    let then = before_op
        .get(&report.undone.id)
        .ok_or_else(|| TestCaseError::fail("undid an operation this run did not see"))?;
    let touched: BTreeSet<&String> = report.undone.works.iter().collect();
    let ids: BTreeSet<&String> = now.keys().chain(prior.keys()).chain(then.keys()).collect();
    for id in ids {
        if touched.contains(id) {
            prop_assert_eq!(
                now.get(id),
                then.get(id),
                "work {} after undo {}",
                id,
                report.undone.id
            );
        } else {
            prop_assert_eq!(now.get(id), prior.get(id), "untouched work {}", id);
        }
    }
    Ok(true)
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    // A folder in memory where there is one: the run waits on index commits.
    let shm = std::path::Path::new("/dev/shm");
    let tmp = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("tempdir");
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    let root = tmp.path().join("lib");
    let mut library = Library::open(&root).expect("open library");
    library.set_analyze_on_import(std::env::var_os("FICSHELF_MODEL_ANALYSIS").is_some());
    let store = ficshelf_store::open(&root.join("library.sqlite3").display().to_string())
        .expect("open store");
    let store = store.as_ref();
    let mut files = Files {
        dir: inputs,
        next_marker: 0,
        markers: Vec::new(),
    };
    let initial = dump(&library, store);
    let mut before_op: BTreeMap<u64, BTreeMap<String, String>> = BTreeMap::new();
    let mut ever: BTreeSet<String> = BTreeSet::new();
    let mut seen = newest(&library);
    let mut step_no = 0;
    let mut steps: Vec<Step> = steps.to_vec();
    steps.insert(
        0,
        Step::Import {
            slot: 0,
            chapters: 2,
        },
    );
    for step in &steps {
        step_no += 1;
        let prior = dump(&library, store);
        let ids: Vec<String> = library
            .works()
            .expect("works")
            .into_iter()
            .map(|w| w.id)
            .collect();
        let pick = |i: usize| ids.get(i % ids.len().max(1)).cloned();
        match step.clone() {
            Step::Import { slot, chapters } => {
                let path = files.write(slot, chapters);
                library.import(&[path], &NoProgress).expect("import");
            }
            Step::Merge { a, b } => {
                if let (Some(a), Some(b)) = (pick(a), pick(b)) {
                    if a != b {
                        library.merge(&a, &b).expect("merge");
                    }
                }
            }
            Step::Split { work, start, len } => {
                if let Some(id) = pick(work) {
                    let count = library
                        .work(&id)
                        .expect("work")
                        .expect("live")
                        .chapters
                        .len();
                    if count > 1 {
                        let len = len.min(count - 1);
                        let start = start % (count - len) + 1;
                        let numbers: Vec<u32> = (start..start + len).map(|n| n as u32).collect();
                        library.split(&id, &numbers).expect("split");
                    }
                }
            }
            Step::Edit { work, kind } => {
                if let Some(id) = pick(work) {
                    let mut request = EditRequest::default();
                    match kind {
                        0 => request.title = Some(format!("Retitled {step_no}")),
                        1 => {
                            request.add_tags =
                                vec![TagRef::parse("fandom:Orchard Tales").expect("tag")]
                        }
                        2 => {
                            request.remove_tags =
                                vec![TagRef::parse("author:Pell Marrow").expect("tag")]
                        }
                        _ => request.chapter_titles = vec![(1, format!("First, edited {step_no}"))],
                    }
                    library.edit(&id, &request).expect("edit");
                }
            }
            Step::Delete { work } => {
                if let Some(id) = pick(work) {
                    library.delete(&[id]).expect("delete");
                }
            }
            Step::Restore { entry } => {
                let trash = library.trash().expect("trash");
                if !trash.is_empty() {
                    let id = trash[entry % trash.len()].work.id.clone();
                    match library.restore(&[id]) {
                        Ok(_) | Err(LibraryError::RestoreBlocked { .. }) => {}
                        Err(e) => return Err(TestCaseError::fail(format!("restore: {e}"))),
                    }
                }
            }
            Step::Undo => {
                let result = library.undo(None);
                check_undo(result, &library, store, &prior, &before_op)?;
            }
            Step::UndoAny { pick } => {
                let ops = library.history(None).expect("history").operations;
                if !ops.is_empty() {
                    let id = ops[pick % ops.len()].id;
                    let result = library.undo(Some(id));
                    check_undo(result, &library, store, &prior, &before_op)?;
                }
            }
        }
        let latest = newest(&library);
        for op in seen + 1..=latest {
            before_op.insert(op, prior.clone());
        }
        seen = latest;
        ever.extend(live_texts(store));
        let kept = reachable(store);
        for name in &ever {
            prop_assert!(
                kept.contains(name),
                "step {}: text {} is no longer reachable",
                step_no,
                name
            );
            prop_assert!(
                store.text(name).expect("text").is_some(),
                "text {} is not stored",
                name
            );
        }
        check_index(&library, &files)?;
    }
    // Undo everything, latest first: each undo checked as above.
    loop {
        let prior = dump(&library, store);
        if !check_undo(library.undo(None), &library, store, &prior, &before_op)? {
            break;
        }
        check_index(&library, &files)?;
    }
    prop_assert_eq!(dump(&library, store), initial, "undoing everything");
    prop_assert!(library.trash().expect("trash").is_empty());
    Ok(())
}

fn cases() -> u32 {
    std::env::var("FICSHELF_MODEL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn journal_keeps_every_text_and_undo_restores_exactly(steps in proptest::collection::vec(step(), 1..14)) {
        run(&steps)?;
    }
}

#[test]
fn marker_words_are_distinct_letters() {
    let words: BTreeSet<String> = (0..2000).map(marker).collect();
    assert_eq!(words.len(), 2000);
    assert!(words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
}
