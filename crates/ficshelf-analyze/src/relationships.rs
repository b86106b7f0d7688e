//! Relationships: pairings stated in notation, and pairs the text puts
//! together.
//!
//! Notation ([`from_notation`]): `H/D`, `Harry/Draco`, `Draco x Harry`,
//! `Harry Potter/Draco Malfoy` anywhere in header or notes text are romantic
//! pairings; `Harry & Ron` is platonic. Members are resolved against the
//! work's characters (found and stated): a full name, any variant, or an
//! initial that points at one clearly most-mentioned character. Tags come
//! out AO3-style, members sorted: `Draco Malfoy/Harry Potter`,
//! `Harry Potter & Ron Weasley`.
//!
//! Text ([`pair_scores`], [`from_text`]): two characters named in the same
//! paragraph score a point, two points more when the paragraph is romantic
//! (kiss, love, …), and two per dialogue exchange between them (one speaks
//! right after the other, or one addresses the other by name). The best
//! pair is suggested as a romantic pairing when it reaches
//! [`TEXT_THRESHOLD`] and beats every other pair.

use rustc_hash::FxHashMap;

use crate::characters::{CharacterCluster, NameScan};

/// Minimum score for a pair found in the text, tuned on the evaluation set
/// (at 4 a chapter's only pair of colleagues gets in; at 6 two real
/// pairings drop out).
pub const TEXT_THRESHOLD: f32 = 5.0;

/// How strongly the text puts two characters together.
#[derive(Debug, Clone, PartialEq)]
pub struct PairScore {
    /// Index into [`NameScan::clusters`] of one character.
    pub a: u32,
    /// Index of the other, `a < b`.
    pub b: u32,
    /// Paragraphs naming both.
    pub together: u32,
    /// Of those, paragraphs with romantic vocabulary.
    pub romantic: u32,
    /// Dialogue exchanges between them.
    pub exchanges: u32,
    /// `together + 2 × romantic + 2 × exchanges`.
    pub score: f32,
}

fn slot(pairs: &mut FxHashMap<(u32, u32), PairScore>, x: u32, y: u32) -> &mut PairScore {
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    pairs.entry((a, b)).or_insert(PairScore {
        a,
        b,
        together: 0,
        romantic: 0,
        exchanges: 0,
        score: 0.0,
    })
}

/// Scores every pair of characters the text puts together, best first.
///
/// In a first- or second-person story the narrator ([`NameScan::narrator`])
/// is present in every paragraph whose narration says "I" or "you". A
/// romantic paragraph naming one character pairs them with the character
/// named most recently before it (the "he" or "she" of the paragraph).
/// Consecutive lines of dialogue addressing two different characters by
/// name count as an exchange between them.
pub fn pair_scores(scan: &NameScan) -> Vec<PairScore> {
    let mut pairs: FxHashMap<(u32, u32), PairScore> = FxHashMap::default();
    let mut previous_speaker: Option<(u32, u32)> = None;
    let mut previous_addressed: Option<(u32, u32)> = None;
    let mut recent: Vec<u32> = Vec::new();
    let mut present: Vec<u32> = Vec::new();
    let mut addressed: Vec<u32> = Vec::new();
    let mut groups = scan
        .mentions
        .chunk_by(|x, y| x.paragraph == y.paragraph)
        .peekable();
    for p in 0..scan.romantic.len() as u32 {
        present.clear();
        addressed.clear();
        let mut speaker = None;
        if let Some(group) = groups.next_if(|g| g[0].paragraph == p) {
            for m in group {
                if !present.contains(&m.cluster) {
                    present.push(m.cluster);
                }
                if m.speaker && speaker.is_none() {
                    speaker = Some(m.cluster);
                }
                if m.vocative {
                    addressed.push(m.cluster);
                }
            }
        }
        let personal = scan.personal.get(p as usize).copied().unwrap_or(false);
        if let Some(n) = scan.narrator.filter(|_| personal) {
            if !present.contains(&n) {
                present.push(n);
            }
        }
        let romantic = scan.romantic.get(p as usize).copied().unwrap_or(false);
        if romantic && present.len() == 1 {
            if let Some(&other) = recent.iter().rev().find(|&&c| c != present[0]) {
                let e = slot(&mut pairs, present[0], other);
                e.romantic += 1;
            }
        }
        let named = &present[..present.len().min(8)];
        for (n, &x) in named.iter().enumerate() {
            for &y in &named[n + 1..] {
                let e = slot(&mut pairs, x, y);
                e.together += 1;
                e.romantic += u32::from(romantic);
            }
        }
        if let Some(s) = speaker {
            if let Some((q, prev)) = previous_speaker {
                if q + 1 == p && prev != s {
                    slot(&mut pairs, prev, s).exchanges += 1;
                }
            }
            for &t in addressed.iter().filter(|&&t| t != s) {
                slot(&mut pairs, s, t).exchanges += 1;
            }
            previous_speaker = Some((p, s));
        }
        if let [only] = addressed.as_slice() {
            if let Some((q, prev)) = previous_addressed {
                if q + 1 == p && prev != *only {
                    slot(&mut pairs, prev, *only).exchanges += 1;
                }
            }
            previous_addressed = Some((p, *only));
        }
        for &c in named {
            recent.retain(|&r| r != c);
            recent.push(c);
        }
    }
    let mut out: Vec<PairScore> = pairs
        .into_values()
        .map(|mut s| {
            s.score = s.together as f32 + 2.0 * s.romantic as f32 + 2.0 * s.exchanges as f32;
            s
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    out
}

/// The pair the text suggests as a romantic pairing: the best-scoring
/// pair, when it scores at least [`TEXT_THRESHOLD`] and strictly beats the
/// runner-up (a tie says the text does not single anyone out). At most one
/// pair: notation in the notes names the rest.
pub fn from_text(scan: &NameScan) -> Vec<PairScore> {
    let mut scores = pair_scores(scan);
    let runner_up = scores.get(1).map_or(0.0, |s| s.score);
    scores.truncate(1);
    scores.retain(|s| s.score >= TEXT_THRESHOLD && s.score > runner_up);
    scores
}

/// The AO3 form of a relationship: members sorted (case-insensitively),
/// joined by `/` (romantic) or ` & ` (platonic).
pub fn canonical_tag(members: &[&str], platonic: bool) -> String {
    let mut sorted: Vec<&str> = members.to_vec();
    sorted.sort_by_cached_key(|m| m.to_lowercase());
    sorted.join(if platonic { " & " } else { "/" })
}

/// Do two relationship tags name the same relationship: the same members
/// (ignoring case and order) joined the same way? `Sherlock Holmes/John
/// Watson` and `john watson/sherlock holmes` do; `Harry/Ron` and
/// `Harry & Ron` do not.
pub fn same_relationship(a: &str, b: &str) -> bool {
    fn members(tag: &str) -> (bool, Vec<String>) {
        let platonic = tag.contains('&') && !tag.contains('/');
        let mut m: Vec<String> = tag
            .split(['/', '&'])
            .map(|x| x.trim().to_lowercase())
            .collect();
        m.sort();
        (platonic, m)
    }
    members(a) == members(b)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    Word(&'a str),
    Slash,
    Amp,
    Cross,
    Break,
}

/// Splits text into words and pairing separators; punctuation other than
/// `/` and `&` breaks names apart.
fn items(text: &str) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for piece in text.split_whitespace() {
        if matches!(piece, "x" | "X" | "\u{d7}") {
            out.push(Item::Cross);
            continue;
        }
        if piece.contains("://") || piece.starts_with("www.") {
            out.push(Item::Break);
            continue;
        }
        let mut rest = piece;
        loop {
            let cut = rest.find(['/', '&']);
            let (word, sep) = match cut {
                Some(c) => (&rest[..c], Some(&rest[c..c + 1])),
                None => (rest, None),
            };
            let trimmed =
                word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '.');
            let trimmed = trimmed.trim_end_matches('.');
            let broke = word.ends_with([',', ';', ':', '.', '!', '?', ')', '(', '"', ']', '[']);
            let opened = word.starts_with(['(', '"', '[', ':']);
            if opened {
                out.push(Item::Break);
            }
            if !trimmed.is_empty() {
                out.push(Item::Word(trimmed));
            }
            if broke {
                out.push(Item::Break);
            }
            match sep {
                Some("/") => out.push(Item::Slash),
                Some(_) => out.push(Item::Amp),
                None => break,
            }
            rest = &rest[cut.map_or(rest.len(), |c| c + 1)..];
        }
    }
    out
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Resolves a member as written against the characters: a form of exactly
/// one, or an initial of a clearly most-mentioned one.
fn resolve<'c>(member: &str, characters: &'c [CharacterCluster]) -> Option<&'c str> {
    let hits: Vec<&CharacterCluster> = characters
        .iter()
        .filter(|c| c.forms().any(|f| f.eq_ignore_ascii_case(member)))
        .collect();
    match hits.as_slice() {
        [one] => return Some(one.name.as_str()),
        [first, second, ..] if first.mentions >= 2 * second.mentions.max(1) => {
            return Some(first.name.as_str())
        }
        _ => {}
    }
    let mut chars = member.chars();
    let (Some(initial), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let mut candidates: Vec<&CharacterCluster> = characters
        .iter()
        .filter(|c| c.name.split(' ').any(|part| part.starts_with(initial)))
        .collect();
    candidates.sort_by_key(|c| std::cmp::Reverse(c.mentions));
    match candidates.as_slice() {
        [one] => Some(one.name.as_str()),
        [first, second, ..] if first.mentions >= 2 * second.mentions.max(1) => {
            Some(first.name.as_str())
        }
        _ => None,
    }
}

/// Relationship tags written in notation in `texts` (headers, notes,
/// summaries), resolved against `characters` (found and stated), in order
/// of first appearance.
pub fn from_notation<S: AsRef<str>>(texts: &[S], characters: &[CharacterCluster]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let items = items(text.as_ref());
        let mut i = 0;
        while i < items.len() {
            let sep = items[i];
            if !matches!(sep, Item::Slash | Item::Amp | Item::Cross) {
                i += 1;
                continue;
            }
            // Back up over the first member, then read members and separators.
            let mut start = i;
            while start > 0
                && start + 3 > i
                && matches!(items[start - 1], Item::Word(w) if capitalised(w))
            {
                start -= 1;
            }
            let mut members: Vec<Vec<&str>> = vec![Vec::new()];
            let mut k = start;
            while k < items.len() {
                match items[k] {
                    Item::Word(w)
                        if capitalised(w) && members.last().is_some_and(|m| m.len() < 3) =>
                    {
                        if let Some(m) = members.last_mut() {
                            m.push(w);
                        }
                    }
                    s if s == sep && members.last().is_some_and(|m| !m.is_empty()) => {
                        members.push(Vec::new())
                    }
                    _ => break,
                }
                k += 1;
            }
            i = k.max(i + 1);
            if members.len() < 2 || members.iter().any(Vec::is_empty) {
                continue;
            }
            // "A Draco x Harry story": sentence openers are not part of a name.
            let stop = &crate::characters::stop_word;
            while members[0].len() > 1 && stop(members[0][0]) {
                members[0].remove(0);
            }
            // "Background Ron & Hermione": the first member may carry leading
            // words and the last trailing ones; the longest part that
            // resolves wins.
            let last = members.len() - 1;
            let mut written: Vec<String> = Vec::with_capacity(members.len());
            let mut resolved: Vec<Option<&str>> = Vec::with_capacity(members.len());
            for (n, m) in members.iter().enumerate() {
                let mut parts: Vec<&[&str]> = vec![m.as_slice()];
                for cut in 1..m.len() {
                    if n == 0 {
                        parts.push(&m[cut..]);
                    }
                    if n == last {
                        parts.push(&m[..m.len() - cut]);
                    }
                }
                let found = parts.iter().find_map(|p| resolve(&p.join(" "), characters));
                written.push(m.join(" "));
                resolved.push(found);
            }
            let any_resolved = resolved.iter().any(Option::is_some);
            let mut names: Vec<&str> = Vec::new();
            for (w, r) in written.iter().zip(&resolved) {
                match r {
                    Some(name) => names.push(name),
                    // Unresolved: kept as written only when it reads as a name.
                    None if w.chars().count() > 1 && (any_resolved || w.contains(' ')) => {
                        names.push(w)
                    }
                    None => break,
                }
            }
            if names.len() != written.len() {
                continue;
            }
            names.dedup();
            if names.len() < 2 {
                continue;
            }
            let tag = canonical_tag(&names, sep == Item::Amp);
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
