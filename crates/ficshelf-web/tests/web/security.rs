//! Headers on every response, entity tags, compression, and escaping of
//! whatever a work's files contain.

use crate::common::{library, occurrences, Server, XSS_IMG, XSS_SCRIPT};

const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let server = Server::start(library(), None).await;
    let home = server.text("/", 200).await;
    let css = home
        .split("href=\"/assets/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|name| format!("/assets/{name}"))
        .expect("stylesheet link");
    for path in [
        "/",
        "/works",
        "/works/1",
        "/works/1/chapters/1",
        "/works/3",
        "/works/99",
        "/api/works",
        "/api/works/99",
        css.as_str(),
        "/works/1/chapters?chapter=2",
    ] {
        let response = server.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["content-security-policy"], CSP, "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn pages_carry_no_inline_script_or_style() {
    let server = Server::start(library(), None).await;
    for path in [
        "/",
        "/works",
        "/works/1",
        "/works/1?view_full_work=true",
        "/works/1/chapters/1",
        "/works/3",
        "/works/5",
        "/works/5/chapters/1",
        "/nowhere",
    ] {
        let response = server.get(path).await;
        let html = response.text().await.expect("body");
        assert_eq!(occurrences(&html, "<script"), 1, "{path}: one script tag");
        assert!(html.contains("<script src=\"/assets/ficshelf-"), "{path}");
        assert!(!html.contains("<style"), "{path}");
        assert!(!html.contains(" style="), "{path}");
        // Event handler attributes: none, once the escaped hostile text is set aside.
        let markup = html.replace("&lt;img src=x onerror=alert(1)&gt;", "");
        assert!(!markup.contains(" onerror="), "{path}");
        assert!(!markup.contains(" onclick="), "{path}");
    }
}

#[tokio::test]
async fn entity_tags_revalidate() {
    let server = Server::start(library(), None).await;
    for path in [
        "/",
        "/works?sort=title",
        "/works/1/chapters/2",
        "/api/works/1",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status().as_u16(), 200);
        let tag = response.headers()["etag"]
            .to_str()
            .expect("text")
            .to_string();
        assert!(tag.starts_with("W/\""), "{tag}");
        let again = server
            .client
            .get(server.url(path))
            .header("if-none-match", &tag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().expect("text"), tag);
        assert!(again.headers().contains_key("content-security-policy"));
        assert!(again.text().await.expect("body").is_empty());
        let stale = server
            .client
            .get(server.url(path))
            .header("if-none-match", "W/\"0000\"")
            .send()
            .await
            .expect("GET");
        assert_eq!(stale.status().as_u16(), 200, "{path}");
    }
    // A different page has a different tag.
    let a = server.get("/works/1").await.headers()["etag"].clone();
    let b = server.get("/works/2").await.headers()["etag"].clone();
    assert_ne!(a, b);
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let server = Server::start(library(), None).await;
    for encoding in ["gzip", "br"] {
        let response = server
            .client
            .get(server.url("/works"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
    let plain = server.get("/works").await;
    assert!(!plain.headers().contains_key("content-encoding"));
}

#[tokio::test]
async fn hostile_text_is_escaped_everywhere() {
    let server = Server::start(library(), None).await;
    for path in [
        "/",
        "/works",
        "/works?q=tricky",
        "/works?tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/works?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/works/5",
        "/works/5?view_full_work=true",
        "/works/5/chapters/1",
    ] {
        let html = server.text(path, 200).await;
        assert!(!html.contains(XSS_SCRIPT), "{path}: raw <script>");
        assert!(!html.contains("<script>"), "{path}: raw <script>");
        assert!(!html.contains(XSS_IMG), "{path}: raw <img>");
        assert!(!html.contains("<img"), "{path}: raw <img>");
        assert!(
            !html.contains("href=\"javascript:"),
            "{path}: javascript: link"
        );
        assert!(!html.contains("href=\"javascript&#x3a;"), "{path}");
    }
    let work = server.text("/works/5", 200).await;
    assert!(
        work.contains("&lt;script&gt;alert(1)&lt;"),
        "escaped title shown"
    );
    assert!(
        work.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "escaped author shown"
    );
    assert!(
        work.contains("href=\"/works?tag=javascript%3Aalert%281%29\""),
        "tag link encoded"
    );
    let chapter = server.text("/works/5/chapters/1", 200).await;
    assert!(chapter.contains(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>"
    ));
    // The API keeps the text as it is: JSON, not HTML.
    let api = server.json("/api/works/5").await;
    assert_eq!(api["title"], format!("Tricky {XSS_SCRIPT} title"));
}
