//! Which works a catalog feed lists: the reader's scope, narrowed to works
//! that need no consent in a catalog entered without it ([`feed_scope`]),
//! and the feed's filters as the search engine's query ([`Selection`]).
//! Feeds never filter works themselves: the engine lists and counts them.

use crate::browse::{Facet, WorkQuery};
use crate::ListingScope;
use ficshelf_model::Rating;
use ficshelf_search::query::ParsedQuery;
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
/// `relationship`, `character`, `author`, `rating`, …, `page`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Selection {
    pub(super) query: WorkQuery,
}

impl Selection {
    /// Reads the filters from decoded query pairs.
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Selection {
        let query = WorkQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Selection { query }
    }

    /// The filters as query pairs, without the page.
    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        self.query.to_pairs()
    }

    /// The filters as the search engine's query. Fails when the text
    /// filter does not parse.
    pub(super) fn parsed(&self) -> Result<ParsedQuery, SearchError> {
        self.query.parsed()
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

    /// A title naming the filters ("Star Trek · Kirk/Spock · by Wren"), or
    /// "Recently updated" when there are none.
    pub(super) fn title(&self) -> String {
        let named = |facet: Facet| {
            self.query
                .include
                .iter()
                .filter(move |(f, _)| *f == facet)
                .map(|(_, value)| value.clone())
        };
        let mut parts: Vec<String> = Facet::ALL
            .into_iter()
            .filter(|facet| *facet != Facet::Author)
            .flat_map(named)
            .collect();
        parts.extend(
            self.query
                .ratings
                .iter()
                .map(|r| r.display_name().to_string()),
        );
        parts.extend(named(Facet::Author).map(|author| format!("by {author}")));
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
    use ficshelf_search::query::{Expr, FilterField, FilterValue};

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
        let only_author = Selection::from_pairs(&pairs(&[("author", "Ash")]));
        assert!(matches!(
            only_author.parsed().expect("parses").expr,
            Some(Expr::Filter(f)) if f.field == FilterField::Author
                && f.values == [FilterValue::Text("Ash".into())]
        ));
    }
}
