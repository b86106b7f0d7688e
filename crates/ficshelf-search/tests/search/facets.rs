//! Facet counts, wrangled tags and synonyms, and the JSON contract.

use crate::common::{id_set, index, search, search_with};
use ficshelf_search::{FacetCounts, SearchOptions, TagKind};

fn pairs(counts: &FacetCounts) -> Vec<(&str, u64)> {
    counts.0.iter().map(|(v, n)| (v.as_str(), *n)).collect()
}

#[test]
fn facets_count_works_over_the_whole_result_set() {
    let index = index();
    let results = search_with(
        &index,
        "",
        &SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        },
    );
    let f = &results.facets;
    assert_eq!(
        pairs(&f.rating),
        [
            ("teen", 4),
            ("general", 3),
            ("explicit", 2),
            ("mature", 2),
            ("not_rated", 1)
        ]
    );
    assert_eq!(
        pairs(&f.warning),
        [
            ("No Archive Warnings Apply", 8),
            ("Creator Chose Not To Use Archive Warnings", 1),
            ("Graphic Depictions Of Violence", 1),
            ("Major Character Death", 1),
        ]
    );
    assert_eq!(
        pairs(&f.category),
        [("Gen", 4), ("M/M", 4), ("F/M", 2), ("F/F", 1)]
    );
    assert_eq!(pairs(&f.language), [("English", 10), ("French", 1)]);
    assert_eq!(pairs(&f.status), [("complete", 9), ("in_progress", 2)]);
    assert_eq!(
        pairs(&f.fandom.values),
        [
            ("Harry Potter - J. K. Rowling", 7),
            ("Sherlock (TV)", 4),
            ("Original Work", 1)
        ]
    );
    assert_eq!(f.fandom.distinct, 3);
    assert_eq!(f.tag.distinct, 13);
    assert_eq!(pairs(&f.tag.values)[..2], [("Fluff", 5), ("Angst", 3)]);
    assert_eq!(f.tag.values.len(), 10, "top 10 by default");
    assert_eq!(
        pairs(&f.relationship.values),
        [
            ("Draco Malfoy/Harry Potter", 3),
            ("John Watson/Sherlock Holmes", 2),
            ("Harry Potter & Ron Weasley", 1),
            ("Hermione Granger/Ron Weasley", 1),
            ("Irene Adler/Molly Hooper", 1),
        ]
    );
    assert_eq!(f.character.distinct, 9);
    assert_eq!(f.character.values.get("Hermione Granger"), Some(2));
}

#[test]
fn facets_follow_the_filters_and_top_n() {
    let index = index();
    let options = SearchOptions {
        facet_top: 2,
        ..SearchOptions::default()
    };
    let results = search_with(&index, r#"fandom:"Sherlock (TV)""#, &options);
    assert_eq!(results.total, 4);
    let f = &results.facets;
    assert_eq!(
        pairs(&f.rating),
        [("explicit", 1), ("general", 1), ("mature", 1), ("teen", 1)]
    );
    assert_eq!(
        pairs(&f.character.values),
        [("John Watson", 3), ("Sherlock Holmes", 2)]
    );
    assert_eq!(f.character.distinct, 4);
    assert_eq!(pairs(&f.fandom.values), [("Sherlock (TV)", 4)]);

    let dragons = search_with(&index, "dragon", &options);
    assert_eq!(
        pairs(&dragons.facets.rating),
        [("teen", 2), ("explicit", 1), ("general", 1), ("mature", 1)]
    );

    let no_facets = search_with(
        &index,
        "",
        &SearchOptions {
            facet_top: 0,
            ..SearchOptions::default()
        },
    );
    assert!(no_facets.facets.rating.is_empty() && no_facets.facets.tag.values.is_empty());
}

#[test]
fn every_spelling_of_a_relationship_is_one_filter_value() {
    let index = index();
    for spelling in [
        "Draco Malfoy/Harry Potter",
        "harry potter/draco malfoy",
        "Harry Potter x Draco Malfoy",
    ] {
        assert_eq!(
            id_set(&index, &format!("relationship:\"{spelling}\"")),
            vec![1, 9, 12],
            "{spelling}"
        );
    }
    assert_eq!(
        id_set(&index, r#"relationship:"Harry Potter & Ron Weasley""#),
        vec![7]
    );
    assert_eq!(
        id_set(&index, r#"relationship:"Harry Potter/Ron Weasley""#),
        Vec::<u32>::new(),
        "& stays platonic"
    );
    assert_eq!(
        id_set(&index, r#"relationship:"Sherlock Holmes/John Watson""#),
        vec![3, 4]
    );
}

#[test]
fn short_names_in_filters_resolve_against_the_library() {
    let index = index();
    assert_eq!(id_set(&index, "relationship:Harry/Draco"), vec![1, 9, 12]);
    assert_eq!(id_set(&index, "relationship:Malfoy/Potter"), vec![1, 9, 12]);
    assert_eq!(id_set(&index, "relationship:Sherlock/John"), vec![3, 4]);
    assert_eq!(id_set(&index, "character:Charlie"), vec![2]);
    assert_eq!(id_set(&index, "character:Draco"), vec![1, 9, 12]);
    // "Weasley" fits Charlie and Ron: ambiguous, so nothing is guessed.
    assert_eq!(id_set(&index, "character:Weasley"), Vec::<u32>::new());
    assert_eq!(id_set(&index, "relationship:Harry&Ron"), vec![7]);
}

#[test]
fn synonyms_and_abbreviations_are_found_by_the_canonical_tag() {
    let index = index();
    assert_eq!(
        id_set(&index, r#"character:"Hermione Granger""#),
        vec![8, 10]
    );
    assert_eq!(
        id_set(&index, "character:Mione"),
        vec![8, 10],
        "the query side knows the synonyms too"
    );
    assert_eq!(id_set(&index, "character:hermy"), vec![8, 10]);
    assert_eq!(
        id_set(&index, r#"fandom:"BBC Sherlock""#),
        vec![3, 4, 5, 11]
    );
    assert_eq!(
        id_set(&index, r#"relationship:"Hermione Granger/Ron Weasley""#),
        vec![8]
    );
}

#[test]
fn tag_counts_list_canonical_tags_with_synonyms_seen() {
    let index = index();
    let relationships = index
        .tag_counts(Some(TagKind::Relationship))
        .expect("tag counts");
    assert_eq!(relationships.len(), 5);
    let drarry = &relationships[0];
    assert_eq!(
        (drarry.name.as_str(), drarry.works),
        ("Draco Malfoy/Harry Potter", 3)
    );
    assert_eq!(drarry.synonyms, ["Draco x Harry", "H/D", "Harry/Draco"]);

    let characters = index
        .tag_counts(Some(TagKind::Character))
        .expect("tag counts");
    let hermione = characters
        .iter()
        .find(|t| t.name == "Hermione Granger")
        .expect("hermione");
    assert_eq!(
        (hermione.works, hermione.synonyms.clone()),
        (2, vec!["Hermione G.".to_string(), "Mione".to_string()])
    );

    let tags = index.tag_counts(Some(TagKind::Tag)).expect("tag counts");
    assert_eq!(
        (
            tags[0].name.as_str(),
            tags[0].works,
            tags[0].synonyms.clone()
        ),
        ("Fluff", 5, vec!["fluff".to_string()])
    );

    let everything = index.tag_counts(None).expect("tag counts");
    assert_eq!(everything.first().map(|t| t.kind), Some(TagKind::Fandom));
    assert_eq!(
        everything
            .iter()
            .filter(|t| t.kind == TagKind::Language)
            .count(),
        2
    );
}

#[test]
fn json_contract() {
    let index = index();
    let results = search_with(
        &index,
        r#""sea glass" sort:title"#,
        &SearchOptions {
            facet_top: 3,
            ..SearchOptions::default()
        },
    );
    let mut json = serde_json::to_value(&results).expect("serialises");
    for hit in json["hits"].as_array_mut().expect("hits") {
        let score = hit["score"].as_f64().expect("score");
        assert!(score > 0.0);
        hit["score"] = serde_json::json!("<positive>");
    }
    insta::assert_json_snapshot!(json);
    let _ = search(&index, "");
}

#[test]
fn authors_are_a_top_n_facet_like_fandoms() {
    let index = index();
    let results = search_with(
        &index,
        "",
        &SearchOptions {
            facet_top: 4,
            ..SearchOptions::default()
        },
    );
    let authors = &results.facets.author;
    assert_eq!(authors.distinct, 9);
    assert_eq!(
        pairs(&authors.values),
        [("Ann", 3), ("Bea", 2), ("Cy", 2), ("Dee", 1)]
    );
    let narrowed = search(&index, "fandom:\"Sherlock (TV)\"");
    let total: u64 = narrowed.facets.author.values.0.iter().map(|(_, n)| n).sum();
    assert!(
        total >= narrowed.total,
        "every matching work counts its authors"
    );
}

#[test]
fn an_author_written_two_ways_is_one_value_counted_as_the_filter_matches() {
    use ficshelf_model::Work;
    let index = ficshelf_search::SearchIndex::open_in_ram().expect("in-RAM index");
    let mut batch = index.writer().expect("writer");
    for (id, authors) in [
        ("1", vec!["Mirela  Tamm"]),
        ("2", vec!["Mirela Tamm", "mirela tamm"]),
        ("3", vec!["mirela tamm", "Oskar"]),
        ("4", vec!["Mirela Tamm"]),
    ] {
        let mut work = Work::new(id, format!("Work {id}"));
        work.authors = authors.into_iter().map(str::to_string).collect();
        batch
            .upsert_work(&work, &[], &ficshelf_search::TagWrangler::new())
            .expect("upsert");
    }
    batch.commit(1).expect("commit");
    drop(batch);
    let results = search(&index, "");
    assert_eq!(
        pairs(&results.facets.author.values),
        [("Mirela Tamm", 4), ("Oskar", 1)],
        "the spelling most works use names the value; a work counts once"
    );
    assert_eq!(search(&index, "author:\"mirela tamm\"").total, 4);
}
