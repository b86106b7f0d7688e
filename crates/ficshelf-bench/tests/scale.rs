//! The scale pipeline end to end at a tiny size: generate, import with the
//! real `ficshelf` binary, serve, request, compare with FTS5.
#![cfg(feature = "library")]

use ficshelf_bench::scale::urls::Kind;
use ficshelf_bench::scale::{self, sizes, ScaleOptions};
use std::path::PathBuf;

/// The `ficshelf` binary of this build (`target/<profile>/ficshelf`, which
/// `cargo test --workspace` builds), or `$FICSHELF_BIN`.
fn ficshelf_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("FICSHELF_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test path");
    // target/<profile>/deps/scale-<hash> → target/<profile>/ficshelf
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target folder");
    let binary = profile_dir.join("ficshelf");
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build -p ficshelf` first (or set FICSHELF_BIN)",
        binary.display()
    );
    binary
}

#[test]
fn scale_pipeline_measures_every_kind_and_every_url_answers() {
    let out = tempfile::tempdir().expect("tempdir");
    let options = ScaleOptions {
        sizes: sizes::parse_sizes("200").expect("size"),
        out: out.path().to_path_buf(),
        ficshelf: ficshelf_binary(),
        keep: false,
        skip_fts5: false,
        short_works: true,
        listings: 120,
        per_kind: 12,
        seed: 42,
        jobs: 2,
        reserve_bytes: 0,
        library: None,
        fts5: None,
    };
    let runs = scale::run(&options);
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run.error, None);
    assert_eq!(run.skipped, None);

    let corpus = run.corpus.as_ref().expect("corpus");
    assert_eq!(corpus.works, 200);
    let import = run.import.as_ref().expect("import");
    assert!(
        matches!(import.exit_code, Some(0 | 1)),
        "{:?}",
        import.exit_code
    );
    assert!(
        (190..=210).contains(&import.works),
        "{} works",
        import.works
    );
    assert!(import.vm_hwm > 0 && import.cpu_seconds > 0.0);
    assert!(import.sampled.samples > 0 && import.sampled.anon > 0);
    assert!(run.library_bytes > 0 && run.fts5_load_seconds.is_some());

    let server = run.server.as_ref().expect("server");
    assert!(server.cold_start_seconds > 0.0);
    assert!(server.after_requests.rss > 0 && server.after_requests.anon > 0);

    let keys: Vec<&str> = run.kinds.iter().map(|k| k.kind.key()).collect();
    let expected: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
    assert_eq!(keys, expected);
    for kind in &run.kinds {
        assert_eq!(kind.failed, 0, "{}: {:?}", kind.kind.key(), kind.failures);
        assert!(kind.requests > 0, "{}", kind.kind.key());
        assert!(kind.ficshelf.p50 > 0.0 && kind.ficshelf.p99 >= kind.ficshelf.p50);
        assert!(kind.mean_bytes > 0.0);
        assert_eq!(
            kind.fts5.is_some(),
            kind.kind.searches(),
            "{}",
            kind.kind.key()
        );
    }
    let listing = &run.kinds[0];
    assert_eq!(listing.requests, 120);

    // Deleted after measuring, as without --keep.
    let dir = out.path().join("200");
    assert!(!dir.join("corpus").exists() && !dir.join("library").exists());

    let line = scale::report::json_line(&runs).expect("json");
    let json: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
    assert_eq!(json["bench"], "ficshelf-scale");
    let size = &json["sizes"][0];
    assert_eq!(size["size"], "200");
    assert_eq!(size["length"], "short");
    assert!(size["import"]["vm_hwm"].as_u64().is_some_and(|kib| kib > 0));
    assert!(size["server"]["cold_start_seconds"].as_f64().is_some());
    assert_eq!(size["kinds"][3]["kind"], "search_term");
    assert!(size["kinds"][3]["fts5"]["p50"].as_f64().is_some());
}

#[test]
fn serve_only_measures_a_kept_library_and_its_fts5_without_importing() {
    let out = tempfile::tempdir().expect("tempdir");
    let imported = ScaleOptions {
        sizes: sizes::parse_sizes("150").expect("size"),
        out: out.path().to_path_buf(),
        ficshelf: ficshelf_binary(),
        keep: true,
        skip_fts5: false,
        short_works: true,
        listings: 20,
        per_kind: 6,
        seed: 7,
        jobs: 2,
        reserve_bytes: 0,
        library: None,
        fts5: None,
    };
    let first = scale::run(&imported);
    assert_eq!(first[0].error, None);
    let works = first[0].import.as_ref().expect("import").works;
    let dir = out.path().join("150");
    let served = ScaleOptions {
        sizes: Vec::new(),
        out: out.path().join("served"),
        library: Some(dir.join("library")),
        fts5: Some(dir.join("fts5.sqlite3")),
        ..imported
    };
    let runs = scale::run(&served);
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run.error, None);
    assert_eq!(run.size, works.to_string());
    assert!(run.corpus.is_none() && run.import.is_none());
    assert!(run.fts5_load_seconds.is_none() && run.fts5_bytes.is_some_and(|b| b > 0));
    assert!(run.server.is_some());
    for kind in &run.kinds {
        assert_eq!(kind.failed, 0, "{}: {:?}", kind.kind.key(), kind.failures);
        assert!(kind.requests > 0, "{}", kind.kind.key());
        assert_eq!(
            kind.fts5.is_some(),
            kind.kind.searches(),
            "{}",
            kind.kind.key()
        );
    }
    // The library is measured as it is: still there, and no new corpus.
    assert!(dir.join("library").join("index").is_dir());
    assert!(!out.path().join("served").join("corpus").exists());
}
