//! Floors on the name finder's scores over the labelled evaluation set
//! (`tests/fixtures/eval/`). Run with `--nocapture` to see the scores and
//! each chapter's misses and false positives.

use std::path::Path;

use ficshelf_analyze::characters::scan_names;
use ficshelf_analyze::eval::{self, names};

/// Pairings found from the text alone: measured 0.00 precision / 0.00
/// recall when this floor was set; the floor sits a little below.
const PAIRING_F1_FLOOR: f64 = 0.0;

#[test]
fn name_scores_hold_their_floors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    let set = match eval::load(&dir) {
        Ok(set) => set,
        Err(e) => panic!("cannot load the evaluation set: {e}"),
    };
    assert!(!set.chapters.is_empty(), "no chapters in {}", dir.display());
    for chapter in &set.chapters {
        let scan = scan_names(&chapter.paragraphs);
        let m = names::match_characters(chapter, &scan);
        if !m.false_positives.is_empty() || !m.missed.is_empty() {
            println!(
                "{}: false positives {:?}, missed {:?}",
                chapter.name, m.false_positives, m.missed
            );
        }
    }
    let scores = names::score(&set.chapters);
    for s in &scores {
        println!(
            "{:<12} precision {:.3} recall {:.3} f1 {:.3} (support {})",
            s.task, s.precision, s.recall, s.f1, s.support
        );
    }
    let characters = &scores[0];
    assert!(
        characters.recall >= 0.9,
        "character recall {:.3}",
        characters.recall
    );
    assert!(
        characters.precision >= 0.8,
        "character precision {:.3}",
        characters.precision
    );
    assert!(
        scores[1].f1 >= PAIRING_F1_FLOOR,
        "pairing f1 {:.3}",
        scores[1].f1
    );
}
