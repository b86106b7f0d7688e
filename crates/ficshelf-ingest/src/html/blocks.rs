//! Story HTML to [`Block`]s: one sanitised block per paragraph, quote, list
//! or heading; `<hr>` and scene-break paragraphs as [`Block::SceneBreak`].
//!
//! The walk is iterative and stops descending at [`MAX_DEPTH`] (deeper
//! markup keeps only its text), so hostile nesting cannot overflow the stack.

use super::dom::DomNode;
use crate::paragraphs::is_scene_break;
use crate::sanitise::{clean, is_asset_src, ALLOWED_TAGS, DROPPED_WITH_CONTENT};
use ego_tree::iter::Edge;
use ficshelf_model::{escape_html_into, html_to_text, Block, ChapterBody};
use scraper::Node;

/// Deepest markup kept; below this only text survives.
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements that are one block each.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "blockquote",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "address",
];

/// Elements that flow inside a paragraph.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "time",
    "img", "label", "wbr",
];

/// Builds a chapter body from a run of sibling nodes.
pub(crate) fn body_of(nodes: Vec<DomNode>) -> ChapterBody {
    let mut out = Collector::default();
    let mut stack = vec![nodes.into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(node) = top.next() else {
            stack.pop();
            out.flush();
            continue;
        };
        match node.value() {
            Node::Text(t) => escape_html_into(t, &mut out.inline),
            Node::Element(e) => {
                let name = e.name();
                if DROPPED_WITH_CONTENT.contains(&name) {
                    continue;
                }
                if name == "hr" {
                    out.flush();
                    out.blocks.push(Block::SceneBreak);
                } else if name == "br" {
                    out.line_break();
                } else if BLOCK_TAGS.contains(&name) {
                    out.flush();
                    out.push_html(serialise(node));
                } else if INLINE_TAGS.contains(&name) {
                    out.inline.push_str(&serialise(node));
                } else if stack.len() < MAX_DEPTH {
                    out.flush();
                    stack.push(node.children().collect::<Vec<_>>().into_iter());
                } else {
                    out.inline.push_str(&serialise(node));
                }
            }
            _ => {}
        }
    }
    out.flush();
    ChapterBody { blocks: out.blocks }
}

#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    /// Loose inline markup waiting to become a paragraph.
    inline: String,
}

impl Collector {
    /// Two line breaks in a row end a paragraph; one is kept.
    fn line_break(&mut self) {
        let trimmed = self.inline.trim_end();
        if trimmed.ends_with("<br>") {
            let cut = trimmed.len() - "<br>".len();
            self.inline.truncate(cut);
            self.flush();
        } else {
            self.inline.push_str("<br>");
        }
    }

    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        let mut rest = inline.trim();
        loop {
            let before = rest.len();
            rest = rest
                .trim_start_matches("<br>")
                .trim_end_matches("<br>")
                .trim();
            if rest.len() == before {
                break;
            }
        }
        if !rest.is_empty() {
            self.push_html(format!("<p>{rest}</p>"));
        }
    }

    fn push_html(&mut self, html: String) {
        let cleaned = clean(&html);
        let text = html_to_text(&cleaned);
        let text = text.trim();
        if text.is_empty() {
            // An image alone is a block of its own.
            if cleaned.contains("<img ") {
                self.blocks.push(Block::Html(cleaned));
            }
            return;
        }
        if is_scene_break(text) {
            self.blocks.push(Block::SceneBreak);
        } else {
            self.blocks.push(Block::Html(cleaned));
        }
    }
}

/// Writes `node` as HTML keeping only allowed elements (and `a@href`),
/// images whose `src` is already `asset:<sha256>` (as `src` then `alt`),
/// dropping forbidden subtrees, and only text below [`MAX_DEPTH`].
pub(crate) fn serialise(node: DomNode) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut skipping: Option<usize> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => {
                if let Node::Element(e) = n.value() {
                    depth += 1;
                    if skipping.is_some() {
                        continue;
                    }
                    let name = e.name();
                    if DROPPED_WITH_CONTENT.contains(&name) {
                        skipping = Some(depth);
                    } else if name == "img" {
                        if let Some(src) = e.attr("src").filter(|s| is_asset_src(s)) {
                            out.push_str("<img src=\"");
                            out.push_str(src);
                            out.push_str("\" alt=\"");
                            escape_html_into(e.attr("alt").unwrap_or(""), &mut out);
                            out.push_str("\">");
                        }
                    } else if depth <= MAX_DEPTH && ALLOWED_TAGS.contains(&name) {
                        out.push('<');
                        out.push_str(name);
                        if let (true, Some(href)) = (name == "a", e.attr("href")) {
                            out.push_str(" href=\"");
                            escape_html_into(href.trim(), &mut out);
                            out.push('"');
                        }
                        out.push('>');
                    }
                } else if let (Node::Text(t), None) = (n.value(), skipping) {
                    escape_html_into(t, &mut out);
                }
            }
            Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    let name = e.name();
                    if skipping == Some(depth) {
                        skipping = None;
                    } else if skipping.is_none()
                        && depth <= MAX_DEPTH
                        && ALLOWED_TAGS.contains(&name)
                        && !matches!(name, "br" | "hr")
                    {
                        out.push_str("</");
                        out.push_str(name);
                        out.push('>');
                    }
                    depth -= 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> ChapterBody {
        let doc = scraper::Html::parse_fragment(html);
        body_of(doc.root_element().children().collect())
    }

    #[test]
    fn paragraphs_breaks_and_emphasis() {
        let b = body("<div><p>One <em>two</em>.</p><p>* * *</p><hr/>loose<br/><br/>text</div>");
        assert_eq!(
            b.blocks,
            vec![
                Block::Html("<p>One <em>two</em>.</p>".into()),
                Block::SceneBreak,
                Block::SceneBreak,
                Block::Html("<p>loose</p>".into()),
                Block::Html("<p>text</p>".into()),
            ]
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = format!("{}deep{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert_eq!(body(&html).to_text(), "deep\n");
        let html = format!("<p>{}x{}</p>", "<b>".repeat(5_000), "</b>".repeat(5_000));
        assert_eq!(body(&html).to_text(), "x\n");
    }
}
