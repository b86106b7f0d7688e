//! `ficshelf import`.

use crate::output::Output;
use crate::progress::ImportProgress;
use ficshelf_library::{ImportReport, Library};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(library: &mut Library, paths: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let progress = ImportProgress::new();
    let report = library.import(paths, &progress);
    progress.finish();
    let report = report?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::to_string_pretty(&report)?);
    } else {
        print_summary(&report, &mut out);
    }
    out.finish()?;
    Ok(
        if report.skipped.is_empty() && report.analysis_failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}

fn print_summary(report: &ImportReport, out: &mut Output) {
    let mb = report.bytes_read as f64 / 1_048_576.0;
    out.line(format!(
        "Imported {} files ({mb:.1} MB): {} works created, {} works updated, {} chapters.",
        report.files_read, report.works_created, report.works_updated, report.chapters
    ));
    if report.files_unchanged > 0 {
        out.line(format!(
            "{} files unchanged since the last import.",
            report.files_unchanged
        ));
    }
    if report.files_ignored > 0 {
        out.line(format!(
            "{} files ignored (not .txt or .zip).",
            report.files_ignored
        ));
    }
    if !report.skipped.is_empty() {
        out.line(format!("{} files skipped:", report.skipped.len()));
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
