//! Reading otwarchive's markup the same way in every layout: class names as
//! calibre rewrites them, notes in a `blockquote.userstuff`, chapter
//! headings (`Chapter 3: Title`), and story text without the landmark
//! headings AO3 writes for screen readers.

use crate::headings::parse_heading;
use crate::html::blocks::{body_of, serialise};
use crate::html::dom::{child_elements, text, DomNode};
use ficshelf_model::{html_to_text, ChapterBody};
use scraper::ElementRef;

/// Whether `e` has class `stem`, or `stem` followed by digits: calibre
/// flattens a book's CSS and renames a class to `userstuff1`, `userstuff2`
/// … when the same class ends up with different computed styles.
pub(super) fn has_class_like(e: &ElementRef, stem: &str) -> bool {
    e.value().classes().any(|class| {
        class
            .strip_prefix(stem)
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Whether `e` is named `name` and has class `stem` (or a calibre rename).
pub(super) fn is_like(e: &ElementRef, name: &str, stem: &str) -> bool {
    e.value().name() == name && has_class_like(e, stem)
}

/// The text of notes markup (a `blockquote.userstuff`), sanitised like
/// story text; `None` when it holds no text.
pub(super) fn notes_text(node: DomNode) -> Option<String> {
    let notes = html_to_text(&crate::sanitise::clean(&serialise(node)));
    let notes = notes.trim();
    (!notes.is_empty()).then(|| notes.to_string())
}

/// The first `blockquote` with class `userstuff` among the descendants of
/// `module` (a summary or notes module), as notes text. The "(See the end
/// of the work for notes.)" line beside it is not notes.
pub(super) fn module_notes(module: DomNode) -> Option<String> {
    crate::html::dom::elements(module)
        .find(|e| is_like(e, "blockquote", "userstuff"))
        .and_then(|quote| notes_text(*quote))
}

/// A chapter heading as otwarchive writes it: `Chapter 3: The Thaw` →
/// (3, "The Thaw"), `Chapter 2` → (2, none). Anything else is read as a
/// heading of another form, else kept whole as the title.
pub(super) fn chapter_heading(heading: &str) -> (Option<u32>, Option<String>) {
    let heading = heading.trim();
    if let Some(rest) = heading.strip_prefix("Chapter ") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(number) = rest[..digits].parse::<u32>() {
            let after = rest[digits..].trim_start();
            let title = match after.strip_prefix(':') {
                Some(title) => Some(title.trim()).filter(|t| !t.is_empty()),
                None if after.is_empty() => None,
                // "Chapter 3 and a half": not otwarchive's form.
                None => return other_heading(heading),
            };
            return (Some(number), title.map(str::to_string));
        }
    }
    other_heading(heading)
}

fn other_heading(heading: &str) -> (Option<u32>, Option<String>) {
    match parse_heading(heading) {
        Some(h) => (h.number, h.title),
        None => (None, Some(heading.to_string()).filter(|h| !h.is_empty())),
    }
}

/// The story inside `container` (a `div.userstuff`), leaving out the
/// headings nobody sees: the landmarks otwarchive writes for screen readers
/// (`h3.landmark` "Chapter Text", "Work Text:") and calibre's
/// table-of-contents headings (`h2.toc-heading`). They are furniture.
pub(super) fn story_body(container: ElementRef) -> ChapterBody {
    let nodes = container
        .children()
        .filter(|node| {
            ElementRef::wrap(*node).is_none_or(|e| {
                !has_class_like(&e, "landmark") && !has_class_like(&e, "toc-heading")
            })
        })
        .collect();
    body_of(nodes)
}

/// Whether a `div.userstuff` holds other parts rather than story text: AO3's
/// download wraps all chapters in `div#chapters.userstuff`, and calibre's
/// one-file-per-chapter books repeat that wrapper (sometimes renamed) around
/// each chapter's heading and body.
pub(super) fn is_wrapper(div: &ElementRef) -> bool {
    div.value().id() == Some("chapters")
        || child_elements(**div)
            .any(|child| child.value().name() == "h2" || is_like(&child, "div", "userstuff"))
}

/// Adds `notes` after what `slot` holds, a blank line between.
pub(super) fn append(slot: &mut Option<String>, notes: String) {
    *slot = Some(match slot.take() {
        Some(before) => format!("{before}\n\n{notes}"),
        None => notes,
    });
}

/// The names in a byline (`div.byline` "by <a>A</a>, <a>B</a>", or a work
/// page's `h3.byline`): the author links' texts as written (a pseud stays
/// `pseud (user)`), else the text without its "by" (an anonymous work).
pub(super) fn byline_names(byline: DomNode) -> Vec<String> {
    let links: Vec<String> = crate::html::dom::find_all(byline, "a", "")
        .map(|a| text(*a))
        .filter(|name| !name.is_empty())
        .collect();
    if !links.is_empty() {
        return links;
    }
    let names = text(byline);
    let names = names.strip_prefix("by ").unwrap_or(&names);
    crate::lists::split_list(names, &[","])
}

/// The work's address among the links under `node`: the first absolute
/// `…/works/<digits>` (not a comments or chapter link).
pub(super) fn work_url(node: DomNode) -> Option<String> {
    crate::html::dom::find_all(node, "a", "")
        .filter_map(|a| a.value().attr("href"))
        .map(str::trim)
        .find(|href| {
            href.starts_with("http")
                && href
                    .rsplit_once("/works/")
                    .is_some_and(|(_, id)| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
}

/// The label of a notes paragraph ("Summary", "Chapter End Notes:"),
/// lowercased and without its colon.
pub(super) fn label_of(p: DomNode) -> String {
    text(p).trim_end_matches(':').trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibre_class_renames_match_their_stem() {
        let doc = scraper::Html::parse_fragment(
            "<div class=\"calibre1 userstuff12\"></div><div class=\"userstuffing\"></div>",
        );
        let divs: Vec<_> = crate::html::dom::find_all(doc.tree.root(), "div", "").collect();
        assert!(has_class_like(&divs[0], "userstuff"));
        assert!(!has_class_like(&divs[0], "user"));
        assert!(!has_class_like(&divs[1], "userstuff"));
    }

    #[test]
    fn bylines_and_work_addresses() {
        let doc = scraper::Html::parse_fragment(
            "<div id=a>by <a rel=\"author\">Quill (quillon)</a>, <a>Ash</a></div>\
             <div id=b>by Anonymous</div>\
             <p id=c><a href=\"https://example.org/works/12/comments/new\">comment</a> \
             <a href=\"/works/12\">here</a> <a href=\"https://example.org/works/12\">there</a></p>",
        );
        let root = doc.tree.root();
        let by = |id| *crate::html::dom::by_id(root, id).expect("element");
        assert_eq!(byline_names(by("a")), ["Quill (quillon)", "Ash"]);
        assert_eq!(byline_names(by("b")), ["Anonymous"]);
        assert_eq!(
            work_url(by("c")).as_deref(),
            Some("https://example.org/works/12")
        );
    }

    #[test]
    fn otwarchive_chapter_headings() {
        assert_eq!(
            chapter_heading(" Chapter 3: Part Two of Five "),
            (Some(3), Some("Part Two of Five".into()))
        );
        assert_eq!(chapter_heading("Chapter 12"), (Some(12), None));
        assert_eq!(chapter_heading("Chapter 4:"), (Some(4), None));
        assert_eq!(
            chapter_heading("Lantern Night"),
            (None, Some("Lantern Night".into()))
        );
    }
}
