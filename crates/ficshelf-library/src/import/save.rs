//! Saving a prepared work: one store write (recorded in the journal as part
//! of the import's operation), then its index document. The user's edits of
//! the work are applied again over what its files state. A batch's works
//! are written in store write groups: one transaction for many works, each
//! save still whole on its own.

use super::isolate::Analysed;
use super::prepare::PreparedWork;
use super::{AnalysisFailure, Importer};
use crate::LibraryError;
use ficshelf_store::{NewOperation, OperationKind, WorkWrite};
use std::time::{Duration, Instant};

/// A write group holds the database's write lock at most about this long:
/// readers' writes to the same file (reading positions, bookmarks) wait
/// for it, and a commit per work cost more than the save itself.
const GROUP_HOLD: Duration = Duration::from_millis(500);

impl Importer<'_> {
    /// Saves `prepared` in order, many works per store transaction. A save
    /// that fails ends the batch with its error; the works saved before it
    /// are committed, as they would be one transaction each.
    pub(super) fn save_all(&mut self, prepared: Vec<PreparedWork>) -> Result<(), LibraryError> {
        self.store.begin_write_group()?;
        let mut group_started = Instant::now();
        let mut saved = Ok(());
        for work in prepared {
            if group_started.elapsed() >= GROUP_HOLD {
                self.store.end_write_group()?;
                self.store.begin_write_group()?;
                group_started = Instant::now();
            }
            saved = self.save(work);
            if saved.is_err() {
                break;
            }
        }
        self.store.end_write_group()?;
        saved
    }

    /// Writes `prepared` to the store with its analysis, and indexes it.
    pub(super) fn save(&mut self, prepared: PreparedWork) -> Result<(), LibraryError> {
        let PreparedWork {
            existing_id,
            mut identity_key,
            mut aliases,
            mut merged,
            mut bodies,
            mut is_new,
            assets,
            analysed,
        } = prepared;
        let signature = match analysed {
            Some(Analysed::Done(analysis)) => {
                merged.work.suggested = analysis.suggested;
                Some(analysis.signature)
            }
            Some(Analysed::Failed { reason, signature }) => {
                // The story is saved; the suggestions an earlier analysis
                // made (if any) would no longer match it.
                merged.work.suggested = Default::default();
                let mut paths: Vec<String> = Vec::new();
                for (key, _) in merged.chapter_keys.iter().zip(&is_new).filter(|(_, n)| **n) {
                    if !paths.contains(&key.source) {
                        paths.push(key.source.clone());
                    }
                }
                if paths.is_empty() {
                    paths = merged.work.sources.clone();
                }
                self.report
                    .analysis_failed
                    .push(AnalysisFailure { paths, reason });
                signature
            }
            None => None,
        };
        if let Some(id) = &existing_id {
            if let Some(state) = self.store.work_state(id)? {
                self.leave_others_keys(id, &state, &mut identity_key, &mut aliases)?;
                self.keep_unread_chapters(&mut merged, &mut bodies, &mut is_new, &state)?;
                crate::ops::apply_edits(&mut merged.work, &merged.chapter_keys, &state.edits);
            }
        }
        let operation = match self.operation {
            Some(op) => op,
            None => {
                let op = self.store.begin_operation(&NewOperation {
                    kind: OperationKind::Import,
                    summary: "import",
                    at: crate::ops::now(),
                    reverses: None,
                })?;
                *self.operation.insert(op)
            }
        };
        let new_bodies = merged
            .chapter_keys
            .iter()
            .zip(&bodies)
            .zip(&is_new)
            .filter(|(_, new)| **new)
            .map(|((key, body), _)| (key.clone(), body))
            .collect();
        let write = WorkWrite {
            id: existing_id.as_deref(),
            identity_key: &identity_key,
            aliases: &aliases,
            work: &merged.work,
            sources: &merged.sources,
            chapter_keys: &merged.chapter_keys,
            new_bodies,
            assets: &assets,
            signature: signature.as_deref(),
        };
        let id = self.store.save_work(operation, &write)?;
        crate::indexing::index_work(
            &*self.store,
            &mut self.batch,
            &self.wrangler,
            &id,
            Some(bodies),
        )?;
        self.indexed.insert(id);
        let created = existing_id.is_none();
        self.report.chapters += is_new.iter().filter(|n| **n).count() as u64;
        if created {
            self.report.works_created += 1;
        } else {
            self.report.works_updated += 1;
        }
        self.observer.work_saved(created);
        Ok(())
    }
}

/// The share of a chapter's word shingles found in the chapters kept at
/// which it is a copy of their text: one chapter repeated, or a file that
/// held several chapters in one (a bare text of the whole work).
const COPY_SHARE: f64 = 0.8;

impl Importer<'_> {
    /// A key names one work. A key another work has as its alias moves to
    /// this one (the store does that), but another work's own identity key
    /// stays with it: after a split, a file's key may name the work the
    /// file was split from. Such keys are left out, and this work keeps its
    /// own identity key if the chosen one is another's.
    fn leave_others_keys(
        &self,
        id: &str,
        state: &ficshelf_store::WorkState,
        identity_key: &mut String,
        aliases: &mut Vec<String>,
    ) -> Result<(), LibraryError> {
        let store = &*self.store;
        let others_own = |key: &str| -> Result<bool, LibraryError> {
            Ok(match store.work_by_identity(key)? {
                Some(holder) if holder != id => !store.aliases(&holder)?.iter().any(|k| k == key),
                _ => false,
            })
        };
        let mut kept = Vec::with_capacity(aliases.len());
        for key in aliases.drain(..) {
            if !others_own(&key)? {
                kept.push(key);
            }
        }
        *aliases = kept;
        if others_own(identity_key)? {
            *identity_key = state.identity_key.clone();
            aliases.retain(|k| k != identity_key);
        }
        Ok(())
    }

    /// A re-import replaces the chapters of the files it read. A chapter of
    /// another file may give way only to a copy of its text (found in one
    /// kept chapter or spread over several): the merge rules
    /// judge repeats by place, and a work the user merged in shares places
    /// with the work it joined, so a chapter they set aside without a copy
    /// is put back where it was (after the chapter that preceded it). A
    /// chapter a merge set aside from its file (`SET_ASIDE_INDEX`) is no
    /// longer the file's: it is kept the same way when the file is read.
    fn keep_unread_chapters(
        &self,
        merged: &mut crate::merge::MergedWork,
        bodies: &mut Vec<ficshelf_model::ChapterBody>,
        is_new: &mut Vec<bool>,
        before: &ficshelf_store::WorkState,
    ) -> Result<(), LibraryError> {
        use crate::shingles::Shingles;
        let read: std::collections::HashSet<String> = merged
            .chapter_keys
            .iter()
            .zip(is_new.iter())
            .filter(|(_, new)| **new)
            .map(|(k, _)| k.source.clone())
            .collect();
        let lost: Vec<usize> = (0..before.chapters.len())
            .filter(|&i| {
                let key = &before.chapters[i].key;
                let set_aside = key.index >= crate::ops::SET_ASIDE_INDEX;
                (set_aside || !read.contains(&key.source)) && !merged.chapter_keys.contains(key)
            })
            .collect();
        if lost.is_empty() {
            return Ok(());
        }
        let kept: Vec<Shingles> = bodies.iter().map(|b| Shingles::of(&b.to_text())).collect();
        let kept: Vec<&Shingles> = kept.iter().collect();
        let mut put_back = false;
        for i in lost {
            let record = &before.chapters[i];
            let Some(body) = self.store.text(&record.text)? else {
                continue;
            };
            if Shingles::of(&body.to_text()).share_in(&kept) >= COPY_SHARE {
                continue;
            }
            let at = before.chapters[..i]
                .iter()
                .rev()
                .find_map(|c| merged.chapter_keys.iter().position(|k| *k == c.key))
                .map_or(0, |p| p + 1);
            merged.chapter_keys.insert(at, record.key.clone());
            merged
                .work
                .chapters
                .insert(at, before.work.chapters[i].clone());
            bodies.insert(at, body);
            is_new.insert(at, false);
            if !merged.sources.iter().any(|s| s.path == record.key.source) {
                if let Some(source) = before.sources.iter().find(|s| s.path == record.key.source) {
                    merged.sources.push(source.clone());
                }
            }
            put_back = true;
        }
        if put_back {
            for (n, chapter) in merged.work.chapters.iter_mut().enumerate() {
                chapter.number = n as u32 + 1;
            }
            merged.work.words = merged.work.chapters.iter().map(|c| c.words).sum();
            merged.work.sources = merged.sources.iter().map(|s| s.path.clone()).collect();
        }
        Ok(())
    }
}
