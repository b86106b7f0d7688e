//! Writing Atom with quick-xml: the namespaces, text elements and links
//! every feed uses. All text passes through [`clean`] and the writer's
//! escaping.

use super::OpdsError;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::Write;

pub(super) const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
pub(super) const OPDS_NS: &str = "http://opds-spec.org/2010/catalog";
pub(super) const DC_NS: &str = "http://purl.org/dc/terms/";
pub(super) const THREAD_NS: &str = "http://purl.org/syndication/thread/1.0";
pub(super) const OPENSEARCH_NS: &str = "http://a9.com/-/spec/opensearch/1.1/";

/// An XML writer over `W`, indenting by two spaces.
pub(super) struct Xml<W: Write> {
    writer: Writer<W>,
}

impl<W: Write> Xml<W> {
    /// Starts a document with its XML declaration.
    pub(super) fn new(out: W) -> Result<Xml<W>, OpdsError> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Xml { writer })
    }

    /// Opens `name` with `attributes` (values escaped and cleaned).
    pub(super) fn open(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
    ) -> Result<(), OpdsError> {
        self.writer
            .write_event(Event::Start(start(name, attributes)))?;
        Ok(())
    }

    /// Closes `name`.
    pub(super) fn close(&mut self, name: &str) -> Result<(), OpdsError> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))?;
        Ok(())
    }

    /// An element with no content.
    pub(super) fn empty(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
    ) -> Result<(), OpdsError> {
        self.writer
            .write_event(Event::Empty(start(name, attributes)))?;
        Ok(())
    }

    /// `<name attributes…>text</name>`, the text escaped and cleaned.
    pub(super) fn text(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> Result<(), OpdsError> {
        self.writer
            .write_event(Event::Start(start(name, attributes)))?;
        self.writer
            .write_event(Event::Text(BytesText::new(&clean(text))))?;
        self.writer.write_event(Event::End(BytesEnd::new(name)))?;
        Ok(())
    }

    /// Ends the document with a newline.
    pub(super) fn finish(mut self) -> Result<(), OpdsError> {
        self.writer.get_mut().write_all(b"\n")?;
        self.writer.get_mut().flush()?;
        Ok(())
    }
}

fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut element = BytesStart::new(name);
    for (key, value) in attributes {
        element.push_attribute((*key, clean(value).as_ref()));
    }
    element
}

/// `text` without the characters XML 1.0 cannot hold (control characters
/// other than tab, newline and carriage return; U+FFFE and U+FFFF).
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_cleans() -> Result<(), OpdsError> {
        let mut buffer = Vec::new();
        let mut xml = Xml::new(&mut buffer)?;
        xml.text(
            "title",
            &[("label", "a\"b'<c>&\u{1}")],
            "<script>&\u{0}\u{b}ok",
        )?;
        xml.finish()?;
        let text = String::from_utf8(buffer)?;
        assert!(
            text.contains(
                r#"<title label="a&quot;b&apos;&lt;c&gt;&amp;">&lt;script&gt;&amp;ok</title>"#
            ),
            "{text}"
        );
        Ok(())
    }
}
