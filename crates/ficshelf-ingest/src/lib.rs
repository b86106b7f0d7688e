//! Ingest: from bytes on disk to recovered works.
//!
//! The rules the plain-text parser follows are written down in
//! `TEXT_FORMAT.md` beside this crate's manifest.
//!
//! Public items:
//! - [`decode`] / [`Decoded`] / [`DecodeError`]: bytes to text (BOMs, UTF-8,
//!   legacy encodings guessed by chardetng).
//! - [`parse_text`] / [`TextError`]: a plain-text file to a [`ParsedFile`]
//!   ([`StatedMeta`] + [`ParsedChapter`]s).
//! - [`parse_epub`] / [`parse_epub_with`] / [`EpubError`]: an EPUB to a
//!   [`ParsedFile`], its images kept as assets within [`ImageLimits`].
//! - [`parse_mobi`] / [`MobiError`]: a MOBI 6, AZW3 (KF8), joint MOBI or
//!   PalmDOC book to a [`ParsedFile`], its markup read like an EPUB's.
//! - [`inputs`]: walking files, folders and zip archives with size limits.
//! - [`recover`]: identity keys, title inference and merging files into works.
//!
//! Inside, files are read by who made them (`maker`: AO3, FanFicFare,
//! FanFiction.Net, generic), over shared readers for each container
//! (`html`, `epub`, `mobi`, the plain-text parser in `text`).

mod apply;
mod dates;
mod decode;
pub mod epub;
pub mod formats;
mod front;
mod header;
mod headings;
pub mod html;
pub mod inputs;
mod labels;
mod lists;
mod maker;
mod markdown;
mod matter;
pub mod mobi;
mod paragraphs;
mod parsed;
pub mod recover;
mod repeats;
mod sanitise;
mod text;
mod warnings;

pub use decode::{decode, DecodeError, Decoded};
pub use epub::{parse_epub, parse_epub_with, EpubError, ImageLimits};
pub use formats::{parse_file, Format, FormatError};
pub use html::{parse_html, HtmlError};
pub use mobi::{parse_mobi, MobiError};
pub use parsed::{ParsedChapter, ParsedFile, StatedMeta};
pub use text::{parse_text, TextError};
