//! Load benchmark of the web reader (not a test).
//!
//! ```text
//! cargo bench -p ficshelf-web --bench load -- [--seconds 60] [--connections 64] [--generate 2000]
//! ```
//!
//! Builds a library from the demo folder (plus `--generate N` invented works
//! of three chapters each), serves it in-process on `127.0.0.1:0` on a
//! runtime of its own, and drives it with [`driver`]'s keep-alive load
//! generator, one scenario after another, each for `--seconds`:
//!
//! - `chapter`: a chapter page of a General work;
//! - `listing`: `/works` filtered by rating, with an excluded tag, sorted;
//! - `search`: `/works` with a text query and filters;
//! - `peer`: the same chapter page's bytes from a minimal axum handler that
//!   holds them in memory: the framework's upper bound on this machine.
//!
//! Prints a table and one JSON line (`{"bench":"ficshelf-web-load",…}`).
//! The load generator runs on the same machine, so client and server share
//! its cores: the numbers are a floor, not what a remote client would see.
//! Requests carry no `Accept-Encoding`, so nothing is compressed.

#[path = "load/driver.rs"]
mod driver;

use axum::routing::get;
use driver::Outcome;
use ficshelf_library::{Library, NoProgress};
use ficshelf_web::{router, AppState};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

struct Options {
    seconds: u64,
    connections: usize,
    generate: usize,
    server_threads: usize,
    client_threads: usize,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        seconds: 10,
        connections: 64,
        generate: 0,
        server_threads: 2,
        client_threads: 2,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a number"))?;
            value
                .parse()
                .map_err(|_| format!("{name}: not a number: {value}"))
        };
        let as_usize = |n: u64| usize::try_from(n).map_err(|e| e.to_string());
        match arg.as_str() {
            "--seconds" => options.seconds = number("--seconds")?.max(1),
            "--connections" => options.connections = as_usize(number("--connections")?.max(1))?,
            "--generate" => options.generate = as_usize(number("--generate")?)?,
            "--server-threads" => {
                options.server_threads = as_usize(number("--server-threads")?.max(1))?
            }
            "--client-threads" => {
                options.client_threads = as_usize(number("--client-threads")?.max(1))?
            }
            // `cargo bench` passes `--bench`; ignore it and anything unknown.
            _ => {}
        }
    }
    Ok(options)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = options()?;
    let dir = tempfile::tempdir()?;
    let library = build_library(dir.path(), options.generate)?;
    let works = library.works()?;
    let chapter_work = works
        .iter()
        .find(|w| w.title == "The Clockmaker's Apprentice")
        .ok_or("the demo library lacks The Clockmaker's Apprentice")?;
    let chapter_path = format!("/works/{}/chapters/2", chapter_work.id);
    let work_count = works.len();
    drop(works);

    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.server_threads)
        .thread_name("server")
        .enable_all()
        .build()?;
    let state = AppState::new(library, None);
    let app_addr = server.block_on(listen(router(state)))?;

    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.client_threads)
        .thread_name("client")
        .enable_all()
        .build()?;
    let page = client.block_on(fetch_once(app_addr, &chapter_path))?;
    let page_bytes = hyper::body::Bytes::from(page);
    let peer_router = axum::Router::new().route(
        "/chapter",
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

    let scenarios = [
        ("chapter", app_addr, chapter_path.clone()),
        (
            "listing",
            app_addr,
            "/works?rating=general&rating=teen&exclude_tag=Angst&sort=words".to_string(),
        ),
        (
            "search",
            app_addr,
            "/works?q=the&rating=general&rating=teen&rating=mature&status=complete&sort=title"
                .to_string(),
        ),
        ("peer", peer_addr, "/chapter".to_string()),
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
    let mut results = Vec::new();
    for (name, addr, path) in &scenarios {
        eprintln!("running {name}: {path}");
        let outcome = client.block_on(driver::run(*addr, path, options.connections, duration));
        results.push((*name, outcome));
    }
    report(&options, work_count, &results);
    drop(client);
    server.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// Imports the demo folder and `generate` invented works into `dir`.
fn build_library(dir: &Path, generate: usize) -> Result<Library, Box<dyn std::error::Error>> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut inputs: Vec<PathBuf> = vec![demo];
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
        if n % 3 == 0 { "In Progress" } else { "Complete" },
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

fn report(options: &Options, works: usize, results: &[(&str, Outcome)]) {
    let peer_rate = results
        .iter()
        .find(|(name, _)| *name == "peer")
        .map_or(0.0, |(_, outcome)| outcome.per_second());
    println!();
    println!(
        "{:<9} {:>10} {:>9} {:>9} {:>9} {:>7} {:>9} {:>8}",
        "scenario", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "vs peer"
    );
    let mut json = Vec::new();
    for (name, outcome) in results {
        let ratio = if peer_rate > 0.0 {
            outcome.per_second() / peer_rate
        } else {
            0.0
        };
        println!(
            "{:<9} {:>10} {:>9.0} {:>9.2} {:>9.2} {:>7.1} {:>9} {:>8.2}",
            name,
            outcome.requests,
            outcome.per_second(),
            outcome.latency_ms(0.50),
            outcome.latency_ms(0.99),
            outcome.latency_ms(1.0),
            outcome.errors,
            ratio,
        );
        json.push(format!(
            "\"{name}\":{{\"requests\":{},\"rps\":{:.1},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"max_ms\":{:.3},\"errors\":{},\"bytes\":{},\"vs_peer\":{:.3}}}",
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
    println!(
        "{{\"bench\":\"ficshelf-web-load\",\"works\":{works},\"connections\":{},\"seconds\":{},\"cores\":{},\"results\":{{{}}}}}",
        options.connections,
        options.seconds,
        std::thread::available_parallelism().map_or(0, usize::from),
        json.join(","),
    );
}
