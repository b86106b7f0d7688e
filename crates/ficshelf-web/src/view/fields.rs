//! The header lines a work's files stated that have no field of their own
//! (`Work::fields`), as the work page shows them.
//!
//! The record keeps every line as written; the page shows only what adds to
//! the fields it already shows: a stated word or chapter count, a status or
//! a date beside ours is left out (a save's "Words: 910" beside the counted
//! 909 is noise), counts of readers' responses (FanFiction.Net's Reviews,
//! Favs and Follows, AO3's Kudos, Hits…) go with the stats, and everything
//! else is listed with a tidy label (`id` → `ID`, `FEEDBACK` → `Feedback`).

use super::work::FieldView;
use ficshelf_model::Field;

/// Labels (lowercase) of stated values the page shows as its own: the
/// counts and dates it computes or reads into fields.
const SHOWN_ELSEWHERE: &[&str] = &[
    "words",
    "word count",
    "chapters",
    "status",
    "complete",
    "published",
    "updated",
    "rating",
    "rated",
    "language",
];

/// Labels (lowercase) of counts of readers' responses, with their tidy label.
const RESPONSE_COUNTS: &[(&str, &str)] = &[
    ("reviews", "Reviews"),
    ("favs", "Favorites"),
    ("favorites", "Favorites"),
    ("favourites", "Favourites"),
    ("follows", "Follows"),
    ("kudos", "Kudos"),
    ("hits", "Hits"),
    ("comments", "Comments"),
    ("bookmarks", "Bookmarks"),
];

/// Words written in capitals whatever the label's case.
const ACRONYMS: &[&str] = &["id", "url", "ao3", "ffn", "pov", "au", "ooc"];

/// `fields` split into what the metadata list shows and what the stats
/// show, each with a tidy label; lines the page shows elsewhere are left out.
pub(crate) fn shown_fields(fields: &[Field]) -> (Vec<FieldView>, Vec<FieldView>) {
    let mut meta = Vec::new();
    let mut stats = Vec::new();
    for field in fields {
        let label = field.label.trim().trim_end_matches(':').trim();
        let value = field.value.trim();
        let lower = label.to_lowercase();
        if label.is_empty() || value.is_empty() || SHOWN_ELSEWHERE.contains(&lower.as_str()) {
            continue;
        }
        let view = |label: String| FieldView {
            label,
            value: value.to_string(),
        };
        match RESPONSE_COUNTS.iter().find(|(name, _)| *name == lower) {
            Some((_, tidy)) => stats.push(view(tidy.to_string())),
            None => meta.push(view(tidy_label(label))),
        }
    }
    (meta, stats)
}

/// A label as a heading: a label written all in one case gets capitals at
/// the start of each word (and acronyms in capitals); a mixed-case label is
/// the author's own and stays.
fn tidy_label(label: &str) -> String {
    let has_lower = label.chars().any(char::is_lowercase);
    let has_upper = label.chars().any(char::is_uppercase);
    if has_lower && has_upper {
        return label.to_string();
    }
    label
        .split_whitespace()
        .map(|word| {
            let lower = word.to_lowercase();
            if ACRONYMS.contains(&lower.as_str()) {
                return lower.to_uppercase();
            }
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(label: &str, value: &str) -> Field {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }

    fn pairs(views: &[FieldView]) -> Vec<(&str, &str)> {
        views
            .iter()
            .map(|v| (v.label.as_str(), v.value.as_str()))
            .collect()
    }

    #[test]
    fn a_fanfiction_net_save_shows_its_responses_as_stats() {
        let fields = [
            field("Chapters", "3"),
            field("Words", "910"),
            field("Reviews", "52"),
            field("Favs", "88"),
            field("Follows", "61"),
            field("id", "8612234"),
        ];
        let (meta, stats) = shown_fields(&fields);
        assert_eq!(pairs(&meta), [("ID", "8612234")]);
        assert_eq!(
            pairs(&stats),
            [("Reviews", "52"), ("Favorites", "88"), ("Follows", "61")]
        );
    }

    #[test]
    fn mailing_list_headers_get_tidy_labels() {
        let fields = [
            field("ARCHIVE", "Yes, with my name attached."),
            field("FEEDBACK", "Gratefully received."),
            field("Beta reader", "Moss"),
            field("Spoilers:", "season two"),
            field("Empty", "  "),
        ];
        let (meta, stats) = shown_fields(&fields);
        assert_eq!(
            pairs(&meta),
            [
                ("Archive", "Yes, with my name attached."),
                ("Feedback", "Gratefully received."),
                ("Beta reader", "Moss"),
                ("Spoilers", "season two")
            ]
        );
        assert!(stats.is_empty());
    }
}
