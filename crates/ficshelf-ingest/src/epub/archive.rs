//! Reading entries of an EPUB's zip with the import limits: every entry
//! name must be relative and free of `..`, and each entry read is capped
//! in size, in compression ratio, and in total for the archive.

use super::EpubError;
use crate::inputs::Limits;
use std::io::{Cursor, Read};

/// An opened EPUB archive.
pub(crate) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Bytes decompressed so far.
    read_total: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip and refuses unsafe entry names.
    pub(crate) fn open(bytes: &'a [u8], limits: Limits) -> Result<Archive<'a>, EpubError> {
        let mut zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| EpubError::Zip(e.to_string()))?;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| EpubError::Zip(e.to_string()))?;
            if entry.enclosed_name().is_none() || entry.name().contains('\\') {
                return Err(EpubError::UnsafeName(entry.name().to_string()));
            }
        }
        Ok(Archive {
            zip,
            limits,
            read_total: 0,
        })
    }

    /// Reads the entry `name` as bytes, within the limits.
    pub(crate) fn read(&mut self, name: &str) -> Result<Vec<u8>, EpubError> {
        self.read_capped(name, u64::MAX)
    }

    /// Reads the entry `name` as bytes, within the limits and at most `cap`
    /// bytes (a larger entry is [`EpubError::TooLarge`], read no further).
    pub(crate) fn read_capped(&mut self, name: &str, cap: u64) -> Result<Vec<u8>, EpubError> {
        let entry = self
            .zip
            .by_name(name)
            .map_err(|_| EpubError::Missing(name.to_string()))?;
        let (size, compressed) = (entry.size(), entry.compressed_size().max(1));
        if size > 1 << 20 && size / compressed > self.limits.max_ratio {
            return Err(EpubError::Ratio {
                name: name.to_string(),
                ratio: size / compressed,
            });
        }
        let budget = self
            .limits
            .max_file_bytes
            .min(
                self.limits
                    .max_archive_bytes
                    .saturating_sub(self.read_total),
            )
            .min(cap);
        if size > budget {
            return Err(EpubError::TooLarge {
                name: name.to_string(),
                limit: budget,
            });
        }
        let mut bytes = Vec::new();
        entry.take(budget + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > budget {
            return Err(EpubError::TooLarge {
                name: name.to_string(),
                limit: budget,
            });
        }
        self.read_total += bytes.len() as u64;
        Ok(bytes)
    }

    /// Reads the entry `name` as UTF-8 text.
    pub(crate) fn read_text(&mut self, name: &str) -> Result<String, EpubError> {
        let bytes = self.read(name)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(text.trim_start_matches('\u{feff}').to_string())
    }

    /// Whether the archive has an entry `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }
}

/// Resolves `href` (relative to the folder of `base`) to an entry name:
/// percent escapes decoded, `#fragment` dropped, `.` and `..` applied.
pub(crate) fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> = match base.rfind('/') {
        Some(i) => base[..i].split('/').collect(),
        None => Vec::new(),
    };
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let digit = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        let hex = match (digit(i + 1), digit(i + 2)) {
            (Some(h), Some(l)) => Some((h * 16 + l) as u8),
            _ => None,
        };
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_string()
}
