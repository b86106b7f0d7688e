//! Which work each file belongs to, by one rule whether the work was saved
//! years ago or met earlier in the same batch (so importing
//! A then B, B then A, or A and B together gives the same works):
//!
//! 1. a file whose path the library has stays with its work;
//! 2. the same original URL, or the same header or file key in one folder,
//!    is the same work;
//! 3. the same stated title and authors is the same work unless the text
//!    says otherwise (a chapter at a place both hold with other text), and
//!    never across two different URLs;
//! 4. the same stated title alone (authors not contradicting), or a stated
//!    title and the title another work's file names carry, is the same work
//!    only when the text says so.
//!
//! Title keys can name several works (namesakes: one title and author, two
//! stories), so they are numbered: `title:…`, `title:…#2`, `title:…#3`, …
//! Every work holds one number of each of its title keys; lookups walk the
//! numbers, and a new work takes the first number no work holds. No key
//! ever names two works, so saving can never collide on one.

use super::compare::{compare, ChapterText, Place, Shingles, Verdict};
use super::Importer;
use crate::merge::{file_name_of, folder_name_of, ParsedSource};
use crate::LibraryError;
use ficshelf_ingest::recover::{
    file_name_key, infer_title, name_key, name_without_chapter, normalise_key, title_key,
};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// Works one title key can name. Past this the key is not distinctive
/// (`name:download`, `name:untitled`): lookups stop there, and further works
/// are not given it (they stay findable by their other keys), so neither
/// lookups nor saving ever walk far.
const FAMILY_CAP: u32 = 64;

/// The keys one file presents.
pub(super) struct FileKeys {
    /// Its identity key (`url:`, `title:`, `header:` or `file:`).
    identity: String,
    /// Stated title + authors keys (`title:…`).
    titles: Vec<String>,
    /// Stated-title-alone keys (`name:…`).
    names: Vec<String>,
    /// The title the file names (or their folder) carry (`filename:…`),
    /// often the real one when a header was misread.
    file_name: Option<String>,
    /// Stated authors, normalised.
    authors: Vec<String>,
}

impl FileKeys {
    pub fn of(identity: &str, file: &ParsedSource) -> FileKeys {
        let meta = &file.parsed.meta;
        let folder = folder_name_of(&file.source.path);
        let inferred = infer_title(&[file_name_of(&file.source.path)], &folder);
        FileKeys {
            identity: identity.to_string(),
            titles: title_key(meta).into_iter().collect(),
            names: meta
                .title
                .as_deref()
                .and_then(name_key)
                .into_iter()
                .collect(),
            file_name: file_name_key(&inferred),
            authors: meta.authors.iter().map(|a| normalise_key(a)).collect(),
        }
    }

    /// Every key, the identity key first.
    fn all(&self) -> Vec<String> {
        let mut keys = vec![self.identity.clone()];
        for key in self.titles.iter().chain(&self.names).chain(&self.file_name) {
            push_new(&mut keys, key.clone());
        }
        keys
    }

    fn url(&self) -> Option<&str> {
        self.identity
            .starts_with("url:")
            .then_some(self.identity.as_str())
    }
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Files of one batch that belong to one work.
pub(super) struct Slot {
    /// `None` for a work this batch creates.
    pub existing_id: Option<String>,
    /// The stored work's identity key.
    pub stored_identity: Option<String>,
    /// Every key the work is known by or its files present, raw (not yet
    /// numbered), stored keys first.
    pub keys: Vec<String>,
    /// Stated authors, normalised.
    authors: Vec<String>,
    pub files: Vec<ParsedSource>,
    /// The files' chapter texts, computed when first compared.
    texts: Option<Vec<ChapterText>>,
}

impl Slot {
    fn absorb(&mut self, keys: &FileKeys, file: ParsedSource) {
        self.texts = None;
        for key in keys.all() {
            push_new(&mut self.keys, key);
        }
        for author in &keys.authors {
            push_new(&mut self.authors, author.clone());
        }
        self.files.push(file);
    }
}

/// A stored work as identity sees it.
struct Known {
    keys: Vec<String>,
    authors: Vec<String>,
    /// Chapter texts, loaded when first compared.
    texts: Option<Vec<ChapterText>>,
}

/// Where a file goes.
enum Target {
    Slot(usize),
    Stored(String),
    New,
}

/// A work a file's title points at.
#[derive(Clone, PartialEq)]
enum Candidate {
    Slot(usize),
    Stored(String),
}

/// Resolves the files of one batch to works, one file at a time.
#[derive(Default)]
pub(super) struct Resolver {
    pub slots: Vec<Slot>,
    known: HashMap<String, Known>,
}

impl Importer<'_> {
    /// Adds `file`, known by `identity`, to the work it belongs to.
    pub(super) fn resolve(
        &self,
        resolver: &mut Resolver,
        identity: &str,
        file: ParsedSource,
    ) -> Result<(), LibraryError> {
        let keys = FileKeys::of(identity, &file);
        let target = self.target(resolver, &keys, &file)?;
        let slot = match target {
            Target::Slot(i) => i,
            Target::Stored(id) => {
                match resolver
                    .slots
                    .iter()
                    .position(|s| s.existing_id.as_deref() == Some(id.as_str()))
                {
                    Some(i) => i,
                    None => {
                        let stored = self.store.load_work(&id)?;
                        let mut keys = self.store.aliases(&id)?;
                        let stored_identity = stored.as_ref().map(|s| s.identity_key.clone());
                        if let Some(key) = &stored_identity {
                            keys.insert(0, key.clone());
                        }
                        let authors = stored
                            .map(|s| s.work.authors.iter().map(|a| normalise_key(a)).collect())
                            .unwrap_or_default();
                        resolver.slots.push(Slot {
                            existing_id: Some(id),
                            stored_identity,
                            keys,
                            authors,
                            files: Vec::new(),
                            texts: None,
                        });
                        resolver.slots.len() - 1
                    }
                }
            }
            Target::New => {
                resolver.slots.push(Slot {
                    existing_id: None,
                    stored_identity: None,
                    keys: Vec::new(),
                    authors: Vec::new(),
                    files: Vec::new(),
                    texts: None,
                });
                resolver.slots.len() - 1
            }
        };
        resolver.slots[slot].absorb(&keys, file);
        Ok(())
    }

    fn target(
        &self,
        resolver: &mut Resolver,
        keys: &FileKeys,
        file: &ParsedSource,
    ) -> Result<Target, LibraryError> {
        // 1. A changed file keeps its work even if its keys changed.
        if let Some(stored) = self.store.source(&file.source.path)? {
            return Ok(Target::Stored(stored.work_id));
        }
        // 2. Keys that decide alone.
        if !keys.identity.starts_with("title:") {
            if let Some(i) = resolver
                .slots
                .iter()
                .position(|s| s.keys.contains(&keys.identity))
            {
                return Ok(Target::Slot(i));
            }
            if let Some(id) = self.store.work_by_identity(&keys.identity)? {
                return Ok(Target::Stored(id));
            }
        }
        // 3 and 4. Titles, confirmed by the text.
        // The file's shingles, made when a candidate first needs them: most
        // files have no candidate, and hashing every word of a work costs.
        let ours = std::cell::OnceCell::new();
        let ours = || ours.get_or_init(|| file_texts(std::slice::from_ref(file)));
        let mut unknown = None;
        for key in &keys.titles {
            for candidate in self.candidates(resolver, key)? {
                if self.other_url(resolver, &candidate, keys)? {
                    continue;
                }
                match self.verdict(resolver, &candidate, ours())? {
                    Verdict::Same => return Ok(candidate.into()),
                    Verdict::Unknown => {
                        unknown.get_or_insert(candidate);
                    }
                    Verdict::Different => {}
                }
            }
        }
        // A stated title finds works stating it or named after it; a file's
        // name finds works stating it.
        let mut by_name: Vec<String> = Vec::new();
        for key in &keys.names {
            by_name.push(key.clone());
            by_name.extend(key.strip_prefix("name:").and_then(file_name_key));
        }
        if let Some(key) = &keys.file_name {
            by_name.extend(key.strip_prefix("filename:").and_then(name_key));
        }
        for key in &by_name {
            for candidate in self.candidates(resolver, key)? {
                if self.other_url(resolver, &candidate, keys)?
                    || !self.authors_agree(resolver, &candidate, keys)?
                {
                    continue;
                }
                if self.verdict(resolver, &candidate, ours())? == Verdict::Same {
                    return Ok(candidate.into());
                }
            }
        }
        Ok(unknown.map_or(Target::New, Target::from))
    }

    /// Works of this batch and of the library that hold any number of
    /// `key`, at most [`FAMILY_CAP`] of each.
    fn candidates(&self, resolver: &Resolver, key: &str) -> Result<Vec<Candidate>, LibraryError> {
        let mut found: Vec<Candidate> = resolver
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.keys.iter().any(|k| k == key))
            .map(|(i, _)| Candidate::Slot(i))
            .take(FAMILY_CAP as usize)
            .collect();
        for n in 1..=FAMILY_CAP {
            let Some(id) = self.store.work_by_identity(&numbered(key, n))? else {
                break;
            };
            // A stored work this batch already adds files to is its slot.
            let candidate = match resolver
                .slots
                .iter()
                .position(|s| s.existing_id.as_deref() == Some(id.as_str()))
            {
                Some(i) => Candidate::Slot(i),
                None => Candidate::Stored(id),
            };
            if !found.contains(&candidate) {
                found.push(candidate);
            }
        }
        Ok(found)
    }

    /// The stored work `id` as identity sees it (cached for the batch).
    fn known<'r>(
        &self,
        resolver: &'r mut Resolver,
        id: &str,
    ) -> Result<&'r mut Known, LibraryError> {
        match resolver.known.entry(id.to_string()) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => {
                let mut keys = self.store.aliases(id)?;
                let mut authors = Vec::new();
                if let Some(stored) = self.store.load_work(id)? {
                    keys.push(stored.identity_key);
                    authors = stored
                        .work
                        .authors
                        .iter()
                        .map(|a| normalise_key(a))
                        .collect();
                }
                Ok(entry.insert(Known {
                    keys,
                    authors,
                    texts: None,
                }))
            }
        }
    }

    /// Whether the file states a URL and the candidate is known by another.
    fn other_url(
        &self,
        resolver: &mut Resolver,
        candidate: &Candidate,
        keys: &FileKeys,
    ) -> Result<bool, LibraryError> {
        let Some(url) = keys.url() else {
            return Ok(false);
        };
        let keys = match candidate {
            Candidate::Slot(i) => &resolver.slots[*i].keys,
            Candidate::Stored(id) => &self.known(resolver, id)?.keys,
        };
        Ok(keys.iter().any(|k| k.starts_with("url:") && k != url))
    }

    /// Whether the authors both sides state have one in common (or one side
    /// states none).
    fn authors_agree(
        &self,
        resolver: &mut Resolver,
        candidate: &Candidate,
        keys: &FileKeys,
    ) -> Result<bool, LibraryError> {
        let theirs = match candidate {
            Candidate::Slot(i) => &resolver.slots[*i].authors,
            Candidate::Stored(id) => &self.known(resolver, id)?.authors,
        };
        Ok(theirs.is_empty()
            || keys.authors.is_empty()
            || keys.authors.iter().any(|a| theirs.contains(a)))
    }

    fn verdict(
        &self,
        resolver: &mut Resolver,
        candidate: &Candidate,
        ours: &[ChapterText],
    ) -> Result<Verdict, LibraryError> {
        match candidate {
            Candidate::Slot(i) => {
                let slot = &mut resolver.slots[*i];
                let theirs = slot.texts.get_or_insert_with(|| file_texts(&slot.files));
                let new_files = compare(ours, theirs);
                // A stored work this batch adds to: its stored chapters too.
                match slot.existing_id.clone() {
                    Some(id) => Ok(either(new_files, self.stored_verdict(resolver, &id, ours)?)),
                    None => Ok(new_files),
                }
            }
            Candidate::Stored(id) => self.stored_verdict(resolver, id, ours),
        }
    }

    /// What the text says about `ours` and stored work `id`'s chapters.
    fn stored_verdict(
        &self,
        resolver: &mut Resolver,
        id: &str,
        ours: &[ChapterText],
    ) -> Result<Verdict, LibraryError> {
        if self.known(resolver, id)?.texts.is_none() {
            let texts = self.stored_texts(id)?;
            self.known(resolver, id)?.texts = Some(texts);
        }
        let theirs = self.known(resolver, id)?.texts.as_deref().unwrap_or(&[]);
        Ok(compare(ours, theirs))
    }

    /// A stored work's chapters, each at the place its file gave it (as
    /// [`file_texts`] reads new files), else at its number in the work.
    fn stored_texts(&self, id: &str) -> Result<Vec<ChapterText>, LibraryError> {
        let Some(stored) = self.store.load_work(id)? else {
            return Ok(Vec::new());
        };
        let mut per_source: HashMap<&str, usize> = HashMap::new();
        for key in &stored.chapter_keys {
            *per_source.entry(key.source.as_str()).or_default() += 1;
        }
        let mut texts = Vec::with_capacity(stored.work.chapters.len());
        for (chapter, key) in stored.work.chapters.iter().zip(&stored.chapter_keys) {
            let whole = per_source.get(key.source.as_str()).copied().unwrap_or(0) > 1;
            let place = match key.stated_number {
                Some(n) => n,
                None if whole => key.index + 1,
                None => chapter.number,
            };
            let body = self
                .store
                .chapter_body(id, chapter.number)?
                .unwrap_or_default();
            texts.push(ChapterText {
                place: Place::At(place),
                shingles: Shingles::of(&body.to_text()),
            });
        }
        Ok(texts)
    }

    /// The identity key and aliases `slot`'s work is saved with: its keys,
    /// each title key at a number no other work holds, keys another work
    /// holds left to it. `taken` collects the keys of slots settled before.
    pub(super) fn settle_keys(
        &self,
        slot: &Slot,
        taken: &mut HashSet<String>,
    ) -> Result<(String, Vec<String>), LibraryError> {
        let own = slot.existing_id.as_deref();
        let mut settled: Vec<String> = Vec::new();
        for key in &slot.keys {
            let numbers = if is_numbered_kind(key) { FAMILY_CAP } else { 1 };
            for n in 1..=numbers {
                let candidate = numbered(key, n);
                let holder = self.store.work_by_identity(&candidate)?;
                if holder.as_deref() == own && own.is_some() {
                    push_new(&mut settled, candidate);
                    break;
                }
                if holder.is_none() && !taken.contains(&candidate) {
                    push_new(&mut settled, candidate);
                    break;
                }
            }
        }
        let url = settled.iter().find(|k| k.starts_with("url:")).cloned();
        let primary = match (&slot.stored_identity, url) {
            (Some(stored), Some(url)) if !stored.starts_with("url:") => url,
            (Some(stored), _) => stored.clone(),
            (None, Some(url)) => url,
            (None, None) => ["title:", "header:", "file:", "name:", "filename:"]
                .iter()
                .find_map(|kind| settled.iter().find(|k| k.starts_with(kind)))
                .or(settled.first())
                .cloned()
                .unwrap_or_else(|| fallback_key(slot)),
        };
        taken.extend(settled.iter().cloned());
        taken.insert(primary.clone());
        settled.retain(|k| *k != primary);
        settled.sort();
        Ok((primary, settled))
    }
}

impl From<Candidate> for Target {
    fn from(candidate: Candidate) -> Target {
        match candidate {
            Candidate::Slot(i) => Target::Slot(i),
            Candidate::Stored(id) => Target::Stored(id),
        }
    }
}

/// One verdict from two looks at one work: any agreement wins, then any
/// disagreement.
fn either(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Same, _) | (_, Verdict::Same) => Verdict::Same,
        (Verdict::Different, _) | (_, Verdict::Different) => Verdict::Different,
        _ => Verdict::Unknown,
    }
}

/// Title keys are shared by namesakes and so numbered; the others name one work.
fn is_numbered_kind(key: &str) -> bool {
    ["title:", "name:", "filename:"]
        .iter()
        .any(|kind| key.starts_with(kind))
}

/// `key` itself for number 1, else `key#n`.
fn numbered(key: &str, n: u32) -> String {
    if n <= 1 {
        key.to_string()
    } else {
        format!("{key}#{n}")
    }
}

/// A key for a new work whose every key another work holds (a file whose
/// keys all moved on): its first file's content.
fn fallback_key(slot: &Slot) -> String {
    let sha = slot.files.first().map_or("", |f| f.source.sha256.as_str());
    format!("sha256:{sha}")
}

/// Each chapter of `files` with its place.
fn file_texts(files: &[ParsedSource]) -> Vec<ChapterText> {
    let mut texts = Vec::new();
    for file in files {
        let chapters = &file.parsed.chapters;
        let whole = chapters.len() > 1;
        // One chapter of a one-file-per-chapter work (`tale_ch2.txt`,
        // calibre's `…_split_003.xhtml`): its place in the work is not known
        // (a heading's number may count from a preface, or restart).
        let chapter_file = !whole && names_a_chapter(&file.source.path);
        for (i, chapter) in chapters.iter().enumerate() {
            let place = match chapter.stated_number {
                _ if chapter_file => Place::Unknown,
                Some(n) => Place::At(n),
                None if whole => Place::At(i as u32 + 1),
                None => Place::Lone,
            };
            texts.push(ChapterText {
                place,
                shingles: Shingles::of(&chapter.body.to_text()),
            });
        }
    }
    texts
}

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

#[cfg(test)]
mod tests {
    use super::{names_a_chapter, numbered};

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

    #[test]
    fn namesake_numbers() {
        assert_eq!(numbered("title:tale|by:ann", 1), "title:tale|by:ann");
        assert_eq!(numbered("title:tale|by:ann", 3), "title:tale|by:ann#3");
    }
}
