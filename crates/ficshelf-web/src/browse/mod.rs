//! The listing's filter form: the filters a reader sets, the sort order and
//! the pages, turned into the search engine's parsed query
//! ([`WorkQuery::parsed`]); and the counts shown beside each option, read
//! from the engine's facets ([`Counts::from_facets`]).
//!
//! Nothing here knows about HTTP. The OPDS feeds and the JSON API still
//! filter the works snapshot in memory ([`WorkQuery::matches`], [`select`]).
//!
//! Public items:
//! - [`WorkQuery`]: text search, ratings, status, word range, included and
//!   excluded fandoms, relationships, characters and tags, sort and page.
//! - [`Facet`], [`SortOrder`]: the tag kinds a query can filter on, and the orders.
//! - [`select`], [`sort`]: the works a query matches, in its order.
//! - [`Counts`]: how many of the matched works have each rating, status and
//!   tag, for the counts shown next to each filter option.
//! - [`Page`], [`paginate`], [`PAGE_SIZE`].

mod counts;
mod query;
mod select;

pub use counts::{Counts, FacetCount};
pub use query::{Facet, SortOrder, WorkQuery};
pub use select::{paginate, select, sort, Page, PAGE_SIZE};
