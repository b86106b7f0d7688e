//! Keeping the search index in step with the store.
//!
//! The store is the record; the index is derived from it. Every save in the
//! store appends to its change log, and every index commit records the last
//! change it includes. When a library is opened, a gap between the two (an
//! import killed between a store commit and an index commit, a changed
//! `synonyms.toml`, a new index schema) is repaired before anything else
//! runs: the works changed since the index's label are indexed again, or
//! everything is when that is what it takes.

use crate::LibraryError;
use ficshelf_model::ChapterBody;
use ficshelf_search::{IndexBatch, SearchError, SearchIndex, TagWrangler};
use ficshelf_store::Store;

/// How far behind the store an index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IndexGap {
    None,
    /// Works changed after this change number must be indexed again.
    Since(u64),
    /// Everything must be indexed again.
    All,
}

/// Compares the index's last commit with the store's change log.
pub(crate) fn gap(store: &dyn Store, index: &SearchIndex) -> Result<IndexGap, LibraryError> {
    let info = index.commit_info()?;
    let wrangler = index.wrangler();
    let last = store.last_change()?;
    if info.synonyms.is_some_and(|s| s != wrangler.fingerprint()) {
        return Ok(IndexGap::All);
    }
    Ok(match info.label {
        None if last == 0 => IndexGap::None,
        None => IndexGap::All,
        Some(label) if label < last => IndexGap::Since(label),
        Some(label) if label > last => IndexGap::All,
        Some(_) => IndexGap::None,
    })
}

/// The index writer, waiting up to ten seconds while another process holds
/// it (a reader bringing the index up to date takes it for a moment).
pub(crate) fn wait_for_writer(index: &SearchIndex) -> Result<IndexBatch<'_>, LibraryError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match index.writer() {
            Err(SearchError::WriterBusy) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return Ok(other?),
        }
    }
}

/// Closes `gap`; returns how many works were indexed again.
pub(crate) fn repair(
    store: &dyn Store,
    index: &SearchIndex,
    gap: IndexGap,
) -> Result<u64, LibraryError> {
    let ids = match gap {
        IndexGap::None => return Ok(0),
        IndexGap::Since(label) => store.changed_since(label)?,
        IndexGap::All => store.works()?.into_iter().map(|w| w.id).collect(),
    };
    let mut batch = index.writer()?;
    if gap == IndexGap::All {
        batch.delete_all()?;
    }
    let wrangler = index.wrangler();
    let mut count = 0;
    for id in &ids {
        count += u64::from(index_work(store, &mut batch, &wrangler, id, None)?);
    }
    batch.commit(store.last_change()?)?;
    batch.finish()?;
    if count > 0 {
        tracing::info!(works = count, "search index brought up to date");
    }
    Ok(count)
}

/// Indexes work `id` as the store has it now (or removes it from the index
/// when the store no longer has it). `bodies`, when given, are the work's
/// chapter texts in order, saving a read. Returns whether the work exists.
pub(crate) fn index_work(
    store: &dyn Store,
    batch: &mut IndexBatch<'_>,
    wrangler: &TagWrangler,
    id: &str,
    bodies: Option<Vec<ChapterBody>>,
) -> Result<bool, LibraryError> {
    let Some(stored) = store.load_work(id)? else {
        batch.delete_work(id);
        return Ok(false);
    };
    let work = stored.work;
    let bodies = match bodies {
        Some(bodies) if bodies.len() == work.chapters.len() => bodies,
        _ => work
            .chapters
            .iter()
            .map(|c| Ok(store.chapter_body(id, c.number)?.unwrap_or_default()))
            .collect::<Result<Vec<_>, LibraryError>>()?,
    };
    batch.upsert_work(&work, &bodies, wrangler)?;
    Ok(true)
}

impl crate::Library {
    /// Indexes what the store changed after the index's last commit.
    pub(crate) fn index_changes_since_label(&mut self) -> Result<(), LibraryError> {
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
