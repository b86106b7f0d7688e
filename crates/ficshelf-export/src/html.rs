//! One self-contained HTML page: inline stylesheet, no scripts, no outside
//! resources (images inlined as `data:` URIs); the preface, a table of
//! contents, every chapter.

use crate::error::ExportError;
use crate::meta;
use crate::preface::{chapter_into, preface_into, STYLESHEET};
use crate::xhtml::escape_into;
use ficshelf_model::{Asset, ChapterBody, Work};
use std::io::Write;

/// Writes `work` as one HTML page to `out`. `bodies` are the chapters'
/// story texts in chapter order; the images among `assets` they show are
/// inlined as `data:` URIs (others are left out).
///
/// The markup is also well-formed XML (void elements self-closed), so
/// tools that want XHTML can read it too.
pub fn write_html<W: Write>(
    work: &Work,
    bodies: &[ChapterBody],
    assets: &[Asset],
    mut out: W,
) -> Result<(), ExportError> {
    let language = meta::language_tag(work);
    let mut page = String::with_capacity(8 * 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape_into(&language, &mut page);
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    page.push_str("<title>");
    escape_into(&work.title, &mut page);
    page.push_str(" - ");
    escape_into(&meta::authors_line(work), &mut page);
    page.push_str("</title>\n<meta name=\"author\" content=\"");
    escape_into(&meta::authors_line(work), &mut page);
    page.push_str("\"/>\n<meta name=\"generator\" content=\"Ficshelf\"/>\n<style>\n");
    page.push_str(STYLESHEET);
    page.push_str("</style>\n</head>\n<body>\n");
    preface_into(work, &mut page);
    if work.chapters.len() > 1 {
        page.push_str("<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n");
        for chapter in &work.chapters {
            page.push_str(&format!("<li><a href=\"#chapter-{}\">", chapter.number));
            escape_into(
                &meta::chapter_heading(chapter.number, chapter.title.as_deref()),
                &mut page,
            );
            page.push_str("</a></li>\n");
        }
        page.push_str("</ol>\n</nav>\n");
    }
    out.write_all(page.as_bytes())?;
    let empty = ChapterBody::default();
    let last = work.chapters.len();
    for (i, chapter) in work.chapters.iter().enumerate() {
        page.clear();
        let end_notes = (i + 1 == last).then_some(()).and(work.notes.end.as_deref());
        let body = crate::images::with_srcs(bodies.get(i).unwrap_or(&empty), |sha| {
            crate::images::find(assets, sha).map(crate::images::data_uri)
        });
        chapter_into(chapter, &body, end_notes, &mut page);
        out.write_all(page.as_bytes())?;
    }
    out.write_all(b"</body>\n</html>\n")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ficshelf_model::{Block, Chapter, Notes};

    #[test]
    fn page_is_self_contained_and_escaped() {
        let mut work = Work::new("4", "</title><script>x</script>");
        work.chapters = (1..=2)
            .map(|n| Chapter {
                number: n,
                title: None,
                words: 1,
                notes: Notes::default(),
                sources: vec![],
            })
            .collect();
        work.notes.end = Some("Thanks.".into());
        let bodies = vec![
            ChapterBody {
                blocks: vec![Block::Paragraph("one".into()), Block::SceneBreak],
            },
            ChapterBody {
                blocks: vec![Block::Html("<p><i>two</i></p>".into())],
            },
        ];
        let mut out = Vec::new();
        write_html(&work, &bodies, &[], &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(!page.contains("<script"));
        assert!(!page.contains("src="));
        assert!(page.contains("<style>"));
        assert!(page.contains("<a href=\"#chapter-2\">Chapter 2</a>"));
        assert!(page.contains("<hr class=\"scene-break\"/>"));
        assert!(page.contains("<p><i>two</i></p>"));
        assert!(page.find("Thanks.").unwrap() > page.find("two").unwrap());
    }
}
