//! Places in a work as KOReader and the web reader name them, and the
//! conversions between the two.
//!
//! KOReader names a place in an EPUB by a crengine xpointer whose first
//! step is the spine item, `/body/DocFragment[n]` (1-based), and by the
//! fraction of the whole book before it (`percentage`). The web reader
//! names it by chapter and the fraction of that chapter read. An export
//! records how many spine items come before its first chapter
//! ([`super::ExportRecord::front_pages`]), so `DocFragment[n]` is chapter
//! `n - front_pages`; the fractions are converted through the chapters'
//! word counts (the front pages' length is not known and counts as none).
//! No crate parses crengine xpointers; only the first step is read here.

/// Where a reader is in a work: a chapter (1-based) and how far through it
/// (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChapterPlace {
    pub chapter: u32,
    pub fraction: f64,
}

/// The spine item (1-based) an xpointer starts in: `n` of a leading
/// `/body/DocFragment[n]`, or `None` for anything else (a page number from
/// a paged document, a position string of another reader).
pub fn xpointer_fragment(xpointer: &str) -> Option<u32> {
    let rest = xpointer.trim().strip_prefix("/body/DocFragment[")?;
    let (number, after) = rest.split_once(']')?;
    if !(after.is_empty() || after.starts_with('/') || after.starts_with('.')) {
        return None;
    }
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok().filter(|&n| n > 0)
}

/// The chapter `xpointer` is in, in a file with `front_pages` spine items
/// before its `chapters` chapters; `None` when it names no chapter (a front
/// page, the contents page after the chapters, not an xpointer).
pub fn xpointer_chapter(xpointer: &str, front_pages: u32, chapters: u32) -> Option<u32> {
    let chapter = xpointer_fragment(xpointer)?.checked_sub(front_pages)?;
    (1..=chapters).contains(&chapter).then_some(chapter)
}

/// The xpointer of the start of `chapter` in a file with `front_pages`
/// spine items before its chapters: the spine item's `body` element, which
/// crengine resolves to the start of that item (other servers that answer
/// KOReader, Kavita among them, send the same shape).
pub fn chapter_start_xpointer(chapter: u32, front_pages: u32) -> String {
    format!(
        "/body/DocFragment[{}]/body",
        u64::from(chapter) + u64::from(front_pages)
    )
}

/// The length of each of the first `chapters` chapters, from `chapter_words`
/// (the work's chapters' word counts): a chapter past the words counts as
/// the average one, and without any words every chapter counts as one.
pub(super) fn chapter_lengths(chapter_words: &[u64], chapters: usize) -> Vec<f64> {
    if !chapter_words.iter().any(|&w| w > 0) {
        return vec![1.0; chapters];
    }
    let average = chapter_words.iter().sum::<u64>() as f64 / chapter_words.len() as f64;
    (0..chapters)
        .map(|i| chapter_words.get(i).map_or(average, |&w| w as f64))
        .collect()
}

/// `value` in 0..=1 (0 for NaN and infinities).
pub(super) fn unit(value: f64) -> f64 {
    if value.is_finite() {
        value.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The length of the chapters before `chapter` and of `chapter` itself.
fn chapter_span(lengths: &[f64], chapter: u32) -> (f64, f64) {
    let index = (chapter as usize).saturating_sub(1).min(lengths.len());
    let before = lengths[..index].iter().sum();
    (before, lengths.get(index).copied().unwrap_or(0.0))
}

/// How far through `chapter` the place `percentage` of a file of `chapters`
/// chapters is (clamped to the chapter: KOReader's percentage counts the
/// front pages, which are not weighed here).
pub fn fraction_in_chapter(
    percentage: f64,
    chapter: u32,
    chapters: u32,
    chapter_words: &[u64],
) -> f64 {
    let lengths = chapter_lengths(chapter_words, chapters as usize);
    let (before, length) = chapter_span(&lengths, chapter);
    if length <= 0.0 {
        return 0.0;
    }
    let at = unit(percentage) * lengths.iter().sum::<f64>();
    unit((at - before) / length)
}

/// The chapter and fraction of the place `percentage` of a file holding
/// the first `chapters` chapters; `None` for a file without chapters.
pub fn percentage_place(
    percentage: f64,
    chapters: u32,
    chapter_words: &[u64],
) -> Option<ChapterPlace> {
    let lengths = chapter_lengths(chapter_words, chapters as usize);
    let total: f64 = lengths.iter().sum();
    if chapters == 0 || total <= 0.0 {
        return None;
    }
    let at = unit(percentage) * total;
    let mut before = 0.0;
    for (index, &length) in lengths.iter().enumerate() {
        let last = index + 1 == lengths.len();
        if at < before + length || last {
            let fraction = if length > 0.0 {
                unit((at - before) / length)
            } else {
                0.0
            };
            return Some(ChapterPlace {
                chapter: u32::try_from(index + 1).unwrap_or(u32::MAX),
                fraction,
            });
        }
        before += length;
    }
    None
}

/// The fraction of a file holding the first `chapters` chapters before
/// `place` (a chapter past the file's last is its end).
pub fn place_percentage(place: ChapterPlace, chapters: u32, chapter_words: &[u64]) -> f64 {
    let lengths = chapter_lengths(chapter_words, chapters as usize);
    let total: f64 = lengths.iter().sum();
    if total <= 0.0 || place.chapter == 0 {
        return 0.0;
    }
    let (before, length) = chapter_span(&lengths, place.chapter);
    unit((before + unit(place.fraction) * length) / total)
}

#[cfg(test)]
#[path = "koreader_place_tests.rs"]
mod tests;
