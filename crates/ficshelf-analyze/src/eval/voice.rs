//! Scorers for the voice tasks: point of view per paragraph, interior
//! monologue, chapter language and near-duplicate pairs.

use super::{EvalChapter, EvalError, EvalSet, Report, TaskScore, POV_LABELS};
use crate::{language::LanguageDetector, minhash, pov};

/// POV paragraph accuracy (task `"pov paragraphs"`), then one
/// precision/recall score per label (`"pov third-past"` …) for labels that
/// occur in gold or prediction.
pub fn score_pov(chapters: &[EvalChapter]) -> Vec<TaskScore> {
    let (mut correct, mut total) = (0, 0);
    let mut per = [[0u32; 3]; POV_LABELS.len()]; // tp, fp, fn
    for ch in chapters {
        let got = pov::analyze(&ch.paragraphs);
        for (pred, gold) in got.paragraphs.iter().zip(&ch.gold.pov) {
            total += 1;
            let p = label_index(pred.label());
            let g = label_index(gold);
            if p == g {
                correct += 1;
                per[p][0] += 1;
            } else {
                per[p][1] += 1;
                per[g][2] += 1;
            }
        }
    }
    let mut out = vec![TaskScore::from_accuracy("pov paragraphs", correct, total)];
    for (i, [tp, fp, fn_]) in per.into_iter().enumerate() {
        if tp + fp + fn_ > 0 {
            out.push(TaskScore::from_counts(
                format!("pov {}", POV_LABELS[i]),
                tp,
                fp,
                fn_,
            ));
        }
    }
    out
}

fn label_index(label: &str) -> usize {
    POV_LABELS
        .iter()
        .position(|l| *l == label)
        .unwrap_or(POV_LABELS.len() - 1)
}

/// The gold interior-monologue paragraphs of a chapter: first-present
/// paragraphs when the chapter's most common narration label is third-past.
pub fn gold_monologue(chapter: &EvalChapter) -> Vec<u32> {
    let mut counts = [0u32; POV_LABELS.len()];
    for l in &chapter.gold.pov {
        counts[label_index(l)] += 1;
    }
    counts[label_index("dialogue")] = 0;
    let top = (0..counts.len()).max_by_key(|&i| (counts[i], usize::MAX - i));
    if top != Some(label_index("third-past")) {
        return Vec::new();
    }
    (0..chapter.gold.pov.len() as u32)
        .filter(|&i| chapter.gold.pov[i as usize] == "first-present")
        .collect()
}

/// Interior monologue paragraphs: precision and recall over
/// (chapter, paragraph) pairs (task `"interior monologue"`).
pub fn score_monologue(chapters: &[EvalChapter]) -> TaskScore {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for ch in chapters {
        let gold = gold_monologue(ch);
        let got = pov::analyze(&ch.paragraphs).interior_monologue;
        let hits = got.iter().filter(|i| gold.contains(i)).count() as u32;
        tp += hits;
        fp += got.len() as u32 - hits;
        fn_ += gold.len() as u32 - hits;
    }
    TaskScore::from_counts("interior monologue", tp, fp, fn_)
}

/// Chapters of the set not written in English, by file stem.
const NOT_ENGLISH: [(&str, &str); 3] = [
    ("18-la-boulangerie", "fr"),
    ("19-die-station", "de"),
    ("20-la-tormenta", "es"),
];

/// The language a chapter of the set is written in (gold files carry no
/// language, so it is kept here): `"en"` unless listed otherwise.
pub fn expected_language(chapter: &str) -> &'static str {
    NOT_ENGLISH
        .iter()
        .find(|(n, _)| *n == chapter)
        .map_or("en", |(_, code)| *code)
}

/// Chapter language accuracy (task `"language"`) against
/// [`expected_language`]; a chapter with no confident detection counts as
/// wrong.
pub fn score_language(chapters: &[EvalChapter]) -> TaskScore {
    let detector = LanguageDetector::new();
    let mut correct = 0;
    for ch in chapters {
        // As import judges it: the English shortcut, then whatlang.
        let voice = pov::analyze(&ch.paragraphs);
        let found = crate::chapter_language(&detector, &ch.paragraphs, &voice);
        if found == Some(expected_language(&ch.name)) {
            correct += 1;
        }
    }
    TaskScore::from_accuracy("language", correct, chapters.len() as u32)
}

/// What the duplicate finder said about one labelled pair.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateOutcome {
    pub a: String,
    pub b: String,
    /// Gold: the same story.
    pub same: bool,
    /// Estimated Jaccard similarity of the two texts.
    pub similarity: f64,
    /// Whether [`minhash::groups`] put them in one group.
    pub found: bool,
}

/// Scores near-duplicate detection on the labelled pairs: every file named
/// in `duplicates.json` is signed and grouped together; a pair counts as
/// found when both files land in one group. Task `"duplicates"`.
pub fn score_duplicates(
    set: &EvalSet,
    threshold: f64,
) -> Result<(TaskScore, Vec<DuplicateOutcome>), EvalError> {
    let gold = &set.duplicates;
    let mut names: Vec<&str> = Vec::new();
    for [a, b] in gold.same.iter().chain(&gold.different) {
        for n in [a, b] {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    let mut sigs = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        sigs.push((i as u64, minhash::signature(&set.read_relative(n)?)));
    }
    let groups = minhash::groups(&sigs, threshold);
    let group_of = |i: usize| groups.iter().position(|g| g.ids.contains(&(i as u64)));
    let mut outcomes = Vec::new();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (pairs, same) in [(&gold.same, true), (&gold.different, false)] {
        for [a, b] in pairs {
            let ia = names.iter().position(|n| n == a).unwrap_or(0);
            let ib = names.iter().position(|n| n == b).unwrap_or(0);
            let found = group_of(ia).is_some() && group_of(ia) == group_of(ib);
            match (found, same) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
            outcomes.push(DuplicateOutcome {
                a: a.clone(),
                b: b.clone(),
                same,
                similarity: minhash::similarity(&sigs[ia].1, &sigs[ib].1),
                found,
            });
        }
    }
    Ok((TaskScore::from_counts("duplicates", tp, fp, fn_), outcomes))
}

/// Every voice score for the set: POV, monologue, language and duplicates
/// at `threshold`.
pub fn score_voice(set: &EvalSet, threshold: f64) -> Result<Vec<TaskScore>, EvalError> {
    let mut out = score_pov(&set.chapters);
    out.push(score_monologue(&set.chapters));
    out.push(score_language(&set.chapters));
    out.push(score_duplicates(set, threshold)?.0);
    Ok(out)
}

/// The whole evaluation report: characters and pairings
/// ([`super::names::score`]), suggested characters and fandoms with the
/// built-in character lists ([`super::suggestions::score_suggestions`]),
/// then the voice tasks with duplicates at [`minhash::DEFAULT_THRESHOLD`].
/// This is what `ficshelf eval` prints.
pub fn full_report(set: &EvalSet) -> Result<Report, EvalError> {
    let mut report = Report::new(super::names::score(&set.chapters));
    let lists = crate::characters::CharacterLists::builtin();
    report.extend(super::suggestions::score_suggestions(&set.chapters, &lists));
    report.extend(score_voice(set, minhash::DEFAULT_THRESHOLD)?);
    Ok(report)
}
