//! Command-line arguments.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Ficshelf: a self-hosted fan-fiction archive.
#[derive(Debug, Parser)]
#[command(name = "ficshelf", version, about)]
pub struct Cli {
    /// The library folder (default: $FICSHELF_LIBRARY, else the platform data directory).
    #[arg(long, global = true, env = "FICSHELF_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,
    /// More logging on stderr (-v info, -vv debug); FICSHELF_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import files, folders (recursively) and .zip archives of fan fiction.
    Import {
        /// Files, folders or zip archives.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print the import report as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Skip text analysis (faster; run `ficshelf analyze` later).
        #[arg(long)]
        no_analysis: bool,
    },
    /// List the works in the library.
    Works {
        /// Print a JSON array of works.
        #[arg(long)]
        json: bool,
    },
    /// Show one work's metadata.
    Show {
        /// The work's id (see `ficshelf works`).
        id: String,
        /// Print the work as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a chapter's story text.
    Chapter {
        /// The work's id.
        id: String,
        /// The chapter number, from 1.
        number: u32,
        /// Print the stored HTML instead of plain text.
        #[arg(long)]
        html: bool,
    },
    /// Export works as EPUB, HTML, plain text or JSON.
    Export {
        /// The works' ids (see `ficshelf works`).
        #[arg(required = true, value_name = "WORK_ID")]
        ids: Vec<String>,
        /// epub, html, txt or json.
        #[arg(long, value_name = "FORMAT", default_value = "epub", value_parser = parse_format)]
        format: ficshelf_export::Format,
        /// Output file (one work), folder (several), or `-` for stdout.
        /// Default: `<title-slug>-<id>.<ext>` in the current folder.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Search works: free text over story text, titles, summaries, notes and
    /// tags, plus filters such as `rating:teen,general -warning:"Major
    /// Character Death" fandom:"Sherlock (TV)" words:>5000 sort:updated`.
    /// An empty query lists every work.
    Search {
        /// The query (quote it for the shell; it may start with `-`).
        #[arg(default_value = "", allow_hyphen_values = true)]
        query: String,
        /// Print `{"total", "hits", "facets"}` as JSON (errors as `{"error": …}`).
        #[arg(long)]
        json: bool,
        /// Page of results, from 1.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
        page: u64,
        /// Works per page, from 1.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        per_page: u64,
        /// Let plain tag filters match suggested tags too (as `character~:` does).
        #[arg(long)]
        include_suggested: bool,
    },
    /// Rebuild the search index from the library's records.
    Reindex,
    /// Run text analysis again (characters, pairings, point of view, rating
    /// and warning suggestions, language) over some works, or all.
    Analyze {
        /// Work ids; none means every work.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Print `{"analyzed": N}`.
        #[arg(long)]
        json: bool,
    },
    /// List groups of works that look like the same story saved twice.
    Duplicates {
        /// Print the groups as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Join work OTHER into work KEEP: every chapter of both (KEEP's, then
    /// OTHER's; chapters that repeat one another are named) and every
    /// source; OTHER's files update KEEP from then on. Says what it will do
    /// and asks first (--yes to skip); `undo` or `split` takes them apart.
    Merge {
        /// The work that stays.
        keep: String,
        /// The work joined into it.
        other: String,
        /// Merge without asking.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Only say what the merge would do.
        #[arg(long)]
        dry_run: bool,
        /// Print the merged work as JSON (with the operation's id).
        #[arg(long)]
        json: bool,
    },
    /// List the operations that changed the library, newest first.
    History {
        /// Only operations that touched this work.
        #[arg(long, value_name = "ID")]
        work: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Undo an operation (the latest by default): the works it touched go
    /// back to exactly what they were. Refused when a later operation
    /// depends on it; undoing an undo redoes.
    Undo {
        /// The operation's number (see `ficshelf history`).
        operation: Option<u64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move works to the trash (out of listings and search; `restore` or
    /// `undo` brings them back).
    Delete {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the works in the trash.
    Trash {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Bring works back from the trash (IDs), or replace the whole record
    /// with a backup made by `ficshelf backup` (one FILE; the replaced
    /// record is kept beside the database).
    Restore {
        #[arg(required = true, value_name = "ID|FILE")]
        targets: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove for good the works deleted longer ago than AGE (e.g. 30d, 12h,
    /// 0s), with their texts. This cannot be undone; asks first.
    Purge {
        /// How long a work stays in the trash: a number with s, m, h, d or w.
        #[arg(long, value_name = "AGE", value_parser = parse_age)]
        older_than: u64,
        /// Purge without asking.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a work's title, rating, tags or chapter titles. Your edits win
    /// over what a later import of its files states (`show` lists them).
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// general, teen, mature, explicit or not_rated.
        #[arg(long, value_parser = parse_rating)]
        rating: Option<ficshelf_model::Rating>,
        /// KIND:NAME (kinds: author, fandom, relationship, character,
        /// warning, category, tag) or a bare freeform tag; repeatable.
        #[arg(long, value_name = "TAG")]
        add_tag: Vec<String>,
        /// Like --add-tag; the tag stays off even if a file states it.
        #[arg(long, value_name = "TAG")]
        remove_tag: Vec<String>,
        /// N=TITLE; repeatable.
        #[arg(long, value_name = "N=TITLE")]
        chapter_title: Vec<String>,
        /// Print the edited work as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move chapters of a work into a work of their own (a merged work's
    /// chapters become that work again).
    Split {
        id: String,
        /// Chapter numbers and ranges, e.g. 3-5 or 1,4-6.
        #[arg(long, value_name = "LIST")]
        chapters: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the library's integrity (records, texts, images, journal,
    /// search index); exit 1 with one line per problem.
    Check {
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the library's record to a new FILE (the
    /// library may be in use meanwhile).
    Backup { file: PathBuf },
    /// Score the analysis against a labelled evaluation set (precision,
    /// recall, F1 per task).
    Eval {
        /// The set's folder (default: `tests/fixtures/eval` of the current
        /// folder, else of the source tree this binary was built from).
        dir: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List canonical tags with their work counts and synonyms.
    Tags {
        /// Only this kind: fandom, relationship, character, tag, warning, category or language.
        #[arg(long, value_name = "KIND", value_parser = parse_tag_kind)]
        kind: Option<ficshelf_library::TagKind>,
        /// Also list the fandoms, relationships, characters and warnings
        /// text analysis suggested where no file states them.
        #[arg(long)]
        include_suggested: bool,
        /// Print JSON (with --include-suggested: `{"stated": […], "suggested": […]}`).
        #[arg(long)]
        json: bool,
    },
    /// Serve the library in the browser.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Port to listen on (replaces the port of --addr).
        #[arg(long, value_name = "PORT")]
        port: Option<u16>,
        /// Import these paths before serving.
        #[arg(long = "import", value_name = "PATH")]
        import: Vec<PathBuf>,
        /// Hide works rated above this (general, teen, mature, explicit).
        #[arg(long, value_name = "RATING", value_parser = parse_rating)]
        max_rating: Option<ficshelf_model::Rating>,
        /// Serve on an address other machines can reach with no accounts:
        /// anyone who reaches it reads the whole library.
        #[arg(long)]
        public_read: bool,
    },
    /// Manage readers' accounts (with none, `serve` is open to anyone on
    /// this machine).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

/// `ficshelf user …`. Passwords are typed at a hidden prompt, or read as
/// one line from standard input with `--password-stdin`; never arguments.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add {
        /// Letters, digits, `_`, `-` and `.`; unique whatever the case.
        name: String,
        /// May manage the library and the accounts.
        #[arg(long)]
        admin: bool,
        /// Hide works rated above this from the reader (general, teen, mature, explicit, none).
        #[arg(long, value_name = "RATING", value_parser = parse_rating_limit, default_value = "none")]
        max_rating: RatingLimit,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change an account's password (signs it out everywhere).
    Passwd {
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List {
        /// Print a JSON array (without password hashes).
        #[arg(long)]
        json: bool,
    },
    /// Delete an account and everything it kept.
    Remove { name: String },
    /// Change an account's rating limit or administrator flag.
    Set {
        name: String,
        /// The highest rating shown (general, teen, mature, explicit), or `none`.
        #[arg(long, value_name = "RATING", value_parser = parse_rating_limit)]
        max_rating: Option<RatingLimit>,
        /// true or false.
        #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
        admin: Option<bool>,
    },
    /// End every browser session of the account.
    SignoutAll { name: String },
}

/// A reader's rating limit: a rating, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingLimit(pub Option<ficshelf_model::Rating>);

fn parse_rating_limit(text: &str) -> Result<RatingLimit, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(RatingLimit(None));
    }
    parse_rating(text).map(|rating| RatingLimit(Some(rating)))
}

/// An age such as `30d`: a whole number with `s`, `m`, `h`, `d` or `w`
/// (seconds when bare), in seconds. Five units need no parsing crate.
fn parse_age(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => {
            return Err(format!(
                "unknown unit in {text:?}: use s, m, h, d or w (e.g. 30d)"
            ))
        }
    };
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not an age such as 30d"))?;
    number
        .checked_mul(scale)
        .ok_or_else(|| format!("{text:?} is too long"))
}

fn parse_format(text: &str) -> Result<ficshelf_export::Format, String> {
    text.parse()
        .map_err(|e: ficshelf_export::ExportError| e.to_string())
}

fn parse_tag_kind(text: &str) -> Result<ficshelf_library::TagKind, String> {
    use ficshelf_library::TagKind;
    if let Some(kind) = TagKind::from_name(&text.to_lowercase()) {
        return Ok(kind);
    }
    let names: Vec<&str> = TagKind::ALL.iter().map(|k| k.as_str()).collect();
    let (last, rest) = names.split_last().unwrap_or((&"", &[]));
    let mut message = format!(
        "unknown tag kind {text:?}: use {} or {last}",
        rest.join(", ")
    );
    if text.eq_ignore_ascii_case("author") || text.eq_ignore_ascii_case("authors") {
        message.push_str(
            " (authors are not tags: `ficshelf search author:NAME` lists an author's works)",
        );
    }
    Err(message)
}

fn parse_rating(text: &str) -> Result<ficshelf_model::Rating, String> {
    ficshelf_model::Rating::from_machine_name(text)
        .or_else(|| ficshelf_model::Rating::from_label(text))
        .ok_or_else(|| format!("unknown rating {text:?}: use general, teen, mature or explicit"))
}

#[cfg(test)]
mod tests {
    use super::parse_age;

    #[test]
    fn ages_read_in_seconds() {
        assert_eq!(parse_age("30d"), Ok(30 * 86_400));
        assert_eq!(parse_age("0s"), Ok(0));
        assert_eq!(parse_age("90"), Ok(90));
        assert_eq!(parse_age("2w"), Ok(1_209_600));
        assert!(parse_age("3 days").is_err());
        assert!(parse_age("d").is_err());
    }
}
