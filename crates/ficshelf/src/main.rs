//! `ficshelf`: the command-line front of a Ficshelf library.
//!
//! A thin binary: argument parsing and output formatting live here; every use
//! case lives in `ficshelf-library` (shared with the web server).

mod allocator;
mod args;
mod commands;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    init_tracing(args.verbose);
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", output::escape_controls(&err.to_string()));
            for cause in err.chain().skip(1) {
                let cause = cause.to_string();
                eprintln!("  caused by: {}", output::escape_controls(&cause));
            }
            ExitCode::from(2)
        }
    }
}

fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FICSHELF_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
