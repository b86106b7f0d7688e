//! Places: KOReader's xpointers and percentages against chapters.

use super::*;

/// Chapters of 100, 300 and 600 words: 1000 in all.
const WORDS: [u64; 3] = [100, 300, 600];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_fragment_is_the_first_step_of_an_xpointer() {
    assert_eq!(
        xpointer_fragment("/body/DocFragment[3]/body/p[12]/text().0"),
        Some(3)
    );
    assert_eq!(xpointer_fragment("/body/DocFragment[12]"), Some(12));
    assert_eq!(xpointer_fragment(" /body/DocFragment[2]/body "), Some(2));
    assert_eq!(xpointer_fragment("/body/DocFragment[2].17"), Some(2));
}

#[test]
fn other_position_strings_name_no_fragment() {
    for other in [
        "",
        "42",
        "/body/DocFragment[0]/body",
        "/body/DocFragment[]/body",
        "/body/DocFragment[x]/body",
        "/body/DocFragment[-2]/body",
        "/body/DocFragment[3]p",
        "/body/DocFragment[3",
        "/body/DocFragment[99999999999]/body",
        "/body/div/p[3]",
        "#_doc_fragment_3",
    ] {
        assert_eq!(xpointer_fragment(other), None, "{other:?}");
    }
}

#[test]
fn fragments_past_the_front_pages_are_chapters() {
    // One front page (the preface), three chapters, then the contents page.
    let chapter = |xpointer: &str| xpointer_chapter(xpointer, 1, 3);
    assert_eq!(chapter("/body/DocFragment[1]/body/h1"), None, "the preface");
    assert_eq!(chapter("/body/DocFragment[2]/body/p[4]"), Some(1));
    assert_eq!(chapter("/body/DocFragment[4]/body/p[1]/text().9"), Some(3));
    assert_eq!(chapter("/body/DocFragment[5]/body"), None, "the contents");
    assert_eq!(chapter("12"), None);
    assert_eq!(xpointer_chapter("/body/DocFragment[2]", 2, 3), None);
    assert_eq!(xpointer_chapter("/body/DocFragment[3]", 2, 3), Some(1));
}

#[test]
fn a_chapters_start_names_its_spine_item() {
    assert_eq!(chapter_start_xpointer(3, 1), "/body/DocFragment[4]/body");
    assert_eq!(chapter_start_xpointer(1, 0), "/body/DocFragment[1]/body");
    for front in 0..3 {
        for chapter in 1..=5 {
            let xpointer = chapter_start_xpointer(chapter, front);
            assert_eq!(xpointer_chapter(&xpointer, front, 5), Some(chapter));
        }
    }
}

#[test]
fn a_percentage_falls_in_a_chapter_by_its_words() {
    let place = |p: f64| percentage_place(p, 3, &WORDS).expect("a place");
    assert_eq!(
        place(0.0),
        ChapterPlace {
            chapter: 1,
            fraction: 0.0
        }
    );
    let second = place(0.25);
    assert_eq!(second.chapter, 2);
    assert!(close(second.fraction, 0.5), "{second:?}");
    let third = place(0.7);
    assert_eq!(third.chapter, 3);
    assert!(close(third.fraction, 0.5), "{third:?}");
    assert_eq!(
        place(1.0),
        ChapterPlace {
            chapter: 3,
            fraction: 1.0
        }
    );
    assert_eq!(
        place(f64::NAN),
        ChapterPlace {
            chapter: 1,
            fraction: 0.0
        }
    );
    assert_eq!(
        place(7.0),
        ChapterPlace {
            chapter: 3,
            fraction: 1.0
        }
    );
}

#[test]
fn a_percentage_of_an_older_file_counts_its_chapters_only() {
    // A file of the first two chapters (400 words): halfway is 200 words.
    let place = percentage_place(0.5, 2, &WORDS).expect("a place");
    assert_eq!(place.chapter, 2);
    assert!(close(place.fraction, 1.0 / 3.0), "{place:?}");
}

#[test]
fn without_words_chapters_count_alike() {
    let place = percentage_place(0.5, 4, &[]).expect("a place");
    assert_eq!(
        place,
        ChapterPlace {
            chapter: 3,
            fraction: 0.0
        }
    );
    assert!(close(
        place_percentage(
            ChapterPlace {
                chapter: 2,
                fraction: 0.5
            },
            4,
            &[0, 0]
        ),
        0.375
    ));
    assert_eq!(percentage_place(0.5, 0, &WORDS), None, "no chapters");
}

#[test]
fn a_place_is_the_percentage_before_it() {
    let at = |chapter, fraction| place_percentage(ChapterPlace { chapter, fraction }, 3, &WORDS);
    assert!(close(at(1, 0.0), 0.0));
    assert!(close(at(2, 0.5), 0.25));
    assert!(close(at(3, 0.0), 0.4));
    assert!(close(at(3, 1.0), 1.0));
    assert!(close(at(9, 0.5), 1.0), "past the last chapter: the end");
    assert!(close(at(0, 0.5), 0.0));
    for p in [0.0, 0.05, 0.25, 0.4, 0.55, 0.99] {
        let place = percentage_place(p, 3, &WORDS).expect("a place");
        assert!(close(place_percentage(place, 3, &WORDS), p), "{p}");
    }
}

#[test]
fn the_fraction_in_a_named_chapter_is_clamped_to_it() {
    assert!(close(fraction_in_chapter(0.25, 2, 3, &WORDS), 0.5));
    // The percentage before or after the chapter (front pages counted by
    // KOReader, a stale percentage): its start or end.
    assert_eq!(fraction_in_chapter(0.05, 2, 3, &WORDS), 0.0);
    assert_eq!(fraction_in_chapter(0.9, 2, 3, &WORDS), 1.0);
    assert_eq!(fraction_in_chapter(0.5, 2, 3, &[100, 0, 100]), 0.0);
}
