//! `ficshelf search`, `reindex` and `tags`.

use crate::output::Output;
use anyhow::bail;
use ficshelf_library::{Library, LibraryError, SearchOptions, TagKind};
use std::process::ExitCode;

/// Which page of results to show.
pub struct Page {
    pub page: usize,
    pub per_page: usize,
}

pub fn search(
    library: &Library,
    query: &str,
    json: bool,
    page: Page,
    include_suggested: bool,
) -> anyhow::Result<ExitCode> {
    let options = SearchOptions {
        offset: page.page.saturating_sub(1) * page.per_page,
        limit: page.per_page,
        include_suggested,
        ..SearchOptions::default()
    };
    let mut out = Output::new();
    let results = match library.search(query, &options) {
        Ok(results) => results,
        Err(LibraryError::Search(e @ ficshelf_search::SearchError::Query { .. })) if json => {
            out.line(serde_json::json!({ "error": e.to_string() }).to_string());
            out.finish()?;
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        out.line(serde_json::to_string_pretty(&results)?);
        return out.finish();
    }
    let first = options.offset + 1;
    let last = options.offset + results.hits.len();
    out.line(format!(
        "{} works match{}",
        results.total,
        if results.hits.is_empty() {
            String::new()
        } else {
            format!(" (showing {first}–{last})")
        }
    ));
    for hit in &results.hits {
        let authors = super::authors_line(&hit.authors);
        out.line(format!(
            "{:>6}  {:<9}  {} — {}",
            hit.id,
            hit.rating.as_str(),
            hit.title,
            authors
        ));
        if let Some(snippet) = &hit.snippet {
            let chapter = hit.chapter.map_or(String::new(), |c| format!("ch. {c}: "));
            out.line(format!("        {chapter}{}", plain_snippet(snippet)));
        }
    }
    out.finish()
}

/// The snippet for a terminal: `<mark>` as `[…]`, entities decoded.
fn plain_snippet(html: &str) -> String {
    let marked = html.replace("<mark>", "[").replace("</mark>", "]");
    ficshelf_model::html_to_text(&marked).replace('\n', " ")
}

pub fn reindex(library: &mut Library) -> anyhow::Result<ExitCode> {
    let count = library.reindex()?;
    let mut out = Output::new();
    out.line(format!("Indexed {count} works."));
    out.finish()
}

pub fn tags(library: &Library, kind: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let kind = match kind {
        None => None,
        Some(name) => match TagKind::from_name(name) {
            Some(kind) => Some(kind),
            None => bail!(
                "unknown tag kind {name:?}: use fandom, relationship, character, tag, warning, category or author"
            ),
        },
    };
    let tags = library.tags(kind)?;
    let mut out = Output::new();
    if json {
        out.line(serde_json::to_string_pretty(&tags)?);
        return out.finish();
    }
    for tag in &tags {
        let synonyms = if tag.synonyms.is_empty() {
            String::new()
        } else {
            format!("  (also: {})", tag.synonyms.join(", "))
        };
        out.line(format!(
            "{:>6}  {:<13} {}{synonyms}",
            tag.works,
            tag.kind.as_str(),
            tag.name
        ));
    }
    out.finish()
}
