//! The text analyzer of every full-text field, and token positions without
//! running it.
//!
//! Words are split on non-alphanumerics (tantivy's `SimpleTokenizer`),
//! tokens of 40 bytes or more dropped, and each kept word lower-cased,
//! ASCII-folded and stemmed (English). Those three steps depend only on the
//! word itself, and story text repeats a small vocabulary (word frequencies
//! follow Zipf's law), so [`NormalizeWords`] runs tantivy's own
//! `LowerCaser`, `AsciiFoldingFilter` and `Stemmer` once per distinct word
//! and remembers the result: the tokens are exactly those of the plain
//! chain, at a fraction of the stemming cost.
//!
//! [`token_span`] gives the number of positions a text takes in a field
//! without producing tokens, for the chapter map of work documents.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Tokens this long (in bytes) or longer are dropped.
const LONG_TOKEN_BYTES: usize = 40;

/// Distinct words a [`NormalizeWords`] filter remembers before it starts
/// afresh (a few MB per analyzer, whatever the size of the library).
const REMEMBERED_WORDS: usize = 1 << 16;

/// Builds the analyzer: words split on non-alphanumerics, long tokens
/// dropped, lowercased, accents folded, English stemming.
pub(crate) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONG_TOKEN_BYTES))
        .filter(NormalizeWords)
        .build()
}

/// The same tokens as [`text_analyzer`], by the plain chain of tantivy's
/// filters, remembering nothing: for a passage analysed once (a snippet),
/// where remembering each word's form would cost an allocation and a hash
/// insert per word and save nothing. Cheap to clone (tantivy's snippet
/// generator clones its analyzer for every snippet).
pub(crate) fn passage_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONG_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The normalisation of one word: lower case, ASCII folding, English stem,
/// by tantivy's filters over the word as a single token.
fn word_normalizer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// A token filter replacing each word by its normalised form (see the
/// module docs), remembering the forms of the words it has seen.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NormalizeWords;

impl TokenFilter for NormalizeWords {
    type Tokenizer<T: Tokenizer> = NormalizingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NormalizingTokenizer<T> {
        NormalizingTokenizer {
            inner: tokenizer,
            words: RememberedForms::default(),
        }
    }
}

/// The tokenizer [`NormalizeWords`] makes of the one before it.
#[derive(Clone)]
pub(crate) struct NormalizingTokenizer<T> {
    inner: T,
    words: RememberedForms,
}

impl<T: Tokenizer> Tokenizer for NormalizingTokenizer<T> {
    type TokenStream<'a> = NormalizingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NormalizingStream {
            tail: self.inner.token_stream(text),
            words: &mut self.words,
        }
    }
}

/// The token stream of a [`NormalizingTokenizer`].
pub(crate) struct NormalizingStream<'a, S> {
    tail: S,
    words: &'a mut RememberedForms,
}

impl<S: TokenStream> TokenStream for NormalizingStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.words.normalize(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Normalised forms of the words seen so far, by the word as written.
struct RememberedForms {
    normalizer: TextAnalyzer,
    forms: FxHashMap<Box<str>, Box<str>>,
}

impl Default for RememberedForms {
    fn default() -> Self {
        RememberedForms {
            normalizer: word_normalizer(),
            forms: FxHashMap::default(),
        }
    }
}

impl Clone for RememberedForms {
    /// A clone starts with nothing remembered: tantivy clones an analyzer
    /// for each segment it writes, and copying the forms would cost more
    /// than finding them again.
    fn clone(&self) -> Self {
        RememberedForms::default()
    }
}

impl RememberedForms {
    /// Replaces `word` by its normalised form.
    fn normalize(&mut self, word: &mut String) {
        if let Some(form) = self.forms.get(word.as_str()) {
            word.clear();
            word.push_str(form);
            return;
        }
        let form = {
            let mut stream = self.normalizer.token_stream(word);
            if stream.advance() {
                std::mem::take(&mut stream.token_mut().text)
            } else {
                String::new()
            }
        };
        if self.forms.len() >= REMEMBERED_WORDS {
            self.forms.clear();
        }
        self.forms
            .insert(word.as_str().into(), form.as_str().into());
        *word = form;
    }
}

/// The positions `text` takes as one value of a field analysed by
/// [`text_analyzer`]: one past the position of its last kept token (0 if
/// it has none). Tantivy starts the next value of the field one position
/// further.
///
/// The tokenizer numbers every alphanumeric run, kept or not, and the
/// filters after it never add or drop a token but the long ones, so this
/// scan over the bytes gives the analyzer's numbers without making tokens.
pub(crate) fn token_span(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut span: u32 = 0;
    let mut index: u32 = 0;
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alphanumeric, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (alphanumeric, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                span = end_token(span, index, i - from);
                index = index.saturating_add(1);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(from) = start {
        span = end_token(span, index, bytes.len() - from);
    }
    span
}

/// The span after the token numbered `index`, `len` bytes long, ends.
fn end_token(span: u32, index: u32, len: usize) -> u32 {
    if len < LONG_TOKEN_BYTES {
        index.saturating_add(1)
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// One past the last position the analyzer gives `text`'s tokens.
    fn analyzed_span(text: &str) -> u32 {
        tokens(&mut passage_analyzer(), text)
            .iter()
            .map(|t| (t.position + t.position_length) as u32)
            .max()
            .unwrap_or(0)
    }

    const SAMPLES: &[&str] = &[
        "The running foxes RAN past Zoë's café — naïvely, gladly; 3.14 × 2 = 6.28!",
        "Straße ΣΊΣΥΦΟΣ İstanbul ﬁne Ǆemal ½ ① 二〇二四 نص",
        "",
        "   ...   ",
        "a abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz b",
        "tail abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "ééééééééééééééééééééé ok",
        "Hopes, hoped, hoping; the hopeful hoped again.",
    ];

    #[test]
    fn remembered_forms_are_the_plain_chains_tokens() {
        let mut remembered = text_analyzer();
        for _ in 0..2 {
            for text in SAMPLES {
                assert_eq!(
                    tokens(&mut remembered, text),
                    tokens(&mut passage_analyzer(), text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn forgetting_keeps_the_forms() {
        let mut forms = RememberedForms::default();
        for n in 0..REMEMBERED_WORDS + 10 {
            let mut word = format!("Walking{n}s");
            forms.normalize(&mut word);
        }
        assert!(forms.forms.len() <= REMEMBERED_WORDS);
        let mut word = "Walking".to_string();
        forms.normalize(&mut word);
        assert_eq!(word, "walk");
        let mut again = "Walking".to_string();
        forms.normalize(&mut again);
        assert_eq!(again, "walk");
    }

    #[test]
    fn span_is_the_analyzers() {
        for text in SAMPLES {
            assert_eq!(token_span(text), analyzed_span(text), "{text:?}");
        }
        // Every sequence of up to 4 pieces, with runs near the long-token
        // limit and characters of 1 to 3 bytes.
        let long = "x".repeat(LONG_TOKEN_BYTES - 1);
        let pieces = ["a", "É", " ", "-", "\u{0301}", "二", long.as_str(), "ü"];
        let mut stack = vec![(String::new(), 0)];
        while let Some((s, n)) = stack.pop() {
            assert_eq!(token_span(&s), analyzed_span(&s), "{s:?}");
            if n < 4 {
                for piece in pieces {
                    stack.push((format!("{s}{piece}"), n + 1));
                }
            }
        }
    }
}
