//! `max_rating` hides works above it from every listing, count, statistic,
//! direct URL and API answer, as if they were not in the library.

use crate::common::{library, listed_ids, option_count, Server};
use ficshelf_model::Rating;

#[tokio::test]
async fn works_above_the_limit_disappear_everywhere() {
    let server = Server::start(library(), Some(Rating::Teen)).await;

    let home = server.text("/", 200).await;
    assert!(home.contains("<dt>Works</dt><dd>3</dd>"), "{home}");
    assert!(!home.contains("Midnight Letters"));
    assert!(home.contains("Showing works rated up to Teen And Up Audiences."));

    let listing = server.text("/works", 200).await;
    assert_eq!(listed_ids(&listing), ["1", "2", "5"]);
    assert!(listing.contains("3 works"));
    assert!(!listing.contains("Midnight Letters"));
    assert!(!listing.contains("Loose Pages"));
    // Counts and options only cover what is visible.
    assert_eq!(option_count(&listing, "General Audiences"), Some(2));
    assert_eq!(option_count(&listing, "Teen And Up Audiences"), Some(1));
    assert_eq!(option_count(&listing, "Mature"), None);
    assert_eq!(option_count(&listing, "Not Rated"), None);
    assert!(!listing.contains("Harry Potter"));
    assert!(!listing.contains("Harry/Draco"));
    assert!(
        listing.contains("Angst (1)"),
        "Angst counted without the mature work"
    );

    // Even asking for the hidden rating finds nothing.
    assert!(listed_ids(&server.text("/works?rating=mature", 200).await).is_empty());

    for path in [
        "/works/3",
        "/works/3?view_full_work=true",
        "/works/3/chapters/1",
        "/works/3/chapters?chapter=1",
        "/works/4",
    ] {
        server.text(path, 404).await;
    }
    let response = server
        .client
        .post(server.url("/works/3/view_adult"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("remember=once")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 404);

    let api = server.json("/api/works").await;
    let ids: Vec<&str> = api
        .as_array()
        .expect("array")
        .iter()
        .map(|w| w["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["1", "2", "5"]);
    for path in ["/api/works/3", "/api/works/3/chapters/1", "/api/works/4"] {
        assert_eq!(server.get(path).await.status().as_u16(), 404, "{path}");
    }
}

#[tokio::test]
async fn not_rated_is_above_every_limit() {
    let server = Server::start(library(), Some(Rating::Explicit)).await;
    assert_eq!(
        listed_ids(&server.text("/works", 200).await),
        ["1", "2", "3", "5"]
    );
    server.text("/works/4", 404).await;
    let server = Server::start(library(), Some(Rating::NotRated)).await;
    assert_eq!(listed_ids(&server.text("/works", 200).await).len(), 5);
}
