//! The front matter at the top of a file or chapter (TEXT_FORMAT.md, "Front
//! matter"): disclaimers, content warnings, author's notes and
//! self-promotion, a `Title` / `By Author` pair, and a repeated preamble.
//!
//! Crate items: [`take_front_matter`], [`FrontRules`], [`byline`].

use crate::headings::parse_heading;
use crate::labels::{known_label, split_label_line};
use crate::lists::{extend_unique, split_list};
use crate::markdown::Markup;
use crate::matter::{classify_front, is_bare_note_lead, FrontMatter};
use crate::paragraphs::{is_scene_break, paragraph_text};
use crate::parsed::StatedMeta;
use crate::warnings::{file_disclaimer, file_warning};
use ficshelf_model::Block;

/// A `Title` / `By Author` pair is looked for among this many opening
/// paragraphs.
const TITLE_WINDOW: usize = 8;

/// A paragraph above a title of at most this many words is front matter
/// whatever it reads as (a dedication, "Sorry for the wait!").
const SHORT_ABOVE_TITLE: usize = 25;

/// What the front pass may take beyond paragraphs that read as front matter.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FrontRules {
    /// Leading blocks that are matter whatever they read as (a preamble
    /// repeated before several chapters).
    pub forced: usize,
    /// The blocks open the file: a `Title` / `By Author` pair among the
    /// first paragraphs is the work's, and what stands above it is front
    /// matter.
    pub opening: bool,
    /// A chapter heading follows these blocks: a bare `Author's Note:`
    /// label's note runs on to it.
    pub note_runs_to_heading: bool,
}

/// A title and by-line found among the first paragraphs.
struct TitlePair {
    at: usize,
    len: usize,
    title: Option<String>,
    authors: Vec<String>,
}

/// Removes the front matter from the start of `blocks` into `meta`;
/// returns the notes (plain text, one entry per paragraph).
pub(crate) fn take_front_matter(
    blocks: &mut Vec<Block>,
    rules: FrontRules,
    markup: Markup,
    meta: &mut StatedMeta,
) -> Vec<String> {
    let mut forced = rules.forced.min(blocks.len());
    let search_end = if rules.opening {
        forced.max(TITLE_WINDOW)
    } else {
        forced
    };
    let mut pair = find_title_pair(&blocks[..search_end.min(blocks.len())], markup);
    if rules.opening {
        // Above a title: notes, a disclaimer, a one-line dedication — not
        // story. A long paragraph that reads as none of these means the
        // "title" is a line of the story.
        pair = pair.filter(|p| {
            p.at <= forced
                || blocks[..p.at].iter().filter_map(paragraph_text).all(|raw| {
                    let text = markup.plain(raw);
                    text.split_whitespace().count() <= SHORT_ABOVE_TITLE
                        || is_bare_note_lead(&text)
                        || classify_front(&text).is_some()
                })
        });
        if let Some(pair) = &pair {
            forced = forced.max(pair.at + pair.len);
        }
    }
    let mut notes = Vec::new();
    // Paragraphs taken since a bare note label, while its note is open.
    let mut bare_note: Option<usize> = None;
    let mut i = 0;
    while i < blocks.len() {
        if let Some(pair) = pair.as_ref().filter(|p| p.at == i) {
            if let Some(title) = &pair.title {
                meta.title.get_or_insert_with(|| title.clone());
            }
            extend_unique(&mut meta.authors, pair.authors.iter().cloned());
            bare_note = None;
            i += pair.len;
            continue;
        }
        let Some(raw) = paragraph_text(&blocks[i]) else {
            bare_note = None;
            i += 1;
            continue;
        };
        let text = markup.plain(raw);
        if let Some((first, rest)) = split_matter_line(raw, &text, i + 1 == blocks.len()) {
            // Read the matter line and the story under it apart.
            blocks.splice(i..=i, [Block::Paragraph(first), Block::Paragraph(rest)]);
            continue;
        }
        if is_bare_note_lead(&text) {
            bare_note = Some(0);
            i += 1;
            continue;
        }
        // A bare label's note is at least the paragraph after it.
        let in_note = bare_note.is_some_and(|n| n == 0 || rules.note_runs_to_heading);
        match classify_front(&text) {
            Some(FrontMatter::Disclaimer(d)) => {
                file_disclaimer(meta, &d);
                bare_note = None;
            }
            Some(FrontMatter::Warning(w)) => {
                file_warning(meta, &w);
                bare_note = None;
            }
            Some(FrontMatter::Note(n)) => notes.push(n),
            None if i < forced || in_note => notes.push(text.trim().to_string()),
            None => break,
        }
        bare_note = bare_note.map(|n| n + 1);
        i += 1;
    }
    blocks.drain(..i);
    notes
}

/// Lines up to this many characters may be prose wrapped at a fixed width;
/// a longer line is a paragraph of its own.
const WRAPPED_LINE: usize = 100;

/// A paragraph of several lines whose first line is front matter (`A/N: …`,
/// a disclaimer, a warning) and whose other lines are not that matter
/// wrapped on: its first line and the rest, as written. The rest is not the
/// matter's when it is written a paragraph per line (a line longer than
/// any wrapped prose has), or when it is all the text left (`last`): matter
/// that swallowed a chapter's every line would leave it without story.
fn split_matter_line(raw: &str, plain: &str, last: bool) -> Option<(String, String)> {
    let (first_raw, rest_raw) = raw.split_once('\n')?;
    let first = plain.split('\n').next().unwrap_or(plain);
    if rest_raw.trim().is_empty() || (is_bare_note_lead(first) && !last) {
        return None;
    }
    classify_front(first)?;
    let per_line = raw
        .lines()
        .rev()
        .skip(1)
        .any(|line| line.chars().count() > WRAPPED_LINE);
    (per_line || last).then(|| (first_raw.to_string(), rest_raw.to_string()))
}

/// The first `Title` / `By Author` pair among `blocks` (two paragraphs, or
/// one of two lines), a lone by-line, or a Markdown `# Title`.
fn find_title_pair(blocks: &[Block], markup: Markup) -> Option<TitlePair> {
    let plain_at = |i: usize| {
        blocks
            .get(i)
            .and_then(paragraph_text)
            .map(|p| (p, markup.plain(p)))
    };
    for at in 0..blocks.len() {
        let Some((raw, text)) = plain_at(at) else {
            continue;
        };
        if let Some((first, second)) = text.split_once('\n') {
            if let Some(authors) = byline(second).filter(|_| is_title_line(first)) {
                let title = Some(first.trim().to_string());
                return Some(TitlePair {
                    at,
                    len: 1,
                    title,
                    authors,
                });
            }
            continue;
        }
        if let Some(authors) = byline(&text) {
            return Some(TitlePair {
                at,
                len: 1,
                title: None,
                authors,
            });
        }
        if !is_title_line(&text) {
            continue;
        }
        let title = Some(text.trim().to_string());
        if let Some(authors) = plain_at(at + 1).and_then(|(_, next)| byline(&next)) {
            return Some(TitlePair {
                at,
                len: 2,
                title,
                authors,
            });
        }
        if markup.heading_level(raw) == Some(1) {
            return Some(TitlePair {
                at,
                len: 1,
                title,
                authors: Vec::new(),
            });
        }
    }
    None
}

/// Words that start a phrase, not a name, after `by` ("By the time…").
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "then",
    "now",
    "this",
    "that",
    "his",
    "her",
    "my",
    "their",
    "its",
    "our",
    "your",
    "morning",
    "evening",
    "night",
    "noon",
    "midnight",
    "dawn",
    "nightfall",
    "tomorrow",
    "myself",
    "himself",
    "herself",
    "themselves",
    "far",
    "way",
    "all",
    "no",
    "some",
];

/// The authors a by-line names (`By Wren`, `written by Kit & Ash`), or
/// `None` when the line is not one.
pub(crate) fn byline(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let lower = line.to_lowercase();
    let lead = ["written by ", "by "]
        .into_iter()
        .find(|lead| lower.starts_with(lead))?;
    let name = line[lead.len()..].trim();
    let first = name.split_whitespace().next()?.to_lowercase();
    let ok = name.chars().count() <= 60
        && name.split_whitespace().count() <= 8
        && !name.ends_with(['.', '!', '?', ',', ';', ':'])
        && !NOT_NAMES.contains(&first.as_str());
    ok.then(|| split_list(name, &[",", " & ", " and "]))
}

/// A short line that can be a title: not a sentence, label, heading or
/// scene break, not quoted speech.
fn is_title_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=15).contains(&words)
        && line.chars().count() <= 100
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(['.', ',', ';', ':'])
        && !line.starts_with(['"', '“', '\'', '‘'])
        && !is_scene_break(line)
        && parse_heading(line).is_none()
        && split_label_line(line).is_none_or(|(label, _)| known_label(label).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .map(|t| Block::Paragraph(t.to_string()))
            .collect()
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By ACI100"), Some(vec!["ACI100".to_string()]));
        assert_eq!(
            byline("written by Kit & Ash"),
            Some(vec!["Kit".to_string(), "Ash".to_string()])
        );
        assert_eq!(byline("By the time she came, it was dark."), None);
        assert_eq!(byline("by nightfall"), None);
        assert_eq!(byline("Bystanders"), None);
    }

    #[test]
    fn what_stands_above_the_title_is_front_matter() {
        let mut blocks = paragraphs(&[
            "**Thanks to Lio for the read-through, truly.**",
            "**Come and chat: the link is on the profile page**",
            "**The Glass Harbour**",
            "**By Merrow Vance**",
            "The tide was out.",
        ]);
        let mut meta = StatedMeta::default();
        let rules = FrontRules {
            opening: true,
            ..FrontRules::default()
        };
        let notes = take_front_matter(&mut blocks, rules, Markup::Markdown, &mut meta);
        assert_eq!(meta.title.as_deref(), Some("The Glass Harbour"));
        assert_eq!(meta.authors, ["Merrow Vance"]);
        assert_eq!(notes.len(), 2);
        assert_eq!(blocks, paragraphs(&["The tide was out."]));
    }

    #[test]
    fn a_title_under_story_prose_is_story() {
        let mut blocks = paragraphs(&[
            "The letter had been in the drawer for eleven years, under the spare candles and a tin of buttons that nobody had opened since the funeral, and Mara found it only because the drawer stuck.",
            "Salt Letters",
            "By Kestrel Moor",
        ]);
        let mut meta = StatedMeta::default();
        let rules = FrontRules {
            opening: true,
            ..FrontRules::default()
        };
        let notes = take_front_matter(&mut blocks, rules, Markup::Plain, &mut meta);
        assert!(notes.is_empty());
        assert_eq!(meta.title, None);
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn a_bare_note_label_runs_on_to_the_heading() {
        let mut blocks = paragraphs(&[
            "Author's Note:",
            "Set two winters after the flood.",
            "Disclaimer: The valley and its people belong to their creator.",
        ]);
        let mut meta = StatedMeta::default();
        let rules = FrontRules {
            opening: true,
            note_runs_to_heading: true,
            ..FrontRules::default()
        };
        let notes = take_front_matter(&mut blocks, rules, Markup::Plain, &mut meta);
        assert_eq!(notes, ["Set two winters after the flood."]);
        assert!(meta.disclaimer.is_some());
        assert!(blocks.is_empty());
    }
}
