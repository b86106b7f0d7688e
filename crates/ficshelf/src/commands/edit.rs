//! `edit`, `split` and `check`.

use crate::output::Output;
use anyhow::{bail, Context};
use ficshelf_library::{parse_chapters, EditRequest, Library, TagRef};
use std::path::Path;
use std::process::ExitCode;

/// What `edit` was given on the command line.
pub struct EditArgs {
    pub title: Option<String>,
    pub rating: Option<ficshelf_model::Rating>,
    pub add_tag: Vec<String>,
    pub remove_tag: Vec<String>,
    pub chapter_title: Vec<String>,
}

pub fn edit(
    library: &mut Library,
    id: &str,
    args: EditArgs,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let tags = |list: &[String]| -> anyhow::Result<Vec<TagRef>> {
        list.iter().map(|t| Ok(TagRef::parse(t)?)).collect()
    };
    let mut chapter_titles = Vec::new();
    for given in &args.chapter_title {
        let Some((number, title)) = given.split_once('=') else {
            bail!("--chapter-title {given:?}: write N=TITLE, e.g. 2=\"The Crossing\"");
        };
        let number: u32 = number.trim().parse().with_context(|| {
            format!("--chapter-title {given:?}: {number:?} is not a chapter number")
        })?;
        chapter_titles.push((number, title.to_string()));
    }
    let request = EditRequest {
        title: args.title,
        rating: args.rating,
        add_tags: tags(&args.add_tag)?,
        remove_tags: tags(&args.remove_tag)?,
        chapter_titles,
    };
    let operation = library
        .edit(id, &request)
        .with_context(|| format!("cannot edit work {id}"))?;
    let mut out = Output::new();
    if json {
        let work = library.work(id)?;
        let mut value = serde_json::to_value(&work)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("operation".into(), operation.into());
            map.insert(
                "user_edits".into(),
                serde_json::to_value(library.edits(id)?)?,
            );
        }
        out.json(&value)?;
    } else {
        out.line(format!(
            "Edited work {id} (operation {operation}; `ficshelf undo {operation}` reverts it). Your edits win over later imports of its files."
        ));
    }
    out.finish()
}

pub fn split(
    library: &mut Library,
    id: &str,
    chapters: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let numbers = parse_chapters(chapters)?;
    let report = library
        .split(id, &numbers)
        .with_context(|| format!("cannot split work {id}"))?;
    let mut out = Output::new();
    if json {
        out.json(&report)?;
    } else {
        let what = if report.unmerged {
            format!(
                "work {} is back as it was before the merge",
                report.new_work
            )
        } else {
            format!("they are work {} now", report.new_work)
        };
        out.line(format!(
            "Moved {} chapters out of work {id}: {what} (operation {}; `ficshelf undo {}` joins them again).",
            report.chapters, report.operation, report.operation
        ));
    }
    out.finish()
}

pub fn check(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let problems = ficshelf_library::check(dir)
        .with_context(|| format!("cannot check library {}", dir.display()))?;
    let mut out = Output::new();
    if json {
        out.json(&problems)?;
    } else if problems.is_empty() {
        out.line("No problems found.");
    }
    if !json {
        for problem in &problems {
            out.line(problem.to_string());
        }
    }
    let code = out.finish()?;
    Ok(if problems.is_empty() {
        code
    } else {
        ExitCode::from(1)
    })
}
