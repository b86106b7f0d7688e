//! FanFicFare interoperability: books FanFicFare writes (EPUB, HTML, TXT)
//! from its built-in, offline `test1.com` adapter are imported with the
//! binary and compared with FanFicFare's own `--json-meta` metadata.
//!
//! Needs `FICSHELF_FANFICFARE` (the `fanficfare` executable; `.ci/run`
//! installs it). Without it the test returns with a notice, except under
//! CI, where it fails so that it can never be skipped silently.

use assert_cmd::Command;
use serde_json::Value;
use std::process::Command as Process;

/// Story ids of the test adapter: odd in progress, even complete, < 10 in
/// a series and another language, 664 a title that wraps on the title
/// page, 673 several authors and categories, 674 no word count, 700+
/// renumbered ids, 1-30 various chapter counts, 1000+ one chapter with no
/// rating (FanFicFare's TXT then has no table of contents).
const IDS: &[u32] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 664, 669, 673, 674, 700, 1001, 1002,
];

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn list(meta: &Value, key: &str) -> Vec<String> {
    meta[key]
        .as_str()
        .unwrap_or("")
        .split(", ")
        .map(|s| unescape(s.trim()))
        .filter(|s| !s.is_empty())
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What one story id gave: its books, their tag fields, mismatches and
/// report lines.
#[derive(Default)]
struct Story {
    files: usize,
    tag_total: usize,
    tag_match: usize,
    hard: Vec<String>,
    lines: Vec<String>,
}

/// Stories checked at once: each FanFicFare run is a Python process of
/// about a second, and one after another they made this the longest test
/// of the suite.
const WORKERS: usize = 3;

#[test]
fn fanficfare_books_import_with_their_metadata() {
    let Ok(fff) = std::env::var("FICSHELF_FANFICFARE") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "FICSHELF_FANFICFARE is not set under CI: .ci/run must install FanFicFare"
        );
        eprintln!("notice: FICSHELF_FANFICFARE unset; FanFicFare interop test not run");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut stories: Vec<(u32, Story)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&sid) = IDS.get(i) else {
                            return done;
                        };
                        done.push((sid, check_story(&fff, dir.path(), sid)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("worker"))
            .collect()
    });
    stories.sort_by_key(|(sid, _)| *sid);
    println!(
        "{:<6} {:<5} {:>5} {:>7}  title",
        "sid", "fmt", "chap", "tags"
    );
    let (mut tag_total, mut tag_match, mut files) = (0usize, 0usize, 0usize);
    let mut hard = Vec::new();
    for (_, story) in stories {
        for line in &story.lines {
            println!("{line}");
        }
        files += story.files;
        tag_total += story.tag_total;
        tag_match += story.tag_match;
        hard.extend(story.hard);
    }
    let share = tag_match as f64 / tag_total.max(1) as f64;
    println!(
        "files: {files}, tag fields matching: {tag_match}/{tag_total} ({:.1}%)",
        share * 100.0
    );
    assert!(
        files >= 75,
        "at least 25 stories in 3 formats, got {files} files"
    );
    assert!(
        hard.is_empty(),
        "{} mismatches:\n{}",
        hard.len(),
        hard.join("\n")
    );
    assert!(
        share >= 0.95,
        "tag fields match {:.1}% (< 95%)",
        share * 100.0
    );
}

/// Writes story `sid` in every format with FanFicFare (in `dir`), imports
/// each book and compares what the library lists with FanFicFare's metadata.
fn check_story(fff: &str, dir: &std::path::Path, sid: u32) -> Story {
    let mut story = Story::default();
    let Story {
        files,
        tag_total,
        tag_match,
        hard,
        lines,
    } = &mut story;
    let url = format!("http://test1.com?sid={sid}");
    // Every run in a folder of its own: stories are checked at once.
    let meta_dir = dir.join(format!("{sid}-meta"));
    std::fs::create_dir_all(&meta_dir).expect("mkdir");
    let meta_out = Process::new(fff)
        .args(["--json-meta", "--meta-only", &url])
        .current_dir(&meta_dir)
        .output()
        .expect("fanficfare runs");
    let Ok(meta) = serde_json::from_slice::<Value>(&meta_out.stdout) else {
        return story; // ids the adapter refuses (errors by design)
    };
    for fmt in ["epub", "html", "txt"] {
        let out_dir = dir.join(format!("{sid}-{fmt}"));
        std::fs::create_dir_all(&out_dir).expect("mkdir");
        let status = Process::new(fff)
            .args(["-f", fmt, &url])
            .current_dir(&out_dir)
            .output()
            .expect("fanficfare runs");
        assert!(status.status.success(), "fanficfare -f {fmt} {url} failed");
        let library = out_dir.join("lib");
        let book = std::fs::read_dir(&out_dir)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .find(|p| p.extension().is_some_and(|e| e == fmt))
            .expect("book written");
        let mut import = Command::cargo_bin("ficshelf").expect("binary");
        import
            .arg("--library")
            .arg(&library)
            .arg("import")
            .arg(&book);
        assert!(import.output().expect("runs").status.success());
        let mut works = Command::cargo_bin("ficshelf").expect("binary");
        works
            .arg("--library")
            .arg(&library)
            .args(["works", "--json"]);
        let listed: Value =
            serde_json::from_slice(&works.output().expect("runs").stdout).expect("JSON");
        let work = &listed[0];
        *files += 1;
        let name = format!("sid {sid} {fmt}");
        let mut check = |what: &str, want: Value, got: Value| {
            if want != got {
                hard.push(format!("{name}: {what}: FanFicFare {want}, ficshelf {got}"));
            }
        };
        check(
            "title",
            unescape(meta["title"].as_str().unwrap_or("")).into(),
            work["title"].clone(),
        );
        check(
            "authors",
            list(&meta, "author").into(),
            work["authors"].clone(),
        );
        // FanFicFare writes an empty string for "no rating".
        let rating = match meta["rating"].as_str() {
            Some("") | None => Value::Null,
            Some(r) => r.into(),
        };
        check("rating", rating, work["rating_original"].clone());
        let status = match meta["status"].as_str() {
            Some("Completed") => "complete",
            _ => "in_progress",
        };
        check("status", status.into(), work["status"].clone());
        let want_titles: Vec<String> = meta["zchapters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| unescape(c[1]["title"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        let got_titles: Vec<String> = work["chapters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| c["title"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        check("chapters", want_titles.into(), got_titles.into());
        let mut tags_ok = 0;
        for (key, field) in [
            ("category", "fandoms"),
            ("ships", "relationships"),
            ("characters", "characters"),
            ("genre", "tags"),
            ("warnings", "warnings"),
        ] {
            *tag_total += 1;
            if list(&meta, key) == strings(&work[field]) {
                *tag_match += 1;
                tags_ok += 1;
            } else {
                lines.push(format!(
                    "  {name} {field}: FanFicFare {:?}, ficshelf {:?}",
                    list(&meta, key),
                    strings(&work[field])
                ));
            }
        }
        lines.push(format!(
            "{sid:<6} {fmt:<5} {:>5} {:>5}/5  {}",
            work["chapters"].as_array().map_or(0, Vec::len),
            tags_ok,
            work["title"].as_str().unwrap_or("")
        ));
    }
    story
}
