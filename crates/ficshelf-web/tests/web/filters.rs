//! The listing's filters change which works are listed and the count shown
//! beside every option; sort orders and pages work as plain GET links.

use crate::common::{library, listed_ids, option_count, MemoryCatalog, Server};
use ficshelf_model::{Rating, Work};

#[tokio::test]
async fn counts_cover_the_listed_works() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works", 200).await;
    assert_eq!(option_count(&html, "General Audiences"), Some(2));
    assert_eq!(option_count(&html, "Teen And Up Audiences"), Some(1));
    assert_eq!(option_count(&html, "Mature"), Some(1));
    assert_eq!(option_count(&html, "Explicit"), Some(0));
    assert_eq!(option_count(&html, "Not Rated"), Some(1));
    assert_eq!(option_count(&html, "Complete works only"), Some(2));
    assert_eq!(option_count(&html, "Works in progress only"), Some(1));
    assert!(html.contains("<option value=\"Star Trek\">Star Trek (2)</option>"));
    assert!(html.contains("<option value=\"Harry Potter\">Harry Potter (2)</option>"));
    assert!(html.contains("<option value=\"Angst\">Angst (2)</option>"));
    assert!(html.contains("<legend>Authors</legend>"));
    assert!(html.contains("<option value=\"Ash\">Ash (1)</option>"));
    let by_ash = server.text("/works?author=ash", 200).await;
    assert_eq!(listed_ids(&by_ash), ["2"]);
}

#[tokio::test]
async fn rating_filter() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works?rating=general&rating=teen", 200).await;
    assert_eq!(listed_ids(&html), ["1", "2", "5"]);
    assert!(html.contains("id=\"rating-general\" name=\"rating\" value=\"general\" checked"));
    assert!(html.contains("<option value=\"Angst\">Angst (1)</option>"));
    assert_eq!(option_count(&html, "Mature"), Some(0));
    assert!(html.contains("Clear filters</a>"));
}

#[tokio::test]
async fn include_and_exclude_tags() {
    let server = Server::start(library(), None).await;
    let html = server.text("/works?fandom=Star+Trek", 200).await;
    assert_eq!(listed_ids(&html), ["1", "2"]);
    assert_eq!(option_count(&html, "General Audiences"), Some(1));
    assert_eq!(option_count(&html, "Mature"), Some(0));
    // The included value stays as a checked box with its count.
    assert!(html.contains("name=\"fandom\" value=\"Star Trek\" checked> <label for=\"include-fandom-0\">Star Trek <span class=\"count\">(2)</span>"));
    assert!(!html.contains("<option value=\"Harry Potter\""));

    let html = server
        .text("/works?fandom=Star+Trek&exclude_tag=Angst", 200)
        .await;
    assert_eq!(listed_ids(&html), ["1"]);
    assert!(html.contains("name=\"exclude_tag\" value=\"Angst\" checked"));

    let html = server.text("/works?tag=angst", 200).await;
    assert_eq!(listed_ids(&html), ["2", "3"], "tags compare ignoring case");
    let html = server
        .text("/works?relationship=Kirk%2FSpock&character=Spock", 200)
        .await;
    assert_eq!(listed_ids(&html), ["1"]);
    let html = server
        .text(
            "/works?exclude_fandom=Star+Trek&exclude_fandom=Harry+Potter",
            200,
        )
        .await;
    assert_eq!(listed_ids(&html), ["5"]);
}

#[tokio::test]
async fn words_status_and_text_search() {
    let server = Server::start(library(), None).await;
    assert_eq!(
        listed_ids(&server.text("/works?words_from=9", 200).await),
        ["1", "2", "3"]
    );
    assert_eq!(
        listed_ids(&server.text("/works?words_to=8", 200).await),
        ["5", "4"]
    );
    assert_eq!(
        listed_ids(&server.text("/works?words_from=abc", 200).await).len(),
        5
    );
    assert_eq!(
        listed_ids(&server.text("/works?status=in_progress", 200).await),
        ["2"]
    );
    assert_eq!(
        listed_ids(&server.text("/works?status=complete", 200).await),
        ["1", "3"]
    );
    let html = server.text("/works?q=HARBOUR", 200).await;
    assert_eq!(listed_ids(&html), ["1"]);
    assert!(html.contains("Works matching “HARBOUR”"));
    assert!(html.contains("value=\"HARBOUR\""));
    assert_eq!(
        listed_ids(&server.text("/works?q=author:birch", 200).await),
        ["2"],
        "authors"
    );
    assert_eq!(
        listed_ids(&server.text("/works?q=road+trip", 200).await),
        ["2"],
        "tags"
    );
    assert_eq!(
        listed_ids(&server.text("/works?q=midnight", 200).await),
        ["3"],
        "summary"
    );
    let none = server.text("/works?q=klingon", 200).await;
    assert!(listed_ids(&none).is_empty());
    assert!(none.contains("No works found"));
}

#[tokio::test]
async fn sort_orders() {
    let server = Server::start(library(), None).await;
    assert_eq!(
        listed_ids(&server.text("/works", 200).await),
        ["1", "2", "3", "5", "4"]
    );
    assert_eq!(
        listed_ids(&server.text("/works?sort=title", 200).await),
        ["1", "2", "4", "3", "5"]
    );
    assert_eq!(
        listed_ids(&server.text("/works?sort=words", 200).await),
        ["1", "2", "3", "4", "5"]
    );
    let html = server.text("/works?sort=title", 200).await;
    assert!(html.contains("<option value=\"title\" selected>Title</option>"));
}

#[tokio::test]
async fn pages_of_twenty() {
    let mut catalog = MemoryCatalog::default();
    for i in 1..=45 {
        let mut work = Work::new(i.to_string(), format!("Work {i:02}"));
        work.rating = Rating::General;
        work.fandoms = vec![if i % 2 == 0 { "Even" } else { "Odd" }.to_string()];
        catalog.add(work, &[("", "Some words here.")]);
    }
    let server = Server::start(catalog, None).await;
    let first = server.text("/works", 200).await;
    let ids = listed_ids(&first);
    assert_eq!(ids.len(), 20);
    assert_eq!(ids[0], "45", "undated works: highest id first");
    assert!(first.contains("1–20 of 45 works"));
    assert!(first.contains("href=\"/works?page=2\" rel=\"next\""));
    // Counts cover every matched work, not only this page.
    assert!(first.contains("<option value=\"Odd\">Odd (23)</option>"));

    let third = server.text("/works?page=3", 200).await;
    assert_eq!(listed_ids(&third).len(), 5);
    assert!(third.contains("41–45 of 45 works"));
    assert!(third.contains("<span aria-current=\"page\">3</span>"));

    let filtered = server
        .text("/works?fandom=Even&sort=title&page=2", 200)
        .await;
    assert_eq!(listed_ids(&filtered).len(), 2);
    assert!(filtered.contains("href=\"/works?fandom=Even&amp;sort=title\" rel=\"prev\""));
    // Past the end: the last page.
    assert_eq!(
        listed_ids(&server.text("/works?page=99", 200).await).len(),
        5
    );
}

#[tokio::test]
async fn warnings_and_languages_filter_like_other_tags() {
    let server = Server::start(library(), None).await;
    let all = listed_ids(&server.text("/works", 200).await);
    let html = server
        .text("/works?warning=No+Archive+Warnings+Apply", 200)
        .await;
    assert_eq!(listed_ids(&html), ["1"]);
    let html = server
        .text("/works?exclude_warning=No+Archive+Warnings+Apply", 200)
        .await;
    let rest: Vec<String> = all.iter().filter(|id| *id != "1").cloned().collect();
    assert_eq!(listed_ids(&html), rest);
    let unfiltered = server.text("/works", 200).await;
    assert!(unfiltered.contains("<option value=\"English\">English ("));
    let html = server.text("/works?language=English", 200).await;
    assert!(listed_ids(&html).contains(&"1".to_string()));
    assert!(listed_ids(&html).len() < all.len());
}

/// The number of works a listing page says it found.
fn listed_total(html: &str) -> usize {
    let summary = html
        .split("<p class=\"listing-summary\">")
        .nth(1)
        .and_then(|rest| rest.split(" <a ").next())
        .expect("summary");
    if summary.starts_with("No works found") {
        return 0;
    }
    let number = summary.rsplit(" of ").next().unwrap_or(summary);
    let digits: String = number
        .split(' ')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a count")
}

/// Every `(key, value, count)` a listing offers: the facet menus' options
/// and the rating and status buttons.
fn offered(html: &str) -> Vec<(String, String, usize)> {
    let mut offers = Vec::new();
    for select in html.split("<select id=\"include-").skip(1) {
        let key = select.split('"').next().expect("key").to_string();
        let body = select.split("</select>").next().expect("select");
        for option in body.split("<option value=\"").skip(2) {
            let value = option.split('"').next().expect("value").to_string();
            let count = option
                .rsplit('(')
                .next()
                .and_then(|c| c.split(')').next())
                .expect("count")
                .parse()
                .expect("a number");
            offers.push((key.clone(), value, count));
        }
    }
    for key in ["rating", "status"] {
        for input in html.split(&format!("name=\"{key}\" value=\"")).skip(1) {
            let value = input.split('"').next().expect("value").to_string();
            if value.is_empty() {
                continue; // "All works"
            }
            let count = input
                .split("<span class=\"count\">(")
                .nth(1)
                .and_then(|c| c.split(')').next())
                .expect("count")
                .parse()
                .expect("a number");
            offers.push((key.to_string(), value, count));
        }
    }
    offers
}

#[tokio::test]
async fn every_count_offered_is_the_number_of_works_it_lists() {
    let mut catalog = MemoryCatalog::default();
    let fandoms = ["Star Trek", "Harry Potter", "Good Omens"];
    let tags = ["Fluff", "Angst", "Road Trip", "Hurt/Comfort"];
    for i in 1..=40_usize {
        let mut work = Work::new(i.to_string(), format!("Work {i}"));
        work.rating = [Rating::General, Rating::Teen, Rating::Mature][i % 3];
        work.status = Some(if i % 4 == 0 {
            ficshelf_model::Status::InProgress
        } else {
            ficshelf_model::Status::Complete
        });
        work.fandoms = vec![fandoms[i % 3].to_string()];
        work.tags = tags
            .iter()
            .skip(i % 4)
            .take(2)
            .map(|t| t.to_string())
            .collect();
        work.characters = vec![format!("Person {}", i % 5)];
        // One author written two ways: one value, counted as `author=` finds it.
        work.authors = vec![match i % 12 {
            0 => "Writer Zero".to_string(),
            6 => "writer  zero".to_string(),
            n => format!("Writer {}", n % 6),
        }];
        work.language = Some(if i % 7 == 0 { "Deutsch" } else { "English" }.to_string());
        catalog.add(work, &[("", "Words of the story.")]);
    }
    let server = Server::start(catalog, Some(Rating::Teen)).await;
    for base in [
        "",
        "status=complete&",
        "fandom=Star+Trek&exclude_tag=Angst&",
    ] {
        let html = server.text(&format!("/works?{base}"), 200).await;
        let offers = offered(&html);
        assert!(offers.len() > 10, "{base}: {offers:?}");
        if base.is_empty() {
            // Works 6, 12, 18, 24, 30 and 36, written two ways.
            let zero = offers
                .iter()
                .find(|(k, v, _)| k == "author" && v == "Writer Zero");
            assert_eq!(zero.map(|(_, _, n)| *n), Some(6), "{offers:?}");
        }
        for (key, value, count) in offers {
            if key == "status" && base.contains("status=") {
                continue; // a radio button: choosing it replaces the status
            }
            let url = format!(
                "/works?{base}{key}={}",
                value.replace(' ', "+").replace('/', "%2F")
            );
            let listed = listed_total(&server.text(&url, 200).await);
            assert_eq!(listed, count, "{url}");
        }
    }
}
