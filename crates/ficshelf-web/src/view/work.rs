//! A work as its preface, blurb and chapter pages show it.

use super::thousands;
use crate::browse::Facet;
use crate::urlencode::{encode, join_pairs};
use ficshelf_model::{Chapter, ChapterBody, Notes, Rating, Status, Work};
use minijinja::Value;
use serde::Serialize;

/// One of AO3's "required tags" symbols: a short symbol for sighted
/// readers and a full label for everyone (screen readers, tooltips).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Badge {
    /// CSS class, e.g. `rating-explicit`.
    pub(crate) class: &'static str,
    pub(crate) symbol: &'static str,
    pub(crate) label: String,
}

/// A tag with the listing URL that filters on it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// A chapter in an index or menu.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChapterLink {
    pub(crate) number: u32,
    /// `Chapter 3: The Storm`, or `Chapter 3` without a title.
    pub(crate) heading: String,
    pub(crate) title: Option<String>,
    pub(crate) url: String,
    pub(crate) words: String,
}

/// A chapter with its text, for the reader and the entire-work view.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChapterText {
    pub(crate) number: u32,
    pub(crate) heading: String,
    pub(crate) title: Option<String>,
    pub(crate) url: String,
    pub(crate) words: String,
    pub(crate) notes_begin: Option<String>,
    pub(crate) notes_end: Option<String>,
    /// The story text as escaped HTML, marked safe for the templates, with
    /// the paragraphs analysis reads as interior monologue marked
    /// `class="monologue"`.
    pub(crate) html: Value,
    /// How many paragraphs are marked as interior monologue.
    pub(crate) monologue: usize,
}

impl ChapterText {
    /// `monologue`: the paragraph indexes analysis stored as interior
    /// monologue for this chapter (see [`super::monologue_of`]).
    pub(crate) fn new(
        work_url: &str,
        chapter: &Chapter,
        body: &ChapterBody,
        monologue: &[u32],
    ) -> ChapterText {
        let (html, monologue) = super::monologue::chapter_html(body, monologue);
        ChapterText {
            number: chapter.number,
            heading: chapter_heading(chapter),
            title: non_empty(chapter.title.as_deref()),
            url: format!("{work_url}/chapters/{}", chapter.number),
            words: thousands(chapter.words),
            notes_begin: non_empty(chapter.notes.begin.as_deref()),
            notes_end: non_empty(chapter.notes.end.as_deref()),
            html: Value::from_safe_string(crate::http::images::asset_urls(&html, work_url)),
            monologue,
        }
    }
}

/// `Chapter 3: The Storm`, or `Chapter 3`.
pub(crate) fn chapter_heading(chapter: &Chapter) -> String {
    match non_empty(chapter.title.as_deref()) {
        Some(title) => format!("Chapter {}: {title}", chapter.number),
        None => format!("Chapter {}", chapter.number),
    }
}

/// What Ficshelf's analysis suggests, shown apart from what the files state.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SuggestedView {
    pub(crate) rating: Option<&'static str>,
    pub(crate) warnings: Vec<TagLink>,
    pub(crate) fandoms: Vec<TagLink>,
    pub(crate) relationships: Vec<TagLink>,
    /// Names with their mention counts (`Mara Voss (41)`), linked to a search.
    pub(crate) characters: Vec<TagLink>,
    pub(crate) language: Option<String>,
    /// `12 min, 35% dialogue`.
    pub(crate) reading: Option<String>,
    /// Each chapter's voice, `1: third person past`, with monologue counts.
    pub(crate) point_of_view: Vec<String>,
    pub(crate) evidence: Vec<EvidenceView>,
}

/// Why a rating or warning was suggested.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EvidenceView {
    pub(crate) kind: String,
    pub(crate) suggests: String,
    pub(crate) count: u32,
    pub(crate) examples: Vec<String>,
}

/// A field with no place of its own, as the file wrote it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldView {
    pub(crate) label: String,
    pub(crate) value: String,
}

/// Everything a blurb or preface shows about a work.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WorkView {
    pub(crate) id: String,
    /// `/works/<id>`, the id percent-encoded.
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) title_inferred: bool,
    pub(crate) authors: Vec<String>,
    pub(crate) rating: Badge,
    pub(crate) rating_name: &'static str,
    pub(crate) rating_original: Option<String>,
    pub(crate) adult: bool,
    pub(crate) warnings: Vec<String>,
    pub(crate) warning_badge: Badge,
    pub(crate) category: Vec<String>,
    pub(crate) category_badge: Badge,
    pub(crate) status: Option<&'static str>,
    pub(crate) status_badge: Badge,
    pub(crate) fandoms: Vec<TagLink>,
    pub(crate) relationships: Vec<TagLink>,
    pub(crate) characters: Vec<TagLink>,
    pub(crate) tags: Vec<TagLink>,
    pub(crate) language: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) disclaimer: Option<String>,
    pub(crate) notes_begin: Option<String>,
    pub(crate) notes_end: Option<String>,
    pub(crate) words: String,
    pub(crate) chapter_count: usize,
    /// `3/3` for a complete work, `3/?` otherwise.
    pub(crate) chapters_label: String,
    pub(crate) published: Option<String>,
    pub(crate) updated: Option<String>,
    /// Stated header lines with no field of their own, tidied (see `fields`).
    pub(crate) fields: Vec<FieldView>,
    /// Stated counts of readers' responses (reviews, kudos…), for the stats.
    pub(crate) stat_fields: Vec<FieldView>,
    pub(crate) chapters: Vec<ChapterLink>,
    pub(crate) suggested: Option<SuggestedView>,
}

impl WorkView {
    pub(crate) fn new(work: &Work) -> WorkView {
        let url = format!("/works/{}", encode(&work.id));
        let (fields, stat_fields) = super::fields::shown_fields(&work.fields);
        let count = work.chapters.len();
        let chapters_label = match work.status {
            Some(Status::Complete) => format!("{count}/{count}"),
            _ => format!("{count}/?"),
        };
        WorkView {
            id: work.id.clone(),
            title: work.title.clone(),
            title_inferred: work.title_inferred,
            authors: work.authors.clone(),
            rating: rating_badge(work.rating),
            rating_name: work.rating.display_name(),
            rating_original: non_empty(work.rating_original.as_deref()),
            adult: work.rating.is_adult(),
            warnings: work.warnings.clone(),
            warning_badge: warning_badge(&work.warnings),
            category: work.category.clone(),
            category_badge: category_badge(&work.category),
            status: work.status.map(status_name),
            status_badge: status_badge(work.status),
            fandoms: tag_links(Facet::Fandom, &work.fandoms),
            relationships: tag_links(Facet::Relationship, &work.relationships),
            characters: tag_links(Facet::Character, &work.characters),
            tags: tag_links(Facet::Tag, &work.tags),
            language: non_empty(work.language.as_deref()),
            summary: non_empty(work.summary.as_deref()),
            disclaimer: non_empty(work.disclaimer.as_deref()),
            notes_begin: notes(&work.notes).0,
            notes_end: notes(&work.notes).1,
            words: thousands(work.words),
            chapter_count: count,
            chapters_label,
            published: non_empty(work.published.as_deref()),
            updated: non_empty(work.updated.as_deref()),
            fields,
            stat_fields,
            chapters: work
                .chapters
                .iter()
                .map(|chapter| ChapterLink {
                    number: chapter.number,
                    heading: chapter_heading(chapter),
                    title: non_empty(chapter.title.as_deref()),
                    url: format!("{url}/chapters/{}", chapter.number),
                    words: thousands(chapter.words),
                })
                .collect(),
            suggested: suggested(work),
            url,
        }
    }
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn notes(notes: &Notes) -> (Option<String>, Option<String>) {
    (
        non_empty(notes.begin.as_deref()),
        non_empty(notes.end.as_deref()),
    )
}

fn tag_links(facet: Facet, values: &[String]) -> Vec<TagLink> {
    values
        .iter()
        .map(|value| TagLink {
            name: value.clone(),
            url: format!("/works?{}", join_pairs([(facet.key(), value.trim())])),
        })
        .collect()
}

fn suggested(work: &Work) -> Option<SuggestedView> {
    let s = &work.suggested;
    if s.is_empty() {
        return None;
    }
    // Suggested tags are reached with `field~:` in the query language.
    let links = |field: &str, names: &[String]| -> Vec<TagLink> {
        names
            .iter()
            .map(|name| TagLink {
                name: name.clone(),
                url: format!(
                    "/search?{}",
                    join_pairs([("q", format!("{field}~:\"{name}\"").as_str())])
                ),
            })
            .collect()
    };
    let mut characters = links("character", &s.characters);
    for link in &mut characters {
        if let Some(m) = s.character_mentions.iter().find(|m| m.name == link.name) {
            link.name = format!("{} ({})", m.name, m.count);
        }
    }
    let point_of_view = s
        .chapters
        .iter()
        .filter_map(|c| {
            let voice = c.point_of_view.as_ref()?;
            Some(match c.interior_monologue.len() {
                0 => format!("{}: {voice}", c.number),
                n => format!("{}: {voice}, {n} interior-monologue passages", c.number),
            })
        })
        .collect();
    Some(SuggestedView {
        rating: s.rating.map(Rating::display_name),
        warnings: links("warning", &s.warnings),
        fandoms: links("fandom", &s.fandoms),
        relationships: links("relationship", &s.relationships),
        characters,
        // The tag analysis gives ("fr"), shown by name as stated languages are.
        language: s.language.as_deref().map(|tag| {
            ficshelf_model::language_name(tag)
                .unwrap_or(tag)
                .to_string()
        }),
        reading: s.stats.map(|t| {
            format!(
                "{} min, {}% dialogue",
                t.reading_minutes,
                t.dialogue_permille / 10
            )
        }),
        point_of_view,
        evidence: s
            .evidence
            .iter()
            .map(|e| EvidenceView {
                kind: e.kind.clone(),
                suggests: e.suggests.clone(),
                count: e.count,
                examples: e.examples.clone(),
            })
            .collect(),
    })
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Complete => "Complete",
        Status::InProgress => "In progress",
    }
}

pub(crate) fn rating_badge(rating: Rating) -> Badge {
    let (class, symbol) = match rating {
        Rating::General => ("rating-general", "G"),
        Rating::Teen => ("rating-teen", "T"),
        Rating::Mature => ("rating-mature", "M"),
        Rating::Explicit => ("rating-explicit", "E"),
        Rating::NotRated => ("rating-notrated", "NR"),
    };
    Badge {
        class,
        symbol,
        label: format!("Rating: {}", rating.display_name()),
    }
}

fn warning_badge(warnings: &[String]) -> Badge {
    let lower: Vec<String> = warnings.iter().map(|w| w.trim().to_lowercase()).collect();
    if lower.is_empty() {
        Badge {
            class: "warning-unknown",
            symbol: "?",
            label: "Archive warnings: not stated".to_string(),
        }
    } else if lower
        .iter()
        .any(|w| w.contains("chose not to") || w.contains("choose not to"))
    {
        Badge {
            class: "warning-unspecified",
            symbol: "!?",
            label: "Creator chose not to use archive warnings".to_string(),
        }
    } else if lower.iter().all(|w| w == "no archive warnings apply") {
        Badge {
            class: "warning-none",
            symbol: "–",
            label: "No archive warnings apply".to_string(),
        }
    } else {
        Badge {
            class: "warning-yes",
            symbol: "!",
            label: format!("Archive warnings apply: {}", warnings.join(", ")),
        }
    }
}

fn category_badge(category: &[String]) -> Badge {
    let known = |value: &str| match value.trim().to_lowercase().as_str() {
        "f/f" => Some(("category-ff", "F/F")),
        "f/m" => Some(("category-fm", "F/M")),
        "m/m" => Some(("category-mm", "M/M")),
        "gen" => Some(("category-gen", "Gen")),
        "multi" => Some(("category-multi", "Multi")),
        "other" => Some(("category-other", "Other")),
        _ => None,
    };
    let (class, symbol) = match category {
        [] => ("category-none", "–"),
        [one] => known(one).unwrap_or(("category-other", "Other")),
        _ => ("category-multi", "Multi"),
    };
    let label = if category.is_empty() {
        "Category: none stated".to_string()
    } else {
        format!("Category: {}", category.join(", "))
    };
    Badge {
        class,
        symbol,
        label,
    }
}

fn status_badge(status: Option<Status>) -> Badge {
    let (class, symbol, label) = match status {
        Some(Status::Complete) => ("status-complete", "✓", "Complete work"),
        Some(Status::InProgress) => ("status-wip", "…", "Work in progress"),
        None => ("status-unknown", "?", "Status not stated"),
    };
    Badge {
        class,
        symbol,
        label: label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_of_a_work() {
        let mut work = Work::new("a b", "Title");
        work.status = Some(Status::InProgress);
        work.chapters = vec![Chapter {
            number: 1,
            title: Some(" ".into()),
            words: 1200,
            notes: Notes::default(),
            sources: Vec::new(),
        }];
        work.tags = vec!["javascript:alert(1)".into()];
        work.warnings = vec!["No Archive Warnings Apply".into()];
        let view = WorkView::new(&work);
        assert_eq!(view.url, "/works/a%20b");
        assert_eq!(view.chapters_label, "1/?");
        assert_eq!(view.chapters[0].heading, "Chapter 1");
        assert_eq!(view.chapters[0].url, "/works/a%20b/chapters/1");
        assert_eq!(view.tags[0].url, "/works?tag=javascript%3Aalert%281%29");
        assert_eq!(view.warning_badge.class, "warning-none");
        assert_eq!(view.rating.class, "rating-notrated");
        assert!(view.suggested.is_none());
    }

    #[test]
    fn badges() {
        assert_eq!(warning_badge(&["Major Character Death".into()]).symbol, "!");
        assert_eq!(
            warning_badge(&["Creator Chose Not To Use Archive Warnings".into()]).symbol,
            "!?"
        );
        assert_eq!(category_badge(&["M/M".into()]).class, "category-mm");
        assert_eq!(
            category_badge(&["M/M".into(), "F/F".into()]).class,
            "category-multi"
        );
        assert_eq!(
            status_badge(Some(Status::Complete)).class,
            "status-complete"
        );
    }
}
