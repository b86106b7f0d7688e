//! Finding the best-matching chapter of each hit from term positions.

use crate::collect::Ranked;
use crate::document::decode_chapter_map;
use crate::schema::Fields;
use crate::SearchError;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, Searcher, TantivyDocument, Term, TERMINATED};

/// A word (one term) or a phrase (terms at relative positions) with its weight.
pub(crate) type Unit = (Vec<(usize, Term)>, f32);

/// The chapter a hit is shown with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BestChapter {
    pub number: u32,
    /// Where the query's words and phrases start, in tokens from the
    /// chapter's start, sorted.
    pub positions: Vec<u32>,
}

/// Where a word or phrase occurs: the positions of its first term at which
/// every other term sits at its relative offset.
fn unit_matches(unit: &[(usize, Term)], positions: &[Vec<u32>]) -> Vec<u32> {
    let Some(first) = positions.first() else {
        return Vec::new();
    };
    first
        .iter()
        .copied()
        .filter(|&p| {
            unit.iter()
                .zip(positions)
                .skip(1)
                .all(|((offset, _), found)| {
                    u32::try_from(*offset).is_ok_and(|o| found.binary_search(&(p + o)).is_ok())
                })
        })
        .collect()
}

/// For each hit of `page` (whose stored documents are `docs`), the chapter
/// where `units` weigh most, if any occurs in the story text.
pub(crate) fn best_chapters(
    searcher: &Searcher,
    fields: &Fields,
    units: &[Unit],
    page: &[Ranked],
    docs: &[TantivyDocument],
) -> Result<Vec<Option<BestChapter>>, SearchError> {
    if units.is_empty() {
        return Ok(vec![None; page.len()]);
    }
    let maps: Vec<Vec<(u32, u32)>> = docs
        .iter()
        .map(|doc| {
            doc.get_first(fields.chapter_map)
                .and_then(|v| v.as_bytes())
                .map(decode_chapter_map)
                .unwrap_or_default()
        })
        .collect();
    // Per hit: score per chapter, and every match as (chapter index, position).
    let mut scores: Vec<Vec<f32>> = maps.iter().map(|m| vec![0.0; m.len()]).collect();
    let mut matches: Vec<Vec<(usize, u32)>> = vec![Vec::new(); page.len()];
    let mut order: Vec<usize> = (0..page.len()).collect();
    order.sort_by_key(|&i| (page[i].address.segment_ord, page[i].address.doc_id));
    for group in order.chunk_by(|&a, &b| page[a].address.segment_ord == page[b].address.segment_ord)
    {
        let inverted = searcher
            .segment_reader(page[group[0]].address.segment_ord)
            .inverted_index(fields.body)?;
        for (unit, weight) in units {
            // positions[hit in group][term of unit]
            let mut positions: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); unit.len()]; group.len()];
            for (t, (_, term)) in unit.iter().enumerate() {
                let Some(mut postings) =
                    inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
                else {
                    continue;
                };
                for (g, &hit) in group.iter().enumerate() {
                    let doc = page[hit].address.doc_id;
                    if postings.doc() != TERMINATED
                        && postings.doc() <= doc
                        && postings.seek(doc) == doc
                    {
                        postings.positions(&mut positions[g][t]);
                    }
                }
            }
            for (g, &hit) in group.iter().enumerate() {
                let map = &maps[hit];
                let mut occurrences = vec![0u32; map.len()];
                for position in unit_matches(unit, &positions[g]) {
                    let Some(chapter) = map
                        .partition_point(|(_, start)| *start <= position)
                        .checked_sub(1)
                    else {
                        continue;
                    };
                    occurrences[chapter] += 1;
                    matches[hit].push((chapter, position - map[chapter].1));
                }
                for (score, n) in scores[hit].iter_mut().zip(occurrences) {
                    if n > 0 {
                        *score += weight * (1.0 + (n as f32).ln());
                    }
                }
            }
        }
    }
    Ok(scores
        .iter()
        .zip(&maps)
        .zip(matches)
        .map(|((chapter_scores, map), matches)| {
            let mut best: Option<(usize, f32)> = None;
            for (i, &s) in chapter_scores.iter().enumerate() {
                if s > 0.0 && best.is_none_or(|(_, b)| s > b) {
                    best = Some((i, s));
                }
            }
            let (chapter, _) = best?;
            let mut positions: Vec<u32> = matches
                .iter()
                .filter(|(c, _)| *c == chapter)
                .map(|(_, p)| *p)
                .collect();
            positions.sort_unstable();
            Some(BestChapter {
                number: map[chapter].0,
                positions,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Field;

    #[test]
    fn phrases_match_only_at_consecutive_positions() {
        let field = Field::from_field_id(0);
        let unit = vec![
            (0, Term::from_field_text(field, "sea")),
            (1, Term::from_field_text(field, "glass")),
        ];
        let positions = vec![vec![3, 10, 20], vec![4, 12, 21]];
        assert_eq!(unit_matches(&unit, &positions), vec![3, 20]);
        assert_eq!(unit_matches(&unit[..1], &positions[..1]), vec![3, 10, 20]);
    }
}
