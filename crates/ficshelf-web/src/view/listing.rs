//! The listing's filter form and page links.

use crate::browse::{Counts, Facet, Page, SortOrder, WorkQuery};
use crate::urlencode::join_pairs;
use ficshelf_model::{Rating, Status};
use serde::Serialize;

/// One option of a menu, checkbox group or radio group.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OptionView {
    /// The submitted value.
    pub(crate) value: String,
    pub(crate) label: String,
    /// How many of the listed works have it; `None` where a count means nothing.
    pub(crate) count: Option<usize>,
    /// Checked or selected in the current query.
    pub(crate) selected: bool,
    /// A unique, HTML-safe id for the control.
    pub(crate) id: String,
}

/// The include and exclude controls of one facet.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FacetView {
    pub(crate) label: &'static str,
    /// Query key to include a value (`fandom`).
    pub(crate) key: &'static str,
    /// Query key to exclude a value (`exclude_fandom`).
    pub(crate) exclude_key: &'static str,
    /// Values already included, shown as checked boxes.
    pub(crate) included: Vec<OptionView>,
    /// Values already excluded, shown as checked boxes.
    pub(crate) excluded: Vec<OptionView>,
    /// Values of the listed works not yet chosen, most common first.
    pub(crate) options: Vec<OptionView>,
}

/// Everything the filter sidebar shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FiltersView {
    pub(crate) text: String,
    pub(crate) sort: Vec<OptionView>,
    pub(crate) ratings: Vec<OptionView>,
    pub(crate) statuses: Vec<OptionView>,
    /// True when no status is chosen (the "Any" radio button).
    pub(crate) any_status: bool,
    pub(crate) words_from: Option<u64>,
    pub(crate) words_to: Option<u64>,
    pub(crate) facets: Vec<FacetView>,
    pub(crate) active: bool,
}

impl FiltersView {
    /// The form for `query`, with counts over the works it matched.
    /// Ratings above `max_rating` are not offered.
    pub(crate) fn new(
        query: &WorkQuery,
        counts: &Counts,
        max_rating: Option<Rating>,
    ) -> FiltersView {
        let sort = SortOrder::ALL
            .into_iter()
            .map(|order| OptionView {
                value: order.key().to_string(),
                label: order.label().to_string(),
                count: None,
                selected: query.sort == order,
                id: format!("sort-{}", order.key()),
            })
            .collect();
        let ratings = counts
            .ratings
            .iter()
            .filter(|(rating, _)| max_rating.is_none_or(|max| *rating <= max))
            .map(|(rating, count)| OptionView {
                value: rating.as_str().to_string(),
                label: rating.display_name().to_string(),
                count: Some(*count),
                selected: query.ratings.contains(rating),
                id: format!("rating-{}", rating.as_str()),
            })
            .collect();
        let statuses = counts
            .statuses
            .iter()
            .map(|(status, count)| OptionView {
                value: status.as_str().to_string(),
                label: match status {
                    Status::Complete => "Complete works only",
                    Status::InProgress => "Works in progress only",
                }
                .to_string(),
                count: Some(*count),
                selected: query.status == Some(*status),
                id: format!("status-{}", status.as_str()),
            })
            .collect();
        FiltersView {
            text: query.text.clone(),
            sort,
            ratings,
            statuses,
            any_status: query.status.is_none(),
            words_from: query.words_min,
            words_to: query.words_max,
            facets: Facet::ALL
                .into_iter()
                .map(|facet| facet_view(facet, query, counts))
                .collect(),
            active: query.is_filtered(),
        }
    }
}

fn facet_view(facet: Facet, query: &WorkQuery, counts: &Counts) -> FacetView {
    let chosen = |value: &str| {
        query
            .included(facet)
            .chain(query.excluded(facet))
            .any(|c| c.to_lowercase() == value.to_lowercase())
    };
    let checked = |values: Vec<&str>, prefix: &str| -> Vec<OptionView> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| OptionView {
                value: value.to_string(),
                label: value.to_string(),
                count: Some(counts.facet_count(facet, value)),
                selected: true,
                id: format!("{prefix}-{}-{i}", facet.key()),
            })
            .collect()
    };
    FacetView {
        label: facet.label(),
        key: facet.key(),
        exclude_key: facet.exclude_key(),
        included: checked(query.included(facet).collect(), "include"),
        excluded: checked(query.excluded(facet).collect(), "exclude"),
        options: counts
            .facet(facet)
            .iter()
            .filter(|c| !chosen(&c.value))
            .enumerate()
            .map(|(i, c)| OptionView {
                value: c.value.clone(),
                label: c.value.clone(),
                count: Some(c.count),
                selected: false,
                id: format!("option-{}-{i}", facet.key()),
            })
            .collect(),
    }
}

/// A link to one page of the listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
}

/// Previous, next and numbered page links. Long runs of pages are elided:
/// the first, the last and two on each side of the current page remain.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Pagination {
    pub(crate) number: usize,
    pub(crate) pages: usize,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    /// `None` entries are gaps (`…`).
    pub(crate) links: Vec<Option<PageLink>>,
}

impl Pagination {
    pub(crate) fn new(path: &str, query: &WorkQuery, page: &Page) -> Pagination {
        let base = query.to_pairs();
        let url = |number: usize| {
            let mut pairs: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let number_text = number.to_string();
            if number > 1 {
                pairs.push(("page", &number_text));
            }
            let query = join_pairs(pairs);
            if query.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{query}")
            }
        };
        let mut links = Vec::new();
        for number in 1..=page.pages {
            let near = number.abs_diff(page.number) <= 2;
            if number == 1 || number == page.pages || near {
                links.push(Some(PageLink {
                    number,
                    url: url(number),
                    current: number == page.number,
                }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Pagination {
            number: page.number,
            pages: page.pages,
            previous: (page.number > 1).then(|| url(page.number - 1)),
            next: (page.number < page.pages).then(|| url(page.number + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_search::{FacetCounts, Facets};

    #[test]
    fn page_links_keep_the_query() {
        let query = WorkQuery {
            text: "a b".into(),
            page: 5,
            ..WorkQuery::default()
        };
        let page = Page {
            works: Vec::new(),
            number: 5,
            pages: 10,
            total: 200,
        };
        let p = Pagination::new("/works", &query, &page);
        assert_eq!(p.previous.as_deref(), Some("/works?q=a%20b&page=4"));
        assert_eq!(p.next.as_deref(), Some("/works?q=a%20b&page=6"));
        let numbers: Vec<Option<usize>> = p
            .links
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        let first = Pagination::new("/works", &WorkQuery::default(), &Page { number: 2, ..page });
        assert_eq!(first.previous.as_deref(), Some("/works"));
    }

    #[test]
    fn chosen_values_leave_the_menu() {
        let mut facets = Facets {
            rating: FacetCounts(vec![("mature".into(), 1)]),
            ..Facets::default()
        };
        facets.tag.values = FacetCounts(vec![("Angst".into(), 1), ("Fluff".into(), 1)]);
        let counts = Counts::from_facets(&facets);
        let query = WorkQuery {
            include: vec![(Facet::Tag, "fluff".into())],
            ..WorkQuery::default()
        };
        let view = FiltersView::new(&query, &counts, Some(Rating::Mature));
        let tags = &view.facets[Facet::ALL
            .iter()
            .position(|f| *f == Facet::Tag)
            .expect("tag facet")];
        assert_eq!(tags.included[0].count, Some(1));
        assert_eq!(tags.options.len(), 1);
        assert_eq!(tags.options[0].value, "Angst");
        assert_eq!(view.ratings.len(), 3);
        assert!(view.active);
    }
}
