//! The state every request shares: the catalog behind a mutex, the rating
//! limit and the templates.
//!
//! Every read goes through here, so `max_rating` is applied in one place: a
//! work above the limit is missing from every list and every lookup.

use crate::catalog::Catalog;
use crate::render::Templates;
use crate::WebError;
use ficshelf_library::{Library, LibraryError};
use ficshelf_model::{Chapter, ChapterBody, Rating, Work};
use std::sync::{Arc, Mutex};

/// Shared application state: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    catalog: Mutex<Box<dyn Catalog>>,
    max_rating: Option<Rating>,
    templates: Templates,
}

/// A work with the text of every chapter, for the entire-work view.
pub(crate) type FullWork = (Work, Vec<(Chapter, ChapterBody)>);

impl AppState {
    /// State serving `library`, hiding works rated above `max_rating`.
    pub fn new(library: Library, max_rating: Option<Rating>) -> AppState {
        AppState::with_catalog(library, max_rating)
    }

    /// State serving any [`Catalog`].
    pub fn with_catalog(catalog: impl Catalog, max_rating: Option<Rating>) -> AppState {
        let templates = Templates::new(catalog.root().map(|root| root.join("templates")));
        AppState {
            shared: Arc::new(Shared {
                catalog: Mutex::new(Box::new(catalog)),
                max_rating,
                templates,
            }),
        }
    }

    /// The rating limit, if any.
    pub fn max_rating(&self) -> Option<Rating> {
        self.shared.max_rating
    }

    pub(crate) fn templates(&self) -> &Templates {
        &self.shared.templates
    }

    /// Runs `read` on a blocking thread with the catalog locked.
    async fn read<T, F>(&self, read: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Catalog, Option<Rating>) -> Result<T, LibraryError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        let joined = tokio::task::spawn_blocking(move || {
            let catalog = shared
                .catalog
                .lock()
                .map_err(|_poisoned| WebError::LibraryPoisoned)?;
            read(catalog.as_ref(), shared.max_rating).map_err(WebError::from)
        })
        .await;
        joined.map_err(WebError::ReadTask)?
    }

    /// Every work the rating limit allows.
    pub(crate) async fn works(&self) -> Result<Vec<Work>, WebError> {
        self.read(|catalog, max| {
            let mut works = catalog.works()?;
            works.retain(|work| allows(max, work.rating));
            Ok(works)
        })
        .await
    }

    /// One work, or `None` if it is unknown or above the rating limit.
    pub(crate) async fn work(&self, id: &str) -> Result<Option<Work>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, max| Ok(visible(catalog.work(&id)?, max)))
            .await
    }

    /// A work and one of its chapters with text, or `None`.
    pub(crate) async fn chapter(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(Work, Chapter, ChapterBody)>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, max| {
            let Some(work) = visible(catalog.work(&id)?, max) else {
                return Ok(None);
            };
            Ok(catalog
                .chapter(&id, number)?
                .map(|(chapter, body)| (work, chapter, body)))
        })
        .await
    }

    /// A work with the text of all its chapters, or `None`.
    pub(crate) async fn full_work(&self, id: &str) -> Result<Option<FullWork>, WebError> {
        let id = id.to_string();
        self.read(move |catalog, max| {
            let Some(work) = visible(catalog.work(&id)?, max) else {
                return Ok(None);
            };
            let mut chapters = Vec::with_capacity(work.chapters.len());
            for chapter in &work.chapters {
                if let Some(found) = catalog.chapter(&id, chapter.number)? {
                    chapters.push(found);
                }
            }
            Ok(Some((work, chapters)))
        })
        .await
    }
}

fn allows(max: Option<Rating>, rating: Rating) -> bool {
    max.is_none_or(|max| rating <= max)
}

fn visible(work: Option<Work>, max: Option<Rating>) -> Option<Work> {
    work.filter(|work| allows(max, work.rating))
}

#[cfg(test)]
mod tests {
    use super::allows;
    use ficshelf_model::Rating;

    #[test]
    fn not_rated_is_above_every_limit_but_itself() {
        assert!(allows(None, Rating::NotRated));
        assert!(allows(Some(Rating::Teen), Rating::General));
        assert!(allows(Some(Rating::Teen), Rating::Teen));
        assert!(!allows(Some(Rating::Teen), Rating::Mature));
        assert!(!allows(Some(Rating::Explicit), Rating::NotRated));
        assert!(allows(Some(Rating::NotRated), Rating::NotRated));
    }
}
