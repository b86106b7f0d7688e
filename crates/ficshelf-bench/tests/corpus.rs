//! The corpus generator is deterministic and writes a manifest line per work.

use ficshelf_bench::corpus::{self, Config, ManifestEntry, Totals};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn generate(out: &Path, seed: u64, size: u64, jobs: usize) -> Totals {
    let config = Config {
        out: out.to_path_buf(),
        size: Some(size),
        works: None,
        seed,
        jobs,
        format: corpus::Format::Txt,
        length: corpus::Length::Standard,
    };
    corpus::generate(&config, &mut |_| {}).expect("generate corpus")
}

/// Every file under `root` (relative path → bytes).
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                let bytes = fs::read(&path).expect("read file");
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn manifest(root: &Path) -> Vec<ManifestEntry> {
    ficshelf_bench::bench::verify::load_manifest(root).expect("manifest")
}

#[test]
fn same_seed_same_bytes_and_a_manifest_line_per_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    let size = 2_000_000;
    let totals = generate(&a, 42, size, 2);
    // A different thread count must not change a byte.
    generate(&b, 42, size, 1);
    generate(&c, 7, size, 2);

    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta == tb, "same seed and size gave different corpora");
    assert!(ta != tc, "different seeds gave the same corpus");
    assert!(totals.bytes >= size);

    let entries = manifest(&a);
    assert_eq!(entries.len() as u64, totals.works);
    assert!(entries.len() > 5, "{} works", entries.len());
    let mut listed = 0;
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.index, i as u64);
        assert_eq!(e.chapters as usize, e.chapter_words.len());
        assert_eq!(e.chapters as usize, e.chapter_titles.len());
        let bytes: u64 = e.files.iter().map(|f| ta[f].len() as u64).sum();
        assert_eq!(bytes, e.bytes, "{:?}", e.files);
        listed += e.files.len();
    }
    // Every file but the manifest belongs to exactly one work.
    assert_eq!(listed + 1, ta.len());
}

#[test]
fn a_bigger_corpus_starts_with_the_smaller_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    generate(&small, 3, 500_000, 2);
    generate(&big, 3, 1_000_000, 2);
    let (s, b) = (manifest(&small), manifest(&big));
    assert!(b.len() > s.len());
    assert_eq!(s[..], b[..s.len()]);
}

#[test]
fn refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("old.txt"), "x").expect("write");
    let config = Config {
        out: dir.path().to_path_buf(),
        size: Some(1000),
        works: None,
        seed: 1,
        jobs: 1,
        format: corpus::Format::Txt,
        length: corpus::Length::Standard,
    };
    let err = corpus::generate(&config, &mut |_| {}).expect_err("must refuse");
    assert!(err.to_string().contains("not empty"), "{err:#}");
}
