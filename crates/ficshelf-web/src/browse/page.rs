//! One page of a listing, as the engine counted it.

use ficshelf_model::Work;

/// Works per listing page.
pub const PAGE_SIZE: usize = 20;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub works: Vec<Work>,
    /// 1-based, clamped to `1..=pages`.
    pub number: usize,
    /// At least 1, even when nothing matched.
    pub pages: usize,
    /// How many works matched in all.
    pub total: usize,
}
