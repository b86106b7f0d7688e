//! Story text: paragraphs and scene breaks.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How a scene break is written in plain-text output, and recognised when
/// a stored body is read back.
pub const SCENE_BREAK_TEXT: &str = "* * *";

/// One block of story text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of prose; inner line breaks (verse, letters) are kept as `\n`.
    Paragraph(String),
    /// A scene break, whatever marker the author used (`* * *`, `~~~`, `xXx`…).
    SceneBreak,
    /// One block-level element of sanitised HTML from an HTML or EPUB source
    /// (`<p>` with emphasis, `<blockquote>`, a list, a heading). Only ever
    /// holds markup that passed the importer's sanitiser.
    Html(String),
}

/// A chapter's story text as a sequence of blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterBody {
    pub blocks: Vec<Block>,
}

impl Block {
    /// The block's paragraphs as plain text, the unit text analysis counts
    /// (interior-monologue indexes refer to them): a prose paragraph is one,
    /// an HTML block gives one per non-empty paragraph of its text, a scene
    /// break none.
    ///
    /// ```
    /// use ficshelf_model::Block;
    /// let html = Block::Html("<blockquote><p>One.</p><p>Two.</p></blockquote>".into());
    /// assert_eq!(html.paragraphs(), ["One.", "Two."]);
    /// assert!(Block::SceneBreak.paragraphs().is_empty());
    /// ```
    pub fn paragraphs(&self) -> Vec<Cow<'_, str>> {
        match self {
            Block::Paragraph(text) => vec![Cow::Borrowed(text.as_str())],
            Block::SceneBreak => Vec::new(),
            Block::Html(html) => crate::html_to_text(html)
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Cow::Owned(p.to_string()))
                .collect(),
        }
    }
}

impl ChapterBody {
    /// Every block's [`Block::paragraphs`], in order.
    pub fn paragraphs(&self) -> Vec<Cow<'_, str>> {
        self.blocks.iter().flat_map(Block::paragraphs).collect()
    }

    /// Plain text: paragraphs separated by one blank line, scene breaks as
    /// [`SCENE_BREAK_TEXT`].
    ///
    /// ```
    /// use ficshelf_model::{Block, ChapterBody};
    /// let body = ChapterBody { blocks: vec![
    ///     Block::Paragraph("One.".into()), Block::SceneBreak, Block::Paragraph("Two.".into()),
    /// ]};
    /// assert_eq!(body.to_text(), "One.\n\n* * *\n\nTwo.\n");
    /// assert_eq!(ChapterBody::from_text(&body.to_text()), body);
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Appends [`ChapterBody::to_text`] to `out`, reserving its length once.
    pub fn write_text(&self, out: &mut String) {
        let blocks_len: usize = self
            .blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(p) => p.len(),
                Block::SceneBreak => SCENE_BREAK_TEXT.len(),
                // Text is never longer than the markup it comes from.
                Block::Html(html) => html.len(),
            })
            .sum();
        out.reserve(blocks_len + 2 * self.blocks.len());
        let start = out.len();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            match block {
                Block::Paragraph(p) => out.push_str(p),
                Block::SceneBreak => out.push_str(SCENE_BREAK_TEXT),
                Block::Html(html) => crate::html_text::push_html_text(html, out),
            }
        }
        if out.len() > start {
            out.push('\n');
        }
    }

    /// Reads text written by [`ChapterBody::to_text`] back into blocks
    /// (HTML blocks come back as plain paragraphs).
    pub fn from_text(text: &str) -> ChapterBody {
        let blocks = text
            .split("\n\n")
            .map(|p| p.trim_matches(['\n', '\r']))
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                if p.trim() == SCENE_BREAK_TEXT {
                    Block::SceneBreak
                } else {
                    Block::Paragraph(p.to_string())
                }
            })
            .collect();
        ChapterBody { blocks }
    }

    /// Semantic HTML with every piece of text escaped: `<p>` per paragraph
    /// (inner line breaks as `<br>`), `<hr>` per scene break.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) => {
                    out.push_str("<p>");
                    for (i, line) in p.split('\n').enumerate() {
                        if i > 0 {
                            out.push_str("<br>");
                        }
                        escape_html_into(line, &mut out);
                    }
                    out.push_str("</p>\n");
                }
                Block::SceneBreak => out.push_str("<hr>\n"),
                Block::Html(html) => {
                    out.push_str(html);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Words in the story text, by [`crate::count_words`].
    pub fn words(&self) -> u64 {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => crate::count_words(p),
                Block::SceneBreak => 0,
                Block::Html(html) => crate::count_words(&crate::html_to_text(html)),
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| matches!(b, Block::SceneBreak))
    }
}

/// Appends `text` to `out` with `& < > " '` escaped for HTML text and attributes.
pub fn escape_html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_user_text() {
        let body = ChapterBody {
            blocks: vec![Block::Paragraph(
                "<script>alert(1)</script>\nline two & 'more'".into(),
            )],
        };
        assert_eq!(
            body.to_html(),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two &amp; &#39;more&#39;</p>\n"
        );
    }
}
