//! Running a search over a searcher's segments, on one thread or several.
//!
//! A search walks each segment on its own and merges the segments' harvests
//! ([`crate::collect`]), so the segments of a large library can be walked
//! at once on a small pool of threads: a search matching most of 100k
//! works then takes about half the time on two cores. A small library is
//! searched on the caller's thread, where handing segments to a pool would
//! cost more than it saves. The pool's threads are started on the first
//! search that wants them, so opening an index (every CLI command, every
//! test) starts none.
//!
//! A pool only helps while cores are idle: under many concurrent searches
//! the cores are busy anyway, and handing segments between threads adds
//! work without adding throughput. So a search goes to the pool only when
//! no other search of the same index is running: a lone search is
//! shortened, and a busy server searches on its callers' threads as
//! before. (The web load bench at 100k works, 64 connections, 3 rounds:
//! listing 889 and search 156 req/s with this rule, 746 and 127 with no
//! pool at all; runs of the same build differ by up to 20%.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use tantivy::collector::Collector;
use tantivy::query::{EnableScoring, Query};
use tantivy::{Executor, Searcher};

/// Documents (works and chapters) from which a search runs on the pool.
const PARALLEL_FROM_DOCS: u64 = 50_000;
/// Most threads a pool gets, whatever the machine.
const MAX_THREADS: usize = 8;

/// Chooses where each search runs.
pub(crate) struct SegmentExecutor {
    /// The pool, started on first use; `None` if the machine has one core
    /// or the threads could not be started.
    pool: OnceLock<Option<Executor>>,
    /// Searchers with at least this many documents (and two segments) use the pool.
    parallel_from: u64,
    /// Searches running now through this executor.
    running: AtomicUsize,
}

/// Counts a search as running until dropped.
struct Running<'a>(&'a AtomicUsize);

impl<'a> Running<'a> {
    /// Counts one more search; also says how many others were running.
    fn enter(count: &'a AtomicUsize) -> (Running<'a>, usize) {
        let others = count.fetch_add(1, Ordering::AcqRel);
        (Running(count), others)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Default for SegmentExecutor {
    fn default() -> SegmentExecutor {
        SegmentExecutor::with_threshold(PARALLEL_FROM_DOCS)
    }
}

impl SegmentExecutor {
    /// An executor that uses its pool from `parallel_from` documents.
    pub fn with_threshold(parallel_from: u64) -> SegmentExecutor {
        SegmentExecutor {
            pool: OnceLock::new(),
            parallel_from,
            running: AtomicUsize::new(0),
        }
    }

    /// Runs `collector` over every segment of `searcher` and merges the
    /// segments' fruits: what [`Searcher::search`] does, with the segments
    /// walked in parallel when the searcher is large enough.
    pub fn search<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        let scoring = if collector.requires_scoring() {
            EnableScoring::enabled_from_searcher(searcher)
        } else {
            EnableScoring::disabled_from_searcher(searcher)
        };
        let (_running, others) = Running::enter(&self.running);
        let executor = match self.pool_for(searcher, others) {
            Some(pool) => pool,
            None => &Executor::SingleThread,
        };
        searcher.search_with_executor(query, collector, executor, scoring)
    }

    /// The pool, if `searcher` is worth splitting and no `others` searches
    /// are running beside this one.
    fn pool_for(&self, searcher: &Searcher, others: usize) -> Option<&Executor> {
        if others > 0
            || searcher.segment_readers().len() < 2
            || searcher.num_docs() < self.parallel_from
        {
            return None;
        }
        self.pool.get_or_init(start_pool).as_ref()
    }
}

/// A pool with a thread per core (at most [`MAX_THREADS`]), or `None` on a
/// single core or when the threads cannot be started; searches then run on
/// the caller's thread, which gives the same results.
fn start_pool() -> Option<Executor> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(MAX_THREADS);
    if threads < 2 {
        return None;
    }
    match Executor::multi_thread(threads, "ficshelf-search-") {
        Ok(pool) => Some(pool),
        Err(error) => {
            tracing::warn!(%error, "searching on one thread: the search pool did not start");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SearchIndex, SearchOptions, TagWrangler};
    use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Work};

    const WORDS: [&str; 6] = ["lantern", "harbour", "orchard", "ember", "quay", "thistle"];

    /// Work `id`: a rating, a fandom and two characters drawn from its id,
    /// and a chapter using some of [`WORDS`] some number of times.
    fn work(id: usize) -> (Work, ChapterBody) {
        let mut work = Work::new(id.to_string(), format!("Tale {id}"));
        work.rating = Rating::ALL[id % 5];
        work.fandoms = vec![["Salt Roads", "Tin Moon", "Orchard Wars"][id % 3].to_string()];
        work.characters = vec![format!("Keeper {}", id % 7), format!("Pilot {}", id % 4)];
        work.authors = vec![format!("writer{}", id % 5)];
        let text: Vec<&str> = (0..(id % 9 + 1))
            .map(|i| WORDS[(id + i * i) % WORDS.len()])
            .collect();
        work.chapters = vec![Chapter {
            number: 1,
            title: None,
            words: text.len() as u64,
            notes: Notes::default(),
            sources: vec![],
        }];
        let body = ChapterBody {
            blocks: vec![Block::Paragraph(text.join(" "))],
        };
        (work, body)
    }

    #[test]
    fn the_pool_is_left_alone_while_another_search_runs() {
        let index = SearchIndex::open_in_ram().expect("index");
        let mut batch = index.writer().expect("writer");
        for id in 0..4 {
            let (work, body) = work(id);
            batch
                .upsert_work(&work, &[body], &TagWrangler::new())
                .expect("upsert");
            batch.commit(id as u64 + 1).expect("commit");
        }
        drop(batch);
        let searcher = index.searcher();
        let executor = SegmentExecutor::with_threshold(0);
        let (_first, others) = Running::enter(&executor.running);
        assert_eq!(others, 0);
        {
            let (_second, others) = Running::enter(&executor.running);
            assert_eq!(others, 1);
            assert!(executor.pool_for(&searcher, others).is_none());
        }
        assert_eq!(executor.running.load(Ordering::Acquire), 1);
        let big = SegmentExecutor::with_threshold(u64::MAX);
        assert!(
            big.pool_for(&searcher, 0).is_none(),
            "too small for the pool"
        );
        if std::thread::available_parallelism().map_or(1, usize::from) > 1 {
            assert!(executor.pool_for(&searcher, 0).is_some());
        }
    }

    #[test]
    fn a_search_on_the_pool_equals_one_on_the_callers_thread() {
        let mut index = SearchIndex::open_in_ram().expect("index");
        let wrangler = TagWrangler::new();
        let mut batch = index.writer().expect("writer");
        // Four commits: four segments, with deletes and replacements in
        // the older ones.
        for round in 0..4usize {
            for id in (round * 30)..(round * 30 + 40) {
                let (work, body) = work(id);
                batch
                    .upsert_work(&work, &[body], &wrangler)
                    .expect("upsert");
            }
            batch.delete_work(&(round * 7).to_string());
            batch.commit(round as u64 + 1).expect("commit");
        }
        drop(batch);
        assert!(
            index.searcher().segment_readers().len() >= 2,
            "several segments"
        );

        let queries = [
            "lantern",
            "the",
            "harbour ember",
            "\"orchard ember\"",
            "fandom:\"Tin Moon\" sort:words",
            "-character:\"Keeper 3\" sort:title",
            "quay rating:general,teen",
            "",
        ];
        let options = SearchOptions {
            limit: 7,
            offset: 3,
            facet_top: 5,
            ..SearchOptions::default()
        };
        let one_thread: Vec<_> = queries
            .iter()
            .map(|q| index.search(q, &options).expect("search"))
            .collect();
        index.executor = SegmentExecutor::with_threshold(0);
        for (query, expected) in queries.iter().zip(&one_thread) {
            let pooled = index.search(query, &options).expect("search");
            assert_eq!(&pooled, expected, "query {query:?}");
        }
        assert_eq!(index.doc_count().expect("count"), 126);
        if std::thread::available_parallelism().map_or(1, usize::from) > 1 {
            assert!(
                matches!(index.executor.pool.get(), Some(Some(_))),
                "the pool was used"
            );
        }
    }
}
