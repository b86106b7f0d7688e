//! Turning a [`Work`] and its chapter bodies into tantivy documents.
//!
//! Each chapter's text is made once ([`ChapterBody::write_text`]) and shared
//! by the work document, which indexes it, and the chapter document, which
//! stores it; its positions in the work are counted by [`token_span`]
//! rather than by running the analyzer a second time.

use crate::analyzer::token_span;
use crate::index_doc::IndexDoc;
use crate::query::values::day_number;
use crate::schema::{rating_ord, Fields, KIND_CHAPTER, KIND_WORK};
use crate::wrangle::{normalize_key, Cast, TagKind, TagWrangler};
use crate::SearchError;
use ficshelf_model::{ChapterBody, Work};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Separates the parts of a `spelling` term.
pub(crate) const SEP: char = '\u{1f}';

/// The `spelling` term recording that a work wrote `kind` tag `key` as
/// `spelling`. `role` is `d` for a canonical spelling (a display candidate)
/// and `s` for a synonym as originally written.
pub(crate) fn spelling_term(kind: TagKind, key: &str, role: char, spelling: &str) -> String {
    spelling_term_in(kind.as_str(), key, role, spelling)
}

/// The namespace of authors' `spelling` terms (no tag kind has this name).
pub(crate) const AUTHOR_SPELLINGS: &str = "author";

/// A `spelling` term in `namespace` (a tag kind's name or
/// [`AUTHOR_SPELLINGS`]).
pub(crate) fn spelling_term_in(namespace: &str, key: &str, role: char, spelling: &str) -> String {
    format!("{namespace}{SEP}{key}{SEP}{role}{SEP}{spelling}")
}

/// A work's documents.
pub(crate) struct WorkDocs {
    pub work: IndexDoc,
    /// One per non-empty chapter.
    pub chapters: Vec<IndexDoc>,
    /// Bytes of chapter text the documents hold.
    pub text_bytes: usize,
}

/// The work document and one document per non-empty chapter.
pub(crate) fn build(
    fields: &Fields,
    work: &Work,
    bodies: &[ChapterBody],
    wrangler: &TagWrangler,
) -> Result<WorkDocs, SearchError> {
    let id_num: u64 = work.id.trim().parse().map_err(|_| SearchError::BadWorkId {
        id: work.id.clone(),
    })?;
    if bodies.len() != work.chapters.len() {
        return Err(SearchError::ChapterCount {
            id: work.id.clone(),
            chapters: work.chapters.len(),
            bodies: bodies.len(),
        });
    }
    let mut doc = IndexDoc::default();
    doc.add_text(fields.kind, KIND_WORK);
    let id = work.id.trim();
    doc.add_text(fields.id, id);
    doc.add_u64(fields.id_num, id_num);
    doc.add_text(fields.title, &work.title);
    doc.add_text(fields.title_sort, work.title.trim().to_lowercase());
    let mut author_keys = BTreeSet::new();
    for author in &work.authors {
        doc.add_text(fields.authors, author);
        let written = author.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = normalize_key(author);
        if !key.is_empty() && author_keys.insert(key.clone()) {
            doc.add_text(fields.author, &key);
            let spelling = spelling_term_in(AUTHOR_SPELLINGS, &key, 'd', &written);
            doc.add_text(fields.spelling, spelling);
        }
    }
    if let Some(summary) = &work.summary {
        doc.add_text(fields.summary, summary);
    }
    let chapter_notes = work
        .chapters
        .iter()
        .flat_map(|c| [&c.notes.begin, &c.notes.end]);
    for note in [&work.notes.begin, &work.notes.end]
        .into_iter()
        .chain(chapter_notes)
        .flatten()
    {
        doc.add_text(fields.notes, note);
    }
    doc.add_u64(fields.rating, rating_ord(work.rating));
    if let Some(rating) = work.suggested.rating {
        doc.add_u64(fields.rating_suggested, rating_ord(rating));
    }
    if let Some(status) = work.status {
        doc.add_text(fields.status, status.as_str());
    }
    doc.add_u64(fields.words, work.words);
    doc.add_u64(fields.chapters, work.chapters.len() as u64);
    for (field, date) in [
        (fields.updated, &work.updated),
        (fields.published, &work.published),
    ] {
        if let Some(day) = date.as_deref().and_then(day_number) {
            doc.add_u64(field, day);
        }
    }
    add_tags(fields, &mut doc, work, wrangler);

    let mut chapter_map = Vec::with_capacity(work.chapters.len() * 8);
    let mut next_position: u32 = 0;
    let mut chapters = Vec::new();
    let mut text_bytes = 0;
    for (chapter, body) in work.chapters.iter().zip(bodies) {
        let mut text = String::new();
        body.write_text(&mut text);
        let text = Arc::new(text);
        text_bytes += text.len();
        chapter_map.extend_from_slice(&chapter.number.to_le_bytes());
        chapter_map.extend_from_slice(&next_position.to_le_bytes());
        // Tantivy lays the values of a field end to end, one position apart.
        next_position = next_position
            .saturating_add(token_span(&text))
            .saturating_add(1);
        doc.add_shared_text(fields.body, &text);
        if !text.trim().is_empty() {
            let mut chapter_doc = IndexDoc::default();
            chapter_doc.add_text(fields.kind, KIND_CHAPTER);
            chapter_doc.add_text(fields.id, id);
            chapter_doc.add_text(fields.chapter_key, chapter_key(id, chapter.number));
            chapter_doc.add_shared_text(fields.chapter_text, &text);
            chapters.push(chapter_doc);
        }
    }
    doc.add_bytes(fields.chapter_map, chapter_map);
    Ok(WorkDocs {
        work: doc,
        chapters,
        text_bytes,
    })
}

/// The term identifying one chapter's document.
pub(crate) fn chapter_key(id: &str, number: u32) -> String {
    format!("{id}/{number}")
}

/// Decodes the `chapter_map` bytes: `(chapter number, first position)` pairs.
pub(crate) fn decode_chapter_map(bytes: &[u8]) -> Vec<(u32, u32)> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            let number = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            let start = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
            (number, start)
        })
        .collect()
}

/// Adds the wrangled keys, the free-text tag field and the spelling records.
fn add_tags(fields: &Fields, doc: &mut IndexDoc, work: &Work, wrangler: &TagWrangler) {
    let cast = wrangler.cast(&work.characters);
    let stated = TagKind::stated_in(work);
    let mut spellings = BTreeSet::new();
    let mut texts = BTreeSet::new();
    for (kind, tags) in stated {
        let mut keys = BTreeSet::new();
        for tag in tags.iter().filter(|t| !t.trim().is_empty()) {
            let canonical = wrangler.canonical_in(kind, tag, &cast);
            let key = normalize_key(&canonical);
            spellings.insert(spelling_term(kind, &key, 'd', &canonical));
            let written = tag.split_whitespace().collect::<Vec<_>>().join(" ");
            if written != canonical {
                spellings.insert(spelling_term(kind, &key, 's', &written));
            }
            if matches!(
                kind,
                TagKind::Fandom | TagKind::Relationship | TagKind::Character | TagKind::Tag
            ) {
                texts.insert(written);
                texts.insert(canonical);
            }
            keys.insert(key);
        }
        for key in keys {
            doc.add_text(fields.tag(kind), key);
        }
    }
    for text in texts {
        doc.add_text(fields.tags_text, text);
    }
    for spelling in spellings {
        doc.add_text(fields.spelling, spelling);
    }
    add_suggested(fields, doc, work, wrangler);
}

fn add_suggested(fields: &Fields, doc: &mut IndexDoc, work: &Work, wrangler: &TagWrangler) {
    let suggested = &work.suggested;
    let all_characters: Vec<String> = work
        .characters
        .iter()
        .chain(&suggested.characters)
        .cloned()
        .collect();
    let cast: Cast = wrangler.cast(&all_characters);
    let lists: [(TagKind, &[String]); 4] = [
        (TagKind::Fandom, &suggested.fandoms),
        (TagKind::Relationship, &suggested.relationships),
        (TagKind::Character, &suggested.characters),
        (TagKind::Warning, &suggested.warnings),
    ];
    for (kind, tags) in lists {
        let Some(field) = fields.tag_suggested(kind) else {
            continue;
        };
        let keys: BTreeSet<String> = tags
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| normalize_key(&wrangler.canonical_in(kind, t, &cast)))
            .collect();
        for key in keys {
            doc.add_text(field, key);
        }
    }
}
