//! What a new user met on a first run (issue #13), checked through the
//! binary: import messages and exit codes, `tags`, `eval` from any folder,
//! `serve` on a busy address.

use crate::common::{ficshelf, succeed_text};
use std::path::Path;
use std::process::Output;

fn run(library: &Path, args: &[&str]) -> Output {
    ficshelf(library).args(args).output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_misspelled_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("fisc");
    let out = run(
        &dir.path().join("library"),
        &["import", &missing.to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        format!("error: no such file or folder: {}", missing.display())
    );
}

#[test]
fn an_empty_folder_says_nothing_was_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("folder");
    std::fs::write(empty.join("cover.jpg"), b"\xff\xd8").expect("write");
    let out = run(
        &dir.path().join("library"),
        &["import", &empty.to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout).trim(),
        format!(
            "No story files found in {} (looked for .txt, .text, .html, .htm, .xhtml, .epub or .zip; 1 file of other kinds ignored).",
            empty.display()
        )
    );
}

#[test]
fn import_counts_agree_with_their_nouns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("input");
    std::fs::create_dir(&input).expect("folder");
    std::fs::write(
        input.join("one.txt"),
        "Title: One\nAuthor: Wren\n\nA single short chapter.\n",
    )
    .expect("write");
    std::fs::write(input.join("bad.epub"), b"not a zip").expect("write");
    let library = dir.path().join("library");
    let out = run(&library, &["import", &input.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Imported 1 file (0.0 MB): 1 work created, 0 works updated, 1 chapter.\n1 file skipped:\n"),
        "{stdout}"
    );
    let again =
        succeed_text(ficshelf(&library).args(["import", &input.join("one.txt").to_string_lossy()]));
    assert!(
        again.contains("1 file unchanged since the last import."),
        "{again}"
    );
}
