//! Readers' use cases: accounts, sign-in, sessions and API tokens, what each
//! reader may see, and what they keep (bookmarks, history, reading
//! positions, KOReader sync).
//!
//! [`Readers`] opens a library folder's readers' records
//! ([`ficshelf_store::ReaderStore`], in the same database as the works) and
//! holds the rules about them; the web server and the `ficshelf user`
//! commands go through it. It needs no search index, so opening it is
//! cheap. Operations about a work take the [`ficshelf_model::Work`] the
//! caller loaded (that is how they know it exists and how many chapters it
//! has): the readers' records never reach into the works.
//!
//! Public items:
//! - [`Readers`]: [`Readers::open`], [`Readers::with_store`], and the
//!   operations of each area: accounts (`accounts.rs`: add, sign in, change
//!   password, admin flag, rating limit, preferences, remove), sessions and
//!   API tokens (`sessions.rs`), the shelf (`shelf.rs`: marked for later,
//!   history, read chapters, reading positions, mutes), bookmarks
//!   (`bookmarks.rs`: notes, own tags, private or public, public ones by
//!   work and by reader, the shelf by tag), the home page (`home.rs`),
//!   KOReader (`koreader.rs`: sync keys, document hashes, progress, one
//!   place shared with the web reader).
//! - [`ReaderLimits`], [`ReaderView`], [`Vocabulary`] (`view.rs`): a
//!   reader's rating limit, mutes and hidden works turned into the search
//!   crate's [`ficshelf_search::Exclusions`] and a per-work check;
//!   [`MuteMatcher`] (`mutes.rs`) says how a mute (wildcards included) matches.
//! - [`SignInThrottle`], [`ThrottlePolicy`] (`throttle.rs`): failed
//!   sign-ins limited per account name and per client address.
//! - [`partial_md5`]: KOReader's document hash; [`ChapterPlace`] and the
//!   conversions between KOReader's xpointers and percentages and the web
//!   reader's chapters (`koreader_place.rs`).
//! - [`validate_name`], [`check_new_password`], [`SessionPolicy`],
//!   [`SignedIn`], [`ActiveSession`], [`Home`], [`BookmarkInput`],
//!   [`NamedBookmark`], [`BookmarkTag`], [`same_bookmark_tag`],
//!   [`ReaderError`], and the store's records, re-exported.
//!
//! Times are Unix seconds from the [`Readers`]' clock (the system clock
//! unless [`Readers::with_clock`] gives another).

mod accounts;
mod bookmarks;
mod error;
mod home;
mod koreader;
mod koreader_place;
mod mutes;
mod passwords;
mod sessions;
mod shelf;
mod throttle;
mod tokens;
mod view;

pub use accounts::{validate_name, MAX_NAME_CHARS};
pub use bookmarks::{same_tag as same_bookmark_tag, BookmarkInput, BookmarkTag, NamedBookmark};
pub use error::ReaderError;
pub use home::{ContinueReading, Home, NewChapters};
pub use koreader::{map_progress, partial_md5, partial_md5_of_file, WEB_DEVICE, WEB_DEVICE_ID};
pub use koreader_place::{
    chapter_start_xpointer, fraction_in_chapter, percentage_place, place_percentage,
    xpointer_chapter, xpointer_fragment, ChapterPlace,
};
pub use mutes::MuteMatcher;
pub use passwords::{check_new_password, MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};
pub use sessions::{ActiveSession, SessionPolicy, SignedIn};
pub use shelf::CHAPTER_READ_AT;
pub use throttle::{SignInThrottle, ThrottlePolicy};
pub use view::{read_works, ReaderLimits, ReaderView, Vocabulary};

pub use ficshelf_store::readers::{
    ApiToken, Bookmark, DocumentProgress, DocumentRecord, ExportRecord, HistoryEntry, MarkedWork,
    Mute, MuteKind, Preferences, ReadingPosition, Session, User, UserId,
};

use crate::DATABASE_FILE;
use ficshelf_store::ReaderStore;
use passwords::Passwords;
use std::path::Path;

/// A clock giving Unix seconds.
type Clock = Box<dyn Fn() -> i64 + Send>;

/// The readers' records of one library, with the rules about them.
pub struct Readers {
    store: Box<dyn ReaderStore>,
    passwords: Passwords,
    clock: Clock,
    policy: SessionPolicy,
}

impl Readers {
    /// Opens the readers' records of the library in `dir` (creating the
    /// database if needed, as [`crate::Library::open`] does).
    pub fn open(dir: &Path) -> Result<Readers, ReaderError> {
        std::fs::create_dir_all(dir).map_err(|source| ReaderError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?;
        let db = dir.join(DATABASE_FILE);
        let store = ficshelf_store::open_readers(&format!("sqlite://{}", db.display()))?;
        Ok(Readers::with_store(store))
    }

    /// Readers' rules over `store`, with the system clock and the default
    /// [`SessionPolicy`].
    pub fn with_store(store: Box<dyn ReaderStore>) -> Readers {
        Readers {
            store,
            passwords: Passwords::new(),
            clock: Box::new(system_now),
            policy: SessionPolicy::default(),
        }
    }

    /// The same with another clock (Unix seconds).
    pub fn with_clock(mut self, clock: impl Fn() -> i64 + Send + 'static) -> Readers {
        self.clock = Box::new(clock);
        self
    }

    /// The same with another session lifetime.
    pub fn with_session_policy(mut self, policy: SessionPolicy) -> Readers {
        self.policy = policy;
        self
    }

    /// The records themselves, for reads no use case here covers.
    pub fn store(&self) -> &dyn ReaderStore {
        self.store.as_ref()
    }

    fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// Unix seconds now (0 for a clock set before 1970).
fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
pub(crate) mod testing {
    //! A [`Readers`] in memory with cheap password hashing and a clock the
    //! test moves.

    use super::*;
    use ficshelf_model::{Chapter, Notes, Work};
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;

    /// A settable clock.
    #[derive(Clone)]
    pub struct TestClock(Arc<AtomicI64>);

    impl TestClock {
        pub fn set(&self, now: i64) {
            self.0.store(now, Ordering::SeqCst);
        }
    }

    /// Readers over an in-memory store at time 1 000 000.
    pub fn readers() -> (Readers, TestClock) {
        let store = ficshelf_store::SqliteStore::open_in_memory().expect("in-memory store");
        let clock = TestClock(Arc::new(AtomicI64::new(1_000_000)));
        let reading = clock.clone();
        let mut readers = Readers::with_store(Box::new(store))
            .with_clock(move || reading.0.load(Ordering::SeqCst));
        readers.passwords = passwords::tests::cheap();
        (readers, clock)
    }

    /// Adds a reader called `name`; their id.
    pub fn reader(readers: &mut Readers, name: &str) -> UserId {
        readers
            .add_user(name, "a good password", false, None)
            .expect("add a reader")
            .id
    }

    /// A work called "Work {id}" of `chapters` chapters of 500 words.
    pub fn work(id: &str, chapters: u32) -> Work {
        let mut work = Work::new(id, format!("Work {id}"));
        work.chapters = (1..=chapters)
            .map(|number| Chapter {
                number,
                title: None,
                words: 500,
                notes: Notes::default(),
                sources: vec![],
            })
            .collect();
        work
    }
}
