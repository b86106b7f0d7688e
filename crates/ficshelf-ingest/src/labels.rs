//! Header labels: which `Label:` lines mean what (TEXT_FORMAT.md, "Header").

/// The field a known header label fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Title,
    Author,
    Rating,
    Fandom,
    Relationship,
    Character,
    Category,
    Genre,
    Tags,
    Warning,
    Summary,
    Disclaimer,
    Notes,
    Status,
    Language,
    Published,
    Updated,
    Chapter,
    /// A label Ficshelf knows but keeps as written (`Spoilers`, `Feedback`, …).
    Kept,
}

const TABLE: &[(&str, Label)] = &[
    ("title", Label::Title),
    ("story title", Label::Title),
    ("fic title", Label::Title),
    ("author", Label::Author),
    ("authors", Label::Author),
    ("by", Label::Author),
    ("written by", Label::Author),
    ("writer", Label::Author),
    ("writers", Label::Author),
    ("pen name", Label::Author),
    ("penname", Label::Author),
    ("rating", Label::Rating),
    ("ratings", Label::Rating),
    ("rated", Label::Rating),
    ("fandom", Label::Fandom),
    ("fandoms", Label::Fandom),
    ("pairing", Label::Relationship),
    ("pairings", Label::Relationship),
    ("relationship", Label::Relationship),
    ("relationships", Label::Relationship),
    ("ship", Label::Relationship),
    ("ships", Label::Relationship),
    ("character", Label::Character),
    ("characters", Label::Character),
    ("category", Label::Category),
    ("categories", Label::Category),
    ("genre", Label::Genre),
    ("genres", Label::Genre),
    ("tags", Label::Tags),
    ("tag", Label::Tags),
    ("additional tags", Label::Tags),
    ("freeform", Label::Tags),
    ("freeforms", Label::Tags),
    ("keywords", Label::Tags),
    ("keyword", Label::Tags),
    ("warning", Label::Warning),
    ("warnings", Label::Warning),
    ("content warning", Label::Warning),
    ("content warnings", Label::Warning),
    ("archive warning", Label::Warning),
    ("archive warnings", Label::Warning),
    ("trigger warning", Label::Warning),
    ("trigger warnings", Label::Warning),
    ("tw", Label::Warning),
    ("cw", Label::Warning),
    ("fair warning", Label::Warning),
    ("summary", Label::Summary),
    ("disclaimer", Label::Disclaimer),
    ("disclaimers", Label::Disclaimer),
    ("notes", Label::Notes),
    ("note", Label::Notes),
    ("a/n", Label::Notes),
    ("an", Label::Notes),
    ("author's note", Label::Notes),
    ("author's notes", Label::Notes),
    ("authors note", Label::Notes),
    ("authors notes", Label::Notes),
    ("acknowledgements", Label::Notes),
    ("acknowledgments", Label::Notes),
    ("self-promotion", Label::Notes),
    ("self promotion", Label::Notes),
    ("author note", Label::Notes),
    ("author notes", Label::Notes),
    ("status", Label::Status),
    ("language", Label::Language),
    ("published", Label::Published),
    ("posted", Label::Published),
    ("date posted", Label::Published),
    ("updated", Label::Updated),
    ("last updated", Label::Updated),
    ("completed", Label::Updated),
    ("chapter", Label::Chapter),
    ("spoilers", Label::Kept),
    ("spoiler", Label::Kept),
    ("feedback", Label::Kept),
    ("archive", Label::Kept),
    ("archiving", Label::Kept),
    ("distribution", Label::Kept),
    ("words", Label::Kept),
    ("word count", Label::Kept),
    ("chapters", Label::Kept),
    ("beta", Label::Kept),
    ("beta reader", Label::Kept),
    ("series", Label::Kept),
    ("dedication", Label::Kept),
    ("url", Label::Kept),
    ("prompt", Label::Kept),
    ("timeline", Label::Kept),
    ("email", Label::Kept),
];

/// The known label `label` names (any case, `’` or `'`), if any.
pub(crate) fn known_label(label: &str) -> Option<Label> {
    let norm = normalise(label);
    TABLE
        .iter()
        .find(|(name, _)| *name == norm)
        .map(|(_, l)| *l)
}

fn normalise(label: &str) -> String {
    label
        .trim()
        .trim_end_matches('.')
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Splits a `Label: value` line. The label is 1–4 words of letters (and
/// `' / & . -`), no digits; the value may be empty. A URL (`http://…`) is
/// not a label line.
pub(crate) fn split_label_line(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let label_trim = label.trim();
    if label_trim.is_empty()
        || label_trim.chars().count() > 32
        || label_trim.split_whitespace().count() > 4
        || !label_trim.starts_with(|c: char| c.is_alphabetic())
        || !label_trim
            .chars()
            .all(|c| c.is_alphabetic() || " '’/&.-".contains(c))
        || value.starts_with("//")
    {
        return None;
    }
    Some((label_trim, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(known_label("AUTHOR’S NOTE"), Some(Label::Notes));
        assert_eq!(known_label("Pairings"), Some(Label::Relationship));
        assert_eq!(known_label("Written  by"), Some(Label::Author));
        assert_eq!(known_label("Beta"), Some(Label::Kept));
        assert_eq!(known_label("Mood"), None);
        assert_eq!(split_label_line("Rated: NC-17"), Some(("Rated", "NC-17")));
        assert_eq!(split_label_line("A/N: hi"), Some(("A/N", "hi")));
        assert_eq!(split_label_line("Summary:"), Some(("Summary", "")));
        assert_eq!(split_label_line("http://example.org"), None);
        assert_eq!(split_label_line("At 10:30 we left"), None);
        assert_eq!(
            split_label_line("He said the following thing to her: no"),
            None
        );
    }
}
