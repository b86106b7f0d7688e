//! Interior monologue in the reader.
//!
//! Analysis stores, per chapter, the 0-based indexes of the paragraphs it
//! reads as interior monologue (`ChapterSuggested::interior_monologue`),
//! counted the way `ficshelf_analyze::paragraphs` lists a chapter: every
//! [`Block::Paragraph`] is one paragraph (even an empty one), every
//! [`Block::Html`] as many as its flattened text has non-empty
//! `\n\n`-separated parts (often none or one; a blockquote, a list or a
//! `<p>` with a blank line made of `<br><br>` can hold several), and scene
//! breaks none. [`chapter_html`] renders the body as
//! [`ChapterBody::to_html`] does, with those paragraphs marked
//! `class="monologue"`; the stylesheet sets them in italics only when the
//! reader turns the setting on.
//!
//! An HTML block whose paragraphs are all monologue is marked as a whole
//! (its outer element gets the attributes, or it is wrapped in a `<div>`
//! when its first tag cannot take them). When only some are, the block is
//! split into its child elements (`<p>` inside a `<blockquote>`, `<li>` in
//! a list, recursively) and the children that hold exactly the monologue
//! paragraphs are marked; when the children do not line up with the
//! paragraphs one for one (text straight inside the block, inline elements
//! between blocks, two paragraphs in one `<p>` made with `<br><br>`), the
//! block is left unmarked rather than marked wrongly.

use ficshelf_model::{escape_html_into, Block, ChapterBody, Work};

/// The attributes a monologue paragraph carries.
pub(crate) const MONOLOGUE_ATTRIBUTES: &str = " class=\"monologue\" \
     data-suggested=\"interior monologue\" \
     title=\"Interior monologue, as suggested by Ficshelf\"";

/// The monologue paragraph indexes analysis stored for chapter `number`.
pub(crate) fn monologue_of(work: &Work, number: u32) -> &[u32] {
    work.suggested
        .chapters
        .iter()
        .find(|c| c.number == number)
        .map_or(&[], |c| c.interior_monologue.as_slice())
}

/// How many paragraphs analysis counts in `block` ([`Block::paragraphs`]).
pub(crate) fn paragraph_count(block: &Block) -> usize {
    block.paragraphs().len()
}

/// The body as HTML, as [`ChapterBody::to_html`] writes it, with the
/// paragraphs at `monologue` (indexes as analysis counts them) marked.
/// Returns the HTML and how many paragraphs were marked.
pub(crate) fn chapter_html(body: &ChapterBody, monologue: &[u32]) -> (String, usize) {
    if monologue.is_empty() {
        return (body.to_html(), 0);
    }
    let is_monologue = |index: usize| {
        u32::try_from(index)
            .map(|i| monologue.contains(&i))
            .unwrap_or(false)
    };
    let mut out = String::new();
    let mut next = 0usize;
    let mut marked = 0usize;
    for block in &body.blocks {
        let count = paragraph_count(block);
        let flags: Vec<bool> = (next..next + count).map(is_monologue).collect();
        next += count;
        match block {
            Block::Paragraph(text) => {
                out.push_str("<p");
                if flags[0] {
                    out.push_str(MONOLOGUE_ATTRIBUTES);
                    marked += 1;
                }
                out.push('>');
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push_str("<br>");
                    }
                    escape_html_into(line, &mut out);
                }
                out.push_str("</p>\n");
            }
            Block::SceneBreak => out.push_str("<hr>\n"),
            Block::Html(html) => {
                let wanted = flags.iter().filter(|f| **f).count();
                if wanted == 0 {
                    out.push_str(html);
                } else if wanted == flags.len() {
                    match mark_element(html) {
                        Some(marked_html) => out.push_str(&marked_html),
                        None => {
                            out.push_str("<div");
                            out.push_str(MONOLOGUE_ATTRIBUTES);
                            out.push('>');
                            out.push_str(html);
                            out.push_str("</div>");
                        }
                    }
                    marked += wanted;
                } else if let Some(marked_html) = mark_children(html, &flags) {
                    out.push_str(&marked_html);
                    marked += wanted;
                } else {
                    out.push_str(html);
                }
                out.push('\n');
            }
        }
    }
    (out, marked)
}

/// Elements whose children may be marked one by one, and which may be
/// such children.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "blockquote",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
];

/// Elements without an end tag.
const VOID_ELEMENTS: &[&str] = &["br", "hr", "img", "wbr"];

/// A tag in sanitised HTML, from `start` to `end` (past the `>`).
struct Tag<'a> {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    /// Everything between `<` and `>`.
    inner: &'a str,
}

fn tags(html: &str) -> Option<Vec<Tag<'_>>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = html[from..].find('<').map(|i| from + i) {
        let close = open + html[open..].find('>')?;
        let inner = &html[open + 1..close];
        let trimmed = inner.trim();
        let name = trimmed
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        out.push(Tag {
            start: open,
            end: close + 1,
            name,
            closing: trimmed.starts_with('/'),
            inner,
        });
        from = close + 1;
    }
    Some(out)
}

fn opens(tag: &Tag<'_>) -> bool {
    !tag.closing
        && !VOID_ELEMENTS.contains(&tag.name.as_str())
        && !tag.inner.trim_end().ends_with('/')
        && !tag.inner.starts_with('!')
}

/// `element` (one element, surrounding whitespace allowed) with the
/// monologue attributes added to its start tag, or `None` when it does not
/// start with a tag that can take them (no tag, a void tag, a `class`
/// already there).
fn mark_element(element: &str) -> Option<String> {
    let offset = element.len() - element.trim_start().len();
    let first = tags(element)?.into_iter().next()?;
    if first.start != offset
        || first.name.is_empty()
        || !opens(&first)
        || first.inner.to_ascii_lowercase().contains("class")
    {
        return None;
    }
    let after_name = first.start + 1 + first.name.len();
    let mut out = String::with_capacity(element.len() + MONOLOGUE_ATTRIBUTES.len());
    out.push_str(&element[..after_name]);
    out.push_str(MONOLOGUE_ATTRIBUTES);
    out.push_str(&element[after_name..]);
    Some(out)
}

/// `element` with the paragraphs flagged in `flags` marked through its
/// child elements, or `None` when its children do not hold its paragraphs
/// one run each (see the module documentation).
fn mark_children(element: &str, flags: &[bool]) -> Option<String> {
    if flags.iter().all(|f| !f) {
        return Some(element.to_string());
    }
    if flags.iter().all(|f| *f) {
        return mark_element(element);
    }
    let tags = tags(element)?;
    let (first, last) = (tags.first()?, tags.last()?);
    if first.start != element.len() - element.trim_start().len()
        || !opens(first)
        || !last.closing
        || last.name != first.name
        || last.end != element.trim_end().len()
    {
        return None;
    }
    // The children: elements starting at depth 0 inside `first`…`last`.
    let mut children: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut child_start = 0usize;
    let mut text_from = first.end;
    for tag in &tags[1..tags.len() - 1] {
        if depth == 0 && !element[text_from..tag.start].trim().is_empty() {
            return None; // text straight inside the element
        }
        if tag.closing {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                children.push((child_start, tag.end));
                text_from = tag.end;
            }
        } else if opens(tag) {
            if depth == 0 {
                if !BLOCK_ELEMENTS.contains(&tag.name.as_str()) {
                    return None;
                }
                child_start = tag.start;
            }
            depth += 1;
        } else if depth == 0 {
            return None; // a <br> or similar between children
        }
    }
    if depth != 0 || !element[text_from..last.start].trim().is_empty() {
        return None;
    }
    let counts: Vec<usize> = children
        .iter()
        .map(|&(s, e)| paragraph_count(&Block::Html(element[s..e].to_string())))
        .collect();
    if counts.iter().sum::<usize>() != flags.len() {
        return None;
    }
    let mut out = String::with_capacity(element.len() + 2 * MONOLOGUE_ATTRIBUTES.len());
    let mut copied = 0;
    let mut next = 0;
    for (&(s, e), &count) in children.iter().zip(&counts) {
        let child_flags = &flags[next..next + count];
        next += count;
        out.push_str(&element[copied..s]);
        out.push_str(&mark_children(&element[s..e], child_flags)?);
        copied = e;
    }
    out.push_str(&element[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = MONOLOGUE_ATTRIBUTES;

    fn body(blocks: Vec<Block>) -> ChapterBody {
        ChapterBody { blocks }
    }

    fn p(text: &str) -> Block {
        Block::Paragraph(text.into())
    }

    fn html(text: &str) -> Block {
        Block::Html(text.into())
    }

    #[test]
    fn no_monologue_renders_as_to_html() {
        let b = body(vec![p("One."), Block::SceneBreak, html("<p>Two.</p>")]);
        assert_eq!(chapter_html(&b, &[]), (b.to_html(), 0));
    }

    #[test]
    fn indexes_follow_paragraphs_across_scene_breaks() {
        let b = body(vec![
            p("He walked."),         // 0
            Block::SceneBreak,       //
            p("I am so tired."),     // 1
            p("She waited."),        // 2
            Block::SceneBreak,       //
            p("I know it now."),     // 3
            p("Line one\nline two"), // 4
        ]);
        let (out, marked) = chapter_html(&b, &[1, 3]);
        assert_eq!(marked, 2);
        assert_eq!(
            out,
            format!(
                "<p>He walked.</p>\n<hr>\n<p{M}>I am so tired.</p>\n<p>She waited.</p>\n\
                 <hr>\n<p{M}>I know it now.</p>\n<p>Line one<br>line two</p>\n"
            )
        );
        // Without the marks, the same HTML as everywhere else.
        assert_eq!(out.replace(M, ""), b.to_html());
    }

    #[test]
    fn html_blocks_count_their_paragraphs() {
        assert_eq!(paragraph_count(&html("<p>One <em>two</em>.</p>")), 1);
        assert_eq!(
            paragraph_count(&html("<blockquote><p>One.</p><p>Two.</p></blockquote>")),
            2
        );
        assert_eq!(paragraph_count(&html("<p>One.<br><br>Two.</p>")), 2);
        assert_eq!(paragraph_count(&html("<p> </p>")), 0);
        assert_eq!(paragraph_count(&html("<hr>")), 0);
        assert_eq!(paragraph_count(&p("")), 1);
        assert_eq!(paragraph_count(&Block::SceneBreak), 0);
    }

    #[test]
    fn a_single_paragraph_html_block_is_marked_on_its_tag() {
        let b = body(vec![
            html("<p>He ran.</p>"),                // 0
            html("<p>I <em>have</em> to go.</p>"), // 1
            html("<p> </p>"),                      // (none)
            p("He stopped."),                      // 2
            html("<h2>I am here</h2>"),            // 3
        ]);
        let (out, marked) = chapter_html(&b, &[1, 3]);
        assert_eq!(marked, 2);
        assert_eq!(
            out,
            format!(
                "<p>He ran.</p>\n<p{M}>I <em>have</em> to go.</p>\n<p> </p>\n\
                 <p>He stopped.</p>\n<h2{M}>I am here</h2>\n"
            )
        );
    }

    #[test]
    fn an_html_block_all_monologue_is_marked_whole() {
        let b = body(vec![
            p("He ran."),                                                 // 0
            html("<blockquote><p>I run.</p><p>I hide.</p></blockquote>"), // 1, 2
            html("Bare text, I think."),                                  // 3
        ]);
        let (out, marked) = chapter_html(&b, &[1, 2, 3]);
        assert_eq!(marked, 3);
        assert_eq!(
            out,
            format!(
                "<p>He ran.</p>\n<blockquote{M}><p>I run.</p><p>I hide.</p></blockquote>\n\
                 <div{M}>Bare text, I think.</div>\n"
            )
        );
    }

    #[test]
    fn some_paragraphs_of_an_html_block_are_marked_through_its_children() {
        let b = body(vec![
            p("He ran."),                                                                      // 0
            html("<blockquote>\n<p>He hid.</p> <p>I hide.</p><p>He waited.</p></blockquote>"), // 1, 2, 3
            html("<ul><li>She left.</li><li>I stay.</li></ul>"), // 4, 5
            html("<div><blockquote><p>A.</p><p>I am.</p></blockquote><p>C.</p></div>"), // 6, 7, 8
            p("I am last."),                                     // 9
        ]);
        let (out, marked) = chapter_html(&b, &[2, 5, 7, 9]);
        assert_eq!(marked, 4);
        assert_eq!(
            out,
            format!(
                "<p>He ran.</p>\n\
                 <blockquote>\n<p>He hid.</p> <p{M}>I hide.</p><p>He waited.</p></blockquote>\n\
                 <ul><li>She left.</li><li{M}>I stay.</li></ul>\n\
                 <div><blockquote><p>A.</p><p{M}>I am.</p></blockquote><p>C.</p></div>\n\
                 <p{M}>I am last.</p>\n"
            )
        );
    }

    #[test]
    fn html_blocks_that_do_not_split_cleanly_are_skipped() {
        let b = body(vec![
            html("<p>He hid.<br><br>I hide.</p>"),                  // 0, 1
            html("<blockquote>He hid.<p>I hide.</p></blockquote>"), // 2, 3
            html("<blockquote><p>He hid.</p><br><p>I hide.</p></blockquote>"), // 4, 5
            p("I am still counted."),                               // 6
        ]);
        let (out, marked) = chapter_html(&b, &[1, 3, 5, 6]);
        assert_eq!(marked, 1);
        assert_eq!(
            out,
            format!(
                "<p>He hid.<br><br>I hide.</p>\n\
                 <blockquote>He hid.<p>I hide.</p></blockquote>\n\
                 <blockquote><p>He hid.</p><br><p>I hide.</p></blockquote>\n\
                 <p{M}>I am still counted.</p>\n"
            )
        );
    }

    #[test]
    fn whole_blocks_with_two_paragraphs_in_one_tag_are_still_marked() {
        let b = body(vec![html("<p>I hide.<br><br>I wait.</p>")]);
        let (out, marked) = chapter_html(&b, &[0, 1]);
        assert_eq!(marked, 2);
        assert_eq!(out, format!("<p{M}>I hide.<br><br>I wait.</p>\n"));
    }

    #[test]
    fn indexes_past_the_end_and_repeated_are_harmless() {
        let b = body(vec![p("I am."), Block::SceneBreak]);
        let (out, marked) = chapter_html(&b, &[0, 0, 7, u32::MAX]);
        assert_eq!(marked, 1);
        assert_eq!(out, format!("<p{M}>I am.</p>\n<hr>\n"));
    }

    #[test]
    fn user_text_stays_escaped() {
        let b = body(vec![p("I <script>say</script> \"hi\"")]);
        let (out, _) = chapter_html(&b, &[0]);
        assert_eq!(
            out,
            format!("<p{M}>I &lt;script&gt;say&lt;/script&gt; &quot;hi&quot;</p>\n")
        );
    }

    #[test]
    fn monologue_of_finds_the_chapter_by_number() {
        use ficshelf_model::{ChapterSuggested, TextStats};
        let mut work = Work::new("w", "W");
        work.suggested.chapters = vec![ChapterSuggested {
            number: 2,
            stats: TextStats::default(),
            language: None,
            point_of_view: Some("third person past".into()),
            interior_monologue: vec![1, 4],
        }];
        assert_eq!(monologue_of(&work, 2), &[1, 4]);
        assert!(monologue_of(&work, 1).is_empty());
    }
}
