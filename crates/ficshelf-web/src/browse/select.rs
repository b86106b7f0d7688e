//! Applying a query: matching, counting, sorting and paging works.

use super::{Facet, SortOrder, WorkQuery};
use ficshelf_model::{Rating, Status, Work};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

/// Works per listing page.
pub const PAGE_SIZE: usize = 20;

/// The works `query` matches, in its sort order.
pub fn select(mut works: Vec<Work>, query: &WorkQuery) -> Vec<Work> {
    works.retain(|work| query.matches(work));
    sort(&mut works, query.sort);
    works
}

/// Sorts works in `order`; ties fall back to the highest id first.
pub fn sort(works: &mut [Work], order: SortOrder) {
    match order {
        SortOrder::Updated => works.sort_by(|a, b| {
            // `None` sorts before `Some`, so reversing puts undated works last.
            date(b).cmp(&date(a)).then_with(|| id_order(b, a))
        }),
        SortOrder::Title => works.sort_by_cached_key(|work| {
            (
                work.title.to_lowercase(),
                std::cmp::Reverse(IdKey::of(work)),
            )
        }),
        SortOrder::Words => {
            works.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| id_order(b, a)))
        }
        SortOrder::Published => works.sort_by(|a, b| {
            (b.published.as_deref())
                .cmp(&a.published.as_deref())
                .then_with(|| id_order(b, a))
        }),
        SortOrder::Chapters => works.sort_by(|a, b| {
            b.chapters
                .len()
                .cmp(&a.chapters.len())
                .then_with(|| id_order(b, a))
        }),
    }
}

fn date(work: &Work) -> Option<&str> {
    work.updated.as_deref().or(work.published.as_deref())
}

/// Ids compare as numbers when both are numbers (`"10" > "9"`), else as text.
fn id_order(a: &Work, b: &Work) -> Ordering {
    IdKey::of(a).cmp(&IdKey::of(b))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum IdKey {
    Number(u128),
    Text(String),
}

impl IdKey {
    fn of(work: &Work) -> IdKey {
        let id = work.id.as_str();
        match id.parse::<u128>() {
            Ok(number) if id.bytes().all(|b| b.is_ascii_digit()) => IdKey::Number(number),
            _ => IdKey::Text(id.to_string()),
        }
    }
}

/// One option of a tag filter and how many listed works have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// How many of a set of works have each rating, status and tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Every rating, least restricted first, with its count (possibly 0).
    pub ratings: Vec<(Rating, usize)>,
    /// Complete and in-progress counts.
    pub statuses: Vec<(Status, usize)>,
    /// Per facet, the values present, most common first, then by name.
    pub facets: Vec<(Facet, Vec<FacetCount>)>,
}

impl Counts {
    /// The counts of one facet.
    pub fn facet(&self, facet: Facet) -> &[FacetCount] {
        self.facets
            .iter()
            .find(|(f, _)| *f == facet)
            .map_or(&[], |(_, counts)| counts.as_slice())
    }

    /// How many works have `value` for `facet` (ignoring case), 0 if none.
    pub fn facet_count(&self, facet: Facet, value: &str) -> usize {
        let value = value.to_lowercase();
        self.facet(facet)
            .iter()
            .find(|c| c.value.to_lowercase() == value)
            .map_or(0, |c| c.count)
    }
}

/// Counts ratings, statuses and facet values over `works`. A work that
/// lists a value twice counts once.
pub fn count(works: &[Work]) -> Counts {
    let ratings = Rating::ALL
        .into_iter()
        .map(|rating| (rating, works.iter().filter(|w| w.rating == rating).count()))
        .collect();
    let statuses = [Status::Complete, Status::InProgress]
        .into_iter()
        .map(|status| {
            (
                status,
                works.iter().filter(|w| w.status == Some(status)).count(),
            )
        })
        .collect();
    let facets = Facet::ALL
        .into_iter()
        .map(|facet| (facet, count_facet(works, facet)))
        .collect();
    Counts {
        ratings,
        statuses,
        facets,
    }
}

fn count_facet(works: &[Work], facet: Facet) -> Vec<FacetCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for work in works {
        let distinct: HashSet<&str> = facet
            .values(work)
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        for value in distinct {
            *counts.entry(value).or_default() += 1;
        }
    }
    let mut list: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount {
            value: value.to_string(),
            count,
        })
        .collect();
    // BTreeMap gave name order; a stable sort keeps it among equal counts.
    list.sort_by_key(|c| std::cmp::Reverse(c.count));
    list
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub works: Vec<Work>,
    /// 1-based, clamped to `1..=pages`.
    pub number: usize,
    /// At least 1, even when nothing matched.
    pub pages: usize,
    /// How many works matched in all.
    pub total: usize,
}

/// Cuts page `number` (1-based) of `size` works out of `works`; a number past
/// the end gives the last page.
pub fn paginate(works: Vec<Work>, number: usize, size: usize) -> Page {
    let size = size.max(1);
    let total = works.len();
    let pages = total.div_ceil(size).max(1);
    let number = number.clamp(1, pages);
    let works = works
        .into_iter()
        .skip((number - 1) * size)
        .take(size)
        .collect();
    Page {
        works,
        number,
        pages,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(id: &str, title: &str, updated: Option<&str>, words: u64) -> Work {
        let mut work = Work::new(id, title);
        work.updated = updated.map(str::to_string);
        work.words = words;
        work
    }

    fn ids(works: &[Work]) -> Vec<&str> {
        works.iter().map(|w| w.id.as_str()).collect()
    }

    #[test]
    fn sorts() {
        let mut works = vec![
            work("9", "banana", None, 10),
            work("10", "Apple", None, 30),
            work("2", "cherry", Some("2020-01-01"), 20),
            work("3", "apple", Some("2021-06-01"), 20),
        ];
        sort(&mut works, SortOrder::Updated);
        assert_eq!(ids(&works), ["3", "2", "10", "9"]);
        sort(&mut works, SortOrder::Title);
        assert_eq!(ids(&works), ["10", "3", "9", "2"]);
        sort(&mut works, SortOrder::Words);
        assert_eq!(ids(&works), ["10", "3", "2", "9"]);
        works[0].published = Some("2019-05-05".into());
        works[3].published = Some("2022-02-02".into());
        works[1].chapters = (1..=2)
            .map(|number| ficshelf_model::Chapter {
                number,
                title: None,
                words: 10,
                notes: Default::default(),
                sources: Vec::new(),
            })
            .collect();
        sort(&mut works, SortOrder::Published);
        assert_eq!(ids(&works), ["9", "10", "3", "2"]);
        sort(&mut works, SortOrder::Chapters);
        assert_eq!(ids(&works)[0], "3");
    }

    #[test]
    fn counts_each_work_once() {
        let mut a = work("1", "a", None, 1);
        a.tags = vec!["Fluff".into(), "Fluff".into(), "Angst".into()];
        a.rating = Rating::Teen;
        let mut b = work("2", "b", None, 1);
        b.tags = vec!["Fluff".into()];
        b.status = Some(Status::Complete);
        let counts = count(&[a, b]);
        assert_eq!(
            counts.facet(Facet::Tag),
            [
                FacetCount {
                    value: "Fluff".into(),
                    count: 2
                },
                FacetCount {
                    value: "Angst".into(),
                    count: 1
                },
            ]
        );
        assert_eq!(counts.facet_count(Facet::Tag, "fluff"), 2);
        assert_eq!(counts.ratings[1], (Rating::Teen, 1));
        assert_eq!(counts.ratings[4], (Rating::NotRated, 1));
        assert_eq!(counts.statuses[0], (Status::Complete, 1));
    }

    #[test]
    fn pages() {
        let works: Vec<Work> = (0..45)
            .map(|i| work(&i.to_string(), "t", None, 0))
            .collect();
        let page = paginate(works.clone(), 3, 20);
        assert_eq!(
            (page.number, page.pages, page.total, page.works.len()),
            (3, 3, 45, 5)
        );
        assert_eq!(paginate(works, 99, 20).number, 3);
        let empty = paginate(Vec::new(), 1, 20);
        assert_eq!((empty.number, empty.pages, empty.total), (1, 1, 0));
    }
}
