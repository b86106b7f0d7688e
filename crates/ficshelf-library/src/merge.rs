//! Merging parsed files into a work: update instead of duplicating.
//!
//! The rules are in `crates/ficshelf-ingest/TEXT_FORMAT.md` ("Works from
//! several files"). Everything here is pure: it takes the stored work (if
//! any) and the files of one identity, and returns the complete new state.

use ficshelf_ingest::recover::{infer_title, natural_cmp};
use ficshelf_ingest::{ParsedChapter, ParsedFile, StatedMeta};
use ficshelf_model::{Asset, Chapter, ChapterBody, Notes, Rating, Source, Work};
use ficshelf_store::{ChapterKey, StoredWork};

/// A parsed file ready to merge.
#[derive(Debug)]
pub(crate) struct ParsedSource {
    pub source: Source,
    pub parsed: ParsedFile,
}

/// The complete state of a work after merging.
#[derive(Debug)]
pub(crate) struct MergedWork {
    pub work: Work,
    pub sources: Vec<Source>,
    pub chapter_keys: Vec<ChapterKey>,
    pub new_bodies: Vec<(ChapterKey, ChapterBody)>,
    /// Images of the merged files (each once); which of them the work keeps
    /// is decided from its text when it is saved.
    pub new_assets: Vec<Asset>,
}

struct Entry {
    chapter: Chapter,
    key: ChapterKey,
}

/// Merges `files` (all of one identity) into `existing`, or into a new work.
pub(crate) fn merge(existing: Option<StoredWork>, mut files: Vec<ParsedSource>) -> MergedWork {
    let (mut work, mut sources, mut entries) = match existing {
        Some(stored) => {
            let entries = stored
                .work
                .chapters
                .iter()
                .cloned()
                .zip(stored.chapter_keys)
                .map(|(chapter, key)| Entry { chapter, key })
                .collect();
            (stored.work, stored.sources, entries)
        }
        None => (Work::new("", ""), Vec::new(), Vec::new()),
    };
    let replaced: Vec<String> = files.iter().map(|f| f.source.path.clone()).collect();
    entries.retain(|e: &Entry| !replaced.contains(&e.key.source));
    sources.retain(|s| !replaced.contains(&s.path));

    files.sort_by(file_order);
    let mut new_bodies = Vec::new();
    let mut new_assets: Vec<Asset> = Vec::new();
    let mut title_stated = !work.title.is_empty() && !work.title_inferred;
    for mut file in files {
        for asset in std::mem::take(&mut file.parsed.assets) {
            if !new_assets.iter().any(|a| a.sha256 == asset.sha256) {
                new_assets.push(asset);
            }
        }
        let meta = &file.parsed.meta;
        apply_meta(&mut work, meta);
        if meta.title.is_some() {
            title_stated = true;
        }
        let mut front = file.parsed.front_notes.clone();
        if front.is_some() && front == work.notes.begin {
            front = None;
        }
        first(&mut work.notes.end, &file.parsed.end_notes);
        let holds_first = entries.is_empty() || is_before_all(&file, &entries);
        if holds_first && work.notes.begin.is_none() {
            work.notes.begin = front.take();
        }
        for (index, parsed) in file.parsed.chapters.into_iter().enumerate() {
            let key = ChapterKey {
                source: file.source.path.clone(),
                index: index as u32,
                stated_number: parsed.stated_number,
            };
            let notes = chapter_notes(&parsed, if index == 0 { front.take() } else { None });
            let chapter = Chapter {
                number: 0,
                title: parsed.title,
                words: parsed.body.words(),
                notes,
                sources: vec![file.source.path.clone()],
            };
            new_bodies.push((key.clone(), parsed.body));
            entries.push(Entry { chapter, key });
        }
        sources.push(file.source.clone());
    }
    let fresh: Vec<String> = new_bodies.iter().map(|(k, _)| k.source.clone()).collect();
    drop_repeated_chapters(&mut entries, &fresh);
    order_chapters(&mut entries);
    sources.sort_by(|a, b| natural_cmp(&a.path, &b.path));
    if !title_stated {
        let names: Vec<String> = sources.iter().map(|s| file_name_of(&s.path)).collect();
        let folder = sources
            .first()
            .map(|s| folder_name_of(&s.path))
            .unwrap_or_default();
        work.title = infer_title(&names, &folder);
        work.title_inferred = true;
    } else {
        work.title_inferred = false;
    }
    work.chapters = entries.iter().map(|e| e.chapter.clone()).collect();
    work.words = work.chapters.iter().map(|c| c.words).sum();
    work.sources = sources.iter().map(|s| s.path.clone()).collect();
    MergedWork {
        chapter_keys: entries.into_iter().map(|e| e.key).collect(),
        work,
        sources,
        new_bodies,
        new_assets,
    }
}

/// Jaccard similarity of word shingles at which two chapters are copies
/// of one text (re-saves, rewrapped lines, fixed typos stay above it).
const COPY_SIMILARITY: f64 = 0.8;

/// Joins chapters whose text another file of the work also holds (a
/// one-shot saved twice, a chapter file beside the whole-work download),
/// keeping the copy from the file with more chapters, then the one from
/// this import (`is_new`); the kept chapter lists the other copy's file
/// among its `sources` (the file stays a source of the work, so that text
/// is never lost). Two chapters are copies only when nothing they state
/// tells them apart (see [`may_be_copies`]): `Chapter 1: Dust` and `Chapter
/// 10: Home` are two chapters however alike their text. A file holding the
/// whole work as one chapter is a copy of the chapters it holds
/// ([`whole_work_copies`]). Numbers and the word count follow. `bodies` and `is_new` are in chapter order and shrink
/// with the chapters.
pub(crate) fn drop_copies(
    merged: &mut MergedWork,
    bodies: &mut Vec<ChapterBody>,
    is_new: &mut Vec<bool>,
) {
    use ficshelf_analyze::minhash::{signature, similarity};
    use std::collections::HashMap;
    let keys = &merged.chapter_keys;
    let mut per_source: HashMap<&str, usize> = HashMap::new();
    for key in keys {
        *per_source.entry(key.source.as_str()).or_default() += 1;
    }
    let signatures: Vec<_> = bodies.iter().map(|b| signature(&b.to_text())).collect();
    let words: Vec<u64> = merged.work.chapters.iter().map(|c| c.words).collect();
    let rank = |i: usize| (per_source[keys[i].source.as_str()], is_new[i]);
    let mut dropped = vec![false; keys.len()];
    let mut also_from: Vec<(usize, String)> = Vec::new();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            if dropped[i] || dropped[j] || keys[i].source == keys[j].source {
                continue;
            }
            let chapters = &merged.work.chapters;
            if !may_be_copies((&keys[i], &chapters[i]), (&keys[j], &chapters[j])) {
                continue;
            }
            // Copies have about the same length; this skips most pairs cheaply.
            let (a, b) = (words[i].max(1), words[j].max(1));
            if a > 2 * b || b > 2 * a {
                continue;
            }
            if similarity(&signatures[i], &signatures[j]) >= COPY_SIMILARITY {
                let (winner, loser) = if rank(j) > rank(i) { (j, i) } else { (i, j) };
                dropped[loser] = true;
                also_from.push((winner, keys[loser].source.clone()));
            }
        }
    }
    for (lone, covered) in
        whole_work_copies(keys, &merged.work.chapters, bodies, &per_source, &dropped)
    {
        dropped[lone] = true;
        for chapter in covered {
            also_from.push((chapter, keys[lone].source.clone()));
        }
    }
    if !dropped.contains(&true) {
        return;
    }
    for (winner, source) in also_from {
        add_source(&mut merged.work.chapters[winner], source);
    }
    let keep = |v: usize| !dropped[v];
    let mut at = 0..;
    merged.chapter_keys.retain(|_| keep(at.next().unwrap_or(0)));
    let mut at = 0..;
    merged
        .work
        .chapters
        .retain(|_| keep(at.next().unwrap_or(0)));
    let mut at = 0..;
    bodies.retain(|_| keep(at.next().unwrap_or(0)));
    let mut at = 0..;
    is_new.retain(|_| keep(at.next().unwrap_or(0)));
    for (n, chapter) in merged.work.chapters.iter_mut().enumerate() {
        chapter.number = n as u32 + 1;
    }
    merged.work.words = merged.work.chapters.iter().map(|c| c.words).sum();
}

/// Share of a lone chapter's shingles the other files' chapters must hold
/// for it to be the whole work saved as one chapter (notes and a header read
/// into its text stay under the rest).
const WHOLE_WORK_COPY: f64 = 0.9;

/// Chapters that are the whole work saved as one chapter (a txt without
/// chapter headings beside a download of the same work): the only chapter
/// of their file, most of whose text the chapters of other files hold,
/// several of them. Returns each with the chapters whose text it holds.
fn whole_work_copies(
    keys: &[ChapterKey],
    chapters: &[Chapter],
    bodies: &[ChapterBody],
    per_source: &std::collections::HashMap<&str, usize>,
    dropped: &[bool],
) -> Vec<(usize, Vec<usize>)> {
    use crate::shingles::Shingles;
    // A chapter that states its number or title is a chapter, not a work.
    let lone: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            !dropped[i]
                && per_source[keys[i].source.as_str()] == 1
                && keys[i].stated_number.is_none()
                && chapters[i].title.is_none()
        })
        .collect();
    let others_of = |i: usize| -> Vec<usize> {
        (0..keys.len())
            .filter(|&j| !dropped[j] && keys[j].source != keys[i].source)
            .collect()
    };
    if lone.iter().all(|&i| others_of(i).len() < 2) {
        return Vec::new();
    }
    let shingles: Vec<Shingles> = bodies.iter().map(|b| Shingles::of(&b.to_text())).collect();
    let mut found = Vec::new();
    for i in lone {
        let others = others_of(i);
        if others.len() < 2
            || found
                .iter()
                .any(|(_, c): &(usize, Vec<usize>)| c.contains(&i))
        {
            continue;
        }
        let sets: Vec<&Shingles> = others.iter().map(|&j| &shingles[j]).collect();
        if shingles[i].share_in(&sets) < WHOLE_WORK_COPY {
            continue;
        }
        let covered: Vec<usize> = others
            .into_iter()
            .filter(|&j| shingles[j].share_in(&[&shingles[i]]) >= 0.5)
            .collect();
        // As long as the chapters it holds together (chapter files that
        // share a recap hold each other's text, but one chapter's worth).
        let held: u64 = covered.iter().map(|&j| chapters[j].words).sum();
        if covered.len() >= 2 && chapters[i].words as f64 >= 0.8 * held as f64 {
            found.push((i, covered));
        }
    }
    found
}

/// Whether two chapters of different files may be one chapter saved twice:
/// never when both state a chapter number and the numbers differ, or both
/// state a title and the titles differ; the text decides the rest.
fn may_be_copies(a: (&ChapterKey, &Chapter), b: (&ChapterKey, &Chapter)) -> bool {
    use ficshelf_ingest::recover::normalise_key;
    if let (Some(x), Some(y)) = (a.0.stated_number, b.0.stated_number) {
        if x != y {
            return false;
        }
    }
    if let (Some(x), Some(y)) = (&a.1.title, &b.1.title) {
        if normalise_key(x) != normalise_key(y) {
            return false;
        }
    }
    true
}

/// Records that `chapter` is also held by file `source`.
fn add_source(chapter: &mut Chapter, source: String) {
    if !chapter.sources.contains(&source) {
        chapter.sources.push(source);
    }
}

/// Files sort by stated chapter number when both state one, else by name.
fn file_order(a: &ParsedSource, b: &ParsedSource) -> std::cmp::Ordering {
    match (first_number(&a.parsed), first_number(&b.parsed)) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        _ => natural_cmp(&a.source.path, &b.source.path),
    }
}

fn first_number(file: &ParsedFile) -> Option<u32> {
    file.chapters.first().and_then(|c| c.stated_number)
}

/// Whether `file`'s first chapter sorts before every chapter already there.
fn is_before_all(file: &ParsedSource, entries: &[Entry]) -> bool {
    let number = first_number(&file.parsed);
    entries.iter().all(|e| match (number, e.key.stated_number) {
        (Some(x), Some(y)) => x < y,
        _ => natural_cmp(&file.source.path, &e.key.source).is_lt(),
    })
}

fn chapter_notes(parsed: &ParsedChapter, front: Option<String>) -> Notes {
    let begin = match (front, parsed.notes.begin.clone()) {
        (Some(f), Some(b)) => Some(format!("{f}\n\n{b}")),
        (f, b) => f.or(b),
    };
    Notes {
        begin,
        end: parsed.notes.end.clone(),
    }
}

/// Where a chapter sits in the work, for telling two copies of it apart: the
/// number its file stated, else its place in a whole-work file (one holding
/// several chapters, or any HTML/EPUB download). A lone unnumbered chapter
/// of a one-file-per-chapter work has no position.
fn position(entry: &Entry, whole_work: bool) -> Option<u32> {
    entry
        .key
        .stated_number
        .or_else(|| whole_work.then_some(entry.key.index + 1))
}

/// Files Ficshelf only ever sees as whole-work downloads.
fn is_download_format(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".epub", ".html", ".htm", ".xhtml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The same work from two files (a txt save and an AO3 EPUB, or a
/// re-download with new chapters) holds each chapter twice. Where chapters
/// of two or more files share a [`position`], only the file with the most
/// chapters keeps them (a tie goes to a file of this import, then to the
/// later path); a one-chapter work's lone chapters all share position 1.
/// Chapters of one file never displace each other.
fn drop_repeated_chapters(entries: &mut Vec<Entry>, fresh: &[String]) {
    use std::collections::HashMap;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for entry in entries.iter() {
        *counts.entry(entry.key.source.clone()).or_default() += 1;
    }
    if counts.len() < 2 {
        return;
    }
    let whole = |source: &str| counts[source] > 1 || is_download_format(source);
    let one_shot = entries
        .iter()
        .filter(|e| whole(&e.key.source))
        .all(|e| counts[&e.key.source] == 1)
        && entries.iter().any(|e| whole(&e.key.source));
    let rank = |source: &str| {
        (
            counts[source],
            fresh.iter().any(|f| f == source),
            source.to_string(),
        )
    };
    let place = |e: &Entry| {
        if one_shot && e.key.stated_number.is_none() {
            Some(1)
        } else {
            position(e, whole(&e.key.source))
        }
    };
    let group = |e: &Entry| e.key.source.clone();
    keep_best(entries, group, place, |source: &String| rank(source));
}

/// Where chapters of two or more groups (files, or works being joined)
/// share a place, keeps only those of the group ranked highest; a kept
/// chapter lists the files of the copies it replaced among its `sources`.
/// Chapters without a place, and chapters of one group, are always kept.
fn keep_best<G, R>(
    entries: &mut Vec<Entry>,
    group: impl Fn(&Entry) -> G,
    place: impl Fn(&Entry) -> Option<u32>,
    rank: impl Fn(&G) -> R,
) where
    G: PartialEq + Clone,
    R: PartialOrd,
{
    let mut best: std::collections::HashMap<u32, G> = std::collections::HashMap::new();
    for entry in entries.iter() {
        if let Some(at) = place(entry) {
            let mine = group(entry);
            let current = best.entry(at).or_insert_with(|| mine.clone());
            if rank(&mine) > rank(current) {
                *current = mine;
            }
        }
    }
    let keep: Vec<bool> = entries
        .iter()
        .map(|e| place(e).is_none_or(|at| best[&at] == group(e)))
        .collect();
    // The kept copy lists the files of the copies it replaces.
    for dropped in (0..entries.len()).filter(|&i| !keep[i]) {
        let at = place(&entries[dropped]);
        let kept = (0..entries.len()).find(|&k| keep[k] && place(&entries[k]) == at);
        if let Some(kept) = kept {
            let source = entries[dropped].key.source.clone();
            add_source(&mut entries[kept].chapter, source);
        }
    }
    let mut keep = keep.into_iter();
    entries.retain(|_| keep.next().unwrap_or(true));
}

/// Chapter order: stated numbers when every chapter has one, else file name
/// order then position in the file. Numbers are then 1..=n.
fn order_chapters(entries: &mut [Entry]) {
    let all_numbered = entries.iter().all(|e| e.key.stated_number.is_some());
    entries.sort_by(|a, b| {
        let by_file = natural_cmp(&a.key.source, &b.key.source).then(a.key.index.cmp(&b.key.index));
        if all_numbered {
            a.key.stated_number.cmp(&b.key.stated_number).then(by_file)
        } else {
            by_file
        }
    });
    for (i, entry) in entries.iter_mut().enumerate() {
        entry.chapter.number = i as u32 + 1;
    }
}

/// Stated metadata: lists merge without repeats; the first stated value of
/// a single field wins.
fn apply_meta(work: &mut Work, meta: &StatedMeta) {
    if let Some(title) = &meta.title {
        if work.title.is_empty() || work.title_inferred {
            work.title = title.clone();
        }
    }
    extend(&mut work.authors, &meta.authors);
    if work.rating_original.is_none() {
        if let Some(label) = &meta.rating {
            work.rating_original = Some(label.clone());
            work.rating = Rating::from_label(label).unwrap_or(Rating::NotRated);
        }
    }
    extend(&mut work.warnings, &meta.warnings);
    extend(&mut work.fandoms, &meta.fandoms);
    extend(&mut work.relationships, &meta.relationships);
    extend(&mut work.characters, &meta.characters);
    extend(&mut work.tags, &meta.tags);
    extend(&mut work.category, &meta.category);
    first(&mut work.language, &meta.language);
    first(&mut work.summary, &meta.summary);
    first(&mut work.disclaimer, &meta.disclaimer);
    if work.status.is_none() {
        work.status = meta.status;
    }
    first(&mut work.published, &meta.published);
    first(&mut work.updated, &meta.updated);
    for field in &meta.fields {
        if !work.fields.contains(field) {
            work.fields.push(field.clone());
        }
    }
}

pub(crate) fn extend(list: &mut Vec<String>, more: &[String]) {
    for item in more {
        if !list.iter().any(|x| x.eq_ignore_ascii_case(item)) {
            list.push(item.clone());
        }
    }
}

pub(crate) fn first(slot: &mut Option<String>, value: &Option<String>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

pub(crate) fn file_name_of(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

pub(crate) fn folder_name_of(path: &str) -> String {
    let folder = match path.rfind(['/', '\\']) {
        Some(i) => &path[..i],
        None => "",
    };
    let folder = folder.trim_end_matches(".zip!").trim_end_matches('!');
    file_name_of(folder)
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
