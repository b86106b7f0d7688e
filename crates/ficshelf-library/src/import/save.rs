//! Saving a prepared work: one store transaction, then its index document.

use super::isolate::Analysed;
use super::prepare::PreparedWork;
use super::{AnalysisFailure, Importer};
use crate::LibraryError;
use ficshelf_store::WorkWrite;

impl Importer<'_> {
    /// Writes `prepared` to the store with its analysis, and indexes it.
    pub(super) fn save(&mut self, prepared: PreparedWork) -> Result<(), LibraryError> {
        let PreparedWork {
            existing_id,
            identity_key,
            aliases,
            mut merged,
            bodies,
            is_new,
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
        let id = self.store.save_work(&write)?;
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
