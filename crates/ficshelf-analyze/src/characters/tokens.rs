//! Splitting a paragraph into words, keeping what the name finder needs to
//! know about each: the punctuation between it and the word before, whether
//! it sits inside a quotation, and whether it carried a possessive `'s`.
//!
//! One pass over the characters; words borrow from the paragraph.

/// A comma between this word and the previous one.
pub(crate) const GAP_COMMA: u8 = 1;
/// A full stop, `!`, `?` or `…` between this word and the previous one.
pub(crate) const GAP_STOP: u8 = 2;
/// An opening quotation mark before this word.
pub(crate) const GAP_QUOTE_OPEN: u8 = 4;
/// A closing quotation mark between this word and the previous one.
pub(crate) const GAP_QUOTE_CLOSE: u8 = 8;
/// Any other punctuation (`;`, `:`, dashes, brackets, digits' symbols).
pub(crate) const GAP_OTHER: u8 = 16;
/// Exactly one `.` and whitespace: an abbreviation's period or a full stop.
pub(crate) const GAP_PERIOD_ONLY: u8 = 32;

/// One word of a paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'a> {
    /// The word, without a trailing possessive `'s`.
    pub text: &'a str,
    /// `GAP_*` flags for the punctuation before this word.
    pub gap: u8,
    /// Inside a quotation (dialogue).
    pub quoted: bool,
    /// Was written with a possessive `'s` (or `’s`).
    pub possessive: bool,
    /// [`LOWER`], [`CAPITAL`] or 0.
    class: u8,
    /// Byte range in the paragraph, possessive included.
    pub start: u32,
    pub end: u32,
    /// Every character is ASCII.
    pub ascii: bool,
    /// Holds an apostrophe or hyphen between letters ("didn't", "O'Brien",
    /// "blood-soaked", a possessive): other readers split it there.
    pub joined: bool,
}

/// [`Word::class`]: starts with a lowercase letter.
const LOWER: u8 = 1;
/// [`Word::class`]: capitalised (see [`Word::is_capitalised`]).
const CAPITAL: u8 = 2;

impl Word<'_> {
    /// Starts with an uppercase letter and is not all capitals (shouting
    /// and acronyms are not names here; single capitals such as initials
    /// count as capitalised, and so do droid-style names: "BB-8", "R2-D2").
    #[inline]
    pub fn is_capitalised(&self) -> bool {
        self.class == CAPITAL
    }

    /// Starts with a lowercase letter.
    #[inline]
    pub fn is_lowercase(&self) -> bool {
        self.class == LOWER
    }
}

/// Classifies a word by its first letter (and, for a capital, the rest).
fn classify(word: &str, first: char) -> u8 {
    if first.is_ascii_lowercase() {
        return LOWER;
    }
    if first.is_ascii_uppercase() && word.is_ascii() {
        // ASCII: the same tests on bytes.
        let rest = &word.as_bytes()[1..];
        let capitalised = rest.is_empty()
            || rest.iter().any(u8::is_ascii_lowercase)
            || (rest.contains(&b'-') && rest.iter().any(u8::is_ascii_digit));
        return if capitalised { CAPITAL } else { 0 };
    }
    if first.is_lowercase() {
        return LOWER;
    }
    if !first.is_uppercase() {
        return 0;
    }
    let mut rest = word[first.len_utf8()..].chars();
    let capitalised = rest.clone().next().is_none()
        || rest.clone().any(char::is_lowercase)
        || (word.contains('-') && rest.any(|c| c.is_ascii_digit()));
    if capitalised {
        CAPITAL
    } else {
        0
    }
}

/// The character at byte `i` (a char boundary) and its length, with a fast
/// path for ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => (' ', 1),
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text` into words, appending them to `out` (cleared first).
pub(crate) fn tokenize<'a>(text: &'a str, out: &mut Vec<Word<'a>>) {
    out.clear();
    let mut gap: u8 = 0;
    let mut periods = 0u8;
    let mut double_open = false;
    let mut single_open = false;
    let mut i = 0;
    while i < text.len() {
        if text.as_bytes()[i] == b' ' {
            i += 1;
            continue;
        }
        let (c, len) = char_at(text, i);
        if c.is_alphanumeric() {
            // A word: letters and digits, with apostrophes and hyphens inside.
            let start = i;
            let mut end = i + len;
            let mut ascii = len == 1;
            let mut joined = false;
            let bytes = text.as_bytes();
            while end < text.len() {
                let b = bytes[end];
                if crate::stats::is_ascii_word_byte(b) {
                    end += 1;
                    continue;
                }
                if b < 0x80 && b != b'\'' && b != b'-' {
                    break;
                }
                let (d, dlen) = char_at(text, end);
                if d.is_alphanumeric() {
                    end += dlen;
                    ascii = false;
                } else if (is_apostrophe(d) || d == '-') && end + dlen < text.len() {
                    let (e, elen) = char_at(text, end + dlen);
                    if !e.is_alphanumeric() {
                        break;
                    }
                    end += dlen + elen;
                    ascii &= dlen == 1 && elen == 1;
                    joined = true;
                } else {
                    break;
                }
            }
            i = end;
            let mut word = &text[start..end];
            let mut possessive = false;
            if word.ends_with('s') {
                for suffix in ["'s", "\u{2019}s"] {
                    if let Some(stem) = word.strip_suffix(suffix) {
                        if !stem.is_empty() {
                            word = stem;
                            possessive = true;
                        }
                    }
                }
            }
            if periods == 1 && gap & !(GAP_STOP) == 0 {
                gap |= GAP_PERIOD_ONLY;
            }
            out.push(Word {
                text: word,
                gap,
                quoted: double_open || single_open,
                possessive,
                class: classify(word, c),
                start: start as u32,
                end: end as u32,
                ascii,
                joined,
            });
            gap = 0;
            periods = 0;
            continue;
        }
        let at = i;
        i += len;
        match c {
            c if c.is_whitespace() => {}
            ',' => gap |= GAP_COMMA,
            '.' => {
                gap |= GAP_STOP;
                periods = periods.saturating_add(1);
            }
            '!' | '?' | '\u{2026}' => {
                gap |= GAP_STOP;
                periods = 2;
            }
            '"' => {
                if double_open {
                    gap |= GAP_QUOTE_CLOSE;
                } else {
                    gap |= GAP_QUOTE_OPEN;
                }
                double_open = !double_open;
            }
            '\u{201c}' | '\u{201e}' | '\u{ab}' => {
                double_open = true;
                gap |= GAP_QUOTE_OPEN;
            }
            '\u{201d}' | '\u{bb}' => {
                double_open = false;
                gap |= GAP_QUOTE_CLOSE;
            }
            '\u{2018}' => {
                single_open = true;
                gap |= GAP_QUOTE_OPEN;
            }
            c if is_apostrophe(c) => {
                if single_open {
                    single_open = false;
                    gap |= GAP_QUOTE_CLOSE;
                } else if out.is_empty() || gap != 0 || text[..at].ends_with(char::is_whitespace) {
                    // An apostrophe after a space opens a British quotation.
                    single_open = true;
                    gap |= GAP_QUOTE_OPEN;
                }
            }
            _ => gap |= GAP_OTHER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word<'_>> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out
    }

    #[test]
    fn words_carry_gaps_quotes_and_possessives() {
        let w =
            words("\u{201c}Come here, Mara.\u{201d} Ilan's hand shook. Mr. O'Brien-Smith didn't.");
        let texts: Vec<&str> = w.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            [
                "Come",
                "here",
                "Mara",
                "Ilan",
                "hand",
                "shook",
                "Mr",
                "O'Brien-Smith",
                "didn't"
            ]
        );
        assert!(w[0].quoted && w[0].gap & GAP_QUOTE_OPEN != 0);
        assert!(w[2].quoted && w[2].gap & GAP_COMMA != 0);
        assert!(!w[3].quoted && w[3].possessive && w[3].gap & GAP_QUOTE_CLOSE != 0);
        assert!(w[7].gap & GAP_PERIOD_ONLY != 0);
        assert!(w[3].is_capitalised() && !w[4].is_capitalised() && w[4].is_lowercase());
    }

    #[test]
    fn british_single_quotes_open_and_close() {
        let w = words("\u{2018}Yes, Potter,\u{2019} she said. 'Go.'");
        assert!(w[0].quoted && w[1].quoted);
        assert!(!w[2].quoted && !w[3].quoted);
        assert!(w[4].quoted);
    }

    #[test]
    fn shouting_is_not_capitalised() {
        let w = words("NO, said J. Smith");
        assert!(!w[0].is_capitalised());
        assert!(w[2].is_capitalised());
    }
}
