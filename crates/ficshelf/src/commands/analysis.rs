//! `ficshelf analyze`, `duplicates`, `merge` and `eval`, and the suggested
//! block of `show`.

use crate::output::Output;
use anyhow::Context;
use ficshelf_library::{DuplicateEvidence, Library};
use ficshelf_model::Suggested;
use std::path::Path;
use std::process::ExitCode;

pub fn analyze(library: &mut Library, ids: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let count = library.analyze(ids)?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::json!({ "analyzed": count }).to_string());
    } else {
        out.line(format!("Analysed {count} works."));
    }
    out.finish()
}

pub fn duplicates(library: &Library, json: bool) -> anyhow::Result<ExitCode> {
    let groups = library.duplicates()?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::to_string_pretty(&groups)?);
        return out.finish();
    }
    if groups.is_empty() {
        out.line("No near-duplicates found.");
        return out.finish();
    }
    for (i, group) in groups.iter().enumerate() {
        out.line(match group.by {
            DuplicateEvidence::Text => {
                format!("Group {} (similarity {:.2}):", i + 1, group.similarity)
            }
            DuplicateEvidence::Chapters => format!(
                "Group {} (same title, authors and chapter lengths; text similarity {:.2}):",
                i + 1,
                group.similarity
            ),
        });
        for work in &group.works {
            out.line(format!(
                "  {:>6}  {} — {} ({} words)",
                work.id,
                work.title,
                super::authors_line(&work.authors),
                work.words
            ));
        }
    }
    out.line("Join a group with `ficshelf merge KEEP OTHER`.");
    out.finish()
}

pub fn merge(
    library: &mut Library,
    into: &str,
    from: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let work = library
        .merge(into, from)
        .with_context(|| format!("cannot merge work {from} into work {into}"))?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::to_string_pretty(&work)?);
    } else {
        out.line(format!(
            "Merged work {from} into {into}: {} — {} chapters, {} sources.",
            work.title,
            work.chapters.len(),
            work.sources.len()
        ));
    }
    out.finish()
}

pub fn eval(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    use ficshelf_analyze::eval;
    let context = || format!("cannot evaluate with the set in {}", dir.display());
    let set = eval::load(dir).with_context(context)?;
    let report = eval::full_report(&set).with_context(context)?;
    let mut out = Output::new();
    if json {
        out.line(report.to_json());
    } else {
        out.text(report.to_string());
    }
    out.finish()
}

/// The `Suggested` block of `show`, apart from the stated fields.
pub(crate) fn print_suggested(s: &Suggested, out: &mut Output) {
    if s.is_empty() {
        return;
    }
    out.line("Suggested (from the text, not stated by the author):");
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.line(format!("  {label:<16}{value}"));
        }
    };
    line(
        "Rating:",
        s.rating
            .map(|r| r.display_name().to_string())
            .unwrap_or_default(),
    );
    line("Warnings:", s.warnings.join(", "));
    line("Fandoms:", s.fandoms.join(", "));
    line("Relationships:", s.relationships.join(", "));
    let characters = if s.character_mentions.is_empty() {
        s.characters.join(", ")
    } else {
        s.character_mentions
            .iter()
            .map(|m| format!("{} ({})", m.name, m.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    line("Characters:", characters);
    line("Language:", s.language.clone().unwrap_or_default());
    if let Some(stats) = s.stats {
        line(
            "Reading:",
            format!(
                "{} min, {}% dialogue",
                stats.reading_minutes,
                stats.dialogue_permille / 10
            ),
        );
    }
    let voices: Vec<String> = s
        .chapters
        .iter()
        .filter_map(|c| {
            c.point_of_view
                .as_ref()
                .map(|p| format!("{}: {p}", c.number))
        })
        .collect();
    line("Point of view:", voices.join("; "));
    for evidence in &s.evidence {
        out.line(format!(
            "  Evidence:       {} ×{} suggests {}",
            evidence.kind, evidence.count, evidence.suggests
        ));
        for example in &evidence.examples {
            out.line(format!("                  “{example}”"));
        }
    }
}
