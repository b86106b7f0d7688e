//! Works looked up by id: a page, a chapter, a download, an image, an API
//! answer. Each reads the one work from the store and checks it against
//! the reader's [`ListingScope`] in one place ([`AppState::work_for`]): a work
//! the scope does not admit is `None` (a 404), whatever the route.

use super::{AppState, ListingScope, Shared};
use crate::view::without_server_paths;
use crate::WebError;
use ficshelf_model::{Asset, Chapter, ChapterBody, Work};
use std::collections::HashMap;
use std::sync::Arc;

/// A work with the text of every chapter, for the entire-work view.
pub(crate) type FullWork = (Work, Vec<(Chapter, ChapterBody)>);

/// A work and one of its chapters with its text (`None` when the work has
/// no chapter of that number).
pub(crate) type WorkAndChapter = (Work, Option<(Chapter, ChapterBody)>);

/// `chapter` with its stored text; a chapter whose text the store lacks is
/// shown empty, as [`ficshelf_library::Library::chapter`] gives it.
fn with_body(chapter: Chapter, body: Option<ChapterBody>) -> (Chapter, ChapterBody) {
    (chapter, body.unwrap_or_default())
}

impl AppState {
    /// Work `id` as the store has it, or `None` if it is unknown or
    /// `scope` does not admit it.
    pub(crate) async fn work_for(
        &self,
        scope: &ListingScope,
        id: &str,
    ) -> Result<Option<Work>, WebError> {
        let (scope, id) = (scope.clone(), id.to_string());
        self.read(move |catalog, _max| Ok(admitted(catalog.work(&id)?, &scope)))
            .await
    }

    /// Work `id` within the server's rating limit alone: for routes whose
    /// reader's own view the sign-in middleware already checked on the
    /// work's path (`http::auth`).
    pub(crate) async fn work(&self, id: &str) -> Result<Option<Work>, WebError> {
        self.work_for(&self.scope(), id).await
    }

    /// Chapter `number` of `work` (found by [`AppState::work_for`]) with its
    /// text, or `None`. Only the text is read: the chapter is the work's.
    pub(crate) async fn chapter_text(
        &self,
        work: &Work,
        number: u32,
    ) -> Result<Option<(Chapter, ChapterBody)>, WebError> {
        let Some(chapter) = work.chapters.iter().find(|c| c.number == number).cloned() else {
            return Ok(None);
        };
        let id = work.id.clone();
        let body = self
            .read(move |catalog, _max| catalog.chapter_body(&id, number))
            .await?;
        Ok(Some(with_body(chapter, body)))
    }

    /// Work `id` as [`AppState::work_for`] finds it and, if it has chapter
    /// `number`, that chapter with its text: one trip to the store for a
    /// chapter page not rendered before. `None` if the work is unknown or
    /// `scope` does not admit it.
    pub(crate) async fn work_with_chapter(
        &self,
        scope: &ListingScope,
        id: &str,
        number: u32,
    ) -> Result<Option<WorkAndChapter>, WebError> {
        let (scope, id) = (scope.clone(), id.to_string());
        self.read(move |catalog, _max| {
            let Some(work) = admitted(catalog.work(&id)?, &scope) else {
                return Ok(None);
            };
            let chapter = work.chapters.iter().find(|c| c.number == number).cloned();
            let chapter = match chapter {
                Some(chapter) => {
                    let body = catalog.chapter_body(&work.id, number)?;
                    Some(with_body(chapter, body))
                }
                None => None,
            };
            Ok(Some((work, chapter)))
        })
        .await
    }

    /// Image `sha256` of `work` (found by [`AppState::work_for`]), or `None`
    /// unless that work keeps it.
    pub(crate) async fn work_asset(
        &self,
        work: &Work,
        sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, WebError> {
        let (id, sha256) = (work.id.clone(), sha256.to_string());
        self.read(move |catalog, _max| catalog.work_asset(&id, &sha256))
            .await
    }

    /// Every image `work` (found by [`AppState::work_for`]) keeps.
    pub(crate) async fn work_images(&self, work: &Work) -> Result<Vec<Asset>, WebError> {
        let id = work.id.clone();
        self.read(move |catalog, _max| catalog.work_images(&id))
            .await
    }

    /// A work `scope` admits with the text of all its chapters, or `None`.
    pub(crate) async fn full_work(
        &self,
        scope: &ListingScope,
        id: &str,
    ) -> Result<Option<FullWork>, WebError> {
        let Some(work) = self.work_for(scope, id).await? else {
            return Ok(None);
        };
        let chapters = self.chapter_texts(&work).await?;
        Ok(Some((work, chapters)))
    }

    /// Every chapter of `work` (found by [`AppState::work_for`]) with its
    /// text, in order.
    pub(crate) async fn chapter_texts(
        &self,
        work: &Work,
    ) -> Result<Vec<(Chapter, ChapterBody)>, WebError> {
        let id = work.id.clone();
        let numbers: Vec<u32> = work.chapters.iter().map(|c| c.number).collect();
        self.read(move |catalog, _max| {
            let mut chapters = Vec::with_capacity(numbers.len());
            for number in numbers {
                if let Some(found) = catalog.chapter(&id, number)? {
                    chapters.push(found);
                }
            }
            Ok(chapters)
        })
        .await
    }

    /// Looks works up by id within `scope` from a blocking thread (one
    /// running the readers' records, say), each at most once.
    pub(crate) fn lookup(&self, scope: ListingScope) -> WorkLookup {
        WorkLookup {
            shared: Arc::clone(&self.shared),
            scope,
            seen: HashMap::new(),
        }
    }
}

/// `work` without server paths, if `scope` admits it.
fn admitted(work: Option<Work>, scope: &ListingScope) -> Option<Work> {
    let mut work = work.filter(|work| scope.admits(work))?;
    without_server_paths(&mut work);
    Some(work)
}

/// Works read by id on the calling (blocking) thread, within one scope,
/// remembered for the lookup's life.
pub(crate) struct WorkLookup {
    shared: Arc<Shared>,
    scope: ListingScope,
    seen: HashMap<String, Option<Work>>,
}

impl WorkLookup {
    /// Work `id`, or `None` if it is unknown, not admitted or cannot be
    /// read (logged: the caller leaves it out, as a gone work).
    pub(crate) fn get(&mut self, id: &str) -> Option<&Work> {
        if !self.seen.contains_key(id) {
            let read = self.shared.pool.with(|catalog| catalog.work(id));
            let work = match read {
                Ok(Ok(work)) => admitted(work, &self.scope),
                Ok(Err(err)) => {
                    tracing::warn!(error = %err, id, "cannot read a work; left out");
                    None
                }
                Err(err) => {
                    tracing::warn!(error = %err, id, "cannot read a work; left out");
                    None
                }
            };
            self.seen.insert(id.to_string(), work);
        }
        self.seen.get(id).and_then(Option::as_ref)
    }
}
