//! Scoring names: characters and pairings found in the text against the
//! gold labels.
//!
//! [`score`] runs the finder on the chapter text alone, without character
//! lists, so it measures the text heuristics; [`score_with_lists`] applies
//! the lists as an import does (canonical names, clusters merged).
//!
//! Characters: predicted clusters are taken in rank order; a cluster is a
//! hit when its name — what a work's page shows — equals (ignoring case)
//! the name or a variant of a gold character not matched yet: a cluster
//! named "Poor Tam" is wrong even when "Tam" is among its variants. A second cluster for an
//! already-matched character is a false positive. Precision is hits over
//! predicted clusters. Recall counts only gold characters the text names at
//! least twice ([`MIN_GOLD_MENTIONS`]): a name said once is a passing
//! mention the finder is not asked to find (finding it still counts as a
//! hit for precision).
//!
//! Pairings: each predicted pair's clusters are mapped to the gold
//! characters they matched; the pair is a hit when that unordered pair is a
//! gold pairing not matched yet. Recall is over all gold pairings.

use super::{EvalChapter, GoldCharacter, TaskScore};
use crate::characters::{apply_lists, scan_names, CharacterLists, NameScan};
use crate::{fandoms, relationships};

/// Gold characters named fewer times than this do not count for recall.
pub const MIN_GOLD_MENTIONS: usize = 2;

/// One chapter's character matching, for reports and error analysis.
#[derive(Debug, Clone, Default)]
pub struct CharacterMatch {
    /// Per predicted cluster: the gold character it matched.
    pub cluster_gold: Vec<Option<usize>>,
    /// Predicted names that matched no gold character.
    pub false_positives: Vec<String>,
    /// Gold names (named at least twice) that no cluster matched.
    pub missed: Vec<String>,
    /// Hits among predicted clusters.
    pub hits: u32,
    /// Gold characters counted for recall.
    pub gold_counted: u32,
    /// Of those, how many a cluster matched.
    pub gold_found: u32,
}

/// How many times the text names a gold character: whole-word occurrences
/// of its forms, longer forms first, never counting a span twice.
pub fn gold_mentions(paragraphs: &[String], gold: &GoldCharacter) -> usize {
    let mut forms: Vec<&str> = std::iter::once(gold.name.as_str())
        .chain(gold.variants.iter().map(String::as_str))
        .collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let mut count = 0;
    for p in paragraphs {
        let mut taken = vec![false; p.len()];
        for form in &forms {
            let mut from = 0;
            while let Some(found) = p[from..].find(form) {
                let at = from + found;
                let end = at + form.len();
                from = end;
                let boundary_before = !p[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let boundary_after = !p[end..].chars().next().is_some_and(char::is_alphanumeric);
                if boundary_before && boundary_after && !taken[at..end].iter().any(|t| *t) {
                    taken[at..end].iter_mut().for_each(|t| *t = true);
                    count += 1;
                }
            }
        }
    }
    count
}

/// Matches one chapter's predicted clusters against its gold characters.
pub fn match_characters(chapter: &EvalChapter, scan: &NameScan) -> CharacterMatch {
    let gold = &chapter.gold.characters;
    let mut matched = vec![false; gold.len()];
    let mut m = CharacterMatch::default();
    for cluster in &scan.clusters {
        let hit = gold.iter().enumerate().position(|(g, gc)| {
            !matched[g]
                && std::iter::once(&gc.name)
                    .chain(&gc.variants)
                    .any(|x| x.eq_ignore_ascii_case(&cluster.name))
        });
        match hit {
            Some(g) => {
                matched[g] = true;
                m.hits += 1;
            }
            None => m.false_positives.push(cluster.name.clone()),
        }
        m.cluster_gold.push(hit);
    }
    for (g, gc) in gold.iter().enumerate() {
        if gold_mentions(&chapter.paragraphs, gc) >= MIN_GOLD_MENTIONS {
            m.gold_counted += 1;
            if matched[g] {
                m.gold_found += 1;
            } else {
                m.missed.push(gc.name.clone());
            }
        }
    }
    m
}

fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 {
        1.0
    } else {
        f64::from(num) / f64::from(den)
    }
}

fn task(name: &str, precision: f64, recall: f64, support: u32) -> TaskScore {
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    TaskScore {
        task: name.to_string(),
        precision,
        recall,
        f1,
        support,
        accuracy: None,
    }
}

/// Character and pairing scores over `chapters` from the text alone:
/// `characters` and `pairings`.
pub fn score(chapters: &[EvalChapter]) -> Vec<TaskScore> {
    score_with(chapters, "", scan_names::<String>)
}

/// The same scores with character lists applied as a work's import would:
/// fandoms guessed from the characters, clusters renamed to canonical tags
/// and merged (`characters (lists)`, `pairings (lists)`).
pub fn score_with_lists(chapters: &[EvalChapter], lists: &CharacterLists) -> Vec<TaskScore> {
    score_with(chapters, " (lists)", |paragraphs| {
        let mut scan = scan_names(paragraphs);
        let fandoms = fandoms::from_characters(&scan.clusters, lists);
        apply_lists(&mut scan, lists, &fandoms);
        scan
    })
}

fn score_with<F>(chapters: &[EvalChapter], suffix: &str, find: F) -> Vec<TaskScore>
where
    F: Fn(&[String]) -> NameScan,
{
    let (mut predicted, mut hits, mut counted, mut found) = (0, 0, 0, 0);
    let (mut pair_predicted, mut pair_hits, mut pair_gold) = (0, 0, 0);
    for chapter in chapters {
        let scan = find(&chapter.paragraphs);
        let m = match_characters(chapter, &scan);
        predicted += scan.clusters.len() as u32;
        hits += m.hits;
        counted += m.gold_counted;
        found += m.gold_found;

        let gold_pairs = &chapter.gold.pairings;
        let index = |name: &str| chapter.gold.characters.iter().position(|c| c.name == name);
        let mut matched = vec![false; gold_pairs.len()];
        pair_gold += gold_pairs.len() as u32;
        for pair in relationships::from_text(&scan) {
            pair_predicted += 1;
            let (Some(a), Some(b)) = (
                m.cluster_gold[pair.a as usize],
                m.cluster_gold[pair.b as usize],
            ) else {
                continue;
            };
            let hit = gold_pairs.iter().enumerate().position(|(n, [x, y])| {
                let (x, y) = (index(x), index(y));
                !matched[n] && ((x == Some(a) && y == Some(b)) || (x == Some(b) && y == Some(a)))
            });
            if let Some(n) = hit {
                matched[n] = true;
                pair_hits += 1;
            }
        }
    }
    vec![
        task(
            &format!("characters{suffix}"),
            ratio(hits, predicted),
            ratio(found, counted),
            counted,
        ),
        task(
            &format!("pairings{suffix}"),
            ratio(pair_hits, pair_predicted),
            ratio(pair_hits, pair_gold),
            pair_gold,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Gold;

    #[test]
    fn matching_counts_hits_duplicates_and_passing_mentions() {
        let gold: Gold = serde_json::from_str(
            r#"{"characters": [
                {"name": "Mara Voss", "variants": ["Mara", "Voss"]},
                {"name": "Ilan Brede", "variants": ["Ilan"]},
                {"name": "Tobin", "variants": []}
            ], "pairings": [["Mara Voss", "Ilan Brede"]], "pov": []}"#,
        )
        .expect("gold");
        let paragraphs: Vec<String> = [
            "Mara Voss found Ilan on the pier. \"You came,\" said Ilan.",
            "\"I did,\" Mara said, and kissed him. Voss was never late.",
            "Tobin watched. \"Again,\" said Ilan, and Mara kissed him again; she loved him.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let chapter = EvalChapter {
            name: "t".into(),
            paragraphs,
            gold,
        };
        assert_eq!(
            gold_mentions(&chapter.paragraphs, &chapter.gold.characters[0]),
            4
        );
        let scan = scan_names(&chapter.paragraphs);
        let m = match_characters(&chapter, &scan);
        assert_eq!((m.gold_counted, m.gold_found), (2, 2), "{m:?}");
        let scores = score(std::slice::from_ref(&chapter));
        assert_eq!(scores[0].recall, 1.0);
    }
}
