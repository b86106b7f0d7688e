//! What text analysis suggests about a work, kept apart from what its
//! author stated. The analysis crate fills it; the store keeps it as one JSON
//! value; search reaches it only through `field~:` filters.

use crate::Rating;
use serde::{Deserialize, Serialize};

/// What text analysis suggests about a work. Never mixed with stated fields.
///
/// Every list is ranked best first. Fields added after the first release are
/// `#[serde(default)]` so stored values written before them still load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggested {
    pub fandoms: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    /// A minimum rating the text calls for; never lower than the stated one.
    pub rating: Option<Rating>,
    pub warnings: Vec<String>,
    /// ISO 639-1 code of the work's main language (`"en"`).
    #[serde(default)]
    pub language: Option<String>,
    /// Characters with how often the text names them, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub character_mentions: Vec<NameCount>,
    /// Why [`Suggested::rating`] and [`Suggested::warnings`] were suggested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Whole-work statistics.
    #[serde(default)]
    pub stats: Option<TextStats>,
    /// Per-chapter findings, in chapter order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<ChapterSuggested>,
}

impl Suggested {
    /// True when analysis has found nothing to suggest (or has not run).
    pub fn is_empty(&self) -> bool {
        self == &Suggested::default()
    }
}

/// A name and how many times it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub count: u32,
}

/// Why a rating or warning was suggested: which lexicon matched, how often,
/// and a few of the sentences that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What was measured: `"sexual content"`, `"graphic violence"`, `"strong language"`.
    pub kind: String,
    /// What it suggests: a rating name (`"Mature"`) or a warning
    /// (`"Graphic Depictions Of Violence"`).
    pub suggests: String,
    /// Matches in the whole work.
    pub count: u32,
    /// Up to a few sentences that matched, as written.
    pub examples: Vec<String>,
}

/// Counts over a stretch of story text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextStats {
    /// Words by [`crate::count_words`].
    pub words: u64,
    /// Minutes at 250 words a minute, rounded up.
    pub reading_minutes: u32,
    /// Share of words inside dialogue quotes, in thousandths.
    pub dialogue_permille: u16,
}

/// What analysis found in one chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterSuggested {
    /// 1-based, as [`crate::Chapter::number`].
    pub number: u32,
    pub stats: TextStats,
    /// ISO 639-1 code, when detection was confident.
    pub language: Option<String>,
    /// The narration's main voice, e.g. `"third person past"`.
    pub point_of_view: Option<String>,
    /// 0-based indexes of paragraphs read as interior monologue: first-person
    /// present tense breaking into third-person past narration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interior_monologue: Vec<u32>,
}
