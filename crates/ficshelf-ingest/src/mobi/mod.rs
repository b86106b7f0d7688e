//! MOBI, AZW3 and PalmDOC books (`.mobi`, `.azw3`, `.azw`, `.prc`): the
//! Palm database they are stored in, their text records decompressed, and
//! their markup read by the makers as an EPUB's pages are.
//!
//! Public items: [`parse_mobi`] and [`MobiError`]. Inside: `pdb` (record
//! table), `header` (PalmDOC and MOBI headers, EXTH metadata), `lz77` and
//! `huff` (the two compressions), `text` (text records to markup, within a
//! size limit), `index` (INDX tables), `toc` (the NCX table of contents),
//! `kf8` (AZW3's files put back together from skeletons and fragments),
//! `mobi6` (MOBI 6 pages) and
//! `ao3` (AO3's MOBI 6 download rebuilt into its HTML structure).
//!
//! No crate reads these well enough: `mobi` (vv9k/mobi-rs 0.8) has no KF8
//! support, takes trailing-entry flags from the wrong header field, and its
//! LZ77 and HUFF decoders lose text or panic on some input; `ebook-rs`
//! reads neither HUFF/CDIC nor KF8 skeletons and brings a server and
//! dozens of dependencies. The formats are small and documented (MobileRead
//! wiki; calibre's and KindleUnpack's readers), so they are read here,
//! every offset and size checked.
//!
//! A joint file (MOBI 6 followed by KF8, as `--mobi-file-type both` makes)
//! is read through its KF8 half, whose markup keeps the source's structure.

mod ao3;
mod header;
mod huff;
mod index;
mod kf8;
mod lz77;
mod mobi6;
mod pdb;
#[cfg(test)]
mod tests;
mod text;
mod toc;

use crate::epub::{opf_metadata, Book, Package, XmlElem};
use crate::inputs::Limits;
use crate::maker::Maker;
use crate::parsed::ParsedFile;
use header::{decode_text, exth, Header};
use mobi6::Page;
use pdb::{Pdb, PdbKind};

pub(crate) use pdb::kind_of;

/// Why a MOBI, AZW3 or PalmDOC file could not be read; each a one-line
/// reason.
#[derive(Debug, thiserror::Error)]
pub enum MobiError {
    #[error("not a MOBI/PalmDOC book (no BOOKMOBI or TEXtREAd signature)")]
    NotMobi,
    #[error("MOBI file is truncated: {0} cut off")]
    Truncated(&'static str),
    #[error("MOBI file names record {0}, which it does not have")]
    MissingRecord(usize),
    #[error("corrupt MOBI file: {0}")]
    Corrupt(String),
    #[error("MOBI text uses an unknown compression ({0})")]
    UnknownCompression(u16),
    #[error("MOBI file is DRM-protected (encryption type {0}) and cannot be read")]
    Encrypted(u16),
    #[error("MOBI text decompresses to more than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("no story text found in the MOBI file")]
    NoText,
    #[error(transparent)]
    Text(#[from] crate::TextError),
}

/// How much text one book may decompress to, as a multiple of the largest
/// file read (PalmDOC at most halves text; HUFF/CDIC does better).
const TEXT_PER_FILE_BYTE: u64 = 4;

/// Reads a MOBI 6, KF8 (AZW3), joint MOBI or PalmDOC book held in memory.
pub fn parse_mobi(bytes: &[u8], limits: &Limits) -> Result<ParsedFile, MobiError> {
    let limit = usize::try_from(limits.max_file_bytes.saturating_mul(TEXT_PER_FILE_BYTE))
        .unwrap_or(usize::MAX);
    let pdb = Pdb::parse(bytes)?;
    if pdb.kind == PdbKind::PalmDoc {
        return read_palmdoc(&pdb, limit);
    }
    let first = Header::parse(pdb.record(0)?, false)?;
    let (base, header) = match kf8_part(&pdb, &first)? {
        Some((base, kf8)) => (base, kf8),
        None => (0, first.clone()),
    };
    check_stated_length(&header, limit)?;
    let text = text::read_text(&pdb, base, &header, limit)?;
    let mut package = if base == 0 {
        package(&[&header])
    } else {
        package(&[&header, &first])
    };
    let toc = toc::read(&pdb, base, &header);
    let kf8 = header.version >= 8;
    let pages = if kf8 {
        let flow = kf8::flow0(&pdb, base, &header, &text)?;
        kf8::parts(&pdb, base, &header, flow)?
            .into_iter()
            .map(|p| Page {
                html: decode_text(&p.bytes, header.encoding),
                start: p.start,
                end: p.end,
            })
            .collect()
    } else {
        mobi6::pages(&text, header.encoding)
    };
    drop(text);
    let (maker, mut parsed) = match ao3::rebuild(&pages) {
        Some(html) => crate::maker::read_html(crate::html::parse_bounded(&html).tree.root()),
        None => read_pages(&mut package, pages, kf8, &toc),
    };
    opf_metadata(&package, &mut parsed, maker != Maker::FanFicFare);
    parsed.chapters.retain(|c| !c.body.is_empty());
    if parsed.chapters.is_empty() {
        return Err(MobiError::NoText);
    }
    Ok(parsed)
}

/// The KF8 header and its record number: record 0 itself for an AZW3, the
/// record EXTH 121 names (after a `BOUNDARY` record) in a joint file.
fn kf8_part(pdb: &Pdb, first: &Header) -> Result<Option<(usize, Header)>, MobiError> {
    if first.version >= 8 {
        return Ok(None);
    }
    let Some(boundary) = first.exth.number(exth::KF8_BOUNDARY) else {
        return Ok(None);
    };
    let base = boundary as usize;
    if base == 0 || base >= pdb.len() {
        return Err(MobiError::MissingRecord(base));
    }
    let header = Header::parse(pdb.record(base)?, false)?;
    Ok((header.version >= 8).then_some((base, header)))
}

/// A stated text length over the limit is refused before anything is
/// decompressed.
fn check_stated_length(header: &Header, limit: usize) -> Result<(), MobiError> {
    if header.text_length as usize > limit {
        return Err(MobiError::TooLarge { limit });
    }
    Ok(())
}

/// A PalmDOC text (`TEXtREAd`): plain text, read like a `.txt` file.
fn read_palmdoc(pdb: &Pdb, limit: usize) -> Result<ParsedFile, MobiError> {
    let header = Header::parse(pdb.record(0)?, true)?;
    check_stated_length(&header, limit)?;
    let bytes = text::read_text(pdb, 0, &header, limit)?;
    let text = decode_text(&bytes, header.encoding);
    Ok(crate::maker::read_text(&text)?)
}

/// The book's pages read by their maker as an EPUB's spine documents,
/// each titled by the table-of-contents entry that falls inside it.
fn read_pages(
    package: &mut Package,
    pages: Vec<Page>,
    kf8: bool,
    toc: &[toc::TocEntry],
) -> (Maker, ParsedFile) {
    let mut docs = Vec::with_capacity(pages.len());
    for (i, page) in pages.into_iter().enumerate() {
        let name = format!("part{i:04}.html");
        if let Some(entry) = toc::entry_within(toc, page.start, page.end) {
            package.toc.push((name.clone(), entry.label.clone()));
        }
        let html = if kf8 {
            page.html
        } else {
            mobi6::restore_headings(&page.html)
        };
        let doc = crate::html::parse_bounded(&html);
        if is_contents_page(&doc) {
            continue;
        }
        package.spine.push(name.clone());
        docs.push((name, doc));
    }
    let book = Book {
        package,
        docs: &docs,
    };
    crate::maker::read_epub(&book)
}

/// Whether a page holds only links and headings: a table of contents
/// (calibre's generated one, or an EPUB 3 navigation document that was
/// in the spine), not story text.
fn is_contents_page(doc: &scraper::Html) -> bool {
    let Some(body) = crate::html::dom::find(doc.tree.root(), "body", "") else {
        return false;
    };
    let mut links = 0;
    for node in body.descendants() {
        if let Some(element) = node.value().as_element() {
            links += usize::from(element.name() == "a");
            continue;
        }
        if node.value().as_text().is_none_or(|t| t.trim().is_empty()) {
            continue;
        }
        let inside_link_or_heading = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "a" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        });
        if !inside_link_or_heading {
            return false;
        }
    }
    links > 0
}

/// EXTH record types and the Dublin Core element each stands for.
const EXTH_AS_DUBLIN_CORE: &[(u32, &str)] = &[
    (exth::AUTHOR, "creator"),
    (exth::PUBLISHER, "publisher"),
    (exth::DESCRIPTION, "description"),
    (exth::SUBJECT, "subject"),
    (exth::LANGUAGE, "language"),
    (exth::PUBLISHED, "date"),
    (exth::SOURCE, "source"),
];

/// EXTH metadata as the package metadata an EPUB would state (title,
/// creators, publisher, description, subjects, language, date, source),
/// the KF8 header's records first, then (in a joint file) the MOBI 6
/// header's.
fn package(headers: &[&Header]) -> Package {
    let mut metadata = Vec::new();
    let mut push = |name: &str, text: String| {
        metadata.push(XmlElem {
            name: name.to_string(),
            attrs: Vec::new(),
            text,
            depth: 2,
        })
    };
    for h in headers {
        let strings = |kind| h.exth.strings(kind, h.encoding);
        let title = strings(exth::UPDATED_TITLE)
            .into_iter()
            .next()
            .or_else(|| h.full_name.clone());
        title.into_iter().for_each(|t| push("title", t));
        for (kind, name) in EXTH_AS_DUBLIN_CORE {
            strings(*kind).into_iter().for_each(|v| push(name, v));
        }
    }
    Package {
        metadata,
        ..Package::default()
    }
}
