//! `history` and `undo`, and how operations are printed.

use crate::output::Output;
use anyhow::Context;
use ficshelf_library::{Library, Operation};
use std::process::ExitCode;

/// `2024-05-01 12:00` (UTC) for seconds since the Unix epoch.
pub(crate) fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| at.to_string())
}

fn status(op: &Operation) -> String {
    match (op.reversed_by, op.purged) {
        (Some(by), _) => format!("  [undone by {by}]"),
        (None, true) => "  [purged]".to_string(),
        (None, false) => String::new(),
    }
}

pub fn history(
    library: &Library,
    work: Option<&str>,
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut history = library.history(work)?;
    history.operations.truncate(limit);
    let mut out = Output::new();
    if json {
        out.json(&history.operations)?;
        return out.finish();
    }
    if history.operations.is_empty() {
        out.line("No operations recorded yet.");
        return out.finish();
    }
    for op in &history.operations {
        let works = match op.works.len() {
            0 => String::new(),
            1..=6 => format!(" (work {})", op.works.join(", ")),
            n => format!(" ({n} works)"),
        };
        out.line(format!(
            "{:>5}  {}  {:<8} {}{works}{}",
            op.id,
            when(op.at),
            op.kind.as_str(),
            op.summary,
            status(op)
        ));
    }
    out.finish()
}

pub fn undo(library: &mut Library, operation: Option<u64>, json: bool) -> anyhow::Result<ExitCode> {
    let report = library.undo(operation).context("cannot undo")?;
    let mut out = Output::new();
    if json {
        out.json(&report)?;
        return out.finish();
    }
    let mut line = format!(
        "Undid operation {} ({}: {}).",
        report.undone.id,
        report.undone.kind.as_str(),
        report.undone.summary
    );
    if !report.restored.is_empty() {
        line.push_str(&format!(
            " Back as before: work {}.",
            report.restored.join(", ")
        ));
    }
    if !report.removed.is_empty() {
        line.push_str(&format!(" Removed: work {}.", report.removed.join(", ")));
    }
    out.line(line);
    out.line(format!(
        "This was operation {}: `ficshelf undo {}` redoes it.",
        report.operation, report.operation
    ));
    out.finish()
}
