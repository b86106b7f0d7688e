//! The JSON API answers with the model's JSON and the listing's filters.

use crate::common::{library, Server};

#[tokio::test]
async fn works_list_with_filters() {
    let server = Server::start(library(), None).await;
    let all = server.json("/api/works").await;
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 5);
    assert_eq!(all[0]["id"], "1");
    assert_eq!(all[0]["title"], "A Quiet Harbour");
    assert_eq!(all[0]["rating"], "general");
    assert_eq!(all[0]["chapters"].as_array().expect("chapters").len(), 2);

    let filtered = server
        .json("/api/works?fandom=Harry+Potter&sort=title")
        .await;
    let ids: Vec<&str> = filtered
        .as_array()
        .expect("array")
        .iter()
        .map(|w| w["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["4", "3"]);
}

#[tokio::test]
async fn one_work_and_one_chapter() {
    let server = Server::start(library(), None).await;
    let work = server.json("/api/works/1").await;
    assert_eq!(work["authors"][0], "Wren");
    assert_eq!(work["status"], "complete");

    let chapter = server.json("/api/works/1/chapters/2").await;
    assert_eq!(chapter["number"], 2);
    assert_eq!(chapter["title"], "Departure");
    assert_eq!(
        chapter["text"],
        "They left at dawn.\n\n* * *\n\nThe sea was calm.\n"
    );
    assert_eq!(
        chapter["html"],
        "<p>They left at dawn.</p>\n<hr>\n<p>The sea was calm.</p>\n"
    );
    assert!(chapter["notes"].is_object());

    let first = server.json("/api/works/1/chapters/1").await;
    assert_eq!(first["notes"]["begin"], "Chapter one note.");
}

#[tokio::test]
async fn missing_things_are_json_404s() {
    let server = Server::start(library(), None).await;
    for path in [
        "/api/works/99",
        "/api/works/1/chapters/9",
        "/api/works/1/chapters/x",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("application/json"));
        assert_eq!(
            response.text().await.expect("body"),
            r#"{"error":"not found"}"#
        );
    }
}

#[tokio::test]
async fn works_come_a_hundred_a_page_with_the_total_and_a_next_link() {
    use crate::common::MemoryCatalog;
    use ficshelf_model::{Rating, Work};
    let mut catalog = MemoryCatalog::default();
    for i in 1..=105 {
        let mut work = Work::new(i.to_string(), format!("Work {i:03}"));
        work.rating = Rating::General;
        work.tags = vec![if i % 3 == 0 {
            "Quote \" , Comma"
        } else {
            "Plain"
        }
        .to_string()];
        catalog.add(work, &[("", "A few words.")]);
    }
    let server = Server::start(catalog, None).await;
    let first = server.get("/api/works?sort=title").await;
    assert_eq!(first.headers()["x-total-count"], "105");
    assert_eq!(
        first.headers()["link"],
        "</api/works?sort=title&page=2>; rel=\"next\""
    );
    let first: serde_json::Value =
        serde_json::from_str(&first.text().await.expect("body")).expect("json");
    assert_eq!(first.as_array().expect("array").len(), 100);
    assert_eq!(first[0]["id"], "1");
    let second = server.get("/api/works?sort=title&page=2").await;
    assert!(second.headers().get("link").is_none());
    let second: serde_json::Value =
        serde_json::from_str(&second.text().await.expect("body")).expect("json");
    assert_eq!(second.as_array().expect("array").len(), 5);

    // A tag holding a quote and a comma is one value, not query syntax.
    let tagged = server.get("/api/works?tag=Quote+%22+%2C+Comma").await;
    assert_eq!(tagged.headers()["x-total-count"], "35");
    let bad = server.get("/api/works?q=%22unclosed").await;
    assert_eq!(bad.status().as_u16(), 400);
}
