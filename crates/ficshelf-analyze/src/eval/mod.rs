//! Scoring the analysis against the labelled evaluation set
//! (`tests/fixtures/eval/`); `ficshelf eval` prints the report and tests
//! hold floors on it.
//!
//! - [`load`] reads the set: every `NN-slug.txt` with its `NN-slug.gold.json`
//!   (sorted by name) and `duplicates.json`.
//! - [`TaskScore`] and [`Report`] (in `report`) hold and render scores.
//! - `voice` scores point of view, interior monologue, language and
//!   near-duplicates; [`names`] scores characters and pairings from the
//!   text; [`suggestions`] scores the suggested characters and fandoms a
//!   work's page shows (character lists and stated tags applied);
//!   [`full_report`] runs them all.

mod gold;
pub mod names;
mod report;
pub mod suggestions;
mod voice;

pub use gold::{DuplicateGold, EvalChapter, Gold, GoldCharacter, GoldFandom};
pub use report::{Report, TaskScore};
pub use voice::{
    expected_language, full_report, gold_monologue, score_duplicates, score_language,
    score_monologue, score_pov, score_voice, DuplicateOutcome,
};

use std::path::{Path, PathBuf};

/// Every POV label a gold file may use.
pub const POV_LABELS: [&str; 7] = [
    "first-past",
    "first-present",
    "second-past",
    "second-present",
    "third-past",
    "third-present",
    "dialogue",
];

/// The whole evaluation set, as read from its folder.
#[derive(Debug, Clone)]
pub struct EvalSet {
    /// The folder it was read from; duplicate paths are relative to it.
    pub dir: PathBuf,
    /// Chapters sorted by file name.
    pub chapters: Vec<EvalChapter>,
    /// Duplicate pairs; empty when `duplicates.json` is absent.
    pub duplicates: DuplicateGold,
}

impl EvalSet {
    /// Reads a file named by `duplicates.json` (a path relative to the set).
    pub fn read_relative(&self, rel: &str) -> Result<String, EvalError> {
        read_text(&self.dir.join(rel))
    }
}

/// Why the evaluation set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid gold JSON: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: chapter text has no gold file beside it ({gold})")]
    MissingGold { path: PathBuf, gold: PathBuf },
    #[error("{path}: {labels} pov labels for {paragraphs} paragraphs")]
    PovCount {
        path: PathBuf,
        labels: usize,
        paragraphs: usize,
    },
    #[error("{path}: pov label {index} is {label:?}, not one of {POV_LABELS:?}")]
    UnknownPovLabel {
        path: PathBuf,
        index: usize,
        label: String,
    },
}

/// Splits chapter text into paragraphs: blocks separated by blank lines
/// (lines holding only whitespace count as blank), each trimmed; empty
/// blocks are dropped.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let trimmed = current.trim();
    if !trimmed.is_empty() {
        out.push(trimmed.to_string());
    }
    current.clear();
}

fn read_text(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads the evaluation set in `dir`: each `*.txt` directly inside it with
/// its `*.gold.json`, sorted by name, and `duplicates.json` if present.
///
/// Fails with a message naming the file when a gold file is missing or
/// malformed, or its `pov` labels do not match the paragraph count.
pub fn load(dir: &Path) -> Result<EvalSet, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut texts = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| EvalError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
            texts.push(path);
        }
    }
    texts.sort();
    let mut chapters = Vec::with_capacity(texts.len());
    for path in texts {
        chapters.push(load_chapter(&path)?);
    }
    let dup_path = dir.join("duplicates.json");
    let duplicates = if dup_path.exists() {
        let text = read_text(&dup_path)?;
        serde_json::from_str(&text).map_err(|source| EvalError::Json {
            path: dup_path.clone(),
            source,
        })?
    } else {
        DuplicateGold::default()
    };
    Ok(EvalSet {
        dir: dir.to_path_buf(),
        chapters,
        duplicates,
    })
}

fn load_chapter(path: &Path) -> Result<EvalChapter, EvalError> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let gold_path = path.with_file_name(format!("{stem}.gold.json"));
    if !gold_path.exists() {
        return Err(EvalError::MissingGold {
            path: path.to_path_buf(),
            gold: gold_path,
        });
    }
    let paragraphs = split_paragraphs(&read_text(path)?);
    let gold: Gold =
        serde_json::from_str(&read_text(&gold_path)?).map_err(|source| EvalError::Json {
            path: gold_path.clone(),
            source,
        })?;
    if gold.pov.len() != paragraphs.len() {
        return Err(EvalError::PovCount {
            path: gold_path,
            labels: gold.pov.len(),
            paragraphs: paragraphs.len(),
        });
    }
    if let Some((index, label)) = gold
        .pov
        .iter()
        .enumerate()
        .find(|(_, l)| !POV_LABELS.contains(&l.as_str()))
    {
        return Err(EvalError::UnknownPovLabel {
            path: gold_path,
            index,
            label: label.clone(),
        });
    }
    Ok(EvalChapter {
        name: stem,
        paragraphs,
        gold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_trim() {
        let text = "  One line\nstill one.\n\n \t\nTwo.\n\n\n  Three.  \n";
        assert_eq!(
            split_paragraphs(text),
            vec!["One line\nstill one.", "Two.", "Three."]
        );
        assert!(split_paragraphs("\n\n").is_empty());
    }

    #[test]
    fn a_wrong_label_count_names_the_file() {
        let dir = std::env::temp_dir().join(format!("ficshelf-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("01-a.txt"), "One.\n\nTwo.\n").unwrap();
        std::fs::write(
            dir.join("01-a.gold.json"),
            r#"{"characters": [], "pov": ["third-past"]}"#,
        )
        .unwrap();
        let err = load(&dir).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("01-a.gold.json"), "{err}");
        assert!(err.contains("1 pov labels for 2 paragraphs"), "{err}");
    }
}
