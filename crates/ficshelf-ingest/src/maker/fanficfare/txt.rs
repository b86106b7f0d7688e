//! FanFicFare's TXT output: title, `by Author`, a title page of
//! `Label: value` lines (wrapped at 78 columns), `TABLE OF CONTENTS` with
//! one chapter title per line, then each chapter under its title indented
//! by spaces (and wrapped like the rest).
//!
//! Public (crate) item: [`parse_fff_text`], which returns `None` for any
//! other text so the plain-text rules apply.

use super::{apply_fff_label, is_fff_marker_label};
use crate::labels::{known_label, split_label_line};
use crate::paragraphs::blocks;
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::ChapterBody;

const TOC: &str = "TABLE OF CONTENTS";

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads FanFicFare's TXT layout, or `None` when `text` is not in it.
pub(crate) fn parse_fff_text(text: &str) -> Option<ParsedFile> {
    let lines: Vec<&str> = text.lines().collect();
    let toc_at = lines.iter().position(|l| l.trim() == TOC)?;
    let header = &lines[..toc_at];
    let is_fff = header
        .iter()
        .any(|l| split_label_line(l).is_some_and(|(label, _)| is_fff_marker_label(label)));
    if !is_fff {
        return None;
    }
    let mut parsed = ParsedFile::default();
    read_header(header, &mut parsed);
    let mut pos = toc_at + 1;
    let mut titles = Vec::new();
    while let Some(line) = lines.get(pos) {
        if line.starts_with(' ') {
            break;
        }
        if !line.trim().is_empty() {
            titles.push(line.trim().to_string());
        }
        pos += 1;
    }
    let mut starts = Vec::new();
    for title in &titles {
        let want = squash(title);
        let (start, end) = find_heading(&lines, pos, &want)?;
        starts.push((start, end));
        pos = end;
    }
    for (i, title) in titles.into_iter().enumerate() {
        let from = starts[i].1;
        let to = starts.get(i + 1).map_or(lines.len(), |s| s.0);
        parsed.chapters.push(ParsedChapter {
            title: Some(title),
            body: ChapterBody {
                blocks: blocks(&lines[from..to]),
            },
            ..ParsedChapter::default()
        });
    }
    Some(parsed)
}

/// The indented lines from `from` on that spell `want`: (first, past last).
fn find_heading(lines: &[&str], from: usize, want: &str) -> Option<(usize, usize)> {
    for start in from..lines.len() {
        if !lines[start].starts_with("  ") {
            continue;
        }
        let mut joined = String::new();
        for (end, line) in lines.iter().enumerate().skip(start) {
            if line.trim().is_empty() || joined.len() > want.len() {
                break;
            }
            joined = squash(&format!("{joined} {line}"));
            if joined == want {
                return Some((start, end + 1));
            }
        }
    }
    None
}

fn read_header(header: &[&str], parsed: &mut ParsedFile) {
    let meta = &mut parsed.meta;
    let mut pending: Option<(String, String)> = None;
    let mut summary: Vec<String> = Vec::new();
    let mut in_summary = false;
    for line in header {
        let label_line = split_label_line(line).filter(|(label, _)| {
            let l = label.to_lowercase();
            known_label(label).is_some() || is_fff_marker_label(label) || l.ends_with("url")
        });
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
        } else if !line.trim().is_empty() && meta.title.is_none() {
            meta.title = Some(line.trim().to_string());
        }
    }
    if let Some((l, v)) = pending.take() {
        apply_fff_label(meta, &l, &v);
    }
    let summary = summary
        .join("\n")
        .split("\n\n")
        .map(squash)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !summary.is_empty() {
        meta.summary = Some(summary);
    }
}
