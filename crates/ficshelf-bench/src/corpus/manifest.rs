//! The ground-truth manifest: one JSON line per work.

use super::plan::WorkPlan;
use serde::{Deserialize, Serialize};

/// What the generator wrote for one work, and what an importer should
/// recover from it. Lists and options hold what the files *state*: a field a
/// header style does not write is empty or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Position of the work in the corpus (0-based).
    pub index: u64,
    /// Paths relative to the corpus folder, `/`-separated, in chapter order.
    pub files: Vec<String>,
    /// Header style: `labelled`, `ffnet`, `prose`, `file-per-chapter`, `headings`.
    pub style: String,
    /// `utf-8`, `windows-1252` or `utf-16le`.
    pub encoding: String,
    /// `lf` or `crlf`.
    pub line_endings: String,
    /// The stated title, or `null` when the files state none.
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The rating label exactly as written, or `null`.
    pub rating: Option<String>,
    /// The AO3 rating it maps to (`general`, `teen`, `mature`, `explicit`,
    /// `not_rated` when no rating is written).
    pub rating_ao3: String,
    pub fandoms: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    /// Genres, then freeform tags.
    pub tags: Vec<String>,
    pub warnings: Vec<String>,
    /// The status label as written, or `null`.
    pub status_label: Option<String>,
    /// `complete`, `in_progress`, or `null` when not stated.
    pub status: Option<String>,
    /// Published and updated dates (ISO), when the files state them.
    pub published: Option<String>,
    pub updated: Option<String>,
    pub chapters: u32,
    pub chapter_titles: Vec<Option<String>>,
    /// Words of story text per chapter (Unicode word segmentation).
    pub chapter_words: Vec<u64>,
    pub words: u64,
    /// Size of the work's files in bytes.
    pub bytes: u64,
    /// The fandom whose cast the story text uses, stated or not.
    pub source_fandom: String,
}

impl ManifestEntry {
    /// The entry for a written work.
    pub fn new(plan: &WorkPlan, files: Vec<String>, bytes: u64) -> ManifestEntry {
        let iso = |(y, m, d): (u32, u32, u32)| format!("{y:04}-{m:02}-{d:02}");
        let ffnet = plan.style == super::plan::Style::FanFictionNet;
        let multi = plan.chapters.len() > 1;
        let mut tags = plan.genres.clone();
        tags.extend(plan.tags.iter().cloned());
        ManifestEntry {
            index: plan.index,
            files,
            style: plan.style.name().to_string(),
            encoding: plan.encoding.name().to_string(),
            line_endings: if plan.crlf { "crlf" } else { "lf" }.to_string(),
            title: plan.title_stated.then(|| plan.title.clone()),
            authors: plan.authors.clone(),
            rating: plan.rating.map(|(label, _)| label.to_string()),
            rating_ao3: plan.rating_ao3().to_string(),
            fandoms: plan.fandoms.clone(),
            relationships: plan.relationships.clone(),
            characters: plan.characters.clone(),
            tags,
            warnings: plan.warnings.clone(),
            status_label: plan.status.map(|(label, _)| label.to_string()),
            status: plan.status.map(|(_, machine)| machine.to_string()),
            published: ffnet.then(|| iso(plan.published)),
            updated: (ffnet && multi).then(|| iso(plan.updated)),
            chapters: plan.chapters.len() as u32,
            chapter_titles: plan.chapters.iter().map(|c| c.title.clone()).collect(),
            chapter_words: plan.chapters.iter().map(|c| c.words).collect(),
            words: plan.words(),
            bytes,
            source_fandom: plan.fandom.name.to_string(),
        }
    }
}
