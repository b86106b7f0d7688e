//! Choosing a parser by file name and content.
//!
//! Public items: [`Format`] (plain text, HTML, EPUB, MOBI/AZW3, or a known
//! format Ficshelf refuses), [`Unsupported`] (those refused formats, each
//! with its reason), [`parse_file`] (any supported file to a
//! [`ParsedFile`]) and [`FormatError`].

use crate::inputs::Limits;
use crate::parsed::ParsedFile;
use crate::{decode, parse_epub, parse_html, parse_mobi};
use crate::{DecodeError, EpubError, HtmlError, MobiError};

/// A file format, as far as its name and first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Epub,
    /// MOBI 6, AZW3 (KF8), joint MOBI, or a PalmDOC text.
    Mobi,
    /// A format that is known and refused, never read as text.
    Unsupported(Unsupported),
}

/// Known formats Ficshelf does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    Pdf,
    /// Word 97–2003 and other Office binary (OLE) documents.
    Doc,
    Docx,
    Odt,
    Rtf,
}

impl Unsupported {
    /// The format's name, as the skip reason says it.
    pub fn name(self) -> &'static str {
        match self {
            Unsupported::Pdf => "PDF",
            Unsupported::Doc => "Word 97-2003 document (.doc)",
            Unsupported::Docx => "Word document (.docx)",
            Unsupported::Odt => "OpenDocument text (.odt)",
            Unsupported::Rtf => "RTF",
        }
    }

    /// Why it is refused and what to do instead.
    pub fn advice(self) -> &'static str {
        match self {
            Unsupported::Pdf => {
                "its text is laid out in pages, not paragraphs and chapters; import the \
                 story's EPUB, HTML or MOBI download instead"
            }
            _ => "save it as HTML or plain text and import that",
        }
    }
}

/// Type and creator of MOBI and PalmDOC books, at offset 60.
const PALM_MAGIC_AT: usize = 60;

impl Format {
    /// The format of a file named `file_name` whose content starts with
    /// `head` (at least the first 128 bytes when the file has them).
    /// Signatures win over the extension: a PDF named `.txt` is a PDF.
    pub fn detect(file_name: &str, head: &[u8]) -> Format {
        let lower = file_name.to_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let zip = head.starts_with(b"PK\x03\x04");
        if let Some(signed) = by_signature(head, ext, zip) {
            return signed;
        }
        match ext {
            "epub" => Format::Epub,
            "html" | "htm" | "xhtml" => Format::Html,
            "mobi" | "azw3" | "azw" | "prc" => Format::Mobi,
            "pdf" => Format::Unsupported(Unsupported::Pdf),
            "doc" => Format::Unsupported(Unsupported::Doc),
            "docx" => Format::Unsupported(Unsupported::Docx),
            "odt" => Format::Unsupported(Unsupported::Odt),
            "rtf" => Format::Unsupported(Unsupported::Rtf),
            _ => Format::Text,
        }
    }
}

/// The format a file's first bytes prove, whatever its name.
fn by_signature(head: &[u8], ext: &str, zip: bool) -> Option<Format> {
    if crate::mobi::kind_of(head).is_some() && head.len() >= PALM_MAGIC_AT + 8 {
        return Some(Format::Mobi);
    }
    if head.starts_with(b"%PDF-") {
        return Some(Format::Unsupported(Unsupported::Pdf));
    }
    if head.starts_with(b"{\\rtf") {
        return Some(Format::Unsupported(Unsupported::Rtf));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(Format::Unsupported(Unsupported::Doc));
    }
    if zip && contains(head, b"application/epub+zip") && ext != "epub" {
        return Some(Format::Epub);
    }
    if zip && contains(head, b"application/vnd.oasis.opendocument.text") {
        return Some(Format::Unsupported(Unsupported::Odt));
    }
    if zip && (contains(head, b"[Content_Types].xml") || contains(head, b"word/")) && ext != "epub"
    {
        return Some(Format::Unsupported(Unsupported::Docx));
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Why a file could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Text(#[from] crate::TextError),
    #[error(transparent)]
    Html(#[from] HtmlError),
    #[error(transparent)]
    Epub(#[from] EpubError),
    #[error(transparent)]
    Mobi(#[from] MobiError),
    /// A known format that is not read.
    #[error("{} is not supported ({})", .0.name(), .0.advice())]
    Unsupported(Unsupported),
}

/// Parses one file's bytes by its format.
pub fn parse_file(
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<ParsedFile, FormatError> {
    let head = &bytes[..bytes.len().min(128)];
    match Format::detect(file_name, head) {
        Format::Epub => Ok(parse_epub(bytes, limits)?),
        Format::Mobi => Ok(parse_mobi(bytes, limits)?),
        Format::Unsupported(format) => Err(FormatError::Unsupported(format)),
        Format::Html => Ok(parse_html(&decode(bytes)?.text)?),
        Format::Text => {
            let text = decode(bytes)?.text;
            let mut parsed = crate::maker::read_text(&text)?;
            if parsed.meta.url.is_none() {
                parsed.meta.url = ao3_text_url(&text);
            }
            Ok(parsed)
        }
    }
}

/// The work address in an AO3 text download's opening lines ("Posted
/// originally on the Archive of Our Own at https://…/works/123.").
fn ao3_text_url(text: &str) -> Option<String> {
    text.lines()
        .take(40)
        .filter(|l| l.contains("Archive of Our Own"))
        .flat_map(str::split_whitespace)
        .find(|w| w.starts_with("http") && w.contains("/works/"))
        .map(|w| w.trim_end_matches(['.', ',', ')']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palm_head(magic: &[u8]) -> Vec<u8> {
        let mut head = vec![0u8; 78];
        head[60..68].copy_from_slice(magic);
        head
    }

    #[test]
    fn signatures_win_over_extensions() {
        let mobi = palm_head(b"BOOKMOBI");
        assert_eq!(Format::detect("story.txt", &mobi), Format::Mobi);
        assert_eq!(
            Format::detect("story", &palm_head(b"TEXtREAd")),
            Format::Mobi
        );
        let pdf = Format::Unsupported(Unsupported::Pdf);
        assert_eq!(Format::detect("story.txt", b"%PDF-1.7\n%"), pdf);
        assert_eq!(Format::detect("story.pdf", b"anything"), pdf);
        assert_eq!(
            Format::detect("notes.txt", b"{\\rtf1\\ansi"),
            Format::Unsupported(Unsupported::Rtf)
        );
        assert_eq!(Format::detect("x.azw3", b""), Format::Mobi);
        assert_eq!(Format::detect("plain.txt", b"Chapter 1"), Format::Text);
    }

    #[test]
    fn refused_formats_name_themselves_in_one_line() {
        let err = parse_file("a.pdf", b"%PDF-1.4", &Limits::default()).expect_err("refused");
        let line = err.to_string();
        assert!(line.starts_with("PDF is not supported ("), "{line}");
        assert!(!line.contains('\n'));
        let err = parse_file(
            "a.docx",
            b"PK\x03\x04[Content_Types].xml",
            &Limits::default(),
        )
        .expect_err("refused");
        assert!(err
            .to_string()
            .starts_with("Word document (.docx) is not supported"));
    }
}
