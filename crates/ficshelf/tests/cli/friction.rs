//! What a new user met on a first run (issue #13), checked through the
//! binary: import messages and exit codes, `tags`, `eval` from any folder,
//! `serve` on a busy address.

use crate::common::{ficshelf, repo, succeed_text};
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
            "No story files found in {} (looked for .txt, .text, .html, .htm, .xhtml, .epub, .mobi, .azw3, .azw, .prc or .zip; 1 file of other kinds ignored).",
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

/// A library whose two works state no tags; analysis suggests fandoms,
/// relationships and characters for both.
fn untagged_library(dir: &Path) -> std::path::PathBuf {
    let library = dir.join("library");
    let eval = repo().join("tests/fixtures/eval");
    ficshelf(&library)
        .arg("import")
        .arg(eval.join("02-the-landlady.txt"))
        .arg(eval.join("04-motel-lights.txt"))
        .assert()
        .success();
    library
}

#[test]
fn tags_say_when_only_suggestions_exist_and_list_them_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = untagged_library(dir.path());
    let plain = succeed_text(ficshelf(&library).arg("tags"));
    assert_eq!(
        plain,
        "No stated tags in this library.\nText analysis suggested some for 2 works: `ficshelf tags --include-suggested` lists them.\n"
    );
    let characters = succeed_text(ficshelf(&library).args(["tags", "--kind", "character"]));
    assert!(
        characters.contains("`ficshelf tags --kind character --include-suggested`"),
        "{characters}"
    );
    let listed = succeed_text(ficshelf(&library).args(["tags", "--include-suggested"]));
    assert!(
        listed.contains("     1  character     Sherlock Holmes  (suggested)\n"),
        "{listed}"
    );
    let json = succeed_text(ficshelf(&library).args(["tags", "--include-suggested", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["stated"], serde_json::json!([]));
    assert!(value["suggested"]
        .as_array()
        .expect("array")
        .iter()
        .any(|t| t["kind"] == "relationship" && t["works"] == 1 && t["suggested"] == true));
}

#[test]
fn tag_kinds_are_checked_against_the_kinds_that_exist() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&dir.path().join("library"), &["tags", "--kind", "author"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unknown tag kind \"author\": use fandom, relationship, character, tag, warning, category or language (authors are not tags"),
        "{stderr}"
    );
    let language = run(&dir.path().join("library"), &["tags", "--kind", "Language"]);
    assert_eq!(
        language.status.code(),
        Some(0),
        "{}",
        text(&language.stderr)
    );
}

#[test]
fn serve_on_a_taken_address_says_so_before_claiming_to_serve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("address");
    let input = dir.path().join("input");
    std::fs::create_dir(&input).expect("folder");
    std::fs::write(input.join("one.txt"), "Title: One\n\nText.\n").expect("write");
    let out = run(
        &dir.path().join("library"),
        &[
            "serve",
            "--addr",
            &addr.to_string(),
            "--import",
            &input.to_string_lossy(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let next = addr.port() + 1;
    assert_eq!(
        stderr.trim(),
        format!(
            "error: cannot serve on {addr}: the address is already in use (another `ficshelf serve`?); \
             choose another with --addr 127.0.0.1:{next} or --port {next}"
        )
    );
    assert!(
        text(&out.stdout).is_empty(),
        "nothing imported before the address was checked"
    );
}

#[test]
fn serve_takes_a_port() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ficshelf"))
        .arg("--library")
        .arg(dir.path().join("library"))
        .args(["serve", "--port", &port.to_string()])
        .env_remove("FICSHELF_LIBRARY")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = String::new();
    let stderr = child.stderr.take().expect("stderr");
    BufReader::new(stderr)
        .read_line(&mut first)
        .expect("a line");
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert!(
        first.starts_with("Serving 0 works from ")
            && first.contains(&format!(" on http://127.0.0.1:{port}/ ")),
        "{first}"
    );
}

#[test]
fn eval_works_from_any_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ficshelf(&dir.path().join("library"))
        .current_dir(dir.path())
        .args(["eval", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(report.to_string().contains("characters"), "{report}");
}
