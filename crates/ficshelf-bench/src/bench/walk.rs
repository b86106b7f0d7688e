//! Finding the corpus files.

use crate::corpus::MANIFEST;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// A file to import and its size.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub bytes: u64,
}

/// The top-level entries of a corpus folder that hold works: everything but
/// the manifest, sorted by name. The baseline reads everything under them.
pub fn work_roots(corpus: &Path) -> Result<Vec<PathBuf>> {
    let mut roots = Vec::new();
    for entry in
        fs::read_dir(corpus).with_context(|| format!("cannot read {}", corpus.display()))?
    {
        let entry = entry.with_context(|| format!("cannot read {}", corpus.display()))?;
        if entry.file_name() != MANIFEST {
            roots.push(entry.path());
        }
    }
    roots.sort();
    Ok(roots)
}

/// Every file under `roots`, recursively, in sorted order.
pub fn walk(roots: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut files = Vec::new();
    for root in roots {
        walk_into(root, &mut files)?;
    }
    Ok(files)
}

fn walk_into(path: &Path, files: &mut Vec<InputFile>) -> Result<()> {
    let meta = fs::metadata(path).with_context(|| format!("cannot stat {}", path.display()))?;
    if meta.is_file() {
        files.push(InputFile {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
        return Ok(());
    }
    if !meta.is_dir() {
        return Ok(());
    }
    let mut children = Vec::new();
    for entry in fs::read_dir(path).with_context(|| format!("cannot read {}", path.display()))? {
        let entry = entry.with_context(|| format!("cannot read {}", path.display()))?;
        children.push(entry.path());
    }
    children.sort();
    for child in children {
        walk_into(&child, files)?;
    }
    Ok(())
}
