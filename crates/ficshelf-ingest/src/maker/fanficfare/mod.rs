//! FanFicFare's output: HTML (`html`), EPUB (`epub`) and TXT (`txt`), and
//! the title-page labels all three share.
//!
//! FanFicFare calls a work's fandoms "Category", its genres "Genre" and its
//! relationships "Relationships"; lists are joined by ", ". Found by
//! evidence: its HTML's `table.full` and `sectionNNNN` anchors, its EPUB's
//! contributor or `fanficfare-uid` identifier, its TXT's `Packaged:` /
//! `Story URL:` labels before `TABLE OF CONTENTS`.
//!
//! Crate items: [`apply_fff_label`], [`is_fff_marker_label`], [`is_epub`].

pub(crate) mod epub;
pub(crate) mod html;
pub(crate) mod txt;

/// Whether an EPUB was made by FanFicFare.
pub(crate) fn is_epub(book: &crate::epub::Book) -> bool {
    let package = book.package;
    package
        .values("contributor")
        .iter()
        .any(|c| c.contains("FanFicFare"))
        || package
            .values("identifier")
            .iter()
            .any(|i| i.starts_with("fanficfare-uid"))
}

use crate::apply::apply_label;
use crate::dates::parse_date;
use crate::lists::{extend_unique, squash_spaces};
use crate::parsed::StatedMeta;
use ficshelf_model::{Field, Status};

/// Labels only FanFicFare's title page writes together.
pub(crate) fn is_fff_marker_label(label: &str) -> bool {
    matches!(label.to_lowercase().as_str(), "packaged" | "story url")
}

fn list(value: &str) -> Vec<String> {
    value
        .split(", ")
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Applies one title-page `label: value` (value as plain text).
pub(crate) fn apply_fff_label(meta: &mut StatedMeta, label: &str, value: &str) {
    let value = squash_spaces(value);
    if value.is_empty() {
        return;
    }
    match label.trim().to_lowercase().as_str() {
        "category" | "fandom" | "fandoms" => extend_unique(&mut meta.fandoms, list(&value)),
        "genre" | "genres" => extend_unique(&mut meta.tags, list(&value)),
        "characters" => extend_unique(&mut meta.characters, list(&value)),
        "relationships" | "ships" => extend_unique(&mut meta.relationships, list(&value)),
        "warnings" => extend_unique(&mut meta.warnings, list(&value)),
        "rating" => meta.rating = Some(value),
        "status" => match Status::from_label(&value) {
            Some(status) => meta.status = Some(status),
            None => keep(meta, label, value),
        },
        "published" => meta.published = parse_date(&value),
        "updated" => meta.updated = parse_date(&value),
        "story url" => meta.url = Some(value),
        "summary" => meta.summary = Some(value),
        "language" => meta.language = Some(value),
        "author" | "authors" => extend_unique(&mut meta.authors, list(&value)),
        "title" => meta.title = Some(value),
        "series" | "packaged" | "chapters" | "words" | "publisher" | "series url"
        | "author url" => keep(meta, label, value),
        _ => apply_label(meta, label, &value),
    }
}

fn keep(meta: &mut StatedMeta, label: &str, value: String) {
    meta.fields.push(Field {
        label: label.trim().to_string(),
        value,
    });
}
