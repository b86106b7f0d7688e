//! The labelled evaluation set, as stored in `tests/fixtures/eval/`.
//!
//! Each chapter is two files: `NN-slug.txt` (story prose only, paragraphs
//! separated by one blank line, no header) and `NN-slug.gold.json`:
//!
//! ```json
//! {
//!   "characters": [{"name": "Mara Voss", "variants": ["Mara", "Voss", "Captain Voss"]}],
//!   "not_characters": ["Baker Street", "Tuesday"],
//!   "pairings": [["Mara Voss", "Ilan Brede"]],
//!   "pov": ["third-past", "dialogue", "first-present"]
//! }
//! ```
//!
//! Optional fields: `group` names a part of the set that floors may hold
//! on its own (`"real-text"`: chapters shaped like the hard cases of real
//! fan fiction); a character's `stated_as` is the tag the work states for
//! them ("Sherlock H.", "Dr. Watson"), which suggestions must not repeat;
//! `fandoms` lists the fandoms analysis should suggest from the text
//! (disclaimers, characters), `[{"name": "Stardew Valley", "variants": []}]`
//! — chapters without it are not scored for fandoms.
//!
//! `pov` has one label per paragraph, in order: `first-past`,
//! `first-present`, `second-past`, `second-present`, `third-past`,
//! `third-present`, or `dialogue` for a paragraph with no narration outside
//! quotes. `duplicates.json` beside them lists file pairs (paths relative to
//! the set's folder) that are the same story and pairs that are not:
//! `{"same": [["dups/a.txt", "dups/b.txt"]], "different": [["…", "…"]]}`.

use serde::Deserialize;

/// A gold character: the name to suggest and the other ways the text names them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldCharacter {
    pub name: String,
    #[serde(default)]
    pub variants: Vec<String>,
    /// The character tag the work states for them, if any.
    #[serde(default)]
    pub stated_as: Option<String>,
}

/// A gold fandom: a name that counts as right, and other names that do too.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldFandom {
    pub name: String,
    #[serde(default)]
    pub variants: Vec<String>,
}

/// The labels of one chapter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    pub characters: Vec<GoldCharacter>,
    /// Capitalised phrases in the text that are not people (places,
    /// organisations, days): informational, for error analysis.
    #[serde(default)]
    pub not_characters: Vec<String>,
    /// Pairs of [`GoldCharacter::name`]s, order free.
    #[serde(default)]
    pub pairings: Vec<[String; 2]>,
    pub pov: Vec<String>,
    /// The part of the set the chapter belongs to (`"real-text"`).
    #[serde(default)]
    pub group: Option<String>,
    /// Fandoms to suggest; `None`: not scored for fandoms.
    #[serde(default)]
    pub fandoms: Option<Vec<GoldFandom>>,
}

impl Gold {
    /// The character tags the work states (each character's `stated_as`).
    pub fn stated_characters(&self) -> Vec<String> {
        self.characters
            .iter()
            .filter_map(|c| c.stated_as.clone())
            .collect()
    }
}

/// One chapter of the set: its text split into paragraphs, and its labels.
#[derive(Debug, Clone)]
pub struct EvalChapter {
    /// File stem, e.g. `03-harbour`.
    pub name: String,
    pub paragraphs: Vec<String>,
    pub gold: Gold,
}

/// Duplicate labels: pairs of files (relative paths) that are, and are not,
/// the same story.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateGold {
    pub same: Vec<[String; 2]>,
    pub different: Vec<[String; 2]>,
}
