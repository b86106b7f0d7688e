//! The AO3-like preface (title, byline, tags, stats, summary, notes) and
//! chapter sections as XHTML fragments, shared by the EPUB and HTML writers.

use crate::meta;
use crate::xhtml::{body_into, escape_into, paragraphs_into};
use ficshelf_model::{Chapter, ChapterBody, Notes, Work};

/// The stylesheet of both the EPUB and the HTML page: plain and readable,
/// the reader's own fonts and colours.
pub const STYLESHEET: &str = include_str!("style.css");

/// Appends the preface: `<h1>` title, byline, a `<dl>` of tags and stats,
/// then summary, disclaimer and notes.
pub fn preface_into(work: &Work, out: &mut String) {
    out.push_str("<section class=\"preface\" id=\"preface\">\n<h1 class=\"title\">");
    escape_into(&work.title, out);
    out.push_str("</h1>\n<p class=\"byline\">by ");
    escape_into(&meta::authors_line(work), out);
    out.push_str("</p>\n<dl class=\"tags\">\n");
    let rating = work.rating.display_name();
    dl_row(out, "Rating", &[rating]);
    dl_list(out, "Archive Warnings", &work.warnings);
    dl_list(out, "Category", &work.category);
    dl_list(out, "Fandoms", &work.fandoms);
    dl_list(out, "Relationships", &work.relationships);
    dl_list(out, "Characters", &work.characters);
    dl_list(out, "Additional Tags", &work.tags);
    if let Some(language) = work.language.as_deref().filter(|l| !l.trim().is_empty()) {
        dl_row(out, "Language", &[language]);
    }
    if let Some(series) = meta::series(work) {
        let value = match series.index {
            Some(i) => format!("Part {i} of {}", series.name),
            None => series.name,
        };
        dl_row(out, "Series", &[&value]);
    }
    let mut stats = Vec::new();
    if let Some(p) = work.published.as_deref() {
        stats.push(format!("Published: {p}"));
    }
    if let Some(u) = work.updated.as_deref() {
        stats.push(format!("Updated: {u}"));
    }
    stats.push(format!("Words: {}", work.words));
    stats.push(format!("Chapters: {}", meta::chapter_count(work)));
    dl_row(out, "Stats", &[&stats.join(" · ")]);
    out.push_str("</dl>\n");
    text_section(out, "summary", "Summary", work.summary.as_deref());
    text_section(out, "disclaimer", "Disclaimer", work.disclaimer.as_deref());
    text_section(out, "notes", "Notes", work.notes.begin.as_deref());
    out.push_str("</section>\n");
}

/// Appends one chapter as a `<section>`: heading, begin notes, story text,
/// end notes; `work_end_notes` (the work's own end notes) follow the last
/// chapter.
pub fn chapter_into(
    chapter: &Chapter,
    body: &ChapterBody,
    work_end_notes: Option<&str>,
    out: &mut String,
) {
    out.push_str("<section class=\"chapter\" id=\"chapter-");
    out.push_str(&chapter.number.to_string());
    out.push_str("\">\n<h2>");
    escape_into(
        &meta::chapter_heading(chapter.number, chapter.title.as_deref()),
        out,
    );
    out.push_str("</h2>\n");
    chapter_notes(out, &chapter.notes, true);
    out.push_str("<div class=\"userstuff\">\n");
    body_into(body, out);
    out.push_str("</div>\n");
    chapter_notes(out, &chapter.notes, false);
    text_section(out, "end-notes", "End Notes", work_end_notes);
    out.push_str("</section>\n");
}

fn chapter_notes(out: &mut String, notes: &Notes, begin: bool) {
    if begin {
        text_section(out, "notes", "Chapter Notes", notes.begin.as_deref());
    } else {
        text_section(out, "end-notes", "Chapter End Notes", notes.end.as_deref());
    }
}

fn text_section(out: &mut String, class: &str, heading: &str, text: Option<&str>) {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return;
    };
    out.push_str("<div class=\"");
    out.push_str(class);
    out.push_str("\">\n<h3>");
    out.push_str(heading);
    out.push_str("</h3>\n<blockquote>\n");
    paragraphs_into(text, out);
    out.push_str("</blockquote>\n</div>\n");
}

fn dl_list(out: &mut String, label: &str, items: &[String]) {
    if !items.is_empty() {
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        dl_row(out, label, &items);
    }
}

fn dl_row(out: &mut String, label: &str, items: &[&str]) {
    out.push_str("<dt>");
    out.push_str(label);
    out.push_str(":</dt>\n<dd>");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        escape_into(item, out);
    }
    out.push_str("</dd>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Rating};

    #[test]
    fn preface_escapes_everything_and_lists_tags() {
        let mut work = Work::new("1", "<Fire> & \"Ice\"");
        work.authors = vec!["a<b".into()];
        work.rating = Rating::Teen;
        work.relationships = vec!["A/B".into(), "C & D".into()];
        work.summary = Some("One.\n\nTwo <i>.".into());
        let mut out = String::new();
        preface_into(&work, &mut out);
        assert!(out.contains("<h1 class=\"title\">&lt;Fire&gt; &amp; &quot;Ice&quot;</h1>"));
        assert!(out.contains("<p class=\"byline\">by a&lt;b</p>"));
        assert!(out.contains("<dt>Rating:</dt>\n<dd>Teen And Up Audiences</dd>"));
        assert!(out.contains("<dd>A/B, C &amp; D</dd>"));
        assert!(out.contains("<p>One.</p>\n<p>Two &lt;i&gt;.</p>"));
        assert!(out.contains("Chapters: 0/?"));
        assert!(!out.contains("<dt>Characters"));
    }

    #[test]
    fn chapter_has_heading_notes_and_text() {
        let chapter = Chapter {
            number: 2,
            title: Some("Storm".into()),
            words: 1,
            notes: Notes {
                begin: Some("Before.".into()),
                end: Some("After.".into()),
            },
            sources: vec![],
        };
        let body = ChapterBody {
            blocks: vec![Block::Paragraph("Rain.".into())],
        };
        let mut out = String::new();
        chapter_into(&chapter, &body, Some("Fin."), &mut out);
        let order = ["Chapter 2: Storm", "Before.", "Rain.", "After.", "Fin."];
        let positions: Vec<usize> = order.iter().map(|s| out.find(s).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
    }
}
