//! `ficshelf import`.

use crate::progress::ImportProgress;
use ficshelf_library::{ImportReport, Library};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(library: &mut Library, paths: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let progress = ImportProgress::new();
    let report = library.import(paths, &progress);
    progress.finish();
    let report = report?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_summary(&report);
    }
    Ok(if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(report: &ImportReport) {
    let mb = report.bytes_read as f64 / 1_048_576.0;
    println!(
        "Imported {} files ({mb:.1} MB): {} works created, {} works updated, {} chapters.",
        report.files_read, report.works_created, report.works_updated, report.chapters
    );
    if report.files_unchanged > 0 {
        println!(
            "{} files unchanged since the last import.",
            report.files_unchanged
        );
    }
    if report.files_ignored > 0 {
        println!("{} files ignored (not .txt or .zip).", report.files_ignored);
    }
    if !report.skipped.is_empty() {
        println!("{} files skipped:", report.skipped.len());
        for skip in &report.skipped {
            println!("  {}: {}", skip.path, skip.reason);
        }
    }
}
