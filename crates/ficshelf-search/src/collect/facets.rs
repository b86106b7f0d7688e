//! Exact facet counts from fast fields.
//!
//! Each segment's matching works are counted in its own ordinals from the
//! values read once per segment ([`super::work_values`]), then translated
//! to [global ordinals](super::ordinals), so segments merge by adding
//! numbers and no value is turned back into a string until it is displayed.

use super::ordinals::GlobalOrdinals;
use super::work_values::LocalCounts;
use crate::schema::fast;
use crate::wrangle::TagKind;

/// Whose display spellings replace a string facet's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelled {
    /// A wrangled tag of this kind.
    Tag(TagKind),
    /// An author's name (keys compared as `author:` filters compare them).
    Author,
    /// The key is shown as it is (`complete`).
    AsIs,
}

impl Spelled {
    /// The namespace of the facet's `spelling` terms, if it has any.
    pub(crate) fn namespace(self) -> Option<&'static str> {
        match self {
            Spelled::Tag(kind) => Some(kind.as_str()),
            Spelled::Author => Some(crate::document::AUTHOR_SPELLINGS),
            Spelled::AsIs => None,
        }
    }
}

/// The string facets: fast-field name and whose spellings are displayed.
pub(crate) const STRING_FACETS: [(&str, Spelled); 9] = [
    ("warning", Spelled::Tag(TagKind::Warning)),
    ("category", Spelled::Tag(TagKind::Category)),
    ("fandom", Spelled::Tag(TagKind::Fandom)),
    ("relationship", Spelled::Tag(TagKind::Relationship)),
    ("character", Spelled::Tag(TagKind::Character)),
    ("tag", Spelled::Tag(TagKind::Tag)),
    ("language", Spelled::Tag(TagKind::Language)),
    (fast::AUTHOR, Spelled::Author),
    (fast::STATUS, Spelled::AsIs),
];

/// Counts in global ordinals, before keys and display names are applied.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RawFacets {
    /// Works per rating, indexed by the rating's position on the scale.
    pub rating: [u64; 5],
    /// `(global ordinal, works)` per string facet, parallel to [`STRING_FACETS`].
    /// Ordinals are distinct once [`RawFacets::merge`]d.
    pub strings: Vec<Vec<(u32, u64)>>,
}

impl RawFacets {
    pub fn empty() -> RawFacets {
        RawFacets {
            rating: [0; 5],
            strings: STRING_FACETS.iter().map(|_| Vec::new()).collect(),
        }
    }

    /// Sums segments' counts; `sizes` are the global ordinal counts per facet.
    pub fn merge(parts: Vec<RawFacets>, sizes: &[usize]) -> RawFacets {
        let mut out = RawFacets::empty();
        let mut per_facet: Vec<Vec<Vec<(u32, u64)>>> =
            STRING_FACETS.iter().map(|_| Vec::new()).collect();
        for part in parts {
            for (mine, theirs) in out.rating.iter_mut().zip(part.rating) {
                *mine += theirs;
            }
            for (lists, list) in per_facet.iter_mut().zip(part.strings) {
                lists.push(list);
            }
        }
        for ((target, lists), size) in out.strings.iter_mut().zip(per_facet).zip(sizes) {
            *target = if lists.len() == 1 {
                lists.into_iter().flatten().collect()
            } else {
                sum_counts(lists.into_iter().flatten(), *size)
            };
        }
        out
    }
}

/// Adds up `(ordinal, count)` pairs with possibly repeated ordinals below `size`.
fn sum_counts(pairs: impl Iterator<Item = (u32, u64)>, size: usize) -> Vec<(u32, u64)> {
    let mut pairs: Vec<(u32, u64)> = pairs.collect();
    if pairs.len() > size / 16 {
        let mut dense = vec![0u64; size];
        for (ord, count) in pairs {
            if let Some(slot) = dense.get_mut(ord as usize) {
                *slot += count;
            }
        }
        return dense
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(ord, n)| (ord as u32, n))
            .collect();
    }
    pairs.sort_unstable_by_key(|(ord, _)| *ord);
    let mut out: Vec<(u32, u64)> = Vec::with_capacity(pairs.len());
    for (ord, count) in pairs {
        match out.last_mut() {
            Some((last, total)) if *last == ord => *total += count,
            _ => out.push((ord, count)),
        }
    }
    out
}

/// A segment's counts in global ordinals.
pub(crate) fn to_global(
    local: LocalCounts,
    global: &GlobalOrdinals,
    segment_ord: usize,
) -> RawFacets {
    let mut out = RawFacets::empty();
    out.rating = local.rating;
    for (facet, (counts, local)) in out.strings.iter_mut().zip(local.strings).enumerate() {
        let Some(map) = global
            .columns
            .get(facet)
            .and_then(|column| column.segments.get(segment_ord))
        else {
            continue;
        };
        *counts = local
            .into_iter()
            .filter_map(|(ord, n)| Some((*map.get(ord as usize)?, n)))
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sum_counts;

    #[test]
    fn sums_sparse_and_dense() {
        let pairs = [(3, 1), (1, 2), (3, 4)];
        assert_eq!(sum_counts(pairs.into_iter(), 1000), vec![(1, 2), (3, 5)]);
        assert_eq!(sum_counts(pairs.into_iter(), 4), vec![(1, 2), (3, 5)]);
    }
}
