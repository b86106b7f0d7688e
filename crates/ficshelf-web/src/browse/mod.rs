//! The listing's filter form: the filters a reader sets, the sort order and
//! the pages, turned into the search engine's parsed query
//! ([`WorkQuery::parsed`]); and the counts shown beside each option, read
//! from the engine's facets ([`Counts::from_facets`]).
//!
//! Nothing here knows about HTTP, and nothing here filters works: every
//! listing, count and feed is the search engine's.
//!
//! Public items:
//! - [`WorkQuery`]: text search, ratings, status, word range, included and
//!   excluded fandoms, relationships, characters, tags and authors, sort and page.
//! - [`Facet`], [`SortOrder`]: the tag kinds a query can filter on, and the orders.
//! - [`Counts`]: how many of the matched works have each rating, status and
//!   tag, for the counts shown next to each filter option.
//! - [`Page`], [`PAGE_SIZE`].

mod counts;
mod page;
mod query;

pub use counts::{Counts, FacetCount};
pub use page::{Page, PAGE_SIZE};
pub use query::{Facet, SortOrder, WorkQuery};
