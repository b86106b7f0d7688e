//! Administrators manage the library from the browser: uploads imported
//! with progress, edits, the trash, merge and split, the history with undo.
//! Every page and action as a signed-out visitor, a reader rated up to
//! Teen, a reader with mutes and an administrator; CSRF refused without a
//! token; hostile upload names write nothing outside the library.
//!
//! The library (a real one in a temporary folder) starts with two works:
//! "Salt and Lanterns" (General, Lighthouse Keepers, tag Found Family,
//! 2 chapters) and "The Ferryman's Ledger" (Teen, Lighthouse Keepers,
//! 1 chapter).

use crate::accounts::{csrf_of, post_as, post_sign_in, set_cookie, sign_in, status};
use crate::common::Server;
use ficshelf_library::readers::{MuteKind, Readers};
use ficshelf_library::{Library, NoProgress};
use ficshelf_model::Rating;
use ficshelf_search::TagWrangler;
use ficshelf_web::AppState;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const ADMIN_PASSWORD: &str = "harbour-master-ledger";
const TEEN_PASSWORD: &str = "kites-over-the-pier";
const MUTER_PASSWORD: &str = "no-found-family-thanks";

const SALT: &str = "Title: Salt and Lanterns\nAuthor: Merrow Vale\nRating: General Audiences\nFandom: Lighthouse Keepers\nAdditional Tags: Found Family\n\nChapter 1: The Lamp Room\n\nThe lamp needed oil before the storm came in off the water.\n\nChapter 2: Low Tide\n\nAt low tide the rocks showed their green backs to the gulls.\n";
const LEDGER: &str = "Title: The Ferryman's Ledger\nAuthor: Tamsin Reed\nRating: Teen And Up Audiences\nFandom: Lighthouse Keepers\n\nEvery crossing was written down in the ledger, the fare and the weather both.\n";
const UPLOADED: &str = "Title: Copper Weathervane\nAuthor: Idris Marlow\nRating: General Audiences\nFandom: Rooftop Tales\n\nThe weathervane turned east, and the baker swore it meant a quiet morning for the marmalade.\n";
const ZIPPED: &str = "Title: The Orchard Keeper's Almanac\nAuthor: Bryony Ash\nRating: General Audiences\nFandom: Rooftop Tales\n\nThe almanac promised frost, and the quinces were picked a week early.\n";

/// A private server over a real library, with an administrator
/// (`harbour`), a reader rated up to Teen (`kit`) and a reader muting
/// "Found Family" (`wren`).
struct Setup {
    server: Server,
    dir: TempDir,
    salt: String,
    ledger: String,
}

impl Setup {
    fn root(&self) -> PathBuf {
        self.dir.path().join("library")
    }
}

async fn setup_with(upload_limit: Option<u64>) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("salt.txt"), SALT).expect("write");
    std::fs::write(input.join("ledger.txt"), LEDGER).expect("write");
    let root = dir.path().join("library");
    let mut library = Library::open(&root).expect("open");
    library.import(&[input], &NoProgress).expect("import");
    let id_of = |title: &str| {
        library
            .works()
            .expect("works")
            .into_iter()
            .find(|w| w.title == title)
            .map(|w| w.id)
            .expect("work")
    };
    let (salt, ledger) = (id_of("Salt and Lanterns"), id_of("The Ferryman's Ledger"));
    let mut readers = Readers::open(&root).expect("readers");
    readers
        .add_user("harbour", ADMIN_PASSWORD, true, None)
        .expect("admin");
    readers
        .add_user("kit", TEEN_PASSWORD, false, Some(Rating::Teen))
        .expect("teen reader");
    let wren = readers
        .add_user("wren", MUTER_PASSWORD, false, None)
        .expect("reader with mutes");
    readers
        .add_mute(wren.id, MuteKind::Tag, "Found Family")
        .expect("mute");
    let mut state = AppState::new(library, None).with_readers(readers, TagWrangler::new());
    if let Some(limit) = upload_limit {
        state = state.with_upload_limit(limit);
    }
    Setup {
        server: Server::start_state(state).await,
        dir,
        salt,
        ledger,
    }
}

async fn setup() -> Setup {
    setup_with(None).await
}

/// A `multipart/form-data` body: the CSRF token first (when given), then
/// each `(file name, bytes)` as a `files` field. Returns the content type
/// and the body.
fn multipart(csrf: Option<&str>, files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----ficshelf-test-boundary-7f3a";
    let mut body = Vec::new();
    if let Some(token) = csrf {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
        )
        .expect("write");
    }
    for (name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .expect("write");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").expect("write");
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The CSRF token on the import page for `cookie`.
async fn import_csrf(server: &Server, cookie: &str) -> String {
    let page = server.get_with_cookie("/admin/import", cookie).await;
    assert_eq!(page.status().as_u16(), 200);
    csrf_of(&page.text().await.expect("body"))
}

/// Posts an upload as `cookie`.
async fn upload(
    server: &Server,
    cookie: &str,
    csrf: Option<&str>,
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let (content_type, body) = multipart(csrf, files);
    server
        .client
        .post(server.url("/admin/import"))
        .header("cookie", cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("POST /admin/import")
}

/// Follows a job page until the import ends; returns its last HTML.
async fn finished_job(server: &Server, cookie: &str, location: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let response = server.get_with_cookie(location, cookie).await;
        assert_eq!(response.status().as_u16(), 200, "{location}");
        let refreshes = response.headers().contains_key("refresh");
        let no_store = response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let html = response.text().await.expect("body");
        if html.contains("data-job-stage=\"done\"") || html.contains("data-job-stage=\"failed\"") {
            assert!(!refreshes, "a finished job's page stops refreshing");
            return html;
        }
        assert!(refreshes, "a running job's page refreshes itself");
        assert_eq!(no_store, Some("no-store".to_string()));
        assert!(Instant::now() < deadline, "the import did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Uploads `files` as the administrator and waits for the import.
async fn import_upload(setup: &Setup, admin: &str, files: &[(&str, &[u8])]) -> String {
    let csrf = import_csrf(&setup.server, admin).await;
    let response = upload(&setup.server, admin, Some(&csrf), files).await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(location.starts_with("/admin/import/"), "{location}");
    finished_job(&setup.server, admin, &location).await
}

/// The status of a form posted as `cookie` with its session's token.
async fn post_status(server: &Server, path: &str, cookie: &str, fields: &str) -> u16 {
    post_as(server, path, cookie, fields)
        .await
        .status()
        .as_u16()
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[tokio::test]
async fn management_pages_answer_administrators_only() {
    let setup = setup().await;
    let server = &setup.server;
    let admin = sign_in(server, "harbour", ADMIN_PASSWORD).await;
    let teen = sign_in(server, "kit", TEEN_PASSWORD).await;
    let muter = sign_in(server, "wren", MUTER_PASSWORD).await;
    let manage = format!("/works/{}/manage", setup.salt);
    let pages = [
        "/admin/import",
        "/admin/history",
        "/admin/trash",
        manage.as_str(),
    ];
    for path in pages {
        let signed_out = server.get(path).await;
        assert_eq!(signed_out.status().as_u16(), 303, "{path} signed out");
        let location = signed_out.headers()["location"].to_str().expect("location");
        assert!(location.starts_with("/login?next="), "{path}: {location}");
        assert_eq!(status(server, path, &teen).await, 404, "{path} as kit");
        assert_eq!(status(server, path, &muter).await, 404, "{path} as wren");
        assert_eq!(status(server, path, &admin).await, 200, "{path} as harbour");
    }
    assert_eq!(
        status(server, "/admin/import/1", &admin).await,
        404,
        "no job yet"
    );
    assert_eq!(status(server, "/works/999/manage", &admin).await, 404);

    let forms = [
        (manage.as_str(), "&action=delete"),
        ("/admin/history", "&op=1"),
        ("/admin/trash", &format!("&id={}", setup.salt) as &str),
    ];
    for (path, fields) in forms {
        let anonymous = server
            .client
            .post(server.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(fields.trim_start_matches('&').to_string())
            .send()
            .await
            .expect("POST");
        assert_eq!(anonymous.status().as_u16(), 401, "{path} signed out");
        assert_eq!(
            post_status(server, path, &teen, fields).await,
            404,
            "{path} as kit"
        );
        assert_eq!(
            post_status(server, path, &muter, fields).await,
            404,
            "{path} as wren"
        );
        let forged = server
            .client
            .post(server.url(path))
            .header("cookie", &admin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(fields.trim_start_matches('&').to_string())
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status().as_u16(), 403, "{path} without a token");
    }
    // Nothing was deleted by any of them.
    assert_eq!(
        status(server, &format!("/works/{}", setup.salt), &admin).await,
        200
    );

    let file: &[(&str, &[u8])] = &[("copper.txt", UPLOADED.as_bytes())];
    let teen_csrf = csrf_of(
        &server
            .get_with_cookie("/account", &teen)
            .await
            .text()
            .await
            .expect("body"),
    );
    let by_teen = upload(server, &teen, Some(&teen_csrf), file).await;
    assert_eq!(by_teen.status().as_u16(), 404, "a reader cannot upload");
    let no_token = upload(server, &admin, None, file).await;
    assert_eq!(no_token.status().as_u16(), 403, "an upload without a token");
    let wrong_token = upload(server, &admin, Some(&teen_csrf), file).await;
    assert_eq!(
        wrong_token.status().as_u16(),
        403,
        "another session's token"
    );
    let (content_type, body) = multipart(None, file);
    let anonymous = server
        .client
        .post(server.url("/admin/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(anonymous.status().as_u16(), 401);
    assert!(
        !setup.root().join("uploads").exists()
            || files_under(&setup.root().join("uploads")).is_empty(),
        "no refused upload wrote a file"
    );
    let works = server.text_with_cookie("/works", &admin).await;
    assert!(!works.contains("Copper Weathervane"));
}

#[tokio::test]
async fn an_uploaded_text_file_and_zip_are_imported_with_progress() {
    let setup = setup().await;
    let server = &setup.server;
    let admin = sign_in(server, "harbour", ADMIN_PASSWORD).await;

    let html = import_upload(&setup, &admin, &[("copper.txt", UPLOADED.as_bytes())]).await;
    assert!(html.contains("Import done."), "{html}");
    assert!(html.contains("1 of 1 files"), "{html}");
    assert!(html.contains("1 works added, 0 updated"), "{html}");
    let works = server.text_with_cookie("/works", &admin).await;
    assert!(
        works.contains("Copper Weathervane"),
        "listed after the import"
    );
    let found = server.text_with_cookie("/search?q=marmalade", &admin).await;
    assert!(found.contains("Copper Weathervane"), "found by its text");

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("almanac.txt", options).expect("zip entry");
    zip.write_all(ZIPPED.as_bytes()).expect("zip write");
    zip.start_file("notes.pdf", options).expect("zip entry");
    zip.write_all(b"%PDF-1.4 not a story").expect("zip write");
    let bytes = zip.finish().expect("zip").into_inner();
    let html = import_upload(&setup, &admin, &[("bundle.zip", &bytes)]).await;
    assert!(html.contains("1 works added"), "{html}");
    assert!(
        html.contains("bundle.zip!/notes.pdf: PDF"),
        "a skipped file is named with its reason: {html}"
    );
    assert!(
        !html.contains(setup.root().to_str().expect("utf-8")),
        "no server paths"
    );
    let found = server.text_with_cookie("/search?q=quinces", &admin).await;
    assert!(found.contains("The Orchard Keeper"), "{found}");

    // Both jobs are listed; the same file again changes nothing.
    let page = server.text_with_cookie("/admin/import", &admin).await;
    assert!(page.contains("/admin/import/1") && page.contains("/admin/import/2"));
    let history = server.text_with_cookie("/admin/history", &admin).await;
    assert!(history.contains("import"), "imports are in the journal");
}

#[tokio::test]
async fn hostile_file_names_write_nothing_outside_the_library() {
    let setup = setup().await;
    let admin = sign_in(&setup.server, "harbour", ADMIN_PASSWORD).await;
    let before: Vec<PathBuf> = files_under(setup.dir.path())
        .into_iter()
        .filter(|p| !p.starts_with(setup.root()))
        .collect();
    let html = import_upload(
        &setup,
        &admin,
        &[
            ("../x.txt", UPLOADED.as_bytes()),
            ("../../../../tmp/escape.txt", ZIPPED.as_bytes()),
        ],
    )
    .await;
    assert!(html.contains("2 works added"), "{html}");
    let after: Vec<PathBuf> = files_under(setup.dir.path())
        .into_iter()
        .filter(|p| !p.starts_with(setup.root()))
        .collect();
    assert_eq!(before, after, "nothing written beside the library");
    let uploads = files_under(&setup.root().join("uploads"));
    let names: Vec<String> = uploads
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    assert!(names.contains(&"x.txt".to_string()), "{names:?}");
    assert!(names.contains(&"escape.txt".to_string()), "{names:?}");
    assert!(!setup.root().join("x.txt").exists());
    assert!(!setup.root().join("uploads").join("x.txt").exists());
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_whole() {
    let setup = setup_with(Some(1024)).await;
    let admin = sign_in(&setup.server, "harbour", ADMIN_PASSWORD).await;
    let csrf = import_csrf(&setup.server, &admin).await;
    let big = "The tide came in. ".repeat(200);
    let story = format!("Title: Too Long a Tide\n\n{big}\n");
    let response = upload(
        &setup.server,
        &admin,
        Some(&csrf),
        &[("tide.txt", story.as_bytes())],
    )
    .await;
    assert_eq!(response.status().as_u16(), 400);
    let html = response.text().await.expect("body");
    assert!(html.contains("larger than the limit of 1 MB"), "{html}");
    assert!(
        files_under(&setup.root().join("uploads")).is_empty(),
        "nothing kept"
    );
    let empty = upload(&setup.server, &admin, Some(&csrf), &[]).await;
    assert_eq!(empty.status().as_u16(), 400, "no file chosen");
}

#[tokio::test]
async fn an_edit_shows_on_the_work_page_and_undo_reverts_it() {
    let setup = setup().await;
    let server = &setup.server;
    let admin = sign_in(server, "harbour", ADMIN_PASSWORD).await;
    let manage = format!("/works/{}/manage", setup.salt);
    let page = server.text_with_cookie(&manage, &admin).await;
    assert!(page.contains("value=\"tag:Found Family\""), "{page}");
    let fields = "&action=edit&title=Salt+and+Lamplight&rating=teen&add_kind=character&add_name=Old+Hesketh&remove=tag%3AFound+Family&chapter_title_1=The+Lamp+Room&chapter_title_2=Slack+Water";
    let response = post_as(server, &manage, &admin, fields).await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(
        location.starts_with(&format!("{manage}?done=")),
        "{location}"
    );
    let op = location.rsplit('=').next().expect("op").to_string();

    let work = server
        .text_with_cookie(&format!("/works/{}", setup.salt), &admin)
        .await;
    assert!(work.contains("Salt and Lamplight"), "the new title shows");
    assert!(work.contains("Old Hesketh") && !work.contains("Found Family"));
    assert!(work.contains("Slack Water"), "the chapter title shows");
    // The Teen reader still sees it (now Teen); the mute no longer hides it.
    let muter = sign_in(server, "wren", MUTER_PASSWORD).await;
    assert_eq!(
        status(server, &format!("/works/{}", setup.salt), &muter).await,
        200
    );

    let nothing = post_as(
        server,
        &manage,
        &admin,
        "&action=edit&title=Salt+and+Lamplight",
    )
    .await;
    assert_eq!(nothing.status().as_u16(), 400, "an edit changing nothing");

    let undone = post_as(server, "/admin/history", &admin, &format!("&op={op}")).await;
    assert_eq!(undone.status().as_u16(), 303);
    let work = server
        .text_with_cookie(&format!("/works/{}", setup.salt), &admin)
        .await;
    assert!(work.contains("Salt and Lanterns") && work.contains("Found Family"));
    let again = post_as(server, "/admin/history", &admin, &format!("&op={op}")).await;
    assert_eq!(again.status().as_u16(), 400);
    assert!(again.text().await.expect("body").contains("already undone"));
}

#[tokio::test]
async fn delete_then_restore() {
    let setup = setup().await;
    let server = &setup.server;
    let admin = sign_in(server, "harbour", ADMIN_PASSWORD).await;
    let work = format!("/works/{}", setup.ledger);
    let response = post_as(server, &format!("{work}/manage"), &admin, "&action=delete").await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(response.headers()["location"]
        .to_str()
        .expect("location")
        .starts_with("/admin/trash?done="));
    assert_eq!(
        status(server, &work, &admin).await,
        404,
        "gone from the library"
    );
    let works = server.text_with_cookie("/works", &admin).await;
    assert!(!works.contains("Ferryman"), "not listed");
    let trash = server.text_with_cookie("/admin/trash", &admin).await;
    assert!(trash.contains("The Ferryman&#39;s Ledger"), "{trash}");

    let restored = post_as(
        server,
        "/admin/trash",
        &admin,
        &format!("&id={}", setup.ledger),
    )
    .await;
    assert_eq!(restored.status().as_u16(), 303);
    assert_eq!(status(server, &work, &admin).await, 200, "back");
    assert!(server
        .text_with_cookie("/works", &admin)
        .await
        .contains("Ferryman"));
    let twice = post_as(
        server,
        "/admin/trash",
        &admin,
        &format!("&id={}", setup.ledger),
    )
    .await;
    assert_eq!(twice.status().as_u16(), 400, "not in the trash any more");
}

#[tokio::test]
async fn merge_then_undo_returns_both_works_and_split_takes_chapters_out() {
    let setup = setup().await;
    let server = &setup.server;
    let admin = sign_in(server, "harbour", ADMIN_PASSWORD).await;
    let manage = format!("/works/{}/manage", setup.salt);
    let plan = post_as(
        server,
        &manage,
        &admin,
        &format!("&action=merge&from={}", setup.ledger),
    )
    .await;
    assert_eq!(plan.status().as_u16(), 200, "first what the merge will do");
    let plan = plan.text().await.expect("body");
    assert!(
        plan.contains("will have 3 chapters, 3–3 from work"),
        "{plan}"
    );
    assert_eq!(
        status(server, &format!("/works/{}", setup.ledger), &admin).await,
        200
    );
    let merged = post_as(
        server,
        &manage,
        &admin,
        &format!("&action=merge&from={}&confirm=yes", setup.ledger),
    )
    .await;
    assert_eq!(merged.status().as_u16(), 303);
    let location = merged.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let op = location.rsplit('=').next().expect("op").to_string();
    assert_eq!(
        status(server, &format!("/works/{}", setup.ledger), &admin).await,
        404
    );
    let joined = server
        .text_with_cookie(&format!("/works/{}/chapters/3", setup.salt), &admin)
        .await;
    assert!(
        joined.contains("fare and the weather"),
        "the other work's chapter joined"
    );

    // A later edit of the merged work stands in the way of undoing the merge.
    let edit = post_as(
        server,
        &manage,
        &admin,
        "&action=edit&title=Harbour+Omnibus",
    )
    .await;
    assert_eq!(edit.status().as_u16(), 303);
    let edit_op = edit.headers()["location"]
        .to_str()
        .expect("location")
        .rsplit('=')
        .next()
        .expect("op")
        .to_string();
    let refused = post_as(server, "/admin/history", &admin, &format!("&op={op}")).await;
    assert_eq!(refused.status().as_u16(), 400);
    let reason = refused.text().await.expect("body");
    assert!(reason.contains("later operations changed work"), "{reason}");
    assert!(reason.contains(&format!("undo {edit_op}")), "{reason}");

    assert_eq!(
        post_status(server, "/admin/history", &admin, &format!("&op={edit_op}")).await,
        303
    );
    assert_eq!(
        post_status(server, "/admin/history", &admin, &format!("&op={op}")).await,
        303
    );
    assert_eq!(
        status(server, &format!("/works/{}", setup.ledger), &admin).await,
        200
    );
    let salt = server
        .text_with_cookie(&format!("/works/{}", setup.salt), &admin)
        .await;
    assert!(salt.contains("Salt and Lanterns"));
    assert_eq!(
        status(server, &format!("/works/{}/chapters/3", setup.salt), &admin).await,
        404
    );

    let split = post_as(server, &manage, &admin, "&action=split&chapters=2").await;
    assert_eq!(split.status().as_u16(), 303);
    let location = split.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let new_id = location
        .strip_prefix("/works/")
        .and_then(|rest| rest.split('/').next())
        .expect("the new work's id")
        .to_string();
    assert_ne!(new_id, setup.salt);
    let chapter = server
        .text_with_cookie(&format!("/works/{new_id}/chapters/1"), &admin)
        .await;
    assert!(chapter.contains("green backs"), "{chapter}");
    let bad = post_as(server, &manage, &admin, "&action=split&chapters=9").await;
    assert_eq!(bad.status().as_u16(), 400);
    let history = server
        .text_with_cookie(&format!("/admin/history?work={}", setup.salt), &admin)
        .await;
    assert!(
        history.contains("split") && history.contains("merge"),
        "{history}"
    );
}

#[tokio::test]
async fn an_upload_while_another_program_writes_the_library_says_so() {
    let setup = setup().await;
    let admin = sign_in(&setup.server, "harbour", ADMIN_PASSWORD).await;
    // Another process's import holds the search index's writer.
    let index = ficshelf_search::SearchIndex::open(&setup.root().join("index")).expect("index");
    let writer = index.writer().expect("writer");
    let html = import_upload(&setup, &admin, &[("copper.txt", UPLOADED.as_bytes())]).await;
    assert!(html.contains("Import failed."), "{html}");
    assert!(
        html.contains("Another program is writing this library"),
        "{html}"
    );
    let manage = format!("/works/{}/manage", setup.salt);
    let edit = post_as(
        &setup.server,
        &manage,
        &admin,
        "&action=edit&title=Salt+at+Dusk",
    )
    .await;
    assert_eq!(edit.status().as_u16(), 409);
    let said = edit.text().await.expect("body");
    assert!(said.contains("The change is made and recorded"), "{said}");
    drop(writer);
    let work = setup
        .server
        .text_with_cookie(&format!("/works/{}", setup.salt), &admin)
        .await;
    assert!(work.contains("Salt at Dusk"), "the edit was made");
    let html = import_upload(&setup, &admin, &[("copper.txt", UPLOADED.as_bytes())]).await;
    assert!(html.contains("Import done."), "{html}");
    let found = setup
        .server
        .text_with_cookie("/search?q=Dusk", &admin)
        .await;
    assert!(
        found.contains("Salt at Dusk"),
        "the index caught up: {found}"
    );
}

#[tokio::test]
async fn only_an_administrators_sign_in_sets_the_manage_links_hint() {
    let setup = setup().await;
    let admin = post_sign_in(&setup.server, "harbour", ADMIN_PASSWORD).await;
    let hint = set_cookie(&admin, "ficshelf_admin").expect("the administrator's hint");
    assert!(
        hint.starts_with("ficshelf_admin=1;") && !hint.contains("HttpOnly"),
        "{hint}"
    );
    let reader = post_sign_in(&setup.server, "kit", TEEN_PASSWORD).await;
    assert!(set_cookie(&reader, "ficshelf_admin").is_none());
}
