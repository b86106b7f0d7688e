//! The Ficshelf domain model: works, chapters, ratings and the JSON contract.
//!
//! This crate does no IO. Everything else in Ficshelf speaks in these types:
//! the ingest crate produces them from files, the store persists them, the
//! library, CLI and web read them.
//!
//! Public items:
//! - [`Work`], [`Chapter`], [`Notes`], [`Source`]: a recovered work.
//! - [`Suggested`] with [`Evidence`], [`TextStats`], [`ChapterSuggested`]:
//!   what text analysis suggests, never mixed with stated fields.
//! - [`Rating`] (AO3's scale, with [`Rating::from_label`] mapping other archives'
//!   labels) and [`Status`].
//! - [`ChapterBody`]: story text as paragraphs and scene breaks, rendered to
//!   plain text or sanitised HTML.
//! - [`count_words`]: the one word count used everywhere.
//! - [`html_to_text`]: plain text of the sanitised HTML in [`Block::Html`].
//! - [`language_tag`] and [`language_name`]: languages as works state them
//!   and as tags.
//! - [`Asset`]: an image kept with a work; [`map_asset_images`] and
//!   [`asset_refs`] read the `asset:` references in stored HTML.
//!
//! ```
//! use ficshelf_model::{Rating, count_words};
//! assert_eq!(Rating::from_label("NC-17"), Some(Rating::Explicit));
//! assert_eq!(count_words("Don't panic, Arthur."), 3);
//! ```

mod asset;
mod body;
mod html_text;
mod language;
mod rating;
mod suggested;
mod words;
mod work;

pub use asset::{asset_refs, is_asset_sha, map_asset_images, Asset, ASSET_SCHEME};
pub use body::{escape_html_into, Block, ChapterBody, SCENE_BREAK_TEXT};
pub use html_text::html_to_text;
pub use language::{language_name, language_tag};
pub use rating::{Rating, Status};
pub use suggested::{ChapterSuggested, Evidence, NameCount, Suggested, TextStats};
pub use words::count_words;
pub use work::{Chapter, Field, Notes, Source, Work, WorkSummary};
