//! Story text: sentences, dialogue, paragraphs and scene breaks.
//!
//! Every word this module writes is counted, and counted the way Unicode word
//! segmentation counts (a word is a run of letters, possibly with an inner
//! apostrophe), so the manifest's words per chapter match what a reader
//! counts. A chapter is written to an exact word budget.

use super::rng::Rng;
use super::sink::Sink;
use super::vocab::Vocab;
use anyhow::Result;

/// How paragraphs are laid out in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One line per paragraph, blank lines between paragraphs.
    Blank,
    /// Hard-wrapped at 72 columns, blank lines between paragraphs.
    Wrapped,
    /// One line per paragraph and no blank lines (text copied from a page).
    LinePerParagraph,
    /// Hard-wrapped, each paragraph's first line indented, no blank lines
    /// except around scene breaks.
    Indented,
}

/// Scene-break lines a work may use.
pub const SCENE_BREAKS: &[&str] = &[
    "* * *",
    "***",
    "~~~",
    "-----",
    "xXx",
    "oOo",
    "#",
    "~*~*~",
    "+++",
    "• • •",
    "________",
    "XxXxX",
];

/// The parts of a work's prose style that stay the same throughout.
pub struct Prose<'a> {
    pub vocab: &'a Vocab,
    /// First names of the work's characters, the most prominent first.
    pub names: Vec<&'a str>,
    /// Curly quotes and apostrophes, em dashes and ellipsis characters.
    pub curly: bool,
    pub layout: Layout,
    pub indent: &'static str,
    pub scene_break: &'static str,
}

/// The random stream of each chapter's story text (the plan uses 1, plain
/// text 2, markup 3).
const STREAM_STORY: u64 = 4;

/// The generator of chapter `chapter`'s story text (0-based): the same in
/// every format, so a work written as txt, HTML and EPUB tells one story,
/// word for word, as real saves of one work do.
pub fn story_rng(plan: &super::plan::WorkPlan, chapter: usize) -> Rng {
    let work = super::rng::mix(super::rng::mix(plan.seed, STREAM_STORY), plan.index);
    Rng::new(super::rng::mix(work, chapter as u64))
}

impl<'a> Prose<'a> {
    /// The prose style `plan` chose, with words from `vocab`.
    pub fn of(plan: &super::plan::WorkPlan, vocab: &'a Vocab) -> Prose<'a> {
        Prose {
            vocab,
            names: plan.first_names(),
            curly: plan.curly,
            layout: plan.layout,
            indent: plan.indent,
            scene_break: plan.scene_break,
        }
    }
}

const SAID: &[&str] = &[
    "said",
    "said",
    "said",
    "whispered",
    "muttered",
    "replied",
    "called",
];

impl Prose<'_> {
    /// Writes a chapter body of exactly `words` words.
    pub fn chapter(&self, rng: &mut Rng, words: u64, out: &mut Sink) -> Result<()> {
        let mut remaining = words;
        let mut para = String::with_capacity(2048);
        let mut first = true;
        while remaining > 0 {
            if !first && remaining > 200 && rng.chance(0.025) {
                self.scene_break(out)?;
            }
            para.clear();
            remaining -= self.paragraph(rng, remaining, &mut para);
            self.emit(&para, out)?;
            first = false;
        }
        Ok(())
    }

    /// Appends one paragraph of at most `budget` (> 0) words to `out` and
    /// returns how many words it has.
    pub fn paragraph(&self, rng: &mut Rng, budget: u64, out: &mut String) -> u64 {
        let sentences = 1 + rng.weighted(&[10, 18, 20, 18, 14, 10, 6, 4]);
        let mut used = 0;
        if budget >= 6 && rng.chance(0.28) {
            used += self.dialogue(rng, budget, out);
        }
        for _ in 0..sentences {
            if used >= budget {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            let len = self.sentence_length(rng).min(budget - used);
            used += self.sentence(rng, len, out);
            out.push_str(self.end_mark(rng));
        }
        used
    }

    fn sentence_length(&self, rng: &mut Rng) -> u64 {
        match rng.weighted(&[30, 50, 20]) {
            0 => rng.range(2, 7),
            1 => rng.range(8, 18),
            _ => rng.range(19, 35),
        }
    }

    fn end_mark(&self, rng: &mut Rng) -> &'static str {
        match rng.weighted(&[85, 7, 5, 3]) {
            0 => ".",
            1 => "?",
            2 => "!",
            _ if self.curly => "…",
            _ => "...",
        }
    }

    /// Writes `len` words with no end mark; returns `len`.
    fn sentence(&self, rng: &mut Rng, len: u64, out: &mut String) -> u64 {
        for k in 0..len {
            if k > 0 {
                if k + 1 < len && len > 6 && rng.chance(0.002) {
                    out.push_str(if self.curly { " — " } else { " -- " });
                } else {
                    if k + 1 < len && rng.chance(0.06) {
                        out.push(',');
                    }
                    out.push(' ');
                }
            }
            let word = if rng.chance(0.045) {
                rng.word(&self.names)
            } else {
                self.vocab.sample(rng)
            };
            self.push_word(word, k == 0, out);
        }
        len
    }

    /// One line of dialogue with its tag; at most `budget` (>= 6) words.
    fn dialogue(&self, rng: &mut Rng, budget: u64, out: &mut String) -> u64 {
        let (open, close) = if self.curly {
            ("“", "”")
        } else {
            ("\"", "\"")
        };
        let speaker = rng.word(&self.names);
        let len = rng.range(3, 14).min(budget - 2);
        let question = rng.chance(0.2);
        let verb = if question { "asked" } else { rng.word(SAID) };
        let mark = if question { "?" } else { "," };
        out.push_str(open);
        self.sentence(rng, len, out);
        out.push_str(mark);
        out.push_str(close);
        if rng.chance(0.5) {
            out.push_str(&format!(" {verb} {speaker}."));
        } else {
            out.push_str(&format!(" {speaker} {verb}."));
        }
        len + 2
    }

    fn push_word(&self, word: &str, capital: bool, out: &mut String) {
        if !(capital || self.curly && word.contains('\'')) {
            out.push_str(word);
            return;
        }
        let mut chars = word.chars();
        if capital {
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
            }
        }
        for c in chars {
            if c == '\'' && self.curly {
                out.push('’');
            } else {
                out.push(c);
            }
        }
    }

    fn scene_break(&self, out: &mut Sink) -> Result<()> {
        if self.layout == Layout::LinePerParagraph {
            // No blank lines at all in this layout: the break is a line.
            out.end_line()?;
            out.push(self.scene_break)?;
            return out.push("\n");
        }
        out.blank_line()?;
        out.push(self.scene_break)?;
        out.push("\n\n")
    }

    /// Writes one paragraph in the work's layout.
    pub fn emit(&self, para: &str, out: &mut Sink) -> Result<()> {
        match self.layout {
            Layout::Blank => {
                out.push(para)?;
                out.push("\n\n")
            }
            Layout::LinePerParagraph => {
                out.push(para)?;
                out.push("\n")
            }
            Layout::Wrapped => {
                wrap(para, "", 72, out)?;
                out.push("\n")
            }
            Layout::Indented => wrap(para, self.indent, 72, out),
        }
    }
}

/// Writes `text` hard-wrapped at `width` columns, the first line prefixed by
/// `indent`, each line ended by `\n`.
pub fn wrap(text: &str, indent: &str, width: usize, out: &mut Sink) -> Result<()> {
    let mut line = String::with_capacity(width + 16);
    line.push_str(indent);
    let mut columns = indent.chars().count();
    let mut empty = true;
    for word in text.split(' ') {
        let n = word.chars().count();
        if !empty && columns + 1 + n > width {
            line.push('\n');
            out.push(&line)?;
            line.clear();
            columns = 0;
            empty = true;
        }
        if !empty {
            line.push(' ');
            columns += 1;
        }
        line.push_str(word);
        columns += n;
        empty = false;
    }
    line.push('\n');
    out.push(&line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn paragraph_word_count_matches_unicode_segmentation() {
        let vocab = Vocab::new();
        for curly in [false, true] {
            let prose = Prose {
                vocab: &vocab,
                names: vec!["Zoë", "Mara", "Nyx"],
                curly,
                layout: Layout::Blank,
                indent: "",
                scene_break: "* * *",
            };
            let mut rng = Rng::new(9);
            for budget in [1, 5, 6, 40, 400] {
                let mut para = String::new();
                let n = prose.paragraph(&mut rng, budget, &mut para);
                assert!(n <= budget);
                assert_eq!(para.unicode_words().count() as u64, n, "{para}");
            }
        }
    }
}
