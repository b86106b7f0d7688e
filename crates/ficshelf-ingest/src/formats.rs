//! Choosing a parser by file name and content.
//!
//! Public items: [`Format`] (plain text, HTML, EPUB), [`parse_file`] (any
//! supported file to a [`ParsedFile`]) and [`FormatError`].

use crate::inputs::Limits;
use crate::parsed::ParsedFile;
use crate::{decode, parse_epub, parse_html, DecodeError, EpubError, HtmlError};

/// A supported file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Epub,
}

impl Format {
    /// The format of a file named `file_name` whose content starts with `head`.
    pub fn detect(file_name: &str, head: &[u8]) -> Format {
        let lower = file_name.to_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "epub" => Format::Epub,
            "html" | "htm" | "xhtml" => Format::Html,
            _ if head.starts_with(b"PK\x03\x04") && contains(head, b"application/epub+zip") => {
                Format::Epub
            }
            _ => Format::Text,
        }
    }
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
