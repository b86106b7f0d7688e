//! otwarchive's work meta list: `dt` label / `dd` value pairs for the
//! rating, warnings, categories, fandoms, relationships, characters,
//! additional tags, language, series, collections and stats. The download
//! has it as `dl.tags` (kinds known from the `dt` labels); a work page as
//! `dl.work.meta.group` whose `dd`s also name their kind in classes
//! (`rating tags`, `freeform tags`, `language`, `series`, `stats`).

use super::markup::has_class_like;
use crate::apply::apply_label;
use crate::dates::parse_date;
use crate::html::dom::{child_elements, find, find_all, has_class, tag_list, text, DomNode};
use crate::lists::extend_unique;
use crate::parsed::StatedMeta;
use ficshelf_model::{Field, Status};
use scraper::ElementRef;

/// What one `dd` of the meta list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rating,
    Warning,
    Category,
    Fandom,
    Relationship,
    Character,
    Freeform,
    Language,
    Series,
    Collections,
    Stats,
}

/// The kinds by the class a work page puts on their `dd`.
const CLASSES: &[(&str, Kind)] = &[
    ("rating", Kind::Rating),
    ("warning", Kind::Warning),
    ("category", Kind::Category),
    ("fandom", Kind::Fandom),
    ("relationship", Kind::Relationship),
    ("character", Kind::Character),
    ("freeform", Kind::Freeform),
    ("language", Kind::Language),
    ("series", Kind::Series),
    ("collections", Kind::Collections),
    ("stats", Kind::Stats),
];

impl Kind {
    /// A `dt` label as otwarchive writes it ("Archive Warnings", "Additional
    /// Tags"), lowercased, singular or plural.
    fn from_label(label: &str) -> Option<Kind> {
        Some(match label.trim_end_matches('s') {
            "rating" => Kind::Rating,
            "archive warning" | "warning" => Kind::Warning,
            "category" | "categorie" => Kind::Category,
            "fandom" => Kind::Fandom,
            "relationship" => Kind::Relationship,
            "character" => Kind::Character,
            "additional tag" | "freeform" | "tag" => Kind::Freeform,
            "language" => Kind::Language,
            "serie" => Kind::Series,
            "collection" => Kind::Collections,
            "stat" => Kind::Stats,
            _ => return None,
        })
    }

    fn from_classes(dd: &ElementRef) -> Option<Kind> {
        CLASSES
            .iter()
            .find(|(class, _)| has_class(dd, class))
            .map(|(_, kind)| *kind)
    }
}

/// Reads a meta list (`dl.tags` or `dl.work.meta`) into `meta`. A `dd`'s
/// kind comes from its classes when it has one of a work page's, else from
/// the `dt` before it; values of unknown labels are kept as fields.
pub(super) fn read_meta_list(meta: &mut StatedMeta, dl: DomNode) {
    let mut label = String::new();
    for e in child_elements(dl) {
        match e.value().name() {
            "dt" => label = text(*e).trim_end_matches(':').trim().to_string(),
            "dd" => {
                let kind =
                    Kind::from_classes(&e).or_else(|| Kind::from_label(&label.to_lowercase()));
                match kind {
                    Some(kind) => read_value(meta, kind, e),
                    None => keep(meta, &label, text(*e)),
                }
            }
            _ => {}
        }
    }
}

fn read_value(meta: &mut StatedMeta, kind: Kind, dd: ElementRef) {
    match kind {
        Kind::Rating => meta.rating = tag_list(*dd).into_iter().next(),
        Kind::Warning => extend_unique(&mut meta.warnings, tag_list(*dd)),
        Kind::Category => {
            for tag in tag_list(*dd) {
                apply_label(meta, "Category", &tag);
            }
        }
        Kind::Fandom => extend_unique(&mut meta.fandoms, tag_list(*dd)),
        Kind::Relationship => extend_unique(&mut meta.relationships, tag_list(*dd)),
        Kind::Character => extend_unique(&mut meta.characters, tag_list(*dd)),
        Kind::Freeform => extend_unique(&mut meta.tags, tag_list(*dd)),
        Kind::Language => meta.language = Some(text(*dd)).filter(|l| !l.is_empty()),
        Kind::Series => {
            // A work page wraps each series in `span.series` with "← Previous
            // Work" / "Next Work →" links around `span.position`.
            let positions: Vec<String> = find_all(*dd, "span", "position")
                .map(|span| text(*span))
                .collect();
            let value = if positions.is_empty() {
                text(*dd)
            } else {
                positions.join("; ")
            };
            keep(meta, "Series", value);
        }
        Kind::Collections => keep(meta, "Collections", text(*dd)),
        Kind::Stats => read_stats(meta, dd),
    }
}

fn keep(meta: &mut StatedMeta, label: &str, value: String) {
    let field = Field {
        label: label.to_string(),
        value,
    };
    if !field.value.is_empty() && !meta.fields.contains(&field) {
        meta.fields.push(field);
    }
}

/// The stats: a download's flat `Published: 2020-01-02 Updated: 2020-02-03
/// Words: 1,234 Chapters: 2/5`, or a work page's `dl.stats` of `dt`/`dd`
/// pairs (written without spaces between them).
fn read_stats(meta: &mut StatedMeta, dd: ElementRef) {
    match find(*dd, "dl", "") {
        Some(dl) => {
            let mut label = String::new();
            for e in child_elements(*dl) {
                match e.value().name() {
                    "dt" => label = text(*e),
                    "dd" => read_stat(meta, &label, &text(*e)),
                    _ => {}
                }
            }
        }
        None => {
            let text = text(*dd);
            let words: Vec<&str> = text.split_whitespace().collect();
            for pair in words.windows(2) {
                read_stat(meta, pair[0], pair[1]);
            }
        }
    }
}

/// One stat: the dates, the status, and the stated chapter count (kept as
/// the field `Chapters`, so a file holding one chapter of many still says
/// how many there are). Kudos, hits, bookmarks and comments change by the
/// hour and are not the work's: they are left out.
fn read_stat(meta: &mut StatedMeta, label: &str, value: &str) {
    match label.trim().trim_end_matches(':').to_lowercase().as_str() {
        "published" => meta.published = parse_date(value),
        "updated" => meta.updated = parse_date(value).or(meta.updated.take()),
        "completed" => {
            meta.updated = parse_date(value).or(meta.updated.take());
            meta.status = Some(Status::Complete);
        }
        "chapters" => {
            if meta.status.is_none() {
                meta.status = Some(chapter_status(value));
            }
            keep(meta, "Chapters", value.to_string());
        }
        _ => {}
    }
}

/// `3/3` → complete, `2/5` or `2/?` → in progress.
fn chapter_status(value: &str) -> Status {
    match value.split_once('/') {
        Some((x, y)) if x.trim() == y.trim() => Status::Complete,
        _ => Status::InProgress,
    }
}

/// Whether `e` is a download's tag list: `dl.tags`, or (a calibre that
/// renamed the class) a `dl` whose first label is one of otwarchive's.
pub(super) fn is_tag_list(e: &ElementRef) -> bool {
    e.value().name() == "dl"
        && (has_class_like(e, "tags")
            || child_elements(**e)
                .find(|child| child.value().name() == "dt")
                .is_some_and(|dt| {
                    Kind::from_label(&text(*dt).trim_end_matches(':').trim().to_lowercase())
                        .is_some()
                }))
}

/// Whether `e` is a work page's meta list (`dl.work.meta.group`).
pub(super) fn is_work_meta(e: &ElementRef) -> bool {
    e.value().name() == "dl" && has_class(e, "work") && has_class(e, "meta")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str) -> StatedMeta {
        let doc = scraper::Html::parse_fragment(html);
        let dl = crate::html::dom::find(doc.tree.root(), "dl", "").expect("dl");
        let mut meta = StatedMeta::default();
        read_meta_list(&mut meta, *dl);
        meta
    }

    #[test]
    fn work_page_dd_classes_give_the_kinds() {
        let meta = meta_of(
            "<dl class=\"work meta group\">\
             <dt class=\"rating tags\">Rating:</dt><dd class=\"rating tags\"><ul class=\"commas\">\
             <li><a class=\"tag\">Mature</a></li></ul></dd>\
             <dt class=\"freeform tags\">Extra Things:</dt><dd class=\"freeform tags\">\
             <ul><li><a class=\"tag\">Tea</a></li><li><a class=\"tag\">Rain</a></li></ul></dd>\
             <dt class=\"series\">Series:</dt><dd class=\"series\"><span class=\"series\">\
             <a class=\"previous\">← Previous Work</a><span class=\"position\">Part 2 of \
             <a>Wet Weather</a></span></span></dd>\
             <dt class=\"stats\">Stats:</dt><dd class=\"stats\"><dl class=\"stats\">\
             <dt>Published:</dt><dd class=\"published\">2019-04-01</dd>\
             <dt>Chapters:</dt><dd class=\"chapters\">1/?</dd><dt>Kudos:</dt><dd>12</dd>\
             </dl></dd></dl>",
        );
        assert_eq!(meta.rating.as_deref(), Some("Mature"));
        assert_eq!(meta.tags, ["Tea", "Rain"]);
        assert_eq!(meta.status, Some(Status::InProgress));
        assert_eq!(meta.published.as_deref(), Some("2019-04-01"));
        let fields: Vec<(&str, &str)> = meta
            .fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("Series", "Part 2 of Wet Weather"), ("Chapters", "1/?")]
        );
    }

    #[test]
    fn a_renamed_tag_list_is_known_by_its_labels() {
        let doc = scraper::Html::parse_fragment(
            "<dl class=\"calibre5\"><dt class=\"calibre3\">Rating:</dt><dd>Mature</dd></dl>\
             <dl class=\"calibre5\"><dt>Term:</dt><dd>Meaning</dd></dl>",
        );
        let lists: Vec<bool> = crate::html::dom::find_all(doc.tree.root(), "dl", "")
            .map(|dl| is_tag_list(&dl))
            .collect();
        assert_eq!(lists, [true, false]);
    }

    #[test]
    fn download_labels_give_the_kinds() {
        let meta = meta_of(
            "<dl class=\"tags\"><dt class=\"calibre3\">Archive Warnings:</dt>\
             <dd class=\"calibre4\"><a>No Archive Warnings Apply</a></dd>\
             <dt>Categories:</dt><dd><a>F/M</a>, <a>Gen</a></dd>\
             <dt>Gift For:</dt><dd>a friend</dd></dl>",
        );
        assert_eq!(meta.warnings, ["No Archive Warnings Apply"]);
        assert_eq!(meta.category, ["F/M", "Gen"]);
        assert_eq!(meta.fields[0].label, "Gift For");
    }
}
