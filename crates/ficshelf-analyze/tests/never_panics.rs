//! `Analyzer::analyze` never panics, whatever the text (#13 was an index
//! out of bounds on an ordinary two-chapter work).
//!
//! Works are built from words that steer the analysis into its corners —
//! list characters whose clusters merge, titles, speech verbs, first-person
//! narration, romance and disclaimer cues, initials, possessives — mixed
//! with every kind of punctuation and quote, arbitrary Unicode (letters
//! whose lowercase is longer, combining marks, emoji, right-to-left text),
//! huge capitalised "names", punctuation-only and empty paragraphs and
//! chapters, HTML blocks and scene breaks, and stated tags, notes and word
//! counts that need not match the text.
//!
//! 256 cases by default; `PROPTEST_CASES=100000 cargo test --release -p
//! ficshelf-analyze --test never_panics` runs it long.

use ficshelf_analyze::characters::CharacterLists;
use ficshelf_analyze::Analyzer;
use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Work};
use proptest::prelude::*;

/// Words that each exercise a rule of the name finder, the fandom finder,
/// the pairing scorer, the POV reader or the rating scan, separated by
/// spaces.
const WORDS: &str = "Natasha Romanoff Mycroft Hermione Cas Castiel Dean Rey Finn Ilan Brede \
    Mr. Mrs Dr. Miss Captain Aunt Old Saint Fort Street Landing Ministry said asked whispered \
    I I'm my me you your we he she the a in kissed love heart own don't belongs to rights \
    property of Disclaimer Copyright blood sword fuck Still Then Poor Take Carefully Puzzled \
    Ohhh Alright J. K. Rowling Marvel Buffy Ash Ash's O'Brien-Smith Gojo-san S-Suguru \
    Fourth-year H/D Steve/Tony & Der Die Und la \u{130}stanbul \u{1e9e} \u{3a3}\u{3af}\u{3c3}\u{3c5}\u{3c6}\u{3bf}\u{3c2} \
    \u{c9}owyn e\u{301} \u{6771}\u{4eac} \u{1f600} \u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{200b}";

const PUNCTUATION: &[&str] = &[
    ".", ",", "!", "?", "\u{2026}", "...", "\"", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}",
    "'", "-", "\u{2014}", ":", ";", "(", ")", "/", "\n", "\u{a9}", "(c)", "\u{ab}", "\u{bb}", "*",
];

/// Names from the built-in lists (first names and surnames apart, so their
/// clusters merge) and names no list knows, separated by `|`.
const NAMES: &str = "Tony|Stark|Steve|Rogers|Bucky|Barnes|Sherlock|Holmes|John|Watson|Harry|\
    Potter|Draco|Malfoy|Juniper|Odile|Mara Voss|Captain Voss";

/// The words of `list`, cut at `separator`.
fn words_of(list: &'static str, separator: char) -> Vec<&'static str> {
    list.split(separator).map(str::trim).collect()
}

/// A sentence shaped like fan fiction: dialogue with a speaker or an
/// addressee, first-person narration, a romantic beat.
fn sentence() -> impl Strategy<Value = String> {
    let name = || proptest::sample::select(words_of(NAMES, '|'));
    (0usize..5, name(), name()).prop_map(|(shape, a, b)| match shape {
        0 => format!("\u{201c}{a}, come here,\u{201d} {b} said."),
        1 => format!("\u{201c}Go home,\u{201d} said {a}. I watched {b} leave."),
        2 => format!("I kissed {a}, and my heart would not slow down."),
        3 => format!("{a} held {b}'s hand. \"{b}!\""),
        _ => format!("Disclaimer: I don't own {a} or {b}."),
    })
}

/// One piece of a paragraph.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(words_of(WORDS, ' ')).prop_map(str::to_string),
        2 => proptest::sample::select(words_of(NAMES, '|')).prop_map(str::to_string),
        4 => sentence(),
        3 => proptest::sample::select(PUNCTUATION).prop_map(str::to_string),
        1 => proptest::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect()),
        // A huge capitalised "name".
        1 => (1usize..4000).prop_map(|n| format!("Q{}", "u".repeat(n))),
        // A long run of capitalised words.
        1 => (2usize..40).prop_map(|n| vec!["Mara"; n].join(" ")),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), any::<bool>()), 0..40).prop_map(|pieces| {
        let mut text = String::new();
        for (p, spaced) in pieces {
            if spaced {
                text.push(' ');
            }
            text.push_str(&p);
        }
        text
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        8 => paragraph().prop_map(Block::Paragraph),
        1 => Just(Block::SceneBreak),
        1 => paragraph().prop_map(|p| Block::Html(format!("<p><em>{p}</em></p><blockquote><p>{p}</p></blockquote>"))),
        1 => proptest::sample::select(PUNCTUATION).prop_map(|p| Block::Paragraph(p.repeat(30))),
    ]
}

fn chapter() -> impl Strategy<Value = ChapterBody> {
    proptest::collection::vec(block(), 0..14).prop_map(|blocks| ChapterBody { blocks })
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(paragraph(), 0..3)
}

fn work() -> impl Strategy<Value = (Work, Vec<ChapterBody>)> {
    (
        proptest::collection::vec(chapter(), 0..5),
        // Stated chapters: as many as the bodies, or not; words 0 (count
        // them) or any stated count.
        proptest::collection::vec(prop_oneof![Just(0u64), 0u64..u64::from(u32::MAX)], 0..6),
        (tags(), tags(), tags(), tags()),
        proptest::option::of(paragraph()),
        proptest::option::of(paragraph()),
    )
        .prop_map(
            |(bodies, chapter_words, (characters, fandoms, relationships, free), summary, note)| {
                let mut work = Work::new("1", "Fuzzed");
                for (n, words) in chapter_words.into_iter().enumerate() {
                    work.chapters.push(Chapter {
                        number: n as u32 + 1,
                        title: None,
                        words,
                        notes: Notes {
                            begin: note.clone(),
                            end: None,
                        },
                        sources: Vec::new(),
                    });
                }
                work.characters = characters;
                work.fandoms = fandoms;
                work.relationships = relationships;
                work.tags = free;
                work.summary = summary;
                work.disclaimer = note;
                (work, bodies)
            },
        )
}

proptest! {
    #[test]
    fn analyze_never_panics((work, bodies) in work()) {
        let analyzer = Analyzer::new(CharacterLists::builtin());
        let analysis = analyzer.analyze(&work, &bodies);
        prop_assert!(analysis.suggested.chapters.len() == bodies.len());
    }
}
