//! Fandoms: from disclaimers and from the characters a story names.
//!
//! Disclaimers ([`from_disclaimers`]): near a cue ("I don't own", "belongs
//! to", "property of", "disclaimer", "©") any fandom name or creator from
//! the character lists names the fandom ("I don't own Sherlock", "Harry
//! Potter belongs to J.K. Rowling"). A fandom the lists do not know is
//! still suggested as written after "I don't own" ("I don't own Discworld").
//!
//! Characters ([`from_characters`]): a fandom is suggested when the text's
//! characters map onto its list — at least two of its characters, at least
//! one by a full name or by a name no other list uses, and together a fair
//! share (a third) of all mentions.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use crate::characters::{CharacterCluster, CharacterLists};

/// The cues: the first [`OWNERSHIP`] say the writer does not own the
/// story's world (a fandom not in the lists is taken from after them).
const CUES: [&str; 17] = [
    "don't own ",
    "do not own ",
    "dont own ",
    "doesn't own ",
    "does not own ",
    "no claim to ",
    "not own ",
    "never owned ",
    "belongs to",
    "belong to",
    "property of",
    "owned by",
    "rights to",
    "copyright",
    "disclaimer",
    "(c)",
    "\u{a9}",
];

/// How many of [`CUES`] are ownership cues.
const OWNERSHIP: usize = 8;

/// Finds every place of every cue in a lowercased text in one pass.
fn cue_finder() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| AhoCorasick::new(CUES).expect("the cues build an automaton"))
}

/// Fragments at least one of which every cue contains, in any case.
const PREFILTER: [&str; 8] = [
    "own", "elong", "roperty", "ight", "claim", "(c)", "(C)", "\u{a9}",
];

/// Characters either side of a cue searched for fandom names.
const WINDOW: usize = 160;

/// Share of all mentions a fandom's characters must reach.
const CHARACTER_SHARE: f32 = 0.33;

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
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let text = text.as_ref();
        if !PREFILTER.iter().any(|p| text.contains(p)) {
            continue; // no cue can match: skip the copies and searches
        }
        let original = text.replace('\u{2019}', "'");
        let lowered = original.to_ascii_lowercase();
        // Every cue's places, found in one pass, taken cue by cue in the
        // lists' order and each cue's places in text order.
        let mut found: Vec<(usize, usize)> = cue_finder()
            .find_overlapping_iter(&lowered)
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        found.sort_unstable();
        let mut from = 0;
        let mut previous_cue = usize::MAX;
        for (cue_index, at) in found {
            let cue = CUES[cue_index];
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
            let mut matched = false;
            for list in lists.fandoms() {
                let named = list
                    .names
                    .iter()
                    .chain(&list.creators)
                    .any(|n| contains_words(hay, orig, n));
                if named {
                    matched = true;
                    if !out.contains(&list.fandom) {
                        out.push(list.fandom.clone());
                    }
                }
            }
            if !matched && cue_index < OWNERSHIP {
                if let Some(name) = owned_phrase(&original[from..]) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
    }
    out
}

/// The capitalised phrase right after "I don't own": "Discworld",
/// "The Witcher".
fn owned_phrase(after: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for raw in after.split_whitespace().take(6) {
        let word = raw.trim_end_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let joiner = matches!(word, "of" | "the" | "and") && !words.is_empty();
        if !(capital || joiner) || word.is_empty() {
            break;
        }
        words.push(word);
        if word.len() != raw.len() {
            break; // punctuation ends the phrase
        }
    }
    while words
        .last()
        .is_some_and(|w| matches!(*w, "of" | "the" | "and"))
    {
        words.pop();
    }
    let first = *words.first()?;
    if matches!(
        first,
        "Any" | "Anything" | "It" | "This" | "These" | "Them" | "The"
    ) && words.len() == 1
    {
        return None;
    }
    Some(words.join(" "))
}

/// Fandoms whose character lists the found characters fit.
pub fn from_characters(characters: &[CharacterCluster], lists: &CharacterLists) -> Vec<String> {
    let total: u32 = characters.iter().map(|c| c.mentions).sum();
    // fandom index → (distinct characters, distinctive hits, mentions)
    let mut tally: FxHashMap<usize, (Vec<usize>, u32, u32)> = FxHashMap::default();
    let mut buf = String::new();
    for cluster in characters {
        for form in cluster.forms() {
            let hits = lists.lookup_indices(form, &mut buf);
            if hits.is_empty() {
                continue;
            }
            let fandoms_hit = {
                let mut f: Vec<usize> = hits.iter().map(|h| h.0).collect();
                f.dedup();
                f.len()
            };
            let distinctive = form.contains(' ') || fandoms_hit == 1;
            for &(f, c) in hits {
                let t = tally.entry(f).or_default();
                if !t.0.contains(&c) {
                    t.0.push(c);
                    t.2 += cluster.mentions;
                }
                t.1 += u32::from(distinctive);
            }
            break; // the best-known form decides
        }
    }
    let mut out: Vec<(u32, String)> = tally
        .into_iter()
        .filter(|(_, (chars, distinctive, mentions))| {
            chars.len() >= 2
                && *distinctive >= 1
                && *mentions as f32 >= CHARACTER_SHARE * total as f32
        })
        .map(|(f, (_, _, mentions))| (mentions, lists.fandoms()[f].fandom.clone()))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, f)| f).collect()
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

    #[test]
    fn characters_name_fandoms() {
        let lists = CharacterLists::builtin();
        let c = |name: &str, v: &[&str], mentions| CharacterCluster {
            name: name.to_string(),
            variants: v.iter().map(|s| s.to_string()).collect(),
            mentions,
        };
        let found = [
            c("Sherlock", &["Holmes"], 30),
            c("John Watson", &["John"], 25),
            c("Mara", &[], 5),
        ];
        assert_eq!(from_characters(&found, &lists), ["Sherlock (TV)"]);
        let generic = [
            c("Sam", &[], 10),
            c("Dean", &[], 8),
            c("Mara Voss", &[], 40),
        ];
        assert!(from_characters(&generic, &lists).is_empty());
    }
}
