//! Bounding nesting before the HTML parser sees a document: html5ever
//! checks element scopes by walking its stack of open elements, so 100,000
//! nested `div`s would take minutes. Tags opened below [`MAX_OPEN`] levels
//! (and their end tags) are dropped; the text inside stays.

use std::borrow::Cow;

/// Deepest nesting passed to the parser.
pub(crate) const MAX_OPEN: usize = 512;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// `html` with tags deeper than [`MAX_OPEN`] removed (borrowed when none are).
pub(crate) fn flatten_deep(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut pos = 0usize;
    let bytes = html.as_bytes();
    while let Some(offset) = html[pos..].find('<') {
        let start = pos + offset;
        let Some(len) = html[start..].find('>') else {
            break;
        };
        let end = start + len + 1;
        let tag = &html[start + 1..end - 1];
        pos = end;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !bytes[start + 1].is_ascii_alphabetic() && !closing {
            continue;
        }
        let deep = if closing {
            let deep = depth > MAX_OPEN;
            depth = depth.saturating_sub(1);
            deep
        } else if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            false
        } else {
            depth += 1;
            depth > MAX_OPEN
        };
        if deep {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..start]);
            copied = end;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_deep_tags() {
        assert_eq!(flatten_deep("<p>a<br/>b</p>"), "<p>a<br/>b</p>");
        let deep = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
        let flat = flatten_deep(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_OPEN);
        assert_eq!(flat.matches("</div>").count(), MAX_OPEN);
    }
}
