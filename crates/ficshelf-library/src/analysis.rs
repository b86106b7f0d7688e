//! Text analysis in a library: the analyzer import runs on every work it
//! saves, and the use cases `analyze`, `duplicates` and `merge`.

pub(crate) use ficshelf_analyze::{Analyzer, WorkAnalysis};

use crate::indexing::{index_work, wait_for_writer};
use ficshelf_analyze::characters::CharacterLists;
use std::path::Path;

/// Folder of the library's own character lists (`*.toml`).
pub const CHARACTERS_DIR: &str = "characters";

/// The analyzer for the library in `root`: the built-in character lists
/// plus every `characters/*.toml` there, in name order.
pub(crate) fn load_analyzer(root: &Path) -> Result<Analyzer, LibraryError> {
    let mut lists = CharacterLists::builtin();
    let dir = root.join(CHARACTERS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Analyzer::new(lists)),
        Err(source) => return Err(LibraryError::ReadInput { path: dir, source }),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LibraryError::ReadInput {
            path: dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|source| LibraryError::ReadInput {
            path: path.clone(),
            source,
        })?;
        lists
            .add_toml(&text)
            .map_err(|source| LibraryError::CharacterList { path, source })?;
    }
    Ok(Analyzer::new(lists))
}
use crate::{Library, LibraryError};
use ficshelf_model::{ChapterBody, Work};
use ficshelf_store::WorkWrite;
use rayon::prelude::*;

impl Library {
    /// Runs text analysis again over the works `ids` (every work when empty)
    /// and stores what it suggests; returns how many works were analysed.
    /// Stated fields are never touched.
    pub fn analyze(&mut self, ids: &[String]) -> Result<u64, LibraryError> {
        let ids: Vec<String> = if ids.is_empty() {
            self.store.works()?.into_iter().map(|w| w.id).collect()
        } else {
            ids.to_vec()
        };
        let mut done = 0;
        // Bounded batches: bodies of a few hundred works at a time.
        for chunk in ids.chunks(256) {
            let mut loaded = Vec::with_capacity(chunk.len());
            for id in chunk {
                let stored = self
                    .store
                    .load_work(id)?
                    .ok_or_else(|| LibraryError::UnknownWork { id: id.clone() })?;
                let bodies = self.bodies(&stored.work)?;
                loaded.push((stored.work, bodies));
            }
            let analyzer = &self.analyzer;
            let results: Vec<WorkAnalysis> = loaded
                .par_iter()
                .map(|(work, bodies)| analyzer.analyze(work, bodies))
                .collect();
            for ((work, _), analysis) in loaded.iter().zip(results) {
                self.store.set_suggested(&work.id, &analysis.suggested)?;
                self.store.set_signature(&work.id, &analysis.signature)?;
                done += 1;
            }
            self.index_changes_since_label()?;
        }
        Ok(done)
    }

    /// Joins work `from` into work `into`: every source, every chapter not
    /// already there (two copies of a chapter are kept once, as on import),
    /// stated lists united; `from` is deleted and its keys lead to `into`
    /// from then on, so importing its files again updates `into`.
    pub fn merge(&mut self, into: &str, from: &str) -> Result<Work, LibraryError> {
        if into == from {
            return Err(LibraryError::MergeSelf {
                id: into.to_string(),
            });
        }
        let load = |id: &str| {
            self.store
                .load_work(id)?
                .ok_or_else(|| LibraryError::UnknownWork { id: id.to_string() })
        };
        let (a, b) = (load(into)?, load(from)?);
        let mut keys = self.store.aliases(into)?;
        keys.extend(self.store.aliases(from)?);
        keys.push(b.identity_key.clone());
        keys.retain(|k| *k != a.identity_key);
        keys.sort();
        keys.dedup();
        let bodies_b = self.bodies(&b.work)?;
        let mut bodies_a = self.bodies(&a.work)?;
        let identity = a.identity_key.clone();
        let (merged, kept) = crate::merge::join(a, b);
        // Chapters of `from` are new to `into`; its own are stored already.
        let mut all_bodies: Vec<ChapterBody> = Vec::with_capacity(merged.chapter_keys.len());
        let mut new_bodies = Vec::new();
        for origin in &kept {
            match origin {
                crate::merge::Origin::Into(i) => {
                    all_bodies.push(std::mem::take(&mut bodies_a[*i]));
                }
                crate::merge::Origin::From(i) => all_bodies.push(bodies_b[*i].clone()),
            }
        }
        for (i, origin) in kept.iter().enumerate() {
            if matches!(origin, crate::merge::Origin::From(_)) {
                new_bodies.push((merged.chapter_keys[i].clone(), &all_bodies[i]));
            }
        }
        let assets =
            crate::assets::work_assets(&*self.store, &all_bodies, Vec::new(), &[into, from])?;
        let mut work = merged.work;
        let analysis = self.analyzer.analyze(&work, &all_bodies);
        work.suggested = analysis.suggested;
        let write = WorkWrite {
            id: Some(into),
            identity_key: &identity,
            aliases: &keys,
            work: &work,
            sources: &merged.sources,
            chapter_keys: &merged.chapter_keys,
            new_bodies,
            assets: &assets,
            signature: Some(&analysis.signature),
        };
        self.store.save_work(&write)?;
        self.index_changes_since_label()?;
        self.work(into)?.ok_or_else(|| LibraryError::UnknownWork {
            id: into.to_string(),
        })
    }

    /// Every chapter text of `work`, in order.
    fn bodies(&self, work: &Work) -> Result<Vec<ChapterBody>, LibraryError> {
        work.chapters
            .iter()
            .map(|c| {
                Ok(self
                    .store
                    .chapter_body(&work.id, c.number)?
                    .unwrap_or_default())
            })
            .collect()
    }

    /// Indexes what the store changed after the index's last commit.
    fn index_changes_since_label(&mut self) -> Result<(), LibraryError> {
        let label = self.index.commit_info()?.label.unwrap_or(0);
        let ids = self.store.changed_since(label)?;
        let mut batch = wait_for_writer(&self.index)?;
        let wrangler = self.index.wrangler();
        for id in &ids {
            index_work(self.store.as_ref(), &mut batch, &wrangler, id, None)?;
        }
        batch.commit(self.store.last_change()?)?;
        batch.finish()?;
        Ok(())
    }
}

/// Works that look like the same story saved twice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DuplicateGroup {
    /// The lowest estimated Jaccard similarity of the pairs that formed the
    /// group (for a group found by its chapters, that of its least similar pair).
    pub similarity: f64,
    /// What the works share.
    pub by: DuplicateEvidence,
    pub works: Vec<ficshelf_model::WorkSummary>,
}

/// What makes a group of works look like one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateEvidence {
    /// Their text (MinHash over word shingles).
    Text,
    /// Their title, authors and chapter lengths, while the text disagrees.
    Chapters,
}

impl Library {
    /// Groups of near-duplicate works, most similar first: works whose text
    /// agrees (MinHash over word shingles with an LSH index; see
    /// `ficshelf_analyze::minhash`), then works whose text does not but
    /// whose title, authors and chapter lengths do (see `duplicates.rs`).
    pub fn duplicates(&self) -> Result<Vec<DuplicateGroup>, LibraryError> {
        use ficshelf_analyze::minhash;
        use std::collections::HashMap;
        let mut signatures = Vec::new();
        for (id, bytes) in self.store.signatures()? {
            let Ok(number) = id.parse::<u64>() else {
                continue;
            };
            match minhash::Signature::from_bytes(&bytes) {
                Ok(signature) => signatures.push((number, signature)),
                // Written by another version: `ficshelf analyze` rewrites it.
                Err(e) => tracing::warn!(work = %id, error = %e, "unreadable signature skipped"),
            }
        }
        let by_text = minhash::groups(&signatures, minhash::DEFAULT_THRESHOLD);
        let mut text_group: HashMap<u64, usize> = HashMap::new();
        for (g, group) in by_text.iter().enumerate() {
            for id in &group.ids {
                text_group.insert(*id, g);
            }
        }
        let works = self.store.works()?;
        let shapes: Vec<crate::duplicates::Shape> = works
            .iter()
            .filter_map(|w| Some(crate::duplicates::Shape::of(w.id.parse().ok()?, w)))
            .collect();
        let by_shape = crate::duplicates::same_shapes(&shapes, |a, b| {
            text_group
                .get(&a)
                .is_some_and(|g| text_group.get(&b) == Some(g))
        });
        let signature_of: HashMap<u64, &minhash::Signature> =
            signatures.iter().map(|(id, s)| (*id, s)).collect();
        let summary_of: HashMap<&str, &Work> = works.iter().map(|w| (w.id.as_str(), w)).collect();
        let summaries = |ids: &[u64]| -> Vec<ficshelf_model::WorkSummary> {
            ids.iter()
                .filter_map(|id| summary_of.get(id.to_string().as_str()))
                .map(|w| w.summary_row())
                .collect()
        };
        let mut groups = Vec::new();
        for group in by_text {
            let works = summaries(&group.ids);
            if works.len() > 1 {
                groups.push(DuplicateGroup {
                    similarity: group.similarity,
                    by: DuplicateEvidence::Text,
                    works,
                });
            }
        }
        for ids in by_shape {
            let mut similarity = f64::INFINITY;
            for (k, a) in ids.iter().enumerate() {
                for b in &ids[k + 1..] {
                    let pair = match (signature_of.get(a), signature_of.get(b)) {
                        (Some(x), Some(y)) => minhash::similarity(x, y),
                        _ => 0.0,
                    };
                    similarity = similarity.min(pair);
                }
            }
            groups.push(DuplicateGroup {
                similarity,
                by: DuplicateEvidence::Chapters,
                works: summaries(&ids),
            });
        }
        Ok(groups)
    }
}
