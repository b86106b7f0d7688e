//! The plain-text fixture corpus, through the binary: every case under
//! `tests/fixtures/txt/cases` is imported into a fresh library and
//! `works --json` plus every chapter's `chapter` output must equal
//! `tests/fixtures/txt/expected/<case>.json` (see that folder's README).

use crate::common;
use crate::common::ficshelf;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn stdout_json(cmd: &mut assert_cmd::Command) -> Value {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Imports one case and returns its works shaped like the expected file.
fn actual_works(case: &Path, cases_root: &Path) -> Value {
    let library = tempfile::tempdir().expect("tempdir");
    let out = ficshelf(library.path())
        .arg("import")
        .arg(case)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "import of {} failed: {}{}",
        case.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let prefix = format!("{}/", cases_root.display());
    let relative = |v: &Value| -> Value {
        let paths = v.as_array().expect("array of paths");
        Value::Array(
            paths
                .iter()
                .map(|p| json!(p.as_str().expect("path").trim_start_matches(&prefix)))
                .collect(),
        )
    };
    let mut works = stdout_json(ficshelf(library.path()).args(["works", "--json"]));
    for work in works.as_array_mut().expect("array") {
        let obj = work.as_object_mut().expect("object");
        let id = obj.remove("id").expect("id");
        let id = id.as_str().expect("string id").to_string();
        // Text analysis has its own evaluation (`ficshelf eval`); these
        // fixtures pin down what the parser recovers.
        obj.remove("suggested").expect("suggested");
        let sources = relative(&obj["sources"]);
        obj.insert("sources".into(), sources);
        for chapter in obj["chapters"].as_array_mut().expect("chapters") {
            let n = chapter["number"].as_u64().expect("number").to_string();
            let out = ficshelf(library.path())
                .args(["chapter", &id, &n])
                .output()
                .expect("runs");
            assert!(out.status.success());
            let text = String::from_utf8(out.stdout).expect("utf-8");
            let sources = relative(&chapter["sources"]);
            let ch = chapter.as_object_mut().expect("object");
            ch.insert("sources".into(), sources);
            ch.insert("text".into(), json!(text));
        }
    }
    let mut list = works.as_array().expect("array").clone();
    list.sort_by(|a, b| a["title"].as_str().cmp(&b["title"].as_str()));
    Value::Array(list)
}

/// Field-by-field differences, one line each.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => diff(&format!("{path}.{k}"), wv, gv, out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(g))
            if w.len() == g.len() && w.iter().any(Value::is_object) =>
        {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), wv, gv, out);
            }
        }
        _ if want != got => out.push(format!("{path}: expected {want}, got {got}")),
        _ => {}
    }
}

#[test]
fn every_txt_case_matches_its_expected_json() {
    let root = common::txt_fixtures();
    let cases_root = std::fs::canonicalize(root.join("cases")).expect("cases folder");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&cases_root)
        .expect("list cases")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 30, "the corpus has at least 30 cases");
    let mut failures = Vec::new();
    for case in &entries {
        let name = case
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let expected_path = root.join("expected").join(format!("{name}.json"));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .expect("expected JSON parses");
        let actual = actual_works(case, &cases_root);
        let mut lines = Vec::new();
        let (w, g) = (
            expected.as_array().expect("array"),
            actual.as_array().expect("array"),
        );
        if w.len() != g.len() {
            let titles =
                |v: &Vec<Value>| v.iter().map(|x| x["title"].to_string()).collect::<Vec<_>>();
            lines.push(format!(
                "works: expected {:?}, got {:?}",
                titles(w),
                titles(g)
            ));
        } else {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("[{i}]"), wv, gv, &mut lines);
            }
        }
        if !lines.is_empty() {
            failures.push(format!("case {name}:\n  {}", lines.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
