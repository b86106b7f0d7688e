//! Text analysis through the binary: suggestions stored on import and kept
//! apart from stated fields, `analyze`, `duplicates`, `merge` and `eval`.

use crate::common::{ficshelf, repo};
use serde_json::Value;
use std::path::Path;

fn json(library: &Path, args: &[&str]) -> Value {
    let out = ficshelf(library).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn dups(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/eval/dups").join(name)
}

#[test]
fn import_stores_suggestions_apart_from_stated_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let story = dir.path().join("story.txt");
    std::fs::write(
        &story,
        "Title: Night Shift\nAuthor: Test Pen\n\n\
         Mara Voss checked the ward twice. \"You're late,\" said Ilan Brede.\n\n\
         Mara laughed. \"Ilan, it's three in the morning.\"\n\n\
         The blade opened his arm to the bone and blood sprayed across the wall; his entrails spilled and \
         she screamed as the knife went in again, gutted, and the corpse slumped.\n\n\
         Blood pooled under the body. Another stab, another scream, bones cracked.\n",
    )
    .expect("write");
    ficshelf(&lib).arg("import").arg(&story).assert().success();
    let work = json(&lib, &["show", "1", "--json"]);
    let s = &work["suggested"];
    assert_eq!(s["language"], "en", "{s}");
    assert_eq!(
        s["chapters"][0]["point_of_view"], "third person past",
        "{s}"
    );
    assert!(s["stats"]["dialogue_permille"].as_u64() > Some(0), "{s}");
    // Nothing was stated, so nothing analysis found may appear as stated.
    assert_eq!(work["rating"], "not_rated");
    assert_eq!(work["warnings"], Value::Array(vec![]));
    assert_eq!(work["characters"], Value::Array(vec![]));
    // The violence is suggested with its evidence.
    assert!(s["rating"].is_string(), "{s}");
    let evidence = s["evidence"].as_array().expect("evidence");
    assert!(
        evidence
            .iter()
            .any(|e| e["kind"].as_str().is_some_and(|k| k.contains("violence"))),
        "{s}"
    );
}

#[test]
fn duplicates_are_found_and_merge_joins_them_keeping_every_chapter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    for name in [
        "01-frost-ao3.txt",
        "01-frost-ffn.txt",
        "03-secateurs-site-a.txt",
    ] {
        std::fs::copy(dups(name), inbox.join(name)).expect("copy");
    }
    ficshelf(&lib).arg("import").arg(&inbox).assert().success();
    let works = json(&lib, &["works", "--json"]);
    let id_of = |file: &str| {
        works
            .as_array()
            .expect("works")
            .iter()
            .find(|w| w["sources"].to_string().contains(file))
            .and_then(|w| w["id"].as_str())
            .expect("work of file")
            .to_string()
    };
    let (ao3, ffn, other) = (
        id_of("01-frost-ao3"),
        id_of("01-frost-ffn"),
        id_of("03-secateurs"),
    );
    assert_ne!(ao3, ffn, "two saves import as two works before merging");

    let groups = json(&lib, &["duplicates", "--json"]);
    let groups = groups.as_array().expect("groups");
    assert_eq!(groups.len(), 1, "{groups:?}");
    let mut ids: Vec<&str> = groups[0]["works"]
        .as_array()
        .expect("works")
        .iter()
        .filter_map(|w| w["id"].as_str())
        .collect();
    ids.sort();
    let mut want = vec![ao3.as_str(), ffn.as_str()];
    want.sort();
    assert_eq!(ids, want);
    assert!(groups[0]["similarity"].as_f64() >= Some(0.7));
    assert!(!ids.contains(&other.as_str()));

    let chapters = |id: &str| {
        json(&lib, &["show", id, "--json"])["chapters"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let (kept, joined) = (chapters(&ao3), chapters(&ffn));
    // Without --yes and without a terminal to ask on, nothing happens.
    let out = ficshelf(&lib)
        .args(["merge", &ao3, &ffn])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(chapters(&ffn), joined);

    let merged = json(&lib, &["merge", &ao3, &ffn, "--yes", "--json"]);
    assert_eq!(merged["sources"].as_array().map(Vec::len), Some(2));
    // Every chapter of both is kept; the copies are named, not dropped.
    assert_eq!(
        merged["chapters"].as_array().map(Vec::len),
        Some(kept + joined)
    );
    assert!(
        merged["repeats"].as_array().is_some_and(|r| !r.is_empty()),
        "{merged}"
    );
    ficshelf(&lib).args(["show", &ffn]).assert().failure();
    assert_eq!(json(&lib, &["duplicates", "--json"]), Value::Array(vec![]));

    // Its files now update the merged work instead of splitting it again.
    let changed = std::fs::read_to_string(dups("01-frost-ffn.txt")).expect("read")
        + "\nA/N: thanks for reading!\n";
    std::fs::write(inbox.join("01-frost-ffn.txt"), changed).expect("write");
    ficshelf(&lib).arg("import").arg(&inbox).assert().success();
    assert_eq!(
        json(&lib, &["works", "--json"]).as_array().map(Vec::len),
        Some(2)
    );

    // The index followed: searching the merged title finds one work.
    let title = merged["title"].as_str().expect("title");
    let found = json(&lib, &["search", &format!("\"{title}\""), "--json"]);
    assert_eq!(found["total"], 1, "{found}");
}

#[test]
fn merge_refuses_unknown_and_same_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    ficshelf(&lib)
        .arg("import")
        .arg(dups("02-easter-v1.txt"))
        .assert()
        .success();
    let out = ficshelf(&lib)
        .args(["merge", "1", "1", "--yes"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("into itself"));
    let out = ficshelf(&lib)
        .args(["merge", "1", "42", "--yes"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no work with id 42"));
}

#[test]
fn eval_reports_every_task() {
    let out = ficshelf(Path::new("/nonexistent-library"))
        .current_dir(repo())
        .args(["eval", "--json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = report.to_string();
    for task in [
        "characters",
        "pairings",
        "pov paragraphs",
        "interior monologue",
        "language",
        "duplicates",
    ] {
        assert!(text.contains(task), "{task} missing from {text}");
    }
}

#[test]
fn import_without_analysis_leaves_suggestions_to_analyze() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    ficshelf(&lib)
        .args(["import", "--no-analysis"])
        .arg(dups("02-easter-v1.txt"))
        .assert()
        .success();
    let before = json(&lib, &["show", "1", "--json"]);
    assert_eq!(
        json(&lib, &["search", "character~:Toby", "--json"])["total"],
        0
    );
    assert_eq!(before["suggested"]["language"], Value::Null, "{before}");
    assert_eq!(json(&lib, &["analyze", "--json"])["analyzed"], 1);
    let after = json(&lib, &["show", "1", "--json"]);
    assert_eq!(after["suggested"]["language"], "en", "{after}");
    assert!(after["suggested"]["chapters"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    // The index followed the change: the work is found by a suggested filter.
    let name = after["suggested"]["characters"][0]
        .as_str()
        .expect("a suggested character")
        .to_string();
    let query = format!("character~:\"{name}\"");
    assert_eq!(json(&lib, &["search", &query, "--json"])["total"], 1);
}
