//! Writing to the index: [`IndexBatch`] and the commit payload.
//!
//! Memory while writing is bounded whatever the size of the library: each
//! indexing thread fills at most [`WRITER_MEMORY_PER_THREAD`] before it
//! writes a segment, documents waiting for those threads hold at most
//! [`TEXT_IN_FLIGHT_BYTES`] of text ([`crate::index_doc`]), one merge runs at
//! a time and reads at most
//! [`MAX_MERGE_INPUT_BYTES`](crate::merge_policy::MAX_MERGE_INPUT_BYTES)
//! ([`crate::merge_policy`]), and [`IndexBatch::checkpoint`] commits without
//! preparing this process's searches for the new segments.

use crate::index_doc::{IndexDoc, TextGate};
use crate::merge_policy::BoundedMergePolicy;
use crate::schema::SCHEMA_VERSION;
use crate::{document, SearchError, SearchIndex, TagWrangler};
use ficshelf_model::{ChapterBody, Work};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tantivy::indexer::IndexWriterOptions;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Threads indexing in parallel (the machine this runs on may be small, and
/// the library imports in parallel itself).
const WRITER_THREADS: usize = 2;
/// Memory each indexing thread may fill before it flushes a segment.
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;
/// Bytes of chapter text handed to the writer and not yet indexed, at most
/// (more waits; see [`crate::index_doc`]).
const TEXT_IN_FLIGHT_BYTES: usize = 32 * 1024 * 1024;
/// Merges running at once (each reads up to the merge policy's cap).
const MERGE_THREADS: usize = 1;

/// What every commit stores in the index's commit payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// The schema version the index was written with.
    pub schema_version: u32,
    /// The label given to the last [`IndexBatch::commit`] (the store's last
    /// import sequence number); `None` before the first one.
    pub label: Option<u64>,
    /// [`TagWrangler::fingerprint`] of the synonyms the last upserted works
    /// were wrangled with; `None` before any work was written.
    pub synonyms: Option<u64>,
}

impl CommitInfo {
    pub(crate) fn parse(payload: &str) -> Result<CommitInfo, SearchError> {
        serde_json::from_str(payload).map_err(|e| SearchError::Payload {
            payload: payload.to_string(),
            message: e.to_string(),
        })
    }

    pub(crate) fn to_payload(self) -> String {
        serde_json::json!({
            "schema_version": self.schema_version,
            "label": self.label,
            "synonyms": self.synonyms,
        })
        .to_string()
    }
}

/// A writer session: changes are made visible together by
/// [`IndexBatch::commit`], which may be called several times (e.g. every few
/// thousand works of a long import).
///
/// Holds the index's writer lock for its lifetime: only one batch (in any
/// process) can exist per index. Changes not committed when the batch is
/// dropped are discarded. Call [`IndexBatch::finish`] at the end of a large
/// import to let background segment merges complete.
pub struct IndexBatch<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter<IndexDoc>,
    synonyms: Option<u64>,
    text_gate: TextGate,
}

impl<'a> IndexBatch<'a> {
    pub(crate) fn new(index: &'a SearchIndex) -> Result<IndexBatch<'a>, SearchError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(WRITER_THREADS);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(WRITER_MEMORY_PER_THREAD)
            .num_merge_threads(MERGE_THREADS)
            .build();
        let writer = index.tantivy().writer_with_options(options)?;
        if let Some(dir) = index.dir() {
            writer.set_merge_policy(Box::new(BoundedMergePolicy::new(dir.to_path_buf())));
        }
        Ok(IndexBatch {
            index,
            writer,
            synonyms: None,
            text_gate: TextGate::default(),
        })
    }

    /// Adds `work`, replacing any earlier version with the same id.
    ///
    /// `bodies` are the story text of `work.chapters`, in the same order.
    /// Tags are canonicalised with `wrangler`; pass the same wrangler to
    /// [`SearchIndex::set_wrangler`] so query filters are wrangled alike.
    pub fn upsert_work(
        &mut self,
        work: &Work,
        bodies: &[ChapterBody],
        wrangler: &TagWrangler,
    ) -> Result<(), SearchError> {
        let docs = document::build(self.index.fields(), work, bodies, wrangler)?;
        let ticket = Arc::new(self.text_gate.admit(docs.text_bytes, TEXT_IN_FLIGHT_BYTES));
        self.delete_work(&work.id);
        for mut doc in std::iter::once(docs.work).chain(docs.chapters) {
            doc.set_ticket(&ticket);
            self.writer.add_document(doc)?;
        }
        self.synonyms = Some(wrangler.fingerprint());
        Ok(())
    }

    /// Removes the work with this id (and its chapters); no-op if absent.
    pub fn delete_work(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields().id, id.trim()));
    }

    /// Removes every work.
    pub fn delete_all(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes the batch's changes durable and visible to searches, storing
    /// `label` (the store's last import sequence number) in the commit so a
    /// later [`SearchIndex::committed_label`] tells how far the index got.
    pub fn commit(&mut self, label: u64) -> Result<(), SearchError> {
        self.checkpoint(label)?;
        self.index.reload()
    }

    /// Makes the batch's changes durable, like [`IndexBatch::commit`], for
    /// the commits in the middle of a long import: searches in other
    /// processes see them as usual, and this process's searches within a
    /// moment (the reader follows commits), but its search caches are not
    /// rebuilt for them, which costs time growing with the index.
    pub fn checkpoint(&mut self, label: u64) -> Result<(), SearchError> {
        let previous = self.index.commit_info()?;
        let info = CommitInfo {
            schema_version: SCHEMA_VERSION,
            label: Some(label),
            synonyms: self.synonyms.or(previous.synonyms),
        };
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&info.to_payload());
        prepared.commit()?;
        Ok(())
    }

    /// Releases the writer after waiting for background merges to finish
    /// (uncommitted changes are discarded).
    pub fn finish(self) -> Result<(), SearchError> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Writes the first commit of a new index, recording its schema version.
pub(crate) fn initial_commit(index: &tantivy::Index) -> Result<(), SearchError> {
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15_000_000)?;
    let info = CommitInfo {
        schema_version: SCHEMA_VERSION,
        label: None,
        synonyms: None,
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&info.to_payload());
    prepared.commit()?;
    Ok(())
}
