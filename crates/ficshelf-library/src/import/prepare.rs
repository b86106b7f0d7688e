//! Before saving a batch: which work each group of files belongs to (see
//! `resolve`: the works saved before this batch and the groups already
//! resolved in it answer by the same rule), the keys each work is saved
//! under, and the merged state of every work the batch touches.

use super::isolate::{analyse, Analysed, Faults};
use super::resolve::{Resolver, Slot};
use super::Importer;
use crate::analysis::Analyzer;
use crate::merge::{merge, MergedWork, ParsedSource};
use crate::LibraryError;
use ficshelf_model::{Asset, ChapterBody};
use std::collections::{HashMap, HashSet};

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
    pub analysed: Option<Analysed>,
}

impl PreparedWork {
    /// Runs text analysis over the merged work; a failure is kept to this work.
    pub fn analyze(&mut self, analyzer: &Analyzer, faults: &Faults) {
        self.analysed = Some(analyse(analyzer, faults, &self.merged.work, &self.bodies));
    }
}

impl Importer<'_> {
    /// Resolves `files` (each with its identity key) to works, one by one,
    /// and merges each work.
    pub(super) fn prepare(
        &mut self,
        files: Vec<(String, ParsedSource)>,
    ) -> Result<Vec<PreparedWork>, LibraryError> {
        let mut resolver = Resolver::default();
        for (identity, file) in files {
            self.resolve(&mut resolver, &identity, file)?;
        }
        let mut taken = HashSet::new();
        let mut prepared = Vec::with_capacity(resolver.slots.len());
        for slot in resolver.slots {
            let keys = self.settle_keys(&slot, &mut taken)?;
            if let Some(work) = self.merge_slot(slot, keys)? {
                prepared.push(work);
            }
        }
        Ok(prepared)
    }

    /// Merges a slot's files into its stored work (or a new one); `None`
    /// when every file is a byte-identical copy of one the work has.
    fn merge_slot(
        &mut self,
        slot: Slot,
        (identity_key, aliases): (String, Vec<String>),
    ) -> Result<Option<PreparedWork>, LibraryError> {
        let Slot {
            existing_id,
            mut files,
            ..
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
            for (i, key) in stored.chapter_keys.iter().enumerate() {
                let number = i as u32 + 1;
                let body = self
                    .store
                    .chapter_body(&stored.work.id, number)?
                    .unwrap_or_default();
                stored_bodies.insert(key.clone(), body);
            }
        }
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
        let mut bodies = bodies;
        if merged.sources.len() > 1 {
            crate::merge::drop_copies(&mut merged, &mut bodies, &mut is_new);
        }
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
            analysed: None,
        }))
    }
}
