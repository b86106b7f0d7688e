//! Helpers shared by the tests that drive the `ficshelf` binary.
#![allow(dead_code)] // each test file uses its own subset

use assert_cmd::Command;
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
