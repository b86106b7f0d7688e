//! `ficshelf export` through the binary, on the demo library and the HTML
//! fixtures (italics, scene breaks, chapter notes, an AO3 multi-chapter
//! download):
//! - every EPUB passes epubcheck (written to `target/epub-out/` first);
//! - calibre's `ebook-meta` reads title, authors and tags back;
//! - TXT round trip: exported text imported into a fresh library is the
//!   same work (metadata, chapters, chapter text);
//! - output paths (`-o` file, folder, `-`) and unknown ids.
//!
//! epubcheck and calibre are external tools: without them a test prints a
//! notice and passes, except when `CI` is set, where it fails.

use crate::common::{assert_epubcheck_clean, epubcheck, ficshelf, repo, succeed, tool};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A library with `demo/` and `tests/fixtures/html` imported.
fn demo_library(dir: &Path) -> PathBuf {
    let library = dir.join("library");
    ficshelf(&library)
        .arg("import")
        .arg(repo().join("demo"))
        .arg(repo().join("tests/fixtures/html"))
        .assert()
        .success();
    library
}

fn works(library: &Path) -> Vec<Value> {
    let out = ficshelf(library)
        .args(["works", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    value.as_array().expect("array").clone()
}

fn ids(works: &[Value]) -> Vec<String> {
    works
        .iter()
        .map(|w| w["id"].as_str().expect("id").to_string())
        .collect()
}

/// Exports `ids` as `format` into `dir`; returns the written paths.
fn export(library: &Path, ids: &[String], format: &str, dir: &Path) -> Vec<PathBuf> {
    let out = succeed(
        ficshelf(library)
            .arg("export")
            .args(ids)
            .args(["--format", format, "-o"])
            .arg(dir),
    );
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(PathBuf::from)
        .collect()
}

/// Writes every demo and fixture work's EPUB into `out`.
fn epubs(dir: &Path, out: &Path) -> (Vec<Value>, Vec<PathBuf>) {
    let library = demo_library(dir);
    let works = works(&library);
    assert!(works.len() >= 8, "demo and fixtures imported");
    std::fs::create_dir_all(out).expect("output folder");
    let paths = export(&library, &ids(&works), "epub", out);
    assert_eq!(paths.len(), works.len());
    (works, paths)
}

#[test]
fn every_epub_passes_epubcheck() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Kept in `target/epub-out/` for a look.
    let (_, paths) = epubs(dir.path(), &repo().join("target/epub-out"));
    let Some(check) = epubcheck() else { return };
    for path in &paths {
        assert_epubcheck_clean(&check, path);
    }
}

/// The OPF calibre makes of an EPUB (`ebook-meta --to-opf`).
fn calibre_opf(path: &Path, dir: &Path) -> String {
    let opf = dir.join("calibre.opf");
    let out = Command::new("ebook-meta")
        .arg(path)
        .arg("--to-opf")
        .arg(&opf)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("ebook-meta runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&opf).expect("calibre wrote the OPF")
}

/// The texts of every `<tag …>text</tag>` in `xml`, entities decoded.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        let (Some(gt), Some(end)) = (rest.find('>'), rest.find(&close)) else {
            break;
        };
        if gt < end && !rest[..gt].ends_with('/') {
            out.push(unescape(&rest[gt + 1..end]));
        }
        rest = &rest[end..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn calibre_reads_title_authors_and_tags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (works, paths) = epubs(dir.path(), &dir.path().join("epub"));
    if tool("calibre's ebook-meta", "calibre", &[&["ebook-meta"]]).is_none() {
        return;
    }
    for (work, path) in works.iter().zip(&paths) {
        let opf = calibre_opf(path, dir.path());
        assert_eq!(
            elements(&opf, "dc:title"),
            [work["title"].as_str().unwrap()],
            "{path:?}"
        );
        assert_eq!(
            elements(&opf, "dc:creator"),
            strings(&work["authors"]),
            "{path:?}"
        );
        let mut expected: Vec<String> = Vec::new();
        for key in [
            "warnings",
            "category",
            "fandoms",
            "relationships",
            "characters",
            "tags",
        ] {
            // A calibre tag cannot hold a comma: calibre splits a subject
            // such as a sentence-long warning at its commas.
            for tag in strings(&work[key]) {
                for part in tag.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    if !expected.iter().any(|e| e == part) {
                        expected.push(part.to_string());
                    }
                }
            }
        }
        assert_eq!(elements(&opf, "dc:subject"), expected, "{path:?}");
        if work["title"] == "The Lamplighter's Ledger" {
            assert!(
                opf.contains("<meta name=\"calibre:series\" content=\"The Lantern Cycle\"/>"),
                "{opf}"
            );
            assert!(
                opf.contains("<meta name=\"calibre:series_index\" content=\"2\"/>"),
                "{opf}"
            );
        }
    }
}

fn chapter_text(library: &Path, id: &str, n: usize) -> String {
    let out = ficshelf(library)
        .args(["chapter", id, &n.to_string()])
        .output()
        .expect("runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn txt_round_trips_through_the_importer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = demo_library(dir.path());
    let originals = works(&library);
    let txt_dir = dir.path().join("txt");
    let paths = export(&library, &ids(&originals), "txt", &txt_dir);
    assert_eq!(paths.len(), originals.len());

    let again = dir.path().join("again");
    ficshelf(&again)
        .arg("import")
        .arg(&txt_dir)
        .assert()
        .success();
    let copies = works(&again);
    assert_eq!(copies.len(), originals.len());
    let fields = [
        "authors",
        "rating",
        "warnings",
        "fandoms",
        "relationships",
        "characters",
        "tags",
        "category",
        "summary",
        "language",
        "status",
        "published",
        "updated",
    ];
    for original in &originals {
        let title = &original["title"];
        let copy = copies
            .iter()
            .find(|c| &c["title"] == title)
            .unwrap_or_else(|| panic!("{title} not read back"));
        for field in fields {
            assert_eq!(copy[field], original[field], "{title}: {field}");
        }
        let chapters = |w: &Value| -> Vec<Value> {
            w["chapters"]
                .as_array()
                .expect("chapters")
                .iter()
                .map(|c| c["title"].clone())
                .collect()
        };
        assert_eq!(
            chapters(copy),
            chapters(original),
            "{title}: chapter titles"
        );
        let (a, b) = (
            original["id"].as_str().unwrap(),
            copy["id"].as_str().unwrap(),
        );
        for n in 1..=chapters(original).len() {
            assert_eq!(
                chapter_text(&again, b, n),
                chapter_text(&library, a, n),
                "{title}: chapter {n} text"
            );
        }
    }
}

#[test]
fn output_paths_and_unknown_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = demo_library(dir.path());
    let all = works(&library);
    let work = all
        .iter()
        .find(|w| w["title"] == "Ink and Ember")
        .expect("demo work");
    let id = work["id"].as_str().unwrap();

    // Default: `<slug>-<id>.<ext>` in the current folder.
    let cwd = dir.path().join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    ficshelf(&library)
        .current_dir(&cwd)
        .args(["export", id, "--format", "json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(
        &std::fs::read(cwd.join(format!("ink-and-ember-{id}.json"))).expect("default name"),
    )
    .expect("JSON");
    assert_eq!(json["title"], "Ink and Ember");
    assert!(json["chapters"][0]["html"]
        .as_str()
        .unwrap()
        .contains("<p>"));

    // `-o FILE` for one work, `-o -` for standard output.
    let file = dir.path().join("book.html");
    ficshelf(&library)
        .args(["export", id, "--format", "html", "-o"])
        .arg(&file)
        .assert()
        .success();
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Ink and Ember"));
    let out = ficshelf(&library)
        .args(["export", id, "--format", "epub", "-o", "-"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(&out.stdout[30..58], b"mimetypeapplication/epub+zip");

    // Unknown id: one line on stderr, exit code 2, nothing written.
    let empty = dir.path().join("empty");
    let out = ficshelf(&library)
        .args(["export", id, "999999", "-o"])
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no work with id \"999999\""), "{stderr}");
    assert!(!empty.exists());
}
