//! Throughput of the voice analyses (stats, language, POV, rating,
//! MinHash) over the evaluation set's chapters, in MB/s on one core:
//! `cargo run --release -p ficshelf-analyze --example voice_speed [-- --long]`.

use ficshelf_analyze::{eval, language::LanguageDetector, minhash, pov, rating, stats};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// CPU seconds used by this thread (Linux `/proc/thread-self/stat`, in
/// clock ticks of 1/100 s), so the rate holds on a busy machine; None
/// elsewhere.
fn cpu_secs() -> Option<f64> {
    let stat = match std::fs::read_to_string("/proc/thread-self/stat") {
        Ok(stat) => stat,
        Err(_) => return None,
    };
    // Fields after the command name (which ends with ')'): utime is the
    // 12th, stime the 13th.
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    match (fields.next()?.parse::<f64>(), fields.next()?.parse::<f64>()) {
        (Ok(utime), Ok(stime)) => Some((utime + stime) / 100.0),
        // Not the layout expected: fall back to wall-clock time.
        _ => None,
    }
}

fn main() -> Result<(), eval::EvalError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    let set = eval::load(&dir)?;
    let small: Vec<Vec<String>> = set.chapters.iter().map(|c| c.paragraphs.clone()).collect();
    // Real chapters run to several thousand words; the set's are short.
    // `--long` joins consecutive chapters into ~20 KB ones.
    let chapters = if std::env::args().any(|a| a == "--long") {
        let mut out: Vec<Vec<String>> = vec![Vec::new()];
        for ch in &small {
            let size: usize = out.last().map_or(0, |c| c.iter().map(String::len).sum());
            if size > 20_000 {
                out.push(Vec::new());
            }
            if let Some(last) = out.last_mut() {
                last.extend(ch.iter().cloned());
            }
        }
        out
    } else {
        small
    };
    let bytes: usize = chapters.iter().flatten().map(|p| p.len() + 2).sum();
    let detector = LanguageDetector::new();
    let scorer = rating::Scorer::new();
    // Enough rounds for about 20 MB of text.
    let rounds = (20_000_000 / bytes.max(1)).max(1);
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} chapters, {:.1} KB, {rounds} rounds, {mb:.1} MB per task",
        chapters.len(),
        bytes as f64 / 1e3
    );
    let mut total = 0.0;
    let mut time = |name: &str, counts: bool, f: &dyn Fn(&[String])| {
        let start = Instant::now();
        let cpu_start = cpu_secs();
        for _ in 0..rounds {
            for ch in &chapters {
                f(ch);
            }
        }
        let wall = start.elapsed().as_secs_f64();
        let secs = match (cpu_start, cpu_secs()) {
            (Some(a), Some(b)) if b > a => b - a,
            _ => wall,
        };
        if counts {
            total += secs;
        }
        println!(
            "{name:<9} {:>8.1} MB/s per CPU second ({:.1} MB/s wall clock)",
            mb / secs,
            mb / wall
        );
    };
    time("stats", true, &|ch| {
        black_box(stats::paragraph_stats(ch));
    });
    time("words", false, &|ch| {
        // count_words alone, for scale (stats uses a faster equal count)
        black_box(
            ch.iter()
                .map(|p| ficshelf_model::count_words(p))
                .sum::<u64>(),
        );
    });
    time("quotes", false, &|ch| {
        for p in ch {
            stats::for_each_span(p, |t, d| {
                black_box((t, d));
            });
        }
    });
    time("language", true, &|ch| {
        black_box(detector.detect_paragraphs(ch));
    });
    time("pov", true, &|ch| {
        black_box(pov::analyze(ch));
    });
    time("rating", true, &|ch| {
        black_box(rating::suggest(&scorer.scan(ch)));
    });
    time("minhash", true, &|ch| {
        black_box(minhash::signature(&ch.join("\n\n")));
    });
    println!(
        "{:<9} {:>8.1} MB/s (stats, language, pov, rating and minhash in turn)",
        "all five",
        mb / total
    );
    Ok(())
}
