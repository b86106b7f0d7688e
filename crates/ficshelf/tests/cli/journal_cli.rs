//! The journal through the binary: merge keeps everything and undo takes it
//! apart, re-import after a merge, the trash, edits that win over
//! re-imports, split, undo refused when a later operation depends on it,
//! check, backup while another process reads, restore.

use crate::common::{ficshelf, succeed, succeed_text};
use serde_json::Value;
use std::path::{Path, PathBuf};

const LANTERN: &str = "Title: The Lantern Keeper\nAuthor: Wren Hollis\nRating: Teen And Up Audiences\nFandom: Original Work\n\n\
Chapter 1: Dusk\n\nThe lantern keeper climbed the hill every evening, counting the steps aloud.\n\n\
Chapter 2: Night\n\nBy midnight the town below had gone quiet, and only the river talked.\n";

const CEDAR: &str = "Title: Salt and Cedar\nAuthor: Imre Vasko\nRating: General Audiences\n\n\
Chapter 1: The Boat\n\nNobody on the island remembered who had built the cedar boat.\n\n\
Chapter 2: The Storm\n\nThe storm came sideways, salt in every seam of the old hull.\n\n\
Chapter 3: The Shore\n\nIn the morning they found the boat whole, resting on the shingle.\n";

/// A library folder and an inbox with the two stories.
struct Setup {
    _dir: tempfile::TempDir,
    lib: PathBuf,
    inbox: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(inbox.join("alpha-lantern.txt"), LANTERN).expect("write");
    std::fs::write(inbox.join("beta-cedar.txt"), CEDAR).expect("write");
    succeed(ficshelf(&lib).arg("import").arg(&inbox));
    Setup {
        _dir: dir,
        lib,
        inbox,
    }
}

fn json(lib: &Path, args: &[&str]) -> Value {
    let out = succeed(ficshelf(lib).args(args));
    serde_json::from_slice(&out).expect("JSON")
}

/// Ids of the works whose text matches `query`.
fn found(lib: &Path, query: &str) -> Vec<String> {
    json(lib, &["search", query, "--json"])["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

fn chapter_count(lib: &Path, id: &str) -> usize {
    json(lib, &["show", id, "--json"])["chapters"]
        .as_array()
        .map_or(0, Vec::len)
}

/// Runs a command expected to fail; returns its stderr.
fn fail(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn merging_unrelated_works_keeps_every_chapter_and_undo_separates_them() {
    let s = setup();
    let before = json(&s.lib, &["works", "--json"]);
    let plan = succeed_text(ficshelf(&s.lib).args(["merge", "1", "2", "--dry-run"]));
    assert!(
        plan.contains("5 chapters") && plan.contains("3-5 from work 2"),
        "{plan}"
    );
    let said = succeed_text(ficshelf(&s.lib).args(["merge", "1", "2", "--yes"]));
    assert!(said.contains("ficshelf undo 2"), "{said}");
    assert_eq!(chapter_count(&s.lib, "1"), 5);
    assert_eq!(found(&s.lib, "cedar"), ["1"]);
    assert_eq!(found(&s.lib, "lantern"), ["1"]);

    let said = succeed_text(ficshelf(&s.lib).arg("undo"));
    assert!(said.contains("Undid operation 2"), "{said}");
    assert_eq!(json(&s.lib, &["works", "--json"]), before);
    assert_eq!(found(&s.lib, "cedar"), ["2"]);
    assert_eq!(found(&s.lib, "lantern"), ["1"]);
}

#[test]
fn reimport_after_a_merge_updates_the_merged_work_and_drops_nothing() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["merge", "1", "2", "--yes"]));
    let merged = json(&s.lib, &["show", "1", "--json"]);
    let again: Value = serde_json::from_slice(&succeed(
        ficshelf(&s.lib).arg("import").arg(&s.inbox).arg("--json"),
    ))
    .expect("JSON");
    assert_eq!(again["files_unchanged"], 2, "{again}");
    assert_eq!(json(&s.lib, &["show", "1", "--json"]), merged);

    // A changed file of the merged-in work replaces its chapters only.
    std::fs::write(
        s.inbox.join("beta-cedar.txt"),
        CEDAR.replace("shingle", "pebbles"),
    )
    .expect("write");
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox));
    assert_eq!(
        json(&s.lib, &["works", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(chapter_count(&s.lib, "1"), 5);
    assert_eq!(found(&s.lib, "pebbles"), ["1"]);
    assert!(found(&s.lib, "shingle").is_empty());
    assert_eq!(found(&s.lib, "lantern"), ["1"]);

    // Splitting its chapters off brings the merged work back as itself.
    let said = succeed_text(ficshelf(&s.lib).args(["split", "1", "--chapters", "3-5"]));
    assert!(said.contains("back as it was"), "{said}");
    assert_eq!(
        json(&s.lib, &["show", "2", "--json"])["title"],
        "Salt and Cedar"
    );
    assert_eq!(chapter_count(&s.lib, "2"), 3);
    assert_eq!(found(&s.lib, "pebbles"), ["2"]);
}

#[test]
fn delete_goes_to_the_trash_until_restored_or_purged() {
    let s = setup();
    let cedar = json(&s.lib, &["show", "2", "--json"]);
    let said = succeed_text(ficshelf(&s.lib).args(["delete", "2"]));
    assert!(said.contains("ficshelf restore 2"), "{said}");
    assert_eq!(
        json(&s.lib, &["works", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
    assert!(found(&s.lib, "cedar").is_empty());
    fail(ficshelf(&s.lib).args(["show", "2"]));
    let trash = json(&s.lib, &["trash", "--json"]);
    assert_eq!(trash[0]["work"]["id"], "2", "{trash}");

    succeed(ficshelf(&s.lib).args(["restore", "2"]));
    assert_eq!(json(&s.lib, &["show", "2", "--json"]), cedar);
    assert_eq!(found(&s.lib, "cedar"), ["2"]);
    assert_eq!(json(&s.lib, &["trash", "--json"]), Value::Array(vec![]));

    succeed(ficshelf(&s.lib).args(["delete", "2"]));
    let said = succeed_text(ficshelf(&s.lib).args(["purge", "--older-than", "30d"]));
    assert!(said.contains("Nothing"), "{said}");
    let asked = fail(ficshelf(&s.lib).args(["purge", "--older-than", "0s"]));
    assert!(asked.contains("--yes"), "{asked}");
    let purged = json(&s.lib, &["purge", "--older-than", "0s", "--yes", "--json"]);
    assert_eq!(purged["works"], serde_json::json!(["2"]), "{purged}");
    assert!(purged["texts_deleted"].as_u64() >= Some(3), "{purged}");
    assert_eq!(json(&s.lib, &["trash", "--json"]), Value::Array(vec![]));
    let why = fail(ficshelf(&s.lib).args(["restore", "2"]));
    assert!(why.contains("not in the trash"), "{why}");
    assert!(succeed_text(ficshelf(&s.lib).arg("check")).contains("No problems"));

    // Re-importing the file makes a new work of it.
    let again: Value = serde_json::from_slice(&succeed(
        ficshelf(&s.lib).arg("import").arg(&s.inbox).arg("--json"),
    ))
    .expect("JSON");
    assert_eq!(again["works_created"], 1, "{again}");
}

#[test]
fn edits_win_over_a_reimport_and_show_says_so() {
    let s = setup();
    succeed(ficshelf(&s.lib).args([
        "edit",
        "1",
        "--title",
        "The Hill Lantern",
        "--rating",
        "general",
        "--add-tag",
        "fandom:Hill Country Tales",
        "--remove-tag",
        "fandom:Original Work",
        "--chapter-title",
        "2=Midnight",
    ]));
    let check = |lib: &Path| {
        let work = json(lib, &["show", "1", "--json"]);
        assert_eq!(work["title"], "The Hill Lantern", "{work}");
        assert_eq!(work["rating"], "general");
        assert_eq!(work["fandoms"], serde_json::json!(["Hill Country Tales"]));
        assert_eq!(work["chapters"][1]["title"], "Midnight");
        assert_eq!(work["user_edits"]["title"], "The Hill Lantern");
        assert_eq!(work["user_edits"]["removed"][0]["name"], "Original Work");
    };
    check(&s.lib);
    // The file changes: its text is new, the user's fields stay.
    std::fs::write(
        s.inbox.join("alpha-lantern.txt"),
        LANTERN.replace("river", "millrace"),
    )
    .expect("write");
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox));
    check(&s.lib);
    assert_eq!(found(&s.lib, "millrace"), ["1"]);
    let shown = succeed_text(ficshelf(&s.lib).args(["show", "1"]));
    assert!(shown.contains("Edited by you: title, rating"), "{shown}");
    assert!(found(&s.lib, "\"Hill Lantern\"").contains(&"1".to_string()));
}

#[test]
fn split_makes_a_work_of_chapters_and_undo_joins_them() {
    let s = setup();
    let before = json(&s.lib, &["show", "2", "--json"]);
    let report = json(&s.lib, &["split", "2", "--chapters", "2-3", "--json"]);
    let new = report["new_work"].as_str().expect("id").to_string();
    assert_eq!(chapter_count(&s.lib, "2"), 1);
    assert_eq!(chapter_count(&s.lib, &new), 2);
    assert_eq!(found(&s.lib, "storm"), [new.as_str()]);
    let why = fail(ficshelf(&s.lib).args(["split", "2", "--chapters", "1"]));
    assert!(why.contains("both sides"), "{why}");
    succeed(ficshelf(&s.lib).arg("undo"));
    assert_eq!(json(&s.lib, &["show", "2", "--json"]), before);
    fail(ficshelf(&s.lib).args(["show", &new]));
}

#[test]
fn undo_is_refused_while_a_later_operation_depends_on_it() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["edit", "1", "--title", "First Try"]));
    succeed(ficshelf(&s.lib).args(["edit", "1", "--title", "Second Try"]));
    let history = json(&s.lib, &["history", "--work", "1", "--json"]);
    let first = history[1]["id"].as_u64().expect("id");
    let second = history[0]["id"].as_u64().expect("id");
    let why = fail(ficshelf(&s.lib).args(["undo", &first.to_string()]));
    assert!(
        why.contains(&format!("undo {second} (edit) first")),
        "{why}"
    );
    assert_eq!(
        json(&s.lib, &["show", "1", "--json"])["title"],
        "Second Try"
    );
    succeed(ficshelf(&s.lib).args(["undo", &second.to_string()]));
    succeed(ficshelf(&s.lib).args(["undo", &first.to_string()]));
    assert_eq!(
        json(&s.lib, &["show", "1", "--json"])["title"],
        "The Lantern Keeper"
    );
    let why = fail(ficshelf(&s.lib).args(["undo", &first.to_string()]));
    assert!(why.contains("already undone"), "{why}");
}

#[test]
fn check_passes_on_a_healthy_library_and_names_each_problem() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["merge", "1", "2", "--yes"]));
    succeed(ficshelf(&s.lib).args(["delete", "1"]));
    succeed(ficshelf(&s.lib).arg("undo"));
    assert_eq!(
        succeed_text(ficshelf(&s.lib).arg("check")),
        "No problems found.\n"
    );

    // A row changed behind Ficshelf's back.
    let db = rusqlite::Connection::open(s.lib.join("library.sqlite3")).expect("open");
    db.execute("UPDATE works SET words = words + 7 WHERE id = 1", [])
        .expect("tamper");
    db.execute(
        "UPDATE texts SET body = replace(body, 'lantern', 'lamp')",
        [],
    )
    .expect("tamper");
    drop(db);
    let out = ficshelf(&s.lib).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("store: text "), "{text}");
    assert!(text.contains("work 1: counts"), "{text}");
    assert!(text.contains("journal: work 1 differs"), "{text}");
}

#[test]
fn check_reports_a_damaged_search_index() {
    let s = setup();
    let index = s.lib.join("index");
    let mut removed = 0;
    for entry in std::fs::read_dir(&index).expect("index") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "idx" || e == "term") {
            std::fs::remove_file(&path).expect("remove");
            removed += 1;
        }
    }
    assert!(removed > 0, "the index has segment files");
    let out = ficshelf(&s.lib).arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("index: "), "{text}");
    assert!(text.contains("ficshelf reindex"), "{text}");
}

#[test]
fn backup_while_another_process_reads_and_restore_brings_it_back() {
    let s = setup();
    // Another process reads the library over and over meanwhile.
    let lib = s.lib.clone();
    let reader = std::thread::spawn(move || {
        for _ in 0..8 {
            succeed(ficshelf(&lib).args(["search", "boat", "--json"]));
        }
    });
    let backup = s.lib.with_file_name("copy.ficshelf");
    let said = succeed_text(ficshelf(&s.lib).arg("backup").arg(&backup));
    assert!(said.contains("copy.ficshelf"), "{said}");
    reader.join().expect("reader");
    fail(ficshelf(&s.lib).arg("backup").arg(&backup));

    let before = json(&s.lib, &["works", "--json"]);
    succeed(ficshelf(&s.lib).args(["merge", "1", "2", "--yes"]));
    succeed(ficshelf(&s.lib).args(["edit", "1", "--title", "Joined"]));
    let said = succeed_text(ficshelf(&s.lib).arg("restore").arg(&backup));
    assert!(said.contains("replaced"), "{said}");
    assert_eq!(json(&s.lib, &["works", "--json"]), before);
    assert_eq!(found(&s.lib, "cedar"), ["2"]);
    assert!(succeed_text(ficshelf(&s.lib).arg("check")).contains("No problems"));
    // The replaced record is kept beside the database, and restores too.
    let kept: Vec<PathBuf> = std::fs::read_dir(&s.lib)
        .expect("lib")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains("replaced"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    succeed(ficshelf(&s.lib).arg("restore").arg(&kept[0]));
    assert_eq!(json(&s.lib, &["show", "1", "--json"])["title"], "Joined");
    let why = fail(
        ficshelf(&s.lib)
            .arg("restore")
            .arg(s.inbox.join("beta-cedar.txt")),
    );
    assert!(why.contains("not a Ficshelf library backup"), "{why}");
}

/// Regression (found by the model test): splitting off a chapter a re-import
/// brought back gave the new work the key of the first split's work.
#[test]
fn splitting_the_same_chapter_twice_gives_each_work_its_own_key() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["split", "2", "--chapters", "1"]));
    std::fs::write(
        s.inbox.join("beta-cedar.txt"),
        CEDAR.replace("cedar boat", "cedar skiff"),
    )
    .expect("write");
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox));
    assert_eq!(chapter_count(&s.lib, "2"), 3);
    let report = json(&s.lib, &["split", "2", "--chapters", "1", "--json"]);
    assert_eq!(report["new_work"], "4", "{report}");
    assert_eq!(found(&s.lib, "skiff"), ["4"]);
    assert!(succeed_text(ficshelf(&s.lib).arg("check")).contains("No problems"));
}

/// Regression (found by the model test): after a redo, `undo` took an older
/// operation first and was refused, though the redone one was the latest.
#[test]
fn undo_after_a_redo_takes_the_redone_operation_first() {
    let s = setup();
    succeed(ficshelf(&s.lib).arg("undo")); // 2 undoes the import 1
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox)); // 3: works 3, 4
    succeed(ficshelf(&s.lib).args(["delete", "3", "4"])); // 4
    succeed(ficshelf(&s.lib).args(["undo", "2"])); // 5 redoes 1: works 1, 2
    let said = succeed_text(ficshelf(&s.lib).arg("undo"));
    assert!(said.starts_with("Undid operation 1 "), "{said}");
    let said = succeed_text(ficshelf(&s.lib).arg("undo"));
    assert!(said.starts_with("Undid operation 4 "), "{said}");
    let said = succeed_text(ficshelf(&s.lib).arg("undo"));
    assert!(said.starts_with("Undid operation 3 "), "{said}");
    assert_eq!(json(&s.lib, &["works", "--json"]), Value::Array(vec![]));
    assert!(fail(ficshelf(&s.lib).arg("undo")).contains("nothing to undo"));
}

/// Regression (found by the model test): after `undo 2` named an older
/// delete, plain `undo` took the newer delete 4 and was refused ("key …
/// now belongs to work 1") on every try: the library could no longer be
/// walked back. Plain `undo` now reverses the named undo first.
#[test]
fn plain_undo_walks_back_past_an_undo_that_named_an_older_operation() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["delete", "1"])); // 2
    std::fs::write(
        s.inbox.join("alpha-lantern.txt"),
        LANTERN.replace("counting the steps aloud", "humming under her breath"),
    )
    .expect("write");
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox)); // 3: work 3
    succeed(ficshelf(&s.lib).args(["delete", "3"])); // 4
    succeed(ficshelf(&s.lib).args(["undo", "2"])); // 5: work 1 back
    for expected in ["5", "4", "3", "2", "1"] {
        let said = succeed_text(ficshelf(&s.lib).arg("undo"));
        assert!(
            said.starts_with(&format!("Undid operation {expected} ")),
            "{said}"
        );
    }
    assert_eq!(json(&s.lib, &["works", "--json"]), Value::Array(vec![]));
    assert_eq!(json(&s.lib, &["trash", "--json"]), Value::Array(vec![]));
    assert!(fail(ficshelf(&s.lib).arg("undo")).contains("nothing to undo"));
    assert!(succeed_text(ficshelf(&s.lib).arg("check")).contains("No problems"));
}

/// Regression (found by the model test): a split leaves a file's chapters
/// in two works; after the file is imported again (updating one of them),
/// merging the two put two chapters on one place in the file, and the next
/// import wrote one chapter's text over the other's (and the index kept the
/// old text). Merge now keeps every chapter with a place of its own, and
/// the older version of the chapter survives later imports of the file.
#[test]
fn merging_two_versions_of_a_chapter_keeps_both_through_later_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let file = dir.path().join("tale.txt");
    let tale = |first: &str, second: Option<&str>| {
        let mut text = String::from("Title: Tale of Two Lamps\nAuthor: Pell Marrow\n\n");
        text.push_str(&format!(
            "Chapter 1: Part 1\n\nThe {first} lamp burned all night.\n\n"
        ));
        if let Some(second) = second {
            text.push_str(&format!(
                "Chapter 2: Part 2\n\nThe {second} lamp went out at dawn.\n\n"
            ));
        }
        std::fs::write(&file, text).expect("write");
    };
    tale("copper", Some("brass"));
    succeed(ficshelf(&lib).arg("import").arg(&file)); // work 1
    succeed(ficshelf(&lib).args(["split", "1", "--chapters", "1"])); // work 2: copper
    tale("silver", None);
    succeed(ficshelf(&lib).arg("import").arg(&file)); // work 1: silver
    succeed(ficshelf(&lib).args(["merge", "2", "1", "--yes"]));
    tale("golden", None);
    succeed(ficshelf(&lib).arg("import").arg(&file));
    assert_eq!(found(&lib, "copper"), ["2"], "the older version is kept");
    assert_eq!(found(&lib, "golden"), ["2"], "the file updates its chapter");
    assert_eq!(chapter_count(&lib, "2"), 2);
    assert!(succeed_text(ficshelf(&lib).arg("check")).contains("No problems"));
    succeed(ficshelf(&lib).arg("import").arg(&file));
    assert_eq!(
        chapter_count(&lib, "2"),
        2,
        "a second import changes nothing"
    );
}

/// Regression (found by the model test): a file split off from a merged
/// work, imported again, claimed the key the old work is known by (the
/// import failed, or a later edit was refused with "key belongs to work 1").
#[test]
fn reimporting_a_file_split_off_a_work_keeps_each_work_its_key() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["merge", "1", "2", "--yes"]));
    let report = json(&s.lib, &["split", "1", "--chapters", "1-2", "--json"]);
    let new = report["new_work"].as_str().expect("id").to_string();
    std::fs::write(
        s.inbox.join("alpha-lantern.txt"),
        LANTERN.replace("river", "weir"),
    )
    .expect("write");
    succeed(ficshelf(&s.lib).arg("import").arg(&s.inbox));
    assert_eq!(found(&s.lib, "weir"), [new.as_str()]);
    succeed(ficshelf(&s.lib).args(["edit", &new, "--title", "Hill Lamps"]));
    succeed(ficshelf(&s.lib).args(["edit", "1", "--title", "Cedar Again"]));
    assert!(succeed_text(ficshelf(&s.lib).arg("check")).contains("No problems"));
}

/// Regression (found by the model test): undoing a delete while the work
/// was in the trash again (deleted, restored, deleted) brought back the old
/// state behind the later operations' back.
#[test]
fn undoing_an_early_delete_is_refused_while_later_ones_stand() {
    let s = setup();
    succeed(ficshelf(&s.lib).args(["delete", "1"])); // 2
    succeed(ficshelf(&s.lib).args(["restore", "1"])); // 3
    succeed(ficshelf(&s.lib).args(["delete", "1"])); // 4
    let why = fail(ficshelf(&s.lib).args(["undo", "2"]));
    assert!(
        why.contains("undo 4 (delete), then 3 (restore) first"),
        "{why}"
    );
    assert_eq!(json(&s.lib, &["trash", "--json"])[0]["operation"], 4);
}
