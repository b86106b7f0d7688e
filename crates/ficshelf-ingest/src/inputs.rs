//! Finding and reading input files: files, folders (recursively) and zip
//! archives, with limits so that huge or hostile inputs cannot exhaust memory.
//!
//! Public items: [`collect_inputs`] lists what a set of paths holds, as
//! [`InputRef`]s in a stable natural order; [`InputReader`] reads them one by
//! one (keeping the current zip archive open); [`InputError`] says why one
//! could not be read; [`Limits`] bounds sizes.

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
/// read, and PDF so that it is reported as refused rather than ignored.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "xhtml", "epub", "mobi", "azw3", "azw", "prc", "pdf",
];

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
    /// Found while listing inputs (an unsafe zip entry name, an unreadable folder).
    #[error("{0}")]
    Refused(String),
}

/// Lists the inputs under `paths` in natural order. Named files are always
/// inputs; inside folders only `.txt`/`.text`/`.html`/`.htm`/`.xhtml`/`.epub`,
/// `.mobi`/`.azw3`/`.azw`/`.prc` and `.pdf` files (an `.epub` is one input,
/// not an archive to walk; a `.pdf` is listed to be refused with its
/// reason) and `.zip` archives are.
/// Returns the inputs and how many other files were ignored.
pub fn collect_inputs(paths: &[PathBuf], limits: &Limits) -> (Vec<InputRef>, u64) {
    let mut found = Vec::new();
    let mut ignored = 0;
    for path in paths {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(&path, limits, &mut found, &mut ignored),
            Ok(meta) => add_file(&path, meta.len(), limits, &mut found),
            Err(e) => found.push(InputRef::Unreadable {
                display: path.display().to_string(),
                reason: format!("cannot read: {e}"),
            }),
        }
    }
    (found, ignored)
}

fn walk_dir(dir: &Path, limits: &Limits, found: &mut Vec<InputRef>, ignored: &mut u64) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.push(InputRef::Unreadable {
                display: dir.display().to_string(),
                reason: format!("cannot list folder: {e}"),
            });
            return;
        }
    };
    let mut children: Vec<(PathBuf, std::io::Result<std::fs::Metadata>)> = entries
        .filter_map(|e| match e {
            Ok(e) => Some((e.path(), e.metadata())),
            Err(_) => None,
        })
        .filter(|(p, _)| !is_hidden(p))
        .collect();
    children.sort_by(|a, b| natural_cmp(&a.0.to_string_lossy(), &b.0.to_string_lossy()));
    for (path, meta) in children {
        match meta {
            // Symlinks are followed only if they point at files; metadata()
            // from read_dir does not follow them, so a linked folder is skipped
            // and cycles cannot happen.
            Ok(meta) if meta.is_dir() => walk_dir(&path, limits, found, ignored),
            Ok(meta) if meta.is_file() => {
                let ext = extension(&path);
                if ext == "zip" || TEXT_EXTENSIONS.contains(&ext.as_str()) {
                    add_file(&path, meta.len(), limits, found);
                } else {
                    *ignored += 1;
                }
            }
            Ok(_) => *ignored += 1,
            Err(e) => found.push(InputRef::Unreadable {
                display: path.display().to_string(),
                reason: format!("cannot read: {e}"),
            }),
        }
    }
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
        list_zip(path, limits, found);
    } else {
        found.push(InputRef::File {
            path: path.to_path_buf(),
            bytes,
        });
    }
}

fn list_zip(path: &Path, limits: &Limits, found: &mut Vec<InputRef>) {
    let unreadable = |reason: String| InputRef::Unreadable {
        display: path.display().to_string(),
        reason,
    };
    let archive = File::open(path)
        .map_err(InputError::from)
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| InputError::Zip(e.to_string())));
    let mut archive = match archive {
        Ok(a) => a,
        Err(e) => return found.push(unreadable(e.to_string())),
    };
    let mut entries = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = match archive.by_index_raw(index) {
            Ok(e) => e,
            Err(e) => return found.push(unreadable(format!("not a readable zip archive: {e}"))),
        };
        if entry.is_dir() {
            continue;
        }
        let raw_name = entry.name().to_string();
        let display = format!("{}!/{}", path.display(), raw_name);
        if entry.enclosed_name().is_none() {
            found.push(InputRef::Unreadable {
                display,
                reason: "unsafe entry name in zip (absolute or with ..)".into(),
            });
            continue;
        }
        let inner = Path::new(&raw_name);
        if is_hidden(inner) || !TEXT_EXTENSIONS.contains(&extension(inner).as_str()) {
            continue;
        }
        total = total.saturating_add(entry.size());
        entries.push(InputRef::ZipEntry {
            archive: path.to_path_buf(),
            index,
            name: raw_name,
            bytes: entry.size(),
        });
    }
    if total > limits.max_archive_bytes {
        return found.push(unreadable(
            InputError::ArchiveTooLarge {
                limit: limits.max_archive_bytes,
            }
            .to_string(),
        ));
    }
    entries.sort_by(|a, b| natural_cmp(&a.display(), &b.display()));
    found.extend(entries);
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
mod ebook_extension_tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn folders_and_zips_list_mobi_kinds_and_pdf() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "a.mobi", "b.AZW3", "c.azw", "d.prc", "e.pdf", "f.jpg", "g.docx",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        let mut zip = zip::ZipWriter::new(File::create(dir.path().join("h.zip")).expect("zip"));
        for name in ["inner.azw3", "inner.pdf", "cover.jpg"] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.write_all(b"x").expect("write");
        }
        zip.finish().expect("finish");
        let (found, ignored) = collect_inputs(&[dir.path().to_path_buf()], &Limits::default());
        let names: Vec<String> = found.iter().map(InputRef::file_name).collect();
        assert_eq!(
            names,
            [
                "a.mobi",
                "b.AZW3",
                "c.azw",
                "d.prc",
                "e.pdf",
                "inner.azw3",
                "inner.pdf"
            ]
        );
        assert_eq!(ignored, 2, "f.jpg and g.docx");
    }
}
