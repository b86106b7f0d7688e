//! The baseline: what any importer must pay to look at every byte once.
//!
//! Walk the corpus, read each file, hash it with SHA-256 and decode it to
//! text (byte-order mark, else UTF-8, else a chardetng guess decoded by
//! encoding_rs). No parsing and no writing. EPUBs (zips) are read and
//! hashed only.

use super::walk::{walk, InputFile};
use anyhow::{Context, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Instant;

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Utf8,
    /// A byte-order mark said UTF-16 (LE or BE).
    Utf16,
    /// Neither: chardetng guessed a legacy encoding.
    Legacy,
    /// An EPUB (a zip): read and hashed, not decoded.
    Binary,
}

/// One baseline pass.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub threads: usize,
    pub seconds: f64,
    pub files: u64,
    pub bytes: u64,
    /// Characters of decoded text (keeps the decoding from being optimised away).
    pub chars: u64,
    pub utf8: u64,
    pub utf16: u64,
    pub legacy: u64,
    /// EPUBs, read and hashed only.
    pub binary: u64,
}

impl Baseline {
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds
    }
}

/// Runs one pass over `roots` on `threads` threads.
pub fn run(roots: &[PathBuf], threads: usize) -> Result<Baseline> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start baseline threads")?;
    let start = Instant::now();
    let files = walk(roots)?;
    let per_file: Vec<(u64, u64, Decoded)> =
        pool.install(|| files.par_iter().map(read_one).collect::<Result<Vec<_>>>())?;
    let seconds = start.elapsed().as_secs_f64();
    let mut b = Baseline {
        threads,
        seconds,
        files: files.len() as u64,
        ..Baseline::default()
    };
    for (bytes, chars, how) in per_file {
        b.bytes += bytes;
        b.chars += chars;
        match how {
            Decoded::Utf8 => b.utf8 += 1,
            Decoded::Utf16 => b.utf16 += 1,
            Decoded::Legacy => b.legacy += 1,
            Decoded::Binary => b.binary += 1,
        }
    }
    Ok(b)
}

fn read_one(file: &InputFile) -> Result<(u64, u64, Decoded)> {
    let bytes = std::fs::read(&file.path)
        .with_context(|| format!("cannot read {}", file.path.display()))?;
    let hash = hex::encode(Sha256::digest(&bytes));
    std::hint::black_box(hash);
    if file.path.extension().is_some_and(|e| e == "epub") {
        return Ok((bytes.len() as u64, 0, Decoded::Binary));
    }
    let (text, how) = decode(&bytes);
    let chars = text.chars().count() as u64;
    Ok((bytes.len() as u64, chars, how))
}

/// Decodes a text file the way an importer must.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Decoded) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let how = if encoding == encoding_rs::UTF_8 {
            Decoded::Utf8
        } else {
            Decoded::Utf16
        };
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text, how);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), Decoded::Utf8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text, Decoded::Legacy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_kind() {
        assert_eq!(decode(b"plain").1, Decoded::Utf8);
        let (text, how) = decode(b"\xFF\xFEh\x00i\x00");
        assert_eq!((text.as_ref(), how), ("hi", Decoded::Utf16));
        let (text, how) = decode(b"\x93Hi there,\x94 she said, \x93it\x92s late.\x94");
        assert_eq!(how, Decoded::Legacy);
        assert!(text.starts_with('“'), "{text}");
    }
}
