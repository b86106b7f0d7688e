//! Blocks repeated at the top or bottom of several chapters (TEXT_FORMAT.md,
//! "Repeated preambles"): a disclaimer, self-promotion and `Title` / `By
//! Author` that an author pastes before every chapter heading, or a sign-off
//! after every chapter, are matter, not story.
//!
//! Paragraphs are compared by a key, their first eight words (so a
//! self-promotion paragraph whose last sentence changes each chapter still
//! matches). Only the first and last [`WINDOW`] paragraphs of each part are
//! keyed and counted, in one hash map: the whole pass is linear in the
//! number of paragraphs.
//!
//! Crate items: [`find_edges`], [`Edges`].

use crate::front::byline;
use crate::markdown::Markup;
use crate::matter::{classify_front, is_bare_note_lead, is_end_marker};
use crate::paragraphs::paragraph_text;
use ficshelf_model::Block;
use std::collections::{HashMap, HashSet};

/// Paragraphs at each end of a part that are compared with other parts.
const WINDOW: usize = 40;
/// Words of a paragraph's key.
const KEY_WORDS: usize = 8;
/// Paragraphs that differ (a one-off announcement) may stand between
/// repeated ones, this many at most…
const GAP: usize = 3;
/// …when a repeated paragraph of at least this many words stands beyond.
const ANCHOR_WORDS: usize = 6;

/// The repeated matter at the edges of one part (the text before the
/// first heading, or a heading's chapter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Edges {
    /// Leading blocks that are repeated matter.
    pub head: usize,
    /// Trailing blocks that are repeated matter…
    pub tail: usize,
    /// …of which the last this-many open the next chapter: they repeat
    /// what stands before the first heading.
    pub next_preamble: usize,
}

/// One keyed paragraph: its block index, text as written, key and word
/// count. Keys and counts are read from the text as written: Markdown's
/// marks are not letters, so its words are the plain view's words.
struct Keyed<'a> {
    block: usize,
    raw: &'a str,
    markup: Markup,
    key: String,
    words: usize,
}

impl Keyed<'_> {
    /// Whether the paragraph reads as matter: a note, disclaimer, warning,
    /// end marker or by-line. Asked only of peeled runs (it is the costly
    /// part).
    fn is_matter(&self) -> bool {
        let text = self.markup.plain(self.raw);
        let text = text.as_ref();
        is_bare_note_lead(text)
            || byline(text).is_some()
            || is_end_marker(text)
            || classify_front(text).is_some()
    }
}

/// The repeated edges of each part. `parts[0]` is the text before the first
/// heading, after the header; `opening` is all the text before the first
/// heading, header included (what a repeated preamble repeats).
pub(crate) fn find_edges(parts: &[&[Block]], opening: &[Block], markup: Markup) -> Vec<Edges> {
    let mut edges = vec![Edges::default(); parts.len()];
    if parts.len() < 2 {
        return edges;
    }
    let windows: Vec<(Vec<Keyed>, Vec<Keyed>)> = parts
        .iter()
        .map(|blocks| keyed_ends(blocks, markup))
        .collect();
    let opening_window = keyed_ends(opening, markup);
    // key → (last part counted, number of parts); the opening counts as part 0.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    let counted = std::iter::once(&opening_window).chain(&windows[1..]);
    for (part, (head, tail)) in counted.enumerate() {
        for keyed in head.iter().chain(tail) {
            let entry = counts.entry(keyed.key.as_str()).or_insert((usize::MAX, 0));
            if entry.0 != part {
                *entry = (part, entry.1 + 1);
            }
        }
    }
    let repeated = |k: &Keyed| counts.get(k.key.as_str()).is_some_and(|(_, n)| *n >= 2);
    let opening: HashSet<&str> = opening_window
        .0
        .iter()
        .chain(&opening_window.1)
        .map(|k| k.key.as_str())
        .collect();
    let last = parts.len() - 1;
    for (part, (head, tail)) in windows.iter().enumerate() {
        let head_len = peel_head(head, &repeated);
        edges[part].head = head_len.map_or(0, |n| head[n - 1].block + 1);
        if part == 0 {
            continue;
        }
        let Some(start) = peel_tail(tail, &repeated) else {
            continue;
        };
        let first = tail[start].block.max(edges[part].head);
        edges[part].tail = parts[part].len() - first;
        if part < last {
            edges[part].next_preamble = tail[start..]
                .iter()
                .find(|k| k.block >= first && opening.contains(k.key.as_str()))
                .map_or(0, |k| parts[part].len() - k.block);
        }
    }
    edges
}

/// The keyed paragraphs of the first and last [`WINDOW`] paragraphs.
fn keyed_ends(blocks: &[Block], markup: Markup) -> (Vec<Keyed<'_>>, Vec<Keyed<'_>>) {
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| paragraph_text(&blocks[i]).is_some())
        .collect();
    let keyed = |&block: &usize| {
        let raw = paragraph_text(&blocks[block])?;
        let mut words = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty());
        let key: Vec<String> = words
            .by_ref()
            .take(KEY_WORDS)
            .map(str::to_lowercase)
            .collect();
        if key.is_empty() {
            return None;
        }
        Some(Keyed {
            block,
            raw,
            markup,
            // Counted as far as an anchor needs.
            words: key.len() + words.take(ANCHOR_WORDS).count(),
            key: key.join(" "),
        })
    };
    let head_end = paragraphs.len().min(WINDOW);
    let tail_start = paragraphs.len().saturating_sub(WINDOW);
    (
        paragraphs[..head_end].iter().filter_map(keyed).collect(),
        paragraphs[tail_start..].iter().filter_map(keyed).collect(),
    )
}

/// How many leading keyed paragraphs are a repeated block, if any.
fn peel_head(keyed: &[Keyed], repeated: &impl Fn(&Keyed) -> bool) -> Option<usize> {
    let mut pos = 0;
    loop {
        while pos < keyed.len() && repeated(&keyed[pos]) {
            pos += 1;
        }
        if pos == 0 {
            return None;
        }
        let bridge = (pos + 1..keyed.len().min(pos + GAP + 1))
            .find(|&a| repeated(&keyed[a]) && keyed[a].words >= ANCHOR_WORDS);
        match bridge {
            Some(a) => pos = a,
            None => break,
        }
    }
    // Keep a part's last paragraph: a part is never all preamble.
    let pos = pos.min(keyed.len().saturating_sub(1));
    (pos > 0 && keyed[..pos].iter().any(Keyed::is_matter)).then_some(pos)
}

/// Where the trailing repeated block of the keyed paragraphs starts, if any.
fn peel_tail(keyed: &[Keyed], repeated: &impl Fn(&Keyed) -> bool) -> Option<usize> {
    let mut pos = keyed.len();
    loop {
        while pos > 0 && repeated(&keyed[pos - 1]) {
            pos -= 1;
        }
        // A paragraph that differs may also stand last, right before the
        // heading (a part title: "Book II: The Crossing").
        if pos == 0 {
            break;
        }
        let bridge = (pos.saturating_sub(GAP + 1)..pos - 1)
            .rev()
            .find(|&a| repeated(&keyed[a]) && keyed[a].words >= ANCHOR_WORDS);
        match bridge {
            Some(a) => pos = a,
            None => break,
        }
    }
    let pos = pos.max(1);
    (pos < keyed.len() && keyed[pos..].iter().any(Keyed::is_matter)).then_some(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .map(|t| Block::Paragraph(t.to_string()))
            .collect()
    }

    #[test]
    fn a_preamble_before_every_heading_opens_the_next_chapter() {
        let opening = part(&[
            "Disclaimer: the Saltmarsh and its people belong to their creator.",
            "I have a Discord server where you can read chapters early, link on my profile.",
            "The Glass Harbour",
            "By Merrow Vance",
        ]);
        let one = part(&[
            "The tide was out and the boats lay on their sides in the mud.",
            "Thanks for reading, see you next week!",
            "Disclaimer: the Saltmarsh and its people belong to their creator.",
            "I have a Discord server where you can read chapters early, ask away.",
            "The Glass Harbour",
            "By Merrow Vance",
        ]);
        let two = part(&[
            "Night came down over the harbour like a lid.",
            "The lamps were lit one by one along the wall.",
        ]);
        let parts: Vec<&[Block]> = vec![&opening, &one, &two];
        let edges = find_edges(&parts, &opening, Markup::Plain);
        assert_eq!(edges[1].tail, 4);
        assert_eq!(edges[1].next_preamble, 4);
        assert_eq!(edges[2], Edges::default());
    }

    #[test]
    fn repeated_story_lines_without_matter_stay() {
        let one = part(&["The sea kept its secrets, as it always had and always would."]);
        let two = part(&[
            "Morning.",
            "The sea kept its secrets, as it always had and always would.",
        ]);
        let parts: Vec<&[Block]> = vec![&[], &one, &two];
        let edges = find_edges(&parts, &[], Markup::Plain);
        assert!(edges.iter().all(|e| *e == Edges::default()));
    }
}
