//! A signed-in reader's view, built from their limits and the library's
//! [`Vocabulary`] (every stated tag and author, what wildcard mutes are
//! expanded against), read from the search index's exact facets over every
//! work and kept while the index shows the same works.

use super::{AppState, ViewCheck};
use crate::accounts::Accounts;
use crate::WebError;
use ficshelf_library::readers::{ReaderView, User, Vocabulary};
use ficshelf_library::SearchOptions;
use ficshelf_search::query::ParsedQuery;
use ficshelf_search::{FacetCounts, Facets, TagCount, TagKind};
use std::cell::RefCell;
use std::sync::Arc;

impl AppState {
    /// What `user` may see now: their limits under the server's cap, their
    /// mutes expanded against the library's vocabulary, and (when they hide
    /// works read) the works whose every chapter they have read.
    pub(crate) async fn reader_view(
        &self,
        accounts: &Arc<Accounts>,
        user: &User,
        check: ViewCheck,
    ) -> Result<Arc<ReaderView>, WebError> {
        // A view is reused for a moment while the index shows the same
        // works (see `accounts::recent`).
        let (id, cap) = (user.id, self.max_rating());
        if check == ViewCheck::LastSeen {
            if let Some(view) = accounts.recent_view(id, self.last_content(), cap) {
                return Ok(view);
            }
        }
        let content = self.read(|catalog, _max| Ok(catalog.search_key())).await?;
        self.note_content(content);
        if let Some(view) = accounts.recent_view(id, content, cap) {
            return Ok(view);
        }
        // One view is built at a time: the requests arriving together as a
        // kept view expires wait for the first one's, rather than each
        // counting the library's vocabulary and reading the limits again.
        let _building = accounts.building_views().await;
        if let Some(view) = accounts.recent_view(id, content, cap) {
            return Ok(view);
        }
        let vocabulary = self.vocabulary(accounts, content).await?;
        let works = RefCell::new(self.lookup(self.scope()));
        let user = user.clone();
        let limits = accounts
            .run(move |readers| {
                let chapters = |id: &str| works.borrow_mut().get(id).map(|w| w.chapters.len());
                readers.limits(Some(&user), cap, &chapters)
            })
            .await?;
        let view = Arc::new(ReaderView::new(&limits, &vocabulary, accounts.wrangler()));
        accounts.keep_recent_view(id, content, cap, Arc::clone(&view));
        Ok(view)
    }

    /// The library's vocabulary, counted once per index content.
    async fn vocabulary(
        &self,
        accounts: &Arc<Accounts>,
        key: Option<u64>,
    ) -> Result<Arc<Vocabulary>, WebError> {
        if let Some(known) = key.and_then(|key| accounts.vocabulary(key)) {
            return Ok(known);
        }
        let accounts = Arc::clone(accounts);
        self.on_search_handle(move |_shared, catalog| {
            let every_value = SearchOptions {
                limit: 0,
                facet_top: usize::MAX,
                time_limit: None,
                ..SearchOptions::default()
            };
            let every_work = ParsedQuery {
                expr: None,
                sort: None,
            };
            let vocabulary = match catalog.search_parsed(&every_work, &every_value)? {
                Some(results) => Arc::new(vocabulary_of(&results.facets)),
                None => Arc::new(Vocabulary::default()),
            };
            if let Some(key) = key {
                accounts.keep_vocabulary(key, Arc::clone(&vocabulary));
            }
            Ok(vocabulary)
        })
        .await
    }
}

/// The vocabulary of a search's facets over every work (every value listed).
fn vocabulary_of(facets: &Facets) -> Vocabulary {
    let kinds: [(TagKind, &FacetCounts); 7] = [
        (TagKind::Fandom, &facets.fandom.values),
        (TagKind::Relationship, &facets.relationship.values),
        (TagKind::Character, &facets.character.values),
        (TagKind::Tag, &facets.tag.values),
        (TagKind::Warning, &facets.warning),
        (TagKind::Category, &facets.category),
        (TagKind::Language, &facets.language),
    ];
    let tags: Vec<TagCount> = kinds
        .into_iter()
        .flat_map(|(kind, counts)| {
            counts.0.iter().map(move |(name, works)| TagCount {
                kind,
                name: name.clone(),
                works: *works,
                synonyms: Vec::new(),
            })
        })
        .collect();
    let authors = facets.author.values.0.iter().map(|(name, _)| name.as_str());
    Vocabulary::from_tags(&tags, authors)
}
