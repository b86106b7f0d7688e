//! Hostile and malformed input through the binary: the reproductions in
//! `tests/fixtures/repro/` (mutated copies of our own fixtures), queries
//! built to exhaust the parser, escape codes in metadata, absurd page
//! numbers. Each must give a clear error or a correct result, never a panic.

use crate::common::{assert_epubcheck_clean, epubcheck, ficshelf, repo, succeed_text};
use std::path::{Path, PathBuf};

fn repro(name: &str) -> PathBuf {
    repo().join("tests/fixtures/repro").join(name)
}

fn import(library: &Path, input: &Path) {
    ficshelf(library)
        .arg("import")
        .arg(input)
        .assert()
        .success();
}

#[test]
fn an_ampersand_before_multibyte_letters_exports_a_valid_epub() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("library");
    import(&library, &repro("export-amp-multibyte.html"));
    // Kept in `target/epub-out/` for a look.
    let out = repo().join("target/epub-out");
    std::fs::create_dir_all(&out).expect("output folder");
    let written = succeed_text(
        ficshelf(&library)
            .args(["export", "1", "--format", "epub", "-o"])
            .arg(&out),
    );
    let path = PathBuf::from(written.trim());
    assert!(path.is_file(), "{written}");
    let text = succeed_text(ficshelf(&library).args(["chapter", "1", "1"]));
    assert!(text.contains("&éééé"), "{text}");
    let Some(check) = epubcheck() else { return };
    assert_epubcheck_clean(&check, &path);
}

/// A library holding one work whose title and author carry terminal
/// escape sequences (clear screen, set window title, a C1 CSI).
fn escape_code_library(dir: &Path) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input folder");
    std::fs::write(
        input.join("evil.txt"),
        "Title: Evil \u{1b}[2J\u{1b}]0;pwned\u{7} Title\nAuthor: Mal\u{9b}31mlory\nRating: G\n\n\
         A lamp, a letter, and the long road north.\n",
    )
    .expect("write");
    let library = dir.join("library");
    import(&library, &input);
    library
}

#[test]
fn escape_codes_in_metadata_are_shown_escaped_and_kept_exact_in_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = escape_code_library(dir.path());
    for args in [&["works"][..], &["show", "1"], &["search", "lamp"]] {
        let out = succeed_text(ficshelf(&library).args(args));
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{args:?} printed a control character: {out:?}"
        );
        assert!(
            out.contains("Evil \\x1b[2J\\x1b]0;pwned\\x07 Title"),
            "{args:?}: {out}"
        );
        assert!(out.contains("Mal\\u{9b}31mlory"), "{args:?}: {out}");
    }
    let json = succeed_text(ficshelf(&library).args(["works", "--json"]));
    let works: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(works[0]["title"], "Evil \u{1b}[2J\u{1b}]0;pwned\u{7} Title");
    assert_eq!(works[0]["authors"][0], "Mal\u{9b}31mlory");
}

#[test]
fn page_numbers_never_wrap_round() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = escape_code_library(dir.path());
    let far =
        succeed_text(ficshelf(&library).args(["search", "lamp", "--page", "922337203685477582"]));
    assert_eq!(
        far.trim(),
        "1 work matches, 20 per page: page 922337203685477582 is past the last page (1)"
    );
    let largest = succeed_text(ficshelf(&library).args([
        "search",
        "--page",
        "18446744073709551615",
        "--per-page",
        "18446744073709551615",
    ]));
    assert!(largest.contains("is past the last page (1)"), "{largest}");
    for (flag, value) in [("--page", "0"), ("--per-page", "0"), ("--page", "two")] {
        let out = ficshelf(&library)
            .args(["search", "lamp", flag, value])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flag) && stderr.contains(value), "{stderr}");
    }
}

#[test]
fn hostile_queries_are_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = escape_code_library(dir.path());
    for (query, message) in [
        (
            format!("{}x", "-".repeat(2000)),
            "query longer than the limit of 2000 characters",
        ),
        (
            format!("{}x", "-".repeat(500)),
            "nested deeper than the limit of 32 parentheses and negations",
        ),
        (
            "\"the a\" ".repeat(100),
            "more than the limit of 64 words, phrases and filter values",
        ),
    ] {
        let out = ficshelf(&library)
            .args(["search", &query])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{message}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(&format!("error: {message}")), "{stderr}");
        let json = ficshelf(&library)
            .args(["search", "--json", &query])
            .output()
            .expect("runs");
        assert_eq!(json.status.code(), Some(2));
        let error: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON error");
        assert!(
            error["error"]
                .as_str()
                .is_some_and(|e| e.starts_with(message)),
            "{error}"
        );
    }
}

fn import_output(library: &Path, input: &Path) -> (Option<i32>, String) {
    let out = ficshelf(library)
        .arg("import")
        .arg(input)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_zip_entry_with_an_absolute_path_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("saves.zip");
    crate::common::write_zip(
        &archive,
        &[
            ("/tmp/absolute.txt", b"Title: Absolute\n\nNever read.\n"),
            ("good.txt", b"Title: Good\nAuthor: Wren\n\nA quiet story.\n"),
        ],
    );
    let library = dir.path().join("library");
    let (code, stdout) = import_output(&library, &archive);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout
            .contains("saves.zip!//tmp/absolute.txt: unsafe entry name in zip (an absolute path)"),
        "{stdout}"
    );
    let works = succeed_text(ficshelf(&library).args(["works"]));
    assert!(
        works.contains("Good") && !works.contains("Absolute"),
        "{works}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_folder_are_read_and_links_out_of_it_refused() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let fics = dir.path().join("fics");
    let private = dir.path().join("private");
    std::fs::create_dir_all(fics.join(".store")).expect("folders");
    std::fs::create_dir_all(&private).expect("folders");
    std::fs::write(
        fics.join(".store/lamp.txt"),
        "Title: Lamplight\nAuthor: Wren\n\nA lamp in the window.\n",
    )
    .expect("write");
    std::fs::write(
        private.join("diary.txt"),
        "Title: Diary\n\nPrivate words.\n",
    )
    .expect("write");
    std::fs::write(fics.join("cover.jpg"), b"\xff\xd8 not a story").expect("write");
    symlink(fics.join(".store/lamp.txt"), fics.join("lamp.txt")).expect("link");
    symlink(private.join("diary.txt"), fics.join("diary.txt")).expect("link");
    let library = dir.path().join("library");
    let (code, stdout) = import_output(&library, &fics);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.starts_with("Imported 1 file "), "{stdout}");
    assert!(
        stdout.contains("1 file ignored (not .txt, .text, .html, .htm, .xhtml, .epub, .mobi, .azw3, .azw, .prc or .zip)."),
        "only cover.jpg is ignored: {stdout}"
    );
    assert!(stdout.contains("1 file skipped:"), "{stdout}");
    assert!(
        stdout.contains("diary.txt: symbolic link to ")
            && stdout.contains("outside the imported folder: not followed"),
        "{stdout}"
    );
    let works = succeed_text(ficshelf(&library).args(["works"]));
    assert!(
        works.contains("Lamplight") && !works.contains("Diary"),
        "{works}"
    );
}
