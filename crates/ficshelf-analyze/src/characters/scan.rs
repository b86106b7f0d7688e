//! The single pass over a chapter's words: every run of capitalised words
//! becomes a candidate phrase (titles stripped), with counts of the
//! evidence for and against it being a person's name, and every occurrence
//! is remembered by paragraph for the pairing scorer.

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::shapes;
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
    /// Sentence-initial runs seen again without their first word.
    alternatives: Vec<Alternative>,
}

/// What one run says about the phrase it names (see `Scanner::sight`).
#[derive(Debug, Clone, Copy)]
struct Sighting {
    /// Not at the start of a sentence.
    mid: bool,
    strong: u32,
    titles: u32,
    weak: u32,
    vocative: bool,
    against: u32,
    quoted: bool,
    speaker: bool,
    /// Where the run's words after its titles start.
    titled: usize,
}

/// A sentence-initial run read without its first word ("Tam" for "Poor
/// Tam"): the phrase and occurrence it was recorded as, and what it would
/// be instead.
#[derive(Debug)]
struct Alternative {
    phrase: u32,
    occurrence: u32,
    key: String,
    form: String,
    seen: Sighting,
}

impl PhraseStats {
    /// Counts one sighting, seen as `form`.
    #[inline]
    fn add(&mut self, seen: &Sighting, form: &str) {
        self.mentions += 1;
        self.mid += u32::from(seen.mid);
        self.strong += seen.strong;
        self.titled += seen.titles;
        self.weak += seen.weak;
        self.vocative += u32::from(seen.vocative);
        self.against += seen.against;
        match self.forms.iter_mut().find(|(f, _)| *f == form) {
            Some((_, n)) => *n += 1,
            None => self.forms.push((form.to_string(), 1)),
        }
    }
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
        alternatives: Vec::new(),
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
    s.detach_openers();
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

    /// Does a personal title at `j` start a second name inside the run
    /// that began at `i` ("Herr Weber Dr. Hoi" is two people)?
    #[inline]
    fn title_starts_name(&mut self, toks: &[Word<'_>], i: usize, j: usize) -> bool {
        shapes::personal_title(toks[j].text, &mut self.buf)
            && toks[i..j]
                .iter()
                .any(|t| !self.w.titles.contains_folded(t.text, &mut self.buf))
    }

    fn paragraph(&mut self, p: u32, toks: &[Word<'_>]) {
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].is_capitalised() {
                i += 1;
                continue;
            }
            // The run: capitalised words joined by spaces or an
            // abbreviation's period; a possessive ends it, and so does a
            // word said again ("Ash Ash Ash" is one name three times).
            let mut j = i + 1;
            while j < toks.len()
                && toks[j].is_capitalised()
                && !toks[j - 1].possessive
                && toks[j].text != toks[j - 1].text
            {
                let gap = toks[j].gap;
                let joined = gap == 0
                    || (gap == GAP_STOP | GAP_PERIOD_ONLY
                        && self.is_abbreviation(toks[j - 1].text));
                if !joined || self.title_starts_name(toks, i, j) {
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
            // "Harley Street Sasha": a place ends inside the run, and the
            // name after it is a run of its own.
            let inside = toks.get(i + 1..j.saturating_sub(1)).unwrap_or(&[]);
            let place = inside
                .iter()
                .position(|t| self.w.cue_last.contains_folded(t.text, &mut self.buf));
            let end = place.map_or(j, |k| i + 1 + k + 1);
            self.run(p, toks, i, end);
            i = end;
        }
    }

    /// Classifies the run `toks[i..j]` and records it.
    ///
    /// At the start of a sentence, a first word that is not a title may be
    /// an ordinary word before a name ("Poor Tam", "Take Tam home"): what
    /// the run says without it is kept too, and [`Scanner::detach_openers`]
    /// chooses once the whole text is read.
    fn run(&mut self, p: u32, toks: &[Word<'_>], i: usize, j: usize) {
        let mut start = i;
        let mut at_sentence_start = self.sentence_start(toks, i);
        // "Then Harry said", "Ohhh Sherlock": a stop word or an
        // interjection opening the sentence is not part of the name.
        let mut against = 0;
        if at_sentence_start && j - start > 1 {
            let opener = lower(toks[start].text, &mut self.buf);
            let stop = self.w.stop.contains(opener) || shapes::drawn_out(opener);
            if stop && !self.w.titles.contains(opener) {
                against += u32::from(self.w.determiners.contains(opener));
                start += 1;
                at_sentence_start = false;
            }
        }
        if !at_sentence_start {
            self.out.capitalised_mid += (j - start) as u32;
        }
        let Some(seen) = self.sight(toks, start, j, at_sentence_start, against) else {
            return;
        };
        let (phrase, occurrence) = self.record(p, &seen);
        if at_sentence_start && j - start > 1 && seen.titled == start {
            if let Some(without) = self.sight(toks, start + 1, j, false, 0) {
                self.alternatives.push(Alternative {
                    phrase,
                    occurrence,
                    key: self.key.clone(),
                    form: self.form.clone(),
                    seen: without,
                });
            }
        }
    }

    /// The evidence the run `toks[start..j]` gives about the phrase it
    /// names, with the phrase's key (titles, honorifics and stammers cut)
    /// left in `self.key` and its surface form in `self.form`. None when
    /// the run names nobody: a contraction, an honorific alone, a place,
    /// initials, more than four words.
    #[inline]
    fn sight(
        &mut self,
        toks: &[Word<'_>],
        start: usize,
        j: usize,
        at_sentence_start: bool,
        against: u32,
    ) -> Option<Sighting> {
        if toks[start..j]
            .iter()
            .any(|t| t.joined && is_contraction(t.text))
        {
            return None; // "I'm", "I'll"
        }
        let mut titled = start;
        while titled < j
            && self
                .w
                .titles
                .contains_folded(plain(&toks[titled]), &mut self.buf)
        {
            titled += 1;
        }
        if titled == j || j - titled > 4 {
            return None; // an honorific alone, or too long to be a name
        }
        if j - start > 1
            && self
                .w
                .cue_last
                .contains_folded(toks[j - 1].text, &mut self.buf)
        {
            return None; // "Baker Street", "Ministry of Magic"
        }
        if j - start > 1
            && titled == start
            && self
                .w
                .cue_first
                .contains_folded(toks[start].text, &mut self.buf)
        {
            return None; // "Saint Ives", "Fort William"
        }
        if toks[titled..j].iter().any(|t| t.text.chars().count() == 1) {
            return None; // initials: "J. K.", handled by the fandom finder
        }
        self.key.clear();
        let mut honorific = false;
        for (n, t) in toks[titled..j].iter().enumerate() {
            if n > 0 {
                self.key.push(' ');
            }
            let (stem, cut) = if t.joined {
                shapes::strip_honorific(plain(t))
            } else {
                (t.text, false)
            };
            honorific |= cut;
            self.key.push_str(stem);
        }
        self.form.clear();
        for (n, t) in toks[start..j].iter().enumerate() {
            if n > 0 {
                self.form.push(' ');
            }
            self.form.push_str(plain(t));
        }

        // Evidence around the run.
        let before = (start > 0 && toks[start].gap == 0).then(|| toks[start - 1]);
        let after = toks.get(j).filter(|t| t.gap & !GAP_COMMA == 0);
        let quoted = toks[start].quoted;
        // "Old Tobin" is a name with an epithet; "Old Egyptian" is not a
        // person, so "old" and "young" do not vouch for a stop word.
        let soft = |t: &Word<'_>| matches!(t.text, "Old" | "Young");
        let mut titles = u32::from(toks[start..titled].iter().any(|t| !soft(t)) || honorific);
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
        let mut against = against;
        if let Some(b) = before.filter(|b| b.is_lowercase()) {
            let place = self.w.place_prepositions.contains(b.text) && !toks[j - 1].possessive;
            if self.w.determiners.contains(b.text) || place {
                against += 1;
            }
        }
        Some(Sighting {
            mid: !at_sentence_start,
            strong,
            titles,
            weak,
            vocative,
            against,
            quoted,
            speaker,
            titled,
        })
    }

    /// The index of the phrase `self.key`, added if new.
    #[inline]
    fn phrase_id(&mut self, key: &str) -> u32 {
        match self.index.get(key) {
            Some(&id) => id,
            None => {
                let id = self.out.phrases.len() as u32;
                self.index.insert(key.to_string(), id);
                self.out
                    .phrases
                    .push((key.to_string(), PhraseStats::default()));
                id
            }
        }
    }

    /// Records one sighting of the phrase `self.key`, seen as `self.form`,
    /// in paragraph `p`: the phrase's index and the occurrence's.
    #[inline]
    fn record(&mut self, p: u32, seen: &Sighting) -> (u32, u32) {
        let key = std::mem::take(&mut self.key);
        let id = self.phrase_id(&key);
        self.key = key;
        self.out.phrases[id as usize].1.add(seen, &self.form);
        self.out.occurrences.push(Occurrence {
            paragraph: p,
            phrase: id,
            quoted: seen.quoted,
            speaker: seen.speaker,
            vocative: seen.vocative,
        });
        (id, self.out.occurrences.len() as u32 - 1)
    }

    /// Once the whole text is read: a phrase seen at the start of a
    /// sentence whose first word is an ordinary word ("Poor Tam", "Take
    /// Tam", "Carefully Wren") gives its sightings to the phrase without
    /// that word. The word is ordinary when the text never uses it as a
    /// name, and it is written lowercase elsewhere in the text, or shaped
    /// like an opener ([`shapes::opener_shaped`]), or what follows it is a
    /// full name the text uses mid-sentence ("Stubborn Tony Stark").
    ///
    /// A phrase also seen mid-sentence (after a dash, or a quotation closed
    /// without a stop: "…up” Puzzled Tam asked") needs more: the word
    /// written lowercase at least twice as often as the phrase occurs, and,
    /// when the phrase never starts a sentence, shaped like an opener too.
    fn detach_openers(&mut self) {
        let alternatives = std::mem::take(&mut self.alternatives);
        let mut has_alternative = vec![false; self.out.phrases.len()];
        for alt in &alternatives {
            has_alternative[alt.phrase as usize] = true;
        }
        // Phrases whose first word reads as an ordinary word, and those
        // words.
        let mut detach = vec![false; self.out.phrases.len()];
        let mut openers: FxHashMap<&str, u32> = FxHashMap::default();
        for (phrase, (key, stats)) in self.out.phrases.iter().enumerate() {
            // Seen at a sentence's start, or mid-sentence with no title
            // before the first word.
            let started = has_alternative[phrase];
            if stats.mentions == 0 || !(started || (stats.mid > 0 && stats.titled == 0)) {
                continue;
            }
            let Some((opener, rest)) = key.split_once(' ') else {
                continue;
            };
            let lowered = lower(opener, &mut self.buf);
            if !started && !shapes::opener_shaped(lowered) {
                continue;
            }
            let lowercase = self.out.lowercase.count(word_hash(lowered));
            detach[phrase] = if stats.mid > 0 {
                lowercase >= 2 * stats.mentions
            } else {
                let full_name_follows = rest.contains(' ')
                    && self
                        .index
                        .get(rest)
                        .is_some_and(|&id| self.out.phrases[id as usize].1.mid > 0);
                lowercase > 0 || shapes::opener_shaped(lowered) || full_name_follows
            };
            if detach[phrase] {
                openers.insert(opener, 0);
            }
        }
        if openers.is_empty() {
            return;
        }
        // How often the text uses each such word as a name: a single name
        // with evidence (a word alone at the start of a quotation, "“Move!”",
        // is no evidence), or the first word of a longer name (of no stop
        // words) seen mid-sentence.
        for (key, s) in &self.out.phrases {
            let first = key.split(' ').next().unwrap_or(key);
            let Some(count) = openers.get_mut(first) else {
                continue;
            };
            let name = if first.len() == key.len() {
                s.strong + s.weak > 0 || (s.vocative > 0 && s.mid > 0)
            } else {
                s.mid > 0
                    && !key
                        .split(' ')
                        .any(|t| self.w.stop.contains_folded(t, &mut self.buf))
            };
            *count += u32::from(name);
        }
        for (phrase, (key, stats)) in self.out.phrases.iter().enumerate() {
            if detach[phrase] {
                let opener = key.split(' ').next().unwrap_or(key);
                // Its own mid-sentence sightings do not make the word a name.
                let own = u32::from(stats.mid > 0);
                detach[phrase] = openers.get(opener).copied().unwrap_or(0) <= own;
            }
        }
        if !detach.contains(&true) {
            return;
        }
        // Sentence-initial sightings move with the evidence read without
        // the word.
        for alt in alternatives {
            if !detach[alt.phrase as usize] {
                continue;
            }
            let id = self.phrase_id(&alt.key);
            let from = &mut self.out.phrases[alt.phrase as usize].1;
            from.mentions -= 1;
            if let Some((_, n)) = from.forms.iter_mut().find(|(f, _)| *f == alt.form) {
                *n = n.saturating_sub(1);
            }
            self.out.phrases[id as usize].1.add(&alt.seen, &alt.form);
            let o = &mut self.out.occurrences[alt.occurrence as usize];
            o.phrase = id;
            o.speaker = alt.seen.speaker;
            o.vocative = alt.seen.vocative;
        }
        // Mid-sentence sightings move as they were counted.
        let mut target: Vec<u32> = Vec::new();
        for phrase in 0..detach.len() {
            if !detach[phrase] {
                continue;
            }
            let (key, from) = std::mem::take(&mut self.out.phrases[phrase]);
            self.out.phrases[phrase].0 = key;
            let key = &self.out.phrases[phrase].0;
            let rest = key.split_once(' ').map_or("", |(_, r)| r).to_string();
            if from.mid == 0 {
                continue;
            }
            let id = self.phrase_id(&rest);
            let to = &mut self.out.phrases[id as usize].1;
            to.mentions += from.mid;
            to.mid += from.mid;
            if !has_alternative[phrase] {
                // Every sighting was mid-sentence: all the evidence is theirs.
                to.strong += from.strong;
                to.titled += from.titled;
                to.weak += from.weak;
                to.vocative += from.vocative;
                to.against += from.against;
            }
            for (form, n) in from.forms.into_iter().filter(|(_, n)| *n > 0) {
                let form = form.split_once(' ').map_or(form.as_str(), |(_, r)| r);
                match to.forms.iter_mut().find(|(f, _)| f == form) {
                    Some((_, m)) => *m += n,
                    None => to.forms.push((form.to_string(), n)),
                }
            }
            while target.len() < self.out.phrases.len() {
                target.push(target.len() as u32);
            }
            target[phrase] = id;
        }
        if !target.is_empty() {
            for o in &mut self.out.occurrences {
                if let Some(&t) = target.get(o.phrase as usize) {
                    o.phrase = t;
                }
            }
        }
    }
}

/// The word without a stammer ("S-Suguru" is "Suguru"); only a word with a
/// hyphen inside can have one.
#[inline]
fn plain<'a>(word: &Word<'a>) -> &'a str {
    if word.joined {
        shapes::unstammer(word.text)
    } else {
        word.text
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
