//! Finding a page's story among a site's furniture: the element holding
//! the most paragraph text is the story's container; navigation, headers,
//! footers, sidebars, menus, forms and link lists around or inside it are
//! left out, and the heading just before it (an entry title outside the
//! content box) is kept with it.
//!
//! Written by hand: readability-style extraction crates score whole
//! articles for news pages and drop headings and short paragraphs, which
//! are story text here.

use crate::html::dom::{elements, find_all, text, DomNode};
use scraper::{ElementRef, Node};

/// Elements that are page furniture by their name.
const FURNITURE_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "menu", "button", "select", "script", "style",
    "noscript", "iframe",
];

/// Words in an `id` or `class` that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "menu",
    "sidebar",
    "footer",
    "masthead",
    "breadcrumb",
    "comment",
    "comments",
    "share",
    "widget",
    "related",
    "banner",
    "cookie",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
];

/// Share of an element's text inside links that makes it a link list.
const LINK_LIST_SHARE: f64 = 0.6;

/// Elements whose text counts as paragraph text where they stand.
const PARAGRAPH_TAGS: &[&str] = &["p", "blockquote", "pre"];

/// Inline elements whose text counts as loose paragraph text.
const INLINE_TAGS: &[&str] = &[
    "em", "i", "b", "strong", "span", "font", "u", "s", "small", "big", "a", "sup", "sub",
];

/// The story's container under `body` (`body` itself when no element holds
/// more paragraph text directly) and the heading just before it when that
/// heading is outside it.
pub(crate) fn main_content(body: ElementRef) -> (ElementRef, Option<ElementRef>) {
    let mut best = (paragraph_chars(body), body);
    for e in elements(*body) {
        if is_furniture(&e) || inside_furniture(e, body) {
            continue;
        }
        let score = paragraph_chars(e);
        if score > best.0 {
            best = (score, e);
        }
    }
    let content = best.1;
    if content.id() == body.id() {
        return (body, None);
    }
    let heading = elements(*body)
        .take_while(|e| e.id() != content.id())
        .filter(|e| matches!(e.value().name(), "h1" | "h2" | "h3"))
        .filter(|e| !inside_furniture_except_header(*e, body))
        .last();
    (content, heading)
}

/// The children of `content` that are not furniture or link lists.
pub(crate) fn story_nodes(content: ElementRef) -> Vec<DomNode> {
    content
        .children()
        .filter(|n| ElementRef::wrap(*n).is_none_or(|e| !is_furniture(&e) && !is_link_list(e)))
        .collect()
}

/// Text directly in `e`: its paragraphs, quotes and loose text.
fn paragraph_chars(e: ElementRef) -> usize {
    e.children()
        .map(|n| match n.value() {
            Node::Text(t) => t.trim().chars().count(),
            Node::Element(el)
                if PARAGRAPH_TAGS.contains(&el.name()) || INLINE_TAGS.contains(&el.name()) =>
            {
                text(n).chars().count()
            }
            _ => 0,
        })
        .sum()
}

/// Whether `e` is page furniture by its name, role, id or class.
fn is_furniture(e: &ElementRef) -> bool {
    let el = e.value();
    if FURNITURE_TAGS.contains(&el.name()) {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r))
    {
        return true;
    }
    let marked = |name: &str| {
        let name = name.to_ascii_lowercase();
        name.split(['-', '_', ' '])
            .any(|word| FURNITURE_WORDS.contains(&word))
    };
    el.id().is_some_and(marked) || el.classes().any(marked)
}

fn inside_furniture(e: ElementRef, body: ElementRef) -> bool {
    e.ancestors()
        .take_while(|a| a.id() != body.id())
        .filter_map(ElementRef::wrap)
        .any(|a| is_furniture(&a))
}

/// Like [`inside_furniture`], but an article's own `header` (which holds
/// its title) does not count.
fn inside_furniture_except_header(e: ElementRef, body: ElementRef) -> bool {
    e.ancestors()
        .take_while(|a| a.id() != body.id())
        .filter_map(ElementRef::wrap)
        .any(|a| is_furniture(&a) && a.value().name() != "header")
}

/// An element whose text is mostly links (`« Previous | Contents | Next »`).
fn is_link_list(e: ElementRef) -> bool {
    if matches!(e.value().name(), "blockquote" | "pre") {
        return false;
    }
    // A list's own heading ("Share this:") is not part of the share.
    let headings: usize = elements(*e)
        .filter(|h| matches!(h.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        .map(|h| text(*h).chars().count())
        .sum();
    let all = text(*e).chars().count().saturating_sub(headings);
    let linked: usize = find_all(*e, "a", "")
        .filter(|a| a.value().attr("href").is_some())
        .map(|a| text(*a).chars().count())
        .sum();
    all > 0 && linked as f64 >= LINK_LIST_SHARE * all as f64
}

/// The page's author as HTML states it: `<meta name="author">` or a link
/// with `rel="author"`.
pub(crate) fn page_author(root: DomNode) -> Option<String> {
    elements(root)
        .find_map(|e| match e.value().name() {
            "meta"
                if e.value()
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("author")) =>
            {
                e.value().attr("content").map(str::to_string)
            }
            "a" if e
                .value()
                .attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|w| w == "author")) =>
            {
                Some(text(*e))
            }
            _ => None,
        })
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::dom::find;

    #[test]
    fn story_container_beats_furniture() {
        let doc = scraper::Html::parse_document(
            "<body><header id=masthead><h1>Wren's Stories</h1><nav><a href='/'>Home</a></nav>\
             </header><article><header class=entry-header><h1>Sea Glass, Chapter 1</h1>\
             </header><div class=entry-content><p><a href='/c0'>« Previous</a> | \
             <a href='/toc'>Contents</a></p><p>The tide went out and did not come back.</p>\
             <p>Nobody on the island said so.</p></div></article>\
             <aside class=sidebar><p>Recent posts, many of them, with lots of words in them.</p>\
             </aside><footer><p>Copyright</p></footer></body>",
        );
        let body = find(doc.tree.root(), "body", "").expect("body");
        let (content, heading) = main_content(body);
        assert!(crate::html::dom::has_class(&content, "entry-content"));
        assert_eq!(
            heading.map(|h| text(*h)).as_deref(),
            Some("Sea Glass, Chapter 1")
        );
        let kept: Vec<String> = story_nodes(content)
            .into_iter()
            .map(text)
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            kept,
            [
                "The tide went out and did not come back.",
                "Nobody on the island said so."
            ]
        );
    }
}
