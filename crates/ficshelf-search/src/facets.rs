//! Presenting collected facet counts: display spellings, ordering, top-N.

use crate::collect::{GlobalOrdinals, RawFacets, Spelled, STRING_FACETS};
use crate::tags::Spellings;
use crate::{FacetCounts, Facets, SearchError, TagCount, TagKind, TopFacet};
use ficshelf_model::Rating;
use std::collections::HashMap;

/// Most frequent first, ties by value.
fn ordered(mut pairs: Vec<(String, u64)>) -> Vec<(String, u64)> {
    pairs.sort_by(|(a, na), (b, nb)| nb.cmp(na).then_with(|| a.cmp(b)));
    pairs
}

/// The `top` most frequent `(global ordinal, count)` pairs (ties: smaller
/// ordinal, i.e. the key sorting first), most frequent first.
fn most_frequent(mut pairs: Vec<(u32, u64)>, top: usize) -> Vec<(u32, u64)> {
    let order = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if pairs.len() > top && top > 0 {
        pairs.select_nth_unstable_by(top - 1, order);
        pairs.truncate(top);
    }
    pairs.sort_unstable_by(order);
    pairs
}

/// Turns raw counts into [`Facets`]: ordinals become keys, then display
/// spellings via `display`; the tag-like facets keep their `top` most
/// frequent values.
pub(crate) fn present(
    raw: RawFacets,
    global: &GlobalOrdinals,
    top: usize,
    display: impl Fn(&'static str, &str) -> Result<String, SearchError>,
) -> Result<Facets, SearchError> {
    let rating = Rating::ALL
        .iter()
        .zip(raw.rating)
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| (r.as_str().to_string(), n))
        .collect();
    let mut facets = Facets {
        rating: FacetCounts(ordered(rating)),
        ..Facets::default()
    };
    for (((name, spelled), counts), column) in
        STRING_FACETS.iter().zip(raw.strings).zip(&global.columns)
    {
        let distinct = counts.len() as u64;
        let top_facet = matches!(
            *name,
            "fandom" | "relationship" | "character" | "tag" | "author"
        );
        let limit = if top_facet { top } else { counts.len() };
        let mut pairs: Vec<(String, u64)> = most_frequent(counts, limit)
            .into_iter()
            .filter_map(|(ord, n)| Some((column.keys.get(ord as usize)?.clone(), n)))
            .collect();
        if let Some(namespace) = spelled.namespace() {
            for (key, _) in &mut pairs {
                *key = display(namespace, key)?;
            }
            pairs = ordered(pairs);
        }
        let counts = FacetCounts(pairs);
        let top_of = |counts| TopFacet {
            values: counts,
            distinct,
        };
        match *name {
            "warning" => facets.warning = counts,
            "category" => facets.category = counts,
            "fandom" => facets.fandom = top_of(counts),
            "relationship" => facets.relationship = top_of(counts),
            "character" => facets.character = top_of(counts),
            "tag" => facets.tag = top_of(counts),
            "language" => facets.language = counts,
            "author" => facets.author = top_of(counts),
            _ => facets.status = counts,
        }
    }
    Ok(facets)
}

/// Builds the tag list of [`crate::SearchIndex::tag_counts`].
pub(crate) fn tag_counts(
    raw: RawFacets,
    global: &GlobalOrdinals,
    only: Option<TagKind>,
    spellings: &HashMap<(TagKind, String), Spellings>,
) -> Result<Vec<TagCount>, SearchError> {
    let empty = Spellings::default();
    let mut out = Vec::new();
    for (((_, spelled), counts), column) in
        STRING_FACETS.iter().zip(raw.strings).zip(&global.columns)
    {
        let Spelled::Tag(kind) = *spelled else {
            continue;
        };
        if only.is_some_and(|k| k != kind) {
            continue;
        }
        let mut tags: Vec<TagCount> = counts
            .into_iter()
            .filter_map(|(ord, works)| Some((column.keys.get(ord as usize)?.clone(), works)))
            .map(|(key, works)| {
                let seen = spellings.get(&(kind, key.clone())).unwrap_or(&empty);
                let name = seen.display(&key);
                TagCount {
                    kind,
                    synonyms: seen.synonyms(&name),
                    name,
                    works,
                }
            })
            .collect();
        tags.sort_by(|a, b| b.works.cmp(&a.works).then_with(|| a.name.cmp(&b.name)));
        out.push((kind, tags));
    }
    out.sort_by_key(|(kind, _)| TagKind::ALL.iter().position(|k| k == kind));
    Ok(out.into_iter().flat_map(|(_, tags)| tags).collect())
}
