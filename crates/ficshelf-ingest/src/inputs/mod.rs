//! Finding and reading input files: files, folders (recursively) and zip
//! archives, with limits so that huge or hostile inputs cannot exhaust memory.
//!
//! Public items: [`collect_inputs`] lists what a set of paths holds, as
//! [`InputRef`]s in a stable natural order; [`InputReader`] reads them one by
//! one (keeping the current zip archive open); [`InputError`] says why one
//! could not be read; [`Limits`] bounds sizes; [`READ_EXTENSIONS`] and
//! [`read_extensions_list`] name the files a folder walk reads.
//!
//! Inside, `walk` lists a folder (and decides about symbolic links) and
//! `zip_list` lists an archive's entries (and refuses unsafe names).

mod walk;
mod zip_list;

use crate::recover::natural_cmp;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Size limits on what is read into memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file (or zip entry, decompressed) read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total decompressed size read from one archive.
    pub max_archive_bytes: u64,
    /// Largest decompressed/compressed ratio for a zip entry over 1 MiB.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 32 << 20,
            max_archive_bytes: 2 << 30,
            max_ratio: 200,
        }
    }
}

/// Extensions read when walking a folder or a zip archive: the formats
/// read, and PDF so that it is reported as refused rather than ignored
/// (an `.epub` is one input, not an archive to walk).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "xhtml", "epub", "mobi", "azw3", "azw", "prc", "pdf",
];

/// The extensions of the formats read, and `.zip` archives (whose story
/// files are read in turn): what a message says an import looks for (PDF
/// files are picked up too, only to be refused with their reason).
pub const READ_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "xhtml", "epub", "mobi", "azw3", "azw", "prc", "zip",
];

/// [`READ_EXTENSIONS`] for a message: `.txt, .text, …, .epub or .zip`.
pub fn read_extensions_list() -> String {
    let dotted: Vec<String> = READ_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    match dotted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => dotted.concat(),
    }
}

/// One input: a file, or an entry of a zip archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputRef {
    File {
        path: PathBuf,
        bytes: u64,
    },
    ZipEntry {
        archive: PathBuf,
        index: usize,
        name: String,
        bytes: u64,
    },
    /// Something found that cannot be read; the reason is reported as a skip.
    Unreadable {
        display: String,
        reason: String,
    },
}

impl InputRef {
    /// The path recorded as the source: the file's absolute path, or
    /// `archive.zip!/inner/name` for a zip entry.
    pub fn display(&self) -> String {
        match self {
            InputRef::File { path, .. } => path.display().to_string(),
            InputRef::ZipEntry { archive, name, .. } => format!("{}!/{}", archive.display(), name),
            InputRef::Unreadable { display, .. } => display.clone(),
        }
    }

    /// The uncompressed size, as known before reading.
    pub fn size(&self) -> u64 {
        match self {
            InputRef::File { bytes, .. } | InputRef::ZipEntry { bytes, .. } => *bytes,
            InputRef::Unreadable { .. } => 0,
        }
    }

    /// The file name without folders (the entry name's last part for zips).
    pub fn file_name(&self) -> String {
        let display = self.display();
        display
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&display)
            .to_string()
    }

    /// The folder holding the input (for a zip entry, the archive path plus
    /// the entry's folder).
    pub fn folder(&self) -> String {
        let display = self.display();
        match display.rfind(['/', '\\']) {
            Some(i) => display[..i].to_string(),
            None => String::new(),
        }
    }

    fn unreadable(display: impl std::fmt::Display, reason: impl Into<String>) -> InputRef {
        InputRef::Unreadable {
            display: display.to_string(),
            reason: reason.into(),
        }
    }
}

/// Why an input could not be read or listed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("file too large (over the {limit}-byte limit)")]
    TooLarge { limit: u64 },
    #[error("not a readable zip archive: {0}")]
    Zip(String),
    #[error(
        "zip entry decompresses {ratio}x its compressed size (limit {limit}x): possible zip bomb"
    )]
    Ratio { ratio: u64, limit: u64 },
    #[error("archive decompresses to more than {limit} bytes in all: possible zip bomb")]
    ArchiveTooLarge { limit: u64 },
    /// Found while listing inputs (an unsafe zip entry name, an unreadable
    /// folder, a link out of the imported folder).
    #[error("{0}")]
    Refused(String),
}

/// Lists the inputs under `paths` in natural order. Named files are always
/// inputs (a named link is followed wherever it points); inside folders only
/// files with one of the [`READ_EXTENSIONS`] are, and links to files inside
/// the named folder (see `walk` for links). A file reached twice (by its
/// path and through a link) is listed once.
/// Returns the inputs and how many other files were ignored.
pub fn collect_inputs(paths: &[PathBuf], limits: &Limits) -> (Vec<InputRef>, u64) {
    let mut found = Vec::new();
    let mut ignored = 0;
    for path in paths {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let mut walk = walk::Walk::new(&path, limits);
                walk.dir(&path);
                ignored += walk.ignored;
                found.extend(walk.found);
            }
            Ok(meta) => add_file(&path, meta.len(), limits, &mut found),
            Err(e) => found.push(InputRef::unreadable(
                path.display(),
                format!("cannot read: {e}"),
            )),
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|input| match input {
        InputRef::File { path, .. } => seen.insert(path.clone()),
        _ => true,
    });
    (found, ignored)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn add_file(path: &Path, bytes: u64, limits: &Limits, found: &mut Vec<InputRef>) {
    if extension(path) == "zip" {
        zip_list::list_zip(path, limits, found);
    } else {
        found.push(InputRef::File {
            path: path.to_path_buf(),
            bytes,
        });
    }
}

/// Reads inputs one after another, keeping the last zip archive open.
pub struct InputReader {
    limits: Limits,
    open_archive: Option<(PathBuf, zip::ZipArchive<File>)>,
}

impl InputReader {
    pub fn new(limits: Limits) -> InputReader {
        InputReader {
            limits,
            open_archive: None,
        }
    }

    /// Reads an input's bytes, enforcing the limits whatever sizes the file
    /// or archive claims.
    pub fn read(&mut self, input: &InputRef) -> Result<Vec<u8>, InputError> {
        let limit = self.limits.max_file_bytes;
        match input {
            InputRef::File { path, .. } => read_capped(File::open(path)?, limit),
            InputRef::ZipEntry { archive, index, .. } => {
                if self.open_archive.as_ref().is_none_or(|(p, _)| p != archive) {
                    let file = File::open(archive)?;
                    let zip =
                        zip::ZipArchive::new(file).map_err(|e| InputError::Zip(e.to_string()))?;
                    self.open_archive = Some((archive.clone(), zip));
                }
                let Some((_, zip)) = self.open_archive.as_mut() else {
                    return Err(InputError::Zip("archive not open".into()));
                };
                let entry = zip
                    .by_index(*index)
                    .map_err(|e| InputError::Zip(e.to_string()))?;
                let (size, compressed) = (entry.size(), entry.compressed_size().max(1));
                if size > 1 << 20 && size / compressed > self.limits.max_ratio {
                    return Err(InputError::Ratio {
                        ratio: size / compressed,
                        limit: self.limits.max_ratio,
                    });
                }
                read_capped(entry, limit)
            }
            InputRef::Unreadable { reason, .. } => Err(InputError::Refused(reason.clone())),
        }
    }
}

fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
