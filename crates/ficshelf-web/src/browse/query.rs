//! A reader's query over the works: parsed from, and written back to,
//! query-string pairs.

use ficshelf_model::{Rating, Status, Work};

/// A kind of tag a query can include or exclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Warning,
    Fandom,
    Relationship,
    Character,
    Tag,
    Language,
}

impl Facet {
    /// Every facet, in the order the filter form shows them.
    pub const ALL: [Facet; 6] = [
        Facet::Warning,
        Facet::Fandom,
        Facet::Relationship,
        Facet::Character,
        Facet::Tag,
        Facet::Language,
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
        }
    }

    /// The work's values for this facet.
    pub fn values(self, work: &Work) -> &[String] {
        match self {
            Facet::Warning => &work.warnings,
            Facet::Fandom => &work.fandoms,
            Facet::Relationship => &work.relationships,
            Facet::Character => &work.characters,
            Facet::Tag => &work.tags,
            Facet::Language => work.language.as_slice(),
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

    /// Whether `work` passes every filter of the query.
    pub fn matches(&self, work: &Work) -> bool {
        if !self.ratings.is_empty() && !self.ratings.contains(&work.rating) {
            return false;
        }
        if self.status.is_some() && work.status != self.status {
            return false;
        }
        if self.words_min.is_some_and(|min| work.words < min)
            || self.words_max.is_some_and(|max| work.words > max)
        {
            return false;
        }
        let has = |facet: Facet, value: &str| {
            facet
                .values(work)
                .iter()
                .any(|v| v.trim().to_lowercase() == value.to_lowercase())
        };
        if !self.include.iter().all(|(facet, value)| has(*facet, value))
            || self.exclude.iter().any(|(facet, value)| has(*facet, value))
        {
            return false;
        }
        self.text.is_empty() || text_matches(work, &self.text.to_lowercase())
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

fn text_matches(work: &Work, needle: &str) -> bool {
    let contains = |text: &str| text.to_lowercase().contains(needle);
    contains(&work.title)
        || work.authors.iter().any(|a| contains(a))
        || work.summary.as_deref().is_some_and(contains)
        || work.tags.iter().any(|t| contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work() -> Work {
        let mut work = Work::new("1", "The Long Way Round");
        work.authors = vec!["Wren".into()];
        work.rating = Rating::Teen;
        work.status = Some(Status::Complete);
        work.words = 5_000;
        work.fandoms = vec!["Star Trek".into()];
        work.tags = vec!["Fluff".into(), "Road Trip".into()];
        work.summary = Some("Two pilots and a broken shuttle.".into());
        work
    }

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
    fn filters() {
        let work = work();
        for (query, want) in [
            ("", true),
            ("q=SHUTTLE", true),
            ("q=wren", true),
            ("q=road+trip", true),
            ("q=klingon", false),
            ("rating=general", false),
            ("rating=general&rating=teen", true),
            ("status=in_progress", false),
            ("status=complete", true),
            ("fandom=star+trek", true),
            ("fandom=Star+Trek&tag=Angst", false),
            ("exclude_tag=fluff", false),
            ("words_from=5000&words_to=5000", true),
            ("words_from=5001", false),
            ("words_to=4999", false),
        ] {
            assert_eq!(parse(query).matches(&work), want, "{query}");
        }
    }
}
