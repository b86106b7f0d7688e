//! Facets with few values counted by bitmaps instead of value by value.
//!
//! A search matching half the library counts, per facet, the values of
//! tens of thousands of works one step at a time ([`super::work_values`]).
//! For a facet with few distinct values in a segment (warnings, fandoms,
//! language, status, a small tag set) one bitmap per value over the
//! segment's works answers the same question in `values × works / 64`
//! word operations: the works counted, as a bitmap, ANDed with each
//! value's bitmap, and the bits counted. Which way is cheaper is decided
//! per search from the number of works counted.
//!
//! Bitmaps count works; the value lists count values. The two agree only
//! when no work lists a value twice, so a facet gets bitmaps only then.

/// Bitmap bits a segment keeps per work, over all its facets: facets get
/// bitmaps fewest values first while they fit (20 bytes a work, 20 MB at
/// a million works). Facets with many values are counted value by value.
pub(crate) const BITS_PER_WORK: usize = 160;

/// A set of works of a segment, by position, one bit each.
#[derive(Debug)]
pub(crate) struct WorkBits {
    words: Vec<u64>,
}

impl WorkBits {
    /// The works at `positions`, of a segment with `works` works.
    pub fn of(positions: &[u32], works: usize) -> WorkBits {
        let mut words = vec![0u64; works.div_ceil(64)];
        for &i in positions {
            if let Some(word) = words.get_mut(i as usize / 64) {
                *word |= 1 << (i % 64);
            }
        }
        WorkBits { words }
    }
}

/// One bitmap per value of a facet over a segment's works.
#[derive(Debug)]
pub(crate) struct ValueBitmaps {
    /// Words per bitmap.
    words: usize,
    /// Value `v`'s works are `bits[v * words..(v + 1) * words]`.
    bits: Vec<u64>,
}

impl ValueBitmaps {
    /// The bitmaps of a facet whose work `i` has the values
    /// `ords[starts[i]..starts[i + 1]]`, all below `num_terms`; `None`
    /// when a work lists a value twice.
    pub fn build(starts: &[u32], ords: &[u32], num_terms: usize) -> Option<ValueBitmaps> {
        let works = starts.len().saturating_sub(1);
        let words = works.div_ceil(64);
        let mut bits = vec![0u64; num_terms * words];
        for (i, bounds) in starts.windows(2).enumerate() {
            let [start, end] = [bounds[0] as usize, bounds[1] as usize];
            for &ord in ords.get(start..end)? {
                let word = bits.get_mut(ord as usize * words + i / 64)?;
                let bit = 1 << (i % 64);
                if *word & bit != 0 {
                    return None;
                }
                *word |= bit;
            }
        }
        Some(ValueBitmaps { words, bits })
    }

    /// Word operations [`ValueBitmaps::count`] takes.
    pub fn cost(&self) -> usize {
        self.bits.len()
    }

    /// `(value, works)` ascending for the works in `counted`, values with
    /// no work left out.
    pub fn count(&self, counted: &WorkBits) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        if self.words == 0 {
            return out;
        }
        for (ord, bitmap) in self.bits.chunks_exact(self.words).enumerate() {
            let works: u32 = bitmap
                .iter()
                .zip(&counted.words)
                .map(|(value, counted)| (value & counted).count_ones())
                .sum();
            if works > 0 {
                out.push((ord as u64, u64::from(works)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_works_of_each_value() {
        // Works 0..4 with values {0}, {1, 2}, {}, {2}.
        let maps = ValueBitmaps::build(&[0, 1, 3, 3, 4], &[0, 1, 2, 2], 3).expect("few values");
        assert_eq!(
            maps.count(&WorkBits::of(&[0, 1, 2, 3], 4)),
            [(0, 1), (1, 1), (2, 2)]
        );
        assert_eq!(maps.count(&WorkBits::of(&[1], 4)), [(1, 1), (2, 1)]);
        assert_eq!(maps.count(&WorkBits::of(&[], 4)), []);
    }

    #[test]
    fn none_for_a_value_listed_twice() {
        assert!(ValueBitmaps::build(&[0, 2], &[1, 1], 2).is_none());
    }

    #[test]
    fn works_past_the_first_word() {
        let starts: Vec<u32> = (0..=130).collect();
        let ords: Vec<u32> = (0..130).map(|i| i % 2).collect();
        let maps = ValueBitmaps::build(&starts, &ords, 2).expect("few values");
        assert_eq!(
            maps.count(&WorkBits::of(&[0, 64, 65, 129], 130)),
            [(0, 2), (1, 2)]
        );
    }
}
