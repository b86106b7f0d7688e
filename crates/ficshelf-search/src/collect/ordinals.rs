//! Global ordinals: one numbering of a facet's values across all segments.
//!
//! Each segment numbers its values in its own dictionary. Turning every
//! counted ordinal back into a string to merge segments costs a dictionary
//! decode per value per query; instead, once per index generation, the
//! segments' dictionaries are merged (they are sorted, so this is a k-way
//! merge) into one sorted list of keys and a map from each segment's
//! ordinals to positions in it. Queries then count in that shared space and
//! only look up the few keys they display.

use super::columns::ColumnCache;
use super::facets::STRING_FACETS;
use super::work_values::WorkValues;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::Searcher;

/// One facet column's values across the index.
#[derive(Debug, Default)]
pub(crate) struct GlobalColumn {
    /// Every key, sorted; a key's position is its global ordinal.
    pub keys: Vec<String>,
    /// Per segment (by segment ordinal): local ordinal → global ordinal.
    pub segments: Vec<Vec<u32>>,
}

impl GlobalColumn {
    /// `(global ordinal, count)` of a segment's dense counts (`local[i]`
    /// works have the segment's ordinal `i`), zeros left out.
    pub fn dense_counts<'a>(
        &'a self,
        segment_ord: usize,
        local: Option<&'a [u32]>,
    ) -> impl Iterator<Item = (usize, u64)> + 'a {
        let map = self
            .segments
            .get(segment_ord)
            .map_or(&[][..], Vec::as_slice);
        map.iter()
            .zip(local.unwrap_or_default())
            .filter(|(_, n)| **n > 0)
            .map(|(global, n)| (*global as usize, u64::from(*n)))
    }
}

/// Global ordinals of every string facet, for one searcher generation.
#[derive(Debug, Default)]
pub(crate) struct GlobalOrdinals {
    generation: u64,
    /// Parallel to [`STRING_FACETS`].
    pub columns: Vec<GlobalColumn>,
    /// Works per global ordinal over every work of every segment (deleted
    /// ones included), per facet; summed on first use.
    all_works: OnceLock<Vec<Vec<u64>>>,
}

impl GlobalOrdinals {
    fn build(searcher: &Searcher, cache: &ColumnCache) -> tantivy::Result<GlobalOrdinals> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|reader| cache.get(reader))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut columns = Vec::with_capacity(STRING_FACETS.len());
        for facet in 0..STRING_FACETS.len() {
            let mut dictionaries: Vec<Vec<Vec<u8>>> = Vec::with_capacity(segments.len());
            for columns in &segments {
                let mut keys = Vec::new();
                if let Some(column) = &columns.strings[facet] {
                    let mut stream = column.dictionary().stream()?;
                    while stream.advance() {
                        keys.push(stream.key().to_vec());
                    }
                }
                dictionaries.push(keys);
            }
            columns.push(merge(&dictionaries));
        }
        Ok(GlobalOrdinals {
            generation: searcher.generation().generation_id(),
            columns,
            all_works: OnceLock::new(),
        })
    }

    /// Works per global ordinal over every work of the index, per facet
    /// (parallel to [`STRING_FACETS`]), summed from `segments` (segment
    /// ordinal and work values) on the first call. `segments` must be
    /// every segment of the searcher these ordinals were built for; later
    /// calls return the first sum.
    pub fn all_works<'v>(
        &self,
        segments: impl Iterator<Item = (usize, &'v WorkValues)>,
    ) -> &[Vec<u64>] {
        self.all_works.get_or_init(|| {
            let mut all: Vec<Vec<u64>> = self
                .columns
                .iter()
                .map(|column| vec![0; column.keys.len()])
                .collect();
            for (segment_ord, values) in segments {
                for (facet, (dense, column)) in all.iter_mut().zip(&self.columns).enumerate() {
                    for (ord, n) in column.dense_counts(segment_ord, values.all_of(facet)) {
                        if let Some(slot) = dense.get_mut(ord) {
                            *slot += n;
                        }
                    }
                }
            }
            all
        })
    }
}

/// K-way merge of sorted dictionaries.
fn merge(dictionaries: &[Vec<Vec<u8>>]) -> GlobalColumn {
    let mut heap: BinaryHeap<Reverse<(&[u8], usize, usize)>> = dictionaries
        .iter()
        .enumerate()
        .filter_map(|(segment, keys)| keys.first().map(|k| Reverse((k.as_slice(), segment, 0))))
        .collect();
    let mut out = GlobalColumn {
        keys: Vec::new(),
        segments: dictionaries
            .iter()
            .map(|keys| vec![0; keys.len()])
            .collect(),
    };
    let mut last: Option<&[u8]> = None;
    while let Some(Reverse((key, segment, local))) = heap.pop() {
        if last != Some(key) {
            out.keys.push(String::from_utf8_lossy(key).into_owned());
            last = Some(key);
        }
        out.segments[segment][local] = (out.keys.len() - 1) as u32;
        if let Some(next) = dictionaries[segment].get(local + 1) {
            heap.push(Reverse((next.as_slice(), segment, local + 1)));
        }
    }
    out
}

/// The global ordinals of the current generation, rebuilt when it changes.
#[derive(Debug, Default)]
pub(crate) struct OrdinalCache {
    current: Mutex<Option<Arc<GlobalOrdinals>>>,
}

impl OrdinalCache {
    /// The global ordinals for `searcher`, built on first use per generation.
    pub fn get(
        &self,
        searcher: &Searcher,
        columns: &ColumnCache,
    ) -> tantivy::Result<Arc<GlobalOrdinals>> {
        let generation = searcher.generation().generation_id();
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(ordinals) = current.as_ref().filter(|o| o.generation == generation) {
            return Ok(Arc::clone(ordinals));
        }
        let ordinals = Arc::new(GlobalOrdinals::build(searcher, columns)?);
        *current = Some(Arc::clone(&ordinals));
        Ok(ordinals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(keys: &[&str]) -> Vec<Vec<u8>> {
        keys.iter().map(|k| k.as_bytes().to_vec()).collect()
    }

    #[test]
    fn merges_sorted_dictionaries() {
        let merged = merge(&[
            dict(&["angst", "fluff"]),
            dict(&[]),
            dict(&["fluff", "humor", "smut"]),
        ]);
        assert_eq!(merged.keys, ["angst", "fluff", "humor", "smut"]);
        assert_eq!(merged.segments, vec![vec![0, 1], vec![], vec![1, 2, 3]]);
    }
}
