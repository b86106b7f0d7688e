//! Scoring what a work's page shows: the suggested characters and fandoms
//! that [`suggest_names`] makes from a chapter, with the built-in character
//! lists and the chapter's stated character tags, as an import would.
//!
//! Suggested characters: a suggestion is a hit when it equals (ignoring
//! case) the name or a variant of a gold character not matched yet and not
//! stated; a suggestion that repeats a stated character
//! ("John Watson" beside the stated "Dr. Watson") is a false positive, and
//! counted apart as a repeat. A miss is a gold character the text names at
//! least [`MIN_GOLD_MENTIONS`] times, that the work does not state and no
//! suggestion matched; recall is hits over hits and misses.
//!
//! Fandoms: only chapters whose gold lists fandoms count; a suggested fandom
//! is a hit when it equals (ignoring case) the name or a variant of a gold
//! fandom not matched yet.

use super::names::{gold_mentions, MIN_GOLD_MENTIONS};
use super::{EvalChapter, TaskScore};
use crate::characters::{suggest_names, CharacterLists, WorkText};

/// One chapter's suggestions against its gold, for reports and floors.
#[derive(Debug, Clone, Default)]
pub struct SuggestionMatch {
    /// Suggested characters matching a gold character that is not stated.
    pub hits: u32,
    /// Suggested characters matching no gold character.
    pub false_positives: Vec<String>,
    /// Suggested characters repeating a stated character.
    pub repeats: Vec<String>,
    /// Gold characters (named at least twice, not stated) not suggested.
    pub missed: Vec<String>,
    /// Gold characters counted for recall, and of those how many were found.
    pub gold_counted: u32,
    pub gold_found: u32,
    /// Fandoms: hits, suggestions matching no gold fandom, gold fandoms not
    /// suggested. All empty when the gold lists no fandoms.
    pub fandom_hits: u32,
    pub fandom_false: Vec<String>,
    pub fandom_missed: Vec<String>,
}

/// Matches each suggested name, in order, to the first gold entry (name
/// and variants, ignoring case) not matched yet: the gold index per
/// suggestion, and which gold entries were matched.
fn match_names<'g>(
    suggested: &[String],
    gold: impl Iterator<Item = (&'g String, &'g [String])> + Clone,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut matched = vec![false; gold.clone().count()];
    let hits = suggested
        .iter()
        .map(|s| {
            let hit = gold.clone().enumerate().position(|(g, (name, variants))| {
                !matched[g]
                    && std::iter::once(name)
                        .chain(variants)
                        .any(|f| f.eq_ignore_ascii_case(s))
            });
            if let Some(g) = hit {
                matched[g] = true;
            }
            hit
        })
        .collect();
    (hits, matched)
}

/// Runs the suggestions over one chapter and matches them.
pub fn match_suggestions(chapter: &EvalChapter, lists: &CharacterLists) -> SuggestionMatch {
    let paragraphs: Vec<&str> = chapter.paragraphs.iter().map(String::as_str).collect();
    let stated = chapter.gold.stated_characters();
    let work = WorkText {
        paragraphs: &paragraphs,
        stated_characters: &stated,
        ..WorkText::default()
    };
    let found = suggest_names(&work, lists);
    let gold = &chapter.gold.characters;
    let (hits, matched) = match_names(
        &found.characters,
        gold.iter().map(|g| (&g.name, g.variants.as_slice())),
    );
    let mut m = SuggestionMatch::default();
    for (suggested, hit) in found.characters.iter().zip(hits) {
        match hit {
            Some(g) if gold[g].stated_as.is_some() => m.repeats.push(suggested.clone()),
            Some(_) => m.hits += 1,
            None => m.false_positives.push(suggested.clone()),
        }
    }
    for (g, gc) in gold.iter().enumerate() {
        if gc.stated_as.is_none() && gold_mentions(&chapter.paragraphs, gc) >= MIN_GOLD_MENTIONS {
            m.gold_counted += 1;
            if matched[g] {
                m.gold_found += 1;
            } else {
                m.missed.push(gc.name.clone());
            }
        }
    }
    if let Some(fandoms) = &chapter.gold.fandoms {
        let (hits, matched) = match_names(
            &found.fandoms,
            fandoms.iter().map(|f| (&f.name, f.variants.as_slice())),
        );
        for (suggested, hit) in found.fandoms.iter().zip(hits) {
            match hit {
                Some(_) => m.fandom_hits += 1,
                None => m.fandom_false.push(suggested.clone()),
            }
        }
        m.fandom_missed = fandoms
            .iter()
            .zip(&matched)
            .filter(|(_, found)| !**found)
            .map(|(f, _)| f.name.clone())
            .collect();
    }
    m
}

/// `suggested characters` and `fandoms` over `chapters`.
pub fn score_suggestions(chapters: &[EvalChapter], lists: &CharacterLists) -> Vec<TaskScore> {
    let (mut hits, mut wrong, mut missed) = (0, 0, 0);
    let (mut fandom_hits, mut fandom_false, mut fandom_missed) = (0, 0, 0);
    for chapter in chapters {
        let m = match_suggestions(chapter, lists);
        hits += m.hits;
        wrong += (m.false_positives.len() + m.repeats.len()) as u32;
        missed += m.gold_counted - m.gold_found;
        fandom_hits += m.fandom_hits;
        fandom_false += m.fandom_false.len() as u32;
        fandom_missed += m.fandom_missed.len() as u32;
    }
    vec![
        TaskScore::from_counts("suggested characters", hits, wrong, missed),
        TaskScore::from_counts("fandoms", fandom_hits, fandom_false, fandom_missed),
    ]
}
