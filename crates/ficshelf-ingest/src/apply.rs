//! Putting one header value into its field of [`StatedMeta`].

use crate::dates::parse_date;
use crate::labels::{known_label, Label};
use crate::lists::{extend_unique, split_list, squash_spaces};
use crate::parsed::StatedMeta;
use ficshelf_model::{Field, Status};

/// AO3's categories and the older words archives used for them.
const CATEGORIES: &[(&str, &str)] = &[
    ("f/f", "F/F"),
    ("f/m", "F/M"),
    ("m/f", "F/M"),
    ("gen", "Gen"),
    ("m/m", "M/M"),
    ("multi", "Multi"),
    ("other", "Other"),
    ("het", "F/M"),
    ("slash", "M/M"),
    ("femslash", "F/F"),
];

/// Values that mean "nothing here".
fn is_none_value(value: &str) -> bool {
    matches!(
        value.trim().trim_end_matches('.').to_lowercase().as_str(),
        "" | "none" | "n/a" | "na" | "-" | "no" | "nothing" | "no warnings" | "none apply"
    )
}

/// Applies `label: value` to `meta`. Unknown labels are kept in `fields`.
pub(crate) fn apply_label(meta: &mut StatedMeta, label: &str, value: &str) {
    let value = squash_spaces(value);
    let Some(kind) = known_label(label) else {
        keep(meta, label, &value);
        return;
    };
    let is_list = matches!(
        kind,
        Label::Author
            | Label::Fandom
            | Label::Relationship
            | Label::Character
            | Label::Category
            | Label::Genre
            | Label::Tags
            | Label::Warning
    );
    if is_list && is_none_value(&value) {
        return;
    }
    match kind {
        Label::Title => set_once(&mut meta.title, value),
        Label::Author => {
            let (names, emails) = strip_emails(&value);
            extend_unique(
                &mut meta.authors,
                split_list(&names, &[",", " & ", " and "]),
            );
            for email in emails {
                keep(meta, "Email", &email);
            }
        }
        Label::Rating => set_once(&mut meta.rating, value),
        Label::Fandom => extend_unique(&mut meta.fandoms, split_list(&value, &[",", ";"])),
        Label::Relationship => {
            extend_unique(&mut meta.relationships, split_list(&value, &[",", ";"]))
        }
        Label::Character => extend_unique(
            &mut meta.characters,
            split_list(&value, &[",", ";", " & ", " and "]),
        ),
        Label::Category => {
            for item in split_list(&value, &[",", ";"]) {
                apply_category(meta, item);
            }
        }
        Label::Genre => extend_unique(&mut meta.tags, split_genres(&value)),
        Label::Tags => extend_unique(&mut meta.tags, split_list(&value, &[",", ";"])),
        Label::Warning => extend_unique(&mut meta.warnings, split_list(&value, &[",", ";"])),
        Label::Summary => set_once(&mut meta.summary, value),
        Label::Disclaimer => set_once(&mut meta.disclaimer, value),
        Label::Notes => {
            if !value.is_empty() {
                meta.notes = Some(match meta.notes.take() {
                    Some(prev) => format!("{prev}\n\n{value}"),
                    None => value,
                });
            }
        }
        Label::Status => match Status::from_label(&value) {
            Some(status) => {
                meta.status.get_or_insert(status);
            }
            None => keep(meta, label, &value),
        },
        Label::Language => set_once(&mut meta.language, value),
        Label::Published | Label::Updated => match parse_date(&value) {
            Some(date) => {
                let slot = if kind == Label::Published {
                    &mut meta.published
                } else {
                    &mut meta.updated
                };
                slot.get_or_insert(date);
            }
            None => keep(meta, label, &value),
        },
        Label::Chapter => apply_chapter(meta, label, &value),
        Label::Kept => keep(meta, label, &value),
    }
}

/// Takes e-mail addresses out of an author line (`Wren (wren@example.org)`,
/// `Wren <wren@example.org>`): the names, and the addresses found.
fn strip_emails(value: &str) -> (String, Vec<String>) {
    let mut names = Vec::new();
    let mut emails = Vec::new();
    for word in value.split_whitespace() {
        let bare = word.trim_matches(|c: char| "()<>[],;".contains(c));
        if bare.contains('@') && bare.contains('.') && !bare.starts_with('@') {
            emails.push(bare.to_string());
            // Keep a list separator that was glued to the address.
            if word.ends_with(',') {
                names.push(",".to_string());
            }
        } else {
            names.push(word.to_string());
        }
    }
    let names = names.join(" ").replace(" ,", ",");
    let names = names.replace("()", "").replace("<>", "");
    (squash_spaces(&names), emails)
}

fn set_once(slot: &mut Option<String>, value: String) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

fn keep(meta: &mut StatedMeta, label: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let field = Field {
        label: label.trim().to_string(),
        value: value.to_string(),
    };
    if !meta.fields.contains(&field) {
        meta.fields.push(field);
    }
}

fn apply_category(meta: &mut StatedMeta, item: String) {
    let lower = item.to_lowercase();
    match CATEGORIES.iter().find(|(k, _)| *k == lower) {
        Some((_, ao3)) => extend_unique(&mut meta.category, [ao3.to_string()]),
        None => extend_unique(&mut meta.tags, [item]),
    }
}

/// Genres split on `,` `;` and `/`, keeping `Hurt/Comfort` whole.
pub(crate) fn split_genres(value: &str) -> Vec<String> {
    const PLACEHOLDER: &str = "\u{1}HC\u{1}";
    let lower = value.to_lowercase();
    let mut protected = value.to_string();
    if let Some(pos) = lower.find("hurt/comfort") {
        protected.replace_range(pos..pos + "hurt/comfort".len(), PLACEHOLDER);
    }
    split_list(&protected, &[",", ";", "/"])
        .into_iter()
        .map(|g| g.replace(PLACEHOLDER, "Hurt/Comfort"))
        .collect()
}

/// `Chapter: 3`, `Chapter: 3 - The Storm`, `Chapter: 3/10`, `Chapter: Three`.
fn apply_chapter(meta: &mut StatedMeta, label: &str, value: &str) {
    let heading = crate::headings::parse_heading(&format!("Chapter {value}"));
    match heading.and_then(|h| h.number.map(|n| (n, h.title))) {
        Some((number, title)) => {
            meta.chapter_number.get_or_insert(number);
            if let Some(title) = title {
                // "3/10" and "3 of 10" leave a count, not a title.
                let is_count = title
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '/' || c == ' ');
                if !is_count {
                    meta.chapter_title.get_or_insert(title);
                }
            }
        }
        None => {
            let number_part: String = value.chars().take_while(char::is_ascii_digit).collect();
            match number_part.parse::<u32>() {
                Ok(n) => {
                    meta.chapter_number.get_or_insert(n);
                }
                Err(_) => keep(meta, label, value),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_labels() {
        let mut m = StatedMeta::default();
        apply_label(&mut m, "Author", "Ann Example & Bo");
        apply_label(&mut m, "Category", "Slash, Romance");
        apply_label(&mut m, "Genre", "Drama/Hurt/Comfort");
        apply_label(&mut m, "Warnings", "None");
        apply_label(&mut m, "Chapter", "3/10");
        apply_label(&mut m, "Mood", "Cheerful");
        apply_label(&mut m, "Updated", "March 3, 2012");
        assert_eq!(m.authors, ["Ann Example", "Bo"]);
        assert_eq!(m.category, ["M/M"]);
        assert_eq!(m.tags, ["Romance", "Drama", "Hurt/Comfort"]);
        assert!(m.warnings.is_empty());
        assert_eq!(m.chapter_number, Some(3));
        assert_eq!(m.chapter_title, None);
        assert_eq!(m.fields[0].label, "Mood");
        assert_eq!(m.updated.as_deref(), Some("2012-03-03"));
    }

    #[test]
    fn emails_leave_author_names() {
        let mut m = StatedMeta::default();
        apply_label(
            &mut m,
            "AUTHOR",
            "Wren Halloway (wren@example.org), Kit <kit@example.net>",
        );
        assert_eq!(m.authors, ["Wren Halloway", "Kit"]);
        let emails: Vec<&str> = m.fields.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(emails, ["wren@example.org", "kit@example.net"]);
    }

    #[test]
    fn chapter_label_with_title() {
        let mut m = StatedMeta::default();
        apply_label(&mut m, "chapter", "3 - The Storm");
        assert_eq!(
            (m.chapter_number, m.chapter_title.as_deref()),
            (Some(3), Some("The Storm"))
        );
    }
}
