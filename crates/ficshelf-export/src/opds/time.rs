//! Instants as Atom writes them (RFC 3339, UTC), and the stated dates of
//! works read as instants.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// An instant, to the second, in UTC. Displays as RFC 3339
/// (`2024-05-01T12:30:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    seconds: i64,
}

const SECONDS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// The instant `seconds` after the Unix epoch.
    pub fn from_unix(seconds: i64) -> Timestamp {
        Timestamp { seconds }
    }

    /// A system time, truncated to the second; times before the epoch
    /// count backwards from it.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        };
        Timestamp { seconds }
    }

    /// Seconds since the Unix epoch.
    pub fn unix(self) -> i64 {
        self.seconds
    }

    /// Midnight UTC at the start of a stated date: `YYYY-MM-DD`, `YYYY-MM`
    /// (its first day) or `YYYY` (1 January). `None` for anything else,
    /// including impossible dates (`2023-02-30`).
    pub fn from_date(text: &str) -> Option<Timestamp> {
        let mut parts = text.trim().split('-');
        let year = number(parts.next()?, 4)?;
        let month = parts.next().map_or(Some(1), |m| number(m, 2))?;
        let day = parts.next().map_or(Some(1), |d| number(d, 2))?;
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp {
            seconds: days * SECONDS_PER_DAY,
        })
    }
}

/// Exactly `digits` ASCII digits.
fn number(text: &str, digits: usize) -> Option<i64> {
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date. Counts in
/// 400-year eras from 1 March 0000, so that the leap day ends a year.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: `(year, month, day)`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn writes_rfc_3339() {
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(1_700_000_000).to_string(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        let time = UNIX_EPOCH + Duration::from_millis(951_782_400_999);
        assert_eq!(
            Timestamp::from_system_time(time).to_string(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn reads_stated_dates() {
        let date = |text: &str| Timestamp::from_date(text).map(|t| t.to_string());
        assert_eq!(date("2024-05-01").as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(date("2024-02-29").as_deref(), Some("2024-02-29T00:00:00Z"));
        assert_eq!(date("2024-07").as_deref(), Some("2024-07-01T00:00:00Z"));
        assert_eq!(date(" 1999 ").as_deref(), Some("1999-01-01T00:00:00Z"));
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-1-10",
            "May 2023",
            "",
            "2023-01-01-01",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
