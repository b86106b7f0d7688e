//! The works kept in memory follow the library: an import made while the
//! server runs (through another handle, as `ficshelf import` would) shows up
//! on the next request, and cached pages are rendered again.

use crate::common::Server;
use ficshelf_library::{Library, NoProgress};
use ficshelf_web::AppState;

const FIRST: &str = "Title: First Light\nAuthor: Wren\nRating: G\n\nChapter 1: Dawn\n\nThe first version of the dawn.\n";
const SECOND: &str = "Title: Second Wind\nAuthor: Ash\nRating: G\n\nThe wind rose twice.\n";
const FIRST_EDITED: &str = "Title: First Light\nAuthor: Wren\nRating: G\n\nChapter 1: Dawn\n\nThe edited version of the dawn.\n";

#[tokio::test]
async fn an_import_while_serving_shows_up_on_the_next_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("library");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("first.txt"), FIRST).expect("write");
    let mut library = Library::open(&root).expect("open");
    library
        .import(std::slice::from_ref(&input), &NoProgress)
        .expect("import");
    let id = library.works().expect("works")[0].id.clone();
    let server = Server::start_state(AppState::new(library, None)).await;

    let works = server.text("/works", 200).await;
    assert!(works.contains("First Light") && !works.contains("Second Wind"));
    let chapter = format!("/works/{id}/chapters/1");
    assert!(server.text(&chapter, 200).await.contains("first version"));

    std::fs::write(input.join("first.txt"), FIRST_EDITED).expect("write");
    std::fs::write(input.join("second.txt"), SECOND).expect("write");
    let mut writer = Library::open(&root).expect("second handle");
    let report = writer.import(&[input], &NoProgress).expect("import");
    assert_eq!(report.works_created, 1, "{report:?}");

    let works = server.text("/works", 200).await;
    assert!(works.contains("Second Wind"), "the new work is listed");
    assert!(server.text("/", 200).await.contains("Second Wind"));
    let text = server.text(&chapter, 200).await;
    assert!(text.contains("edited version"), "the chapter is read again");
}
