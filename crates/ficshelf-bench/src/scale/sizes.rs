//! Library sizes (`10k,100k,1m`), what each needs on disk, and the
//! machine facts recorded beside a run (free disk, load average).

use crate::corpus::Length;
use anyhow::{bail, Context, Result};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// From this many works on, sizes use short works.
pub const SHORT_FROM: u64 = 1_000_000;

/// Bytes a work of each length takes in the corpus (measured on seed 42:
/// 973 MB for 10,000 standard works; short works ~6.5 KB).
const CORPUS_BYTES_PER_WORK: [(Length, u64); 2] =
    [(Length::Standard, 100_000), (Length::Short, 7_000)];
/// The library (store and index) and the FTS5 copy, as a multiple of the
/// corpus, with a margin.
const LIBRARY_AND_FTS5_PER_CORPUS: f64 = 2.5;

/// One size to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// As given (`100k`); names the size's folder.
    pub label: String,
    pub works: u64,
}

impl Size {
    /// The works' length: short from [`SHORT_FROM`] works on, or when asked.
    pub fn length(&self, short_works: bool) -> Length {
        if short_works || self.works >= SHORT_FROM {
            Length::Short
        } else {
            Length::Standard
        }
    }

    /// Bytes of disk the size needs at its peak: the corpus (unless it is
    /// already there), the library and the FTS5 database.
    pub fn disk_needed(&self, length: Length, with_corpus: bool) -> u64 {
        let per_work = CORPUS_BYTES_PER_WORK
            .iter()
            .find(|(l, _)| *l == length)
            .map_or(100_000, |(_, bytes)| *bytes);
        let corpus = self.works * per_work;
        let rest = (corpus as f64 * LIBRARY_AND_FTS5_PER_CORPUS) as u64;
        if with_corpus {
            corpus + rest
        } else {
            rest
        }
    }
}

/// Parses `10k,100k,1m` (also plain numbers, `2.5k`).
pub fn parse_sizes(text: &str) -> Result<Vec<Size>> {
    let mut sizes = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let lower = part.to_ascii_lowercase();
        let (number, multiplier) = match lower.as_bytes().last() {
            Some(b'k') => (&lower[..lower.len() - 1], 1_000.0),
            Some(b'm') => (&lower[..lower.len() - 1], 1_000_000.0),
            _ => (lower.as_str(), 1.0),
        };
        let value: f64 = number
            .parse()
            .with_context(|| format!("size {part:?} is not a number of works (10k, 100k, 1m)"))?;
        let works = (value * multiplier).round();
        if !(1.0..=1e9).contains(&works) {
            bail!("size {part:?} is out of range (1 to 1,000,000,000 works)");
        }
        if sizes.iter().any(|s: &Size| s.label == lower) {
            bail!("size {part:?} given twice");
        }
        sizes.push(Size {
            label: lower.clone(),
            works: works as u64,
        });
    }
    if sizes.is_empty() {
        bail!("no size in {text:?}");
    }
    Ok(sizes)
}

/// A size's label for an existing library of `works` works, rounded the
/// way sizes are written (`99,987` → `100k`, `1,000,412` → `1m`).
pub fn label_of(works: u64) -> String {
    if works >= SHORT_FROM && works % SHORT_FROM < SHORT_FROM / 1_000 {
        format!("{}m", works / SHORT_FROM)
    } else if works >= 1_000 {
        format!("{}k", (works as f64 / 1_000.0).round())
    } else {
        works.to_string()
    }
}

/// Bytes free for an unprivileged user on the file system holding `dir`.
pub fn free_bytes(dir: &Path) -> Result<u64> {
    let path = CString::new(dir.as_os_str().as_bytes())
        .with_context(|| format!("{} has a NUL byte", dir.display()))?;
    // SAFETY: `statvfs` is plain data the call fills in; zeroes are valid.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a pointer to a live local.
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
    if rc != 0 {
        bail!(
            "cannot read free space of {}: {}",
            dir.display(),
            std::io::Error::last_os_error()
        );
    }
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// Bytes of all files under `path` (0 for what cannot be read).
pub fn tree_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| tree_bytes(&entry.path()))
        .sum()
}

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`), as text.
pub fn load_average() -> String {
    match std::fs::read_to_string("/proc/loadavg") {
        Ok(text) => text
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        Err(err) => format!("unknown ({err})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_existing_libraries_by_their_works() {
        assert_eq!(label_of(99_987), "100k");
        assert_eq!(label_of(10_000), "10k");
        assert_eq!(label_of(1_000_412), "1m");
        assert_eq!(label_of(1_500_000), "1500k");
        assert_eq!(label_of(640), "640");
    }

    #[test]
    fn parses_sizes() {
        let sizes = parse_sizes("10k, 100K,1m,200").expect("sizes");
        let works: Vec<u64> = sizes.iter().map(|s| s.works).collect();
        assert_eq!(works, [10_000, 100_000, 1_000_000, 200]);
        assert_eq!(sizes[1].label, "100k");
        assert_eq!(sizes[2].length(false), Length::Short);
        assert_eq!(sizes[0].length(false), Length::Standard);
        assert_eq!(sizes[0].length(true), Length::Short);
        assert!(parse_sizes("lots").is_err());
        assert!(parse_sizes("0").is_err());
        assert!(parse_sizes("1k,1K").is_err());
    }

    #[test]
    fn estimates_disk() {
        let size = Size {
            label: "1m".into(),
            works: 1_000_000,
        };
        let with = size.disk_needed(Length::Short, true);
        assert!((20_000_000_000..30_000_000_000).contains(&with), "{with}");
        assert!(size.disk_needed(Length::Short, false) < with);
    }

    #[test]
    fn reads_machine_facts() {
        assert!(free_bytes(Path::new("/")).expect("statvfs") > 0);
        assert_eq!(load_average().split(' ').count(), 3);
    }
}
