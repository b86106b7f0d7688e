//! End-to-end tests in a real headless Chromium (through chromedriver):
//! the filter form, the adult-content gate, the rating limit, chapter
//! navigation and reading settings, interior monologue in italics, and a
//! hostile imported file that must run nothing, two readers in two
//! browsers, a reader's position and bookmark followed from one browser to
//! another. Screenshots of the main
//! pages go to `target/screenshots/`.
//!
//! The tests take turns with one lock: each starts its own chromedriver and
//! Chromium, and two at once on a small machine only makes both slow.

use crate::browser::{self, id_of, Browser, Fixture};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use ficshelf_library::readers::MuteKind;
use ficshelf_model::Rating;
use serde_json::Value;
use std::time::Duration;

static TURNS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Titles of the works listed on the current page.
async fn listed_titles(browser: &Browser) -> Vec<String> {
    let titles = browser
        .eval("return Array.from(document.querySelectorAll('.blurb-title > a')).map(a => a.textContent);")
        .await;
    titles
        .as_array()
        .expect("titles")
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect()
}

/// The count shown beside filter option `id` (`rating-general`).
async fn option_count(browser: &Browser, id: &str) -> Option<u64> {
    let script = format!(
        "var c = document.querySelector('label[for=\"{id}\"] .count'); return c ? c.textContent : null;"
    );
    let text = browser.eval(&script).await;
    text.as_str().map(|t| {
        t.trim_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .expect("a count")
    })
}

async fn summary(browser: &Browser) -> String {
    let text = browser
        .eval("return document.querySelector('.listing-summary').textContent;")
        .await;
    text.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_by_rating_and_excluding_a_tag() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let base = fixture.serve(None).await;
    browser.goto(&format!("{base}/works")).await;
    browser.screenshot("works").await;
    let all = listed_titles(&browser).await;
    assert_eq!(all.len(), 8, "{all:?}");
    assert!(summary(&browser).await.starts_with("8 works"));
    let general = option_count(&browser, "rating-general")
        .await
        .expect("count");
    assert_eq!(general, 3, "two demo works and the hostile one");
    assert_eq!(option_count(&browser, "rating-explicit").await, Some(1));

    browser.click("#rating-general").await;
    browser.click(".filters button[type=submit]").await;
    browser
        .wait_for_url("the rating filter", |url| url.contains("rating=general"))
        .await;
    let rated = listed_titles(&browser).await;
    assert_eq!(rated.len(), 3, "{rated:?}");
    assert!(rated.iter().any(|t| t == "The Clockmaker's Apprentice"));
    assert!(!rated.iter().any(|t| t == "Ink and Ember"));
    assert!(summary(&browser).await.starts_with("3 works"));
    let checked = browser
        .eval("return document.getElementById('rating-general').checked;")
        .await;
    assert_eq!(checked, Value::Bool(true));

    // Exclude a tag that one of the three has, chosen from the real select.
    let tag = browser
        .eval(
            "var s = document.getElementById('exclude-tag'); \
             var o = Array.from(s.options).find(o => o.value && / \\(1\\)$/.test(o.textContent)); \
             return o ? o.value : null;",
        )
        .await;
    let tag = tag
        .as_str()
        .expect("a tag that one listed work has")
        .to_string();
    let select = browser
        .client
        .find(Locator::Id("exclude-tag"))
        .await
        .expect("exclude select");
    select.select_by_value(&tag).await.expect("choose the tag");
    browser.click(".filters button[type=submit]").await;
    browser
        .wait_for_url("the tag exclusion", |url| url.contains("exclude_tag="))
        .await;
    let remaining = listed_titles(&browser).await;
    assert_eq!(remaining.len(), 2, "excluding {tag}: {remaining:?}");
    assert!(summary(&browser).await.starts_with("2 works"));
    assert_eq!(option_count(&browser, "rating-general").await, Some(2));
    let excluded = browser
        .eval("return Array.from(document.querySelectorAll('input[name=exclude_tag]:checked')).map(i => i.value);")
        .await;
    assert_eq!(excluded, Value::from(vec![tag.clone()]));
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gate_hides_explicit_text_until_the_reader_agrees() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let base = fixture.serve(None).await;
    let ink = id_of(&base, "Ink and Ember").await;
    let secret = "Elizabeth Darcy discovered that her husband wrote letters";
    for path in [
        format!("/works/{ink}"),
        format!("/works/{ink}?view_full_work=true"),
        format!("/works/{ink}/chapters/1"),
    ] {
        browser.goto(&format!("{base}{path}")).await;
        let source = browser.client.source().await.expect("source");
        assert!(!source.contains(secret), "{path} shows the text");
        assert!(!source.contains("husband wrote"), "{path} shows the text");
        let text = browser.visible_text().await;
        assert!(text.contains("Yes, Continue"), "{path}: no gate in {text}");
    }
    browser.screenshot("gate").await;
    browser.click("button[value=once]").await;
    browser
        .wait_for_url("the chapter after the gate", |url| {
            url.ends_with("/chapters/1")
        })
        .await;
    // The address changes before the new page has loaded: wait for it.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !browser.visible_text().await.contains(secret) {
        assert!(
            std::time::Instant::now() < deadline,
            "the chapter text after agreeing"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The agreement holds for the rest of the work.
    browser
        .goto(&format!("{base}/works/{ink}/chapters/2"))
        .await;
    assert!(!browser.visible_text().await.contains("Yes, Continue"));
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teen_limit_hides_mature_and_explicit_works_everywhere() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let full = fixture.serve(None).await;
    let hidden = [
        ("Ink and Ember", id_of(&full, "Ink and Ember").await),
        (
            "Letters from the Ninefold Court",
            id_of(&full, "Letters from the Ninefold Court").await,
        ),
        (
            "What the Tide Keeps",
            id_of(&full, "What the Tide Keeps").await,
        ),
    ];
    let base = fixture.serve(Some(Rating::Teen)).await;
    for page in ["/", "/works", "/works?rating=explicit", "/works?q=ember"] {
        browser.goto(&format!("{base}{page}")).await;
        let source = browser.client.source().await.expect("source");
        for (title, _) in &hidden {
            assert!(!source.contains(title), "{page} shows {title}");
        }
    }
    browser.goto(&format!("{base}/works")).await;
    assert_eq!(listed_titles(&browser).await.len(), 5);
    assert_eq!(
        option_count(&browser, "rating-explicit").await.unwrap_or(0),
        0
    );
    assert_eq!(
        option_count(&browser, "rating-mature").await.unwrap_or(0),
        0
    );
    assert_eq!(
        option_count(&browser, "rating-not_rated")
            .await
            .unwrap_or(0),
        0
    );
    for (title, id) in &hidden {
        for path in [
            format!("/works/{id}"),
            format!("/works/{id}/chapters/1"),
            format!("/api/works/{id}"),
            format!("/api/works/{id}/chapters/1"),
        ] {
            let status = reqwest::get(format!("{base}{path}"))
                .await
                .expect("get")
                .status();
            assert_eq!(status.as_u16(), 404, "{title}: {path}");
        }
        browser.goto(&format!("{base}/works/{id}")).await;
        assert!(!browser.visible_text().await.contains(title));
    }
    let api = reqwest::get(format!("{base}/api/works"))
        .await
        .expect("api");
    let api: Value = serde_json::from_str(&api.text().await.expect("api body")).expect("JSON");
    let listed = api.as_array().expect("an array of works");
    assert_eq!(listed.len(), 5);
    for (title, id) in &hidden {
        assert!(
            !listed
                .iter()
                .any(|w| w["id"] == id.as_str() || w["title"] == *title),
            "the API lists {title}"
        );
    }
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chapter_navigation_settings_and_continue_reading() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let base = fixture.serve(None).await;
    let id = id_of(&base, "The Clockmaker's Apprentice").await;
    browser.goto(&format!("{base}/")).await;
    browser.screenshot("home").await;
    browser.goto(&format!("{base}/works/{id}")).await;
    browser.screenshot("work").await;
    browser.click("a.button.primary").await; // Start reading
    browser
        .wait_for_url("chapter 1", |url| url.ends_with("/chapters/1"))
        .await;
    browser.screenshot("chapter").await;
    browser.click("a[rel=next]").await;
    browser
        .wait_for_url("chapter 2 by link", |url| url.ends_with("/chapters/2"))
        .await;
    browser.click("a[rel=prev]").await;
    browser
        .wait_for_url("chapter 1 by link", |url| url.ends_with("/chapters/1"))
        .await;
    let right = char::from(Key::Right);
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: right })
        .then(KeyAction::Up { value: right });
    browser
        .client
        .perform_actions(keys)
        .await
        .expect("arrow key");
    browser
        .wait_for_url("chapter 2 by arrow key", |url| url.ends_with("/chapters/2"))
        .await;

    // Reading settings survive a reload.
    browser.click("[data-reader-settings] > summary").await;
    for (id, value) in [("setting-size", "5"), ("setting-theme", "dark")] {
        let select = browser.client.find(Locator::Id(id)).await.expect(id);
        select.select_by_value(value).await.expect("choose");
    }
    browser.client.refresh().await.expect("reload");
    let applied = browser
        .eval("var r = document.documentElement; return [r.dataset.size, r.dataset.theme, document.getElementById('setting-size').value];")
        .await;
    assert_eq!(applied, serde_json::json!(["5", "dark", "5"]));
    browser.screenshot("chapter-dark").await;

    // Continue reading goes back to the last chapter read.
    browser.goto(&format!("{base}/works/{id}/chapters/3")).await;
    browser.goto(&format!("{base}/works/{id}")).await;
    let continue_link = browser
        .client
        .find(Locator::Css("[data-continue]"))
        .await
        .expect("continue link");
    assert!(continue_link.is_displayed().await.expect("displayed"));
    continue_link.click().await.expect("click continue");
    browser
        .wait_for_url("the last chapter read", |url| url.contains("/chapters/3"))
        .await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_file_runs_nothing() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let base = fixture.serve(None).await;
    let id = id_of(&base, "Pwn").await;
    let pages = [
        "/".to_string(),
        "/works".to_string(),
        "/works?q=pwn".to_string(),
        format!("/works/{id}"),
        format!("/works/{id}?view_full_work=true"),
        format!("/works/{id}/chapters/1"),
        format!("/works/{id}/chapters/2"),
    ];
    for page in &pages {
        browser.goto(&format!("{base}{page}")).await;
        // Give anything that loads late (frames, images) a moment to fire.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let found = browser
            .eval(
                "return { pwned: typeof window.__pwned, \
                 js_links: document.querySelectorAll('a[href^=\"javascript:\" i]').length, \
                 frames: document.querySelectorAll('iframe, frame, object, embed').length, \
                 svgs: document.querySelectorAll('svg[onload], img[onerror], [onmouseover]').length, \
                 scripts: Array.from(document.scripts).filter(s => !s.src || new URL(s.src).pathname.indexOf('/assets/') !== 0).length };",
            )
            .await;
        assert_eq!(
            found,
            serde_json::json!({"pwned": "undefined", "js_links": 0, "frames": 0, "svgs": 0, "scripts": 0}),
            "{page}"
        );
        let text = browser.visible_text().await;
        if page.contains("chapters/1") {
            assert!(
                text.contains(browser::PWNED),
                "the hostile text is shown as text"
            );
            browser.screenshot("hostile-chapter").await;
        }
    }
    let console = browser.console().await;
    let csp: Vec<&Value> = console
        .iter()
        .filter(|entry| {
            let message = entry["message"].as_str().unwrap_or_default();
            message.contains("Content Security Policy") || message.contains("Refused to")
        })
        .collect();
    assert!(csp.is_empty(), "CSP complaints: {csp:?}");
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_works_page_fits_a_phone() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let base = fixture.serve(None).await;
    browser
        .client
        .set_window_size(390, 844)
        .await
        .expect("phone size");
    browser.goto(&format!("{base}/works")).await;
    // What sticks out past the right edge, if anything.
    let overflow = browser
        .eval(
            "var width = document.documentElement.clientWidth; \
             return Array.from(document.querySelectorAll('body *')) \
               .filter(e => e.getBoundingClientRect().right > width + 0.5) \
               .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + e.textContent.slice(0, 40) + ' in ' + e.parentElement.className) \
               .slice(0, 5);",
        )
        .await;
    browser.screenshot("works-phone").await;
    assert_eq!(overflow, serde_json::json!([]), "the page scrolls sideways");
    let id = id_of(&base, "The Clockmaker's Apprentice").await;
    browser.goto(&format!("{base}/works/{id}/chapters/1")).await;
    browser.screenshot("chapter-phone").await;
    browser.quit().await;
}

/// Third-person past narration with first-person present thoughts in
/// paragraphs 1 and 4 (a scene break between them counts for nothing).
const MONOLOGUE_STORY: &str = "Title: Night Ferry
Author: Wren
Rating: General Audiences

Chapter 1: Crossing

Jonah bought his ticket at the window and walked down the ramp to the ferry. The deck was wet, and the lights of the town were already small behind him.

I can't stay on this boat for long. I know she is waiting on the other side, and I still do not know what I am going to say.

He found a bench out of the wind and sat with his bag between his feet. A child in a red coat was feeding crisps to the gulls.

* * *

The engines slowed as the far shore came out of the dark. Jonah stood up before anyone else and went to the rail.

I am ready. I am not ready at all, but I am here, and that has to count for something.

She was standing under the lamp at the end of the pier, exactly where she had said she would be.
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interior_monologue_in_italics_when_the_reader_asks() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("ferry.txt"), MONOLOGUE_STORY).expect("write story");
    let mut library = ficshelf_library::Library::open(&dir.path().join("library")).expect("open");
    library
        .import(&[input], &ficshelf_library::NoProgress)
        .expect("import");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = ficshelf_web::router(ficshelf_web::AppState::new(library, None));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let id = id_of(&base, "Night Ferry").await;
    browser.goto(&format!("{base}/works/{id}/chapters/1")).await;

    // font-style of the first monologue and narration paragraphs, whether
    // the legend shows, and how many paragraphs are marked.
    let styles = "var text = document.querySelector('.chapter-text'); \
        var m = text.querySelector('p.monologue'), n = text.querySelector('p:not(.monologue)'); \
        var legend = document.querySelector('.monologue-legend'); \
        return [getComputedStyle(m).fontStyle, getComputedStyle(n).fontStyle, \
          getComputedStyle(legend).display !== 'none', text.querySelectorAll('.monologue').length, \
          m.textContent.slice(0, 12), n.textContent.slice(0, 12)];";
    let expect = |italic: &str, legend: bool| {
        serde_json::json!([italic, "normal", legend, 2, "I can't stay", "Jonah bought"])
    };
    // A suggestion: off until the reader turns it on.
    assert_eq!(browser.eval(styles).await, expect("normal", false));
    browser.click("[data-reader-settings] > summary").await;
    browser.click("#setting-monologue").await;
    assert_eq!(browser.eval(styles).await, expect("italic", true));
    let second = browser
        .eval(
            "var p = document.querySelectorAll('.chapter-text p.monologue')[1]; \
               return [getComputedStyle(p).fontStyle, p.title];",
        )
        .await;
    assert_eq!(
        second,
        serde_json::json!(["italic", "Interior monologue, as suggested by Ficshelf"])
    );
    // The settings panel with the box ticked, then the text below it.
    browser
        .eval("document.querySelector('[data-reader-settings]').scrollIntoView({block: 'start'}); return null;")
        .await;
    browser.screenshot("chapter-monologue-setting").await;
    browser
        .eval("document.querySelector('.monologue-legend').scrollIntoView({block: 'start'}); return null;")
        .await;
    browser.screenshot("chapter-monologue").await;

    // The setting survives a reload, and turns off again.
    browser.client.refresh().await.expect("reload");
    let checked = browser
        .eval("return document.getElementById('setting-monologue').checked;")
        .await;
    assert_eq!(checked, serde_json::json!(true));
    assert_eq!(browser.eval(styles).await, expect("italic", true));
    browser.click("[data-reader-settings] > summary").await;
    browser.click("#setting-monologue").await;
    assert_eq!(browser.eval(styles).await, expect("normal", false));
    browser.quit().await;
}

/// How far down the page the window is, from 0 to 1.
const SCROLL_FRACTION: &str = "var d = document.documentElement; \
     return window.scrollY / Math.max(1, d.scrollHeight - window.innerHeight);";

/// Two readers in two browser profiles see their own libraries; what one
/// reader does in one profile (a reading position, a bookmark) follows
/// them to another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reading_position_follows_a_signed_in_reader_to_another_browser() {
    let _turn = TURNS.lock().await;
    let Some(laptop) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let open = fixture.serve(None).await;
    let id = id_of(&open, "The Clockmaker").await;
    let password = "winter-workshop-bells";
    let base = fixture
        .serve_private_with(|readers| {
            readers
                .add_user("tibby", password, false, None)
                .expect("add tibby");
            // A younger reader: Teen and below, and no Greek Mythology.
            let pim = readers
                .add_user("pim", password, false, Some(Rating::Teen))
                .expect("add pim");
            readers
                .add_mute(pim.id, MuteKind::Fandom, "Greek Mythology")
                .expect("mute");
        })
        .await;
    laptop.sign_in(&base, "tibby", password).await;
    let Some(other) = Browser::launch().await else {
        return;
    };
    other.sign_in(&base, "pim", password).await;
    laptop.goto(&format!("{base}/works")).await;
    other.goto(&format!("{base}/works")).await;
    let (everything, limited) = (listed_titles(&laptop).await, listed_titles(&other).await);
    assert_eq!(everything.len(), 8, "{everything:?}");
    assert_eq!(
        limited.len(),
        4,
        "five Teen or below, one muted: {limited:?}"
    );
    for hidden in ["Ink and Ember", "Small Gods of the Kitchen"] {
        assert!(everything.iter().any(|t| t == hidden), "{everything:?}");
        assert!(!limited.iter().any(|t| t == hidden), "{limited:?}");
    }
    other.quit().await;

    // A bookmark through the work's shelf form.
    laptop.goto(&format!("{base}/works/{id}/shelf")).await;
    laptop
        .eval(
            "document.getElementById('bookmark-notes').value = 'Gears and a patient teacher';\
               document.getElementById('bookmark-tags').value = 'workshop, comfort';\
               return null;",
        )
        .await;
    laptop.click("form button.primary").await;
    laptop
        .wait_for_url("the saved bookmark", |url| url.ends_with("/shelf"))
        .await;
    laptop
        .client
        .set_window_size(700, 450)
        .await
        .expect("window size");
    laptop.goto(&format!("{base}/works/{id}/chapters/2")).await;
    laptop
        .eval("var d = document.documentElement; window.scrollTo(0, 0.6 * (d.scrollHeight - window.innerHeight)); return null;")
        .await;
    let left_at = laptop
        .eval(SCROLL_FRACTION)
        .await
        .as_f64()
        .expect("fraction");
    assert!(left_at > 0.5, "the chapter scrolls: {left_at}");
    // The script saves a few seconds after scrolling.
    tokio::time::sleep(Duration::from_secs(5)).await;
    laptop.quit().await;

    let Some(phone) = Browser::launch().await else {
        return;
    };
    phone.sign_in(&base, "tibby", password).await;
    phone
        .client
        .set_window_size(700, 450)
        .await
        .expect("window size");
    phone.goto(&format!("{base}/works/{id}")).await;
    let links = phone
        .eval("return Array.from(document.querySelectorAll('[data-signed-in]')).filter(n => !n.hidden).map(n => n.textContent.trim());")
        .await;
    assert_eq!(links, serde_json::json!(["Your shelf", "Account"]));
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let href = phone
            .eval("var a = document.querySelector('[data-continue]'); return a && !a.hidden ? a.getAttribute('href') : '';")
            .await;
        if href
            .as_str()
            .is_some_and(|h| h.ends_with("/chapters/2#continue"))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no Continue link to chapter 2: {href}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    phone.click("[data-continue]").await;
    phone
        .wait_for_url("the chapter to continue", |url| {
            url.ends_with("/chapters/2#continue")
        })
        .await;
    let at = phone
        .eval(SCROLL_FRACTION)
        .await
        .as_f64()
        .expect("fraction");
    assert!(
        (at - left_at).abs() < 0.05,
        "restored at {at}, left at {left_at}"
    );
    // The bookmark is on the reader's shelf here too, and the home page
    // offers to continue where the other browser stopped.
    phone.goto(&format!("{base}/shelf")).await;
    let shelf = phone.visible_text().await;
    assert!(shelf.contains("Gears and a patient teacher"), "{shelf}");
    phone.click("a[href='/shelf?tag=workshop']").await;
    phone
        .wait_for_url("the shelf by tag", |url| url.ends_with("tag=workshop"))
        .await;
    assert!(phone
        .visible_text()
        .await
        .contains("Bookmarks tagged “workshop”"));
    phone.goto(&format!("{base}/")).await;
    let href = phone
        .eval("var a = document.querySelector('.reader-home .continue-reading a'); return a ? a.getAttribute('href') : '';")
        .await;
    assert_eq!(
        href,
        serde_json::json!(format!("/works/{id}/chapters/2#continue"))
    );
    phone.screenshot("home-signed-in").await;
    phone.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_uploads_a_file_and_sees_it_imported() {
    let _turn = TURNS.lock().await;
    let Some(browser) = Browser::launch().await else {
        return;
    };
    let fixture = Fixture::import();
    let password = "tidewater-archivist-9";
    let base = fixture.serve_with_admin("quay", password).await;
    browser.sign_in(&base, "quay", password).await;

    // The work page shows an administrator the way to manage it.
    browser.goto(&format!("{base}/works")).await;
    let href = browser
        .eval("return Array.from(document.querySelectorAll('.blurb-title > a')).find(a => a.textContent.startsWith('The Clockmaker')).getAttribute('href');")
        .await;
    let href = href.as_str().expect("a work's link").to_string();
    let id = href.trim_start_matches("/works/").to_string();
    browser.goto(&format!("{base}{href}")).await;
    let manage = browser
        .eval("var a = document.querySelector('a[data-admin]'); return a && !a.hidden ? a.getAttribute('href') : null;")
        .await;
    assert_eq!(
        manage.as_str(),
        Some(format!("/works/{id}/manage").as_str())
    );

    let upload = tempfile::tempdir().expect("tempdir");
    let story = upload.path().join("lamplighter.txt");
    std::fs::write(
        &story,
        "Title: The Lamplighter's Round\nAuthor: Oriel Finch\nRating: General Audiences\n\nEvery dusk the lamplighter climbed the same forty ladders, and every dawn he climbed them again.\n",
    )
    .expect("write the upload");
    browser.goto(&format!("{base}/admin/import")).await;
    let input = browser
        .client
        .find(Locator::Css("#upload-files"))
        .await
        .expect("the file input");
    input
        .send_keys(story.to_str().expect("utf-8 path"))
        .await
        .expect("choose the file");
    browser.click(".upload-form button[type=submit]").await;
    browser
        .wait_for_url("the job page", |url| url.contains("/admin/import/"))
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        // The page reloads itself (Refresh header) until the job ends.
        let stage = browser
            .eval("var s = document.querySelector('[data-job-stage]'); return s ? s.getAttribute('data-job-stage') : null;")
            .await;
        if stage.as_str() == Some("done") {
            break;
        }
        assert_ne!(
            stage.as_str(),
            Some("failed"),
            "{}",
            browser.visible_text().await
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the import did not finish"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let text = browser.visible_text().await;
    assert!(text.contains("Import done."), "{text}");
    assert!(text.contains("1 of 1 files"), "{text}");
    assert!(text.contains("1 works added"), "{text}");
    browser.screenshot("import-done").await;

    browser.click("a[href=\"/works\"]").await;
    browser
        .wait_for_url("the works", |url| url.ends_with("/works"))
        .await;
    let titles = listed_titles(&browser).await;
    assert!(
        titles.iter().any(|t| t == "The Lamplighter's Round"),
        "{titles:?}"
    );
    browser.quit().await;
}
