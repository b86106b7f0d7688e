//! Turning a [`ParsedQuery`] into a tantivy query over work documents.
//!
//! Free text becomes, per word or phrase, a disjunction-max over the text
//! fields with boosts (title ×3, tags ×2, summary ×1.5, notes and story text
//! ×1), so BM25 ranks a title match above the same word in the body. Filters
//! become constant-score (0) term or range queries, so they restrict without
//! changing the ranking. A query with no positive clause is anchored on "all
//! work documents" so chapter documents never match.

use super::ast::{Expr, Filter, FilterField, FilterValue, ParsedQuery};
use super::resolve::KeyResolver;
use crate::schema::{rating_ord, text_analyzer, Fields, KIND_WORK};
use crate::wrangle::{normalize_key, TagWrangler};
use crate::SearchError;
use ficshelf_model::Rating;
use std::ops::Bound;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

/// Boost of each full-text field.
const TEXT_BOOSTS: [(TextField, f32); 5] = [
    (TextField::Title, 3.0),
    (TextField::Tags, 2.0),
    (TextField::Summary, 1.5),
    (TextField::Notes, 1.0),
    (TextField::Body, 1.0),
];

/// How much a word found in several fields adds beyond its best field.
const TIE_BREAKER: f32 = 0.2;

#[derive(Clone, Copy)]
enum TextField {
    Title,
    Tags,
    Summary,
    Notes,
    Body,
}

/// A query ready to run, with what hit rendering needs to know about it.
pub(crate) struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// Whether scores mean anything (the query has positive free text).
    pub scored: bool,
    /// Positive story-text words and phrases (terms with their relative
    /// positions), to find the best chapter and highlight it.
    pub body_units: Vec<Vec<(usize, Term)>>,
    /// Positive summary terms, for a snippet when the story text has no match.
    pub summary_terms: Vec<Term>,
}

/// Builds tantivy queries; one per search.
pub(crate) struct QueryBuilder<'a> {
    fields: &'a Fields,
    keys: KeyResolver<'a>,
    include_suggested: bool,
    analyzer: TextAnalyzer,
    body_units: Vec<Vec<(usize, Term)>>,
    summary_terms: Vec<Term>,
}

fn const_zero(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

fn exact(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

impl<'a> QueryBuilder<'a> {
    /// A builder; with a `searcher`, character and relationship filter
    /// values are also resolved against the library's characters.
    pub fn new(
        fields: &'a Fields,
        wrangler: &'a TagWrangler,
        searcher: Option<&'a Searcher>,
        include_suggested: bool,
    ) -> QueryBuilder<'a> {
        QueryBuilder {
            fields,
            keys: KeyResolver::new(searcher, fields, wrangler),
            include_suggested,
            analyzer: text_analyzer(),
            body_units: Vec::new(),
            summary_terms: Vec::new(),
        }
    }

    /// Every work document, scoring nothing.
    pub fn all_works(&self) -> Box<dyn Query> {
        const_zero(exact(Term::from_field_text(self.fields.kind, KIND_WORK)))
    }

    /// Builds the whole query, with the caller's rating ceiling.
    pub fn build(
        mut self,
        parsed: &ParsedQuery,
        max_rating: Option<Rating>,
    ) -> Result<BuiltQuery, SearchError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(expr) = &parsed.expr {
            if let Some(query) = self.expr(expr, false)? {
                clauses.push((Occur::Must, query));
            }
        }
        if let Some(max) = max_rating {
            let range = RangeQuery::new(
                Bound::Included(Term::from_field_u64(self.fields.rating, 0)),
                Bound::Included(Term::from_field_u64(self.fields.rating, rating_ord(max))),
            );
            clauses.push((Occur::Must, const_zero(Box::new(range))));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => self.all_works(),
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        Ok(BuiltQuery {
            query,
            scored: parsed.has_text(),
            body_units: self.body_units,
            summary_terms: self.summary_terms,
        })
    }

    /// `None` means "matches every work" (e.g. a word made only of punctuation).
    fn expr(&mut self, expr: &Expr, negated: bool) -> Result<Option<Box<dyn Query>>, SearchError> {
        Ok(match expr {
            Expr::Text(text) | Expr::Phrase(text) => self.text(text, negated),
            Expr::Filter(filter) => Some(const_zero(self.filter(filter)?)),
            Expr::Not(inner) => Some(match self.expr(inner, !negated)? {
                Some(inner) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, self.all_works()),
                    (Occur::MustNot, inner),
                ])),
                None => Box::new(EmptyQuery),
            }),
            Expr::Or(parts) => {
                let mut alternatives = Vec::with_capacity(parts.len());
                for part in parts {
                    match self.expr(part, negated)? {
                        Some(query) => alternatives.push(query),
                        None => return Ok(None),
                    }
                }
                Some(any_of(alternatives))
            }
            Expr::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for part in parts {
                    let (occur, query) = match part {
                        Expr::Not(inner) => (Occur::MustNot, self.expr(inner, !negated)?),
                        other => (Occur::Must, self.expr(other, negated)?),
                    };
                    match (occur, query) {
                        (occur, Some(query)) => clauses.push((occur, query)),
                        (Occur::MustNot, None) => return Ok(Some(Box::new(EmptyQuery))),
                        (_, None) => {}
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, self.all_works()));
                }
                if clauses.len() == 1 {
                    clauses.pop().map(|(_, q)| q)
                } else {
                    Some(Box::new(BooleanQuery::new(clauses)))
                }
            }
        })
    }

    fn field(&self, which: TextField) -> Field {
        match which {
            TextField::Title => self.fields.title,
            TextField::Tags => self.fields.tags_text,
            TextField::Summary => self.fields.summary,
            TextField::Notes => self.fields.notes,
            TextField::Body => self.fields.body,
        }
    }

    /// A word or phrase over every text field.
    fn text(&mut self, text: &str, negated: bool) -> Option<Box<dyn Query>> {
        let mut tokens: Vec<(usize, String)> = Vec::new();
        {
            let mut stream = self.analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                tokens.push((token.position, token.text.clone()));
            }
        }
        let first = tokens.first()?.0;
        let mut disjuncts: Vec<Box<dyn Query>> = Vec::with_capacity(TEXT_BOOSTS.len());
        for (which, boost) in TEXT_BOOSTS {
            let field = self.field(which);
            let terms: Vec<(usize, Term)> = tokens
                .iter()
                .map(|(pos, tok)| (pos - first, Term::from_field_text(field, tok)))
                .collect();
            if !negated {
                match which {
                    TextField::Body => self.body_units.push(terms.clone()),
                    TextField::Summary => self
                        .summary_terms
                        .extend(terms.iter().map(|(_, t)| t.clone())),
                    _ => {}
                }
            }
            let query: Box<dyn Query> = if terms.len() == 1 {
                let term = terms.into_iter().map(|(_, t)| t).next()?;
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
            } else {
                Box::new(PhraseQuery::new_with_offset(terms))
            };
            disjuncts.push(Box::new(BoostQuery::new(query, boost)));
        }
        Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            disjuncts,
            TIE_BREAKER,
        )))
    }

    fn filter(&mut self, filter: &Filter) -> Result<Box<dyn Query>, SearchError> {
        let with_suggested =
            filter.suggested || (self.include_suggested && filter.field.has_suggestions());
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for value in &filter.values {
            match (filter.field, value) {
                (FilterField::Rating, FilterValue::Rating(rating)) => {
                    alternatives.push(exact(Term::from_field_u64(
                        self.fields.rating,
                        rating_ord(*rating),
                    )));
                    if with_suggested {
                        let term =
                            Term::from_field_u64(self.fields.rating_suggested, rating_ord(*rating));
                        alternatives.push(exact(term));
                    }
                }
                (FilterField::Status, FilterValue::Status(status)) => {
                    alternatives.push(exact(Term::from_field_text(
                        self.fields.status,
                        status.as_str(),
                    )));
                }
                (FilterField::Author, FilterValue::Text(name)) => {
                    alternatives.push(exact(Term::from_field_text(
                        self.fields.author,
                        &normalize_key(name),
                    )));
                }
                (field, FilterValue::Range { min, max }) => {
                    let Some(target) = self.range_field(field) else {
                        continue;
                    };
                    alternatives.push(Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_u64(target, *min)),
                        Bound::Included(Term::from_field_u64(target, *max)),
                    )));
                }
                (field, FilterValue::Text(tag)) => {
                    let Some(kind) = field.tag_kind() else {
                        continue;
                    };
                    let key = self.keys.key(kind, tag)?;
                    alternatives.push(exact(Term::from_field_text(self.fields.tag(kind), &key)));
                    if let Some(suggested) =
                        self.fields.tag_suggested(kind).filter(|_| with_suggested)
                    {
                        alternatives.push(exact(Term::from_field_text(suggested, &key)));
                    }
                }
                _ => {}
            }
        }
        if alternatives.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        Ok(any_of(alternatives))
    }

    fn range_field(&self, field: FilterField) -> Option<Field> {
        Some(match field {
            FilterField::Words => self.fields.words,
            FilterField::Chapters => self.fields.chapters,
            FilterField::Updated => self.fields.updated,
            FilterField::Published => self.fields.published,
            _ => return None,
        })
    }
}
