//! Near-duplicate detection: MinHash signatures over word shingles and an
//! LSH banding index.
//!
//! - Text is normalised to lowercase words of letters and digits
//!   (punctuation, quote style, whitespace and line breaks do not matter).
//! - Shingles are runs of [`SHINGLE`] words, hashed with a fast
//!   non-cryptographic mix; [`PERMUTATIONS`] minimums come from
//!   one-permutation hashing (see [`signature`]), so a [`Signature`] is 128
//!   `u32`s plus the shingle count (for containment), storable via
//!   [`Signature::to_bytes`].
//! - [`LshIndex`] splits signatures into [`BANDS`] bands of [`ROWS`] rows;
//!   texts sharing a band are candidates, then verified on the estimated
//!   similarity. [`groups`] joins verified pairs into groups.
//!
//! Two texts are duplicates when their estimated Jaccard similarity reaches
//! the threshold ([`DEFAULT_THRESHOLD`]), or when the shorter is almost
//! wholly contained in the longer ([`CONTAINMENT_THRESHOLD`]): the same story
//! saved once with one chapter and once with two.

use crate::stats::RoughWords;
use std::collections::HashMap;

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Min-hashes per signature.
pub const PERMUTATIONS: usize = 128;
/// LSH bands; [`BANDS`] × [`ROWS`] = [`PERMUTATIONS`]. With 4 rows a pair
/// at Jaccard 0.4 becomes a candidate about 60% of the time, at 0.6 about
/// 98%, so verification (not banding) sets the threshold.
pub const BANDS: usize = 32;
/// Rows per band.
pub const ROWS: usize = PERMUTATIONS / BANDS;
/// Estimated Jaccard similarity at which two texts are the same story.
pub const DEFAULT_THRESHOLD: f64 = 0.7;
/// Share of the shorter text's shingles found in the longer one at which
/// they are the same story whatever their Jaccard similarity.
pub const CONTAINMENT_THRESHOLD: f64 = 0.85;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// One minimum per permutation; all `u32::MAX` for a text with no words.
    pub mins: Vec<u32>,
    /// Number of shingles hashed (an estimate of the text's size).
    pub shingles: u32,
}

/// A stored signature could not be read back.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("signature has {0} bytes, expected {expected}", expected = 4 * (PERMUTATIONS + 1))]
    Length(usize),
}

impl Signature {
    /// Little-endian bytes: the shingle count, then the minimums.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * (self.mins.len() + 1));
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads bytes written by [`Signature::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, SignatureError> {
        if bytes.len() != 4 * (PERMUTATIONS + 1) {
            return Err(SignatureError::Length(bytes.len()));
        }
        let mut words = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let shingles = words.next().unwrap_or(0);
        Ok(Signature {
            mins: words.collect(),
            shingles,
        })
    }
}

/// A splitmix64-style finaliser: a fast, well-mixed 64-bit hash step.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hashes of the normalised words of `text`, in order.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    push_word_hashes(text, &mut out);
    out
}

/// Appends the hashes of the normalised words of `text` to `out`. Words
/// never run across the end of `text`, so the hashes of paragraphs pushed
/// one after another equal those of the paragraphs joined by line breaks.
///
/// A word is a run of letters and digits, lowercased; apostrophes (`'`,
/// `’`) inside or after it neither end it nor count.
pub fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    push_word_hashes_counting(text, out, &mut RoughWords::default());
}

/// [`push_word_hashes`], counting the text's rough words on the way (for
/// the dialogue share).
pub fn push_word_hashes_counting(text: &str, out: &mut Vec<u64>, rough: &mut RoughWords) {
    let mut word = WordHash::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII without decoding.
        if b.is_ascii() {
            i += 1;
            if crate::stats::is_ascii_word_byte(b) {
                word.push_ascii(b);
                rough.word();
            } else {
                rough.ascii(b);
                if b != b'\'' {
                    word.finish(out);
                }
            }
            continue;
        }
        rough.non_ascii(b);
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_alphanumeric() {
            word.push_char(c);
        } else if c != '’' {
            word.finish(out);
        }
    }
    word.finish(out);
}

/// The hash of one word built letter by letter, as [`push_word_hashes`]
/// builds it: for a caller that reads the text for something else too
/// (the point-of-view pass hashes the narration it reads).
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHash {
    hash: u64,
    started: bool,
}

impl WordHash {
    /// Adds an ASCII letter or digit.
    #[inline]
    pub fn push_ascii(&mut self, b: u8) {
        self.hash = (self.hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        self.started = true;
    }

    /// Adds a run of ASCII letters and digits (what [`Self::push_ascii`]
    /// does for each, in a tighter loop).
    #[inline]
    pub fn push_ascii_run(&mut self, run: &[u8]) {
        let mut hash = self.hash;
        for &b in run {
            // Bit 5 lowercases a letter and leaves a digit as it is.
            hash = (hash ^ u64::from(b | 0x20)).wrapping_mul(0x0100_0000_01b3);
        }
        self.hash = hash;
        self.started |= !run.is_empty();
    }

    /// Adds a letter or digit outside ASCII.
    #[inline]
    pub fn push_char(&mut self, c: char) {
        let lower = c.to_lowercase().next().unwrap_or(c) as u64;
        self.hash = (self.hash ^ lower).wrapping_mul(0x0100_0000_01b3);
        self.started = true;
    }

    /// Ends the word: appends its hash to `out` if it has a letter or
    /// digit, and starts the next.
    #[inline]
    pub fn finish(&mut self, out: &mut Vec<u64>) {
        if self.started {
            out.push(mix(self.hash));
        }
        *self = WordHash::default();
    }
}

/// The MinHash signature of `text`.
///
/// One-permutation hashing: each shingle is hashed once; the top bits pick
/// one of [`PERMUTATIONS`] bins and the low 32 bits compete for its
/// minimum. Empty bins borrow from the next filled bin to their right,
/// re-mixed with the distance (densification), so two texts with the same
/// shingles always get the same signature and equal bins still estimate
/// Jaccard similarity. Costs one hash per shingle instead of 128.
pub fn signature(text: &str) -> Signature {
    signature_of_hashes(&word_hashes(text))
}

/// The MinHash signature of a text given as its word hashes (see
/// [`push_word_hashes`]).
pub fn signature_of_hashes(words: &[u64]) -> Signature {
    let mut bins = [u32::MAX; PERMUTATIONS];
    let mut filled = [false; PERMUTATIONS];
    let mut count = 0u32;
    let mut add = |h: u64| {
        let bin = (h >> 57) as usize % PERMUTATIONS;
        bins[bin] = bins[bin].min(h as u32);
        filled[bin] = true;
    };
    if words.len() < SHINGLE {
        if !words.is_empty() {
            add(mix(words.iter().fold(0, |h, w| mix(h ^ w))));
            count = 1;
        }
    } else {
        for window in words.windows(SHINGLE) {
            let mut h = 0u64;
            for w in window {
                h = h.rotate_left(17) ^ w;
            }
            add(mix(h));
            count += 1;
        }
    }
    if count > 0 {
        for i in 0..PERMUTATIONS {
            if filled[i] {
                continue;
            }
            let (t, j) = (1..PERMUTATIONS)
                .map(|t| (t, (i + t) % PERMUTATIONS))
                .find(|&(_, j)| filled[j])
                .unwrap_or((0, i));
            bins[i] = mix(u64::from(bins[j]) ^ ((t as u64) << 40)) as u32;
        }
    }
    Signature {
        mins: bins.to_vec(),
        shingles: count,
    }
}

/// Estimated Jaccard similarity: the share of equal minimums (0 when either
/// text had no words).
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    if a.shingles == 0 || b.shingles == 0 || a.mins.len() != b.mins.len() {
        return 0.0;
    }
    let same = a.mins.iter().zip(&b.mins).filter(|(x, y)| x == y).count();
    same as f64 / a.mins.len() as f64
}

/// Estimated share of the smaller text's shingles that occur in the larger,
/// from the Jaccard estimate and the shingle counts.
pub fn containment(a: &Signature, b: &Signature) -> f64 {
    let j = similarity(a, b);
    let (small, large) = if a.shingles <= b.shingles {
        (a.shingles, b.shingles)
    } else {
        (b.shingles, a.shingles)
    };
    if small == 0 {
        return 0.0;
    }
    // |A∩B| = J(|A|+|B|)/(1+J)
    let inter = j * f64::from(small + large) / (1.0 + j);
    (inter / f64::from(small)).min(1.0)
}

/// Whether two signatures are the same story at Jaccard `threshold` (or by
/// containment, see [`CONTAINMENT_THRESHOLD`]).
pub fn is_duplicate(a: &Signature, b: &Signature, threshold: f64) -> bool {
    similarity(a, b) >= threshold || containment(a, b) >= CONTAINMENT_THRESHOLD
}

/// An LSH index over signatures keyed by caller ids.
#[derive(Debug, Default)]
pub struct LshIndex {
    buckets: HashMap<(u8, u64), Vec<u64>>,
}

impl LshIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a signature; returns the ids already indexed that share a band
    /// with it (unverified candidates, each once).
    pub fn insert(&mut self, id: u64, sig: &Signature) -> Vec<u64> {
        let mut found = Vec::new();
        if sig.shingles == 0 {
            return found;
        }
        for (band, rows) in sig.mins.chunks(ROWS).enumerate() {
            let key = rows.iter().fold(band as u64, |h, r| mix(h ^ u64::from(*r)));
            let bucket = self.buckets.entry((band as u8, key)).or_default();
            for other in bucket.iter() {
                if !found.contains(other) {
                    found.push(*other);
                }
            }
            bucket.push(id);
        }
        found
    }
}

/// A group of texts judged to be the same story.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateGroup {
    /// Member ids, ascending.
    pub ids: Vec<u64>,
    /// The lowest estimated Jaccard similarity among the pairs that joined
    /// the group.
    pub similarity: f64,
}

/// Groups of two or more ids whose signatures are duplicates at
/// `threshold`, largest similarity first.
pub fn groups(sigs: &[(u64, Signature)], threshold: f64) -> Vec<DuplicateGroup> {
    let mut index = LshIndex::new();
    let mut parent: Vec<usize> = (0..sigs.len()).collect();
    let mut link_sim = vec![f64::INFINITY; sigs.len()];
    let pos: HashMap<u64, usize> = sigs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    for (i, (id, sig)) in sigs.iter().enumerate() {
        for other in index.insert(*id, sig) {
            let j = pos[&other];
            if is_duplicate(sig, &sigs[j].1, threshold) {
                let s = similarity(sig, &sigs[j].1);
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                let low = s.min(link_sim[ri]).min(link_sim[rj]);
                parent[ri] = rj;
                link_sim[rj] = low;
            }
        }
    }
    let mut by_root: HashMap<usize, Vec<u64>> = HashMap::new();
    for (i, (id, _)) in sigs.iter().enumerate() {
        let r = find(&mut parent, i);
        by_root.entry(r).or_default().push(*id);
    }
    let mut out: Vec<DuplicateGroup> = by_root
        .into_iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .map(|(r, mut ids)| {
            ids.sort_unstable();
            DuplicateGroup {
                ids,
                similarity: link_sim[r],
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.ids.cmp(&b.ids))
    });
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The lighthouse keeper climbed the stairs every night at nine, \
        counting the steps under his breath, and every night the lamp was already lit. \
        He never asked who lit it. He left a cup of tea on the top step instead, and \
        in the morning the cup was always empty and always rinsed.";

    #[test]
    fn formatting_does_not_change_the_signature() {
        let reformatted = STORY.to_uppercase().replace(' ', "\n  ").replace(',', " ,");
        assert_eq!(signature(STORY), signature(&reformatted));
    }

    #[test]
    fn similar_texts_group_and_different_do_not() {
        let edited = STORY.replace("nine", "ten");
        let other = "A completely different story about a baker who rose at three \
            and kneaded dough in the dark while the city slept around her shop.";
        let sigs = vec![
            (1, signature(STORY)),
            (2, signature(&edited)),
            (3, signature(other)),
        ];
        assert!(similarity(&sigs[0].1, &sigs[1].1) > 0.6);
        assert!(similarity(&sigs[0].1, &sigs[2].1) < 0.1);
        let g = groups(&sigs, 0.6);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].ids, vec![1, 2]);
    }

    #[test]
    fn containment_catches_an_added_chapter() {
        let longer = format!(
            "{STORY} {}",
            STORY
                .replace("lighthouse", "harbour")
                .replace("tea", "soup")
                .replace("night", "day")
        );
        let (a, b) = (signature(STORY), signature(&longer));
        assert!(
            containment(&a, &b) > CONTAINMENT_THRESHOLD,
            "{}",
            containment(&a, &b)
        );
        assert!(is_duplicate(&a, &b, DEFAULT_THRESHOLD));
    }

    #[test]
    fn bytes_round_trip() {
        let s = signature(STORY);
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Ok(s));
        assert_eq!(
            Signature::from_bytes(&[1, 2]),
            Err(SignatureError::Length(2))
        );
        assert_eq!(signature("").shingles, 0);
    }
}
