//! Well-formed XHTML from user text and from the sanitised HTML of
//! [`Block::Html`].
//!
//! Stored HTML blocks passed the importer's allowlist, but they are HTML,
//! not XML: void elements are written `<br>`, named entities such as
//! `&nbsp;` appear, and `<strike>` is not HTML5. [`html_to_xhtml`] rewrites
//! such a fragment with its own small allowlist, so the output is well-formed
//! XML whatever it is given: unknown elements are dropped (their text kept),
//! attributes other than `a@href`/`a@rel` and `img@src`/`img@alt` are
//! dropped, images are kept only when `src` is a path under `images/` or a
//! raster `data:` URI (exports point image sources there first), named and numeric
//! entities become the characters they stand for (XML knows none of HTML's
//! names), and unbalanced tags are closed or ignored.

use ficshelf_model::{Block, ChapterBody};

/// Elements kept, with the name written out (`strike` becomes `s`).
const KEPT: &[(&str, &str)] = &[
    ("p", "p"),
    ("em", "em"),
    ("i", "i"),
    ("strong", "strong"),
    ("b", "b"),
    ("u", "u"),
    ("s", "s"),
    ("strike", "s"),
    ("del", "del"),
    ("blockquote", "blockquote"),
    ("ul", "ul"),
    ("ol", "ol"),
    ("li", "li"),
    ("h1", "h1"),
    ("h2", "h2"),
    ("h3", "h3"),
    ("h4", "h4"),
    ("h5", "h5"),
    ("h6", "h6"),
    ("a", "a"),
    ("sup", "sup"),
    ("sub", "sub"),
    ("span", "span"),
];

/// Void elements kept, written self-closed.
const VOID: &[&str] = &["br", "hr"];

/// Named entities decoded; anything else with `&` is written as `&amp;`.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("copy", '©'),
    ("shy", '\u{ad}'),
    ("middot", '·'),
    ("bull", '•'),
    ("eacute", 'é'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
];

/// Appends `text` escaped for XML text and attribute values (`& < > " '`),
/// dropping characters XML 1.0 does not allow.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped for XML, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out);
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// Appends a chapter's story text as XHTML: `<p>` per paragraph (inner line
/// breaks as `<br/>`), `<hr class="scene-break"/>` per scene break, HTML
/// blocks through [`html_to_xhtml`].
pub fn body_into(body: &ChapterBody, out: &mut String) {
    for block in &body.blocks {
        match block {
            Block::Paragraph(p) => {
                out.push_str("<p>");
                for (i, line) in p.split('\n').enumerate() {
                    if i > 0 {
                        out.push_str("<br/>");
                    }
                    escape_into(line, out);
                }
                out.push_str("</p>\n");
            }
            Block::SceneBreak => out.push_str("<hr class=\"scene-break\"/>\n"),
            Block::Html(html) => {
                html_to_xhtml(html, out);
                out.push('\n');
            }
        }
    }
}

/// Appends user text that may hold several paragraphs (a summary, notes) as
/// `<p>` elements, one per blank-line-separated block, inner line breaks as
/// `<br/>`.
pub fn paragraphs_into(text: &str, out: &mut String) {
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (i, line) in para.lines().enumerate() {
            if i > 0 {
                out.push_str("<br/>");
            }
            escape_into(line.trim_end(), out);
        }
        out.push_str("</p>\n");
    }
}

/// Rewrites an HTML fragment as well-formed XHTML (see the module docs).
///
/// ```
/// let mut out = String::new();
/// ficshelf_export::html_to_xhtml("<p>A&nbsp;b<br>c <strike>d</strike> &bogus;</p>", &mut out);
/// assert_eq!(out, "<p>A\u{a0}b<br/>c <s>d</s> &amp;bogus;</p>");
/// ```
pub fn html_to_xhtml(html: &str, out: &mut String) {
    let mut open: Vec<&'static str> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text_into(rest, out);
            break;
        };
        text_into(&rest[..lt], out);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            // A lone `<`: text.
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        write_tag(tag, &mut open, out);
    }
    while let Some(name) = open.pop() {
        close_tag(name, out);
    }
}

/// The index of the `>` ending the tag at the start of `s`, skipping quoted
/// attribute values; `None` if `s` does not start a tag.
fn tag_end(s: &str) -> Option<usize> {
    let second = s[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/' || second == '!' || second == '?') {
        return None;
    }
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn write_tag(tag: &str, open: &mut Vec<&'static str>, out: &mut String) {
    if tag.starts_with('!') || tag.starts_with('?') {
        return; // doctype, processing instruction
    }
    if let Some(name) = tag.strip_prefix('/') {
        let name = name.trim().to_ascii_lowercase();
        let Some(&(_, written)) = KEPT.iter().find(|(n, _)| *n == name) else {
            return;
        };
        if let Some(pos) = open.iter().rposition(|n| *n == written) {
            while open.len() > pos {
                close_tag(open.pop().unwrap_or(written), out);
            }
        }
        return;
    }
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(tag.len());
    let name = tag[..name_end].to_ascii_lowercase();
    imply_end_tags(&name, open, out);
    if let Some(void) = VOID.iter().find(|v| **v == name) {
        out.push('<');
        out.push_str(void);
        if *void == "hr" {
            out.push_str(" class=\"scene-break\"");
        }
        out.push_str("/>");
        return;
    }
    if name == "img" {
        img_into(&tag[name_end..], out);
        return;
    }
    let Some(&(_, written)) = KEPT.iter().find(|(n, _)| *n == name) else {
        return;
    };
    let attrs = attributes(&tag[name_end..]);
    if written == "a"
        && !attrs
            .iter()
            .any(|(a, v)| *a == "href" && !v.trim().is_empty())
    {
        // A link whose URL the sanitiser removed: EPUB wants `href`, keep the text.
        return;
    }
    out.push('<');
    out.push_str(written);
    if written == "a" {
        for (attr, value) in attrs {
            if attr == "href" || attr == "rel" {
                out.push(' ');
                out.push_str(attr);
                out.push_str("=\"");
                text_into(value, out);
                out.push('"');
            }
        }
    }
    if tag.trim_end().ends_with('/') {
        out.push_str("/>");
    } else {
        out.push('>');
        open.push(written);
    }
}

/// Writes an image as `<img src="…" alt="…"/>` when its `src` (in
/// `attr_text`) is a file under `images/` or an inlined PNG, JPEG, GIF or
/// WebP; any other image is dropped.
fn img_into(attr_text: &str, out: &mut String) {
    let attrs = attributes(attr_text);
    let value = |name: &str| attrs.iter().find(|(a, _)| *a == name).map(|(_, v)| *v);
    let Some(src) = value("src").map(str::trim) else {
        return;
    };
    let in_book = src.strip_prefix("images/").is_some_and(|f| {
        !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
    }) && !src.contains("..");
    let inline = ["image/png", "image/jpeg", "image/gif", "image/webp"]
        .iter()
        .any(|t| {
            src.strip_prefix("data:")
                .and_then(|r| r.strip_prefix(t))
                .is_some_and(|r| r.starts_with(";base64,"))
        });
    if !(in_book || inline) {
        return;
    }
    out.push_str("<img src=\"");
    text_into(src, out);
    out.push_str("\" alt=\"");
    text_into(value("alt").unwrap_or(""), out);
    out.push_str("\"/>");
}

/// Block elements that end an open `<p>`, as an HTML parser would.
const ENDS_P: &[&str] = &[
    "p",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// Closes what HTML closes implicitly before a `name` start tag: an open
/// `<p>` before a block, an open `<li>` (of the same list) before an `<li>`.
/// Keeps `<p><ul>` and `<li>one<li>two` from nesting where XHTML forbids it.
fn imply_end_tags(name: &str, open: &mut Vec<&'static str>, out: &mut String) {
    if name == "li" {
        let innermost_list = open.iter().rposition(|n| matches!(*n, "li" | "ul" | "ol"));
        if let Some(pos) = innermost_list.filter(|&pos| open[pos] == "li") {
            while open.len() > pos {
                close_tag(open.pop().unwrap_or("li"), out);
            }
        }
    }
    if ENDS_P.contains(&name) {
        if let Some(pos) = open.iter().rposition(|n| *n == "p") {
            while open.len() > pos {
                close_tag(open.pop().unwrap_or("p"), out);
            }
        }
    }
}

fn close_tag(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// `name="value"` pairs of a tag's attribute text (quoted or not).
fn attributes(mut s: &str) -> Vec<(&str, &str)> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return attrs;
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let Some(after_eq) = s.strip_prefix('=') else {
            attrs.push((name, ""));
            continue;
        };
        let after_eq = after_eq.trim_start();
        let (value, rest) = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &after_eq[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        attrs.push((name, value));
        s = rest;
    }
}

/// Appends HTML text (entities allowed) as XML text: known named entities
/// and numeric references become characters, then everything is escaped.
fn text_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        escape_into(&rest[..amp], out);
        rest = &rest[amp..];
        match decode_entity(rest) {
            Some((c, len)) => {
                let mut buf = [0u8; 4];
                escape_into(c.encode_utf8(&mut buf), out);
                rest = &rest[len..];
            }
            None => {
                out.push_str("&amp;");
                rest = &rest[1..];
            }
        }
    }
    escape_into(rest, out);
}

/// The character of the entity at the start of `s` (`&nbsp;`, `&#233;`,
/// `&#xE9;`) and the entity's length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Looked for among the first bytes, not by slicing the string: a byte
    // count can end inside a multibyte character after the `&`.
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| is_xml_char(*c))?
    } else {
        ENTITIES.iter().find(|(n, _)| *n == body)?.1
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(html: &str) -> String {
        let mut out = String::new();
        html_to_xhtml(html, &mut out);
        out
    }

    #[test]
    fn images_only_from_the_book_or_inlined() {
        assert_eq!(
            convert(
                "<p>a<img src=\"images/ab.png\" alt=\"x &lt; y\" width=\"3\">\
                 <img src=\"asset:ab\" alt=\"\"><img src=\"https://e.org/a.png\">\
                 <img src=\"images/../x.png\"><img src=\"data:image/svg+xml;base64,AA\">\
                 <img src=\"data:image/gif;base64,R0lG\">b</p>"
            ),
            "<p>a<img src=\"images/ab.png\" alt=\"x &lt; y\"/>\
             <img src=\"data:image/gif;base64,R0lG\" alt=\"\"/>b</p>"
        );
    }

    #[test]
    fn void_elements_and_entities_become_xml() {
        assert_eq!(
            convert("<p>one<br>two&nbsp;&mdash;&#233;&#xE9;</p><hr>"),
            "<p>one<br/>two\u{a0}—éé</p><hr class=\"scene-break\"/>"
        );
    }

    #[test]
    fn unknown_markup_is_dropped_and_tags_balanced() {
        assert_eq!(
            convert("<p onclick=\"x()\"><em>a <div>b</p> c</em> <q>d</q>"),
            "<p><em>a b</em></p> c d"
        );
        assert_eq!(
            convert("<blockquote><p>open"),
            "<blockquote><p>open</p></blockquote>"
        );
        assert_eq!(convert("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 &gt; 2");
        assert_eq!(convert("<!-- gone --><p>x</p>"), "<p>x</p>");
        assert_eq!(
            convert("<ul><li>one<li>two<ul><li>a<li>b</ul></ul>"),
            "<ul><li>one</li><li>two<ul><li>a</li><li>b</li></ul></li></ul>"
        );
        assert_eq!(
            convert("<p>a<em>b<p>c<hr>d"),
            "<p>a<em>b</em></p><p>c</p><hr class=\"scene-break\"/>d"
        );
    }

    #[test]
    fn an_ampersand_before_multibyte_letters_is_text() {
        // Regression: the entity lookahead sliced inside the fourth `é`.
        assert_eq!(
            convert("<p>&amp;éééé &éééééé; x</p>"),
            "<p>&amp;éééé &amp;éééééé; x</p>"
        );
        assert_eq!(convert("&é"), "&amp;é");
        assert_eq!(convert("&#233;&"), "é&amp;");
    }

    #[test]
    fn links_keep_only_href_and_rel_escaped() {
        assert_eq!(
            convert("<a href=\"https://e.org/?a=1&amp;b=2\" rel=\"nofollow\" style=x>l</a>"),
            "<a href=\"https://e.org/?a=1&amp;b=2\" rel=\"nofollow\">l</a>"
        );
        assert_eq!(convert("<a rel=\"nofollow\">text</a> after"), "text after");
    }

    #[test]
    fn paragraphs_keep_lines_and_escape() {
        let body = ChapterBody {
            blocks: vec![
                Block::Paragraph("<b>\nsecond".into()),
                Block::SceneBreak,
                Block::Html("<p><em>it</em></p>".into()),
            ],
        };
        let mut out = String::new();
        body_into(&body, &mut out);
        assert_eq!(
            out,
            "<p>&lt;b&gt;<br/>second</p>\n<hr class=\"scene-break\"/>\n<p><em>it</em></p>\n"
        );
        assert_eq!(escape("a\u{1}b\"'"), "ab&quot;&#39;");
    }
}
