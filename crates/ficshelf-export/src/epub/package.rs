//! The EPUB's package document (OPF), its EPUB 3 navigation document and
//! its EPUB 2 NCX.

use crate::meta;
use crate::xhtml::escape;
use ficshelf_model::{Asset, Work};

/// One content document of the book, in reading order.
pub(super) struct Page {
    /// Manifest id (`preface`, `chapter-1`).
    pub id: String,
    /// File name inside `OEBPS/`.
    pub href: String,
    /// The table-of-contents label.
    pub label: String,
}

/// `content.opf`: Dublin Core metadata, calibre's series metas, manifest
/// (with `images`) and spine.
pub(super) fn opf(work: &Work, pages: &[Page], images: &[&Asset]) -> String {
    let language = meta::language_tag(work);
    let mut out = String::with_capacity(4096);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"",
    );
    out.push_str(&escape(&language));
    out.push_str("\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n");
    element(
        &mut out,
        "dc:identifier id=\"book-id\"",
        "dc:identifier",
        &meta::identifier(work),
    );
    element(&mut out, "dc:title id=\"title\"", "dc:title", &work.title);
    let authors = if work.authors.is_empty() {
        vec!["Anonymous".to_string()]
    } else {
        work.authors.clone()
    };
    for (i, author) in authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        element(
            &mut out,
            &format!("dc:creator id=\"{id}\""),
            "dc:creator",
            author,
        );
        out.push_str(&format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n\
             <meta refines=\"#{id}\" property=\"file-as\">{}</meta>\n",
            escape(author)
        ));
    }
    element(&mut out, "dc:language", "dc:language", &language);
    if let Some(date) = meta::iso_date(work.published.as_deref())
        .or_else(|| meta::iso_date(work.updated.as_deref()))
    {
        element(&mut out, "dc:date", "dc:date", date);
    }
    element(
        &mut out,
        "meta property=\"dcterms:modified\"",
        "meta",
        &meta::modified(work),
    );
    if let Some(summary) = work.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        element(&mut out, "dc:description", "dc:description", summary.trim());
    }
    for subject in meta::subjects(work) {
        element(&mut out, "dc:subject", "dc:subject", subject);
    }
    element(&mut out, "dc:publisher", "dc:publisher", "Ficshelf");
    element(
        &mut out,
        "dc:source",
        "dc:source",
        &format!("urn:ficshelf:work:{}", work.id),
    );
    if let Some(series) = meta::series(work) {
        out.push_str(&format!(
            "<meta name=\"calibre:series\" content=\"{}\"/>\n",
            escape(&series.name)
        ));
        if let Some(index) = series.index {
            out.push_str(&format!(
                "<meta name=\"calibre:series_index\" content=\"{index}\"/>\n"
            ));
        }
    }
    out.push_str("</metadata>\n<manifest>\n");
    out.push_str(
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n\
         <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n",
    );
    for page in pages {
        out.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>\n",
            page.id, page.href
        ));
    }
    for (i, image) in images.iter().enumerate() {
        out.push_str(&format!(
            "<item id=\"image-{}\" href=\"{}\" media-type=\"{}\"/>\n",
            i + 1,
            crate::images::book_path(image),
            escape(&image.media_type)
        ));
    }
    out.push_str("</manifest>\n<spine toc=\"ncx\">\n");
    for page in pages {
        out.push_str(&format!("<itemref idref=\"{}\"/>\n", page.id));
    }
    out.push_str("<itemref idref=\"nav\" linear=\"no\"/>\n</spine>\n</package>\n");
    out
}

/// `nav.xhtml`: the EPUB 3 table of contents and landmarks.
pub(super) fn nav(work: &Work, pages: &[Page]) -> String {
    let language = escape(&meta::language_tag(work));
    let mut out = String::with_capacity(2048);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{language}\" lang=\"{language}\">\n\
         <head>\n<meta charset=\"UTF-8\"/>\n<title>Contents</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n\
         <nav epub:type=\"toc\" id=\"toc\">\n<h2>Contents</h2>\n<ol>\n"
    ));
    for page in pages {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            page.href,
            escape(&page.label)
        ));
    }
    out.push_str(
        "</ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n",
    );
    if let Some(first) = pages.iter().find(|p| p.id != "preface").or(pages.first()) {
        out.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">Start</a></li>\n",
            first.href
        ));
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}

/// `toc.ncx`: the EPUB 2 table of contents for older readers.
pub(super) fn ncx(work: &Work, pages: &[Page]) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n<head>\n\
         <meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"1\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n<docAuthor><text>{}</text></docAuthor>\n<navMap>\n",
        escape(&meta::identifier(work)),
        escape(&work.title),
        escape(&meta::authors_line(work)),
    ));
    for (i, page) in pages.iter().enumerate() {
        out.push_str(&format!(
            "<navPoint id=\"nav-{n}\" playOrder=\"{n}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/></navPoint>\n",
            escape(&page.label),
            page.href,
            n = i + 1
        ));
    }
    out.push_str("</navMap>\n</ncx>\n");
    out
}

fn element(out: &mut String, open: &str, close: &str, text: &str) {
    out.push('<');
    out.push_str(open);
    out.push('>');
    crate::xhtml::escape_into(text, out);
    out.push_str("</");
    out.push_str(close);
    out.push_str(">\n");
}
