//! HTML and EPUB import through the binary: an AO3 download, a plain page,
//! EPUB 3 (nav) and EPUB 2 (NCX) books zipped here, and hostile files
//! (scripts, handlers, `javascript:` links, a zip bomb, `../` entry names,
//! 100k nested divs). All story text is original.

use crate::common::{ficshelf, succeed_text, zip_of};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/html")
        .join(name)
}

/// Imports `path` and returns (works JSON, import stdout+stderr).
fn import(library: &Path, path: &Path) -> (Value, String) {
    let out = ficshelf(library)
        .arg("import")
        .arg(path)
        .output()
        .expect("runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let works = ficshelf(library)
        .args(["works", "--json"])
        .output()
        .expect("runs");
    (serde_json::from_slice(&works.stdout).expect("JSON"), log)
}

fn chapter(library: &Path, id: &str, n: u32, html: bool) -> String {
    let mut cmd = ficshelf(library);
    cmd.args(["chapter", id, &n.to_string()]);
    if html {
        cmd.arg("--html");
    }
    succeed_text(&mut cmd)
}

fn assert_clean(html: &str) {
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "url(",
    ] {
        assert!(!html.contains(bad), "{bad} survived in {html}");
    }
}

fn epub(files: &[(&str, &str)]) -> Vec<u8> {
    zip_of(files)
}

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn opf(nav: bool) -> String {
    let (nav_item, toc) = if nav {
        (
            r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>"#,
            "",
        )
    } else {
        (
            r#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#,
            r#" toc="ncx""#,
        )
    };
    format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Salt and Clockwork</dc:title><dc:creator>Marlo Venn</dc:creator><dc:language>en</dc:language><dc:description>&lt;p&gt;A clock that runs on &lt;em&gt;tides&lt;/em&gt;.&lt;/p&gt;</dc:description><dc:subject>Steampunk</dc:subject><dc:subject>Found Family</dc:subject><dc:date>2019-08-01</dc:date></metadata><manifest>{nav_item}<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/></manifest><spine{toc}><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#
    )
}

const NAV: &str = r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol><li><a href="text/one.xhtml">The Tide Clock</a></li><li><a href="text/two.xhtml#top">Low Water</a></li></ol></nav></body></html>"#;
const NCX: &str = r#"<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="a"><navLabel><text>The Tide Clock</text></navLabel><content src="text/one.xhtml"/></navPoint><navPoint id="b"><navLabel><text>Low Water</text></navLabel><content src="text/two.xhtml"/></navPoint></navMap></ncx>"#;
const ONE: &str = r#"<html xmlns="http://www.w3.org/1999/xhtml"><head><title>1</title><style>p{background:url(x)}</style></head><body><h2>The Tide Clock</h2><p>The clock in the harbour-master's office ran <em>slow</em> at neap tide.</p><p>~~~</p><p>Nobody minded but Ines.<iframe src="https://evil.example/"></iframe></p></body></html>"#;
const TWO: &str = r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><p>At low water the gears showed, green with weed.<svg><script>alert(1)</script></svg></p></body></html>"#;

fn book(nav: bool) -> Vec<u8> {
    let toc = if nav {
        ("OEBPS/nav.xhtml", NAV)
    } else {
        ("OEBPS/toc.ncx", NCX)
    };
    let opf = opf(nav);
    epub(&[
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", &opf),
        toc,
        ("OEBPS/text/one.xhtml", ONE),
        ("OEBPS/text/two.xhtml", TWO),
    ])
}

#[test]
fn ao3_download_keeps_tags_chapters_notes_and_emphasis() {
    let lib = tempfile::tempdir().expect("tempdir");
    let (works, log) = import(lib.path(), &fixture("ao3_lantern.html"));
    let w = &works[0];
    assert_eq!(w["title"], "The Lamplighter's Ledger", "{log}");
    assert_eq!(w["authors"], serde_json::json!(["Pell_Wren"]));
    assert_eq!(w["rating"], "teen");
    assert_eq!(
        w["warnings"],
        serde_json::json!(["No Archive Warnings Apply"])
    );
    assert_eq!(w["category"], serde_json::json!(["F/F", "Gen"]));
    assert_eq!(
        w["characters"],
        serde_json::json!(["Ada Finch", "Tamsin Hale"])
    );
    assert_eq!(w["tags"], serde_json::json!(["Slow Burn", "Lighthouses"]));
    assert_eq!(w["language"], "English");
    assert_eq!(w["status"], "complete");
    assert_eq!(w["published"], "2021-03-04");
    assert_eq!(w["updated"], "2021-05-06");
    assert!(w["fields"]
        .to_string()
        .contains("Part 2 of The Lantern Cycle"));
    assert_eq!(
        w["notes"]["begin"],
        "Written for a prompt about small lights."
    );
    let chapters = w["chapters"].as_array().expect("chapters");
    assert_eq!(chapters.len(), 2);
    assert_eq!(chapters[0]["title"], "Dusk");
    assert_eq!(chapters[0]["notes"]["end"], "More soon.");
    // The afterword's "End Notes" are the work's, not the last chapter's.
    assert_eq!(chapters[1]["notes"]["end"], serde_json::Value::Null);
    assert_eq!(w["notes"]["end"], "Thank you for reading.");
    let id = w["id"].as_str().expect("id");
    let text = chapter(lib.path(), id, 1, false);
    assert!(text.contains("\n\n* * *\n\n"), "{text}");
    let html = chapter(lib.path(), id, 1, true);
    assert!(html.contains("<em>first</em>"), "{html}");
    assert_clean(&html);
    assert_clean(&chapter(lib.path(), id, 2, true));
}

#[test]
fn epub2_and_epub3_books() {
    for nav in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("salt.epub");
        std::fs::write(&path, book(nav)).expect("write");
        let (works, log) = import(&dir.path().join("lib"), &path);
        let w = &works[0];
        assert_eq!(w["title"], "Salt and Clockwork", "{log}");
        assert_eq!(w["authors"], serde_json::json!(["Marlo Venn"]));
        assert_eq!(w["summary"], "A clock that runs on tides.");
        assert_eq!(w["tags"], serde_json::json!(["Steampunk", "Found Family"]));
        assert_eq!(w["published"], "2019-08-01");
        let titles: Vec<&str> = w["chapters"]
            .as_array()
            .expect("chapters")
            .iter()
            .map(|c| c["title"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(titles, ["The Tide Clock", "Low Water"]);
        let id = w["id"].as_str().expect("id");
        let html = chapter(&dir.path().join("lib"), id, 1, true);
        assert!(
            html.contains("<em>slow</em>") && html.contains("<hr>"),
            "{html}"
        );
        assert_clean(&html);
        assert_clean(&chapter(&dir.path().join("lib"), id, 2, true));
    }
}

#[test]
fn plain_html_page_with_headings_and_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("page.html");
    std::fs::write(&path, "<html><head><title>Kettle Weather</title></head><body><p>Author: Juno Marsh<br>Rating: G</p><h2>Chapter 1: Steam</h2><p>The kettle <i>sang</i> before the storm did.</p><h2>Chapter 2: Rain</h2><p>Then the rain took over the singing.</p></body></html>").expect("write");
    let (works, log) = import(&dir.path().join("lib"), &path);
    let w = &works[0];
    assert_eq!(w["title"], "Kettle Weather", "{log}");
    assert_eq!(w["authors"], serde_json::json!(["Juno Marsh"]));
    assert_eq!(w["rating"], "general");
    assert_eq!(w["chapters"].as_array().map(Vec::len), Some(2));
    assert_eq!(w["chapters"][1]["title"], "Rain");
}

#[test]
fn hostile_files_are_refused_or_cleaned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", opts).expect("e");
        zip.write_all(b"application/epub+zip").expect("w");
        zip.start_file("META-INF/container.xml", opts).expect("e");
        zip.write_all(&vec![b' '; 8 << 20]).expect("w");
        zip.finish().expect("zip").into_inner()
    };
    std::fs::write(dir.path().join("bomb.epub"), bomb).expect("write");
    std::fs::write(
        dir.path().join("escape.epub"),
        epub(&[
            ("mimetype", "application/epub+zip"),
            ("../evil.xhtml", "<p>x</p>"),
        ]),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("broken.epub"),
        epub(&[
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", "<container><rootfile full-path="),
        ]),
    )
    .expect("write");
    let deep = format!(
        "<html><body>{}<p>Deep <em>down</em> here.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.html"), deep).expect("write");
    let lib = dir.path().join("lib");
    let (works, log) = import(&lib, dir.path());
    for reason in ["zip bomb", "unsafe entry name", "malformed XML"] {
        assert!(log.contains(reason), "no '{reason}' in: {log}");
    }
    assert!(!dir.path().join("evil.xhtml").exists());
    let w = &works[0];
    let id = w["id"].as_str().expect("id");
    assert_eq!(chapter(&lib, id, 1, false), "Deep down here.\n");
}

#[test]
fn same_work_from_txt_and_html_is_one_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("ao3_lantern.html"), dir.path().join("ledger.html")).expect("copy");
    std::fs::write(
        dir.path().join("ledger.txt"),
        "The Lamplighter's Ledger\nPosted originally on the Archive of Our Own at \
         http://archiveofourown.org/works/4242/.\n\nChapter 1: Dusk\n\nAda lit the first lamp at six.\n",
    )
    .expect("write");
    let (works, log) = import(&dir.path().join("lib"), dir.path());
    assert_eq!(works.as_array().map(Vec::len), Some(1), "{works}\n{log}");
}

/// [`book`] re-downloaded after a third chapter was posted.
fn book_with_third_chapter() -> Vec<u8> {
    let opf3 = opf(true).replace(
        "</manifest><spine>",
        r#"<item id="c3" href="text/three.xhtml" media-type="application/xhtml+xml"/></manifest><spine>"#,
    ).replace("</spine>", r#"<itemref idref="c3"/></spine>"#);
    epub(&[
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", &opf3),
        ("OEBPS/nav.xhtml", NAV),
        ("OEBPS/text/one.xhtml", ONE),
        ("OEBPS/text/two.xhtml", TWO),
        (
            "OEBPS/text/three.xhtml",
            "<html><body><h2>Spring Tide</h2><p>The clock caught up at last.</p></body></html>",
        ),
    ])
}

#[test]
fn redownloaded_epub_with_more_chapters_updates_its_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("salt.epub");
    let lib = dir.path().join("lib");
    let one_chapter = book(true);
    std::fs::write(&path, &one_chapter).expect("write");
    import(&lib, &path);
    let longer = book_with_third_chapter();
    std::fs::write(&path, longer).expect("write");
    let (works, log) = import(&lib, &path);
    assert_eq!(works.as_array().map(Vec::len), Some(1), "{log}");
    assert_eq!(
        works[0]["chapters"].as_array().map(Vec::len),
        Some(3),
        "{log}"
    );
}

#[test]
fn txt_save_and_ao3_download_of_one_work_keep_each_chapter_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let alone = dir.path().join("alone");
    std::fs::create_dir(&alone).expect("mkdir");
    std::fs::copy(fixture("ao3_lantern.html"), alone.join("ledger.html")).expect("copy");
    let (only_html, _) = import(&dir.path().join("lib-html"), &alone);
    let chapters = only_html[0]["chapters"].as_array().map(Vec::len);

    let both = dir.path().join("both");
    std::fs::create_dir(&both).expect("mkdir");
    std::fs::copy(fixture("ao3_lantern.html"), both.join("ledger.html")).expect("copy");
    // A plain-text save of the same work: no URL, only title and author.
    std::fs::write(
        both.join("saved ledger.txt"),
        "Title: The Lamplighter's Ledger\nAuthor: Pell_Wren\n\nChapter 1: Dusk\n\n\
         Ada lit the first lamp at six.\n\nChapter 2: The Missing Lamp\n\nOne lamp was gone.\n",
    )
    .expect("write");
    let (works, log) = import(&dir.path().join("lib"), &both);
    assert_eq!(works.as_array().map(Vec::len), Some(1), "{works}\n{log}");
    assert_eq!(works[0]["chapters"].as_array().map(Vec::len), chapters);
    assert_eq!(works[0]["sources"].as_array().map(Vec::len), Some(2));
}

#[test]
fn redownload_at_a_new_path_extends_the_work_without_repeating_chapters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::write(dir.path().join("salt.epub"), book(true)).expect("write");
    import(&lib, &dir.path().join("salt.epub"));
    let longer = book_with_third_chapter();
    let new_path = dir.path().join("downloads").join("salt (1).epub");
    std::fs::create_dir_all(new_path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&new_path, longer).expect("write");
    let (works, log) = import(&lib, &new_path);
    assert_eq!(works.as_array().map(Vec::len), Some(1), "{log}");
    let titles: Vec<&str> = works[0]["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["The Tide Clock", "Low Water", "Spring Tide"],
        "{log}"
    );
    assert_eq!(works[0]["sources"].as_array().map(Vec::len), Some(2));
}

#[test]
fn two_works_with_one_title_and_author_but_two_urls_stay_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("ao3_lantern.html"), dir.path().join("a.html")).expect("copy");
    let other = std::fs::read_to_string(fixture("ao3_lantern.html"))
        .expect("read")
        .replace("works/4242", "works/4343");
    std::fs::write(dir.path().join("b.html"), other).expect("write");
    let (works, log) = import(&dir.path().join("lib"), dir.path());
    assert_eq!(works.as_array().map(Vec::len), Some(2), "{log}");
}
