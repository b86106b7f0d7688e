//! Every filter form against the hand-built corpus (see `common/mod.rs`).

use crate::common::{id_set, index, search_with};
use ficshelf_model::Rating;
use ficshelf_search::{Hit, HitFields, SearchError, SearchOptions};

#[test]
fn browse_lists_every_work() {
    let index = index();
    assert_eq!(id_set(&index, ""), (1..=12).collect::<Vec<_>>());
    assert_eq!(index.doc_count().expect("count"), 12);
}

#[test]
fn rating_with_alternatives() {
    let index = index();
    assert_eq!(id_set(&index, "rating:teen"), vec![1, 4, 7, 10]);
    assert_eq!(
        id_set(&index, "rating:teen,general"),
        vec![1, 2, 4, 7, 8, 10, 11]
    );
    assert_eq!(id_set(&index, "rating:not_rated"), vec![6]);
    assert_eq!(id_set(&index, "rating:NC-17"), vec![5, 9]);
}

#[test]
fn tag_like_filters() {
    let index = index();
    assert_eq!(
        id_set(&index, r#"fandom:"Sherlock (TV)""#),
        vec![3, 4, 5, 11]
    );
    assert_eq!(
        id_set(&index, r#"warning:"major character death""#),
        vec![3]
    );
    assert_eq!(id_set(&index, "category:Gen"), vec![2, 7, 10, 11]);
    assert_eq!(id_set(&index, "tag:fluff"), vec![1, 2, 4, 8, 12]);
    assert_eq!(id_set(&index, "tag:FLUFF"), vec![1, 2, 4, 8, 12]);
    assert_eq!(id_set(&index, "author:ann"), vec![1, 6, 9]);
    assert_eq!(id_set(&index, "author:Cy"), vec![3, 4]);
    assert_eq!(id_set(&index, "language:english").len(), 10);
    assert_eq!(id_set(&index, "language:French"), vec![5]);
    assert_eq!(
        id_set(&index, "status:complete"),
        vec![1, 2, 4, 5, 8, 9, 10, 11, 12]
    );
    assert_eq!(id_set(&index, "status:wip"), vec![3, 7]);
    assert_eq!(id_set(&index, r#"character:"Sherlock Holmes""#), vec![3, 4]);
}

#[test]
fn exclusion_alternatives_and_repeated_fields() {
    let index = index();
    assert_eq!(
        id_set(&index, r#"-warning:"Major Character Death""#),
        vec![1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    );
    assert_eq!(
        id_set(&index, r#"-fandom:"Harry Potter - J. K. Rowling""#),
        vec![3, 4, 5, 6, 11]
    );
    assert_eq!(
        id_set(&index, "tag:angst,fluff"),
        vec![1, 2, 3, 4, 7, 8, 12]
    );
    assert_eq!(id_set(&index, "tag:fluff tag:angst"), vec![12]);
    assert_eq!(
        id_set(&index, r#"fandom:"Sherlock (TV)" rating:teen"#),
        vec![4]
    );
    assert_eq!(
        id_set(&index, "rating:explicit OR status:in_progress"),
        vec![3, 5, 7, 9]
    );
    assert_eq!(
        id_set(&index, "NOT tag:fluff -tag:angst rating:teen,general"),
        vec![10, 11]
    );
    assert_eq!(
        id_set(&index, "(tag:smut OR tag:romance) -language:french"),
        vec![9]
    );
}

#[test]
fn number_ranges() {
    let index = index();
    assert_eq!(id_set(&index, "words:>5000"), vec![1, 3, 5, 7, 9, 12]);
    assert_eq!(id_set(&index, "words:>=5000"), vec![1, 3, 5, 7, 8, 9, 12]);
    assert_eq!(id_set(&index, "words:<1000"), vec![6, 11]);
    assert_eq!(id_set(&index, "words:<=900"), vec![6, 11]);
    assert_eq!(id_set(&index, "words:1000..3000"), vec![2, 4, 10]);
    assert_eq!(id_set(&index, "words:5000"), vec![8]);
    assert_eq!(id_set(&index, "words:<1k,>20k"), vec![6, 7, 11]);
    assert_eq!(id_set(&index, "chapters:>=3"), vec![1, 3, 7]);
    assert_eq!(id_set(&index, "chapters:2"), vec![5, 9, 12]);
    assert_eq!(id_set(&index, "chapters:<2 words:>2500"), vec![4, 8]);
}

#[test]
fn date_ranges() {
    let index = index();
    assert_eq!(
        id_set(&index, "updated:>2020-01-01"),
        vec![2, 3, 5, 7, 9, 12]
    );
    assert_eq!(
        id_set(&index, "updated:2019-01-01..2019-12-31"),
        vec![1, 11]
    );
    assert_eq!(id_set(&index, "updated:2019"), vec![1, 11]);
    assert_eq!(id_set(&index, "updated:2019-06"), vec![1]);
    assert_eq!(id_set(&index, "published:<2017"), vec![8, 10]);
    assert_eq!(id_set(&index, "published:>=2023-05-05"), vec![12]);
    assert_eq!(id_set(&index, "published:..2016-02-02"), vec![8, 10]);
}

#[test]
fn suggested_tags_only_when_asked() {
    let index = index();
    assert_eq!(
        id_set(&index, r#"warning:"Major Character Death""#),
        vec![3]
    );
    assert_eq!(
        id_set(&index, r#"warning~:"Major Character Death""#),
        vec![3, 7]
    );
    assert_eq!(
        id_set(&index, r#"character~:"Sherlock Holmes""#),
        vec![3, 4, 11]
    );
    assert_eq!(
        id_set(&index, r#"character~:"Hermione Granger""#),
        vec![7, 8, 10]
    );
    assert_eq!(
        id_set(&index, r#"relationship~:"Ron/Hermione""#),
        vec![7, 8]
    );
    assert_eq!(
        id_set(&index, r#"relationship~:"Hermione Granger/Ron Weasley""#),
        vec![7, 8]
    );
    assert_eq!(id_set(&index, "rating~:mature"), vec![3, 7, 12]);
    assert_eq!(id_set(&index, r#"fandom~:"Doctor Who""#), vec![11]);
    assert_eq!(id_set(&index, r#"fandom:"Doctor Who""#), Vec::<u32>::new());

    let options = SearchOptions {
        include_suggested: true,
        limit: 100,
        ..SearchOptions::default()
    };
    let results = search_with(&index, r#"character:"Sherlock Holmes""#, &options);
    assert_eq!(results.total, 3);
    assert_eq!(search_with(&index, "rating:mature", &options).total, 3);
    assert_eq!(
        search_with(&index, "tag:angst", &options).total,
        3,
        "freeform tags have no suggestions"
    );
}

#[test]
fn max_rating_caps_every_query() {
    let index = index();
    let capped = |max, query: &str| {
        let options = SearchOptions {
            max_rating: Some(max),
            limit: 100,
            ..SearchOptions::default()
        };
        let mut ids: Vec<u32> = search_with(&index, query, &options)
            .hits
            .iter()
            .map(|h| h.id.parse().expect("id"))
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(capped(Rating::Teen, ""), vec![1, 2, 4, 7, 8, 10, 11]);
    assert_eq!(capped(Rating::General, ""), vec![2, 8, 11]);
    assert_eq!(
        capped(Rating::Explicit, "").len(),
        11,
        "not rated counts as above explicit"
    );
    assert_eq!(capped(Rating::NotRated, "").len(), 12);
    assert_eq!(capped(Rating::Teen, "dragon"), vec![1, 2, 7]);
    assert_eq!(capped(Rating::Teen, "rating:explicit"), Vec::<u32>::new());
}

#[test]
fn unknown_values_match_nothing_and_bad_queries_error() {
    let index = index();
    assert_eq!(id_set(&index, "tag:nonexistent"), Vec::<u32>::new());
    assert_eq!(id_set(&index, "-tag:nonexistent").len(), 12);
    let err = index
        .search("ratin:teen", &SearchOptions::default())
        .unwrap_err();
    assert!(matches!(err, SearchError::Query { offset: 0, .. }));
    assert_eq!(
        err.to_string(),
        "unknown filter \"ratin\" at column 1: ratin:teen (did you mean rating?)"
    );
}

/// `HitFields::Ids` gives a listing the same works, in the same order, with
/// the same ids, ratings and scores, read from fast fields: only the
/// stored title and authors are left out.
#[test]
fn a_listing_of_ids_equals_the_stored_hits_without_title_and_authors() {
    let index = index();
    for query in [
        "",
        "rating:teen,general sort:title",
        "sort:words",
        "-rating:explicit",
    ] {
        let stored = search_with(&index, query, &SearchOptions::default());
        let ids = search_with(
            &index,
            query,
            &SearchOptions {
                hit_fields: HitFields::Ids,
                ..SearchOptions::default()
            },
        );
        assert!(!stored.hits.is_empty(), "{query:?} lists works");
        assert_eq!(ids.total, stored.total, "{query:?}");
        assert_eq!(ids.facets, stored.facets, "{query:?}");
        let expected: Vec<Hit> = stored
            .hits
            .iter()
            .map(|hit| Hit {
                title: String::new(),
                authors: Vec::new(),
                ..hit.clone()
            })
            .collect();
        assert_eq!(ids.hits, expected, "{query:?}");
        assert!(stored.hits.iter().all(|hit| !hit.title.is_empty()));
    }
}

/// A query with free text reads the stored works for its chapters and
/// snippets anyway, so `HitFields::Ids` changes nothing.
#[test]
fn a_text_search_fills_every_field_whatever_is_asked() {
    let index = index();
    let ids = SearchOptions {
        hit_fields: HitFields::Ids,
        ..SearchOptions::default()
    };
    for query in ["the", "dragon rating:teen,general", "summer"] {
        let stored = search_with(&index, query, &SearchOptions::default());
        assert!(!stored.hits.is_empty(), "{query:?} finds works");
        assert_eq!(search_with(&index, query, &ids), stored, "{query:?}");
    }
}
