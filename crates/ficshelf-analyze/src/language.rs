//! Language of a chapter and of a work, as ISO 639-1 codes (`"en"`).
//!
//! Uses `whatlang` (trigram profiles and script detection) restricted to
//! [`LANGUAGES`], the languages a fan-fiction archive plausibly holds. It was
//! measured against `lingua` on the evaluation set: both got every chapter
//! right, lingua was better on one-line passages but about 25 times slower
//! (0.6 MB/s against 15.6 MB/s) and adds some 50 MB of models to the binary.
//!
//! To keep import fast, long texts are judged on a sample: the middle
//! window of [`WINDOW`] bytes, and when whatlang does not call that
//! reliable, three windows from the start, middle and end. A result
//! whatlang does not call reliable is `None`.

use whatlang::{Detector, Lang};

/// Bytes per sample window.
pub const WINDOW: usize = 400;

/// The languages detection chooses among, with their ISO 639-1 codes.
pub const LANGUAGES: [(Lang, &str); 24] = [
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Spa, "es"),
    (Lang::Ita, "it"),
    (Lang::Por, "pt"),
    (Lang::Nld, "nl"),
    (Lang::Rus, "ru"),
    (Lang::Ukr, "uk"),
    (Lang::Pol, "pl"),
    (Lang::Ces, "cs"),
    (Lang::Swe, "sv"),
    (Lang::Dan, "da"),
    (Lang::Nob, "nb"),
    (Lang::Fin, "fi"),
    (Lang::Hun, "hu"),
    (Lang::Ron, "ro"),
    (Lang::Tur, "tr"),
    (Lang::Ell, "el"),
    (Lang::Jpn, "ja"),
    (Lang::Cmn, "zh"),
    (Lang::Kor, "ko"),
    (Lang::Ind, "id"),
    (Lang::Vie, "vi"),
];

/// A reusable detector (building one allocates; reuse it across chapters).
pub struct LanguageDetector {
    inner: Detector,
}

impl Default for LanguageDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl LanguageDetector {
    /// A detector limited to [`LANGUAGES`].
    pub fn new() -> Self {
        LanguageDetector {
            inner: Detector::with_allowlist(LANGUAGES.iter().map(|(l, _)| *l).collect()),
        }
    }

    /// The language of `text`, or None when detection is not confident.
    pub fn detect(&self, text: &str) -> Option<&'static str> {
        self.detect_paragraphs(&[text])
    }

    /// The language of a chapter given as paragraphs.
    pub fn detect_paragraphs<S: AsRef<str>>(&self, paragraphs: &[S]) -> Option<&'static str> {
        let parts: Vec<&str> = paragraphs.iter().map(AsRef::as_ref).collect();
        let len = parts.iter().map(|p| p.len()).sum::<usize>() + parts.len().saturating_sub(1);
        if len <= 3 * WINDOW {
            return self.judge(&parts.join("\n"));
        }
        let joined = Joined { parts: &parts, len };
        // The middle window alone tells most chapters (a third of the
        // cost); when it is not reliable, the three windows `detect`
        // samples from the joined text, cut from the paragraphs.
        let mut middle = String::with_capacity(WINDOW + 2);
        push_window(&joined, len / 2 - WINDOW / 2, &mut middle);
        self.judge(&middle)
            .or_else(|| self.judge(&sample_parts(&joined)))
    }

    /// whatlang's answer for `text` when it calls it reliable.
    fn judge(&self, text: &str) -> Option<&'static str> {
        let info = self.inner.detect(text)?;
        if !info.is_reliable() {
            return None;
        }
        LANGUAGES
            .iter()
            .find(|(l, _)| *l == info.lang())
            .map(|(_, code)| *code)
    }
}

/// Paragraphs seen as one text joined by `\n`, without joining them.
struct Joined<'a> {
    parts: &'a [&'a str],
    len: usize,
}

impl Joined<'_> {
    /// Calls `f(part, offset)` for each part whose byte range (plus its
    /// trailing separator) overlaps `[from, to)`, with the part's offset.
    fn for_parts(&self, from: usize, to: usize, mut f: impl FnMut(usize, usize)) {
        let mut offset = 0;
        for (i, p) in self.parts.iter().enumerate() {
            let end = offset + p.len() + 1;
            if end > from && offset < to {
                f(i, offset);
            }
            if offset >= to {
                break;
            }
            offset = end;
        }
    }

    fn is_char_boundary(&self, at: usize) -> bool {
        if at >= self.len {
            return true;
        }
        let mut boundary = true;
        self.for_parts(at, at + 1, |i, offset| {
            let p = self.parts[i];
            if at - offset < p.len() {
                boundary = p.is_char_boundary(at - offset);
            }
        });
        boundary
    }

    /// Appends bytes `[from, to)` (both char boundaries) to `out`.
    fn push_range(&self, from: usize, to: usize, out: &mut String) {
        let last = self.parts.len().saturating_sub(1);
        self.for_parts(from, to, |i, offset| {
            let p = self.parts[i];
            let a = from.saturating_sub(offset).min(p.len());
            let b = (to - offset).min(p.len());
            out.push_str(&p[a..b]);
            if i < last && to > offset + p.len() {
                out.push('\n');
            }
        });
    }
}

/// [`sample`] of `joined` (longer than `3 * WINDOW`).
fn sample_parts(joined: &Joined<'_>) -> String {
    let len = joined.len;
    let mut out = String::with_capacity(3 * WINDOW + 2);
    for start in [0, len / 2 - WINDOW / 2, len - WINDOW] {
        push_window(joined, start, &mut out);
    }
    out
}

/// Appends the [`WINDOW`] bytes of `joined` from `start` (moved to
/// character boundaries) and a line break to `out`.
fn push_window(joined: &Joined<'_>, start: usize, out: &mut String) {
    let len = joined.len;
    let mut s = start;
    while !joined.is_char_boundary(s) {
        s += 1;
    }
    let mut e = (s + WINDOW).min(len);
    while !joined.is_char_boundary(e) {
        e -= 1;
    }
    joined.push_range(s, e, out);
    out.push('\n');
}

/// Start, middle and end windows of `text`, cut on character boundaries
/// (what [`sample_parts`] cuts from paragraphs).
#[cfg(test)]
fn sample(text: &str) -> String {
    let mut out = String::with_capacity(3 * WINDOW + 2);
    for start in [0, text.len() / 2 - WINDOW / 2, text.len() - WINDOW] {
        let mut s = start;
        while !text.is_char_boundary(s) {
            s += 1;
        }
        let mut e = (s + WINDOW).min(text.len());
        while !text.is_char_boundary(e) {
            e -= 1;
        }
        out.push_str(&text[s..e]);
        out.push('\n');
    }
    out
}

/// The language of `text` with a fresh detector (see [`LanguageDetector`]).
pub fn detect(text: &str) -> Option<&'static str> {
    LanguageDetector::new().detect(text)
}

/// A work's language from its chapters' languages and word counts: the
/// language holding more than half of the words of the confidently detected
/// chapters, or None.
pub fn work_language(chapters: &[(Option<&str>, u64)]) -> Option<String> {
    let mut tally: Vec<(&str, u64)> = Vec::new();
    let mut total = 0;
    for (lang, words) in chapters {
        let Some(lang) = lang else { continue };
        total += words;
        match tally.iter_mut().find(|(l, _)| l == lang) {
            Some((_, w)) => *w += words,
            None => tally.push((lang, *words)),
        }
    }
    let (lang, words) = tally.into_iter().max_by_key(|(_, w)| *w)?;
    (words * 2 > total).then(|| lang.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages_in_prose() {
        let d = LanguageDetector::new();
        assert_eq!(
            d.detect("The rain kept falling on the empty harbour, and nobody came down to the boats that morning."),
            Some("en")
        );
        assert_eq!(
            d.detect("La pluie tombait sur le vieux port depuis le matin, et personne ne descendait vers les bateaux."),
            Some("fr")
        );
        assert_eq!(
            d.detect("Der Regen fiel den ganzen Morgen auf den leeren Hafen, und niemand kam zu den Booten herunter."),
            Some("de")
        );
    }

    #[test]
    fn unsure_on_nonsense() {
        assert_eq!(detect("ok"), None);
        assert_eq!(detect("12345 !!!"), None);
    }

    #[test]
    fn paragraphs_are_sampled_as_if_joined() {
        let words = ["héllo", "wörld", "—", "“quoted”", "plain", "日本語", "x"];
        for n in [1usize, 7, 40, 90, 200, 333] {
            let parts: Vec<String> = (0..n)
                .map(|i| {
                    (0..(i * 7 % 23))
                        .map(|j| words[(i + j) % words.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            let joined = refs.join("\n");
            if joined.len() <= 3 * WINDOW {
                continue;
            }
            let view = Joined {
                parts: &refs,
                len: joined.len(),
            };
            assert_eq!(sample_parts(&view), sample(&joined), "{n}");
        }
    }

    #[test]
    fn long_text_is_sampled() {
        let long =
            "Il ne savait pas quoi lui dire, alors il se tut et regarda la mer. ".repeat(200);
        assert_eq!(detect(&long), Some("fr"));
    }

    #[test]
    fn work_language_needs_a_majority() {
        assert_eq!(
            work_language(&[(Some("en"), 900), (Some("fr"), 100), (None, 5000)]),
            Some("en".into())
        );
        assert_eq!(work_language(&[(Some("en"), 500), (Some("fr"), 500)]), None);
        assert_eq!(work_language(&[(None, 10)]), None);
    }
}
