//! The header at the top of a file: `Label: value` blocks, FanFiction.Net's
//! `Title by Author` + stat line, or a `Title` / `by Author` pair.

use crate::apply::apply_label;
use crate::labels::{known_label, split_label_line, Label};
use crate::lists::{extend_unique, squash_spaces};
use crate::maker::fanficfare::{apply_fff_label, is_fff_marker_label};
use crate::maker::ffn;
use crate::paragraphs::is_scene_break;
use crate::parsed::StatedMeta;
use crate::warnings::{file_disclaimer, file_warning};

/// Reads the header starting at `lines[pos]` into `meta` and returns the
/// index of the first line after it.
pub(crate) fn read_header(lines: &[&str], mut pos: usize, meta: &mut StatedMeta) -> usize {
    // Text with (almost) no blank lines has one paragraph per line: there a
    // header line never runs on into the next line.
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    let one_per_line = blank * 10 < lines.len() - blank;
    pos = skip_blank_and_separators(lines, pos);
    if let Some(next) = ffn::read_stat_header(lines, pos, meta) {
        pos = skip_blank_and_separators(lines, next);
    } else if let Some(next) = read_title_by(lines, pos, meta) {
        pos = skip_blank_and_separators(lines, next);
    } else if let Some(next) = read_title_by_line(lines, pos, meta) {
        pos = skip_blank_and_separators(lines, next);
    }
    read_label_blocks(lines, pos, meta, one_per_line)
}

fn skip_blank_and_separators(lines: &[&str], mut pos: usize) -> usize {
    while pos < lines.len() && (lines[pos].trim().is_empty() || is_scene_break(lines[pos])) {
        pos += 1;
    }
    pos
}

/// The lines of the block (run of non-blank lines) starting at `pos`.
fn block_end(lines: &[&str], pos: usize) -> usize {
    let mut end = pos;
    while end < lines.len() && !lines[end].trim().is_empty() {
        end += 1;
    }
    end
}

/// Where a header block starting at `pos` ends: at a blank line, at a
/// chapter heading, and, in one-paragraph-per-line text, at the first line
/// after the first that is not a `Label: value` line.
fn header_block_end(lines: &[&str], pos: usize, one_per_line: bool) -> usize {
    let mut end = pos;
    while end < lines.len() && !lines[end].trim().is_empty() {
        let line = lines[end];
        if end > pos
            && (crate::headings::parse_heading(line).is_some()
                || (one_per_line && split_label_line(line).is_none()))
        {
            break;
        }
        end += 1;
    }
    end
}

/// A first block of exactly two short lines, the second `by Author`.
fn read_title_by(lines: &[&str], pos: usize, meta: &mut StatedMeta) -> Option<usize> {
    let end = block_end(lines, pos);
    if end != pos + 2 {
        return None;
    }
    let (title, by) = (lines[pos].trim(), lines[pos + 1].trim());
    let author = by.get(..3).filter(|p| p.eq_ignore_ascii_case("by "))?;
    let author = by[author.len()..].trim();
    if title.chars().count() > 100 || author.is_empty() || author.chars().count() > 60 {
        return None;
    }
    if split_label_line(title).is_some_and(|(l, _)| known_label(l).is_some()) {
        return None;
    }
    meta.title.get_or_insert(title.to_string());
    extend_unique(
        &mut meta.authors,
        crate::lists::split_list(author, &[",", " & ", " and "]),
    );
    Some(end)
}

/// A first line `Title by Author` alone in its block, with `Label: value`
/// lines of known labels below it (FanFicFare's title page, kept as text).
fn read_title_by_line(lines: &[&str], pos: usize, meta: &mut StatedMeta) -> Option<usize> {
    if block_end(lines, pos) != pos + 1 {
        return None;
    }
    let line = lines[pos].trim();
    let by = line.rfind(" by ")?;
    let (title, author) = (line[..by].trim(), line[by + 4..].trim());
    let labels_follow = lines
        .get(skip_blank_and_separators(lines, pos + 1))
        .and_then(|next| split_label_line(next))
        .is_some_and(|(label, _)| known_label(label).is_some());
    let short = title.chars().count() <= 100 && author.split_whitespace().count() <= 6;
    if title.is_empty() || author.is_empty() || !short || !labels_follow {
        return None;
    }
    meta.title.get_or_insert(title.to_string());
    extend_unique(
        &mut meta.authors,
        crate::lists::split_list(author, &[",", " & ", " and "]),
    );
    Some(pos + 1)
}

/// One parsed `Label: value` entry.
struct Entry<'a> {
    label: &'a str,
    value: String,
}

/// Label blocks: every line label-shaped or a continuation of the one
/// before; the header needs at least one known label.
fn read_label_blocks(
    lines: &[&str],
    pos: usize,
    meta: &mut StatedMeta,
    one_per_line: bool,
) -> usize {
    let mut entries = Vec::new();
    let end = collect_label_blocks(lines, pos, meta.title.is_none(), one_per_line, &mut entries);
    // A FanFicFare title page kept as text names things its own way
    // (`Category` is the fandom).
    let fanficfare = entries.iter().any(|e| is_fff_marker_label(e.label));
    for entry in &entries {
        match known_label(entry.label) {
            _ if entry.label == TITLE_LINE => {
                meta.title.get_or_insert(entry.value.clone());
            }
            Some(Label::Disclaimer) => file_disclaimer(meta, &squash_spaces(&entry.value)),
            Some(Label::Warning) => file_warning(meta, &squash_spaces(&entry.value)),
            _ if fanficfare => apply_fff_label(meta, entry.label, &entry.value),
            _ => apply_label(meta, entry.label, &entry.value),
        }
    }
    end
}

/// Collects the entries of the label blocks from `pos` on; returns the
/// line after them.
fn collect_label_blocks<'a>(
    lines: &[&'a str],
    mut pos: usize,
    may_take_title: bool,
    one_per_line: bool,
    all: &mut Vec<Entry<'a>>,
) -> usize {
    let mut seen_known = false;
    loop {
        pos = skip_blank_and_separators(lines, pos);
        // The header ends at the first chapter heading ("Chapter One:
        // Restless Debts" reads as a label line, and the chapter's opening
        // `A/N: …` with its story lines below as a note and its run-on).
        if pos >= lines.len() || crate::headings::parse_heading(lines[pos]).is_some() {
            return pos;
        }
        let end = header_block_end(lines, pos, one_per_line);
        let block: Vec<&str> = lines[pos..end]
            .iter()
            .copied()
            .filter(|l| !is_scene_break(l))
            .collect();
        let title_taken = all
            .iter()
            .any(|e| e.label == TITLE_LINE || known_label(e.label) == Some(Label::Title));
        let Some(mut entries) = entries_of(&block, may_take_title && !title_taken) else {
            return pos;
        };
        // A lone `Author's Note:` label: its note is the paragraphs below,
        // which the front matter reads (they may run to a chapter heading).
        if let [only] = entries.as_slice() {
            if only.value.is_empty() && known_label(only.label) == Some(Label::Notes) {
                return pos;
            }
        }
        let block_known = entries.iter().any(|e| known_label(e.label).is_some());
        if !block_known && !seen_known {
            return pos;
        }
        seen_known = true;
        let mut next = end;
        // `Summary:` with its text in the next block.
        if let Some(last) = entries.last_mut() {
            if last.value.is_empty() {
                let value_start = skip_blank_and_separators(lines, end);
                if value_start < lines.len() && split_label_line(lines[value_start]).is_none() {
                    let value_end = block_end(lines, value_start);
                    last.value = lines[value_start..value_end].join(" ");
                    next = value_end;
                }
            }
        }
        all.append(&mut entries);
        pos = next;
    }
}

/// Marks a bare first line taken as the title (`My Story` above `Author: …`).
const TITLE_LINE: &str = "\u{0}title-line";

fn entries_of<'a>(block: &[&'a str], may_take_title: bool) -> Option<Vec<Entry<'a>>> {
    let mut entries: Vec<Entry<'a>> = Vec::new();
    for (i, line) in block.iter().enumerate() {
        match split_label_line(line) {
            Some((label, value)) => entries.push(Entry {
                label,
                value: value.to_string(),
            }),
            None if i == 0 => {
                // A bare title line directly above known labels.
                let rest_known = block[1..]
                    .iter()
                    .filter_map(|l| split_label_line(l))
                    .any(|(l, _)| known_label(l).is_some());
                if !(may_take_title && rest_known && line.trim().chars().count() <= 100) {
                    return None;
                }
                entries.push(Entry {
                    label: TITLE_LINE,
                    value: line.trim().to_string(),
                });
            }
            None => {
                let last = entries.last_mut()?;
                if last.label == TITLE_LINE {
                    return None;
                }
                if !last.value.is_empty() {
                    last.value.push(' ');
                }
                last.value.push_str(line.trim());
            }
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> (StatedMeta, usize) {
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = StatedMeta::default();
        let pos = read_header(&lines, 0, &mut meta);
        (meta, pos)
    }

    #[test]
    fn labelled_blocks_with_continuations() {
        let (m, pos) = header(
            "TITLE: Salt and Iron\nAuthor: Wren\nSummary: Two keepers of a\n  lighthouse argue.\n\nBeta: Kit\nRating: PG-13\n\n=====\n\nThe story starts.",
        );
        assert_eq!(m.title.as_deref(), Some("Salt and Iron"));
        assert_eq!(
            m.summary.as_deref(),
            Some("Two keepers of a lighthouse argue.")
        );
        assert_eq!(m.rating.as_deref(), Some("PG-13"));
        assert_eq!(m.fields[0].value, "Kit");
        assert_eq!(pos, 10);
    }

    #[test]
    fn title_by_author_pair() {
        let (m, pos) = header("The Long Road\nby Someone Kind\n\nIt was raining.");
        assert_eq!(m.title.as_deref(), Some("The Long Road"));
        assert_eq!(m.authors, ["Someone Kind"]);
        assert_eq!(pos, 3);
    }

    #[test]
    fn title_by_author_line_above_labels() {
        let (m, pos) = header(
            "The Tin Lighthouse by Odo Fairweather\n\nCategory: Original Work\n\nRating: T\n\nA gull cried.",
        );
        assert_eq!(m.title.as_deref(), Some("The Tin Lighthouse"));
        assert_eq!(m.authors, ["Odo Fairweather"]);
        assert_eq!(m.rating.as_deref(), Some("T"));
        assert_eq!(pos, 6);
        let (m, _) = header("Stand by me tonight\n\nThe sea was calm.");
        assert_eq!(m, StatedMeta::default());
    }

    #[test]
    fn summary_in_next_block() {
        let (m, _) = header("Author: A\nSummary:\n\nA long summary here.\n\nStory.");
        assert_eq!(m.summary.as_deref(), Some("A long summary here."));
    }

    #[test]
    fn one_paragraph_per_line_headers_do_not_swallow_the_story() {
        let text = "Title: Cold Lakes\nAuthor: Wren\nSummary: Ice.\nChapter 1\nA/N: hi\nThe lake froze.\nShe skated.\nShe fell.\nThe end came.\nMore.\nMore again.\nAnd more.\nLast line.\nOne more.\nDone.";
        let (m, pos) = header(text);
        assert_eq!(m.summary.as_deref(), Some("Ice."));
        assert_eq!(pos, 3);
        let text = "Title: Cold Lakes\nNotes: short\nThe lake froze.\nShe skated.\nShe fell.\nThe end came.\nMore.\nMore again.\nAnd more.\nLast line.\nOne more.\nDone.";
        let (m, pos) = header(text);
        assert_eq!(m.notes.as_deref(), Some("short"));
        assert_eq!(pos, 2);
    }

    #[test]
    fn no_header_in_prose() {
        let (m, pos) = header("It was raining: hard.\n\nMore.");
        assert_eq!(m, StatedMeta::default());
        assert_eq!(pos, 0);
    }
}
