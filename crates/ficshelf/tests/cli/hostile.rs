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
    // Kept in `target/epub-out/` for .ci/run's own epubcheck pass.
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
