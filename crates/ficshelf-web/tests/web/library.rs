//! The web reader over a real library: plain-text files imported into a
//! temporary library folder, then served on port 0.

use crate::common::{listed_ids, Server};
use ficshelf_library::{Library, NoProgress};
use ficshelf_model::Rating;
use ficshelf_web::{serve, serve_blocking, AppState, ServeOptions, WebError};
use std::path::Path;

const HARBOUR: &str = "Title: A Quiet Harbour
Author: Wren
Rating: G
Fandom: Star Trek
Pairing: Kirk/Spock
Tags: Fluff, Shore Leave
Status: Complete
Summary: Shore leave, and nothing goes wrong.

Chapter 1: Arrival

The harbour was quiet that morning, and the gulls circled overhead.

Chapter 2: Departure

They left at dawn, and the sea was calm all the way home.
";

const LETTERS: &str = "Title: Midnight Letters
Author: Quill
Rating: R
Fandom: Harry Potter
Summary: Letters written at midnight.

SECRET_MATURE_TEXT was written in the first letter, and nobody read it.
";

const HOSTILE: &str = "Title: Tricky <script>alert(1)</script> title
Author: Mallory
Rating: G
Fandom: Testing
Tags: <script>alert(1)</script>, javascript:alert(1)
Summary: <img src=x onerror=alert(1)> and <script>alert(1)</script>

The story says <script>alert(2)</script> and <img src=x onerror=alert(2)> out loud.
";

/// A library in a temporary folder holding the three works above.
pub(crate) fn imported_library(dir: &Path) -> Library {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    for (name, text) in [
        ("harbour.txt", HARBOUR),
        ("letters.txt", LETTERS),
        ("hostile.txt", HOSTILE),
    ] {
        std::fs::write(input.join(name), text).expect("write fixture");
    }
    let mut library = Library::open(&dir.join("library")).expect("open library");
    let report = library.import(&[input], &NoProgress).expect("import");
    assert_eq!(report.works_created, 3, "{report:?}");
    library
}

async fn start(max_rating: Option<Rating>) -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = imported_library(dir.path());
    let server = Server::start_state(AppState::new(library, max_rating)).await;
    (server, dir)
}

/// The id of the work titled `prefix…`, from the API.
async fn id_of(server: &Server, prefix: &str) -> String {
    let works = server.json("/api/works").await;
    works
        .as_array()
        .expect("array")
        .iter()
        .find(|w| w["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .and_then(|w| w["id"].as_str())
        .unwrap_or_else(|| panic!("no work titled {prefix}…"))
        .to_string()
}

#[tokio::test]
async fn imported_works_are_listed_and_readable() {
    let (server, _dir) = start(None).await;
    let home = server.text("/", 200).await;
    assert!(home.contains("<dt>Works</dt><dd>3</dd>"), "{home}");
    let listing = server.text("/works", 200).await;
    assert_eq!(listed_ids(&listing).len(), 3);
    assert!(listing.contains("A Quiet Harbour"));

    let harbour = id_of(&server, "A Quiet Harbour").await;
    let work = server.text(&format!("/works/{harbour}"), 200).await;
    assert!(work.contains("<h1 class=\"work-title\">A Quiet Harbour</h1>"));
    assert!(work.contains("Kirk/Spock"));
    let chapter = server
        .text(&format!("/works/{harbour}/chapters/1"), 200)
        .await;
    assert!(chapter.contains("The harbour was quiet that morning"));
    let full = server
        .text(&format!("/works/{harbour}?view_full_work=true"), 200)
        .await;
    assert!(full.contains("the sea was calm"));
    let api = server
        .json(&format!("/api/works/{harbour}/chapters/1"))
        .await;
    assert!(api["text"]
        .as_str()
        .expect("text")
        .contains("gulls circled"));
    assert_eq!(
        listed_ids(&server.text("/works?fandom=Star+Trek", 200).await),
        [harbour]
    );
}

#[tokio::test]
async fn a_mature_import_is_gated_then_readable() {
    let (server, _dir) = start(None).await;
    let letters = id_of(&server, "Midnight Letters").await;
    let path = format!("/works/{letters}/chapters/1");
    let gated = server.text(&path, 200).await;
    assert!(gated.contains("This work could have adult content."));
    assert!(!gated.contains("SECRET_MATURE_TEXT"));
    let open = server
        .get_with_cookie(&path, "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(open.contains("SECRET_MATURE_TEXT"));
}

#[tokio::test]
async fn max_rating_hides_a_mature_import() {
    let (server, _dir) = start(Some(Rating::Teen)).await;
    let works = server.json("/api/works").await;
    let titles: Vec<&str> = works
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|w| w["title"].as_str())
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(!titles.contains(&"Midnight Letters"));
    assert!(server
        .text("/", 200)
        .await
        .contains("<dt>Works</dt><dd>2</dd>"));
    assert!(!server
        .text("/works", 200)
        .await
        .contains("Midnight Letters"));
}

#[tokio::test]
async fn imported_hostile_text_is_escaped() {
    let (server, _dir) = start(None).await;
    let id = id_of(&server, "Tricky").await;
    for path in [
        "/".to_string(),
        "/works".to_string(),
        format!("/works/{id}"),
        format!("/works/{id}?view_full_work=true"),
        format!("/works/{id}/chapters/1"),
    ] {
        let html = server.text(&path, 200).await;
        assert!(!html.contains("<script>"), "{path}");
        assert!(!html.contains("<img"), "{path}");
        assert!(!html.contains("href=\"javascript:"), "{path}");
    }
}

#[tokio::test]
async fn entity_tags_over_a_real_library() {
    let (server, _dir) = start(None).await;
    let response = server.get("/works").await;
    let tag = response.headers()["etag"].clone();
    let again = server
        .client
        .get(server.url("/works"))
        .header("if-none-match", tag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status().as_u16(), 304);
}

#[tokio::test]
async fn serve_reports_an_address_it_cannot_bind() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = taken.local_addr().expect("address");
    let dir = tempfile::tempdir().expect("tempdir");
    let library = Library::open(dir.path()).expect("open library");
    let result = serve(
        library,
        ServeOptions {
            addr,
            max_rating: None,
        },
    )
    .await;
    match result {
        Err(WebError::Bind { addr: failed, .. }) => assert_eq!(failed, addr),
        other => panic!("expected a bind error, got {other:?}"),
    }
}

#[test]
fn serve_blocking_reports_an_address_it_cannot_bind() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("address");
    let dir = tempfile::tempdir().expect("tempdir");
    let library = Library::open(dir.path()).expect("open library");
    let options = ServeOptions {
        addr,
        max_rating: None,
    };
    match serve_blocking(library, options) {
        Err(WebError::Bind { addr: failed, .. }) => assert_eq!(failed, addr),
        other => panic!("expected a bind error, got {other:?}"),
    }
}

#[tokio::test]
async fn full_text_search_shows_the_best_chapter_and_a_snippet() {
    let (server, _dir) = start(None).await;
    let html = server.text("/search?q=gulls", 200).await;
    assert!(html.contains("A Quiet Harbour"), "{html}");
    assert!(html.contains("<mark>gulls</mark>"), "{html}");
    assert!(
        html.contains("/chapters/1\">Best match: chapter 1"),
        "{html}"
    );
    let api = server.json("/api/search?q=gulls").await;
    assert_eq!(api["total"], 1);
    assert_eq!(api["hits"][0]["chapter"], 1);
    assert_eq!(api["facets"]["rating"]["general"], 1);
}

#[tokio::test]
async fn search_snippets_of_adult_works_wait_for_consent() {
    let (server, _dir) = start(None).await;
    let html = server.text("/search?q=secret", 200).await;
    assert!(html.contains("Midnight Letters"), "the work is listed");
    assert!(
        !html.contains("<mark>"),
        "but none of its text is shown: {html}"
    );
    assert!(html.contains("The matching text is hidden"));
    let agreed = server
        .get_with_cookie("/search?q=secret", "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        agreed.contains("<mark>SECRET</mark>") || agreed.contains("<mark>secret</mark>"),
        "{agreed}"
    );
}

#[tokio::test]
async fn search_respects_the_rating_limit_and_reports_bad_queries() {
    let (server, _dir) = start(Some(Rating::Teen)).await;
    let html = server.text("/search?q=secret", 200).await;
    assert!(!html.contains("Midnight Letters"), "{html}");
    assert_eq!(server.json("/api/search?q=secret").await["total"], 0);
    let html = server.text("/search?q=ratin%3Ateen", 400).await;
    assert!(html.contains("did you mean rating?"), "{html}");
    let response = server.get("/api/search?q=ratin%3Ateen").await;
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn the_api_gates_adult_snippets_and_names_no_server_path() {
    let (server, dir) = start(None).await;
    let hidden = server.json("/api/search?q=SECRET_MATURE_TEXT").await;
    assert_eq!(hidden["total"], 1);
    assert_eq!(hidden["hits"][0]["snippet"], serde_json::Value::Null);
    let shown = server
        .get_with_cookie("/api/search?q=SECRET_MATURE_TEXT", "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(shown.contains("<mark>"), "{shown}");
    let by_link = server
        .json("/api/search?q=SECRET_MATURE_TEXT&view_adult=true")
        .await;
    assert!(by_link["hits"][0]["snippet"]
        .as_str()
        .is_some_and(|s| s.contains("<mark>")));

    let server_folder = dir.path().to_string_lossy().into_owned();
    let harbour = id_of(&server, "A Quiet Harbour").await;
    for path in [
        "/api/works".to_string(),
        format!("/api/works/{harbour}"),
        format!("/works/{harbour}/download.json"),
    ] {
        let text = server.text(&path, 200).await;
        assert!(
            !text.contains(&server_folder),
            "{path} shows a server path: {text}"
        );
        assert!(
            text.contains("\"harbour.txt\""),
            "{path} names the file: {text}"
        );
    }
    let work = server.json(&format!("/api/works/{harbour}")).await;
    assert_eq!(work["sources"], serde_json::json!(["harbour.txt"]));
    assert_eq!(
        work["chapters"][0]["sources"],
        serde_json::json!(["harbour.txt"])
    );
}

/// The work titles of a results page, in order.
fn titles(html: &str) -> Vec<String> {
    html.split("class=\"blurb-title\"><a href=\"/works/")
        .skip(1)
        .filter_map(|rest| rest.split('>').nth(1)?.split('<').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn search_has_a_sort_menu_and_facet_links() {
    let (server, _dir) = start(None).await;
    let html = server.text("/search?q=the", 200).await;
    assert_eq!(titles(&html).len(), 3, "{html}");
    for option in [
        "<option value=\"relevance\" selected>Best match</option>",
        "<option value=\"updated\">Date updated</option>",
        "<option value=\"published\">Date published</option>",
        "<option value=\"words\">Word count</option>",
        "<option value=\"chapters\">Chapters</option>",
        "<option value=\"title\">Title</option>",
    ] {
        assert!(html.contains(option), "missing {option}");
    }
    let include = "/search?q=the%20fandom%3A%22Star%20Trek%22&amp;page=1";
    assert!(
        html.contains(&format!(
            "<a href=\"{include}\">Star Trek</a> <span class=\"count\">(1)</span>"
        )),
        "{html}"
    );
    assert!(html.contains("<a href=\"/search?q=the%20rating%3A%22general%22&amp;page=1\">General Audiences</a> <span class=\"count\">(2)</span>"));
    let narrowed = server.text(&include.replace("&amp;", "&"), 200).await;
    assert_eq!(titles(&narrowed), ["A Quiet Harbour"]);
    let excluded = server
        .text("/search?q=the%20-fandom%3A%22Star%20Trek%22", 200)
        .await;
    assert_eq!(titles(&excluded).len(), 2);

    let by_title = server.text("/search?q=the&sort=title", 200).await;
    let titles_by_title = titles(&by_title);
    let mut sorted = titles_by_title.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles_by_title, sorted);
    assert!(by_title.contains("<option value=\"title\" selected>Title</option>"));
    assert!(
        by_title.contains(
            "href=\"/search?q=the%20fandom%3A%22Star%20Trek%22&amp;sort=title&amp;page=1\""
        ),
        "facet links keep the sort"
    );
    let stated = server
        .text("/search?q=the%20sort%3Awords&sort=title", 200)
        .await;
    assert!(
        stated.contains("<option value=\"words\" selected>Word count</option>"),
        "a sort: in the query wins over the menu"
    );

    let listing = server.text("/works?sort=chapters", 200).await;
    assert!(listing.contains("<option value=\"chapters\" selected>Chapters</option>"));
    assert!(listing.contains("<option value=\"published\">Date published</option>"));
    assert_eq!(titles(&listing)[0], "A Quiet Harbour", "two chapters first");
}
