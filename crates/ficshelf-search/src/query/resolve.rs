//! Resolving a filter value to the key the index stores.
//!
//! A value is first wrangled on its own (synonyms, case, spacing, member
//! order). Characters and relationships need more: works are wrangled with
//! their own cast, so `Harry/Draco` was indexed as `draco malfoy/harry
//! potter`, but a query has no cast. When the plain key is not in the index,
//! the characters the index knows stand in for the cast: `character:Harry`
//! or `relationship:"Harry/Draco"` then resolve as long as each name fits
//! exactly one character of the library.

use crate::schema::Fields;
use crate::wrangle::{normalize_key, Cast, TagKind, TagWrangler};
use crate::SearchError;
use std::collections::BTreeSet;
use tantivy::{Searcher, Term};

/// Resolves values for one query.
pub(crate) struct KeyResolver<'a> {
    searcher: Option<&'a Searcher>,
    fields: &'a Fields,
    wrangler: &'a TagWrangler,
    /// Every character key of the index, read on first need.
    library_cast: Option<Cast>,
}

impl<'a> KeyResolver<'a> {
    /// Without a searcher, values are only wrangled on their own.
    pub fn new(
        searcher: Option<&'a Searcher>,
        fields: &'a Fields,
        wrangler: &'a TagWrangler,
    ) -> KeyResolver<'a> {
        KeyResolver {
            searcher,
            fields,
            wrangler,
            library_cast: None,
        }
    }

    /// The stored key `value` of `kind` stands for.
    pub fn key(&mut self, kind: TagKind, value: &str) -> Result<String, SearchError> {
        let key = self.wrangler.key(kind, value, &[]);
        let Some(searcher) = self.searcher else {
            return Ok(key);
        };
        if !matches!(kind, TagKind::Character | TagKind::Relationship)
            || self.exists(searcher, kind, &key)?
        {
            return Ok(key);
        }
        let cast = match self.library_cast.take() {
            Some(cast) => cast,
            None => self.read_characters(searcher)?,
        };
        let resolved = normalize_key(&self.wrangler.canonical_in(kind, value, &cast));
        self.library_cast = Some(cast);
        Ok(if self.exists(searcher, kind, &resolved)? {
            resolved
        } else {
            key
        })
    }

    fn exists(&self, searcher: &Searcher, kind: TagKind, key: &str) -> Result<bool, SearchError> {
        Ok(searcher.doc_freq(&Term::from_field_text(self.fields.tag(kind), key))? > 0)
    }

    fn read_characters(&self, searcher: &Searcher) -> Result<Cast, SearchError> {
        let mut names = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.tag(TagKind::Character))?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                names.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        Ok(Cast::resolved(names.into_iter().collect()))
    }
}
