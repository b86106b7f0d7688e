//! What analysis suggests, on the web: marked as suggested in listings and
//! on the work page (with the evidence behind a rating), never shown as
//! stated, and reachable by the `field~:` searches its links lead to.

use crate::common::{occurrences, Server};
use ficshelf_library::{Library, NoProgress};
use ficshelf_web::AppState;

/// A story that states nothing but its title and author.
const STORY: &str = "Title: Night Shift\nAuthor: Test Pen\n\n\
    Mara Voss checked the ward twice. \"You're late,\" said Ilan Brede.\n\n\
    Mara laughed. \"Ilan, it's three in the morning.\"\n\n\
    The blade opened his arm and blood sprayed across the wall; his entrails spilled.\n\n\
    Another blow, and the throat slit clean. Mara Voss did not look away.\n\n\
    \"Mara,\" Ilan said later. Mara Voss only nodded.\n";

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("night-shift.txt");
    std::fs::write(&input, STORY).expect("write");
    let mut library = Library::open(&dir.path().join("library")).expect("open");
    library.import(&[input], &NoProgress).expect("import");
    (dir, library)
}

#[tokio::test]
async fn suggestions_are_marked_linked_and_searchable() {
    let (_dir, library) = library();
    let work = library.works().expect("works").remove(0);
    let character = work
        .suggested
        .characters
        .first()
        .cloned()
        .expect("a character");
    assert!(work.characters.is_empty(), "nothing stated");
    assert!(work.suggested.rating.is_some(), "{:?}", work.suggested);
    let server = Server::start_state(AppState::new(library, None)).await;

    let listing = server.text("/works", 200).await;
    assert_eq!(
        occurrences(&listing, "Suggested by Ficshelf:"),
        1,
        "{listing}"
    );
    assert!(listing.contains("tag-suggested"));

    // The work is Not Rated: the page is behind the adult gate until consent.
    let page = server
        .get_with_cookie(&format!("/works/{}", work.id), "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("Suggested by Ficshelf"), "{page}");
    assert!(page.contains("Why this rating"), "{page}");
    assert!(page.contains("graphic violence"), "{page}");
    // The suggested language is a tag; the page names it as listings do.
    assert_eq!(work.suggested.language.as_deref(), Some("en"));
    assert!(
        page.contains("<dt>Language:</dt><dd>English</dd>"),
        "{page}"
    );
    assert!(!page.contains("<dd>en</dd>"), "{page}");
    // The stated block says nothing was stated.
    assert!(page.contains("None stated"));

    // The character link is a `character~:` search that finds the work.
    let query = format!("character~:\"{character}\"");
    let link = format!(
        "/search?q={}",
        query
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    );
    assert!(
        page.contains(&link.replace('&', "&amp;")),
        "{link} not on the page"
    );
    let results = server.text(&link, 200).await;
    assert!(results.contains("Night Shift"), "{results}");
    let plain = server
        .text(
            &format!("/search?q=character:%22{}%22", character.replace(' ', "+")),
            200,
        )
        .await;
    assert!(
        !plain.contains("Night Shift"),
        "plain filters never match suggestions"
    );
}
