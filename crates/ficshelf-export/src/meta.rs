//! What every format derives from a work the same way: file names, the
//! series, the book identifier, dates, subjects, chapter headings.

use ficshelf_model::{Status, Work};
use sha2::{Digest, Sha256};

/// A work's place in a series, read from the `Series` field AO3 downloads
/// carry (`Part 2 of The Lantern Cycle`).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The series' name.
    pub name: String,
    /// The work's position in it, when stated.
    pub index: Option<u32>,
}

/// The work's first series, if a `Series` field names one.
///
/// ```
/// use ficshelf_model::{Field, Work};
/// let mut work = Work::new("3", "Lamps");
/// work.fields.push(Field { label: "Series".into(), value: "Part 2 of The Lantern Cycle".into() });
/// let series = ficshelf_export::series(&work).unwrap();
/// assert_eq!((series.name.as_str(), series.index), ("The Lantern Cycle", Some(2)));
/// ```
pub fn series(work: &Work) -> Option<Series> {
    let field = work
        .fields
        .iter()
        .find(|f| f.label.trim().eq_ignore_ascii_case("series"))?;
    let value = field.value.trim();
    let parsed = value
        .strip_prefix("Part ")
        .or_else(|| value.strip_prefix("part "))
        .and_then(|rest| rest.split_once(" of "))
        .and_then(|(n, name)| Some((n.trim().parse::<u32>().ok()?, name.trim())));
    let series = match parsed {
        Some((index, name)) if !name.is_empty() => Series {
            name: name.to_string(),
            index: Some(index),
        },
        _ => Series {
            name: value.to_string(),
            index: None,
        },
    };
    (!series.name.is_empty()).then_some(series)
}

/// A file-name-safe slug of a title: ASCII letters and digits in lower case,
/// everything else as single `-`, at most 60 characters; `work` if nothing
/// is left.
///
/// ```
/// assert_eq!(ficshelf_export::slug("The Clockmaker's Apprentice!"), "the-clockmaker-s-apprentice");
/// assert_eq!(ficshelf_export::slug("日本"), "work");
/// ```
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "work".to_string()
    } else {
        out.to_string()
    }
}

/// The default export file name: `<slug-of-title>-<id>.<extension>`.
pub fn file_name(work: &Work, extension: &str) -> String {
    format!("{}-{}.{extension}", slug(&work.title), slug(&work.id))
}

/// A stable `urn:uuid:` identifier for the book, derived (SHA-256, shaped
/// as a version 5 style UUID) from the work's id, title and authors, so the
/// same work exported twice is the same book to a reader's library.
pub fn identifier(work: &Work) -> String {
    let mut hash = Sha256::new();
    hash.update(b"ficshelf-work\0");
    hash.update(work.id.as_bytes());
    hash.update(b"\0");
    hash.update(work.title.as_bytes());
    for author in &work.authors {
        hash.update(b"\0");
        hash.update(author.as_bytes());
    }
    let digest = hash.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The leading `YYYY-MM-DD` of a stated date, if it has one.
pub fn iso_date(date: Option<&str>) -> Option<&str> {
    let date = date?.trim();
    let head = date.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(head)
}

/// `dcterms:modified` as EPUB requires it (`YYYY-MM-DDThh:mm:ssZ`): the
/// updated date, else the published date, at midnight UTC; 2000-01-01 when
/// neither is known (never the clock: exports are reproducible).
pub fn modified(work: &Work) -> String {
    let day = iso_date(work.updated.as_deref())
        .or_else(|| iso_date(work.published.as_deref()))
        .unwrap_or("2000-01-01");
    format!("{day}T00:00:00Z")
}

/// Every tag of the work, for `dc:subject`: warnings, category, fandoms,
/// relationships, characters, freeform tags; without repeats.
pub fn subjects(work: &Work) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let lists = [
        &work.warnings,
        &work.category,
        &work.fandoms,
        &work.relationships,
        &work.characters,
        &work.tags,
    ];
    for tag in lists.into_iter().flatten() {
        let tag = tag.trim();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Authors for display: joined with commas, `Anonymous` when none is stated.
pub fn authors_line(work: &Work) -> String {
    if work.authors.is_empty() {
        "Anonymous".to_string()
    } else {
        work.authors.join(", ")
    }
}

/// AO3's chapter count: `3/3` when complete, `2/?` otherwise.
pub fn chapter_count(work: &Work) -> String {
    let n = work.chapters.len();
    match work.status {
        Some(Status::Complete) => format!("{n}/{n}"),
        _ => format!("{n}/?"),
    }
}

/// A chapter's heading: `Chapter 2: The Storm`, or `Chapter 2` untitled.
pub fn chapter_heading(number: u32, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => format!("Chapter {number}: {title}"),
        None => format!("Chapter {number}"),
    }
}

/// A BCP 47 language tag for the work: its language when already a tag
/// (`en`, `pt-BR`), else the tag of a language name AO3 writes (`English`,
/// `Español`), else `en` when none is stated and `und` when unknown.
pub fn language_tag(work: &Work) -> String {
    match work.language.as_deref() {
        None => "en".to_string(),
        Some(language) => ficshelf_model::language_tag(language)
            .unwrap_or("und")
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::Field;

    #[test]
    fn series_without_part_keeps_the_whole_value() {
        let mut work = Work::new("1", "T");
        assert_eq!(series(&work), None);
        work.fields.push(Field {
            label: "Series".into(),
            value: "Harbour Lights".into(),
        });
        assert_eq!(
            series(&work),
            Some(Series {
                name: "Harbour Lights".into(),
                index: None
            })
        );
    }

    #[test]
    fn identifier_is_stable_and_uuid_shaped() {
        let work = Work::new("12", "Sea Glass");
        let id = identifier(&work);
        assert_eq!(id, identifier(&work.clone()));
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[9 + 14..9 + 15], "5");
        assert_ne!(id, identifier(&Work::new("13", "Sea Glass")));
    }

    #[test]
    fn dates_languages_and_counts() {
        let mut work = Work::new("1", "T");
        assert_eq!(modified(&work), "2000-01-01T00:00:00Z");
        work.published = Some("2019-05-06".into());
        assert_eq!(modified(&work), "2019-05-06T00:00:00Z");
        work.updated = Some("not a date".into());
        assert_eq!(modified(&work), "2019-05-06T00:00:00Z");
        assert_eq!(language_tag(&work), "en");
        work.language = Some("Español".into());
        assert_eq!(language_tag(&work), "es");
        work.language = Some("pt-BR".into());
        assert_eq!(language_tag(&work), "pt-BR");
        work.language = Some("Klingon tongue".into());
        assert_eq!(language_tag(&work), "und");
        assert_eq!(chapter_count(&work), "0/?");
        assert_eq!(chapter_heading(2, Some(" ")), "Chapter 2");
    }
}
