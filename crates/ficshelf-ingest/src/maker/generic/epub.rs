//! Any EPUB with no known maker, and the walk over a book's pages that the
//! downloaders' readers (`fichub`, `scraper`) share: front matter to the
//! work's details (`crate::maker::front_matter`), covers and contents left
//! out, every other page one chapter titled by the table of contents or
//! its first heading, numbering taken off (`1. Haven` → `Haven`, number 1).

use crate::epub::Book;
use crate::html::blocks::body_of;
use crate::html::dom::{self, DomNode};
use crate::maker::chapter_label::chapter_label;
use crate::maker::front_matter::{page_role, read_notes_page, PageRole, TitlePage};
use crate::parsed::{ParsedChapter, ParsedFile};
use ficshelf_model::{html_to_text, Block, ChapterBody};

/// Bytes of block HTML past which a page is story, never front matter (a
/// title page with a long summary and a hundred tags stays well below).
const FRONT_MATTER_MAX_BYTES: usize = 16 * 1024;

fn block_len(block: &Block) -> usize {
    match block {
        Block::Html(html) | Block::Paragraph(html) => html.len(),
        Block::SceneBreak => 0,
    }
}

/// One page of a book, as the walk hands it to a maker's chapter reader.
pub(crate) struct Page<'a> {
    /// The page's body element.
    pub body: DomNode<'a>,
    /// Its table-of-contents label.
    pub label: Option<&'a str>,
}

/// Any other EPUB.
pub(crate) fn read_epub(book: &Book) -> ParsedFile {
    read_book(book, |_| None)
}

/// Walks `book`'s pages in reading order. `own_chapter` reads a page in a
/// maker's own chapter markup (`None` for any other page); other pages are
/// front matter or plain chapters. A book with more than one title page is
/// an anthology: its title pages divide the works and stay chapters.
pub(crate) fn read_book(
    book: &Book,
    own_chapter: impl Fn(&Page) -> Option<ParsedChapter>,
) -> ParsedFile {
    let package = book.package;
    let mut parsed = ParsedFile::default();
    let mut title_pages: Vec<(usize, TitlePage, ParsedChapter)> = Vec::new();
    for (entry, doc) in book.docs {
        let Some(body) = dom::find(doc.tree.root(), "body", "") else {
            continue;
        };
        let page = Page {
            body: *body,
            label: package.toc_label(entry),
        };
        if let Some(chapter) = own_chapter(&page) {
            parsed.chapters.push(chapter);
            continue;
        }
        let blocks = body_of(body.children().collect()).blocks;
        // Front matter is short; a long page is read as a chapter at once.
        let size: usize = blocks.iter().map(block_len).sum();
        if size > FRONT_MATTER_MAX_BYTES {
            parsed.chapters.push(page_chapter(&page, blocks));
            continue;
        }
        let lines = TitlePage::read(&blocks);
        let name = page.label.map(str::to_string).or_else(|| page_title(doc));
        let story_started = !parsed.chapters.is_empty();
        match page_role(name.as_deref(), page.body, &lines, story_started) {
            PageRole::TitlePage => {
                let divider = page_chapter(&page, blocks);
                title_pages.push((parsed.chapters.len(), lines, divider));
            }
            PageRole::Notes => read_notes_page(&blocks, &mut parsed),
            PageRole::Contents => {}
            // A page of images alone: a cover before the story, a plate
            // within it (kept with the chapter it follows).
            PageRole::Blank => {
                if let Some(last) = parsed.chapters.last_mut() {
                    last.body.blocks.extend(blocks);
                }
            }
            PageRole::Chapter => parsed.chapters.push(page_chapter(&page, blocks)),
        }
    }
    if title_pages.len() > 1 {
        for (at, _, divider) in title_pages.into_iter().rev() {
            parsed.chapters.insert(at, divider);
        }
    } else if let Some((_, lines, _)) = title_pages.pop() {
        lines.apply(&mut parsed);
    }
    // The package's own title and authors name the book; a title page may
    // name a part of it (an anthology's first work, a header's long form).
    let book_title = package.values("title").into_iter().next();
    if book_title.is_some() {
        parsed.meta.title = None;
    }
    if let Some(title) = book_title.as_ref().or(parsed.meta.title.as_ref()) {
        for chapter in &mut parsed.chapters {
            drop_title_banner(&mut chapter.body, title);
        }
    }
    for chapter in &mut parsed.chapters {
        trim_scene_breaks(&mut chapter.body);
    }
    if !package.values("creator").is_empty() {
        parsed.meta.authors.clear();
    }
    keep_increasing_numbers(&mut parsed.chapters);
    parsed
}

/// The text of a page's `<title>`.
fn page_title(doc: &scraper::Html) -> Option<String> {
    dom::find(doc.tree.root(), "title", "")
        .map(|t| dom::text(*t))
        .filter(|t| !t.is_empty())
}

/// A plain page as a chapter: titled by its table-of-contents label or its
/// first heading (which leaves the text when it says the title).
pub(crate) fn page_chapter(page: &Page, blocks: Vec<Block>) -> ParsedChapter {
    let mut body = ChapterBody { blocks };
    body.blocks.retain(|b| !is_end_notes_marker(b));
    let label = page.label.map(str::to_string);
    let first_heading = match body.blocks.first() {
        Some(Block::Html(h)) if h.starts_with("<h") => Some(html_to_text(h).trim().to_string()),
        _ => None,
    };
    let same = |a: &str, b: &str| fold(a) == fold(b);
    if first_heading
        .as_deref()
        .is_some_and(|h| label.as_deref().is_none_or(|l| same(h, l)))
    {
        body.blocks.remove(0);
    } else if let Some(label) = &label {
        strip_label_headings(&mut body.blocks, label);
    }
    let mut chapter = ParsedChapter {
        body,
        ..ParsedChapter::default()
    };
    if let Some(title) = label.or(first_heading) {
        let label = chapter_label(&title);
        chapter.stated_number = label.number;
        chapter.title = label.title;
    }
    chapter
}

/// Text folded for comparing a heading with its label: white space
/// squashed, curly apostrophes straight, case ignored.
fn fold(text: &str) -> String {
    crate::lists::squash_spaces(text)
        .replace('’', "'")
        .to_lowercase()
}

/// AO3's marker where a chapter's notes were moved to its end, `(See the
/// end of the chapter for notes.)` or `… for more notes.)`: page furniture
/// wherever a copy of the markup leaves it as a paragraph.
pub(crate) fn is_end_notes_marker(block: &Block) -> bool {
    let Block::Html(html) = block else {
        return false;
    };
    if html.len() > 200 || !html.contains("end of the chapter") {
        return false;
    }
    let text = crate::lists::squash_spaces(&html_to_text(html)).to_lowercase();
    text.starts_with("(see the end of the chapter for") && text.ends_with("notes.)")
}

/// A chapter that opens by repeating the work's title (a banner many
/// authors put atop every chapter) opens with its story instead.
fn drop_title_banner(body: &mut ChapterBody, title: &str) {
    if let Some(Block::Html(first)) = body.blocks.first() {
        let text = crate::lists::squash_spaces(&html_to_text(first));
        if text.eq_ignore_ascii_case(title.trim()) {
            body.blocks.remove(0);
        }
    }
}

/// A scene break that opens or closes a chapter separates nothing.
pub(crate) fn trim_scene_breaks(body: &mut ChapterBody) {
    while body.blocks.last() == Some(&Block::SceneBreak) {
        body.blocks.pop();
    }
    let leading = body
        .blocks
        .iter()
        .take_while(|b| **b == Block::SceneBreak)
        .count();
    body.blocks.drain(..leading);
}

/// Stated numbers order a book's chapters only when they rise through it;
/// numbering that restarts (an anthology of several works) or repeats says
/// nothing about order, so it is dropped.
fn keep_increasing_numbers(chapters: &mut [ParsedChapter]) {
    let numbers: Vec<u32> = chapters.iter().filter_map(|c| c.stated_number).collect();
    if numbers.windows(2).any(|w| w[0] >= w[1]) {
        for chapter in chapters {
            chapter.stated_number = None;
        }
    }
}

/// Drops the headings a chapter file opens with when the table of contents
/// label already says them (`Chapter Three` + `The Thaw` under the label
/// `Chapter Three: The Thaw`), so the title is not repeated in the text.
fn strip_label_headings(blocks: &mut Vec<Block>, label: &str) {
    let label = fold(label);
    let mut rest = label.as_str();
    let mut heads = 0;
    while let Some(Block::Html(h)) = blocks.get(heads) {
        let text = fold(&html_to_text(h));
        let Some(at) = rest
            .find(&text)
            .filter(|_| h.starts_with("<h") && !text.is_empty())
        else {
            break;
        };
        rest = &rest[at + text.len()..];
        heads += 1;
    }
    let left = rest.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    if heads > 0 && left.is_empty() {
        blocks.drain(..heads);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::Package;

    /// Reads pages given as (table-of-contents label, body HTML).
    fn read(pages: &[(&str, &str)]) -> ParsedFile {
        let package = Package {
            toc: pages
                .iter()
                .enumerate()
                .map(|(i, (label, _))| (format!("p{i}.xhtml"), label.to_string()))
                .collect(),
            ..Package::default()
        };
        let docs: Vec<(String, scraper::Html)> = pages
            .iter()
            .enumerate()
            .map(|(i, (_, body))| {
                let html = format!("<html><body>{body}</body></html>");
                (format!("p{i}.xhtml"), scraper::Html::parse_document(&html))
            })
            .collect();
        read_epub(&Book {
            package: &package,
            docs: &docs,
        })
    }

    #[test]
    fn an_image_only_cover_is_not_a_chapter() {
        // Project Gutenberg's books open with such a page; it used to be an
        // empty first chapter.
        let file = read(&[
            ("Cover", "<div><img src=\"cover.jpg\" alt=\"Cover\"/></div>"),
            ("One", "<h2>One</h2><p>The story.</p>"),
        ]);
        assert_eq!(file.chapters.len(), 1);
        assert_eq!(file.chapters[0].body.to_text(), "The story.\n");
    }

    #[test]
    fn title_and_notes_pages_are_details_not_chapters() {
        let file = read(&[
            (
                "Title page",
                "<h3>Sea Glass by Wren</h3><p>Fandoms: Tides</p><p>Rating: Mature</p>",
            ),
            (
                "Notes",
                "<h3>Notes:</h3><blockquote><p>Read me first.</p></blockquote>",
            ),
            ("1. Low Tide", "<h3>1. Low Tide</h3><p>The sea left.</p>"),
            ("2. High Tide", "<p>It came back.</p>"),
        ]);
        assert_eq!(file.meta.fandoms, ["Tides"]);
        assert_eq!(file.meta.title.as_deref(), Some("Sea Glass"));
        assert_eq!(file.front_notes.as_deref(), Some("Read me first."));
        let chapters: Vec<_> = file
            .chapters
            .iter()
            .map(|c| (c.stated_number, c.title.as_deref(), c.body.to_text()))
            .collect();
        assert_eq!(
            chapters,
            [
                (Some(1), Some("Low Tide"), "The sea left.\n".to_string()),
                (Some(2), Some("High Tide"), "It came back.\n".to_string()),
            ]
        );
    }

    #[test]
    fn an_anthology_keeps_its_title_pages_as_dividers() {
        let title = |n: u32| {
            format!("<h3>Sea Glass {n} by Wren</h3><p>Fandoms: Tides</p><p>Rating: Mature</p>")
        };
        let (one, two) = (title(1), title(2));
        let file = read(&[
            ("Sea Glass 1", &one),
            ("1. Low Tide", "<p>The sea left.</p>"),
            ("Sea Glass 2", &two),
            ("1. High Tide", "<p>It came back.</p>"),
        ]);
        assert_eq!(file.chapters.len(), 4);
        assert!(file.meta.fandoms.is_empty());
        assert!(file.chapters.iter().all(|c| c.stated_number.is_none()));
    }

    #[test]
    fn numbering_that_restarts_is_dropped() {
        let numbered = |n: &[Option<u32>]| -> Vec<ParsedChapter> {
            n.iter()
                .map(|&stated_number| ParsedChapter {
                    stated_number,
                    ..ParsedChapter::default()
                })
                .collect()
        };
        let mut rising = numbered(&[None, Some(1), Some(2), Some(4)]);
        keep_increasing_numbers(&mut rising);
        assert_eq!(rising[3].stated_number, Some(4));
        let mut anthology = numbered(&[Some(1), Some(2), Some(1), Some(2)]);
        keep_increasing_numbers(&mut anthology);
        assert!(anthology.iter().all(|c| c.stated_number.is_none()));
    }

    #[test]
    fn title_banner_and_edge_scene_breaks_leave_the_text() {
        let mut body = ChapterBody {
            blocks: vec![
                Block::Html("<p><strong> SEA GLASS</strong></p>".into()),
                Block::SceneBreak,
                Block::Html("<p>The tide went out.</p>".into()),
                Block::SceneBreak,
            ],
        };
        drop_title_banner(&mut body, "Sea Glass");
        trim_scene_breaks(&mut body);
        assert_eq!(body.to_text(), "The tide went out.\n");
    }

    #[test]
    fn end_notes_marker_is_furniture() {
        let marker =
            Block::Html("<p>\n (See the end of the chapter for  more notes.)\n</p>".into());
        assert!(is_end_notes_marker(&marker));
        let prose = Block::Html("<p>See the end of the pier?</p>".into());
        assert!(!is_end_notes_marker(&prose));
    }
}
