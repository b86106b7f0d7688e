//! A failure inside one file's reader or one work's analysis costs only
//! that file or those suggestions: the import reports it in one line,
//! saves everything else (the work's story too), and exits 1.

use crate::common::{ficshelf, repo, works_json};
use std::path::Path;

/// Imports `dir` into `library` with the environment `env`: the exit
/// code and stdout.
fn import_with(library: &Path, dir: &Path, env: (&str, &str)) -> (Option<i32>, String) {
    let out = ficshelf(library)
        .env(env.0, env.1)
        .arg("import")
        .arg(dir)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code(), stdout)
}

/// Two works in one folder: a two-chapter one and a one-shot.
fn two_works(dir: &Path) {
    std::fs::write(
        dir.join("tide.txt"),
        "Title: The Tide Clock\nAuthor: Marlo Venn\n\nChapter 1: Neap\n\n\
         The clock ran slow at neap tide, and Ines took the back off it.\n\n\
         Chapter 2: Spring\n\nAt spring tide it ran fast, and she put the back on again.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("gulls.txt"),
        "Title: Counting Gulls\nAuthor: Pell Wren\n\n\
         Tamsin counted the gulls on the sea wall every evening until the count came out even.\n",
    )
    .expect("write");
}

#[test]
fn a_failing_analysis_costs_only_that_work_s_suggestions() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_works(dir.path());
    let lib = dir.path().join("lib");
    let (code, stdout) = import_with(
        &lib,
        dir.path(),
        ("FICSHELF_TEST_FAIL_ANALYSIS", "Tide Clock"),
    );
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("1 works saved without suggestions (text analysis failed):"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.contains("injected analysis failure"))
        .expect("a line naming the failure");
    assert!(
        line.contains("tide.txt") && !line.contains("gulls.txt"),
        "{line}"
    );

    let all = works_json(&lib);
    assert_eq!(all.len(), 2, "both works saved: {all:?}");
    let tide = all
        .iter()
        .find(|w| w["title"] == "The Tide Clock")
        .expect("tide");
    assert_eq!(
        tide["chapters"].as_array().map(Vec::len),
        Some(2),
        "story kept"
    );
    assert!(
        tide["suggested"]["stats"].is_null(),
        "no suggestions: {tide}"
    );
    let gulls = all
        .iter()
        .find(|w| w["title"] == "Counting Gulls")
        .expect("gulls");
    assert!(
        gulls["suggested"]["stats"].is_object(),
        "the other work was analysed: {gulls}"
    );
    let text = ficshelf(&lib)
        .args(["chapter", tide["id"].as_str().expect("id"), "2"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&text.stdout).contains("At spring tide it ran fast"));
}

#[test]
fn a_failing_reader_costs_only_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_works(dir.path());
    let lib = dir.path().join("lib");
    let (code, stdout) = import_with(&lib, dir.path(), ("FICSHELF_TEST_FAIL_PARSE", "gulls"));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("gulls.txt") && l.contains("the reader failed on this file")),
        "{stdout}"
    );
    let all = works_json(&lib);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["title"], "The Tide Clock");
    // Once the reader works, the file imports.
    ficshelf(&lib)
        .arg("import")
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(works_json(&lib).len(), 2);
}

/// Regression (`analysis-panic`): analysis panicked inside one work; the
/// import exited 101 and committed nothing.
#[test]
fn the_work_that_crashed_analysis_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let input = repo().join("tests/fixtures/regressions/analysis-panic");
    let out = ficshelf(&lib)
        .arg("import")
        .arg(&input)
        .output()
        .expect("run");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = works_json(&lib);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["chapters"].as_array().map(Vec::len), Some(2));
    assert!(all[0]["words"].as_u64().is_some_and(|w| w > 5000));
}

/// Regression: `analyze` over the library failed whole on one work's
/// analysis; now that work keeps its earlier suggestions, the others are
/// analysed, and the failure is one line naming the work (exit 1).
#[test]
fn a_failing_analysis_in_analyze_costs_only_that_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_works(dir.path());
    let lib = dir.path().join("lib");
    let (code, stdout) = import_with(&lib, dir.path(), ("FICSHELF_TEST_FAIL_ANALYSIS", ""));
    assert_eq!(code, Some(0), "{stdout}");
    let before = works_json(&lib);
    let out = ficshelf(&lib)
        .env("FICSHELF_TEST_FAIL_ANALYSIS", "Tide Clock")
        .args(["analyze", "--json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["analyzed"], 1, "{report}");
    let tide = before
        .iter()
        .find(|w| w["title"] == "The Tide Clock")
        .expect("tide");
    assert!(tide["suggested"]["stats"].is_object(), "{tide}");
    assert_eq!(report["failed"][0]["id"], tide["id"], "{report}");
    assert!(report["failed"][0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("injected analysis failure")));
    let after = works_json(&lib);
    let tide_after = after
        .iter()
        .find(|w| w["title"] == "The Tide Clock")
        .expect("tide");
    assert_eq!(
        tide_after["suggested"], tide["suggested"],
        "earlier suggestions kept"
    );
}
