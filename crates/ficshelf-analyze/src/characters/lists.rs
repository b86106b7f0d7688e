//! Character lists: per fandom, the canonical character tags and the other
//! names the text uses for them, read from TOML.
//!
//! ```toml
//! fandom = "Harry Potter - J. K. Rowling"
//! # How disclaimers and notes name the fandom, and who made it.
//! names = ["Harry Potter", "HP"]
//! creators = ["J. K. Rowling", "J.K. Rowling", "Rowling"]
//!
//! [characters]
//! "Hermione Granger" = ["Hermione", "Granger", "Mione"]
//! ```
//!
//! A starter set for a few big fandoms ships with the binary
//! ([`CharacterLists::builtin`]); the library adds `<library>/characters/*.toml`
//! with [`CharacterLists::add_toml`]. A file naming a fandom already loaded
//! adds to it. Ambiguous short names (a surname shared by a family) are best
//! left out of the aliases: a name that points at two characters of the
//! work's fandoms maps to neither.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Deserialize;

const BUILTIN: [&str; 5] = [
    include_str!("../../data/characters/harry-potter.toml"),
    include_str!("../../data/characters/sherlock.toml"),
    include_str!("../../data/characters/marvel.toml"),
    include_str!("../../data/characters/supernatural.toml"),
    include_str!("../../data/characters/star-wars.toml"),
];

/// Why a character list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The text is not TOML, or not shaped like a character list.
    #[error("the character list is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// `fandom` is empty.
    #[error("the character list has an empty `fandom`")]
    EmptyFandom,
    /// A key under `[characters]` is empty.
    #[error("the character list for {fandom} has a character with an empty name")]
    EmptyName {
        /// The list's fandom.
        fandom: String,
    },
}

/// A character's canonical tag and the other names for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalCharacter {
    /// The canonical tag ("Hermione Granger").
    pub name: String,
    /// Other names the text may use ("Hermione", "Mione").
    pub aliases: Vec<String>,
}

/// One fandom's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FandomList {
    /// The canonical fandom tag.
    pub fandom: String,
    /// How disclaimers name it ("Sherlock", "BBC Sherlock").
    pub names: Vec<String>,
    /// Its creators and owners ("J. K. Rowling").
    pub creators: Vec<String>,
    /// Its characters, in file order.
    pub characters: Vec<CanonicalCharacter>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    fandom: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    creators: Vec<String>,
    #[serde(default)]
    characters: BTreeMap<String, Vec<String>>,
}

/// Character lists for any number of fandoms, indexed by every name.
#[derive(Debug, Clone, Default)]
pub struct CharacterLists {
    fandoms: Vec<FandomList>,
    /// Lowercased name or alias → (fandom, character) indices.
    index: FxHashMap<String, Vec<(usize, usize)>>,
}

impl CharacterLists {
    /// No lists.
    pub fn new() -> Self {
        Self::default()
    }

    /// The starter set shipped with Ficshelf: Harry Potter, Sherlock (TV),
    /// Marvel Cinematic Universe, Supernatural, Star Wars.
    pub fn builtin() -> Self {
        let mut lists = Self::new();
        for text in BUILTIN {
            if let Err(e) = lists.add_toml(text) {
                panic!("a built-in character list does not parse: {e}");
            }
        }
        lists
    }

    /// Adds one list (one fandom) from TOML text; a fandom already loaded
    /// gains the new names.
    pub fn add_toml(&mut self, text: &str) -> Result<(), ListError> {
        let file: ListFile = toml::from_str(text)?;
        let fandom = file.fandom.trim().to_string();
        if fandom.is_empty() {
            return Err(ListError::EmptyFandom);
        }
        if file.characters.keys().any(|k| k.trim().is_empty()) {
            return Err(ListError::EmptyName { fandom });
        }
        let f = match self.fandoms.iter().position(|l| l.fandom == fandom) {
            Some(f) => f,
            None => {
                self.fandoms.push(FandomList {
                    fandom,
                    names: Vec::new(),
                    creators: Vec::new(),
                    characters: Vec::new(),
                });
                self.fandoms.len() - 1
            }
        };
        let list = &mut self.fandoms[f];
        extend_unique(&mut list.names, file.names);
        extend_unique(&mut list.creators, file.creators);
        for (name, aliases) in file.characters {
            let name = name.trim().to_string();
            let c = match list.characters.iter().position(|c| c.name == name) {
                Some(c) => c,
                None => {
                    list.characters.push(CanonicalCharacter {
                        name: name.clone(),
                        aliases: Vec::new(),
                    });
                    list.characters.len() - 1
                }
            };
            extend_unique(&mut list.characters[c].aliases, aliases);
            let character = &list.characters[c];
            for key in std::iter::once(&character.name).chain(&character.aliases) {
                let slot = self.index.entry(key.to_lowercase()).or_default();
                if !slot.contains(&(f, c)) {
                    slot.push((f, c));
                }
            }
        }
        Ok(())
    }

    /// The loaded fandoms.
    pub fn fandoms(&self) -> &[FandomList] {
        &self.fandoms
    }

    /// Every (fandom, character) a name or alias points at.
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = (&FandomList, &CanonicalCharacter)> {
        self.index
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .map(|&(f, c)| (&self.fandoms[f], &self.fandoms[f].characters[c]))
    }

    /// (fandom, character) indices a name or alias points at; `buf` is
    /// scratch space for lowercasing.
    pub(crate) fn lookup_indices(&self, name: &str, buf: &mut String) -> &[(usize, usize)] {
        buf.clear();
        buf.extend(name.chars().flat_map(char::to_lowercase));
        self.index.get(buf.as_str()).map_or(&[], Vec::as_slice)
    }

    /// The canonical tag for a character known by `forms` (best first),
    /// within `fandoms` (canonical fandom tags). With no fandoms, only full
    /// names (two words or more) that point at one character are mapped.
    pub fn canonical<'a, I>(&self, forms: I, fandoms: &[String]) -> Option<&str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut buf = String::new();
        for form in forms {
            let mut found: Option<(usize, usize)> = None;
            let mut count = 0;
            for &(f, c) in self.lookup_indices(form, &mut buf) {
                let allowed = if fandoms.is_empty() {
                    form.contains(' ')
                } else {
                    let fandom = &self.fandoms[f].fandom;
                    fandoms.iter().any(|x| x.eq_ignore_ascii_case(fandom))
                };
                if allowed {
                    found = Some((f, c));
                    count += 1;
                }
            }
            if let (1, Some((f, c))) = (count, found) {
                return Some(self.fandoms[f].characters[c].name.as_str());
            }
        }
        None
    }
}

fn extend_unique(into: &mut Vec<String>, from: Vec<String>) {
    for item in from {
        let item = item.trim().to_string();
        if !item.is_empty() && !into.contains(&item) {
            into.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_parse_and_resolve() {
        let lists = CharacterLists::builtin();
        assert_eq!(lists.fandoms().len(), 5);
        for f in lists.fandoms() {
            assert!(
                f.characters.len() >= 20,
                "{} has {}",
                f.fandom,
                f.characters.len()
            );
        }
        let hp = vec!["Harry Potter - J. K. Rowling".to_string()];
        assert_eq!(lists.canonical(["Mione"], &hp), Some("Hermione Granger"));
        assert_eq!(lists.canonical(["Hermione"], &[]), None);
        assert_eq!(
            lists.canonical(["Hermione Granger"], &[]),
            Some("Hermione Granger")
        );
    }

    #[test]
    fn user_lists_add_to_a_fandom_and_errors_are_typed() {
        let mut lists = CharacterLists::builtin();
        let text = "fandom = \"Harry Potter - J. K. Rowling\"\n[characters]\n\"Hermione Granger\" = [\"Hermy\"]\n\"Original Witch\" = [\"Wanda\"]\n";
        lists.add_toml(text).expect("valid");
        let hp = vec!["Harry Potter - J. K. Rowling".to_string()];
        assert_eq!(lists.canonical(["Hermy"], &hp), Some("Hermione Granger"));
        assert_eq!(lists.canonical(["Wanda"], &hp), Some("Original Witch"));
        assert_eq!(lists.fandoms().len(), 5);
        assert!(matches!(
            lists.add_toml("fandom = 3"),
            Err(ListError::Toml(_))
        ));
        assert!(matches!(
            lists.add_toml("fandom = \" \""),
            Err(ListError::EmptyFandom)
        ));
        let empty = "fandom = \"X\"\n[characters]\n\"\" = []\n";
        assert!(matches!(
            lists.add_toml(empty),
            Err(ListError::EmptyName { .. })
        ));
    }
}
