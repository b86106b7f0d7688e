//! Any EPUB with no known maker.

use crate::epub::Book;
use crate::html::blocks::body_of;
use crate::html::dom;
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::{html_to_text, Block};

/// Any other EPUB: one chapter per spine document, titled by the table of
/// contents or the page's first heading.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    let package = book.package;
    let mut parsed = ParsedFile::default();
    for (entry, doc) in book.docs {
        let Some(body) = dom::find(doc.tree.root(), "body", "") else {
            continue;
        };
        let mut chapter_body = body_of(body.children().collect());
        let label = package.toc_label(entry).map(str::to_string);
        let first_heading = match chapter_body.blocks.first() {
            Some(Block::Html(h)) if h.starts_with("<h") => Some(html_to_text(h).trim().to_string()),
            _ => None,
        };
        if first_heading.is_some() && (label.is_none() || first_heading == label) {
            chapter_body.blocks.remove(0);
        } else if let Some(label) = &label {
            strip_label_headings(&mut chapter_body.blocks, label);
        }
        let title = label.or(first_heading);
        let mut chapter = ParsedChapter {
            body: chapter_body,
            ..ParsedChapter::default()
        };
        if let Some(title) = title {
            match crate::headings::parse_heading(&title) {
                Some(h) => {
                    chapter.stated_number = h.number;
                    chapter.title = h.title;
                }
                None => chapter.title = Some(title),
            }
        }
        parsed.chapters.push(chapter);
    }
    parsed
}

/// Drops the headings a chapter file opens with when the table of contents
/// label already says them (`Chapter Three` + `The Thaw` under the label
/// `Chapter Three: The Thaw`), so the title is not repeated in the text.
fn strip_label_headings(blocks: &mut Vec<Block>, label: &str) {
    let squash = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let label = squash(label);
    let mut rest = label.as_str();
    let mut heads = 0;
    while let Some(Block::Html(h)) = blocks.get(heads) {
        let text = squash(&html_to_text(h));
        let Some(at) = rest
            .find(&text)
            .filter(|_| h.starts_with("<h") && !text.is_empty())
        else {
            break;
        };
        rest = &rest[at + text.len()..];
        heads += 1;
    }
    let left = rest.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    if heads > 0 && left.is_empty() {
        blocks.drain(..heads);
    }
}
