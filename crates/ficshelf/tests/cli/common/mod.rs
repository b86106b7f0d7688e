//! Helpers shared by the tests that drive the `ficshelf` binary.
#![allow(dead_code)] // each test file uses its own subset

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/fixtures/txt`.
pub fn txt_fixtures() -> PathBuf {
    repo().join("tests/fixtures/txt")
}

/// The binary, on `library`, ignoring any `FICSHELF_LIBRARY` of the caller.
pub fn ficshelf(library: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ficshelf").expect("binary built");
    cmd.arg("--library")
        .arg(library)
        .env_remove("FICSHELF_LIBRARY");
    cmd
}

/// Runs `cmd`, asserts it succeeded (showing its stderr when not) and
/// returns its stdout.
pub fn succeed(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// [`succeed`] with stdout as UTF-8 text.
pub fn succeed_text(cmd: &mut Command) -> String {
    String::from_utf8(succeed(cmd)).expect("utf-8")
}

/// A command line for an external tool, or `None` (with a notice, or a
/// panic under CI) when it is not installed. A candidate works when its
/// `--version` output mentions `marker`.
pub fn tool(name: &str, marker: &str, candidates: &[&[&str]]) -> Option<Vec<String>> {
    for candidate in candidates {
        let works = std::process::Command::new(candidate[0])
            .args(&candidate[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout).contains(marker)
                    || String::from_utf8_lossy(&o.stderr).contains(marker)
            });
        if works {
            return Some(candidate.iter().map(|s| s.to_string()).collect());
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("{name} is not installed (CI is set; .ci/run installs it)");
    }
    eprintln!("NOTICE: {name} is not installed; skipping this check");
    None
}

/// How to run epubcheck here (see [`tool`]).
pub fn epubcheck() -> Option<Vec<String>> {
    // Debian's /usr/bin/epubcheck is the jar itself, run through binfmt;
    // where binfmt is missing, java runs the jar directly.
    tool(
        "epubcheck",
        "EPUBCheck",
        &[
            &["epubcheck"],
            &["java", "-jar", "/usr/share/java/epubcheck.jar"],
        ],
    )
}

/// Every work of `library`, as `works --json` prints them.
pub fn works_json(library: &Path) -> Vec<Value> {
    let out = ficshelf(library)
        .args(["works", "--json"])
        .output()
        .expect("run");
    let works: Value = serde_json::from_slice(&out.stdout).expect("json");
    works.as_array().expect("array").clone()
}

/// A zip archive (an EPUB when the first entry is `mimetype`) of `files`,
/// each (entry name, text).
pub fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in files {
        zip.start_file(*name, opts).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// Runs epubcheck (`check`, from [`epubcheck`]) on `path` and asserts it
/// reports no error and no warning.
pub fn assert_epubcheck_clean(check: &[String], path: &Path) {
    let out = std::process::Command::new(&check[0])
        .args(&check[1..])
        .arg(path)
        // A short run: the JVM's quick compiler alone and the serial
        // collector halve epubcheck's CPU time (7 s to 5 s a book here).
        .env(
            "JAVA_TOOL_OPTIONS",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        )
        .output()
        .expect("epubcheck runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && !report.contains("ERROR") && !report.contains("WARNING"),
        "{}:\n{report}",
        path.display()
    );
}

/// Writes a zip archive at `path` holding `entries` (name, bytes), deflated.
pub fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create zip"));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(bytes).expect("write zip entry");
    }
    zip.finish().expect("finish zip");
}
