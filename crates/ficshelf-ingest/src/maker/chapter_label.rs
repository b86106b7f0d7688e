//! Chapter labels as downloaders and sites write them: a table-of-contents
//! entry or chapter selector option (`1. Haven`, `Chapter 2: Orbit`,
//! `Haven`), and a page title naming both the work and the chapter
//! (`Sea Glass, Chapter 1: Low Tide`, `Sea Glass - Chapter 1 - Low Tide`).
//!
//! The plain-text heading rules (`crate::headings`) read `Chapter N` forms;
//! these add the bare `N. Title` numbering and the work-title prefix, which
//! only labels (never a line of story text) carry.
//!
//! Crate items: [`ChapterLabel`], [`chapter_label`], [`work_and_chapter`].

use crate::headings::parse_heading;
use crate::lists::squash_spaces;

/// What a chapter label states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChapterLabel {
    pub number: Option<u32>,
    pub title: Option<String>,
}

/// Reads a chapter label: `1. Haven` and `Chapter 1: Haven` → 1, `Haven`;
/// `1. Chapter 1` → 1, no title; `Haven` → no number, `Haven`.
pub(crate) fn chapter_label(label: &str) -> ChapterLabel {
    let label = squash_spaces(label);
    if let Some(heading) = parse_heading(&label) {
        return ChapterLabel {
            number: heading.number,
            title: heading.title,
        };
    }
    if let Some((number, rest)) = numbered_prefix(&label) {
        return match parse_heading(rest) {
            Some(heading) => ChapterLabel {
                number: heading.number.or(Some(number)),
                title: heading.title,
            },
            None => ChapterLabel {
                number: Some(number),
                title: Some(rest.to_string()),
            },
        };
    }
    ChapterLabel {
        number: None,
        title: (!label.is_empty()).then_some(label),
    }
}

/// Separators written between a bare chapter number and its title.
const NUMBER_SEPARATORS: &[&str] = &[". ", ") ", " - ", " – ", " — "];

/// `12. Title` → (12, `Title`): one to four digits, a separator, a title.
fn numbered_prefix(label: &str) -> Option<(u32, &str)> {
    let digits = label.chars().take_while(char::is_ascii_digit).count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let number = label[..digits].parse().ok()?;
    let after = &label[digits..];
    let rest = NUMBER_SEPARATORS
        .iter()
        .find_map(|sep| after.strip_prefix(sep))?
        .trim();
    (!rest.is_empty()).then_some((number, rest))
}

/// Words that open the chapter part of a page title.
const CHAPTER_WORDS: &[&str] = &["chapter", "ch.", "part"];

/// Separators between a page title's parts (work, chapter, site).
const TITLE_SEPARATORS: &[char] = &[',', ':', '-', '–', '—', '|', '/', '~'];

/// Splits a page title naming both the work and one chapter: `Sea Glass,
/// Chapter 1: Low Tide` → (`Sea Glass`, 1, `Low Tide`); `Sea Glass -
/// Chapter 1 - Low Tide` and `Sea Glass: Chapter 1` likewise. `None` when
/// the title names no numbered chapter after some work title.
pub(crate) fn work_and_chapter(title: &str) -> Option<(String, ChapterLabel)> {
    let title = squash_spaces(title);
    // ASCII lower-casing keeps byte offsets, so `at` is valid in `title`.
    let lower = title.to_ascii_lowercase();
    for (at, _) in lower.char_indices().filter(|(i, _)| *i > 0) {
        let starts_word = CHAPTER_WORDS.iter().any(|w| lower[at..].starts_with(w))
            && lower[..at].ends_with(|c: char| c == ' ' || TITLE_SEPARATORS.contains(&c));
        if !starts_word {
            continue;
        }
        let Some(heading) = parse_heading(&title[at..]).filter(|h| h.number.is_some()) else {
            continue;
        };
        let work =
            title[..at].trim_end_matches(|c: char| c == ' ' || TITLE_SEPARATORS.contains(&c));
        if work.is_empty() {
            continue;
        }
        return Some((
            work.to_string(),
            ChapterLabel {
                number: heading.number,
                title: heading.title,
            },
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(number: Option<u32>, title: Option<&str>) -> ChapterLabel {
        ChapterLabel {
            number,
            title: title.map(str::to_string),
        }
    }

    #[test]
    fn numbered_labels_lose_their_numbering() {
        assert_eq!(chapter_label("1. Haven"), label(Some(1), Some("Haven")));
        assert_eq!(
            chapter_label("12) Low  Tide"),
            label(Some(12), Some("Low Tide"))
        );
        assert_eq!(chapter_label("1. Chapter 1"), label(Some(1), None));
        assert_eq!(
            chapter_label("Chapter 2: Orbit"),
            label(Some(2), Some("Orbit"))
        );
        assert_eq!(chapter_label("Haven"), label(None, Some("Haven")));
        assert_eq!(chapter_label("1984"), label(None, Some("1984")));
        assert_eq!(
            chapter_label("2.5 Interlude"),
            label(None, Some("2.5 Interlude"))
        );
        assert_eq!(chapter_label(" "), label(None, None));
    }

    #[test]
    fn page_titles_split_into_work_and_chapter() {
        let split = |t: &str| work_and_chapter(t).map(|(w, l)| (w, l.number, l.title));
        assert_eq!(
            split("Sea Glass, Chapter 1: Low Tide"),
            Some(("Sea Glass".into(), Some(1), Some("Low Tide".into())))
        );
        assert_eq!(
            split("Sea Glass - Chapter 12 - Low Tide"),
            Some(("Sea Glass".into(), Some(12), Some("Low Tide".into())))
        );
        assert_eq!(
            split("Sea Glass: Chapter Three"),
            Some(("Sea Glass".into(), Some(3), None))
        );
        assert_eq!(split("Chapter 1: Low Tide"), None);
        assert_eq!(split("The Chapter House"), None);
        assert_eq!(split("Departure"), None);
    }
}
