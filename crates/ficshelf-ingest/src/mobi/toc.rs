//! The NCX index: the book's table of contents, as (position in the text,
//! label, depth) entries. MOBI 6 positions are `filepos` byte offsets into
//! the text; KF8 positions are offsets into flow 0. A page or file takes
//! the label of the shallowest entry that starts inside it.

use super::header::{decode_text, Header};
use super::index::Index;
use super::pdb::Pdb;

/// One table-of-contents entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TocEntry {
    pub position: u64,
    pub label: String,
    pub depth: u64,
}

/// The entries of the part whose record 0 is `base`. A table that cannot
/// be read costs only the chapter titles it would give: the reason is
/// logged and the book is read without it.
pub(crate) fn read(pdb: &Pdb, base: usize, header: &Header) -> Vec<TocEntry> {
    let Some(ncx) = header.ncx_index else {
        return Vec::new();
    };
    let index = match Index::read(pdb, base + ncx as usize) {
        Ok(index) => index,
        Err(e) => {
            tracing::warn!("MOBI table of contents skipped: {e}");
            return Vec::new();
        }
    };
    index
        .entries
        .iter()
        .filter_map(|entry| {
            let label = index.string(entry.value(3, 0)?)?;
            Some(TocEntry {
                position: entry.value(1, 0)?,
                label: decode_text(label, header.encoding).trim().to_string(),
                depth: entry.value(4, 0).unwrap_or(0),
            })
        })
        .filter(|e| !e.label.is_empty())
        .collect()
}

/// The shallowest (then first) entry starting in `start..end`.
pub(crate) fn entry_within(toc: &[TocEntry], start: usize, end: usize) -> Option<&TocEntry> {
    toc.iter()
        .filter(|e| (start as u64..end.max(start + 1) as u64).contains(&e.position))
        .min_by_key(|e| e.depth)
}
