//! Chapter headings (`Chapter 1`, `Chapter One: Title`, `Ch. 3 - Title`,
//! `Part II`, `Prologue`) and the numbers they are written in.
//!
//! Written by hand rather than as one regular expression because number
//! words and roman numerals need validating, and decorations around a
//! heading (`~ Chapter 2 ~`, `*** PART ONE ***`) are stripped first.

/// What kind of heading a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// `Chapter N`, `Ch. N`, `Prologue`, `Epilogue`, `Interlude`.
    Chapter,
    /// `Part N`: a chapter only in files that have no `Chapter` headings.
    Part,
}

/// A recognised heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub kind: HeadingKind,
    pub number: Option<u32>,
    pub title: Option<String>,
}

const NUMBERED: [(&str, HeadingKind); 6] = [
    ("chapter", HeadingKind::Chapter),
    ("chap.", HeadingKind::Chapter),
    ("chap", HeadingKind::Chapter),
    ("ch.", HeadingKind::Chapter),
    ("ch", HeadingKind::Chapter),
    ("part", HeadingKind::Part),
];

const NAMED: [&str; 3] = ["prologue", "epilogue", "interlude"];

/// Reads `line` as a chapter heading, or returns `None`.
pub(crate) fn parse_heading(line: &str) -> Option<Heading> {
    let line = strip_decoration(line);
    if line.is_empty() || line.chars().count() > 100 {
        return None;
    }
    let lower = line.to_lowercase();
    for name in NAMED {
        if let Some(rest) = lower.strip_prefix(name) {
            let rest_orig = &line[line.len() - rest.len()..];
            let title = title_after(rest_orig)?;
            let heading_word = &line[..name.len()];
            let title = match title {
                Some(sub) => format!("{heading_word}: {sub}"),
                None => heading_word.to_string(),
            };
            return Some(Heading {
                kind: HeadingKind::Chapter,
                number: None,
                title: Some(title),
            });
        }
    }
    for (word, kind) in NUMBERED {
        let Some(rest) = lower.strip_prefix(word) else {
            continue;
        };
        let spaced = rest.starts_with(char::is_whitespace);
        let rest = rest.trim_start();
        if !spaced && !rest.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some((number, used)) = parse_number_prefix(rest) else {
            continue;
        };
        let after = skip_count(&line[line.len() - rest.len() + used..]);
        let Some(title) = title_after(after) else {
            continue;
        };
        return Some(Heading {
            kind,
            number: Some(number),
            title,
        });
    }
    None
}

/// Skips a total after the number: `Part 1 of 3`, `Chapter 2/10`.
fn skip_count(rest: &str) -> &str {
    let trimmed = rest.trim_start();
    let after_word = if let Some(r) = trimmed.get(..3).filter(|p| p.eq_ignore_ascii_case("of ")) {
        &trimmed[r.len()..]
    } else if let Some(r) = trimmed.strip_prefix('/') {
        r
    } else {
        return rest;
    };
    let after_word = after_word.trim_start();
    let digits = after_word.chars().take_while(char::is_ascii_digit).count();
    let end_ok = after_word[digits..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    if digits > 0 && end_ok {
        &after_word[digits..]
    } else if let Some(unknown_total) = after_word.strip_prefix('?') {
        unknown_total
    } else {
        rest
    }
}

/// After the number: nothing, or a separator and a title.
/// Returns `None` when the line goes on without a separator (so it is prose).
fn title_after(rest: &str) -> Option<Option<String>> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(None);
    }
    let title = rest.trim_start_matches([':', '.', '-', '–', '—', ' ', '|']);
    if title.len() == rest.len() {
        return None;
    }
    let title = title.trim();
    Some((!title.is_empty()).then(|| title.to_string()))
}

fn strip_decoration(line: &str) -> &str {
    line.trim()
        .trim_matches(|c: char| "*~=#_[]()<>|".contains(c) || c.is_whitespace() || c == '-')
}

/// Parses a number at the start of `text` (lower case): digits, a roman
/// numeral, or English number words up to ninety-nine. Returns the value and
/// how many bytes were used; the number must end at a word boundary.
fn parse_number_prefix(text: &str) -> Option<(u32, usize)> {
    let word_end = |s: &str| s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let boundary = text[digits..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        return boundary.then(|| Some((text[..digits].parse().ok()?, digits)))?;
    }
    let first_len = word_end(text);
    let first = &text[..first_len];
    // "twenty-one" / "twenty one"
    if let Some(tens) = tens_value(first) {
        let after = &text[first_len..];
        if let Some(sep) = after.chars().next().filter(|c| *c == '-' || *c == ' ') {
            let second = &after[sep.len_utf8()..];
            let second_len = word_end(second);
            if let Some(unit) = unit_value(&second[..second_len]).filter(|u| *u < 10) {
                return Some((tens + unit, first_len + sep.len_utf8() + second_len));
            }
        }
        return Some((tens, first_len));
    }
    if let Some(unit) = unit_value(first) {
        return Some((unit, first_len));
    }
    roman_value(first).map(|v| (v, first_len))
}

fn unit_value(word: &str) -> Option<u32> {
    const UNITS: [&str; 19] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    UNITS.iter().position(|u| *u == word).map(|i| i as u32 + 1)
}

fn tens_value(word: &str) -> Option<u32> {
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    TENS.iter()
        .position(|t| *t == word)
        .map(|i| (i as u32 + 2) * 10)
}

/// A well-formed roman numeral from 1 to 399.
fn roman_value(word: &str) -> Option<u32> {
    if word.is_empty() || word.len() > 12 {
        return None;
    }
    let value_of = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = word.chars().map(value_of).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| (1..400).contains(t))?;
    // Only canonical spellings: reject "iiii", "vx", "ic".
    (to_roman(total) == word).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Option<(HeadingKind, Option<u32>, Option<String>)> {
        parse_heading(line).map(|h| (h.kind, h.number, h.title))
    }

    #[test]
    fn recognises_heading_styles() {
        use HeadingKind::*;
        assert_eq!(h("Chapter 1"), Some((Chapter, Some(1), None)));
        assert_eq!(
            h("Chapter One: The Road"),
            Some((Chapter, Some(1), Some("The Road".into())))
        );
        assert_eq!(h("CHAPTER TWENTY-ONE"), Some((Chapter, Some(21), None)));
        assert_eq!(h("Chapter thirty two"), Some((Chapter, Some(32), None)));
        assert_eq!(
            h("Ch. 3 - Title Here"),
            Some((Chapter, Some(3), Some("Title Here".into())))
        );
        assert_eq!(h("Ch.4"), Some((Chapter, Some(4), None)));
        assert_eq!(h("Part II"), Some((Part, Some(2), None)));
        assert_eq!(
            h("Part 2: Going Home"),
            Some((Part, Some(2), Some("Going Home".into())))
        );
        assert_eq!(h("~ Chapter 7 ~"), Some((Chapter, Some(7), None)));
        assert_eq!(h("Chapter XIV"), Some((Chapter, Some(14), None)));
        assert_eq!(
            h("Prologue"),
            Some((Chapter, None, Some("Prologue".into())))
        );
        assert_eq!(
            h("Epilogue: After"),
            Some((Chapter, None, Some("Epilogue: After".into())))
        );
    }

    #[test]
    fn rejects_prose() {
        assert_eq!(h("Chapter one of my life was over."), None);
        assert_eq!(h("Part of me knew."), None);
        assert_eq!(h("Chapters"), None);
        assert_eq!(h("Check the door"), None);
        assert_eq!(h("Chapter IIII"), None);
        assert_eq!(h("Prologues are boring"), None);
    }
}
