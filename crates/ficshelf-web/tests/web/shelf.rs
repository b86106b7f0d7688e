//! A signed-in reader's positions (saved from one browser, read from
//! another), bookmarks and Marked for Later.

use crate::accounts::{post_as, private_server, sign_in, KID_PASSWORD};
use crate::common::{library, Server};
use ficshelf_library::readers::Readers;
use ficshelf_search::TagWrangler;
use ficshelf_web::AppState;
use serde_json::Value;

/// The `/shelf` page of the session `cookie`.
async fn shelf_html(server: &Server, cookie: &str) -> String {
    let shelf = server.get_with_cookie("/shelf", cookie).await;
    assert_eq!(shelf.status().as_u16(), 200);
    shelf.text().await.expect("body")
}

/// Records, straight in the library's readers' records, a visit by `name`
/// to work `id` when it had one chapter fewer than the test library's.
pub fn grown_since_last_visit(dir: &std::path::Path, name: &str, id: &str) {
    let mut readers = Readers::open(dir).expect("readers");
    let user = readers.user_named(name).expect("reader").id;
    let mut work = library()
        .works
        .into_iter()
        .find(|w| w.id == id)
        .expect("a test work");
    work.chapters.pop();
    readers.record_visit(user, &work).expect("visit");
}

async fn reading(server: &Server, cookie: &str, id: &str) -> (u16, Value) {
    let response = server
        .get_with_cookie(&format!("/works/{id}/reading"), cookie)
        .await;
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// `PUT` of `body` to `path` as the reading script sends it.
pub async fn put_position(
    server: &Server,
    cookie: &str,
    csrf: &str,
    path: &str,
    body: &str,
) -> u16 {
    server
        .client
        .put(server.url(path))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("PUT")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_position_saved_in_one_browser_is_read_in_another() {
    let (server, _dir, _) = private_server().await;
    let laptop = sign_in(&server, "kid", KID_PASSWORD).await;
    let (status, answer) = reading(&server, &laptop, "1").await;
    assert_eq!(status, 200);
    assert_eq!(answer["signed_in"], true);
    assert_eq!(answer["positions"], Value::Array(Vec::new()));
    let csrf = answer["csrf"].as_str().expect("csrf").to_string();

    let put = |path: &'static str, body: &'static str, token: String| {
        let (server, laptop) = (&server, &laptop);
        async move { put_position(server, laptop, &token, path, body).await }
    };
    assert_eq!(
        put("/works/1/reading/2", r#"{"fraction": 0.5}"#, csrf.clone()).await,
        204
    );
    assert_eq!(
        put("/works/1/reading/2", r#"{"fraction": 0.9}"#, "stale".into()).await,
        403
    );
    assert_eq!(
        put("/works/1/reading/2", r#"{"fraction": 1.5}"#, csrf.clone()).await,
        400
    );
    assert_eq!(
        put("/works/1/reading/9", r#"{"fraction": 0.5}"#, csrf.clone()).await,
        400
    );
    assert_eq!(put("/works/1/reading/2", "half", csrf.clone()).await, 400);
    assert_eq!(
        put("/works/3/reading/1", r#"{"fraction": 0.5}"#, csrf.clone()).await,
        404
    );

    let phone = sign_in(&server, "kid", KID_PASSWORD).await;
    let (status, answer) = reading(&server, &phone, "1").await;
    assert_eq!(status, 200);
    assert_eq!(answer["positions"][0]["chapter"], 2);
    assert_eq!(answer["positions"][0]["fraction"], 0.5);
    assert_ne!(
        answer["csrf"],
        csrf.as_str(),
        "each session has its own token"
    );
    assert_eq!(reading(&server, &phone, "3").await.0, 404);
}

#[tokio::test]
async fn without_accounts_the_script_is_told_nobody_is_signed_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let readers = Readers::open(dir.path()).expect("readers");
    let state = AppState::with_catalog(library(), None).with_readers(readers, TagWrangler::new());
    let server = Server::start_state(state).await;
    let answer = server.json("/works/1/reading").await;
    assert_eq!(answer, serde_json::json!({"signed_in": false}));
}

#[tokio::test]
async fn bookmarks_and_marked_for_later_from_the_shelf_page() {
    let (server, _dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let page = |path: &'static str| {
        let (server, kid) = (&server, &kid);
        async move {
            let response = server.get_with_cookie(path, kid).await;
            let status = response.status().as_u16();
            (status, response.text().await.expect("body"))
        }
    };
    let (status, html) = page("/works/1/shelf").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Bookmark this work") && html.contains("Mark for Later"),
        "{html}"
    );

    let fields = "&action=bookmark&notes=Reread+in+winter&tags=cosy%2C+harbour&private=on";
    let saved = post_as(&server, "/works/1/shelf", &kid, fields).await;
    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(saved.headers()["location"], "/works/1/shelf");
    let marked = post_as(&server, "/works/1/shelf", &kid, "&action=mark").await;
    assert_eq!(marked.status().as_u16(), 303);
    let (_, html) = page("/works/1/shelf").await;
    assert!(html.contains("Update bookmark"), "{html}");
    assert!(
        html.contains("Reread in winter") && html.contains("cosy, harbour"),
        "{html}"
    );
    assert!(
        html.contains("name=\"private\" value=\"on\" checked"),
        "{html}"
    );
    assert!(html.contains("This work is marked for later."), "{html}");

    for action in ["unbookmark", "unmark"] {
        let done = post_as(
            &server,
            "/works/1/shelf",
            &kid,
            &format!("&action={action}"),
        )
        .await;
        assert_eq!(done.status().as_u16(), 303, "{action}");
    }
    let (_, html) = page("/works/1/shelf").await;
    assert!(html.contains("Bookmark this work") && !html.contains("marked for later."));

    let forged = server
        .client
        .post(server.url("/works/1/shelf"))
        .header("cookie", &kid)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=mark")
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status().as_u16(), 403);
    assert_eq!(page("/works/3/shelf").await.0, 404);
    let chapters = post_as(&server, "/works/1/shelf", &kid, "&action=chapters&read=2").await;
    assert_eq!(chapters.status().as_u16(), 303);
    let (_, html) = page("/works/1/shelf").await;
    assert!(html.contains("value=\"2\" checked> 2. Departure"), "{html}");
    assert!(html.contains("value=\"1\"> 1. Arrival"), "{html}");
    let none = post_as(&server, "/works/1/shelf", &kid, "&action=chapters").await;
    assert_eq!(none.status().as_u16(), 303);
    let (_, html) = page("/works/1/shelf").await;
    assert!(!html.contains("checked> 2. Departure"), "{html}");
    let unknown = post_as(&server, "/works/1/shelf", &kid, "&action=burn").await;
    assert_eq!(unknown.status().as_u16(), 400);
}

#[tokio::test]
async fn the_readers_shelf_lists_what_they_keep_within_their_view() {
    let (server, dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let (_, answer) = reading(&server, &kid, "1").await;
    let csrf = answer["csrf"].as_str().expect("csrf").to_string();
    let read = put_position(
        &server,
        &kid,
        &csrf,
        "/works/1/reading/1",
        r#"{"fraction": 0.95}"#,
    );
    assert_eq!(read.await, 204);
    let fields = "&action=bookmark&notes=The+gulls+chapter&tags=";
    assert_eq!(
        post_as(&server, "/works/1/shelf", &kid, fields)
            .await
            .status()
            .as_u16(),
        303
    );
    let mark = post_as(&server, "/works/2/shelf", &kid, "&action=mark").await;
    assert_eq!(mark.status().as_u16(), 303);
    // Seen with both its chapters: nothing is new yet.
    let html = shelf_html(&server, &kid).await;
    assert!(html.contains("No new chapters."), "{html}");
    // A visit from another device when the work had one chapter: the
    // second is new since.
    grown_since_last_visit(dir.path(), "kid", "1");

    let html = shelf_html(&server, &kid).await;
    assert!(
        html.contains("href=\"/works/1/chapters/1#continue\">A Quiet Harbour</a> — chapter 1 of 2, 95% through"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/works/1/chapters/2\">A Quiet Harbour</a> — 1 new chapter"),
        "{html}"
    );
    assert!(html.contains("href=\"/works/2\">Long Road</a>"), "{html}");
    assert!(html.contains("The gulls chapter"), "{html}");
    assert!(
        html.contains(
            "href=\"/works/1\">A Quiet Harbour</a> — visited 2 times, 1 of 2 chapters read"
        ),
        "{html}"
    );

    let muted = post_as(
        &server,
        "/account/mutes",
        &kid,
        "&kind=fandom&value=Star+Trek",
    )
    .await;
    assert_eq!(muted.status().as_u16(), 303);
    let html = shelf_html(&server, &kid).await;
    assert!(
        !html.contains("A Quiet Harbour") && !html.contains("Long Road"),
        "{html}"
    );
    assert!(html.contains("Nothing marked for later."), "{html}");
}
