//! `ficshelf import`.

use crate::output::Output;
use crate::progress::ImportProgress;
use anyhow::bail;
use ficshelf_ingest::inputs::read_extensions_list;
use ficshelf_library::{ImportReport, Library};
use std::path::PathBuf;
use std::process::ExitCode;

/// Imports `paths`. A path that does not exist is an error (exit 2) before
/// anything is read; files that cannot be read are skips (exit 1), and so is
/// finding no story file at all.
pub fn run(library: &mut Library, paths: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    for path in paths {
        if let Err(e) = std::fs::symlink_metadata(path) {
            if e.kind() == std::io::ErrorKind::NotFound {
                bail!("no such file or folder: {}", path.display());
            }
        }
    }
    crate::allocator::return_freed_memory_promptly();
    let progress = ImportProgress::new();
    let report = library.import(paths, &progress);
    progress.finish();
    let report = report?;
    let found_nothing =
        report.files_read == 0 && report.files_unchanged == 0 && report.skipped.is_empty();
    let mut out = Output::new();
    if json {
        out.json(&report)?;
    } else if found_nothing {
        let places: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        out.line(format!(
            "No story files found in {} (looked for {}{}).",
            places.join(", "),
            read_extensions_list(),
            ignored_note(report.files_ignored)
        ));
    } else {
        print_summary(&report, &mut out);
    }
    out.finish()?;
    Ok(
        if report.skipped.is_empty() && report.analysis_failed.is_empty() && !found_nothing {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

/// `count` and the noun, singular or plural: "1 file", "3 files".
fn counted(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn ignored_note(ignored: u64) -> String {
    if ignored == 0 {
        String::new()
    } else {
        format!("; {} of other kinds ignored", counted(ignored, "file"))
    }
}

fn print_summary(report: &ImportReport, out: &mut Output) {
    let mb = report.bytes_read as f64 / 1_048_576.0;
    out.line(format!(
        "Imported {} ({mb:.1} MB): {} created, {} updated, {}.",
        counted(report.files_read, "file"),
        counted(report.works_created, "work"),
        counted(report.works_updated, "work"),
        counted(report.chapters, "chapter"),
    ));
    if report.files_unchanged > 0 {
        out.line(format!(
            "{} unchanged since the last import.",
            counted(report.files_unchanged, "file")
        ));
    }
    if report.files_ignored > 0 {
        out.line(format!(
            "{} ignored (not {}).",
            counted(report.files_ignored, "file"),
            read_extensions_list()
        ));
    }
    if !report.skipped.is_empty() {
        let skipped = u64::try_from(report.skipped.len()).unwrap_or(u64::MAX);
        out.line(format!("{} skipped:", counted(skipped, "file")));
        for skip in &report.skipped {
            out.line(format!("  {}: {}", skip.path, skip.reason));
        }
    }
    if !report.analysis_failed.is_empty() {
        out.line(format!(
            "{} works saved without suggestions (text analysis failed):",
            report.analysis_failed.len()
        ));
        for failure in &report.analysis_failed {
            out.line(format!(
                "  {}: {}",
                failure.paths.join(", "),
                failure.reason
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "file"), "1 file");
        assert_eq!(counted(0, "work"), "0 works");
        assert_eq!(counted(12, "chapter"), "12 chapters");
    }
}
