//! Floors on the voice tasks of the evaluation set: point of view,
//! interior monologue, language and near-duplicates. Prints the report.

use ficshelf_analyze::eval::{self, Report};
use ficshelf_analyze::minhash::DEFAULT_THRESHOLD;
use std::path::Path;

#[test]
fn voice_scores_hold_their_floors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    let set = eval::load(&dir).expect("evaluation set loads");
    let report = Report::new(eval::score_voice(&set, DEFAULT_THRESHOLD).expect("duplicates load"));
    println!("{report}");
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
    let (_, outcomes) = eval::score_duplicates(&set, DEFAULT_THRESHOLD).expect("duplicates load");
    for o in &outcomes {
        println!(
            "dup {} {} same={} found={} sim={:.2}",
            o.a, o.b, o.same, o.found, o.similarity
        );
    }
    let score = |task: &str| report.get(task).map_or(0.0, |s| s.f1);
    assert!(
        score("pov paragraphs") >= 0.85,
        "POV accuracy below the issue's floor"
    );
}
