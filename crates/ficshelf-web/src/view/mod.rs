//! What templates see: works, chapters and filter forms turned into plain,
//! serialisable values (formatted numbers, badge labels, ready-made links).
//!
//! Items (crate-private):
//! - [`WorkView`], [`ChapterText`] (with their badges, tag links and chapter links):
//!   a work's preface, blurb and chapters.
//! - [`FiltersView`], [`Pagination`]: the listing's filter form and page links.
//! - [`SearchFiltersView`]: the search page's sort menu and facet links.
//! - [`Layout`]: what every page's frame needs.
//! - [`thousands`]: `12345` → `12,345`.
//! - [`monologue_of`] and the `monologue` module: the paragraphs analysis
//!   reads as interior monologue, marked in the chapter text.
//! - [`without_server_paths`], [`withhold_adult_text`]: what of a work
//!   anyone may see (source file names, not server paths; an adult work's
//!   blurb without its notes until the reader agrees).

mod fields;
mod format;
mod listing;
mod monologue;
mod public;
mod search_filters;
mod work;

pub(crate) use format::thousands;
pub(crate) use listing::{FiltersView, Pagination};
pub(crate) use monologue::{chapter_html, monologue_of};
pub(crate) use public::{withhold_adult_text, without_server_paths};
pub(crate) use search_filters::{sort_param, with_sort, SearchFiltersView};
pub(crate) use work::{chapter_heading, ChapterText, WorkView};

use crate::assets;
use ficshelf_model::Rating;
use serde::Serialize;

/// What the page frame (`base.html`) needs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Layout {
    pub(crate) stylesheet: String,
    pub(crate) script: String,
    /// The rating limit's display name, when one is set.
    pub(crate) rating_limit: Option<&'static str>,
}

impl Layout {
    pub(crate) fn new(max_rating: Option<Rating>) -> Layout {
        Layout {
            stylesheet: assets::stylesheet().url(),
            script: assets::script().url(),
            rating_limit: max_rating.map(Rating::display_name),
        }
    }
}
