//! Display spellings and synonyms of wrangled tags, read from the index.
//!
//! The index stores keys (`draco malfoy/harry potter`) for filtering and
//! counting. Every work also records, in the `spelling` field, the canonical
//! spelling it produced for each key and, when different, how it originally
//! wrote the tag. The display spelling of a key is the canonical spelling
//! used by most works (ties: the one sorting first, which prefers capitals),
//! so it follows the library rather than whichever work came first.

use crate::document::{spelling_term_in, SEP};
use crate::wrangle::TagKind;
use crate::SearchError;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use tantivy::schema::Field;
use tantivy::Searcher;

/// What the index knows about one key.
#[derive(Debug, Default)]
pub(crate) struct Spellings {
    /// Canonical spellings and how many works used each.
    canonical: HashMap<String, u64>,
    /// Original spellings that differed from the canonical one.
    written: BTreeSet<String>,
}

impl Spellings {
    fn add(&mut self, role: char, spelling: &str, works: u64) {
        if role == 'd' {
            *self.canonical.entry(spelling.to_string()).or_insert(0) += works;
        } else {
            self.written.insert(spelling.to_string());
        }
    }

    /// The display spelling, falling back to `key`.
    pub fn display(&self, key: &str) -> String {
        self.canonical
            .iter()
            .max_by(|(a, na), (b, nb)| na.cmp(nb).then_with(|| b.cmp(a)))
            .map_or_else(|| key.to_string(), |(s, _)| s.clone())
    }

    /// Every other spelling seen, sorted.
    pub fn synonyms(&self, display: &str) -> Vec<String> {
        let mut all: BTreeSet<String> = self.written.clone();
        all.extend(self.canonical.keys().cloned());
        all.remove(display);
        all.into_iter().collect()
    }
}

/// Parses a `spelling` term into `(namespace, key, role, spelling)`; the
/// namespace is a tag kind's name or the authors'.
fn split_term(bytes: &[u8]) -> Option<(&str, &str, char, &str)> {
    // Every term of the field was written by `spelling_term_in`, so UTF-8.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return None;
    };
    let mut parts = text.splitn(4, SEP);
    let namespace = parts.next()?;
    let key = parts.next()?;
    let role = parts.next()?.chars().next()?;
    Some((namespace, key, role, parts.next()?))
}

/// Reads the spellings of every term in `[from, to)` of the `spelling` field.
fn scan(
    searcher: &Searcher,
    field: Field,
    from: &[u8],
    to: Option<&[u8]>,
    mut visit: impl FnMut(&str, &str, char, &str, u64),
) -> Result<(), SearchError> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut range = inverted.terms().range().ge(from);
        if let Some(to) = to {
            range = range.lt(to);
        }
        let mut stream = range.into_stream()?;
        while stream.advance() {
            if let Some((namespace, key, role, spelling)) = split_term(stream.key()) {
                visit(
                    namespace,
                    key,
                    role,
                    spelling,
                    u64::from(stream.value().doc_freq),
                );
            }
        }
    }
    Ok(())
}

/// Every tag key of the library with its spellings.
pub(crate) fn all_spellings(
    searcher: &Searcher,
    field: Field,
) -> Result<HashMap<(TagKind, String), Spellings>, SearchError> {
    let mut out: HashMap<(TagKind, String), Spellings> = HashMap::new();
    scan(
        searcher,
        field,
        b"",
        None,
        |namespace, key, role, spelling, works| {
            if let Some(kind) = TagKind::from_name(namespace) {
                out.entry((kind, key.to_string()))
                    .or_default()
                    .add(role, spelling, works);
            }
        },
    )?;
    Ok(out)
}

/// Display spelling per `(namespace, key)`.
type NameMap = HashMap<(&'static str, String), String>;

/// Display spellings of keys, cached per searcher generation.
#[derive(Debug, Default)]
pub(crate) struct DisplayNames {
    /// `(generation id, names)`; emptied when the generation changes.
    cache: Mutex<(u64, NameMap)>,
}

impl DisplayNames {
    /// The display spelling of `key` in `namespace` (a tag kind's name or
    /// the authors').
    pub fn get(
        &self,
        searcher: &Searcher,
        field: Field,
        namespace: &'static str,
        key: &str,
    ) -> Result<String, SearchError> {
        let generation = searcher.generation().generation_id();
        {
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if cache.0 != generation {
                *cache = (generation, HashMap::new());
            }
            if let Some(name) = cache.1.get(&(namespace, key.to_string())) {
                return Ok(name.clone());
            }
        }
        let from = spelling_term_in(namespace, key, 'd', "");
        let to = format!("{namespace}{SEP}{key}{SEP}d\u{20}");
        let mut spellings = Spellings::default();
        scan(
            searcher,
            field,
            from.as_bytes(),
            Some(to.as_bytes()),
            |_, _, role, spelling, works| spellings.add(role, spelling, works),
        )?;
        let name = spellings.display(key);
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.0 == generation {
            cache.1.insert((namespace, key.to_string()), name.clone());
        }
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_used_spelling_wins_and_ties_prefer_capitals() {
        let mut s = Spellings::default();
        s.add('d', "harry potter", 1);
        s.add('d', "Harry Potter", 1);
        s.add('s', "Harry", 3);
        assert_eq!(s.display("harry potter"), "Harry Potter");
        assert_eq!(
            s.synonyms("Harry Potter"),
            vec!["Harry".to_string(), "harry potter".to_string()]
        );
        s.add('d', "harry potter", 5);
        assert_eq!(s.display("harry potter"), "harry potter");
    }

    #[test]
    fn terms_split_back() {
        let term = crate::document::spelling_term(TagKind::Relationship, "a/b", 's', "B x A");
        assert_eq!(
            split_term(term.as_bytes()),
            Some(("relationship", "a/b", 's', "B x A"))
        );
    }
}
