//! Every page answers with the right status and its key content.

use crate::common::{library, listed_ids, MemoryCatalog, Server};

#[tokio::test]
async fn home_shows_stats_search_and_recent_works() {
    let server = Server::start(library(), None).await;
    let html = server.text("/", 200).await;
    assert!(html.contains("<h1>Your library</h1>"));
    assert!(html.contains("<dt>Works</dt><dd>5</dd>"), "{html}");
    // 7 + 10 + 3 + 3 + 3 + 4 words of story text.
    assert!(html.contains("<dt>Words</dt><dd>"));
    assert!(html.contains("action=\"/search\""));
    assert!(html.contains("id=\"home-search\" type=\"search\" name=\"q\""));
    // Most recently updated first.
    assert_eq!(listed_ids(&html), ["1", "2", "3", "5", "4"]);
    assert_eq!(html.matches("<h1").count(), 1);
    for landmark in ["<header", "<nav", "<main", "<footer"] {
        assert!(html.contains(landmark), "missing {landmark}");
    }
}

#[tokio::test]
async fn home_of_an_empty_library() {
    let server = Server::start(MemoryCatalog::default(), None).await;
    let html = server.text("/", 200).await;
    assert!(html.contains("The library is empty"));
}

#[tokio::test]
async fn works_listing_shows_blurbs() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works", 200).await;
    assert!(html.contains("<h1>Works</h1>"));
    assert!(html.contains("5 works"));
    assert_eq!(listed_ids(&html).len(), 5);
    // A blurb: title link, authors, fandom link, badges, tags, summary, stats.
    assert!(html.contains(
        "<a href=\"/works/1\">A Quiet Harbour</a> <span class=\"byline\">by Wren</span>"
    ));
    assert!(html.contains("<a href=\"/works?fandom=Star%20Trek\">Star Trek</a>"));
    assert!(html.contains("title=\"Rating: General Audiences\""));
    assert!(html.contains("<span class=\"visually-hidden\">Complete work</span>"));
    assert!(html.contains("<span class=\"visually-hidden\">Category: M/M</span>"));
    assert!(html.contains("<span class=\"visually-hidden\">No archive warnings apply</span>"));
    assert!(
        html.contains("<a class=\"tag\" href=\"/works?relationship=Kirk%2FSpock\">Kirk/Spock</a>")
    );
    assert!(html.contains("Shore leave, a harbour, and nothing going wrong for once."));
    assert!(html.contains("<dt>Chapters</dt><dd>2/2</dd>"));
    assert!(html.contains("<dt>Chapters</dt><dd>1/?</dd>"));
    assert!(html.contains("<dt>Language</dt><dd>English</dd>"));
    assert!(html.contains("<span class=\"visually-hidden\">Updated: </span>2024-05-01</p>"));
    // The filter form is a plain GET form with labelled controls.
    assert!(html.contains("<form method=\"get\" action=\"/works\">"));
    assert!(html.contains("<label for=\"filter-sort\">Sort by</label>"));
    assert!(html.contains("<label for=\"words-from\">From</label>"));
    assert!(html.contains("<label for=\"include-fandom\">Include</label>"));
    assert!(html.contains("<label for=\"exclude-tag\">Exclude</label>"));
}

#[tokio::test]
async fn work_page_shows_the_preface_and_index() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works/1", 200).await;
    assert!(html.contains("<h1 class=\"work-title\">A Quiet Harbour</h1>"));
    assert_eq!(html.matches("<h1").count(), 1);
    for expected in [
        "<dt>Rating:</dt>",
        "General Audiences",
        "<dt>Archive Warnings:</dt>",
        "No Archive Warnings Apply",
        "<dt>Category:</dt><dd>M/M</dd>",
        "<dt>Fandoms:</dt>",
        "<dt>Relationships:</dt>",
        "<dt>Characters:</dt>",
        "James T. Kirk",
        "<dt>Additional Tags:</dt>",
        "Shore Leave",
        "<dt>Language:</dt><dd>English</dd>",
        "<dt>Published</dt><dd>2024-01-02</dd>",
        "<dt>Words</dt>",
        "<h2 id=\"summary-heading\">Summary</h2>",
        "Written for a friend.",
        "See the end of the work for more notes.",
        "Not mine.",
        "<h2 id=\"chapters-heading\">Chapters</h2>",
        "<a href=\"/works/1/chapters/1\">Chapter 1: Arrival</a>",
        "<a href=\"/works/1/chapters/2\">Chapter 2: Departure</a>",
        "href=\"/works/1?view_full_work=true\">Entire work</a>",
        "Start reading",
        "data-continue",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    // No story text on the index page, and no suggestions for this work.
    assert!(!html.contains("The harbour was quiet"));
    assert!(!html.contains("Suggested by Ficshelf"));
}

#[tokio::test]
async fn suggestions_are_a_separate_block() {
    let server = Server::start(library(), None).await;
    let html = server
        .get_with_cookie("/works/3", "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    let (stated, suggested) = html
        .split_once("<h2 id=\"suggested-heading\">Suggested by Ficshelf</h2>")
        .expect("suggested block");
    assert!(!stated.contains("Hermione Granger"));
    let block = suggested.split("</aside>").next().expect("block end");
    assert!(block.contains("Hermione Granger"));
    assert!(block.contains("Explicit"));
    assert!(stated.contains("Mature"));
    assert!(stated.contains("(stated as “R”)"));
}

#[tokio::test]
async fn entire_work_shows_every_chapter() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works/1?view_full_work=true", 200).await;
    assert!(html.contains("The harbour was quiet that morning."));
    assert!(html.contains("The sea was calm."));
    assert!(html.contains("<hr>"));
    assert!(html.contains("id=\"chapter-2\""));
    assert!(html.contains("Chapter one note."));
    assert!(html.contains("Thanks for reading!"));
    assert!(html.contains("Chapter index</a>"));
}

#[tokio::test]
async fn chapter_reader() {
    let server = Server::start(library(), None).await;
    let first = server.text("/works/1/chapters/1", 200).await;
    assert!(first.contains("<h2 id=\"chapter-heading\">Chapter 1: Arrival</h2>"));
    assert!(first.contains("<p>The harbour was quiet that morning.</p>"));
    assert!(first.contains("Chapter one note."));
    assert!(
        first.contains("Written for a friend."),
        "work notes before chapter 1"
    );
    assert!(
        !first.contains("Thanks for reading!"),
        "end notes only after the last"
    );
    assert!(first.contains("<a href=\"/works/1/chapters/2\" rel=\"next\">"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("<option value=\"1\" selected>Chapter 1: Arrival</option>"));
    assert!(first.contains("action=\"/works/1/chapters\""));
    assert!(first.contains("data-reader-settings"));
    assert!(first.contains("data-work-id=\"1\" data-chapter=\"1\""));
    assert!(first.contains("Chapter 1 of 2"));
    assert_eq!(first.matches("<h1").count(), 1);

    let last = server.text("/works/1/chapters/2", 200).await;
    assert!(last.contains("<a href=\"/works/1/chapters/1\" rel=\"prev\">"));
    assert!(!last.contains("rel=\"next\""));
    assert!(last.contains("Thanks for reading!"));
}

#[tokio::test]
async fn chapter_menu_works_without_javascript() {
    let server = Server::start(library(), None).await;
    let response = server.get("/works/1/chapters?chapter=2").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/works/1/chapters/2");
    let response = server.get("/works/1/chapters?chapter=9").await;
    assert_eq!(response.headers()["location"], "/works/1#chapters");
    server.text("/works/99/chapters?chapter=1", 404).await;
}

#[tokio::test]
async fn missing_things_are_404_pages() {
    let server = Server::start(library(), None).await;
    for path in [
        "/works/99",
        "/works/99?view_full_work=true",
        "/works/1/chapters/3",
        "/works/1/chapters/0",
        "/works/1/chapters/abc",
        "/works/1/chapters/99999999999999999999",
        "/nowhere",
        "/assets/ficshelf.css",
    ] {
        let html = server.text(path, 404).await;
        assert!(html.contains("<h1>Page not found</h1>"), "{path}");
        assert!(html.contains("<main"), "{path}");
    }
}

#[tokio::test]
async fn failures_are_500_pages_without_details() {
    let catalog = MemoryCatalog {
        broken: true,
        ..library()
    };
    let server = Server::start(catalog, None).await;
    for path in ["/", "/works", "/works/1", "/works/1/chapters/1"] {
        let html = server.text(path, 500).await;
        assert!(html.contains("<h1>Something went wrong</h1>"), "{path}");
        assert!(!html.contains("secret"), "{path}");
        assert!(!html.contains("fire"), "{path}");
    }
    let response = server.get("/api/works").await;
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"error":"internal error"}"#
    );
}

#[tokio::test]
async fn assets_are_served_with_long_caching() {
    let server = Server::start(library(), None).await;
    let html = server.text("/", 200).await;
    let find = |ext: &str| {
        html.split("\"/assets/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .find(|name| name.ends_with(ext))
            .map(|name| format!("/assets/{name}"))
            .expect("asset link")
    };
    for (path, content_type) in [(find(".css"), "text/css"), (find(".js"), "text/javascript")] {
        assert!(path.starts_with("/assets/ficshelf-"), "{path}");
        let response = server.get(&path).await;
        assert_eq!(response.status().as_u16(), 200);
        let headers = response.headers();
        assert!(headers["content-type"]
            .to_str()
            .expect("text")
            .starts_with(content_type));
        assert_eq!(
            headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
}

#[tokio::test]
async fn templates_can_be_overridden_from_the_library_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("templates")).expect("mkdir");
    std::fs::write(
        dir.path().join("templates/home.html"),
        "<p>My own home: {{ stats.works }} works</p>",
    )
    .expect("write");
    let catalog = MemoryCatalog {
        root: Some(dir.path().to_path_buf()),
        ..library()
    };
    let server = Server::start(catalog, None).await;
    assert_eq!(server.text("/", 200).await, "<p>My own home: 5 works</p>");
    // Templates without an override stay built in.
    assert!(server.text("/works", 200).await.contains("<h1>Works</h1>"));
}

#[tokio::test]
async fn stated_stats_add_to_ours_without_repeating_them() {
    let mut catalog = library();
    let field = |label: &str, value: &str| ficshelf_model::Field {
        label: label.into(),
        value: value.into(),
    };
    // As a FanFiction.Net save states them, beside a mailing-list header.
    catalog.works[0].fields = vec![
        field("Chapters", "2"),
        field("Words", "31"),
        field("Reviews", "52"),
        field("Favs", "88"),
        field("Follows", "61"),
        field("id", "8612234"),
        field("FEEDBACK", "Gratefully received."),
    ];
    let server = Server::start(catalog, None).await;
    let html = server.text("/works/1", 200).await;
    for shown in [
        "<dt>ID:</dt><dd>8612234</dd>",
        "<dt>Feedback:</dt><dd>Gratefully received.</dd>",
        "<div><dt>Reviews</dt><dd>52</dd></div>",
        "<div><dt>Favorites</dt><dd>88</dd></div>",
        "<div><dt>Follows</dt><dd>61</dd></div>",
    ] {
        assert!(html.contains(shown), "missing {shown}");
    }
    for hidden in [
        "<dt>Words:</dt>",
        "<dt>Chapters:</dt>",
        "<dt>id:</dt>",
        "<dd>31</dd>",
    ] {
        assert!(!html.contains(hidden), "shows {hidden}");
    }
    assert_eq!(html.matches("<dt>Words</dt>").count(), 1, "one word count");
    let record = server.json("/api/works/1").await;
    assert_eq!(
        record["fields"].as_array().map(Vec::len),
        Some(7),
        "the record keeps them"
    );
}
