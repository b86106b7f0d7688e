//! Plain text from the sanitised HTML of [`crate::Block::Html`].
//!
//! Written by hand instead of pulling an HTML parser into this IO-free crate:
//! the input is never arbitrary HTML but the sanitiser's well-formed output
//! (known tags, quoted attributes, escaped text), so stripping tags and
//! decoding entities is exact.

/// Block-level closing tags that end a line of text.
const BLOCK_ENDS: &[&str] = &[
    "p",
    "blockquote",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
];

/// The text of a sanitised HTML fragment: tags removed, entities decoded,
/// `<br>` as a line break, inner block elements separated by a blank line.
///
/// ```
/// use ficshelf_model::html_to_text;
/// assert_eq!(html_to_text("<p>She <em>knew</em> &amp; said so.</p>"), "She knew & said so.");
/// assert_eq!(html_to_text("<blockquote><p>One.</p><p>Two<br>lines.</p></blockquote>"), "One.\n\nTwo\nlines.");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    push_html_text(html, &mut out);
    out
}

/// Appends [`html_to_text`] of `html` to `out`.
pub(crate) fn push_html_text(html: &str, out: &mut String) {
    let mut raw = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&rest[..open], &mut raw);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim();
        let name = tag_name(tag);
        if name.eq_ignore_ascii_case("br") {
            raw.push('\n');
        } else if tag.starts_with('/') && BLOCK_ENDS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            raw.push_str("\n\n");
        } else if name.eq_ignore_ascii_case("li") {
            raw.push_str("• ");
        }
        rest = &rest[open + close + 1..];
    }
    push_decoded(rest, &mut raw);
    push_tidy_lines(&raw, out);
}

/// The element name a tag's inside starts with (after a `/`).
fn tag_name(tag: &str) -> &str {
    let name = tag.trim_start_matches('/');
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    &name[..end]
}

/// Appends `text` with every line trimmed, runs of blank lines as one
/// blank line, and no blank lines at either end.
fn push_tidy_lines(text: &str, out: &mut String) {
    let mut wrote = false;
    let mut blank = false;
    for line in text.split('\n').map(str::trim) {
        if line.is_empty() {
            blank = wrote;
            continue;
        }
        if wrote {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        wrote = true;
        blank = false;
    }
}

/// Appends `text` with its character references decoded.
fn push_decoded(text: &str, out: &mut String) {
    if text.contains('&') {
        out.push_str(&decode_entities(text));
    } else {
        out.push_str(text);
    }
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').filter(|i| *i <= 10) {
            Some(semi) => {
                let entity = &after[..semi];
                match decode_entity(entity) {
                    Some(c) => out.push(c),
                    None => {
                        out.push('&');
                        out.push_str(entity);
                        out.push(';');
                    }
                }
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(entity: &str) -> Option<char> {
    match entity {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = entity.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}
