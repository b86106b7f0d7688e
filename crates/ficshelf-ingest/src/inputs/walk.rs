//! Walking a folder given to import.
//!
//! Files with one of the [`super::READ_EXTENSIONS`] are inputs, anything
//! else is counted as ignored; hidden entries (`.name`) are passed over.
//!
//! Symbolic links are followed only into the folder being imported: a link
//! to a file inside it is read (as the file it points at, so a file linked
//! and also present is read once), a link to a folder inside it is passed
//! over (that folder is walked as itself, and no cycle can form), and a link
//! pointing anywhere else is refused with its reason, so that a link planted
//! in a shared folder cannot make the server import (and show) a private
//! file. A file named on the command line is the user's own choice and is
//! read wherever its link points.

use super::{add_file, extension, is_hidden, natural_cmp, InputRef, Limits, TEXT_EXTENSIONS};
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// One folder walk's findings.
pub(super) struct Walk<'a> {
    /// The folder given to import, canonical.
    root: &'a Path,
    limits: &'a Limits,
    pub(super) found: Vec<InputRef>,
    pub(super) ignored: u64,
}

impl<'a> Walk<'a> {
    pub(super) fn new(root: &'a Path, limits: &'a Limits) -> Walk<'a> {
        Walk {
            root,
            limits,
            found: Vec::new(),
            ignored: 0,
        }
    }

    /// Lists `dir` and everything below it.
    pub(super) fn dir(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let reason = format!("cannot list folder: {e}");
                return self.found.push(InputRef::unreadable(dir.display(), reason));
            }
        };
        let mut children: Vec<(PathBuf, std::io::Result<Metadata>)> = Vec::new();
        for entry in entries {
            match entry {
                // `DirEntry::metadata` does not follow links.
                Ok(entry) => children.push((entry.path(), entry.metadata())),
                Err(e) => {
                    let reason = format!("cannot list folder: {e}");
                    self.found.push(InputRef::unreadable(dir.display(), reason));
                }
            }
        }
        children.retain(|(path, _)| !is_hidden(path));
        children.sort_by(|a, b| natural_cmp(&a.0.to_string_lossy(), &b.0.to_string_lossy()));
        for (path, meta) in children {
            match meta {
                Ok(meta) if meta.is_symlink() => self.link(&path),
                Ok(meta) if meta.is_dir() => self.dir(&path),
                Ok(meta) if meta.is_file() => self.file(&path, &path, meta.len()),
                // Sockets, devices, FIFOs: nothing to read.
                Ok(_) => self.ignored += 1,
                Err(e) => self.found.push(InputRef::unreadable(
                    path.display(),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }

    /// A file found at `path` (`read_as` is where its bytes are: itself, or
    /// a link's target).
    fn file(&mut self, path: &Path, read_as: &Path, bytes: u64) {
        let ext = extension(path);
        if ext == "zip" || TEXT_EXTENSIONS.contains(&ext.as_str()) {
            add_file(read_as, bytes, self.limits, &mut self.found);
        } else {
            self.ignored += 1;
        }
    }

    /// A symbolic link at `path`.
    fn link(&mut self, path: &Path) {
        let target = match std::fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) => {
                let reason = format!("symbolic link that leads nowhere readable: {e}");
                return self
                    .found
                    .push(InputRef::unreadable(path.display(), reason));
            }
        };
        if !target.starts_with(self.root) {
            let reason = format!(
                "symbolic link to {}, outside the imported folder: not followed",
                target.display()
            );
            return self
                .found
                .push(InputRef::unreadable(path.display(), reason));
        }
        match std::fs::metadata(&target) {
            // Inside the folder: walked as itself.
            Ok(meta) if meta.is_dir() => {}
            // Named by the link, read from the target: the link's extension
            // says whether it is a story, the target's path is the source.
            Ok(meta) if meta.is_file() => self.file(path, &target, meta.len()),
            Ok(_) => self.ignored += 1,
            Err(e) => self.found.push(InputRef::unreadable(
                path.display(),
                format!("cannot read: {e}"),
            )),
        }
    }
}
