//! Choosing which works to list: the filters a reader sets, how many works
//! each option would match, the sort order and the pages.
//!
//! Nothing here knows about the web: the listing page and the JSON API both
//! parse a query string into a [`WorkQuery`] and call [`select`].
//!
//! Public items:
//! - [`WorkQuery`]: text search, ratings, status, word range, included and
//!   excluded fandoms, relationships, characters and tags, sort and page.
//! - [`Facet`], [`SortOrder`]: the tag kinds a query can filter on, and the orders.
//! - [`select`], [`sort`]: the works a query matches, in its order.
//! - [`Counts`], [`count`]: how many of the matched works have each rating,
//!   status and tag, for the counts shown next to each filter option.
//! - [`Page`], [`paginate`], [`PAGE_SIZE`].

mod query;
mod select;

pub use query::{Facet, SortOrder, WorkQuery};
pub use select::{count, paginate, select, sort, Counts, FacetCount, Page, PAGE_SIZE};
