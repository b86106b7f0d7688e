//! FanFicFare's TXT output (`writer_txt.py`): a few blank lines, the title
//! (wrapped at 78 columns like everything on the title page), a blank line,
//! `by Author`, the title page of `Label: value` lines, then — only when the
//! work has more than one chapter — `TABLE OF CONTENTS` with one chapter
//! title per line. Each chapter follows under its title, written as a tab
//! (expanded to eight spaces) and the title after at least three blank
//! lines; its text is html2text's Markdown. The file ends with `End file.`.
//!
//! Public (crate) item: [`parse_fff_text`], which returns `None` for any
//! other text so the plain-text rules apply.

use super::{apply_fff_label, is_fff_marker_label};
use crate::labels::split_label_line;
use crate::lists::squash_spaces;
use crate::markdown::Markup;
use crate::paragraphs::blocks;
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::{Block, ChapterBody};

const TOC: &str = "TABLE OF CONTENTS";

/// The line FanFicFare ends every TXT file with.
const FILE_END: &str = "End file.";

/// Blank lines FanFicFare writes before each chapter title (and after the
/// title page), at least.
const BLANKS_BEFORE_CHAPTER: usize = 3;

/// Reads FanFicFare's TXT layout, or `None` when `text` is not in it.
pub(crate) fn parse_fff_text(text: &str) -> Option<ParsedFile> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .filter(|&i| lines[i].trim() == FILE_END)
        .unwrap_or(lines.len());
    let lines = &lines[..end];
    let toc_at = lines.iter().position(|l| l.trim() == TOC);
    let header_end = toc_at.unwrap_or_else(|| first_chapter_line(lines, 0).unwrap_or(lines.len()));
    let header = &lines[..header_end];
    let is_fff = header
        .iter()
        .any(|l| split_label_line(l).is_some_and(|(label, _)| is_fff_marker_label(label)));
    if !is_fff {
        return None;
    }
    let mut parsed = ParsedFile::default();
    read_header(header, &mut parsed);
    let starts = match toc_at {
        Some(toc_at) => chapters_from_toc(lines, toc_at)?,
        None => {
            let (title, start, body) = chapter_title_at(lines, header_end)?;
            vec![(title, start, body)]
        }
    };
    for (i, (title, _, from)) in starts.iter().enumerate() {
        let to = starts.get(i + 1).map_or(lines.len(), |s| s.1);
        let body = blocks(&lines[*from..to])
            .into_iter()
            .map(|block| match block {
                Block::Paragraph(p) => Markup::Markdown.story_block(p),
                other => other,
            })
            .collect();
        parsed.chapters.push(ParsedChapter {
            title: Some(title.clone()),
            body: ChapterBody { blocks: body },
            ..ParsedChapter::default()
        });
    }
    Some(parsed)
}

/// The chapters the table of contents lists: (title, first line of the
/// title, first line of the text).
fn chapters_from_toc(lines: &[&str], toc_at: usize) -> Option<Vec<(String, usize, usize)>> {
    let mut pos = toc_at + 1;
    let mut titles = Vec::new();
    while let Some(line) = lines.get(pos) {
        if line.starts_with(' ') || line.starts_with('\t') {
            break;
        }
        if !line.trim().is_empty() {
            titles.push(line.trim().to_string());
        }
        pos += 1;
    }
    let mut starts = Vec::new();
    for title in titles {
        let (start, end) = find_heading(lines, pos, &squash_spaces(&title))?;
        starts.push((title, start, end));
        pos = end;
    }
    Some(starts)
}

/// The indented lines from `from` on that spell `want`: (first, past last).
fn find_heading(lines: &[&str], from: usize, want: &str) -> Option<(usize, usize)> {
    for start in from..lines.len() {
        if !lines[start].starts_with("  ") && !lines[start].starts_with('\t') {
            continue;
        }
        let mut joined = String::new();
        for (end, line) in lines.iter().enumerate().skip(start) {
            if line.trim().is_empty() || joined.len() > want.len() {
                break;
            }
            joined = squash_spaces(&format!("{joined} {line}"));
            if joined == want {
                return Some((start, end + 1));
            }
        }
    }
    None
}

/// The first indented line after at least three blank lines, from `from`:
/// where a chapter title stands.
fn first_chapter_line(lines: &[&str], from: usize) -> Option<usize> {
    let mut blanks = 0;
    for (i, line) in lines.iter().enumerate().skip(from) {
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if blanks >= BLANKS_BEFORE_CHAPTER && (line.starts_with("  ") || line.starts_with('\t')) {
            return Some(i);
        }
        blanks = 0;
    }
    None
}

/// The lone chapter of a work without a table of contents: its title (the
/// indented line and its wrapped continuation), where the title starts and
/// where its text starts.
fn chapter_title_at(lines: &[&str], at: usize) -> Option<(String, usize, usize)> {
    let mut end = at;
    while end < lines.len() && !lines[end].trim().is_empty() {
        end += 1;
    }
    let title = squash_spaces(&lines.get(at..end)?.join(" "));
    (!title.is_empty()).then_some((title, at, end))
}

fn read_header(header: &[&str], parsed: &mut ParsedFile) {
    let meta = &mut parsed.meta;
    let mut pending: Option<(String, String)> = None;
    let mut summary: Vec<String> = Vec::new();
    let mut in_summary = false;
    // The title: the first run of non-blank lines (it wraps like the rest).
    let mut title_lines: Vec<&str> = Vec::new();
    let mut title_done = false;
    for line in header {
        // Every title-page entry is `Label: value` (sites add their own
        // labels: `Publisher`, `Kudos`, `Fandoms`); wrapped values go on
        // without one.
        let label_line = split_label_line(line);
        if !title_done && label_line.is_none() && !line.trim().starts_with("by ") {
            if !line.trim().is_empty() {
                title_lines.push(line.trim());
            } else if !title_lines.is_empty() {
                title_done = true;
            }
            continue;
        }
        title_done = true;
        if in_summary {
            summary.push(line.to_string());
        } else if let Some((label, value)) = label_line {
            if let Some((l, v)) = pending.take() {
                apply_fff_label(meta, &l, &v);
            }
            if label.eq_ignore_ascii_case("summary") {
                in_summary = true;
                summary.push(value.to_string());
            } else {
                pending = Some((label.to_string(), value.to_string()));
            }
        } else if let Some((_, v)) = pending.as_mut() {
            if line.trim().is_empty() {
                if let Some((l, v)) = pending.take() {
                    apply_fff_label(meta, &l, &v);
                }
            } else {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some(author) = line.trim().strip_prefix("by ") {
            // The by-line wraps like the labels do.
            pending = Some(("author".to_string(), author.to_string()));
        }
    }
    if let Some((l, v)) = pending.take() {
        apply_fff_label(meta, &l, &v);
    }
    if !title_lines.is_empty() && meta.title.is_none() {
        meta.title = Some(squash_spaces(&title_lines.join(" ")));
    }
    let summary = summary
        .join("\n")
        .split("\n\n")
        .map(squash_spaces)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !summary.is_empty() {
        meta.summary = Some(summary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-chapter work: no table of contents, the header after blank lines.
    const ONE_CHAPTER: &str = "\r\n\r\n\r\nThe Lantern Road, a Story That Has a\r\nVery Long Title\r\n\r\nby Pell Amberley\r\n\r\n\r\n\r\nStatus: Completed\r\nRating: Teen\r\nPublisher: example.org\r\nPackaged: 2024-01-02 03:04:05\r\nStory URL: http://example.org?sid=9\r\n\r\n\r\n\r\n\r\n\r\n\r\n        The Only Chapter, Whose Title Also Runs On\r\nPast the Wrap\r\n\r\n\r\n### The Only Chapter\r\n\r\nThe lanterns went out one by one, _slowly_.\r\n\r\nEnd file.\r\n";

    #[test]
    fn one_chapter_without_table_of_contents() {
        let parsed = parse_fff_text(ONE_CHAPTER).expect("FanFicFare text");
        let meta = &parsed.meta;
        assert_eq!(
            meta.title.as_deref(),
            Some("The Lantern Road, a Story That Has a Very Long Title")
        );
        assert_eq!(meta.authors, ["Pell Amberley"]);
        assert_eq!(meta.rating.as_deref(), Some("Teen"));
        assert_eq!(meta.status, Some(ficshelf_model::Status::Complete));
        assert_eq!(meta.fields[0].label, "Publisher");
        assert_eq!(meta.fields[0].value, "example.org");
        assert_eq!(parsed.chapters.len(), 1);
        let chapter = &parsed.chapters[0];
        assert_eq!(
            chapter.title.as_deref(),
            Some("The Only Chapter, Whose Title Also Runs On Past the Wrap")
        );
        assert_eq!(
            chapter.body.to_text(),
            "The Only Chapter\n\nThe lanterns went out one by one, slowly.\n"
        );
    }

    #[test]
    fn other_text_is_not_fanficfare() {
        assert!(parse_fff_text("Title: X\n\nStory URL is not a label here.\n").is_none());
    }
}
