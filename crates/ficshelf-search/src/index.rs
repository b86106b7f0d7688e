//! [`SearchIndex`]: opening, writing, searching.

use crate::batch::{initial_commit, CommitInfo};
use crate::collect::{
    ColumnCache, Deadline, GlobalOrdinals, OrdinalCache, WorkCollector, WorkValuesCache,
};
use crate::executor::SegmentExecutor;
use crate::query::build::QueryBuilder;
use crate::query::{Sort, SortField, SortOrder};
use crate::schema::{build_schema, register_analyzers, Fields, SCHEMA_VERSION};
use crate::snippet::HitRenderer;
use crate::tags::DisplayNames;
use crate::{
    facets, query, IndexBatch, SearchError, SearchOptions, SearchResults, TagCount, TagKind,
    TagWrangler,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::Count;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

/// The full-text index of a library: a tantivy index in the library
/// folder's `index/` directory, or in memory.
///
/// `Send + Sync`: share one per process (e.g. in an `Arc`) and search from
/// any thread. Searches see the last commit, of this process or another.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: Option<PathBuf>,
    wrangler: RwLock<Arc<TagWrangler>>,
    display: DisplayNames,
    columns: ColumnCache,
    ordinals: OrdinalCache,
    values: WorkValuesCache,
    /// The content of `meta.json` as last read before a reload (see
    /// [`SearchIndex::catch_up`]). The lock also keeps reloads one at a
    /// time, so that a slow reload can never replace a newer one's searcher
    /// with an older commit.
    seen_meta: Mutex<Option<Vec<u8>>>,
    /// The documents each reader's exclusions name, per segment.
    exclusions: crate::exclude::ExclusionCache,
    /// Where searches walk the segments: on the caller's thread, or on a pool.
    pub(crate) executor: SegmentExecutor,
}

/// Decompressed blocks of stored documents kept per segment (tantivy keeps
/// 100). Stored documents are read only to render a page of hits: its work
/// documents, then the best chapter of each, which sits beside its work,
/// so a few blocks per segment catch those second reads; varied searches
/// hardly ever read a block again. With 100, the caches grew with the
/// library, per segment and per open handle: about 2 MB per segment of
/// short works, and a library of a million works has some 60 segments.
const DOC_STORE_CACHE_BLOCKS: usize = 4;

/// Files tantivy keeps in an index directory, which [`SearchIndex::recreate`] may delete.
fn is_index_file(name: &str) -> bool {
    const EXTENSIONS: [&str; 8] = [
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "json",
    ];
    name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        || name.rsplit_once('.').is_some_and(|(stem, ext)| {
            EXTENSIONS.contains(&ext)
                && stem.len() == 32
                && stem.chars().all(|c| c.is_ascii_hexdigit())
        })
}

/// Whether `directory` holds an index with its first commit (the one that
/// records the schema version). An index without it is being created by
/// another process, or was left half-made by a crash.
fn is_complete(directory: &MmapDirectory) -> Result<bool, SearchError> {
    if !Index::exists(directory)? {
        return Ok(false);
    }
    Ok(Index::open(directory.clone())
        .and_then(|index| index.load_metas())
        .is_ok_and(|metas| metas.payload.is_some()))
}

/// An empty index with its first commit, in `directory`.
fn create_empty(
    directory: MmapDirectory,
    schema: tantivy::schema::Schema,
) -> Result<(), SearchError> {
    let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
    initial_commit(&index)
}

/// The lock held while an index is created or recreated in a folder, so
/// that two processes opening a new library do not both create it (the
/// second one used to find a half-made index, take it for one of another
/// schema and delete it under the first). An OS file lock, released when
/// the process ends, however it ends.
struct CreationLock {
    _file: std::fs::File,
}

impl CreationLock {
    /// The name of the lock file, in the index folder.
    const FILE: &'static str = ".ficshelf-create.lock";

    /// Waits for and takes the lock of `dir`.
    fn take(dir: &Path) -> Result<CreationLock, SearchError> {
        let path = dir.join(Self::FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| SearchError::io(&path, e))?;
        file.lock().map_err(|e| SearchError::io(&path, e))?;
        Ok(CreationLock { _file: file })
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if
    /// missing.
    ///
    /// Fails with [`SearchError::RebuildNeeded`] when the index was written
    /// with another schema; [`SearchIndex::recreate`] then starts afresh.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        let directory = MmapDirectory::open(dir)?;
        let (schema, fields) = build_schema();
        let rebuild = |reason: String| SearchError::RebuildNeeded {
            dir: dir.to_path_buf(),
            reason,
        };
        if !is_complete(&directory)? {
            // Another process may be creating the index right now (an
            // import and a reader started on a new library): wait for it,
            // and create the index only if it is still missing then.
            let _creating = CreationLock::take(dir)?;
            if !Index::exists(&directory)? {
                create_empty(directory.clone(), schema.clone())?;
            }
        }
        let index = Index::open(directory).map_err(|e| rebuild(format!("cannot open: {e}")))?;
        let payload = index.load_metas()?.payload;
        let version = match payload.as_deref().map(CommitInfo::parse) {
            Some(Ok(info)) => Some(info.schema_version),
            Some(Err(_)) | None => None,
        };
        if version != Some(SCHEMA_VERSION) {
            let found = version.map_or_else(
                || "no schema version".to_string(),
                |v| format!("schema version {v}"),
            );
            return Err(rebuild(format!(
                "{found} on disk, {SCHEMA_VERSION} expected"
            )));
        }
        if index.schema() != schema {
            return Err(rebuild(
                "the fields on disk differ from this version's".to_string(),
            ));
        }
        SearchIndex::from_index(index, fields, Some(dir.to_path_buf()))
    }

    /// Deletes the index files in `dir` (leaving anything else there) and
    /// opens a new empty index: the answer to [`SearchError::RebuildNeeded`].
    /// The caller then reindexes every work.
    pub fn recreate(dir: &Path) -> Result<SearchIndex, SearchError> {
        if dir.exists() {
            let _creating = CreationLock::take(dir)?;
            let entries = std::fs::read_dir(dir).map_err(|e| SearchError::io(dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| SearchError::io(dir, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if is_index_file(&name) {
                    std::fs::remove_file(entry.path())
                        .map_err(|e| SearchError::io(entry.path(), e))?;
                }
            }
            create_empty(MmapDirectory::open(dir)?, build_schema().0)?;
        }
        SearchIndex::open(dir)
    }

    /// A new empty index in memory (tests, benchmarks).
    pub fn open_in_ram() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        initial_commit(&index)?;
        SearchIndex::from_index(index, fields, None)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        dir: Option<PathBuf>,
    ) -> Result<SearchIndex, SearchError> {
        register_analyzers(&index);
        let reader = index
            .reader_builder()
            // Reloads happen here, never on tantivy's watcher thread: two
            // reloads racing can finish out of order (each builds its
            // searcher, then stores it), leaving searches on an older commit
            // than the one a search already saw (a work just imported missing
            // from the index). Every reload goes through `reload_if`, one at
            // a time; a commit reloads at once, and searches catch up with
            // other processes' commits (`catch_up`).
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir,
            wrangler: RwLock::new(Arc::new(TagWrangler::new())),
            display: DisplayNames::default(),
            columns: ColumnCache::default(),
            ordinals: OrdinalCache::default(),
            values: WorkValuesCache::default(),
            seen_meta: Mutex::new(None),
            exclusions: crate::exclude::ExclusionCache::default(),
            executor: SegmentExecutor::default(),
        })
    }

    pub(crate) fn tantivy(&self) -> &Index {
        &self.index
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    pub(crate) fn exclusion_cache(&self) -> &crate::exclude::ExclusionCache {
        &self.exclusions
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub(crate) fn columns(&self) -> &ColumnCache {
        &self.columns
    }

    /// Makes the last commit visible to searches now, and warms the caches.
    pub(crate) fn reload(&self) -> Result<(), SearchError> {
        self.reload_if(|_| true)?;
        self.warm()
    }

    /// The index directory (`None` in memory).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Starts a batch of changes; fails with [`SearchError::WriterBusy`] while
    /// another batch exists.
    pub fn writer(&self) -> Result<IndexBatch<'_>, SearchError> {
        IndexBatch::new(self)
    }

    /// Sets the wrangler used for filter values in queries (so `character:Mione`
    /// finds works tagged `Hermione Granger` when the synonyms say so).
    pub fn set_wrangler(&self, wrangler: TagWrangler) {
        let mut slot = self
            .wrangler
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Arc::new(wrangler);
    }

    /// The wrangler used for queries.
    pub fn wrangler(&self) -> Arc<TagWrangler> {
        Arc::clone(
            &self
                .wrangler
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// What the last commit recorded (label, schema version, synonyms fingerprint).
    pub fn commit_info(&self) -> Result<CommitInfo, SearchError> {
        match self.index.load_metas()?.payload {
            Some(payload) => CommitInfo::parse(&payload),
            None => Ok(CommitInfo {
                schema_version: SCHEMA_VERSION,
                label: None,
                synonyms: None,
            }),
        }
    }

    /// The label of the last [`IndexBatch::commit`], `None` if there was none.
    pub fn committed_label(&self) -> Result<Option<u64>, SearchError> {
        Ok(self.commit_info()?.label)
    }

    /// Number of works in the index (as of the last commit).
    pub fn doc_count(&self) -> Result<u64, SearchError> {
        self.catch_up()?;
        let searcher = self.reader.searcher();
        let all = QueryBuilder::new(&self.fields, &TagWrangler::new(), None, false).all_works();
        Ok(self.executor.search(&searcher, &*all, &Count)? as u64)
    }

    /// The ids of every work in the index (as of the last commit), in
    /// numeric order: for reconciling the index with the store after a crash
    /// (ids the store no longer has are deleted works to remove).
    pub fn work_ids(&self) -> Result<Vec<String>, SearchError> {
        self.catch_up()?;
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for reader in searcher.segment_readers() {
            let columns = self.columns.get(reader)?;
            for doc in reader.doc_ids_alive() {
                ids.extend(columns.id_num.first(doc));
            }
        }
        ids.sort_unstable();
        Ok(ids.into_iter().map(|id| id.to_string()).collect())
    }

    /// Runs `query` (see [`crate::query`] for the language).
    pub fn search(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        self.search_parsed(&query::parse(query)?, options)
    }

    /// Runs a query already in parsed form: what a form of separate fields
    /// (a listing's filters) builds directly, so no value is ever quoted
    /// into a query string and read back. The same limits apply as to a
    /// typed query ([`query::limits::MAX_TERMS`] words, phrases and filter
    /// values; [`query::limits::MAX_NESTING`] levels).
    pub fn search_parsed(
        &self,
        parsed: &query::ParsedQuery,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        parsed.check_limits()?;
        self.catch_up()?;
        let deadline = Deadline::after(options.time_limit);
        let wrangler = self.wrangler();
        let searcher = self.reader.searcher();
        let built = QueryBuilder::new(
            &self.fields,
            &wrangler,
            Some(&searcher),
            options.include_suggested,
        )
        .build(parsed, options.max_rating)?;
        let mut built = built;
        built.query = crate::exclude::apply(
            built.query,
            &self.fields,
            &options.exclude,
            &self.exclusions,
        );
        let global = if options.facet_top > 0 {
            Some(self.global_ordinals(&searcher)?)
        } else {
            None
        };
        let collector = WorkCollector {
            columns: &self.columns,
            values: &self.values,
            fields: &self.fields,
            facets: global.clone(),
            sort: parsed.effective_sort(),
            k: options.offset.saturating_add(options.limit),
            scored: built.scored,
            deadline: &deadline,
        };
        let collected = self.executor.search(&searcher, &*built.query, &collector)?;
        if deadline.was_passed() {
            return Err(SearchError::TimeLimit {
                limit: deadline.limit(),
            });
        }
        let page: Vec<_> = collected.top.into_iter().skip(options.offset).collect();
        let hits = HitRenderer::new(&searcher, &self.fields, &self.columns, &built)?
            .render(&page, options.hit_fields)?;
        let facets = match &global {
            Some(global) => {
                facets::present(collected.facets, global, options.facet_top, |kind, key| {
                    self.display.get(&searcher, self.fields.spelling, kind, key)
                })?
            }
            None => crate::Facets::default(),
        };
        Ok(SearchResults {
            total: collected.total,
            hits,
            facets,
        })
    }

    /// Makes a commit made since the last search (by this process or
    /// another) visible now: one read of `meta.json` per search, a reload
    /// only when it changed. An index in memory is always current.
    ///
    /// The content is compared, not the size and modification time: two
    /// commits within one tick of the file system's clock can leave both
    /// the same (file times are coarse), and searches would stay behind.
    pub(crate) fn catch_up(&self) -> Result<(), SearchError> {
        if self.dir.is_none() {
            return Ok(());
        }
        self.reload_if(|changed| changed)
    }

    /// Reloads the reader when `wanted(meta.json changed since the last
    /// reload)`, holding the lock that keeps reloads one at a time. The
    /// content is read before the reload, so what is recorded as seen is
    /// never newer than what the reader loaded.
    fn reload_if(&self, wanted: impl FnOnce(bool) -> bool) -> Result<(), SearchError> {
        let mut seen = self
            .seen_meta
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let current = match &self.dir {
            Some(dir) => {
                let meta = dir.join("meta.json");
                Some(std::fs::read(&meta).map_err(|e| SearchError::io(meta, e))?)
            }
            None => None,
        };
        let changed = current.is_none() || *seen != current;
        if wanted(changed) {
            self.reader.reload()?;
            *seen = current;
        }
        Ok(())
    }

    /// A key naming what searches currently see: the same for every handle
    /// on one commit's segments and deletes, different after any commit that
    /// changed a work. For caching pages built from searches.
    pub fn content_key(&self) -> Result<u64, SearchError> {
        use std::hash::{Hash, Hasher};
        self.catch_up()?;
        let searcher = self.reader.searcher();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (segment, deletes) in searcher.generation().segments() {
            segment.uuid_string().hash(&mut hasher);
            deletes.hash(&mut hasher);
        }
        Ok(hasher.finish())
    }

    /// The global ordinals of `searcher`'s generation (built on first use).
    pub(crate) fn global_ordinals(
        &self,
        searcher: &Searcher,
    ) -> Result<Arc<GlobalOrdinals>, SearchError> {
        self.columns.retain(searcher);
        self.values.retain(searcher);
        Ok(self.ordinals.get(searcher, &self.columns)?)
    }

    /// Prepares the caches a search needs (columns, global ordinals) for the
    /// current generation, so the first search after a commit is not slower.
    pub(crate) fn warm(&self) -> Result<(), SearchError> {
        self.global_ordinals(&self.reader.searcher()).map(|_| ())
    }

    /// Every canonical tag of `kind` (or of every kind), with the number of
    /// works carrying it and the other spellings seen for it; sorted by kind,
    /// then most used first. Meant for a tags page or `ficshelf tags`.
    pub fn tag_counts(&self, kind: Option<TagKind>) -> Result<Vec<TagCount>, SearchError> {
        self.catch_up()?;
        let searcher = self.reader.searcher();
        let all = QueryBuilder::new(&self.fields, &TagWrangler::new(), None, false).all_works();
        let global = self.global_ordinals(&searcher)?;
        let no_limit = Deadline::after(None);
        let collector = WorkCollector {
            columns: &self.columns,
            values: &self.values,
            fields: &self.fields,
            facets: Some(Arc::clone(&global)),
            sort: Sort::new(SortField::Relevance, SortOrder::Desc),
            k: 0,
            scored: false,
            deadline: &no_limit,
        };
        let collected = self.executor.search(&searcher, &*all, &collector)?;
        let spellings = crate::tags::all_spellings(&searcher, self.fields.spelling)?;
        facets::tag_counts(collected.facets, &global, kind, &spellings)
    }
}
