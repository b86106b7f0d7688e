//! Markdown-ish plain text (fics kept as `.md`, pandoc or AO3-to-Markdown
//! exports): `# Title` headings, `**bold**` and `*italic*` lines, `\*`
//! escapes (TEXT_FORMAT.md, "Markdown-ish text").
//!
//! A file is read as Markdown only when it shows Markdown's marks
//! ([`Markup::detect`]). Then the structure (header, headings, front and
//! end matter) is read from each line's and paragraph's *plain view*, the
//! text without its marks ([`Markup::plain`]), and story paragraphs keep
//! their emphasis as sanitised HTML ([`Markup::story_block`]). Parsing is
//! pulldown-cmark's; the block structure (paragraphs, scene breaks) stays
//! the plain-text parser's, so list and quote markers are kept as written.

use crate::sanitise::clean;
use ficshelf_model::{escape_html_into, Block};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// How a file marks its text up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// Text as written: no marks are read.
    Plain,
    /// Markdown's inline marks and `#` headings are read.
    Markdown,
}

/// Lines of Markdown evidence that make a file Markdown-ish.
const EVIDENCE_NEEDED: usize = 3;

impl Markup {
    /// Markdown when the file shows at least three marks of it: backslash
    /// escapes of punctuation (`\*`, `\$`), `#` heading lines, or lines
    /// wrapped whole in `**…**`, `*…*` or `__…__`. One pass over the lines.
    pub(crate) fn detect(lines: &[&str]) -> Markup {
        let mut evidence = 0;
        for line in lines {
            evidence += markdown_marks(line.trim());
            if evidence >= EVIDENCE_NEEDED {
                return Markup::Markdown;
            }
        }
        Markup::Plain
    }

    /// The text without Markdown's marks: emphasis markers and `#`s gone,
    /// escapes resolved, line breaks kept as `\n`. Plain text is returned
    /// as it is.
    pub(crate) fn plain<'a>(self, text: &'a str) -> Cow<'a, str> {
        match self {
            Markup::Plain => Cow::Borrowed(text),
            Markup::Markdown if !has_marks(text) => Cow::Borrowed(text),
            Markup::Markdown => Cow::Owned(render(text).plain),
        }
    }

    /// A story paragraph as a block: in Markdown with emphasis, sanitised
    /// HTML keeping it; otherwise a plain paragraph (marks resolved).
    pub(crate) fn story_block(self, text: String) -> Block {
        if self == Markup::Plain || !has_marks(&text) {
            return Block::Paragraph(text);
        }
        let rendered = render(&text);
        if rendered.formatted {
            Block::Html(clean(&rendered.html))
        } else {
            Block::Paragraph(rendered.plain)
        }
    }

    /// Whether a line is a Markdown heading (`# Title`), and its level.
    pub(crate) fn heading_level(self, line: &str) -> Option<usize> {
        if self == Markup::Plain {
            return None;
        }
        atx_level(line.trim_start())
    }
}

/// How many of Markdown's marks a trimmed line shows (0 or 1, or the number
/// of escapes).
fn markdown_marks(line: &str) -> usize {
    if line.contains('\\') {
        let escapes = line
            .as_bytes()
            .windows(2)
            .filter(|w| w[0] == b'\\' && w[1].is_ascii_punctuation())
            .count();
        if escapes > 0 {
            return escapes;
        }
    }
    if !line.starts_with(['#', '*', '_']) {
        return 0;
    }
    let wrapped = |mark: &str| {
        line.len() > 2 * mark.len() + 1
            && line.starts_with(mark)
            && line.ends_with(mark)
            && !line[mark.len()..].starts_with([' ', '*', '_'])
    };
    usize::from(atx_level(line).is_some() || wrapped("**") || wrapped("__") || wrapped("*"))
}

/// `# Title` → 1, `### Part` → 3: one to six `#` then a space and text.
fn atx_level(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && rest.starts_with(' ') && !rest.trim().is_empty())
        .then_some(hashes)
}

/// Characters that can start a Markdown mark (or an entity).
fn has_marks(text: &str) -> bool {
    text.contains(['*', '_', '\\', '`', '#', '[', '<', '&', '~', '>'])
}

/// A paragraph rendered both ways.
struct Rendered {
    plain: String,
    html: String,
    /// Whether any emphasis, heading or quote was found.
    formatted: bool,
}

/// Renders one paragraph by pulldown-cmark's events. Raw HTML in the text
/// is shown as text, never passed on; list markers stay as written.
fn render(text: &str) -> Rendered {
    let mut out = Rendered {
        plain: String::with_capacity(text.len()),
        html: String::with_capacity(text.len() + 16),
        formatted: false,
    };
    let mut open_paragraph = false;
    let parser = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => {
                    start_paragraph(&mut out, &mut open_paragraph, "")
                }
                Tag::Heading { .. } => {
                    out.formatted = true;
                    start_paragraph(&mut out, &mut open_paragraph, "<strong>");
                }
                Tag::Item => {
                    // The marker as written (`1.`, `-`), so no text is lost.
                    let source = &text[range];
                    let marker = source.split_whitespace().next().unwrap_or("");
                    start_paragraph(&mut out, &mut open_paragraph, "");
                    push_text(&mut out, marker);
                    push_text(&mut out, " ");
                }
                Tag::BlockQuote(_) => {
                    out.formatted = true;
                    end_paragraph(&mut out, &mut open_paragraph, "");
                    out.html.push_str("<blockquote>");
                }
                Tag::Emphasis => inline(&mut out, &mut open_paragraph, "<em>"),
                Tag::Strong => inline(&mut out, &mut open_paragraph, "<strong>"),
                Tag::Strikethrough => inline(&mut out, &mut open_paragraph, "<del>"),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Item => {
                    end_paragraph(&mut out, &mut open_paragraph, "")
                }
                TagEnd::Heading(_) => end_paragraph(&mut out, &mut open_paragraph, "</strong>"),
                TagEnd::BlockQuote(_) => {
                    end_paragraph(&mut out, &mut open_paragraph, "");
                    out.html.push_str("</blockquote>");
                }
                TagEnd::Emphasis => out.html.push_str("</em>"),
                TagEnd::Strong => out.html.push_str("</strong>"),
                TagEnd::Strikethrough => out.html.push_str("</del>"),
                _ => {}
            },
            Event::Text(t)
            | Event::Code(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t)
            | Event::FootnoteReference(t) => {
                if !open_paragraph {
                    start_paragraph(&mut out, &mut open_paragraph, "");
                }
                push_text(&mut out, &t);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.plain.push('\n');
                out.html.push_str("<br>");
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }
    end_paragraph(&mut out, &mut open_paragraph, "");
    let plain = out.plain.trim_end().to_string();
    out.plain = plain;
    out
}

fn start_paragraph(out: &mut Rendered, open: &mut bool, then: &str) {
    end_paragraph(out, open, "");
    if !out.plain.is_empty() {
        out.plain.push_str("\n\n");
    }
    out.html.push_str("<p>");
    out.html.push_str(then);
    *open = true;
}

fn end_paragraph(out: &mut Rendered, open: &mut bool, closing: &str) {
    if *open {
        out.html.push_str(closing);
        out.html.push_str("</p>");
        *open = false;
    }
}

fn inline(out: &mut Rendered, open: &mut bool, tag: &str) {
    if !*open {
        start_paragraph(out, open, "");
    }
    out.formatted = true;
    out.html.push_str(tag);
}

fn push_text(out: &mut Rendered, text: &str) {
    out.plain.push_str(text);
    escape_html_into(text, &mut out.html);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_markdown_by_its_marks() {
        let md = ["# The Lamp", "", "**By Wren**", "", "It cost \\$5."];
        assert_eq!(Markup::detect(&md), Markup::Markdown);
        let plain = ["The Lamp", "by Wren", "", "It was *very* dark. 5 * 3 = 15."];
        assert_eq!(Markup::detect(&plain), Markup::Plain);
    }

    #[test]
    fn plain_view_drops_marks() {
        let md = Markup::Markdown;
        assert_eq!(md.plain("**Chapter 2: Tides**"), "Chapter 2: Tides");
        assert_eq!(md.plain("***May 3, 1990***"), "May 3, 1990");
        assert_eq!(md.plain("a P\\*T\\*E\\*N page, \\$5"), "a P*T*E*N page, $5");
        assert_eq!(md.plain("# The Lamp"), "The Lamp");
        assert_eq!(md.plain("1. First"), "1. First");
        assert_eq!(Markup::Plain.plain("**x**"), "**x**");
    }

    #[test]
    fn story_keeps_emphasis_as_safe_html() {
        let md = Markup::Markdown;
        assert_eq!(
            md.story_block("She *knew* it <script>x()</script> & said **so**.".into()),
            Block::Html(
                "<p>She <em>knew</em> it &lt;script&gt;x()&lt;/script&gt; &amp; said <strong>so</strong>.</p>"
                    .into()
            )
        );
        assert_eq!(
            md.story_block("It cost \\$5.".into()),
            Block::Paragraph("It cost $5.".into())
        );
        assert_eq!(
            md.story_block("- Not a list, a dash.".into()),
            Block::Paragraph("- Not a list, a dash.".into())
        );
        assert_eq!(
            Markup::Plain.story_block("*x*".into()),
            Block::Paragraph("*x*".into())
        );
    }
}
