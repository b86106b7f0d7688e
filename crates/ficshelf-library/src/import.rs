//! Import: files, folders and zip archives into works.
//!
//! Inputs are listed in natural order and handled in batches: read one by
//! one (bounded by [`Limits`]), hashed, decoded and parsed in parallel, then
//! grouped by identity and merged into the store, one transaction per work.
//! Memory is bounded by the batch size, whatever the size of the input.

use crate::merge::{merge, ParsedSource};
use crate::{Library, LibraryError};
use ficshelf_ingest::inputs::{collect_inputs, InputReader, InputRef, Limits};
use ficshelf_ingest::recover::identity_key;
use ficshelf_ingest::{decode, parse_text};
use ficshelf_model::Source;
use ficshelf_store::WorkWrite;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// A file import could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub files_read: u64,
    pub bytes_read: u64,
    pub works_created: u64,
    pub works_updated: u64,
    /// Files already imported with the same content.
    pub files_unchanged: u64,
    /// Chapters added or replaced.
    pub chapters: u64,
    /// Files inside folders that are not fan fiction formats (images, …).
    pub files_ignored: u64,
    pub skipped: Vec<SkippedFile>,
}

/// Follows an import as it goes (the CLI draws a progress bar from this).
pub trait ImportObserver: Sync {
    /// The total size of the input, once known.
    fn total(&self, _files: u64, _bytes: u64) {}
    /// One file was handled (imported, unchanged or skipped).
    fn file_done(&self, _path: &str, _bytes: u64) {}
    /// A work was created or updated.
    fn work_saved(&self, _created: bool) {}
}

/// An observer that ignores everything.
pub struct NoProgress;
impl ImportObserver for NoProgress {}

/// A batch holds at most this many files…
const BATCH_FILES: usize = 512;
/// …and at most this many bytes.
const BATCH_BYTES: u64 = 48 << 20;

enum Handled {
    Parsed(ParsedSource, String),
    Unchanged,
    Skipped(SkippedFile),
}

impl Library {
    /// Imports files, folders (recursively) and `.zip` archives.
    ///
    /// Each work is committed on its own: a file that cannot be read is
    /// reported in [`ImportReport::skipped`] and the rest goes on.
    /// Importing the same files again changes nothing.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        observer: &dyn ImportObserver,
    ) -> Result<ImportReport, LibraryError> {
        let limits = Limits::default();
        let (inputs, ignored) = collect_inputs(paths, &limits);
        let mut report = ImportReport {
            files_ignored: ignored,
            ..ImportReport::default()
        };
        observer.total(inputs.len() as u64, inputs.iter().map(InputRef::size).sum());
        let mut reader = InputReader::new(limits);
        let mut start = 0;
        while start < inputs.len() {
            let mut end = start;
            let mut bytes = 0;
            while end < inputs.len()
                && end - start < BATCH_FILES
                && (bytes < BATCH_BYTES || end == start)
            {
                bytes += inputs[end].size();
                end += 1;
            }
            self.import_batch(&inputs[start..end], &mut reader, observer, &mut report)?;
            start = end;
        }
        Ok(report)
    }

    fn import_batch(
        &mut self,
        batch: &[InputRef],
        reader: &mut InputReader,
        observer: &dyn ImportObserver,
        report: &mut ImportReport,
    ) -> Result<(), LibraryError> {
        let raw: Vec<(&InputRef, Result<Vec<u8>, String>)> = batch
            .iter()
            .map(|input| (input, reader.read(input).map_err(|e| e.to_string())))
            .collect();
        let known: Vec<Option<String>> = batch
            .iter()
            .map(|input| {
                self.store
                    .source(&input.display())
                    .map(|s| s.map(|s| s.sha256))
            })
            .collect::<Result<_, _>>()?;
        let handled: Vec<Handled> = raw
            .into_par_iter()
            .zip(known.into_par_iter())
            .map(|((input, bytes), known_sha)| {
                let handled = handle_file(input, bytes, known_sha.as_deref());
                observer.file_done(&input.display(), input.size());
                handled
            })
            .collect();

        // Group by identity, keeping the order in which identities appear.
        let mut groups: Vec<(String, Vec<ParsedSource>)> = Vec::new();
        for item in handled {
            match item {
                Handled::Parsed(file, key) => {
                    report.files_read += 1;
                    report.bytes_read += file.source.bytes;
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, files)) => files.push(file),
                        None => groups.push((key, vec![file])),
                    }
                }
                Handled::Unchanged => report.files_unchanged += 1,
                Handled::Skipped(skip) => report.skipped.push(skip),
            }
        }
        for (key, files) in groups {
            self.save_group(&key, files, observer, report)?;
        }
        Ok(())
    }

    fn save_group(
        &mut self,
        identity: &str,
        mut files: Vec<ParsedSource>,
        observer: &dyn ImportObserver,
        report: &mut ImportReport,
    ) -> Result<(), LibraryError> {
        let mut existing_id = self.store.work_by_identity(identity)?;
        if existing_id.is_none() {
            // A changed file keeps its work even if its identity changed.
            for file in &files {
                if let Some(stored) = self.store.source(&file.source.path)? {
                    existing_id = Some(stored.work_id);
                    break;
                }
            }
        }
        let existing = match &existing_id {
            Some(id) => self.store.load_work(id)?,
            None => None,
        };
        // The same bytes under another path of this work are a copy, not new chapters.
        if let Some(stored) = &existing {
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
                return Ok(());
            }
        }
        let created = existing.is_none();
        let merged = merge(existing, files);
        let write = WorkWrite {
            id: existing_id.as_deref(),
            identity_key: identity,
            work: &merged.work,
            sources: &merged.sources,
            chapter_keys: &merged.chapter_keys,
            new_bodies: merged
                .new_bodies
                .iter()
                .map(|(k, b)| (k.clone(), b))
                .collect(),
        };
        self.store.save_work(&write)?;
        report.chapters += merged.new_bodies.len() as u64;
        if created {
            report.works_created += 1;
        } else {
            report.works_updated += 1;
        }
        observer.work_saved(created);
        Ok(())
    }
}

/// Hashes, decodes and parses one input (runs on the thread pool).
fn handle_file(
    input: &InputRef,
    bytes: Result<Vec<u8>, String>,
    known_sha: Option<&str>,
) -> Handled {
    let path = input.display();
    let skip = |reason: String| {
        Handled::Skipped(SkippedFile {
            path: path.clone(),
            reason,
        })
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(reason) => return skip(reason),
    };
    let sha256 = hex::encode(Sha256::digest(&bytes));
    if known_sha == Some(sha256.as_str()) {
        return Handled::Unchanged;
    }
    let text = match decode(&bytes) {
        Ok(decoded) => decoded.text,
        Err(e) => return skip(e.to_string()),
    };
    let parsed = match parse_text(&text) {
        Ok(parsed) => parsed,
        Err(e) => return skip(e.to_string()),
    };
    let key = identity_key(&parsed.meta, &input.folder(), &input.file_name());
    let source = Source {
        path: path.clone(),
        sha256,
        bytes: bytes.len() as u64,
    };
    Handled::Parsed(ParsedSource { source, parsed }, key)
}
