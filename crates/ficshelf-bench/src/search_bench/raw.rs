//! The upper bound: a plain tantivy index of title and story text, one
//! document per work with one `body` value per chapter, analysed like
//! Ficshelf's text (simple tokenizer, long-token filter, lower case, English
//! stemmer, accents folded) with positions for phrases, and written with the same writer
//! threads and memory as Ficshelf's index batches. No parsing, no store,
//! no tags, no fast fields: what indexing the text alone costs.

use super::data::Doc;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::Instant;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Ficshelf's writer: at most 2 threads, 64 MiB each.
const WRITER_THREADS: usize = 2;
const MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

/// How long the raw index took.
#[derive(Debug, Clone, Copy)]
pub struct RawRun {
    /// Adding every document and the commit.
    pub seconds: f64,
    /// Waiting for background merges afterwards (not in `seconds`).
    pub merge_seconds: f64,
    pub docs: u64,
}

/// Indexes `docs` into a new index in `dir`.
pub fn index(dir: &Path, docs: &[Doc]) -> Result<RawRun> {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let index = Index::create_in_dir(dir, builder.build())
        .with_context(|| format!("cannot create a tantivy index in {}", dir.display()))?;
    index.tokenizers().register(
        "en",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(WRITER_THREADS);

    let start = Instant::now();
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)?;
    for doc in docs {
        let mut document = TantivyDocument::default();
        document.add_text(title, &doc.title);
        for chapter in &doc.chapters {
            document.add_text(body, chapter);
        }
        writer.add_document(document)?;
    }
    writer
        .commit()
        .context("cannot commit the raw tantivy index")?;
    let seconds = start.elapsed().as_secs_f64();

    let start = Instant::now();
    writer
        .wait_merging_threads()
        .context("tantivy merge failed")?;
    Ok(RawRun {
        seconds,
        merge_seconds: start.elapsed().as_secs_f64(),
        docs: docs.len() as u64,
    })
}
