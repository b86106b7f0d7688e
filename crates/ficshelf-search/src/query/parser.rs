//! A recursive-descent parser for the query language.
//!
//! Grammar (whitespace separates items; `OR` binds tighter than the implicit
//! or explicit `AND`, as in web search engines):
//!
//! ```text
//! query   := and
//! and     := or ( ["AND"] or )*
//! or      := unary ( "OR" unary )*
//! unary   := ("NOT" | "-") unary | primary
//! primary := "(" and ")" | '"' phrase '"' | name ["~"] ":" values | word
//! values  := value ( "," value )*          value := '"' text '"' | bare
//! ```
//!
//! The recursion is bounded: a query longer than [`MAX_QUERY_CHARS`] is
//! refused before parsing, and nesting past [`MAX_NESTING`] or more than
//! [`MAX_TERMS`] words, phrases and values are refused where they occur, so
//! no input can exhaust the stack or make a search scan without end.

use super::ast::{Expr, Filter, FilterField, ParsedQuery, Sort};
use super::limits::{MAX_NESTING, MAX_QUERY_CHARS, MAX_TERMS};
use super::values::{did_you_mean, parse_sort, typed_value};
use crate::SearchError;

/// Parses a query string; see the [module docs](crate::query) for the language.
pub fn parse(query: &str) -> Result<ParsedQuery, SearchError> {
    if let Some((cut, _)) = query.char_indices().nth(MAX_QUERY_CHARS) {
        let length = query.chars().count();
        return Err(SearchError::query(
            query,
            cut,
            "",
            format!("query longer than the limit of {MAX_QUERY_CHARS} characters"),
        )
        .with_hint(format!("it has {length}")));
    }
    let mut parser = Parser {
        src: query,
        pos: 0,
        sort: None,
        nesting: 0,
        terms: 0,
    };
    let items = parser.parse_and(0)?;
    parser.skip_ws();
    if parser.peek() == Some(')') {
        return Err(parser.error(parser.pos, ")", "unmatched closing parenthesis"));
    }
    Ok(ParsedQuery {
        expr: conjunction(items),
        sort: parser.sort.map(|(sort, _)| sort),
    })
}

fn conjunction(mut items: Vec<Expr>) -> Option<Expr> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(Expr::And(items)),
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    sort: Option<(Sort, usize)>,
    /// Parentheses and negations open at the cursor.
    nesting: usize,
    /// Words, phrases and filter values read so far.
    terms: usize,
}

/// An item as parsed: an expression, or a `sort:` which only may stand at the top level.
enum Item {
    Expr(Expr),
    Sort { offset: usize, end: usize },
    Nothing,
}

impl<'a> Parser<'a> {
    fn error(&self, offset: usize, fragment: &str, message: impl Into<String>) -> SearchError {
        SearchError::query(self.src, offset, fragment, message)
    }

    /// Enters one more level of parentheses or negation at `offset`.
    fn enter(&mut self, offset: usize, fragment: &str) -> Result<(), SearchError> {
        if self.nesting >= MAX_NESTING {
            return Err(self.error(
                offset,
                fragment,
                format!("nested deeper than the limit of {MAX_NESTING} parentheses and negations"),
            ));
        }
        self.nesting += 1;
        Ok(())
    }

    /// Counts one word, phrase or filter value found at `offset`.
    fn count_term(&mut self, offset: usize, fragment: &str) -> Result<(), SearchError> {
        if self.terms >= MAX_TERMS {
            return Err(self.error(
                offset,
                fragment,
                format!("more than the limit of {MAX_TERMS} words, phrases and filter values"),
            ));
        }
        self.terms += 1;
        Ok(())
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.src.len() - trimmed.len();
    }

    fn at_end_of_group(&self) -> bool {
        matches!(self.peek(), None | Some(')'))
    }

    /// The keyword (`AND`, `OR`, `NOT`) at the cursor, if any.
    fn keyword(&self) -> Option<&'static str> {
        let rest = self.rest();
        ["AND", "OR", "NOT"].into_iter().find(|kw| {
            rest.strip_prefix(kw).is_some_and(|after| {
                after
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '(' || c == '"')
            })
        })
    }

    fn parse_and(&mut self, depth: usize) -> Result<Vec<Expr>, SearchError> {
        let mut items = Vec::new();
        let mut seen_any = false;
        loop {
            self.skip_ws();
            if self.at_end_of_group() {
                return Ok(items);
            }
            if self.keyword() == Some("AND") {
                let at = self.pos;
                self.pos += 3;
                self.skip_ws();
                if !seen_any {
                    return Err(self.error(at, "AND", "AND with nothing before it"));
                }
                if self.at_end_of_group() || matches!(self.keyword(), Some("AND" | "OR")) {
                    return Err(self.error(at, "AND", "AND with nothing after it"));
                }
            }
            seen_any = true;
            match self.parse_or(depth)? {
                Item::Expr(expr) => items.push(expr),
                Item::Sort { offset, end } if depth > 0 => {
                    return Err(self.error(
                        offset,
                        &self.src[offset..end],
                        "sort: cannot be used inside parentheses",
                    ));
                }
                Item::Sort { .. } | Item::Nothing => {}
            }
        }
    }

    fn parse_or(&mut self, depth: usize) -> Result<Item, SearchError> {
        if self.keyword() == Some("OR") {
            return Err(self.error(self.pos, "OR", "OR with nothing before it"));
        }
        let first = self.parse_unary(depth)?;
        let mut alternatives = Vec::new();
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.keyword() != Some("OR") {
                self.pos = save;
                break;
            }
            let at = self.pos;
            self.pos += 2;
            self.skip_ws();
            if self.at_end_of_group() || self.keyword().is_some_and(|kw| kw != "NOT") {
                return Err(self.error(at, "OR", "OR with nothing after it"));
            }
            alternatives.push(self.parse_unary(depth)?);
        }
        if alternatives.is_empty() {
            return Ok(first);
        }
        let mut exprs = Vec::new();
        for item in std::iter::once(first).chain(alternatives) {
            match item {
                Item::Expr(expr) => exprs.push(expr),
                Item::Sort { offset, end } => {
                    return Err(self.error(
                        offset,
                        &self.src[offset..end],
                        "sort: cannot be combined with OR",
                    ));
                }
                Item::Nothing => {}
            }
        }
        Ok(match exprs.len() {
            0 => Item::Nothing,
            1 => Item::Expr(exprs.remove(0)),
            _ => Item::Expr(Expr::Or(exprs)),
        })
    }

    fn parse_unary(&mut self, depth: usize) -> Result<Item, SearchError> {
        let start = self.pos;
        let negated = if self.keyword() == Some("NOT") {
            self.pos += 3;
            self.skip_ws();
            if self.at_end_of_group() || self.keyword().is_some_and(|kw| kw != "NOT") {
                return Err(self.error(start, "NOT", "NOT with nothing after it"));
            }
            true
        } else if self.peek() == Some('-') {
            self.pos += 1;
            if self.peek().is_none_or(char::is_whitespace) || self.at_end_of_group() {
                return Err(self.error(start, "-", "- with nothing after it"));
            }
            true
        } else {
            false
        };
        if !negated {
            return self.parse_primary(depth);
        }
        self.enter(start, &self.src[start..self.pos])?;
        let inner = self.parse_unary(depth);
        self.nesting -= 1;
        match inner? {
            Item::Expr(expr) => Ok(Item::Expr(Expr::Not(Box::new(expr)))),
            Item::Sort { end, .. } => {
                Err(self.error(start, &self.src[start..end], "sort: cannot be negated"))
            }
            Item::Nothing => Ok(Item::Nothing),
        }
    }

    fn parse_primary(&mut self, depth: usize) -> Result<Item, SearchError> {
        let start = self.pos;
        match self.peek() {
            Some('(') => {
                self.enter(start, "(")?;
                self.pos += 1;
                let items = self.parse_and(depth + 1);
                self.nesting -= 1;
                let items = items?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(self.error(start, &self.src[start..], "unclosed parenthesis"));
                }
                self.pos += 1;
                if items.is_empty() {
                    return Err(self.error(start, &self.src[start..self.pos], "empty parentheses"));
                }
                Ok(conjunction(items).map_or(Item::Nothing, Item::Expr))
            }
            Some('"') => {
                let text = self.quoted()?;
                self.count_term(start, &self.src[start..self.pos])?;
                let trimmed = text.trim();
                Ok(if trimmed.is_empty() {
                    Item::Nothing
                } else {
                    Item::Expr(Expr::Phrase(trimmed.to_string()))
                })
            }
            _ => match self.filter_name() {
                Some((name, suggested, value_start)) => {
                    self.parse_filter(start, name, suggested, value_start)
                }
                None => {
                    let word = self.bare();
                    self.count_term(start, word)?;
                    Ok(Item::Expr(Expr::Text(word.to_string())))
                }
            },
        }
    }

    /// Reads `"…"` at the cursor and returns its content.
    fn quoted(&mut self) -> Result<&'a str, SearchError> {
        let start = self.pos;
        let body = &self.src[start + 1..];
        match body.find('"') {
            Some(len) => {
                self.pos = start + 1 + len + 1;
                Ok(&body[..len])
            }
            None => Err(self.error(start, &self.src[start..], "unclosed quote")),
        }
    }

    /// Reads an unquoted word or value: up to whitespace, `)` or (when `in_value`) `,`.
    fn bare_until(&mut self, in_value: bool) -> &'a str {
        let rest = self.rest();
        let len = rest
            .find(|c: char| c.is_whitespace() || c == ')' || (in_value && c == ','))
            .unwrap_or(rest.len());
        self.pos += len;
        &rest[..len]
    }

    fn bare(&mut self) -> &'a str {
        self.bare_until(false)
    }

    /// `name:` or `name~:` at the cursor: returns the name, whether `~` was
    /// written and where the value starts. Names are ASCII letters and `_`.
    fn filter_name(&self) -> Option<(&'a str, bool, usize)> {
        let rest = self.rest();
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .unwrap_or(rest.len());
        if name_len == 0 {
            return None;
        }
        let after = &rest[name_len..];
        let (suggested, colon_at) = if after.starts_with("~:") {
            (true, name_len + 1)
        } else if after.starts_with(':') {
            (false, name_len)
        } else {
            return None;
        };
        Some((&rest[..name_len], suggested, self.pos + colon_at + 1))
    }

    fn parse_filter(
        &mut self,
        start: usize,
        name: &'a str,
        suggested: bool,
        value_start: usize,
    ) -> Result<Item, SearchError> {
        self.pos = value_start;
        let raw_values = self.values(start)?;
        let fragment = &self.src[start..self.pos];
        if name.eq_ignore_ascii_case("sort") {
            if suggested || raw_values.len() != 1 {
                return Err(self.error(start, fragment, "sort: takes one value"));
            }
            let sort = parse_sort(raw_values[0])
                .map_err(|(msg, hint)| self.value_error(start, fragment, msg, hint))?;
            if let Some((_, first)) = self.sort {
                let err = self.error(start, fragment, "sort: given twice");
                return Err(err.with_hint(format!(
                    "the first one is at column {}",
                    self.src[..first].chars().count() + 1
                )));
            }
            self.sort = Some((sort, start));
            return Ok(Item::Sort {
                offset: start,
                end: self.pos,
            });
        }
        let Some(field) = FilterField::from_name(name) else {
            let mut known: Vec<&str> = FilterField::ALL.iter().map(|f| f.as_str()).collect();
            known.push("sort");
            let err = self.error(start, fragment, format!("unknown filter \"{name}\""));
            let hint = did_you_mean(&name.to_ascii_lowercase(), &known)
                .unwrap_or_else(|| "put text containing : in quotes to search for it".to_string());
            return Err(err.with_hint(hint));
        };
        if suggested && !field.has_suggestions() {
            return Err(self
                .error(
                    start,
                    fragment,
                    format!("{}~: does not exist", field.as_str()),
                )
                .with_hint(
                    "suggestions exist for rating, warning, fandom, relationship and character",
                ));
        }
        let values = raw_values
            .iter()
            .map(|raw| {
                typed_value(field, raw)
                    .map_err(|(msg, hint)| self.value_error(start, fragment, msg, hint))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Item::Expr(Expr::Filter(Filter {
            field,
            suggested,
            values,
        })))
    }

    fn value_error(
        &self,
        start: usize,
        fragment: &str,
        message: String,
        hint: Option<String>,
    ) -> SearchError {
        let err = self.error(start, fragment, message);
        match hint {
            Some(hint) => err.with_hint(hint),
            None => err,
        }
    }

    /// Reads `value(,value)*` at the cursor.
    fn values(&mut self, filter_start: usize) -> Result<Vec<&'a str>, SearchError> {
        let mut values = Vec::new();
        loop {
            let value_start = self.pos;
            let value = if self.peek() == Some('"') {
                self.quoted()?
            } else {
                self.bare_until(true)
            };
            if value.trim().is_empty() {
                let fragment = &self.src[filter_start..self.pos];
                let message = if values.is_empty() && self.pos == value_start {
                    "missing value"
                } else {
                    "empty value"
                };
                return Err(self.error(filter_start, fragment, message));
            }
            self.count_term(value_start, &self.src[value_start..self.pos])?;
            values.push(value);
            if self.peek() != Some(',') {
                return Ok(values);
            }
            self.pos += 1;
        }
    }
}
