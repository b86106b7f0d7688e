//! Any bytes as an `.epub` file: the zip reader with its limits, the
//! package (container, OPF, NCX/nav), the XHTML documents and the images
//! must give a parsed file or an error, never panic.
//!
//! Mutated zip bytes rarely get past the entries' CRC checks, so an input
//! that does not start with `PK` is read as the entries of a book instead,
//! separated by [`ENTRY_SEPARATOR`], each its name, a newline and its
//! content; the target zips them (stored, `mimetype` where it stands) and
//! parses that. `fuzz/seed-corpora` writes the fixtures' books both ways.
#![no_main]

use ficshelf_ingest::inputs::Limits;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Between two entries of a book given as entries.
const ENTRY_SEPARATOR: &[u8] = b"\0--ficshelf-fuzz-entry--\0";

fn entries(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut entries = Vec::new();
    let mut rest = data;
    loop {
        let (entry, more) = match rest
            .windows(ENTRY_SEPARATOR.len())
            .position(|w| w == ENTRY_SEPARATOR)
        {
            Some(at) => (&rest[..at], Some(&rest[at + ENTRY_SEPARATOR.len()..])),
            None => (rest, None),
        };
        let newline = entry
            .iter()
            .position(|b| *b == b'\n')
            .unwrap_or(entry.len());
        let name = String::from_utf8_lossy(&entry[..newline]).into_owned();
        entries.push((name, entry.get(newline + 1..).unwrap_or_default()));
        match more {
            Some(more) => rest = more,
            None => return entries,
        }
    }
}

fn zipped(entries: &[(String, &[u8])]) -> Option<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(name.as_str(), stored).ok()?;
        writer.write_all(content).ok()?;
    }
    Some(writer.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if data.starts_with(b"PK") {
        let _ = ficshelf_ingest::parse_file("story.epub", data, &limits);
    } else if let Some(book) = zipped(&entries(data)) {
        let _ = ficshelf_ingest::parse_file("story.epub", &book, &limits);
    }
});
