//! Rating and warning suggestions with evidence.
//!
//! A transparent scorer: four word lists (`data/lexicons/`: strong
//! language, sexual content, graphic violence, non-consent), each split into
//! *strong* entries (telling on their own) and *weak* ones (telling only in
//! numbers). [`Scorer::scan`] counts matches sentence by sentence and keeps up
//! to [`EXAMPLES`] sentences per list; [`suggest`] turns the counts into a
//! minimum [`Rating`], AO3 warnings and [`Evidence`]; [`above_stated`] keeps
//! a suggestion only when it is stricter than the stated rating.
//!
//! Thresholds are rates per 10,000 words (texts under [`MIN_RATE_WORDS`]
//! words are rated as if they had that many) with a minimum count, so one
//! swear word in a novel does not count like one in a drabble.
//!
//! | list | suggests |
//! | --- | --- |
//! | strong language | Teen And Up Audiences (2 per 10k words) |
//! | sexual content | Teen (weak), Mature, Explicit (strong, repeated) |
//! | graphic violence | Teen (weak), Mature + "Graphic Depictions Of Violence" |
//! | non-consent | Mature + "Rape/Non-Con" (strong entries only, at least 3) |
//!
//! "Underage" and "Major Character Death" are never suggested: word lists
//! cannot tell a character's age or importance.

use crate::characters::tokens::{tokenize, Word, GAP_STOP};
use ficshelf_model::{Evidence, Rating};
use rustc_hash::FxHashMap as HashMap;

/// Example sentences kept per list.
pub const EXAMPLES: usize = 3;
/// Rates are computed over at least this many words.
pub const MIN_RATE_WORDS: u64 = 2000;
/// Longest example sentence kept, in characters (longer ones are cut).
const MAX_EXAMPLE_CHARS: usize = 300;

/// AO3's warning for graphic violence.
pub const WARNING_VIOLENCE: &str = "Graphic Depictions Of Violence";
/// AO3's warning for non-consensual sex.
pub const WARNING_NON_CON: &str = "Rape/Non-Con";

/// The word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    StrongLanguage,
    Sexual,
    Violence,
    NonConsent,
}

impl Category {
    /// All lists, in evidence order.
    pub const ALL: [Category; 4] = [
        Category::Sexual,
        Category::Violence,
        Category::NonConsent,
        Category::StrongLanguage,
    ];

    /// The evidence kind shown to readers.
    pub fn kind(self) -> &'static str {
        match self {
            Category::StrongLanguage => "strong language",
            Category::Sexual => "sexual content",
            Category::Violence => "graphic violence",
            Category::NonConsent => "non-consensual sex",
        }
    }

    fn lexicon(self) -> &'static str {
        match self {
            Category::StrongLanguage => include_str!("../data/lexicons/strong-language.txt"),
            Category::Sexual => include_str!("../data/lexicons/sexual.txt"),
            Category::Violence => include_str!("../data/lexicons/violence.txt"),
            Category::NonConsent => include_str!("../data/lexicons/non-consent.txt"),
        }
    }
}

/// Matches of one list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCount {
    pub strong: u32,
    pub weak: u32,
    /// Up to [`EXAMPLES`] matching sentences, strong matches preferred.
    pub examples: Vec<String>,
    /// Whether each example matched a strong entry.
    examples_strong: Vec<bool>,
}

impl CategoryCount {
    fn add_example(&mut self, sentence: &str, strong: bool) {
        let text: String = sentence.trim().chars().take(MAX_EXAMPLE_CHARS).collect();
        if self.examples.contains(&text) {
            return;
        }
        if self.examples.len() < EXAMPLES {
            self.examples.push(text);
            self.examples_strong.push(strong);
        } else if strong {
            if let Some(i) = self.examples_strong.iter().position(|s| !s) {
                self.examples[i] = text;
                self.examples_strong[i] = true;
            }
        }
    }

    fn merge(&mut self, other: &CategoryCount) {
        self.strong += other.strong;
        self.weak += other.weak;
        for (e, s) in other.examples.iter().zip(&other.examples_strong) {
            self.add_example(e, *s);
        }
    }
}

/// What a scan found: words read and matches per list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub words: u64,
    /// Indexed as [`Category::ALL`].
    pub counts: [CategoryCount; 4],
}

impl Scan {
    /// The matches of one list.
    pub fn count(&self, category: Category) -> &CategoryCount {
        &self.counts[index(category)]
    }

    /// Adds another scan (e.g. the next chapter) to this one.
    pub fn merge(&mut self, other: &Scan) {
        self.words += other.words;
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            a.merge(b);
        }
    }
}

fn index(category: Category) -> usize {
    Category::ALL
        .iter()
        .position(|c| *c == category)
        .unwrap_or(0)
}

/// One lexicon entry.
#[derive(Debug)]
struct Entry {
    category: usize,
    strong: bool,
    /// Words after the first.
    rest: Vec<String>,
    /// The last word is a prefix.
    prefix: bool,
}

/// The compiled word lists; build once, scan many texts.
#[derive(Debug)]
pub struct Scorer {
    /// Entries by exact first word.
    exact: HashMap<String, Vec<Entry>>,
    /// Single-word prefix entries by their first three bytes.
    prefixes: HashMap<[u8; 3], Vec<(String, Entry)>>,
    /// Quick rejection before hashing: which (first byte, second byte,
    /// length) an exact first word has, and which first three bytes a
    /// prefix has, folded to 5 bits a byte.
    exact_filter: Vec<bool>,
    prefix_filter: Vec<bool>,
}

fn exact_key(w: &[u8]) -> usize {
    let b1 = w.get(1).copied().unwrap_or(0);
    (usize::from(w[0] & 31) << 9) | (usize::from(b1 & 31) << 4) | w.len().min(15)
}

fn prefix_key(w: &[u8]) -> usize {
    (usize::from(w[0] & 31) << 10) | (usize::from(w[1] & 31) << 5) | usize::from(w[2] & 31)
}

impl Default for Scorer {
    fn default() -> Self {
        Self::new()
    }
}

fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Scorer {
    /// Compiles the shipped word lists.
    pub fn new() -> Self {
        let mut scorer = Scorer {
            exact: HashMap::default(),
            prefixes: HashMap::default(),
            exact_filter: vec![false; 1 << 14],
            prefix_filter: vec![false; 1 << 15],
        };
        for (ci, cat) in Category::ALL.iter().enumerate() {
            let mut strong = true;
            for line in cat.lexicon().lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                match line {
                    "" => continue,
                    "[strong]" => strong = true,
                    "[weak]" => strong = false,
                    _ => scorer.add(ci, strong, line),
                }
            }
        }
        scorer
    }

    fn add(&mut self, category: usize, strong: bool, line: &str) {
        let prefix = line.ends_with('*');
        let mut words: Vec<String> = words_of(line.trim_end_matches('*')).collect();
        if words.is_empty() {
            return;
        }
        let first = words.remove(0);
        let entry = Entry {
            category,
            strong,
            rest: words,
            prefix,
        };
        if prefix && entry.rest.is_empty() && first.len() >= 3 {
            let key = [
                first.as_bytes()[0],
                first.as_bytes()[1],
                first.as_bytes()[2],
            ];
            self.prefix_filter[prefix_key(first.as_bytes())] = true;
            self.prefixes.entry(key).or_default().push((first, entry));
        } else {
            self.exact_filter[exact_key(first.as_bytes())] = true;
            self.exact.entry(first).or_default().push(entry);
        }
    }

    /// Counts matches in a chapter given as paragraphs.
    pub fn scan<S: AsRef<str>>(&self, paragraphs: &[S]) -> Scan {
        let mut scan = Scan::default();
        let mut reader = ParagraphReader::default();
        let mut words = Vec::new();
        for p in paragraphs {
            let p = p.as_ref();
            tokenize(p, &mut words);
            self.scan_paragraph(p, &words, &mut reader, &mut scan);
        }
        scan
    }

    /// Counts the matches in one paragraph, given as the name finder's
    /// words (see [`tokenize`]): the analysis splits each paragraph into
    /// words once, for both. The lists' words are runs of letters and
    /// digits, so a word joined by an apostrophe or hyphen is read as its
    /// parts ("blood-soaked" is "blood", "soaked"); sentences end after
    /// `.`, `!`, `?` or `…` (and any closing quotes) followed by whitespace.
    pub(crate) fn scan_paragraph(
        &self,
        paragraph: &str,
        words: &[Word<'_>],
        reader: &mut ParagraphReader,
        scan: &mut Scan,
    ) {
        reader.spans.clear();
        let mut sentence_start = 0;
        let mut previous_end = 0;
        for word in words {
            let (start, end) = (word.start as usize, word.end as usize);
            // Only a gap with an end mark can end a sentence.
            if word.gap & GAP_STOP != 0 {
                if let Some((first, last)) = sentence_breaks(&paragraph[previous_end..start]) {
                    let end_at = previous_end + first;
                    self.end_sentence(paragraph, sentence_start..end_at, reader, scan);
                    sentence_start = previous_end + last;
                }
            }
            if word.joined {
                push_parts(paragraph, start, end, &mut reader.spans);
            } else {
                reader.spans.push(Span {
                    start,
                    end,
                    ascii: word.ascii,
                    candidate: !word.ascii || self.may_match(word.text.as_bytes()),
                });
            }
            previous_end = end;
        }
        let end_at = sentence_breaks(&paragraph[previous_end..])
            .map_or(paragraph.len(), |(first, _)| previous_end + first);
        self.end_sentence(paragraph, sentence_start..end_at, reader, scan);
    }

    /// Can an ASCII word, in any case, start an entry? (The quick filters
    /// only: a word they let through is looked up.)
    #[inline]
    fn may_match(&self, word: &[u8]) -> bool {
        !word.is_empty()
            && (self.exact_filter[exact_key(word)]
                || word.len() >= 3 && self.prefix_filter[prefix_key(word)])
    }

    /// Scans the sentence `paragraph[range]` whose words are the reader's
    /// spans, then clears them.
    fn end_sentence(
        &self,
        paragraph: &str,
        range: std::ops::Range<usize>,
        reader: &mut ParagraphReader,
        scan: &mut Scan,
    ) {
        let spans = &reader.spans;
        scan.words += spans.len() as u64;
        // Most sentences hold no word the filters let through.
        if spans.iter().any(|s| s.candidate) {
            let tokens = Tokens {
                text: paragraph,
                spans,
            };
            self.scan_sentence(paragraph[range].trim(), tokens, &mut reader.lower, scan);
        }
        reader.spans.clear();
    }

    /// `lower` is scratch space for the lowercase form of a word.
    fn scan_sentence(
        &self,
        sentence: &str,
        tokens: Tokens<'_>,
        lower: &mut String,
        scan: &mut Scan,
    ) {
        // Per list: matched, matched strong.
        let mut hit = [(false, false); 4];
        for i in 0..tokens.spans.len() {
            // The filters fold case (they keep 5 bits of each byte), so an
            // ASCII word is lowercased only when one of them lets it pass.
            let span = tokens.spans[i];
            if !span.candidate {
                continue;
            }
            let raw = &tokens.text[span.start..span.end];
            let key_bytes: &[u8] = if span.ascii {
                raw.as_bytes()
            } else {
                lower.clear();
                lower.extend(raw.chars().flat_map(char::to_lowercase));
                lower.as_bytes()
            };
            let exact_pass = self.exact_filter[exact_key(key_bytes)];
            let prefix_pass = key_bytes.len() >= 3 && self.prefix_filter[prefix_key(key_bytes)];
            if !exact_pass && !prefix_pass {
                continue;
            }
            if span.ascii {
                lower.clear();
                lower.push_str(raw);
                lower.make_ascii_lowercase();
            }
            let tok = lower.as_str();
            let mut matched = [false; 4];
            let b = tok.as_bytes();
            let exact = exact_pass
                .then(|| self.exact.get(tok))
                .flatten()
                .into_iter()
                .flatten();
            let by_prefix = (b.len() >= 3 && prefix_pass)
                .then(|| self.prefixes.get(&[b[0], b[1], b[2]]))
                .flatten()
                .into_iter()
                .flatten()
                .filter(|(p, _)| tok.starts_with(p.as_str()))
                .map(|(_, e)| e);
            for entry in exact.chain(by_prefix) {
                if matched[entry.category] || !rest_matches(entry, tokens, i + 1) {
                    continue;
                }
                matched[entry.category] = true;
                let count = &mut scan.counts[entry.category];
                if entry.strong {
                    count.strong += 1;
                } else {
                    count.weak += 1;
                }
                hit[entry.category].0 = true;
                hit[entry.category].1 |= entry.strong;
            }
        }
        for (c, (any, strong)) in hit.into_iter().enumerate() {
            if any {
                scan.counts[c].add_example(sentence, strong);
            }
        }
    }
}

/// One word of a sentence: its byte range, and whether it is all ASCII.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    ascii: bool,
    /// May start an entry: not ASCII, or let through by the quick filters.
    candidate: bool,
}

/// A sentence and its words.
#[derive(Clone, Copy)]
struct Tokens<'a> {
    text: &'a str,
    spans: &'a [Span],
}

impl Tokens<'_> {
    /// Does word `i`, lowercased, equal `want` (lowercase ASCII), or start
    /// with it when `prefix`?
    fn matches(&self, i: usize, want: &str, prefix: bool) -> bool {
        let span = self.spans[i];
        let raw = &self.text[span.start..span.end];
        if span.ascii {
            let n = want.len();
            if prefix {
                raw.len() >= n && raw.as_bytes()[..n].eq_ignore_ascii_case(want.as_bytes())
            } else {
                raw.eq_ignore_ascii_case(want)
            }
        } else {
            let lower = raw.to_lowercase();
            if prefix {
                lower.starts_with(want)
            } else {
                lower == want
            }
        }
    }
}

fn rest_matches(entry: &Entry, tokens: Tokens<'_>, from: usize) -> bool {
    if tokens.spans.len() < from + entry.rest.len() {
        return false;
    }
    let last = entry.rest.len().saturating_sub(1);
    entry
        .rest
        .iter()
        .enumerate()
        .all(|(i, want)| tokens.matches(from + i, want, entry.prefix && i == last))
}

/// Scratch space for [`Scorer::scan_paragraph`], kept across paragraphs.
#[derive(Debug, Default)]
pub(crate) struct ParagraphReader {
    spans: Vec<Span>,
    lower: String,
}

/// Where sentences end in `gap`, the text between two words: the offsets
/// of the first and the last whitespace that follows `.`, `!`, `?` or `…`
/// (closing quotes and brackets may come between).
fn sentence_breaks(gap: &str) -> Option<(usize, usize)> {
    let mut pending = false;
    let mut found: Option<(usize, usize)> = None;
    for (i, c) in gap.char_indices() {
        if matches!(c, '.' | '!' | '?' | '…') {
            pending = true;
        } else if c.is_whitespace() {
            if pending {
                found = Some(found.map_or((i, i), |(first, _)| (first, i)));
            }
            pending = false;
        } else if !matches!(c, '"' | '”' | '’' | '\'' | '»' | ')') {
            pending = false;
        }
    }
    found
}

/// Pushes the runs of letters and digits of `paragraph[start..end]`.
fn push_parts(paragraph: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let mut part: Option<Span> = None;
    for (i, c) in paragraph[start..end].char_indices() {
        let at = start + i;
        if c.is_alphanumeric() {
            let span = part.get_or_insert(Span {
                start: at,
                end: at,
                ascii: true,
                candidate: true,
            });
            span.end = at + c.len_utf8();
            span.ascii &= c.is_ascii();
        } else {
            spans.extend(part.take());
        }
    }
    spans.extend(part);
}

/// A minimum rating with the warnings and evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The least restricted rating the text allows (General when nothing
    /// matched).
    pub rating: Rating,
    /// AO3 warning names.
    pub warnings: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// Whether `count` matches reach `per_10k` per 10,000 words and `min` in all.
fn enough(count: u32, words: u64, per_10k: u64, min: u32) -> bool {
    count >= min && u64::from(count) * 10_000 >= per_10k * words.max(MIN_RATE_WORDS)
}

/// Turns a scan into a suggested minimum rating, warnings and evidence.
pub fn suggest(scan: &Scan) -> Suggestion {
    let w = scan.words;
    let mut rating = Rating::General;
    let mut warnings = Vec::new();
    let mut evidence = Vec::new();
    for cat in Category::ALL {
        let c = scan.count(cat);
        let (level, warning) = match cat {
            Category::StrongLanguage => (enough(c.strong, w, 2, 1).then_some(Rating::Teen), None),
            Category::Sexual => {
                let level = if enough(c.strong, w, 3, 3) {
                    Some(Rating::Explicit)
                } else if enough(c.strong, w, 1, 1) || enough(c.weak, w, 8, 5) {
                    Some(Rating::Mature)
                } else {
                    enough(c.weak, w, 3, 3).then_some(Rating::Teen)
                };
                (level, None)
            }
            Category::Violence => {
                if enough(c.strong, w, 2, 2) || enough(c.weak, w, 25, 10) {
                    (Some(Rating::Mature), Some(WARNING_VIOLENCE))
                } else {
                    (enough(c.weak, w, 8, 4).then_some(Rating::Teen), None)
                }
            }
            Category::NonConsent => {
                if enough(c.strong, w, 1, 3) {
                    (Some(Rating::Mature), Some(WARNING_NON_CON))
                } else {
                    (None, None)
                }
            }
        };
        let Some(level) = level else { continue };
        rating = rating.max(level);
        if let Some(warning) = warning {
            warnings.push(warning.to_string());
        }
        evidence.push(Evidence {
            kind: cat.kind().to_string(),
            suggests: warning.unwrap_or(level.display_name()).to_string(),
            count: c.strong + c.weak,
            examples: c.examples.clone(),
        });
    }
    Suggestion {
        rating,
        warnings,
        evidence,
    }
}

/// The suggested rating when it is stricter than the stated one; None when
/// the stated rating already covers it (or is Not Rated, which is treated as
/// possibly explicit). With no stated rating, anything above General.
pub fn above_stated(suggested: Rating, stated: Option<Rating>) -> Option<Rating> {
    let floor = stated.unwrap_or(Rating::General);
    (suggested > floor && floor != Rating::NotRated).then_some(suggested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Suggestion {
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        suggest(&Scorer::new().scan(&paragraphs))
    }

    /// Short passages written for these tests, with the rating each calls for.
    const LABELLED: [(&str, Rating); 5] = [
        (
            "The kettle whistled. Anna poured two cups and carried them out to the \
             garden, where her brother was asleep in a deckchair with a newspaper over \
             his face.",
            Rating::General,
        ),
        (
            "\"Oh, for fuck's sake,\" Marcus said, kicking the flat tyre. \"This \
             piece of shit car.\" He sat down on the verge and laughed until he cried.",
            Rating::Teen,
        ),
        (
            "He kissed her against the door and she pulled his shirt over his head. \
             She was naked by the time they reached the bed, and he moaned when she \
             straddled him. Her thighs tightened. They undressed each other slowly, \
             panting, and she moaned his name again and again.",
            Rating::Mature,
        ),
        (
            "She wrapped her hand around his cock and he groaned. He slid a finger \
             over her clit until she shook. When he finally thrust into her she came \
             with a cry, and her orgasm dragged his own out of him.",
            Rating::Explicit,
        ),
        (
            "The blade opened his belly and his entrails spilled onto the stones. \
             Blood sprayed across the wall. Behind him a second guard was impaled on \
             the railings, still screaming.",
            Rating::Mature,
        ),
    ];

    #[test]
    fn labelled_passages_get_their_rating() {
        for (text, want) in LABELLED {
            assert_eq!(rate(text).rating, want, "{text}");
        }
    }

    #[test]
    fn violence_warning_with_examples() {
        let s = rate(LABELLED[4].0);
        assert_eq!(s.warnings, vec![WARNING_VIOLENCE.to_string()]);
        let e = &s.evidence[0];
        assert_eq!(e.kind, "graphic violence");
        assert_eq!(e.suggests, WARNING_VIOLENCE);
        assert!(e.count >= 3, "{e:?}");
        assert!(e.examples[0].contains("entrails"), "{e:?}");
    }

    #[test]
    fn thresholds_scale_with_length() {
        let filler = "They walked along the quiet road and talked about the weather. ".repeat(600);
        let one_swear = format!("{filler}\n\nWell, shit.");
        assert_eq!(rate(&one_swear).rating, Rating::General);
        assert_eq!(
            rate("Well, shit. The bus was late again.").rating,
            Rating::Teen
        );
    }

    #[test]
    fn phrases_and_prefixes_match_words_not_substrings() {
        let scan = Scorer::new().scan(&[
            "The assholes were fucking around.",
            "A shitake? No: shiitake.",
        ]);
        assert_eq!(scan.count(Category::StrongLanguage).strong, 3);
        let scan = Scorer::new().scan(&["She said she'd slit his throat.", "Slit the envelope."]);
        assert_eq!(scan.count(Category::Violence).strong, 1);
    }

    #[test]
    fn never_below_the_stated_rating() {
        assert_eq!(
            above_stated(Rating::Mature, Some(Rating::Teen)),
            Some(Rating::Mature)
        );
        assert_eq!(above_stated(Rating::Teen, Some(Rating::Mature)), None);
        assert_eq!(above_stated(Rating::Explicit, Some(Rating::NotRated)), None);
        assert_eq!(above_stated(Rating::Teen, None), Some(Rating::Teen));
        assert_eq!(above_stated(Rating::General, None), None);
    }

    #[test]
    fn examples_prefer_strong_sentences() {
        let text = "There was blood. More blood. Blood everywhere. They were disembowelled.";
        let s = Scorer::new().scan(&[text]);
        let v = s.count(Category::Violence);
        assert_eq!(v.examples.len(), 3);
        assert!(
            v.examples.iter().any(|e| e.contains("disembowelled")),
            "{v:?}"
        );
    }
}
