//! The human table and the final JSON line of `ficshelf-bench import`.

use super::monitor::{kb_to_mb, rss_at, sampled_parts_max};
use super::{AnalysisRound, ImportBench, ImportRun};
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
    println!("Ficshelf import benchmark ({})", b.format);
    println!("corpus    {}", b.corpus.display());
    println!(
        "input     {:.1} MB in {} files; {} works in the manifest",
        mb(b.bytes),
        b.files,
        b.manifest_works.map_or("no".to_string(), |n| n.to_string())
    );
    println!(
        "decoding  {} UTF-8, {} UTF-16 (BOM), {} legacy (chardetng), {} EPUB (read and hashed only)",
        b.parallel.utf8, b.parallel.utf16, b.parallel.legacy, b.parallel.binary
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
    match &b.no_analysis {
        None => {}
        Some(Err(err)) => println!("ficshelf import, analysis off       FAILED: {err}"),
        Some(Ok(run)) => {
            println!();
            print_ficshelf(b, run);
        }
    }
    if let Some(a) = Analysis::of(b) {
        println!();
        print_analysis(&a);
    }
    if let Some(r) = Rounds::of(b) {
        println!();
        print_rounds(b, &r);
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
        if run.analyzed {
            "ficshelf import (with analysis)"
        } else {
            "ficshelf import, analysis off"
        },
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
    if let Some(cpu) = run.cpu_seconds {
        println!(
            "CPU time (getrusage, user + system, all threads): {:.2} s = {:.2} cores busy on average",
            cpu,
            cpu / run.seconds
        );
    }
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
    let (anon_max, file_max) = sampled_parts_max(&run.samples);
    println!(
        "memory by kind (sampled max): anonymous {:.1} MB, file-backed {:.1} MB",
        kb_to_mb(anon_max),
        kb_to_mb(file_max)
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
    object(&json_fields(b))
}

fn object(fields: &[(&str, Value)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(*k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn json_fields(b: &ImportBench) -> Vec<(&'static str, Value)> {
    let baseline = b.parallel.mb_per_s();
    let mut fields: Vec<(&'static str, Value)> = vec![
        ("bench", json!("import")),
        ("format", json!(b.format)),
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
            set("rss_before_mb", json!(round1(kb_to_mb(run.rss_before_kb))));
            let (anon_max, file_max) = sampled_parts_max(&run.samples);
            set("peak_anon_mb", json!(round1(kb_to_mb(anon_max))));
            set("peak_file_mb", json!(round1(kb_to_mb(file_max))));
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
            set(
                "words_per_s",
                words_per_s(b, run).map_or(Value::Null, |w| json!(w.round())),
            );
            set(
                "cpu_seconds",
                run.cpu_seconds.map_or(Value::Null, |c| json!(round3(c))),
            );
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
    if let Some(Ok(run)) = &b.no_analysis {
        set(
            "no_analysis",
            json!({
                "mb_s": round1(mb(b.bytes) / run.seconds),
                "works_per_s": round1(run.works_created as f64 / run.seconds),
                "seconds": round3(run.seconds),
                "cpu_seconds": run.cpu_seconds.map(round3),
                "peak_rss_mb": round1(kb_to_mb(run.peak_kb)),
                "rss_before_mb": round1(kb_to_mb(run.rss_before_kb)),
                "works_imported": run.works.len(),
            }),
        );
    }
    if let Some(r) = Rounds::of(b) {
        set(
            "analysis_rounds",
            json!({
                "wall_overhead_pct": r.wall_pct.iter().copied().map(round1).collect::<Vec<_>>(),
                "cpu_overhead_pct": r.cpu_pct.iter().copied().map(round1).collect::<Vec<_>>(),
                "median_wall_overhead_pct": median(&r.wall_pct).map(round1),
                "median_cpu_overhead_pct": median(&r.cpu_pct).map(round1),
            }),
        );
    }
    if let Some(a) = Analysis::of(b) {
        set(
            "analysis",
            json!({
                "throughput_ratio_with_over_without": round3(a.throughput_ratio),
                "time_overhead_pct": round1(a.time_overhead_pct),
                "within_30_pct": a.time_overhead_pct <= 30.0,
                "cpu_seconds": a.cpu_seconds.map(round3),
                "mb_s_per_core": a.mb_s_per_core.map(round1),
                "mb_s_wall_difference": a.mb_s_wall.map(round1),
            }),
        );
    }
    set("corpus", json!(b.corpus.display().to_string()));
    fields
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn words_per_s(b: &ImportBench, run: &ImportRun) -> Option<f64> {
    b.manifest_words.map(|w| w as f64 / run.seconds)
}

/// Import with analysis compared with import without it (plain text).
#[derive(Debug, Clone, Copy)]
pub struct Analysis {
    pub mb: f64,
    pub with_seconds: f64,
    pub without_seconds: f64,
    /// MB/s with analysis / MB/s without.
    pub throughput_ratio: f64,
    /// How much longer the import took with analysis, in percent.
    pub time_overhead_pct: f64,
    /// CPU seconds with analysis minus CPU seconds without.
    pub cpu_seconds: Option<f64>,
    /// Input MB / [`Analysis::cpu_seconds`].
    pub mb_s_per_core: Option<f64>,
    /// Input MB / (wall seconds with − without), when positive.
    pub mb_s_wall: Option<f64>,
}

impl Analysis {
    pub fn of(b: &ImportBench) -> Option<Analysis> {
        let (Some(Ok(with)), Some(Ok(without))) = (&b.ficshelf, &b.no_analysis) else {
            return None;
        };
        let mb = mb(b.bytes);
        let cpu_seconds = with
            .cpu_seconds
            .zip(without.cpu_seconds)
            .map(|(w, wo)| w - wo);
        let wall = with.seconds - without.seconds;
        Some(Analysis {
            mb,
            with_seconds: with.seconds,
            without_seconds: without.seconds,
            throughput_ratio: without.seconds / with.seconds,
            time_overhead_pct: 100.0 * (with.seconds / without.seconds - 1.0),
            cpu_seconds,
            mb_s_per_core: cpu_seconds.filter(|c| *c > 0.0).map(|c| mb / c),
            mb_s_wall: (wall > 0.0).then(|| mb / wall),
        })
    }
}

/// The overhead over `--analysis-rounds` (the main pair included).
#[derive(Debug, Clone)]
pub struct Rounds {
    /// Per pair: wall-clock overhead in percent, CPU overhead in percent.
    pub wall_pct: Vec<f64>,
    pub cpu_pct: Vec<f64>,
}

impl Rounds {
    pub fn of(b: &ImportBench) -> Option<Rounds> {
        if b.analysis_rounds.is_empty() {
            return None;
        }
        let mut pairs: Vec<AnalysisRound> = b.analysis_rounds.clone();
        if let (Some(Ok(with)), Some(Ok(without))) = (&b.ficshelf, &b.no_analysis) {
            pairs.push(AnalysisRound {
                with_seconds: with.seconds,
                with_cpu: with.cpu_seconds,
                without_seconds: without.seconds,
                without_cpu: without.cpu_seconds,
            });
        }
        let pct = |with: f64, without: f64| 100.0 * (with / without - 1.0);
        Some(Rounds {
            wall_pct: pairs
                .iter()
                .map(|p| pct(p.with_seconds, p.without_seconds))
                .collect(),
            cpu_pct: pairs
                .iter()
                .filter_map(|p| Some(pct(p.with_cpu?, p.without_cpu?)))
                .collect(),
        })
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

fn print_rounds(b: &ImportBench, r: &Rounds) {
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:+.1}%"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "analysis overhead over {} pairs ({}): wall {} → median {:+.1}%; CPU {} → median {:+.1}% (the goal is within 30%)",
        r.wall_pct.len(),
        b.format,
        list(&r.wall_pct),
        median(&r.wall_pct).unwrap_or(f64::NAN),
        list(&r.cpu_pct),
        median(&r.cpu_pct).unwrap_or(f64::NAN),
    );
}

fn print_analysis(a: &Analysis) {
    println!(
        "analysis: import {:.2} s with, {:.2} s without: MB/s with / without = {:.3} ({:+.1}% time; the goal is within 30%)",
        a.with_seconds, a.without_seconds, a.throughput_ratio, a.time_overhead_pct
    );
    match (a.cpu_seconds, a.mb_s_per_core) {
        (Some(cpu), Some(rate)) => println!(
            "analysis throughput: {:.1} MB / {:.2} CPU s (CPU time with − without) = {:.1} MB/s per core (goal ≥ 1)",
            a.mb, cpu, rate
        ),
        (Some(cpu), None) => println!(
            "analysis throughput: CPU time with − without = {cpu:.2} s (not positive: noise larger than analysis)"
        ),
        _ => println!("analysis throughput: no CPU times (getrusage failed)"),
    }
    if let Some(wall) = a.mb_s_wall {
        println!(
            "  (wall-clock difference: {:.1} MB / {:.2} s = {:.1} MB/s, on all cores and noisy)",
            a.mb,
            a.with_seconds - a.without_seconds,
            wall
        );
    }
}

/// One row per format: the numbers issue #3 and #6 ask for, side by side.
pub fn print_summary(benches: &[ImportBench]) {
    println!("Summary (same run, same machine)");
    println!(
        "{:<22} {:>8} {:>7} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>9}",
        "import",
        "MB",
        "works",
        "seconds",
        "MB/s",
        "works/s",
        "Mwords/s",
        "peak MB",
        "start MB",
        "CPU s",
        "base MB/s"
    );
    for b in benches {
        for (label, run) in [("", &b.ficshelf), (", no analysis", &b.no_analysis)] {
            let Some(run) = run else { continue };
            let name = format!("{}{label}", b.format);
            match run {
                Err(_) => println!("{name:<22} FAILED"),
                Ok(run) => println!(
                    "{:<22} {:>8.1} {:>7} {:>8.2} {:>8.2} {:>8.1} {:>9.3} {:>8.1} {:>8.1} {:>8} {:>9.1}",
                    name,
                    mb(b.bytes),
                    run.works_created,
                    run.seconds,
                    mb(b.bytes) / run.seconds,
                    run.works_created as f64 / run.seconds,
                    words_per_s(b, run).unwrap_or(0.0) / 1e6,
                    kb_to_mb(run.peak_kb),
                    kb_to_mb(run.rss_before_kb),
                    run.cpu_seconds.map_or("-".to_string(), |c| format!("{c:.1}")),
                    b.parallel.mb_per_s()
                ),
            }
        }
    }
    for b in benches {
        if let Some(a) = Analysis::of(b) {
            print_analysis(&a);
        }
        if let Some(r) = Rounds::of(b) {
            print_rounds(b, &r);
        }
    }
    println!();
}

/// The JSON of several formats: `{"bench":"import","formats":{"txt":{…},…}}`.
pub fn json_all(benches: &[ImportBench]) -> String {
    if let [one] = benches {
        return json_line(one);
    }
    let parts: Vec<String> = benches
        .iter()
        .map(|b| {
            let fields: Vec<(&str, Value)> = json_fields(b)
                .into_iter()
                .filter(|(k, _)| *k != "bench")
                .collect();
            format!("{}:{}", Value::from(b.format.clone()), object(&fields))
        })
        .collect();
    format!(
        "{{\"bench\":\"import\",\"formats\":{{{}}}}}",
        parts.join(",")
    )
}

#[cfg(test)]
mod median_tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_no_values() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
