//! A reader's bookmarks: notes, their own tags, private or public, a
//! recommendation; the public ones other readers see, by work and by
//! reader; the reader's shelf filtered by one of their tags.
//!
//! Who may see what is decided here: a private bookmark reaches no one but
//! its reader, and a list shown to another reader holds only works that
//! reader's view allows (the caller passes that check in, as it loaded
//! the works).

use super::{Bookmark, ReaderError, Readers, User, UserId};
use ficshelf_model::Work;

/// The most characters of a bookmark's notes.
const MAX_NOTES_CHARS: usize = 10_000;
/// The most tags on one bookmark, and characters in one.
const MAX_BOOKMARK_TAGS: usize = 75;
const MAX_TAG_CHARS: usize = 150;

/// A bookmark as the reader fills it in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkInput {
    pub notes: Option<String>,
    pub private: bool,
    pub rec: bool,
    pub tags: Vec<String>,
}

/// A public bookmark with the name of the reader who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedBookmark {
    pub reader: String,
    pub bookmark: Bookmark,
}

/// One of a reader's bookmark tags and how many of their bookmarks hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkTag {
    /// As the reader first wrote it (the first bookmark holding it).
    pub name: String,
    pub count: usize,
}

/// Whether two bookmark tags are the same tag (the rule `save_bookmark`
/// keeps repeats out by, and filters compare with).
pub fn same_tag(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether `bookmark` holds `tag` (`None`: every bookmark does).
fn holds_tag(bookmark: &Bookmark, tag: Option<&str>) -> bool {
    tag.is_none_or(|tag| bookmark.tags.iter().any(|t| same_tag(t, tag)))
}

impl Readers {
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
            if !tags.iter().any(|t| same_tag(t, tag)) {
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

    /// The reader's bookmarks holding `tag` (compared as `save_bookmark`
    /// compares tags: trimmed, case folded), most recently updated first;
    /// `None` gives them all.
    pub fn bookmarks_tagged(
        &self,
        user: UserId,
        tag: Option<&str>,
    ) -> Result<Vec<Bookmark>, ReaderError> {
        let mut bookmarks = self.store.user_bookmarks(user)?;
        bookmarks.retain(|b| holds_tag(b, tag));
        Ok(bookmarks)
    }

    /// Every tag on the reader's bookmarks with how many hold it, by name
    /// (case folded).
    pub fn bookmark_tags(&self, user: UserId) -> Result<Vec<BookmarkTag>, ReaderError> {
        let mut tags: Vec<BookmarkTag> = Vec::new();
        for bookmark in self.store.user_bookmarks(user)? {
            for tag in &bookmark.tags {
                match tags.iter_mut().find(|t| same_tag(&t.name, tag)) {
                    Some(known) => known.count += 1,
                    None => tags.push(BookmarkTag {
                        name: tag.clone(),
                        count: 1,
                    }),
                }
            }
        }
        tags.sort_by_cached_key(|t| t.name.to_lowercase());
        Ok(tags)
    }

    /// The public bookmarks of a work with their readers' names, oldest
    /// first. Private ones are never in it, the viewer's own included.
    pub fn public_bookmarks(&self, work_id: &str) -> Result<Vec<NamedBookmark>, ReaderError> {
        let mut named = Vec::new();
        for bookmark in self.store.work_bookmarks(work_id)? {
            if bookmark.private {
                continue;
            }
            // An account removed meanwhile takes its bookmarks with it.
            if let Some(user) = self.store.user(bookmark.user)? {
                named.push(NamedBookmark {
                    reader: user.name,
                    bookmark,
                });
            }
        }
        Ok(named)
    }

    /// How many public bookmarks a work has.
    pub fn public_bookmark_count(&self, work_id: &str) -> Result<usize, ReaderError> {
        let bookmarks = self.store.work_bookmarks(work_id)?;
        Ok(bookmarks.iter().filter(|b| !b.private).count())
    }

    /// The reader called `name` and their public bookmarks holding `tag`
    /// (`None`: all), most recently updated first, only of works `visible`
    /// says the viewer may see. [`ReaderError::UnknownUser`] when no
    /// account has the name.
    pub fn reader_public_bookmarks(
        &self,
        name: &str,
        tag: Option<&str>,
        visible: &dyn Fn(&str) -> bool,
    ) -> Result<(User, Vec<Bookmark>), ReaderError> {
        let user = self.user_named(name)?;
        let mut bookmarks = self.store.user_bookmarks(user.id)?;
        bookmarks.retain(|b| !b.private && holds_tag(b, tag) && visible(&b.work_id));
        Ok((user, bookmarks))
    }
}

#[cfg(test)]
#[path = "bookmarks_tests.rs"]
mod tests;
