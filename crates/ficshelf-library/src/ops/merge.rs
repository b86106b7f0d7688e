//! `merge`: joins one work into another keeping every chapter of both.
//!
//! The kept work's chapters come first, then the other's, each in its own
//! order; nothing is dropped. A chapter of the other work whose text is a
//! copy of one of the kept work's (the same story saved twice) is reported
//! as a repeat, so the user can split the copies off and delete them. The
//! other work's sources and keys move to the kept one (its files update it
//! from then on); undoing the merge, or splitting its chapters off again,
//! takes them apart.

use super::change;
use crate::merge::{extend, first};
use crate::{Library, LibraryError};
use ficshelf_model::{Work, WorkSummary};
use ficshelf_store::{OperationKind, WorkState};

/// Jaccard similarity of word shingles at which two chapters are copies of
/// one text (as import judges copies).
const COPY_SIMILARITY: f64 = 0.8;

/// What a merge will do (before) or did (after).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MergeReport {
    /// The operation, once done (`undo` it to take the works apart).
    pub operation: Option<u64>,
    pub into: WorkSummary,
    pub from: WorkSummary,
    /// The joined work's chapter count.
    pub chapters: u32,
    /// The chapter numbers the other work's chapters get, first and last.
    pub from_chapters: (u32, u32),
    /// `(n, m)`: chapter n (of the other work) repeats chapter m's text.
    pub repeats: Vec<(u32, u32)>,
}

impl Library {
    /// What merging `from` into `into` will do, without doing it.
    pub fn merge_plan(&self, into: &str, from: &str) -> Result<MergeReport, LibraryError> {
        let (a, b) = self.merge_pair(into, from)?;
        self.plan(&a, &b)
    }

    /// Joins work `from` into work `into` (see the module doc).
    pub fn merge(&mut self, into: &str, from: &str) -> Result<MergeReport, LibraryError> {
        let (a, b) = self.merge_pair(into, from)?;
        let mut report = self.plan(&a, &b)?;
        let mut joined = join(&a, &b);
        self.refresh(&mut joined)?;
        let repeats: Vec<String> = report
            .repeats
            .iter()
            .map(|(n, m)| format!("{n} repeats {m}"))
            .collect();
        let mut summary = format!(
            "merged {from} {:?} into {into} {:?} (chapters {}-{} from {from})",
            b.work.title, a.work.title, report.from_chapters.0, report.from_chapters.1
        );
        if !repeats.is_empty() {
            summary.push_str(&format!("; chapter {}", repeats.join(", ")));
        }
        let changes = [
            change(Some(into), Some(&a), Some(joined)),
            change(Some(from), Some(&b), None),
        ];
        let applied = self.apply(OperationKind::Merge, &summary, None, &changes)?;
        report.operation = Some(applied.operation);
        Ok(report)
    }

    fn merge_pair(&self, into: &str, from: &str) -> Result<(WorkState, WorkState), LibraryError> {
        if into == from {
            return Err(LibraryError::MergeSelf {
                id: into.to_string(),
            });
        }
        Ok((self.state(into)?, self.state(from)?))
    }

    fn plan(&self, a: &WorkState, b: &WorkState) -> Result<MergeReport, LibraryError> {
        use ficshelf_analyze::minhash::{signature, similarity};
        let count_a = a.chapters.len() as u32;
        let count_b = b.chapters.len() as u32;
        let sign = |state: &WorkState| -> Result<Vec<_>, LibraryError> {
            Ok(self
                .state_bodies(state)?
                .iter()
                .map(|body| signature(&body.to_text()))
                .collect())
        };
        let (ours, theirs) = (sign(a)?, sign(b)?);
        let mut repeats = Vec::new();
        for (j, other) in theirs.iter().enumerate() {
            let same_text = a.chapters.iter().position(|c| c.text == b.chapters[j].text);
            let copy = same_text.or_else(|| {
                ours.iter()
                    .position(|mine| similarity(mine, other) >= COPY_SIMILARITY)
            });
            if let Some(i) = copy {
                repeats.push((count_a + j as u32 + 1, i as u32 + 1));
            }
        }
        Ok(MergeReport {
            operation: None,
            into: a.work.summary_row(),
            from: b.work.summary_row(),
            chapters: count_a + count_b,
            from_chapters: (count_a + 1, count_a + count_b),
            repeats,
        })
    }
}

/// The joined state: `a`'s chapters then `b`'s, sources and keys united,
/// lists united, `a`'s single values first.
fn join(a: &WorkState, b: &WorkState) -> WorkState {
    let mut joined = a.clone();
    joined.work.chapters.extend(b.work.chapters.iter().cloned());
    joined.chapters.extend(b.chapters.iter().cloned());
    joined.sources.extend(b.sources.iter().cloned());
    for key in std::iter::once(&b.identity_key).chain(&b.aliases) {
        if *key != joined.identity_key && !joined.aliases.contains(key) {
            joined.aliases.push(key.clone());
        }
    }
    joined.aliases.sort();
    for asset in &b.assets {
        if !joined.assets.contains(asset) {
            joined.assets.push(asset.clone());
        }
    }
    joined.assets.sort();
    unite_metadata(&mut joined.work, &b.work);
    let edits = &mut joined.edits;
    if edits.title.is_none() {
        edits.title.clone_from(&b.edits.title);
    }
    edits.rating = edits.rating.or(b.edits.rating);
    edits.added.extend(b.edits.added.iter().cloned());
    edits.removed.extend(b.edits.removed.iter().cloned());
    edits
        .chapter_titles
        .extend(b.edits.chapter_titles.iter().cloned());
    set_aside_repeated_keys(&mut joined, a, b);
    joined
}

/// Chapter keys from this index up name a chapter set aside from its file:
/// no file has that many chapters, so no import produces such a key, and a
/// re-import of the file keeps the chapter as one it no longer holds (see
/// `Importer::keep_unread_chapters`) instead of matching it.
pub(crate) const SET_ASIDE_INDEX: u32 = 1 << 31;

/// Keeps each place in a file (source and index) to one chapter of the
/// joined work. Two works can both hold a chapter from one place: a split
/// leaves the file's chapters in two works, and a later re-import updates
/// one of them. Both chapters are kept; the one whose work holds the file
/// now (`a`'s when both or neither do) keeps the key, so re-imports update
/// it, and the other is set aside with a key no file produces (its chapter
/// title edit follows it). Without this, a re-import matched both chapters
/// to the one place and wrote one's text over the other's.
fn set_aside_repeated_keys(joined: &mut WorkState, a: &WorkState, b: &WorkState) {
    let from_a = a.chapters.len();
    let edits_from_a = a.edits.chapter_titles.len();
    let holds = |state: &WorkState, path: &str| state.sources.iter().any(|s| s.path == path);
    for j in from_a..joined.chapters.len() {
        let key = joined.chapters[j].key.clone();
        let Some(i) = joined.chapters[..j]
            .iter()
            .position(|c| c.key.source == key.source && c.key.index == key.index)
        else {
            continue;
        };
        // `i` is one of `a`'s chapters (`b`'s own keys are distinct).
        let b_wins = holds(b, &key.source) && !holds(a, &key.source);
        let (loser, edits_range) = if b_wins {
            (i, 0..edits_from_a)
        } else {
            (j, edits_from_a..joined.edits.chapter_titles.len())
        };
        let free = joined
            .chapters
            .iter()
            .filter(|c| c.key.source == key.source && c.key.index >= SET_ASIDE_INDEX)
            .map(|c| c.key.index + 1)
            .max()
            .unwrap_or(SET_ASIDE_INDEX);
        joined.chapters[loser].key.index = free;
        for edit in &mut joined.edits.chapter_titles[edits_range] {
            if edit.source == key.source && edit.index == key.index {
                edit.index = free;
            }
        }
    }
}

/// Lists united without repeats; single fields taken from `work` first.
fn unite_metadata(work: &mut Work, other: &Work) {
    if work.title_inferred && !other.title_inferred {
        work.title.clone_from(&other.title);
        work.title_inferred = false;
    }
    for (list, more) in [
        (&mut work.authors, &other.authors),
        (&mut work.warnings, &other.warnings),
        (&mut work.fandoms, &other.fandoms),
        (&mut work.relationships, &other.relationships),
        (&mut work.characters, &other.characters),
        (&mut work.tags, &other.tags),
        (&mut work.category, &other.category),
    ] {
        extend(list, more);
    }
    if work.rating_original.is_none() {
        work.rating = other.rating;
        work.rating_original.clone_from(&other.rating_original);
    }
    first(&mut work.language, &other.language);
    first(&mut work.summary, &other.summary);
    first(&mut work.disclaimer, &other.disclaimer);
    first(&mut work.notes.begin, &other.notes.begin);
    first(&mut work.notes.end, &other.notes.end);
    work.status = work.status.or(other.status);
    first(&mut work.published, &other.published);
    first(&mut work.updated, &other.updated);
    for field in &other.fields {
        if !work.fields.contains(field) {
            work.fields.push(field.clone());
        }
    }
}
