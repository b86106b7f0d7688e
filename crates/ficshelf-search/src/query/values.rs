//! Typing filter values: numbers, dates, ranges, ratings, statuses and sorts.
//!
//! Errors are returned as `(message, hint)` pairs; the parser adds the position.

use super::ast::{FilterField, FilterValue, Sort, SortField, SortOrder};
use ficshelf_model::{Rating, Status};

/// A value error: the message and an optional hint.
pub(crate) type ValueError = (String, Option<String>);

fn err(message: String) -> ValueError {
    (message, None)
}

/// Types one raw value of `field`.
pub(crate) fn typed_value(field: FilterField, raw: &str) -> Result<FilterValue, ValueError> {
    match field {
        FilterField::Rating => {
            let lower = raw.trim().to_lowercase();
            Rating::from_machine_name(&lower)
                .or_else(|| Rating::from_label(raw))
                .map(FilterValue::Rating)
                .ok_or_else(|| {
                    (
                        format!("unknown rating \"{raw}\""),
                        Some("expected general, teen, mature, explicit or not_rated".into()),
                    )
                })
        }
        FilterField::Status => {
            let lower = raw.trim().to_lowercase();
            Status::from_machine_name(&lower)
                .or_else(|| Status::from_label(raw))
                .map(FilterValue::Status)
                .ok_or_else(|| {
                    (
                        format!("unknown status \"{raw}\""),
                        Some("expected complete or in_progress".into()),
                    )
                })
        }
        FilterField::Words | FilterField::Chapters => {
            let (min, max) = parse_range(raw, |s| parse_number(s).map(|n| (n, n)))?;
            Ok(FilterValue::Range { min, max })
        }
        FilterField::Updated | FilterField::Published => {
            let (min, max) = parse_range(raw, parse_date)?;
            Ok(FilterValue::Range { min, max })
        }
        _ => {
            let text = raw.trim();
            if text.is_empty() {
                return Err(err(format!("empty value for {}:", field.as_str())));
            }
            Ok(FilterValue::Text(text.to_string()))
        }
    }
}

/// Parses `>N`, `>=N`, `<N`, `<=N`, `N..M` (either side may be left open)
/// or `N` into an inclusive range. `bounds` gives the first and last value a
/// single operand covers (a day, month or year for dates).
fn parse_range(
    raw: &str,
    bounds: impl Fn(&str) -> Result<(u64, u64), ValueError>,
) -> Result<(u64, u64), ValueError> {
    let raw = raw.trim();
    let (min, max) = if let Some(rest) = raw.strip_prefix(">=") {
        (bounds(rest)?.0, u64::MAX)
    } else if let Some(rest) = raw.strip_prefix("<=") {
        (0, bounds(rest)?.1)
    } else if let Some(rest) = raw.strip_prefix('>') {
        (bounds(rest)?.1.saturating_add(1), u64::MAX)
    } else if let Some(rest) = raw.strip_prefix('<') {
        let first = bounds(rest)?.0;
        if first == 0 {
            return Err(err(format!("empty range \"{raw}\"")));
        }
        (0, first - 1)
    } else if let Some((lo, hi)) = raw.split_once("..") {
        if lo.is_empty() && hi.is_empty() {
            return Err(err("a range needs at least one bound".into()));
        }
        let min = if lo.is_empty() { 0 } else { bounds(lo)?.0 };
        let max = if hi.is_empty() {
            u64::MAX
        } else {
            bounds(hi)?.1
        };
        (min, max)
    } else {
        bounds(raw)?
    };
    if min > max {
        return Err(err(format!("empty range \"{raw}\"")));
    }
    Ok((min, max))
}

/// A count: digits, optionally with a `k` suffix (`5k` = 5000) or `_` separators.
fn parse_number(raw: &str) -> Result<u64, ValueError> {
    let bad = || err(format!("bad number \"{raw}\""));
    let digits: String = raw.chars().filter(|c| *c != '_').collect();
    let (digits, factor) = match digits.strip_suffix(['k', 'K']) {
        Some(d) => (d.to_string(), 1000),
        None => (digits, 1),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    match digits.parse::<u64>() {
        Ok(n) => n.checked_mul(factor).ok_or_else(bad),
        Err(_) => Err(bad()),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first and last day it covers,
/// encoded `YYYYMMDD`.
pub(crate) fn parse_date(raw: &str) -> Result<(u64, u64), ValueError> {
    let bad = || {
        (
            format!("bad date \"{raw}\""),
            Some("dates are written YYYY, YYYY-MM or YYYY-MM-DD".to_string()),
        )
    };
    let parts: Vec<&str> = raw.split('-').collect();
    let num = |s: &str, len: usize| -> Result<u64, ValueError> {
        if s.len() != len || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u64>().map_err(|_| bad())
    };
    let year = num(parts[0], 4)?;
    match parts.len() {
        1 => Ok((year * 10000 + 101, year * 10000 + 1231)),
        2 | 3 => {
            let month = num(parts[1], 2)?;
            if !(1..=12).contains(&month) {
                return Err(bad());
            }
            let base = year * 10000 + month * 100;
            if parts.len() == 2 {
                return Ok((base + 1, base + days_in_month(year, month)));
            }
            let day = num(parts[2], 2)?;
            if day == 0 || day > days_in_month(year, month) {
                return Err(bad());
            }
            Ok((base + day, base + day))
        }
        _ => Err(bad()),
    }
}

/// A stored date (`YYYY-MM-DD`, possibly followed by a time) as the number
/// `YYYYMMDD`; partial dates count from their first day. `None` when unreadable.
pub(crate) fn day_number(date: &str) -> Option<u64> {
    let day = date.trim().split(['T', ' ']).next().unwrap_or_default();
    match parse_date(day) {
        Ok((first, _)) => Some(first),
        // The model promises ISO dates; anything else is indexed as "no date".
        Err(_) => None,
    }
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a `sort:` value: `field`, `-field` (descending), `field:asc` or `field:desc`.
pub(crate) fn parse_sort(raw: &str) -> Result<Sort, ValueError> {
    let (name, order) = if let Some(name) = raw.strip_prefix('-') {
        (name, Some(SortOrder::Desc))
    } else if let Some((name, dir)) = raw.split_once(':') {
        let order = match dir.to_ascii_lowercase().as_str() {
            "asc" => SortOrder::Asc,
            "desc" => SortOrder::Desc,
            _ => {
                return Err((
                    format!("unknown sort order \"{dir}\""),
                    Some("use :asc or :desc".into()),
                ))
            }
        };
        (name, Some(order))
    } else {
        (raw, None)
    };
    let lower = name.to_ascii_lowercase();
    let field = SortField::ALL
        .into_iter()
        .find(|f| f.as_str() == lower)
        .ok_or_else(|| {
            let names: Vec<&str> = SortField::ALL.iter().map(|f| f.as_str()).collect();
            let hint = did_you_mean(&lower, &names)
                .unwrap_or_else(|| format!("sort by one of {}", names.join(", ")));
            (format!("unknown sort \"{name}\""), Some(hint))
        })?;
    Ok(Sort::new(field, order.unwrap_or(field.default_order())))
}

/// `did you mean X?` when a known name is within two edits of `word`.
pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2 || k.starts_with(word) && word.len() >= 3)
        .min()
        .map(|(_, k)| format!("did you mean {k}?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(field: FilterField, raw: &str) -> (u64, u64) {
        match typed_value(field, raw) {
            Ok(FilterValue::Range { min, max }) => (min, max),
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn number_ranges() {
        let w = FilterField::Words;
        assert_eq!(range(w, ">5000"), (5001, u64::MAX));
        assert_eq!(range(w, ">=5000"), (5000, u64::MAX));
        assert_eq!(range(w, "<5000"), (0, 4999));
        assert_eq!(range(w, "<=5000"), (0, 5000));
        assert_eq!(range(w, "1000..2000"), (1000, 2000));
        assert_eq!(range(w, "1000.."), (1000, u64::MAX));
        assert_eq!(range(w, "..2k"), (0, 2000));
        assert_eq!(range(w, "1_500"), (1500, 1500));
        assert_eq!(typed_value(w, ">abc").unwrap_err().0, "bad number \"abc\"");
        assert_eq!(typed_value(w, "<0").unwrap_err().0, "empty range \"<0\"");
        assert_eq!(
            typed_value(w, "9..3").unwrap_err().0,
            "empty range \"9..3\""
        );
        assert!(typed_value(w, "..").is_err());
    }

    #[test]
    fn date_ranges() {
        let u = FilterField::Updated;
        assert_eq!(range(u, ">2020-01-01"), (20200102, u64::MAX));
        assert_eq!(range(u, "2019-01-01..2019-12-31"), (20190101, 20191231));
        assert_eq!(range(u, "2019"), (20190101, 20191231));
        assert_eq!(range(u, "2020-02"), (20200201, 20200229));
        assert_eq!(range(u, ">2019"), (20191232, u64::MAX));
        assert_eq!(range(u, "<2019-03"), (0, 20190300));
        assert!(typed_value(u, "2019-13-01").is_err());
        assert!(typed_value(u, "2019-02-30").is_err());
        assert!(typed_value(u, "19-02-03").is_err());
    }

    #[test]
    fn ratings_and_statuses() {
        let r = |s| typed_value(FilterField::Rating, s);
        assert_eq!(r("teen"), Ok(FilterValue::Rating(Rating::Teen)));
        assert_eq!(r("not_rated"), Ok(FilterValue::Rating(Rating::NotRated)));
        assert_eq!(r("NC-17"), Ok(FilterValue::Rating(Rating::Explicit)));
        assert!(r("spicy").unwrap_err().1.is_some());
        let s = |s| typed_value(FilterField::Status, s);
        assert_eq!(s("wip"), Ok(FilterValue::Status(Status::InProgress)));
        assert_eq!(s("complete"), Ok(FilterValue::Status(Status::Complete)));
        assert!(s("maybe").is_err());
    }

    #[test]
    fn sorts() {
        assert_eq!(
            parse_sort("words"),
            Ok(Sort::new(SortField::Words, SortOrder::Desc))
        );
        assert_eq!(
            parse_sort("title"),
            Ok(Sort::new(SortField::Title, SortOrder::Asc))
        );
        assert_eq!(
            parse_sort("-title"),
            Ok(Sort::new(SortField::Title, SortOrder::Desc))
        );
        assert_eq!(
            parse_sort("updated:asc"),
            Ok(Sort::new(SortField::Updated, SortOrder::Asc))
        );
        assert_eq!(
            parse_sort("updated:desc"),
            Ok(Sort::new(SortField::Updated, SortOrder::Desc))
        );
        let (msg, hint) = parse_sort("wrods").unwrap_err();
        assert_eq!(
            (msg.as_str(), hint.as_deref()),
            ("unknown sort \"wrods\"", Some("did you mean words?"))
        );
        assert!(parse_sort("words:up").is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("ratin", &["rating", "tag"]),
            Some("did you mean rating?".into())
        );
        assert_eq!(did_you_mean("zzzzzz", &["rating", "tag"]), None);
    }
}
