//! End-to-end cost of [`Analyzer::analyze`] (everything an import runs per
//! work) over multi-chapter works built from the evaluation set's chapters,
//! in MB per CPU second on one thread:
//! `cargo run --release -p ficshelf-analyze --example analyze_speed`.
//!
//! `--short` uses the set's short chapters as they are (many ~1–3 KB
//! chapters per work); the default joins them into ~20 KB chapters, ten
//! chapters per work, like typical long fics; `--mb N` sets the amount of
//! text (default 20 MB). `--dir DIR` analyses the `.txt` files under DIR
//! instead (each folder's files one work, each file a chapter; e.g. a
//! corpus from `ficshelf-corpus`). `--check` prints a digest of
//! every result so two builds can be compared for identical output.

use ficshelf_analyze::characters::CharacterLists;
use ficshelf_analyze::{eval, Analyzer};
use ficshelf_model::{Chapter, ChapterBody, Notes, Work};
use std::hash::{Hash, Hasher};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// CPU seconds used by this thread (Linux `/proc/thread-self/stat`, clock
/// ticks of 1/100 s); None elsewhere.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let utime = fields.next()?.parse::<f64>().ok()?;
    let stime = fields.next()?.parse::<f64>().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() -> Result<(), eval::EvalError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/eval");
    let set = eval::load(&dir)?;
    let short = std::env::args().any(|a| a == "--short");
    let check = std::env::args().any(|a| a == "--check");
    let args: Vec<String> = std::env::args().collect();
    let dir_arg = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1));
    let mut chapters: Vec<String> = vec![String::new()];
    let mut per_folder: Vec<usize> = Vec::new();
    if let Some(dir) = dir_arg {
        (chapters, per_folder) = read_dir(Path::new(dir))?;
    }
    for ch in set.chapters.iter().filter(|_| dir_arg.is_none()) {
        if !short && chapters.last().map_or(0, String::len) < 20_000 {
            // keep joining
        } else {
            chapters.push(String::new());
        }
        if let Some(last) = chapters.last_mut() {
            for p in &ch.paragraphs {
                last.push_str(p);
                last.push_str("\n\n");
            }
        }
    }
    chapters.retain(|c| !c.is_empty());
    let per_work = if short { 8 } else { 10 };
    if per_folder.is_empty() {
        per_folder = chapters.chunks(per_work).map(<[String]>::len).collect();
    }
    let mut works: Vec<(Work, Vec<ChapterBody>)> = Vec::new();
    let mut rest = chapters.as_slice();
    for (i, &n) in per_folder.iter().enumerate() {
        let (group, tail) = rest.split_at(n);
        rest = tail;
        let mut work = Work::new(i.to_string(), format!("Work {i}"));
        for (n, text) in group.iter().enumerate() {
            // As import stores it (analysis then does not count again).
            let words = ChapterBody::from_text(text).words();
            work.chapters.push(Chapter {
                number: n as u32 + 1,
                title: None,
                words,
                notes: Notes::default(),
                sources: Vec::new(),
            });
        }
        let bodies = group.iter().map(|t| ChapterBody::from_text(t)).collect();
        works.push((work, bodies));
    }
    let bytes: usize = chapters.iter().map(String::len).sum();
    let analyzer = Analyzer::new(CharacterLists::builtin());
    if check {
        for (work, bodies) in &works {
            let a = analyzer.analyze(work, bodies);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            format!("{:?}", a.suggested).hash(&mut h);
            a.signature.hash(&mut h);
            println!("work {} {:016x}", work.id, h.finish());
        }
    }
    // `--mb N`: about N MB of text (default 20).
    let target_mb = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1)?.parse::<usize>().ok())
        .unwrap_or(20);
    let rounds = (target_mb * 1_000_000 / bytes.max(1)).max(1);
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} works, {} chapters, {:.1} KB, {rounds} rounds, {mb:.1} MB",
        works.len(),
        chapters.len(),
        bytes as f64 / 1e3
    );
    let start = Instant::now();
    let cpu_start = cpu_secs();
    for _ in 0..rounds {
        for (work, bodies) in &works {
            black_box(analyzer.analyze(work, bodies));
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let secs = match (cpu_start, cpu_secs()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    println!(
        "analyze  {:>8.1} MB per CPU second ({secs:.2} CPU-s; {:.1} MB/s wall clock)",
        mb / secs,
        mb / wall
    );
    Ok(())
}

/// The `.txt` files under `dir` as chapters (sorted by path), and how many
/// each folder holds (a work per folder).
fn read_dir(dir: &Path) -> Result<(Vec<String>, Vec<usize>), eval::EvalError> {
    let mut folders = vec![dir.to_path_buf()];
    let mut chapters = Vec::new();
    let mut counts = Vec::new();
    while let Some(folder) = folders.pop() {
        let read = |e: std::io::Error| eval::EvalError::Io {
            path: folder.clone(),
            source: e,
        };
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .map_err(read)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(read)?;
        entries.sort();
        let mut n = 0;
        for path in entries {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let bytes = std::fs::read(&path).map_err(read)?;
                chapters.push(String::from_utf8_lossy(&bytes).into_owned());
                n += 1;
            }
        }
        if n > 0 {
            counts.push(n);
        }
    }
    Ok((chapters, counts))
}
