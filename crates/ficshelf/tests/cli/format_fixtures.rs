//! The HTML, EPUB, MOBI/AZW3 and PDF fixture corpus, through the binary:
//! every case under `tests/fixtures/formats/cases` (a file imported as it
//! is — HTML, `.mobi`, `.azw3`, `.pdf` — or a folder `<name>.epub` holding
//! an unzipped EPUB that is zipped here) is imported into a fresh
//! library, and the import's exit status and skip lines, `show --json` of
//! every work and `chapter --html` of every chapter must equal
//! `tests/fixtures/formats/expected/<case>.json` (see that folder's README).
//!
//! `FICSHELF_BLESS=1` rewrites the expected files from the binary's output,
//! keeping the stated truth of every listed known issue. Read what it
//! writes before committing it.

use crate::common;
use crate::common::{ficshelf, succeed_text};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

const BLESS: &str = "FICSHELF_BLESS";

/// The file inside a `.epub` fixture folder that renames entries.
const ZIP_NAMES: &str = "zip-names.txt";

fn formats_root() -> PathBuf {
    common::repo().join("tests/fixtures/formats")
}

/// The files under `dir`, as sorted `/`-separated relative paths.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).expect("list folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under dir");
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    out
}

/// Zips an unzipped EPUB folder: `mimetype` first and stored, the rest
/// deflated in name order. `zip-names.txt` lines `file entry-name` store a
/// file under another entry name (hostile names such as `../x`).
fn zip_folder(dir: &Path) -> Vec<u8> {
    let renames: Vec<(String, String)> = std::fs::read_to_string(dir.join(ZIP_NAMES))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(f, e)| (f.to_string(), e.trim().to_string()))
        .collect();
    let mut files = files_under(dir);
    files.retain(|f| f != ZIP_NAMES);
    files.sort_by_key(|f| f != "mimetype");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for file in files {
        let method = if file == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        let entry = renames
            .iter()
            .find(|(f, _)| *f == file)
            .map_or(file.as_str(), |(_, e)| e.as_str());
        zip.start_file(entry, opts).expect("zip entry");
        let bytes = std::fs::read(dir.join(&file)).expect("read fixture file");
        zip.write_all(&bytes).expect("write zip entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// Puts the case into `inputs` as the file the importer sees.
fn stage(case: &Path, inputs: &Path) -> PathBuf {
    let name = case.file_name().expect("case name");
    let staged = inputs.join(name);
    if case.is_dir() {
        std::fs::write(&staged, zip_folder(case)).expect("write epub");
    } else {
        std::fs::copy(case, &staged).expect("copy case");
    }
    staged
}

/// Every path in a `sources` array, relative to `prefix`.
fn relative_sources(v: &mut Value, prefix: &str) {
    for p in v.as_array_mut().expect("sources array") {
        let rel = p.as_str().expect("path").trim_start_matches(prefix);
        *p = json!(rel);
    }
}

/// Imports one case and returns what the expected file holds (without
/// `known_issues`).
fn actual(case: &Path) -> Value {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    let inputs = std::fs::canonicalize(inputs).expect("canonical");
    let library = tmp.path().join("lib");
    let staged = stage(case, &inputs);
    let prefix = format!("{}/", inputs.display());

    let out = ficshelf(&library)
        .arg("import")
        .arg(&staged)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let exit = out.status.code().expect("exit code");
    assert!(
        exit == 0 || exit == 1,
        "import of {} failed: {stdout}{}",
        case.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    // `N files skipped:` (`1 file skipped:`) then one `  path: reason` line per file.
    let skipped: Vec<Value> = stdout
        .lines()
        .skip_while(|l| !l.ends_with(" skipped:"))
        .skip(1)
        .map(|l| json!(l.trim_start().trim_start_matches(&prefix)))
        .collect();

    // Nothing an EPUB names may land outside the library (zip-slip).
    let escaped: Vec<String> = files_under(tmp.path())
        .into_iter()
        .filter(|f| f.ends_with("evil.xhtml"))
        .collect();
    assert!(escaped.is_empty(), "{}: wrote {escaped:?}", case.display());
    assert!(!tmp
        .path()
        .parent()
        .expect("parent")
        .join("evil.xhtml")
        .exists());

    let list: Value =
        serde_json::from_str(&succeed_text(ficshelf(&library).args(["works", "--json"])))
            .expect("JSON");
    let mut works = Vec::new();
    for row in list.as_array().expect("array") {
        let id = row["id"].as_str().expect("id").to_string();
        let mut work: Value = serde_json::from_str(&succeed_text(
            ficshelf(&library).args(["show", &id, "--json"]),
        ))
        .expect("show JSON");
        let obj = work.as_object_mut().expect("object");
        obj.remove("id");
        obj.remove("suggested");
        relative_sources(obj.get_mut("sources").expect("sources"), &prefix);
        for chapter in obj
            .get_mut("chapters")
            .and_then(Value::as_array_mut)
            .expect("chapters")
        {
            let n = chapter["number"].as_u64().expect("number").to_string();
            let html = succeed_text(ficshelf(&library).args(["chapter", &id, &n, "--html"]));
            let ch = chapter.as_object_mut().expect("chapter object");
            relative_sources(ch.get_mut("sources").expect("sources"), &prefix);
            ch.insert("html".into(), json!(html));
        }
        works.push(work);
    }
    works.sort_by(|a, b| a["title"].as_str().cmp(&b["title"].as_str()));
    json!({
        "import": { "exit": exit, "skipped": skipped },
        "works": works,
    })
}

/// Markup that must never reach stored chapter HTML.
fn dangerous(html: &str) -> Vec<String> {
    // Kept EPUB images are `<img src="asset:<sha256>" alt="…">`, nothing else.
    let lower = html
        .to_lowercase()
        .replace("<img src=\"asset:", "<kept-image ");
    let mut found: Vec<String> = [
        "<script",
        "<iframe",
        "<svg",
        "<math",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<img",
        "<style",
        "<link",
        "<meta",
        "<base",
        "<noscript",
        "javascript:",
        "vbscript:",
        "data:",
        "file:",
        "url(",
        "style=",
        "src=",
        "class=",
        "id=",
    ]
    .iter()
    .filter(|bad| lower.contains(*bad))
    .map(|bad| bad.to_string())
    .collect();
    let handler = regex::Regex::new(r"\son[a-z]+\s*=").expect("regex");
    found.extend(handler.find_iter(&lower).map(|m| m.as_str().to_string()));
    found
}

/// Every difference between `want` and `got` as (JSON pointer, want, got);
/// `null` stands for a missing key.
fn diff(pointer: &str, want: &Value, got: &Value, out: &mut Vec<(String, Value, Value)>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let mut keys: Vec<&String> = w.keys().chain(g.keys()).collect();
            keys.dedup();
            let mut seen = std::collections::BTreeSet::new();
            for k in keys {
                if !seen.insert(k) {
                    continue;
                }
                let p = format!("{pointer}/{k}");
                match (w.get(k), g.get(k)) {
                    (Some(wv), Some(gv)) => diff(&p, wv, gv, out),
                    (wv, gv) => out.push((
                        p,
                        wv.cloned().unwrap_or(Value::Null),
                        gv.cloned().unwrap_or(Value::Null),
                    )),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{pointer}/{i}"), wv, gv, out);
            }
        }
        _ if want != got => out.push((pointer.to_string(), want.clone(), got.clone())),
        _ => {}
    }
}

/// A known importer bug: at `pointer` the expected file states the truth and
/// the importer gives `actual`.
struct KnownIssue {
    pointer: String,
    actual: Value,
    note: Value,
}

fn known_issues(expected: &mut Value) -> Vec<KnownIssue> {
    let list = expected
        .as_object_mut()
        .and_then(|o| o.remove("known_issues"))
        .unwrap_or(Value::Array(Vec::new()));
    list.as_array()
        .expect("known_issues is an array")
        .iter()
        .map(|k| KnownIssue {
            pointer: k["pointer"].as_str().expect("pointer").to_string(),
            actual: k["actual"].clone(),
            note: k["note"].clone(),
        })
        .collect()
}

/// The expected file `actual` blesses to: the truth kept at every known
/// issue the importer still gets wrong.
fn blessed(actual: &Value, truth: &Value, issues: &[KnownIssue]) -> Value {
    let mut new = actual.clone();
    let mut kept = Vec::new();
    for issue in issues {
        let (Some(stated), Some(now)) = (
            truth.pointer(&issue.pointer),
            actual.pointer(&issue.pointer),
        ) else {
            continue;
        };
        if stated == now {
            continue;
        }
        let now = now.clone();
        if let Some(slot) = new.pointer_mut(&issue.pointer) {
            *slot = stated.clone();
        }
        kept.push(json!({ "pointer": issue.pointer, "actual": now, "note": issue.note }));
    }
    if !kept.is_empty() {
        new.as_object_mut()
            .expect("object")
            .insert("known_issues".into(), Value::Array(kept));
    }
    new
}

/// The works of a case's output without their sources.
fn without_sources(v: &Value) -> Value {
    let mut works = v["works"].clone();
    for w in works.as_array_mut().expect("works") {
        w.as_object_mut().expect("work").remove("sources");
        for ch in w["chapters"].as_array_mut().expect("chapters") {
            ch.as_object_mut().expect("chapter").remove("sources");
        }
    }
    works
}

/// What a converted book must share with the book it was made from: its
/// title, authors and chapters (number, title, notes, text — markup aside,
/// as MOBI 6 writes `<i>` for `<em>`), and with `whole_record` every other
/// stated field too.
fn as_story(v: &Value, whole_record: bool) -> Value {
    let mut works = without_sources(v);
    for w in works.as_array_mut().expect("works") {
        let work = w.as_object_mut().expect("work");
        if !whole_record {
            work.retain(|k, _| ["title", "authors", "chapters"].contains(&k.as_str()));
        }
        for ch in work["chapters"].as_array_mut().expect("chapters") {
            let ch = ch.as_object_mut().expect("chapter");
            let text = ficshelf_model::html_to_text(ch["html"].as_str().expect("html"));
            ch.insert("html".into(), json!(text));
            if !whole_record {
                ch.retain(|k, _| ["number", "title", "notes", "html"].contains(&k.as_str()));
            }
        }
    }
    works
}

/// Every difference between two values, as (JSON pointer, left, right).
fn differences(left: &Value, right: &Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    diff("", left, right, &mut out);
    out
}

fn case_name(case: &Path) -> String {
    let name = case
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    match name.rsplit_once('.') {
        Some((stem, _)) => stem.to_string(),
        None => name,
    }
}

#[test]
fn every_format_case_matches_its_expected_json() {
    let root = formats_root();
    let cases_root = root.join("cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_root)
        .expect("list cases")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    let bless = std::env::var_os(BLESS).is_some_and(|v| v != "0");
    let mut failures = Vec::new();
    let mut names = Vec::new();
    let mut results: Map<String, Value> = Map::new();
    for case in &cases {
        let name = case_name(case);
        names.push(format!("{name}.json"));
        let got = actual(case);
        for work in got["works"].as_array().expect("works") {
            for ch in work["chapters"].as_array().expect("chapters") {
                let html = ch["html"].as_str().expect("html");
                let bad = dangerous(html);
                if !bad.is_empty() {
                    failures.push(format!(
                        "case {name}: chapter {} keeps {bad:?}",
                        ch["number"]
                    ));
                }
            }
        }
        // Every hostile payload calls steal() or points at evil.example.
        let all = got.to_string();
        for marker in ["steal", "evil.example"] {
            if all.contains(marker) {
                failures.push(format!("case {name}: {marker:?} survived the import"));
            }
        }
        let expected_path = root.join("expected").join(format!("{name}.json"));
        let mut expected: Value = match std::fs::read_to_string(&expected_path) {
            Ok(text) => serde_json::from_str(&text).expect("expected JSON parses"),
            Err(_) if bless => json!({}),
            Err(e) => panic!("{}: {e}", expected_path.display()),
        };
        let issues = known_issues(&mut expected);
        if bless {
            let text = serde_json::to_string_pretty(&blessed(&got, &expected, &issues))
                .expect("serialise");
            std::fs::write(&expected_path, text + "\n").expect("write expected");
        } else {
            let mut diffs = Vec::new();
            diff("", &expected, &got, &mut diffs);
            let mut lines = Vec::new();
            for (pointer, want, now) in &diffs {
                let known = issues
                    .iter()
                    .any(|k| &k.pointer == pointer && &k.actual == now);
                if !known {
                    lines.push(format!("{pointer}: expected {want}, got {now}"));
                }
            }
            for k in &issues {
                if !diffs.iter().any(|(p, _, _)| *p == k.pointer) {
                    lines.push(format!(
                        "{}: known issue fixed, remove it from known_issues",
                        k.pointer
                    ));
                }
            }
            if !lines.is_empty() {
                failures.push(format!("case {name}:\n  {}", lines.join("\n  ")));
            }
        }
        results.insert(name, got);
    }
    let mut expected_files: Vec<String> = std::fs::read_dir(root.join("expected"))
        .expect("list expected")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    expected_files.sort();
    names.sort();
    assert_eq!(expected_files, names, "one expected file per case");

    // A calibre EPUB of an AO3 download is the same work as the download.
    let (html, epub) = (&results["ao3_multi"], &results["ao3_calibre"]);
    for (pointer, h, e) in differences(&without_sources(html), &without_sources(epub)) {
        failures.push(format!(
            "ao3_calibre.epub differs from ao3_multi.html at {pointer}: {h} vs {e}"
        ));
    }
    // MOBI and AZW3 books calibre made from our EPUBs (or, as AO3 does,
    // from the HTML download) hold the same story: the same work record
    // and chapter text for AO3's, the same title, authors and chapters for
    // a generic book (calibre's MOBI keeps no series or modified date).
    let same_story = [
        ("ao3_calibre", "mobi_ao3", true),
        ("ao3_calibre", "azw3_ao3", true),
        ("ao3_multi", "mobi_ao3_download", true),
        ("ao3_oneshot", "mobi_ao3_oneshot", true),
        ("epub2_generic", "mobi_generic", false),
        ("epub2_generic", "azw3_generic", false),
        ("epub2_generic", "mobi_joint_generic", false),
    ];
    for (source, book, whole_record) in same_story {
        let story = |name: &str| as_story(&results[name], whole_record);
        for (pointer, s, b) in differences(&story(source), &story(book)) {
            failures.push(format!(
                "{book} differs from {source} at {pointer}: {s} vs {b}"
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} problems over {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
