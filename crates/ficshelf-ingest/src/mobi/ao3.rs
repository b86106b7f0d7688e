//! AO3's MOBI download is its HTML download converted by calibre to MOBI 6,
//! which keeps no ids or classes (its AZW3 keeps ids but renames every
//! class): `#preface`, the `dl.tags` list, the
//! byline, `div.meta.group` and `div.userstuff` are gone, leaving labelled
//! paragraphs and `blockquote`s in reading order. This module rebuilds
//! the download's structure from that sequence (by the labels AO3 always
//! writes: "Posted originally on the …", `Rating:` … `Stats:`,
//! "Summary", "Notes", "Chapter N: …" headings, "Chapter Summary",
//! "Chapter Notes", "Chapter End Notes", "End Notes") so that the AO3
//! maker reads it as it reads the download. Only structure is rebuilt
//! here; what each part means stays with `crate::maker::ao3`.

use super::mobi6::{restore_headings, Page};
use crate::html::dom::{self, DomNode};
use crate::maker::ao3::NOTE_LABELS;
use scraper::ElementRef;

/// The labels AO3 writes before its afterword lists, lowercased (those
/// before notes are the AO3 maker's `NOTE_LABELS`).
const AFTERWORD_LABELS: &[&str] = &["series this work belongs to", "works inspired by this one"];

/// One block of the flattened book: its element name, inner markup, text,
/// and for a `blockquote` the markup of the innermost quote holding all
/// its text (calibre nests a `dd`'s value in several).
#[derive(Debug, Clone)]
struct Flat {
    name: String,
    inner: String,
    text: String,
    value: String,
}

impl Flat {
    fn is_heading(&self) -> bool {
        matches!(self.name.as_str(), "h1" | "h2" | "h3" | "h4")
    }

    fn is_quote(&self) -> bool {
        self.name == "blockquote"
    }

    /// Whether this is one of the labels AO3 puts before notes and lists
    /// (calibre may have turned it into a `blockquote` itself), or the
    /// afterword's closing message.
    fn is_ao3_label(&self) -> bool {
        let label = self.label();
        NOTE_LABELS.contains(&label.as_str())
            || AFTERWORD_LABELS.contains(&label.as_str())
            || self.text.trim_start().starts_with("(See the end of the")
            || self.text.contains("drop by the Archive and comment")
    }

    /// The text without its final colon, lowercased.
    fn label(&self) -> String {
        self.text.trim().trim_end_matches(':').trim().to_lowercase()
    }
}

/// The AO3 download rebuilt from a MOBI 6 book's pages, when the book is
/// one (its opening blocks say "Posted originally on the …").
pub(crate) fn rebuild(pages: &[Page]) -> Option<String> {
    let blocks: Vec<Flat> = pages.iter().flat_map(|p| flatten(&p.html)).collect();
    let message = blocks
        .iter()
        .take(4)
        .position(|b| b.text.contains("Posted originally on the"))?;
    let mut cursor = Cursor {
        blocks: &blocks,
        at: message + 1,
    };
    let mut html = String::from("<html><body><div id=\"preface\">");
    html.push_str(&format!(
        "<p class=\"message\">{}</p><div class=\"meta\">",
        blocks[message].inner
    ));
    preface(&mut cursor, &mut html);
    html.push_str("</div></div><div id=\"chapters\" class=\"userstuff\">");
    let afterword = afterword_start(&blocks, cursor.at);
    let chapters_end = Cursor {
        blocks: &blocks[..afterword],
        at: cursor.at,
    };
    chapters(chapters_end, &mut html);
    html.push_str("</div><div id=\"afterword\">");
    let mut after = Cursor {
        blocks: &blocks,
        at: afterword,
    };
    if after.label_is(&["end notes"]) {
        after.at += 1;
        html.push_str("<div id=\"endnotes\"><p>End Notes</p>");
        html.push_str(&after.quotes());
        html.push_str("</div>");
    }
    html.push_str("</div></body></html>");
    Some(html)
}

/// The tag list, title, byline, summary and notes.
fn preface(c: &mut Cursor, html: &mut String) {
    html.push_str("<dl class=\"tags\">");
    while let Some(block) = c.peek() {
        if block.is_heading() {
            break;
        }
        if block.name == "dl" {
            html.push_str(&block.inner);
            c.at += 1;
        } else if c.is_labelled() {
            html.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                block.inner,
                c.value_at(c.at + 1)
            ));
            c.at += 2;
        } else {
            c.at += 1;
        }
    }
    html.push_str("</dl>");
    if let Some(title) = c.peek().filter(|b| b.is_heading()) {
        html.push_str(&format!("<h1>{}</h1>", title.inner));
        c.at += 1;
    }
    if let Some(byline) = c.peek().filter(|b| b.text.trim_start().starts_with("by ")) {
        html.push_str(&format!("<div class=\"byline\">{}</div>", byline.inner));
        c.at += 1;
    }
    c.labelled_notes(&["summary", "notes"], "(See the end of the work", html);
}

/// Where the afterword starts: its "End Notes", series list or closing
/// message, whichever comes first after `from`.
fn afterword_start(blocks: &[Flat], from: usize) -> usize {
    (from..blocks.len())
        .find(|&i| {
            let label = blocks[i].label();
            (label == "end notes" && blocks.get(i + 1).is_some_and(Flat::is_quote))
                || label == "series this work belongs to"
                || label == "works inspired by this one"
                || blocks[i].text.contains("drop by the Archive and comment")
        })
        .unwrap_or(blocks.len())
}

/// Every chapter: its heading block and notes in a `div.meta.group`, its
/// text in a `div.userstuff`, its end notes in a `div.meta.group` of
/// their own. A work with no chapter headings is one chapter.
fn chapters(mut c: Cursor, html: &mut String) {
    let heads: Vec<usize> = (c.at..c.blocks.len())
        .filter(|&i| c.blocks[i].is_heading() && is_chapter_heading(&c.blocks[i].text))
        .collect();
    if heads.is_empty() {
        html.push_str("<div class=\"userstuff\">");
        c.body_until(c.blocks.len(), html);
        html.push_str("</div>");
        return;
    }
    // Text before the first heading is kept, never dropped.
    if heads[0] > c.at {
        html.push_str("<div class=\"userstuff\">");
        c.body_until(heads[0], html);
        html.push_str("</div>");
    }
    for (n, &head) in heads.iter().enumerate() {
        let end = heads.get(n + 1).copied().unwrap_or(c.blocks.len());
        c.at = head + 1;
        html.push_str(&format!(
            "<div class=\"meta group\"><h2 class=\"heading\">{}</h2>",
            c.blocks[head].inner
        ));
        c.labelled_notes(
            &["chapter summary", "chapter notes"],
            "(See the end of the chapter",
            html,
        );
        html.push_str("</div><div class=\"userstuff\">");
        let end_notes = (c.at..end).find(|&i| {
            c.blocks[i].label() == "chapter end notes"
                && c.blocks.get(i + 1).is_some_and(Flat::is_quote)
        });
        c.body_until(end_notes.unwrap_or(end), html);
        html.push_str("</div>");
        if end_notes.is_some() {
            c.at += 1;
            html.push_str("<div class=\"meta group\"><p>Chapter End Notes</p>");
            html.push_str(&c.quotes());
            html.push_str("</div>");
            // Anything after the end notes is text, kept in a body of its own.
            if c.at < end {
                html.push_str("<div class=\"userstuff\">");
                c.body_until(end, html);
                html.push_str("</div>");
            }
        }
    }
}

/// AO3's chapter headings: `Chapter 3` or `Chapter 3: Title`.
fn is_chapter_heading(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix("Chapter ") else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (rest.len() == digits || rest[digits..].starts_with(':'))
}

/// A position in the flattened blocks.
struct Cursor<'b> {
    blocks: &'b [Flat],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<&Flat> {
        self.blocks.get(self.at)
    }

    fn label_is(&self, labels: &[&str]) -> bool {
        self.peek()
            .is_some_and(|b| labels.contains(&b.label().as_str()))
    }

    fn text_starts(&self, prefix: &str) -> bool {
        self.peek()
            .is_some_and(|b| b.text.trim_start().starts_with(prefix))
    }

    fn quote_follows(&self) -> bool {
        self.blocks.get(self.at + 1).is_some_and(Flat::is_quote)
    }

    /// A short `Label:` block followed by its value in a `blockquote`.
    fn is_labelled(&self) -> bool {
        self.peek().is_some_and(|b| {
            b.text.trim_end().ends_with(':') && b.text.split_whitespace().count() <= 4
        }) && self.quote_follows()
    }

    /// The value in the `blockquote` at `i`.
    fn value_at(&self, i: usize) -> String {
        self.blocks
            .get(i)
            .map(|b| b.value.clone())
            .unwrap_or_default()
    }

    /// The run of `blockquote`s here as one `blockquote.userstuff`, each a
    /// paragraph (calibre makes one quote of each paragraph of a note).
    fn quotes(&mut self) -> String {
        let mut out = String::from("<blockquote class=\"userstuff\">");
        while self
            .peek()
            .is_some_and(|b| b.is_quote() && !b.is_ao3_label())
        {
            let value = self.value_at(self.at);
            if value.contains("<p") {
                out.push_str(&value);
            } else {
                out.push_str(&format!("<p>{value}</p>"));
            }
            self.at += 1;
        }
        out.push_str("</blockquote>");
        out
    }

    /// The notes here, each a label in `labels` and its quotes, as a `p`
    /// and a `blockquote`; the "(See the end of … for more notes.)" line
    /// starting with `see_end` is passed over.
    fn labelled_notes(&mut self, labels: &[&str], see_end: &str, html: &mut String) {
        loop {
            if self.label_is(labels) && self.quote_follows() {
                let label = self.blocks[self.at].inner.clone();
                self.at += 1;
                html.push_str(&format!("<p>{label}</p>{}", self.quotes()));
            } else if self.text_starts(see_end) {
                self.at += 1;
            } else {
                return;
            }
        }
    }

    /// Copies the blocks up to `end` as they are.
    fn body_until(&mut self, end: usize, html: &mut String) {
        while self.at < end {
            let b = &self.blocks[self.at];
            html.push_str(&format!("<{0}>{1}</{0}>", b.name, b.inner));
            self.at += 1;
        }
    }
}

/// A page's top-level blocks, with calibre's heading paragraphs turned back
/// into headings and wrapper `div`s opened up; empty blocks are left out.
fn flatten(page: &str) -> Vec<Flat> {
    let doc = crate::html::parse_bounded(&restore_headings(page));
    let Some(body) = dom::find(doc.tree.root(), "body", "") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut todo: Vec<DomNode> = body.children().rev().collect();
    while let Some(node) = todo.pop() {
        let Some(e) = ElementRef::wrap(node) else {
            if let Some(t) = node.value().as_text().filter(|t| !t.trim().is_empty()) {
                out.push(Flat {
                    name: "p".into(),
                    inner: escape(t),
                    text: t.to_string(),
                    value: escape(t),
                });
            }
            continue;
        };
        let name = e.value().name();
        let has_blocks = dom::child_elements(node).any(|c| {
            matches!(
                c.value().name(),
                "p" | "div" | "blockquote" | "dl" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "hr"
            )
        });
        if name == "div" && has_blocks {
            todo.extend(node.children().rev());
            continue;
        }
        let text = dom::text(node);
        if text.trim().is_empty() && name != "hr" {
            continue;
        }
        out.push(Flat {
            name: if name == "div" {
                "p".into()
            } else {
                name.to_string()
            },
            inner: e.inner_html(),
            value: innermost_quote(e).inner_html(),
            text,
        });
    }
    out
}

/// The deepest `blockquote` reached from `e` through quotes that hold
/// nothing but one more quote.
fn innermost_quote(mut e: ElementRef) -> ElementRef {
    loop {
        let mut children = e.children().filter(|c| match c.value().as_text() {
            Some(t) => !t.trim().is_empty(),
            None => c.value().is_element(),
        });
        match (children.next().and_then(ElementRef::wrap), children.next()) {
            (Some(only), None) if only.value().name() == "blockquote" => e = only,
            _ => return e,
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
