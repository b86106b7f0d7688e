//! Where uploaded files go: a folder of their own per upload under the
//! library's `uploads/` folder, and nowhere else.
//!
//! A file's name comes from the browser and is not trusted: only its last
//! path component is kept (`../../x.txt` and `C:\a\x.txt` become `x.txt`),
//! control characters are dropped, a leading dot is replaced (no hidden
//! files, no `.`/`..`), and the length is bounded, keeping the extension
//! (import picks the reader by it). This is a few lines of rules specific
//! to this folder rather than a general crate's idea of a safe name. Files
//! are created new (`create_new`), so nothing existing is overwritten and
//! no link is followed; the folder is checked to lie inside the library
//! after links are resolved.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// The folder under the library that holds uploads.
pub(crate) const UPLOADS_DIR: &str = "uploads";

/// The longest file name kept, in bytes.
const MAX_NAME_BYTES: usize = 120;

/// The name an uploaded file is saved under, or `None` when nothing usable
/// is left of `given`.
pub(crate) fn safe_file_name(given: &str) -> Option<String> {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string();
    if name.starts_with('.') {
        name = format!("_{}", name.trim_start_matches('.'));
    }
    if name.is_empty() || name == "_" {
        return None;
    }
    if name.len() > MAX_NAME_BYTES {
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) if ext.len() <= 8 => (stem.to_string(), format!(".{ext}")),
            _ => (name.clone(), String::new()),
        };
        let mut cut = MAX_NAME_BYTES - extension.len();
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        name = format!("{}{extension}", &stem[..cut]);
    }
    Some(name)
}

/// One upload's folder.
pub(crate) struct Staging {
    dir: PathBuf,
    used: HashSet<String>,
}

impl Staging {
    /// Creates `<root>/uploads/<time>-<job>/`.
    pub(crate) fn create(root: &Path, job: u64) -> io::Result<Staging> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let uploads = root.join(UPLOADS_DIR);
        std::fs::create_dir_all(&uploads)?;
        let dir = uploads.join(format!("{seconds}-{job}"));
        std::fs::create_dir(&dir)?;
        let inside = dir.canonicalize()?.starts_with(root.canonicalize()?);
        if !inside {
            return Err(io::Error::other(format!(
                "{} is outside the library (a link?)",
                dir.display()
            )));
        }
        Ok(Staging {
            dir,
            used: HashSet::new(),
        })
    }

    /// The folder, to import.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// A fresh path in the folder for a file named `name` (a
    /// [`safe_file_name`]): `name`, or `name-2.ext`, … when it is taken.
    pub(crate) fn path_for(&mut self, name: &str) -> PathBuf {
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
            _ => (name, String::new()),
        };
        let mut candidate = name.to_string();
        let mut n = 1;
        while !self.used.insert(candidate.to_lowercase()) {
            n += 1;
            candidate = format!("{stem}-{n}{extension}");
        }
        self.dir.join(candidate)
    }

    /// Removes the folder and what was written in it (an upload that
    /// failed part way).
    pub(crate) fn remove(self) {
        if let Err(err) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %err, dir = %self.dir.display(), "cannot remove a failed upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_their_last_component() {
        assert_eq!(safe_file_name("../x.txt").as_deref(), Some("x.txt"));
        assert_eq!(
            safe_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            safe_file_name("C:\\docs\\Story.epub").as_deref(),
            Some("Story.epub")
        );
        assert_eq!(safe_file_name("..").as_deref(), None);
        assert_eq!(safe_file_name("dir/").as_deref(), None);
        assert_eq!(
            safe_file_name(".hidden.txt").as_deref(),
            Some("_hidden.txt")
        );
        assert_eq!(safe_file_name("a\u{0}b\n.txt").as_deref(), Some("ab.txt"));
        let long = format!("{}.epub", "é".repeat(100));
        let kept = safe_file_name(&long).expect("a name");
        assert!(
            kept.len() <= MAX_NAME_BYTES && kept.ends_with(".epub"),
            "{kept}"
        );
    }

    #[test]
    fn repeated_names_get_numbers() {
        let root = tempfile::tempdir().expect("tempdir");
        let mut staging = Staging::create(root.path(), 1).expect("staging");
        let first = staging.path_for("a.txt");
        let second = staging.path_for("A.txt");
        assert!(first.ends_with("a.txt") && second.ends_with("A-2.txt"));
        assert!(staging.dir().starts_with(root.path().join(UPLOADS_DIR)));
    }
}
