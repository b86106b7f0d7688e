//! FanFicFare's HTML output: an `h1` "Title by Author", a `table.full` of
//! `<b>Label:</b>` rows, a table of contents, then per chapter an
//! `<a name="sectionNNNN"><h2>Title</h2></a>` followed by a `div`.
//! Also its EPUB title page (`<b>Label:</b> value<br/>`).

use super::apply_fff_label;
use crate::html::blocks::{body_of, serialise};
use crate::html::dom::{find, find_all, is, text, DomNode};
use crate::lists::extend_unique;
use crate::parsed::{ParsedChapter, ParsedFile, StatedMeta};
use crate::sanitise::clean;
use ficshelf_model::html_to_text;
use scraper::{ElementRef, Node};

/// Whether the document looks like FanFicFare's HTML output.
pub(crate) fn is_fff(root: DomNode) -> bool {
    find(root, "table", "full").is_some() && section_anchors(root).next().is_some()
}

fn section_anchors<'a>(root: DomNode<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    find_all(root, "a", "").filter(|a| {
        a.value()
            .attr("name")
            .is_some_and(|n| n.starts_with("section"))
    })
}

/// Title and authors from `<h1|h3><a>Title</a> by <a class="authorlink">…`.
pub(crate) fn read_title_line(heading: DomNode, meta: &mut StatedMeta) {
    let links: Vec<ElementRef> = find_all(heading, "a", "").collect();
    if let Some(first) = links.first() {
        meta.title = Some(text(**first)).filter(|t| !t.is_empty());
    }
    let authors = links
        .iter()
        .filter(|a| is(a, "a", "authorlink"))
        .map(|a| text(**a));
    extend_unique(&mut meta.authors, authors);
}

/// Reads FanFicFare's HTML file.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    if let Some(h1) = find(root, "h1", "") {
        read_title_line(*h1, &mut file.meta);
    }
    if let Some(table) = find(root, "table", "full") {
        for row in find_all(*table, "tr", "") {
            let cells: Vec<ElementRef> = find_all(*row, "td", "").collect();
            if let [label, value] = cells.as_slice() {
                let label = text(**label).trim_end_matches(':').to_string();
                apply_fff_label(&mut file.meta, &label, &value_text(**value));
            }
        }
    }
    for anchor in section_anchors(root) {
        let title = text(*anchor);
        let body = anchor
            .next_siblings()
            .find_map(ElementRef::wrap)
            .filter(|e| is(e, "div", ""));
        file.chapters.push(ParsedChapter {
            title: Some(title).filter(|t| !t.is_empty()),
            body: body
                .map(|d| body_of(d.children().collect()))
                .unwrap_or_default(),
            ..ParsedChapter::default()
        });
    }
    file
}

fn value_text(node: DomNode) -> String {
    html_to_text(&clean(&serialise(node)))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the `<b>Label:</b> value<br/>` lines of FanFicFare's EPUB title page.
pub(crate) fn read_title_page(root: DomNode, meta: &mut StatedMeta) {
    if let Some(h) = find(root, "h3", "").or_else(|| find(root, "h1", "")) {
        read_title_line(*h, meta);
    }
    let Some(div) = find(root, "div", "") else {
        return;
    };
    let mut label: Option<String> = None;
    let mut value = String::new();
    let mut finish = |label: &mut Option<String>, value: &mut String| {
        if let Some(l) = label.take() {
            apply_fff_label(meta, &l, value);
        }
        value.clear();
    };
    for child in div.children() {
        match child.value() {
            Node::Element(e) if e.name() == "b" => {
                finish(&mut label, &mut value);
                label = Some(text(child).trim_end_matches(':').to_string());
            }
            Node::Element(e) if e.name() == "br" => finish(&mut label, &mut value),
            Node::Element(_) => {
                value.push(' ');
                value.push_str(&value_text(child));
            }
            Node::Text(t) => value.push_str(t),
            _ => {}
        }
    }
    finish(&mut label, &mut value);
}
