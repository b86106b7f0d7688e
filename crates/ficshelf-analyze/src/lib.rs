//! Text understanding: what the story text says about a work that its header
//! may not. Everything here is a *suggestion*; callers put it in
//! [`ficshelf_model::Suggested`], never in stated fields.
//!
//! Modules (each pure functions over text, no IO):
//! - `stats`: words, reading time, dialogue share.
//! - `language`: language of a chapter or work.
//! - `characters`: person names found in the text, variants clustered.
//! - `relationships`: pairing notation resolved against characters, and
//!   pairs from co-occurrence and dialogue.
//! - `fandoms`: fandoms from disclaimers, characters and character lists.
//! - `pov`: point of view and tense per paragraph, interior monologue.
//! - `rating`: rating and warning suggestions with evidence.
//! - `minhash`: near-duplicate signatures and an LSH index.
//! - `eval`: scoring against the labelled evaluation set.
//!
//! [`Analyzer::analyze`] runs them all over a work and returns a
//! [`WorkAnalysis`]: the [`ficshelf_model::Suggested`] to store and a
//! near-duplicate signature; [`paragraphs`] is the text every module reads.
//!
//! Import runs it on every work, so the text is read as few times as the
//! modules allow:
//! - one split of each paragraph into dialogue and narration
//!   ([`stats::for_each_span`]), then one read of each span that counts the
//!   dialogue share's rough words, hashes the MinHash words and, for
//!   narration, counts the point-of-view cues;
//! - one split of the whole story into words for the name scan, whose words
//!   also feed the rating scan (chapter by chapter; sentences end in the
//!   gaps between words);
//! - language is English when the POV counts' common English words say so
//!   beyond doubt, else judged by whatlang on a sample;
//! - a chapter's word count is the one import stored.

pub mod characters;
pub mod eval;
pub mod fandoms;
pub mod language;
pub mod minhash;
pub mod pov;
pub mod rating;
pub mod relationships;
pub mod stats;
mod work;

pub use work::{chapter_language, paragraphs, Analyzer, WorkAnalysis};
