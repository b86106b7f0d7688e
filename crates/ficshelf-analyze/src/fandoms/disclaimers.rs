//! Fandoms named by disclaimers.
//!
//! Near any cue ("I don't own", "belongs to", "property of", "is not mine",
//! "disclaimer", "©") a fandom name or creator from the character lists
//! names the fandom ("Harry Potter belongs to J.K. Rowling"). A fandom the
//! lists do not know is taken as written:
//! - after a cue of owning, past words such as "the rights to" or "any of
//!   the characters from": "I don't own the rights to Buffy", "I do not own
//!   Buffy, the show or the characters", "I don't own Sherlock or Doctor
//!   Who";
//! - before a cue of belonging, past words such as "and all its
//!   characters are the": "Mass Effect and all its characters are the
//!   property of BioWare", "The Lord of the Rings is not mine".
//!
//! A name the lists know as a character gives that character's fandom
//! ("I'd pay for the rights to Draco").

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::characters::{stop_word, CharacterLists};

/// What a cue says about the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "I don't own …": the name follows.
    Owning,
    /// "… belongs to": the name comes before.
    Belonging,
    /// "Disclaimer", "©": only names the lists know count.
    Marker,
}

const CUES: [(&str, Cue); 21] = [
    ("don't own ", Cue::Owning),
    ("do not own ", Cue::Owning),
    ("dont own ", Cue::Owning),
    ("doesn't own ", Cue::Owning),
    ("does not own ", Cue::Owning),
    ("no claim to ", Cue::Owning),
    ("not own ", Cue::Owning),
    ("never owned ", Cue::Owning),
    ("rights to ", Cue::Owning),
    ("belongs to", Cue::Belonging),
    ("belong to", Cue::Belonging),
    ("property of", Cue::Belonging),
    ("owned by", Cue::Belonging),
    ("is not mine", Cue::Belonging),
    ("are not mine", Cue::Belonging),
    ("isn't mine", Cue::Belonging),
    ("aren't mine", Cue::Belonging),
    ("copyright", Cue::Marker),
    ("disclaimer", Cue::Marker),
    ("(c)", Cue::Marker),
    ("\u{a9}", Cue::Marker),
];

/// Finds every place of every cue in a lowercased text in one pass.
fn cue_finder() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| {
        AhoCorasick::new(CUES.iter().map(|(c, _)| c)).expect("the cues build an automaton")
    })
}

/// Fragments at least one of which every cue contains, in any case.
const PREFILTER: [&str; 9] = [
    "own", "elong", "roperty", "ight", "claim", "(c)", "(C)", "\u{a9}", "mine",
];

/// Characters either side of a cue searched for fandom names.
const WINDOW: usize = 160;

/// Lowercase words between an owning cue and the name: "the rights to",
/// "any of the characters from", "the world of".
const AFTER_FILLERS: &str = "the a any all of to from in rights right characters character world universe franchise series show shows book books game games film films movies story stories places people settings concepts anything part parts related original its their these this";

/// Lowercase words between the name and a belonging cue: "and all its
/// characters are the", "and everything in it".
const BEFORE_FILLERS: &str = "is are was were all and its their the related characters character everything everyone everybody anything in it them exclusive sole rightful still solely entirely wholly remain remains rest of";

/// Words that may join the words of a name: "The Lord of the Rings".
fn joiner(word: &str) -> bool {
    matches!(word, "of" | "the" | "and")
}

/// A fandom a disclaimer names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclaimed {
    /// The canonical tag when the lists know it, else as written.
    pub fandom: String,
    /// Taken as written from before a belonging cue ("Kira belongs to …"):
    /// may be an original character being credited rather than a fandom.
    pub credited: bool,
}

/// Does `hay` (ASCII-lowercased) contain `needle` as whole words? Short
/// needles (three letters or fewer, "HP", "SPN") must match case too, in
/// `original`.
fn contains_words(hay: &str, original: &str, needle: &str) -> bool {
    let short = needle.chars().count() <= 3;
    let lowered = needle.to_ascii_lowercase();
    let (text, pattern) = if short {
        (original, needle)
    } else {
        (hay, lowered.as_str())
    };
    let mut from = 0;
    while let Some(found) = text[from..].find(pattern) {
        let at = from + found;
        let end = at + pattern.len();
        let before_ok = !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_ok = !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        from = at + pattern.len().max(1);
    }
    false
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Fandoms named by disclaimers in `texts` (notes, summaries, the first and
/// last paragraphs of chapters), canonical tags where the lists know them.
pub fn from_disclaimers<S: AsRef<str>>(texts: &[S], lists: &CharacterLists) -> Vec<String> {
    disclaimed(texts, lists)
        .into_iter()
        .map(|d| d.fandom)
        .collect()
}

/// [`from_disclaimers`], saying which names were taken as written from
/// before a belonging cue.
pub fn disclaimed<S: AsRef<str>>(texts: &[S], lists: &CharacterLists) -> Vec<Disclaimed> {
    let mut out: Vec<Disclaimed> = Vec::new();
    let mut add = |fandom: String, credited: bool| {
        if !out.iter().any(|d| d.fandom == fandom) {
            out.push(Disclaimed { fandom, credited });
        }
    };
    for text in texts {
        let text = text.as_ref();
        if !PREFILTER.iter().any(|p| text.contains(p)) {
            continue; // no cue can match: skip the copies and searches
        }
        let original = text.replace('\u{2019}', "'");
        let lowered = original.to_ascii_lowercase();
        // Every cue's places, found in one pass, taken cue by cue in the
        // cues' order and each cue's places in text order.
        let mut found: Vec<(usize, usize)> = cue_finder()
            .find_overlapping_iter(&lowered)
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        found.sort_unstable();
        let mut from = 0;
        let mut previous_cue = usize::MAX;
        for (cue_index, at) in found {
            let (cue, kind) = CUES[cue_index];
            if cue_index != previous_cue {
                previous_cue = cue_index;
                from = 0;
            }
            if at < from {
                continue; // inside the previous place of the same cue
            }
            from = at + cue.len();
            let lo = floor_char(&lowered, at.saturating_sub(WINDOW));
            let hi = floor_char(&lowered, (from + WINDOW).min(lowered.len()));
            let (hay, orig) = (&lowered[lo..hi], &original[lo..hi]);
            for list in lists.fandoms() {
                let named = list
                    .names
                    .iter()
                    .chain(&list.creators)
                    .any(|n| contains_words(hay, orig, n));
                if named {
                    add(list.fandom.clone(), false);
                }
            }
            let phrases = match kind {
                Cue::Owning => names_after(&original[from..]),
                Cue::Belonging => name_before(&original[..at]).into_iter().collect(),
                Cue::Marker => Vec::new(),
            };
            for phrase in phrases {
                for (fandom, known) in fandoms_named(&phrase, lists) {
                    add(fandom, kind == Cue::Belonging && !known);
                }
            }
        }
    }
    out
}

/// A word without the punctuation around it and without a possessive
/// `'s`, and the punctuation that followed it.
fn bare(raw: &str) -> (&str, Option<char>) {
    let word = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
    let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let after = word[trimmed.len()..]
        .chars()
        .find(|c| !matches!(c, '\'' | '"' | '\u{201d}'));
    let stem = trimmed.strip_suffix("'s").unwrap_or(trimmed);
    (stem, after)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The names right after an owning cue: "the rights to Buffy" → Buffy;
/// "Sherlock or Doctor Who" → Sherlock, Doctor Who; "Buffy, the show or
/// the characters" → Buffy.
fn names_after(after: &str) -> Vec<String> {
    let words: Vec<&str> = after.split_whitespace().take(24).collect();
    let mut i = 0;
    // Fillers before the first name.
    while let Some(raw) = words.get(i) {
        let (word, punct) = bare(raw);
        if capitalised(word) {
            break;
        }
        if punct.is_some() || !AFTER_FILLERS.split(' ').any(|f| f == word) {
            return Vec::new();
        }
        i += 1;
    }
    let mut out = Vec::new();
    loop {
        let mut name: Vec<&str> = Vec::new();
        let mut ended = None;
        while let Some(raw) = words.get(i) {
            let (word, punct) = bare(raw);
            if word.is_empty() || !(capitalised(word) || (joiner(word) && !name.is_empty())) {
                break;
            }
            name.push(word);
            i += 1;
            if punct.is_some() {
                ended = punct;
                break;
            }
        }
        while name.last().is_some_and(|w| joiner(w)) {
            name.pop();
        }
        if name.is_empty() {
            break;
        }
        out.push(name.join(" "));
        // Another name after "or", "nor", or a comma.
        match (ended, words.get(i).map(|w| bare(w).0)) {
            (None, Some("or" | "nor")) | (Some(','), Some("or" | "nor")) => i += 1,
            (Some(','), Some(next)) if capitalised(next) => {}
            _ => break,
        }
    }
    out
}

/// The name right before a belonging cue: "Mass Effect and all its
/// characters are the" → Mass Effect.
fn name_before(before: &str) -> Option<String> {
    let mut words = before.split_whitespace().rev().take(16).peekable();
    // Fillers between the name and the cue.
    while let Some(raw) = words.peek() {
        let (word, punct) = bare(raw);
        if capitalised(word) {
            break;
        }
        if punct.is_some() || !BEFORE_FILLERS.split(' ').any(|f| f == word) {
            return None;
        }
        words.next();
    }
    let mut name: Vec<&str> = Vec::new();
    for raw in words {
        let (word, punct) = bare(raw);
        // A word followed by punctuation ends the sentence before the name.
        if punct.is_some() && !name.is_empty() {
            break;
        }
        if word.is_empty() || !(capitalised(word) || joiner(word)) {
            break;
        }
        name.push(word);
        if name.len() > 8 {
            return None;
        }
    }
    while name.last().is_some_and(|w| joiner(w)) {
        name.pop();
    }
    name.reverse();
    (!name.is_empty()).then(|| name.join(" "))
}

/// The fandoms a disclaimed name stands for, each with whether the lists
/// know it: a list's fandom by its tag or one of its names, the fandom of
/// a character the lists know (in one fandom only), the parts of "Harry
/// Potter and Sherlock" when the lists know a part, else the name as
/// written. Pronouns, determiners and lone stop words name nothing ("It",
/// "Everything", "All Characters", "The").
fn fandoms_named(name: &str, lists: &CharacterLists) -> Vec<(String, bool)> {
    let first = name.split(' ').next().unwrap_or(name);
    let pointing = matches!(
        first.to_lowercase().as_str(),
        "it" | "this"
            | "that"
            | "these"
            | "those"
            | "they"
            | "them"
            | "all"
            | "any"
            | "anything"
            | "everything"
            | "nothing"
            | "some"
            | "something"
            | "my"
            | "our"
            | "your"
            | "his"
            | "her"
            | "their"
            | "its"
            | "no"
            | "every"
            | "each"
    );
    if pointing || (name == first && stop_word(first)) {
        return Vec::new();
    }
    if let Some(known) = known_fandom(name, lists) {
        return vec![(known, true)];
    }
    if lists.lookup(name).next().is_some() {
        return Vec::new(); // a character of several fandoms
    }
    let parts: Vec<&str> = name.split(" and ").collect();
    if parts.len() > 1 && parts.iter().any(|p| known_fandom(p, lists).is_some()) {
        return parts
            .into_iter()
            .flat_map(|p| fandoms_named(p, lists))
            .collect();
    }
    vec![(name.to_string(), false)]
}

fn known_fandom(name: &str, lists: &CharacterLists) -> Option<String> {
    for list in lists.fandoms() {
        if list.fandom.eq_ignore_ascii_case(name)
            || list.names.iter().any(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(list.fandom.clone());
        }
    }
    let mut fandoms = lists.lookup(name).map(|(f, _)| f.fandom.as_str());
    let first = fandoms.next()?;
    fandoms.all(|f| f == first).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclaimers_name_fandoms() {
        let lists = CharacterLists::builtin();
        let notes = [
            "Disclaimer: I don\u{2019}t own Sherlock, sadly.",
            "Harry Potter belongs to J.K. Rowling. I make no money.",
            "I don't own Discworld or any of it.",
            "All characters are the property of Marvel.",
            "I own nothing but the plot. I love this hp fic.",
        ];
        assert_eq!(
            from_disclaimers(&notes, &lists),
            [
                "Sherlock (TV)",
                "Harry Potter - J. K. Rowling",
                "Discworld",
                "Marvel Cinematic Universe"
            ]
        );
    }

    /// Each phrasing on its own: what a disclaimer names, as written.
    #[test]
    fn disclaimers_name_shows_books_and_games_in_many_phrasings() {
        let lists = CharacterLists::builtin();
        let cases: [(&str, &[&str]); 14] = [
            ("I don't own the rights to Buffy.", &["Buffy"]),
            (
                "I do not own Buffy, the show or the characters.",
                &["Buffy"],
            ),
            (
                "Disclaimer: I don't own any of the characters from The Witcher games.",
                &["The Witcher"],
            ),
            (
                "I don't own Firefly or Doctor Who, more's the pity.",
                &["Firefly", "Doctor Who"],
            ),
            (
                "Stardew Valley belongs to its developer; I just farm here.",
                &["Stardew Valley"],
            ),
            (
                "Disclaimer: Mass Effect and all its characters are the property of BioWare.",
                &["Mass Effect"],
            ),
            (
                "The Lord of the Rings is not mine.",
                &["The Lord of the Rings"],
            ),
            ("Sadly, Avatar isn\u{2019}t mine either.", &["Avatar"]),
            (
                "I'd sell my soul for the rights to Draco, but no.",
                &["Harry Potter - J. K. Rowling"],
            ),
            (
                "I don't own a thing. Everything belongs to someone else.",
                &[],
            ),
            (
                "All recognisable characters, plots and settings are the property of their owners.",
                &[],
            ),
            ("I don't own them, I just borrow them.", &[]),
            ("The characters belong to their creator.", &[]),
            ("Nothing here belongs to me.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(from_disclaimers(&[text], &lists), want, "{text}");
        }
    }

    #[test]
    fn a_name_credited_before_belongs_to_is_marked() {
        let lists = CharacterLists::builtin();
        let found = disclaimed(&["Kestrel belongs to my friend Ro."], &lists);
        assert_eq!(
            found,
            [Disclaimed {
                fandom: "Kestrel".into(),
                credited: true
            }]
        );
    }
}
