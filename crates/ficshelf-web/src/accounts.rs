//! The readers' side of the server's state: the library's readers' records
//! ([`Readers`]), the process's [`SignInThrottle`], and each signed-in
//! reader's [`ReaderView`].
//!
//! [`Readers`] does blocking work (SQLite, Argon2id), so every call goes
//! through [`Accounts::run`] on a blocking thread, one at a time behind a
//! mutex. A reader's view is built from their limits and the library's
//! [`Vocabulary`], which is computed once per snapshot of the works. A
//! session's account and a reader's view are reused for a moment
//! ([`recent`]), so a signed-in reader's pages cost about what anonymous
//! ones do.

mod recent;

use crate::state::Snapshot;
use crate::WebError;
use ficshelf_library::readers::{
    ReaderError, ReaderLimits, ReaderView, Readers, SignInThrottle, ThrottlePolicy, User,
    Vocabulary,
};
use ficshelf_model::Rating;
use ficshelf_search::TagWrangler;
use recent::Recent;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Instant;

/// The readers' records and what the server keeps about sign-ins.
pub(crate) struct Accounts {
    readers: Arc<Mutex<Readers>>,
    throttle: Mutex<SignInThrottle>,
    wrangler: Arc<TagWrangler>,
    /// The vocabulary of the snapshot it was computed for.
    vocabulary: Mutex<Option<(Weak<Snapshot>, Arc<Vocabulary>)>>,
    /// Sessions and views seen in the last moments.
    recent: Recent,
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
        }
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

    /// What `user` may see of `snapshot`, under the server's cap; a view is
    /// reused for [`recent::FRESH_FOR`] while the works are the same.
    pub(crate) async fn view(
        &self,
        user: &User,
        server_cap: Option<Rating>,
        snapshot: &Arc<Snapshot>,
    ) -> Result<Arc<ReaderView>, WebError> {
        let now = Instant::now();
        if let Some(view) = self.recent.view(user.id, snapshot, server_cap, now) {
            return Ok(view);
        }
        let view = Arc::new(self.make_view(user, server_cap, snapshot).await?);
        self.recent.keep_view(
            user.id,
            snapshot,
            server_cap,
            Arc::clone(&view),
            Instant::now(),
        );
        Ok(view)
    }

    /// `user`'s view made from their limits as stored now.
    async fn make_view(
        &self,
        user: &User,
        server_cap: Option<Rating>,
        snapshot: &Arc<Snapshot>,
    ) -> Result<ReaderView, WebError> {
        let user = user.clone();
        let works = Arc::clone(snapshot);
        let limits: ReaderLimits = self
            .run(move |readers| {
                let chapters = |id: &str| works.work(id).map(|w| w.chapters.len());
                readers.limits(Some(&user), server_cap, &chapters)
            })
            .await?;
        let vocabulary = self.vocabulary(snapshot)?;
        Ok(ReaderView::new(&limits, &vocabulary, &self.wrangler))
    }

    /// The vocabulary of `snapshot`, computed once per snapshot.
    fn vocabulary(&self, snapshot: &Arc<Snapshot>) -> Result<Arc<Vocabulary>, WebError> {
        let mut slot = self
            .vocabulary
            .lock()
            .map_err(|_| WebError::LibraryPoisoned)?;
        if let Some((of, vocabulary)) = slot.as_ref() {
            if of.upgrade().is_some_and(|of| Arc::ptr_eq(&of, snapshot)) {
                return Ok(Arc::clone(vocabulary));
            }
        }
        let vocabulary = Arc::new(Vocabulary::from_works(snapshot.works(), &self.wrangler));
        *slot = Some((Arc::downgrade(snapshot), Arc::clone(&vocabulary)));
        Ok(vocabulary)
    }
}
