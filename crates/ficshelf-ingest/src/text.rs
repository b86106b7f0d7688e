//! The plain-text parser: header, front matter, chapters, end matter.

use crate::front::{take_front_matter, FrontRules};
use crate::header::read_header;
use crate::headings::{parse_heading, Heading, HeadingKind};
use crate::lists::join_notes;
use crate::markdown::Markup;
use crate::matter::{end_note_text, is_bare_note_lead, is_end_marker};
use crate::paragraphs::{blocks, is_scene_break, paragraph_text};
use crate::parsed::{ParsedChapter, ParsedFile, StatedMeta};
use crate::repeats::find_edges;
use ficshelf_model::{Block, ChapterBody, Notes};
use std::borrow::Cow;
use std::ops::Range;

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

/// End matter is looked for among a chapter's last this-many paragraphs…
const END_MATTER_WINDOW: usize = 8;
/// …and a bare note label (`A/N:` alone) among this many.
const BARE_LEAD_WINDOW: usize = 30;
/// End markers are read from this many first bytes of a paragraph (the
/// longest whole-paragraph marker is far shorter).
const MARKER_BYTES: usize = 200;

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
    // Structure is read from each line's plain view (Markdown marks gone);
    // story paragraphs are made from the lines as written.
    let markup = Markup::detect(&lines);
    let plain_lines: Vec<Cow<str>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if markup == Markup::Markdown && may_be_structure(i, l) && !is_scene_break(l) {
                markup.plain(l)
            } else {
                Cow::Borrowed(*l)
            }
        })
        .collect();
    let plain: Vec<&str> = plain_lines.iter().map(AsRef::as_ref).collect();
    let mut meta = StatedMeta::default();
    let body_start = read_header(&plain, 0, &mut meta);
    let segments = split_at_headings(&plain, body_start);
    if segments.len() > MAX_CHAPTERS + 1 {
        return Err(TextError::TooManyChapters);
    }
    let parts: Vec<Vec<Block>> = segments
        .iter()
        .map(|s| blocks(&lines[s.lines.clone()]))
        .collect();
    let part_refs: Vec<&[Block]> = parts.iter().map(Vec::as_slice).collect();
    let opening = blocks(&lines[..segments[0].lines.end]);
    let edges = find_edges(&part_refs, &opening, markup);
    let has_headings = segments.len() > 1;

    let mut front_notes: Vec<String> = meta.notes.take().into_iter().collect();
    let mut chapters = Vec::new();
    let mut preamble: Vec<Block> = Vec::new();
    for (index, ((segment, mut blocks), edge)) in
        segments.into_iter().zip(parts).zip(edges).enumerate()
    {
        let mut tail = blocks.split_off(blocks.len() - edge.tail);
        let next_preamble = tail.split_off(tail.len() - edge.next_preamble);
        let rules = FrontRules {
            forced: preamble.len() + edge.head,
            opening: index == 0,
            note_runs_to_heading: index == 0 && has_headings,
        };
        preamble.append(&mut blocks);
        let mut blocks = std::mem::replace(&mut preamble, next_preamble);
        let mut notes = take_front_matter(&mut blocks, rules, markup, &mut meta);
        let mut end = take_end_matter(&mut blocks, markup);
        end.extend(
            tail.iter()
                .filter_map(paragraph_text)
                .map(|p| markup.plain(p).into_owned()),
        );
        let end = end_note_text(&end);
        trim_scene_breaks(&mut blocks);
        let body = ChapterBody {
            blocks: blocks
                .into_iter()
                .map(|b| match b {
                    Block::Paragraph(p) => markup.story_block(p),
                    other => other,
                })
                .collect(),
        };
        match segment.heading {
            None => {
                front_notes.extend(notes);
                if has_headings && is_title_remnant(&body) {
                    // "Book I: The Crossing" above the first chapter heading.
                    front_notes.extend(
                        body.blocks
                            .iter()
                            .flat_map(Block::paragraphs)
                            .map(|p| p.into_owned()),
                    );
                    front_notes.extend(end);
                    continue;
                }
                if body.is_empty() {
                    front_notes.extend(end);
                    continue;
                }
                chapters.push(ParsedChapter {
                    stated_number: None,
                    title: None,
                    notes: Notes { begin: None, end },
                    body,
                });
            }
            Some(heading) => {
                // A preamble repeated before every chapter says again what
                // the work's notes already say.
                notes.retain(|n| {
                    !front_notes
                        .iter()
                        .any(|f| f.split("\n\n").any(|said| said == n))
                });
                chapters.push(ParsedChapter {
                    stated_number: heading.number,
                    title: heading.title,
                    notes: Notes {
                        begin: join_notes(notes),
                        end,
                    },
                    body,
                })
            }
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

/// Lines whose plain view the structure is read from: the header's (the
/// first [`HEADER_LINES`]) and lines short enough to be a heading or a
/// title. Longer lines are story or notes, read by paragraph.
fn may_be_structure(index: usize, line: &str) -> bool {
    index < HEADER_LINES || line.len() <= HEADING_BYTES
}

/// The header is looked for among this many first lines…
const HEADER_LINES: usize = 300;
/// …and headings among lines of at most this many bytes (marks included).
const HEADING_BYTES: usize = 160;

/// The lines between two headings, with the heading that opens them.
struct Segment {
    heading: Option<Heading>,
    lines: Range<usize>,
}

/// Splits `lines[from..]` at chapter headings.
fn split_at_headings(lines: &[&str], from: usize) -> Vec<Segment> {
    let mut found: Vec<(usize, Heading)> = (from..lines.len())
        .filter_map(|i| parse_heading(lines[i]).map(|h| (i, h)))
        .collect();
    // `Part` headings are chapters only where there are no `Chapter` headings.
    if found.iter().any(|(_, h)| h.kind == HeadingKind::Chapter) {
        found.retain(|(_, h)| h.kind == HeadingKind::Chapter);
    }
    let mut segments = Vec::new();
    let first = found.first().map_or(lines.len(), |(i, _)| *i);
    segments.push(Segment {
        heading: None,
        lines: from..first,
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
            lines: start.min(end)..end,
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

/// Removes trailing end matter; returns its paragraphs (plain text).
///
/// It starts at the first end marker among the last
/// [`END_MATTER_WINDOW`] paragraphs, or at a bare note label
/// (`Author's Endnote:`) among the last [`BARE_LEAD_WINDOW`].
fn take_end_matter(blocks: &mut Vec<Block>, markup: Markup) -> Vec<String> {
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| paragraph_text(&blocks[i]).is_some())
        .collect();
    // Only the last paragraphs are read (never the chapter's first), and
    // only their openings: every end marker is a lead or a short line.
    let from = |window: usize| paragraphs.len().saturating_sub(window).max(1);
    let tail: &[usize] = paragraphs.get(from(BARE_LEAD_WINDOW)..).unwrap_or_default();
    let marker_from = paragraphs.get(from(END_MATTER_WINDOW)).copied();
    let opening = |i: usize| {
        let text = paragraph_text(&blocks[i]).unwrap_or("");
        let mut end = text.len().min(MARKER_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        markup.plain(&text[..end]).into_owned()
    };
    let start = tail.iter().copied().find(|&i| {
        let text = opening(i);
        is_bare_note_lead(&text) || (marker_from.is_some_and(|m| i >= m) && is_end_marker(&text))
    });
    let Some(start) = start else {
        return Vec::new();
    };
    let texts = blocks
        .drain(start..)
        .filter_map(|b| paragraph_text(&b).map(|p| markup.plain(p).into_owned()))
        .collect();
    texts
}

/// Text before the first chapter heading that is only a few short title
/// lines (a part or book title, a table-of-contents entry), not a
/// prologue: at most three paragraphs of at most twelve words, none ending
/// as a sentence does.
fn is_title_remnant(body: &ChapterBody) -> bool {
    let paragraphs: Vec<Cow<str>> = body.blocks.iter().flat_map(Block::paragraphs).collect();
    !paragraphs.is_empty()
        && paragraphs.len() <= 3
        && paragraphs.iter().all(|p| {
            let p = p.trim();
            p.split_whitespace().count() <= 12
                && !p.ends_with(['.', '!', '?', '"', '”', '\'', '’', ','])
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Notes after a part title above the first heading were dropped with
    /// the title lines when those were taken as front notes.
    #[test]
    fn notes_before_the_first_heading_are_kept() {
        let text = "Title: Lanterns\n\nBook One\n\nA/N: the second book follows in spring.\n\nChapter 1\n\nThe lamps were lit.\n";
        let file = parse_text(text).unwrap();
        assert_eq!(
            file.front_notes.as_deref(),
            Some("Book One\n\nthe second book follows in spring.")
        );
        assert_eq!(file.chapters.len(), 1);
    }
}
