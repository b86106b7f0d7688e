//! The OPDS catalog as one signed-in reader's e-reader app sees it: a
//! reader rated up to Teen (HTTP Basic) and a reader with mutes (an API
//! token) each crawl every feed from `/opds`, with and without consent. No
//! work their view leaves out appears in any feed, entry or count, its
//! acquisition links are 404s, and every count in a navigation feed equals
//! the works the feed it leads to lists.

use super::{all_pages, check_navigation, crawl, crawled_ids, set, ACQUISITION};
use crate::accounts::basic;
use crate::common::{MemoryCatalog, Server};
use ficshelf_library::readers::{MuteKind, Readers};
use ficshelf_model::{Rating, Work};
use ficshelf_search::TagWrangler;
use ficshelf_web::AppState;
use std::collections::BTreeSet;
use tempfile::TempDir;

const TEEN_PASSWORD: &str = "lanterns-over-the-weir";

/// `(id, rating, fandoms, author, relationships)`.
type WorkRow = (
    &'static str,
    Rating,
    &'static [&'static str],
    &'static str,
    &'static [&'static str],
);

/// Eight works; `(id, rating, fandoms, author, relationships)`:
/// - 1 General, Tidewater, Ines Okafor, Mara/Tobin
/// - 2 Teen, Tidewater, Pell Varga, Mara/Quill
/// - 3 Mature, Tidewater, Ines Okafor
/// - 4 Explicit, Glass Orchard, Pell Varga
/// - 5 Teen, Glass Orchard, Ines Okafor, Quill/Juno
/// - 6 General, Night Ferry, Rook Alder
/// - 7 Not Rated, Night Ferry, pell varga (another spelling)
/// - 8 Teen, Tidewater and Night Ferry, Rook Alder, Juno/Mara
fn shelf_library() -> MemoryCatalog {
    let works: [WorkRow; 8] = [
        (
            "1",
            Rating::General,
            &["Tidewater"],
            "Ines Okafor",
            &["Mara/Tobin"],
        ),
        (
            "2",
            Rating::Teen,
            &["Tidewater"],
            "Pell Varga",
            &["Mara/Quill"],
        ),
        ("3", Rating::Mature, &["Tidewater"], "Ines Okafor", &[]),
        ("4", Rating::Explicit, &["Glass Orchard"], "Pell Varga", &[]),
        (
            "5",
            Rating::Teen,
            &["Glass Orchard"],
            "Ines Okafor",
            &["Quill/Juno"],
        ),
        ("6", Rating::General, &["Night Ferry"], "Rook Alder", &[]),
        ("7", Rating::NotRated, &["Night Ferry"], "pell varga", &[]),
        (
            "8",
            Rating::Teen,
            &["Tidewater", "Night Ferry"],
            "Rook Alder",
            &["Juno/Mara"],
        ),
    ];
    let mut catalog = MemoryCatalog::default();
    for (id, rating, fandoms, author, relationships) in works {
        let mut work = Work::new(id, format!("Lantern Tale {id}"));
        work.rating = rating;
        work.fandoms = fandoms.iter().map(|f| f.to_string()).collect();
        work.authors = vec![author.to_string()];
        work.relationships = relationships.iter().map(|r| r.to_string()).collect();
        work.characters = relationships
            .iter()
            .flat_map(|r| r.split('/'))
            .map(str::to_string)
            .collect();
        work.updated = Some(format!("2021-03-0{id}"));
        catalog.add(
            work,
            &[("", "The lamps along the quay went out one by one.")],
        );
    }
    catalog
}

/// A server over [`shelf_library`] with two readers: `teen` (rated up to
/// Teen, signs in with HTTP Basic) and `quiet` (no limit; mutes the Night
/// Ferry fandom, the author Pell Varga and every relationship with Quill
/// in it; signs in with an API token). Returns both `Authorization` values.
async fn shelf_server() -> (Server, TempDir, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut readers = Readers::open(dir.path()).expect("readers");
    readers
        .add_user("teen", TEEN_PASSWORD, false, Some(Rating::Teen))
        .expect("add teen");
    let quiet = readers
        .add_user("quiet", "moths-around-the-lamp", false, None)
        .expect("add quiet");
    for (kind, value) in [
        (MuteKind::Fandom, "night ferry"),
        (MuteKind::Author, "Pell Varga"),
        (MuteKind::Relationship, "*/Quill"),
    ] {
        readers.add_mute(quiet.id, kind, value).expect("mute");
    }
    let token = readers
        .create_api_token(quiet.id, "e-reader")
        .expect("token");
    let state =
        AppState::with_catalog(shelf_library(), None).with_readers(readers, TagWrangler::new());
    let server = Server::start_state(state).await;
    (
        server,
        dir,
        basic("teen", TEEN_PASSWORD),
        format!("Bearer {token}"),
    )
}

/// Crawls the whole catalog at `/opds{query}` as `reader` and checks it
/// lists exactly `visible`, counts what it leads to, and that every
/// acquisition link it wrote downloads. Returns the navigation titles.
async fn check_catalog(
    reader: &Server,
    query: &str,
    visible: &[&str],
) -> std::collections::HashMap<&'static str, Vec<String>> {
    let (feeds, hrefs) = crawl(reader, &format!("/opds{query}")).await;
    assert_eq!(
        crawled_ids(&feeds),
        set(visible),
        "works listed at /opds{query}"
    );
    assert_eq!(
        all_pages(reader, &format!("/opds/works{query}"))
            .await
            .len(),
        visible.len(),
        "the recent feed lists every visible work"
    );
    let downloads: BTreeSet<&String> = hrefs.iter().filter(|h| h.contains("/download.")).collect();
    assert!(!downloads.is_empty());
    for href in downloads {
        let response = reader.get(href).await;
        assert_eq!(response.status().as_u16(), 200, "GET {href}");
    }
    check_navigation(reader, query).await
}

/// Every acquisition link of `hidden` works is a 404 for `reader`, with or
/// without consent, and so are their pages and API answers.
async fn check_hidden(reader: &Server, hidden: &[&str]) {
    for id in hidden {
        for path in [
            format!("/works/{id}/download.epub?view_adult=true"),
            format!("/works/{id}/download.txt"),
            format!("/works/{id}?view_adult=true"),
            format!("/works/{id}/chapters/1?view_adult=true"),
            format!("/api/works/{id}"),
            format!("/api/works/{id}/chapters/1?view_adult=true"),
        ] {
            let response = reader.get(&path).await;
            assert_eq!(response.status().as_u16(), 404, "GET {path}");
        }
    }
}

#[tokio::test]
async fn a_reader_rated_to_teen_sees_no_work_above_it_in_any_feed() {
    let (server, _dir, teen, _quiet) = shelf_server().await;
    let reader = server.signed_in(&teen);
    for query in ["", "?view_adult=true"] {
        let titles = check_catalog(&reader, query, &["1", "2", "5", "6", "8"]).await;
        assert_eq!(
            titles["ratings"],
            ["General Audiences", "Teen And Up Audiences"],
            "/opds/ratings{query}"
        );
        assert_eq!(
            titles["authors"],
            ["Ines Okafor", "Pell Varga", "Rook Alder"],
            "Pell Varga's Teen work counts; the Not Rated one does not"
        );
    }
    check_hidden(&reader, &["3", "4", "7"]).await;
    let search = super::fetch(&reader, "/opds/search?q=lamps&view_adult=true").await;
    assert_eq!(search.media_type, ACQUISITION);
    assert_eq!(
        super::work_ids(&search.feed)
            .into_iter()
            .collect::<BTreeSet<_>>(),
        set(&["1", "2", "5", "6", "8"])
    );
}

#[tokio::test]
async fn a_reader_with_mutes_sees_no_muted_work_in_any_feed() {
    let (server, _dir, _teen, quiet) = shelf_server().await;
    let reader = server.signed_in(&quiet);
    // Night Ferry mutes 6, 7 and 8; Pell Varga 2, 4 and 7 (any spelling);
    // `*/Quill` 2 and 5.
    let titles = check_catalog(&reader, "?view_adult=true", &["1", "3"]).await;
    assert_eq!(titles["fandoms"], ["Tidewater"]);
    assert_eq!(titles["authors"], ["Ines Okafor"]);
    assert_eq!(titles["relationships"], ["Mara/Tobin"]);
    check_catalog(&reader, "", &["1"]).await;
    check_hidden(&reader, &["2", "4", "5", "6", "7", "8"]).await;
}

#[tokio::test]
async fn feeds_are_each_readers_own() {
    let (server, _dir, teen, quiet) = shelf_server().await;
    let everything = "/opds/works?view_adult=true";
    let teen_ids = all_pages(&server.signed_in(&teen), everything).await;
    let quiet_ids = all_pages(&server.signed_in(&quiet), everything).await;
    let teen_again = all_pages(&server.signed_in(&teen), everything).await;
    assert_eq!(teen_ids.len(), 5);
    assert_eq!(quiet_ids.len(), 2);
    assert_eq!(teen_ids, teen_again);
    let anonymous = server.get(everything).await;
    assert_eq!(
        anonymous.status().as_u16(),
        401,
        "a private library asks who"
    );
}
