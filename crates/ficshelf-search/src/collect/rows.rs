//! Reading a multi-valued string column's ordinals for many documents.
//!
//! Tantivy's `row_ids_for_docs` finds each document's rows on its own: its
//! rank among the documents with values (a binary search in a sparse block
//! of the presence index), then `start[rank]..start[rank + 1]`. For a batch
//! of sorted documents the ranks come out of one pass over each block
//! (`rank_if_exists_batch`), the same rows at a fraction of the cost; other
//! column layouts go through tantivy's own lookup.

use tantivy::columnar::column_index::{MultiValueIndex, OptionalIndex};
use tantivy::columnar::{ColumnIndex, ColumnValues, StrColumn};
use tantivy::DocId;

/// The ordinals of each of `docs` (sorted) in `column`, read `batch` docs
/// at a time: document `i`'s are `ords[starts[i]..starts[i + 1]]`.
pub(crate) fn ordinals_per_doc(
    column: &StrColumn,
    docs: &[DocId],
    batch: usize,
) -> (Vec<u32>, Vec<u32>) {
    let ords = column.ords();
    let mut starts = Vec::with_capacity(docs.len() + 1);
    starts.push(0u32);
    let mut all: Vec<u32> = Vec::with_capacity(docs.len() * 2);
    let mut bounds = RowBounds::default();
    let (mut rows, mut values, mut doc_out) = (Vec::new(), Vec::new(), Vec::new());
    for chunk in docs.chunks(batch.max(1)) {
        rows.clear();
        match &ords.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => {
                bounds.rows(&index.optional_index, &*index.start_index_column, chunk);
                let mut found = bounds
                    .with_values
                    .iter()
                    .zip(&bounds.starts)
                    .zip(&bounds.ends)
                    .peekable();
                for doc in chunk {
                    if let Some(((_, start), end)) = found.next_if(|((d, _), _)| *d == doc) {
                        rows.extend(*start..*end);
                    }
                    starts.push(as_u32(all.len() + rows.len()));
                }
            }
            _ => {
                doc_out.clear();
                ords.row_ids_for_docs(chunk, &mut doc_out, &mut rows);
                let mut owners = doc_out.iter().peekable();
                let mut taken = 0;
                for doc in chunk {
                    while owners.next_if(|d| *d == doc).is_some() {
                        taken += 1;
                    }
                    starts.push(as_u32(all.len() + taken));
                }
            }
        }
        values.resize(rows.len(), 0u64);
        ords.values.get_vals(&rows, &mut values);
        all.extend(values.iter().map(|&v| as_u32(v as usize)));
    }
    (starts, all)
}

/// Term ordinals and value counts of a segment fit in 32 bits (a segment
/// holds at most 2³¹ documents); saturates rather than wrap if not.
fn as_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Rows of a batch of sorted documents; buffers are kept between batches.
#[derive(Default)]
struct RowBounds {
    /// The documents of the batch that have values, with their rows
    /// `starts[i]..ends[i]`.
    with_values: Vec<DocId>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    ranks: Vec<u32>,
    next_ranks: Vec<u32>,
}

impl RowBounds {
    fn rows(
        &mut self,
        present: &OptionalIndex,
        start_index: &dyn ColumnValues<u32>,
        docs: &[DocId],
    ) {
        self.with_values.clear();
        self.ranks.clear();
        present.rank_if_exists_batch(docs, &mut self.with_values, &mut self.ranks);
        self.next_ranks.clear();
        self.next_ranks
            .extend(self.ranks.iter().map(|rank| rank + 1));
        self.starts.resize(self.ranks.len(), 0);
        self.ends.resize(self.ranks.len(), 0);
        start_index.get_vals(&self.ranks, &mut self.starts);
        start_index.get_vals(&self.next_ranks, &mut self.ends);
    }
}
