//! Reader views: limits, the works read, exclusions, and agreement between
//! the search exclusions and the per-work check.

use super::*;
use crate::readers::{testing::readers, UserId};
use ficshelf_model::{Block, Chapter, ChapterBody, Notes};
use ficshelf_search::SearchIndex;

fn work(id: &str, rating: Rating, authors: &[&str], relationships: &[&str], tags: &[&str]) -> Work {
    let mut work = Work::new(id, format!("Work {id}"));
    work.rating = rating;
    work.authors = authors.iter().map(|s| s.to_string()).collect();
    work.fandoms = vec!["The Glasshouse".into()];
    work.relationships = relationships.iter().map(|s| s.to_string()).collect();
    work.characters = vec!["Wren Aldous".into(), "Tobias Fenwick".into()];
    work.tags = tags.iter().map(|s| s.to_string()).collect();
    work.chapters = vec![Chapter {
        number: 1,
        title: None,
        words: 3,
        notes: Notes::default(),
        sources: vec![],
    }];
    work
}

/// Seven works, shaped like a small library.
fn library() -> Vec<Work> {
    use Rating::*;
    let mut works = vec![
        work("1", Teen, &["Moss Ander"], &["Wren/Reader"], &["Fluff"]),
        work(
            "2",
            General,
            &["Pell"],
            &["Reader/Tobias Fenwick"],
            &["Angst"],
        ),
        work(
            "3",
            Mature,
            &["Pell"],
            &["Tobias/Wren"],
            &["Alternate Universe - Space"],
        ),
        work(
            "4",
            Explicit,
            &["Quill"],
            &["Wren Aldous & Reader"],
            &["Fluff"],
        ),
        work(
            "5",
            General,
            &["moss  ander"],
            &[],
            &["Alternate Universe - Coffee Shops"],
        ),
        work(
            "6",
            NotRated,
            &["Quill"],
            &["Tobias/Wren/Reader"],
            &["Hurt/Comfort"],
        ),
        work("7", Teen, &["Sable"], &[], &["Canon Divergence"]),
    ];
    works[6].warnings = vec!["Graphic Depictions Of Violence".into()];
    works
}

fn index(works: &[Work], wrangler: &TagWrangler) -> SearchIndex {
    let index = SearchIndex::open_in_ram().expect("index");
    let mut batch = index.writer().expect("writer");
    for w in works {
        let body = ChapterBody {
            blocks: vec![Block::Paragraph("The glasshouse was quiet.".into())],
        };
        batch.upsert_work(w, &[body], wrangler).expect("upsert");
    }
    batch.commit(1).expect("commit");
    drop(batch);
    index.set_wrangler(wrangler.clone());
    index
}

fn mute(kind: MuteKind, value: &str) -> Mute {
    Mute {
        kind,
        value: value.into(),
    }
}

fn searched(index: &SearchIndex, view: &ReaderView, query: &str) -> Vec<String> {
    let options = view.search_options(SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    });
    let mut ids: Vec<String> = index
        .search(query, &options)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort_by_key(|id| id.parse::<u32>().unwrap_or(0));
    ids
}

fn allowed(works: &[Work], view: &ReaderView, wrangler: &TagWrangler) -> Vec<String> {
    works
        .iter()
        .filter(|w| view.allows(w, wrangler))
        .map(|w| w.id.clone())
        .collect()
}

#[test]
fn search_and_per_work_check_agree() {
    let wrangler = TagWrangler::new();
    let works = library();
    let index = index(&works, &wrangler);
    let vocabulary = Vocabulary::from_works(&works, &wrangler);
    let cases: Vec<(ReaderLimits, Vec<&str>)> = vec![
        (
            ReaderLimits::default(),
            vec!["1", "2", "3", "4", "5", "6", "7"],
        ),
        (
            ReaderLimits {
                mutes: vec![mute(MuteKind::Relationship, "*/Reader")],
                ..ReaderLimits::default()
            },
            vec!["3", "4", "5", "7"],
        ),
        (
            ReaderLimits {
                mutes: vec![
                    mute(MuteKind::Author, "MOSS ANDER"),
                    mute(MuteKind::Tag, "Alternate Universe - *"),
                ],
                ..ReaderLimits::default()
            },
            vec!["2", "4", "6", "7"],
        ),
        (
            ReaderLimits {
                max_rating: Some(Rating::Teen),
                mutes: vec![mute(MuteKind::Warning, "graphic depictions of violence")],
                hidden_works: ["2".to_string()].into(),
            },
            vec!["1", "5"],
        ),
        (
            ReaderLimits {
                mutes: vec![
                    mute(MuteKind::Relationship, "Wren Aldous & *"),
                    mute(MuteKind::Author, "*ll"),
                    mute(MuteKind::Fandom, "nothing here*"),
                ],
                ..ReaderLimits::default()
            },
            vec!["1", "5", "7"],
        ),
    ];
    for (limits, expected) in cases {
        let view = ReaderView::new(&limits, &vocabulary, &wrangler);
        assert_eq!(allowed(&works, &view, &wrangler), expected, "{limits:?}");
        assert_eq!(searched(&index, &view, ""), expected, "{limits:?}");
        // A text query is limited the same way.
        assert_eq!(
            searched(&index, &view, "glasshouse"),
            expected,
            "{limits:?}"
        );
    }
}

#[test]
fn wildcards_expand_to_the_vocabularys_keys() {
    let wrangler = TagWrangler::new();
    let works = library();
    let vocabulary = Vocabulary::from_works(&works, &wrangler);
    let limits = ReaderLimits {
        mutes: vec![
            mute(MuteKind::Relationship, "*/Reader"),
            mute(MuteKind::Character, "Marisol Quay"),
            mute(MuteKind::Author, "p*"),
        ],
        ..ReaderLimits::default()
    };
    let view = ReaderView::new(&limits, &vocabulary, &wrangler);
    let tags: Vec<(TagKind, &str)> = view
        .exclusions()
        .tags
        .iter()
        .map(|t| (t.kind, t.key.as_str()))
        .collect();
    assert_eq!(
        tags,
        vec![
            (TagKind::Relationship, "reader/tobias fenwick"),
            (TagKind::Relationship, "reader/tobias fenwick/wren aldous"),
            (TagKind::Relationship, "reader/wren aldous"),
            // An exact mute is kept even when no work has it yet.
            (TagKind::Character, "marisol quay"),
        ]
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    assert_eq!(view.exclusions().authors, vec!["pell"]);

    // A work with a new matching tag, not in the vocabulary yet: the
    // per-work check still refuses it.
    let newcomer = work(
        "8",
        Rating::General,
        &["Sable"],
        &["Marisol Quay/Reader"],
        &[],
    );
    assert!(!view.allows(&newcomer, &wrangler));
}

#[test]
fn the_vocabulary_from_tag_counts_matches_the_one_from_works() {
    let wrangler = TagWrangler::new();
    let works = library();
    let index = index(&works, &wrangler);
    let counts = index.tag_counts(None).expect("tag counts");
    let authors: Vec<&str> = works
        .iter()
        .flat_map(|w| w.authors.iter().map(String::as_str))
        .collect();
    assert_eq!(
        Vocabulary::from_tags(&counts, authors),
        Vocabulary::from_works(&works, &wrangler)
    );
}

#[test]
fn search_options_keep_the_lower_cap_and_add_exclusions() {
    let view = ReaderView::new(
        &ReaderLimits {
            max_rating: Some(Rating::Mature),
            hidden_works: ["9".to_string()].into(),
            ..ReaderLimits::default()
        },
        &Vocabulary::default(),
        &TagWrangler::new(),
    );
    let given = SearchOptions {
        max_rating: Some(Rating::Teen),
        exclude: Exclusions {
            works: vec!["3".into()],
            ..Exclusions::default()
        },
        offset: 20,
        ..SearchOptions::default()
    };
    let limited = view.search_options(given);
    assert_eq!(limited.max_rating, Some(Rating::Teen));
    assert_eq!(limited.exclude.works, vec!["3", "9"]);
    assert_eq!(limited.offset, 20);
    let open = view.search_options(SearchOptions::default());
    assert_eq!(open.max_rating, Some(Rating::Mature));
}

#[test]
fn works_count_as_read_when_every_chapter_is() {
    let entry = |work: &str, read: &[u32]| HistoryEntry {
        user: UserId(1),
        work_id: work.into(),
        first_viewed_at: 0,
        last_viewed_at: 0,
        visits: 1,
        chapters_seen: Some(3),
        read_chapters: read.to_vec(),
    };
    let history = vec![
        entry("1", &[1, 2, 3]),
        entry("2", &[1, 2]),
        entry("3", &[1, 3]),
        entry("4", &[]),
        entry("5", &[1]),
        entry("gone", &[1]),
    ];
    let chapters = |id: &str| match id {
        "1" | "3" => Some(3),
        "2" => Some(3), // a new chapter since
        "4" => Some(0),
        "5" => Some(1),
        _ => None,
    };
    let read: Vec<String> = read_works(&history, &chapters).into_iter().collect();
    assert_eq!(read, vec!["1", "5"]);
}

#[test]
fn limits_combine_server_account_and_preferences() {
    let (mut readers, _clock) = readers();
    let chapters = |_: &str| Some(1);
    let anonymous = readers
        .limits(None, Some(Rating::Mature), &chapters)
        .expect("limits");
    assert_eq!(
        anonymous,
        ReaderLimits {
            max_rating: Some(Rating::Mature),
            ..ReaderLimits::default()
        }
    );

    let user = readers
        .add_user("ana", "a good password", false, Some(Rating::Teen))
        .expect("add");
    readers
        .add_mute(user.id, MuteKind::Tag, "Angst")
        .expect("mute");
    let mut w = work("5", Rating::General, &[], &[], &[]);
    readers
        .save_position(user.id, &w, 1, 1.0, None, None)
        .expect("read to the end");
    w.id = "6".into();
    readers.record_visit(user.id, &w).expect("visit only");

    let limits = readers
        .limits(Some(&user), Some(Rating::Mature), &chapters)
        .expect("limits");
    assert_eq!(limits.max_rating, Some(Rating::Teen));
    assert_eq!(limits.mutes, vec![mute(MuteKind::Tag, "Angst")]);
    assert!(limits.hidden_works.is_empty(), "hide-read is off");
    let uncapped = readers
        .limits(Some(&user), None, &chapters)
        .expect("limits");
    assert_eq!(uncapped.max_rating, Some(Rating::Teen));

    readers
        .set_preferences(
            user.id,
            &crate::readers::Preferences {
                adult_consent: false,
                hide_read: true,
            },
        )
        .expect("prefs");
    let user = readers.user_named("ana").expect("user");
    let limits = readers
        .limits(Some(&user), None, &chapters)
        .expect("limits");
    assert_eq!(limits.hidden_works, ["5".to_string()].into());
}
