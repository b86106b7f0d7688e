//! How large a query may be.
//!
//! A query is text a stranger can type into a web form, so its size is
//! bounded before any work is done on it: its length, how deeply its
//! parentheses and negations nest (the parser recurses once per level), and
//! how many words, phrases and filter values it holds (each becomes a
//! posting-list scan over every text field). A query past a limit is a
//! [`crate::SearchError::Query`] naming the limit, like any other typo.
//! The time a search may take is bounded separately, by
//! [`crate::SearchOptions::time_limit`].

/// Longest query, in characters. Real queries with a dozen filters stay
/// well under 500.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// Deepest nesting of `( … )`, `NOT` and `-` together.
pub const MAX_NESTING: usize = 32;

/// Most words, quoted phrases and filter values in one query.
pub const MAX_TERMS: usize = 64;
