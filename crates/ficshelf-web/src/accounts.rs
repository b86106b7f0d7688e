//! The readers' side of the server's state: the library's readers' records
//! ([`Readers`]), the process's [`SignInThrottle`], and each signed-in
//! reader's [`ReaderView`].
//!
//! [`Readers`] does blocking work (SQLite, Argon2id), so every call goes
//! through [`Accounts::run`] on a blocking thread, one at a time behind a
//! mutex. A reader's view is built (by the state) from their limits and
//! the library's [`Vocabulary`], which is kept here once per index content.
//! A session's account and a reader's view are reused for a moment
//! ([`recent`]), so a signed-in reader's pages cost about what anonymous
//! ones do.

mod recent;

use crate::WebError;
use ficshelf_library::readers::{
    ReaderError, ReaderView, Readers, SignInThrottle, ThrottlePolicy, User, UserId, Vocabulary,
};
use ficshelf_model::Rating;
use ficshelf_search::TagWrangler;
use recent::Recent;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

/// The readers' records and what the server keeps about sign-ins.
pub(crate) struct Accounts {
    readers: Arc<Mutex<Readers>>,
    throttle: Mutex<SignInThrottle>,
    wrangler: Arc<TagWrangler>,
    /// The library's vocabulary and the search content key it was read at.
    vocabulary: Mutex<Option<(u64, Arc<Vocabulary>)>>,
    /// Sessions and views seen in the last moments.
    recent: Recent,
    /// Held while a reader's view is built (see [`Accounts::building_views`]).
    view_builds: tokio::sync::Mutex<()>,
}

impl Accounts {
    /// Accounts over `readers`, wrangling tags with `wrangler` (the one the
    /// library's index uses, so mutes match what searches match).
    pub(crate) fn new(readers: Readers, wrangler: TagWrangler) -> Accounts {
        Accounts {
            readers: Arc::new(Mutex::new(readers)),
            throttle: Mutex::new(SignInThrottle::new(ThrottlePolicy::default())),
            wrangler: Arc::new(wrangler),
            vocabulary: Mutex::new(None),
            recent: Recent::default(),
            view_builds: tokio::sync::Mutex::new(()),
        }
    }

    /// Waits until no other reader's view is being built, and holds off
    /// the others while the guard lives: a view costs a count over every
    /// work (the vocabulary, once per index content) and the readers'
    /// records, so the requests that find no kept view at one moment wait
    /// for one build and then find it kept.
    pub(crate) async fn building_views(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.view_builds.lock().await
    }

    /// Runs `op` on a blocking thread with the readers' records.
    pub(crate) async fn run<T, F>(&self, op: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Readers) -> Result<T, ReaderError> + Send + 'static,
    {
        let readers = Arc::clone(&self.readers);
        let joined = tokio::task::spawn_blocking(move || {
            let mut readers = readers.lock().map_err(|_| WebError::LibraryPoisoned)?;
            op(&mut readers).map_err(WebError::from)
        })
        .await;
        joined.map_err(WebError::ReadTask)?
    }

    /// The sign-in throttle of this process.
    pub(crate) fn throttle(&self) -> Result<MutexGuard<'_, SignInThrottle>, WebError> {
        self.throttle.lock().map_err(|_| WebError::LibraryPoisoned)
    }

    /// The tag wrangler views are checked with.
    pub(crate) fn wrangler(&self) -> &TagWrangler {
        &self.wrangler
    }

    /// The same wrangler, shared (a reader's scope checks works with it).
    pub(crate) fn wrangler_handle(&self) -> Arc<TagWrangler> {
        Arc::clone(&self.wrangler)
    }

    /// The account session `token` belongs to, or `None` when it is
    /// unknown, expired or malformed (see [`Readers::check_session`]);
    /// an answer is reused for [`recent::FRESH_FOR`].
    pub(crate) async fn session(&self, token: &str) -> Result<Option<User>, WebError> {
        if let Some(user) = self.recent.session(token, Instant::now()) {
            return Ok(Some(user));
        }
        let checked = token.to_string();
        let active = self.run(move |r| r.check_session(&checked)).await?;
        let Some(active) = active else {
            return Ok(None);
        };
        self.recent
            .keep_session(token, &active.user, Instant::now());
        Ok(Some(active.user))
    }

    /// Forgets the sessions and views reused: a request that may write is
    /// about to run, or has run.
    pub(crate) fn forget_recent(&self) {
        self.recent.forget();
    }

    /// `user`'s view kept for the index content `works` under `server_cap`,
    /// if it was made within [`recent::FRESH_FOR`].
    pub(crate) fn recent_view(
        &self,
        user: UserId,
        works: Option<u64>,
        server_cap: Option<Rating>,
    ) -> Option<Arc<ReaderView>> {
        self.recent.view(user, works, server_cap, Instant::now())
    }

    /// Keeps `user`'s `view`, made for the index content `works` under
    /// `server_cap`, for [`recent::FRESH_FOR`].
    pub(crate) fn keep_recent_view(
        &self,
        user: UserId,
        works: Option<u64>,
        server_cap: Option<Rating>,
        view: Arc<ReaderView>,
    ) {
        self.recent
            .keep_view(user, works, server_cap, view, Instant::now());
    }

    /// The vocabulary kept for search content `key`, if any.
    pub(crate) fn vocabulary(&self, key: u64) -> Option<Arc<Vocabulary>> {
        // A panic while keeping a vocabulary leaves a whole one or none.
        let slot = self
            .vocabulary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .filter(|(of, _)| *of == key)
            .map(|(_, vocabulary)| Arc::clone(vocabulary))
    }

    /// Keeps `vocabulary`, read at search content `key`.
    pub(crate) fn keep_vocabulary(&self, key: u64, vocabulary: Arc<Vocabulary>) {
        let mut slot = self
            .vocabulary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *slot = Some((key, vocabulary));
    }
}
