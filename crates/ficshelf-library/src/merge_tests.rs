//! Merging files into a work: which chapters are one chapter saved twice.

use super::{drop_copies, merge, ParsedSource};
use ficshelf_ingest::{ParsedChapter, ParsedFile, StatedMeta};
use ficshelf_model::{ChapterBody, Source};

/// A paragraph every chapter of the ten-file work shares, as a mailing-list
/// archive repeats its disclaimer and recap; the chapters differ in one line.
const SHARED: &str = "The caravan wound down from the salt flats at dusk, and the \
    cook argued with the mule driver about whether the well at the crossing \
    would be dry again this year. Nobody listened to either of them, because \
    the wind had turned and the children were already asleep in the carts.";

fn chapter(number: Option<u32>, title: Option<&str>, text: &str) -> ParsedChapter {
    ParsedChapter {
        stated_number: number,
        title: title.map(str::to_string),
        body: ChapterBody::from_text(text),
        ..ParsedChapter::default()
    }
}

fn file(path: &str, chapters: Vec<ParsedChapter>) -> ParsedSource {
    ParsedSource {
        source: Source {
            path: path.to_string(),
            sha256: format!("sha-of-{path}"),
            bytes: 1,
        },
        parsed: ParsedFile {
            meta: StatedMeta {
                title: Some("Salt Road".into()),
                ..StatedMeta::default()
            },
            chapters,
            ..ParsedFile::default()
        },
    }
}

/// Two chapters of the caravan story.
const CAMP: &str = "The caravan wound down from the salt flats at dusk and made camp by the \
    well, where the cook argued with the mule driver about the water until the stars came \
    out and the children fell asleep in the carts, one after another.";
const DRY: &str = "In the morning the well was dry, and the cook blamed the mule driver for \
    it, and the driver blamed the mules, and the mules said nothing at all, which everyone \
    agreed was the most sensible thing said on the whole road.";

/// Merges `files` into a new work the way import does, copies joined.
fn merged(files: Vec<ParsedSource>) -> super::MergedWork {
    let mut work = merge(None, files);
    let mut bodies: Vec<ChapterBody> = work.new_bodies.iter().map(|(_, b)| b.clone()).collect();
    let mut is_new = vec![true; bodies.len()];
    drop_copies(&mut work, &mut bodies, &mut is_new);
    work
}

#[test]
fn chapters_with_their_own_numbers_and_titles_are_never_copies() {
    let titles = [
        "Dust", "Wells", "Mules", "Flats", "Carts", "Wind", "Dunes", "Gates", "Bells", "Home",
    ];
    let files = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let n = i as u32 + 1;
            let text = format!("{SHARED}\n\nThen {title}.");
            file(
                &format!("/in/salt_{n}.txt"),
                vec![chapter(Some(n), Some(title), &text)],
            )
        })
        .collect();
    let work = merged(files);
    let got: Vec<Option<&str>> = work
        .work
        .chapters
        .iter()
        .map(|c| c.title.as_deref())
        .collect();
    let want: Vec<Option<&str>> = titles.iter().map(|t| Some(*t)).collect();
    assert_eq!(got, want);
}

#[test]
fn chapters_with_other_titles_are_never_copies() {
    let files = vec![
        file("/in/a.txt", vec![chapter(None, Some("Dust"), SHARED)]),
        file("/in/b.txt", vec![chapter(None, Some("Home"), SHARED)]),
    ];
    assert_eq!(merged(files).work.chapters.len(), 2);
}

#[test]
fn a_copy_is_joined_and_the_kept_chapter_names_both_files() {
    // A one-shot saved twice: no number, no title, the same text rewrapped.
    let files = vec![
        file("/in/salt.txt", vec![chapter(None, None, SHARED)]),
        file(
            "/in/salt (1).txt",
            vec![chapter(None, None, &SHARED.replace(", and", ",\nand"))],
        ),
    ];
    let work = merged(files);
    assert_eq!(work.work.chapters.len(), 1);
    let mut sources = work.work.chapters[0].sources.clone();
    sources.sort();
    assert_eq!(sources, ["/in/salt (1).txt", "/in/salt.txt"]);
    assert_eq!(work.sources.len(), 2, "both files stay sources of the work");
}

#[test]
fn a_copy_at_the_same_place_names_the_file_it_replaced() {
    // A txt save and a whole-work download holding chapter 1 twice.
    let files = vec![
        file("/in/salt.txt", vec![chapter(Some(1), Some("Dust"), SHARED)]),
        file(
            "/in/salt.epub",
            vec![
                chapter(Some(1), Some("Dust"), SHARED),
                chapter(Some(2), Some("Home"), "They were home by the second night."),
            ],
        ),
    ];
    let work = merged(files);
    assert_eq!(work.work.chapters.len(), 2);
    let first = &work.work.chapters[0];
    assert!(
        first.sources.contains(&"/in/salt.txt".to_string()),
        "{:?}",
        first.sources
    );
    assert!(
        first.sources.contains(&"/in/salt.epub".to_string()),
        "{:?}",
        first.sources
    );
}

/// The caravan story as a two-chapter download beside a txt save holding
/// `txt` as its one chapter.
fn download_and_txt(txt: &str) -> super::MergedWork {
    merged(vec![
        file(
            "/in/salt.epub",
            vec![
                chapter(Some(1), Some("Dust"), CAMP),
                chapter(Some(2), Some("Wells"), DRY),
            ],
        ),
        file("/in/salt.txt", vec![chapter(None, None, txt)]),
    ])
}

#[test]
fn a_whole_work_saved_as_one_chapter_is_a_copy_of_its_chapters() {
    // A txt save without chapter headings: both chapters in one block.
    let work = download_and_txt(&format!("{CAMP}\n\n{DRY}"));
    let titles: Vec<Option<&str>> = work
        .work
        .chapters
        .iter()
        .map(|c| c.title.as_deref())
        .collect();
    assert_eq!(titles, [Some("Dust"), Some("Wells")]);
    for chapter in &work.work.chapters {
        assert!(
            chapter.sources.contains(&"/in/salt.txt".to_string()),
            "{:?}",
            chapter.sources
        );
    }
}

#[test]
fn a_lone_chapter_with_text_of_its_own_is_kept() {
    let epilogue = "Years later the cook wrote it all down, and got the mule's name wrong, \
        and the driver never forgave her for it, though he kept the book by his bed.";
    let work = download_and_txt(&format!("{CAMP}\n\n{DRY}\n\n{epilogue}"));
    assert_eq!(work.work.chapters.len(), 3);
}
