//! What a reader keeps: history and read chapters, reading positions,
//! bookmarks, works marked for later, mutes, and the home page made of them.
//!
//! Operations about a work take the [`Work`] the caller loaded, so a
//! chapter number is checked against the work as it is now.

use super::mutes::MuteMatcher;
use super::{
    Bookmark, HistoryEntry, MarkedWork, Mute, MuteKind, ReaderError, Readers, ReadingPosition,
    UserId,
};
use ficshelf_model::Work;
use ficshelf_search::TagWrangler;

/// A position this far through a chapter (or further) marks it read.
pub const CHAPTER_READ_AT: f64 = 0.95;
/// The most characters of a bookmark's notes.
const MAX_NOTES_CHARS: usize = 10_000;
/// The most tags on one bookmark, and characters in one.
const MAX_BOOKMARK_TAGS: usize = 75;
const MAX_TAG_CHARS: usize = 150;
/// The most characters of a locator or device name kept.
const MAX_LOCATOR_CHARS: usize = 512;

/// A bookmark as the reader fills it in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkInput {
    pub notes: Option<String>,
    pub private: bool,
    pub rec: bool,
    pub tags: Vec<String>,
}

/// A work to continue: where the reader last was in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContinueReading {
    pub position: ReadingPosition,
    /// How many chapters the work has now.
    pub chapters: usize,
}

/// A bookmarked work with chapters after the last one the reader read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChapters {
    pub work_id: String,
    /// The chapters after the last one read, ascending.
    pub chapters: Vec<u32>,
}

/// The reader's home page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    pub continue_reading: Vec<ContinueReading>,
    pub marked_for_later: Vec<MarkedWork>,
    pub new_chapters: Vec<NewChapters>,
}

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
    /// Counts a visit to the work (its page or a chapter).
    pub fn record_visit(&mut self, user: UserId, work: &Work) -> Result<(), ReaderError> {
        let now = self.now();
        Ok(self.store.record_visit(user, &work.id, now)?)
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

    /// Creates or replaces the reader's bookmark of the work. Notes and
    /// tags are trimmed; empty ones are dropped, repeated tags kept once.
    pub fn save_bookmark(
        &mut self,
        user: UserId,
        work: &Work,
        input: &BookmarkInput,
    ) -> Result<Bookmark, ReaderError> {
        let notes = input
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if notes.is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS) {
            return Err(ReaderError::TooLong {
                what: "notes",
                max: MAX_NOTES_CHARS,
            });
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in input
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            if tag.chars().count() > MAX_TAG_CHARS {
                return Err(ReaderError::TooLong {
                    what: "tag",
                    max: MAX_TAG_CHARS,
                });
            }
            if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                tags.push(tag.to_string());
            }
        }
        if tags.len() > MAX_BOOKMARK_TAGS {
            return Err(ReaderError::TooLong {
                what: "tag list",
                max: MAX_BOOKMARK_TAGS,
            });
        }
        let now = self.now();
        self.store.save_bookmark(&Bookmark {
            user,
            work_id: work.id.clone(),
            notes: notes.map(str::to_string),
            private: input.private,
            rec: input.rec,
            tags,
            created_at: now,
            updated_at: now,
        })?;
        self.store
            .bookmark(user, &work.id)?
            .ok_or_else(|| ReaderError::UnknownUser {
                name: format!("#{user}"),
            })
    }

    /// The reader's bookmark of a work.
    pub fn bookmark(&self, user: UserId, work_id: &str) -> Result<Option<Bookmark>, ReaderError> {
        Ok(self.store.bookmark(user, work_id)?)
    }

    /// The reader's bookmarks, most recently updated first.
    pub fn bookmarks(&self, user: UserId) -> Result<Vec<Bookmark>, ReaderError> {
        Ok(self.store.user_bookmarks(user)?)
    }

    /// The bookmarks of a work that `viewer` may see: every public one and
    /// the viewer's own.
    pub fn work_bookmarks(
        &self,
        work_id: &str,
        viewer: Option<UserId>,
    ) -> Result<Vec<Bookmark>, ReaderError> {
        let mut bookmarks = self.store.work_bookmarks(work_id)?;
        bookmarks.retain(|b| !b.private || Some(b.user) == viewer);
        Ok(bookmarks)
    }

    /// Deletes the reader's bookmark of a work; `false` if there was none.
    pub fn remove_bookmark(&mut self, user: UserId, work_id: &str) -> Result<bool, ReaderError> {
        Ok(self.store.delete_bookmark(user, work_id)?)
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

    /// The reader's home page, at most `limit` entries a section. `visible`
    /// gives the chapter count of a work the reader may see now (`None`
    /// for one that is gone, or that their view hides).
    pub fn home(
        &self,
        user: UserId,
        limit: usize,
        visible: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Home, ReaderError> {
        let continue_reading = self
            .store
            .recent_positions(user, limit.saturating_mul(2))?
            .into_iter()
            .filter_map(|position| {
                let chapters = visible(&position.work_id)?;
                // A work finished to its last chapter's end is not continued.
                let finished =
                    position.chapter as usize >= chapters && position.fraction >= CHAPTER_READ_AT;
                (!finished).then_some(ContinueReading { position, chapters })
            })
            .take(limit)
            .collect();
        let marked_for_later = self
            .store
            .marked_for_later(user)?
            .into_iter()
            .filter(|m| visible(&m.work_id).is_some())
            .take(limit)
            .collect();
        let mut new_chapters = Vec::new();
        for bookmark in self.store.user_bookmarks(user)? {
            if new_chapters.len() >= limit {
                break;
            }
            let Some(count) = visible(&bookmark.work_id) else {
                continue;
            };
            let Some(entry) = self.store.history_entry(user, &bookmark.work_id)? else {
                continue;
            };
            let Some(&last_read) = entry.read_chapters.iter().max() else {
                continue;
            };
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            if last_read < count {
                new_chapters.push(NewChapters {
                    work_id: bookmark.work_id,
                    chapters: (last_read + 1..=count).collect(),
                });
            }
        }
        Ok(Home {
            continue_reading,
            marked_for_later,
            new_chapters,
        })
    }
}

#[cfg(test)]
#[path = "shelf_tests.rs"]
mod tests;
