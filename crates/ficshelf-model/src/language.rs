//! Languages as works state them and as analysis names them: AO3's
//! language names (in English or in the language itself) and BCP 47 tags,
//! one table for both directions.

/// Tag, English name, other names (lowercase) of each known language.
const LANGUAGES: &[(&str, &str, &[&str])] = &[
    ("en", "English", &[]),
    ("es", "Spanish", &["español", "espanol"]),
    ("fr", "French", &["français", "francais"]),
    ("de", "German", &["deutsch"]),
    ("it", "Italian", &["italiano"]),
    ("pt", "Portuguese", &["português", "portugues"]),
    ("pt-BR", "Brazilian Portuguese", &["português brasileiro"]),
    ("nl", "Dutch", &["nederlands"]),
    ("pl", "Polish", &["polski"]),
    ("ru", "Russian", &["русский"]),
    ("uk", "Ukrainian", &["українська"]),
    ("ja", "Japanese", &["日本語"]),
    ("zh", "Chinese", &["中文", "中文-普通话 國語"]),
    ("ko", "Korean", &["한국어"]),
    ("sv", "Swedish", &["svenska"]),
    ("fi", "Finnish", &["suomi"]),
    ("da", "Danish", &["dansk"]),
    ("no", "Norwegian", &["norsk"]),
    ("nb", "Norwegian Bokmål", &["norsk bokmål"]),
    ("cs", "Czech", &["čeština"]),
    ("tr", "Turkish", &["türkçe"]),
    ("vi", "Vietnamese", &["tiếng việt"]),
    ("id", "Indonesian", &["bahasa indonesia"]),
    ("hu", "Hungarian", &["magyar"]),
    ("ro", "Romanian", &["română"]),
    ("el", "Greek", &["ελληνικά"]),
];

/// The language tag (BCP 47) of a language as a work states it: a known
/// name in English or in the language itself (any case), or something
/// shaped like a tag ("de", "pt-BR", "zh-Hant-TW"), as is.
///
/// ```
/// use ficshelf_model::language_tag;
/// assert_eq!(language_tag(" Français "), Some("fr"));
/// assert_eq!(language_tag("pt-BR"), Some("pt-BR"));
/// assert_eq!(language_tag("Klingon"), None);
/// ```
pub fn language_tag(language: &str) -> Option<&str> {
    let trimmed = language.trim();
    let lower = trimmed.to_lowercase();
    let known = LANGUAGES.iter().find(|(_, english, others)| {
        english.to_lowercase() == lower || others.contains(&lower.as_str())
    });
    if let Some((tag, _, _)) = known {
        return Some(tag);
    }
    // A primary tag of 2–3 letters, then subtags of 1–8 letters or digits.
    let mut parts = trimmed.split('-');
    let primary = parts.next().unwrap_or("");
    let is_tag = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    is_tag.then_some(trimmed)
}

/// The English name of a language tag ("fr" → "French"), as AO3 lists
/// languages; None for a tag the table does not know.
///
/// ```
/// use ficshelf_model::language_name;
/// assert_eq!(language_name("fr"), Some("French"));
/// assert_eq!(language_name("xx"), None);
/// ```
pub fn language_name(tag: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(t, _, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, english, _)| *english)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tags_round_trip() {
        for (tag, english, others) in LANGUAGES {
            assert_eq!(language_tag(english), Some(*tag), "{english}");
            assert_eq!(language_name(tag), Some(*english), "{tag}");
            for other in *others {
                assert_eq!(language_tag(other), Some(*tag), "{other}");
            }
        }
        assert_eq!(language_tag("ENGLISH"), Some("en"));
        assert_eq!(language_tag("a<b"), None);
        assert_eq!(language_tag("zh-Hant-TW"), Some("zh-Hant-TW"));
        assert_eq!(language_tag(""), None);
    }
}
