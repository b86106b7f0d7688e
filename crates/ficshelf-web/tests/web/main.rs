//! Integration tests of the web server: pages, API, OPDS, gate, and the browser (e2e).
//!
//! One test binary for the whole crate (one link instead of one per file:
//! faster builds and a fraction of the disk). Each module is one area.

mod accounts;
mod admin;
mod api;
mod browser;
mod common;
mod download;
mod e2e;
mod filters;
mod gate;
mod hostile;
mod hot_paths;
mod kosync;
mod library;
mod manage;
mod max_rating;
mod monologue;
mod opds;
mod pages;
mod reader_pages;
mod refresh;
mod security;
mod shelf;
mod suggested;
