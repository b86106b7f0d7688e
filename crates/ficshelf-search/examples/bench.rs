//! Latency benchmark on a synthetic library.
//!
//! ```text
//! cargo run --release -p ficshelf-search --example bench -- [WORKS] [DIR]
//! ```
//!
//! Builds WORKS (default 100 000) generated works in DIR (default a fresh
//! directory under the system temp dir, deleted afterwards), then times
//! queries of the shape the issue sets targets for (text + 3 filters +
//! facets: p50 ≤ 5 ms, p99 ≤ 50 ms) and a few others. Works are made from a
//! fixed pseudo-random sequence, so runs are comparable.

use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use ficshelf_search::{SearchIndex, SearchOptions, TagWrangler};
use std::time::{Duration, Instant};

/// A small deterministic generator (64-bit LCG, high bits).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// Zipf-like choice among `n` items: item `i` has weight `1 / (i + 1)`.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (0..n)
                .map(|i| {
                    total += 1.0 / (i as f64 + 1.0);
                    total
                })
                .collect(),
        )
    }
    fn pick(&self, rng: &mut Rng) -> usize {
        let target = rng.unit() * self.0.last().copied().unwrap_or(0.0);
        self.0
            .partition_point(|c| *c < target)
            .min(self.0.len().saturating_sub(1))
    }
}

/// Pronounceable pseudo-words: `word(0)` = "ba", `word(1)` = "be"…
fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ba", "be", "ki", "lo", "mu", "na", "re", "so", "ta", "vi", "dra", "gon", "sha", "lin",
        "mor", "wen", "el", "tor", "fi", "qua",
    ];
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            return out;
        }
    }
}

fn generate(
    id: usize,
    rng: &mut Rng,
    vocab: &Zipf,
    tags: &Zipf,
    fandoms: &Zipf,
) -> (Work, Vec<ChapterBody>) {
    let mut work = Work::new(
        id.to_string(),
        format!("{} {}", word(vocab.pick(rng)), word(vocab.pick(rng))),
    );
    let fandom = fandoms.pick(rng);
    work.fandoms = vec![format!("Fandom {}", word(fandom))];
    let cast: Vec<String> = (0..3 + rng.below(4))
        .map(|_| format!("{} {}", word(fandom * 7 + rng.below(40)), word(fandom)))
        .collect();
    if cast.len() >= 2 && rng.below(3) > 0 {
        work.relationships = vec![format!("{}/{}", cast[0], cast[1])];
    }
    work.characters = cast;
    work.tags = (0..3 + rng.below(8))
        .map(|_| format!("Tag {}", word(tags.pick(rng))))
        .collect();
    work.rating = Rating::ALL[rng.below(5)];
    work.warnings = vec![[
        "No Archive Warnings Apply",
        "Major Character Death",
        "Graphic Depictions Of Violence",
    ][rng.below(3)]
    .into()];
    work.category = vec![["Gen", "M/M", "F/M", "F/F", "Multi"][rng.below(5)].into()];
    work.language =
        Some(["English", "English", "English", "French", "German"][rng.below(5)].into());
    work.status = Some(if rng.below(3) == 0 {
        Status::InProgress
    } else {
        Status::Complete
    });
    work.updated = Some(format!(
        "{}-{:02}-{:02}",
        2005 + rng.below(20),
        1 + rng.below(12),
        1 + rng.below(28)
    ));
    work.published = work.updated.clone();
    work.summary = Some(
        (0..20)
            .map(|_| word(vocab.pick(rng)))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let mut bodies = Vec::new();
    for number in 1..=1 + rng.below(5) as u32 {
        let text: Vec<String> = (0..150 + rng.below(250))
            .map(|_| word(vocab.pick(rng)))
            .collect();
        work.words += text.len() as u64;
        work.chapters.push(Chapter {
            number,
            title: None,
            words: text.len() as u64,
            notes: Notes::default(),
            sources: vec![],
        });
        bodies.push(ChapterBody {
            blocks: vec![Block::Paragraph(text.join(" "))],
        });
    }
    (work, bodies)
}

/// Makes the next query of a shape.
type QueryMaker = Box<dyn Fn(&mut Rng) -> String>;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let works: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let (dir, temporary) = match args.next() {
        Some(dir) => (std::path::PathBuf::from(dir), false),
        None => (
            std::env::temp_dir().join(format!("ficshelf-bench-{}", std::process::id())),
            true,
        ),
    };
    let (vocab, tags, fandoms) = (Zipf::new(20_000), Zipf::new(3_000), Zipf::new(300));
    let index = SearchIndex::open(&dir)?;
    if index.doc_count()? < works as u64 {
        let started = Instant::now();
        let mut rng = Rng(42);
        let wrangler = TagWrangler::new();
        let mut batch = index.writer()?;
        for id in 1..=works {
            let (work, bodies) = generate(id, &mut rng, &vocab, &tags, &fandoms);
            batch.upsert_work(&work, &bodies, &wrangler)?;
            if id % 25_000 == 0 {
                batch.commit(id as u64)?;
            }
        }
        batch.commit(works as u64)?;
        batch.finish()?;
        println!("indexed {works} works in {:.1?}", started.elapsed());
    }
    let index = SearchIndex::open(&dir)?;
    let mut rng = Rng(7);
    let options = SearchOptions::default();
    let shapes: [(&str, QueryMaker); 7] = [
        (
            "text + 3 filters + facets",
            Box::new(|rng: &mut Rng| {
                format!(
                    "{} rating:teen,general fandom:\"Fandom {}\" words:>500",
                    word(50 + rng.below(2000)),
                    word(rng.below(30))
                )
            }),
        ),
        (
            "one word",
            Box::new(|rng: &mut Rng| word(50 + rng.below(2000))),
        ),
        (
            "word + fandom",
            Box::new(|rng: &mut Rng| {
                format!(
                    "{} fandom:\"Fandom {}\"",
                    word(50 + rng.below(2000)),
                    word(rng.below(30))
                )
            }),
        ),
        (
            "word + words range",
            Box::new(|rng: &mut Rng| format!("{} words:>500", word(50 + rng.below(2000)))),
        ),
        (
            "two words",
            Box::new(|rng: &mut Rng| {
                format!(
                    "{} {}",
                    word(20 + rng.below(500)),
                    word(20 + rng.below(500))
                )
            }),
        ),
        (
            "phrase",
            Box::new(|rng: &mut Rng| {
                format!("\"{} {}\"", word(rng.below(30)), word(rng.below(30)))
            }),
        ),
        (
            "browse + 2 filters",
            Box::new(|rng: &mut Rng| {
                format!("status:complete tag:\"Tag {}\"", word(rng.below(50)))
            }),
        ),
    ];
    let variants = [
        ("", options.clone()),
        (
            ", no facets",
            SearchOptions {
                facet_top: 0,
                ..options.clone()
            },
        ),
        (
            ", no hits",
            SearchOptions {
                limit: 0,
                ..options.clone()
            },
        ),
    ];
    for (i, (name, make)) in shapes.iter().enumerate() {
        let runs = if i == 0 {
            &variants[..]
        } else {
            &variants[..1]
        };
        for (variant, options) in runs {
            let mut times = Vec::new();
            let mut total = 0;
            for i in 0..300 {
                let query = make(&mut rng);
                let started = Instant::now();
                let results = index.search(&query, options)?;
                if i >= 20 {
                    times.push(started.elapsed());
                }
                total += results.total;
            }
            times.sort();
            println!(
                "{:40} p50 {:>8.2?}  p99 {:>8.2?}  (mean hits {})",
                format!("{name}{variant}"),
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                total / 300
            );
        }
    }
    let started = Instant::now();
    let browse = index.search("", &options)?;
    println!(
        "browse everything ({} works)     {:.2?}",
        browse.total,
        started.elapsed()
    );
    if temporary {
        drop(index);
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
