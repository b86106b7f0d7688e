//! Import behaviour through the binary: skips, idempotence, updates, zips.

use crate::common;
use crate::common::{ficshelf, write_zip};
use serde_json::Value;
use std::path::Path;

fn works(library: &Path) -> Value {
    let out = ficshelf(library)
        .args(["works", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn import_json(library: &Path, paths: &[&Path]) -> (i32, Value) {
    let out = ficshelf(library)
        .arg("import")
        .arg("--json")
        .args(paths)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).expect("report JSON");
    (out.status.code().expect("exit code"), report)
}

#[test]
fn unreadable_files_are_skipped_with_a_reason_and_the_rest_is_committed() {
    let lib = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    for bad in ["empty.txt", "whitespace_only.txt", "binary.txt"] {
        std::fs::copy(
            common::txt_fixtures().join("bad").join(bad),
            input.path().join(bad),
        )
        .unwrap();
    }
    std::fs::copy(
        common::txt_fixtures().join("cases/by_label.txt"),
        input.path().join("good.txt"),
    )
    .unwrap();
    let out = ficshelf(lib.path())
        .arg("import")
        .arg(input.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "skips make the exit status non-zero"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("3 files skipped"), "{stdout}");
    assert!(stdout.contains("empty.txt: empty file"), "{stdout}");
    assert!(
        stdout.contains("whitespace_only.txt: empty file"),
        "{stdout}"
    );
    assert!(stdout.contains("binary.txt: binary file"), "{stdout}");
    assert_eq!(works(lib.path()).as_array().unwrap().len(), 1);
}

#[test]
fn reimporting_the_same_files_changes_nothing() {
    let lib = tempfile::tempdir().unwrap();
    let cases = common::txt_fixtures().join("cases");
    let (code, first) = import_json(lib.path(), &[&cases]);
    assert_eq!(code, 0);
    assert!(first["works_created"].as_u64().unwrap() >= 40);
    let before = works(lib.path());
    let (code, second) = import_json(lib.path(), &[&cases]);
    assert_eq!(code, 0);
    assert_eq!(second["works_created"], 0);
    assert_eq!(second["works_updated"], 0);
    assert_eq!(second["files_unchanged"], first["files_read"]);
    assert_eq!(works(lib.path()), before);
}

#[test]
fn a_new_chapter_file_extends_its_work() {
    let lib = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let story = folder.path().join("winter_letters");
    std::fs::create_dir(&story).unwrap();
    let source = common::txt_fixtures().join("cases/winter_letters");
    for name in ["ch1.txt", "ch2.txt"] {
        std::fs::copy(source.join(name), story.join(name)).unwrap();
    }
    import_json(lib.path(), &[&story]);
    let before = works(lib.path());
    assert_eq!(before[0]["chapters"].as_array().unwrap().len(), 2);

    std::fs::copy(source.join("ch10.txt"), story.join("ch10.txt")).unwrap();
    let (code, report) = import_json(lib.path(), &[&story.join("ch10.txt")]);
    assert_eq!(code, 0);
    assert_eq!(report["works_updated"], 1);
    assert_eq!(report["works_created"], 0);
    let after = works(lib.path());
    assert_eq!(after.as_array().unwrap().len(), 1);
    assert_eq!(after[0]["id"], before[0]["id"]);
    let chapters = after[0]["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 3);
    assert!(chapters[2]["sources"][0]
        .as_str()
        .unwrap()
        .ends_with("ch10.txt"));
    assert_eq!(after[0]["title"], "Winter Letters");
}

#[test]
fn a_changed_file_replaces_its_chapters() {
    let lib = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("story.txt");
    std::fs::write(
        &file,
        "Title: Moving Water\nAuthor: Test Writer\n\nThe first version of the river.\n",
    )
    .unwrap();
    import_json(lib.path(), &[&file]);
    std::fs::write(&file, "Title: Moving Water\nAuthor: Test Writer\n\nChapter 1\n\nThe second version.\n\nChapter 2\n\nAnd more of it.\n").unwrap();
    let (_, report) = import_json(lib.path(), &[&file]);
    assert_eq!(report["works_updated"], 1);
    let all = works(lib.path());
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["chapters"].as_array().unwrap().len(), 2);
    let text = ficshelf(lib.path())
        .args(["chapter", "1", "1"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "The second version.\n"
    );
}

#[test]
fn zip_archives_are_read_and_unsafe_entries_are_refused() {
    let lib = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("saves.zip");
    let good = std::fs::read(common::txt_fixtures().join("cases/by_label.txt")).unwrap();
    write_zip(
        &archive,
        &[
            ("stories/by_label.txt", &good),
            ("../escape.txt", b"Title: Escape\n\nShould never be read.\n"),
            ("notes.md", b"ignored"),
        ],
    );
    let out = ficshelf(lib.path())
        .arg("import")
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("saves.zip!/../escape.txt: unsafe entry name"),
        "{stdout}"
    );
    let all = works(lib.path());
    assert_eq!(all.as_array().unwrap().len(), 1);
    let source = all[0]["sources"][0].as_str().unwrap();
    assert!(
        source.ends_with("saves.zip!/stories/by_label.txt"),
        "{source}"
    );
    assert!(!dir.path().join("escape.txt").exists());
    assert!(!lib.path().join("escape.txt").exists());
}

#[test]
fn unknown_works_and_chapters_are_clear_errors() {
    let lib = tempfile::tempdir().unwrap();
    import_json(
        lib.path(),
        &[&common::txt_fixtures().join("cases/by_label.txt")],
    );
    let out = ficshelf(lib.path()).args(["show", "999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no work with id \"999\""));
    let out = ficshelf(lib.path())
        .args(["chapter", "1", "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("work 1 has no chapter 99 (it has 4)"));
}

#[test]
fn the_library_can_come_from_the_environment() {
    let lib = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("ficshelf").unwrap();
    cmd.env("FICSHELF_LIBRARY", lib.path())
        .arg("import")
        .arg(common::txt_fixtures().join("cases/by_label.txt"));
    assert!(cmd.output().unwrap().status.success());
    assert!(lib.path().join("library.sqlite3").exists());
}

#[test]
fn the_demo_library_imports_whole() {
    let lib = tempfile::tempdir().unwrap();
    let demo = common::repo().join("demo");
    let (code, report) = import_json(lib.path(), &[&demo]);
    assert_eq!(code, 0, "{report}");
    assert!(report["skipped"].as_array().unwrap().is_empty());
    let all = works(lib.path());
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 7);
    let ratings: Vec<&str> = all.iter().map(|w| w["rating"].as_str().unwrap()).collect();
    for rating in ["general", "teen", "mature", "explicit", "not_rated"] {
        assert!(ratings.contains(&rating), "{rating} in {ratings:?}");
    }
    // The multi-file work: one work, chapters in file order, title stated once per file.
    let letters = all
        .iter()
        .find(|w| w["sources"].as_array().unwrap().len() > 1)
        .expect("a multi-file work");
    assert_eq!(letters["chapters"].as_array().unwrap().len(), 3);
    // The windows-1252 file decodes to real curly quotes.
    let legacy = all
        .iter()
        .find(|w| w["title"] == "The Last Orchard on Meridian Station")
        .expect("the legacy-encoded story");
    let id = legacy["id"].as_str().unwrap();
    let text = ficshelf(lib.path())
        .args(["chapter", id, "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains('\u{2019}') || text.contains('\u{201c}'),
        "{text}"
    );
}

#[test]
fn hostile_text_files_are_refused_with_bounded_memory() {
    let lib = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut headings = String::from("Title: Many Headings\n\n");
    for n in 1..=6000 {
        headings.push_str(&format!("Chapter {n}\n\nText.\n\n"));
    }
    std::fs::write(dir.path().join("headings.txt"), headings).unwrap();
    // Larger than the 32 MiB limit; sparse, so the test writes little.
    let huge = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len(33 << 20).unwrap();
    let out = ficshelf(lib.path())
        .arg("import")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("headings.txt: more than 5000 chapter headings in one file"),
        "{stdout}"
    );
    assert!(stdout.contains("huge.txt: file too large"), "{stdout}");
    assert_eq!(works(lib.path()).as_array().unwrap().len(), 0);
}
