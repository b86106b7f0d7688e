//! Chapter headings in the styles plain-text fan fiction uses.

/// How a work heads its chapters (one style per work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    /// `Chapter 1`, `Chapter 2: Title`.
    ChapterDigits,
    /// `Chapter One: Title`.
    ChapterWords,
    /// `Ch. 3 - Title`.
    ChShort,
    /// `Part IV`, `Part IV: Title`.
    PartRoman,
    /// `Part 2: Title`.
    PartDigits,
    /// `CHAPTER TWENTY-ONE`, never a title.
    Upper,
    /// `Chapter 5` with the title on the next line of the same block.
    TitleBelow,
    /// `Chap 4 - Title`.
    Chap,
}

impl HeadingStyle {
    pub const ALL: [HeadingStyle; 8] = [
        HeadingStyle::ChapterDigits,
        HeadingStyle::ChapterWords,
        HeadingStyle::ChShort,
        HeadingStyle::PartRoman,
        HeadingStyle::PartDigits,
        HeadingStyle::Upper,
        HeadingStyle::TitleBelow,
        HeadingStyle::Chap,
    ];

    /// Whether headings in this style can carry a chapter title.
    pub fn has_titles(self) -> bool {
        self != HeadingStyle::Upper
    }

    /// The heading of chapter number `n` (1-based) with an optional title.
    pub fn heading(self, n: u32, title: Option<&str>) -> String {
        let base = match self {
            HeadingStyle::ChapterDigits => format!("Chapter {n}"),
            HeadingStyle::ChapterWords => format!("Chapter {}", capitalised_words(n)),
            HeadingStyle::ChShort => format!("Ch. {n}"),
            HeadingStyle::PartRoman => format!("Part {}", roman(n)),
            HeadingStyle::PartDigits => format!("Part {n}"),
            HeadingStyle::Upper => format!("CHAPTER {}", number_words(n).to_uppercase()),
            HeadingStyle::TitleBelow => format!("Chapter {n}"),
            HeadingStyle::Chap => format!("Chap {n}"),
        };
        match (self, title) {
            (HeadingStyle::Upper, _) | (_, None) => base,
            (HeadingStyle::ChShort | HeadingStyle::Chap, Some(t)) => format!("{base} - {t}"),
            (HeadingStyle::TitleBelow, Some(t)) => format!("{base}\n{t}"),
            (_, Some(t)) => format!("{base}: {t}"),
        }
    }
}

const ONES: [&str; 20] = [
    "zero",
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
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// English words for `n` in `0..100` (`twenty-one`); digits beyond.
pub fn number_words(n: u32) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_string(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// `Twenty-One`.
fn capitalised_words(n: u32) -> String {
    number_words(n)
        .split('-')
        .map(super::names::capitalise)
        .collect::<Vec<_>>()
        .join("-")
}

/// Roman numerals for `1..4000`.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            s.push_str(numeral);
            n -= value;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert_eq!(HeadingStyle::ChapterDigits.heading(1, None), "Chapter 1");
        assert_eq!(
            HeadingStyle::ChapterWords.heading(2, Some("Ash")),
            "Chapter Two: Ash"
        );
        assert_eq!(HeadingStyle::ChShort.heading(3, Some("Ash")), "Ch. 3 - Ash");
        assert_eq!(HeadingStyle::PartRoman.heading(4, None), "Part IV");
        assert_eq!(HeadingStyle::Upper.heading(21, None), "CHAPTER TWENTY-ONE");
        assert_eq!(
            HeadingStyle::TitleBelow.heading(5, Some("Ash")),
            "Chapter 5\nAsh"
        );
        assert_eq!(
            HeadingStyle::ChapterWords.heading(30, None),
            "Chapter Thirty"
        );
        assert_eq!(roman(29), "XXIX");
    }
}
