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
    /// Serve the library in the browser.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Import these paths before serving.
        #[arg(long = "import", value_name = "PATH")]
        import: Vec<PathBuf>,
        /// Hide works rated above this (general, teen, mature, explicit).
        #[arg(long, value_name = "RATING", value_parser = parse_rating)]
        max_rating: Option<ficshelf_model::Rating>,
    },
}

fn parse_rating(text: &str) -> Result<ficshelf_model::Rating, String> {
    ficshelf_model::Rating::from_machine_name(text)
        .or_else(|| ficshelf_model::Rating::from_label(text))
        .ok_or_else(|| format!("unknown rating {text:?}: use general, teen, mature or explicit"))
}
