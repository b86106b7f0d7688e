//! MOBI 6 markup: one HTML document for the whole book, with pages split
//! by `<mbp:pagebreak/>`, links as `filepos` byte offsets, and calibre's
//! presentational rewrite of the source (no ids or classes; headings become
//! `<font size="N"><b>…</b></font>` paragraphs; quotes and indents become
//! nested `blockquote`s; empty spacer `div`s).
//!
//! `</br>` closing tags are dropped (an HTML parser would read each as
//! one more line break).
//!
//! Splitting works on the raw bytes so that page starts are the byte
//! offsets `filepos` and the NCX index use; each page is decoded alone.

use super::header::{decode_text, TextEncoding};
use regex::bytes::Regex;

/// One page of a MOBI 6 book: where it starts in the text and its markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub start: usize,
    pub end: usize,
    pub html: String,
}

/// The book's pages, without the table of contents page calibre adds (the
/// page the `<guide>`'s `toc` reference points into).
pub(crate) fn pages(text: &[u8], encoding: TextEncoding) -> Vec<Page> {
    let pagebreak = Regex::new(r"(?i)<mbp:pagebreak\b[^>]*>(?:\s*</mbp:pagebreak\s*>)?")
        .expect("constant regex");
    // MOBI 6 closes line breaks (`<br></br>`); an HTML parser reads the
    // `</br>` as a second break.
    let closing_br = Regex::new(r"(?i)</br\s*>").expect("constant regex");
    let toc_at = guide_toc(text);
    let mut out = Vec::new();
    let mut start = 0;
    let mut cuts: Vec<(usize, usize)> = pagebreak
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    cuts.push((text.len(), text.len()));
    for (cut, resume) in cuts {
        let is_toc = toc_at.is_some_and(|at| start <= at && at < cut.max(start + 1));
        if !is_toc {
            let page = closing_br.replace_all(&text[start..cut], &b""[..]);
            out.push(Page {
                start,
                end: cut,
                html: decode_text(&page, encoding),
            });
        }
        start = resume;
    }
    out
}

/// The `filepos` of the `<guide>`'s table-of-contents reference.
fn guide_toc(text: &[u8]) -> Option<usize> {
    let head_end = find(text, b"<body").unwrap_or(text.len().min(4096));
    let reference = Regex::new(r"(?i)<reference\b[^>]*>").expect("constant regex");
    let toc_type = Regex::new(r#"(?i)\btype\s*=\s*["']?toc\b"#).expect("constant regex");
    let filepos = Regex::new(r#"(?i)\bfilepos\s*=\s*["']?0*(\d{1,10})"#).expect("constant regex");
    let found = reference
        .find_iter(&text[..head_end])
        .filter(|m| toc_type.is_match(m.as_bytes()))
        .find_map(|m| {
            let digits = filepos.captures(m.as_bytes())?.get(1)?;
            std::str::from_utf8(digits.as_bytes()).ok()?.parse().ok()
        });
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Calibre's heading paragraphs back to headings: a `p`, `div` or
/// `blockquote` holding only `<font size="N">` (N of 4 or more) around bold
/// text becomes an `h1`–`h4` (size 7 → `h1`).
pub(crate) fn restore_headings(html: &str) -> String {
    let heading = Regex::new(
        r#"(?is)<(p|div|blockquote)\b[^>]*>\s*<font\b[^>]*\bsize\s*=\s*["']?\+?([4-7])["']?[^>]*>\s*<b\b[^>]*>((?:[^<]|<(?:/?(?:i|em|u|s|span|a|sup|sub)|br)\b[^>]*>)*)</b>\s*</font>\s*</(p|div|blockquote)>"#,
    )
    .expect("constant regex");
    let out = heading.replace_all(html.as_bytes(), |c: &regex::bytes::Captures| {
        if !c[1].eq_ignore_ascii_case(&c[4]) {
            return c[0].to_vec();
        }
        let size: u8 = c[2][0] - b'0';
        let level = 8 - size;
        let mut h = format!("<h{level}>").into_bytes();
        h.extend_from_slice(&c[3]);
        h.extend_from_slice(format!("</h{level}>").as_bytes());
        h
    });
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_at_pagebreaks_and_drop_the_toc_page() {
        let head = |at: usize| {
            format!(
                "<html><head><guide><reference type=\"toc\" title=\"Contents\" \
                 filepos={at:010} /></guide></head><body>"
            )
        };
        let pages_before = "<p>One</p><mbp:pagebreak/><p>Two</p><mbp:pagebreak></mbp:pagebreak>";
        let toc_at = head(0).len() + pages_before.len();
        let text = format!(
            "{}{pages_before}<p>Contents</p><mbp:pagebreak/></body></html>",
            head(toc_at)
        );
        let text = text.as_bytes();
        let pages = pages(text, TextEncoding::Utf8);
        let htmls: Vec<&str> = pages.iter().map(|p| p.html.as_str()).collect();
        assert_eq!(htmls.len(), 3);
        assert!(htmls[0].ends_with("<p>One</p>"));
        assert_eq!(htmls[1], "<p>Two</p>");
        assert_eq!(htmls[2], "</body></html>");
    }

    #[test]
    fn closed_line_breaks_stay_one_break() {
        let pages = pages(b"<p>Odile said.<br></br>\"Later.\"</p>", TextEncoding::Utf8);
        assert_eq!(pages[0].html, "<p>Odile said.<br>\"Later.\"</p>");
    }

    #[test]
    fn font_size_bold_paragraphs_become_headings() {
        let html = r#"<p height="1em"><font size="5"><b>Chapter 2: Ebb</b></font></p><p><font size="3"><b>not</b></font></p>"#;
        assert_eq!(
            restore_headings(html),
            r#"<h3>Chapter 2: Ebb</h3><p><font size="3"><b>not</b></font></p>"#
        );
    }
}
