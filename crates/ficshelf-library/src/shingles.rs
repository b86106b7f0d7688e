//! Exact word shingles of a chapter's text: runs of
//! [`SHINGLE`](ficshelf_analyze::minhash::SHINGLE) words, read as
//! `ficshelf_analyze::minhash` reads them (lower case, letters and digits).
//! Import compares them to tell whether files hold the same story, and
//! merging to tell whether a file holds a whole work's chapters at once.

use ficshelf_analyze::minhash::{push_word_hashes, SHINGLE};
use std::collections::HashSet;

/// The word shingles of one text.
#[derive(Debug, Default)]
pub(crate) struct Shingles(HashSet<u64>);

impl Shingles {
    /// Shingles of `text`; a text shorter than one shingle is one shingle.
    pub fn of(text: &str) -> Shingles {
        let mut words = Vec::new();
        push_word_hashes(text, &mut words);
        let fold = |run: &[u64]| run.iter().fold(0u64, |h, w| h.rotate_left(17) ^ w);
        let set = if words.len() < SHINGLE {
            (!words.is_empty())
                .then(|| fold(&words))
                .into_iter()
                .collect()
        } else {
            words.windows(SHINGLE).map(fold).collect()
        };
        Shingles(set)
    }

    /// The share of the smaller set found in the larger (0 when either is empty).
    pub fn containment(&self, other: &Shingles) -> f64 {
        let (small, large) = if self.0.len() <= other.0.len() {
            (self, other)
        } else {
            (other, self)
        };
        small.share_in(&[large])
    }

    /// The share of these shingles found in any of `others` (0 when empty).
    pub fn share_in(&self, others: &[&Shingles]) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        let found = self
            .0
            .iter()
            .filter(|s| others.iter().any(|o| o.0.contains(s)))
            .count();
        found as f64 / self.0.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::Shingles;

    #[test]
    fn containment_reads_words_not_layout() {
        let a = Shingles::of("The ferry left the harbour at dawn with nobody aboard.");
        let b = Shingles::of("THE FERRY\nleft the harbour — at dawn, with nobody aboard!");
        assert_eq!(a.containment(&b), 1.0);
        let short = Shingles::of("the ferry left");
        assert_eq!(
            short.containment(&a),
            0.0,
            "a short text is one shingle of its own"
        );
        assert_eq!(Shingles::of("").containment(&a), 0.0);
    }

    #[test]
    fn a_text_is_found_across_several_others() {
        let whole = Shingles::of(
            "The ferry left the harbour at dawn. Snow came early to the orchard that year.",
        );
        let one = Shingles::of("The ferry left the harbour at dawn.");
        let two = Shingles::of("Snow came early to the orchard that year.");
        assert!(whole.share_in(&[&one, &two]) > 0.6);
        assert!(whole.share_in(&[&one]) < 0.5);
    }
}
