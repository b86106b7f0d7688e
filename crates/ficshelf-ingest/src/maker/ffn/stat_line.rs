//! FanFiction.Net's stat line, `Rated: M - English - Drama/Angst - [A, B] C -
//! Chapters: 12 - Words: 48,310 - … - Status: Complete`, and the saved-story
//! text header it closes (`Title by Author` on the line before).

use crate::apply::{apply_label, split_genres};
use crate::dates::parse_date;
use crate::lists::{extend_unique, split_list};
use crate::parsed::StatedMeta;
use ficshelf_model::{Field, Status};

/// FanFiction.Net's genre names; a segment made only of these is the genres.
const GENRES: &[&str] = &[
    "adventure",
    "angst",
    "crime",
    "drama",
    "family",
    "fantasy",
    "friendship",
    "general",
    "horror",
    "humor",
    "hurt/comfort",
    "mystery",
    "parody",
    "poetry",
    "romance",
    "sci-fi",
    "spiritual",
    "supernatural",
    "suspense",
    "tragedy",
    "western",
];

/// Reads `Title by Author` + stat line at `lines[pos..]`; returns the line
/// after the stat line, or `None` when the file does not start that way.
pub(crate) fn read_stat_header(lines: &[&str], pos: usize, meta: &mut StatedMeta) -> Option<usize> {
    let first = lines.get(pos)?.trim();
    let (stat_index, stat) = lines
        .iter()
        .enumerate()
        .skip(pos + 1)
        .find(|(_, l)| !l.trim().is_empty())?;
    if !is_stat_line(stat) {
        return None;
    }
    let by = first.rfind(" by ")?;
    let (title, author) = (first[..by].trim(), first[by + 4..].trim());
    if title.is_empty() || author.is_empty() {
        return None;
    }
    meta.title.get_or_insert(title.to_string());
    extend_unique(&mut meta.authors, [author.to_string()]);
    read_stat_line(stat, meta);
    Some(stat_index + 1)
}

fn is_stat_line(line: &str) -> bool {
    let line = line.trim();
    line.get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("rated:"))
        && line.contains(" - ")
}

/// Applies every segment of a stat line to `meta`.
pub(crate) fn read_stat_line(line: &str, meta: &mut StatedMeta) {
    let mut unlabelled_seen = 0;
    for segment in line.trim().split(" - ").map(str::trim) {
        if segment.is_empty() {
            continue;
        }
        if let Some((label, value)) = segment.split_once(':') {
            let (label, value) = (label.trim(), value.trim());
            match label.to_ascii_lowercase().as_str() {
                "rated" => apply_label(meta, "Rated", value),
                "status" => apply_label(meta, "Status", value),
                // FicHub labels the segments FanFiction.Net leaves bare.
                "language" => apply_label(meta, "Language", value),
                "genre" => extend_unique(&mut meta.tags, split_genres(value)),
                "characters" => read_characters(value, meta),
                "published" | "updated" => match parse_date(value) {
                    Some(_) => apply_label(meta, label, value),
                    None => keep(meta, label, value),
                },
                _ => keep(meta, label, value),
            }
            continue;
        }
        if segment.eq_ignore_ascii_case("complete") {
            meta.status.get_or_insert(Status::Complete);
            continue;
        }
        if is_genres(segment) {
            extend_unique(&mut meta.tags, split_genres(segment));
        } else if unlabelled_seen == 0 && is_single_word(segment) {
            meta.language.get_or_insert(segment.to_string());
        } else {
            read_characters(segment, meta);
        }
        unlabelled_seen += 1;
    }
}

fn keep(meta: &mut StatedMeta, label: &str, value: &str) {
    meta.fields.push(Field {
        label: label.to_string(),
        value: value.to_string(),
    });
}

fn is_single_word(segment: &str) -> bool {
    !segment.contains(char::is_whitespace) && segment.chars().all(char::is_alphabetic)
}

fn is_genres(segment: &str) -> bool {
    let genres = split_genres(segment);
    !genres.is_empty()
        && genres
            .iter()
            .all(|g| GENRES.contains(&g.to_lowercase().as_str()))
}

/// `Harry P., Draco M.` or `[Harry P., Draco M.] Hermione G.`: bracketed
/// groups are relationships as well as characters.
fn read_characters(segment: &str, meta: &mut StatedMeta) {
    let mut rest = segment;
    let mut loose = String::new();
    while let Some(open) = rest.find('[') {
        loose.push_str(&rest[..open]);
        loose.push(',');
        let Some(close) = rest[open..].find(']') else {
            loose.push_str(&rest[open + 1..]);
            rest = "";
            break;
        };
        let group = split_list(&rest[open + 1..open + close], &[","]);
        if group.len() >= 2 {
            extend_unique(&mut meta.relationships, [group.join("/")]);
        }
        extend_unique(&mut meta.characters, group);
        rest = &rest[open + close + 1..];
    }
    loose.push_str(rest);
    // Older pages join two names with ` & ` (`Harry P. & Draco M.`).
    let names: Vec<String> = loose
        .split(',')
        .flat_map(|n| n.split(" & "))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    extend_unique(&mut meta.characters, names);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_stat_line() {
        let mut m = StatedMeta::default();
        read_stat_line("Rated: Fiction M - English - Drama/Angst - [Harry P., Draco M.] Hermione G. - Chapters: 12 - Words: 48,310 - Reviews: 210 - Favs: 95 - Updated: 3/4/2009 - Published: 1/2/2008 - Status: Complete - id: 123", &mut m);
        assert_eq!(m.rating.as_deref(), Some("Fiction M"));
        assert_eq!(m.language.as_deref(), Some("English"));
        assert_eq!(m.tags, ["Drama", "Angst"]);
        assert_eq!(m.characters, ["Harry P.", "Draco M.", "Hermione G."]);
        assert_eq!(m.relationships, ["Harry P./Draco M."]);
        assert_eq!(m.updated.as_deref(), Some("2009-03-04"));
        assert_eq!(m.published.as_deref(), Some("2008-01-02"));
        assert_eq!(m.status, Some(Status::Complete));
        let labels: Vec<&str> = m.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["Chapters", "Words", "Reviews", "Favs", "id"]);
    }

    #[test]
    fn reads_labelled_segments_and_older_name_joins() {
        let mut m = StatedMeta::default();
        read_stat_line("Rated: Fiction K+ - Language: English - Genre: Humor/Hurt/Comfort - Characters: Ann B., Cole D. - Favs: 3", &mut m);
        assert_eq!(m.rating.as_deref(), Some("Fiction K+"));
        assert_eq!(m.language.as_deref(), Some("English"));
        assert_eq!(m.tags, ["Humor", "Hurt/Comfort"]);
        assert_eq!(m.characters, ["Ann B.", "Cole D."]);
        let mut m = StatedMeta::default();
        read_stat_line(
            "Rated: M - English - Drama - Ann B. & Cole D. - id:42",
            &mut m,
        );
        assert_eq!(m.characters, ["Ann B.", "Cole D."]);
        assert!(m.relationships.is_empty());
    }

    #[test]
    fn header_needs_the_stat_line() {
        let lines = ["Stand by Me", "", "It was late."];
        assert_eq!(
            read_stat_header(&lines, 0, &mut StatedMeta::default()),
            None
        );
        let lines = [
            "Sea Glass by Wren",
            "Rated: T - English - Romance - Chapters: 2",
        ];
        let mut m = StatedMeta::default();
        assert_eq!(read_stat_header(&lines, 0, &mut m), Some(2));
        assert_eq!(m.title.as_deref(), Some("Sea Glass"));
        assert_eq!(m.authors, ["Wren"]);
    }
}
