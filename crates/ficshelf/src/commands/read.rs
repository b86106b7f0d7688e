//! `ficshelf works`, `show` and `chapter`.

use crate::output::Output;
use anyhow::bail;
use ficshelf_library::{Library, UserEdits};
use ficshelf_model::Work;
use std::process::ExitCode;

pub fn works(library: &Library, json: bool) -> anyhow::Result<ExitCode> {
    let works = library.works()?;
    let mut out = Output::new();
    if json {
        out.json(&works)?;
        return out.finish();
    }
    if works.is_empty() {
        out.line("The library is empty: add stories with `ficshelf import PATH`.");
        return out.finish();
    }
    let id_width = works.iter().map(|w| w.id.len()).max().unwrap_or(2).max(2);
    println!(
        "{:>id_width$}  {:<9}  {:>7}  {:>4}  TITLE — AUTHORS",
        "ID", "RATING", "WORDS", "CH"
    );
    for w in &works {
        let authors = super::authors_line(&w.authors);
        out.line(format!(
            "{:>id_width$}  {:<9}  {:>7}  {:>4}  {} — {}",
            w.id,
            w.rating.as_str(),
            w.words,
            w.chapters.len(),
            w.title,
            authors
        ));
    }
    out.finish()
}

pub fn show(library: &Library, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let Some(work) = library.work(id)? else {
        bail!("no work with id {id:?} (see `ficshelf works`)");
    };
    let edits = library.edits(id)?;
    let mut out = Output::new();
    if json {
        let mut value = serde_json::to_value(&work)?;
        // `user_edits` is there only when the user edited the work, so the
        // JSON of an unedited work is what its files state.
        if let Some(map) = value.as_object_mut().filter(|_| !edits.is_empty()) {
            map.insert("user_edits".into(), serde_json::to_value(&edits)?);
        }
        out.json(&value)?;
    } else {
        print_work(&work, &mut out);
        print_edits(&edits, &mut out);
    }
    out.finish()
}

/// Which fields the user set by hand (they win over what files state).
fn print_edits(edits: &UserEdits, out: &mut Output) {
    if edits.is_empty() {
        return;
    }
    let mut fields = Vec::new();
    if edits.title.is_some() {
        fields.push("title".to_string());
    }
    if edits.rating.is_some() {
        fields.push("rating".to_string());
    }
    fields.extend(
        edits
            .added
            .iter()
            .map(|t| format!("+{}:{}", t.kind, t.name)),
    );
    fields.extend(
        edits
            .removed
            .iter()
            .map(|t| format!("-{}:{}", t.kind, t.name)),
    );
    if !edits.chapter_titles.is_empty() {
        fields.push(format!("{} chapter titles", edits.chapter_titles.len()));
    }
    out.line(format!(
        "Edited by you: {} (kept over what a re-import states; `ficshelf history --work ID`)",
        fields.join(", ")
    ));
}

fn print_work(w: &Work, out: &mut Output) {
    let mut line = |label: &str, value: &str| {
        if !value.is_empty() {
            out.line(format!("{label:<14}{value}"));
        }
    };
    let list = |items: &[String]| items.join(", ");
    line("Title:", &w.title);
    line("Authors:", &list(&w.authors));
    let rating = match &w.rating_original {
        Some(original) => format!("{} (stated as {original:?})", w.rating.display_name()),
        None => w.rating.display_name().to_string(),
    };
    line("Rating:", &rating);
    line("Warnings:", &list(&w.warnings));
    line("Category:", &list(&w.category));
    line("Fandoms:", &list(&w.fandoms));
    line("Relationships:", &list(&w.relationships));
    line("Characters:", &list(&w.characters));
    line("Tags:", &list(&w.tags));
    line("Language:", w.language.as_deref().unwrap_or(""));
    line("Status:", w.status.map(|s| s.as_str()).unwrap_or(""));
    line("Published:", w.published.as_deref().unwrap_or(""));
    line("Updated:", w.updated.as_deref().unwrap_or(""));
    line("Words:", &w.words.to_string());
    line("Summary:", w.summary.as_deref().unwrap_or(""));
    line("Disclaimer:", w.disclaimer.as_deref().unwrap_or(""));
    line("Notes:", w.notes.begin.as_deref().unwrap_or(""));
    for field in &w.fields {
        line(&format!("{}:", field.label), &field.value);
    }
    out.line("Chapters:");
    for c in &w.chapters {
        let title = c.title.as_deref().unwrap_or("");
        out.line(format!("  {:>3}. {title} ({} words)", c.number, c.words));
    }
    out.line("Sources:");
    for s in &w.sources {
        out.line(format!("  {s}"));
    }
    super::analysis::print_suggested(&w.suggested, out);
}

pub fn chapter(library: &Library, id: &str, number: u32, html: bool) -> anyhow::Result<ExitCode> {
    let Some(work) = library.work(id)? else {
        bail!("no work with id {id:?} (see `ficshelf works`)");
    };
    let Some((_, body)) = library.chapter(id, number)? else {
        bail!(
            "work {id} has no chapter {number} (it has {})",
            work.chapters.len()
        );
    };
    let mut out = Output::new();
    out.text(if html { body.to_html() } else { body.to_text() });
    out.finish()
}
