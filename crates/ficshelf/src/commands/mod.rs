//! One module per subcommand; [`run`] dispatches.

mod analysis;
mod edit;
mod export;
mod import;
mod journal;
mod read;
mod search;
mod serve;
mod tags;
mod trash;
mod user;

use crate::args::{Cli, Command};
use anyhow::Context;
use ficshelf_library::Library;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command; `Ok` carries the exit code for outcomes that are not
/// errors but still not success (files skipped during import).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let dir = library_dir(cli.library)?;
    match cli.command {
        Command::Import {
            paths,
            json,
            no_analysis,
        } => {
            let mut library = open(&dir)?;
            library.set_analyze_on_import(!no_analysis);
            import::run(&mut library, &paths, json)
        }
        Command::Works { json } => read::works(&open(&dir)?, json),
        Command::Show { id, json } => read::show(&open(&dir)?, &id, json),
        Command::Chapter { id, number, html } => read::chapter(&open(&dir)?, &id, number, html),
        Command::Export {
            ids,
            format,
            output,
        } => export::run(&open(&dir)?, &ids, format, output.as_deref()),
        Command::Search {
            query,
            json,
            page,
            per_page,
            include_suggested,
        } => search::search(
            &open(&dir)?,
            &query,
            json,
            search::Page { page, per_page },
            include_suggested,
        ),
        Command::Reindex => search::reindex(&mut open(&dir)?),
        Command::Analyze { ids, json } => analysis::analyze(&mut open(&dir)?, &ids, json),
        Command::Duplicates { json } => analysis::duplicates(&open(&dir)?, json),
        Command::Merge {
            keep,
            other,
            yes,
            dry_run,
            json,
        } => analysis::merge(
            &mut open(&dir)?,
            &keep,
            &other,
            analysis::MergeMode { yes, dry_run },
            json,
        ),
        Command::History { work, limit, json } => {
            journal::history(&open(&dir)?, work.as_deref(), limit, json)
        }
        Command::Eval { dir: set, json } => analysis::eval(&analysis::eval_set(set)?, json),
        Command::Tags {
            kind,
            include_suggested,
            json,
        } => tags::tags(&open(&dir)?, kind, include_suggested, json),
        Command::Undo { operation, json } => journal::undo(&mut open(&dir)?, operation, json),
        Command::Delete { ids, json } => trash::delete(&mut open(&dir)?, &ids, json),
        Command::Trash { json } => trash::trash(&open(&dir)?, json),
        Command::Restore { targets, json } => trash::restore(&mut open(&dir)?, &targets, json),
        Command::Purge {
            older_than,
            yes,
            json,
        } => trash::purge(&mut open(&dir)?, older_than, yes, json),
        Command::Edit {
            id,
            title,
            rating,
            add_tag,
            remove_tag,
            chapter_title,
            json,
        } => {
            let args = edit::EditArgs {
                title,
                rating,
                add_tag,
                remove_tag,
                chapter_title,
            };
            edit::edit(&mut open(&dir)?, &id, args, json)
        }
        Command::Split { id, chapters, json } => {
            edit::split(&mut open(&dir)?, &id, &chapters, json)
        }
        Command::Check { json } => edit::check(&dir, json),
        Command::Backup { file } => trash::backup(&open(&dir)?, &file),
        Command::Serve {
            mut addr,
            port,
            import,
            max_rating,
            public_read,
        } => {
            if let Some(port) = port {
                addr.set_port(port);
            }
            let accounts = serve::check_exposure(&dir, addr, public_read)?;
            serve::run(open(&dir)?, addr, &import, max_rating, accounts)
        }
        Command::User { command } => user::run(&dir, command),
    }
}

fn open(dir: &std::path::Path) -> anyhow::Result<Library> {
    Library::open(dir).with_context(|| format!("cannot open library {}", dir.display()))
}

fn library_dir(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    let data = dirs::data_dir().context(
        "no library folder: pass --library DIR or set FICSHELF_LIBRARY (no platform data directory found)",
    )?;
    Ok(data.join("ficshelf"))
}

/// Authors for display: joined with commas, "Anonymous" when none is stated.
pub(crate) fn authors_line(authors: &[String]) -> String {
    if authors.is_empty() {
        "Anonymous".to_string()
    } else {
        authors.join(", ")
    }
}
