//! Point of view and tense of the narration, paragraph by paragraph.
//!
//! Dialogue (quoted text, see [`crate::stats::for_each_span`]) is removed
//! first; a paragraph with no narration left is [`ParagraphPov::Dialogue`].
//! The rest is read with transparent counts, no model:
//!
//! - **person**: first-person pronouns (I, me, my, we …), second (you,
//!   your …) and third (he, she, they …). First person wins when its count is
//!   at least half the third-person count; second person likewise.
//! - **tense**: past cues (was, were, had, did, words ending in *-ed*, a list
//!   of irregular past forms) against present cues (am, is, are, has, does,
//!   contractions like *I'm*, *she's*, and the verb right after a subject
//!   pronoun: *she walks*, *I think*).
//!
//! A paragraph whose cues are silent on person or tense takes the chapter's
//! dominant voice. The chapter's voice is the most common narration label;
//! when it is third person past, the first-person present paragraphs are
//! *interior monologue* (italics before the text was flattened).

use crate::minhash::WordHash;
use crate::stats::{for_each_span, RoughWords};

/// Grammatical person of the narration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    First,
    Second,
    Third,
}

/// Tense of the narration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    Present,
    Past,
}

/// What one paragraph is: narration in some voice, or dialogue only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParagraphPov {
    Narration(Person, Tense),
    Dialogue,
}

impl ParagraphPov {
    /// The gold-file label: `"third-past"`, `"first-present"`, `"dialogue"` ….
    pub fn label(self) -> &'static str {
        use {Person::*, Tense::*};
        match self {
            ParagraphPov::Dialogue => "dialogue",
            ParagraphPov::Narration(First, Past) => "first-past",
            ParagraphPov::Narration(First, Present) => "first-present",
            ParagraphPov::Narration(Second, Past) => "second-past",
            ParagraphPov::Narration(Second, Present) => "second-present",
            ParagraphPov::Narration(Third, Past) => "third-past",
            ParagraphPov::Narration(Third, Present) => "third-present",
        }
    }
}

/// The voice of a whole chapter, as shown to readers: `"third person past"`.
pub fn voice_name(person: Person, tense: Tense) -> String {
    let p = match person {
        Person::First => "first",
        Person::Second => "second",
        Person::Third => "third",
    };
    let t = match tense {
        Tense::Present => "present",
        Tense::Past => "past",
    };
    format!("{p} person {t}")
}

/// Point of view of one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterPov {
    /// One entry per input paragraph.
    pub paragraphs: Vec<ParagraphPov>,
    /// The most common narration voice; None when no paragraph narrates.
    pub dominant: Option<(Person, Tense)>,
    /// 0-based indexes of first-person present paragraphs inside third-person
    /// past narration.
    pub interior_monologue: Vec<u32>,
    /// Narration words, and how many of them are among the thirty
    /// commonest English words.
    pub narration_words: u32,
    pub common_english_words: u32,
}

/// Share of the commonest English words (in percent of narration words,
/// over at least [`SURE_ENGLISH_MIN_WORDS`]) above which narration is
/// English beyond doubt: English prose runs at 30–40%, other languages
/// (where "to", "i", "is" or "was" are words too) stay under 10%.
pub const SURE_ENGLISH_PERCENT: u32 = 20;
/// Narration words needed before [`ChapterPov::is_surely_english`] says yes.
pub const SURE_ENGLISH_MIN_WORDS: u32 = 50;

impl ChapterPov {
    /// Is the narration English beyond doubt (see [`SURE_ENGLISH_PERCENT`])?
    pub fn is_surely_english(&self) -> bool {
        self.narration_words >= SURE_ENGLISH_MIN_WORDS
            && self.common_english_words * 100 >= self.narration_words * SURE_ENGLISH_PERCENT
    }

    /// The dominant voice as text, e.g. `"first person present"`.
    pub fn point_of_view(&self) -> Option<String> {
        self.dominant.map(|(p, t)| voice_name(p, t))
    }
}

/// Cue counts for one paragraph's narration, filled span by span with
/// [`Counts::add_narration`] (so a caller that already splits paragraphs
/// into dialogue and narration does not split them again) and read by
/// [`from_counts`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    narration_words: u32,
    first: u32,
    second: u32,
    third: u32,
    past: u32,
    present: u32,
    /// Very common English words: too few and the cues mean nothing.
    english: u32,
}

impl Counts {
    fn person(&self) -> Option<Person> {
        if self.first > 0 && self.first * 2 >= self.third && self.first >= self.second {
            Some(Person::First)
        } else if self.second > 0 && self.second * 2 >= self.third {
            Some(Person::Second)
        } else if self.third > 0 {
            Some(Person::Third)
        } else {
            None
        }
    }

    fn tense(&self) -> Option<Tense> {
        match self.past.cmp(&self.present) {
            std::cmp::Ordering::Greater => Some(Tense::Past),
            std::cmp::Ordering::Less => Some(Tense::Present),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// Below this share of very common English words in the narration, the
/// chapter is not read as English: no dominant voice, no monologue, and
/// narration paragraphs get the default label third person past.
pub const MIN_ENGLISH_PERCENT: u32 = 8;

/// Labels every paragraph of a chapter and finds its dominant voice and
/// interior monologue.
pub fn analyze<S: AsRef<str>>(paragraphs: &[S]) -> ChapterPov {
    let counts: Vec<Counts> = paragraphs.iter().map(|p| count(p.as_ref())).collect();
    from_counts(&counts)
}

/// [`analyze`] from each paragraph's narration counts.
pub fn from_counts(counts: &[Counts]) -> ChapterPov {
    // Fallbacks for paragraphs whose cues are silent on one axis.
    let mut person_votes = [0u32; 3];
    let mut tense_votes = [0u32; 2];
    for c in counts.iter().filter(|c| c.narration_words > 0) {
        let (p, t) = (c.person(), c.tense());
        if let Some(p) = p {
            person_votes[p as usize] += 1;
        }
        if let Some(t) = t {
            tense_votes[t as usize] += 1;
        }
    }
    let fallback_person =
        argmax(&person_votes).map(|i| [Person::First, Person::Second, Person::Third][i]);
    let (words, english) = counts
        .iter()
        .fold((0, 0), |(w, e), c| (w + c.narration_words, e + c.english));
    // The cues are English words: in other languages, say nothing.
    let is_english = english * 100 >= words * MIN_ENGLISH_PERCENT;
    let fallback_tense = argmax(&tense_votes).map(|i| [Tense::Present, Tense::Past][i]);
    let labels: Vec<ParagraphPov> = counts
        .iter()
        .map(|c| {
            if c.narration_words == 0 {
                return ParagraphPov::Dialogue;
            }
            // A first- or second-person narrator also writes "she said":
            // third-person cues alone do not override the chapter's voice.
            // A generic or addressed "you" in other narration is not a
            // second-person narrator unless it dominates the paragraph.
            let person = match (c.person(), fallback_person) {
                _ if !is_english => Person::Third,
                (Some(Person::Third) | None, Some(p @ (Person::First | Person::Second))) => p,
                (Some(Person::Second), Some(p @ (Person::First | Person::Third)))
                    if c.second < 3 || c.second <= c.first =>
                {
                    p
                }
                (Some(p), _) => p,
                (None, fallback) => fallback.unwrap_or(Person::Third),
            };
            let tense = match c.tense() {
                Some(t) if is_english => t,
                _ => fallback_tense.filter(|_| is_english).unwrap_or(Tense::Past),
            };
            ParagraphPov::Narration(person, tense)
        })
        .collect();
    let mut final_votes = [0u32; 6];
    for l in &labels {
        if let ParagraphPov::Narration(p, t) = l {
            final_votes[*p as usize * 2 + *t as usize] += 1;
        }
    }
    let dominant = argmax(&final_votes).filter(|_| is_english).map(|i| {
        let p = [Person::First, Person::Second, Person::Third][i / 2];
        let t = [Tense::Present, Tense::Past][i % 2];
        (p, t)
    });
    let interior_monologue = if dominant == Some((Person::Third, Tense::Past)) {
        labels
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == ParagraphPov::Narration(Person::First, Tense::Present))
            .map(|(i, _)| i as u32)
            .collect()
    } else {
        Vec::new()
    };
    ChapterPov {
        paragraphs: labels,
        dominant,
        interior_monologue,
        narration_words: words,
        common_english_words: english,
    }
}

/// Labels one paragraph on its own (no chapter context for silent cues:
/// person defaults to third, tense to past).
pub fn paragraph_pov(paragraph: &str) -> ParagraphPov {
    analyze(&[paragraph]).paragraphs[0]
}

fn argmax(votes: &[u32]) -> Option<usize> {
    let (i, &best) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(i, v)| (*v, usize::MAX - i))?;
    (best > 0).then_some(i)
}

/// Counts the cues in the narration of `paragraph`.
fn count(paragraph: &str) -> Counts {
    let mut c = Counts::default();
    let mut hashes = Vec::new();
    let mut rough = RoughWords::default();
    for_each_span(paragraph, |span, dialogue| {
        if !dialogue {
            c.add_narration(span, &mut hashes, &mut rough);
        }
    });
    c
}

impl Counts {
    /// Adds the cues of `span`, a stretch of narration (see
    /// [`for_each_span`]).
    ///
    /// Also appends the span's word hashes for the near-duplicate signature
    /// to `hashes` (exactly what [`crate::minhash::push_word_hashes`]
    /// appends), and counts its rough words into `rough` (what
    /// [`crate::stats::DialogueShare`] counts), so narration is read once
    /// for all three.
    pub fn add_narration(&mut self, span: &str, hashes: &mut Vec<u64>, rough: &mut RoughWords) {
        // The subject pronoun waiting for its verb, if any.
        let mut subject: Option<Cue> = None;
        // Words are runs of letters, digits and apostrophes, lowercased
        // (ASCII only), `’` read as `'`, trimmed of apostrophes: read byte
        // by byte into a `WordShape` (no copy of the word is made).
        // Apostrophes are held back until a letter follows them, which
        // trims them at both ends. The same runs are the MinHash words
        // (apostrophes not hashed). ASCII is classified without decoding.
        let mut word = WordShape::new();
        let mut apostrophes = 0u32;
        let mut hash = WordHash::default();
        let bytes = span.as_bytes();
        let mut i = 0;
        loop {
            let Some(&b) = bytes.get(i) else {
                self.end_word(&mut word, &mut subject, &mut hash, hashes);
                break;
            };
            if b < 0x80 {
                if crate::stats::is_ascii_word_byte(b) {
                    // The whole run of ASCII letters and digits at once.
                    let mut end = i + 1;
                    while end < bytes.len() && crate::stats::is_ascii_word_byte(bytes[end]) {
                        end += 1;
                    }
                    word.push_apostrophes(&mut apostrophes);
                    word.push_ascii_run(&bytes[i..end]);
                    hash.push_ascii_run(&bytes[i..end]);
                    rough.word();
                    i = end;
                    continue;
                }
                i += 1;
                rough.ascii(b);
                if b == b'\'' {
                    apostrophes += u32::from(word.len > 0);
                } else {
                    apostrophes = 0;
                    self.end_word(&mut word, &mut subject, &mut hash, hashes);
                }
                continue;
            }
            rough.non_ascii(b);
            let ch = span[i..].chars().next().unwrap_or(' ');
            i += ch.len_utf8();
            if ch == '’' {
                apostrophes += u32::from(word.len > 0);
            } else if ch.is_alphanumeric() {
                word.push_apostrophes(&mut apostrophes);
                let mut utf8 = [0u8; 4];
                for &b in ch.encode_utf8(&mut utf8).as_bytes() {
                    word.push(b);
                }
                hash.push_char(ch);
            } else {
                apostrophes = 0;
                self.end_word(&mut word, &mut subject, &mut hash, hashes);
            }
        }
    }

    /// Ends the word being read, if any: counts it and appends its hash.
    #[inline]
    fn end_word(
        &mut self,
        word: &mut WordShape,
        subject: &mut Option<Cue>,
        hash: &mut WordHash,
        hashes: &mut Vec<u64>,
    ) {
        if word.len > 0 {
            self.add_word(word, subject);
            *word = WordShape::new();
        }
        hash.finish(hashes);
    }

    /// Counts one lowercased narration word.
    #[inline]
    fn add_word(&mut self, word: &WordShape, subject: &mut Option<Cue>) {
        let c = self;
        c.narration_words += 1;
        let info = lookup(word);
        if info.flags & COMMON != 0 {
            c.english += 1;
        }
        let cue = info.cue;
        match cue {
            Cue::First | Cue::FirstSubject => c.first += 1,
            Cue::Second | Cue::SecondSubject => c.second += 1,
            Cue::Third | Cue::ThirdSubject | Cue::PluralSubject => c.third += 1,
            Cue::FirstPresent => {
                c.first += 1;
                c.present += 2;
            }
            Cue::SecondPresent => {
                c.second += 1;
                c.present += 2;
            }
            Cue::ThirdPresent => {
                c.third += 1;
                c.present += 2;
            }
            Cue::Past => c.past += 2,
            Cue::Present => c.present += 2,
            Cue::Other | Cue::ItSubject => {}
        }
        if let Some(s) = *subject {
            if info.flags & ADVERB != 0 {
                return;
            }
            *subject = None;
            match cue {
                Cue::Past | Cue::Present => {}
                Cue::Other => {
                    if info.flags & AMBIGUOUS != 0 {
                        // No cue either way.
                    } else if word.ends_with(b"ed") && info.flags & NOT_PAST_ED_FLAG == 0
                        || info.flags & IRREGULAR != 0
                    {
                        c.past += 1;
                    } else if matches!(s, Cue::ThirdSubject | Cue::ItSubject) {
                        if word.ends_with(b"s") && !word.ends_with(b"ss") {
                            c.present += 1;
                        }
                    } else if word.letters_only {
                        c.present += 1;
                    }
                }
                _ => {}
            }
            return;
        }
        match cue {
            Cue::FirstSubject
            | Cue::SecondSubject
            | Cue::ThirdSubject
            | Cue::PluralSubject
            | Cue::ItSubject => *subject = Some(cue),
            Cue::Other
                if word.len > 4 && word.ends_with(b"ed") && info.flags & NOT_PAST_ED_FLAG == 0
                    || info.flags & IRREGULAR != 0 =>
            {
                c.past += 1;
            }
            _ => {}
        }
    }
}

/// What a narration word says about person and tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// me, my, us, our …
    First,
    /// I, we: the next verb tells the tense.
    FirstSubject,
    /// I'm, I've, we're …
    FirstPresent,
    Second,
    SecondSubject,
    SecondPresent,
    Third,
    /// he, she: present verbs end in -s.
    ThirdSubject,
    /// they: present verbs are bare.
    PluralSubject,
    ThirdPresent,
    /// it: not a person, but its verb tells the tense.
    ItSubject,
    Past,
    Present,
    Other,
}

/// Pronouns and auxiliaries with what they say about person and tense.
const CUES: &[(&str, Cue)] = &[
    ("i", Cue::FirstSubject),
    ("we", Cue::FirstSubject),
    ("me", Cue::First),
    ("my", Cue::First),
    ("mine", Cue::First),
    ("myself", Cue::First),
    ("us", Cue::First),
    ("our", Cue::First),
    ("ours", Cue::First),
    ("ourselves", Cue::First),
    ("i'd", Cue::First),
    ("we'd", Cue::First),
    ("i'm", Cue::FirstPresent),
    ("i've", Cue::FirstPresent),
    ("i'll", Cue::FirstPresent),
    ("we're", Cue::FirstPresent),
    ("we've", Cue::FirstPresent),
    ("we'll", Cue::FirstPresent),
    ("you", Cue::SecondSubject),
    ("your", Cue::Second),
    ("yours", Cue::Second),
    ("yourself", Cue::Second),
    ("yourselves", Cue::Second),
    ("you'd", Cue::Second),
    ("you're", Cue::SecondPresent),
    ("you've", Cue::SecondPresent),
    ("you'll", Cue::SecondPresent),
    ("he", Cue::ThirdSubject),
    ("she", Cue::ThirdSubject),
    ("they", Cue::PluralSubject),
    ("him", Cue::Third),
    ("his", Cue::Third),
    ("himself", Cue::Third),
    ("her", Cue::Third),
    ("hers", Cue::Third),
    ("herself", Cue::Third),
    ("them", Cue::Third),
    ("their", Cue::Third),
    ("theirs", Cue::Third),
    ("themselves", Cue::Third),
    ("he'd", Cue::Third),
    ("she'd", Cue::Third),
    ("they'd", Cue::Third),
    ("he's", Cue::ThirdPresent),
    ("she's", Cue::ThirdPresent),
    ("they're", Cue::ThirdPresent),
    ("they've", Cue::ThirdPresent),
    ("he'll", Cue::ThirdPresent),
    ("she'll", Cue::ThirdPresent),
    ("they'll", Cue::ThirdPresent),
    ("it", Cue::ItSubject),
    ("was", Cue::Past),
    ("were", Cue::Past),
    ("had", Cue::Past),
    ("did", Cue::Past),
    ("wasn't", Cue::Past),
    ("weren't", Cue::Past),
    ("hadn't", Cue::Past),
    ("didn't", Cue::Past),
    ("am", Cue::Present),
    ("is", Cue::Present),
    ("are", Cue::Present),
    ("isn't", Cue::Present),
    ("aren't", Cue::Present),
    ("has", Cue::Present),
    ("hasn't", Cue::Present),
    ("does", Cue::Present),
    ("doesn't", Cue::Present),
    ("don't", Cue::Present),
    ("can", Cue::Present),
    ("can't", Cue::Present),
    ("cannot", Cue::Present),
    ("won't", Cue::Present),
    ("will", Cue::Present),
    ("it's", Cue::Present),
    ("that's", Cue::Present),
    ("there's", Cue::Present),
    ("here's", Cue::Present),
    ("what's", Cue::Present),
    ("let's", Cue::Present),
];

/// The commonest English words (few of them words in other languages).
const COMMON_ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "was", "he", "she", "i", "you", "it", "that", "with", "his", "her",
    "had", "they", "my", "at", "on", "for", "is", "but", "as", "were", "have", "not", "this",
    "from", "what", "him",
];

/// Verbs whose past and present look the same after I, you, we or they.
const AMBIGUOUS_TENSE: &[&str] = &[
    "read", "put", "set", "cut", "hit", "let", "shut", "spread", "cast", "cost", "hurt", "quit",
    "beat", "burst", "thrust", "upset",
];

/// Words that may sit between a subject and its verb.
const ADVERBS: &[&str] = &[
    "just",
    "never",
    "always",
    "still",
    "really",
    "only",
    "almost",
    "also",
    "even",
    "then",
    "suddenly",
    "slowly",
    "finally",
    "quietly",
    "already",
    "barely",
    "simply",
    "often",
    "sometimes",
    "nearly",
    "hardly",
    "both",
    "all",
    "quickly",
    "gently",
    "softly",
    "carefully",
    "certainly",
    "probably",
];

/// Words ending in -ed that are not past forms.
const NOT_PAST_ED: &[&str] = &[
    "need", "feed", "seed", "bed", "red", "shed", "bleed", "speed", "breed", "proceed", "succeed",
    "exceed", "indeed", "hundred", "sacred", "naked", "wicked", "kindred", "rugged", "ragged",
    "crooked", "beloved", "hatred", "shred", "sled", "wed", "weed", "greed", "reed", "creed",
    "deed", "steed", "embed", "ted", "ned", "fred", "jed", "ed", "bred", "sped",
];

/// Common irregular past forms (regular ones end in -ed).
const IRREGULAR_PAST: &[&str] = &[
    "went",
    "came",
    "saw",
    "took",
    "made",
    "knew",
    "thought",
    "felt",
    "told",
    "found",
    "gave",
    "stood",
    "sat",
    "ran",
    "left",
    "got",
    "kept",
    "held",
    "brought",
    "began",
    "heard",
    "meant",
    "spoke",
    "wrote",
    "fell",
    "rose",
    "said",
    "became",
    "grew",
    "drew",
    "threw",
    "flew",
    "knelt",
    "slept",
    "swept",
    "wept",
    "crept",
    "lay",
    "laid",
    "led",
    "fled",
    "fed",
    "met",
    "paid",
    "sent",
    "spent",
    "built",
    "lent",
    "bent",
    "lost",
    "caught",
    "taught",
    "bought",
    "fought",
    "sought",
    "ate",
    "drank",
    "sang",
    "rang",
    "swam",
    "sank",
    "shrank",
    "stank",
    "struck",
    "stuck",
    "hung",
    "swung",
    "clung",
    "flung",
    "stung",
    "wrung",
    "won",
    "woke",
    "wore",
    "tore",
    "bore",
    "swore",
    "broke",
    "chose",
    "froze",
    "stole",
    "drove",
    "rode",
    "strode",
    "shone",
    "hid",
    "bit",
    "slid",
    "forgot",
    "understood",
    "shook",
    "forgave",
    "overheard",
    "withdrew",
    "blew",
    "dug",
    "spun",
    "shot",
    "lit",
    "slung",
    "wound",
    "sprang",
    "arose",
    "awoke",
    "dealt",
    "dreamt",
    "leapt",
    "could",
    "would",
    "couldn't",
    "wouldn't",
    "smelt",
    "spat",
    "sunk",
    "burnt",
    "hadn't",
];

/// Flags for [`WordInfo::flags`].
const COMMON: u8 = 1;
const AMBIGUOUS: u8 = 2;
const ADVERB: u8 = 4;
const NOT_PAST_ED_FLAG: u8 = 8;
const IRREGULAR: u8 = 16;

/// Everything the word lists say about one word.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    cue: Cue,
    flags: u8,
}

const PLAIN: WordInfo = WordInfo {
    cue: Cue::Other,
    flags: 0,
};

/// A narration word as the point-of-view pass reads it (lowercased, `’`
/// as `'`, trimmed of apostrophes), kept as what the rules ask of it: a
/// hash to look it up by, its length and its last two bytes.
#[derive(Debug, Clone, Copy)]
struct WordShape {
    /// FNV-1a over the word's bytes.
    hash: u64,
    /// Bytes.
    len: u32,
    /// Only the letters a–z.
    letters_only: bool,
    /// The last two bytes (0 before the first).
    last: [u8; 2],
}

impl WordShape {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;

    fn new() -> Self {
        WordShape {
            hash: Self::OFFSET,
            len: 0,
            letters_only: true,
            last: [0, 0],
        }
    }

    /// The shape of `word` (already lowercase).
    fn of(word: &str) -> Self {
        let mut shape = WordShape::new();
        for b in word.bytes() {
            shape.push(b);
        }
        shape
    }

    #[inline]
    fn push(&mut self, b: u8) {
        self.hash = (self.hash ^ u64::from(b)).wrapping_mul(Self::PRIME);
        self.len += 1;
        self.letters_only &= b.is_ascii_lowercase();
        self.last = [self.last[1], b];
    }

    /// Adds a run of ASCII letters and digits, lowercasing them: what
    /// [`WordShape::push`] does byte by byte, in a tighter loop.
    #[inline]
    fn push_ascii_run(&mut self, run: &[u8]) {
        let mut hash = self.hash;
        let mut letters_only = self.letters_only;
        for &b in run {
            // Letters and digits only: setting bit 5 lowercases a letter
            // and leaves a digit as it is.
            let lower = b | 0x20;
            hash = (hash ^ u64::from(lower)).wrapping_mul(Self::PRIME);
            letters_only &= lower >= b'a';
        }
        self.hash = hash;
        self.letters_only = letters_only;
        self.len += run.len() as u32;
        self.last = match *run {
            [.., a, b] => [a | 0x20, b | 0x20],
            [b] => [self.last[1], b | 0x20],
            [] => self.last,
        };
    }

    /// Adds the apostrophes held back (they were inside the word).
    #[inline]
    fn push_apostrophes(&mut self, held: &mut u32) {
        for _ in 0..*held {
            self.push(b'\'');
        }
        *held = 0;
    }

    /// Does the word end with `tail` (one or two bytes)?
    fn ends_with(&self, tail: &[u8]) -> bool {
        match tail {
            [b] => self.len >= 1 && self.last[1] == *b,
            [a, b] => self.len >= 2 && self.last == [*a, *b],
            _ => false,
        }
    }
}

/// The word lists by [`WordShape`] hash, with each word's length (a second
/// check against a hash collision).
type Table = rustc_hash::FxHashMap<u64, (WordInfo, u32)>;

/// One hash lookup per word instead of a string comparison per list entry.
fn lookup(word: &WordShape) -> WordInfo {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(build_table);
    match table.get(&word.hash) {
        Some((info, len)) if *len == word.len => *info,
        _ => PLAIN,
    }
}

fn build_table() -> Table {
    let mut by_word: rustc_hash::FxHashMap<&'static str, WordInfo> =
        rustc_hash::FxHashMap::default();
    for (w, cue) in CUES {
        by_word.insert(
            *w,
            WordInfo {
                cue: *cue,
                flags: 0,
            },
        );
    }
    for (list, flag) in [
        (COMMON_ENGLISH, COMMON),
        (AMBIGUOUS_TENSE, AMBIGUOUS),
        (ADVERBS, ADVERB),
        (NOT_PAST_ED, NOT_PAST_ED_FLAG),
        (IRREGULAR_PAST, IRREGULAR),
    ] {
        for w in list {
            by_word.entry(*w).or_insert(PLAIN).flags |= flag;
        }
    }
    let mut table = Table::default();
    for (w, info) in by_word {
        let shape = WordShape::of(w);
        let old = table.insert(shape.hash, (info, shape.len));
        // Distinct list words never share a hash (checked by a test).
        debug_assert!(old.is_none(), "hash collision in the word lists: {w}");
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_hash_without_collisions() {
        let mut words: Vec<&str> = CUES.iter().map(|(w, _)| *w).collect();
        for list in [
            COMMON_ENGLISH,
            AMBIGUOUS_TENSE,
            ADVERBS,
            NOT_PAST_ED,
            IRREGULAR_PAST,
        ] {
            words.extend(list.iter().copied());
        }
        words.sort_unstable();
        words.dedup();
        assert_eq!(build_table().len(), words.len());
        for (w, cue) in CUES {
            assert_eq!(lookup(&WordShape::of(w)).cue, *cue, "{w}");
        }
        assert_eq!(lookup(&WordShape::of("zebra")).cue, Cue::Other);
    }

    #[test]
    fn apostrophes_are_trimmed_and_kept_inside() {
        // "I'm" and "’tis" read with curly and straight apostrophes.
        let voice =
            analyze(&["\u{2018}I\u{2019}m sure,\u{2019} I say. I\u{2019}m here and I'm tired."]);
        assert_eq!(
            voice.paragraphs[0],
            ParagraphPov::Narration(Person::First, Tense::Present)
        );
    }

    #[test]
    fn third_past_with_dialogue_excluded() {
        assert_eq!(
            paragraph_pov("“I am not going,” she said, and turned away."),
            ParagraphPov::Narration(Person::Third, Tense::Past)
        );
        assert_eq!(paragraph_pov("“Are you coming?”"), ParagraphPov::Dialogue);
    }

    #[test]
    fn first_and_second_person_present() {
        assert_eq!(
            paragraph_pov("I walk to the window and I think about him."),
            ParagraphPov::Narration(Person::First, Tense::Present)
        );
        assert_eq!(
            paragraph_pov("You open the door. Your hands are shaking."),
            ParagraphPov::Narration(Person::Second, Tense::Present)
        );
        assert_eq!(
            paragraph_pov("I walked home alone and locked my door."),
            ParagraphPov::Narration(Person::First, Tense::Past)
        );
        assert_eq!(
            paragraph_pov("She walks to the edge and looks down."),
            ParagraphPov::Narration(Person::Third, Tense::Present)
        );
    }

    #[test]
    fn interior_monologue_inside_third_past() {
        let ch = [
            "He crossed the yard and stopped at the gate.",
            "She was waiting there, as she always did.",
            "I can't do this. She's going to hate me.",
            "He lifted the latch anyway.",
        ];
        let pov = analyze(&ch);
        assert_eq!(pov.point_of_view().as_deref(), Some("third person past"));
        assert_eq!(pov.interior_monologue, vec![2]);
    }

    #[test]
    fn silent_paragraphs_take_the_chapter_voice() {
        let ch = [
            "I go down to the river.",
            "Cold water. Grey sky.",
            "I am alone.",
        ];
        let pov = analyze(&ch);
        assert_eq!(pov.paragraphs[1].label(), "first-present");
        assert!(pov.interior_monologue.is_empty());
    }
}
