//! Which works a catalog feed lists: the reader's scope, narrowed to works
//! that need no consent in a catalog entered without it ([`feed_scope`]),
//! and the feed's filters as the search engine's query ([`Selection`]).
//! Feeds never filter works themselves: the engine lists and counts them.

use crate::browse::{Facet, WorkQuery};
use crate::ListingScope;
use ficshelf_model::Rating;
use ficshelf_search::query::{Expr, Filter, FilterField, FilterValue, ParsedQuery};
use ficshelf_search::SearchError;

/// The highest rating a catalog entered without consent lists: General and
/// Teen need none; Mature, Explicit and Not Rated do.
const WITHOUT_CONSENT: Rating = Rating::Teen;

/// `scope`, and only works that need no consent unless the catalog was
/// entered with it (`adult`): what every feed lists and counts.
pub(super) fn feed_scope(scope: ListingScope, adult: bool) -> ListingScope {
    if adult {
        return scope;
    }
    let max_rating = Some(
        scope
            .max_rating
            .map_or(WITHOUT_CONSENT, |max| max.min(WITHOUT_CONSENT)),
    );
    ListingScope {
        max_rating,
        ..scope
    }
}

/// A feed's filters: the listing's ([`WorkQuery`]: `fandom`,
/// `relationship`, `character`, `rating`, …, `page`) plus `author`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Selection {
    pub(super) query: WorkQuery,
    pub(super) author: Option<String>,
}

impl Selection {
    /// Reads the filters from decoded query pairs.
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Selection {
        let query = WorkQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let author = pairs
            .iter()
            .rev()
            .find(|(k, v)| k == "author" && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string());
        Selection { query, author }
    }

    /// The filters as query pairs, without the page.
    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.query.to_pairs();
        if let Some(author) = &self.author {
            pairs.push(("author", author.clone()));
        }
        pairs
    }

    /// The filters as the search engine's query (the author compared as
    /// `author:` compares names). Fails when the text filter does not
    /// parse.
    pub(super) fn parsed(&self) -> Result<ParsedQuery, SearchError> {
        let mut parsed = self.query.parsed()?;
        if let Some(author) = &self.author {
            let filter = Expr::Filter(Filter {
                field: FilterField::Author,
                suggested: false,
                values: vec![FilterValue::Text(author.clone())],
            });
            parsed.expr = Some(match parsed.expr.take() {
                None => filter,
                Some(Expr::And(mut parts)) => {
                    parts.push(filter);
                    Expr::And(parts)
                }
                Some(other) => Expr::And(vec![other, filter]),
            });
        }
        Ok(parsed)
    }

    /// The same filters with no rating filter.
    pub(super) fn without_ratings(&self) -> Selection {
        let mut other = self.clone();
        other.query.ratings.clear();
        other
    }

    /// The same filters with no fandom included.
    pub(super) fn without_fandoms(&self) -> Selection {
        let mut other = self.clone();
        other
            .query
            .include
            .retain(|(facet, _)| *facet != Facet::Fandom);
        other
    }

    /// A title naming the filters ("Star Trek · Kirk/Spock"), or
    /// "Recently updated" when there are none.
    pub(super) fn title(&self) -> String {
        let mut parts: Vec<String> = self
            .query
            .include
            .iter()
            .map(|(_, value)| value.clone())
            .collect();
        parts.extend(
            self.query
                .ratings
                .iter()
                .map(|r| r.display_name().to_string()),
        );
        if let Some(author) = &self.author {
            parts.push(format!("by {author}"));
        }
        if !self.query.text.is_empty() {
            parts.push(format!("“{}”", self.query.text));
        }
        if parts.is_empty() {
            "Recently updated".to_string()
        } else {
            parts.join(" · ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_catalog_without_consent_lists_only_general_and_teen() {
        let open = ListingScope::default();
        assert_eq!(
            feed_scope(open.clone(), false).max_rating,
            Some(Rating::Teen)
        );
        assert_eq!(feed_scope(open, true).max_rating, None);
        let general = ListingScope {
            max_rating: Some(Rating::General),
            ..ListingScope::default()
        };
        assert_eq!(
            feed_scope(general.clone(), false).max_rating,
            Some(Rating::General)
        );
        assert_eq!(feed_scope(general, true).max_rating, Some(Rating::General));
    }

    #[test]
    fn filters_read_write_back_and_become_one_query() {
        let selection = Selection::from_pairs(&pairs(&[
            ("fandom", "Star Trek"),
            ("rating", "teen"),
            ("author", " Wren "),
            ("page", "3"),
        ]));
        assert_eq!(
            selection.title(),
            "Star Trek · Teen And Up Audiences · by Wren"
        );
        assert_eq!(
            selection.without_ratings().without_fandoms().pairs(),
            [("author", "Wren".to_string())]
        );
        let parsed = selection.parsed().expect("parses");
        let Some(Expr::And(parts)) = parsed.expr else {
            panic!("the filters are ANDed: {parsed:?}");
        };
        assert!(parts.iter().any(|part| matches!(
            part,
            Expr::Filter(f) if f.field == FilterField::Author
                && f.values == [FilterValue::Text("Wren".into())]
        )));
        let only_author = Selection::from_pairs(&pairs(&[("author", "Ash")]));
        assert!(matches!(
            only_author.parsed().expect("parses").expr,
            Some(Expr::Filter(f)) if f.field == FilterField::Author
        ));
    }
}
