//! A work page of an otwarchive site saved from a browser: the whole page,
//! site navigation, "Actions" menus, kudos, comments and footer included.
//!
//! Only otwarchive's own parts are read: the work meta list
//! (`dl.work.meta.group`, beside the text) and what `div#workskin` holds —
//! the work preface (`h2.title`, `h3.byline`, `div.summary.module`,
//! `div.notes.module`), `div#chapters` with either one `div.chapter` per
//! chapter (`h3.title` "Chapter 2: Title", chapter summary and notes
//! modules, the story in `div.userstuff.module`, an `end notes` module) or,
//! for a one-shot, the story's `div.userstuff` directly, and the afterword
//! (`div.end.notes.module` with the work's end notes). Everything outside
//! is furniture. The landmark headings AO3 writes for screen readers
//! ("Chapter Text", "Work Text:") are left out of the story.
//!
//! A page may hold one chapter of many (`Chapter 1` of `2/?`): its chapter
//! keeps the number and title it states; the stats' count says the rest.

use super::markup::{append, byline_names, chapter_heading, module_notes, story_body};
use super::tags::{is_work_meta, read_meta_list};
use crate::html::dom::{by_id, elements, has_class, text, walk, DomNode, Walk};
use crate::lists::extend_unique;
use crate::parsed::{ParsedChapter, ParsedFile};
use scraper::ElementRef;

/// Reads a saved work page.
pub(crate) fn parse(root: DomNode) -> ParsedFile {
    let mut file = ParsedFile::default();
    if let Some(dl) = elements(root).find(is_work_meta) {
        read_meta_list(&mut file.meta, *dl);
    }
    let skin = by_id(root, "workskin").map_or(root, |skin| *skin);
    walk(skin, |e| {
        let name = e.value().name();
        if name == "div" && has_class(&e, "chapter") && !has_class(&e, "preface") {
            file.chapters.push(read_chapter(e));
        } else if name == "h2" && has_class(&e, "title") {
            if file.meta.title.is_none() {
                file.meta.title = Some(text(*e)).filter(|t| !t.is_empty());
            }
        } else if name == "h3" && has_class(&e, "byline") {
            if file.meta.authors.is_empty() {
                extend_unique(&mut file.meta.authors, byline_names(*e));
            }
        } else if is_module(&e) {
            let notes = module_notes(*e);
            if has_class(&e, "end") {
                file.end_notes = file.end_notes.take().or(notes);
            } else if has_class(&e, "summary") {
                file.meta.summary = file.meta.summary.take().or(notes);
            } else if has_class(&e, "notes") {
                file.front_notes = file.front_notes.take().or(notes);
            }
        } else if name == "div" && has_class(&e, "userstuff") {
            // A one-shot: the story straight under `div#chapters`.
            push_story(&mut file.chapters, e);
        } else {
            return Walk::Into;
        }
        Walk::Over
    });
    file
}

/// One `div.chapter`: its heading, notes modules and story.
fn read_chapter(chapter_div: ElementRef) -> ParsedChapter {
    let mut chapter = ParsedChapter::default();
    walk(*chapter_div, |e| {
        let name = e.value().name();
        if name == "h3" && has_class(&e, "title") {
            (chapter.stated_number, chapter.title) = chapter_heading(&text(*e));
        } else if is_module(&e) {
            let Some(notes) = module_notes(*e) else {
                return Walk::Over;
            };
            let slot = if has_class(&e, "end") {
                &mut chapter.notes.end
            } else {
                &mut chapter.notes.begin
            };
            // The chapter summary comes before the chapter notes.
            append(slot, notes);
        } else if name == "div" && has_class(&e, "userstuff") {
            chapter.body = story_body(e);
        } else if name == "ul" || (name == "h3" && has_class(&e, "landmark")) {
            // "Chapter Management" and its edit links (the author's own save).
        } else {
            return Walk::Into;
        }
        Walk::Over
    });
    chapter
}

/// A summary, notes or end-notes module (`div.summary.module`, …); other
/// modules (series, works inspired by this one) are not notes.
fn is_module(e: &ElementRef) -> bool {
    e.value().name() == "div"
        && has_class(e, "module")
        && !has_class(e, "userstuff")
        && (has_class(e, "summary") || has_class(e, "notes"))
}

fn push_story(chapters: &mut Vec<ParsedChapter>, div: ElementRef) {
    let body = story_body(div);
    if !body.blocks.is_empty() {
        chapters.push(ParsedChapter {
            body,
            ..ParsedChapter::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(html: &str) -> ParsedFile {
        parse(scraper::Html::parse_document(html).tree.root())
    }

    /// Saved pages were read as generic pages: every site heading ("User
    /// Navigation", "Actions", "Kudos") became a chapter.
    #[test]
    fn only_the_work_is_read_from_a_saved_page() {
        let file = parse_str(
            "<div id=\"header\"><h3 class=\"landmark heading\">Site Navigation</h3></div>\
             <h3 class=\"landmark heading\">Actions</h3>\
             <dl class=\"work meta group\"><dt class=\"fandom tags\">Fandom:</dt>\
             <dd class=\"fandom tags\"><ul class=\"commas\"><li><a class=\"tag\">Harbour Lights</a>\
             </li></ul></dd></dl>\
             <div id=\"workskin\"><div class=\"preface group\">\
             <h2 class=\"title heading\"> The Lamp Room </h2>\
             <h3 class=\"byline heading\"><a rel=\"author\">wickdancer (lampwright)</a>, \
             <a rel=\"author\">Sorrel</a></h3>\
             <div class=\"notes module\"><h3 class=\"heading\">Notes:</h3>\
             <blockquote class=\"userstuff\"><p>For the lighthouse keepers.</p></blockquote>\
             <p class=\"jump\">(See the end of the work for <a>more notes</a>.)</p></div></div>\
             <div id=\"chapters\"><div class=\"chapter\" id=\"chapter-3\">\
             <div class=\"chapter preface group\"><h3 class=\"title\"><a>Chapter 3</a>: Wick</h3>\
             <div id=\"notes\" class=\"notes module\"><h3 class=\"heading\">Notes:</h3>\
             <p>(See the end of the chapter for <a>notes</a>.)</p></div></div>\
             <div class=\"userstuff module\"><h3 class=\"landmark heading\" id=\"work\">Chapter Text</h3>\
             <p>The lamp was lit.</p></div>\
             <div class=\"chapter preface group\"><div class=\"end notes module\">\
             <h3 class=\"heading\">Notes:</h3><blockquote class=\"userstuff\">Trimmed.</blockquote>\
             </div></div></div></div>\
             <div class=\"afterword preface group\"><div id=\"work_endnotes\" class=\"end notes module\">\
             <h3 class=\"heading\">Notes:</h3><blockquote class=\"userstuff\">Thanks.</blockquote></div>\
             </div></div>\
             <div id=\"feedback\"><h3 class=\"landmark heading\">Kudos</h3>\
             <p class=\"kudos\">Kudos: 4</p></div>",
        );
        let meta = &file.meta;
        assert_eq!(meta.title.as_deref(), Some("The Lamp Room"));
        assert_eq!(meta.authors, ["wickdancer (lampwright)", "Sorrel"]);
        assert_eq!(meta.fandoms, ["Harbour Lights"]);
        assert_eq!(
            file.front_notes.as_deref(),
            Some("For the lighthouse keepers.")
        );
        assert_eq!(file.end_notes.as_deref(), Some("Thanks."));
        assert_eq!(file.chapters.len(), 1);
        let chapter = &file.chapters[0];
        assert_eq!(
            (chapter.stated_number, chapter.title.as_deref()),
            (Some(3), Some("Wick"))
        );
        assert_eq!(chapter.body.to_text(), "The lamp was lit.\n");
        assert_eq!(chapter.notes.begin, None);
        assert_eq!(chapter.notes.end.as_deref(), Some("Trimmed."));
    }
}
