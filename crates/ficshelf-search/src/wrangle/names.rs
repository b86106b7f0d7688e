//! Spelling normalisation and character-name resolution.
//!
//! Everything here is pure string work: no synonyms, no index.

/// Trims, collapses runs of whitespace to one space and straightens curly
/// apostrophes, keeping case. This is the spelling a tag is displayed with.
pub(crate) fn clean(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for word in tag.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            });
        }
    }
    out
}

/// The comparison key of a tag: trimmed, whitespace collapsed, curly
/// apostrophes straightened, lowercased, with no spaces around
/// `/` and `&`. Two spellings with the same key are the same tag.
///
/// ```
/// use ficshelf_search::wrangle::normalize_key;
/// assert_eq!(normalize_key("  Hurt /  Comfort "), "hurt/comfort");
/// assert_eq!(normalize_key("Harry Potter & Ron Weasley"), "harry potter&ron weasley");
/// ```
pub fn normalize_key(tag: &str) -> String {
    let lower = clean(tag).to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let next_is_sep = matches!(chars.peek(), Some('/') | Some('&'));
            let prev_is_sep = out.ends_with('/') || out.ends_with('&');
            if next_is_sep || prev_is_sep {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `token` is an initial: one letter, optionally followed by `.`.
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(c), None, _) => c.is_alphabetic(),
        (Some(c), Some('.'), None) => c.is_alphabetic(),
        _ => false,
    }
}

fn first_lower(token: &str) -> Option<char> {
    token.chars().next().and_then(|c| c.to_lowercase().next())
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Resolves a short or abbreviated character name against the fuller names
/// of the same work.
///
/// Tried in order, each only when exactly one candidate fits:
/// 1. initials: `H` is the one candidate whose first name starts with H;
///    `HP` (all capitals) the one whose initials are H P;
/// 2. a single word is a first or last name: `Harry` → `Harry Potter`
///    (when both a first-name and a last-name match exist, first names win);
/// 3. abbreviated words: `Hermione G.` → `Hermione Granger`.
///
/// Candidates with the same key as `name` are skipped, so a name never
/// "expands" to itself. Returns `None` when nothing fits or the fit is ambiguous.
pub(crate) fn expand_name<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    let key = normalize_key(name);
    let others: Vec<&'a str> = candidates
        .iter()
        .map(String::as_str)
        .filter(|c| normalize_key(c) != key)
        .collect();
    let tokens: Vec<&str> = name.split_whitespace().collect();
    let unique = |found: Vec<&'a str>| {
        if found.len() == 1 {
            Some(found[0])
        } else {
            None
        }
    };

    if tokens.len() == 1 {
        let token = tokens[0].trim_end_matches('.');
        let letters = token.chars().count();
        let all_alpha = token.chars().all(char::is_alphabetic);
        if all_alpha && letters == 1 {
            let letter = first_lower(token);
            return unique(
                others
                    .iter()
                    .copied()
                    .filter(|c| first_lower(c) == letter)
                    .collect(),
            );
        }
        if all_alpha && (2..=3).contains(&letters) && token.chars().all(char::is_uppercase) {
            let found: Vec<&str> = others
                .iter()
                .copied()
                .filter(|c| {
                    let initials: String = c.split_whitespace().filter_map(first_lower).collect();
                    initials == token.to_lowercase()
                })
                .collect();
            if let Some(found) = unique(found) {
                return Some(found);
            }
        }
        let any_word: Vec<&str> = others
            .iter()
            .copied()
            .filter(|c| c.split_whitespace().any(|w| eq_ignore_case(w, token)))
            .collect();
        if any_word.len() > 1 {
            return unique(
                any_word
                    .into_iter()
                    .filter(|c| {
                        c.split_whitespace()
                            .next()
                            .is_some_and(|w| eq_ignore_case(w, token))
                    })
                    .collect(),
            );
        }
        return unique(any_word);
    }

    if !tokens.iter().any(|t| is_initial(t)) {
        return None;
    }
    let found = others
        .iter()
        .copied()
        .filter(|c| {
            let words: Vec<&str> = c.split_whitespace().collect();
            words.len() == tokens.len()
                && words.iter().zip(&tokens).all(|(full, short)| {
                    eq_ignore_case(full, short)
                        || (is_initial(short) && first_lower(full) == first_lower(short))
                })
        })
        .collect();
    unique(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn clean_collapses_spacing_and_keeps_case() {
        assert_eq!(clean("  Draco   Malfoy\t"), "Draco Malfoy");
        assert_eq!(clean("Ron\u{2019}s Jumper"), "Ron's Jumper");
    }

    #[test]
    fn keys_ignore_case_and_separator_spacing() {
        assert_eq!(
            normalize_key("Draco Malfoy / Harry Potter"),
            "draco malfoy/harry potter"
        );
        assert_eq!(normalize_key("FLUFF"), normalize_key(" fluff "));
    }

    #[test]
    fn first_and_last_names_expand_when_unique() {
        let chars = names(&[
            "Draco Malfoy",
            "Harry Potter",
            "Ron Weasley",
            "Ginny Weasley",
        ]);
        assert_eq!(expand_name("Harry", &chars), Some("Harry Potter"));
        assert_eq!(expand_name("malfoy", &chars), Some("Draco Malfoy"));
        assert_eq!(expand_name("Weasley", &chars), None);
        assert_eq!(expand_name("Neville", &chars), None);
    }

    #[test]
    fn initials_expand_when_unique() {
        let chars = names(&["Draco Malfoy", "Harry Potter"]);
        assert_eq!(expand_name("H", &chars), Some("Harry Potter"));
        assert_eq!(expand_name("D", &chars), Some("Draco Malfoy"));
        assert_eq!(expand_name("HP", &chars), Some("Harry Potter"));
        let crowded = names(&["Harry Potter", "Hermione Granger"]);
        assert_eq!(expand_name("H", &crowded), None);
    }

    #[test]
    fn abbreviated_surnames_expand() {
        let chars = names(&["Hermione G.", "Hermione Granger", "Harry Potter"]);
        assert_eq!(expand_name("Hermione G.", &chars), Some("Hermione Granger"));
        assert_eq!(expand_name("Hermione Granger", &chars), None);
        assert_eq!(expand_name("H. Potter", &chars), Some("Harry Potter"));
    }
}
