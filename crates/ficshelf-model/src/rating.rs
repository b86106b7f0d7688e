//! Content ratings on AO3's scale, and completion status.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A content rating on AO3's five-step scale.
///
/// Ordered from least to most restricted, so `Rating::Teen < Rating::Mature`;
/// `NotRated` sorts last because an unrated work must be treated as possibly
/// explicit (AO3 gates it behind the adult-content warning too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    General,
    Teen,
    Mature,
    Explicit,
    NotRated,
}

impl Rating {
    /// Every rating, least restricted first.
    pub const ALL: [Rating; 5] = [
        Rating::General,
        Rating::Teen,
        Rating::Mature,
        Rating::Explicit,
        Rating::NotRated,
    ];

    /// The machine name used in JSON, URLs and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::General => "general",
            Rating::Teen => "teen",
            Rating::Mature => "mature",
            Rating::Explicit => "explicit",
            Rating::NotRated => "not_rated",
        }
    }

    /// AO3's display name.
    pub fn display_name(self) -> &'static str {
        match self {
            Rating::General => "General Audiences",
            Rating::Teen => "Teen And Up Audiences",
            Rating::Mature => "Mature",
            Rating::Explicit => "Explicit",
            Rating::NotRated => "Not Rated",
        }
    }

    /// Parses the machine name (`"teen"`) back.
    pub fn from_machine_name(name: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether AO3 shows its adult-content interstitial before this work.
    pub fn is_adult(self) -> bool {
        matches!(self, Rating::Mature | Rating::Explicit | Rating::NotRated)
    }

    /// Maps a rating label as archives write it to AO3's scale, also when a
    /// reason follows it (`"PG-13 for language"`, `"R (violence)"`).
    ///
    /// Covers the MPAA-style letters used by old archives and mailing lists
    /// (G, PG, PG-13, R, NC-17, X), FanFiction.Net's (K, K+, T, M, MA) and AO3's
    /// own names. Returns `None` for labels it does not know; callers keep the
    /// original text and use [`Rating::NotRated`].
    pub fn from_label(label: &str) -> Option<Rating> {
        if let Some(rating) = Rating::from_whole_label(label) {
            return Some(rating);
        }
        // "PG-13 for language", "R (violence)", "NC-17 - sex": the first word.
        let lead = label
            .trim()
            .split(|c: char| c.is_whitespace() || c == '(' || c == '[' || c == ',' || c == ';')
            .next()
            .unwrap_or("");
        if lead.len() < label.trim().len() {
            return Rating::from_whole_label(lead);
        }
        None
    }

    fn from_whole_label(label: &str) -> Option<Rating> {
        let norm: String = label
            .trim()
            .trim_end_matches(['.', ';', ','])
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .collect::<String>()
            .to_lowercase();
        let norm = norm.strip_prefix("fiction").unwrap_or(&norm);
        let rating = match norm {
            "k" | "k+" | "g" | "pg" | "general" | "generalaudiences" | "gen" | "allages" | "u" => {
                Rating::General
            }
            "pg-13" | "pg13" | "t" | "teen" | "teenandupaudiences" | "teenandup" | "teens"
            | "12" | "12+" | "13+" => Rating::Teen,
            "r" | "m" | "mature" | "15+" | "16+" | "15" | "16" => Rating::Mature,
            "nc-17" | "nc17" | "ma" | "x" | "xxx" | "e" | "explicit" | "adult" | "18+" | "18"
            | "nc-18" => Rating::Explicit,
            "notrated" | "unrated" | "none" | "nr" => Rating::NotRated,
            _ => return None,
        };
        Some(rating)
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a work is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Complete,
    InProgress,
}

impl Status {
    /// The machine name used in JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::InProgress => "in_progress",
        }
    }

    /// Parses the machine name back.
    pub fn from_machine_name(name: &str) -> Option<Status> {
        match name {
            "complete" => Some(Status::Complete),
            "in_progress" => Some(Status::InProgress),
            _ => None,
        }
    }

    /// Reads a status as archives write it ("Complete", "WIP", "In-Progress", "Ongoing", "Incomplete").
    pub fn from_label(label: &str) -> Option<Status> {
        let norm: String = label
            .trim()
            .trim_end_matches('.')
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        match norm.as_str() {
            "complete" | "completed" | "finished" | "done" | "oneshot" => Some(Status::Complete),
            "inprogress" | "wip" | "workinprogress" | "ongoing" | "incomplete" | "unfinished"
            | "inprogresswip" | "updating" => Some(Status::InProgress),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_scale_the_issue_names() {
        for (label, want) in [
            ("K", Rating::General),
            ("K+", Rating::General),
            ("G", Rating::General),
            ("PG", Rating::General),
            ("General", Rating::General),
            ("PG-13", Rating::Teen),
            ("T", Rating::Teen),
            ("Teen", Rating::Teen),
            ("R", Rating::Mature),
            ("M", Rating::Mature),
            ("Mature", Rating::Mature),
            ("NC-17", Rating::Explicit),
            ("MA", Rating::Explicit),
            ("X", Rating::Explicit),
            ("E", Rating::Explicit),
            ("Explicit", Rating::Explicit),
            ("Teen And Up Audiences", Rating::Teen),
            ("Fiction T", Rating::Teen),
            ("nc17", Rating::Explicit),
        ] {
            assert_eq!(Rating::from_label(label), Some(want), "{label}");
        }
        assert_eq!(Rating::from_label("spicy"), None);
        assert_eq!(Rating::from_label("PG-13 for language"), Some(Rating::Teen));
        assert_eq!(Rating::from_label("R (violence)"), Some(Rating::Mature));
        assert_eq!(
            Rating::from_label("Mature for themes"),
            Some(Rating::Mature)
        );
        assert_eq!(
            Rating::from_label("Teen And Up Audiences"),
            Some(Rating::Teen)
        );
        assert_eq!(Rating::from_label("Very spicy"), None);
    }

    #[test]
    fn adult_ratings_are_gated() {
        assert!(!Rating::Teen.is_adult());
        assert!(Rating::NotRated.is_adult());
        assert!(Rating::General < Rating::Explicit);
    }

    #[test]
    fn status_labels() {
        assert_eq!(Status::from_label("WIP"), Some(Status::InProgress));
        assert_eq!(Status::from_label("In-Progress"), Some(Status::InProgress));
        assert_eq!(Status::from_label("Complete."), Some(Status::Complete));
        assert_eq!(Status::from_label("maybe"), None);
    }
}
