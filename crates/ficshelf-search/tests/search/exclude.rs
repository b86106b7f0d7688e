//! `SearchOptions::exclude`: works left out whatever the query says.

use crate::common::{index, search_with, wrangler};
use ficshelf_model::Rating;
use ficshelf_search::{ExcludedTag, Exclusions, SearchIndex, SearchOptions, TagKind};

fn excluding(exclude: Exclusions) -> SearchOptions {
    SearchOptions {
        limit: 100,
        exclude,
        ..SearchOptions::default()
    }
}

fn id_set(index: &SearchIndex, query: &str, options: &SearchOptions) -> Vec<u32> {
    let results = search_with(index, query, options);
    let mut ids: Vec<u32> = results
        .hits
        .iter()
        .map(|h| h.id.parse().expect("numeric id"))
        .collect();
    ids.sort_unstable();
    assert_eq!(results.total, ids.len() as u64, "{query}: total vs hits");
    ids
}

fn tag(kind: TagKind, written: &str) -> ExcludedTag {
    ExcludedTag {
        kind,
        key: wrangler().key(kind, written, &[]),
    }
}

#[test]
fn nothing_excluded_changes_nothing() {
    let index = index();
    let all = id_set(&index, "", &excluding(Exclusions::default()));
    assert_eq!(all, (1..=12).collect::<Vec<u32>>());
}

#[test]
fn excluded_tags_hide_works_stating_them() {
    let index = index();
    // Works 1, 9 and 12 state Harry/Draco in three spellings; one key hides all three.
    let options = excluding(Exclusions {
        tags: vec![tag(TagKind::Relationship, "Draco Malfoy/Harry Potter")],
        ..Exclusions::default()
    });
    assert_eq!(
        id_set(&index, "", &options),
        vec![2, 3, 4, 5, 6, 7, 8, 10, 11]
    );
    // With text and filters, and with the facets counted without them.
    assert_eq!(id_set(&index, "dragon", &options), vec![2, 3, 7]);
    let results = search_with(&index, "tag:fluff", &options);
    assert_eq!(results.total, 3);
    assert_eq!(results.facets.relationship.values.len(), 2);
    assert_eq!(results.facets.category.get("M/M"), Some(1));

    // Several kinds at once; keys compare after normalising.
    let options = excluding(Exclusions {
        tags: vec![
            ExcludedTag {
                kind: TagKind::Warning,
                key: "  graphic depictions of VIOLENCE".into(),
            },
            tag(TagKind::Fandom, "Sherlock (TV)"),
        ],
        ..Exclusions::default()
    });
    assert_eq!(id_set(&index, "dragon", &options), vec![1, 2, 9]);
}

#[test]
fn suggested_tags_never_hide_a_work() {
    let index = index();
    // Work 7 only has Major Character Death suggested.
    let options = excluding(Exclusions {
        tags: vec![tag(TagKind::Warning, "Major Character Death")],
        ..Exclusions::default()
    });
    assert_eq!(
        id_set(&index, "warning~:\"Major Character Death\"", &options),
        vec![7]
    );
}

#[test]
fn excluded_authors_and_works() {
    let index = index();
    let options = excluding(Exclusions {
        authors: vec!["  ann ".into(), "Dee".into()],
        works: vec!["2".into(), "11".into(), "404".into()],
        ..Exclusions::default()
    });
    // Ann wrote 1, 6, 9; Dee co-wrote 4.
    assert_eq!(id_set(&index, "", &options), vec![3, 5, 7, 8, 10, 12]);
    // With the server-wide rating cap as well.
    let capped = SearchOptions {
        max_rating: Some(Rating::Teen),
        ..options
    };
    assert_eq!(id_set(&index, "", &capped), vec![7, 8, 10]);
}
