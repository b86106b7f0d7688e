//! Integration tests of the tantivy index: text, filters, facets, lifecycle.
//!
//! One test binary for the whole crate (one link instead of one per file:
//! faster builds and a fraction of the disk). Each module is one area.

mod common;
mod exclude;
mod facets;
mod filters;
mod lifecycle;
mod limits;
mod text;
