//! Scoring the analysis against the labelled evaluation set
//! (`tests/fixtures/eval/`); `ficshelf eval` prints the report and tests
//! hold floors on it.

mod gold;

pub use gold::{DuplicateGold, EvalChapter, Gold, GoldCharacter};
