//! Load benchmark of the web reader (not a test).
//!
//! ```text
//! cargo bench -p ficshelf-web --bench load -- [--seconds 60] [--connections 64]
//!     [--library DIR | --import DIR | --generate 2000] [--urls 20000] [--no-mutes]
//!     [--warmup 2] [--only chapter,listing-in] [--rounds 1]
//! ```
//!
//! Serves a library in-process on `127.0.0.1:0` on a runtime of its own:
//! an existing one with `--library DIR` (opened, never written; e.g. the
//! 100k-work library of `ficshelf-bench scale --keep`), else one built
//! from the demo folder (plus the files under `--import DIR`, e.g. the
//! output of `ficshelf-corpus --works 5000`, or `--generate N` invented
//! works of three chapters each). It is served twice in the same process:
//! open, as a library without accounts is, and with a reader account
//! ([`signed_in`]: mutes on a fandom, a tag and `*/character`, from the
//! library's own tags) signed in through `/login` first, its session
//! cookie sent with every request. Then drives them with [`driver`]'s keep-alive load
//! generator, one scenario after another, each for `--seconds`, every
//! scenario cycling through a list of up to `--urls` distinct URLs (longer
//! than the server's page cache, so answers are rendered, not cached),
//! after `--warmup` seconds unmeasured on the same list:
//!
//! - `chapter`: chapter pages of many works that need no consent (General,
//!   Teen), spread evenly over the library;
//! - `listing`: `/works` with distinct filter combinations drawn from the
//!   library's own tags (ratings, an included tag, an excluded warning,
//!   status, sort);
//! - `search`: `/works` with a text query (words of the works' titles) and
//!   filters;
//! - `chapter-in`, `listing-in`: the same for the signed-in reader with
//!   mutes (chapter pages of works that reader may open), against the
//!   server with accounts; the report compares them with the anonymous
//!   figures of the same run;
//! - `peer`: the first chapter page's bytes from a minimal axum handler that
//!   holds them in memory, at as many distinct paths: the framework's upper
//!   bound on this machine.
//!
//! With `--rounds N` the scenarios run one after another N times over, each
//! round going on through the same URL lists, and each scenario's figures
//! are those of all its rounds together: the anonymous and signed-in runs
//! then share the machine's quiet and busy moments alike.
//!
//! Prints a table and one JSON line (`{"bench":"ficshelf-web-load",…}`).
//! The load generator runs on the same machine, so client and server share
//! its cores: the numbers are a floor, not what a remote client would see.
//! Requests carry no `Accept-Encoding`, so nothing is compressed.

#[path = "load/driver.rs"]
mod driver;
#[path = "load/signed_in.rs"]
mod signed_in;

use axum::routing::get;
use driver::{Outcome, Paths};
use ficshelf_library::{Library, NoProgress, TagKind};
use ficshelf_model::{Rating, Work};
use ficshelf_web::{router, AppState};
use signed_in::BenchReader;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The allocator the `ficshelf` binary serves with. The binary also commits
/// arenas on demand; run with `MIMALLOC_ARENA_EAGER_COMMIT=0` to match it
/// exactly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Options {
    seconds: u64,
    connections: usize,
    generate: usize,
    library: Option<PathBuf>,
    import: Option<PathBuf>,
    urls: usize,
    server_threads: usize,
    client_threads: usize,
    /// Leave the signed-in reader without mutes (`--no-mutes`), to tell the
    /// cost of a session from the cost of mutes.
    no_mutes: bool,
    /// Seconds each scenario runs unmeasured first.
    warmup: u64,
    /// Run only these scenarios (`--only chapter,listing`; all when empty),
    /// e.g. to profile one of them.
    only: Vec<String>,
    /// Times the scenario list is run (`--rounds`).
    rounds: usize,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        seconds: 10,
        connections: 64,
        generate: 0,
        library: None,
        import: None,
        urls: 20_000,
        server_threads: 2,
        client_threads: 2,
        no_mutes: false,
        warmup: 2,
        only: Vec::new(),
        rounds: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--library" || arg == "--import" {
            let dir = args.next().ok_or(format!("{arg} needs a folder"))?;
            let slot = if arg == "--library" {
                &mut options.library
            } else {
                &mut options.import
            };
            *slot = Some(PathBuf::from(dir));
            continue;
        }
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a number"))?;
            value
                .parse()
                .map_err(|_| format!("{name}: not a number: {value}"))
        };
        let as_usize = |n: u64| usize::try_from(n).map_err(|e| e.to_string());
        match arg.as_str() {
            "--seconds" => options.seconds = number("--seconds")?.max(1),
            "--warmup" => options.warmup = number("--warmup")?,
            "--connections" => options.connections = as_usize(number("--connections")?.max(1))?,
            "--generate" => options.generate = as_usize(number("--generate")?)?,
            "--urls" => options.urls = as_usize(number("--urls")?.max(1))?,
            "--server-threads" => {
                options.server_threads = as_usize(number("--server-threads")?.max(1))?
            }
            "--client-threads" => {
                options.client_threads = as_usize(number("--client-threads")?.max(1))?
            }
            "--rounds" => options.rounds = as_usize(number("--rounds")?.max(1))?,
            "--no-mutes" => options.no_mutes = true,
            "--only" => {
                let list = args.next().ok_or("--only needs scenario names")?;
                options.only = list.split(',').map(str::to_string).collect();
            }
            // `cargo bench` passes `--bench`; ignore it and anything unknown.
            _ => {}
        }
    }
    Ok(options)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = options()?;
    let scratch = tempfile::tempdir()?;
    let library = match &options.library {
        Some(dir) => Library::open(dir)?,
        None => build_library(scratch.path(), options.import.as_deref(), options.generate)?,
    };
    let works = library.works()?;
    let work_count = works.len();
    let chapters = chapter_paths(&works, options.urls);
    let first_chapter = chapters
        .first()
        .cloned()
        .ok_or("the library has no General or Teen work with a chapter")?;
    let listings = listing_paths(&library, options.urls)?;
    let searches = search_paths(&works, options.urls);
    let reader = BenchReader::new(
        &scratch.path().join("readers"),
        &library,
        &works,
        !options.no_mutes,
    )?;
    let reader_works: Vec<Work> = works.into_iter().filter(|w| reader.allows(w)).collect();
    let reader_chapters = chapter_paths(&reader_works, options.urls);
    eprintln!(
        "signed-in reader mutes {}: {} of {work_count} works left",
        reader.mutes.join(", "),
        reader_works.len()
    );
    drop(reader_works);
    let mutes = reader.mutes.clone();

    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.server_threads)
        .thread_name("server")
        .enable_all()
        .build()?;
    let second = Library::open(library.root())?;
    let app_addr = server.block_on(listen(router(AppState::new(library, None))))?;
    let private = AppState::new(second, None).with_readers(reader.readers, reader.wrangler);
    let private_addr = server.block_on(listen(router(private)))?;

    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.client_threads)
        .thread_name("client")
        .enable_all()
        .build()?;
    let cookie = client.block_on(signed_in::sign_in(private_addr))?;
    let page = client.block_on(fetch_once(app_addr, &first_chapter))?;
    let page_bytes = hyper::body::Bytes::from(page);
    let peer_router = axum::Router::new().route(
        "/chapter/{n}",
        get(move || {
            let bytes = page_bytes.clone();
            async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    bytes,
                )
            }
        }),
    );
    let peer_addr = server.block_on(listen(peer_router))?;
    let peer_paths = (0..chapters.len())
        .map(|n| format!("/chapter/{n}"))
        .collect();

    let signed = Some(cookie.as_str());
    let scenarios = [
        ("chapter", app_addr, Paths::new(chapters), None),
        ("listing", app_addr, Paths::new(listings.clone()), None),
        ("search", app_addr, Paths::new(searches), None),
        (
            "chapter-in",
            private_addr,
            Paths::new(reader_chapters),
            signed,
        ),
        ("listing-in", private_addr, Paths::new(listings), signed),
        ("peer", peer_addr, Paths::new(peer_paths), None),
    ];
    let duration = Duration::from_secs(options.seconds);
    eprintln!(
        "{work_count} works; {} connections; {} s a scenario; server {} threads, client {} threads, {} cores",
        options.connections,
        options.seconds,
        options.server_threads,
        options.client_threads,
        std::thread::available_parallelism().map_or(0, usize::from),
    );
    let mut results: Vec<(&str, usize, driver::Outcome)> = Vec::new();
    let warmup = Duration::from_secs(options.warmup);
    let wanted = |name: &str| options.only.is_empty() || options.only.iter().any(|o| o == name);
    for round in 0..options.rounds {
        for (name, addr, paths, cookie) in scenarios.iter().filter(|s| wanted(s.0)) {
            eprintln!(
                "running {name} (round {} of {}): {} distinct URLs",
                round + 1,
                options.rounds,
                paths.len()
            );
            if round == 0 {
                // Unmeasured first, on the same list (the measured run goes
                // on from where this stopped, so it still meets no page
                // twice): each server's own search handles and caches warm
                // up before they count.
                client.block_on(driver::run(
                    *addr,
                    paths,
                    *cookie,
                    options.connections,
                    warmup,
                ));
            }
            let outcome = client.block_on(driver::run(
                *addr,
                paths,
                *cookie,
                options.connections,
                duration,
            ));
            match results.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, _, total)) => total.absorb(outcome),
                None => results.push((*name, paths.len(), outcome)),
            }
        }
    }
    report(&options, work_count, &results, &mutes);
    drop(client);
    server.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// splitmix64: deterministic choices for the URL lists.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// `/works?k=v&…`, form-encoded.
fn works_path(pairs: &[(&str, &str)]) -> Result<String, Box<dyn std::error::Error>> {
    let mut url = reqwest::Url::parse("http://127.0.0.1/works")?;
    url.query_pairs_mut().extend_pairs(pairs);
    Ok(format!(
        "{}?{}",
        url.path(),
        url.query().unwrap_or_default()
    ))
}

/// Up to `limit` chapter pages of works that need no consent, taken
/// round-robin from works spread evenly over the library.
fn chapter_paths(works: &[Work], limit: usize) -> Vec<String> {
    let open: Vec<&Work> = works
        .iter()
        .filter(|w| !w.rating.is_adult() && !w.chapters.is_empty())
        .collect();
    let stride = (open.len() / limit).max(1);
    let picked: Vec<&Work> = open.iter().step_by(stride).copied().collect();
    let mut paths = Vec::with_capacity(limit);
    let mut chapter = 0;
    while paths.len() < limit {
        let before = paths.len();
        for work in &picked {
            if let Some(ch) = work.chapters.get(chapter) {
                paths.push(format!("/works/{}/chapters/{}", work.id, ch.number));
                if paths.len() == limit {
                    break;
                }
            }
        }
        if paths.len() == before {
            break; // every chapter of every picked work is listed
        }
        chapter += 1;
    }
    paths
}

/// Up to `limit` distinct filtered listings drawn from the library's tags.
fn listing_paths(
    library: &Library,
    limit: usize,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    const RATINGS: [Rating; 5] = [
        Rating::General,
        Rating::Teen,
        Rating::Mature,
        Rating::Explicit,
        Rating::NotRated,
    ];
    const SORTS: [&str; 3] = ["updated", "title", "words"];
    let mut tags: Vec<(&str, String)> = Vec::new();
    for (key, kind) in [
        ("fandom", TagKind::Fandom),
        ("character", TagKind::Character),
        ("relationship", TagKind::Relationship),
        ("tag", TagKind::Tag),
    ] {
        tags.extend(library.tags(Some(kind))?.into_iter().map(|t| (key, t.name)));
    }
    let warnings: Vec<String> = library
        .tags(Some(TagKind::Warning))?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let mut rng = Rng(0x10AD);
    let mut seen = std::collections::HashSet::new();
    let mut paths = Vec::new();
    for _ in 0..limit * 20 {
        if paths.len() == limit || tags.is_empty() {
            break;
        }
        let (key, tag) = &tags[rng.below(tags.len())];
        let mut pairs: Vec<(&str, &str)> = vec![(key, tag.as_str())];
        for rating in RATINGS.iter().filter(|_| rng.below(3) == 0) {
            pairs.push(("rating", rating.as_str()));
        }
        if !warnings.is_empty() && rng.below(2) == 0 {
            pairs.push((
                "exclude_warning",
                warnings[rng.below(warnings.len())].as_str(),
            ));
        }
        match rng.below(4) {
            0 => pairs.push(("status", "complete")),
            1 => pairs.push(("status", "in_progress")),
            _ => {}
        }
        pairs.push(("sort", SORTS[rng.below(SORTS.len())]));
        let path = works_path(&pairs)?;
        if seen.insert(path.clone()) {
            paths.push(path);
        }
    }
    Ok(paths)
}

/// Up to `limit` distinct `/works` text queries: each word of the works'
/// titles (3+ letters), with the old scenario's filters.
fn search_paths(works: &[Work], limit: usize) -> Vec<String> {
    let mut words: Vec<String> = works
        .iter()
        .flat_map(|w| w.title.split_whitespace())
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| word.chars().count() >= 3)
        .collect();
    words.sort();
    words.dedup();
    let stride = (words.len() / limit).max(1);
    words
        .iter()
        .step_by(stride)
        .take(limit)
        .filter_map(|word| {
            let pairs = [
                ("q", word.as_str()),
                ("rating", "general"),
                ("rating", "teen"),
                ("rating", "mature"),
                ("status", "complete"),
                ("sort", "title"),
            ];
            works_path(&pairs).ok()
        })
        .collect()
}

/// Imports the demo folder, the files under `import` and `generate`
/// invented works into `dir`.
fn build_library(
    dir: &Path,
    import: Option<&Path>,
    generate: usize,
) -> Result<Library, Box<dyn std::error::Error>> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut inputs: Vec<PathBuf> = vec![demo];
    inputs.extend(import.map(Path::to_path_buf));
    if generate > 0 {
        let generated = dir.join("generated");
        std::fs::create_dir_all(&generated)?;
        for n in 0..generate {
            std::fs::write(generated.join(format!("work{n:05}.txt")), invented_work(n))?;
        }
        inputs.push(generated);
    }
    let mut library = Library::open(&dir.join("library"))?;
    let report = library.import(&inputs, &NoProgress)?;
    if !report.skipped.is_empty() {
        eprintln!("import skipped {} files", report.skipped.len());
    }
    Ok(library)
}

/// An invented work of three chapters, varied by `n`.
fn invented_work(n: usize) -> String {
    const RATINGS: [&str; 5] = [
        "General Audiences",
        "Teen And Up",
        "Mature",
        "Explicit",
        "Not Rated",
    ];
    const FANDOMS: [&str; 4] = [
        "Clockwork Skies",
        "Starwake",
        "Greek Mythology",
        "The Ninefold Court",
    ];
    const TAGS: [&str; 6] = [
        "Fluff",
        "Angst",
        "Hurt/Comfort",
        "Slow Burn",
        "Found Family",
        "Letters",
    ];
    let sentence = "The lamps along the harbour came on one by one, and nobody hurried home. ";
    let paragraph = sentence.repeat(8);
    let chapter = [paragraph.as_str(); 5].join("\n\n");
    format!(
        "Title: Invented Work {n}\nAuthor: Writer {}\nRating: {}\nFandom: {}\nAdditional Tags: {}, {}\nSummary: Work number {n}, invented for the load benchmark.\nStatus: {}\n\nChapter 1: One\n\n{chapter}\n\nChapter 2: Two\n\n{chapter}\n\nChapter 3: Three\n\n{chapter}\n",
        n % 97,
        RATINGS[n % RATINGS.len()],
        FANDOMS[n % FANDOMS.len()],
        TAGS[n % TAGS.len()],
        TAGS[(n / 6) % TAGS.len()],
        if n.is_multiple_of(3) { "In Progress" } else { "Complete" },
    )
}

async fn listen(app: axum::Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            eprintln!("server stopped: {err}");
        }
    });
    Ok(addr)
}

/// One request, for the peer's bytes: fails unless the answer is 200.
async fn fetch_once(addr: SocketAddr, path: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let outcome = driver::fetch(addr, path).await?;
    Ok(outcome)
}

fn report(options: &Options, works: usize, results: &[(&str, usize, Outcome)], mutes: &[String]) {
    let peer_rate = results
        .iter()
        .find(|(name, _, _)| *name == "peer")
        .map_or(0.0, |(_, _, outcome)| outcome.per_second());
    println!();
    println!(
        "{:<9} {:>7} {:>10} {:>9} {:>9} {:>9} {:>7} {:>9} {:>8}",
        "scenario", "urls", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "vs peer"
    );
    let mut json = Vec::new();
    for (name, urls, outcome) in results {
        let ratio = if peer_rate > 0.0 {
            outcome.per_second() / peer_rate
        } else {
            0.0
        };
        println!(
            "{:<9} {:>7} {:>10} {:>9.0} {:>9.2} {:>9.2} {:>7.1} {:>9} {:>8.2}",
            name,
            urls,
            outcome.requests,
            outcome.per_second(),
            outcome.latency_ms(0.50),
            outcome.latency_ms(0.99),
            outcome.latency_ms(1.0),
            outcome.errors,
            ratio,
        );
        json.push(format!(
            "\"{name}\":{{\"urls\":{urls},\"requests\":{},\"rps\":{:.1},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"max_ms\":{:.3},\"errors\":{},\"bytes\":{},\"vs_peer\":{:.3}}}",
            outcome.requests,
            outcome.per_second(),
            outcome.latency_ms(0.50),
            outcome.latency_ms(0.99),
            outcome.latency_ms(1.0),
            outcome.errors,
            outcome.body_bytes,
            ratio,
        ));
    }
    let outcome = |wanted: &str| {
        results
            .iter()
            .find(|(name, _, _)| *name == wanted)
            .map(|(_, _, outcome)| outcome)
    };
    let mut compared = Vec::new();
    println!();
    for scenario in ["chapter", "listing"] {
        let signed = format!("{scenario}-in");
        let (Some(open), Some(inside)) = (outcome(scenario), outcome(&signed)) else {
            continue;
        };
        let ratio = if open.per_second() > 0.0 {
            inside.per_second() / open.per_second()
        } else {
            0.0
        };
        println!(
            "{scenario:<9} signed in with mutes: {:.0} req/s vs {:.0} anonymous ({:+.1}%), p99 {:.2} ms vs {:.2} ms",
            inside.per_second(),
            open.per_second(),
            (ratio - 1.0) * 100.0,
            inside.latency_ms(0.99),
            open.latency_ms(0.99),
        );
        compared.push(format!(
            "\"{scenario}\":{{\"rps_ratio\":{ratio:.3},\"p99_ms\":{:.3},\"anonymous_p99_ms\":{:.3}}}",
            inside.latency_ms(0.99),
            open.latency_ms(0.99),
        ));
    }
    let mutes: Vec<String> = mutes.iter().map(|m| format!("{m:?}")).collect();
    println!(
        "{{\"bench\":\"ficshelf-web-load\",\"works\":{works},\"rounds\":{},\"connections\":{},\"seconds\":{},\"cores\":{},\"results\":{{{}}},\"signed_in\":{{\"mutes\":[{}],{}}}}}",
        options.rounds,
        options.connections,
        options.seconds,
        std::thread::available_parallelism().map_or(0, usize::from),
        json.join(","),
        mutes.join(","),
        compared.join(","),
    );
}
