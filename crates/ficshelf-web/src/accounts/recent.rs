//! Readers seen in the last moments: the account a session cookie names
//! and each signed-in reader's [`ReaderView`], kept for [`FRESH_FOR`] so
//! that a signed-in reader's pages cost a lookup in memory, not a trip to
//! the readers' records on a blocking thread (and, for a view, matching
//! every mute against the library's tags) on each request.
//!
//! What this process changes is never served stale: every request that may
//! write (any method but GET, HEAD and OPTIONS: sign-out, mutes, rating
//! limits, positions read to the end) forgets everything kept, before and
//! after it runs. A change made by another process (`ficshelf user` removing
//! an account or signing it out everywhere) is seen within [`FRESH_FOR`].

use ficshelf_library::readers::{ReaderView, User, UserId};
use ficshelf_model::Rating;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a session's account and a reader's view are reused.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(2);
/// The most sessions (and views) kept; past it, everything is forgotten
/// (a crowd of readers only costs the lookups this saves).
const MOST: usize = 4096;

/// A reader's view, for the works (the search index's content key) and
/// the server cap it was made for.
struct KeptView {
    at: Instant,
    works: Option<u64>,
    server_cap: Option<Rating>,
    view: Arc<ReaderView>,
}

/// The sessions and views seen lately.
#[derive(Default)]
pub(crate) struct Recent {
    sessions: Mutex<HashMap<String, (Instant, User)>>,
    views: Mutex<HashMap<UserId, KeptView>>,
}

impl Recent {
    /// The account of session `token`, if it was checked since `now - FRESH_FOR`.
    pub(crate) fn session(&self, token: &str, now: Instant) -> Option<User> {
        let sessions = self.sessions.lock().ok()?;
        let (at, user) = sessions.get(token)?;
        fresh(*at, now).then(|| user.clone())
    }

    /// Keeps the account session `token` was found to belong to at `now`.
    pub(crate) fn keep_session(&self, token: &str, user: &User, now: Instant) {
        if let Ok(mut sessions) = self.sessions.lock() {
            if sessions.len() >= MOST {
                sessions.clear();
            }
            sessions.insert(token.to_string(), (now, user.clone()));
        }
    }

    /// `user`'s view of `works` under `server_cap`, if one was made for
    /// them since `now - FRESH_FOR`.
    pub(crate) fn view(
        &self,
        user: UserId,
        works: Option<u64>,
        server_cap: Option<Rating>,
        now: Instant,
    ) -> Option<Arc<ReaderView>> {
        let views = self.views.lock().ok()?;
        let kept = views.get(&user)?;
        let same_works = works.is_some() && kept.works == works;
        (fresh(kept.at, now) && same_works && kept.server_cap == server_cap)
            .then(|| Arc::clone(&kept.view))
    }

    /// Keeps `user`'s view of `works` under `server_cap`, made at `now`.
    pub(crate) fn keep_view(
        &self,
        user: UserId,
        works: Option<u64>,
        server_cap: Option<Rating>,
        view: Arc<ReaderView>,
        now: Instant,
    ) {
        if let Ok(mut views) = self.views.lock() {
            if views.len() >= MOST {
                views.clear();
            }
            views.insert(
                user,
                KeptView {
                    at: now,
                    works,
                    server_cap,
                    view,
                },
            );
        }
    }

    /// Forgets every session and view kept (a write may have changed them).
    pub(crate) fn forget(&self) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.clear();
        }
        if let Ok(mut views) = self.views.lock() {
            views.clear();
        }
    }
}

/// Whether something kept at `at` may still be used at `now`.
fn fresh(at: Instant, now: Instant) -> bool {
    now.checked_duration_since(at)
        .is_some_and(|age| age < FRESH_FOR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_library::readers::{Preferences, ReaderLimits, Vocabulary};
    use ficshelf_search::TagWrangler;

    fn user(id: i64) -> User {
        User {
            id: UserId(id),
            name: format!("reader{id}"),
            password_hash: String::new(),
            admin: false,
            max_rating: None,
            preferences: Preferences::default(),
            created_at: 0,
        }
    }

    fn view() -> Arc<ReaderView> {
        let wrangler = TagWrangler::new();
        let vocabulary = Vocabulary::from_works(&[], &wrangler);
        Arc::new(ReaderView::new(
            &ReaderLimits::default(),
            &vocabulary,
            &wrangler,
        ))
    }

    #[test]
    fn sessions_are_reused_while_fresh_and_forgotten_on_demand() {
        let recent = Recent::default();
        let start = Instant::now();
        assert_eq!(recent.session("fss_a", start), None);
        recent.keep_session("fss_a", &user(1), start);
        let soon = start + FRESH_FOR / 2;
        assert_eq!(recent.session("fss_a", soon).map(|u| u.id), Some(UserId(1)));
        assert_eq!(recent.session("fss_b", soon), None);
        assert_eq!(recent.session("fss_a", start + FRESH_FOR), None, "stale");
        recent.forget();
        assert_eq!(recent.session("fss_a", soon), None);
    }

    #[test]
    fn views_are_kept_per_reader_works_and_cap() {
        let recent = Recent::default();
        let start = Instant::now();
        let works = Some(7);
        let kept = view();
        recent.keep_view(UserId(1), works, None, Arc::clone(&kept), start);
        let found = recent.view(UserId(1), works, None, start);
        assert!(found.is_some_and(|v| Arc::ptr_eq(&v, &kept)));
        assert!(recent.view(UserId(2), works, None, start).is_none());
        assert!(recent
            .view(UserId(1), works, Some(Rating::Teen), start)
            .is_none());
        assert!(recent.view(UserId(1), Some(8), None, start).is_none());
        // Without an index to name the works, nothing is reused.
        recent.keep_view(UserId(3), None, None, Arc::clone(&kept), start);
        assert!(recent.view(UserId(3), None, None, start).is_none());
        assert!(recent
            .view(UserId(1), works, None, start + FRESH_FOR)
            .is_none());
        recent.forget();
        assert!(recent.view(UserId(1), works, None, start).is_none());
    }
}
