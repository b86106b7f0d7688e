//! Latency statistics, the table and the final JSON line of
//! `ficshelf-bench search`.

use super::queries::Class;
use super::SearchRun;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::time::Duration;

/// p50, p99 and mean of one engine over one class, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p99: f64,
    pub mean: f64,
}

impl Latency {
    /// Nearest-rank percentiles of `samples`.
    pub fn of(samples: &[Duration]) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let rank = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
        Latency {
            p50: rank(0.50),
            p99: rank(0.99),
            mean: ms.iter().sum::<f64>() / ms.len() as f64,
        }
    }
}

/// One class measured on both engines.
#[derive(Debug, Clone)]
pub struct ClassResult {
    pub class: Class,
    pub queries: usize,
    pub ficshelf: Latency,
    pub fts5: Latency,
    /// Queries whose `total` differs between the engines.
    pub total_differs: usize,
    /// Mean `total` per engine.
    pub ficshelf_mean_total: f64,
    pub fts5_mean_total: f64,
    /// First few differing queries: `query: ficshelf vs fts5`.
    pub examples: Vec<String>,
}

impl ClassResult {
    /// FTS5 p50 / Ficshelf p50.
    pub fn speedup_p50(&self) -> f64 {
        if self.ficshelf.p50 > 0.0 {
            self.fts5.p50 / self.ficshelf.p50
        } else {
            0.0
        }
    }
}

fn mb_s(bytes: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Prints the throughput lines and the latency table.
pub fn print_table(run: &SearchRun) {
    let mb = run.corpus_bytes as f64 / 1e6;
    println!(
        "works: {} imported ({} MB of files, {} MB of indexed text; {} skipped)",
        run.works,
        round(mb, 1),
        round(run.text_bytes as f64 / 1e6, 1),
        run.skipped
    );
    println!(
        "ficshelf import+index: {:>8.1} s  {:>6.1} MB/s  {:>7.1} works/s",
        run.import_seconds,
        mb_s(run.corpus_bytes, run.import_seconds),
        run.works as f64 / run.import_seconds.max(1e-9)
    );
    println!(
        "raw tantivy index:     {:>8.1} s  {:>6.1} MB/s  (then {:.1} s of merges, untimed); import = {:.0}% of raw",
        run.raw.seconds,
        mb_s(run.corpus_bytes, run.raw.seconds),
        run.raw.merge_seconds,
        100.0 * run.raw.seconds / run.import_seconds.max(1e-9)
    );
    println!(
        "sqlite fts5 load:      {:>8.1} s  {:>6.1} MB/s  (reading works back from the library: {:.1} s)",
        run.fts_load_seconds,
        mb_s(run.corpus_bytes, run.fts_load_seconds),
        run.read_back_seconds
    );
    println!();
    println!(
        "{:<20} {:>5} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>8} | totals differ (mean ficshelf / fts5)",
        "class", "n", "fs p50", "fs p99", "fs mean", "fts p50", "fts p99", "fts mean", "fts/fs"
    );
    for c in &run.classes {
        println!(
            "{:<20} {:>5} | {:>9.2} {:>9.2} {:>9.2} | {:>9.2} {:>9.2} {:>9.2} | {:>7.1}x | {} ({:.0} / {:.0})",
            c.class.key(),
            c.queries,
            c.ficshelf.p50,
            c.ficshelf.p99,
            c.ficshelf.mean,
            c.fts5.p50,
            c.fts5.p99,
            c.fts5.mean,
            c.speedup_p50(),
            c.total_differs,
            c.ficshelf_mean_total,
            c.fts5_mean_total
        );
    }
    println!("(ms; fs = Ficshelf `Library::search`; text classes differ by design: Ficshelf stems, FTS5 unicode61 does not)");
    for c in run.classes.iter().filter(|c| !c.examples.is_empty()) {
        let label = if c.class.filter_only() {
            "MISMATCH"
        } else {
            "differs"
        };
        for example in &c.examples {
            println!("{label} {}: {example}", c.class.key());
        }
    }
}

/// One class in the JSON line.
#[derive(Serialize)]
struct ClassJson {
    queries: usize,
    ficshelf_p50_ms: f64,
    ficshelf_p99_ms: f64,
    ficshelf_mean_ms: f64,
    fts5_p50_ms: f64,
    fts5_p99_ms: f64,
    fts5_mean_ms: f64,
    speedup_p50: f64,
    /// Filter-only classes: a mismatch is a bug in one engine.
    #[serde(skip_serializing_if = "Option::is_none")]
    total_mismatches: Option<usize>,
    /// Text classes: differences come from the analyzers.
    #[serde(skip_serializing_if = "Option::is_none")]
    totals_differ: Option<usize>,
}

/// Classes as a JSON object in report order.
struct Classes<'a>(&'a [ClassResult]);

impl Serialize for Classes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for c in self.0 {
            let filter_only = c.class.filter_only();
            let entry = ClassJson {
                queries: c.queries,
                ficshelf_p50_ms: round(c.ficshelf.p50, 3),
                ficshelf_p99_ms: round(c.ficshelf.p99, 3),
                ficshelf_mean_ms: round(c.ficshelf.mean, 3),
                fts5_p50_ms: round(c.fts5.p50, 3),
                fts5_p99_ms: round(c.fts5.p99, 3),
                fts5_mean_ms: round(c.fts5.mean, 3),
                speedup_p50: round(c.speedup_p50(), 2),
                total_mismatches: filter_only.then_some(c.total_differs),
                totals_differ: (!filter_only).then_some(c.total_differs),
            };
            map.serialize_entry(c.class.key(), &entry)?;
        }
        map.end()
    }
}

/// The JSON line, fields in this order.
#[derive(Serialize)]
struct Line<'a> {
    bench: &'static str,
    works: u64,
    bytes: u64,
    import_mb_s: f64,
    import_works_s: f64,
    raw_tantivy_mb_s: f64,
    import_pct_of_raw: f64,
    fts5_load_mb_s: f64,
    classes: Classes<'a>,
}

/// The final JSON line.
pub fn json_line(run: &SearchRun) -> String {
    let import_mb_s = mb_s(run.corpus_bytes, run.import_seconds);
    let raw_mb_s = mb_s(run.corpus_bytes, run.raw.seconds);
    let line = Line {
        bench: "search",
        works: run.works,
        bytes: run.corpus_bytes,
        import_mb_s: round(import_mb_s, 2),
        import_works_s: round(run.works as f64 / run.import_seconds.max(1e-9), 1),
        raw_tantivy_mb_s: round(raw_mb_s, 2),
        import_pct_of_raw: round(100.0 * import_mb_s / raw_mb_s.max(1e-9), 1),
        fts5_load_mb_s: round(mb_s(run.corpus_bytes, run.fts_load_seconds), 2),
        classes: Classes(&run.classes),
    };
    match serde_json::to_string(&line) {
        Ok(text) => text,
        Err(err) => format!(r#"{{"bench":"search","error":"{err}"}}"#),
    }
}
