//! Any bytes as a `.txt` file: decoding (BOMs, UTF-8, legacy encodings)
//! and the plain-text readers of every maker must return a parsed file or
//! an error, never panic.
#![no_main]

use ficshelf_ingest::inputs::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ficshelf_ingest::parse_file("story.txt", data, &Limits::default());
});
