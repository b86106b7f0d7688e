//! The parsed form of a query.

use crate::TagKind;
use ficshelf_model::{Rating, Status};

/// A parsed query: a boolean expression (none for "browse everything") and
/// the sort it asked for, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuery {
    /// The condition a work must meet; `None` matches every work.
    pub expr: Option<Expr>,
    /// The `sort:` given in the query, if any.
    pub sort: Option<Sort>,
}

impl ParsedQuery {
    /// Whether the query contains free text (outside a `NOT`), which makes
    /// relevance the default sort.
    pub fn has_text(&self) -> bool {
        self.expr.as_ref().is_some_and(|e| e.has_positive_text())
    }

    /// Fails as a typed query past a limit of [`super::limits`] would: at
    /// most [`super::limits::MAX_TERMS`] words, phrases and filter values,
    /// nested at most [`super::limits::MAX_NESTING`] deep. For queries built
    /// in parsed form (the parser checks its own as it reads).
    pub fn check_limits(&self) -> Result<(), crate::SearchError> {
        use super::limits::{MAX_NESTING, MAX_TERMS};
        let Some(expr) = &self.expr else {
            return Ok(());
        };
        let (terms, depth) = expr.size();
        let problem = if terms > MAX_TERMS {
            format!("query with {terms} words, phrases and filter values; the limit is {MAX_TERMS}")
        } else if depth > MAX_NESTING {
            format!("query nested {depth} deep; the limit is {MAX_NESTING}")
        } else {
            return Ok(());
        };
        Err(crate::SearchError::query("", 0, "", problem))
    }

    /// The sort to use: the query's own, else relevance for text queries and
    /// most recently updated first for browsing.
    pub fn effective_sort(&self) -> Sort {
        self.sort.unwrap_or(if self.has_text() {
            Sort::new(SortField::Relevance, SortOrder::Desc)
        } else {
            Sort::new(SortField::Updated, SortOrder::Desc)
        })
    }
}

/// A boolean expression over works.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every part must match.
    And(Vec<Expr>),
    /// At least one part must match.
    Or(Vec<Expr>),
    /// The part must not match.
    Not(Box<Expr>),
    /// A word, matched after stemming in title, summary, notes, tags and story text.
    Text(String),
    /// A quoted phrase, matched as consecutive words.
    Phrase(String),
    /// A field filter such as `rating:teen,general`.
    Filter(Filter),
}

impl Expr {
    /// How many words, phrases and filter values, and how deeply nested.
    fn size(&self) -> (usize, usize) {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts
                .iter()
                .map(Expr::size)
                .fold((0, 0), |(terms, depth), (t, d)| (terms + t, depth.max(d))),
            Expr::Not(inner) => {
                let (terms, depth) = inner.size();
                (terms, depth + 1)
            }
            Expr::Text(_) | Expr::Phrase(_) => (1, 0),
            Expr::Filter(filter) => (filter.values.len(), 0),
        }
    }

    fn has_positive_text(&self) -> bool {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(Expr::has_positive_text),
            Expr::Not(_) | Expr::Filter(_) => false,
            Expr::Text(_) | Expr::Phrase(_) => true,
        }
    }
}

/// `field:value,value…` (or `field~:…` to include suggested tags): a work
/// matches when it matches any of the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: FilterField,
    /// Written with `~:`: also match what text analysis suggests.
    pub suggested: bool,
    /// Alternatives; never empty.
    pub values: Vec<FilterValue>,
}

/// One alternative of a [`Filter`].
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    /// A tag, author or language, compared after wrangling.
    Text(String),
    Rating(Rating),
    Status(Status),
    /// An inclusive range. For `updated:`/`published:` the bounds are dates
    /// encoded as the number `YYYYMMDD`.
    Range {
        min: u64,
        max: u64,
    },
}

/// The fields a filter can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterField {
    Rating,
    Warning,
    Category,
    Fandom,
    Relationship,
    Character,
    Tag,
    Author,
    Language,
    Status,
    Words,
    Chapters,
    Updated,
    Published,
}

impl FilterField {
    /// Every field, in the order help texts list them.
    pub const ALL: [FilterField; 14] = [
        FilterField::Rating,
        FilterField::Warning,
        FilterField::Category,
        FilterField::Fandom,
        FilterField::Relationship,
        FilterField::Character,
        FilterField::Tag,
        FilterField::Author,
        FilterField::Language,
        FilterField::Status,
        FilterField::Words,
        FilterField::Chapters,
        FilterField::Updated,
        FilterField::Published,
    ];

    /// The name written before `:`.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterField::Rating => "rating",
            FilterField::Warning => "warning",
            FilterField::Category => "category",
            FilterField::Fandom => "fandom",
            FilterField::Relationship => "relationship",
            FilterField::Character => "character",
            FilterField::Tag => "tag",
            FilterField::Author => "author",
            FilterField::Language => "language",
            FilterField::Status => "status",
            FilterField::Words => "words",
            FilterField::Chapters => "chapters",
            FilterField::Updated => "updated",
            FilterField::Published => "published",
        }
    }

    /// Parses a filter name; plurals (`tags:`, `fandoms:`, `categories:`…) are accepted.
    pub fn from_name(name: &str) -> Option<FilterField> {
        let name = name.to_ascii_lowercase();
        let singular = match name.as_str() {
            "categories" => "category",
            "word" => "words",
            "chapter" => "chapters",
            other => other.strip_suffix('s').unwrap_or(other),
        };
        FilterField::ALL
            .into_iter()
            .find(|f| f.as_str() == name || f.as_str() == singular)
    }

    /// The tag kind this field filters on, for wrangled text fields.
    pub fn tag_kind(self) -> Option<TagKind> {
        Some(match self {
            FilterField::Warning => TagKind::Warning,
            FilterField::Category => TagKind::Category,
            FilterField::Fandom => TagKind::Fandom,
            FilterField::Relationship => TagKind::Relationship,
            FilterField::Character => TagKind::Character,
            FilterField::Tag => TagKind::Tag,
            FilterField::Language => TagKind::Language,
            _ => return None,
        })
    }

    /// Whether `field~:` exists: the work's suggested tags include this field.
    pub fn has_suggestions(self) -> bool {
        matches!(
            self,
            FilterField::Rating
                | FilterField::Warning
                | FilterField::Fandom
                | FilterField::Relationship
                | FilterField::Character
        )
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub field: SortField,
    pub order: SortOrder,
}

impl Sort {
    /// A sort on `field` in `order`.
    pub fn new(field: SortField, order: SortOrder) -> Sort {
        Sort { field, order }
    }
}

/// What results can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Relevance,
    Words,
    Updated,
    Published,
    Title,
    Chapters,
}

impl SortField {
    /// Every sort field.
    pub const ALL: [SortField; 6] = [
        SortField::Relevance,
        SortField::Words,
        SortField::Updated,
        SortField::Published,
        SortField::Title,
        SortField::Chapters,
    ];

    /// The name written after `sort:`.
    pub fn as_str(self) -> &'static str {
        match self {
            SortField::Relevance => "relevance",
            SortField::Words => "words",
            SortField::Updated => "updated",
            SortField::Published => "published",
            SortField::Title => "title",
            SortField::Chapters => "chapters",
        }
    }

    /// The order used when none is given: A→Z for titles, largest or newest first otherwise.
    pub fn default_order(self) -> SortOrder {
        match self {
            SortField::Title => SortOrder::Asc,
            _ => SortOrder::Desc,
        }
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}
