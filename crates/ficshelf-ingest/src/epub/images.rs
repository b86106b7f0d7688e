//! Images inside an EPUB: `<img src>` resolved to an entry of the book,
//! read within [`ImageLimits`], checked by magic bytes and kept as
//! [`Asset`]s; the `src` becomes `asset:<sha256>`.
//!
//! Nothing outside the book is ever fetched: remote, absolute, `data:` and
//! other-scheme sources, paths escaping the zip root, SVG, unknown types and
//! images over the limits are dropped (with a `tracing` warning for limits
//! and unreadable entries). A dropped image never fails the import.

use super::archive::{percent_decode, Archive};
use ficshelf_model::{asset_refs, Asset, Block, ASSET_SCHEME};
use scraper::{Html, Node, StrTendril};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Limits on the images kept from one EPUB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Largest single image, in bytes.
    pub max_image_bytes: u64,
    /// Largest total of the images kept from one book, in bytes.
    pub max_book_bytes: u64,
    /// Most distinct images kept from one book.
    pub max_count: usize,
}

impl Default for ImageLimits {
    fn default() -> ImageLimits {
        ImageLimits {
            max_image_bytes: 5 << 20,
            max_book_bytes: 32 << 20,
            max_count: 200,
        }
    }
}

/// Why an `<img src>` does not name an entry of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SrcError {
    #[error("empty source")]
    Empty,
    #[error("remote image (never fetched)")]
    Remote,
    #[error("data: URI")]
    Data,
    #[error("URL with another scheme")]
    Scheme,
    #[error("absolute path")]
    Absolute,
    #[error("path escapes the book")]
    Escapes,
}

/// Resolves `src`, as written in the chapter entry `chapter`, to the name of
/// an entry of the book (percent escapes decoded, query and fragment cut).
pub(crate) fn resolve_src(chapter: &str, src: &str) -> Result<String, SrcError> {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if src.is_empty() {
        return Err(SrcError::Empty);
    }
    if lower.starts_with("http:") || lower.starts_with("https:") || src.starts_with("//") {
        return Err(SrcError::Remote);
    }
    if lower.starts_with("data:") {
        return Err(SrcError::Data);
    }
    let first_part = src.split(['/', '?', '#']).next().unwrap_or("");
    if first_part.contains(':') {
        return Err(SrcError::Scheme);
    }
    if src.starts_with(['/', '\\']) {
        return Err(SrcError::Absolute);
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    if path.contains('\\') || path.contains('\0') {
        return Err(SrcError::Escapes);
    }
    let mut parts: Vec<&str> = match chapter.rfind('/') {
        Some(i) => chapter[..i].split('/').collect(),
        None => Vec::new(),
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(SrcError::Escapes)?;
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(SrcError::Empty);
    }
    Ok(parts.join("/"))
}

/// The media type `bytes` are, by their magic bytes: PNG, JPEG, GIF or
/// WebP; anything else (SVG included) is `None`.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The images read from one book so far.
#[derive(Debug, Default)]
pub(crate) struct Images {
    limits: ImageLimits,
    assets: Vec<Asset>,
    /// Entry name to the asset made of it (`None`: dropped).
    by_entry: HashMap<String, Option<String>>,
    total: u64,
}

impl Images {
    pub(crate) fn new(limits: ImageLimits) -> Images {
        Images {
            limits,
            ..Images::default()
        }
    }

    /// Points every `<img>` of `doc` (read from entry `chapter`) at its
    /// asset, keeping only `src` and `alt`; images that cannot be kept lose
    /// their element.
    pub(crate) fn rewrite(&mut self, doc: &mut Html, chapter: &str, archive: &mut Archive) {
        let ids: Vec<_> = doc
            .tree
            .nodes()
            .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "img"))
            .map(|n| n.id())
            .collect();
        for id in ids {
            let Some(mut node) = doc.tree.get_mut(id) else {
                continue;
            };
            let src = match node.value() {
                Node::Element(e) => e.attr("src").unwrap_or("").to_string(),
                _ => continue,
            };
            let sha = match resolve_src(chapter, &src) {
                Ok(entry) => self.asset_for(&entry, archive),
                Err(reason) => {
                    tracing::debug!(chapter, %reason, "EPUB image source refused");
                    None
                }
            };
            let Some(sha) = sha else {
                node.detach();
                continue;
            };
            if let Node::Element(e) = node.value() {
                let kept: Vec<_> = std::mem::take(&mut e.attrs)
                    .into_iter()
                    .filter(|(name, _)| matches!(&*name.local, "src" | "alt"))
                    .map(|(name, value)| match &*name.local {
                        "src" => (name, StrTendril::from(format!("{ASSET_SCHEME}{sha}"))),
                        _ => (name, value),
                    })
                    .collect();
                e.attrs = kept.into_iter().collect();
            }
        }
    }

    /// The asset made of `entry`, reading it the first time.
    fn asset_for(&mut self, entry: &str, archive: &mut Archive) -> Option<String> {
        if let Some(known) = self.by_entry.get(entry) {
            return known.clone();
        }
        let sha = self.load(entry, archive);
        self.by_entry.insert(entry.to_string(), sha.clone());
        sha
    }

    fn load(&mut self, entry: &str, archive: &mut Archive) -> Option<String> {
        let limits = self.limits;
        let left = limits.max_book_bytes.saturating_sub(self.total);
        let bytes = match archive.read_capped(entry, limits.max_image_bytes.min(left)) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(entry, error = %e, "EPUB image dropped");
                return None;
            }
        };
        let Some(media_type) = sniff(&bytes) else {
            tracing::warn!(entry, "EPUB image dropped: not PNG, JPEG, GIF or WebP");
            return None;
        };
        let sha256 = hex::encode(Sha256::digest(&bytes));
        if self.assets.iter().any(|a| a.sha256 == sha256) {
            return Some(sha256);
        }
        if self.assets.len() >= limits.max_count {
            tracing::warn!(
                entry,
                limit = limits.max_count,
                "EPUB image dropped: too many"
            );
            return None;
        }
        self.total += bytes.len() as u64;
        self.assets.push(Asset {
            sha256: sha256.clone(),
            media_type: media_type.to_string(),
            bytes,
        });
        Some(sha256)
    }

    /// The assets the final chapters of `chapters` refer to.
    pub(crate) fn used<'a>(
        self,
        bodies: impl Iterator<Item = &'a ficshelf_model::ChapterBody>,
    ) -> Vec<Asset> {
        let mut used = Vec::new();
        for body in bodies {
            for block in &body.blocks {
                if let Block::Html(html) = block {
                    used.extend(asset_refs(html));
                }
            }
        }
        self.assets
            .into_iter()
            .filter(|a| used.contains(&a.sha256))
            .collect()
    }
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
