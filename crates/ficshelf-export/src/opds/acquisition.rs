//! Acquisition feeds: one entry per work, with its metadata, its tags as
//! categories and links to download it (EPUB first) or read it online.

use super::feed::{FeedMeta, Link};
use super::xml::Xml;
use super::{encode_component, to_string, OpdsError, Timestamp, Urls, EPUB_TYPE, REL_ACQUISITION};
use ficshelf_model::{language_tag, Status, Work};
use std::io::Write;

/// Category schemes, one per kind of tag.
const SCHEME_RATING: &str = "urn:ficshelf:rating";

/// Writes an acquisition feed with `meta`'s header and one entry per work.
/// A work without a usable stated date is dated `meta.updated`.
pub fn write_acquisition<'a>(
    out: impl Write,
    meta: &FeedMeta,
    works: impl IntoIterator<Item = &'a Work>,
    urls: &Urls,
) -> Result<(), OpdsError> {
    let mut xml = Xml::new(out)?;
    meta.open(&mut xml)?;
    for work in works {
        write_entry(&mut xml, work, urls, meta.updated)?;
    }
    xml.close("feed")?;
    xml.finish()
}

/// [`write_acquisition`] into a string.
pub fn acquisition<'a>(
    meta: &FeedMeta,
    works: impl IntoIterator<Item = &'a Work>,
    urls: &Urls,
) -> Result<String, OpdsError> {
    to_string(|buffer| write_acquisition(buffer, meta, works, urls))
}

fn write_entry<W: Write>(
    xml: &mut Xml<W>,
    work: &Work,
    urls: &Urls,
    fallback: Timestamp,
) -> Result<(), OpdsError> {
    let published = work.published.as_deref().and_then(Timestamp::from_date);
    let updated = work
        .updated
        .as_deref()
        .and_then(Timestamp::from_date)
        .or(published)
        .unwrap_or(fallback);
    xml.open("entry", &[])?;
    xml.text("title", &[], &work.title)?;
    xml.text(
        "id",
        &[],
        &format!("urn:ficshelf:work:{}", encode_component(&work.id)),
    )?;
    xml.text("updated", &[], &updated.to_string())?;
    if let Some(published) = published {
        xml.text("published", &[], &published.to_string())?;
    }
    for author in &work.authors {
        xml.open("author", &[])?;
        xml.text("name", &[], author)?;
        xml.text("uri", &[], &urls.works([("author", author.as_str())]))?;
        xml.close("author")?;
    }
    if work.authors.is_empty() {
        xml.open("author", &[])?;
        xml.text("name", &[], "Anonymous")?;
        xml.close("author")?;
    }
    if let Some(code) = work.language.as_deref().and_then(language_tag) {
        xml.text("dc:language", &[], code)?;
    }
    if let Some(published) = &work.published {
        if Timestamp::from_date(published).is_some() {
            xml.text("dc:issued", &[], published.trim())?;
        }
    }
    xml.empty(
        "category",
        &[
            ("scheme", SCHEME_RATING),
            ("term", work.rating.as_str()),
            ("label", work.rating.display_name()),
        ],
    )?;
    let kinds: [(&str, &[String]); 6] = [
        ("warning", &work.warnings),
        ("category", &work.category),
        ("fandom", &work.fandoms),
        ("relationship", &work.relationships),
        ("character", &work.characters),
        ("tag", &work.tags),
    ];
    for (kind, values) in kinds {
        let scheme = format!("urn:ficshelf:{kind}");
        for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            xml.empty(
                "category",
                &[("scheme", &scheme), ("term", value), ("label", value)],
            )?;
        }
    }
    if let Some(summary) = work.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        xml.text("summary", &[("type", "text")], summary)?;
    }
    xml.text("content", &[("type", "text")], &stats(work))?;
    for (extension, media_type, title) in [
        ("epub", EPUB_TYPE, "EPUB"),
        ("html", "text/html", "HTML"),
        ("txt", "text/plain", "Plain text"),
    ] {
        Link::new(
            REL_ACQUISITION,
            urls.download(&work.id, extension),
            media_type,
        )
        .titled(title)
        .write(xml)?;
    }
    Link::new("alternate", urls.work_page(&work.id), "text/html")
        .titled("Read online")
        .write(xml)?;
    xml.close("entry")
}

/// The work's numbers and labels, one per line, as AO3's blurb shows them.
fn stats(work: &Work) -> String {
    let mut lines = vec![format!("Rating: {}", work.rating.display_name())];
    let mut list = |label: &str, values: &[String]| {
        if !values.is_empty() {
            lines.push(format!("{label}: {}", values.join(", ")));
        }
    };
    list("Warnings", &work.warnings);
    list("Category", &work.category);
    list("Fandoms", &work.fandoms);
    if let Some(language) = &work.language {
        lines.push(format!("Language: {language}"));
    }
    lines.push(format!("Words: {}", grouped(work.words)));
    lines.push(format!("Chapters: {}", work.chapters.len()));
    match work.status {
        Some(Status::Complete) => lines.push("Status: Complete".into()),
        Some(Status::InProgress) => lines.push("Status: In progress".into()),
        None => {}
    }
    lines.join("\n")
}

/// `12345` as `12,345`.
fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }
}
