//! What one work is: every fact the manifest records, drawn from
//! `(seed, index)` alone so works can be generated in any order.

use super::fandoms::{Fandom, FANDOMS, GENRES, TAGS, WARNINGS};
use super::headings::HeadingStyle;
use super::names::{self, PEN_NAMES};
use super::prose::{Layout, SCENE_BREAKS};
use super::rng::{gcd, mix, Rng};
use super::sink::TextEncoding;
use super::text;

/// The header style of a work's files (see the crate README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// (a) a labelled header block.
    Labelled,
    /// (b) FanFiction.Net's `Title by Author` and stat line.
    FanFictionNet,
    /// (c) prose front matter: disclaimer, warning, author's note.
    Prose,
    /// (d) one file per chapter, the same untitled header on each.
    FilePerChapter,
    /// (e) one file, varied chapter heading styles, end matter.
    Headings,
}

impl Style {
    pub const ALL: [Style; 5] = [
        Style::Labelled,
        Style::FanFictionNet,
        Style::Prose,
        Style::FilePerChapter,
        Style::Headings,
    ];

    /// The name written in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Style::Labelled => "labelled",
            Style::FanFictionNet => "ffnet",
            Style::Prose => "prose",
            Style::FilePerChapter => "file-per-chapter",
            Style::Headings => "headings",
        }
    }
}

/// Rating labels of every scale, with the AO3 rating each maps to.
pub const RATINGS: &[(&str, &str)] = &[
    ("K", "general"),
    ("K+", "general"),
    ("T", "teen"),
    ("M", "mature"),
    ("MA", "explicit"),
    ("G", "general"),
    ("PG", "general"),
    ("PG-13", "teen"),
    ("R", "mature"),
    ("NC-17", "explicit"),
    ("X", "explicit"),
    ("Explicit", "explicit"),
    ("Mature", "mature"),
    ("Teen And Up Audiences", "teen"),
    ("General Audiences", "general"),
    ("Not Rated", "not_rated"),
    ("E", "explicit"),
    ("NC17", "explicit"),
    ("PG13", "teen"),
    ("Gen", "general"),
];

/// FanFiction.Net's own rating labels.
const FFN_RATINGS: &[(&str, &str)] = &[
    ("K", "general"),
    ("K+", "general"),
    ("T", "teen"),
    ("M", "mature"),
    ("Fiction K", "general"),
    ("Fiction K+", "general"),
    ("Fiction T", "teen"),
    ("Fiction M", "mature"),
    ("MA", "explicit"),
];

const COMPLETE: &[&str] = &["Complete", "Completed", "complete", "Finished"];
const IN_PROGRESS: &[&str] = &["WIP", "In Progress", "Ongoing", "Incomplete", "In-Progress"];

/// One chapter: its heading as written (none for a lone chapter or one file
/// per chapter), title, exact word count and notes.
#[derive(Debug, Clone)]
pub struct ChapterPlan {
    pub heading: Option<String>,
    pub title: Option<String>,
    pub words: u64,
    pub begin_note: Option<String>,
    pub end_note: Option<String>,
}

/// Everything about one work. Fields hold what the files *state*: a field
/// the style does not write is empty or `None`.
#[derive(Debug, Clone)]
pub struct WorkPlan {
    pub seed: u64,
    pub index: u64,
    pub style: Style,
    pub encoding: TextEncoding,
    pub crlf: bool,
    pub layout: Layout,
    pub curly: bool,
    pub indent: &'static str,
    pub scene_break: &'static str,
    /// Shard folder number, `0..1000`.
    pub shard: u32,
    /// File (or folder) name without extension; unique in the corpus.
    pub slug: String,
    /// The work's title, whether or not its files state it.
    pub title: String,
    pub title_stated: bool,
    pub authors: Vec<String>,
    /// The rating label written and its AO3 machine name.
    pub rating: Option<(&'static str, &'static str)>,
    pub fandom: &'static Fandom,
    pub fandoms: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    /// Genres first, then freeform tags, without repeats.
    pub genres: Vec<String>,
    pub tags: Vec<String>,
    pub warnings: Vec<String>,
    /// The status label written and its machine name.
    pub status: Option<(&'static str, &'static str)>,
    pub complete: bool,
    /// Prose style only: the warning sentence written in the front matter.
    pub front_warning: Option<String>,
    /// Characters the prose mentions, most prominent first (full names).
    pub cast: Vec<&'static str>,
    /// `(year, month, day)` first published and last updated.
    pub published: (u32, u32, u32),
    pub updated: (u32, u32, u32),
    pub chapters: Vec<ChapterPlan>,
}

const STREAM_PLAN: u64 = 1;

/// How long a corpus's works are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Length {
    /// 35% one-shots, otherwise 2–30 chapters of 1,000–10,000 words
    /// (median 2,800): about 100 KB a work.
    #[default]
    Standard,
    /// About 1,000 words a work: 90% one-shots of 400–3,000 words (median
    /// 1,000), otherwise 2–3 chapters of 250–1,500 words (median 450). For
    /// libraries of a million works that fit one machine's disk.
    Short,
}

impl WorkPlan {
    /// The plan of work `index` of the corpus with seed `seed`, standard length.
    pub fn new(seed: u64, index: u64) -> WorkPlan {
        WorkPlan::with_length(seed, index, Length::Standard)
    }

    /// The plan of work `index` of a corpus of `length` works with seed
    /// `seed`. Everything but the chapters' number and length is the same
    /// for both lengths.
    pub fn with_length(seed: u64, index: u64, length: Length) -> WorkPlan {
        let mut rng = Rng::derive(seed, STREAM_PLAN, index);
        let style = Style::ALL[(index % Style::ALL.len() as u64) as usize];
        let u = rng.unit();
        let encoding = if u < 0.03 {
            TextEncoding::Windows1252
        } else if u < 0.04 {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf8
        };
        let curly = match encoding {
            TextEncoding::Windows1252 => true,
            TextEncoding::Utf16Le => rng.chance(0.5),
            TextEncoding::Utf8 => rng.chance(0.25),
        };
        let layout = match (style, rng.weighted(&[55, 20, 15, 10])) {
            (Style::Prose, n) => [Layout::Blank, Layout::Wrapped][n % 2],
            (_, 0) => Layout::Blank,
            (_, 1) => Layout::Wrapped,
            (_, 2) => Layout::LinePerParagraph,
            _ => Layout::Indented,
        };
        let (title, authors) = title_and_authors(seed, index, &mut rng);
        let fandom = &FANDOMS[rng.index(FANDOMS.len())];
        let mut cast: Vec<&'static str> = fandom.cast.to_vec();
        rng.shuffle(&mut cast);
        cast.truncate(rng.range(3, 8) as usize);
        let complete = rng.chance(0.6);
        let published = (
            rng.range(2001, 2016) as u32,
            rng.range(1, 12) as u32,
            rng.range(1, 28) as u32,
        );
        let later = rng.range(0, 900) as u32;
        let mut plan = WorkPlan {
            seed,
            index,
            style,
            encoding,
            crlf: rng.chance(0.15),
            layout,
            curly,
            indent: rng.word(&["\t", "    ", "  "]),
            scene_break: rng.word(SCENE_BREAKS),
            shard: (mix(0x5A4D, index) % 1000) as u32,
            slug: format!("{}-{index}", text::slug(&title)),
            title,
            title_stated: true,
            authors,
            rating: Some(*rng.pick(RATINGS)),
            fandom,
            fandoms: vec![fandom.name.to_string()],
            relationships: Vec::new(),
            characters: Vec::new(),
            genres: Vec::new(),
            tags: Vec::new(),
            warnings: Vec::new(),
            status: None,
            complete,
            front_warning: None,
            cast,
            published,
            updated: add_days(published, later),
            chapters: Vec::new(),
        };
        plan.state_metadata(&mut rng);
        plan.chapters = plan_chapters(&plan, length, &mut rng);
        plan
    }

    /// Decides which metadata the style states, and how.
    fn state_metadata(&mut self, rng: &mut Rng) {
        let mut relationships = Vec::new();
        if self.cast.len() >= 2 && rng.chance(0.8) {
            let joint = if rng.chance(0.85) { "/" } else { " & " };
            relationships.push(format!("{}{joint}{}", self.cast[0], self.cast[1]));
            if self.cast.len() >= 4 && rng.chance(0.2) {
                relationships.push(format!("{}/{}", self.cast[2], self.cast[3]));
            }
        }
        let characters: Vec<String> = self
            .cast
            .iter()
            .take(rng.range(1, 5) as usize)
            .map(|c| c.to_string())
            .collect();
        let mut genres: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let g = rng.pick(GENRES).to_string();
            if !genres.contains(&g) {
                genres.push(g);
            }
        }
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.range(0, 4) {
            let t = rng.pick(TAGS).to_string();
            if !tags.contains(&t) && !genres.contains(&t) {
                tags.push(t);
            }
        }
        let mut warnings: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let w = rng.pick(WARNINGS).to_string();
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        let status = if self.complete {
            (rng.word(COMPLETE), "complete")
        } else {
            (rng.word(IN_PROGRESS), "in_progress")
        };
        let crossover = rng.chance(0.1);
        if crossover {
            let other = &FANDOMS[rng.index(FANDOMS.len())];
            if other.name != self.fandom.name {
                self.fandoms.push(other.name.to_string());
            }
        }
        match self.style {
            Style::Labelled | Style::FilePerChapter => {
                let per_chapter = self.style == Style::FilePerChapter;
                self.title_stated = !per_chapter;
                if !rng.chance(if per_chapter { 0.9 } else { 0.95 }) {
                    self.rating = None;
                }
                if rng.chance(if per_chapter { 0.6 } else { 0.7 }) {
                    self.relationships = relationships;
                }
                if rng.chance(if per_chapter { 0.5 } else { 0.8 }) {
                    self.characters = characters;
                }
                if rng.chance(if per_chapter { 0.5 } else { 0.8 }) {
                    self.genres = genres;
                    self.tags = tags;
                }
                if rng.chance(if per_chapter { 0.3 } else { 0.5 }) {
                    self.warnings = warnings;
                }
                if rng.chance(if per_chapter { 0.5 } else { 0.7 }) {
                    self.status = Some(status);
                }
            }
            Style::FanFictionNet => {
                self.authors.truncate(1);
                self.rating = Some(*rng.pick(FFN_RATINGS));
                self.fandoms.clear();
                if rng.chance(0.8) {
                    self.characters = characters.iter().map(|c| Fandom::ffn_name(c)).collect();
                    if self.characters.len() >= 2 && rng.chance(0.4) {
                        self.relationships =
                            vec![format!("{}/{}", self.characters[0], self.characters[1])];
                    }
                }
                self.genres = genres;
                if self.complete {
                    self.status = Some(("Complete", "complete"));
                }
            }
            Style::Prose => {
                self.rating = None;
                self.fandoms.clear();
                if !rng.chance(0.6) {
                    self.title_stated = false;
                    self.authors.clear();
                }
                if rng.chance(0.6) {
                    let (written, kept) = text::warning_sentence(rng);
                    self.front_warning = Some(written);
                    self.warnings = vec![kept];
                }
            }
            Style::Headings => {
                if !rng.chance(0.9) {
                    self.rating = None;
                }
                if !rng.chance(0.5) {
                    self.fandoms.clear();
                }
                if rng.chance(0.4) {
                    self.status = Some(status);
                }
            }
        }
    }

    /// The AO3 rating the importer should arrive at.
    pub fn rating_ao3(&self) -> &'static str {
        self.rating.map_or("not_rated", |(_, ao3)| ao3)
    }

    /// First names of the cast, for prose.
    pub fn first_names(&self) -> Vec<&'static str> {
        self.cast.iter().map(|c| Fandom::first_name(c)).collect()
    }

    /// Total words of story text.
    pub fn words(&self) -> u64 {
        self.chapters.iter().map(|c| c.words).sum()
    }
}

/// Title and authors of work `index`. Works whose first author is the same
/// get distinct title codes, so `(title, authors)` never repeats.
fn title_and_authors(seed: u64, index: u64, rng: &mut Rng) -> (String, Vec<String>) {
    let space = names::title_space();
    let slot = index % PEN_NAMES;
    let round = index / PEN_NAMES;
    let author_stride = coprime_stride(PEN_NAMES, 2_654_435_761);
    let author = (slot * author_stride + mix(seed, 0xA0) % PEN_NAMES) % PEN_NAMES;
    let title_stride = coprime_stride(space, 1_000_003);
    let code = (round % space * title_stride + mix(seed, slot) % space) % space;
    let mut authors = vec![names::pen_name(author)];
    if rng.chance(0.08) {
        let other = mix(seed ^ 0xC0, index) % PEN_NAMES;
        if other != author {
            authors.push(names::pen_name(other));
        }
    }
    (names::title(code), authors)
}

/// The first number from `start` up that is coprime with `n`.
fn coprime_stride(n: u64, start: u64) -> u64 {
    let mut s = start % n;
    while gcd(s, n) != 1 {
        s += 1;
    }
    s
}

/// A date `days` later, on a calendar of 28-day months (every day 1–28 is
/// valid in every real month).
fn add_days((y, m, d): (u32, u32, u32), days: u32) -> (u32, u32, u32) {
    let ordinal = (y * 12 + (m - 1)) * 28 + (d - 1) + days;
    let months = ordinal / 28;
    (months / 12, months % 12 + 1, ordinal % 28 + 1)
}

/// Chapter count and a draw of one chapter's words, for `length`.
fn chapter_shape(length: Length, rng: &mut Rng) -> (usize, fn(&mut Rng) -> u64) {
    match length {
        Length::Standard => {
            let count = if rng.chance(0.35) {
                1
            } else {
                rng.log_normal(6.0, 0.8, 2.0, 30.0) as usize
            };
            (count, |rng| {
                rng.log_normal(2800.0, 0.55, 1000.0, 10000.0) as u64
            })
        }
        Length::Short if rng.chance(0.9) => {
            (1, |rng| rng.log_normal(1000.0, 0.4, 400.0, 3000.0) as u64)
        }
        Length::Short => (rng.range(2, 3) as usize, |rng| {
            rng.log_normal(450.0, 0.4, 250.0, 1500.0) as u64
        }),
    }
}

fn plan_chapters(plan: &WorkPlan, length: Length, rng: &mut Rng) -> Vec<ChapterPlan> {
    let (count, chapter_words) = chapter_shape(length, rng);
    let style = match plan.style {
        Style::Labelled | Style::FanFictionNet => *rng.pick(&[
            HeadingStyle::ChapterDigits,
            HeadingStyle::ChapterDigits,
            HeadingStyle::ChapterWords,
        ]),
        Style::Prose => *rng.pick(&[
            HeadingStyle::ChapterDigits,
            HeadingStyle::ChapterWords,
            HeadingStyle::TitleBelow,
        ]),
        _ => *rng.pick(&HeadingStyle::ALL),
    };
    let headed = match plan.style {
        Style::FilePerChapter => false,
        Style::Prose => count > 1 || rng.chance(0.5),
        _ => count > 1,
    };
    let titled = style.has_titles() && rng.chance(0.7);
    let prologue = plan.style == Style::Headings && count >= 3 && rng.chance(0.15);
    let epilogue = plan.style == Style::Headings && count >= 4 && plan.complete && rng.chance(0.15);
    let end_note_chance = if plan.style == Style::Headings {
        0.7
    } else {
        0.25
    };
    let names = plan.first_names();
    (0..count)
        .map(|i| {
            let n = if prologue { i as u32 } else { i as u32 + 1 };
            let title = if titled && rng.chance(0.85) {
                let name = rng.word(&names);
                Some(names::chapter_title(rng, name))
            } else {
                None
            };
            let (heading, title) = if !headed {
                (None, None)
            } else if prologue && i == 0 {
                (Some("Prologue".to_string()), Some("Prologue".to_string()))
            } else if epilogue && i + 1 == count {
                (Some("Epilogue".to_string()), Some("Epilogue".to_string()))
            } else {
                (Some(style.heading(n, title.as_deref())), title)
            };
            let last = i + 1 == count;
            ChapterPlan {
                begin_note: (heading.is_some() && rng.chance(0.1)).then(|| text::begin_note(rng)),
                end_note: rng
                    .chance(end_note_chance)
                    .then(|| text::end_note(rng, last, plan.complete)),
                heading,
                title,
                words: chapter_words(rng),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn identities_never_repeat() {
        let mut seen = HashSet::new();
        for index in 0..20_000 {
            let plan = WorkPlan::new(42, index);
            if !plan.title_stated {
                continue; // identified by its file name instead
            }
            assert!(
                seen.insert((plan.title.to_lowercase(), plan.authors.clone())),
                "{index}"
            );
        }
    }

    #[test]
    fn plans_are_deterministic_and_shaped() {
        let a = WorkPlan::new(7, 123);
        let b = WorkPlan::new(7, 123);
        assert_eq!(a.title, b.title);
        assert_eq!(a.words(), b.words());
        for index in 0..500 {
            let p = WorkPlan::new(7, index);
            assert!((1..=30).contains(&p.chapters.len()));
            assert!(p.chapters.iter().all(|c| (1000..=10000).contains(&c.words)));
        }
    }

    #[test]
    fn short_works_are_about_a_thousand_words() {
        let plans: Vec<WorkPlan> = (0..2000)
            .map(|i| WorkPlan::with_length(42, i, Length::Short))
            .collect();
        let one_shots = plans.iter().filter(|p| p.chapters.len() == 1).count();
        assert!((1700..=1900).contains(&one_shots), "{one_shots} one-shots");
        assert!(plans.iter().all(|p| (1..=3).contains(&p.chapters.len())));
        assert!(plans.iter().all(|p| (400..=4500).contains(&p.words())));
        let mean = plans.iter().map(WorkPlan::words).sum::<u64>() / plans.len() as u64;
        assert!((900..=1300).contains(&mean), "mean {mean} words");
        // Only the length differs from the standard plan.
        let standard = WorkPlan::new(42, 17);
        assert_eq!(plans[17].title, standard.title);
        assert_eq!(plans[17].fandoms, standard.fandoms);
    }

    #[test]
    fn dates_stay_valid() {
        assert_eq!(add_days((2009, 12, 28), 1), (2010, 1, 1));
        assert_eq!(add_days((2009, 3, 4), 0), (2009, 3, 4));
    }
}
