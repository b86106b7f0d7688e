//! AO3's "Download → HTML", and the same HTML as calibre splits it over an
//! EPUB's files (read in spine order, as one stream of elements).
//!
//! The download has `#preface` (`p.message` with the work's address,
//! `dl.tags`, `h1` title, `div.byline`, then notes), `#chapters` (for each
//! chapter a heading block with `h2.heading` "Chapter 1: Title", the story
//! in `div.userstuff`, then an end-notes block) and `#afterword` (the work's
//! end notes). Every note is a `p` label ("Summary", "Notes", "Chapter
//! Summary", "Chapter Notes", "Chapter End Notes", "End Notes") followed by
//! a `blockquote.userstuff`.
//!
//! Calibre's books keep that order but split it over several files (the
//! preface's tag list in one, its title and notes in the next, a chapter's
//! heading and end notes around its story), rename classes (`meta` becomes
//! `calibre1`, `userstuff` becomes `userstuff1`/`userstuff2`) and may rename
//! ids. So this reader goes by element kinds, class stems and the labels,
//! never by the `meta`/`group` classes or the section ids.

use super::markup::{
    append, byline_names, chapter_heading, has_class_like, is_like, is_wrapper, label_of,
    notes_text, story_body, work_url,
};
use super::tags::{is_tag_list, read_meta_list};
use crate::html::dom::{text, walk, DomNode, Walk};
use crate::lists::extend_unique;
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::ChapterBody;
use scraper::ElementRef;

/// The labels AO3 writes before each kind of notes, lowercased.
pub(crate) const NOTE_LABELS: &[&str] = &[
    "summary",
    "notes",
    "chapter summary",
    "chapter notes",
    "chapter end notes",
    "end notes",
];

/// Reads an AO3 download held in one document.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    parse_parts([root])
}

/// Reads an AO3 download spread over `parts` in reading order (calibre's
/// split files, or one whole document).
pub(crate) fn parse_parts<'a>(parts: impl IntoIterator<Item = DomNode<'a>>) -> ParsedFile {
    let mut reader = Reader::default();
    for part in parts {
        walk(part, |e| reader.visit(e));
    }
    let mut file = reader.file;
    // Downloads from the Archive's first years put a one-shot's text straight
    // into `#chapters`, with no `div.userstuff`: rather than lose it, the
    // wrapper's own text is the story.
    if file.chapters.iter().all(|c| c.body.blocks.is_empty()) {
        let body = ChapterBody {
            blocks: reader
                .wrappers
                .iter()
                .flat_map(|wrapper| story_body(*wrapper).blocks)
                .collect(),
        };
        if !body.blocks.is_empty() {
            file.chapters.retain(|c| c.title.is_some());
            if file.chapters.len() == 1 {
                file.chapters[0].body = body;
            } else {
                file.chapters = vec![ParsedChapter {
                    body,
                    ..ParsedChapter::default()
                }];
            }
        }
    }
    file
}

#[derive(Default)]
struct Reader<'a> {
    file: ParsedFile,
    /// The label of the notes the next `blockquote.userstuff` holds.
    label: Option<&'static str>,
    /// The `#chapters` wrappers seen, for downloads with no `div.userstuff`.
    wrappers: Vec<ElementRef<'a>>,
}

impl<'a> Reader<'a> {
    fn visit(&mut self, e: ElementRef<'a>) -> Walk {
        if e.value().id() == Some("chapters") {
            self.wrappers.push(e);
        }
        match e.value().name() {
            "p" if has_class_like(&e, "message") => self.message(e),
            "p" => {
                let label = label_of(*e);
                self.label = NOTE_LABELS.iter().find(|l| **l == label).copied();
                // A message whose class calibre renamed still links the work.
                if self.label.is_none() && self.file.chapters.is_empty() {
                    self.message(e);
                }
            }
            "dl" if is_tag_list(&e) => read_meta_list(&mut self.file.meta, *e),
            "h1" if self.file.chapters.is_empty() && self.file.meta.title.is_none() => {
                self.file.meta.title = Some(text(*e)).filter(|t| !t.is_empty());
            }
            "div" if has_class_like(&e, "byline") && self.file.meta.authors.is_empty() => {
                extend_unique(&mut self.file.meta.authors, byline_names(*e));
            }
            // Calibre's invisible table-of-contents headings ("Preface",
            // "Afterword", a one-shot's title) are not chapters.
            "h2" if has_class_like(&e, "toc-heading") => {}
            "h2" => self.heading(e),
            "blockquote" if has_class_like(&e, "userstuff") => {
                if let (Some(label), Some(notes)) = (self.label.take(), notes_text(*e)) {
                    self.notes(label, notes);
                }
            }
            "div" if has_class_like(&e, "userstuff") && !is_wrapper(&e) => self.body(e),
            // "See the end of the chapter for more notes": a link, not notes.
            "div" if has_class_like(&e, "endnote-link") => {}
            _ => return Walk::Into,
        }
        Walk::Over
    }

    /// `Posted originally on the Archive of Our Own at <a>…/works/123</a>`.
    fn message(&mut self, p: ElementRef) {
        if self.file.meta.url.is_none() {
            self.file.meta.url = work_url(*p);
        }
    }

    fn heading(&mut self, h2: ElementRef) {
        let (number, title) = chapter_heading(&text(*h2));
        self.file.chapters.push(ParsedChapter {
            stated_number: number,
            title,
            ..ParsedChapter::default()
        });
        self.label = None;
    }

    fn body(&mut self, div: ElementRef) {
        self.label = None;
        let body = story_body(div);
        if body.blocks.is_empty() {
            return;
        }
        match self.file.chapters.last_mut() {
            Some(chapter) if chapter.body.blocks.is_empty() => chapter.body = body,
            _ => self.file.chapters.push(ParsedChapter {
                body,
                ..ParsedChapter::default()
            }),
        }
    }

    /// Puts notes where their label says. "Summary" and "Notes" are the
    /// work's before the first chapter; after a chapter's story, "Notes"
    /// (older downloads) are its end notes.
    fn notes(&mut self, label: &str, notes: String) {
        let file = &mut self.file;
        let Some(chapter) = file.chapters.last_mut() else {
            match label {
                "summary" => file.meta.summary = file.meta.summary.take().or(Some(notes)),
                "end notes" | "chapter end notes" => append(&mut file.end_notes, notes),
                _ => append(&mut file.front_notes, notes),
            }
            return;
        };
        let has_story = !chapter.body.blocks.is_empty();
        match label {
            "end notes" => append(&mut file.end_notes, notes),
            "chapter end notes" => append(&mut chapter.notes.end, notes),
            "notes" if has_story => append(&mut chapter.notes.end, notes),
            _ => append(&mut chapter.notes.begin, notes),
        }
    }
}

/// Whether any of `parts` carries the download's layout: its `#preface`,
/// or (ids renamed) its tag list, byline and `userstuff` story markup.
pub(crate) fn is_download_book<'a>(parts: impl IntoIterator<Item = DomNode<'a>>) -> bool {
    let (mut tags, mut byline, mut story) = (false, false, false);
    for part in parts {
        for e in crate::html::dom::elements(part) {
            if e.value().id() == Some("preface") {
                return true;
            }
            tags |= is_tag_list(&e);
            byline |= is_like(&e, "div", "byline");
            story |= is_like(&e, "div", "userstuff");
            if tags && byline && story {
                return true;
            }
        }
    }
    false
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
        assert_eq!(file.chapters[1].notes.end, None);
        assert_eq!(file.end_notes.as_deref(), Some("Bye."));
    }

    /// Calibre renamed `meta` to `calibre1`, `userstuff` to `userstuff2`
    /// and gave the end-notes block a new id: the kinds and labels still
    /// place everything (AO3 EPUBs were rejected as having no story text).
    #[test]
    fn calibre_renamed_classes_and_ids_are_read() {
        let file = parse_str(
            "<div class=\"userstuff1\" id=\"calibre_link-4\"><div class=\"calibre1\">\
             <h2 class=\"heading\" id=\"calibre_toc_3\">Chapter 2: Ferry</h2>\
             <p class=\"calibre7\">Chapter Notes</p>\
             <blockquote class=\"userstuff\"><p class=\"calibre7\">Before.</p></blockquote>\
             <div class=\"endnote-link\">See the end of the chapter for notes</div></div>\
             <div class=\"userstuff2\"><p class=\"calibre7\">The ferry left.</p></div>\
             <div class=\"calibre1\" id=\"calibre_link-9\"><p class=\"calibre7\">Chapter End Notes</p>\
             <blockquote class=\"userstuff\"><p>After.</p></blockquote></div></div>",
        );
        let chapter = &file.chapters[0];
        assert_eq!(file.chapters.len(), 1);
        assert_eq!(
            (chapter.stated_number, chapter.title.as_deref()),
            (Some(2), Some("Ferry"))
        );
        assert_eq!(chapter.body.to_text(), "The ferry left.\n");
        assert_eq!(chapter.notes.begin.as_deref(), Some("Before."));
        assert_eq!(chapter.notes.end.as_deref(), Some("After."));
    }

    /// A download with its one-shot's text straight in `#chapters` (no
    /// `div.userstuff`) was refused as having no story text.
    #[test]
    fn story_straight_in_the_chapters_wrapper_is_kept() {
        let file = parse_str(
            "<div id=\"preface\"><h1>Kiln</h1></div>\
             <div id=\"chapters\" class=\"user-generated-view\">\
             <h3 class=\"landmark\">Work Text:</h3><p>The kiln cooled.</p><p>Nobody spoke.</p></div>",
        );
        assert_eq!(file.chapters.len(), 1);
        assert_eq!(
            file.chapters[0].body.to_text(),
            "The kiln cooled.\n\nNobody spoke.\n"
        );
    }

    /// The afterword's "End Notes" are the work's own, not the last
    /// chapter's (the scorer found them missing from the work's notes).
    #[test]
    fn afterword_end_notes_belong_to_the_work() {
        let file = parse_str(
            "<div id=\"preface\"><p>Notes</p><blockquote class=\"userstuff\">Front.</blockquote></div>\
             <div id=\"chapters\" class=\"userstuff\"><h2 class=\"toc-heading\">Kettle</h2>\
             <div class=\"userstuff\"><p>Steam.</p></div></div>\
             <div id=\"afterword\"><div class=\"meta\"><div id=\"endnotes\"><p>End Notes</p>\
             <blockquote class=\"userstuff\"><p>Back.</p></blockquote></div></div></div>",
        );
        assert_eq!(file.front_notes.as_deref(), Some("Front."));
        assert_eq!(file.end_notes.as_deref(), Some("Back."));
        assert_eq!(file.chapters.len(), 1);
        assert_eq!(file.chapters[0].title, None);
        assert_eq!(file.chapters[0].notes.end, None);
    }
}
