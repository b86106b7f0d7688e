//! What the parsers recover from one file, before it is merged into a work.

use ficshelf_model::{Asset, ChapterBody, Field, Notes, Status};

/// Metadata a file states about its work (header, stat line, front matter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatedMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The rating label as written (`"NC-17"`).
    pub rating: Option<String>,
    pub warnings: Vec<String>,
    pub fandoms: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    pub tags: Vec<String>,
    pub category: Vec<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub disclaimer: Option<String>,
    /// Notes stated by a header label (`Notes:`, `A/N:`).
    pub notes: Option<String>,
    pub status: Option<Status>,
    pub published: Option<String>,
    pub updated: Option<String>,
    /// The address the work was downloaded from, as written.
    pub url: Option<String>,
    /// Secondary and unknown header labels, as written.
    pub fields: Vec<Field>,
    /// The chapter number a `Chapter:` header states for this file.
    pub chapter_number: Option<u32>,
    /// The chapter title a `Chapter:` header states for this file.
    pub chapter_title: Option<String>,
}

impl StatedMeta {
    /// True when the file states nothing that identifies its work beyond its
    /// text (no authors, summary, fandoms or relationships).
    pub fn has_identifying_header(&self) -> bool {
        !(self.authors.is_empty()
            && self.summary.is_none()
            && self.fandoms.is_empty()
            && self.relationships.is_empty())
    }
}

/// One chapter recovered from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedChapter {
    /// The number its heading states ("Chapter 3" → 3).
    pub stated_number: Option<u32>,
    pub title: Option<String>,
    pub notes: Notes,
    pub body: ChapterBody,
}

/// Everything recovered from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub meta: StatedMeta,
    /// Author's notes before the story (header `Notes:` and prose notes).
    /// They belong to the work when this file holds its first chapter, else
    /// to this file's first chapter.
    pub front_notes: Option<String>,
    pub chapters: Vec<ParsedChapter>,
    /// Images the chapters refer to as `asset:<sha256>` (EPUB only), each
    /// once.
    pub assets: Vec<Asset>,
    /// The work's own notes after the story (AO3's end notes, not a
    /// chapter's). They belong to the work.
    pub end_notes: Option<String>,
}
