//! Any bytes as an `.html` file (AO3, FanFicFare, FanFiction.Net or any
//! page): decoding, the bounded HTML parser, the makers' readers and the
//! sanitiser must return a parsed file or an error, never panic.
#![no_main]

use ficshelf_ingest::inputs::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ficshelf_ingest::parse_file("story.html", data, &Limits::default());
});
