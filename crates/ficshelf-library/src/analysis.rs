//! Text analysis in a library: the analyzer import runs on every work it
//! saves, and the use cases `analyze` and `duplicates` (`merge` is an
//! operation of `ops`).

pub(crate) use ficshelf_analyze::{Analyzer, WorkAnalysis};

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
use ficshelf_store::OperationKind;
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
                let state = self.state(id)?;
                let bodies = self.state_bodies(&state)?;
                loaded.push((state, bodies));
            }
            let analyzer = &self.analyzer;
            let results: Vec<WorkAnalysis> = loaded
                .par_iter()
                .map(|(state, bodies)| analyzer.analyze(&state.work, bodies))
                .collect();
            let mut changes = Vec::with_capacity(loaded.len());
            for ((state, _), analysis) in loaded.iter().zip(results) {
                let mut new = state.clone();
                new.work.suggested = analysis.suggested;
                new.signature = Some(hex::encode(&analysis.signature));
                changes.push(crate::ops::change(
                    Some(&state.work.id),
                    Some(state),
                    Some(new),
                ));
                done += 1;
            }
            let summary = format!("analysed {} works", changes.len());
            self.apply(OperationKind::Analyze, &summary, None, &changes)?;
        }
        Ok(done)
    }
}

/// Works that look like the same story saved twice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DuplicateGroup {
    /// The lowest estimated Jaccard similarity of the pairs that formed the group.
    pub similarity: f64,
    pub works: Vec<ficshelf_model::WorkSummary>,
}

impl Library {
    /// Groups of near-duplicate works (MinHash over word shingles with an
    /// LSH index; see `ficshelf_analyze::minhash`), most similar first.
    pub fn duplicates(&self) -> Result<Vec<DuplicateGroup>, LibraryError> {
        use ficshelf_analyze::minhash;
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
        let mut groups = Vec::new();
        for group in minhash::groups(&signatures, minhash::DEFAULT_THRESHOLD) {
            let mut works = Vec::with_capacity(group.ids.len());
            for id in &group.ids {
                if let Some(stored) = self.store.load_work(&id.to_string())? {
                    works.push(stored.work.summary_row());
                }
            }
            if works.len() > 1 {
                groups.push(DuplicateGroup {
                    similarity: group.similarity,
                    works,
                });
            }
        }
        Ok(groups)
    }
}
