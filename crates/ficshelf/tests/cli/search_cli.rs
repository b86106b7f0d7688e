//! Search through the binary over the fixture corpus and the demo library.
//! Every expectation is computed here, independently of the index, from
//! `works --json` and the `chapter` output of every chapter.

use crate::common;
use crate::common::ficshelf;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The library every test here reads, with every work's text.
struct Corpus {
    dir: tempfile::TempDir,
    works: Vec<Value>,
    /// Work id → all searchable text (title, summary, notes, tags, chapters), lower case.
    text: BTreeMap<String, String>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = ficshelf(dir.path())
            .arg("import")
            .arg(common::repo().join("demo"))
            .arg(common::repo().join("tests/fixtures/txt/cases"))
            .output()
            .expect("import runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let out = ficshelf(dir.path())
            .args(["works", "--json"])
            .output()
            .expect("runs");
        let works: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
        let mut text = BTreeMap::new();
        for w in &works {
            let id = w["id"].as_str().expect("id").to_string();
            let mut all = String::new();
            for key in ["title", "summary"] {
                all.push_str(w[key].as_str().unwrap_or(""));
                all.push('\n');
            }
            all.push_str(w["notes"]["begin"].as_str().unwrap_or(""));
            all.push('\n');
            for key in [
                "fandoms",
                "relationships",
                "characters",
                "tags",
                "warnings",
                "category",
            ] {
                for tag in w[key].as_array().expect("list") {
                    all.push_str(tag.as_str().expect("tag"));
                    all.push('\n');
                }
            }
            for c in w["chapters"].as_array().expect("chapters") {
                let n = c["number"].to_string();
                let out = ficshelf(dir.path())
                    .args(["chapter", &id, &n])
                    .output()
                    .expect("runs");
                all.push_str(&String::from_utf8(out.stdout).expect("utf-8"));
                all.push_str(c["title"].as_str().unwrap_or(""));
                all.push('\n');
            }
            text.insert(id, all.to_lowercase());
        }
        Corpus { dir, works, text }
    })
}

fn search(query: &str) -> Value {
    let out = ficshelf(corpus().dir.path())
        .args(["search", query, "--json", "--per-page", "1000"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn hit_ids(results: &Value) -> BTreeSet<String> {
    let hits = results["hits"].as_array().expect("hits");
    assert_eq!(
        results["total"].as_u64(),
        Some(hits.len() as u64),
        "total counts every hit"
    );
    hits.iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

fn ids_where(pred: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    corpus()
        .works
        .iter()
        .filter(|w| pred(w))
        .map(|w| w["id"].as_str().expect("id").to_string())
        .collect()
}

fn has(w: &Value, key: &str, value: &str) -> bool {
    w[key]
        .as_array()
        .expect("list")
        .iter()
        .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(value)))
}

fn words_match(text: &str, re: &str) -> bool {
    regex::Regex::new(re).expect("regex").is_match(text)
}

#[test]
fn empty_query_lists_every_work() {
    let all = ids_where(|_| true);
    assert!(all.len() >= 45);
    assert_eq!(hit_ids(&search("")), all);
}

#[test]
fn rating_filters_alternatives_and_exclusion() {
    let teen_or_general = ids_where(|w| matches!(w["rating"].as_str(), Some("teen" | "general")));
    assert_eq!(hit_ids(&search("rating:teen,general")), teen_or_general);
    let not_explicit = ids_where(|w| w["rating"] != "explicit");
    assert_eq!(hit_ids(&search("-rating:explicit")), not_explicit);
}

#[test]
fn tag_filters_combine_with_and() {
    let original = ids_where(|w| has(w, "fandoms", "Original Work"));
    assert!(original.len() > 3);
    assert_eq!(hit_ids(&search(r#"fandom:"Original Work""#)), original);
    let both = ids_where(|w| has(w, "fandoms", "Original Work") && w["rating"] == "general");
    assert_eq!(
        hit_ids(&search(r#"fandom:"Original Work" rating:general"#)),
        both
    );
    let without = ids_where(|w| has(w, "fandoms", "Original Work") && !has(w, "tags", "Angst"));
    assert_eq!(
        hit_ids(&search(r#"fandom:"Original Work" -tag:Angst"#)),
        without
    );
    let complete = ids_where(|w| w["status"] == "complete");
    assert_eq!(hit_ids(&search("status:complete")), complete);
}

#[test]
fn numeric_ranges() {
    let n = |w: &Value, k: &str| {
        w[k].as_u64()
            .unwrap_or_else(|| w[k].as_array().map_or(0, |a| a.len() as u64))
    };
    assert_eq!(
        hit_ids(&search("words:>1000")),
        ids_where(|w| n(w, "words") > 1000)
    );
    assert_eq!(
        hit_ids(&search("words:<300")),
        ids_where(|w| n(w, "words") < 300)
    );
    assert_eq!(
        hit_ids(&search("words:500..900")),
        ids_where(|w| (500..=900).contains(&n(w, "words")))
    );
    assert_eq!(
        hit_ids(&search("chapters:>2")),
        ids_where(|w| n(w, "chapters") > 2)
    );
}

#[test]
fn sorts_order_the_results() {
    let words: Vec<u64> = search("sort:words")["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let id = h["id"].as_str().expect("id");
            let w = corpus().works.iter().find(|w| w["id"] == id).expect("work");
            w["words"].as_u64().expect("words")
        })
        .collect();
    assert!(words.windows(2).all(|p| p[0] >= p[1]), "{words:?}");
    let titles: Vec<String> = search("sort:title")["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().expect("title").to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
}

#[test]
fn facets_count_the_whole_result_set() {
    let results = search("-rating:explicit");
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for w in &corpus().works {
        if w["rating"] != "explicit" {
            *want
                .entry(w["rating"].as_str().expect("rating").to_string())
                .or_default() += 1;
        }
    }
    let got: BTreeMap<String, u64> = results["facets"]["rating"]
        .as_object()
        .expect("rating facet")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().expect("count")))
        .collect();
    assert_eq!(got, want);
    // The page size does not change the counts.
    let out = ficshelf(corpus().dir.path())
        .args(["search", "-rating:explicit", "--json", "--per-page", "2"])
        .output()
        .expect("runs");
    let small: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(small["hits"].as_array().expect("hits").len(), 2);
    assert_eq!(small["facets"]["rating"], results["facets"]["rating"]);
    assert_eq!(small["total"], results["total"]);
}

#[test]
fn full_text_terms_phrases_and_exclusions() {
    let text = &corpus().text;
    let lantern: BTreeSet<String> = text
        .iter()
        .filter(|(_, t)| words_match(t, r"\blanterns?\b"))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(lantern.len() >= 3);
    assert_eq!(hit_ids(&search("lantern")), lantern);

    let phrase: BTreeSet<String> = text
        .iter()
        .filter(|(_, t)| words_match(t, r"\bbaker\s+street\b"))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(!phrase.is_empty());
    assert_eq!(hit_ids(&search(r#""baker street""#)), phrase);

    let without_moth: BTreeSet<String> = lantern
        .iter()
        .filter(|id| !words_match(&text[*id], r"\bmoths?\b"))
        .cloned()
        .collect();
    assert!(without_moth.len() < lantern.len());
    assert_eq!(hit_ids(&search("lantern -moth")), without_moth);
}

#[test]
fn hits_carry_a_highlighted_snippet_from_their_best_chapter() {
    let results = search("lantern");
    for hit in results["hits"].as_array().expect("hits") {
        let snippet = hit["snippet"].as_str().unwrap_or("");
        if snippet.is_empty() {
            continue; // matched in the title or tags only
        }
        assert!(
            snippet.to_lowercase().contains("<mark>lantern"),
            "{snippet}"
        );
        assert!(!snippet.contains("<script"), "{snippet}");
        assert!(hit["chapter"].as_u64().is_some());
    }
}

#[test]
fn bad_queries_point_at_the_problem() {
    let out = ficshelf(corpus().dir.path())
        .args(["search", "rating:teen wrds:>5", "--json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let message = error["error"].as_str().expect("error");
    assert!(message.contains("column 13"), "{message}");
    assert!(message.contains("wrds"), "{message}");
    let out = ficshelf(corpus().dir.path())
        .args(["search", r#"fandom:"unclosed"#])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
}
