//! The works a signed-in reader may see, looked up one id at a time: what
//! the reader's own pages (`/`, `/shelf`) and the public bookmark pages use
//! to leave out works their view refuses (rating limit, mutes, hidden
//! read works) or that are gone.
//!
//! Lookups go through the works in memory and the reader's
//! [`ReaderView`]; nothing walks the whole library, so a page costs what
//! it lists.

use super::auth::SignedInReader;
use crate::accounts::Accounts;
use crate::state::Snapshot;
use crate::{AppState, WebError};
use ficshelf_library::readers::ReaderView;
use ficshelf_model::Work;
use std::sync::Arc;

/// What one signed-in reader may see now. Cheap to clone (shared parts),
/// so it can go to a blocking thread with the readers' records.
#[derive(Clone)]
pub(super) struct ReaderWorks {
    works: Arc<Snapshot>,
    view: Arc<ReaderView>,
    accounts: Arc<Accounts>,
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
        let works = state.snapshot().await?;
        let view = accounts
            .view(&reader.user, state.max_rating(), &works)
            .await?;
        Ok(Some(ReaderWorks {
            works,
            view,
            accounts: Arc::clone(accounts),
        }))
    }

    /// Work `id` if it exists and the reader's view allows it.
    pub(super) fn get(&self, id: &str) -> Option<&Work> {
        self.works
            .work(id)
            .filter(|work| self.view.allows(work, self.accounts.wrangler()))
    }

    /// How many chapters work `id` has, if the reader may see it (the
    /// question the library's home page use case asks).
    pub(super) fn chapters(&self, id: &str) -> Option<usize> {
        self.get(id).map(|work| work.chapters.len())
    }
}
