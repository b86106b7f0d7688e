//! Which work a file belongs to when only its title and authors say so:
//! the text decides between a second copy of a work and a namesake, the
//! same way whether the files arrive together or one by one, in any order.

use crate::common::{ficshelf, repo, works_json, zip_of};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn import(library: &Path, path: &Path) {
    ficshelf(library).arg("import").arg(path).assert().success();
}

fn works(library: &Path) -> Vec<Value> {
    works_json(library)
}

const HEADER: &str = "Title: Untitled\nAuthor: Sparrowhawk\n\n";
const HARBOUR: &str = "The ferry left the harbour at dawn with nobody aboard but \
    the pilot and a crate of oranges. Mina watched it go from the sea wall and \
    counted the gulls that followed it out past the breakwater.\n";
const ORCHARD: &str = "Snow came early to the orchard that year, and the old \
    ladder stayed leaning against the last tree until spring. Tomas fixed the \
    fence twice before he admitted the deer had won.\n";

#[test]
fn namesakes_stay_apart_and_copies_join() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let first = dir.path().join("a").join("untitled.txt");
    let namesake = dir.path().join("b").join("untitled.txt");
    let copy = dir.path().join("c").join("untitled (1).txt");
    for path in [&first, &namesake, &copy] {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    }
    std::fs::write(&first, format!("{HEADER}{HARBOUR}")).expect("write");
    // Another story with the same title and author.
    std::fs::write(&namesake, format!("{HEADER}{ORCHARD}")).expect("write");
    // The first story saved again, with a note and rewrapped text.
    std::fs::write(
        &copy,
        format!(
            "{HEADER}A/N: reposted from my old account.\n\n{}",
            HARBOUR.replace(". ", ".\n")
        ),
    )
    .expect("write");

    import(&lib, &first);
    import(&lib, &namesake);
    assert_eq!(works(&lib).len(), 2, "a namesake is a work of its own");
    import(&lib, &copy);
    let all = works(&lib);
    assert_eq!(all.len(), 2, "a copy joins its work: {all:?}");
    let harbour = all
        .iter()
        .find(|w| w["sources"].as_array().is_some_and(|s| s.len() == 2))
        .expect("the harbour story has both files");
    assert_eq!(harbour["chapters"].as_array().map(Vec::len), Some(1));

    // Importing everything again changes nothing.
    import(&lib, dir.path());
    assert_eq!(works(&lib).len(), 2);
}

/// Regression: a chapter file imported after the first one (same header, no
/// heading, the chapter only in its name) extends the work instead of being
/// taken for a namesake.
#[test]
fn chapter_files_imported_one_by_one_make_one_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let header = "Title: Tale\nAuthor: Ann Quill\n\n";
    let one = dir.path().join("tale_ch1.txt");
    let two = dir.path().join("tale_ch2.txt");
    std::fs::write(&one, format!("{header}{HARBOUR}")).expect("write");
    std::fs::write(&two, format!("{header}{ORCHARD}")).expect("write");
    import(&lib, &one);
    import(&lib, &two);
    let all = works(&lib);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["chapters"].as_array().map(Vec::len), Some(2));
}

/// Regression (`identity-unique`): the third import failed on `UNIQUE
/// constraint failed: works.identity_key`, losing the good file beside the
/// copy on every retry. (`a` and `b` are one story, `b` without the cover
/// page: the text at their shared chapters agrees, so they are one work.)
#[test]
fn the_identity_unique_inputs_import_and_the_library_is_never_stuck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let inputs = repo().join("tests/fixtures/regressions/identity-unique");
    for part in ["a", "b", "c"] {
        import(&lib, &inputs.join(part));
    }
    let all = works(&lib);
    let has = |name: &str| {
        all.iter().any(|w| {
            w["sources"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|p| p.as_str().is_some_and(|p| p.ends_with(name)))
            })
        })
    };
    assert!(has("r_gen.txt"), "the good file was imported: {all:?}");
    assert!(has("f829_10.epub") && has("f831_8.epub"), "{all:?}");
    // Retrying, or importing everything again, changes nothing.
    import(&lib, &inputs.join("c"));
    import(&lib, &inputs);
    assert_eq!(works(&lib), all);
}

/// Regression: a copy of a namesake at another path was given the key its
/// namesake already held (`title…|text:<hash of the same bytes>`), and the
/// import failed on `UNIQUE constraint failed: works.identity_key` every
/// time, losing the good file imported with it. Namesakes now hold numbered
/// keys, and the copy finds the namesake it copies.
#[test]
fn a_copy_of_a_namesake_imports_beside_a_good_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let first = dir.path().join("a").join("untitled.txt");
    let namesake = dir.path().join("b").join("untitled.txt");
    let copy = dir.path().join("c").join("untitled copy.txt");
    let good = dir.path().join("c").join("orchard notes.txt");
    for path in [&first, &namesake, &copy] {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    }
    std::fs::write(&first, format!("{HEADER}{HARBOUR}")).expect("write");
    std::fs::write(&namesake, format!("{HEADER}{ORCHARD}")).expect("write");
    std::fs::copy(&namesake, &copy).expect("copy");
    std::fs::write(
        &good,
        format!("Title: Orchard Notes\nAuthor: Tomas\n\n{TIDE}\n"),
    )
    .expect("write");
    import(&lib, &first);
    import(&lib, &namesake);
    import(&lib, &dir.path().join("c"));
    let all = works(&lib);
    assert_eq!(all.len(), 3, "two namesakes and the good file: {all:?}");
    assert!(all.iter().any(|w| w["title"] == "Orchard Notes"), "{all:?}");
    import(&lib, &dir.path().join("c"));
    import(&lib, dir.path());
    assert_eq!(works(&lib), all, "retrying changes nothing");
}

/// Regression: ten chapter files whose bodies are alike (a shared recap)
/// became one chapter, nine dropped as "the same text". A chapter that
/// states its own number or title is never a copy of another.
#[test]
fn ten_chapter_files_with_alike_bodies_stay_ten_chapters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let folder = dir.path().join("caravan");
    std::fs::create_dir(&folder).expect("mkdir");
    let titles = [
        "Dust", "Wells", "Mules", "Flats", "Carts", "Wind", "Dunes", "Gates", "Bells", "Home",
    ];
    for (i, title) in titles.iter().enumerate() {
        let n = i + 1;
        std::fs::write(
            folder.join(format!("caravan_{n}.txt")),
            format!(
                "Title: The Long Caravan\nAuthor: Ann Quill\n\nChapter {n}: {title}\n\n\
                 {HARBOUR}\n{ORCHARD}\nThat night they came to {title}.\n"
            ),
        )
        .expect("write");
    }
    import(&lib, &folder);
    let all = works(&lib);
    assert_eq!(all.len(), 1, "{all:?}");
    let got: Vec<&str> = all[0]["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert_eq!(got, titles);
    import(&lib, &folder);
    assert_eq!(works(&lib), all, "a second import changes nothing");
}

/// The story of [`salt_and_clockwork`]: two chapters.
const TIDE: &str = "The clock in the harbour office ran slow at neap tide, and the \
    harbour master blamed the damp, the gulls and finally his apprentice, who had \
    only ever wound it once. Ines took the back off it on a Sunday and found a \
    barnacle lodged between two brass wheels.";
const LOW_WATER: &str = "At low water the old gears of the sea gate showed, green with \
    weed and older than anyone could say. Ines counted the teeth twice and wrote \
    the numbers on her sleeve, because the ledger was back in the office and the \
    tide would not wait for her to fetch it.";
const NAMESAKE: &str = "Marlo's other story of that name is about a lighthouse that \
    kept the wrong time on purpose, so that smugglers would misjudge the tide and \
    run aground on the bar where the customs boat waited every night.";

/// One work saved five ways, plus a namesake, as (relative path, bytes):
/// a txt save with a header, an EPUB (title and creator, no URL), an AO3
/// download (URL), a bare txt named after the title, and another story
/// with the same title and author.
fn salt_and_clockwork() -> Vec<(&'static str, Vec<u8>)> {
    let header = "Title: Salt and Clockwork\nAuthor: Marlo Venn\n\n";
    let txt = format!(
        "{header}Chapter 1: The Tide Clock\n\n{TIDE}\n\nChapter 2: Low Water\n\n{LOW_WATER}\n"
    );
    let opf = r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Salt and Clockwork</dc:title><dc:creator>Marlo Venn</dc:creator><dc:language>en</dc:language></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="two.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#;
    let nav = r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol><li><a href="one.xhtml">The Tide Clock</a></li><li><a href="two.xhtml">Low Water</a></li></ol></nav></body></html>"#;
    let page = |title: &str, text: &str| {
        format!(
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><h2>{title}</h2><p>{text}</p></body></html>"#
        )
    };
    let (one, two) = (page("The Tide Clock", TIDE), page("Low Water", LOW_WATER));
    let book = zip_of(&[
        ("mimetype", "application/epub+zip"),
        (
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        ),
        ("OEBPS/content.opf", opf),
        ("OEBPS/nav.xhtml", nav),
        ("OEBPS/one.xhtml", &one),
        ("OEBPS/two.xhtml", &two),
    ]);
    let chapter = |n: u32, title: &str, text: &str| {
        format!(
            r#"<div class="meta group"><h2 class="heading">Chapter {n}: {title}</h2></div><div class="userstuff"><!--chapter content--><p>{text}</p><!--/chapter content--></div>"#
        )
    };
    let ao3 = format!(
        r##"<!DOCTYPE html><html><head><meta charset="UTF-8"><title>Salt and Clockwork - Marlo_Venn</title></head><body><div id="preface"><p class="message"><b>Salt and Clockwork</b><br/>Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="https://archiveofourown.org/works/5150">https://archiveofourown.org/works/5150</a>.</p><div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a class="tag" href="#">General Audiences</a></dd><dt>Fandom:</dt><dd><a class="tag" href="#">Original Work</a></dd><dt>Stats:</dt><dd>Published: 2022-01-02 Words: 100 Chapters: 2/2</dd></dl><h1>Salt and Clockwork</h1><div class="byline">by <a rel="author" href="https://archiveofourown.org/users/Marlo_Venn">Marlo Venn</a></div></div></div><div id="chapters" class="userstuff">{}{}</div></body></html>"##,
        chapter(1, "The Tide Clock", TIDE),
        chapter(2, "Low Water", LOW_WATER)
    );
    vec![
        ("saves/salt.txt", txt.into_bytes()),
        ("books/Salt and Clockwork.epub", book),
        ("ao3/salt-and-clockwork.html", ao3.into_bytes()),
        (
            "bare/salt_and_clockwork.txt",
            format!("{TIDE}\n\n{LOW_WATER}\n").into_bytes(),
        ),
        (
            "other/salt.txt",
            format!("{header}Chapter 1: The Lighthouse\n\n{NAMESAKE}\n").into_bytes(),
        ),
    ]
}

/// The works of a library as the sets of file names they hold, with their
/// chapter titles, in a canonical order.
fn partition(library: &Path) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out: Vec<(Vec<String>, Vec<String>)> = works(library)
        .iter()
        .map(|w| {
            let mut files: Vec<String> = w["sources"]
                .as_array()
                .expect("sources")
                .iter()
                .filter_map(Value::as_str)
                .map(|s| {
                    Path::new(s)
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            files.sort();
            let chapters = w["chapters"]
                .as_array()
                .expect("chapters")
                .iter()
                .map(|c| c["title"].as_str().unwrap_or("").to_string())
                .collect();
            (files, chapters)
        })
        .collect();
    out.sort();
    out
}

/// Identity does not depend on how files arrive: each file in its own
/// import in one order, in the reverse order, or all in one import, gives
/// the same works.
#[test]
fn one_work_saved_several_ways_is_one_work_in_any_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<PathBuf> = salt_and_clockwork()
        .into_iter()
        .map(|(rel, bytes)| {
            let path = dir.path().join("in").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, bytes).expect("write");
            path
        })
        .collect();
    let one_by_one = dir.path().join("lib-forward");
    for file in &files {
        import(&one_by_one, file);
    }
    let reversed = dir.path().join("lib-reverse");
    for file in files.iter().rev() {
        import(&reversed, file);
    }
    let together = dir.path().join("lib-together");
    import(&together, &dir.path().join("in"));

    let expected = partition(&together);
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        expected,
        vec![
            (
                names(&[
                    "Salt and Clockwork.epub",
                    "salt-and-clockwork.html",
                    "salt.txt",
                    "salt_and_clockwork.txt",
                ]),
                names(&["The Tide Clock", "Low Water"]),
            ),
            (names(&["salt.txt"]), names(&["The Lighthouse"])),
        ]
    );
    assert_eq!(partition(&one_by_one), expected, "one by one");
    assert_eq!(partition(&reversed), expected, "in reverse");
    import(&reversed, &dir.path().join("in"));
    assert_eq!(
        partition(&reversed),
        expected,
        "importing again changes nothing"
    );
}

/// What identity cannot decide, `duplicates` shows: the same title and
/// author with chapters of the same lengths, but text that does not agree
/// (one copy garbled, or rewritten), is two works to identity and one group
/// to `duplicates`.
#[test]
fn duplicates_shows_same_chapters_whose_text_disagrees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let first = dir.path().join("a").join("salt.txt");
    let second = dir.path().join("b").join("salt.txt");
    for path in [&first, &second] {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    }
    let garbled = |text: &str| text.split(' ').rev().collect::<Vec<_>>().join(" ");
    let header = "Title: Salt and Clockwork\nAuthor: Marlo Venn\n\n";
    let story = |one: &str, two: &str| {
        format!("{header}Chapter 1: The Tide Clock\n\n{one}\n\nChapter 2: Low Water\n\n{two}\n")
    };
    std::fs::write(&first, story(TIDE, LOW_WATER)).expect("write");
    std::fs::write(&second, story(&garbled(TIDE), &garbled(LOW_WATER))).expect("write");
    import(&lib, &first);
    import(&lib, &second);
    assert_eq!(
        works(&lib).len(),
        2,
        "the text disagrees: identity keeps them apart"
    );
    let out = ficshelf(&lib)
        .args(["duplicates", "--json"])
        .output()
        .expect("run");
    let groups: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(groups.as_array().map(Vec::len), Some(1), "{groups}");
    assert_eq!(
        groups[0]["works"].as_array().map(Vec::len),
        Some(2),
        "{groups}"
    );
    assert_eq!(groups[0]["by"], "chapters", "{groups}");
}
