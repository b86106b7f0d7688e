//! `ficshelf user …` through the binary: passwords from standard input,
//! listing without hashes, rating limits, admin flags, removal, errors.

use crate::common::{ficshelf, succeed_text};
use std::path::Path;

/// Runs `ficshelf user ARGS` with `stdin`, returning (success, stdout, stderr).
fn user(library: &Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    let out = ficshelf(library)
        .arg("user")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn listed(library: &Path) -> serde_json::Value {
    let text = succeed_text(ficshelf(library).args(["user", "list", "--json"]));
    serde_json::from_str(&text).expect("json")
}

#[test]
fn user_add_list_set_and_remove() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let (ok, out, err) = user(
        &lib,
        &["add", "Mara", "--admin", "--password-stdin"],
        "lighthouse keeper\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("administrator Mara"), "{out}");
    let (ok, _, err) = user(
        &lib,
        &["add", "wren", "--max-rating", "teen", "--password-stdin"],
        "tide pools at dusk\r\n",
    );
    assert!(ok, "{err}");

    let list = listed(&lib);
    assert_eq!(list[0]["name"], "Mara");
    assert_eq!(list[0]["admin"], true);
    assert_eq!(list[0]["max_rating"], serde_json::Value::Null);
    assert_eq!(list[1]["name"], "wren");
    assert_eq!(list[1]["max_rating"], "teen");
    let text = serde_json::to_string(&list).expect("json");
    assert!(!text.contains("argon2"), "no hashes listed: {text}");

    let table = succeed_text(ficshelf(&lib).args(["user", "list"]));
    assert!(table.contains("wren") && table.contains("teen"), "{table}");

    let (ok, out, err) = user(
        &lib,
        &["set", "WREN", "--max-rating", "none", "--admin", "true"],
        "",
    );
    assert!(ok, "{err}");
    assert!(out.contains("wren is now an administrator"), "{out}");
    let list = listed(&lib);
    assert_eq!(list[1]["max_rating"], serde_json::Value::Null);
    assert_eq!(list[1]["admin"], true);

    let (ok, out, err) = user(&lib, &["remove", "wren"], "");
    assert!(ok, "{err}");
    assert!(out.contains("Removed wren"), "{out}");
    assert_eq!(listed(&lib).as_array().map(Vec::len), Some(1));
}

#[test]
fn user_passwords_are_checked_and_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let (ok, _, err) = user(&lib, &["add", "ana", "--password-stdin"], "short\n");
    assert!(!ok);
    assert!(err.contains("at least 8 characters"), "{err}");
    assert_eq!(listed(&lib).as_array().map(Vec::len), Some(0));

    let (ok, _, err) = user(
        &lib,
        &["add", "ana", "--password-stdin"],
        "first password\n",
    );
    assert!(ok, "{err}");
    let (ok, out, err) = user(
        &lib,
        &["passwd", "ANA", "--password-stdin"],
        "second password\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("every session signed out"), "{out}");
    let (ok, _, err) = user(
        &lib,
        &["passwd", "nobody", "--password-stdin"],
        "third password\n",
    );
    assert!(!ok);
    assert!(err.contains("no user named \"nobody\""), "{err}");
    let (ok, out, err) = user(&lib, &["signout-all", "ana"], "");
    assert!(ok, "{err}");
    assert!(out.contains("0 sessions ended"), "{out}");
}

#[test]
fn user_errors_are_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    user(
        &lib,
        &["add", "ana", "--password-stdin"],
        "first password\n",
    );
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["add", "ANA", "--password-stdin"],
            "other password\n",
            "already exists",
        ),
        (
            &["add", "a b", "--password-stdin"],
            "other password\n",
            "invalid user name",
        ),
        // No terminal to prompt on, and no --password-stdin.
        (&["add", "bo"], "", "--password-stdin"),
        (&["set", "ana"], "", "nothing to set"),
        (&["remove", "bo"], "", "no user named \"bo\""),
    ];
    for (args, stdin, expected) in cases {
        let (ok, _, err) = user(&lib, args, stdin);
        assert!(!ok, "{args:?}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let (ok, _, err) = user(&lib, &["set", "ana", "--max-rating", "spicy"], "");
    assert!(!ok && err.contains("unknown rating"), "{err}");
    assert_eq!(listed(&lib).as_array().map(Vec::len), Some(1));
}

/// `ficshelf serve --addr ADDR [extra]` on `lib`; returns its stderr
/// (the command must fail: each case ends before serving).
fn serve_error(lib: &Path, addr: &str, extra: &[&str]) -> String {
    let out = ficshelf(lib)
        .args(["serve", "--addr", addr])
        .args(extra)
        .output()
        .expect("runs");
    assert!(!out.status.success(), "serve {addr} {extra:?} should stop");
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

#[test]
fn serve_refuses_other_machines_with_no_accounts_unless_public_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    // A port taken on every address: a serve that gets past the check
    // stops at binding it, so no case here keeps running.
    let taken = std::net::TcpListener::bind("0.0.0.0:0").expect("bind");
    let addr = format!("0.0.0.0:{}", taken.local_addr().expect("address").port());
    let refused = serve_error(&lib, &addr, &[]);
    assert_eq!(refused.lines().count(), 1, "{refused}");
    assert!(
        refused.starts_with(&format!(
            "error: refusing to serve on {addr} with no accounts"
        )),
        "{refused}"
    );
    assert!(refused.contains("--public-read"), "{refused}");
    let public = serve_error(&lib, &addr, &["--public-read"]);
    assert!(public.contains("already in use"), "{public}");
    let (ok, _, err) = user(
        &lib,
        &["add", "Mara", "--password-stdin"],
        "lighthouse keeper\n",
    );
    assert!(ok, "{err}");
    let with_account = serve_error(&lib, &addr, &[]);
    assert!(with_account.contains("already in use"), "{with_account}");
}

#[test]
fn serve_says_a_library_with_accounts_is_private() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let (ok, _, err) = user(
        &lib,
        &["add", "Mara", "--password-stdin"],
        "lighthouse keeper\n",
    );
    assert!(ok, "{err}");
    let mut child = ficshelf_command(&lib)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let first = lines.next().expect("a line").expect("text");
    let second = lines.next().expect("a second line").expect("text");
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert!(first.starts_with("Serving 0 works from "), "{first}");
    assert_eq!(second, "Private: readers sign in (1 account).");
}

/// `ficshelf --library LIB` as a process to spawn (not run to the end).
fn ficshelf_command(library: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ficshelf"));
    command
        .arg("--library")
        .arg(library)
        .env_remove("FICSHELF_LIBRARY");
    command
}
