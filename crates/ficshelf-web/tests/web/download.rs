//! Downloads: `/works/{id}/download.epub|html|txt|json` with the right
//! media type and attachment name, the same rating limit and adult gate as
//! the reader, and `?view_adult=true` accepted as consent.

use crate::common::{library, Server, XSS_IMG, XSS_SCRIPT};
use ficshelf_model::Rating;

/// GET `path` and return status, content type, disposition and body.
async fn fetch(
    server: &Server,
    path: &str,
    cookie: Option<&str>,
) -> (u16, String, String, Vec<u8>) {
    let response = match cookie {
        Some(cookie) => server.get_with_cookie(path, cookie).await,
        None => server.get(path).await,
    };
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    let body = response.bytes().await.expect("body").to_vec();
    (status, kind, disposition, body)
}

#[tokio::test]
async fn every_format_downloads_with_its_type_and_name() {
    let server = Server::start(library(), None).await;
    let cases = [
        ("epub", "application/epub+zip"),
        ("html", "text/html; charset=utf-8"),
        ("txt", "text/plain; charset=utf-8"),
        ("json", "application/json"),
    ];
    for (ext, media_type) in cases {
        let path = format!("/works/1/download.{ext}");
        let (status, kind, disposition, body) = fetch(&server, &path, None).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(kind, media_type, "{path}");
        assert_eq!(
            disposition,
            format!("attachment; filename=\"a-quiet-harbour-1.{ext}\""),
            "{path}"
        );
        match ext {
            "epub" => {
                assert_eq!(&body[..4], b"PK\x03\x04");
                assert_eq!(&body[30..58], b"mimetypeapplication/epub+zip");
            }
            "json" => {
                let value: serde_json::Value = serde_json::from_slice(&body).expect("json");
                assert_eq!(value["title"], "A Quiet Harbour");
                assert_eq!(value["chapters"][1]["title"], "Departure");
                assert_eq!(
                    value["chapters"][1]["text"],
                    "They left at dawn.\n\n* * *\n\nThe sea was calm.\n"
                );
            }
            _ => {
                let text = String::from_utf8(body).expect("utf-8");
                assert!(
                    text.contains("The harbour was quiet that morning."),
                    "{path}"
                );
                assert!(text.contains("Shore leave, a harbour"), "{path}: summary");
            }
        }
    }
    let (_, _, _, txt) = fetch(&server, "/works/1/download.txt", None).await;
    let txt = String::from_utf8(txt).expect("utf-8");
    assert!(
        txt.starts_with("Title: A Quiet Harbour\nAuthor: Wren\n"),
        "{txt}"
    );
    assert!(txt.contains("\nChapter 2: Departure\n"), "{txt}");
}

#[tokio::test]
async fn adult_works_need_consent_by_cookie_or_query() {
    let server = Server::start(library(), None).await;
    // No consent: the gate page, which leads back to the download.
    let (status, kind, disposition, body) = fetch(&server, "/works/3/download.epub", None).await;
    let page = String::from_utf8(body).expect("utf-8");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(disposition.is_empty());
    assert!(page.contains(">Yes, Continue</button>"), "{page}");
    assert!(
        page.contains("/works/3/download.epub"),
        "gate returns to the download"
    );
    assert!(!page.contains("SECRET_MATURE_TEXT"));

    // `?view_adult=true`: the file, and the per-work cookie.
    let response = server.get("/works/3/download.txt?view_adult=true").await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        cookie.starts_with("view_adult=true; Path=/works/3"),
        "{cookie}"
    );
    let text = response.text().await.expect("body");
    assert!(text.contains("SECRET_MATURE_TEXT third letter."));
    assert!(text.contains("Rating: R\n"), "{text}");

    // The gate's cookie.
    let (status, kind, _, body) =
        fetch(&server, "/works/4/download.epub", Some("view_adult=true")).await;
    assert_eq!((status, kind.as_str()), (200, "application/epub+zip"));
    assert_eq!(&body[30..38], b"mimetype");
}

#[tokio::test]
async fn rating_limit_and_unknown_ids_are_not_found() {
    let server = Server::start(library(), Some(Rating::Teen)).await;
    for path in [
        "/works/3/download.epub?view_adult=true",
        "/works/4/download.txt?view_adult=true",
        "/works/99/download.json",
        "/works/1/download.pdf",
    ] {
        let (status, _, _, body) = fetch(&server, path, Some("view_adult=true")).await;
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("SECRET_MATURE_TEXT"));
    }
    let (status, _, _, _) = fetch(&server, "/works/2/download.html", None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn work_page_links_downloads_and_user_text_stays_escaped() {
    let server = Server::start(library(), None).await;
    let page = server.text("/works/1", 200).await;
    for ext in ["epub", "html", "txt", "json"] {
        assert!(
            page.contains(&format!("href=\"/works/1/download.{ext}\"")),
            "{ext} link missing"
        );
    }
    let (status, _, disposition, body) = fetch(&server, "/works/5/download.html", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        disposition,
        "attachment; filename=\"tricky-script-alert-1-script-title-5.html\""
    );
    let html = String::from_utf8(body).expect("utf-8");
    assert!(
        !html.contains(XSS_SCRIPT),
        "raw script in the HTML download"
    );
    assert!(!html.contains(XSS_IMG), "raw img in the HTML download");
    assert!(html.contains("Tricky &lt;script&gt;alert(1)&lt;/script&gt; title"));
}
