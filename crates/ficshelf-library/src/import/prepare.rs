//! Before saving a batch: which work each group of files belongs to, and
//! the merged state of every work the batch touches.
//!
//! Groups are resolved one by one against the works saved before this batch
//! and against the groups already resolved in it, so that a txt save (known
//! by title + authors) and an EPUB of the same work (known by its URL, with
//! title + authors as an alias) land in one work even when they arrive in
//! the same batch. Two works known by different original URLs never join.

use super::isolate::{analyse, Analysed, Faults};
use super::{choose_identity, Importer};
use crate::analysis::Analyzer;
use crate::merge::{merge, MergedWork, ParsedSource};
use crate::LibraryError;
use ficshelf_ingest::recover::{identity_alias, name_without_chapter};
use ficshelf_model::{Asset, ChapterBody};
use std::collections::HashMap;

/// One work as this batch will save it.
pub(super) struct PreparedWork {
    /// `None` for a work this batch creates.
    pub existing_id: Option<String>,
    pub identity_key: String,
    pub aliases: Vec<String>,
    pub merged: MergedWork,
    /// Every chapter's text, in the merged chapter order.
    pub bodies: Vec<ChapterBody>,
    /// Per chapter: whether its text is new in this import (and must be written).
    pub is_new: Vec<bool>,
    /// Every image the chapters refer to.
    pub assets: Vec<Asset>,
    /// Filled by [`PreparedWork::analyze`] on the thread pool.
    pub analysed: Option<Analysed>,
}

impl PreparedWork {
    /// Runs text analysis over the merged work; a failure is kept to this work.
    pub fn analyze(&mut self, analyzer: &Analyzer, faults: &Faults) {
        self.analysed = Some(analyse(analyzer, faults, &self.merged.work, &self.bodies));
    }
}

/// Share of a chapter's word shingles another copy must hold to be the
/// same text (a re-save with edits, other notes or other wrapping stays far
/// above it; a different story with the same title is near 0).
const SAME_TEXT: f64 = 0.5;

/// Whether a file's name carries a chapter part (`tale_ch2.txt`,
/// `03 - Storm.txt`; see `name_without_chapter`).
fn names_a_chapter(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    let words: Vec<&str> = stem
        .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    name_without_chapter(name) != words.join(" ")
}

/// What a group's keys found among the stored works.
enum Found {
    Work(String),
    Nothing,
    /// A work with the group's title and authors but other text.
    Namesake,
}

/// Files of one batch that belong to one work.
struct Slot {
    existing_id: Option<String>,
    keys: Vec<String>,
    files: Vec<ParsedSource>,
}

impl Slot {
    /// Whether a group known by `identity` and `aliases` is this slot's work.
    fn claims(&self, identity: &str, aliases: &[String]) -> bool {
        if self.keys.iter().any(|k| k == identity) {
            return true;
        }
        let shares_alias = aliases.iter().any(|a| self.keys.contains(a));
        shares_alias && !other_url(&self.keys, identity)
    }
}

/// Whether `keys` hold an original URL other than `identity`.
fn other_url(keys: &[String], identity: &str) -> bool {
    identity.starts_with("url:") && keys.iter().any(|k| k.starts_with("url:") && k != identity)
}

impl Importer<'_> {
    /// Resolves `groups` (files by identity key) to works and merges each.
    pub(super) fn prepare(
        &mut self,
        groups: Vec<(String, Vec<ParsedSource>)>,
    ) -> Result<Vec<PreparedWork>, LibraryError> {
        let mut slots: Vec<Slot> = Vec::new();
        for (identity, files) in groups {
            let aliases: Vec<String> = files
                .iter()
                .filter_map(|f| identity_alias(&f.parsed.meta))
                .collect();
            let mut keys = aliases.clone();
            keys.push(identity.clone());
            if let Some(slot) = slots.iter_mut().find(|s| s.claims(&identity, &aliases)) {
                slot.keys.extend(keys);
                slot.files.extend(files);
                continue;
            }
            let existing_id = match self.find_work(&identity, &aliases, &files)? {
                Found::Work(id) => Some(id),
                Found::Nothing => None,
                Found::Namesake => {
                    // Same title and author, other text: a work of its own,
                    // under a key its first file makes unique.
                    let first = files.first().map_or("", |f| f.source.sha256.as_str());
                    let own = format!("{identity}|text:{}", &first[..first.len().min(16)]);
                    keys.retain(|k| *k != identity);
                    keys.push(own);
                    None
                }
            };
            match slots
                .iter_mut()
                .find(|s| existing_id.is_some() && s.existing_id == existing_id)
            {
                Some(slot) => {
                    slot.keys.extend(keys);
                    slot.files.extend(files);
                }
                None => slots.push(Slot {
                    existing_id,
                    keys,
                    files,
                }),
            }
        }
        let mut prepared = Vec::with_capacity(slots.len());
        for slot in slots {
            if let Some(work) = self.merge_slot(slot)? {
                prepared.push(work);
            }
        }
        Ok(prepared)
    }

    /// The stored work these files belong to, if any.
    fn find_work(
        &self,
        identity: &str,
        aliases: &[String],
        files: &[ParsedSource],
    ) -> Result<Found, LibraryError> {
        // A changed file keeps its work even if its identity changed.
        for file in files {
            if let Some(stored) = self.store.source(&file.source.path)? {
                return Ok(Found::Work(stored.work_id));
            }
        }
        if let Some(id) = self.store.work_by_identity(identity)? {
            // Title + authors alone may name two works: the text decides.
            if identity.starts_with("title:") && !self.text_confirms(&id, files)? {
                return Ok(Found::Namesake);
            }
            return Ok(Found::Work(id));
        }
        for alias in aliases {
            if let Some(id) = self.store.work_by_identity(alias)? {
                if !other_url(&self.keys_of(&id)?, identity) && self.text_confirms(&id, files)? {
                    return Ok(Found::Work(id));
                }
            }
        }
        Ok(Found::Nothing)
    }

    /// Whether the files' text agrees with stored work `id` where their
    /// chapters claim a place the work already has (a stated chapter number,
    /// the place in a several-chapter file, or the one chapter of a
    /// one-shot): at least one such chapter must share most of its text.
    /// Files that only add chapters beyond the work's confirm it.
    fn text_confirms(&self, id: &str, files: &[ParsedSource]) -> Result<bool, LibraryError> {
        use ficshelf_analyze::minhash::{containment, signature};
        let Some(stored) = self.store.load_work(id)? else {
            return Ok(true);
        };
        let count = stored.work.chapters.len() as u32;
        let mut compared = false;
        for file in files {
            let whole = file.parsed.chapters.len() > 1;
            // One chapter of a one-file-per-chapter work (`tale_ch2.txt`):
            // its place is not known, so it cannot contradict the work.
            if !whole && names_a_chapter(&file.source.path) {
                continue;
            }
            for (i, chapter) in file.parsed.chapters.iter().enumerate() {
                let place = chapter
                    .stated_number
                    .or((whole || count == 1).then_some(i as u32 + 1))
                    .filter(|p| (1..=count).contains(p));
                let Some(place) = place else { continue };
                let Some(body) = self.store.chapter_body(id, place)? else {
                    continue;
                };
                compared = true;
                let ours = signature(&chapter.body.to_text());
                let theirs = signature(&body.to_text());
                if containment(&ours, &theirs) >= SAME_TEXT {
                    return Ok(true);
                }
            }
        }
        Ok(!compared)
    }

    /// Every key work `id` is known by.
    fn keys_of(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        let mut keys = self.store.aliases(id)?;
        if let Some(stored) = self.store.load_work(id)? {
            keys.push(stored.identity_key);
        }
        Ok(keys)
    }

    /// Merges a slot's files into its stored work (or a new one); `None`
    /// when every file is a byte-identical copy of one the work has.
    fn merge_slot(&mut self, slot: Slot) -> Result<Option<PreparedWork>, LibraryError> {
        let Slot {
            existing_id,
            mut keys,
            mut files,
        } = slot;
        let existing = match &existing_id {
            Some(id) => self.store.load_work(id)?,
            None => None,
        };
        let mut stored_bodies = HashMap::new();
        if let Some(stored) = &existing {
            // The same bytes under another path of this work are a copy, not new chapters.
            let report = &mut *self.report;
            files.retain(|f| {
                let copy = stored
                    .sources
                    .iter()
                    .any(|s| s.sha256 == f.source.sha256 && s.path != f.source.path);
                if copy {
                    report.files_unchanged += 1;
                }
                !copy
            });
            if files.is_empty() {
                return Ok(None);
            }
            let mut known = self.store.aliases(&stored.work.id)?;
            known.push(stored.identity_key.clone());
            known.append(&mut keys);
            keys = known;
            for (i, key) in stored.chapter_keys.iter().enumerate() {
                let number = i as u32 + 1;
                let body = self
                    .store
                    .chapter_body(&stored.work.id, number)?
                    .unwrap_or_default();
                stored_bodies.insert(key.clone(), body);
            }
        }
        // The latest group's key leads unless a URL is known.
        let (identity_key, aliases) = choose_identity(keys);
        let mut merged = merge(existing, files);
        let mut fresh: HashMap<_, _> = std::mem::take(&mut merged.new_bodies).into_iter().collect();
        let mut is_new = Vec::with_capacity(merged.chapter_keys.len());
        let bodies: Vec<ChapterBody> = merged
            .chapter_keys
            .iter()
            .map(|key| match fresh.remove(key) {
                Some(body) => {
                    is_new.push(true);
                    body
                }
                None => {
                    is_new.push(false);
                    stored_bodies.remove(key).unwrap_or_default()
                }
            })
            .collect();
        let mut bodies = bodies;
        if merged.sources.len() > 1 {
            crate::merge::drop_copies(&mut merged, &mut bodies, &mut is_new);
        }
        let owners: Vec<&str> = existing_id.iter().map(String::as_str).collect();
        let fresh = std::mem::take(&mut merged.new_assets);
        let assets = crate::assets::work_assets(&*self.store, &bodies, fresh, &owners)?;
        Ok(Some(PreparedWork {
            existing_id,
            identity_key,
            aliases,
            merged,
            bodies,
            is_new,
            assets,
            analysed: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::names_a_chapter;

    #[test]
    fn chapter_parts_in_file_names() {
        for yes in [
            "/in/tale_ch2.txt",
            "/x/03 - Storm.txt",
            "a.zip!/story part 4.txt",
            "c:\\f\\ch10.txt",
        ] {
            assert!(names_a_chapter(yes), "{yes}");
        }
        for no in [
            "/in/untitled.txt",
            "/in/untitled (1).txt",
            "/in/night-shift.txt",
        ] {
            assert!(!names_a_chapter(no), "{no}");
        }
    }
}
