//! The human table and the final JSON line of `ficshelf-bench import`.

use super::monitor::{kb_to_mb, rss_at};
use super::{ImportBench, ImportRun};
use serde_json::{json, Value};

/// The fractions of input at which RSS is reported.
pub const FRACTIONS: [f64; 4] = [0.25, 0.5, 0.75, 1.0];

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Prints the human-readable report to stdout.
pub fn print_table(b: &ImportBench) {
    println!();
    println!("Ficshelf import benchmark");
    println!("corpus    {}", b.corpus.display());
    println!(
        "input     {:.1} MB in {} files; {} works in the manifest",
        mb(b.bytes),
        b.files,
        b.manifest_works.map_or("no".to_string(), |n| n.to_string())
    );
    println!(
        "decoding  {} UTF-8, {} UTF-16 (BOM), {} legacy (chardetng)",
        b.parallel.utf8, b.parallel.utf16, b.parallel.legacy
    );
    println!();
    println!(
        "{:<34} {:>9} {:>10} {:>10}",
        "phase", "seconds", "MB/s", "works/s"
    );
    let works = b.manifest_works.unwrap_or(0) as f64;
    for (name, base) in [
        ("baseline, first pass (cold?)".to_string(), &b.warmup),
        ("baseline, 1 thread".to_string(), &b.single),
        (
            format!("baseline, {} threads", b.parallel.threads),
            &b.parallel,
        ),
    ] {
        println!(
            "{:<34} {:>9.2} {:>10.1} {:>10.0}",
            name,
            base.seconds,
            base.mb_per_s(),
            works / base.seconds
        );
    }
    match &b.ficshelf {
        None => println!("ficshelf import                    skipped (--baseline-only)"),
        Some(Err(err)) => println!("ficshelf import                    FAILED: {err}"),
        Some(Ok(run)) => print_ficshelf(b, run),
    }
    if let Some(v) = &b.verification {
        println!();
        println!(
            "correctness: {} works imported, {} in the manifest{}",
            v.library_works,
            v.manifest_works,
            if v.library_works == v.manifest_works {
                " (match)"
            } else {
                " (MISMATCH)"
            }
        );
        println!(
            "sample of {}: found {:.1}%, title {:.1}%, authors {:.1}%, rating {:.1}%, chapters {:.1}%, files grouped {:.1}%; all fields {:.1}%",
            v.sampled,
            v.rate(v.found),
            v.rate(v.title),
            v.rate(v.authors),
            v.rate(v.rating),
            v.rate(v.chapters),
            v.rate(v.grouped),
            v.rate(v.all)
        );
        let styles: Vec<String> = v
            .by_style
            .iter()
            .map(|(s, (n, ok))| format!("{s} {ok}/{n}"))
            .collect();
        println!("all fields right, by header style: {}", styles.join(", "));
        if !v.mismatches.is_empty() {
            println!("first mismatches:");
            for m in &v.mismatches {
                println!("  {m}");
            }
        }
    }
    println!();
}

fn print_ficshelf(b: &ImportBench, run: &ImportRun) {
    let mb_s = mb(b.bytes) / run.seconds;
    println!(
        "{:<34} {:>9.2} {:>10.1} {:>10.0}",
        "ficshelf import",
        run.seconds,
        mb_s,
        run.works_created as f64 / run.seconds
    );
    println!(
        "ratio ficshelf / baseline ({} threads): {:.3}   (library opened in {:.3} s)",
        b.parallel.threads,
        mb_s / b.parallel.mb_per_s(),
        run.open_seconds
    );
    println!(
        "import report: {} files, {:.1} MB read, {} works created, {} updated, {} files unchanged, {} chapters, {} skipped",
        run.files_read,
        mb(run.bytes_read),
        run.works_created,
        run.works_updated,
        run.files_unchanged,
        run.chapters,
        run.skipped
    );
    for s in &run.first_skipped {
        println!("  skipped {s}");
    }
    let sampled_max = run.samples.iter().map(|s| s.rss_kb).max().unwrap_or(0);
    println!(
        "memory: RSS {:.1} MB before import; peak (VmHWM{}) {:.1} MB; sampled max {:.1} MB over {} samples",
        kb_to_mb(run.rss_before_kb),
        if run.peak_reset { ", reset before import" } else { ", whole process" },
        kb_to_mb(run.peak_kb),
        kb_to_mb(sampled_max),
        run.samples.len()
    );
    let total = progress_total(b, run);
    let at = rss_at(&run.samples, total, &FRACTIONS);
    let cells: Vec<String> = FRACTIONS
        .iter()
        .zip(&at)
        .map(|(f, r)| match r {
            Some((now, max)) => format!(
                "{:.0}%: {:.1} MB (max so far {:.1})",
                f * 100.0,
                kb_to_mb(*now),
                kb_to_mb(*max)
            ),
            None => format!("{:.0}%: -", f * 100.0),
        })
        .collect();
    println!("RSS by input read: {}", cells.join(", "));
}

/// The byte count progress is measured against: what the observer saw, else
/// the corpus size.
fn progress_total(b: &ImportBench, run: &ImportRun) -> u64 {
    let seen = run.samples.last().map_or(0, |s| s.done_bytes);
    if seen > 0 && seen != b.bytes {
        seen
    } else {
        b.bytes
    }
}

/// The one-line JSON summary, keys in a fixed order (`bench`, `bytes`,
/// `files`, `works`, the throughputs, memory, then details).
pub fn json_line(b: &ImportBench) -> String {
    let baseline = b.parallel.mb_per_s();
    let mut fields: Vec<(&str, Value)> = vec![
        ("bench", json!("import")),
        ("bytes", json!(b.bytes)),
        ("files", json!(b.files)),
        ("works", json!(b.manifest_works)),
        ("baseline_mb_s", json!(round1(baseline))),
        ("ficshelf_mb_s", Value::Null),
        ("ratio_to_baseline", Value::Null),
        ("peak_rss_mb", Value::Null),
        ("rss_mb_at", Value::Null),
    ];
    let mut set = |key: &'static str, value: Value| match fields.iter_mut().find(|(k, _)| *k == key)
    {
        Some(slot) => slot.1 = value,
        None => fields.push((key, value)),
    };
    match &b.ficshelf {
        Some(Ok(run)) => {
            let mb_s = mb(b.bytes) / run.seconds;
            let at: Vec<Value> = rss_at(&run.samples, progress_total(b, run), &FRACTIONS)
                .into_iter()
                .map(|r| r.map_or(Value::Null, |(now, _)| json!(round1(kb_to_mb(now)))))
                .collect();
            set("ficshelf_mb_s", json!(round1(mb_s)));
            set(
                "ratio_to_baseline",
                json!((mb_s / baseline * 1000.0).round() / 1000.0),
            );
            set("peak_rss_mb", json!(round1(kb_to_mb(run.peak_kb))));
            set("rss_mb_at", json!(at));
            set(
                "works_per_s",
                json!(round1(run.works_created as f64 / run.seconds)),
            );
            set(
                "ficshelf_seconds",
                json!((run.seconds * 1000.0).round() / 1000.0),
            );
            set("works_imported", json!(run.works.len()));
            set("skipped", json!(run.skipped));
        }
        Some(Err(err)) => set("error", json!(err)),
        None => {}
    }
    set("baseline_1t_mb_s", json!(round1(b.single.mb_per_s())));
    set("threads", json!(b.parallel.threads));
    if let Some(ver) = &b.verification {
        set(
            "match",
            json!({
                "sampled": ver.sampled,
                "title": round1(ver.rate(ver.title)),
                "authors": round1(ver.rate(ver.authors)),
                "rating": round1(ver.rate(ver.rating)),
                "chapters": round1(ver.rate(ver.chapters)),
                "grouped": round1(ver.rate(ver.grouped)),
                "all": round1(ver.rate(ver.all)),
                "works_count_ok": ver.library_works == ver.manifest_works,
            }),
        );
    }
    set("corpus", json!(b.corpus.display().to_string()));
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(*k)))
        .collect();
    format!("{{{}}}", body.join(","))
}
