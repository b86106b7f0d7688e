//! Which work a file belongs to when only its title and authors say so:
//! the text decides between a second copy of a work and a namesake.

use crate::common::ficshelf;
use serde_json::Value;
use std::path::Path;

fn import(library: &Path, path: &Path) {
    ficshelf(library).arg("import").arg(path).assert().success();
}

fn works(library: &Path) -> Vec<Value> {
    let out = ficshelf(library)
        .args(["works", "--json"])
        .output()
        .expect("run");
    let works: Value = serde_json::from_slice(&out.stdout).expect("json");
    works.as_array().expect("array").clone()
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
