//! A recovered work and its chapters, shaped as the JSON contract.

use crate::{Rating, Status, Suggested};
use serde::{Deserialize, Serialize};

/// Notes an author wrote before (`begin`) and after (`end`) a work or chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notes {
    pub begin: Option<String>,
    pub end: Option<String>,
}

impl Notes {
    pub fn is_empty(&self) -> bool {
        self.begin.is_none() && self.end.is_none()
    }
}

/// A file a work was recovered from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Where the file was read, absolute; entries of a zip archive are
    /// written `archive.zip!/inner/path`.
    pub path: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
}

/// A header line whose label Ficshelf has no field for (or a secondary one
/// such as `Spoilers`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// One chapter's metadata. Its story text is a [`crate::ChapterBody`], kept
/// apart because listings never need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// 1-based position in the work.
    pub number: u32,
    pub title: Option<String>,
    pub words: u64,
    pub notes: Notes,
    /// Paths of the files this chapter was read from.
    pub sources: Vec<String>,
}

/// A work: what its files state about it, and its chapters in order.
///
/// Serialises to the JSON contract of `ficshelf works --json` and
/// `ficshelf show --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub id: String,
    pub title: String,
    /// True when no file stated a title and [`Work::title`] was derived from file names.
    pub title_inferred: bool,
    pub authors: Vec<String>,
    pub rating: Rating,
    /// The rating exactly as the file wrote it (`"NC-17"`, `"K+"`).
    pub rating_original: Option<String>,
    pub warnings: Vec<String>,
    pub fandoms: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    /// Freeform tags: genres and additional tags.
    pub tags: Vec<String>,
    pub category: Vec<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub disclaimer: Option<String>,
    pub notes: Notes,
    pub status: Option<Status>,
    /// Words of story text, counted by [`crate::count_words`].
    pub words: u64,
    /// First publication date as stated, ISO 8601 (`YYYY-MM-DD`) when it could be read.
    pub published: Option<String>,
    /// Last update date as stated, ISO 8601 when it could be read.
    pub updated: Option<String>,
    /// Header lines with no field of their own, in file order.
    pub fields: Vec<Field>,
    pub chapters: Vec<Chapter>,
    /// Paths of every file the work was recovered from.
    pub sources: Vec<String>,
    pub suggested: Suggested,
}

impl Work {
    /// An empty work with the given title, rated `not_rated`.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Work {
        Work {
            id: id.into(),
            title: title.into(),
            title_inferred: false,
            authors: Vec::new(),
            rating: Rating::NotRated,
            rating_original: None,
            warnings: Vec::new(),
            fandoms: Vec::new(),
            relationships: Vec::new(),
            characters: Vec::new(),
            tags: Vec::new(),
            category: Vec::new(),
            language: None,
            summary: None,
            disclaimer: None,
            notes: Notes::default(),
            status: None,
            words: 0,
            published: None,
            updated: None,
            fields: Vec::new(),
            chapters: Vec::new(),
            sources: Vec::new(),
            suggested: Suggested::default(),
        }
    }

    /// The one-line shape listings use.
    pub fn summary_row(&self) -> WorkSummary {
        WorkSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            authors: self.authors.clone(),
            rating: self.rating,
            words: self.words,
            chapters: self.chapters.len() as u32,
            status: self.status,
        }
    }
}

/// The few fields a table of works shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkSummary {
    pub id: String,
    pub title: String,
    pub authors: Vec<String>,
    pub rating: Rating,
    pub words: u64,
    pub chapters: u32,
    pub status: Option<Status>,
}
