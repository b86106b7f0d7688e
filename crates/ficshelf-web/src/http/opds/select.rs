//! Which works a catalog feed lists: the works a reader may see (adult
//! works only in a catalog entered with consent), narrowed by the feed's
//! filters, and the tallies of tag values behind navigation feeds and facets.

use crate::browse::{sort, Facet, WorkQuery};
use ficshelf_model::{Rating, Work};
use std::collections::HashMap;

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

    /// Whether `work` passes every filter.
    pub(super) fn matches(&self, work: &Work) -> bool {
        self.query.matches(work)
            && self
                .author
                .as_deref()
                .is_none_or(|author| same(&work.authors, author))
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

/// Whether `values` holds `value`, ignoring case and surrounding spaces
/// (as the listing's filters compare).
fn same(values: &[String], value: &str) -> bool {
    let value = value.trim().to_lowercase();
    values.iter().any(|v| v.trim().to_lowercase() == value)
}

/// Whether a catalog with (`adult`) or without consent lists `work`.
pub(super) fn admits(adult: bool, work: &Work) -> bool {
    adult || !work.rating.is_adult()
}

/// The works a catalog lists, before any filter.
pub(super) fn visible(works: &[Work], adult: bool) -> Vec<&Work> {
    works.iter().filter(|work| admits(adult, work)).collect()
}

/// The works `selection` matches, in its sort order.
pub(super) fn select(works: &[&Work], selection: &Selection) -> Vec<Work> {
    let mut matched: Vec<Work> = works
        .iter()
        .filter(|work| selection.matches(work))
        .map(|&work| work.clone())
        .collect();
    sort(&mut matched, selection.query.sort);
    matched
}

/// How many works have each value of a kind of tag. Values that differ
/// only in case or surrounding spaces are one (spelled as the first work
/// has it); a work counts once per value. Sorted by name, ignoring case.
pub(super) fn tally<'a>(
    works: impl IntoIterator<Item = &'a Work>,
    values: impl Fn(&'a Work) -> &'a [String],
) -> Vec<(String, u64)> {
    let mut counts: HashMap<String, (String, u64)> = HashMap::new();
    for work in works {
        let mut seen: Vec<String> = Vec::new();
        for value in values(work)
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            let key = value.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            counts
                .entry(key.clone())
                .or_insert_with(|| (value.to_string(), 0))
                .1 += 1;
            seen.push(key);
        }
    }
    let mut list: Vec<(String, u64)> = counts.into_values().collect();
    list.sort_by_cached_key(|(value, _)| (value.to_lowercase(), value.clone()));
    list
}

/// How many works have each rating, in the scale's order, leaving out
/// ratings no work has.
pub(super) fn tally_ratings<'a>(works: impl IntoIterator<Item = &'a Work>) -> Vec<(Rating, u64)> {
    let mut counts = [0u64; Rating::ALL.len()];
    for work in works {
        if let Some(index) = Rating::ALL.iter().position(|r| *r == work.rating) {
            counts[index] += 1;
        }
    }
    Rating::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(id: &str, rating: Rating, fandoms: &[&str], authors: &[&str]) -> Work {
        let mut work = Work::new(id, format!("Work {id}"));
        work.rating = rating;
        work.fandoms = fandoms.iter().map(|f| f.to_string()).collect();
        work.authors = authors.iter().map(|a| a.to_string()).collect();
        work
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tallies_ignore_case_and_repeats() {
        let works = [
            work(
                "1",
                Rating::General,
                &["Star Trek", "star trek "],
                &["Wren"],
            ),
            work("2", Rating::Mature, &["STAR TREK", "Babylon 5"], &[]),
        ];
        assert_eq!(
            tally(&works, |w| &w.fandoms),
            [("Babylon 5".to_string(), 1), ("Star Trek".to_string(), 2)]
        );
        assert_eq!(
            tally_ratings(&works),
            [(Rating::General, 1), (Rating::Mature, 1)]
        );
    }

    #[test]
    fn consent_and_filters() {
        let works = [
            work("1", Rating::General, &["Star Trek"], &["Wren"]),
            work("2", Rating::NotRated, &["Star Trek"], &["wren"]),
            work("3", Rating::Teen, &["Babylon 5"], &["Ash"]),
        ];
        let ids = |adult: bool, list: &[(&str, &str)]| -> Vec<String> {
            let selection = Selection::from_pairs(&pairs(list));
            select(&visible(&works, adult), &selection)
                .into_iter()
                .map(|w| w.id)
                .collect()
        };
        assert_eq!(ids(false, &[]), ["3", "1"]);
        assert_eq!(ids(true, &[("author", " WREN ")]), ["2", "1"]);
        assert_eq!(ids(false, &[("author", "Wren")]), ["1"]);
        assert_eq!(
            ids(true, &[("fandom", "star trek"), ("rating", "not_rated")]),
            ["2"]
        );
        let selection = Selection::from_pairs(&pairs(&[
            ("fandom", "Star Trek"),
            ("rating", "teen"),
            ("author", "Wren"),
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
    }
}
