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

/// What `analyze` did: the works analysed, and those whose analysis
/// failed (their earlier suggestions stay as they were).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzeReport {
    pub analyzed: u64,
    /// Each work whose analysis failed, with the one-line reason.
    pub failed: Vec<AnalyzeFailure>,
}

/// One work whose analysis failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzeFailure {
    pub id: String,
    pub reason: String,
}

impl Library {
    /// Runs text analysis again over the works `ids` (every work when empty)
    /// and stores what it suggests. Stated fields are never touched. A
    /// failure inside one work's analysis costs that work alone: it keeps
    /// its earlier suggestions and is reported, the others are saved.
    pub fn analyze(&mut self, ids: &[String]) -> Result<AnalyzeReport, LibraryError> {
        use crate::import::isolate::{analyse, Analysed, Faults};
        let ids: Vec<String> = if ids.is_empty() {
            self.store.works()?.into_iter().map(|w| w.id).collect()
        } else {
            ids.to_vec()
        };
        let faults = Faults::from_env();
        let mut report = AnalyzeReport::default();
        // Bounded batches: bodies of a few hundred works at a time.
        for chunk in ids.chunks(256) {
            let mut loaded = Vec::with_capacity(chunk.len());
            for id in chunk {
                let state = self.state(id)?;
                let bodies = self.state_bodies(&state)?;
                loaded.push((state, bodies));
            }
            let analyzer = &self.analyzer;
            let results: Vec<Analysed> = loaded
                .par_iter()
                .map(|(state, bodies)| analyse(analyzer, &faults, &state.work, bodies))
                .collect();
            let mut changes = Vec::with_capacity(loaded.len());
            for ((state, _), analysed) in loaded.iter().zip(results) {
                let analysis = match analysed {
                    Analysed::Done(analysis) => analysis,
                    Analysed::Failed { reason, .. } => {
                        report.failed.push(AnalyzeFailure {
                            id: state.work.id.clone(),
                            reason,
                        });
                        continue;
                    }
                };
                let mut new = state.clone();
                new.work.suggested = analysis.suggested;
                new.signature = Some(hex::encode(&analysis.signature));
                changes.push(crate::ops::change(
                    Some(&state.work.id),
                    Some(state),
                    Some(new),
                ));
                report.analyzed += 1;
            }
            let summary = format!("analysed {} works", changes.len());
            self.apply(OperationKind::Analyze, &summary, None, &changes)?;
        }
        Ok(report)
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
        let summary_of: HashMap<&str, &ficshelf_model::Work> =
            works.iter().map(|w| (w.id.as_str(), w)).collect();
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
