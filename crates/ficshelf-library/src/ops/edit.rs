//! `edit`: the user's own title, rating, tags and chapter titles. They are
//! kept apart ([`UserEdits`]) as well as applied, so that a later import of
//! the work's files, which rebuilds its metadata from what the files state,
//! applies them again: the user's edit wins.

use super::change;
use crate::{Library, LibraryError};
use ficshelf_model::{Rating, Work};
use ficshelf_store::{ChapterKey, ChapterTitleEdit, OperationKind, TagEdit, UserEdits};

/// The tag kinds an edit can name (`kind:name`; a bare name is a freeform tag).
pub const TAG_KINDS: [&str; 7] = [
    "author",
    "fandom",
    "relationship",
    "character",
    "warning",
    "category",
    "tag",
];

/// A tag named in an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRef {
    /// One of [`TAG_KINDS`].
    pub kind: String,
    pub name: String,
}

impl TagRef {
    /// Reads `kind:name` (kinds as in [`TAG_KINDS`], `freeform` for `tag`),
    /// or a bare name as a freeform tag.
    pub fn parse(text: &str) -> Result<TagRef, LibraryError> {
        let bad = |reason: &str| LibraryError::BadEdit {
            reason: format!("tag {text:?}: {reason}"),
        };
        let (kind, name) = match text.split_once(':') {
            Some((kind, name)) if TAG_KINDS.contains(&kind.trim()) => (kind.trim(), name),
            Some((kind, name)) if kind.trim() == "freeform" => ("tag", name),
            _ => ("tag", text),
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(bad("the name is empty"));
        }
        Ok(TagRef {
            kind: kind.to_string(),
            name: name.to_string(),
        })
    }

    fn as_edit(&self) -> TagEdit {
        TagEdit {
            kind: self.kind.clone(),
            name: self.name.clone(),
        }
    }
}

/// What the user asks `edit` to change.
#[derive(Debug, Clone, Default)]
pub struct EditRequest {
    pub title: Option<String>,
    pub rating: Option<Rating>,
    pub add_tags: Vec<TagRef>,
    pub remove_tags: Vec<TagRef>,
    /// (chapter number, new title).
    pub chapter_titles: Vec<(u32, String)>,
}

impl Library {
    /// Applies the user's edit to work `id` as one operation; returns its id.
    pub fn edit(&mut self, id: &str, request: &EditRequest) -> Result<u64, LibraryError> {
        let state = self.state(id)?;
        let mut new = state.clone();
        let mut said = Vec::new();
        if let Some(title) = &request.title {
            let title = title.trim();
            if title.is_empty() {
                return Err(LibraryError::BadEdit {
                    reason: "the title is empty".into(),
                });
            }
            new.edits.title = Some(title.to_string());
            said.push(format!("title {title:?}"));
        }
        if let Some(rating) = request.rating {
            new.edits.rating = Some(rating);
            said.push(format!("rating {}", rating.as_str()));
        }
        for tag in &request.add_tags {
            let edit = tag.as_edit();
            new.edits.removed.retain(|t| !same_tag(t, &edit));
            if !new.edits.added.iter().any(|t| same_tag(t, &edit)) {
                new.edits.added.push(edit);
            }
            said.push(format!("+{}:{}", tag.kind, tag.name));
        }
        for tag in &request.remove_tags {
            let edit = tag.as_edit();
            new.edits.added.retain(|t| !same_tag(t, &edit));
            if !new.edits.removed.iter().any(|t| same_tag(t, &edit)) {
                new.edits.removed.push(edit);
            }
            said.push(format!("-{}:{}", tag.kind, tag.name));
        }
        for (number, title) in &request.chapter_titles {
            let Some(record) = number
                .checked_sub(1)
                .and_then(|i| new.chapters.get(i as usize))
            else {
                return Err(LibraryError::BadEdit {
                    reason: format!(
                        "work {id} has no chapter {number} (it has {})",
                        new.chapters.len()
                    ),
                });
            };
            let key = &record.key;
            new.edits
                .chapter_titles
                .retain(|c| !(c.source == key.source && c.index == key.index));
            new.edits.chapter_titles.push(ChapterTitleEdit {
                source: key.source.clone(),
                index: key.index,
                title: title.trim().to_string(),
            });
            said.push(format!("chapter {number} title"));
        }
        if said.is_empty() {
            return Err(LibraryError::BadEdit {
                reason: "nothing to change (give --title, --rating, --add-tag, --remove-tag or --chapter-title)".into(),
            });
        }
        let keys: Vec<ChapterKey> = new.chapters.iter().map(|c| c.key.clone()).collect();
        apply_edits(&mut new.work, &keys, &new.edits);
        let summary = format!("edited {id} {:?}: {}", state.work.title, said.join(", "));
        let changes = [change(Some(id), Some(&state), Some(new))];
        Ok(self
            .apply(OperationKind::Edit, &summary, None, &changes)?
            .operation)
    }

    /// What the user edited on work `id` (empty for none or an unknown id).
    pub fn edits(&self, id: &str) -> Result<UserEdits, LibraryError> {
        Ok(self
            .store
            .work_state(id)?
            .map(|s| s.edits)
            .unwrap_or_default())
    }
}

fn same_tag(a: &TagEdit, b: &TagEdit) -> bool {
    a.kind == b.kind && a.name.eq_ignore_ascii_case(&b.name)
}

/// The work's tags of a kind of [`TAG_KINDS`] (`author` names the
/// authors): what an edit of that kind adds to or removes from. Empty for
/// another kind.
pub fn tags_of_kind<'a>(work: &'a Work, kind: &str) -> &'a [String] {
    match kind {
        "author" => &work.authors,
        "fandom" => &work.fandoms,
        "relationship" => &work.relationships,
        "character" => &work.characters,
        "warning" => &work.warnings,
        "category" => &work.category,
        "tag" => &work.tags,
        _ => &[],
    }
}

/// The work's list for a tag kind of [`TAG_KINDS`].
fn list_mut<'a>(work: &'a mut Work, kind: &str) -> Option<&'a mut Vec<String>> {
    Some(match kind {
        "author" => &mut work.authors,
        "fandom" => &mut work.fandoms,
        "relationship" => &mut work.relationships,
        "character" => &mut work.characters,
        "warning" => &mut work.warnings,
        "category" => &mut work.category,
        "tag" => &mut work.tags,
        _ => return None,
    })
}

/// Applies the user's edits to `work` (whose chapters have `keys`): their
/// title, rating and tags win over what the files state.
pub(crate) fn apply_edits(work: &mut Work, keys: &[ChapterKey], edits: &UserEdits) {
    if let Some(title) = &edits.title {
        work.title.clone_from(title);
        work.title_inferred = false;
    }
    if let Some(rating) = edits.rating {
        work.rating = rating;
    }
    for tag in &edits.added {
        if let Some(list) = list_mut(work, &tag.kind) {
            if !list.iter().any(|t| t.eq_ignore_ascii_case(&tag.name)) {
                list.push(tag.name.clone());
            }
        }
    }
    for tag in &edits.removed {
        if let Some(list) = list_mut(work, &tag.kind) {
            list.retain(|t| !t.eq_ignore_ascii_case(&tag.name));
        }
    }
    for (chapter, key) in work.chapters.iter_mut().zip(keys) {
        if let Some(edit) = edits
            .chapter_titles
            .iter()
            .find(|c| c.source == key.source && c.index == key.index)
        {
            chapter.title = Some(edit.title.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_with_and_without_kind() {
        let t = TagRef::parse("fandom: The Glasshouse").expect("parse");
        assert_eq!(
            (t.kind.as_str(), t.name.as_str()),
            ("fandom", "The Glasshouse")
        );
        let t = TagRef::parse("Slow Burn").expect("parse");
        assert_eq!((t.kind.as_str(), t.name.as_str()), ("tag", "Slow Burn"));
        let t = TagRef::parse("freeform:Fluff").expect("parse");
        assert_eq!(t.kind, "tag");
        // A colon inside a freeform tag is part of its name.
        let t = TagRef::parse("Time: Loop").expect("parse");
        assert_eq!((t.kind.as_str(), t.name.as_str()), ("tag", "Time: Loop"));
        assert!(TagRef::parse("fandom:  ").is_err());
    }

    #[test]
    fn edits_win_over_stated_values() {
        let mut work = Work::new("1", "Stated");
        work.fandoms = vec!["Old Fandom".into()];
        work.tags = vec!["Angst".into()];
        work.chapters.push(ficshelf_model::Chapter {
            number: 1,
            title: Some("Stated chapter".into()),
            words: 1,
            notes: Default::default(),
            sources: vec!["/a.txt".into()],
        });
        let keys = [ChapterKey {
            source: "/a.txt".into(),
            index: 0,
            stated_number: None,
        }];
        let edits = UserEdits {
            title: Some("Mine".into()),
            rating: Some(Rating::Teen),
            added: vec![TagEdit {
                kind: "fandom".into(),
                name: "New Fandom".into(),
            }],
            removed: vec![TagEdit {
                kind: "tag".into(),
                name: "angst".into(),
            }],
            chapter_titles: vec![ChapterTitleEdit {
                source: "/a.txt".into(),
                index: 0,
                title: "My chapter".into(),
            }],
        };
        apply_edits(&mut work, &keys, &edits);
        assert_eq!(work.title, "Mine");
        assert_eq!(work.rating, Rating::Teen);
        assert_eq!(work.fandoms, vec!["Old Fandom", "New Fandom"]);
        assert!(work.tags.is_empty());
        assert_eq!(work.chapters[0].title.as_deref(), Some("My chapter"));
        assert_eq!(tags_of_kind(&work, "fandom"), ["Old Fandom", "New Fandom"]);
        assert!(tags_of_kind(&work, "colour").is_empty());
    }
}
