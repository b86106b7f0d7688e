//! The HTML and EPUB works the generator writes import back to what the
//! manifest says: title, authors, rating and chapter count.
#![cfg(feature = "library")]

use ficshelf_bench::corpus::{self, Config, Format, ManifestEntry};
use ficshelf_library::{Library, NoProgress};
use std::path::Path;

fn manifest(root: &Path) -> Vec<ManifestEntry> {
    ficshelf_bench::bench::verify::load_manifest(root).expect("manifest")
}

fn check_round_trip(format: Format) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join(format.name());
    let config = Config {
        out: out.clone(),
        size: None,
        works: Some(8),
        seed: 7,
        jobs: 2,
        format,
        length: corpus::Length::Standard,
    };
    let totals = corpus::generate(&config, &mut |_| {}).expect("generate");
    assert_eq!(totals.works, 8);
    let entries = manifest(&out);
    assert_eq!(entries.len(), 8);
    assert!(entries.iter().any(|e| e.chapters == 1), "a one-shot");
    assert!(
        entries.iter().any(|e| e.chapters > 1),
        "a multi-chapter work"
    );

    let mut library = Library::open(&dir.path().join("library")).expect("open library");
    library.set_analyze_on_import(false);
    let report = library
        .import(std::slice::from_ref(&out), &NoProgress)
        .expect("import");
    assert!(report.skipped.is_empty(), "skipped: {:?}", report.skipped);
    let works = library.works().expect("works");
    assert_eq!(works.len(), entries.len());
    for entry in &entries {
        assert_eq!(entry.files.len(), 1);
        let file = &entry.files[0];
        assert!(file.ends_with(&format!(".{}", format.name())), "{file}");
        let work = works
            .iter()
            .find(|w| w.sources.iter().any(|s| s.ends_with(file.as_str())))
            .unwrap_or_else(|| panic!("no work from {file}"));
        assert_eq!(Some(&work.title), entry.title.as_ref(), "{file}");
        assert!(!work.title_inferred, "{file}");
        assert_eq!(work.authors, entry.authors, "{file}");
        assert_eq!(work.rating.as_str(), entry.rating_ao3, "{file}");
        assert_eq!(work.chapters.len() as u32, entry.chapters, "{file}");
        assert_eq!(work.words, entry.words, "{file}: words");
    }
}

#[test]
fn ao3_html_imports_back_to_the_manifest() {
    check_round_trip(Format::Html);
}

#[test]
fn epub_imports_back_to_the_manifest() {
    check_round_trip(Format::Epub);
}

#[test]
fn formats_write_the_same_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut titles = Vec::new();
    for format in Format::ALL {
        let out = dir.path().join(format.name());
        let config = Config {
            out: out.clone(),
            size: None,
            works: Some(5),
            seed: 3,
            jobs: 1,
            format,
            length: corpus::Length::Standard,
        };
        corpus::generate(&config, &mut |_| {}).expect("generate");
        let entries = manifest(&out);
        titles.push(
            entries
                .iter()
                .map(|e| (e.index, e.chapters, e.chapter_words.clone()))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(titles[0], titles[1]);
    assert_eq!(titles[1], titles[2]);
}

/// Regression: the markup formats told each work's story with text of
/// their own, so no importer could tell a work's txt and EPUB for one work
/// by their text. Every format now holds the same story text, and a
/// library that imports each format's folder in its own import holds one
/// work per manifest entry.
#[test]
fn formats_tell_the_same_story_and_import_as_one_work_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut library = Library::open(&dir.path().join("library")).expect("open library");
    library.set_analyze_on_import(false);
    let mut expected = 0;
    for format in [Format::Txt, Format::Epub, Format::Html] {
        let out = dir.path().join(format.name());
        let config = Config {
            out: out.clone(),
            size: None,
            works: Some(10),
            seed: 11,
            jobs: 1,
            format,
            length: corpus::Length::Standard,
        };
        corpus::generate(&config, &mut |_| {}).expect("generate");
        expected = expected.max(manifest(&out).len());
        let report = library
            .import(std::slice::from_ref(&out), &NoProgress)
            .expect("import");
        assert!(report.skipped.is_empty(), "skipped: {:?}", report.skipped);
    }
    let works = library.works().expect("works");
    assert_eq!(works.len(), expected, "one work per manifest entry");
    for work in &works {
        let has = |ext: &str| work.sources.iter().any(|s| s.ends_with(ext));
        assert!(
            has(".txt") && has(".epub") && has(".html"),
            "{:?}",
            work.sources
        );
    }
}
