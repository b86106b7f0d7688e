//! AO3's HTML download (also found inside calibre-made AO3 EPUBs): the
//! `#preface` tag list, byline, summary and notes, `#chapters` with one
//! `div.meta.group` + `div.userstuff` per chapter, and `#afterword`.

use crate::apply::apply_label;
use crate::dates::parse_date;
use crate::headings::parse_heading;
use crate::html::blocks::body_of;
use crate::html::dom::{
    by_id, child_elements, find, find_all, has_class, is, tag_list, text, DomNode,
};
use crate::lists::extend_unique;
use crate::parsed::{ParsedChapter, ParsedFile, StatedMeta};
use ficshelf_model::{html_to_text, Field, Status};
use scraper::ElementRef;

/// Whether the document looks like an AO3 download.
pub(crate) fn is_ao3(root: DomNode) -> bool {
    by_id(root, "preface").is_some() && by_id(root, "chapters").is_some()
}

/// Reads an AO3 download.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    if let Some(preface) = by_id(root, "preface") {
        read_preface(*preface, &mut file);
    }
    // Calibre splits an AO3 book into one file per chapter and repeats the
    // `div#chapters` wrapper in each, so the joined pages hold several.
    for chapters in crate::html::dom::elements(root).filter(|e| e.value().id() == Some("chapters"))
    {
        file.chapters.extend(read_chapters(*chapters));
    }
    if let Some(after) = by_id(root, "afterword") {
        let end = labelled_notes(*after, &["end notes", "notes"]);
        if let (Some(end), Some(last)) = (end, file.chapters.last_mut()) {
            last.notes.end = Some(match last.notes.end.take() {
                Some(prev) => format!("{prev}\n\n{end}"),
                None => end,
            });
        }
    }
    file
}

fn read_preface(preface: DomNode, file: &mut ParsedFile) {
    let meta = &mut file.meta;
    if let Some(message) = find(preface, "p", "message") {
        meta.url = find_all(*message, "a", "")
            .filter_map(|a| a.value().attr("href"))
            .find(|h| h.contains("/works/"))
            .map(str::to_string);
    }
    if let Some(dl) = find(preface, "dl", "tags") {
        let mut label = String::new();
        for e in child_elements(*dl) {
            match e.value().name() {
                "dt" => label = text(*e).trim_end_matches(':').trim().to_lowercase(),
                "dd" => read_tag(meta, &label, e),
                _ => {}
            }
        }
    }
    if let Some(h1) = find(preface, "h1", "") {
        let title = text(*h1);
        if !title.is_empty() {
            meta.title = Some(title);
        }
    }
    if let Some(byline) = find(preface, "div", "byline") {
        extend_unique(&mut meta.authors, tag_list(*byline));
    }
    meta.summary = labelled_notes(preface, &["summary"]);
    file.front_notes = labelled_notes(preface, &["notes"]);
}

fn read_tag(meta: &mut StatedMeta, label: &str, dd: ElementRef) {
    let tags = tag_list(*dd);
    let singular = label.trim_end_matches('s');
    match singular {
        "rating" => meta.rating = tags.into_iter().next(),
        "archive warning" | "warning" => extend_unique(&mut meta.warnings, tags),
        "category" | "categorie" => {
            for tag in tags {
                apply_label(meta, "Category", &tag);
            }
        }
        "fandom" => extend_unique(&mut meta.fandoms, tags),
        "relationship" => extend_unique(&mut meta.relationships, tags),
        "character" => extend_unique(&mut meta.characters, tags),
        "additional tag" | "freeform" | "tag" => extend_unique(&mut meta.tags, tags),
        "language" => meta.language = Some(text(*dd)).filter(|l| !l.is_empty()),
        "stat" => read_stats(meta, &text(*dd)),
        _ => {
            let value = text(*dd);
            let label = match singular {
                "serie" => "Series".to_string(),
                "collection" => "Collections".to_string(),
                _ => label.to_string(),
            };
            if !value.is_empty() {
                meta.fields.push(Field { label, value });
            }
        }
    }
}

/// `Published: 2020-01-02 Updated: 2020-02-03 Words: 1,234 Chapters: 2/5`.
fn read_stats(meta: &mut StatedMeta, stats: &str) {
    let words: Vec<&str> = stats.split_whitespace().collect();
    for pair in words.windows(2) {
        let value = pair[1];
        match pair[0].trim_end_matches(':').to_lowercase().as_str() {
            "published" => meta.published = parse_date(value),
            "updated" => meta.updated = parse_date(value).or(meta.updated.take()),
            "completed" => {
                meta.updated = parse_date(value).or(meta.updated.take());
                meta.status = Some(Status::Complete);
            }
            "chapters" if meta.status.is_none() => meta.status = Some(chapter_status(value)),
            _ => {}
        }
    }
}

/// `3/3` → complete, `2/5` or `2/?` → in progress.
pub(crate) fn chapter_status(value: &str) -> Status {
    match value.split_once('/') {
        Some((x, y)) if x.trim() == y.trim() => Status::Complete,
        _ => Status::InProgress,
    }
}

/// The text of the `blockquote.userstuff` after a `p` saying one of
/// `labels` ("Summary", "Notes", "Chapter End Notes"…), directly under
/// `scope` or its descendants.
fn labelled_notes(scope: DomNode, labels: &[&str]) -> Option<String> {
    let mut wanted = false;
    for e in crate::html::dom::elements(scope) {
        if is(&e, "p", "") && !has_class(&e, "message") {
            let label = text(*e).trim_end_matches(':').to_lowercase();
            wanted = labels.iter().any(|l| label == *l || label.ends_with(l));
        } else if is(&e, "blockquote", "") && wanted {
            let html = crate::html::blocks::serialise(*e);
            let notes = html_to_text(&crate::sanitise::clean(&html));
            let notes = notes.trim();
            return (!notes.is_empty()).then(|| notes.to_string());
        }
    }
    None
}

fn read_chapters(chapters: DomNode) -> Vec<ParsedChapter> {
    let mut out: Vec<ParsedChapter> = Vec::new();
    for e in child_elements(chapters) {
        let id = e.value().id().unwrap_or("");
        if id.starts_with("endnotes") || (has_class(&e, "meta") && find(*e, "h2", "").is_none()) {
            if let Some(last) = out.last_mut() {
                last.notes.end = labelled_notes(*e, &["notes"]);
            }
        } else if has_class(&e, "meta") {
            out.push(chapter_head(*e));
        } else if has_class(&e, "userstuff") {
            if out.last().is_none_or(|c| !c.body.blocks.is_empty()) {
                out.push(ParsedChapter::default());
            }
            if let Some(last) = out.last_mut() {
                last.body = body_of(e.children().collect());
            }
        } else if let Some(ch) = chapter_container(e) {
            out.push(ch);
        }
    }
    out
}

/// Some downloads wrap each chapter in a `div#chapter-N`.
fn chapter_container(e: ElementRef) -> Option<ParsedChapter> {
    let head = find(*e, "div", "meta")?;
    let mut chapter = chapter_head(*head);
    let body = find(*e, "div", "userstuff")?;
    chapter.body = body_of(body.children().collect());
    chapter.notes.end = find(*e, "div", "end").and_then(|n| labelled_notes(*n, &["notes"]));
    Some(chapter)
}

fn chapter_head(meta: DomNode) -> ParsedChapter {
    let mut chapter = ParsedChapter::default();
    if let Some(h2) = find(meta, "h2", "") {
        let heading = text(*h2);
        match parse_heading(&heading) {
            Some(h) => {
                chapter.stated_number = h.number;
                chapter.title = h.title;
            }
            None => chapter.title = Some(heading),
        }
    }
    let summary = labelled_notes(meta, &["summary"]);
    let notes = labelled_notes(meta, &["chapter notes"]);
    chapter.notes.begin = match (summary, notes) {
        (Some(s), Some(n)) => Some(format!("{s}\n\n{n}")),
        (s, n) => s.or(n),
    };
    chapter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(html: &str) -> ParsedFile {
        parse(scraper::Html::parse_document(html).tree.root())
    }

    #[test]
    fn chapters_split_over_several_chapters_divs_are_all_read() {
        let file = parse_str(
            "<div id=\"preface\"><h1>T</h1></div>\
             <div id=\"chapters\" class=\"userstuff\"><div class=\"meta group\">\
             <h2 class=\"heading\">Chapter 1: One</h2></div>\
             <div class=\"userstuff\"><p>First.</p></div></div>\
             <div id=\"chapters\" class=\"userstuff\"><div class=\"meta group\">\
             <h2 class=\"heading\">Chapter 2: Two</h2></div>\
             <div class=\"userstuff\"><p>Second.</p></div></div>\
             <div id=\"afterword\"><div id=\"endnotes\"><p>End Notes</p>\
             <blockquote class=\"userstuff\"><p>Bye.</p></blockquote></div></div>",
        );
        let titles: Vec<_> = file.chapters.iter().map(|c| c.title.clone()).collect();
        assert_eq!(titles, [Some("One".into()), Some("Two".into())]);
        assert_eq!(file.chapters[0].notes.end, None);
        assert_eq!(file.chapters[1].notes.end.as_deref(), Some("Bye."));
    }
}
