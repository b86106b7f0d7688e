//! Choosing the passage to highlight and writing it as safe HTML.

use std::ops::Range;
use tantivy::snippet::Snippet;
use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};

/// Tokens scanned for the densest cluster of matches.
const CLUSTER_TOKENS: u32 = 30;
/// Tokens kept before the cluster's first match.
const LEAD_TOKENS: u32 = 12;
/// Tokens kept from the cluster's first match on.
const SPAN_TOKENS: u32 = 60;

/// The byte range of `text` around the densest cluster of `positions`
/// (token positions, sorted), so only a short passage of a long chapter
/// goes through the snippet generator. The whole text when there are none.
///
/// Positions count the tokens of the index's analyzer, which never
/// renumbers the tokenizer's positions, so the plain tokenizer finds them.
pub(crate) fn window(text: &str, positions: &[u32]) -> Range<usize> {
    let Some(&first) = positions.first() else {
        return 0..text.len();
    };
    let mut best = (first, 0usize);
    for (i, &p) in positions.iter().enumerate() {
        let in_cluster = positions[i..].partition_point(|&q| q < p.saturating_add(CLUSTER_TOKENS));
        if in_cluster > best.1 {
            best = (p, in_cluster);
        }
    }
    let from = best.0.saturating_sub(LEAD_TOKENS) as usize;
    let to = best.0.saturating_add(SPAN_TOKENS) as usize;
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let (mut start, mut end) = (None, text.len());
    while stream.advance() {
        let token = stream.token();
        if token.position >= from && start.is_none() {
            start = Some(token.offset_from);
        }
        if token.position >= to {
            end = token.offset_from;
            break;
        }
    }
    start.unwrap_or(0)..end
}

/// HTML for a snippet generated from `text[offset..]`: escaped, whitespace
/// runs collapsed, matches in `<mark>`, punctuation right after the passage
/// kept, and `…` where words of `text` were cut off before or after it.
pub(crate) fn to_html(snippet: &Snippet, text: &str, offset: usize) -> Option<String> {
    if snippet.is_empty() {
        return None;
    }
    let fragment = snippet.fragment();
    let range = snippet.fragment_range();
    let (start, end) = (offset + range.start, offset + range.end);
    let mut ranges: Vec<Range<usize>> = snippet.highlighted().to_vec();
    ranges.sort_by_key(|r| (r.start, r.end));
    let has_words = |s: &str| s.chars().any(char::is_alphanumeric);
    let mut out = String::with_capacity(fragment.len() + 32);
    if text.get(..start).is_some_and(has_words) {
        out.push('…');
    }
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > fragment.len() {
            continue;
        }
        escape_into(&fragment[at..r.start], &mut out);
        out.push_str("<mark>");
        escape_into(&fragment[r.clone()], &mut out);
        out.push_str("</mark>");
        at = r.end;
    }
    escape_into(&fragment[at..], &mut out);
    let after = text.get(end..).unwrap_or_default();
    let punctuation = after
        .find(|c: char| c.is_whitespace() || c.is_alphanumeric())
        .unwrap_or(after.len());
    escape_into(&after[..punctuation], &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if has_words(&after[punctuation..]) {
        out.push('…');
    }
    Some(out.trim_start().to_string())
}

/// Escapes `& < > " '` and collapses whitespace runs to one space.
fn escape_into(text: &str, out: &mut String) {
    let mut last_space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
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
    fn escapes_html_and_collapses_whitespace() {
        let mut out = String::new();
        escape_into("<b>\"Tom\" & 'Jerry'</b>\n\n  next", &mut out);
        assert_eq!(
            out,
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt; next"
        );
    }

    #[test]
    fn window_surrounds_the_densest_cluster() {
        let text: String = (0..200).map(|i| format!("w{i} ")).collect();
        let range = window(&text, &[5, 150, 152, 155]);
        let passage = &text[range];
        assert!(passage.starts_with("w138 "), "{passage}");
        assert!(passage.trim_end().ends_with("w199"), "{passage}");
        assert_eq!(window(&text, &[]), 0..text.len());
        let short = window("a b c", &[1]);
        assert_eq!(short, 0..5);
    }
}
