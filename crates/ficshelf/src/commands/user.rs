//! `ficshelf user …`: readers' accounts, managed from the command line.
//!
//! Passwords never come from the command line (it shows in process lists
//! and shell history): they are typed at a hidden prompt, twice, or read
//! as one line from standard input with `--password-stdin`.

use crate::args::UserCommand;
use crate::output::Output;
use anyhow::{bail, Context};
use ficshelf_library::readers::{Readers, User};
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, command: UserCommand) -> anyhow::Result<ExitCode> {
    let mut readers =
        Readers::open(dir).with_context(|| format!("cannot open library {}", dir.display()))?;
    let mut out = Output::new();
    match command {
        UserCommand::Add {
            name,
            admin,
            max_rating,
            password_stdin,
        } => {
            let password = read_password(password_stdin, &format!("Password for {name}: "))?;
            let user = readers.add_user(&name, &password, admin, max_rating.0)?;
            out.line(format!("Added {}{}.", describe(&user), limit_text(&user)));
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let user = readers.user_named(&name)?;
            let prompt = format!("New password for {}: ", user.name);
            let password = read_password(password_stdin, &prompt)?;
            readers.set_password(&name, &password)?;
            out.line(format!(
                "Password of {} changed; every session signed out.",
                user.name
            ));
        }
        UserCommand::List { json } => {
            let users = readers.users()?;
            if json {
                let list: Vec<serde_json::Value> = users.iter().map(user_json).collect();
                out.json(&list)?;
            } else if users.is_empty() {
                out.line("No accounts: the server is open to anyone on this machine.");
                out.line("Add one with `ficshelf user add NAME --admin`.");
            } else {
                let width = users.iter().map(|u| u.name.chars().count()).max();
                let width = width.unwrap_or(4).max(4);
                out.line(format!("{:<width$}  {:<5}  MAX RATING", "NAME", "ADMIN"));
                for user in &users {
                    let rating = user.max_rating.map_or("-", |r| r.as_str());
                    let admin = if user.admin { "yes" } else { "no" };
                    out.line(format!("{:<width$}  {admin:<5}  {rating}", user.name));
                }
            }
        }
        UserCommand::Remove { name } => {
            let user = readers.user_named(&name)?;
            readers.remove_user(&name)?;
            out.line(format!(
                "Removed {} and everything they kept (bookmarks, history, sessions).",
                user.name
            ));
        }
        UserCommand::Set {
            name,
            max_rating,
            admin,
        } => {
            if max_rating.is_none() && admin.is_none() {
                bail!("nothing to set: give --max-rating RATING|none and/or --admin true|false");
            }
            let mut user = readers.user_named(&name)?;
            if let Some(limit) = max_rating {
                user = readers.set_max_rating(&name, limit.0)?;
            }
            if let Some(admin) = admin {
                user = readers.set_admin(&name, admin)?;
            }
            out.line(format!(
                "{} is now {}{}.",
                user.name,
                role(&user),
                limit_text(&user)
            ));
        }
        UserCommand::SignoutAll { name } => {
            let user = readers.user_named(&name)?;
            let ended = readers.sign_out_everywhere(user.id)?;
            let plural = if ended == 1 { "" } else { "s" };
            out.line(format!(
                "Signed {} out: {ended} session{plural} ended.",
                user.name
            ));
        }
    }
    out.finish()
}

fn role(user: &User) -> &'static str {
    if user.admin {
        "an administrator"
    } else {
        "a reader"
    }
}

/// "reader mara" or "administrator mara".
fn describe(user: &User) -> String {
    let role = if user.admin {
        "administrator"
    } else {
        "reader"
    };
    format!("{role} {}", user.name)
}

fn limit_text(user: &User) -> String {
    match user.max_rating {
        Some(rating) => format!(", seeing works rated {} and below", rating.display_name()),
        None => String::new(),
    }
}

/// What `user list --json` shows of an account: never its password hash.
fn user_json(user: &User) -> serde_json::Value {
    serde_json::json!({
        "id": user.id.0,
        "name": user.name,
        "admin": user.admin,
        "max_rating": user.max_rating.map(|r| r.as_str()),
        "adult_consent": user.preferences.adult_consent,
        "hide_read": user.preferences.hide_read,
        "created_at": user.created_at,
    })
}

/// The new password: one line of standard input with `--password-stdin`,
/// else typed twice at a hidden prompt on the terminal (refused when
/// standard input is not one, so a script never waits on a prompt).
fn read_password(from_stdin: bool, prompt: &str) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        return Ok(password.to_string());
    }
    if !std::io::stdin().is_terminal() {
        bail!("standard input is not a terminal to type a password on: use --password-stdin");
    }
    let first = rpassword::prompt_password(prompt)
        .context("cannot prompt for a password (no terminal?): use --password-stdin")?;
    let again = rpassword::prompt_password("Again: ")
        .context("cannot prompt for a password (no terminal?): use --password-stdin")?;
    if first != again {
        bail!("the two passwords differ; nothing changed");
    }
    Ok(first)
}
