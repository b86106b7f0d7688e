//! `split`: takes chapters out of a work into a work of their own.
//!
//! When the chapters are exactly those a merge brought in (the merged
//! work's, as the journal kept it), the split is an unmerge: the work comes
//! back under its old id with its own metadata, keys and files. Otherwise
//! the new work copies the old one's metadata under a title that says which
//! chapters it holds. A file moves with its chapters when all of them move.

use super::change;
use crate::{Library, LibraryError};
use ficshelf_store::{OperationKind, WorkState};
use std::collections::BTreeSet;

/// What a split did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SplitReport {
    pub operation: u64,
    /// The work the chapters left.
    pub work: String,
    /// The work they form now.
    pub new_work: String,
    pub chapters: u32,
    /// Whether the new work is one a merge had joined, back as it was.
    pub unmerged: bool,
}

/// Reads a chapter list such as `3-5` or `1,4-6` into sorted numbers.
pub fn parse_chapters(spec: &str) -> Result<Vec<u32>, LibraryError> {
    let bad = || LibraryError::BadEdit {
        reason: format!("chapters {spec:?}: write numbers and ranges such as 3-5 or 1,4-6"),
    };
    let mut out = BTreeSet::new();
    for part in spec.split(',').map(str::trim) {
        let (start, end) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let start: u32 = start.parse().map_err(|_| bad())?;
        let end: u32 = end.parse().map_err(|_| bad())?;
        if start == 0 || end < start || end - start > 100_000 {
            return Err(bad());
        }
        out.extend(start..=end);
    }
    Ok(out.into_iter().collect())
}

impl Library {
    /// Moves chapters `numbers` of work `id` into a work of their own.
    pub fn split(&mut self, id: &str, numbers: &[u32]) -> Result<SplitReport, LibraryError> {
        let state = self.state(id)?;
        let count = state.chapters.len() as u32;
        if let Some(n) = numbers.iter().find(|n| **n == 0 || **n > count) {
            return Err(LibraryError::BadEdit {
                reason: format!("work {id} has no chapter {n} (it has {count})"),
            });
        }
        let moving: Vec<bool> = (1..=count).map(|n| numbers.contains(&n)).collect();
        if !moving.contains(&true) || !moving.contains(&false) {
            return Err(LibraryError::BadEdit {
                reason: format!(
                    "a split must leave chapters on both sides (work {id} has {count})"
                ),
            });
        }
        let merged = self.merged_work_with(&state, &moving)?;
        let mut stays = state.clone();
        let mut goes = match &merged {
            Some(before) => before.clone(),
            None => fresh_part(&state, numbers),
        };
        keep_chapters(&mut stays, &moving, false);
        goes.work.chapters.clear();
        goes.chapters.clear();
        let mut part = state.clone();
        keep_chapters(&mut part, &moving, true);
        goes.work.chapters = part.work.chapters;
        goes.chapters = part.chapters;
        goes.sources = part.sources;
        goes.edits.chapter_titles = part.edits.chapter_titles;
        goes.assets.clone_from(&state.assets);
        if merged.is_none() {
            goes.identity_key = self.free_key(&goes.identity_key, id)?;
        }
        // The new work's keys leave the old one (a merged work's keys come
        // back to it); if the old one was known by one of them, it takes
        // another of its own.
        let keys: Vec<String> = std::iter::once(goes.identity_key.clone())
            .chain(goes.aliases.iter().cloned())
            .collect();
        stays.aliases.retain(|k| !keys.contains(k));
        if keys.contains(&stays.identity_key) {
            match stays.aliases.first().cloned() {
                Some(other) => {
                    stays.aliases.retain(|k| *k != other);
                    stays.identity_key = other;
                }
                None => goes.identity_key = format!("{}|unmerged", goes.identity_key),
            }
        }

        self.refresh(&mut stays)?;
        self.refresh(&mut goes)?;
        let new_id = merged.as_ref().map(|b| b.work.id.clone());
        let spec = ranges(numbers);
        let summary = match &merged {
            Some(b) => format!(
                "unmerged {} {:?} (chapters {spec}) from {id} {:?}",
                b.work.id, b.work.title, state.work.title
            ),
            None => format!(
                "split chapters {spec} of {id} {:?} into a work of their own",
                state.work.title
            ),
        };
        let changes = [
            change(Some(id), Some(&state), Some(stays)),
            change(new_id.as_deref(), None, Some(goes)),
        ];
        let applied = self.apply(OperationKind::Split, &summary, None, &changes)?;
        Ok(SplitReport {
            operation: applied.operation,
            work: id.to_string(),
            new_work: applied.ids[1].clone(),
            chapters: numbers.len() as u32,
            unmerged: merged.is_some(),
        })
    }

    /// `key`, or `key` with a number after it, such that no work but `own`
    /// has it.
    fn free_key(&self, key: &str, own: &str) -> Result<String, LibraryError> {
        let mut candidate = key.to_string();
        for n in 2.. {
            match self.store.work_by_identity(&candidate)? {
                Some(holder) if holder != own => candidate = format!("{key}#{n}"),
                _ => break,
            }
        }
        Ok(candidate)
    }

    /// The state a work merged into `state` had, when the chapters marked
    /// in `moving` are exactly its chapters (the same places in the same
    /// files, whatever re-imports changed in their text) and its id is free.
    fn merged_work_with(
        &self,
        state: &WorkState,
        moving: &[bool],
    ) -> Result<Option<WorkState>, LibraryError> {
        let mut wanted: Vec<(&str, u32)> = state
            .chapters
            .iter()
            .zip(moving)
            .filter(|(_, m)| **m)
            .map(|(c, _)| (c.key.source.as_str(), c.key.index))
            .collect();
        wanted.sort_unstable();
        let ops = self.store.operations()?;
        for record in self.store.work_records(&state.work.id)?.iter().rev() {
            let is_merge = ops
                .iter()
                .any(|o| o.id == record.operation && o.kind == OperationKind::Merge);
            if !is_merge {
                continue;
            }
            for other in self.store.operation_records(record.operation)? {
                let Some(before) = other.before.filter(|_| other.after.is_none()) else {
                    continue;
                };
                let mut theirs: Vec<(&str, u32)> = before
                    .chapters
                    .iter()
                    .map(|c| (c.key.source.as_str(), c.key.index))
                    .collect();
                theirs.sort_unstable();
                if theirs == wanted && self.store.work_state(&before.work.id)?.is_none() {
                    return Ok(Some(before));
                }
            }
        }
        Ok(None)
    }
}

/// A new work's metadata for chapters `numbers` of `state`.
fn fresh_part(state: &WorkState, numbers: &[u32]) -> WorkState {
    let mut part = state.clone();
    let spec = ranges(numbers);
    part.work.title = format!("{} (chapters {spec})", state.work.title);
    part.work.title_inferred = false;
    part.edits.title = None;
    part.aliases.clear();
    let first = numbers
        .first()
        .and_then(|n| state.chapters.get(*n as usize - 1));
    part.identity_key = match first {
        Some(c) => format!("split:{}:{}#{}", state.work.id, c.key.source, c.key.index),
        None => format!("split:{}", state.work.id),
    };
    part
}

/// Keeps the chapters whose `moving` flag is `keep`, the sources only they
/// use (with `keep`) or any chapter left uses (without), and the chapter
/// title edits of the chapters kept.
fn keep_chapters(state: &mut WorkState, moving: &[bool], keep: bool) {
    let mut flags = moving.iter();
    state
        .work
        .chapters
        .retain(|_| flags.next().is_some_and(|m| *m == keep));
    let mut flags = moving.iter();
    let all = std::mem::take(&mut state.chapters);
    let (kept, other): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|_| flags.next().is_some_and(|m| *m == keep));
    state.chapters = kept;
    // A file stays with the old work while any chapter there uses it.
    let used = |chapters: &[ficshelf_store::ChapterRecord], path: &str| {
        chapters.iter().any(|c| c.key.source == path)
    };
    state.sources.retain(|s| {
        if keep {
            used(&state.chapters, &s.path) && !used(&other, &s.path)
        } else {
            !used(&other, &s.path) || used(&state.chapters, &s.path)
        }
    });
    let chapters = &state.chapters;
    state.edits.chapter_titles.retain(|e| {
        chapters
            .iter()
            .any(|c| c.key.source == e.source && c.key.index == e.index)
    });
}

/// `3-5,7` for [3, 4, 5, 7].
fn ranges(numbers: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end + 1 {
            i += 1;
            end = numbers[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_lists_parse_and_print() {
        assert_eq!(parse_chapters("3-5").ok(), Some(vec![3, 4, 5]));
        assert_eq!(parse_chapters("1, 4-6,5").ok(), Some(vec![1, 4, 5, 6]));
        for bad in ["", "0", "5-3", "a", "2-"] {
            assert!(parse_chapters(bad).is_err(), "{bad:?}");
        }
        assert_eq!(ranges(&[1, 3, 4, 5, 7]), "1,3-5,7");
    }
}
