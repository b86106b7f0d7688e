//! Recovering works from parsed files: identity keys, chapter-number parts
//! of file names, natural ordering and inferred titles.
//!
//! Public items: [`identity_key`], [`identity_alias`], [`title_key`],
//! [`name_key`], [`file_name_key`], [`normalise_url`], [`natural_cmp`], [`name_without_chapter`],
//! [`infer_title`], [`normalise_key`].

use crate::parsed::StatedMeta;
use std::cmp::Ordering;

/// Lower case, letters and digits only, single spaces: the form two
/// spellings of the same title or name share.
pub fn normalise_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The key under which import finds a file's work again (TEXT_FORMAT.md,
/// "Works from several files"): the original URL when stated
/// (`url:<normalised>`); else stated title + authors; else the header in
/// the same folder; else the folder and the file name without its chapter part.
pub fn identity_key(meta: &StatedMeta, folder: &str, file_name: &str) -> String {
    if let Some(url) = meta.url.as_deref().and_then(normalise_url) {
        return format!("url:{url}");
    }
    if let Some(key) = title_key(meta) {
        return key;
    }
    let mut authors: Vec<String> = meta.authors.iter().map(|a| normalise_key(a)).collect();
    authors.sort();
    if meta.has_identifying_header() {
        let list = |items: &[String]| {
            let mut keys: Vec<String> = items.iter().map(|i| normalise_key(i)).collect();
            keys.sort();
            keys.join(",")
        };
        // The summary's opening words only: a wrapped summary is sometimes
        // read to its first line break and sometimes whole, depending on
        // the text that follows the header, and the chapter files of one
        // work must still share their key.
        let summary = normalise_key(meta.summary.as_deref().unwrap_or(""));
        let opening: Vec<&str> = summary.split(' ').take(SUMMARY_KEY_WORDS).collect();
        return format!(
            "header:{folder}|by:{}|summary:{}|fandoms:{}|relationships:{}",
            authors.join(","),
            opening.join(" "),
            list(&meta.fandoms),
            list(&meta.relationships),
        );
    }
    format!(
        "file:{folder}|{}",
        normalise_key(&name_without_chapter(file_name))
    )
}

/// Words of the summary a header key holds (see [`identity_key`]).
const SUMMARY_KEY_WORDS: usize = 8;

/// The other key a file with a stated URL is known by: its title + authors
/// key, so that a plain-text save of the same work (which has no URL) finds
/// it. Files without a URL have no alias.
pub fn identity_alias(meta: &StatedMeta) -> Option<String> {
    meta.url.as_deref().and_then(normalise_url)?;
    title_key(meta)
}

/// `title:<normalised title>|by:<sorted normalised authors>`, when a title is stated.
pub fn title_key(meta: &StatedMeta) -> Option<String> {
    let title = meta.title.as_deref()?;
    let mut authors: Vec<String> = meta.authors.iter().map(|a| normalise_key(a)).collect();
    authors.sort();
    Some(format!(
        "title:{}|by:{}",
        normalise_key(title),
        authors.join(",")
    ))
}

/// `name:<title>`: a work's stated title alone, for finding the same work
/// whose authors are spelled otherwise or missing (import joins on it only
/// when the text agrees). Apostrophes are dropped rather than spaced, as
/// file names made from titles drop them (`Ines's Stone` and
/// `iness-stone.txt` share `iness stone`). `None` for a title with no
/// letters or digits.
pub fn name_key(title: &str) -> Option<String> {
    title_words(title).map(|words| format!("name:{words}"))
}

/// `filename:<title>`: the title a work's file names (or their folder)
/// carry (see [`infer_title`]), in the form [`name_key`] gives a stated
/// title. It is matched only against stated titles: a file whose header was
/// misread still finds its work by its name, but two files are never taken
/// for one work because their names share a stem.
pub fn file_name_key(inferred_title: &str) -> Option<String> {
    title_words(inferred_title).map(|words| format!("filename:{words}"))
}

fn title_words(title: &str) -> Option<String> {
    let without: String = title
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{2018}'))
        .collect();
    let key = normalise_key(&without);
    (!key.is_empty()).then_some(key)
}

/// A work's address without scheme, `www.`, query for AO3-style paths,
/// fragment or trailing slash, lower-cased host: the form two downloads of
/// the same work share. Query strings that identify the story (`?sid=3`)
/// are kept.
pub fn normalise_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    };
    let (host, path) = path.split_once('/').unwrap_or((path, ""));
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.trim_end_matches('/');
    // A query names the story only when the path does not (`?sid=3`).
    let keep_query = path.is_empty() || path.ends_with(".php");
    let mut out = format!("{host}/{path}");
    out = out.trim_end_matches('/').to_string();
    if keep_query && !query.is_empty() {
        let story: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.starts_with("chapter=") && !kv.starts_with("view_adult"))
            .collect();
        out = format!("{out}?{}", story.join("&"));
    }
    (!host.is_empty()).then_some(out)
}

/// Compares names so that embedded numbers sort by value (`ch2` < `ch10`),
/// letters case-insensitively.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(c);
                        it.next();
                    }
                    digits
                };
                let (da, db) = (take(&mut a), take(&mut b));
                let (ta, tb) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// The file name without extension and without its chapter part:
/// `the_quiet_harbour_part2.txt` → `the_quiet_harbour`, `ch10.txt` → ``,
/// `03 - Storm Coming.txt` → `Storm Coming`.
pub fn name_without_chapter(file_name: &str) -> String {
    let stem = match file_name.rfind('.') {
        Some(i) if i > 0 => &file_name[..i],
        _ => file_name,
    };
    let mut words: Vec<&str> = stem
        .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    // Trailing: "part2", "ch 3", "chapter_04", "2".
    while let Some(last) = words.last() {
        let l = last.to_lowercase();
        let stripped = l.trim_start_matches(|c: char| c.is_alphabetic());
        let prefix = &l[..l.len() - stripped.len()];
        let is_number = !stripped.is_empty() && stripped.chars().all(|c| c.is_ascii_digit());
        let is_chapter_word = CHAPTER_WORDS.contains(&prefix);
        if is_number && (prefix.is_empty() || is_chapter_word)
            || CHAPTER_WORDS.contains(&l.as_str())
        {
            words.pop();
        } else {
            break;
        }
    }
    // Leading numbers ("03 Storm Coming").
    while words
        .first()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        words.remove(0);
    }
    words.join(" ")
}

const CHAPTER_WORDS: &[&str] = &["ch", "chap", "chapter", "chapters", "part", "pt", "c"];

const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "of", "in", "on", "at", "to", "for", "by", "with",
];

/// A readable title from file names: their common part without chapter
/// numbers (or `folder_name` when there is none), separators as spaces,
/// capitalised when written all in lower case.
pub fn infer_title(file_names: &[String], folder_name: &str) -> String {
    let names: Vec<String> = file_names.iter().map(|n| name_without_chapter(n)).collect();
    let common = common_words(&names);
    let raw = if common.is_empty() {
        name_without_chapter(folder_name)
    } else {
        common
    };
    let raw = if raw.trim().is_empty() {
        "Untitled".to_string()
    } else {
        raw
    };
    pretty(&raw)
}

fn common_words(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut common: Vec<&str> = first.split(' ').filter(|w| !w.is_empty()).collect();
    for name in &names[1..] {
        let words: Vec<&str> = name.split(' ').collect();
        let same = common
            .iter()
            .zip(&words)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        common.truncate(same);
    }
    common.join(" ")
}

fn pretty(raw: &str) -> String {
    let words: Vec<&str> = raw
        .split(|c: char| c == '_' || c == '-' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let all_lower = !raw.chars().any(char::is_uppercase);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if all_lower && (i == 0 || !MINOR_WORDS.contains(w)) {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut names = vec!["ch10.txt", "ch2.txt", "ch1.txt", "Ch3.txt"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["ch1.txt", "ch2.txt", "Ch3.txt", "ch10.txt"]);
    }

    #[test]
    fn chapter_parts_of_names() {
        assert_eq!(
            name_without_chapter("the_quiet_harbour_part2.txt"),
            "the quiet harbour"
        );
        assert_eq!(name_without_chapter("ch10.txt"), "");
        assert_eq!(
            name_without_chapter("Salt-Road-Chapter-04.txt"),
            "Salt Road"
        );
        assert_eq!(name_without_chapter("03 Storm Coming.txt"), "Storm Coming");
        assert_eq!(name_without_chapter("catch22.txt"), "catch22");
    }

    #[test]
    fn name_keys_drop_apostrophes_like_file_names_do() {
        assert_eq!(name_key("Ines's Stone"), name_key("iness stone"));
        assert_eq!(
            name_key("Ines’s Stone").as_deref(),
            Some("name:iness stone")
        );
        assert_eq!(
            name_key("The Lamplighter's Ledger"),
            name_key("the-lamplighters-ledger")
        );
        assert_eq!(name_key(" -- "), None);
        assert_eq!(
            file_name_key("Iness Stone").as_deref(),
            Some("filename:iness stone")
        );
    }

    #[test]
    fn header_keys_hold_the_summary_s_opening_words() {
        let mut first_line = StatedMeta {
            authors: vec!["Winter Ribbon".into()],
            summary: Some("Bastien has one star left and no tin at all. Set after".into()),
            ..StatedMeta::default()
        };
        let key = identity_key(&first_line, "/f", "ch1.txt");
        first_line.summary = Some(
            "Bastien has one star left and no tin at all. Set after the end of the season.".into(),
        );
        assert_eq!(identity_key(&first_line, "/f", "ch7.txt"), key);
        first_line.summary = Some("Another story entirely, with its own summary.".into());
        assert_ne!(identity_key(&first_line, "/f", "ch1.txt"), key);
    }

    #[test]
    fn inferred_titles() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            infer_title(
                &names(&["the_quiet_harbour_part1.txt", "the_quiet_harbour_part2.txt"]),
                "x"
            ),
            "The Quiet Harbour"
        );
        assert_eq!(
            infer_title(&names(&["ch1.txt", "ch2.txt"]), "lanterns_of_the_deep"),
            "Lanterns of the Deep"
        );
        assert_eq!(
            infer_title(&names(&["My Odd Story.txt"]), "x"),
            "My Odd Story"
        );
    }
}
