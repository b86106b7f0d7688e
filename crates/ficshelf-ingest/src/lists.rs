//! Splitting header values into lists, and small text helpers.

/// Splits a list value on any of `seps` (each a string such as `","`,
/// `" & "`), trimming items and dropping empty ones and exact repeats.
pub(crate) fn split_list(value: &str, seps: &[&str]) -> Vec<String> {
    let mut parts = vec![strip_final_period(value).to_string()];
    for sep in seps {
        parts = parts
            .iter()
            .flat_map(|p| split_ci(p, sep))
            .collect::<Vec<String>>();
    }
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let item = part.trim().to_string();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Drops a sentence's final period, but not an initial's (`Hermione G.`).
fn strip_final_period(value: &str) -> &str {
    let value = value.trim();
    match value.strip_suffix('.') {
        Some(rest) if !rest.ends_with('.') => {
            let last_word = rest.rsplit([' ', ',']).next().unwrap_or(rest);
            if last_word.chars().count() > 1 {
                rest
            } else {
                value
            }
        }
        _ => value,
    }
}

/// Splits on `sep`, matching ASCII letters case-insensitively (for `" and "`).
fn split_ci(text: &str, sep: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(pos) = lower[start..].find(sep) {
        out.push(text[start..start + pos].to_string());
        start += pos + sep.len();
    }
    out.push(text[start..].to_string());
    out
}

/// Appends items of `more` to `list`, skipping ones already present
/// (compared case-insensitively).
pub(crate) fn extend_unique(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for item in more {
        if !list.iter().any(|x| x.eq_ignore_ascii_case(&item)) {
            list.push(item);
        }
    }
}

/// Joins non-empty note texts with a blank line.
pub(crate) fn join_notes(parts: impl IntoIterator<Item = String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

/// Collapses runs of white space into one space and trims.
pub(crate) fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lists() {
        assert_eq!(
            split_list("Harry, Ron & Hermione and Neville.", &[",", " & ", " and "]),
            ["Harry", "Ron", "Hermione", "Neville"]
        );
        assert_eq!(split_list(" , a ,, a ", &[","]), ["a"]);
        assert_eq!(split_list("Sand AND Sea", &[" and "]), ["Sand", "Sea"]);
    }
}
