//! The export formats by name, with their file extension and media type,
//! and [`export`], which writes any of them to a plain `Write`.

use crate::error::ExportError;
use ficshelf_model::{Asset, ChapterBody, Work};
use std::io::{Cursor, Write};
use std::str::FromStr;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// EPUB 3 with an EPUB 2 NCX.
    Epub,
    /// One self-contained HTML page.
    Html,
    /// Plain text the importer reads back.
    Txt,
    /// The work's JSON with chapter text.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Epub, Format::Html, Format::Txt, Format::Json];

    /// The file extension, also the format's name (`epub`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Html => "html",
            Format::Txt => "txt",
            Format::Json => "json",
        }
    }

    /// The media type to send with it (`application/epub+zip`).
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Epub => "application/epub+zip",
            Format::Html => "text/html; charset=utf-8",
            Format::Txt => "text/plain; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(name: &str) -> Result<Format, ExportError> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| ExportError::UnknownFormat(name.to_string()))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// Writes `work` in `format` to `out`. The EPUB is built in memory first
/// (its zip needs `Seek`), every other format streams. `assets` are the
/// images the chapters may show (see the crate docs for each format).
///
/// ```
/// use ficshelf_export::{export, Format};
/// use ficshelf_model::Work;
/// let mut out = Vec::new();
/// export(Format::Txt, &Work::new("1", "Sea Glass"), &[], &[], &mut out).unwrap();
/// assert_eq!(out, b"Title: Sea Glass\n");
/// ```
pub fn export<W: Write>(
    format: Format,
    work: &Work,
    bodies: &[ChapterBody],
    assets: &[Asset],
    mut out: W,
) -> Result<(), ExportError> {
    match format {
        Format::Epub => {
            let bytes = to_bytes(format, work, bodies, assets)?;
            out.write_all(&bytes)?;
            out.flush()?;
            Ok(())
        }
        Format::Html => crate::write_html(work, bodies, assets, out),
        Format::Txt => crate::write_txt(work, bodies, out),
        Format::Json => crate::write_json(work, bodies, out),
    }
}

/// `work` in `format` as bytes (`assets` as for [`export`]).
pub fn to_bytes(
    format: Format,
    work: &Work,
    bodies: &[ChapterBody],
    assets: &[Asset],
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Epub => {
            let capacity = (work.words as usize).saturating_mul(3) / 2 + 16 * 1024;
            let cursor = crate::write_epub(
                work,
                bodies,
                assets,
                Cursor::new(Vec::with_capacity(capacity)),
            )?;
            Ok(cursor.into_inner())
        }
        _ => {
            let mut out = Vec::new();
            export(format, work, bodies, assets, &mut out)?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.extension().parse::<Format>().unwrap(), format);
        }
        assert!(matches!(
            "pdf".parse::<Format>(),
            Err(ExportError::UnknownFormat(_))
        ));
        assert_eq!(Format::Epub.content_type(), "application/epub+zip");
    }
}
