//! Throughput of the name finder: characters, pairings and fandoms over the
//! evaluation set's chapters, repeated into a large text.
//!
//! ```sh
//! cargo run --release -p ficshelf-analyze --example names_speed [MEGABYTES [CHAPTERS_PER_WORK]]
//! ```

use std::path::Path;
use std::time::Instant;

use ficshelf_analyze::characters::{suggest_names, CharacterLists, WorkText};
use ficshelf_analyze::eval;

fn main() {
    let arg = |n: usize, default: usize| match std::env::args().nth(n).map(|a| a.parse()) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            eprintln!("arguments are whole numbers (MEGABYTES CHAPTERS_PER_WORK): {e}");
            std::process::exit(2);
        }
        None => default,
    };
    let megabytes: usize = arg(1, 20);
    let per_work: usize = arg(2, 1).max(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    let set = match eval::load(&dir) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("cannot load {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    // Works of `per_work` chapters each, cycling through the set until the
    // target size.
    let mut works: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut chapters = 0;
    let mut bytes = 0usize;
    'fill: loop {
        for chapter in &set.chapters {
            current.extend(chapter.paragraphs.iter().map(String::as_str));
            bytes += chapter
                .paragraphs
                .iter()
                .map(|p| p.len() + 2)
                .sum::<usize>();
            chapters += 1;
            if chapters % per_work == 0 {
                works.push(std::mem::take(&mut current));
            }
            if bytes >= megabytes * 1_000_000 {
                break 'fill;
            }
        }
    }
    if !current.is_empty() {
        works.push(current);
    }
    let lists = CharacterLists::builtin();
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let mut found = 0usize;
    for paragraphs in &works {
        let work = WorkText {
            paragraphs,
            notes: &[],
            stated_characters: &[],
            ..WorkText::default()
        };
        found += suggest_names(&work, &lists).characters.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} works, {mb:.1} MB in {secs:.3} s wall: {:.1} MB/s ({found} characters suggested)",
        works.len(),
        mb / secs,
    );
    if let (Some(a), Some(b)) = (cpu_start, cpu_seconds()) {
        println!(
            "{:.3} s on the CPU: {:.1} MB per CPU-second (what one uncontended core does)",
            b - a,
            mb / (b - a)
        );
    }
}

/// Time this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`),
/// so the figure holds on a busy machine; `None` where that file is missing.
fn cpu_seconds() -> Option<f64> {
    let text = match std::fs::read_to_string("/proc/thread-self/schedstat") {
        Ok(text) => text,
        Err(e) => {
            eprintln!("no CPU time available ({e}); wall time only");
            return None;
        }
    };
    let ns: f64 = match text.split_whitespace().next().map(str::parse) {
        Some(Ok(ns)) => ns,
        _ => return None,
    };
    Some(ns / 1e9)
}
