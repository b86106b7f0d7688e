//! The time a search may spend walking matches.
//!
//! Tantivy's collectors have no notion of time, so the work collector walks
//! each segment's scorer itself and asks the [`Deadline`] every
//! [`CHECK_EVERY`] documents; once it has passed, every segment stops and the
//! search reports [`crate::SearchError::TimeLimit`] instead of a partial
//! (wrong) total.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Documents walked between two looks at the clock: reading the clock costs
/// about as much as collecting a few documents, so a look per document would
/// slow every search, while a phrase scorer on a pathological query can take
/// milliseconds per document.
pub(crate) const CHECK_EVERY: u32 = 64;

/// When a search must stop, shared by the segments it walks.
#[derive(Debug)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    limit: Duration,
    passed: AtomicBool,
}

impl Deadline {
    /// A deadline `limit` from now; `None` for no limit.
    pub(crate) fn after(limit: Option<Duration>) -> Deadline {
        let now = Instant::now();
        Deadline {
            at: limit.and_then(|limit| now.checked_add(limit)),
            limit: limit.unwrap_or(Duration::MAX),
            passed: AtomicBool::new(false),
        }
    }

    /// Whether the deadline has passed (remembered once seen).
    pub(crate) fn check(&self) -> bool {
        if self.passed.load(Ordering::Relaxed) {
            return true;
        }
        let passed = self.at.is_some_and(|at| Instant::now() >= at);
        if passed {
            self.passed.store(true, Ordering::Relaxed);
        }
        passed
    }

    /// Whether a [`Deadline::check`] saw the deadline pass.
    pub(crate) fn was_passed(&self) -> bool {
        self.passed.load(Ordering::Relaxed)
    }

    /// The limit it was made with.
    pub(crate) fn limit(&self) -> Duration {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_never_passes() {
        let deadline = Deadline::after(None);
        assert!(!deadline.check());
        assert!(!deadline.was_passed());
    }

    #[test]
    fn a_zero_limit_passes_at_once_and_stays_passed() {
        let deadline = Deadline::after(Some(Duration::ZERO));
        assert!(!deadline.was_passed());
        assert!(deadline.check());
        assert!(deadline.was_passed());
        assert_eq!(deadline.limit(), Duration::ZERO);
    }

    #[test]
    fn a_far_limit_does_not_pass() {
        let deadline = Deadline::after(Some(Duration::from_secs(3600)));
        assert!(!deadline.check());
    }
}
