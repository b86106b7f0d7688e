//! Free text, ranking, best chapters, snippets, sorting and pagination.

use crate::common::{id_set, ids, index, search, search_with};
use ficshelf_search::SearchOptions;

fn hit<'a>(results: &'a ficshelf_search::SearchResults, id: &str) -> &'a ficshelf_search::Hit {
    results
        .hits
        .iter()
        .find(|h| h.id == id)
        .unwrap_or_else(|| panic!("no hit {id}"))
}

#[test]
fn words_match_every_text_field_with_stemming() {
    let index = index();
    assert_eq!(id_set(&index, "dragon"), vec![1, 2, 3, 7, 9]);
    assert_eq!(id_set(&index, "dragons"), vec![1, 2, 3, 7, 9]);
    assert_eq!(id_set(&index, "friendship"), vec![7], "freeform tag");
    assert_eq!(id_set(&index, "beta"), vec![12], "notes");
    assert_eq!(id_set(&index, "loses"), vec![8], "summary");
    assert_eq!(id_set(&index, "cafe"), vec![5], "accents folded");
    assert_eq!(id_set(&index, "Hermione"), vec![8, 10]);
}

#[test]
fn phrases_booleans_and_exclusion_work_across_chapters() {
    let index = index();
    assert_eq!(id_set(&index, r#""sea glass""#), vec![1, 4, 9]);
    assert_eq!(id_set(&index, r#""glass sea""#), Vec::<u32>::new());
    // Work 1 has "dragon" in chapter 1 and "sea glass" in chapter 2.
    assert_eq!(id_set(&index, r#"dragon "sea glass""#), vec![1, 9]);
    assert_eq!(id_set(&index, "dragon AND horntail"), vec![7]);
    assert_eq!(id_set(&index, "horntail OR nest"), vec![2, 7]);
    assert_eq!(id_set(&index, "-dragon"), vec![4, 5, 6, 8, 10, 11, 12]);
    assert_eq!(id_set(&index, "NOT dragon"), vec![4, 5, 6, 8, 10, 11, 12]);
    assert_eq!(id_set(&index, "dragon -tag:angst"), vec![1, 2, 9]);
    // Work 1 mentions the shore only in chapter 1: excluding it drops the whole work.
    assert_eq!(id_set(&index, "dragon -shore"), vec![2, 3, 7, 9]);
    assert_eq!(
        id_set(&index, "dragon !!!"),
        vec![1, 2, 3, 7, 9],
        "punctuation-only words are ignored"
    );
}

#[test]
fn title_and_tags_outrank_body_text() {
    let index = index();
    let order = ids(&index, "dragon");
    let mut top_two = order[..2].to_vec();
    top_two.sort();
    assert_eq!(top_two, vec!["2", "9"], "titles first: {order:?}");
    let results = search(&index, "dragon");
    assert!(
        hit(&results, "2").score > hit(&results, "3").score,
        "title beats a body repeating the word four times"
    );
    assert!(
        results.hits.windows(2).all(|w| w[0].score >= w[1].score),
        "sorted by relevance"
    );
}

#[test]
fn hits_carry_best_chapter_and_escaped_highlighted_snippet() {
    let index = index();
    let results = search(&index, r#""sea glass""#);
    let one = hit(&results, "1");
    assert_eq!(
        (one.title.as_str(), one.authors.clone(), one.rating),
        (
            "Sea Glass",
            vec!["Ann".to_string()],
            ficshelf_model::Rating::Teen
        )
    );
    assert_eq!(one.chapter, Some(2));
    assert_eq!(
        one.snippet.as_deref(),
        Some("He found <mark>sea</mark> <mark>glass</mark> in the sand.")
    );
    assert_eq!(hit(&results, "9").chapter, Some(2));
    assert_eq!(hit(&results, "4").chapter, Some(1));

    let results = search(&index, "horntail");
    assert_eq!(results.hits[0].chapter, Some(3));
    assert_eq!(
        results.hits[0].snippet.as_deref(),
        Some("They fought a Hungarian <mark>Horntail</mark>, a dragon.")
    );

    let results = search(&index, "dragon");
    assert_eq!(hit(&results, "1").chapter, Some(1));
    assert_eq!(hit(&results, "3").chapter, Some(2));
    assert_eq!(
        hit(&results, "2").chapter,
        None,
        "only the title and tags match"
    );
    assert_eq!(hit(&results, "2").snippet, None);

    let results = search(&index, "drabble");
    assert_eq!(
        results.hits[0].snippet.as_deref(),
        Some("Just a <mark>drabble</mark> about &lt;nothing&gt; &amp; &quot;quotes&quot;.")
    );
}

#[test]
fn summary_snippet_when_the_story_text_does_not_match() {
    let index = index();
    let results = search(&index, "loses");
    assert_eq!(results.hits[0].chapter, None);
    assert_eq!(
        results.hits[0].snippet.as_deref(),
        Some("Hermione <mark>loses</mark> a book.")
    );
}

#[test]
fn browse_defaults_to_most_recently_updated_with_undated_last() {
    let index = index();
    assert_eq!(
        ids(&index, ""),
        ["12", "7", "9", "3", "5", "2", "11", "1", "4", "8", "10", "6"]
    );
    assert!(search(&index, "")
        .hits
        .iter()
        .all(|h| h.score == 0.0 && h.chapter.is_none() && h.snippet.is_none()));
}

#[test]
fn every_sort() {
    let index = index();
    assert_eq!(
        ids(&index, "sort:updated:asc"),
        ["10", "8", "4", "1", "11", "2", "5", "3", "9", "7", "12", "6"]
    );
    assert_eq!(
        ids(&index, "sort:words"),
        ["7", "12", "3", "5", "9", "1", "8", "4", "10", "2", "11", "6"]
    );
    assert_eq!(
        ids(&index, "sort:words:asc"),
        ["6", "11", "2", "10", "4", "8", "1", "9", "5", "3", "12", "7"]
    );
    assert_eq!(
        ids(&index, "sort:title"),
        ["7", "12", "9", "2", "8", "4", "10", "5", "1", "3", "6", "11"]
    );
    assert_eq!(
        ids(&index, "sort:-title"),
        ["11", "6", "3", "1", "5", "10", "4", "8", "2", "9", "12", "7"]
    );
    assert_eq!(
        ids(&index, "sort:chapters"),
        ["7", "3", "1", "12", "9", "5", "11", "10", "8", "6", "4", "2"],
        "ties: the highest id (latest imported) first"
    );
    assert_eq!(
        ids(&index, "sort:published:asc"),
        ["10", "8", "4", "3", "1", "11", "2", "5", "7", "9", "12", "6"]
    );
    assert_eq!(
        ids(&index, "sort:-published"),
        ["12", "9", "7", "5", "2", "11", "1", "3", "4", "8", "10", "6"]
    );
    assert_eq!(ids(&index, "dragon sort:words"), ["7", "3", "9", "1", "2"]);
    assert_eq!(
        ids(&index, "tag:fluff sort:relevance").len(),
        5,
        "relevance on a filter-only query still lists everything"
    );
}

#[test]
fn pagination_keeps_the_exact_total() {
    let index = index();
    let page = |offset, limit| {
        search_with(
            &index,
            "",
            &SearchOptions {
                offset,
                limit,
                ..SearchOptions::default()
            },
        )
    };
    let second = page(3, 4);
    assert_eq!(second.total, 12);
    assert_eq!(
        second
            .hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        ["3", "5", "2", "11"]
    );
    let last = page(10, 5);
    assert_eq!(
        last.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["10", "6"]
    );
    let beyond = page(50, 5);
    assert_eq!((beyond.total, beyond.hits.len()), (12, 0));
    let none = page(0, 0);
    assert_eq!((none.total, none.hits.len()), (12, 0));
    assert_eq!(
        none.facets.rating.get("teen"),
        Some(4),
        "facets cover the whole result set"
    );
}

/// Pages of two, one after another, are the full order under every sort,
/// ties included: a full page refuses a work without reading its id only
/// when the work ranks strictly worse than every work kept.
#[test]
fn short_pages_follow_the_full_order_with_ties() {
    let index = index();
    for query in [
        "sort:chapters",
        "sort:chapters:asc",
        "sort:words",
        "sort:updated",
        "sort:title",
        "the",
        "rating:teen,general",
    ] {
        let full = ids(&index, query);
        let mut paged = Vec::new();
        for offset in (0..full.len()).step_by(2) {
            let page = search_with(
                &index,
                query,
                &SearchOptions {
                    offset,
                    limit: 2,
                    ..SearchOptions::default()
                },
            );
            paged.extend(page.hits.into_iter().map(|hit| hit.id));
        }
        assert_eq!(paged, full, "{query}");
    }
}
