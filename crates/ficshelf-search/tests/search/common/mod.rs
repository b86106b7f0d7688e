//! A hand-built library of twelve works; the expected results in the tests
//! are computed by hand from the table in `corpus()`.
#![allow(dead_code)]

use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use ficshelf_search::{SearchIndex, SearchOptions, SearchResults, TagWrangler};

pub const SYNONYMS: &str = r#"
[character]
"Hermione Granger" = ["Mione", "Hermy"]

[fandom]
"Sherlock (TV)" = ["BBC Sherlock"]
"#;

/// A work in table form.
pub struct Spec {
    pub id: &'static str,
    pub title: &'static str,
    pub authors: &'static [&'static str],
    pub rating: Rating,
    pub warnings: &'static [&'static str],
    pub category: &'static [&'static str],
    pub fandoms: &'static [&'static str],
    pub relationships: &'static [&'static str],
    pub characters: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub language: Option<&'static str>,
    pub status: Option<Status>,
    pub words: u64,
    pub published: Option<&'static str>,
    pub updated: Option<&'static str>,
    pub summary: Option<&'static str>,
    pub notes: Option<&'static str>,
    pub chapters: &'static [&'static str],
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            id: "0",
            title: "",
            authors: &[],
            rating: Rating::NotRated,
            warnings: &["No Archive Warnings Apply"],
            category: &[],
            fandoms: &["Harry Potter - J. K. Rowling"],
            relationships: &[],
            characters: &[],
            tags: &[],
            language: Some("English"),
            status: Some(Status::Complete),
            words: 1000,
            published: None,
            updated: None,
            summary: None,
            notes: None,
            chapters: &[],
        }
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Spec {
    pub fn build(&self) -> (Work, Vec<ChapterBody>) {
        let mut work = Work::new(self.id, self.title);
        work.authors = strings(self.authors);
        work.rating = self.rating;
        work.warnings = strings(self.warnings);
        work.category = strings(self.category);
        work.fandoms = strings(self.fandoms);
        work.relationships = strings(self.relationships);
        work.characters = strings(self.characters);
        work.tags = strings(self.tags);
        work.language = self.language.map(str::to_string);
        work.status = self.status;
        work.words = self.words;
        work.published = self.published.map(str::to_string);
        work.updated = self.updated.map(str::to_string);
        work.summary = self.summary.map(str::to_string);
        work.notes = Notes {
            begin: self.notes.map(str::to_string),
            end: None,
        };
        let mut bodies = Vec::new();
        for (i, text) in self.chapters.iter().enumerate() {
            work.chapters.push(Chapter {
                number: i as u32 + 1,
                title: None,
                words: ficshelf_model::count_words(text),
                notes: Notes::default(),
                sources: Vec::new(),
            });
            bodies.push(ChapterBody {
                blocks: vec![Block::Paragraph(text.to_string())],
            });
        }
        (work, bodies)
    }
}

const HP: &[&str] = &["Harry Potter - J. K. Rowling"];
const SHERLOCK: &[&str] = &["Sherlock (TV)"];

/// The twelve works.
pub fn corpus() -> Vec<(Work, Vec<ChapterBody>)> {
    use Rating::*;
    let specs = [
        Spec {
            id: "1",
            title: "Sea Glass",
            authors: &["Ann"],
            rating: Teen,
            category: &["M/M"],
            fandoms: HP,
            relationships: &["Harry/Draco"],
            characters: &["Draco Malfoy", "Harry Potter"],
            tags: &["Fluff", "Beach"],
            words: 6000,
            published: Some("2019-03-01"),
            updated: Some("2019-06-01"),
            summary: Some("A summer by the sea."),
            chapters: &[
                "Harry walked along the shore and saw a dragon.",
                "He found sea glass in the sand.",
                "They went home.",
            ],
            ..Spec::default()
        },
        Spec {
            id: "2",
            title: "Dragon Hoard",
            authors: &["Bea"],
            rating: General,
            category: &["Gen"],
            characters: &["Charlie Weasley"],
            tags: &["Dragons", "Fluff"],
            words: 1200,
            published: Some("2020-01-10"),
            updated: Some("2020-01-10"),
            chapters: &["Charlie counted the eggs in the nest."],
            ..Spec::default()
        },
        Spec {
            id: "3",
            title: "The Long Night",
            authors: &["Cy"],
            rating: Mature,
            warnings: &["Major Character Death"],
            category: &["F/M"],
            fandoms: SHERLOCK,
            relationships: &["John Watson/Sherlock Holmes"],
            characters: &["Sherlock Holmes", "John Watson"],
            tags: &["Angst", "Hurt/Comfort"],
            status: Some(Status::InProgress),
            words: 12000,
            published: Some("2018-05-05"),
            updated: Some("2021-02-02"),
            chapters: &[
                "Rain over London.",
                "A dragon, a dragon, a dragon in the fog. The dragon roared.",
                "Sherlock solved it.",
            ],
            ..Spec::default()
        },
        Spec {
            id: "4",
            title: "Mind Palace",
            authors: &["Cy", "Dee"],
            rating: Teen,
            category: &["M/M"],
            fandoms: SHERLOCK,
            relationships: &["Sherlock/John"],
            characters: &["Sherlock Holmes", "John Watson"],
            tags: &["fluff"],
            words: 3000,
            published: Some("2017-01-01"),
            updated: Some("2017-01-01"),
            chapters: &["Sherlock remembered the sea glass from his childhood."],
            ..Spec::default()
        },
        Spec {
            id: "5",
            title: "Nuit blanche",
            authors: &["Élodie"],
            rating: Explicit,
            warnings: &["Creator Chose Not To Use Archive Warnings"],
            category: &["F/F"],
            fandoms: SHERLOCK,
            relationships: &["Irene Adler/Molly Hooper"],
            characters: &["Irene Adler", "Molly Hooper"],
            tags: &["Romance"],
            language: Some("French"),
            words: 8000,
            published: Some("2020-06-01"),
            updated: Some("2020-07-01"),
            chapters: &["Elle marchait sous la pluie.", "Le café était froid."],
            ..Spec::default()
        },
        Spec {
            id: "6",
            title: "Untitled Draft",
            authors: &["Ann"],
            rating: NotRated,
            warnings: &[],
            fandoms: &["Original Work"],
            tags: &["Drabble"],
            language: None,
            status: None,
            words: 100,
            chapters: &["Just a drabble about <nothing> & \"quotes\"."],
            ..Spec::default()
        },
        Spec {
            id: "7",
            title: "Burning Wings",
            authors: &["Bea"],
            rating: Teen,
            warnings: &["Graphic Depictions Of Violence"],
            category: &["Gen"],
            relationships: &["Harry & Ron"],
            characters: &["Harry Potter", "Ron Weasley"],
            tags: &["Angst", "Friendship"],
            status: Some(Status::InProgress),
            words: 25000,
            published: Some("2021-01-01"),
            updated: Some("2023-03-03"),
            chapters: &[
                "Harry trained.",
                "Ron trained.",
                "They fought a Hungarian Horntail, a dragon.",
                "The end.",
            ],
            ..Spec::default()
        },
        Spec {
            id: "8",
            title: "Lost and Found",
            authors: &["Eve"],
            rating: General,
            category: &["F/M"],
            relationships: &["Ron/Hermione G."],
            characters: &["Hermione G.", "Hermione Granger", "Ron Weasley"],
            tags: &["Fluff", "Library"],
            words: 5000,
            published: Some("2016-02-02"),
            updated: Some("2016-02-02"),
            summary: Some("Hermione loses a book."),
            chapters: &["Hermione found the book she had lost."],
            ..Spec::default()
        },
        Spec {
            id: "9",
            title: "Draco's Dragon",
            authors: &["Ann"],
            rating: Explicit,
            category: &["M/M"],
            relationships: &["H/D"],
            characters: &["Draco Malfoy", "Harry Potter"],
            tags: &["Smut"],
            words: 7000,
            published: Some("2022-02-02"),
            updated: Some("2022-02-02"),
            chapters: &[
                "Draco had a pet.",
                "It was a tiny dragon made of sea glass.",
            ],
            ..Spec::default()
        },
        Spec {
            id: "10",
            title: "Mione's Summer",
            authors: &["Fay"],
            rating: Teen,
            category: &["Gen"],
            characters: &["Mione"],
            tags: &["Summer"],
            words: 2000,
            published: Some("2015-07-07"),
            updated: Some("2015-07-07"),
            chapters: &["Hermione read all summer."],
            ..Spec::default()
        },
        Spec {
            id: "11",
            title: "Watson's Blog",
            authors: &["Gus"],
            rating: General,
            category: &["Gen"],
            fandoms: &["BBC Sherlock"],
            characters: &["John Watson"],
            tags: &["Epistolary", "Humor"],
            words: 900,
            published: Some("2019-09-09"),
            updated: Some("2019-09-09"),
            chapters: &["Today Sherlock set the kitchen on fire."],
            ..Spec::default()
        },
        Spec {
            id: "12",
            title: "Draco x Harry Forever",
            authors: &["Hal"],
            rating: Mature,
            category: &["M/M"],
            relationships: &["Draco x Harry"],
            characters: &["Draco Malfoy", "Harry Potter"],
            tags: &["Angst", "Fluff"],
            words: 15000,
            published: Some("2023-05-05"),
            updated: Some("2024-01-01"),
            notes: Some("Thanks to my beta reader."),
            chapters: &["Harry smiled.", "Draco smiled back."],
            ..Spec::default()
        },
    ];
    let mut works: Vec<(Work, Vec<ChapterBody>)> = specs.iter().map(Spec::build).collect();
    let seven = &mut works[6].0.suggested;
    seven.characters = strings(&["Hermione Granger"]);
    seven.relationships = strings(&["Hermione Granger/Ron Weasley"]);
    seven.rating = Some(Mature);
    seven.warnings = strings(&["Major Character Death"]);
    let eleven = &mut works[10].0.suggested;
    eleven.characters = strings(&["Sherlock Holmes"]);
    eleven.fandoms = strings(&["Doctor Who"]);
    works
}

pub fn wrangler() -> TagWrangler {
    TagWrangler::from_toml(SYNONYMS).expect("test synonyms are valid")
}

/// The corpus in a fresh in-memory index, committed with label 12.
pub fn index() -> SearchIndex {
    let index = SearchIndex::open_in_ram().expect("in-RAM index");
    let wrangler = wrangler();
    let mut batch = index.writer().expect("writer");
    for (work, bodies) in corpus() {
        batch
            .upsert_work(&work, &bodies, &wrangler)
            .expect("upsert");
    }
    batch.commit(12).expect("commit");
    drop(batch);
    index.set_wrangler(wrangler);
    index
}

pub fn search(index: &SearchIndex, query: &str) -> SearchResults {
    search_with(
        index,
        query,
        &SearchOptions {
            limit: 100,
            ..SearchOptions::default()
        },
    )
}

pub fn search_with(index: &SearchIndex, query: &str, options: &SearchOptions) -> SearchResults {
    index
        .search(query, options)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// Ids of the hits in result order.
pub fn ids(index: &SearchIndex, query: &str) -> Vec<String> {
    let results = search(index, query);
    let ids: Vec<String> = results.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(results.total, ids.len() as u64, "{query}: total vs hits");
    ids
}

/// Ids of the hits, sorted numerically (for filters where order is not the point).
pub fn id_set(index: &SearchIndex, query: &str) -> Vec<u32> {
    let mut ids: Vec<u32> = ids(index, query)
        .iter()
        .map(|id| id.parse().expect("numeric id"))
        .collect();
    ids.sort_unstable();
    ids
}
