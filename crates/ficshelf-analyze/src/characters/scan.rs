//! The single pass over a chapter's words: every run of capitalised words
//! becomes a candidate phrase (titles stripped), with counts of the
//! evidence for and against it being a person's name, and every occurrence
//! is remembered by paragraph for the pairing scorer.

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::tokens::{
    tokenize, Word, GAP_COMMA, GAP_PERIOD_ONLY, GAP_QUOTE_CLOSE, GAP_QUOTE_OPEN, GAP_STOP,
};
use super::words::{lower, words, Words, LEX_CUE, LEX_ROMANCE};

/// Evidence about one candidate phrase ("Granger", "Hermione Granger").
#[derive(Debug, Default, Clone)]
pub(crate) struct PhraseStats {
    /// Occurrences in all.
    pub mentions: u32,
    /// Occurrences not at the start of a sentence.
    pub mid: u32,
    /// Strong evidence: a title before it, a speech verb beside it.
    pub strong: u32,
    /// Of those, occurrences with a title ("Aunt May", "aunt May").
    pub titled: u32,
    /// Vocatives in dialogue ("Come here, Mara.").
    pub vocative: u32,
    /// Weak evidence: a possessive, a verb after it.
    pub weak: u32,
    /// Evidence against: a determiner or a place preposition before it.
    pub against: u32,
    /// Surface forms with their title, e.g. "Miss Granger", with counts.
    pub forms: Vec<(String, u32)>,
}

/// One occurrence of a candidate phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Occurrence {
    pub paragraph: u32,
    pub phrase: u32,
    pub quoted: bool,
    /// A speech verb beside it, outside quotes: this is the speaker.
    pub speaker: bool,
    /// Addressed by name inside a quotation.
    pub vocative: bool,
}

/// Everything the pass collects.
#[derive(Debug, Default)]
pub(crate) struct ScanResult<'a> {
    /// Candidate phrases, indexed by `Occurrence::phrase`.
    pub phrases: Vec<(String, PhraseStats)>,
    pub occurrences: Vec<Occurrence>,
    /// Lowercase words and how often they occur lowercase.
    pub lowercase: WordCounts,
    /// Ties the result to the text it was read from.
    pub text: std::marker::PhantomData<&'a str>,
    /// Paragraphs with romantic vocabulary.
    pub romantic: Vec<bool>,
    /// Paragraphs whose narration (outside quotes) says "I" or "you".
    pub personal: Vec<bool>,
    /// Paragraphs with a word that may start a disclaimer.
    pub cues: Vec<bool>,
    /// Words in all, and capitalised words not opening a sentence: a high
    /// share means a language that capitalises nouns (German).
    pub words: u32,
    pub capitalised_mid: u32,
}

struct Scanner<'w, 'a> {
    w: &'w Words,
    index: FxHashMap<String, u32>,
    out: ScanResult<'a>,
    buf: String,
    key: String,
    form: String,
}

/// Another reader of every paragraph's words: called with the paragraph's
/// index, its text and its words, so the text is split into words once.
pub(crate) type WordsReader<'r> = dyn FnMut(usize, &str, &[Word<'_>]) + 'r;

/// Runs the pass over `paragraphs`, handing each paragraph's words to
/// `reader` too.
pub(crate) fn scan_with<'a, S: AsRef<str>>(
    paragraphs: &'a [S],
    reader: &mut WordsReader<'_>,
) -> ScanResult<'a> {
    let mut s = Scanner {
        w: words(),
        index: FxHashMap::default(),
        out: ScanResult {
            lowercase: WordCounts::for_bytes(paragraphs.iter().map(|p| p.as_ref().len()).sum()),
            ..ScanResult::default()
        },
        buf: String::new(),
        key: String::new(),
        form: String::new(),
    };
    let mut toks: Vec<Word<'_>> = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        tokenize(para.as_ref(), &mut toks);
        reader(p, para.as_ref(), &toks);
        let mut romantic = false;
        let mut personal = false;
        let mut cue = false;
        for t in &toks {
            if t.is_lowercase() {
                let h = word_hash(t.text);
                s.out.lowercase.add(h);
                if let Some(flags) = s.w.lexicon_flags(t.text, h) {
                    romantic |= flags & LEX_ROMANCE != 0;
                    cue |= flags & LEX_CUE != 0;
                }
                personal =
                    personal || (!t.quoted && matches!(t.text, "me" | "my" | "you" | "your"));
            } else if t.text == "I" && !t.quoted {
                personal = true;
            } else if matches!(t.text, "Disclaimer" | "DISCLAIMER" | "Copyright") {
                cue = true;
            }
        }
        s.out.romantic.push(romantic);
        s.out.personal.push(personal);
        s.out.cues.push(cue);
        s.out.words += toks.len() as u32;
        s.paragraph(p as u32, &toks);
    }
    s.out
}

impl Scanner<'_, '_> {
    fn is_abbreviation(&mut self, word: &str) -> bool {
        word.chars().count() == 1 || self.w.abbreviations.contains_folded(word, &mut self.buf)
    }

    /// Is the word at `i` the first of a sentence?
    fn sentence_start(&mut self, toks: &[Word<'_>], i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let gap = toks[i].gap;
        if gap & GAP_QUOTE_OPEN != 0 {
            return true;
        }
        if gap & GAP_STOP != 0 {
            return !(gap & GAP_PERIOD_ONLY != 0 && self.is_abbreviation(toks[i - 1].text));
        }
        false
    }

    fn paragraph(&mut self, p: u32, toks: &[Word<'_>]) {
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].is_capitalised() {
                i += 1;
                continue;
            }
            // The run: capitalised words joined by spaces or an
            // abbreviation's period; a possessive ends it.
            let mut j = i + 1;
            while j < toks.len() && toks[j].is_capitalised() && !toks[j - 1].possessive {
                let gap = toks[j].gap;
                let joined = gap == 0
                    || (gap == GAP_STOP | GAP_PERIOD_ONLY
                        && self.is_abbreviation(toks[j - 1].text));
                if !joined {
                    break;
                }
                j += 1;
            }
            // "King's Landing": a possessive word then a place cue.
            if j < toks.len()
                && toks[j - 1].possessive
                && toks[j].gap == 0
                && toks[j].is_capitalised()
                && self.w.cue_last.contains_folded(toks[j].text, &mut self.buf)
            {
                i = j + 1;
                continue;
            }
            self.run(p, toks, i, j);
            i = j;
        }
    }

    /// Classifies the run `toks[i..j]` and records it.
    fn run(&mut self, p: u32, toks: &[Word<'_>], i: usize, j: usize) {
        let mut start = i;
        let mut at_sentence_start = self.sentence_start(toks, i);
        // "Then Harry said": a stop word opening the sentence is not part of the name.
        let mut against = 0;
        if at_sentence_start && j - start > 1 {
            let opener = lower(toks[start].text, &mut self.buf);
            if self.w.stop.contains(opener) && !self.w.titles.contains(opener) {
                against += u32::from(self.w.determiners.contains(opener));
                start += 1;
                at_sentence_start = false;
            }
        }
        if !at_sentence_start {
            self.out.capitalised_mid += (j - start) as u32;
        }
        if toks[start..j].iter().any(|t| is_contraction(t.text)) {
            return; // "I'm", "I'll"
        }
        let mut titled = start;
        while titled < j
            && self
                .w
                .titles
                .contains_folded(toks[titled].text, &mut self.buf)
        {
            titled += 1;
        }
        if titled == j || j - titled > 4 {
            return; // an honorific alone, or too long to be a name
        }
        if j - start > 1
            && self
                .w
                .cue_last
                .contains_folded(toks[j - 1].text, &mut self.buf)
        {
            return; // "Baker Street", "Ministry of Magic"
        }
        if j - start > 1
            && titled == start
            && self
                .w
                .cue_first
                .contains_folded(toks[start].text, &mut self.buf)
        {
            return; // "Saint Ives", "Fort William"
        }
        if toks[titled..j].iter().any(|t| t.text.chars().count() == 1) {
            return; // initials: "J. K.", handled by the fandom finder
        }
        self.key.clear();
        for (n, t) in toks[titled..j].iter().enumerate() {
            if n > 0 {
                self.key.push(' ');
            }
            self.key.push_str(t.text);
        }
        self.form.clear();
        for (n, t) in toks[start..j].iter().enumerate() {
            if n > 0 {
                self.form.push(' ');
            }
            self.form.push_str(t.text);
        }

        // Evidence around the run.
        let before = (start > 0 && toks[start].gap == 0).then(|| toks[start - 1]);
        let after = toks.get(j).filter(|t| t.gap & !GAP_COMMA == 0);
        let quoted = toks[start].quoted;
        // "Old Tobin" is a name with an epithet; "Old Egyptian" is not a
        // person, so "old" and "young" do not vouch for a stop word.
        let soft = |t: &Word<'_>| matches!(t.text, "Old" | "Young");
        let mut titles = u32::from(toks[start..titled].iter().any(|t| !soft(t)));
        let epithet = u32::from(titled > start && titles == 0);
        let mut strong = 0;
        let mut speaker = false;
        if let Some(b) = before.filter(|b| b.is_lowercase()) {
            if self.w.speech.contains(b.text) {
                strong += 1;
                speaker = !b.quoted;
            } else if self.w.titles.contains(b.text) {
                titles += 1; // "aunt May", "la abuela Rosa"
            }
        }
        strong += titles + epithet;
        let mut weak = u32::from(toks[j - 1].possessive);
        if let Some(a) = after.filter(|a| a.is_lowercase() && a.gap == 0) {
            if self.w.speech.contains(a.text) {
                strong += 1;
                speaker = !a.quoted;
            } else if self.w.after_name.contains(a.text) {
                weak += 1;
            }
        }
        let mut vocative = false;
        if quoted {
            let next_gap = toks.get(j).map_or(GAP_STOP, |t| t.gap);
            let ends = next_gap & (GAP_COMMA | GAP_STOP | GAP_QUOTE_CLOSE) != 0;
            let opens = toks[start].gap & GAP_QUOTE_OPEN != 0 || start == 0;
            let after_comma = toks[start].gap & GAP_COMMA != 0 && ends;
            // "Mara, come here." / "Dean." / "Cas!"
            let leading = opens
                && next_gap & (GAP_COMMA | GAP_STOP | GAP_QUOTE_CLOSE) != 0
                && j - titled == 1
                && titled == start;
            vocative = after_comma || leading;
        }
        if let Some(b) = before.filter(|b| b.is_lowercase()) {
            let place = self.w.place_prepositions.contains(b.text) && !toks[j - 1].possessive;
            if self.w.determiners.contains(b.text) || place {
                against += 1;
            }
        }

        let id = match self.index.get(self.key.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.out.phrases.len() as u32;
                self.index.insert(self.key.clone(), id);
                self.out
                    .phrases
                    .push((self.key.clone(), PhraseStats::default()));
                id
            }
        };
        let stats = &mut self.out.phrases[id as usize].1;
        stats.mentions += 1;
        stats.mid += u32::from(!at_sentence_start);
        stats.strong += strong;
        stats.titled += titles;
        stats.weak += weak;
        stats.vocative += u32::from(vocative);
        stats.against += against;
        match stats.forms.iter_mut().find(|(f, _)| *f == self.form) {
            Some((_, n)) => *n += 1,
            None => stats.forms.push((self.form.clone(), 1)),
        }
        self.out.occurrences.push(Occurrence {
            paragraph: p,
            phrase: id,
            quoted,
            speaker,
            vocative,
        });
    }
}

/// A hash of a word, shared by the word counts and the lexicon filter.
pub(crate) fn word_hash(word: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

/// Approximate counts of lowercase words (a count-min sketch of two rows
/// in one table): never below the true count, rarely above it. Far cheaper
/// than a hash map keyed by every word of the text.
#[derive(Debug, Default)]
pub(crate) struct WordCounts {
    slots: Vec<u8>,
    mask: u64,
}

impl WordCounts {
    /// Sized for a text of `bytes` bytes.
    pub fn for_bytes(bytes: usize) -> Self {
        let n = (bytes / 2).next_power_of_two().max(4096);
        WordCounts {
            slots: vec![0; n],
            mask: n as u64 - 1,
        }
    }

    pub fn add(&mut self, h: u64) {
        for i in [h & self.mask, (h >> 32) & self.mask] {
            let slot = &mut self.slots[i as usize];
            *slot = slot.saturating_add(1);
        }
    }

    pub fn count(&self, h: u64) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        let a = self.slots[(h & self.mask) as usize];
        let b = self.slots[((h >> 32) & self.mask) as usize];
        u32::from(a.min(b))
    }
}

/// "I'm", "we'll", "Don't": an apostrophe and a short lowercase ending.
fn is_contraction(word: &str) -> bool {
    match word.rfind(['\'', '\u{2019}']) {
        Some(at) => {
            let tail = &word[at..];
            let tail = &tail[tail.chars().next().map_or(0, char::len_utf8)..];
            !tail.is_empty() && tail.len() <= 3 && tail.chars().all(char::is_lowercase)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats<'a>(r: &'a ScanResult, key: &str) -> &'a PhraseStats {
        &r.phrases.iter().find(|(k, _)| k == key).expect(key).1
    }

    #[test]
    fn runs_become_phrases_with_evidence() {
        let r = scan_with(
            &[
                "\"Come here, Mara,\" said Captain Voss. Still, nobody moved on Baker Street.",
                "Then Ilan Brede laughed. Mr. Brede's coat was wet. They sailed to King's Landing.",
            ],
            &mut |_, _, _| {},
        );
        let keys: Vec<&str> = r.phrases.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "Come",
                "Mara",
                "Voss",
                "Still",
                "Ilan Brede",
                "Brede",
                "They"
            ]
        );
        assert_eq!(stats(&r, "Mara").vocative, 1);
        assert_eq!(stats(&r, "Voss").strong, 2);
        assert_eq!(stats(&r, "Voss").forms[0].0, "Captain Voss");
        assert_eq!(stats(&r, "Still").mid, 0);
        assert_eq!(stats(&r, "Ilan Brede").mid, 1);
        assert_eq!(stats(&r, "Brede").strong, 1);
        assert!(r.occurrences.iter().any(|o| o.speaker));
    }
}
