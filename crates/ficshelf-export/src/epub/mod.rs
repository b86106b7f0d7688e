//! EPUB 3 with an EPUB 2 NCX: one zip, `mimetype` first and stored, then
//! the container, the package document, navigation, stylesheet, a preface
//! page, one XHTML file per chapter and the images the chapters show
//! (`images/<sha256>.<ext>`, stored uncompressed).

mod package;

use crate::error::ExportError;
use crate::images;
use crate::meta;
use crate::preface::{chapter_into, preface_into, STYLESHEET};
use crate::xhtml::escape_into;
use ficshelf_model::{Asset, ChapterBody, Work};
use package::Page;
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n</container>\n";

/// How many spine items [`write_epub`] puts before the first chapter (the
/// preface page): chapter `k` is spine item `k + EPUB_FRONT_PAGES`, which
/// KOReader names `/body/DocFragment[k + EPUB_FRONT_PAGES]`. Recorded with
/// each download so a reader's position names its chapter.
pub const EPUB_FRONT_PAGES: u32 = 1;

/// Writes `work` as an EPUB to `out`. `bodies` are the chapters' story
/// texts in chapter order (a missing body is written as an empty chapter);
/// `assets` the images they may show (an image not among them is left out).
///
/// The zip needs `Seek`; to send an EPUB down a stream, write it into a
/// `std::io::Cursor<Vec<u8>>` first (see [`crate::export`]).
pub fn write_epub<W: Write + Seek>(
    work: &Work,
    bodies: &[ChapterBody],
    assets: &[Asset],
    out: W,
) -> Result<W, ExportError> {
    let mut zip = ZipWriter::new(out);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::DEFAULT);

    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;

    let mut pages = vec![Page {
        id: "preface".into(),
        href: "preface.xhtml".into(),
        label: "Preface".into(),
    }];
    let mut text = String::with_capacity(16 * 1024);
    preface_into(work, &mut text);
    zip.start_file("OEBPS/preface.xhtml", deflated)?;
    write_page(&mut zip, work, &work.title, &text)?;

    let empty = ChapterBody::default();
    let last = work.chapters.len();
    let mut used: Vec<&Asset> = Vec::new();
    for (i, chapter) in work.chapters.iter().enumerate() {
        let body = images::with_srcs(bodies.get(i).unwrap_or(&empty), |sha| {
            let asset = images::find(assets, sha)?;
            if !used.iter().any(|a| a.sha256 == sha) {
                used.push(asset);
            }
            Some(images::book_path(asset))
        });
        let page = Page {
            id: format!("chapter-{}", i + 1),
            href: format!("chapter-{:04}.xhtml", i + 1),
            label: meta::chapter_heading(chapter.number, chapter.title.as_deref()),
        };
        text.clear();
        let end_notes = if i + 1 == last {
            work.notes.end.as_deref()
        } else {
            None
        };
        chapter_into(chapter, &body, end_notes, &mut text);
        zip.start_file(format!("OEBPS/{}", page.href), deflated)?;
        write_page(&mut zip, work, &page.label, &text)?;
        pages.push(page);
    }

    for asset in &used {
        zip.start_file(format!("OEBPS/{}", images::book_path(asset)), stored)?;
        zip.write_all(&asset.bytes)?;
    }
    zip.start_file("OEBPS/style.css", deflated)?;
    zip.write_all(STYLESHEET.as_bytes())?;
    zip.start_file("OEBPS/nav.xhtml", deflated)?;
    zip.write_all(package::nav(work, &pages).as_bytes())?;
    zip.start_file("OEBPS/toc.ncx", deflated)?;
    zip.write_all(package::ncx(work, &pages).as_bytes())?;
    zip.start_file("OEBPS/content.opf", deflated)?;
    zip.write_all(package::opf(work, &pages, &used).as_bytes())?;
    Ok(zip.finish()?)
}

/// One XHTML content document around a body fragment.
fn write_page<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    work: &Work,
    title: &str,
    fragment: &str,
) -> Result<(), ExportError> {
    let mut head = String::with_capacity(512);
    let language = meta::language_tag(work);
    head.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"",
    );
    escape_into(&language, &mut head);
    head.push_str("\" lang=\"");
    escape_into(&language, &mut head);
    head.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    escape_into(title, &mut head);
    head.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n",
    );
    zip.write_all(head.as_bytes())?;
    zip.write_all(fragment.as_bytes())?;
    zip.write_all(b"</body>\n</html>\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Chapter, Field, Notes};
    use std::io::{Cursor, Read};

    fn sample() -> (Work, Vec<ChapterBody>) {
        let mut work = Work::new("7", "Salt & Iron");
        work.authors = vec!["Wren".into(), "Tam".into()];
        work.tags = vec!["Found Family".into()];
        work.fields.push(Field {
            label: "Series".into(),
            value: "Part 3 of Tidewrack".into(),
        });
        work.chapters = (1..=2)
            .map(|n| Chapter {
                number: n,
                title: Some(format!("Tide {n}")),
                words: 2,
                notes: Notes::default(),
                sources: vec![],
            })
            .collect();
        let bodies = vec![
            ChapterBody {
                blocks: vec![Block::Html("<p>A&nbsp;<em>b</em><br></p>".into())],
            },
            ChapterBody {
                blocks: vec![Block::Paragraph("c".into())],
            },
        ];
        (work, bodies)
    }

    /// The EPUB of `work`.
    fn book(work: &Work, bodies: &[ChapterBody]) -> Vec<u8> {
        write_epub(work, bodies, &[], Cursor::new(Vec::new()))
            .unwrap()
            .into_inner()
    }

    /// The text of the book's entry `name`.
    fn entry_text(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn mimetype_is_first_and_stored() {
        let (work, bodies) = sample();
        let bytes = book(&work, &bodies);
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        drop(first);
        let opf = entry_text(&mut archive, "OEBPS/content.opf");
        assert!(opf.contains("<dc:title id=\"title\">Salt &amp; Iron</dc:title>"));
        assert!(opf.contains("<meta name=\"calibre:series\" content=\"Tidewrack\"/>"));
        assert!(opf.contains("<meta name=\"calibre:series_index\" content=\"3\"/>"));
        assert!(opf.contains("<dc:subject>Found Family</dc:subject>"));
        assert!(opf.contains("<meta property=\"dcterms:modified\">2000-01-01T00:00:00Z</meta>"));
        let chapter = entry_text(&mut archive, "OEBPS/chapter-0001.xhtml");
        assert!(
            chapter.contains("<p>A\u{a0}<em>b</em><br/></p>"),
            "{chapter}"
        );
    }

    /// The spine has [`EPUB_FRONT_PAGES`] items before chapter 1, then the
    /// chapters in order, then the non-linear contents page.
    #[test]
    fn chapters_follow_the_front_pages_in_the_spine() {
        let (work, bodies) = sample();
        let bytes = book(&work, &bodies);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let opf = entry_text(&mut archive, "OEBPS/content.opf");
        let spine: Vec<&str> = opf
            .split("<itemref idref=\"")
            .skip(1)
            .filter_map(|item| item.split('"').next())
            .collect();
        let front = EPUB_FRONT_PAGES as usize;
        assert_eq!(spine[front..], ["chapter-1", "chapter-2", "nav"], "{opf}");
    }

    /// Every XML entry of the book parses, with end tags matching and only
    /// XML's own entities.
    #[test]
    fn hostile_html_still_gives_well_formed_xml() {
        let (mut work, mut bodies) = sample();
        work.title = "<b>&nbsp;\u{1}".into();
        work.summary = Some("]]> <!-- & --> &bogus;".into());
        bodies[0].blocks = vec![
            Block::Html("<p>a<em>b<strong>c</p></em> <br><hr> &hellip;&#0;&#x110000;".into()),
            Block::Html("<ul><li>one<li>two</ul></ol><p title='x>y'>q</p><?pi?>".into()),
            Block::Html("<a href=\"https://e.org/?a&b\">l</a><a>z</a> <strike>s".into()),
        ];
        let bytes = book(&work, &bodies);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().to_string();
            if name == "mimetype" || name.ends_with(".css") {
                continue;
            }
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            let mut reader = quick_xml::Reader::from_str(&xml);
            let mut depth = 0i32;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                    Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                    Ok(quick_xml::events::Event::GeneralRef(r)) => {
                        let name = String::from_utf8_lossy(&r).to_string();
                        assert!(
                            ["amp", "lt", "gt", "quot", "apos"].contains(&name.as_str())
                                || name.starts_with('#'),
                            "{name}: entity {name:?}"
                        );
                    }
                    Ok(_) => {}
                    Err(err) => panic!("{name}: {err}\n{xml}"),
                }
            }
            assert_eq!(depth, 0, "{name}: unbalanced\n{xml}");
        }
    }

    #[test]
    fn images_become_manifest_items() {
        let (work, mut bodies) = sample();
        let png = Asset {
            sha256: "c".repeat(64),
            media_type: "image/png".into(),
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
        };
        let unused = Asset {
            sha256: "d".repeat(64),
            ..png.clone()
        };
        bodies[1].blocks.push(Block::Html(format!(
            "<p><img src=\"asset:{}\" alt=\"A map\"><img src=\"asset:{}\" alt=\"\"></p>",
            png.sha256,
            "e".repeat(64)
        )));
        let bytes = write_epub(
            &work,
            &bodies,
            &[png.clone(), unused],
            Cursor::new(Vec::new()),
        )
        .unwrap()
        .into_inner();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let path = format!("images/{}.png", png.sha256);
        let mut read = |name: &str| {
            let mut text = String::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .ok();
            text
        };
        let opf = read("OEBPS/content.opf");
        assert!(opf.contains(&format!(
            "<item id=\"image-1\" href=\"{path}\" media-type=\"image/png\"/>"
        )));
        assert!(!opf.contains(&"d".repeat(64)), "unused image left out");
        let chapter = read("OEBPS/chapter-0002.xhtml");
        assert!(chapter.contains(&format!("<p><img src=\"{path}\" alt=\"A map\"/></p>")));
        assert_eq!(archive.by_name(&format!("OEBPS/{path}")).unwrap().size(), 8);
        assert_eq!(archive.len(), 10);
    }

    #[test]
    fn same_work_gives_the_same_bytes() {
        let (work, bodies) = sample();
        let a = write_epub(&work, &bodies, &[], Cursor::new(Vec::new())).unwrap();
        let b = write_epub(&work, &bodies, &[], Cursor::new(Vec::new())).unwrap();
        assert_eq!(a.into_inner(), b.into_inner());
    }
}
