//! Taking works away: EPUB 3 (with an EPUB 2 NCX), one self-contained HTML
//! page, plain text the importer reads back, JSON; and OPDS 1.2 catalog
//! feeds for e-reader apps.
//!
//! Every writer streams into a `std::io::Write` (EPUB needs `Write + Seek`
//! only where the zip format does) and takes the work, its chapter bodies
//! and (EPUB, HTML) the images they show as arguments: no IO of its own, no
//! temporary files, no subprocess. Images: EPUB stores them as manifest
//! items, HTML inlines them as `data:` URIs, TXT and JSON leave them out
//! (JSON keeps the `asset:` references in the chapter HTML).
//!
//! Public items:
//! - [`Format`] (`epub`, `html`, `txt`, `json`: extension, media type,
//!   parsing) with [`export`] and [`to_bytes`], which write any format.
//! - The writers: [`write_epub`] (with [`EPUB_FRONT_PAGES`], the spine
//!   items before its first chapter), [`write_html`], [`write_txt`],
//!   [`write_json`] (and [`work_json`], the JSON value itself).
//! - [`ExportError`], the writers' error.
//! - Helpers every format shares: [`file_name`] and [`slug`] (default file
//!   names), [`series`] and [`Series`] (the `Series` field read as name and
//!   position), [`identifier`] (the book's stable `urn:uuid:`),
//!   [`subjects`] (every tag), [`html_to_xhtml`] and [`escape_xml`].
//! - [`opds`]: OPDS catalog feeds.
//!
//! ```
//! use ficshelf_export::{to_bytes, Format};
//! use ficshelf_model::Work;
//! let epub = to_bytes(Format::Epub, &Work::new("1", "Sea Glass"), &[], &[]).unwrap();
//! assert_eq!(&epub[30..38], b"mimetype");
//! ```

mod epub;
mod error;
mod format;
mod html;
mod images;
mod json;
mod meta;
mod preface;
mod txt;
mod xhtml;

pub mod opds;

pub use epub::{write_epub, EPUB_FRONT_PAGES};
pub use error::ExportError;
pub use format::{export, to_bytes, Format};
pub use html::write_html;
pub use json::{work_json, write_json};
pub use meta::{file_name, identifier, series, slug, subjects, Series};
pub use txt::write_txt;
pub use xhtml::{escape as escape_xml, html_to_xhtml};
