//! KOReader's progress sync, sent exactly as its `kosync` plugin sends it:
//! JSON bodies, `Accept: application/vnd.koreader.v1+json`, the account in
//! `x-auth-user` and the MD5 of the typed password in `x-auth-key`. And the
//! one place KOReader and the web reader share in an exported book.

use crate::accounts::{post_as, private_server, sign_in, KID_PASSWORD};
use crate::common::{library, Server};
use crate::shelf::put_position;
use ficshelf_library::readers::{partial_md5, Readers};
use ficshelf_model::{ChapterBody, Rating, Work};
use ficshelf_search::TagWrangler;
use ficshelf_web::AppState;
use md5::{Digest, Md5};
use reqwest::Method;
use tempfile::TempDir;

const GET: Method = Method::GET;
const PUT: Method = Method::PUT;
const POST: Method = Method::POST;
use serde_json::{json, Value};

const ACCEPT: &str = "application/vnd.koreader.v1+json";
const SYNC_PASSWORD: &str = "kobo-by-the-window";

fn key(password: &str) -> String {
    hex::encode(Md5::digest(password.as_bytes()))
}

/// Sends one plugin request; returns the status and the JSON body.
async fn send(
    server: &Server,
    method: Method,
    path: &str,
    user: Option<(&str, &str)>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = server
        .client
        .request(method, server.url(path))
        .header("accept", ACCEPT);
    if let Some((name, key)) = user {
        request = request
            .header("x-auth-user", name)
            .header("x-auth-key", key);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn koreader_syncs_progress_through_the_plugins_requests() {
    let (server, dir, _) = private_server().await;
    let browser = sign_in(&server, "kid", KID_PASSWORD).await;
    let fields = format!("&password={SYNC_PASSWORD}");
    let set = post_as(&server, "/account/kosync", &browser, &fields).await;
    assert_eq!(set.status().as_u16(), 303);
    let kid = ("kid", key(SYNC_PASSWORD));
    let kid = Some((kid.0, kid.1.as_str()));

    // Registering is the keeper's job: every name gets the same answer.
    for name in ["kid", "stranger"] {
        let register = json!({"username": name, "password": key(SYNC_PASSWORD)});
        let (status, body) = send(&server, POST, "/users/create", None, Some(register)).await;
        assert_eq!((status, body["code"].clone()), (402, json!(2002)), "{name}");
    }

    let (status, body) = send(&server, GET, "/users/auth", kid, None).await;
    assert_eq!((status, body), (200, json!({"authorized": "OK"})));
    let wrong = Some(("kid", "5f4dcc3b5aa765d61d8327deb882cf99"));
    let (status, _) = send(&server, GET, "/users/auth", wrong, None).await;
    assert_eq!(status, 401);
    let (status, _) = send(&server, GET, "/users/auth", None, None).await;
    assert_eq!(status, 401);

    // The book as the library exported it: its hash is recorded.
    let document = exported_document(&server, &browser, "1").await;
    let records = Readers::open(dir.path()).expect("readers");
    let record = records
        .store()
        .document(&document)
        .expect("read")
        .expect("recorded");
    assert_eq!(record.export.expect("an export").work_id, "1");

    let progress = json!({
        "document": document,
        "progress": "/body/DocFragment[3]/body/p[12]/text().0",
        "percentage": 0.42,
        "device": "Kobo Clara",
        "device_id": "0A1B2C3D",
    });
    let (status, body) = send(&server, PUT, "/syncs/progress", kid, Some(progress)).await;
    assert_eq!(status, 200);
    assert_eq!(body["document"], document.as_str());
    assert!(body["timestamp"].as_i64().is_some_and(|t| t > 0));

    let path = format!("/syncs/progress/{document}");
    let (status, body) = send(&server, GET, &path, kid, None).await;
    assert_eq!(status, 200);
    assert_eq!(body["percentage"], 0.42);
    assert_eq!(body["progress"], "/body/DocFragment[3]/body/p[12]/text().0");
    assert_eq!(body["device"], "Kobo Clara");
    assert_eq!(body["device_id"], "0A1B2C3D");

    // A book the library never exported is stored, not refused.
    let foreign = "0123456789abcdef0123456789abcdef";
    let elsewhere = json!({"document": foreign, "progress": "7", "percentage": 0.1, "device": "phone", "device_id": "P1"});
    let (status, _) = send(&server, PUT, "/syncs/progress", kid, Some(elsewhere)).await;
    assert_eq!(status, 200);
    let (status, body) = send(
        &server,
        GET,
        &format!("/syncs/progress/{foreign}"),
        kid,
        None,
    )
    .await;
    assert_eq!((status, body["progress"].clone()), (200, json!("7")));
    let unknown = "ffffffffffffffffffffffffffffffff";
    let (status, body) = send(
        &server,
        GET,
        &format!("/syncs/progress/{unknown}"),
        kid,
        None,
    )
    .await;
    assert_eq!((status, body), (200, json!({})));

    // Without the key, nothing is read or written.
    let (status, _) = send(&server, GET, &path, None, None).await;
    assert_eq!(status, 401);
    let (status, _) = send(&server, PUT, "/syncs/progress", None, Some(json!({}))).await;
    assert_eq!(status, 401);
}

/// The chapters of work 6, "Four Lamps" (rated General): four of unequal
/// length, so a place in the book is a place in one chapter.
const FOUR_LAMPS: [(&str, &str); 4] = [
    (
        "The First Lamp",
        "Odile lit the first lamp at the top of the stair.\n\nIt smoked, then caught.",
    ),
    (
        "The Second Lamp",
        "The second lamp hung in the kitchen, above the long table where the \
         ferrymen ate.\n\nNobody had trimmed its wick since spring, and it \
         sputtered like a kettle before it settled into a low yellow glow.",
    ),
    (
        "The Third Lamp",
        "The third lamp was the one her grandmother had carried across the \
         marsh.\n\nIts glass was cracked in two places and mended with wire. \
         Odile held it up to the window and counted the boats still out on \
         the water: three, then two, then only the one with the red sail.",
    ),
    (
        "The Fourth Lamp",
        "She never lit the fourth lamp.\n\nIt stayed on the sill, cold, \
         waiting for whoever came home last.",
    ),
];

/// Word counts of [`FOUR_LAMPS`], as the library counts them.
fn lamp_words() -> Vec<u64> {
    FOUR_LAMPS
        .iter()
        .map(|(_, text)| ChapterBody::from_text(text).words())
        .collect()
}

/// A server over the test library and work 6, with `kid` (Teen) signed in
/// in a browser with a KOReader sync password set; returns the browser's
/// cookie.
async fn lamps_server() -> (Server, TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut readers = Readers::open(dir.path()).expect("readers");
    readers
        .add_user("kid", KID_PASSWORD, false, Some(Rating::Teen))
        .expect("add kid");
    let mut catalog = library();
    let mut lamps = Work::new("6", "Four Lamps");
    lamps.authors = vec!["Marram".into()];
    lamps.rating = Rating::General;
    catalog.add(lamps, &FOUR_LAMPS);
    let state = AppState::with_catalog(catalog, None).with_readers(readers, TagWrangler::new());
    let server = Server::start_state(state).await;
    let browser = sign_in(&server, "kid", KID_PASSWORD).await;
    let fields = format!("&password={SYNC_PASSWORD}");
    let set = post_as(&server, "/account/kosync", &browser, &fields).await;
    assert_eq!(set.status().as_u16(), 303);
    (server, dir, browser)
}

/// Downloads work `id`'s EPUB as `browser`; returns KOReader's name for it.
async fn exported_document(server: &Server, browser: &str, id: &str) -> String {
    let epub = server
        .client
        .get(server.url(&format!("/works/{id}/download.epub")))
        .header("cookie", browser)
        .send()
        .await
        .expect("GET");
    assert_eq!(epub.status().as_u16(), 200);
    let bytes = epub.bytes().await.expect("epub");
    partial_md5(std::io::Cursor::new(&bytes[..])).expect("hash")
}

/// `PUT /syncs/progress` of a place in `document` from the reader's Kobo.
async fn push_from_kobo(
    server: &Server,
    user: Option<(&str, &str)>,
    document: &str,
    xpointer: &str,
    percentage: f64,
) {
    let push = json!({
        "document": document,
        "progress": xpointer,
        "percentage": percentage,
        "device": "Kobo Libra",
        "device_id": "9F8E7D6C",
    });
    let (status, _) = send(server, PUT, "/syncs/progress", user, Some(push)).await;
    assert_eq!(status, 200);
}

/// `GET /works/6/reading` as `browser`.
async fn lamps_reading(server: &Server, browser: &str) -> Value {
    let response = server.get_with_cookie("/works/6/reading", browser).await;
    assert_eq!(response.status().as_u16(), 200);
    serde_json::from_str(&response.text().await.expect("body")).expect("JSON")
}

#[tokio::test]
async fn a_koreader_push_opens_the_web_reader_at_its_chapter() {
    let (server, _dir, browser) = lamps_server().await;
    let document = exported_document(&server, &browser, "6").await;
    let key = key(SYNC_PASSWORD);
    let kid = Some(("kid", key.as_str()));

    // The EPUB's spine is the preface, then the chapters: DocFragment[3]
    // is chapter 2. Its percentage is a third of the way into chapter 2.
    let words = lamp_words();
    let total: u64 = words.iter().sum();
    let percentage = (words[0] as f64 + words[1] as f64 / 3.0) / total as f64;
    let xpointer = "/body/DocFragment[3]/body/p[2]/text().14";
    push_from_kobo(&server, kid, &document, xpointer, percentage).await;

    let reading = lamps_reading(&server, &browser).await;
    assert_eq!(reading["positions"][0]["chapter"], 2, "{reading}");
    let fraction = reading["positions"][0]["fraction"]
        .as_f64()
        .expect("fraction");
    assert!((fraction - 1.0 / 3.0).abs() < 1e-6, "{reading}");
    let shelf = server.get_with_cookie("/shelf", &browser).await;
    assert_eq!(shelf.status().as_u16(), 200);
    let html = shelf.text().await.expect("shelf");
    assert!(
        html.contains("href=\"/works/6/chapters/2#continue\""),
        "Continue reading goes to chapter 2: {html}"
    );

    // KOReader asking again gets its own, precise place back.
    let path = format!("/syncs/progress/{document}");
    let (status, body) = send(&server, GET, &path, kid, None).await;
    assert_eq!(status, 200);
    assert_eq!(body["progress"], xpointer);
    assert_eq!(body["device"], "Kobo Libra");
}

#[tokio::test]
async fn koreader_is_answered_with_a_newer_web_position() {
    let (server, _dir, browser) = lamps_server().await;
    let document = exported_document(&server, &browser, "6").await;
    let key = key(SYNC_PASSWORD);
    let kid = Some(("kid", key.as_str()));
    let early = "/body/DocFragment[2]/body/p[1]/text().0";
    push_from_kobo(&server, kid, &document, early, 0.01).await;
    // Positions are kept to the second: the web reader's must be later.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    // The reading script saves a place halfway through chapter 3.
    let csrf = lamps_reading(&server, &browser).await["csrf"]
        .as_str()
        .expect("csrf")
        .to_string();
    let half = r#"{"fraction": 0.5}"#;
    let saved = put_position(&server, &browser, &csrf, "/works/6/reading/3", half).await;
    assert_eq!(saved, 204);

    let path = format!("/syncs/progress/{document}");
    let (status, body) = send(&server, GET, &path, kid, None).await;
    assert_eq!(status, 200);
    assert_eq!(body["document"], document.as_str());
    assert_eq!(body["progress"], "/body/DocFragment[4]/body", "{body}");
    let words = lamp_words();
    let total: u64 = words.iter().sum();
    let start = (words[0] + words[1]) as f64 / total as f64;
    let end = (words[0] + words[1] + words[2]) as f64 / total as f64;
    let percentage = body["percentage"].as_f64().expect("percentage");
    assert!(start < percentage && percentage < end, "{body}");
    assert_eq!(body["device"], "Ficshelf web");
    assert_eq!(body["device_id"], "ficshelf-web-reader");
    assert!(body["timestamp"].as_i64().is_some_and(|t| t > 0));
}
