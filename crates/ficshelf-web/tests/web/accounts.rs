//! Accounts on the web: the sign-in wall, sessions and their cookies, CSRF,
//! the sign-in throttle, readers' limits and mutes on every page of a work,
//! API tokens and HTTP Basic.
//!
//! Readers: `keeper` (admin, no limit) and `kid` (rated up to Teen), over
//! the shared test library (works 1 General Star Trek, 2 Teen Star Trek,
//! 3 Mature, 4 Not Rated).

use crate::common::{library, Server};
use base64::Engine;
use ficshelf_library::readers::Readers;
use ficshelf_model::Rating;
use ficshelf_search::TagWrangler;
use ficshelf_web::AppState;
use tempfile::TempDir;

pub const KEEPER_PASSWORD: &str = "lighthouse-keeper-7";
pub const KID_PASSWORD: &str = "paper-boats-and-kites";

/// A server over the test library with the two accounts; also returns
/// the API token made for `keeper`.
pub async fn private_server() -> (Server, TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut readers = Readers::open(dir.path()).expect("readers");
    let keeper = readers
        .add_user("keeper", KEEPER_PASSWORD, true, None)
        .expect("add keeper");
    readers
        .add_user("kid", KID_PASSWORD, false, Some(Rating::Teen))
        .expect("add kid");
    let token = readers
        .create_api_token(keeper.id, "reader app")
        .expect("token");
    let state = AppState::with_catalog(library(), None).with_readers(readers, TagWrangler::new());
    (Server::start_state(state).await, dir, token)
}

/// The value of cookie `name` set by `response`, with its attributes.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// `name=value` of a `Set-Cookie` line.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a csrf field")
        .to_string()
}

/// Posts the sign-in form as a browser would; returns the response.
pub async fn post_sign_in(server: &Server, name: &str, password: &str) -> reqwest::Response {
    let form = server.get("/login").await;
    let form_cookie = pair(&set_cookie(&form, "ficshelf_sign_in").expect("form cookie"));
    let csrf = csrf_of(&form.text().await.expect("body"));
    server
        .client
        .post(server.url("/login"))
        .header("cookie", form_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={csrf}&next=%2Fworks&name={name}&password={password}"
        ))
        .send()
        .await
        .expect("POST /login")
}

/// Signs in; returns the session cookie pair to send back.
pub async fn sign_in(server: &Server, name: &str, password: &str) -> String {
    let response = post_sign_in(server, name, password).await;
    assert_eq!(response.status().as_u16(), 303, "sign in as {name}");
    pair(&set_cookie(&response, "ficshelf_session").expect("session cookie"))
}

/// POSTs a form with the session cookie.
async fn post_form(server: &Server, path: &str, cookie: &str, body: &str) -> reqwest::Response {
    server
        .client
        .post(server.url(path))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .expect("POST")
}

/// The status of GET `path` with the session `cookie`.
pub async fn status(server: &Server, path: &str, cookie: &str) -> u16 {
    server.get_with_cookie(path, cookie).await.status().as_u16()
}

/// POSTs a form to `path` as the session `cookie` would from its pages:
/// with that session's CSRF token before `fields`.
pub async fn post_as(server: &Server, path: &str, cookie: &str, fields: &str) -> reqwest::Response {
    let csrf = account_csrf(server, cookie).await;
    post_form(server, path, cookie, &format!("csrf={csrf}{fields}")).await
}

async fn account_csrf(server: &Server, cookie: &str) -> String {
    let page = server.get_with_cookie("/account", cookie).await;
    assert_eq!(page.status().as_u16(), 200);
    csrf_of(&page.text().await.expect("body"))
}

#[tokio::test]
async fn signed_out_visitors_meet_the_sign_in_wall() {
    let (server, _dir, _) = private_server().await;
    for path in [
        "/",
        "/works",
        "/works/1",
        "/works/1/chapters/1",
        "/search?q=x",
        "/account",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let location = response.headers()["location"].to_str().expect("location");
        assert!(
            location.starts_with("/login?next=%2F"),
            "{path}: {location}"
        );
    }
    assert_eq!(server.get("/api/works").await.status().as_u16(), 401);
    let opds = server.get("/opds").await;
    assert_eq!(opds.status().as_u16(), 401);
    assert!(opds.headers()["www-authenticate"]
        .to_str()
        .expect("challenge")
        .starts_with("Basic"));
    // An e-reader app following an OPDS link to a file gets a challenge it
    // can answer; a browser gets the sign-in page.
    let download = |accept: &'static str| {
        let server = &server;
        async move {
            let response = server
                .client
                .get(server.url("/works/1/download.epub"))
                .header("accept", accept)
                .send()
                .await
                .expect("GET");
            (
                response.status().as_u16(),
                response.headers().get("www-authenticate").is_some(),
            )
        }
    };
    assert_eq!(download("application/epub+zip").await, (401, true));
    assert_eq!(
        download("text/html,application/xhtml+xml,*/*;q=0.8").await,
        (303, false)
    );
    let page = server.text("/login", 200).await;
    assert!(page.contains("Sign in"), "{page}");
    let stylesheet = page
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet link");
    assert_eq!(
        server.get(stylesheet).await.status().as_u16(),
        200,
        "{stylesheet}"
    );
    assert!(!page.contains("A Quiet Harbour"));
}

#[tokio::test]
async fn a_library_without_accounts_is_open_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let readers = Readers::open(dir.path()).expect("readers");
    let state = AppState::with_catalog(library(), None).with_readers(readers, TagWrangler::new());
    let server = Server::start_state(state).await;
    let home = server.text("/works", 200).await;
    assert!(home.contains("A Quiet Harbour"));
    server.text("/works/1/chapters/1", 200).await;
}

#[tokio::test]
async fn wrong_names_and_wrong_passwords_read_alike() {
    let (server, _dir, _) = private_server().await;
    let wrong_password = post_sign_in(&server, "kid", "not-the-password").await;
    assert_eq!(wrong_password.status().as_u16(), 401);
    let one = wrong_password.text().await.expect("body");
    let unknown = post_sign_in(&server, "nobody", "not-the-password").await;
    assert_eq!(unknown.status().as_u16(), 401);
    assert!(set_cookie(&unknown, "ficshelf_session").is_none());
    let two = unknown.text().await.expect("body");
    assert!(one.contains("Name or password is wrong."), "{one}");
    assert!(two.contains("Name or password is wrong."), "{two}");
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token() {
    let (server, _dir, _) = private_server().await;
    let response = server
        .client
        .post(server.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf=forged&name=kid&password={KID_PASSWORD}"))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 403);
    assert!(set_cookie(&response, "ficshelf_session").is_none());
}

#[tokio::test]
async fn session_cookies_are_http_only_lax_and_secure_behind_tls() {
    let (server, _dir, _) = private_server().await;
    let response = post_sign_in(&server, "kid", KID_PASSWORD).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/works");
    let cookie = set_cookie(&response, "ficshelf_session").expect("cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    let hint = set_cookie(&response, "ficshelf_signed_in").expect("the script's hint");
    assert!(
        hint.starts_with("ficshelf_signed_in=1;") && !hint.contains("HttpOnly"),
        "{hint}"
    );

    let form = server
        .client
        .get(server.url("/login"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .expect("GET");
    let form_cookie = pair(&set_cookie(&form, "ficshelf_sign_in").expect("form cookie"));
    let csrf = csrf_of(&form.text().await.expect("body"));
    let secure = server
        .client
        .post(server.url("/login"))
        .header("x-forwarded-proto", "https")
        .header("cookie", form_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&name=kid&password={KID_PASSWORD}"))
        .send()
        .await
        .expect("POST");
    let cookie = set_cookie(&secure, "ficshelf_session").expect("cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn signing_out_ends_the_session_and_everywhere_ends_them_all() {
    let (server, _dir, _) = private_server().await;
    let first = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let second = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    assert_eq!(status(&server, "/works", &first).await, 200);

    let out = post_as(&server, "/logout", &first, "").await;
    assert_eq!(out.status().as_u16(), 303);
    assert_eq!(status(&server, "/works", &first).await, 303);
    assert_eq!(status(&server, "/works", &second).await, 200);

    let third = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let out = post_as(&server, "/logout/everywhere", &third, "").await;
    assert_eq!(out.status().as_u16(), 303);
    for cookie in [&second, &third] {
        assert_eq!(status(&server, "/works", cookie).await, 303);
    }
}

#[tokio::test]
async fn forms_without_the_session_token_are_refused() {
    let (server, _dir, _) = private_server().await;
    let cookie = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    for body in ["adult_consent=on", "adult_consent=on&csrf=0000", ""] {
        let refused = post_form(&server, "/account/preferences", &cookie, body).await;
        assert_eq!(refused.status().as_u16(), 403, "{body}");
    }
    let refused = post_form(&server, "/logout", &cookie, "").await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(status(&server, "/works", &cookie).await, 200);
    // Another session's token is no good either.
    let other = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let other_csrf = account_csrf(&server, &other).await;
    let refused = post_form(&server, "/logout", &cookie, &format!("csrf={other_csrf}")).await;
    assert_eq!(refused.status().as_u16(), 403);
}

#[tokio::test]
async fn failed_sign_ins_are_rate_limited_per_name() {
    let (server, _dir, _) = private_server().await;
    for _ in 0..10 {
        let wrong = post_sign_in(&server, "kid", "guessing-again").await;
        assert_eq!(wrong.status().as_u16(), 401);
    }
    let blocked = post_sign_in(&server, "kid", KID_PASSWORD).await;
    assert_eq!(blocked.status().as_u16(), 429);
    assert!(blocked.headers().contains_key("retry-after"));
    assert!(set_cookie(&blocked, "ficshelf_session").is_none());
    // Another name from the same address is still under its own limit.
    sign_in(&server, "keeper", KEEPER_PASSWORD).await;
}

/// Every route that serves a work's text or file.
const WORK_ROUTES: [&str; 8] = [
    "/works/{id}",
    "/works/{id}?view_full_work=true",
    "/works/{id}/chapters/1",
    "/works/{id}/download.epub",
    "/works/{id}/download.txt",
    "/works/{id}/download.json",
    "/api/works/{id}",
    "/api/works/{id}/chapters/1",
];

#[tokio::test]
async fn no_route_serves_a_work_above_the_readers_limit() {
    let (server, _dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    for id in ["3", "4"] {
        for route in WORK_ROUTES {
            let path = route.replace("{id}", id);
            let response = server.get_with_cookie(&path, &kid).await;
            assert_eq!(response.status().as_u16(), 404, "{path}");
            let body = response.text().await.expect("body");
            assert!(!body.contains("SECRET_MATURE_TEXT") && !body.contains("UNRATED_TEXT"));
        }
    }
    for route in WORK_ROUTES {
        let path = route.replace("{id}", "2");
        assert_eq!(status(&server, &path, &kid).await, 200, "{path}");
    }
}

#[tokio::test]
async fn the_accounts_consent_opens_the_gate() {
    let (server, _dir, _) = private_server().await;
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let chapter = "/works/3/chapters/1";
    let gated = server.get_with_cookie(chapter, &keeper).await;
    assert_eq!(gated.status().as_u16(), 200);
    assert!(!gated
        .text()
        .await
        .expect("body")
        .contains("SECRET_MATURE_TEXT"));
    let saved = post_as(
        &server,
        "/account/preferences",
        &keeper,
        "&adult_consent=on",
    )
    .await;
    assert_eq!(saved.status().as_u16(), 303);
    let open = server.get_with_cookie(chapter, &keeper).await;
    assert!(open
        .text()
        .await
        .expect("body")
        .contains("SECRET_MATURE_TEXT"));
    let page = server.get_with_cookie("/account", &keeper).await;
    let page = page.text().await.expect("body");
    assert!(page.contains("name=\"adult_consent\" value=\"on\" checked"));
    // Unticked, the gate is back.
    let saved = post_as(&server, "/account/preferences", &keeper, "").await;
    assert_eq!(saved.status().as_u16(), 303);
    let gated = server.get_with_cookie(chapter, &keeper).await;
    assert!(!gated
        .text()
        .await
        .expect("body")
        .contains("SECRET_MATURE_TEXT"));
}

#[tokio::test]
async fn a_muted_fandom_hides_its_works_until_unmuted() {
    let (server, _dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let mute = "&kind=fandom&value=Star+*";
    let muted = post_as(&server, "/account/mutes", &kid, mute).await;
    assert_eq!(muted.status().as_u16(), 303);
    for id in ["1", "2"] {
        let path = format!("/works/{id}/chapters/1");
        assert_eq!(status(&server, &path, &kid).await, 404, "{path}");
    }
    let page = server.get_with_cookie("/account", &kid).await;
    assert!(page.text().await.expect("body").contains("fandom: Star *"));
    let unmuted = post_as(&server, "/account/mutes/remove", &kid, mute).await;
    assert_eq!(unmuted.status().as_u16(), 303);
    assert_eq!(status(&server, "/works/1", &kid).await, 200);
    let bad = post_as(&server, "/account/mutes", &kid, "&kind=colour&value=x").await;
    assert_eq!(bad.status().as_u16(), 400);
}

pub fn basic(name: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{name}:{password}"));
    format!("Basic {encoded}")
}

#[tokio::test]
async fn opds_signs_in_with_basic_and_the_api_with_tokens() {
    let (server, _dir, token) = private_server().await;
    let get = |path: &str, authorization: String| {
        server
            .client
            .get(server.url(path))
            .header("authorization", authorization)
            .send()
    };
    assert_eq!(
        get("/opds", basic("keeper", KEEPER_PASSWORD))
            .await
            .expect("GET")
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        get("/opds", basic("keeper", "wrong-password"))
            .await
            .expect("GET")
            .status()
            .as_u16(),
        401
    );
    let kid_epub = get("/works/3/download.epub", basic("kid", KID_PASSWORD))
        .await
        .expect("GET");
    assert_eq!(kid_epub.status().as_u16(), 404);
    let api = get("/api/works/1", format!("Bearer {token}"))
        .await
        .expect("GET");
    assert_eq!(api.status().as_u16(), 200);
    let forged = get("/api/works/1", format!("Bearer fsk_{}", "0".repeat(64)))
        .await
        .expect("GET");
    assert_eq!(forged.status().as_u16(), 401);
    // A token is not a session: it needs no CSRF token to post.
    let posted = server
        .client
        .post(server.url("/works/3/view_adult"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("remember=once&return_to=%2Fworks%2F3")
        .send()
        .await
        .expect("POST");
    assert_eq!(posted.status().as_u16(), 303);
}

#[tokio::test]
async fn readers_make_and_revoke_api_tokens_on_their_page() {
    let (server, _dir, _) = private_server().await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let made = post_as(&server, "/account/tokens", &kid, "&name=tablet").await;
    assert_eq!(made.status().as_u16(), 200);
    assert_eq!(made.headers()["cache-control"], "no-store");
    let html = made.text().await.expect("body");
    let secret = html
        .split("class=\"new-token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new token is shown")
        .to_string();
    let bearer = |path: &'static str| {
        let (server, secret) = (&server, secret.clone());
        async move {
            let response = server
                .client
                .get(server.url(path))
                .header("authorization", format!("Bearer {secret}"))
                .send()
                .await
                .expect("GET");
            response.status().as_u16()
        }
    };
    assert_eq!(bearer("/api/works/2").await, 200);
    assert_eq!(bearer("/api/works/3").await, 404, "the kid's limit holds");
    let page = server.get_with_cookie("/account", &kid).await;
    let page = page.text().await.expect("body");
    assert!(
        page.contains("tablet") && !page.contains(&secret),
        "shown once"
    );
    let again = post_as(&server, "/account/tokens", &kid, "&name=tablet").await;
    assert_eq!(again.status().as_u16(), 400);
    let revoked = post_as(&server, "/account/tokens/revoke", &kid, "&name=tablet").await;
    assert_eq!(revoked.status().as_u16(), 303);
    assert_eq!(bearer("/api/works/2").await, 401);
}

/// Regression: a second sign-in page (a favicon sent to the wall, another
/// tab) set a new form cookie and turned the first form stale.
#[tokio::test]
async fn another_sign_in_page_keeps_the_first_forms_token() {
    let (server, _dir, _) = private_server().await;
    let first = server.get("/login").await;
    let cookie = pair(&set_cookie(&first, "ficshelf_sign_in").expect("form cookie"));
    let csrf = csrf_of(&first.text().await.expect("body"));
    let favicon = server.get_with_cookie("/favicon.ico", &cookie).await;
    assert_eq!(favicon.status().as_u16(), 303);
    let second = server
        .get_with_cookie("/login?next=%2Ffavicon.ico", &cookie)
        .await;
    assert_eq!(csrf_of(&second.text().await.expect("body")), csrf);
    let body = format!("csrf={csrf}&name=kid&password={KID_PASSWORD}");
    let signed = post_form(&server, "/login", &cookie, &body).await;
    assert_eq!(signed.status().as_u16(), 303);
}

/// The ids `/api/works` lists for the reader with `cookie`.
async fn listed_ids(server: &Server, path: &str, cookie: &str) -> Vec<String> {
    let response = server.get_with_cookie(path, cookie).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let works = body
        .as_array()
        .or_else(|| body["hits"].as_array())
        .expect("works");
    let mut ids: Vec<String> = works
        .iter()
        .map(|w| w["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids
}

/// Regression: listings and searches showed a reader works above their
/// rating limit and works they muted (only a work's own pages refused
/// them). Every listing now searches within the reader's view, and a
/// page listed for one reader is never cached for another.
#[tokio::test]
async fn listings_and_searches_keep_to_the_readers_limit_and_mutes() {
    let (server, _dir, _) = private_server().await;
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    let everything = listed_ids(&server, "/api/works", &keeper).await;
    assert!(everything.len() >= 4, "{everything:?}");
    let within: Vec<String> = everything
        .iter()
        .filter(|id| *id != "3" && *id != "4")
        .cloned()
        .collect();
    assert_eq!(listed_ids(&server, "/api/works", &kid).await, within);
    let works_page = server.get_with_cookie("/works", &kid).await;
    let works_page = works_page.text().await.expect("body");
    assert!(!works_page.contains("/works/3\"") && !works_page.contains("/works/4\""));
    assert!(works_page.contains("/works/2\""), "{works_page}");
    let muted = post_as(&server, "/account/mutes", &kid, "&kind=fandom&value=Star+*").await;
    assert_eq!(muted.status().as_u16(), 303);
    let unmuted = listed_ids(&server, "/api/works", &kid).await;
    assert!(
        !unmuted.contains(&"1".to_string()) && !unmuted.contains(&"2".to_string()),
        "{unmuted:?}"
    );
    let home = server.get_with_cookie("/", &kid).await;
    let home = home.text().await.expect("body");
    assert!(!home.contains("/works/1\"") && !home.contains("/works/2\""));
    // The keeper's own pages are unchanged by the kid's mutes.
    assert_eq!(listed_ids(&server, "/api/works", &keeper).await, everything);
    let home = server.get_with_cookie("/", &keeper).await;
    assert!(home.text().await.expect("body").contains("/works/1\""));
}
