//! Characters: the people a story's text names, found without a list.
//!
//! One pass over the words ([`scan_names`]) collects every run of
//! capitalised words with the evidence around it: a title before it
//! ("Miss Granger"), a speech verb beside it ("said Mara", "Mara asked"), a
//! possessive, a verb after it, a vocative in dialogue ("Come here, Mara").
//! Evidence against: only ever at the start of a sentence, seen lowercase
//! elsewhere in the text ("Still", "Perhaps"), a stop list of capitalised
//! non-names (days, months, interjections, nationalities, common places),
//! place and organisation cues ("Baker Street", "King's Landing", "Fort
//! William", "Ministry"), determiners and place prepositions before it ("the
//! Order", "in Paris").
//!
//! In a text that capitalises its nouns (German: more than an eighth of its
//! words capitalised mid-sentence) a name needs a title, a speech verb or a
//! vocative, or to recur mid-sentence never after an article.
//!
//! Accepted names are clustered: full names ("Hermione Granger") anchor
//! clusters, and single names ("Hermione", "Granger", "Miss Granger") join
//! the most-mentioned cluster they are part of; a short form that is the
//! start of a longer name ("Cas" for "Castiel", "Toby" for "Tobias") joins
//! it. Clusters come out ranked by mentions (possessives count; variants are
//! listed without the `'s`). A name seen once is kept only with strong
//! evidence or as a vocative. Without a full name in the text, "Clint" and
//! "Barton" stay two clusters; the character lists join them.
//!
//! For the pairing scorer the scan also remembers each mention's paragraph,
//! whether it is the speaker or addressed, which paragraphs are romantic or
//! narrated as "I"/"you", and the narrator of a first- or second-person
//! story (the character others address by name but the narration never
//! names).
//!
//! Character lists ([`CharacterLists`]) map clusters to canonical tags per
//! fandom; [`suggest_names`] runs characters, fandoms and relationships
//! together for a work.

mod lists;
mod scan;
mod shapes;
mod stated;
mod suggest;
pub(crate) mod tokens;
mod words;

use rustc_hash::FxHashMap;

pub use lists::{CanonicalCharacter, CharacterLists, FandomList, ListError};
pub(crate) use suggest::suggest_names_with;
pub use suggest::{apply_lists, suggest_names, NameFindings, WorkText};

use scan::PhraseStats;
use words::{lower, words};

/// A character found in the text: the fullest form of the name, the other
/// forms the text uses, and how many times it names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharacterCluster {
    /// The fullest form ("Hermione Granger"), or a titled form when the text
    /// never gives more ("Mrs Hudson").
    pub name: String,
    /// Other forms seen, most used first ("Hermione", "Granger", "Miss Granger").
    pub variants: Vec<String>,
    /// Mentions under any form.
    pub mentions: u32,
}

impl CharacterCluster {
    /// A character known by name only (a stated character tag), for
    /// resolving pairing notation against.
    pub fn stated(name: &str) -> Self {
        CharacterCluster {
            name: name.to_string(),
            variants: Vec::new(),
            mentions: 0,
        }
    }

    /// The name and every variant.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.variants.iter().map(String::as_str))
    }
}

/// One mention of a clustered character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index of the paragraph.
    pub paragraph: u32,
    /// Index into [`NameScan::clusters`].
    pub cluster: u32,
    /// Inside dialogue.
    pub quoted: bool,
    /// Beside a speech verb outside dialogue: the speaker of the paragraph.
    pub speaker: bool,
    /// Addressed by name in dialogue.
    pub vocative: bool,
}

/// The characters of a text and where they are mentioned.
#[derive(Debug, Clone, Default)]
pub struct NameScan {
    /// Ranked by mentions, most first.
    pub clusters: Vec<CharacterCluster>,
    /// In text order.
    pub mentions: Vec<Mention>,
    /// Per paragraph: does it use romantic vocabulary (kiss, love, …)?
    pub romantic: Vec<bool>,
    /// Per paragraph: does its narration say "I" or "you" (first- or
    /// second-person narration, or interior monologue)?
    pub personal: Vec<bool>,
    /// In a story told in the first or second person, the character the
    /// narration's "I" or "you" is: the one others address by name but the
    /// narration never names.
    pub narrator: Option<u32>,
    /// Per paragraph: does it hold a word that may start a disclaimer?
    pub disclaimer_cues: Vec<bool>,
}

/// The characters named in `paragraphs`, ranked by mentions.
pub fn find_characters<S: AsRef<str>>(paragraphs: &[S]) -> Vec<CharacterCluster> {
    scan_names(paragraphs).clusters
}

/// Is `word` on the stop list of capitalised words that are not names
/// ("Still", "Tuesday", "London")?
pub fn stop_word(word: &str) -> bool {
    let mut buf = String::new();
    words().stop.contains_folded(word, &mut buf)
}

/// How a candidate phrase was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Name,
    /// Only a name when it is part of an accepted full name.
    Maybe,
    No,
}

/// Share of capitalised words mid-sentence above which a text (of a hundred
/// words or more) is taken to capitalise nouns (German) and names need
/// strong evidence.
const NOUN_CAPITALS: f32 = 0.12;

fn judge(
    key: &str,
    s: &PhraseStats,
    lowercase: &scan::WordCounts,
    strict: bool,
    buf: &mut String,
) -> Verdict {
    let w = words();
    let parts = key.split(' ').count();
    // Not name words: stop words, compound adjectives ("Fourth-year"), and
    // alone, drawn-out interjections ("Ohhh"; before a name the scan drops
    // them).
    let stopped = key
        .split(' ')
        .any(|t| w.stop.contains_folded(t, buf) || shapes::compound_adjective(t))
        || (parts == 1 && shapes::drawn_out(key));
    if stopped {
        return if s.titled >= 1 {
            Verdict::Name
        } else {
            Verdict::No
        };
    }
    if s.against * 2 >= s.mentions && s.strong == 0 {
        return Verdict::No;
    }
    let evidence = s.strong + s.vocative + s.weak;
    if strict {
        // Nouns are capitalised too: a name needs evidence, or to recur
        // mid-sentence never after an article.
        let recurs = s.mid >= 2 && s.against == 0 && s.mentions >= 3;
        return if s.strong + s.vocative >= 1 || recurs {
            Verdict::Name
        } else if parts > 1 {
            Verdict::Maybe
        } else {
            Verdict::No
        };
    }
    if parts > 1 {
        // Two capitalised words that are neither stop words nor a place.
        return Verdict::Name;
    }
    let seen_lowercase = lowercase.count(scan::word_hash(lower(key, buf)));
    if seen_lowercase > 0 && s.strong == 0 && seen_lowercase >= s.mid {
        return Verdict::No;
    }
    if s.strong >= 1 || (s.mid >= 1 && evidence >= 1) || s.mid >= 3 || s.vocative >= 2 {
        Verdict::Name
    } else {
        Verdict::Maybe
    }
}

struct Building<'k> {
    first: &'k str,
    /// Every word of the cluster's full names.
    parts: Vec<&'k str>,
    phrases: Vec<usize>,
    mentions: u32,
    strong: u32,
}

/// Finds and clusters the names in `paragraphs`, remembering where each is
/// mentioned (for the pairing scorer).
pub fn scan_names<S: AsRef<str>>(paragraphs: &[S]) -> NameScan {
    scan_names_with(paragraphs, &mut |_, _, _| {})
}

/// [`scan_names`], handing each paragraph's words to `reader` too.
pub(crate) fn scan_names_with<S: AsRef<str>>(
    paragraphs: &[S],
    reader: &mut scan::WordsReader<'_>,
) -> NameScan {
    let r = scan::scan_with(paragraphs, reader);
    let strict = r.words >= 100 && r.capitalised_mid as f32 > NOUN_CAPITALS * r.words as f32;
    let mut buf = String::new();
    let verdicts: Vec<Verdict> = r
        .phrases
        .iter()
        .map(|(k, s)| judge(k, s, &r.lowercase, strict, &mut buf))
        .collect();
    // A full name whose first name is accepted on its own is a name too.
    let single: FxHashMap<&str, Verdict> = r
        .phrases
        .iter()
        .zip(&verdicts)
        .filter(|((k, _), _)| !k.contains(' '))
        .map(|((k, _), v)| (k.as_str(), *v))
        .collect();
    let verdicts: Vec<Verdict> = r
        .phrases
        .iter()
        .zip(verdicts.iter())
        .map(|((k, _), &v)| match (v, k.split_once(' ')) {
            (Verdict::Maybe, Some((first, _))) if single.get(first) == Some(&Verdict::Name) => {
                Verdict::Name
            }
            _ => v,
        })
        .collect();
    // Longest phrases first, then most mentioned (keys computed once).
    let mut keyed: Vec<_> = r
        .phrases
        .iter()
        .enumerate()
        .map(|(i, (k, s))| {
            (
                std::cmp::Reverse(k.split(' ').count()),
                std::cmp::Reverse(s.mentions),
                i,
            )
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    let mut clusters: Vec<Building> = Vec::new();
    // Indexes over `clusters` (each list in cluster order): by full name,
    // by every word of their names, and by the first three characters of
    // their first name (a nickname shares them, see `nickname_of`).
    let mut by_name: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let mut by_part: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut by_prefix: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut phrase_cluster: Vec<Option<usize>> = vec![None; r.phrases.len()];
    let mut strong_or_vocative = vec![0u32; r.phrases.len()];
    for &i in &order {
        let (key, s) = &r.phrases[i];
        let (first, last) = match (key.split_once(' '), key.rsplit_once(' ')) {
            (Some((first, _)), Some((_, last))) => (first, last),
            _ => (key.as_str(), key.as_str()),
        };
        let found = if first.len() < key.len() {
            by_name.get(&(first, last)).copied()
        } else {
            let parts = by_part.get(first).into_iter().flatten();
            let nicknames = by_prefix
                .get(prefix3(first))
                .into_iter()
                .flatten()
                .filter(|&&n| nickname_of(first, clusters[n].first));
            parts
                .chain(nicknames)
                .max_by_key(|&&n| (clusters[n].mentions, std::cmp::Reverse(n)))
                .copied()
        };
        strong_or_vocative[i] = s.strong + s.vocative;
        let target = match (found, verdicts[i]) {
            (_, Verdict::No) => continue,
            (Some(c), _) => c,
            (None, Verdict::Name) => {
                clusters.push(Building {
                    first,
                    parts: Vec::new(),
                    phrases: Vec::new(),
                    mentions: 0,
                    strong: 0,
                });
                let n = clusters.len() - 1;
                by_name.entry((first, last)).or_insert(n);
                by_prefix.entry(prefix3(first)).or_default().push(n);
                n
            }
            (None, Verdict::Maybe) => continue,
        };
        let c = &mut clusters[target];
        for p in key.split(' ') {
            if !c.parts.contains(&p) {
                c.parts.push(p);
                by_part.entry(p).or_default().push(target);
            }
        }
        c.phrases.push(i);
        c.mentions += s.mentions;
        c.strong += strong_or_vocative[i];
        phrase_cluster[i] = Some(target);
    }

    // "Cas" and "Castiel" met as single names: the nickname joins the
    // longer name.
    for short in 0..clusters.len() {
        if clusters[short].parts.len() != 1 || clusters[short].phrases.is_empty() {
            continue;
        }
        let long = by_prefix
            .get(prefix3(clusters[short].first))
            .into_iter()
            .flatten()
            .copied()
            .find(|&l| {
                l != short
                    && clusters[l].parts.len() == 1
                    && nickname_of(clusters[short].first, clusters[l].first)
            });
        if let Some(l) = long {
            let moved = std::mem::take(&mut clusters[short].phrases);
            let (mentions, strong) = (clusters[short].mentions, clusters[short].strong);
            clusters[short].mentions = 0;
            clusters[short].strong = 0;
            for &i in &moved {
                phrase_cluster[i] = Some(l);
            }
            let c = &mut clusters[l];
            c.phrases.extend(moved);
            c.mentions += mentions;
            c.strong += strong;
        }
    }

    // Keep clusters named twice, or once with strong evidence or as a
    // vocative; rank them.
    let mut keep: Vec<usize> = (0..clusters.len())
        .filter(|&c| clusters[c].mentions >= 2 || clusters[c].strong >= 1)
        .collect();
    keep.sort_by_key(|&c| (std::cmp::Reverse(clusters[c].mentions), c));
    let mut new_index = vec![None; clusters.len()];
    for (n, &c) in keep.iter().enumerate() {
        new_index[c] = Some(n as u32);
    }
    let out: Vec<CharacterCluster> = keep
        .iter()
        .map(|&c| finish(&clusters[c], &r.phrases))
        .collect();
    let mentions: Vec<Mention> = r
        .occurrences
        .iter()
        .filter_map(|o| {
            let cluster = new_index[phrase_cluster[o.phrase as usize]?]?;
            Some(Mention {
                paragraph: o.paragraph,
                cluster,
                quoted: o.quoted,
                speaker: o.speaker,
                vocative: o.vocative,
            })
        })
        .collect();
    NameScan {
        narrator: narrator(&mentions, &r.personal, out.len()),
        clusters: out,
        mentions,
        romantic: r.romantic,
        personal: r.personal,
        disclaimer_cues: r.cues,
    }
}

/// The first three characters of `name` (all of it when shorter): the
/// part a nickname shares with the name (see [`nickname_of`]).
fn prefix3(name: &str) -> &str {
    let end = name.char_indices().nth(3).map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// "Toby" for "Tobias", "Ron" for "Ronald": a shorter name sharing all but
/// its last letter (and at least three) with the start of a longer one.
fn nickname_of(short: &str, full: &str) -> bool {
    if short.len() < 3 || short.len() >= full.len() || short.as_bytes()[0] != full.as_bytes()[0] {
        return false;
    }
    let len = short.chars().count();
    let common = short
        .chars()
        .zip(full.chars())
        .take_while(|(a, b)| a == b)
        .count();
    common >= 3 && common + 1 >= len && len < full.chars().count()
}

/// Share of paragraphs with "I"/"you" narration above which the story is
/// told in the first or second person.
const PERSONAL_SHARE: f32 = 0.35;

/// The narrator of a first- or second-person story: addressed by name in
/// dialogue more often than named outside it.
fn narrator(mentions: &[Mention], personal: &[bool], clusters: usize) -> Option<u32> {
    let share = personal.iter().filter(|p| **p).count() as f32 / personal.len().max(1) as f32;
    if share < PERSONAL_SHARE {
        return None;
    }
    let mut score = vec![0i32; clusters];
    for m in mentions {
        let s = &mut score[m.cluster as usize];
        if m.vocative {
            *s += 1;
        } else if !m.quoted {
            *s -= 1;
        }
    }
    let (best, &top) = score
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (**s, std::cmp::Reverse(*i)))?;
    (top >= 1).then_some(best as u32)
}

/// Names a built cluster and lists its variants.
fn finish(c: &Building, phrases: &[(String, PhraseStats)]) -> CharacterCluster {
    // The name: the most-mentioned of the longest keys; a titled form if
    // the bare key is one word that never occurs on its own.
    // A nickname ("Cas") never names a cluster holding the longer name.
    let nickname = |i: usize| {
        let key = phrases[i].0.as_str();
        c.phrases
            .iter()
            .any(|&j| nickname_of(key, phrases[j].0.as_str()))
    };
    let best = c
        .phrases
        .iter()
        .filter(|&&i| !nickname(i))
        .max_by_key(|&&i| {
            (
                phrases[i].0.split(' ').count(),
                phrases[i].1.mentions,
                std::cmp::Reverse(i),
            )
        })
        .copied()
        .unwrap_or(c.phrases[0]);
    let (key, stats) = &phrases[best];
    // A full name stands without its title ("Arabella Thorne", not "Miss
    // Arabella Thorne"); a lone surname keeps it ("Mrs Hudson").
    let name = if key.contains(' ') || stats.forms.iter().any(|(f, _)| f == key) {
        key.clone()
    } else {
        let (form, _) = stats
            .forms
            .iter()
            .max_by_key(|(_, n)| *n)
            .unwrap_or(&stats.forms[0]);
        form.clone()
    };
    let mut forms: FxHashMap<&str, u32> = FxHashMap::default();
    for &i in &c.phrases {
        let (key, s) = &phrases[i];
        *forms.entry(key.as_str()).or_insert(0) += 0;
        for (f, n) in &s.forms {
            *forms.entry(f.as_str()).or_insert(0) += n;
        }
    }
    let mut variants: Vec<(&str, u32)> = forms.into_iter().filter(|(f, _)| *f != name).collect();
    variants.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    CharacterCluster {
        name,
        variants: variants.into_iter().map(|(f, _)| f.to_string()).collect(),
        mentions: c.mentions,
    }
}

#[cfg(test)]
mod tests;
