//! The scale benchmark behind `ficshelf-bench scale` (issue #14): for each
//! library size, generate a corpus, import it with the real `ficshelf`
//! binary, serve it with `ficshelf serve`, and time uncached HTTP requests,
//! beside SQLite FTS5 on the same works and searches.
//!
//! Everything Ficshelf does runs in child processes and is measured from
//! outside (`/proc/<pid>`, `wait4`, HTTP), so the instrument stays valid
//! while the importer and the web server are rewritten. Per size:
//! 1. [`corpus`](crate::corpus): `--works N`, short works for a million
//!    (or with `--short-works`); untimed. Skipped, with a message, when
//!    the disk is too full for it ([`sizes::Size::disk_needed`]).
//! 2. `ficshelf --library L import CORPUS` ([`process`]): wall and CPU
//!    time, peak RSS (`VmHWM`), peak anonymous and file-backed RSS sampled
//!    from `smaps_rollup`.
//! 3. One pass over the imported library ([`material`]): its tags and text
//!    samples to draw requests from, and the FTS5 peer's load.
//! 4. `ficshelf serve` ([`server`]): cold start (spawn to the first `200`
//!    on `/works`), RSS after warm-up and after the requests.
//! 5. Requests ([`urls`]), every URL distinct, one keep-alive connection
//!    ([`http`]); then the same searches on FTS5.
//! 6. The corpus and library are deleted unless `--keep`.
//!
//! [`report`] prints a table per size and the JSON line.
//!
//! With `--library DIR` (serve-only, [`ScaleOptions::library`]) steps 1, 2
//! and 6 are skipped: steps 3–5 run on an existing library, left as it is,
//! with FTS5 read from an existing database when one is given
//! (`--fts5 FILE`, opened read-only), so a change to the server is measured
//! in minutes instead of re-importing.

pub mod http;
pub mod material;
pub mod process;
pub mod report;
pub mod server;
pub mod sizes;
pub mod urls;

use crate::corpus::{self, Format, Totals};
use crate::search_bench::fts::Fts;
use crate::search_bench::report::Latency;
use anyhow::{bail, Context, Result};
use material::FtsSource;
use process::{run_measured, ChildRun};
use report::{CorpusRun, ImportRun, KindRun, ServerRun, SizeRun};
use server::Server;
use sizes::Size;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use urls::{Kind, Plan, Probe};

/// Requests of each kind sent before measuring.
const WARM_UP: usize = 5;
/// The FTS5 peer's database, in a size's folder.
const FTS5_FILE: &str = "fts5.sqlite3";

/// What `ficshelf-bench scale` was asked to do.
#[derive(Debug, Clone)]
pub struct ScaleOptions {
    pub sizes: Vec<Size>,
    /// Each size works in `out/<label>/`.
    pub out: PathBuf,
    /// The `ficshelf` binary to measure.
    pub ficshelf: PathBuf,
    /// Keep each size's corpus and library (default: delete after measuring).
    pub keep: bool,
    pub skip_fts5: bool,
    /// Short works at every size, not only at a million.
    pub short_works: bool,
    /// Distinct listing URLs (filter combinations).
    pub listings: usize,
    /// Requests of every other kind.
    pub per_kind: usize,
    pub seed: u64,
    /// Generator threads.
    pub jobs: usize,
    /// Bytes of disk to leave free for others beside a size's estimate.
    pub reserve_bytes: u64,
    /// Serve-only: measure this existing library instead of generating and
    /// importing one per size (which are then ignored); logs go to `out`.
    pub library: Option<PathBuf>,
    /// Serve-only: an existing FTS5 database of the same works, opened
    /// read-only (none: no FTS5 figures).
    pub fts5: Option<PathBuf>,
}

/// Runs every size in turn; a size that fails is reported and the next one
/// still runs. Each size's table is printed as soon as it is measured.
pub fn run(options: &ScaleOptions) -> Vec<SizeRun> {
    if let Some(library) = &options.library {
        let run = measure_existing(options, library).unwrap_or_else(|(size, err)| {
            SizeRun::failed(&size, options.short_works, format!("{err:#}"))
        });
        report::print_table(&run);
        return vec![run];
    }
    let mut runs = Vec::new();
    for size in &options.sizes {
        let run = match measure(options, size) {
            Ok(run) => run,
            Err(err) => SizeRun::failed(size, options.short_works, format!("{err:#}")),
        };
        report::print_table(&run);
        runs.push(run);
    }
    runs
}

/// Measures one size.
fn measure(options: &ScaleOptions, size: &Size) -> Result<SizeRun> {
    let mut run = SizeRun::new(size, options.short_works);
    let dir = options.out.join(&size.label);
    let corpus_dir = dir.join("corpus");
    let library_dir = dir.join("library");
    if library_dir.exists() {
        bail!(
            "{} already exists; remove it (a scale run imports into a new library)",
            library_dir.display()
        );
    }
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let reused = corpus_dir.join(corpus::MANIFEST).exists();
    let needed = size.disk_needed(run.length, !reused);
    let free = sizes::free_bytes(&dir)?;
    if free < needed + options.reserve_bytes {
        run.skipped = Some(format!(
            "not enough disk: {:.1} GB free in {}, the size needs about {:.1} GB and {:.1} GB stay free for others",
            free as f64 / 1e9,
            dir.display(),
            needed as f64 / 1e9,
            options.reserve_bytes as f64 / 1e9
        ));
        return Ok(run);
    }
    let result = measure_in(options, size, &mut run, &corpus_dir, &library_dir, reused);
    if !options.keep {
        for path in [corpus_dir, library_dir].into_iter().chain(fts_files(&dir)) {
            remove(&path);
        }
    }
    result?;
    Ok(run)
}

fn measure_in(
    options: &ScaleOptions,
    size: &Size,
    run: &mut SizeRun,
    corpus_dir: &Path,
    library_dir: &Path,
    reused: bool,
) -> Result<()> {
    let dir = corpus_dir.parent().unwrap_or(corpus_dir);
    run.load_before = sizes::load_average();
    run.corpus = Some(if reused {
        eprintln!(
            "[{}] reusing the corpus in {}",
            size.label,
            corpus_dir.display()
        );
        CorpusRun::read(corpus_dir)?
    } else {
        generate(options, size, run, corpus_dir)?
    });

    eprintln!(
        "[{}] importing with {}",
        size.label,
        options.ficshelf.display()
    );
    let import = import(&options.ficshelf, library_dir, corpus_dir, dir)?;
    if !matches!(import.code, Some(0 | 1)) {
        bail!(
            "ficshelf import failed ({:?}); see {}",
            import.code,
            dir.join("import.log").display()
        );
    }

    eprintln!(
        "[{}] reading the library back{}",
        size.label,
        if options.skip_fts5 {
            ""
        } else {
            ", loading FTS5"
        }
    );
    let fts_path = dir.join(FTS5_FILE);
    for path in fts_files(dir) {
        remove(&path);
    }
    let fts_source = if options.skip_fts5 {
        FtsSource::None
    } else {
        FtsSource::Load(&fts_path)
    };
    let (material, fts) = material::gather(library_dir, fts_source)?;
    let corpus_bytes = run.corpus.as_ref().map_or(0, |c| c.bytes);
    run.import = Some(ImportRun::new(&import, corpus_bytes, material.works));
    run.fts5_load_seconds = material.fts_load_seconds;
    run.fts5_bytes = fts
        .as_ref()
        .map(|_| fts_files(dir).iter().map(|p| sizes::tree_bytes(p)).sum());
    if material.works == 0 {
        bail!("the import made no works");
    }
    serve_and_measure(options, &size.label, run, library_dir, dir, material, fts)
}

/// Serve-only: steps 3–5 on the library in `library_dir`, as it is. The
/// size is named by its works (`100k`). An error comes with the size it
/// was measuring, for the failed run's table.
fn measure_existing(
    options: &ScaleOptions,
    library_dir: &Path,
) -> std::result::Result<SizeRun, (Size, anyhow::Error)> {
    let unnamed = Size {
        label: "existing".to_string(),
        works: 0,
    };
    if !library_dir.join("index").is_dir() {
        let err = anyhow::anyhow!("{} holds no library index", library_dir.display());
        return Err((unnamed, err));
    }
    if let Err(err) = fs::create_dir_all(&options.out) {
        let err =
            anyhow::Error::new(err).context(format!("cannot create {}", options.out.display()));
        return Err((unnamed, err));
    }
    let load_before = sizes::load_average();
    eprintln!(
        "[existing] reading {} back{}",
        library_dir.display(),
        if options.fts5.is_some() {
            ", opening FTS5"
        } else {
            ""
        }
    );
    let fts_source = match &options.fts5 {
        Some(path) => FtsSource::Open(path),
        None => FtsSource::None,
    };
    let (material, fts) =
        material::gather(library_dir, fts_source).map_err(|e| (unnamed.clone(), e))?;
    let size = Size {
        label: sizes::label_of(material.works),
        works: material.works,
    };
    let mut run = SizeRun::new(&size, options.short_works);
    run.load_before = load_before;
    run.fts5_bytes = options.fts5.as_ref().map(|path| sizes::tree_bytes(path));
    if material.works == 0 {
        return Err((size, anyhow::anyhow!("the library has no works")));
    }
    match serve_and_measure(
        options,
        &size.label,
        &mut run,
        library_dir,
        &options.out,
        material,
        fts,
    ) {
        Ok(()) => Ok(run),
        Err(err) => Err((size, err)),
    }
}

/// Steps 3 (after the pass) to 5: draws the requests from `material`,
/// serves `library_dir` (logging to `dir`), times the requests and the same
/// searches on `fts`.
fn serve_and_measure(
    options: &ScaleOptions,
    label: &str,
    run: &mut SizeRun,
    library_dir: &Path,
    dir: &Path,
    material: material::Material,
    fts: Option<Fts>,
) -> Result<()> {
    run.library_bytes = sizes::tree_bytes(library_dir);
    run.text_bytes = material.text_bytes;
    let plan = Plan::draw(&material, options.listings, options.per_kind, WARM_UP);
    drop(material);

    eprintln!("[{label}] serving; {} requests", plan.measured.len());
    let (server_run, answers) = serve(&options.ficshelf, library_dir, dir, &plan)?;
    run.server = Some(server_run);
    run.kinds = Kind::ALL
        .iter()
        .map(|&kind| KindRun::new(kind, &plan, &answers))
        .collect();
    if let Some(fts) = &fts {
        eprintln!("[{label}] the same searches on FTS5");
        for kind_run in &mut run.kinds {
            if kind_run.kind.searches() {
                kind_run.fts5 = Some(fts_latency(fts, plan.of(kind_run.kind))?);
            }
        }
    }
    run.load_after = sizes::load_average();
    Ok(())
}

fn generate(
    options: &ScaleOptions,
    size: &Size,
    run: &SizeRun,
    corpus_dir: &Path,
) -> Result<CorpusRun> {
    eprintln!(
        "[{}] generating {} {} works in {}",
        size.label,
        size.works,
        run.length_name(),
        corpus_dir.display()
    );
    let config = corpus::Config {
        out: corpus_dir.to_path_buf(),
        size: None,
        works: Some(size.works),
        seed: options.seed,
        jobs: options.jobs,
        format: Format::Txt,
        length: run.length,
    };
    let start = Instant::now();
    let mut last = Instant::now();
    let totals: Totals = corpus::generate(&config, &mut |t| {
        if last.elapsed() >= Duration::from_secs(30) {
            last = Instant::now();
            eprintln!("  {} works, {:.0} MB", t.works, t.bytes as f64 / 1e6);
        }
    })?;
    Ok(CorpusRun {
        works: totals.works,
        files: totals.files,
        bytes: totals.bytes,
        words: totals.words,
        generate_seconds: Some(start.elapsed().as_secs_f64()),
    })
}

/// `ficshelf --library L import CORPUS`, output to `dir/import.log`.
fn import(binary: &Path, library: &Path, corpus: &Path, dir: &Path) -> Result<ChildRun> {
    let log_path = dir.join("import.log");
    let log =
        File::create(&log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
    let mut command = Command::new(binary);
    command
        .arg("--library")
        .arg(library)
        .arg("import")
        .arg(corpus)
        .stdin(Stdio::null())
        .stdout(log.try_clone().context("cannot share the import log")?)
        .stderr(log);
    run_measured(command)
}

/// One measured request.
#[derive(Debug, Clone)]
pub struct Answered {
    pub status: Option<u16>,
    pub elapsed: Duration,
    pub bytes: usize,
    /// Why a request failed (its status, or the client's error).
    pub failure: Option<String>,
}

/// Starts the server, warms it up, sends every measured request in order
/// on one connection, and stops it.
fn serve(
    binary: &Path,
    library: &Path,
    dir: &Path,
    plan: &Plan,
) -> Result<(ServerRun, Vec<Answered>)> {
    let server = Server::start(binary, library, &dir.join("serve.log"))?;
    let mut client = http::Client::new(server.addr)?;
    for probe in &plan.warm_up {
        let answer = client.get(&probe.path)?;
        if answer.status != 200 {
            eprintln!("warm-up: {} answered {}", probe.path, answer.status);
        }
    }
    let after_warm_up = server.memory()?;
    let answers: Vec<Answered> = plan
        .measured
        .iter()
        .map(|probe| match client.get(&probe.path) {
            Ok(answer) => Answered {
                status: Some(answer.status),
                elapsed: answer.elapsed,
                bytes: answer.body.len(),
                failure: (answer.status != 200)
                    .then(|| format!("{} answered {}", probe.path, answer.status)),
            },
            Err(err) => Answered {
                status: None,
                elapsed: Duration::ZERO,
                bytes: 0,
                failure: Some(format!("{}: {err:#}", probe.path)),
            },
        })
        .collect();
    let after_requests = server.memory()?;
    let cold_start = server.cold_start;
    server.stop()?;
    Ok((
        ServerRun {
            cold_start_seconds: cold_start,
            after_warm_up,
            after_requests,
        },
        answers,
    ))
}

/// Times every search of `probes` on FTS5, after the first few untimed.
fn fts_latency<'a>(fts: &Fts, probes: impl Iterator<Item = &'a Probe>) -> Result<Latency> {
    let queries: Vec<_> = probes.filter_map(|p| p.fts.as_ref()).collect();
    for query in queries.iter().take(WARM_UP) {
        fts.search(query, query.class.facets())?;
    }
    let mut times = Vec::with_capacity(queries.len());
    for query in &queries {
        let start = Instant::now();
        fts.search(query, query.class.facets())
            .with_context(|| format!("FTS5 search failed: {}", query.ficshelf))?;
        times.push(start.elapsed());
    }
    Ok(Latency::of(&times))
}

/// The FTS5 database and its write-ahead log and shared memory files.
fn fts_files(dir: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|suffix| dir.join(format!("{FTS5_FILE}{suffix}")))
}

/// Deletes a file or folder; a failure is reported, not fatal.
fn remove(path: &Path) {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else if path.exists() {
        fs::remove_file(path)
    } else {
        return;
    };
    if let Err(err) = result {
        eprintln!("cannot remove {}: {err}", path.display());
    }
}
