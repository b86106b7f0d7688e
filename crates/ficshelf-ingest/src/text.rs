//! The plain-text parser: header, front matter, chapters, end matter.

use crate::header::read_header;
use crate::headings::{parse_heading, Heading, HeadingKind};
use crate::lists::{extend_unique, join_notes};
use crate::matter::{classify_front, end_note_text, is_end_marker, FrontMatter};
use crate::paragraphs::{blocks, is_scene_break, paragraph_text};
use crate::parsed::{ParsedChapter, ParsedFile, StatedMeta};
use ficshelf_model::{Block, ChapterBody, Notes};

/// Why a text file holds no work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("no story text found (only a header or notes)")]
    NoStory,
    #[error("more than {MAX_CHAPTERS} chapter headings in one file")]
    TooManyChapters,
}

/// More chapter headings than this in one file is not a story but a
/// hostile or broken file; refusing it keeps memory bounded.
pub const MAX_CHAPTERS: usize = 5000;

/// End matter is looked for among a chapter's last this-many paragraphs.
const END_MATTER_WINDOW: usize = 8;

/// Parses decoded plain text into metadata and chapters (see TEXT_FORMAT.md).
///
/// ```
/// let text = "Title: Tidewater\nAuthor: Wren\nRating: K+\n\nChapter 1: Low Tide\n\nThe boats sat in the mud.\n\nTBC\n";
/// let file = ficshelf_ingest::parse_text(text).unwrap();
/// assert_eq!(file.meta.title.as_deref(), Some("Tidewater"));
/// assert_eq!(file.chapters[0].title.as_deref(), Some("Low Tide"));
/// assert_eq!(file.chapters[0].notes.end.as_deref(), Some("TBC"));
/// assert_eq!(file.chapters[0].body.to_text(), "The boats sat in the mud.\n");
/// ```
pub fn parse_text(text: &str) -> Result<ParsedFile, TextError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches(|c: char| c.is_whitespace()))
        .collect();
    let mut meta = StatedMeta::default();
    let body_start = read_header(&lines, 0, &mut meta);
    let segments = split_at_headings(&lines[body_start..]);
    if segments.len() > MAX_CHAPTERS + 1 {
        return Err(TextError::TooManyChapters);
    }

    let mut front_notes: Vec<String> = meta.notes.take().into_iter().collect();
    let mut chapters = Vec::new();
    for segment in segments {
        let mut blocks = blocks(segment.lines);
        let notes = take_front_matter(&mut blocks, &mut meta);
        let end = take_end_matter(&mut blocks);
        trim_scene_breaks(&mut blocks);
        let body = ChapterBody { blocks };
        match segment.heading {
            None => {
                front_notes.extend(notes);
                if body.is_empty() {
                    continue;
                }
                chapters.push(ParsedChapter {
                    stated_number: None,
                    title: None,
                    notes: Notes { begin: None, end },
                    body,
                });
            }
            Some(heading) => chapters.push(ParsedChapter {
                stated_number: heading.number,
                title: heading.title,
                notes: Notes {
                    begin: join_notes(notes),
                    end,
                },
                body,
            }),
        }
    }
    chapters.retain(|c| !c.body.is_empty() || c.title.is_some());
    if chapters.iter().all(|c| c.body.is_empty()) {
        return Err(TextError::NoStory);
    }
    if chapters.len() == 1 {
        let only = &mut chapters[0];
        if only.stated_number.is_none() {
            only.stated_number = meta.chapter_number;
        }
        if only.title.is_none() {
            only.title = meta.chapter_title.clone();
        }
    }
    Ok(ParsedFile {
        meta,
        front_notes: join_notes(front_notes),
        chapters,
        assets: Vec::new(),
        end_notes: None,
    })
}

/// The lines between two headings, with the heading that opens them.
struct Segment<'a> {
    heading: Option<Heading>,
    lines: &'a [&'a str],
}

fn split_at_headings<'a>(lines: &'a [&'a str]) -> Vec<Segment<'a>> {
    let mut found: Vec<(usize, Heading)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| parse_heading(l).map(|h| (i, h)))
        .collect();
    // `Part` headings are chapters only where there are no `Chapter` headings.
    if found.iter().any(|(_, h)| h.kind == HeadingKind::Chapter) {
        found.retain(|(_, h)| h.kind == HeadingKind::Chapter);
    }
    let mut segments = Vec::new();
    let first = found.first().map_or(lines.len(), |(i, _)| *i);
    segments.push(Segment {
        heading: None,
        lines: &lines[..first],
    });
    for (k, (index, heading)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(lines.len(), |(i, _)| *i);
        let mut heading = heading.clone();
        let mut start = index + 1;
        // A number-only heading with its title on the next line.
        if heading.title.is_none() && heading.number.is_some() {
            if let Some(title) = title_line(lines, start, end) {
                heading.title = Some(title);
                start += 1;
            }
        }
        segments.push(Segment {
            heading: Some(heading),
            lines: &lines[start.min(end)..end],
        });
    }
    segments
}

fn title_line(lines: &[&str], at: usize, end: usize) -> Option<String> {
    let line = lines.get(at).filter(|_| at < end)?.trim();
    let followed_by_blank = lines.get(at + 1).is_none_or(|l| l.trim().is_empty());
    let sentence_end = line.ends_with(['.', ',', ';', '"', '”', '\'']) && !line.ends_with("...");
    (!line.is_empty()
        && followed_by_blank
        && line.chars().count() <= 60
        && !sentence_end
        && !is_scene_break(line)
        && crate::labels::split_label_line(line).is_none())
    .then(|| line.to_string())
}

/// Removes leading disclaimers, warnings and notes; returns the notes.
fn take_front_matter(blocks: &mut Vec<Block>, meta: &mut StatedMeta) -> Vec<String> {
    let mut notes = Vec::new();
    let mut taken = 0;
    for block in blocks.iter() {
        let Some(text) = paragraph_text(block) else {
            taken += 1;
            continue;
        };
        match classify_front(text) {
            Some(FrontMatter::Disclaimer(d)) => {
                meta.disclaimer.get_or_insert(d);
            }
            Some(FrontMatter::Warning(w)) => extend_unique(&mut meta.warnings, [w]),
            Some(FrontMatter::Note(n)) => notes.push(n),
            None => break,
        }
        taken += 1;
    }
    blocks.drain(..taken);
    notes
}

/// Removes trailing end matter; returns it as end notes.
fn take_end_matter(blocks: &mut Vec<Block>) -> Option<String> {
    let paragraphs: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Paragraph(_)))
        .map(|(i, _)| i)
        .collect();
    let window_start = paragraphs.len().saturating_sub(END_MATTER_WINDOW).max(1);
    let start = paragraphs
        .get(window_start..)?
        .iter()
        .copied()
        .find(|&i| paragraph_text(&blocks[i]).is_some_and(is_end_marker))?;
    let texts: Vec<String> = blocks
        .drain(start..)
        .filter_map(|b| paragraph_text(&b).map(str::to_string))
        .collect();
    end_note_text(&texts)
}

fn trim_scene_breaks(blocks: &mut Vec<Block>) {
    while matches!(blocks.last(), Some(Block::SceneBreak)) {
        blocks.pop();
    }
    let leading = blocks
        .iter()
        .take_while(|b| matches!(b, Block::SceneBreak))
        .count();
    blocks.drain(..leading);
}
