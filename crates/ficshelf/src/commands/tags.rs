//! `ficshelf tags`: canonical tags with their work counts and synonyms,
//! and on request the tags text analysis suggested where no file states
//! them.

use crate::output::Output;
use ficshelf_library::{Library, TagKind, SYNONYMS_FILE};
use ficshelf_model::Work;
use ficshelf_search::TagWrangler;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

/// Kinds text analysis suggests tags for.
const SUGGESTED_KINDS: [TagKind; 4] = [
    TagKind::Fandom,
    TagKind::Relationship,
    TagKind::Character,
    TagKind::Warning,
];

/// A tag analysis suggested for works that do not state it.
#[derive(Debug, Serialize)]
struct SuggestedCount {
    kind: TagKind,
    name: String,
    /// Works it is suggested for and that do not state it.
    works: u64,
    suggested: bool,
}

pub fn tags(
    library: &Library,
    kind: Option<TagKind>,
    include_suggested: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let stated = library.tags(kind)?;
    let suggested = if include_suggested {
        suggested_only(library, kind)?
    } else {
        Vec::new()
    };
    let mut out = Output::new();
    if json {
        if include_suggested {
            out.json(&serde_json::json!({ "stated": stated, "suggested": suggested }))?;
        } else {
            out.json(&stated)?;
        }
        return out.finish();
    }
    for tag in &stated {
        let synonyms = if tag.synonyms.is_empty() {
            String::new()
        } else {
            format!("  (also: {})", tag.synonyms.join(", "))
        };
        out.line(format!(
            "{:>6}  {:<13} {}{synonyms}",
            tag.works,
            tag.kind.as_str(),
            tag.name
        ));
    }
    for tag in &suggested {
        out.line(format!(
            "{:>6}  {:<13} {}  (suggested)",
            tag.works,
            tag.kind.as_str(),
            tag.name
        ));
    }
    if stated.is_empty() && suggested.is_empty() {
        let what = kind.map_or("tags".to_string(), |k| format!("{} tags", k.as_str()));
        out.line(format!("No stated {what} in this library."));
        let could_suggest = kind.is_none_or(|k| SUGGESTED_KINDS.contains(&k));
        if !include_suggested && could_suggest {
            let works = library
                .works()?
                .iter()
                .filter(|w| !suggested_tags(w, kind).is_empty())
                .count();
            if works > 0 {
                let kind_flag = kind.map_or(String::new(), |k| format!(" --kind {}", k.as_str()));
                out.line(format!(
                    "Text analysis suggested some for {works} {}: `ficshelf tags{kind_flag} --include-suggested` lists them.",
                    if works == 1 { "work" } else { "works" }
                ));
            }
        }
    }
    out.finish()
}

/// `(kind, tag)` pairs analysis suggested for `work`, of `kind` or any.
fn suggested_tags(work: &Work, kind: Option<TagKind>) -> Vec<(TagKind, &String)> {
    let s = &work.suggested;
    let lists = [
        (TagKind::Fandom, &s.fandoms),
        (TagKind::Relationship, &s.relationships),
        (TagKind::Character, &s.characters),
        (TagKind::Warning, &s.warnings),
    ];
    lists
        .into_iter()
        .filter(|(k, _)| kind.is_none_or(|wanted| wanted == *k))
        .flat_map(|(k, tags)| tags.iter().map(move |t| (k, t)))
        .collect()
}

fn stated_tags(work: &Work, kind: TagKind) -> &[String] {
    match kind {
        TagKind::Fandom => &work.fandoms,
        TagKind::Relationship => &work.relationships,
        TagKind::Character => &work.characters,
        TagKind::Warning => &work.warnings,
        TagKind::Tag => &work.tags,
        TagKind::Category => &work.category,
        TagKind::Language => &[],
    }
}

/// Suggested tags no file states for the work, wrangled as the index
/// wrangles them (the library's synonyms, the work's characters), counted
/// once per work; most works first, then by name.
fn suggested_only(library: &Library, kind: Option<TagKind>) -> anyhow::Result<Vec<SuggestedCount>> {
    let synonyms = library.root().join(SYNONYMS_FILE);
    let wrangler = if synonyms.exists() {
        TagWrangler::load(&synonyms)?
    } else {
        TagWrangler::new()
    };
    let mut counts: BTreeMap<(TagKind, String), (String, u64)> = BTreeMap::new();
    for work in library.works()? {
        let cast: Vec<String> = work
            .characters
            .iter()
            .chain(&work.suggested.characters)
            .cloned()
            .collect();
        let mut counted = BTreeSet::new();
        for (k, tag) in suggested_tags(&work, kind) {
            let key = wrangler.key(k, tag, &cast);
            let stated = stated_tags(&work, k)
                .iter()
                .any(|s| wrangler.key(k, s, &cast) == key);
            if stated || !counted.insert((k, key.clone())) {
                continue;
            }
            let entry = counts
                .entry((k, key))
                .or_insert_with(|| (wrangler.canonical(k, tag, &cast), 0));
            entry.1 += 1;
        }
    }
    let mut list: Vec<SuggestedCount> = counts
        .into_iter()
        .map(|((kind, _), (name, works))| SuggestedCount {
            kind,
            name,
            works,
            suggested: true,
        })
        .collect();
    list.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.works.cmp(&a.works))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(list)
}
