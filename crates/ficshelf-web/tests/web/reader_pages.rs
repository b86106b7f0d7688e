//! A signed-in reader's home page, public bookmarks (by work and by
//! reader, within the viewer's view) and the shelf by bookmark tag.

use crate::accounts::{post_as, private_server, sign_in, KEEPER_PASSWORD, KID_PASSWORD};
use crate::common::{Server, XSS_SCRIPT};
use crate::shelf::grown_since_last_visit;

async fn page(server: &Server, path: &str, cookie: &str) -> (u16, String) {
    let response = server.get_with_cookie(path, cookie).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// Bookmarks work `id` as `cookie` with the form's fields.
async fn bookmark(server: &Server, cookie: &str, id: &str, fields: &str) {
    let path = format!("/works/{id}/shelf");
    let saved = post_as(server, &path, cookie, &format!("&action=bookmark{fields}")).await;
    assert_eq!(saved.status().as_u16(), 303, "{path}{fields}");
}

/// The text of the `<section class="reader-home">` on the home page.
fn reader_home(html: &str) -> &str {
    let start = html.find("class=\"reader-home\"").unwrap_or(html.len());
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_home_page_has_the_readers_sections_within_their_view() {
    let (server, dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let (status, html) = page(&server, "/", &kid).await;
    assert_eq!(status, 200);
    let home = reader_home(&html);
    assert!(
        home.contains("Nothing started yet.") && home.contains("No new chapters."),
        "{html}"
    );
    assert!(html.contains("Recently updated"), "the listing part stays");

    // Reads half of work 1, bookmarks it (it grows since), marks work 2.
    let (_, positions) = page(&server, "/works/1/reading", &kid).await;
    let csrf = serde_json::from_str::<serde_json::Value>(&positions).expect("JSON")["csrf"]
        .as_str()
        .expect("csrf")
        .to_string();
    let put = server
        .client
        .put(server.url("/works/1/reading/2"))
        .header("cookie", &kid)
        .header("x-csrf-token", csrf)
        .header("content-type", "application/json")
        .body(r#"{"fraction": 0.5}"#)
        .send()
        .await
        .expect("PUT");
    assert_eq!(put.status().as_u16(), 204);
    bookmark(&server, &kid, "1", "&tags=harbour").await;
    grown_since_last_visit(dir.path(), "kid", "1");
    let marked = post_as(&server, "/works/2/shelf", &kid, "&action=mark").await;
    assert_eq!(marked.status().as_u16(), 303);

    let (_, html) = page(&server, "/", &kid).await;
    let home = reader_home(&html);
    assert!(
        home.contains("<a href=\"/works/1/chapters/2#continue\">A Quiet Harbour</a> — chapter 2 of 2, 50% through"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"/works/1/chapters/2\">A Quiet Harbour</a> — 1 new chapter"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"/works/2\">Long Road</a>"),
        "{home}"
    );

    // A mute takes the muted works out of every section.
    let muted = post_as(&server, "/account/mutes", &kid, "&kind=tag&value=Angst").await;
    assert_eq!(muted.status().as_u16(), 303);
    let (_, html) = page(&server, "/", &kid).await;
    let home = reader_home(&html);
    assert!(!home.contains("Long Road"), "{home}");
    assert!(home.contains("Nothing marked for later."), "{home}");
    assert!(home.contains("A Quiet Harbour"), "{home}");

    // Another reader's home shows none of it.
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let (_, html) = page(&server, "/", &keeper).await;
    let home = reader_home(&html);
    assert!(home.contains("Nothing started yet."), "{home}");
    assert!(!home.contains("A Quiet Harbour"), "{home}");
}

#[tokio::test]
async fn public_bookmarks_by_work_leave_private_ones_out_and_escape_everything() {
    let (server, _dir, _) = private_server().await;
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let notes = format!("&notes=Harbour+mornings+{}", urlencoded(XSS_SCRIPT));
    let tags = format!("&tags=cosy%2C+{}", urlencoded(XSS_SCRIPT));
    bookmark(&server, &keeper, "1", &format!("{notes}{tags}&rec=on")).await;
    bookmark(&server, &kid, "1", "&notes=KID_PRIVATE_NOTE&private=on").await;

    let (status, html) = page(&server, "/works/1", &kid).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<a href=\"/works/1/bookmarks\">1 public bookmark</a>"),
        "{html}"
    );
    let (status, html) = page(&server, "/works/1/bookmarks", &kid).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<a class=\"bookmark-reader\" href=\"/readers/keeper/bookmarks\">keeper</a>"),
        "{html}"
    );
    assert!(html.contains("Recommended") && html.contains("Harbour mornings"));
    assert!(html.contains("href=\"/readers/keeper/bookmarks?tag=cosy\">cosy</a>"));
    assert!(!html.contains(XSS_SCRIPT), "notes and tags are escaped");
    assert!(
        !html.contains("KID_PRIVATE_NOTE"),
        "private even to its reader here"
    );
    let (_, html) = page(&server, "/works/2/bookmarks", &kid).await;
    assert!(html.contains("No one has bookmarked this work publicly yet."));
    let (_, html) = page(&server, "/works/2", &kid).await;
    assert!(html.contains(">0 public bookmarks</a>"), "{html}");
    // Work 3 is over kid's limit: neither it nor its bookmarks exist for them.
    assert_eq!(page(&server, "/works/3/bookmarks", &kid).await.0, 404);
    // Signed out, the wall answers first.
    assert_eq!(
        server.get("/works/1/bookmarks").await.status().as_u16(),
        303
    );
}

#[tokio::test]
async fn a_readers_public_bookmarks_follow_the_viewers_view() {
    let (server, _dir, _) = private_server().await;
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    bookmark(&server, &keeper, "1", "&notes=KEEPER_ONE&tags=sea").await;
    bookmark(&server, &keeper, "3", "&notes=KEEPER_THREE&tags=Sea").await;
    bookmark(&server, &keeper, "2", "&notes=KEEPER_SECRET&private=on").await;

    let (status, html) = page(&server, "/readers/keeper/bookmarks", &kid).await;
    assert_eq!(status, 200);
    assert!(html.contains("KEEPER_ONE"), "{html}");
    assert!(
        !html.contains("KEEPER_THREE"),
        "Mature, over kid's Teen limit"
    );
    assert!(!html.contains("KEEPER_SECRET"), "private");
    let (_, html) = page(&server, "/readers/Keeper/bookmarks", &keeper).await;
    assert!(html.contains("KEEPER_ONE") && html.contains("KEEPER_THREE"));
    assert!(
        !html.contains("KEEPER_SECRET"),
        "the public page, even to its owner"
    );
    let (_, html) = page(&server, "/readers/keeper/bookmarks?tag=SEA", &keeper).await;
    assert!(html.contains("public bookmarks tagged “SEA”"), "{html}");
    assert!(html.contains("KEEPER_ONE") && html.contains("KEEPER_THREE"));
    let (_, html) = page(&server, "/readers/kid/bookmarks", &keeper).await;
    assert!(html.contains("No public bookmarks to show."), "{html}");
    assert_eq!(
        page(&server, "/readers/nobody/bookmarks", &kid).await.0,
        404
    );
}

#[tokio::test]
async fn the_shelf_filters_bookmarks_by_the_readers_own_tags() {
    let (server, _dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    bookmark(&server, &kid, "1", "&notes=FIRST_NOTE&tags=Cosy%2C+sea").await;
    bookmark(&server, &kid, "2", "&notes=SECOND_NOTE&tags=cosy").await;
    bookmark(&server, &kid, "5", "&notes=THIRD_NOTE&tags=road").await;
    let (_, html) = page(&server, "/shelf", &kid).await;
    assert!(
        html.contains("<a href=\"/shelf?tag=Cosy\">Cosy</a> <span class=\"muted\">(2)</span>"),
        "{html}"
    );
    assert!(html.contains("FIRST_NOTE") && html.contains("SECOND_NOTE"));
    let (_, html) = page(&server, "/shelf?tag=cosy", &kid).await;
    assert!(html.contains("Bookmarks tagged “cosy”"), "{html}");
    assert!(html.contains("FIRST_NOTE") && html.contains("SECOND_NOTE"));
    assert!(!html.contains("THIRD_NOTE"), "{html}");
    assert!(html.contains("aria-current=\"page\">Cosy</a>"), "{html}");
    let (_, html) = page(&server, "/shelf?tag=nothing", &kid).await;
    assert!(html.contains("No bookmark of a work you can see holds this tag."));

    // Tags are edited on the work's shelf form.
    bookmark(&server, &kid, "2", "&notes=SECOND_NOTE&tags=road").await;
    let (_, html) = page(&server, "/shelf?tag=road", &kid).await;
    assert!(html.contains("SECOND_NOTE"), "{html}");
    let (_, html) = page(&server, "/works/2/shelf", &kid).await;
    assert!(html.contains("value=\"road\""), "{html}");
}

/// `text` form-encoded.
fn urlencoded(text: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/").expect("url");
    url.query_pairs_mut().append_pair("v", text);
    url.query().unwrap_or_default()[2..].to_string()
}

/// Sessions and views are reused for a moment (`accounts::recent`): a
/// change this server makes is seen at once, one made by another process
/// (`ficshelf user`) within seconds.
#[tokio::test]
async fn changes_made_elsewhere_are_seen_within_moments() {
    let (server, dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    assert_eq!(page(&server, "/works/2", &kid).await.0, 200);
    let mut elsewhere = ficshelf_library::readers::Readers::open(dir.path()).expect("readers");
    elsewhere
        .set_max_rating("kid", Some(ficshelf_model::Rating::General))
        .expect("limit");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while page(&server, "/works/2", &kid).await.0 != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "the new limit never applied"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    elsewhere.remove_user("kid").expect("remove");
    while page(&server, "/works/1", &kid).await.0 == 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the removed account stayed signed in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
