//! The query language: parsing a query string into a [`ParsedQuery`].
//!
//! Public items:
//! - [`parse`]: query string → [`ParsedQuery`] or [`crate::SearchError::Query`].
//! - [`limits`]: the largest query accepted (length, nesting, terms).
//! - [`ParsedQuery`], [`Expr`], [`Filter`], [`FilterField`], [`FilterValue`],
//!   [`Sort`], [`SortField`], [`SortOrder`]: the parsed form, for callers
//!   that want to show the active filters (the web UI's chips) or validate a
//!   query before running it.
//!
//! # The language
//!
//! | written | means |
//! | --- | --- |
//! | *(empty)* | every work (browse) |
//! | `dragon "sea glass"` | words and phrases, all required, searched in title (boosted ×3), tags (×2), summary (×1.5), notes and story text; English stemming, accents folded |
//! | `a OR b`, `a AND b`, `NOT a`, `-a`, `( … )` | boolean logic; `OR` binds tighter than `AND`, and items side by side are ANDed |
//! | `rating:teen,general` | any of the values (`,`) |
//! | `tag:angst tag:fluff` | repeated filters are ANDed |
//! | `-warning:"Major Character Death"` | exclusion; quote values with spaces or commas |
//! | `fandom:` `relationship:` `character:` `tag:` `warning:` `category:` `language:` `author:` | wrangled tags: case, spacing, member order and synonyms never matter; a character or relationship member may be a first or last name when it fits one character of the library (`relationship:"Harry/Draco"`) |
//! | `rating:` `status:` | `general teen mature explicit not_rated` (and labels like `PG-13`); `complete in_progress` (or `wip`) |
//! | `words:` `chapters:` | `N`, `>N`, `>=N`, `<N`, `<=N`, `N..M`, `N..`, `..M`; `5k` = 5000 |
//! | `updated:` `published:` | the same forms over dates `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date covers its whole year or month |
//! | `character~:Name` | stated **or suggested** (also `fandom~:` `relationship~:` `warning~:` `rating~:`); plain filters match stated tags only unless [`crate::SearchOptions::include_suggested`] is set |
//! | `sort:words` | `relevance words updated published title chapters`; `-words` or `words:desc` for descending, `words:asc` for ascending; without a direction titles sort A→Z and everything else largest/newest first. Default: relevance for text queries, `updated` (newest first) for browsing |
//!
//! Filter names also accept plurals (`tags:`, `fandoms:`); `AND`, `OR` and
//! `NOT` are operators only in capitals.
//!
//! ```
//! use ficshelf_search::query::{parse, Expr, FilterField, SortField};
//! let q = parse(r#"rating:teen,general -warning:"Major Character Death" words:>5000 sort:updated dragon"#)?;
//! assert_eq!(q.sort.map(|s| s.field), Some(SortField::Updated));
//! let Some(Expr::And(parts)) = &q.expr else { panic!() };
//! assert_eq!(parts.len(), 4);
//! assert!(matches!(&parts[3], Expr::Text(word) if word == "dragon"));
//!
//! let err = parse("ratin:teen").unwrap_err();
//! assert_eq!(err.to_string(), r#"unknown filter "ratin" at column 1: ratin:teen (did you mean rating?)"#);
//! # Ok::<(), ficshelf_search::SearchError>(())
//! ```

mod ast;
pub(crate) mod build;
pub mod limits;
mod parser;
mod resolve;
pub(crate) mod values;

pub use ast::{Expr, Filter, FilterField, FilterValue, ParsedQuery, Sort, SortField, SortOrder};
pub use parser::parse;

#[cfg(test)]
mod tests;
