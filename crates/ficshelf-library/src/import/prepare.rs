//! Before saving a batch: which work each group of files belongs to, and
//! the merged state of every work the batch touches.
//!
//! Groups are resolved one by one against the works saved before this batch
//! and against the groups already resolved in it, so that a txt save (known
//! by title + authors) and an EPUB of the same work (known by its URL, with
//! title + authors as an alias) land in one work even when they arrive in
//! the same batch. Two works known by different original URLs never join.

use super::{choose_identity, Importer};
use crate::analysis::{Analyzer, WorkAnalysis};
use crate::merge::{merge, MergedWork, ParsedSource};
use crate::LibraryError;
use ficshelf_ingest::recover::identity_alias;
use ficshelf_model::{Asset, ChapterBody};
use std::collections::HashMap;

/// One work as this batch will save it.
pub(super) struct PreparedWork {
    /// `None` for a work this batch creates.
    pub existing_id: Option<String>,
    pub identity_key: String,
    pub aliases: Vec<String>,
    pub merged: MergedWork,
    /// Every chapter's text, in the merged chapter order.
    pub bodies: Vec<ChapterBody>,
    /// Per chapter: whether its text is new in this import (and must be written).
    pub is_new: Vec<bool>,
    /// Every image the chapters refer to.
    pub assets: Vec<Asset>,
    /// Filled by [`PreparedWork::analyze`] on the thread pool.
    pub analysis: Option<WorkAnalysis>,
}

impl PreparedWork {
    /// Runs text analysis over the merged work.
    pub fn analyze(&mut self, analyzer: &Analyzer) {
        self.analysis = Some(analyzer.analyze(&self.merged.work, &self.bodies));
    }
}

/// Files of one batch that belong to one work.
struct Slot {
    existing_id: Option<String>,
    keys: Vec<String>,
    files: Vec<ParsedSource>,
}

impl Slot {
    /// Whether a group known by `identity` and `aliases` is this slot's work.
    fn claims(&self, identity: &str, aliases: &[String]) -> bool {
        if self.keys.iter().any(|k| k == identity) {
            return true;
        }
        let shares_alias = aliases.iter().any(|a| self.keys.contains(a));
        shares_alias && !other_url(&self.keys, identity)
    }
}

/// Whether `keys` hold an original URL other than `identity`.
fn other_url(keys: &[String], identity: &str) -> bool {
    identity.starts_with("url:") && keys.iter().any(|k| k.starts_with("url:") && k != identity)
}

impl Importer<'_> {
    /// Resolves `groups` (files by identity key) to works and merges each.
    pub(super) fn prepare(
        &mut self,
        groups: Vec<(String, Vec<ParsedSource>)>,
    ) -> Result<Vec<PreparedWork>, LibraryError> {
        let mut slots: Vec<Slot> = Vec::new();
        for (identity, files) in groups {
            let aliases: Vec<String> = files
                .iter()
                .filter_map(|f| identity_alias(&f.parsed.meta))
                .collect();
            let mut keys = aliases.clone();
            keys.push(identity.clone());
            if let Some(slot) = slots.iter_mut().find(|s| s.claims(&identity, &aliases)) {
                slot.keys.extend(keys);
                slot.files.extend(files);
                continue;
            }
            let existing_id = self.find_work(&identity, &aliases, &files)?;
            match slots
                .iter_mut()
                .find(|s| existing_id.is_some() && s.existing_id == existing_id)
            {
                Some(slot) => {
                    slot.keys.extend(keys);
                    slot.files.extend(files);
                }
                None => slots.push(Slot {
                    existing_id,
                    keys,
                    files,
                }),
            }
        }
        let mut prepared = Vec::with_capacity(slots.len());
        for slot in slots {
            if let Some(work) = self.merge_slot(slot)? {
                prepared.push(work);
            }
        }
        Ok(prepared)
    }

    /// The stored work these files belong to, if any.
    fn find_work(
        &self,
        identity: &str,
        aliases: &[String],
        files: &[ParsedSource],
    ) -> Result<Option<String>, LibraryError> {
        if let Some(id) = self.store.work_by_identity(identity)? {
            return Ok(Some(id));
        }
        for alias in aliases {
            if let Some(id) = self.store.work_by_identity(alias)? {
                if !other_url(&self.keys_of(&id)?, identity) {
                    return Ok(Some(id));
                }
            }
        }
        // A changed file keeps its work even if its identity changed.
        for file in files {
            if let Some(stored) = self.store.source(&file.source.path)? {
                return Ok(Some(stored.work_id));
            }
        }
        Ok(None)
    }

    /// Every key work `id` is known by.
    fn keys_of(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        let mut keys = self.store.aliases(id)?;
        if let Some(stored) = self.store.load_work(id)? {
            keys.push(stored.identity_key);
        }
        Ok(keys)
    }

    /// Merges a slot's files into its stored work (or a new one); `None`
    /// when every file is a byte-identical copy of one the work has.
    fn merge_slot(&mut self, slot: Slot) -> Result<Option<PreparedWork>, LibraryError> {
        let Slot {
            existing_id,
            mut keys,
            mut files,
        } = slot;
        let existing = match &existing_id {
            Some(id) => self.store.load_work(id)?,
            None => None,
        };
        let mut stored_bodies = HashMap::new();
        if let Some(stored) = &existing {
            // The same bytes under another path of this work are a copy, not new chapters.
            let report = &mut *self.report;
            files.retain(|f| {
                let copy = stored
                    .sources
                    .iter()
                    .any(|s| s.sha256 == f.source.sha256 && s.path != f.source.path);
                if copy {
                    report.files_unchanged += 1;
                }
                !copy
            });
            if files.is_empty() {
                return Ok(None);
            }
            let mut known = self.store.aliases(&stored.work.id)?;
            known.push(stored.identity_key.clone());
            known.append(&mut keys);
            keys = known;
            for (i, key) in stored.chapter_keys.iter().enumerate() {
                let number = i as u32 + 1;
                let body = self
                    .store
                    .chapter_body(&stored.work.id, number)?
                    .unwrap_or_default();
                stored_bodies.insert(key.clone(), body);
            }
        }
        // The latest group's key leads unless a URL is known.
        let (identity_key, aliases) = choose_identity(keys);
        let mut merged = merge(existing, files);
        let mut fresh: HashMap<_, _> = std::mem::take(&mut merged.new_bodies).into_iter().collect();
        let mut is_new = Vec::with_capacity(merged.chapter_keys.len());
        let bodies: Vec<ChapterBody> = merged
            .chapter_keys
            .iter()
            .map(|key| match fresh.remove(key) {
                Some(body) => {
                    is_new.push(true);
                    body
                }
                None => {
                    is_new.push(false);
                    stored_bodies.remove(key).unwrap_or_default()
                }
            })
            .collect();
        let owners: Vec<&str> = existing_id.iter().map(String::as_str).collect();
        let fresh = std::mem::take(&mut merged.new_assets);
        let assets = crate::assets::work_assets(&*self.store, &bodies, fresh, &owners)?;
        Ok(Some(PreparedWork {
            existing_id,
            identity_key,
            aliases,
            merged,
            bodies,
            is_new,
            assets,
            analysis: None,
        }))
    }
}
