//! Any HTML page: its story container among the site's furniture
//! (`content`), its title, `h1`–`h3` headings as chapter splits, the loose
//! `Label: value` header lines of plain text before the story, and a title
//! naming both work and chapter (`Sea Glass, Chapter 1: Low Tide`) split
//! into the two.

use super::content::{main_content, page_author, story_nodes};
use super::epub::trim_scene_breaks;
use crate::apply::apply_label;
use crate::headings::parse_heading;
use crate::html::dom::{find, text, DomNode};
use crate::labels::{known_label, split_label_line};
use crate::maker::chapter_label::work_and_chapter;
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::{html_to_text, Block, ChapterBody};

/// Reads a page with no known archive layout.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    let nodes = match find(root, "body", "") {
        Some(body) => {
            let (content, heading) = main_content(body);
            let mut nodes = story_nodes(content);
            if let Some(heading) = heading {
                nodes.insert(0, *heading);
            }
            nodes
        }
        None => root.children().collect(),
    };
    let blocks = crate::html::blocks::body_of(nodes).blocks;
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
            .map(|t| without_site_name(&text(*t)))
            .filter(|t| !t.is_empty());
    }
    split_work_and_chapter(&mut file);
    if file.meta.authors.is_empty() {
        if let Some(author) = page_author(root) {
            apply_label(&mut file.meta, "Author", &author);
        }
    }
    for chapter in &mut file.chapters {
        trim_scene_breaks(&mut chapter.body);
    }
    file
}

/// A page holding one chapter often titles it `Work, Chapter 1: Name`:
/// the work's title is the part before the chapter, which names the page's
/// chapter unless a heading inside already did.
fn split_work_and_chapter(file: &mut ParsedFile) {
    let Some((work, label)) = file.meta.title.as_deref().and_then(work_and_chapter) else {
        return;
    };
    file.meta.title = Some(work);
    if let [chapter] = file.chapters.as_mut_slice() {
        if chapter.stated_number.is_none() && chapter.title.is_none() {
            chapter.stated_number = label.number;
            chapter.title = label.title;
        }
    }
}

/// `Sea Glass | Wren's Stories` → `Sea Glass`: a page title's last part
/// after a bar or guillemet names the site.
fn without_site_name(title: &str) -> String {
    let cut = [" | ", " « ", " » ", " :: "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    match cut {
        Some(at) if at > 0 => title[..at].trim().to_string(),
        _ => title.trim().to_string(),
    }
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
