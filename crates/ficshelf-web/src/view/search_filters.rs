//! The search page's sidebar: a sort menu with every sort the query
//! language has, and the facets of the whole result set (exact counts) as
//! links that add a filter to the query (`fandom:"Star Trek"`) or exclude it
//! (`-fandom:"Star Trek"`), so that every refinement stays a query the reader
//! can read and edit.

use super::listing::OptionView;
use ficshelf_library::SearchResults;
use ficshelf_model::{Rating, Status};
use ficshelf_search::query::{SortField, SortOrder};
use serde::Serialize;

/// One value of a facet with its count and the two refined searches.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FacetLinkView {
    pub(crate) label: String,
    pub(crate) count: u64,
    /// The search with this value required.
    pub(crate) include: String,
    /// The search with this value excluded.
    pub(crate) exclude: String,
}

/// One facet of the results.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchFacetView {
    pub(crate) label: &'static str,
    pub(crate) links: Vec<FacetLinkView>,
}

/// Everything the search sidebar shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchFiltersView {
    /// The query as typed, for the sort form.
    pub(crate) query: String,
    pub(crate) sort: Vec<OptionView>,
    pub(crate) facets: Vec<SearchFacetView>,
}

/// The menu label of a sort.
fn sort_label(field: SortField) -> &'static str {
    match field {
        SortField::Relevance => "Best match",
        SortField::Updated => "Date updated",
        SortField::Published => "Date published",
        SortField::Words => "Word count",
        SortField::Chapters => "Chapters",
        SortField::Title => "Title",
    }
}

/// The sort a reader picked from the menu (`sort=words`), if it is one.
pub(crate) fn sort_param(value: &str) -> Option<SortField> {
    SortField::ALL.into_iter().find(|f| f.as_str() == value)
}

impl SearchFiltersView {
    /// The sidebar for `query` (run as sorted by `sorted`), with facets of
    /// `results`; `link` makes the URL of a search for a query.
    pub(crate) fn new(
        query: &str,
        sorted: SortField,
        results: &SearchResults,
        link: impl Fn(&str) -> String,
    ) -> SearchFiltersView {
        let sort = SortField::ALL
            .into_iter()
            .map(|field| OptionView {
                value: field.as_str().to_string(),
                label: sort_label(field).to_string(),
                count: None,
                selected: field == sorted,
                id: format!("search-sort-{}", field.as_str()),
            })
            .collect();
        let f = &results.facets;
        let rating_label =
            |value: &str| Rating::from_machine_name(value).map(|r| r.display_name().to_string());
        let status_label = |value: &str| {
            Status::from_machine_name(value).map(|s| match s {
                Status::Complete => "Complete".to_string(),
                Status::InProgress => "In progress".to_string(),
            })
        };
        let facets = [
            (
                "Ratings",
                "rating",
                &f.rating,
                Some(&rating_label as &dyn Fn(&str) -> Option<String>),
            ),
            ("Warnings", "warning", &f.warning, None),
            ("Categories", "category", &f.category, None),
            ("Fandoms", "fandom", &f.fandom.values, None),
            (
                "Relationships",
                "relationship",
                &f.relationship.values,
                None,
            ),
            ("Characters", "character", &f.character.values, None),
            ("Additional Tags", "tag", &f.tag.values, None),
            ("Languages", "language", &f.language, None),
            (
                "Completion status",
                "status",
                &f.status,
                Some(&status_label),
            ),
        ]
        .into_iter()
        .filter_map(|(label, field, counts, display)| {
            let values: Vec<FacetLinkView> = counts
                .0
                .iter()
                // The language has no escape for a quote inside a quoted value.
                .filter(|(value, _)| !value.contains('"') && !value.trim().is_empty())
                .map(|(value, count)| {
                    let filter = format!("{field}:\"{value}\"");
                    FacetLinkView {
                        label: display
                            .and_then(|d| d(value))
                            .unwrap_or_else(|| value.clone()),
                        count: *count,
                        include: link(&format!("{query} {filter}")),
                        exclude: link(&format!("{query} -{filter}")),
                    }
                })
                .collect();
            (!values.is_empty()).then_some(SearchFacetView {
                label,
                links: values,
            })
        })
        .collect();
        SearchFiltersView {
            query: query.to_string(),
            sort,
            facets,
        }
    }
}

/// `query` with `sort` added, unless the query states its own `sort:`
/// (which wins: it is what the reader wrote).
pub(crate) fn with_sort(query: &str, sort: Option<SortField>) -> String {
    let states_sort = ficshelf_search::query::parse(query).is_ok_and(|q| q.sort.is_some());
    match sort {
        Some(field) if !states_sort => {
            let order = match field.default_order() {
                SortOrder::Asc => "asc",
                SortOrder::Desc => "desc",
            };
            format!("{query} sort:{}:{order}", field.as_str())
        }
        _ => query.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picked_sort_joins_the_query_unless_it_has_one() {
        assert_eq!(
            with_sort("dragon", Some(SortField::Words)),
            "dragon sort:words:desc"
        );
        assert_eq!(
            with_sort("dragon", Some(SortField::Title)),
            "dragon sort:title:asc"
        );
        assert_eq!(
            with_sort("dragon sort:title", Some(SortField::Words)),
            "dragon sort:title"
        );
        assert_eq!(with_sort("dragon", None), "dragon");
        assert_eq!(sort_param("chapters"), Some(SortField::Chapters));
        assert_eq!(sort_param("bogus"), None);
    }
}
