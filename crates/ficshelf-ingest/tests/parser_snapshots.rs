//! Snapshot tests (insta) of the plain-text parser over every file of the
//! fixture corpus: a change in what the parser recovers from any file shows
//! up as a reviewed snapshot diff (`cargo insta review`).

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn parser_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/txt/cases");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    assert!(files.len() >= 40);
    for file in files {
        let bytes = std::fs::read(&file).expect("read fixture");
        let decoded = ficshelf_ingest::decode(&bytes).expect("fixtures decode");
        let parsed = ficshelf_ingest::parse_text(&decoded.text).expect("fixtures parse");
        let name = file
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace(['/', '\\', '.'], "_");
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_debug_snapshot!("parsed", (decoded.encoding, parsed));
        });
    }
}
