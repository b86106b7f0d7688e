//! A whole import of mutated files into a fresh library in a temporary
//! folder, through `ficshelf-library` as the CLI runs it: reading, parsing,
//! grouping files into works, analysis, saving, indexing; then every work
//! is read back and exported in every format.
//!
//! Input layout: up to four files separated by [`FILE_SEPARATOR`]; the
//! first byte of each picks its name (`.txt`, `.html`, `.epub`, `.zip`, and
//! a chapter number so files can group into one work), the rest is its
//! content. `fuzz/seed-corpora` writes seeds in this layout.
#![no_main]

use ficshelf_export::{to_bytes, Format};
use ficshelf_library::{Library, NoProgress};
use libfuzzer_sys::fuzz_target;

/// Between two files of one input.
const FILE_SEPARATOR: &[u8] = b"\0--ficshelf-fuzz-file--\0";

const EXTENSIONS: [&str; 4] = ["txt", "html", "epub", "zip"];

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut files = Vec::new();
    let mut rest = data;
    while files.len() < 3 {
        match rest
            .windows(FILE_SEPARATOR.len())
            .position(|w| w == FILE_SEPARATOR)
        {
            Some(at) => {
                files.push(&rest[..at]);
                rest = &rest[at + FILE_SEPARATOR.len()..];
            }
            None => break,
        }
    }
    files.push(rest);
    files
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("input");
    std::fs::create_dir(&input).expect("input folder");
    for (n, file) in split(data).into_iter().enumerate() {
        let Some((&kind, content)) = file.split_first() else {
            continue;
        };
        let extension = EXTENSIONS[usize::from(kind % 4)];
        let chapter = (kind >> 2) % 4 + 1;
        let name = format!("story {n} ch{chapter}.{extension}");
        std::fs::write(input.join(name), content).expect("write input");
    }
    let mut library = Library::open(&dir.path().join("library")).expect("open library");
    library
        .import(&[input], &NoProgress)
        .expect("an import reports bad files as skips, not errors");
    for work in library.works().expect("works") {
        let mut bodies = Vec::new();
        for chapter in &work.chapters {
            let (_, body) = library
                .chapter(&work.id, chapter.number)
                .expect("chapter reads")
                .expect("every listed chapter exists");
            bodies.push(body);
        }
        let images = library.work_images(&work.id).expect("images");
        for format in Format::ALL {
            to_bytes(format, &work, &bodies, &images).expect("export");
        }
    }
});
