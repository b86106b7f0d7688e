//! The tantivy schema, its text analyzer and handles to every field.
//!
//! Two kinds of documents share the index (see the crate docs for why):
//! - a **work** document (`kind` = `work`) with the searchable text, every
//!   filterable field as an indexed term or fast field, and the few stored
//!   fields a hit shows;
//! - one stored-only **chapter** document per chapter (`kind` = `chapter`)
//!   holding the chapter text for snippets; it has no searchable field.

pub(crate) use crate::analyzer::text_analyzer;
use crate::wrangle::TagKind;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::Index;

/// Bumped whenever the schema or the meaning of a field changes; an index
/// with another version must be rebuilt.
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// The analyzer of every full-text field.
pub(crate) const TEXT_ANALYZER: &str = "ficshelf_text";

/// `kind` of work documents.
pub(crate) const KIND_WORK: &str = "work";
/// `kind` of chapter documents.
pub(crate) const KIND_CHAPTER: &str = "chapter";

/// Registers the analyzer the schema refers to.
pub(crate) fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub kind: Field,
    pub id: Field,
    pub id_num: Field,
    pub title: Field,
    pub title_sort: Field,
    pub authors: Field,
    pub author: Field,
    pub summary: Field,
    pub notes: Field,
    pub tags_text: Field,
    pub body: Field,
    pub chapter_map: Field,
    pub rating: Field,
    pub rating_suggested: Field,
    pub status: Field,
    pub words: Field,
    pub chapters: Field,
    pub updated: Field,
    pub published: Field,
    pub spelling: Field,
    pub chapter_key: Field,
    pub chapter_text: Field,
    tags: [(TagKind, Field, Option<Field>); 7],
}

/// Fast-field names of the string facets, per tag kind.
pub(crate) fn tag_field_name(kind: TagKind) -> &'static str {
    kind.as_str()
}

impl Fields {
    /// The keyword field holding `kind`'s wrangled keys (also a fast field).
    pub fn tag(&self, kind: TagKind) -> Field {
        self.tag_entry(kind).1
    }

    /// The keyword field holding `kind`'s suggested keys, if suggestions exist for it.
    pub fn tag_suggested(&self, kind: TagKind) -> Option<Field> {
        self.tag_entry(kind).2
    }

    fn tag_entry(&self, kind: TagKind) -> &(TagKind, Field, Option<Field>) {
        let pos = TagKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        &self.tags[pos]
    }
}

/// Builds the schema and the field handles.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let keyword_fast = || STRING.set_fast("raw");
    let number = || NumericOptions::default().set_indexed().set_fast();

    let kind = b.add_text_field("kind", STRING);
    let id = b.add_text_field("id", STRING | STORED);
    let id_num = b.add_u64_field("id_num", FAST);
    let title = b.add_text_field("title", text(true));
    let title_sort = b.add_text_field("title_sort", TextOptions::default().set_fast("raw"));
    let authors = b.add_text_field("authors", STORED);
    let author = b.add_text_field(fast::AUTHOR, keyword_fast());
    let summary = b.add_text_field("summary", text(true));
    let notes = b.add_text_field("notes", text(false));
    let tags_text = b.add_text_field("tags_text", text(false));
    let body = b.add_text_field("body", text(false));
    let chapter_map = b.add_bytes_field("chapter_map", STORED);
    let rating = b.add_u64_field("rating", number().set_stored());
    let rating_suggested = b.add_u64_field("rating_suggested", INDEXED);
    let status = b.add_text_field("status", keyword_fast());
    let words = b.add_u64_field("words", number());
    let chapters = b.add_u64_field("chapters", number());
    let updated = b.add_u64_field("updated", number());
    let published = b.add_u64_field("published", number());
    let spelling = b.add_text_field("spelling", STRING);
    let chapter_key = b.add_text_field("chapter_key", STRING);
    let chapter_text = b.add_text_field("chapter_text", STORED);
    let tags = TagKind::ALL.map(|k| {
        let field = b.add_text_field(tag_field_name(k), keyword_fast());
        let suggested = matches!(
            k,
            TagKind::Fandom | TagKind::Relationship | TagKind::Character | TagKind::Warning
        )
        .then(|| b.add_text_field(&format!("{}_suggested", k.as_str()), STRING));
        (k, field, suggested)
    });
    let fields = Fields {
        kind,
        id,
        id_num,
        title,
        title_sort,
        authors,
        author,
        summary,
        notes,
        tags_text,
        body,
        chapter_map,
        rating,
        rating_suggested,
        status,
        words,
        chapters,
        updated,
        published,
        spelling,
        chapter_key,
        chapter_text,
        tags,
    };
    (b.build(), fields)
}

/// Names of the fast fields used for sorting and counting.
pub(crate) mod fast {
    pub const ID_NUM: &str = "id_num";
    pub const RATING: &str = "rating";
    pub const WORDS: &str = "words";
    pub const CHAPTERS: &str = "chapters";
    pub const UPDATED: &str = "updated";
    pub const PUBLISHED: &str = "published";
    pub const TITLE_SORT: &str = "title_sort";
    pub const STATUS: &str = "status";
    /// Authors' keys ([`crate::wrangle::normalize_key`]), for the author facet.
    pub const AUTHOR: &str = "author";
}

/// Rating as stored: its position on the scale, so `max_rating` is a range.
pub(crate) fn rating_ord(rating: ficshelf_model::Rating) -> u64 {
    ficshelf_model::Rating::ALL
        .iter()
        .position(|r| *r == rating)
        .unwrap_or(4) as u64
}

/// Inverse of [`rating_ord`].
pub(crate) fn rating_from_ord(ord: u64) -> ficshelf_model::Rating {
    use ficshelf_model::Rating;
    match ord {
        0 => Rating::General,
        1 => Rating::Teen,
        2 => Rating::Mature,
        3 => Rating::Explicit,
        _ => Rating::NotRated,
    }
}
