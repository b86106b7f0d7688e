//! Reading the dates fan fiction headers write into ISO `YYYY-MM-DD`.
//!
//! Written by hand: the forms are few and fixed, and a date crate would add
//! a dependency for a dozen lines. Numeric dates with slashes are read the
//! way FanFiction.Net writes them, month first, unless the first number
//! cannot be a month.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses `2011-04-02`, `2011/04/02`, `3/4/2009` (M/D/Y), `25/12/2010`,
/// `March 3, 2012`, `3 March 2012`, `Mar 3 2012`. Returns `None` otherwise.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    let text = without_time(text.trim().trim_end_matches('.'));
    let nums: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    if nums.len() != 3 {
        return None;
    }
    let month_word = nums.iter().position(|s| month_number(s).is_some());
    let (y, m, d) = if let Some(mi) = month_word {
        let m = month_number(nums[mi])?;
        let others: Vec<u32> = nums
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != mi)
            .map(|(_, s)| strip_ordinal(s).parse().ok())
            .collect::<Option<Vec<u32>>>()?;
        let (a, b) = (others[0], others[1]);
        if a > 31 {
            (a, m, b)
        } else {
            (b, m, a)
        }
    } else {
        let n: Vec<u32> = nums
            .iter()
            .map(|s| s.parse().ok())
            .collect::<Option<Vec<u32>>>()?;
        if nums[0].len() == 4 {
            (n[0], n[1], n[2])
        } else if n[0] > 12 {
            (n[2], n[1], n[0])
        } else {
            (n[2], n[0], n[1])
        }
    };
    let y = if y < 100 {
        y + if y < 70 { 2000 } else { 1900 }
    } else {
        y
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=2200).contains(&y) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A date without the time written after it (`2021-03-04 10:11:12`,
/// `3/4/2009 10:15 PM`), as FanFicFare's title page writes dates.
fn without_time(text: &str) -> &str {
    let mut end = text.len();
    for word in text.rsplit(' ') {
        let is_time = word.eq_ignore_ascii_case("am")
            || word.eq_ignore_ascii_case("pm")
            || (word.contains(':') && word.chars().all(|c| c.is_ascii_digit() || c == ':'));
        if !is_time || end < word.len() + 1 {
            break;
        }
        end -= word.len() + 1;
    }
    text[..end].trim_end()
}

fn month_number(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 || lower.chars().any(|c| !c.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn strip_ordinal(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn reads_common_forms() {
        assert_eq!(parse_date("2011-04-02").as_deref(), Some("2011-04-02"));
        assert_eq!(parse_date("3/4/2009").as_deref(), Some("2009-03-04"));
        assert_eq!(parse_date("25/12/2010").as_deref(), Some("2010-12-25"));
        assert_eq!(parse_date("March 3, 2012").as_deref(), Some("2012-03-03"));
        assert_eq!(parse_date("3rd March 2012").as_deref(), Some("2012-03-03"));
        assert_eq!(parse_date("Sep 21 2015").as_deref(), Some("2015-09-21"));
        assert_eq!(parse_date("sometime last year"), None);
        assert_eq!(
            parse_date("2021-03-04 10:11:12").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(
            parse_date("3/4/2009 10:15 PM").as_deref(),
            Some("2009-03-04")
        );
        assert_eq!(parse_date("10:15"), None);
        assert_eq!(parse_date("13/13/2013"), None);
    }
}
