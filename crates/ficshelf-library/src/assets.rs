//! Which images a work keeps after a save, and reading them back.
//!
//! A work links exactly the images its chapter text refers to
//! (`asset:<sha256>`). Their bytes come from the files just parsed or, for
//! images of chapters that were not re-read, from the store — but only
//! images the work (or a work joined into it) already linked, so a file
//! cannot claim another work's image by naming it.

use crate::{Library, LibraryError};
use ficshelf_model::{asset_refs, Asset, Block, ChapterBody};
use ficshelf_store::Store;

/// The images `bodies` refer to, in order of first use: from `fresh` when
/// there, else from the store if one of `owners` (work ids) links it.
/// References to images that are neither are left out.
pub(crate) fn work_assets(
    store: &dyn Store,
    bodies: &[ChapterBody],
    mut fresh: Vec<Asset>,
    owners: &[&str],
) -> Result<Vec<Asset>, LibraryError> {
    let mut refs: Vec<String> = Vec::new();
    for body in bodies {
        for block in &body.blocks {
            if let Block::Html(html) = block {
                for sha in asset_refs(html) {
                    if !refs.contains(&sha) {
                        refs.push(sha);
                    }
                }
            }
        }
    }
    if refs.is_empty() {
        return Ok(Vec::new());
    }
    let mut linked = Vec::new();
    for owner in owners {
        linked.extend(store.work_assets(owner)?);
    }
    let mut out = Vec::with_capacity(refs.len());
    for sha in refs {
        if let Some(i) = fresh.iter().position(|a| a.sha256 == sha) {
            out.push(fresh.swap_remove(i));
        } else if linked.contains(&sha) {
            if let Some((media_type, bytes)) = store.asset(&sha)? {
                out.push(Asset {
                    sha256: sha,
                    media_type,
                    bytes,
                });
            }
        }
    }
    Ok(out)
}

impl Library {
    /// Image `sha256` (its media type and bytes), if some work keeps it.
    pub fn asset(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, LibraryError> {
        Ok(self.store.asset(sha256)?)
    }

    /// The names (SHA-256) of the images work `id` keeps, sorted; empty for
    /// an unknown work.
    pub fn work_assets(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        Ok(self.store.work_assets(id)?)
    }

    /// Every image work `id` keeps, with its bytes, sorted by name (for
    /// exports).
    pub fn work_images(&self, id: &str) -> Result<Vec<Asset>, LibraryError> {
        let mut out = Vec::new();
        for sha256 in self.store.work_assets(id)? {
            if let Some((media_type, bytes)) = self.store.asset(&sha256)? {
                out.push(Asset {
                    sha256,
                    media_type,
                    bytes,
                });
            }
        }
        Ok(out)
    }

    /// Image `sha256` of work `id`: `None` unless that work keeps it.
    pub fn work_asset(
        &self,
        id: &str,
        sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, LibraryError> {
        if !self.store.work_assets(id)?.iter().any(|s| s == sha256) {
            return Ok(None);
        }
        self.asset(sha256)
    }
}
