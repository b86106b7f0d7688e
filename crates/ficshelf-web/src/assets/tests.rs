//! Checks on the embedded assets: names, and colour contrast of every theme.

use super::{find, script, stylesheet, STYLESHEET};

#[test]
fn names_carry_the_content_hash() {
    let css = stylesheet();
    assert!(css.name.starts_with("ficshelf-") && css.name.ends_with(".css"));
    assert!(script().name.ends_with(".js"));
    assert!(find(&css.name).is_some());
    assert!(find("ficshelf.css").is_none());
}

/// Relative luminance of `#rrggbb`, as WCAG 2 defines it.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let value = u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour");
        let c = f64::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The `--name: #hex` variables of the block after `/* theme: NAME`.
fn theme(name: &str) -> Vec<(String, String)> {
    let marker = format!("/* theme: {name}");
    let start = STYLESHEET.find(&marker).expect("theme marker");
    let block = &STYLESHEET[start..];
    let open = block.find('{').expect("block");
    let block = &block[open..];
    // The auto-dark theme nests one block inside a media query.
    let inner = &block[1..];
    let body = match (inner.find('{'), inner.find('}')) {
        (Some(o), Some(c)) if o < c => &inner[o..],
        _ => block,
    };
    let body = &body[..body.find('}').expect("block end")];
    body.split(';')
        .filter_map(|decl| decl.trim().split_once(':'))
        .filter(|(k, v)| k.trim().starts_with("--") && v.trim().starts_with('#'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn var<'a>(vars: &'a [(String, String)], name: &str) -> &'a str {
    vars.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("missing {name}"))
}

#[test]
fn every_theme_meets_aa_contrast() {
    let pairs = [
        ("--fg", "--bg"),
        ("--muted", "--bg"),
        ("--link", "--bg"),
        ("--fg", "--surface"),
        ("--muted", "--surface"),
        ("--link", "--surface"),
        ("--fg", "--gate"),
        ("--muted", "--gate"),
        ("--accent-fg", "--accent"),
    ];
    for name in ["light", "dark", "sepia", "auto-dark"] {
        let vars = theme(name);
        for (fg, bg) in pairs {
            let ratio = contrast(var(&vars, fg), var(&vars, bg));
            assert!(ratio >= 4.5, "{name}: {fg} on {bg} is {ratio:.2}:1");
        }
        // The muted colour is also used for control borders (3:1 for UI).
        let ratio = contrast(var(&vars, "--muted"), var(&vars, "--bg"));
        assert!(ratio >= 3.0, "{name}: control border {ratio:.2}:1");
    }
    assert_eq!(
        theme("dark"),
        theme("auto-dark"),
        "auto-dark must repeat dark"
    );
}

#[test]
fn badges_meet_aa_contrast_with_white_text() {
    let mut checked = 0;
    for line in STYLESHEET.lines() {
        let line = line.trim();
        let is_badge = ["rating-", "warning-", "category-", "status-"]
            .iter()
            .any(|prefix| line.starts_with(&format!(".{prefix}")));
        if !is_badge {
            continue;
        }
        let colour = line
            .split("background:")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .expect("badge background")
            .trim();
        let ratio = contrast("#ffffff", colour);
        assert!(ratio >= 4.5, "{line}: {ratio:.2}:1");
        checked += 1;
    }
    assert!(checked >= 18, "found {checked} badge colours");
}
