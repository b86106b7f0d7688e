//! What a scale run measured per size, its table and its JSON line
//! (`{"bench":"ficshelf-scale","sizes":[…]}`; memory in KiB, times in
//! seconds, latencies in milliseconds).

use super::process::{ChildRun, Memory, Peaks};
use super::sizes::Size;
use super::urls::{Kind, Plan};
use super::Answered;
use crate::corpus::{Length, ManifestEntry, MANIFEST};
use crate::search_bench::report::Latency;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;

/// Failed requests listed per kind.
const FAILURES_LISTED: usize = 3;
/// Slowest requests kept per kind, so that a p99 can be traced to its URLs.
const SLOWEST_LISTED: usize = 5;

/// One size's results.
#[derive(Debug, Clone, Serialize)]
pub struct SizeRun {
    pub size: String,
    pub works_asked: u64,
    #[serde(serialize_with = "length_name")]
    pub length: Length,
    /// Why the size was not measured (disk too full).
    pub skipped: Option<String>,
    /// What went wrong, if the size failed.
    pub error: Option<String>,
    /// Load averages (1, 5, 15 min) before and after.
    pub load_before: String,
    pub load_after: String,
    pub corpus: Option<CorpusRun>,
    pub import: Option<ImportRun>,
    pub library_bytes: u64,
    /// Title, summary, tags and story text read back from the library.
    pub text_bytes: u64,
    pub fts5_load_seconds: Option<f64>,
    pub fts5_bytes: Option<u64>,
    pub server: Option<ServerRun>,
    pub kinds: Vec<KindRun>,
}

fn length_name<S: serde::Serializer>(length: &Length, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match length {
        Length::Standard => "standard",
        Length::Short => "short",
    })
}

impl SizeRun {
    pub fn new(size: &Size, short_works: bool) -> SizeRun {
        SizeRun {
            size: size.label.clone(),
            works_asked: size.works,
            length: size.length(short_works),
            skipped: None,
            error: None,
            load_before: String::new(),
            load_after: String::new(),
            corpus: None,
            import: None,
            library_bytes: 0,
            text_bytes: 0,
            fts5_load_seconds: None,
            fts5_bytes: None,
            server: None,
            kinds: Vec::new(),
        }
    }

    pub fn failed(size: &Size, short_works: bool, error: String) -> SizeRun {
        SizeRun {
            error: Some(error),
            ..SizeRun::new(size, short_works)
        }
    }

    pub fn length_name(&self) -> &'static str {
        match self.length {
            Length::Standard => "standard",
            Length::Short => "short",
        }
    }

    /// Requests that did not answer `200`, over every kind.
    pub fn failed_requests(&self) -> usize {
        self.kinds.iter().map(|k| k.failed).sum()
    }
}

/// The generated corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusRun {
    pub works: u64,
    pub files: u64,
    pub bytes: u64,
    pub words: u64,
    /// `None` when an existing corpus was reused.
    pub generate_seconds: Option<f64>,
}

impl CorpusRun {
    /// The totals of an existing corpus, from its manifest.
    pub fn read(corpus: &Path) -> Result<CorpusRun> {
        let path = corpus.join(MANIFEST);
        let file = std::fs::File::open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut run = CorpusRun {
            works: 0,
            files: 0,
            bytes: 0,
            words: 0,
            generate_seconds: None,
        };
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let entry: ManifestEntry = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: bad manifest line", path.display(), n + 1))?;
            run.works += 1;
            run.files += entry.files.len() as u64;
            run.bytes += entry.bytes;
            run.words += entry.words;
        }
        Ok(run)
    }
}

/// The import, measured from outside the `ficshelf import` process.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRun {
    pub exit_code: Option<i32>,
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub works: u64,
    pub mb_s: f64,
    pub works_s: f64,
    /// Corpus MB per CPU second (user + system).
    pub mb_per_cpu_s: f64,
    /// Peak RSS from the kernel (`VmHWM` at exit), KiB.
    pub vm_hwm: u64,
    /// Peaks of the samples taken every 100 ms, KiB.
    pub sampled: Peaks,
}

impl ImportRun {
    pub fn new(run: &ChildRun, corpus_bytes: u64, works: u64) -> ImportRun {
        let per = |amount: f64, seconds: f64| if seconds > 0.0 { amount / seconds } else { 0.0 };
        let mb = corpus_bytes as f64 / 1e6;
        ImportRun {
            exit_code: run.code,
            seconds: run.seconds,
            cpu_seconds: run.cpu_seconds,
            works,
            mb_s: per(mb, run.seconds),
            works_s: per(works as f64, run.seconds),
            mb_per_cpu_s: per(mb, run.cpu_seconds),
            vm_hwm: run.hwm,
            sampled: run.sampled,
        }
    }
}

/// `ficshelf serve`, measured from outside.
#[derive(Debug, Clone, Serialize)]
pub struct ServerRun {
    /// Spawn to the first `200` on `/works`.
    pub cold_start_seconds: f64,
    pub after_warm_up: Memory,
    pub after_requests: Memory,
}

/// One kind of request.
#[derive(Debug, Clone, Serialize)]
pub struct KindRun {
    #[serde(serialize_with = "kind_key")]
    pub kind: Kind,
    pub requests: usize,
    /// Requests that did not answer `200`.
    pub failed: usize,
    pub failures: Vec<String>,
    /// Latency of every request of the kind that answered `200`.
    pub ficshelf: Latency,
    pub mean_bytes: f64,
    /// The same searches on SQLite FTS5.
    pub fts5: Option<Latency>,
    /// The slowest requests that answered `200`, slowest first.
    pub slowest: Vec<Slow>,
}

/// One slow request: its path and time.
#[derive(Debug, Clone, Serialize)]
pub struct Slow {
    pub path: String,
    pub ms: f64,
}

fn kind_key<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.key())
}

impl KindRun {
    /// The answers to `plan`'s measured probes of `kind` (`answers` are in
    /// the plan's order).
    pub fn new(kind: Kind, plan: &Plan, answers: &[Answered]) -> KindRun {
        let mut slowest: Vec<Slow> = plan
            .measured
            .iter()
            .zip(answers)
            .filter(|(probe, answer)| probe.kind == kind && answer.failure.is_none())
            .map(|(probe, answer)| Slow {
                path: probe.path.clone(),
                ms: answer.elapsed.as_secs_f64() * 1e3,
            })
            .collect();
        slowest.sort_by(|a, b| b.ms.total_cmp(&a.ms));
        slowest.truncate(SLOWEST_LISTED);
        let mine: Vec<&Answered> = plan
            .measured
            .iter()
            .zip(answers)
            .filter(|(probe, _)| probe.kind == kind)
            .map(|(_, answer)| answer)
            .collect();
        let ok: Vec<&&Answered> = mine.iter().filter(|a| a.failure.is_none()).collect();
        let times: Vec<Duration> = ok.iter().map(|a| a.elapsed).collect();
        KindRun {
            kind,
            requests: mine.len(),
            failed: mine.len() - ok.len(),
            failures: mine
                .iter()
                .filter_map(|a| a.failure.clone())
                .take(FAILURES_LISTED)
                .collect(),
            ficshelf: Latency::of(&times),
            mean_bytes: ok.iter().map(|a| a.bytes as f64).sum::<f64>() / ok.len().max(1) as f64,
            fts5: None,
            slowest,
        }
    }

    /// FTS5 p50 / Ficshelf p50.
    pub fn speedup_p50(&self) -> Option<f64> {
        let fts5 = self.fts5?;
        (self.ficshelf.p50 > 0.0).then(|| fts5.p50 / self.ficshelf.p50)
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Prints one size's table (`speedup`: FTS5 p50 ÷ Ficshelf p50).
pub fn print_table(run: &SizeRun) {
    println!();
    println!(
        "== {} ({} works asked, {} works) · load {} → {}",
        run.size,
        run.works_asked,
        run.length_name(),
        run.load_before,
        run.load_after
    );
    if let Some(reason) = &run.skipped {
        println!("skipped: {reason}");
        return;
    }
    if let Some(error) = &run.error {
        println!("failed: {error}");
    }
    if let Some(corpus) = &run.corpus {
        println!(
            "corpus: {} works, {} files, {:.1} MB, {:.1} M words",
            corpus.works,
            corpus.files,
            corpus.bytes as f64 / 1e6,
            corpus.words as f64 / 1e6
        );
    }
    if let Some(import) = &run.import {
        println!(
            "import: {} works in {:.1} s ({:.1} CPU s): {:.2} MB/s, {:.1} works/s, {:.2} MB per CPU s; exit {:?}",
            import.works,
            import.seconds,
            import.cpu_seconds,
            import.mb_s,
            import.works_s,
            import.mb_per_cpu_s,
            import.exit_code
        );
        println!(
            "import memory: VmHWM {:.0} MiB; sampled peaks RSS {:.0} MiB, anonymous {:.0} MiB, file-backed {:.0} MiB ({} samples)",
            mib(import.vm_hwm),
            mib(import.sampled.rss),
            mib(import.sampled.anon),
            mib(import.sampled.file),
            import.sampled.samples
        );
        println!(
            "library: {:.1} MB on disk; FTS5: {}",
            run.library_bytes as f64 / 1e6,
            match (run.fts5_load_seconds, run.fts5_bytes) {
                (Some(s), Some(b)) => format!("loaded in {s:.1} s, {:.1} MB", b as f64 / 1e6),
                _ => "skipped".to_string(),
            }
        );
    }
    if let Some(server) = &run.server {
        let show = |m: &Memory| {
            format!(
                "RSS {:.0} MiB (anonymous {:.0}, file-backed {:.0}; VmHWM {:.0})",
                mib(m.rss),
                mib(m.anon),
                mib(m.file),
                mib(m.hwm)
            )
        };
        println!("serve: cold start {:.3} s", server.cold_start_seconds);
        println!("serve after warm-up: {}", show(&server.after_warm_up));
        println!("serve after requests: {}", show(&server.after_requests));
    }
    if run.kinds.is_empty() {
        return;
    }
    println!(
        "{:<21} {:>6} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9}",
        "kind",
        "reqs",
        "failed",
        "p50 ms",
        "p99 ms",
        "mean ms",
        "fts5 p50",
        "fts5 p99",
        "speedup",
        "KB/answer"
    );
    for kind in &run.kinds {
        let (fts_p50, fts_p99) = kind.fts5.map_or(("-".to_string(), "-".to_string()), |l| {
            (format!("{:.2}", l.p50), format!("{:.2}", l.p99))
        });
        println!(
            "{:<21} {:>6} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>9} {:>9} {:>8} {:>9.1}",
            kind.kind.key(),
            kind.requests,
            kind.failed,
            kind.ficshelf.p50,
            kind.ficshelf.p99,
            kind.ficshelf.mean,
            fts_p50,
            fts_p99,
            kind.speedup_p50()
                .map_or("-".to_string(), |x| format!("{x:.1}x")),
            kind.mean_bytes / 1e3
        );
        for failure in &kind.failures {
            println!("  FAILED {failure}");
        }
    }
    println!("slowest requests of each kind:");
    for kind in &run.kinds {
        for slow in kind.slowest.iter().take(3) {
            println!(
                "  {:<21} {:>8.2} ms  {}",
                kind.kind.key(),
                slow.ms,
                slow.path
            );
        }
    }
}

/// The JSON line of the whole run.
pub fn json_line(runs: &[SizeRun]) -> Result<String> {
    #[derive(Serialize)]
    struct Line<'a> {
        bench: &'static str,
        sizes: &'a [SizeRun],
    }
    serde_json::to_string(&Line {
        bench: "ficshelf-scale",
        sizes: runs,
    })
    .context("cannot write the JSON line")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale::urls::Probe;
    use std::time::Duration;

    fn probe(kind: Kind, path: &str) -> Probe {
        Probe {
            kind,
            path: path.to_string(),
            fts: None,
        }
    }

    fn answered(ms: u64, failure: Option<&str>) -> Answered {
        Answered {
            status: Some(if failure.is_some() { 500 } else { 200 }),
            elapsed: Duration::from_millis(ms),
            bytes: 10,
            failure: failure.map(str::to_string),
        }
    }

    #[test]
    fn a_kind_keeps_its_slowest_answered_requests_slowest_first() {
        let mut plan = Plan::default();
        let mut answers = Vec::new();
        for (i, ms) in [4, 9, 1, 7, 3, 8, 2].into_iter().enumerate() {
            plan.measured
                .push(probe(Kind::Listing, &format!("/works?n={i}")));
            answers.push(answered(ms, None));
        }
        // Slower, but failed or of another kind: not listed.
        plan.measured.push(probe(Kind::Listing, "/works?failed"));
        answers.push(answered(50, Some("answered 500")));
        plan.measured.push(probe(Kind::Opds, "/opds"));
        answers.push(answered(60, None));
        let run = KindRun::new(Kind::Listing, &plan, &answers);
        let paths: Vec<&str> = run.slowest.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/works?n=1",
                "/works?n=5",
                "/works?n=3",
                "/works?n=0",
                "/works?n=4"
            ]
        );
        assert_eq!(run.slowest[0].ms, 9.0);
        assert_eq!(run.requests, 8);
        assert_eq!(run.failed, 1);
    }
}
