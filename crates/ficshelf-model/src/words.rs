//! Word counting with Unicode word segmentation (UAX #29).

use unicode_segmentation::UnicodeSegmentation;

/// Counts the words in `text` the way every Ficshelf surface reports them:
/// Unicode word boundaries, counting only segments that contain a letter or
/// digit (so punctuation and scene-break markers never count).
pub fn count_words(text: &str) -> u64 {
    text.unicode_words().count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_contractions_and_hyphens_like_a_reader() {
        assert_eq!(count_words("It's a well-known fact."), 5);
        assert_eq!(count_words("* * *"), 0);
        assert_eq!(count_words("Café au lait, s'il vous plaît"), 6);
        assert_eq!(count_words(""), 0);
    }
}
