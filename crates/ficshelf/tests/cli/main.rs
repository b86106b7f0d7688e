//! Integration tests of the `ficshelf` binary, run as a user would.
//!
//! One test binary for the whole crate (one link instead of one per file:
//! faster builds and a fraction of the disk). Each module is one area.

mod analysis_cli;
mod cli_import;
mod common;
mod crash_recovery;
mod epub_images;
mod export;
mod fanficfare_interop;
mod format_fixtures;
mod friction;
mod hostile;
mod html_epub_fixtures;
mod identity;
mod import_isolation;
mod journal_cli;
mod search_cli;
mod txt_fixtures;
mod user_cli;
