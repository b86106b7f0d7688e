//! Floors on the voice tasks of the evaluation set: point of view,
//! interior monologue, language and near-duplicates. Prints the report
//! (`cargo test -p ficshelf-analyze --test eval_voice -- --nocapture`),
//! the paragraphs it got wrong and a duplicate-threshold sweep.

use ficshelf_analyze::eval::{self, EvalSet, Report};
use ficshelf_analyze::minhash::DEFAULT_THRESHOLD;
use std::path::Path;

fn set() -> EvalSet {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    eval::load(&dir).expect("evaluation set loads")
}

#[test]
fn voice_scores_hold_their_floors() {
    let set = set();
    let report = Report::new(eval::score_voice(&set, DEFAULT_THRESHOLD).expect("duplicates load"));
    println!("{}", eval::full_report(&set).expect("duplicates load"));
    for ch in &set.chapters {
        let got = ficshelf_analyze::pov::analyze(&ch.paragraphs);
        for (i, (p, g)) in got.paragraphs.iter().zip(&ch.gold.pov).enumerate() {
            if p.label() != g {
                println!(
                    "{} #{i}: got {} want {g}: {:.70}",
                    ch.name,
                    p.label(),
                    ch.paragraphs[i]
                );
            }
        }
    }
    let get = |task: &str| report.get(task).cloned().expect("task scored");
    // The floor.
    assert!(get("pov paragraphs").f1 >= 0.85, "POV paragraph accuracy");
    // Floors below measurement (see the report printed above).
    let mono = get("interior monologue");
    assert!(mono.precision >= 0.85 && mono.recall >= 0.8, "{mono:?}");
    assert!(get("language").f1 >= 0.9, "language accuracy");
    let dups = get("duplicates");
    assert!(dups.precision >= 1.0 && dups.recall >= 0.875, "{dups:?}");
    assert!(dups.support >= 8, "at least 8 same-story pairs");
}

#[test]
fn duplicate_threshold_sweep() {
    let set = set();
    let (_, outcomes) = eval::score_duplicates(&set, DEFAULT_THRESHOLD).expect("duplicates load");
    for o in &outcomes {
        println!(
            "dup {} | {} same={} found={} sim={:.2}",
            o.a, o.b, o.same, o.found, o.similarity
        );
    }
    for t in [0.5, 0.6, 0.7, 0.8, 0.9] {
        let (s, _) = eval::score_duplicates(&set, t).expect("duplicates load");
        println!(
            "threshold {t:.1}: precision {:.3} recall {:.3}",
            s.precision, s.recall
        );
    }
    let lowest_same = outcomes
        .iter()
        .filter(|o| o.same)
        .map(|o| o.similarity)
        .fold(1.0, f64::min);
    let highest_different = outcomes
        .iter()
        .filter(|o| !o.same)
        .map(|o| o.similarity)
        .fold(0.0, f64::max);
    assert!(highest_different < DEFAULT_THRESHOLD, "{highest_different}");
    assert!(
        lowest_same > highest_different,
        "{lowest_same} vs {highest_different}"
    );
}

#[test]
fn fast_word_count_agrees_on_the_eval_set() {
    for ch in &set().chapters {
        for p in &ch.paragraphs {
            assert_eq!(
                ficshelf_analyze::stats::words(p),
                ficshelf_model::count_words(p),
                "{p}"
            );
        }
    }
}
