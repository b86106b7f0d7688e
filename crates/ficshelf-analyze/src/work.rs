//! Analysing a whole work: every module over every chapter, combined into
//! one [`ficshelf_model::Suggested`] and a near-duplicate signature.

use crate::characters::{suggest_names_with, CharacterLists, WorkText};
use crate::language::{work_language, LanguageDetector};
use crate::{minhash, pov, rating, stats};
use ficshelf_model::{ChapterBody, ChapterSuggested, Suggested, TextStats, Work};
use std::borrow::Cow;

/// What analysis found in one work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkAnalysis {
    /// To store as [`Work::suggested`].
    pub suggested: Suggested,
    /// MinHash signature of the text, as bytes (see [`crate::minhash`]).
    pub signature: Vec<u8>,
}

/// Runs the analysis. Holds what analysis needs across works (the character
/// lists), so one is built per library and shared by the import threads.
#[derive(Default)]
pub struct Analyzer {
    languages: LanguageDetector,
    ratings: rating::Scorer,
    lists: CharacterLists,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").finish_non_exhaustive()
    }
}

impl Analyzer {
    /// An analyzer mapping names with `lists` (the built-in starter lists
    /// plus a library's own, see [`CharacterLists`]).
    pub fn new(lists: CharacterLists) -> Analyzer {
        Analyzer {
            lists,
            ..Analyzer::default()
        }
    }

    /// Analyses `work` whose chapters' texts are `bodies` (chapter order).
    ///
    /// A chapter's word count is its `words` field when that is not 0 (the
    /// import counted it with the same [`ficshelf_model::count_words`], so
    /// it is not counted twice); otherwise the text is counted.
    pub fn analyze(&self, work: &Work, bodies: &[ChapterBody]) -> WorkAnalysis {
        let mut suggested = Suggested::default();
        let mut all_stats = Vec::with_capacity(bodies.len());
        let mut languages = Vec::with_capacity(bodies.len());
        let mut words = Vec::new();
        let mut story: Vec<Cow<'_, str>> = Vec::new();
        // Where each chapter's paragraphs start in `story`.
        let mut chapter_starts = Vec::with_capacity(bodies.len());
        for (i, body) in bodies.iter().enumerate() {
            let paragraphs = borrowed_paragraphs(body);
            chapter_starts.push(story.len());
            let stated_words = work.chapters.get(i).map_or(0, |c| c.words);
            words.reserve(paragraphs.iter().map(|p| p.len() / 5).sum());
            let (chapter_stats, voice) = voice_and_stats(&paragraphs, stated_words, &mut words);
            let language = chapter_language(&self.languages, &paragraphs, &voice);
            languages.push((language, chapter_stats.words));
            all_stats.push(chapter_stats);
            story.extend(paragraphs);
            suggested.chapters.push(ChapterSuggested {
                number: work.chapters.get(i).map_or(i as u32 + 1, |c| c.number),
                stats: chapter_stats,
                language: language.map(str::to_string),
                point_of_view: voice.point_of_view(),
                interior_monologue: voice.interior_monologue,
            });
        }
        suggested.stats = (!bodies.is_empty()).then(|| stats::combine(&all_stats));
        if suggested.stats == Some(TextStats::default()) {
            suggested.stats = None;
        }
        suggested.language = work_language(&languages);
        let content = self.suggest_names_and_rate(work, &story, &chapter_starts, &mut suggested);
        if let Some(scan) = content {
            let found = rating::suggest(&scan);
            // Unrated files state nothing: any finding above General counts.
            let stated = work.rating_original.is_some().then_some(work.rating);
            suggested.rating = rating::above_stated(found.rating, stated);
            suggested.warnings = found
                .warnings
                .into_iter()
                .filter(|w| !work.warnings.iter().any(|s| s.eq_ignore_ascii_case(w)))
                .collect();
            if suggested.rating.is_some() || !suggested.warnings.is_empty() {
                suggested.evidence = found.evidence;
            }
        }
        WorkAnalysis {
            suggested,
            signature: minhash::signature_of_hashes(&words).to_bytes(),
        }
    }
}

impl Analyzer {
    /// Suggests characters, fandoms and relationships from the story and the
    /// notes, and returns the
    /// rating scan of the story (chapters merged in order): the name
    /// finder's words feed the rating scorer, chapter by chapter, so the
    /// text is split into words once for both.
    fn suggest_names_and_rate(
        &self,
        work: &Work,
        story: &[Cow<'_, str>],
        chapter_starts: &[usize],
        suggested: &mut Suggested,
    ) -> Option<rating::Scan> {
        let paragraphs: Vec<&str> = story.iter().map(|p| &**p).collect();
        let mut notes: Vec<&str> = Vec::new();
        notes.extend(work.summary.as_deref());
        notes.extend(work.disclaimer.as_deref());
        notes.extend(work.notes.begin.as_deref());
        notes.extend(work.notes.end.as_deref());
        for chapter in &work.chapters {
            notes.extend(chapter.notes.begin.as_deref());
            notes.extend(chapter.notes.end.as_deref());
        }
        notes.extend(work.relationships.iter().map(String::as_str));
        notes.extend(work.tags.iter().map(String::as_str));
        let text = WorkText {
            paragraphs: &paragraphs,
            chapter_starts,
            notes: &notes,
            stated_characters: &work.characters,
            stated_fandoms: &work.fandoms,
        };
        let mut scans = vec![rating::Scan::default(); chapter_starts.len()];
        let mut reader = rating::ParagraphReader::default();
        let mut chapter = 0;
        let found = suggest_names_with(&text, &self.lists, &mut |p, paragraph, words| {
            while chapter + 1 < chapter_starts.len() && chapter_starts[chapter + 1] <= p {
                chapter += 1;
            }
            self.ratings
                .scan_paragraph(paragraph, words, &mut reader, &mut scans[chapter]);
        });
        suggested.characters = found.characters;
        suggested.character_mentions = found.character_mentions;
        suggested.relationships = found
            .relationships
            .into_iter()
            .filter(|r| {
                !work
                    .relationships
                    .iter()
                    .any(|s| crate::relationships::same_relationship(s, r))
            })
            .collect();
        suggested.fandoms = found.fandoms;
        let mut chapters = scans.into_iter();
        let mut content = chapters.next()?;
        for scan in chapters {
            content.merge(&scan);
        }
        Some(content)
    }
}

/// A chapter's language: English when its narration surely is (see
/// [`pov::ChapterPov::is_surely_english`]: most of an archive, and a
/// whatlang call costs some 100 µs), otherwise what whatlang says of a
/// sample.
pub fn chapter_language<S: AsRef<str>>(
    detector: &LanguageDetector,
    paragraphs: &[S],
    voice: &pov::ChapterPov,
) -> Option<&'static str> {
    if voice.is_surely_english() {
        return Some("en");
    }
    detector.detect_paragraphs(paragraphs)
}

/// A chapter's statistics and point of view from one split of each
/// paragraph into dialogue and narration. `stated_words` is the chapter's
/// word count when known (not 0).
///
/// Also appends the MinHash word hashes of the chapter to `hashes` (the
/// narration's from the point-of-view pass, the dialogue's on their own).
fn voice_and_stats(
    paragraphs: &[Cow<'_, str>],
    stated_words: u64,
    hashes: &mut Vec<u64>,
) -> (TextStats, pov::ChapterPov) {
    let mut dialogue = stats::DialogueShare::default();
    let mut counts = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        let mut narration = pov::Counts::default();
        stats::for_each_span(paragraph, |span, is_dialogue| {
            // One read of the span for its rough words, hashes and cues.
            let mut rough = stats::RoughWords::default();
            if is_dialogue {
                minhash::push_word_hashes_counting(span, hashes, &mut rough);
            } else {
                narration.add_narration(span, hashes, &mut rough);
            }
            dialogue.add_counted(rough.count(), is_dialogue);
        });
        counts.push(narration);
    }
    let words = if stated_words > 0 {
        stated_words
    } else {
        paragraphs.iter().map(|p| stats::words(p)).sum()
    };
    (dialogue.stats(words), pov::from_counts(&counts))
}

/// A chapter's paragraphs as plain text: prose paragraphs as they are, HTML
/// blocks flattened (one entry per paragraph inside), scene breaks dropped.
pub fn paragraphs(body: &ChapterBody) -> Vec<String> {
    borrowed_paragraphs(body)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`paragraphs`] borrowing prose paragraphs from `body` (only text
/// flattened from HTML blocks is owned).
fn borrowed_paragraphs(body: &ChapterBody) -> Vec<Cow<'_, str>> {
    body.paragraphs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Chapter, Notes, Rating};

    fn work_with(text: &str) -> (Work, Vec<ChapterBody>) {
        let mut work = Work::new("1", "Test");
        work.chapters.push(Chapter {
            number: 1,
            title: None,
            words: 0,
            notes: Notes::default(),
            sources: Vec::new(),
        });
        (work, vec![ChapterBody::from_text(text)])
    }

    const VIOLENT: &str = "Ada walked into the yard.\n\n\
        The blade opened his arm and blood sprayed across the wall; his entrails spilled.\n\n\
        Another blow, and the throat slit clean. Ada did not look away.\n";

    #[test]
    fn rating_is_suggested_only_above_what_was_stated() {
        let analyzer = Analyzer::default();
        let (mut work, bodies) = work_with(VIOLENT);
        let unstated = analyzer.analyze(&work, &bodies).suggested;
        assert_eq!(unstated.rating, Some(Rating::Mature), "{unstated:?}");
        assert!(!unstated.evidence.is_empty());
        assert_eq!(unstated.warnings, ["Graphic Depictions Of Violence"]);

        work.rating = Rating::Explicit;
        work.rating_original = Some("Explicit".into());
        work.warnings = vec!["Graphic Depictions Of Violence".into()];
        let stated = analyzer.analyze(&work, &bodies).suggested;
        assert_eq!(stated.rating, None);
        assert!(stated.warnings.is_empty());
        assert!(stated.evidence.is_empty());
    }

    #[test]
    fn stated_relationship_in_another_order_is_not_suggested_again() {
        let analyzer = Analyzer::new(CharacterLists::builtin());
        let text = "\"Sherlock,\" said John Watson, and kissed him.\n\n\
            Sherlock Holmes kissed John back. \"John,\" he said.\n\n\
            John Watson laughed. \"Sherlock Holmes, you idiot.\"\n\n\
            Sherlock held John's hand and kissed him again.\n";
        let (mut work, bodies) = work_with(text);
        let unstated = analyzer.analyze(&work, &bodies).suggested;
        assert_eq!(unstated.relationships, ["John Watson/Sherlock Holmes"]);
        work.relationships = vec!["Sherlock Holmes/John Watson".into()];
        let suggested = analyzer.analyze(&work, &bodies).suggested;
        assert!(
            suggested.relationships.is_empty(),
            "{:?}",
            suggested.relationships
        );
        assert!(suggested.characters.iter().any(|c| c == "Sherlock Holmes"));
    }

    /// Regression (#13): a two-chapter work whose first chapter names
    /// list characters by first name and surname apart (clusters the lists
    /// merge) and whose second is told in the first person by a character
    /// others address by name. The narrator's index pointed past the merged
    /// clusters and the pairing step indexed out of bounds.
    #[test]
    fn a_narrator_after_merged_list_characters_does_not_panic() {
        let third = "Steve carried the chairs up from the cellar, and Rogers never asked for help.\n\n\
            Bucky watched him from the doorway. \u{201c}Sit down,\u{201d} said Barnes, who had toast.\n\n\
            Tony arrived late with the wrong cake, and Stark blamed the traffic.\n\n\
            \u{201c}Traffic,\u{201d} said Rogers. Barnes stole a slice anyway. \u{201c}Liar,\u{201d} said Stark.\n";
        let first = "\u{201c}Juniper, you came,\u{201d} Tony said when I opened the door.\n\n\
            I had not meant to. My coat was still wet and my hands were cold.\n\n\
            \u{201c}Juniper,\u{201d} he said again, softer, and I let him kiss me.\n\n\
            I kissed Tony back, and my heart would not slow down.\n\n\
            I stayed until the candles burned out, and Tony held my hand the whole time.\n\n\
            I did not go home that night.\n";
        let mut work = Work::new("1", "Party");
        for number in [1, 2] {
            work.chapters.push(Chapter {
                number,
                title: None,
                words: 0,
                notes: Notes::default(),
                sources: Vec::new(),
            });
        }
        work.fandoms = vec!["Marvel Cinematic Universe".into()];
        let bodies = [ChapterBody::from_text(third), ChapterBody::from_text(first)];
        let analyzer = Analyzer::new(CharacterLists::builtin());
        let suggested = analyzer.analyze(&work, &bodies).suggested;
        let names: Vec<&str> = suggested
            .character_mentions
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["Tony Stark", "Steve Rogers", "Bucky Barnes", "Juniper"],
            "{suggested:?}"
        );
        assert_eq!(suggested.relationships, ["Juniper/Tony Stark"]);
    }

    /// Dialogue in every quoting style the span splitter knows, with
    /// apostrophes at the edges of quotes.
    const QUOTED: &str = "\u{201c}Don\u{2019}t,\u{201d} said Ada. \"Go,\" she said'.\n\n\
        \u{2018}Rock\u{2019}n\u{2019}roll,\u{2019} he sang; 'tis the dogs' bone.\n\n\
        \u{2014}Oui, dit-il. \u{2014}Non.\n\n\
        \u{ab}\u{c9}t\u{e9}\u{bb}, dit-elle\u{2026} 'Later,' he said, and didn't.\n";

    #[test]
    fn signature_reads_narration_and_dialogue_like_the_whole_text() {
        let analyzer = Analyzer::default();
        let (work, bodies) = work_with(QUOTED);
        let mut hashes = Vec::new();
        for p in paragraphs(&bodies[0]) {
            minhash::push_word_hashes(&p, &mut hashes);
        }
        let whole = minhash::signature_of_hashes(&hashes).to_bytes();
        assert_eq!(analyzer.analyze(&work, &bodies).signature, whole);
    }

    #[test]
    fn readers_count_rough_words_as_the_dialogue_share_does() {
        let extra = "Il dit\u{a0}: \u{ab}\u{a0}Non\u{a0}\u{bb} \u{2014} 東京 \u{1f600} x-y 3.5 \u{2019}twas";
        for paragraph in QUOTED.lines().chain([extra]) {
            stats::for_each_span(paragraph, |span, is_dialogue| {
                let mut rough = stats::RoughWords::default();
                let mut hashes = Vec::new();
                if is_dialogue {
                    minhash::push_word_hashes_counting(span, &mut hashes, &mut rough);
                } else {
                    pov::Counts::default().add_narration(span, &mut hashes, &mut rough);
                }
                assert_eq!(rough.count(), stats::rough_words(span), "{span:?}");
            });
        }
    }

    #[test]
    fn stated_chapter_words_are_the_counted_words() {
        let analyzer = Analyzer::default();
        let (mut work, mut bodies) = work_with(QUOTED);
        bodies[0]
            .blocks
            .push(Block::Html("<p>One <em>two</em>.</p><p>Three.</p>".into()));
        let counted = analyzer.analyze(&work, &bodies).suggested;
        work.chapters[0].words = bodies[0].words();
        let stated = analyzer.analyze(&work, &bodies).suggested;
        assert_eq!(stated, counted);
        assert_eq!(stated.stats.map(|s| s.words), Some(bodies[0].words()));
    }

    #[test]
    fn english_narration_is_english_without_whatlang_and_other_languages_ask_it() {
        let detector = LanguageDetector::new();
        let english = [
            "She had walked to the edge of the pier and was looking at the \
            water for a long time, and he did not know what to say to her. It was late. \
            The lamps were lit on the far side of the harbour, and the boats that had \
            come in with the tide knocked against each other in the dark.",
        ];
        let voice = pov::analyze(&english);
        assert!(voice.is_surely_english(), "{voice:?}");
        assert_eq!(chapter_language(&detector, &english, &voice), Some("en"));
        let french = [
            "Elle avait marché jusqu'au bout de la jetée et regardait l'eau \
            depuis longtemps, et il ne savait pas quoi lui dire. Il était tard. Les \
            lampes brillaient de l'autre côté du port, et les bateaux rentrés avec la \
            marée se cognaient les uns contre les autres dans le noir.",
        ];
        let voice = pov::analyze(&french);
        assert!(!voice.is_surely_english(), "{voice:?}");
        assert_eq!(chapter_language(&detector, &french, &voice), Some("fr"));
        // Too few words to be sure: whatlang decides.
        let short = ["It was late."];
        assert!(!pov::analyze(&short).is_surely_english());
    }

    #[test]
    fn paragraphs_flatten_html_and_skip_scene_breaks() {
        let body = ChapterBody {
            blocks: vec![
                Block::Paragraph("One.".into()),
                Block::SceneBreak,
                Block::Html("<blockquote><p>Two.</p><p>Three.</p></blockquote>".into()),
            ],
        };
        assert_eq!(paragraphs(&body), ["One.", "Two.", "Three."]);
    }
}
