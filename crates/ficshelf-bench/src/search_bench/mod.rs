//! The search benchmark behind `ficshelf-bench search`.
//!
//! One run, on the same works:
//! 1. Ficshelf: `Library::import` of the corpus (store and search index),
//!    timed.
//! 2. The works and their chapter text are read back from the library
//!    ([`data`], untimed) and indexed by a plain tantivy index ([`raw`]): the
//!    upper bound for indexing the text.
//! 3. The same works loaded into SQLite FTS5 the way a typical app would
//!    ([`fts`]), timed.
//! 4. Queries drawn deterministically from the text and the manifest
//!    ([`queries`]), five classes, run on both engines after a warm-up;
//!    latencies and `total` agreement go to [`report`].

pub mod data;
pub mod fts;
pub mod queries;
pub mod raw;
pub mod report;

use anyhow::{Context, Result};
use ficshelf_library::{Library, NoProgress, SearchOptions};
use fts::Fts;
use queries::{Class, Query, PAGE};
use raw::RawRun;
use report::{ClassResult, Latency};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Queries of each class run untimed first.
const WARM_UP: usize = 20;
/// Differing queries listed per class.
const EXAMPLES: usize = 3;

/// What `ficshelf-bench search` was asked to do.
#[derive(Debug, Clone)]
pub struct SearchBenchOptions {
    pub corpus: PathBuf,
    /// Import only the manifest's first N works (default: the whole corpus).
    pub works: Option<usize>,
    /// Library folder (default: a temporary one, deleted afterwards).
    pub library: Option<PathBuf>,
    /// Queries per class.
    pub queries: usize,
}

/// Everything one run measured.
#[derive(Debug)]
pub struct SearchRun {
    pub works: u64,
    pub skipped: u64,
    /// Bytes of corpus files imported: the denominator of every MB/s.
    pub corpus_bytes: u64,
    /// Bytes of title, summary, tags and story text handed to FTS5.
    pub text_bytes: u64,
    pub import_seconds: f64,
    pub read_back_seconds: f64,
    pub raw: RawRun,
    pub fts_load_seconds: f64,
    pub classes: Vec<ClassResult>,
}

/// Runs the whole benchmark; progress goes to stderr.
pub fn run(options: &SearchBenchOptions) -> Result<SearchRun> {
    let mut manifest = data::read_manifest(&options.corpus, options.works.map(|n| n + 1))?;
    let all = options.works.is_none_or(|n| manifest.len() <= n);
    if let Some(n) = options.works {
        manifest.truncate(n);
    }
    let roots = data::import_roots(&options.corpus, &manifest, all);
    let scratch = tempfile::Builder::new()
        .prefix("ficshelf-search-bench-")
        .tempdir()
        .context("cannot create a scratch folder")?;
    let library_dir = options
        .library
        .clone()
        .unwrap_or_else(|| scratch.path().join("library"));

    eprintln!(
        "importing {} works into {}",
        manifest.len(),
        library_dir.display()
    );
    let mut library = Library::open(&library_dir)
        .with_context(|| format!("cannot open a library in {}", library_dir.display()))?;
    let start = Instant::now();
    let import = library
        .import(&roots, &NoProgress)
        .context("Ficshelf's import failed")?;
    let import_seconds = start.elapsed().as_secs_f64();

    eprintln!("reading works back");
    let start = Instant::now();
    let docs = data::load_docs(&library)?;
    let read_back_seconds = start.elapsed().as_secs_f64();
    let text_bytes = docs.iter().map(data::Doc::text_bytes).sum();
    let works = docs.len() as u64;

    eprintln!("raw tantivy index");
    let raw_dir = scratch.path().join("raw");
    std::fs::create_dir(&raw_dir).context("cannot create the raw index folder")?;
    let raw = raw::index(&raw_dir, &docs)?;

    eprintln!("sqlite fts5 load");
    let start = Instant::now();
    let fts = Fts::load(&scratch.path().join("fts5.sqlite3"), &docs)?;
    let fts_load_seconds = start.elapsed().as_secs_f64();

    let queries = queries::generate(&docs, &manifest, options.queries);
    drop(docs);
    let mut classes = Vec::new();
    for class in Class::ALL {
        let batch: Vec<&Query> = queries.iter().filter(|q| q.class == class).collect();
        eprintln!("queries: {} × {}", batch.len(), class.key());
        classes.push(measure(&library, &fts, class, &batch)?);
    }
    Ok(SearchRun {
        works,
        skipped: import.skipped.len() as u64,
        corpus_bytes: import.bytes_read,
        text_bytes,
        import_seconds,
        read_back_seconds,
        raw,
        fts_load_seconds,
        classes,
    })
}

/// Warms up, then times every query on Ficshelf, then on FTS5.
fn measure(library: &Library, fts: &Fts, class: Class, batch: &[&Query]) -> Result<ClassResult> {
    let options = SearchOptions {
        offset: 0,
        limit: PAGE,
        facet_top: if class.facets() { 10 } else { 0 },
        ..SearchOptions::default()
    };
    let ficshelf = |query: &Query| -> Result<u64> {
        let options = SearchOptions {
            offset: query.offset,
            ..options.clone()
        };
        let results = library
            .search(&query.ficshelf, &options)
            .with_context(|| format!("Ficshelf search failed: {}", query.ficshelf))?;
        Ok(results.total)
    };
    let sqlite = |query: &Query| -> Result<u64> {
        let results = fts
            .search(query, class.facets())
            .with_context(|| format!("FTS5 search failed: {}", query.ficshelf))?;
        Ok(results.total)
    };
    for query in batch.iter().take(WARM_UP) {
        ficshelf(query)?;
        sqlite(query)?;
    }
    let (fs_times, fs_totals) = time_all(batch, ficshelf)?;
    let (fts_times, fts_totals) = time_all(batch, sqlite)?;

    let mut total_differs = 0;
    let mut examples = Vec::new();
    for ((query, a), b) in batch.iter().zip(&fs_totals).zip(&fts_totals) {
        if a != b {
            total_differs += 1;
            if examples.len() < EXAMPLES {
                examples.push(format!("{}: ficshelf {a} vs fts5 {b}", query.ficshelf));
            }
        }
    }
    let mean = |totals: &[u64]| totals.iter().sum::<u64>() as f64 / totals.len().max(1) as f64;
    Ok(ClassResult {
        class,
        queries: batch.len(),
        ficshelf: Latency::of(&fs_times),
        fts5: Latency::of(&fts_times),
        total_differs,
        ficshelf_mean_total: mean(&fs_totals),
        fts5_mean_total: mean(&fts_totals),
        examples,
    })
}

/// Runs `search` on every query, returning each latency and `total`.
fn time_all(
    batch: &[&Query],
    search: impl Fn(&Query) -> Result<u64>,
) -> Result<(Vec<Duration>, Vec<u64>)> {
    let mut times = Vec::with_capacity(batch.len());
    let mut totals = Vec::with_capacity(batch.len());
    for query in batch {
        let start = Instant::now();
        let total = search(query)?;
        times.push(start.elapsed());
        totals.push(total);
    }
    Ok((times, totals))
}
