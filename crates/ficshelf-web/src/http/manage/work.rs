//! One work's management page, `GET /works/{id}/manage`, and its forms,
//! `POST /works/{id}/manage` with `action` =
//! - `edit`: title, rating, a tag to add (kind and name), tags to remove
//!   (`remove` = `kind:name`, any number), chapter titles
//!   (`chapter_title_N`); only fields that differ from the work as it is
//!   become part of the edit, the same operation as `ficshelf edit`;
//! - `delete`: to the trash (`ficshelf delete`);
//! - `merge`: work `from` joins this one (`ficshelf merge`): first a page
//!   saying what the merge will do (the library's merge plan), then, with
//!   `confirm=yes`, the merge;
//! - `split`: `chapters` (`3-5`, `1,4-6`) leave for a work of their own
//!   (`ficshelf split`).
//!
//! Each success leads to a page naming the operation, with its undo.

use super::{act_then, admin_access, field, fields, refusal, Frame};
use crate::http::auth::CurrentReader;
use crate::http::respond::{query_pairs, render, PageError};
use crate::manage::ManageError;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use ficshelf_library::{
    parse_chapters, tags_of_kind, EditRequest, Library, LibraryError, TagRef, TAG_KINDS,
};
use ficshelf_model::{Rating, Work};
use serde::Serialize;

#[derive(Serialize)]
struct ChapterRow {
    number: u32,
    title: String,
}

#[derive(Serialize)]
struct TagGroup {
    kind: &'static str,
    label: &'static str,
    names: Vec<String>,
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct WorkPage {
    #[serde(flatten)]
    frame: Frame,
    id: String,
    title: String,
    authors: Vec<String>,
    rating: &'static str,
    words: u64,
    chapters: Vec<ChapterRow>,
    tags: Vec<TagGroup>,
    ratings: Vec<Choice>,
    kinds: Vec<Choice>,
    /// The operation just done here, offered for undo.
    done: Option<u64>,
}

/// How the page names a tag kind of [`TAG_KINDS`].
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "author" => "Authors",
        "fandom" => "Fandoms",
        "relationship" => "Relationships",
        "character" => "Characters",
        "warning" => "Warnings",
        "category" => "Categories",
        _ => "Additional tags",
    }
}

/// `GET /works/{id}/manage`.
pub(in crate::http) async fn page(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let back = format!("/works/{id}");
    let wanted = id.clone();
    let work = match manager.write(move |library| library.work(&wanted)).await {
        Ok(Some(work)) => work,
        Ok(None) => return Err(PageError::NotFound),
        Err(error) => return refusal(&state, csrf, error, &back),
    };
    let done = field(&query_pairs(query.as_deref()), "done").and_then(|v| v.parse().ok());
    let context = WorkPage {
        frame: Frame::new(&state, csrf, "work"),
        id: work.id.clone(),
        title: work.title.clone(),
        authors: work.authors.clone(),
        rating: work.rating.as_str(),
        words: work.words,
        chapters: work
            .chapters
            .iter()
            .map(|c| ChapterRow {
                number: c.number,
                title: c.title.clone().unwrap_or_default(),
            })
            .collect(),
        tags: TAG_KINDS
            .iter()
            .map(|kind| TagGroup {
                kind,
                label: kind_label(kind),
                names: tags_of_kind(&work, kind).to_vec(),
            })
            .collect(),
        ratings: Rating::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.as_str(),
                label: r.display_name(),
            })
            .collect(),
        kinds: TAG_KINDS
            .iter()
            .map(|kind| Choice {
                value: kind,
                label: kind_label(kind),
            })
            .collect(),
        done,
    };
    render(&state, "manage_work", context)
}

/// What a form on the page asked for.
enum Action {
    Edit(Vec<(String, String)>),
    Delete,
    Merge(String),
    Split(String),
}

/// Where the browser goes after an action: the page of the work it left.
enum Done {
    Work(String, u64),
    Trash(u64),
}

/// `POST /works/{id}/manage`.
pub(in crate::http) async fn change(
    State(state): State<AppState>,
    reader: CurrentReader,
    Path(id): Path<String>,
    body: String,
) -> Result<Response, PageError> {
    let (csrf, manager) = admin_access(&state, &reader)?;
    let pairs = crate::urlencode::parse_pairs(&body);
    let back = format!("/works/{id}/manage");
    let action = match field(&pairs, "action") {
        Some("edit") => Action::Edit(pairs.clone()),
        Some("delete") => Action::Delete,
        Some("merge") => {
            let from = field(&pairs, "from").unwrap_or_default().trim().to_string();
            if field(&pairs, "confirm") != Some("yes") {
                return merge_plan(&state, (csrf, manager), id, from).await;
            }
            Action::Merge(from)
        }
        Some("split") => Action::Split(field(&pairs, "chapters").unwrap_or_default().into()),
        _ => {
            let error = ManageError::Refused("This form does not do that.".into());
            return refusal(&state, csrf, error, &back);
        }
    };
    let target = id.clone();
    act_then(
        &state,
        (csrf, manager),
        &back,
        move |library| act(library, &target, action),
        |done| match done {
            Done::Work(work, op) => {
                let work = crate::urlencode::encode(&work);
                format!("/works/{work}/manage?done={op}")
            }
            Done::Trash(op) => format!("/admin/trash?done={op}"),
        },
    )
    .await
}

#[derive(Serialize)]
struct MergePage {
    #[serde(flatten)]
    frame: Frame,
    plan: ficshelf_library::MergeReport,
}

/// The page saying what merging work `from` into `into` will do (as
/// `ficshelf merge` says before it asks), with the button that does it.
async fn merge_plan(
    state: &AppState,
    (csrf, manager): (String, std::sync::Arc<crate::manage::Manager>),
    into: String,
    from: String,
) -> Result<Response, PageError> {
    let back = format!("/works/{into}/manage");
    let planned = manager
        .write(move |library| {
            if from.is_empty() {
                return Err(no_merge_source());
            }
            library.merge_plan(&into, &from)
        })
        .await;
    match planned {
        Ok(plan) => {
            let frame = Frame::new(state, csrf, "work");
            render(state, "manage_merge", MergePage { frame, plan })
        }
        Err(error) => refusal(state, csrf, error, &back),
    }
}

fn no_merge_source() -> LibraryError {
    LibraryError::BadEdit {
        reason: "Give the id of the work to merge into this one.".into(),
    }
}

/// Runs `action` on work `id` through the library's operations.
fn act(library: &mut Library, id: &str, action: Action) -> Result<Done, LibraryError> {
    match action {
        Action::Edit(pairs) => {
            let work = library
                .work(id)?
                .ok_or_else(|| LibraryError::UnknownWork { id: id.into() })?;
            let request = edit_request(&work, &pairs)?;
            Ok(Done::Work(id.into(), library.edit(id, &request)?))
        }
        Action::Delete => Ok(Done::Trash(library.delete(&[id.to_string()])?)),
        Action::Merge(from) => {
            if from.is_empty() {
                return Err(no_merge_source());
            }
            let report = library.merge(id, &from)?;
            Ok(Done::Work(id.into(), report.operation.unwrap_or_default()))
        }
        Action::Split(chapters) => {
            let report = library.split(id, &parse_chapters(&chapters)?)?;
            Ok(Done::Work(report.new_work, report.operation))
        }
    }
}

/// The edit the form asks for: the fields that differ from `work`.
fn edit_request(work: &Work, pairs: &[(String, String)]) -> Result<EditRequest, LibraryError> {
    let bad = |reason: String| LibraryError::BadEdit { reason };
    let mut request = EditRequest::default();
    if let Some(title) = field(pairs, "title") {
        if title.trim() != work.title {
            request.title = Some(title.to_string());
        }
    }
    if let Some(value) = field(pairs, "rating") {
        let rating = Rating::from_machine_name(value)
            .ok_or_else(|| bad(format!("“{value}” is not a rating.")))?;
        if rating != work.rating {
            request.rating = Some(rating);
        }
    }
    let new_tag = field(pairs, "add_name").unwrap_or_default().trim();
    if !new_tag.is_empty() {
        let kind = field(pairs, "add_kind").unwrap_or("tag");
        if !TAG_KINDS.contains(&kind) {
            return Err(bad(format!("“{kind}” is not a kind of tag.")));
        }
        request.add_tags.push(TagRef {
            kind: kind.to_string(),
            name: new_tag.to_string(),
        });
    }
    for given in fields(pairs, "remove") {
        // Written by the page as `kind:name`, kinds as in TAG_KINDS.
        request.remove_tags.push(TagRef::parse(given)?);
    }
    for chapter in &work.chapters {
        let key = format!("chapter_title_{}", chapter.number);
        let Some(title) = field(pairs, &key) else {
            continue;
        };
        let title = title.trim();
        if title != chapter.title.as_deref().unwrap_or_default() && !title.is_empty() {
            request
                .chapter_titles
                .push((chapter.number, title.to_string()));
        }
    }
    let nothing = request.title.is_none()
        && request.rating.is_none()
        && request.add_tags.is_empty()
        && request.remove_tags.is_empty()
        && request.chapter_titles.is_empty();
    if nothing {
        return Err(bad("Nothing was changed.".into()));
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_changed_fields_are_edited() {
        let mut work = Work::new("7", "The Lantern Path");
        work.rating = Rating::Teen;
        work.tags = vec!["Fluff".into()];
        work.chapters.push(ficshelf_model::Chapter {
            number: 1,
            title: Some("Dusk".into()),
            words: 3,
            notes: Default::default(),
            sources: Vec::new(),
        });
        let form = pairs(&[
            ("title", "The Lantern Path"),
            ("rating", "mature"),
            ("add_kind", "fandom"),
            ("add_name", " Lighthouse Keepers "),
            ("remove", "tag:Fluff"),
            ("chapter_title_1", "Dusk"),
        ]);
        let request = edit_request(&work, &form).expect("request");
        assert_eq!(request.title, None);
        assert_eq!(request.rating, Some(Rating::Mature));
        assert_eq!(request.add_tags[0].kind, "fandom");
        assert_eq!(request.add_tags[0].name, "Lighthouse Keepers");
        assert_eq!(request.remove_tags[0].name, "Fluff");
        assert!(request.chapter_titles.is_empty());

        let same = pairs(&[("title", "The Lantern Path"), ("rating", "teen")]);
        assert!(edit_request(&work, &same).is_err(), "nothing to change");
        let bad_kind = pairs(&[("add_kind", "colour"), ("add_name", "Blue")]);
        assert!(edit_request(&work, &bad_kind).is_err());
    }
}
