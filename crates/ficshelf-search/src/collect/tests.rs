//! Facets counted from the values read once per segment, directly or by
//! complement, equal those read the plain way through tantivy, on
//! random libraries (several segments, deleted and replaced works) and
//! random sets of matching works.

use super::columns::SegmentColumns;
use super::facets::{to_global, RawFacets};
use super::segment_facets::SegmentFacets;
use super::work_values::{Counting, LocalCounts, WorkValuesCache};
use crate::{SearchIndex, TagWrangler};
use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use proptest::prelude::*;
use tantivy::DocId;

const FANDOMS: [&str; 4] = [
    "Lighthouse Keepers",
    "Orchard Wars",
    "Tin Moon",
    "Salt Roads",
];
const CHARACTERS: [&str; 5] = ["Ada Quill", "Brannoc", "Cress Vale", "Dorrit", "Emmet Lo"];
const TAGS: [&str; 4] = ["Slow Burn", "Found Family", "Hurt/Comfort", "Fluff"];
const AUTHORS: [&str; 3] = ["inkfinch", "moth_and_lamp", "quietharbour"];

/// What a random work carries: a rating, a status and a bit set per tag list.
type Shape = (usize, bool, u8, u8, u8, usize);

fn pick(names: &[&str], bits: u8) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, n)| (*n).to_string())
        .collect()
}

fn work(id: usize, shape: Shape) -> (Work, ChapterBody) {
    let (rating, complete, fandoms, characters, tags, author) = shape;
    let mut work = Work::new(id.to_string(), format!("Story {id}"));
    work.rating = Rating::ALL[rating];
    work.status = Some(if complete {
        Status::Complete
    } else {
        Status::InProgress
    });
    work.fandoms = pick(&FANDOMS, fandoms);
    work.characters = pick(&CHARACTERS, characters);
    work.tags = pick(&TAGS, tags);
    work.authors = vec![AUTHORS[author].to_string()];
    work.chapters = vec![Chapter {
        number: 1,
        title: None,
        words: 4,
        notes: Notes::default(),
        sources: vec![],
    }];
    let body = ChapterBody {
        blocks: vec![Block::Paragraph("The lamps were lit early.".into())],
    };
    (work, body)
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        0..5usize,
        any::<bool>(),
        0..16u8,
        0..32u8,
        0..16u8,
        0..3usize,
    )
}

/// The facets of `docs` read the plain way, one document at a time
/// through tantivy's own lookups: the reference.
fn reference_counts(columns: &SegmentColumns, docs: &[DocId]) -> LocalCounts {
    let mut rating = [0u64; 5];
    for &doc in docs {
        if let Some(slot) = columns
            .rating
            .first(doc)
            .and_then(|r| rating.get_mut(r as usize))
        {
            *slot += 1;
        }
    }
    let strings = columns
        .strings
        .iter()
        .map(|column| {
            let Some(column) = column else {
                return Vec::new();
            };
            let mut counts = std::collections::BTreeMap::<u64, u64>::new();
            for &doc in docs {
                for ord in column.ords().values_for_doc(doc) {
                    *counts.entry(ord).or_default() += 1;
                }
            }
            counts.into_iter().collect()
        })
        .collect();
    LocalCounts { rating, strings }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn facets_equal_tantivys_counted_directly_or_by_complement_per_segment(
        first in prop::collection::vec(shape(), 1..40),
        second in prop::collection::vec(shape(), 0..20),
        deleted in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        matched in prop::collection::vec(any::<bool>(), 60),
        complement in prop::collection::vec(any::<bool>(), 2),
    ) {
        let index = SearchIndex::open_in_ram().expect("index");
        let wrangler = TagWrangler::new();
        let mut batch = index.writer().expect("writer");
        for (id, shape) in first.iter().enumerate() {
            let (work, body) = work(id, *shape);
            batch.upsert_work(&work, &[body], &wrangler).expect("upsert");
        }
        batch.commit(1).expect("commit");
        // A second commit: new works and replaced ones in another segment,
        // deletes in the first.
        for (id, shape) in second.iter().enumerate() {
            let (work, body) = work(id * 2, *shape);
            batch.upsert_work(&work, &[body], &wrangler).expect("upsert");
        }
        for which in &deleted {
            batch.delete_work(&which.index(first.len()).to_string());
        }
        batch.commit(2).expect("commit");
        drop(batch);

        let searcher = index.searcher();
        let global = index.global_ordinals(&searcher).expect("global ordinals");
        let sizes: Vec<usize> = global.columns.iter().map(|c| c.keys.len()).collect();
        let cache = WorkValuesCache::default();
        let mut choice = matched.iter().cycle();
        let (mut reference, mut counted) = (Vec::new(), Vec::new());
        for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
            let columns = index.columns().get(reader).expect("columns");
            let values = cache.get(reader, index.fields(), &columns).expect("values");
            // What a search matches: alive works only.
            let docs: Vec<DocId> = values
                .docs
                .iter()
                .copied()
                .filter(|doc| !reader.is_deleted(*doc))
                .filter(|_| *choice.next().unwrap_or(&true))
                .collect();
            let expected = reference_counts(&columns, &docs);
            let positions = values.positions(&docs);
            for how in [Counting::Cheaper, Counting::Bitmaps, Counting::ByValue] {
                prop_assert_eq!(&values.count_by(&positions, how), &expected, "{:?}", how);
            }
            reference.push(to_global(expected, &global, segment_ord));
            let complement = complement.get(segment_ord).copied().unwrap_or(false);
            counted.push(SegmentFacets::count_as(values, &global, segment_ord, &docs, complement));
        }
        // Every segment's counts added up, whichever way each was counted.
        let reference = RawFacets::merge(reference, &sizes);
        prop_assert_eq!(SegmentFacets::merge(counted, &global), reference);
    }
}
