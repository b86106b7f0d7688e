//! The adult-content gate stands before any text of a Mature, Explicit or
//! Not Rated work, and the reader's answer lets them through.

use crate::common::{library, Server};

const MESSAGE: &str = "This work could have adult content. If you continue, you have agreed that you are willing to see such content.";

#[tokio::test]
async fn gate_stands_before_every_page_of_an_adult_work() {
    let server = Server::start(library(), None).await;
    for path in [
        "/works/3",
        "/works/3?view_full_work=true",
        "/works/3/chapters/1",
        "/works/3/chapters/3",
        "/works/4",
        "/works/4/chapters/1",
    ] {
        let html = server.text(path, 200).await;
        assert!(html.contains(MESSAGE), "{path}: no gate");
        assert!(html.contains(">Yes, Continue</button>"), "{path}");
        assert!(html.contains(">Don't ask again</button>"), "{path}");
        assert!(html.contains(">No, Go Back</a>"), "{path}");
        for secret in ["SECRET_MATURE_TEXT", "MATURE_SUMMARY", "UNRATED_TEXT"] {
            assert!(
                !html.contains(secret),
                "{path}: {secret} shown behind the gate"
            );
        }
        assert!(html.contains("method=\"post\""), "{path}");
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
    }
    // The form returns to the page that was asked for.
    let html = server.text("/works/3/chapters/2", 200).await;
    assert!(html.contains("action=\"/works/3/view_adult\""));
    assert!(
        html.contains("name=\"return_to\" value=\"&#x2f;works&#x2f;3&#x2f;chapters&#x2f;2\"")
            || html.contains("name=\"return_to\" value=\"/works/3/chapters/2\""),
        "{html}"
    );
}

#[tokio::test]
async fn general_and_teen_works_are_not_gated() {
    let server = Server::start(library(), None).await;
    for path in ["/works/1", "/works/2/chapters/1"] {
        assert!(!server.text(path, 200).await.contains(MESSAGE), "{path}");
    }
}

#[tokio::test]
async fn the_cookie_lets_the_reader_through() {
    let server = Server::start(library(), None).await;
    let response = server
        .get_with_cookie("/works/3/chapters/1", "other=1; view_adult=true")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.expect("body");
    assert!(!html.contains(MESSAGE));
    assert!(html.contains("SECRET_MATURE_TEXT first letter."));
    let full = server
        .get_with_cookie("/works/3?view_full_work=true", "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(full.contains("SECRET_MATURE_TEXT third letter."));
}

async fn answer(server: &Server, remember: &str, return_to: &str) -> reqwest::Response {
    server
        .client
        .post(server.url("/works/3/view_adult"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("return_to={return_to}&remember={remember}"))
        .send()
        .await
        .expect("POST")
}

#[tokio::test]
async fn yes_continue_sets_a_session_cookie_for_the_work() {
    let server = Server::start(library(), None).await;
    let response = answer(&server, "once", "%2Fworks%2F3%2Fchapters%2F2").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/works/3/chapters/2");
    let cookie = response.headers()["set-cookie"].to_str().expect("text");
    assert_eq!(
        cookie,
        "view_adult=true; Path=/works/3; HttpOnly; SameSite=Lax"
    );
}

#[tokio::test]
async fn dont_ask_again_sets_a_cookie_for_a_year() {
    let server = Server::start(library(), None).await;
    let response = answer(&server, "always", "%2Fworks%2F3").await;
    assert_eq!(response.status().as_u16(), 303);
    let cookie = response.headers()["set-cookie"].to_str().expect("text");
    assert!(
        cookie.starts_with("view_adult=true; Path=/; Max-Age=31536000"),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
}

#[tokio::test]
async fn the_answer_never_redirects_off_the_work() {
    let server = Server::start(library(), None).await;
    for target in [
        "https%3A%2F%2Fevil.example%2F",
        "%2Fworks%2F1",
        "%2F%2Fevil.example",
    ] {
        let response = answer(&server, "once", target).await;
        assert_eq!(response.headers()["location"], "/works/3", "{target}");
    }
    let response = server
        .client
        .post(server.url("/works/99/view_adult"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("remember=once")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn the_view_adult_link_works_like_ao3s() {
    let server = Server::start(library(), None).await;
    let response = server.get("/works/3/chapters/1?view_adult=true").await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_string();
    assert!(
        cookie.starts_with("view_adult=true; Path=/works/3;"),
        "{cookie}"
    );
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("SECRET_MATURE_TEXT"));
}

#[tokio::test]
async fn the_api_follows_the_gate() {
    let mut catalog = library();
    catalog.works[2].notes.begin = Some("MATURE_NOTE".into());
    catalog.works[2].chapters[0].notes.end = Some("MATURE_CHAPTER_NOTE".into());
    catalog.works[2].disclaimer = Some("MATURE_DISCLAIMER".into());
    let server = Server::start(catalog, None).await;

    let refused = server.get("/api/works/3/chapters/1").await;
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.expect("body");
    assert!(body.contains("view_adult=true"), "{body}");
    assert!(!body.contains("SECRET_MATURE_TEXT"));
    assert_eq!(
        server
            .get("/api/works/4/chapters/1")
            .await
            .status()
            .as_u16(),
        403
    );

    for path in ["/api/works", "/api/works/3"] {
        let text = server.text(path, 200).await;
        assert!(
            text.contains("MATURE_SUMMARY"),
            "the blurb is public: {path}"
        );
        for secret in ["MATURE_NOTE", "MATURE_CHAPTER_NOTE", "MATURE_DISCLAIMER"] {
            assert!(!text.contains(secret), "{path} showed {secret}");
        }
    }
    let general = server.json("/api/works/1/chapters/1").await;
    assert_eq!(
        general["notes"]["begin"], "Chapter one note.",
        "no gate below Mature"
    );

    let by_link = server.json("/api/works/3/chapters/1?view_adult=true").await;
    assert!(by_link["text"]
        .as_str()
        .expect("text")
        .contains("SECRET_MATURE_TEXT"));
    assert_eq!(by_link["notes"]["end"], "MATURE_CHAPTER_NOTE");
    let by_cookie = server
        .get_with_cookie("/api/works/3", "view_adult=true")
        .await
        .text()
        .await
        .expect("body");
    assert!(by_cookie.contains("MATURE_NOTE") && by_cookie.contains("MATURE_DISCLAIMER"));
    let all = server.text("/api/works?view_adult=true", 200).await;
    assert!(all.contains("MATURE_CHAPTER_NOTE"));
}
