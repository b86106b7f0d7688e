//! Turning the page's ranked works into [`Hit`]s: stored fields, the
//! best-matching chapter and a highlighted snippet.
//!
//! The best chapter is found from the positions of the query's story-text
//! terms in the work document: the `chapter_map` stored with the work gives
//! the first position of every chapter, so each occurrence of a word (or of
//! a whole phrase, its words at consecutive positions) is assigned to its
//! chapter. A chapter scores `Σ idf × (1 + ln occurrences)` over the query's
//! words and phrases it contains (a phrase's idf is the sum of its words');
//! the best one's text (from its stored chapter document) is cut to the
//! passage around its densest cluster of matches, which goes through
//! tantivy's snippet generator, so long chapters cost no more than short ones.

mod chapters;
mod html;

use crate::analyzer::passage_analyzer;
use crate::collect::{ColumnCache, Ranked};
use crate::document::chapter_key;
use crate::query::build::BuiltQuery;
use crate::schema::{rating_from_ord, Fields};
use crate::{Hit, HitFields, SearchError};
use chapters::{best_chapters, BestChapter, Unit};
use html::{to_html, window};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

/// Longest snippet, in characters of story text.
const SNIPPET_CHARS: usize = 240;

/// Renders hits for one search.
pub(crate) struct HitRenderer<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    columns: &'a ColumnCache,
    /// Story-text words and phrases (terms at relative positions) with their weight.
    body_units: Vec<Unit>,
    body_snippets: Option<SnippetGenerator>,
    summary_snippets: Option<SnippetGenerator>,
}

fn generator(
    searcher: &Searcher,
    field: Field,
    terms: &[Term],
) -> Result<Option<SnippetGenerator>, SearchError> {
    let mut weights = BTreeMap::new();
    for term in terms.iter().collect::<BTreeSet<_>>() {
        let doc_freq = searcher.doc_freq(term)?;
        if let (Some(text), true) = (term.value().as_str(), doc_freq > 0) {
            weights.insert(text.to_string(), 1.0 / (1.0 + doc_freq as f32));
        }
    }
    if weights.is_empty() {
        return Ok(None);
    }
    Ok(Some(SnippetGenerator::new(
        weights,
        passage_analyzer(),
        field,
        SNIPPET_CHARS,
    )))
}

impl<'a> HitRenderer<'a> {
    pub fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        columns: &'a ColumnCache,
        built: &BuiltQuery,
    ) -> Result<HitRenderer<'a>, SearchError> {
        let works = searcher.num_docs() as f32;
        let mut body_units = Vec::new();
        for unit in &built.body_units {
            let mut weight = 0.0;
            for (_, term) in unit {
                let doc_freq = searcher.doc_freq(term)? as f32;
                weight += (1.0 + (works - doc_freq + 0.5) / (doc_freq + 0.5)).ln();
            }
            if !body_units.iter().any(|(u, _)| u == unit) {
                body_units.push((unit.clone(), weight));
            }
        }
        let body_terms: Vec<Term> = built
            .body_units
            .iter()
            .flatten()
            .map(|(_, t)| t.clone())
            .collect();
        Ok(HitRenderer {
            searcher,
            fields,
            columns,
            body_units,
            body_snippets: generator(searcher, fields.body, &body_terms)?,
            summary_snippets: generator(searcher, fields.summary, &built.summary_terms)?,
        })
    }

    /// Builds the hits of `page` (in order) with `wanted` fields.
    pub fn render(&self, page: &[Ranked], wanted: HitFields) -> Result<Vec<Hit>, SearchError> {
        let text_free = self.body_units.is_empty() && self.summary_snippets.is_none();
        if wanted == HitFields::Ids && text_free {
            let bare = page
                .iter()
                .map(|ranked| self.bare_hit(ranked))
                .collect::<Result<Vec<_>, _>>()?;
            // A work without a numeric id (never written by this crate)
            // is read the stored way, with all the others.
            if let Some(hits) = bare.into_iter().collect::<Option<Vec<Hit>>>() {
                return Ok(hits);
            }
        }
        let docs = page
            .iter()
            .map(|r| self.searcher.doc::<TantivyDocument>(r.address))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let chapters = best_chapters(self.searcher, self.fields, &self.body_units, page, &docs)?;
        let mut hits = Vec::with_capacity(page.len());
        for ((ranked, doc), chapter) in page.iter().zip(&docs).zip(chapters) {
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let id = text(self.fields.id);
            let snippet = match (&chapter, &self.body_snippets, &self.summary_snippets) {
                (Some(BestChapter { number, positions }), Some(generator), _) => {
                    match self.chapter_text(&id, *number, ranked.address.segment_ord)? {
                        Some(body) => {
                            let passage = window(&body, positions);
                            let offset = passage.start;
                            to_html(&generator.snippet(&body[passage]), &body, offset)
                        }
                        None => None,
                    }
                }
                (None, _, Some(generator)) => {
                    let summary = text(self.fields.summary);
                    to_html(&generator.snippet(&summary), &summary, 0)
                }
                _ => None,
            };
            hits.push(Hit {
                title: text(self.fields.title),
                authors: doc
                    .get_all(self.fields.authors)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                rating: rating_from_ord(
                    doc.get_first(self.fields.rating)
                        .and_then(|v| v.as_u64())
                        .unwrap_or(4),
                ),
                score: ranked.score,
                chapter: chapter.map(|c| c.number),
                snippet,
                id,
            });
        }
        Ok(hits)
    }

    /// A hit of a query without free text, from fast fields alone: its id
    /// and rating; `None` if the work has no numeric id.
    fn bare_hit(&self, ranked: &Ranked) -> Result<Option<Hit>, SearchError> {
        let Some(id) = ranked.work_id() else {
            return Ok(None);
        };
        let reader = self.searcher.segment_reader(ranked.address.segment_ord);
        let columns = self.columns.get(reader)?;
        let rating = columns.rating.first(ranked.address.doc_id).unwrap_or(4);
        Ok(Some(Hit {
            id: id.to_string(),
            title: String::new(),
            authors: Vec::new(),
            rating: rating_from_ord(rating),
            score: ranked.score,
            chapter: None,
            snippet: None,
        }))
    }

    /// The stored text of one chapter, looked for first in `segment_ord`,
    /// the segment of its work: a work's chapters are written in the same
    /// batch, so they are nearly always there, and one dictionary lookup
    /// does instead of one per segment.
    fn chapter_text(
        &self,
        id: &str,
        number: u32,
        segment_ord: u32,
    ) -> Result<Option<String>, SearchError> {
        let term = Term::from_field_text(self.fields.chapter_key, &chapter_key(id, number));
        let readers = self.searcher.segment_readers();
        let first = segment_ord as usize;
        let others = (0..readers.len()).filter(|ord| *ord != first);
        for ord in std::iter::once(first).chain(others) {
            let Some(segment) = readers.get(ord) else {
                continue;
            };
            let inverted = segment.inverted_index(self.fields.chapter_key)?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    let address = DocAddress::new(ord as u32, doc);
                    let stored: TantivyDocument = self.searcher.doc(address)?;
                    let text = stored
                        .get_first(self.fields.chapter_text)
                        .and_then(|v| v.as_str());
                    return Ok(text.map(str::to_string));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}
