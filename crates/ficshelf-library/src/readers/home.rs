//! The reader's home page: works to continue (from their reading
//! positions, newest first, a finished work left out), works marked for
//! later, and bookmarked works that have grown since the reader last
//! viewed them (each visit notes the work's chapter count).

use super::{MarkedWork, ReaderError, Readers, ReadingPosition, UserId, CHAPTER_READ_AT};

/// A work to continue: where the reader last was in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContinueReading {
    pub position: ReadingPosition,
    /// How many chapters the work has now.
    pub chapters: usize,
}

/// A bookmarked work that has more chapters than when the reader last
/// viewed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChapters {
    pub work_id: String,
    /// The chapters added since that visit, ascending.
    pub chapters: Vec<u32>,
}

/// The reader's home page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    pub continue_reading: Vec<ContinueReading>,
    pub marked_for_later: Vec<MarkedWork>,
    pub new_chapters: Vec<NewChapters>,
}

impl Readers {
    /// The reader's home page, at most `limit` entries a section. `visible`
    /// gives the chapter count of a work the reader may see now (`None`
    /// for one that is gone, or that their view hides): a work it refuses
    /// is in no section.
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
            let seen = self
                .store
                .history_entry(user, &bookmark.work_id)?
                .and_then(|entry| entry.chapters_seen);
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            if let Some(seen) = seen.filter(|&seen| seen < count) {
                new_chapters.push(NewChapters {
                    work_id: bookmark.work_id,
                    chapters: (seen + 1..=count).collect(),
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
#[path = "home_tests.rs"]
mod tests;
