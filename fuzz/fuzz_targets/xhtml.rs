//! Any text through the EPUB writer's HTML-to-XHTML rewriter: it must not
//! panic, and what it writes must be well-formed XML: parsed by quick-xml
//! inside a root element (balanced tags, quoted attributes), with only the
//! entities XML predefines and only characters XML 1.0 allows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quick_xml::events::Event;
use quick_xml::Reader;

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fuzz_target!(|html: &str| {
    let mut out = String::from("<root>");
    ficshelf_export::html_to_xhtml(html, &mut out);
    out.push_str("</root>");
    if let Some(bad) = out.chars().find(|c| !is_xml_char(*c)) {
        panic!("character {bad:?} is not allowed in XML: {out}");
    }
    let mut reader = Reader::from_str(&out);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::GeneralRef(name)) => {
                let name = String::from_utf8_lossy(&name).into_owned();
                let predefined = matches!(name.as_str(), "amp" | "lt" | "gt" | "quot" | "apos");
                assert!(
                    predefined || name.starts_with('#'),
                    "entity &{name}; in {out}"
                );
            }
            Ok(_) => {}
            Err(err) => panic!("not well-formed XML ({err}): {out}"),
        }
    }
});
