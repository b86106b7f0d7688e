//! Kill `ficshelf import` (SIGKILL) at several points, then check that the
//! next command finds the store and the search index in agreement: the
//! index is repaired from the store's change log without user action.

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn ficshelf(library: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ficshelf").expect("binary built");
    cmd.arg("--library")
        .arg(library)
        .env_remove("FICSHELF_LIBRARY");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// 600 one-chapter works, each with a word no other work has.
fn write_corpus(dir: &Path) {
    let filler =
        "The tide came in over the flats and went out again, and the gulls argued about it. ";
    for n in 0..600 {
        let mut text = format!("Title: Tide Table {n}\nAuthor: Crash Tester\nRating: T\n\n");
        text.push_str(&format!("The keeper wrote zqx{n} in the margin. "));
        for _ in 0..90 {
            text.push_str(filler);
        }
        std::fs::write(dir.join(format!("tide_{n:03}.txt")), text).expect("write");
    }
}

fn ids(values: &[Value]) -> BTreeSet<String> {
    values
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect()
}

fn assert_store_and_index_agree(library: &Path) -> usize {
    let works = json(ficshelf(library).args(["works", "--json"]));
    let works = works.as_array().expect("array");
    let found = json(ficshelf(library).args(["search", "", "--json", "--per-page", "100000"]));
    assert_eq!(
        ids(found["hits"].as_array().expect("hits")),
        ids(works),
        "every stored work is searchable and nothing else is"
    );
    // Full text too: each stored work's own word finds exactly it.
    for work in works.iter().step_by(37) {
        let n = work["title"]
            .as_str()
            .expect("title")
            .trim_start_matches("Tide Table ");
        let hits = json(ficshelf(library).args(["search", &format!("zqx{n}"), "--json"]));
        let hits = hits["hits"].as_array().expect("hits");
        assert_eq!(hits.len(), 1, "zqx{n}");
        assert_eq!(hits[0]["id"], work["id"]);
    }
    works.len()
}

#[test]
fn killed_imports_leave_store_and_index_in_agreement() {
    let input = tempfile::tempdir().expect("tempdir");
    write_corpus(input.path());
    let library = tempfile::tempdir().expect("tempdir");
    let mut repaired = 0;
    // Kill once the store holds at least this many works. Store commits come
    // batch by batch and index commits every few seconds, so a kill usually
    // lands between them (a gap for the next command to repair), but on a
    // loaded machine one may land just after an index commit.
    for at_least in [1, 60, 180, 330, 470] {
        let log_path = library.path().join(format!("import-{at_least}.log"));
        let log = std::fs::File::create(&log_path).expect("log file");
        let mut child = ficshelf(library.path())
            .arg("import")
            .arg(input.path())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn import");
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        loop {
            // Reading while the import writes works: the reader neither
            // blocks nor fails.
            let stored = json(ficshelf(library.path()).args(["works", "--json"]));
            if stored.as_array().expect("array").len() >= at_least {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "import made no progress"
            );
            if let Some(status) = child.try_wait().expect("poll") {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("import ended before the kill ({status}): {log}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SIGKILL: no destructors, no flushing, like a crash or power cut.
        child.kill().expect("kill");
        child.wait().expect("reap");
        // The first command after the crash repairs the index (logged at -v).
        let out = ficshelf(library.path())
            .args(["-v", "works", "--json"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        if String::from_utf8_lossy(&out.stderr).contains("search index brought up to date") {
            repaired += 1;
        }
        assert_store_and_index_agree(library.path());
    }
    // Store and index agreed after every kill (checked above); the repair
    // itself must have been needed and done at least once.
    assert!(
        repaired >= 1,
        "no kill left a gap for the next command to repair"
    );
    // Finishing the import afterwards gives every work exactly once.
    let out = ficshelf(library.path())
        .arg("import")
        .arg(input.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(assert_store_and_index_agree(library.path()), 600);
}
