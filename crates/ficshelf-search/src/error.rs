//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while indexing or searching.
///
/// [`SearchError::Query`] is the only variant a user can cause by typing; its
/// `Display` points at the offending part of the query so it can be shown as
/// is. The others are operational and carry enough context to be logged.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query could not be parsed.
    ///
    /// `offset` is the byte offset of `fragment` in the query; `Display`
    /// reports it as a 1-based column counted in characters.
    #[error("{}", QueryErrorDisplay { message, column: *column, fragment, hint: hint.as_deref() })]
    Query {
        /// What is wrong, e.g. `unknown filter "ratin"`.
        message: String,
        /// Byte offset of `fragment` in the query string.
        offset: usize,
        /// 1-based column (in characters) of `fragment`, for display.
        column: usize,
        /// The part of the query that is wrong, e.g. `ratin:teen`.
        fragment: String,
        /// A suggestion, e.g. `did you mean rating?`.
        hint: Option<String>,
    },

    /// A search ran past [`crate::SearchOptions::time_limit`] and was
    /// stopped; a narrower query (fewer common words and phrases, more
    /// filters) finishes sooner.
    #[error("the search was stopped after its time limit of {limit:?}; try fewer or rarer words")]
    TimeLimit {
        /// The limit it ran past.
        limit: std::time::Duration,
    },

    /// The index on disk was written by another schema version of this crate
    /// (or is damaged); it must be deleted and rebuilt from the store, for
    /// example with [`crate::SearchIndex::recreate`] followed by a reindex.
    #[error("search index at {} needs a rebuild: {reason}", dir.display())]
    RebuildNeeded {
        /// The index directory.
        dir: PathBuf,
        /// Why, e.g. `schema version 1 on disk, 2 expected`.
        reason: String,
    },

    /// Another [`crate::IndexBatch`] (in this process or another one) holds
    /// the index's writer lock.
    #[error("the search index is being written by another process or batch")]
    WriterBusy,

    /// A work's id is not a decimal integer.
    #[error("work id {id:?} is not a decimal integer")]
    BadWorkId {
        /// The id as given.
        id: String,
    },

    /// `upsert_work` was given a different number of chapter bodies than the
    /// work has chapters.
    #[error("work {id} has {chapters} chapters but {bodies} chapter bodies were given")]
    ChapterCount {
        /// The work's id.
        id: String,
        /// `work.chapters.len()`.
        chapters: usize,
        /// Number of bodies given.
        bodies: usize,
    },

    /// The synonyms file could not be read or is not valid.
    #[error("synonyms file {}: {message}", path.as_ref().map_or_else(|| "<string>".to_string(), |p| p.display().to_string()))]
    Synonyms {
        /// The file, `None` when parsed from a string.
        path: Option<PathBuf>,
        /// What is wrong.
        message: String,
    },

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The index's commit payload is not one this crate wrote.
    #[error("unreadable commit payload {payload:?}: {message}")]
    Payload {
        /// The payload as stored.
        payload: String,
        /// Why it could not be read.
        message: String,
    },

    /// An error from the search engine.
    #[error(transparent)]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(err: tantivy::TantivyError) -> SearchError {
        match err {
            tantivy::TantivyError::LockFailure(..) => SearchError::WriterBusy,
            other => SearchError::Tantivy(other),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(err: tantivy::directory::error::OpenDirectoryError) -> SearchError {
        SearchError::Tantivy(err.into())
    }
}

impl From<tantivy::directory::error::OpenReadError> for SearchError {
    fn from(err: tantivy::directory::error::OpenReadError) -> SearchError {
        SearchError::Tantivy(err.into())
    }
}

/// Reading index files (term dictionaries, postings) failed.
impl From<std::io::Error> for SearchError {
    fn from(err: std::io::Error) -> SearchError {
        SearchError::Tantivy(err.into())
    }
}

impl SearchError {
    /// Builds a [`SearchError::Query`] for `fragment` found at byte `offset`
    /// of `query`.
    pub(crate) fn query(
        query: &str,
        offset: usize,
        fragment: &str,
        message: impl Into<String>,
    ) -> SearchError {
        let offset = offset.min(query.len());
        let column = query
            .get(..offset)
            .map_or(offset, |before| before.chars().count())
            + 1;
        SearchError::Query {
            message: message.into(),
            offset,
            column,
            fragment: fragment.to_string(),
            hint: None,
        }
    }

    /// Adds a hint to a [`SearchError::Query`]; other variants are returned unchanged.
    pub(crate) fn with_hint(mut self, new_hint: impl Into<String>) -> SearchError {
        if let SearchError::Query { hint, .. } = &mut self {
            *hint = Some(new_hint.into());
        }
        self
    }

    /// Wraps an IO error with the path it happened on.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> SearchError {
        SearchError::Io {
            path: path.into(),
            source,
        }
    }
}

struct QueryErrorDisplay<'a> {
    message: &'a str,
    column: usize,
    fragment: &'a str,
    hint: Option<&'a str>,
}

impl fmt::Display for QueryErrorDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)?;
        if !self.fragment.is_empty() {
            write!(f, ": {}", self.fragment)?;
        }
        if let Some(hint) = self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_error_points_at_the_fragment() {
        let err = SearchError::query(
            "dragon ratin:teen",
            7,
            "ratin:teen",
            "unknown filter \"ratin\"",
        )
        .with_hint("did you mean rating?");
        assert_eq!(
            err.to_string(),
            "unknown filter \"ratin\" at column 8: ratin:teen (did you mean rating?)"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let err = SearchError::query("café \"x", 6, "\"x", "unclosed quote");
        assert_eq!(err.to_string(), "unclosed quote at column 6: \"x");
    }
}
