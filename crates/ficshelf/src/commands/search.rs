//! `ficshelf search` and `reindex`.

use crate::output::Output;
use ficshelf_library::{Library, LibraryError, SearchError, SearchOptions};
use std::process::ExitCode;

/// Which page of results to show.
pub struct Page {
    /// From 1.
    pub page: u64,
    /// At least 1.
    pub per_page: u64,
}

impl Page {
    /// How many works come before this page; a page too far to count
    /// starts past any library (never wraps around to an early page).
    fn offset(&self) -> usize {
        let before = self.page.saturating_sub(1).saturating_mul(self.per_page);
        usize::try_from(before).unwrap_or(usize::MAX)
    }

    fn limit(&self) -> usize {
        usize::try_from(self.per_page).unwrap_or(usize::MAX)
    }
}

pub fn search(
    library: &Library,
    query: &str,
    json: bool,
    page: Page,
    include_suggested: bool,
) -> anyhow::Result<ExitCode> {
    let options = SearchOptions {
        offset: page.offset(),
        limit: page.limit(),
        include_suggested,
        ..SearchOptions::default()
    };
    let mut out = Output::new();
    let results = match library.search(query, &options) {
        Ok(results) => results,
        Err(LibraryError::Search(
            e @ (SearchError::Query { .. } | SearchError::TimeLimit { .. }),
        )) if json => {
            out.json(&serde_json::json!({ "error": e.to_string() }))?;
            out.finish()?;
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        out.json(&results)?;
        return out.finish();
    }
    out.line(summary(results.total, results.hits.len(), &page));
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

/// "12 works match (showing 1–10)", "1 work matches", or the last page
/// when `page` is past it.
fn summary(total: u64, shown: usize, page: &Page) -> String {
    let matches = if total == 1 {
        "1 work matches".to_string()
    } else {
        format!("{total} works match")
    };
    if shown > 0 {
        let first = page.offset().saturating_add(1);
        let last = page.offset().saturating_add(shown);
        return format!("{matches} (showing {first}–{last})");
    }
    if total > 0 {
        let pages = total.div_ceil(page.per_page);
        return format!(
            "{matches}, {} per page: page {} is past the last page ({pages})",
            page.per_page, page.page
        );
    }
    matches
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

#[cfg(test)]
mod tests {
    use super::{summary, Page};

    #[test]
    fn summaries_count_and_never_wrap() {
        let page = |page, per_page| Page { page, per_page };
        assert_eq!(summary(1, 1, &page(1, 20)), "1 work matches (showing 1–1)");
        assert_eq!(
            summary(45, 20, &page(2, 20)),
            "45 works match (showing 21–40)"
        );
        assert_eq!(summary(0, 0, &page(1, 20)), "0 works match");
        assert_eq!(
            summary(9, 0, &page(922_337_203_685_477_582, 20)),
            "9 works match, 20 per page: page 922337203685477582 is past the last page (1)"
        );
        assert_eq!(page(u64::MAX, u64::MAX).offset(), usize::MAX);
    }
}
