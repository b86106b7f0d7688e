//! `delete`, `trash`, `restore` (works or a backup), `purge` and `backup`.

use super::journal::when;
use crate::output::Output;
use anyhow::{bail, Context};
use ficshelf_library::Library;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn delete(library: &mut Library, ids: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let operation = library.delete(ids).context("cannot delete")?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::json!({ "operation": operation, "deleted": ids }).to_string());
    } else {
        out.line(format!(
            "Moved work {} to the trash (operation {operation}). `ficshelf restore {}` or `ficshelf undo {operation}` brings it back.",
            ids.join(", "),
            ids.join(" ")
        ));
    }
    out.finish()
}

pub fn trash(library: &Library, json: bool) -> anyhow::Result<ExitCode> {
    let entries = library.trash()?;
    let mut out = Output::new();
    if json {
        out.json(&entries)?;
        return out.finish();
    }
    if entries.is_empty() {
        out.line("The trash is empty.");
        return out.finish();
    }
    for entry in &entries {
        out.line(format!(
            "{:>5}  deleted {}  {} — {} ({} words, {} chapters)",
            entry.work.id,
            when(entry.deleted_at),
            entry.work.title,
            super::authors_line(&entry.work.authors),
            entry.work.words,
            entry.work.chapters
        ));
    }
    out.line("`ficshelf restore ID` brings a work back; `ficshelf purge --older-than 30d` empties the trash for good.");
    out.finish()
}

pub fn restore(library: &mut Library, targets: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let is_id = |t: &String| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mut out = Output::new();
    if targets.iter().all(is_id) {
        let report = library.restore(targets).context("cannot restore")?;
        if json {
            out.json(&report)?;
        } else {
            out.line(format!(
                "Restored work {} from the trash (operation {}; `ficshelf undo {}` puts it back in the trash).",
                report.works.join(", "),
                report.operation,
                report.operation
            ));
        }
        return out.finish();
    }
    let [file] = targets else {
        bail!("restore takes work ids, or one backup file");
    };
    let kept = library
        .restore_backup(Path::new(file))
        .with_context(|| format!("cannot restore the backup {file}"))?;
    if json {
        out.line(serde_json::json!({ "restored": file, "replaced_kept_at": kept }).to_string());
    } else {
        out.line(format!(
            "Restored the library from {file} and rebuilt the search index. The record it replaced is kept at {}; `ficshelf restore {}` brings it back.",
            kept.display(),
            kept.display()
        ));
    }
    out.finish()
}

pub fn purge(
    library: &mut Library,
    older_than: u64,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let due: Vec<String> = library
        .trashed_before(older_than)?
        .into_iter()
        .map(|e| format!("{} {:?}", e.work.id, e.work.title))
        .collect();
    let mut out = Output::new();
    if due.is_empty() {
        if json {
            out.line(serde_json::json!({ "works": [] }).to_string());
        } else {
            out.line("Nothing in the trash is that old.");
        }
        return out.finish();
    }
    if !yes {
        confirm(&format!(
            "Purge for good (this cannot be undone): {}?",
            due.join(", ")
        ))?;
    }
    let purged = library.purge(older_than)?;
    if json {
        out.json(&purged)?;
    } else {
        out.line(format!(
            "Purged work {} for good ({} texts and {} images no longer kept).",
            purged.works.join(", "),
            purged.report.texts_deleted,
            purged.report.assets_deleted
        ));
    }
    out.finish()
}

pub fn backup(library: &Library, file: &Path) -> anyhow::Result<ExitCode> {
    library
        .backup(file)
        .with_context(|| format!("cannot write the backup {}", file.display()))?;
    let mut out = Output::new();
    out.line(format!(
        "Wrote a copy of the library's record to {} (`ficshelf restore {}` puts it back).",
        file.display(),
        file.display()
    ));
    out.finish()
}

/// Asks `question` on the terminal; an answer other than yes, or no
/// terminal to ask on, stops the command.
pub(crate) fn confirm(question: &str) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!("{question} Not asked (no terminal): add --yes to go ahead");
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        bail!("stopped: nothing was changed");
    }
}
