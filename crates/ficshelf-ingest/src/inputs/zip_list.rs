//! Listing the story files of a zip archive.
//!
//! An entry whose name could climb out of wherever the archive is read —
//! an absolute name (`/etc/x.txt`, `\x.txt`, `C:x.txt`), a `..` part, a NUL —
//! is refused with its reason and the rest of the archive is read. This is
//! checked by hand: the zip crate's `enclosed_name` accepts an absolute
//! name (it drops the leading `/`), and its answer carries no reason.

use super::{extension, is_hidden, natural_cmp, InputError, InputRef, Limits, TEXT_EXTENSIONS};
use std::fs::File;
use std::path::Path;

/// Why a zip entry name is unsafe, or `None` when it stays inside the archive.
pub(super) fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    if name.contains('\0') {
        return Some("unsafe entry name in zip (a NUL character)");
    }
    let drive = name.as_bytes().get(1) == Some(&b':')
        && name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if name.starts_with(['/', '\\']) || drive {
        return Some("unsafe entry name in zip (an absolute path)");
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Some("unsafe entry name in zip (a .. part)");
    }
    None
}

pub(super) fn list_zip(path: &Path, limits: &Limits, found: &mut Vec<InputRef>) {
    let archive = File::open(path)
        .map_err(InputError::from)
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| InputError::Zip(e.to_string())));
    let mut archive = match archive {
        Ok(a) => a,
        Err(e) => return found.push(InputRef::unreadable(path.display(), e.to_string())),
    };
    let mut entries = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = match archive.by_index_raw(index) {
            Ok(e) => e,
            Err(e) => {
                let reason = format!("not a readable zip archive: {e}");
                return found.push(InputRef::unreadable(path.display(), reason));
            }
        };
        if entry.is_dir() {
            continue;
        }
        let raw_name = entry.name().to_string();
        if let Some(reason) = unsafe_entry_name(&raw_name) {
            let display = format!("{}!/{}", path.display(), raw_name);
            found.push(InputRef::unreadable(display, reason));
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
        let limit = limits.max_archive_bytes;
        let reason = InputError::ArchiveTooLarge { limit }.to_string();
        return found.push(InputRef::unreadable(path.display(), reason));
    }
    entries.sort_by(|a, b| natural_cmp(&a.display(), &b.display()));
    found.extend(entries);
}
