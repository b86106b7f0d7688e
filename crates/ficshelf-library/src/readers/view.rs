//! What one reader may see: the rating limit, their mutes and the works
//! they chose to hide, as search exclusions and as a check on one work.
//!
//! A [`ReaderView`] is built once per reader and library state (the web
//! server keeps it with the session and builds it again when the library
//! or the reader's mutes change) from [`ReaderLimits`] and the library's
//! [`Vocabulary`]. Wildcard mutes are expanded against the vocabulary into
//! the exact keys they match, so a search pays one term-set lookup whatever
//! the reader muted. [`ReaderView::allows`] checks one work directly
//! (pages, downloads, feed entries) by the same rules, and agrees with the
//! search for every tag in the vocabulary it was built with.

use super::mutes::{tag_kind, MuteMatcher};
use super::{HistoryEntry, Mute, MuteKind, ReaderError, Readers, User};
use ficshelf_model::{Rating, Work};
use ficshelf_search::wrangle::normalize_key;
use ficshelf_search::{ExcludedTag, Exclusions, SearchOptions, TagCount, TagKind, TagWrangler};
use std::collections::{BTreeMap, BTreeSet};

/// The limits a reader's view of the library is under.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderLimits {
    /// The highest rating shown: the lower of the server's cap and the
    /// account's own limit.
    pub max_rating: Option<Rating>,
    /// The reader's mutes as stored.
    pub mutes: Vec<Mute>,
    /// Works left out because the reader has read them (when they asked
    /// to hide works read).
    pub hidden_works: BTreeSet<String>,
}

/// The lower of two rating limits (`None` is no limit).
fn lower(a: Option<Rating>, b: Option<Rating>) -> Option<Rating> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The works of `history` that count as read: every chapter the work has
/// now is marked read (so a new chapter brings a work back). `chapters`
/// gives a work's current chapter count, `None` for a work that is gone.
pub fn read_works(
    history: &[HistoryEntry],
    chapters: &dyn Fn(&str) -> Option<usize>,
) -> BTreeSet<String> {
    history
        .iter()
        .filter(|entry| {
            chapters(&entry.work_id).is_some_and(|count| {
                count > 0
                    && (1..=count)
                        .all(|n| u32::try_from(n).is_ok_and(|n| entry.read_chapters.contains(&n)))
            })
        })
        .map(|entry| entry.work_id.clone())
        .collect()
}

impl Readers {
    /// The limits of `user` (`None`: a reader who is not signed in) under
    /// the server-wide cap `server_cap`. `chapters` gives a work's current
    /// chapter count (`None` if it is gone), to tell which works are read.
    pub fn limits(
        &self,
        user: Option<&User>,
        server_cap: Option<Rating>,
        chapters: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<ReaderLimits, ReaderError> {
        let Some(user) = user else {
            return Ok(ReaderLimits {
                max_rating: server_cap,
                ..ReaderLimits::default()
            });
        };
        let hidden_works = if user.preferences.hide_read {
            read_works(&self.store.history(user.id)?, chapters)
        } else {
            BTreeSet::new()
        };
        Ok(ReaderLimits {
            max_rating: lower(server_cap, user.max_rating),
            mutes: self.store.mutes(user.id)?,
            hidden_works,
        })
    }
}

/// Every stated tag key (per kind) and author key of a library, as the
/// index stores them: what wildcard mutes are expanded against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    tags: BTreeMap<TagKind, BTreeSet<String>>,
    authors: BTreeSet<String>,
}

/// A work's stated tags as `(kind, key)`, wrangled as the index wrangles
/// them (with the work's own characters as the cast).
fn work_keys(work: &Work, wrangler: &TagWrangler) -> Vec<(TagKind, String)> {
    let stated = TagKind::stated_in(work);
    let mut keys = Vec::new();
    for (kind, tags) in stated {
        for tag in tags.iter().filter(|t| !t.trim().is_empty()) {
            keys.push((kind, wrangler.key(kind, tag, &work.characters)));
        }
    }
    keys
}

impl Vocabulary {
    /// The vocabulary of `works`.
    pub fn from_works(works: &[Work], wrangler: &TagWrangler) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for work in works {
            for (kind, key) in work_keys(work, wrangler) {
                vocabulary.tags.entry(kind).or_default().insert(key);
            }
            vocabulary
                .authors
                .extend(work.authors.iter().map(|a| normalize_key(a)));
        }
        vocabulary
    }

    /// The vocabulary of a library's tag list ([`crate::Library::tags`])
    /// and its authors' names.
    pub fn from_tags<'a>(
        tags: &[TagCount],
        authors: impl IntoIterator<Item = &'a str>,
    ) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for tag in tags {
            vocabulary
                .tags
                .entry(tag.kind)
                .or_default()
                .insert(normalize_key(&tag.name));
        }
        vocabulary.authors = authors.into_iter().map(normalize_key).collect();
        vocabulary
    }

    fn keys(&self, kind: MuteKind) -> Box<dyn Iterator<Item = &String> + '_> {
        match tag_kind(kind) {
            Some(kind) => Box::new(self.tags.get(&kind).into_iter().flatten()),
            None => Box::new(self.authors.iter()),
        }
    }
}

/// One reader's view: what to leave out of searches and which works to
/// refuse.
#[derive(Debug, Clone)]
pub struct ReaderView {
    max_rating: Option<Rating>,
    matchers: Vec<MuteMatcher>,
    hidden_works: BTreeSet<String>,
    exclusions: Exclusions,
}

impl ReaderView {
    /// The view of `limits` over a library with `vocabulary`. A stored
    /// mute that no longer reads as one (empty, too long) is skipped with a
    /// warning rather than failing the reader's every page.
    pub fn new(
        limits: &ReaderLimits,
        vocabulary: &Vocabulary,
        wrangler: &TagWrangler,
    ) -> ReaderView {
        let mut matchers = Vec::with_capacity(limits.mutes.len());
        for mute in &limits.mutes {
            match MuteMatcher::new(mute, wrangler) {
                Ok(matcher) => matchers.push(matcher),
                Err(error) => tracing::warn!(%error, value = %mute.value, "mute skipped"),
            }
        }
        let mut tags = BTreeSet::new();
        let mut authors = BTreeSet::new();
        for matcher in &matchers {
            let keys: Vec<String> = match matcher.exact_key() {
                Some(key) => vec![key.to_string()],
                None => vocabulary
                    .keys(matcher.kind())
                    .filter(|key| matcher.matches(key))
                    .cloned()
                    .collect(),
            };
            match tag_kind(matcher.kind()) {
                Some(kind) => tags.extend(keys.into_iter().map(|key| ExcludedTag { kind, key })),
                None => authors.extend(keys),
            }
        }
        let exclusions = Exclusions {
            tags: tags.into_iter().collect(),
            authors: authors.into_iter().collect(),
            works: limits.hidden_works.iter().cloned().collect(),
        };
        ReaderView {
            max_rating: limits.max_rating,
            matchers,
            hidden_works: limits.hidden_works.clone(),
            exclusions,
        }
    }

    /// The highest rating shown.
    pub fn max_rating(&self) -> Option<Rating> {
        self.max_rating
    }

    /// What searches must leave out.
    pub fn exclusions(&self) -> &Exclusions {
        &self.exclusions
    }

    /// `options` limited to this view: the lower rating cap, and the view's
    /// exclusions added to any already there.
    pub fn search_options(&self, options: SearchOptions) -> SearchOptions {
        let mut exclude = options.exclude;
        exclude.tags.extend(self.exclusions.tags.iter().cloned());
        exclude
            .authors
            .extend(self.exclusions.authors.iter().cloned());
        exclude.works.extend(self.exclusions.works.iter().cloned());
        SearchOptions {
            max_rating: lower(options.max_rating, self.max_rating),
            exclude,
            ..options
        }
    }

    /// Whether the reader may see `work` (its page, a chapter, a download,
    /// a feed entry): rated within the limit, not hidden, and stating no
    /// muted tag or author. Suggested tags never hide a work.
    pub fn allows(&self, work: &Work, wrangler: &TagWrangler) -> bool {
        if self.max_rating.is_some_and(|max| work.rating > max) {
            return false;
        }
        if self.hidden_works.contains(work.id.trim()) {
            return false;
        }
        if self.matchers.is_empty() {
            return true;
        }
        let muted = |kind: MuteKind, key: &str| {
            self.matchers
                .iter()
                .any(|m| m.kind() == kind && m.matches(key))
        };
        if work
            .authors
            .iter()
            .any(|a| muted(MuteKind::Author, &normalize_key(a)))
        {
            return false;
        }
        !work_keys(work, wrangler).iter().any(|(kind, key)| {
            MuteKind::ALL
                .into_iter()
                .any(|m| tag_kind(m) == Some(*kind) && muted(m, key))
        })
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
