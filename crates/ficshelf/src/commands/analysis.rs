//! `ficshelf analyze`, `duplicates`, `merge` and `eval`, and the suggested
//! block of `show`.

use crate::output::Output;
use anyhow::{bail, Context};
use ficshelf_library::{DuplicateEvidence, Library};
use ficshelf_model::Suggested;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn analyze(library: &mut Library, ids: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let report = library.analyze(ids)?;
    let mut out = Output::new();
    if json {
        out.json(&report)?;
    } else {
        out.line(format!("Analysed {} works.", report.analyzed));
        if !report.failed.is_empty() {
            out.line(format!(
                "{} works kept their earlier suggestions (text analysis failed):",
                report.failed.len()
            ));
            for failure in &report.failed {
                out.line(format!("  work {}: {}", failure.id, failure.reason));
            }
        }
    }
    out.finish()?;
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn duplicates(library: &Library, json: bool) -> anyhow::Result<ExitCode> {
    let groups = library.duplicates()?;
    let mut out = Output::new();
    if json {
        out.json(&groups)?;
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
    out.line("Join a group with `ficshelf merge KEEP OTHER` (every chapter is kept; `undo` separates them).");
    out.finish()
}

/// How `merge` goes ahead.
pub struct MergeMode {
    /// Without asking.
    pub yes: bool,
    /// Only say what it would do.
    pub dry_run: bool,
}

pub fn merge(
    library: &mut Library,
    into: &str,
    from: &str,
    mode: MergeMode,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let context = || format!("cannot merge work {from} into work {into}");
    let plan = library.merge_plan(into, from).with_context(context)?;
    let mut said = vec![format!(
        "Joining work {from} {:?} ({} chapters) into work {into} {:?} ({} chapters): work {into} will have {} chapters, {}-{} from work {from}; work {from}'s files will update work {into}.",
        plan.from.title,
        plan.from.chapters,
        plan.into.title,
        plan.into.chapters,
        plan.chapters,
        plan.from_chapters.0,
        plan.from_chapters.1
    )];
    if !plan.repeats.is_empty() {
        let pairs: Vec<String> = plan
            .repeats
            .iter()
            .map(|(n, m)| format!("{n} repeats {m}"))
            .collect();
        said.push(format!(
            "Chapters with the same text are kept twice: chapter {}.",
            pairs.join(", ")
        ));
    }
    if mode.dry_run {
        let mut out = Output::new();
        for line in &said {
            out.line(line);
        }
        return out.finish();
    }
    if !mode.yes {
        eprintln!("{}", said.join("\n"));
        super::trash::confirm("Merge them?")?;
    }
    let report = library.merge(into, from).with_context(context)?;
    let operation = report.operation.unwrap_or_default();
    let mut out = Output::new();
    if json {
        let mut value = serde_json::to_value(library.work(into)?)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("operation".into(), operation.into());
            map.insert("repeats".into(), serde_json::to_value(&report.repeats)?);
        }
        out.json(&value)?;
    } else {
        for line in &said {
            out.line(line);
        }
        out.line(format!(
            "Merged (operation {operation}). To take them apart: `ficshelf undo {operation}`, or `ficshelf split {into} --chapters {}-{}`.",
            report.from_chapters.0, report.from_chapters.1
        ));
    }
    out.finish()
}

/// The labelled set's place inside a source tree.
const EVAL_SET: &str = "tests/fixtures/eval";

/// The evaluation set to use: `given`, else `tests/fixtures/eval` under the
/// current folder, else under the source tree the binary was built from
/// (so `ficshelf eval` works from any folder of a checkout, and from an
/// installed binary while its checkout exists); else an error asking for it.
pub fn eval_set(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(EVAL_SET);
    let candidates = [PathBuf::from(EVAL_SET), built_from];
    match candidates.iter().find(|dir| dir.is_dir()) {
        Some(dir) => Ok(dir.clone()),
        None => bail!(
            "no evaluation set found (looked for {} and {}): pass its folder, e.g. `ficshelf eval PATH/tests/fixtures/eval`",
            candidates[0].display(),
            candidates[1].display()
        ),
    }
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
