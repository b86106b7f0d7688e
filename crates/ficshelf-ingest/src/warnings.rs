//! Content warnings written as prose ("A warning before you read, this fic
//! contains graphic violence and swearing"): the sentence is kept whole as
//! a `Content warning` field, and `warnings` gets AO3's archive warnings
//! only where the prose names one (TEXT_FORMAT.md, "Front matter").

use crate::apply::apply_label;
use crate::lists::extend_unique;
use crate::matter::{is_warning_sentence, split_warnings};
use crate::parsed::StatedMeta;
use ficshelf_model::Field;

/// The label a prose warning is kept under in `fields`.
pub(crate) const PROSE_WARNING_LABEL: &str = "Content warning";

/// AO3's archive warnings and the phrases that name each in prose.
const ARCHIVE_WARNINGS: &[(&str, &[&str])] = &[
    (
        "Graphic Depictions Of Violence",
        &[
            "graphic violence",
            "graphic depiction of violence",
            "graphic depictions of violence",
            "graphically violent",
            "graphic gore",
        ],
    ),
    (
        "Major Character Death",
        &[
            "major character death",
            "main character death",
            "death of a main character",
            "death of a major character",
        ],
    ),
    (
        "Rape/Non-Con",
        &[
            "rape",
            "non-con",
            "noncon",
            "non-consensual",
            "nonconsensual",
            "rape/non-con",
        ],
    ),
    ("Underage", &["underage", "underage sex"]),
    ("No Archive Warnings Apply", &["no archive warnings apply"]),
    (
        "Creator Chose Not To Use Archive Warnings",
        &[
            "creator chose not to use archive warnings",
            "chose not to use archive warnings",
            "choose not to use archive warnings",
        ],
    ),
];

/// Words that, just before a phrase, deny it ("no rape", "without any
/// graphic violence").
const NEGATIONS: &[&str] = &["no", "not", "without", "never", "nor", "zero", "isn't"];

/// Files a stated disclaimer (the first one counts), its warning sentences
/// ("I own nothing. Fair warning: this fic contains gore.") as warnings.
pub(crate) fn file_disclaimer(meta: &mut StatedMeta, text: &str) {
    let (rest, warnings) = split_warnings(text);
    for warning in warnings {
        apply_prose_warning(meta, &warning);
    }
    if !rest.is_empty() {
        meta.disclaimer.get_or_insert(rest);
    }
}

/// Files a content warning: a list (`Violence, Blood`) into `warnings` as
/// written, prose by [`apply_prose_warning`].
pub(crate) fn file_warning(meta: &mut StatedMeta, text: &str) {
    if is_prose(text) {
        apply_prose_warning(meta, text);
    } else {
        apply_label(meta, "Warnings", text);
    }
}

/// A warning is prose when it says "contains"-like words or one of its
/// `,`/`;` items is longer than four words.
fn is_prose(text: &str) -> bool {
    is_warning_sentence(&text.to_lowercase())
        || text
            .split([',', ';'])
            .any(|item| item.split_whitespace().count() > 4)
}

/// Files a prose warning: the text in a `Content warning` field (once),
/// and the archive warnings it names (not denies) in `warnings`.
pub(crate) fn apply_prose_warning(meta: &mut StatedMeta, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let named = archive_warnings_named(text);
    extend_unique(&mut meta.warnings, named.into_iter().map(str::to_string));
    let field = Field {
        label: PROSE_WARNING_LABEL.to_string(),
        value: text.to_string(),
    };
    if !meta.fields.contains(&field) {
        meta.fields.push(field);
    }
}

/// The AO3 archive warnings a prose warning names, in AO3's order.
pub(crate) fn archive_warnings_named(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
        .collect();
    ARCHIVE_WARNINGS
        .iter()
        .filter(|(_, phrases)| phrases.iter().any(|p| names(&words, p)))
        .map(|(name, _)| *name)
        .collect()
}

/// Whether `phrase` stands in `words` and no negation stands in the three
/// words before it.
fn names(words: &[String], phrase: &str) -> bool {
    let phrase: Vec<&str> = phrase.split(' ').collect();
    words.windows(phrase.len()).enumerate().any(|(i, w)| {
        w.iter().zip(&phrase).all(|(a, b)| a == b)
            && !words[i.saturating_sub(3)..i]
                .iter()
                .any(|before| NEGATIONS.contains(&before.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_only_what_the_prose_names() {
        assert_eq!(
            archive_warnings_named(
                "A warning before you read, this fic contains graphic language, violence and sex."
            ),
            Vec::<&str>::new()
        );
        assert_eq!(
            archive_warnings_named("Be warned: graphic violence, and a major character death."),
            ["Graphic Depictions Of Violence", "Major Character Death"]
        );
        assert_eq!(
            archive_warnings_named("There is no rape and no graphic violence here."),
            Vec::<&str>::new()
        );
        assert_eq!(
            archive_warnings_named("This story contains the death of a dog."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn lists_stay_lists() {
        let mut meta = StatedMeta::default();
        file_warning(&mut meta, "Violence, Blood");
        assert_eq!(meta.warnings, ["Violence", "Blood"]);
        assert!(meta.fields.is_empty());
        file_disclaimer(
            &mut meta,
            "Not mine. Fair warning: this fic contains graphic violence.",
        );
        assert_eq!(meta.disclaimer.as_deref(), Some("Not mine."));
        assert_eq!(
            meta.warnings,
            ["Violence", "Blood", "Graphic Depictions Of Violence"]
        );
    }

    #[test]
    fn keeps_the_prose_once() {
        let mut meta = StatedMeta::default();
        apply_prose_warning(&mut meta, "This fic contains graphic violence.");
        apply_prose_warning(&mut meta, "This fic contains graphic violence.");
        assert_eq!(meta.warnings, ["Graphic Depictions Of Violence"]);
        assert_eq!(meta.fields.len(), 1);
        assert_eq!(meta.fields[0].label, "Content warning");
    }
}
