//! Clean plain text that Ficshelf's own text importer reads back to the
//! same work (see `crates/ficshelf-ingest/TEXT_FORMAT.md`).
//!
//! Layout:
//! - a header block of `Label: value` lines, one line each, in labels the
//!   importer knows (`Title:`, `Author:`, `Rating:`, `Archive Warnings:`,
//!   `Category:`, `Fandom:`, `Relationships:`, `Characters:`,
//!   `Additional Tags:`, `Language:`, `Status:`, `Published:`, `Updated:`,
//!   then the work's other fields, `Summary:`, `Disclaimer:`, `Notes:`);
//! - per chapter a `Chapter N: Title` heading, begin notes as `A/N:`
//!   paragraphs, the story text (paragraphs separated by a blank line,
//!   scene breaks as `* * *`), end notes led by `End notes:`.
//!
//! A warning written as a sentence with commas (`This story contains
//! grief, and a funeral.`) would be split as a list on the header line, so
//! it is written as a `Warning! …` paragraph after the header, which the
//! importer reads as front matter.
//!
//! The work's own end notes follow the last chapter's end notes. A summary
//! or note of several paragraphs is written on one header line, so its
//! paragraph breaks become spaces.

use crate::error::ExportError;
use crate::meta;
use ficshelf_model::{ChapterBody, Rating, Status, Work};
use std::io::Write;

/// Labels the exporter writes itself; fields with these labels are left
/// out so they cannot be read back as something else.
const OWN_LABELS: &[&str] = &[
    "title",
    "author",
    "authors",
    "rating",
    "archive warnings",
    "warnings",
    "category",
    "fandom",
    "fandoms",
    "relationships",
    "characters",
    "additional tags",
    "tags",
    "language",
    "status",
    "published",
    "updated",
    "summary",
    "disclaimer",
    "notes",
    "chapter",
];

/// Writes `work` as plain text to `out`. `bodies` are the chapters' story
/// texts in chapter order.
pub fn write_txt<W: Write>(
    work: &Work,
    bodies: &[ChapterBody],
    mut out: W,
) -> Result<(), ExportError> {
    let mut text = String::with_capacity(4096);
    header_into(work, &mut text);
    out.write_all(text.as_bytes())?;
    let empty = ChapterBody::default();
    let last = work.chapters.len();
    for (i, chapter) in work.chapters.iter().enumerate() {
        text.clear();
        text.push('\n');
        text.push_str(&one_line(&meta::chapter_heading(
            chapter.number,
            chapter.title.as_deref(),
        )));
        text.push_str("\n\n");
        if let Some(notes) = chapter.notes.begin.as_deref() {
            for para in paragraphs(notes) {
                text.push_str("A/N: ");
                text.push_str(&para);
                text.push_str("\n\n");
            }
        }
        text.push_str(&bodies.get(i).unwrap_or(&empty).to_text());
        let mut end: Vec<String> = chapter
            .notes
            .end
            .as_deref()
            .map(paragraphs)
            .unwrap_or_default();
        if i + 1 == last {
            end.extend(
                work.notes
                    .end
                    .as_deref()
                    .map(paragraphs)
                    .unwrap_or_default(),
            );
        }
        for (n, para) in end.iter().enumerate() {
            text.push('\n');
            if n == 0 {
                text.push_str("End notes: ");
            }
            text.push_str(para);
            text.push('\n');
        }
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

fn header_into(work: &Work, out: &mut String) {
    let mut line = |label: &str, value: &str| {
        let value = one_line(value);
        if !value.is_empty() {
            out.push_str(label);
            out.push_str(": ");
            out.push_str(&value);
            out.push('\n');
        }
    };
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| one_line(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    line("Title", &work.title);
    line("Author", &list(&work.authors));
    // The rating as the source wrote it when it still reads as the same
    // rating; an unstated rating stays unstated.
    let rating = match work.rating_original.as_deref() {
        Some(original) if Rating::from_label(original) == Some(work.rating) => original,
        None if work.rating == Rating::NotRated => "",
        _ => work.rating.display_name(),
    };
    line("Rating", rating);
    // A warning written as a sentence (with commas) would be split as a
    // list: it goes to the front matter as a `Warning!` paragraph instead.
    let (listed, sentences): (Vec<String>, Vec<String>) = work
        .warnings
        .iter()
        .cloned()
        .partition(|w| !w.contains([',', ';']));
    line("Archive Warnings", &list(&listed));
    line("Category", &list(&work.category));
    line("Fandom", &list(&work.fandoms));
    line("Relationships", &list(&work.relationships));
    line("Characters", &list(&work.characters));
    line("Additional Tags", &list(&work.tags));
    line("Language", work.language.as_deref().unwrap_or(""));
    line(
        "Status",
        match work.status {
            Some(Status::Complete) => "Complete",
            Some(Status::InProgress) => "In Progress",
            None => "",
        },
    );
    line("Published", work.published.as_deref().unwrap_or(""));
    line("Updated", work.updated.as_deref().unwrap_or(""));
    for field in &work.fields {
        let label = one_line(&field.label);
        let words = label.split_whitespace().count();
        let own = OWN_LABELS.contains(&label.to_lowercase().as_str());
        if (1..=4).contains(&words) && !label.contains(':') && !own {
            line(&label, &field.value);
        }
    }
    line("Summary", work.summary.as_deref().unwrap_or(""));
    line("Disclaimer", work.disclaimer.as_deref().unwrap_or(""));
    line("Notes", work.notes.begin.as_deref().unwrap_or(""));
    for sentence in sentences {
        out.push_str("\nWarning! ");
        out.push_str(&one_line(&sentence));
        out.push('\n');
    }
}

/// Text on one line: every run of white space (line breaks too) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Blank-line-separated paragraphs of a note, each on one line.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Chapter, Field, Notes};

    #[test]
    fn header_chapters_and_notes() {
        let mut work = Work::new("1", "Ink\nand Ember");
        work.authors = vec!["Lark".into(), "Wren".into()];
        work.rating = Rating::Teen;
        work.rating_original = Some("PG-13".into());
        work.fandoms = vec!["Austen".into()];
        work.summary = Some("One.\n\nTwo.".into());
        work.fields.push(Field {
            label: "Series".into(),
            value: "Part 1 of Letters".into(),
        });
        work.fields.push(Field {
            label: "Title".into(),
            value: "Shadow".into(),
        });
        work.chapters = vec![Chapter {
            number: 1,
            title: Some("Letters".into()),
            words: 2,
            notes: Notes {
                begin: Some("First.\n\nSecond.".into()),
                end: Some("Thanks.".into()),
            },
            sources: vec![],
        }];
        let body = ChapterBody {
            blocks: vec![
                Block::Paragraph("Dear sir.".into()),
                Block::SceneBreak,
                Block::Html("<p><em>Yours</em> &amp; c.</p>".into()),
            ],
        };
        let mut out = Vec::new();
        write_txt(&work, &[body], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "Title: Ink and Ember\nAuthor: Lark, Wren\nRating: PG-13\nFandom: Austen\n\
             Series: Part 1 of Letters\nSummary: One. Two.\n\
             \nChapter 1: Letters\n\nA/N: First.\n\nA/N: Second.\n\n\
             Dear sir.\n\n* * *\n\nYours & c.\n\nEnd notes: Thanks.\n"
        );
    }

    #[test]
    fn sentence_warnings_become_front_matter() {
        let mut work = Work::new("1", "T");
        work.warnings = vec!["Violence".into(), "Grief, and a funeral.".into()];
        let mut out = Vec::new();
        write_txt(&work, &[], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Title: T\nArchive Warnings: Violence\n\nWarning! Grief, and a funeral.\n"
        );
    }

    #[test]
    fn unstated_rating_stays_unstated_and_mismatched_original_is_replaced() {
        let mut work = Work::new("1", "T");
        let mut out = Vec::new();
        write_txt(&work, &[], &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "Title: T\n");
        work.rating = Rating::Explicit;
        work.rating_original = Some("spicy".into());
        let mut out = Vec::new();
        write_txt(&work, &[], &mut out).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("Rating: Explicit\n"));
    }
}
