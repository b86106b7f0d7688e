//! A reader's query over the works: parsed from, and written back to,
//! query-string pairs, and turned into the search engine's parsed query.

use ficshelf_model::{Rating, Status};
use ficshelf_search::query::{self as search, Expr, Filter, FilterField, FilterValue, ParsedQuery};

/// A kind of tag a query can include or exclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Warning,
    Fandom,
    Relationship,
    Character,
    Tag,
    Language,
    /// Authors, compared as `author:` compares names (case and spacing aside).
    Author,
}

impl Facet {
    /// Every facet, in the order the filter form shows them.
    pub const ALL: [Facet; 7] = [
        Facet::Warning,
        Facet::Fandom,
        Facet::Relationship,
        Facet::Character,
        Facet::Tag,
        Facet::Language,
        Facet::Author,
    ];

    /// The query key that includes a value (`fandom=…`).
    pub fn key(self) -> &'static str {
        match self {
            Facet::Warning => "warning",
            Facet::Fandom => "fandom",
            Facet::Relationship => "relationship",
            Facet::Character => "character",
            Facet::Tag => "tag",
            Facet::Language => "language",
            Facet::Author => "author",
        }
    }

    /// The query key that excludes a value (`exclude_fandom=…`).
    pub fn exclude_key(self) -> &'static str {
        match self {
            Facet::Warning => "exclude_warning",
            Facet::Fandom => "exclude_fandom",
            Facet::Relationship => "exclude_relationship",
            Facet::Character => "exclude_character",
            Facet::Tag => "exclude_tag",
            Facet::Language => "exclude_language",
            Facet::Author => "exclude_author",
        }
    }

    /// A heading for the facet, as AO3 names it.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Warning => "Warnings",
            Facet::Fandom => "Fandoms",
            Facet::Relationship => "Relationships",
            Facet::Character => "Characters",
            Facet::Tag => "Additional Tags",
            Facet::Language => "Languages",
            Facet::Author => "Authors",
        }
    }

    /// The search filter on this facet.
    pub fn field(self) -> FilterField {
        match self {
            Facet::Warning => FilterField::Warning,
            Facet::Fandom => FilterField::Fandom,
            Facet::Relationship => FilterField::Relationship,
            Facet::Character => FilterField::Character,
            Facet::Tag => FilterField::Tag,
            Facet::Language => FilterField::Language,
            Facet::Author => FilterField::Author,
        }
    }
}

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Most recently updated first (the published date stands in for a
    /// missing update date); undated works last, highest id first.
    #[default]
    Updated,
    /// By title, A to Z, ignoring case.
    Title,
    /// Longest first.
    Words,
    /// Most recently first published first; works stating no date last.
    Published,
    /// Most chapters first.
    Chapters,
}

impl SortOrder {
    /// Every order, as the sort menu lists them.
    pub const ALL: [SortOrder; 5] = [
        SortOrder::Updated,
        SortOrder::Published,
        SortOrder::Title,
        SortOrder::Words,
        SortOrder::Chapters,
    ];

    /// The query value (`sort=title`).
    pub fn key(self) -> &'static str {
        match self {
            SortOrder::Updated => "updated",
            SortOrder::Title => "title",
            SortOrder::Words => "words",
            SortOrder::Published => "published",
            SortOrder::Chapters => "chapters",
        }
    }

    /// A label for the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Updated => "Date updated",
            SortOrder::Title => "Title",
            SortOrder::Words => "Word count",
            SortOrder::Published => "Date published",
            SortOrder::Chapters => "Chapters",
        }
    }

    /// The search engine's sort for this order.
    pub fn search_sort(self) -> search::Sort {
        let field = match self {
            SortOrder::Updated => search::SortField::Updated,
            SortOrder::Title => search::SortField::Title,
            SortOrder::Words => search::SortField::Words,
            SortOrder::Published => search::SortField::Published,
            SortOrder::Chapters => search::SortField::Chapters,
        };
        search::Sort::new(field, field.default_order())
    }

    /// Parses [`SortOrder::key`] back.
    pub fn from_key(key: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|order| order.key() == key)
    }
}

/// What a reader asked to see. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkQuery {
    /// Case-insensitive text searched in titles, authors, summaries and tags.
    pub text: String,
    /// Ratings to keep; empty keeps all.
    pub ratings: Vec<Rating>,
    /// Completion status to keep.
    pub status: Option<Status>,
    /// Values a work must all have (compared ignoring case).
    pub include: Vec<(Facet, String)>,
    /// Values a work must have none of.
    pub exclude: Vec<(Facet, String)>,
    pub words_min: Option<u64>,
    pub words_max: Option<u64>,
    pub sort: SortOrder,
    /// 1-based page number.
    pub page: usize,
}

impl WorkQuery {
    /// Reads a query from decoded query-string pairs. Unknown keys, empty
    /// values and values that do not parse are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> WorkQuery {
        let mut query = WorkQuery {
            page: 1,
            ..WorkQuery::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "q" => query.text = value.to_string(),
                "rating" => {
                    if let Some(rating) = Rating::from_machine_name(value) {
                        if !query.ratings.contains(&rating) {
                            query.ratings.push(rating);
                        }
                    }
                }
                "status" => query.status = Status::from_machine_name(value),
                // A bound that is not a number is ignored, like any other
                // value the form could not have produced.
                "words_from" => query.words_min = parse_count(value).or(query.words_min),
                "words_to" => query.words_max = parse_count(value).or(query.words_max),
                "sort" => query.sort = SortOrder::from_key(value).unwrap_or_default(),
                "page" => query.page = value.parse().unwrap_or(1).max(1),
                _ => query.push_facet(key, value),
            }
        }
        query
    }

    fn push_facet(&mut self, key: &str, value: &str) {
        for facet in Facet::ALL {
            let list = if key == facet.key() {
                &mut self.include
            } else if key == facet.exclude_key() {
                &mut self.exclude
            } else {
                continue;
            };
            let entry = (facet, value.to_string());
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
    }

    /// The query as pairs, without the page: the base of pagination links.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        for rating in &self.ratings {
            pairs.push(("rating", rating.as_str().to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_string()));
        }
        for (facet, value) in &self.include {
            pairs.push((facet.key(), value.clone()));
        }
        for (facet, value) in &self.exclude {
            pairs.push((facet.exclude_key(), value.clone()));
        }
        if let Some(min) = self.words_min {
            pairs.push(("words_from", min.to_string()));
        }
        if let Some(max) = self.words_max {
            pairs.push(("words_to", max.to_string()));
        }
        if self.sort != SortOrder::default() {
            pairs.push(("sort", self.sort.key().to_string()));
        }
        pairs
    }

    /// Whether anything but the sort order and page narrows the listing.
    pub fn is_filtered(&self) -> bool {
        !self.text.is_empty()
            || !self.ratings.is_empty()
            || self.status.is_some()
            || !self.include.is_empty()
            || !self.exclude.is_empty()
            || self.words_min.is_some()
            || self.words_max.is_some()
    }

    /// The values included for one facet.
    pub fn included(&self, facet: Facet) -> impl Iterator<Item = &str> {
        self.include
            .iter()
            .filter(move |(f, _)| *f == facet)
            .map(|(_, value)| value.as_str())
    }

    /// The values excluded for one facet.
    pub fn excluded(&self, facet: Facet) -> impl Iterator<Item = &str> {
        self.exclude
            .iter()
            .filter(move |(f, _)| *f == facet)
            .map(|(_, value)| value.as_str())
    }

    /// The query as the search engine takes it: the text in the query
    /// language, ANDed with one filter per form field. Values go into the
    /// filters as they are, so a tag containing `"` or `,` is one value.
    /// Fails with the parser's message when the text does not parse.
    pub fn parsed(&self) -> Result<ParsedQuery, ficshelf_search::SearchError> {
        let mut parts = Vec::new();
        if !self.text.is_empty() {
            let text = search::parse(&self.text)?;
            parts.extend(text.expr);
        }
        let filter = |field, values: Vec<FilterValue>| {
            Expr::Filter(Filter {
                field,
                suggested: false,
                values,
            })
        };
        if !self.ratings.is_empty() {
            let ratings = self
                .ratings
                .iter()
                .map(|r| FilterValue::Rating(*r))
                .collect();
            parts.push(filter(FilterField::Rating, ratings));
        }
        if let Some(status) = self.status {
            parts.push(filter(
                FilterField::Status,
                vec![FilterValue::Status(status)],
            ));
        }
        if self.words_min.is_some() || self.words_max.is_some() {
            let range = FilterValue::Range {
                min: self.words_min.unwrap_or(0),
                max: self.words_max.unwrap_or(u64::MAX),
            };
            parts.push(filter(FilterField::Words, vec![range]));
        }
        for (facet, value) in &self.include {
            parts.push(filter(
                facet.field(),
                vec![FilterValue::Text(value.clone())],
            ));
        }
        for (facet, value) in &self.exclude {
            let excluded = filter(facet.field(), vec![FilterValue::Text(value.clone())]);
            parts.push(Expr::Not(Box::new(excluded)));
        }
        let expr = match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Expr::And(parts)),
        };
        Ok(ParsedQuery {
            expr,
            sort: Some(self.sort.search_sort()),
        })
    }
}

/// A word count as a reader types it: digits, optionally grouped with `,`
/// or `_` (`10,000`).
fn parse_count(value: &str) -> Option<u64> {
    let digits: String = value.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().map_or(Some(u64::MAX), Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> WorkQuery {
        let pairs = crate::urlencode::parse_pairs(query);
        WorkQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn parses_and_writes_back() {
        let query = parse("q=pilot&rating=teen&rating=bogus&fandom=Star+Trek&exclude_tag=Angst&words_from=100&words_to=&sort=title&page=3");
        assert_eq!(query.text, "pilot");
        assert_eq!(query.ratings, vec![Rating::Teen]);
        assert_eq!(
            query.include,
            vec![(Facet::Fandom, "Star Trek".to_string())]
        );
        assert_eq!(query.exclude, vec![(Facet::Tag, "Angst".to_string())]);
        assert_eq!((query.words_min, query.words_max), (Some(100), None));
        assert_eq!((query.sort, query.page), (SortOrder::Title, 3));
        let again = WorkQuery::from_pairs(query.to_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(again, WorkQuery { page: 1, ..query });
        assert_eq!(parse("page=0").page, 1);
    }

    #[test]
    fn form_fields_become_filters_whatever_they_contain() {
        let query = parse("q=pilot&rating=teen&status=complete&fandom=A%22%2C+B&exclude_tag=x%29+OR+y&words_to=10");
        let parsed = query.parsed().expect("parses");
        let Some(Expr::And(parts)) = parsed.expr else {
            panic!("{parsed:?}")
        };
        let text = |f: &Filter| match f.values.as_slice() {
            [FilterValue::Text(t)] => t.clone(),
            other => panic!("{other:?}"),
        };
        assert!(matches!(&parts[0], Expr::Text(word) if word == "pilot"));
        assert!(
            matches!(&parts[4], Expr::Filter(f) if f.field == FilterField::Fandom && text(f) == "A\", B")
        );
        assert!(
            matches!(&parts[5], Expr::Not(inner) if matches!(&**inner, Expr::Filter(f) if text(f) == "x) OR y"))
        );
        assert!(
            matches!(&parts[3], Expr::Filter(f) if f.values == [FilterValue::Range { min: 0, max: 10 }])
        );
        assert_eq!(
            parsed.sort.map(|s| s.field),
            Some(search::SortField::Updated)
        );
        assert!(parse("q=%22unclosed").parsed().is_err());
        assert_eq!(parse("sort=title").parsed().expect("parses").expr, None);
    }
}
