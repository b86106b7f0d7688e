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
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "br" {
            out.push('\n');
        } else if tag.starts_with('/') && BLOCK_ENDS.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else if name == "li" {
            out.push_str("• ");
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode_entities(rest));
    let lines: Vec<&str> = out.split('\n').map(str::trim).collect();
    let mut text = lines.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim().to_string()
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
