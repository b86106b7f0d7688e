//! A handle opened beside another ([`Library::open_beside`]) reads the same
//! library: its own database connection, the same search index.

use crate::{Library, NoProgress, SearchOptions};
use std::path::{Path, PathBuf};

/// Writes a one-chapter plain-text story and returns its path.
fn story(dir: &Path, name: &str, title: &str, word: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "Title: {title}\nAuthor: Wren Hollis\n\nChapter 1\n\nThe {word} stood by the mill all winter, \
         and nobody in the valley could say who had left it there.\n"
    );
    std::fs::write(&path, text).expect("write story");
    path
}

fn titles(library: &Library, query: &str) -> Vec<String> {
    let results = library
        .search(query, &SearchOptions::default())
        .expect("search");
    results.hits.into_iter().map(|hit| hit.title).collect()
}

#[test]
fn a_handle_opened_beside_sees_what_the_first_imports_later() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut first = Library::open(&tmp.path().join("lib")).expect("open");
    let lantern = story(tmp.path(), "a.txt", "The Lantern", "lantern");
    first.import(&[lantern], &NoProgress).expect("import");

    let beside = first.open_beside().expect("open beside");
    assert_eq!(titles(&beside, "lantern"), ["The Lantern"]);

    // A work imported through the first handle after the second was opened.
    let cart = story(tmp.path(), "b.txt", "The Cart", "cart");
    first.import(&[cart], &NoProgress).expect("import");
    assert_eq!(titles(&beside, "cart"), ["The Cart"]);
    let works = beside.works().expect("works");
    assert_eq!(works.len(), 2, "the second handle's store sees both");
    let cart = works.iter().find(|w| w.title == "The Cart").expect("cart");
    let body = beside.chapter_body(&cart.id, 1).expect("read");
    assert!(body.is_some_and(|b| format!("{b:?}").contains("cart stood by the mill")));
}
