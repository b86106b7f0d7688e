//! The story vocabulary and its Zipf-like frequencies.
//!
//! A few hundred common English words written out here, ranked roughly by how
//! often fiction uses them, then a few thousand invented words built from
//! syllables for the long tail. Word `r` (0-based rank) is drawn with weight
//! `1 / (r + 2.7)` (Zipf–Mandelbrot with exponent one), computed in exact
//! IEEE arithmetic so every machine builds the same table.
//!
//! Words the importer treats as signals (`story`, `chapter`, `part`, `beta`,
//! `review`, `own`, `belong`, `warning`, `note`, `thanks`, …) are left out, so
//! story text never looks like an author's note, disclaimer or heading.

use super::rng::Rng;
use std::collections::HashSet;

/// Common words, most frequent first. Contractions use a straight
/// apostrophe; the writer swaps in a curly one for works that use them.
const COMMON: &[&str] = &[
    "the",
    "and",
    "to",
    "of",
    "a",
    "he",
    "she",
    "was",
    "in",
    "it",
    "her",
    "his",
    "that",
    "I",
    "you",
    "had",
    "with",
    "for",
    "on",
    "at",
    "as",
    "but",
    "not",
    "they",
    "him",
    "be",
    "is",
    "from",
    "all",
    "what",
    "there",
    "were",
    "up",
    "out",
    "so",
    "would",
    "one",
    "if",
    "them",
    "this",
    "no",
    "back",
    "could",
    "me",
    "my",
    "into",
    "we",
    "then",
    "like",
    "down",
    "over",
    "did",
    "know",
    "been",
    "about",
    "when",
    "just",
    "have",
    "do",
    "an",
    "or",
    "are",
    "now",
    "their",
    "time",
    "more",
    "who",
    "your",
    "how",
    "eyes",
    "only",
    "head",
    "even",
    "looked",
    "before",
    "again",
    "something",
    "through",
    "way",
    "thought",
    "hand",
    "never",
    "still",
    "face",
    "too",
    "away",
    "around",
    "off",
    "felt",
    "going",
    "right",
    "where",
    "can",
    "here",
    "door",
    "room",
    "little",
    "made",
    "make",
    "other",
    "knew",
    "take",
    "than",
    "after",
    "some",
    "because",
    "don't",
    "didn't",
    "couldn't",
    "wasn't",
    "it's",
    "I'm",
    "can't",
    "won't",
    "that's",
    "he'd",
    "she'd",
    "we're",
    "you're",
    "look",
    "long",
    "think",
    "turned",
    "get",
    "got",
    "want",
    "see",
    "came",
    "very",
    "first",
    "last",
    "let",
    "moment",
    "voice",
    "well",
    "good",
    "hands",
    "night",
    "nothing",
    "man",
    "woman",
    "against",
    "until",
    "smile",
    "behind",
    "almost",
    "should",
    "while",
    "every",
    "anything",
    "words",
    "toward",
    "across",
    "small",
    "might",
    "shook",
    "need",
    "tell",
    "feel",
    "maybe",
    "quiet",
    "light",
    "dark",
    "cold",
    "warm",
    "breath",
    "wall",
    "window",
    "floor",
    "table",
    "chair",
    "blood",
    "fire",
    "water",
    "sky",
    "rain",
    "wind",
    "sun",
    "morning",
    "evening",
    "day",
    "days",
    "years",
    "life",
    "world",
    "house",
    "city",
    "street",
    "road",
    "heart",
    "mind",
    "body",
    "arm",
    "arms",
    "shoulder",
    "fingers",
    "lips",
    "mouth",
    "hair",
    "skin",
    "sound",
    "silence",
    "corner",
    "edge",
    "side",
    "front",
    "end",
    "place",
    "home",
    "name",
    "people",
    "friend",
    "someone",
    "everyone",
    "together",
    "alone",
    "always",
    "already",
    "enough",
    "perhaps",
    "slowly",
    "quickly",
    "softly",
    "suddenly",
    "finally",
    "barely",
    "simply",
    "really",
    "stood",
    "sat",
    "walked",
    "ran",
    "pulled",
    "pushed",
    "opened",
    "closed",
    "stepped",
    "reached",
    "held",
    "kept",
    "left",
    "found",
    "gave",
    "took",
    "tried",
    "watched",
    "waited",
    "heard",
    "saw",
    "began",
    "seemed",
    "started",
    "stopped",
    "moved",
    "fell",
    "leaned",
    "nodded",
    "sighed",
    "laughed",
    "smiled",
    "frowned",
    "whispered",
    "glanced",
    "swallowed",
    "breathed",
    "remembered",
    "wondered",
    "wanted",
    "needed",
    "realized",
    "decided",
    "answered",
    "replied",
    "shrugged",
    "stared",
    "touched",
    "lifted",
    "dropped",
    "carried",
    "followed",
    "called",
    "old",
    "new",
    "young",
    "bright",
    "soft",
    "hard",
    "heavy",
    "empty",
    "full",
    "strange",
    "familiar",
    "tired",
    "sharp",
    "pale",
    "deep",
    "broken",
    "silver",
    "golden",
    "red",
    "black",
    "white",
    "gray",
    "green",
    "blue",
    "careful",
    "gentle",
    "rough",
    "narrow",
    "wide",
    "distant",
    "sudden",
    "certain",
    "real",
    "whole",
    "half",
    "low",
    "high",
    "late",
    "early",
    "short",
    "book",
    "letter",
    "key",
    "glass",
    "cup",
    "tea",
    "coffee",
    "bread",
    "stone",
    "tree",
    "trees",
    "forest",
    "river",
    "sea",
    "ship",
    "train",
    "station",
    "castle",
    "tower",
    "garden",
    "field",
    "hill",
    "bridge",
    "stairs",
    "hall",
    "kitchen",
    "bed",
    "blanket",
    "coat",
    "boots",
    "sword",
    "map",
    "lamp",
    "candle",
    "shadow",
    "shadows",
    "smoke",
    "ash",
    "dust",
    "snow",
    "storm",
    "thunder",
    "star",
    "stars",
    "moon",
    "ground",
    "dog",
    "cat",
    "horse",
    "bird",
    "crowd",
    "guard",
    "king",
    "queen",
    "captain",
    "doctor",
    "teacher",
    "mother",
    "father",
    "brother",
    "sister",
    "child",
    "children",
    "question",
    "answer",
    "truth",
    "lie",
    "secret",
    "promise",
    "memory",
    "dream",
    "fear",
    "anger",
    "hope",
    "grief",
    "joy",
    "sleep",
    "war",
    "peace",
    "game",
    "plan",
    "reason",
    "thing",
    "things",
    "minute",
    "hour",
    "week",
    "year",
    "breakfast",
    "dinner",
    "school",
    "office",
    "car",
    "phone",
    "paper",
    "pen",
    "music",
    "song",
    "though",
    "although",
    "however",
    "yet",
    "both",
    "each",
    "any",
    "most",
    "such",
    "same",
    "few",
    "many",
    "much",
    "once",
    "twice",
    "soon",
    "later",
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "ever",
    "inside",
    "outside",
    "beneath",
    "above",
    "below",
    "between",
    "beside",
    "along",
    "without",
    "within",
    "upon",
    "under",
    "near",
    "far",
    "yes",
    "oh",
    "okay",
    "sorry",
];

const ONSETS: &[&str] = &[
    "", "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
    "p", "pr", "r", "s", "sh", "st", "t", "th", "tr", "v", "w",
];
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "ai", "ea", "ou", "ee", "oa",
];
const CODAS: &[&str] = &[
    "", "n", "r", "l", "s", "th", "nd", "rt", "m", "ck", "st", "ng", "sh",
];

/// Words never used in story text (see the module docs).
const BANNED: &[&str] = &[
    "story",
    "fic",
    "chapter",
    "chap",
    "ch",
    "part",
    "prompt",
    "beta",
    "review",
    "drabble",
    "own",
    "belong",
    "property",
    "warning",
    "warned",
    "disclaimer",
    "note",
    "notes",
    "thanks",
    "written",
    "prologue",
    "epilogue",
    "interlude",
    "tbc",
    "enjoy",
    "contains",
    "an",
    "tw",
    "cw",
    "by",
];

/// How many invented words make the long tail.
const TAIL_WORDS: usize = 3200;

/// A ranked vocabulary with a sampler for its Zipf-like distribution.
pub struct Vocab {
    words: Vec<Box<str>>,
    /// `cumulative[r]`: sum of the fixed-point weights of ranks `0..=r`.
    cumulative: Vec<u64>,
}

impl Vocab {
    /// Builds the vocabulary; the same on every call and every machine.
    pub fn new() -> Vocab {
        let banned: HashSet<&str> = BANNED.iter().copied().collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut words: Vec<Box<str>> = Vec::with_capacity(COMMON.len() + TAIL_WORDS);
        for &w in COMMON {
            if !banned.contains(w) && seen.insert(w.to_string()) {
                words.push(w.into());
            }
        }
        let mut rng = Rng::new(0x0F1C_5E1F);
        let target = words.len() + TAIL_WORDS;
        while words.len() < target {
            let w = invent_word(&mut rng);
            if w.len() >= 3 && !banned.contains(w.as_str()) && seen.insert(w.clone()) {
                words.push(w.into());
            }
        }
        let mut cumulative = Vec::with_capacity(words.len());
        let mut sum = 0u64;
        for rank in 0..words.len() {
            let weight = 1.0 / (rank as f64 + 2.7);
            sum += (weight * (1u64 << 32) as f64) as u64;
            cumulative.push(sum);
        }
        Vocab { words, cumulative }
    }

    /// One word drawn with Zipf frequencies.
    pub fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().expect("vocabulary is not empty");
        let r = rng.below(total);
        let rank = self.cumulative.partition_point(|&c| c <= r);
        &self.words[rank]
    }

    /// One word drawn uniformly from the `n` most common ones.
    pub fn common(&self, rng: &mut Rng, n: usize) -> &str {
        &self.words[rng.index(n.min(self.words.len()))]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Default for Vocab {
    fn default() -> Vocab {
        Vocab::new()
    }
}

fn invent_word(rng: &mut Rng) -> String {
    let syllables = 1 + rng.weighted(&[4, 5, 1]);
    let mut w = String::new();
    for i in 0..syllables {
        // Later syllables start with a single consonant or none.
        let onset = rng.word(ONSETS);
        w.push_str(if i > 0 && onset.len() > 1 {
            &onset[..1]
        } else {
            onset
        });
        w.push_str(rng.word(VOWELS));
        if rng.chance(if i + 1 == syllables { 0.7 } else { 0.3 }) {
            w.push_str(rng.word(CODAS));
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_head_dominates() {
        let vocab = Vocab::new();
        assert!(vocab.len() > 3000);
        let mut rng = Rng::new(1);
        let n = 100_000;
        let the = (0..n).filter(|_| vocab.sample(&mut rng) == "the").count();
        // 1 / (2.7 * H) with H ≈ 8.5: about 4% of words.
        assert!((2_500..6_000).contains(&the), "{the}");
    }

    #[test]
    fn no_signal_words() {
        let vocab = Vocab::new();
        for w in &vocab.words {
            assert!(!BANNED.contains(&&**w), "{w}");
        }
    }
}
