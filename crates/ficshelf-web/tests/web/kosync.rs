//! KOReader's progress sync, sent exactly as its `kosync` plugin sends it:
//! JSON bodies, `Accept: application/vnd.koreader.v1+json`, the account in
//! `x-auth-user` and the MD5 of the typed password in `x-auth-key`.

use crate::accounts::{post_as, private_server, sign_in, KID_PASSWORD};
use crate::common::Server;
use ficshelf_library::readers::{partial_md5, Readers};
use md5::{Digest, Md5};
use reqwest::Method;

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
    let epub = server
        .client
        .get(server.url("/works/1/download.epub"))
        .header("cookie", &browser)
        .send()
        .await
        .expect("GET");
    assert_eq!(epub.status().as_u16(), 200);
    let bytes = epub.bytes().await.expect("epub");
    let document = partial_md5(std::io::Cursor::new(&bytes[..])).expect("hash");
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
