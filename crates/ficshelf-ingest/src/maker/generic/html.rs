//! Any HTML page: its title, `h1`–`h3` headings as chapter splits, and the
//! loose `Label: value` header lines of plain text before the story.

use crate::apply::apply_label;
use crate::headings::parse_heading;
use crate::html::dom::{find, text, DomNode};
use crate::labels::{known_label, split_label_line};
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::{html_to_text, Block, ChapterBody};

/// Reads a page with no known archive layout.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    let body_node = find(root, "body", "").map(|b| *b).unwrap_or(root);
    let blocks = crate::html::blocks::body_of(body_node.children().collect()).blocks;
    let level = |b: &Block| match b {
        Block::Html(h) if h.len() > 3 && h.starts_with("<h") => h.as_bytes()[2]
            .checked_sub(b'0')
            .filter(|l| (1..=3).contains(l)),
        _ => None,
    };
    let h1_count = blocks.iter().filter(|b| level(b) == Some(1)).count();
    let mut blocks = blocks.into_iter().peekable();
    // A lone h1 at the top is the work's title.
    if let (Some(first), 1) = (blocks.peek(), h1_count) {
        if level(first) == Some(1) {
            if let Some(Block::Html(h)) = blocks.next() {
                file.meta.title = Some(html_to_text(&h).trim().to_string());
            }
        }
    }
    let mut intro = Vec::new();
    let mut current: Option<ParsedChapter> = None;
    for block in blocks {
        if let (Some(_), Block::Html(h)) = (level(&block), &block) {
            if let Some(done) = current.take() {
                file.chapters.push(done);
            }
            let heading = html_to_text(h).trim().to_string();
            let mut chapter = ParsedChapter::default();
            match parse_heading(&heading) {
                Some(parsed) => {
                    chapter.stated_number = parsed.number;
                    chapter.title = parsed.title;
                }
                None => chapter.title = Some(heading),
            }
            current = Some(chapter);
        } else if let Some(chapter) = current.as_mut() {
            chapter.body.blocks.push(block);
        } else if !header_block(&block, &mut file) {
            intro.push(block);
        }
    }
    if let Some(done) = current.take() {
        file.chapters.push(done);
    }
    if !intro.is_empty() {
        file.chapters.insert(
            0,
            ParsedChapter {
                body: ChapterBody { blocks: intro },
                ..ParsedChapter::default()
            },
        );
    }
    if file.meta.title.is_none() {
        file.meta.title = find(root, "title", "")
            .map(|t| text(*t))
            .filter(|t| !t.is_empty());
    }
    file
}

/// Applies a block made only of known `Label: value` lines; false otherwise.
fn header_block(block: &Block, file: &mut ParsedFile) -> bool {
    let Block::Html(html) = block else {
        return false;
    };
    let text = html_to_text(html);
    let pairs: Option<Vec<(&str, &str)>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| split_label_line(l).filter(|(label, _)| known_label(label).is_some()))
        .collect();
    match pairs {
        Some(pairs) if !pairs.is_empty() => {
            for (label, value) in pairs {
                apply_label(&mut file.meta, label, value);
            }
            true
        }
        _ => false,
    }
}
