//! Counting facets by complement gives exactly the direct counts, and
//! facet ordinals read in batches are tantivy's own, on
//! random libraries (several segments, deleted and replaced works) and
//! random sets of matching works.

use super::alive::AliveCache;
use super::facets::{count, count_by_complement, ordinals};
use crate::{SearchIndex, TagWrangler};
use ficshelf_model::{Block, Chapter, ChapterBody, Notes, Rating, Status, Work};
use proptest::prelude::*;

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

/// The ordinals of `docs` as tantivy's own `row_ids_for_docs` finds them.
fn tantivy_ordinals(column: &tantivy::columnar::StrColumn, docs: &[tantivy::DocId]) -> Vec<u64> {
    let ords = column.ords();
    let (mut doc_out, mut rows) = (Vec::new(), Vec::new());
    ords.row_ids_for_docs(docs, &mut doc_out, &mut rows);
    let mut values = vec![0u64; rows.len()];
    ords.values.get_vals(&rows, &mut values);
    values
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn complement_counts_equal_direct_counts(
        first in prop::collection::vec(shape(), 1..40),
        second in prop::collection::vec(shape(), 0..20),
        deleted in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        matched in prop::collection::vec(any::<bool>(), 60),
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
        let global = index.global_ordinals(&searcher).expect("ordinals");
        let cache = AliveCache::default();
        let mut choice = matched.iter().cycle();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let columns = index.columns().get(reader).expect("columns");
            let alive = cache.get(reader, index.fields(), &columns).expect("alive");
            let docs: Vec<_> = alive
                .docs
                .iter()
                .copied()
                .filter(|_| *choice.next().unwrap_or(&true))
                .collect();
            let direct = count(&columns, &global, ord, &docs);
            let by_complement =
                count_by_complement(&columns, &global, ord, &alive.counts, &alive.complement(&docs));
            prop_assert_eq!(direct, by_complement);
            for column in columns.strings.iter().flatten() {
                prop_assert_eq!(ordinals(column, &docs), tantivy_ordinals(column, &docs));
            }
        }
    }
}
