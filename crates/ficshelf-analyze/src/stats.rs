//! Statistics over story text: words, reading time and dialogue share.
//!
//! Words are counted with [`ficshelf_model::count_words`] (the count every
//! surface shows). Dialogue share is the share of words inside dialogue:
//! text in “…”, "…", „…“, «…», ‘…’ (the closing ’ only when no letter
//! follows it, so apostrophes stay inside words), straight '…' when the
//! paragraph has no double quotes, and em-dash dialogue (a paragraph that
//! opens with “—”, where each further dash toggles between speech and
//! narration). A quote left open at the end of a paragraph ends there.
//!
//! [`for_each_span`] is the shared splitter; [`crate::pov`] uses it to read
//! only the narration.

use ficshelf_model::{count_words, TextStats};

/// Words a minute used for reading time.
pub const WORDS_PER_MINUTE: u64 = 250;

/// Calls `f(text, is_dialogue)` for each stretch of `paragraph`, in order,
/// splitting it into narration and quoted dialogue. Quote marks themselves
/// belong to no stretch.
pub fn for_each_span<'a>(paragraph: &'a str, mut f: impl FnMut(&'a str, bool)) {
    let trimmed = paragraph.trim_start();
    if trimmed.starts_with('—') || trimmed.starts_with("– ") || trimmed.starts_with("― ") {
        dash_spans(trimmed, &mut f);
        return;
    }
    let bytes = paragraph.as_bytes();
    let has_double = bytes.contains(&b'"')
        || paragraph.contains('“')
        || paragraph.contains('”')
        || paragraph.contains('„')
        || paragraph.contains('«');
    // Closing mark expected, or None in narration.
    let mut close: Option<char> = None;
    let mut start = 0;
    let mut i = 0;
    // Every quote mark is '"', '\'' or starts with byte 0xE2 or 0xC2: jump
    // from one such byte to the next (memchr), never decoding the rest.
    // « » (0xC2) are rare: their next place is looked up on its own.
    let mut next_c2 = memchr::memchr(0xC2, bytes).unwrap_or(bytes.len());
    while i < bytes.len() {
        if !matches!(bytes[i], b'"' | b'\'' | 0xE2 | 0xC2) {
            if next_c2 < i {
                next_c2 = memchr::memchr(0xC2, &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            let next =
                memchr::memchr3(b'"', b'\'', 0xE2, &bytes[i..]).map_or(bytes.len(), |n| i + n);
            i = next.min(next_c2);
            continue;
        }
        let Some(c) = paragraph[i..].chars().next() else {
            break;
        };
        let end = i + c.len_utf8();
        if !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»') {
            i = end;
            continue;
        }
        let prev = paragraph[..i].chars().next_back();
        let next_is_word = paragraph[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let prev_is_word = prev.is_some_and(char::is_alphanumeric);
        match close {
            None => {
                let opener = match c {
                    '“' => Some('”'),
                    '„' => Some('“'),
                    '«' => Some('»'),
                    '"' => Some('"'),
                    '‘' if !prev_is_word => Some('’'),
                    '\'' if !has_double && !prev_is_word && next_is_word => Some('\''),
                    _ => None,
                };
                if let Some(closer) = opener {
                    emit(&paragraph[start..i], false, &mut f);
                    start = end;
                    close = Some(closer);
                }
            }
            Some(closer) => {
                let closes = match c {
                    // „…“ is also closed with ” or a straight quote.
                    '”' | '»' | '"' => c == closer || (closer == '“' && c != '»'),
                    '“' => closer == '“',
                    '’' | '\'' => {
                        c == closer && !next_is_word && prev.is_some_and(|p| !p.is_whitespace())
                    }
                    _ => false,
                };
                if closes {
                    emit(&paragraph[start..i], true, &mut f);
                    start = end;
                    close = None;
                }
            }
        }
        i = end;
    }
    if start < bytes.len() {
        emit(&paragraph[start..], close.is_some(), &mut f);
    }
}

fn emit<'a>(text: &'a str, dialogue: bool, f: &mut impl FnMut(&'a str, bool)) {
    if !text.trim().is_empty() {
        f(text, dialogue);
    }
}

fn dash_spans<'a>(text: &'a str, f: &mut impl FnMut(&'a str, bool)) {
    let mut dialogue = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '—' | '–' | '―') {
            emit(&text[start..i], dialogue, f);
            dialogue = !dialogue;
            start = i + c.len_utf8();
        }
    }
    emit(&text[start..], dialogue, f);
}

/// Is `b` an ASCII letter or digit? One table load, for the byte loops
/// every pass runs (the standard test is two range checks).
#[inline]
pub(crate) fn is_ascii_word_byte(b: u8) -> bool {
    const fn table() -> [bool; 256] {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = (b as u8).is_ascii_alphanumeric();
            b += 1;
        }
        t
    }
    static TABLE: [bool; 256] = table();
    TABLE[usize::from(b)]
}

/// [`rough_words`] kept by a reader that walks a span's bytes anyway (the
/// point-of-view and near-duplicate passes), so the span is not read again
/// to count them. The reader reports each byte's class.
#[derive(Debug, Default, Clone, Copy)]
pub struct RoughWords {
    count: u64,
    counted: bool,
}

impl RoughWords {
    /// A word byte: an ASCII letter or digit (one call per run is enough).
    #[inline]
    pub fn word(&mut self) {
        self.count += u64::from(!self.counted);
        self.counted = true;
    }

    /// Any other ASCII byte.
    #[inline]
    pub fn ascii(&mut self, b: u8) {
        if b.is_ascii_whitespace() {
            self.counted = false;
        }
    }

    /// A character outside ASCII, by its first byte: letters' lead bytes
    /// count as word bytes (0xE2 starts punctuation such as “ and —).
    #[inline]
    pub fn non_ascii(&mut self, lead: u8) {
        if lead >= 0xC3 && lead != 0xE2 {
            self.word();
        }
    }

    /// The words counted.
    pub fn count(&self) -> u64 {
        self.count
    }
}

/// A cheap word count (whitespace-separated tokens holding a letter or
/// digit), used only for the dialogue ratio so the costly segmentation
/// runs once per text.
pub(crate) fn rough_words(text: &str) -> u64 {
    // Byte test: ASCII letters and digits, and lead bytes of letters outside
    // ASCII (0xC3 and up, except 0xE2 which starts punctuation like “ and —).
    // Branch-free: a token counts once, at its first such byte.
    const fn classes() -> [u8; 256] {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = if c.is_ascii_whitespace() {
                SPACE
            } else if c.is_ascii_alphanumeric() || (c >= 0xC3 && c != 0xE2) {
                WORD
            } else {
                0
            };
            b += 1;
        }
        t
    }
    const SPACE: u8 = 1;
    const WORD: u8 = 2;
    static CLASS: [u8; 256] = classes();
    let mut count = 0;
    let mut counted = false;
    for &b in text.as_bytes() {
        let class = CLASS[usize::from(b)];
        let word = class == WORD;
        count += u64::from(word && !counted);
        counted = (counted || word) && class != SPACE;
    }
    count
}

/// Words in `text` exactly as [`count_words`] counts them (kept for callers
/// of this module; the fast path for typical prose lives in the model).
pub fn words(text: &str) -> u64 {
    count_words(text)
}

/// Statistics for a chapter given as paragraphs.
pub fn paragraph_stats<S: AsRef<str>>(paragraphs: &[S]) -> TextStats {
    let mut words = 0;
    let mut dialogue = DialogueShare::default();
    for p in paragraphs {
        let p = p.as_ref();
        words += self::words(p);
        for_each_span(p, |span, is_dialogue| dialogue.add(span, is_dialogue));
    }
    dialogue.stats(words)
}

/// Dialogue share accumulated span by span (from [`for_each_span`]), for a
/// caller that splits the paragraphs once for several analyses.
#[derive(Debug, Default, Clone, Copy)]
pub struct DialogueShare {
    /// Rough words in all spans, and in dialogue spans.
    rough: u64,
    spoken: u64,
}

impl DialogueShare {
    /// Counts one span.
    #[inline]
    pub fn add(&mut self, span: &str, dialogue: bool) {
        let n = rough_words(span);
        self.rough += n;
        if dialogue {
            self.spoken += n;
        }
    }

    /// Counts one span whose [`RoughWords`] were counted by its reader.
    #[inline]
    pub fn add_counted(&mut self, rough: u64, dialogue: bool) {
        self.rough += rough;
        if dialogue {
            self.spoken += rough;
        }
    }

    /// The statistics of a text of `words` words (by [`words`]) whose spans
    /// were added.
    pub fn stats(&self, words: u64) -> TextStats {
        build(words, self.spoken, self.rough)
    }
}

/// Statistics for a stretch of text whose paragraphs are separated by
/// blank lines (single line breaks are treated the same: quotes never
/// carry across a line break).
pub fn text_stats(text: &str) -> TextStats {
    let lines: Vec<&str> = text.lines().collect();
    paragraph_stats(&lines)
}

fn build(words: u64, spoken: u64, rough: u64) -> TextStats {
    let permille = (spoken * 1000).checked_div(rough).unwrap_or(0).min(1000) as u16;
    TextStats {
        words,
        reading_minutes: reading_minutes(words),
        dialogue_permille: permille,
    }
}

/// Minutes to read `words` at [`WORDS_PER_MINUTE`], rounded up.
pub fn reading_minutes(words: u64) -> u32 {
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE)).unwrap_or(u32::MAX)
}

/// Whole-work statistics from per-chapter ones: words add up, reading time
/// is recomputed, dialogue share is weighted by words.
pub fn combine(chapters: &[TextStats]) -> TextStats {
    let words: u64 = chapters.iter().map(|s| s.words).sum();
    let spoken: u64 = chapters
        .iter()
        .map(|s| s.words * u64::from(s.dialogue_permille))
        .sum();
    TextStats {
        words,
        reading_minutes: reading_minutes(words),
        dialogue_permille: spoken.checked_div(words).unwrap_or(0).min(1000) as u16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(p: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for_each_span(p, |t, d| out.push((t.trim().to_string(), d)));
        out
    }

    #[test]
    fn curly_and_straight_quotes_split_dialogue() {
        assert_eq!(
            spans("“Come in,” she said. \"Sit.\""),
            vec![
                ("Come in,".into(), true),
                ("she said.".into(), false),
                ("Sit.".into(), true)
            ]
        );
        assert_eq!(
            spans("« Viens », dit-il."),
            vec![("Viens".into(), true), (", dit-il.".into(), false)]
        );
    }

    #[test]
    fn guillemets_after_other_quotes_are_found() {
        assert_eq!(
            spans("Il dit “oui” puis « non », et « peut-être »."),
            vec![
                ("Il dit".into(), false),
                ("oui".into(), true),
                ("puis".into(), false),
                ("non".into(), true),
                (", et".into(), false),
                ("peut-être".into(), true),
                (".".into(), false),
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_single_quotes() {
        assert_eq!(
            spans("‘Don’t,’ he said, and didn’t move."),
            vec![
                ("Don’t,".into(), true),
                ("he said, and didn’t move.".into(), false)
            ]
        );
        assert_eq!(
            spans("'It's late,' said Tom's mother."),
            vec![
                ("It's late,".into(), true),
                ("said Tom's mother.".into(), false)
            ]
        );
        assert_eq!(
            spans("The boys' room was cold."),
            vec![("The boys' room was cold.".into(), false)]
        );
    }

    #[test]
    fn em_dash_dialogue_toggles() {
        assert_eq!(
            spans("—Hola —dijo ella—. ¿Vienes?"),
            vec![
                ("Hola".into(), true),
                ("dijo ella".into(), false),
                (". ¿Vienes?".into(), true)
            ]
        );
    }

    #[test]
    fn stats_count_words_minutes_and_dialogue() {
        let s = paragraph_stats(&["“One two three,” he said.", "Four five six seven eight."]);
        assert_eq!(s.words, 10);
        assert_eq!(s.reading_minutes, 1);
        assert_eq!(s.dialogue_permille, 300);
        assert_eq!(reading_minutes(251), 2);
        assert_eq!(reading_minutes(0), 0);
        let w = combine(&[s, paragraph_stats(&["No talk here at all, none."])]);
        assert_eq!(w.words, 16);
        assert_eq!(w.dialogue_permille, 187);
    }
}
