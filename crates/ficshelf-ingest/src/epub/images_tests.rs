use super::*;
use crate::epub::parse_epub_with;
use crate::inputs::Limits;
use std::io::Write;

#[test]
fn sources_resolve_inside_the_book_only() {
    let ch = "OEBPS/text/ch1.xhtml";
    assert_eq!(
        resolve_src(ch, "../img/a.png"),
        Ok("OEBPS/img/a.png".into())
    );
    assert_eq!(
        resolve_src(ch, "b%20c.png#x"),
        Ok("OEBPS/text/b c.png".into())
    );
    assert_eq!(
        resolve_src(ch, "./d.png?v=1"),
        Ok("OEBPS/text/d.png".into())
    );
    assert_eq!(resolve_src("ch.xhtml", "i/a.png"), Ok("i/a.png".into()));
    assert_eq!(resolve_src(ch, "../../a.png"), Ok("a.png".into()));
    assert_eq!(
        resolve_src(ch, "../../../etc/passwd"),
        Err(SrcError::Escapes)
    );
    assert_eq!(resolve_src("ch.xhtml", "../a.png"), Err(SrcError::Escapes));
    assert_eq!(
        resolve_src(ch, "%2e%2e/%2e%2e/%2e%2e/x"),
        Err(SrcError::Escapes)
    );
    assert_eq!(resolve_src(ch, "a\\..\\b.png"), Err(SrcError::Escapes));
    assert_eq!(
        resolve_src(ch, "https://e.org/a.png"),
        Err(SrcError::Remote)
    );
    assert_eq!(
        resolve_src(ch, " HTTP://e.org/a.png"),
        Err(SrcError::Remote)
    );
    assert_eq!(resolve_src(ch, "//e.org/a.png"), Err(SrcError::Remote));
    assert_eq!(
        resolve_src(ch, "data:image/png;base64,AA"),
        Err(SrcError::Data)
    );
    assert_eq!(resolve_src(ch, "file:///etc/passwd"), Err(SrcError::Scheme));
    assert_eq!(resolve_src(ch, "/OEBPS/a.png"), Err(SrcError::Absolute));
    assert_eq!(resolve_src(ch, ""), Err(SrcError::Empty));
}

#[test]
fn only_raster_types_by_magic_bytes() {
    assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
    assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
    assert_eq!(sniff(b"GIF89a.."), Some("image/gif"));
    assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
    assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
    assert_eq!(sniff(b"<?xml version='1.0'?><svg/>"), None);
    assert_eq!(sniff(b"\x89PN"), None);
}

fn png(fill: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(std::iter::repeat_n(fill as u8, fill));
    bytes
}

/// A one-chapter EPUB whose chapter is `body` and with `files` beside it.
fn epub(body: &str, files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    };
    put(
        "META-INF/container.xml",
        b"<?xml version=\"1.0\"?><container><rootfiles>\
          <rootfile full-path=\"OEBPS/content.opf\"/></rootfiles></container>",
    );
    put(
        "OEBPS/content.opf",
        b"<?xml version=\"1.0\"?><package><metadata><dc:title>T</dc:title></metadata>\
          <manifest><item id=\"c\" href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>\
          </manifest><spine><itemref idref=\"c\"/></spine></package>",
    );
    put(
        "OEBPS/text/ch1.xhtml",
        format!("<html><body>{body}</body></html>").as_bytes(),
    );
    for (name, bytes) in files {
        put(name, bytes);
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn images_inside_the_book_become_assets_within_limits() {
    let small = png(10);
    let other = png(20);
    let big = png(200);
    let book = epub(
        "<p>Before.</p><div><img alt=\"a <map>\" src=\"../img/a.png\" class=\"x\"/></div>\
         <p>Text <img src=\"../img/a.png\"/> again <img src=\"../img/b.png\"/></p>\
         <p><img src=\"../img/big.png\"/><img src=\"../img/pic.svg\"/>\
         <img src=\"https://example.org/x.png\"/><img src=\"../../../../etc/passwd\"/>\
         <img src=\"../img/missing.png\"/><img src=\"../img/c.png\"/>After.</p>",
        &[
            ("OEBPS/img/a.png", small.clone()),
            ("OEBPS/img/b.png", other.clone()),
            ("OEBPS/img/c.png", png(30)),
            ("OEBPS/img/big.png", big),
            (
                "OEBPS/img/pic.svg",
                b"<svg><script>x()</script></svg>".to_vec(),
            ),
        ],
    );
    let limits = ImageLimits {
        max_image_bytes: 100,
        max_book_bytes: 1000,
        max_count: 2,
    };
    let parsed = parse_epub_with(&book, &Limits::default(), limits).unwrap();
    let sha = |b: &[u8]| hex::encode(Sha256::digest(b));
    let (a, b) = (sha(&small), sha(&other));
    assert_eq!(
        parsed
            .assets
            .iter()
            .map(|a| (a.sha256.as_str(), a.media_type.as_str(), a.bytes.len()))
            .collect::<Vec<_>>(),
        vec![(a.as_str(), "image/png", 18), (b.as_str(), "image/png", 28)]
    );
    let html: Vec<String> = parsed.chapters[0]
        .body
        .blocks
        .iter()
        .map(|b| match b {
            Block::Html(h) => h.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        html,
        vec![
            "<p>Before.</p>".to_string(),
            format!("<p><img src=\"asset:{a}\" alt=\"a &lt;map&gt;\"></p>"),
            format!(
                "<p>Text <img src=\"asset:{a}\" alt=\"\"> again <img src=\"asset:{b}\" alt=\"\"></p>"
            ),
            "<p>After.</p>".to_string(),
        ]
    );
}

#[test]
fn book_total_is_capped() {
    let book = epub(
        "<p>x <img src=\"../img/a.png\"/><img src=\"../img/b.png\"/></p>",
        &[("OEBPS/img/a.png", png(60)), ("OEBPS/img/b.png", png(50))],
    );
    let limits = ImageLimits {
        max_image_bytes: 100,
        max_book_bytes: 100,
        max_count: 10,
    };
    let parsed = parse_epub_with(&book, &Limits::default(), limits).unwrap();
    assert_eq!(parsed.assets.len(), 1);
    assert_eq!(parsed.assets[0].bytes.len(), 68);
}
