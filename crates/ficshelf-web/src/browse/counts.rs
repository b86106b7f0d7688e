//! How many matched works have each rating, status and tag: the counts
//! beside the filter form's options, read from the search engine's exact
//! facets.

use super::Facet;
use ficshelf_model::{Rating, Status};
use ficshelf_search::{FacetCounts, Facets};

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
    /// The counts of a search's facets.
    pub fn from_facets(facets: &Facets) -> Counts {
        let count = |counts: &FacetCounts, key: &str| {
            counts
                .get(key)
                .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX))
        };
        let ratings = Rating::ALL
            .into_iter()
            .map(|rating| (rating, count(&facets.rating, rating.as_str())))
            .collect();
        let statuses = [Status::Complete, Status::InProgress]
            .into_iter()
            .map(|status| (status, count(&facets.status, status.as_str())))
            .collect();
        let values = |counts: &FacetCounts| {
            counts
                .0
                .iter()
                .map(|(value, n)| FacetCount {
                    value: value.clone(),
                    count: usize::try_from(*n).unwrap_or(usize::MAX),
                })
                .collect()
        };
        let facets = Facet::ALL
            .into_iter()
            .map(|facet| {
                let counts = match facet {
                    Facet::Warning => &facets.warning,
                    Facet::Fandom => &facets.fandom.values,
                    Facet::Relationship => &facets.relationship.values,
                    Facet::Character => &facets.character.values,
                    Facet::Tag => &facets.tag.values,
                    Facet::Language => &facets.language,
                    Facet::Author => &facets.author.values,
                };
                (facet, values(counts))
            })
            .collect();
        Counts {
            ratings,
            statuses,
            facets,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rating_and_status_is_listed_with_its_count() {
        let mut facets = Facets {
            rating: FacetCounts(vec![("teen".into(), 3), ("not_rated".into(), 1)]),
            status: FacetCounts(vec![("complete".into(), 2)]),
            ..Facets::default()
        };
        facets.tag.values = FacetCounts(vec![("Fluff".into(), 2), ("Angst".into(), 1)]);
        let counts = Counts::from_facets(&facets);
        assert_eq!(counts.ratings[0], (Rating::General, 0));
        assert_eq!(counts.ratings[1], (Rating::Teen, 3));
        assert_eq!(counts.ratings[4], (Rating::NotRated, 1));
        assert_eq!(
            counts.statuses,
            [(Status::Complete, 2), (Status::InProgress, 0)]
        );
        assert_eq!(counts.facet_count(Facet::Tag, "fluff"), 2);
        assert_eq!(counts.facet(Facet::Fandom), []);
    }
}
