//! Word counting with Unicode word segmentation (UAX #29).
//!
//! Typeset prose is almost all ASCII plus curly quotes, dashes and the
//! ellipsis: for such text [`count_words`] applies the UAX #29 rules those
//! characters can meet in one byte loop, and only text with any other
//! character goes through `unicode-segmentation`'s tables. The fast path is
//! written here rather than taken from a crate because it is a shortcut to
//! that crate's exact answer (the tests compare the two), not a different
//! count.

use unicode_segmentation::UnicodeSegmentation;

/// Counts the words in `text` the way every Ficshelf surface reports them:
/// Unicode word boundaries, counting only segments that contain a letter or
/// digit (so punctuation and scene-break markers never count).
pub fn count_words(text: &str) -> u64 {
    fast_word_count(text).unwrap_or_else(|| unicode_word_count(text))
}

/// [`count_words`] through the Unicode tables, for any text.
fn unicode_word_count(text: &str) -> u64 {
    text.unicode_words().count() as u64
}

/// What a character is to the word-boundary rules the fast path applies.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Letter,
    Digit,
    Underscore,
    /// Joins two letters or two digits (`.`, `'`, `‘`, `’`).
    MidBoth,
    /// Joins two letters (`:`).
    MidLetter,
    /// Joins two digits (`,`, `;`).
    MidNum,
    Other,
}

/// The class of the character starting at byte `i` and its length; `None`
/// past the end; a length of 0 for a character the fast path does not know.
fn class_at(bytes: &[u8], i: usize) -> Option<(Class, usize)> {
    let b = *bytes.get(i)?;
    Some(match b {
        b'a'..=b'z' | b'A'..=b'Z' => (Class::Letter, 1),
        b'0'..=b'9' => (Class::Digit, 1),
        b'_' => (Class::Underscore, 1),
        b'.' | b'\'' => (Class::MidBoth, 1),
        b':' => (Class::MidLetter, 1),
        b',' | b';' => (Class::MidNum, 1),
        0..=0x7f => (Class::Other, 1),
        // ‘ ’ (E2 80 98/99); “ ” „ (9C 9D 9E); – — (93 94); … (A6).
        0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
            Some(0x98 | 0x99) => (Class::MidBoth, 3),
            Some(0x9C | 0x9D | 0x9E | 0x93 | 0x94 | 0xA6) => (Class::Other, 3),
            _ => (Class::Other, 0),
        },
        _ => (Class::Other, 0),
    })
}

/// [`count_words`] without Unicode tables for text made only of ASCII and
/// the curly quotes, dashes and ellipsis of typeset prose. Letters, digits
/// and `_` join; `.`, `'`, `‘`, `’` join two letters or two digits, `:` two
/// letters, `,` and `;` two digits. `None` for any other character, so the
/// caller falls back to the tables.
fn fast_word_count(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    // Last word character of the current word, and whether the word has a
    // letter or digit.
    let mut last: Option<Class> = None;
    let mut alnum = false;
    while let Some((class, len)) = class_at(bytes, i) {
        if len == 0 {
            return None;
        }
        match class {
            Class::Letter => {
                // Runs of ASCII letters are most of prose: one tight loop
                // over the run instead of a class lookup per byte.
                let run = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                last = Some(Class::Letter);
                alnum = true;
                i += 1 + run;
                continue;
            }
            Class::Digit | Class::Underscore => {
                last = Some(class);
                alnum |= class != Class::Underscore;
            }
            Class::MidBoth | Class::MidLetter | Class::MidNum => {
                let next = class_at(bytes, i + len).map(|(n, _)| n);
                let joins = match (last, next) {
                    (Some(Class::Letter), Some(Class::Letter)) => class != Class::MidNum,
                    (Some(Class::Digit), Some(Class::Digit)) => class != Class::MidLetter,
                    _ => false,
                };
                if !joins {
                    count += u64::from(last.is_some() && alnum);
                    last = None;
                    alnum = false;
                }
            }
            Class::Other => {
                count += u64::from(last.is_some() && alnum);
                last = None;
                alnum = false;
            }
        }
        i += len;
    }
    Some(count + u64::from(last.is_some() && alnum))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_contractions_and_hyphens_like_a_reader() {
        assert_eq!(count_words("It's a well-known fact."), 5);
        assert_eq!(count_words("* * *"), 0);
        assert_eq!(count_words("Café au lait, s'il vous plaît"), 6);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn fast_path_gives_the_unicode_count() {
        let samples = [
            "It's a well-known fact: 3.14, 1,000; a.b.c and a..b ‘quoted’ don’t.",
            "_ __a_ 1_2 x:y 1:2 a,b 1;2 'tis the boys' room — “Yes…” – no.",
            "end. 'a' '1' a'1 1'a a’b. ...",
        ];
        for s in samples {
            assert_eq!(fast_word_count(s), Some(unicode_word_count(s)), "{s}");
        }
        assert_eq!(fast_word_count("Café"), None);
        assert_eq!(count_words("Café"), unicode_word_count("Café"));
        // Every string of up to 4 characters from a tricky alphabet.
        let alphabet = [
            'a', 'Z', '1', '_', '.', '\'', '’', '‘', ':', ',', ';', ' ', '\n', '“', '—', '…', '-',
        ];
        let mut stack = vec![String::new()];
        while let Some(s) = stack.pop() {
            assert_eq!(fast_word_count(&s), Some(unicode_word_count(&s)), "{s:?}");
            if s.chars().count() < 4 {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    stack.push(t);
                }
            }
        }
    }
}
