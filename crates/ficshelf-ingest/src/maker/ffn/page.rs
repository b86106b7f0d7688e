//! A FanFiction.Net story page saved from a browser: one chapter of a
//! story inside the site's menus, buttons, review box and footer.
//!
//! What is read, by structure:
//! - `#profile_top`: the title (`b.xcontrast_txt`), the author (the link to
//!   `/u/<id>/<name>`), the summary (`div.xcontrast_txt`), the stat line
//!   (`span.xgray`). Older pages have no `#profile_top`: the title closes
//!   the breadcrumb, the author link stands alone, the stat line is bare
//!   text between two rules and the summary is only in the description meta.
//! - the breadcrumb (`#pre_story_links`, or older `Books » Harry Potter »
//!   <b>Title</b>`): the fandom, or a crossover's two.
//! - the chapter selector (`select#chap_select`, older `select[name=chapter]`):
//!   the selected option is this chapter (`1. Skipping Stones`).
//! - `#storytext`: the story, and nothing else of the page.

use super::{read_stat_line, story_url};
use crate::html::blocks::body_of;
use crate::html::dom::{by_id, child_elements, elements, find, find_all, text, DomNode};
use crate::lists::{extend_unique, squash_spaces};
use crate::maker::chapter_label::chapter_label;
use crate::parsed::{ParsedChapter, ParsedFile, StatedMeta};
use scraper::{ElementRef, Node};

/// The site's story categories: a breadcrumb starts at one of these.
const CATEGORIES: &[&str] = &[
    "anime",
    "book",
    "cartoon",
    "comic",
    "game",
    "misc",
    "movie",
    "play",
    "tv",
    "crossovers",
];

/// Elements a bare stat line runs through (it ends at the first other one).
const STAT_LINE_INLINE: &[&str] = &["a", "span", "b", "i", "em", "strong", "small", "font"];

/// Whether a document is a saved FanFiction.Net story page.
pub(crate) fn is_story_page(root: DomNode) -> bool {
    by_id(root, "storytext").is_some()
        && (by_id(root, "profile_top").is_some()
            || page_address(root).is_some_and(|a| story_url(&a).is_some())
            || bare_stat_line(root).is_some())
}

/// Reads a saved story page.
pub(crate) fn read_story_page(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    let meta = &mut file.meta;
    let profile = by_id(root, "profile_top").map(|p| *p);
    let crumb = breadcrumb(root);
    meta.title = profile
        .and_then(|p| find(p, "b", "xcontrast_txt"))
        .or_else(|| crumb.and_then(|c| child_elements(*c).find(|e| e.value().name() == "b")))
        .map(|b| text(*b))
        .filter(|t| !t.is_empty());
    let author = find_all(profile.unwrap_or(root), "a", "")
        .filter(|a| a.value().attr("href").is_some_and(is_user_link))
        .map(|a| text(*a))
        .find(|name| !name.is_empty());
    extend_unique(&mut meta.authors, author);
    if let Some(crumb) = crumb {
        extend_unique(&mut meta.fandoms, crumb_fandoms(crumb));
    }
    let stat_line = profile
        .and_then(|p| find(p, "span", "xgray"))
        .map(|s| text(*s))
        .or_else(|| bare_stat_line(root));
    if let Some(line) = &stat_line {
        read_stat_line(line, meta);
    }
    meta.summary = match profile {
        Some(p) => child_elements(p)
            .find(|e| e.value().name() == "div" && crate::html::dom::has_class(e, "xcontrast_txt"))
            .map(|d| text(*d)),
        None => description(root).and_then(|d| summary_in_description(&d, meta)),
    }
    .filter(|s| !s.is_empty());
    meta.url = page_address(root).and_then(|a| story_url(&a));

    let mut chapter = ParsedChapter::default();
    if let Some(option) = selected_chapter(root) {
        let label = chapter_label(&text(*option));
        chapter.stated_number = label.number;
        chapter.title = label.title;
    }
    if let Some(story) = by_id(root, "storytext") {
        chapter.body = body_of(story.children().collect());
    }
    file.chapters.push(chapter);
    file
}

/// `/u/123/Name` or a full address to it.
fn is_user_link(href: &str) -> bool {
    let path = href
        .split_once("fanfiction.net")
        .or_else(|| href.split_once("fictionpress.com"))
        .map_or(href, |(_, path)| path);
    path.starts_with("/u/")
}

/// The canonical link or `og:url`.
fn page_address(root: DomNode) -> Option<String> {
    elements(root)
        .find_map(|e| match e.value().name() {
            "link" if e.value().attr("rel") == Some("canonical") => e.value().attr("href"),
            "meta" if e.value().attr("property") == Some("og:url") => e.value().attr("content"),
            _ => None,
        })
        .map(str::to_string)
}

/// The content of `<meta name="description">`.
fn description(root: DomNode) -> Option<String> {
    elements(root)
        .filter(|e| e.value().name() == "meta")
        .find(|e| {
            e.value()
                .attr("name")
                .is_some_and(|n| n.eq_ignore_ascii_case("description"))
        })
        .and_then(|e| e.value().attr("content"))
        .map(squash_spaces)
}

/// Older pages state the summary only in the description meta, after a
/// sentence the site writes: `Chapter 1 of a Harry Potter Drama/Angst
/// fanfiction with characters Harry P. & Draco M.. <summary>`. The names
/// are the stat line's, so they mark where the site's sentence ends.
fn summary_in_description(description: &str, meta: &StatedMeta) -> Option<String> {
    let (_, mut rest) = description.split_once(" fanfiction")?;
    if let Some(names) = rest.strip_prefix(" with characters ") {
        let last = meta.characters.last()?;
        let at = names.find(last.as_str())?;
        rest = &names[at + last.len()..];
    }
    let summary = rest.trim_start_matches(['.', ' ']).trim();
    (!summary.is_empty()).then(|| summary.to_string())
}

/// The breadcrumb: `#pre_story_links`, or (older pages) the element holding
/// a link to a category's page followed by the story title in bold.
fn breadcrumb(root: DomNode) -> Option<ElementRef> {
    if let Some(links) = by_id(root, "pre_story_links") {
        return Some(links);
    }
    elements(root)
        .filter(|a| a.value().name() == "a" && a.value().attr("href").is_some_and(is_category))
        .filter_map(|a| a.parent().and_then(ElementRef::wrap))
        .find(|parent| child_elements(**parent).any(|e| e.value().name() == "b"))
}

/// `/book/` (or a full address to it).
fn is_category(href: &str) -> bool {
    let path = href.split_once(".net").map_or(href, |(_, path)| path);
    let name = path.trim_matches('/');
    CATEGORIES.contains(&name) && path.ends_with('/')
}

/// The breadcrumb's last link names the fandom; a crossover's names two
/// (`Harry Potter + Naruto Crossover`).
fn crumb_fandoms(crumb: ElementRef) -> Vec<String> {
    let Some(last) = find_all(*crumb, "a", "")
        .filter(|a| a.value().attr("href").is_some_and(|h| !is_category(h)))
        .last()
    else {
        return Vec::new();
    };
    let name = text(*last);
    let name = name.strip_suffix(" Crossover").unwrap_or(&name);
    name.split(" + ")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// The selected option of the chapter selector.
fn selected_chapter(root: DomNode) -> Option<ElementRef> {
    let select = elements(root).find(|e| {
        e.value().name() == "select"
            && (e.value().id() == Some("chap_select")
                || e.value()
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("chapter")))
    })?;
    find_all(*select, "option", "").find(|o| o.value().attr("selected").is_some())
}

/// An older page's stat line: bare text starting `Rated:` before the story,
/// running through inline elements (the rating and review links) up to the
/// next block or script.
fn bare_stat_line(root: DomNode) -> Option<String> {
    for node in root.descendants() {
        let start = match node.value() {
            Node::Element(e) if e.id() == Some("storytext") => return None,
            Node::Text(t) if t.trim_start().starts_with("Rated:") => t,
            _ => continue,
        };
        let in_script = node
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| matches!(p.value().name(), "script" | "style" | "title"));
        if in_script {
            continue;
        }
        let mut line = start.to_string();
        for next in node.next_siblings() {
            match next.value() {
                Node::Text(t) => line.push_str(t),
                Node::Element(e) if STAT_LINE_INLINE.contains(&e.name()) => {
                    line.push(' ');
                    line.push_str(&text(next));
                    line.push(' ');
                }
                Node::Element(_) => break,
                _ => {}
            }
        }
        return Some(squash_spaces(&line));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> ParsedFile {
        read_story_page(scraper::Html::parse_document(html).tree.root())
    }

    #[test]
    fn older_layout_bare_stat_line_and_description_summary() {
        let file = read(
            "<html><head><meta name='description' content='Chapter 1 of a Books \
             Drama fanfiction with characters Ann B. &amp; Cole D.. Two keepers, one lamp.'>\
             <link rel='canonical' href='/s/99/1/Lamp'></head><body>\
             <div><a href='/book/'>Books</a> &#187; <a href='/book/Lamps/'>Lamps</a> \
             &#187; <b>The Lamp</b></div><a href='/u/5/wren'>wren</a>\
             <select name=chapter><option value=1 selected>1. Chapter 1<option value=2>2. Chapter 2</select>\
             <hr>Rated: <a href='x'> T</a> - English - Drama - Ann B. &amp; Cole D. - \
             Reviews: <a href='/r/99/'>12</a> - id:99 <script>var x = 1;</script><hr>\
             <div id=storytext><p>The lamp was lit.</p></div></body></html>",
        );
        let m = &file.meta;
        assert_eq!(m.title.as_deref(), Some("The Lamp"));
        assert_eq!(m.authors, ["wren"]);
        assert_eq!(m.fandoms, ["Lamps"]);
        assert_eq!(m.rating.as_deref(), Some("T"));
        assert_eq!(m.characters, ["Ann B.", "Cole D."]);
        assert_eq!(m.summary.as_deref(), Some("Two keepers, one lamp."));
        assert_eq!(m.url.as_deref(), Some("https://www.fanfiction.net/s/99/1/"));
        let ch = &file.chapters[0];
        assert_eq!((ch.stated_number, ch.title.as_deref()), (Some(1), None));
        assert_eq!(ch.body.to_text(), "The lamp was lit.\n");
    }

    #[test]
    fn crossover_breadcrumb_names_both_fandoms() {
        let file = read(
            "<div id=pre_story_links><span><a href='/crossovers/'>Crossover</a> \
             <a href='/Lamps-and-Ships-Crossovers/1/2/'>Lamps + Ships Crossover</a></span></div>\
             <div id=storytext><p>x</p></div>",
        );
        assert_eq!(file.meta.fandoms, ["Lamps", "Ships"]);
    }
}
