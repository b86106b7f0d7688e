//! EPUB export time beside calibre's `ebook-convert` of the same work as
//! HTML, for a 100k-word and a 1M-word work made of generated text.
//!
//! ```sh
//! cargo bench -p ficshelf-export --bench epub_export
//! ```
//!
//! Prints, per size, the median of several EPUB exports, one calibre run
//! (`ebook-convert x.html x.epub`) and their ratio. Targets: at most 50 ms
//! for 100k words, at least 20× faster than calibre. Without calibre the
//! comparison is skipped with a notice. Not a test: nothing here fails.

use ficshelf_export::{to_bytes, write_html, Format};
use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use std::process::Command;
use std::time::{Duration, Instant};

/// Words to build sentences from (written for this benchmark).
const WORDS: &[&str] = &[
    "lantern",
    "harbour",
    "quietly",
    "the",
    "and",
    "a",
    "of",
    "salt",
    "wind",
    "she",
    "he",
    "they",
    "remembered",
    "kettle",
    "across",
    "under",
    "letters",
    "morning",
    "never",
    "almost",
    "copper",
    "gull",
    "tide",
    "rope",
    "window",
    "laughed",
    "whispered",
    "because",
    "slowly",
    "garden",
    "stone",
    "river",
    "bread",
    "ink",
    "ledger",
    "bright",
    "cold",
    "warm",
    "orchard",
    "station",
    "clock",
    "gear",
    "apprentice",
    "storm",
    "ember",
    "map",
    "door",
    "stair",
    "candle",
];

/// A small deterministic generator (xorshift), so every run writes the same work.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(rng: &mut Rng, words: &mut u64) -> String {
    let len = 6 + rng.below(14);
    let mut s = String::new();
    for i in 0..len {
        let word = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                s.extend(first.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(word);
        }
    }
    s.push('.');
    *words += len as u64;
    s
}

/// A work of about `target_words` words in `chapters` chapters: plain
/// paragraphs, HTML paragraphs with italics, a scene break now and then.
fn generated_work(target_words: u64, chapters: u32) -> (Work, Vec<ChapterBody>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut work = Work::new("1", format!("The Long Tide ({target_words} words)"));
    work.authors = vec!["Bench Writer".into()];
    work.rating = Rating::Teen;
    work.fandoms = vec!["Original Work".into()];
    work.tags = vec!["Sea".into(), "Slow Burn".into()];
    work.summary = Some("A generated work for timing the exporter.".into());
    work.status = Some(Status::Complete);
    let per_chapter = target_words / u64::from(chapters);
    let mut bodies = Vec::new();
    let mut total = 0;
    for number in 1..=chapters {
        let mut words = 0;
        let mut blocks = Vec::new();
        while words < per_chapter {
            let sentences = 3 + rng.below(5);
            let mut para = String::new();
            for _ in 0..sentences {
                if !para.is_empty() {
                    para.push(' ');
                }
                para.push_str(&sentence(&mut rng, &mut words));
            }
            match rng.below(10) {
                0 => blocks.push(Block::SceneBreak),
                1..=3 => {
                    let cut = para.find(' ').unwrap_or(0);
                    let html = format!("<p><em>{}</em>{}</p>", &para[..cut], &para[cut..]);
                    blocks.push(Block::Html(html));
                    continue;
                }
                _ => {}
            }
            blocks.push(Block::Paragraph(para));
        }
        total += words;
        work.chapters.push(Chapter {
            number,
            title: Some(format!("Tide {number}")),
            words,
            notes: Notes::default(),
            sources: Vec::new(),
        });
        bodies.push(ChapterBody { blocks });
    }
    work.words = total;
    (work, bodies)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (words, chapters, runs) in [(100_000, 20, 15), (1_000_000, 200, 7)] {
        let (work, bodies) = generated_work(words, chapters);
        let mut size = 0;
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let bytes = to_bytes(Format::Epub, &work, &bodies, &[]).expect("export");
                let took = start.elapsed();
                size = bytes.len();
                took
            })
            .collect();
        let ours = median(times);
        println!(
            "{} words, {chapters} chapters: Ficshelf EPUB export {:.1} ms (median of {runs}), {} KiB",
            work.words,
            ms(ours),
            size / 1024
        );

        let html = dir.path().join(format!("work-{words}.html"));
        let epub = dir.path().join(format!("work-{words}.epub"));
        let mut file = std::fs::File::create(&html).expect("html file");
        write_html(&work, &bodies, &[], &mut file).expect("html export");
        drop(file);
        let start = Instant::now();
        let status = Command::new("ebook-convert")
            .arg(&html)
            .arg(&epub)
            .env("QT_QPA_PLATFORM", "offscreen")
            .output();
        let calibre = start.elapsed();
        match status {
            Ok(out) if out.status.success() => println!(
                "{} words: calibre ebook-convert x.html x.epub {:.0} ms; Ficshelf is {:.0}x faster",
                work.words,
                ms(calibre),
                calibre.as_secs_f64() / ours.as_secs_f64()
            ),
            Ok(out) => println!(
                "calibre ebook-convert failed: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ),
            Err(err) => println!(
                "NOTICE: calibre's ebook-convert not available ({err}); comparison skipped"
            ),
        }
    }
}
