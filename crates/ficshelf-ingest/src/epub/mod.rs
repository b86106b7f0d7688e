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

use crate::inputs::Limits;
use crate::lists::extend_unique;
use crate::maker::Maker;
use crate::parsed::ParsedFile;
use archive::Archive;
use ficshelf_model::{html_to_text, Field};
use package::read_package;
pub(crate) use package::Package;
use scraper::Html;
pub(crate) use xml::XmlElem;

/// An EPUB as the makers' readers see it: its package and its spine
/// documents (entry name, parsed page), the navigation document left out.
pub(crate) struct Book<'a> {
    pub package: &'a Package,
    pub docs: &'a [(String, Html)],
}

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
    for entry in &package.spine {
        if Some(entry) == package.nav_doc.as_ref() {
            continue;
        }
        let text = archive.read_text(entry)?;
        let mut doc = crate::html::parse_bounded(&text);
        drop(text);
        images.rewrite(&mut doc, entry, &mut archive);
        docs.push((entry.clone(), doc));
    }
    let book = Book {
        package: &package,
        docs: &docs,
    };
    let (maker, mut parsed) = crate::maker::read_epub(&book);
    // FanFicFare writes its genres as subjects, AO3 every typed tag: their
    // pages say what each is.
    opf_metadata(
        &package,
        &mut parsed,
        !matches!(maker, Maker::FanFicFare | Maker::Ao3),
    );
    parsed.chapters.retain(|c| !c.body.is_empty());
    if parsed.chapters.is_empty() {
        return Err(EpubError::NoText);
    }
    parsed.assets = images.used(parsed.chapters.iter().map(|c| &c.body));
    Ok(parsed)
}

/// Dublin Core metadata fills what the book's pages did not state (also
/// used for a MOBI's EXTH metadata, given as a package).
pub(crate) fn opf_metadata(package: &Package, parsed: &mut ParsedFile, subjects_as_tags: bool) {
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
    let calibre_series =
        package
            .meta("calibre:series")
            .map(|series| match package.meta("calibre:series_index") {
                Some(index) => format!("{series} [{index}]"),
                None => series,
            });
    if let (Some(value), false) = (calibre_series.or_else(|| epub3_series(package)), has_series) {
        meta.fields.push(Field {
            label: "Series".into(),
            value,
        });
    }
}

/// EPUB 3's series: `<meta property="belongs-to-collection" id="c">Name</meta>`
/// refined by `collection-type` (`series`, or none) and `group-position`,
/// written like calibre's (`Name [2]`).
fn epub3_series(package: &Package) -> Option<String> {
    let refined = |id: Option<&str>, property: &str| {
        let target = format!("#{}", id?);
        package
            .metadata
            .iter()
            .find(|e| {
                e.name == "meta"
                    && e.attr("refines") == Some(target.as_str())
                    && e.attr("property") == Some(property)
            })
            .map(|e| e.text.trim().to_string())
    };
    let collection = package.metadata.iter().find(|e| {
        e.name == "meta"
            && e.attr("property") == Some("belongs-to-collection")
            && !e.text.trim().is_empty()
            && refined(e.attr("id"), "collection-type").is_none_or(|t| t == "series")
    })?;
    let name = collection.text.trim();
    Some(match refined(collection.attr("id"), "group-position") {
        Some(position) if !position.is_empty() => format!("{name} [{position}]"),
        _ => name.to_string(),
    })
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::inputs::Limits;
    use std::io::Write;

    fn book(opf_meta: &str, chapter: &str, ncx_label: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let files = [
            ("mimetype", "application/epub+zip".to_string()),
            (
                "META-INF/container.xml",
                r#"<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>"#
                    .to_string(),
            ),
            (
                "c.opf",
                format!(
                    r#"<package version="3.0"><metadata><dc:title>B</dc:title>{opf_meta}</metadata>
                    <manifest><item id="ncx" href="t.ncx" media-type="application/x-dtbncx+xml"/>
                    <item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>
                    <spine toc="ncx"><itemref idref="c"/></spine></package>"#
                ),
            ),
            (
                "t.ncx",
                format!(
                    r#"<ncx><navMap><navPoint><navLabel><text>{ncx_label}</text></navLabel>
                    <content src="c.xhtml"/></navPoint></navMap></ncx>"#
                ),
            ),
            ("c.xhtml", chapter.to_string()),
        ];
        for (name, text) in files {
            zip.start_file(name, opts).expect("entry");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn headings_that_make_up_the_toc_label_are_not_kept_in_the_text() {
        let chapter =
            "<html><body><h2>Chapter Three</h2><h3>The Thaw</h3><p>Water.</p></body></html>";
        let parsed = parse_epub(
            &book("", chapter, "Chapter Three: The Thaw"),
            &Limits::default(),
        )
        .expect("parses");
        let ch = &parsed.chapters[0];
        assert_eq!(ch.title.as_deref(), Some("The Thaw"));
        assert_eq!(ch.body.to_text(), "Water.\n");
        // A heading the label does not say stays.
        let chapter =
            "<html><body><h2>Chapter Three</h2><h3>A Storm</h3><p>Water.</p></body></html>";
        let parsed = parse_epub(
            &book("", chapter, "Chapter Three: The Thaw"),
            &Limits::default(),
        )
        .expect("parses");
        assert_eq!(
            parsed.chapters[0].body.to_text(),
            "Chapter Three\n\nA Storm\n\nWater.\n"
        );
    }

    #[test]
    fn epub3_collections_give_the_series() {
        let meta = r##"<meta property="belongs-to-collection" id="s">River Songs</meta>
            <meta refines="#s" property="collection-type">series</meta>
            <meta refines="#s" property="group-position">2</meta>"##;
        let chapter = "<html><body><p>Water.</p></body></html>";
        let parsed = parse_epub(&book(meta, chapter, "One"), &Limits::default()).expect("parses");
        let series: Vec<_> = parsed
            .meta
            .fields
            .iter()
            .filter(|f| f.label == "Series")
            .map(|f| f.value.as_str())
            .collect();
        assert_eq!(series, ["River Songs [2]"]);
        let set = r##"<meta property="belongs-to-collection" id="s">Box Set</meta>
            <meta refines="#s" property="collection-type">set</meta>"##;
        let parsed = parse_epub(&book(set, chapter, "One"), &Limits::default()).expect("parses");
        assert!(parsed.meta.fields.iter().all(|f| f.label != "Series"));
    }
}
