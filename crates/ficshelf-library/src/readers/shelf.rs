//! What a reader keeps: history and read chapters, reading positions,
//! works marked for later, mutes (bookmarks are `bookmarks.rs`, the home
//! page made of all of them `home.rs`).
//!
//! Operations about a work take the [`Work`] the caller loaded, so a
//! chapter number is checked against the work as it is now.

use super::mutes::MuteMatcher;
use super::{HistoryEntry, Mute, MuteKind, ReaderError, Readers, ReadingPosition, UserId};
use ficshelf_model::Work;
use ficshelf_search::TagWrangler;

/// A position this far through a chapter (or further) marks it read.
pub const CHAPTER_READ_AT: f64 = 0.95;
/// The most characters of a locator or device name kept.
const MAX_LOCATOR_CHARS: usize = 512;

/// `text` trimmed and cut to at most `max` characters.
fn cut(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// A mute of `kind` with `value` trimmed, as stored.
fn trimmed_mute(kind: MuteKind, value: &str) -> Mute {
    Mute {
        kind,
        value: value.trim().to_string(),
    }
}

/// Checks `chapter` is one of `work`'s.
fn check_chapter(work: &Work, chapter: u32) -> Result<(), ReaderError> {
    if chapter == 0 || chapter as usize > work.chapters.len() {
        return Err(ReaderError::NoSuchChapter {
            work_id: work.id.clone(),
            chapter,
        });
    }
    Ok(())
}

impl Readers {
    /// Counts a visit to the work (its page or a chapter), noting how many
    /// chapters it has now (what "new chapters" are counted from).
    pub fn record_visit(&mut self, user: UserId, work: &Work) -> Result<(), ReaderError> {
        let now = self.now();
        let chapters = u32::try_from(work.chapters.len()).unwrap_or(u32::MAX);
        Ok(self.store.record_visit(user, &work.id, chapters, now)?)
    }

    /// Saves where the reader is in a chapter; reaching
    /// [`CHAPTER_READ_AT`] marks the chapter read (moving back never marks
    /// it unread: that is the reader's own choice).
    pub fn save_position(
        &mut self,
        user: UserId,
        work: &Work,
        chapter: u32,
        fraction: f64,
        locator: Option<&str>,
        device: Option<&str>,
    ) -> Result<(), ReaderError> {
        check_chapter(work, chapter)?;
        if !(0.0..=1.0).contains(&fraction) {
            return Err(ReaderError::BadFraction { fraction });
        }
        let now = self.now();
        self.store.save_position(&ReadingPosition {
            user,
            work_id: work.id.clone(),
            chapter,
            fraction,
            locator: locator.map(|l| cut(l, MAX_LOCATOR_CHARS)),
            device: device.map(|d| cut(d, MAX_LOCATOR_CHARS)),
            updated_at: now,
        })?;
        if fraction >= CHAPTER_READ_AT {
            self.store
                .set_chapter_read(user, &work.id, chapter, true, now)?;
        }
        Ok(())
    }

    /// The reader's positions in a work, by chapter.
    pub fn positions(
        &self,
        user: UserId,
        work_id: &str,
    ) -> Result<Vec<ReadingPosition>, ReaderError> {
        Ok(self.store.work_positions(user, work_id)?)
    }

    /// Marks a chapter read or unread.
    pub fn set_chapter_read(
        &mut self,
        user: UserId,
        work: &Work,
        chapter: u32,
        read: bool,
    ) -> Result<(), ReaderError> {
        check_chapter(work, chapter)?;
        let now = self.now();
        Ok(self
            .store
            .set_chapter_read(user, &work.id, chapter, read, now)?)
    }

    /// The reader's history, most recently viewed first.
    pub fn history(&self, user: UserId) -> Result<Vec<HistoryEntry>, ReaderError> {
        Ok(self.store.history(user)?)
    }

    /// Forgets a work in the reader's history; `false` if it was not there.
    pub fn forget_work(&mut self, user: UserId, work_id: &str) -> Result<bool, ReaderError> {
        Ok(self.store.delete_history_entry(user, work_id)?)
    }

    /// Marks a work for later; `false` if it already was.
    pub fn mark_for_later(&mut self, user: UserId, work: &Work) -> Result<bool, ReaderError> {
        let now = self.now();
        Ok(self.store.mark_for_later(user, &work.id, now)?)
    }

    /// Unmarks a work; `false` if it was not marked.
    pub fn unmark_for_later(&mut self, user: UserId, work_id: &str) -> Result<bool, ReaderError> {
        Ok(self.store.unmark_for_later(user, work_id)?)
    }

    /// Adds a mute as written (trimmed); it must read as one
    /// ([`MuteMatcher::new`]). `false` if the reader already had it.
    pub fn add_mute(
        &mut self,
        user: UserId,
        kind: MuteKind,
        value: &str,
    ) -> Result<bool, ReaderError> {
        let mute = trimmed_mute(kind, value);
        MuteMatcher::new(&mute, &TagWrangler::new())?;
        let now = self.now();
        Ok(self.store.add_mute(user, &mute, now)?)
    }

    /// Removes a mute; `false` if the reader did not have it.
    pub fn remove_mute(
        &mut self,
        user: UserId,
        kind: MuteKind,
        value: &str,
    ) -> Result<bool, ReaderError> {
        let mute = trimmed_mute(kind, value);
        Ok(self.store.remove_mute(user, &mute)?)
    }

    /// The reader's mutes, by kind then value.
    pub fn mutes(&self, user: UserId) -> Result<Vec<Mute>, ReaderError> {
        Ok(self.store.mutes(user)?)
    }
}

#[cfg(test)]
#[path = "shelf_tests.rs"]
mod tests;
