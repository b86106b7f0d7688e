//! Tag wrangling: deciding when two spellings are the same tag, AO3-style.
//!
//! Public items:
//! - [`TagWrangler`]: canonicalises a tag given the work's own characters,
//!   with the user's synonyms from `synonyms.toml` ([`TagWrangler::load`]).
//! - [`TagKind`]: which tag list a tag comes from.
//! - [`normalize_key`]: the comparison key (case and spacing folded).
//!
//! The rules, in order, for a tag of kind `kind`:
//! 1. Spelling is [cleaned](normalize_key): whitespace trimmed and collapsed,
//!    curly apostrophes straightened. Case is kept for display but never
//!    compared: two tags with the same key are one tag.
//! 2. A synonym from the user's file wins outright, its canonical spelling included.
//! 3. Characters are completed from the work's own character list: a first or
//!    last name (`Harry`), initials (`H`, `HP`) or abbreviated words
//!    (`Hermione G.`) become the one full name that fits (`Harry Potter`,
//!    `Hermione Granger`); nothing happens when several fit.
//! 4. Relationships are split on `/`, ` x ` or `&`; every member is resolved as
//!    a character (rules 2–3), the members are sorted and joined with `/`
//!    (romantic) or ` & ` (platonic, kept distinct). So `Harry/Draco`,
//!    `Draco x Harry`, `H/D` and `Draco Malfoy/Harry Potter` are all
//!    `Draco Malfoy/Harry Potter` in a work that lists both characters.
//!
//! ```
//! use ficshelf_search::{TagKind, TagWrangler};
//! let wrangler = TagWrangler::from_toml("[character]\n\"Hermione Granger\" = [\"Mione\"]\n")?;
//! let cast = vec!["Draco Malfoy".to_string(), "Harry Potter".to_string()];
//! assert_eq!(wrangler.canonical(TagKind::Relationship, "H/D", &cast), "Draco Malfoy/Harry Potter");
//! assert_eq!(wrangler.canonical(TagKind::Relationship, "Harry x Mione", &cast), "Harry Potter/Hermione Granger");
//! assert_eq!(wrangler.canonical(TagKind::Relationship, "Harry & Draco", &cast), "Draco Malfoy & Harry Potter");
//! # Ok::<(), ficshelf_search::SearchError>(())
//! ```

mod names;
mod relationship;
mod synonyms;

pub use names::normalize_key;

use crate::SearchError;
use ficshelf_model::Work;
use names::{clean, expand_name};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Which list of a work a tag belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    Fandom,
    Relationship,
    Character,
    /// Freeform ("additional") tags.
    Tag,
    Warning,
    Category,
    Language,
}

impl TagKind {
    /// Every kind, in display order.
    pub const ALL: [TagKind; 7] = [
        TagKind::Fandom,
        TagKind::Relationship,
        TagKind::Character,
        TagKind::Tag,
        TagKind::Warning,
        TagKind::Category,
        TagKind::Language,
    ];

    /// The name used in the query language, JSON and `synonyms.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            TagKind::Fandom => "fandom",
            TagKind::Relationship => "relationship",
            TagKind::Character => "character",
            TagKind::Tag => "tag",
            TagKind::Warning => "warning",
            TagKind::Category => "category",
            TagKind::Language => "language",
        }
    }

    /// Parses [`TagKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<TagKind> {
        TagKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// A work's stated tags of every kind, as written (blank ones
    /// included), in [`TagKind::ALL`]'s order: the one list the index and
    /// a reader's view both walk.
    pub fn stated_in(work: &Work) -> [(TagKind, &[String]); 7] {
        [
            (TagKind::Fandom, &work.fandoms),
            (TagKind::Relationship, &work.relationships),
            (TagKind::Character, &work.characters),
            (TagKind::Tag, &work.tags),
            (TagKind::Warning, &work.warnings),
            (TagKind::Category, &work.category),
            (TagKind::Language, work.language.as_slice()),
        ]
    }
}

/// Canonicalises tags; cheap to clone and share (`Send + Sync`).
///
/// Build one per library with [`TagWrangler::load`] and pass it to
/// [`crate::IndexBatch::upsert_work`] and [`crate::SearchIndex::set_wrangler`].
#[derive(Debug, Clone, Default)]
pub struct TagWrangler {
    /// Per kind: synonym key → canonical spelling (canonical names map to themselves).
    synonyms: HashMap<TagKind, HashMap<String, String>>,
    fingerprint: u64,
}

/// A work's characters, resolved, as context for its other tags.
pub(crate) struct Cast(Vec<String>);

impl Cast {
    /// A cast of names that are already canonical (e.g. the library's characters).
    pub(crate) fn resolved(names: Vec<String>) -> Cast {
        Cast(names)
    }
}

impl TagWrangler {
    /// A wrangler with no synonyms.
    pub fn new() -> TagWrangler {
        TagWrangler::default()
    }

    /// Reads the synonyms file at `path` (the library folder's `synonyms.toml`).
    ///
    /// A missing file is not an error: it yields a wrangler without synonyms,
    /// since the file is optional and user-created.
    pub fn load(path: &Path) -> Result<TagWrangler, SearchError> {
        match std::fs::read_to_string(path) {
            Ok(text) => TagWrangler::build(synonyms::parse(&text, Some(path))?, Some(path)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(TagWrangler::new()),
            Err(err) => Err(SearchError::io(path, err)),
        }
    }

    /// Parses synonyms from TOML text (the format of `synonyms.toml`).
    pub fn from_toml(text: &str) -> Result<TagWrangler, SearchError> {
        TagWrangler::build(synonyms::parse(text, None)?, None)
    }

    fn build(
        kinds: Vec<(TagKind, synonyms::Entries)>,
        path: Option<&Path>,
    ) -> Result<TagWrangler, SearchError> {
        let mut wrangler = TagWrangler::new();
        let no_cast = Cast(Vec::new());
        for (kind, entries) in kinds {
            for (canonical, aliases) in entries {
                let target = wrangler.canonical_in(kind, &canonical, &no_cast);
                let mut keys = vec![normalize_key(&canonical), normalize_key(&target)];
                for alias in &aliases {
                    keys.push(normalize_key(alias));
                    if kind == TagKind::Relationship {
                        keys.push(normalize_key(&wrangler.canonical_in(kind, alias, &no_cast)));
                    }
                }
                let map = wrangler.synonyms.entry(kind).or_default();
                for key in keys {
                    match map.get(&key) {
                        Some(existing) if normalize_key(existing) != normalize_key(&target) => {
                            return Err(SearchError::Synonyms {
                                path: path.map(Path::to_path_buf),
                                message: format!(
                                    "[{}] \"{key}\" is listed under both \"{existing}\" and \"{target}\"",
                                    kind.as_str()
                                ),
                            });
                        }
                        _ => {
                            map.insert(key, target.clone());
                        }
                    }
                }
            }
        }
        let mut flat: Vec<String> = wrangler
            .synonyms
            .iter()
            .flat_map(|(kind, map)| {
                map.iter()
                    .map(move |(k, v)| format!("{}\u{1f}{k}\u{1f}{v}", kind.as_str()))
            })
            .collect();
        flat.sort();
        wrangler.fingerprint = if flat.is_empty() {
            0
        } else {
            synonyms::fnv1a(&flat)
        };
        Ok(wrangler)
    }

    /// A stable hash of the synonyms in force (0 for none). The index stores
    /// the fingerprint of the wrangler it was built with, so a changed
    /// `synonyms.toml` can be detected and answered with a reindex.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The canonical spelling of `tag`, given the characters the work lists.
    pub fn canonical(&self, kind: TagKind, tag: &str, work_characters: &[String]) -> String {
        self.canonical_in(kind, tag, &self.cast(work_characters))
    }

    /// The comparison key of the canonical tag: what the index stores and filters on.
    pub fn key(&self, kind: TagKind, tag: &str, work_characters: &[String]) -> String {
        normalize_key(&self.canonical(kind, tag, work_characters))
    }

    fn synonym(&self, kind: TagKind, tag: &str) -> Option<&String> {
        self.synonyms.get(&kind)?.get(&normalize_key(tag))
    }

    /// Resolves a work's character list once, for use with [`TagWrangler::canonical_in`].
    pub(crate) fn cast(&self, work_characters: &[String]) -> Cast {
        let named: Vec<String> = work_characters
            .iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .map(|c| self.synonym(TagKind::Character, &c).cloned().unwrap_or(c))
            .collect();
        let mut resolved: Vec<String> = Vec::with_capacity(named.len());
        for name in &named {
            let full = expand_name(name, &named).unwrap_or(name).to_string();
            if !resolved
                .iter()
                .any(|r| normalize_key(r) == normalize_key(&full))
            {
                resolved.push(full);
            }
        }
        Cast(resolved)
    }

    /// [`TagWrangler::canonical`] with the cast already resolved.
    pub(crate) fn canonical_in(&self, kind: TagKind, tag: &str, cast: &Cast) -> String {
        let cleaned = clean(tag);
        if let Some(target) = self.synonym(kind, &cleaned) {
            return target.clone();
        }
        match kind {
            TagKind::Character => self.character(&cleaned, cast),
            TagKind::Relationship => match relationship::split(&cleaned) {
                Some((members, pairing)) => {
                    let members = members.iter().map(|m| self.character(m, cast)).collect();
                    let joined = relationship::join(members, pairing);
                    self.synonym(kind, &joined).cloned().unwrap_or(joined)
                }
                None => cleaned,
            },
            _ => cleaned,
        }
    }

    fn character(&self, name: &str, cast: &Cast) -> String {
        if let Some(target) = self.synonym(TagKind::Character, name) {
            return target.clone();
        }
        let key = normalize_key(name);
        if let Some(same) = cast.0.iter().find(|c| normalize_key(c) == key) {
            return same.clone();
        }
        expand_name(name, &cast.0).map_or_else(|| name.to_string(), str::to_string)
    }
}

#[cfg(test)]
mod tests;
