//! Writing to the index: [`IndexBatch`] and the commit payload.

use crate::schema::SCHEMA_VERSION;
use crate::{document, SearchError, SearchIndex, TagWrangler};
use ficshelf_model::{ChapterBody, Work};
use serde::{Deserialize, Serialize};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Threads indexing in parallel (the machine this runs on may be small, and
/// the library imports in parallel itself).
const WRITER_THREADS: usize = 2;
/// Memory each indexing thread may fill before it flushes a segment.
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

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
    writer: IndexWriter<TantivyDocument>,
    synonyms: Option<u64>,
}

impl<'a> IndexBatch<'a> {
    pub(crate) fn new(index: &'a SearchIndex) -> Result<IndexBatch<'a>, SearchError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(WRITER_THREADS);
        let writer = index
            .tantivy()
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        Ok(IndexBatch {
            index,
            writer,
            synonyms: None,
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
        let (doc, chapters) = document::build(self.index.fields(), work, bodies, wrangler)?;
        self.delete_work(&work.id);
        self.writer.add_document(doc)?;
        for chapter in chapters {
            self.writer.add_document(chapter)?;
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
        let previous = self.index.commit_info()?;
        let info = CommitInfo {
            schema_version: SCHEMA_VERSION,
            label: Some(label),
            synonyms: self.synonyms.or(previous.synonyms),
        };
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&info.to_payload());
        prepared.commit()?;
        self.index.reload()
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
