//! Interior monologue in the reader: chapters imported (with analysis) from
//! a text file and an HTML file, third-person past narration interleaved
//! with first-person present thoughts; the reader marks exactly the
//! paragraphs analysis read as monologue, in the chapter page and in the
//! entire-work view, and offers the setting that shows them in italics.

use crate::common::{occurrences, Server};
use ficshelf_library::{Library, NoProgress};
use ficshelf_model::Block;
use ficshelf_web::AppState;

/// Narration (N) and monologue (M) paragraphs, in order, across a scene
/// break; chapter 2 is narration only.
const NARRATION_1: [&str; 6] = [
    "Mara crossed the harbour road before the lamps were lit.",
    "She stopped at the sea wall and looked down at the boats.",
    "A gull landed beside her and watched her with one yellow eye.",
    "By the time she reached the inn, the rain had started.",
    "She took off her wet gloves and laid them on the table.",
    "She wrapped her cold fingers around the cup and said nothing at all.",
];
const MONOLOGUE_1: [&str; 3] = [
    "I can't go back there.",
    "I am not afraid of him.",
    "I have to say it now,",
];

const STORY: &str = "Title: The Sea Wall
Author: Wren
Rating: General Audiences

Chapter 1: Low Tide

Mara crossed the harbour road before the lamps were lit. The wind pulled at her coat and she held it closed with one hand.

I can't go back there. I know what he will say, and I know I will believe him again.

She stopped at the sea wall and looked down at the boats. The tide was out, and the hulls leaned in the mud like tired animals.

A gull landed beside her and watched her with one yellow eye. She had nothing to give it, and after a while it flew away.

* * *

By the time she reached the inn, the rain had started. Tomas was sitting by the fire, as he always did, and he looked up when the door opened.

I am not afraid of him. I am only tired, and tired is not the same thing as afraid.

She took off her wet gloves and laid them on the table. He poured her a cup of tea without asking and pushed it across to her.

I have to say it now, before I lose my nerve. If I wait until morning I will never say it.

She wrapped her cold fingers around the cup and said nothing at all. Outside, the rain kept on until the tide came back.

Chapter 2: High Tide

The boats floated again by noon. Mara walked down to the quay and watched the men untie the ropes.

Tomas came later, carrying the basket she had left at the inn. He set it down beside her and stayed.
";

/// An HTML page: paragraphs with emphasis, and a blockquote holding a
/// narration paragraph and a monologue paragraph (one `Block::Html` with
/// two paragraphs, only one of them monologue).
const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Lanterns</title></head>
<body>
<p>Ilse carried the lantern up the hill while the village slept below. The path was steep, and she <em>stopped</em> twice to catch her breath.</p>
<p>I know this path. I know every stone of it, and I am still afraid of the dark.</p>
<blockquote><p>The chapel door stood open when she reached the top. Somebody had lit the candles and gone away again.</p><p>I don't believe in ghosts. I only believe in people who leave doors open.</p></blockquote>
<hr>
<p>She set the lantern on the altar and sat down in the first pew. The candles guttered in the draught and the shadows moved on the walls.</p>
<p>Nobody is coming. I am alone here, and that is what I wanted.</p>
<p>She waited until the candles burned down, then she walked home in the grey light of morning.</p>
</body></html>
"#;

const MONOLOGUE_2: [&str; 3] = [
    "I know this path.",
    "I don't believe in ghosts.",
    "Nobody is coming.",
];
const NARRATION_2: [&str; 4] = [
    "Ilse carried the lantern",
    "The chapel door stood open",
    "She set the lantern on the altar",
    "She waited until the candles burned down",
];

/// The start tag of the element whose text begins with `text`.
fn start_tag<'a>(html: &'a str, text: &str) -> &'a str {
    // Text paragraphs are escaped (`&#39;`); sanitised HTML keeps `'`.
    let at = html
        .find(text)
        .or_else(|| html.find(&text.replace('\'', "&#39;")))
        .unwrap_or_else(|| panic!("{text:?} is not on the page"));
    let open = html[..at].rfind('<').expect("a tag before the text");
    let tag = &html[open..at];
    assert!(
        tag.ends_with('>'),
        "{text:?} does not start an element: {tag}"
    );
    tag
}

fn is_marked(html: &str, text: &str) -> bool {
    let tag = start_tag(html, text);
    let marked = tag.contains("class=\"monologue\"");
    if marked {
        assert!(
            tag.contains("data-suggested=\"interior monologue\"")
                && tag.contains("title=\"Interior monologue, as suggested by Ficshelf\""),
            "{tag}"
        );
    }
    marked
}

/// A library holding [`STORY`] and [`PAGE`], imported with analysis.
fn import() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("sea-wall.txt"), STORY).expect("write story");
    std::fs::write(input.join("lanterns.html"), PAGE).expect("write page");
    let mut library = Library::open(&dir.path().join("library")).expect("open");
    let report = library.import(&[input], &NoProgress).expect("import");
    assert_eq!(report.works_created, 2, "{report:?}");
    (dir, library)
}

fn id_of(library: &Library, title: &str) -> String {
    library
        .works()
        .expect("works")
        .into_iter()
        .find(|w| w.title == title)
        .unwrap_or_else(|| panic!("no work {title}"))
        .id
}

#[tokio::test]
async fn monologue_paragraphs_of_a_text_chapter_carry_the_class() {
    let (_dir, library) = import();
    let id = id_of(&library, "The Sea Wall");
    let work = library.work(&id).expect("work").expect("stored");
    // What analysis read, as `paragraphs()` counts: the scene break is no
    // paragraph, so the thoughts are 1, 5 and 7.
    let chapters = &work.suggested.chapters;
    assert_eq!(
        chapters[0].interior_monologue,
        vec![1, 5, 7],
        "{chapters:?}"
    );
    assert!(chapters[1].interior_monologue.is_empty(), "{chapters:?}");
    let server = Server::start_state(AppState::new(library, None)).await;

    let page = server.text(&format!("/works/{id}/chapters/1"), 200).await;
    for text in MONOLOGUE_1 {
        assert!(is_marked(&page, text), "{text:?} is monologue");
    }
    for text in NARRATION_1 {
        assert!(!is_marked(&page, text), "{text:?} is narration");
    }
    assert_eq!(occurrences(&page, "class=\"monologue\""), 3);
    assert_eq!(occurrences(&page, "<hr>"), 1, "the scene break stays");
    // The setting, off until the script turns it on, and the legend.
    assert!(page
        .contains("<input type=\"checkbox\" id=\"setting-monologue\" data-setting=\"monologue\""));
    assert!(page.contains("Interior monologue in italics"));
    assert!(page.contains("class=\"monologue-legend muted\""));
    assert!(page.contains("suggested by Ficshelf"));
    assert!(!page.contains("style="), "no inline style under the CSP");

    // The JSON API's chapter HTML carries the same marks.
    let api = server.json(&format!("/api/works/{id}/chapters/1")).await;
    let html = api["html"].as_str().expect("html");
    for text in MONOLOGUE_1 {
        assert!(is_marked(html, text), "{text:?} is monologue (API)");
    }
    for text in NARRATION_1 {
        assert!(!is_marked(html, text), "{text:?} is narration (API)");
    }
    assert_eq!(occurrences(html, "class=\"monologue\""), 3);

    // A chapter of narration only: nothing marked, no legend.
    let page = server.text(&format!("/works/{id}/chapters/2"), 200).await;
    assert!(!page.contains("class=\"monologue"));
    assert!(page.contains("id=\"setting-monologue\""));

    // The entire-work view marks the same paragraphs.
    let full = server
        .text(&format!("/works/{id}?view_full_work=true"), 200)
        .await;
    for text in MONOLOGUE_1 {
        assert!(is_marked(&full, text), "{text:?} is monologue (full view)");
    }
    for text in NARRATION_1 {
        assert!(!is_marked(&full, text), "{text:?} is narration (full view)");
    }
    assert_eq!(occurrences(&full, "class=\"monologue-legend muted\""), 1);
}

#[tokio::test]
async fn monologue_inside_html_blocks_is_marked_through_their_paragraphs() {
    let (_dir, library) = import();
    let id = id_of(&library, "Lanterns");
    // The blockquote is one HTML block holding two paragraphs.
    let (_, body) = library.chapter(&id, 1).expect("read").expect("chapter");
    assert!(
        body.blocks.iter().any(|b| matches!(
            b,
            Block::Html(h) if h.starts_with("<blockquote>") && h.matches("<p>").count() == 2
        )),
        "{body:?}"
    );
    assert!(body.blocks.contains(&Block::SceneBreak), "{body:?}");
    let work = library.work(&id).expect("work").expect("stored");
    assert_eq!(
        work.suggested.chapters[0].interior_monologue,
        vec![1, 3, 5],
        "{:?}",
        work.suggested.chapters
    );
    let server = Server::start_state(AppState::new(library, None)).await;

    // An HTML page states no rating: past the adult-content gate by link.
    for path in [
        format!("/works/{id}/chapters/1?view_adult=true"),
        format!("/works/{id}?view_full_work=true&view_adult=true"),
    ] {
        let page = server.text(&path, 200).await;
        for text in MONOLOGUE_2 {
            assert!(is_marked(&page, text), "{text:?} is monologue ({path})");
        }
        for text in NARRATION_2 {
            assert!(!is_marked(&page, text), "{text:?} is narration ({path})");
        }
        // The blockquote itself is not marked, only its second paragraph.
        assert!(page.contains("<blockquote><p>The chapel door"), "{path}");
        // Emphasis the author wrote is kept.
        assert!(page.contains("<em>stopped</em>"), "{path}");
    }
}
