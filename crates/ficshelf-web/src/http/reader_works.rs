//! The works a signed-in reader may see, looked up one id at a time: what
//! the reader's own pages (`/`, `/shelf`) and the public bookmark pages use
//! to leave out works their view refuses (rating limit, mutes, hidden
//! read works) or that are gone.
//!
//! Lookups read one work from the store by id and check it against the
//! reader's scope (the rule the search applies as filters, see
//! `ListingScope::admits`); nothing walks the whole library,
//! so a page costs what it lists. Reads block: they happen on the blocking
//! thread that runs the page's readers' records, and the page is then
//! rendered from the works read there (kept by the lookup).

use super::auth::SignedInReader;
use crate::state::WorkLookup;
use crate::{AppState, WebError};
use ficshelf_model::Work;
use std::sync::{Arc, Mutex, PoisonError};

/// What one signed-in reader may see now. Cheap to clone (shared), so it
/// can go to a blocking thread with the readers' records and come back.
#[derive(Clone)]
pub(super) struct ReaderWorks {
    lookup: Arc<Mutex<WorkLookup>>,
}

impl ReaderWorks {
    /// The works `reader` may see, or `None` on a server without accounts.
    pub(super) async fn of(
        state: &AppState,
        reader: &SignedInReader,
    ) -> Result<Option<ReaderWorks>, WebError> {
        let Some(accounts) = state.accounts() else {
            return Ok(None);
        };
        let scope = state.scope_for_user(accounts, &reader.user).await?;
        Ok(Some(ReaderWorks {
            lookup: Arc::new(Mutex::new(state.lookup(scope))),
        }))
    }

    /// Work `id` if it exists and the reader's view allows it (read from
    /// the store the first time: call it first on a blocking thread).
    pub(super) fn get(&self, id: &str) -> Option<Work> {
        // A panic during a lookup leaves its cache whole (one insert).
        let mut lookup = self.lookup.lock().unwrap_or_else(PoisonError::into_inner);
        lookup.get(id).cloned()
    }

    /// How many chapters work `id` has, if the reader may see it (the
    /// question the library's home page use case asks).
    pub(super) fn chapters(&self, id: &str) -> Option<usize> {
        self.get(id).map(|work| work.chapters.len())
    }
}
