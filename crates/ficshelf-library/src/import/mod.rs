//! Import: files, folders and zip archives into works.
//!
//! Inputs are listed in natural order and handled in batches: read one by
//! one (bounded by [`Limits`]), hashed, decoded and parsed in parallel, then
//! grouped by identity and merged into the store, several works per
//! transaction (each work's save still whole on its own).
//! Memory is bounded by the batch size, whatever the size of the input.

mod compare;
pub(crate) mod isolate;
mod prepare;
mod resolve;
mod save;

use crate::analysis::Analyzer;
use crate::merge::ParsedSource;
use crate::{Library, LibraryError};
use ficshelf_ingest::inputs::{collect_inputs, InputReader, InputRef, Limits};
use ficshelf_ingest::parse_file;
use ficshelf_ingest::recover::identity_key;
use ficshelf_model::Source;
use ficshelf_search::{IndexBatch, TagWrangler};
use ficshelf_store::Store;
use isolate::{isolated, Faults};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A file import could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// A work saved without suggestions because its text analysis failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalysisFailure {
    /// The files of this import the work was read from.
    pub paths: Vec<String>,
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
    /// Works saved with their story but without suggestions.
    pub analysis_failed: Vec<AnalysisFailure>,
}

/// Follows an import as it goes (the CLI draws a progress bar from this).
pub trait ImportObserver: Sync {
    /// The total size of the input, once known.
    fn total(&self, _files: u64, _bytes: u64) {}
    /// One file was handled (imported, unchanged or skipped).
    fn file_done(&self, _path: &str, _bytes: u64) {}
    /// A work was created or updated.
    fn work_saved(&self, _created: bool) {}
    /// A file could not be used (also listed in [`ImportReport::skipped`]
    /// at the end); called as soon as it is known, for live progress.
    fn file_skipped(&self, _skip: &SkippedFile) {}
}

/// An observer that ignores everything.
pub struct NoProgress;
impl ImportObserver for NoProgress {}

/// The search index commits at most this often during an import.
const INDEX_COMMIT_INTERVAL: Duration = Duration::from_secs(10);

/// A batch holds at most this many files…
const BATCH_FILES: usize = 512;
/// …and at most this many bytes.
const BATCH_BYTES: u64 = 48 << 20;

enum Handled {
    Parsed(Box<ParsedSource>, String),
    Unchanged,
    Skipped(SkippedFile),
}

impl Library {
    /// Imports files, folders (recursively) and `.zip` archives.
    ///
    /// Each work is committed to the store on its own, and the search index
    /// after every batch: a file that cannot be read is reported in
    /// [`ImportReport::skipped`] and the rest goes on. Importing the same
    /// files again changes nothing. If the import is killed, the next
    /// [`Library::open`] indexes the works the store has and the index lacks.
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
        let Library {
            store,
            index,
            analyzer,
            analyze_on_import,
            ..
        } = self;
        let mut importer = Importer {
            store: store.as_mut(),
            batch: crate::indexing::wait_for_writer(index)?,
            wrangler: index.wrangler(),
            observer,
            report: &mut report,
            indexed: HashSet::new(),
            analyzer: analyze_on_import.then_some(&*analyzer),
            faults: Faults::from_env(),
            operation: None,
        };
        let mut reader = InputReader::new(limits);
        let mut last_commit = Instant::now();
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
            let before = importer.store.last_change()?;
            importer.import_batch(&inputs[start..end], &mut reader)?;
            importer.index_other_changes(before)?;
            importer.indexed.clear();
            // Index commits are sync points (they wait for every indexing
            // thread and write segments): make them every few seconds, not
            // every batch. A crash in between loses nothing: the store's
            // change log tells the next open what to index again.
            if last_commit.elapsed() >= INDEX_COMMIT_INTERVAL {
                importer.batch.checkpoint(importer.store.last_change()?)?;
                last_commit = Instant::now();
            }
            start = end;
        }
        importer.batch.commit(importer.store.last_change()?)?;
        importer.batch.finish()?;
        Ok(report)
    }
}

/// One import run: the store, the open index writer and the report.
struct Importer<'a> {
    store: &'a mut dyn Store,
    batch: IndexBatch<'a>,
    wrangler: Arc<TagWrangler>,
    observer: &'a dyn ImportObserver,
    report: &'a mut ImportReport,
    /// Works indexed in the current batch.
    indexed: HashSet<String>,
    /// `None` when import does not analyse.
    analyzer: Option<&'a Analyzer>,
    /// Failures a debug build injects for tests.
    faults: Faults,
    /// The journal operation this import records its saves in, begun at
    /// its first save (an import that changes nothing records nothing).
    operation: Option<u64>,
}

impl Importer<'_> {
    /// Indexes works the store changed since `before` that this batch has
    /// not indexed yet: works that lost a file to a work saved in it.
    fn index_other_changes(&mut self, before: u64) -> Result<(), LibraryError> {
        for id in self.store.changed_since(before)? {
            if !self.indexed.contains(&id) {
                crate::indexing::index_work(
                    &*self.store,
                    &mut self.batch,
                    &self.wrangler,
                    &id,
                    None,
                )?;
            }
        }
        Ok(())
    }

    fn import_batch(
        &mut self,
        batch: &[InputRef],
        reader: &mut InputReader,
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
        let observer = self.observer;
        let faults = &self.faults;
        let handled: Vec<Handled> = raw
            .into_par_iter()
            .zip(known.into_par_iter())
            .map(|((input, bytes), known_sha)| {
                let handled = handle_file(input, bytes, known_sha.as_deref(), faults);
                observer.file_done(&input.display(), input.size());
                handled
            })
            .collect();

        // Each file is resolved to its work on its own, in input order, as
        // if it were imported alone: files with one key may still be
        // namesakes, and a batch must decide as a series of imports would.
        let mut files: Vec<(String, ParsedSource)> = Vec::new();
        for item in handled {
            match item {
                Handled::Parsed(file, key) => {
                    self.report.files_read += 1;
                    self.report.bytes_read += file.source.bytes;
                    files.push((key, *file));
                }
                Handled::Unchanged => self.report.files_unchanged += 1,
                Handled::Skipped(skip) => {
                    self.observer.file_skipped(&skip);
                    self.report.skipped.push(skip);
                }
            }
        }
        let mut prepared = self.prepare(files)?;
        if let Some(analyzer) = self.analyzer {
            let faults = &self.faults;
            prepared
                .par_iter_mut()
                .for_each(|work| work.analyze(analyzer, faults));
        }
        self.save_all(prepared)
    }
}

/// Hashes, then decodes and parses one input by its format (runs on the thread pool).
fn handle_file(
    input: &InputRef,
    bytes: Result<Vec<u8>, String>,
    known_sha: Option<&str>,
    faults: &Faults,
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
    let file_name = input.file_name();
    let read = isolated(|| {
        faults.before_parse(&file_name);
        parse_file(&file_name, &bytes, &Limits::default())
    });
    let parsed = match read {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(e)) => return skip(e.to_string()),
        Err(panic) => return skip(format!("the reader failed on this file ({panic})")),
    };
    let key = identity_key(&parsed.meta, &input.folder(), &input.file_name());
    let source = Source {
        path: path.clone(),
        sha256,
        bytes: bytes.len() as u64,
    };
    Handled::Parsed(Box::new(ParsedSource { source, parsed }), key)
}
