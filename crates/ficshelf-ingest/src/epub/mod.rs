//! EPUB 2 and 3 files: calibre-made AO3 books, FanFicFare's books and any
//! other EPUB, read within the import limits.
//!
//! Public items: [`parse_epub`] and [`EpubError`]. Inside: `archive` (zip
//! entries with size, ratio and name checks), `xml` (a flat, depth-capped
//! XML reader), `package` (OPF metadata, spine, NCX/nav labels), `images`
//! (`<img>` sources inside the book kept as assets within [`ImageLimits`];
//! nothing remote is fetched).

mod archive;
mod images;
mod package;
mod xml;

pub use images::ImageLimits;

use crate::html::{ao3, blocks::body_of, dom, fanficfare};
use crate::inputs::Limits;
use crate::lists::extend_unique;
use crate::parsed::{ParsedChapter, ParsedFile};
use archive::Archive;
use ficshelf_model::{html_to_text, Block, Field};
use package::{read_package, Package};
use scraper::Html;

/// Why an EPUB could not be read; each a one-line reason.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("not a readable EPUB (zip): {0}")]
    Zip(String),
    #[error("unsafe entry name in EPUB (absolute or with ..): {0}")]
    UnsafeName(String),
    #[error("EPUB entry missing: {0}")]
    Missing(String),
    #[error("EPUB entry {name} decompresses {ratio}x its compressed size: possible zip bomb")]
    Ratio { name: String, ratio: u64 },
    #[error("EPUB entry {name} is too large (over {limit} bytes left to read): possible zip bomb")]
    TooLarge { name: String, limit: u64 },
    #[error("malformed XML in {what}: {reason}")]
    Xml { what: String, reason: String },
    #[error("cannot read EPUB entry: {0}")]
    Io(#[from] std::io::Error),
    #[error("no story text found in the EPUB")]
    NoText,
}

/// Reads an EPUB held in memory, keeping its images within the default
/// [`ImageLimits`].
pub fn parse_epub(bytes: &[u8], limits: &Limits) -> Result<ParsedFile, EpubError> {
    parse_epub_with(bytes, limits, ImageLimits::default())
}

/// Reads an EPUB held in memory, keeping its images within `image_limits`
/// (see [`ParsedFile::assets`]).
pub fn parse_epub_with(
    bytes: &[u8],
    limits: &Limits,
    image_limits: ImageLimits,
) -> Result<ParsedFile, EpubError> {
    let mut archive = Archive::open(bytes, *limits)?;
    let package = read_package(&mut archive)?;
    let mut images = images::Images::new(image_limits);
    let mut docs = Vec::new();
    let mut has_preface = false;
    for entry in &package.spine {
        if Some(entry) == package.nav_doc.as_ref() {
            continue;
        }
        let text = archive.read_text(entry)?;
        has_preface |= text.contains("id=\"preface\"");
        let mut doc = crate::html::parse_bounded(&text);
        drop(text);
        images.rewrite(&mut doc, entry, &mut archive);
        docs.push((entry.clone(), doc));
    }
    let is_fff = package
        .values("contributor")
        .iter()
        .any(|c| c.contains("FanFicFare"))
        || package
            .values("identifier")
            .iter()
            .any(|i| i.starts_with("fanficfare-uid"));
    let mut parsed = if is_fff {
        fanficfare_book(&package, &docs)
    } else if has_preface {
        ao3_book(&docs)
    } else {
        any_book(&package, &docs)
    };
    opf_metadata(&package, &mut parsed, !is_fff);
    parsed.chapters.retain(|c| !c.body.is_empty());
    if parsed.chapters.is_empty() {
        return Err(EpubError::NoText);
    }
    parsed.assets = images.used(parsed.chapters.iter().map(|c| &c.body));
    Ok(parsed)
}

/// Dublin Core metadata fills what the book's pages did not state.
fn opf_metadata(package: &Package, parsed: &mut ParsedFile, subjects_as_tags: bool) {
    let meta = &mut parsed.meta;
    if meta.title.is_none() {
        meta.title = package.values("title").into_iter().next();
    }
    if meta.authors.is_empty() {
        extend_unique(&mut meta.authors, package.values("creator"));
    }
    if meta.language.is_none() {
        meta.language = package.values("language").into_iter().next();
    }
    if meta.summary.is_none() {
        meta.summary = package
            .values("description")
            .first()
            .map(|d| html_to_text(&crate::sanitise::clean(d)).trim().to_string())
            .filter(|d| !d.is_empty());
    }
    if subjects_as_tags && meta.tags.is_empty() && meta.fandoms.is_empty() {
        extend_unique(&mut meta.tags, package.values("subject"));
    }
    for date in package.metadata.iter().filter(|e| e.name == "date") {
        let event = date.attr("event").unwrap_or("publication");
        let value = crate::dates::parse_date(date.text.get(..10).unwrap_or(&date.text));
        match event {
            "publication" if meta.published.is_none() => meta.published = value,
            "modification" if meta.updated.is_none() => meta.updated = value,
            _ => {}
        }
    }
    if meta.url.is_none() {
        meta.url = package
            .values("source")
            .into_iter()
            .chain(package.values("identifier"))
            .find(|v| v.starts_with("http://") || v.starts_with("https://"));
    }
    let has_series = meta.fields.iter().any(|f| f.label == "Series");
    if let (Some(series), false) = (package.meta("calibre:series"), has_series) {
        let value = match package.meta("calibre:series_index") {
            Some(index) => format!("{series} [{index}]"),
            None => series,
        };
        meta.fields.push(Field {
            label: "Series".into(),
            value,
        });
    }
}

/// Calibre's AO3 books keep the download's HTML split over several files.
fn ao3_book(docs: &[(String, Html)]) -> ParsedFile {
    let mut joined = String::from("<html><body>");
    for (_, doc) in docs {
        if let Some(body) = dom::find(doc.tree.root(), "body", "") {
            joined.push_str(&body.inner_html());
        }
    }
    joined.push_str("</body></html>");
    ao3::parse(crate::html::parse_bounded(&joined).tree.root())
}

fn fanficfare_book(package: &Package, docs: &[(String, Html)]) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    for (entry, doc) in docs {
        let root = doc.tree.root();
        if entry.ends_with("title_page.xhtml") {
            fanficfare::read_title_page(root, &mut parsed.meta);
            continue;
        }
        let title = dom::find_all(root, "meta", "")
            .find(|m| m.value().attr("name") == Some("chaptertitle"))
            .and_then(|m| m.value().attr("content").map(str::to_string))
            .or_else(|| package.toc_label(entry).map(str::to_string));
        let Some(body) = dom::find(root, "body", "") else {
            continue;
        };
        let nodes = body
            .children()
            .filter(|n| {
                scraper::ElementRef::wrap(*n)
                    .is_none_or(|e| !dom::has_class(&e, "fff_chapter_title"))
            })
            .collect();
        parsed.chapters.push(ParsedChapter {
            title,
            body: body_of(nodes),
            ..ParsedChapter::default()
        });
    }
    parsed
}

fn any_book(package: &Package, docs: &[(String, Html)]) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    for (entry, doc) in docs {
        let Some(body) = dom::find(doc.tree.root(), "body", "") else {
            continue;
        };
        let mut chapter_body = body_of(body.children().collect());
        let label = package.toc_label(entry).map(str::to_string);
        let first_heading = match chapter_body.blocks.first() {
            Some(Block::Html(h)) if h.starts_with("<h") => Some(html_to_text(h).trim().to_string()),
            _ => None,
        };
        if first_heading.is_some() && (label.is_none() || first_heading == label) {
            chapter_body.blocks.remove(0);
        }
        let title = label.or(first_heading);
        let mut chapter = ParsedChapter {
            body: chapter_body,
            ..ParsedChapter::default()
        };
        if let Some(title) = title {
            match crate::headings::parse_heading(&title) {
                Some(h) => {
                    chapter.stated_number = h.number;
                    chapter.title = h.title;
                }
                None => chapter.title = Some(title),
            }
        }
        parsed.chapters.push(chapter);
    }
    parsed
}
