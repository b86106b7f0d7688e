//! `check`: the library's integrity, one line per problem: the store's own
//! (database, texts and images against their names, journal records), each
//! work's shape (chapter numbers, word counts, images its text uses), the
//! journal against the works (each work as its last record left it), and
//! the search index against the store.

use crate::{LibraryError, DATABASE_FILE, INDEX_DIR};
use ficshelf_model::{asset_refs, Block};
use ficshelf_search::SearchIndex;
use ficshelf_store::Store;
use std::collections::BTreeSet;
use std::path::Path;

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// `store`, `work`, `journal` or `index`.
    pub area: &'static str,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.area, self.message)
    }
}

/// Checks the library in `dir` without repairing anything (opening it
/// with [`crate::Library::open`] would bring the index up to date first).
pub fn check(dir: &Path) -> Result<Vec<Problem>, LibraryError> {
    let db = dir.join(DATABASE_FILE);
    if !db.is_file() {
        return Err(LibraryError::NoLibrary {
            path: dir.to_path_buf(),
        });
    }
    let store = ficshelf_store::open(&format!("sqlite://{}", db.display()))?;
    let mut problems: Vec<Problem> = store
        .verify()?
        .into_iter()
        .map(|message| Problem {
            area: "store",
            message,
        })
        .collect();
    let mut say = |area, message| problems.push(Problem { area, message });
    let works = store.works()?;
    for work in &works {
        for (i, problem) in check_work(store.as_ref(), work)?.into_iter().enumerate() {
            if i < 5 {
                say("work", problem);
            }
        }
    }
    for problem in check_journal(store.as_ref(), &works)? {
        say("journal", problem);
    }
    match SearchIndex::open(&dir.join(INDEX_DIR)) {
        Err(e) => say(
            "index",
            format!("cannot be read ({e}); run `ficshelf reindex`"),
        ),
        Ok(index) => {
            for problem in check_index(store.as_ref(), &index, &works)? {
                say("index", problem);
            }
        }
    }
    Ok(problems)
}

fn check_work(store: &dyn Store, work: &ficshelf_model::Work) -> Result<Vec<String>, LibraryError> {
    let id = &work.id;
    let mut out = Vec::new();
    for (i, chapter) in work.chapters.iter().enumerate() {
        if chapter.number != i as u32 + 1 {
            out.push(format!(
                "work {id}: chapter {} is numbered {}",
                i + 1,
                chapter.number
            ));
        }
    }
    let sum: u64 = work.chapters.iter().map(|c| c.words).sum();
    if sum != work.words {
        out.push(format!(
            "work {id}: counts {} words, its chapters {sum}",
            work.words
        ));
    }
    let linked = store.work_assets(id)?;
    for chapter in &work.chapters {
        let Some(body) = store.chapter_body(id, chapter.number)? else {
            out.push(format!("work {id}: chapter {} has no text", chapter.number));
            continue;
        };
        for block in &body.blocks {
            if let Block::Html(html) = block {
                for sha in asset_refs(html) {
                    if !linked.contains(&sha) || store.asset(&sha)?.is_none() {
                        out.push(format!(
                            "work {id}: chapter {} shows image {sha}, which the work does not keep",
                            chapter.number
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Each work the journal knows must be as its latest record left it.
fn check_journal(
    store: &dyn Store,
    works: &[ficshelf_model::Work],
) -> Result<Vec<String>, LibraryError> {
    let mut ids: BTreeSet<u64> = works.iter().filter_map(|w| w.id.parse().ok()).collect();
    for op in store.operations()? {
        ids.extend(op.works.iter().filter_map(|w| w.parse::<u64>().ok()));
    }
    let mut out = Vec::new();
    for id in ids {
        let id = id.to_string();
        let Some(last) = store.work_records(&id)?.pop() else {
            continue;
        };
        let now = store.work_state(&id)?.map(|s| s.fingerprint());
        if now != last.after {
            let what = match (&now, &last.after) {
                (None, _) => "is missing, but".to_string(),
                (Some(_), None) => "exists, but".to_string(),
                _ => "differs from the state".to_string(),
            };
            out.push(format!(
                "work {id} {what} operation {} left it that way (changed outside Ficshelf?)",
                last.operation
            ));
        }
    }
    Ok(out)
}

fn check_index(
    store: &dyn Store,
    index: &SearchIndex,
    works: &[ficshelf_model::Work],
) -> Result<Vec<String>, LibraryError> {
    let mut out = Vec::new();
    let indexed: BTreeSet<String> = match index.work_ids() {
        Ok(ids) => ids.into_iter().collect(),
        Err(e) => {
            out.push(format!("cannot be read ({e}); run `ficshelf reindex`"));
            return Ok(out);
        }
    };
    let stored: BTreeSet<String> = works.iter().map(|w| w.id.clone()).collect();
    let missing: Vec<&String> = stored.difference(&indexed).collect();
    let extra: Vec<&String> = indexed.difference(&stored).collect();
    if !missing.is_empty() {
        out.push(format!(
            "works {} are not in the search index; run `ficshelf reindex`",
            join(&missing)
        ));
    }
    if !extra.is_empty() {
        out.push(format!(
            "works {} are in the search index but not in the library; run `ficshelf reindex`",
            join(&extra)
        ));
    }
    let label = index.commit_info()?.label.unwrap_or(0);
    let last = store.last_change()?;
    if label != last {
        out.push(format!(
            "the search index includes changes up to {label}, the library is at {last}; run `ficshelf reindex`"
        ));
    }
    let everything = ficshelf_search::SearchOptions {
        limit: 1,
        facet_top: 0,
        ..Default::default()
    };
    if let Err(e) = index.search("", &everything) {
        out.push(format!("cannot be searched ({e}); run `ficshelf reindex`"));
    }
    Ok(out)
}

fn join(ids: &[&String]) -> String {
    ids.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
