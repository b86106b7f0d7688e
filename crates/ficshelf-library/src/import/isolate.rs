//! Keeping a failure where it happened: a reader that fails on one file
//! costs that file, an analysis that fails on one work costs that work's
//! suggestions (its story is saved), and the rest of the import is
//! committed.
//!
//! A failure here is a panic: readers and analysers are pure functions that
//! return their errors, so a panic is a bug met on some input. It is caught
//! at the file or work boundary (`catch_unwind`) and reported in one line.
//! Debug builds can inject such failures (`FICSHELF_TEST_FAIL_PARSE`,
//! `FICSHELF_TEST_FAIL_ANALYSIS`), so tests through the binary can prove
//! the isolation without a real bug to lean on.

use crate::analysis::{Analyzer, WorkAnalysis};
use ficshelf_analyze::minhash;
use ficshelf_model::{ChapterBody, Work};
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Failures a debug build injects on request (always none in release).
#[derive(Debug, Default, Clone)]
pub(crate) struct Faults {
    /// Reading a file whose name contains this fails.
    #[cfg(debug_assertions)]
    parse: Option<String>,
    /// Analysing a work whose title contains this fails.
    #[cfg(debug_assertions)]
    analysis: Option<String>,
}

impl Faults {
    /// The failures the environment asks for (debug builds only).
    pub fn from_env() -> Faults {
        #[cfg(debug_assertions)]
        {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
            Faults {
                parse: var("FICSHELF_TEST_FAIL_PARSE"),
                analysis: var("FICSHELF_TEST_FAIL_ANALYSIS"),
            }
        }
        #[cfg(not(debug_assertions))]
        Faults::default()
    }

    /// Fails like a reader bug if asked to for `file_name`.
    pub fn before_parse(&self, file_name: &str) {
        #[cfg(debug_assertions)]
        if self.parse.as_deref().is_some_and(|p| file_name.contains(p)) {
            panic!("injected reader failure");
        }
        let _ = file_name;
    }

    /// Fails like an analysis bug if asked to for `work`.
    fn before_analysis(&self, work: &Work) {
        #[cfg(debug_assertions)]
        if self
            .analysis
            .as_deref()
            .is_some_and(|p| work.title.contains(p))
        {
            panic!("injected analysis failure");
        }
        let _ = work;
    }
}

/// Runs `f`, turning a panic into its message.
pub(super) fn isolated<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(payload.as_ref()))
}

/// The text a panic was raised with.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// What analysing one work gave: its analysis, or why it failed plus a
/// near-duplicate signature computed on its own (so `duplicates` still sees
/// the work; `None` if that failed too).
pub(crate) enum Analysed {
    Done(WorkAnalysis),
    Failed {
        reason: String,
        signature: Option<Vec<u8>>,
    },
}

/// Analyses `work`, containing any failure to this work.
pub(crate) fn analyse(
    analyzer: &Analyzer,
    faults: &Faults,
    work: &Work,
    bodies: &[ChapterBody],
) -> Analysed {
    let run = || {
        faults.before_analysis(work);
        analyzer.analyze(work, bodies)
    };
    match isolated(run) {
        Ok(analysis) => Analysed::Done(analysis),
        Err(reason) => Analysed::Failed {
            reason,
            signature: isolated(|| text_signature(bodies)).ok(),
        },
    }
}

/// The MinHash signature of the whole story text, as analysis computes it.
fn text_signature(bodies: &[ChapterBody]) -> Vec<u8> {
    let mut words = Vec::new();
    for body in bodies {
        minhash::push_word_hashes(&body.to_text(), &mut words);
    }
    minhash::signature_of_hashes(&words).to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_their_message() {
        assert_eq!(isolated(|| 7), Ok(7));
        let failed: Result<(), String> = isolated(|| panic!("index {} out of bounds", 3));
        assert_eq!(failed, Err("index 3 out of bounds".to_string()));
        let failed: Result<(), String> = isolated(|| panic!("plain"));
        assert_eq!(failed, Err("plain".to_string()));
    }

    #[test]
    fn the_fallback_signature_is_the_analysis_signature() {
        let work = Work::new("1", "Salt Road");
        let bodies = vec![
            ChapterBody::from_text("The caravan wound down from the salt flats at dusk."),
            ChapterBody::from_text(
                "\u{201c}Dry again,\u{201d} said the cook, and nobody listened.",
            ),
        ];
        let analyzer = Analyzer::default();
        match analyse(&analyzer, &Faults::default(), &work, &bodies) {
            Analysed::Done(analysis) => assert_eq!(analysis.signature, text_signature(&bodies)),
            Analysed::Failed { reason, .. } => panic!("analysis failed: {reason}"),
        }
    }
}
