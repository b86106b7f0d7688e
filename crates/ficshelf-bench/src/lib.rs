//! Benchmark tooling for Ficshelf.
//!
//! - [`corpus`]: a deterministic generator of synthetic fan fiction (plain
//!   text, AO3 HTML downloads, EPUBs) with a ground-truth manifest (binary
//!   `ficshelf-corpus`).
//! - [`bench`]: the import benchmark (binary `ficshelf-bench`): a baseline
//!   that only reads, hashes and decodes every file, Ficshelf's own import
//!   measured side by side (per format, and with and without text analysis),
//!   memory sampling and CPU time, and a check of the imported works against
//!   the manifest.
//! - [`search_bench`] (feature `library`): the search benchmark
//!   (`ficshelf-bench search`): Ficshelf's import and queries against a raw
//!   tantivy index and SQLite FTS5.
//! - [`scale`] (feature `library`): the scale benchmark (`ficshelf-bench
//!   scale`): libraries of 10k to 1M works generated, imported and served
//!   by the real `ficshelf` binary, measured from outside, beside FTS5.
//!
//! Nothing here is part of Ficshelf itself; see this crate's README for the
//! commands.

pub mod bench;
pub mod corpus;
#[cfg(feature = "library")]
pub mod scale;
#[cfg(feature = "library")]
pub mod search_bench;
